//! `loa build`: render the site and swap it into the output folder atomically.

use std::time::Instant;

use super::cli::BuildArgs;
use super::common::{print_diagnostics, print_diagnostics_limited, render_with_images, Failure};
use crate::messages::Lang;
use crate::output::{check_destination, Publisher};
use crate::templates::Images;

pub fn run(args: &BuildArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let root = &args.site.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    check_destination(root, &out).map_err(|e| Failure::Usage(e.to_string()))?;
    // Pages go into the staging folder beside `out` as they are rendered, so the build never
    // holds the whole site in memory; `out` itself is only replaced once everything succeeded.
    let publisher = Publisher::begin(&out)?;
    let sink = |path: &str, bytes: &[u8]| publisher.put(path, bytes);
    let made = match render_with_images(&args.site, None, None, None, Images::Make, Some(&sink)) {
        Ok(Ok(made)) => made,
        Ok(Err(diags)) => {
            publisher.abandon();
            print_diagnostics(diags);
            let site_toml = std::fs::read_to_string(root.join("content/site.toml")).unwrap_or_default();
            let lang = args.site.lang.unwrap_or_else(|| Lang::sniff_site_toml(&site_toml));
            match lang {
                Lang::Vi => eprintln!("Không ghi gì cả: {} vẫn giữ nguyên như trước.", out.display()),
                Lang::En => eprintln!("Nothing was written: {} is as it was.", out.display()),
            }
            return Err(Failure::Content);
        }
        Err(e) => {
            publisher.abandon();
            return Err(e);
        }
    };
    let (site, made, diags) = made;
    let pages = made.streamed.len() + made.files.keys().filter(|k| k.ends_with(".html")).count();
    let files = made.streamed.len() + made.files.len();
    let warnings = diags.warning_count();
    if warnings > 0 {
        print_diagnostics_limited(diags, 10);
    }
    let stats = crate::timing::stage("publish", || {
        for (path, bytes) in &made.files {
            if let Err(e) = publisher.put(path, bytes) {
                publisher.abandon();
                return Err(e);
            }
        }
        publisher.finish()
    })?;
    let lang = args.site.lang.unwrap_or_else(|| Lang::for_site(&site.config.language));
    let is_preview = site.preview.future || site.preview.drafts;
    let seconds = started.elapsed().as_secs_f64();
    let (written, unchanged, out) = (stats.written, stats.unchanged, out.display());
    match lang {
        Lang::Vi => println!(
            "Đã dựng {pages} trang, {files} tệp vào {out} trong {seconds:.2} giây: {written} tệp ghi mới, {unchanged} tệp không đổi{}",
            if is_preview { " (bản xem trước có nội dung chưa công bố: không đưa lên mạng)" } else { "" }
        ),
        Lang::En => println!(
            "Built {pages} pages, {files} files into {out} in {seconds:.2} s: {written} written, {unchanged} unchanged{}",
            if is_preview { " (preview with unpublished items: do not deploy)" } else { "" }
        ),
    }
    Ok(())
}
