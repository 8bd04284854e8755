//! Markdown bodies rendered at earlier builds, for `loa serve`: a body is rendered again only
//! when something its rendering reads has changed. That is its text, its first line, its
//! folder (relative links start there), the raw-HTML option, and the link index (where every
//! link target leads and whether it is published; image sizes): the key is a fingerprint of
//! exactly those, so an unchanged body behind a changed link target is rendered again too.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use xxhash_rust::xxh3::Xxh3;

use super::links::{LinkIndex, Target};
use crate::markdown::Rendered;

/// What `loa serve` keeps from one build for the next: parsed files and rendered bodies.
#[derive(Default)]
pub struct SiteMemo {
    pub sources: crate::content::load::SourceMemo,
    pub markdown: MarkdownMemo,
    /// The link index of the last build, which bodies were rendered against.
    pub link_index: Mutex<Option<Arc<LinkIndex>>>,
    /// The files each item's body used at the last build (by its path in content/).
    pub uses: Mutex<HashMap<String, Vec<String>>>,
}

/// A body's rendering and what the resolver saw on the way.
#[derive(Clone)]
pub struct RenderedBody {
    pub out: Rendered,
    pub used_assets: Vec<String>,
    pub not_live: Vec<String>,
    pub first_image: Option<String>,
}

#[derive(Default)]
pub struct MarkdownMemo {
    entries: Mutex<HashMap<u128, Arc<RenderedBody>>>,
    /// The keys met at the current build; the others are dropped when it ends.
    used: Mutex<HashSet<u128>>,
}

impl MarkdownMemo {
    pub fn get(&self, key: u128) -> Option<Arc<RenderedBody>> {
        let found = lock(&self.entries).get(&key).cloned();
        lock(&self.used).insert(key);
        found
    }

    pub fn put(&self, key: u128, body: RenderedBody) {
        lock(&self.entries).insert(key, Arc::new(body));
        lock(&self.used).insert(key);
    }

    /// Forgets the bodies the last build did not have.
    pub fn end_build(&self) {
        let used = std::mem::take(&mut *lock(&self.used));
        lock(&self.entries).retain(|k, _| used.contains(k));
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn write_str(h: &mut Xxh3, s: &str) {
    h.update(&(s.len() as u64).to_le_bytes());
    h.update(s.as_bytes());
}

/// A fingerprint of everything in the link index, in a fixed order.
pub fn index_fingerprint(index: &LinkIndex) -> u128 {
    let mut h = Xxh3::new();
    write_str(&mut h, &index.base_path);
    write_str(&mut h, &index.base_url);
    let mut sources: Vec<_> = index.sources.iter().collect();
    sources.sort_unstable_by(|a, b| a.0.cmp(b.0));
    h.update(&(sources.len() as u64).to_le_bytes());
    for (rel, target) in sources {
        write_str(&mut h, rel);
        match target {
            Target::Included(url) => {
                h.update(b"i");
                write_str(&mut h, url);
            }
            Target::NotIncluded => h.update(b"n"),
            Target::Broken => h.update(b"b"),
        }
    }
    let mut paths: Vec<_> = index.paths.iter().collect();
    paths.sort_unstable();
    h.update(&(paths.len() as u64).to_le_bytes());
    for (path, included) in paths {
        write_str(&mut h, path);
        h.update(&[u8::from(*included)]);
    }
    let mut assets: Vec<_> = index.assets.iter().collect();
    assets.sort_unstable();
    h.update(&(assets.len() as u64).to_le_bytes());
    for a in assets {
        write_str(&mut h, a);
    }
    let mut sizes: Vec<_> = index.sizes.iter().collect();
    sizes.sort_unstable_by(|a, b| a.0.cmp(b.0));
    h.update(&(sizes.len() as u64).to_le_bytes());
    for (a, size) in sizes {
        write_str(&mut h, a);
        write_str(&mut h, &format!("{size:?}"));
    }
    // What the infographic shortcode shows of each infographic.
    let mut infographics: Vec<_> = index.infographics.iter().collect();
    infographics.sort_unstable_by(|a, b| a.0.cmp(b.0));
    h.update(&(infographics.len() as u64).to_le_bytes());
    for (rel, info) in infographics {
        write_str(&mut h, rel);
        write_str(&mut h, &format!("{info:?}"));
    }
    h.digest128()
}

/// The key of one body under an index fingerprint.
/// `lang` and `eager_first` are the page's language (the words of the infographic shortcode)
/// and whether its first image loads at once (a page without a cover).
pub fn body_key(
    index: u128,
    dir: &str,
    lang: &str,
    eager_first: bool,
    body: &str,
    first_line: usize,
    allow_raw_html: bool,
) -> u128 {
    let mut h = Xxh3::new();
    h.update(&index.to_le_bytes());
    write_str(&mut h, dir);
    write_str(&mut h, lang);
    h.update(&[u8::from(eager_first)]);
    write_str(&mut h, body);
    h.update(&(first_line as u64).to_le_bytes());
    h.update(&[u8::from(allow_raw_html)]);
    h.digest128()
}
