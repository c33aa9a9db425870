//! Load warnings as a person reads them on a terminal: grouped by kind, a few of each kind
//! listed with their file, the rest of that kind counted in one line. A folder of 10,000 empty
//! files or broken links then says so in four lines, not 10,000, and a warning of another kind
//! is not lost among them. Writing the lines out is left to the binary; the full list stays in
//! the [`Warning`]s (and in the reader's status bar, one at a time).

use std::collections::HashMap;
use std::path::Path;

use crate::corpus::Warning;

/// A kind with at most this many warnings is listed in full.
pub const LISTED_IN_FULL: usize = 5;

/// A kind with more warnings lists this many, then counts the rest.
pub const LISTED_BEFORE_COUNT: usize = 3;

/// The kind of a warning: its message without the numbers in it, so that `not valid UTF-8: 3
/// byte(s)` and `not valid UTF-8: 12 byte(s)` are one kind.
fn kind(message: &str) -> String {
    message.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// What a kind's summary line says: the message when all of them say the same, else the text
/// before its first number (`not valid UTF-8`).
fn kind_text<'a>(messages: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut all = messages.clone();
    let first = all.next().unwrap_or("");
    if all.all(|m| m == first) {
        return first.to_owned();
    }
    // A number is digits after a space: the 8 of UTF-8 is part of a word.
    let before_number = first
        .match_indices(' ')
        .find(|&(at, _)| first[at + 1..].starts_with(|c: char| c.is_ascii_digit()))
        .map_or(first, |(at, _)| &first[..at]);
    before_number
        .trim_end_matches(|c: char| c == ':' || c == '(' || c.is_whitespace())
        .to_owned()
}

/// A count with thousands separators: `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The lines to show for `warnings` of a load of the corpus in `dir`, kinds in the order they
/// first appear: every warning of a kind that has at most [`LISTED_IN_FULL`], else the first
/// [`LISTED_BEFORE_COUNT`] and one line counting the others.
///
/// # Examples
/// ```
/// use std::path::{Path, PathBuf};
/// use crossread::Warning;
/// use crossread::corpus::warning_summary::summarize;
/// let warnings: Vec<Warning> = (0..1000)
///     .map(|i| Warning { path: PathBuf::from(format!("c/{i}.txt")), message: "empty".into() })
///     .collect();
/// let lines = summarize(&warnings, Path::new("c"));
/// assert_eq!(lines, ["c/0.txt: empty", "c/1.txt: empty", "c/2.txt: empty",
///     "c: 997 more files: empty (1,000 in all)"]);
/// ```
pub fn summarize(warnings: &[Warning], dir: &Path) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    let mut by_kind: HashMap<String, Vec<&Warning>> = HashMap::new();
    for warning in warnings {
        let kind = kind(&warning.message);
        by_kind
            .entry(kind.clone())
            .or_insert_with(|| {
                order.push(kind);
                Vec::new()
            })
            .push(warning);
    }
    let mut lines = Vec::new();
    for kind in &order {
        let Some(group) = by_kind.get(kind) else {
            continue;
        };
        if group.len() <= LISTED_IN_FULL {
            lines.extend(group.iter().map(ToString::to_string));
            continue;
        }
        lines.extend(
            group
                .iter()
                .take(LISTED_BEFORE_COUNT)
                .map(ToString::to_string),
        );
        let rest = group.len() - LISTED_BEFORE_COUNT;
        let text = kind_text(group.iter().map(|w| w.message.as_str()));
        lines.push(format!(
            "{}: {} more files: {text} ({} in all)",
            dir.display(),
            thousands(rest),
            thousands(group.len())
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn warning(path: &str, message: &str) -> Warning {
        Warning {
            path: PathBuf::from(path),
            message: message.to_owned(),
        }
    }

    #[test]
    fn a_few_of_a_kind_are_all_listed() {
        let warnings: Vec<Warning> = (0..LISTED_IN_FULL)
            .map(|i| warning(&format!("d/{i}.txt"), "skipped: binary file (NUL bytes)"))
            .collect();
        let lines = summarize(&warnings, Path::new("d"));
        assert_eq!(lines.len(), LISTED_IN_FULL);
        assert_eq!(lines[4], "d/4.txt: skipped: binary file (NUL bytes)");
    }

    #[test]
    fn many_of_a_kind_are_counted_and_other_kinds_stay_listed() {
        let mut warnings: Vec<Warning> = (0..10_000)
            .map(|i| warning(&format!("d/e{i:05}.txt"), "empty: nothing to compare"))
            .collect();
        warnings.insert(7, warning("d/x.txt", "skipped: binary file (NUL bytes)"));
        for n in [3, 12, 40, 7, 1, 9] {
            warnings.push(warning(
                &format!("d/u{n}.txt"),
                &format!("not valid UTF-8: {n} byte(s) read as Windows-1252"),
            ));
        }
        let lines = summarize(&warnings, Path::new("d"));
        assert_eq!(
            lines,
            [
                "d/e00000.txt: empty: nothing to compare",
                "d/e00001.txt: empty: nothing to compare",
                "d/e00002.txt: empty: nothing to compare",
                "d: 9,997 more files: empty: nothing to compare (10,000 in all)",
                "d/x.txt: skipped: binary file (NUL bytes)",
                "d/u3.txt: not valid UTF-8: 3 byte(s) read as Windows-1252",
                "d/u12.txt: not valid UTF-8: 12 byte(s) read as Windows-1252",
                "d/u40.txt: not valid UTF-8: 40 byte(s) read as Windows-1252",
                "d: 3 more files: not valid UTF-8 (6 in all)",
            ]
        );
    }

    #[test]
    fn no_warnings_no_lines() {
        assert!(summarize(&[], Path::new("d")).is_empty());
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
