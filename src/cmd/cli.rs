//! Arguments of every command, parsed by clap (usage errors exit with code 2).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "loa",
    version,
    about = "Static site generator for public information portals",
    long_about = "loa turns a folder of Markdown articles, infographics, audiences and campaigns (content/) \
                  into a fast, accessible static portal (public/), and never publishes an item before its time.\n\n\
                  Exit codes: 0 success, 1 content errors, 2 usage errors."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build content/ into public/ (or --out).
    Build(BuildArgs),
    /// Validate everything build validates, plus links and images; writes nothing.
    Check(CheckArgs),
}

#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The folder that holds content/ (and optionally themes/).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Build as if the clock read T (RFC 3339; without an offset, in the site's time zone).
    #[arg(long, value_name = "T")]
    pub now: Option<String>,
    /// Preview: include scheduled and expired items, badged. Never deploy such a build.
    #[arg(long)]
    pub future: bool,
    /// Preview: include drafts, badged. Never deploy such a build.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: ROOT/public).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}
