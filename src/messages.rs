//! The languages loa speaks to editors in, and messages written in both of them.
//!
//! Every message an editor reads (diagnostics, hints, the output of the commands) is written
//! once in Vietnamese and once in English, side by side at the place that raises it, with
//! [`msg!`](crate::msg) or [`Msg::new`]. Which one is shown is decided when it is printed: Vietnamese when
//! the site's language is `vi`, English otherwise or with `--lang en`. Text that comes from a
//! library (a TOML parser's explanation, an I/O error) stays as that library wrote it.

use std::fmt;

/// The language of the messages of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    Vi,
    /// English is the default of the library, so a message without a site behind it (unit
    /// tests, `Display`) reads the same as before localisation.
    #[default]
    En,
}

impl Lang {
    /// The language of a site whose main language is `code`: Vietnamese for "vi", else English.
    pub fn for_site(code: &str) -> Lang {
        if code == "vi" || code.starts_with("vi-") {
            Lang::Vi
        } else {
            Lang::En
        }
    }

    /// `choice` (from `--lang`) if given, else the site's language.
    pub fn choose(choice: Option<Lang>, site_code: &str) -> Lang {
        choice.unwrap_or_else(|| Lang::for_site(site_code))
    }

    /// The language a site.toml that could not be read asks for: its `language = ".."` line,
    /// read without a TOML parser (the file may be broken); Vietnamese when there is none.
    pub fn sniff_site_toml(text: &str) -> Lang {
        for line in text.lines() {
            let Some(rest) = line.trim_start().strip_prefix("language") else { continue };
            let Some(value) = rest.trim_start().strip_prefix('=') else { continue };
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            return Lang::for_site(value);
        }
        Lang::Vi
    }

    /// Picks the text of this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A message in Vietnamese and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Msg {
    pub vi: String,
    pub en: String,
}

impl Msg {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg { vi: vi.into(), en: en.into() }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }

    /// Appends `other` to both languages (to add a detail that exists in one language only,
    /// such as a parser's explanation, pass it as `Msg::from`).
    pub fn and(mut self, other: impl Into<Msg>) -> Msg {
        let other = other.into();
        self.vi.push_str(&other.vi);
        self.en.push_str(&other.en);
        self
    }

    /// Whether either language contains `needle` (for tests and filters).
    pub fn contains(&self, needle: &str) -> bool {
        self.vi.contains(needle) || self.en.contains(needle)
    }
}

/// Text that has no translation (a library's message, a name): the same in both languages.
impl From<String> for Msg {
    fn from(text: String) -> Msg {
        Msg { vi: text.clone(), en: text }
    }
}

impl From<&str> for Msg {
    fn from(text: &str) -> Msg {
        Msg::from(text.to_string())
    }
}

/// English, as the library's default language.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// A [`Msg`] from two format strings, Vietnamese first: `msg!("không có `{key}`", "no `{key}`")`.
/// Both strings may capture the same variables; extra arguments go to both.
#[macro_export]
macro_rules! msg {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::messages::Msg::new(format!($vi), format!($en))
    };
    ($vi:literal, $en:literal, $($arg:tt)+) => {
        $crate::messages::Msg::new(format!($vi, $($arg)+), format!($en, $($arg)+))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_language_decides_unless_chosen() {
        assert_eq!(Lang::choose(None, "vi"), Lang::Vi);
        assert_eq!(Lang::choose(None, "en"), Lang::En);
        assert_eq!(Lang::choose(None, "km"), Lang::En);
        assert_eq!(Lang::choose(Some(Lang::En), "vi"), Lang::En);
    }

    #[test]
    fn sniffs_the_language_of_a_broken_site_toml() {
        assert_eq!(Lang::sniff_site_toml("title = \"x\nlanguage = \"en\"\n"), Lang::En);
        assert_eq!(Lang::sniff_site_toml("title = 5 5\n"), Lang::Vi);
    }

    #[test]
    fn formats_both_languages() {
        let key = "title";
        let m = crate::msg!("thiếu `{key}`", "missing `{key}`");
        assert_eq!(m.get(Lang::Vi), "thiếu `title`");
        assert_eq!(m.get(Lang::En), "missing `title`");
        let n = crate::msg!("{} mục", "{} items", 3);
        assert_eq!((n.vi.as_str(), n.en.as_str()), ("3 mục", "3 items"));
        assert_eq!(Msg::from("VssID").get(Lang::Vi), "VssID");
    }
}
