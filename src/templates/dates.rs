//! Dates on pages, formatted per language from the theme's UI strings, so a language's
//! strings file says how it writes a date as well as its words:
//!
//! ```toml
//! date_long = "{weekday}, {day} {month_name} {year}"     # Monday, 3 February 2025
//! date_day = "{day} {month_name} {year}"                 # 3 February 2025
//! date_day_month = "{day} {month_name}"                  # 3 February
//! month_names = "January,February,...,December"
//! weekday_names = "Monday,Tuesday,...,Sunday"            # Monday first
//! ```
//!
//! Fields: `{day}`, `{day2}` (two digits), `{month}`, `{month2}`, `{month_name}`, `{year}`,
//! `{weekday}`. A language without these strings uses the Vietnamese ones, like every string.

use std::collections::BTreeMap;

use jiff::civil::Date;

type Strings = BTreeMap<String, String>;

/// "Thứ Hai, 03/02/2025" / "Monday, 3 February 2025".
pub fn long(strings: &Strings, date: Date) -> String {
    fill(pattern(strings, "date_long", "{weekday}, {day2}/{month2}/{year}"), strings, date)
}

/// "03/02/2025" / "3 February 2025".
pub fn day(strings: &Strings, date: Date) -> String {
    fill(pattern(strings, "date_day", "{day2}/{month2}/{year}"), strings, date)
}

/// "03/02" / "3 February" (a day of a yearly window; the year does not matter).
pub fn day_month(strings: &Strings, month: i8, day: i8) -> String {
    let date = jiff::civil::date(2024, month, day);
    fill(pattern(strings, "date_day_month", "{day2}/{month2}"), strings, date)
}

/// "Tháng 2" / "February".
pub fn month_name(strings: &Strings, month: i8) -> String {
    nth(strings, "month_names", usize::try_from(month - 1).unwrap_or(0)).unwrap_or_else(|| format!("{month}"))
}

fn pattern<'a>(strings: &'a Strings, key: &str, default: &'a str) -> &'a str {
    strings.get(key).map_or(default, String::as_str)
}

fn nth(strings: &Strings, key: &str, n: usize) -> Option<String> {
    strings.get(key)?.split(',').nth(n).map(|s| s.trim().to_string())
}

fn fill(pattern: &str, strings: &Strings, date: Date) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let field = &rest[open + 1..open + close];
        match field {
            "day" => out.push_str(&date.day().to_string()),
            "day2" => out.push_str(&format!("{:02}", date.day())),
            "month" => out.push_str(&date.month().to_string()),
            "month2" => out.push_str(&format!("{:02}", date.month())),
            "year" => out.push_str(&date.year().to_string()),
            "month_name" => out.push_str(&month_name(strings, date.month())),
            "weekday" => {
                let n = date.weekday().to_monday_zero_offset() as usize;
                out.push_str(&nth(strings, "weekday_names", n).unwrap_or_default());
            }
            other => {
                out.push('{');
                out.push_str(other);
                out.push('}');
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Strings {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn shipped_vietnamese_and_english_formats() {
        let vi = strings(include_str!("../../themes/default/i18n/vi.toml"));
        let en = strings(include_str!("../../themes/default/i18n/en.toml"));
        let d = jiff::civil::date(2025, 2, 3);
        assert_eq!(long(&vi, d), "Thứ Hai, 03/02/2025");
        assert_eq!(long(&en, d), "Monday, 3 February 2025");
        assert_eq!(day(&vi, d), "03/02/2025");
        assert_eq!(day(&en, d), "3 February 2025");
        assert_eq!(day_month(&vi, 12, 15), "15/12");
        assert_eq!(day_month(&en, 12, 15), "15 December");
        assert_eq!(month_name(&vi, 11), "Tháng 11");
        assert_eq!(month_name(&en, 11), "November");
    }

    #[test]
    fn a_language_writes_its_own_pattern() {
        let s = strings("date_long = \"{day} tháng {month}, {year}\"\n");
        assert_eq!(long(&s, jiff::civil::date(2026, 11, 22)), "22 tháng 11, 2026");
        let s = strings("date_day = \"{year}-{month2}-{day2} {unknown}\"\n");
        assert_eq!(day(&s, jiff::civil::date(2026, 1, 2)), "2026-01-02 {unknown}");
    }
}
