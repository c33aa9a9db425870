//! The word-level differences between two copies of one passage, as the compare view marks
//! them: a respelling (`Zelenskiy`/`Zelenskyy`), a word changed, a word only one side has. One
//! diff serves the compare view (marks on each side, [`marks`]) and the report (one copy read
//! against the other, the other's missing words put back in place, [`ops`]).
//!
//! Words are aligned on spelling-tolerant keys ([`crate::detect::normalize::words`]), so a
//! respelling is one minor change rather than a word removed and another added. Every diff has
//! a deadline ([`WORD_DIFF_DEADLINE`]): one pathological pair settles for a coarser answer.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::detect::normalize::{Word, words};

/// How long one passage's word diff may take before it settles for a coarser answer.
pub const WORD_DIFF_DEADLINE: Duration = Duration::from_millis(50);

/// How a word inside a shared passage differs from the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordChange {
    /// The same word spelled differently (`Zelenskyy`/`Zelenskiy`, `U.N.`/`UN`): minor.
    Respelled,
    /// Replaced by other words on the other side.
    Changed,
    /// Only this side has it.
    Only,
}

/// A word of one side that differs from the other side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMark {
    /// The word in its article's text.
    pub byte_span: Range<usize>,
    /// How it differs.
    pub change: WordChange,
}

/// One step of the walk through both copies, in reading order. Spans are bytes of each copy's
/// article text; a run of words is one span from its first word's start to its last's end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordOp {
    /// The same word on both sides, spelled differently.
    Respelled {
        /// The word in the left copy.
        left: Range<usize>,
        /// The word in the right copy.
        right: Range<usize>,
    },
    /// Words only the left copy has; `at` is where they would stand in the right copy: the
    /// start of the right word after them, or the end of the right copy when none follows.
    LeftOnly {
        /// The words in the left copy.
        left: Range<usize>,
        /// Their place in the right copy.
        at: usize,
    },
    /// Words only the right copy has.
    RightOnly {
        /// The words in the right copy.
        right: Range<usize>,
    },
    /// Words of the left copy replaced by other words in the right copy.
    Changed {
        /// The words in the left copy.
        left: Range<usize>,
        /// The words that replace them in the right copy.
        right: Range<usize>,
    },
}

/// The words of `range` of `text`, spans into `text`.
pub(crate) fn words_in(text: &str, range: &Range<usize>) -> Vec<Word> {
    let Some(slice) = text.get(range.clone()) else {
        return Vec::new();
    };
    words(slice)
        .into_iter()
        .map(|mut w| {
            w.byte_span = w.byte_span.start + range.start..w.byte_span.end + range.start;
            w
        })
        .collect()
}

/// The differences between `left` of `left_text` and `right` of `right_text`, in reading
/// order. Words equal in both are left out: what is not named is the same.
///
/// # Examples
/// ```
/// use crossread::view::word_diff::{ops, WordOp};
/// let a = "Putin doubts Zelenskiy's legitimacy now";
/// let b = "Vladimir Putin doubts Zelenskyy's legitimacy";
/// let found = ops(a, &(0..a.len()), b, &(0..b.len()));
/// assert_eq!(found[0], WordOp::RightOnly { right: 0..8 });
/// assert!(matches!(found[1], WordOp::Respelled { .. }));
/// // "now" is only on the left; it would stand at the end of the right copy.
/// assert_eq!(found[2], WordOp::LeftOnly { left: 36..39, at: b.len() });
/// ```
pub fn ops(
    left_text: &str,
    left: &Range<usize>,
    right_text: &str,
    right: &Range<usize>,
) -> Vec<WordOp> {
    ops_by(left_text, left, right_text, right, false)
}

/// Words of two copies together up to which [`ops_exact`] diffs without a deadline: Myers'
/// cost grows with the words times the differences, so at this size even two unrelated
/// copies take a fraction of a second, and shared passages (similar by definition) far less.
pub const EXACT_WORDS: usize = 20_000;

/// Like [`ops`], but the same on every run, however busy the machine: no deadline up to
/// [`EXACT_WORDS`] words (beyond, the deadline of [`ops`]). For what is written down and
/// handed on (the report), where a coarser answer on a loaded machine would change the file.
pub fn ops_exact(
    left_text: &str,
    left: &Range<usize>,
    right_text: &str,
    right: &Range<usize>,
) -> Vec<WordOp> {
    ops_by(left_text, left, right_text, right, true)
}

fn ops_by(
    left_text: &str,
    left: &Range<usize>,
    right_text: &str,
    right: &Range<usize>,
    exact: bool,
) -> Vec<WordOp> {
    let a = words_in(left_text, left);
    let b = words_in(right_text, right);
    let diff = key_diff(&a, &b, exact);
    ops_of(&a, &b, right.end, &diff)
}

/// The diff of two copies' words ([`words_in`]) on their spelling-tolerant keys, with the
/// deadline of [`ops`] (or none up to [`EXACT_WORDS`] words when `exact`).
pub(crate) fn key_diff(a: &[Word], b: &[Word], exact: bool) -> Vec<DiffOp> {
    let ka: Vec<&str> = a.iter().map(|w| w.key.as_str()).collect();
    let kb: Vec<&str> = b.iter().map(|w| w.key.as_str()).collect();
    let deadline =
        (!exact || a.len() + b.len() > EXACT_WORDS).then(|| Instant::now() + WORD_DIFF_DEADLINE);
    capture_diff_slices_deadline(Algorithm::Myers, &ka, &kb, deadline)
}

