//! Escaping text for the places loa writes it: HTML text and attribute values, XML, and URLs
//! (percent-encoding). Every page, feed, sitemap, report and preview error goes through here.

use std::borrow::Cow;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Appends `text` to `out` with the five characters that matter in HTML text and in quoted
/// attribute values (`&`, `<`, `>` and both quotes) replaced by entities. The runs between
/// them are copied whole. Tera's own escaping also writes every `/` as `&#x2F;`: the pages
/// mean the same with fewer entities.
pub fn escape_html_into(out: &mut String, text: &str) {
    // A byte loop: the five characters are ASCII, so every byte of a longer character is
    // copied as part of a run (`str::find` with a set of chars decodes every character, and the
    // theme's templates escape hundreds of values a page).
    let mut run = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `at` is an ASCII byte, so both slices end on char boundaries.
        out.push_str(&text[run..at]);
        out.push_str(entity);
        run = at + 1;
    }
    out.push_str(&text[run..]);
}

/// [`escape_html_into`] a new string (also the escape function of the theme's templates).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_html_into(&mut out, text);
    out
}

/// Escapes text for XML element content and attribute values: the HTML escaping (its
/// entities are XML's too, `&#39;` a character reference), without the control characters
/// XML 1.0 does not allow.
pub fn escape_xml(text: &str) -> String {
    let allowed = |c: char| (c as u32) >= 0x20 || matches!(c, '\n' | '\r' | '\t');
    let text: Cow<'_, str> = if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    };
    escape_html(&text)
}

/// Everything but the unreserved characters of RFC 3986: for a whole URL inside a query
/// value (share links).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
/// [`COMPONENT`] keeping `/`: for the path of a file (spaces and accents in `srcset`).
const PATH: &AsciiSet = &COMPONENT.remove(b'/');

/// Percent-encodes `text` for use as one query value or path segment.
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// Percent-encodes a path relative to the output root, keeping its slashes.
pub fn encode_path(path: &str) -> Cow<'_, str> {
    utf8_percent_encode(path, PATH).into()
}

/// Decodes `%XX` sequences of a path written in a file; the text as it is when the decoded
/// bytes are not UTF-8.
pub fn decode_path(path: &str) -> Cow<'_, str> {
    percent_decode_str(path).decode_utf8().unwrap_or(Cow::Borrowed(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes_only() {
        assert_eq!(escape_html("Bảo hiểm y tế"), "Bảo hiểm y tế");
        assert_eq!(escape_html("/tin-tuc/a/"), "/tin-tuc/a/");
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("đ&đ"), "đ&amp;đ");
        let mut out = String::from("<p>");
        escape_html_into(&mut out, "Đ<Đ");
        assert_eq!(out, "<p>Đ&lt;Đ");
    }

    #[test]
    fn pages_render_the_same_as_with_teras_escaping() {
        let value = r#"Tiêu đề <b>"đậm"</b> & 'nháy' /a/b?x=1&y=2"#;
        let render = |custom: bool| {
            let mut tera = tera::Tera::default();
            tera.autoescape_on(vec![".html"]);
            if custom {
                tera.set_escape_fn(escape_html);
            }
            tera.add_raw_template("p.html", r#"<p title="{{ v }}">{{ v }}</p><a href="{{ v }}">x</a>"#).unwrap();
            let mut ctx = tera::Context::new();
            ctx.insert("v", value);
            tera.render("p.html", &ctx).unwrap()
        };
        // The same text and attribute values once the entities are read, as a browser reads them.
        let decode = |html: String| {
            [
                ("&#x27;", "'"),
                ("&#39;", "'"),
                ("&#x2F;", "/"),
                ("&quot;", "\""),
                ("&lt;", "<"),
                ("&gt;", ">"),
                ("&amp;", "&"),
            ]
            .iter()
            .fold(html, |s, (entity, c)| s.replace(entity, c))
        };
        let (ours, teras) = (render(true), render(false));
        assert_ne!(ours, teras, "Tera writes `/` as &#x2F;, this escaping does not");
        assert_eq!(decode(ours.clone()), decode(teras));
        assert!(!ours.contains("<b>") && !ours.contains("=\"đậm") && !ours.contains("'nháy'"), "{ours}");
    }

    #[test]
    fn xml_drops_control_characters() {
        assert_eq!(escape_xml("a<b & \"c\"\u{1}\n"), "a&lt;b &amp; &quot;c&quot;\n");
        let doc = format!("<t a=\"{}\">{}</t>", escape_xml("'x'\u{2}"), escape_xml("<y>&"));
        let parsed = roxmltree::Document::parse(&doc).unwrap();
        assert_eq!(parsed.root_element().attribute("a"), Some("'x'"));
        assert_eq!(parsed.root_element().text(), Some("<y>&"));
    }

    #[test]
    fn percent_encodes_paths_and_components() {
        assert_eq!(encode_path("tin-tuc/anh bìa.jpg"), "tin-tuc/anh%20b%C3%ACa.jpg");
        assert_eq!(encode_component("https://a.vn/x y/?q=1"), "https%3A%2F%2Fa.vn%2Fx%20y%2F%3Fq%3D1");
        assert_eq!(encode_component("a-b_c.d~"), "a-b_c.d~");
        assert_eq!(decode_path("anh%20m%E1%BB%9Bi.png"), "anh mới.png");
        assert_eq!(decode_path("100%"), "100%");
        assert_eq!(decode_path("%zz%C3"), "%zz%C3");
    }
}
