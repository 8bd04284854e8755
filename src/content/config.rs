//! site.toml: the raw file as written, and the checked site configuration built from it.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::tz::TimeZone;
use serde::Deserialize;

pub use super::agency::Agency;
use super::agency::{agency, RawAgency};
pub use super::config_urls::find_line;
use super::publish::PublishSettings;
use crate::diag::{did_you_mean, suggestion, Diagnostic};
use crate::messages::Msg;
use crate::msg;
use crate::text::slugify;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    description: Option<String>,
    language: Option<String>,
    timezone: Option<String>,
    theme: Option<String>,
    hotline: Option<String>,
    paginate: Option<i64>,
    allow_raw_html: Option<bool>,
    folders: Option<RawFolders>,
    topics: Option<BTreeMap<String, String>>,
    menus: Option<BTreeMap<String, Vec<RawMenuItem>>>,
    languages: Option<BTreeMap<String, RawLanguage>>,
    /// Checked by [`super::publish::parse`], which needs the spans.
    #[allow(dead_code)]
    publish: Option<toml::Value>,
    import: Option<RawImport>,
    agency: Option<RawAgency>,
}

/// `[import]`: where `loa import` writes, and how the source portal's slugs map to this one's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport {
    section: Option<String>,
    audiences: Option<BTreeMap<String, String>>,
    campaigns: Option<BTreeMap<String, String>>,
    topics: Option<BTreeMap<String, String>>,
}

/// `[import]` of site.toml: the content folder imported items go to (default "tin-tuc") and
/// the source's audience, campaign and topic slugs mapped to this site's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSettings {
    pub section: Option<String>,
    pub audiences: BTreeMap<String, String>,
    pub campaigns: BTreeMap<String, String>,
    pub topics: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFolders {
    audiences: Option<String>,
    campaigns: Option<String>,
    infographics: Option<String>,
    faq: Option<String>,
    legal: Option<String>,
    pages: Option<String>,
    topics: Option<String>,
    calendar: Option<String>,
    search: Option<String>,
    contact: Option<String>,
    videos: Option<String>,
    photo_stories: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuItem {
    name: String,
    url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    /// The language's name in itself, for the language switcher ("English", "Hmoob").
    name: Option<String>,
    title: Option<String>,
    description: Option<String>,
    menus: Option<BTreeMap<String, Vec<RawMenuItem>>>,
    /// Topic slug → display name in this language.
    topics: Option<BTreeMap<String, String>>,
    /// A UI-strings file for this language, relative to the site root.
    strings: Option<String>,
}

const CONFIG_FIELDS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "timezone",
    "theme",
    "hotline",
    "paginate",
    "allow_raw_html",
    "folders",
    "topics",
    "menus",
    "languages",
    "publish",
    "import",
    "agency",
];

/// The folders that hold the special kinds, relative to content/.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub audiences: String,
    pub campaigns: String,
    pub infographics: String,
    pub faq: String,
    /// Legal documents (văn bản).
    pub legal: String,
    pub pages: String,
    /// URL prefix of the topic pages (topics have no folder of their own).
    pub topics: String,
    /// URL of the campaign calendar page and its iCalendar feed.
    pub calendar: String,
    /// URL of the search page and its index files.
    pub search: String,
    /// URL of the contact page made from `[agency]` (or of the site's own page there).
    pub contact: String,
    pub videos: String,
    pub photo_stories: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
}

/// A language the site publishes in besides its main one.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    /// The language's name in itself ("English").
    pub name: String,
    pub title: String,
    pub description: String,
    pub menu: Vec<MenuItem>,
    /// Topic slug → display name in this language; a topic not named here shows its
    /// main-language name, marked as such.
    pub topics: BTreeMap<String, String>,
    /// A UI-strings file given in site.toml, relative to the site root.
    pub strings: Option<String>,
}

/// The checked configuration of a site.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute, without a trailing slash.
    pub base_url: String,
    pub description: String,
    pub language: String,
    pub timezone: TimeZone,
    pub timezone_name: String,
    pub theme: String,
    pub hotline: Option<String>,
    pub paginate: usize,
    pub allow_raw_html: bool,
    pub folders: Folders,
    /// Declared topics, slug → display name; `None` accepts any topic slug.
    pub topics: Option<BTreeMap<String, String>>,
    pub menu: Vec<MenuItem>,
    /// The main language's name in itself ("Tiếng Việt").
    pub language_name: String,
    pub languages: Vec<Language>,
    /// Where `loa publish` delivers the site (`[publish]`).
    pub publish: PublishSettings,
    /// How `loa import` maps another portal's items (`[import]`).
    pub import: ImportSettings,
    /// Who publishes the portal (`[agency]`).
    pub agency: Agency,
}

