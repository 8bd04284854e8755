//! `loa publish` against real targets: a local web root (also behind a symlink) and a web
//! server reached with rsync over a real sshd that each test starts on a free loopback port,
//! with its own host key and an authorized key made in a temporary folder. sshd and rsync come
//! from tests/publish/setup.sh (run by tests/run); without them these tests fail, never skip.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use crate::helpers::SiteTest;

const SSHD: &str = "/usr/sbin/sshd";

/// An sshd on 127.0.0.1 that lets the current user in with one key, and the client files that
/// reach it.
struct Sshd {
    child: Child,
    port: u16,
    keys: TempDir,
}

impl Sshd {
    fn start() -> Sshd {
        assert!(
            Path::new(SSHD).exists() && which("rsync"),
            "sshd or rsync is missing: run `bash tests/publish/setup.sh` (tests/run does) before these tests"
        );
        let keys = tempfile::Builder::new().prefix("loa-sshd-").tempdir().unwrap();
        let dir = keys.path();
        for name in ["host_ed25519", "id_ed25519"] {
            let status = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C", "loa-test", "-f"])
                .arg(dir.join(name))
                .status()
                .expect("running ssh-keygen");
            assert!(status.success(), "ssh-keygen failed");
        }
        fs::copy(dir.join("id_ed25519.pub"), dir.join("authorized_keys")).unwrap();
        if is_root() {
            // sshd started by root needs its privilege-separation folder.
            fs::create_dir_all("/run/sshd").unwrap();
        }
        // A free port: bind port 0, note the port, let it go for sshd.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_ed25519\nAuthorizedKeysFile {d}/authorized_keys\n\
             PidFile {d}/sshd.pid\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n\
             UsePAM no\nStrictModes no\nPermitRootLogin prohibit-password\nLogLevel ERROR\n",
            d = dir.display()
        );
        fs::write(dir.join("sshd_config"), config).unwrap();
        let host_key = fs::read_to_string(dir.join("host_ed25519.pub")).unwrap();
        fs::write(dir.join("known_hosts"), format!("[127.0.0.1]:{port} {host_key}")).unwrap();
        let mut child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(dir.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting sshd");
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                let mut stderr = String::new();
                std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
                panic!("sshd exited ({status}): {stderr}");
            }
            assert!(Instant::now() < deadline, "sshd did not listen on port {port} within 15 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        Sshd { child, port, keys }
    }

