//! Where a tag points, in a form that survives edits to the article: the exact quote, a little
//! context on each side, and the byte span where it was made (only a hint).
//!
//! Resolution tries, in order: the quote at the hint; every exact occurrence of the quote, ranked
//! by how much of the context still surrounds it; an approximate match (edit distance, a quarter
//! of the quote at most) in windows suggested by pieces of the quote and context. What is not
//! found is an orphan. Keeping orphans, saving and listing them is left to [`crate::tags`].

use std::ops::Range;

use crate::corpus::text::DecodedText;

/// How many characters of context a new anchor keeps on each side of its quote.
pub const CONTEXT_CHARS: usize = 32;

/// The largest share of a quote's characters that may differ in a fuzzy match (one in four).
const MAX_EDIT_SHARE: usize = 4;

/// A context score at or above this trusts an exact occurrence without looking further.
const TRUSTED_CONTEXT: f64 = 0.5;

/// What being at the stored place adds to a candidate's score (the context adds up to 1).
const NEAR_BONUS: f64 = 0.5;

/// Bytes of slack, beyond half the quote, within which a candidate is at the stored place.
const NEAR_SLACK: usize = 8;

/// At most this many exact occurrences are ranked (a one-letter quote in a long article).
const MAX_OCCURRENCES: usize = 4096;

/// At most this many windows are searched approximately, the best-supported first.
const MAX_WINDOWS: usize = 8;

/// A probe (piece of the quote or context) found more often than this says nothing about place.
const MAX_PROBE_HITS: usize = 16;

/// The characters in one probe.
const PROBE_CHARS: usize = 8;

/// Where a tag points in one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagAnchor {
    /// The tagged text, exactly as it was.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] characters just before the quote.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters just after the quote.
    pub suffix: String,
    /// Where the quote was, in the article's stored bytes (as written to the tags file): a hint.
    pub stored_span: Range<usize>,
}

/// Where an anchor is in the current text.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// The quote, unchanged, at `byte_span`.
    Exact {
        /// Byte span in the current text.
        byte_span: Range<usize>,
    },
    /// Text close to the quote (a typo fixed, a word changed) at `byte_span`.
    Fuzzy {
        /// Byte span in the current text.
        byte_span: Range<usize>,
        /// 1.0 for identical text, down to 0.75: one minus edit distance over quote length.
        similarity: f64,
    },
    /// Nowhere in the current text.
    Orphan,
}

impl Resolution {
    /// The span in the current text, unless orphaned.
    pub fn byte_span(&self) -> Option<Range<usize>> {
        match self {
            Resolution::Exact { byte_span } | Resolution::Fuzzy { byte_span, .. } => {
                Some(byte_span.clone())
            }
            Resolution::Orphan => None,
        }
    }

    /// True when the anchor was not found.
    pub fn is_orphaned(&self) -> bool {
        matches!(self, Resolution::Orphan)
    }
}

impl TagAnchor {
    /// An anchor for `byte_span` of `text`, or `None` when the span is not a range of character
    /// boundaries inside the text.
    ///
    /// # Examples
    /// ```
    /// use crossread::tags::anchor::TagAnchor;
    /// use crossread::corpus::text::DecodedText;
    /// let text = DecodedText::decode("Talks stalled. Lavrov said no. Kyiv waits.".as_bytes());
    /// let anchor = TagAnchor::new(&text, 15..30).unwrap();
    /// assert_eq!(anchor.quote, "Lavrov said no.");
    /// assert_eq!(anchor.prefix, "Talks stalled. ");
    /// assert_eq!(anchor.suffix, " Kyiv waits.");
    /// ```
    pub fn new(decoded: &DecodedText, byte_span: Range<usize>) -> Option<TagAnchor> {
        let text = decoded.text.as_str();
        let quote = text.get(byte_span.clone())?;
        let before = &text[..byte_span.start];
        let after = &text[byte_span.end..];
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let suffix_end = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Some(TagAnchor {
            quote: quote.to_owned(),
            prefix: before[prefix_start..].to_owned(),
            suffix: after[..suffix_end].to_owned(),
            stored_span: decoded.stored_range(byte_span),
        })
    }

