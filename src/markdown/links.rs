//! Link and image destinations: which ones the site resolves, which pass through, which are dangerous.

use crate::images::{Loading, Picture};
use crate::messages::Msg;

/// What a link or image destination resolves to; implemented by the site.
pub trait Resolver: Sync {
    /// `dest` is the destination as written, for internal links only (no scheme, not starting
    /// with '#', '//' or 'mailto:'/'tel:'), e.g. "bai-truoc.md", "../tin-tuc/x.md#phan-2",
    /// "/tin-tuc/x/". Returns the URL to write, or a Problem if it leads nowhere.
    fn link(&self, dest: &str) -> Result<String, Problem>;
    /// Same for image sources ("../infographic/a.png", "anh.jpg").
    fn image(&self, dest: &str) -> Result<ImageInfo, Problem>;
    /// The path part of the site's base URL ("" or "/bhxh"), for the URLs of image variants.
    fn base_path(&self) -> &str {
        ""
    }
    /// Whether the body's first image is the first thing a reader sees (the page has no
    /// cover above it), so it should load at once rather than lazily.
    fn first_image_eager(&self) -> bool {
        false
    }
    /// The infographic a `{{ infographic(path="...") }}` names (`dest` as written). `Ok(None)`
    /// when it exists but is not published in this build: the shortcode then shows nothing.
    fn infographic(&self, dest: &str) -> Result<Option<Embed>, Problem> {
        Err(Problem {
            message: crate::msg!("không có infographic `{dest}`", "there is no infographic `{dest}`"),
            hint: None,
        })
    }
}

/// What the infographic shortcode shows of an infographic.
pub struct Embed {
    /// Its page.
    pub url: String,
    pub title: String,
    /// The picture's short text alternative.
    pub alt: String,
    pub image: ImageInfo,
    /// The words of the link to its transcript, in the language of the page that embeds it.
    pub transcript_label: String,
}

/// Where an image is published and, when the site could read its header, its size.
pub struct ImageInfo {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The responsive variants of a PNG, JPEG or WebP image, written as a `<picture>`.
    pub responsive: Option<crate::images::Responsive>,
}

/// Why a destination leads nowhere, worded for the editor, with a hint on how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: Msg,
    pub hint: Option<Msg>,
}

/// How a destination is treated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Target {
    /// A page or file of the site: asked of the [`Resolver`].
    Internal,
    /// Another site, a fragment of this page, mail or phone: written as it is.
    External,
    /// A scheme that runs code or hides a document in the URL: never written.
    Dangerous,
}

/// Sorts a destination as a browser would read it.
pub(super) fn classify(dest: &str) -> Target {
    match scheme(dest) {
        Some(scheme) if scheme == "javascript" || scheme == "vbscript" => Target::Dangerous,
        Some(scheme) if scheme == "data" && !is_data_image(dest) => Target::Dangerous,
        Some(_) => Target::External,
        None if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") => Target::External,
        None => Target::Internal,
    }
}

/// Characters a browser ignores in a URL: tab and line breaks anywhere, so `java\tscript:`
/// still runs code.
fn is_ignored_in_url(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
}

/// The URL's characters as a browser sees them: leading spaces and control characters
/// trimmed, tabs and line breaks dropped.
fn url_chars(dest: &str) -> impl Iterator<Item = char> + '_ {
    dest.trim_start_matches(|c: char| c <= ' ').chars().filter(|&c| !is_ignored_in_url(c))
}

/// The lowercased scheme of a URL (`JavaScript:x` → `javascript`), or `None` for a relative URL.
pub(super) fn scheme(dest: &str) -> Option<String> {
    // Most destinations are paths of the site; they need no scan.
    if !dest.contains(':') {
        return None;
    }
    let mut scheme = String::new();
    for c in url_chars(dest) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            'a'..='z' | 'A'..='Z' => scheme.push(c.to_ascii_lowercase()),
            '0'..='9' | '+' | '-' | '.' if !scheme.is_empty() => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// `data:image/…` shows a picture and runs nothing, so it is the one `data:` URL allowed.
pub(super) fn is_data_image(dest: &str) -> bool {
    let mut chars = url_chars(dest);
    "data:image/".chars().all(|expected| chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&expected)))
}

