//! Front matter: splitting it from the body, parsing TOML (`+++`) or YAML (`---`) into the raw
//! field set, and turning every parse problem into a positioned diagnostic.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::diag::{did_you_mean, suggestion};
use crate::messages::Msg;
use crate::msg;

/// Front matter exactly as written: every field any kind may carry. Which fields a kind
/// accepts is checked before this is filled, so a misplaced field gets its own message.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFront {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub date: Option<RawDate>,
    pub updated: Option<RawDate>,
    pub publish_at: Option<RawDate>,
    pub expire_at: Option<RawDate>,
    pub draft: Option<bool>,
    pub slug: Option<String>,
    pub audiences: Option<Vec<String>>,
    pub campaign: Option<String>,
    pub campaigns: Option<Vec<String>>,
    pub topics: Option<Vec<String>>,
    pub cover: Option<String>,
    pub cover_alt: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub weight: Option<i64>,
    pub author: Option<String>,
    pub origin: Option<String>,
    pub source_url: Option<String>,
    // Infographics.
    pub image: Option<String>,
    pub image_portrait: Option<String>,
    pub alt: Option<String>,
    pub source: Option<String>,
    pub data_as_of: Option<RawDate>,
    // Audiences.
    pub slogans: Option<Vec<String>>,
    // Campaigns.
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub year: Option<i64>,
    pub theme: Option<String>,
    pub slogan: Option<String>,
    pub messages: Option<BTreeMap<String, OneOrMany>>,
    // Videos and photo stories (content/media.rs).
    pub file: Option<String>,
    pub poster: Option<String>,
    pub captions: Option<String>,
    pub captions_lang: Option<String>,
    pub youtube: Option<String>,
    pub photos: Option<Vec<super::media::RawPhoto>>,
    // Legal documents (`super::legal_fields`).
    pub number: Option<String>,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<RawDate>,
    pub effective: Option<RawDate>,
    pub status: Option<String>,
    pub replaced_by: Option<String>,
    pub files: Option<Vec<super::legal_fields::RawFile>>,
}

/// Fields every item accepts.
pub const COMMON_FIELDS: &[&str] = &[
    "title",
    "summary",
    "date",
    "updated",
    "publish_at",
    "expire_at",
    "draft",
    "slug",
    "audiences",
    "campaign",
    "campaigns",
    "topics",
    "cover",
    "cover_alt",
    "aliases",
    "weight",
    "author",
    "origin",
    "source_url",
];
pub const INFOGRAPHIC_FIELDS: &[&str] = &["image", "image_portrait", "alt", "source", "data_as_of"];
pub const AUDIENCE_FIELDS: &[&str] = &["slogans"];
pub const CAMPAIGN_FIELDS: &[&str] = &["starts", "ends", "year", "theme", "slogan", "messages"];

/// A date as written: a TOML datetime or a string, read later in the site's time zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDate(pub String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = RawDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2025-02-03 or 2025-02-03T08:00:00+07:00")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            // TOML hands its native datetimes over as a one-entry map holding the text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDate, A::Error> {
                match map.next_entry::<String, String>()? {
                    Some((_, text)) => Ok(RawDate(text)),
                    None => Err(de::Error::custom("expected a date")),
                }
            }
        }
        deserializer.deserialize_any(DateVisitor)
    }
}

/// A key message list that may also be written as a single string.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// A file split into front matter and body. Lines are 1-based lines of the whole file.
#[derive(Debug)]
pub struct Split<'a> {
    pub format: Format,
    pub front: &'a str,
    /// File line of the first front matter line.
    pub front_line: usize,
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: usize,
}

/// A problem at a position of the file (1-based line and column), with a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontError {
    pub line: usize,
    pub col: usize,
    pub message: Msg,
    pub hint: Option<Msg>,
}

impl FrontError {
    fn new(line: usize, col: usize, message: impl Into<Msg>, hint: Option<Msg>) -> Self {
        FrontError { line, col, message: message.into(), hint }
    }
}

