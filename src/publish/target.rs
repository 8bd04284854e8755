//! The target abstraction: a place `loa publish` delivers the built site to (a local web root,
//! a web server over rsync, S3-compatible object storage).
//!
//! A target implements [`Target`]:
//! - [`Target::deliver`] makes the target serve exactly the files of a [`Generation`]: new and
//!   changed files first, deletions of files the generation no longer has only after every
//!   upload succeeded, switched as atomically as the medium allows. Unchanged files are not
//!   sent again. It reports what it did as a [`Delivery`].
//! - [`Target::verify`] checks, after delivery (and on a run with nothing to deliver), that the
//!   target holds the generation's files and nothing else of the site's; it must be cheap enough
//!   to run every minute (sizes and listings, not a download of every file).
//! - Both fail with a [`TargetError`] naming the file (when one is to blame), what went wrong
//!   and the fix, in Vietnamese and English. A failed delivery must leave what the target served
//!   before in place (or, where the medium cannot promise that, say so in the error).
//!
//! Targets are built from site.toml's `[[publish.targets]]` entries by
//! [`open`](super::open); a target never reads credentials from site.toml, only from the
//! environment or the standard files of its tools (ssh keys, `~/.aws/credentials`).

use std::fmt;

use super::generation::Generation;
use crate::messages::{Lang, Msg};

/// A place the site is published to.
pub trait Target {
    /// The target's `name` in site.toml.
    fn name(&self) -> &str;
    /// Where it is, for messages: "thư mục /var/www/bhxh" / "folder /var/www/bhxh".
    fn describe(&self) -> Msg;
    /// Makes the target serve exactly `generation`.
    fn deliver(&self, generation: &Generation) -> Result<Delivery, TargetError>;
    /// Checks that the target serves exactly `generation`.
    fn verify(&self, generation: &Generation) -> Result<(), TargetError>;
}

/// What one delivery did, by '/'-separated path relative to the site's root URL.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// New or changed files sent to the target, sorted.
    pub uploaded: Vec<String>,
    /// Files removed from the target (after the uploads), sorted.
    pub deleted: Vec<String>,
    /// Files the target already had with the right bytes.
    pub kept: usize,
}

/// Why a target could not be delivered to or verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetError {
    /// The file (relative path, or a path on the target) the problem is about, if any.
    pub file: Option<String>,
    pub problem: Msg,
    pub fix: Msg,
}

impl TargetError {
    pub fn new(problem: impl Into<Msg>, fix: impl Into<Msg>) -> TargetError {
        TargetError { file: None, problem: problem.into(), fix: fix.into() }
    }

    pub fn with_file(mut self, file: impl Into<String>) -> TargetError {
        self.file = Some(file.into());
        self
    }

    /// The message for an editor or administrator, naming the target.
    pub fn render(&self, target: &str, lang: Lang) -> String {
        format!("{} `{target}`{}", lang.pick("đích", "target"), self.render_detail(lang))
    }

    /// The message without a target (the content update before any delivery).
    pub fn render_plain(&self, lang: Lang) -> String {
        format!("{}{}", lang.pick("lỗi", "error"), self.render_detail(lang))
    }

    fn render_detail(&self, lang: Lang) -> String {
        let file = match &self.file {
            Some(file) => format!(" ({}: {file})", lang.pick("tệp", "file")),
            None => String::new(),
        };
        let fix = lang.pick("cách sửa", "fix");
        format!("{file}: {}\n  {fix}: {}", self.problem.get(lang), self.fix.get(lang))
    }
}

impl fmt::Display for TargetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{file}: {} (fix: {})", self.problem, self.fix),
            None => write!(f, "{} (fix: {})", self.problem, self.fix),
        }
    }
}

impl std::error::Error for TargetError {}
