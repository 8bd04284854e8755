//! The pixel work: decoding an image once, then resizing and encoding each variant.

use std::borrow::Cow;
use std::io::Cursor;

use fast_image_resize::{self as fir, ResizeAlg, ResizeOptions, Resizer};

use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use super::guard;
use super::variants::Format;

/// JPEG quality of resized JPEGs: visually the same as the original at a third of the bytes.
const JPEG_QUALITY: u8 = 82;
/// Lossy WebP quality for photos (JPEG originals).
const WEBP_QUALITY_PHOTO: f32 = 80.0;
/// Lossy WebP quality for PNG originals (charts, infographics, screenshots): higher, since
/// lettering shows artefacts first; the lossless encoding is kept when it is smaller.
const WEBP_QUALITY_GRAPHIC: f32 = 90.0;

/// Decodes an image of the given format, turned upright when it is a JPEG or WebP photo with
/// an EXIF orientation (its encoded variants carry no EXIF, so the pixels must be upright).
pub fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, String> {
    let image_format = match format {
        Format::Png => ImageFormat::Png,
        Format::Jpeg => ImageFormat::Jpeg,
        Format::WebP => ImageFormat::WebP,
    };
    // The header's size is checked before any pixel is allocated (and `check` has refused
    // such files already); the limits hold the decoder to it whatever the header claims.
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(guard::MAX_SIDE);
    limits.max_image_height = Some(guard::MAX_SIDE);
    limits.max_alloc = Some(guard::MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    guard::dimensions(width, height).map_err(|why| why.en)?;
    // PNG's eXIf chunk is left alone, as the sizes in the markup do (`exif::orientation`).
    let orientation = match format {
        Format::Png => Orientation::NoTransforms,
        Format::Jpeg | Format::WebP => decoder.orientation().unwrap_or(Orientation::NoTransforms),
    };
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// `image` scaled to exactly `width`×`height` with a Lanczos3 filter (colours weighted by their
/// opacity), or `image` itself when it has that size already.
pub fn resize(image: &DynamicImage, width: u32, height: u32) -> Cow<'_, DynamicImage> {
    if image.width() == width && image.height() == height {
        return Cow::Borrowed(image);
    }
    let mut resized = DynamicImage::new(width, height, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    match Resizer::new().resize(image, &mut resized, &options) {
        Ok(()) => Cow::Owned(resized),
        // A pixel layout the SIMD resizer does not take (none that `decode` returns today).
        Err(_) => Cow::Owned(image.resize_exact(width, height, FilterType::Lanczos3)),
    }
}

/// Encodes `image` as `format`.
pub fn encode(image: &DynamicImage, source: Format, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                Cursor::new(&mut out),
                // Within 1 % of Best's size on the demo's charts and drawings, in half the time.
                image::codecs::png::CompressionType::Default,
                image::codecs::png::FilterType::Adaptive,
            );
            image.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        Format::Jpeg => out = jpeg(&image.to_rgb8(), JPEG_QUALITY)?,
        Format::WebP => out = webp(image, source),
    }
    Ok(out)
}

