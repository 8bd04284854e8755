//! What the commands share: their build options, config and clock, loading, and printing diagnostics.

use std::io::Write;
use std::path::Path;

use jiff::Timestamp;

use super::cli::SiteArgs;
use crate::build::Options;
use crate::content::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::Lang;
use crate::site::{load_site, Preview, Site};
use crate::templates::Images;

pub use crate::build::Failure;

/// The command line's site options made into checked build options (ripgrep's low → high
/// arguments): the root must hold content/, `--theme-dir` must be a folder, `--now` must read.
pub fn options(args: &SiteArgs, theme_dir: Option<&Path>, images: Images) -> Result<Options, Failure> {
    let root = &args.root;
    if !root.join("content").is_dir() {
        let shown = root.display();
        return Err(Failure::Usage(crate::msg!(
            "{shown} không có thư mục content/; hãy chạy loa trong thư mục của cổng hoặc ghi --root THƯ_MỤC",
            "{shown} has no content/ folder; run loa in the site's folder or pass --root DIR"
        )));
    }
    if let Some(dir) = theme_dir.filter(|d| !d.is_dir()) {
        let shown = dir.display();
        return Err(Failure::Usage(crate::msg!(
            "--theme-dir {shown}: không có thư mục này",
            "--theme-dir {shown}: no such folder"
        )));
    }
    Options::check_now(args.now.as_deref())?;
    Ok(Options {
        root: root.clone(),
        theme_dir: theme_dir.map(Path::to_path_buf),
        now: args.now.clone(),
        preview: Preview { future: args.future, drafts: args.drafts },
        lang: args.lang,
        images,
    })
}

/// Reads site.toml and the clock (or `--now`, read in the site's time zone); site.toml's
/// errors come back unprinted, as [`Failure::Errors`].
pub fn load_config(args: &SiteArgs) -> Result<(Config, Timestamp), Failure> {
    crate::build::read_config(&options(args, None, Images::Skip)?)
}

/// Loads and checks the site without rendering it; content errors are printed.
pub fn load_checked(args: &SiteArgs, preview: Preview) -> Result<(Site, Diagnostics), Failure> {
    let (config, now) = load_config(args)?;
    let mut diags = Diagnostics::in_lang(Lang::choose(args.lang, &config.language));
    diags.set_root(&args.root);
    let site = load_site(&args.root, config, crate::site::Options { now, preview }, &mut diags)?;
    if diags.has_errors() {
        print_diagnostics(diags);
        return Err(Failure::Content);
    }
    Ok((site, diags))
}

/// Prints every diagnostic, then a count line, to standard error, in the diagnostics' language.
pub fn print_diagnostics(diags: Diagnostics) {
    print_diagnostics_limited(diags, usize::MAX);
}

/// Prints every error but at most `max_warnings` warnings (a build of a large portal can have
/// thousands; `loa check` shows them all), then the count line.
pub fn print_diagnostics_limited(diags: Diagnostics, max_warnings: usize) {
    let _ = std::io::stderr().lock().write_all(format_diagnostics_limited(diags, max_warnings).as_bytes());
}

/// What [`print_diagnostics_limited`] prints, as text (`loa build` keeps it to print again when
/// the next build has nothing to do).
pub fn format_diagnostics_limited(diags: Diagnostics, max_warnings: usize) -> String {
    use std::fmt::Write as _;
    let lang = diags.lang();
    let root = diags.root().map(Path::to_path_buf);
    let mut files = std::collections::HashMap::new();
    // Counted after duplicates are merged (one template error on 2,000 pages is one error).
    let sorted = diags.sorted();
    let errors = sorted.iter().filter(|d| d.severity == crate::diag::Severity::Error).count();
    let warnings = sorted.len() - errors;
    let mut err = String::new();
    let mut shown_warnings = 0;
    for d in sorted {
        if d.severity == crate::diag::Severity::Warning {
            shown_warnings += 1;
            if shown_warnings > max_warnings {
                continue;
            }
        }
        let shown = match &root {
            Some(root) => d.render_with_source(lang, root, &mut files),
            None => d.render(lang),
        };
        let _ = writeln!(err, "{shown}");
    }
    if warnings > max_warnings {
        let more = warnings - max_warnings;
        let _ = writeln!(
            err,
            "{}",
            match lang {
                Lang::Vi => format!("… và {more} cảnh báo khác; chạy `loa check` để xem tất cả."),
                Lang::En => format!("… and {more} more warnings; run `loa check` to see them all."),
            }
        );
    }
    if errors > 0 || warnings > 0 {
        let _ = writeln!(err, "{}", count_line(errors, warnings, lang));
    }
    err
}

/// "2 errors and 1 warning" / "2 lỗi và 1 cảnh báo".
pub fn count_line(errors: usize, warnings: usize, lang: Lang) -> String {
    let plural = |n: usize, word: &str| match lang {
        Lang::Vi => format!("{n} {}", if word == "error" { "lỗi" } else { "cảnh báo" }),
        Lang::En if n == 1 => format!("1 {word}"),
        Lang::En => format!("{n} {word}s"),
    };
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{} {} {}", plural(e, "error"), lang.pick("và", "and"), plural(w, "warning")),
    }
}

/// Writes `text` to standard output; a reader that went away (`loa report | head`) is not an error.
pub fn print_stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// A diagnostic to print on its own (used by commands for single problems).
pub fn print_one(d: Diagnostic, lang: Lang) {
    let mut diags = Diagnostics::in_lang(lang);
    diags.push(d);
    print_diagnostics(diags);
}
