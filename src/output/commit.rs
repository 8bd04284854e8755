//! Committing one build as the new content of the output folder: nothing at all when nothing
//! changed, otherwise a staging folder that is swapped in atomically.

use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{anyhow, bail, Context, Result};

use super::destination::{GITKEEP, MARKER_NAME, MARKER_TEXT};
use super::previous::Previous;
use super::staging;
use super::swap::{remove_tree, swap_in};

/// Every file of one build, by relative path with '/' separators ("index.html",
/// "tin-tuc/a/index.html"), in memory. A BTreeMap so iteration is deterministic.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What one commit did, counted over the build's files (the marker and `.gitkeep` aside).
#[derive(Debug, Default, PartialEq)]
pub struct CommitStats {
    /// Files whose bytes are new or changed.
    pub written: usize,
    /// Files with the same bytes as before, which kept their identity (inode and mtime).
    pub unchanged: usize,
    /// Files of the previous output that this build no longer has.
    pub removed: usize,
    /// Whether a new folder was swapped in; false when the output already matched.
    pub swapped: bool,
}

/// Commits `files` as the new content of `out`, atomically: a reader of `out` sees the whole
/// previous build or the whole new one. When `out` already holds exactly these bytes nothing is
/// touched; otherwise unchanged files are hard-linked from the previous output. If anything
/// fails before the swap, `out` is left exactly as it was.
///
/// Call [`check_destination`](super::check_destination) first: this replaces `out` wholesale.
pub fn commit(out: &Path, files: &Files) -> Result<CommitStats> {
    check_paths(files.keys())?;
    let commit = Commit::begin(out)?;
    for (relative, bytes) in files {
        if let Err(error) = commit.put(relative, bytes) {
            commit.abandon();
            return Err(error);
        }
    }
    commit.finish()
}

/// A commit fed one file at a time, from any thread, so a build never holds its whole output
/// in memory: each file is compared with the previous output as it comes and, when it is new or
/// changed, written into the staging folder at once. [`Commit::finish`] then links the
/// unchanged files and swaps the staging folder in, or touches nothing when nothing changed.
pub struct Commit {
    out: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    previous: Option<Previous>,
    state: Mutex<Received>,
}

/// The files a [`Commit`] was given so far.
#[derive(Default)]
struct Received {
    /// Written into the staging folder.
    written: BTreeSet<String>,
    /// Same bytes as in the previous output: hard-linked from there at the end.
    kept: BTreeSet<String>,
    /// Whether the staging folder was made.
    prepared: bool,
}

impl Commit {
    /// Surveys the previous output and prepares an empty staging folder beside `out`.
    pub fn begin(out: &Path) -> Result<Commit> {
        let name = out.file_name().ok_or_else(|| {
            anyhow!("cannot publish into {}: it names no folder; pass a path such as public", out.display())
        })?;
        let parent = out.parent().unwrap_or(Path::new(""));
        let sibling = |suffix: &str| {
            let mut sibling = OsString::from(".");
            sibling.push(name);
            sibling.push(suffix);
            parent.join(sibling)
        };
        let (staging, old) = (sibling(".staging"), sibling(".old"));
        let previous = Previous::survey(out)?;
        let state = Mutex::new(Received::default());
        Ok(Commit { out: out.to_path_buf(), staging, old, previous, state })
    }

    /// Makes the empty staging folder, the first time a file must be written: a build that
    /// changes nothing touches nothing, not even the folder around `out`.
    fn prepare(&self, received: &mut Received) -> Result<()> {
        if received.prepared {
            return Ok(());
        }
        if let Some(parent) = self.staging.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        // A leftover staging folder is what an interrupted build left behind.
        remove_tree(&self.staging)?;
        fs::create_dir(&self.staging).with_context(|| format!("creating {}", self.staging.display()))?;
        received.prepared = true;
        Ok(())
    }

