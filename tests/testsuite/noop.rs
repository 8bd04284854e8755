//! The build manifest (`ROOT/.loa/build/`): a build with nothing changed renders nothing and
//! touches nothing, and every change of what the output depends on (content, theme, site.toml,
//! strings files, options, the clock crossing a publication instant or a midnight, the output
//! folder itself) gives a real build whose output is what a fresh build writes.

use std::fs;

use crate::helpers::{assert_same_tree, snapshot, SiteTest};

const NOTHING_CHANGED: &str = "Không có gì thay đổi kể từ lần dựng trước";

/// The last build was skipped: it said so and printed the usual summary with nothing written.
fn assert_skipped(test: &mut SiteTest) {
    test.assert_ok().stdout_contains(NOTHING_CHANGED).stdout_contains(" 0 tệp ghi mới");
}

/// The last build really built.
fn assert_built(test: &mut SiteTest) {
    let stdout = test.stdout();
    test.assert_ok();
    assert!(!stdout.contains(NOTHING_CHANGED), "the build was skipped:\n{stdout}");
}

/// The output folder holds exactly what a fresh build (into a new folder, so without any
/// manifest of its own) writes with the same arguments.
fn assert_same_as_fresh_build(test: &mut SiteTest) {
    let public = test.public();
    let fresh = test.beside(&format!("fresh-{}", fs::read_dir(test.temp_dir()).unwrap().count()));
    test.out(&fresh).build();
    assert_built(test);
    let (built, expected) = (snapshot(&public), snapshot(&fresh));
    let bytes = |s: &crate::helpers::Snapshot| -> Vec<(String, Vec<u8>)> {
        s.iter().filter(|(p, _)| !p.is_empty()).map(|(p, e)| (p.clone(), e.bytes.clone())).collect()
    };
    assert!(bytes(&built) == bytes(&expected), "the output differs from a fresh build's");
    fs::remove_dir_all(&fresh).unwrap();
    test.out(public);
}

#[test]
fn rebuild_with_nothing_changed_touches_nothing_and_says_so() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.build();
    assert_built(&mut test);
    let summary = test.stdout();
    let before = test.snapshot_public();
    test.build();
    assert_skipped(&mut test);
    // The usual summary line, with the same figures.
    let figures = |s: &str| s.lines().next().unwrap().split(" trong ").next().unwrap().to_string();
    assert_eq!(figures(&test.stdout()), figures(&summary));
    assert_same_tree(&before, &test.snapshot_public(), "public/ after a skipped build");
    assert!(test.root().join(".loa/build").is_dir());
    // --force renders everything, and still touches no file whose bytes are the same.
    test.arg("--force").build();
    assert_built(&mut test);
    assert_same_tree(&before, &test.snapshot_public(), "public/ after a forced build");
}

#[test]
fn a_skipped_build_repeats_the_warnings_of_the_build_it_stands_for() {
    let mut test = SiteTest::from_fixture("languages/site");
    test.build();
    assert_built(&mut test);
    let warnings = test.stderr();
    assert!(warnings.contains("cảnh báo: giao diện tiếng Hmoob (hmn) thiếu"), "{warnings}");
    test.build();
    assert_skipped(&mut test);
    assert_eq!(test.stderr(), warnings);
    // Messages in another language are another build's.
    test.arg("--lang").arg("en").build();
    assert_built(&mut test);
    assert!(test.stderr().contains("warning"), "{}", test.stderr());
}

