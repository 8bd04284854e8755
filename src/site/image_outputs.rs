//! The images of a built site: which published files get variants, which pages get an Open
//! Graph card and from which picture, and the `og:image` of a page.

use super::model::{Details, Image, Item, Site};
use crate::content::Kind;
use crate::images::{
    card_rel, orientation, process, process_each, responsive, source_format, svg_thumbnails, upright, url, Cache,
    ImageFiles, Job, Made, Size, Variant, Work,
};

fn is_svg(rel: &str) -> bool {
    rel.rsplit_once('.').is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("svg"))
}

/// The picture an item's Open Graph card is made from: an infographic's image, else the
/// cover, else (for articles) the body's first image; with its alt text.
pub fn card_source(item: &Item) -> Option<(&str, &str)> {
    let (rel, alt) = match &item.details {
        Details::Infographic { image, alt, .. } => (image.rel.as_str(), alt.as_str()),
        _ => match &item.cover {
            Some(cover) => (cover.rel.as_str(), item.cover_alt.as_deref().unwrap_or("")),
            None if item.kind == Kind::Article => (item.first_image.as_deref()?, ""),
            None => return None,
        },
    };
    // A decorative or unknown alt: the card shows the page, so the page's title describes it.
    let alt = if alt.trim().is_empty() { item.title.as_str() } else { alt };
    (is_svg(rel) || source_format(rel).is_some()).then_some((rel, alt))
}

/// The picture a list's card of the item shows: an infographic's image, else its cover.
pub fn list_picture(item: &Item) -> Option<&Image> {
    match &item.details {
        Details::Infographic { image, .. } => Some(image),
        _ => item.cover.as_ref(),
    }
}

/// The raster thumbnails lists show of `image` when it is an SVG of known size, else none.
pub fn thumbnails(image: &Image) -> Vec<Variant> {
    match image.width.zip(image.height) {
        Some((width, height)) => svg_thumbnails(&image.rel, Size { width, height }),
        None => Vec::new(),
    }
}

/// The `og:image` of an item's page ([`crate::images::CARD_WIDTH`] × [`crate::images::CARD_HEIGHT`]): its card's URL and
/// alt text, or `None` when it has no picture.
pub fn card<'a>(site: &Site, item: &'a Item) -> Option<(String, &'a str)> {
    card_source(item).map(|(rel, alt)| (url(&site.base_path, &card_rel(rel)), alt))
}

/// Makes the variants of every published PNG, JPEG and WebP file and the cards of the site's
/// pages. `assets` are the published files of content/ with their bytes.
pub fn make(site: &Site, assets: &[(String, Vec<u8>)], cache: &Cache) -> ImageFiles {
    process(&jobs(site, assets), cache)
}

/// [`make`] handing each image's files to `put` as soon as they are made (see
/// [`process_each`]); returns the images that could not be read and the work done.
pub fn make_each(
    site: &Site,
    assets: &[(String, Vec<u8>)],
    cache: &Cache,
    put: &(dyn Fn(usize, Vec<Made>) + Sync),
) -> (Vec<(String, String)>, Work) {
    let jobs = jobs(site, assets);
    crate::progress::images(|| jobs.len());
    process_each(&jobs, cache, put)
}

/// What to make of each published image: its variants, its card, or both.
fn jobs<'a>(site: &Site, assets: &'a [(String, Vec<u8>)]) -> Vec<Job<'a>> {
    let cards: std::collections::HashSet<&str> =
        site.items.iter().filter_map(card_source).map(|(rel, _)| rel).collect();
    let listed: std::collections::HashMap<&str, &Image> =
        site.items.iter().filter_map(list_picture).map(|image| (image.rel.as_str(), image)).collect();
    assets
        .iter()
        .filter_map(|(rel, bytes)| {
            let size = || {
                let stored = imagesize::blob_size(bytes)
                    .ok()
                    .map(|s| Size { width: s.width as u32, height: s.height as u32 })?;
                Some(upright(stored, orientation(std::io::Cursor::new(bytes))))
            };
            let responsive = source_format(rel).and_then(|_| size()).and_then(|s| responsive(rel, s));
            let card = cards.contains(rel.as_str());
            let thumbnails = listed.get(rel.as_str()).map(|image| thumbnails(image)).unwrap_or_default();
            (responsive.is_some() || card || !thumbnails.is_empty()).then_some(Job {
                rel,
                bytes,
                responsive,
                card,
                thumbnails,
            })
        })
        .collect()
}
