//! The command line: one file per command, sharing the load-and-render steps.

pub mod build;
pub mod check;
pub mod cli;
pub mod common;
pub mod import;
pub mod manpages;
pub mod new;
pub mod plan;
pub mod publish;
pub mod report;
pub mod schedule;
pub mod serve;
pub mod status;
pub mod usage;

pub use cli::{Cli, Command};
