//! The command line in the editor's language: which language `--help` and usage errors speak,
//! the help text of every flag in Vietnamese and English, and clap's own words translated.
//!
//! How a command gets its help in both languages: every `about` and `help` in
//! [`super::cli`] is written as `t("Tiếng Việt", "English")` (see [`super::cli::t`]) instead of a doc
//! comment; [`command`] builds the clap command in the chosen language and translates what
//! clap writes itself (headings, `[default: …]`, `--help`, `--version`). A unit test fails
//! when an argument or command has no Vietnamese text of its own.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::cli::{with_help_lang, Cli};
use crate::messages::Lang;

/// The language of `--help` and usage errors: `--lang` when given; else Vietnamese when the
/// site (its site.toml `language`) or the environment's locale (LC_ALL, LC_MESSAGES, LANG) is
/// Vietnamese; else English.
pub fn lang_of(args: &[OsString]) -> Lang {
    if let Some(lang) = flag_value(args, "--lang").and_then(|v| match v.as_str() {
        "vi" => Some(Lang::Vi),
        "en" => Some(Lang::En),
        _ => None,
    }) {
        return lang;
    }
    if site_lang(&root_of(args)) == Some(Lang::Vi) || env_lang() == Some(Lang::Vi) {
        Lang::Vi
    } else {
        Lang::En
    }
}

/// The folder `--root` names, or the current folder.
pub fn root_of(args: &[OsString]) -> PathBuf {
    flag_value(args, "--root").map_or_else(|| PathBuf::from("."), PathBuf::from)
}

/// The value of `--flag VALUE` or `--flag=VALUE`, read before clap parses anything.
fn flag_value(args: &[OsString], flag: &str) -> Option<String> {
    let mut iter = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == flag {
            return iter.next().map(|v| v.into_owned());
        }
        if let Some(value) = arg.strip_prefix(flag).and_then(|r| r.strip_prefix('=')) {
            return Some(value.to_string());
        }
    }
    None
}

/// The language of the site under `root`, when it has a readable site.toml.
fn site_lang(root: &Path) -> Option<Lang> {
    let text = std::fs::read_to_string(root.join("content/site.toml")).ok()?;
    Some(Lang::sniff_site_toml(&text))
}

/// The language of the messages locale, in POSIX order: LC_ALL, then LC_MESSAGES, then LANG.
fn env_lang() -> Option<Lang> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .map(|value| if value.starts_with("vi") { Lang::Vi } else { Lang::En })
}

/// The slugs a flag of the command line may take, listed in its help.
#[derive(Debug, Default, Clone)]
pub struct Slugs {
    pub audiences: Vec<String>,
    pub campaigns: Vec<String>,
    pub topics: Vec<String>,
}

/// The clap command of `loa` in `lang`, with the site's slugs listed under the flags that take
/// them.
pub fn command(lang: Lang, slugs: &Slugs) -> Command {
    let cmd = with_help_lang(lang, Cli::command);
    localise(cmd, lang, slugs, true)
}

/// Applies the language to clap's own words in `cmd` and its subcommands, and lists slugs.
fn localise(cmd: Command, lang: Lang, slugs: &Slugs, top: bool) -> Command {
    let mut cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading(lang.pick("Lệnh", "Commands"))
        .subcommand_value_name(lang.pick("LỆNH", "COMMAND"))
        .help_template(lang.pick(
            "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}",
            "{before-help}{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}",
        ))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(lang.pick("In trợ giúp này", "Print this help")),
        );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(lang.pick("In số phiên bản", "Print the version")),
        );
    }
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_string()).collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| localise(sub, lang, slugs, false));
    }
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |arg| localise_arg(arg, lang, slugs));
    }
    cmd
}

/// Headings, the default value and the possible values of `arg`, in `lang`, and the site's
/// slugs when the flag takes an audience, a campaign or a topic.
fn localise_arg(arg: Arg, lang: Lang, slugs: &Slugs) -> Arg {
    let heading =
        if arg.is_positional() { lang.pick("Tham số", "Arguments") } else { lang.pick("Tuỳ chọn", "Options") };
    let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let (slug_list, noun) = match arg.get_id().as_str() {
        "audiences" => (&slugs.audiences, lang.pick("đối tượng của cổng", "the site's audiences")),
        "campaign" => (&slugs.campaigns, lang.pick("chiến dịch của cổng", "the site's campaigns")),
        "topics" => (&slugs.topics, lang.pick("chủ đề của cổng", "the site's topics")),
        _ => (&Vec::new(), ""),
    };
    if !slug_list.is_empty() {
        let _ = write!(help, " [{noun}: {}]", slug_list.join(", "));
    }
    let possible: Vec<String> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect()
    };
    if !possible.is_empty() && arg.get_action().takes_values() {
        let _ = write!(help, " [{}: {}]", lang.pick("giá trị", "possible values"), possible.join(", "));
    }
    let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && !arg.is_hide_default_value_set() && arg.get_action().takes_values() {
        let _ = write!(help, " [{}: {}]", lang.pick("mặc định", "default"), defaults.join(","));
    }
    let arg = arg.help_heading(heading).help(help);
    if arg.get_action().takes_values() {
        arg.hide_default_value(true).hide_possible_values(true)
    } else {
        arg
    }
}

