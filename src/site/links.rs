//! Internal links and images in Markdown bodies: a relative path to a source file or image,
//! or a site path, turned into the published URL; ones that lead nowhere are reported.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::resolve::join;
use crate::diag::Diagnostic;
use crate::images::Size;
use crate::markdown::{Embed, ImageInfo, Problem, Resolver};
use crate::messages::Msg;
use crate::msg;

/// Where every link target of the site leads, built once per build.
#[derive(Debug, Default)]
pub struct LinkIndex {
    /// Source path relative to content/ → where a link to it leads.
    pub sources: HashMap<String, Target>,
    /// Site paths without the base path ("/tin-tuc/a/") → included in this build.
    pub paths: HashMap<String, bool>,
    /// Asset files relative to content/.
    pub assets: HashSet<String>,
    pub sizes: HashMap<String, Size>,
    pub base_path: String,
    /// site.toml's `base_url`, to know the site's own full addresses in links.
    pub base_url: String,
    /// Infographics by source path, for the infographic shortcode (included ones only).
    pub infographics: HashMap<String, Infographic>,
}

/// What the infographic shortcode needs of an infographic published in this build.
#[derive(Debug, Clone)]
pub struct Infographic {
    pub url: String,
    pub title: String,
    pub alt: String,
    pub image: crate::site::model::Image,
}

/// Where a link to a source file leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Published in this build, at this URL.
    Included(String),
    /// Exists but is not published in this build (scheduled, expired, draft).
    NotIncluded,
    /// Exists but has errors of its own, already reported; the build fails anyway.
    Broken,
}

/// Resolves the links of one item and remembers which assets it uses.
pub struct ItemResolver<'a> {
    index: &'a LinkIndex,
    dir: &'a str,
    pub used_assets: Mutex<Vec<String>>,
    /// Links to items that exist but are not published in this build (scheduled, expired, drafts).
    pub not_live: Mutex<Vec<String>>,
    /// The images of the body, in order (relative to content/).
    pub images: Mutex<Vec<String>>,
    eager_first: bool,
    lang: &'a str,
}

impl<'a> ItemResolver<'a> {
    pub fn new(index: &'a LinkIndex, dir: &'a str) -> Self {
        ItemResolver {
            index,
            dir,
            used_assets: Mutex::new(Vec::new()),
            not_live: Mutex::new(Vec::new()),
            images: Mutex::new(Vec::new()),
            eager_first: false,
            lang: "vi",
        }
    }

    /// The language of the page, for the words loa writes into it (the shortcode's caption).
    pub fn lang(mut self, lang: &'a str) -> Self {
        self.lang = lang;
        self
    }

    /// The body's first image is the first picture of its page: it loads at once.
    pub fn first_image_eager(mut self, eager: bool) -> Self {
        self.eager_first = eager;
        self
    }

    fn record<T>(list: &Mutex<Vec<T>>, value: T) {
        if let Ok(mut l) = list.lock() {
            l.push(value);
        }
    }

    fn not_live(&self, dest: &str) -> String {
        Self::record(&self.not_live, dest.to_string());
        // An empty target renders as plain text, so the page neither links to a missing page
        // nor reveals the address (and so the title) of an item that is not out yet.
        String::new()
    }
}

fn split_fragment(dest: &str) -> (&str, &str) {
    match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    }
}

