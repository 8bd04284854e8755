//! The sharing card of a page without a picture of its own (the home page, lists, text-only
//! items): 1200×630, the page's title large over the agency's logo and name, a band of the
//! brand colour with the portal's address below, so a link shared to Zalo or Facebook says
//! what it leads to. Drawn with Be Vietnam Pro Bold (SIL OFL 1.1, assets/fonts/, embedded and
//! cut to Latin and Vietnamese), the same on every machine whatever fonts it has.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::text::escape_html;

pub(super) const FONT: &[u8] = include_bytes!("../../assets/fonts/BeVietnamPro-Bold-vi.ttf");
pub(super) const FAMILY: &str = "Be Vietnam Pro";
const WIDTH: u32 = 1200;
const HEIGHT: u32 = 630;
const MARGIN: f32 = 72.0;
const BAND: f32 = 96.0;
const INK: &str = "#1a1f26";
/// Title sizes tried in turn until the title fits in [`MAX_LINES`] lines.
const SIZES: [f32; 3] = [64.0, 56.0, 48.0];
const MAX_LINES: usize = 4;

/// What every card of a portal shares.
pub struct CardStyle {
    /// The agency's name (or the portal's title), beside the logo.
    pub name: String,
    /// The portal's address without the scheme, in the band.
    pub host: String,
    /// `#rrggbb`.
    pub brand: String,
    /// The logo as an SVG document, drawn at the top left (a PNG logo comes wrapped in one).
    pub logo_svg: Option<String>,
}

fn fonts() -> &'static Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        Arc::new(db)
    })
}

fn face() -> Option<ttf_parser::Face<'static>> {
    ttf_parser::Face::parse(FONT, 0).ok()
}

/// The width of `text` at `size` px.
fn width(face: &ttf_parser::Face<'_>, text: &str, size: f32) -> f32 {
    let scale = size / f32::from(face.units_per_em());
    text.chars()
        .map(|c| {
            face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(size * 0.55, |a| f32::from(a) * scale)
        })
        .sum()
}

/// `text` cut into lines no wider than `room` at `size`, at most `max` of them (the last ends
/// with "…" when words are left over). A word longer than a line is cut.
fn wrap(face: &ttf_parser::Face<'_>, text: &str, size: f32, room: f32, max: usize) -> (Vec<String>, bool) {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let tried = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if width(face, &tried, size) <= room {
            line = tried;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word.to_string();
        while width(face, &rest, size) > room {
            let mut cut = String::new();
            for c in rest.chars() {
                if width(face, &format!("{cut}{c}"), size) > room {
                    break;
                }
                cut.push(c);
            }
            if cut.is_empty() {
                break;
            }
            rest = rest[cut.len()..].to_string();
            lines.push(cut);
        }
        line = rest;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let fits = lines.len() <= max;
    if !fits {
        lines.truncate(max);
        let last = lines.last_mut().expect("max is at least 1");
        while !last.is_empty() && width(face, &format!("{last} …"), size) > room {
            last.pop();
        }
        last.push_str(" …");
    }
    (lines, fits)
}

