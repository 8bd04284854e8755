//! The Atom feeds of one language: the site's own, and one for each audience, campaign and
//! topic, so a reader can follow just the part of the portal that concerns them.

use super::context::topic_name;
use super::xml;
use crate::site::indexes::LangIndex;
use crate::site::model::{Item, Site};
use crate::site::urls::{self, Urls};
use crate::text::date::iso;

/// How many of the newest items a feed carries.
const FEED_LENGTH: usize = 20;

/// The feed's title: the site's title, then the part of the site it follows.
pub fn feed_title(site_title: &str, part: &str) -> String {
    format!("{site_title} – {part}")
}

/// Every feed of language `code`, Atom and JSON, as (output path, text).
pub fn feeds(site: &Site, ix: &LangIndex, code: &str, site_title: &str) -> Vec<(String, String)> {
    let items = &site.items;
    let take = |members: Option<&Vec<usize>>| -> Vec<&Item> {
        members.map_or(&[][..], Vec::as_slice).iter().take(FEED_LENGTH).map(|&i| &items[i]).collect()
    };
    let mut out = Vec::new();
    let mut add = |title: &str, page_url: &str, entries: Vec<&Item>| {
        let url = urls::feed(page_url);
        let text = xml::atom(site, code, title, page_url, &url, &entries);
        out.push((Urls::of(site).out_path(&url), text));
        let url = urls::json_feed(page_url);
        let text = json_feed(site, code, title, page_url, &url, &entries);
        out.push((Urls::of(site).out_path(&url), text));
    };

    let home = Urls::of(site).home(code);
    add(site_title, &home, ix.latest.iter().take(FEED_LENGTH).map(|&i| &items[i]).collect());
    for &a in &ix.audiences {
        let audience = &items[a];
        add(&feed_title(site_title, &audience.title), &audience.url, take(ix.by_audience.get(&audience.slug)));
    }
    for &c in &ix.campaigns {
        let campaign = &items[c];
        add(&feed_title(site_title, &campaign.title), &campaign.url, take(ix.by_campaign.get(&campaign.slug)));
    }
    for slug in site.topics.keys() {
        let (name, _) = topic_name(site, code, slug);
        add(&feed_title(site_title, name), &Urls::of(site).topic(code, slug), take(ix.by_topic.get(slug)));
    }
    out
}

/// A JSON Feed 1.1 (jsonfeed.org) of `items`, with full content and links made absolute, and
/// in each item a `_loa` object with what another portal needs to republish it: kind,
/// audiences, campaigns, topics, images, origin and the canonical address.
pub fn json_feed(site: &Site, lang: &str, title: &str, page_url: &str, feed_url: &str, items: &[&Item]) -> String {
    let urls = Urls::of(site);
    let tz = &site.config.timezone;
    let origin = xml::origin_of(&site.config.base_url);
    let entries: Vec<serde_json::Value> = items
        .iter()
        .map(|item| {
            let url = urls.absolute(&item.url);
            let canonical = match (&item.origin, &item.source_url) {
                (crate::site::model::Origin::Republished, Some(source)) => source.clone(),
                _ => url.clone(),
            };
            let images: Vec<String> = item_images(item).into_iter().map(|u| format!("{origin}{u}")).collect();
            let mut entry = serde_json::json!({
                "id": url,
                "url": url,
                "title": item.title,
                "content_html": xml::absolute_links(&item.html, &origin),
                "summary": item.summary.clone().unwrap_or_else(|| xml::excerpt(&item.plain_text, 300)),
                "language": item.lang,
                "tags": item.topics.iter().map(|t| super::context::topic_name(site, lang, t).0.to_string()).collect::<Vec<_>>(),
                "_loa": {
                    "kind": item.kind,
                    "slug": item.slug,
                    "audiences": item.audiences,
                    "campaigns": item.campaigns,
                    "topics": item.topics,
                    "images": images,
                    "origin": match item.origin {
                        crate::site::model::Origin::Original => "original",
                        crate::site::model::Origin::Republished => "republished",
                    },
                    "source_url": item.source_url,
                    "canonical": canonical,
                },
            });
            if let crate::site::model::Details::Infographic { alt, .. } = &item.details {
                // The picture is not in the body (that is its transcript): say what it shows.
                entry["_loa"]["alt"] = alt.clone().into();
            }
            if let Some(first) = images.first() {
                entry["image"] = first.clone().into();
            }
            if let Some(p) = item.published() {
                entry["date_published"] = iso(p, tz).into();
            }
            if let Some(u) = item.updated {
                entry["date_modified"] = iso(u, tz).into();
            }
            if let Some(author) = &item.author {
                entry["authors"] = serde_json::json!([{ "name": author }]);
            }
            if let Some(source) = item.source_url.as_ref().filter(|_| canonical != url) {
                entry["external_url"] = source.clone().into();
            }
            entry
        })
        .collect();
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": urls.absolute(page_url),
        "feed_url": urls.absolute(feed_url),
        "language": lang,
        "authors": [{ "name": site.config.title }],
        "items": entries,
    });
    let mut text = serde_json::to_string_pretty(&feed).unwrap_or_default();
    text.push('\n');
    text
}

/// The pictures of an item, as site paths: its cover, its infographic, the images of its body.
fn item_images(item: &Item) -> Vec<String> {
    let mut images: Vec<String> = Vec::new();
    if let Some(cover) = &item.cover {
        images.push(cover.url.clone());
    }
    if let crate::site::model::Details::Infographic { image, .. } = &item.details {
        images.push(image.url.clone());
    }
    for part in item.html.split("<img ").skip(1) {
        if let Some(src) = part.split("src=\"").nth(1).and_then(|s| s.split('"').next()) {
            if src.starts_with('/') && !images.iter().any(|i| i == src) {
                images.push(src.to_string());
            }
        }
    }
    images
}
