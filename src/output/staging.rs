//! Writing the new build into the staging folder beside the output folder, reusing the
//! previous output's files wherever their bytes did not change.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use super::destination::{GITKEEP, MARKER_NAME, MARKER_TEXT};

/// Completes the staging folder, where the new and changed files are already written: the
/// files named in `kept` have the same bytes in `out` and are hard-linked from there, so they
/// keep their inode and mtime and a sync sees nothing new. `out/.gitkeep` comes along so git
/// keeps tracking the folder, and loa's marker is added.
pub(super) fn finish(staging: &Path, out: &Path, kept: &BTreeSet<String>) -> Result<()> {
    let mut made_dirs: HashSet<&str> = HashSet::new();
    for relative in kept {
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
        link_or_copy(&out.join(relative), &staging.join(relative))?;
    }

    let gitkeep = out.join(GITKEEP);
    let target = staging.join(GITKEEP);
    if fs::symlink_metadata(&target).is_err() && fs::symlink_metadata(&gitkeep).is_ok_and(|m| m.is_file()) {
        link_or_copy(&gitkeep, &target)?;
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
/// device, no hard links), copies it: its bytes are those of the new build.
fn link_or_copy(previous: &Path, target: &Path) -> Result<()> {
    if fs::hard_link(previous, target).is_ok() {
        return Ok(());
    }
    fs::copy(previous, target)
        .map(|_| ())
        .with_context(|| format!("copying {} to {}", previous.display(), target.display()))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    #[test]
    fn links_kept_files_gitkeep_and_marker() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = dir.path().join(".public.staging");
        fs::create_dir_all(out.join("a/b")).unwrap();
        fs::write(out.join("a/b/same.html"), "same").unwrap();
        fs::write(out.join("top.html"), "top").unwrap();
        fs::write(out.join(GITKEEP), "").unwrap();
        fs::create_dir_all(staging.join("a/b")).unwrap();
        fs::write(staging.join("a/b/changed.html"), "new").unwrap();

        let kept = BTreeSet::from(["a/b/same.html".to_string(), "top.html".to_string()]);
        finish(&staging, &out, &kept).unwrap();

        let ino = |p: &Path| fs::metadata(p).unwrap().ino();
        for relative in ["a/b/same.html", "top.html", GITKEEP] {
            assert_eq!(ino(&out.join(relative)), ino(&staging.join(relative)), "{relative}");
        }
        assert_eq!(fs::read_to_string(staging.join("a/b/changed.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(staging.join(MARKER_NAME)).unwrap(), MARKER_TEXT);
    }
}
