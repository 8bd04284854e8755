//! The values templates see: the site, UI strings, and items as summaries (for lists) or in
//! full (for their own page). Summaries are made once per item and shared by every list.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::{json, Value};

use crate::content::Kind;
use crate::site::image_outputs::{list_picture, thumbnails};
use crate::site::indexes::{Indexes, LangIndex};
use crate::site::model::{Details, Image, Item, Site};
use crate::site::urls::Urls;
use crate::site::window::Occurrence;
use crate::site::State;
pub use crate::text::date::{display_date, iso};

/// A page's date in the language of its strings ("Thứ Hai, 03/02/2025", "Monday, 3 February 2025").
fn page_date(ts: Timestamp, tz: &TimeZone, strings: &BTreeMap<String, String>) -> String {
    super::dates::long(strings, ts.to_zoned(tz.clone()).date())
}

/// An image for the templates: `url` is the original (for download links); `src`, `srcset`,
/// `webp_srcset`, `width` and `height` are what a `<picture>` of it shows.
fn image_value(site: &Site, image: &Image, alt: &str) -> Value {
    let mut value =
        json!({ "url": image.url, "src": image.url, "width": image.width, "height": image.height, "alt": alt });
    if let Some(r) = &image.responsive {
        let src = r.src();
        value["src"] = json!(crate::images::url(&site.base_path, &src.rel));
        value["width"] = json!(src.width);
        value["height"] = json!(src.height);
        if r.fallback.len() > 1 {
            value["srcset"] = json!(crate::images::srcset(&site.base_path, &r.fallback));
        }
        if !r.webp.is_empty() {
            value["webp_srcset"] = json!(crate::images::srcset(&site.base_path, &r.webp));
        }
    }
    value
}

/// The item's picture (an infographic's image, else its cover) as an image value. `listed`: for
/// a list's card, where an SVG is shown from its raster thumbnails (the SVG itself left to
/// browsers without WebP); its own page shows the drawing, sharp at any zoom.
fn picture_value(site: &Site, item: &Item, listed: bool) -> Option<Value> {
    let alt = match &item.details {
        Details::Infographic { alt, .. } => alt.as_str(),
        _ => item.cover_alt.as_deref().unwrap_or(""),
    };
    list_picture(item).map(|image| {
        let mut value = image_value(site, image, alt);
        let thumbnails = if listed { thumbnails(image) } else { Vec::new() };
        if !thumbnails.is_empty() {
            value["webp_srcset"] = json!(crate::images::srcset(&site.base_path, &thumbnails));
        }
        value
    })
}

/// Links to the audiences or campaigns an item names, with their display names. One without
/// a version in the item's language links the main language's, and says so: `lang` (of the
/// name) and `hreflang` (of the page it leads to) are set only then.
fn refs(slugs: &[String], by_slug: &BTreeMap<String, usize>, site: &Site, lang: &str) -> Vec<Value> {
    slugs
        .iter()
        .filter_map(|s| {
            by_slug.get(s).map(|&i| {
                let target = &site.items[i];
                let other = (target.lang != lang).then_some(target.lang.as_str());
                json!({ "slug": s, "name": target.title, "url": target.url, "lang": other, "hreflang": other })
            })
        })
        .collect()
}

/// A topic's name in `lang`, and the language of the name when it falls back to the main one.
pub fn topic_name<'a>(site: &'a Site, lang: &str, slug: &'a str) -> (&'a str, Option<&'a str>) {
    let main_name = site.topics.get(slug).map_or(slug, String::as_str);
    match site.config.topic_name(lang, slug, main_name) {
        (name, false) => (name, None),
        (name, true) => (name, Some(site.config.language.as_str())),
    }
}

/// What a list shows of an item.
pub fn summary(site: &Site, ix: &LangIndex, item: &Item, strings: &BTreeMap<String, String>) -> Value {
    let tz = &site.config.timezone;
    let published = item.published();
    let image = picture_value(site, item, true);
    let badge = match item.state {
        State::Live => None,
        State::Draft => strings.get("badge_draft"),
        State::Scheduled => strings.get("badge_scheduled"),
        State::Expired => strings.get("badge_expired"),
    };
    let topics: Vec<Value> = item
        .topics
        .iter()
        .map(|t| {
            let (name, name_lang) = topic_name(site, &item.lang, t);
            json!({ "slug": t, "name": name, "lang": name_lang, "url": Urls::of(site).topic(&item.lang, t) })
        })
        .collect();
    let mut value = json!({
        "title": item.title,
        "url": item.url,
        "kind": item.kind,
        "kind_label": strings.get(kind_string(item.kind)),
        "summary": item.summary,
        "date": published.map(|d| page_date(d, tz, strings)),
        "date_iso": published.map(|d| iso(d, tz)),
        "state": item.state,
        "badge": badge,
        "image": image,
        "audiences": refs(&item.audiences, &ix.audience_by_slug, site, &item.lang),
        "campaigns": refs(&item.campaigns, &ix.campaign_by_slug, site, &item.lang),
        "topics": topics,
        "origin": item.origin,
    });
    if let Details::Legal(legal) = &item.details {
        merge(&mut value, super::legal_values::row(site, item, legal, strings));
    }
    value
}

