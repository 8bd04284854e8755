//! The editorial tools (issue 7): `loa new`, the warnings of `loa check`, `loa plan`, and
//! messages in the site's language (`loa report` is in report.rs).
//!
//! The fixture `editorial/site` is a Vietnamese site checked on 19/06/2027, twelve days before
//! "Ngày BHYT Việt Nam" (1/7), which targets two audiences: an article for "Người lao động và
//! doanh nghiệp" is scheduled for 1/7, none for "Học sinh, sinh viên". `tin-tuc/bai-can-sua.md`
//! has no summary, a `#` heading (line 8), two generic link texts (line 14, columns 22 and 76),
//! a heading that skips from ## to #### (line 16) and a decorative image (line 20, no warning).

use std::fs;

use serde_json::Value;

use crate::helpers::{fixtures_dir, SiteTest};

/// Twelve days before Ngày BHYT Việt Nam.
pub(crate) const JUNE_19: &str = "2027-06-19T08:00:00";

pub(crate) fn editorial() -> SiteTest {
    let mut test = SiteTest::from_fixture("editorial/site");
    test.now(JUNE_19);
    test
}

/// Runs `loa <args> --root ROOT --now NOW`.
pub(crate) fn loa<'a>(test: &'a mut SiteTest, args: &[&str], now: &str) -> &'a mut SiteTest {
    let root = test.root().to_path_buf();
    let mut all: Vec<std::ffi::OsString> = args.iter().map(|a| a.into()).collect();
    all.extend(["--root".into(), root.into_os_string(), "--now".into(), now.into()]);
    test.run(all)
}

