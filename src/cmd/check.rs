//! `loa check`: everything build validates, reported all at once, plus the editorial warnings
//! of [`crate::site::lint`]; writes nothing. Warnings never change the exit code.

use std::path::Path;

use super::cli::{CheckArgs, CheckFormat};
use super::common::{self, print_diagnostics, print_stdout, Failure};
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::Lang;
use crate::output::Memory;
use crate::site::lint::lint;
use crate::site::{load_site, Options, Preview, Site};
use crate::templates::Images;

pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let _progress = crate::progress::want();
    // Everything but the image variants and cards, so that check writes nothing, not even
    // the image cache; the pages stay in memory and are dropped.
    let options = common::options(&args.site, None, Images::Skip)?;
    let (diags, items) = match crate::build::build(&options, None, &Memory::new()) {
        Err(Failure::Errors(diags)) => (diags, None),
        Err(e) => return Err(e),
        Ok(built) => {
            let mut diags = built.warnings;
            diags.extend(editorial(&args.site.root, &built.site)?);
            (diags, Some(built.site.items.len()))
        }
    };
    let lang = diags.lang();
    let failed = diags.has_errors();
    let warnings = diags.warning_count();
    match args.format {
        CheckFormat::Json => {
            let sorted = diags.sorted();
            let list: Vec<_> = sorted.iter().map(|d| d.to_json(lang)).collect();
            let text = serde_json::to_string_pretty(&list).map_err(|e| Failure::Other(e.into()))?;
            print_stdout(&format!("{text}\n"));
        }
        CheckFormat::Text => {
            print_diagnostics(diags);
            if let (false, Some(items)) = (failed, items) {
                print_stdout(&format!("{}\n", summary_line(items, warnings, lang)));
            }
        }
    }
    if failed {
        Err(Failure::Content)
    } else {
        Ok(())
    }
}

fn summary_line(items: usize, warnings: usize, lang: Lang) -> String {
    match (lang, warnings) {
        (Lang::Vi, 0) => format!("Không có lỗi trong {items} mục đang đăng."),
        (Lang::Vi, w) => format!("Không có lỗi trong {items} mục đang đăng ({w} cảnh báo)."),
        (Lang::En, 0) => format!("No errors in {items} published items."),
        (Lang::En, 1) => format!("No errors in {items} published items (1 warning)."),
        (Lang::En, w) => format!("No errors in {items} published items ({w} warnings)."),
    }
}

/// The editorial warnings, over the site loaded again with its scheduled items and drafts, so
/// that what is planned counts. That load's own diagnostics are the ones already reported.
fn editorial(root: &Path, site: &Site) -> Result<Vec<Diagnostic>, Failure> {
    let options = Options { now: site.now, preview: Preview { future: true, drafts: true } };
    let mut already_reported = Diagnostics::default();
    let everything = load_site(root, site.config.clone(), options, &mut already_reported)?;
    Ok(lint(&everything, root))
}
