//! Generations: each distinct build that `loa publish` delivered, kept as a hard-linked copy of
//! the output folder under `.loa/publish/generations/N/`, so a target can be given the same
//! files again (`--rollback`) long after the build output moved on.
//!
//! The build never rewrites a file of its output in place (new bytes go into a staging folder,
//! unchanged files keep their inode), so hard links are a faithful, nearly free snapshot.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use walkdir::WalkDir;
use xxhash_rust::xxh3::Xxh3;

/// loa's own files in an output folder, which are not part of the site and never delivered.
const NOT_DELIVERED: &[&str] = &[".loa-output", ".gitkeep"];

/// How many generations are kept on disk: the one served, the one `--rollback` goes back to,
/// and one more in case a rollback itself is rolled back.
pub const KEPT: usize = 3;

/// One delivered build: its files, by '/'-separated relative path, with their sizes.
#[derive(Debug, Clone)]
pub struct Generation {
    /// Counts up from 1 with each new build delivered.
    pub number: u64,
    /// The folder holding its files.
    pub dir: PathBuf,
    /// Changes whenever a file is added, removed or replaced (path, size, mtime, inode).
    pub fingerprint: String,
    pub files: BTreeMap<String, u64>,
}

impl Generation {
    /// The total size of its files, in bytes.
    pub fn bytes(&self) -> u64 {
        self.files.values().sum()
    }
}

/// The folder of generations of one site.
pub struct Generations {
    dir: PathBuf,
}

impl Generations {
    /// `ROOT/.loa/publish/generations`.
    pub fn of_site(root: &Path) -> Generations {
        Generations { dir: root.join(".loa/publish/generations") }
    }

    fn folder(&self, number: u64) -> PathBuf {
        self.dir.join(number.to_string())
    }

    /// Generation `number`, if it is still on disk.
    pub fn open(&self, number: u64) -> Option<Generation> {
        let dir = self.folder(number);
        let (fingerprint, files) = survey(&dir).ok()?;
        Some(Generation { number, dir, fingerprint, files })
    }

    /// Keeps the files of the build output `out` as generation `number`, hard-linked (copied
    /// with their modification time where the output is on another filesystem).
    pub fn snapshot(&self, out: &Path, number: u64) -> Result<Generation> {
        let dir = self.folder(number);
        let partial = self.dir.join(format!(".{number}.partial"));
        remove(&partial)?;
        let (_, files) = survey(out)?;
        for relative in files.keys() {
            let (from, to) = (out.join(relative), partial.join(relative));
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
            if fs::hard_link(&from, &to).is_err() {
                fs::copy(&from, &to).with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
                let modified = fs::metadata(&from).and_then(|m| m.modified());
                let file = fs::File::options().write(true).open(&to);
                if let (Ok(modified), Ok(file)) = (modified, file) {
                    file.set_modified(modified).with_context(|| format!("dating {}", to.display()))?;
                }
            }
        }
        fs::create_dir_all(&partial).with_context(|| format!("creating {}", partial.display()))?;
        remove(&dir)?;
        fs::rename(&partial, &dir).with_context(|| format!("moving {} to {}", partial.display(), dir.display()))?;
        let (fingerprint, files) = survey(&dir)?;
        Ok(Generation { number, dir, fingerprint, files })
    }

    /// Deletes every generation but those in `keep`.
    pub fn prune(&self, keep: &[u64]) -> Result<()> {
        let Ok(entries) = fs::read_dir(&self.dir) else { return Ok(()) };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let number = name.to_str().and_then(|n| n.parse::<u64>().ok());
            if number.is_some_and(|n| !keep.contains(&n)) {
                remove(&entry.path())?;
            }
        }
        Ok(())
    }
}

/// The fingerprint of the files of `dir` (loa's marker and `.gitkeep` aside) and their sizes.
/// Two folders have the same fingerprint when they hold the same files, hard-linked.
pub fn survey(dir: &Path) -> Result<(String, BTreeMap<String, u64>)> {
    let mut hasher = Xxh3::new();
    let mut files = BTreeMap::new();
    for entry in WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().into_owned();
        if NOT_DELIVERED.contains(&relative.as_str()) {
            continue;
        }
        let meta = entry.metadata().with_context(|| format!("inspecting {}", entry.path().display()))?;
        for part in [relative.as_bytes(), b"\0"] {
            hasher.update(part);
        }
        for number in [meta.size(), meta.mtime() as u64, meta.mtime_nsec() as u64, meta.ino()] {
            hasher.update(&number.to_le_bytes());
        }
        files.insert(relative, meta.size());
    }
    Ok((format!("{:032x}", hasher.digest128()), files))
}

fn remove(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path).with_context(|| format!("removing {}", path.display())),
        Ok(_) => fs::remove_file(path).with_context(|| format!("removing {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_has_the_fingerprint_of_the_output_and_survives_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("tin-tuc/a")).unwrap();
        fs::write(out.join("index.html"), "trang chủ").unwrap();
        fs::write(out.join("tin-tuc/a/index.html"), "bài a").unwrap();
        fs::write(out.join(".loa-output"), "marker").unwrap();
        let generations = Generations::of_site(dir.path());
        let first = generations.snapshot(&out, 1).unwrap();
        assert_eq!(first.fingerprint, survey(&out).unwrap().0);
        assert_eq!(first.files.keys().collect::<Vec<_>>(), ["index.html", "tin-tuc/a/index.html"]);

        // The build replaces files by new ones; the snapshot keeps the old bytes.
        fs::remove_file(out.join("index.html")).unwrap();
        fs::write(out.join("index.html"), "trang chủ mới").unwrap();
        assert_ne!(survey(&out).unwrap().0, first.fingerprint);
        let again = generations.open(1).unwrap();
        assert_eq!(again.fingerprint, first.fingerprint);
        assert_eq!(fs::read_to_string(again.dir.join("index.html")).unwrap(), "trang chủ");

        generations.snapshot(&out, 2).unwrap();
        generations.prune(&[2]).unwrap();
        assert!(generations.open(1).is_none());
        assert!(generations.open(2).is_some());
    }
}
