//! The builds of `loa serve`: the same load → resolve → render pipeline as `loa build`, into
//! memory, with the theme optionally taken from `--theme-dir`.

use std::path::PathBuf;

use crate::cmd::cli::SiteArgs;
use crate::cmd::common::{render_with, Failure};
use crate::diag::Diagnostics;
use crate::messages::Lang;
use crate::output::Files;
use crate::site::memo::SiteMemo;
use crate::templates::incremental::{Fingerprints, Incremental};

/// A build's result: the site's files and warnings, or the errors that stopped it.
pub enum Outcome {
    /// `files` holds what was made at this build; `reused` the pages whose inputs did not
    /// change (the previous build's bytes stand). Together they are the whole site.
    Built {
        files: Files,
        reused: Vec<String>,
        warnings: Diagnostics,
        base_path: String,
        pages: usize,
    },
    Failed(Diagnostics),
}

/// Builds the site the way `loa serve` was asked to.
pub struct Builder {
    pub args: SiteArgs,
    pub theme_dir: Option<PathBuf>,
    /// The inputs of every page at the last successful build.
    fingerprints: Fingerprints,
    /// Files parsed and bodies rendered at earlier builds.
    markdown: SiteMemo,
}

impl Builder {
    pub fn new(args: SiteArgs, theme_dir: Option<PathBuf>) -> Builder {
        Builder { args, theme_dir, fingerprints: Fingerprints::new(), markdown: SiteMemo::default() }
    }

    /// The language of the messages: `--lang`, else the site's (read loosely, site.toml may be broken).
    pub fn lang(&self) -> Lang {
        let text = std::fs::read_to_string(self.args.root.join("content/site.toml")).unwrap_or_default();
        self.args.lang.unwrap_or_else(|| Lang::sniff_site_toml(&text))
    }

    /// Builds the site into memory with the pipeline of `loa build`, rendering again only the
    /// pages whose inputs changed since the last successful build. `Err` is what would stop
    /// `loa build` before it looks at the content (no content/ folder, a bad `--now`).
    pub fn build(&mut self) -> Result<Outcome, Failure> {
        match render_with(&self.args, self.theme_dir.as_deref(), Some(&self.fingerprints), Some(&self.markdown))? {
            Ok((site, Incremental { files, reused, fingerprints, .. }, warnings)) => {
                self.fingerprints = fingerprints;
                let pages = files.keys().chain(&reused).filter(|k| k.ends_with(".html")).count();
                Ok(Outcome::Built { files, reused, warnings, base_path: site.base_path, pages })
            }
            Err(diags) => Ok(Outcome::Failed(diags)),
        }
    }
}