    /// Takes one file of the build (path relative to the output folder, '/'-separated).
    pub fn put(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        check_path(relative)?;
        if let Some(previous) = &self.previous {
            if previous.holds(&self.out, relative, bytes)? {
                self.lock().kept.insert(relative.to_string());
                return Ok(());
            }
        }
        self.prepare(&mut self.lock())?;
        let target = self.staging.join(relative);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?;
        self.lock().written.insert(relative.to_string());
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Received> {
        // A thread that panicked while holding the lock only ever inserted a name.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Makes the files given so far the new content of the output folder.
    pub fn finish(self) -> Result<CommitStats> {
        let result = self.swap();
        if result.is_err() {
            // Best effort: the build error is what the editor must see, and the next build
            // removes a staging folder that could not be removed now.
            let _ = remove_tree(&self.staging);
        }
        result
    }

    /// Gives up: removes the staging folder and leaves the output folder as it was.
    pub fn abandon(self) {
        let _ = remove_tree(&self.staging);
    }

    fn swap(&self) -> Result<CommitStats> {
        let mut received = std::mem::take(&mut *self.lock());
        let (written, kept) = (std::mem::take(&mut received.written), std::mem::take(&mut received.kept));
        let all: BTreeSet<&str> = written.iter().chain(kept.iter()).map(String::as_str).collect();
        check_folders(&all)?;
        let (out, staging) = (&self.out, &self.staging);
        if let Some(previous) = &self.previous {
            if written.is_empty() && is_exactly(out, previous, &all)? {
                return Ok(CommitStats { unchanged: kept.len(), ..CommitStats::default() });
            }
        }
        self.prepare(&mut received)?;
        let removed = self
            .previous
            .as_ref()
            .map_or(0, |previous| previous.files.iter().filter(|f| !all.contains(f.as_str()) && !is_ours(f)).count());
        staging::finish(staging, out, &kept)?;
        if self.previous.is_some() {
            // An administrator may have opened up or restricted the folder for the web server.
            let permissions = fs::metadata(out).with_context(|| format!("inspecting {}", out.display()))?.permissions();
            fs::set_permissions(staging, permissions)
                .with_context(|| format!("setting permissions of {}", staging.display()))?;
        }
        if let Some(previous_tree) = swap_in(staging, out, &self.old)? {
            remove_tree(&previous_tree).with_context(|| {
                format!("the new site is in place at {}, but the previous one could not be deleted", out.display())
            })?;
        }
        Ok(CommitStats { written: written.len(), unchanged: kept.len(), removed, swapped: true })
    }
}

/// Whether `out`, whose files all match `files`, holds nothing else than them, their folders,
/// loa's marker and a `.gitkeep`.
fn is_exactly(out: &Path, previous: &Previous, files: &BTreeSet<&str>) -> Result<bool> {
    if previous.strangers > 0 || !previous.holds(out, MARKER_NAME, MARKER_TEXT.as_bytes())? {
        return Ok(false);
    }
    let only_ours = previous.files.iter().all(|f| files.contains(f.as_str()) || is_ours(f));
    // An empty folder left over from a removed page must go too, or a sync would keep it.
    let no_extra_dirs = previous.dirs.iter().all(|dir| has_files_under(files, dir));
    Ok(only_ours && no_extra_dirs)
}

fn is_ours(relative: &str) -> bool {
    relative == MARKER_NAME || relative == GITKEEP
}

/// Whether some file of `files` lies inside the folder `dir`.
fn has_files_under(files: &BTreeSet<&str>, dir: &str) -> bool {
    let prefix = format!("{dir}/");
    files
        .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
        .next()
        .is_some_and(|path| path.starts_with(&prefix))
}

/// Rejects paths that would land outside the output folder or on loa's marker. They come from
/// the generator, so each is a bug, caught before any write.
fn check_paths<'a>(paths: impl IntoIterator<Item = &'a String>) -> Result<()> {
    paths.into_iter().try_for_each(|p| check_path(p))
}

fn check_path(path: &str) -> Result<()> {
    let malformed = path.is_empty()
        || path.contains('\0')
        || path.split('/').any(|part| part.is_empty() || part == "." || part == "..");
    if malformed {
        bail!("cannot publish `{path}`: output paths are relative, '/'-separated, without empty, `.` or `..` parts (a bug in loa)");
    }
    if path == MARKER_NAME {
        bail!("cannot publish `{path}`: the name is reserved for loa's own marker file");
    }
    Ok(())
}

/// Rejects a path published both as a file and as a folder holding other files (a bug).
fn check_folders(files: &BTreeSet<&str>) -> Result<()> {
    for path in files {
        if has_files_under(files, path) {
            bail!("cannot publish `{path}` both as a file and as a folder holding other files (a bug in loa)");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;
    use std::path::PathBuf;

    use super::*;

    fn files(entries: &[(&str, &str)]) -> Files {
        entries.iter().map(|(path, text)| (path.to_string(), text.as_bytes().to_vec())).collect()
    }

    fn site() -> Files {
        files(&[
            ("index.html", "<!doctype html><title>Trang chủ</title>"),
            ("tin-tuc/a/index.html", "bài a"),
            ("tin-tuc/b/index.html", "bài b"),
            ("tin-tuc/index.html", "tin tức"),
            ("robots.txt", "User-agent: *"),
        ])
    }

    /// Inode, mtime (seconds, nanoseconds) and ctime (seconds, nanoseconds).
    type Identity = (u64, i64, i64, i64, i64);

    /// Every entry under `dir` (and `dir` itself as ""), with the facts a rewrite would change.
    fn identities(dir: &Path) -> BTreeMap<String, Identity> {
        fn walk(dir: &Path, prefix: &str, into: &mut BTreeMap<String, Identity>) {
            for entry in fs::read_dir(dir).unwrap() {
                let entry = entry.unwrap();
                let relative = format!("{prefix}{}", entry.file_name().to_str().unwrap());
                let meta = entry.metadata().unwrap();
                into.insert(
                    relative.clone(),
                    (meta.ino(), meta.mtime(), meta.mtime_nsec(), meta.ctime(), meta.ctime_nsec()),
                );
                if meta.is_dir() {
                    walk(&entry.path(), &format!("{relative}/"), into);
                }
            }
        }
        let meta = fs::metadata(dir).unwrap();
        let mut all = BTreeMap::from([(
            String::new(),
            (meta.ino(), meta.mtime(), meta.mtime_nsec(), meta.ctime(), meta.ctime_nsec()),
        )]);
        walk(dir, "", &mut all);
        all
    }

    /// The files under `dir` (marker included), by relative path.
    fn contents(dir: &Path) -> Files {
        identities(dir)
            .into_keys()
            .filter(|path| !path.is_empty() && dir.join(path).is_file())
            .map(|path| {
                let bytes = fs::read(dir.join(&path)).unwrap();
                (path, bytes)
            })
            .collect()
    }

    fn with_marker(mut files: Files) -> Files {
        files.insert(MARKER_NAME.to_owned(), MARKER_TEXT.as_bytes().to_vec());
        files
    }

    fn ino(path: &Path) -> u64 {
        fs::metadata(path).unwrap().ino()
    }

    fn leftovers(parent: &Path) -> Vec<PathBuf> {
        let mut names: Vec<_> = fs::read_dir(parent).unwrap().map(|e| e.unwrap().path()).collect();
        names.sort();
        names
    }

    #[test]
    fn commits_into_a_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stats = commit(&out, &site()).unwrap();
        assert_eq!(stats, CommitStats { written: 5, unchanged: 0, removed: 0, swapped: true });
        assert_eq!(contents(&out), with_marker(site()));
        assert_eq!(leftovers(dir.path()), [out]);
    }

    #[test]
    fn creates_missing_parent_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("srv/www/public");
        commit(&out, &site()).unwrap();
        assert_eq!(contents(&out), with_marker(site()));
    }

    #[test]
    fn keeps_gitkeep_and_the_folder_itself() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(GITKEEP), "").unwrap();
        let gitkeep = ino(&out.join(GITKEEP));

