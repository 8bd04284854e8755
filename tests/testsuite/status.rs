//! `loa status`, the overdue alarm: what is served (an output folder, or a site over HTTP)
//! against what must be live at `--now`.

use std::fs;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::helpers::{copy_tree, SiteTest};
use super::publish::Unwritable;

const PAGE: &str = "/tin-tuc/nghi-tet/";

/// The minimal fixture with an article scheduled for 08:01.
fn site() -> SiteTest {
    let mut test = SiteTest::from_fixture("build/minimal");
    test.write(
        "content/tin-tuc/nghi-tet.md",
        "+++\ntitle = \"Lịch nghỉ Tết Nguyên đán\"\ndate = 2026-11-22T08:00:00+07:00\n\
         publish_at = 2026-11-22T08:01:00+07:00\n+++\n\n\
         Bộ phận một cửa nghỉ Tết từ ngày 14 đến hết ngày 22 tháng 2.\n",
    );
    test
}

fn status(test: &mut SiteTest, now: &str, extra: &[&str]) -> Value {
    let root = test.root().to_string_lossy().into_owned();
    let mut args = vec!["status", "--root", &root, "--now", now, "--format", "json"];
    args.extend(extra);
    test.run(args);
    serde_json::from_str(&test.stdout()).unwrap_or_else(|e| panic!("not JSON ({e}): {}", test.stdout()))
}

/// `loa status --root ROOT EXTRA...`, read as text.
fn run_status(test: &mut SiteTest, extra: &[&str]) {
    let root = test.root().to_string_lossy().into_owned();
    let mut args = vec!["status", "--root", &root];
    args.extend(extra);
    test.run(args);
}

fn urls(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|e| e["url"].as_str().unwrap().to_string()).collect()
}

