//! Search: the index the build writes beside the search page, read back the way the browser
//! reads it (`loa::search::reader`, the same rules as the theme's search.js). The queries and
//! their expected results are the table tests/search/queries.json, which tests/search/run.mjs
//! also runs through search.js itself under node (tests/run), so the two cannot drift apart.

use std::path::{Path, PathBuf};

use loa::search::reader::{open_dir, Outcome};
use serde_json::Value;

use crate::helpers::SiteTest;

fn search(dir: &Path, q: &str, filters: &[(&str, &str)]) -> Outcome {
    open_dir(dir).unwrap().search(q, filters).unwrap()
}

fn titles(o: &Outcome) -> Vec<&str> {
    o.shown.iter().map(|s| s.title.as_str()).collect()
}

/// The words of a text, lowercased, single-spaced: punctuation does not break a phrase.
fn words(text: &Value) -> String {
    let text = text.as_str().unwrap_or_default().to_lowercase();
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The failures of one query of the table (see its `about`): empty when it holds.
fn check(dir: &Path, entry: &Value) -> Vec<String> {
    let q = entry["q"].as_str().unwrap();
    let filters: Vec<(&str, &str)> = entry["filters"]
        .as_object()
        .map(|f| f.iter().map(|(k, v)| (k.as_str(), v.as_str().unwrap())).collect())
        .unwrap_or_default();
    let o = search(dir, q, &filters);
    let other = |key: &str| search(dir, entry[key].as_str().unwrap(), &[]);
    let number = |key: &str| entry.get(key).and_then(Value::as_u64).map(|n| n as usize);
    let text = |key: &str| entry.get(key).and_then(Value::as_str);
    let first = o.shown.first().map_or("", |s| s.title.as_str());
    let mut fail = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            fail.push(what);
        }
    };
    if let Some(n) = number("matches") {
        expect(o.matches == n, format!("matches {}, want {n}", o.matches));
    }
    if let Some(n) = number("min_matches") {
        expect(o.matches >= n, format!("matches {} < {n}", o.matches));
    }
    if let Some(n) = number("shown") {
        expect(o.shown.len() == n, format!("shown {:?}", titles(&o)));
    }
    if let Some(n) = number("min_shown") {
        expect(o.shown.len() >= n, format!("shown {} < {n}", o.shown.len()));
    }
    if let Some(t) = text("first_title") {
        expect(first == t, format!("first {first}"));
    }
    if let Some(t) = text("first_title_has") {
        expect(first.to_lowercase().contains(t), format!("first {first}"));
    }
    if let Some(t) = text("shown_text_has") {
        expect(
            o.shown.iter().any(|s| s.fragment["x"].as_str().unwrap_or_default().contains(t)),
            format!("no text has {t}"),
        );
    }
    if let Some(t) = text("phrase_in_each") {
        for s in &o.shown {
            let fields = [&s.fragment["t"], &s.fragment["s"], &s.fragment["x"]].map(words);
            expect(fields.iter().any(|f| f.contains(t)), format!("{} lacks the phrase", s.title));
        }
    }
    if entry.get("same_shown_as").is_some() {
        let b = other("same_shown_as");
        expect(titles(&o) == titles(&b), format!("not the results of {}", entry["same_shown_as"]));
    }
    if entry.get("same_matches_as").is_some() {
        let b = other("same_matches_as");
        expect(
            o.matches == b.matches,
            format!("matches {}, {} has {}", o.matches, entry["same_matches_as"], b.matches),
        );
    }
    if entry.get("fewer_matches_than").is_some() {
        let b = other("fewer_matches_than");
        expect(o.matches < b.matches, format!("matches {}, not fewer than {}", o.matches, b.matches));
    }
    let index: usize = o.fetched.iter().filter(|f| !f.0.starts_with("f/")).map(|f| f.1).sum();
    let shards = o.fetched.iter().filter(|f| f.0.starts_with("s/")).count();
    if let Some(n) = number("max_shard_files") {
        expect(shards <= n, format!("{shards} shard files"));
    }
    if let Some(n) = number("max_index_bytes") {
        expect(index <= n, format!("{index} bytes of index"));
    }
    if let Some(n) = number("max_bytes") {
        expect(o.bytes() <= n, format!("{} bytes in all", o.bytes()));
    }
    fail
}

/// Builds one site of the table, as tests/search/run.mjs does.
fn build(site: &Value) -> SiteTest {
    let mut test = match (site.get("fixture"), site.get("content")) {
        (Some(fixture), _) => SiteTest::from_fixture(fixture.as_str().unwrap()),
        (None, Some(content)) => {
            SiteTest::from_content_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(content.as_str().unwrap()))
        }
        (None, None) => panic!("a site of the table needs `fixture` or `content`"),
    };
    test.now(site["now"].as_str().unwrap()).build().assert_ok();
    test
}

#[test]
fn the_query_table_holds_for_the_rust_reader() {
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/queries.json");
    let table: Value = serde_json::from_slice(&std::fs::read(&table).unwrap()).unwrap();
    let mut failures = Vec::new();
    for site in table["sites"].as_array().unwrap() {
        let test = build(site);
        let dir: PathBuf = test.public().join("tim-kiem");
        for entry in site["queries"].as_array().unwrap() {
            for f in check(&dir, entry) {
                failures.push(format!("{}: {} {}: {f}", site["name"], entry["q"], entry["filters"]));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_shard_exists_so_an_unknown_word_is_no_results() {
    let mut test = SiteTest::from_content_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    test.now("2026-11-22T08:00:00").build().assert_ok();
    test.assert_file("tim-kiem/index.html").assert_file("tim-kiem/index.json");
    let dir = test.public().join("tim-kiem");
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    assert!(manifest["s"].as_u64().unwrap() > 1, "the demo's index is sharded");
    for shard in 0..manifest["s"].as_u64().unwrap() {
        assert!(dir.join(format!("s/{shard:x}.bin")).is_file(), "shard {shard:x} is missing");
    }
}
