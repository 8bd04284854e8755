//! Resolving sources into items: dates in the site's time zone, slugs and URLs, kind details,
//! and every reference (audience, campaign, topic, image) checked against what exists.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::item_fields::{self as fields, Dates};
use super::live::Schedule;
use super::model::{Details, Image, Item, Origin};
use super::unfinished::{far_ahead, unfinished};
use super::window::{MonthDay, Window};
use crate::content::model::Role;
use crate::content::{Config, Kind, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::images::{self, Size};
use crate::messages::Msg;
use crate::msg;

/// What the resolve stage needs to know about content/ besides the sources.
pub struct Context<'a> {
    pub config: &'a Config,
    pub content_dir: &'a Path,
    pub base_path: &'a str,
    /// Asset files relative to content/.
    pub assets: &'a BTreeSet<String>,
    /// Sizes of the image assets that could be measured.
    pub sizes: &'a HashMap<String, Result<Size, Msg>>,
    /// Files that exist but failed to load; their slugs still count as known.
    pub broken: &'a [crate::content::Broken],
    /// The instant of the build (`--now` or the clock), for the likely-typo warnings.
    pub now: Timestamp,
}

/// Turns item sources into items; problems go to `diags` and the item is dropped when it
/// cannot be built at all (no title, unreadable dates), so later stages see only sound items.
pub fn items(sources: &[Source], cx: &Context<'_>, diags: &mut Diagnostics) -> Vec<Item> {
    let merged = super::translations::with_inherited_fields(sources, cx.config);
    let mut items: Vec<Item> = merged
        .iter()
        .filter_map(|s| match s.role {
            Role::Item(kind) => item(s, kind, cx, diags),
            _ => None,
        })
        .collect();
    super::references::check_unique_urls(&items, diags);
    super::references::check_references(&mut items, sources, cx.config, cx.broken, diags);
    super::legal::link_replacements(&mut items, sources, cx.broken, join, diags);
    super::translations::link_to_originals(&mut items, cx.config);
    items
}

fn item(src: &Source, kind: Kind, cx: &Context<'_>, diags: &mut Diagnostics) -> Option<Item> {
    let before = diags.error_count();
    let title = fields::title(src, diags);
    let dates = Dates::read(src, &cx.config.timezone, diags);
    fields::check_expiry(src, &dates, diags);
    let slug = fields::slug(src, diags);
    let origin = fields::origin(src, diags);
    fields::check_source_url(src, origin, diags);
    let dir = src.bundle_dir.clone().unwrap_or_else(|| src.dir().to_string());
    let cover = cover(src, &dir, cx, diags);
    let aliases = super::aliases::of_item(src, diags);
    let details = details(src, kind, &dir, cx, dates.data_as_of, diags);
    if diags.error_count() > before {
        return None;
    }
    // Problems of the text, not of the item: it stays known (its URL taken, links to it
    // resolving), and the build fails on the error all the same.
    if !src.front.draft.unwrap_or(false) {
        unfinished(src, kind, &title, diags);
    }
    far_ahead(src, dates.publish_at, dates.date, cx.now, &cx.config.timezone, diags);
    let checked = Checked { title, dates, slug, origin, cover, aliases, details: details? };
    let mut item = assemble(src, kind, cx, checked);
    super::media::default_cover(&mut item);
    Some(item)
}

/// The cover picture, checked like every image; a cover must say what it shows
/// (`cover_alt = ""` says it is decorative, no `cover_alt` at all is a mistake).
fn cover(src: &Source, dir: &str, cx: &Context<'_>, diags: &mut Diagnostics) -> Option<Image> {
    let f = &src.front;
    let cover = f.cover.as_deref().and_then(|c| image(src, dir, "cover", c, cx, diags));
    if cover.is_some() && f.cover_alt.is_none() {
        diags.push(
            Diagnostic::error(
                &src.shown,
                src.line_of("cover"),
                1,
                Msg::new("ảnh bìa chưa có văn bản thay thế", "the cover image has no text alternative"),
            )
            .with_hint(Msg::new(
                "thêm cover_alt = \"...\" mô tả nội dung bức ảnh; ảnh chỉ để trang trí thì ghi cover_alt = \"\"",
                "add cover_alt = \"...\" describing what the picture shows; for a purely decorative picture write cover_alt = \"\"",
            )),
        );
    }
    cover
}

