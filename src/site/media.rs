//! Videos and photo stories: their model (what a page shows of them) and how their front
//! matter resolves: the video file or YouTube ID, poster and captions; the photos with their
//! alt text, captions and credits. Every file they name is checked here, so `loa check`
//! refuses what a build would.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::model::{Captions, Details, Image, Item, Photo, Video, VideoSource};
use super::webvtt;
use crate::content::frontmatter::Format;
use crate::content::Source;
use crate::diag::{did_you_mean, Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::msg;

/// The files of content/ an item's media names, relative to content/: they are published
/// with the item, and not before it.
pub fn files(details: &Details) -> Vec<String> {
    match details {
        Details::Video(v) => {
            let mut out: Vec<String> = v.poster.iter().map(|p| p.rel.clone()).collect();
            if let Some(VideoSource::File { rel, .. }) = &v.source {
                out.push(rel.clone());
            }
            out.extend(v.captions.iter().map(|c| c.rel.clone()));
            out
        }
        Details::PhotoStory { photos } => photos.iter().map(|p| p.image.rel.clone()).collect(),
        _ => Vec::new(),
    }
}

/// Whether the item's page embeds a YouTube player (and so needs frames from its origin).
pub fn embeds_youtube(item: &Item) -> bool {
    matches!(&item.details, Details::Video(v) if v.youtube_id().is_some())
}

/// Lists and the Open Graph card show a video's poster and a photo story's first photo when
/// the item names no cover of its own.
pub(super) fn default_cover(item: &mut Item) {
    if item.cover.is_some() {
        return;
    }
    let (cover, alt) = match &item.details {
        Details::Video(v) => match &v.poster {
            Some(p) => (p.clone(), String::new()),
            None => return,
        },
        Details::PhotoStory { photos } => match photos.first() {
            Some(p) => (p.image.clone(), p.alt.clone()),
            None => return,
        },
        _ => return,
    };
    item.cover = Some(cover);
    item.cover_alt = Some(alt);
}

/// What resolving media needs of the resolve stage: where content/ is, its files, and how an
/// image is resolved (the resolve stage's own function, so covers, infographics and photos are
/// checked alike).
pub struct Files<'a> {
    pub content_dir: &'a Path,
    pub base_path: &'a str,
    /// Asset files relative to content/.
    pub assets: &'a BTreeSet<String>,
    /// A path written relative to the file's folder, as a path relative to content/.
    pub join: fn(&str, &str) -> Option<String>,
    /// An image path, reported at a line when it is missing or unreadable.
    pub image: &'a dyn Fn(&str, usize, &str, &mut Diagnostics) -> Option<Image>,
}

/// File line of `key` in the `index`-th (0-based) photo, else of that photo's table header,
/// else of `photos` itself.
pub fn photo_line(src: &Source, index: usize, key: &str) -> usize {
    let lines: Vec<&str> = src.front_text.lines().collect();
    let start = match src.format {
        Format::Toml => lines.iter().enumerate().filter(|(_, l)| l.trim() == "[[photos]]").nth(index).map(|(i, _)| i),
        // The list items after `photos:` (not those of `audiences` or `topics`).
        Format::Yaml => {
            let from = src.line_of("photos").saturating_sub(src.front_line);
            let list = lines.iter().enumerate().skip(from + 1);
            list.filter(|(_, l)| l.trim_start().starts_with("- ")).nth(index).map(|(i, _)| i)
        }
    };
    let Some(start) = start else { return src.line_of("photos") };
    let ends_table = |l: &str| match src.format {
        Format::Toml => l.trim_start().starts_with('['),
        Format::Yaml => l.trim_start().starts_with("- ") || !l.starts_with(' '),
    };
    let found =
        lines.iter().enumerate().skip(start).take_while(|(i, l)| *i == start || !ends_table(l)).find(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=') || r.trim_start().starts_with(':'))
        });
    src.front_line + found.map_or(start, |(i, _)| i)
}

fn error(src: &Source, line: usize, message: Msg, hint: Msg) -> Diagnostic {
    Diagnostic::error(&src.shown, line, 1, message).with_hint(hint)
}

/// A file of content/ that the front matter names under `key`, checked to exist.
fn asset(src: &Source, dir: &str, key: &str, path: &str, cx: &Files<'_>, diags: &mut Diagnostics) -> Option<String> {
    match (cx.join)(dir, path) {
        Some(rel) if cx.assets.contains(&rel) => Some(rel),
        _ => {
            let name = path.rsplit('/').next().unwrap_or(path);
            let hint = match did_you_mean(name, cx.assets.iter().map(|a| a.rsplit('/').next().unwrap_or(a))) {
                Some(s) => msg!(
                    "có phải ý bạn là `{s}`? đường dẫn tính từ thư mục của tệp",
                    "did you mean `{s}`? paths are relative to the file's folder"
                ),
                None => Msg::new(
                    "đặt tệp cạnh tệp .md (hoặc trong thư mục của bài) và ghi tên tệp",
                    "put the file beside the .md file (or in the item's folder) and write its name",
                ),
            };
            diags.push(error(src, src.line_of(key), msg!("không có tệp `{path}`", "there is no file `{path}`"), hint));
            None
        }
    }
}