/// The card of a page titled `title`, as PNG.
pub fn title_card(title: &str, style: &CardStyle) -> Result<Vec<u8>, String> {
    let face = face().ok_or("the card font cannot be read")?;
    let room = WIDTH as f32 - 2.0 * MARGIN;
    let mut chosen = None;
    for size in SIZES {
        let (lines, fits) = wrap(&face, title, size, room, MAX_LINES);
        chosen = Some((size, lines));
        if fits {
            break;
        }
    }
    let (size, lines) = chosen.unwrap_or((SIZES[0], Vec::new()));
    let logo = 88.0;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="100%" height="100%" fill="#fff"/><rect y="{}" width="{WIDTH}" height="{BAND}" fill="{}"/>"##,
        HEIGHT as f32 - BAND,
        style.brand
    );
    let name_x = if style.logo_svg.is_some() { MARGIN + logo + 24.0 } else { MARGIN };
    let (name_lines, _) = wrap(&face, &style.name, 30.0, WIDTH as f32 - MARGIN - name_x, 2);
    let name_top = MARGIN + logo / 2.0 - (name_lines.len() as f32 * 38.0) / 2.0 + 28.0;
    for (i, l) in name_lines.iter().enumerate() {
        svg.push_str(&text(name_x, name_top + i as f32 * 38.0, 30.0, &style.brand, l));
    }
    let block = lines.len() as f32 * size * 1.22;
    let area_top = MARGIN + logo + 24.0;
    let area = HEIGHT as f32 - BAND - area_top - 24.0;
    let first = area_top + (area - block).max(0.0) / 2.0 + size;
    for (i, l) in lines.iter().enumerate() {
        svg.push_str(&text(MARGIN, first + i as f32 * size * 1.22, size, INK, l));
    }
    svg.push_str(&text(MARGIN, HEIGHT as f32 - BAND / 2.0 + 11.0, 30.0, "#fff", &style.host));
    svg.push_str("</svg>");

    let options = usvg::Options { fontdb: Arc::clone(fonts()), ..Default::default() };
    let tree = usvg::Tree::from_str(&svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot allocate the card")?;
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    if let Some(logo_svg) = &style.logo_svg {
        let logo_tree = usvg::Tree::from_str(logo_svg, &usvg::Options::default()).map_err(|e| e.to_string())?;
        let s = logo_tree.size();
        let scale = (logo / s.width()).min(logo / s.height());
        let at = tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, MARGIN, MARGIN);
        resvg::render(&logo_tree, at, &mut pixmap.as_mut());
    }
    png(&pixmap)
}

fn text(x: f32, y: f32, size: f32, fill: &str, content: &str) -> String {
    format!(
        r#"<text x="{x}" y="{y}" font-family="{FAMILY}" font-weight="700" font-size="{size}" fill="{fill}">{}</text>"#,
        escape_html(content)
    )
}

/// As PNG: flat colours and letters make a smaller PNG than JPEG, and sharper.
fn png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    // Opaque everywhere (a white ground), so the premultiplied pixels are the colours.
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    );
    image::ImageEncoder::write_image(encoder, &rgb, WIDTH, HEIGHT, image::ExtendedColorType::Rgb8)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> CardStyle {
        CardStyle {
            name: "Bảo hiểm xã hội tỉnh Mẫu Sơn".into(),
            host: "bhxh-mauson.example.vn".into(),
            brand: "#0a4d8c".into(),
            logo_svg: Some(include_str!("../../themes/default/static/logo.svg").into()),
        }
    }

    #[test]
    fn a_long_vietnamese_title_is_wrapped_and_drawn() {
        let face = face().unwrap();
        let title = "Hướng dẫn đăng ký, gia hạn thẻ bảo hiểm y tế hộ gia đình và bảo hiểm xã hội tự nguyện trên ứng dụng VssID năm 2026";
        let (lines, fits) = wrap(&face, title, 64.0, 1056.0, 4);
        assert!(fits && lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| width(&face, l, 64.0) <= 1056.0));
        assert_eq!(lines.join(" "), title);
        // Every Vietnamese letter has its glyph.
        assert!("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ".chars().all(|c| face.glyph_index(c).is_some()));

        let started = std::time::Instant::now();
        let card = title_card(title, &style()).unwrap();
        eprintln!("one card: {:?}, {} bytes", started.elapsed(), card.len());
        if let Ok(path) = std::env::var("LOA_CARD_OUT") {
            std::fs::write(path, &card).unwrap();
        }
        let img = image::load_from_memory(&card).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
        let band = img.get_pixel(1100, 600).0;
        assert!(band[2] > 120 && band[0] < 30, "the band in the brand colour: {band:?}");
        // Dark title letters somewhere in the middle rows.
        let dark = (200..450)
            .flat_map(|y| (72..1128).map(move |x| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0[0] < 80)
            .count();
        assert!(dark > 5_000, "{dark} dark pixels");
    }

    #[test]
    fn a_title_too_long_ends_with_an_ellipsis() {
        let face = face().unwrap();
        let title = "bảo hiểm ".repeat(60);
        let (lines, fits) = wrap(&face, &title, 48.0, 1056.0, 4);
        assert!(!fits);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with(" …"));
        let (lines, _) = wrap(&face, &"x".repeat(200), 48.0, 1056.0, 4);
        assert!(lines.iter().all(|l| width(&face, l, 48.0) <= 1056.0 + 1.0));
    }
}
