//! Legal documents (văn bản): their front matter checked into [`Legal`] (type from the closed
//! list, dates, status, attached files measured on disk), and `replaced_by` resolved to the
//! replacing document, so both documents show the link without it being written twice.

use jiff::civil::Date;

pub use super::legal_model::{Attachment, Legal};
use super::model::{Details, Item};
use crate::content::legal_fields::{self, RawFile, Status, DOC_TYPES, FILE_TYPES, STATUSES};
use crate::content::model::Role;
use crate::content::{Broken, Kind, Source};
use crate::diag::{did_you_mean, suggestion, Diagnostic, Diagnostics};
use crate::messages::Msg;
use crate::msg;
use crate::text::date::parse_instant;
use crate::text::{nfc, slugify};

/// What checking a legal document needs to know of the site besides its file.
pub struct Inputs<'a> {
    pub tz: &'a jiff::tz::TimeZone,
    pub content_dir: &'a std::path::Path,
    pub base_path: &'a str,
    /// Asset files relative to content/.
    pub assets: &'a std::collections::BTreeSet<String>,
    /// Joins a path written in the file to its folder (`resolve::join`).
    pub join: fn(&str, &str) -> Option<String>,
}

/// Checks a legal document's own fields; `None` when any is wrong (each reported).
pub fn details(src: &Source, dir: &str, cx: &Inputs<'_>, diags: &mut Diagnostics) -> Option<Details> {
    let f = &src.front;
    let before = diags.error_count();
    let err = |line: usize, message: Msg, hint: Msg| Diagnostic::error(&src.shown, line, 1, message).with_hint(hint);
    let required = |key: &str, example: &str, diags: &mut Diagnostics| {
        diags.push(err(
            src.front_line,
            msg!("văn bản chưa có `{key}`", "the legal document has no `{key}`"),
            msg!("thêm dòng {key} = {example}", "add a line {key} = {example}"),
        ));
    };
    let number = match f.number.as_deref().map(str::trim) {
        Some(n) if !n.is_empty() => n.to_string(),
        _ => {
            required("number", "\"41/2024/QH15\" (số hiệu của văn bản)", diags);
            String::new()
        }
    };
    let doc_type = match f.doc_type.as_deref() {
        None => {
            required("doc_type", "\"Nghị định\"", diags);
            None
        }
        Some(written) => match legal_fields::doc_type(written) {
            Some(t) => Some(t),
            None => {
                let folded = |s: &str| slugify(s);
                let wanted = folded(written);
                let close = DOC_TYPES.iter().copied().find(|t| folded(t) == wanted).or_else(|| {
                    let folded_types: Vec<String> = DOC_TYPES.iter().map(|t| folded(t)).collect();
                    did_you_mean(&wanted, folded_types.iter().map(String::as_str))
                        .and_then(|hit| DOC_TYPES.iter().copied().find(|t| folded(t) == hit))
                });
                let hint = match close {
                    Some(t) => suggestion(t),
                    None => {
                        let all = DOC_TYPES.join(", ");
                        msg!("các loại văn bản là: {all}", "the document types are: {all}")
                    }
                };
                let message =
                    msg!("không có loại văn bản `{written}`", "`{written}` is not a known type of legal document");
                diags.push(err(src.line_of("doc_type"), message, hint));
                None
            }
        },
    };
    let issuer = match f.issuer.as_deref().map(str::trim) {
        Some(i) if !i.is_empty() => i.to_string(),
        _ => {
            required("issuer", "\"Chính phủ\" (cơ quan ban hành)", diags);
            String::new()
        }
    };
    let mut day = |key: &str, raw: &Option<crate::content::frontmatter::RawDate>| -> Option<Date> {
        let raw = raw.as_ref()?;
        match parse_instant(&raw.0, cx.tz) {
            Ok(ts) => Some(ts.to_zoned(cx.tz.clone()).date()),
            Err(_) => {
                let text = &raw.0;
                diags.push(err(
                    src.line_of(key),
                    msg!("`{key}`: `{text}` không phải một ngày", "`{key}`: `{text}` is not a date"),
                    msg!(
                        "ghi ngày dạng năm-tháng-ngày: {key} = 2024-06-29",
                        "write the date as year-month-day: {key} = 2024-06-29"
                    ),
                ));
                None
            }
        }
    };
    let issued = day("issued", &f.issued);
    let effective = day("effective", &f.effective);
    if f.issued.is_none() {
        required("issued", "2024-06-29 (ngày ban hành)", diags);
    }
    if let (Some(i), Some(e)) = (issued, effective) {
        if e < i {
            diags.push(err(
                src.line_of("effective"),
                Msg::new("ngày hiệu lực trước ngày ban hành", "the effective date is before the date of issue"),
                Msg::new("kiểm tra lại `issued` và `effective`", "check `issued` and `effective`"),
            ));
        }
    }
    let replaced_by_written = f
        .replaced_by
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| (r.to_string(), src.line_of("replaced_by")));
    let status = match f.status.as_deref() {
        None if replaced_by_written.is_some() => Status::Replaced,
        None => Status::InForce,
        Some(written) => match Status::parse(written) {
            Some(Status::Replaced) if replaced_by_written.is_none() => {
                diags.push(err(
                    src.line_of("status"),
                    Msg::new("văn bản bị thay thế nhưng chưa ghi văn bản thay thế", "the document is replaced, but by what is not written"),
                    Msg::new(
                        "thêm replaced_by = \"ten-van-ban-moi.md\"; văn bản chỉ hết hiệu lực thì ghi status = \"expired\"",
                        "add replaced_by = \"new-document.md\"; for a document that simply expired write status = \"expired\"",
                    ),
                ));
                Status::Replaced
            }
            Some(s) => s,
            None => {
                let hint = did_you_mean(written, STATUSES.iter().copied()).map(suggestion).unwrap_or_else(|| {
                    Msg::new(
                        "ghi status = \"in_force\" (còn hiệu lực), \"expired\" (hết hiệu lực) hoặc \"replaced\" (bị thay thế)",
                        "write status = \"in_force\", \"expired\" or \"replaced\"",
                    )
                });
                diags.push(err(
                    src.line_of("status"),
                    msg!("không có tình trạng `{written}`", "unknown status `{written}`"),
                    hint,
                ));
                Status::InForce
            }
        },
    };
    let files: Vec<Attachment> =
        f.files.iter().flatten().filter_map(|file| attachment(src, dir, file, cx, diags)).collect();
    if diags.error_count() > before {
        return None;
    }
    Some(Details::Legal(Box::new(Legal {
        number,
        doc_type: doc_type?,
        issuer,
        issued: issued?,
        effective,
        status,
        replaced_by_written,
        replaced_by: None,
        files,
    })))
}