/// Splits `text` (already LF-only, without BOM) at its front matter fences.
pub fn split(text: &str) -> Result<Split<'_>, FrontError> {
    let (format, fence) = if text.starts_with("+++") {
        (Format::Toml, "+++")
    } else if text.starts_with("---") {
        (Format::Yaml, "---")
    } else {
        return Err(FrontError::new(
            1,
            1,
            Msg::new("tệp chưa có phần thông tin đầu tệp (front matter)", "the file has no front matter"),
            Some(Msg::new(
                "mở đầu tệp bằng một dòng `+++`, tiếp theo là `title = \"...\"`, rồi một dòng `+++` để đóng",
                "start the file with a line `+++`, then `title = \"...\"`, then a closing `+++` line",
            )),
        ));
    };
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != fence {
        let message = msg!(
            "dòng mở `{fence}` phải đứng riêng trên dòng đầu tiên",
            "the opening `{fence}` must stand alone on the first line"
        );
        return Err(FrontError::new(1, 4, message, None));
    }
    let front_start = (first_line_end + 1).min(text.len());
    let mut offset = front_start;
    for (line, l) in (2..).zip(text[front_start..].split_inclusive('\n')) {
        if l.trim_end() == fence {
            let body_start = offset + l.len();
            return Ok(Split {
                format,
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(FrontError::new(
        1,
        1,
        msg!(
            "front matter mở bằng `{fence}` nhưng chưa được đóng",
            "the front matter opened with `{fence}` is never closed"
        ),
        Some(msg!("thêm một dòng `{fence}` sau trường cuối cùng", "add a line `{fence}` after the last field")),
    ))
}

/// Parses the front matter, accepting only `allowed` fields (all others are reported at once,
/// with "did you mean" and, for a field of another kind, which kind it belongs to).
/// Front matter read in spite of unknown fields, with the errors about those fields.
#[derive(Debug)]
pub struct Parsed {
    pub front: RawFront,
    pub errors: Vec<FrontError>,
}

pub fn parse(split: &Split<'_>, allowed: &[&str], kind_name: impl Into<Msg>) -> Result<Parsed, Vec<FrontError>> {
    let kind_name: Msg = kind_name.into();
    let keys = top_level_keys(split)?;
    let mut errors = Vec::new();
    for key in &keys {
        if allowed.contains(&key.as_str()) {
            continue;
        }
        let line = key_line(split, key).unwrap_or(split.front_line);
        if let Some(owner) = field_owner(key) {
            let (kind_vi, kind_en, owner_vi, owner_en) = (&kind_name.vi, &kind_name.en, owner.vi, owner.en);
            errors.push(FrontError::new(
                line,
                1,
                msg!(
                    "trường `{key}` không dùng cho {kind_vi}; trường này thuộc về {owner_vi}",
                    "field `{key}` is not used in {kind_en}; it belongs to {owner_en}"
                ),
                Some(msg!(
                    "xoá `{key}`, hoặc chuyển tệp sang thư mục của {owner_vi}",
                    "remove `{key}`, or move the file to the {owner_en} folder"
                )),
            ));
        } else {
            let hint = match did_you_mean(key, allowed.iter().copied()) {
                Some(s) => suggestion(s),
                None => {
                    let (kind_vi, kind_en, fields) = (&kind_name.vi, &kind_name.en, allowed.join(", "));
                    msg!("các trường của {kind_vi} là: {fields}", "the fields of {kind_en} are: {fields}")
                }
            };
            errors.push(FrontError::new(line, 1, msg!("không có trường `{key}`", "unknown field `{key}`"), Some(hint)));
        }
    }
    if errors.is_empty() {
        return deserialize(split).map(|front| Parsed { front, errors }).map_err(|e| vec![e]);
    }
    // Read the rest with the unknown fields' lines blanked (line numbers stay), so the same
    // run also reports the file's other mistakes, such as an unknown audience.
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    let cleaned: String = split
        .front
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| if lines.contains(&(split.front_line + i)) { "\n" } else { l })
        .collect();
    let cleaned_split = Split { front: &cleaned, ..*split };
    match deserialize(&cleaned_split) {
        Ok(front) => Ok(Parsed { front, errors }),
        Err(_) => Err(errors),
    }
}

/// The kind a field belongs to, named in Vietnamese and English.
struct Owner {
    vi: &'static str,
    en: &'static str,
}

fn field_owner(key: &str) -> Option<Owner> {
    if INFOGRAPHIC_FIELDS.contains(&key) {
        Some(Owner { vi: "infographic", en: "infographics" })
    } else if AUDIENCE_FIELDS.contains(&key) {
        Some(Owner { vi: "đối tượng", en: "audiences" })
    } else if CAMPAIGN_FIELDS.contains(&key) {
        Some(Owner { vi: "chiến dịch", en: "campaigns" })
    } else if super::media::VIDEO_FIELDS.contains(&key) {
        Some(Owner { vi: "video", en: "videos" })
    } else if super::media::PHOTO_STORY_FIELDS.contains(&key) {
        Some(Owner { vi: "phóng sự ảnh", en: "photo stories" })
    } else if super::legal_fields::LEGAL_FIELDS.contains(&key) {
        Some(Owner { vi: "văn bản", en: "legal documents" })
    } else {
        None
    }
}

fn top_level_keys(split: &Split<'_>) -> Result<Vec<String>, Vec<FrontError>> {
    match split.format {
        Format::Toml => match toml::from_str::<toml::Table>(split.front) {
            Ok(table) => Ok(table.keys().cloned().collect()),
            Err(e) => Err(vec![toml_error(split, &e)]),
        },
        Format::Yaml => {
            if split.front.trim().is_empty() {
                return Ok(Vec::new());
            }
            yaml_aliases(split).map_err(|e| vec![e])?;
            match serde_norway::from_str::<serde_norway::Value>(split.front) {
                Ok(serde_norway::Value::Mapping(map)) => Ok(map
                    .keys()
                    .map(|k| match k {
                        serde_norway::Value::String(s) => s.clone(),
                        other => format!("{other:?}"),
                    })
                    .collect()),
                Ok(serde_norway::Value::Null) => Ok(Vec::new()),
                Ok(_) => Err(vec![FrontError::new(
                    split.front_line,
                    1,
                    Msg::new(
                        "front matter YAML phải là các dòng `trường: giá trị`",
                        "the YAML front matter must be a list of `field: value` lines",
                    ),
                    None,
                )]),
                Err(e) => Err(vec![yaml_error(split, &e)]),
            }
        }
    }
}

fn deserialize(split: &Split<'_>) -> Result<RawFront, FrontError> {
    match split.format {
        Format::Toml => toml::from_str::<RawFront>(split.front).map_err(|e| toml_error(split, &e)),
        Format::Yaml if split.front.trim().is_empty() => Ok(RawFront::default()),
        Format::Yaml => serde_norway::from_str::<RawFront>(split.front).map_err(|e| yaml_error(split, &e)),
    }
}

fn toml_error(split: &Split<'_>, e: &toml::de::Error) -> FrontError {
    let explained = super::toml_words::explain(split.front, split.front_line, e);
    let message =
        Msg::new(format!("front matter: {}", explained.message.vi), format!("front matter: {}", explained.message.en));
    FrontError::new(explained.line, explained.col, message, Some(explained.hint))
}

/// How many YAML aliases (`*name`) a front matter may use. A page's fields need none; a few
/// are tolerated, but anchors expanding into anchors (the "billion laughs") are refused
/// before the parser expands them.
const MAX_YAML_ALIASES: usize = 16;

/// Refuses front matter with more than [`MAX_YAML_ALIASES`] aliases, at the first one past
/// the limit.
fn yaml_aliases(split: &Split<'_>) -> Result<(), FrontError> {
    let mut count = 0;
    for (i, line) in split.front.lines().enumerate() {
        let mut quote: Option<char> = None;
        let mut before = ' ';
        for (col, c) in line.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '#' && before.is_whitespace() => break,
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == '*' && matches!(before, ' ' | '\t' | '[' | ',' | '{' | ':' | '-') => {
                    let next = line[col + 1..].chars().next();
                    if next.is_some_and(|n| n.is_alphanumeric() || n == '_') {
                        count += 1;
                        if count > MAX_YAML_ALIASES {
                            return Err(too_many_aliases(split.front_line + i, col + 1));
                        }
                    }
                }
                None => {}
            }
            before = c;
        }
    }
    Ok(())
}

