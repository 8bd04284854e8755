//! Files besides the pages that a build hands to the page sink as they are made, so that they
//! never sit in memory all at once either: the search index (at 10,000 articles, 9,000
//! fragments and 4,000 shard and postings files, and the term lists it is made from) and the
//! variants and cards of the images.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use anyhow::Context;

use super::render::PageSink;
use crate::diag::Diagnostic;
use crate::images::Made;
use crate::msg;
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

/// The responsive variants and Open Graph cards of the published images, made in parallel or
/// read from the site's image cache. With a sink, each image's files go to it as soon as they
/// are made and their paths are returned; without one, they are added to `files`.
pub(super) fn add_images(
    site: &Site,
    root: &Path,
    assets: &[(String, Vec<u8>)],
    sink: Option<PageSink<'_>>,
    files: &mut Files,
    errors: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let cache = crate::images::Cache::open(root);
    let made: Mutex<Vec<(usize, Vec<Made>)>> = Mutex::new(Vec::new());
    let failed = Mutex::new(Vec::new());
    let put = |job: usize, mut files: Vec<Made>| {
        if let Some(sink) = sink {
            for (_, rel, bytes) in &mut files {
                if let Err(e) = sink(rel, bytes) {
                    // Writing the staging folder failed (disk full, permissions).
                    failed.lock().unwrap_or_else(PoisonError::into_inner).push(Diagnostic::error(
                        rel.as_str(),
                        0,
                        0,
                        format!("{e:#}"),
                    ));
                }
                *bytes = Vec::new();
            }
        }
        made.lock().unwrap_or_else(PoisonError::into_inner).push((job, files));
    };
    let (unreadable, work) =
        crate::timing::stage("images", || crate::images::make_site_images_each(site, assets, &cache, &put));
    crate::timing::note("images", || format!("{} files made, {} read from the cache", work.made, work.cached));
    for (rel, why) in unreadable {
        errors.push(
            Diagnostic::error(
                format!("content/{rel}"),
                0,
                0,
                msg!("không đọc được ảnh: {why}", "cannot read the image: {why}"),
            )
            .with_hint(msg!(
                "mở ảnh bằng một phần mềm xem ảnh rồi xuất lại dưới dạng PNG hoặc JPEG",
                "open the image in an image viewer and export it again as PNG or JPEG"
            )),
        );
    }
    errors.extend(failed.into_inner().unwrap_or_else(PoisonError::into_inner));
    let mut made = made.into_inner().unwrap_or_else(PoisonError::into_inner);
    // In the order of the images, so the same image is named at every build.
    made.sort_unstable_by_key(|(job, _)| *job);
    let mut streamed = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (source, rel, bytes) in made.into_iter().flat_map(|(_, files)| files) {
        if files.contains_key(&rel) || !seen.insert(rel.clone()) {
            errors.push(
                Diagnostic::error(
                    format!("content/{source}"),
                    0,
                    0,
                    msg!(
                        "ảnh này và một ảnh khác cùng tạo ra tệp /{rel}",
                        "this image and another both make the file /{rel}"
                    ),
                )
                .with_hint(msg!(
                    "đặt cho hai ảnh cùng thư mục những tên khác nhau (không chỉ khác phần đuôi .png/.jpg)",
                    "give the two images of the folder different names (not only a different .png/.jpg ending)"
                )),
            );
        }
        match sink {
            Some(_) => streamed.push(rel),
            None => {
                files.insert(rel, bytes);
            }
        }
    }
    streamed
}
