//! Folding and tokenising for search: the same rules as `themes/default/static/search.js`.
//!
//! Text is cut into tokens first (maximal runs of letters and digits: Vietnamese syllables,
//! numbers, words of other languages), then each token is folded: decomposed, stripped of
//! its combining marks (U+0300–U+036F: tones, breve, circumflex, horn), đ → d, lowercased.
//! "Đóng bảo hiểm" gives `dong`, `bao`, `hiem`. Cutting before folding keeps each token's
//! place in the original text, so the browser can highlight the original words.

use unicode_normalization::char::decompose_canonical;

/// Longest token kept, in characters; longer runs (codes, pasted addresses) are cut here,
/// the same way in the index and in queries.
pub const MAX_TOKEN_CHARS: usize = 32;

/// One token: its folded form and the byte range of the original text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub folded: String,
    pub start: usize,
    pub end: usize,
}

/// Folds one token (or any text): marks removed, đ → d, lowercase.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// Appends the folded `text` to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    for c in text.chars() {
        fold_char(c, out);
    }
}

/// Appends the folding of one character: text folds character by character.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    decompose_canonical(c, |d| match d {
        '\u{300}'..='\u{36F}' => {}
        'đ' | 'Đ' => out.push('d'),
        _ => out.extend(d.to_lowercase()),
    });
}

/// Calls `f` with each folded token of `text`, in order, reusing one buffer. One pass over
/// the characters, folding as it goes: the search index tokenises every character of the site.
pub fn each_folded(text: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::new();
    // Characters of the token being read; 0 between tokens.
    let mut count = 0;
    for c in text.chars() {
        if is_token_char(c) {
            if count < MAX_TOKEN_CHARS {
                fold_char(c, &mut buf);
            }
            count += 1;
        } else if count > 0 {
            f(&buf);
            buf.clear();
            count = 0;
        }
    }
    if count > 0 {
        f(&buf);
    }
}

/// Whether `c` belongs to a token: Unicode Alphabetic or Numeric, or a combining mark of
/// U+0300–U+036F, so decomposed text gives the same tokens (`[\p{Alphabetic}\p{N}\u0300-\u036f]`
/// in the browser's regular expressions).
fn is_token_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        // The letters of Vietnamese text, answered without the Unicode tables (a search index
        // asks for every character of the site): Latin-1 letters, Latin Extended-A and -B and
        // Latin Extended Additional are all Alphabetic, but × and ÷.
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' | '\u{300}'..='\u{36F}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// The tokens of `text`, folded, with their original byte ranges.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (is_token_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(token(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(token(text, s, text.len()));
    }
    out
}

fn token(text: &str, start: usize, end: usize) -> Token {
    let piece = &text[start..end];
    let cut = piece.char_indices().nth(MAX_TOKEN_CHARS).map_or(piece.len(), |(i, _)| i);
    Token { folded: fold(&piece[..cut]), start, end }
}

/// Just the folded tokens of `text`.
pub fn folded_tokens(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.folded).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_chars_match_the_unicode_definition() {
        for c in (0..0x2000u32).filter_map(char::from_u32) {
            let unicode = c.is_alphanumeric() || ('\u{300}'..='\u{36F}').contains(&c);
            assert_eq!(is_token_char(c), unicode, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn folds_vietnamese_to_plain_letters() {
        assert_eq!(fold("Bảo hiểm"), "bao hiem");
        assert_eq!(fold("đóng"), "dong");
        assert_eq!(fold("ĐÓNG"), "dong");
        assert_eq!(fold("Ứng dụng VssID"), "ung dung vssid");
        assert_eq!(fold("người được hưởng"), "nguoi duoc huong");
        assert_eq!(fold("Ăn ở, ấm êm"), "an o, am em");
    }

    #[test]
    fn decomposed_text_folds_like_composed_text() {
        assert_eq!(fold("Ba\u{309}o hie\u{302}\u{309}m"), "bao hiem");
        assert_eq!(folded_tokens("Ba\u{309}o hie\u{302}\u{309}m"), ["bao", "hiem"]);
    }

    #[test]
    fn tokens_are_syllables_and_numbers_with_their_original_ranges() {
        let text = "Đóng BHXH (tự nguyện) từ 1/7: 332.677 hồ sơ.";
        let t = tokens(text);
        let folded: Vec<&str> = t.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(folded, ["dong", "bhxh", "tu", "nguyen", "tu", "1", "7", "332", "677", "ho", "so"]);
        assert_eq!(&text[t[0].start..t[0].end], "Đóng");
        assert_eq!(&text[t[3].start..t[3].end], "nguyện");
        assert_eq!(&text[t[10].start..t[10].end], "sơ");
    }

    #[test]
    fn long_runs_are_cut_at_the_same_length_everywhere() {
        let long = "a".repeat(50);
        let t = tokens(&format!("x {long} y"));
        assert_eq!(t.len(), 3);
        assert_eq!(t[1].folded.len(), MAX_TOKEN_CHARS);
        assert_eq!(t[1].end - t[1].start, 50);
    }

    #[test]
    fn each_folded_gives_the_same_tokens() {
        let text = "Đóng BHXH (tự nguyện) từ 1/7: «332.677» hồ sơ… ".to_string() + &"x".repeat(40);
        let mut seen = Vec::new();
        each_folded(&text, |t| seen.push(t.to_string()));
        assert_eq!(seen, folded_tokens(&text));
        // Long runs with accents and combining marks, cut at the same character.
        let text = "Đường".repeat(9) + " Ba\u{309}o " + &"ệ\u{301}x".repeat(20);
        let mut seen = Vec::new();
        each_folded(&text, |t| seen.push(t.to_string()));
        assert_eq!(seen, folded_tokens(&text));
    }

    #[test]
    fn punctuation_and_spaces_alone_give_no_token() {
        assert!(tokens(" – … !? ").is_empty());
        assert!(tokens("").is_empty());
    }
}
