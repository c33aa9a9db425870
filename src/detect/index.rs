//! The shingle index: which pairs of articles share enough rare word sequences to be worth
//! aligning, and where. Near-linear in the corpus: every article contributes its hashed
//! n-grams of content words once, one sort groups equal n-grams, and only n-grams found in a
//! few articles pair those articles up. Nothing here compares two articles word by word; that
//! is [`crate::detect::align`]'s job on the candidates found here.
//!
//! An n-gram found in too many articles is a stock phrase ("security guarantees for Ukraine")
//! or boilerplate (a newsletter footer): it seeds nothing, and its words are marked so that
//! alignment does not let them start or stretch a match either. "Too many" grows with the
//! corpus: in five articles a wire paragraph carried by all five is still reuse; in 10,000, a
//! footer in 3,000 of them is not.

use std::ops::Range;

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::corpus::ArticleId;
use crate::detect::normalize::Token;
use crate::hash::mix;

/// Content words per shingle. Three is long enough that a chance match is rare in news text and
/// short enough that a lightly edited passage of a dozen words still keeps a few intact.
pub const SHINGLE_WORDS: usize = 3;

/// Hits of one pair further apart than this (in tokens, on either side) are different regions.
const REGION_GAP: u32 = 60;

/// Shared shingles a region needs before it is aligned: one alone is too often chance.
const MIN_REGION_HITS: u32 = 2;

/// Occurrences of one shingle in one article that pair up; more is repetition inside the
/// article (a caption printed twice), not more evidence.
pub(crate) const MAX_REPEATS_PER_ARTICLE: usize = 4;

/// The words of one article as the index sees them.
#[derive(Debug, Clone, Default)]
pub struct ArticleTokens {
    /// Every word, in order.
    pub tokens: Vec<Token>,
    /// For each token: true when it is part of a stock n-gram (found in too many articles).
    pub is_stock: Vec<bool>,
}

/// Two articles that share rare n-grams close together: a place worth aligning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The first article (the one whose name sorts first).
    pub a: ArticleId,
    /// The second article.
    pub b: ArticleId,
    /// Token indices in `a` spanned by the shared n-grams.
    pub a_tokens: Range<usize>,
    /// Token indices in `b` spanned by the shared n-grams.
    pub b_tokens: Range<usize>,
    /// How many shared n-gram occurrences the region holds.
    pub hits: u32,
    /// Positions `(in a, in b)` of shared n-grams that line up in the same order on both
    /// sides (the longest such chain of the region): alignment passes through them.
    pub anchors: Vec<(usize, usize)>,
}

/// The result of indexing a corpus: candidate regions and the stock-word marks.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Candidate regions, grouped by pair, in a deterministic order.
    pub candidates: Vec<Candidate>,
    /// How many distinct articles an n-gram may be found in and still seed a candidate.
    pub max_articles_per_ngram: usize,
    /// The n-grams found in more articles than may pair ([`pairing_limit`]), with how many:
    /// `(hash, articles)`, sorted by hash. Whether their words are a stock phrase or a widely reprinted passage
    /// is [`crate::detect::wide`]'s question.
    pub frequent: Vec<(u64, u32)>,
}

/// One n-gram occurrence.
#[derive(Debug, Clone, Copy)]
struct Shingle {
    hash: u64,
    article: u32,
    /// Token index of the first word (the last is found from the tokens: [`last_word`]; not
    /// keeping it holds the table of every occurrence in a corpus at 16 bytes each).
    first: u32,
}

/// The token index of the last word of the n-gram that starts at token `first`.
pub(crate) fn last_word(tokens: &[Token], first: u32) -> u32 {
    let mut seen = 0;
    for (i, t) in tokens.iter().enumerate().skip(first as usize) {
        if t.is_content() {
            seen += 1;
            if seen == SHINGLE_WORDS {
                return u32::try_from(i).unwrap_or(u32::MAX);
            }
        }
    }
    first
}

/// One n-gram shared by two articles, oriented so that `a` sorts before `b` by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    a: u32,
    b: u32,
    a_pos: u32,
    b_pos: u32,
    a_end: u32,
    b_end: u32,
    /// Articles the n-gram is found in.
    df: u32,
}

/// The hash of the n-gram made of words with these keys ([`Token::key`]), in order.
fn shingle_hash(keys: &[u32; SHINGLE_WORDS]) -> u64 {
    keys.iter()
        .fold(0u64, |h, &k| mix(h ^ u64::from(k)).rotate_left(17))
}

/// The n-grams of one article as the posting list counts them: `(hash, occurrences)`, sorted
/// by hash.
pub(crate) fn shingle_counts(tokens: &[Token]) -> Vec<(u64, u32)> {
    let mut hashes: Vec<u64> = Vec::new();
    for_each_shingle(tokens, |hash, _| hashes.push(hash));
    hashes.sort_unstable();
    let mut out: Vec<(u64, u32)> = Vec::with_capacity(hashes.len());
    for h in hashes {
        match out.last_mut() {
            Some((last, n)) if *last == h => *n += 1,
            _ => out.push((h, 1)),
        }
    }
    out
}

