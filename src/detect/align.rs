//! Aligning a candidate region of two articles into shared passages, with `similar` on token
//! keys. A diff alone finds equal words; a passage is a stretch where equal words outweigh the
//! words only one side has, so the diff is scored (BLAST-style X-drop: extend while the score
//! stays within reach of its best) and cut where it stops paying. A sentence added or cut inside
//! a copied paragraph costs less than the paragraph earns, so the copy stays one passage. Where
//! both sides changed (a sentence reworded, old forms modernised, a sentence replaced), the
//! stretches on either side are joined again when the whole still aligns above the similarity
//! threshold and the changed stretch is short beside them: a rewritten text is one passage, two
//! copied sentences around an unrelated one stay two.
//!
//! Passage ends are then snapped to sentence boundaries when the passage covers most of a
//! sentence; a quote shared inside two otherwise different sentences keeps the quote's own span.
//! A passage that goes on past its first or last sentence leaves behind the few words it took
//! from a paragraph above (a heading) or from the edge of a sentence it barely holds.
//! Which regions to align is [`crate::detect::index`]'s choice; grouping passages is [`crate::detect::reuse`]'s.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};

use crate::config::DetectConfig;
use crate::corpus::segment::Segmentation;
use crate::detect::index::{ArticleTokens, Candidate};
use crate::detect::normalize::folded_hashes;

/// Tokens of context aligned around a candidate region; doubled while a passage reaches the
/// edge of the window.
const MARGIN: usize = 40;

/// How many times a window may grow before the passage is taken as it is.
const MAX_GROWTH: usize = 6;

/// What one token only one side has costs, against 1 for a shared content word.
const GAP_COST: f64 = 0.4;

/// What a shared function word earns: it glues a passage but cannot carry one.
const FUNCTION_WORD_WEIGHT: f64 = 0.25;

/// How far below its best a passage's score may fall before it ends there. 15 lets a passage
/// absorb a sentence of about 35 words that only one side has.
const X_DROP: f64 = 15.0;

/// A passage covering this share of a sentence's words is widened to the whole sentence.
const SNAP_SHARE: f64 = 0.7;

/// ... or this share of the sentence it starts or ends in, when it goes on past that sentence
/// and leaves at most [`EDGE_REST`] of its words out: a rewritten text ends on its last
/// sentence, whole ("And they began to be merry" / "Then they began to celebrate"). A fragment
/// of less than this share at an edge is cut off instead ([`edge_cuts`]).
const EDGE_SHARE: f64 = 0.5;

/// Words of an edge sentence a passage may leave out and still be widened over it by
/// [`EDGE_SHARE`]: more is text of its own (page furniture run into the first sentence of a
/// copy), not a reworded ending.
const EDGE_REST: usize = 3;

/// No single diff may take longer than this; a pathological pair gets a coarser alignment
/// instead of freezing the scan.
const DIFF_DEADLINE: Duration = Duration::from_millis(250);

/// One side of an alignment: an article's tokens and sentences.
#[derive(Debug, Clone, Copy)]
pub struct AlignSide<'a> {
    /// The article's text.
    pub text: &'a str,
    /// The tokens (with stock marks).
    pub tokens: &'a ArticleTokens,
    /// The sentences, for snapping.
    pub segmentation: &'a Segmentation,
}

/// A passage two articles share, as found by alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignedPassage {
    /// Token indices in the first article.
    pub a_tokens: Range<usize>,
    /// Token indices in the second article.
    pub b_tokens: Range<usize>,
    /// Byte span in the first article's text.
    pub a_bytes: Range<usize>,
    /// Byte span in the second article's text.
    pub b_bytes: Range<usize>,
    /// Words the two passages have in common.
    pub matched_words: usize,
    /// Of those, content words outside stock phrases.
    pub matched_content_words: usize,
    /// Similarity in [0, 1] (see [`similarity`]).
    pub similarity: f64,
    /// True when the two passages have the same words (up to case, diacritics, punctuation).
    pub is_verbatim: bool,
}