fn too_many_aliases(line: usize, col: usize) -> FrontError {
    FrontError::new(
        line,
        col,
        msg!(
            "front matter dùng quá nhiều bí danh YAML (`*tên`, quá {MAX_YAML_ALIASES}): các bí danh lồng nhau có thể nở ra hàng tỉ giá trị",
            "the front matter uses too many YAML aliases (`*name`, more than {MAX_YAML_ALIASES}): nested aliases can expand into billions of values"
        ),
        Some(Msg::new(
            "ghi thẳng giá trị của từng trường thay cho `&neo` và `*bí-danh`",
            "write each field's value out instead of `&anchors` and `*aliases`",
        )),
    )
}

fn yaml_error(split: &Split<'_>, e: &serde_norway::Error) -> FrontError {
    let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let message = e.to_string();
    if message.starts_with("repetition limit exceeded") {
        return too_many_aliases(split.front_line + line - 1, col);
    }
    // The location is already in our position; drop serde_norway's own "at line X column Y".
    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
    let (said, hint) = yaml_words(&message);
    // A list left open is noticed on the next line; the ] is missing where the list started.
    let (line, col) = if message.contains("did not find expected ',' or ']'") {
        let lines: Vec<&str> = split.front.lines().collect();
        (1..=line)
            .rev()
            .find(|&n| lines.get(n - 1).is_some_and(|l| l.contains('[') && !l.contains(']')))
            .map_or((line, col), |n| (n, lines[n - 1].trim_end().chars().count() + 1))
    } else {
        (line, col)
    };
    FrontError::new(split.front_line + line - 1, col, said, Some(hint))
}

