//! The pixel work: decoding an image once, then resizing and encoding each variant.

use std::io::Cursor;

use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat};

use super::variants::{Format, Variant};

/// JPEG quality of resized JPEGs: visually the same as the original at a third of the bytes.
const JPEG_QUALITY: u8 = 82;
/// Lossy WebP quality for photos (JPEG originals).
const WEBP_QUALITY_PHOTO: f32 = 80.0;
/// Lossy WebP quality for PNG originals (charts, infographics, screenshots): higher, since
/// lettering shows artefacts first; the lossless encoding is kept when it is smaller.
const WEBP_QUALITY_GRAPHIC: f32 = 90.0;

/// Decodes an image of the given format.
pub fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, String> {
    let format = match format {
        Format::Png => ImageFormat::Png,
        Format::Jpeg => ImageFormat::Jpeg,
        Format::WebP => ImageFormat::WebP,
    };
    image::load_from_memory_with_format(bytes, format).map_err(|e| e.to_string())
}

/// `image` at the variant's width, encoded in the variant's format. `source` is the format of
/// the original, which decides how WebP is encoded.
pub fn variant(image: &DynamicImage, source: Format, v: &Variant) -> Result<Vec<u8>, String> {
    let resized;
    let image = if image.width() == v.width && image.height() == v.height {
        image
    } else {
        resized = image.resize_exact(v.width, v.height, FilterType::Lanczos3);
        &resized
    };
    encode(image, source, v.format)
}

/// Encodes `image` as `format`.
pub fn encode(image: &DynamicImage, source: Format, format: Format) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        Format::Png => {
            let encoder = image::codecs::png::PngEncoder::new_with_quality(
                Cursor::new(&mut out),
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            );
            image.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        Format::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut out), JPEG_QUALITY);
            rgb.write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        Format::WebP => out = webp(image, source),
    }
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
    use image::{Rgb, RgbImage};

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
    fn a_broken_file_is_an_error_not_a_panic() {
        assert!(decode(b"\x89PNG\r\n\x1a\nnot really", Format::Png).is_err());
    }
}
