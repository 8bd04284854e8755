//! The parts of `loa serve` (which `cmd/serve.rs` runs): builds into memory with only what
//! changed rendered again, the store of the files served, the HTTP server and its reload
//! events, and the watcher of content/, the theme and site.toml.

mod body;
pub mod build;
pub mod http;
mod server;
pub mod store;
pub mod watch;

pub use build::{Builder, Outcome};
pub use server::spawn;
