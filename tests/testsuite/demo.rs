//! The demo portal in the repository's content/: it builds cleanly, every link resolves, and
//! its scheduled articles stay out until their time.

use std::fs;
use std::path::{Path, PathBuf};

use crate::helpers::SiteTest;

const DEMO_NOW: &str = "2026-11-22T08:00:00";

fn demo_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The articles of the demo whose `publish_at` (written as site time, with or without the
/// +07:00 offset) is after `now` (also site time, without offset): (file stem, title).
fn scheduled_after(now: &str) -> Vec<(String, String)> {
    let mut scheduled = Vec::new();
    let mut stack = vec![demo_content()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let front: Vec<&str> =
                text.lines().skip(1).take_while(|l| l.trim_end() != "+++" && l.trim_end() != "---").collect();
            let field = |key: &str| {
                front.iter().find_map(|l| {
                    let (k, v) = l.split_once(['=', ':'])?;
                    (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
                })
            };
            let Some(publish_at) = field("publish_at") else {
                continue;
            };
            let local = publish_at.trim_end_matches("+07:00");
            assert_eq!(local.len(), 19, "{}: publish_at {publish_at} is not site time", path.display());
            if local > now {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                scheduled.push((stem, field("title").expect("a title")));
            }
        }
    }
    scheduled.sort();
    scheduled
}

fn demo() -> SiteTest {
    let mut test = SiteTest::from_content_dir(&demo_content());
    test.now(DEMO_NOW).build().assert_ok();
    test
}

/// The demo is Vietnamese, so its messages are: an error is "lỗi", a dead link "không dẫn tới",
/// a missing file "không tồn tại", a link out of content/ "trỏ ra ngoài".
#[test]
fn demo_portal_builds_without_dead_links() {
    demo()
        .stderr_lacks("lỗi")
        .stderr_lacks("không dẫn tới")
        .stderr_lacks("không tồn tại")
        .stderr_lacks("trỏ ra ngoài")
        .assert_file("index.html")
        .assert_file("sitemap.xml")
        // Its household contributions chart has a portrait version for phones (issue 20).
        .assert_file_contains(
            "infographic/muc-dong-bhyt-ho-gia-dinh/index.html",
            "<source media=\"(max-width: 600px) and (orientation: portrait)\" \
             srcset=\"/infographic/muc-dong-bhyt-ho-gia-dinh-doc.svg 400w\"",
        )
        .assert_internal_links_resolve();
}

#[test]
fn demo_portal_hides_its_scheduled_articles() {
    let scheduled = scheduled_after(DEMO_NOW);
    assert_eq!(scheduled.len(), 3, "the demo should hold three scheduled articles: {scheduled:?}");
    let mut test = demo();
    for (slug, title) in &scheduled {
        test.assert_no_file(&format!("tin-tuc/{slug}/index.html")).assert_nowhere(slug).assert_nowhere(title);
    }
}
