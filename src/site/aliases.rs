//! The `aliases` of an item: old addresses that lead to its page.

use crate::content::Source;
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::msg;

/// The item's `aliases` as site paths; each one that cannot be a path is an error at its line.
pub(super) fn of_item(src: &Source, diags: &mut Diagnostics) -> Vec<String> {
    let mut aliases = Vec::new();
    for alias in src.front.aliases.iter().flatten() {
        match normalize_alias(alias) {
            Ok(a) => aliases.push(a),
            Err(msg) => diags.push(
                Diagnostic::error(&src.shown, src.line_of_value("aliases", alias), 1, msg).with_hint(Msg::new(
                    "ghi địa chỉ cũ là đường dẫn tính từ gốc cổng, ví dụ \"/tin-cu/bai-viet/\"",
                    "write the old address as a path from the site root, e.g. \"/tin-cu/bai-viet/\"",
                )),
            ),
        }
    }
    aliases
}

/// An old path as a site path ("tin-cu/bai-a" → "/tin-cu/bai-a/"), or why it cannot be one.
pub(super) fn normalize_alias(alias: &str) -> Result<String, Msg> {
    let trimmed = alias.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Err(Msg::new("alias không thể là trang chủ", "an alias cannot be the home page"));
    }
    if trimmed.contains('\\') || trimmed.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
        return Err(msg!(
            "alias `{alias}` không phải một đường dẫn bên trong cổng",
            "alias `{alias}` is not a plain path inside the site"
        ));
    }
    // A redirect is a line of nginx's map and a file name: nothing that ends a line, a
    // quoted string or a path, and no query or fragment (a server never sees those as a file).
    if let Some(bad) = trimmed.chars().find(|c| c.is_control() || c.is_whitespace() || "\"'<>`{}|^?#;".contains(*c)) {
        let shown = bad.escape_default();
        return Err(msg!(
            "alias `{}` có ký tự `{shown}` không dùng được trong đường dẫn",
            "alias `{}` has a character `{shown}` a path cannot hold",
            alias.escape_default()
        ));
    }
    if trimmed.ends_with(".html") {
        Ok(format!("/{trimmed}"))
    } else {
        Ok(format!("/{trimmed}/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_become_site_paths() {
        assert_eq!(normalize_alias("tin-cu/bai-a").unwrap(), "/tin-cu/bai-a/");
        assert_eq!(normalize_alias("/old/page.html").unwrap(), "/old/page.html");
        assert!(normalize_alias("/").is_err());
        assert!(normalize_alias("../../ngoai").is_err());
        assert!(normalize_alias("/a//b").is_err());
        assert!(normalize_alias("/a\nb").is_err());
        assert!(normalize_alias("/a\u{7}b").is_err());
        assert!(normalize_alias("/a b").is_err());
        assert!(normalize_alias("/a\";b").is_err());
    }
}
