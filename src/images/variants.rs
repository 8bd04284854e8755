//! The files an image of content/ becomes: names, widths and formats, decided from its path
//! and size alone.

use super::size::Size;

/// Widths of the responsive variants; an image never gets one wider than itself.
pub const WIDTHS: [u32; 3] = [480, 960, 1440];

/// A raster format loa reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Jpeg,
    WebP,
}

impl Format {
    pub fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::WebP => "image/webp",
        }
    }
}

/// The format of an image loa makes variants of: PNG, JPEG and WebP. SVG is passed through
/// (it scales by itself) and so is GIF (variants would lose its animation).
pub fn source_format(rel: &str) -> Option<Format> {
    let ext = rel.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "png" => Some(Format::Png),
        "jpg" | "jpeg" => Some(Format::Jpeg),
        "webp" => Some(Format::WebP),
        _ => None,
    }
}

/// One file of a responsive set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Output path relative to the output root, like the original's (`tin-tuc/anh-960.webp`).
    pub rel: String,
    pub width: u32,
    pub height: u32,
    pub format: Format,
}

/// The responsive set of one raster image: what the `<picture>` lists and what gets made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Responsive {
    /// The original, relative to content/ (and so to the output root).
    pub rel: String,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// WebP variants, narrowest first; empty when the original is WebP itself.
    pub webp: Vec<Variant>,
    /// Variants in the original's format, narrowest first. The widest is the `<img src>`; it is
    /// the original file itself when the original is no wider than the widest variant.
    pub fallback: Vec<Variant>,
}

impl Responsive {
    /// The `<img src>`: the widest variant in the original's format.
    pub fn src(&self) -> &Variant {
        // `responsive` never makes an empty fallback list.
        &self.fallback[self.fallback.len() - 1]
    }

    /// The files to make (every variant but the original itself).
    pub fn made(&self) -> impl Iterator<Item = &Variant> {
        self.webp.iter().chain(&self.fallback).filter(|v| v.rel != self.rel)
    }
}

/// The responsive set of the image at `rel` (relative to content/) of the given size, or
/// `None` when loa passes the file through as it is (SVG, GIF, unknown formats).
pub fn responsive(rel: &str, size: Size) -> Option<Responsive> {
    let format = source_format(rel)?;
    if size.width == 0 || size.height == 0 {
        return None;
    }
    let (stem, ext) = rel.rsplit_once('.')?;
    let height_at = |w: u32| {
        ((u64::from(size.height) * u64::from(w) + u64::from(size.width) / 2) / u64::from(size.width)).max(1) as u32
    };
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < size.width).collect();
    let max = WIDTHS[WIDTHS.len() - 1];
    if size.width <= max {
        widths.push(size.width);
    }
    // The original itself is the variant of its own format and width: it is not made again.
    let variant = |w: u32, f: Format, ext: &str| Variant {
        rel: if f == format && w == size.width { rel.to_string() } else { format!("{stem}-{w}.{ext}") },
        width: w,
        height: height_at(w),
        format: f,
    };
    // PNG originals are charts and screenshots with few colours: resized, their smoothed edges
    // make a PNG larger than the original (a 1200 px chart of 20 KB gives a 960 px PNG of
    // 99 KB). Browsers without WebP, the only ones that use the fallback, get the original.
    let fallback: Vec<Variant> = if format == Format::Png {
        vec![Variant { rel: rel.to_string(), width: size.width, height: size.height, format }]
    } else {
        widths.iter().map(|&w| variant(w, format, ext)).collect()
    };
    let webp = if format == Format::WebP {
        Vec::new()
    } else {
        widths.iter().map(|&w| variant(w, Format::WebP, "webp")).collect()
    };
    Some(Responsive { rel: rel.to_string(), format, width: size.width, height: size.height, webp, fallback })
}

/// Widths of the raster thumbnails of an SVG shown on list cards: a card is at most 23rem wide
/// on a computer and the screen's width on a phone, so 960 px serves both at twice the density.
pub const THUMBNAIL_WIDTHS: [u32; 2] = [480, 960];

