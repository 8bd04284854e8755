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
    CLEANER.get_or_init(cleaner).clean(&flatten(html, MAX_DEPTH)).to_string()
}

/// How deep raw HTML elements may nest. html5ever looks down the stack of open elements for
/// every start tag, so 50,000 nested `<div>`s cost it billions of steps; no article needs more
/// than a few dozen levels.
const MAX_DEPTH: usize = 256;

/// Elements that never have content, so never nest.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
/// Elements whose content is text up to their end tag, not tags.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];
/// Elements a start tag of the same name closes (`<li>a<li>b`).
const SELF_CLOSING_SIBLINGS: &[&str] = &["li", "p", "dt", "dd", "tr", "td", "th", "option"];

/// `html` with the start and end tags of elements nested deeper than `max` removed (their
/// text is kept), in one pass; borrowed unchanged when nothing is that deep.
fn flatten(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    // The open elements: name, and whether its tags are kept.
    let mut open: Vec<(String, bool)> = Vec::new();
    let mut kept_depth = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `html` already handled in `out`
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let start = i + lt;
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(html.len(), |e| start + 4 + e + 3);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_from = start + if closing { 2 } else { 1 };
        let name_len = bytes[name_from..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
        if name_len == 0 || !bytes[name_from].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = html[name_from..name_from + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_from + name_len);
        let mut drop = false;
        if closing {
            if let Some(at) = open.iter().rposition(|(n, _)| *n == name) {
                let (_, kept) = &open[at];
                drop = !kept;
                for (_, kept) in open.drain(at..) {
                    kept_depth -= usize::from(kept);
                }
            }
        } else if !VOID.contains(&name.as_str()) {
            if SELF_CLOSING_SIBLINGS.contains(&name.as_str()) && open.last().is_some_and(|(n, _)| *n == name) {
                if let Some((_, kept)) = open.pop() {
                    kept_depth -= usize::from(kept);
                }
            }
            let keep = kept_depth < max;
            drop = !keep;
            kept_depth += usize::from(keep);
            open.push((name.clone(), keep));
        }
        let mut next = end;
        if !closing && RAW_TEXT.contains(&name.as_str()) {
            // Its text runs to its end tag, which the next round reads.
            let close = format!("</{name}");
            next = find_ignore_case(html, end, &close).unwrap_or(html.len());
        }
        if drop {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..start]);
            copied = end;
        }
        i = next.max(start + 1);
    }
    match out {
        Some(mut out) => {
            out.push_str(&html[copied..]);
            Cow::Owned(out)
        }
        None => Cow::Borrowed(html),
    }
}

/// The index just past the `>` that ends a tag whose name ends at `from`, skipping quoted
/// attribute values; the text's length when there is none.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &c) in bytes.iter().enumerate().skip(from) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return i + 1,
            None => {}
        }
    }
    bytes.len()
}

fn find_ignore_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let hay = html.as_bytes().get(from..)?;
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes())).map(|p| from + p)
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
    fn html_nested_past_the_limit_loses_only_its_deepest_tags() {
        let deep = format!("{}x{}", "<div>".repeat(5), "</div>".repeat(5));
        assert_eq!(flatten(&deep, 3), "<div><div><div>x</div></div></div>");
        assert!(matches!(flatten(&deep, 5), Cow::Borrowed(_)));
        // Siblings, void elements, implied ends and raw text do not count as depth.
        let flat = "<ul><li>a<li>b<li>c</ul><p>1<br><img src=x><p>2<script>'<div><div><div>'</script>";
        assert_eq!(flatten(flat, 2), flat);
        let attrs = "<div title=\"a>b\"><div>x</div></div>";
        assert_eq!(flatten(attrs, 1), "<div title=\"a>b\">x</div>");
    }

    #[test]
    fn fifty_thousand_nested_divs_are_sanitised_quickly() {
        let deep = format!("{}x{}", "<div>".repeat(50_000), "</div>".repeat(50_000));
        let started = std::time::Instant::now();
        let clean = sanitise(&deep);
        assert!(clean.contains('x'));
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
    }

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
