//! The checked data of a legal document (văn bản), as `Details::Legal` carries it: kept apart
//! from the checks (`legal.rs`) so the site model depends on nothing but data.

use jiff::civil::Date;

use crate::content::legal_fields::Status;
use crate::text::slugify;

/// What a legal document carries besides what every item has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Legal {
    /// Số hiệu, as written ("41/2024/QH15").
    pub number: String,
    /// The canonical name of its type ("Nghị định").
    pub doc_type: &'static str,
    /// Cơ quan ban hành.
    pub issuer: String,
    pub issued: Date,
    pub effective: Option<Date>,
    /// The status written (`Replaced` also when only `replaced_by` is written).
    pub status: Status,
    /// `replaced_by` as written, with its line, until `site::legal::link_replacements` resolves it.
    pub replaced_by_written: Option<(String, usize)>,
    /// The translation key of the replacing document, once resolved.
    pub replaced_by: Option<String>,
    pub files: Vec<Attachment>,
}

/// A file attached to a legal document, published beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Relative to content/.
    pub rel: String,
    pub url: String,
    pub title: String,
    /// The type readers see ("PDF").
    pub file_type: &'static str,
    pub bytes: u64,
}

impl Legal {
    /// The year readers filter by: the year of issue.
    pub fn year(&self) -> i16 {
        self.issued.year()
    }

    /// The slug of the document type in filter URLs ("nghi-dinh").
    pub fn type_slug(&self) -> String {
        slugify(self.doc_type)
    }

    /// The slug of the issuer in filter URLs ("quoc-hoi").
    pub fn issuer_slug(&self) -> String {
        slugify(&self.issuer)
    }
}
