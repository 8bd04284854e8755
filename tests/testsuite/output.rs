//! The output folder: deterministic bytes, untouched files on a no-op rebuild, identity kept
//! for unchanged files, refusal of dangerous `--out` folders, and theme overrides.

use std::path::{Path, PathBuf};

use crate::helpers::{assert_same_tree, snapshot, SiteTest};

#[test]
fn same_input_and_now_give_byte_identical_output() {
    let mut test = SiteTest::from_fixture("build/basic");
    let (a, b) = (test.beside("out-a"), test.beside("out-b"));
    test.out(&a).build().assert_ok();
    let first = test.public_files();
    test.out(&b).build().assert_ok();
    let second = test.public_files();
    assert_eq!(first, second, "the two builds wrote different files");
    assert!(first.len() > 20, "{first:?}");
    for file in &first {
        let (x, y) = (std::fs::read(a.join(file)).unwrap(), std::fs::read(b.join(file)).unwrap());
        assert!(x == y, "{file} differs between two builds with the same --now");
    }
    assert!(!test.root().join("public").exists(), "--out was given; ROOT/public must not be written");
}

#[test]
fn rebuild_without_changes_touches_no_file() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.build().assert_ok();
    let before = test.snapshot_public();
    assert!(before.len() > 20);
    // --force: every page rendered again, so it is the output commit that must see nothing
    // changed (without it the build manifest skips the build before any page is written).
    test.arg("--force").build().assert_ok();
    assert!(!test.stdout().contains("Không có gì thay đổi"), "the build was skipped:\n{}", test.stdout());
    assert_same_tree(&before, &test.snapshot_public(), "public/ after a no-op rebuild");
}

#[test]
fn rebuild_after_editing_one_article_keeps_other_files_identity() {
    let mut test = SiteTest::from_fixture("build/basic");
    test.build().assert_ok();
    let before = test.snapshot_public();
    test.edit("content/tin-tuc/bhyt-hoc-sinh-sinh-vien.md", |s| {
        s + "\nPhụ huynh có thể tra cứu thẻ của con trên ứng dụng VssID. TOKENSUABAI\n"
    });
    test.build().assert_ok();
    let after = test.snapshot_public();
    let edited = "tin-tuc/bhyt-hoc-sinh-sinh-vien/index.html";
    assert!(String::from_utf8_lossy(&after[edited].bytes).contains("TOKENSUABAI"));
    let mut kept = 0;
    // loa's own marker file is checked on its own below.
    let built = |path: &str| !path.is_empty() && path != ".loa-output";
    for (path, old) in before.iter().filter(|(p, e)| !e.is_dir && built(p)) {
        let Some(new) = after.get(path) else { continue };
        if new.bytes == old.bytes {
            assert_eq!(new.ino, old.ino, "{path} did not change but lost its identity");
            kept += 1;
        }
    }
    assert!(kept > 20, "only {kept} files kept their identity");
    for path in ["index.html", "gioi-thieu/index.html", "infographic/ty-le-dong.png", "style.css"] {
        assert_eq!(before[path].ino, after[path].ino, "{path}");
        assert_eq!(before[path].mtime, after[path].mtime, "{path}");
    }
}

#[test]
fn marker_file_keeps_its_identity_when_other_files_change() {
    // `.loa-output` is published with the site (a sync uploads it like any file), and its
    // bytes never change: a build that changes one article must not rewrite it.
    let mut test = SiteTest::from_fixture("build/basic");
    test.build().assert_ok();
    let before = test.snapshot_public();
    test.edit("content/tin-tuc/bhyt-hoc-sinh-sinh-vien.md", |s| s + "\nThêm một câu. TOKENSUABAI\n");
    test.build().assert_ok();
    let after = test.snapshot_public();
    assert!(String::from_utf8_lossy(&after["tin-tuc/bhyt-hoc-sinh-sinh-vien/index.html"].bytes).contains("TOKENSUABAI"));
    let (old, new) = (&before[".loa-output"], &after[".loa-output"]);
    assert_eq!(old.bytes, new.bytes);
    assert_eq!(
        (old.ino, old.mtime),
        (new.ino, new.mtime),
        ".loa-output was rewritten although its bytes did not change"
    );
}

/// Runs `loa build --out <out>` and checks it is refused as a usage error with nothing written.
fn refuses_out(out: &dyn Fn(&Path) -> PathBuf, words: &str) {
    let mut test = SiteTest::from_fixture("build/minimal");
    let out = out(test.root());
    let root_before = test.snapshot();
    let outside_before = snapshot(test.temp_dir()).len();
    test.arg("--lang").arg("en").out(&out).build().assert_exit(2).stderr_contains("refusing").stderr_contains(words);
    assert_same_tree(&root_before, &test.snapshot(), "the site root");
    assert_eq!(snapshot(test.temp_dir()).len(), outside_before, "something was written");
    assert!(!test.root().join("public").exists());
    assert!(!Path::new("/.loa-output").exists());
}

#[test]
fn refuses_content_folder_as_output() {
    refuses_out(&|root| root.join("content"), "content folder");
}

#[test]
fn refuses_site_root_as_output() {
    refuses_out(&|root| root.to_path_buf(), "root folder");
}

#[test]
fn refuses_filesystem_root_as_output() {
    refuses_out(&|_| Path::new("/").to_path_buf(), "root of the filesystem");
}

#[test]
fn site_theme_overrides_default_template() {
    let mut test = SiteTest::from_fixture("output/theme_override");
    test.build().assert_ok();
    test.assert_file_contains("lien-he/index.html", "TOKENGIAODIEN")
        .assert_file_contains("lien-he/index.html", "Trụ sở: số 1 đường Trần Phú")
        // Only page.html is overridden: other pages still use the embedded theme.
        .assert_file_lacks("index.html", "TOKENGIAODIEN")
        .assert_file_contains("index.html", "Chuyển đến nội dung chính");
}

#[test]
fn named_theme_templates_are_used() {
    let mut test = SiteTest::from_fixture("output/named_theme");
    test.build().assert_ok();
    test.assert_file_contains("lien-he/index.html", "TOKENBIENTHE")
        .assert_file_contains("lien-he/index.html", "Trụ sở: số 1 đường Trần Phú")
        .assert_file_lacks("index.html", "TOKENBIENTHE");
}