/// Aligns the candidate regions of one pair of articles and returns the passages that pass the
/// thresholds of `config`, without duplicates, in order of position in the first article.
pub fn align_pair(
    a: AlignSide<'_>,
    b: AlignSide<'_>,
    candidates: &[Candidate],
    config: &DetectConfig,
) -> Vec<AlignedPassage> {
    let mut passages = Vec::new();
    for candidate in candidates {
        passages.extend(align_candidate(a, b, candidate, config));
    }
    dedupe(passages)
}

fn overlaps(x: &Range<usize>, y: &Range<usize>) -> bool {
    x.start < y.end && y.start < x.end
}

/// Diffs `wa` × `wb` through the anchors: the stretch between two anchors is diffed on its own,
/// so the alignment follows the chain of shared n-grams the index found instead of whichever
/// longest common subsequence the whole window has (which can pair a phrase with its echo in
/// another paragraph). Ops are in article coordinates.
fn anchored_diff(
    a: &ArticleTokens,
    b: &ArticleTokens,
    wa: &Range<usize>,
    wb: &Range<usize>,
    anchors: &[(usize, usize)],
) -> Vec<DiffOp> {
    let deadline = Instant::now() + DIFF_DEADLINE;
    let mut ops = Vec::new();
    let (mut pa, mut pb) = (wa.start, wb.start);
    let splits = anchors
        .iter()
        .copied()
        .filter(|&(x, y)| wa.contains(&x) && wb.contains(&y))
        .chain(std::iter::once((wa.end, wb.end)));
    for (x, y) in splits {
        if x < pa || y < pb {
            continue;
        }
        let ka: Vec<u32> = a.tokens[pa..x].iter().map(|t| t.key()).collect();
        let kb: Vec<u32> = b.tokens[pb..y].iter().map(|t| t.key()).collect();
        for op in capture_diff_slices_deadline(Algorithm::Myers, &ka, &kb, Some(deadline)) {
            let op = shift(op, pa, pb);
            // Equal runs cut by an anchor are one run.
            if let (
                Some(DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                }),
                DiffOp::Equal {
                    old_index: next_old,
                    new_index: next_new,
                    len: next_len,
                },
            ) = (ops.last_mut(), op)
            {
                if *old_index + *len == next_old && *new_index + *len == next_new {
                    *len += next_len;
                    continue;
                }
            }
            ops.push(op);
        }
        (pa, pb) = (x, y);
    }
    ops
}

fn shift(op: DiffOp, da: usize, db: usize) -> DiffOp {
    match op {
        DiffOp::Equal {
            old_index,
            new_index,
            len,
        } => DiffOp::Equal {
            old_index: old_index + da,
            new_index: new_index + db,
            len,
        },
        DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } => DiffOp::Delete {
            old_index: old_index + da,
            old_len,
            new_index: new_index + db,
        },
        DiffOp::Insert {
            old_index,
            new_index,
            new_len,
        } => DiffOp::Insert {
            old_index: old_index + da,
            new_index: new_index + db,
            new_len,
        },
        DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } => DiffOp::Replace {
            old_index: old_index + da,
            old_len,
            new_index: new_index + db,
            new_len,
        },
    }
}

/// Aligns one candidate, growing the window while a passage runs into its edge.
fn align_candidate(
    a: AlignSide<'_>,
    b: AlignSide<'_>,
    candidate: &Candidate,
    config: &DetectConfig,
) -> Vec<AlignedPassage> {
    let (a_len, b_len) = (a.tokens.tokens.len(), b.tokens.tokens.len());
    let (mut before, mut after) = (MARGIN, MARGIN);
    let mut growth = 0;
    loop {
        let wa = candidate.a_tokens.start.saturating_sub(before)
            ..(candidate.a_tokens.end + after).min(a_len);
        let wb = candidate.b_tokens.start.saturating_sub(before)
            ..(candidate.b_tokens.end + after).min(b_len);
        let ops = anchored_diff(a.tokens, b.tokens, &wa, &wb, &candidate.anchors);
        let segments = x_drop_segments(&ops, a.tokens, b.tokens);
        let touches_start = segments.iter().any(|(sa, sb)| {
            (sa.start == wa.start && wa.start > 0) || (sb.start == wb.start && wb.start > 0)
        });
        let touches_end = segments.iter().any(|(sa, sb)| {
            (sa.end == wa.end && wa.end < a_len) || (sb.end == wb.end && wb.end < b_len)
        });
        if growth < MAX_GROWTH && (touches_start || touches_end) {
            growth += 1;
            if touches_start {
                before *= 2;
            }
            if touches_end {
                after *= 2;
            }
            continue;
        }
        let pairs = equal_pairs(&ops);
        return merge_close(segments, &pairs, a.tokens, b.tokens, config.min_similarity)
            .into_iter()
            .filter_map(|(sa, sb)| accept(a, b, sa, sb, &pairs, config))
            .collect();
    }
}

