//! `loa import`: the national demo portal is built and served on loopback, and a provincial
//! site imports its items from the JSON Feed, as the communication plans ask provinces to.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::helpers::{snapshot, SiteTest};
use super::status::HttpServer;

const NOW: &str = "2026-11-22T08:00:00";

/// The demo portal of the repository, built for `base_url` into `out`.
fn national(out: &Path, base_url: &str) {
    let mut test = SiteTest::from_content_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    test.edit("content/site.toml", |s| {
        s.lines()
            .map(|l| if l.starts_with("base_url") { format!("base_url = \"{base_url}\"") } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
    test.now(NOW).out(out).build().assert_ok();
}

fn import(test: &mut SiteTest, args: &[&str]) {
    let root = test.root().to_string_lossy().into_owned();
    let mut all = vec!["import"];
    all.extend(args);
    all.extend(["--root", &root, "--now", NOW]);
    test.run(all);
}

#[test]
fn a_province_republishes_the_national_portal_and_a_second_import_changes_nothing() {
    let mut province = SiteTest::from_fixture("build/minimal");
    let served = province.beside("national");
    // A free port first, then the site built for it.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = probe.local_addr().unwrap().port();
    drop(probe);
    fs::create_dir_all(&served).unwrap();
    let server = HttpServer::start_on(&served, port);
    national(&served, server.url().trim_end_matches('/'));
    let feed = format!("{}feed.json", server.url());
    province.edit("content/site.toml", |s| {
        s + "\n[topics]\nbao-hiem-y-te = \"Bảo hiểm y tế\"\n\n[import.topics]\nbhyt = \"bao-hiem-y-te\"\n"
    });

    // --list writes nothing.
    let before = snapshot(province.root());
    import(&mut province, &[&feed, "--list"]);
    province.assert_ok().stdout_contains("20 bài mới, 0 bài đã có");
    assert_eq!(before, snapshot(province.root()));

    import(&mut province, &[&feed, "--publish-at", "2026-11-22T07:00"]);
    province.assert_ok().stdout_contains("Nhập 20 bài mới").stderr_contains("đối tượng của nguồn không có ở cổng này");
    let bundle = "content/tin-tuc/ty-le-huong-luong-huu-theo-so-nam-dong-bhxh";
    let text = fs::read_to_string(province.root().join(bundle).join("index.md")).unwrap();
    assert!(text.contains("origin = \"republished\""), "{text}");
    assert!(
        text.contains(&format!("source_url = \"{}infographic/ty-le-luong-huu-theo-nam-dong/\"", server.url())),
        "{text}"
    );
    assert!(text.contains("date = 2026-05-15T08:00:00+07:00"), "the original date:\n{text}");
    assert!(province.root().join(bundle).join("ty-le-luong-huu-theo-nam-dong.svg").is_file(), "the image is local");
    let mapped = fs::read_dir(province.root().join("content/tin-tuc"))
        .unwrap()
        .filter_map(|e| fs::read_to_string(e.unwrap().path().join("index.md")).ok())
        .filter(|text| text.contains("\"bao-hiem-y-te\""))
        .count();
    assert!(mapped > 0, "the source's bhyt topic is mapped by [import.topics] to bao-hiem-y-te");

    province.now(NOW).build().assert_ok();
    let page = province.file("tin-tuc/ty-le-huong-luong-huu-theo-so-nam-dong-bhxh/index.html");
    let source = format!("{}infographic/ty-le-luong-huu-theo-nam-dong/", server.url());
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{source}\">")), "canonical at the source");
    assert!(page.contains("class=\"republished\""), "the source is named on the page");
    assert!(
        page.contains("src=\"/tin-tuc/ty-le-huong-luong-huu-theo-so-nam-dong-bhxh/ty-le-luong-huu-theo-nam-dong.svg\""),
        "{page}"
    );
    let root = province.root().to_string_lossy().into_owned();
    province.run([
        "report",
        "--root",
        &root,
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--now",
        NOW,
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_str(&province.stdout()).unwrap();
    assert_eq!(report["republished"], 20);

    // Again: nothing new, nothing written.
    let before = snapshot(province.root());
    import(&mut province, &[&feed]);
    province.assert_ok().stdout_contains("Nhập 0 bài mới").stdout_contains("20 bài đã có");
    assert_eq!(before, snapshot(province.root()));

    // A change at the source is reported, not imported over the editor's copy.
    let article = served.join("feed.json");
    let changed = fs::read_to_string(&article).unwrap().replacen(
        "\"content_html\": \"",
        "\"content_html\": \"<p>Cập nhật.</p>",
        1,
    );
    fs::write(&article, changed).unwrap();
    import(&mut province, &[&feed]);
    province.assert_ok().stderr_contains("đã đổi ở nguồn từ lần nhập trước");
    assert_eq!(before, snapshot(province.root()));

    // A source that is down: a clear error, nothing written.
    let down = format!("http://127.0.0.1:{}/feed.json", server.port);
    drop(server);
    import(&mut province, &[&down]);
    province.assert_exit(1).stderr_contains("không tải được");
    assert_eq!(before, snapshot(province.root()));
    // A file that is not a feed.
    let junk = province.beside("junk.json");
    fs::write(&junk, "{\"hello\": 1}").unwrap();
    import(&mut province, &[&junk.to_string_lossy()]);
    province.assert_exit(1).stderr_contains("không phải nguồn tin JSON Feed hay Atom");
}