fn read(test: &SiteTest, path: &str) -> String {
    fs::read_to_string(test.root().join(path)).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// loa check: warnings an editor can act on

#[test]
fn check_warns_about_what_an_editor_can_fix_without_failing() {
    let mut test = editorial();
    let before = test.snapshot();
    test.check()
        .assert_ok()
        .stderr_contains("content/tin-tuc/bai-can-sua.md:2:1: cảnh báo: chưa có tóm tắt (summary)")
        .stderr_contains("content/tin-tuc/bai-can-sua.md:8:1: cảnh báo: tiêu đề cấp 1 (#)")
        .stderr_contains("content/tin-tuc/bai-can-sua.md:14:22: cảnh báo: chữ của liên kết \"tại đây\"")
        .stderr_contains("content/tin-tuc/bai-can-sua.md:14:76: cảnh báo: chữ của liên kết \"Xem thêm\"")
        .stderr_contains("content/tin-tuc/bai-can-sua.md:16:1: cảnh báo: tiêu đề nhảy từ cấp 2 xuống cấp 4")
        .stderr_contains("  gợi ý: ")
        .stdout_contains("Không có lỗi trong")
        .stdout_contains("(6 cảnh báo)");
    // A link whose text names its target is fine; items with a summary are not warned about.
    test.stderr_lacks("gia hạn thẻ BHYT trên VssID").stderr_lacks("huong-dan-gia-han.md:");
    crate::helpers::assert_same_tree(&before, &test.snapshot(), "the site root");
}

#[test]
fn check_warns_about_a_campaign_opening_with_an_audience_left_out() {
    let mut test = editorial();
    test.check().assert_ok().stderr_contains(
        "content/chien-dich/ngay-bhyt-viet-nam.md:8:1: cảnh báo: Ngày BHYT Việt Nam mở sau 12 ngày nhưng chưa có bài \
         nào cho nhóm Học sinh, sinh viên",
    );
    // The scheduled article covers the other audience.
    test.stderr_lacks("cho nhóm Người lao động");
    // More than 30 days ahead nothing is reported yet; once an item is scheduled, nothing either.
    test.now("2027-05-20T08:00:00").check().assert_ok().stderr_lacks("mở sau");
    test.now(JUNE_19)
        .write(
            "content/tin-tuc/bhyt-hoc-sinh.md",
            "+++\ntitle = \"BHYT học sinh\"\nsummary = \"Tóm tắt.\"\ndate = 2027-06-01\n\
             publish_at = 2027-07-01T06:00:00\naudiences = [\"hoc-sinh-sinh-vien\"]\n+++\n\nNội dung.\n",
        )
        .check()
        .assert_ok()
        .stderr_lacks("mở sau");
}

#[test]
fn check_does_not_count_drafts_as_planned() {
    let mut test = editorial();
    test.write(
        "content/tin-tuc/bhyt-hoc-sinh.md",
        "+++\ntitle = \"BHYT học sinh\"\ndate = 2027-06-01\npublish_at = 2027-07-01T06:00:00\ndraft = true\n\
         audiences = [\"hoc-sinh-sinh-vien\"]\n+++\n\nNội dung.\n",
    )
    .check()
    .assert_ok()
    .stderr_contains("nhưng chưa có bài nào cho nhóm Học sinh, sinh viên");
}

#[test]
fn check_warns_about_an_article_far_longer_than_news_needs() {
    let words = |n: usize| vec!["bảo hiểm"; n / 2].join(" ");
    let article =
        |n| format!("+++\ntitle = \"Bài dài\"\nsummary = \"Tóm tắt.\"\ndate = 2027-05-01\n+++\n\n{}\n", words(n));
    let mut test = editorial();
    test.write("content/tin-tuc/bai-dai.md", article(1600))
        .check()
        .assert_ok()
        .stderr_contains("content/tin-tuc/bai-dai.md:7:1: cảnh báo: nội dung dài 1600 từ, quá mức 1500 từ");
    test.write("content/tin-tuc/bai-dai.md", article(1400)).check().assert_ok().stderr_lacks("bai-dai.md");
}

#[test]
fn check_warns_only_about_items_that_are_or_will_be_published() {
    let mut test = editorial();
    // A draft without summary is work in progress; an expired item is gone.
    test.write("content/tin-tuc/nhap.md", "+++\ntitle = \"Nháp\"\ndraft = true\n+++\n\n[tại đây](nhap.md)\n")
        .write("content/tin-tuc/cu.md", "+++\ntitle = \"Cũ\"\ndate = 2026-01-01\nexpire_at = 2026-02-01\n+++\n\n# Cũ\n")
        .check()
        .assert_ok()
        .stderr_lacks("tin-tuc/nhap.md:")
        .stderr_lacks("tin-tuc/cu.md:");
}

#[test]
fn check_json_lists_every_diagnostic_for_tools() {
    let mut test = editorial();
    test.arg("--format").arg("json").check().assert_ok();
    let list: Vec<Value> = serde_json::from_str(&test.stdout()).expect("check --format json prints a JSON array");
    assert_eq!(list.len(), 6, "{list:#?}");
    for d in &list {
        let keys: Vec<&str> = d.as_object().expect("an object").keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 7, "{d}");
        for key in ["path", "line", "col", "severity", "code", "message", "hint"] {
            assert!(keys.contains(&key), "{key} missing in {d}");
        }
        assert_eq!(d["severity"], "warning");
        let code = d["code"].as_str().unwrap();
        assert!(!code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{code}");
    }
    let gap = list.iter().find(|d| d["path"] == "content/chien-dich/ngay-bhyt-viet-nam.md").expect("the gap");
    assert_eq!((gap["line"].as_u64(), gap["col"].as_u64()), (Some(8), Some(1)));
    assert!(gap["message"].as_str().is_some_and(|m| m.contains("Học sinh, sinh viên")), "{gap}");

    // Errors are in the list too, and make the exit code 1.
    let mut broken = SiteTest::from_fixture("invalid/unknown_audience");
    broken.arg("--format").arg("json").check().assert_exit(1);
    let list: Vec<Value> = serde_json::from_str(&broken.stdout()).expect("a JSON array");
    let error = list.iter().find(|d| d["severity"] == "error").expect("the error");
    assert_eq!(error["path"], "content/tin-tuc/trach-nhiem-dong.md");
    assert_eq!(error["line"], 4);
    assert_eq!(error["hint"], "có phải ý bạn là `nguoi-lao-dong-doanh-nghiep`?");
}

// ---------------------------------------------------------------------------------------------
// Messages in the site's language

#[test]
fn messages_are_english_with_lang_en_or_an_english_site() {
    let mut test = editorial();
    test.arg("--lang")
        .arg("en")
        .check()
        .assert_ok()
        .stderr_contains("content/tin-tuc/bai-can-sua.md:2:1: warning: no summary")
        .stderr_contains("  hint: add summary")
        .stderr_contains("Ngày BHYT Việt Nam opens in 12 days but has no item for Học sinh, sinh viên yet")
        .stdout_contains("No errors in");

    let mut english = SiteTest::from_fixture("invalid/unknown_audience");
    english.edit("content/site.toml", |s| s + "language = \"en\"\n").build().assert_exit(1);
    english
        .stderr_contains("content/tin-tuc/trach-nhiem-dong.md:4:1: error: unknown audience `nguoi-lao-dong`")
        .stderr_contains("hint: did you mean `nguoi-lao-dong-doanh-nghiep`?")
        .stderr_contains("1 error");
    // The same site in Vietnamese, and an English site asked for Vietnamese.
    let mut vietnamese = SiteTest::from_fixture("invalid/unknown_audience");
    vietnamese.build().assert_exit(1).stderr_contains("lỗi: không có đối tượng `nguoi-lao-dong`");
    english.arg("--lang").arg("vi").check().assert_exit(1).stderr_contains("không có đối tượng");
}

#[test]
fn errors_of_a_broken_site_toml_follow_its_language_line() {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.write("content/site.toml", "language = \"en\"\ntitle = \"T\"\nbase_url = 5 5\n").check().assert_exit(1);
    test.stderr_contains("content/site.toml:3:")
        .stderr_contains("error: site.toml: the value of `base_url` must be quoted");
    test.write("content/site.toml", "title = \"T\"\nbase_url = 5 5\n").check().assert_exit(1);
    test.stderr_contains("lỗi: site.toml: giá trị của `base_url` phải đặt trong ngoặc kép");
}

// ---------------------------------------------------------------------------------------------
// loa new

#[test]
fn new_creates_every_kind_with_front_matter_that_passes_check() {
    let cases = [
        ("article", "Gia hạn thẻ BHYT trực tuyến", "content/tin-tuc/gia-han-the-bhyt-truc-tuyen.md"),
        ("infographic", "Mức đóng BHYT hộ gia đình", "content/infographic/muc-dong-bhyt-ho-gia-dinh.md"),
        ("campaign", "Tháng tri ân người cao tuổi", "content/chien-dich/thang-tri-an-nguoi-cao-tuoi.md"),
        ("audience", "Người cao tuổi", "content/doi-tuong/nguoi-cao-tuoi.md"),
        ("faq", "Mất thẻ BHYT thì làm lại ở đâu?", "content/hoi-dap/mat-the-bhyt-thi-lam-lai-o-dau.md"),
        ("page", "Liên hệ", "content/trang/lien-he.md"),
    ];
    let mut test = editorial();
    for (kind, title, path) in cases {
        loa(&mut test, &["new", kind, title], JUNE_19).assert_ok().stdout_is(&format!("{path}\n"));
        let text = read(&test, path);
        assert!(text.starts_with("+++\n"), "{text}");
        assert!(text.contains(&format!("title = \"{title}\"\n")), "{text}");
        assert!(text.contains("date = 2027-06-19\n"), "today in the site's time zone:\n{text}");
        assert!(text.contains("draft = true\n"), "{text}");
        test.stderr_contains("draft = false");
    }
    // Every new file is valid as written (drafts are checked like everything else) ...
    test.check().assert_ok().stderr_lacks("lỗi");
    // ... but taken out of draft as written, what `loa new` left to write is an error each:
    // the guide comment as the whole body, the generic alt, the title as the transcript.
    for (_, _, path) in cases {
        test.edit(path, |s| s.replace("draft = true", "draft = false"));
    }
    test.check().assert_exit(1);
    for (kind, _, path) in cases {
        if !matches!(kind, "campaign" | "audience") {
            test.stderr_contains(path);
        }
    }
    test.stderr_contains("`alt` vẫn là chữ mẫu").stderr_contains("phần chữ thay thế mới chỉ có tiêu đề");
    test.build().assert_exit(1);
    // Once written, they publish.
    for (kind, _, path) in cases {
        test.edit(path, |s| {
            let s = s.replace("alt = \"Infographic: Mức đóng BHYT hộ gia đình\"", "alt = \"Bảng mức đóng BHYT theo số người trong hộ\"");
            let text = match kind {
                "infographic" => "Người thứ nhất đóng 4,5% mức lương cơ sở; người thứ hai, thứ ba, thứ tư đóng lần lượt 70%, 60%, 50% mức của người thứ nhất; từ người thứ năm đóng 40%.",
                _ => "Người dân liên hệ bộ phận một cửa của BHXH huyện hoặc gọi tổng đài 1900 9068 để được hướng dẫn.",
            };
            format!("{s}\n{text}\n")
        });
    }
    test.check().assert_ok().stderr_lacks("lỗi");
    test.build().assert_ok().assert_file("tin-tuc/gia-han-the-bhyt-truc-tuyen/index.html");
}

#[test]
fn new_infographic_without_a_picture_gets_a_placeholder_and_says_so() {
    let mut test = editorial();
    loa(&mut test, &["new", "infographic", "Tỷ lệ bao phủ BHYT"], JUNE_19)
        .assert_ok()
        .stderr_contains("Chưa có ảnh (--image)")
        .stderr_contains("content/infographic/ty-le-bao-phu-bhyt.svg");
    let text = read(&test, "content/infographic/ty-le-bao-phu-bhyt.md");
    assert!(text.contains("image = \"ty-le-bao-phu-bhyt.svg\""), "{text}");
    assert!(text.contains("alt = \"Infographic: Tỷ lệ bao phủ BHYT\""), "{text}");
    assert!(text.contains("# Bản dọc cho điện thoại (không bắt buộc)"), "{text}");
    assert!(text.contains("\n# image_portrait = \"ty-le-bao-phu-bhyt-doc.png\"\n"), "{text}");
    assert!(read(&test, "content/infographic/ty-le-bao-phu-bhyt.svg").contains("viewBox"));

    // With --image, the picture is copied beside the file under the item's name.
    let picture = fixtures_dir().join("editorial/site/content/infographic/ty-le-dong.png");
    let picture = picture.to_string_lossy().into_owned();
    loa(&mut test, &["new", "infographic", "Biểu đồ mới", "--image", &picture], JUNE_19).assert_ok();
    assert!(read(&test, "content/infographic/bieu-do-moi.md").contains("image = \"bieu-do-moi.png\""));
    assert_eq!(fs::read(test.root().join("content/infographic/bieu-do-moi.png")).unwrap(), fs::read(&picture).unwrap());
    test.check().assert_ok().stderr_lacks("lỗi");
    loa(&mut test, &["new", "infographic", "X", "--image", "khong-co.png"], JUNE_19)
        .assert_exit(2)
        .stderr_contains("--image");
}

#[test]
fn new_slug_is_nfc_safe_and_collision_safe() {
    let mut test = editorial();
    // "Bảo hiểm" typed decomposed (NFD), as text pasted from some tools arrives.
    let decomposed = "Ba\u{309}o hie\u{302}\u{309}m cho ngu\u{31b}o\u{31b}\u{300}i lao \u{111}o\u{323}\u{302}ng";
    loa(&mut test, &["new", "article", decomposed], JUNE_19)
        .assert_ok()
        .stdout_is("content/tin-tuc/bao-hiem-cho-nguoi-lao-dong.md\n");
    let text = read(&test, "content/tin-tuc/bao-hiem-cho-nguoi-lao-dong.md");
    assert!(text.contains("title = \"Bảo hiểm cho người lao động\""), "the title is written in NFC:\n{text}");
    loa(&mut test, &["new", "article", "Bảo hiểm cho người lao động"], JUNE_19)
        .assert_ok()
        .stdout_is("content/tin-tuc/bao-hiem-cho-nguoi-lao-dong-2.md\n");
    loa(&mut test, &["new", "article", "Bảo hiểm cho người lao động!"], JUNE_19)
        .assert_ok()
        .stdout_is("content/tin-tuc/bao-hiem-cho-nguoi-lao-dong-3.md\n");
    // A URL taken by an item whose `slug` differs from its file name is taken too.
    test.write("content/tin-tuc/ten-khac.md", "+++\ntitle = \"A\"\nslug = \"thong-bao\"\n+++\n");
    loa(&mut test, &["new", "article", "Thông báo"], JUNE_19).assert_ok().stdout_is("content/tin-tuc/thong-bao-2.md\n");
    assert!(!test.root().join("content/tin-tuc/thong-bao.md").exists());
    loa(&mut test, &["new", "article", "!!!"], JUNE_19).assert_exit(2);
}

#[test]
fn new_with_a_campaign_is_published_when_its_next_window_opens() {
    let mut test = editorial();
    loa(
        &mut test,
        &["new", "article", "BHYT học sinh", "--campaign", "ngay-bhyt-viet-nam", "--audience", "hoc-sinh-sinh-vien"],
        JUNE_19,
    )
    .assert_ok()
    .stderr_contains("01/07/2027 00:00");
    let text = read(&test, "content/tin-tuc/bhyt-hoc-sinh.md");
    assert!(text.contains("publish_at = 2027-07-01T00:00:00+07:00\n"), "{text}");
    assert!(text.contains("campaign = \"ngay-bhyt-viet-nam\"\n"), "{text}");
    assert!(text.contains("audiences = [\"hoc-sinh-sinh-vien\"]\n"), "{text}");
    // After this year's window, the next year's.
    loa(&mut test, &["new", "article", "Sau ngày BHYT", "--campaign", "ngay-bhyt-viet-nam"], "2027-07-02T08:00:00")
        .assert_ok();
    assert!(read(&test, "content/tin-tuc/sau-ngay-bhyt.md").contains("publish_at = 2028-07-01T00:00:00+07:00\n"));
    // --publish-at wins, read in the site's time zone.
    loa(
        &mut test,
        &[
            "new",
            "faq",
            "Hỏi",
            "--campaign",
            "thang-bhxh-toan-dan",
            "--publish-at",
            "2027-08-15T07:30",
            "--topic",
            "bhyt",
        ],
        JUNE_19,
    )
    .assert_ok();
    let text = read(&test, "content/hoi-dap/hoi.md");
    assert!(text.contains("publish_at = 2027-08-15T07:30:00+07:00\n"), "{text}");
    assert!(text.contains("topics = [\"bhyt\"]\n"), "{text}");
    test.check().assert_ok().stderr_lacks("lỗi");
}

#[test]
fn new_rejects_unknown_slugs_with_a_suggestion_and_writes_nothing() {
    let mut test = editorial();
    let before = test.snapshot();
    for (flag, wrong, suggestion) in [
        ("--audience", "hoc-sinh", "có phải ý bạn là `hoc-sinh-sinh-vien`?"),
        ("--campaign", "ngay-bhyt", "có phải ý bạn là `ngay-bhyt-viet-nam`?"),
        ("--topic", "bhytt", "có phải ý bạn là `bhyt`?"),
    ] {
        loa(&mut test, &["new", "article", "Bài mới", flag, wrong], JUNE_19)
            .assert_exit(2)
            .stderr_contains(&format!("{flag}: "))
            .stderr_contains(&format!("`{wrong}`"))
            .stderr_contains(suggestion);
    }
    loa(&mut test, &["new", "article", "Bài mới", "--publish-at", "mai"], JUNE_19).assert_exit(2);
    loa(&mut test, &["new", "bai-hat", "Bài mới"], JUNE_19).assert_exit(2);
    crate::helpers::assert_same_tree(&before, &test.snapshot(), "the site root");
}

// ---------------------------------------------------------------------------------------------
// loa plan

#[test]
fn plan_shows_audiences_by_campaigns_and_writes_the_page_outside_the_portal() {
    let mut test = editorial();
    loa(&mut test, &["plan", "--year", "2027"], JUNE_19).assert_ok();
    let out = test.stdout();
    let row = |name: &str| out.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{name}:\n{out}"));
    // Columns: [1] Tháng vận động (May), [2] Ngày BHYT (1/7).
    let cells = |line: &str| {
        let words: Vec<&str> = line.split_whitespace().collect();
        words[words.len() - 2..].join(" ")
    };
    // Nothing for workers in May yet; the scheduled article covers them on 1/7. Students are
    // not a target of May's campaign, and nothing is planned for them on 1/7.
    assert_eq!(cells(row("Người lao động và doanh nghiệp")), "0! 1", "{out}");
    assert_eq!(cells(row("Học sinh, sinh viên")), "– 0!", "{out}");
    assert!(out.contains("[2] Ngày BHYT Việt Nam (01/07)"), "{out}");
    let page = read(&test, ".loa/plan-2027.html");
    assert!(page.contains("Quyền lợi BHYT của người lao động"), "the scheduled article is listed");
    assert!(page.contains("class=\"gap\""), "{page}");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));

    // The page never lands in the portal.
    test.build().assert_ok().assert_nowhere("Kế hoạch nội dung").assert_no_file("plan-2027.html");
    for inside in ["public/ke-hoach.html", "content/ke-hoach.html", "themes/default/static/ke-hoach.html"] {
        let path = test.root().join(inside);
        loa(&mut test, &["plan", "--year", "2027", "--out-file", &path.to_string_lossy()], JUNE_19)
            .assert_exit(2)
            .stderr_contains("không ghi kế hoạch");
        assert!(!path.exists(), "{inside} was written");
    }
    // Nor in another folder loa publishes into, however the path is written.
    let elsewhere = test.beside("web");
    test.out(&elsewhere).build().assert_ok();
    let detour = test.root().join("..").join("web").join("ke-hoach.html");
    loa(&mut test, &["plan", "--year", "2027", "--out-file", &detour.to_string_lossy()], JUNE_19).assert_exit(2);
    assert!(!elsewhere.join("ke-hoach.html").exists());
    let outside = test.beside("ke-hoach.html");
    loa(&mut test, &["plan", "--out-file", &outside.to_string_lossy()], JUNE_19).assert_ok();
    assert!(fs::read_to_string(&outside).unwrap().contains("2027"));
}

