//! The raw sources as loaded from content/, before references and dates are resolved.

use std::path::PathBuf;

use super::frontmatter::{self, Format, RawFront, Split};
use crate::messages::Msg;

/// What a content file is, decided by the folder it lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Article,
    Infographic,
    Audience,
    Campaign,
    Faq,
    Page,
    Video,
    #[serde(rename = "photo_story")]
    PhotoStory,
    /// A legal document (văn bản): number, type, issuer, dates, status, attached files.
    Legal,
}

impl Kind {
    /// Front matter fields this kind accepts.
    pub fn fields(self) -> Vec<&'static str> {
        let extra: &[&str] = match self {
            Kind::Infographic => frontmatter::INFOGRAPHIC_FIELDS,
            Kind::Audience => frontmatter::AUDIENCE_FIELDS,
            Kind::Campaign => frontmatter::CAMPAIGN_FIELDS,
            Kind::Video => super::media::VIDEO_FIELDS,
            Kind::PhotoStory => super::media::PHOTO_STORY_FIELDS,
            Kind::Legal => super::legal_fields::LEGAL_FIELDS,
            _ => &[],
        };
        frontmatter::COMMON_FIELDS.iter().chain(extra).copied().collect()
    }

    /// How messages name the kind ("unknown field in articles").
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Article => "articles",
            Kind::Infographic => "infographics",
            Kind::Audience => "audiences",
            Kind::Campaign => "campaigns",
            Kind::Faq => "questions and answers",
            Kind::Page => "pages",
            Kind::Video => "videos",
            Kind::PhotoStory => "photo stories",
            Kind::Legal => "legal documents",
        }
    }

    /// The kind in both languages, plural, for messages ("bài viết" / "articles").
    pub fn plural_msg(self) -> Msg {
        let vi = match self {
            Kind::Article => "bài viết",
            Kind::Infographic => "infographic",
            Kind::Audience => "đối tượng",
            Kind::Campaign => "chiến dịch",
            Kind::Faq => "hỏi – đáp",
            Kind::Page => "trang",
            Kind::Video => "video",
            Kind::PhotoStory => "phóng sự ảnh",
            Kind::Legal => "văn bản",
        };
        Msg::new(vi, self.plural())
    }
}

/// What role a Markdown file plays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// An item of a section: article, infographic, audience, campaign, Q&A or page.
    Item(Kind),
    /// `_index.md` of a section folder: its title and introduction.
    SectionIndex,
    /// `content/_index.md`: the home page text.
    Home,
}

/// One Markdown file of content/, parsed but not yet checked against the rest of the site.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as shown to editors, relative to the site root ("content/tin-tuc/a.md").
    pub shown: PathBuf,
    /// Path relative to content/, with '/' separators ("tin-tuc/a.md").
    pub rel: String,
    pub role: Role,
    /// The section folder relative to content/ ("tin-tuc", "tin-tuc/2025"; "" at the root).
    pub section: String,
    /// The slug from the file (or bundle folder) name.
    pub file_slug: String,
    /// Language code of the file (the site's main language unless `name.<code>.md`).
    pub lang: String,
    /// The folder of a page bundle (`slug/index.md`) relative to content/, whose files are its assets.
    pub bundle_dir: Option<String>,
    pub front: RawFront,
    pub format: Format,
    pub front_text: String,
    pub front_line: usize,
    pub body: String,
    pub body_line: usize,
}

impl Source {
    /// File line of a front matter field, or of the front matter's start when it is not written.
    pub fn line_of(&self, key: &str) -> usize {
        frontmatter::key_line(&self.split(), key).unwrap_or(1)
    }

    /// File line where `needle` appears in the value of `key` (for one slug of a list).
    pub fn line_of_value(&self, key: &str, needle: &str) -> usize {
        frontmatter::value_line(&self.split(), key, needle).unwrap_or(1)
    }

    fn split(&self) -> Split<'_> {
        Split { format: self.format, front: &self.front_text, front_line: self.front_line, body: "", body_line: 0 }
    }

    /// The folder of the file relative to content/ (the bundle folder for a bundle).
    pub fn dir(&self) -> &str {
        match self.rel.rfind('/') {
            Some(i) => &self.rel[..i],
            None => "",
        }
    }
}
