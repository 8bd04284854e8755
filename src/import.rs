//! Reading another portal's items for `loa import`: a JSON Feed (with loa's `_loa` object when
//! the source is a loa portal) or an Atom feed, from an http(s) address or a file, with
//! timeouts and size limits. What the items become in content/ is `cmd::import`.

use std::time::Duration;

use crate::messages::Msg;
use crate::msg;

/// How long fetching one feed or image may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(30);
/// The most a feed may weigh.
pub const MAX_FEED: u64 = 20 * 1024 * 1024;
/// The most one image may weigh.
pub const MAX_IMAGE: u64 = 15 * 1024 * 1024;

/// One item of the source, as it offers it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceItem {
    pub title: String,
    /// Where the item lives at the source (its canonical address): the key that says it was
    /// already imported.
    pub url: String,
    /// RFC 3339.
    pub published: Option<String>,
    pub summary: Option<String>,
    /// The full text, HTML, links absolute where the source made them so.
    pub html: String,
    pub author: Option<String>,
    /// The item's pictures (absolute addresses); the first is shown above the text when the
    /// text does not show it (an infographic's picture is beside its transcript).
    pub images: Vec<String>,
    /// What the first picture shows, when the source says.
    pub alt: Option<String>,
    pub audiences: Vec<String>,
    pub campaigns: Vec<String>,
    pub topics: Vec<String>,
}

/// An HTTP client with loa's timeouts; redirects are followed (a feed may move).
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("loa-import/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// The bytes at `source`: an http(s) address (at most `limit` bytes) or a file.
pub fn fetch(agent: &ureq::Agent, source: &str, limit: u64) -> Result<Vec<u8>, Msg> {
    if !(source.starts_with("http://") || source.starts_with("https://")) {
        return std::fs::read(source).map_err(|e| msg!("không đọc được {source}: {e}", "cannot read {source}: {e}"));
    }
    let response = agent.get(source).call().map_err(|e| {
        msg!(
            "không tải được {source}: {e} (máy chủ nguồn có chạy không, địa chỉ có đúng không?)",
            "cannot fetch {source}: {e} (is the source up, is the address right?)"
        )
    })?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(msg!("{source} trả lời mã {status}", "{source} answered {status}"));
    }
    response.into_body().with_config().limit(limit).read_to_vec().map_err(|e| {
        let mb = limit / (1024 * 1024);
        msg!("{source}: đọc thất bại hoặc quá {mb} MB: {e}", "{source}: reading failed or it is over {mb} MB: {e}")
    })
}

/// The items of a feed: JSON Feed or Atom, told apart by their first character.
pub fn parse(bytes: &[u8], source: &str) -> Result<Vec<SourceItem>, Msg> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| msg!("{source} không phải văn bản UTF-8", "{source} is not UTF-8 text"))?
        .trim_start_matches('\u{feff}')
        .trim_start();
    if text.starts_with('{') {
        json_feed(text, source)
    } else if text.starts_with('<') {
        atom(text, source)
    } else {
        Err(not_a_feed(source))
    }
}

fn not_a_feed(source: &str) -> Msg {
    msg!(
        "{source} không phải nguồn tin JSON Feed hay Atom; hãy dùng địa chỉ …/feed.json hoặc …/atom.xml của cổng nguồn",
        "{source} is neither a JSON Feed nor an Atom feed; use the source portal's …/feed.json or …/atom.xml"
    )
}

fn json_feed(text: &str, source: &str) -> Result<Vec<SourceItem>, Msg> {
    let feed: serde_json::Value =
        serde_json::from_str(text).map_err(|e| msg!("{source}: JSON hỏng ({e})", "{source}: broken JSON ({e})"))?;
    if !feed["version"].as_str().is_some_and(|v| v.starts_with("https://jsonfeed.org/version/")) {
        return Err(not_a_feed(source));
    }
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
    };
    let text_of = |v: &serde_json::Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_string);
    let mut items = Vec::new();
    for entry in feed["items"].as_array().into_iter().flatten() {
        let loa = &entry["_loa"];
        let url = text_of(&loa["canonical"]).or_else(|| text_of(&entry["url"])).or_else(|| text_of(&entry["id"]));
        let (Some(title), Some(url)) = (text_of(&entry["title"]), url) else { continue };
        let html = text_of(&entry["content_html"])
            .or_else(|| text_of(&entry["content_text"]).map(|t| format!("<p>{}</p>", crate::text::escape_html(&t))))
            .unwrap_or_default();
        items.push(SourceItem {
            title,
            url,
            published: text_of(&entry["date_published"]),
            summary: text_of(&entry["summary"]),
            html,
            author: entry["authors"][0]["name"].as_str().map(str::to_string),
            images: if loa.is_object() {
                strings(&loa["images"])
            } else {
                text_of(&entry["image"]).into_iter().collect()
            },
            alt: text_of(&loa["alt"]),
            audiences: strings(&loa["audiences"]),
            campaigns: strings(&loa["campaigns"]),
            // A loa portal says its topic slugs; any other feed has only tag names.
            topics: if loa.is_object() { strings(&loa["topics"]) } else { strings(&entry["tags"]) },
        });
    }
    Ok(items)
}

