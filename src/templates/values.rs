//! The values templates see, as types: each struct is one object of THEME.md, and its fields
//! are exactly the keys a template can use (Zola's `SerializingPage`). Borrowed from the site
//! where they can be; serialised once into the `serde_json::Value` Tera renders from.
//!
//! A `None` serialises as `null` (THEME.md's "absent"); the few keys a template finds only on
//! some pages are skipped when `None`, as noted on each.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

use crate::content::config::{Agency, MenuItem};
use crate::content::Kind;
use crate::site::model::{Image, Origin, Site};
use crate::site::State;

/// A value for a template. Serialising these types cannot fail (every map key is a string).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// THEME.md, "Image values": `url` is the original (for download links); `src`, `width`,
/// `height` the picture shown; `srcset`, `webp_srcset` only when loa made variants.
#[derive(Serialize)]
pub struct ImageValue<'a> {
    pub url: &'a str,
    pub src: Cow<'a, str>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub srcset: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webp_srcset: Option<String>,
}

impl<'a> ImageValue<'a> {
    /// The value of `image`, with its variants when loa made them.
    pub fn of(site: &Site, image: &'a Image, alt: &'a str) -> ImageValue<'a> {
        let mut value = ImageValue {
            url: &image.url,
            src: Cow::Borrowed(&image.url),
            width: image.width,
            height: image.height,
            alt,
            srcset: None,
            webp_srcset: None,
        };
        if let Some(r) = &image.responsive {
            let src = r.src();
            value.src = Cow::Owned(crate::images::url(&site.base_path, &src.rel));
            value.width = Some(src.width);
            value.height = Some(src.height);
            if r.fallback.len() > 1 {
                value.srcset = Some(crate::images::srcset(&site.base_path, &r.fallback));
            }
            if !r.webp.is_empty() {
                value.webp_srcset = Some(crate::images::srcset(&site.base_path, &r.webp));
            }
        }
        value
    }
}

/// A link in `breadcrumbs` (THEME.md, "breadcrumbs") and `site.menu`'s shape.
#[derive(Serialize, Clone)]
pub struct Crumb {
    pub name: String,
    pub url: String,
}

/// THEME.md, "feed": the Atom feed that follows one part of the site.
#[derive(Serialize)]
pub struct FeedValue {
    pub url: String,
    pub title: String,
}

/// THEME.md, "The paginator".
#[derive(Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PagerLink>,
}

/// One entry of `paginator.pages`: a page, or `{ gap: true }` for "…".
#[derive(Serialize)]
#[serde(untagged)]
pub enum PagerLink {
    Page { number: usize, url: String },
    Gap { gap: bool },
}

/// THEME.md, "`meta`": the page's head.
#[derive(Serialize)]
pub struct Meta {
    pub title: String,
    pub description: String,
    pub canonical: String,
    #[serde(rename = "type")]
    pub og_type: &'static str,
    pub image: Option<MetaImage>,
    /// Topic pages only: `title_lang`.
    #[serde(flatten)]
    pub title_lang: Option<TitleLang>,
    /// Pages in more than one language only: `alternates`, `x_default`, `og_locales`.
    #[serde(flatten)]
    pub versions: Option<Versions>,
}

/// `meta.title_lang`: the language of a topic's name when it is the main language's.
#[derive(Serialize)]
pub struct TitleLang {
    pub title_lang: Option<String>,
}

/// `meta.image`: the sharing picture.
#[derive(Serialize, Clone)]
pub struct MetaImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// The language versions of a page, in `meta`.
#[derive(Serialize)]
pub struct Versions {
    pub alternates: Vec<AlternateValue>,
    pub x_default: Option<String>,
    pub og_locales: Vec<String>,
}

/// One entry of `meta.alternates`.
#[derive(Serialize)]
pub struct AlternateValue {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub href: String,
    pub current: bool,
}