impl Config {
    /// Reads and checks `content/site.toml`; every problem comes back as a diagnostic.
    pub fn load(path: &Path, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        let bytes = std::fs::read(path).map_err(|e| {
            vec![Diagnostic::error(shown, 0, 0, msg!("không đọc được site.toml: {e}", "cannot read site.toml: {e}"))
                .with_hint(Msg::new(
                    "mỗi cổng cần tệp content/site.toml có ít nhất `title` và `base_url`",
                    "every site needs content/site.toml with at least `title` and `base_url`",
                ))]
        })?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return Err(vec![Diagnostic::error(
                    shown,
                    0,
                    0,
                    Msg::new("site.toml không phải văn bản UTF-8", "site.toml is not UTF-8 text"),
                )
                .with_hint(Msg::new(
                    "lưu lại tệp dưới dạng UTF-8 trong trình soạn thảo",
                    "save the file as UTF-8 in your editor",
                ))])
            }
        };
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        Self::parse(&text, shown)
    }

    pub fn parse(text: &str, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        let table: toml::Table = toml::from_str(text).map_err(|e| vec![toml_diag(text, shown, &e)])?;
        let mut errors = Vec::new();
        for key in table.keys() {
            if !CONFIG_FIELDS.contains(&key.as_str()) {
                let fields = CONFIG_FIELDS.join(", ");
                let hint = did_you_mean(key, CONFIG_FIELDS.iter().copied())
                    .map(suggestion)
                    .unwrap_or_else(|| msg!("site.toml nhận các trường: {fields}", "site.toml accepts: {fields}"));
                let message = msg!("site.toml không có trường `{key}`", "unknown field `{key}` in site.toml");
                errors.push(Diagnostic::error(shown, find_line(text, key), 1, message).with_hint(hint));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let raw: RawConfig = toml::from_str(text).map_err(|e| vec![toml_diag(text, shown, &e)])?;
        Self::check(raw, text, shown)
    }

    /// The configuration `raw` describes, checked field group by field group; every problem
    /// of every group comes back, in the file's order of concerns.
    fn check(raw: RawConfig, text: &str, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
        let mut c = Checker { text, shown, errors: Vec::new() };
        let base_url = raw.base_url.trim().trim_end_matches('/').to_string();
        super::config_urls::base_url(&base_url, text, shown, &mut c.errors);
        let timezone_name = raw.timezone.unwrap_or_else(|| "Asia/Ho_Chi_Minh".to_string());
        let timezone = c.timezone(&timezone_name);
        let paginate = c.paginate(raw.paginate);
        let folders = folders(raw.folders.unwrap_or_default());
        c.topic_slugs(raw.topics.as_ref());
        let language = raw.language.unwrap_or_else(|| "vi".into());
        let site = SiteLanguage { code: &language, title: &raw.title, topics: raw.topics.as_ref() };
        let Languages { main_name: language_name, others: languages } =
            c.languages(raw.languages.unwrap_or_default(), &site);
        c.folder_urls(&folders, &language, &languages);
        let main_menu = menu(raw.menus);
        for items in std::iter::once(&main_menu).chain(languages.iter().map(|l| &l.menu)) {
            super::config_urls::menu(items.iter().map(|m| m.url.as_str()), text, shown, &mut c.errors);
        }
        let import = raw.import.map_or_else(ImportSettings::default, import_settings);
        let agency = agency(raw.agency.unwrap_or_default(), text, shown, &mut c.errors);
        let publish = super::publish::parse(text, shown).unwrap_or_else(|publish_errors| {
            c.errors.extend(publish_errors);
            PublishSettings::default()
        });
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        Ok(Config {
            title: raw.title,
            base_url,
            description: raw.description.unwrap_or_default(),
            language,
            timezone,
            timezone_name,
            theme: raw.theme.unwrap_or_else(|| "default".into()),
            hotline: raw.hotline,
            paginate,
            allow_raw_html: raw.allow_raw_html.unwrap_or(false),
            folders,
            topics: raw.topics,
            menu: main_menu,
            language_name,
            languages,
            publish,
            import,
            agency,
        })
    }

    /// Every language code the site publishes in, the main one first.
    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.language.as_str()).chain(self.languages.iter().map(|l| l.code.as_str()))
    }

    /// A language's name in itself, for the language switcher.
    pub fn language_name<'a>(&'a self, code: &'a str) -> &'a str {
        if code == self.language {
            return &self.language_name;
        }
        self.languages.iter().find(|l| l.code == code).map_or(code, |l| l.name.as_str())
    }

    /// A topic's display name in `lang`, and whether it is a fallback to the main language.
    pub fn topic_name<'a>(&'a self, lang: &str, slug: &str, main_name: &'a str) -> (&'a str, bool) {
        if lang == self.language {
            return (main_name, false);
        }
        match self.languages.iter().find(|l| l.code == lang).and_then(|l| l.topics.get(slug)) {
            Some(name) => (name, false),
            None => (main_name, true),
        }
    }

    /// The URL prefix of a language: empty for the main one, "/en" for the others.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.language {
            String::new()
        } else {
            format!("/{lang}")
        }
    }
}

