//! `loa status`'s comparison: what must be live now (a fresh build in memory, and every item
//! with its publication state) against what is really served ([`Served`]). GOV.UK's "overdue
//! publications" check, for a portal that publishes on the minute.
//!
//! - **Overdue**: a live item whose page is not served.
//! - **Early**: a scheduled item, a draft or an expired item whose page is served, or that a
//!   served list or feed links to.
//! - **Stale lists**: a home page, section list or feed that the fresh build makes with a link to a
//!   live item, served without it (an old copy in a cache or CDN, a delivery that stopped).

use std::collections::{BTreeSet, HashSet};

use jiff::{Span, Timestamp};
use serde::Serialize;

use super::served::Served;
use crate::messages::{Lang, Msg};
use crate::output::Files;
use crate::site::live::State;
use crate::site::model::{Item, Site};
use crate::site::schedule::{changes, ChangeKind};
use crate::site::urls::{self, Address, Origin, Urls, What};
use crate::text::date::iso;

/// How far back a check over HTTP reads each item's page (one request each): the items that
/// went live, or were taken down, in the last week. A folder is read whole.
const RECENT_DAYS: i64 = 7;
/// How many unreadable pages a report names (a failing server fails on every page).
const MAX_UNREADABLE: usize = 10;

/// What `loa status` found.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The instant checked, in the site's time zone (RFC 3339).
    pub now: String,
    /// The folder or address checked.
    pub served: String,
    /// How many item pages and lists were read.
    pub items_checked: usize,
    pub lists_checked: usize,
    pub overdue: Vec<Entry>,
    pub early: Vec<Entry>,
    pub stale_lists: Vec<StaleList>,
    /// Pages that could not be read at all (a server error, an unreadable file).
    pub unreadable: Vec<String>,
    pub last_publish: Option<LastPublish>,
    /// The newest `loa publish` run, when it failed on some target.
    pub last_publish_failed: Option<FailedPublish>,
    pub next_change: Option<NextChange>,
}

/// One item that is served when it must not be, or not served when it must.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub title: String,
    pub url: String,
    pub file: String,
    pub state: State,
    /// For an overdue or scheduled item its publication instant, for an expired one its expiry.
    pub due: Option<String>,
    /// How long ago `due` was (overdue items), in seconds.
    pub late_seconds: Option<i64>,
    /// For an early item seen only in a list: that list's address.
    pub seen_in: Option<String>,
}

/// A served list (home page, section, feed) that misses live items.
#[derive(Debug, Serialize)]
pub struct StaleList {
    pub url: String,
    /// The live items the fresh build lists there and the served copy does not.
    pub missing: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LastPublish {
    pub at: String,
    pub generation: u64,
}

#[derive(Debug, Serialize)]
pub struct FailedPublish {
    pub at: String,
    /// "name: error" of each failed target.
    pub targets: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct NextChange {
    pub at: String,
    pub kind: String,
    pub title: String,
    pub file: Option<String>,
}

impl Report {
    /// Whether everything is as it must be.
    pub fn ok(&self) -> bool {
        self.overdue.is_empty()
            && self.early.is_empty()
            && self.stale_lists.is_empty()
            && self.unreadable.is_empty()
            && self.last_publish_failed.is_none()
    }
}

/// What must be served: the fresh build of the live site (every output path it made, and the
/// bytes of its lists: see [`Lists`]), and every item of the site whatever its state (a load
/// with scheduled, expired items and drafts).
pub struct Expected<'a> {
    pub live: &'a Site,
    /// Every output path of the build, sorted.
    pub paths: &'a [String],
    /// The bytes of the home pages, section lists and feeds.
    pub lists: &'a Files,
    pub addresses: &'a [Address],
    pub everything: &'a Site,
}

/// A sink for status's build that keeps the bytes of the lists only (home pages, section
/// first pages, feeds): a timer runs status every minute, and a portal of 10,000 articles held
/// whole in memory would take a gigabyte each time. A section is a folder of content/, so the
/// pages kept are those of `folders` (relative to content/, "" for the home) under each
/// language prefix of `languages`.
pub struct Lists {
    pages: std::collections::HashSet<String>,
    files: std::sync::Mutex<Files>,
}

impl Lists {
    pub fn new(folders: &[String], languages: &[String]) -> Lists {
        let mut pages = std::collections::HashSet::new();
        for folder in folders {
            let page = if folder.is_empty() { "index.html".to_string() } else { format!("{folder}/index.html") };
            for lang in languages {
                pages.insert(format!("{lang}/{page}"));
            }
            pages.insert(page);
        }
        Lists { pages, files: std::sync::Mutex::new(Files::new()) }
    }

    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn is_list(&self, path: &str) -> bool {
        path.ends_with(urls::FEED_FILE) || self.pages.contains(path)
    }
}

impl crate::output::Sink for Lists {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        if self.is_list(path) {
            self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_string(), bytes);
        }
        Ok(())
    }

    fn keep(&self, _path: &str) -> anyhow::Result<()> {
        Ok(())
    }
}