/// The weight a shared token earns in the X-drop score.
fn earn(a: &ArticleTokens, i: usize, b: &ArticleTokens, j: usize) -> f64 {
    let stock =
        a.is_stock.get(i).copied().unwrap_or(false) || b.is_stock.get(j).copied().unwrap_or(false);
    if stock {
        0.0
    } else if a.tokens[i].is_content() {
        1.0
    } else {
        FUNCTION_WORD_WEIGHT
    }
}

/// Tokens both sides may each hold, since the last shared content word, before a passage ends
/// however well it scored: a sentence added on one side is bridged by the score, but a stretch
/// where each side says something different (a sentence replaced by another) is where one copy
/// ends and another may begin.
const BOTH_SIDES_GAP: usize = 10;

/// Tokens one side adds in one place (a sentence or more) at which a passage is cut, to be
/// joined again by [`merge_close`] when what follows is shared too: scored in one piece, a
/// short sentence after the insertion would not pay back its cost and would be lost.
const SPLIT_GAP: usize = 8;

/// A passage being extended along the diff.
struct Extension {
    start: (usize, usize),
    score: f64,
    best: f64,
    best_end: (usize, usize),
    /// Tokens on each side since the last shared content word.
    gap: (usize, usize),
}

impl Extension {
    fn finish(self, out: &mut Vec<(Range<usize>, Range<usize>)>) {
        if self.best > 0.0 {
            out.push((self.start.0..self.best_end.0, self.start.1..self.best_end.1));
        }
    }
}

/// Charges a gap (`a` tokens only the first side has, `b` only the second) to the open passage
/// and ends it when its score falls out of reach or both sides have gone their own way.
fn charge_gap(
    open: &mut Option<Extension>,
    (a, b): (usize, usize),
    out: &mut Vec<(Range<usize>, Range<usize>)>,
) {
    if let Some(o) = open.as_mut() {
        o.score -= (a + b) as f64 * GAP_COST;
        o.gap = (o.gap.0 + a, o.gap.1 + b);
        if o.score <= 0.0
            || o.score < o.best - X_DROP
            || o.gap.0.min(o.gap.1) > BOTH_SIDES_GAP
            || a.max(b) >= SPLIT_GAP
        {
            if let Some(o) = open.take() {
                o.finish(out);
            }
        }
    }
}

