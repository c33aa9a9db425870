//! Finding typed words in a text, as the reader's searches do: ASCII case ignored (so each hit
//! is a byte span of the text itself, safe to slice), hits not overlapping, in text order.
//! Shared by the search in one article and the search across all of them.

use std::ops::Range;

/// Every occurrence of `query` in `text`, ignoring ASCII case, not overlapping.
///
/// # Examples
/// ```
/// use crossread::view::find::find_all;
/// assert_eq!(find_all("Kyiv, kyiv; KYIV", "kyiv"), [0..4, 6..10, 12..16]);
/// ```
pub fn find_all(text: &str, query: &str) -> Vec<Range<usize>> {
    let needle = query.as_bytes();
    let hay = text.as_bytes();
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > hay.len() {
        return out;
    }
    let mut at = 0;
    while at + needle.len() <= hay.len() {
        // The needle is a whole str, so a match starts and ends on char boundaries.
        if hay[at..at + needle.len()].eq_ignore_ascii_case(needle) {
            out.push(at..at + needle.len());
            at += needle.len();
        } else {
            at += 1;
        }
    }
    out
}