/// site.toml as it is checked: its text (to find a value's line) and the problems found so far.
struct Checker<'a> {
    text: &'a str,
    shown: &'a Path,
    errors: Vec<Diagnostic>,
}

/// What a translation takes from the main language when it does not say otherwise.
struct SiteLanguage<'a> {
    code: &'a str,
    title: &'a str,
    /// The declared topics, which a translation may name.
    topics: Option<&'a BTreeMap<String, String>>,
}

/// The languages of `[languages]`: the main one's name in itself, and the others.
struct Languages {
    main_name: String,
    others: Vec<Language>,
}

impl Checker<'_> {
    /// An error at the line where `needle` first appears.
    fn error_at(&mut self, needle: &str, message: Msg, hint: Msg) {
        let line = find_line(self.text, needle);
        self.errors.push(Diagnostic::error(self.shown, line, 1, message).with_hint(hint));
    }

    /// The time zone named by `timezone`; UTC (with an error) when there is no such zone.
    fn timezone(&mut self, name: &str) -> TimeZone {
        match TimeZone::get(name) {
            Ok(tz) => tz,
            Err(_) => {
                self.error_at(
                    "timezone",
                    msg!("không có múi giờ `{name}`", "unknown time zone `{name}`"),
                    Msg::new("dùng tên IANA như \"Asia/Ho_Chi_Minh\"", "use an IANA name such as \"Asia/Ho_Chi_Minh\""),
                );
                TimeZone::UTC
            }
        }
    }

    /// Items per list page: 20 unless `paginate` says otherwise, from 1 to 1000.
    fn paginate(&mut self, paginate: Option<i64>) -> usize {
        match paginate {
            None => 20,
            Some(n) if (1..=1000).contains(&n) => n as usize,
            Some(n) => {
                self.error_at(
                    "paginate",
                    msg!("paginate = {n} nằm ngoài khoảng cho phép", "paginate = {n} is out of range"),
                    Msg::new(
                        "ghi số mục trên mỗi trang danh sách, từ 1 đến 1000, ví dụ 20",
                        "use a number of items per list page from 1 to 1000, e.g. 20",
                    ),
                );
                20
            }
        }
    }

    /// Every declared topic must be a URL slug: it is part of its page's address.
    fn topic_slugs(&mut self, topics: Option<&BTreeMap<String, String>>) {
        for slug in topics.into_iter().flat_map(BTreeMap::keys) {
            if slugify(slug) != *slug {
                let good = slugify(slug);
                self.error_at(
                    slug,
                    msg!("chủ đề `{slug}` không phải slug URL", "topic slug `{slug}` is not a URL slug"),
                    msg!(
                        "dùng chữ ASCII thường nối bằng dấu gạch ngang, ví dụ `{good}`",
                        "use lowercase ASCII words joined by hyphens, e.g. `{good}`"
                    ),
                );
            }
        }
    }

    /// The languages of `[languages]`, each checked; the main language's own table may only
    /// rename it (its title and menus are the site's).
    fn languages(&mut self, raw: BTreeMap<String, RawLanguage>, site: &SiteLanguage<'_>) -> Languages {
        let mut main_name = endonym(site.code).unwrap_or(site.code).to_string();
        let mut others = Vec::new();
        for (code, lang) in raw {
            if code == site.code {
                if let Some(name) = lang.name {
                    main_name = name;
                }
                continue;
            }
            self.language_code(&code);
            if let (Some(declared), Some(named)) = (site.topics, &lang.topics) {
                self.translated_topics(&code, declared, named);
            }
            others.push(language(code, lang, site.title));
        }
        Languages { main_name, others }
    }

    /// A language's code must be a BCP 47 tag: it is the prefix of its pages' addresses.
    fn language_code(&mut self, code: &str) {
        if !is_language_code(code) {
            self.error_at(
                code,
                msg!("`{code}` không phải mã ngôn ngữ", "`{code}` is not a language code"),
                Msg::new(
                    "dùng mã BCP 47 như \"en\", \"km\" hoặc \"hmn\"",
                    "use a BCP 47 code such as \"en\", \"km\" or \"hmn\"",
                ),
            );
        }
    }

    /// A translation may name only topics `[topics]` declares.
    fn translated_topics(&mut self, code: &str, declared: &BTreeMap<String, String>, named: &BTreeMap<String, String>) {
        for slug in named.keys().filter(|s| !declared.contains_key(*s)) {
            let hint = did_you_mean(slug, declared.keys().map(String::as_str)).map(suggestion).unwrap_or_else(|| {
                Msg::new(
                    "khai báo chủ đề trong bảng [topics] trước, rồi mới dịch tên",
                    "declare the topic in the [topics] table first, then translate its name",
                )
            });
            self.error_at(
                slug,
                msg!(
                    "[languages.{code}.topics] dịch tên chủ đề `{slug}` không có trong [topics]",
                    "[languages.{code}.topics] names a topic `{slug}` that [topics] does not declare"
                ),
                hint,
            );
        }
    }

    /// Every folder name must make a usable address in every language.
    fn folder_urls(&mut self, folders: &Folders, main: &str, languages: &[Language]) {
        let codes: Vec<&str> = std::iter::once(main).chain(languages.iter().map(|l| l.code.as_str())).collect();
        let named = [
            ("audiences", folders.audiences.as_str()),
            ("campaigns", &folders.campaigns),
            ("infographics", &folders.infographics),
            ("faq", &folders.faq),
            ("legal", &folders.legal),
            ("pages", &folders.pages),
            ("topics", &folders.topics),
            ("calendar", &folders.calendar),
            ("search", &folders.search),
            ("contact", &folders.contact),
            ("videos", &folders.videos),
            ("photo_stories", &folders.photo_stories),
        ];
        super::config_urls::folders(&named, &codes, self.text, self.shown, &mut self.errors);
    }
}

