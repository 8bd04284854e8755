//! Rendering one body: parse, rewrite the events for loa, write HTML, sanitise when needed.
//!
//! The events are rewritten in one pass (heading ids, resolved links, images with their size,
//! highlighted code, table alignment as classes) and handed to pulldown-cmark's own writer, so
//! everything loa does not change is written exactly as CommonMark says.

use std::sync::OnceLock;

use pulldown_cmark::{Event, Parser, Tag};
use syntect::parsing::SyntaxSet;

use super::headings::{Heading, HeadingIds};
use super::highlight::shared_syntaxes;
use super::links::{classify, Resolver, Target};
use super::problems::{locate, BodyProblem, Found, Severity};
use super::rewrite::Rewriter;
use super::sanitize::sanitise;
use crate::messages::Msg;

/// How a site wants its bodies rendered.
pub struct Options {
    /// false = sanitise raw HTML: pages that contain any go through ammonia. true is for sites
    /// whose every editor is trusted; their raw HTML is written as it is.
    pub allow_raw_html: bool,
}

/// A rendered body and what the site needs to know about it.
#[derive(Clone)]
pub struct Rendered {
    pub html: String,
    /// Every heading in order, for a table of contents.
    pub headings: Vec<Heading>,
    pub problems: Vec<BodyProblem>,
    /// The body has a code block: the page should link the theme's `highlight.css`.
    pub has_code: bool,
    /// The visible text, words separated by single spaces, for search and summaries.
    pub plain_text: String,
    pub word_count: usize,
    /// The links with a `#fragment`, for the site to check once every page's ids are known.
    pub fragments: Vec<FragmentLink>,
}

/// A link to a fragment of a page: `[x](#muc-2)`, `[x](bai.md#muc-2)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FragmentLink {
    pub line: usize,
    pub col: usize,
    /// The destination as written.
    pub dest: String,
    /// The URL of the page linked to (with the base path), or "" for the page itself.
    pub page: String,
    /// Without the '#'.
    pub fragment: String,
}

/// Renders a Markdown body. `first_line` is the file line of the body's first line, so that
/// problems point into the whole file, front matter included.
pub fn render(body: &str, first_line: usize, resolver: &dyn Resolver, options: &Options) -> Rendered {
    render_with(body, first_line, resolver, options, shared_syntaxes())
}

/// [`render`] with the syntax set to load code grammars into, so tests can watch it stay empty.
pub(super) fn render_with(
    body: &str,
    first_line: usize,
    resolver: &dyn Resolver,
    options: &Options,
    syntaxes: &OnceLock<SyntaxSet>,
) -> Rendered {
    let parser_options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<_> = Parser::new_ext(body, parser_options).into_offset_iter().collect();

    // Explicit ids anywhere in the page are known before the first automatic id is made.
    let mut ids = HeadingIds::default();
    let mut has_unsafe_markup = false;
    for (event, _) in &events {
        match event {
            Event::Start(Tag::Heading { id, attrs, .. }) => {
                if let Some(id) = id {
                    ids.reserve(id);
                }
                // `{onclick=…}` after a heading becomes an attribute: raw HTML by another name.
                has_unsafe_markup |= !attrs.is_empty();
            }
            Event::Start(Tag::FootnoteDefinition(name)) => ids.reserve(name),
            Event::Html(_) | Event::InlineHtml(_) => has_unsafe_markup = true,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                has_unsafe_markup |= classify(dest_url) == Target::Dangerous;
            }
            _ => {}
        }
    }

    // What would be printed as text or dropped without a word: reported at its place.
    let code: Vec<std::ops::Range<usize>> = events
        .iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, range)| range.clone())
        .collect();
    let mut literal = super::literal::find(body, &code);
    if !options.allow_raw_html {
        for (event, range) in &events {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                super::literal::dropped_tags(html, range.start, &super::sanitize::keeps_tag, &mut literal);
            }
        }
    }

    let mut rewriter = Rewriter::new(resolver, syntaxes, ids, body.len(), events.len());
    rewriter.found.extend(literal);
    // Paragraphs that are only an infographic shortcode, by their start offset.
    if body.contains("{{") {
        for (event, range) in &events {
            if let Event::Start(Tag::Paragraph) = event {
                if let Some(parsed) = super::shortcode::parse(&body[range.clone()]) {
                    rewriter.shortcodes.insert(range.start, parsed);
                }
            }
        }
    }
    for (event, range) in events {
        rewriter.event(event, range.start);
    }

    let mut html = String::with_capacity(body.len() * 3 / 2 + 64);
    pulldown_cmark::html::push_html(&mut html, rewriter.out.into_iter());
    if has_unsafe_markup && !options.allow_raw_html {
        html = sanitise(&html);
    }
    let (plain_text, word_count) = rewriter.plain.finish();
    let fragments = fragment_links(body, first_line, rewriter.fragments);
    Rendered {
        html,
        fragments,
        headings: rewriter.headings,
        problems: locate(body, first_line, rewriter.found),
        has_code: rewriter.has_code,
        plain_text,
        word_count,
    }
}

