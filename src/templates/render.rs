//! Rendering the whole site: the planned pages rendered in parallel, then the
//! feeds, sitemap, robots.txt, alias redirects, theme files and content assets added.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;
use std::path::Path;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::context::{site_value, summary};
use super::incremental::{render_unless_same, Fingerprints, Incremental, Page, TemplateFingerprints};
use super::plan::{Job, Lang, Planner};
use super::theme::{error_chain, Theme};
use super::{feeds, ical, xml};
use crate::content::Kind;
use crate::diag::Diagnostic;
use crate::output::Files;
use crate::site::indexes::{Indexes, LangIndex};
use crate::site::model::{Item, Site};
use crate::site::urls::{self, Urls};

/// Renders every page and file of the site into memory.
pub fn render_site(site: &Site, theme: &Theme, root: &Path) -> Result<Files, Vec<Diagnostic>> {
    render_site_with(site, theme, root, None).map(|r| r.files)
}

/// Whether a render makes the image variants and Open Graph cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Images {
    /// Made, or read from the site's image cache (`ROOT/.loa/cache/images/`), which they are added to.
    Make,
    /// Left out, and the cache untouched: for `loa check`, which writes nothing.
    Skip,
}

/// [`render_site`] for `loa serve`: a page whose template and context have the fingerprint
/// they had in `previous` is not rendered again; its path is listed in `reused` instead of
/// being in `files`. Everything else (feeds, sitemap, assets, ...) is made every time; image
/// variants come from the image cache when their image did not change.
pub fn render_site_with(
    site: &Site,
    theme: &Theme,
    root: &Path,
    previous: Option<&Fingerprints>,
) -> Result<Incremental, Vec<Diagnostic>> {
    render_site_images(site, theme, root, previous, Images::Make, None)
}

/// Takes each rendered page as soon as it is made (`loa build` writes it into the staging
/// folder), so the whole site's pages never sit in memory at once.
pub type PageSink<'s> = &'s (dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync);

/// [`render_site_with`], choosing whether image variants and cards are made, and handing
/// every rendered page to `sink` (when given) instead of keeping it: such pages are listed in
/// `streamed`, not in `files`.
pub fn render_site_images(
    site: &Site,
    theme: &Theme,
    root: &Path,
    previous: Option<&Fingerprints>,
    images: Images,
    sink: Option<PageSink<'_>>,
) -> Result<Incremental, Vec<Diagnostic>> {
    let prepared = prepare(site, theme);
    let mut made = render_prepared(site, theme, root, previous, images, sink, &prepared)?;
    if previous.is_some() {
        made.prepared = Some(prepared);
    }
    Ok(made)
}

