//! Making the files of every image a build publishes, in parallel, through the cache.

use std::sync::atomic::{AtomicUsize, Ordering};

use image::DynamicImage;
use rayon::prelude::*;

use super::cache::Cache;
use super::card;
use super::make;
use super::svg;
use super::variants::{card_rel, Format, Responsive, Variant};

/// One image of content/ and what to make of it.
pub struct Job<'a> {
    /// Path relative to content/.
    pub rel: &'a str,
    pub bytes: &'a [u8],
    /// Its responsive variants, for PNG, JPEG and WebP images.
    pub responsive: Option<Responsive>,
    /// Whether a page uses it for its Open Graph card.
    pub card: bool,
    /// The raster thumbnails of an SVG that lists show ([`super::svg_thumbnails`]).
    pub thumbnails: Vec<Variant>,
}

/// How much pixel work a build did, for `LOA_TIMINGS` and the tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Work {
    /// Files decoded, resized and encoded in this build.
    pub made: usize,
    /// Files read back from the cache.
    pub cached: usize,
}

/// A file made from an image: the image (relative to content/), the file's output path and bytes.
pub type Made = (String, String, Vec<u8>);

/// The files made from a build's images, and the images that could not be read.
#[derive(Debug, Default)]
pub struct ImageFiles {
    /// The image it was made from (relative to content/), the output path (relative to the
    /// output root) and the bytes, in the order of the jobs.
    pub files: Vec<Made>,
    /// Path relative to content/ and why it could not be processed.
    pub errors: Vec<(String, String)>,
    pub work: Work,
}

fn operation(v: &Variant) -> String {
    let ext = match v.format {
        Format::Png => "png",
        Format::Jpeg => "jpg",
        Format::WebP => "webp",
    };
    format!("w{}.{ext}", v.width)
}

const CARD_OPERATION: &str = "og.jpg";

