//! Rendering the site's pages: what every page shares prepared once, the pages planned, then
//! rendered in parallel into the build's sink. The other files are in `outputs.rs`.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::Value;

use super::context::{site_value, summary};
use super::incremental::{render_unless_same, Fingerprints, Page, TemplateFingerprints};
use super::plan::{Job, Lang, Planner};
use super::shared::SharedContexts;
use super::theme::Theme;
use super::values::to_value;
use super::xml::{Alternate, SitemapEntry};
use crate::content::Kind;
use crate::diag::Diagnostic;
use crate::output::Sink;
use crate::site::indexes::{Indexes, LangIndex};
use crate::site::model::Site;

/// Whether a render makes the image variants and Open Graph cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Images {
    /// Made, or read from the site's image cache (`ROOT/.loa/cache/images/`), which they are added to.
    Make,
    /// Left out, and the cache untouched: for `loa check`, which writes nothing.
    Skip,
}

/// Renders every page of the site into `sink`, in parallel. With `previous` (`loa serve`), a
/// page whose template and context have the fingerprint they had then is not rendered again:
/// the sink is told to keep it. Returns the fingerprint of every page, for the next build.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    prepared: &Prepared,
    previous: Option<&Fingerprints>,
    sink: &dyn Sink,
) -> Result<(Fingerprints, Sitemap), Vec<Diagnostic>> {
    let empty = LangIndex::default();
    let langs = languages(site, theme, prepared, &empty);
    let mut planner = Planner::new(site);
    for lang in &langs {
        planner.language(lang);
    }
    for lang in &langs {
        planner.not_found(lang);
    }
    let Planner { mut jobs, sitemap, .. } = planner;
    let alternates = super::langs::link_alternates(site, &mut jobs);
    let share_cards =
        super::share_cards::assign(site, jobs.iter_mut().map(|j| (j.path.as_str(), j.template, &mut j.meta)));

    let templates = previous.map(|_| TemplateFingerprints::new(theme));
    let rendered: Vec<Result<Page, Diagnostic>> = crate::timing::stage("templates", || {
        jobs.into_par_iter()
            .map_init(SharedContexts::default, |shared, job| {
                let page = match (previous, &templates) {
                    (Some(previous), Some(templates)) => render_unless_same(theme, job, previous, templates, shared)?,
                    _ => {
                        let Job { path, template, lang, meta, make } = job;
                        let bytes = shared.render(theme, template, lang, make(), &meta)?;
                        Page { path, bytes: Some(bytes), fingerprint: 0 }
                    }
                };
                let Page { path, bytes, fingerprint } = page;
                let sent = match bytes {
                    Some(bytes) => sink.put(&path, bytes),
                    None => sink.keep(&path),
                };
                // Writing the staging folder failed (disk full, permissions).
                sent.map_err(|e| Diagnostic::error(&path, 0, 0, format!("{e:#}")))?;
                Ok(Page { path, bytes: None, fingerprint })
            })
            .collect()
    });
    let mut errors = Vec::new();
    let mut fingerprints = Fingerprints::default();
    for r in rendered {
        match r {
            Ok(page) if previous.is_some() => {
                fingerprints.insert(page.path, page.fingerprint);
            }
            Ok(_) => {}
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok((fingerprints, Sitemap { entries: sitemap, alternates, share_cards }))
    } else {
        Err(errors)
    }
}

/// The pages the sitemap lists, with their language versions, as planning found them.
#[derive(Default)]
pub struct Sitemap {
    pub entries: Vec<SitemapEntry>,
    pub alternates: HashMap<String, Vec<Alternate>>,
    /// The sharing cards to draw from pages' titles: (output path, title).
    pub share_cards: Vec<(String, String)>,
}

/// What every page of a build shares: the indexes, each item's summary, the translation groups
/// and the cache-busting versions of the stylesheet and script. `loa serve` keeps it between builds.
pub struct Prepared {
    pub indexes: Indexes,
    pub summaries: Vec<Value>,
    pub translations: HashMap<(String, Kind), Vec<usize>>,
    pub css_version: String,
    pub js_version: String,
    /// The version of `video.js`, the YouTube player's loader.
    pub video_js_version: String,
}

/// The theme files its templates link with `?v=` and a hash of the file's own bytes
/// ([`Prepared::css_version`], [`Prepared::js_version`]): a changed file gets a new address, so
/// caches may keep each one for a year. (`highlight.css` carries the stylesheet's version, not
/// its own, so it is not one of them.)
pub const VERSIONED_STATICS: [&str; 3] = ["style.css", "search.js", "video.js"];

/// Computes the [`Prepared`] values of a site.
pub fn prepare(site: &Site, theme: &Theme) -> Prepared {
    let indexes = Indexes::build(site);
    let empty = LangIndex::default();
    let [stylesheet, script, video_script] = VERSIONED_STATICS;
    let css_version = short_hash(theme.statics.get(stylesheet).map_or(&[][..], |v| v.as_slice()));
    let summaries: Vec<Value> = site
        .items
        .par_iter()
        .map(|item| summary(site, indexes.langs.get(&item.lang).unwrap_or(&empty), item, theme.strings_for(&item.lang)))
        .collect();
    let mut translations: HashMap<(String, Kind), Vec<usize>> = HashMap::new();
    for (i, item) in site.items.iter().enumerate() {
        translations.entry((item.translation_key.clone(), item.kind)).or_default().push(i);
    }
    let js_version = short_hash(theme.statics.get(script).map_or(&[][..], |v| v.as_slice()));
    let video_js_version = short_hash(theme.statics.get(video_script).map_or(&[][..], |v| v.as_slice()));
    Prepared { indexes, summaries, translations, css_version, js_version, video_js_version }
}

/// The per-language values pages share, in the site's language order (the main one first).
pub fn languages<'a>(site: &'a Site, theme: &'a Theme, p: &'a Prepared, empty: &'a LangIndex) -> Vec<Lang<'a>> {
    site.config
        .language_codes()
        .map(|code| {
            let site = site_value(site, code, [&p.css_version, &p.js_version, &p.video_js_version]);
            Lang {
                code,
                translations: &p.translations,
                ix: p.indexes.langs.get(code).unwrap_or(empty),
                site_value: to_value(&site),
                site,
                strings: to_value(theme.strings_for(code)),
                string_map: theme.strings_for(code),
                summaries: &p.summaries,
            }
        })
        .collect()
}

fn short_hash(bytes: &[u8]) -> String {
    // A stable fingerprint for cache busting (not for security): 32 bits of xxh3.
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) as u32)
}
