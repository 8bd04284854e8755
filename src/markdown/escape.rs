//! HTML escaping for the text and attribute values loa writes itself.
//!
//! pulldown-cmark escapes what it writes, but its escaper lives in a crate loa does not depend
//! on, and images and code blocks are written here by hand.

/// Appends `text` to `out` with the five characters that matter in HTML text and in quoted
/// attribute values replaced by entities.
pub(crate) fn escape_html(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        // The character found is one byte long, so `at + 1` stays on a char boundary.
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_html(&mut out, text);
        out
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escaped(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn leaves_vietnamese_text_alone() {
        assert_eq!(escaped("Bảo hiểm xã hội"), "Bảo hiểm xã hội");
        assert_eq!(escaped("Đ&Đ"), "Đ&amp;Đ");
    }
}
