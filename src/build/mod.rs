//! The one pipeline of `loa build`, `loa check` and `loa serve`: options validated once
//! ([`Options`]), then [`build`] runs load → resolve → render Markdown → indexes → render pages
//! → other outputs, handing every file to one [`crate::output::Sink`].

mod options;
mod pipeline;

pub use options::{Failure, Options};
pub use pipeline::{build, read_config, Built, Reuse};
