//! Queries: what the browser does with the index (`themes/default/static/search.js` follows
//! these same rules), written in Rust so the rules are unit-tested and the built index can be
//! queried by the integration tests and measured.
//!
//! A query is cut into segments: text between double quotes (`"…"`, `“…”`) is a phrase, the
//! rest are free syllables. A document matches when it has every free syllable and every
//! phrase: a phrase of one syllable is that syllable, a longer one needs each pair of
//! neighbouring syllables, and for three syllables or more the browser also checks the order
//! in the result's text before showing it. Neighbouring free syllables ("bao hiem") are looked
//! up as pairs too, not required but scored, so the words as typed rank first.
//!
//! Score: for every term looked up that the document has, 1024 when it is in the title, 32
//! when in the summary or a heading, plus 0–3 for how often it is in the body. A title match
//! thus ranks above any body match; equal scores put the newer document first.

use std::collections::{BTreeMap, HashSet};

use super::fold::folded_tokens;
use super::format::Postings;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Free syllables, in runs as typed (a phrase or a quote ends a run).
    pub runs: Vec<Vec<String>>,
    pub phrases: Vec<Vec<String>>,
}

/// One term to look up, and whether a document must have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub key: String,
    pub required: bool,
}

pub fn parse(query: &str) -> Query {
    let mut q = Query::default();
    let mut in_quote = false;
    let mut piece = String::new();
    let flush = |piece: &mut String, quoted: bool, q: &mut Query| {
        let tokens = folded_tokens(piece);
        piece.clear();
        if tokens.is_empty() {
            return;
        }
        if quoted {
            q.phrases.push(tokens);
        } else {
            q.runs.push(tokens);
        }
    };
    for c in query.chars() {
        if matches!(c, '"' | '“' | '”' | '„') {
            flush(&mut piece, in_quote, &mut q);
            in_quote = !in_quote;
        } else {
            piece.push(c);
        }
    }
    flush(&mut piece, in_quote, &mut q);
    q
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty() && self.phrases.is_empty()
    }

    /// The terms to look up, each once; a term required anywhere is required.
    pub fn terms(&self) -> Vec<Term> {
        let mut out: Vec<Term> = Vec::new();
        let mut add = |key: String, required: bool| match out.iter_mut().find(|t| t.key == key) {
            Some(t) => t.required |= required,
            None => out.push(Term { key, required }),
        };
        for run in &self.runs {
            for t in run {
                add(t.clone(), true);
            }
            for pair in run.windows(2) {
                add(format!("{} {}", pair[0], pair[1]), false);
            }
        }
        for phrase in &self.phrases {
            if phrase.len() == 1 {
                add(phrase[0].clone(), true);
            }
            for pair in phrase.windows(2) {
                add(format!("{} {}", pair[0], pair[1]), true);
            }
        }
        out
    }

    /// The phrases whose order the result's text must confirm (three syllables or more).
    pub fn phrases_to_check(&self) -> impl Iterator<Item = &Vec<String>> {
        self.phrases.iter().filter(|p| p.len() >= 3)
    }

    /// Every folded syllable of the query, for highlighting.
    pub fn syllables(&self) -> HashSet<&str> {
        self.runs.iter().chain(self.phrases.iter()).flatten().map(String::as_str).collect()
    }
}

/// What a term's nibble in a document is worth.
pub fn weight(nibble: u8) -> u32 {
    (if nibble & 8 != 0 { 1024 } else { 0 }) + (if nibble & 4 != 0 { 32 } else { 0 }) + u32::from(nibble & 3)
}

/// A matching document and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub id: u32,
    pub score: u32,
}

/// The documents that match, best first. `postings` holds what was found of each term
/// (a missing term has no postings); `filter`, when given, is the set of allowed documents.
pub fn rank(terms: &[Term], postings: &BTreeMap<String, Postings>, filter: Option<&[u32]>) -> Vec<Hit> {
    let empty = Postings::default();
    let get = |key: &str| postings.get(key).unwrap_or(&empty);
    let mut required: Vec<&Postings> = terms.iter().filter(|t| t.required).map(|t| get(&t.key)).collect();
    if required.is_empty() {
        return Vec::new();
    }
    required.sort_by_key(|p| p.ids.len());
    let mut candidates: Vec<u32> = required[0].ids.clone();
    for p in &required[1..] {
        candidates.retain(|id| p.ids.binary_search(id).is_ok());
    }
    if let Some(allowed) = filter {
        candidates.retain(|id| allowed.binary_search(id).is_ok());
    }
    let mut hits: Vec<Hit> = candidates
        .into_iter()
        .map(|id| {
            let score = terms
                .iter()
                .map(|t| {
                    let p = get(&t.key);
                    p.ids.binary_search(&id).map_or(0, |k| weight(p.nibbles[k]))
                })
                .sum();
            Hit { id, score }
        })
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(b.id.cmp(&a.id)));
    hits
}

