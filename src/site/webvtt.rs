//! Checking a WebVTT captions file the way a browser reads it: the `WEBVTT` signature, then
//! cues whose timing lines parse (`00:01.000 --> 00:04.500`, hours optional) and end after they
//! start. A browser silently drops a broken cue; loa says where it is instead.

use crate::messages::Msg;
use crate::msg;

/// A problem of a captions file at a 1-based line, with a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VttProblem {
    pub line: usize,
    pub message: Msg,
    pub hint: Msg,
}

/// Every problem of `text` (empty when the file is sound), and the number of cues.
pub fn check(text: &str) -> (Vec<VttProblem>, usize) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut problems = Vec::new();
    let first = text.lines().next().unwrap_or("");
    let signed = first == "WEBVTT" || first.starts_with("WEBVTT ") || first.starts_with("WEBVTT\t");
    if !signed {
        problems.push(VttProblem {
            line: 1,
            message: Msg::new(
                "tệp phụ đề không bắt đầu bằng dòng WEBVTT",
                "the captions file does not start with the line WEBVTT",
            ),
            hint: Msg::new(
                "xuất phụ đề ở định dạng WebVTT (.vtt): dòng đầu là WEBVTT, rồi một dòng trống, rồi các đoạn",
                "export the captions as WebVTT (.vtt): WEBVTT on the first line, an empty line, then the cues",
            ),
        });
        return (problems, 0);
    }
    let mut cues = 0;
    for (i, line) in text.lines().enumerate().skip(1) {
        if !line.contains("-->") {
            continue;
        }
        cues += 1;
        if let Err(message) = timing(line) {
            problems.push(VttProblem {
                line: i + 1,
                message,
                hint: Msg::new(
                    "ghi thời điểm dạng phút:giây.mili-giây, ví dụ 00:01.000 --> 00:04.500 (có thể thêm giờ: 00:00:01.000)",
                    "write the times as minutes:seconds.milliseconds, e.g. 00:01.000 --> 00:04.500 (hours optional: 00:00:01.000)",
                ),
            });
        }
    }
    if cues == 0 {
        problems.push(VttProblem {
            line: 1,
            message: Msg::new("tệp phụ đề không có đoạn nào", "the captions file has no cues"),
            hint: Msg::new(
                "mỗi đoạn là một dòng thời điểm 00:01.000 --> 00:04.500 và dòng chữ bên dưới",
                "each cue is a timing line 00:01.000 --> 00:04.500 with its text below",
            ),
        });
    }
    (problems, cues)
}

/// Checks one timing line ("00:01.000 --> 00:04.500 align:start").
fn timing(line: &str) -> Result<(), Msg> {
    let (start, rest) = line.split_once("-->").unwrap_or((line, ""));
    let end = rest.split_whitespace().next().unwrap_or("");
    let (start, end) = (start.trim(), end.trim());
    let a = timestamp(start).ok_or_else(|| msg!("`{start}` không phải thời điểm", "`{start}` is not a timestamp"))?;
    let b = timestamp(end).ok_or_else(|| msg!("`{end}` không phải thời điểm", "`{end}` is not a timestamp"))?;
    if b <= a {
        return Err(msg!(
            "đoạn kết thúc ({end}) không sau lúc bắt đầu ({start})",
            "the cue ends ({end}) no later than it starts ({start})"
        ));
    }
    Ok(())
}

/// Milliseconds of `[hh:]mm:ss.ttt`.
fn timestamp(s: &str) -> Option<u64> {
    let (clock, millis) = s.split_once('.')?;
    if millis.len() != 3 || !millis.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] if h.len() >= 2 => (*h, *m, *s),
        _ => return None,
    };
    let two = |x: &str| x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !two(minutes) || !two(seconds) || !hours.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m, sec): (u64, u64, u64) = (hours.parse().ok()?, minutes.parse().ok()?, seconds.parse().ok()?);
    if m > 59 || sec > 59 {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + millis.parse::<u64>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_sound_file() {
        let text = "WEBVTT\n\n1\n00:00.000 --> 00:02.500\nMở kho ứng dụng\n\n00:00:02.500 --> 00:00:05.000 align:start\nTìm VssID\n";
        assert_eq!(check(text), (vec![], 2));
    }

    #[test]
    fn names_the_line_of_a_broken_cue() {
        let (problems, cues) = check("WEBVTT\n\n00:00.000 --> 00:02,500\nA\n\n00:03.000 --> 00:02.000\nB\n");
        assert_eq!(cues, 2);
        assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![3, 6]);
        assert!(problems[0].message.en.contains("00:02,500"), "{:?}", problems[0]);
        assert!(problems[1].message.en.contains("no later"), "{:?}", problems[1]);
    }

    #[test]
    fn refuses_a_file_without_the_signature() {
        let (problems, _) = check("1\n00:00:00,000 --> 00:00:02,000\nSRT\n");
        assert_eq!(problems[0].line, 1);
        assert!(problems[0].message.en.contains("WEBVTT"));
        assert_eq!(check("WEBVTT\n").0[0].message.en, "the captions file has no cues");
    }
}
