//! The TOML parser's words for the mistakes editors make most, said in their language with the
//! fix, and placed where the mistake is (a missing `]` at the end of the line that lacks it,
//! not at the start of the next one). Front matter and site.toml both use it.

use crate::diag::line_col;
use crate::messages::Msg;
use crate::msg;

/// A parser error explained: its file line and column, what is wrong, the fix.
pub struct Explained {
    pub line: usize,
    pub col: usize,
    pub message: Msg,
    pub hint: Msg,
}

/// Explains the toml crate's error `e` about `text`, whose first line is line `first` of its file.
pub fn explain(text: &str, first: usize, e: &toml::de::Error) -> Explained {
    let (line, col) = e.span().map_or((1, 1), |span| line_col(text, span.start));
    let mut explained = explain_message(text, first, line, col, e.message().trim().trim_end_matches('.'));
    explained.line += first - 1;
    explained
}

/// `line` is counted in `text`; the lines a hint names are file lines (`first` is text's first).
fn explain_message(text: &str, first: usize, line: usize, col: usize, message: &str) -> Explained {
    let lines: Vec<&str> = text.lines().collect();
    let at = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let key_of = |l: &str| l.split('=').next().unwrap_or("").trim().trim_matches('"').to_string();
    let this = at(line);
    let general = msg!("TOML không hợp lệ: {message}", "not valid TOML: {message}");

    // A list left open: the parser stumbles on the next line; the `]` is missing at the end of
    // the line that opened it.
    if message.contains("unclosed array") || message.contains("missing comma between array elements") {
        let opened = (1..=line).rev().find(|&n| at(n).contains('[') && !at(n).contains(']'));
        if let Some(n) = opened.filter(|&n| n < line || !this.trim_end().ends_with(',')) {
            let open = at(n);
            let key = key_of(open);
            return Explained {
                line: n,
                col: open.trim_end().chars().count() + 1,
                message: msg!(
                    "danh sách `{key}` chưa đóng: thiếu dấu ] ở cuối dòng",
                    "the list `{key}` is not closed: a ] is missing at the end of the line"
                ),
                hint: msg!(
                    "viết cả danh sách trên một dòng và đóng bằng ]: {key} = [\"a\", \"b\"]",
                    "write the whole list on one line and close it with ]: {key} = [\"a\", \"b\"]"
                ),
            };
        }
    }
    // `title = "Hội nghị "tổng kết" năm 2026"`: the inner quote closes the string early.
    if message.contains("unexpected key or value") || message.contains("expected newline") {
        if let Some((key, value)) = this.split_once('=') {
            let value = value.trim();
            if value.starts_with('"') && value.matches('"').count() >= 3 {
                let key = key.trim();
                return Explained {
                    line,
                    col,
                    message: msg!(
                        "dấu ngoặc kép \" bên trong giá trị `{key}` đã đóng chuỗi quá sớm",
                        "a double quote \" inside the value of `{key}` ends the text too early"
                    ),
                    hint: Msg::new(
                        "viết \\\" cho mỗi dấu ngoặc kép bên trong, hoặc dùng ngoặc kép cong: \
                         title = \"Hội nghị “tổng kết” năm 2026\"",
                        "write \\\" for each quote inside, or use typographic quotes: \
                         title = \"Hội nghị “tổng kết” năm 2026\"",
                    ),
                };
            }
        }
        if this.split_once('=').is_some_and(|(_, v)| v.trim().starts_with('\'')) {
            return Explained {
                line,
                col,
                message: Msg::new(
                    "dấu ' bên trong chữ đã đóng chuỗi viết trong ngoặc đơn '…'",
                    "a ' inside the text ends a value written in single quotes '…'",
                ),
                hint: Msg::new(
                    "đặt chữ trong ngoặc kép: title = \"Don't\"",
                    "quote the text with double quotes: title = \"Don't\"",
                ),
            };
        }
        return Explained {
            line,
            col,
            message: msg!(
                "còn chữ thừa sau giá trị trên cùng một dòng",
                "there is more text after the value on the same line"
            ),
            hint: Msg::new(
                "mỗi dòng chỉ có một trường: tên = giá trị; chữ phải nằm trong ngoặc kép",
                "one field per line: name = value; text goes inside double quotes",
            ),
        };
    }
    if message.contains("string values must be quoted") || message.contains("invalid string") {
        let key = key_of(this);
        let value = this.split_once('=').map_or("", |(_, v)| v.trim());
        let hint = match value.to_lowercase().as_str() {
            "yes" | "no" | "co" | "có" | "khong" | "không" | "True" | "False" | "đúng" | "sai" => msg!(
                "`{key}` nhận true hoặc false, viết thường, không ngoặc kép: {key} = true",
                "`{key}` takes true or false, lower case, without quotes: {key} = true"
            ),
            _ => msg!(
                "đặt chữ trong ngoặc kép: {key} = \"{value}\"",
                "put the text in double quotes: {key} = \"{value}\""
            ),
        };
        return Explained {
            line,
            col,
            message: msg!("giá trị của `{key}` phải đặt trong ngoặc kép", "the value of `{key}` must be quoted"),
            hint,
        };
    }
    if message.contains("basic string") || message.contains("literal string") {
        return Explained {
            line,
            col,
            message: msg!(
                "chuỗi chưa đóng: thiếu dấu ngoặc kép ở cuối",
                "the text is not closed: its closing quote is missing"
            ),
            hint: Msg::new(
                "kết thúc giá trị bằng \" trên cùng dòng; dấu ' trong chữ thì đặt chữ trong ngoặc kép \"…\"",
                "end the value with \" on the same line; for a ' inside the text, quote it with \"…\"",
            ),
        };
    }
    if message.contains("duplicate key") {
        let key = key_of(this);
        let earlier = (1..line).find(|&n| key_of(at(n)) == key).map(|n| n + first - 1);
        let hint = match earlier {
            Some(n) => msg!(
                "`{key}` đã có ở dòng {n}; giữ một dòng, xóa dòng kia",
                "`{key}` is already on line {n}; keep one line and delete the other"
            ),
            None => Msg::new("mỗi trường chỉ được ghi một lần", "each field may appear once"),
        };
        return Explained {
            line,
            col,
            message: msg!("trường `{key}` được ghi hai lần", "the field `{key}` is written twice"),
            hint,
        };
    }
    if message.contains("key with no value") || message.contains("expected `.`, `=`") {
        let key = this.trim().split([' ', '"']).find(|w| !w.is_empty()).unwrap_or("").to_string();
        return Explained {
            line,
            col,
            message: msg!("thiếu dấu = sau tên trường `{key}`", "a = is missing after the field name `{key}`"),
            hint: msg!("viết: {key} = \"giá trị\"", "write: {key} = \"value\""),
        };
    }
    if message.contains("invalid date") || message.contains("invalid time") || message.contains("invalid offset") {
        let why = message.split(", expected ").nth(1).unwrap_or("");
        let vi_why = match why {
            w if w.contains("month") => "tháng phải từ 01 đến 12",
            w if w.contains("day") => "ngày không có trong tháng đó",
            w if w.contains("hour") => "giờ phải từ 00 đến 23",
            w if w.contains("minute") => "phút phải từ 00 đến 59",
            _ => "ngày giờ viết sai dạng",
        };
        return Explained {
            line,
            col,
            message: msg!("ngày giờ không hợp lệ: {vi_why}", "invalid date or time: {message}"),
            hint: Msg::new(
                "viết ngày dạng 2026-06-01, hoặc 2026-06-01T08:00:00+07:00 kèm giờ",
                "write dates as 2026-06-01, or 2026-06-01T08:00:00+07:00 with a time",
            ),
        };
    }
    Explained {
        line,
        col,
        message: general,
        hint: Msg::new(
            "các trường TOML có dạng: title = \"Tiêu đề\", draft = false, date = 2025-02-03",
            "TOML fields look like: title = \"Tiêu đề\", draft = false, date = 2025-02-03",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(text: &str) -> Explained {
        let e = toml::from_str::<toml::Table>(text).unwrap_err();
        explain(text, 1, &e)
    }

    #[test]
    fn a_quote_inside_a_title_gets_the_fix() {
        let e = explained("title = \"Hội nghị \"tổng kết\" năm 2026\"\n");
        assert_eq!(e.line, 1);
        assert!(e.message.vi.contains("ngoặc kép"), "{}", e.message.vi);
        assert!(e.hint.vi.contains("\\\"") && e.hint.vi.contains("“tổng kết”"), "{}", e.hint.vi);
    }

    #[test]
    fn a_missing_bracket_is_placed_on_the_line_that_lacks_it() {
        let e = explained("audiences = [\"a\", \"b\"\ndate = 2026-06-01\n");
        assert_eq!((e.line, e.col), (1, 22));
        assert!(e.message.vi.contains("thiếu dấu ]"), "{}", e.message.vi);
    }

    #[test]
    fn common_mistakes_are_said_in_vietnamese() {
        for (text, words) in [
            ("title = Hội nghị\n", "phải đặt trong ngoặc kép"),
            ("draft = yes\n", "true hoặc false"),
            ("title = \"A\"\ntitle = \"B\"\n", "dòng 1"),
            ("title \"x\"\n", "thiếu dấu ="),
            ("date = 2026-13-01\n", "tháng phải từ 01 đến 12"),
            ("title = \"A\n", "chưa đóng"),
        ] {
            let e = explained(text);
            let said = format!("{} {}", e.message.vi, e.hint.vi);
            assert!(said.contains(words), "{text:?}: {said}");
        }
    }
}
