//! Content errors: each fixture under `tests/fixtures/invalid/` breaks one thing. The build
//! must exit with 1, name the file and line with words an editor can act on, and leave the
//! previous successful build in public/ exactly as it was (bytes, inodes and mtimes). The
//! fixtures' sites are in Vietnamese (the default language), so the messages are too.

use crate::helpers::{assert_same_tree, SiteTest};

/// Builds the invalid fixture `case` over a root whose public/ holds a previous good build,
/// and checks the failure: exit 1, `location` (`content/<file>:<line>:`) and every one of
/// `words` in the messages, and nothing written anywhere under the root.
fn fails_keeping_previous_build(case: &str, location: &str, words: &[&str]) -> SiteTest {
    let mut test = SiteTest::from_fixture(&format!("invalid/{case}"));
    test.with_previous_build();
    let before = test.snapshot();
    test.build().assert_exit(1).stderr_contains(location);
    for word in words {
        test.stderr_contains(word);
    }
    assert_same_tree(&before, &test.snapshot(), "the site root (with public/)");
    test
}

#[test]
fn errors_on_bad_toml_front_matter() {
    fails_keeping_previous_build(
        "bad_toml",
        "content/tin-tuc/thong-bao.md:3:",
        &["giá trị của `summary` phải đặt trong ngoặc kép", "gợi ý: đặt chữ trong ngoặc kép: summary = \"Cơ quan"],
    );
}

#[test]
fn errors_on_bad_yaml_front_matter() {
    fails_keeping_previous_build(
        "bad_yaml",
        "content/tin-tuc/thong-bao.md:3:",
        &["danh sách `- mục` viết ngay sau dấu :", "topics: [bhxh, bhyt]"],
    );
}

#[test]
fn errors_on_unknown_field_with_suggestion() {
    fails_keeping_previous_build(
        "unknown_field",
        "content/tin-tuc/thong-bao.md:3:",
        &["không có trường `sumary`", "có phải ý bạn là `summary`?"],
    );
}

#[test]
fn errors_on_unknown_audience() {
    fails_keeping_previous_build(
        "unknown_audience",
        "content/tin-tuc/trach-nhiem-dong.md:4:",
        &["không có đối tượng `nguoi-lao-dong`", "có phải ý bạn là `nguoi-lao-dong-doanh-nghiep`?"],
    );
}

#[test]
fn errors_on_unknown_campaign() {
    fails_keeping_previous_build(
        "unknown_campaign",
        "content/tin-tuc/ra-quan.md:4:",
        &["không có chiến dịch `thang-bhxh-toan-da`", "có phải ý bạn là `thang-bhxh-toan-dan`?"],
    );
}

#[test]
fn errors_on_topic_not_declared_in_site_toml() {
    // The topics list spans lines 4 to 7; the unknown slug is on line 6.
    fails_keeping_previous_build(
        "unknown_topic",
        "content/tin-tuc/the-bhyt.md:6:",
        &["không có chủ đề `chuyen-doi-so`", "[topics]"],
    );
}

#[test]
fn errors_on_dead_internal_link() {
    fails_keeping_previous_build(
        "dead_link",
        "content/tin-tuc/huong-dan.md:8:",
        &["cai-dat-vssid.md", "không dẫn tới đâu"],
    );
}

#[test]
fn errors_on_missing_image() {
    fails_keeping_previous_build(
        "missing_image",
        "content/tin-tuc/huong-dan.md:7:",
        &["man-hinh-tra-cuu.png", "không tồn tại"],
    );
}

#[test]
fn errors_on_infographic_without_alt() {
    fails_keeping_previous_build(
        "missing_alt",
        "content/infographic/ty-le-dong.md:4:",
        &["chưa có văn bản `alt`", "alt = "],
    );
}

#[test]
fn errors_on_file_that_is_not_utf8() {
    // Windows-1258 text: the first byte that is not UTF-8 is the "ô" of "Thông" on line 2.
    fails_keeping_previous_build(
        "not_utf8",
        "content/tin-tuc/thong-bao.md:2:12:",
        &["không phải văn bản UTF-8", "lưu lại dưới dạng UTF-8"],
    );
}

#[test]
fn errors_on_duplicate_slug_naming_both_files() {
    fails_keeping_previous_build(
        "duplicate_slug",
        "content/tin-tuc/lich-chi-tra.md:1:",
        &["/tin-tuc/lich-chi-tra/", "content/tin-tuc/lich-chi-tra-thang-9.md", "cùng slug"],
    );
}