    /// Finds the anchor in the current text of its article.
    ///
    /// # Examples
    /// ```
    /// use crossread::tags::anchor::{Resolution, TagAnchor};
    /// use crossread::corpus::text::DecodedText;
    /// let before = DecodedText::decode(b"Talks stalled. Lavrov said no. Kyiv waits.");
    /// let anchor = TagAnchor::new(&before, 15..30).unwrap();
    ///
    /// // A paragraph inserted above: the quote moved, found exactly.
    /// let moved = DecodedText::decode(b"UPDATE.\n\nTalks stalled. Lavrov said no. Kyiv waits.");
    /// assert_eq!(anchor.resolve(&moved), Resolution::Exact { byte_span: 24..39 });
    ///
    /// // A typo corrected inside the quote: found approximately.
    /// let fixed = DecodedText::decode(b"Talks stalled. Lavrov sayd no. Kyiv waits.");
    /// assert!(matches!(anchor.resolve(&fixed), Resolution::Fuzzy { byte_span, .. } if byte_span == (15..30)));
    ///
    /// // Gone: an orphan.
    /// let gone = DecodedText::decode(b"Talks stalled. Kyiv waits.");
    /// assert_eq!(anchor.resolve(&gone), Resolution::Orphan);
    /// ```
    pub fn resolve(&self, decoded: &DecodedText) -> Resolution {
        let hint = decoded.text_range(self.stored_span.clone());
        self.resolve_text(&decoded.text, hint)
    }