/// Passes over the n-grams of a corpus while indexing it (see [`Index::build_in`]).
const PASSES: usize = 4;

/// The pass that handles n-gram `hash`: its top two bits.
fn pass_of(hash: u64) -> usize {
    (hash >> 62) as usize
}

/// Calls `f(hash, first token)` for each n-gram of one article (one per window of content
/// words), in order.
pub(crate) fn for_each_shingle(tokens: &[Token], mut f: impl FnMut(u64, u32)) {
    // The window's token indices and keys, shifted by hand: `rotate_left` on an array this
    // small is a call to `memmove`, and this loop runs five times over every token of a scan.
    let mut first = [0u32; SHINGLE_WORDS];
    let mut keys = [0u32; SHINGLE_WORDS];
    let mut seen = 0;
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_content() {
            continue;
        }
        for k in 1..SHINGLE_WORDS {
            first[k - 1] = first[k];
            keys[k - 1] = keys[k];
        }
        first[SHINGLE_WORDS - 1] = u32::try_from(i).unwrap_or(u32::MAX);
        keys[SHINGLE_WORDS - 1] = t.key();
        seen += 1;
        if seen >= SHINGLE_WORDS {
            f(shingle_hash(&keys), first[0]);
        }
    }
}

/// The number of distinct articles above which an n-gram is stock, for a corpus of
/// `articles` articles.
///
/// # Examples
/// ```
/// use crossread::config::DetectConfig;
/// use crossread::detect::index::stock_threshold;
/// let config = DetectConfig::default();
/// // Five articles: a paragraph in all five still seeds a match.
/// assert!(stock_threshold(5, &config) >= 5);
/// // 10,000 articles: a footer in 3,000 of them does not.
/// assert!(stock_threshold(10_000, &config) < 3_000);
/// ```
pub fn stock_threshold(articles: usize, config: &DetectConfig) -> usize {
    let share = (config.stock_share * articles as f64).ceil() as usize;
    share
        .min(config.stock_max_articles)
        .max(config.stock_min_articles)
        .max(2)
}

/// An n-gram found in more articles than this pairs no articles up, whatever the corpus's
/// size: its carriers are grouped around one representative instead
/// ([`crate::detect::wide`]), so a wire paragraph reprinted by 150 articles is one passage with
/// 150 copies, not 11,000 pairs of which only the strongest pass.
pub const WIDE_ARTICLES: usize = 2 * RARE_ARTICLES as usize;

/// The number of distinct articles above which an n-gram pairs no articles up and is handed
/// to [`crate::detect::wide`]: the stock threshold, or [`WIDE_ARTICLES`] when that is lower.
/// Only n-grams above [`stock_threshold`] are stock marks for the alignment.
///
/// # Examples
/// ```
/// use crossread::config::DetectConfig;
/// use crossread::detect::index::{pairing_limit, stock_threshold};
/// let config = DetectConfig::default();
/// assert_eq!(pairing_limit(5, &config), stock_threshold(5, &config));
/// assert_eq!(pairing_limit(10_000, &config), 16);
/// ```
pub fn pairing_limit(articles: usize, config: &DetectConfig) -> usize {
    stock_threshold(articles, config).min(WIDE_ARTICLES)
}

/// The evidence one shared n-gram found in `df` articles gives a pair: a full hit up to
/// eight articles, then half as much each time `df` doubles. Phrases a template or a
/// beat repeats ("told reporters in Kyiv on Monday") are common without being stock.
///
/// Steps rather than a smooth `8 / df`: one article added to or removed from a corpus changes
/// the weight of only the few n-grams whose count crosses a power of two, so an update of the
/// matches needs to look again only at the pairs those n-grams join ([`weight_step`]).
pub fn weight(df: u32) -> f64 {
    0.5f64.powi(weight_step(df) as i32)
}

/// Which step of [`weight`] an n-gram found in `df` articles is on: 0 up to eight articles, 1
/// up to twice that, and so on.
pub fn weight_step(df: u32) -> u32 {
    let rare = RARE_ARTICLES;
    if df <= rare {
        0
    } else {
        // df in (8·2^(k-1), 8·2^k] is step k.
        32 - ((df - 1) / rare).leading_zeros()
    }
}

/// What an index build sees of the corpus, when it indexes only part of it (the articles an
/// update touches) but must decide as the whole corpus would.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// Articles in the whole corpus: sets the stock threshold.
    pub corpus_articles: usize,
    /// How many articles of the whole corpus hold an n-gram (by its hash); `None` counts the
    /// articles given.
    pub df: Option<&'a (dyn Fn(u64) -> u32 + Sync)>,
    /// Which pairs (indices into the articles given) to pair up; `None` pairs all.
    pub wants: Option<&'a (dyn Fn(usize, usize) -> bool + Sync)>,
}

impl Scope<'_> {
    /// The whole corpus is the articles given.
    pub fn whole(articles: usize) -> Scope<'static> {
        Scope {
            corpus_articles: articles,
            df: None,
            wants: None,
        }
    }
}

