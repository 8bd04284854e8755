//! `loa check`: everything build validates, reported all at once, plus the editorial warnings
//! of [`crate::site::lint`]; writes nothing. Warnings never change the exit code.

use std::path::Path;

use super::cli::{CheckArgs, CheckFormat};
use super::common::{check_collected, print_diagnostics, print_stdout, Failure};
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::Lang;
use crate::site::lint::lint;
use crate::site::{load_site, Options, Preview, Site};

pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let (diags, items) = match check_collected(&args.site)? {
        Err(diags) => (diags, None),
        Ok(rendered) => {
            let mut diags = rendered.diags;
            diags.extend(editorial(&args.site.root, &rendered.site)?);
            (diags, Some(rendered.site.items.len()))
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
