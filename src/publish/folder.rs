//! The `folder` target: a local web root. The generation is published into it the way `loa
//! build` publishes its output (a staging folder beside it, swapped in by one atomic rename;
//! unchanged files hard-linked, so they keep their identity). When the web root is a symlink,
//! the link stays and the folder it points to is what gets swapped.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::generation::{survey, Generation};
use super::target::{Delivery, Target, TargetError};
use crate::messages::Msg;
use crate::msg;
use crate::output::{check_destination, Commit};

/// A local folder a web server serves.
pub struct Folder {
    name: String,
    root: PathBuf,
    /// As written in site.toml, made absolute against the site root.
    path: PathBuf,
}

impl Folder {
    pub fn new(name: &str, root: &Path, path: &Path) -> Folder {
        Folder { name: name.to_string(), root: root.to_path_buf(), path: root.join(path) }
    }

    /// The folder to publish into: `path` itself, or what it links to.
    fn resolved(&self) -> Result<PathBuf, TargetError> {
        let path = &self.path;
        let shown = path.display();
        crate::output::through_link(path).map_err(|e| {
            let link = fs::read_link(path).map(|l| l.display().to_string()).unwrap_or_default();
            TargetError::new(
                msg!(
                    "{shown} là liên kết tới {link}, nơi không đọc được: {e}",
                    "{shown} links to {link}, which cannot be read: {e}"
                ),
                msg!(
                    "tạo thư mục {link} (hoặc trỏ liên kết tới thư mục web đúng)",
                    "create the folder {link} (or point the link at the right web root)"
                ),
            )
            .with_file(shown.to_string())
        })
    }

    /// Inode of every file under `dir`, by relative path ('/'-separated); empty when missing.
    fn inodes(dir: &Path) -> BTreeMap<String, u64> {
        WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| {
                let relative = e.path().strip_prefix(dir).ok()?.to_string_lossy().into_owned();
                Some((relative, e.metadata().ok()?.ino()))
            })
            .collect()
    }

    fn cannot_write(&self, folder: &Path, error: &anyhow::Error) -> TargetError {
        let parent = folder.parent().unwrap_or(Path::new("/")).display().to_string();
        let shown = folder.display();
        let why = format!("{error:#}");
        TargetError::new(
            msg!("không ghi được thư mục web {shown}: {why}; trang cũ vẫn được phục vụ", "cannot write the web root {shown}: {why}; the previous site is still served"),
            msg!(
                "cho người dùng chạy loa quyền ghi {shown} và thư mục chứa nó {parent} (bản mới được chuẩn bị bên cạnh rồi đổi chỗ), ví dụ: chown loa: {parent} {shown}",
                "give the user that runs loa write access to {shown} and to its parent {parent} (the new site is prepared beside it, then swapped in), e.g. chown loa: {parent} {shown}"
            ),
        )
        .with_file(shown.to_string())
    }
}

impl Target for Folder {
    fn name(&self) -> &str {
        &self.name
    }

    fn describe(&self) -> Msg {
        let shown = self.path.display();
        msg!("thư mục {shown}", "folder {shown}")
    }

    fn deliver(&self, generation: &Generation) -> Result<Delivery, TargetError> {
        let folder = self.resolved()?;
        check_destination(&self.root, &folder).map_err(|e| {
            TargetError::new(
                Msg::from(e.to_string()),
                Msg::new(
                    "trỏ `path` của đích này tới một thư mục trống, hoặc thư mục loa đã xuất bản vào trước đây",
                    "point this target's `path` at an empty folder, or at one loa published into before",
                ),
            )
            .with_file(folder.display().to_string())
        })?;
        let before = Folder::inodes(&folder);
        let commit = Commit::begin(&folder).map_err(|e| self.cannot_write(&folder, &e))?;
        for relative in generation.files.keys() {
            let source = generation.dir.join(relative);
            let put = fs::read(&source)
                .map_err(|e| anyhow::Error::new(e).context(format!("reading {}", source.display())))
                .and_then(|bytes| commit.put(relative, &bytes));
            if let Err(e) = put {
                commit.abandon();
                return Err(self.cannot_write(&folder, &e).with_file(relative.clone()));
            }
        }
        commit.finish().map_err(|e| self.cannot_write(&folder, &e))?;
        let after = Folder::inodes(&folder);
        let uploaded: Vec<String> = generation
            .files
            .keys()
            .filter(|path| before.get(*path).is_none_or(|ino| after.get(*path) != Some(ino)))
            .cloned()
            .collect();
        let deleted: Vec<String> = before
            .keys()
            .filter(|path| !generation.files.contains_key(*path) && !after.contains_key(*path))
            .cloned()
            .collect();
        let kept = generation.files.len() - uploaded.len();
        Ok(Delivery { uploaded, deleted, kept })
    }

    fn verify(&self, generation: &Generation) -> Result<(), TargetError> {
        let folder = self.resolved()?;
        let shown = folder.display().to_string();
        let again = || {
            Msg::new(
                "chạy lại loa publish; nếu vẫn lỗi, xem ai khác đang ghi vào thư mục này",
                "run loa publish again; if it persists, find what else writes into this folder",
            )
        };
        let (_, served) = survey(&folder).map_err(|e| {
            let why = format!("{e:#}");
            TargetError::new(msg!("không đọc được {shown}: {why}", "cannot read {shown}: {why}"), again())
                .with_file(shown.clone())
        })?;
        for (path, size) in &generation.files {
            match served.get(path) {
                None => {
                    return Err(TargetError::new(
                        Msg::new("thiếu tệp trên đích", "the file is missing on the target"),
                        again(),
                    )
                    .with_file(path.clone()))
                }
                Some(served) if served != size => {
                    return Err(TargetError::new(
                        msg!(
                            "tệp trên đích có {served} byte, bản dựng có {size}",
                            "the target's file has {served} bytes, the build's {size}"
                        ),
                        again(),
                    )
                    .with_file(path.clone()))
                }
                Some(_) => {}
            }
        }
        if let Some(extra) = served.keys().find(|path| !generation.files.contains_key(*path)) {
            return Err(TargetError::new(
                Msg::new("đích còn một tệp bản dựng không có", "the target holds a file the build does not have"),
                again(),
            )
            .with_file(extra.clone()));
        }
        // The next change must be able to swap a new folder in: a web root that only the
        // previous owner could write would fail then, at the worst moment. Check now.
        let staging = staging_of(&folder);
        if fs::symlink_metadata(&staging).is_err() {
            fs::create_dir(&staging).and_then(|()| fs::remove_dir(&staging)).map_err(|e| {
                let error = anyhow::Error::new(e).context(format!("creating {}", staging.display()));
                self.cannot_write(&folder, &error)
            })?;
        }
        Ok(())
    }
}

/// Where [`Commit`] prepares the next version of `folder`.
fn staging_of(folder: &Path) -> PathBuf {
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    folder.with_file_name(format!(".{name}.staging"))
}
