//! Scheduling and the campaign calendar: `loa schedule`, the calendar page and the iCalendar
//! feed, parsed with an independent parser (the `ical` crate) and expanded with `rrule`.
//!
//! The fixture `schedule/portal` holds a campaign crossing New Year (15/12 – 15/01, updated
//! 2026-10-01), a one-day yearly campaign (1/7), a one-off campaign (1–10/3/2027), a campaign
//! published only from 2027-01-01 (TOKENCDSAP), an article dated 2026-12-01 07:00 and one
//! expiring 2026-12-20 00:00, all in site time (Asia/Ho_Chi_Minh).

use std::collections::BTreeMap;
use std::io::BufReader;

use crate::helpers::SiteTest;

fn portal(now: &str) -> SiteTest {
    let mut test = SiteTest::from_fixture("schedule/portal");
    test.now(now);
    test
}

#[test]
fn schedule_lists_coming_changes_in_local_time_in_order() {
    let mut test = portal("2026-11-22T08:00:00");
    test.schedule(&["--days", "30"]).assert_ok();
    let out = test.stdout();
    let publish = out.find("01/12/2026 07:00").expect("the publication at 07:00 local time is listed");
    let opens = out.find("15/12/2026 00:00").expect("the campaign opening is listed");
    let expires = out.find("20/12/2026 00:00").expect("the expiry is listed");
    assert!(publish < opens && opens < expires, "not in time order:\n{out}");
    assert!(out.contains("Lịch chi trả lương hưu tháng 12"), "{out}");
    assert!(out.contains("content/tin-tuc/thong-bao-nghi-le.md"), "{out}");
    assert!(!out.contains("16/01/2027"), "the closing on 16/01 is past the 30 days:\n{out}");
}

#[test]
fn schedule_next_prints_the_next_instant_in_rfc3339() {
    // The portal's campaigns are coming: their "còn N ngày nữa" counters change at midnight,
    // before the next publication (2026-12-01 07:00).
    portal("2026-11-22T08:00:00").schedule(&["--next"]).assert_ok().stdout_is("2026-11-23T00:00:00+07:00\n");
    // Given in UTC (07:00 in Hà Nội), the next local midnight.
    portal("2026-12-01T00:00:00Z").schedule(&["--next"]).assert_ok().stdout_is("2026-12-02T00:00:00+07:00\n");
}

#[test]
fn schedule_next_is_when_a_rebuild_changes_the_pages() {
    // A timer set to `--next` rebuilds exactly when the output changes: a build just before
    // it equals the build made now, a build at it differs (the counters of coming campaigns).
    let build_at = |now: &str| {
        let mut test = portal(now);
        test.build().assert_ok();
        test.file("chien-dich/index.html")
    };
    let next = portal("2026-11-22T08:00:00").schedule(&["--next"]).assert_ok().stdout().trim().to_string();
    assert_eq!(next, "2026-11-23T00:00:00+07:00");
    let now = build_at("2026-11-22T08:00:00");
    assert_eq!(build_at("2026-11-22T23:59:59"), now, "nothing changes before the instant --next names");
    let at_next = build_at("2026-11-23T00:00:00");
    assert_ne!(at_next, now, "the instant --next names changes the page");
    assert!(now.contains("còn 99 ngày nữa") && at_next.contains("còn 98 ngày nữa"), "{at_next}");
}

#[test]
fn schedule_next_includes_midnights_while_a_campaign_is_under_way() {
    // On 10/01/2027 the New Year campaign is under way: its days-left count changes at midnight.
    portal("2027-01-10T09:30:00").schedule(&["--next"]).assert_ok().stdout_is("2027-01-11T00:00:00+07:00\n");
    // After its last day it closes at midnight of 16/01.
    portal("2027-01-15T09:30:00").schedule(&["--next"]).assert_ok().stdout_is("2027-01-16T00:00:00+07:00\n");
}

#[test]
fn schedule_next_prints_nothing_when_nothing_will_change() {
    let mut test = SiteTest::from_fixture("schedule/quiet");
    test.now("2026-11-22T08:00:00").schedule(&["--next"]).assert_ok().stdout_is("");
}

