//! Problems found in a body, and their line and column in the whole file.

use crate::messages::Msg;

/// How bad a problem is: errors stop a build, warnings are reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Severity {
    Error,
    Warning,
}

/// A problem found in the body; line and col are 1-based positions in the WHOLE file (body line
/// 1 is file line `first_line`).
#[derive(Debug, Clone, PartialEq)]
pub struct BodyProblem {
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: Msg,
    pub hint: Option<Msg>,
}

/// A problem while rendering, still at a byte offset of the body.
///
/// Positions are worked out once at the end, because most pages have no problem at all and
/// the line index is not worth building for them.
#[derive(Debug)]
pub(super) struct Found {
    pub offset: usize,
    pub severity: Severity,
    pub message: Msg,
    pub hint: Option<Msg>,
}

/// Turns byte offsets into file positions: line counted from `first_line`, column in characters.
pub(super) fn locate(body: &str, first_line: usize, found: Vec<Found>) -> Vec<BodyProblem> {
    if found.is_empty() {
        return Vec::new();
    }
    let line_starts: Vec<usize> = std::iter::once(0).chain(body.match_indices('\n').map(|(at, _)| at + 1)).collect();
    found
        .into_iter()
        .map(|problem| {
            let offset = problem.offset.min(body.len());
            // The number of line starts at or before the offset is the 1-based line in the body.
            let line_index = line_starts.partition_point(|&start| start <= offset).saturating_sub(1);
            let line_start = line_starts.get(line_index).copied().unwrap_or(0);
            let col = body.get(line_start..offset).map_or(0, |before| before.chars().count()) + 1;
            BodyProblem {
                line: first_line + line_index,
                col,
                severity: problem.severity,
                message: problem.message,
                hint: problem.hint,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(offset: usize) -> Found {
        Found { offset, severity: Severity::Error, message: "x".into(), hint: None }
    }

    fn positions(body: &str, first_line: usize, offsets: &[usize]) -> Vec<(usize, usize)> {
        let found = offsets.iter().map(|&offset| at(offset)).collect();
        locate(body, first_line, found).iter().map(|p| (p.line, p.col)).collect()
    }

    #[test]
    fn first_line_offset_is_applied() {
        assert_eq!(positions("abc\ndef\n", 5, &[0, 2, 4, 6]), [(5, 1), (5, 3), (6, 1), (6, 3)]);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let body = "Đây là [x](a.md)";
        let offset = body.find('[').unwrap_or_default();
        assert_eq!(positions(body, 1, &[offset]), [(1, 8)]);
    }

    #[test]
    fn windows_line_ends_do_not_shift_columns() {
        assert_eq!(positions("ab\r\ncd", 1, &[4]), [(2, 1)]);
    }

    #[test]
    fn no_problems_gives_nothing() {
        assert!(locate("abc", 1, Vec::new()).is_empty());
    }
}
