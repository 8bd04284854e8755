//! The icons browsers and phones ask for, drawn from one logo (SVG or PNG) when the theme
//! loads: `/favicon.ico` (16, 32 and 48 px), `/apple-touch-icon.png` (180 px, opaque, for iOS
//! home screens), `/icon-192.png` and `/icon-512.png` named by `/site.webmanifest` (Android's
//! home screen and install prompt), and `/og-card.png`, the sharing card of pages without a
//! picture. The logo is the theme's `static/logo.svg` unless site.toml's `[agency] logo` names
//! the agency's own.

use resvg::{tiny_skia, usvg};

/// The theme's logo, as a static file of the theme (and so also at `/logo.svg`).
pub const LOGO: &str = "logo.svg";

/// The sizes packed into `favicon.ico`: the tab, the bookmarks bar, Windows' taskbar.
const FAVICON_SIZES: [u32; 3] = [16, 32, 48];
/// The sharing card of pages without a picture of their own (the home page, lists, text-only
/// articles): the logo on white over a band of the brand colour, the size Facebook and Zalo
/// show large.
pub const SITE_CARD: &str = "og-card.png";
const CARD_SIZE: (u32, u32) = (1200, 630);
/// The theme's colour (`--brand` of style.css), when site.toml names none.
pub const BRAND: [u8; 3] = [0x0a, 0x4d, 0x8c];
/// What iOS home screens take; they round the corners themselves.
const TOUCH_SIZE: u32 = 180;
/// The touch icon is opaque (iOS fills transparency with black): the logo sits on white,
/// with a margin so rounded corners do not cut it.
const TOUCH_MARGIN: f32 = 0.1;
/// The icons a web app manifest names for Android (home screen, splash screen).
const ANDROID_SIZES: [u32; 2] = [192, 512];

/// A logo ready to draw at any size.
enum Logo {
    Svg(Box<usvg::Tree>),
    Raster(tiny_skia::Pixmap),
}

impl Logo {
    /// An SVG, or a PNG when `png` is set, checked against the decoding limits first.
    fn read(bytes: &[u8], png: bool) -> Result<Logo, String> {
        if !png {
            super::guard::svg(bytes).map_err(|why| why.en)?;
            let tree = usvg::Tree::from_data(bytes, &usvg::Options::default()).map_err(|e| e.to_string())?;
            return Ok(Logo::Svg(Box::new(tree)));
        }
        let (w, h) = imagesize::blob_size(bytes).map(|s| (s.width, s.height)).map_err(|e| e.to_string())?;
        super::guard::dimensions(w as u32, h as u32).map_err(|why| why.en)?;
        super::guard::complete("png", &mut std::io::Cursor::new(bytes)).map_err(|why| why.en)?;
        let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Png).map_err(|e| e.to_string())?;
        let rgba = img.to_rgba8();
        let size = tiny_skia::IntSize::from_wh(rgba.width(), rgba.height()).ok_or("the logo is empty")?;
        let data = rgba
            .pixels()
            .flat_map(|p| {
                let c = tiny_skia::ColorU8::from_rgba(p[0], p[1], p[2], p[3]).premultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        Ok(Logo::Raster(tiny_skia::Pixmap::from_vec(data, size).ok_or("the logo has the wrong size")?))
    }

    fn size(&self) -> (f32, f32) {
        match self {
            Logo::Svg(tree) => (tree.size().width(), tree.size().height()),
            Logo::Raster(p) => (p.width() as f32, p.height() as f32),
        }
    }

    /// Draws the logo scaled by `scale` with its top left corner at (`x`, `y`).
    fn render(&self, scale: f32, x: f32, y: f32, onto: &mut tiny_skia::Pixmap) {
        let at = tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, x, y);
        match self {
            Logo::Svg(tree) => resvg::render(tree, at, &mut onto.as_mut()),
            Logo::Raster(p) => {
                let paint = tiny_skia::PixmapPaint { quality: tiny_skia::FilterQuality::Bicubic, ..Default::default() };
                onto.draw_pixmap(0, 0, p.as_ref(), &paint, at, None);
            }
        }
    }
}

/// The icon files made from a logo (an SVG, or a PNG when `png` is set) with the brand colour
/// `brand`, by output path. An error says why the logo cannot be drawn.
pub fn icon_files(logo: &[u8], png: bool, brand: [u8; 3]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let logo = Logo::read(logo, png)?;
    let mut pngs = Vec::new();
    for size in FAVICON_SIZES {
        pngs.push((size, self::png(&draw(&logo, size, 0.0, None)?)?));
    }
    let mut files = vec![
        ("favicon.ico".to_string(), ico(&pngs)),
        ("apple-touch-icon.png".into(), self::png(&draw(&logo, TOUCH_SIZE, TOUCH_MARGIN, Some([255, 255, 255]))?)?),
        (SITE_CARD.into(), self::png(&site_card(&logo, brand)?)?),
    ];
    for size in ANDROID_SIZES {
        // Android masks icons to a circle or a rounded square: the logo keeps to the safe zone.
        files.push((format!("icon-{size}.png"), self::png(&draw(&logo, size, 0.1, Some([255, 255, 255]))?)?));
    }
    Ok(files)
}

