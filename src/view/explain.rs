//! Why a passage was flagged: the figures behind one match, each with the threshold it had to
//! pass. Similarity and words in common come from detection; the longest run of identical
//! words and the list of differences (respelled, dropped, added, changed) from a word diff of
//! the two copies ([`crate::view::word_diff`]); the stretches discounted as stock phrases from
//! [`crate::detect::stock`]. The reader draws it (`e`), `scan --format jsonl` writes the same
//! figures as fields.

use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::config::DetectConfig;
use crate::corpus::Corpus;
use crate::detect::normalize::words;
use crate::detect::reuse::{Match, MatchKind};
use crate::view::word_diff::{WORD_DIFF_DEADLINE, WordOp, key_diff, ops_of, words_in};

/// How two copies differ at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DifferenceKind {
    /// The same word spelled differently (`Zelenskiy`/`Zelenskyy`).
    Respelled,
    /// Words the first copy has and the second dropped.
    Dropped,
    /// Words the second copy added.
    Added,
    /// Words of the first copy replaced by others.
    Changed,
}

impl DifferenceKind {
    /// `respelled`, `dropped`, `added` or `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            DifferenceKind::Respelled => "respelled",
            DifferenceKind::Dropped => "dropped",
            DifferenceKind::Added => "added",
            DifferenceKind::Changed => "changed",
        }
    }
}

/// One difference between the copies: the words on each side (empty when a side has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// What kind.
    pub kind: DifferenceKind,
    /// The words in the first copy (`match.a`).
    pub a: String,
    /// The words in the second copy (`match.b`).
    pub b: String,
}

/// A figure and the least (or, for stock, the most) it had to be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// `[detect] min_words`.
    pub min_words: usize,
    /// `[detect] min_content_words`.
    pub min_content_words: usize,
    /// `[detect] min_similarity`.
    pub min_similarity: f64,
    /// Articles above which a word sequence is stock in this corpus.
    pub stock_articles: usize,
}

/// Everything that explains one match.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Verbatim or rewrite.
    pub kind: MatchKind,
    /// Similarity of the two copies, 0 to 1.
    pub similarity: f64,
    /// Words the copies have in common (after normalization).
    pub words: usize,
    /// Of those, content words (not `the`, `of`, `would`).
    pub content_words: usize,
    /// The longest run of words the two copies have identically, in order.
    pub longest_run: usize,
    /// Words in each copy (a, b).
    pub copy_words: (usize, usize),
    /// Every difference, in reading order.
    pub differences: Vec<Difference>,
    /// Words of the first copy inside stock phrases (never a match's seed, still counted).
    pub stock_words: usize,
    /// The stock stretches of the first copy, as text.
    pub stock_stretches: Vec<String>,
    /// The thresholds the figures were held to.
    pub thresholds: Thresholds,
}

impl Explanation {
    /// How many differences of `kind`.
    pub fn count(&self, kind: DifferenceKind) -> usize {
        self.differences.iter().filter(|d| d.kind == kind).count()
    }
}

