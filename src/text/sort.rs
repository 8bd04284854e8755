//! Vietnamese alphabetical order (a ă â b c d đ e ê … o ô ơ … u ư …), not byte order.

/// Primary rank of a base letter in the Vietnamese alphabet, then its tone mark, so that
/// comparing keys sorts "an" < "ăn" < "ân" < "bà" and "đ" after "d".
pub fn vietnamese_key(text: &str) -> Vec<u32> {
    use unicode_normalization::UnicodeNormalization;
    let mut key = Vec::with_capacity(text.len());
    let mut tones = Vec::new();
    let mut chars = text.nfd().peekable();
    while let Some(c) = chars.next() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        // Letter-forming marks: breve, circumflex, horn. Tone marks: grave, acute, hook, tilde, dot.
        let mut letter_mark = 0u32;
        let mut tone = 0u32;
        while let Some(&m) = chars.peek() {
            match m {
                '\u{306}' => letter_mark = 1,
                '\u{302}' => letter_mark = 2,
                '\u{31B}' => letter_mark = 3,
                '\u{300}' => tone = 1,
                '\u{309}' => tone = 2,
                '\u{303}' => tone = 3,
                '\u{301}' => tone = 4,
                '\u{323}' => tone = 5,
                _ if is_combining(m) => {}
                _ => break,
            }
            chars.next();
        }
        let base = match lower {
            'đ' => ('d' as u32) * 8 + 4,
            _ => (lower as u32) * 8 + letter_mark,
        };
        key.push(base);
        tones.push(tone);
    }
    // Tones break ties only after all letters compare equal.
    key.push(0);
    key.extend(tones);
    key
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        v.sort_by_key(|w| vietnamese_key(w));
        v
    }

    #[test]
    fn follows_vietnamese_alphabet() {
        assert_eq!(sorted(&["đà", "dê", "ân", "ăn", "an", "bò"]), ["an", "ăn", "ân", "bò", "dê", "đà"]);
        assert_eq!(sorted(&["ưu", "ơn", "ôm", "um", "on"]), ["on", "ôm", "ơn", "um", "ưu"]);
    }

    #[test]
    fn tone_breaks_ties_after_letters() {
        assert_eq!(sorted(&["má", "ma", "mà", "mai"]), ["ma", "mà", "má", "mai"]);
    }
}
