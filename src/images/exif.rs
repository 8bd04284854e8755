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

/// A published original without what a camera or phone writes about where and with what it
/// was taken: a JPEG's EXIF (GPS position, camera serial, owner), XMP and IPTC segments, a
/// WebP's EXIF and XMP chunks. The orientation stays (in a minimal EXIF block of its own), so
/// the photo still shows upright. `None` when there is nothing to remove, or the file is not a
/// JPEG or WebP whose structure reads (it is then published as it is; the decoder reports it).
pub fn without_private_metadata(bytes: &[u8]) -> Option<Vec<u8>> {
    let turn = exif_value(orientation(std::io::Cursor::new(bytes)));
    let stripped = if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_stripped(bytes, turn)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        webp_stripped(bytes, turn)
    } else {
        None
    };
    // A file already stripped gets its own orientation block back: nothing changed.
    stripped.filter(|out| out.as_slice() != bytes)
}

/// The EXIF value of an orientation, or `None` for upright pixels.
fn exif_value(orientation: Orientation) -> Option<u16> {
    Some(match orientation {
        Orientation::NoTransforms => return None,
        Orientation::FlipHorizontal => 2,
        Orientation::Rotate180 => 3,
        Orientation::FlipVertical => 4,
        Orientation::Rotate90FlipH => 5,
        Orientation::Rotate90 => 6,
        Orientation::Rotate270FlipH => 7,
        Orientation::Rotate270 => 8,
    })
}

/// The TIFF structure of an EXIF block saying only `orientation` (little-endian, one IFD0 entry).
pub(crate) fn orientation_tiff(orientation: u16) -> Vec<u8> {
    let mut tiff = Vec::with_capacity(26);
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

fn jpeg_stripped(b: &[u8], turn: Option<u16>) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(&b[..2]);
    let (mut pos, mut dropped, mut after_app0, mut kept_orientation) = (2, false, 2, false);
    loop {
        if *b.get(pos)? != 0xFF {
            return None;
        }
        let mut at = pos + 1;
        while *b.get(at)? == 0xFF {
            at += 1;
        }
        let marker = b[at];
        match marker {
            // The scan (and the rest of the file) is copied as it is.
            0xDA | 0xD9 => {
                out.extend_from_slice(&b[pos..]);
                break;
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&b[pos..=at]);
                pos = at + 1;
                continue;
            }
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*b.get(at + 1)?, *b.get(at + 2)?]));
        let end = (at + 1).checked_add(len).filter(|&end| len >= 2 && end <= b.len())?;
        let payload = &b[at + 3..end];
        // An EXIF block that says nothing but the orientation stays where it is.
        let only_orientation =
            turn.is_some_and(|t| payload.strip_prefix(b"Exif\0\0") == Some(&orientation_tiff(t)[..]));
        kept_orientation |= only_orientation;
        let private = match marker {
            0xE1 if only_orientation => false,
            0xE1 => {
                payload.starts_with(b"Exif\0\0")
                    || payload.starts_with(b"http://ns.adobe.com/xap/1.0/")
                    || payload.starts_with(b"http://ns.adobe.com/xmp/extension/")
            }
            // APP13: Photoshop's IPTC block (captions, places, people).
            0xED => true,
            _ => false,
        };
        if private {
            dropped = true;
        } else {
            out.extend_from_slice(&b[pos..end]);
            if marker == 0xE0 && after_app0 == 2 {
                after_app0 = out.len();
            }
        }
        pos = end;
    }
    if !dropped {
        return None;
    }
    if let Some(turn) = turn.filter(|_| !kept_orientation) {
        let tiff = orientation_tiff(turn);
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
        segment.extend_from_slice(b"Exif\0\0");
        segment.extend_from_slice(&tiff);
        out.splice(after_app0..after_app0, segment);
    }
    Some(out)
}

