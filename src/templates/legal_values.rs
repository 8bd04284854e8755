//! What the templates see of a legal document: a table row for lists, and the metadata and
//! files of its own page, with the documents it replaces and is replaced by (found from the
//! one `replaced_by` written, and only among the documents this build publishes).

use std::collections::BTreeMap;

use super::values::{FileValue, LegalLink, LegalPage, LegalRow};

use crate::content::legal_fields::Status;
use crate::content::Kind;
use crate::site::legal_model::Legal;
use crate::site::model::{Details, Item, Site};

type Strings = BTreeMap<String, String>;

fn s(strings: &Strings, key: &str) -> String {
    strings.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// The document that replaces `item`, when it is on the site: in `item`'s language, else the
/// main language's version.
fn replacing<'a>(site: &'a Site, item: &Item, legal: &Legal) -> Option<&'a Item> {
    let key = legal.replaced_by.as_deref()?;
    let of_lang =
        |lang: &str| site.items.iter().find(|o| o.kind == Kind::Legal && o.translation_key == key && o.lang == lang);
    of_lang(&item.lang).or_else(|| of_lang(&site.config.language))
}

/// The documents on the site that `item` replaces (their `replaced_by` names it): each in
/// `item`'s language, else in the main language.
fn replaced<'a>(site: &'a Site, item: &'a Item) -> Vec<&'a Item> {
    let replacing_this = |o: &&Item| matches!(&o.details, Details::Legal(l) if l.replaced_by.as_deref() == Some(item.translation_key.as_str()));
    let mut found: BTreeMap<&str, &Item> = BTreeMap::new();
    for o in site.items.iter().filter(replacing_this) {
        if o.lang == item.lang || (o.lang == site.config.language && !found.contains_key(o.translation_key.as_str())) {
            found.insert(&o.translation_key, o);
        }
    }
    found.into_values().collect()
}

/// The status readers see: a replacement counts only once it is published, and a document
/// whose effective date is still ahead is not in force yet.
fn status(site: &Site, item: &Item, legal: &Legal) -> &'static str {
    if replacing(site, item, legal).is_some() {
        "replaced"
    } else if legal.status == Status::Expired {
        "expired"
    } else if legal.effective.is_some_and(|e| e > site.today) {
        "not_yet"
    } else {
        "in_force"
    }
}

fn legal_of(item: &Item) -> Option<&Legal> {
    match &item.details {
        Details::Legal(l) => Some(l),
        _ => None,
    }
}

fn link<'a>(item: &'a Item, lang: &str, legal: Option<&'a Legal>) -> LegalLink<'a> {
    let other = (item.lang != lang).then_some(item.lang.as_str());
    LegalLink { title: &item.title, url: &item.url, number: legal.map(|l| l.number.as_str()), lang: other }
}

/// What a list row shows of a legal document, merged into its summary.
pub fn row<'a>(site: &Site, item: &Item, legal: &'a Legal, strings: &Strings) -> LegalRow<'a> {
    let status = status(site, item, legal);
    LegalRow {
        number: &legal.number,
        doc_type: legal.doc_type,
        issuer: &legal.issuer,
        issued: super::dates::day(strings, legal.issued),
        issued_iso: legal.issued.to_string(),
        status,
        status_label: s(strings, &format!("legal_status_{status}")),
    }
}

/// What a legal document's own page shows besides its row.
pub fn full<'a>(site: &'a Site, item: &'a Item, legal: &'a Legal, strings: &Strings) -> LegalPage<'a> {
    let decimal = s(strings, "decimal_mark");
    let files = legal
        .files
        .iter()
        .map(|f| FileValue {
            url: &f.url,
            title: &f.title,
            file_type: f.file_type,
            size: crate::site::legal::human_size(f.bytes, &decimal),
        })
        .collect();
    let replaced_by = replacing(site, item, legal).map(|o| link(o, &item.lang, legal_of(o)));
    let replaces = replaced(site, item).into_iter().map(|o| link(o, &item.lang, legal_of(o))).collect();
    LegalPage {
        effective: legal.effective.map(|d| super::dates::day(strings, d)),
        effective_iso: legal.effective.map(|d| d.to_string()),
        replaced_by,
        replaces,
        files,
    }
}
