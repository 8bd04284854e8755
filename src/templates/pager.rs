//! The page numbers of a list's pager.

/// The page numbers a pager shows: the first, the last, and two either side of the current
/// one; `None` marks a gap. A list of 400 pages links 7 of them, not 400, on every page.
pub fn page_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let mut shown: Vec<usize> = vec![1, total];
    shown.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    for (i, &k) in shown.iter().enumerate() {
        if i > 0 && k > shown[i - 1] + 1 {
            out.push(None);
        }
        out.push(Some(k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn pager_shows_ends_and_neighbours_with_gaps() {
        assert_eq!(page_window(1, 1), [Some(1)]);
        assert_eq!(page_window(2, 4), [Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(
            page_window(10, 400),
            [Some(1), None, Some(8), Some(9), Some(10), Some(11), Some(12), None, Some(400)]
        );
        assert_eq!(page_window(399, 400), [Some(1), None, Some(397), Some(398), Some(399), Some(400)]);
    }
}
