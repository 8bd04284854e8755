//! The command line: one file per command, sharing the load-and-render steps.

pub mod build;
pub mod check;
pub mod cli;
pub mod common;
mod help_lang;
pub mod import;
pub mod manpages;
pub mod new;
mod new_legal;
mod new_media;
pub mod plan;
pub mod publish;
pub mod report;
pub mod schedule;
pub mod serve;
mod site_args;
pub mod status;
pub mod usage;

pub use cli::{Cli, Command};
