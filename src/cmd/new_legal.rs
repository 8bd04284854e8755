//! The front matter `loa new van-ban` writes for a legal document: every field with a note
//! saying what to write, and placeholders `loa check` refuses in a document set to publish.

use jiff::civil::Date;

use crate::content::legal_fields::{DOC_TYPES, NUMBER_PLACEHOLDER};
use crate::content::Config;
use crate::messages::Lang;

/// The legal document's own fields, after the common ones.
pub fn fields(config: &Config, today: Date, lang: Lang) -> String {
    let c = |vi: &str, en: &str| format!("# {}\n", lang.pick(vi, en));
    let mut s = String::new();
    s.push_str(&c(
        "Số hiệu đúng như in trên văn bản, ví dụ \"41/2024/QH15\" hoặc \"4217/KH-BHXH\".",
        "The number exactly as printed on the document, e.g. \"41/2024/QH15\" or \"4217/KH-BHXH\".",
    ));
    s.push_str(&format!("number = \"{NUMBER_PLACEHOLDER}\"\n"));
    s.push_str(&format!("# {}: {}\n", lang.pick("Loại văn bản", "Document type"), DOC_TYPES.join(", ")));
    s.push_str("doc_type = \"Quyết định\"\n");
    s.push_str(&c("Cơ quan ban hành.", "The issuing body."));
    let issuer = config.agency.name.clone().unwrap_or_else(|| config.title.clone());
    s.push_str(&format!("issuer = \"{}\"\n", issuer.replace('\\', "\\\\").replace('"', "\\\"")));
    s.push_str(&c("Ngày ban hành.", "The date of issue."));
    s.push_str(&format!("issued = {today}\n"));
    s.push_str(&c(
        "Ngày có hiệu lực; văn bản đã bị thay thế: replaced_by = \"ten-tep-van-ban-moi.md\"; \
         hết hiệu lực: status = \"expired\". Bỏ dấu # để dùng.",
        "The date it takes effect; a replaced document: replaced_by = \"new-document.md\"; \
         an expired one: status = \"expired\". Remove the # to use them.",
    ));
    s.push_str(&format!("# effective = {today}\n# replaced_by = \"\"\n"));
    s.push_str(&c(
        "Tệp đính kèm (PDF, DOCX, XLSX…) đặt cạnh tệp này. Bỏ dấu # để dùng.",
        "Attached files (PDF, DOCX, XLSX…) beside this file. Remove the # to use them.",
    ));
    s.push_str("# files = [{ path = \"toan-van.pdf\", title = \"Toàn văn\" }]\n");
    s
}