#[test]
fn errors_on_impossible_date() {
    fails_keeping_previous_build(
        "invalid_date",
        "content/tin-tuc/thong-bao.md:3:",
        &["`date`", "2026-02-30", "không phải ngày giờ hợp lệ"],
    );
}

#[test]
fn errors_on_impossible_campaign_window_day() {
    fails_keeping_previous_build(
        "impossible_window",
        "content/chien-dich/ngay-bhyt.md:4:",
        &["`ends`", "02-30", "không phải một ngày trong năm"],
    );
}

#[test]
fn errors_on_bad_site_toml() {
    fails_keeping_previous_build(
        "bad_site_toml",
        "content/site.toml:2:",
        &["site.toml: giá trị của `base_url` phải đặt trong ngoặc kép", "base_url = \"https://bhxh-thunghiem"],
    );
}

#[test]
fn errors_on_alias_that_climbs_out_of_the_site() {
    fails_keeping_previous_build(
        "alias_outside_site",
        "content/tin-tuc/muc-dong-bhyt.md:4:",
        &["alias", "../../ngoai-trang-web"],
    );
}

#[test]
fn failed_build_says_nothing_was_written() {
    fails_keeping_previous_build("unknown_field", "content/tin-tuc/thong-bao.md:3:", &[])
        .stderr_contains("Không ghi gì cả")
        .stderr_contains("1 lỗi");
}

#[test]
fn bad_flag_is_a_usage_error() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.arg("--nhanh").build().assert_exit(2).stderr_contains("--nhanh");
    assert!(!test.root().join("public").exists());
    test.clear_args().run(["xuat-ban"]).assert_exit(2);
}

#[test]
fn bad_now_is_a_usage_error() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.now("hôm qua").build().assert_exit(2).stderr_contains("--now");
    test.now("2026-13-01T08:00:00").build().assert_exit(2).stderr_contains("--now");
    test.now("2026-02-30").check().assert_exit(2).stderr_contains("--now");
    assert!(!test.root().join("public").exists());
}

#[test]
fn missing_content_folder_is_a_usage_error() {
    let mut test = SiteTest::from_fixture("build/minimal");
    let elsewhere = test.beside("trong");
    std::fs::create_dir(&elsewhere).unwrap();
    test.run(["build".as_ref(), "--root".as_ref(), elsewhere.as_os_str()])
        .assert_exit(2)
        .stderr_contains("no content/ folder");
    assert!(!elsewhere.join("public").exists());
}

/// Malformed inputs of every kind, each written over a valid site: none may make loa panic,
/// and each must be reported as a content error with a position in the file.
#[test]
fn never_panics_on_malformed_input() {
    let cases: &[(&str, &str)] = &[
        ("content/tin-tuc/x.md", ""),
        ("content/tin-tuc/x.md", "+++"),
        ("content/tin-tuc/x.md", "+++\n+++\n"),
        ("content/tin-tuc/x.md", "---\n---\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = 5\n+++\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = \"a\"\nweight = 99999999999999999999\n+++\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = \"a\"\ndate = 9999-12-31T23:59:59\n+++\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = \"a\"\ndate = \"-99999-01-01\"\n+++\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = \"a\"\ndate = 2026-01-01\nexpire_at = 1970-01-01\n+++\n"),
        ("content/tin-tuc/x.md", "---\n- a\n- b\n---\n"),
        ("content/tin-tuc/x.md", "---\n: :\n---\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = \"a\"\nslug = \"\"\n+++\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = \"a\"\naliases = [\"/\"]\n+++\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = \"a\"\ncover = \"../../../etc/passwd\"\ncover_alt = \"x\"\n+++\n"),
        ("content/tin-tuc/x.md", "+++\ntitle = \"a\"\n+++\n[x](../../../../etc/passwd) ![y](/../../etc/hosts)\n"),
        ("content/chien-dich/x.md", "+++\ntitle = \"a\"\nstarts = \"5-1\"\nends = \"13-01\"\nyear = -5\n+++\n"),
        ("content/infographic/x.md", "+++\ntitle = \"a\"\nimage = \"x.png\"\nalt = \"b\"\n+++\n"),
        ("content/site.toml", "title = \"a\"\n"),
        ("content/site.toml", "\u{feff}title = \"a\"\nbase_url = \"/\"\npaginate = -1\n"),
        ("content/site.toml", "title = \"a\"\nbase_url = \"https://x.vn\"\ntimezone = \"Sao Hoả\"\n"),
    ];
    for (path, text) in cases {
        let mut test = SiteTest::from_fixture("build/minimal");
        test.write(path, text).build();
        let stderr = test.stderr();
        assert_eq!(test.exit_code(), Some(1), "{path} = {text:?}:\n{stderr}");
        assert!(stderr.contains(&format!("{path}:")), "{path} = {text:?} is not named:\n{stderr}");
    }
    // A file of random bytes with a Markdown name.
    let noise: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let mut test = SiteTest::from_fixture("build/minimal");
    test.write("content/tin-tuc/nhieu.md", noise).build().assert_exit(1);
}

