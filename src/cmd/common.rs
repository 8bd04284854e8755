//! What build and check share: config, clock, loading, rendering, and printing diagnostics.

use std::io::Write;
use std::path::Path;

use jiff::Timestamp;

use super::cli::SiteArgs;
use crate::content::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Files;
use crate::site::{load_site, Options, Preview, Site};
use crate::templates::{render_site, Theme};
use crate::text::date::parse_instant;

/// How a command ended, mapped to the exit code by main.
#[derive(Debug)]
pub enum Failure {
    /// Content errors (already printed): exit 1.
    Content,
    /// A usage error such as a bad --now or --out: exit 2.
    Usage(String),
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
    let root = &args.root;
    let (config, now) = load_config(args)?;
    let options = Options { now, preview: Preview { future: args.future, drafts: args.drafts } };
    let mut diags = Diagnostics::default();
    let theme = Theme::load(root, &config.theme);
    let site = load_site(root, config, options, &mut diags)?;
    let theme = match theme {
        Ok(t) => Some(t),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    };
    if diags.has_errors() {
        print_diagnostics(diags);
        return Err(Failure::Content);
    }
    let Some(theme) = theme else {
        return Err(Failure::Content);
    };
    match render_site(&site, &theme, root) {
        Ok(files) => Ok(Rendered { site, files, diags }),
        Err(errors) => {
            diags.extend(errors);
            print_diagnostics(diags);
            Err(Failure::Content)
        }
    }
}

/// Reads site.toml and the clock (or `--now`, read in the site's time zone).
pub fn load_config(args: &SiteArgs) -> Result<(Config, Timestamp), Failure> {
    let root = &args.root;
    if !root.join("content").is_dir() {
        return Err(Failure::Usage(format!(
            "{} has no content/ folder; run loa in the site's folder or pass --root DIR",
            root.display()
        )));
    }
    let config = match Config::load(&root.join("content/site.toml"), Path::new("content/site.toml")) {
        Ok(c) => c,
        Err(errors) => {
            let mut diags = Diagnostics::default();
            diags.extend(errors);
            print_diagnostics(diags);
            return Err(Failure::Content);
        }
    };
    let now = match &args.now {
        Some(text) => parse_instant(text, &config.timezone).map_err(|e| Failure::Usage(format!("--now: {e}")))?,
        None => Timestamp::now(),
    };
    Ok((config, now))
}

/// Loads and checks the site without rendering it; content errors are printed.
pub fn load_checked(args: &SiteArgs, preview: Preview) -> Result<(Site, Diagnostics), Failure> {
    let (config, now) = load_config(args)?;
    let mut diags = Diagnostics::default();
    let site = load_site(&args.root, config, Options { now, preview }, &mut diags)?;
    if diags.has_errors() {
        print_diagnostics(diags);
        return Err(Failure::Content);
    }
    Ok((site, diags))
}

/// Prints every diagnostic, then a count line, to standard error.
pub fn print_diagnostics(diags: Diagnostics) {
    let errors = diags.error_count();
    let warnings = diags.warning_count();
    let mut err = std::io::stderr().lock();
    for d in diags.sorted() {
        let _ = writeln!(err, "{d}");
    }
    if errors > 0 || warnings > 0 {
        let _ = writeln!(err, "{}", count_line(errors, warnings));
    }
}

fn count_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    match (errors, warnings) {
        (0, w) => plural(w, "warning"),
        (e, 0) => plural(e, "error"),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// A diagnostic to print on its own (used by commands for single problems).
pub fn print_one(d: Diagnostic) {
    let mut diags = Diagnostics::default();
    diags.push(d);
    print_diagnostics(diags);
}