#[allow(clippy::too_many_arguments)]
fn render_prepared(
    site: &Site,
    theme: &Theme,
    root: &Path,
    previous: Option<&Fingerprints>,
    images: Images,
    sink: Option<PageSink<'_>>,
    prepared: &Prepared,
) -> Result<Incremental, Vec<Diagnostic>> {
    let empty = LangIndex::default();
    let langs = languages(site, theme, prepared, &empty);
    let mut planner = Planner::new(site);
    for lang in &langs {
        planner.language(lang);
    }
    for lang in &langs {
        planner.not_found(lang);
    }
    let main = &langs[0];
    let Planner { mut jobs, sitemap, .. } = planner;
    let alternates = super::langs::link_alternates(site, &mut jobs);

    let templates = previous.map(|_| TemplateFingerprints::new(theme));
    let rendered: Vec<Result<Page, Diagnostic>> = crate::timing::stage("templates", || {
        jobs.into_par_iter()
            .map(|job| match (previous, &templates) {
                (Some(previous), Some(templates)) => render_unless_same(theme, job, previous, templates),
                _ => render(theme, job).and_then(|(path, bytes)| match sink {
                    Some(sink) => match sink(&path, &bytes) {
                        Ok(()) => Ok(Page { path, bytes: None, fingerprint: 0 }),
                        // Writing the staging folder failed (disk full, permissions).
                        Err(e) => Err(Diagnostic::error(&path, 0, 0, format!("{e:#}"))),
                    },
                    None => Ok(Page { path, bytes: Some(bytes), fingerprint: 0 }),
                }),
            })
            .collect()
    });
    let mut files = Files::new();
    let mut errors = Vec::new();
    let mut reused = Vec::new();
    let mut streamed = Vec::new();
    let mut fingerprints = Fingerprints::default();
    for r in rendered {
        match r {
            Ok(page) => {
                if previous.is_some() {
                    fingerprints.insert(page.path.clone(), page.fingerprint);
                }
                match page.bytes {
                    Some(bytes) => {
                        files.insert(page.path, bytes);
                    }
                    None if sink.is_some() => streamed.push(page.path),
                    None => reused.push(page.path),
                }
            }
            Err(d) => errors.push(d),
        }
    }
    let pages: HashSet<&str> = streamed.iter().map(String::as_str).collect();
    add_aliases(site, theme, main, &pages, &mut files, &mut errors);
    for lang in &langs {
        let title = lang.site_value["title"].as_str().unwrap_or_default();
        for (path, text) in feeds::feeds(site, lang.ix, lang.code, title) {
            files.insert(path, text.into_bytes());
        }
    }
    for (name, text) in xml::sitemaps(site, &sitemap, &alternates) {
        files.insert(name, text.into_bytes());
    }
    files.insert(urls::ROBOTS_FILE.into(), xml::robots(site).into_bytes());
    let search = crate::timing::stage("search index", || super::streaming::search_files(site, sink, &mut files));
    let search = search.unwrap_or_else(|d| {
        errors.push(d);
        Vec::new()
    });
    let mut pages = pages;
    pages.extend(search.iter().map(String::as_str));
    for lang in langs.iter().filter(|l| !l.ix.campaigns.is_empty()) {
        let campaigns: Vec<&Item> = lang.ix.campaigns.iter().map(|&i| &site.items[i]).collect();
        let name = format!(
            "{} – {}",
            lang.site_value["title"].as_str().unwrap_or_default(),
            lang.string_map.get("calendar").map_or("", String::as_str)
        );
        let urls = Urls::of(site);
        let path = urls.out_path(&urls.calendar_feed(lang.code));
        files.insert(path, ical::campaigns(site, lang.code, &name, &campaigns).into_bytes());
    }
    for (name, bytes) in &theme.statics {
        files.insert(name.clone(), bytes.clone());
    }
    let content = root.join("content");
    let assets: Vec<Result<(String, Vec<u8>), Diagnostic>> = site
        .assets
        .par_iter()
        .map(|rel| {
            std::fs::read(content.join(rel))
                .map(|b| (rel.clone(), b))
                .map_err(|e| Diagnostic::error(format!("content/{rel}"), 0, 0, format!("cannot read the file: {e}")))
        })
        .collect();
    let mut read = Vec::with_capacity(assets.len());
    for a in assets {
        match a {
            Ok(asset) => read.push(asset),
            Err(d) => errors.push(d),
        }
    }
    let made_images = match images {
        Images::Make => super::streaming::add_images(site, root, &read, sink, &mut files, &mut errors),
        Images::Skip => Vec::new(),
    };
    pages.extend(made_images.iter().map(String::as_str));
    for (rel, bytes) in read {
        if files.contains_key(&rel) || pages.contains(rel.as_str()) {
            errors.push(
                Diagnostic::error(
                    format!("content/{rel}"),
                    0,
                    0,
                    format!("the file would overwrite the generated /{rel}"),
                )
                .with_hint("rename the file"),
            );
        }
        files.insert(rel, bytes);
    }
    if errors.is_empty() {
        drop(pages);
        streamed.extend(search);
        streamed.extend(made_images);
        Ok(Incremental { files, reused, streamed, fingerprints, prepared: None })
    } else {
        Err(errors)
    }
}

/// What every page of a build shares: the indexes, each item's summary, the translation groups
/// and the cache-busting versions of the stylesheet and script. `loa serve` keeps it between builds.
pub struct Prepared {
    pub indexes: Indexes,
    pub summaries: Vec<Value>,
    pub translations: HashMap<(String, Kind), Vec<usize>>,
    pub css_version: String,
    pub js_version: String,
}

/// Computes the [`Prepared`] values of a site.
pub fn prepare(site: &Site, theme: &Theme) -> Prepared {
    let indexes = Indexes::build(site);
    let empty = LangIndex::default();
    let css_version = short_hash(theme.statics.get("style.css").map_or(&[][..], |v| v.as_slice()));
    let summaries: Vec<Value> = site
        .items
        .par_iter()
        .map(|item| summary(site, indexes.langs.get(&item.lang).unwrap_or(&empty), item, theme.strings_for(&item.lang)))
        .collect();
    let mut translations: HashMap<(String, Kind), Vec<usize>> = HashMap::new();
    for (i, item) in site.items.iter().enumerate() {
        translations.entry((item.translation_key.clone(), item.kind)).or_default().push(i);
    }
    let js_version = short_hash(theme.statics.get("search.js").map_or(&[][..], |v| v.as_slice()));
    Prepared { indexes, summaries, translations, css_version, js_version }
}

