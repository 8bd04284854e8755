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
    /// For a full address on the site itself (`https://bhxh.example.vn/bhxh/tin-tuc/a/#x`, the
    /// host and base path of `base_url`, http or https), the site path to check it as
    /// ("/tin-tuc/a/#x"); `None` for any other address.
    fn own_path(&self, _dest: &str) -> Option<String> {
        None
    }
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
    /// The portrait version shown on phones held upright (`image_portrait`), if any.
    pub portrait: Option<crate::images::PortraitSet>,
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

/// [`Resolver::own_path`] for a site at `base_url`.
pub fn own_path(base_url: &str, dest: &str) -> Option<String> {
    let after_scheme = |url: &str| -> Option<(String, String)> {
        let (scheme, rest) = url.split_once("://")?;
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return None;
        }
        let (host, path) = rest.find(['/', '?', '#']).map_or((rest, ""), |at| rest.split_at(at));
        Some((host.to_ascii_lowercase(), path.to_string()))
    };
    let (site_host, base) = after_scheme(base_url.trim())?;
    let (host, path) = after_scheme(dest.trim())?;
    if host != site_host || host.is_empty() {
        return None;
    }
    let base = base.trim_end_matches('/');
    let rest = path.strip_prefix(base)?;
    match rest.chars().next() {
        None => Some("/".to_string()),
        Some('/') => Some(rest.to_string()),
        Some('#' | '?') => Some(format!("/{rest}")),
        Some(_) => None,
    }
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
    let (class, sizes, srcset, webp_srcset, portrait) = ("", "", None, None, None);
    Picture { src, srcset, webp_srcset, width, height, alt, title, class, sizes, loading, portrait }.html()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sites_own_full_addresses_become_paths() {
        let base = "https://bhxh.example.vn/bhxh";
        assert_eq!(own_path(base, "https://BHXH.example.vn/bhxh/tin-tuc/a/#y").as_deref(), Some("/tin-tuc/a/#y"));
        assert_eq!(own_path(base, "http://bhxh.example.vn/bhxh").as_deref(), Some("/"));
        assert_eq!(own_path(base, "https://bhxh.example.vn/bhxhx/a/"), None);
        assert_eq!(own_path(base, "https://other.vn/bhxh/a/"), None);
        assert_eq!(
            own_path("https://bhxh.example.vn/", "https://bhxh.example.vn/tin-tuc/").as_deref(),
            Some("/tin-tuc/")
        );
        assert_eq!(own_path("https://bhxh.example.vn", "mailto:a@bhxh.example.vn"), None);
    }

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
