//! The theme: the default one embedded in the binary, overridden file by file by the site's
//! `themes/<name>/` (templates/, static/, i18n/).

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::diag::{display_path, Diagnostic};

macro_rules! embed {
    ($kind:literal, $($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $kind, "/", $name)))),+]
    };
}

const TEMPLATES: &[(&str, &str)] = embed!(
    "templates",
    "base.html",
    "macros.html",
    "home.html",
    "article.html",
    "page.html",
    "contact.html",
    "infographic.html",
    "video.html",
    "photo_story.html",
    "audience.html",
    "campaign.html",
    "list.html",
    "gallery.html",
    "legal.html",
    "legal_list.html",
    "faq_list.html",
    "audiences.html",
    "campaigns.html",
    "topics.html",
    "topic.html",
    "calendar.html",
    "section_header.html",
    "related_sidebar.html",
    "404.html",
    "alias.html",
    "search.html",
);
const STATIC: &[(&str, &str)] = embed!("static", "style.css", "highlight.css", "search.js", "video.js", "logo.svg");
const STRINGS: &[(&str, &str)] = embed!("i18n", "vi.toml", "en.toml");

/// The default theme's templates by name, as written.
pub fn default_templates() -> &'static [(&'static str, &'static str)] {
    TEMPLATES
}

/// Templates, static files and UI strings, ready to render.
pub struct Theme {
    pub tera: Tera,
    /// The source of every template by name, for telling which pages a template change touches.
    pub sources: BTreeMap<String, String>,
    /// Static files by output path ("style.css").
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI strings per language code; a language without a file falls back to Vietnamese.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
    /// The strings each language's own file gives (before the Vietnamese fallback), and the
    /// file they came from, for `loa check` to say which ones a language lacks.
    pub own_strings: BTreeMap<String, (std::collections::BTreeSet<String>, String)>,
}

impl Theme {
    /// The `id`s the templates write as they are (`id="noi-dung"`), which a link may point at
    /// on any page.
    pub fn page_ids(&self) -> std::collections::HashSet<String> {
        let mut ids = std::collections::HashSet::new();
        for source in self.sources.values() {
            for part in source.split("id=\"").skip(1) {
                let Some(end) = part.find('"') else { continue };
                let id = &part[..end];
                if !id.is_empty() && !id.contains(['{', '}', ' ']) {
                    ids.insert(id.to_string());
                }
            }
        }
        ids
    }

