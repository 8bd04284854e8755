//! Publication state at `--now`: a scheduled, draft or expired item appears nowhere in the
//! output, not even its address, until (or after) its time; preview flags show it badged.
//!
//! The fixture `publication/schedule` holds, besides a live article:
//! - `thong-bao-chi-tra-tet.md`, scheduled at 2026-12-01T07:00:00 site time (00:00 UTC),
//!   marked TOKENHENGIO, the only item of topic `luong-huu-tet`, with the cover image
//!   `anh-chi-tra-tet.png`, linked from the live article `lich-tiep-dan.md`;
//! - `du-thao-ke-hoach.md`, a draft marked TOKENBANNHAP;
//! - `thu-ho-tro-bao-lu.md`, expiring at 2026-11-15T00:00:00+07:00, marked TOKENHETHAN;
//! - `ke-hoach-thang-hanh-dong.md`, with only a `date` of 2026-12-10T08:00:00 site time and no
//!   `publish_at`, marked TOKENCHIDATE.

use crate::helpers::{html, SiteTest};

const SCHEDULED: &str = "TOKENHENGIO";
const DRAFT: &str = "TOKENBANNHAP";
const EXPIRED: &str = "TOKENHETHAN";
const SCHEDULED_PAGE: &str = "tin-tuc/thong-bao-chi-tra-tet/index.html";
const DRAFT_PAGE: &str = "tin-tuc/du-thao-ke-hoach/index.html";
const EXPIRED_PAGE: &str = "tin-tuc/thu-ho-tro-bao-lu/index.html";

fn build_at(now: &str) -> SiteTest {
    let mut test = SiteTest::from_fixture("publication/schedule");
    test.now(now).build().assert_ok();
    test
}

#[test]
fn scheduled_article_appears_nowhere_before_its_time() {
    build_at("2026-11-22T08:00:00")
        .assert_file("tin-tuc/lich-tiep-dan/index.html")
        .assert_no_file(SCHEDULED_PAGE)
        .assert_nowhere(SCHEDULED)
        .assert_nowhere("thong-bao-chi-tra-tet");
}

/// Regression: `publish_at` defaults to `date`, so an item dated in the future is scheduled.
/// The first build of the 1,000-article corpus published such items early.
#[test]
fn article_dated_in_the_future_without_publish_at_is_scheduled() {
    build_at("2026-12-10T07:59:59")
        .assert_no_file("tin-tuc/ke-hoach-thang-hanh-dong/index.html")
        .assert_nowhere("TOKENCHIDATE")
        .assert_nowhere("ke-hoach-thang-hanh-dong");
    build_at("2026-12-10T08:00:00").assert_file_contains("tin-tuc/ke-hoach-thang-hanh-dong/index.html", "TOKENCHIDATE");
}

#[test]
fn image_of_scheduled_article_is_not_published_before_its_time() {
    build_at("2026-11-22T08:00:00").assert_no_file("tin-tuc/anh-chi-tra-tet.png").assert_nowhere("anh-chi-tra-tet");
    build_at("2026-12-01T07:00:00").assert_file("tin-tuc/anh-chi-tra-tet.png");
}

#[test]
fn topic_of_scheduled_article_only_is_not_published_before_its_time() {
    // The topic's name alone would tell readers what is coming; the site declares no [topics].
    build_at("2026-11-22T08:00:00")
        .assert_no_file("chu-de/luong-huu-tet/index.html")
        .assert_nowhere("luong-huu-tet")
        .assert_nowhere("luong huu tet");
}

#[test]
fn draft_appears_nowhere() {
    build_at("2027-06-01T08:00:00").assert_no_file(DRAFT_PAGE).assert_nowhere(DRAFT).assert_nowhere("du-thao-ke-hoach");
}

#[test]
fn expired_article_appears_nowhere_after_expire_at() {
    build_at("2026-11-22T08:00:00")
        .assert_no_file(EXPIRED_PAGE)
        .assert_nowhere(EXPIRED)
        .assert_nowhere("thu-ho-tro-bao-lu");
}

#[test]
fn expired_article_is_gone_at_the_expiry_instant() {
    // expire_at = 2026-11-15T00:00:00+07:00: at that very instant the item is no longer live.
    build_at("2026-11-15T00:00:00").assert_no_file(EXPIRED_PAGE).assert_nowhere(EXPIRED);
}

#[test]
fn expired_article_is_live_before_expire_at() {
    let mut test = build_at("2026-11-14T23:59:59");
    test.assert_file_contains(EXPIRED_PAGE, EXPIRED)
        .assert_file_contains("tin-tuc/index.html", EXPIRED)
        .assert_file_contains("atom.xml", EXPIRED)
        .assert_file_contains("sitemap.xml", "/tin-tuc/thu-ho-tro-bao-lu/")
        .assert_file_lacks(EXPIRED_PAGE, "Đã hết hạn");
}

#[test]
fn can_publish_scheduled_article_at_its_time() {
    let mut test = build_at("2026-12-01T07:00:00");
    test.assert_file_contains(SCHEDULED_PAGE, SCHEDULED)
        .assert_file_contains("tin-tuc/index.html", SCHEDULED)
        .assert_file_contains("index.html", SCHEDULED)
        .assert_file_contains("atom.xml", SCHEDULED)
        .assert_file_contains("sitemap.xml", "/tin-tuc/thong-bao-chi-tra-tet/")
        .assert_file_contains("chu-de/luong-huu-tet/index.html", SCHEDULED)
        .assert_file_lacks(SCHEDULED_PAGE, "Hẹn giờ đăng");
    // Once the target is live, the link from the older article is a real link.
    let links = html::attr_values(&test.file("tin-tuc/lich-tiep-dan/index.html"), "a", "href");
    assert!(links.contains(&"/tin-tuc/thong-bao-chi-tra-tet/".to_string()), "{links:?}");
}