/// What the command line asked for, or the exit code it ended with after printing help, the
/// version or a usage error.
pub fn parse(args: Vec<OsString>) -> Result<Cli, u8> {
    use clap::FromArgMatches;
    let args = help_subcommand(args);
    let lang = lang_of(&args);
    let wants_help = args.iter().skip(1).any(|a| a == "-h" || a == "--help");
    let slugs = if wants_help { site_slugs(&root_of(&args)) } else { Slugs::default() };
    let mut cmd = command(lang, &slugs);
    let matches = cmd.try_get_matches_from_mut(args);
    match matches.and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => Ok(cli),
        Err(e) => Err(report(&e, lang)),
    }
}

/// `loa help [COMMAND]` is `loa [COMMAND] --help`.
fn help_subcommand(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    args
}

/// Prints what clap stopped with and returns the exit code: help and version on standard
/// output (0), a usage error on standard error (2).
fn report(e: &clap::Error, lang: Lang) -> u8 {
    use std::io::Write;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = localise_rendered(&e.render().to_string(), lang);
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let text = localise_rendered(&e.render().to_string(), lang);
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            2
        }
        _ => {
            let _ = std::io::stderr().lock().write_all(error_text(e, lang).as_bytes());
            2
        }
    }
}

/// The placeholders clap writes into usage lines, in `lang`.
fn localise_rendered(text: &str, lang: Lang) -> String {
    match lang {
        Lang::En => text.to_string(),
        Lang::Vi => text.replace("[OPTIONS]", "[TUỲ CHỌN]").replace("Usage:", "Cách dùng:"),
    }
}