/// The per-language values pages share, in the site's language order (the main one first).
pub fn languages<'a>(site: &'a Site, theme: &'a Theme, p: &'a Prepared, empty: &'a LangIndex) -> Vec<Lang<'a>> {
    site.config
        .language_codes()
        .map(|code| Lang {
            code,
            translations: &p.translations,
            ix: p.indexes.langs.get(code).unwrap_or(empty),
            site_value: {
                let mut value = site_value(site, code, &p.css_version);
                value["js_version"] = json!(p.js_version);
                value
            },
            strings: json!(theme.strings_for(code)),
            string_map: theme.strings_for(code),
            summaries: &p.summaries,
        })
        .collect()
}

/// Builds one page's context and renders it with its template.
fn render(theme: &Theme, job: Job<'_>) -> Result<(String, Vec<u8>), Diagnostic> {
    let (path, template, context) = job_context(job);
    Ok((path, render_context(theme, template, context)?))
}

/// A page's whole context: its own values with `site`, `t` and `meta` added.
pub(super) fn job_context(job: Job<'_>) -> (String, &'static str, Value) {
    let mut context = (job.make)();
    if let Value::Object(map) = &mut context {
        map.insert("site".into(), job.lang.site_value.clone());
        map.insert("t".into(), job.lang.strings.clone());
        map.insert("meta".into(), job.meta);
    }
    (job.path, job.template, context)
}

/// Renders a context with its template.
pub(super) fn render_context(theme: &Theme, template: &str, context: Value) -> Result<Vec<u8>, Diagnostic> {
    let ctx = tera::Context::from_value(context).map_err(|e| render_error(template, &e))?;
    // Rendered as bytes: the page is written as Tera outputs it (the theme's sources were
    // compacted when it loaded, see compact.rs), so it is never needed as a String.
    let mut html = Vec::with_capacity(32 * 1024);
    theme.tera.render_to(template, &ctx, &mut html).map_err(|e| render_error(template, &e))?;
    Ok(html)
}

/// A template failing at render time; the same failure on many pages is reported once, since
/// the message names the template and not the page.
fn render_error(template: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(format!("themes/default/templates/{template}"), 1, 1, error_chain(e).replace('\n', ": "))
        .with_hint("a template uses a value or filter that does not exist; check the override in themes/")
}

fn short_hash(bytes: &[u8]) -> String {
    // FNV-1a: a stable, dependency-free fingerprint for cache busting (not for security).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h as u32)
}

/// Redirect pages at each alias: a meta refresh with a canonical link, for any web server;
/// and `redirects.map`, the same redirects as an nginx map, for a real 301.
fn add_aliases(
    site: &Site,
    theme: &Theme,
    lang: &Lang<'_>,
    pages: &HashSet<&str>,
    files: &mut Files,
    errors: &mut Vec<Diagnostic>,
) {
    let mut map = String::from("# Written by loa: old address (an item's `aliases`) -> its page. See README.md.\n");
    for item in &site.items {
        for alias in &item.aliases {
            let from = Urls::of(site).alias(alias);
            let path = Urls::of(site).out_path(&from);
            let as_file = path.strip_suffix("/index.html").unwrap_or("");
            let taken = |p: &str| files.contains_key(p) || pages.contains(p);
            if taken(&path) || taken(as_file) {
                errors.push(
                    Diagnostic::error(&item.shown, 1, 1, format!("alias {alias} is the address of another page"))
                        .with_hint("remove the alias, or the other page"),
                );
                continue;
            }
            let target = Urls::of(site).absolute(&item.url);
            let mut context = json!({ "target": target, "title": item.title });
            context["site"] = lang.site_value.clone();
            context["t"] = lang.strings.clone();
            let rendered = tera::Context::from_value(context)
                .and_then(|ctx| theme.tera.render("alias.html", &ctx))
                .map_err(|e| render_error("alias.html", &e));
            match rendered {
                Ok(html) => {
                    files.insert(path, html.into_bytes());
                }
                Err(d) => errors.push(d),
            }
            let to = nginx_string(&item.url);
            let _ = writeln!(map, "{} {to};", nginx_string(&from));
            // "/old/path" without its slash leads to the page too, in one hop.
            if let Some(bare) = from.strip_suffix('/').filter(|b| !b.is_empty()) {
                let _ = writeln!(map, "{} {to};", nginx_string(bare));
            }
        }
    }
    files.insert(urls::REDIRECT_MAP.to_string(), map.into_bytes());
}

/// A quoted nginx string (item URLs are slugs, so no `$` that nginx would read as a variable).
fn nginx_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