#[test]
fn calendar_page_shows_the_years_campaigns_month_by_month() {
    let mut test = portal("2027-01-10T09:30:00");
    test.build().assert_ok();
    let page = test.file("lich/index.html");
    assert!(page.contains("2027"), "the calendar is of the year of now");
    let month = |n: &str| {
        // The heading ">Tháng 1" must not match ">Tháng 10".
        let heading = format!(">Tháng {n}");
        let start = page
            .match_indices(&heading)
            .map(|(i, _)| i)
            .find(|&i| !page[i + heading.len()..].starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no month {n}"));
        // A month runs to the next month's heading.
        let end = page[start + 1..].find(">Tháng ").map_or(page.len(), |e| start + 1 + e);
        page[start..end].to_string()
    };
    assert!(month("1").contains("Tết an sinh"), "January shows the campaign that crossed New Year");
    assert!(month("12").contains("Tết an sinh"), "December shows it opening again");
    assert!(month("1").contains("Đang diễn ra"), "it is under way on 10/01");
    assert!(month("3").contains("Tổng kết 10 năm"), "the one-off campaign is in March 2027");
    assert!(month("7").contains("Ngày Bảo hiểm y tế"));
    assert!(!month("2").contains("Tết an sinh"));
    // The campaign published from 2027-01-01 is live on 10/01/2027.
    assert!(month("4").contains("TOKENCDSAP"));
    // A year earlier it is nowhere: not in the calendar, not in the feed.
    let mut before = portal("2026-11-22T08:00:00");
    before.build().assert_ok().assert_nowhere("TOKENCDSAP").assert_nowhere("chien-dich-sap-cong-bo");
}

#[test]
fn calendar_shows_the_coming_twelve_months_across_new_year() {
    // In December the calendar runs from December 2026 to November 2027: the campaigns of
    // the coming January and March are on it, not those of the January that has passed.
    let mut test = portal("2026-12-05T09:00:00");
    test.build().assert_ok();
    let page = test.file("lich/index.html");
    let headings: Vec<String> = page
        .match_indices("<h2 class=\"month-name\">")
        .map(|(i, _)| page[i + 23..].chars().take(20).collect())
        .collect();
    assert_eq!(headings.len(), 12, "{page}");
    assert!(headings[0].starts_with("Tháng 12 năm 2026"), "{headings:?}");
    assert!(headings[1].starts_with("Tháng 1 năm 2027"), "{headings:?}");
    assert!(headings[11].starts_with("Tháng 11 năm 2027"), "{headings:?}");
    assert!(page.contains("Tổng kết 10 năm"), "the one-off campaign of March 2027 is coming");
    assert!(page.contains("<time datetime=\"2027-01-15\">15/01</time>"), "the window ends on its last day:\n{page}");
    assert!(!page.contains("16/01"), "no window ends at the next day:\n{page}");
}

#[test]
fn schedule_says_the_last_day_of_a_campaign_not_the_midnight_after_it() {
    let mut test = portal("2027-01-10T09:30:00");
    test.schedule(&["--days", "10"]).assert_ok();
    let out = test.stdout();
    assert!(out.contains("15/01/2027 hết ngày"), "{out}");
    assert!(!out.contains("16/01/2027"), "{out}");
}

/// The feed as (event UID → properties), parsed by the `ical` crate.
fn parse_feed(bytes: &[u8]) -> (BTreeMap<String, String>, BTreeMap<String, BTreeMap<String, String>>) {
    let mut parser = ical::IcalParser::new(BufReader::new(bytes));
    let calendar = parser.next().expect("one calendar").expect("the feed parses");
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    let props = |list: &[ical::property::Property]| -> BTreeMap<String, String> {
        list.iter()
            .map(|p| {
                let params = p.params.as_ref().map_or(String::new(), |ps| {
                    ps.iter().map(|(k, v)| format!(";{k}={}", v.join(","))).collect::<String>()
                });
                (format!("{}{params}", p.name), p.value.clone().unwrap_or_default())
            })
            .collect()
    };
    let events = calendar
        .events
        .iter()
        .map(|e| {
            let p = props(&e.properties);
            (p["UID"].clone(), p)
        })
        .collect();
    (props(&calendar.properties), events)
}

#[test]
fn icalendar_feed_follows_rfc_5545() {
    let mut test = portal("2026-11-22T08:00:00");
    test.build().assert_ok();
    let bytes = std::fs::read(test.public().join("lich/chien-dich.ics")).expect("the feed exists");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "every line ends with CRLF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
    }
    let (calendar, events) = parse_feed(&bytes);
    assert_eq!(calendar["VERSION"], "2.0");
    assert!(calendar["PRODID"].contains("loa"));
    // Three live campaigns; the one published in 2027 is not there.
    assert_eq!(events.len(), 3, "{:?}", events.keys());
    let tet = &events["tet-an-sinh@bhxh-thunghiem.example.vn"];
    assert_eq!(tet["DTSTART;VALUE=DATE"], "20261215");
    assert_eq!(tet["DTEND;VALUE=DATE"], "20270116", "DTEND is the day after the last day");
    assert_eq!(tet["RRULE"], "FREQ=YEARLY");
    assert_eq!(tet["SUMMARY"], "Tết an sinh\\, thẻ BHYT trọn năm");
    assert!(tet["DESCRIPTION"].contains("Thẻ BHYT còn hạn\\, Tết an tâm"), "the slogan is in the description");
    assert!(tet["DESCRIPTION"].contains("Không để người dân gián đoạn"), "the theme is in the description");
    assert_eq!(tet["DTSTAMP"], "20261001T010000Z", "DTSTAMP comes from the content (updated), in UTC");
    let one_off = &events["tong-ket-10-nam@bhxh-thunghiem.example.vn"];
    assert_eq!(one_off["DTSTART;VALUE=DATE"], "20270301");
    assert!(!one_off.contains_key("RRULE"), "a one-off campaign does not recur");
}