/// The recorded fragment links, placed at their file line and column.
fn fragment_links(body: &str, first_line: usize, found: Vec<(usize, String, String, String)>) -> Vec<FragmentLink> {
    let at: Vec<Found> = found
        .iter()
        .map(|(offset, ..)| Found {
            offset: *offset,
            severity: Severity::Error,
            message: Msg::new(String::new(), String::new()),
            hint: None,
        })
        .collect();
    locate(body, first_line, at)
        .into_iter()
        .zip(found)
        .map(|(place, (_, page, fragment, dest))| FragmentLink {
            line: place.line,
            col: place.col,
            dest,
            page,
            fragment,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::highlight::shared_syntaxes_loaded;
    use crate::markdown::testing::FakeSite;
    use crate::markdown::Severity;

    const SANITISE: Options = Options { allow_raw_html: false };
    const RAW_HTML: Options = Options { allow_raw_html: true };

    fn html_of(body: &str, options: &Options) -> String {
        render(body, 1, &FakeSite::default(), options).html
    }

    #[test]
    fn headings_get_vietnamese_slugs_numbered_when_repeated() {
        let body = "# Hướng dẫn đóng BHXH\n\n## Hỏi đáp\n\n## Hỏi *đáp*\n\n### !!!\n";
        let rendered = render(body, 1, &FakeSite::default(), &SANITISE);
        assert!(rendered.html.contains("<h1 id=\"huong-dan-dong-bhxh\">Hướng dẫn đóng BHXH</h1>"));
        assert!(rendered.html.contains("<h2 id=\"hoi-dap\">Hỏi đáp</h2>"));
        assert!(rendered.html.contains("<h2 id=\"hoi-dap-1\">Hỏi <em>đáp</em></h2>"));
        let headings: Vec<_> = rendered.headings.iter().map(|h| (h.level, h.id.as_str(), h.text.as_str())).collect();
        assert_eq!(
            headings,
            [
                (1, "huong-dan-dong-bhxh", "Hướng dẫn đóng BHXH"),
                (2, "hoi-dap", "Hỏi đáp"),
                (2, "hoi-dap-1", "Hỏi đáp"),
                (3, "muc", "!!!")
            ]
        );
    }

    #[test]
    fn explicit_heading_id_is_kept_and_never_taken_by_an_earlier_heading() {
        let rendered = render("## Liên hệ\n\n## Gọi cho chúng tôi {#lien-he}\n", 1, &FakeSite::default(), &SANITISE);
        let ids: Vec<_> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["lien-he-1", "lien-he"]);
        assert!(rendered.html.contains("<h2 id=\"lien-he\">Gọi cho chúng tôi</h2>"));
        assert!(rendered.problems.is_empty());
    }

    #[test]
    fn explicit_id_written_twice_is_a_warning_on_its_line() {
        let rendered = render("## A {#x}\n\n## B {#x}\n", 10, &FakeSite::default(), &SANITISE);
        assert_eq!(rendered.problems.len(), 1);
        assert_eq!((rendered.problems[0].line, rendered.problems[0].severity.clone()), (12, Severity::Warning));
    }

    #[test]
    fn gfm_extensions_are_rendered() {
        let body = "| Mức | Tỷ lệ |\n|:---|---:|\n| A | 22% |\n\n~~cũ~~\n\n- [x] xong\n- [ ] chưa\n\nXem[^nguon].\n\n[^nguon]: BHXH.\n";
        let html = html_of(body, &SANITISE);
        assert!(html.contains("<th class=\"align-left\">Mức</th><th class=\"align-right\">Tỷ lệ</th>"), "{html}");
        assert!(html.contains("<td class=\"align-left\">A</td><td class=\"align-right\">22%</td>"), "{html}");
        assert!(!html.contains("style="));
        assert!(html.contains("<del>cũ</del>"));
        assert!(html.contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\nxong"), "{html}");
        assert!(html.contains("<input disabled=\"\" type=\"checkbox\"/>\nchưa"));
        assert!(html.contains("<sup class=\"footnote-reference\"><a href=\"#nguon\">1</a></sup>"), "{html}");
        assert!(html.contains("<div class=\"footnote-definition\" id=\"nguon\">"));
    }

    #[test]
    fn smart_punctuation_is_off() {
        assert_eq!(html_of("\"Quy định\" -- mới...", &SANITISE), "<p>\"Quy định\" -- mới...</p>\n");
    }

    #[test]
    fn fenced_code_is_highlighted_and_flagged() {
        let rendered = render("```rust\nlet x = 1;\n```\n", 1, &FakeSite::default(), &SANITISE);
        assert!(rendered.has_code);
        assert!(rendered.html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-"));
        assert!(rendered.html.contains("<span class=\"hl-storage hl-type hl-rust\">let</span>"), "{}", rendered.html);
        assert!(shared_syntaxes_loaded());
    }

    #[test]
    fn pages_without_fenced_language_never_load_syntaxes() {
        let syntaxes = OnceLock::new();
        let site = FakeSite::default();
        let prose = render_with("# Tin\n\nKhông có mã `x`.\n", 1, &site, &SANITISE, &syntaxes);
        assert!(!prose.has_code);
        let plain = render_with("```\na < b\n```\n\n    thụt lề\n", 1, &site, &SANITISE, &syntaxes);
        assert!(plain.has_code);
        assert!(plain.html.contains("<pre class=\"code\"><code>a &lt; b\n</code></pre>"));
        assert!(syntaxes.get().is_none());
        render_with("```sh\nls\n```\n", 1, &site, &SANITISE, &syntaxes);
        assert!(syntaxes.get().is_some());
    }

    #[test]
    fn raw_html_and_script_links_are_removed_when_sanitising() {
        let body = "<script>alert(1)</script>\n\nẢnh <img src=x onerror=alert(1)> và [x](javascript:alert(1)).\n";
        let html = html_of(body, &SANITISE);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert"), "{html}");
        assert!(html.contains("<img src=\"x\">"), "{html}");
        assert!(html.contains("<a>x</a>"), "{html}");
    }

    #[test]
    fn raw_html_is_kept_when_allowed_but_script_links_are_not() {
        let body = "<script>alert(1)</script>\n\nẢnh <img src=x onerror=alert(1)> và [x](javascript:alert(1)).\n";
        let html = html_of(body, &RAW_HTML);
        assert!(html.contains("<script>alert(1)</script>"), "{html}");
        assert!(html.contains("<img src=x onerror=alert(1)>"), "{html}");
        assert!(html.contains("<a>x</a>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn obfuscated_and_autolinked_scripts_do_not_survive() {
        for body in [
            "[x](JaVaScRiPt:alert(1))",
            "[x](<\tjavascript:alert(1)>)",
            "<javascript:alert(1)>",
            "[x](&#106;avascript:alert(1))",
        ] {
            for options in [&SANITISE, &RAW_HTML] {
                // The link text may still read "javascript:…"; what must go is the href.
                let html = html_of(body, options);
                assert!(html.contains("<a>") && !html.contains("href"), "{body} gave {html}");
            }
        }
    }

    #[test]
    fn heading_attributes_are_sanitised_like_raw_html() {
        let body = "## Tin {#tin .noi-bat onclick=alert(1)}\n";
        assert_eq!(html_of(body, &SANITISE), "<h2 id=\"tin\" class=\"noi-bat\">Tin</h2>\n");
        assert!(html_of(body, &RAW_HTML).contains("onclick=\"alert(1)\""));
    }

    #[test]
    fn pages_without_raw_html_skip_the_sanitiser() {
        // html5ever would rewrite `<hr />` as `<hr>`; the self-closing form shows ammonia never ran.
        assert_eq!(html_of("a\n\n---\n", &SANITISE), "<p>a</p>\n<hr />\n");
    }

    #[test]
    fn plain_text_is_the_visible_words() {
        let body = "# Tiêu đề\n\nĐoạn **một** có [liên kết](https://x.vn).\n\n- mục a\n- mục b\n\n![ảnh minh hoạ](anh.jpg)\n\n<div>ẩn</div>\n";
        let rendered = render(body, 1, &FakeSite::default(), &SANITISE);
        assert_eq!(rendered.plain_text, "Tiêu đề Đoạn một có liên kết. mục a mục b");
        assert_eq!(rendered.word_count, 11);
    }
}