/// The n-grams found in more than a threshold of articles, counted from the posting list as
/// [`Index::build_in`] hands it out (every `(hash, posting)` once, sorted by hash, one posting
/// per article): what [`crate::detect::stock::stock_stretches`] would otherwise count again
/// over the whole corpus.
#[derive(Debug, Clone)]
pub struct FrequentNgrams {
    threshold: usize,
    /// The n-gram being counted and its articles so far.
    current: Option<(u64, usize)>,
    found: Vec<u64>,
}

impl FrequentNgrams {
    /// A count keeping the n-grams found in more than `threshold` articles.
    pub fn new(threshold: usize) -> FrequentNgrams {
        FrequentNgrams {
            threshold,
            current: None,
            found: Vec::new(),
        }
    }

    /// Takes one `(hash, posting)` of the posting list, in its order.
    pub fn push(&mut self, hash: u64, _posting: u32) {
        match &mut self.current {
            Some((h, n)) if *h == hash => *n += 1,
            _ => {
                self.close();
                self.current = Some((hash, 1));
            }
        }
    }

    fn close(&mut self) {
        if let Some((hash, n)) = self.current.take() {
            if n > self.threshold {
                self.found.push(hash);
            }
        }
    }

    /// The n-grams found in more articles than the threshold, sorted by hash.
    pub fn finish(mut self) -> Vec<u64> {
        self.close();
        self.found
    }
}

/// Receives the posting list of the corpus while it is indexed: every `(n-gram hash, posting)`
/// once, sorted (a posting is an article's rank and the n-gram's occurrences in it:
/// [`crate::detect::postings::pack`]).
pub type PostingSink<'a> = &'a mut dyn FnMut(u64, u32);