/// THEME.md, "`site`": one per language, shared by its pages.
#[derive(Serialize)]
pub struct SiteValue<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub origin: &'a str,
    pub lang: &'a str,
    pub lang_name: &'a str,
    pub og_locale: String,
    pub home: String,
    pub hotline: Option<&'a str>,
    pub hotline_tel: Option<String>,
    pub agency: AgencyValue<'a>,
    pub menu: &'a [MenuItem],
    pub faq_url: String,
    pub urls: SectionUrls,
    pub fallback: SectionFallbacks<'a>,
    pub feed_url: String,
    #[serde(rename = "static")]
    pub static_path: &'a str,
    pub logo: &'static str,
    pub theme_colour: &'a str,
    pub css_version: &'a str,
    pub js_version: &'a str,
    pub video_js_version: &'a str,
    pub preview: bool,
}

/// THEME.md, "`site.agency`": `[agency]` as written, with `phone_tel` (with `phone`) and
/// `map_url` (with `address`).
#[derive(Serialize)]
pub struct AgencyValue<'a> {
    #[serde(flatten)]
    pub agency: &'a Agency,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone_tel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map_url: Option<String>,
}

/// THEME.md, "`site.urls`": the special sections' URLs in this language (`contact` absent
/// when no language has a contact page).
#[derive(Serialize, Default)]
pub struct SectionUrls {
    pub audiences: String,
    pub campaigns: String,
    pub infographics: String,
    pub faq: String,
    pub legal: String,
    pub topics: String,
    pub calendar: String,
    pub search: String,
    pub contact: Option<String>,
    pub videos: String,
    pub photo_stories: String,
}

/// `site.fallback`: for each key of `site.urls`, the language it falls back to.
#[derive(Serialize, Default)]
pub struct SectionFallbacks<'a> {
    pub audiences: Option<&'a str>,
    pub campaigns: Option<&'a str>,
    pub infographics: Option<&'a str>,
    pub faq: Option<&'a str>,
    pub legal: Option<&'a str>,
    pub topics: Option<&'a str>,
    pub calendar: Option<&'a str>,
    pub search: Option<&'a str>,
    pub contact: Option<&'a str>,
    pub videos: Option<&'a str>,
    pub photo_stories: Option<&'a str>,
}

/// THEME.md, "Summary (every list, and in `page`)": what a list shows of an item; a legal
/// document adds its row.
#[derive(Serialize)]
pub struct Summary<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: Kind,
    pub kind_label: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub state: State,
    pub badge: Option<&'a str>,
    pub image: Option<ImageValue<'a>>,
    pub audiences: Vec<RefValue<'a>>,
    pub campaigns: Vec<RefValue<'a>>,
    pub topics: Vec<TopicRef<'a>>,
    pub origin: Origin,
    #[serde(flatten)]
    pub legal: Option<LegalRow<'a>>,
}

/// An item's link to an audience or campaign: `lang` and `hreflang` set only when it leads
/// to the main language's version.
#[derive(Serialize)]
pub struct RefValue<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    pub lang: Option<&'a str>,
    pub hreflang: Option<&'a str>,
}

/// A topic: in an item's `topics`, and the `topic` of topic pages (`url` and `count` where the
/// page needs them).
#[derive(Serialize)]
pub struct TopicRef<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
}

/// THEME.md, "Summary": what legal documents add to their summary.
#[derive(Serialize)]
pub struct LegalRow<'a> {
    pub number: &'a str,
    pub doc_type: &'static str,
    pub issuer: &'a str,
    pub issued: String,
    pub issued_iso: String,
    pub status: &'static str,
    pub status_label: String,
}

/// THEME.md, "Full item (`page` on an item's page)": the summary (its `image` the one the page
/// shows), the body and its facts, and what the item's kind adds.
#[derive(Serialize)]
pub struct Full<'a> {
    #[serde(flatten)]
    pub summary: Summary<'a>,
    pub content: &'a str,
    pub headings: Vec<HeadingValue<'a>>,
    pub author: Option<&'a str>,
    pub updated: Option<String>,
    pub updated_iso: Option<String>,
    pub source_url: Option<&'a str>,
    pub word_count: usize,
    pub lang: &'a str,
    pub permalink: String,
    pub permalink_encoded: String,
    #[serde(flatten)]
    pub details: Option<KindValues<'a>>,
}