#[test]
fn edited_content_template_site_toml_and_new_image_are_built() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.build();
    assert_built(&mut test);

    test.edit("content/tin-tuc/dong-bhxh-tu-nguyen.md", |s| s + "\nMã kiểm tra: TOKENSUA1.\n").build();
    assert_built(&mut test);
    test.assert_file_contains("tin-tuc/dong-bhxh-tu-nguyen/index.html", "TOKENSUA1");
    assert_same_as_fresh_build(&mut test);

    let page = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/page.html");
    let page = fs::read_to_string(page).unwrap().replace("{% block content %}", "{% block content %}TOKENMAU");
    test.write("themes/default/templates/page.html", page).build();
    assert_built(&mut test);
    test.assert_file_contains("gioi-thieu/index.html", "TOKENMAU");
    assert_same_as_fresh_build(&mut test);
    test.build();
    assert_skipped(&mut test);

    test.edit("content/site.toml", |s| s.replace("hotline = \"1900 9068\"", "hotline = \"1900 0000\"")).build();
    assert_built(&mut test);
    test.assert_file_contains("index.html", "1900 0000");
    assert_same_as_fresh_build(&mut test);

    let png = fs::read(test.root().join("content/infographic/ty-le-dong.png")).unwrap();
    test.write("content/tin-tuc/anh-moi.png", png).build();
    assert_built(&mut test);
    test.assert_file("tin-tuc/anh-moi.png");
    assert_same_as_fresh_build(&mut test);
    test.build();
    assert_skipped(&mut test);
}

#[test]
fn an_edited_strings_file_outside_content_is_built() {
    let mut test = SiteTest::from_fixture("languages/site");
    test.write("i18n/hmn.toml", "home = \"TOKENHMONG1\"\n")
        .edit("content/site.toml", |s| s.replace("name = \"Hmoob\"", "name = \"Hmoob\"\nstrings = \"i18n/hmn.toml\""))
        .build();
    assert_built(&mut test);
    assert!(!test.grep_public("TOKENHMONG1").is_empty());
    test.build();
    assert_skipped(&mut test);
    test.write("i18n/hmn.toml", "home = \"TOKENHMONG2\"\n").build();
    assert_built(&mut test);
    assert!(test.grep_public("TOKENHMONG1").is_empty());
    assert!(!test.grep_public("TOKENHMONG2").is_empty());
}

#[test]
fn a_scheduled_item_appears_at_its_publication_instant_after_a_skippable_build() {
    // thong-bao-chi-tra-tet is published at 2026-12-01T07:00 site time.
    let mut test = SiteTest::from_fixture("publication/schedule");
    test.now("2026-12-01T06:59:00").build();
    assert_built(&mut test);
    test.assert_nowhere("TOKENHENGIO");
    // A manifest that allows skipping: a minute later, nothing has changed yet.
    test.now("2026-12-01T06:59:59").build();
    assert_skipped(&mut test);
    test.assert_nowhere("TOKENHENGIO");
    // The same day (no midnight in between), at the publication instant.
    test.now("2026-12-01T07:00:00").build();
    assert_built(&mut test);
    test.assert_file_contains("tin-tuc/thong-bao-chi-tra-tet/index.html", "TOKENHENGIO");
    assert_same_as_fresh_build(&mut test);
    // A build for an earlier instant is never taken from a later one's manifest.
    test.now("2026-12-01T06:59:30").build();
    assert_built(&mut test);
    test.assert_nowhere("TOKENHENGIO");
}

#[test]
fn a_coming_campaign_counts_down_at_midnight() {
    // Tết an sinh opens on 15 December: its page says how many days are left until then.
    let mut test = SiteTest::from_fixture("build/basic");
    test.now("2026-11-22T23:59:00").build();
    assert_built(&mut test);
    test.assert_file_contains("chien-dich/tet-an-sinh/index.html", "23 ngày nữa");
    test.now("2026-11-23T00:00:01").build();
    assert_built(&mut test);
    test.assert_file_contains("chien-dich/tet-an-sinh/index.html", "22 ngày nữa");
    assert_same_as_fresh_build(&mut test);
}

