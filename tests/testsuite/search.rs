//! Search: the index the build writes beside the search page, read back the way the browser
//! reads it (`loa::search::reader`, the same rules as the theme's search.js).

use std::path::{Path, PathBuf};

use loa::search::reader::{open_dir, Outcome};

use crate::helpers::SiteTest;

const DEMO_NOW: &str = "2026-11-22T08:00:00";

fn demo() -> SiteTest {
    let mut test = SiteTest::from_content_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    test.now(DEMO_NOW).build().assert_ok();
    test
}

fn search(dir: &Path, q: &str, filters: &[(&str, &str)]) -> Outcome {
    open_dir(dir).unwrap().search(q, filters).unwrap()
}

fn titles(o: &Outcome) -> Vec<&str> {
    o.shown.iter().map(|s| s.title.as_str()).collect()
}

#[test]
fn demo_search_folds_marks_and_d() {
    let mut test = demo();
    let dir: PathBuf = test.public().join("tim-kiem");
    test.assert_file("tim-kiem/index.html").assert_file("tim-kiem/index.json");

    // "bao hiem" finds "bảo hiểm", and a title match comes first.
    let folded = search(&dir, "bao hiem", &[]);
    let marked = search(&dir, "bảo hiểm", &[]);
    assert!(folded.matches > 20, "bao hiem: {} matches", folded.matches);
    assert_eq!(titles(&folded), titles(&marked), "typing the marks or not gives the same results");
    let first = folded.shown[0].title.to_lowercase();
    assert!(first.contains("bảo hiểm"), "the first result has the words in its title: {first}");

    // "dong" finds "đóng" (Pagefind's tokenizer keeps đ apart from d).
    let dong = search(&dir, "dong", &[]);
    assert!(
        dong.shown.iter().any(|s| s.fragment["x"].as_str().unwrap_or_default().contains("đóng")),
        "dong finds đóng: {:?}",
        titles(&dong)
    );
    assert_eq!(dong.matches, search(&dir, "ĐÓNG", &[]).matches);
}

#[test]
fn demo_search_phrases_filters_and_sizes() {
    let test = demo();
    let dir = test.public().join("tim-kiem");

    // A quoted phrase: the syllables in order, so fewer matches than the free syllables.
    let free = search(&dir, "y te hoc sinh", &[]);
    let phrase = search(&dir, "\"bảo hiểm y tế học sinh\"", &[]);
    assert!(!phrase.shown.is_empty(), "the phrase is in the demo");
    assert!(phrase.matches < free.matches, "phrase {} < free {}", phrase.matches, free.matches);
    for s in &phrase.shown {
        // Punctuation between the syllables does not break a phrase ("Bảo hiểm y tế, học sinh").
        let words = |v: &serde_json::Value| -> String {
            let text = v.as_str().unwrap_or_default().to_lowercase();
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
        };
        let fields = [&s.fragment["t"], &s.fragment["s"], &s.fragment["x"]].map(words);
        assert!(fields.iter().any(|f| f.contains("bảo hiểm y tế học sinh")), "{} lacks the phrase", s.title);
    }
    // A word no document has: every shard exists, so it is a plain "no results".
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    for shard in 0..manifest["s"].as_u64().unwrap() {
        assert!(dir.join(format!("s/{shard:x}.bin")).is_file(), "shard {shard:x} is missing");
    }
    for q in ["xyzzy", "qwerty plugh", "\"khong co cum nay\""] {
        assert_eq!(search(&dir, q, &[]).matches, 0, "{q}");
    }
    let reversed = search(&dir, "\"sinh học tế y\"", &[]);
    assert!(reversed.shown.is_empty(), "the syllables out of order match nothing: {:?}", titles(&reversed));

    // Filters narrow by audience, topic and campaign.
    let all = search(&dir, "bhyt", &[]);
    let students = search(&dir, "bhyt", &[("a", "hoc-sinh-sinh-vien")]);
    assert!(students.matches > 0 && students.matches < all.matches, "{} of {}", students.matches, all.matches);
    let topic = search(&dir, "bhyt", &[("t", "bhyt"), ("c", "bhyt-hoc-sinh-sinh-vien")]);
    assert!(topic.matches > 0 && topic.matches <= students.matches.max(all.matches));

    // Only the shards of the query's terms, a few KB, and the first page's fragments.
    let shard_files = std::fs::read_dir(dir.join("s")).unwrap().count();
    assert!(shard_files > 1, "the index is sharded");
    for q in ["bao hiem", "dong", "\"bảo hiểm xã hội\""] {
        let o = search(&dir, q, &[]);
        let index: usize = o.fetched.iter().filter(|f| !f.0.starts_with("f/")).map(|f| f.1).sum();
        assert!(o.fetched.iter().filter(|f| f.0.starts_with("s/")).count() <= 3, "{q}: {:?}", o.fetched);
        assert!(index < 20 * 1024, "{q}: {index} bytes of index");
        assert!(o.bytes() < 100 * 1024, "{q}: {} bytes in all", o.bytes());
    }
}

#[test]
fn search_indexes_only_live_items() {
    let mut test = SiteTest::from_fixture("publication/schedule");
    test.now("2026-11-22T08:00:00").build().assert_ok();
    let dir = test.public().join("tim-kiem");
    assert_eq!(search(&dir, "tiếp công dân", &[]).shown[0].title, "Lịch tiếp công dân tháng 11");
    for token in ["TOKENHENGIO", "TOKENBANNHAP", "TOKENHETHAN", "TOKENCHIDATE"] {
        assert_eq!(search(&dir, token, &[]).matches, 0, "{token} is not live and must not be found");
    }
    // Once published, the scheduled article is found.
    let mut later = SiteTest::from_fixture("publication/schedule");
    later.now("2026-12-01T08:00:00").build().assert_ok();
    assert_eq!(search(&later.public().join("tim-kiem"), "TOKENHENGIO", &[]).matches, 1);
}
