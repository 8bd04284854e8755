//! Compacting the theme's stylesheets as they load: comments and the whitespace that carries no
//! meaning go (between declarations, around `{ } ; , :` and `>`), strings stay exactly as
//! written. The stylesheet is on every page, so its bytes count against every page's budget.

/// `css` without comments and with the whitespace that means nothing removed.
pub fn compact(css: &str) -> String {
    const NO_SPACE_AFTER: &str = "{};,:>";
    const NO_SPACE_BEFORE: &str = "{};,>";
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        if c == '/' && chars.peek() == Some(&'*') {
            chars.next();
            let mut prev = '\0';
            for d in chars.by_ref() {
                if prev == '*' && d == '/' {
                    break;
                }
                prev = d;
            }
            // A comment separates what it stands between, as whitespace does.
            space = true;
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && out.chars().next_back().is_some_and(|p| !NO_SPACE_AFTER.contains(p)) && !NO_SPACE_BEFORE.contains(c)
        {
            out.push(' ');
        }
        space = false;
        out.push(c);
        if c == '"' || c == '\'' {
            while let Some(d) = chars.next() {
                out.push(d);
                if d == '\\' {
                    out.extend(chars.next());
                } else if d == c {
                    break;
                }
            }
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn drops_comments_and_meaningless_space() {
        let css = "/* Header. */\n.a > .b ,\n.c {\n  color: red;\n  margin: 0 auto; /* centred */\n}\n\n@media (min-width: 40rem) {\n  .d { width: calc(100% - 2rem); }\n}\n";
        assert_eq!(
            compact(css),
            ".a>.b,.c{color:red;margin:0 auto;}@media (min-width:40rem){.d{width:calc(100% - 2rem);}}\n"
        );
    }

    #[test]
    fn keeps_what_changes_the_meaning() {
        // A descendant pseudo-class, strings with comment marks and spaces, escapes.
        assert_eq!(compact("a :hover{}"), "a :hover{}\n");
        assert_eq!(compact(".x::after { content: \"/* a ; b */\" }"), ".x::after{content:\"/* a ; b */\"}\n");
        assert_eq!(compact(".y { content: 'it\\'s  here' }"), ".y{content:'it\\'s  here'}\n");
        assert_eq!(compact("a/**/b{}"), "a b{}\n");
        assert_eq!(compact(".z{color:red!important}"), ".z{color:red!important}\n");
    }
}
