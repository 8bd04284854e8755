//! What a build is asked to do, checked once before it starts (ripgrep's "high" arguments,
//! made by `cmd` from the command line), and how it can fail.

use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::messages::{Lang, Msg};
use crate::site::Preview;
use crate::templates::Images;

/// The options of one build, already checked: the site root has a content/ folder, the theme
/// folder exists, `--now` is a date or instant.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder that holds content/ (and optionally themes/).
    pub root: PathBuf,
    /// Takes the place of `themes/<theme>/` (`loa serve --theme-dir`).
    pub theme_dir: Option<PathBuf>,
    /// `--now` as written. It is read in the site's time zone, which site.toml sets and `loa
    /// serve` reads again at every build, so it is kept as text; [`Options::check_now`] proved
    /// that it reads.
    pub now: Option<String>,
    pub preview: Preview,
    /// The language of the messages, when `--lang` chose one (else the site's).
    pub lang: Option<Lang>,
    pub images: Images,
}

impl Options {
    /// Whether `--now` reads as a date or instant in some time zone; `Err` is the usage error.
    pub fn check_now(now: Option<&str>) -> Result<(), Failure> {
        match now {
            Some(text) => crate::text::date::parse_instant(text, &jiff::tz::TimeZone::UTC)
                .map(|_| ())
                .map_err(|e| now_error(text, &e)),
            None => Ok(()),
        }
    }
}

/// A `--now` that does not read as a date or instant.
pub(super) fn now_error(text: &str, e: &str) -> Failure {
    Failure::Usage(Msg::new(
        format!(
            "--now: `{text}` không phải thời điểm; hãy ghi 2026-11-22, 2026-11-22T08:00 (giờ của cổng) \
             hoặc 2026-11-22T08:00:00+07:00"
        ),
        format!("--now: {e}"),
    ))
}

/// How a command ended, mapped to the exit code by main.
#[derive(Debug)]
pub enum Failure {
    /// Content errors, not printed yet: the caller prints them (or shows them in the browser,
    /// or as JSON); exit 1.
    Errors(Diagnostics),
    /// Content errors (already printed): exit 1.
    Content,
    /// A usage error such as a bad --now or --out, in both languages (printed in the language
    /// of the command line, see [`crate::cmd::usage::lang_of`]): exit 2.
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