/// The WebP thumbnails of the SVG at `rel` of the given size (`infographic/a.svg` →
/// `infographic/a-480.webp`, …), or none when `rel` is not an SVG. Lists show these instead of
/// the SVG: drawn once at build time, they cost a phone a decode instead of laying out every
/// word of the drawing; the SVG stays the `<img src>` and the picture of the item's own page.
pub fn svg_thumbnails(rel: &str, size: Size) -> Vec<Variant> {
    let Some((stem, ext)) = rel.rsplit_once('.') else { return Vec::new() };
    if !ext.eq_ignore_ascii_case("svg") || size.width == 0 || size.height == 0 {
        return Vec::new();
    }
    THUMBNAIL_WIDTHS
        .iter()
        .map(|&w| Variant {
            rel: format!("{stem}-{w}.webp"),
            width: w,
            height: ((u64::from(size.height) * u64::from(w) + u64::from(size.width) / 2) / u64::from(size.width)).max(1)
                as u32,
            format: Format::WebP,
        })
        .collect()
}

/// The Open Graph card made from the image at `rel` (`tin-tuc/anh.png` → `tin-tuc/anh-og.jpg`).
pub fn card_rel(rel: &str) -> String {
    let stem = rel.rsplit_once('.').map_or(rel, |(stem, _)| stem);
    format!("{stem}-og.jpg")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(width: u32, height: u32) -> Size {
        Size { width, height }
    }

    #[test]
    fn large_images_get_every_width_and_never_their_own() {
        let r = responsive("tin-tuc/anh.jpg", size(2400, 1600)).unwrap();
        let widths: Vec<u32> = r.fallback.iter().map(|v| v.width).collect();
        assert_eq!(widths, [480, 960, 1440]);
        assert_eq!(r.src().rel, "tin-tuc/anh-1440.jpg");
        assert_eq!(r.src().height, 960);
        assert_eq!(
            r.webp.iter().map(|v| v.rel.as_str()).collect::<Vec<_>>(),
            ["tin-tuc/anh-480.webp", "tin-tuc/anh-960.webp", "tin-tuc/anh-1440.webp"]
        );
        assert_eq!(r.made().count(), 6);
    }

    #[test]
    fn images_are_never_upscaled_and_the_original_is_the_widest() {
        let r = responsive("a/b.jpg", size(1200, 630)).unwrap();
        assert_eq!(
            r.fallback.iter().map(|v| (v.width, v.height)).collect::<Vec<_>>(),
            [(480, 252), (960, 504), (1200, 630)]
        );
        assert_eq!(r.src().rel, "a/b.jpg");
        assert_eq!(r.webp.last().unwrap().rel, "a/b-1200.webp");
        // The original itself is not made again.
        assert_eq!(r.made().count(), 5);
        let small = responsive("a/icon.png", size(300, 200)).unwrap();
        assert_eq!(small.fallback.len(), 1);
        assert_eq!(small.made().map(|v| v.rel.as_str()).collect::<Vec<_>>(), ["a/icon-300.webp"]);
    }

    #[test]
    fn png_originals_are_their_own_fallback() {
        let r = responsive("a/chart.png", size(1600, 1200)).unwrap();
        assert_eq!(r.fallback.iter().map(|v| v.rel.as_str()).collect::<Vec<_>>(), ["a/chart.png"]);
        assert_eq!(r.src().width, 1600);
        assert_eq!(r.webp.iter().map(|v| v.width).collect::<Vec<_>>(), [480, 960, 1440]);
        assert_eq!(r.made().count(), 3);
    }

    #[test]
    fn webp_originals_get_webp_variants_only() {
        let r = responsive("a/b.webp", size(1000, 500)).unwrap();
        assert!(r.webp.is_empty());
        assert_eq!(
            r.fallback.iter().map(|v| v.rel.as_str()).collect::<Vec<_>>(),
            ["a/b-480.webp", "a/b-960.webp", "a/b.webp"]
        );
    }

    #[test]
    fn svg_and_gif_pass_through() {
        assert_eq!(responsive("a/b.svg", size(800, 600)), None);
        assert_eq!(responsive("a/b.gif", size(800, 600)), None);
        assert_eq!(source_format("A/B.JPEG"), Some(Format::Jpeg));
    }

    #[test]
    fn an_svg_gets_webp_thumbnails_at_its_own_proportions() {
        let t = svg_thumbnails("infographic/a.SVG", size(800, 682));
        assert_eq!(
            t.iter().map(|v| (v.rel.as_str(), v.width, v.height)).collect::<Vec<_>>(),
            [("infographic/a-480.webp", 480, 409), ("infographic/a-960.webp", 960, 818)]
        );
        assert!(svg_thumbnails("a/b.png", size(800, 600)).is_empty());
        assert!(svg_thumbnails("a/b.svg", size(0, 600)).is_empty());
    }

    #[test]
    fn card_is_named_after_the_image() {
        assert_eq!(card_rel("infographic/a.svg"), "infographic/a-og.jpg");
    }
}
