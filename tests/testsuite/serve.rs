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

/// `text` with every link to an article that is not in `names` turned into its plain text.
fn drop_dead_links(text: &str, names: &[String]) -> String {
    // Links are in the body, after the front matter.
    let body_start = text.match_indices("+++\n").nth(1).map_or(0, |(i, _)| i + 4);
    let mut out = text[..body_start].to_string();
    let mut rest = &text[body_start..];
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|i| open + i) else { break };
        let Some(end) = rest[close..].find(')').map(|i| close + i) else { break };
        let target = &rest[close + 2..end];
        out.push_str(&rest[..open]);
        if target.ends_with(".md") && !rest[open..end].contains('\n') && !names.iter().any(|n| n == target) {
            out.push_str(&rest[open + 1..close]);
        } else {
            out.push_str(&rest[open..=end]);
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A small deterministic random source (xorshift), so a failing sequence can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

/// An article written from random choices: audiences, campaign, topics, date (past or
/// scheduled), draft, and a link to another article.
fn random_article(rng: &mut Rng, n: usize, others: &[String]) -> String {
    let audiences = ["", "\"nguoi-lao-dong\"", "\"hoc-sinh-sinh-vien\"", "\"nguoi-lao-dong\", \"hoc-sinh-sinh-vien\""];
    let campaigns = ["", "campaign = \"tet-an-sinh\"\n", "campaigns = [\"thang-bhxh-toan-dan\"]\n"];
    let topics = ["", "\"bhyt\"", "\"bhxh-tu-nguyen\"", "\"bhyt\", \"bhxh-tu-nguyen\""];
    let dates = ["2026-11-20T08:00:00+07:00", "2026-10-01", "2026-12-24T07:00:00+07:00", "2025-01-02"];
    let link = if others.is_empty() || rng.below(2) == 0 {
        String::new()
    } else {
        format!(" Xem thêm [bài liên quan]({}).", rng.pick(others))
    };
    format!(
        "+++\ntitle = \"Bài thử {n} số {}\"\nsummary = \"Tóm tắt {}.\"\ndate = {}\naudiences = [{}]\n{}topics = [{}]\ndraft = {}\n+++\n\nNội dung bài {n}, bản {}.{link}\n",
        rng.below(1000),
        rng.below(1000),
        rng.pick(&dates),
        rng.pick(&audiences),
        rng.pick(&campaigns),
        rng.pick(&topics),
        rng.below(6) == 0,
        rng.below(1000),
    )
}

/// The randomized proof of the incremental rebuild: after every step of a random sequence of
/// edits, creates, renames, deletes, front matter moves, template and site.toml changes and
/// broken files, what serve holds equals, byte for byte and file for file, what a fresh
/// `loa build` makes of the same folder (or both fail).
#[test]
fn incremental_rebuilds_equal_fresh_builds_after_random_edits() {
    use loa::build::{build, Failure};
    use loa::cmd::cli::SiteArgs;
    use loa::cmd::common::options;
    use loa::output::Memory;
    use loa::serve::store::Store;
    use loa::serve::{Builder, Outcome};
    use loa::templates::Images;

    let seed = std::env::var("LOA_SERVE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed_2026_u64);
    let steps: usize = std::env::var("LOA_SERVE_STEPS").ok().and_then(|s| s.parse().ok()).unwrap_or(40);
    let mut rng = Rng(seed);
    let site = SiteTest::from_fixture("build/basic");
    let root = site.root().to_path_buf();
    let args = SiteArgs { root: root.clone(), now: Some(NOW.to_string()), future: false, drafts: false, lang: None };
    let options = options(&args, None, Images::Make).unwrap_or_else(|_| panic!("usage failure"));
    let mut builder = Builder::new(options.clone());
    let mut store = Store::default();
    let news = root.join("content/tin-tuc");
    let templates = root.join("themes/default/templates");
    let list = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        names
    };
    let mut created = 0;
    let mut log = Vec::new();
    // The paths each step writes, as the watcher reports them (for the quick phase).
    let real_news = std::fs::canonicalize(&news).unwrap();
    let mut quick_pages = 0;
    for step in 0..=steps {
        let mut touched = std::collections::BTreeSet::new();
        if step > 0 {
            let names = list(&news);
            // Bodies are edited in published articles when there are some: their pages are
            // what the quick phase makes.
            let live: Vec<String> = names
                .iter()
                .filter(|n| store.files.contains_key(&format!("tin-tuc/{}/index.html", &n[..n.len() - 3])))
                .cloned()
                .collect();
            let what = rng.below(14);
            let action = match what {
                0 | 1 => {
                    created += 1;
                    let name = format!("thu-{created}.md");
                    std::fs::write(news.join(&name), random_article(&mut rng, created, &names)).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("create {name}")
                }
                2 | 3 => {
                    let name = rng.pick(&names).clone();
                    let n = rng.below(100);
                    std::fs::write(news.join(&name), random_article(&mut rng, n, &names)).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("rewrite {name}")
                }
                4 => {
                    let name = rng.pick(if live.is_empty() { &names } else { &live }).clone();
                    let path = news.join(&name);
                    let text = std::fs::read_to_string(&path).unwrap();
                    std::fs::write(&path, format!("{text}\nĐoạn thêm {}.\n", rng.below(1000))).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("append to {name}")
                }
                5 if names.len() > 2 => {
                    let name = rng.pick(&names).clone();
                    std::fs::remove_file(news.join(&name)).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("delete {name}")
                }
                6 => {
                    let name = rng.pick(&names).clone();
                    created += 1;
                    let to = format!("doi-ten-{created}.md");
                    std::fs::rename(news.join(&name), news.join(&to)).unwrap();
                    touched.insert(real_news.join(&name));
                    touched.insert(real_news.join(&to));
                    format!("rename {name} to {to}")
                }
                7 => {
                    // A template override appears, changes or goes.
                    let name = *rng.pick(&["article.html", "list.html", "macros.html", "base.html"]);
                    let path = templates.join(name);
                    if path.exists() && rng.below(2) == 0 {
                        std::fs::remove_file(&path).unwrap();
                        format!("remove template {name}")
                    } else {
                        let original = std::fs::read_to_string(
                            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates").join(name),
                        )
                        .unwrap();
                        let mark = rng.below(1000);
                        let text = if name == "macros.html" {
                            format!("{original}\n{{# thay đổi {mark} #}}\n")
                        } else {
                            original.replacen("</body>", &format!("<p>Dấu {mark}</p></body>"), 1).replacen(
                                "{% block content %}",
                                &format!("{{% block content %}}<p>Khối {mark}</p>"),
                                1,
                            )
                        };
                        std::fs::create_dir_all(&templates).unwrap();
                        std::fs::write(&path, text).unwrap();
                        format!("template {name} ({mark})")
                    }
                }
                8 => {
                    let path = root.join("content/site.toml");
                    let text = std::fs::read_to_string(&path).unwrap();
                    let paginate = 1 + rng.below(3);
                    let title = rng.below(100);
                    let mut lines: Vec<String> = text
                        .lines()
                        .map(|l| {
                            if l.starts_with("paginate") {
                                format!("paginate = {paginate}")
                            } else if l.starts_with("title") {
                                format!("title = \"Bảo hiểm xã hội tỉnh Thử Nghiệm {title}\"")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect();
                    lines.push(String::new());
                    std::fs::write(&path, lines.join("\n")).unwrap();
                    format!("site.toml paginate {paginate} title {title}")
                }
                9 => {
                    let name = rng.pick(&names).clone();
                    let path = news.join(&name);
                    let text = std::fs::read_to_string(&path).unwrap();
                    std::fs::write(&path, text.replacen("+++\n", "+++\nkhong_co = 1\n", 1)).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("break {name}")
                }
                10 => {
                    // Whatever is broken gets fixed, links to deleted articles too.
                    for name in &names {
                        let path = news.join(name);
                        let text = std::fs::read_to_string(&path).unwrap();
                        std::fs::write(&path, drop_dead_links(&text.replace("khong_co = 1\n", ""), &names)).unwrap();
                        touched.insert(real_news.join(name));
                    }
                    "fix everything".to_string()
                }
                12 | 13 => {
                    // Only the body changes: a new section with a link to another article.
                    let name = rng.pick(if live.is_empty() { &names } else { &live }).clone();
                    let other = rng.pick(&names).clone();
                    let path = news.join(&name);
                    let text = std::fs::read_to_string(&path).unwrap();
                    let body_start = text.match_indices("+++\n").nth(1).map_or(0, |(i, _)| i + 4);
                    let k = rng.below(1000);
                    let body = format!("\n## Mục {k}\n\nNội dung mới {k}, xem [bài khác]({other}).\n");
                    std::fs::write(&path, format!("{}{body}", &text[..body_start])).unwrap();
                    touched.insert(real_news.join(&name));
                    format!("new body of {name} ({k})")
                }
                _ => {
                    // The audience page changes: its title appears in many lists.
                    let path = root.join("content/doi-tuong/nguoi-lao-dong.md");
                    let text = std::fs::read_to_string(&path).unwrap();
                    let n = rng.below(100);
                    let text = text
                        .lines()
                        .map(|l| {
                            if l.starts_with("title") {
                                format!("title = \"Người lao động {n}\"")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    std::fs::write(&path, text + "\n").unwrap();
                    touched.insert(std::fs::canonicalize(&path).unwrap());
                    format!("audience title {n}")
                }
            };
            log.push(action);
        }
        // The quick phase first, as serve runs it: its pages must be those of the full build.
        let quick = builder.quick(&touched);
        if let Some(files) = &quick {
            quick_pages += files.len();
            store.patch(files.clone());
        }
        let served = match builder.build().unwrap_or_else(|_| panic!("usage failure")) {
            Outcome::Built { files, reused, .. } => {
                store.update(files, &reused);
                true
            }
            Outcome::Failed(_) => false,
        };
        let memory = Memory::new();
        match build(&options, None, &memory) {
            Ok(_) => {
                let fresh = memory.into_files();
                assert!(served, "serve failed where a fresh build succeeds; steps (seed {seed:#x}): {log:#?}");
                let held: std::collections::BTreeMap<&str, &[u8]> =
                    store.files.iter().map(|(k, v)| (k.as_str(), v.bytes.as_slice())).collect();
                let built: std::collections::BTreeMap<&str, &[u8]> =
                    fresh.iter().map(|(k, v)| (k.as_str(), v.as_slice())).collect();
                let only_held: Vec<_> = held.keys().filter(|k| !built.contains_key(*k)).collect();
                let only_built: Vec<_> = built.keys().filter(|k| !held.contains_key(*k)).collect();
                let differ: Vec<_> =
                    held.iter().filter(|(k, v)| built.get(*k).is_some_and(|b| b != *v)).map(|(k, _)| k).collect();
                for (path, bytes) in quick.iter().flatten() {
                    assert!(
                        built.get(path.as_str()) == Some(&bytes.as_slice()),
                        "after step {step} the quick phase made {path} unlike a fresh build; steps (seed {seed:#x}): {log:#?}"
                    );
                }
                assert!(
                    only_held.is_empty() && only_built.is_empty() && differ.is_empty(),
                    "after step {step} serve differs from a fresh build: only in serve {only_held:?}, only in the build \
                     {only_built:?}, different {differ:?}; steps (seed {seed:#x}): {log:#?}"
                );
            }
            Err(Failure::Errors(_)) => {
                assert!(!served, "serve succeeded where a fresh build fails; steps (seed {seed:#x}): {log:#?}")
            }
            Err(_) => panic!("usage failure"),
        }
    }
    assert!(
        log.iter().any(|l| l.starts_with("template")) && log.iter().any(|l| l.starts_with("site.toml")),
        "{log:#?}"
    );
    assert!(quick_pages > 0, "the quick phase never rendered a page; steps: {log:#?}");
}
