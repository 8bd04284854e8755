//! Editorial warnings of `loa check`: what an editor can improve in items that are published
//! or scheduled. They never stop a build; errors are the pipeline's business.
//!
//! - no `summary` (lists, feeds and link previews on Facebook and Zalo then show nothing);
//! - a link whose text says nothing out of context ("xem thêm", "tại đây", "click here");
//! - a body heading `#` (the page's h1 is the title) or one that skips a level (## then ####);
//! - a body far longer than its format needs: [`MAX_WORDS`];
//! - content gaps: a campaign whose run opens within [`GAP_DAYS`] days and has nothing planned
//!   for one of its audiences (see [`super::coverage`]).
//!
//! Images without alt text are reported by the Markdown stage, for every item.

use std::path::Path;

use jiff::civil::Date;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::coverage::{goes_out_during, run_span};
use super::live::State;
use super::model::{Item, Site};
use super::window::Occurrence;
use crate::content::{frontmatter, Kind};
use crate::diag::{line_col, Diagnostic};
use crate::messages::Msg;
use crate::msg;
use crate::text::nfc;

/// How many words (runs of letters between spaces, as the page counts them: for Vietnamese,
/// syllables) a body may have before it is flagged as longer than its format needs. A news
/// article is read on a phone: past 1,500 words it belongs in several articles or a longform.
/// A Q&A answer past 400 words is a guide, and an infographic whose transcript passes 600 words
/// carries more than one picture can.
pub const MAX_WORDS: &[(Kind, usize)] = &[(Kind::Article, 1500), (Kind::Faq, 400), (Kind::Infographic, 600)];

/// How many days ahead of a campaign's opening a missing audience is reported.
pub const GAP_DAYS: i32 = 30;

/// Link texts that say nothing about where the link leads, compared after lowercasing and
/// trimming punctuation.
pub const GENERIC_LINK_TEXTS: &[&str] = &[
    "xem thêm",
    "xem tiếp",
    "đọc thêm",
    "tại đây",
    "ở đây",
    "xem tại đây",
    "đây",
    "bấm vào đây",
    "bấm đây",
    "nhấn vào đây",
    "nhấp vào đây",
    "click vào đây",
    "click here",
    "here",
    "read more",
    "more",
    "link",
    "liên kết",
];

/// The warnings for every published or scheduled item of `site` (load it with drafts and
/// scheduled items: the gaps count what is planned). `root` is the site root, for the line
/// numbers of front matter fields.
pub fn lint(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for item in site.items.iter().filter(|i| matches!(i.state, State::Live | State::Scheduled)) {
        summary(item, root, &mut out);
        body(item, &mut out);
        length(item, &mut out);
    }
    gaps(site, root, &mut out);
    out
}

fn summary(item: &Item, root: &Path, out: &mut Vec<Diagnostic>) {
    // A question is its own summary.
    if item.summary.is_some() || item.kind == Kind::Faq {
        return;
    }
    let line = FrontLines::read(root, item).key("title");
    out.push(Diagnostic::warning(&item.shown, line, 1, Msg::new("chưa có tóm tắt (summary)", "no summary")).with_hint(
        Msg::new(
            "thêm summary = \"...\" dưới tiêu đề: một hai câu hiện trong danh sách, nguồn tin và khi chia sẻ \
                 lên Facebook, Zalo",
            "add summary = \"...\" below the title: one or two sentences shown in lists, feeds and link \
                 previews on Facebook and Zalo",
        ),
    ));
}

