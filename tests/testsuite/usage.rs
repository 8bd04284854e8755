//! The command line speaks the editor's language: `--help` and usage errors in Vietnamese when
//! the site or the locale is Vietnamese, English otherwise, `--lang` deciding over both; the
//! help of `loa new` lists the site's audiences, campaigns and topics.
//!
//! The Vietnamese help of `loa new` over the `build/basic` fixture is compared with
//! `tests/fixtures/usage/new-help.vi.txt`; run with `LOA_BLESS=1` to write it again after a
//! deliberate change, and read the difference before committing it.

use std::path::Path;

use crate::helpers::{fixtures_dir, SiteTest};

fn help(test: &mut SiteTest, args: &[&str]) -> String {
    let root = test.root().to_path_buf();
    let mut all: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    all.extend(["--root".into(), root.into_os_string()]);
    test.run(all).assert_ok();
    test.stdout()
}

#[test]
fn vietnamese_help_of_new_matches_the_golden_file() {
    let mut test = SiteTest::from_fixture("build/basic");
    let text = help(&mut test, &["new", "--help"]);
    let golden = fixtures_dir().join("usage/new-help.vi.txt");
    if std::env::var_os("LOA_BLESS").is_some() {
        std::fs::write(&golden, &text).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert_eq!(text, expected, "the Vietnamese help of `loa new` changed; see {}", golden.display());
    // The site's slugs are listed under the flags that take them.
    assert!(text.contains("nguoi-lao-dong") && text.contains("thang-bhxh-toan-dan") && text.contains("bhyt"));
}

#[test]
fn help_follows_the_lang_flag_the_site_and_the_locale() {
    let mut test = SiteTest::from_fixture("build/basic");
    let vi = help(&mut test, &["build", "--help"]);
    assert!(vi.contains("Cách dùng: loa build [TUỲ CHỌN]") && vi.contains("Tuỳ chọn:"), "{vi}");
    assert!(vi.contains("Thư mục kết quả") && !vi.contains("Usage:"), "{vi}");
    let en = help(&mut test, &["build", "--help", "--lang", "en"]);
    assert!(en.contains("Usage: loa build [OPTIONS]") && en.contains("Output folder"), "{en}");
    assert!(!en.contains("Thư mục"), "{en}");

    // Outside any site, the locale decides.
    let outside = test.temp_dir().to_path_buf();
    let bare = |test: &mut SiteTest, locale: &str| {
        test.locale(locale).run(["check", "--help", "--root", outside.to_str().unwrap()]).assert_ok();
        test.stdout()
    };
    assert!(bare(&mut test, "vi_VN.UTF-8").contains("Cách dùng: loa check"));
    assert!(bare(&mut test, "C.UTF-8").contains("Usage: loa check"));
    test.locale("vi_VN.UTF-8").run(["help", "schedule"]).assert_ok();
    assert!(test.stdout().contains("Cách dùng: loa schedule"), "{}", test.stdout());
}

#[test]
fn usage_errors_are_in_vietnamese_with_the_closest_choice() {
    let mut test = SiteTest::from_fixture("build/basic");
    let root = test.root().to_path_buf();
    test.run(["buidl".as_ref(), "--root".as_ref(), root.as_os_str()]).assert_exit(2);
    assert!(test.stderr().contains("lỗi: không có lệnh `buidl`"), "{}", test.stderr());
    assert!(test.stderr().contains("có phải ý bạn là `build`?"), "{}", test.stderr());
    test.run(["check".as_ref(), "--formt".as_ref(), "json".as_ref(), "--root".as_ref(), root.as_os_str()]);
    test.assert_exit(2).stderr_contains("không có tuỳ chọn `--formt`").stderr_contains("`--format`");
    test.run(["check".as_ref(), "--format".as_ref(), "yaml".as_ref(), "--root".as_ref(), root.as_os_str()]);
    test.assert_exit(2).stderr_contains("giá trị `yaml` không hợp lệ").stderr_contains("text, json");
    test.run([
        "check".as_ref(),
        "--format".as_ref(),
        "yaml".as_ref(),
        "--lang=en".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ]);
    test.assert_exit(2).stderr_contains("error: invalid value `yaml` for `--format <FORMAT>`");
    test.now("hôm qua").check().assert_exit(2).stderr_contains("--now: `hôm qua` không phải thời điểm");
}

#[test]
fn refusing_an_output_folder_is_explained_in_vietnamese() {
    let mut test = SiteTest::from_fixture("build/minimal");
    let content = test.root().join("content");
    test.out(&content).build().assert_exit(2);
    test.stderr_contains("lỗi: không xuất bản vào").stderr_contains("thư mục content");
    let foreign = test.beside("cua-nguoi-khac");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("ghi-chu.txt"), "của tôi").unwrap();
    test.out(&foreign).build().assert_exit(2).stderr_contains("chứa những tệp không do loa ghi ra");
    assert!(Path::new(&foreign).join("ghi-chu.txt").exists());
}