#[test]
fn a_year_typo_in_publish_at_is_a_warning_naming_the_line() {
    let mut test = editorial();
    // 2062 for 2027: the article would silently stay off the site for 35 years.
    test.write(
        "content/tin-tuc/lich-chi-tra.md",
        "+++\ntitle = \"Lịch chi trả lương hưu tháng 7\"\ndate = 2027-06-19\n\
         publish_at = 2062-06-20T08:00:00+07:00\n+++\n\nLương hưu tháng 7 được chi trả từ ngày 2.\n",
    );
    test.check().assert_ok().stderr_contains(
        "content/tin-tuc/lich-chi-tra.md:4:1: cảnh báo: `publish_at` là 2062-06-20T08:00:00+07:00, hơn một năm nữa",
    );
    test.build().assert_ok().stderr_contains("lich-chi-tra.md:4:1");
    // A year after its own date, even when that is near: the same slip the other way.
    test.edit("content/tin-tuc/lich-chi-tra.md", |s| {
        s.replace("date = 2027-06-19", "date = 2026-01-02").replace("2062", "2027")
    });
    test.check().assert_ok().stderr_contains("hơn một năm sau `date`");
    // A date within the year is not a typo.
    test.edit("content/tin-tuc/lich-chi-tra.md", |s| s.replace("date = 2026-01-02", "date = 2027-06-01"));
    test.check().assert_ok().stderr_lacks("lich-chi-tra.md:4");
}

