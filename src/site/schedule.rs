//! The coming changes of the live set: publications, expiries, campaign windows opening and
//! closing, and the other instants at which a rebuild would change the output (the days-left
//! and days-until counters of campaigns, the calendar turning to a new month or year).

use std::path::PathBuf;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use super::model::Item;
use super::window::Occurrence;
use crate::content::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Publish,
    Expire,
    CampaignOpens,
    CampaignCloses,
    /// The calendar page turns to the next year.
    NewYear,
    /// A midnight at which a date-dependent part of a page changes: a campaign's days-left
    /// (under way) or days-until (coming) counter, or the calendar's current month.
    DaysLeft,
}

/// One instant at which the built site would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub at: Timestamp,
    pub kind: ChangeKind,
    pub title: String,
    pub file: Option<PathBuf>,
}

/// Local midnight at the start of `date`.
fn midnight(date: Date, tz: &TimeZone) -> Option<Timestamp> {
    tz.to_ambiguous_zoned(date.to_datetime(jiff::civil::Time::midnight())).compatible().ok().map(|z| z.timestamp())
}

fn next_day(date: Date) -> Option<Date> {
    date.checked_add(Span::new().days(1)).ok()
}

/// Every change after `now` and up to `until` (inclusive), in time order. `items` are the
/// items that can go live without an editor's hand: everything but drafts.
pub fn changes(items: &[&Item], tz: &TimeZone, now: Timestamp, until: Timestamp) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |at: Option<Timestamp>, kind: ChangeKind, title: &str, file: Option<PathBuf>| {
        if let Some(at) = at.filter(|at| *at > now && *at <= until) {
            out.push(Change { at, kind, title: title.to_string(), file });
        }
    };
    let today = now.to_zoned(tz.clone()).date();
    let last_day = until.to_zoned(tz.clone()).date();
    for item in items.iter().filter(|i| !i.schedule.draft) {
        let publish = item.schedule.publish_at;
        let expire = item.schedule.expire_at;
        // An item that expires before it is published never goes live: no change to announce.
        if publish.zip(expire).is_some_and(|(p, e)| e <= p) {
            continue;
        }
        push(publish, ChangeKind::Publish, &item.title, Some(item.shown.clone()));
        push(expire, ChangeKind::Expire, &item.title, Some(item.shown.clone()));
        if item.kind != Kind::Campaign {
            continue;
        }
        let Some(window) = item.window() else { continue };
        // A campaign that is itself scheduled only shows its window once it is live.
        let live_from = publish.unwrap_or(Timestamp::MIN);
        let live_until = expire.unwrap_or(Timestamp::MAX);
        let runs: Vec<Occurrence> = (today.year().saturating_sub(1)..=last_day.year())
            .filter_map(|year| window.occurrence_starting_in(year))
            .collect();
        for run in runs {
            let opens = midnight(run.first, tz);
            let closes = next_day(run.last).and_then(|d| midnight(d, tz));
            let visible = |at: Option<Timestamp>| at.filter(|at| *at >= live_from && *at < live_until);
            push(visible(opens), ChangeKind::CampaignOpens, &item.title, Some(item.shown.clone()));
            push(visible(closes), ChangeKind::CampaignCloses, &item.title, Some(item.shown.clone()));
        }
        // Every midnight changes a counter on the campaign's cards: the days left while a run
        // is under way, the days until the next run before it opens ("còn N ngày nữa").
        let mut day = next_day(today);
        while let Some(d) = day.filter(|d| *d <= last_day) {
            if window.active_on(d).is_some() || window.next_after(d).is_some() {
                let at = midnight(d, tz).filter(|at| *at >= live_from && *at < live_until);
                push(at, ChangeKind::DaysLeft, &item.title, Some(item.shown.clone()));
            }
            day = next_day(d);
        }
    }
    // The calendar page, which exists when the site has campaigns, turns to the new year, and
    // marks the current month, which turns on the first of each month.
    let has_calendar = items.iter().any(|i| i.kind == Kind::Campaign);
    let mut year = today.year();
    while has_calendar && year < last_day.year() {
        year += 1;
        let first = Date::new(year, 1, 1).ok();
        push(first.and_then(|d| midnight(d, tz)), ChangeKind::NewYear, &year.to_string(), None);
    }
    let mut month = today.first_of_month().checked_add(Span::new().months(1)).ok();
    while let Some(first) = month.filter(|d| has_calendar && *d <= last_day) {
        if first.month() != 1 {
            push(midnight(first, tz), ChangeKind::DaysLeft, "", None);
        }
        month = first.checked_add(Span::new().months(1)).ok();
    }
    out.sort_by(|a, b| (a.at, a.kind, &a.title).cmp(&(b.at, b.kind, &b.title)));
    out.dedup_by(|a, b| a.kind == ChangeKind::DaysLeft && b.kind == ChangeKind::DaysLeft && a.at == b.at);
    out
}

