//! What each object of the `s3` target is stored with: its Content-Type (by extension, as
//! `loa serve` answers) and a Cache-Control that matches how it may change, the same policy as
//! the nginx configuration of the Debian package.

use crate::output::content_type;
use crate::templates::render::VERSIONED_STATICS;

/// Pages, feeds, the sitemap, robots.txt and the search index change under the same name
/// with every publication: always asked again (cheap with the ETag S3 sends).
pub const REVALIDATE: &str = "no-cache";
/// Theme files linked with `?v=<hash of the file>`: a new version has a new address.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Images and other files, which may be replaced under the same name now and then.
pub const SHORT: &str = "public, max-age=3600";

/// An empty object under the prefix whose name says which version of this policy the site's
/// objects were stored with. Without it (a bucket filled by another tool, or before a change
/// of policy, which bumps the number) a delivery also compares the headers of every object
/// whose bytes are right, and stores again those whose headers are not.
pub const MARKER: &str = ".loa-headers-v1";

/// The headers of the object for the output file `rel` ('/'-separated, relative to the site).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headers {
    pub content_type: &'static str,
    pub cache_control: &'static str,
}

pub fn headers(rel: &str, versioned: Versioned) -> Headers {
    Headers { content_type: content_type(rel), cache_control: cache_control(rel, versioned) }
}

/// Which of the theme's [`VERSIONED_STATICS`] the site's pages link with `?v=`. A theme that
/// links `style.css` without it would leave readers with a stale stylesheet for a year, so
/// only a file seen linked with its version is kept that long.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Versioned([bool; VERSIONED_STATICS.len()]);

impl Versioned {
    /// The versioned links in one page.
    pub fn in_page(page: &[u8]) -> Versioned {
        let text = String::from_utf8_lossy(page);
        Versioned(VERSIONED_STATICS.map(|name| text.contains(&format!("/{name}?v="))))
    }

    /// The links of both.
    pub fn and(self, other: Versioned) -> Versioned {
        Versioned(std::array::from_fn(|i| self.0[i] || other.0[i]))
    }

    fn linked(self, rel: &str) -> bool {
        VERSIONED_STATICS.iter().zip(self.0).any(|(name, linked)| linked && *name == rel)
    }
}

fn cache_control(rel: &str, versioned: Versioned) -> &'static str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    if versioned.linked(rel) {
        IMMUTABLE
    } else if matches!(ext.as_str(), "html" | "htm" | "xml" | "json" | "bin" | "ics") || name == "robots.txt" {
        // .xml: the Atom feeds and the sitemap; .json: feed.json and the search index, whose
        // shards and filter lists are .bin; .ics: the calendars.
        REVALIDATE
    } else {
        SHORT
    }
}

/// Whether `rel` is a marker of this or an older policy, which is not a file of the site.
pub fn is_marker(rel: &str) -> bool {
    rel.starts_with(".loa-headers-v")
}

/// Pages are uploaded last, so a new page never links a file that is not there yet.
pub fn is_page(rel: &str) -> bool {
    content_type(rel).starts_with("text/html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_file_gets_its_cache_policy() {
        let linked = Versioned::in_page(
            br#"<link rel="stylesheet" href="/style.css?v=3f2a"><script src="/search.js?v=9c1d" defer></script>"#,
        );
        for rel in [
            "index.html",
            "tin-tuc/lich-lam-viec/index.html",
            "atom.xml",
            "en/atom.xml",
            "feed.json",
            "sitemap.xml",
            "robots.txt",
            "tim-kiem/index.json",
            "tim-kiem/s/1f.bin",
            "tim-kiem/f/12.json",
            "lich/su-kien.ics",
        ] {
            assert_eq!(headers(rel, linked).cache_control, REVALIDATE, "{rel}");
        }
        assert_eq!(headers("style.css", linked).cache_control, IMMUTABLE);
        assert_eq!(headers("search.js", linked).cache_control, IMMUTABLE);
        for rel in ["highlight.css", "logo.svg", "tin-tuc/anh-960.webp", "tai-lieu/mau-d02.pdf", "a/style.css"] {
            assert_eq!(headers(rel, linked).cache_control, SHORT, "{rel}");
        }
        assert_eq!(headers("tin-tuc/anh-960.webp", linked).content_type, "image/webp");
        assert!(is_page("404.html") && !is_page("atom.xml"));
    }

    #[test]
    fn a_theme_file_linked_without_its_version_is_not_kept_a_year() {
        let plain = Versioned::in_page(br#"<link rel="stylesheet" href="/style.css"><script src="/search.js?v=9c1d">"#);
        assert_eq!(headers("style.css", plain).cache_control, SHORT);
        assert_eq!(headers("search.js", plain).cache_control, IMMUTABLE);
        let both = plain.and(Versioned::in_page(b"<link href=\"/bhxh/style.css?v=3f2a\">"));
        assert_eq!(headers("style.css", both).cache_control, IMMUTABLE);
        assert_eq!(headers("style.css", Versioned::default()).cache_control, SHORT);
    }
}
