//! What an image must pass before any decoder sees it: a raster image whose header declares
//! more pixels than loa can hold, a file cut short, an SVG nested deeper than a renderer's
//! stack or with entities that expand into other entities (billion laughs). Each check is
//! cheap (headers, the file's tail, one scan of the SVG text), so `loa check` runs them on
//! every image and `loa build` and `loa serve` refuse the same files before decoding.

use std::io::{Read, Seek, SeekFrom};

use crate::messages::Msg;
use crate::msg;

/// The most pixels a raster image may have: 100 megapixels (a large camera's photo), 400 MB
/// once decoded. A header declaring more (30000×30000, 65535×65535) is refused before decoding.
pub const MAX_PIXELS: u64 = 100_000_000;
/// The longest side a raster image may have (a panorama), whatever its pixel count.
pub const MAX_SIDE: u32 = 30_000;
/// The memory a decoder may allocate for one image (the pixels plus the decoder's buffers).
pub const MAX_DECODE_BYTES: u64 = 4 * MAX_PIXELS + 128 * 1024 * 1024;
/// How deep the elements of an SVG may nest; renderers recurse per level, and no drawing
/// needs more than a few dozen.
pub const MAX_SVG_DEPTH: usize = 256;
/// How many entities an SVG may declare (Illustrator declares a handful of namespaces).
const MAX_SVG_ENTITIES: usize = 64;
/// How much of a file's end is read to find its end marker.
const TAIL: u64 = 64 * 1024;

/// Refuses a raster image whose declared size (`w`×`h`) is too large to decode.
pub fn dimensions(w: u32, h: u32) -> Result<(), Msg> {
    let pixels = u64::from(w) * u64::from(h);
    if pixels > MAX_PIXELS || w > MAX_SIDE || h > MAX_SIDE {
        return Err(msg!(
            "ảnh khai báo kích thước {w}×{h} điểm ảnh, quá lớn để xử lý (tối đa {MAX_SIDE} điểm mỗi cạnh và {MAX_PIXELS} điểm ảnh)",
            "the image declares {w}×{h} pixels, too large to process (at most {MAX_SIDE} per side and {MAX_PIXELS} pixels)"
        ));
    }
    Ok(())
}

/// Refuses a PNG, JPEG, WebP or GIF file that ends before its end marker (a cut-off upload
/// or copy). `ext` is the file's lower-case extension.
pub fn complete<R: Read + Seek>(ext: &str, file: &mut R) -> Result<(), Msg> {
    let len = file.seek(SeekFrom::End(0)).map_err(io)?;
    let whole = match ext {
        // Usually the last chunk; data appended after it sends the check through the chunks.
        "png" => tail(file, len, len.min(TAIL))?.windows(8).any(|w| w == b"IEND\xaeB`\x82") || png_has_end(file, len)?,
        "gif" => tail(file, len, 1)?.last() == Some(&0x3B),
        "webp" => {
            let mut head = [0u8; 12];
            file.seek(SeekFrom::Start(0)).map_err(io)?;
            file.read_exact(&mut head).is_ok() && {
                let declared = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
                declared + 8 <= len
            }
        }
        "jpg" | "jpeg" => {
            let scan = jpeg_scan_start(file)?;
            match scan {
                Some(scan) => {
                    // The end marker is near the end, unless something is appended after it
                    // (a phone's motion photo carries a video there): then the scan is read.
                    let from = scan.max(len.saturating_sub(TAIL));
                    let has_end = |bytes: &[u8]| bytes.windows(2).any(|w| w == [0xFF, 0xD9]);
                    has_end(&tail(file, len, len - from)?) || (from > scan && has_end(&tail(file, len, len - scan)?))
                }
                None => false,
            }
        }
        _ => true,
    };
    if whole {
        Ok(())
    } else {
        Err(Msg::new(
            "tệp ảnh bị cắt cụt (thiếu phần cuối của tệp)",
            "the image file is cut short (its end is missing)",
        ))
    }
}

