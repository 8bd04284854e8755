//! Text rules of the domain: NFC normalisation, ASCII slugs, Vietnamese sorting and dates.

pub mod date;
pub mod escape;
pub mod normalize;
pub mod slug;
pub mod sort;

pub use escape::{escape_html, escape_html_into, escape_xml};
pub use normalize::nfc;
pub use slug::slugify;
pub use sort::vietnamese_key;
