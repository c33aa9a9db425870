//! Fuzzy matching for the label picker and filters: a query matches a label when its characters
//! appear in it in order, ignoring case; runs, word starts and prefixes score higher.
//!
//! Written here rather than taken from a crate: a label vocabulary is tens of short names, and
//! this needs only ordering by a score, which a few lines give with no dependency.

/// How well `query` matches `candidate` (higher is better), or `None` when it does not.
/// An empty query matches everything with score 0.
///
/// The match is greedy from the left, which can miss the best alignment of a repeated letter;
/// for label names that costs nothing a user would notice.
pub fn score(query: &str, candidate: &str) -> Option<u32> {
    let query: Vec<char> = query.chars().flat_map(char::to_lowercase).collect();
    if query.is_empty() {
        return Some(0);
    }
    let chars: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
    let mut score = 0u32;
    let mut next = 0;
    let mut previous: Option<usize> = None;
    for wanted in &query {
        let found = (next..chars.len()).find(|&i| chars[i] == *wanted)?;
        score += 1;
        if previous.is_some_and(|p| p + 1 == found) {
            score += 4;
        }
        if found == 0 || !chars[found - 1].is_alphanumeric() {
            score += 3;
        }
        previous = Some(found);
        next = found + 1;
    }
    if chars.starts_with(&query) {
        score += 10;
    }
    if chars == query {
        score += 100;
    }
    Some(score)
}

/// The candidates that match `query`, best first (ties: shorter, then alphabetical).
pub fn rank<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(u32, &str)> = candidates
        .into_iter()
        .filter_map(|c| score(query, c).map(|s| (s, c)))
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.chars().count().cmp(&b.1.chars().count()))
            .then(a.1.cmp(b.1))
    });
    scored.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequences_match_in_order_ignoring_case() {
        assert!(score("wc", "wire copy").is_some());
        assert!(score("WIRE", "wire copy").is_some());
        assert!(score("cw", "wire copy").is_none());
        assert!(score("x", "wire copy").is_none());
        assert_eq!(score("", "anything"), Some(0));
        assert!(score("é", "Éditorial").is_some());
    }

    #[test]
    fn exact_then_prefix_then_scattered() {
        let labels = ["unattributed", "wire", "wire copy", "rewire", "quote"];
        assert_eq!(rank("wire", labels), ["wire", "wire copy", "rewire"]);
        assert_eq!(rank("u", labels), ["unattributed", "quote"]);
        assert_eq!(rank("wc", labels), ["wire copy"]);
        assert_eq!(rank("", labels).len(), 5);
    }
}
