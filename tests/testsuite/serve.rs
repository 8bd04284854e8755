//! `loa serve` as a browser meets it: a real server on a free loopback port, spoken to over
//! plain HTTP/1.1: safe paths only, types and charsets, HEAD and conditional GET, the reload
//! script injected, and the event stream telling of edits and errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use crate::helpers::{SiteTest, NOW};

/// A running `loa serve`, killed when dropped; its standard output is read line by line.
pub(crate) struct Server {
    child: Child,
    port: u16,
    lines: Receiver<String>,
    /// Every line read so far.
    seen: Vec<String>,
}

impl Server {
    pub(crate) fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_on(root, free_port(), extra)
    }

    fn start_on(root: &Path, port: u16, extra: &[&str]) -> Server {
        Server::spawn(root, port, &[&["--now", NOW], extra].concat())
    }

    /// A server on the real clock (no `--now`).
    fn start_on_the_clock(root: &Path) -> Server {
        Server::spawn(root, free_port(), &[])
    }

    fn spawn(root: &Path, port: u16, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_loa"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", &port.to_string()])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting loa serve");
        let (tx, lines) = channel();
        for stream in
            [Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, Box::new(child.stderr.take().unwrap())]
        {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Server { child, port: 0, lines, seen: Vec::new() };
        let banner = server.wait_line(|l| l.contains("http://"));
        let url = banner.split("http://").nth(1).unwrap();
        server.port = url.split([':', '/']).nth(1).unwrap().parse().unwrap();
        server
    }

    /// Waits (at most 60 s) for an output line that satisfies `f`.
    fn wait_line(&mut self, f: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                self.seen.push(line.clone());
                if f(&line) {
                    return line;
                }
            }
        }
        panic!("loa serve never printed the expected line; it printed:\n{}", self.seen.join("\n"));
    }

    pub(crate) fn port(&self) -> u16 {
        self.port
    }

    /// The server's resident memory in KiB, from /proc.
    pub(crate) fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    pub(crate) fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[])
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
        request(self.port, method, path, headers)
    }

    /// Opens the event stream and returns a receiver of its messages' `data` (by event name).
    pub(crate) fn events(&self) -> Receiver<(String, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.write_all(b"GET /__loa/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ") {
                    event = name.to_string();
                } else if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send((event.clone(), data.to_string())).is_err() {
                        return;
                    }
                }
            }
        });
        rx
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) struct Response {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One request on its own connection; the path is sent exactly as given (no normalisation).
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    stream.write_all(text.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    Response { status, headers, body: raw[split + 4..].to_vec() }
}

/// Waits for the next `build` event that ends a build (`"settled": true`, not the quick
/// phase's event for an edited article's page) on `events` and returns its data.
pub(crate) fn next_build(events: &Receiver<(String, String)>) -> String {
    loop {
        let data = next_event(events);
        if !data.contains("\"settled\":false") {
            return data;
        }
    }
}

/// Waits for the next `build` event on `events`, of either phase, and returns its data.
fn next_event(events: &Receiver<(String, String)>) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok((name, data)) = events.recv_timeout(Duration::from_millis(200)) {
            if name == "build" {
                return data;
            }
        }
    }
    panic!("no build event within 60 s");
}

