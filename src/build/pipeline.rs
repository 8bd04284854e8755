//! [`build`]: the stages of a build, in order, in one short function. Each stage lives in its
//! own module; this one only passes the data along and stops at the first stage with errors
//! (the errors of one stage are all collected, so an editor fixes them in one go).

use std::path::Path;

use jiff::Timestamp;

use super::options::{Failure, Options};
use crate::content::Config;
use crate::diag::Diagnostics;
use crate::messages::Lang;
use crate::output::{Sink, Tracked};
use crate::site::memo::SiteMemo;
use crate::site::urls::addresses;
use crate::site::{load_site_memo, Site};
use crate::templates::incremental::Fingerprints;
use crate::templates::outputs::write_outputs;
use crate::templates::render::{prepare, render_pages, Prepared};
use crate::templates::Theme;
use crate::text::date::parse_instant;

/// What `loa serve` keeps between builds, so that a build redoes only what changed: the
/// Markdown files parsed and bodies rendered, and the fingerprint of every page's inputs.
#[derive(Clone, Copy)]
pub struct Reuse<'a> {
    pub markdown: &'a SiteMemo,
    pub pages: &'a Fingerprints,
}

/// A build that succeeded: the site and theme it was made from, what its pages shared, its
/// warnings, the fingerprint of each page (with [`Reuse`] only) and the path of every file it
/// handed to the sink, sorted.
pub struct Built {
    pub site: Site,
    pub theme: Theme,
    pub prepared: Prepared,
    pub warnings: Diagnostics,
    pub fingerprints: Fingerprints,
    pub paths: Vec<String>,
}

/// Builds the site at `options.root` into `sink`. Content errors come back as
/// [`Failure::Errors`], unprinted; whatever the sink received by then is for the caller to
/// throw away (`loa build` abandons its staging folder, so the output stays as it was).
pub fn build(options: &Options, reuse: Option<Reuse<'_>>, sink: &dyn Sink) -> Result<Built, Failure> {
    let built = stages(options, reuse, sink);
    // The caller prints next (errors, warnings, the summary): on a line of its own.
    crate::progress::end();
    built
}

fn stages(options: &Options, reuse: Option<Reuse<'_>>, sink: &dyn Sink) -> Result<Built, Failure> {
    let root = options.root.as_path();
    let (config, now) = read_config(options)?;
    let mut diags = Diagnostics::in_lang(Lang::choose(options.lang, &config.language));
    diags.set_root(root);
    crate::progress::begin(diags.lang());
    let theme = load_theme(options, &config);
    // Load, resolve references and publication state, render the Markdown bodies.
    let site_options = crate::site::Options { now, preview: options.preview };
    let mut site = load_site_memo(root, config, site_options, &mut diags, reuse.map(|r| r.markdown))?;
    site.release_bodies();
    let theme = match theme {
        Ok(theme) => {
            diags.extend(theme.missing_strings(root, &site.config));
            diags.extend(crate::site::links::check_fragments(&site.items, &theme.page_ids()));
            theme
        }
        Err(errors) => {
            diags.extend(errors);
            return Err(Failure::Errors(diags));
        }
    };
    if diags.has_errors() {
        return Err(Failure::Errors(diags));
    }
    // The lists, summaries and translation groups every page shares.
    let prepared = prepare(&site, &theme);
    crate::progress::total(|| addresses(&site, &prepared.indexes).len() + theme.statics.len());
    let sink = Tracked::new(sink);
    let pages = render_pages(&site, &theme, &prepared, reuse.map(|r| r.pages), &sink);
    let (fingerprints, sitemap, mut errors) = match pages {
        Ok((fingerprints, sitemap)) => (fingerprints, Some(sitemap), Vec::new()),
        Err(errors) => (Fingerprints::default(), None, errors),
    };
    // Feeds, sitemap, robots.txt, aliases, search index, calendars, theme files, assets, images:
    // made even when a page failed, so that every error of the build is reported at once.
    let empty = Default::default();
    let sitemap = sitemap.as_ref().unwrap_or(&empty);
    if let Err(more) = write_outputs(&site, &theme, root, &prepared, sitemap, options.images, &sink) {
        errors.extend(more);
    }
    if !errors.is_empty() {
        diags.extend(errors);
        return Err(Failure::Errors(diags));
    }
    Ok(Built { site, theme, prepared, warnings: diags, fingerprints, paths: sink.into_paths() })
}

/// Reads site.toml and the clock (or `--now`, read in the site's time zone).
pub fn read_config(options: &Options) -> Result<(Config, Timestamp), Failure> {
    let root = &options.root;
    let config = match Config::load(&root.join("content/site.toml"), Path::new("content/site.toml")) {
        Ok(c) => c,
        Err(errors) => {
            let text = std::fs::read_to_string(root.join("content/site.toml")).unwrap_or_default();
            let mut diags = Diagnostics::in_lang(options.lang.unwrap_or_else(|| Lang::sniff_site_toml(&text)));
            diags.set_root(root);
            diags.extend(errors);
            return Err(Failure::Errors(diags));
        }
    };
    let now = match &options.now {
        Some(text) => parse_instant(text, &config.timezone).map_err(|e| super::options::now_error(text, &e))?,
        None => Timestamp::now(),
    };
    Ok((config, now))
}

/// The site's theme, or the one `--theme-dir` names, with the UI strings of site.toml.
fn load_theme(options: &Options, config: &Config) -> Result<Theme, Vec<crate::diag::Diagnostic>> {
    let root = &options.root;
    match &options.theme_dir {
        Some(dir) => Theme::load_dir(root, dir)
            .and_then(|t| t.with_site_strings(root, config))
            .and_then(|t| t.with_identity(root, config)),
        None => Theme::load_for(root, config),
    }
}
