//! The `<picture>` of a responsive image: WebP first, the original's format as the fallback,
//! width and height so the page does not jump, lazy loading below the fold.

use std::fmt::Write;

use super::variants::{Responsive, Variant};
use crate::text::escape_html_into as escape_html;

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
    format!("{base_path}/{}", crate::text::escape::encode_path(rel))
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

/// What an `<img>` or `<picture>` shows: the fields of the templates' image value, so the
/// theme's `picture` macro and the images of Markdown bodies are written by the same code.
#[derive(Debug, Clone, Copy)]
pub struct Picture<'a> {
    /// The `<img src>`; none when the source was dangerous and must not be written.
    pub src: Option<&'a str>,
    /// Width variants in the original's format.
    pub srcset: Option<&'a str>,
    /// WebP width variants, offered first.
    pub webp_srcset: Option<&'a str>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// Empty for a decorative image.
    pub alt: &'a str,
    pub title: &'a str,
    pub class: &'a str,
    pub sizes: &'a str,
    pub loading: Loading,
}

impl Picture<'_> {
    /// A `<picture>` when there are variants to choose from, else a plain `<img>` (SVG, GIF).
    pub fn html(&self) -> String {
        let mut html = String::with_capacity(
            160 + self.alt.len()
                + [self.src, self.srcset, self.webp_srcset].iter().flatten().map(|s| s.len()).sum::<usize>(),
        );
        let attr = |html: &mut String, name: &str, value: &str| {
            let _ = write!(html, " {name}=\"");
            escape_html(html, value);
            html.push('"');
        };
        let picture = self.srcset.is_some() || self.webp_srcset.is_some();
        if picture {
            html.push_str("<picture>");
        }
        if let Some(webp) = self.webp_srcset {
            html.push_str("<source type=\"image/webp\"");
            attr(&mut html, "srcset", webp);
            attr(&mut html, "sizes", self.sizes);
            html.push('>');
        }
        html.push_str("<img");
        if !self.class.is_empty() {
            attr(&mut html, "class", self.class);
        }
        if let Some(src) = self.src {
            attr(&mut html, "src", src);
        }
        if let Some(srcset) = self.srcset {
            attr(&mut html, "srcset", srcset);
            attr(&mut html, "sizes", self.sizes);
        }
        attr(&mut html, "alt", self.alt);
        if !self.title.is_empty() {
            attr(&mut html, "title", self.title);
        }
        if let Some(width) = self.width {
            let _ = write!(html, " width=\"{width}\"");
        }
        if let Some(height) = self.height {
            let _ = write!(html, " height=\"{height}\"");
        }
        // Pages of a portal are long; images below the fold should not hold up the first paint.
        html.push_str(match self.loading {
            Loading::Eager => " fetchpriority=\"high\" decoding=\"async\">",
            Loading::Lazy => " loading=\"lazy\" decoding=\"async\">",
        });
        if picture {
            html.push_str("</picture>");
        }
        html
    }
}

/// The `<picture>` of a responsive image. An empty `alt` marks a decorative image.
pub fn picture_html(
    image: &Responsive,
    base_path: &str,
    alt: &str,
    title: &str,
    loading: Loading,
    sizes: &str,
) -> String {
    let src = image.src();
    let src_url = url(base_path, &src.rel);
    let fallback = (image.fallback.len() > 1).then(|| srcset(base_path, &image.fallback));
    let webp_srcset = (!image.webp.is_empty()).then(|| srcset(base_path, &image.webp));
    Picture {
        src: Some(&src_url),
        srcset: fallback.as_deref(),
        webp_srcset: webp_srcset.as_deref(),
        width: Some(src.width),
        height: Some(src.height),
        alt,
        title,
        class: "",
        sizes,
        loading,
    }
    .html()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::responsive;
    use crate::images::Size;

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
