//! Building one language's search index: postings of syllables and syllable pairs, sharded
//! by a hash of the term, one fragment per document for results, and one document set per
//! filter value. The format is described in `mod.rs`; `reader.rs` reads it back.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::json;

use super::format::{encode_set, fnv1a, put_varint, shard_count, OWN_FILE_MIN};
use super::memo;
use super::terms::{lead_text, term_name, DocTerms, Key};
use crate::content::Kind;
use crate::site::model::{Item, Site};

/// Body text kept in a fragment for excerpts and phrase checks, in bytes.
pub const FRAGMENT_TEXT_MAX: usize = 20_000;

/// The field of an item a filter reads.
pub type FilterField = fn(&Item) -> &[String];

/// The three filters: the key used in URLs and file names, and what each item lists.
pub const FILTERS: [(&str, FilterField); 3] = [("a", |i| &i.audiences), ("t", |i| &i.topics), ("c", |i| &i.campaigns)];

/// Takes one file of an index (its path, its bytes) as soon as it is made; it may be called
/// from several threads at once.
pub type Put<'p> = &'p (dyn Fn(String, Vec<u8>) -> anyhow::Result<()> + Sync);

/// One language's index, each file handed to `put` (path relative to the search folder) as soon
/// as it is made, so a build never holds the whole index; stops at the first error of `put`.
pub fn build_language(site: &Site, lang: &str, put: Put<'_>) -> anyhow::Result<()> {
    let docs = documents(site, lang);
    let n = docs.len();

    // Per document (in parallel), the nibble of each term; then all postings in id order.
    let (names, postings) = crate::timing::stage("search: postings", || collect_postings(&docs));
    crate::timing::note("search", || format!("{} terms", postings.len()));
    let mut terms: Vec<(String, Vec<u8>)> = crate::timing::stage("search: encode", || {
        postings
            .into_par_iter()
            .map(|(key, (ids, nibbles))| (term_name(key, &names), encode_postings(&ids, &nibbles, n)))
            .collect()
    });
    drop(names);
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // A term with many documents gets a file of its own, named by its hash, so the shard a
    // query fetches for it holds only small records besides its stub. Two such terms with the
    // same hash: the second stays in its shard.
    let mut own: HashSet<u32> = HashSet::new();
    let mut records: Vec<(u32, Vec<u8>)> = Vec::with_capacity(terms.len());
    for (term, payload) in terms {
        let hash = fnv1a(term.as_bytes());
        if payload.len() >= OWN_FILE_MIN && own.insert(hash) {
            records.push((hash, encode_record(&term, &[])));
            put(format!("t/{hash:08x}.bin"), payload)?;
        } else {
            records.push((hash, encode_record(&term, &payload)));
        }
    }
    let total: usize = records.iter().map(|(_, r)| r.len()).sum();
    let shards = shard_count(total);
    // Every shard is written, even empty, so a query for a word no document has finds an
    // empty shard rather than a missing file.
    let mut shard_bytes: BTreeMap<u32, Vec<u8>> = (0..shards).map(|s| (s, Vec::new())).collect();
    for (hash, record) in records {
        shard_bytes.entry(hash & (shards - 1)).or_default().extend_from_slice(&record);
    }
    for (shard, bytes) in shard_bytes {
        put(format!("s/{shard:x}.bin"), bytes)?;
    }
    crate::timing::stage("search: fragments", || {
        docs.par_iter().enumerate().try_for_each(|(id, item)| put(format!("f/{id}.json"), fragment(site, item)))
    })?;

    // Filters: every audience, topic and campaign some document of this language names.
    let mut filters = serde_json::Map::new();
    for (key, field) in FILTERS {
        let mut sets: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (id, item) in docs.iter().enumerate() {
            for slug in field(item) {
                sets.entry(slug.as_str()).or_default().push(id as u32);
            }
        }
        let mut values = Vec::new();
        for (k, (slug, ids)) in sets.into_iter().enumerate() {
            let mut bytes = Vec::new();
            encode_set(&ids, n, &mut bytes);
            let file = format!("l/{key}{k}.bin");
            values.push(json!([slug, filter_name(site, lang, key, slug), file, ids.len()]));
            put(file, bytes)?;
        }
        values.sort_by_cached_key(|v| crate::text::vietnamese_key(v[1].as_str().unwrap_or_default()));
        filters.insert(key.to_string(), serde_json::Value::Array(values));
    }
    let manifest = json!({ "v": 1, "n": n, "s": shards, "filters": filters });
    put("index.json".to_string(), manifest.to_string().into_bytes())
}

/// The documents of one language, oldest first (undated ones before all others), so that a
/// new publication takes the next number and the fragments of older ones keep their names.
pub fn documents<'a>(site: &'a Site, lang: &str) -> Vec<&'a Item> {
    let mut docs: Vec<&Item> = site.items.iter().filter(|i| i.lang == lang).collect();
    docs.sort_by(|a, b| (a.published(), &a.url).cmp(&(b.published(), &b.url)));
    docs
}

