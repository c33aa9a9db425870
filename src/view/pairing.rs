//! Two articles side by side: which stretches of each line up with which stretches of the
//! other, the word-level differences inside each shared passage, and the rows a two-pane view
//! draws so that shared passages sit on the same rows. Terminal-free: views only draw the rows.
//!
//! The passages come from reuse detection ([`crate::detect::reuse`]); this module never searches for
//! them. Of the matches between the two articles it keeps the heaviest chain that runs forward
//! in both (a passage moved to another place cannot line up with its copy without breaking the
//! reading order on one side); the text between two kept passages forms a block of its own,
//! each side holding what only it has there.

use std::ops::Range;

use crate::corpus::segment::Paragraph;
use crate::corpus::{Article, ArticleId, Corpus};
use crate::detect::reuse::{ClusterId, MatchKind, Reuse};
use crate::view::word_diff;
use crate::view::wrap::{self, Line};

pub use crate::view::word_diff::{WORD_DIFF_DEADLINE, WordChange, WordMark};

/// A passage both articles carry, lined up.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedPassage {
    /// Similarity of the two copies, in [0, 1].
    pub similarity: f64,
    /// Verbatim copy or rewrite.
    pub kind: MatchKind,
    /// The cluster the passage belongs to.
    pub cluster: ClusterId,
    /// Words of the left copy that differ, in text order.
    pub left_words: Vec<WordMark>,
    /// Words of the right copy that differ, in text order.
    pub right_words: Vec<WordMark>,
}

/// A stretch of each article that the view draws side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Bytes of the left article (may be empty).
    pub left: Range<usize>,
    /// Bytes of the right article (may be empty).
    pub right: Range<usize>,
    /// Set when the two stretches are one passage; `None` for text only its own side has.
    pub shared: Option<SharedPassage>,
}

/// Two articles lined up, block by block, covering both texts in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    /// The article on the left.
    pub left: ArticleId,
    /// The article on the right.
    pub right: ArticleId,
    /// The blocks, in reading order on both sides.
    pub blocks: Vec<Block>,
}

/// One row of a two-pane view: a wrapped line of each side, or nothing (padding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairRow {
    /// The block this row belongs to; `None` for the blank row between blocks.
    pub block: Option<usize>,
    /// The left line, if this row shows one.
    pub left: Option<Line>,
    /// The right line, if this row shows one.
    pub right: Option<Line>,
}

impl Pairing {
    /// Lines up `left` and `right` along the passages `reuse` found between them.
    ///
    /// # Examples
    /// ```
    /// use crossread::{Corpus, config::DetectConfig, detect::reuse::detect, view::pairing::Pairing};
    /// let wire = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term \
    ///     in office was due to expire in May 2024 but the war means no new presidential \
    ///     election has yet been held.";
    /// let a = format!("The talks stalled on Thursday.\n\n{wire}");
    /// let b = wire.replace("Zelenskiy's", "Zelenskyy's");
    /// let corpus = Corpus::from_texts([("a.txt", a.as_str()), ("b.txt", b.as_str())]);
    /// let reuse = detect(&corpus, &DetectConfig::default());
    /// let [x, y] = [0, 1].map(|i| corpus.articles[i].id);
    /// let pairing = Pairing::new(&corpus, &reuse, x, y);
    /// // Text only the left has, then the shared passage.
    /// assert_eq!(pairing.blocks.len(), 2);
    /// assert!(pairing.blocks[0].shared.is_none());
    /// let shared = pairing.blocks[1].shared.as_ref().unwrap();
    /// let respelled = &shared.left_words[0];
    /// assert_eq!(&a[respelled.byte_span.clone()], "Zelenskiy");
    /// ```
    pub fn new(corpus: &Corpus, reuse: &Reuse, left: ArticleId, right: ArticleId) -> Pairing {
        let (Some(l), Some(r)) = (corpus.article(left), corpus.article(right)) else {
            return Pairing {
                left,
                right,
                blocks: Vec::new(),
            };
        };
        let mut found: Vec<Found> = if left == right {
            Vec::new()
        } else {
            reuse
                .matches_of(left)
                .filter_map(|m| {
                    let (mine, theirs) = m.from_side_of(left)?;
                    (theirs.article == right).then(|| Found {
                        left: mine.byte_span.clone(),
                        right: theirs.byte_span.clone(),
                        similarity: m.similarity,
                        kind: m.kind,
                        cluster: m.cluster,
                        words: m.words,
                    })
                })
                .collect()
        };
        found.sort_by_key(|f| (f.left.start, f.right.start));
        let chain = heaviest_chain(&found);
        let mut blocks = Vec::new();
        let (mut at_left, mut at_right) = (0, 0);
        for f in chain.iter().map(|&i| &found[i]) {
            push_gap(
                &mut blocks,
                l,
                r,
                at_left..f.left.start,
                at_right..f.right.start,
            );
            let (left_words, right_words) = word_diff::marks(l.text(), &f.left, r.text(), &f.right);
            blocks.push(Block {
                left: f.left.clone(),
                right: f.right.clone(),
                shared: Some(SharedPassage {
                    similarity: f.similarity,
                    kind: f.kind,
                    cluster: f.cluster,
                    left_words,
                    right_words,
                }),
            });
            (at_left, at_right) = (f.left.end, f.right.end);
        }
        push_gap(
            &mut blocks,
            l,
            r,
            at_left..l.text().len(),
            at_right..r.text().len(),
        );
        Pairing {
            left,
            right,
            blocks,
        }
    }