/// One attached file: beside the document, of a type readers can open, its size read from disk.
fn attachment(src: &Source, dir: &str, file: &RawFile, cx: &Inputs<'_>, diags: &mut Diagnostics) -> Option<Attachment> {
    let path = nfc(file.path.trim()).into_owned();
    let line = src.line_of_value("files", &path);
    let err = |message: Msg, hint: Msg| Diagnostic::error(&src.shown, line, 1, message).with_hint(hint);
    let Some(file_type) = legal_fields::file_type(&path) else {
        let all = FILE_TYPES.iter().map(|(e, _)| *e).collect::<Vec<_>>().join(", ");
        diags.push(err(
            msg!("`{path}`: không đính kèm được loại tệp này", "`{path}`: files of this type cannot be attached"),
            msg!("đính kèm tệp {all}; ảnh thì chèn vào phần nội dung", "attach {all} files; put pictures in the body"),
        ));
        return None;
    };
    let rel = match (cx.join)(dir, &path) {
        Some(rel) if cx.assets.contains(&rel) => rel,
        _ => {
            let hint = crate::diag::missing_file_hint(
                &path,
                cx.assets,
                Msg::new(
                    "đặt tệp đính kèm cạnh tệp .md (hoặc trong thư mục của văn bản) và ghi tên tệp",
                    "put the attachment beside the .md file (or in the document's folder) and write its file name",
                ),
            );
            diags.push(err(msg!("tệp đính kèm `{path}` không tồn tại", "attachment `{path}` does not exist"), hint));
            return None;
        }
    };
    let bytes = match std::fs::metadata(cx.content_dir.join(&rel)) {
        Ok(m) => m.len(),
        Err(e) => {
            diags.push(err(
                msg!("không đọc được tệp đính kèm `{path}`: {e}", "cannot read attachment `{path}`: {e}"),
                Msg::new("kiểm tra quyền đọc của tệp", "check that the file can be read"),
            ));
            return None;
        }
    };
    let title = file
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| rel.rsplit('/').next().unwrap_or(&rel).to_string(), |t| nfc(t).into_owned());
    Some(Attachment { url: format!("{}/{rel}", cx.base_path), rel, title, file_type, bytes })
}