impl Resolver for ItemResolver<'_> {
    fn link(&self, dest: &str) -> Result<String, Problem> {
        let (path, fragment) = split_fragment(dest);
        let index = self.index;
        if path.starts_with('/') && !path.ends_with(".md") {
            let site_path = site_path(path);
            if let Some(&included) = index.paths.get(&site_path) {
                return Ok(if included {
                    format!("{}{site_path}{fragment}", index.base_path)
                } else {
                    self.not_live(dest)
                });
            }
            let asset = path.trim_start_matches('/');
            if index.assets.contains(asset) {
                Self::record(&self.used_assets, asset.to_string());
                return Ok(format!("{}/{asset}{fragment}", index.base_path));
            }
            return Err(Problem {
                message: msg!(
                    "liên kết `{dest}` không dẫn tới trang nào của cổng",
                    "link `{dest}` leads to no page of the site"
                ),
                hint: Some(Msg::new(
                    "liên kết tới tệp .md của bài bằng đường dẫn tương đối, ví dụ [bài](../tin-tuc/bai-viet.md)",
                    "link to the article's .md file by its relative path, e.g. [bài](../tin-tuc/bai-viet.md)",
                )),
            });
        }
        let Some(rel) = join(self.dir, path) else {
            let message = msg!("liên kết `{dest}` trỏ ra ngoài content/", "link `{dest}` points outside content/");
            return Err(Problem { message, hint: None });
        };
        let rel_md = if rel.ends_with(".md") || rel.is_empty() { rel.clone() } else { format!("{rel}/index.md") };
        match index.sources.get(&rel_md) {
            Some(Target::Included(url)) => return Ok(format!("{url}{fragment}")),
            Some(Target::NotIncluded) => return Ok(self.not_live(dest)),
            Some(Target::Broken) => return Ok(String::new()),
            None => {}
        }
        if index.assets.contains(&rel) {
            Self::record(&self.used_assets, rel.clone());
            return Ok(format!("{}/{rel}{fragment}", index.base_path));
        }
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let suggestion =
            crate::diag::did_you_mean(name, index.sources.keys().map(|k| k.rsplit('/').next().unwrap_or(k)));
        Err(Problem {
            message: msg!(
                "liên kết `{dest}` không dẫn tới đâu: không có content/{rel}",
                "link `{dest}` leads nowhere: there is no content/{rel}"
            ),
            hint: Some(match suggestion {
                Some(s) => msg!(
                    "có phải ý bạn là `{s}`? đường dẫn tính từ thư mục của tệp này",
                    "did you mean `{s}`? paths are relative to this file's folder"
                ),
                None => Msg::new(
                    "ghi đường dẫn tới tệp .md đích, tính từ tệp này, ví dụ ../tin-tuc/bai-viet.md",
                    "write the path of the target .md file relative to this file, e.g. ../tin-tuc/bai-viet.md",
                ),
            }),
        })
    }

    fn own_path(&self, dest: &str) -> Option<String> {
        crate::markdown::own_path(&self.index.base_url, dest)
    }

    fn image(&self, dest: &str) -> Result<ImageInfo, Problem> {
        let (path, _) = split_fragment(dest);
        let rel = join(self.dir, path).unwrap_or_default();
        if !self.index.assets.contains(&rel) {
            return Err(Problem {
                message: msg!(
                    "ảnh `{dest}` không tồn tại (đã tìm content/{rel})",
                    "image `{dest}` does not exist (looked for content/{rel})"
                ),
                hint: Some(Msg::new(
                    "đặt ảnh trong content/ và ghi đường dẫn tới ảnh, tính từ tệp này",
                    "put the image in content/ and write its path relative to this file",
                )),
            });
        }
        Self::record(&self.used_assets, rel.clone());
        Self::record(&self.images, rel.clone());
        let size = self.index.sizes.get(&rel);
        Ok(ImageInfo {
            url: format!("{}/{rel}", self.index.base_path),
            width: size.map(|s| s.width),
            height: size.map(|s| s.height),
            responsive: size.and_then(|&s| crate::images::responsive(&rel, s)),
        })
    }

    fn base_path(&self) -> &str {
        &self.index.base_path
    }

    fn infographic(&self, dest: &str) -> Result<Option<Embed>, Problem> {
        let (path, _) = split_fragment(dest);
        let rel = join(self.dir, path).unwrap_or_default();
        if let Some(info) = self.index.infographics.get(&rel) {
            Self::record(&self.used_assets, info.image.rel.clone());
            Self::record(&self.images, info.image.rel.clone());
            return Ok(Some(Embed {
                url: info.url.clone(),
                title: info.title.clone(),
                alt: info.alt.clone(),
                image: ImageInfo {
                    url: info.image.url.clone(),
                    width: info.image.width,
                    height: info.image.height,
                    responsive: info.image.responsive.clone(),
                },
                transcript_label: if self.lang == "vi" {
                    "Đọc nội dung bằng chữ"
                } else {
                    "Read the text version"
                }
                .to_string(),
            }));
        }
        match self.index.sources.get(&rel) {
            Some(Target::NotIncluded) => {
                self.not_live(dest);
                Ok(None)
            }
            Some(Target::Broken) => Ok(None),
            Some(Target::Included(_)) => Err(Problem {
                message: msg!("`{dest}` không phải một infographic", "`{dest}` is not an infographic"),
                hint: Some(Msg::new(
                    "shortcode infographic nhúng một tệp trong thư mục infographic; bài viết thì dùng liên kết",
                    "the infographic shortcode embeds a file of the infographic folder; link to articles instead",
                )),
            }),
            None => Err(Problem {
                message: msg!(
                    "shortcode infographic: không có content/{rel}",
                    "infographic shortcode: there is no content/{rel}"
                ),
                hint: Some(Msg::new(
                    "ghi đường dẫn tới tệp .md của infographic, tính từ tệp này, ví dụ ../infographic/ten.md",
                    "write the path of the infographic's .md file relative to this file, e.g. ../infographic/ten.md",
                )),
            }),
        }
    }

    fn first_image_eager(&self) -> bool {
        self.eager_first
    }
}

