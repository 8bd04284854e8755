//! The theme and the rendering of every page, feed and file of the site.

mod compact;
pub mod context;
mod css;
pub mod dates;
pub mod feeds;
pub mod ical;
pub mod identity;
pub mod incremental;
pub mod langs;
mod legal;
mod legal_values;
mod media;
pub mod outputs;
mod page_values;
mod pager;
mod picture;
pub mod plan;
pub mod quick;
pub mod related;
pub mod render;
mod search_page;
pub mod share_cards;
mod shared;
mod streaming;
pub mod theme;
pub mod values;
pub mod xml;

pub use render::Images;
pub use theme::Theme;
