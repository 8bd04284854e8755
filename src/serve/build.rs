//! The builds of `loa serve`: the same load → resolve → render pipeline as `loa build`, into
//! memory, with the theme optionally taken from `--theme-dir`; and, before such a build, a
//! quick first phase for the commonest edit (the body of an article saved again), which
//! renders that article's own page alone so the browser shows it at once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::build::{build, Failure, Options, Reuse};
use crate::content::load::{front_key, read_one};
use crate::content::Kind;
use crate::diag::Diagnostics;
use crate::markdown;
use crate::messages::Lang;
use crate::output::{Files, Memory};
use crate::site::memo::SiteMemo;
use crate::site::model::Site;
use crate::site::pipeline::{parent_dir, render_body};
use crate::templates::incremental::Fingerprints;
use crate::templates::render::Prepared;
use crate::templates::Theme;

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

/// What the last successful build rendered from, for the quick phase of the next one.
struct Last {
    site: Site,
    theme: Theme,
    prepared: Prepared,
}

/// Builds the site the way `loa serve` was asked to.
pub struct Builder {
    pub options: Options,
    /// The inputs of every page at the last successful build.
    fingerprints: Fingerprints,
    /// Files parsed and bodies rendered at earlier builds.
    markdown: SiteMemo,
    /// The last build, when it succeeded.
    last: Option<Last>,
}

impl Builder {
    pub fn new(options: Options) -> Builder {
        Builder { options, fingerprints: Fingerprints::new(), markdown: SiteMemo::default(), last: None }
    }

    /// The language of the messages: `--lang`, else the site's (read loosely, site.toml may be broken).
    pub fn lang(&self) -> Lang {
        let text = std::fs::read_to_string(self.options.root.join("content/site.toml")).unwrap_or_default();
        self.options.lang.unwrap_or_else(|| Lang::sniff_site_toml(&text))
    }

    /// Builds the site into memory with the pipeline of `loa build`, rendering again only the
    /// pages whose inputs changed since the last successful build. `Err` is what would stop
    /// `loa build` before it looks at the content (no content/ folder, a bad `--now`).
    pub fn build(&mut self) -> Result<Outcome, Failure> {
        let memory = Memory::new();
        let reuse = Reuse { markdown: &self.markdown, pages: &self.fingerprints };
        let made = crate::search::memo::serving(|| build(&self.options, Some(reuse), &memory));
        match made {
            Ok(built) => {
                let (files, reused) = memory.into_parts();
                self.fingerprints = built.fingerprints;
                let pages = built.paths.iter().filter(|k| k.ends_with(".html")).count();
                let base_path = built.site.base_path.clone();
                self.last = Some(Last { site: built.site, theme: built.theme, prepared: built.prepared });
                Ok(Outcome::Built { files, reused, warnings: built.warnings, base_path, pages })
            }
            Err(Failure::Errors(diags)) => {
                self.last = None;
                Ok(Outcome::Failed(diags))
            }
            Err(e) => Err(e),
        }
    }

    /// When the last successful build stops being right as the clock moves (a scheduled item
    /// goes live or expires, a midnight changes the dates shown): the instant of the next
    /// change. `None` with `--now` (the clock stands still) or after a failed build.
    pub fn next_change(&self) -> Option<jiff::Timestamp> {
        let last = self.last.as_ref().filter(|_| self.options.now.is_none())?;
        (last.site.stable_until > last.site.now).then_some(last.site.stable_until)
    }

    /// The files outside content/ and the theme that the last successful build read: the
    /// UI-strings files site.toml names (relative to the site root).
    pub fn outside_files(&self) -> Vec<PathBuf> {
        let Some(last) = &self.last else { return Vec::new() };
        last.site.config.languages.iter().filter_map(|l| l.strings.as_ref()).map(PathBuf::from).collect()
    }

    /// The quick first phase of a build: when every path in `changed` is the Markdown file of
    /// a published article, infographic, Q&A or page whose front matter is as it was at the
    /// last successful build, and whose new body renders without errors and uses the same
    /// files and first image, its body is rendered again and its own page alone is returned
    /// (a body shows on no other page; the lists, feeds and search index that may change come
    /// with [`Builder::build`], which must follow). `None` in every other case, or when unsure.
    pub fn quick(&mut self, changed: &BTreeSet<PathBuf>) -> Option<Files> {
        let last = self.last.as_mut()?;
        if changed.is_empty() {
            return None;
        }
        let root = &self.options.root;
        let content = std::fs::canonicalize(root.join("content")).ok()?;
        let index = self.markdown.link_index.lock().unwrap_or_else(|e| e.into_inner()).clone()?;
        let md = markdown::Options { allow_raw_html: last.site.config.allow_raw_html };
        let mut patches = Vec::new();
        for path in changed {
            let rel = rel_path(&content, path)?;
            let source = read_one(root, &last.site.config, &rel)?;
            if self.markdown.sources.front(&rel) != Some(front_key(&source)) || source.body.trim().is_empty() {
                return None;
            }

            let i = last.site.items.iter().position(|item| item.rel == rel)?;
            let item = &last.site.items[i];
            if !matches!(item.kind, Kind::Article | Kind::Infographic | Kind::Faq | Kind::Page) {
                return None;
            }
            let dir = parent_dir(&item.rel);
            let eager = item.cover.is_none() && item.kind != Kind::Infographic;
            let new = render_body(&index, dir, &item.lang, eager, &source.body, source.body_line, &md);
            if new.out.problems.iter().any(|p| p.severity == markdown::Severity::Error) {
                return None;
            }
            // The same files published and the same card image: only the page itself changes.
            let same_uses = {
                let before = self.markdown.uses.lock().unwrap_or_else(|e| e.into_inner());
                before.get(&rel).is_some_and(|u| uses(u) == uses(&new.used_assets))
            };
            if !same_uses || new.first_image != item.first_image {
                return None;
            }
            patches.push((i, source, new.out));
        }
        let mut indexes = Vec::with_capacity(patches.len());
        for (i, source, out) in patches {
            let item = &mut last.site.items[i];
            // Like every item's after a build, the Markdown source is not kept (see
            // `Site::release_bodies`).
            item.body_line = source.body_line;
            item.html = out.html;
            item.headings = out.headings;
            item.plain_text = out.plain_text;
            item.word_count = out.word_count;
            indexes.push(i);
        }
        crate::templates::quick::item_pages(&last.site, &last.theme, &last.prepared, &indexes).ok()
    }
}

/// The files a body uses, as a set.
fn uses(used: &[String]) -> BTreeSet<&String> {
    used.iter().collect()
}

/// `path` relative to `content` with '/' separators, when it is inside it.
fn rel_path(content: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content).ok()?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    Some(parts?.join("/"))
}
