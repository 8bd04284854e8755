//! Instants from front matter and the command line, read in the site's time zone, and
//! Vietnamese date formatting ("Thứ Hai, 03/02/2025").

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

/// Parses `2025-02-03`, `2025-02-03T08:00[:00]`, `2025-02-03 08:00` (local time in `tz`) or an
/// RFC 3339 instant with an offset or `Z`. A date alone means midnight at the start of that day.
pub fn parse_instant(text: &str, tz: &TimeZone) -> Result<Timestamp, String> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Ok(ts);
    }
    // jiff reads a date alone as midnight, and would read a datetime as a date if asked for
    // one, so the datetime parse comes first.
    let local = match text.parse::<DateTime>() {
        Ok(dt) => dt,
        Err(_) => text.parse::<Date>().map(|d| d.to_datetime(jiff::civil::Time::midnight())).map_err(|_| {
            format!("`{text}` is not a date; write 2025-02-03, 2025-02-03T08:00:00 or 2025-02-03T08:00:00+07:00")
        })?,
    };
    tz.to_ambiguous_zoned(local)
        .compatible()
        .map(|z| z.timestamp())
        .map_err(|e| format!("`{text}` does not exist in the site's time zone: {e}"))
}

/// "Thứ Hai, 03/02/2025" in Vietnamese, "Monday, 3 February 2025" otherwise.
pub fn display_date(ts: Timestamp, tz: &TimeZone, lang: &str) -> String {
    let z = ts.to_zoned(tz.clone());
    if lang == "vi" {
        format_vi_long(&z)
    } else {
        z.strftime("%A, %-d %B %Y").to_string()
    }
}

/// RFC 3339 in the site's time zone, for `<time datetime>`.
pub fn iso(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned(tz.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

const WEEKDAYS_VI: [&str; 7] = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];

/// "Thứ Hai, 03/02/2025".
pub fn format_vi_long(z: &Zoned) -> String {
    let weekday = WEEKDAYS_VI[z.weekday().to_monday_zero_offset() as usize];
    format!("{weekday}, {:02}/{:02}/{}", z.day(), z.month(), z.year())
}

/// "03/02/2025".
pub fn format_vi_short(z: &Zoned) -> String {
    format!("{:02}/{:02}/{}", z.day(), z.month(), z.year())
}

/// "ngày 3 tháng 2 năm 2025".
pub fn format_vi_words(date: Date) -> String {
    format!("ngày {} tháng {} năm {}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hcm() -> TimeZone {
        TimeZone::get("Asia/Ho_Chi_Minh").unwrap()
    }

    #[test]
    fn offsetless_datetime_is_local_time() {
        let ts = parse_instant("2025-02-03T08:00:00", &hcm()).unwrap();
        assert_eq!(ts.to_string(), "2025-02-03T01:00:00Z");
        let ts = parse_instant("2025-02-03 08:00", &hcm()).unwrap();
        assert_eq!(ts.to_string(), "2025-02-03T01:00:00Z");
    }

    #[test]
    fn date_alone_is_local_midnight() {
        let ts = parse_instant("2025-02-03", &hcm()).unwrap();
        assert_eq!(ts.to_string(), "2025-02-02T17:00:00Z");
    }

    #[test]
    fn explicit_offset_wins() {
        let ts = parse_instant("2025-02-03T08:00:00Z", &hcm()).unwrap();
        assert_eq!(ts.to_string(), "2025-02-03T08:00:00Z");
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(parse_instant("2025-02-30", &hcm()).is_err());
        assert!(parse_instant("tomorrow", &hcm()).is_err());
    }

    #[test]
    fn formats_vietnamese_dates() {
        let z = parse_instant("2025-02-03T08:00:00", &hcm()).unwrap().to_zoned(hcm());
        assert_eq!(format_vi_long(&z), "Thứ Hai, 03/02/2025");
        assert_eq!(format_vi_words(z.date()), "ngày 3 tháng 2 năm 2025");
    }
}
