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
/// When the portrait version of an infographic replaces the landscape one: a phone held
/// upright, where a wide chart's text would shrink to a few pixels.
pub const PORTRAIT_MEDIA: &str = "(max-width: 600px) and (orientation: portrait)";

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
    /// A portrait version shown instead on phones held upright ([`PORTRAIT_MEDIA`]); the
    /// `<img>` stays the landscape picture for every other screen.
    pub portrait: Option<Portrait<'a>>,
}

/// The portrait version of a picture: its `srcset` (the variants in its own format, or its
/// one URL for an SVG), its WebP variants and its size, so the page reserves the right box.
#[derive(Debug, Clone, Copy)]
pub struct Portrait<'a> {
    pub srcset: &'a str,
    pub webp_srcset: Option<&'a str>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The owned `srcset`s a [`Portrait`] borrows: made once per infographic, written on every
/// page that shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortraitSet {
    pub srcset: String,
    pub webp_srcset: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// A `srcset` of one file: with its width when known, since a `srcset` beside `sizes` must
/// give every candidate's width.
pub fn one_candidate(url: &str, width: Option<u32>) -> String {
    match width {
        Some(width) => format!("{url} {width}w"),
        None => url.to_string(),
    }
}

/// Whether every candidate of a `srcset` gives its width (`480w`), which `sizes` requires.
fn has_widths(srcset: &str) -> bool {
    srcset.split(',').all(|c| {
        c.trim().rsplit_once(' ').is_some_and(|(_, d)| d.strip_suffix('w').is_some_and(|n| n.parse::<u32>().is_ok()))
    })
}

impl PortraitSet {
    /// The sources of the image at `rel`: its variants when it has them (PNG, JPEG, WebP),
    /// else its one URL (SVG).
    pub fn new(base_path: &str, rel: &str, responsive: Option<&Responsive>, size: Option<(u32, u32)>) -> Self {
        match responsive {
            Some(r) => {
                let src = r.src();
                PortraitSet {
                    srcset: srcset(base_path, &r.fallback),
                    webp_srcset: (!r.webp.is_empty()).then(|| srcset(base_path, &r.webp)),
                    width: Some(src.width),
                    height: Some(src.height),
                }
            }
            None => PortraitSet {
                srcset: one_candidate(&url(base_path, rel), size.map(|s| s.0)),
                webp_srcset: None,
                width: size.map(|s| s.0),
                height: size.map(|s| s.1),
            },
        }
    }

    pub fn portrait(&self) -> Portrait<'_> {
        Portrait {
            srcset: &self.srcset,
            webp_srcset: self.webp_srcset.as_deref(),
            width: self.width,
            height: self.height,
        }
    }
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
        let picture = self.srcset.is_some() || self.webp_srcset.is_some() || self.portrait.is_some();
        if picture {
            html.push_str("<picture>");
        }
        // The first matching <source> wins, so the portrait sources come before the landscape.
        if let Some(portrait) = &self.portrait {
            let sources = portrait.webp_srcset.map(|w| (Some("image/webp"), w)).into_iter();
            for (kind, srcset) in sources.chain([(None, portrait.srcset)]) {
                html.push_str("<source");
                attr(&mut html, "media", PORTRAIT_MEDIA);
                if let Some(kind) = kind {
                    attr(&mut html, "type", kind);
                }
                attr(&mut html, "srcset", srcset);
                if has_widths(srcset) {
                    attr(&mut html, "sizes", self.sizes);
                }
                if let Some((width, height)) = portrait.width.zip(portrait.height) {
                    let _ = write!(html, " width=\"{width}\" height=\"{height}\"");
                }
                html.push('>');
            }
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
    portrait: Option<Portrait<'_>>,
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
        portrait,
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
        let html = picture_html(&r, "/bhxh", "Người dân \"xếp hàng\"", "", Loading::Lazy, "100vw", None);
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
        let html = picture_html(&r, "", "", "", Loading::Eager, SIZES_PROSE, None);
        assert!(
            html.contains("<img src=\"/a.png\" alt=\"\" width=\"400\" height=\"300\" fetchpriority=\"high\""),
            "{html}"
        );
        assert!(!html.contains("loading="));
    }

    #[test]
    fn portrait_sources_come_first_for_upright_phones() {
        let landscape = responsive("infographic/a.png", Size { width: 1200, height: 800 }).unwrap();
        let upright = responsive("infographic/a-doc.png", Size { width: 800, height: 1400 }).unwrap();
        let set = PortraitSet::new("", "infographic/a-doc.png", Some(&upright), None);
        let html = picture_html(&landscape, "", "Biểu đồ", "", Loading::Eager, SIZES_FIGURE, Some(set.portrait()));
        let webp = html.find(
            "<source media=\"(max-width: 600px) and (orientation: portrait)\" type=\"image/webp\" \
             srcset=\"/infographic/a-doc-480.webp 480w, /infographic/a-doc-800.webp 800w\"",
        );
        let own = html.find(
            "<source media=\"(max-width: 600px) and (orientation: portrait)\" \
             srcset=\"/infographic/a-doc.png 800w\"",
        );
        let landscape_webp = html.find("<source type=\"image/webp\" srcset=\"/infographic/a-480.webp");
        assert!(webp < own && own < landscape_webp && webp.is_some(), "{html}");
        assert!(html.contains("width=\"800\" height=\"1400\">"), "the portrait's own box: {html}");
        assert!(
            html.contains("<img src=\"/infographic/a.png\"") && html.contains("width=\"1200\" height=\"800\""),
            "the fallback stays the landscape picture: {html}"
        );
    }

    #[test]
    fn an_svg_with_a_portrait_version_becomes_a_picture() {
        let set = PortraitSet::new("/bhxh", "infographic/bản dọc.svg", None, Some((360, 900)));
        let html = Picture {
            src: Some("/bhxh/infographic/a.svg"),
            srcset: None,
            webp_srcset: None,
            width: Some(1200),
            height: Some(630),
            alt: "Biểu đồ",
            title: "",
            class: "",
            sizes: SIZES_PROSE,
            loading: Loading::Lazy,
            portrait: Some(set.portrait()),
        }
        .html();
        assert_eq!(
            html,
            "<picture><source media=\"(max-width: 600px) and (orientation: portrait)\" \
             srcset=\"/bhxh/infographic/b%E1%BA%A3n%20d%E1%BB%8Dc.svg 360w\" sizes=\"(min-width: 46rem) 44rem, \
             calc(100vw - 2rem)\" width=\"360\" height=\"900\"><img src=\"/bhxh/infographic/a.svg\" \
             alt=\"Biểu đồ\" width=\"1200\" height=\"630\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
    }

    #[test]
    fn a_portrait_of_unknown_width_has_no_sizes_for_its_one_candidate() {
        // `sizes` beside a candidate without a width is invalid HTML.
        let set = PortraitSet::new("", "a-doc.svg", None, None);
        assert_eq!(set.srcset, "/a-doc.svg");
        let html = Picture {
            src: Some("/a.svg"),
            srcset: None,
            webp_srcset: None,
            width: None,
            height: None,
            alt: "",
            title: "",
            class: "",
            sizes: SIZES_PROSE,
            loading: Loading::Lazy,
            portrait: Some(set.portrait()),
        }
        .html();
        let expected =
            "<picture><source media=\"(max-width: 600px) and (orientation: portrait)\" srcset=\"/a-doc.svg\"><img";
        assert!(html.starts_with(expected), "{html}");
        assert!(has_widths("/a-480.webp 480w, /a.png 800w") && !has_widths("/a.svg") && !has_widths("/a.png 2x"));
    }
}
