//! What build and check share: config, clock, loading, rendering, and printing diagnostics.

use std::io::Write;
use std::path::Path;

use jiff::Timestamp;

use super::cli::SiteArgs;
use crate::content::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::messages::{Lang, Msg};
use crate::output::Files;
use crate::site::memo::SiteMemo;
use crate::site::{load_site, load_site_memo, Options, Preview, Site};
use crate::templates::incremental::{Fingerprints, Incremental};
use crate::templates::{render_site_images, Images, PageSink, Theme};
use crate::text::date::parse_instant;

/// How a command ended, mapped to the exit code by main.
#[derive(Debug)]
pub enum Failure {
    /// Content errors (already printed): exit 1.
    Content,
    /// A usage error such as a bad --now or --out, in both languages (printed in the language
    /// of the command line, see [`super::usage::lang_of`]): exit 2.
    Usage(Msg),
    /// A usage error already worded in the run's language (an unknown slug given to `loa new`): exit 2.
    UsageIn(Lang, String),
    /// Anything else (I/O): exit 1, printed with its cause chain.
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Other(e)
    }
}

/// The site rendered in memory, with the warnings met on the way.
pub struct Rendered {
    pub site: Site,
    pub files: Files,
    pub diags: Diagnostics,
}

/// Loads, checks and renders the site under `args.root`. Content errors are printed and
/// returned as `Failure::Content`; nothing is written anywhere.
pub fn load_and_render(args: &SiteArgs) -> Result<Rendered, Failure> {
    render_collected(args)?.map_err(|diags| {
        print_diagnostics(diags);
        Failure::Content
    })
}

/// [`load_and_render`] that hands content errors back instead of printing them, for a caller
/// that reports them its own way (`loa check --format json`).
pub fn render_collected(args: &SiteArgs) -> Result<Result<Rendered, Diagnostics>, Failure> {
    Ok(render_with(args, None, None, None)?.map(|(site, made, diags)| Rendered { site, files: made.files, diags }))
}

/// The one pipeline of build, check and serve. `theme_dir` takes the place of
/// `themes/<theme>/` (`loa serve --theme-dir`); with `previous` (serve), pages whose inputs have
/// those fingerprints are not rendered again (see [`crate::templates::incremental`]), and
/// with `memo`, bodies whose inputs are unchanged are not rendered again either.
pub fn render_with(
    args: &SiteArgs,
    theme_dir: Option<&Path>,
    previous: Option<&Fingerprints>,
    memo: Option<&SiteMemo>,
) -> Result<Result<(Site, Incremental, Diagnostics), Diagnostics>, Failure> {
    render_with_images(args, theme_dir, previous, memo, Images::Make, None)
}

/// What `loa check` renders: everything but the image variants and cards, so that it writes
/// nothing, not even the image cache.
pub fn check_collected(args: &SiteArgs) -> Result<Result<Rendered, Diagnostics>, Failure> {
    Ok(render_with_images(args, None, None, None, Images::Skip, None)?.map(|(site, made, diags)| Rendered {
        site,
        files: made.files,
        diags,
    }))
}

/// [`render_with`], choosing whether image variants and cards are made, and handing each
/// page to `sink` (when given) as soon as it is rendered (`loa build`).
pub fn render_with_images(
    args: &SiteArgs,
    theme_dir: Option<&Path>,
    previous: Option<&Fingerprints>,
    memo: Option<&SiteMemo>,
    images: Images,
    sink: Option<PageSink<'_>>,
) -> Result<Result<(Site, Incremental, Diagnostics), Diagnostics>, Failure> {
    Ok(render_keeping_theme(args, theme_dir, previous, memo, images, sink)?
        .map(|(site, _, made, diags)| (site, made, diags)))
}

/// A rendered site with the theme it was rendered with.
pub type WithTheme = (Site, Theme, Incremental, Diagnostics);