        let stats = commit(&out, &site()).unwrap();
        assert_eq!(stats, CommitStats { written: 5, unchanged: 0, removed: 0, swapped: true });
        assert!(fs::symlink_metadata(&out).unwrap().is_dir(), "public/ must stay a real folder for git");
        assert_eq!(ino(&out.join(GITKEEP)), gitkeep);
        let mut expected = with_marker(site());
        expected.insert(GITKEEP.to_owned(), Vec::new());
        assert_eq!(contents(&out), expected);
        assert_eq!(leftovers(dir.path()), [out]);
    }

    #[test]
    fn identical_rebuild_touches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join(GITKEEP), "").unwrap();
        commit(&out, &site()).unwrap();
        let before = identities(&out);
        let parent_before = identities(dir.path());

        let stats = commit(&out, &site()).unwrap();
        assert_eq!(stats, CommitStats { written: 0, unchanged: 5, removed: 0, swapped: false });
        assert_eq!(identities(&out), before);
        // Not even a staging folder came and went beside it.
        assert_eq!(identities(dir.path()), parent_before);
    }

    #[test]
    fn a_change_keeps_the_other_files_and_removes_dropped_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        commit(&out, &site()).unwrap();
        let before = identities(&out);

        let mut next = site();
        next.insert("index.html".to_owned(), "<!doctype html><title>Trang chủ mới</title>".into());
        next.remove("tin-tuc/b/index.html");
        let stats = commit(&out, &next).unwrap();
        assert_eq!(stats, CommitStats { written: 1, unchanged: 3, removed: 1, swapped: true });

        let after = identities(&out);
        for unchanged in ["tin-tuc/a/index.html", "tin-tuc/index.html", "robots.txt"] {
            assert_eq!(after[unchanged].0, before[unchanged].0, "{unchanged} was not hard-linked");
            let mtime = |id: &Identity| (id.1, id.2);
            assert_eq!(mtime(&after[unchanged]), mtime(&before[unchanged]), "{unchanged}");
        }
        assert_ne!(after["index.html"].0, before["index.html"].0);
        assert_eq!(contents(&out), with_marker(next));
        assert!(!out.join("tin-tuc/b").exists(), "the folder of a dropped page must go too");
        assert_eq!(leftovers(dir.path()), [out]);
    }

    #[test]
    fn a_dropped_page_alone_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        commit(&out, &site()).unwrap();
        let mut next = site();
        next.remove("robots.txt");
        let stats = commit(&out, &next).unwrap();
        assert_eq!(stats, CommitStats { written: 0, unchanged: 4, removed: 1, swapped: true });
        assert_eq!(contents(&out), with_marker(next));
    }

    #[test]
    fn foreign_leftovers_force_a_clean_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        commit(&out, &site()).unwrap();
        fs::create_dir(out.join("empty")).unwrap();
        let stats = commit(&out, &site()).unwrap();
        assert!(stats.swapped);
        assert!(!out.join("empty").exists());

        std::os::unix::fs::symlink("index.html", out.join("alias.html")).unwrap();
        assert!(commit(&out, &site()).unwrap().swapped);
        assert!(fs::symlink_metadata(out.join("alias.html")).is_err());

        fs::write(out.join(MARKER_NAME), "tampered").unwrap();
        assert!(commit(&out, &site()).unwrap().swapped);
        assert_eq!(contents(&out), with_marker(site()));
    }

    #[test]
    fn replaces_a_leftover_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = dir.path().join(".public.staging");
        fs::create_dir_all(staging.join("half")).unwrap();
        fs::write(staging.join("half/written.html"), "interrupted").unwrap();
        commit(&out, &site()).unwrap();
        assert_eq!(contents(&out), with_marker(site()));
        assert_eq!(leftovers(dir.path()), [out]);
    }

    fn assert_failure_leaves_output_untouched(bad: Files, expected_error: &str) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        commit(&out, &site()).unwrap();
        // Hard-linking into the discarded staging folder changes a file's ctime (its link
        // count), but not its inode, mtime or bytes, which are what readers and syncs see.
        let without_ctime = |all: BTreeMap<String, Identity>| {
            all.into_iter().map(|(path, id)| (path, (id.0, id.1, id.2))).collect::<Vec<_>>()
        };
        let before = without_ctime(identities(&out));
        let error = commit(&out, &bad).unwrap_err();
        assert!(format!("{error:#}").contains(expected_error), "{error:#}");
        assert_eq!(without_ctime(identities(&out)), before);
        assert_eq!(contents(&out), with_marker(site()));
        assert_eq!(leftovers(dir.path()), [out]);
    }

    #[test]
    fn a_file_that_cannot_be_written_leaves_the_output_untouched() {
        let mut bad = site();
        bad.insert("index.html".to_owned(), b"changed".to_vec());
        // Longer than any filesystem allows for one name, so writing staging fails midway.
        bad.insert(format!("tin-tuc/{}.html", "x".repeat(300)), b"too long".to_vec());
        assert_failure_leaves_output_untouched(bad, ".public.staging/tin-tuc/xxx");
    }

    #[test]
    fn a_file_and_a_folder_of_one_name_leave_the_output_untouched() {
        let mut bad = site();
        bad.insert("tin-tuc/a".to_owned(), b"a file where a folder is".to_vec());
        assert_failure_leaves_output_untouched(bad, "both as a file and as a folder");
    }

    #[test]
    fn rejects_paths_outside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for path in ["../escape.html", "/etc/passwd", "a//b", "a/./b", "", "a/", MARKER_NAME] {
            let error = commit(&out, &files(&[(path, "x")])).unwrap_err();
            assert!(error.to_string().contains("cannot publish"), "{path}: {error}");
        }
        assert!(!out.exists());
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn refuses_a_path_that_names_no_folder() {
        assert!(commit(Path::new("/"), &site()).is_err());
        assert!(commit(Path::new("public/.."), &site()).is_err());
    }

    #[test]
    fn publishes_an_empty_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        commit(&out, &site()).unwrap();
        let stats = commit(&out, &Files::new()).unwrap();
        assert_eq!(stats, CommitStats { written: 0, unchanged: 0, removed: 5, swapped: true });
        assert_eq!(contents(&out), with_marker(Files::new()));
        assert!(!commit(&out, &Files::new()).unwrap().swapped);
    }
}
