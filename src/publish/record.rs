//! The publish record: what each `loa publish` run delivered where, kept in
//! `ROOT/.loa/publish/history.json` (newest last, the last [`KEPT_RECORDS`] runs), so that
//! `loa status` can say when the site was last published successfully, and `--rollback` knows
//! which generation was served before.
//!
//! The file is JSON, written by a rename so a reader never sees half of it:
//! ```json
//! {"records": [{
//!   "at": "2026-11-22T01:00:04Z",          // when the run ended (UTC, RFC 3339)
//!   "now": "2026-11-22T01:00:00Z",         // the instant the site was built for (--now or the clock)
//!   "generation": 7, "fingerprint": "…", "files": 812, "bytes": 10485760,
//!   "commit": "4f2c…",                     // git HEAD of the site root, when it is a checkout
//!   "rollback": false,
//!   "held_back": null,                     // fingerprint a rollback keeps off the targets
//!   "ok": true,
//!   "targets": [{"name": "web-root", "kind": "folder", "ok": true, "delivered": true,
//!                "uploaded": 3, "deleted": 1, "kept": 808,
//!                "uploaded_files": ["index.html", …], "deleted_files": ["…"], "error": null}]
//! }]}
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// How many runs the history keeps.
pub const KEPT_RECORDS: usize = 200;

/// How many file names a target's record lists (the counts are always complete).
pub const LISTED_FILES: usize = 100;

/// One run of `loa publish` that got as far as delivering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishRecord {
    /// When the run ended (UTC, RFC 3339).
    pub at: String,
    /// The instant the site was built for (`--now`, or the clock), RFC 3339.
    pub now: String,
    /// The generation the targets were given (see [`super::generation`]).
    pub generation: u64,
    pub fingerprint: String,
    /// Files and bytes of that generation.
    pub files: usize,
    pub bytes: u64,
    /// `git rev-parse HEAD` of the site root after the pull, when it is a git checkout.
    pub commit: Option<String>,
    /// Whether this run was `loa publish --rollback`.
    pub rollback: bool,
    /// After a rollback: the fingerprint of the build it rolled back from, which later runs do
    /// not deliver again; the next build that differs lifts the hold.
    pub held_back: Option<String>,
    /// Every target of the run succeeded (delivery and verification).
    pub ok: bool,
    pub targets: Vec<TargetRecord>,
}

/// What one run did on one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetRecord {
    pub name: String,
    /// The target's `kind` in site.toml.
    pub kind: String,
    /// Delivered and verified.
    pub ok: bool,
    /// Whether files were sent at all (false when the target already had this generation).
    pub delivered: bool,
    pub uploaded: usize,
    pub deleted: usize,
    pub kept: usize,
    /// The first uploaded and deleted paths, sorted.
    pub uploaded_files: Vec<String>,
    pub deleted_files: Vec<String>,
    /// The failure, in English, when `ok` is false.
    pub error: Option<String>,
}

impl TargetRecord {
    /// Keeps at most [`LISTED_FILES`] names of each list.
    pub fn list(mut files: Vec<String>) -> Vec<String> {
        files.truncate(LISTED_FILES);
        files
    }
}

/// Every run recorded for one site, oldest first.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub records: Vec<PublishRecord>,
}

impl History {
    /// `ROOT/.loa/publish/history.json`.
    pub fn path(root: &Path) -> PathBuf {
        root.join(".loa/publish/history.json")
    }

    /// The history of the site at `root`; empty when none was written yet.
    pub fn load(root: &Path) -> Result<History> {
        let path = History::path(root);
        match fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(History::default()),
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!("{} is not a publish history; move it away and publish again", path.display())
            }),
        }
    }

    /// Appends `record`, drops the oldest past [`KEPT_RECORDS`], and writes the file.
    pub fn push(&mut self, root: &Path, record: PublishRecord) -> Result<()> {
        self.records.push(record);
        let excess = self.records.len().saturating_sub(KEPT_RECORDS);
        self.records.drain(..excess);
        let path = History::path(root);
        let dir = path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let partial = dir.join(".history.json.partial");
        let text = serde_json::to_string_pretty(self).context("writing the publish history")?;
        fs::write(&partial, text).with_context(|| format!("writing {}", partial.display()))?;
        fs::rename(&partial, &path).with_context(|| format!("moving {} to {}", partial.display(), path.display()))
    }

    /// The newest run.
    pub fn last(&self) -> Option<&PublishRecord> {
        self.records.last()
    }

    /// The newest run in which every target succeeded.
    pub fn last_success(&self) -> Option<&PublishRecord> {
        self.records.iter().rev().find(|r| r.ok)
    }

    /// The generation the target `name` last received and verified.
    pub fn last_delivered(&self, name: &str) -> Option<u64> {
        self.records.iter().rev().find_map(|r| r.targets.iter().find(|t| t.name == name && t.ok).map(|_| r.generation))
    }

    /// The generations recorded, newest first, each once.
    pub fn generations(&self) -> Vec<u64> {
        let mut seen = Vec::new();
        for record in self.records.iter().rev() {
            if !seen.contains(&record.generation) {
                seen.push(record.generation);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(generation: u64, ok: bool) -> PublishRecord {
        PublishRecord {
            at: "2026-11-22T01:00:04Z".into(),
            now: "2026-11-22T01:00:00Z".into(),
            generation,
            fingerprint: format!("f{generation}"),
            files: 2,
            bytes: 10,
            commit: None,
            rollback: false,
            held_back: None,
            ok,
            targets: vec![TargetRecord {
                name: "web".into(),
                kind: "folder".into(),
                ok,
                delivered: true,
                uploaded: 2,
                deleted: 0,
                kept: 0,
                uploaded_files: vec!["index.html".into(), "a.html".into()],
                deleted_files: vec![],
                error: None,
            }],
        }
    }

    #[test]
    fn round_trips_and_finds_the_last_success() {
        let dir = tempfile::tempdir().unwrap();
        let mut history = History::load(dir.path()).unwrap();
        history.push(dir.path(), record(1, true)).unwrap();
        history.push(dir.path(), record(2, false)).unwrap();
        let again = History::load(dir.path()).unwrap();
        assert_eq!(again, history);
        assert_eq!(again.last_success().map(|r| r.generation), Some(1));
        assert_eq!(again.last_delivered("web"), Some(1));
        assert_eq!(again.generations(), [2, 1]);
    }
}
