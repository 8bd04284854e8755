//! Making a [`Target`] from its `[[publish.targets]]` entry: one arm per `kind`.

use std::path::Path;

use super::folder::Folder;
use super::rsync::Rsync;
use super::s3::S3;
use super::target::Target;
use crate::content::publish::{TargetKind, TargetSettings};

/// The target `settings` describes, for the site at `root` (relative paths are read from there).
pub fn open(settings: &TargetSettings, root: &Path) -> Box<dyn Target> {
    match &settings.kind {
        TargetKind::Folder { path } => Box::new(Folder::new(&settings.name, root, path)),
        TargetKind::Rsync(rsync) => Box::new(Rsync::new(&settings.name, root, rsync)),
        TargetKind::S3(s3) => Box::new(S3::new(&settings.name, s3)),
    }
}

/// The `kind` of a target as site.toml names it.
pub fn kind_name(kind: &TargetKind) -> &'static str {
    match kind {
        TargetKind::Folder { .. } => "folder",
        TargetKind::Rsync(_) => "rsync",
        TargetKind::S3(_) => "s3",
    }
}