/// What one file made from an image is.
enum Output<'a> {
    Variant(&'a Variant),
    Card,
    Thumbnail(&'a Variant),
}

/// Makes (or reads from the cache) every variant and card the jobs ask for.
pub fn process(jobs: &[Job<'_>], cache: &Cache) -> ImageFiles {
    let made = AtomicUsize::new(0);
    let cached = AtomicUsize::new(0);
    let results: Vec<Result<Vec<Made>, (String, String)>> =
        jobs.par_iter().map(|job| one(job, cache, &made, &cached).map_err(|why| (job.rel.to_string(), why))).collect();
    let mut out = ImageFiles::default();
    for r in results {
        match r {
            Ok(files) => out.files.extend(files),
            Err(e) => out.errors.push(e),
        }
    }
    out.work = Work { made: made.into_inner(), cached: cached.into_inner() };
    out
}

/// [`process`] handing the files made from each image to `put` (with the job's index) as soon
/// as that image is done, from any thread, instead of keeping them: a build then never holds
/// every variant at once. Returns the images that could not be read (in job order) and the work.
pub fn process_each(
    jobs: &[Job<'_>],
    cache: &Cache,
    put: &(dyn Fn(usize, Vec<Made>) + Sync),
) -> (Vec<(String, String)>, Work) {
    let made = AtomicUsize::new(0);
    let cached = AtomicUsize::new(0);
    let mut errors: Vec<(usize, String, String)> = jobs
        .par_iter()
        .enumerate()
        .filter_map(|(i, job)| match one(job, cache, &made, &cached) {
            Ok(files) => {
                put(i, files);
                None
            }
            Err(why) => Some((i, job.rel.to_string(), why)),
        })
        .collect();
    errors.sort_unstable_by_key(|e| e.0);
    let errors = errors.into_iter().map(|(_, rel, why)| (rel, why)).collect();
    (errors, Work { made: made.into_inner(), cached: cached.into_inner() })
}

fn one(job: &Job<'_>, cache: &Cache, made: &AtomicUsize, cached: &AtomicUsize) -> Result<Vec<Made>, String> {
    let hash = Cache::hash(job.bytes);
    let mut wanted: Vec<(String, String, Output<'_>)> = Vec::new();
    if let Some(r) = &job.responsive {
        wanted.extend(r.made().map(|v| (v.rel.clone(), operation(v), Output::Variant(v))));
    }
    // What is drawn from an SVG depends on the fonts that draw its text as well.
    let fonts = || if job.responsive.is_none() { format!("{}-", svg::fonts_key()) } else { String::new() };
    if job.card {
        wanted.push((card_rel(job.rel), format!("{}{CARD_OPERATION}", fonts()), Output::Card));
    }
    if !job.thumbnails.is_empty() {
        let fonts = fonts();
        wanted.extend(
            job.thumbnails
                .iter()
                .map(|v| (v.rel.clone(), format!("{fonts}svg-{}", operation(v)), Output::Thumbnail(v))),
        );
    }
    let mut found: Vec<Option<Vec<u8>>> = wanted.iter().map(|(_, op, _)| cache.get(&hash, op)).collect();
    cached.fetch_add(found.iter().filter(|f| f.is_some()).count(), Ordering::Relaxed);
    if found.iter().any(Option::is_none) {
        // Decoded once, for all the files still missing.
        let source = job.responsive.as_ref().map(|r| r.format);
        let decoded: Option<DynamicImage> = match source {
            Some(format) => Some(make::decode(job.bytes, format)?),
            None => None,
        };
        let missing: Vec<usize> = (0..wanted.len()).filter(|&i| found[i].is_none()).collect();
        let make = |i: usize, resized: Option<&DynamicImage>| -> Result<(usize, Vec<u8>), String> {
            let (_, op, output) = &wanted[i];
            let bytes = match (output, resized, &decoded, source) {
                (Output::Variant(v), Some(image), _, Some(format)) => make::encode(image, format, v.format)?,
                (Output::Card, _, Some(image), _) => card::from_raster(image)?,
                (Output::Card, _, None, _) => card::from_svg(job.bytes)?,
                // Drawn as the graphic it is: WebP for lettering, lossless when smaller.
                (Output::Thumbnail(v), ..) => {
                    make::encode(&svg::raster(job.bytes, v.width, v.height)?, Format::Png, Format::WebP)?
                }
                (Output::Variant(_), ..) => return Err("nothing to resize".to_string()),
            };
            cache.put(&hash, op, &bytes);
            Ok((i, bytes))
        };
        // Variants of one size (the WebP and the fallback) are resized once for both formats.
        let new: Vec<Result<(usize, Vec<u8>), String>> = same_size(&wanted, &missing)
            .par_iter()
            .flat_map(|group| match (&wanted[group[0]].2, &decoded) {
                (Output::Variant(v), Some(image)) => {
                    let resized = make::resize(image, v.width, v.height);
                    group.par_iter().map(|&i| make(i, Some(&resized))).collect::<Vec<_>>()
                }
                _ => group.iter().map(|&i| make(i, None)).collect(),
            })
            .collect();
        for r in new {
            let (i, bytes) = r?;
            made.fetch_add(1, Ordering::Relaxed);
            found[i] = Some(bytes);
        }
    }
    Ok(wanted
        .into_iter()
        .zip(found)
        .map(|((rel, _, _), bytes)| (job.rel.to_string(), rel, bytes.unwrap_or_default()))
        .collect())
}

/// The indexes of `missing` in groups: variants of one size together, every other file alone.
fn same_size(wanted: &[(String, String, Output<'_>)], missing: &[usize]) -> Vec<Vec<usize>> {
    let size = |i: usize| match &wanted[i].2 {
        Output::Variant(v) => Some((v.width, v.height)),
        Output::Card | Output::Thumbnail(_) => None,
    };
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &i in missing {
        match size(i).and_then(|s| groups.iter_mut().find(|g| size(g[0]) == Some(s))) {
            Some(group) => group.push(i),
            None => groups.push(vec![i]),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::responsive;
    use crate::images::Size;
    use image::{Rgb, RgbImage};

    fn png(w: u32, h: u32) -> Vec<u8> {
        let image =
            DynamicImage::ImageRgb8(RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 90])));
        make::encode(&image, Format::Png, Format::Png).unwrap()
    }

    #[test]
    fn second_run_reads_everything_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path());
        let bytes = png(1000, 500);
        let job = || Job {
            rel: "tin-tuc/anh.png",
            bytes: &bytes,
            responsive: responsive("tin-tuc/anh.png", Size { width: 1000, height: 500 }),
            card: true,
            thumbnails: Vec::new(),
        };
        let first = process(&[job()], &cache);
        assert!(first.errors.is_empty(), "{:?}", first.errors);
        // 480, 960 and 1000 in WebP (the PNG is its own fallback), and the card.
        assert_eq!(first.work, Work { made: 4, cached: 0 });
        let names: Vec<&str> = first.files.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["tin-tuc/anh-480.webp", "tin-tuc/anh-960.webp", "tin-tuc/anh-1000.webp", "tin-tuc/anh-og.jpg"]
        );
        let second = process(&[job()], &cache);
        assert_eq!(second.work, Work { made: 0, cached: 4 });
        assert_eq!(first.files, second.files);
    }

    #[test]
    fn process_each_hands_over_what_process_keeps() {
        let bytes = png(1000, 500);
        let jobs = [Job {
            rel: "tin-tuc/anh.png",
            bytes: &bytes,
            responsive: responsive("tin-tuc/anh.png", Size { width: 1000, height: 500 }),
            card: true,
            thumbnails: Vec::new(),
        }];
        let got = std::sync::Mutex::new(Vec::new());
        let (errors, work) = process_each(&jobs, &Cache::none(), &|i, files| got.lock().unwrap().push((i, files)));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(work, Work { made: 4, cached: 0 });
        let kept = process(&jobs, &Cache::none());
        assert_eq!(got.into_inner().unwrap(), vec![(0, kept.files)]);
    }

    #[test]
    fn an_unreadable_image_is_reported_by_path() {
        let bytes = b"not a png".to_vec();
        let job = Job {
            rel: "a.png",
            bytes: &bytes,
            responsive: responsive("a.png", Size { width: 800, height: 600 }),
            card: false,
            thumbnails: Vec::new(),
        };
        let out = process(&[job], &Cache::none());
        assert_eq!(out.errors.len(), 1);
        assert_eq!(out.errors[0].0, "a.png");
    }
}
