//! The related items shown beside an article: up to four of the newest few hundred items of
//! its language, ranked by the campaigns (×3), topics (×2) and audiences (×1) they share.
//!
//! Every article page compares itself with the same few hundred items, so their slugs are
//! turned into bit sets once per language and a comparison is three `AND`s and popcounts
//! instead of string comparisons (which were a few per cent of a whole build).

use std::collections::HashMap;

use crate::site::indexes::LangIndex;
use crate::site::model::{Item, Site};

/// How many of the newest items are looked at: enough to find good neighbours and keep each
/// page's work bounded.
const WINDOW: usize = 402;

/// The slugs of the newest items of a language as bit sets (campaigns, topics, audiences).
/// (Not a campaign's [`Window`](crate::site::window::Window): the newest items looked at.)
pub struct RecentSlugs<'a> {
    /// Slug → bit, per kind of slug; `None` when a kind has more than 64 slugs in the window.
    bits: Option<[HashMap<&'a str, u32>; 3]>,
    /// The bit sets of each item of the window, in `ix.latest` order; `None` for an item with
    /// the same slug twice in a list (it counts twice, which a set cannot say).
    sets: Vec<Option<[u64; 3]>>,
}

fn lists(item: &Item) -> [&[String]; 3] {
    [&item.campaigns, &item.topics, &item.audiences]
}

impl<'a> RecentSlugs<'a> {
    pub fn new(site: &'a Site, ix: &LangIndex) -> RecentSlugs<'a> {
        let window = &ix.latest[..ix.latest.len().min(WINDOW)];
        let mut bits: [HashMap<&'a str, u32>; 3] = Default::default();
        for &j in window {
            for (k, list) in lists(&site.items[j]).into_iter().enumerate() {
                for slug in list {
                    let next = bits[k].len() as u32;
                    bits[k].entry(slug.as_str()).or_insert(next);
                }
            }
        }
        if bits.iter().any(|b| b.len() > 64) {
            return RecentSlugs { bits: None, sets: Vec::new() };
        }
        let mut out = RecentSlugs { bits: Some(bits), sets: Vec::with_capacity(window.len()) };
        for &j in window {
            let set = out.set_of(&site.items[j], true);
            out.sets.push(set);
        }
        out
    }

    /// The bit sets of `item`'s slugs (slugs outside the window match nothing, so they are
    /// left out); with `exact`, `None` when a list names a slug twice.
    fn set_of(&self, item: &Item, exact: bool) -> Option<[u64; 3]> {
        let bits = self.bits.as_ref()?;
        let mut set = [0u64; 3];
        for (k, list) in lists(item).into_iter().enumerate() {
            for slug in list {
                if let Some(&b) = bits[k].get(slug.as_str()) {
                    if exact && set[k] & (1 << b) != 0 {
                        return None;
                    }
                    set[k] |= 1 << b;
                }
            }
        }
        Some(set)
    }
}

/// How much `other` shares with `item`: each of `other`'s campaigns that `item` also has
/// counts 3, each topic 2, each audience 1.
fn shared_slow(item: &Item, other: &Item) -> usize {
    other.campaigns.iter().filter(|c| item.campaigns.contains(c)).count() * 3
        + other.topics.iter().filter(|t| item.topics.contains(t)).count() * 2
        + other.audiences.iter().filter(|a| item.audiences.contains(a)).count()
}

/// Up to four items sharing the most audiences, campaigns and topics with item `i`, newest first.
pub fn related(site: &Site, ix: &LangIndex, window: &RecentSlugs<'_>, i: usize) -> Vec<usize> {
    let item = &site.items[i];
    if !item.is_listed() {
        return Vec::new();
    }
    let mine = window.set_of(item, false);
    let mut scored: Vec<(usize, usize)> = Vec::new();
    for (pos, &j) in ix.latest.iter().enumerate() {
        if j == i {
            continue;
        }
        let shared = match (mine, window.sets.get(pos).copied().flatten()) {
            (Some(a), Some(b)) => {
                (a[0] & b[0]).count_ones() as usize * 3
                    + (a[1] & b[1]).count_ones() as usize * 2
                    + (a[2] & b[2]).count_ones() as usize
            }
            _ => shared_slow(item, &site.items[j]),
        };
        if shared > 0 {
            scored.push((shared, pos));
        }
        if pos >= WINDOW - 1 {
            break;
        }
    }
    scored.sort_by_key(|&(shared, pos)| (std::cmp::Reverse(shared), pos));
    scored.into_iter().take(4).map(|(_, pos)| ix.latest[pos]).collect()
}