fn extension(rel: &str) -> String {
    rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// A video's details, or `None` after reporting what is wrong.
pub(super) fn video(src: &Source, dir: &str, cx: &Files<'_>, diags: &mut Diagnostics) -> Option<Details> {
    let f = &src.front;
    let before = diags.error_count();
    // A body of `loa new`'s guide comment only is no transcript.
    let transcript = !super::unfinished::without_comments(&src.body).trim().is_empty();
    let source = match (f.file.as_deref(), f.youtube.as_deref()) {
        (Some(_), Some(_)) => {
            diags.push(error(
                src,
                src.line_of("youtube"),
                Msg::new("video có cả `file` lẫn `youtube`", "the video has both `file` and `youtube`"),
                Msg::new(
                    "giữ một trong hai: file = \"...\" cho tệp tự lưu, hoặc youtube = \"...\"",
                    "keep one of them: file = \"...\" for a self-hosted file, or youtube = \"...\"",
                ),
            ));
            None
        }
        (Some(path), None) => video_file(src, dir, path, cx, diags),
        (None, Some(text)) => match super::youtube::video_id(text) {
            Some(id) => Some(VideoSource::YouTube { id }),
            None => {
                diags.push(error(
                    src,
                    src.line_of("youtube"),
                    msg!("`{text}` không phải mã hay địa chỉ video YouTube", "`{text}` is no YouTube video ID or address"),
                    Msg::new(
                        "dán địa chỉ video (https://www.youtube.com/watch?v=..., https://youtu.be/...) hoặc mã 11 ký tự của nó",
                        "paste the video's address (https://www.youtube.com/watch?v=..., https://youtu.be/...) or its 11-character ID",
                    ),
                ));
                None
            }
        },
        // A draft may wait for its video; anything set to publish may not.
        (None, None) if f.draft.unwrap_or(false) => None,
        (None, None) => {
            diags.push(error(
                src,
                src.front_line,
                Msg::new("video chưa có `file` hoặc `youtube`", "the video has no `file` or `youtube`"),
                Msg::new(
                    "thêm file = \"ten-video.mp4\" (tệp MP4 hoặc WebM đặt cạnh tệp này) hoặc youtube = \"https://youtu.be/...\"",
                    "add file = \"ten-video.mp4\" (an MP4 or WebM file beside this one) or youtube = \"https://youtu.be/...\"",
                ),
            ));
            None
        }
    };
    let poster = f.poster.as_deref().and_then(|p| (cx.image)(dir, src.line_of("poster"), p, diags));
    let self_hosted = matches!(source, Some(VideoSource::File { .. }));
    if self_hosted && f.poster.is_none() {
        diags.push(error(
            src,
            src.line_of("file"),
            Msg::new("video chưa có ảnh `poster`", "the video has no `poster` picture"),
            Msg::new(
                "thêm poster = \"anh-bia.jpg\": ảnh hiện trước khi bấm phát, để trang không phải tải video",
                "add poster = \"anh-bia.jpg\": the picture shown before play, so the page need not load the video",
            ),
        ));
    }
    let captions = match (&f.captions, &source) {
        (Some(_), Some(VideoSource::YouTube { .. })) => {
            diags.push(error(
                src,
                src.line_of("captions"),
                Msg::new(
                    "`captions` chỉ dùng cho tệp video tự lưu; video YouTube mang phụ đề của YouTube",
                    "`captions` is for self-hosted files; a YouTube video carries YouTube's own captions",
                ),
                Msg::new(
                    "bỏ dòng captions và viết lời thoại của video vào phần thân bên dưới front matter",
                    "remove the captions line and write what the video says in the body below the front matter",
                ),
            ));
            None
        }
        (Some(path), _) => captions(src, dir, path, cx, diags),
        (None, _) => None,
    };
    let named_captions = f.captions.is_some();
    if !named_captions && !transcript && source.is_some() {
        let (message, hint) = if self_hosted {
            (
                Msg::new("video chưa có phụ đề và chưa có lời thoại", "the video has neither captions nor a transcript"),
                Msg::new(
                    "thêm captions = \"phu-de.vtt\" (tệp WebVTT cạnh tệp này) hoặc viết lời thoại vào phần thân; người khiếm thính cần một trong hai",
                    "add captions = \"phu-de.vtt\" (a WebVTT file beside this one) or write the transcript in the body; deaf readers need one of them",
                ),
            )
        } else {
            (
                Msg::new("video YouTube chưa có lời thoại", "the YouTube video has no transcript"),
                Msg::new(
                    "viết lời thoại của video vào phần thân bên dưới front matter: người khiếm thính và người chưa bấm phát đọc nó",
                    "write what the video says in the body below the front matter: deaf readers and those who do not play it read it",
                ),
            )
        };
        diags.push(error(src, src.body_line.max(src.front_line), message, hint));
    }
    if let Some(lang) = &f.captions_lang {
        if lang.is_empty() || !lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            diags.push(error(
                src,
                src.line_of("captions_lang"),
                msg!("`{lang}` không phải mã ngôn ngữ", "`{lang}` is not a language code"),
                Msg::new(
                    "ghi mã ngôn ngữ như \"vi\", \"en\" hoặc \"hmn\"",
                    "write a language code such as \"vi\", \"en\" or \"hmn\"",
                ),
            ));
        }
    }
    if diags.error_count() > before {
        return None;
    }
    Some(Details::Video(Box::new(Video { source, poster, captions })))
}