/// [`render_with_images`] that also hands back the theme it rendered with (`loa serve` keeps it).
pub fn render_keeping_theme(
    args: &SiteArgs,
    theme_dir: Option<&Path>,
    previous: Option<&Fingerprints>,
    memo: Option<&SiteMemo>,
    images: Images,
    sink: Option<PageSink<'_>>,
) -> Result<Result<WithTheme, Diagnostics>, Failure> {
    let root = &args.root;
    let (config, now) = match config_collected(args)? {
        Ok(c) => c,
        Err(diags) => return Ok(Err(diags)),
    };
    let options = Options { now, preview: Preview { future: args.future, drafts: args.drafts } };
    let mut diags = Diagnostics::in_lang(Lang::choose(args.lang, &config.language));
    let theme = match theme_dir {
        Some(dir) => Theme::load_dir(root, dir).and_then(|t| t.with_site_strings(root, &config)),
        None => Theme::load_for(root, &config),
    };
    let mut site = load_site_memo(root, config, options, &mut diags, memo)?;
    site.release_bodies();
    let theme = match theme {
        Ok(t) => {
            diags.extend(t.missing_strings(root, &site.config));
            Some(t)
        }
        Err(errors) => {
            diags.extend(errors);
            None
        }
    };
    let Some(theme) = theme.filter(|_| !diags.has_errors()) else {
        return Ok(Err(diags));
    };
    match render_site_images(&site, &theme, root, previous, images, sink) {
        Ok(made) => Ok(Ok((site, theme, made, diags))),
        Err(errors) => {
            diags.extend(errors);
            Ok(Err(diags))
        }
    }
}

/// Reads site.toml and the clock (or `--now`, read in the site's time zone).
pub fn load_config(args: &SiteArgs) -> Result<(Config, Timestamp), Failure> {
    config_collected(args)?.map_err(|diags| {
        print_diagnostics(diags);
        Failure::Content
    })
}

/// [`load_config`] that hands the errors of site.toml back instead of printing them.
pub fn config_collected(args: &SiteArgs) -> Result<Result<(Config, Timestamp), Diagnostics>, Failure> {
    let root = &args.root;
    if !root.join("content").is_dir() {
        let shown = root.display();
        return Err(Failure::Usage(crate::msg!(
            "{shown} không có thư mục content/; hãy chạy loa trong thư mục của cổng hoặc ghi --root THƯ_MỤC",
            "{shown} has no content/ folder; run loa in the site's folder or pass --root DIR"
        )));
    }
    let config = match Config::load(&root.join("content/site.toml"), Path::new("content/site.toml")) {
        Ok(c) => c,
        Err(errors) => {
            let text = std::fs::read_to_string(root.join("content/site.toml")).unwrap_or_default();
            let mut diags = Diagnostics::in_lang(args.lang.unwrap_or_else(|| Lang::sniff_site_toml(&text)));
            diags.extend(errors);
            return Ok(Err(diags));
        }
    };
    let now = match &args.now {
        Some(text) => parse_instant(text, &config.timezone).map_err(|e| {
            Failure::Usage(Msg::new(
                format!(
                    "--now: `{text}` không phải thời điểm; hãy ghi 2026-11-22, 2026-11-22T08:00 (giờ của cổng) \
                     hoặc 2026-11-22T08:00:00+07:00"
                ),
                format!("--now: {e}"),
            ))
        })?,
        None => Timestamp::now(),
    };
    Ok(Ok((config, now)))
}

/// Loads and checks the site without rendering it; content errors are printed.
pub fn load_checked(args: &SiteArgs, preview: Preview) -> Result<(Site, Diagnostics), Failure> {
    let (config, now) = load_config(args)?;
    let mut diags = Diagnostics::in_lang(Lang::choose(args.lang, &config.language));
    let site = load_site(&args.root, config, Options { now, preview }, &mut diags)?;
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
        let _ = writeln!(err, "{}", d.render(lang));
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