/// A usage error in `lang`: what is wrong, the closest valid choice, the usage line and where
/// to read more.
pub fn error_text(e: &clap::Error, lang: Lang) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(v.iter().map(StyledStr::to_string).collect::<Vec<_>>().join(", ")),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let valid = text(ContextKind::ValidValue).or_else(|| text(ContextKind::ValidSubcommand));
    let source = std::error::Error::source(e).map(|s| s.to_string());
    let message = match (e.kind(), lang) {
        (ErrorKind::UnknownArgument, Lang::Vi) => format!("không có tuỳ chọn `{arg}`"),
        (ErrorKind::UnknownArgument, Lang::En) => format!("unexpected argument `{arg}`"),
        (ErrorKind::InvalidSubcommand, Lang::Vi) => {
            format!("không có lệnh `{}`", text(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        (ErrorKind::InvalidSubcommand, Lang::En) => {
            format!("unrecognized command `{}`", text(ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        (ErrorKind::InvalidValue, Lang::Vi) if value.is_empty() => format!("`{arg}` cần một giá trị"),
        (ErrorKind::InvalidValue, Lang::En) if value.is_empty() => format!("`{arg}` needs a value"),
        (ErrorKind::InvalidValue | ErrorKind::ValueValidation, Lang::Vi) => {
            let why = source.map(|s| format!(" ({})", translate_source(&s, lang))).unwrap_or_default();
            format!("giá trị `{value}` không hợp lệ cho `{arg}`{why}")
        }
        (ErrorKind::InvalidValue | ErrorKind::ValueValidation, Lang::En) => {
            let why = source.map(|s| format!(" ({s})")).unwrap_or_default();
            format!("invalid value `{value}` for `{arg}`{why}")
        }
        (ErrorKind::MissingRequiredArgument, Lang::Vi) => format!("thiếu tham số bắt buộc: {arg}"),
        (ErrorKind::MissingRequiredArgument, Lang::En) => format!("missing required argument: {arg}"),
        (ErrorKind::MissingSubcommand, Lang::Vi) => "cần chọn một lệnh".to_string(),
        (ErrorKind::MissingSubcommand, Lang::En) => "a command is required".to_string(),
        (ErrorKind::ArgumentConflict, Lang::Vi) => {
            format!("`{arg}` không dùng cùng với `{}`", text(ContextKind::PriorArg).unwrap_or_default())
        }
        (ErrorKind::ArgumentConflict, Lang::En) => {
            format!("`{arg}` cannot be used with `{}`", text(ContextKind::PriorArg).unwrap_or_default())
        }
        (ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues, Lang::Vi) => {
            format!("số giá trị cho `{arg}` không đúng")
        }
        (ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues, Lang::En) => {
            format!("wrong number of values for `{arg}`")
        }
        (ErrorKind::InvalidUtf8, Lang::Vi) => "tham số không phải UTF-8 hợp lệ".to_string(),
        (_, Lang::Vi) => format!("cách gọi lệnh không đúng ({:?})", e.kind()),
        (_, Lang::En) => {
            // clap's own wording, without its usage lines (ours follow).
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    let mut out = format!("{}: {message}\n", lang.pick("lỗi", "error"));
    let suggested = text(ContextKind::SuggestedArg)
        .or_else(|| text(ContextKind::SuggestedSubcommand))
        .or_else(|| text(ContextKind::SuggestedValue));
    if let Some(s) = suggested {
        let _ = writeln!(out, "  {}: {}", lang.pick("gợi ý", "hint"), crate::diag::suggestion(&s).get(lang));
    } else if let Some(valid) = valid.filter(|_| matches!(e.kind(), ErrorKind::InvalidValue)) {
        let _ = writeln!(out, "  {}: {valid}", lang.pick("các giá trị được nhận", "possible values"));
    }
    if let Some(usage) = text(ContextKind::Usage) {
        let _ = writeln!(out, "\n{}", localise_rendered(usage.trim_end(), lang));
    }
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick("Xem thêm: thêm `--help` vào cuối lệnh.", "For more, add `--help` to the command.")
    );
    out
}

/// The value parsers' explanations (range checks, numbers) in `lang`.
fn translate_source(source: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return source.to_string();
    }
    if let Some((value, range)) = source.split_once(" is not in ") {
        return format!("{value} nằm ngoài khoảng {range}");
    }
    if source.contains("invalid digit") {
        return "không phải một số".to_string();
    }
    if source.contains("cannot parse integer from empty string") {
        return "chưa có số".to_string();
    }
    if source.contains("invalid IP address syntax") {
        return "không phải địa chỉ IP".to_string();
    }
    source.to_string()
}

/// The slugs of the site under `root` that flags take, for the help; none when the site cannot
/// be read (help must work anywhere).
fn site_slugs(root: &Path) -> Slugs {
    use crate::content::{Config, Kind};
    use crate::diag::Diagnostics;
    use crate::site::{load_site, Options, Preview};
    let Ok(config) = Config::load(&root.join("content/site.toml"), Path::new("content/site.toml")) else {
        return Slugs::default();
    };
    let topics = config.topics.as_ref().map(|t| t.keys().cloned().collect()).unwrap_or_default();
    let options = Options { now: jiff::Timestamp::now(), preview: Preview { future: true, drafts: true } };
    let mut ignored = Diagnostics::default();
    let Ok(site) = load_site(root, config, options, &mut ignored) else {
        return Slugs { topics, ..Slugs::default() };
    };
    let of = |kind: Kind| -> Vec<String> {
        let mut list: Vec<String> = site
            .items
            .iter()
            .filter(|i| i.kind == kind && i.lang == site.config.language)
            .map(|i| i.slug.clone())
            .collect();
        list.sort();
        list.dedup();
        list
    };
    Slugs { audiences: of(Kind::Audience), campaigns: of(Kind::Campaign), topics }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_commands(cmd: &Command) -> Vec<&Command> {
        let mut out = vec![cmd];
        for sub in cmd.get_subcommands() {
            out.extend(all_commands(sub));
        }
        out
    }

    /// Every command and argument has help of its own in Vietnamese (written with `t`).
    #[test]
    fn every_flag_has_vietnamese_help() {
        let (vi, en) = (command(Lang::Vi, &Slugs::default()), command(Lang::En, &Slugs::default()));
        for (v, e) in all_commands(&vi).into_iter().zip(all_commands(&en)) {
            let name = v.get_name();
            let about = |c: &Command| c.get_about().map(|a| a.to_string());
            assert!(about(v).is_some(), "`loa {name}` has no about");
            assert_ne!(about(v), about(e), "`loa {name}`: the about is not written with t(vi, en)");
            for (a, b) in v.get_arguments().zip(e.get_arguments()) {
                let help = |x: &Arg| x.get_help().map(|h| h.to_string()).unwrap_or_default();
                assert!(!help(a).is_empty(), "`loa {name}` {}: no help", a.get_id());
                assert_ne!(help(a), help(b), "`loa {name}` {}: help not written with t(vi, en)", a.get_id());
            }
        }
    }

    #[test]
    fn language_comes_from_the_flag_first() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["loa", "build", "--lang", "en", "--root", "/nonexistent"])), Lang::En);
        assert_eq!(lang_of(&args(&["loa", "build", "--lang=vi"])), Lang::Vi);
        assert_eq!(flag_value(&args(&["loa", "--root=/x"]), "--root").as_deref(), Some("/x"));
    }

    #[test]
    fn slugs_are_listed_under_the_flags_that_take_them() {
        let slugs = Slugs { audiences: vec!["huu-tri".into()], campaigns: vec![], topics: vec!["bhyt".into()] };
        let cmd = command(Lang::Vi, &slugs);
        let new = cmd.find_subcommand("new").expect("loa new");
        let help =
            |id: &str| new.get_arguments().find(|a| a.get_id() == id).and_then(|a| a.get_help()).map(|h| h.to_string());
        assert!(help("audiences").unwrap().ends_with("[đối tượng của cổng: huu-tri]"));
        assert!(help("topics").unwrap().ends_with("[chủ đề của cổng: bhyt]"));
    }
}