/// The web app manifest (`/site.webmanifest`): the name, colour and icons a phone shows when
/// the portal is added to its home screen.
pub const MANIFEST: &str = "site.webmanifest";

/// The text of [`MANIFEST`] for a portal called `name` in the colour `brand`.
pub fn manifest(name: &str, [r, g, b]: [u8; 3]) -> String {
    let colour = format!("#{r:02x}{g:02x}{b:02x}");
    let icons: Vec<_> = ANDROID_SIZES
        .iter()
        .map(|s| serde_json::json!({"src": format!("icon-{s}.png"), "sizes": format!("{s}x{s}"), "type": "image/png", "purpose": "any maskable"}))
        .collect();
    let short: String = name.chars().take(24).collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "name": name,
        "short_name": short,
        "start_url": "./",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": icons,
    }))
    .unwrap_or_default()
}

/// [`SITE_CARD`]: white, the logo centred in the upper part, a band of the brand colour below.
fn site_card(logo: &Logo, [r, g, b]: [u8; 3]) -> Result<tiny_skia::Pixmap, String> {
    let (width, height) = CARD_SIZE;
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or("cannot allocate the card")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let band = 120.0;
    let mut paint = tiny_skia::Paint::default();
    paint.set_color_rgba8(r, g, b, 255);
    let rect = tiny_skia::Rect::from_xywh(0.0, height as f32 - band, width as f32, band).ok_or("bad band")?;
    pixmap.fill_rect(rect, &paint, tiny_skia::Transform::identity(), None);
    let (w, h) = logo.size();
    let room = (height as f32 - band) * 0.7;
    let scale = (room / w).min(room / h);
    let x = (width as f32 - w * scale) / 2.0;
    let y = (height as f32 - band - h * scale) / 2.0;
    logo.render(scale, x, y, &mut pixmap);
    Ok(pixmap)
}

/// The logo drawn centred in a `size` square, scaled to fit inside `margin` (a fraction of the
/// side) on each edge, over `background` or on transparency.
fn draw(logo: &Logo, size: u32, margin: f32, background: Option<[u8; 3]>) -> Result<tiny_skia::Pixmap, String> {
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("cannot allocate the icon")?;
    if let Some([r, g, b]) = background {
        pixmap.fill(tiny_skia::Color::from_rgba8(r, g, b, 255));
    }
    let (w, h) = logo.size();
    let inner = size as f32 * (1.0 - 2.0 * margin);
    let scale = (inner / w).min(inner / h);
    let x = (size as f32 - w * scale) / 2.0;
    let y = (size as f32 - h * scale) / 2.0;
    logo.render(scale, x, y, &mut pixmap);
    Ok(pixmap)
}

/// A pixmap as PNG (tiny-skia keeps premultiplied colours; PNG wants straight ones).
fn png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    let buffer = super::svg::straight(pixmap)?;
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
        let files = icon_files(LOGO_SVG, false, BRAND).unwrap();
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
        assert!(icon_files(b"<svg", false, BRAND).is_err());
        assert!(icon_files(b"not an svg", false, BRAND).is_err());
        assert!(icon_files(b"\x89PNG\r\n\x1a\n", true, BRAND).is_err());
    }

    #[test]
    fn a_png_logo_and_a_brand_colour_make_the_same_set() {
        let mut png = Vec::new();
        let img = image::RgbaImage::from_pixel(64, 32, image::Rgba([0x80, 0, 0, 255]));
        img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let files = icon_files(&png, true, [0x80, 0, 0]).unwrap();
        let names: Vec<_> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["favicon.ico", "apple-touch-icon.png", SITE_CARD, "icon-192.png", "icon-512.png"]);
        let card = image::load_from_memory(&files[2].1).unwrap().to_rgba8();
        assert_eq!(card.get_pixel(600, 620).0, [0x80, 0, 0, 255], "the band in the brand colour");
        assert_eq!(card.get_pixel(600, 250).0, [0x80, 0, 0, 255], "the PNG logo in the middle");
        let big = image::load_from_memory(&files[4].1).unwrap();
        assert_eq!((big.width(), big.height()), (512, 512));
        let manifest: serde_json::Value =
            serde_json::from_str(&manifest("Bảo hiểm xã hội tỉnh Mẫu Sơn", [0x80, 0, 0])).unwrap();
        assert_eq!(manifest["theme_color"], "#800000");
        assert_eq!(manifest["icons"][1]["src"], "icon-512.png");
    }
}
