//! `loa publish` to S3-compatible object storage, against a real S3 server: s3s-fs (built by
//! tests/s3/setup.sh, which tests/run runs) that each test starts on a free loopback port over
//! a temporary folder, with its own keys. The objects are checked through the S3 API (listing
//! and HEAD, signed), their bytes and times on s3s-fs's disk. Without s3s-fs these tests fail,
//! never skip, as the rsync tests do without sshd.

use std::collections::BTreeMap;
use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use rusty_s3::actions::{HeadObject, ListObjectsV2, PutObject, S3Action};
use rusty_s3::{Bucket, Credentials, UrlStyle};
use tempfile::TempDir;

use crate::helpers::SiteTest;
use crate::publish::{append, last_record, names, publish, ARTICLE, OTHER};

/// The version tests/s3/setup.sh builds.
const S3S_FS: &str = "s3s-fs-0.14.1/bin/s3s-fs";
const BUCKET: &str = "bhxh-web";
const PREFIX: &str = "web/";
const KEY_ID: &str = "LOATESTKEY";
const SECRET: &str = "loa-test-secret-key";
/// The empty object by which loa knows the site's objects carry its headers.
const MARKER: &str = ".loa-headers-v1";
/// An object of the bucket outside the site's prefix, which no publish may touch.
const FOREIGN: &str = "luu-tru/bao-cao-2025.pdf";

const PROXY_VARIABLES: [&str; 6] = ["ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];

/// A client for the test's own requests, straight to the server.
fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(ureq::Agent::config_builder().proxy(None).build())
}

/// An s3s-fs server on 127.0.0.1 with one bucket, and a client of it.
struct S3Server {
    child: Child,
    port: u16,
    data: TempDir,
}

