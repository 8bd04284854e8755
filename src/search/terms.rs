//! The terms of one document, as the index keys them: every folded syllable and pair of
//! neighbouring syllables of its title, lead and body, each with its nibble (in the title, in
//! the lead, how often in the body).

use rustc_hash::FxHashMap;

use super::fold::each_folded;
use crate::site::model::{Details, Item};

/// Bits of a term's score in one document (a nibble, two per byte in the shard files).
pub const IN_TITLE: u8 = 8;
pub const IN_LEAD: u8 = 4;

/// The text an item is found by besides its title and body: summary, headings, and what its
/// kind adds (an infographic's alt text, an audience's slogans, a campaign's theme and slogan).
/// A fragment leaves the headings out: they are in the body text it also holds.
pub fn lead_text(item: &Item, headings: bool) -> String {
    let mut lead = item.summary.clone().unwrap_or_default();
    let mut add = |s: &str| {
        lead.push('\n');
        lead.push_str(s);
    };
    for h in item.headings.iter().filter(|_| headings) {
        add(&h.text);
    }
    match &item.details {
        Details::Infographic { alt, .. } => add(alt),
        Details::Audience { slogans } => slogans.iter().for_each(|s| add(s)),
        Details::Campaign { theme, slogan, .. } => {
            theme.iter().chain(slogan.iter()).for_each(|s| add(s));
        }
        Details::PhotoStory { photos } => photos.iter().for_each(|p| add(&p.caption)),
        Details::Legal(legal) => {
            add(&legal.number);
            add(legal.doc_type);
            add(&legal.issuer);
        }
        Details::Video(_) | Details::None => {}
    }
    lead
}

/// A term as the builder keys it: a syllable in the high 64 bits and, for a pair, the next
/// syllable in the low 64 bits. A syllable of up to 8 ASCII bytes (almost every folded
/// Vietnamese syllable) is its bytes, big-endian; a longer one is a hash with the top bit set,
/// whose text is kept aside.
pub(super) type Key = u128;

pub(super) fn syllable_key(folded: &str, long: &mut Vec<(u64, String)>) -> u64 {
    let bytes = folded.as_bytes();
    if bytes.len() <= 8 && folded.is_ascii() {
        bytes.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b))
    } else {
        let key = xxhash_rust::xxh3::xxh3_64(bytes) | 1 << 63;
        long.push((key, folded.to_string()));
        key
    }
}

fn syllable_name(key: u64, long: &FxHashMap<u64, String>) -> String {
    if key >> 63 == 1 {
        return long.get(&key).cloned().unwrap_or_default();
    }
    let bytes: Vec<u8> = key.to_be_bytes().into_iter().skip_while(|&b| b == 0).collect();
    String::from_utf8(bytes).unwrap_or_default()
}

pub(super) fn term_name(key: Key, long: &FxHashMap<u64, String>) -> String {
    let first = syllable_name((key >> 64) as u64, long);
    match key as u64 {
        0 => first,
        second => format!("{first} {}", syllable_name(second, long)),
    }
}

/// The terms of one document with their nibbles, and the text of its long syllables.
pub(super) struct DocTerms {
    pub(super) terms: Vec<(Key, u8)>,
    pub(super) long: Vec<(u64, String)>,
}

/// Every term (syllable, and pair of neighbouring syllables) of one document with its nibble:
/// in the title, in the lead, and how often in the body (0, 1, 2–4, 5 or more).
pub(super) fn doc_terms(item: &Item) -> DocTerms {
    let mut long = Vec::new();
    let mut found: FxHashMap<Key, (u8, u32)> = FxHashMap::default();
    let mut syllables: Vec<u64> = Vec::new();
    let mut field = |text: &str, title: u8, body: u32| {
        syllables.clear();
        each_folded(text, |t| syllables.push(syllable_key(t, &mut long)));
        for (i, &s) in syllables.iter().enumerate() {
            let mut mark = |key: Key| {
                let e = found.entry(key).or_default();
                e.0 |= title;
                e.1 += body;
            };
            mark(Key::from(s) << 64);
            if let Some(&next) = syllables.get(i + 1) {
                mark((Key::from(s) << 64) | Key::from(next));
            }
        }
    };
    field(&item.title, IN_TITLE, 0);
    field(&lead_text(item, true), IN_LEAD, 0);
    field(&item.plain_text, 0, 1);
    let terms = found.into_iter().map(|(k, (bits, tf))| (k, bits | tf_bucket(tf))).collect();
    DocTerms { terms, long }
}

fn tf_bucket(tf: u32) -> u8 {
    match tf {
        0 => 0,
        1 => 1,
        2..=4 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_keys_name_their_syllables_short_and_long() {
        let mut long = Vec::new();
        let keys: Vec<u64> =
            ["bao", "nghieng", "insurance", "x", "dịch"].iter().map(|s| syllable_key(s, &mut long)).collect();
        assert_eq!(long.len(), 2, "a syllable past 8 bytes or not ASCII is hashed and kept aside");
        let names: FxHashMap<u64, String> = long.into_iter().collect();
        let back: Vec<String> = keys.iter().map(|&k| syllable_name(k, &names)).collect();
        assert_eq!(back, ["bao", "nghieng", "insurance", "x", "dịch"]);
        let pair = (Key::from(keys[0]) << 64) | Key::from(keys[2]);
        assert_eq!(term_name(pair, &names), "bao insurance");
        assert_eq!(term_name(Key::from(keys[1]) << 64, &names), "nghieng");
    }

    #[test]
    fn body_frequency_buckets() {
        assert_eq!([0, 1, 2, 4, 5, 50].map(tf_bucket), [0, 1, 2, 2, 3, 3]);
    }
}