/// Whether the chunks of a PNG, walked by their lengths from the signature, reach `IEND`.
fn png_has_end<R: Read + Seek>(file: &mut R, len: u64) -> Result<bool, Msg> {
    let mut at = 8u64;
    let mut header = [0u8; 8];
    while at + 12 <= len {
        file.seek(SeekFrom::Start(at)).map_err(io)?;
        if file.read_exact(&mut header).is_err() {
            return Ok(false);
        }
        if &header[4..] == b"IEND" {
            return Ok(true);
        }
        at += 12 + u64::from(u32::from_be_bytes([header[0], header[1], header[2], header[3]]));
    }
    Ok(false)
}

/// The last `n` bytes of a file of length `len`.
fn tail<R: Read + Seek>(file: &mut R, len: u64, n: u64) -> Result<Vec<u8>, Msg> {
    let n = n.min(len);
    file.seek(SeekFrom::Start(len - n)).map_err(io)?;
    let mut buf = Vec::with_capacity(n as usize);
    file.take(n).read_to_end(&mut buf).map_err(io)?;
    Ok(buf)
}

/// The offset of a JPEG's first scan (after its SOS header), found by walking the segments
/// from the start, so a thumbnail inside the EXIF segment is skipped; `None` when the file
/// ends before it.
fn jpeg_scan_start<R: Read + Seek>(file: &mut R) -> Result<Option<u64>, Msg> {
    file.seek(SeekFrom::Start(2)).map_err(io)?;
    let mut at = 2u64;
    let mut marker = [0u8; 4];
    loop {
        if file.read_exact(&mut marker).is_err() {
            return Ok(None);
        }
        if marker[0] != 0xFF {
            return Ok(None);
        }
        if marker[1] == 0xFF {
            // Fill bytes before a marker.
            at += 1;
            file.seek(SeekFrom::Start(at)).map_err(io)?;
            continue;
        }
        let length = u64::from(u16::from_be_bytes([marker[2], marker[3]]));
        at += 2 + length;
        if marker[1] == 0xDA {
            return Ok(Some(at));
        }
        file.seek(SeekFrom::Start(at)).map_err(io)?;
    }
}

fn io(e: std::io::Error) -> Msg {
    Msg::from(format!("{e}"))
}

/// Refuses an SVG that a parser or renderer could not take safely: elements nested deeper
/// than [`MAX_SVG_DEPTH`], or entities that refer to other entities (the "billion laughs"
/// expansion) or too many of them. One pass over the text, no allocation per element.
pub fn svg(text: &[u8]) -> Result<(), Msg> {
    let mut depth = 0usize;
    let mut entities = 0usize;
    let mut i = 0;
    let n = text.len();
    let find = |from: usize, needle: &[u8]| -> Option<usize> {
        text.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
    };
    while i < n {
        let Some(lt) = memchr(b'<', &text[i..]) else { break };
        i += lt;
        let rest = &text[i..];
        if rest.starts_with(b"<!--") {
            i = find(i + 4, b"-->").map_or(n, |e| e + 3);
        } else if rest.starts_with(b"<![CDATA[") {
            i = find(i + 9, b"]]>").map_or(n, |e| e + 3);
        } else if rest.starts_with(b"<?") {
            i = find(i + 2, b"?>").map_or(n, |e| e + 2);
        } else if rest.starts_with(b"<!ENTITY") {
            entities += 1;
            let end = tag_end(text, i + 8);
            let value = &text[i + 8..end.min(n)];
            if entities > MAX_SVG_ENTITIES || memchr(b'&', value).is_some() || memchr(b'%', value).is_some() {
                return Err(Msg::new(
                    "SVG khai báo thực thể (ENTITY) lồng nhau hoặc quá nhiều thực thể: có thể nở ra hàng tỉ ký tự",
                    "the SVG declares entities (ENTITY) that refer to others, or too many of them: they could expand to billions of characters",
                ));
            }
            i = end + 1;
        } else if rest.starts_with(b"<!") {
            // DOCTYPE: its internal subset holds the ENTITY declarations, scanned above.
            i += 2;
            while i < n && !matches!(text[i], b'[' | b'>') {
                i += 1;
            }
            i += 1;
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = tag_end(text, i + 2) + 1;
        } else {
            let end = tag_end(text, i + 1);
            if end > i + 1 && text.get(end - 1) != Some(&b'/') {
                depth += 1;
                if depth > MAX_SVG_DEPTH {
                    return Err(msg!(
                        "các phần tử SVG lồng nhau quá {MAX_SVG_DEPTH} tầng",
                        "the SVG's elements are nested more than {MAX_SVG_DEPTH} levels deep"
                    ));
                }
            }
            i = end + 1;
        }
    }
    Ok(())
}