impl Index {
    /// Builds the index of `articles` (token lists indexed by [`ArticleId`]) and marks their
    /// stock words. `rank[i]` orders article `i` among all (by name), so that every pair is
    /// seen the same way whatever order the files came in. `progress(done, total)` is called as
    /// groups of n-grams are processed.
    pub fn build(
        articles: &mut [ArticleTokens],
        rank: &[u32],
        config: &DetectConfig,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Index {
        let scope = Scope::whole(articles.len());
        Index::build_in(articles, rank, config, scope, None, progress)
    }

    /// Like [`Index::build`], for `articles` seen as part of a larger corpus (`scope`), and
    /// handing the posting list to `postings` if given.
    pub fn build_in(
        articles: &mut [ArticleTokens],
        rank: &[u32],
        config: &DetectConfig,
        scope: Scope<'_>,
        postings: Option<PostingSink<'_>>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Index {
        let max_articles = stock_threshold(scope.corpus_articles, config);
        let pair_limit = pairing_limit(scope.corpus_articles, config);
        progress(0, articles.len());
        // The table of every n-gram occurrence is the largest structure of a scan: it is built
        // a quarter at a time (by the top bits of the hash), each quarter sized exactly up
        // front, filled in place, sorted and grouped, then dropped. Quarters follow each
        // other in hash order, so the posting list still comes out sorted.
        let counts = pass_counts(articles);
        let mut groups = Groups::new();
        let mut postings = postings;
        for pass in 0..PASSES {
            let shingles = pass_shingles(articles, &counts, pass);
            if let Some(sink) = postings.as_mut() {
                write_postings(&shingles, rank, &mut **sink);
            }
            group_ngrams(&mut groups, &shingles, pair_limit, max_articles, scope.df);
        }
        groups.finish(articles.len());
        mark_stock(articles, &groups.stock);

        // Pair up article by article: each article meets the articles ranked after it in the
        // n-grams they share. The hits of one article are few and sorted where they are made,
        // so the corpus never holds all hits at once (over ten million at 10,000 articles,
        // most of them pairs that share one phrase and are dropped at once).
        let n = articles.len();
        let done = std::sync::atomic::AtomicUsize::new(0);
        let articles: &[ArticleTokens] = articles;
        let per_article: Vec<Vec<Candidate>> = (0..n)
            .into_par_iter()
            .map_init(Pairing::default, |work: &mut Pairing, a| {
                let out = work.pair(a, articles, &groups, rank, &scope);
                let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if d % 512 == 0 || d == n {
                    progress(d, n);
                }
                out
            })
            .collect();
        Index {
            candidates: per_article.into_iter().flatten().collect(),
            max_articles_per_ngram: pair_limit,
            frequent: std::mem::take(&mut groups.frequent),
        }
    }
}

/// How many n-gram occurrences of each article fall in each pass (by the hash's top bits).
fn pass_counts(articles: &[ArticleTokens]) -> Vec<[usize; PASSES]> {
    articles
        .par_iter()
        .map(|a| {
            let mut per_pass = [0; PASSES];
            for_each_shingle(&a.tokens, |hash, _| per_pass[pass_of(hash)] += 1);
            per_pass
        })
        .collect()
}

/// The n-gram occurrences of one pass, sorted by hash, article and position: a table sized
/// exactly from `counts` up front, each article filling its own slice in parallel.
fn pass_shingles(
    articles: &[ArticleTokens],
    counts: &[[usize; PASSES]],
    pass: usize,
) -> Vec<Shingle> {
    let empty = Shingle {
        hash: 0,
        article: 0,
        first: 0,
    };
    let mut shingles = vec![empty; counts.iter().map(|c| c[pass]).sum()];
    let mut slices: Vec<&mut [Shingle]> = Vec::with_capacity(articles.len());
    let mut rest = shingles.as_mut_slice();
    for count in counts {
        let (head, tail) = rest.split_at_mut(count[pass]);
        slices.push(head);
        rest = tail;
    }
    slices
        .into_par_iter()
        .zip(articles.par_iter())
        .enumerate()
        .for_each(|(i, (slot, a))| {
            let article = u32::try_from(i).unwrap_or(u32::MAX);
            let mut k = 0;
            for_each_shingle(&a.tokens, |hash, first| {
                if pass_of(hash) == pass {
                    if let Some(s) = slot.get_mut(k) {
                        *s = Shingle {
                            hash,
                            article,
                            first,
                        };
                    }
                    k += 1;
                }
            });
        });
    // One 128-bit key compares faster than the tuple `(hash, article, first)` it orders as.
    shingles.par_sort_unstable_by_key(|s| {
        (u128::from(s.hash) << 64) | (u128::from(s.article) << 32) | u128::from(s.first)
    });
    shingles
}

/// Flags the words of every stock n-gram occurrence (`(article, first token)`), and gives
/// every article a flag per token.
fn mark_stock(articles: &mut [ArticleTokens], stock: &[(u32, u32)]) {
    for &(article, first) in stock {
        if let Some(a) = articles.get_mut(article as usize) {
            if a.is_stock.len() != a.tokens.len() {
                a.is_stock = vec![false; a.tokens.len()];
            }
            let last = last_word(&a.tokens, first);
            for flag in &mut a.is_stock[first as usize..=last as usize] {
                *flag = true;
            }
        }
    }
    for a in articles.iter_mut() {
        if a.is_stock.len() != a.tokens.len() {
            a.is_stock = vec![false; a.tokens.len()];
        }
    }
}

/// One thread's working memory while pairing articles up.
#[derive(Default)]
struct Pairing {
    hits: Vec<Hit>,
    /// Per article of the corpus: the evidence it shares with the article being paired.
    evidence: Vec<f64>,
    /// The articles whose evidence is not zero.
    touched: Vec<u32>,
}

impl Pairing {
    /// The candidate regions of article `a` with the articles ranked after it (and wanted by
    /// `scope`). First the evidence each partner could reach (what `could_be_strong` sums):
    /// most partners share a phrase or two and are dropped there, before any hit is made or
    /// sorted. Weights are powers of two, so the sums are exact.
    fn pair(
        &mut self,
        a: usize,
        articles: &[ArticleTokens],
        groups: &Groups,
        rank: &[u32],
        scope: &Scope<'_>,
    ) -> Vec<Candidate> {
        let n = articles.len();
        let Pairing {
            hits,
            evidence,
            touched,
        } = self;
        hits.clear();
        let own = groups.of_article(a);
        let a_rank = rank_of(rank, u32::try_from(a).unwrap_or(u32::MAX));
        let partner = |me: &Shingle, y: &Shingle| {
            y.article != me.article
                && rank_of(rank, y.article) >= a_rank
                && scope.wants.is_none_or(|wants| wants(a, y.article as usize))
        };
        if evidence.len() < n {
            evidence.resize(n, 0.0);
        }
        for &(g, me) in own {
            let (members, df) = groups.group(g as usize);
            let me = members[me as usize];
            let w = weight(df);
            for y in members.iter().filter(|y| partner(&me, y)) {
                let e = &mut evidence[y.article as usize];
                if *e == 0.0 {
                    touched.push(y.article);
                }
                *e += w;
            }
        }
        for &(g, me) in own {
            let (members, df) = groups.group(g as usize);
            let me = members[me as usize];
            for y in members {
                if !partner(&me, y) || evidence[y.article as usize] < MIN_EVIDENCE {
                    continue;
                }
                let end = |s: &Shingle| {
                    let tokens = &articles[s.article as usize].tokens;
                    last_word(tokens, s.first) + 1
                };
                hits.push(Hit {
                    a: me.article,
                    b: y.article,
                    a_pos: me.first,
                    b_pos: y.first,
                    a_end: end(&me),
                    b_end: end(y),
                    df,
                });
            }
        }
        for &y in touched.iter() {
            evidence[y as usize] = 0.0;
        }
        touched.clear();
        hits.sort_unstable();
        let mut out = Vec::new();
        for range in runs_by(hits, |h| (h.a, h.b)) {
            out.extend(regions(&hits[range]));
        }
        out
    }
}

/// The n-grams shared by at least two articles, as the pairing needs them.
struct Groups {
    /// Occurrences of every pairing n-gram (found in 2 to `max_articles` articles), a few per
    /// article at most, group after group, each sorted by article and position.
    members: Vec<Shingle>,
    /// `members[group_start[g]..group_start[g + 1]]` is group `g`.
    group_start: Vec<u32>,
    /// Articles each group is found in.
    df: Vec<u32>,
    /// `(group, index in the group)` of each article's occurrences, article after article.
    by_article: Vec<(u32, u32)>,
    /// `by_article[article_start[a]..article_start[a + 1]]` belongs to article `a`.
    article_start: Vec<u32>,
    /// Occurrences of stock n-grams: `(article, first token)`.
    stock: Vec<(u32, u32)>,
    /// The stock n-grams: `(hash, articles)`, in hash order.
    frequent: Vec<(u64, u32)>,
}

impl Groups {
    fn of_article(&self, a: usize) -> &[(u32, u32)] {
        match (self.article_start.get(a), self.article_start.get(a + 1)) {
            (Some(&from), Some(&to)) => &self.by_article[from as usize..to as usize],
            _ => &[],
        }
    }

