//! The language of the command line's help: every `about` and `help` is written as
//! `t("Tiếng Việt", "English")`, and [`with_help_lang`] builds the clap command in the editor's
//! language ([`super::usage`] chooses it).

use std::cell::Cell;

use clap::builder::{PossibleValuesParser, TypedValueParser};

use crate::messages::Lang;

thread_local! {
    /// The language [`t`] picks while the clap command is being built.
    static HELP_LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The help text in the language the command line is being built in: write every `about`
/// and `help` of the command line as `help = t("Tiếng Việt", "English")`.
pub fn t(vi: &'static str, en: &'static str) -> &'static str {
    HELP_LANG.with(|lang| lang.get().pick(vi, en))
}

/// Runs `build` (which builds the clap command) with [`t`] picking `lang`.
pub fn with_help_lang<T>(lang: Lang, build: impl FnOnce() -> T) -> T {
    let previous = HELP_LANG.with(|l| l.replace(lang));
    let made = build();
    HELP_LANG.with(|l| l.set(previous));
    made
}

/// `--lang vi|en`: the language of messages (default: the site's language).
pub(super) fn lang_parser() -> impl TypedValueParser<Value = Lang> {
    PossibleValuesParser::new(["vi", "en"]).map(|s| if s == "vi" { Lang::Vi } else { Lang::En })
}