/// An `<img>` without variants (SVG, GIF, external); `src` is `None` when the source was
/// dangerous and must not be written.
pub(super) fn image_html(
    src: Option<&str>,
    alt: &str,
    title: &str,
    width: Option<u32>,
    height: Option<u32>,
    eager: bool,
) -> String {
    let loading = if eager { Loading::Eager } else { Loading::Lazy };
    let (class, sizes, srcset, webp_srcset) = ("", "", None, None);
    Picture { src, srcset, webp_srcset, width, height, alt, title, class, sizes, loading }.html()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_rooted_paths_are_internal() {
        for dest in ["bai-truoc.md", "../tin-tuc/x.md#phan-2", "/tin-tuc/x/", "anh.jpg", "?trang=2"] {
            assert_eq!(classify(dest), Target::Internal, "{dest}");
        }
        // A colon after a slash is part of a path, not a scheme.
        assert_eq!(classify("./a:b.md"), Target::Internal);
    }

    #[test]
    fn schemes_fragments_and_protocol_relative_urls_pass_through() {
        for dest in [
            "https://baohiemxahoi.gov.vn",
            "http://x.vn/a",
            "mailto:hotro@vss.gov.vn",
            "tel:1900 9068",
            "#phan-2",
            "//cdn.example.vn/a.js",
            "zalo://chat",
            "data:image/png;base64,AAAA",
            "",
        ] {
            assert_eq!(classify(dest), Target::External, "{dest}");
        }
    }

    #[test]
    fn script_schemes_are_dangerous_however_written() {
        for dest in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert_eq!(classify(dest), Target::Dangerous, "{dest:?}");
        }
    }

    #[test]
    fn scheme_is_lowercased() {
        assert_eq!(scheme("HTTPS://x.vn").as_deref(), Some("https"));
        assert_eq!(scheme("a+b.c-d:x").as_deref(), Some("a+b.c-d"));
        assert_eq!(scheme("1http://x"), None);
        assert_eq!(scheme("bai.md"), None);
    }

    #[test]
    fn image_tag_has_size_and_lazy_loading() {
        assert_eq!(
            image_html(Some("/anh/a.png"), "Biểu đồ \"2024\"", "", Some(800), Some(600), false),
            "<img src=\"/anh/a.png\" alt=\"Biểu đồ &quot;2024&quot;\" width=\"800\" height=\"600\" \
             loading=\"lazy\" decoding=\"async\">"
        );
    }

    #[test]
    fn image_tag_without_size_or_source() {
        assert_eq!(
            image_html(None, "x", "Chú thích", None, None, false),
            "<img alt=\"x\" title=\"Chú thích\" loading=\"lazy\" decoding=\"async\">"
        );
    }
}

/// The same rules seen through whole bodies: what the resolver is asked and what the page gets.
#[cfg(test)]
mod resolution_tests {
    use crate::markdown::render::{render, Options, Rendered};
    use crate::markdown::testing::FakeSite;
    use crate::markdown::{BodyProblem, Severity};

    fn rendered(body: &str, first_line: usize) -> (Rendered, Vec<String>) {
        let site = FakeSite::default();
        let rendered = render(body, first_line, &site, &Options { allow_raw_html: false });
        (rendered, site.asked())
    }

    #[test]
    fn markdown_links_and_images_are_resolved() {
        let body = "[Bài trước](bai-truoc.md), [phần 2](../tin-tuc/x.md#phan-2 \"Phần 2\")\n\n\
                    ![Biểu đồ đóng BHXH](anh.jpg) ![Infographic](../infographic/a.png)\n";
        let (rendered, asked) = rendered(body, 1);
        assert_eq!(asked, ["bai-truoc.md", "../tin-tuc/x.md#phan-2", "anh.jpg", "../infographic/a.png"]);
        let html = &rendered.html;
        assert!(html.contains("<a href=\"/tin-tuc/bai-truoc/\">Bài trước</a>"), "{html}");
        assert!(html.contains("<a href=\"/tin-tuc/x/#phan-2\" title=\"Phần 2\">phần 2</a>"), "{html}");
        assert!(html.contains(
            "<img src=\"/anh/anh.jpg\" alt=\"Biểu đồ đóng BHXH\" width=\"800\" height=\"600\" loading=\"lazy\" \
             decoding=\"async\">"
        ));
        assert!(
            html.contains("<img src=\"/infographic/a.png\" alt=\"Infographic\" loading=\"lazy\" decoding=\"async\">")
        );
        assert!(rendered.problems.is_empty(), "{:?}", rendered.problems);
    }

    #[test]
    fn reference_links_are_resolved_too() {
        let (rendered, asked) = rendered("Xem [bài trước][1].\n\n[1]: bai-truoc.md\n", 1);
        assert_eq!(asked, ["bai-truoc.md"]);
        assert!(rendered.html.contains("<a href=\"/tin-tuc/bai-truoc/\">bài trước</a>"));
    }