    /// [`TagAnchor::resolve`] on text offsets: `hint` counts bytes of `text`.
    pub fn resolve_text(&self, text: &str, hint: Range<usize>) -> Resolution {
        if self.quote.is_empty() {
            return self.resolve_empty(text, hint);
        }
        if text.get(hint.clone()) == Some(self.quote.as_str())
            && self.context_score(text, hint.clone()) >= 1.0
        {
            return Resolution::Exact { byte_span: hint };
        }
        // Best exact occurrence: most context, then nearest the hint.
        let mut best_exact: Option<(f64, usize, Range<usize>)> = None;
        for start in occurrences(text, &self.quote).take(MAX_OCCURRENCES) {
            let span = start..start + self.quote.len();
            let score = self.context_score(text, span.clone());
            let distance = start.abs_diff(hint.start);
            let better = best_exact
                .as_ref()
                .is_none_or(|(s, d, _)| score > *s || (score == *s && distance < *d));
            if better {
                best_exact = Some((score, distance, span));
            }
        }
        let trusted = best_exact
            .as_ref()
            .is_some_and(|(score, _, _)| *score >= TRUSTED_CONTEXT);
        if let Some((_, _, span)) = &best_exact
            && trusted
            && self.is_near(span, &hint)
        {
            return Resolution::Exact {
                byte_span: span.clone(),
            };
        }
        // The quote is missing, only found out of context, or found away from where the tag
        // was: an edited copy in context, or at the stored place, may be the right one (a caption
        // printed twice, its typo fixed in the tagged copy only). A trusted exact occurrence
        // only competes with what is at the stored place; otherwise search everywhere.
        let mut best = best_exact.map(|(context, _, span)| {
            let score = self.score(1.0, context, &span, &hint);
            (score, Resolution::Exact { byte_span: span })
        });
        for (span, similarity) in self.fuzzy_matches(text, hint.clone(), trusted) {
            let score = self.score(
                similarity,
                self.context_score(text, span.clone()),
                &span,
                &hint,
            );
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                let resolution = if similarity >= 1.0 {
                    Resolution::Exact { byte_span: span }
                } else {
                    Resolution::Fuzzy {
                        byte_span: span,
                        similarity,
                    }
                };
                best = Some((score, resolution));
            }
        }
        best.map_or(Resolution::Orphan, |(_, resolution)| resolution)
    }

    /// How well a candidate fits: the quote weighs twice its context, and being where the tag
    /// was stored counts half as much as the context.
    fn score(
        &self,
        similarity: f64,
        context: f64,
        span: &Range<usize>,
        hint: &Range<usize>,
    ) -> f64 {
        let near = if self.is_near(span, hint) {
            NEAR_BONUS
        } else {
            0.0
        };
        2.0 * similarity + context + near
    }

    /// True when `span` starts within half the quote's length (and a few characters) of where
    /// the tag was stored.
    fn is_near(&self, span: &Range<usize>, hint: &Range<usize>) -> bool {
        span.start.abs_diff(hint.start) <= self.quote.len() / 2 + NEAR_SLACK
    }

    /// An empty quote marks a position: found by its context alone.
    fn resolve_empty(&self, text: &str, hint: Range<usize>) -> Resolution {
        let at_hint =
            hint.start == hint.end && text.is_char_boundary(hint.start.min(text.len() + 1));
        if at_hint && hint.start <= text.len() && self.context_score(text, hint.clone()) >= 1.0 {
            return Resolution::Exact { byte_span: hint };
        }
        let context = format!("{}{}", self.prefix, self.suffix);
        if context.is_empty() {
            return Resolution::Orphan;
        }
        occurrences(text, &context)
            .map(|start| start + self.prefix.len())
            .min_by_key(|at| at.abs_diff(hint.start))
            .map_or(Resolution::Orphan, |at| Resolution::Exact {
                byte_span: at..at,
            })
    }

    /// The share of the stored context (0.0 to 1.0) that still stands right around `span`.
    fn context_score(&self, text: &str, span: Range<usize>) -> f64 {
        let total = self.prefix.chars().count() + self.suffix.chars().count();
        if total == 0 {
            return 1.0;
        }
        let before = text.get(..span.start).unwrap_or("");
        let after = text.get(span.end..).unwrap_or("");
        let same_before = before
            .chars()
            .rev()
            .zip(self.prefix.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let same_after = after
            .chars()
            .zip(self.suffix.chars())
            .take_while(|(a, b)| a == b)
            .count();
        (same_before + same_after) as f64 / total as f64
    }

    /// Approximate matches of the quote, each with its similarity, searched in windows around
    /// where pieces of the quote and context are still found (and around the hint).
    /// With `at_hint_only`, only the window at the stored place is searched.
    fn fuzzy_matches(
        &self,
        text: &str,
        hint: Range<usize>,
        at_hint_only: bool,
    ) -> Vec<(Range<usize>, f64)> {
        let quote: Vec<char> = self.quote.chars().collect();
        let max_edits = quote.len() / MAX_EDIT_SHARE;
        if max_edits == 0 {
            return Vec::new();
        }
        // Each probe hit votes for where the quote would start.
        let mut votes: Vec<usize> = vec![hint.start.min(text.len())];
        if !at_hint_only {
            self.add_probe_votes(&mut votes, text, &quote, max_edits);
        }
        let quote_len = self.quote.len();
        let slack = (max_edits + 1) * 4;
        // Votes within a slack of each other are one window; the best-supported windows first.
        votes.sort_unstable();
        let mut windows: Vec<(usize, usize)> = Vec::new(); // (first vote, count)
        for vote in votes {
            match windows.last_mut() {
                Some((first, count)) if vote - *first <= slack => *count += 1,
                _ => windows.push((vote, 1)),
            }
        }
        windows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        windows.truncate(MAX_WINDOWS);

        let mut found: Vec<(Range<usize>, f64)> = Vec::new();
        for (start, _) in windows {
            let lo = floor_boundary(text, start.saturating_sub(slack));
            let hi = ceil_boundary(text, start + quote_len + 2 * slack);
            for (span, edits) in alignments(&quote, text, lo..hi, max_edits) {
                if !found.iter().any(|(s, _)| *s == span) {
                    found.push((span, 1.0 - edits as f64 / quote.len() as f64));
                }
            }
        }
        found
    }

    /// Votes from pieces of the quote and of its context, wherever they are found.
    fn add_probe_votes(
        &self,
        votes: &mut Vec<usize>,
        text: &str,
        quote: &[char],
        max_edits: usize,
    ) {
        let pieces = (max_edits + 1).min(quote.len() / PROBE_CHARS).max(1);
        let piece_chars = quote.len() / pieces;
        for piece in 0..pieces {
            let from = char_to_byte(&self.quote, piece * piece_chars);
            let to = char_to_byte(
                &self.quote,
                piece * piece_chars + piece_chars.min(PROBE_CHARS),
            );
            add_votes(votes, text, &self.quote[from..to], |at| {
                at.saturating_sub(from)
            });
        }
        let prefix_from = self
            .prefix
            .char_indices()
            .rev()
            .nth(PROBE_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let probe = &self.prefix[prefix_from..];
        add_votes(votes, text, probe, |at| at + probe.len());
        let suffix_to = char_to_byte(&self.suffix, PROBE_CHARS);
        let probe = &self.suffix[..suffix_to];
        let quote_len = self.quote.len();
        add_votes(votes, text, probe, |at| at.saturating_sub(quote_len));
    }
}

/// Adds one vote per occurrence of `probe` in `text`, unless it occurs too often to mean much.
fn add_votes(votes: &mut Vec<usize>, text: &str, probe: &str, start_of: impl Fn(usize) -> usize) {
    if probe.is_empty() {
        return;
    }
    let hits: Vec<usize> = occurrences(text, probe)
        .take(MAX_PROBE_HITS + 1)
        .map(start_of)
        .collect();
    if hits.len() <= MAX_PROBE_HITS {
        votes.extend(hits);
    }
}

/// Where `needle` starts in `text`, overlapping occurrences included (`match_indices` skips
/// them: in "ééé" it finds "éé" once, and the tag may be the second one).
fn occurrences<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        let at = from + text.get(from..)?.find(needle)?;
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
        Some(at)
    })
}

