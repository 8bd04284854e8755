//! `loa build`: render the site and swap it into the output folder atomically.

use std::time::Instant;

use super::cli::BuildArgs;
use super::common::{load_and_render, print_diagnostics, Failure};
use crate::output::{check_destination, publish};

pub fn run(args: &BuildArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let root = &args.site.root;
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    check_destination(root, &out).map_err(|e| Failure::Usage(e.to_string()))?;
    let rendered = match load_and_render(&args.site) {
        Ok(r) => r,
        Err(Failure::Content) => {
            eprintln!("Nothing was written: {} is as it was.", out.display());
            return Err(Failure::Content);
        }
        Err(e) => return Err(e),
    };
    let pages = rendered.files.keys().filter(|k| k.ends_with(".html")).count();
    let warnings = rendered.diags.warning_count();
    if warnings > 0 {
        print_diagnostics(rendered.diags);
    }
    let stats = crate::timing::stage("publish", || publish(&out, &rendered.files))?;
    let preview = if rendered.site.preview.future || rendered.site.preview.drafts {
        " (preview with unpublished items: do not deploy)"
    } else {
        ""
    };
    println!(
        "Built {pages} pages, {} files into {} in {:.2} s: {} written, {} unchanged{preview}",
        rendered.files.len(),
        out.display(),
        started.elapsed().as_secs_f64(),
        stats.written,
        stats.unchanged,
    );
    Ok(())
}
