//! What the video and photo story templates see: `page.video` (where it plays from, its
//! poster, captions and download link) and `page.photos` (each photo with its number, caption,
//! credit and the anchors of its neighbours).

use super::values::{CaptionsValue, ImageValue, KindValues, PhotoValue, VideoSourceValue, VideoValue};
use crate::site::model::{Photo, Video, VideoSource};
use crate::site::{youtube, Item, Site};

/// `page.video`.
pub fn video<'a>(site: &'a Site, item: &Item, video: &'a Video) -> VideoValue<'a> {
    let poster = video.poster.as_ref().map(|p| ImageValue::of(site, p, ""));
    let captions = video.captions.as_ref().map(|c| CaptionsValue {
        src: &c.url,
        lang: &c.lang,
        label: site.config.language_name(&c.lang),
    });
    let source = match &video.source {
        Some(VideoSource::File { url, mime, bytes, .. }) => VideoSourceValue::File {
            src: url,
            mime,
            format: if *mime == "video/webm" { "WebM" } else { "MP4" },
            size: size(*bytes, &item.lang),
        },
        Some(VideoSource::YouTube { id }) => {
            VideoSourceValue::YouTube { id, watch_url: youtube::watch_url(id), embed_url: youtube::embed_url(id) }
        }
        None => VideoSourceValue::None,
    };
    VideoValue { poster, captions, source }
}

/// `page.photos`: numbered from 1, each with the anchors of the previous and next photo.
pub fn photos<'a>(site: &Site, photos: &'a [Photo]) -> KindValues<'a> {
    let total = photos.len();
    let list = photos
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let n = i + 1;
            PhotoValue {
                number: n,
                id: anchor(n),
                image: ImageValue::of(site, &p.image, &p.alt),
                alt: &p.alt,
                caption: &p.caption,
                credit: &p.credit,
                prev: (n > 1).then(|| anchor(n - 1)),
                next: (n < total).then(|| anchor(n + 1)),
            }
        })
        .collect();
    KindValues::PhotoStory { photos: list, photo_count: total }
}

/// The in-page anchor of the `n`-th photo ("anh-3").
fn anchor(n: usize) -> String {
    format!("anh-{n}")
}

/// A file size as readers say it, with the language's decimal mark ("2,4 MB", "850 KB").
fn size(bytes: u64, lang: &str) -> String {
    let (value, unit) =
        if bytes >= 1_000_000 { (bytes as f64 / 1_000_000.0, "MB") } else { (bytes.max(1000) as f64 / 1000.0, "KB") };
    let text = if value >= 10.0 || unit == "KB" { format!("{}", value.round() as u64) } else { format!("{value:.1}") };
    let text = if lang == "en" { text } else { text.replace('.', ",") };
    format!("{text} {unit}")
}

#[cfg(test)]
mod tests {
    use super::size;

    #[test]
    fn sizes_read_the_readers_way() {
        assert_eq!(size(2_400_000, "vi"), "2,4 MB");
        assert_eq!(size(2_400_000, "en"), "2.4 MB");
        assert_eq!(size(12_600_000, "vi"), "13 MB");
        assert_eq!(size(180_400, "vi"), "180 KB");
        assert_eq!(size(20, "vi"), "1 KB");
    }
}
