//! The portal's figures for the half-year and yearly communication report (`loa report`).
//!
//! **Published in the period** means: an article, infographic or Q&A of the site's main
//! language (translations are the same item), not a draft, whose publish instant (`publish_at`,
//! else `date`) lies between local midnight of `from` and the end of `to`, and not after the
//! report's `now` (an item still scheduled has not been published). An item that has expired
//! since still counts: it was published in the period. One that expires before its publish
//! instant never went out and does not count.
//!
//! The items of the report are articles, videos and infographics; Q&A exchanges are counted on
//! their own, as the report asks, and so are legal documents. An article is a **video** when it has the topic `video` or
//! lives in a section folder named `video`. **BHYT** items have the topic `bhyt`. An item written
//! for two audiences counts once in each, so those rows may add up to more than the total.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{Span, Timestamp};

use super::coverage::midnight;
use super::model::{Item, Origin, Site};
use crate::content::Kind;
use crate::text::vietnamese_key;

/// The topic that marks a video, and the one that marks health insurance.
pub const VIDEO_TOPIC: &str = "video";
pub const BHYT_TOPIC: &str = "bhyt";

/// What the report counts an item as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Article,
    Video,
    Infographic,
    PhotoStory,
    Faq,
    Legal,
}

impl ReportKind {
    pub fn of(item: &Item) -> Option<ReportKind> {
        match item.kind {
            Kind::Article if is_video(item) => Some(ReportKind::Video),
            Kind::Article => Some(ReportKind::Article),
            Kind::Infographic => Some(ReportKind::Infographic),
            Kind::Video => Some(ReportKind::Video),
            Kind::PhotoStory => Some(ReportKind::PhotoStory),
            Kind::Faq => Some(ReportKind::Faq),
            Kind::Legal => Some(ReportKind::Legal),
            _ => None,
        }
    }
}

fn is_video(item: &Item) -> bool {
    item.topics.iter().any(|t| t == VIDEO_TOPIC) || item.section.split('/').any(|part| part == VIDEO_TOPIC)
}

/// A row of a breakdown: a slug, its display name and a count.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    pub slug: String,
    pub name: String,
    pub items: usize,
}

/// The figures of one period.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Figures {
    pub from: String,
    pub to: String,
    /// Articles, videos, infographics and photo stories.
    pub items: usize,
    pub articles: usize,
    pub videos: usize,
    pub infographics: usize,
    pub photo_stories: usize,
    /// Questions and answers published (online Q&A exchanges), not part of `items`.
    pub qa: usize,
    /// Legal documents published, not part of `items`.
    pub legal: usize,
    pub original: usize,
    pub republished: usize,
    /// Items about health insurance (topic `bhyt`).
    pub bhyt: usize,
    /// Every audience of the site, in the site's order, with 0 where nothing was published.
    pub by_audience: Vec<Row>,
    /// Every campaign of the site, in calendar order.
    pub by_campaign: Vec<Row>,
    /// Every month of the period ("2026-01"), in order.
    pub by_month: Vec<Row>,
}

/// Whether `item` counts as published between `start` (inclusive) and `end` (exclusive) by `now`.
pub fn published_in(item: &Item, start: Timestamp, end: Timestamp, now: Timestamp, main_lang: &str) -> bool {
    let Some(at) = item.published() else { return false };
    ReportKind::of(item).is_some()
        && item.lang == main_lang
        && !item.schedule.draft
        && item.schedule.expire_at.is_none_or(|e| e > at)
        && start <= at
        && at < end
        && at <= now
}

/// The figures of `site` (loaded with its expired and scheduled items) from `from` to `to`,
/// both days included, in the site's time zone. `None` when the days cannot be placed in time.
pub fn figures(site: &Site, from: Date, to: Date) -> Option<Figures> {
    let tz = &site.config.timezone;
    let main = site.config.language.as_str();
    let start = midnight(from, tz)?;
    let end = midnight(to.checked_add(Span::new().days(1)).ok()?, tz)?;
    let counted: Vec<&Item> = site.items.iter().filter(|i| published_in(i, start, end, site.now, main)).collect();
    let reported: Vec<&Item> = counted
        .iter()
        .copied()
        .filter(|i| !matches!(ReportKind::of(i), Some(ReportKind::Faq | ReportKind::Legal)))
        .collect();
    let of_kind = |k: ReportKind| counted.iter().filter(|i| ReportKind::of(i) == Some(k)).count();

    let mut audiences: Vec<&Item> =
        site.items.iter().filter(|i| i.kind == Kind::Audience && i.lang == main && !i.schedule.draft).collect();
    audiences.sort_by_cached_key(|i| (i.weight, vietnamese_key(&i.title), i.slug.clone()));
    let mut campaigns: Vec<&Item> =
        site.items.iter().filter(|i| i.kind == Kind::Campaign && i.lang == main && !i.schedule.draft).collect();
    campaigns.sort_by_cached_key(|i| (i.window().map(|w| (w.starts, w.ends)), vietnamese_key(&i.title)));
    let row = |slug: &str, name: &str, items: usize| Row { slug: slug.to_string(), name: name.to_string(), items };
    let by_audience = audiences
        .iter()
        .map(|a| row(&a.slug, &a.title, reported.iter().filter(|i| i.audiences.contains(&a.slug)).count()))
        .collect();
    let by_campaign = campaigns
        .iter()
        .map(|c| row(&c.slug, &c.title, reported.iter().filter(|i| i.campaigns.contains(&c.slug)).count()))
        .collect();
    let mut months: BTreeMap<(i16, i8), usize> = BTreeMap::new();
    let mut month = from.first_of_month();
    while month <= to {
        months.insert((month.year(), month.month()), 0);
        month = month.checked_add(Span::new().months(1)).ok()?;
    }
    for item in &reported {
        if let Some(at) = item.published() {
            let d = at.to_zoned(tz.clone()).date();
            *months.entry((d.year(), d.month())).or_default() += 1;
        }
    }
    let by_month =
        months.into_iter().map(|((y, m), n)| row(&format!("{y:04}-{m:02}"), &format!("{m}/{y}"), n)).collect();
    Some(Figures {
        from: from.to_string(),
        to: to.to_string(),
        items: reported.len(),
        articles: of_kind(ReportKind::Article),
        videos: of_kind(ReportKind::Video),
        infographics: of_kind(ReportKind::Infographic),
        photo_stories: of_kind(ReportKind::PhotoStory),
        qa: of_kind(ReportKind::Faq),
        legal: of_kind(ReportKind::Legal),
        original: reported.iter().filter(|i| i.origin == Origin::Original).count(),
        republished: reported.iter().filter(|i| i.origin == Origin::Republished).count(),
        bhyt: reported.iter().filter(|i| i.topics.iter().any(|t| t == BHYT_TOPIC)).count(),
        by_audience,
        by_campaign,
        by_month,
    })
}
