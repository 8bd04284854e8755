//! Reading a built index the way the browser does, counting the bytes it fetches: for the
//! integration tests and for measuring a large site.

use std::collections::BTreeMap;

use serde_json::Value;

use super::fold::folded_tokens;
use super::format::{decode_postings, decode_set, find_term, fnv1a, Found, Postings};
use super::query::{self, has_phrase, Hit};

/// Results a page shows at once (the browser fetches their fragments).
pub const PAGE: usize = 10;

/// One result as shown: the fragment of a matching document.
#[derive(Debug, Clone)]
pub struct Shown {
    pub id: u32,
    pub score: u32,
    pub url: String,
    pub title: String,
    pub fragment: Value,
}

/// What a query found and what it cost.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Matching documents, before the phrase order check.
    pub matches: usize,
    /// The first page of results.
    pub shown: Vec<Shown>,
    /// Files fetched, with their sizes, in order.
    pub fetched: Vec<(String, usize)>,
}

impl Outcome {
    pub fn bytes(&self) -> usize {
        self.fetched.iter().map(|f| f.1).sum()
    }
}

/// An index read through `fetch` (path relative to the search folder → bytes).
pub struct Searcher<F: FnMut(&str) -> Option<Vec<u8>>> {
    fetch: F,
    manifest_bytes: Vec<u8>,
    pub manifest: Value,
    pub n: usize,
    shards: u32,
}

impl<F: FnMut(&str) -> Option<Vec<u8>>> Searcher<F> {
    pub fn open(mut fetch: F) -> Result<Self, String> {
        let manifest_bytes = fetch("index.json").ok_or("no index.json")?;
        let manifest: Value = serde_json::from_slice(&manifest_bytes).map_err(|e| e.to_string())?;
        let n = manifest["n"].as_u64().ok_or("index.json: no n")? as usize;
        let shards = manifest["s"].as_u64().ok_or("index.json: no s")? as u32;
        Ok(Searcher { fetch, manifest_bytes, manifest, n, shards })
    }

    /// Runs `q`, narrowed by `filters` (key and slug, as in index.json), and fetches the
    /// fragments of the first page of results.
    pub fn search(&mut self, q: &str, filters: &[(&str, &str)]) -> Result<Outcome, String> {
        let mut out = Outcome { fetched: vec![("index.json".into(), self.manifest_bytes.len())], ..Default::default() };
        let parsed = query::parse(q);
        let terms = parsed.terms();
        let mut shard_cache: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
        let mut postings: BTreeMap<String, Postings> = BTreeMap::new();
        for t in &terms {
            let shard = fnv1a(t.key.as_bytes()) & (self.shards - 1);
            if let std::collections::btree_map::Entry::Vacant(slot) = shard_cache.entry(shard) {
                let path = format!("s/{shard:x}.bin");
                let bytes = (self.fetch)(&path).ok_or_else(|| format!("missing {path}"))?;
                out.fetched.push((path, bytes.len()));
                slot.insert(bytes);
            }
            let found = find_term(&shard_cache[&shard], &t.key, self.n).ok_or(format!("unreadable shard {shard:x}"))?;
            let p = match found {
                Found::Postings(p) => p,
                Found::OwnFile(path) => {
                    let bytes = (self.fetch)(&path).ok_or_else(|| format!("missing {path}"))?;
                    out.fetched.push((path.clone(), bytes.len()));
                    decode_postings(&bytes, 0, self.n).ok_or_else(|| format!("unreadable {path}"))?
                }
                Found::Absent => continue,
            };
            postings.insert(t.key.clone(), p);
        }
        let mut allowed: Option<Vec<u32>> = None;
        for (key, slug) in filters {
            let value = self.manifest["filters"][*key]
                .as_array()
                .and_then(|vs| vs.iter().find(|v| v[0] == *slug))
                .ok_or_else(|| format!("no filter {key}={slug}"))?;
            let path = value[2].as_str().ok_or("filter without file")?.to_string();
            let bytes = (self.fetch)(&path).ok_or_else(|| format!("missing {path}"))?;
            out.fetched.push((path.clone(), bytes.len()));
            let ids = decode_set(&bytes, &mut 0, self.n).ok_or_else(|| format!("unreadable {path}"))?;
            allowed = Some(match allowed {
                Some(prev) => prev.into_iter().filter(|id| ids.binary_search(id).is_ok()).collect(),
                None => ids,
            });
        }
        let hits: Vec<Hit> = query::rank(&terms, &postings, allowed.as_deref());
        out.matches = hits.len();
        for hit in hits {
            if out.shown.len() == PAGE {
                break;
            }
            let path = format!("f/{}.json", hit.id);
            let bytes = (self.fetch)(&path).ok_or_else(|| format!("missing {path}"))?;
            out.fetched.push((path.clone(), bytes.len()));
            let fragment: Value = serde_json::from_slice(&bytes).map_err(|e| format!("{path}: {e}"))?;
            let fields: Vec<Vec<String>> =
                ["t", "s", "x"].iter().map(|k| folded_tokens(fragment[*k].as_str().unwrap_or_default())).collect();
            let cut_short = fragment["c"].as_bool().unwrap_or(false);
            let in_order = cut_short || parsed.phrases_to_check().all(|p| fields.iter().any(|f| has_phrase(f, p)));
            if !in_order {
                continue;
            }
            out.shown.push(Shown {
                id: hit.id,
                score: hit.score,
                url: fragment["u"].as_str().unwrap_or_default().to_string(),
                title: fragment["t"].as_str().unwrap_or_default().to_string(),
                fragment,
            });
        }
        Ok(out)
    }
}

/// A searcher over a built output folder's index of one language.
pub fn open_dir(dir: &std::path::Path) -> Result<Searcher<impl FnMut(&str) -> Option<Vec<u8>>>, String> {
    let dir = dir.to_path_buf();
    Searcher::open(move |rel: &str| std::fs::read(dir.join(rel)).ok())
}
