//! The visible text of a body, words separated by single spaces, for search and summaries.

/// Collects text as rendering goes, collapsing every run of whitespace into one space.
///
/// Inline markup (`**Bảo**hiểm`) joins its pieces without a space; block ends and line breaks
/// call [`PlainText::separate`] so the last word of a paragraph does not run into the next.
#[derive(Debug, Default)]
pub(super) struct PlainText {
    text: String,
    pending_space: bool,
    words: usize,
}

impl PlainText {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        PlainText { text: String::with_capacity(capacity), ..PlainText::default() }
    }

    /// Appends visible text.
    pub(super) fn push(&mut self, piece: &str) {
        for c in piece.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.text.is_empty() {
                self.words = 1;
            } else if self.pending_space {
                self.text.push(' ');
                self.words += 1;
            }
            self.pending_space = false;
            self.text.push(c);
        }
    }

    /// Marks a word boundary that the text itself does not show (a block end, a line break).
    pub(super) fn separate(&mut self) {
        self.pending_space = true;
    }

    /// The text and its number of words.
    pub(super) fn finish(self) -> (String, usize) {
        (self.text, self.words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(pieces: &[Option<&str>]) -> (String, usize) {
        let mut plain = PlainText::default();
        for piece in pieces {
            match piece {
                Some(text) => plain.push(text),
                None => plain.separate(),
            }
        }
        plain.finish()
    }

    #[test]
    fn whitespace_runs_become_one_space() {
        assert_eq!(collect(&[Some("  Bảo  hiểm\n\txã hội  ")]), ("Bảo hiểm xã hội".into(), 4));
    }

    #[test]
    fn inline_pieces_join_and_blocks_separate() {
        assert_eq!(collect(&[Some("Bảo"), Some("hiểm"), None, Some("y tế")]), ("Bảohiểm y tế".into(), 3));
    }

    #[test]
    fn separators_alone_add_nothing() {
        assert_eq!(collect(&[None, None, Some("a"), None, None]), ("a".into(), 1));
        assert_eq!(collect(&[None]), (String::new(), 0));
    }
}
