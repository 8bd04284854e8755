//! What an item set to publish must not still be: the placeholders `loa new` wrote, an empty
//! body, a `publish_at` a mistyped year away. Checked after the item resolves, so it stays
//! known (its address taken, links to it resolving) while the build fails on the error.

use jiff::Timestamp;

use crate::content::{Kind, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::msg;

/// What `loa new` writes for an editor to replace, still there in an item set to publish: an
/// error, so a page is never published half-written. An empty body is one too.
pub(super) fn unfinished(src: &Source, kind: Kind, title: &str, diags: &mut Diagnostics) {
    let f = &src.front;
    let body = without_comments(&src.body);
    let body = body.trim();
    let hint_draft = Msg::new(
        "viết xong phần này, hoặc để draft = true cho tới khi viết xong",
        "finish this part, or keep draft = true until it is finished",
    );
    if kind == Kind::Legal {
        return super::legal::unfinished(src, diags);
    }
    if kind == Kind::Infographic {
        // `loa new infographic` writes alt = "Infographic: <title>" and the title as the transcript.
        if f.alt.as_deref().map(str::trim) == Some(format!("Infographic: {title}").as_str()) {
            diags.push(
                Diagnostic::error(
                    &src.shown,
                    src.line_of("alt"),
                    1,
                    Msg::new(
                        "`alt` vẫn là chữ mẫu do `loa new` viết; người khiếm thị không biết ảnh nói gì",
                        "`alt` is still the text `loa new` wrote; a blind reader learns nothing of the picture",
                    ),
                )
                .with_hint(Msg::new(
                    "viết một câu nói ảnh thể hiện gì, ví dụ alt = \"Biểu đồ số người tham gia BHXH tự nguyện tăng từ 2020 đến 2025\"",
                    "write one sentence saying what the picture shows, e.g. alt = \"Chart: voluntary social insurance members rising from 2020 to 2025\"",
                )),
            );
        }
        let title_only = body.trim_end_matches('.').trim() == title.trim_end_matches('.').trim();
        if !body.is_empty() && title_only {
            diags.push(
                Diagnostic::error(
                    &src.shown,
                    src.body_line,
                    1,
                    Msg::new(
                        "phần chữ thay thế mới chỉ có tiêu đề do `loa new` viết",
                        "the transcript is only the title `loa new` wrote",
                    ),
                )
                .with_hint(Msg::new(
                    "chép mọi chữ và số liệu trong ảnh, theo thứ tự đọc, bên dưới front matter",
                    "write out every word and figure of the picture, in reading order, below the front matter",
                )),
            );
        }
        // An empty transcript has its own error (infographic()).
        return;
    }
    // An audience's or campaign's page is first of all the list of its items: it may have no
    // text of its own.
    if body.is_empty() && matches!(kind, Kind::Article | Kind::Faq | Kind::Page) {
        let what = match kind {
            Kind::Faq => Msg::new("câu hỏi chưa có câu trả lời", "the question has no answer"),
            _ => Msg::new("bài chưa có nội dung", "the item has no text"),
        };
        let what = if src.body.trim().is_empty() {
            what
        } else {
            Msg::new(
                format!("{} (chỉ có ghi chú <!-- … -->, không hiện trên trang)", what.vi),
                format!("{} (only <!-- … --> notes, which are not shown)", what.en),
            )
        };
        // At the first line written (the guide comment), not the blank line after the front matter.
        let blank = &src.body[..src.body.len() - src.body.trim_start().len()];
        let line = src.body_line + blank.matches('\n').count();
        diags.push(Diagnostic::error(&src.shown, line, 1, what).with_hint(hint_draft));
    }
}

/// Markdown text without its HTML comments (the guides `loa new` writes).
pub(super) fn without_comments(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// A `publish_at` more than a year ahead of the build or of the item's `date` is most likely a
/// typo (2062 for 2026) that silently keeps the item off the site: a warning.
pub(super) fn far_ahead(
    src: &Source,
    publish_at: Option<Timestamp>,
    date: Option<Timestamp>,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
    diags: &mut Diagnostics,
) {
    let Some(at) = publish_at else { return };
    let year = jiff::SignedDuration::from_hours(366 * 24);
    let ahead_of = |from: Timestamp| at.duration_since(from) > year;
    let (vi, en) = if ahead_of(now) {
        ("hơn một năm nữa", "more than a year from now")
    } else if date.is_some_and(ahead_of) {
        ("hơn một năm sau `date`", "more than a year after `date`")
    } else {
        return;
    };
    let shown = crate::text::date::iso(at, tz);
    diags.push(
        Diagnostic::warning(
            &src.shown,
            src.line_of("publish_at"),
            1,
            msg!(
                "`publish_at` là {shown}, {vi}: gõ nhầm năm? Bài sẽ không hiện trên trang cho tới lúc đó",
                "`publish_at` is {shown}, {en}: a mistyped year? The item stays off the site until then"
            ),
        )
        .with_hint(Msg::new(
            "kiểm tra năm của publish_at (ví dụ 2026 chứ không phải 2062)",
            "check the year of publish_at (2026, say, not 2062)",
        )),
    );
}