/// Cuts a diff (in article coordinates) into the stretches where shared words outweigh the
/// gaps (X-drop). Returns token ranges.
fn x_drop_segments(
    ops: &[DiffOp],
    a: &ArticleTokens,
    b: &ArticleTokens,
) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut open: Option<Extension> = None;
    for op in ops {
        match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                let (ra, rb) = (old_index, new_index);
                for k in 0..len {
                    let w = earn(a, ra + k, b, rb + k);
                    let o = match open.as_mut() {
                        Some(o) => o,
                        None if w >= 1.0 => {
                            // Start at the head of this run of equal words: the function words
                            // before the first content word are shared text too.
                            open.insert(Extension {
                                start: (ra, rb),
                                score: (0..k).map(|j| earn(a, ra + j, b, rb + j)).sum(),
                                best: 0.0,
                                best_end: (ra, rb),
                                gap: (0, 0),
                            })
                        }
                        None => continue,
                    };
                    o.score += w;
                    if o.score >= o.best && w > 0.0 {
                        o.best = o.score;
                        o.best_end = (ra + k + 1, rb + k + 1);
                    }
                    if w >= 1.0 {
                        o.gap = (0, 0);
                    } else {
                        // A shared function or stock word does not tie the two sides together.
                        charge_gap(&mut open, (1, 1), &mut out);
                        // Undo the gap cost: the word itself is shared, only the tie is weak.
                        if let Some(o) = open.as_mut() {
                            o.score += 2.0 * GAP_COST;
                        }
                    }
                }
                // Equal words right after the best point are shared text: take the whole run.
                if let Some(o) = open.as_mut() {
                    if o.best_end.0 > ra && o.best_end.0 <= ra + len {
                        o.best_end = (ra + len, rb + len);
                    }
                }
            }
            DiffOp::Delete { old_len, .. } => charge_gap(&mut open, (old_len, 0), &mut out),
            DiffOp::Insert { new_len, .. } => charge_gap(&mut open, (0, new_len), &mut out),
            DiffOp::Replace {
                old_len, new_len, ..
            } => charge_gap(&mut open, (old_len, new_len), &mut out),
        }
    }
    if let Some(o) = open {
        o.finish(&mut out);
    }
    out
}

/// Two segments this close (in tokens, in the same order) are one passage with a sentence added
/// or cut between them, when each has some substance of its own.
const MERGE_GAP: usize = 45;

/// ... and when the gap is an insertion on one side only: the other side may differ by at most
/// this many tokens (a changed word or two at the seam). A sentence replaced by a different one
/// on both sides is two passages, not one, unless the copies around it are long enough to make
/// it a small part of one edited text ([`bridges`]): joining two short copies across unrelated
/// sentences would claim those sentences as shared and chain otherwise unrelated copies into
/// one cluster.
const MERGE_OTHER_SIDE_GAP: usize = 6;

/// Shared content words a segment needs before it may be joined to a neighbour; fewer is a
/// chance match of a name or two.
const MERGE_MIN_CONTENT: usize = 4;

/// Joins consecutive segments that are one passage: a sentence added on one side
/// ([`MERGE_GAP`]), or a stretch both sides changed that [`bridges`] accepts. Segments too thin
/// to stand on their own (a shared name, two words kept in a reworded sentence) lying between
/// two joined segments become part of the passage.
fn merge_close(
    segments: Vec<(Range<usize>, Range<usize>)>,
    pairs: &[(usize, usize)],
    a: &ArticleTokens,
    b: &ArticleTokens,
    min_similarity: f64,
) -> Vec<(Range<usize>, Range<usize>)> {
    let substantial = |(sa, sb): &(Range<usize>, Range<usize>)| {
        shared_in(pairs, sa, sb)
            .filter(|&&(i, j)| earn(a, i, b, j) >= 1.0)
            .count()
            >= MERGE_MIN_CONTENT
    };
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(segments.len());
    // The last substantial segment of `out`, and whether it is the last segment.
    let mut anchor: Option<usize> = None;
    for seg in segments {
        if !substantial(&seg) {
            out.push(seg);
            continue;
        }
        if let Some(k) = anchor {
            let last = &out[k];
            let in_order = seg.0.start >= last.0.end && seg.1.start >= last.1.end;
            let join = in_order && {
                let gap_a = seg.0.start - last.0.end;
                let gap_b = seg.1.start - last.1.end;
                let inserted = k + 1 == out.len()
                    && gap_a.max(gap_b) <= MERGE_GAP
                    && gap_a.min(gap_b) <= MERGE_OTHER_SIDE_GAP;
                inserted || bridges(last, &seg, pairs, a, b, min_similarity)
            };
            if join {
                out.truncate(k + 1);
                out[k].0.end = seg.0.end;
                out[k].1.end = seg.1.end;
                continue;
            }
        }
        out.push(seg);
        anchor = Some(out.len() - 1);
    }
    out
}

