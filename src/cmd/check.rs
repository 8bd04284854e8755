//! `loa check`: everything build validates, reported all at once, plus the editorial warnings
//! of [`crate::site::lint`]; writes nothing. Warnings never change the exit code.

use std::path::Path;

use super::cli::{CheckArgs, CheckFormat};
use super::common::{self, print_diagnostics, print_stdout, Failure};
use crate::diag::Diagnostics;
use crate::messages::Lang;
use crate::output::Memory;
use crate::site::lint::lint;
use crate::site::schedule::{changes, Change, ChangeKind};
use crate::site::{load_site, Options, Preview, Site};
use crate::templates::Images;
use crate::text::date::display_date;

pub fn run(args: &CheckArgs) -> Result<(), Failure> {
    let _progress = crate::progress::want();
    // Everything but the image variants and cards, so that check writes nothing, not even
    // the image cache; the pages stay in memory and are dropped.
    let options = common::options(&args.site, None, Images::Skip)?;
    let (diags, items, coming) = match crate::build::build(&options, None, &Memory::new()) {
        Err(Failure::Errors(diags)) => (diags, None, String::new()),
        Err(e) => return Err(e),
        Ok(built) => {
            let mut diags = built.warnings;
            let everything = everything(&args.site.root, &built.site)?;
            diags.extend(lint(&everything, &args.site.root));
            let coming = coming_week(&everything, Lang::choose(args.site.lang, &built.site.config.language));
            (diags, Some(built.site.items.len()), coming)
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
                print_stdout(&format!("{}\n{coming}", summary_line(items, warnings, lang)));
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

/// The site loaded again with its scheduled items and drafts, for the editorial warnings (what
/// is planned counts) and the coming week. That load's own diagnostics are the ones already
/// reported.
fn everything(root: &Path, site: &Site) -> Result<Site, Failure> {
    let options = Options { now: site.now, preview: Preview { future: true, drafts: true } };
    let mut already_reported = Diagnostics::default();
    Ok(load_site(root, site.config.clone(), options, &mut already_reported)?)
}

/// What goes live, and what is taken down, in the next 7 days: the editor's last look before
/// the timer publishes it.
fn coming_week(site: &Site, lang: Lang) -> String {
    use std::fmt::Write as _;
    let tz = &site.config.timezone;
    let until = site.now.checked_add(jiff::Span::new().hours(24 * 7)).unwrap_or(jiff::Timestamp::MAX);
    let items: Vec<&crate::site::Item> = site.items.iter().collect();
    let coming: Vec<Change> = changes(&items, tz, site.now, until)
        .into_iter()
        .filter(|c| matches!(c.kind, ChangeKind::Publish | ChangeKind::Expire))
        .collect();
    let mut out = String::new();
    if coming.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "Không có bài nào lên hay gỡ trong 7 ngày tới.",
                "Nothing goes live or comes down in the next 7 days."
            )
        );
        return out;
    }
    let n = coming.len();
    let _ = writeln!(
        out,
        "{}",
        crate::msg!("Trong 7 ngày tới ({n} thay đổi):", "In the next 7 days ({n} changes):").get(lang)
    );
    for c in coming {
        let when = format!(
            "{} {}",
            c.at.to_zoned(tz.clone()).strftime("%H:%M"),
            display_date(c.at, tz, &site.config.language)
        );
        let what = match c.kind {
            ChangeKind::Publish => lang.pick("lên trang", "goes live"),
            _ => lang.pick("hết hạn, gỡ xuống", "expires"),
        };
        let file = c.file.map(|f| format!("  ({})", f.display())).unwrap_or_default();
        let _ = writeln!(out, "  {when:<28} {what:<17} {}{file}", c.title);
    }
    out
}
