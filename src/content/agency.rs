//! `[agency]` of site.toml: who publishes the portal, as a state portal must say (Nghị định
//! 42/2022/NĐ-CP), and how it looks (its logo and brand colour).

use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::messages::Msg;
use crate::msg;

/// White text on the brand colour, and the brand colour on the theme's pale tints, must stay
/// readable: 5:1 against white leaves 4.5:1 (WCAG AA) against the palest tint.
const MIN_CONTRAST: f64 = 5.0;

/// `[agency]`: who publishes the portal, as a state portal must say (Nghị định 42/2022/NĐ-CP).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAgency {
    name: Option<String>,
    governing_body: Option<String>,
    address: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    hours: Option<String>,
    responsible: Option<String>,
    licence: Option<String>,
    logo: Option<String>,
    brand_colour: Option<String>,
    title_cards: Option<String>,
}

/// The agency behind the portal (`[agency]` of site.toml), shown in every page's footer.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Agency {
    /// The official name, when it differs from the portal's title.
    pub name: Option<String>,
    /// The body it answers to (cơ quan chủ quản).
    pub governing_body: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Office hours, as people read them.
    pub hours: Option<String>,
    /// The person responsible for the content.
    pub responsible: Option<String>,
    /// The licence of the electronic information portal.
    pub licence: Option<String>,
    /// The agency's logo (SVG or PNG), relative to content/; the theme's when absent. The
    /// header, the site icons and the sharing card are drawn from it.
    pub logo: Option<String>,
    /// The brand colour as `#rrggbb`, dark enough for white text on it; the theme's when absent.
    pub brand_colour: Option<String>,
    /// Whether articles and questions without a picture also get a card drawn from their
    /// title (`title_cards = "all"`), not only the home page and lists (`"lists"`, the default).
    pub title_cards_everywhere: bool,
}

