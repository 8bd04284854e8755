//! The argument groups several commands share: the site's folder, clock, preview and
//! language (`SiteArgs`), and the text-or-JSON output of check and status.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::help_lang::{lang_parser, t};
use crate::messages::Lang;

#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    #[arg(long, value_name = "DIR", default_value = ".")]
    #[arg(help = t(
        "Thư mục chứa content/ (và themes/ nếu có).",
        "The folder that holds content/ (and optionally themes/)."
    ))]
    pub root: PathBuf,
    #[arg(long, value_name = "T")]
    #[arg(help = t(
        "Dựng như thể đồng hồ chỉ T (RFC 3339; không ghi múi giờ thì theo múi giờ của cổng).",
        "Build as if the clock read T (RFC 3339; without an offset, in the site's time zone)."
    ))]
    pub now: Option<String>,
    #[arg(long)]
    #[arg(help = t(
        "Xem trước: gồm cả bài đã lên lịch và đã hết hạn, có nhãn. Không bao giờ đưa bản dựng này lên mạng.",
        "Preview: include scheduled and expired items, badged. Never deploy such a build."
    ))]
    pub future: bool,
    #[arg(long)]
    #[arg(help = t(
        "Xem trước: gồm cả bản nháp, có nhãn. Không bao giờ đưa bản dựng này lên mạng.",
        "Preview: include drafts, badged. Never deploy such a build."
    ))]
    pub drafts: bool,
    #[arg(long, value_name = "LANG", value_parser = lang_parser())]
    #[arg(help = t(
        "Ngôn ngữ của thông báo: vi hoặc en (mặc định: ngôn ngữ của cổng).",
        "Language of the messages: vi or en (default: the site's language)."
    ))]
    pub lang: Option<Lang>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}