/// The steps of [`ops`] from the two copies' words and their [`key_diff`]; `right_end` is
/// where the right copy ends.
pub(crate) fn ops_of(a: &[Word], b: &[Word], right_end: usize, diff: &[DiffOp]) -> Vec<WordOp> {
    let run = |w: &[Word]| match (w.first(), w.last()) {
        (Some(first), Some(last)) => first.byte_span.start..last.byte_span.end,
        _ => 0..0,
    };
    let mut out = Vec::new();
    for &op in diff {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (x, y) = (&a[old_index + k], &b[new_index + k]);
                    if x.folded != y.folded {
                        out.push(WordOp::Respelled {
                            left: x.byte_span.clone(),
                            right: y.byte_span.clone(),
                        });
                    }
                }
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => {
                let at = b
                    .get(new_index)
                    .map_or(right_end, |after| after.byte_span.start);
                out.push(WordOp::LeftOnly {
                    left: run(&a[old_index..old_index + old_len]),
                    at,
                });
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.push(WordOp::RightOnly {
                right: run(&b[new_index..new_index + new_len]),
            }),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => out.push(WordOp::Changed {
                left: run(&a[old_index..old_index + old_len]),
                right: run(&b[new_index..new_index + new_len]),
            }),
        }
    }
    out
}

/// The words that differ, as marks on each side (the compare view draws these): every word of
/// a run gets its own mark.
pub fn marks(
    left_text: &str,
    left: &Range<usize>,
    right_text: &str,
    right: &Range<usize>,
) -> (Vec<WordMark>, Vec<WordMark>) {
    let mut out_a = Vec::new();
    let mut out_b = Vec::new();
    // Word spans inside a run, found again in its text (a run is whole words of one side).
    let each = |text: &str, run: &Range<usize>, change, out: &mut Vec<WordMark>| {
        out.extend(words_in(text, run).into_iter().map(|w| WordMark {
            byte_span: w.byte_span,
            change,
        }));
    };
    for op in ops(left_text, left, right_text, right) {
        match op {
            WordOp::Respelled { left, right } => {
                out_a.push(WordMark {
                    byte_span: left,
                    change: WordChange::Respelled,
                });
                out_b.push(WordMark {
                    byte_span: right,
                    change: WordChange::Respelled,
                });
            }
            WordOp::LeftOnly { left, .. } => each(left_text, &left, WordChange::Only, &mut out_a),
            WordOp::RightOnly { right } => each(right_text, &right, WordChange::Only, &mut out_b),
            WordOp::Changed { left, right } => {
                each(left_text, &left, WordChange::Changed, &mut out_a);
                each(right_text, &right, WordChange::Changed, &mut out_b);
            }
        }
    }
    (out_a, out_b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, op: &WordOp) -> String {
        match op {
            WordOp::Respelled { left, right } => {
                format!("~{}", &text[left.clone()]) + "/" + &text[right.clone()]
            }
            WordOp::LeftOnly { left, at } => format!("-{}@{at}", &text[left.clone()]),
            WordOp::RightOnly { right } => format!("+{}", &text[right.clone()]),
            WordOp::Changed { left, right } => {
                format!("{}>{}", &text[left.clone()], &text[right.clone()])
            }
        }
    }

    #[test]
    fn runs_of_words_are_one_op_and_removed_words_know_their_place() {
        // Both copies in one string, so one text serves both sides.
        let text = "the legitimate president said so | the lawful president of Ukraine said";
        let bar = text.find('|').unwrap();
        let (l, r) = (0..bar - 1, bar + 2..text.len());
        let found: Vec<String> = ops(text, &l, text, &r)
            .iter()
            .map(|op| show(text, op))
            .collect();
        let said_end = text.len();
        // "so" ends the left copy: its place is the end of the right one.
        assert_eq!(
            found,
            [
                "legitimate>lawful".to_owned(),
                "+of Ukraine".to_owned(),
                format!("-so@{said_end}"),
            ]
        );
    }

    #[test]
    fn a_removed_word_stands_before_the_next_word_after_any_punctuation() {
        let a = "a utopia, it is a road";
        let b = "a utopia, a road";
        let found = ops(a, &(0..a.len()), b, &(0..b.len()));
        let at = b.find(", a").unwrap() + 2;
        assert_eq!(found, [WordOp::LeftOnly { left: 10..15, at }]);
    }

    #[test]
    fn marks_split_runs_into_words() {
        let a = "one two three";
        let b = "one four five three";
        let (ma, mb) = marks(a, &(0..a.len()), b, &(0..b.len()));
        assert_eq!(ma.len(), 1);
        assert_eq!(&a[ma[0].byte_span.clone()], "two");
        let right: Vec<&str> = mb.iter().map(|m| &b[m.byte_span.clone()]).collect();
        assert_eq!(right, ["four", "five"]);
        assert!(mb.iter().all(|m| m.change == WordChange::Changed));
    }

    #[test]
    fn spans_outside_the_text_give_no_ops() {
        assert!(ops("abc", &(2..40), "abc", &(0..3)).len() <= 1);
        assert!(ops("", &(0..0), "", &(0..0)).is_empty());
    }

    #[test]
    fn the_exact_diff_finds_every_difference_of_a_long_pair_and_the_same_each_time() {
        // 4,000 words with a change every 40: far past what 50 ms of Myers may reach on a
        // slow machine, well inside EXACT_WORDS.
        let words: Vec<String> = (0..4000).map(|i| format!("w{i}")).collect();
        let a = words.join(" ");
        let changed: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i % 40 == 7 {
                    format!("x{i}")
                } else {
                    w.clone()
                }
            })
            .collect();
        let b = changed.join(" ");
        let first = ops_exact(&a, &(0..a.len()), &b, &(0..b.len()));
        assert_eq!(first.len(), 100);
        assert!(first.iter().all(|op| matches!(op, WordOp::Changed { .. })));
        assert_eq!(ops_exact(&a, &(0..a.len()), &b, &(0..b.len())), first);
    }
}
