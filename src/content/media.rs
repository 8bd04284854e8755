//! The front matter of videos and photo stories: their own fields and the raw `[[photos]]`
//! entries.

use serde::Deserialize;

/// Fields a video accepts besides the common ones.
pub const VIDEO_FIELDS: &[&str] = &["file", "poster", "captions", "captions_lang", "youtube"];
/// Fields a photo story accepts besides the common ones.
pub const PHOTO_STORY_FIELDS: &[&str] = &["photos"];

/// One `[[photos]]` entry as written; every field is optional here so that a missing one is
/// reported at its photo's line with a hint, not as a parse error.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhoto {
    pub file: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}
