//! Campaign windows: a yearly MM-DD to MM-DD span (which may cross New Year) or a one-off year.

use jiff::civil::Date;

/// A month and day, checked against a leap year so that 02-29 is allowed and 02-30 is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    pub month: i8,
    pub day: i8,
}

impl MonthDay {
    /// Parses "MM-DD" ("05-01"), or explains what is wrong.
    pub fn parse(text: &str) -> Result<MonthDay, String> {
        let bad = || format!("`{text}` is not a month and day; write \"MM-DD\", e.g. \"05-01\" for 1 May");
        let (m, d) = text.trim().split_once('-').ok_or_else(bad)?;
        if m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let month: i8 = m.parse().map_err(|_| bad())?;
        let day: i8 = d.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}`: there is no month {month}; months go from 01 to 12"));
        }
        // 2024 is a leap year: every day that exists in some year exists in it.
        if Date::new(2024, month, day).is_err() {
            return Err(format!("`{text}`: month {month} has no day {day}"));
        }
        Ok(MonthDay { month, day })
    }

    /// This day in `year`; 29 February falls back to the 28th in common years.
    pub fn in_year(self, year: i16) -> Date {
        Date::new(year, self.month, self.day).unwrap_or_else(|_| Date::new(year, self.month, 28).unwrap_or_default())
    }
}

/// When a campaign runs: every year from `starts` to `ends` inclusive, or only in `year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub starts: MonthDay,
    pub ends: MonthDay,
    /// A one-off campaign runs in this year only (it starts in this year).
    pub year: Option<i16>,
}

/// One run of a window: first and last day, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub first: Date,
    pub last: Date,
}

impl Window {
    pub fn crosses_new_year(&self) -> bool {
        self.ends < self.starts
    }

    /// The run that starts in `year`.
    pub fn occurrence_starting_in(&self, year: i16) -> Option<Occurrence> {
        if self.year.is_some_and(|y| y != year) {
            return None;
        }
        let first = self.starts.in_year(year);
        let last_year = if self.crosses_new_year() { year.checked_add(1)? } else { year };
        Some(Occurrence { first, last: self.ends.in_year(last_year) })
    }

    /// The run under way on `date`, if any.
    pub fn active_on(&self, date: Date) -> Option<Occurrence> {
        [date.year().checked_sub(1), Some(date.year())]
            .into_iter()
            .flatten()
            .filter_map(|y| self.occurrence_starting_in(y))
            .find(|o| o.first <= date && date <= o.last)
    }

    /// The first run that starts after `date` (the next opening), if any.
    pub fn next_after(&self, date: Date) -> Option<Occurrence> {
        [Some(date.year()), date.year().checked_add(1)]
            .into_iter()
            .flatten()
            .filter_map(|y| self.occurrence_starting_in(y))
            .find(|o| o.first > date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn window(s: &str, e: &str) -> Window {
        Window { starts: MonthDay::parse(s).unwrap(), ends: MonthDay::parse(e).unwrap(), year: None }
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(MonthDay::parse("02-30").unwrap_err().contains("no day 30"));
        assert!(MonthDay::parse("13-01").is_err());
        assert!(MonthDay::parse("5-1").is_err());
        assert!(MonthDay::parse("02-29").is_ok());
    }

    #[test]
    fn yearly_window_is_active_inside_only() {
        let may = window("05-01", "05-31");
        assert!(may.active_on(date(2026, 5, 1)).is_some());
        assert!(may.active_on(date(2026, 5, 31)).is_some());
        assert!(may.active_on(date(2026, 6, 1)).is_none());
        assert_eq!(may.next_after(date(2026, 6, 1)).unwrap().first, date(2027, 5, 1));
    }

    #[test]
    fn window_crossing_new_year() {
        let tet = window("12-15", "01-15");
        let o = tet.active_on(date(2027, 1, 10)).unwrap();
        assert_eq!((o.first, o.last), (date(2026, 12, 15), date(2027, 1, 15)));
        assert!(tet.active_on(date(2026, 12, 20)).is_some());
        assert!(tet.active_on(date(2027, 1, 16)).is_none());
    }

    #[test]
    fn one_off_window_runs_once() {
        let w = Window { year: Some(2026), ..window("03-01", "03-10") };
        assert!(w.active_on(date(2026, 3, 5)).is_some());
        assert!(w.active_on(date(2027, 3, 5)).is_none());
        assert!(w.next_after(date(2026, 4, 1)).is_none());
    }

    #[test]
    fn leap_day_falls_back_in_common_years() {
        let w = window("02-29", "02-29");
        assert_eq!(w.occurrence_starting_in(2027).unwrap().first, date(2027, 2, 28));
    }
}