/// The first instant after `now` at which a build of these items could come out different: the
/// end of the window in which a build made at `now` stays exactly right, so that `loa build`
/// may skip rendering (see `crate::output::manifest`). It is the earliest of
/// - the first change [`changes`] lists (publications, expiries, campaign windows, days-left
///   counters, the calendar's new year);
/// - any publish or expiry instant of any item, drafts included (a `--drafts` build shows
///   them, and their badges and states follow the same clock);
/// - the next local midnight: every date-dependent part of a page (the "opens in N days" of a
///   coming campaign, the current month of the calendar, the year of the iCalendar feed, the
///   editorial warnings about windows opening soon) changes at a midnight and only then.
///
/// `items` must be every item loaded, not only those the build includes: a scheduled item is
/// what changes. Returns `now` itself (an empty window) when no later instant can be computed.
pub fn stable_until(items: &[Item], tz: &TimeZone, now: Timestamp) -> Timestamp {
    let today = now.to_zoned(tz.clone()).date();
    let Some(next_midnight) = next_day(today).and_then(|d| midnight(d, tz)).filter(|m| *m > now) else {
        return now;
    };
    let refs: Vec<&Item> = items.iter().collect();
    let first_change = changes(&refs, tz, now, next_midnight).first().map(|c| c.at);
    let first_instant =
        items.iter().flat_map(|i| [i.schedule.publish_at, i.schedule.expire_at]).flatten().filter(|at| *at > now).min();
    [Some(next_midnight), first_change, first_instant].into_iter().flatten().min().unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::live::Schedule;
    use crate::site::model::{Details, Origin};
    use crate::site::window::{MonthDay, Window};

    fn hcm() -> TimeZone {
        TimeZone::get("Asia/Ho_Chi_Minh").unwrap()
    }

    fn ts(s: &str) -> Timestamp {
        crate::text::date::parse_instant(s, &hcm()).unwrap()
    }

    fn item(kind: Kind, title: &str, schedule: Schedule, details: Details) -> Item {
        Item {
            kind,
            lang: "vi".into(),
            shown: format!("content/{title}.md").into(),
            rel: format!("{title}.md"),
            translation_key: title.into(),
            title: title.into(),
            summary: None,
            date: None,
            updated: None,
            schedule,
            state: crate::site::State::Live,
            slug: title.into(),
            ref_slug: title.into(),
            section: String::new(),
            url: format!("/{title}/"),
            audiences: vec![],
            campaigns: vec![],
            topics: vec![],
            cover: None,
            cover_alt: None,
            aliases: vec![],
            weight: 0,
            author: None,
            origin: Origin::Original,
            source_url: None,
            details,
            body: String::new(),
            body_line: 1,
            html: String::new(),
            headings: vec![],
            plain_text: String::new(),
            word_count: 0,
            first_image: None,
            fragments: Vec::new(),
        }
    }

    fn campaign(starts: &str, ends: &str) -> Item {
        let window =
            Window { starts: MonthDay::parse(starts).unwrap(), ends: MonthDay::parse(ends).unwrap(), year: None };
        let details = Details::Campaign { window, theme: None, slogan: None, messages: Default::default() };
        item(Kind::Campaign, "thang-5", Schedule::default(), details)
    }

    #[test]
    fn lists_publications_and_expiries_in_order() {
        let later = Schedule { publish_at: Some(ts("2026-12-01T07:00:00")), ..Default::default() };
        let expiring = Schedule { expire_at: Some(ts("2026-11-30T00:00:00")), ..Default::default() };
        let draft = Schedule { draft: true, publish_at: Some(ts("2026-11-25T00:00:00")), ..Default::default() };
        let items = [
            item(Kind::Article, "a", later, Details::None),
            item(Kind::Article, "b", expiring, Details::None),
            item(Kind::Article, "nhap", draft, Details::None),
        ];
        let refs: Vec<&Item> = items.iter().collect();
        let got = changes(&refs, &hcm(), ts("2026-11-22T08:00:00"), ts("2026-12-31T00:00:00"));
        let kinds: Vec<(ChangeKind, &str)> = got.iter().map(|c| (c.kind, c.title.as_str())).collect();
        assert_eq!(kinds, [(ChangeKind::Expire, "b"), (ChangeKind::Publish, "a")]);
    }

    #[test]
    fn campaign_opens_at_local_midnight_and_closes_after_its_last_day() {
        let items = [campaign("05-01", "05-03")];
        let refs: Vec<&Item> = items.iter().collect();
        let got = changes(&refs, &hcm(), ts("2027-04-20T00:00:00"), ts("2027-05-10T00:00:00"));
        let windows: Vec<(ChangeKind, String)> =
            got.iter().filter(|c| c.kind != ChangeKind::DaysLeft).map(|c| (c.kind, c.at.to_string())).collect();
        assert_eq!(
            windows,
            [
                (ChangeKind::CampaignOpens, "2027-04-30T17:00:00Z".to_string()),
                (ChangeKind::CampaignCloses, "2027-05-03T17:00:00Z".to_string()),
            ]
        );
        // Every midnight changes a counter: days until the run, days left in it, and after it
        // the days until next year's run; one change per midnight however many counters.
        let midnights: Vec<Timestamp> = got.iter().filter(|c| c.kind == ChangeKind::DaysLeft).map(|c| c.at).collect();
        let expected: Vec<Timestamp> = (21..=30)
            .map(|d| ts(&format!("2027-04-{d:02}T00:00:00")))
            .chain((1..=10).map(|d| ts(&format!("2027-05-{d:02}T00:00:00"))))
            .collect();
        assert_eq!(midnights, expected);
    }

    #[test]
    fn new_year_turns_the_calendar_of_a_site_with_campaigns() {
        assert!(changes(&[], &hcm(), ts("2026-12-31T12:00:00"), ts("2027-01-02T00:00:00")).is_empty());
        let items = [campaign("05-01", "05-03")];
        let refs: Vec<&Item> = items.iter().collect();
        let got = changes(&refs, &hcm(), ts("2026-12-31T12:00:00"), ts("2027-01-02T00:00:00"));
        let kinds: Vec<(ChangeKind, String)> = got.iter().map(|c| (c.kind, c.at.to_string())).collect();
        assert_eq!(
            kinds,
            [
                (ChangeKind::NewYear, "2026-12-31T17:00:00Z".to_string()),
                (ChangeKind::DaysLeft, "2026-12-31T17:00:00Z".to_string()),
                (ChangeKind::DaysLeft, "2027-01-01T17:00:00Z".to_string()),
            ]
        );
    }

    #[test]
    fn calendar_month_turns_on_the_first_even_without_a_coming_run() {
        // A one-off campaign of 2026, over: no counter, but the calendar's current month turns.
        let mut once = campaign("05-01", "05-03");
        if let Details::Campaign { window, .. } = &mut once.details {
            window.year = Some(2026);
        }
        let items = [once];
        let refs: Vec<&Item> = items.iter().collect();
        let got = changes(&refs, &hcm(), ts("2026-11-22T08:00:00"), ts("2026-12-31T00:00:00"));
        let kinds: Vec<(ChangeKind, String)> = got.iter().map(|c| (c.kind, c.at.to_string())).collect();
        assert_eq!(kinds, [(ChangeKind::DaysLeft, "2026-11-30T17:00:00Z".to_string())]);
    }

    #[test]
    fn item_that_expires_before_it_publishes_announces_nothing() {
        let never = Schedule {
            publish_at: Some(ts("2026-12-10T00:00:00")),
            expire_at: Some(ts("2026-12-01T00:00:00")),
            ..Default::default()
        };
        let items = [item(Kind::Article, "a", never, Details::None)];
        let refs: Vec<&Item> = items.iter().collect();
        assert!(changes(&refs, &hcm(), ts("2026-11-22T00:00:00"), ts("2026-12-31T00:00:00")).is_empty());
    }

    #[test]
    fn stable_until_is_the_next_midnight_without_anything_scheduled() {
        let items = [item(Kind::Article, "a", Schedule::default(), Details::None)];
        let until = stable_until(&items, &hcm(), ts("2026-11-22T08:00:00"));
        assert_eq!(until, ts("2026-11-23T00:00:00"));
    }

    #[test]
    fn stable_until_stops_at_the_first_publication_or_expiry_drafts_included() {
        let later = Schedule { publish_at: Some(ts("2026-11-22T15:30:00")), ..Default::default() };
        let draft = Schedule { draft: true, publish_at: Some(ts("2026-11-22T11:00:00")), ..Default::default() };
        let expiring = Schedule { expire_at: Some(ts("2026-11-22T13:00:00")), ..Default::default() };
        let past = Schedule { publish_at: Some(ts("2026-11-01T00:00:00")), ..Default::default() };
        let now = ts("2026-11-22T08:00:00");
        let mut items =
            vec![item(Kind::Article, "a", later, Details::None), item(Kind::Article, "p", past, Details::None)];
        assert_eq!(stable_until(&items, &hcm(), now), ts("2026-11-22T15:30:00"));
        items.push(item(Kind::Article, "b", expiring, Details::None));
        assert_eq!(stable_until(&items, &hcm(), now), ts("2026-11-22T13:00:00"));
        items.push(item(Kind::Article, "nhap", draft, Details::None));
        assert_eq!(stable_until(&items, &hcm(), now), ts("2026-11-22T11:00:00"));
        // At the instant itself the item is live: the window of a build made then runs on.
        assert_eq!(stable_until(&items, &hcm(), ts("2026-11-22T15:30:00")), ts("2026-11-23T00:00:00"));
    }

    #[test]
    fn stable_until_never_passes_a_change_the_schedule_lists() {
        let items = [campaign("05-01", "05-03")];
        let refs: Vec<&Item> = items.iter().collect();
        let mut now = ts("2027-04-29T10:00:00");
        while now < ts("2027-05-06T00:00:00") {
            let until = stable_until(&items, &hcm(), now);
            assert!(until > now);
            let far = ts("2028-12-31T00:00:00");
            if let Some(first) = changes(&refs, &hcm(), now, far).first() {
                assert!(until <= first.at, "{now}: window to {until} passes {:?} at {}", first.kind, first.at);
            }
            now = now.checked_add(Span::new().hours(5)).unwrap();
        }
    }
}