    fn group(&self, g: usize) -> (&[Shingle], u32) {
        let from = self.group_start[g] as usize;
        let to = self.group_start[g + 1] as usize;
        (&self.members[from..to], self.df[g])
    }
}

/// Groups the occurrences (sorted by hash, article, position) by n-gram; drops n-grams found
/// in one article only, and sets frequent ones (in more than `pair_limit` articles) aside for
/// [`crate::detect::wide`], marking the stock ones among them (in more than `max_articles`).
/// `df`, when given, counts the articles of the whole corpus an n-gram is found in.
fn group_ngrams(
    groups: &mut Groups,
    shingles: &[Shingle],
    pair_limit: usize,
    max_articles: usize,
    df: Option<&(dyn Fn(u64) -> u32 + Sync)>,
) {
    let mut start = 0;
    while start < shingles.len() {
        let hash = shingles[start].hash;
        let mut end = start + 1;
        while end < shingles.len() && shingles[end].hash == hash {
            end += 1;
        }
        let all = &shingles[start..end];
        start = end;
        if all.len() < 2 && df.is_none() {
            continue;
        }
        let here = 1 + all
            .windows(2)
            .filter(|w| w[0].article != w[1].article)
            .count();
        let distinct = df.map_or(here, |df| df(hash) as usize);
        if distinct > pair_limit {
            if distinct > max_articles {
                groups
                    .stock
                    .extend(all.iter().map(|s| (s.article, s.first)));
            }
            groups
                .frequent
                .push((hash, u32::try_from(distinct).unwrap_or(u32::MAX)));
            continue;
        }
        if here < 2 {
            continue;
        }
        // Keep a few repeats per article: more is repetition inside the article (a caption
        // printed twice), not more evidence.
        let mut repeats = 0;
        for (i, s) in all.iter().enumerate() {
            if i == 0 || all[i - 1].article != s.article {
                repeats = 0;
            }
            repeats += 1;
            if repeats <= MAX_REPEATS_PER_ARTICLE {
                groups.members.push(*s);
            }
        }
        groups
            .group_start
            .push(u32::try_from(groups.members.len()).unwrap_or(u32::MAX));
        groups.df.push(u32::try_from(distinct).unwrap_or(u32::MAX));
    }
}

impl Groups {
    fn new() -> Groups {
        Groups {
            members: Vec::new(),
            group_start: vec![0],
            df: Vec::new(),
            by_article: Vec::new(),
            article_start: Vec::new(),
            stock: Vec::new(),
            frequent: Vec::new(),
        }
    }