/// The index of the `>` that ends the tag whose name starts at `from`, skipping quoted
/// attribute values; the text's length when there is none.
fn tag_end(text: &[u8], from: usize) -> usize {
    let mut quote = None;
    let mut i = from;
    while i < text.len() {
        let c = text[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return i,
            None => {}
        }
        i += 1;
    }
    text.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn huge_declared_sizes_are_refused() {
        assert!(dimensions(30_000, 30_000).is_err());
        assert!(dimensions(65_535, 65_535).is_err());
        assert!(dimensions(65_535, 1).is_err());
        assert!(dimensions(8_688, 5_792).is_ok());
    }

    #[test]
    fn deep_svg_nesting_is_refused_and_ordinary_svg_passes() {
        let deep = format!("<svg>{}{}</svg>", "<g>".repeat(100_000), "</g>".repeat(100_000));
        assert!(svg(deep.as_bytes()).is_err());
        let ok = r#"<?xml version="1.0"?><!-- a > b --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g><rect width="1" height="1"/><text x="1">a &gt; b</text></g></svg>"#;
        assert!(svg(ok.as_bytes()).is_ok());
        let flat = format!("<svg>{}</svg>", "<g></g>".repeat(100_000));
        assert!(svg(flat.as_bytes()).is_ok());
    }

    #[test]
    fn entity_expansion_is_refused_and_plain_entities_pass() {
        let laughs =
            r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]><svg>&b;</svg>"#;
        assert!(svg(laughs.as_bytes()).is_err());
        let illustrator =
            r#"<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg xmlns="&ns_svg;"></svg>"#;
        assert!(svg(illustrator.as_bytes()).is_ok());
    }

    #[test]
    fn cut_files_are_refused() {
        let png: &[u8] = b"\x89PNG\r\n\x1a\n....IEND\xaeB`\x82";
        assert!(complete("png", &mut Cursor::new(png)).is_ok());
        assert!(complete("png", &mut Cursor::new(&png[..png.len() - 3])).is_err());
        assert!(complete("gif", &mut Cursor::new(b"GIF89a..;")).is_ok());
        assert!(complete("gif", &mut Cursor::new(b"GIF89a..")).is_err());
        let webp = b"RIFF\x04\x00\x00\x00WEBP";
        assert!(complete("webp", &mut Cursor::new(webp)).is_ok());
        assert!(complete("webp", &mut Cursor::new(b"RIFF\x40\x00\x00\x00WEBP")).is_err());
        // SOI, an APP1 segment holding a thumbnail's EOI, SOS, scan data, EOI.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 0xFF, 0xD9, 0xFF, 0xDA, 0x00, 0x02, 1, 2, 3];
        assert!(complete("jpg", &mut Cursor::new(&jpeg)).is_err());
        jpeg.extend([0xFF, 0xD9]);
        assert!(complete("jpg", &mut Cursor::new(&jpeg)).is_ok());
        // A motion photo: a video without an end marker appended after the picture's.
        jpeg.extend(vec![7u8; 100_000]);
        assert!(complete("jpg", &mut Cursor::new(&jpeg)).is_ok());
        let mut png = png.to_vec();
        png.extend(vec![7u8; 100_000]);
        assert!(complete("png", &mut Cursor::new(&png)).is_ok());
    }
}
