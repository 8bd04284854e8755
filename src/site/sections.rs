//! The sections of a site: one per folder that holds items, per language, titled by its
//! `_index.md` or by a default name.

use std::collections::BTreeSet;

use super::model::{Item, Section};
use super::urls::Urls;
use crate::content::model::Role;
use crate::content::{Config, Kind, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;

/// One section per folder that holds items (pages excepted), per language.
pub(super) fn sections(
    sources: &[Source],
    items: &[Item],
    config: &Config,
    base_path: &str,
    diags: &mut Diagnostics,
) -> Vec<Section> {
    let mut dirs: BTreeSet<(String, String)> = BTreeSet::new();
    for item in items {
        if item.kind != Kind::Page && !item.section.is_empty() {
            // Every ancestor folder of a nested section is a section too.
            let mut dir = item.section.as_str();
            loop {
                dirs.insert((item.lang.clone(), dir.to_string()));
                match dir.rfind('/') {
                    Some(i) => dir = &dir[..i],
                    None => break,
                }
            }
        }
    }
    let mut sections: Vec<Section> = dirs
        .into_iter()
        .map(|(lang, dir)| {
            let url = Urls::new(config, base_path).folder(&lang, &dir);
            Section {
                title: default_section_title(&dir, config, &lang),
                summary: None,
                html: String::new(),
                url,
                lang,
                dir,
            }
        })
        .collect();
    for src in sources.iter().filter(|s| s.role == Role::SectionIndex) {
        match sections.iter_mut().find(|s| s.dir == src.section && s.lang == src.lang) {
            Some(section) => {
                if let Some(t) = &src.front.title {
                    section.title = t.clone();
                }
                section.summary = src.front.summary.clone();
            }
            None => diags.push(
                Diagnostic::warning(
                    &src.shown,
                    1,
                    1,
                    msg!(
                        "tệp _index.md này mô tả một thư mục không có bài nào",
                        "this _index.md describes a folder that has no items"
                    ),
                )
                .with_hint(msg!(
                    "thêm bài vào thư mục, hoặc xóa tệp _index.md",
                    "add articles to the folder, or delete the _index.md"
                )),
            ),
        }
    }
    sections
}

fn default_section_title(dir: &str, config: &Config, lang: &str) -> String {
    let f = &config.folders;
    let vi = lang == "vi";
    let name = if dir == f.audiences {
        if vi {
            "Đối tượng"
        } else {
            "Audiences"
        }
    } else if dir == f.campaigns {
        if vi {
            "Chiến dịch truyền thông"
        } else {
            "Campaigns"
        }
    } else if dir == f.infographics {
        "Infographic"
    } else if dir == f.faq {
        if vi {
            "Hỏi – đáp"
        } else {
            "Questions and answers"
        }
    } else if dir == "tin-tuc" {
        if vi {
            "Tin tức"
        } else {
            "News"
        }
    } else {
        let last = dir.rsplit('/').next().unwrap_or(dir);
        let mut words = last.replace('-', " ");
        if let Some(first) = words.get(..1) {
            words.replace_range(..1, &first.to_uppercase());
        }
        return words;
    };
    name.to_string()
}