/// One of `page.headings`.
#[derive(Serialize)]
pub struct HeadingValue<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

/// THEME.md, "Kind-specific keys": merged into a full item.
#[derive(Serialize)]
#[serde(untagged)]
pub enum KindValues<'a> {
    Infographic { source: Option<&'a str>, data_as_of: Option<String>, image_portrait: Option<ImageValue<'a>> },
    Audience { slogans: &'a [String] },
    Campaign(CampaignValues<'a>),
    Video { video: VideoValue<'a> },
    PhotoStory { photos: Vec<PhotoValue<'a>>, photo_count: usize },
    Legal(LegalPage<'a>),
}

/// A full campaign's keys: its messages and its [`Timing`].
#[derive(Serialize)]
pub struct CampaignValues<'a> {
    pub theme: Option<&'a str>,
    pub slogan: Option<&'a str>,
    pub messages: Vec<CampaignMessages<'a>>,
    #[serde(flatten)]
    pub timing: Option<Timing>,
}

/// One of a campaign's `messages`: the key messages for one audience.
#[derive(Serialize)]
pub struct CampaignMessages<'a> {
    pub audience: &'a str,
    pub audience_lang: Option<&'a str>,
    pub slug: &'a str,
    pub messages: &'a [String],
}

/// THEME.md, "Campaign timing".
#[derive(Serialize)]
pub struct Timing {
    pub window: String,
    pub year: Option<i16>,
    pub active: Option<Run>,
    pub next: Option<Run>,
}

/// `timing.active`, `timing.next`: one run of a campaign.
#[derive(Serialize)]
pub struct Run {
    pub first: String,
    pub last: String,
    pub first_iso: String,
    pub days_left: i32,
    pub days_until: i32,
}

/// THEME.md, "video.html": `page.video`, where it plays from, its poster and captions.
#[derive(Serialize)]
pub struct VideoValue<'a> {
    pub poster: Option<ImageValue<'a>>,
    pub captions: Option<CaptionsValue<'a>>,
    #[serde(flatten)]
    pub source: VideoSourceValue<'a>,
}

/// `page.video.captions`.
#[derive(Serialize)]
pub struct CaptionsValue<'a> {
    pub src: &'a str,
    pub lang: &'a str,
    pub label: &'a str,
}

/// Where a video plays from: `kind` and the keys of that kind.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum VideoSourceValue<'a> {
    /// Self-hosted: the URL, MIME type, `MP4`/`WebM` and the size in words.
    File {
        src: &'a str,
        #[serde(rename = "type")]
        mime: &'a str,
        format: &'static str,
        size: String,
    },
    #[serde(rename = "youtube")]
    YouTube {
        id: &'a str,
        watch_url: String,
        embed_url: String,
    },
    None,
}

/// THEME.md, "photo_story.html": one of `page.photos`.
#[derive(Serialize)]
pub struct PhotoValue<'a> {
    pub number: usize,
    pub id: String,
    pub image: ImageValue<'a>,
    pub alt: &'a str,
    pub caption: &'a str,
    pub credit: &'a str,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// THEME.md, "legal.html": what a legal document's own page shows besides its row.
#[derive(Serialize)]
pub struct LegalPage<'a> {
    pub effective: Option<String>,
    pub effective_iso: Option<String>,
    pub replaced_by: Option<LegalLink<'a>>,
    pub replaces: Vec<LegalLink<'a>>,
    pub files: Vec<FileValue<'a>>,
}

/// `replaced_by`, `replaces`: another published legal document.
#[derive(Serialize)]
pub struct LegalLink<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub number: Option<&'a str>,
    pub lang: Option<&'a str>,
}

/// One of a legal document's `files`.
#[derive(Serialize)]
pub struct FileValue<'a> {
    pub url: &'a str,
    pub title: &'a str,
    #[serde(rename = "type")]
    pub file_type: &'static str,
    pub size: String,
}
