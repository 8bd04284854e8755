//! The build manifest, as make and ninja keep one: what a successful `loa build` read, the time
//! window in which its output stays right, and the files it left in the output folder. The next
//! build compares it with what it finds; when everything matches, the output is already exactly
//! what a build would write, and the build can stop there (see `loa build` in the README).
//!
//! One manifest per output folder lives in `ROOT/.loa/build/<hash of the output path>.json`.
//! Anything missing, unreadable, of another format or mismatched means "build": the manifest
//! can make a build skip work, never fail, so deleting `.loa/` is always safe.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, Xxh3};

/// Bump whenever what a manifest records, or how, changes.
const FORMAT: u32 = 1;

/// Digests of everything the output depends on, by part ("loa", "options", "content",
/// "themes", "strings"), kept apart so that `LOA_TIMINGS=1` can say which one changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs(BTreeMap<String, String>);

/// One entry of the output folder: path relative to it, kind (`f` file, `d` folder, `l`
/// symlink, `o` other), size, modification and status-change times (ns) and inode. A file
/// rewritten, touched, replaced or linked elsewhere changes one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry(String, char, u64, i64, i64, u64);

/// What one successful build recorded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub inputs: Inputs,
    /// The instant the build was made for (`--now` or the clock), RFC 3339.
    pub built_at: String,
    /// The first instant after `built_at` at which the output could differ, RFC 3339.
    pub stable_until: String,
    /// Pages and files of the build, for the summary line.
    pub pages: usize,
    pub files: usize,
    /// The warnings the build printed, exactly as printed, to print them again.
    pub warnings: String,
    /// The output folder as the build left it, sorted by path.
    pub output: Vec<Entry>,
}

/// Why a manifest does not let the build be skipped (shown with `LOA_TIMINGS=1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    Format,
    /// The clock (or `--now`) is before the recorded build or at or after the end of its window.
    Time,
    /// An input changed: the name of the part.
    Input(String),
    /// The output folder is not what the build left.
    Output,
}

impl Manifest {
    /// A manifest for a build made at `built_at`, right until `stable_until`.
    pub fn new(inputs: Inputs, built_at: Timestamp, stable_until: Timestamp, output: Vec<Entry>) -> Manifest {
        Manifest {
            format: FORMAT,
            inputs,
            built_at: built_at.to_string(),
            stable_until: stable_until.to_string(),
            pages: 0,
            files: 0,
            warnings: String::new(),
            output,
        }
    }

    /// Whether a build at `now`, with these inputs, would write exactly what `output` holds.
    /// The output is surveyed only when everything else matched.
    pub fn matches(
        &self,
        inputs: &Inputs,
        now: Timestamp,
        output: impl FnOnce() -> Option<Vec<Entry>>,
    ) -> Result<(), Mismatch> {
        if self.format != FORMAT {
            return Err(Mismatch::Format);
        }
        let built_at: Timestamp = self.built_at.parse().map_err(|_| Mismatch::Format)?;
        let until: Timestamp = self.stable_until.parse().map_err(|_| Mismatch::Format)?;
        if now < built_at || now >= until {
            return Err(Mismatch::Time);
        }
        if let Some(part) = inputs.differs_from(&self.inputs) {
            return Err(Mismatch::Input(part));
        }
        match output() {
            Some(found) if found == self.output => Ok(()),
            _ => Err(Mismatch::Output),
        }
    }
}

impl Inputs {
    /// Digests the inputs of a build of the site at `root` into `out`: the running loa binary,
    /// `options` (the command-line choices that change what is written or printed, with the
    /// output folder), every file under `content/` the loader reads, everything under
    /// `themes/`, and the UI-strings files `strings` names (relative to `root`, wherever they
    /// are). `None` when something cannot be read: then no manifest is trusted or written.
    pub fn digest(root: &Path, out: &Path, options: &str, strings: &[&str]) -> Option<Inputs> {
        let mut parts = BTreeMap::new();
        parts.insert("loa".to_string(), loa_identity()?);
        parts.insert("options".to_string(), format!("out={} {options}", output_key(out).display()));
        parts.insert("content".to_string(), tree_digest(&root.join("content"), crate::content::load::is_ignored)?);
        parts.insert("themes".to_string(), tree_digest(&root.join("themes"), |_| false)?);
        let mut hasher = Xxh3::new();
        for rel in strings {
            hasher.update(rel.as_bytes());
            hasher.update(&[0]);
            match fs::read(root.join(rel)) {
                Ok(bytes) => hasher.update(&xxh3_128(&bytes).to_le_bytes()),
                Err(e) if e.kind() == io::ErrorKind::NotFound => hasher.update(b"missing"),
                Err(_) => return None,
            }
        }
        parts.insert("strings".to_string(), format!("{:032x}", hasher.digest128()));
        Some(Inputs(parts))
    }