    /// Indexes the occurrences by article, once every group is in.
    fn finish(&mut self, articles: usize) {
        let groups = self;
        // Counting sort of the occurrences by article.
        let mut starts = vec![0u32; articles + 1];
        for m in &groups.members {
            if let Some(c) = starts.get_mut(m.article as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        groups.by_article = vec![(0, 0); groups.members.len()];
        for g in 0..groups.df.len() {
            let from = groups.group_start[g];
            let to = groups.group_start[g + 1];
            for i in from..to {
                if let Some(slot) = next.get_mut(groups.members[i as usize].article as usize) {
                    groups.by_article[*slot as usize] =
                        (u32::try_from(g).unwrap_or(u32::MAX), i - from);
                    *slot += 1;
                }
            }
        }
        groups.article_start = starts;
    }
}

/// Hands every `(hash, posting)` of the sorted occurrences to `sink` once, sorted.
fn write_postings(shingles: &[Shingle], rank: &[u32], sink: PostingSink<'_>) {
    let mut postings: Vec<u32> = Vec::new();
    let mut start = 0;
    while start < shingles.len() {
        let hash = shingles[start].hash;
        postings.clear();
        let mut end = start;
        while end < shingles.len() && shingles[end].hash == hash {
            // Occurrences of one article are next to each other (sorted by article).
            let article = shingles[end].article;
            let mut occurrences = 0;
            while end < shingles.len()
                && shingles[end].hash == hash
                && shingles[end].article == article
            {
                occurrences += 1;
                end += 1;
            }
            postings.push(crate::detect::postings::pack(
                rank_of(rank, article),
                occurrences,
            ));
        }
        start = end;
        postings.sort_unstable();
        for &p in &postings {
            sink(hash, p);
        }
    }
}

fn rank_of(rank: &[u32], article: u32) -> u32 {
    rank.get(article as usize).copied().unwrap_or(article)
}

/// Index ranges of the runs of consecutive `items` with equal `key` (the hits or candidates of
/// one pair of articles, once sorted).
pub(crate) fn runs_by<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || key(&items[i]) != key(&items[start]) {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// Groups the hits of one pair (sorted by position in `a`) into regions: hits close to each
/// other on both sides. A passage repeated in one article gives two regions, one per copy.
fn regions(hits: &[Hit]) -> Vec<Candidate> {
    struct Open {
        a: Range<u32>,
        b: Range<u32>,
        hits: u32,
    }
    // A chain is a subset of the pair's hits, so a pair whose hits all together cannot make a
    // strong chain makes none: most pairs share one or two phrases and stop here.
    if hits.len() < MIN_REGION_HITS as usize || !could_be_strong(hits) {
        return Vec::new();
    }
    let mut open: Vec<Open> = Vec::new();
    let mut done: Vec<Open> = Vec::new();
    for hit in hits {
        // Close the regions this hit (and every later one) is too far past.
        let (far, near): (Vec<Open>, Vec<Open>) = open
            .drain(..)
            .partition(|r| r.a.end + REGION_GAP < hit.a_pos);
        done.extend(far);
        open = near;
        let b_near =
            |r: &Open| hit.b_pos + REGION_GAP >= r.b.start && hit.b_pos <= r.b.end + REGION_GAP;
        match open.iter_mut().find(|r| b_near(r)) {
            Some(r) => {
                r.a.end = r.a.end.max(hit.a_end);
                r.b.start = r.b.start.min(hit.b_pos);
                r.b.end = r.b.end.max(hit.b_end);
                r.hits += 1;
            }
            None => open.push(Open {
                a: hit.a_pos..hit.a_end,
                b: hit.b_pos..hit.b_end,
                hits: 1,
            }),
        }
    }
    done.extend(open);
    let Some(first) = hits.first() else {
        return Vec::new();
    };
    // Hits are sorted by position in `a`: give each region its hits back.
    let mut out = Vec::new();
    for region in done.into_iter().filter(|r| r.hits >= MIN_REGION_HITS) {
        let mut rest: Vec<Hit> = hits
            .iter()
            .filter(|h| region.a.contains(&h.a_pos) && region.b.contains(&h.b_pos))
            .copied()
            .collect();
        // Passages swapped between the two articles make two chains in one region.
        for _ in 0..MAX_CHAINS_PER_REGION {
            if rest.len() < MIN_REGION_HITS as usize {
                break;
            }
            let chain = longest_chain(&rest);
            if chain.len() < MIN_REGION_HITS as usize {
                break;
            }
            let chain_hits: Vec<&Hit> = chain.iter().map(|&i| &rest[i]).collect();
            let strong = is_strong(&chain_hits);
            let in_chain: Vec<Hit> = chain.iter().map(|&i| rest[i]).collect();
            let mut taken = vec![false; rest.len()];
            for &i in &chain {
                taken[i] = true;
            }
            let mut i = 0;
            rest.retain(|_| {
                i += 1;
                !taken[i - 1]
            });
            if !strong {
                continue;
            }
            let a_start = in_chain.iter().map(|h| h.a_pos).min().unwrap_or(0);
            let a_end = in_chain.iter().map(|h| h.a_end).max().unwrap_or(0);
            let b_start = in_chain.iter().map(|h| h.b_pos).min().unwrap_or(0);
            let b_end = in_chain.iter().map(|h| h.b_end).max().unwrap_or(0);
            out.push(Candidate {
                a: ArticleId(first.a),
                b: ArticleId(first.b),
                a_tokens: a_start as usize..a_end as usize,
                b_tokens: b_start as usize..b_end as usize,
                hits: u32::try_from(in_chain.len()).unwrap_or(u32::MAX),
                anchors: in_chain
                    .iter()
                    .map(|h| (h.a_pos as usize, h.b_pos as usize))
                    .collect(),
            });
        }
    }
    out.sort_by_key(|c| (c.a_tokens.start, c.b_tokens.start));
    out
}

/// An n-gram found in at most this many articles is full evidence of copying; one found in
/// more counts for less ([`weight`]).
const RARE_ARTICLES: u32 = 8;

/// Evidence (in rare hits) a chain needs before it is aligned.
pub(crate) const MIN_EVIDENCE: f64 = 2.0;

/// Tokens of `a` a chain's n-grams must cover: the overlapping n-grams of one four-word phrase
/// are two hits but one piece of evidence.
const MIN_COVERED_TOKENS: usize = 8;

/// True when all of a pair's hits together pass [`is_strong`]'s evidence test, which any chain
/// of them (a subset) needs. The margin keeps a sum taken in another order on the safe side.
fn could_be_strong(hits: &[Hit]) -> bool {
    let evidence: f64 = hits.iter().map(|h| weight(h.df)).sum();
    evidence >= MIN_EVIDENCE - 1e-9
}

/// True when a chain of hits is worth aligning: enough rare n-grams, covering enough text.
fn is_strong(chain: &[&Hit]) -> bool {
    let evidence: f64 = chain.iter().map(|h| weight(h.df)).sum();
    let mut covered = 0;
    let mut end = 0;
    for h in chain {
        let start = h.a_pos.max(end);
        if h.a_end > start {
            covered += (h.a_end - start) as usize;
        }
        end = end.max(h.a_end);
    }
    evidence >= MIN_EVIDENCE && covered >= MIN_COVERED_TOKENS
}

/// Chains a region may split into (passages swapped between the articles).
const MAX_CHAINS_PER_REGION: usize = 3;

/// Indices (into `hits`, sorted by `a_pos`) of the longest chain of hits increasing strictly in
/// both articles: patience sorting on `b_pos`, O(n log n).
fn longest_chain(hits: &[Hit]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..hits.len()).collect();
    // Equal `a_pos` by falling `b_pos`, so that no two of them can both join the chain.
    order.sort_by(|&x, &y| {
        (hits[x].a_pos, std::cmp::Reverse(hits[x].b_pos))
            .cmp(&(hits[y].a_pos, std::cmp::Reverse(hits[y].b_pos)))
    });
    let mut tails: Vec<usize> = Vec::new(); // index into `order` of the tail of each length
    let mut previous: Vec<Option<usize>> = vec![None; order.len()];
    for (k, &i) in order.iter().enumerate() {
        let b = hits[i].b_pos;
        let len = tails.partition_point(|&t| hits[order[t]].b_pos < b);
        previous[k] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(k);
        } else {
            tails[len] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        chain.push(order[k]);
        at = previous[k];
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::normalize::tokenize;

    fn index(texts: &[&str], config: &DetectConfig) -> (Index, Vec<ArticleTokens>) {
        let mut articles: Vec<ArticleTokens> = texts
            .iter()
            .map(|t| ArticleTokens {
                tokens: tokenize(t),
                is_stock: Vec::new(),
            })
            .collect();
        let rank: Vec<u32> = (0..texts.len() as u32).collect();
        let index = Index::build(&mut articles, &rank, config, &|_, _| {});
        (index, articles)
    }

    fn tokens_of(texts: &[&str]) -> Vec<ArticleTokens> {
        texts
            .iter()
            .map(|t| ArticleTokens {
                tokens: tokenize(t),
                is_stock: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn the_passes_hold_every_occurrence_once_sorted() {
        let articles = tokens_of(&[PASSAGE, "Short text with a few words in it here.", ""]);
        let counts = pass_counts(&articles);
        let mut all = Vec::new();
        for pass in 0..PASSES {
            let shingles = pass_shingles(&articles, &counts, pass);
            assert_eq!(
                shingles.len(),
                counts.iter().map(|c| c[pass]).sum::<usize>()
            );
            assert!(shingles.iter().all(|s| pass_of(s.hash) == pass));
            assert!(
                shingles
                    .windows(2)
                    .all(|w| (w[0].hash, w[0].article, w[0].first)
                        <= (w[1].hash, w[1].article, w[1].first))
            );
            all.extend(shingles);
        }
        // The same occurrences as one walk over each article finds.
        let mut expected = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            for_each_shingle(&a.tokens, |hash, first| {
                expected.push((hash, i as u32, first))
            });
        }
        let mut got: Vec<(u64, u32, u32)> =
            all.iter().map(|s| (s.hash, s.article, s.first)).collect();
        expected.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, expected);
        assert!(!got.is_empty());
        assert_eq!(counts[2], [0; PASSES], "an empty article has no n-gram");
    }

    #[test]
    fn stock_marks_cover_the_words_of_each_stock_occurrence() {
        let mut articles = tokens_of(&[PASSAGE, "Another article."]);
        let last = last_word(&articles[0].tokens, 2);
        mark_stock(&mut articles, &[(0, 2), (7, 0)]);
        let flags = &articles[0].is_stock;
        assert_eq!(flags.len(), articles[0].tokens.len());
        assert!(flags[2..=last as usize].iter().all(|&f| f));
        assert!(!flags[0] && !flags[1] && !flags[last as usize + 1]);
        // Every article gets a flag per token, stock or not; an unknown article is ignored.
        assert_eq!(articles[1].is_stock, vec![false; articles[1].tokens.len()]);
    }

    const PASSAGE: &str = "Putin has repeatedly raised doubts about the legitimacy of the \
        president as his term in office was due to expire in May but the war means no new \
        election has yet been held.";

    #[test]
    fn a_shared_passage_is_one_candidate() {
        let a = format!("Opening words of the first story. {PASSAGE} Closing remarks here.");
        let b = format!("A different beginning entirely, with weather. {PASSAGE}");
        let (index, _) = index(
            &[&a, &b, "Unrelated text about gardens."],
            &DetectConfig::default(),
        );
        assert_eq!(index.candidates.len(), 1);
        let c = &index.candidates[0];
        assert_eq!((c.a, c.b), (ArticleId(0), ArticleId(1)));
        assert!(c.hits >= 10, "{c:?}");
        let tokens = tokenize(&a);
        let start = tokens[c.a_tokens.start].byte_start as usize;
        assert!(a[start..].starts_with("Putin has"), "{}", &a[start..]);
    }

    #[test]
    fn pairs_are_oriented_by_rank() {
        let mut articles = vec![
            ArticleTokens {
                tokens: tokenize(PASSAGE),
                is_stock: Vec::new(),
            },
            ArticleTokens {
                tokens: tokenize(PASSAGE),
                is_stock: Vec::new(),
            },
        ];
        let index = Index::build(&mut articles, &[1, 0], &DetectConfig::default(), &|_, _| {});
        assert_eq!(index.candidates.len(), 1);
        assert_eq!(
            (index.candidates[0].a, index.candidates[0].b),
            (ArticleId(1), ArticleId(0))
        );
    }

    #[test]
    fn ngrams_in_too_many_articles_are_stock_and_seed_nothing() {
        let config = DetectConfig {
            stock_min_articles: 3,
            stock_share: 0.0,
            ..DetectConfig::default()
        };
        let texts: Vec<String> = (0..5)
            .map(|i| {
                format!(
                    "Story about topic{i}. Solve the daily crossword puzzle now. Closing{i} words."
                )
            })
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let (index, articles) = index(&refs, &config);
        assert!(index.candidates.is_empty(), "{:?}", index.candidates);
        let stock: Vec<bool> = articles[0].is_stock.clone();
        let words: Vec<&str> = articles[0]
            .tokens
            .iter()
            .map(|t| &texts[0][t.byte_span()])
            .collect();
        let marked: Vec<&str> = words
            .iter()
            .zip(&stock)
            .filter(|(_, s)| **s)
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(
            marked,
            ["Solve", "the", "daily", "crossword", "puzzle", "now"]
        );
    }

    #[test]
    fn longest_chain_follows_one_order() {
        let hit = |a_pos, b_pos| Hit {
            a: 0,
            b: 1,
            a_pos,
            b_pos,
            a_end: a_pos + 3,
            b_end: b_pos + 3,
            df: 2,
        };
        // Two passages swapped: 0..3 in a is 10..13 in b, 5..8 in a is 0..3 in b.
        let hits = [hit(0, 10), hit(1, 11), hit(2, 12), hit(5, 0), hit(6, 1)];
        assert_eq!(longest_chain(&hits), [0, 1, 2]);
        let hits = [hit(0, 5), hit(0, 4), hit(1, 6)];
        assert_eq!(longest_chain(&hits).len(), 2);
    }

    #[test]
    fn swapped_passages_are_two_candidates() {
        let one = "The committee approved the harbour expansion plan after months of bitter \
            argument between fishermen and developers.";
        let two = "Rainfall across the northern provinces reached record levels, flooding \
            farmland and closing mountain roads for weeks.";
        let a = format!("{one} Unrelated middle words here. {two}");
        let b = format!("{two} Something else entirely stands between. {one}");
        let (index, _) = index(&[&a, &b], &DetectConfig::default());
        assert_eq!(index.candidates.len(), 2, "{:?}", index.candidates);
    }

    #[test]
    fn stock_threshold_scales_with_the_corpus() {
        let config = DetectConfig::default();
        assert_eq!(stock_threshold(5, &config), 10);
        assert_eq!(stock_threshold(300, &config), 10);
        assert_eq!(stock_threshold(10_000, &config), 200);
        // Past 10,000 articles the share would pass the cap: a phrase in 300 of 100,000
        // articles is a formula, and pairing its carriers would cost 45,000 pairs.
        assert_eq!(stock_threshold(100_000, &config), 200);
        let small_cap = DetectConfig {
            stock_max_articles: 5,
            ..DetectConfig::default()
        };
        // The floor wins over a cap set below it.
        assert_eq!(stock_threshold(1_000, &small_cap), 10);
    }

    #[test]
    fn runs_are_cut_where_the_key_changes() {
        let items = [1, 1, 2, 3, 3, 3];
        assert_eq!(runs_by(&items, |&x| x), [0..2, 2..3, 3..6]);
        assert!(runs_by(&[] as &[u8], |&x| x).is_empty());
    }

    #[test]
    fn weights_halve_each_time_the_article_count_doubles() {
        let steps: Vec<u32> = [1, 2, 8, 9, 16, 17, 32, 33, 64, 65, 200, 100_000]
            .into_iter()
            .map(weight_step)
            .collect();
        assert_eq!(steps, [0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 14]);
        assert_eq!(weight(8), 1.0);
        assert_eq!(weight(9), 0.5);
        assert_eq!(weight(33), 0.125);
    }

    #[test]
    fn repeated_passage_in_one_article_gives_one_region_per_copy() {
        let a = format!(
            "{PASSAGE} Then a long stretch of other words that fill the space between \
            the two copies of the caption so that they are far apart in the article, with many \
            more words about different things such as harvests, rainfall, roads, bridges, \
            schools and the price of bread in distant towns across the whole wide country side \
            where nothing of note has happened for years. {PASSAGE}"
        );
        let (index, _) = index(&[&a, PASSAGE], &DetectConfig::default());
        assert_eq!(index.candidates.len(), 2, "{:?}", index.candidates);
    }
}
