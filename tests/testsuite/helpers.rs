//! The chained helper every test uses: copy a fixture site to a temporary folder, run the
//! built `loa` binary over it, then check its exit code, its messages and the files it wrote.
//!
//! Modelled on rust-lang/mdBook `tests/testsuite/book_test.rs`:
//!
//! ```ignore
//! SiteTest::from_fixture("build/basic")
//!     .now("2026-11-22T08:00:00")
//!     .build()
//!     .assert_ok()
//!     .assert_file_contains("tin-tuc/index.html", "Gia hạn thẻ BHYT");
//! ```

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The instant most tests build at: 22 November 2026, 08:00 site time (Asia/Ho_Chi_Minh).
pub const NOW: &str = "2026-11-22T08:00:00";

/// The base URL every fixture site declares.
pub const BASE_URL: &str = "https://bhxh-thunghiem.example.vn";

/// The folder that holds every fixture site.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temporary folder, and the outcome of the last command run over it.
pub struct SiteTest {
    /// Holds the site root and any sibling folders a test writes to (other `--out` targets).
    dir: TempDir,
    root: PathBuf,
    now: String,
    args: Vec<OsString>,
    out: Option<PathBuf>,
    output: Option<Output>,
    command: String,
    /// The locale the commands run in (`LANG`); `C.UTF-8` unless a test says otherwise.
    locale: String,
    /// Environment variables set (`Some`) or removed (`None`) for the commands, in order.
    env: Vec<(OsString, Option<OsString>)>,
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>/` (a folder holding `content/` and maybe `themes/`) to a
    /// fresh temporary site root.
    pub fn from_fixture(name: &str) -> SiteTest {
        let source = fixtures_dir().join(name);
        assert!(source.join("content").is_dir(), "fixture {} has no content/ folder", source.display());
        let test = SiteTest::empty();
        copy_tree(&source, &test.root);
        test
    }

    /// A site root whose `content/` is a copy of the folder `content`.
    pub fn from_content_dir(content: &Path) -> SiteTest {
        let test = SiteTest::empty();
        copy_tree(content, &test.root.join("content"));
        test
    }

    fn empty() -> SiteTest {
        let dir = tempfile::Builder::new().prefix("loa-test-").tempdir().expect("creating a temporary folder");
        let root = dir.path().join("site");
        fs::create_dir(&root).expect("creating the site root");
        SiteTest {
            dir,
            root,
            now: NOW.to_string(),
            args: Vec::new(),
            out: None,
            output: None,
            command: String::new(),
            locale: "C.UTF-8".into(),
            env: Vec::new(),
        }
    }

    /// The site root (the folder passed as `--root`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder that holds the site root and everything a test writes.
    pub fn temp_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A path beside the site root, inside the same temporary folder, for other `--out` targets.
    pub fn beside(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The output folder the file checks look into: `--out` if given, else `ROOT/public`.
    pub fn public(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }

    /// Sets `--now` for the following commands (the default is [`NOW`]).
    pub fn now(&mut self, now: &str) -> &mut Self {
        self.now = now.to_string();
        self
    }

    /// Adds an argument to the following commands (`--future`, `--drafts`, ...).
    pub fn arg(&mut self, arg: impl Into<OsString>) -> &mut Self {
        self.args.push(arg.into());
        self
    }

    /// Runs the following commands in the locale `locale` (the `LANG` variable).
    pub fn locale(&mut self, locale: &str) -> &mut Self {
        self.locale = locale.to_string();
        self
    }

    /// Sets the variable `key` for the following commands (`None`: removes it from the
    /// environment they inherit).
    pub fn env(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        self.env.push((key.into(), value.map(Into::into)));
        self
    }

    /// Removes the extra arguments given with [`SiteTest::arg`].
    pub fn clear_args(&mut self) -> &mut Self {
        self.args.clear();
        self
    }

    /// Builds into `out` (passed as `--out`); the file checks then look there.
    pub fn out(&mut self, out: impl Into<PathBuf>) -> &mut Self {
        self.out = Some(out.into());
        self
    }

    /// `loa build --root ROOT [--out OUT] [--now T] ARGS...`
    pub fn build(&mut self) -> &mut Self {
        let mut args: Vec<OsString> = vec!["build".into()];
        if let Some(out) = &self.out {
            args.push("--out".into());
            args.push(out.clone().into());
        }
        self.run_site_command(args)
    }

    /// `loa check --root ROOT [--now T] ARGS...`
    pub fn check(&mut self) -> &mut Self {
        self.run_site_command(vec!["check".into()])
    }

    /// `loa schedule --root ROOT --now T EXTRA...`
    pub fn schedule(&mut self, extra: &[&str]) -> &mut Self {
        let mut args: Vec<OsString> = vec!["schedule".into(), "--root".into(), self.root.clone().into()];
        args.push("--now".into());
        args.push(self.now.clone().into());
        args.extend(extra.iter().map(OsString::from));
        self.run(args)
    }

    fn run_site_command(&mut self, mut args: Vec<OsString>) -> &mut Self {
        args.push("--root".into());
        args.push(self.root.clone().into());
        args.push("--now".into());
        args.push(self.now.clone().into());
        args.extend(self.args.iter().cloned());
        self.run(args)
    }

    /// Runs the binary with exactly `args`, from the temporary folder.
    pub fn run<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        self.command =
            format!("loa {}", args.iter().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" "));
        let mut command = Command::new(env!("CARGO_BIN_EXE_loa"));
        command
            .args(&args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("LANG", &self.locale)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("COLUMNS");
        for (key, value) in &self.env {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        let output = command.output().expect("running the loa binary");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "`{}` panicked:\n{stderr}", self.command);
        self.output = Some(output);
        self
    }

    fn output(&self) -> &Output {
        self.output.as_ref().expect("no command has run yet")
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output().stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output().stderr).into_owned()
    }

    /// The exit code of the last command.
    pub fn exit_code(&self) -> Option<i32> {
        self.output().status.code()
    }

    fn report(&self) -> String {
        format!(
            "command: {}\nexit: {:?}\n--- stdout\n{}--- stderr\n{}",
            self.command,
            self.exit_code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// The last command succeeded.
    pub fn assert_ok(&mut self) -> &mut Self {
        assert_eq!(self.exit_code(), Some(0), "expected success\n{}", self.report());
        self
    }

    /// The last command exited with `code`.
    pub fn assert_exit(&mut self, code: i32) -> &mut Self {
        assert_eq!(self.exit_code(), Some(code), "expected exit code {code}\n{}", self.report());
        self
    }

    pub fn stderr_contains(&mut self, text: &str) -> &mut Self {
        assert!(self.stderr().contains(text), "stderr lacks {text:?}\n{}", self.report());
        self
    }

    pub fn stderr_lacks(&mut self, text: &str) -> &mut Self {
        assert!(!self.stderr().contains(text), "stderr should not contain {text:?}\n{}", self.report());
        self
    }

    /// Asserts the whole standard output of the last command.
    pub fn stdout_is(&mut self, text: &str) -> &mut Self {
        assert_eq!(self.stdout(), text, "`{}` printed something else; stderr:\n{}", self.command, self.stderr());
        self
    }

    pub fn stdout_contains(&mut self, text: &str) -> &mut Self {
        assert!(self.stdout().contains(text), "stdout lacks {text:?}\n{}", self.report());
        self
    }

    /// The text of a file of the output folder.
    pub fn file(&self, path: &str) -> String {
        let full = self.public().join(path);
        match fs::read(&full) {
            Ok(bytes) => String::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8")),
            Err(e) => {
                panic!("cannot read {path} of the output ({e}); the output holds:\n{}", self.public_files().join("\n"))
            }
        }
    }

    /// The bytes of a file of the output folder.
    pub fn bytes(&self, path: &str) -> Vec<u8> {
        fs::read(self.public().join(path)).unwrap_or_else(|e| panic!("cannot read {path} of the output: {e}"))
    }

    pub fn assert_file(&mut self, path: &str) -> &mut Self {
        assert!(
            self.public().join(path).is_file(),
            "{path} was not written; the output holds:\n{}",
            self.public_files().join("\n")
        );
        self
    }

    pub fn assert_no_file(&mut self, path: &str) -> &mut Self {
        assert!(!self.public().join(path).exists(), "{path} should not have been written");
        self
    }

    pub fn assert_file_contains(&mut self, path: &str, text: &str) -> &mut Self {
        let content = self.file(path);
        assert!(content.contains(text), "{path} lacks {text:?}:\n{content}");
        self
    }

    pub fn assert_file_lacks(&mut self, path: &str, text: &str) -> &mut Self {
        let content = self.file(path);
        assert!(!content.contains(text), "{path} should not contain {text:?}:\n{content}");
        self
    }

    /// Every file of the output folder, relative, with '/' separators, sorted.
    pub fn public_files(&self) -> Vec<String> {
        let public = self.public();
        if !public.is_dir() {
            return Vec::new();
        }
        let mut files = Vec::new();
        walk(&public, "", &mut |rel, _, meta| {
            if meta.is_file() {
                files.push(rel.to_string());
            }
        });
        files.sort();
        files
    }

    /// The files of the output folder whose bytes contain `token`.
    pub fn grep_public(&self, token: &str) -> Vec<String> {
        let needle = token.as_bytes();
        self.public_files()
            .into_iter()
            .filter(|f| {
                let bytes = self.bytes(f);
                bytes.windows(needle.len()).any(|w| w == needle)
            })
            .collect()
    }

    /// No file of the output folder contains `token`; a marker token (ASCII letters and digits,
    /// like TOKENHENGIO) not even lowercased, the way the search index stores it.
    pub fn assert_nowhere(&mut self, token: &str) -> &mut Self {
        let found = self.grep_public(token);
        assert!(found.is_empty(), "{token:?} should appear nowhere, but is in {found:?}");
        let folded = loa::search::fold::fold(token);
        if folded != token && token.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let found = self.grep_public(&folded);
            assert!(found.is_empty(), "{folded:?} (folded {token:?}) should appear nowhere, but is in {found:?}");
        }
        self
    }

    /// Every link and image of every HTML page that points into the site leads to a file of
    /// the output: `href` of `<a>` and `<link>`, `src` of `<img>` and `<script>`.
    pub fn assert_internal_links_resolve(&mut self) -> &mut Self {
        let public = self.public();
        let mut dead = Vec::new();
        let mut checked = 0;
        for page in self.public_files().iter().filter(|f| f.ends_with(".html")) {
            let text = self.file(page);
            let targets = [("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")]
                .into_iter()
                .flat_map(|(tag, attr)| html::attr_values(&text, tag, attr));
            for target in targets {
                let Some(path) = output_path(&target) else { continue };
                checked += 1;
                if !public.join(&path).is_file() {
                    dead.push(format!("{page}: {target}"));
                }
            }
        }
        assert!(checked > 0, "no internal link was found to check");
        assert!(dead.is_empty(), "links that lead nowhere:\n{}", dead.join("\n"));
        self
    }

    /// Writes a file of the site (path relative to the root), creating its folders.
    pub fn write(&mut self, path: &str, contents: impl AsRef<[u8]>) -> &mut Self {
        let full = self.root.join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).expect("creating folders");
        }
        fs::write(&full, contents).unwrap_or_else(|e| panic!("writing {path}: {e}"));
        self
    }

    /// Changes a text file of the site (path relative to the root).
    pub fn edit(&mut self, path: &str, change: impl FnOnce(String) -> String) -> &mut Self {
        let full = self.root.join(path);
        let text = fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        let changed = change(text.clone());
        assert_ne!(changed, text, "the edit of {path} changed nothing");
        fs::write(&full, changed).unwrap_or_else(|e| panic!("writing {path}: {e}"));
        self
    }

    /// Fills `ROOT/public` with a successful build of the `build/minimal` fixture, so a failing
    /// build has a previous site to leave alone.
    pub fn with_previous_build(&mut self) -> &mut Self {
        let mut previous = SiteTest::from_fixture("build/minimal");
        previous.out(self.root.join("public")).build().assert_ok();
        assert!(self.root.join("public/tin-tuc/lich-lam-viec/index.html").is_file());
        self
    }

    /// Every file and folder under the site root, with its bytes and identity.
    pub fn snapshot(&self) -> Snapshot {
        snapshot(&self.root)
    }

    /// Every file and folder under the output folder, with its bytes and identity.
    pub fn snapshot_public(&self) -> Snapshot {
        snapshot(&self.public())
    }
}

/// The output file a link of the site leads to ("/tin-tuc/a/#x" → "tin-tuc/a/index.html"),
/// or `None` for links that leave the site or stay on the page.
pub fn output_path(url: &str) -> Option<String> {
    let path = url.strip_prefix(BASE_URL).unwrap_or(url);
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let path = path.split(['#', '?']).next().unwrap_or(path);
    let path = path.trim_start_matches('/');
    Some(if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() })
}

/// What a file or folder was at one moment: its bytes (empty for folders), inode and mtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub is_dir: bool,
    pub bytes: Vec<u8>,
    pub ino: u64,
    pub mtime: (i64, i64),
}

/// The entries under a folder, by relative path; the folder itself is "".
pub type Snapshot = BTreeMap<String, Entry>;

pub fn snapshot(dir: &Path) -> Snapshot {
    let mut entries = Snapshot::new();
    if let Ok(meta) = fs::symlink_metadata(dir) {
        entries.insert(String::new(), entry(dir, &meta));
        walk(dir, "", &mut |rel, path, meta| {
            entries.insert(rel.to_string(), entry(path, meta));
        });
    }
    entries
}

fn entry(path: &Path, meta: &fs::Metadata) -> Entry {
    Entry {
        is_dir: meta.is_dir(),
        bytes: if meta.is_file() { fs::read(path).unwrap_or_default() } else { Vec::new() },
        ino: meta.ino(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
    }
}

/// Asserts two snapshots are equal, naming the first paths that differ.
pub fn assert_same_tree(before: &Snapshot, after: &Snapshot, what: &str) {
    let mut differences = Vec::new();
    for (path, old) in before {
        match after.get(path) {
            None => differences.push(format!("{path:?} disappeared")),
            Some(new) if new.bytes != old.bytes => differences.push(format!("{path:?} changed bytes")),
            Some(new) if new.ino != old.ino => differences.push(format!("{path:?} changed inode")),
            Some(new) if new.mtime != old.mtime => differences.push(format!("{path:?} changed mtime")),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        differences.push(format!("{path:?} appeared"));
    }
    assert!(differences.is_empty(), "{what} changed:\n{}", differences[..differences.len().min(20)].join("\n"));
}

/// Walks `dir` depth first without following symlinks, calling `f(relative, path, metadata)`.
fn walk(dir: &Path, prefix: &str, f: &mut dyn FnMut(&str, &Path, &fs::Metadata)) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        let path = e.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        f(&rel, &path, &meta);
        if meta.is_dir() {
            walk(&path, &rel, f);
        }
    }
}

/// Copies the folder `from` to `to`, creating `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("creating {}: {e}", to.display()));
    let entries = fs::read_dir(from).unwrap_or_else(|e| panic!("listing {}: {e}", from.display()));
    for e in entries {
        let e = e.expect("listing a fixture");
        let target = to.join(e.file_name());
        if e.file_type().expect("file type").is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap_or_else(|err| panic!("copying {}: {err}", e.path().display()));
        }
    }
}