    fn differs_from(&self, recorded: &Inputs) -> Option<String> {
        let names = self.0.keys().chain(recorded.0.keys());
        names.into_iter().find(|name| self.0.get(*name) != recorded.0.get(*name)).cloned()
    }
}

/// The running binary: its version and the identity of its file (device, inode, size,
/// modification and status-change times). Installing or rebuilding loa changes the file, so
/// a manifest written by another loa is never trusted, without reading the whole binary.
fn loa_identity() -> Option<String> {
    let meta = fs::metadata("/proc/self/exe").or_else(|_| std::env::current_exe().and_then(fs::metadata)).ok()?;
    Some(format!(
        "{} {}:{} {} {}.{:09} {}.{:09}",
        env!("CARGO_PKG_VERSION"),
        meta.dev(),
        meta.ino(),
        meta.size(),
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec()
    ))
}

/// The digest of every entry under `dir` that `ignored` does not prune, by path, kind and
/// bytes; files are read in parallel. A missing folder has a digest of its own.
fn tree_digest(dir: &Path, ignored: fn(&std::ffi::OsStr) -> bool) -> Option<String> {
    if !dir.exists() {
        return Some("absent".to_string());
    }
    let mut entries: Vec<(String, char, PathBuf)> = Vec::new();
    let walker =
        WalkDir::new(dir).min_depth(1).sort_by_file_name().into_iter().filter_entry(|e| !ignored(e.file_name()));
    for entry in walker {
        let entry = entry.ok()?;
        let rel = entry.path().strip_prefix(dir).ok()?.to_string_lossy().into_owned();
        entries.push((rel, kind_letter(entry.file_type()), entry.into_path()));
    }
    let digests: Vec<Option<u128>> = entries
        .par_iter()
        .map(|(_, kind, path)| match kind {
            'f' => fs::read(path).ok().map(|bytes| xxh3_128(&bytes)),
            // A symlink: where it points and, when it leads to a readable file, that file.
            'l' => {
                let target = fs::read_link(path).ok()?;
                let bytes = fs::read(path).unwrap_or_default();
                Some(xxh3_128(target.as_os_str().as_encoded_bytes()) ^ u128::from(xxh3_64(&bytes)))
            }
            _ => Some(0),
        })
        .collect();
    let mut hasher = Xxh3::new();
    for ((rel, kind, _), digest) in entries.iter().zip(digests) {
        hasher.update(rel.as_bytes());
        hasher.update(&[0, *kind as u8]);
        hasher.update(&digest?.to_le_bytes());
    }
    Some(format!("{:032x}", hasher.digest128()))
}

/// The output folder as one path, whichever way it was spelled: resolved when it (or its
/// parent) exists.
fn output_key(out: &Path) -> PathBuf {
    if let Ok(path) = fs::canonicalize(out) {
        return path;
    }
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (fs::canonicalize(parent), out.file_name()) {
        (Ok(parent), Some(name)) => parent.join(name),
        _ => std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf()),
    }
}

/// Where the manifest of builds of the site at `root` into `out` lives.
pub fn manifest_path(root: &Path, out: &Path) -> PathBuf {
    let key = output_key(out);
    let name = format!("{:016x}.json", xxh3_64(key.as_os_str().as_encoded_bytes()));
    root.join(".loa").join("build").join(name)
}

/// The manifest at `path`, or `None` when there is none or it cannot be read as one.
pub fn load(path: &Path) -> Option<Manifest> {
    let bytes = fs::read(path).ok()?;
    serde_json::from_slice::<Manifest>(&bytes).ok().filter(|m| m.format == FORMAT)
}

/// Writes `manifest` to `path` atomically: into a temporary file beside it, then renamed over it.
pub fn save(path: &Path, manifest: &Manifest) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let bytes = serde_json::to_vec(manifest).map_err(io::Error::other)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    fs::write(&temporary, bytes).and_then(|()| fs::rename(&temporary, path)).inspect_err(|_| {
        let _ = fs::remove_file(&temporary);
    })
}

/// Records that the output's files were hard-linked elsewhere or unlinked there (`loa publish`
/// keeps its generations as hard links), which moves their status-change times and nothing else:
/// when every other fact of every entry still matches the manifest at `path`, the new times are
/// written, so the next build may still be skipped. Otherwise nothing is written.
pub fn relinked(path: &Path, out: &Path) {
    let (Some(mut manifest), Some(now)) = (load(path), survey(out)) else { return };
    let without_ctime = |e: &Entry| (e.0.clone(), e.1, e.2, e.3, e.5);
    let same = manifest.output.len() == now.len()
        && manifest.output.iter().zip(&now).all(|(a, b)| without_ctime(a) == without_ctime(b));
    if same && manifest.output != now {
        manifest.output = now;
        // A manifest that cannot be written only means the next build does all the work again.
        let _ = save(path, &manifest);
    }
}