/// The YAML parser's words for the common mistakes, in the editor's language, with the fix.
fn yaml_words(message: &str) -> (Msg, Msg) {
    let fields = Msg::new(
        "các trường YAML có dạng: `title: \"Tiêu đề\"`; danh sách: `audiences: [a, b]`",
        "YAML fields look like: `title: \"Tiêu đề\"`; lists: `audiences: [a, b]`",
    );
    if message.contains("mapping values are not allowed") {
        (
            Msg::new(
                "front matter: dấu : trong một giá trị chưa đặt trong ngoặc kép",
                "front matter: a : inside a value that is not quoted",
            ),
            Msg::new(
                "đặt cả giá trị trong ngoặc kép: title: \"Lưu ý: hạn nộp hồ sơ\"",
                "quote the whole value: title: \"Lưu ý: hạn nộp hồ sơ\"",
            ),
        )
    } else if message.contains("did not find expected ',' or ']'") {
        (
            Msg::new(
                "front matter: danh sách chưa đóng: thiếu dấu ]",
                "front matter: the list is not closed: a ] is missing",
            ),
            Msg::new("đóng danh sách bằng ]: audiences: [a, b]", "close the list with ]: audiences: [a, b]"),
        )
    } else if message.contains("block sequence entries are not allowed") {
        (
            Msg::new(
                "front matter: danh sách `- mục` viết ngay sau dấu : trên cùng dòng",
                "front matter: a `- item` list written right after the : on the same line",
            ),
            Msg::new(
                "viết danh sách trên một dòng: topics: [bhxh, bhyt], hoặc mỗi mục một dòng bắt đầu bằng \"  - \"",
                "write the list on one line: topics: [bhxh, bhyt], or one item per line starting with \"  - \"",
            ),
        )
    } else if message.contains("found character that cannot start any token") {
        (
            Msg::new(
                "front matter: một ký tự không được đứng đầu giá trị (dấu tab, @ hoặc `)",
                "front matter: a character that cannot start a value (a tab, @ or `)",
            ),
            Msg::new(
                "thụt lề bằng dấu cách, không dùng tab; giá trị bắt đầu bằng @ hoặc ` thì đặt trong ngoặc kép",
                "indent with spaces, not tabs; quote a value that starts with @ or `",
            ),
        )
    } else if message.contains("found unexpected end of stream") || message.contains("while scanning a quoted scalar") {
        (
            Msg::new(
                "front matter: chuỗi chưa đóng: thiếu dấu ngoặc kép ở cuối",
                "front matter: a quoted value is not closed",
            ),
            fields,
        )
    } else if message.contains("duplicate") {
        (Msg::new("front matter: một trường được ghi hai lần", "front matter: a field is written twice"), fields)
    } else {
        (msg!("front matter không phải YAML hợp lệ: {message}", "front matter is not valid YAML: {message}"), fields)
    }
}

/// File line of a top-level `key` in the front matter, for messages about a field's value.
pub fn key_line(split: &Split<'_>, key: &str) -> Option<usize> {
    for (i, line) in split.front.lines().enumerate() {
        let trimmed = line.trim_start();
        let matched = match split.format {
            Format::Toml => {
                trimmed.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
                    || trimmed.strip_prefix('[').and_then(|r| r.strip_prefix(key)).is_some_and(|r| r.starts_with(']'))
                    || trimmed.strip_prefix('"').and_then(|r| r.strip_prefix(key)).is_some_and(|r| r.starts_with('"'))
            }
            Format::Yaml => line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')),
        };
        if matched {
            return Some(split.front_line + i);
        }
    }
    None
}

/// File line of the first line in the front matter that mentions `needle` (a slug in a list).
pub fn value_line(split: &Split<'_>, key: &str, needle: &str) -> Option<usize> {
    let start = key_line(split, key)?;
    for (i, line) in split.front.lines().enumerate().skip(start - split.front_line) {
        if line.contains(needle) {
            return Some(split.front_line + i);
        }
    }
    Some(start)
}

#[cfg(test)]
#[path = "frontmatter_tests.rs"]
mod tests;