    /// The same pairing with the sides swapped.
    pub fn swapped(&self) -> Pairing {
        Pairing {
            left: self.right,
            right: self.left,
            blocks: self
                .blocks
                .iter()
                .map(|b| Block {
                    left: b.right.clone(),
                    right: b.left.clone(),
                    shared: b.shared.as_ref().map(|s| SharedPassage {
                        left_words: s.right_words.clone(),
                        right_words: s.left_words.clone(),
                        ..s.clone()
                    }),
                })
                .collect(),
        }
    }

    /// The indices of the shared blocks, in order.
    pub fn shared_blocks(&self) -> impl Iterator<Item = usize> + '_ {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.shared.is_some())
            .map(|(i, _)| i)
    }

    /// The rows of a two-pane view whose panes wrap at `left_width` and `right_width` cells:
    /// each block's two sides wrapped, the shorter padded with empty rows so both sides of the
    /// next block start on the same row, and a blank row between blocks.
    pub fn rows(&self, corpus: &Corpus, left_width: usize, right_width: usize) -> Vec<PairRow> {
        let (Some(l), Some(r)) = (corpus.article(self.left), corpus.article(self.right)) else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        for (index, block) in self.blocks.iter().enumerate() {
            if index > 0 {
                rows.push(PairRow {
                    block: None,
                    left: None,
                    right: None,
                });
            }
            let left = wrap_range(l, &block.left, left_width);
            let right = wrap_range(r, &block.right, right_width);
            let height = left.len().max(right.len()).max(1);
            let mut left = left.into_iter();
            let mut right = right.into_iter();
            for _ in 0..height {
                rows.push(PairRow {
                    block: Some(index),
                    left: left.next(),
                    right: right.next(),
                });
            }
        }
        rows
    }
}

/// A match between the two articles, seen from the left one.
struct Found {
    left: Range<usize>,
    right: Range<usize>,
    similarity: f64,
    kind: MatchKind,
    cluster: ClusterId,
    words: usize,
}

/// The indices (into `found`, sorted by left start) of the chain of matches that runs forward
/// on both sides without overlap and holds the most shared words. Quadratic, over the handful
/// of matches two articles share.
fn heaviest_chain(found: &[Found]) -> Vec<usize> {
    let n = found.len();
    let mut best = vec![0usize; n];
    let mut previous = vec![None; n];
    for i in 0..n {
        best[i] = found[i].words.max(1);
        for j in 0..i {
            let fits = found[j].left.end <= found[i].left.start
                && found[j].right.end <= found[i].right.start;
            if fits && best[j] + found[i].words.max(1) > best[i] {
                best[i] = best[j] + found[i].words.max(1);
                previous[i] = Some(j);
            }
        }
    }
    let mut at = (0..n).max_by_key(|&i| (best[i], std::cmp::Reverse(i)));
    let mut chain = Vec::new();
    while let Some(i) = at {
        chain.push(i);
        at = previous[i];
    }
    chain.reverse();
    chain
}

/// Adds a block of unshared text unless both sides are only white space.
fn push_gap(
    blocks: &mut Vec<Block>,
    l: &Article,
    r: &Article,
    left: Range<usize>,
    right: Range<usize>,
) {
    let left = trim(l.text(), left);
    let right = trim(r.text(), right);
    if left.is_empty() && right.is_empty() {
        return;
    }
    blocks.push(Block {
        left,
        right,
        shared: None,
    });
}

/// `range` without the white space at either end (empty when nothing else is left).
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(range.clone()) else {
        return range.start..range.start;
    };
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