/// How to check.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Read every item's page even over HTTP.
    pub all: bool,
    /// An item due less than this long ago is not overdue yet (the timer's next run brings it).
    pub grace: Span,
    /// The language of the messages about unreadable pages.
    pub lang: Lang,
}

/// Compares `expected` with `served`.
pub fn check(expected: &Expected<'_>, served: &Served, settings: Settings, history: &super::History) -> Report {
    let Settings { all, grace, lang } = settings;
    let site = expected.live;
    let tz = &site.config.timezone;
    let now = site.now;
    let urls = Urls::of(site);
    let since = now.checked_sub(Span::new().hours(24 * RECENT_DAYS)).unwrap_or(Timestamp::MIN);
    let every = all || served.is_local();
    // Due after this instant: still within the grace, not overdue yet.
    let pending_after = now.checked_sub(grace).unwrap_or(Timestamp::MIN);
    let pending = |item: &Item| item.schedule.publish_at.or(item.date).is_some_and(|due| due > pending_after);
    let mut report = Report {
        now: iso(now, tz),
        served: served.describe(),
        items_checked: 0,
        lists_checked: 0,
        overdue: Vec::new(),
        early: Vec::new(),
        stale_lists: Vec::new(),
        unreadable: Vec::new(),
        last_publish: None,
        last_publish_failed: None,
        next_change: None,
    };
    let read = |url: &str, report: &mut Report| -> Option<Vec<u8>> {
        match served.get(urls.site_path(url), &urls.out_path(url)) {
            Ok(bytes) => bytes,
            Err(why) => {
                if report.unreadable.len() < MAX_UNREADABLE {
                    report.unreadable.push(why.get(lang).to_string());
                }
                None
            }
        }
    };

    if let Some(last) = history.last_success() {
        report.last_publish = Some(LastPublish { at: last.at.clone(), generation: last.generation });
    }
    if let Some(last) = history.last().filter(|r| !r.ok) {
        let targets = last
            .targets
            .iter()
            .filter(|t| !t.ok)
            .map(|t| format!("{}: {}", t.name, t.error.as_deref().unwrap_or("failed")))
            .collect();
        report.last_publish_failed = Some(FailedPublish { at: last.at.clone(), targets });
    }
    let items: Vec<&Item> = expected.everything.items.iter().collect();
    let until = now.checked_add(Span::new().hours(24 * 800)).unwrap_or(Timestamp::MAX);
    report.next_change =
        changes(&items, tz, now, until).into_iter().find(|c| c.kind != ChangeKind::DaysLeft).map(|c| NextChange {
            at: iso(c.at, tz),
            kind: format!("{:?}", c.kind).to_lowercase(),
            title: c.title,
            file: c.file.map(|f| f.display().to_string()),
        });

    // A site that does not answer at all is one problem, not one per page.
    let home = urls.home(&site.config.language);
    if let Err(why) = served.get(urls.site_path(&home), &urls.out_path(&home)) {
        report.unreadable.push(why.get(lang).to_string());
        return report;
    }

    // Each item's own page.
    let mut not_live: HashSet<&str> = HashSet::new();
    for item in &expected.everything.items {
        let state = item.schedule.state_at(now);
        let page = urls.out_path(&item.url);
        if state == State::Live {
            let due = item.schedule.publish_at.or(item.date);
            let recent = due.is_some_and(|due| due >= since);
            let built = expected.paths.binary_search(&page).is_ok();
            if !built || !(every || recent) || pending(item) {
                continue;
            }
            report.items_checked += 1;
            if read(&item.url, &mut report).is_none() {
                let late = due.map(|due| now.as_second() - due.as_second());
                report.overdue.push(entry(item, state, due, late, tz, None));
            }
        } else {
            not_live.insert(item.url.as_str());
            let due = match state {
                State::Expired => item.schedule.expire_at,
                _ => item.schedule.publish_at,
            };
            let recent = state != State::Expired || due.is_some_and(|due| due >= since);
            if !(every || recent) {
                continue;
            }
            report.items_checked += 1;
            if read(&item.url, &mut report).is_some() {
                report.early.push(entry(item, state, due, None, tz, None));
            }
        }
    }
    let early_pages: HashSet<String> = report.early.iter().map(|e| e.url.clone()).collect();

    // The lists every reader starts from: home pages, sections, feeds.
    let live_urls: HashSet<&str> = site.items.iter().filter(|i| !pending(i)).map(|i| i.url.as_str()).collect();
    for address in expected.addresses.iter().filter(|a| is_list(a, &urls, site)) {
        let Some(made) = expected.lists.get(&address.path) else { continue };
        report.lists_checked += 1;
        let Some(got) = read(&address.url, &mut report) else {
            report.stale_lists.push(StaleList { url: address.url.clone(), missing: vec![address.url.clone()] });
            continue;
        };
        let (made, got) = (links(made), links(&got));
        let missing: Vec<String> =
            made.iter().filter(|l| live_urls.contains(l.as_str()) && !got.contains(*l)).cloned().collect();
        if !missing.is_empty() {
            report.stale_lists.push(StaleList { url: address.url.clone(), missing });
        }
        for leaked in got.iter().filter(|l| not_live.contains(l.as_str()) && !early_pages.contains(*l)) {
            if let Some(item) = expected.everything.items.iter().find(|i| &i.url == leaked) {
                let state = item.schedule.state_at(now);
                let due = match state {
                    State::Expired => item.schedule.expire_at,
                    _ => item.schedule.publish_at,
                };
                report.early.push(entry(item, state, due, None, tz, Some(address.url.clone())));
            }
        }
    }

    report
}