/// A little reader of the HTML loa writes (attributes may be unquoted in a theme, so the pages
/// are not XML): enough to find tags and their attributes.
pub mod html {
    use std::collections::BTreeMap;

    /// The attributes of one tag, by lowercase name; a bare attribute has an empty value.
    pub type Attrs = BTreeMap<String, String>;

    /// Every `<name ...>` start tag of `html`, in order.
    pub fn tags(html: &str, name: &str) -> Vec<Attrs> {
        let mut found = Vec::new();
        let open = format!("<{name}");
        let mut rest = html;
        while let Some(i) = rest.find(&open) {
            let after = &rest[i + open.len()..];
            let boundary = after.chars().next();
            if matches!(boundary, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
                let (attrs, len) = attributes(after);
                found.push(attrs);
                rest = &after[len..];
            } else {
                rest = after;
            }
        }
        found
    }

    /// Parses attributes up to the closing `>`; returns them and the length read.
    fn attributes(s: &str) -> (Attrs, usize) {
        let bytes = s.as_bytes();
        let mut attrs = Attrs::new();
        let mut i = 0;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                return (attrs, (i + 1).min(bytes.len()));
            }
            let start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>') {
                i += 1;
            }
            let name = s[start..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let begin = i + 1;
                    let end = s[begin..].find(quote as char).map_or(s.len(), |e| begin + e);
                    value = unescape(&s[begin..end]);
                    i = (end + 1).min(s.len());
                } else {
                    let begin = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = unescape(&s[begin..i]);
                }
            }
            attrs.insert(name, value);
        }
    }

    fn unescape(s: &str) -> String {
        s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    }

    /// The value of attribute `attr` of every `<tag>` that has it.
    pub fn attr_values(html: &str, tag: &str, attr: &str) -> Vec<String> {
        tags(html, tag).into_iter().filter_map(|mut a| a.remove(attr)).collect()
    }

    /// Whether the first occurrence of `text` lies inside an `<a>` element.
    pub fn is_inside_link(html: &str, text: &str) -> bool {
        let Some(at) = html.find(text) else { panic!("{text:?} is not in the page:\n{html}") };
        let before = &html[..at];
        let last_open = [before.rfind("<a "), before.rfind("<a>")].into_iter().flatten().max();
        let last_close = before.rfind("</a>");
        match (last_open, last_close) {
            (Some(open), Some(close)) => open > close,
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// The part of `html` from the first `<tag` whose start tag contains `marker` to its
    /// matching close tag (same tag name, counting nesting).
    pub fn element<'a>(html: &'a str, tag: &str, marker: &str) -> Option<&'a str> {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        let mut search = 0;
        while let Some(rel) = html[search..].find(&open) {
            let start = search + rel;
            let end_of_tag = start + html[start..].find('>')?;
            if html[start..end_of_tag].contains(marker) {
                let mut depth = 0usize;
                let mut i = start;
                loop {
                    let next_open = html[i + 1..].find(&open).map(|p| p + i + 1);
                    let next_close = html[i..].find(&close).map(|p| p + i)?;
                    match next_open {
                        Some(o) if o < next_close => {
                            depth += 1;
                            i = o;
                        }
                        _ => {
                            if depth == 0 {
                                return Some(&html[start..next_close + close.len()]);
                            }
                            depth -= 1;
                            i = next_close + 1;
                        }
                    }
                }
            }
            search = end_of_tag;
        }
        None
    }
}