/// What only items of `kind` have (an infographic's pictures, a campaign's window, a video's
/// files, a legal document's fields); None when they cannot be built.
fn details(
    src: &Source,
    kind: Kind,
    dir: &str,
    cx: &Context<'_>,
    data_as_of: Option<jiff::civil::Date>,
    diags: &mut Diagnostics,
) -> Option<Details> {
    match kind {
        Kind::Infographic => infographic(src, dir, cx, data_as_of, diags),
        Kind::Audience => Some(Details::Audience { slogans: src.front.slogans.clone().unwrap_or_default() }),
        Kind::Campaign => campaign(src, diags),
        Kind::Video | Kind::PhotoStory => media(src, kind, dir, cx, diags),
        Kind::Legal => {
            let inputs = super::legal::Inputs {
                tz: &cx.config.timezone,
                content_dir: cx.content_dir,
                base_path: cx.base_path,
                assets: cx.assets,
                join,
            };
            super::legal::details(src, dir, &inputs, diags)
        }
        _ => Some(Details::None),
    }
}

/// The checked values of an item's fields, ready to be put together.
struct Checked {
    title: String,
    dates: Dates,
    slug: String,
    origin: Origin,
    cover: Option<Image>,
    aliases: Vec<String>,
    details: Details,
}

/// The item made of its checked fields and the rest of its front matter as written; its body
/// is rendered later.
fn assemble(src: &Source, kind: Kind, cx: &Context<'_>, checked: Checked) -> Item {
    let f = &src.front;
    let Checked { title, dates, slug, origin, cover, aliases, details } = checked;
    let section = src.section.clone();
    let url = super::urls::Urls::new(cx.config, cx.base_path).item(&src.lang, kind, &section, &slug);
    Item {
        kind,
        lang: src.lang.clone(),
        shown: src.shown.clone(),
        rel: src.rel.clone(),
        translation_key: format!("{}/{}", src.section, src.file_slug),
        title,
        summary: f.summary.clone().filter(|s| !s.trim().is_empty()),
        date: dates.date,
        updated: dates.updated,
        schedule: Schedule {
            draft: f.draft.unwrap_or(false),
            publish_at: dates.publication(),
            expire_at: dates.expire_at,
        },
        state: super::live::State::Live,
        ref_slug: slug.clone(),
        slug,
        section,
        url,
        audiences: f.audiences.clone().unwrap_or_default(),
        campaigns: fields::campaigns(src),
        topics: f.topics.clone().unwrap_or_default(),
        cover,
        cover_alt: f.cover_alt.clone(),
        aliases,
        weight: f.weight.unwrap_or(0),
        author: f.author.clone(),
        origin,
        source_url: f.source_url.clone(),
        details,
        body: src.body.clone(),
        body_line: src.body_line,
        html: String::new(),
        headings: Vec::new(),
        plain_text: String::new(),
        word_count: 0,
        first_image: None,
        fragments: Vec::new(),
    }
}

/// A video's or photo story's details ([`super::media`]), its files checked like every image.
fn media(src: &Source, kind: Kind, dir: &str, cx: &Context<'_>, diags: &mut Diagnostics) -> Option<Details> {
    let image = |dir: &str, line, path: &str, diags: &mut Diagnostics| image_at(src, dir, line, path, cx, diags);
    let files = super::media::Files {
        content_dir: cx.content_dir,
        base_path: cx.base_path,
        assets: cx.assets,
        join,
        image: &image,
    };
    match kind {
        Kind::Video => super::media::video(src, dir, &files, diags),
        _ => super::media::photo_story(src, dir, &files, diags),
    }
}

/// Resolves an image path written relative to the file's folder (or from the site root).
fn image(src: &Source, dir: &str, key: &str, path: &str, cx: &Context<'_>, diags: &mut Diagnostics) -> Option<Image> {
    image_at(src, dir, src.line_of(key), path, cx, diags)
}

