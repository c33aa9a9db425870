//! Grouping pairwise matches into reuse clusters: one passage found in N articles is one
//! cluster with N members, whichever pairs the alignment happened to report. Overlapping spans
//! of one article are one member; matches that join members join their clusters (union-find).
//! Also counts, for each article, how much of it sits inside shared passages.

use std::ops::Range;

/// One article's merged passages: spans sorted, disjoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Members {
    /// Byte spans of the article's shared passages, sorted and disjoint.
    pub spans: Vec<Range<usize>>,
}

impl Members {
    /// Builds the disjoint union of `spans` (any overlap merges two spans).
    pub fn from_spans(mut spans: Vec<Range<usize>>) -> Members {
        spans.sort_by_key(|s| (s.start, s.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
        for span in spans {
            match merged.last_mut() {
                Some(last) if span.start < last.end => last.end = last.end.max(span.end),
                _ => merged.push(span),
            }
        }
        Members { spans: merged }
    }

    /// The index of the merged span that contains `span`.
    pub fn position(&self, span: &Range<usize>) -> Option<usize> {
        let i = self.spans.partition_point(|s| s.end <= span.start);
        self.spans
            .get(i)
            .filter(|s| s.start <= span.start && span.end <= s.end)
            .map(|_| i)
    }
}

/// Disjoint sets over `0..n` with path halving and union by size.
#[derive(Debug, Clone)]
pub struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    /// `n` singletons.
    pub fn new(n: usize) -> DisjointSets {
        DisjointSets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    /// The representative of `x`'s set.
    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `x` and `y`.
    pub fn union(&mut self, x: usize, y: usize) {
        let (mut x, mut y) = (self.find(x), self.find(y));
        if x == y {
            return;
        }
        if self.size[x] < self.size[y] {
            std::mem::swap(&mut x, &mut y);
        }
        self.parent[y] = x;
        self.size[x] += self.size[y];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_merge_and_are_found() {
        let m = Members::from_spans(vec![10..20, 0..5, 15..30, 40..50, 50..60]);
        assert_eq!(m.spans, [0..5, 10..30, 40..50, 50..60]);
        assert_eq!(m.position(&(15..20)), Some(1));
        assert_eq!(m.position(&(50..60)), Some(3));
        assert_eq!(m.position(&(5..8)), None);
    }

    #[test]
    fn union_find_joins_transitively() {
        let mut sets = DisjointSets::new(5);
        sets.union(0, 1);
        sets.union(3, 4);
        sets.union(1, 4);
        assert_eq!(sets.find(0), sets.find(3));
        assert_ne!(sets.find(0), sets.find(2));
    }
}
