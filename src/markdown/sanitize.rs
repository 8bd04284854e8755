//! Sanitising rendered bodies that carry raw HTML: keep what loa writes, drop scripts and handlers.
//!
//! Only pages with raw HTML or a dangerous URL scheme come here; parsing and re-serialising
//! a page with html5ever costs more than rendering it, and most pages need neither.

use std::borrow::Cow;
use std::sync::OnceLock;

use ammonia::Builder;

use super::links::{is_data_image, scheme};

/// Built once: the builder holds a dozen hash sets that are the same for every page.
static CLEANER: OnceLock<Builder<'static>> = OnceLock::new();

/// Returns the HTML with everything outside loa's own markup removed.
pub(super) fn sanitise(html: &str) -> String {
    CLEANER.get_or_init(cleaner).clean(html).to_string()
}

/// Whether the sanitiser keeps a `<name>` tag (lower case).
pub(super) fn keeps_tag(name: &str) -> bool {
    static TAGS: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    TAGS.get_or_init(|| CLEANER.get_or_init(cleaner).clone_tags()).contains(name)
}

fn cleaner() -> Builder<'static> {
    let mut builder = Builder::default();
    builder
        // Task list checkboxes and GFM footnote sections; responsive images and the
        // infographic shortcode's figure.
        .add_tags(["input", "section", "picture", "source", "figure", "figcaption"])
        // Not in the allowed tags either; listing them here also drops what is inside them.
        .add_clean_content_tags(["iframe", "object", "embed", "noscript"])
        .add_tag_attributes("h1", ["id", "class"])
        .add_tag_attributes("h2", ["id", "class"])
        .add_tag_attributes("h3", ["id", "class"])
        .add_tag_attributes("h4", ["id", "class"])
        .add_tag_attributes("h5", ["id", "class"])
        .add_tag_attributes("h6", ["id", "class"])
        // Footnote definitions are `<div class="footnote-definition" id="name">`.
        .add_tag_attributes("div", ["id", "class"])
        .add_tag_attributes("pre", ["class", "data-lang"])
        .add_tag_attributes("img", ["loading", "decoding", "srcset", "sizes", "fetchpriority"])
        // media, width and height: an infographic's portrait version for upright phones.
        .add_tag_attributes("source", ["type", "srcset", "sizes", "media", "width", "height"])
        .add_tag_attributes("input", ["class", "type", "checked", "disabled"])
        .add_tag_attributes("details", ["open"])
        // Any other input would be a form field in an article: every input becomes what task
        // lists write, a checkbox the reader cannot tick.
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "");
    for tag in ["code", "span", "td", "th", "sup", "li", "section", "figure", "a"] {
        builder.add_tag_attributes(tag, ["class"]);
    }
    builder
        // `data:` is allowed through the scheme check only so the filter can keep `data:image/`.
        .add_url_schemes(["data"])
        // loa does not add rel to links; the theme decides about external links.
        .link_rel(None)
        .attribute_filter(keep_attribute);
    builder
}

/// Second look at attributes ammonia already allowed by name.
fn keep_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match (element, attribute) {
        ("img", "src") if is_data_image(value) => Some(Cow::Borrowed(value)),
        // A srcset is a list of URLs: any of them with a scheme drops the whole list (loa's
        // own are paths of the site).
        (_, "srcset") if value.split(',').any(|c| scheme(c.trim()).is_some()) => None,
        // Only URL attributes: `alt="Data: 2024"` is text, not a scheme.
        (_, "href" | "src" | "cite") if scheme(value).as_deref() == Some("data") => None,
        _ => Some(Cow::Borrowed(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_event_handlers_are_removed() {
        let html = sanitise("<p>a</p><script>alert(1)</script><img src=x onerror=alert(1)><p onclick=\"x()\">b</p>");
        assert_eq!(html, "<p>a</p><img src=\"x\"><p>b</p>");
    }

    #[test]
    fn dangerous_urls_are_removed() {
        let html = sanitise(
            "<a href=\"javascript:alert(1)\">a</a><a href=\"data:text/html,x\">b</a>\
             <iframe src=\"https://x.vn\">c</iframe><object data=\"x.swf\"></object><style>p{}</style>",
        );
        assert_eq!(html, "<a>a</a><a>b</a>");
    }

    #[test]
    fn loa_markup_survives() {
        let ours = "<h2 id=\"huong-dan\">Hướng dẫn</h2>\n\
                    <pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source hl-rust\">fn</span></code></pre>\n\
                    <img src=\"/a.png\" alt=\"a\" width=\"800\" height=\"600\" loading=\"lazy\" decoding=\"async\">\
                    <ul><li><input disabled=\"\" type=\"checkbox\" checked=\"\">x</li></ul>\
                    <table><thead><tr><th class=\"align-center\">a</th></tr></thead>\
                    <tbody><tr><td class=\"align-right\">1</td></tr></tbody></table>\
                    <p>a<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\
                    <div class=\"footnote-definition\" id=\"1\"><sup class=\"footnote-definition-label\">1</sup></div>\
                    <figure><img src=\"data:image/png;base64,AAAA\" alt=\"b\"><figcaption>c</figcaption></figure>\
                    <details open=\"\"><summary>d</summary><abbr title=\"Bảo hiểm xã hội\">BHXH</abbr> \
                    <kbd>Ctrl</kbd><mark>m</mark><sub>2</sub><del>x</del></details>";
        assert_eq!(sanitise(ours), ours);
    }

    #[test]
    fn text_that_looks_like_a_data_url_is_kept() {
        let html = "<img src=\"/a.png\" alt=\"Data: 2024\" title=\"data:x\">";
        assert_eq!(sanitise(html), html);
    }

    #[test]
    fn links_get_no_rel_and_keep_relative_urls() {
        assert_eq!(sanitise("<a href=\"../tin-tuc/x/\">x</a>"), "<a href=\"../tin-tuc/x/\">x</a>");
    }

    #[test]
    fn inputs_become_disabled_checkboxes() {
        assert_eq!(
            sanitise("<input type=\"password\" class=\"x\">"),
            "<input type=\"checkbox\" class=\"x\" disabled=\"\">"
        );
        assert_eq!(sanitise("<p style=\"color:red\">x</p>"), "<p>x</p>");
    }
}