/// True when the stretch between two segments (in order on both sides) is an edit inside one
/// copied text rather than the border between two copies: the two segments and the stretch
/// together still align above `min_similarity`, and the stretch is short beside the segments
/// around it. A stretch that is itself a rewrite (it keeps some of its words: archaic forms
/// modernised, a clause reworded) may be as long as the shorter segment; a stretch where each
/// side says something else (a sentence replaced) at most half as long, so that two copied
/// sentences with an unrelated one between them stay two passages.
fn bridges(
    left: &(Range<usize>, Range<usize>),
    right: &(Range<usize>, Range<usize>),
    pairs: &[(usize, usize)],
    a: &ArticleTokens,
    b: &ArticleTokens,
    min_similarity: f64,
) -> bool {
    let gap_a = left.0.end..right.0.start;
    let gap_b = left.1.end..right.1.start;
    let gap = gap_a.len().max(gap_b.len());
    let beside = left
        .0
        .len()
        .min(left.1.len())
        .min(right.0.len())
        .min(right.1.len());
    if gap > beside {
        return false;
    }
    let reworded = span_similarity(pairs, a, b, &gap_a, &gap_b) >= min_similarity / 2.0;
    if !reworded && 2 * gap > beside {
        return false;
    }
    let whole_a = left.0.start..right.0.end;
    let whole_b = left.1.start..right.1.end;
    span_similarity(pairs, a, b, &whole_a, &whole_b) >= min_similarity
}

/// The equal pairs of `pairs` (sorted) that lie inside `ra` and `rb`.
fn shared_in<'p>(
    pairs: &'p [(usize, usize)],
    ra: &Range<usize>,
    rb: &Range<usize>,
) -> impl Iterator<Item = &'p (usize, usize)> {
    let from = pairs.partition_point(|&(i, _)| i < ra.start);
    let (ra, rb) = (ra.clone(), rb.clone());
    pairs[from..]
        .iter()
        .take_while(move |&&(i, _)| i < ra.end)
        .filter(move |&&(_, j)| rb.contains(&j))
}

/// [`similarity`] of two token ranges given the equal pairs of their alignment.
fn span_similarity(
    pairs: &[(usize, usize)],
    a: &ArticleTokens,
    b: &ArticleTokens,
    ra: &Range<usize>,
    rb: &Range<usize>,
) -> f64 {
    let local: Vec<(usize, usize)> = shared_in(pairs, ra, rb)
        .map(|&(i, j)| (i - ra.start, j - rb.start))
        .collect();
    let content = |tokens: &ArticleTokens, r: &Range<usize>| -> Vec<bool> {
        tokens.tokens[r.clone()]
            .iter()
            .map(|t| t.is_content())
            .collect()
    };
    similarity(&content(a, ra), &content(b, rb), &local)
}

/// Every pair of equal tokens of a diff (in article coordinates), in order.
fn equal_pairs(ops: &[DiffOp]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for op in ops {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            pairs.extend((0..len).map(|k| (old_index + k, new_index + k)));
        }
    }
    pairs
}

/// Token range of `tokens` whose words start inside `bytes`.
fn tokens_in(tokens: &[crate::detect::normalize::Token], bytes: &Range<usize>) -> Range<usize> {
    let start = tokens.partition_point(|t| (t.byte_start as usize) < bytes.start);
    let end = tokens.partition_point(|t| (t.byte_start as usize) < bytes.end);
    start..end
}

