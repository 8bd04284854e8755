//! The front matter of a legal document (văn bản): its fields, the closed list of document
//! types, the statuses and the file types an attachment may have.

use serde::Deserialize;

/// Fields a legal document accepts besides the common ones.
pub const LEGAL_FIELDS: &[&str] =
    &["number", "doc_type", "issuer", "issued", "effective", "status", "replaced_by", "files"];

/// The number `loa new` writes, refused in a document set to publish.
pub const NUMBER_PLACEHOLDER: &str = "Số/Ký hiệu";

/// One attached file as written: `{ path = "ke-hoach.pdf", title = "Toàn văn" }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub path: String,
    pub title: Option<String>,
}

/// The types of documents a portal publishes, as the Law on Promulgation of Legal Documents
/// and administrative practice name them. A closed list, so that filtering by type never
/// splits one type over two spellings.
pub const DOC_TYPES: &[&str] = &[
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị quyết",
    "Nghị quyết liên tịch",
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
    "Quyết định",
    "Chỉ thị",
    "Kết luận",
    "Kế hoạch",
    "Hướng dẫn",
    "Công văn",
    "Thông báo",
    "Quy định",
    "Văn bản hợp nhất",
];

/// The type named by `written`, in its canonical spelling; letter case does not matter.
pub fn doc_type(written: &str) -> Option<&'static str> {
    let written = written.trim().to_lowercase();
    DOC_TYPES.iter().copied().find(|t| t.to_lowercase() == written)
}

/// Whether a document still applies, as its `status` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InForce,
    Expired,
    Replaced,
}

/// The values `status` accepts, as written.
pub const STATUSES: &[&str] = &["in_force", "expired", "replaced"];

impl Status {
    pub fn parse(written: &str) -> Option<Status> {
        match written.trim() {
            "in_force" => Some(Status::InForce),
            "expired" => Some(Status::Expired),
            "replaced" => Some(Status::Replaced),
            _ => None,
        }
    }
}

/// The file types an attachment may have (lower-case extension → the name readers see).
pub const FILE_TYPES: &[(&str, &str)] = &[
    ("pdf", "PDF"),
    ("doc", "DOC"),
    ("docx", "DOCX"),
    ("xls", "XLS"),
    ("xlsx", "XLSX"),
    ("odt", "ODT"),
    ("ods", "ODS"),
    ("rtf", "RTF"),
    ("ppt", "PPT"),
    ("pptx", "PPTX"),
    ("zip", "ZIP"),
];

/// The type name of a file by its extension, or `None` when attachments may not have it.
pub fn file_type(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    FILE_TYPES.iter().find(|(e, _)| *e == ext).map(|&(_, shown)| shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_types_match_whatever_the_case() {
        assert_eq!(doc_type("nghị định"), Some("Nghị định"));
        assert_eq!(doc_type(" Thông tư liên tịch "), Some("Thông tư liên tịch"));
        assert_eq!(doc_type("Nghi dinh"), None);
    }

    #[test]
    fn attachments_are_named_by_their_extension() {
        assert_eq!(file_type("van-ban/kh.PDF"), Some("PDF"));
        assert_eq!(file_type("a.b/bieu-mau.xlsx"), Some("XLSX"));
        assert_eq!(file_type("anh.png"), None);
        assert_eq!(file_type("khong-duoi"), None);
        assert_eq!(Status::parse("replaced"), Some(Status::Replaced));
        assert_eq!(Status::parse("het-hieu-luc"), None);
    }
}