/// One term's documents (ascending) and the nibble of each.
type TermPostings = (Vec<u32>, Vec<u8>);

/// Documents whose terms are found at once: the terms of one batch are added to the postings
/// while the next batch is being read, so only two batches' terms are ever held, not every
/// document's (at 10,000 articles that was 180 MB).
const TERMS_BATCH: usize = 256;

/// The postings of every term (document ids ascending, with their nibbles), and the text of
/// the long syllables.
fn collect_postings(docs: &[&Item]) -> (FxHashMap<u64, String>, FxHashMap<Key, TermPostings>) {
    let mut names: FxHashMap<u64, String> = FxHashMap::default();
    let mut postings: FxHashMap<Key, TermPostings> = FxHashMap::default();
    let mut add = |first: usize, batch: Vec<DocTerms>| {
        for (k, doc) in batch.into_iter().enumerate() {
            names.extend(doc.long);
            for (key, nibble) in doc.terms {
                let entry = postings.entry(key).or_default();
                entry.0.push((first + k) as u32);
                entry.1.push(nibble);
            }
        }
    };
    let mut pending: (usize, Vec<DocTerms>) = (0, Vec::new());
    for (b, batch) in docs.chunks(TERMS_BATCH).enumerate() {
        let previous = std::mem::take(&mut pending);
        let (read, ()) = rayon::join(
            || batch.par_iter().map(|item| memo::doc_terms(item)).collect::<Vec<DocTerms>>(),
            || add(previous.0, previous.1),
        );
        pending = (b * TERMS_BATCH, read);
    }
    add(pending.0, pending.1);
    (names, postings)
}

/// What a filter value is called: the audience's or campaign's title, the topic's name.
fn filter_name(site: &Site, lang: &str, key: &str, slug: &str) -> String {
    let kind = match key {
        "a" => Kind::Audience,
        "c" => Kind::Campaign,
        _ => return site.topics.get(slug).cloned().unwrap_or_else(|| slug.to_string()),
    };
    let named = |l: &str| site.items.iter().find(|i| i.kind == kind && i.slug == slug && i.lang == l);
    named(lang).or_else(|| named(&site.config.language)).map_or_else(|| slug.to_string(), |i| i.title.clone())
}

/// A term's postings: its document set, then a nibble per document.
fn encode_postings(ids: &[u32], nibbles: &[u8], n: usize) -> Vec<u8> {
    let mut payload = Vec::with_capacity(ids.len() + 8);
    encode_set(ids, n, &mut payload);
    for pair in nibbles.chunks(2) {
        payload.push(pair[0] | pair.get(1).map_or(0, |h| h << 4));
    }
    payload
}

/// A term's record in a shard: term, byte length of the postings, postings (none: the
/// postings are in the term's own file).
fn encode_record(term: &str, payload: &[u8]) -> Vec<u8> {
    let mut record = Vec::with_capacity(payload.len() + term.len() + 6);
    put_varint(&mut record, term.len() as u32);
    record.extend_from_slice(term.as_bytes());
    put_varint(&mut record, payload.len() as u32);
    record.extend_from_slice(payload);
    record
}

/// A document as a result shows it: address, title, date, kind, summary and body text.
fn fragment(site: &Site, item: &Item) -> Vec<u8> {
    let date = item.published().map(|d| crate::text::date::display_date(d, &site.config.timezone, &item.lang));
    let mut text = item.plain_text.as_str();
    let cut_short = text.len() > FRAGMENT_TEXT_MAX;
    if cut_short {
        let mut cut = FRAGMENT_TEXT_MAX;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text = &text[..cut];
    }
    let lead = lead_text(item, false);
    let mut value = json!({ "u": item.url, "t": item.title, "d": date, "k": item.kind, "s": lead, "x": text });
    if cut_short {
        // The phrase order check cannot see past the cut: the browser trusts the pairs.
        value["c"] = json!(true);
    }
    value.to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::format::{decode_postings, find_term, Found, Postings};

    #[test]
    fn records_read_back_inline_or_as_a_stub() {
        let payload = encode_postings(&[1, 4, 9], &[8, 1, 7], 10);
        let mut shard = encode_record("bao hiem", &payload);
        shard.extend(encode_record("dong", &[]));
        let want = Postings { ids: vec![1, 4, 9], nibbles: vec![8, 1, 7] };
        assert_eq!(find_term(&shard, "bao hiem", 10), Some(Found::Postings(want.clone())));
        assert_eq!(find_term(&shard, "dong", 10), Some(Found::OwnFile(format!("t/{:08x}.bin", fnv1a(b"dong")))));
        assert_eq!(find_term(&shard, "bao", 10), Some(Found::Absent));
        assert_eq!(decode_postings(&payload, 0, 10), Some(want));
    }
}
