//! ASCII slugs for URLs and heading ids: diacritics removed, đ → d ("Tháng vận động" → thang-van-dong).

use deunicode::deunicode_char;

/// Makes a lowercase ASCII slug of words joined by single hyphens.
///
/// Vietnamese letters lose their marks (đ becomes d); other scripts are transliterated, so a
/// title in any language an office writes in still gives a readable URL.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        let mut buf = [0u8; 4];
        let ascii: &str = if c.is_ascii() {
            // Avoid the transliteration table for the common case.
            c.encode_utf8(&mut buf)
        } else {
            match c {
                'đ' | 'Đ' => "d",
                _ => deunicode_char(c).unwrap_or(""),
            }
        };
        for b in ascii.bytes() {
            if b.is_ascii_alphanumeric() {
                if pending_hyphen && !slug.is_empty() {
                    slug.push('-');
                }
                pending_hyphen = false;
                slug.push(b.to_ascii_lowercase() as char);
            } else {
                pending_hyphen = true;
            }
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_vietnamese_diacritics() {
        assert_eq!(slugify("Tháng vận động"), "thang-van-dong");
        assert_eq!(slugify("Đóng BHXH tự nguyện"), "dong-bhxh-tu-nguyen");
        assert_eq!(slugify("Ứng dụng VssID: cài đặt?"), "ung-dung-vssid-cai-dat");
    }

    #[test]
    fn decomposed_input_gives_the_same_slug() {
        assert_eq!(slugify("Ba\u{309}o hie\u{302}\u{309}m"), "bao-hiem");
    }

    #[test]
    fn collapses_punctuation_and_trims() {
        assert_eq!(slugify("  --Hỏi – đáp!! "), "hoi-dap");
        assert_eq!(slugify("Nghị quyết 28-NQ/TW"), "nghi-quyet-28-nq-tw");
        assert_eq!(slugify("!!!"), "");
    }
}
