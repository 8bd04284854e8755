//! Files besides the pages that a build hands to the page sink as they are made, so that they
//! never sit in memory all at once either: the search index (at 10,000 articles, 9,000
//! fragments and 4,000 shard and postings files, and the term lists it is made from).

use std::sync::{Mutex, PoisonError};

use anyhow::Context;

use super::render::PageSink;
use crate::diag::Diagnostic;
use crate::output::Files;
use crate::site::model::Site;

/// Makes the search index of every language. With a sink, each file goes to it at once and its
/// path is returned (sorted); without one, the files are added to `files`.
pub(super) fn search_files(
    site: &Site,
    sink: Option<PageSink<'_>>,
    files: &mut Files,
) -> Result<Vec<String>, Diagnostic> {
    let streamed = Mutex::new(Vec::new());
    let kept = Mutex::new(Vec::new());
    let put = |path: String, bytes: Vec<u8>| -> anyhow::Result<()> {
        match sink {
            Some(sink) => {
                sink(&path, &bytes).with_context(|| format!("/{path}"))?;
                streamed.lock().unwrap_or_else(PoisonError::into_inner).push(path);
            }
            None => kept.lock().unwrap_or_else(PoisonError::into_inner).push((path, bytes)),
        }
        Ok(())
    };
    let made = crate::search::files(site, &put);
    files.extend(kept.into_inner().unwrap_or_else(PoisonError::into_inner));
    match made {
        Ok(()) => {
            let mut paths = streamed.into_inner().unwrap_or_else(PoisonError::into_inner);
            paths.sort_unstable();
            Ok(paths)
        }
        // Writing the staging folder failed (disk full, permissions).
        Err(e) => Err(Diagnostic::error(crate::search::folder(site, &site.config.language), 0, 0, format!("{e:#}"))),
    }
}