/// Widens a passage (token range) to the sentences it mostly covers; returns its byte span and
/// token range.
fn snap(side: AlignSide<'_>, range: Range<usize>) -> (Range<usize>, Range<usize>) {
    let tokens = &side.tokens.tokens;
    let sentences = &side.segmentation.sentences;
    let mut bytes =
        tokens[range.start].byte_start as usize..tokens[range.end - 1].byte_end as usize;
    let mut out = range.clone();
    if let Some(i) = side.segmentation.sentence_at(bytes.start) {
        let sentence = &sentences[i].byte_span;
        let in_sentence = tokens_in(tokens, sentence);
        if sentence.start <= bytes.start && !in_sentence.is_empty() {
            let covered = range.end.min(in_sentence.end) - range.start;
            let rest = range.start - in_sentence.start;
            let edge = range.end > in_sentence.end
                && rest <= EDGE_REST
                && covered as f64 >= EDGE_SHARE * in_sentence.len() as f64;
            if rest <= 1 || edge || covered as f64 >= SNAP_SHARE * in_sentence.len() as f64 {
                bytes.start = sentence.start;
                out.start = in_sentence.start;
            }
        }
    }
    if let Some(i) = side.segmentation.sentence_at(bytes.end - 1) {
        let sentence = &sentences[i].byte_span;
        let in_sentence = tokens_in(tokens, sentence);
        if sentence.start < bytes.end && !in_sentence.is_empty() {
            let covered = range.end - range.start.max(in_sentence.start);
            let rest = in_sentence.end.saturating_sub(range.end);
            let edge = range.start < in_sentence.start
                && rest <= EDGE_REST
                && covered as f64 >= EDGE_SHARE * in_sentence.len() as f64;
            if rest <= 1 || edge || covered as f64 >= SNAP_SHARE * in_sentence.len() as f64 {
                bytes.end = bytes.end.max(sentence.end);
                out.end = out.end.max(in_sentence.end);
            }
        }
    }
    (bytes, out)
}

/// Where a passage (token range of one side) should begin and end so that its edges lie in
/// the paragraphs and sentences it holds: the words it takes from the end of a paragraph before
/// the one it goes on in (fewer than `min_words`: a heading, a standing line above a copied
/// paragraph) are cut off, and so is a fragment of less than half a sentence and fewer than
/// `min_words` at either edge (the last word of the sentence before, the first words of the
/// sentence after), when the passage goes on past it; a longer fragment is a quote or a
/// sentence run together with page furniture, and stays.
fn edge_cuts(side: AlignSide<'_>, range: &Range<usize>, min_words: usize) -> Range<usize> {
    let tokens = &side.tokens.tokens;
    let segmentation = side.segmentation;
    let mut out = range.clone();
    let byte = |t: usize| tokens[t].byte_start as usize;
    let paragraph_of = |s: usize| {
        let p = segmentation.sentences[s].paragraph;
        tokens_in(tokens, &segmentation.paragraphs[p].byte_span)
    };
    let sentence = |s: usize| tokens_in(tokens, &segmentation.sentences[s].byte_span);
    if let Some(s) = segmentation.sentence_at(byte(range.start)) {
        let (paragraph, sentence) = (paragraph_of(s), sentence(s));
        if paragraph.end < range.end && paragraph.end.saturating_sub(range.start) < min_words {
            out.start = paragraph.end;
        } else if sentence.end < range.end
            && range.start > sentence.start
            && 2 * (sentence.end - range.start) < sentence.len()
            && sentence.end - range.start < min_words
        {
            out.start = sentence.end;
        }
    }
    if let Some(s) = segmentation.sentence_at(byte(range.end - 1)) {
        let (paragraph, sentence) = (paragraph_of(s), sentence(s));
        if paragraph.start > range.start && range.end.saturating_sub(paragraph.start) < min_words {
            out.end = paragraph.start;
        } else if sentence.start > range.start
            && range.end < sentence.end
            && 2 * (range.end.saturating_sub(sentence.start)) < sentence.len()
            && range.end.saturating_sub(sentence.start) < min_words
        {
            out.end = sentence.start;
        }
    }
    out
}

/// Cuts the edges [`edge_cuts`] finds off a passage, on both sides at once: each side's new
/// edge is the first (last) pair of equal words inside both sides' cut ranges, so that the
/// words cut from one side leave with their partners on the other.
fn trim_edges(
    a: AlignSide<'_>,
    b: AlignSide<'_>,
    sa: Range<usize>,
    sb: Range<usize>,
    pairs: &[(usize, usize)],
    min_words: usize,
) -> (Range<usize>, Range<usize>) {
    let (ca, cb) = (edge_cuts(a, &sa, min_words), edge_cuts(b, &sb, min_words));
    if ca == sa && cb == sb {
        return (sa, sb);
    }
    let mut kept = shared_in(pairs, &ca, &cb);
    let Some(&(first_a, first_b)) = kept.next() else {
        return (sa, sb);
    };
    let (last_a, last_b) = kept.last().copied().unwrap_or((first_a, first_b));
    (first_a..last_a + 1, first_b..last_b + 1)
}

