//! The `<picture>` of a responsive image: WebP first, the original's format as the fallback,
//! width and height so the page does not jump, lazy loading below the fold.

use std::fmt::Write;

use super::variants::{Responsive, Variant};
use crate::markdown::escape_html;

/// Whether the browser should fetch the image at once (the first image a reader sees) or
/// when it comes near the viewport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loading {
    /// Above the fold: fetched at once, with high priority.
    Eager,
    Lazy,
}

/// `sizes` for an image in an article's text column (`.prose`, at most 44rem).
pub const SIZES_PROSE: &str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";
/// `sizes` for an infographic on its own page (at most 56rem).
pub const SIZES_FIGURE: &str = "(min-width: 58rem) 56rem, calc(100vw - 2rem)";

/// The URL of a file of the output: the base path, then the path with the characters a
/// `srcset` or a URL cannot hold as they are percent-encoded.
pub fn url(base_path: &str, rel: &str) -> String {
    let mut out = String::with_capacity(base_path.len() + rel.len() + 1);
    out.push_str(base_path);
    out.push('/');
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `srcset` of a list of variants: "URL 480w, URL 960w".
pub fn srcset(base_path: &str, variants: &[Variant]) -> String {
    let mut out = String::new();
    for (i, v) in variants.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{} {}w", url(base_path, &v.rel), v.width);
    }
    out
}

/// The whole `<picture>` element. An empty `alt` marks a decorative image.
pub fn picture_html(
    image: &Responsive,
    base_path: &str,
    alt: &str,
    title: &str,
    loading: Loading,
    sizes: &str,
) -> String {
    let mut html = String::with_capacity(512);
    html.push_str("<picture>");
    if !image.webp.is_empty() {
        let _ = write!(
            html,
            "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">",
            srcset(base_path, &image.webp)
        );
    }
    let src = image.src();
    let _ = write!(html, "<img src=\"{}\"", url(base_path, &src.rel));
    if image.fallback.len() > 1 {
        let _ = write!(html, " srcset=\"{}\" sizes=\"{sizes}\"", srcset(base_path, &image.fallback));
    }
    html.push_str(" alt=\"");
    escape_html(&mut html, alt);
    html.push('"');
    if !title.is_empty() {
        html.push_str(" title=\"");
        escape_html(&mut html, title);
        html.push('"');
    }
    let _ = write!(html, " width=\"{}\" height=\"{}\"", src.width, src.height);
    html.push_str(match loading {
        Loading::Eager => " fetchpriority=\"high\" decoding=\"async\"></picture>",
        Loading::Lazy => " loading=\"lazy\" decoding=\"async\"></picture>",
    });
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::responsive;
    use crate::site::images::Size;

    #[test]
    fn picture_lists_webp_then_the_original_format() {
        let r = responsive("tin-tuc/anh bìa.jpg", Size { width: 1200, height: 800 }).unwrap();
        let html = picture_html(&r, "/bhxh", "Người dân \"xếp hàng\"", "", Loading::Lazy, "100vw");
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"/bhxh/tin-tuc/anh%20b%C3%ACa-480.webp 480w, \
             /bhxh/tin-tuc/anh%20b%C3%ACa-960.webp 960w, /bhxh/tin-tuc/anh%20b%C3%ACa-1200.webp 1200w\" \
             sizes=\"100vw\"><img src=\"/bhxh/tin-tuc/anh%20b%C3%ACa.jpg\" srcset=\"/bhxh/tin-tuc/anh%20b%C3%ACa-480.jpg \
             480w, /bhxh/tin-tuc/anh%20b%C3%ACa-960.jpg 960w, /bhxh/tin-tuc/anh%20b%C3%ACa.jpg 1200w\" sizes=\"100vw\" \
             alt=\"Người dân &quot;xếp hàng&quot;\" width=\"1200\" height=\"800\" loading=\"lazy\" \
             decoding=\"async\"></picture>"
        );
    }

    #[test]
    fn eager_image_has_high_priority_and_no_lazy_loading() {
        let r = responsive("a.png", Size { width: 400, height: 300 }).unwrap();
        let html = picture_html(&r, "", "", "", Loading::Eager, SIZES_PROSE);
        assert!(
            html.contains("<img src=\"/a.png\" alt=\"\" width=\"400\" height=\"300\" fetchpriority=\"high\""),
            "{html}"
        );
        assert!(!html.contains("loading="));
    }
}