/// Generic link texts and heading levels, from the Markdown events with their offsets.
fn body(item: &Item, out: &mut Vec<Diagnostic>) {
    let at = |offset: usize| {
        let (line, col) = line_col(&item.body, offset);
        (item.body_line + line - 1, col)
    };
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS
        | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    // The title is the page's h1, so the body's first level is 2.
    let mut previous = 1u8;
    let mut link: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(&item.body, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level_number(level);
                let (line, col) = at(range.start);
                if level == 1 {
                    out.push(
                        Diagnostic::warning(
                            &item.shown,
                            line,
                            col,
                            Msg::new(
                                "tiêu đề cấp 1 (#) trong bài trùng cấp với tiêu đề của trang",
                                "a level-1 heading (#) in the body competes with the page's title",
                            ),
                        )
                        .with_hint(Msg::new(
                            "tiêu đề của trang là `title`; các mục trong bài bắt đầu từ ##",
                            "the page's heading is its `title`; sections of the body start at ##",
                        )),
                    );
                } else if level > previous + 1 {
                    let (want, from) = ("#".repeat(usize::from(previous) + 1), previous);
                    out.push(
                        Diagnostic::warning(
                            &item.shown,
                            line,
                            col,
                            msg!(
                                "tiêu đề nhảy từ cấp {from} xuống cấp {level}",
                                "the heading skips from level {from} to level {level}"
                            ),
                        )
                        .with_hint(msg!(
                            "dùng {want} ở đây: trình đọc màn hình dựa vào các cấp tiêu đề để đọc mục lục",
                            "use {want} here: screen readers navigate by heading levels"
                        )),
                    );
                }
                previous = level;
            }
            Event::Start(Tag::Link { .. }) => link = Some((range.start, String::new())),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, t)) = &mut link {
                    t.push_str(&text);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((offset, text)) = link.take() {
                    if is_generic(&text) {
                        let (line, col) = at(offset);
                        let text = text.trim();
                        out.push(
                            Diagnostic::warning(
                                &item.shown,
                                line,
                                col,
                                msg!(
                                    "chữ của liên kết \"{text}\" không cho biết liên kết dẫn tới đâu",
                                    "the link text \"{text}\" does not say where the link leads"
                                ),
                            )
                            .with_hint(Msg::new(
                                "đặt liên kết vào chính tên nội dung, ví dụ [cách tính mức đóng BHYT](…); người \
                                 dùng trình đọc màn hình nghe các liên kết tách khỏi câu",
                                "put the link on the words that name its target, e.g. [how the BHYT contribution \
                                 is set](…); screen reader users hear links out of their sentence",
                            )),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Whether a link text is one of the [`GENERIC_LINK_TEXTS`].
pub fn is_generic(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    let normal = nfc(&words.join(" ")).into_owned();
    GENERIC_LINK_TEXTS.contains(&normal.as_str())
}

fn length(item: &Item, out: &mut Vec<Diagnostic>) {
    let Some(&(_, limit)) = MAX_WORDS.iter().find(|(k, _)| *k == item.kind) else { return };
    if item.word_count <= limit {
        return;
    }
    let (words, kind_vi, kind_en) = (item.word_count, kind_singular_vi(item.kind), kind_singular_en(item.kind));
    // The first line of text, past the blank line after the front matter.
    let line = item.body_line + item.body.lines().take_while(|l| l.trim().is_empty()).count();
    out.push(
        Diagnostic::warning(
            &item.shown,
            line,
            1,
            msg!(
                "nội dung dài {words} từ, quá mức {limit} từ của một {kind_vi}",
                "the body has {words} words, past the {limit} an {kind_en} needs"
            ),
        )
        .with_hint(Msg::new(
            "người đọc chủ yếu dùng điện thoại: tách thành vài bài ngắn, hoặc chuyển số liệu sang infographic",
            "most readers are on phones: split it into shorter items, or move the figures into an infographic",
        )),
    );
}

fn kind_singular_vi(kind: Kind) -> &'static str {
    match kind {
        Kind::Article => "bài tin",
        Kind::Faq => "câu trả lời hỏi – đáp",
        Kind::Infographic => "phần chữ của infographic",
        _ => "mục",
    }
}

fn kind_singular_en(kind: Kind) -> &'static str {
    match kind {
        Kind::Article => "article",
        Kind::Faq => "answer",
        Kind::Infographic => "infographic's transcript",
        _ => "item",
    }
}

/// Campaigns opening within [`GAP_DAYS`] days with no item for one of their audiences.
fn gaps(site: &Site, root: &Path, out: &mut Vec<Diagnostic>) {
    let main = site.config.language.as_str();
    let tz = &site.config.timezone;
    let campaigns = site
        .items
        .iter()
        .filter(|i| i.kind == Kind::Campaign && i.lang == main && matches!(i.state, State::Live | State::Scheduled));
    for campaign in campaigns {
        let Some(window) = campaign.window() else { continue };
        let Some((run, days)) = opening_soon(window.active_on(site.today), window.next_after(site.today), site.today)
        else {
            continue;
        };
        let Some(span) = run_span(run, tz) else { continue };
        let covering: Vec<&Item> = site.items.iter().filter(|i| goes_out_during(i, span, main)).collect();
        let mut lines: Option<FrontLines> = None;
        for audience in &campaign.audiences {
            if covering.iter().any(|i| i.audiences.contains(audience)) {
                continue;
            }
            let name = site
                .items
                .iter()
                .find(|i| i.kind == Kind::Audience && i.lang == main && &i.slug == audience)
                .map_or(audience.as_str(), |a| a.title.as_str());
            let line = lines.get_or_insert_with(|| FrontLines::read(root, campaign)).value("audiences", audience);
            let title = &campaign.title;
            let when = match days {
                0 => Msg::new("mở hôm nay", "opens today"),
                1 => Msg::new("mở sau 1 ngày", "opens tomorrow"),
                n => msg!("mở sau {n} ngày", "opens in {n} days"),
            };
            let (when_vi, when_en) = (&when.vi, &when.en);
            let slug = &campaign.slug;
            out.push(
                Diagnostic::warning(
                    &campaign.shown,
                    line,
                    1,
                    msg!(
                        "{title} {when_vi} nhưng chưa có bài nào cho nhóm {name}",
                        "{title} {when_en} but has no item for {name} yet"
                    ),
                )
                .with_hint(msg!(
                    "lên lịch một bài cho nhóm này trong thời gian chiến dịch, ví dụ: loa new article \"Tiêu đề\" \
                     --campaign {slug} --audience {audience}",
                    "schedule an item for this audience during the campaign, e.g.: loa new article \"Title\" \
                     --campaign {slug} --audience {audience}"
                )),
            );
        }
    }
}

/// The run that opens today or within [`GAP_DAYS`] days, with the days until it opens.
fn opening_soon(active: Option<Occurrence>, next: Option<Occurrence>, today: Date) -> Option<(Occurrence, i32)> {
    let run = active.filter(|r| r.first == today).or(next)?;
    let days = (run.first - today).get_days();
    (days <= GAP_DAYS).then_some((run, days))
}

/// Lines of front matter fields of one file, for warnings that point at a field. Read only for
/// the files that get such a warning; a file that cannot be read points at line 1.
struct FrontLines {
    text: Option<String>,
}

impl FrontLines {
    fn read(root: &Path, item: &Item) -> FrontLines {
        let text = std::fs::read_to_string(root.join(&item.shown)).ok().map(|t| {
            let t = t.strip_prefix('\u{feff}').unwrap_or(&t).replace("\r\n", "\n");
            nfc(&t).into_owned()
        });
        FrontLines { text }
    }

    fn key(&self, key: &str) -> usize {
        self.split().and_then(|s| frontmatter::key_line(&s, key)).unwrap_or(1)
    }

    fn value(&self, key: &str, needle: &str) -> usize {
        self.split().and_then(|s| frontmatter::value_line(&s, key, needle)).unwrap_or(1)
    }

    fn split(&self) -> Option<frontmatter::Split<'_>> {
        frontmatter::split(self.text.as_deref()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn generic_link_texts_are_recognised_however_written() {
        for text in ["Xem thêm", "tại đây.", "  click   here ", "(Bấm vào đây)", "xem the\u{302}m"] {
            assert!(is_generic(text), "{text}");
        }
        for text in ["cách tính mức đóng BHYT", "xem thêm hướng dẫn gia hạn thẻ", "VssID"] {
            assert!(!is_generic(text), "{text}");
        }
    }

    #[test]
    fn only_runs_opening_within_the_gap_days_count() {
        let today = date(2027, 6, 19);
        let run = |m, d| Occurrence { first: date(2027, m, d), last: date(2027, m, d) };
        assert_eq!(opening_soon(None, Some(run(7, 1)), today), Some((run(7, 1), 12)));
        assert_eq!(opening_soon(None, Some(run(7, 20)), today), None);
        assert_eq!(opening_soon(Some(run(6, 19)), None, today), Some((run(6, 19), 0)));
        // A run already under way is not "opening".
        let under_way = Occurrence { first: date(2027, 6, 1), last: date(2027, 6, 30) };
        assert_eq!(opening_soon(Some(under_way), Some(run(7, 1)), today), Some((run(7, 1), 12)));
    }
}
