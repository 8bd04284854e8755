//! `loa check`: everything build validates, all errors of a run reported at once, nothing
//! written.

use crate::helpers::{assert_same_tree, SiteTest};

#[test]
fn check_reports_errors_of_three_files_in_one_run() {
    let mut test = SiteTest::from_fixture("check/three_errors");
    let before = test.snapshot();
    test.check()
        .assert_exit(1)
        .stderr_contains("content/tin-tuc/bhyt-hoc-sinh.md:4:")
        .stderr_contains("không có đối tượng `hoc-sinh`")
        .stderr_contains("content/tin-tuc/lich-thu.md:6:")
        .stderr_contains("huong-dan-thu.md")
        .stderr_contains("content/tin-tuc/muc-dong.md:4:")
        .stderr_contains("`publish_at`")
        .stderr_contains("3 lỗi");
    assert_same_tree(&before, &test.snapshot(), "the site root");
}

#[test]
fn check_writes_nothing() {
    let mut test = SiteTest::from_fixture("build/basic");
    let before = test.snapshot();
    test.check().assert_ok().stdout_contains("Không có lỗi");
    assert!(!test.root().join("public").exists(), "check created public/");
    assert_same_tree(&before, &test.snapshot(), "the site root");
    let outside = crate::helpers::snapshot(test.temp_dir());
    assert!(
        outside.keys().all(|k| k.is_empty() || k == "site" || k.starts_with("site/")),
        "check wrote beside the root: {:?}",
        outside.keys().collect::<Vec<_>>()
    );
}

#[test]
fn check_counts_only_published_items() {
    let mut test = SiteTest::from_fixture("publication/schedule");
    // Three articles are not live at this instant; one is.
    test.check().assert_ok().stdout_contains("Không có lỗi trong 1 mục đang đăng");
}

/// A mistake is reported once, where it is: a campaign with an impossible day, and a file
/// with an unknown field, still count as existing for the articles that name or link them;
/// and the unknown field does not hide the same file's unknown audience.
#[test]
fn one_mistake_is_reported_once_and_does_not_hide_others() {
    let mut test = SiteTest::from_fixture("check/no_cascade");
    test.check()
        .assert_exit(1)
        .stderr_contains("content/chien-dich/thang-hanh-dong.md:3:1: lỗi: `starts`")
        .stderr_contains("content/tin-tuc/bai-hai-loi.md:3:1: lỗi: không có trường `sumary`")
        .stderr_contains("content/tin-tuc/bai-hai-loi.md:5:1: lỗi: không có đối tượng `nguoi-lao-dong-tu-do`")
        .stderr_contains("3 lỗi")
        .stderr_lacks("không có chiến dịch")
        .stderr_lacks("không dẫn tới")
        .stderr_lacks("chưa được đăng");
}