/// `[agency]` checked: an e-mail address that can receive mail, a phone number that can be
/// dialled; empty values count as absent.
pub(super) fn agency(raw: RawAgency, text: &str, shown: &Path, errors: &mut Vec<Diagnostic>) -> Agency {
    let clean = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let line = |key: &str| {
        let start = text.lines().position(|l| l.trim() == "[agency]").unwrap_or(0);
        text.lines()
            .enumerate()
            .skip(start)
            .find(|(_, l)| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
            .map_or(1, |(i, _)| i + 1)
    };
    let email = clean(raw.email);
    if let Some(e) = email.as_deref().filter(|e| {
        let (user, host) = e.split_once('@').unwrap_or(("", ""));
        user.is_empty() || !host.contains('.') || e.contains([' ', '"', '<', '>'])
    }) {
        errors.push(
            Diagnostic::error(
                shown,
                line("email"),
                1,
                msg!("`email` `{e}` không phải địa chỉ thư điện tử", "`email` `{e}` is not an e-mail address"),
            )
            .with_hint(Msg::new("ví dụ: email = \"bhxh@mauson.gov.vn\"", "e.g. email = \"bhxh@mauson.gov.vn\"")),
        );
    }
    let phone = clean(raw.phone);
    if let Some(p) = phone.as_deref().filter(|p| {
        !p.chars().all(|c| c.is_ascii_digit() || " .+-()".contains(c))
            || p.chars().filter(char::is_ascii_digit).count() < 3
    }) {
        errors.push(
            Diagnostic::error(
                shown,
                line("phone"),
                1,
                msg!("`phone` `{p}` không phải số điện thoại", "`phone` `{p}` is not a phone number"),
            )
            .with_hint(Msg::new(
                "chỉ ghi chữ số, dấu cách, dấu chấm hoặc +, ví dụ phone = \"0205 3870 123\"",
                "write digits, spaces, dots or +, e.g. phone = \"0205 3870 123\"",
            )),
        );
    }
    let logo = clean(raw.logo);
    if let Some(l) = logo.as_deref().filter(|l| {
        let lower = l.to_ascii_lowercase();
        !(lower.ends_with(".svg") || lower.ends_with(".png")) || l.starts_with('/') || l.split('/').any(|p| p == "..")
    }) {
        errors.push(
            Diagnostic::error(
                shown,
                line("logo"),
                1,
                msg!(
                    "`logo` `{l}` phải là một tệp .svg hoặc .png trong content/",
                    "`logo` `{l}` must be an .svg or .png file inside content/"
                ),
            )
            .with_hint(Msg::new(
                "đặt tệp logo trong content/ và ghi đường dẫn tính từ đó, ví dụ logo = \"logo.svg\"",
                "put the logo file in content/ and give its path from there, e.g. logo = \"logo.svg\"",
            )),
        );
    }
    let brand_colour = clean(raw.brand_colour).and_then(|c| match brand_colour(&c) {
        Ok(hex) => Some(hex),
        Err(problem) => {
            errors.push(Diagnostic::error(shown, line("brand_colour"), 1, problem.0).with_hint(problem.1));
            None
        }
    });
    let title_cards_everywhere = match clean(raw.title_cards).as_deref() {
        None | Some("lists") => false,
        Some("all") => true,
        Some(other) => {
            errors.push(
                Diagnostic::error(
                    shown,
                    line("title_cards"),
                    1,
                    msg!("`title_cards` `{other}` không phải một lựa chọn", "`title_cards` `{other}` is not a choice"),
                )
                .with_hint(Msg::new(
                    "ghi \"lists\" (trang chủ và các trang danh sách, mặc định) hoặc \"all\" (cả bài viết không có ảnh)",
                    "write \"lists\" (the home page and lists, the default) or \"all\" (articles without a picture too)",
                )),
            );
            false
        }
    };
    Agency {
        name: clean(raw.name),
        governing_body: clean(raw.governing_body),
        address: clean(raw.address),
        phone,
        email,
        hours: clean(raw.hours),
        responsible: clean(raw.responsible),
        licence: clean(raw.licence),
        logo,
        brand_colour,
        title_cards_everywhere,
    }
}

/// A `brand_colour` as lower-case `#rrggbb` (`#abc` is widened), or what is wrong with it.
fn brand_colour(text: &str) -> Result<String, (Msg, Msg)> {
    let hex = text.strip_prefix('#').unwrap_or("");
    let hex = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect::<String>(),
        _ => hex.to_string(),
    };
    let Some(rgb) = parse_hex(&hex) else {
        return Err((
            msg!("`brand_colour` `{text}` không phải mã màu", "`brand_colour` `{text}` is not a colour"),
            Msg::new(
                "ghi mã màu dạng #rrggbb, ví dụ brand_colour = \"#0a4d8c\"",
                "write the colour as #rrggbb, e.g. brand_colour = \"#0a4d8c\"",
            ),
        ));
    };
    let ratio = contrast_with_white(rgb);
    if ratio < MIN_CONTRAST {
        return Err((
            msg!(
                "`brand_colour` `{text}` quá nhạt: chữ trắng trên nền màu này chỉ tương phản {ratio:.1}:1",
                "`brand_colour` `{text}` is too light: white text on it has a contrast of only {ratio:.1}:1"
            ),
            msg!(
                "chọn màu đậm hơn (tương phản ít nhất {MIN_CONTRAST}:1 với màu trắng), ví dụ brand_colour = \"#0a4d8c\"",
                "choose a darker colour (at least {MIN_CONTRAST}:1 against white), e.g. brand_colour = \"#0a4d8c\""
            ),
        ));
    }
    Ok(format!("#{}", hex.to_ascii_lowercase()))
}

fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The WCAG contrast ratio of white against `rgb`.
fn contrast_with_white(rgb: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
    1.05 / (l + 0.05)
}

/// `#rrggbb` mixed with black: `share` of black (0 to 1), for the darker shades of the theme.
pub fn darker(hex: &str, share: f64) -> String {
    let rgb = parse_hex(hex.trim_start_matches('#')).unwrap_or([0, 0, 0]);
    let [r, g, b] = rgb.map(|c| (f64::from(c) * (1.0 - share)).round() as u8);
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_colour_passes_and_a_pale_one_is_refused() {
        assert_eq!(brand_colour("#0A4D8C").unwrap(), "#0a4d8c");
        assert_eq!(brand_colour("#036").unwrap(), "#003366");
        assert!(brand_colour("#ffd60a").is_err());
        assert!(brand_colour("blue").is_err());
        assert!(brand_colour("#12345g").is_err());
        assert!(contrast_with_white([0x0a, 0x4d, 0x8c]) > 8.0);
        assert_eq!(darker("#0a4d8c", 0.5), "#052746");
    }
}
