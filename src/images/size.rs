//! Width and height of the images in content/: PNG, JPEG, WebP and GIF from their headers
//! (upright, after a photo's EXIF orientation), SVG from its width/height attributes or viewBox.

use std::io::Seek;
use std::path::Path;

use image::metadata::Orientation;

use super::exif::turns;
use super::guard;
use crate::messages::Msg;
use crate::msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// The size an image of stored size `stored` is shown at.
pub fn upright(stored: Size, orientation: Orientation) -> Size {
    if turns(orientation) {
        Size { width: stored.height, height: stored.width }
    } else {
        stored
    }
}

/// Whether a file name is an image loa knows how to measure.
pub fn is_image(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp", ".gif", ".svg"].iter().any(|ext| lower.ends_with(ext))
}

/// Reads the size of the image at `path`, or says why it cannot. An image that could not be
/// decoded safely (too many pixels, cut short, an SVG nested too deep: [`super::guard`]) is
/// refused here, so `loa check` reports what `loa build` would refuse.
pub fn size_of(path: &Path) -> Result<Size, Msg> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "svg" {
        let text = std::fs::read(path).map_err(|e| msg!("không đọc được tệp: {e}", "cannot read it: {e}"))?;
        guard::svg(&text)?;
        let text = String::from_utf8_lossy(&text);
        return svg_size(&text).ok_or_else(svg_without_size);
    }
    let unreadable =
        |e: &dyn std::fmt::Display| msg!("không phải ảnh đọc được: {e}", "it is not a readable image: {e}");
    let mut reader = std::io::BufReader::new(std::fs::File::open(path).map_err(|e| unreadable(&e))?);
    let size = imagesize::reader_size(&mut reader).map_err(|e| unreadable(&e))?;
    let side = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let stored = Size { width: side(size.width), height: side(size.height) };
    guard::dimensions(stored.width, stored.height)?;
    guard::complete(&ext, &mut reader)?;
    // A photo stored sideways is shown upright by browsers (and made upright by loa): its
    // EXIF orientation, read from the headers, says whether width and height swap.
    let orientation = match reader.rewind() {
        Ok(()) => super::exif::orientation(reader),
        Err(_) => Orientation::NoTransforms,
    };
    Ok(upright(stored, orientation))
}

/// Why an SVG has no size: not an error by itself (the SVG is published as it is), only where
/// a page needs its width and height.
pub fn svg_without_size() -> Msg {
    Msg::new("SVG không có width/height lẫn viewBox", "the SVG has neither width/height nor a viewBox")
}

/// The size an SVG declares: width and height in px (or unitless), else its viewBox.
pub fn svg_size(text: &str) -> Option<Size> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let number = |name: &str| -> Option<f64> {
        let v = attribute(tag, name)?;
        let v = v.trim().trim_end_matches("px");
        v.parse::<f64>().ok().filter(|n| *n > 0.0)
    };
    let from_view_box = || -> Option<(f64, f64)> {
        let vb = attribute(tag, "viewBox")?;
        let parts: Vec<f64> = vb
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        (parts.len() == 4 && parts[2] > 0.0 && parts[3] > 0.0).then(|| (parts[2], parts[3]))
    };
    let (w, h) = match (number("width"), number("height")) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => {
            let (vw, vh) = from_view_box()?;
            (w, w * vh / vw)
        }
        (None, Some(h)) => {
            let (vw, vh) = from_view_box()?;
            (h * vw / vh, h)
        }
        (None, None) => from_view_box()?,
    };
    Some(Size { width: w.round() as u32, height: h.round() as u32 })
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before_ok = i > 0 && rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(after) = after.strip_prefix('=') {
                let after = after.trim_start();
                let quote = after.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let value = &after[1..];
                    return value.find(quote).map(|end| &value[..end]);
                }
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_width_and_height_win() {
        let s =
            svg_size(r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600px" viewBox="0 0 400 300">"#);
        assert_eq!(s, Some(Size { width: 800, height: 600 }));
    }

    #[test]
    fn svg_falls_back_to_view_box() {
        let s = svg_size(r#"<?xml version="1.0"?><svg viewBox="0 0 1200 630" xmlns="http://www.w3.org/2000/svg">"#);
        assert_eq!(s, Some(Size { width: 1200, height: 630 }));
        let s = svg_size(r#"<svg width="600" viewBox="0,0,1200,630">"#);
        assert_eq!(s, Some(Size { width: 600, height: 315 }));
    }

    #[test]
    fn svg_without_size_is_none() {
        assert_eq!(svg_size("<svg xmlns=\"http://www.w3.org/2000/svg\">"), None);
        assert_eq!(svg_size("<svg width=\"100%\">"), None);
    }

    #[test]
    fn quarter_turns_swap_width_and_height() {
        let stored = Size { width: 400, height: 200 };
        for tag in 1..=8 {
            let o = Orientation::from_exif(tag).unwrap();
            let want = if tag >= 5 { Size { width: 200, height: 400 } } else { stored };
            assert_eq!(upright(stored, o), want, "{tag}");
        }
    }

    #[test]
    fn recognises_image_names() {
        assert!(is_image("infographic/a.PNG"));
        assert!(is_image("a.webp"));
        assert!(!is_image("a.pdf"));
    }
}
