//! What the search page's template sees: where the index is, and the topic and audience pages
//! it links to for readers whose browser runs no JavaScript.

use serde_json::{json, Value};

use crate::site::indexes::LangIndex;
use crate::site::model::Site;
use crate::site::urls::Urls;

pub fn context(site: &Site, ix: &LangIndex, lang: &str, home_crumb: &Value) -> Value {
    let audiences: Vec<Value> =
        ix.audiences.iter().map(|&i| json!({ "name": site.items[i].title, "url": site.items[i].url })).collect();
    let mut topics: Vec<(&String, &String)> =
        site.topics.iter().filter(|(slug, _)| ix.by_topic.get(*slug).is_some_and(|m| !m.is_empty())).collect();
    topics.sort_by_cached_key(|(slug, name)| (crate::text::vietnamese_key(name), (*slug).clone()));
    let topics: Vec<Value> =
        topics.iter().map(|(slug, name)| json!({ "name": name, "url": Urls::of(site).topic(lang, slug) })).collect();
    json!({
        "breadcrumbs": [home_crumb],
        "index_url": Urls::of(site).search(lang),
        "audiences": audiences,
        "topics": topics,
    })
}
