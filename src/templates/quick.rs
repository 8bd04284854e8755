//! The pages of single items rendered on their own, for `loa serve`'s first phase: when an
//! edit changed only the bodies of some articles, their pages are rendered and shown at once,
//! before the rest of the site is rebuilt. Each page is planned by the same code as in a full
//! build ([`Planner::item_page`]), with the same shared values ([`Prepared`]) and the same
//! language alternates, so its bytes are those a full build makes.

use super::langs::link_alternates;
use super::plan::{Job, Planner};
use super::render::{languages, Prepared};
use super::shared::SharedContexts;
use super::theme::Theme;
use crate::diag::Diagnostic;
use crate::output::Files;
use crate::site::indexes::LangIndex;
use crate::site::model::Site;

/// Renders the own pages of the items at `items` (indexes into `site.items`).
pub fn item_pages(site: &Site, theme: &Theme, prepared: &Prepared, items: &[usize]) -> Result<Files, Diagnostic> {
    let empty = LangIndex::default();
    let langs = languages(site, theme, prepared, &empty);
    let mut files = Files::new();
    let mut shared = SharedContexts::default();
    for &i in items {
        let item = &site.items[i];
        // The item and its translations: the alternates of a page link its other versions.
        let group = prepared.translations.get(&(item.translation_key.clone(), item.kind));
        let members: Vec<usize> = group.cloned().unwrap_or_else(|| vec![i]);
        let mut planner = Planner::new(site);
        let mut wanted = None;
        for &m in &members {
            let Some(lang) = langs.iter().find(|l| l.code == site.items[m].lang) else { continue };
            if m == i {
                wanted = Some(planner.jobs.len());
            }
            planner.item_page(lang, m);
        }
        let Planner { mut jobs, .. } = planner;
        link_alternates(site, &mut jobs);
        let Some(job) = wanted.and_then(|w| jobs.into_iter().nth(w)) else { continue };
        let Job { path, template, lang, meta, make } = job;
        files.insert(path, shared.render(theme, template, lang, make(), &meta)?);
    }
    Ok(files)
}
