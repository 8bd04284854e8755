//! What the previous build left in the output folder, and which of its files the new build
//! can keep as they are.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};

/// The tree under an existing output folder, by relative path with '/' separators.
#[derive(Debug, Default)]
pub(super) struct Previous {
    /// Regular files.
    pub files: BTreeSet<String>,
    /// Folders below the output folder itself.
    pub dirs: BTreeSet<String>,
    /// Symlinks, sockets and names that are not UTF-8: loa never writes them, so finding one
    /// means the folder is not exactly a build's output.
    pub strangers: usize,
}

impl Previous {
    /// Lists the tree under `out`, or `None` when `out` does not exist.
    pub fn survey(out: &Path) -> Result<Option<Previous>> {
        match fs::metadata(out) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("inspecting the output folder {}", out.display())),
            Ok(meta) if !meta.is_dir() => {
                bail!("the output folder {} is a file; remove it or choose another --out", out.display())
            }
            Ok(_) => {}
        }
        let mut previous = Previous::default();
        previous.walk(out, "")?;
        Ok(Some(previous))
    }

    fn walk(&mut self, dir: &Path, prefix: &str) -> Result<()> {
        let entries = fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                self.strangers += 1;
                continue;
            };
            let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
            let kind = entry.file_type().with_context(|| format!("inspecting {}", entry.path().display()))?;
            if kind.is_dir() {
                self.walk(&entry.path(), &relative)?;
                self.dirs.insert(relative);
            } else if kind.is_file() {
                self.files.insert(relative);
            } else {
                self.strangers += 1;
            }
        }
        Ok(())
    }

    /// Whether the previous output holds `relative` with exactly `bytes`. Reads the old file
    /// at most once, and not at all when its length already differs.
    pub fn holds(&self, out: &Path, relative: &str, bytes: &[u8]) -> Result<bool> {
        if !self.files.contains(relative) {
            return Ok(false);
        }
        let path = out.join(relative);
        same_contents(&path, bytes).with_context(|| format!("reading the previous output {}", path.display()))
    }
}

fn same_contents(path: &Path, expected: &[u8]) -> io::Result<bool> {
    let mut file = File::open(path)?;
    if file.metadata()?.len() != expected.len() as u64 {
        return Ok(false);
    }
    // Compared chunk by chunk so a large image that differs early is not read to the end.
    let mut buffer = [0u8; 32 * 1024];
    let mut rest = expected;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(rest.is_empty());
        }
        if n > rest.len() || buffer[..n] != rest[..n] {
            return Ok(false);
        }
        rest = &rest[n..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surveys_files_folders_and_strangers() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(Previous::survey(&out).unwrap().is_none());
        fs::create_dir_all(out.join("tin-tuc/a")).unwrap();
        fs::create_dir_all(out.join("empty")).unwrap();
        fs::write(out.join("index.html"), "home").unwrap();
        fs::write(out.join("tin-tuc/a/index.html"), "a").unwrap();
        std::os::unix::fs::symlink("index.html", out.join("link")).unwrap();
        let previous = Previous::survey(&out).unwrap().unwrap();
        let files: Vec<_> = previous.files.iter().map(String::as_str).collect();
        assert_eq!(files, ["index.html", "tin-tuc/a/index.html"]);
        let dirs: Vec<_> = previous.dirs.iter().map(String::as_str).collect();
        assert_eq!(dirs, ["empty", "tin-tuc", "tin-tuc/a"]);
        assert_eq!(previous.strangers, 1);
    }

    #[test]
    fn compares_bytes_not_just_lengths() {
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(dir.path().join("big.bin"), &big).unwrap();
        fs::write(dir.path().join("empty"), "").unwrap();
        let previous = Previous::survey(dir.path()).unwrap().unwrap();
        assert!(previous.holds(dir.path(), "big.bin", &big).unwrap());
        let mut late_change = big.clone();
        *late_change.last_mut().unwrap() ^= 1;
        assert!(!previous.holds(dir.path(), "big.bin", &late_change).unwrap());
        assert!(!previous.holds(dir.path(), "big.bin", &big[1..]).unwrap());
        assert!(previous.holds(dir.path(), "empty", b"").unwrap());
        assert!(!previous.holds(dir.path(), "missing", b"").unwrap());
    }

    #[test]
    fn refuses_a_file_as_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::write(&out, "x").unwrap();
        let error = Previous::survey(&out).unwrap_err().to_string();
        assert!(error.contains("is a file"), "{error}");
    }
}
