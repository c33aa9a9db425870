//! One section per shared passage: every carrier's copy, read against one reference copy with
//! the words that differ marked as the compare view marks them (added, removed, changed,
//! respelled). The diff is the compare view's own ([`crate::view::word_diff`]).

use std::ops::Range;

use crate::corpus::{ArticleId, Corpus};
use crate::detect::reuse::{Cluster, ClusterId, MatchKind};
use crate::detect::source::SourceHint;
use crate::report::lookup::Lookup;
use crate::view::word_diff::{self, WordOp};

/// A stretch of a carrier's copy, read against the reference copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text as the reference has it (bytes of the carrier's article).
    Same(Range<usize>),
    /// Words only this copy has.
    Added(Range<usize>),
    /// Words of the reference this copy lacks, as the reference writes them; they stood here.
    Removed(String),
    /// Words this copy has in place of the reference's `source`.
    Changed {
        /// The words in this copy.
        words: Range<usize>,
        /// The reference's words they replace.
        source: String,
    },
    /// A word this copy spells differently from the reference's `source`.
    Respelled {
        /// The word in this copy.
        word: Range<usize>,
        /// The reference's spelling.
        source: String,
    },
}

impl Piece {
    /// True for a piece that marks a difference.
    pub fn is_difference(&self) -> bool {
        !matches!(self, Piece::Same(_))
    }
}

/// One article's copy of a shared passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Carrier {
    /// The article.
    pub article: ArticleId,
    /// The copy, in bytes of the article's text.
    pub byte_span: Range<usize>,
    /// Similarity to the reference copy, when detection matched the two directly.
    pub similarity: Option<f64>,
    /// The copy read against the reference (the reference itself is one [`Piece::Same`]).
    pub pieces: Vec<Piece>,
}

/// A shared passage and every copy of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterSection {
    /// The cluster.
    pub id: ClusterId,
    /// Verbatim when every match inside it is verbatim.
    pub kind: MatchKind,
    /// Lowest and highest similarity of the matches inside it.
    pub similarity: (f64, f64),
    /// The copy the others are read against: an index into `carriers` (the first).
    pub reference: usize,
    /// Who likely had it first, and by which rule ([`crate::detect::source`]).
    pub hint: Option<SourceHint>,
    /// Every copy, in the cluster's order (by article name, then position).
    pub carriers: Vec<Carrier>,
}

impl ClusterSection {
    /// The number the report and `scan` show (from 1).
    pub fn number(&self) -> u32 {
        self.id.0.saturating_add(1)
    }

    /// The section of `cluster`: the likely source's copy first (when `hint` names one), the
    /// others read against it; without a source, against the first member.
    pub(crate) fn build(
        corpus: &Corpus,
        lookup: &Lookup<'_>,
        cluster: &Cluster,
        hint: Option<&SourceHint>,
    ) -> ClusterSection {
        let mut members = cluster.members.clone();
        if let Some(at) = hint
            .and_then(|h| h.source)
            .and_then(|source| members.iter().position(|m| m.article == source))
        {
            let source = members.remove(at);
            members.insert(0, source);
        }
        let reference = 0;
        let (low, high, verbatim) = lookup.cluster_figures(&cluster.members, cluster.id);
        let source = members.get(reference);
        let carriers = members
            .iter()
            .enumerate()
            .map(|(i, member)| {
                let span = member.byte_span.clone();
                let (pieces, similarity) = match source {
                    Some(source) if i != reference => (
                        read_against(
                            corpus,
                            source.article,
                            &source.byte_span,
                            member.article,
                            &span,
                        ),
                        lookup.similarity(source, member),
                    ),
                    _ => (vec![Piece::Same(span.clone())], None),
                };
                Carrier {
                    article: member.article,
                    byte_span: span,
                    similarity,
                    pieces,
                }
            })
            .collect();
        ClusterSection {
            id: cluster.id,
            kind: if verbatim {
                MatchKind::Verbatim
            } else {
                MatchKind::Rewrite
            },
            similarity: (low, high),
            reference,
            hint: hint.cloned(),
            carriers,
        }
    }
}

/// The copy `span` of article `carrier` as pieces read against `source_span` of `source`.
pub fn read_against(
    corpus: &Corpus,
    source: ArticleId,
    source_span: &Range<usize>,
    carrier: ArticleId,
    span: &Range<usize>,
) -> Vec<Piece> {
    let (Some(s), Some(c)) = (corpus.article(source), corpus.article(carrier)) else {
        return vec![Piece::Same(span.clone())];
    };
    let (source_text, text) = (s.text(), c.text());
    let source_words = |r: &Range<usize>| source_text.get(r.clone()).unwrap_or("").to_owned();
    let mut pieces = Vec::new();
    let mut at = span.start;
    // Text of this copy up to `to`, unmarked; positions never run backwards.
    let same_to = |pieces: &mut Vec<Piece>, at: &mut usize, to: usize| {
        if to > *at {
            pieces.push(Piece::Same(*at..to));
            *at = to;
        }
    };
    // The exact diff: a report is the same file on every run, however busy the machine.
    for op in word_diff::ops_exact(source_text, source_span, text, span) {
        match op {
            WordOp::Respelled { left, right } => {
                same_to(&mut pieces, &mut at, right.start);
                pieces.push(Piece::Respelled {
                    source: source_words(&left),
                    word: right.clone(),
                });
                at = at.max(right.end);
            }
            WordOp::LeftOnly { left, at: place } => {
                same_to(&mut pieces, &mut at, place);
                pieces.push(Piece::Removed(source_words(&left)));
            }
            WordOp::RightOnly { right } => {
                same_to(&mut pieces, &mut at, right.start);
                pieces.push(Piece::Added(right.clone()));
                at = at.max(right.end);
            }
            WordOp::Changed { left, right } => {
                same_to(&mut pieces, &mut at, right.start);
                pieces.push(Piece::Changed {
                    source: source_words(&left),
                    words: right.clone(),
                });
                at = at.max(right.end);
            }
        }
    }
    same_to(&mut pieces, &mut at, span.end.min(text.len()));
    pieces
}
