//! The views of the legal documents list: one per filter value (type, issuer, year of issue)
//! and one per sort order, so readers sort and filter the table without JavaScript. The URL
//! planner (`urls::addresses`) and the page planner both read the same views from here.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use super::legal_model::Legal;
use super::model::{Details, Item};
use crate::text::vietnamese_key;

/// What a filter of the list selects by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    Type,
    Issuer,
    Year,
}

impl Facet {
    pub const ALL: [Facet; 3] = [Facet::Type, Facet::Issuer, Facet::Year];
}

/// An order of the table. `Newest` is the list's own; each other one has its own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sort {
    /// By date of issue, newest first.
    Newest,
    /// By date of issue, oldest first.
    Oldest,
    /// By number (số hiệu), in numeric order of its leading digits.
    Number,
    /// By title, in Vietnamese alphabetical order.
    Title,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Newest, Sort::Oldest, Sort::Number, Sort::Title];
}

/// The documents of one filter value.
#[derive(Debug, Clone)]
pub struct Filter {
    pub facet: Facet,
    /// In URLs: the slug of the type or issuer, or the year.
    pub slug: String,
    /// As readers see it: "Nghị định", "Quốc hội", "2024".
    pub name: String,
    /// Newest first.
    pub members: Vec<usize>,
}

/// The legal details of item `i`, when it is a legal document.
pub fn legal(items: &[Item], i: usize) -> Option<&Legal> {
    match &items[i].details {
        Details::Legal(l) => Some(l),
        _ => None,
    }
}

/// `members` (indexes into `items`) that are legal documents, in `sort` order; ties keep
/// the newest first, then the address, so the order never depends on the file system.
pub fn sorted(items: &[Item], members: &[usize], sort: Sort) -> Vec<usize> {
    let mut out: Vec<usize> = members.iter().copied().filter(|&i| legal(items, i).is_some()).collect();
    out.sort_by_cached_key(|&i| {
        let item = &items[i];
        let (issued, number) = legal(items, i).map(|l| (l.issued, l.number.as_str())).unwrap_or_default();
        let primary = match sort {
            Sort::Newest | Sort::Oldest => (0, Vec::new()),
            Sort::Number => (leading_number(number), vietnamese_key(number)),
            Sort::Title => (0, vietnamese_key(&item.title)),
        };
        (primary, Reverse(issued), item.url.clone())
    });
    if sort == Sort::Oldest {
        out.reverse();
    }
    out
}

/// The number a document number starts with ("4217/KH-BHXH" → 4217), for numeric order.
fn leading_number(number: &str) -> u64 {
    let digits: String = number.chars().take_while(char::is_ascii_digit).take(18).collect();
    digits.parse().unwrap_or(u64::MAX)
}

/// Every filter value the documents in `members` have, by facet, then name (types and
/// issuers in Vietnamese order, years newest first).
pub fn filters(items: &[Item], members: &[usize]) -> Vec<Filter> {
    let newest = sorted(items, members, Sort::Newest);
    let mut groups: BTreeMap<(Facet, String), (String, Vec<usize>)> = BTreeMap::new();
    for &i in &newest {
        let Some(l) = legal(items, i) else { continue };
        let values = [
            (Facet::Type, l.type_slug(), l.doc_type.to_string()),
            (Facet::Issuer, l.issuer_slug(), l.issuer.clone()),
            (Facet::Year, l.year().to_string(), l.year().to_string()),
        ];
        for (facet, slug, name) in values {
            if slug.is_empty() {
                continue;
            }
            groups.entry((facet, slug)).or_insert_with(|| (name, Vec::new())).1.push(i);
        }
    }
    let mut out: Vec<Filter> =
        groups.into_iter().map(|((facet, slug), (name, members))| Filter { facet, slug, name, members }).collect();
    out.sort_by_cached_key(|f| {
        let year = if f.facet == Facet::Year { Reverse(f.slug.clone()) } else { Reverse(String::new()) };
        (f.facet, year, vietnamese_key(&f.name), f.slug.clone())
    });
    out
}
