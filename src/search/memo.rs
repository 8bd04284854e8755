//! The terms of each document kept from one build to the next by `loa serve` (in
//! [`serving`]), so a rebuild after an edit reads again only the documents whose text
//! changed. A document's terms are a pure function of its title, its lead text and its body
//! text: the key is a fingerprint of exactly those. `loa build` keeps nothing.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use xxhash_rust::xxh3::Xxh3;

use super::terms::{lead_text, DocTerms};
use crate::site::model::Item;

/// One document's terms, compactly: each term as its number in [`Memo::keys`], with its nibble.
struct Kept {
    ids: Vec<u32>,
    nibbles: Vec<u8>,
    long: Vec<(u64, String)>,
}

#[derive(Default)]
struct Memo {
    entries: HashMap<u128, Kept>,
    /// Every term met, numbered (a term is 16 bytes; its number 4).
    keys: Vec<u128>,
    numbers: HashMap<u128, u32>,
    /// The keys met during the current build; the others are dropped when it ends. (Term
    /// numbers are never reused: the vocabulary only grows, by the words of new edits.)
    used: HashSet<u128>,
}

static MEMO: OnceLock<Mutex<Memo>> = OnceLock::new();

/// Whether a build of `loa serve` is under way (the only builds that use and fill the memo).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Runs one build of `loa serve`, with the terms kept from its previous builds; afterwards
/// forgets those of the documents this build did not have. Builds outside (`loa build`, or a
/// test's fresh build in the same process) neither use nor fill the memo.
pub fn serving<T>(build: impl FnOnce() -> T) -> T {
    MEMO.get_or_init(Mutex::default);
    ACTIVE.store(true, Ordering::SeqCst);
    let out = build();
    ACTIVE.store(false, Ordering::SeqCst);
    if let Some(memo) = MEMO.get() {
        let mut memo = memo.lock().unwrap_or_else(PoisonError::into_inner);
        let used = std::mem::take(&mut memo.used);
        // A build that stopped before its search index (a content error) keeps the memo whole.
        if !used.is_empty() {
            memo.entries.retain(|k, _| used.contains(k));
        }
    }
    out
}

/// [`super::terms::doc_terms`], from the kept terms when the document's text is unchanged.
pub(super) fn doc_terms(item: &Item) -> DocTerms {
    let Some(memo) = MEMO.get().filter(|_| ACTIVE.load(Ordering::SeqCst)) else {
        return super::terms::doc_terms(item);
    };
    let mut h = Xxh3::new();
    for part in [item.title.as_str(), lead_text(item, true).as_str(), item.plain_text.as_str()] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let key = h.digest128();
    {
        let mut memo = memo.lock().unwrap_or_else(PoisonError::into_inner);
        memo.used.insert(key);
        if let Some(kept) = memo.entries.get(&key) {
            let terms = kept.ids.iter().zip(&kept.nibbles).map(|(&id, &n)| (memo.keys[id as usize], n)).collect();
            return DocTerms { terms, long: kept.long.clone() };
        }
    }
    let terms = super::terms::doc_terms(item);
    let mut memo = memo.lock().unwrap_or_else(PoisonError::into_inner);
    let memo = &mut *memo;
    let ids = terms
        .terms
        .iter()
        .map(|&(term, _)| {
            *memo.numbers.entry(term).or_insert_with(|| {
                memo.keys.push(term);
                (memo.keys.len() - 1) as u32
            })
        })
        .collect();
    let nibbles = terms.terms.iter().map(|&(_, n)| n).collect();
    memo.entries.insert(key, Kept { ids, nibbles, long: terms.long.clone() });
    terms
}