#[test]
fn an_article_without_text_is_an_error_and_the_output_stays_as_it_was() {
    let mut test = editorial();
    test.write("content/tin-tuc/chua-viet.md", "+++\ntitle = \"Chưa viết\"\n+++\n\n<!-- Viết nội dung ở đây -->\n");
    test.check().assert_exit(1).stderr_contains("content/tin-tuc/chua-viet.md:5:1: lỗi: bài chưa có nội dung");
    let before = test.snapshot_public();
    test.build().assert_exit(1);
    assert_eq!(before, test.snapshot_public());
    // As a draft it may wait.
    test.edit("content/tin-tuc/chua-viet.md", |s| s.replace("+++\n\n", "draft = true\n+++\n\n"));
    test.check().assert_ok();
}

#[test]
fn check_ends_with_what_goes_live_in_the_next_seven_days() {
    let mut test = editorial();
    test.write(
        "content/tin-tuc/nghi-le.md",
        "+++\ntitle = \"Lịch nghỉ lễ Quốc khánh\"\ndate = 2027-06-19\npublish_at = 2027-06-21T07:30:00+07:00\n+++\n\n\
         Bộ phận một cửa nghỉ lễ Quốc khánh theo lịch chung của cơ quan nhà nước.\n",
    );
    test.write(
        "content/tin-tuc/sau-tuan.md",
        "+++\ntitle = \"Tin của tháng sau\"\ndate = 2027-06-19\npublish_at = 2027-07-10T08:00:00+07:00\n+++\n\n\
         Tin này lên trang sau 7 ngày nên không nằm trong bản tóm tắt.\n",
    );
    test.check()
        .assert_ok()
        .stdout_contains("Trong 7 ngày tới")
        .stdout_contains("07:30 Thứ Hai, 21/06/2027")
        .stdout_contains("Lịch nghỉ lễ Quốc khánh  (content/tin-tuc/nghi-le.md)");
    assert!(!test.stdout().contains("Tin của tháng sau"), "{}", test.stdout());
}