/// The folder of each kind of content and page: as `[folders]` names it, or the default.
fn folders(folders: RawFolders) -> Folders {
    Folders {
        audiences: folders.audiences.unwrap_or_else(|| "doi-tuong".into()),
        campaigns: folders.campaigns.unwrap_or_else(|| "chien-dich".into()),
        infographics: folders.infographics.unwrap_or_else(|| "infographic".into()),
        faq: folders.faq.unwrap_or_else(|| "hoi-dap".into()),
        legal: folders.legal.unwrap_or_else(|| "van-ban".into()),
        pages: folders.pages.unwrap_or_else(|| "trang".into()),
        topics: folders.topics.unwrap_or_else(|| "chu-de".into()),
        calendar: folders.calendar.unwrap_or_else(|| "lich".into()),
        search: folders.search.unwrap_or_else(|| "tim-kiem".into()),
        contact: folders.contact.unwrap_or_else(|| "lien-he".into()),
        videos: folders.videos.unwrap_or_else(|| "video".into()),
        photo_stories: folders.photo_stories.unwrap_or_else(|| "phong-su-anh".into()),
    }
}

/// A translation: what its table says, the rest as the site's.
fn language(code: String, lang: RawLanguage, site_title: &str) -> Language {
    let name = lang.name.unwrap_or_else(|| endonym(&code).unwrap_or(&code).to_string());
    Language {
        name,
        title: lang.title.unwrap_or_else(|| site_title.to_string()),
        description: lang.description.unwrap_or_default(),
        menu: menu(lang.menus),
        topics: lang.topics.unwrap_or_default(),
        strings: lang.strings,
        code,
    }
}

/// `[import]` with its maps defaulting to empty.
fn import_settings(i: RawImport) -> ImportSettings {
    ImportSettings {
        section: i.section,
        audiences: i.audiences.unwrap_or_default(),
        campaigns: i.campaigns.unwrap_or_default(),
        topics: i.topics.unwrap_or_default(),
    }
}

/// The names of common languages in themselves; any other language names itself in site.toml.
fn endonym(code: &str) -> Option<&'static str> {
    let primary = code.split('-').next().unwrap_or(code);
    Some(match primary {
        "vi" => "Tiếng Việt",
        "en" => "English",
        "fr" => "Français",
        "zh" => "中文",
        "ja" => "日本語",
        "ko" => "한국어",
        "km" => "ភាសាខ្មែរ",
        "lo" => "ພາສາລາວ",
        "th" => "ภาษาไทย",
        _ => return None,
    })
}

fn menu(menus: Option<BTreeMap<String, Vec<RawMenuItem>>>) -> Vec<MenuItem> {
    menus
        .and_then(|mut m| m.remove("main"))
        .unwrap_or_default()
        .into_iter()
        .map(|m| MenuItem { name: m.name, url: m.url })
        .collect()
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .split('-')
            .all(|part| !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn toml_diag(text: &str, shown: &Path, e: &toml::de::Error) -> Diagnostic {
    let explained = super::toml_words::explain(text, 1, e);
    let message =
        Msg::new(format!("site.toml: {}", explained.message.vi), format!("site.toml: {}", explained.message.en));
    Diagnostic::error(shown, explained.line, explained.col, message).with_hint(explained.hint)
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
