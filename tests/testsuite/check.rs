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

/// Links to a `#fragment` are checked against the ids of the page they point to, and links
/// written as the portal's own full address are checked like paths.
#[test]
fn fragments_and_the_sites_own_full_addresses_are_checked() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.write(
        "content/tin-tuc/thu-tuc.md",
        "+++\ntitle = \"Thủ tục cấp lại thẻ BHYT\"\ndate = 2026-06-01T08:00:00+07:00\n+++\n\n\
         ## Hồ sơ cần có\n\nTờ khai TK1-TS.\n\n## Nơi nộp\n\nBộ phận một cửa.\n",
    );
    test.write(
        "content/tin-tuc/huong-dan.md",
        "+++\ntitle = \"Hướng dẫn\"\ndate = 2026-06-01T08:00:00+07:00\n+++\n\n\
         Xem [hồ sơ](thu-tuc.md#ho-so-can-co), [nơi nộp](thu-tuc.md#noi-nop) và [đầu trang](#top).\n\n\
         ## Ghi chú\n\nXem [ghi chú](#ghi-chu) và [nội dung](#noi-dung).\n\n\
         Trang [lịch làm việc](https://bhxh-thunghiem.example.vn/tin-tuc/lich-lam-viec/).\n",
    );
    test.check().assert_ok();
    test.build().assert_ok();
    let html = test.file("tin-tuc/huong-dan/index.html");
    assert!(html.contains("href=\"/tin-tuc/lich-lam-viec/\""), "the own full address becomes the site path");

    test.edit("content/tin-tuc/huong-dan.md", |s| {
        s.replace("thu-tuc.md#noi-nop", "thu-tuc.md#noi-np")
            .replace("(#ghi-chu)", "(#ghi-chu-cu)")
            .replace("tin-tuc/lich-lam-viec/", "tin-tuc/khong-ton-tai/")
    });
    let before = test.snapshot_public();
    test.check()
        .assert_exit(1)
        .stderr_contains("content/tin-tuc/huong-dan.md:6:")
        .stderr_contains("`thu-tuc.md#noi-np` trỏ tới mục #noi-np mà trang đó không có")
        .stderr_contains("có phải ý bạn là #noi-nop?")
        .stderr_contains("content/tin-tuc/huong-dan.md:10:5: lỗi: liên kết `#ghi-chu-cu`")
        .stderr_contains("content/tin-tuc/huong-dan.md:12:7: lỗi: liên kết `https://bhxh-thunghiem.example.vn/tin-tuc/khong-ton-tai/` là địa chỉ của chính cổng");
    test.build().assert_exit(1);
    assert_eq!(before, test.snapshot_public(), "the previous output stays");
}
