//! Translations: a file `slug.<code>.md` beside `slug.md` is the same item in another language.
//!
//! A translation writes its own text (title, summary, body, slogans, messages, alt text) and
//! its own publication state (`publish_at`, `expire_at`, `draft`), but what is not language
//! (the date, audiences, campaigns, topics, a campaign's window, an infographic's picture) it
//! may leave out and take from its original. Two rules keep it honest:
//! - a translation is never published before its original: its publish instant is its own,
//!   but at the earliest the original's (it may be later: an English version scheduled a week
//!   after the Vietnamese one);
//! - other items name audiences and campaigns by the original's slug, whatever slug the
//!   translation gives itself in its own URL.

use std::collections::HashMap;

use super::model::Item;
use crate::content::model::Role;
use crate::content::{Config, Kind, Source};

/// The sources with every translation's missing language-neutral fields taken from its
/// original. Originals and files without an original are returned as they are.
pub fn with_inherited_fields<'a>(sources: &'a [Source], config: &Config) -> Vec<std::borrow::Cow<'a, Source>> {
    let key = |s: &'a Source| match s.role {
        Role::Item(kind) => Some((s.section.as_str(), s.file_slug.as_str(), kind)),
        _ => None,
    };
    let originals: HashMap<(&str, &str, Kind), &Source> =
        sources.iter().filter(|s| s.lang == config.language).filter_map(|s| Some((key(s)?, s))).collect();
    sources
        .iter()
        .map(|s| {
            let Some(k) = key(s).filter(|_| s.lang != config.language) else {
                return std::borrow::Cow::Borrowed(s);
            };
            match originals.get(&k) {
                Some(original) => std::borrow::Cow::Owned(inherit(s, original)),
                None => std::borrow::Cow::Borrowed(s),
            }
        })
        .collect()
}

fn inherit(translation: &Source, original: &Source) -> Source {
    let mut out = translation.clone();
    let (t, o) = (&mut out.front, &original.front);
    macro_rules! take {
        ($($field:ident),+) => {
            $(if t.$field.is_none() {
                t.$field = o.$field.clone();
            })+
        };
    }
    // A translation that draws its own picture has its own words in it: the original's
    // portrait version would show the other language on phones.
    if t.image.is_none() && t.image_portrait.is_none() {
        t.image_portrait = o.image_portrait.clone();
    }
    take!(date, audiences, topics, weight, origin, source_url, image, source, data_as_of, starts, ends, year);
    // A translated video plays the same file; the captions stay in their own language.
    take!(file, poster, youtube);
    if t.captions.is_none() && t.captions_lang.is_none() {
        t.captions = o.captions.clone();
        t.captions_lang = o.captions_lang.clone().or_else(|| o.captions.as_ref().map(|_| original.lang.clone()));
    }
    // A legal document's facts are the same in every language; only its words are translated.
    take!(number, doc_type, issuer, issued, effective, status, replaced_by, files);
    if t.campaign.is_none() && t.campaigns.is_none() {
        t.campaign = o.campaign.clone();
        t.campaigns = o.campaigns.clone();
    }
    out
}

/// Holds every translation back until its original is published, and gives every item the
/// slug other items name it by (`ref_slug`: the original's slug).
pub fn link_to_originals(items: &mut [Item], config: &Config) {
    let originals: HashMap<(String, Kind), (Option<jiff::Timestamp>, String)> = items
        .iter()
        .filter(|i| i.lang == config.language)
        .map(|i| ((i.translation_key.clone(), i.kind), (i.schedule.publish_at, i.slug.clone())))
        .collect();
    for item in items.iter_mut().filter(|i| i.lang != config.language) {
        let Some((publish_at, slug)) = originals.get(&(item.translation_key.clone(), item.kind)) else {
            continue;
        };
        item.ref_slug = slug.clone();
        if let Some(original) = publish_at {
            if item.schedule.publish_at.is_none_or(|own| own < *original) {
                item.schedule.publish_at = Some(*original);
            }
        }
    }
}