/// Whether the folded tokens `text` hold `phrase` in order, syllable after syllable.
pub fn has_phrase(text: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && text.windows(phrase.len()).any(|w| w == phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn parses_free_syllables_and_quoted_phrases() {
        let q = parse("Đóng \"bảo hiểm xã hội\" tự nguyện");
        assert_eq!(q.runs, [s(&["dong"]), s(&["tu", "nguyen"])]);
        assert_eq!(q.phrases, [s(&["bao", "hiem", "xa", "hoi"])]);
        let q = parse("“thẻ BHYT” hết hạn \"chưa đóng");
        assert_eq!(q.phrases, [s(&["the", "bhyt"]), s(&["chua", "dong"])]);
        assert_eq!(q.runs, [s(&["het", "han"])]);
        assert!(parse(" \"\" … ").is_empty());
    }

    #[test]
    fn free_pairs_are_scored_and_phrase_pairs_required() {
        let terms = parse("bao hiem \"xa hoi\"").terms();
        let want = [("bao", true), ("hiem", true), ("bao hiem", false), ("xa hoi", true)];
        assert_eq!(terms, want.map(|(k, r)| Term { key: k.into(), required: r }));
        // A syllable both free and in a phrase is looked up once, required.
        let terms = parse("dong \"dong\"").terms();
        assert_eq!(terms, [Term { key: "dong".into(), required: true }]);
    }

    fn postings(list: &[(u32, u8)]) -> Postings {
        Postings { ids: list.iter().map(|p| p.0).collect(), nibbles: list.iter().map(|p| p.1).collect() }
    }

    #[test]
    fn title_match_ranks_above_body_matches_and_newer_breaks_ties() {
        let mut p = BTreeMap::new();
        // Document 1 has "bảo hiểm" in its title; 2 and 3 many times in the body only.
        p.insert("bao".to_string(), postings(&[(1, 8), (2, 3), (3, 3), (4, 1)]));
        p.insert("hiem".to_string(), postings(&[(1, 8), (2, 3), (3, 3)]));
        p.insert("bao hiem".to_string(), postings(&[(1, 8), (2, 3), (3, 3)]));
        let hits = rank(&parse("bảo hiểm").terms(), &p, None);
        let ids: Vec<u32> = hits.iter().map(|h| h.id).collect();
        assert_eq!(ids, [1, 3, 2], "4 lacks hiem; 3 and 2 score the same, the newer (3) first");
        // The pair bonus: a document where the syllables are apart ranks below one where they
        // stand together.
        p.insert("bao hiem".to_string(), postings(&[(2, 1)]));
        let ids: Vec<u32> = rank(&parse("bao hiem").terms(), &p, None).iter().map(|h| h.id).collect();
        assert_eq!(ids, [1, 2, 3]);
    }

    #[test]
    fn phrases_need_their_pairs_and_filters_narrow() {
        let mut p = BTreeMap::new();
        p.insert("xa".to_string(), postings(&[(1, 1), (2, 1)]));
        p.insert("hoi".to_string(), postings(&[(1, 1), (2, 1)]));
        p.insert("xa hoi".to_string(), postings(&[(2, 1)]));
        let ids =
            |q: &str, f: Option<&[u32]>| -> Vec<u32> { rank(&parse(q).terms(), &p, f).iter().map(|h| h.id).collect() };
        assert_eq!(ids("xa hoi", None), [2, 1]);
        assert_eq!(ids("\"xa hoi\"", None), [2]);
        assert_eq!(ids("xa hoi", Some(&[1, 7])), [1]);
        assert_eq!(ids("xa khong", None), Vec::<u32>::new(), "a syllable no document has matches nothing");
    }

    #[test]
    fn phrase_check_wants_the_syllables_in_order() {
        let text = folded_tokens("Tham gia bảo hiểm xã hội tự nguyện; hội xã hiểm bảo.");
        assert!(has_phrase(&text, &s(&["bao", "hiem", "xa", "hoi"])));
        assert!(!has_phrase(&text, &s(&["hiem", "bao", "xa"])));
        assert!(!has_phrase(&text, &s(&["bao", "hiem", "hoi"])));
        assert!(has_phrase(&text, &s(&["nguyen", "hoi", "xa"])), "punctuation does not break a phrase");
    }
}
