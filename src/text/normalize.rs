//! Unicode NFC normalisation (TCVN 6909): text pasted from other tools often arrives decomposed.

use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Returns `text` in NFC, borrowing it when it already is (the common case).
pub fn nfc(text: &str) -> Cow<'_, str> {
    if text.chars().all(surely_nfc) {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Whether `c` is NFC whatever surrounds it, answered without Unicode's tables: the characters
/// before the combining marks (U+0300), the precomposed letters of Vietnamese (U+1E00–U+1EFF)
/// and the punctuation of U+2010–U+206F. Almost every character of a Vietnamese page is one;
/// the quick check of the tables costs ten times more a character.
fn surely_nfc(c: char) -> bool {
    matches!(c, '\0'..='\u{2FF}' | '\u{1E00}'..='\u{1EFF}' | '\u{2010}'..='\u{206F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_decomposed_vietnamese() {
        let decomposed = "Ba\u{309}o hie\u{302}\u{309}m";
        assert_eq!(nfc(decomposed), "Bảo hiểm");
        assert!(matches!(nfc("Bảo hiểm"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_characters_taken_as_nfc_are_so_by_the_tables() {
        use unicode_normalization::char::canonical_combining_class;
        for c in (0..0x3_0000).filter_map(char::from_u32).filter(|&c| surely_nfc(c)) {
            // Yes in the quick check and a starter: text made only of such characters is NFC
            // (the quick check's own rule), so `nfc` may skip the tables for it.
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "U+{:04X}", c as u32);
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
        }
    }
}
