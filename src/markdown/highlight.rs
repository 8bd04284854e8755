//! Code blocks: syntax highlighting with `hl-` CSS classes, the syntax set loaded only when needed.
//!
//! The colours live in the theme (`static/highlight.css`), not in the HTML, so a theme can
//! restyle code and the pages stay small.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::text::escape_html_into as escape_html;

/// Loading the default syntaxes costs tens of milliseconds; most portal pages have no code,
/// so the set is loaded by the first page that needs it and then shared by all threads.
static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// The prefix keeps syntect's scope names (`string`, `comment`) from colliding with the theme's classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The syntax set shared by every render of the process.
pub(super) fn shared_syntaxes() -> &'static OnceLock<SyntaxSet> {
    &SYNTAXES
}

/// Whether some page of this process has loaded the shared syntax set.
#[cfg(test)]
pub(super) fn shared_syntaxes_loaded() -> bool {
    SYNTAXES.get().is_some()
}

/// The language of a fence's info string: its first word (`rust,ignore` and `rust {.x}` give `rust`).
pub(super) fn language(info: &str) -> Option<&str> {
    info.trim_start().split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().filter(|lang| !lang.is_empty())
}

/// Writes a code block as `<pre class="code" data-lang="…"><code>…</code></pre>`, highlighted
/// when the language is one syntect knows and escaped as it is otherwise.
pub(super) fn code_block_html(code: &str, lang: Option<&str>, syntaxes: &OnceLock<SyntaxSet>) -> String {
    // Highlighting wraps every token in a span; three times the code is a fair first guess.
    let mut html = String::with_capacity(code.len() * 3 + 64);
    html.push_str("<pre class=\"code\"");
    if let Some(lang) = lang {
        html.push_str(" data-lang=\"");
        escape_html(&mut html, lang);
        html.push('"');
    }
    html.push_str("><code>");
    match lang.and_then(|lang| highlighted(code, lang, syntaxes)) {
        Some(spans) => html.push_str(&spans),
        None => escape_html(&mut html, code),
    }
    html.push_str("</code></pre>\n");
    html
}

/// The code as classed spans, or `None` when the language is unknown or the grammar fails on it.
fn highlighted(code: &str, lang: &str, syntaxes: &OnceLock<SyntaxSet>) -> Option<String> {
    let set = syntaxes.get_or_init(SyntaxSet::load_defaults_newlines);
    let syntax = set.find_syntax_by_token(lang).or_else(|| set.find_syntax_by_token(&lang.to_ascii_lowercase()))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        // A grammar error leaves the block readable as plain text rather than half-coloured.
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_the_first_word_of_the_info_string() {
        assert_eq!(language("rust"), Some("rust"));
        assert_eq!(language("rust,ignore"), Some("rust"));
        assert_eq!(language("python {.so-dong}"), Some("python"));
        assert_eq!(language(""), None);
        assert_eq!(language("{.x}"), None);
    }

    #[test]
    fn known_language_is_highlighted_with_prefixed_classes() {
        let syntaxes = OnceLock::new();
        let html = code_block_html("fn main() { let x = \"a\"; } // c\n", Some("rust"), &syntaxes);
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source hl-rust\">"));
        assert!(html.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"), "{html}");
        assert!(html.contains("hl-string hl-quoted hl-double"), "{html}");
        assert!(html.contains("hl-comment hl-line"), "{html}");
        assert!(html.ends_with("</code></pre>\n"));
    }

    #[test]
    fn language_names_match_without_regard_to_case() {
        let syntaxes = OnceLock::new();
        assert!(code_block_html("x = 1\n", Some("Python"), &syntaxes).contains("hl-source hl-python"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_code() {
        let syntaxes = OnceLock::new();
        assert_eq!(
            code_block_html("<b>&</b>\n", Some("khong-co"), &syntaxes),
            "<pre class=\"code\" data-lang=\"khong-co\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        );
    }

    /// The theme's stylesheet for the classes written here.
    const STYLESHEET: &str = include_str!("../../themes/default/static/highlight.css");

    #[test]
    fn stylesheet_styles_the_classes_syntect_writes() {
        let syntaxes = OnceLock::new();
        let html = code_block_html("def tinh(x):\n    return x * 0.22  # phi\nprint(\"a\")\n", Some("py"), &syntaxes);
        for class in
            ["hl-comment", "hl-string", "hl-keyword", "hl-numeric", "hl-function", "hl-storage", "hl-punctuation"]
        {
            assert!(html.contains(class), "syntect no longer writes {class}: {html}");
            assert!(STYLESHEET.contains(&format!(".{class}")), "highlight.css has no rule for {class}");
        }
    }

    #[test]
    fn stylesheet_colours_are_readable_on_the_code_background() {
        fn luminance(hex: &str) -> f64 {
            let channel = |at: usize| {
                let value = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap_or(0)) / 255.0;
                if value <= 0.03928 {
                    value / 12.92
                } else {
                    ((value + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
        }
        let background = luminance("f6f8fa");
        let colours: Vec<&str> = STYLESHEET.split("\n  color: #").skip(1).filter_map(|rest| rest.get(..6)).collect();
        assert!(colours.len() >= 6, "found only {colours:?}");
        for colour in colours {
            let contrast = (background + 0.05) / (luminance(colour) + 0.05);
            assert!(contrast >= 4.5, "#{colour} has contrast {contrast:.2} on #f6f8fa");
        }
    }

    #[test]
    fn code_without_language_does_not_load_syntaxes() {
        let syntaxes = OnceLock::new();
        assert_eq!(code_block_html("a < b\n", None, &syntaxes), "<pre class=\"code\"><code>a &lt; b\n</code></pre>\n");
        assert!(syntaxes.get().is_none());
    }
}
