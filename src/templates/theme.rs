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
    "infographic.html",
    "audience.html",
    "campaign.html",
    "list.html",
    "gallery.html",
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
);
const STATIC: &[(&str, &str)] = embed!("static", "style.css", "highlight.css");
const STRINGS: &[(&str, &str)] = embed!("i18n", "vi.toml", "en.toml");

/// Templates, static files and UI strings, ready to render.
pub struct Theme {
    pub tera: Tera,
    /// Static files by output path ("style.css").
    pub statics: BTreeMap<String, Vec<u8>>,
    /// UI strings per language code; a language without a file falls back to Vietnamese.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
}

impl Theme {
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
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        let list: Vec<(String, String)> = templates.iter().map(|(n, (t, _))| (n.clone(), t.clone())).collect();
        if let Err(e) = tera.add_raw_templates(list) {
            errors.push(template_error(&e, &templates));
        }
        let mut strings = BTreeMap::new();
        for (lang, (text, shown)) in &string_files {
            let shown = shown.clone().unwrap_or_else(|| format!("themes/default/i18n/{lang}.toml").into());
            match toml::from_str::<BTreeMap<String, String>>(text) {
                Ok(map) => {
                    strings.insert(lang.clone(), map);
                }
                Err(e) => {
                    let (line, col) = e.span().map_or((1, 1), |s| crate::diag::line_col(text, s.start));
                    errors.push(
                        Diagnostic::error(shown, line, col, format!("UI strings are not valid: {}", e.message()))
                            .with_hint("each line is key = \"text\""),
                    );
                }
            }
        }
        // Every language falls back to Vietnamese for the strings its file does not have.
        let vi = strings.get("vi").cloned().unwrap_or_default();
        for map in strings.values_mut() {
            for (k, v) in &vi {
                map.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Theme { tera, statics, strings })
    }

    pub fn strings_for(&self, lang: &str) -> &BTreeMap<String, String> {
        self.strings.get(lang).or_else(|| self.strings.get("vi")).unwrap_or_else(|| empty())
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