    /// The `[[publish.targets]]` entry of an rsync target named `name` into `path`.
    fn target(&self, name: &str, path: &Path) -> String {
        let dir = self.keys.path().display();
        format!(
            "[[publish.targets]]\nname = \"{name}\"\nkind = \"rsync\"\nhost = \"127.0.0.1\"\nport = {}\npath = \"{}\"\n\
             identity = \"{dir}/id_ed25519\"\nknown_hosts = \"{dir}/known_hosts\"\ntimeout = 20\n",
            self.port,
            path.display()
        )
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn which(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A folder tree nobody may create files in, for as long as the guard lives: `chattr -R +i`
/// for root (whom permissions do not stop), modes without write bits for anyone else. It is
/// what a web root owned by another user looks like to the user that runs loa.
/// With `whole_tree` false, only the folder itself is locked.
pub(crate) struct Unwritable {
    dir: PathBuf,
    whole_tree: bool,
}

impl Unwritable {
    pub(crate) fn new(dir: &Path, whole_tree: bool) -> Unwritable {
        let locked = Unwritable { dir: dir.to_path_buf(), whole_tree };
        locked.set(true);
        locked
    }

    fn set(&self, locked: bool) {
        if is_root() {
            let mut chattr = Command::new("chattr");
            if self.whole_tree {
                chattr.arg("-R");
            }
            let status = chattr.arg(if locked { "+i" } else { "-i" }).arg(&self.dir).status().expect("running chattr");
            assert!(status.success() || !locked, "chattr +i {} failed", self.dir.display());
        } else {
            set_modes(&self.dir, if locked { 0o555 } else { 0o755 }, self.whole_tree);
        }
    }
}

/// Sets the mode of `dir` and, with `below`, of every folder under it.
fn set_modes(dir: &Path, mode: u32, below: bool) {
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(mode));
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if below && entry.file_type().is_ok_and(|t| t.is_dir()) {
            set_modes(&entry.path(), mode, below);
        }
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        self.set(false);
    }
}

pub(crate) const ARTICLE: &str = "tin-tuc/lich-lam-viec/index.html";
pub(crate) const OTHER: &str = "tin-tuc/doi-the-bhyt/index.html";

/// The minimal fixture plus a second article, publishing to a local web root `www` (beside
/// the site root) and, over rsync, to the folder `remote`.
fn site(sshd: &Sshd) -> SiteTest {
    let test = SiteTest::from_fixture("build/minimal");
    fs::write(
        test.root().join("content/tin-tuc/doi-the-bhyt.md"),
        "+++\ntitle = \"Đổi thẻ BHYT bị hỏng\"\ndate = 2026-10-01T08:00:00+07:00\n+++\n\n\
         Thẻ bảo hiểm y tế bị rách, hỏng được cấp lại tại bộ phận một cửa trong ngày.\n",
    )
    .unwrap();
    let www = test.beside("www");
    let settings = format!(
        "\n[publish]\n[[publish.targets]]\nname = \"web-root\"\nkind = \"folder\"\npath = \"{}\"\n{}",
        www.display(),
        sshd.target("may-chu", &test.beside("remote"))
    );
    append(&test.root().join("content/site.toml"), &settings);
    test
}

pub(crate) fn append(path: &Path, text: &str) {
    let mut all = fs::read_to_string(path).unwrap();
    all.push_str(text);
    fs::write(path, all).unwrap();
}

pub(crate) fn publish(test: &mut SiteTest, now: &str, extra: &[&str]) {
    let mut args = vec!["publish", "--root"];
    let root = test.root().to_string_lossy().into_owned();
    args.push(&root);
    args.extend(["--now", now]);
    args.extend(extra);
    test.run(args);
}

/// The newest record of the publish history, and its entry for `target`.
pub(crate) fn last_record(test: &SiteTest, target: &str) -> (Value, Value) {
    let text = fs::read_to_string(test.root().join(".loa/publish/history.json")).unwrap();
    let history: Value = serde_json::from_str(&text).unwrap();
    let record = history["records"].as_array().unwrap().last().unwrap().clone();
    let entry = record["targets"].as_array().unwrap().iter().find(|t| t["name"] == target).unwrap().clone();
    (record, entry)
}

pub(crate) fn names(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

fn inode(path: &Path) -> u64 {
    fs::metadata(path).unwrap().ino()
}

#[test]
fn publishes_only_what_changed_over_rsync_and_to_a_web_root() {
    let sshd = Sshd::start();
    let mut test = site(&sshd);
    let (www, remote) = (test.beside("www"), test.beside("remote"));

    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok().stdout_contains("`may-chu`").stdout_contains("`web-root`");
    for target in [&www, &remote] {
        let page = fs::read_to_string(target.join(ARTICLE)).unwrap();
        assert!(page.contains("Lịch làm việc sáng thứ Bảy"), "{}", target.display());
        assert!(target.join(OTHER).is_file());
    }
    assert!(!remote.join(".loa-output").exists(), "loa's marker stays home");
    let (record, rsync) = last_record(&test, "may-chu");
    assert_eq!(record["ok"], true);
    assert_eq!(rsync["uploaded"], record["files"]);
    assert_eq!(rsync["kept"], 0);

    // Nothing changed: nothing is sent anywhere, and the server's files keep their identity.
    // The build is skipped too: keeping the generation (hard links) does not count as a change.
    let remote_inode = inode(&remote.join(ARTICLE));
    publish(&mut test, "2026-11-22T08:01:00", &[]);
    test.assert_ok().stdout_contains("Không có gì thay đổi kể từ lần dựng trước");
    for target in ["may-chu", "web-root"] {
        let (_, entry) = last_record(&test, target);
        assert_eq!(
            (entry["ok"].clone(), entry["delivered"].clone(), entry["uploaded"].clone()),
            (true.into(), false.into(), 0.into()),
            "{target}"
        );
    }
    assert_eq!(inode(&remote.join(ARTICLE)), remote_inode);

    // One article changes: its page goes up, the other article's page does not.
    let source = test.root().join("content/tin-tuc/lich-lam-viec.md");
    append(&source, "\nTừ tháng 12, bộ phận một cửa làm việc thêm chiều thứ Bảy.\n");
    publish(&mut test, "2026-11-22T08:02:00", &[]);
    test.assert_ok();
    for target in ["may-chu", "web-root"] {
        let (_, entry) = last_record(&test, target);
        let uploaded = names(&entry["uploaded_files"]);
        assert!(uploaded.contains(&ARTICLE.to_string()), "{target}: {uploaded:?}");
        for untouched in [OTHER, "404.html", "style.css", "robots.txt"] {
            assert!(!uploaded.contains(&untouched.to_string()), "{target} uploaded {untouched}: {uploaded:?}");
        }
        assert_eq!(entry["deleted"], 0, "{target}");
    }
    assert!(fs::read_to_string(remote.join(ARTICLE)).unwrap().contains("chiều thứ Bảy"));
    assert!(fs::read_to_string(www.join(ARTICLE)).unwrap().contains("chiều thứ Bảy"));

    // An article is deleted: its page is removed from both targets, and reported.
    fs::remove_file(test.root().join("content/tin-tuc/doi-the-bhyt.md")).unwrap();
    publish(&mut test, "2026-11-22T08:03:00", &[]);
    test.assert_ok();
    for target in ["may-chu", "web-root"] {
        let (_, entry) = last_record(&test, target);
        assert!(names(&entry["deleted_files"]).contains(&OTHER.to_string()), "{target}: {entry}");
    }
    assert!(!remote.join(OTHER).exists() && !www.join(OTHER).exists());
    assert!(!remote.join("tin-tuc/doi-the-bhyt").exists(), "the empty folder goes too");
}

#[test]
fn a_symlinked_web_root_keeps_its_link() {
    let sshd = Sshd::start();
    let mut test = site(&sshd);
    let (www, real) = (test.beside("www"), test.beside("releases/bhxh"));
    fs::create_dir_all(&real).unwrap();
    std::os::unix::fs::symlink(&real, &www).unwrap();
    // The server's web root is a link too.
    let (remote, remote_real) = (test.beside("remote"), test.beside("srv-remote"));
    fs::create_dir(&remote_real).unwrap();
    std::os::unix::fs::symlink(&remote_real, &remote).unwrap();

    for (now, extra) in [("2026-11-22T08:00:00", ""), ("2026-11-22T08:01:00", "\nThêm một dòng.\n")] {
        append(&test.root().join("content/tin-tuc/lich-lam-viec.md"), extra);
        publish(&mut test, now, &[]);
        test.assert_ok();
        for (link, folder) in [(&www, &real), (&remote, &remote_real)] {
            assert!(
                fs::symlink_metadata(link).unwrap().file_type().is_symlink(),
                "{} is no longer a link",
                link.display()
            );
            assert_eq!(fs::read_link(link).unwrap(), *folder);
            assert!(folder.join(ARTICLE).is_file(), "{}", folder.display());
        }
    }
    assert!(fs::read_to_string(real.join(ARTICLE)).unwrap().contains("Thêm một dòng."));
    assert!(fs::read_to_string(remote_real.join(ARTICLE)).unwrap().contains("Thêm một dòng."));
}

#[test]
fn an_unwritable_target_fails_naming_it_and_keeps_the_previous_site() {
    let sshd = Sshd::start();
    let mut test = site(&sshd);
    let (www, remote) = (test.beside("www"), test.beside("remote"));
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok();
    let before = fs::read_to_string(remote.join(ARTICLE)).unwrap();

    append(&test.root().join("content/tin-tuc/lich-lam-viec.md"), "\nLịch mới từ tháng 12.\n");
    {
        let _locked = Unwritable::new(&remote, true);
        publish(&mut test, "2026-11-22T08:01:00", &["--lang", "en"]);
        test.assert_exit(1)
            .stderr_contains("target `may-chu`")
            .stderr_contains("the previous site on 127.0.0.1:")
            .stderr_contains("write access");
    }
    // The server still serves the previous page; the web root, which could be written, has the new one.
    assert_eq!(fs::read_to_string(remote.join(ARTICLE)).unwrap(), before);
    assert!(fs::read_to_string(www.join(ARTICLE)).unwrap().contains("Lịch mới"));
    let (record, entry) = last_record(&test, "may-chu");
    assert_eq!((record["ok"].clone(), entry["ok"].clone()), (false.into(), false.into()));

    // The local web root's folder cannot take the staging folder: it fails, and is left as it was.
    append(&test.root().join("content/tin-tuc/lich-lam-viec.md"), "\nLịch mới nữa.\n");
    {
        let _locked = Unwritable::new(test.temp_dir(), false);
        publish(&mut test, "2026-11-22T08:02:00", &[]);
        test.assert_exit(1).stderr_contains("đích `web-root`").stderr_contains("cách sửa");
    }
    assert!(!fs::read_to_string(www.join(ARTICLE)).unwrap().contains("Lịch mới nữa"));
    assert!(fs::read_to_string(remote.join(ARTICLE)).unwrap().contains("Lịch mới nữa"), "the other target went on");

    // Only the server's top folder is locked: rsync replaces what it can elsewhere, and the
    // message says the site is mixed rather than claiming the previous one is intact.
    append(&test.root().join("content/tin-tuc/lich-lam-viec.md"), "\nLịch mới lần ba.\n");
    {
        let _locked = Unwritable::new(&remote, false);
        publish(&mut test, "2026-11-22T08:03:00", &["--lang", "en"]);
        test.assert_exit(1).stderr_contains("mixes the previous and the new site");
    }

    // Once the folders can be written again, the next run delivers everywhere.
    publish(&mut test, "2026-11-22T08:04:00", &[]);
    test.assert_ok();
    assert!(fs::read_to_string(www.join(ARTICLE)).unwrap().contains("Lịch mới nữa"));
}

#[test]
fn rollback_serves_the_previous_build_until_the_content_changes() {
    let sshd = Sshd::start();
    let mut test = site(&sshd);
    let (www, remote) = (test.beside("www"), test.beside("remote"));
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok();
    // A bad edit goes out: the other article is deleted by mistake.
    fs::rename(test.root().join("content/tin-tuc/doi-the-bhyt.md"), test.beside("doi-the-bhyt.md")).unwrap();
    publish(&mut test, "2026-11-22T08:01:00", &[]);
    test.assert_ok();
    assert!(!remote.join(OTHER).exists() && !www.join(OTHER).exists());

    publish(&mut test, "2026-11-22T08:02:00", &["--rollback"]);
    test.assert_ok();
    assert!(remote.join(OTHER).is_file() && www.join(OTHER).is_file(), "the previous build is served again");
    let (record, _) = last_record(&test, "may-chu");
    assert_eq!((record["rollback"].clone(), record["generation"].clone()), (true.into(), 1.into()));

    // The timer's next runs keep the rollback while the content is as it was.
    publish(&mut test, "2026-11-22T08:03:00", &[]);
    test.assert_ok();
    assert!(remote.join(OTHER).is_file() && www.join(OTHER).is_file());

    // The editors fix the content: the next run publishes it.
    fs::rename(test.beside("doi-the-bhyt.md"), test.root().join("content/tin-tuc/doi-the-bhyt.md")).unwrap();
    append(&test.root().join("content/tin-tuc/doi-the-bhyt.md"), "\nMang theo căn cước khi đến làm thủ tục.\n");
    publish(&mut test, "2026-11-22T08:04:00", &[]);
    test.assert_ok();
    assert!(fs::read_to_string(remote.join(OTHER)).unwrap().contains("căn cước"));
    assert!(fs::read_to_string(www.join(OTHER)).unwrap().contains("căn cước"));
}

#[test]
fn a_scheduled_article_appears_on_every_target_at_the_first_run_after_its_time() {
    let sshd = Sshd::start();
    let mut test = site(&sshd);
    let (www, remote) = (test.beside("www"), test.beside("remote"));
    fs::write(
        test.root().join("content/tin-tuc/nghi-tet.md"),
        "+++\ntitle = \"Lịch nghỉ Tết Nguyên đán\"\ndate = 2026-11-22T08:00:00+07:00\npublish_at = 2026-11-22T08:01:00+07:00\n+++\n\n         Bộ phận một cửa nghỉ Tết từ ngày 14 đến hết ngày 22 tháng 2.\n",
    )
    .unwrap();
    let page = "tin-tuc/nghi-tet/index.html";
    // Runs every minute: at 08:00:00 and 08:00:59 it is not out yet.
    for now in ["2026-11-22T08:00:00", "2026-11-22T08:00:59"] {
        publish(&mut test, now, &[]);
        test.assert_ok();
        for target in [&www, &remote] {
            assert!(!target.join(page).exists(), "{now}: early on {}", target.display());
            assert!(!fs::read_to_string(target.join("index.html")).unwrap().contains("nghỉ Tết"), "{now}");
        }
    }
    // The first run after 08:01 publishes it everywhere, its page and the home page listing it.
    publish(&mut test, "2026-11-22T08:01:05", &[]);
    test.assert_ok();
    for target in [&www, &remote] {
        assert!(target.join(page).is_file(), "late on {}", target.display());
        assert!(fs::read_to_string(target.join("index.html")).unwrap().contains("Lịch nghỉ Tết"));
    }
}

#[test]
fn publish_settings_are_checked_like_the_rest_of_site_toml() {
    let mut test = SiteTest::from_fixture("build/minimal");
    append(
        &test.root().join("content/site.toml"),
        "\n[publish]\n[[publish.targets]]\nname = \"web\"\nkind = \"rsync\"\nhost = \"web1\"\npath = \"/srv/www\"\nprot = 22\npassword = \"x\"\n",
    );
    test.arg("--lang").arg("en").check().assert_exit(1);
    test.stderr_contains("content/site.toml:10:1")
        .stderr_contains("did you mean `port`")
        .stderr_contains("content/site.toml:11:1")
        .stderr_contains("identity = ");
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_exit(1);
    assert!(!test.root().join("public/index.html").exists(), "nothing is built or delivered");
}

/// Runs git with a fixed identity in `dir`, and insists that it succeeds.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args([
            "-c",
            "user.name=Biên tập viên",
            "-c",
            "user.email=bientap@bhxh.example.vn",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("running git");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn pulls_the_content_first_and_refuses_a_dirty_or_diverged_checkout() {
    let mut test = SiteTest::from_fixture("build/minimal");
    let www = test.beside("www");
    append(
        &test.root().join("content/site.toml"),
        &format!(
            "\n[publish]\npull = true\n[[publish.targets]]\nname = \"web-root\"\nkind = \"folder\"\npath = \"{}\"\n",
            www.display()
        ),
    );
    // The editors' repository, the server's checkout (the site root) and an editor's clone.
    let (origin, editor) = (test.beside("origin.git"), test.beside("editor"));
    git(test.temp_dir(), &["init", "-q", "--bare", origin.to_str().unwrap()]);
    fs::write(test.root().join(".gitignore"), "/public/\n/.public.*\n/.loa/\n").unwrap();
    git(test.root(), &["init", "-q"]);
    git(test.root(), &["add", "."]);
    git(test.root(), &["commit", "-qm", "Nội dung đầu tiên"]);
    git(test.root(), &["remote", "add", "origin", origin.to_str().unwrap()]);
    git(test.root(), &["push", "-q", "-u", "origin", "main"]);
    git(test.temp_dir(), &["clone", "-q", origin.to_str().unwrap(), editor.to_str().unwrap()]);

    // An editor pushes an article: the next run pulls and publishes it.
    let article = "content/tin-tuc/nop-ho-so-truc-tuyen.md";
    fs::write(
        editor.join(article),
        "+++\ntitle = \"Nộp hồ sơ trực tuyến\"\ndate = 2026-11-20T08:00:00+07:00\n+++\n\nHồ sơ cấp lại sổ BHXH nộp qua Cổng dịch vụ công quốc gia.\n",
    )
    .unwrap();
    git(&editor, &["add", "."]);
    git(&editor, &["commit", "-qm", "Bài nộp hồ sơ trực tuyến"]);
    git(&editor, &["push", "-q"]);
    publish(&mut test, "2026-11-22T08:00:00", &[]);
    test.assert_ok();
    assert!(www.join("tin-tuc/nop-ho-so-truc-tuyen/index.html").is_file());
    let (record, _) = last_record(&test, "web-root");
    assert_eq!(record["commit"].as_str().map(str::len), Some(40));

    // Someone edits the server's checkout by hand: nothing is pulled or published.
    let page = fs::read_to_string(www.join(ARTICLE)).unwrap();
    append(&test.root().join("content/tin-tuc/lich-lam-viec.md"), "\nSửa tay trên máy chủ.\n");
    publish(&mut test, "2026-11-22T08:01:00", &["--lang", "en"]);
    test.assert_exit(1).stderr_contains("uncommitted changes").stderr_contains("content/tin-tuc/lich-lam-viec.md");
    assert_eq!(fs::read_to_string(www.join(ARTICLE)).unwrap(), page);

    // The hand edit is committed on the server while the editors push too: the histories diverged.
    git(test.root(), &["commit", "-qam", "Sửa tay"]);
    append(&editor.join("content/tin-tuc/lich-lam-viec.md"), "\nLịch mới của biên tập viên.\n");
    git(&editor, &["commit", "-qam", "Lịch mới"]);
    git(&editor, &["push", "-q"]);
    publish(&mut test, "2026-11-22T08:02:00", &["--lang", "en"]);
    test.assert_exit(1).stderr_contains("diverged").stderr_contains("reset --hard @{u}");
    assert_eq!(fs::read_to_string(www.join(ARTICLE)).unwrap(), page);
}
