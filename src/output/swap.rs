//! Putting the staging folder in place of the output folder in one step, so a web server sees
//! either the old site or the new one, never a missing or half-written one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Moves `staging` to `out`. On success returns where the previous output now lies, for the
/// caller to delete. On error `out` is as it was and `staging` is still there.
///
/// An existing `out` is exchanged with `staging` by one `renameat2(RENAME_EXCHANGE)`, so `out`
/// stays a real folder (git keeps tracking its `.gitkeep`) and is never missing. Where the
/// kernel or filesystem cannot exchange, `out` is renamed aside to `old` first, which leaves a
/// moment without a site.
pub(super) fn swap_in(staging: &Path, out: &Path, old: &Path) -> Result<Option<PathBuf>> {
    if fs::symlink_metadata(out).is_err() {
        fs::rename(staging, out)
            .with_context(|| format!("moving the new build from {} to {}", staging.display(), out.display()))?;
        return Ok(None);
    }
    let exchanged = exchange(staging, out)
        .with_context(|| format!("swapping the new build {} with {}", staging.display(), out.display()))?;
    if exchanged {
        return Ok(Some(staging.to_path_buf()));
    }
    rename_aside(staging, out, old).map(Some)
}

/// Exchanges two paths atomically; `Ok(false)` when this system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    use rustix::io::Errno;

    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // Old kernels (ENOSYS), filesystems without the flag (EINVAL, or ENOTSUP on macOS).
        Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::NOTSUP => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The fallback: `out` → `old`, `staging` → `out`. If the second rename fails, the first is
/// undone so `out` is as it was.
fn rename_aside(staging: &Path, out: &Path, old: &Path) -> Result<PathBuf> {
    remove_tree(old)?;
    fs::rename(out, old)
        .with_context(|| format!("moving the previous output {} aside to {}", out.display(), old.display()))?;
    if let Err(error) = fs::rename(staging, out) {
        let error = anyhow::Error::new(error).context(format!(
            "moving the new build from {} to {}",
            staging.display(),
            out.display()
        ));
        return Err(match fs::rename(old, out) {
            Ok(()) => error,
            Err(undo) => error.context(format!(
                "the previous output could not be moved back either ({undo}); it is at {}: rename it to {}",
                old.display(),
                out.display()
            )),
        });
    }
    Ok(old.to_path_buf())
}

/// Deletes whatever is at `path`, if anything: a folder with all it holds, or a single file.
pub(super) fn remove_tree(path: &Path) -> Result<()> {
    let removed = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
    };
    removed.with_context(|| format!("removing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt;

    use super::*;

    fn folder_with(path: &Path, name: &str, text: &str) -> u64 {
        fs::create_dir(path).unwrap();
        fs::write(path.join(name), text).unwrap();
        fs::metadata(path).unwrap().ino()
    }

    #[test]
    fn renames_into_a_missing_output() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, out) = (dir.path().join(".public.staging"), dir.path().join("public"));
        let ino = folder_with(&staging, "index.html", "new");
        assert_eq!(swap_in(&staging, &out, &dir.path().join(".public.old")).unwrap(), None);
        assert_eq!(fs::metadata(&out).unwrap().ino(), ino);
        assert!(!staging.exists());
    }

    #[test]
    fn exchanges_an_existing_output() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, out) = (dir.path().join(".public.staging"), dir.path().join("public"));
        let old_ino = folder_with(&out, "index.html", "old");
        let new_ino = folder_with(&staging, "index.html", "new");
        let previous = swap_in(&staging, &out, &dir.path().join(".public.old")).unwrap().unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(fs::metadata(&out).unwrap().ino(), new_ino);
        assert_eq!(fs::read_to_string(previous.join("index.html")).unwrap(), "old");
        assert_eq!(fs::metadata(&previous).unwrap().ino(), old_ino);
    }

    #[test]
    fn falls_back_to_renaming_aside() {
        let dir = tempfile::tempdir().unwrap();
        let (staging, out, old) =
            (dir.path().join(".public.staging"), dir.path().join("public"), dir.path().join(".public.old"));
        folder_with(&out, "index.html", "old");
        folder_with(&staging, "index.html", "new");
        // A leftover from an interrupted run must not block the rename.
        folder_with(&old, "stale.html", "stale");
        assert_eq!(rename_aside(&staging, &out, &old).unwrap(), old);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(old.join("index.html")).unwrap(), "old");
        assert!(!old.join("stale.html").exists());
        assert!(!staging.exists());
    }

    #[test]
    fn fallback_puts_the_output_back_when_the_new_build_cannot_move() {
        let dir = tempfile::tempdir().unwrap();
        let (out, old) = (dir.path().join("public"), dir.path().join(".public.old"));
        folder_with(&out, "index.html", "old");
        let missing_staging = dir.path().join(".public.staging");
        assert!(rename_aside(&missing_staging, &out, &old).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!old.exists());
    }
}