#[test]
fn all_is_right_after_a_build_and_the_next_change_is_named() {
    let mut test = site();
    test.now("2026-11-22T08:00:00").build().assert_ok();
    let report = status(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_exit(0);
    assert_eq!(report["ok"], true);
    assert_eq!(report["next_change"]["kind"], "publish");
    assert_eq!(report["next_change"]["file"], "content/tin-tuc/nghi-tet.md");
    // In words, in the site's language.
    run_status(&mut test, &["--now", "2026-11-22T08:00:30"]);
    test.assert_exit(0).stdout_contains("Không có bài quá hạn").stdout_contains("Mọi thứ đúng");
}

#[test]
fn an_item_due_but_not_served_is_overdue_when_the_output_cannot_be_written() {
    let mut test = site();
    test.now("2026-11-22T08:00:00").build().assert_ok();
    {
        // The build at 08:02 cannot write the output: the article is not published.
        let _locked = Unwritable::new(test.root(), false);
        test.now("2026-11-22T08:02:00").build().assert_exit(1);
    }
    let report = status(&mut test, "2026-11-22T08:02:00", &[]);
    test.assert_exit(1);
    assert_eq!(report["ok"], false);
    assert_eq!(urls(&report["overdue"]), [PAGE]);
    assert_eq!(report["overdue"][0]["late_seconds"], 60);
    assert_eq!(report["overdue"][0]["file"], "content/tin-tuc/nghi-tet.md");
    // The home page and the feed are stale too: they do not list it.
    let stale = urls(&report["stale_lists"]);
    assert!(stale.contains(&"/".to_string()) && stale.contains(&"/atom.xml".to_string()), "{stale:?}");
    run_status(&mut test, &["--now", "2026-11-22T08:02:00", "--lang", "en"]);
    test.assert_exit(1)
        .stdout_contains("1 overdue items")
        .stdout_contains("late by 1 min")
        .stdout_contains("/ misses: /tin-tuc/nghi-tet/");

    // Within the grace a timer gives itself (its next run brings the item), not yet overdue.
    status(&mut test, "2026-11-22T08:02:00", &["--grace", "120"]);
    test.assert_exit(0);
    status(&mut test, "2026-11-22T08:03:01", &["--grace", "120"]);
    test.assert_exit(1);

    // The next build publishes it, and all is right again.
    test.now("2026-11-22T08:03:00").build().assert_ok();
    let report = status(&mut test, "2026-11-22T08:03:00", &[]);
    test.assert_exit(0);
    assert_eq!(report["overdue"].as_array().unwrap().len(), 0);
}

#[test]
fn an_item_served_before_its_time_is_early() {
    let mut test = site();
    // Built with the clock ahead (or by hand with --future): the article is out at 08:00.
    test.now("2026-11-22T08:05:00").build().assert_ok();
    let report = status(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_exit(1);
    assert_eq!(urls(&report["early"]), [PAGE]);
    assert_eq!(report["early"][0]["state"], "scheduled");
    // A draft that an old build let out is early as well, in a list only or on its own page.
    test.edit("content/tin-tuc/nghi-tet.md", |s| s.replace("publish_at", "draft = true\npublish_at"));
    let report = status(&mut test, "2026-11-22T08:05:00", &[]);
    test.assert_exit(1);
    assert_eq!(report["early"][0]["state"], "draft");
}

#[test]
fn a_folder_that_is_not_there_is_a_usage_error() {
    let mut test = site();
    let missing = test.beside("khong-co");
    run_status(&mut test, &["--out", &missing.to_string_lossy()]);
    test.assert_exit(2).stderr_contains("không phải một thư mục");
    run_status(&mut test, &["--url", "ftp://bhxh.example.vn"]);
    test.assert_exit(2).stderr_contains("http://");
}

#[test]
fn content_errors_are_an_alarm_too() {
    let mut test = site();
    test.now("2026-11-22T08:00:00").build().assert_ok();
    test.edit("content/tin-tuc/nghi-tet.md", |s| s.replace("title =", "title = \"x\"\ntitle ="));
    run_status(&mut test, &["--now", "2026-11-22T08:00:00"]);
    test.assert_exit(1).stderr_contains("content/tin-tuc/nghi-tet.md").stderr_contains("không dựng được");
}

/// A static file server on a free loopback port (Python's http.server), serving `dir`.
pub(crate) struct HttpServer {
    child: Child,
    pub(crate) port: u16,
}

impl HttpServer {
    pub(crate) fn start(dir: &Path) -> HttpServer {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        HttpServer::start_on(dir, port)
    }

    /// On a port chosen beforehand (a site is built for its address before it is served).
    pub(crate) fn start_on(dir: &Path, port: u16) -> HttpServer {
        let child = Command::new("python3")
            .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m http.server (python3 is on every machine these tests run on)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "http.server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        HttpServer { child, port }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn over_http_a_cache_holding_the_old_site_is_caught() {
    let mut test = site();
    test.now("2026-11-22T08:00:00").build().assert_ok();
    // The "CDN" keeps the 08:00 copy while the origin moves on.
    let cached = test.beside("cdn");
    copy_tree(&test.public(), &cached);
    test.now("2026-11-22T08:02:00").build().assert_ok();
    let origin = HttpServer::start(&test.public());
    let cdn = HttpServer::start(&cached);

    let report = status(&mut test, "2026-11-22T08:02:00", &["--url", &origin.url()]);
    test.assert_exit(0);
    assert_eq!(report["ok"], true, "{report}");

    let report = status(&mut test, "2026-11-22T08:02:00", &["--url", &cdn.url()]);
    test.assert_exit(1);
    assert_eq!(urls(&report["overdue"]), [PAGE]);
    assert!(urls(&report["stale_lists"]).contains(&"/".to_string()));

    // A server that does not answer is one clear problem.
    let port = cdn.port;
    drop(cdn);
    let report = status(&mut test, "2026-11-22T08:02:00", &["--url", &format!("http://127.0.0.1:{port}/")]);
    test.assert_exit(1);
    let unreadable = report["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
    assert!(unreadable[0].as_str().unwrap().contains(&format!("127.0.0.1:{port}")));
}

#[test]
fn a_failed_publish_is_reported() {
    let mut test = site();
    let www = test.beside("www");
    fs::create_dir(&www).unwrap();
    test.edit("content/site.toml", |s| {
        format!(
            "{s}\n[publish]\n[[publish.targets]]\nname = \"web\"\nkind = \"folder\"\npath = \"{}\"\n",
            www.display()
        )
    });
    let root = test.root().to_string_lossy().into_owned();
    test.run(["publish", "--root", &root, "--now", "2026-11-22T08:00:00"]).assert_ok();
    let report = status(&mut test, "2026-11-22T08:00:00", &["--out", &www.to_string_lossy()]);
    test.assert_exit(0);
    assert_eq!(report["last_publish"]["generation"], 1);
    {
        let _locked = Unwritable::new(test.temp_dir(), false);
        test.run(["publish", "--root", &root, "--now", "2026-11-22T08:02:00"]).assert_exit(1);
    }
    // Without --out, status reads the web root of site.toml's first folder target.
    let report = status(&mut test, "2026-11-22T08:02:00", &[]);
    test.assert_exit(1);
    assert_eq!(report["served"], www.to_string_lossy().as_ref());
    assert_eq!(urls(&report["overdue"]), [PAGE]);
    assert!(report["last_publish_failed"]["targets"][0].as_str().unwrap().starts_with("web: "), "{report}");
}
