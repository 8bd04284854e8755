//! The icons browsers and phones ask for, drawn from one SVG logo when the theme loads:
//! `/favicon.ico` (16, 32 and 48 px), `/apple-touch-icon.png` (180 px, opaque, for home
//! screens). The logo itself is the SVG icon. The logo is the theme's `static/logo.svg` today;
//! a site's own logo can take its place by passing its bytes instead.

use image::{ImageBuffer, Rgba};
use resvg::{tiny_skia, usvg};

/// The theme's logo, as a static file of the theme (and so also at `/logo.svg`).
pub const LOGO: &str = "logo.svg";

/// The sizes packed into `favicon.ico`: the tab, the bookmarks bar, Windows' taskbar.
const FAVICON_SIZES: [u32; 3] = [16, 32, 48];
/// The sharing card of pages without a picture of their own (the home page, lists, text-only
/// articles): the logo on white over a band of the theme's colour, the size Facebook and Zalo
/// show large.
pub const SITE_CARD: &str = "og-card.png";
const CARD_SIZE: (u32, u32) = (1200, 630);
/// The theme's colour (`--brand` of style.css).
const BRAND: [u8; 3] = [0x0a, 0x4d, 0x8c];
/// What iOS and Android home screens take; they round the corners themselves.
const TOUCH_SIZE: u32 = 180;
/// The touch icon is opaque (iOS fills transparency with black): the logo sits on white,
/// with a margin so rounded corners do not cut it.
const TOUCH_MARGIN: f32 = 0.1;

/// The icon files made from an SVG `logo`, by output path. An error says why the SVG cannot
/// be drawn.
pub fn icon_files(logo: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    super::guard::svg(logo).map_err(|why| why.en)?;
    let tree = usvg::Tree::from_data(logo, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let mut pngs = Vec::new();
    for size in FAVICON_SIZES {
        pngs.push((size, png(&draw(&tree, size, 0.0, None)?)?));
    }
    let touch = png(&draw(&tree, TOUCH_SIZE, TOUCH_MARGIN, Some([255, 255, 255]))?)?;
    let card = png(&site_card(&tree)?)?;
    Ok(vec![("favicon.ico".into(), ico(&pngs)), ("apple-touch-icon.png".into(), touch), (SITE_CARD.into(), card)])
}

/// [`SITE_CARD`]: white, the logo centred in the upper part, a band of the brand colour below.
fn site_card(tree: &usvg::Tree) -> Result<tiny_skia::Pixmap, String> {
    let (width, height) = CARD_SIZE;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("cannot allocate the card")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let band = 120.0;
    let [r, g, b] = BRAND;
    let mut paint = tiny_skia::Paint::default();
    paint.set_color_rgba8(r, g, b, 255);
    let rect = tiny_skia::Rect::from_xywh(0.0, height as f32 - band, width as f32, band).ok_or("bad band")?;
    pixmap.fill_rect(rect, &paint, tiny_skia::Transform::identity(), None);
    let logo = tree.size();
    let room = (height as f32 - band) * 0.7;
    let scale = (room / logo.width()).min(room / logo.height());
    let x = (width as f32 - logo.width() * scale) / 2.0;
    let y = (height as f32 - band - logo.height() * scale) / 2.0;
    resvg::render(tree, tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, x, y), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// The logo drawn centred in a `size` square, scaled to fit inside `margin` (a fraction of the
/// side) on each edge, over `background` or on transparency.
fn draw(tree: &usvg::Tree, size: u32, margin: f32, background: Option<[u8; 3]>) -> Result<tiny_skia::Pixmap, String> {
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("cannot allocate the icon")?;
    if let Some([r, g, b]) = background {
        pixmap.fill(tiny_skia::Color::from_rgba8(r, g, b, 255));
    }
    let logo = tree.size();
    let inner = size as f32 * (1.0 - 2.0 * margin);
    let scale = (inner / logo.width()).min(inner / logo.height());
    let x = (size as f32 - logo.width() * scale) / 2.0;
    let y = (size as f32 - logo.height() * scale) / 2.0;
    resvg::render(tree, tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, x, y), &mut pixmap.as_mut());
    Ok(pixmap)
}

/// A pixmap as PNG (tiny-skia keeps premultiplied colours; PNG wants straight ones).
fn png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let pixels = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let buffer: ImageBuffer<Rgba<u8>, Vec<u8>> =
        ImageBuffer::from_raw(pixmap.width(), pixmap.height(), pixels).ok_or("the icon has the wrong size")?;
    let mut out = Vec::new();
    buffer.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).map_err(|e| e.to_string())?;
    Ok(out)
}

