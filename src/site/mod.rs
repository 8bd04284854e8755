//! From loaded sources to the site the templates render: references, publication state,
//! campaign windows, rendered bodies and the lists built from them.

mod aliases;
mod collisions;
pub mod coverage;
pub mod figures;
pub mod image_outputs;
pub mod indexes;
mod item_fields;
pub mod legal;
pub mod legal_index;
pub mod legal_model;
pub mod links;
pub mod lint;
pub mod live;
pub mod media;
pub mod memo;
pub mod model;
pub mod pipeline;
pub mod references;
pub mod resolve;
pub mod schedule;
mod sections;
pub mod translations;
mod unfinished;
pub mod urls;
mod webvtt;
pub mod window;
pub mod youtube;

pub use live::{Preview, State};
pub use model::{Details, Item, Site};
pub use pipeline::{load_site, load_site_memo, Options};