/// `rgb` as a progressive JPEG: on the demo's photos 16 % smaller than `image`'s encoder made
/// them at the same quality, in a third of its time (SIMD), and a slow link shows the whole
/// picture coarse first. (Baseline with optimised Huffman tables would be smaller still, but
/// `image`'s own decoder misreads those files' colours, so other decoders might too.)
pub fn jpeg(rgb: &RgbImage, quality: u8) -> Result<Vec<u8>, String> {
    let side = |n: u32| u16::try_from(n).map_err(|_| format!("{n} pixels is too large for JPEG"));
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_progressive(true);
    encoder
        .encode(rgb.as_raw(), side(rgb.width())?, side(rgb.height())?, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn webp(image: &DynamicImage, source: Format) -> Vec<u8> {
    let (w, h) = (image.width(), image.height());
    if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        let encoder = webp::Encoder::from_rgba(rgba.as_raw(), w, h);
        webp_for(&encoder, source)
    } else {
        let rgb = image.to_rgb8();
        let encoder = webp::Encoder::from_rgb(rgb.as_raw(), w, h);
        webp_for(&encoder, source)
    }
}

fn webp_for(encoder: &webp::Encoder<'_>, source: Format) -> Vec<u8> {
    match source {
        Format::Png => {
            let lossy = encoder.encode(WEBP_QUALITY_GRAPHIC);
            let lossless = encoder.encode_lossless();
            if lossless.len() <= lossy.len() {
                lossless.to_vec()
            } else {
                lossy.to_vec()
            }
        }
        Format::Jpeg | Format::WebP => encoder.encode(WEBP_QUALITY_PHOTO).to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::variants::Variant;
    use image::{Rgb, RgbImage};

    /// `image` at the variant's size, encoded in its format, as a build makes it.
    fn variant(image: &DynamicImage, source: Format, v: &Variant) -> Result<Vec<u8>, String> {
        encode(&resize(image, v.width, v.height), source, v.format)
    }

    fn gradient(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128])))
    }

    #[test]
    fn variants_have_their_size_and_format() {
        let image = gradient(640, 400);
        for format in [Format::Png, Format::Jpeg, Format::WebP] {
            let v = Variant { rel: "a".into(), width: 320, height: 200, format };
            let bytes = variant(&image, Format::Png, &v).unwrap();
            let back = decode(&bytes, format).unwrap();
            assert_eq!((back.width(), back.height()), (320, 200), "{format:?}");
        }
    }

    #[test]
    fn a_sideways_photo_is_decoded_upright_and_its_variants_stay_upright() {
        use crate::images::exif::tests::{red_blue_jpeg, with_orientation};
        let red = |p: &Rgb<u8>| p.0[0] > 180 && p.0[2] < 60;
        let blue = |p: &Rgb<u8>| p.0[2] > 180 && p.0[0] < 60;
        // Stored 400×200, left half red; orientation 6 turns it a quarter clockwise: 200×400,
        // red on top.
        let upright = decode(&with_orientation(&red_blue_jpeg(), 6), Format::Jpeg).unwrap().to_rgb8();
        assert_eq!(upright.dimensions(), (200, 400));
        assert!(red(upright.get_pixel(100, 50)) && blue(upright.get_pixel(100, 350)));
        // Orientation 8 turns it the other way: blue on top.
        let other = decode(&with_orientation(&red_blue_jpeg(), 8), Format::Jpeg).unwrap().to_rgb8();
        assert!(blue(other.get_pixel(100, 50)) && red(other.get_pixel(100, 350)));
        // Variants carry no EXIF: their pixels are upright.
        let image = decode(&with_orientation(&red_blue_jpeg(), 6), Format::Jpeg).unwrap();
        let v = Variant { rel: "a-100.webp".into(), width: 100, height: 200, format: Format::WebP };
        let webp = decode(&variant(&image, Format::Jpeg, &v).unwrap(), Format::WebP).unwrap().to_rgb8();
        assert_eq!(webp.dimensions(), (100, 200));
        assert!(red(webp.get_pixel(50, 25)) && blue(webp.get_pixel(50, 175)));
        // Without the tag nothing turns.
        assert_eq!(decode(&red_blue_jpeg(), Format::Jpeg).unwrap().to_rgb8().dimensions(), (400, 200));
    }

    #[test]
    fn a_sideways_webp_is_decoded_upright() {
        use crate::images::exif::tests::{tiff, webp};
        let upright = decode(&webp(Some(tiff(6))), Format::WebP).unwrap();
        assert_eq!((upright.width(), upright.height()), (20, 40));
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        assert!(decode(b"\x89PNG\r\n\x1a\nnot really", Format::Png).is_err());
    }
}
