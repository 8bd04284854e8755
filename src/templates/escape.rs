//! The escaping of template values (`{{ x }}` in `.html` templates).
//!
//! Tera's own escaping also turns every `/` into `&#x2F;` and works character by character.
//! This one escapes only what HTML needs (`&`, `<`, `>` and both quotes, so a value is safe in
//! text and in any quoted attribute) and copies the runs between them whole: the pages mean
//! the same as with Tera's escaping, with fewer entities.

/// Escapes `text` for HTML text and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The escaped bytes are ASCII, so `start..i` always falls on character boundaries.
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_markup_and_quotes_only() {
        assert_eq!(escape_html("Bảo hiểm y tế"), "Bảo hiểm y tế");
        assert_eq!(escape_html("/tin-tuc/a/"), "/tin-tuc/a/");
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("đ&đ"), "đ&amp;đ");
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
}