fn video_file(src: &Source, dir: &str, path: &str, cx: &Files<'_>, diags: &mut Diagnostics) -> Option<VideoSource> {
    let rel = asset(src, dir, "file", path, cx, diags)?;
    let mime = match extension(&rel).as_str() {
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        _ => {
            diags.push(error(
                src,
                src.line_of("file"),
                msg!("`{path}` không phải tệp video MP4 hay WebM", "`{path}` is not an MP4 or WebM video"),
                Msg::new(
                    "xuất video dạng MP4 (H.264, AAC) hoặc WebM: mọi trình duyệt đều phát được",
                    "export the video as MP4 (H.264, AAC) or WebM: every browser plays those",
                ),
            ));
            return None;
        }
    };
    let bytes = match std::fs::metadata(cx.content_dir.join(&rel)) {
        Ok(m) => m.len(),
        Err(e) => {
            diags.push(error(
                src,
                src.line_of("file"),
                msg!("không đọc được `{path}`: {e}", "cannot read `{path}`: {e}"),
                Msg::new("kiểm tra quyền đọc của tệp", "check that the file can be read"),
            ));
            return None;
        }
    };
    Some(VideoSource::File { url: crate::images::url(cx.base_path, &rel), rel, mime, bytes })
}

fn captions(src: &Source, dir: &str, path: &str, cx: &Files<'_>, diags: &mut Diagnostics) -> Option<Captions> {
    let rel = asset(src, dir, "captions", path, cx, diags)?;
    if extension(&rel) != "vtt" {
        diags.push(error(
            src,
            src.line_of("captions"),
            msg!("`{path}` không phải tệp phụ đề WebVTT (.vtt)", "`{path}` is not a WebVTT captions file (.vtt)"),
            Msg::new(
                "trình duyệt chỉ đọc phụ đề WebVTT; đổi tệp .srt sang .vtt (dòng đầu WEBVTT, dấu chấm trước mili-giây)",
                "browsers read only WebVTT captions; convert an .srt file to .vtt (WEBVTT first, a dot before the milliseconds)",
            ),
        ));
        return None;
    }
    let shown = PathBuf::from("content").join(&rel);
    let text = match std::fs::read(cx.content_dir.join(&rel)).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            diags.push(
                Diagnostic::error(
                    &shown,
                    1,
                    1,
                    Msg::new("tệp phụ đề không phải văn bản UTF-8", "the captions file is not UTF-8 text"),
                )
                .with_hint(Msg::new("lưu lại tệp với bảng mã UTF-8", "save the file again as UTF-8")),
            );
            return None;
        }
        Err(e) => {
            diags.push(error(
                src,
                src.line_of("captions"),
                msg!("không đọc được `{path}`: {e}", "cannot read `{path}`: {e}"),
                Msg::new("kiểm tra quyền đọc của tệp", "check that the file can be read"),
            ));
            return None;
        }
    };
    let (problems, _) = webvtt::check(&text);
    if !problems.is_empty() {
        for p in problems {
            diags.push(Diagnostic::error(&shown, p.line, 1, p.message).with_hint(p.hint));
        }
        return None;
    }
    let lang = src.front.captions_lang.clone().unwrap_or_else(|| src.lang.clone());
    Some(Captions { url: crate::images::url(cx.base_path, &rel), rel, lang })
}