#[test]
fn a_changed_output_folder_is_built_again() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.build();
    assert_built(&mut test);
    let index = test.file("index.html");
    let before = test.snapshot_public();

    fs::remove_file(test.public().join("gioi-thieu/index.html")).unwrap();
    test.build();
    assert_built(&mut test);
    test.assert_file("gioi-thieu/index.html");

    // Same length, other bytes.
    fs::write(test.public().join("index.html"), "x".repeat(index.len())).unwrap();
    test.build();
    assert_built(&mut test);
    assert_eq!(test.file("index.html"), index);

    fs::write(test.public().join("la.html"), "không phải của loa").unwrap();
    test.build();
    assert_built(&mut test);
    test.assert_no_file("la.html");
    let after = test.snapshot_public();
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    test.build();
    assert_skipped(&mut test);
}

#[test]
fn preview_flags_and_output_folders_have_their_own_builds() {
    let mut test = SiteTest::from_fixture("publication/schedule");
    test.build();
    assert_built(&mut test);
    test.assert_nowhere("TOKENBANNHAP");
    test.arg("--drafts").build();
    assert_built(&mut test);
    test.assert_file_contains("tin-tuc/du-thao-ke-hoach/index.html", "TOKENBANNHAP");
    test.clear_args().arg("--future").build();
    assert_built(&mut test);
    test.assert_nowhere("TOKENBANNHAP");
    test.assert_file_contains("tin-tuc/thong-bao-chi-tra-tet/index.html", "TOKENHENGIO");
    test.clear_args().build();
    assert_built(&mut test);
    test.assert_nowhere("TOKENHENGIO");
    test.assert_nowhere("TOKENBANNHAP");
    test.build();
    assert_skipped(&mut test);
    // Another output folder is built on its own; the first keeps its manifest.
    let other = test.beside("khac");
    test.out(&other).build();
    assert_built(&mut test);
    test.build();
    assert_skipped(&mut test);
    let public = test.root().join("public");
    test.out(public).build();
    assert_skipped(&mut test);
}

#[test]
fn an_unreadable_manifest_means_a_full_build_never_an_error() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.build();
    assert_built(&mut test);
    let dir = test.root().join(".loa/build");
    let manifests: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(manifests.len(), 1);
    let text = fs::read_to_string(&manifests[0]).unwrap();
    for broken in [&text[..text.len() / 2], "", "{\"format\": 999}", "\u{0}\u{1}rác"] {
        fs::write(&manifests[0], broken).unwrap();
        test.build();
        assert_built(&mut test);
        assert_eq!(test.stderr(), "");
        test.build();
        assert_skipped(&mut test);
    }
    // A manifest that says the build is right until the year 3000 is still checked against
    // the content it was made from.
    let text = fs::read_to_string(&manifests[0]).unwrap();
    let until = text.split("\"stable_until\":\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    fs::write(&manifests[0], text.replace(&until, "3000-01-01T00:00:00Z")).unwrap();
    test.edit("content/tin-tuc/dong-bhxh-tu-nguyen.md", |s| s + "\nTOKENSUA2\n").build();
    assert_built(&mut test);
    test.assert_file_contains("tin-tuc/dong-bhxh-tu-nguyen/index.html", "TOKENSUA2");
    // Deleting .loa/ is always safe.
    fs::remove_dir_all(test.root().join(".loa")).unwrap();
    test.build();
    assert_built(&mut test);
    test.build();
    assert_skipped(&mut test);
}

#[test]
fn check_and_failed_builds_leave_the_manifest_alone() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.build();
    assert_built(&mut test);
    let before = snapshot(&test.root().join(".loa/build"));
    test.check().assert_ok();
    test.edit("content/tin-tuc/dong-bhxh-tu-nguyen.md", |s| s.replacen("+++", "+++\nkhong_co_truong_nay = 1", 1));
    test.build().assert_exit(1);
    assert_same_tree(&before, &snapshot(&test.root().join(".loa/build")), ".loa/build after a failed build");
    test.edit("content/tin-tuc/dong-bhxh-tu-nguyen.md", |s| s.replacen("\nkhong_co_truong_nay = 1", "", 1));
    // Back to the content the manifest was made from: the output is still that build's.
    test.build();
    assert_skipped(&mut test);
}
