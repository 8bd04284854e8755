//! The checked site: items with resolved URLs, dates, references and rendered bodies.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jiff::civil::Date;
use jiff::Timestamp;

use super::live::{Preview, Schedule, State};
use super::window::Window;
use crate::content::{Config, Kind};
use crate::markdown::Heading;

/// An image of content/ with its published URL and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Path relative to content/.
    pub rel: String,
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The responsive variants of a PNG, JPEG or WebP image.
    pub responsive: Option<crate::images::Responsive>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Original,
    Republished,
}

/// What only some kinds carry.
#[derive(Debug, Clone)]
pub enum Details {
    None,
    Infographic {
        image: Image,
        /// A portrait version for phones held upright (`image_portrait`).
        portrait: Option<Box<Image>>,
        alt: String,
        source: Option<String>,
        data_as_of: Option<Date>,
    },
    Audience {
        slogans: Vec<String>,
    },
    Campaign {
        window: Window,
        theme: Option<String>,
        slogan: Option<String>,
        messages: BTreeMap<String, Vec<String>>,
    },
    Legal(Box<super::legal_model::Legal>),
    Video(Box<Video>),
    PhotoStory {
        photos: Vec<Photo>,
    },
}

/// A video item: where it plays from, its poster and its captions.
#[derive(Debug, Clone)]
pub struct Video {
    /// `None` only for a draft that names no video yet (what `loa new video` writes).
    pub source: Option<VideoSource>,
    pub poster: Option<Image>,
    pub captions: Option<Captions>,
}

#[derive(Debug, Clone)]
pub enum VideoSource {
    /// A file of content/ played by the browser's own `<video>`.
    File { rel: String, url: String, mime: &'static str, bytes: u64 },
    /// A YouTube video, loaded from youtube-nocookie.com only when the reader asks.
    YouTube { id: String },
}

/// A WebVTT captions file of a self-hosted video.
#[derive(Debug, Clone)]
pub struct Captions {
    pub rel: String,
    pub url: String,
    pub lang: String,
}

/// One photo of a photo story.
#[derive(Debug, Clone)]
pub struct Photo {
    pub image: Image,
    pub alt: String,
    pub caption: String,
    pub credit: String,
}

impl Video {
    pub fn youtube_id(&self) -> Option<&str> {
        match &self.source {
            Some(VideoSource::YouTube { id }) => Some(id),
            _ => None,
        }
    }
}

/// One article, infographic, audience, campaign, Q&A or page.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: Kind,
    pub lang: String,
    /// The file as editors see it ("content/tin-tuc/a.md").
    pub shown: PathBuf,
    /// Path relative to content/ ("tin-tuc/a.md").
    pub rel: String,
    /// Shared by an original and its translations: section folder + file slug.
    pub translation_key: String,
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub schedule: Schedule,
    pub state: State,
    pub slug: String,
    /// The slug other items name this item by in `audiences` and `campaign`: its own slug,
    /// or for a translation its original's, whatever slug the translation gives its URL.
    pub ref_slug: String,
    /// Section folder relative to content/ ("tin-tuc").
    pub section: String,
    /// URL path from the site root, with the base path, ending in '/' ("/tin-tuc/a/").
    pub url: String,
    pub audiences: Vec<String>,
    pub campaigns: Vec<String>,
    pub topics: Vec<String>,
    pub cover: Option<Image>,
    pub cover_alt: Option<String>,
    pub aliases: Vec<String>,
    pub weight: i64,
    pub author: Option<String>,
    pub origin: Origin,
    pub source_url: Option<String>,
    pub details: Details,
    /// The Markdown source of the body; emptied by [`Site::release_bodies`] once rendered.
    pub body: String,
    pub body_line: usize,
    /// Filled by the render stage.
    pub html: String,
    /// The body's links to `#fragments`, checked against the target's ids (`check_fragments`).
    pub fragments: Vec<crate::markdown::FragmentLink>,
    pub headings: Vec<Heading>,
    pub plain_text: String,
    pub word_count: usize,
    /// The body's first image (relative to content/): the Open Graph card of an article
    /// without a cover is made from it.
    pub first_image: Option<String>,
}

impl Item {
    /// The instant an item counts as published: `publish_at`, else `date`.
    pub fn published(&self) -> Option<Timestamp> {
        self.schedule.publish_at.or(self.date)
    }

    pub fn window(&self) -> Option<&Window> {
        match &self.details {
            Details::Campaign { window, .. } => Some(window),
            _ => None,
        }
    }

    /// Whether this item is listed under audiences, campaigns and topics (not the
    /// audience and campaign pages themselves, nor standalone pages).
    pub fn is_listed(&self) -> bool {
        matches!(
            self.kind,
            Kind::Article | Kind::Infographic | Kind::Faq | Kind::Video | Kind::PhotoStory | Kind::Legal
        )
    }
}

/// A section folder of articles with its optional `_index.md`.
#[derive(Debug, Clone)]
pub struct Section {
    pub lang: String,
    /// Folder relative to content/ ("tin-tuc").
    pub dir: String,
    pub title: String,
    pub summary: Option<String>,
    pub html: String,
    pub url: String,
}

/// The home page text of one language.
#[derive(Debug, Clone, Default)]
pub struct Home {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub html: String,
}

/// The site as the templates see it: only items this build includes.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub now: Timestamp,
    pub today: Date,
    /// The first instant after `now` at which a build could come out different (see
    /// [`crate::site::schedule::stable_until`]), computed over every item loaded.
    pub stable_until: Timestamp,
    pub preview: Preview,
    /// Included items, in a deterministic order (by content path).
    pub items: Vec<Item>,
    pub sections: Vec<Section>,
    pub homes: BTreeMap<String, Home>,
    /// Asset files to publish, relative to content/.
    pub assets: Vec<String>,
    /// Topic slug → display name, for every topic in use or declared.
    pub topics: BTreeMap<String, String>,
    /// The path part of base_url ("" or "/bhxh"), which every URL starts with.
    pub base_path: String,
}

impl Site {
    /// Frees the Markdown sources of the bodies, which rendering them made `html` and
    /// `plain_text` of: pages, feeds and the search index never read them again, and at
    /// 10,000 articles they are 70 MB. Only the editorial checks (`loa check`) read them, on a
    /// site loaded for that.
    pub fn release_bodies(&mut self) {
        for item in &mut self.items {
            item.body = String::new();
        }
    }
}
