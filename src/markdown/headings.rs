//! Heading ids: ASCII slugs of the heading text, unique within a page, for anchors and the table of contents.

use std::collections::{HashMap, HashSet};

use crate::text::slugify;

/// A heading of the body, for the page's table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// 1 to 6, as in `<h1>` to `<h6>`.
    pub level: u8,
    /// The `id` attribute written on the heading, so `#id` links to it.
    pub id: String,
    /// The visible text of the heading, without markup.
    pub text: String,
}

/// Used when a heading has no letters or digits to make a slug from ("Mục" is Vietnamese for section).
const FALLBACK_ID: &str = "muc";

/// Hands out heading ids so that no two elements of a page share one.
///
/// Explicit ids (`{#id}`) and footnote names are reserved before any heading is numbered, so
/// an automatic id never takes an id the editor chose, wherever in the page that choice is.
#[derive(Debug, Default)]
pub(super) struct HeadingIds {
    used: HashSet<String>,
    explicit_seen: HashSet<String>,
    /// For each slug handed out before, the number to try next: every smaller one is taken
    /// (ids are never freed), so a page of 40,000 equal headings is numbered in linear time.
    next_number: HashMap<String, usize>,
}

impl HeadingIds {
    /// Marks an id as taken before numbering starts.
    pub(super) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// Accepts an id the editor wrote; returns false when an earlier heading already wrote it.
    pub(super) fn accept_explicit(&mut self, id: &str) -> bool {
        self.used.insert(id.to_owned());
        self.explicit_seen.insert(id.to_owned())
    }

    /// Makes the id of a heading without an explicit one: its slug, then `slug-1`, `slug-2`, …
    pub(super) fn allocate(&mut self, text: &str) -> String {
        let mut base = slugify(text);
        if base.is_empty() {
            base.push_str(FALLBACK_ID);
        }
        let (mut candidate, mut number) = match self.next_number.get(&base) {
            None => (base.clone(), 1usize),
            Some(&n) => (format!("{base}-{n}"), n + 1),
        };
        while self.used.contains(&candidate) {
            candidate.clear();
            candidate.push_str(&base);
            candidate.push('-');
            candidate.push_str(&number.to_string());
            number += 1;
        }
        self.next_number.insert(base, number);
        self.used.insert(candidate.clone());
        candidate
    }
}

/// Turns pulldown-cmark's heading level into the number of the `<hN>` element.
pub(super) fn level_number(level: pulldown_cmark::HeadingLevel) -> u8 {
    use pulldown_cmark::HeadingLevel as L;
    match level {
        L::H1 => 1,
        L::H2 => 2,
        L::H3 => 3,
        L::H4 => 4,
        L::H5 => 5,
        L::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_text_gives_ascii_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.allocate("Hướng dẫn đóng BHXH"), "huong-dan-dong-bhxh");
        assert_eq!(ids.allocate("Đối tượng áp dụng"), "doi-tuong-ap-dung");
    }

    #[test]
    fn repeated_headings_are_numbered() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.allocate("Hỏi đáp"), "hoi-dap");
        assert_eq!(ids.allocate("Hỏi đáp"), "hoi-dap-1");
        assert_eq!(ids.allocate("Hỏi – đáp!"), "hoi-dap-2");
    }

    #[test]
    fn numbering_skips_ids_that_are_already_taken() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.allocate("Bước 1"), "buoc-1");
        assert_eq!(ids.allocate("Bước"), "buoc");
        assert_eq!(ids.allocate("Bước"), "buoc-2");
    }

    #[test]
    fn headings_without_letters_fall_back_to_muc() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.allocate("???"), "muc");
        assert_eq!(ids.allocate(""), "muc-1");
    }

    #[test]
    fn reserved_ids_are_not_handed_out() {
        let mut ids = HeadingIds::default();
        ids.reserve("lien-he");
        assert_eq!(ids.allocate("Liên hệ"), "lien-he-1");
    }

    #[test]
    fn explicit_id_written_twice_is_reported() {
        let mut ids = HeadingIds::default();
        assert!(ids.accept_explicit("phan-2"));
        assert!(!ids.accept_explicit("phan-2"));
    }
}
