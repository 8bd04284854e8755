//! The one way every page and file leaves a build: a [`Sink`]. `loa build` hands them to the
//! staging folder as they are made ([`super::Commit`]), so a large site never sits in memory;
//! `loa serve` and `loa check` keep them in [`Memory`]. Build and serve differ only here.

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::commit::{Commit, Files};

/// Takes the output of a build, from any thread, by path relative to the output folder
/// ("tin-tuc/a/index.html").
pub trait Sink: Sync {
    /// A page or file made by this build.
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()>;

    /// A page whose inputs are those of the previous build (`loa serve` renders it again only
    /// when they change): the bytes the sink holds from then stand.
    fn keep(&self, path: &str) -> anyhow::Result<()>;
}

impl Sink for Commit {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        Commit::put(self, path, &bytes)
    }

    /// A publisher compares every file with the previous output itself; nothing is kept unseen.
    fn keep(&self, path: &str) -> anyhow::Result<()> {
        anyhow::bail!("{path}: a build into a folder renders every page")
    }
}

/// A build held in memory: the files made, and the pages kept from the previous build.
#[derive(Default)]
pub struct Memory {
    files: Mutex<Files>,
    kept: Mutex<Vec<String>>,
}

impl Memory {
    pub fn new() -> Memory {
        Memory::default()
    }

    /// The files made, and the paths of the pages kept (sorted).
    pub fn into_parts(self) -> (Files, Vec<String>) {
        let mut kept = self.kept.into_inner().unwrap_or_else(PoisonError::into_inner);
        kept.sort_unstable();
        (self.files.into_inner().unwrap_or_else(PoisonError::into_inner), kept)
    }

    /// The files made (a build without a previous one keeps nothing).
    pub fn into_files(self) -> Files {
        self.into_parts().0
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        lock(&self.files).insert(path.to_string(), bytes);
        Ok(())
    }

    fn keep(&self, path: &str) -> anyhow::Result<()> {
        lock(&self.kept).push(path.to_string());
        Ok(())
    }
}

/// A sink that remembers which paths went through it, so a build can tell when a file would
/// take a path that another already took (an alias on a page, an asset on a feed).
pub struct Tracked<'s> {
    sink: &'s dyn Sink,
    paths: Mutex<HashSet<String>>,
}

impl<'s> Tracked<'s> {
    pub fn new(sink: &'s dyn Sink) -> Self {
        Tracked { sink, paths: Mutex::new(HashSet::new()) }
    }

    /// Whether a file went through at `path`.
    pub fn has(&self, path: &str) -> bool {
        lock(&self.paths).contains(path)
    }

    /// The paths that went through so far.
    pub fn paths(&self) -> HashSet<String> {
        lock(&self.paths).clone()
    }

    /// Every path that went through, sorted.
    pub fn into_paths(self) -> Vec<String> {
        let mut paths: Vec<String> =
            self.paths.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().collect();
        paths.sort_unstable();
        paths
    }
}

impl Sink for Tracked<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.sink.put(path, bytes)?;
        lock(&self.paths).insert(path.to_string());
        crate::progress::advance(1);
        Ok(())
    }

    fn keep(&self, path: &str) -> anyhow::Result<()> {
        self.sink.keep(path)?;
        lock(&self.paths).insert(path.to_string());
        crate::progress::advance(1);
        Ok(())
    }
}

/// A thread that panicked while holding the lock only ever inserted a name or a file.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
