//! Exchanging results with other tools: the corpus written out as passim's input
//! ([`passim_export`]), and a detection result made elsewhere read back in place of crossread's
//! own ([`passim_import`] for passim's output folder, [`scan_import`] for `crossread scan
//! --format jsonl` written on another machine). An import ends as the same [`Reuse`] that
//! detection gives, so everything the reader and `scan` do with matches works with it; what
//! crossread cannot vouch for (a span outside its article, an article it does not have) is a
//! warning naming the file and line, never a panic.

pub mod offsets;
pub mod passim_export;
pub mod passim_import;
pub mod scan_import;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use crate::corpus::{ArticleId, Corpus, Warning};
use crate::detect::align::score_passages;
use crate::detect::reuse::{ClusterId, Match, MatchKind, Reuse, Side, from_matches};
use crate::error::Result;

/// Where an imported link between two passages came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Origin {
    /// A pair the other tool aligned (passim's `align.json`).
    Aligned,
    /// Two members of one of the other tool's clusters (passim's `out.json`).
    Clustered,
    /// A match crossread wrote, with its figures.
    Scanned {
        /// Its similarity.
        similarity: f64,
        /// Verbatim or rewrite.
        kind: MatchKind,
        /// Words in common.
        words: usize,
    },
}

/// Two passages of two articles that an imported result says are the same text.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The passage in the article whose name sorts first.
    pub a: Side,
    /// The passage in the other article.
    pub b: Side,
    /// What said so.
    pub origin: Origin,
}

impl Link {
    /// A link between two byte spans of two articles' texts, ordered by article name.
    pub fn new(
        corpus: &Corpus,
        x: (ArticleId, Range<usize>),
        y: (ArticleId, Range<usize>),
        origin: Origin,
    ) -> Link {
        let name = |id: ArticleId| corpus.articles[id.index()].name.as_str();
        let (x, y) = if (name(y.0), y.1.start) < (name(x.0), x.1.start) {
            (y, x)
        } else {
            (x, y)
        };
        Link {
            a: Side {
                article: x.0,
                byte_span: x.1,
            },
            b: Side {
                article: y.0,
                byte_span: y.1,
            },
            origin,
        }
    }
}

/// Which kind of result an import read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// passim's output folder (or one of its part files).
    Passim,
    /// `crossread scan --format jsonl`.
    ScanJsonl,
    /// `crossread scan --format clusters`.
    ScanClusters,
}

/// What one import read, before it is grouped into a [`Reuse`].
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The links between passages.
    pub links: Vec<Link>,
    /// Records read (lines that were not blank).
    pub records: usize,
    /// One per record or file that could not be used.
    pub warnings: Vec<Warning>,
    /// Passages the other tool named as sources ([`Reuse::named_sources`]).
    pub named_sources: Vec<Side>,
    /// What was read.
    pub format: Format,
}

/// A detection result read from elsewhere.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The matches and clusters, as detection would give them.
    pub reuse: Reuse,
    /// What was read.
    pub format: Format,
    /// Records read (lines that were not blank).
    pub records: usize,
    /// One per record or file that could not be used.
    pub warnings: Vec<Warning>,
}

/// Reads the detection result at `path` for `corpus`: passim's output folder, or a file
/// written by `crossread scan --format jsonl` (or one part file of passim's).
///
/// # Errors
/// [`crate::Error::NotFound`] when `path` does not exist, [`crate::Error::Read`] when it cannot be
/// read, [`crate::Error::Invalid`] when it holds nothing crossread knows how to read.
pub fn load_matches(path: &Path, corpus: &Corpus) -> Result<Imported> {
    let loaded = if path.is_dir() {
        passim_import::load(path, corpus)?
    } else {
        scan_import::load(path, corpus)?
    };
    let mut reuse = reuse_of(corpus, loaded.links);
    reuse.named_sources = loaded.named_sources;
    Ok(Imported {
        reuse,
        format: loaded.format,
        records: loaded.records,
        warnings: loaded.warnings,
    })
}

/// The byte spans of a pair of passages.
type SpanPair = (Range<usize>, Range<usize>);

/// The [`Reuse`] of `corpus` that `links` describe: a link already made by an alignment wins
/// over a cluster link between the same passages; each is scored by crossread's measures unless
/// it carries its own figures; then matches are grouped as detection groups its own.
pub fn reuse_of(corpus: &Corpus, links: Vec<Link>) -> Reuse {
    let mut aligned: HashMap<(ArticleId, ArticleId), Vec<SpanPair>> = HashMap::new();
    for link in links.iter().filter(|l| l.origin == Origin::Aligned) {
        aligned
            .entry((link.a.article, link.b.article))
            .or_default()
            .push((link.a.byte_span.clone(), link.b.byte_span.clone()));
    }
    let overlaps = |x: &Range<usize>, y: &Range<usize>| x.start < y.end && y.start < x.end;
    let mut links: Vec<Link> = links
        .into_iter()
        .filter(|l| {
            l.origin != Origin::Clustered
                || !aligned
                    .get(&(l.a.article, l.b.article))
                    .is_some_and(|pairs| {
                        pairs.iter().any(|(a, b)| {
                            overlaps(a, &l.a.byte_span) && overlaps(b, &l.b.byte_span)
                        })
                    })
        })
        .collect();
    let key = |l: &Link| {
        (
            l.a.article,
            l.a.byte_span.start,
            l.a.byte_span.end,
            l.b.article,
            l.b.byte_span.start,
            l.b.byte_span.end,
        )
    };
    links.sort_by_key(key);
    links.dedup_by(|x, y| key(x) == key(y));
    let matches: Vec<Match> = links
        .into_par_iter()
        .map(|link| {
            let (similarity, kind, words) = match link.origin {
                Origin::Scanned {
                    similarity,
                    kind,
                    words,
                } => (similarity, kind, words),
                Origin::Aligned | Origin::Clustered => {
                    let text =
                        |s: &Side| &corpus.articles[s.article.index()].text()[s.byte_span.clone()];
                    let score = score_passages(text(&link.a), text(&link.b));
                    let kind = if score.is_verbatim {
                        MatchKind::Verbatim
                    } else {
                        MatchKind::Rewrite
                    };
                    (score.similarity, kind, score.matched_words)
                }
            };
            Match {
                a: link.a,
                b: link.b,
                similarity,
                kind,
                words,
                cluster: ClusterId(0),
            }
        })
        .collect();
    from_matches(corpus, matches)
}