/// The UI string naming an item's kind on cards. Legal documents are cards of their own list
/// only, where the kind goes without saying: they read as articles elsewhere.
fn kind_string(kind: Kind) -> &'static str {
    match kind {
        Kind::Infographic => "kind_infographic",
        Kind::Faq => "kind_faq",
        Kind::Campaign => "kind_campaign",
        Kind::Audience => "kind_audience",
        Kind::Page => "kind_page",
        Kind::Video => "kind_video",
        Kind::PhotoStory => "kind_photo_story",
        Kind::Article | Kind::Legal => "kind_article",
    }
}

/// Everything an item's own page shows.
pub fn full(site: &Site, ix: &LangIndex, item: &Item, strings: &BTreeMap<String, String>) -> Value {
    let tz = &site.config.timezone;
    let mut value = summary(site, ix, item, strings);
    let permalink = Urls::of(site).absolute(&item.url);
    let extra = json!({
        "content": item.html,
        "headings": item.headings.iter().map(|h| json!({ "level": h.level, "id": h.id, "text": h.text })).collect::<Vec<_>>(),
        "author": item.author,
        "updated": item.updated.map(|d| page_date(d, tz, strings)),
        "updated_iso": item.updated.map(|d| iso(d, tz)),
        "source_url": item.source_url,
        "word_count": item.word_count,
        "lang": item.lang,
        "permalink": permalink,
        "permalink_encoded": crate::text::escape::encode_component(&permalink),
        "image": picture_value(site, item, false),
    });
    merge(&mut value, extra);
    match &item.details {
        Details::Infographic { source, data_as_of, portrait, alt, .. } => merge(
            &mut value,
            json!({
                "source": source,
                "data_as_of": data_as_of.map(|d| super::dates::day(strings, d)),
                "image_portrait": portrait.as_ref().map(|p| image_value(site, p, alt)),
            }),
        ),
        Details::Audience { slogans } => merge(&mut value, json!({ "slogans": slogans })),
        Details::Campaign { theme, slogan, messages, .. } => {
            let messages: Vec<Value> = messages
                .iter()
                .map(|(slug, list)| {
                    let audience = ix.audience_by_slug.get(slug).map(|&i| &site.items[i]);
                    let name = audience.map_or(slug.as_str(), |a| a.title.as_str());
                    let name_lang = audience.map(|a| a.lang.as_str()).filter(|l| *l != item.lang);
                    json!({ "audience": name, "audience_lang": name_lang, "slug": slug, "messages": list })
                })
                .collect();
            merge(&mut value, json!({ "theme": theme, "slogan": slogan, "messages": messages }));
            merge(&mut value, campaign_timing(site, item, strings));
        }
        Details::Video(video) => {
            merge(&mut value, super::media::video(site, item, video, &|i, alt| image_value(site, i, alt)))
        }
        Details::PhotoStory { photos } => {
            merge(&mut value, super::media::photos(photos, &|i, alt| image_value(site, i, alt)))
        }
        Details::Legal(legal) => merge(&mut value, super::legal_values::full(site, item, legal, strings)),
        Details::None => {}
    }
    value
}

/// The campaign's yearly window in words, and whether it is under way today.
pub fn campaign_timing(site: &Site, item: &Item, strings: &BTreeMap<String, String>) -> Value {
    let Some(w) = item.window() else { return Value::Null };
    let day = |md: crate::site::window::MonthDay| super::dates::day_month(strings, md.month, md.day);
    let window = if w.starts == w.ends { day(w.starts) } else { format!("{} – {}", day(w.starts), day(w.ends)) };
    let active = w.active_on(site.today);
    let next = w.next_after(site.today);
    let occurrence = |o: Occurrence| {
        json!({
            "first": super::dates::day(strings, o.first),
            "last": super::dates::day(strings, o.last),
            "first_iso": o.first.to_string(),
            "days_left": (o.last - site.today).get_days() + 1,
            "days_until": (o.first - site.today).get_days(),
        })
    };
    json!({
        "window": window,
        "year": w.year,
        "active": active.map(occurrence),
        "next": next.map(occurrence),
    })
}

fn merge(target: &mut Value, extra: Value) {
    if let (Value::Object(t), Value::Object(e)) = (target, extra) {
        t.extend(e);
    }
}

