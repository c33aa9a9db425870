//! Detection's results indexed by article, built once per report: [`Reuse`]'s own look-ups
//! scan every match or cluster, which is fine for one article in the reader but quadratic for
//! a report of every article.

use std::collections::HashMap;

use crate::corpus::{ArticleId, Corpus};
use crate::detect::reuse::{ClusterId, Match, Reuse, Side};

/// Matches and shared passages, per article.
#[derive(Debug)]
pub(crate) struct Lookup<'r> {
    reuse: &'r Reuse,
    matches: Vec<Vec<&'r Match>>,
    passages: Vec<Vec<(&'r Side, ClusterId)>>,
    similarity: HashMap<(&'r Side, &'r Side), f64>,
}

impl<'r> Lookup<'r> {
    pub(crate) fn new(corpus: &Corpus, reuse: &'r Reuse) -> Lookup<'r> {
        let n = corpus.articles.len();
        let mut matches: Vec<Vec<&Match>> = vec![Vec::new(); n];
        let mut similarity = HashMap::with_capacity(reuse.matches.len() * 2);
        for m in &reuse.matches {
            for article in [m.a.article, m.b.article] {
                if let Some(list) = matches.get_mut(article.index()) {
                    list.push(m);
                }
            }
            similarity.insert((&m.a, &m.b), m.similarity);
            similarity.insert((&m.b, &m.a), m.similarity);
        }
        let mut passages: Vec<Vec<(&Side, ClusterId)>> = vec![Vec::new(); n];
        for c in &reuse.clusters {
            for m in &c.members {
                if let Some(list) = passages.get_mut(m.article.index()) {
                    list.push((m, c.id));
                }
            }
        }
        for list in &mut passages {
            list.sort_by_key(|(m, id)| (m.byte_span.start, *id));
        }
        Lookup {
            reuse,
            matches,
            passages,
            similarity,
        }
    }

    /// Share of `article`'s words in shared passages.
    pub(crate) fn copied_share(&self, article: ArticleId) -> f64 {
        self.reuse.article(article).copied_share
    }

    /// The shared passages of `article`, in text order.
    pub(crate) fn passages_of(&self, article: ArticleId) -> &[(&'r Side, ClusterId)] {
        self.passages
            .get(article.index())
            .map_or(&[], Vec::as_slice)
    }

    /// The similarity of the match between two passages, if detection matched them directly.
    pub(crate) fn similarity(&self, a: &Side, b: &Side) -> Option<f64> {
        self.similarity.get(&(a, b)).copied()
    }

    /// The copy elsewhere closest to `side` (the other side of its most similar match), with
    /// that similarity.
    pub(crate) fn closest(&self, side: &Side) -> Option<(&'r Side, f64)> {
        self.matches
            .get(side.article.index())?
            .iter()
            .filter_map(|m| {
                let (mine, theirs) = m.from_side_of(side.article)?;
                (mine == side).then_some((theirs, m.similarity))
            })
            .max_by(|x, y| x.1.total_cmp(&y.1))
    }

    /// The matches that involve passages of `cluster`: their lowest and highest similarity,
    /// and whether every one is verbatim.
    pub(crate) fn cluster_figures(&self, members: &[Side], cluster: ClusterId) -> (f64, f64, bool) {
        let mut low = f64::INFINITY;
        let mut high = f64::NEG_INFINITY;
        let mut verbatim = true;
        let mut seen = false;
        for member in members {
            for m in self
                .matches
                .get(member.article.index())
                .into_iter()
                .flatten()
            {
                if m.cluster == cluster
                    && m.from_side_of(member.article)
                        .is_some_and(|(s, _)| s == member)
                {
                    seen = true;
                    low = low.min(m.similarity);
                    high = high.max(m.similarity);
                    verbatim &= m.kind == crate::detect::reuse::MatchKind::Verbatim;
                }
            }
        }
        if seen {
            (low, high, verbatim)
        } else {
            (0.0, 0.0, false)
        }
    }
}
