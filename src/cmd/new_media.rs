//! What `loa new video` and `loa new phong-su-anh` write: a bundle folder (the video file or
//! the photos go beside its index.md) whose front matter names, commented out, every field the
//! kind has, so that the draft is valid until the editor fills it in.

use crate::content::Kind;
use crate::messages::Lang;

/// The new file relative to its kind's folder: a bundle for the kinds whose files sit beside it.
pub(super) fn file_name(kind: Kind, slug: &str) -> String {
    match kind {
        Kind::Video | Kind::PhotoStory => format!("{slug}/index.md"),
        _ => format!("{slug}.md"),
    }
}

fn comment(lang: Lang, vi: &str, en: &str) -> String {
    format!("# {}\n", lang.pick(vi, en))
}

/// The kind's own top-level fields, commented out (after `draft`).
pub(super) fn fields(kind: Kind, lang: Lang) -> String {
    if kind != Kind::Video {
        return String::new();
    }
    let mut s = comment(
        lang,
        "Video tự lưu: tệp MP4 hoặc WebM đặt trong thư mục này, ảnh poster hiện trước khi phát, phụ đề \
         WebVTT (bắt buộc, trừ khi phần thân là lời thoại đầy đủ). Bỏ dấu # để dùng.",
        "A self-hosted video: an MP4 or WebM file in this folder, a poster picture shown before play, \
         WebVTT captions (required unless the body is the full transcript). Remove the # to use them.",
    );
    s.push_str("# file = \"video.mp4\"\n# poster = \"anh-bia.jpg\"\n# captions = \"phu-de.vtt\"\n");
    s.push_str(&comment(
        lang,
        "Hoặc video trên YouTube: dán địa chỉ video; trang không tải gì từ YouTube trước khi người đọc bấm phát.",
        "Or a YouTube video: paste its address; the page loads nothing from YouTube until the reader presses play.",
    ));
    s.push_str("# youtube = \"https://youtu.be/...\"\n");
    s
}

/// The tables that close the front matter: one `[[photos]]` per photo of a photo story.
pub(super) fn tables(kind: Kind, lang: Lang) -> String {
    if kind != Kind::PhotoStory {
        return String::new();
    }
    let mut s = String::from("\n");
    s.push_str(&comment(
        lang,
        "Mỗi ảnh một bảng [[photos]], theo thứ tự kể; tệp ảnh đặt trong thư mục này. Bỏ dấu # để dùng.",
        "One [[photos]] table per photo, in story order; the photo files go in this folder. Remove the # to use them.",
    ));
    s.push_str("# [[photos]]\n# file = \"anh-1.jpg\"\n# alt = \"\"\n# caption = \"\"\n# credit = \"Ảnh: \"\n");
    s
}

/// The guide comment of the body, for the kinds that have their own.
pub(super) fn guide(kind: Kind, lang: Lang) -> Option<&'static str> {
    match kind {
        Kind::Video => Some(lang.pick(
            "Lời thoại của video, bằng Markdown: mọi câu nói và chữ hiện trên hình, cho người không nghe hoặc \
             không xem được video.",
            "The video's transcript, in Markdown: everything said and shown as text, for people who cannot \
             hear or watch it.",
        )),
        Kind::PhotoStory => Some(lang.pick(
            "Lời dẫn của phóng sự ảnh: câu chuyện là gì, ở đâu, khi nào.",
            "The photo story's introduction: what the story is, where and when.",
        )),
        _ => None,
    }
}
