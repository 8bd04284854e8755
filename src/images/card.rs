//! Open Graph cards: 1200×630, the picture scaled to fit and centred on white (letterboxed,
//! never cropped or stretched), as JPEG. Facebook and Zalo take no SVG, so SVG is rasterised.

use image::{DynamicImage, Rgb, RgbImage, RgbaImage};
use resvg::tiny_skia;

pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;
const JPEG_QUALITY: u8 = 85;
const PAPER: [u8; 3] = [255, 255, 255];

/// The size of `(w, h)` scaled to fit the card, and its offset on the card.
fn fit(w: f64, h: f64) -> (u32, u32, u32, u32) {
    let scale = (f64::from(CARD_WIDTH) / w).min(f64::from(CARD_HEIGHT) / h);
    let fw = ((w * scale).round() as u32).clamp(1, CARD_WIDTH);
    let fh = ((h * scale).round() as u32).clamp(1, CARD_HEIGHT);
    (fw, fh, (CARD_WIDTH - fw) / 2, (CARD_HEIGHT - fh) / 2)
}

/// The card of a raster image.
pub fn from_raster(image: &DynamicImage) -> Result<Vec<u8>, String> {
    let (w, h, x, y) = fit(f64::from(image.width()), f64::from(image.height()));
    let scaled = super::make::resize(image, w, h).to_rgba8();
    let mut card = RgbImage::from_pixel(CARD_WIDTH, CARD_HEIGHT, Rgb(PAPER));
    composite(&mut card, &scaled, x, y);
    jpeg(card)
}

/// The card of an SVG file.
pub fn from_svg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let tree = super::svg::tree(bytes)?;
    let size = tree.size();
    let (w, h, x, y) = fit(f64::from(size.width()), f64::from(size.height()));
    let mut pixmap = tiny_skia::Pixmap::new(CARD_WIDTH, CARD_HEIGHT).ok_or("cannot allocate the card")?;
    pixmap.fill(tiny_skia::Color::from_rgba8(PAPER[0], PAPER[1], PAPER[2], 255));
    let transform =
        tiny_skia::Transform::from_row(w as f32 / size.width(), 0.0, 0.0, h as f32 / size.height(), x as f32, y as f32);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // The pixmap is opaque (filled first), so its premultiplied pixels are the colours.
    let card = RgbImage::from_fn(CARD_WIDTH, CARD_HEIGHT, |px, py| {
        let c = pixmap.pixel(px, py).map_or([255, 255, 255], |p| [p.red(), p.green(), p.blue()]);
        Rgb(c)
    });
    jpeg(card)
}

/// Draws `top` over `card` at (x, y), blending its transparency with the paper.
fn composite(card: &mut RgbImage, top: &RgbaImage, x: u32, y: u32) {
    for (px, py, p) in top.enumerate_pixels() {
        let a = u32::from(p[3]);
        let under = card.get_pixel(x + px, y + py).0;
        let blend = |c: u8, u: u8| ((u32::from(c) * a + u32::from(u) * (255 - a) + 127) / 255) as u8;
        card.put_pixel(x + px, y + py, Rgb([blend(p[0], under[0]), blend(p[1], under[1]), blend(p[2], under[2])]));
    }
}

fn jpeg(card: RgbImage) -> Result<Vec<u8>, String> {
    super::make::jpeg(&card, JPEG_QUALITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> RgbImage {
        image::load_from_memory(bytes).unwrap().to_rgb8()
    }

    #[test]
    fn a_tall_picture_is_letterboxed_not_stretched() {
        let tall = DynamicImage::ImageRgb8(RgbImage::from_pixel(300, 600, Rgb([200, 0, 0])));
        let card = decoded(&from_raster(&tall).unwrap());
        assert_eq!(card.dimensions(), (CARD_WIDTH, CARD_HEIGHT));
        // 300×600 fits as 315×630, centred: white bands left and right, red in the middle.
        assert_eq!(fit(300.0, 600.0), (315, 630, 442, 0));
        let white = |p: &Rgb<u8>| p.0.iter().all(|&c| c > 245);
        assert!(white(card.get_pixel(10, 315)));
        assert!(white(card.get_pixel(1190, 315)));
        assert!(card.get_pixel(600, 315).0[0] > 180 && card.get_pixel(600, 315).0[1] < 40);
    }

    #[test]
    fn a_sideways_photo_is_carded_upright() {
        use crate::images::exif::tests::{red_blue_jpeg, with_orientation};
        let bytes = with_orientation(&red_blue_jpeg(), 6);
        let photo = crate::images::make::decode(&bytes, crate::images::Format::Jpeg).unwrap();
        let card = decoded(&from_raster(&photo).unwrap());
        // Upright 200×400 fits as 315×630: white bands at the sides, red above blue.
        assert!(card.get_pixel(300, 315).0.iter().all(|&c| c > 245));
        let (top, bottom) = (card.get_pixel(600, 100).0, card.get_pixel(600, 530).0);
        assert!(top[0] > 180 && top[2] < 60, "{top:?}");
        assert!(bottom[2] > 180 && bottom[0] < 60, "{bottom:?}");
    }

    #[test]
    fn an_svg_is_rasterised_onto_the_card() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#0d47a1"/></svg>"##;
        let card = decoded(&from_svg(svg).unwrap());
        assert_eq!(card.dimensions(), (CARD_WIDTH, CARD_HEIGHT));
        let p = card.get_pixel(600, 315).0;
        assert!(p[2] > 140 && p[0] < 40, "{p:?}");
        assert!(card.get_pixel(100, 315).0.iter().all(|&c| c > 245));
        assert!(from_svg(b"<not svg").is_err());
    }

    #[test]
    fn the_deepest_svg_allowed_renders_on_a_worker_stack_and_deeper_is_refused() {
        let depth = crate::images::guard::MAX_SVG_DEPTH;
        let nested = |n: usize| {
            format!(
                r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}<rect width="5" height="5"/>{}</svg>"#,
                "<g>".repeat(n - 1),
                "</g>".repeat(n - 1)
            )
        };
        let ok = nested(depth);
        // rayon's workers, where cards are made, have 2 MiB stacks.
        let made = std::thread::Builder::new().stack_size(2 << 20).spawn(move || from_svg(ok.as_bytes())).unwrap();
        assert!(made.join().unwrap().is_ok());
        assert!(from_svg(nested(100_000).as_bytes()).is_err());
    }
}
