//! Word sequences found in too many articles for the index to pair their carriers up: a stock
//! phrase ("according to people familiar with the matter") or a passage many outlets reprinted
//! (a wire paragraph carried by 1,500 articles). Frequency cannot tell them apart; length and
//! context can. A stock phrase is short and stands in varying surroundings; a reprinted passage
//! is long and its words come in the same order in every copy.
//!
//! So each article's frequent n-grams are strung into runs: two frequent n-grams a few words
//! apart belong to one run when most articles that hold one hold the other after it (a wire's
//! sentences follow each other in every copy; "said on Thursday" is followed by something else
//! in each article). A run shorter than `min_words` is stock and set aside; two or three stock
//! phrases in a row are still three runs, because their junctions vary. A long run is a copy of
//! a widely carried passage: runs are grouped around a representative (the longest copy), and
//! each member is aligned against it alone, so a passage in 1,500 articles costs 1,500
//! alignments, not a million, and every member of a cluster is a copy of its representative.
//!
//! Pairing rarer n-grams is [`crate::detect::index`]'s job; merging these clusters with the
//! pairwise ones is [`crate::detect::reuse`]'s.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::corpus::{ArticleId, Corpus};
use crate::detect::align::{AlignSide, AlignedPassage, align_pair};
use crate::detect::index::{ArticleTokens, Candidate, for_each_shingle, last_word};
use crate::detect::normalize::Token;
use crate::hash::{HashedMap, mix};

/// How many frequent n-grams ahead of one an article may hold the next of its run: an edit in
/// one copy (a word dropped or swapped) breaks the three n-grams around it.
const LINK_AHEAD: usize = 5;

/// Tokens between the starts of two frequent n-grams of one run, at most.
const LINK_TOKENS: u32 = 24;

/// An n-gram found in this many times more articles than another is looked past when linking
/// that one to what follows it.
const MUCH_COMMONER: usize = 4;

/// Share of the articles holding the commoner of two n-grams that must hold both, in that
/// order, for them to be one run.
const LINK_SHARE: f64 = 0.5;

/// Share of the shorter run's distinct n-grams two runs must share before they are aligned.
const MIN_SHARED_SHARE: f64 = 0.3;

/// The frequent n-grams of a corpus, numbered in the order of their hashes (so that numbers
/// sort as hashes do, and a pair of them packs into one `u64`).
struct Frequent {
    /// The hash of each n-gram, by number.
    hashes: Vec<u64>,
    /// How many articles hold each n-gram, by number.
    df: Vec<u32>,
    /// The number of each n-gram, by hash.
    number: HashedMap<u64, u32>,
}

impl Frequent {
    fn of(frequent: &HashMap<u64, u32>) -> Frequent {
        let mut sorted: Vec<(u64, u32)> = frequent.iter().map(|(&h, &df)| (h, df)).collect();
        sorted.sort_unstable();
        let number = sorted
            .iter()
            .enumerate()
            .map(|(i, &(h, _))| (h, u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        Frequent {
            hashes: sorted.iter().map(|&(h, _)| h).collect(),
            df: sorted.iter().map(|&(_, df)| df).collect(),
            number,
        }
    }
}

/// One frequent n-gram in one article.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    first: u32,
    last: u32,
    /// Its number in [`Frequent`].
    ngram: u32,
    df: u32,
}

/// A long run of frequent n-grams in one article: a copy of a widely carried passage.
#[derive(Debug, Clone)]
struct Run {
    article: usize,
    tokens: Range<usize>,
    /// `(first token, number)` of each n-gram, in order.
    ngrams: Vec<(u32, u32)>,
    /// The distinct n-gram numbers, sorted.
    distinct: Vec<u32>,
}

/// A passage of one article: the article and a byte span of its text.
pub(crate) type Place = (ArticleId, Range<usize>);

/// One widely carried passage: its representative first, then every copy aligned against it.
#[derive(Debug, Clone)]
pub(crate) struct WideCluster {
    /// The passage in each article (the representative first).
    pub members: Vec<Place>,
    /// Each copy against the representative: `(a, b, passage)`, `a` ranked before `b`.
    pub matches: Vec<(ArticleId, ArticleId, AlignedPassage)>,
}

/// One occurrence of a stock phrase: 24 bytes, for a corpus holds hundreds of thousands.
#[derive(Debug, Clone)]
pub(crate) struct StockPhrase {
    /// The article it is in.
    pub article: ArticleId,
    /// Where it starts in the article's text (bytes).
    pub start: u32,
    /// Where it ends (bytes, exclusive).
    pub end: u32,
    /// The same number for every occurrence of one phrase.
    pub phrase: u64,
}

impl StockPhrase {
    /// Where it is.
    pub fn place(&self) -> Place {
        (self.article, self.start as usize..self.end as usize)
    }
}

/// What this stage finds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Found {
    /// Widely carried passages.
    pub clusters: Vec<WideCluster>,
    /// Stock phrases, one entry per occurrence.
    pub stock: Vec<StockPhrase>,
}