fn slice(text: &str, span: &Range<usize>) -> String {
    text.get(span.clone())
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Explains `m`, a match of `corpus`; `stock` are the stock stretches of `m.a` (byte spans in
/// its article, from [`crate::detect::stock::stock_stretches`]).
pub fn explain(
    corpus: &Corpus,
    m: &Match,
    config: &DetectConfig,
    stock: &[Range<usize>],
) -> Explanation {
    let text_a = corpus.article(m.a.article).map_or("", |a| a.text());
    let text_b = corpus.article(m.b.article).map_or("", |a| a.text());
    // Each copy's words once, for the three figures that come from word diffs.
    let words_a = words_in(text_a, &m.a.byte_span);
    let words_b = words_in(text_b, &m.b.byte_span);

    // Longest identical run and content words in common, on spelling-tolerant keys for the
    // count (as detection counts) and on folded forms for the identical run.
    let fa: Vec<&str> = words_a.iter().map(|x| x.folded.as_str()).collect();
    let fb: Vec<&str> = words_b.iter().map(|x| x.folded.as_str()).collect();
    let deadline = std::time::Instant::now() + WORD_DIFF_DEADLINE;
    let longest_run = capture_diff_slices_deadline(Algorithm::Myers, &fa, &fb, Some(deadline))
        .iter()
        .filter_map(|op| match op {
            DiffOp::Equal { len, .. } => Some(*len),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    // One diff on keys gives the content words in common and the list of differences.
    let by_key = key_diff(&words_a, &words_b, false);
    let content_words = by_key
        .iter()
        .filter_map(|op| match op {
            DiffOp::Equal { old_index, len, .. } => Some(
                words_a[*old_index..old_index + len]
                    .iter()
                    .filter(|w| w.is_content)
                    .count(),
            ),
            _ => None,
        })
        .sum();

    let differences = ops_of(&words_a, &words_b, m.b.byte_span.end, &by_key)
        .into_iter()
        .map(|op| match op {
            WordOp::Respelled { left, right } => Difference {
                kind: DifferenceKind::Respelled,
                a: slice(text_a, &left),
                b: slice(text_b, &right),
            },
            WordOp::LeftOnly { left, .. } => Difference {
                kind: DifferenceKind::Dropped,
                a: slice(text_a, &left),
                b: String::new(),
            },
            WordOp::RightOnly { right } => Difference {
                kind: DifferenceKind::Added,
                a: String::new(),
                b: slice(text_b, &right),
            },
            WordOp::Changed { left, right } => Difference {
                kind: DifferenceKind::Changed,
                a: slice(text_a, &left),
                b: slice(text_b, &right),
            },
        })
        .collect();

    let stock_words = stock
        .iter()
        .map(|s| text_a.get(s.clone()).map_or(0, |t| words(t).len()))
        .sum();
    Explanation {
        kind: m.kind,
        similarity: m.similarity,
        words: m.words,
        content_words,
        longest_run,
        copy_words: (words_a.len(), words_b.len()),
        differences,
        stock_words,
        stock_stretches: stock.iter().map(|s| slice(text_a, s)).collect(),
        thresholds: Thresholds {
            min_words: config.min_words,
            min_content_words: config.min_content_words,
            min_similarity: config.min_similarity,
            stock_articles: crate::detect::index::stock_threshold(corpus.articles.len(), config),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::reuse::detect;
    use crate::detect::stock::stock_stretches;

    #[test]
    fn a_rewrite_is_explained_word_by_word() {
        let wire = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024 but the war means no new presidential election has yet been held.";
        let rewrite = "Vladimir Putin has raised doubts about Zelenskyy's legitimacy as his term in office was due to end in May 2024 but the war means no new presidential election has yet been held.";
        let a = format!("The talks stalled on Thursday. {wire}");
        let b = format!("{rewrite} Officials gave no further details.");
        let corpus = Corpus::from_texts([("a.txt", a.as_str()), ("b.txt", b.as_str())]);
        let config = DetectConfig::default();
        let reuse = detect(&corpus, &config);
        assert_eq!(reuse.matches.len(), 1);
        let m = &reuse.matches[0];
        let stock = stock_stretches(&corpus, &config, std::slice::from_ref(&m.a));
        let e = explain(&corpus, m, &config, &stock[0]);
        assert_eq!(e.kind, MatchKind::Rewrite);
        assert_eq!(e.similarity, m.similarity);
        assert_eq!(e.words, m.words);
        // "in May 2024 but the war means no new presidential election has yet been held"
        assert_eq!(e.longest_run, 15);
        assert_eq!(
            e.differences,
            [
                Difference {
                    kind: DifferenceKind::Added,
                    a: String::new(),
                    b: "Vladimir".into()
                },
                Difference {
                    kind: DifferenceKind::Dropped,
                    a: "repeatedly".into(),
                    b: String::new()
                },
                Difference {
                    kind: DifferenceKind::Respelled,
                    a: "Zelenskiy".into(),
                    b: "Zelenskyy".into()
                },
                Difference {
                    kind: DifferenceKind::Changed,
                    a: "expire".into(),
                    b: "end".into()
                },
            ]
        );
        assert_eq!(e.count(DifferenceKind::Respelled), 1);
        assert!(e.content_words >= e.thresholds.min_content_words);
        assert!(e.content_words < e.words);
        // Two articles: nothing can be stock.
        assert_eq!(e.stock_words, 0);
        assert!(e.stock_stretches.is_empty());
        assert_eq!(e.thresholds.min_words, 12);
        assert_eq!(e.thresholds.stock_articles, 10);
    }

    #[test]
    fn stock_phrases_inside_a_passage_are_counted() {
        let wire = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024, the ministry said in a statement on Friday.";
        let filler: Vec<String> = (0..12)
            .map(|i| format!("Item {i} of the day. The ministry said in a statement on Friday."))
            .collect();
        let a = format!("Morning desk. {wire}");
        let b = format!("{wire} Evening desk.");
        let mut texts = vec![("a.txt".to_owned(), a), ("b.txt".to_owned(), b)];
        texts.extend(
            filler
                .into_iter()
                .enumerate()
                .map(|(i, t)| (format!("f{i:02}.txt"), t)),
        );
        let corpus = Corpus::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        let config = DetectConfig::default();
        let reuse = detect(&corpus, &config);
        let m = reuse
            .matches
            .iter()
            .find(|m| m.a.article.0 == 0 && m.b.article.0 == 1)
            .expect("the two desks share the wire passage");
        let stock = stock_stretches(&corpus, &config, std::slice::from_ref(&m.a));
        let e = explain(&corpus, m, &config, &stock[0]);
        assert_eq!(
            e.stock_stretches,
            ["ministry said in a statement on Friday"]
        );
        assert_eq!(e.stock_words, 7);
        assert_eq!(e.longest_run, e.copy_words.0);
        assert!(e.differences.is_empty());
    }
}