/// The `site` value of one language.
pub fn site_value(site: &Site, lang: &str, css_version: &str) -> Value {
    let config = &site.config;
    let (title, description, menu) = match config.languages.iter().find(|l| l.code == lang) {
        Some(l) => (
            l.title.clone(),
            l.description.clone(),
            if l.menu.is_empty() { config.menu.clone() } else { l.menu.clone() },
        ),
        None => (config.title.clone(), config.description.clone(), config.menu.clone()),
    };
    let home = Urls::of(site).home(lang);
    let (urls, fallback) = special_urls(site, lang);
    json!({
        "title": title,
        "description": description,
        "base_url": config.base_url,
        "origin": config.base_url.strip_suffix(site.base_path.as_str()).unwrap_or(&config.base_url),
        "lang": lang,
        "lang_name": config.language_name(lang),
        "og_locale": og_locale(lang),
        "home": &home,
        "hotline": config.hotline,
        "agency": agency_value(&config.agency),
        "hotline_tel": config.hotline.as_ref().map(|h| h.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>()),
        "menu": menu,
        "faq_url": urls["faq"],
        // The special sections, for the theme's "see all" links and its navigation; a section
        // this language does not have leads to the main language's, and `fallback` names
        // that language (for `hreflang`).
        "urls": urls,
        "fallback": fallback,
        "feed_url": crate::site::urls::feed(&home),
        "static": site.base_path,
        // The agency's logo among the static files (`logo.svg`, or `logo.png`) and its colour.
        "logo": super::identity::logo_file(config),
        "theme_colour": config.agency.brand_colour.as_deref().unwrap_or("#0a4d8c"),
        "css_version": css_version,
        "preview": site.preview.future || site.preview.drafts,
    })
}

/// Summaries of the items at `indexes` (already computed once per item).
pub fn list(summaries: &[Value], indexes: &[usize]) -> Vec<Value> {
    indexes.iter().map(|&i| summaries[i].clone()).collect()
}

/// Whether `ix` holds any item of `kind` (for showing a section only when it has content).
pub fn has_kind(site: &Site, ix: &Indexes, lang: &str, kind: Kind) -> bool {
    ix.langs.get(lang).is_some_and(|l| l.latest.iter().any(|&i| site.items[i].kind == kind))
}

/// The URLs of the special sections in `lang` (audiences, campaigns, infographics, faq,
/// topics, calendar), and for each the language it falls back to (or null): a language that
/// has no Q&A of its own links the main language's Q&A rather than a page that does not exist.
pub fn special_urls(site: &Site, lang: &str) -> (Value, Value) {
    let config = &site.config;
    let f = &config.folders;
    let has_section = |lang: &str, dir: &str| site.sections.iter().any(|s| s.lang == lang && s.dir == dir);
    let has_calendar = |lang: &str| site.items.iter().any(|i| i.lang == lang && i.kind == Kind::Campaign);
    let mut urls = serde_json::Map::new();
    let mut fallback = serde_json::Map::new();
    let has_contact = |l: &str| {
        let url = Urls::of(site).contact(l);
        crate::site::urls::generated_contact(site, l).is_some() || site.items.iter().any(|i| i.url == url)
    };
    for (key, dir) in [
        ("audiences", &f.audiences),
        ("campaigns", &f.campaigns),
        ("infographics", &f.infographics),
        ("faq", &f.faq),
        ("legal", &f.legal),
        ("topics", &f.topics),
        ("calendar", &f.calendar),
        ("search", &f.search),
        ("contact", &f.contact),
        ("videos", &f.videos),
        ("photo_stories", &f.photo_stories),
    ] {
        let exists = |l: &str| match key {
            "topics" | "search" => true,
            "contact" => has_contact(l),
            "calendar" => has_calendar(l),
            _ => has_section(l, dir),
        };
        let main = config.language.as_str();
        let shown = if lang != main && !exists(lang) && exists(main) { main } else { lang };
        // No contact page anywhere (no [agency], no hotline, no page of the site's): no link.
        if key == "contact" && !exists(shown) {
            urls.insert(key.into(), Value::Null);
            fallback.insert(key.into(), Value::Null);
            continue;
        }
        urls.insert(key.into(), json!(Urls::of(site).folder(shown, dir)));
        fallback.insert(key.into(), if shown == lang { Value::Null } else { json!(shown) });
    }
    (Value::Object(urls), Value::Object(fallback))
}

/// The Open Graph locale of a language code: `vi` → `vi_VN`, `en-GB` → `en_GB`.
pub fn og_locale(code: &str) -> String {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or(code);
    if let Some(region) = parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic())) {
        return format!("{primary}_{}", region.to_ascii_uppercase());
    }
    let region = match primary {
        "vi" => "VN",
        "en" => "US",
        "fr" => "FR",
        "zh" => "CN",
        "ja" => "JP",
        "ko" => "KR",
        "km" => "KH",
        "lo" => "LA",
        "th" => "TH",
        _ => return primary.to_string(),
    };
    format!("{primary}_{region}")
}

/// `[agency]` for the footer: the values as written, the phone as a `tel:` number and the
/// address as an OpenStreetMap search (no third-party embed, no request until clicked).
fn agency_value(agency: &crate::content::config::Agency) -> Value {
    let mut value = serde_json::to_value(agency).unwrap_or(Value::Null);
    if let Some(phone) = &agency.phone {
        value["phone_tel"] = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>().into();
    }
    if let Some(address) = &agency.address {
        let query: String =
            percent_encoding::utf8_percent_encode(address, percent_encoding::NON_ALPHANUMERIC).to_string();
        value["map_url"] = format!("https://www.openstreetmap.org/search?query={query}").into();
    }
    value
}
