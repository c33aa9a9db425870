//! CSV fields, shared by the scan's CSV output and its outlet matrix, so both quote alike.

/// A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
