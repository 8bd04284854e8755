//! Coverage of campaigns: which items go out for which audience during a campaign's run. It is
//! the matrix of `loa plan` and the content gaps `loa check` warns about.
//!
//! An item covers audience A in a run of campaign C when it is an article, infographic or Q&A
//! of the site's main language, not a draft, written for A (`audiences`), and its publish
//! instant (`publish_at`, else `date`) falls inside the run: from local midnight of its first
//! day to local midnight after its last. It need not name the campaign: what readers of A see
//! during the window is what counts. An item that expires before it is published never goes
//! out and covers nothing.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use super::model::{Item, Site};
use super::window::Occurrence;
use crate::content::Kind;
use crate::text::vietnamese_key;

/// The instants of a run: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSpan {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// Local midnight at the start of `date`.
pub fn midnight(date: Date, tz: &TimeZone) -> Option<Timestamp> {
    tz.to_ambiguous_zoned(date.to_datetime(Time::midnight())).compatible().ok().map(|z| z.timestamp())
}

/// The instants a run covers.
pub fn run_span(run: Occurrence, tz: &TimeZone) -> Option<RunSpan> {
    let start = midnight(run.first, tz)?;
    let end = midnight(run.last.checked_add(Span::new().days(1)).ok()?, tz)?;
    Some(RunSpan { start, end })
}

/// Whether `item` goes out during `span` (any audience): see the module documentation.
pub fn goes_out_during(item: &Item, span: RunSpan, main_lang: &str) -> bool {
    let Some(at) = item.published() else { return false };
    item.is_listed()
        && item.lang == main_lang
        && !item.schedule.draft
        && item.schedule.expire_at.is_none_or(|e| e > at)
        && span.start <= at
        && at < span.end
}

/// One campaign run of the planned year.
#[derive(Debug, Clone)]
pub struct PlannedRun<'a> {
    pub campaign: &'a Item,
    pub run: Occurrence,
    /// Per audience of the matrix (same order), the items that cover it.
    pub cells: Vec<Vec<&'a Item>>,
}

impl PlannedRun<'_> {
    /// Whether the campaign targets `audience` (its `audiences`; a campaign naming none targets all).
    pub fn targets(&self, audience: &str) -> bool {
        self.campaign.audiences.is_empty() || self.campaign.audiences.iter().any(|a| a == audience)
    }
}

/// Audiences × campaign runs of one year.
#[derive(Debug, Clone)]
pub struct Matrix<'a> {
    pub year: i16,
    /// The audiences of the main language, by weight then title (the order of the site).
    pub audiences: Vec<&'a Item>,
    /// The runs that start in `year`, in calendar order.
    pub runs: Vec<PlannedRun<'a>>,
}

impl Matrix<'_> {
    /// The cells where a campaign targets an audience and nothing is planned: (run, audience) indexes.
    pub fn gaps(&self) -> Vec<(usize, usize)> {
        let mut gaps = Vec::new();
        for (r, run) in self.runs.iter().enumerate() {
            for (a, audience) in self.audiences.iter().enumerate() {
                if run.targets(&audience.slug) && run.cells[a].is_empty() {
                    gaps.push((r, a));
                }
            }
        }
        gaps
    }
}

/// The coverage matrix of `year` over every item of `site` (load it with drafts and scheduled
/// items, so that what is planned counts; drafts are left out here).
pub fn matrix(site: &Site, year: i16) -> Matrix<'_> {
    let main = site.config.language.as_str();
    let tz = &site.config.timezone;
    let mut audiences: Vec<&Item> =
        site.items.iter().filter(|i| i.kind == Kind::Audience && i.lang == main && !i.schedule.draft).collect();
    audiences.sort_by_cached_key(|i| (i.weight, vietnamese_key(&i.title), i.slug.clone()));
    let mut runs: Vec<PlannedRun<'_>> = site
        .items
        .iter()
        .filter(|i| i.kind == Kind::Campaign && i.lang == main && !i.schedule.draft)
        .filter_map(|c| Some((c, c.window()?.occurrence_starting_in(year)?)))
        .map(|(campaign, run)| {
            let covering: Vec<&Item> = match run_span(run, tz) {
                Some(span) => site.items.iter().filter(|i| goes_out_during(i, span, main)).collect(),
                None => Vec::new(),
            };
            let cells = audiences
                .iter()
                .map(|a| covering.iter().copied().filter(|i| i.audiences.contains(&a.slug)).collect())
                .collect();
            PlannedRun { campaign, run, cells }
        })
        .collect();
    runs.sort_by_cached_key(|r| (r.run.first, r.run.last, vietnamese_key(&r.campaign.title), r.campaign.slug.clone()));
    Matrix { year, audiences, runs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn run_span_ends_at_midnight_after_the_last_day() {
        let tz = TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
        let span = run_span(Occurrence { first: date(2027, 7, 1), last: date(2027, 7, 1) }, &tz).unwrap();
        assert_eq!(span.start.to_string(), "2027-06-30T17:00:00Z");
        assert_eq!(span.end.to_string(), "2027-07-01T17:00:00Z");
    }
}
