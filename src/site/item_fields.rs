//! The front-matter fields every item has, whatever its kind, checked and resolved: title,
//! dates in the site's time zone, slug, origin and the address of the original.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::model::Origin;
use crate::content::frontmatter::RawDate;
use crate::content::Source;
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::msg;
use crate::text::{date::parse_instant, slugify};

/// An error of the item's file at `line`, column 1.
fn error(src: &Source, line: usize, msg: Msg) -> Diagnostic {
    Diagnostic::error(&src.shown, line, 1, msg)
}

/// The trimmed title; an empty string (with an error) when there is none.
pub(super) fn title(src: &Source, diags: &mut Diagnostics) -> String {
    match src.front.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => {
            diags.push(
                error(
                    src,
                    src.front_line.saturating_sub(1).max(1),
                    Msg::new("mục này chưa có tiêu đề", "the item has no title"),
                )
                .with_hint(Msg::new(
                    "thêm dòng `title = \"Tiêu đề bài viết\"` vào front matter",
                    "add a line `title = \"Tiêu đề bài viết\"` to the front matter",
                )),
            );
            String::new()
        }
    }
}

/// The item's instants, read in the site's time zone; a date that does not read is None.
pub(super) struct Dates {
    pub date: Option<Timestamp>,
    pub updated: Option<Timestamp>,
    pub publish_at: Option<Timestamp>,
    pub expire_at: Option<Timestamp>,
    /// The day the figures of an infographic were true.
    pub data_as_of: Option<jiff::civil::Date>,
}

impl Dates {
    /// Reads every date field, reporting each one that is not a date or date-time.
    pub(super) fn read(src: &Source, tz: &TimeZone, diags: &mut Diagnostics) -> Dates {
        let f = &src.front;
        let mut read = |key: &str, raw: &Option<RawDate>| instant(src, tz, key, raw.as_ref()?, diags);
        let date = read("date", &f.date);
        let updated = read("updated", &f.updated);
        let publish_at = read("publish_at", &f.publish_at);
        let expire_at = read("expire_at", &f.expire_at);
        let data_as_of = read("data_as_of", &f.data_as_of).map(|ts| ts.to_zoned(tz.clone()).date());
        Dates { date, updated, publish_at, expire_at, data_as_of }
    }

    /// When the item goes live: `publish_at`, or else its date, so that an item dated in the
    /// future is scheduled, never shown early.
    pub(super) fn publication(&self) -> Option<Timestamp> {
        self.publish_at.or(self.date)
    }
}

/// The instant `raw` names in `tz`, or None with an error at `key`'s line.
fn instant(src: &Source, tz: &TimeZone, key: &str, raw: &RawDate, diags: &mut Diagnostics) -> Option<Timestamp> {
    match parse_instant(&raw.0, tz) {
        Ok(ts) => Some(ts),
        Err(why) => {
            let text = &raw.0;
            let message = Msg::new(
                format!(
                    "`{key}`: `{text}` không phải ngày giờ hợp lệ; hãy ghi 2025-02-03, 2025-02-03T08:00:00 \
                     hoặc 2025-02-03T08:00:00+07:00"
                ),
                format!("`{key}`: {why}"),
            );
            diags.push(error(src, src.line_of(key), message));
            None
        }
    }
}

/// An item must go live before it expires: `expire_at` not after the publication is an error.
pub(super) fn check_expiry(src: &Source, dates: &Dates, diags: &mut Diagnostics) {
    if let (Some(p), Some(e)) = (dates.publication(), dates.expire_at) {
        if e <= p {
            diags.push(
                error(
                    src,
                    src.line_of("expire_at"),
                    Msg::new("`expire_at` không sau thời điểm đăng", "`expire_at` is not after the publication time"),
                )
                .with_hint(Msg::new(
                    "mục phải được đăng trước khi hết hạn; hãy kiểm tra cả hai thời điểm",
                    "an item must be published before it expires; check both dates",
                )),
            );
        }
    }
}

/// The URL slug: `slug` when it is one (else its slugified form, with an error), or the file's.
/// An empty slug is an error too.
pub(super) fn slug(src: &Source, diags: &mut Diagnostics) -> String {
    let slug = match &src.front.slug {
        Some(s) if slugify(s) == *s && !s.is_empty() => s.clone(),
        Some(s) => {
            diags.push(
                error(src, src.line_of("slug"), msg!("slug `{s}` không phải slug URL", "slug `{s}` is not a URL slug"))
                    .with_hint(msg!(
                        "dùng chữ ASCII thường nối bằng dấu gạch ngang, ví dụ slug = \"{}\"",
                        "use lowercase ASCII words joined by hyphens, e.g. slug = \"{}\"",
                        slugify(s)
                    )),
            );
            slugify(s)
        }
        None => src.file_slug.clone(),
    };
    if slug.is_empty() {
        diags.push(
            error(src, 1, Msg::new("tên tệp cho ra slug URL rỗng", "the file name gives an empty URL slug")).with_hint(
                Msg::new(
                    "đổi tên tệp bằng chữ hoặc số, ví dụ bai-viet-moi.md, hoặc đặt `slug`",
                    "rename the file with letters or digits, e.g. bai-viet-moi.md, or set `slug`",
                ),
            ),
        );
    }
    slug
}

/// Whether the item was written here or republished; an unknown `origin` is an error and
/// counts as original.
pub(super) fn origin(src: &Source, diags: &mut Diagnostics) -> Origin {
    match src.front.origin.as_deref() {
        None | Some("original") => Origin::Original,
        Some("republished") => Origin::Republished,
        Some(other) => {
            diags.push(
                error(src, src.line_of("origin"), msg!("không có origin `{other}`", "origin `{other}` is not known"))
                    .with_hint(Msg::new(
                        "ghi origin = \"original\" cho bài tự viết, hoặc \"republished\" cho bài đăng lại",
                        "write origin = \"original\" for newly written items or \"republished\"",
                    )),
            );
            Origin::Original
        }
    }
}

/// `source_url` must be an absolute web address; a republished item without one is warned.
pub(super) fn check_source_url(src: &Source, origin: Origin, diags: &mut Diagnostics) {
    if let Some(url) = &src.front.source_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            diags.push(
                error(
                    src,
                    src.line_of("source_url"),
                    msg!(
                        "source_url `{url}` không phải địa chỉ web đầy đủ",
                        "source_url `{url}` is not an absolute web address"
                    ),
                )
                .with_hint(Msg::new(
                    "ghi đầy đủ địa chỉ, bắt đầu bằng https://",
                    "write the full address, starting with https://",
                )),
            );
        }
    } else if origin == Origin::Republished {
        // A warning, not an error: the item is still correct to publish, but readers and the
        // yearly report lose the link to the original.
        diags.push(
            Diagnostic::warning(
                &src.shown,
                src.line_of("origin"),
                1,
                Msg::new("bài đăng lại chưa có `source_url`", "a republished item has no `source_url`"),
            )
            .with_hint(Msg::new(
                "thêm source_url = \"https://...\" là địa chỉ của bài gốc",
                "add source_url = \"https://...\" with the address of the original",
            )),
        );
    }
}

/// The campaigns named by `campaign` and `campaigns`, each once, in the order written.
pub(super) fn campaigns(src: &Source) -> Vec<String> {
    let f = &src.front;
    let mut campaigns: Vec<String> = f.campaign.iter().cloned().collect();
    for c in f.campaigns.iter().flatten() {
        if !campaigns.contains(c) {
            campaigns.push(c.clone());
        }
    }
    campaigns
}