/// [`image`] with its problems reported at `line` (a photo's line in `[[photos]]`).
pub(super) fn image_at(
    src: &Source,
    dir: &str,
    line: usize,
    path: &str,
    cx: &Context<'_>,
    diags: &mut Diagnostics,
) -> Option<Image> {
    let rel = match join(dir, path) {
        Some(rel) if cx.assets.contains(&rel) => rel,
        _ => {
            let hint = crate::diag::missing_file_hint(
                path,
                cx.assets,
                Msg::new(
                    "đặt tệp ảnh cạnh tệp .md và ghi tên tệp ảnh",
                    "put the image file beside the .md file and write its file name",
                ),
            );
            diags.push(
                Diagnostic::error(
                    &src.shown,
                    line,
                    1,
                    msg!("ảnh `{path}` không tồn tại", "image `{path}` does not exist"),
                )
                .with_hint(hint),
            );
            return None;
        }
    };
    if !images::is_image(&rel) {
        diags.push(
            Diagnostic::error(&src.shown, line, 1, msg!("`{path}` không phải ảnh", "`{path}` is not an image"))
                .with_hint(Msg::new(
                    "dùng tệp PNG, JPEG, WebP, GIF hoặc SVG",
                    "use a PNG, JPEG, WebP, GIF or SVG file",
                )),
        );
        return None;
    }
    let (width, height) = match cx.sizes.get(&rel) {
        Some(Ok(s)) => (Some(s.width), Some(s.height)),
        Some(Err(why)) => {
            diags.push(
                Diagnostic::error(
                    &src.shown,
                    line,
                    1,
                    Msg::new(
                        format!("không đọc được kích thước của `{path}`: {}", why.vi),
                        format!("cannot read the size of `{path}`: {}", why.en),
                    ),
                )
                .with_hint(Msg::new(
                    "xuất lại ảnh dưới dạng PNG, JPEG, WebP, hoặc SVG có viewBox",
                    "export the image again as PNG, JPEG, WebP or SVG with a viewBox",
                )),
            );
            return None;
        }
        None => (None, None),
    };
    let responsive =
        width.zip(height).and_then(|(width, height)| crate::images::responsive(&rel, Size { width, height }));
    Some(Image { url: format!("{}/{rel}", cx.base_path), rel, width, height, responsive })
}

fn infographic(
    src: &Source,
    dir: &str,
    cx: &Context<'_>,
    data_as_of: Option<jiff::civil::Date>,
    diags: &mut Diagnostics,
) -> Option<Details> {
    let f = &src.front;
    let err = |line, vi: &str, en: &str| Diagnostic::error(&src.shown, line, 1, Msg::new(vi, en));
    let landscape = match f.image.as_deref() {
        Some(path) => image(src, dir, "image", path, cx, diags),
        None => {
            diags.push(err(1, "infographic chưa có `image`", "the infographic has no `image`").with_hint(Msg::new(
                "thêm image = \"ten-anh.png\" là tên tệp ảnh đặt cạnh tệp này",
                "add image = \"ten-anh.png\" naming the picture file beside this file",
            )));
            None
        }
    };
    // Checked like `image`, so a missing portrait file fails the build, not a phone's page.
    let portrait = f.image_portrait.as_deref().map(|path| image(src, dir, "image_portrait", path, cx, diags));
    if let (Some(path), Some(Some(Image { width: Some(w), height: Some(h), .. }))) = (&f.image_portrait, &portrait) {
        if w >= h {
            diags.push(
                Diagnostic::warning(
                    &src.shown,
                    src.line_of("image_portrait"),
                    1,
                    msg!(
                        "`{path}` ({w}×{h}) không phải ảnh dọc: điện thoại cầm dọc sẽ hiện nó thay cho `image`",
                        "`{path}` ({w}×{h}) is not portrait: upright phones show it instead of `image`"
                    ),
                )
                .with_hint(Msg::new(
                    "vẽ bản dọc cao hơn rộng, các số liệu xếp từ trên xuống, chữ to",
                    "draw the portrait version taller than wide, the figures stacked top to bottom in large type",
                )),
            );
        }
    }
    let alt = f.alt.as_deref().map(str::trim).unwrap_or("");
    if alt.is_empty() {
        let line = if f.alt.is_some() { src.line_of("alt") } else { src.line_of("image") };
        diags.push(err(line, "infographic chưa có văn bản `alt`", "the infographic has no `alt` text").with_hint(
            Msg::new(
                "thêm alt = \"...\": một câu nói bức ảnh thể hiện gì, cho người dùng trình đọc màn hình",
                "add alt = \"...\": one sentence saying what the picture shows, for screen readers",
            ),
        ));
    }
    if src.body.trim().is_empty() {
        diags.push(
            err(src.body_line, "infographic chưa có phần chữ thay thế", "the infographic has no transcript").with_hint(
                Msg::new(
                    "chép mọi số liệu và nhãn trong ảnh thành văn bản bên dưới front matter",
                    "write every figure and label of the picture as text below the front matter",
                ),
            ),
        );
    }
    let portrait = match portrait {
        Some(None) => return None,
        portrait => portrait.flatten().map(Box::new),
    };
    Some(Details::Infographic {
        image: landscape?,
        portrait,
        alt: alt.to_string(),
        source: f.source.clone(),
        data_as_of,
    })
    .filter(|_| !alt.is_empty())
}

