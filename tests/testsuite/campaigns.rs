//! Campaign windows: a yearly window that crosses New Year (15/12 – 15/01) is under way on
//! the home page on the days inside it, and only then.

use crate::helpers::SiteTest;

const TET: &str = "Tết an sinh, thẻ BHYT trọn năm";
const UNDER_WAY: &str = "Đang diễn ra";

fn home_at(now: &str) -> String {
    let mut test = SiteTest::from_fixture("build/basic");
    test.now(now).build().assert_ok();
    test.file("index.html")
}

/// The home page's block of campaigns under way (the section headed `#dang-dien-ra`), if any.
fn under_way_block(home: &str) -> Option<String> {
    let heading = home.find("aria-labelledby=\"dang-dien-ra\"")?;
    let start = home[..heading].rfind("<section")?;
    let end = home[start..].find("</section>").map_or(home.len(), |e| start + e);
    Some(home[start..end].to_string())
}

#[test]
fn campaign_crossing_new_year_is_under_way_in_january() {
    let home = home_at("2027-01-10T09:00:00");
    let block = under_way_block(&home).unwrap_or_else(|| panic!("no campaign under way on the home page:\n{home}"));
    assert!(block.contains(TET), "{block}");
    assert!(block.contains(UNDER_WAY), "{block}");
    assert!(!block.contains("Tháng vận động BHXH toàn dân"), "the May campaign is not under way in January:\n{block}");
}

#[test]
fn campaign_crossing_new_year_is_under_way_in_december() {
    let home = home_at("2026-12-15T00:00:00");
    let block = under_way_block(&home).unwrap_or_else(|| panic!("the window opens on 15/12:\n{home}"));
    assert!(block.contains(TET) && block.contains(UNDER_WAY), "{block}");
}

#[test]
fn campaign_is_not_under_way_outside_its_window() {
    for now in ["2026-11-22T08:00:00", "2027-01-16T00:00:00", "2026-12-14T23:59:59"] {
        let home = home_at(now);
        assert!(under_way_block(&home).is_none(), "at {now}, nothing is under way:\n{home}");
        assert!(!home.contains(UNDER_WAY), "at {now} the home page says {UNDER_WAY:?}");
    }
}

#[test]
fn campaign_page_says_whether_it_is_under_way() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.now("2027-01-10T09:00:00").build().assert_ok();
    test.assert_file_contains("chien-dich/tet-an-sinh/index.html", UNDER_WAY)
        .assert_file_contains("chien-dich/tet-an-sinh/index.html", "15/12/2026 – 15/01/2027")
        .assert_file_lacks("chien-dich/thang-bhxh-toan-dan/index.html", UNDER_WAY);
}
