//! The builds of `loa serve`: the same load → resolve → render pipeline as `loa build`, into
//! memory, with the theme optionally taken from `--theme-dir`.

use std::path::{Path, PathBuf};

use crate::cmd::cli::SiteArgs;
use crate::cmd::common::{config_collected, Failure};
use crate::diag::Diagnostics;
use crate::messages::Lang;
use crate::output::Files;
use crate::site::{load_site, Options, Preview};
use crate::templates::{render_site, Theme};

/// A build's result: the site's files and warnings, or the errors that stopped it.
pub enum Outcome {
    Built { files: Files, warnings: Diagnostics, base_path: String, pages: usize },
    Failed(Diagnostics),
}

/// Builds the site the way `loa serve` was asked to.
pub struct Builder {
    pub args: SiteArgs,
    pub theme_dir: Option<PathBuf>,
}

impl Builder {
    pub fn new(args: SiteArgs, theme_dir: Option<PathBuf>) -> Builder {
        Builder { args, theme_dir }
    }

    /// The language of the messages: `--lang`, else the site's (read loosely, site.toml may be broken).
    pub fn lang(&self) -> Lang {
        let text = std::fs::read_to_string(self.args.root.join("content/site.toml")).unwrap_or_default();
        self.args.lang.unwrap_or_else(|| Lang::sniff_site_toml(&text))
    }

    /// Builds the whole site into memory. `Err` is what would stop `loa build` before it
    /// looks at the content (no content/ folder, a bad `--now`).
    pub fn build(&mut self) -> Result<Outcome, Failure> {
        let args = &self.args;
        let root = &args.root;
        let (config, now) = match config_collected(args)? {
            Ok(c) => c,
            Err(diags) => return Ok(Outcome::Failed(diags)),
        };
        let options = Options { now, preview: Preview { future: args.future, drafts: args.drafts } };
        let mut diags = Diagnostics::in_lang(Lang::choose(args.lang, &config.language));
        let theme =
            load_theme(root, &config.theme, self.theme_dir.as_deref()).and_then(|t| t.with_site_strings(root, &config));
        let site = load_site(root, config, options, &mut diags)?;
        let theme = match theme {
            Ok(t) => Some(t),
            Err(errors) => {
                diags.extend(errors);
                None
            }
        };
        let Some(theme) = theme.filter(|_| !diags.has_errors()) else {
            return Ok(Outcome::Failed(diags));
        };
        match render_site(&site, &theme, root) {
            Ok(files) => {
                let pages = files.keys().filter(|k| k.ends_with(".html")).count();
                Ok(Outcome::Built { files, warnings: diags, base_path: site.base_path.clone(), pages })
            }
            Err(errors) => {
                diags.extend(errors);
                Ok(Outcome::Failed(diags))
            }
        }
    }
}

/// The theme `loa build` would load, or the one in `theme_dir` when given.
pub fn load_theme(root: &Path, name: &str, theme_dir: Option<&Path>) -> Result<Theme, Vec<crate::diag::Diagnostic>> {
    match theme_dir {
        Some(dir) => Theme::load_dir(root, dir),
        None => Theme::load(root, name),
    }
}