    #[test]
    fn dead_link_is_an_error_at_its_file_position() {
        let body = "Đoạn đầu.\n\nĐọc thêm [bài cũ](khong-co.md) nhé.\n";
        let (rendered, _) = rendered(body, 5);
        assert_eq!(
            rendered.problems,
            [BodyProblem {
                line: 7,
                col: 10,
                severity: Severity::Error,
                message: "link to `khong-co.md` leads to no page".into(),
                hint: Some("check the file name".into()),
            }]
        );
        // The editor sees in the page what they wrote.
        assert!(rendered.html.contains("<a href=\"khong-co.md\">bài cũ</a>"));
    }

    #[test]
    fn missing_image_is_an_error_and_keeps_its_source() {
        let (rendered, _) = rendered("Ảnh:\n  ![Sơ đồ](so-do.png)\n", 1);
        let problem = rendered.problems.first().map(|p| (p.line, p.col, p.severity.clone()));
        assert_eq!(problem, Some((2, 3, Severity::Error)));
        assert!(rendered.html.contains("<img src=\"so-do.png\" alt=\"Sơ đồ\" loading=\"lazy\""));
    }

    #[test]
    fn external_links_pass_through_untouched() {
        let body = "[a](https://baohiemxahoi.gov.vn/x?a=1&b=2) [b](mailto:hotro@vss.gov.vn) [c](tel:19009068) \
                    [d](#phan-2) [e](//cdn.vss.gov.vn/a.pdf) <https://dichvucong.gov.vn> <hotro@vss.gov.vn> \
                    ![f](https://x.vn/a.png)\n";
        let (rendered, asked) = rendered(body, 1);
        assert!(asked.is_empty(), "resolver asked about {asked:?}");
        let html = &rendered.html;
        for href in [
            "https://baohiemxahoi.gov.vn/x?a=1&amp;b=2",
            "mailto:hotro@vss.gov.vn",
            "tel:19009068",
            "#phan-2",
            "//cdn.vss.gov.vn/a.pdf",
            "https://dichvucong.gov.vn",
        ] {
            assert!(html.contains(&format!("href=\"{href}\"")), "{href} missing in {html}");
        }
        assert!(html.contains("<img src=\"https://x.vn/a.png\" alt=\"f\""));
        assert!(rendered.problems.is_empty());
    }

    #[test]
    fn links_in_raw_html_are_not_resolved() {
        for allow_raw_html in [false, true] {
            let site = FakeSite::default();
            let html = render("<a href=\"bai-truoc.md\">x</a>\n", 1, &site, &Options { allow_raw_html }).html;
            assert!(site.asked().is_empty());
            assert_eq!(html, "<p><a href=\"bai-truoc.md\">x</a></p>\n");
        }
    }

    #[test]
    fn image_without_alt_is_an_error_naming_the_decorative_marker() {
        let (rendered, _) = rendered("Trên.\n\n![](anh.jpg)\n", 3);
        assert_eq!(rendered.problems.len(), 1);
        let p = &rendered.problems[0];
        assert_eq!((p.line, p.col, p.severity.clone()), (5, 1, Severity::Error));
        assert_eq!(p.message.en, "image `anh.jpg` has no alt text");
        assert!(p.hint.as_ref().unwrap().vi.contains("![](anh.jpg \"trang trí\")"));
    }

    #[test]
    fn decorative_image_has_empty_alt_and_no_title() {
        for marker in ["trang trí", "decorative", "Trang trí"] {
            let (rendered, _) = rendered(&format!("![](anh.jpg \"{marker}\")\n"), 1);
            assert!(rendered.problems.is_empty(), "{marker}: {:?}", rendered.problems);
            assert!(rendered.html.contains("<img src=\"/anh/anh.jpg\" alt=\"\" width=\"800\""), "{}", rendered.html);
            assert!(!rendered.html.contains("title="));
        }
    }

    #[test]
    fn alt_text_is_the_text_of_the_image_escaped() {
        let (rendered, _) = rendered("![Tỷ lệ *đóng* \"22%\" <b>](anh.jpg)\n", 1);
        assert!(rendered.html.contains("alt=\"Tỷ lệ đóng &quot;22%&quot;\""), "{}", rendered.html);
        assert!(rendered.problems.is_empty());
    }

    #[test]
    fn script_image_source_is_dropped_and_reported() {
        let site = FakeSite::default();
        let html = render("![x](javascript:alert(1))\n", 1, &site, &Options { allow_raw_html: true }).html;
        assert_eq!(html, "<p><img alt=\"x\" loading=\"lazy\" decoding=\"async\"></p>\n");
        let (rendered, _) = rendered("![x](javascript:alert(1)) ![y](data:image/png;base64,AAAA)\n", 1);
        assert_eq!(rendered.problems.len(), 1);
        assert!(rendered.html.contains("<img src=\"data:image/png;base64,AAAA\" alt=\"y\""), "{}", rendered.html);
    }
}
