//! loa: a static site generator for public information portals.
//!
//! The pipeline is the architecture: `content` loads and validates the folder, `site`
//! resolves references and the live set, `markdown` renders bodies, `templates` renders
//! pages, `output` swaps the result in; `cmd` holds one file per command;
//! `messages` writes what editors read in Vietnamese and English.

pub mod build;
pub mod cmd;
pub mod content;
pub mod diag;
pub mod images;
pub mod import;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod progress;
pub mod publish;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;
pub mod text;
pub mod timing;