/// "/tin-tuc/a" → "/tin-tuc/a/"; files ("/atom.xml") stay as they are.
fn site_path(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or("");
    if path.ends_with('/') || last.contains('.') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// Every body link to a `#fragment` of an item checked against the ids that page has: its
/// headings, the `id`s of its body, and `page_ids` (those the theme writes on every page). A
/// link to any other page (a section, a file) is not checked. Only the items of this build.
pub fn check_fragments(items: &[crate::site::Item], page_ids: &HashSet<String>) -> Vec<Diagnostic> {
    let ids_of = |item: &crate::site::Item| -> HashSet<String> {
        let mut ids: HashSet<String> = item.headings.iter().map(|h| h.id.clone()).collect();
        for part in item.html.split(" id=\"").skip(1) {
            if let Some(end) = part.find('"') {
                ids.insert(part[..end].to_string());
            }
        }
        ids
    };
    let by_url: HashMap<&str, &crate::site::Item> = items.iter().map(|i| (i.url.as_str(), i)).collect();
    let mut known: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut out = Vec::new();
    for item in items {
        for link in &item.fragments {
            let page = if link.page.is_empty() { item.url.as_str() } else { link.page.as_str() };
            let Some(target) = by_url.get(page) else { continue };
            let fragment = percent_encoding::percent_decode_str(&link.fragment).decode_utf8_lossy();
            if fragment == "top" || page_ids.contains(fragment.as_ref()) {
                continue;
            }
            let ids = known.entry(page).or_insert_with(|| ids_of(target));
            if ids.contains(fragment.as_ref()) {
                continue;
            }
            let dest = &link.dest;
            let mut listed: Vec<&str> = target.headings.iter().map(|h| h.id.as_str()).collect();
            listed.truncate(8);
            let hint = if listed.is_empty() {
                msg!(
                    "trang đó không có mục nào (tiêu đề ##) để trỏ tới; bỏ phần #{fragment}",
                    "that page has no sections (## headings) to point at; drop the #{fragment}"
                )
            } else {
                let ids = listed.iter().map(|id| format!("#{id}")).collect::<Vec<_>>().join(", ");
                match crate::diag::did_you_mean(&fragment, listed.iter().copied()) {
                    Some(near) => msg!(
                        "có phải ý bạn là #{near}? các mục của trang: {ids}",
                        "did you mean #{near}? the page's sections: {ids}"
                    ),
                    None => msg!("các mục của trang đó: {ids}", "that page's sections: {ids}"),
                }
            };
            out.push(
                Diagnostic::error(
                    &item.shown,
                    link.line,
                    link.col,
                    msg!(
                        "liên kết `{dest}` trỏ tới mục #{fragment} mà trang đó không có",
                        "link `{dest}` points to #{fragment}, which that page does not have"
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> LinkIndex {
        let mut index = LinkIndex { base_path: "/bhxh".into(), ..Default::default() };
        index.sources.insert("tin-tuc/a.md".into(), Target::Included("/bhxh/tin-tuc/a/".into()));
        index.sources.insert("tin-tuc/sap-ra.md".into(), Target::NotIncluded);
        index.sources.insert("tin-tuc/goi/index.md".into(), Target::Included("/bhxh/tin-tuc/goi/".into()));
        index.paths.insert("/tin-tuc/a/".into(), true);
        index.assets.insert("infographic/b.png".into());
        index.sizes.insert("infographic/b.png".into(), Size { width: 800, height: 600 });
        index
    }

    #[test]
    fn relative_md_links_become_urls() {
        let index = index();
        let r = ItemResolver::new(&index, "tin-tuc");
        assert_eq!(r.link("a.md#phan-2").unwrap(), "/bhxh/tin-tuc/a/#phan-2");
        assert_eq!(r.link("goi/").unwrap(), "/bhxh/tin-tuc/goi/");
        assert_eq!(r.link("/tin-tuc/a").unwrap(), "/bhxh/tin-tuc/a/");
        assert!(r.link("khong-co.md").unwrap_err().message.contains("leads nowhere"));
    }

    #[test]
    fn links_to_items_not_out_yet_render_as_text() {
        let index = index();
        let r = ItemResolver::new(&index, "tin-tuc");
        assert_eq!(r.link("sap-ra.md").unwrap(), "");
        assert_eq!(r.not_live.lock().unwrap().as_slice(), ["sap-ra.md"]);
    }

    #[test]
    fn images_resolve_with_size_and_are_recorded() {
        let index = index();
        let r = ItemResolver::new(&index, "tin-tuc");
        let img = r.image("../infographic/b.png").unwrap();
        assert_eq!((img.url.as_str(), img.width, img.height), ("/bhxh/infographic/b.png", Some(800), Some(600)));
        assert_eq!(r.used_assets.lock().unwrap().as_slice(), ["infographic/b.png"]);
        assert!(r.image("../infographic/c.png").is_err());
    }
}