    /// The default theme with the overrides found under `root/themes/<name>/`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let dir = root.join("themes").join(name);
        if name != "default" && !dir.is_dir() {
            return Err(vec![Diagnostic::error("content/site.toml", 1, 1, format!("theme `{name}` does not exist"))
                .with_hint(format!("create themes/{name}/ or remove the `theme` line to use the default theme"))]);
        }
        Theme::load_dir(root, &dir)
    }

    /// The default theme with the overrides found in `dir` (templates/, static/, i18n/), for
    /// a theme kept outside the site (`loa serve --theme-dir`). A missing `dir` overrides nothing.
    pub fn load_dir(root: &Path, dir: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, (String, Option<std::path::PathBuf>)> =
            TEMPLATES.iter().map(|(n, t)| (n.to_string(), (t.to_string(), None))).collect();
        let mut statics: BTreeMap<String, Vec<u8>> =
            STATIC.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
        let mut string_files: BTreeMap<String, (String, Option<std::path::PathBuf>)> =
            STRINGS.iter().map(|(n, t)| (n.trim_end_matches(".toml").to_string(), (t.to_string(), None))).collect();
        let mut errors = Vec::new();
        for (sub, target) in [("templates", 0), ("static", 1), ("i18n", 2)] {
            let base = dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            for entry in WalkDir::new(&base).sort_by_file_name().into_iter().filter_map(Result::ok) {
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path());
                let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                let shown = display_path(root, entry.path());
                let bytes = match std::fs::read(entry.path()) {
                    Ok(b) => b,
                    Err(e) => {
                        errors.push(Diagnostic::error(&shown, 0, 0, format!("cannot read the file: {e}")));
                        continue;
                    }
                };
                if target == 1 {
                    statics.insert(rel, bytes);
                    continue;
                }
                match String::from_utf8(bytes) {
                    Ok(text) if target == 0 => {
                        templates.insert(rel, (text, Some(shown)));
                    }
                    Ok(text) => {
                        string_files.insert(rel.trim_end_matches(".toml").to_string(), (text, Some(shown)));
                    }
                    Err(_) => errors.push(Diagnostic::error(&shown, 0, 0, "the file is not UTF-8 text")),
                }
            }
        }
        add_icons(root, dir, &mut statics, &mut errors);
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::text::escape_html);
        tera.register_function("picture", super::picture::PictureFunction);
        // Compacted once here, so pages are written as Tera renders them (see compact.rs).
        let list: Vec<(String, String)> =
            templates.iter().map(|(n, (t, _))| (n.clone(), super::compact::compact_template(t))).collect();
        if let Err(e) = tera.add_raw_templates(list) {
            // The lines of an error are those of the compacted text: the original sources,
            // which fail the same way, give the lines the author sees.
            let mut original = Tera::default();
            let list = templates.iter().map(|(n, (t, _))| (n.clone(), t.clone()));
            let e = original.add_raw_templates(list).err().unwrap_or(e);
            errors.push(template_error(&e, &templates));
        }
        let mut strings = BTreeMap::new();
        for (lang, (text, shown)) in &string_files {
            let shown = shown.clone().unwrap_or_else(|| format!("themes/default/i18n/{lang}.toml").into());
            if let Some(map) = parse_strings(text, &shown, &mut errors) {
                strings.insert(lang.clone(), (map, shown.display().to_string()));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let sources = templates.into_iter().map(|(n, (t, _))| (n, t)).collect();
        Ok(Theme::with_fallbacks(tera, sources, statics, strings))
    }

    /// The theme for a site: [`Theme::load`], then the strings files site.toml names for its
    /// languages (`[languages.hmn] strings = "i18n/hmn.toml"`, relative to the site root),
    /// which take the place of the theme's file for that language.
    pub fn load_for(root: &Path, config: &crate::content::Config) -> Result<Theme, Vec<Diagnostic>> {
        Theme::load(root, &config.theme)?.with_site_strings(root, config)?.with_identity(root, config)
    }

    /// This theme in the agency's colours (`[agency] logo` and `brand_colour` of site.toml):
    /// its logo in place of the theme's, the icons and the sharing card drawn again from it,
    /// the stylesheet's brand colours replaced; and the web app manifest in the portal's name.
    pub fn with_identity(mut self, root: &Path, config: &crate::content::Config) -> Result<Theme, Vec<Diagnostic>> {
        super::identity::apply(&mut self.statics, root, config)?;
        Ok(self)
    }

    /// This theme with the strings files site.toml names for its languages in place of the
    /// theme's own file for those languages.
    pub fn with_site_strings(self, root: &Path, config: &crate::content::Config) -> Result<Theme, Vec<Diagnostic>> {
        let theme = self;
        let mut errors = Vec::new();
        let mut own: BTreeMap<String, (BTreeMap<String, String>, String)> = BTreeMap::new();
        for lang in &config.languages {
            let Some(rel) = &lang.strings else { continue };
            let path = root.join(rel);
            let shown = display_path(root, &path);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    if let Some(map) = parse_strings(&text, &shown, &mut errors) {
                        own.insert(lang.code.clone(), (map, shown.display().to_string()));
                    }
                }
                Err(e) => errors.push(
                    Diagnostic::error(
                        "content/site.toml",
                        1,
                        1,
                        crate::msg!(
                            "không đọc được tệp chuỗi giao diện {rel} của ngôn ngữ `{}`: {e}",
                            "cannot read the UI-strings file {rel} of language `{}`: {e}",
                            lang.code
                        ),
                    )
                    .with_hint(crate::msg!(
                        "đường dẫn `strings` tính từ thư mục gốc của cổng (nơi có content/)",
                        "the `strings` path is relative to the site root (the folder that holds content/)"
                    )),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if own.is_empty() {
            return Ok(theme);
        }
        let Theme { tera, sources, statics, strings, own_strings } = theme;
        // Rebuild from each language's own strings, with the site's files in place of the theme's.
        let mut files: BTreeMap<String, (BTreeMap<String, String>, String)> = strings
            .into_iter()
            .filter_map(|(lang, map)| {
                let (keys, shown) = own_strings.get(&lang)?;
                let map = map.into_iter().filter(|(k, _)| keys.contains(k)).collect();
                Some((lang, (map, shown.clone())))
            })
            .collect();
        files.extend(own);
        Ok(Theme::with_fallbacks(tera, sources, statics, files))
    }

    /// Every language falls back to Vietnamese for the strings its file does not have.
    fn with_fallbacks(
        tera: Tera,
        sources: BTreeMap<String, String>,
        statics: BTreeMap<String, Vec<u8>>,
        files: BTreeMap<String, (BTreeMap<String, String>, String)>,
    ) -> Theme {
        // Stylesheets are sent compacted (every page carries them); idempotent, so a theme
        // rebuilt from another is the same.
        let statics = statics
            .into_iter()
            .map(|(name, bytes)| match std::str::from_utf8(&bytes) {
                Ok(text) if name.ends_with(".css") => (name, super::css::compact(text).into_bytes()),
                _ => (name, bytes),
            })
            .collect();
        let vi = files.get("vi").map(|(m, _)| m.clone()).unwrap_or_default();
        let mut strings = BTreeMap::new();
        let mut own_strings = BTreeMap::new();
        for (lang, (mut map, shown)) in files {
            own_strings.insert(lang.clone(), (map.keys().cloned().collect(), shown));
            for (k, v) in &vi {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
            strings.insert(lang, map);
        }
        Theme { tera, sources, statics, strings, own_strings }
    }

    /// A warning for each language of the site whose UI strings are not all its own, naming
    /// the missing ones: pages in that language show them in Vietnamese.
    pub fn missing_strings(&self, root: &Path, config: &crate::content::Config) -> Vec<Diagnostic> {
        let Some(vi) = self.strings.get("vi") else { return Vec::new() };
        let mut out = Vec::new();
        for code in config.language_codes().filter(|c| *c != "vi") {
            let name = config.language_name(code);
            let (missing, shown): (Vec<&str>, String) = match self.own_strings.get(code) {
                Some((own, shown)) => {
                    (vi.keys().filter(|k| !own.contains(*k)).map(String::as_str).collect(), shown.clone())
                }
                None => (vi.keys().map(String::as_str).collect(), "content/site.toml".to_string()),
            };
            if missing.is_empty() {
                continue;
            }
            let count = missing.len();
            let list = missing.join(", ");
            let file = format!("themes/{}/i18n/{code}.toml", config.theme);
            let hint = if self.own_strings.contains_key(code) {
                crate::msg!(
                    "thêm các dòng `khóa = \"...\"` còn thiếu vào {shown}, dịch từ themes/default/i18n/vi.toml",
                    "add the missing `key = \"...\"` lines to {shown}, translated from themes/default/i18n/vi.toml"
                )
            } else {
                crate::msg!(
                    "tạo {file} (dịch từ themes/default/i18n/vi.toml), hoặc ghi `strings = \"đường/dẫn.toml\"` trong [languages.{code}]",
                    "create {file} (translated from themes/default/i18n/vi.toml), or set `strings = \"path.toml\"` in [languages.{code}]"
                )
            };
            let line = if self.own_strings.contains_key(code) { 1 } else { config_line(root, code) };
            out.push(
                Diagnostic::warning(
                    shown,
                    line,
                    1,
                    crate::msg!(
                        "giao diện tiếng {name} ({code}) thiếu {count} chuỗi, sẽ hiện bằng tiếng Việt: {list}",
                        "the {name} ({code}) interface lacks {count} strings, shown in Vietnamese instead: {list}"
                    ),
                )
                .with_hint(hint),
            );
        }
        out
    }

    pub fn strings_for(&self, lang: &str) -> &BTreeMap<String, String> {
        self.strings.get(lang).or_else(|| self.strings.get("vi")).unwrap_or_else(|| empty())
    }
}

/// `favicon.ico` and `apple-touch-icon.png`, drawn from the theme's logo (see
/// [`crate::images::icons`]); a logo that cannot be drawn is an error naming its file.
fn add_icons(root: &Path, dir: &Path, statics: &mut BTreeMap<String, Vec<u8>>, errors: &mut Vec<Diagnostic>) {
    use crate::images::icons;
    let Some(logo) = statics.get(icons::LOGO) else { return };
    match icons::icon_files(logo, false, icons::BRAND) {
        Ok(files) => statics.extend(files),
        Err(e) => {
            let file = dir.join("static").join(icons::LOGO);
            let shown = if file.is_file() {
                display_path(root, &file)
            } else {
                std::path::PathBuf::from(format!("themes/default/static/{}", icons::LOGO))
            };
            errors.push(
                Diagnostic::error(
                    shown,
                    0,
                    0,
                    crate::msg!(
                        "không vẽ được logo thành biểu tượng trang: {e}",
                        "cannot draw the logo into the site icons: {e}"
                    ),
                )
                .with_hint(crate::msg!(
                    "logo phải là tệp SVG hợp lệ (mở được bằng trình duyệt)",
                    "the logo must be a valid SVG file (one a browser opens)"
                )),
            );
        }
    }
}

/// The line of `[languages.<code>]` in the site's site.toml, or 1.
fn config_line(root: &Path, code: &str) -> usize {
    let text = std::fs::read_to_string(root.join("content/site.toml")).unwrap_or_default();
    let table = format!("[languages.{code}]");
    text.lines().position(|l| l.trim() == table).map_or(1, |i| i + 1)
}

/// Parses a UI-strings file (`key = "text"` lines).
fn parse_strings(text: &str, shown: &Path, errors: &mut Vec<Diagnostic>) -> Option<BTreeMap<String, String>> {
    match toml::from_str::<BTreeMap<String, String>>(text) {
        Ok(map) => Some(map),
        Err(e) => {
            let (line, col) = e.span().map_or((1, 1), |s| crate::diag::line_col(text, s.start));
            errors.push(
                Diagnostic::error(shown, line, col, format!("UI strings are not valid: {}", e.message()))
                    .with_hint("each line is key = \"text\""),
            );
            None
        }
    }
}

fn empty() -> &'static BTreeMap<String, String> {
    static EMPTY: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(BTreeMap::new)
}

/// Names the template file and the line of a Tera parse error.
fn template_error(e: &tera::Error, templates: &BTreeMap<String, (String, Option<std::path::PathBuf>)>) -> Diagnostic {
    let chain = error_chain(e);
    let name = templates.keys().find(|n| chain.contains(&format!("'{n}'"))).cloned().unwrap_or_default();
    let shown = templates
        .get(&name)
        .and_then(|(_, p)| p.clone())
        .unwrap_or_else(|| format!("themes/default/templates/{name}").into());
    let (line, col) = chain
        .split("--> ")
        .nth(1)
        .and_then(|rest| {
            let pos = rest.split_whitespace().next()?;
            let (l, c) = pos.split_once(':')?;
            Some((l.parse().ok()?, c.parse().ok()?))
        })
        .unwrap_or((1, 1));
    Diagnostic::error(shown, line, col, format!("template error: {}", chain.replace('\n', " ")))
        .with_hint("check the {{ }} and {% %} tags near this line")
}

/// The message of an error and all its causes, one per line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push('\n');
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// Renders a context with its template.
pub fn render_context(theme: &Theme, template: &str, context: serde_json::Value) -> Result<Vec<u8>, Diagnostic> {
    let ctx = tera::Context::from_value(context).map_err(|e| render_error(template, &e))?;
    render_with(theme, template, &ctx)
}

/// Renders a Tera context with its template.
pub fn render_with(theme: &Theme, template: &str, ctx: &tera::Context) -> Result<Vec<u8>, Diagnostic> {
    // Rendered as bytes: the page is written as Tera outputs it (the theme's sources were
    // compacted when it loaded, see compact.rs), so it is never needed as a String.
    let mut html = Vec::with_capacity(32 * 1024);
    theme.tera.render_to(template, ctx, &mut html).map_err(|e| render_error(template, &e))?;
    Ok(html)
}

/// A template failing at render time; the same failure on many pages is reported once, since
/// the message names the template and not the page.
pub fn render_error(template: &str, e: &tera::Error) -> Diagnostic {
    Diagnostic::error(format!("themes/default/templates/{template}"), 1, 1, error_chain(e).replace('\n', ": "))
        .with_hint("a template uses a value or filter that does not exist; check the override in themes/")
}