fn atom(text: &str, source: &str) -> Result<Vec<SourceItem>, Msg> {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| msg!("{source}: XML hỏng ({e})", "{source}: broken XML ({e})"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "feed" {
        return Err(not_a_feed(source));
    }
    let child_text = |node: roxmltree::Node<'_, '_>, name: &str| -> Option<String> {
        node.children().find(|c| c.tag_name().name() == name).and_then(|c| c.text()).map(|t| t.trim().to_string())
    };
    let mut items = Vec::new();
    for entry in root.children().filter(|c| c.tag_name().name() == "entry") {
        let link = entry
            .children()
            .filter(|c| c.tag_name().name() == "link")
            .find(|l| l.attribute("rel").is_none_or(|r| r == "alternate"))
            .and_then(|l| l.attribute("href"))
            .map(str::to_string);
        let (Some(title), Some(url)) = (child_text(entry, "title"), link.or_else(|| child_text(entry, "id"))) else {
            continue;
        };
        let (mut audiences, mut campaigns, mut topics) = (Vec::new(), Vec::new(), Vec::new());
        for category in entry.children().filter(|c| c.tag_name().name() == "category") {
            let Some(term) = category.attribute("term") else { continue };
            // loa's feeds name the folder of each kind as the scheme.
            match category.attribute("scheme") {
                Some("doi-tuong") => audiences.push(term.to_string()),
                Some("chien-dich") => campaigns.push(term.to_string()),
                _ => topics.push(term.to_string()),
            }
        }
        let author = entry.children().find(|c| c.tag_name().name() == "author").and_then(|a| child_text(a, "name"));
        items.push(SourceItem {
            title,
            url,
            published: child_text(entry, "published").or_else(|| child_text(entry, "updated")),
            summary: child_text(entry, "summary"),
            html: child_text(entry, "content").unwrap_or_default(),
            author,
            images: Vec::new(),
            alt: None,
            audiences,
            campaigns,
            topics,
        });
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_loa_json_feed_and_an_atom_feed() {
        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
            {"id": "https://a.vn/x/", "url": "https://a.vn/x/", "title": "Tin A", "content_html": "<p>A</p>",
             "date_published": "2026-06-01T08:00:00+07:00", "tags": ["Bảo hiểm y tế"],
             "_loa": {"audiences": ["hoc-sinh"], "campaigns": [], "topics": ["bhyt"], "canonical": "https://a.vn/x/"}}]}"#;
        let items = parse(json.as_bytes(), "feed.json").unwrap();
        assert_eq!(items[0].topics, ["bhyt"]);
        assert_eq!(items[0].audiences, ["hoc-sinh"]);
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
            <entry><title>Tin B</title><link rel="alternate" href="https://a.vn/y/"/><published>2026-06-02T08:00:00+07:00</published>
            <category term="hoc-sinh" scheme="doi-tuong"/><category term="bhyt" scheme="chu-de"/><content type="html">&lt;p&gt;B&lt;/p&gt;</content></entry></feed>"#;
        let items = parse(atom.as_bytes(), "atom.xml").unwrap();
        assert_eq!((items[0].title.as_str(), items[0].html.as_str()), ("Tin B", "<p>B</p>"));
        assert_eq!(
            (items[0].audiences.clone(), items[0].topics.clone()),
            (vec!["hoc-sinh".to_string()], vec!["bhyt".to_string()])
        );
        assert!(parse(b"hello", "x").is_err());
        assert!(parse(b"{\"a\": 1}", "x").is_err());
    }
}
