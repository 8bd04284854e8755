//! The parts of site.toml that become addresses or links on every page: `base_url`, the
//! `[folders]` names and the menu links. A quote in `base_url` would end an HTML attribute on
//! every page, `..` in a folder would write outside the output, two folders with one name would
//! overwrite each other's pages, and a `javascript:` menu link would run on every page; each is
//! an error at its line of site.toml.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::msg;

/// Files loa writes at the top of the output (and of each language), which no folder may be.
const GENERATED: &[&str] =
    &["404.html", "sitemap.xml", "robots.txt", "redirects.map", "frames.map", "atom.xml", "chien-dich.ics"];
/// Schemes a menu link may have besides none (a path of the site).
const MENU_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The line of site.toml where `key` is set (or its table opens); 1 when it is not there.
pub fn find_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='))
                || t.strip_prefix('"').and_then(|r| r.strip_prefix(key)).is_some_and(|r| r.starts_with('"'))
                || t.strip_prefix("[languages.").and_then(|r| r.strip_prefix(key)).is_some_and(|r| r.starts_with(']'))
        })
        .map_or(1, |i| i + 1)
}

/// Checks `base_url` (already trimmed of its trailing `/`).
pub(super) fn base_url(base_url: &str, text: &str, shown: &Path, errors: &mut Vec<Diagnostic>) {
    let line = find_line(text, "base_url");
    let rest = base_url.strip_prefix("https://").or_else(|| base_url.strip_prefix("http://"));
    let bad_char = base_url.chars().find(|c| c.is_control() || c.is_whitespace() || "\"'<>`\\{}|^".contains(*c));
    let problem = match (rest, bad_char) {
        (_, Some(c)) => Some(msg!(
            "base_url có ký tự `{}` không được có trong địa chỉ",
            "base_url holds a character `{}` that no URL may hold",
            c.escape_default()
        )),
        (None, None) => {
            Some(Msg::new("base_url phải là địa chỉ http(s) đầy đủ", "base_url must be an absolute http(s) URL"))
        }
        (Some(rest), None) => {
            let host = rest.split('/').next().unwrap_or("");
            let (name, port) = host.rsplit_once(':').map_or((host, None), |(h, p)| (h, Some(p)));
            let name_ok = !name.is_empty()
                && name.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
            let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
            if !name_ok || !port_ok {
                Some(msg!(
                    "base_url không có tên máy chủ hợp lệ (`{host}`)",
                    "base_url has no valid host name (`{host}`)"
                ))
            } else if rest.contains(['?', '#']) {
                Some(Msg::new("base_url không được có phần `?` hoặc `#`", "base_url may not have a `?` or `#` part"))
            } else {
                None
            }
        }
    };
    if let Some(problem) = problem {
        errors.push(Diagnostic::error(shown, line, 1, problem).with_hint(Msg::new(
            "ví dụ base_url = \"https://bhxh.example.vn\" hoặc \"https://example.vn/bhxh\"",
            "for example base_url = \"https://bhxh.example.vn\" or \"https://example.vn/bhxh\"",
        )));
    }
}