#[test]
fn offsetless_now_is_site_local_time() {
    // publish_at = 2026-12-01T07:00:00 (site time, UTC+7); --now without offset is site time too.
    build_at("2026-12-01T06:59:59").assert_no_file(SCHEDULED_PAGE).assert_nowhere(SCHEDULED);
    build_at("2026-12-01T07:00:00").assert_file_contains(SCHEDULED_PAGE, SCHEDULED);
}

#[test]
fn offsetless_publish_at_is_site_local_time_against_utc_now() {
    // 2026-12-01T07:00:00 in Asia/Ho_Chi_Minh is 2026-12-01T00:00:00Z.
    build_at("2026-11-30T23:59:59Z").assert_no_file(SCHEDULED_PAGE).assert_nowhere(SCHEDULED);
    build_at("2026-12-01T00:00:00Z").assert_file_contains(SCHEDULED_PAGE, SCHEDULED);
}

#[test]
fn future_flag_previews_scheduled_and_expired_items_with_badges() {
    let mut test = SiteTest::from_fixture("publication/schedule");
    test.arg("--future").build().assert_ok();
    test.assert_file_contains(SCHEDULED_PAGE, SCHEDULED)
        .assert_file_contains(SCHEDULED_PAGE, "Hẹn giờ đăng")
        .assert_file_contains(EXPIRED_PAGE, EXPIRED)
        .assert_file_contains(EXPIRED_PAGE, "Đã hết hạn")
        .assert_no_file(DRAFT_PAGE)
        .assert_nowhere(DRAFT)
        .stdout_contains("không đưa lên mạng");
}

#[test]
fn drafts_flag_previews_drafts_with_badge() {
    let mut test = SiteTest::from_fixture("publication/schedule");
    test.arg("--drafts").build().assert_ok();
    test.assert_file_contains(DRAFT_PAGE, DRAFT)
        .assert_file_contains(DRAFT_PAGE, "Bản nháp")
        .assert_no_file(SCHEDULED_PAGE)
        .assert_nowhere(SCHEDULED)
        .assert_no_file(EXPIRED_PAGE);
}

#[test]
fn link_to_scheduled_article_reveals_no_address() {
    let mut test = build_at("2026-11-22T08:00:00");
    let page = test.file("tin-tuc/lich-tiep-dan/index.html");
    assert!(page.contains("thông báo sắp đăng"), "the link text must stay readable:\n{page}");
    let links = html::attr_values(&page, "a", "href");
    assert!(!links.iter().any(|l| l.contains("thong-bao-chi-tra-tet")), "{links:?}");
    test.assert_nowhere("thong-bao-chi-tra-tet")
        .stderr_contains("content/tin-tuc/lich-tiep-dan.md:9:")
        .stderr_contains("chưa được đăng");
}

#[test]
fn link_to_scheduled_article_renders_as_plain_text() {
    let test = build_at("2026-11-22T08:00:00");
    let page = test.file("tin-tuc/lich-tiep-dan/index.html");
    assert!(
        !html::is_inside_link(&page, "thông báo sắp đăng"),
        "the link to the scheduled article should be plain text, not an <a>:\n{}",
        html::element(&page, "div", "prose").unwrap_or(&page)
    );
}

/// The live rule at every edge: a second before, at and after each publication and expiry
/// instant, with `--now` written in site time and in UTC. At each instant every file of
/// public/ is searched for each item's token: present exactly when the item is live.
#[test]
fn live_rule_holds_at_every_edge_in_local_time_and_utc() {
    // (now, scheduled live, expired live, dated-only live); the draft is never live.
    let instants = [
        ("2026-12-01T06:59:59", false, false, false),
        ("2026-11-30T23:59:59Z", false, false, false),
        ("2026-12-01T07:00:00", true, false, false),
        ("2026-12-01T00:00:00Z", true, false, false),
        ("2026-12-01T07:00:01", true, false, false),
        ("2026-12-01T00:00:01Z", true, false, false),
        ("2026-11-14T23:59:59", false, true, false),
        ("2026-11-14T16:59:59Z", false, true, false),
        ("2026-11-15T00:00:00", false, false, false),
        ("2026-11-14T17:00:00Z", false, false, false),
        ("2026-11-15T00:00:01", false, false, false),
        ("2026-12-10T07:59:59", true, false, false),
        ("2026-12-10T01:00:00Z", true, false, true),
        ("2026-12-10T08:00:01", true, false, true),
    ];
    for (now, scheduled, expired, dated) in instants {
        let mut test = SiteTest::from_fixture("publication/schedule");
        test.now(now).build().assert_ok();
        for (token, live) in [(SCHEDULED, scheduled), (EXPIRED, expired), ("TOKENCHIDATE", dated), (DRAFT, false)] {
            let found = test.grep_public(token);
            if live {
                assert!(!found.is_empty(), "at {now}, {token} should be published");
            } else {
                assert!(found.is_empty(), "at {now}, {token} must appear nowhere, but is in {found:?}");
            }
        }
    }
}
