//! The sharing cards drawn from a page's title ([`crate::images::title_card`]) for the pages
//! without a picture of their own: the home page, lists, the calendar, search and contact
//! pages, standalone pages. Articles and questions without a picture, by the thousand on a
//! portal, keep the portal's card (`og-card.png`): a drawn card costs tens of milliseconds and
//! some 50 KB each. Page 2 and on of a list share page 1's card.

use super::theme::Theme;
use super::values::{Meta, MetaImage};
use crate::diag::Diagnostic;
use crate::images::title_card::{title_card, CardStyle};
use crate::images::{icons, Cache};
use crate::output::Sink;
use crate::site::model::Site;
use rayon::prelude::*;

use crate::site::urls::TITLE_CARD_FILE as CARD_FILE;
/// Templates whose pages get no drawn card unless `[agency] title_cards = "all"`: the many
/// articles and questions.
const WITHOUT: &[&str] = &["article.html"];
/// Bump when the drawing changes, so cached cards are drawn again.
const DRAWING: &str = "title-card-1";

/// The `og:image` of the page whose output folder is `dir` ("tin-tuc/", "" for the home page).
pub fn value(site: &Site, dir: &str, title: &str) -> MetaImage {
    MetaImage { url: format!("{}/{dir}{CARD_FILE}", site.base_path), width: 1200, height: 630, alt: title.to_string() }
}

/// Gives every planned page without a picture of its own (and not in `WITHOUT`) its card,
/// and returns the cards to draw: (output path, title). `pages` are the planned pages' output
/// paths, templates and page metadata.
pub fn assign<'p>(site: &Site, pages: impl Iterator<Item = (&'p str, &'p str, &'p mut Meta)>) -> Vec<(String, String)> {
    let mut cards = Vec::new();
    for (path, template, meta) in pages {
        let everywhere = site.config.agency.title_cards_everywhere;
        if meta.image.is_some() || template == "404.html" || (!everywhere && WITHOUT.contains(&template)) {
            continue;
        }
        let Some(dir) = path.strip_suffix("index.html") else { continue };
        let title = meta.title.clone();
        meta.image = Some(value(site, dir, &title));
        cards.push((format!("{dir}{CARD_FILE}"), title));
    }
    cards
}

/// Draws `cards` (or reads them from the image cache) into `sink`.
pub fn draw(site: &Site, theme: &Theme, cache: &Cache, cards: &[(String, String)], sink: &dyn Sink) -> Vec<Diagnostic> {
    let config = &site.config;
    let host = config.base_url.split("://").nth(1).unwrap_or(&config.base_url).trim_end_matches('/').to_string();
    let logo_svg = theme.statics.get(icons::LOGO).and_then(|b| String::from_utf8(b.clone()).ok());
    let style = CardStyle {
        name: config.agency.name.clone().unwrap_or_else(|| config.title.clone()),
        host,
        brand: config.agency.brand_colour.clone().unwrap_or_else(|| "#0a4d8c".into()),
        logo_svg,
    };
    let common =
        format!("{}\n{}\n{}\n{}", style.name, style.host, style.brand, style.logo_svg.as_deref().unwrap_or(""));
    cards
        .par_iter()
        .filter_map(|(path, title)| {
            let key = Cache::hash(format!("{common}\n{title}").as_bytes());
            let bytes = match cache.get(&key, DRAWING) {
                Some(b) => b,
                None => match title_card(title, &style) {
                    Ok(b) => {
                        cache.put(&key, DRAWING, &b);
                        b
                    }
                    Err(e) => {
                        return Some(Diagnostic::error(
                            path.as_str(),
                            0,
                            0,
                            format!("cannot draw the sharing card: {e}"),
                        ))
                    }
                },
            };
            sink.put(path, bytes).err().map(|e| Diagnostic::error(path.as_str(), 0, 0, format!("{e:#}")))
        })
        .collect()
}