/// True when the shared tokens `matched` (sorted token indices of one side) hold a sentence:
/// most of one sentence, or at least `min_words` inside one sentence (a quote). Two stock
/// phrases that happen to meet across a sentence break ("…familiar with the matter. President
/// Vladimir Putin said on Monday…") hold neither.
fn holds_a_sentence(side: AlignSide<'_>, matched: &[usize], min_words: usize) -> bool {
    let tokens = &side.tokens.tokens;
    let mut at = 0;
    while at < matched.len() {
        let byte = tokens[matched[at]].byte_start as usize;
        let Some(i) = side.segmentation.sentence_at(byte) else {
            return false;
        };
        let sentence = &side.segmentation.sentences[i].byte_span;
        let in_sentence = tokens_in(tokens, sentence);
        let count = matched[at..]
            .iter()
            .take_while(|&&t| in_sentence.contains(&t))
            .count()
            .max(1);
        if count >= min_words || count as f64 >= SNAP_SHARE * in_sentence.len() as f64 {
            return true;
        }
        at += count;
    }
    false
}

/// Weighted Dice similarity of two token ranges, given the equal pairs of their alignment:
/// twice the weight of the shared words over the weight of all words on both sides, content
/// words weighing 1 and function words ¼ (a rewrite that keeps a sentence's skeleton of `the`,
/// `of`, `that` but swaps most of its content words is not a copy). 1 means the same words in
/// the same order (after normalization), 0 nothing in common.
///
/// # Examples
/// ```
/// use crossread::detect::align::similarity;
/// // Four words each side, three shared (all content words): 2·3 / (4 + 4).
/// let content = [true; 4];
/// assert_eq!(similarity(&content, &content, &[(0, 0), (1, 1), (3, 3)]), 0.75);
/// assert_eq!(similarity(&content, &content, &[]), 0.0);
/// ```
pub fn similarity(a_is_content: &[bool], b_is_content: &[bool], pairs: &[(usize, usize)]) -> f64 {
    let weight = |c: bool| if c { 1.0 } else { FUNCTION_WORD_WEIGHT };
    let total: f64 = a_is_content
        .iter()
        .chain(b_is_content)
        .map(|&c| weight(c))
        .sum();
    if total == 0.0 {
        return 0.0;
    }
    let shared: f64 = pairs
        .iter()
        .map(|&(i, j)| weight(a_is_content[i]) + weight(b_is_content[j]))
        .sum();
    (shared / total).clamp(0.0, 1.0)
}

/// How two passages found by another tool compare, by crossread's measures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PassageScore {
    /// [`similarity`] of the two passages' words.
    pub similarity: f64,
    /// Words the two have in common (after normalization).
    pub matched_words: usize,
    /// True when they have the same words (up to case, diacritics, punctuation and spacing).
    pub is_verbatim: bool,
}

/// Scores two passages that crossread did not align itself (an imported match): their words
/// diffed as detection diffs them, without thresholds or snapping, so that the similarity and
/// the verbatim mark mean what they mean for crossread's own matches.
///
/// # Examples
/// ```
/// use crossread::detect::align::score_passages;
/// let score = score_passages("The U.N. Security Council met.", "the UN security council met");
/// assert_eq!(score.similarity, 1.0);
/// assert!(score.is_verbatim);
/// let score = score_passages("Talks ended on Friday night.", "Talks ended on Monday night.");
/// assert!(score.similarity < 1.0 && !score.is_verbatim);
/// assert_eq!(score.matched_words, 4);
/// ```
pub fn score_passages(a: &str, b: &str) -> PassageScore {
    let ta = crate::detect::normalize::tokenize(a);
    let tb = crate::detect::normalize::tokenize(b);
    let ka: Vec<u32> = ta.iter().map(|t| t.key()).collect();
    let kb: Vec<u32> = tb.iter().map(|t| t.key()).collect();
    let deadline = Instant::now() + DIFF_DEADLINE;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &ka, &kb, Some(deadline));
    let pairs = equal_pairs(&ops);
    let content = |t: &[crate::detect::normalize::Token]| -> Vec<bool> {
        t.iter().map(|t| t.is_content()).collect()
    };
    PassageScore {
        similarity: similarity(&content(&ta), &content(&tb), &pairs),
        matched_words: pairs.len(),
        is_verbatim: !ta.is_empty()
            && pairs.len() == ta.len()
            && pairs.len() == tb.len()
            && folded_hashes(a) == folded_hashes(b),
    }
}