fn campaign(src: &Source, diags: &mut Diagnostics) -> Option<Details> {
    let f = &src.front;
    let mut day = |key: &str, value: &Option<String>| -> Option<MonthDay> {
        match value {
            None => {
                diags.push(
                    Diagnostic::error(
                        &src.shown,
                        1,
                        1,
                        msg!("chiến dịch chưa có `{key}`", "the campaign has no `{key}`"),
                    )
                    .with_hint(msg!(
                        "thêm {key} = \"MM-DD\", ví dụ {key} = \"05-01\"",
                        "add {key} = \"MM-DD\", e.g. {key} = \"05-01\""
                    )),
                );
                None
            }
            Some(text) => match MonthDay::parse(text) {
                Ok(d) => Some(d),
                Err(why) => {
                    let message = Msg::new(
                        format!("`{key}`: `{text}` không phải một ngày trong năm; hãy ghi \"MM-DD\", ví dụ \"05-01\" là ngày 1 tháng 5"),
                        format!("`{key}`: {why}"),
                    );
                    diags.push(Diagnostic::error(&src.shown, src.line_of(key), 1, message).with_hint(Msg::new(
                        "thời gian chiến dịch lặp lại hằng năm: starts và ends có dạng \"MM-DD\"",
                        "campaign windows are yearly: starts and ends are \"MM-DD\"",
                    )));
                    None
                }
            },
        }
    };
    let starts = day("starts", &f.starts);
    let ends = day("ends", &f.ends);
    let year = match f.year {
        None => None,
        Some(y) if (1900..=2200).contains(&y) => Some(y as i16),
        Some(y) => {
            diags.push(
                Diagnostic::error(
                    &src.shown,
                    src.line_of("year"),
                    1,
                    msg!("năm {y} nằm ngoài khoảng cho phép", "year {y} is out of range"),
                )
                .with_hint(Msg::new(
                    "`year` gắn chiến dịch chỉ diễn ra một lần vào một năm, ví dụ 2026",
                    "`year` pins a one-off campaign to a year such as 2026",
                )),
            );
            None
        }
    };
    let messages = f.messages.clone().unwrap_or_default().into_iter().map(|(k, v)| (k, v.into_vec())).collect();
    Some(Details::Campaign {
        window: Window { starts: starts?, ends: ends?, year },
        theme: f.theme.clone(),
        slogan: f.slogan.clone(),
        messages,
    })
}

/// Joins a path written in a file of `dir` (relative to content/) and normalises `.` and `..`.
/// A path starting with '/' is taken from content/. None when it climbs out of content/.
pub fn join(dir: &str, path: &str) -> Option<String> {
    let path = crate::text::escape::decode_path(path);
    let mut parts: Vec<&str> = Vec::new();
    let (start, path) = match path.strip_prefix('/') {
        Some(p) => ("", p),
        None => (dir, &*path),
    };
    for part in start.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The time zone's date of an instant.
pub fn local_date(ts: Timestamp, tz: &TimeZone) -> jiff::civil::Date {
    ts.to_zoned(tz.clone()).date()
}

/// Topic slugs with display names: the declared ones, or the slugs in use made readable.
pub fn topic_names(config: &Config, items: &[Item]) -> BTreeMap<String, String> {
    match &config.topics {
        Some(t) => t.clone(),
        None => items.iter().flat_map(|i| i.topics.iter()).map(|slug| (slug.clone(), slug.replace('-', " "))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_relative_paths_inside_content() {
        assert_eq!(join("tin-tuc", "../infographic/a.png").as_deref(), Some("infographic/a.png"));
        assert_eq!(join("tin-tuc", "./b.md").as_deref(), Some("tin-tuc/b.md"));
        assert_eq!(join("tin-tuc", "/trang/a.md").as_deref(), Some("trang/a.md"));
        assert_eq!(join("tin-tuc", "../../etc/passwd"), None);
        assert_eq!(join("tin-tuc", "anh%20moi.png").as_deref(), Some("tin-tuc/anh moi.png"));
    }
}