/// A one-letter kind of a folder entry: `d`irectory, `f`ile, symbolic `l`ink or `o`ther.
fn kind_letter(kind: fs::FileType) -> char {
    if kind.is_dir() {
        'd'
    } else if kind.is_file() {
        'f'
    } else if kind.is_symlink() {
        'l'
    } else {
        'o'
    }
}

/// Every entry under `out`, sorted by path; `None` when `out` cannot be listed.
pub fn survey(out: &Path) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    for entry in WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        let rel = entry.path().strip_prefix(out).ok()?.to_string_lossy().into_owned();
        let kind = kind_letter(meta.file_type());
        let size = if kind == 'd' { 0 } else { meta.size() };
        let nanos = |secs: i64, nsec: i64| secs.saturating_mul(1_000_000_000).saturating_add(nsec);
        let (mtime, ctime) = (nanos(meta.mtime(), meta.mtime_nsec()), nanos(meta.ctime(), meta.ctime_nsec()));
        entries.push(Entry(rel, kind, size, mtime, ctime, meta.ino()));
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/tin-tuc")).unwrap();
        fs::write(dir.path().join("content/site.toml"), "title = \"x\"\n").unwrap();
        fs::write(dir.path().join("content/tin-tuc/a.md"), "a").unwrap();
        dir
    }

    #[test]
    fn inputs_follow_content_themes_strings_and_options_but_not_ignored_files() {
        let dir = site();
        let root = dir.path();
        let out = root.join("public");
        let digest = |options: &str| Inputs::digest(root, &out, options, &["i18n/hmn.toml"]).unwrap();
        let first = digest("future=false");
        assert_eq!(digest("future=false"), first);
        assert_eq!(digest("future=true").differs_from(&first).as_deref(), Some("options"));
        // An editor's swap file is not read by the loader, so it changes nothing.
        fs::write(root.join("content/tin-tuc/.a.md.swp"), "x").unwrap();
        assert_eq!(digest("future=false"), first);
        fs::write(root.join("content/tin-tuc/a.md"), "b").unwrap();
        let edited = digest("future=false");
        assert_eq!(edited.differs_from(&first).as_deref(), Some("content"));
        fs::create_dir_all(root.join("themes/default/templates")).unwrap();
        fs::write(root.join("themes/default/templates/page.html"), "x").unwrap();
        let themed = digest("future=false");
        assert_eq!(themed.differs_from(&edited).as_deref(), Some("themes"));
        fs::create_dir_all(root.join("i18n")).unwrap();
        fs::write(root.join("i18n/hmn.toml"), "home = \"Tsev\"").unwrap();
        assert_eq!(digest("future=false").differs_from(&themed).as_deref(), Some("strings"));
    }

    #[test]
    fn a_manifest_matches_only_inside_its_window_with_the_same_inputs_and_output() {
        let dir = site();
        let root = dir.path();
        let out = root.join("public");
        fs::create_dir_all(out.join("a")).unwrap();
        fs::write(out.join("a/index.html"), "a").unwrap();
        let inputs = Inputs::digest(root, &out, "", &[]).unwrap();
        let listing = survey(&out).unwrap();
        let m = Manifest::new(inputs.clone(), ts("2026-11-22T01:00:00Z"), ts("2026-11-22T17:00:00Z"), listing);
        let now = ts("2026-11-22T05:00:00Z");
        assert_eq!(m.matches(&inputs, now, || survey(&out)), Ok(()));
        assert_eq!(m.matches(&inputs, ts("2026-11-22T00:59:59Z"), || survey(&out)), Err(Mismatch::Time));
        assert_eq!(m.matches(&inputs, ts("2026-11-22T17:00:00Z"), || survey(&out)), Err(Mismatch::Time));
        fs::write(out.join("extra.html"), "x").unwrap();
        assert_eq!(m.matches(&inputs, now, || survey(&out)), Err(Mismatch::Output));
        fs::remove_file(out.join("extra.html")).unwrap();
        assert_eq!(m.matches(&inputs, now, || survey(&out)), Ok(()));
        fs::write(out.join("a/index.html"), "b").unwrap();
        assert_eq!(m.matches(&inputs, now, || survey(&out)), Err(Mismatch::Output));
    }

    #[test]
    fn saved_manifests_load_back_and_garbage_loads_as_none() {
        let dir = site();
        let path = manifest_path(dir.path(), &dir.path().join("public"));
        assert!(path.starts_with(dir.path().join(".loa/build")));
        assert!(load(&path).is_none());
        let inputs = Inputs::digest(dir.path(), &dir.path().join("public"), "", &[]).unwrap();
        let m = Manifest::new(inputs, ts("2026-11-22T01:00:00Z"), ts("2026-11-22T17:00:00Z"), vec![]);
        save(&path, &m).unwrap();
        assert_eq!(load(&path).unwrap().inputs, m.inputs);
        fs::write(&path, "{\"format\": 1, \"inputs\": ").unwrap();
        assert!(load(&path).is_none());
    }
}
