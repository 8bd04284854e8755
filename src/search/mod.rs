//! Search built at build time: a static index the browser reads in pieces, with no server.
//!
//! Each language gets its own index in `<lang prefix>/<search folder>/` (`/tim-kiem/` by
//! default, beside the search page itself):
//!
//! - `index.json`: the number of documents `n`, the number of shards `s`, and the filter
//!   values (audiences `a`, topics `t`, campaigns `c`), each `[slug, name, file, count]`;
//! - `s/<hex>.bin`: the shards. Every term (a folded syllable, and every pair of neighbouring
//!   syllables of a field) is in shard `fnv1a(term) % s`, with the documents that have it and
//!   a nibble per document (in the title, in the summary or a heading, how often in the
//!   body). A query fetches only the shards of its terms;
//! - `f/<id>.json`: one fragment per document (address, title, date, kind, summary, body
//!   text), fetched only for the results shown, for the excerpt and its highlights;
//! - `l/<key><k>.bin`: the documents of one filter value, fetched when the filter is used.
//!
//! Documents are the items of the language this build includes (a public build has only
//! live items), numbered oldest first. Folding, tokens and queries: `fold.rs`, `query.rs`;
//! file formats: `format.rs`. The index is a pure function of the site model.

pub mod fold;
pub mod format;
pub mod index;
pub mod memo;
pub mod query;
pub mod reader;
pub mod terms;

use crate::site::model::Site;

/// Every file of every language's index, handed to `put` with its path in the output folder
/// as soon as it is made (from several threads; see [`index::Put`]).
pub fn files(site: &Site, put: index::Put<'_>) -> anyhow::Result<()> {
    for code in site.config.language_codes() {
        let base = folder(site, code);
        index::build_language(site, code, &|rel, bytes| put(format!("{base}{rel}"), bytes))?;
    }
    Ok(())
}

/// The search folder of a language, relative to the output folder ("tim-kiem/", "en/tim-kiem/").
pub fn folder(site: &Site, lang: &str) -> String {
    crate::site::urls::Urls::of(site).search_folder(lang)
}