/// Checks the `[folders]` names: plain relative paths, each its own, none a language's root
/// or a file loa generates.
/// `named` holds each `[folders]` key with its value.
pub(super) fn folders(
    named: &[(&str, &str)],
    languages: &[&str],
    text: &str,
    shown: &Path,
    errors: &mut Vec<Diagnostic>,
) {
    let hint = || {
        Msg::new(
            "mỗi thư mục trong [folders] là một tên riêng, chữ thường nối bằng gạch ngang, ví dụ search = \"tim-kiem\"",
            "each name in [folders] is its own, lowercase words joined by hyphens, e.g. search = \"tim-kiem\"",
        )
    };
    for (i, (key, value)) in named.iter().enumerate() {
        let line = find_line(text, key);
        let first = value.split('/').next().unwrap_or("");
        let problem = if value.is_empty() {
            Some(msg!("[folders] {key} trống", "[folders] {key} is empty"))
        } else if value.starts_with('/')
            || value.split('/').any(|p| p.is_empty() || p == "." || p == "..")
            || value.chars().any(|c| c.is_control() || c.is_whitespace() || "\"'<>`\\{}|^?#%:;".contains(c))
        {
            Some(msg!(
                "[folders] {key} = \"{}\" không phải một thư mục bên trong cổng",
                "[folders] {key} = \"{}\" is not a folder inside the site",
                value.escape_default()
            ))
        } else if let Some((other, _)) = named[..i].iter().find(|(_, v)| v == value) {
            Some(msg!(
                "[folders] {key} và {other} cùng là \"{value}\": trang của chúng sẽ ghi đè nhau",
                "[folders] {key} and {other} are both \"{value}\": their pages would overwrite each other"
            ))
        } else if languages.contains(&first) {
            Some(msg!(
                "[folders] {key} = \"{value}\" trùng với mã ngôn ngữ `{first}`, gốc của phiên bản ngôn ngữ đó",
                "[folders] {key} = \"{value}\" is the language code `{first}`, the root of that language's pages"
            ))
        } else if GENERATED.contains(&first) {
            Some(msg!(
                "[folders] {key} = \"{value}\" trùng với tệp `{first}` do loa tạo",
                "[folders] {key} = \"{value}\" is the file `{first}` that loa makes"
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            errors.push(Diagnostic::error(shown, line, 1, problem).with_hint(hint()));
        }
    }
}

/// Checks the scheme of every menu link: a path of the site, http(s), mailto or tel.
pub(super) fn menu<'a>(urls: impl Iterator<Item = &'a str>, text: &str, shown: &Path, errors: &mut Vec<Diagnostic>) {
    for written in urls {
        let url = written.trim();
        let line = value_line(text, written);
        let scheme = scheme(url);
        let problem = if url.chars().any(|c| c.is_control() || "\"<>`".contains(c)) || url.is_empty() {
            Some(msg!(
                "liên kết menu `{}` không phải một địa chỉ",
                "the menu link `{}` is not a URL",
                url.escape_default()
            ))
        } else {
            match scheme {
                Some(s) if !MENU_SCHEMES.contains(&s.as_str()) => Some(msg!(
                    "liên kết menu `{url}` dùng giao thức `{s}:`, không được phép",
                    "the menu link `{url}` uses the scheme `{s}:`, which is not allowed"
                )),
                _ => None,
            }
        };
        if let Some(problem) = problem {
            errors.push(Diagnostic::error(shown, line, 1, problem).with_hint(Msg::new(
                "liên kết menu là một đường dẫn của cổng (\"/tin-tuc/\") hoặc một địa chỉ https://, mailto: hay tel:",
                "a menu link is a path of the site (\"/tin-tuc/\") or an https://, mailto: or tel: address",
            )));
        }
    }
}

/// The scheme of a URL, lower-cased, ignoring the whitespace and control characters browsers
/// ignore (`java\tscript:`); `None` for a path.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let colon = cleaned.find(':')?;
    let before = &cleaned[..colon];
    if before.is_empty() || before.contains(['/', '?', '#']) {
        return None;
    }
    Some(before.to_ascii_lowercase())
}

/// The line of site.toml where the string `value` is written; 1 when it is not found.
pub fn value_line(text: &str, value: &str) -> usize {
    let quoted = [format!("\"{value}\""), format!("'{value}'")];
    text.lines().position(|l| quoted.iter().any(|q| l.contains(q.as_str()))).map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> usize {
        let mut errors = Vec::new();
        base_url(url, &format!("title = \"T\"\nbase_url = \"{url}\"\n"), Path::new("site.toml"), &mut errors);
        errors.len()
    }

    #[test]
    fn base_url_must_be_a_plain_http_url() {
        assert_eq!(base("https://bhxh.example.vn"), 0);
        assert_eq!(base("http://localhost:8080/bhxh"), 0);
        assert_eq!(base("https://bhxh.example.vn\"onload=\"x"), 1);
        assert_eq!(base("ftp://x.vn"), 1);
        assert_eq!(base("https://"), 1);
        assert_eq!(base("https://x.vn/a?b"), 1);
        assert_eq!(base("javascript:alert(1)"), 1);
    }

    #[test]
    fn menu_schemes_are_checked_as_a_browser_reads_them() {
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(scheme("java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme("/tin-tuc/a:b"), None);
        let menu_errors = |url: &str| {
            let mut errors = Vec::new();
            menu(std::iter::once(url), "", Path::new("site.toml"), &mut errors);
            errors.len()
        };
        for bad in ["javascript:alert(1)", "data:text/html,x", "VBScript:x", " javascript:x"] {
            assert_eq!(menu_errors(bad), 1, "{bad}");
        }
        for good in ["/tin-tuc/", "https://baohiemxahoi.gov.vn", "mailto:a@b.vn", "tel:1900"] {
            assert_eq!(menu_errors(good), 0, "{good}");
        }
    }
}
