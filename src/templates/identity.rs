//! The agency's look on the theme: `[agency] logo` and `brand_colour` of site.toml put in place
//! of the theme's logo and colours, the icons and the sharing card drawn from them, and the web
//! app manifest written in the portal's name.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::agency::darker;
use crate::content::config::find_line;
use crate::content::Config;
use crate::diag::Diagnostic;
use crate::images::icons;
use crate::msg;

/// Where the stylesheet names the brand colour and its two darker shades (`style.css`).
const SHADES: [(&str, f64); 3] = [("--brand:", 0.0), ("--brand-dark:", 0.3), ("--brand-deep:", 0.5)];

/// Applies site.toml's identity to the theme's static files. A logo that cannot be read or
/// drawn is an error at its line of site.toml.
pub fn apply(statics: &mut BTreeMap<String, Vec<u8>>, root: &Path, config: &Config) -> Result<(), Vec<Diagnostic>> {
    let agency = &config.agency;
    let brand = agency.brand_colour.as_deref().map_or(icons::BRAND, rgb);
    if let Some(rel) = &agency.logo {
        let png = rel.to_ascii_lowercase().ends_with(".png");
        let bytes =
            std::fs::read(root.join("content").join(rel)).map_err(|e| vec![logo_error(root, rel, &e.to_string())])?;
        let files = icons::icon_files(&bytes, png, brand).map_err(|e| vec![logo_error(root, rel, &e)])?;
        statics.extend(files);
        if png {
            statics.remove(icons::LOGO);
            statics.insert(LOGO_PNG.into(), bytes);
        } else {
            statics.insert(icons::LOGO.into(), bytes);
        }
    } else if agency.brand_colour.is_some() {
        // The theme's logo, already checked when the theme loaded, on the agency's colour.
        if let Some(files) = statics.get(icons::LOGO).and_then(|l| icons::icon_files(l, false, brand).ok()) {
            statics.extend(files);
        }
    }
    if let Some(hex) = &agency.brand_colour {
        if let Some(css) = statics.get_mut("style.css") {
            *css = recolour(&String::from_utf8_lossy(css), hex).into_bytes();
        }
    }
    statics.insert(icons::MANIFEST.into(), icons::manifest(&config.title, brand).into_bytes());
    Ok(())
}

/// The file name of a PNG logo in the output.
pub const LOGO_PNG: &str = "logo.png";

/// The address of the logo among the static files: `logo.png` when the agency's logo is a PNG.
pub fn logo_file(config: &Config) -> &'static str {
    match &config.agency.logo {
        Some(l) if l.to_ascii_lowercase().ends_with(".png") => LOGO_PNG,
        _ => icons::LOGO,
    }
}

/// The brand colour as the theme's colour: `#rrggbb` as bytes (already checked by site.toml).
fn rgb(hex: &str) -> [u8; 3] {
    let hex = hex.trim_start_matches('#');
    let byte = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    [byte(0), byte(2), byte(4)]
}

/// The stylesheet with its brand colour and shades replaced by `hex` and shades of it.
fn recolour(css: &str, hex: &str) -> String {
    let mut out = css.to_string();
    for (property, share) in SHADES {
        let Some(start) = out.find(property) else { continue };
        let value = start + property.len();
        let Some(end) = out[value..].find(';').map(|e| value + e) else { continue };
        out.replace_range(value..end, &format!(" {}", darker(hex, share)));
    }
    out
}

fn logo_error(root: &Path, rel: &str, why: &str) -> Diagnostic {
    let text = std::fs::read_to_string(root.join("content/site.toml")).unwrap_or_default();
    Diagnostic::error(
        "content/site.toml",
        find_line(&text, "logo"),
        1,
        msg!("không dùng được logo content/{rel}: {why}", "cannot use the logo content/{rel}: {why}"),
    )
    .with_hint(msg!(
        "logo phải là tệp SVG hoặc PNG mở được bằng trình duyệt, đặt trong content/",
        "the logo must be an SVG or PNG file a browser opens, inside content/"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_takes_the_brand_colour_and_its_shades() {
        let css = ":root {\n  --brand: #0a4d8c;\n  --brand-dark: #073763;\n  --brand-deep: #052a4c;\n}";
        let out = recolour(css, "#800000");
        assert_eq!(out, ":root {\n  --brand: #800000;\n  --brand-dark: #5a0000;\n  --brand-deep: #400000;\n}");
        assert_eq!(rgb("#0a4d8c"), [0x0a, 0x4d, 0x8c]);
    }
}