fn entry(
    item: &Item,
    state: State,
    due: Option<Timestamp>,
    late_seconds: Option<i64>,
    tz: &jiff::tz::TimeZone,
    seen_in: Option<String>,
) -> Entry {
    Entry {
        title: item.title.clone(),
        url: item.url.clone(),
        file: item.shown.display().to_string(),
        state,
        due: due.map(|d| iso(d, tz)),
        late_seconds,
        seen_in,
    }
}

/// The lists a reader starts from: each language's home page, each section's first page,
/// and every feed.
fn is_list(address: &Address, urls: &Urls<'_>, site: &Site) -> bool {
    match (address.what, &address.origin) {
        // The Atom feeds; their JSON twins list the same items.
        (What::Feed, _) => address.url.ends_with(urls::FEED_FILE),
        (What::Page, Origin::Section(_)) => true,
        (What::Page, Origin::Site) => site.config.language_codes().any(|lang| urls.home(lang) == address.url),
        _ => false,
    }
}

/// The addresses a page or feed links to (`href="…"`), as paths from the host: the site's
/// own absolute links ("https://host/bhxh/a/") become "/bhxh/a/".
fn links(bytes: &[u8]) -> BTreeSet<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = BTreeSet::new();
    for part in text.split("href=\"").skip(1) {
        let Some(end) = part.find('"') else { continue };
        let link = part[..end].replace("&amp;", "&");
        let path = match link.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]).to_string(),
            None => link,
        };
        let path = path.split(['#', '?']).next().unwrap_or_default().to_string();
        if path.starts_with('/') {
            out.insert(path);
        }
    }
    out
}

/// A duration for people: "5 phút", "2 giờ 10 phút", "3 ngày".
pub fn duration(seconds: i64, lang: Lang) -> String {
    let minutes = (seconds.max(0) + 59) / 60;
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let (d, h, m) = match lang {
        Lang::Vi => ("ngày", "giờ", "phút"),
        Lang::En => ("d", "h", "min"),
    };
    match (days, hours) {
        (0, 0) => format!("{minutes} {m}"),
        (0, _) => format!("{hours} {h} {minutes} {m}"),
        _ => format!("{days} {d} {hours} {h}"),
    }
}

/// The text of a state, for people.
pub fn state_name(state: State) -> Msg {
    match state {
        State::Live => Msg::new("đang đăng", "live"),
        State::Scheduled => Msg::new("chưa đến giờ đăng", "scheduled, not yet due"),
        State::Expired => Msg::new("đã hết hạn", "expired"),
        State::Draft => Msg::new("bản nháp", "a draft"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_as_paths_from_the_host() {
        let page = br#"<a href="/tin-tuc/a/">A</a><link href="https://bhxh.example.vn/bhxh/tin-tuc/b/"/>
            <a href="/tin-tuc/c/#muc-1">c</a><a href="mailto:x@y.vn">m</a><a href="https://host">h</a>"#;
        let got: Vec<String> = links(page).into_iter().collect();
        assert_eq!(got, ["/", "/bhxh/tin-tuc/b/", "/tin-tuc/a/", "/tin-tuc/c/"]);
    }

    #[test]
    fn durations_read_in_both_languages() {
        assert_eq!(duration(30, Lang::Vi), "1 phút");
        assert_eq!(duration(2 * 3600 + 600, Lang::Vi), "2 giờ 10 phút");
        assert_eq!(duration(3 * 86400 + 3600, Lang::En), "3 d 1 h");
    }
}