/// Finds the stock phrases and the widely carried passages of a corpus, given every article's
/// tokens (by id) and the n-grams found in too many articles to pair (`frequent`: hash →
/// articles). `rank` orders articles by name.
pub(crate) fn find(
    corpus: &Corpus,
    tokens: &[ArticleTokens],
    frequent: &HashMap<u64, u32>,
    rank: &[u32],
    config: &DetectConfig,
) -> Found {
    if frequent.is_empty() {
        return Found::default();
    }
    let frequent = Frequent::of(frequent);
    let occurrences: Vec<Vec<Occurrence>> = tokens
        .par_iter()
        .map(|t| occurrences_of(&t.tokens, &frequent))
        .collect();
    let linked = linked_pairs(&occurrences, &frequent.df);
    let (runs, stock) = split_runs(tokens, &occurrences, &linked, &frequent, config);
    drop(occurrences);
    let clusters = cluster_runs(corpus, tokens, runs, frequent.hashes.len(), rank, config);
    Found { clusters, stock }
}

/// The frequent n-grams of one article, in order.
fn occurrences_of(tokens: &[Token], frequent: &Frequent) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for_each_shingle(tokens, |hash, first| {
        if let Some(&ngram) = frequent.number.get(&hash) {
            out.push(Occurrence {
                first,
                last: last_word(tokens, first),
                ngram,
                df: frequent.df[ngram as usize],
            });
        }
    });
    out.shrink_to_fit();
    out
}

/// The frequent n-grams a little after the one at `p` ([`LINK_AHEAD`], [`LINK_TOKENS`]), each
/// n-gram at its first place only: in a phrase printed twice in a row, the first copy's words
/// are not followed by the second copy's.
fn ahead(occurrences: &[Occurrence], p: usize) -> impl Iterator<Item = (usize, &Occurrence)> {
    let x = occurrences[p];
    occurrences[p + 1..]
        .iter()
        .enumerate()
        .take_while(move |(_, y)| y.first - x.first <= LINK_TOKENS)
        // Much commoner n-grams are looked past: a stock phrase inside a wire paragraph
        // ("…, according to people familiar with the matter, …") stands between two n-grams
        // of the wire that follow each other in every copy.
        .filter(move |(_, y)| y.df as usize <= MUCH_COMMONER * x.df as usize)
        .take(LINK_AHEAD)
        .filter(move |&(k, y)| {
            y.ngram != x.ngram
                && !occurrences[p + 1..p + 1 + k]
                    .iter()
                    .any(|z| z.ngram == y.ngram)
        })
        .map(move |(k, y)| (p + 1 + k, y))
}

/// Two n-gram numbers as one key, `x` in the high half.
fn pair_key(x: u32, y: u32) -> u64 {
    (u64::from(x) << 32) | u64::from(y)
}

