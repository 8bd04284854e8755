//! The iCalendar feed of the campaigns (RFC 5545): one all-day VEVENT per campaign with a
//! yearly RRULE, CRLF line ends and lines folded at 75 octets on character boundaries.

use jiff::civil::Date;
use jiff::Timestamp;

use crate::site::model::{Details, Item, Site};
use crate::site::urls::Urls;

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no line exceeds 75 octets and no UTF-8
/// character is split; continuation lines start with a space.
fn line(out: &mut String, content: &str) {
    let mut rest = content;
    let mut limit = 75;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation line counts toward its 75 octets.
        limit = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

fn date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

fn utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// The host of base_url, for UIDs that stay the same across builds.
fn host(site: &Site) -> &str {
    let url = &site.config.base_url;
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

/// The feed of `campaigns` (live ones, in one language), named `name`.
pub fn campaigns(site: &Site, lang: &str, name: &str, campaigns: &[&Item]) -> String {
    let mut out = String::with_capacity(512 + campaigns.len() * 600);
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, &format!("PRODID:-//loa//loa {}//{}", env!("CARGO_PKG_VERSION"), lang.to_uppercase()));
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    for item in campaigns {
        let Details::Campaign { window, theme, slogan, .. } = &item.details else { continue };
        // A yearly window is anchored in the year of the build's today, a one-off in its year;
        // the recurrence carries it to every other year.
        let year = window.year.unwrap_or(site.today.year());
        let Some(run) = window.occurrence_starting_in(year) else { continue };
        let Ok(end) = run.last.tomorrow() else { continue };
        let uid = if lang == site.config.language {
            format!("{}@{}", item.slug, host(site))
        } else {
            format!("{}.{lang}@{}", item.ref_slug, host(site))
        };
        // DTSTAMP comes from the content, never the clock, so identical builds are identical.
        let stamp = item.updated.or(item.date).or(item.schedule.publish_at).unwrap_or(Timestamp::UNIX_EPOCH);
        let mut description = Vec::new();
        if let Some(t) = theme {
            description.push(t.clone());
        }
        if let Some(s) = slogan {
            description.push(format!("“{s}”"));
        }
        if let Some(s) = &item.summary {
            description.push(s.clone());
        }
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{uid}"));
        line(&mut out, &format!("DTSTAMP:{}", utc(stamp)));
        line(&mut out, &format!("DTSTART;VALUE=DATE:{}", date(run.first)));
        line(&mut out, &format!("DTEND;VALUE=DATE:{}", date(end)));
        if window.year.is_none() {
            line(&mut out, "RRULE:FREQ=YEARLY");
        }
        line(&mut out, &format!("SUMMARY:{}", text(&item.title)));
        if !description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", text(&description.join("\n"))));
        }
        line(&mut out, &format!("URL:{}", Urls::of(site).absolute(&item.url)));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "Tháng vận động triển khai bảo hiểm xã hội toàn dân ".repeat(4));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
