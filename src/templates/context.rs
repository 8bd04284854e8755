//! The values templates see: the site, UI strings, and items as summaries (for lists) or in
//! full (for their own page). Summaries are made once per item and shared by every list.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::Value;

use super::values::{
    to_value, AgencyValue, CampaignMessages, CampaignValues, Full, HeadingValue, ImageValue, KindValues, RefValue, Run,
    SectionFallbacks, SectionUrls, SiteValue, Summary, Timing, TopicRef,
};

use crate::content::Kind;
use crate::site::image_outputs::{list_picture, thumbnails};
use crate::site::indexes::{Indexes, LangIndex};
use crate::site::model::{Details, Item, Site};
use crate::site::urls::Urls;
use crate::site::window::Occurrence;
use crate::site::State;
pub use crate::text::date::{display_date, iso};

/// A page's date in the language of its strings ("Thứ Hai, 03/02/2025", "Monday, 3 February 2025").
fn page_date(ts: Timestamp, tz: &TimeZone, strings: &BTreeMap<String, String>) -> String {
    super::dates::long(strings, ts.to_zoned(tz.clone()).date())
}

/// The item's picture (an infographic's image, else its cover) as an image value. `listed`: for
/// a list's card, where an SVG is shown from its raster thumbnails (the SVG itself left to
/// browsers without WebP); its own page shows the drawing, sharp at any zoom.
fn picture_value<'a>(site: &Site, item: &'a Item, listed: bool) -> Option<ImageValue<'a>> {
    let alt = match &item.details {
        Details::Infographic { alt, .. } => alt.as_str(),
        _ => item.cover_alt.as_deref().unwrap_or(""),
    };
    list_picture(item).map(|image| {
        let mut value = ImageValue::of(site, image, alt);
        let thumbnails = if listed { thumbnails(image) } else { Vec::new() };
        if !thumbnails.is_empty() {
            value.webp_srcset = Some(crate::images::srcset(&site.base_path, &thumbnails));
        }
        value
    })
}

