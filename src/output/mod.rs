//! The last stage of the pipeline: check where the site may go, and swap the
//! new build in atomically so a web server never sees a missing or half-written site.

mod commit;
mod destination;
pub mod manifest;
mod media;
mod previous;
mod sink;
mod staging;
mod swap;

pub use commit::{commit, Commit, CommitStats, Files};
pub use destination::{check_destination, check_writable, through_link, UnsafeDestination};
pub use media::content_type;
pub use sink::{Memory, Sink, Tracked};
