//! Text rules of the domain: NFC normalisation, ASCII slugs, Vietnamese sorting and dates.

pub mod date;
pub mod normalize;
pub mod slug;
pub mod sort;

pub use normalize::nfc;
pub use slug::slugify;
pub use sort::vietnamese_key;