#[test]
fn serves_only_the_sites_files_with_types_and_validators() {
    let mut site = SiteTest::from_fixture("build/basic");
    site.write("content/tin-tuc/so-do.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");
    let server = Server::start(site.root(), &[]);
    // An SVG opened on its own may not run script or load anything.
    let svg = server.get("/tin-tuc/so-do.svg");
    assert_eq!(
        svg.header("Content-Security-Policy"),
        Some("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(home.text().contains("<script src=/__loa/reload.js defer></script></head>"), "{}", home.text());
    assert!(home.header("Content-Security-Policy").is_some_and(|c| c.contains("default-src 'self'")));
    let article = server.get("/tin-tuc/dong-bhxh-tu-nguyen/");
    assert_eq!(article.status, 200);
    assert!(article.text().contains("Đóng BHXH tự nguyện thế nào cho đúng"));
    assert_eq!(server.get("/tin-tuc/dong-bhxh-tu-nguyen").header("Location"), Some("/tin-tuc/dong-bhxh-tu-nguyen/"));
    // `//tin-tuc` read as a protocol-relative address would send the browser to a host named
    // "tin-tuc": the redirect stays on the site.
    assert_eq!(server.get("//tin-tuc").header("Location"), Some("/tin-tuc/"));

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/infographic/ty-le-dong.png", "image/png"),
        ("/__loa/reload.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!((r.status, r.header("Content-Type")), (200, Some(kind)), "{path}");
    }
    let png = std::fs::read(site.root().join("content/infographic/ty-le-dong.png")).unwrap();
    assert_eq!(server.get("/infographic/ty-le-dong.png").body, png);

    // Nothing outside the built site, however the path is spelled.
    for path in [
        "/../content/site.toml",
        "/%2e%2e/content/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/tin-tuc/..%2f..%2fcontent%2fsite.toml",
        "/..%5ccontent%5csite.toml",
        "/tin-tuc\\..\\..\\content\\site.toml",
        "/content/site.toml",
        "/site.toml",
        "/./style.css",
        "//etc/passwd",
        "/%00",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("base_url"), "{path}");
    }
    assert!(server.get("/khong-co/").text().contains("<script src=/__loa/reload.js"), "404 page reloads too");

    // HEAD: the GET's headers, no body.
    let head = server.request("HEAD", "/tin-tuc/dong-bhxh-tu-nguyen/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("Content-Length").map(str::to_string), Some(article.body.len().to_string()));
    assert_eq!(head.header("ETag"), article.header("ETag"));

    // Conditional GET: by ETag, and by date.
    let etag = article.header("ETag").unwrap();
    let r = server.request("GET", "/tin-tuc/dong-bhxh-tu-nguyen/", &[("If-None-Match", etag)]);
    assert_eq!((r.status, r.body.len()), (304, 0));
    let r = server.request("GET", "/tin-tuc/dong-bhxh-tu-nguyen/", &[("If-None-Match", "\"other\"")]);
    assert_eq!(r.status, 200);
    let modified = article.header("Last-Modified").unwrap();
    let r = server.request("GET", "/tin-tuc/dong-bhxh-tu-nguyen/", &[("If-Modified-Since", modified)]);
    assert_eq!(r.status, 304);
    let r = server.request(
        "GET",
        "/tin-tuc/dong-bhxh-tu-nguyen/",
        &[("If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT")],
    );
    assert_eq!(r.status, 200);
    assert_eq!(server.request("POST", "/", &[]).status, 405);

    // Serving writes nothing: no public/ and no reload script anywhere on disk.
    assert!(!site.root().join("public").exists());
}

#[test]
fn edits_reach_the_browser_and_errors_show_then_go() {
    let site = SiteTest::from_fixture("build/basic");
    let mut server = Server::start(site.root(), &[]);
    let events = server.events();
    let (name, state) = events.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(name, "state");
    assert!(state.contains("\"errors\":null"), "{state}");

    // An editor's save: write a temporary file, rename it over the article.
    let article = site.root().join("content/tin-tuc/dong-bhxh-tu-nguyen.md");
    let text = std::fs::read_to_string(&article).unwrap();
    let temp = site.root().join("content/tin-tuc/.dong-bhxh-tu-nguyen.md.tmp");
    std::fs::write(&temp, text.replace("Người tham gia", "Người dân tham gia")).unwrap();
    std::fs::rename(&temp, &article).unwrap();
    // Only the body changed: the article's page comes first, on its own, then the whole site.
    let quick = next_event(&events);
    assert!(quick.contains("\"settled\":false") && quick.contains("\"/tin-tuc/dong-bhxh-tu-nguyen/\""), "{quick}");
    assert!(server.get("/tin-tuc/dong-bhxh-tu-nguyen/").text().contains("Người dân tham gia"));
    let build = next_build(&events);
    assert!(build.contains("\"settled\":true"), "{build}");
    assert!(!build.contains("\"/tin-tuc/dong-bhxh-tu-nguyen/\""), "the page is not reloaded twice: {build}");
    assert!(server.get("/tin-tuc/dong-bhxh-tu-nguyen/").text().contains("Người dân tham gia"));

    // Broken front matter: the event names the file and line; the last good page stays.
    std::fs::write(&article, text.replace("date = 2026-10-15T09:00:00+07:00", "date = \"hôm qua\"")).unwrap();
    let build = next_build(&events);
    assert!(build.contains("content/tin-tuc/dong-bhxh-tu-nguyen.md"), "{build}");
    assert!(build.contains("\"line\":4"), "{build}");
    assert!(build.contains("\"hint\""), "{build}");
    server.wait_line(|l| l.contains("content/tin-tuc/dong-bhxh-tu-nguyen.md:4"));
    assert!(server.get("/tin-tuc/dong-bhxh-tu-nguyen/").text().contains("Người dân tham gia"));
    let (_, state) = server.events().recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(state.contains("dong-bhxh-tu-nguyen.md"), "a browser opened now sees the errors too: {state}");

    // Fixed: the errors go and the page comes back.
    std::fs::write(&article, &text).unwrap();
    let build = next_build(&events);
    assert!(build.contains("\"errors\":null"), "{build}");
    assert!(!server.get("/tin-tuc/dong-bhxh-tu-nguyen/").text().contains("Người dân tham gia"));

    // A burst of changes (like a checkout) gives few builds, and the last state wins.
    for i in 0..40 {
        std::fs::write(
            site.root().join(format!("content/tin-tuc/loat-{i}.md")),
            format!("+++\ntitle = \"Bài {i}\"\ndate = 2026-11-01\n+++\nNội dung {i}.\n"),
        )
        .unwrap();
    }
    let mut builds = 0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && server.get("/tin-tuc/loat-39/").status != 200 {
        if events.recv_timeout(Duration::from_millis(100)).is_ok_and(|(n, _)| n == "build") {
            builds += 1;
        }
    }
    assert_eq!(server.get("/tin-tuc/loat-39/").status, 200);
    assert!(builds <= 10, "{builds} builds for one burst of 40 files");
}

/// Without `--now`, an item scheduled a few seconds ahead appears when its time comes, with
/// its reload event, though no file changed.
#[test]
fn a_scheduled_item_appears_on_time_without_a_save() {
    let site = SiteTest::from_fixture("build/basic");
    let at = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second() + 12).unwrap();
    std::fs::write(
        site.root().join("content/tin-tuc/sap-dang.md"),
        format!(
            "+++\ntitle = \"Lịch chi trả lương hưu tháng sau\"\nsummary = \"Thời gian và địa điểm chi trả.\"\n\
             date = 2026-01-05\npublish_at = {at}\n+++\n\nLương hưu tháng sau được chi trả từ ngày 2.\n"
        ),
    )
    .unwrap();
    let mut server = Server::start_on_the_clock(site.root());
    let events = server.events();
    if jiff::Timestamp::now() < at {
        assert_eq!(server.get("/tin-tuc/sap-dang/").status, 404, "shown before its time");
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let build = next_build(&events);
        if build.contains("\"/tin-tuc/sap-dang/\"") {
            break;
        }
        assert!(Instant::now() < deadline, "the item never appeared: {build}");
    }
    assert!(jiff::Timestamp::now() >= at, "shown before its time");
    assert_eq!(server.get("/tin-tuc/sap-dang/").status, 200);
    server.wait_line(|l| l.contains("Đến giờ một mục được đăng"));
}

/// A UI-strings file site.toml names outside content/ and themes/ is watched too.
#[test]
fn a_strings_file_outside_content_is_watched() {
    let mut site = SiteTest::from_fixture("languages/site");
    site.write("i18n/hmn.toml", "skip_link = \"TOKENHMONGSKIP\"\n")
        .edit("content/site.toml", |s| s.replace("name = \"Hmoob\"", "name = \"Hmoob\"\nstrings = \"i18n/hmn.toml\""));
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    assert!(server.get("/hmn/").text().contains("TOKENHMONGSKIP"));
    std::fs::write(site.root().join("i18n/hmn.toml"), "skip_link = \"TOKENHMONGMOI\"\n").unwrap();
    let build = next_build(&events);
    assert!(build.contains("\"/hmn/\""), "{build}");
    assert!(server.get("/hmn/").text().contains("TOKENHMONGMOI"));
}

#[test]
fn a_taken_port_is_named_and_the_next_one_used() {
    let site = SiteTest::from_fixture("build/basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = Server::start_on(site.root(), port, &[]);
    assert_ne!(server.port, port);
    assert_eq!(server.get("/").status, 200);
    drop(taken);
    // Said on standard error, which may be read after the banner on standard output.
    let busy = format!("Cổng {port} đang bận, thử cổng {}.", port + 1);
    if !server.seen.contains(&busy) {
        server.wait_line(|l| l == busy);
    }
}

#[test]
fn the_first_build_may_fail_and_the_server_waits_for_the_fix() {
    let site = SiteTest::from_fixture("build/basic");
    let article = site.root().join("content/tin-tuc/dong-bhxh-tu-nguyen.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replacen("+++\n", "+++\ntitel = \"x\"\n", 1)).unwrap();
    let server = Server::start(site.root(), &[]);
    let page = server.get("/");
    assert_eq!(page.status, 500);
    assert!(page.text().contains("content/tin-tuc/dong-bhxh-tu-nguyen.md:2"), "{}", page.text());
    let events = server.events();
    std::fs::write(&article, &text).unwrap();
    let build = next_build(&events);
    assert!(build.contains("\"all\":true"), "{build}");
    assert_eq!(server.get("/").status, 200);
}
