//! `loa build`: render the site and swap it into the output folder atomically.

use std::time::Instant;

use super::cli::BuildArgs;
use super::common::{load_and_render, print_diagnostics_limited, Failure};
use crate::messages::Lang;
use crate::output::{check_destination, publish};

pub fn run(args: &BuildArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let root = &args.site.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    check_destination(root, &out).map_err(|e| Failure::Usage(e.to_string()))?;
    let rendered = match load_and_render(&args.site) {
        Ok(r) => r,
        Err(Failure::Content) => {
            let site_toml = std::fs::read_to_string(root.join("content/site.toml")).unwrap_or_default();
            let lang = args.site.lang.unwrap_or_else(|| Lang::sniff_site_toml(&site_toml));
            match lang {
                Lang::Vi => eprintln!("Không ghi gì cả: {} vẫn giữ nguyên như trước.", out.display()),
                Lang::En => eprintln!("Nothing was written: {} is as it was.", out.display()),
            }
            return Err(Failure::Content);
        }
        Err(e) => return Err(e),
    };
    let pages = rendered.files.keys().filter(|k| k.ends_with(".html")).count();
    let warnings = rendered.diags.warning_count();
    if warnings > 0 {
        print_diagnostics_limited(rendered.diags, 10);
    }
    let stats = crate::timing::stage("publish", || publish(&out, &rendered.files))?;
    let lang = args.site.lang.unwrap_or_else(|| Lang::for_site(&rendered.site.config.language));
    let is_preview = rendered.site.preview.future || rendered.site.preview.drafts;
    let (files, seconds) = (rendered.files.len(), started.elapsed().as_secs_f64());
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