#[test]
fn icalendar_feed_is_identical_between_identical_builds_and_keeps_its_uids() {
    let mut a = portal("2026-11-22T08:00:00");
    a.build().assert_ok();
    let mut b = portal("2026-11-22T08:00:00");
    b.build().assert_ok();
    let feed_a = std::fs::read(a.public().join("lich/chien-dich.ics")).unwrap();
    assert_eq!(feed_a, std::fs::read(b.public().join("lich/chien-dich.ics")).unwrap());
    let mut later = portal("2026-11-23T08:00:00");
    later.build().assert_ok();
    let feed_later = std::fs::read(later.public().join("lich/chien-dich.ics")).unwrap();
    let (_, events_a) = parse_feed(&feed_a);
    let (_, events_later) = parse_feed(&feed_later);
    assert_eq!(events_a, events_later, "UIDs, DTSTAMPs and dates do not depend on the day of the build");
}

#[test]
fn icalendar_recurrence_expands_to_the_windows_of_three_years() {
    let mut test = portal("2026-11-22T08:00:00");
    test.build().assert_ok();
    let bytes = std::fs::read(test.public().join("lich/chien-dich.ics")).unwrap();
    let (_, events) = parse_feed(&bytes);
    for (uid, first_days, last_days) in [
        ("tet-an-sinh", ["2026-12-15", "2027-12-15", "2028-12-15"], ["2027-01-16", "2028-01-16", "2029-01-16"]),
        ("ngay-bhyt", ["2026-07-01", "2027-07-01", "2028-07-01"], ["2026-07-02", "2027-07-02", "2028-07-02"]),
    ] {
        let event = &events[&format!("{uid}@bhxh-thunghiem.example.vn")];
        let start = &event["DTSTART;VALUE=DATE"];
        let end = &event["DTEND;VALUE=DATE"];
        let set: rrule::RRuleSet =
            format!("DTSTART:{start}T000000Z\nRRULE:{}", event["RRULE"]).parse().expect("the RRULE parses");
        let runs = set.all(3).dates;
        let starts: Vec<String> = runs.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect();
        assert_eq!(starts, first_days, "{uid}");
        // Each run lasts as long as the first one: DTEND - DTSTART days.
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y%m%d").unwrap();
        let length = day(end) - day(start);
        let ends: Vec<String> = runs.iter().map(|d| (d.date_naive() + length).format("%Y-%m-%d").to_string()).collect();
        assert_eq!(ends, last_days, "{uid}");
    }
}

#[test]
fn site_without_campaigns_has_no_calendar() {
    let mut test = SiteTest::from_fixture("schedule/quiet");
    test.build().assert_ok().assert_no_file("lich/index.html").assert_no_file("lich/chien-dich.ics");
}