/// The byte offset of the `n`th character of `s` (its length past the end).
fn char_to_byte(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// Every substring of `text[window]` within `max_edits` of `pattern` in edit distance, one per
/// end position, as a byte span and its distance (Sellers' algorithm: Levenshtein with a free
/// start and end in the text). The caller ranks them; the closest is not always the right one
/// when a window overlaps another, partial copy.
fn alignments(
    pattern: &[char],
    text: &str,
    window: Range<usize>,
    max_edits: usize,
) -> Vec<(Range<usize>, usize)> {
    let chars: Vec<(usize, char)> = text[window.clone()]
        .char_indices()
        .map(|(i, c)| (window.start + i, c))
        .collect();
    let byte_at = |j: usize| chars.get(j).map_or(window.end, |(i, _)| *i);
    let m = pattern.len();
    // Column j holds, for each pattern prefix length i, the distance and the text index where
    // the best alignment ending at j starts.
    let mut prev: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
    let mut cur = prev.clone();
    let mut found = Vec::new();
    for j in 1..=chars.len() {
        let c = chars[j - 1].1;
        cur[0] = (0, j);
        for i in 1..=m {
            let substitute = (
                prev[i - 1].0 + usize::from(pattern[i - 1] != c),
                prev[i - 1].1,
            );
            let skip_pattern = (cur[i - 1].0 + 1, cur[i - 1].1);
            let skip_text = (prev[i].0 + 1, prev[i].1);
            let mut pick = substitute;
            if skip_pattern.0 < pick.0 {
                pick = skip_pattern;
            }
            if skip_text.0 < pick.0 {
                pick = skip_text;
            }
            cur[i] = pick;
        }
        if cur[m].0 <= max_edits {
            found.push((byte_at(cur[m].1)..byte_at(j), cur[m].0));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    found
}

#[cfg(test)]
mod tests;
