//! What the search page's template sees: where the index is, and the topic and audience pages
//! it links to for readers whose browser runs no JavaScript.

use std::borrow::Cow;

use super::page_values::{Link, SearchPage};
use super::values::Crumb;

use crate::site::indexes::LangIndex;
use crate::site::model::Site;
use crate::site::urls::Urls;

pub fn context<'a, 'b>(site: &'a Site, ix: &LangIndex, lang: &str, home_crumb: &'b Crumb) -> SearchPage<'a, 'b> {
    let audiences = ix
        .audiences
        .iter()
        .map(|&i| Link { name: &site.items[i].title, url: Cow::Borrowed(&site.items[i].url) })
        .collect();
    let mut topics: Vec<(&String, &String)> =
        site.topics.iter().filter(|(slug, _)| ix.by_topic.get(*slug).is_some_and(|m| !m.is_empty())).collect();
    topics.sort_by_cached_key(|(slug, name)| (crate::text::vietnamese_key(name), (*slug).clone()));
    let topics =
        topics.iter().map(|(slug, name)| Link { name, url: Cow::Owned(Urls::of(site).topic(lang, slug)) }).collect();
    SearchPage {
        breadcrumbs: std::slice::from_ref(home_crumb),
        index_url: Urls::of(site).search(lang),
        audiences,
        topics,
    }
}
