//! Writing the new build into the staging folder beside the output folder, reusing the
//! previous output's files wherever their bytes did not change.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use super::publish::{Files, GITKEEP, MARKER_NAME, MARKER_TEXT};

/// Fills the empty folder `staging` with `files`. Those named in `kept` have the same bytes in
/// `out` and are hard-linked from there, so they keep their inode and mtime and a sync sees
/// nothing new; the rest are written fresh. `out/.gitkeep` comes along so git keeps tracking
/// the folder.
pub(super) fn fill(staging: &Path, out: &Path, files: &Files, kept: &BTreeSet<&str>) -> Result<()> {
    let mut made_dirs: HashSet<&str> = HashSet::new();
    for (relative, bytes) in files {
        if let Some((parent, _)) = relative.rsplit_once('/') {
            if !made_dirs.contains(parent) {
                let dir = staging.join(parent);
                fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                // create_dir_all made every ancestor too; remember them all.
                let mut folder = parent;
                while made_dirs.insert(folder) {
                    match folder.rsplit_once('/') {
                        Some((up, _)) => folder = up,
                        None => break,
                    }
                }
            }
        }
        let target = staging.join(relative);
        if kept.contains(relative.as_str()) {
            link_or_write(&out.join(relative), &target, bytes)?;
        } else {
            fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?;
        }
    }

    let gitkeep = out.join(GITKEEP);
    if !files.contains_key(GITKEEP) && fs::symlink_metadata(&gitkeep).is_ok_and(|m| m.is_file()) {
        let target = staging.join(GITKEEP);
        if fs::hard_link(&gitkeep, &target).is_err() {
            fs::copy(&gitkeep, &target)
                .with_context(|| format!("copying {} to {}", gitkeep.display(), target.display()))?;
        }
    }

    let marker = staging.join(MARKER_NAME);
    // The marker keeps its identity like any unchanged file, so a sync never uploads it again.
    let previous = out.join(MARKER_NAME);
    if fs::read(&previous).is_ok_and(|b| b == MARKER_TEXT.as_bytes()) && fs::hard_link(&previous, &marker).is_ok() {
        return Ok(());
    }
    fs::write(&marker, MARKER_TEXT).with_context(|| format!("writing {}", marker.display()))
}

/// Hard-links an unchanged file from the previous output; where the filesystem cannot (another
/// device, no hard links), writes the same bytes, which are already in memory.
fn link_or_write(previous: &Path, target: &Path, bytes: &[u8]) -> Result<()> {
    if fs::hard_link(previous, target).is_ok() {
        return Ok(());
    }
    fs::write(target, bytes).with_context(|| format!("writing {}", target.display()))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    #[test]
    fn links_kept_files_and_writes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = dir.path().join(".public.staging");
        fs::create_dir_all(out.join("a/b")).unwrap();
        fs::write(out.join("a/b/same.html"), "same").unwrap();
        fs::write(out.join("a/b/changed.html"), "old").unwrap();
        fs::write(out.join(GITKEEP), "").unwrap();
        fs::create_dir(&staging).unwrap();

        let files: Files = [
            ("a/b/same.html", "same"),
            ("a/b/changed.html", "new"),
            ("a/c/d/e/new.html", "fresh"),
            ("a/c/other.html", "x"),
            ("top.html", "top"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.as_bytes().to_vec()))
        .collect();
        let kept = BTreeSet::from(["a/b/same.html"]);
        fill(&staging, &out, &files, &kept).unwrap();

        let ino = |p: &Path| fs::metadata(p).unwrap().ino();
        assert_eq!(ino(&out.join("a/b/same.html")), ino(&staging.join("a/b/same.html")));
        assert_ne!(ino(&out.join("a/b/changed.html")), ino(&staging.join("a/b/changed.html")));
        assert_eq!(ino(&out.join(GITKEEP)), ino(&staging.join(GITKEEP)));
        for (relative, bytes) in &files {
            assert_eq!(&fs::read(staging.join(relative)).unwrap(), bytes, "{relative}");
        }
        assert_eq!(fs::read_to_string(staging.join(MARKER_NAME)).unwrap(), MARKER_TEXT);
    }

    #[test]
    fn stops_at_a_file_where_a_folder_must_go() {
        let dir = tempfile::tempdir().unwrap();
        let staging = dir.path().join("staging");
        fs::create_dir(&staging).unwrap();
        let files: Files = [("a", "file"), ("a/b", "inside")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.as_bytes().to_vec()))
            .collect();
        let error = fill(&staging, &dir.path().join("public"), &files, &BTreeSet::new()).unwrap_err();
        assert!(format!("{error:#}").contains(&staging.join("a").display().to_string()), "{error:#}");
    }
}