/// The lines of `range` of an article wrapped at `width`, keeping its paragraph breaks.
pub fn wrap_range(article: &Article, range: &Range<usize>, width: usize) -> Vec<Line> {
    let clipped: Vec<Paragraph> = article
        .segmentation
        .paragraphs
        .iter()
        .filter_map(|p| {
            let start = p.byte_span.start.max(range.start);
            let end = p.byte_span.end.min(range.end);
            let trimmed = trim(article.text(), start..end.max(start));
            (!trimmed.is_empty()).then(|| Paragraph {
                byte_span: trimmed,
                sentences: p.sentences.clone(),
            })
        })
        .collect();
    wrap::wrap(article.text(), &clipped, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DetectConfig;
    use crate::detect::reuse::detect;

    const WIRE: &str = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his \
        term in office was due to expire in May 2024 but the war means no new presidential \
        election has yet been held. Kyiv says Zelenskiy remains the legitimate president.";

    fn pair(a: &str, b: &str) -> (Corpus, Pairing) {
        let corpus = Corpus::from_texts([("a.txt", a), ("b.txt", b)]);
        let reuse = detect(&corpus, &DetectConfig::default());
        let pairing = Pairing::new(
            &corpus,
            &reuse,
            corpus.articles[0].id,
            corpus.articles[1].id,
        );
        (corpus, pairing)
    }

    #[test]
    fn shared_passages_start_on_the_same_row() {
        let a = format!(
            "A short opening of the left article.\n\n{WIRE}\n\nThe left article ends here."
        );
        let b = format!(
            "The right article opens with a much longer paragraph of its own, which wraps over \
             several lines when the pane is narrow, so the left side must be padded.\n\n{}",
            WIRE.replace("Putin", "Russian President Vladimir Putin")
        );
        let (corpus, pairing) = pair(&a, &b);
        let kinds: Vec<bool> = pairing.blocks.iter().map(|b| b.shared.is_some()).collect();
        assert_eq!(kinds, [false, true, false]);
        let rows = pairing.rows(&corpus, 30, 30);
        let first = rows
            .iter()
            .position(|r| r.block == Some(1))
            .expect("a row of the shared block");
        let row = &rows[first];
        let (l, r) = (row.left.as_ref().unwrap(), row.right.as_ref().unwrap());
        assert!(a[l.byte_span.clone()].starts_with("Putin has"));
        assert!(b[r.byte_span.clone()].starts_with("Russian President"));
        // The padding: the left's opening is shorter, so some of its rows are empty.
        assert!(
            rows[..first]
                .iter()
                .any(|r| r.left.is_none() && r.right.is_some())
        );
        // Every block's rows are contiguous, in order.
        let blocks: Vec<usize> = rows.iter().filter_map(|r| r.block).collect();
        assert!(blocks.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn respellings_are_minor_and_added_words_belong_to_one_side() {
        let b = WIRE
            .replace("Zelenskiy's", "Zelenskyy's")
            .replace("Putin has", "Russian President Vladimir Putin has")
            .replace("legitimate president", "lawful president");
        let (_, pairing) = pair(WIRE, &b);
        let shared = pairing.blocks[0].shared.as_ref().unwrap();
        let show = |text: &str, marks: &[WordMark]| -> Vec<(String, WordChange)> {
            marks
                .iter()
                .map(|m| (text[m.byte_span.clone()].to_owned(), m.change))
                .collect()
        };
        assert_eq!(
            show(WIRE, &shared.left_words),
            [
                ("Zelenskiy".to_owned(), WordChange::Respelled),
                ("legitimate".to_owned(), WordChange::Changed),
            ]
        );
        let right = show(&b, &shared.right_words);
        assert!(right.contains(&("Russian".to_owned(), WordChange::Only)));
        assert!(right.contains(&("Vladimir".to_owned(), WordChange::Only)));
        assert!(right.contains(&("Zelenskyy".to_owned(), WordChange::Respelled)));
        assert!(right.contains(&("lawful".to_owned(), WordChange::Changed)));
    }

    #[test]
    fn swapping_mirrors_the_blocks() {
        let (_, pairing) = pair(&format!("Intro.\n\n{WIRE}"), WIRE);
        let swapped = pairing.swapped();
        assert_eq!(swapped.left, pairing.right);
        assert_eq!(swapped.blocks[0].left, pairing.blocks[0].right);
        assert_eq!(swapped.swapped(), pairing);
    }

    #[test]
    fn unrelated_articles_are_one_block_of_their_own_text() {
        let (corpus, pairing) = pair("Alpha beta gamma.", "Delta epsilon.");
        assert_eq!(pairing.blocks.len(), 1);
        assert!(pairing.blocks[0].shared.is_none());
        assert_eq!(pairing.rows(&corpus, 40, 40).len(), 1);
        assert!(
            pairing.rows(&corpus, 1, 0).len() > 5,
            "a narrow pane wraps, never panics"
        );
        let (corpus, empty) = pair("", "");
        assert!(empty.blocks.is_empty());
        assert!(empty.rows(&corpus, 0, 0).is_empty());
    }

    #[test]
    fn crossing_matches_keep_the_heaviest_forward_chain() {
        let f = |l: Range<usize>, r: Range<usize>, words| Found {
            left: l,
            right: r,
            similarity: 1.0,
            kind: MatchKind::Verbatim,
            cluster: ClusterId(0),
            words,
        };
        let found = [
            f(0..10, 50..60, 5),
            f(20..30, 0..10, 8),
            f(40..50, 20..30, 8),
        ];
        assert_eq!(heaviest_chain(&found), [1, 2]);
        assert!(heaviest_chain(&[]).is_empty());
    }
}
