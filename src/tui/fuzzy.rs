//! Fuzzy matching for the pickers and filters, through `nucleo-matcher` (the matcher of helix
//! and nucleo): a query matches when its characters appear in order, ignoring case and (for
//! non-ASCII text) accents; runs, word starts and prefixes score higher.
//!
//! One matcher for every list the user filters by typing: the label picker, the label filter
//! and the article picker. A candidate is matched in place (ASCII text is not copied at all),
//! so filtering allocates per keystroke, not per candidate.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// A query ready to score candidates with.
pub struct Query {
    matcher: Matcher,
    atom: Option<Atom>,
    chars: Vec<char>,
}

impl Query {
    /// `query` as typed; whitespace is part of it (label names have spaces).
    pub fn new(query: &str) -> Query {
        let mut config = Config::DEFAULT;
        config.prefer_prefix = true;
        let atom = (!query.is_empty()).then(|| {
            Atom::new(
                query,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
                false,
            )
        });
        Query {
            matcher: Matcher::new(config),
            atom,
            chars: Vec::new(),
        }
    }

    /// How well the query matches `candidate` (higher is better), or `None` when it does
    /// not. An empty query matches everything with score 0.
    pub fn score(&mut self, candidate: &str) -> Option<u32> {
        let Some(atom) = &self.atom else {
            return Some(0);
        };
        let haystack = Utf32Str::new(candidate, &mut self.chars);
        atom.score(haystack, &mut self.matcher).map(u32::from)
    }
}

/// How well `query` matches `candidate` (higher is better), or `None` when it does not.
/// An empty query matches everything with score 0. (The pickers keep a [`Query`] instead.)
#[cfg(test)]
pub fn score(query: &str, candidate: &str) -> Option<u32> {
    Query::new(query).score(candidate)
}

/// The candidates that match `query`, best first. Ties (the matcher scores a match at the
/// start of any word alike): the candidate that is the query, then one that starts with it,
/// then the shorter, then alphabetical; for a short vocabulary such as labels.
pub fn rank<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let folded = query.to_lowercase();
    let mut matcher = Query::new(query);
    let mut scored: Vec<(u32, u8, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let score = matcher.score(c)?;
            let lower = c.to_lowercase();
            let closeness = u8::from(lower.starts_with(&folded)) + u8::from(lower == folded);
            Some((score, closeness, c))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(a.2.chars().count().cmp(&b.2.chars().count()))
            .then(a.2.cmp(b.2))
    });
    scored.into_iter().map(|(_, _, c)| c).collect()
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