/// Resolves every `replaced_by` to the translation key of the replacing document: a path to
/// its .md file (relative to the file, or from content/), its address, or its slug.
pub fn link_replacements(
    items: &mut [Item],
    sources: &[Source],
    broken: &[Broken],
    join: fn(&str, &str) -> Option<String>,
    diags: &mut Diagnostics,
) {
    let legal_sources: Vec<&Source> = sources.iter().filter(|s| s.role == Role::Item(Kind::Legal)).collect();
    let slug_of = |s: &Source| s.front.slug.clone().unwrap_or_else(|| s.file_slug.clone());
    for item in items.iter_mut() {
        let key = item.translation_key.clone();
        let Details::Legal(legal) = &mut item.details else { continue };
        let Some((written, line)) = legal.replaced_by_written.clone() else { continue };
        let dir = item.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let by_path = written.ends_with(".md").then(|| join(dir, &written)).flatten();
        let found = match &by_path {
            Some(rel) => legal_sources.iter().find(|s| &s.rel == rel),
            None => {
                let slug = written.trim_matches('/').rsplit('/').next().unwrap_or_default();
                legal_sources.iter().find(|s| slug_of(s) == slug)
            }
        };
        match found {
            Some(target) => {
                let target_key = format!("{}/{}", target.section, target.file_slug);
                if target_key == key {
                    diags.push(
                        Diagnostic::error(
                            &item.shown,
                            line,
                            1,
                            Msg::new("văn bản không thể tự thay thế chính nó", "a document cannot replace itself"),
                        )
                        .with_hint(Msg::new(
                            "ghi vào replaced_by văn bản mới thay thế văn bản này",
                            "name in replaced_by the newer document that replaces this one",
                        )),
                    );
                } else {
                    legal.replaced_by = Some(target_key);
                }
            }
            None if by_path.as_ref().is_some_and(|rel| broken.iter().any(|b| &b.rel == rel)) => {}
            None => {
                let hint =
                    did_you_mean(&written, legal_sources.iter().map(|s| s.rel.rsplit('/').next().unwrap_or(&s.rel)))
                        .map(suggestion)
                        .unwrap_or_else(|| {
                            Msg::new(
                            "ghi tên tệp .md của văn bản thay thế, ví dụ replaced_by = \"luat-bhxh-2024.md\"",
                            "write the .md file of the replacing document, e.g. replaced_by = \"luat-bhxh-2024.md\"",
                        )
                        });
                diags.push(
                    Diagnostic::error(
                        &item.shown,
                        line,
                        1,
                        msg!(
                            "`replaced_by`: không có văn bản `{written}`",
                            "`replaced_by`: there is no legal document `{written}`"
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
}

/// What a legal document set to publish must have: its real number, and its summary (trích
/// yếu), which the list's table shows; the body may stay empty.
pub(super) fn unfinished(src: &Source, diags: &mut Diagnostics) {
    let f = &src.front;
    if f.number.as_deref().map(str::trim) == Some(legal_fields::NUMBER_PLACEHOLDER) {
        diags.push(
            Diagnostic::error(
                &src.shown,
                src.line_of("number"),
                1,
                Msg::new(
                    "`number` vẫn là chữ mẫu do `loa new` viết",
                    "`number` is still the placeholder `loa new` wrote",
                ),
            )
            .with_hint(Msg::new(
                "ghi số hiệu đúng như in trên văn bản, ví dụ number = \"41/2024/QH15\"",
                "write the number as printed on the document, e.g. number = \"41/2024/QH15\"",
            )),
        );
    }
    if f.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        let line = if f.summary.is_some() { src.line_of("summary") } else { src.front_line };
        diags.push(
            Diagnostic::error(
                &src.shown,
                line,
                1,
                Msg::new("văn bản chưa có trích yếu (`summary`)", "the legal document has no summary (`summary`)"),
            )
            .with_hint(Msg::new(
                "ghi trích yếu nội dung của văn bản vào summary = \"...\", hoặc để draft = true cho tới khi viết xong",
                "write what the document is about in summary = \"...\", or keep draft = true until it is finished",
            )),
        );
    }
}

/// A file size as readers read it: "412 KB", "1,2 MB" (`decimal` is the language's mark).
pub fn human_size(bytes: u64, decimal: &str) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} B")
    } else if bytes < MB {
        format!("{} KB", bytes.saturating_add(KB / 2) / KB)
    } else {
        let tenths = bytes.saturating_mul(10).saturating_add(MB / 2) / MB;
        format!("{}{decimal}{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(900, ","), "900 B");
        assert_eq!(human_size(412 * 1024 + 100, ","), "412 KB");
        assert_eq!(human_size(1_258_291, ","), "1,2 MB");
        assert_eq!(human_size(1_258_291, "."), "1.2 MB");
    }
}