/// An ICO file holding PNG images (every browser since Internet Explorer 9 reads them): a
/// 6-byte header, a 16-byte entry per image, then the images.
fn ico(pngs: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let count = pngs.len() as u16;
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_le_bytes()); // reserved
    out.extend_from_slice(&1u16.to_le_bytes()); // 1: icon
    out.extend_from_slice(&count.to_le_bytes());
    let mut offset = 6 + 16 * u32::from(count);
    for (size, data) in pngs {
        // A side of 256 is written 0.
        let side = if *size >= 256 { 0 } else { *size as u8 };
        out.extend_from_slice(&[side, side, 0, 0]); // width, height, palette, reserved
        out.extend_from_slice(&1u16.to_le_bytes()); // colour planes
        out.extend_from_slice(&32u16.to_le_bytes()); // bits per pixel
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        offset += data.len() as u32;
    }
    for (_, data) in pngs {
        out.extend_from_slice(data);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGO_SVG: &[u8] = include_bytes!("../../themes/default/static/logo.svg");

    #[test]
    fn the_theme_logo_makes_a_favicon_and_a_touch_icon() {
        let files = icon_files(LOGO_SVG).unwrap();
        let (name, ico) = &files[0];
        assert_eq!(name, "favicon.ico");
        assert_eq!(&ico[..6], &[0, 0, 1, 0, 3, 0]);
        // Each entry points at a PNG of its size.
        for (i, size) in FAVICON_SIZES.iter().enumerate() {
            let entry = &ico[6 + 16 * i..6 + 16 * (i + 1)];
            assert_eq!(u32::from(entry[0]), *size);
            let len = u32::from_le_bytes(entry[8..12].try_into().unwrap()) as usize;
            let at = u32::from_le_bytes(entry[12..16].try_into().unwrap()) as usize;
            let img = image::load_from_memory(&ico[at..at + len]).unwrap();
            assert_eq!((img.width(), img.height()), (*size, *size));
        }
        let (name, touch) = &files[1];
        assert_eq!(name, "apple-touch-icon.png");
        let img = image::load_from_memory(touch).unwrap().to_rgba8();
        assert_eq!(img.dimensions(), (TOUCH_SIZE, TOUCH_SIZE));
        // Opaque, white at the corner, the logo's blue in the middle.
        assert!(img.pixels().all(|p| p[3] == 255));
        assert_eq!(img.get_pixel(0, 0).0, [255, 255, 255, 255]);
        assert_eq!(img.get_pixel(90, 70).0, [0x0a, 0x4d, 0x8c, 255]);
        // The sharing card: 1200×630, white above, the brand's band below, the logo in the middle.
        let (name, card) = &files[2];
        assert_eq!(name, SITE_CARD);
        let card = image::load_from_memory(card).unwrap().to_rgba8();
        assert_eq!(card.dimensions(), CARD_SIZE);
        assert_eq!(card.get_pixel(10, 10).0, [255, 255, 255, 255]);
        assert_eq!(card.get_pixel(600, 620).0, [0x0a, 0x4d, 0x8c, 255]);
        assert_eq!(card.get_pixel(600, 200).0, [0x0a, 0x4d, 0x8c, 255], "the logo's shield");
    }

    #[test]
    fn a_broken_logo_says_why() {
        assert!(icon_files(b"<svg").is_err());
        assert!(icon_files(b"not an svg").is_err());
    }
}
