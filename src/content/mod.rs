//! Loading content/: site.toml, front matter, the raw sources and the checked model.

pub mod agency;
pub mod config;
pub mod config_urls;
pub mod frontmatter;
pub mod legal_fields;
pub mod load;
pub mod media;
pub mod model;
pub mod publish;
mod s3_values;
pub mod toml_words;

pub use config::Config;
pub use load::{load, Broken, Loaded};
pub use model::{Kind, Source};
