//! Responsive images: which files an image of content/ becomes (width variants in WebP and its
//! own format, a 1200×630 Open Graph card), their `<picture>` markup, and making them in
//! parallel with a cache keyed by content hash, so an unchanged image costs nothing on rebuild.
//!
//! Which variants an image gets depends only on its path and size, so pages can be written
//! before (and without) any pixel work; the pixels depend only on the file's bytes and the
//! operation, which is what the cache keys on.

mod cache;
mod card;
mod exif;
pub mod guard;
pub mod icons;
mod make;
mod markup;
mod process;
mod size;
mod svg;
pub mod title_card;
mod variants;

pub use cache::Cache;
pub use card::{CARD_HEIGHT, CARD_WIDTH};
pub use exif::{orientation, without_private_metadata};
pub use markup::{
    one_candidate, picture_html, srcset, url, Loading, Picture, Portrait, PortraitSet, PORTRAIT_MEDIA, SIZES_FIGURE,
    SIZES_PROSE,
};
pub use process::{process, process_each, ImageFiles, Job, Made, Work};
pub use size::{is_image, size_of, svg_size, svg_without_size, upright, Size};
pub use variants::{card_rel, responsive, source_format, svg_thumbnails, Format, Responsive, Variant, WIDTHS};