fn webp_stripped(b: &[u8], turn: Option<u16>) -> Option<Vec<u8>> {
    let mut out = b[..12].to_vec();
    let (mut pos, mut dropped, mut vp8x) = (12, false, None);
    while pos < b.len() {
        let header = b.get(pos..pos + 8)?;
        let size = u32::from_le_bytes(header[4..8].try_into().ok()?) as usize;
        let end = (pos + 8).checked_add(size + (size & 1)).filter(|&end| end <= b.len())?;
        match &header[..4] {
            b"EXIF" | b"XMP " => dropped = true,
            fourcc => {
                if fourcc == b"VP8X" {
                    vp8x = Some(out.len() + 8);
                }
                out.extend_from_slice(&b[pos..end]);
            }
        }
        pos = end;
    }
    if !dropped {
        return None;
    }
    if let Some(flags) = vp8x {
        // Bit 2: XMP present, bit 3: EXIF present.
        out[flags] &= !0b1100;
        if let Some(turn) = turn {
            let tiff = orientation_tiff(turn);
            out.extend_from_slice(b"EXIF");
            out.extend_from_slice(&(tiff.len() as u32).to_le_bytes());
            out.extend_from_slice(&tiff);
            out[flags] |= 0b1000;
        }
    }
    let riff = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&riff.to_le_bytes());
    Some(out)
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
        orientation_tiff(orientation)
    }

    /// An EXIF block as a phone writes it: the orientation, and a GPS position with the
    /// latitude "GPS-SECRET" marks in the bytes.
    fn phone_tiff(orientation: u16) -> Vec<u8> {
        let mut tiff = Vec::new();
        tiff.extend_from_slice(b"II*\0");
        tiff.extend_from_slice(&8u32.to_le_bytes());
        tiff.extend_from_slice(&2u16.to_le_bytes()); // two entries
        tiff.extend_from_slice(&0x0112u16.to_le_bytes());
        tiff.extend_from_slice(&3u16.to_le_bytes());
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&orientation.to_le_bytes());
        tiff.extend_from_slice(&[0, 0]);
        tiff.extend_from_slice(&0x8825u16.to_le_bytes()); // GPS IFD pointer
        tiff.extend_from_slice(&4u16.to_le_bytes()); // LONG
        tiff.extend_from_slice(&1u32.to_le_bytes());
        tiff.extend_from_slice(&38u32.to_le_bytes());
        tiff.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
        tiff.extend_from_slice(b"GPS-SECRET");
        tiff
    }

    #[test]
    fn published_originals_lose_their_gps_and_keep_their_orientation() {
        let plain = red_blue_jpeg();
        let tiff = phone_tiff(6);
        let mut phone = vec![0xFF, 0xD8, 0xFF, 0xE1];
        phone.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
        phone.extend_from_slice(b"Exif\0\0");
        phone.extend_from_slice(&tiff);
        phone.extend_from_slice(&plain[2..]);
        assert_eq!(orientation(Cursor::new(&phone)), Orientation::Rotate90);
        let clean = without_private_metadata(&phone).expect("the EXIF block goes");
        assert!(!clean.windows(10).any(|w| w == b"GPS-SECRET"));
        assert_eq!(orientation(Cursor::new(&clean)), Orientation::Rotate90, "still upright");
        assert!(image::load_from_memory(&clean).is_ok());
        // Nothing to remove: left as it is.
        assert_eq!(without_private_metadata(&plain), None);
        assert_eq!(without_private_metadata(&clean), None, "the orientation block is not private");
        // A truncated file is left to the decoder.
        assert_eq!(without_private_metadata(&phone[..20]), None);
    }

    #[test]
    fn webp_exif_and_xmp_chunks_go() {
        let mut webp = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(8, 8))
            .write_to(&mut Cursor::new(&mut webp), image::ImageFormat::WebP)
            .unwrap();
        // Turn the simple file into an extended one with EXIF and XMP chunks.
        let bitstream = webp[12..].to_vec();
        let mut ext = b"RIFF\0\0\0\0WEBP".to_vec();
        ext.extend_from_slice(b"VP8X");
        ext.extend_from_slice(&10u32.to_le_bytes());
        ext.extend_from_slice(&[0b1100, 0, 0, 0, 7, 0, 0, 7, 0, 0]);
        ext.extend_from_slice(&bitstream);
        let tiff = phone_tiff(1);
        ext.extend_from_slice(b"EXIF");
        ext.extend_from_slice(&(tiff.len() as u32).to_le_bytes());
        ext.extend_from_slice(&tiff);
        ext.extend_from_slice(b"XMP ");
        ext.extend_from_slice(&4u32.to_le_bytes());
        ext.extend_from_slice(b"<x/>");
        let riff = (ext.len() - 8) as u32;
        ext[4..8].copy_from_slice(&riff.to_le_bytes());
        let clean = without_private_metadata(&ext).unwrap();
        assert!(!clean.windows(10).any(|w| w == b"GPS-SECRET") && !clean.windows(4).any(|w| w == b"XMP "));
        assert_eq!(clean[20] & 0b1100, 0, "the VP8X flags say so");
        assert_eq!(u32::from_le_bytes(clean[4..8].try_into().unwrap()) as usize, clean.len() - 8);
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
