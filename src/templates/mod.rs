//! The theme and the rendering of every page, feed and file of the site.

mod compact;
mod compact_css;
pub mod context;
pub mod dates;
pub mod feeds;
pub mod ical;
pub mod incremental;
pub mod langs;
mod legal;
mod legal_values;
pub mod outputs;
mod picture;
pub mod plan;
pub mod quick;
pub mod related;
pub mod render;
mod search_page;
mod streaming;
pub mod theme;
pub mod xml;

pub use render::Images;
pub use theme::Theme;
