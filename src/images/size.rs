//! Width and height of the images in content/: PNG, JPEG, WebP and GIF from their headers
//! (upright, after a photo's EXIF orientation), SVG from its width/height attributes or viewBox.

use std::io::Seek;
use std::path::Path;

use image::metadata::Orientation;

use super::exif::turns;

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

/// Reads the size of the image at `path`, or says why it cannot.
pub fn size_of(path: &Path) -> Result<Size, String> {
    let is_svg = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read it: {e}"))?;
        return svg_size(&text).ok_or_else(|| "the SVG has neither width/height nor a viewBox".to_string());
    }
    let unreadable = |e: &dyn std::fmt::Display| format!("it is not a readable image: {e}");
    let mut reader = std::io::BufReader::new(std::fs::File::open(path).map_err(|e| unreadable(&e))?);
    let size = imagesize::reader_size(&mut reader).map_err(|e| unreadable(&e))?;
    let stored = Size { width: size.width as u32, height: size.height as u32 };
    // A photo stored sideways is shown upright by browsers (and made upright by loa): its
    // EXIF orientation, read from the headers, says whether width and height swap.
    let orientation = match reader.rewind() {
        Ok(()) => super::exif::orientation(reader),
        Err(_) => Orientation::NoTransforms,
    };
    Ok(upright(stored, orientation))
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
