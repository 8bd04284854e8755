//! Compacting the theme's stylesheets once, when the theme loads: comments go, whitespace runs
//! become one space, and the space around `{`, `}`, `;` and after `,` goes. Every reader
//! downloads the stylesheet, and the page-weight budget counts it on every page.
//!
//! The transform is conservative, so the stylesheet means exactly what it meant: quoted
//! strings and `url(...)` are copied as written; a space that could be a descendant
//! combinator (`nav a`) or an operator's required space (`calc(1rem + 2px)`) stays one space.

/// The compacted text of one stylesheet.
pub fn compact_css(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '"' | '\'' => {
                push_space(&mut out, &mut space);
                out.push(c);
                let mut escaped = false;
                for d in chars.by_ref() {
                    out.push(d);
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == c {
                        break;
                    }
                }
            }
            '(' if out.ends_with("url") => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == ')' {
                        break;
                    }
                }
            }
            '{' | '}' | ';' | ',' => {
                space = false;
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push(c);
                while chars.peek().is_some_and(|d| d.is_whitespace()) {
                    chars.next();
                }
            }
            c => {
                push_space(&mut out, &mut space);
                out.push(c);
            }
        }
    }
    out.trim().to_string()
}

/// Writes the one space a whitespace run (or comment) left, unless it follows a character
/// after which whitespace never matters.
fn push_space(out: &mut String, space: &mut bool) {
    if std::mem::take(space) && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', ' ']) {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::compact_css;

    #[test]
    fn comments_and_layout_whitespace_go() {
        let css = "/* theme */\n:root {\n  --ink: #1a1f26;\n}\n\n.a, .b > c {\n  color: red;  /* why */\n  margin: 0 auto;\n}\n";
        assert_eq!(compact_css(css), ":root{--ink: #1a1f26;}.a,.b > c{color: red;margin: 0 auto;}");
    }

    #[test]
    fn meaningful_spaces_strings_and_urls_stay() {
        let css = "nav  a:hover { width: calc(100% - 2rem); content: \" ▲  /* no */\"; background: url(a b.png) }\n@media (min-width: 48rem) { .x { y: 1 } }";
        assert_eq!(
            compact_css(css),
            "nav a:hover{width: calc(100% - 2rem);content: \" ▲  /* no */\";background: url(a b.png)}@media (min-width: 48rem){.x{y: 1}}"
        );
    }
}
