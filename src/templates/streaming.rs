//! Files besides the pages that a build hands to its sink as they are made, so that they
//! never sit in memory all at once either: the search index (at 10,000 articles, 9,000
//! fragments and 4,000 shard and postings files, and the term lists it is made from) and the
//! variants and cards of the images.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use anyhow::Context;

use crate::diag::Diagnostic;
use crate::images::Made;
use crate::msg;
use crate::output::{Sink, Tracked};
use crate::site::model::Site;

/// Makes the search index of every language, each file going to `sink` as soon as it is made.
pub(super) fn search_files(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let put = |path: String, bytes: Vec<u8>| -> anyhow::Result<()> {
        sink.put(&path, bytes).with_context(|| format!("/{path}"))
    };
    crate::search::files(site, &put)
        // Writing the staging folder failed (disk full, permissions).
        .map_err(|e| Diagnostic::error(crate::search::folder(site, &site.config.language), 0, 0, format!("{e:#}")))
}

/// The responsive variants and Open Graph cards of the published images, made in parallel or
/// read from the site's image cache; each image's files go to `sink` as soon as they are made.
pub(super) fn add_images(
    site: &Site,
    root: &Path,
    assets: &[(String, Vec<u8>)],
    sink: &Tracked<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    // What the pages, feeds and search index took, before any image adds its files.
    let taken = sink.paths();
    let cache = crate::images::Cache::open(root);
    let made: Mutex<Vec<(usize, Vec<Made>)>> = Mutex::new(Vec::new());
    let failed = Mutex::new(Vec::new());
    let put = |job: usize, mut files: Vec<Made>| {
        for (_, rel, bytes) in &mut files {
            if let Err(e) = sink.put(rel, std::mem::take(bytes)) {
                // Writing the staging folder failed (disk full, permissions).
                failed.lock().unwrap_or_else(PoisonError::into_inner).push(Diagnostic::error(
                    rel.as_str(),
                    0,
                    0,
                    format!("{e:#}"),
                ));
            }
        }
        made.lock().unwrap_or_else(PoisonError::into_inner).push((job, files));
        crate::progress::image_done();
    };
    let (unreadable, work) =
        crate::timing::stage("images", || crate::site::image_outputs::make_each(site, assets, &cache, &put));
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
    let mut seen: HashSet<String> = HashSet::new();
    for (source, rel, _) in made.into_iter().flat_map(|(_, files)| files) {
        if taken.contains(&rel) || !seen.insert(rel.clone()) {
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
    }
}
