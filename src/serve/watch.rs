//! Watching content/ and the theme, and turning editors' bursts of file events into batches:
//! a save through a temporary file and a rename, swap and backup files, or a `git checkout`
//! that rewrites 500 files give one batch (or a few), never one build per event.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the folders must stay quiet before a batch is built.
const QUIET: Duration = Duration::from_millis(20);
/// A stream of events that never pauses still gets built this often.
const MAX_WAIT: Duration = Duration::from_secs(2);

pub struct Watch {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
    root: PathBuf,
    /// The folders whose changes matter: content/, the site's themes/, and --theme-dir.
    dirs: Vec<PathBuf>,
    themes_watched: bool,
    /// Files outside those folders the site reads (UI-strings files named in site.toml).
    files: BTreeSet<PathBuf>,
    /// Their folders, watched without their subfolders.
    file_dirs: BTreeSet<PathBuf>,
}

impl Watch {
    pub fn new(root: &Path, theme_dir: Option<&Path>) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let content = root.join("content");
        watcher.watch(&content, RecursiveMode::Recursive)?;
        let mut dirs = vec![content];
        let themes = root.join("themes");
        dirs.push(themes.clone());
        // The root itself, not recursively: to notice a themes/ folder being created.
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        let themes_watched = themes.is_dir() && watcher.watch(&themes, RecursiveMode::Recursive).is_ok();
        if let Some(dir) = theme_dir {
            let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
            watcher.watch(&dir, RecursiveMode::Recursive)?;
            dirs.push(dir);
        }
        Ok(Watch { watcher, rx, root, dirs, themes_watched, files: BTreeSet::new(), file_dirs: BTreeSet::new() })
    }

    /// Also watches these files (paths relative to the site root or absolute), wherever they
    /// are: the UI-strings files site.toml names may live outside content/ and themes/.
    pub fn also_files(&mut self, files: &[PathBuf]) {
        for file in files {
            let path = self.root.join(file);
            let Some(dir) = path.parent().map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf())) else {
                continue;
            };
            let Some(name) = path.file_name() else { continue };
            let path = dir.join(name);
            if self.dirs.iter().any(|d| path.starts_with(d)) || self.files.contains(&path) {
                continue;
            }
            if dir != self.root && !self.file_dirs.contains(&dir) {
                if self.watcher.watch(&dir, RecursiveMode::NonRecursive).is_err() {
                    continue;
                }
                self.file_dirs.insert(dir);
            }
            self.files.insert(path);
        }
    }

    /// The folders watched, for the banner.
    pub fn dirs(&self) -> Vec<PathBuf> {
        self.dirs.iter().filter(|d| d.is_dir()).cloned().collect()
    }

    /// Blocks until a file that matters changes, then until the folders are quiet; returns
    /// every path changed in between. `None` when the watcher has stopped.
    pub fn next_batch(&mut self) -> Option<BTreeSet<PathBuf>> {
        self.next_batch_until(None)
    }

    /// [`Watch::next_batch`] that returns an empty batch at `deadline` if nothing changed
    /// before it (the instant the live set of items changes, for a rebuild on time).
    pub fn next_batch_until(&mut self, deadline: Option<Instant>) -> Option<BTreeSet<PathBuf>> {
        let mut batch = BTreeSet::new();
        while batch.is_empty() {
            let event = match deadline {
                None => self.rx.recv().ok()?,
                Some(at) => match self.rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => return Some(batch),
                    Err(RecvTimeoutError::Disconnected) => return None,
                },
            };
            self.take(event, &mut batch);
        }
        let started = Instant::now();
        loop {
            match self.rx.recv_timeout(QUIET) {
                Ok(event) => self.take(event, &mut batch),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if started.elapsed() > MAX_WAIT {
                break;
            }
        }
        Some(batch)
    }

    fn take(&mut self, event: notify::Result<Event>, batch: &mut BTreeSet<PathBuf>) {
        let Ok(event) = event else {
            // The kernel's queue overflowed (or similar): something changed, we don't know what.
            batch.insert(self.root.join("content"));
            return;
        };
        match event.kind {
            // Reads (including loa's own) change nothing; a closed write does.
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return,
            _ => {}
        }
        if event.need_rescan() {
            batch.insert(self.root.join("content"));
        }
        for path in event.paths {
            // A watched folder itself created, or moved back after being moved away (a
            // checkout, a restore): watched afresh, since the old watch followed it away.
            if self.dirs.contains(&path) && path.is_dir() {
                let _ = self.watcher.unwatch(&path);
                let watched = self.watcher.watch(&path, RecursiveMode::Recursive).is_ok();
                if path == self.root.join("themes") {
                    self.themes_watched = watched;
                }
            }
            if (self.dirs.iter().any(|d| path.starts_with(d)) || self.files.contains(&path)) && !is_ignored(&path) {
                batch.insert(path);
            }
        }
    }
}

/// Editors' temporary, swap and backup files: never part of the site, so never a reason to build.
pub fn is_ignored(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else { return false };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name == "4913"
}
