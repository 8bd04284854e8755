//! EXIF orientation of JPEG and WebP photos. Phones store pixels as the sensor read them and
//! say in an EXIF Orientation tag how to turn them; browsers honour the tag when they show the
//! original, so loa's sizes, variants and cards must too. Read from the headers only: a JPEG's
//! segments before its image data, a WebP's chunk list.

use std::io::{BufRead, Read, Seek, SeekFrom};

use image::metadata::Orientation;
use image::ImageDecoder;

/// The orientation of a JPEG or WebP read from `r` (positioned at the file's start);
/// `NoTransforms` for other formats, for files without the tag and for unreadable headers (the
/// decoder reports those later).
pub fn orientation<R: BufRead + Seek>(mut r: R) -> Orientation {
    let mut magic = [0u8; 12];
    let start = r.stream_position().unwrap_or(0);
    if r.read_exact(&mut magic).is_err() || r.seek(SeekFrom::Start(start)).is_err() {
        return Orientation::NoTransforms;
    }
    let found = if magic.starts_with(&[0xFF, 0xD8]) {
        jpeg(&mut r)
    } else if &magic[..4] == b"RIFF" && &magic[8..] == b"WEBP" {
        image::codecs::webp::WebPDecoder::new(r).ok().and_then(|mut d| d.orientation().ok())
    } else {
        None
    };
    found.unwrap_or(Orientation::NoTransforms)
}

/// The orientation in a JPEG's EXIF (APP1) segment: the markers are walked up to the start of
/// the scan, skipping every other segment, so the image data is never read.
fn jpeg<R: Read + Seek>(r: &mut R) -> Option<Orientation> {
    let mut two = [0u8; 2];
    r.read_exact(&mut two).ok()?; // SOI
    loop {
        r.read_exact(&mut two).ok()?;
        if two[0] != 0xFF {
            return None;
        }
        let mut marker = two[1];
        // Fill bytes: any number of 0xFF before the marker.
        while marker == 0xFF {
            r.read_exact(&mut two[..1]).ok()?;
            marker = two[0];
        }
        match marker {
            // Start of scan, end of image: no EXIF before the pixels.
            0xDA | 0xD9 => return None,
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        r.read_exact(&mut two).ok()?;
        let len = usize::from(u16::from_be_bytes(two)).checked_sub(2)?;
        if marker == 0xE1 {
            let mut segment = vec![0u8; len];
            r.read_exact(&mut segment).ok()?;
            if let Some(tiff) = segment.strip_prefix(b"Exif\0\0") {
                return Orientation::from_exif_chunk(tiff);
            }
        } else {
            r.seek(SeekFrom::Current(len as i64)).ok()?;
        }
    }
}

/// Whether showing the pixels upright turns them a quarter: width and height swap.
pub fn turns(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Cursor;

    use super::*;

    /// The TIFF structure of an EXIF block saying `orientation` (little-endian, one IFD0 entry).
    pub fn tiff(orientation: u16) -> Vec<u8> {
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"II*\0");
        tiff.extend_from_slice(&8u32.to_le_bytes()); // IFD0 right after the header
        tiff.extend_from_slice(&1u16.to_le_bytes()); // one entry
        tiff.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
        tiff.extend_from_slice(&3u16.to_le_bytes()); // SHORT
        tiff.extend_from_slice(&1u32.to_le_bytes()); // count
        tiff.extend_from_slice(&orientation.to_le_bytes());
        tiff.extend_from_slice(&[0, 0]); // value padding
        tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
        tiff
    }

    /// `jpeg` with an EXIF segment saying `orientation` inserted right after its SOI marker,
    /// as a phone camera writes it (little-endian TIFF, one IFD0 entry).
    pub fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
        assert_eq!(&jpeg[..2], [0xFF, 0xD8]);
        let tiff = tiff(orientation);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
        out.extend_from_slice(b"Exif\0\0");
        out.extend_from_slice(&tiff);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    /// A 400×200 JPEG, left half red and right half blue.
    pub fn red_blue_jpeg() -> Vec<u8> {
        let image =
            image::RgbImage::from_fn(
                400,
                200,
                |x, _| {
                    if x < 200 {
                        image::Rgb([230, 0, 0])
                    } else {
                        image::Rgb([0, 0, 230])
                    }
                },
            );
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(image).write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn reads_the_tag_of_a_jpeg_from_its_headers() {
        let plain = red_blue_jpeg();
        assert_eq!(orientation(Cursor::new(&plain)), Orientation::NoTransforms);
        for (tag, want) in [(3, Orientation::Rotate180), (6, Orientation::Rotate90), (8, Orientation::Rotate270)] {
            assert_eq!(orientation(Cursor::new(with_orientation(&plain, tag))), want, "{tag}");
        }
        // Only the headers: the scan is never reached, so a truncated file still tells.
        let sideways = with_orientation(&plain, 6);
        assert_eq!(orientation(Cursor::new(&sideways[..sideways.len() / 2])), Orientation::Rotate90);
        assert_eq!(orientation(Cursor::new(&b"not an image"[..])), Orientation::NoTransforms);
        assert_eq!(orientation(Cursor::new(&[0xFF, 0xD8, 0xFF][..])), Orientation::NoTransforms);
    }

    /// A grey 40×20 lossless WebP, with `exif` as its EXIF chunk.
    pub fn webp(exif: Option<Vec<u8>>) -> Vec<u8> {
        use image::ImageEncoder;
        let pixels = vec![90u8; 40 * 20 * 3];
        let mut out = Vec::new();
        let mut encoder = image::codecs::webp::WebPEncoder::new_lossless(&mut out);
        if let Some(exif) = exif {
            encoder.set_exif_metadata(exif).unwrap();
        }
        encoder.write_image(&pixels, 40, 20, image::ExtendedColorType::Rgb8).unwrap();
        out
    }

    #[test]
    fn reads_the_tag_of_a_webp() {
        assert_eq!(orientation(Cursor::new(webp(None))), Orientation::NoTransforms);
        assert_eq!(orientation(Cursor::new(webp(Some(tiff(6))))), Orientation::Rotate90);
    }
}