/// Checks one aligned segment against the thresholds and snaps it; `None` when it is too short
/// or too different.
fn accept(
    a: AlignSide<'_>,
    b: AlignSide<'_>,
    sa: Range<usize>,
    sb: Range<usize>,
    pairs: &[(usize, usize)],
    config: &DetectConfig,
) -> Option<AlignedPassage> {
    if sa.is_empty() || sb.is_empty() {
        return None;
    }
    let inside = |ra: &Range<usize>, rb: &Range<usize>| -> Vec<(usize, usize)> {
        let from = pairs.partition_point(|&(i, _)| i < ra.start);
        pairs[from..]
            .iter()
            .take_while(|&&(i, _)| i < ra.end)
            .filter(|&&(_, j)| rb.contains(&j))
            .copied()
            .collect()
    };
    let shared = inside(&sa, &sb);
    let matched_words = shared.len();
    let matched_content_words = shared
        .iter()
        .filter(|&&(i, j)| earn(a.tokens, i, b.tokens, j) >= 1.0)
        .count();
    if matched_words < config.min_words || matched_content_words < config.min_content_words {
        return None;
    }
    let a_side: Vec<usize> = shared.iter().map(|&(i, _)| i).collect();
    let b_side: Vec<usize> = shared.iter().map(|&(_, j)| j).collect();
    if !holds_a_sentence(a, &a_side, config.min_words)
        || !holds_a_sentence(b, &b_side, config.min_words)
    {
        return None;
    }
    let (sa, sb) = trim_edges(a, b, sa, sb, pairs, config.min_words);
    let (a_bytes, a_tokens) = snap(a, sa);
    let (b_bytes, b_tokens) = snap(b, sb);
    let shared = inside(&a_tokens, &b_tokens);
    if shared.len() < config.min_words {
        return None;
    }
    let local: Vec<(usize, usize)> = shared
        .iter()
        .map(|&(i, j)| (i - a_tokens.start, j - b_tokens.start))
        .collect();
    let content = |side: AlignSide<'_>, r: &Range<usize>| -> Vec<bool> {
        side.tokens.tokens[r.clone()]
            .iter()
            .map(|t| t.is_content())
            .collect()
    };
    let similarity = similarity(&content(a, &a_tokens), &content(b, &b_tokens), &local);
    if similarity < config.min_similarity {
        return None;
    }
    let is_verbatim = shared.len() == a_tokens.len()
        && shared.len() == b_tokens.len()
        && a.text.get(a_bytes.clone()).map(folded_hashes)
            == b.text.get(b_bytes.clone()).map(folded_hashes);
    Some(AlignedPassage {
        a_tokens,
        b_tokens,
        a_bytes,
        b_bytes,
        matched_words,
        matched_content_words,
        similarity,
        is_verbatim,
    })
}

/// Drops passages that overlap a longer one on both sides (two windows finding the same copy).
fn dedupe(mut passages: Vec<AlignedPassage>) -> Vec<AlignedPassage> {
    passages.sort_by(|x, y| {
        y.matched_words
            .cmp(&x.matched_words)
            .then(x.a_bytes.start.cmp(&y.a_bytes.start))
            .then(x.b_bytes.start.cmp(&y.b_bytes.start))
    });
    let mut kept: Vec<AlignedPassage> = Vec::new();
    for p in passages {
        if !kept
            .iter()
            .any(|k| overlaps(&k.a_bytes, &p.a_bytes) && overlaps(&k.b_bytes, &p.b_bytes))
        {
            kept.push(p);
        }
    }
    kept.sort_by_key(|p| (p.a_bytes.start, p.b_bytes.start));
    kept
}