/// A photo story's details, or `None` after reporting what is wrong.
pub(super) fn photo_story(src: &Source, dir: &str, cx: &Files<'_>, diags: &mut Diagnostics) -> Option<Details> {
    let raw = src.front.photos.as_deref().unwrap_or(&[]);
    // A draft may wait for its photos, as `loa new` writes it.
    if raw.is_empty() && src.front.draft.unwrap_or(false) {
        return Some(Details::PhotoStory { photos: Vec::new() });
    }
    if raw.is_empty() {
        diags.push(error(
            src,
            src.line_of("photos"),
            Msg::new("phóng sự ảnh chưa có ảnh nào", "the photo story has no photos"),
            Msg::new(
                "thêm mỗi ảnh một bảng [[photos]] với file, alt, caption và credit = \"Ảnh: ...\"",
                "add one [[photos]] table per photo with file, alt, caption and credit = \"Ảnh: ...\"",
            ),
        ));
        return None;
    }
    let before = diags.error_count();
    let mut photos = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let n = i + 1;
        let mut text = |key: &str, value: &Option<String>, what: Msg, hint: Msg| -> String {
            match value.as_deref().map(str::trim) {
                Some(v) if !v.is_empty() => v.to_string(),
                _ => {
                    let message = Msg::new(
                        format!("ảnh thứ {n} chưa có `{key}` ({})", what.vi),
                        format!("photo {n} has no `{key}` ({})", what.en),
                    );
                    diags.push(error(src, photo_line(src, i, key), message, hint));
                    String::new()
                }
            }
        };
        let alt = text(
            "alt",
            &p.alt,
            Msg::new("văn bản thay thế", "its text alternative"),
            Msg::new(
                "thêm alt = \"...\": một câu tả những gì thấy trong ảnh",
                "add alt = \"...\": one sentence describing what the photo shows",
            ),
        );
        let caption = text(
            "caption",
            &p.caption,
            Msg::new("chú thích", "its caption"),
            Msg::new(
                "thêm caption = \"...\": chuyện gì, ở đâu, khi nào",
                "add caption = \"...\": what, where and when",
            ),
        );
        let credit = text(
            "credit",
            &p.credit,
            Msg::new("tên tác giả", "its credit"),
            Msg::new("thêm credit = \"Ảnh: Họ Tên\"", "add credit = \"Ảnh: Họ Tên\" (the photographer)"),
        );
        let image = match p.file.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            Some(file) => (cx.image)(dir, photo_line(src, i, "file"), file, diags),
            None => {
                diags.push(error(
                    src,
                    photo_line(src, i, "file"),
                    msg!("ảnh thứ {n} chưa có `file`", "photo {n} has no `file`"),
                    Msg::new(
                        "thêm file = \"anh-1.jpg\": tệp ảnh đặt cạnh index.md",
                        "add file = \"anh-1.jpg\": the photo file beside index.md",
                    ),
                ));
                None
            }
        };
        if let Some(image) = image {
            photos.push(Photo { image, alt, caption, credit });
        }
    }
    (diags.error_count() == before).then_some(Details::PhotoStory { photos })
}

/// `frames.map`, written with every build: each page that embeds a YouTube player (its
/// address as a folder and as its index.html, the two forms nginx's `$uri` takes) → the origin
/// its frames may come from. nginx opens `frame-src` with it (README), `loa serve` likewise;
/// every other page keeps frames to its own origin.
pub fn frame_map(site: &super::model::Site) -> String {
    let mut map = String::from(
        "# Written by loa: pages that embed a YouTube player -> the frames they may load. See README.md.\n",
    );
    let quote = |s: &str| format!("\"{}\"", s.replace(['"', '\\'], ""));
    for item in site.items.iter().filter(|i| embeds_youtube(i)) {
        for path in [item.url.clone(), format!("{}index.html", item.url)] {
            map.push_str(&format!("{} {};\n", quote(&path), quote(super::youtube::FRAME_ORIGIN)));
        }
    }
    map
}

/// The origin `map` (a `frames.map`) lets the page at `path` load frames from.
pub fn frame_origin<'m>(map: &'m str, path: &str) -> Option<&'m str> {
    map.lines().filter(|l| !l.starts_with('#')).find_map(|line| {
        let mut quoted = line.split('"').skip(1).step_by(2);
        (quoted.next()? == path).then(|| quoted.next()).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::frame_origin;

    #[test]
    fn finds_the_frames_a_page_may_load() {
        let map = "# comment \"/a/\" \"x\";\n\"/video/a/\" \"https://www.youtube-nocookie.com\";\n";
        assert_eq!(frame_origin(map, "/video/a/"), Some("https://www.youtube-nocookie.com"));
        assert_eq!(frame_origin(map, "/video/b/"), None);
        assert_eq!(frame_origin(map, "/a/"), None);
    }
}