/// Where tests/s3/setup.sh puts s3s-fs.
fn s3s_fs() -> PathBuf {
    let tools = std::env::var_os("LOA_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(".cache/loa/tools"));
    tools.join(S3S_FS)
}

impl S3Server {
    fn start() -> S3Server {
        let binary = s3s_fs();
        assert!(
            binary.is_file(),
            "{} is missing: run `bash tests/s3/setup.sh` (tests/run does) before these tests",
            binary.display()
        );
        let data = tempfile::Builder::new().prefix("loa-s3-").tempdir().unwrap();
        fs::create_dir_all(data.path().join(BUCKET)).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut child = Command::new(&binary)
            .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--access-key", KEY_ID, "--secret-key", SECRET])
            .arg(data.path())
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting s3s-fs");
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
                panic!("s3s-fs exited ({status}): {stderr}");
            }
            assert!(Instant::now() < deadline, "s3s-fs did not listen on port {port} within 15 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        let server = S3Server { child, port, data };
        // Something of someone else's in the bucket, outside the site's prefix.
        let foreign = server.file(FOREIGN);
        fs::create_dir_all(foreign.parent().unwrap()).unwrap();
        fs::write(foreign, "báo cáo").unwrap();
        server
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The `[[publish.targets]]` entry of an s3 target named `name`.
    fn target(&self, name: &str) -> String {
        format!(
            "[[publish.targets]]\nname = \"{name}\"\nkind = \"s3\"\nbucket = \"{BUCKET}\"\nendpoint = \"{}\"\n\
             region = \"us-east-1\"\nprefix = \"{PREFIX}\"\npath_style = true\ntimeout = 20\n",
            self.endpoint()
        )
    }

    /// Where s3s-fs keeps the object `key`.
    fn file(&self, key: &str) -> PathBuf {
        self.data.path().join(BUCKET).join(key)
    }

    fn bucket(&self) -> Bucket {
        Bucket::new(self.endpoint().parse().unwrap(), UrlStyle::Path, BUCKET, "us-east-1").unwrap()
    }

    /// Every key of the bucket, with its size, through the S3 API (ten keys a page).
    fn objects(&self) -> BTreeMap<String, u64> {
        let (bucket, credentials) = (self.bucket(), Credentials::new(KEY_ID, SECRET));
        let mut objects = BTreeMap::new();
        let mut token: Option<String> = None;
        loop {
            let mut list = ListObjectsV2::new(&bucket, Some(&credentials));
            list.with_max_keys(10);
            if let Some(token) = &token {
                list.with_continuation_token(token.clone());
            }
            let url = list.sign(Duration::from_secs(60));
            let text = agent().get(url.as_str()).call().unwrap().body_mut().read_to_string().unwrap();
            let document = roxmltree::Document::parse(&text).unwrap();
            let text_of = |node: roxmltree::Node, name: &str| {
                node.children().find(|c| c.tag_name().name() == name).and_then(|c| c.text()).map(str::to_string)
            };
            for contents in document.root_element().children().filter(|c| c.tag_name().name() == "Contents") {
                let key = text_of(contents, "Key").unwrap();
                let key = percent_encoding::percent_decode_str(&key).decode_utf8().unwrap().into_owned();
                objects.insert(key, text_of(contents, "Size").unwrap().parse().unwrap());
            }
            match text_of(document.root_element(), "NextContinuationToken") {
                Some(next) => token = Some(next),
                None => return objects,
            }
        }
    }

    /// The bytes and modification time of every object, as s3s-fs keeps them on disk.
    fn snapshot(&self) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
        let bucket = self.data.path().join(BUCKET);
        walkdir::WalkDir::new(&bucket)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let key = e.path().strip_prefix(&bucket).unwrap().to_string_lossy().into_owned();
                (key, (fs::read(e.path()).unwrap(), e.metadata().unwrap().modified().unwrap()))
            })
            .collect()
    }

    /// The keys of the site's objects, relative to the prefix (loa's marker of its header
    /// policy aside).
    fn site_files(&self) -> Vec<String> {
        self.objects()
            .into_keys()
            .filter_map(|k| k.strip_prefix(PREFIX).map(str::to_string))
            .filter(|k| k != MARKER)
            .collect()
    }

    /// Stores `bytes` as the site's object `rel` the way another tool might: a generic type,
    /// no Cache-Control.
    fn put_plain(&self, rel: &str, bytes: &[u8]) {
        let (bucket, credentials) = (self.bucket(), Credentials::new(KEY_ID, SECRET));
        let key = format!("{PREFIX}{rel}");
        let url = PutObject::new(&bucket, Some(&credentials), &key).sign(Duration::from_secs(60));
        agent().put(url.as_str()).header("Content-Type", "binary/octet-stream").send(bytes).unwrap();
    }

    /// Content-Type and Cache-Control of the site's object `rel`, from a HEAD request.
    fn headers(&self, rel: &str) -> (String, String) {
        let (bucket, credentials) = (self.bucket(), Credentials::new(KEY_ID, SECRET));
        let key = format!("{PREFIX}{rel}");
        let url = HeadObject::new(&bucket, Some(&credentials), &key).sign(Duration::from_secs(60));
        let response = agent().head(url.as_str()).call().unwrap_or_else(|e| panic!("HEAD {key}: {e}"));
        let header =
            |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        (header("content-type"), header("cache-control"))
    }

    fn modified(&self, rel: &str) -> SystemTime {
        fs::metadata(self.file(&format!("{PREFIX}{rel}"))).unwrap().modified().unwrap()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The minimal fixture plus a second article, publishing to the bucket as `luu-tru`, with the
/// server's keys in the environment and nothing of the machine's own AWS settings.
fn site(server: &S3Server) -> SiteTest {
    let mut test = SiteTest::from_fixture("build/minimal");
    fs::write(
        test.root().join("content/tin-tuc/doi-the-bhyt.md"),
        "+++\ntitle = \"Đổi thẻ BHYT bị hỏng\"\ndate = 2026-10-01T08:00:00+07:00\n+++\n\n\
         Thẻ bảo hiểm y tế bị rách, hỏng được cấp lại tại bộ phận một cửa trong ngày.\n",
    )
    .unwrap();
    append(&test.root().join("content/site.toml"), &format!("\n[publish]\n{}", server.target("luu-tru")));
    let home = test.beside("home");
    fs::create_dir_all(&home).unwrap();
    test.env("HOME", home.to_str())
        .env("AWS_PROFILE", None)
        .env("AWS_SHARED_CREDENTIALS_FILE", None)
        .env("AWS_SESSION_TOKEN", None)
        .env("AWS_ACCESS_KEY_ID", Some(KEY_ID))
        .env("AWS_SECRET_ACCESS_KEY", Some(SECRET))
        // Five keys a listing page and a deletion batch: the paging runs on a small site.
        .env("LOA_S3_PAGE_KEYS", Some("5"));
    // The server is on this machine: no proxy of the test's environment may stand between.
    for proxy in PROXY_VARIABLES {
        test.env(proxy, None);
    }
    test
}

/// The files of the build output that a target gets.
fn built_files(test: &SiteTest) -> Vec<String> {
    let mut files = test.public_files();
    files.retain(|f| f != ".loa-output" && f != ".gitkeep");
    files.sort();
    files
}

#[test]
fn publishes_to_a_bucket_only_what_changed_with_the_right_headers() {
    let server = S3Server::start();
    let mut test = site(&server);
    // An old site left twelve pages under the prefix: more than two deletion batches of five.
    let stale: Vec<String> = (0..12).map(|i| format!("cu/trang-{i}/index.html")).collect();
    for rel in &stale {
        let file = server.file(&format!("{PREFIX}{rel}"));
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, "trang cũ").unwrap();
    }
    // A document as editors name them: diacritics, spaces, a plus sign, parentheses (the key is
    // signed, sent and listed back encoded).
    let form = "tai-lieu/mẫu D02+LT (bản mới).pdf";
    fs::create_dir_all(test.root().join("content/tai-lieu")).unwrap();
    fs::write(test.root().join("content").join(form), "%PDF-1.4 mẫu D02-LT, bản 1").unwrap();

    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok().stdout_contains("`luu-tru`").stdout_contains("s3://bhxh-web/web/");
    let files = built_files(&test);
    assert!(files.len() > 10, "{files:?}");
    assert_eq!(server.site_files(), files, "the bucket holds exactly the build");
    let page = fs::read_to_string(server.file(&format!("{PREFIX}{ARTICLE}"))).unwrap();
    assert!(page.contains("Lịch làm việc sáng thứ Bảy"));
    assert!(server.objects().contains_key(&format!("{PREFIX}{MARKER}")), "the marker of the header policy");
    let (record, entry) = last_record(&test, "luu-tru");
    assert_eq!((record["ok"].clone(), entry["kind"].clone()), (true.into(), "s3".into()));
    assert_eq!((entry["uploaded"].clone(), entry["kept"].clone()), (record["files"].clone(), 0.into()));
    let mut deleted = names(&entry["deleted_files"]);
    deleted.sort();
    let mut expected = stale.clone();
    expected.sort();
    assert_eq!(deleted, expected);

    // Each kind of file is stored with its type and how long a cache may keep it.
    let revalidate = "no-cache";
    for (rel, content_type, cache) in [
        ("index.html", "text/html; charset=utf-8", revalidate),
        (ARTICLE, "text/html; charset=utf-8", revalidate),
        ("atom.xml", "application/atom+xml; charset=utf-8", revalidate),
        ("sitemap.xml", "application/xml; charset=utf-8", revalidate),
        ("robots.txt", "text/plain; charset=utf-8", revalidate),
        ("tim-kiem/index.json", "application/json; charset=utf-8", revalidate),
        ("style.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        ("search.js", "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"),
        ("logo.svg", "image/svg+xml; charset=utf-8", "public, max-age=3600"),
        (form, "application/pdf", "public, max-age=3600"),
    ] {
        assert_eq!(server.headers(rel), (content_type.to_string(), cache.to_string()), "{rel}");
    }
    // Pages went up after every other file, so none links a file that is not there yet.
    let pages_from = files.iter().filter(|f| f.ends_with(".html")).map(|f| server.modified(f)).min().unwrap();
    let others_until = files.iter().filter(|f| !f.ends_with(".html")).map(|f| server.modified(f)).max().unwrap();
    assert!(others_until <= pages_from, "a page was uploaded before another file");

    // Nothing changed: nothing is sent, the bucket is only listed.
    let before = server.snapshot();
    publish(&mut test, "2026-11-22T08:01:00", &[]);
    test.assert_ok();
    let (_, entry) = last_record(&test, "luu-tru");
    assert_eq!((entry["ok"].clone(), entry["delivered"].clone()), (true.into(), false.into()));
    assert_eq!(server.snapshot(), before);

    // One file changes: it alone is uploaded.
    fs::write(test.root().join("content").join(form), "%PDF-1.4 mẫu D02-LT, bản 2").unwrap();
    publish(&mut test, "2026-11-22T08:01:30", &[]);
    test.assert_ok();
    let (_, entry) = last_record(&test, "luu-tru");
    assert_eq!(names(&entry["uploaded_files"]), [form], "{entry}");
    assert_eq!((entry["deleted"].clone(), entry["kept"].clone()), (0.into(), (files.len() - 1).into()));
    assert_eq!(fs::read_to_string(server.file(&format!("{PREFIX}{form}"))).unwrap(), "%PDF-1.4 mẫu D02-LT, bản 2");

    // One article changes: its page and the lists showing it go up, nothing else.
    append(
        &test.root().join("content/tin-tuc/lich-lam-viec.md"),
        "\nTừ tháng 12, bộ phận một cửa làm việc thêm chiều thứ Bảy.\n",
    );
    let other_modified = server.modified(OTHER);
    publish(&mut test, "2026-11-22T08:02:00", &[]);
    test.assert_ok();
    let (_, entry) = last_record(&test, "luu-tru");
    let uploaded = names(&entry["uploaded_files"]);
    assert!(uploaded.contains(&ARTICLE.to_string()), "{uploaded:?}");
    for untouched in [OTHER, "404.html", "style.css", "robots.txt", "logo.svg"] {
        assert!(!uploaded.contains(&untouched.to_string()), "uploaded {untouched}: {uploaded:?}");
    }
    assert_eq!(entry["deleted"], 0);
    assert_eq!(entry["kept"].as_u64().unwrap() as usize + uploaded.len(), files.len());
    assert_eq!(server.modified(OTHER), other_modified, "an unchanged object is not written");
    assert!(fs::read_to_string(server.file(&format!("{PREFIX}{ARTICLE}"))).unwrap().contains("chiều thứ Bảy"));

    // An article is deleted: its page is removed from the bucket after the uploads; the
    // object outside the prefix stays.
    fs::remove_file(test.root().join("content/tin-tuc/doi-the-bhyt.md")).unwrap();
    publish(&mut test, "2026-11-22T08:03:00", &[]);
    test.assert_ok().stdout_contains(&format!("- {OTHER}"));
    let (_, entry) = last_record(&test, "luu-tru");
    assert!(names(&entry["deleted_files"]).contains(&OTHER.to_string()), "{entry}");
    assert_eq!(server.site_files(), built_files(&test));
    assert!(server.objects().contains_key(FOREIGN), "an object outside the prefix was touched");
}

#[test]
fn a_bucket_filled_by_another_tool_gets_the_right_headers_once() {
    let server = S3Server::start();
    let mut test = site(&server);
    // Someone synced the built site with another tool: the right bytes, generic headers.
    test.now("2026-11-22T08:00:00").build().assert_ok();
    let files = built_files(&test);
    let home = test.bytes("index.html");
    for rel in &files {
        server.put_plain(rel, &test.bytes(rel));
    }
    assert_eq!(server.headers("index.html"), ("binary/octet-stream".to_string(), String::new()));

    // loa sees that the objects, with the right bytes, were not stored with its headers: it
    // stores each again.
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok();
    assert_eq!(test.bytes("index.html"), home, "the same build: only the headers differed");
    let (record, entry) = last_record(&test, "luu-tru");
    assert_eq!((entry["uploaded"].clone(), entry["kept"].clone()), (record["files"].clone(), 0.into()));
    assert_eq!(server.headers("index.html"), ("text/html; charset=utf-8".to_string(), "no-cache".to_string()));
    assert_eq!(server.headers("style.css").1, "public, max-age=31536000, immutable");

    // From then on, the marker says so: only changed bytes travel.
    append(&test.root().join("content/tin-tuc/lich-lam-viec.md"), "\nLịch mới từ tháng 12.\n");
    publish(&mut test, "2026-11-22T08:01:00", &[]);
    test.assert_ok();
    let (_, entry) = last_record(&test, "luu-tru");
    let uploaded = names(&entry["uploaded_files"]);
    assert!(uploaded.contains(&ARTICLE.to_string()) && !uploaded.contains(&"style.css".to_string()), "{uploaded:?}");
}

#[test]
fn a_scheduled_article_reaches_the_bucket_at_the_first_run_after_its_time() {
    let server = S3Server::start();
    let mut test = site(&server);
    fs::write(
        test.root().join("content/tin-tuc/nghi-tet.md"),
        "+++\ntitle = \"Lịch nghỉ Tết Nguyên đán\"\ndate = 2026-11-22T08:00:00+07:00\npublish_at = 2026-11-22T08:01:00+07:00\n+++\n\n\
         Bộ phận một cửa nghỉ Tết từ ngày 14 đến hết ngày 22 tháng 2.\n",
    )
    .unwrap();
    let page = "tin-tuc/nghi-tet/index.html";
    let home = || fs::read_to_string(server.file(&format!("{PREFIX}index.html"))).unwrap();
    for now in ["2026-11-22T08:00:00", "2026-11-22T08:00:59"] {
        publish(&mut test, now, &[]);
        test.assert_ok();
        assert!(!server.site_files().contains(&page.to_string()), "{now}: early");
        assert!(!home().contains("nghỉ Tết"), "{now}: early on the home page");
    }
    publish(&mut test, "2026-11-22T08:01:05", &[]);
    test.assert_ok();
    assert!(server.site_files().contains(&page.to_string()), "late");
    assert!(home().contains("Lịch nghỉ Tết"));
}

#[test]
fn wrong_or_missing_keys_fail_naming_the_target_and_leave_the_bucket_as_it_was() {
    let server = S3Server::start();
    let mut test = site(&server);
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok();
    let before = server.snapshot();
    append(&test.root().join("content/tin-tuc/lich-lam-viec.md"), "\nLịch mới từ tháng 12.\n");

    test.env("AWS_SECRET_ACCESS_KEY", Some("not-the-secret"));
    publish(&mut test, "2026-11-22T08:01:00", &["--lang", "en"]);
    test.assert_exit(1)
        .stderr_contains("target `luu-tru`")
        .stderr_contains("SignatureDoesNotMatch")
        .stderr_contains("the previous site on s3://bhxh-web/web/ is still served")
        .stderr_contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    assert_eq!(server.snapshot(), before, "the bucket is as it was");
    let (record, entry) = last_record(&test, "luu-tru");
    assert_eq!((record["ok"].clone(), entry["ok"].clone()), (false.into(), false.into()));

    // No keys at all: the message says what to set, in the site's language.
    test.env("AWS_ACCESS_KEY_ID", None).env("AWS_SECRET_ACCESS_KEY", None);
    publish(&mut test, "2026-11-22T08:02:00", &[]);
    test.assert_exit(1)
        .stderr_contains("đích `luu-tru`")
        .stderr_contains("AWS_ACCESS_KEY_ID")
        .stderr_contains("/.aws/credentials");
    assert_eq!(server.snapshot(), before);

    // The keys in a credentials file, under the profile site.toml names: the run delivers.
    let file = test.beside("aws-credentials");
    fs::write(&file, format!("[default]\naws_access_key_id = WRONG\naws_secret_access_key = wrong\n\n[loa]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n")).unwrap();
    append(&test.root().join("content/site.toml"), "profile = \"loa\"\n");
    test.env("AWS_SHARED_CREDENTIALS_FILE", file.to_str());
    publish(&mut test, "2026-11-22T08:03:00", &[]);
    test.assert_ok();
    assert!(fs::read_to_string(server.file(&format!("{PREFIX}{ARTICLE}"))).unwrap().contains("Lịch mới"));
}

#[test]
fn a_failed_upload_says_the_bucket_is_mixed_and_deletes_nothing() {
    let server = S3Server::start();
    let mut test = site(&server);
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok();
    // The next build changes the article (its page, the lists, the feeds, the search index)
    // and drops the other one.
    append(&test.root().join("content/tin-tuc/lich-lam-viec.md"), "\nLịch mới từ tháng 12.\n");
    fs::remove_file(test.root().join("content/tin-tuc/doi-the-bhyt.md")).unwrap();
    // The server cannot store the article's page: a file stands where its folder should be.
    let folder = server.file(&format!("{PREFIX}tin-tuc/lich-lam-viec"));
    fs::remove_dir_all(&folder).unwrap();
    fs::write(&folder, "chặn").unwrap();

    publish(&mut test, "2026-11-22T08:01:00", &["--lang", "en"]);
    test.assert_exit(1)
        .stderr_contains("target `luu-tru` (file: web/tin-tuc/lich-lam-viec/index.html)")
        .stderr_contains("objects were already replaced, so s3://bhxh-web/web/ mixes the previous and the new site");
    assert!(server.file(&format!("{PREFIX}{OTHER}")).is_file(), "deleted before every upload succeeded");
    // The feed (no longer listing the dropped article) is new: other files went up first.
    assert_eq!(fs::read(server.file(&format!("{PREFIX}atom.xml"))).unwrap(), test.bytes("atom.xml"));

    // Once the server can store it, the next run completes the site and deletes the old page.
    fs::remove_file(&folder).unwrap();
    publish(&mut test, "2026-11-22T08:02:00", &[]);
    test.assert_ok();
    assert_eq!(server.site_files(), built_files(&test));
    assert!(fs::read_to_string(server.file(&format!("{PREFIX}{ARTICLE}"))).unwrap().contains("Lịch mới"));
}

#[test]
fn a_server_that_does_not_answer_fails_after_the_timeout() {
    // A "server" that takes connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let mut test = SiteTest::from_fixture("build/minimal");
    append(
        &test.root().join("content/site.toml"),
        &format!(
            "\n[publish]\n[[publish.targets]]\nname = \"luu-tru\"\nkind = \"s3\"\nbucket = \"{BUCKET}\"\n\
             endpoint = \"http://127.0.0.1:{port}\"\nregion = \"us-east-1\"\npath_style = true\ntimeout = 2\n"
        ),
    );
    test.env("AWS_ACCESS_KEY_ID", Some(KEY_ID)).env("AWS_SECRET_ACCESS_KEY", Some(SECRET));
    for proxy in PROXY_VARIABLES {
        test.env(proxy, None);
    }
    let started = Instant::now();
    publish(&mut test, "2026-11-22T08:00:00", &["--lang", "en"]);
    test.assert_exit(1)
        .stderr_contains("target `luu-tru`: cannot reach http://127.0.0.1:")
        .stderr_contains("raise timeout (now 2 s)");
    assert!(started.elapsed() < Duration::from_secs(60), "gave up only after {:?}", started.elapsed());
}

#[test]
fn rollback_puts_the_previous_build_back_in_the_bucket() {
    let server = S3Server::start();
    let mut test = site(&server);
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok();
    let first: BTreeMap<String, Vec<u8>> = server.snapshot().into_iter().map(|(k, (bytes, _))| (k, bytes)).collect();
    fs::rename(test.root().join("content/tin-tuc/doi-the-bhyt.md"), test.beside("doi-the-bhyt.md")).unwrap();
    publish(&mut test, "2026-11-22T08:01:00", &[]);
    test.assert_ok();
    assert!(!server.site_files().contains(&OTHER.to_string()));

    publish(&mut test, "2026-11-22T08:02:00", &["--rollback"]);
    test.assert_ok();
    let now: BTreeMap<String, Vec<u8>> = server.snapshot().into_iter().map(|(k, (bytes, _))| (k, bytes)).collect();
    assert_eq!(now, first, "the bucket holds the first build again, byte for byte");
    let (record, entry) = last_record(&test, "luu-tru");
    assert_eq!((record["rollback"].clone(), record["generation"].clone()), (true.into(), 1.into()));
    assert!(names(&entry["uploaded_files"]).contains(&OTHER.to_string()), "{entry}");
}

#[test]
fn keys_in_site_toml_are_refused() {
    let mut test = SiteTest::from_fixture("build/minimal");
    append(
        &test.root().join("content/site.toml"),
        "\n[publish]\n[[publish.targets]]\nname = \"luu-tru\"\nkind = \"s3\"\nbucket = \"bhxh-web\"\n\
         endpoint = \"https://hn.ss.bfcplatform.vn\"\nregion = \"hn\"\naws_access_key_id = \"AKIA\"\n\
         secret_access_key = \"x\"\n",
    );
    test.arg("--lang").arg("en").check().assert_exit(1);
    test.stderr_contains("content/site.toml:11:1")
        .stderr_contains("`aws_access_key_id` is a credential")
        .stderr_contains("remove this line from site.toml")
        .stderr_contains("content/site.toml:12:1")
        .stderr_contains("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the service's environment");
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_exit(1);
    assert!(!test.root().join("public/index.html").exists(), "nothing is built or delivered");
}
