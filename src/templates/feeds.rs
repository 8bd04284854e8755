//! The Atom feeds of one language: the site's own, and one for each audience, campaign and
//! topic, so a reader can follow just the part of the portal that concerns them.

use super::context::topic_name;
use super::xml;
use crate::site::indexes::LangIndex;
use crate::site::model::{Item, Site};
use crate::site::urls::{self, Urls};

/// How many of the newest items a feed carries.
const FEED_LENGTH: usize = 20;

/// The feed's title: the site's title, then the part of the site it follows.
pub fn feed_title(site_title: &str, part: &str) -> String {
    format!("{site_title} – {part}")
}

/// Every feed of language `code`, as (output path, XML).
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
