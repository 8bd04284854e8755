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
    /// List the coming changes of the live set (publications, expiries, campaign windows).
    Schedule(ScheduleArgs),
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

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// The folder that holds content/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// List changes as if the clock read T (RFC 3339; without an offset, in the site's time zone).
    #[arg(long, value_name = "T")]
    pub now: Option<String>,
    /// How many days ahead to list.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// Print only the next instant at which the site changes (RFC 3339), or nothing.
    #[arg(long)]
    pub next: bool,
}

impl ScheduleArgs {
    /// The site arguments of a schedule run: no preview flags.
    pub fn site(&self) -> SiteArgs {
        SiteArgs { root: self.root.clone(), now: self.now.clone(), future: false, drafts: false }
    }
}
