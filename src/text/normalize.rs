//! Unicode NFC normalisation (TCVN 6909): text pasted from other tools often arrives decomposed.

use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Returns `text` in NFC, borrowing it when it already is (the common case).
pub fn nfc(text: &str) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
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
}
