//! Publication state: the one place that decides whether an item is live at `now`.
//!
//! An item is live when it is not a draft, its publish instant (`publish_at`, else `date`) is
//! not after `now`, and `expire_at` is absent or after `now`. Every later stage sees only the
//! items this module lets through, so no page, list or file can include a non-live item.

use jiff::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Live,
    Draft,
    Scheduled,
    Expired,
}

/// Which non-live items a preview build shows (never a public build).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Preview {
    /// `--future`: scheduled and expired items.
    pub future: bool,
    /// `--drafts`: drafts.
    pub drafts: bool,
}

/// The publication dates of an item, as resolved in the site's time zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Schedule {
    pub draft: bool,
    pub publish_at: Option<Timestamp>,
    pub expire_at: Option<Timestamp>,
}

impl Schedule {
    pub fn state_at(&self, now: Timestamp) -> State {
        if self.draft {
            State::Draft
        } else if self.publish_at.is_some_and(|p| p > now) {
            State::Scheduled
        } else if self.expire_at.is_some_and(|e| e <= now) {
            State::Expired
        } else {
            State::Live
        }
    }
}

impl Preview {
    /// Whether an item in `state` goes into this build.
    pub fn includes(&self, state: State) -> bool {
        match state {
            State::Live => true,
            State::Draft => self.drafts,
            State::Scheduled | State::Expired => self.future,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn publish_instant_is_inclusive_and_expiry_exclusive() {
        let s = Schedule {
            draft: false,
            publish_at: Some(ts("2026-12-01T00:00:00Z")),
            expire_at: Some(ts("2026-12-31T00:00:00Z")),
        };
        assert_eq!(s.state_at(ts("2026-11-30T23:59:59Z")), State::Scheduled);
        assert_eq!(s.state_at(ts("2026-12-01T00:00:00Z")), State::Live);
        assert_eq!(s.state_at(ts("2026-12-30T23:59:59Z")), State::Live);
        assert_eq!(s.state_at(ts("2026-12-31T00:00:00Z")), State::Expired);
    }

    #[test]
    fn drafts_are_never_live() {
        let s = Schedule { draft: true, ..Default::default() };
        assert_eq!(s.state_at(ts("2030-01-01T00:00:00Z")), State::Draft);
        assert!(!Preview { future: true, drafts: false }.includes(State::Draft));
        assert!(Preview { future: false, drafts: true }.includes(State::Draft));
    }

    #[test]
    fn public_build_includes_only_live() {
        let p = Preview::default();
        assert!(p.includes(State::Live));
        assert!(!p.includes(State::Scheduled));
        assert!(!p.includes(State::Expired));
    }
}