/// Links to the audiences or campaigns an item names, with their display names. One without
/// a version in the item's language links the main language's, and says so: `lang` (of the
/// name) and `hreflang` (of the page it leads to) are set only then.
fn refs<'a>(slugs: &'a [String], by_slug: &BTreeMap<String, usize>, site: &'a Site, lang: &str) -> Vec<RefValue<'a>> {
    slugs
        .iter()
        .filter_map(|s| {
            by_slug.get(s).map(|&i| {
                let target = &site.items[i];
                let other = (target.lang != lang).then_some(target.lang.as_str());
                RefValue { slug: s, name: &target.title, url: &target.url, lang: other, hreflang: other }
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
    to_value(&summary_of(site, ix, item, strings, true))
}

/// An item's summary; `listed` as for [`picture_value`].
fn summary_of<'a>(
    site: &'a Site,
    ix: &LangIndex,
    item: &'a Item,
    strings: &'a BTreeMap<String, String>,
    listed: bool,
) -> Summary<'a> {
    let tz = &site.config.timezone;
    let published = item.published();
    let badge = match item.state {
        State::Live => None,
        State::Draft => strings.get("badge_draft"),
        State::Scheduled => strings.get("badge_scheduled"),
        State::Expired => strings.get("badge_expired"),
    };
    let topics = item
        .topics
        .iter()
        .map(|t| {
            let (name, lang) = topic_name(site, &item.lang, t);
            TopicRef { slug: t, name, lang, url: Some(Urls::of(site).topic(&item.lang, t)), count: None }
        })
        .collect();
    Summary {
        title: &item.title,
        url: &item.url,
        kind: item.kind,
        kind_label: strings.get(kind_string(item.kind)).map(String::as_str),
        summary: item.summary.as_deref(),
        date: published.map(|d| page_date(d, tz, strings)),
        date_iso: published.map(|d| iso(d, tz)),
        state: item.state,
        badge: badge.map(String::as_str),
        image: picture_value(site, item, listed),
        audiences: refs(&item.audiences, &ix.audience_by_slug, site, &item.lang),
        campaigns: refs(&item.campaigns, &ix.campaign_by_slug, site, &item.lang),
        topics,
        origin: item.origin,
        legal: match &item.details {
            Details::Legal(legal) => Some(super::legal_values::row(site, item, legal, strings)),
            _ => None,
        },
    }
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
pub fn full<'a>(site: &'a Site, ix: &LangIndex, item: &'a Item, strings: &'a BTreeMap<String, String>) -> Full<'a> {
    let tz = &site.config.timezone;
    let permalink = Urls::of(site).absolute(&item.url);
    let details = match &item.details {
        Details::Infographic { source, data_as_of, portrait, alt, .. } => Some(KindValues::Infographic {
            source: source.as_deref(),
            data_as_of: data_as_of.map(|d| super::dates::day(strings, d)),
            image_portrait: portrait.as_ref().map(|p| ImageValue::of(site, p, alt)),
        }),
        Details::Audience { slogans } => Some(KindValues::Audience { slogans }),
        Details::Campaign { theme, slogan, messages, .. } => {
            let messages = messages
                .iter()
                .map(|(slug, list)| {
                    let audience = ix.audience_by_slug.get(slug).map(|&i| &site.items[i]);
                    let name = audience.map_or(slug.as_str(), |a| a.title.as_str());
                    let name_lang = audience.map(|a| a.lang.as_str()).filter(|l| *l != item.lang);
                    CampaignMessages { audience: name, audience_lang: name_lang, slug, messages: list }
                })
                .collect();
            Some(KindValues::Campaign(CampaignValues {
                theme: theme.as_deref(),
                slogan: slogan.as_deref(),
                messages,
                timing: campaign_timing(site, item, strings),
            }))
        }
        Details::Video(video) => Some(KindValues::Video { video: super::media::video(site, item, video) }),
        Details::PhotoStory { photos } => Some(super::media::photos(site, photos)),
        Details::Legal(legal) => Some(KindValues::Legal(super::legal_values::full(site, item, legal, strings))),
        Details::None => None,
    };
    Full {
        summary: summary_of(site, ix, item, strings, false),
        content: &item.html,
        headings: item.headings.iter().map(|h| HeadingValue { level: h.level, id: &h.id, text: &h.text }).collect(),
        author: item.author.as_deref(),
        updated: item.updated.map(|d| page_date(d, tz, strings)),
        updated_iso: item.updated.map(|d| iso(d, tz)),
        source_url: item.source_url.as_deref(),
        word_count: item.word_count,
        lang: &item.lang,
        permalink_encoded: crate::text::escape::encode_component(&permalink),
        permalink,
        details,
    }
}

/// The campaign's yearly window in words, and whether it is under way today.
pub fn campaign_timing(site: &Site, item: &Item, strings: &BTreeMap<String, String>) -> Option<Timing> {
    let w = item.window()?;
    let day = |md: crate::site::window::MonthDay| super::dates::day_month(strings, md.month, md.day);
    let window = if w.starts == w.ends { day(w.starts) } else { format!("{} – {}", day(w.starts), day(w.ends)) };
    let active = w.active_on(site.today);
    let next = w.next_after(site.today);
    let occurrence = |o: Occurrence| Run {
        first: super::dates::day(strings, o.first),
        last: super::dates::day(strings, o.last),
        first_iso: o.first.to_string(),
        days_left: (o.last - site.today).get_days() + 1,
        days_until: (o.first - site.today).get_days(),
    };
    Some(Timing { window, year: w.year, active: active.map(occurrence), next: next.map(occurrence) })
}

/// The `site` value of one language.
pub fn site_value<'a>(site: &'a Site, lang: &'a str, versions: [&'a str; 3]) -> SiteValue<'a> {
    let config = &site.config;
    let (title, description, menu) = match config.languages.iter().find(|l| l.code == lang) {
        Some(l) => (
            l.title.as_str(),
            l.description.as_str(),
            if l.menu.is_empty() { config.menu.as_slice() } else { l.menu.as_slice() },
        ),
        None => (config.title.as_str(), config.description.as_str(), config.menu.as_slice()),
    };
    let home = Urls::of(site).home(lang);
    let (urls, fallback) = special_urls(site, lang);
    let [css_version, js_version, video_js_version] = versions;
    SiteValue {
        title,
        description,
        base_url: &config.base_url,
        origin: config.base_url.strip_suffix(site.base_path.as_str()).unwrap_or(&config.base_url),
        lang,
        lang_name: config.language_name(lang),
        og_locale: og_locale(lang),
        hotline: config.hotline.as_deref(),
        agency: agency_value(&config.agency),
        hotline_tel: config.hotline.as_ref().map(|h| h.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()),
        menu,
        faq_url: urls.faq.clone(),
        // The special sections, for the theme's "see all" links and its navigation; a section
        // this language does not have leads to the main language's, and `fallback` names
        // that language (for `hreflang`).
        urls,
        fallback,
        feed_url: crate::site::urls::feed(&home),
        home,
        static_path: &site.base_path,
        // The agency's logo among the static files (`logo.svg`, or `logo.png`) and its colour.
        logo: super::identity::logo_file(config),
        theme_colour: config.agency.brand_colour.as_deref().unwrap_or("#0a4d8c"),
        css_version,
        js_version,
        video_js_version,
        preview: site.preview.future || site.preview.drafts,
    }
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
pub fn special_urls<'a>(site: &'a Site, lang: &str) -> (SectionUrls, SectionFallbacks<'a>) {
    let config = &site.config;
    let f = &config.folders;
    let has_section = |lang: &str, dir: &str| site.sections.iter().any(|s| s.lang == lang && s.dir == dir);
    let has_calendar = |lang: &str| site.items.iter().any(|i| i.lang == lang && i.kind == Kind::Campaign);
    let mut urls = SectionUrls::default();
    let mut fallback = SectionFallbacks::default();
    let has_contact = |l: &str| {
        let url = Urls::of(site).contact(l);
        crate::site::urls::generated_contact(site, l).is_some() || site.items.iter().any(|i| i.url == url)
    };
    let main = config.language.as_str();
    let each = |key: &str, dir: &str, url: &mut String, falls_back: &mut Option<&'a str>| {
        let exists = |l: &str| match key {
            "topics" | "search" => true,
            "calendar" => has_calendar(l),
            _ => has_section(l, dir),
        };
        let shown = if lang != main && !exists(lang) && exists(main) { main } else { lang };
        *url = Urls::of(site).folder(shown, dir);
        *falls_back = (shown != lang).then_some(main);
    };
    each("audiences", &f.audiences, &mut urls.audiences, &mut fallback.audiences);
    each("campaigns", &f.campaigns, &mut urls.campaigns, &mut fallback.campaigns);
    each("infographics", &f.infographics, &mut urls.infographics, &mut fallback.infographics);
    each("faq", &f.faq, &mut urls.faq, &mut fallback.faq);
    each("legal", &f.legal, &mut urls.legal, &mut fallback.legal);
    each("topics", &f.topics, &mut urls.topics, &mut fallback.topics);
    each("calendar", &f.calendar, &mut urls.calendar, &mut fallback.calendar);
    each("search", &f.search, &mut urls.search, &mut fallback.search);
    each("videos", &f.videos, &mut urls.videos, &mut fallback.videos);
    each("photo_stories", &f.photo_stories, &mut urls.photo_stories, &mut fallback.photo_stories);
    // No contact page anywhere (no [agency], no hotline, no page of the site's): no link.
    let shown = if lang != main && !has_contact(lang) && has_contact(main) { main } else { lang };
    if has_contact(shown) {
        urls.contact = Some(Urls::of(site).folder(shown, &f.contact));
        fallback.contact = (shown != lang).then_some(main);
    }
    (urls, fallback)
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
fn agency_value(agency: &crate::content::config::Agency) -> AgencyValue<'_> {
    AgencyValue {
        agency,
        phone_tel: agency
            .phone
            .as_ref()
            .map(|phone| phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()),
        map_url: agency.address.as_ref().map(|address| {
            let query = percent_encoding::utf8_percent_encode(address, percent_encoding::NON_ALPHANUMERIC);
            format!("https://www.openstreetmap.org/search?query={query}")
        }),
    }
}
