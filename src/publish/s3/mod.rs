//! The `s3` target: S3-compatible object storage. `target.rs` delivers and verifies,
//! `client.rs` makes the requests, `credentials.rs` finds the keys, `headers.rs` decides what
//! each object is stored with.

mod client;
mod credentials;
mod headers;
mod target;

pub use target::S3;