/// The pairs `(x, y)` of frequent n-grams one article holds with `y` a little after `x`
/// ([`ahead`]), each pair once ([`pair_key`]).
fn links_of(occurrences: &[Occurrence]) -> Vec<u64> {
    let mut out = Vec::new();
    for (p, x) in occurrences.iter().enumerate() {
        for (_, y) in ahead(occurrences, p) {
            out.push(pair_key(x.ngram, y.ngram));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The linked pairs of frequent n-grams ([`pair_key`]), sorted: those that most articles
/// holding the commoner of the two hold in this order, a little apart ([`links_of`]). Every
/// article's pairs are listed once in one table and sorted, and equal neighbours counted: a
/// table of eight bytes a pair, where a map of counts held three to four times that per
/// distinct pair, once per thread.
fn linked_pairs(occurrences: &[Vec<Occurrence>], df: &[u32]) -> Vec<u64> {
    let mut all: Vec<u64> = occurrences
        .par_iter()
        .flat_map_iter(|o| links_of(o))
        .collect();
    all.par_sort_unstable();
    let df_of = |n: u64| df.get(n as usize).copied().unwrap_or(0);
    all.chunk_by(|x, y| x == y)
        .filter(|same| {
            let key = same[0];
            let both = u32::try_from(same.len()).unwrap_or(u32::MAX);
            f64::from(both)
                >= LINK_SHARE * f64::from(df_of(key >> 32).max(df_of(key & 0xffff_ffff)))
        })
        .map(|same| same[0])
        .collect()
}

/// True when two frequent n-grams of one article belong to one run: most articles holding the
/// commoner one hold both, in this order (`linked`: [`linked_pairs`]).
fn is_linked(x: &Occurrence, y: &Occurrence, linked: &[u64]) -> bool {
    linked.binary_search(&pair_key(x.ngram, y.ngram)).is_ok()
}

/// The runs of one article's frequent n-grams: index ranges into `occurrences`.
fn runs_of(occurrences: &[Occurrence], linked: &[u64]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut reach = 0;
    for (p, x) in occurrences.iter().enumerate() {
        if p > reach {
            out.push(start..p);
            start = p;
        }
        for (q, y) in ahead(occurrences, p) {
            if is_linked(x, y, linked) {
                reach = reach.max(q);
            }
        }
        reach = reach.max(p);
    }
    if start < occurrences.len() {
        out.push(start..occurrences.len());
    }
    out
}

/// A stock phrase's identity: the hashes of its n-grams in order.
fn phrase_key(occurrences: &[Occurrence], hashes: &[u64]) -> u64 {
    occurrences.iter().fold(0u64, |h, o| {
        mix(h ^ hashes.get(o.ngram as usize).copied().unwrap_or(0)).rotate_left(7)
    })
}

/// Sorts every article's runs into long ones (copies of a widely carried passage) and short ones
/// (stock phrases, set aside).
fn split_runs(
    tokens: &[ArticleTokens],
    occurrences: &[Vec<Occurrence>],
    linked: &[u64],
    frequent: &Frequent,
    config: &DetectConfig,
) -> (Vec<Run>, Vec<StockPhrase>) {
    let per_article: Vec<(Vec<Run>, Vec<StockPhrase>)> = occurrences
        .par_iter()
        .enumerate()
        .map(|(article, occ)| {
            let words = &tokens[article].tokens;
            let mut long = Vec::new();
            let mut stock = Vec::new();
            for range in runs_of(occ, linked) {
                let run = &occ[range];
                let (Some(head), Some(tail)) = (run.first(), run.last()) else {
                    continue;
                };
                let span = head.first as usize..tail.last as usize + 1;
                if span.len() >= config.min_words {
                    let mut distinct: Vec<u32> = run.iter().map(|o| o.ngram).collect();
                    distinct.sort_unstable();
                    distinct.dedup();
                    long.push(Run {
                        article,
                        tokens: span,
                        ngrams: run.iter().map(|o| (o.first, o.ngram)).collect(),
                        distinct,
                    });
                } else {
                    stock.push(StockPhrase {
                        article: id(article),
                        start: words[span.start].byte_start,
                        end: words[span.end - 1].byte_end,
                        phrase: phrase_key(run, &frequent.hashes),
                    });
                }
            }
            (long, stock)
        })
        .collect();
    let mut runs = Vec::with_capacity(per_article.iter().map(|(r, _)| r.len()).sum());
    let mut stock = Vec::with_capacity(per_article.iter().map(|(_, s)| s.len()).sum());
    for (r, s) in per_article {
        runs.extend(r);
        stock.extend(s);
    }
    (runs, stock)
}

fn id(article: usize) -> ArticleId {
    ArticleId(u32::try_from(article).unwrap_or(u32::MAX))
}

/// Groups long runs around representatives: the longest run not yet taken is a representative,
/// and the runs sharing enough of its n-grams are aligned against it; those that align are its
/// copies. `ngrams`: how many frequent n-grams are numbered.
fn cluster_runs(
    corpus: &Corpus,
    tokens: &[ArticleTokens],
    runs: Vec<Run>,
    ngrams: usize,
    rank: &[u32],
    config: &DetectConfig,
) -> Vec<WideCluster> {
    if runs.len() < 2 {
        return Vec::new();
    }
    // Alignment here must see the frequent words the index marked as stock: articles that
    // still carry stock marks are copied without them (detection drops the marks before).
    let mut plain: HashMap<usize, ArticleTokens> = HashMap::new();
    for r in &runs {
        if !tokens[r.article].is_stock.is_empty() {
            plain.entry(r.article).or_insert_with(|| ArticleTokens {
                tokens: tokens[r.article].tokens.clone(),
                is_stock: Vec::new(),
            });
        }
    }
    let side = |article: usize| AlignSide {
        text: corpus.articles[article].text(),
        tokens: plain.get(&article).unwrap_or(&tokens[article]),
        segmentation: &corpus.articles[article].segmentation,
    };
    let mut holders: Vec<Vec<u32>> = vec![Vec::new(); ngrams];
    for (i, r) in runs.iter().enumerate() {
        for &h in &r.distinct {
            if let Some(list) = holders.get_mut(h as usize) {
                list.push(u32::try_from(i).unwrap_or(u32::MAX));
            }
        }
    }
    let rank_of = |r: &Run| rank.get(r.article).copied().unwrap_or(u32::MAX);
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by_key(|&i| {
        let r = &runs[i];
        (
            std::cmp::Reverse(r.ngrams.len()),
            rank_of(r),
            r.tokens.start,
        )
    });
    let mut taken = vec![false; runs.len()];
    let mut shared = vec![0u32; runs.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for &rep in &order {
        if taken[rep] {
            continue;
        }
        taken[rep] = true;
        for &h in &runs[rep].distinct {
            for &c in holders.get(h as usize).map_or(&[][..], Vec::as_slice) {
                let c = c as usize;
                if !taken[c] {
                    if shared[c] == 0 {
                        touched.push(c);
                    }
                    shared[c] += 1;
                }
            }
        }
        let mut candidates: Vec<usize> = touched
            .iter()
            .copied()
            .filter(|&c| {
                let need = runs[rep].distinct.len().min(runs[c].distinct.len()) as f64;
                shared[c] >= 2 && f64::from(shared[c]) >= MIN_SHARED_SHARE * need
            })
            .collect();
        for &c in &touched {
            shared[c] = 0;
        }
        touched.clear();
        candidates.sort_unstable();
        let aligned: Vec<(usize, (ArticleId, ArticleId, AlignedPassage), bool)> = candidates
            .par_iter()
            .filter_map(|&c| {
                align_runs(&runs[rep], &runs[c], &side, rank, config).map(|(m, a)| (c, m, a))
            })
            .collect();
        if aligned.is_empty() {
            continue;
        }
        let rep_article = id(runs[rep].article);
        let mut rep_span: Option<Range<usize>> = None;
        let mut members = Vec::with_capacity(aligned.len() + 1);
        let mut matches = Vec::with_capacity(aligned.len());
        for (c, m, rep_is_a) in aligned {
            taken[c] = true;
            let (mine, theirs) = if rep_is_a {
                (&m.2.a_bytes, (m.1, m.2.b_bytes.clone()))
            } else {
                (&m.2.b_bytes, (m.0, m.2.a_bytes.clone()))
            };
            rep_span = Some(match rep_span {
                Some(s) => s.start.min(mine.start)..s.end.max(mine.end),
                None => mine.clone(),
            });
            members.push(theirs);
            matches.push(m);
        }
        if let Some(span) = rep_span {
            members.insert(0, (rep_article, span));
        }
        out.push(WideCluster { members, matches });
    }
    out
}

/// Aligns a run against a representative; the match when they are copies of one passage, and
/// whether the representative is its side `a`.
fn align_runs<'a>(
    rep: &Run,
    run: &Run,
    side: &(dyn Fn(usize) -> AlignSide<'a> + Sync),
    rank: &[u32],
    config: &DetectConfig,
) -> Option<((ArticleId, ArticleId, AlignedPassage), bool)> {
    if rep.article == run.article
        && rep.tokens.start < run.tokens.end
        && run.tokens.start < rep.tokens.end
    {
        return None;
    }
    let key = |r: &Run| (rank.get(r.article).copied(), r.tokens.start);
    let rep_is_a = key(rep) <= key(run);
    let (a, b) = if rep_is_a { (rep, run) } else { (run, rep) };
    // Anchors: n-grams found in both, in the same order on both sides.
    let mut at_b: HashMap<u32, usize> = HashMap::with_capacity(b.ngrams.len());
    for &(pos, h) in b.ngrams.iter().rev() {
        at_b.insert(h, pos as usize);
    }
    let mut anchors = Vec::new();
    let mut last_b = None;
    for &(pos, h) in &a.ngrams {
        if let Some(&pb) = at_b.get(&h) {
            if last_b.is_none_or(|l| pb > l) {
                anchors.push((pos as usize, pb));
                last_b = Some(pb);
            }
        }
    }
    let candidate = Candidate {
        a: id(a.article),
        b: id(b.article),
        a_tokens: a.tokens.clone(),
        b_tokens: b.tokens.clone(),
        hits: u32::try_from(anchors.len()).unwrap_or(u32::MAX),
        anchors,
    };
    let (side_a, side_b) = (side(a.article), side(b.article));
    let passages = align_pair(side_a, side_b, &[candidate], config);
    // The passage of the two runs (the alignment's window may reach another passage the two
    // articles share nearby).
    let mut best: AlignedPassage = passages
        .into_iter()
        .map(|p| {
            let on_runs =
                overlap_len(&p.a_tokens, &a.tokens).min(overlap_len(&p.b_tokens, &b.tokens));
            (on_runs, p)
        })
        .filter(|(on_runs, _)| *on_runs > 0)
        .max_by_key(|(on_runs, p)| (*on_runs, p.matched_words))?
        .1;
    // The alignment may run on into the sentence next to the run when both articles happen to
    // carry it too (two wire sentences side by side): a copy ends where its run's sentences do.
    best.a_bytes = clip(&best.a_bytes, &sentences_around(side_a, &a.tokens))?;
    best.b_bytes = clip(&best.b_bytes, &sentences_around(side_b, &b.tokens))?;
    Some(((id(a.article), id(b.article), best), rep_is_a))
}

/// The byte span of the sentences that hold the tokens `tokens` of one side, whole.
fn sentences_around(side: AlignSide<'_>, tokens: &Range<usize>) -> Range<usize> {
    let words = &side.tokens.tokens;
    let (Some(first), Some(last)) = (
        words.get(tokens.start),
        words.get(tokens.end.saturating_sub(1)),
    ) else {
        return 0..side.text.len();
    };
    let sentences = &side.segmentation.sentences;
    let at = |byte: u32| {
        side.segmentation
            .sentence_at(byte as usize)
            .and_then(|i| sentences.get(i))
            .map(|s| s.byte_span.clone())
    };
    let start = at(first.byte_start).map_or(first.byte_start as usize, |s| {
        s.start.min(first.byte_start as usize)
    });
    let end = at(last.byte_end.saturating_sub(1)).map_or(last.byte_end as usize, |s| {
        s.end.max(last.byte_end as usize)
    });
    start..end
}

/// `span` cut to `window`; `None` when nothing is left.
fn clip(span: &Range<usize>, window: &Range<usize>) -> Option<Range<usize>> {
    let out = span.start.max(window.start)..span.end.min(window.end);
    (out.start < out.end).then_some(out)
}

fn overlap_len(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn occ(first: u32, ngram: u32, df: u32) -> Occurrence {
        Occurrence {
            first,
            last: first + 2,
            ngram,
            df,
        }
    }

    /// The linked pairs among `joint` (pairs with how many articles hold them, the `df` of
    /// each n-gram number given), as [`linked_pairs`] finds them.
    fn linked(joint: &[((u32, u32), u32)], df: &[u32]) -> Vec<u64> {
        let mut per_article: Vec<Vec<Occurrence>> = Vec::new();
        for &((x, y), both) in joint {
            for _ in 0..both {
                per_article.push(vec![occ(0, x, df[x as usize]), occ(1, y, df[y as usize])]);
            }
        }
        linked_pairs(&per_article, df)
    }

    #[test]
    fn ngrams_that_follow_each_other_everywhere_make_one_run() {
        let occurrences = [occ(0, 1, 100), occ(1, 2, 100), occ(2, 3, 100)];
        let joint = linked(&[((1, 2), 95), ((2, 3), 90)], &[0, 100, 100, 100]);
        assert_eq!(runs_of(&occurrences, &joint), vec![(0..3)]);
    }

    #[test]
    fn stock_phrases_side_by_side_stay_apart() {
        // "said on Thursday" then "according to a statement": each common, rarely together.
        let occurrences = [
            occ(0, 1, 300),
            occ(1, 2, 300),
            occ(4, 3, 250),
            occ(5, 4, 250),
        ];
        let joint = linked(
            &[
                ((1, 2), 300),
                ((3, 4), 250),
                ((2, 3), 7),
                ((1, 3), 7),
                ((2, 4), 7),
                ((1, 4), 7),
            ],
            &[0, 300, 300, 250, 250],
        );
        assert_eq!(runs_of(&occurrences, &joint), [0..2, 2..4]);
    }

    #[test]
    fn an_edit_in_one_copy_does_not_cut_its_run() {
        // The copy lost the n-grams between 2 and 6; most copies still hold 2 then 6.
        let occurrences = [
            occ(0, 1, 100),
            occ(1, 2, 100),
            occ(6, 6, 100),
            occ(7, 7, 100),
        ];
        let joint = linked(&[((1, 2), 100), ((2, 6), 90), ((6, 7), 100)], &[100; 8]);
        assert_eq!(runs_of(&occurrences, &joint), vec![(0..4)]);
    }

    #[test]
    fn a_pair_is_linked_when_half_the_commoner_holds_it() {
        // 50 of the 100 articles holding n-gram 1 hold 1 then 2; 49 of those holding 3.
        let joint = linked(&[((1, 2), 50), ((2, 3), 49)], &[0, 100, 80, 99]);
        assert_eq!(joint, [pair_key(1, 2)]);
    }
}