/// A template that fails only at render time, after other pages were already written into
/// the staging folder: the build still fails as a whole, public/ keeps the previous build and
/// the staging folder is gone.
#[test]
fn template_failing_mid_render_keeps_previous_build() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.with_previous_build();
    test.write(
        "themes/default/templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.khong_co.o_day }}{% endblock content %}",
    );
    let before = test.snapshot_public();
    test.build().assert_exit(1).stderr_contains("article.html");
    assert_same_tree(&before, &test.snapshot_public(), "public/");
    let leftovers: Vec<_> = std::fs::read_dir(test.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "the staging folder was left behind: {leftovers:?}");
}

/// The mistakes editors make most in front matter, each said in Vietnamese with its fix, at the
/// line where it is, with the line shown and a marker under the column.
#[test]
fn common_front_matter_mistakes_are_explained_where_they_are() {
    let cases = [
        (
            "+++\ntitle = \"Hội nghị \"tổng kết\" năm 2026\"\n+++\n\nNội dung.\n",
            2,
            "dấu ngoặc kép \" bên trong giá trị `title`",
            "“tổng kết”",
        ),
        (
            "+++\ntitle = \"A\"\naudiences = [\"a\", \"b\"\ndate = 2026-06-01\n+++\n\nNội dung.\n",
            3,
            "danh sách `audiences` chưa đóng",
            "đóng bằng ]",
        ),
        (
            "+++\ntitle = Hội nghị tổng kết\n+++\n\nNội dung.\n",
            2,
            "giá trị của `title` phải đặt trong ngoặc kép",
            "title = \"Hội nghị tổng kết\"",
        ),
        ("+++\ntitle = \"A\"\ndraft = không\n+++\n\nNội dung.\n", 3, "giá trị của `draft`", "true hoặc false"),
        (
            "+++\ntitle = \"A\"\ntitle = \"B\"\n+++\n\nNội dung.\n",
            3,
            "trường `title` được ghi hai lần",
            "đã có ở dòng 2",
        ),
        ("+++\ntitle = \"A\"\ndate = 2026-13-01\n+++\n\nNội dung.\n", 3, "tháng phải từ 01 đến 12", "2026-06-01"),
        (
            "---\ntitle: Lưu ý: hạn nộp\n---\n\nNội dung.\n",
            2,
            "dấu : trong một giá trị chưa đặt trong ngoặc kép",
            "title: \"Lưu ý",
        ),
        (
            "---\ntitle: A\naudiences: [a, b\ndate: 2026-06-01\n---\n\nNội dung.\n",
            3,
            "danh sách chưa đóng",
            "audiences: [a, b]",
        ),
    ];
    for (text, line, message, fix) in cases {
        let mut test = SiteTest::from_fixture("build/minimal");
        test.write("content/tin-tuc/loi.md", text);
        test.check()
            .assert_exit(1)
            .stderr_contains(&format!("content/tin-tuc/loi.md:{line}:"))
            .stderr_contains(message)
            .stderr_contains(fix)
            .stderr_contains(&format!("\n{line} | "))
            .stderr_lacks("expected");
    }
}

/// Each mistake has a stable code in `loa check --format json`, the same in both languages.
#[test]
fn each_mistake_has_a_stable_code_in_json() {
    for (case, code, line) in [
        ("unknown_audience", "unknown-audience", 4),
        ("dead_link", "link-leads-nowhere", 8),
        ("bad_toml", "front-matter-value-must-quoted", 3),
        ("unknown_field", "unknown-field", 3),
        ("bad_site_toml", "site-toml-value-must-quoted", 2),
    ] {
        for lang in ["vi", "en"] {
            let mut test = SiteTest::from_fixture(&format!("invalid/{case}"));
            test.arg("--format").arg("json").arg("--lang").arg(lang).check().assert_exit(1);
            let list: Vec<serde_json::Value> = serde_json::from_str(&test.stdout()).expect("a JSON array");
            assert!(
                list.iter().any(|d| d["code"] == code && d["line"] == line),
                "{case} ({lang}): no {code} at line {line} in {list:#?}"
            );
        }
    }
}
