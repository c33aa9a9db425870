//! What the reader knows about reuse: detection's progress while it runs on its thread, then
//! per article the shared passages with every article that carries each, computed once on that
//! thread ([`Detected::prepare`]) before the results are handed over, so neither `update` nor
//! `render` scans the corpus per key or frame, and the screen never waits for it (on 58,000
//! matching pairs it took the loop over a second, keys and gauge frozen).

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crossread::config::HintsConfig;
use crossread::detect::reuse::{ClusterId, MatchKind, Progress, Reuse};
use crossread::detect::source::{SourceHint, source_hints};
use crossread::{ArticleId, Corpus};

/// Another article carrying a passage.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterpart {
    /// The other article.
    pub article: ArticleId,
    /// The passage there.
    pub byte_span: Range<usize>,
    /// Similarity of the two copies; `None` when the two are only linked through a third.
    pub similarity: Option<f64>,
}

/// A shared passage of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedSpan {
    /// The passage in this article's text.
    pub byte_span: Range<usize>,
    /// Its cluster.
    pub cluster: ClusterId,
    /// True when every direct copy is verbatim.
    pub is_verbatim: bool,
    /// The other articles carrying it, closest copy first.
    pub counterparts: Vec<Counterpart>,
}

/// Detection as the reader sees it.
#[derive(Debug, Clone, Default)]
pub struct ReuseState {
    /// The results, once detection is done.
    pub result: Option<Arc<Reuse>>,
    /// The last progress report while detection runs.
    pub progress: Option<Progress>,
    /// Per article (by index), its shared passages in text order.
    pub shared: Vec<Vec<SharedSpan>>,
    /// The source hint of each cluster, by cluster id (worked out with the results).
    pub hints: Vec<SourceHint>,
}

impl ReuseState {
    /// The shared passages of `article`, in text order (none before detection is done).
    pub fn spans_of(&self, article: ArticleId) -> &[SharedSpan] {
        self.shared.get(article.index()).map_or(&[], Vec::as_slice)
    }

    /// True while detection runs.
    pub fn is_running(&self) -> bool {
        self.result.is_none()
    }
}

impl ReuseState {
    /// Detection's results have arrived, their shared passages prepared: they are taken as
    /// they are, nothing computed here.
    pub fn ready(&mut self, detected: Detected) {
        self.shared = detected.shared;
        self.hints = detected.hints;
        self.result = Some(detected.reuse);
        self.progress = None;
    }
}

/// Detection's results as the background thread hands them over: the matches and, per
/// article, its shared passages.
#[derive(Debug, Clone)]
pub struct Detected {
    /// The matches and clusters.
    pub reuse: Arc<Reuse>,
    /// Per article (by index), its shared passages in text order.
    pub shared: Vec<Vec<SharedSpan>>,
    /// The source hint of each cluster, by cluster id.
    pub hints: Vec<SourceHint>,
}

impl Detected {
    /// Prepares every article's shared passages from `reuse`, on the calling thread (the
    /// background one); `progress(done, total)` counts matches and articles gone through, so
    /// the gauge moves through this last stage too.
    pub fn prepare(
        corpus: &Corpus,
        reuse: Arc<Reuse>,
        hints: &HintsConfig,
        progress: &dyn Fn(usize, usize),
    ) -> Detected {
        let shared = shared_spans(corpus, &reuse, progress);
        let hints = source_hints(corpus, &reuse, hints);
        Detected {
            reuse,
            shared,
            hints,
        }
    }
}

/// How often (in items) [`shared_spans`] reports its progress.
const PREPARE_REPORT_EVERY: usize = 4096;

/// Every article's shared passages: the cluster members, each with the articles whose copy
/// overlaps it directly (with the match's similarity) and those only in the same cluster.
fn shared_spans(
    corpus: &Corpus,
    reuse: &Reuse,
    progress: &dyn Fn(usize, usize),
) -> Vec<Vec<SharedSpan>> {
    let total = reuse.matches.len() + corpus.articles.len();
    let mut done = 0;
    let mut tick = |n: usize| {
        done += n;
        if done % PREPARE_REPORT_EVERY < n || done == total {
            progress(done.min(total), total);
        }
    };
    let mut out: Vec<Vec<SharedSpan>> = vec![Vec::new(); corpus.articles.len()];
    for cluster in &reuse.clusters {
        for member in &cluster.members {
            let Some(list) = out.get_mut(member.article.index()) else {
                continue;
            };
            list.push(SharedSpan {
                byte_span: member.byte_span.clone(),
                cluster: cluster.id,
                is_verbatim: true,
                counterparts: Vec::new(),
            });
        }
    }
    for list in &mut out {
        list.sort_by_key(|s| (s.byte_span.start, s.byte_span.end));
    }
    for m in &reuse.matches {
        tick(1);
        for (mine, theirs) in [(&m.a, &m.b), (&m.b, &m.a)] {
            let Some(list) = out.get_mut(mine.article.index()) else {
                continue;
            };
            let Some(span) = list.iter_mut().find(|s| {
                s.byte_span.start <= mine.byte_span.start && mine.byte_span.end <= s.byte_span.end
            }) else {
                continue;
            };
            span.is_verbatim &= m.kind == MatchKind::Verbatim;
            match span
                .counterparts
                .iter_mut()
                .find(|c| c.article == theirs.article)
            {
                Some(c) if c.similarity.is_some_and(|s| s >= m.similarity) => {}
                Some(c) => {
                    c.byte_span = theirs.byte_span.clone();
                    c.similarity = Some(m.similarity);
                }
                None => span.counterparts.push(Counterpart {
                    article: theirs.article,
                    byte_span: theirs.byte_span.clone(),
                    similarity: Some(m.similarity),
                }),
            }
        }
    }
    // Articles linked only through a third copy, then the closest copy first.
    for (index, list) in out.iter_mut().enumerate() {
        tick(1);
        for span in list.iter_mut() {
            let Some(cluster) = reuse.cluster(span.cluster) else {
                continue;
            };
            let mut indirect: BTreeMap<ArticleId, Range<usize>> = BTreeMap::new();
            for member in &cluster.members {
                if member.article.index() != index
                    && !span
                        .counterparts
                        .iter()
                        .any(|c| c.article == member.article)
                {
                    indirect
                        .entry(member.article)
                        .or_insert_with(|| member.byte_span.clone());
                }
            }
            span.counterparts
                .extend(
                    indirect
                        .into_iter()
                        .map(|(article, byte_span)| Counterpart {
                            article,
                            byte_span,
                            similarity: None,
                        }),
                );
            span.counterparts.sort_by(|x, y| {
                y.similarity
                    .unwrap_or(-1.0)
                    .total_cmp(&x.similarity.unwrap_or(-1.0))
                    .then(x.article.cmp(&y.article))
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::app::action::Background;
    use crate::tui::app::update::receive::receive;
    use crate::tui::testing::seeds_state;

    /// The hand-over takes the prepared passages as they are: the screen's thread computes
    /// nothing from the matches (on a large corpus that froze keys and gauge for over a second).
    #[test]
    fn the_results_arrive_prepared_and_the_screen_only_takes_them() {
        let mut state = seeds_state(80, 24);
        let reuse = Arc::new(crossread::detect(&state.corpus, &Default::default()));
        let reports = std::cell::RefCell::new(Vec::new());
        let hints = Default::default();
        let detected =
            Detected::prepare(&state.corpus, Arc::clone(&reuse), &hints, &|done, total| {
                reports.borrow_mut().push((done, total))
            });
        let total = reuse.matches.len() + state.corpus.articles.len();
        let reports = reports.into_inner();
        assert_eq!(
            reports.last(),
            Some(&(total, total)),
            "the gauge reaches its end"
        );
        assert!(reports.windows(2).all(|w| w[0].0 < w[1].0), "{reports:?}");
        assert!(detected.shared.iter().any(|s| !s.is_empty()));
        // Whatever was prepared is what the reader shows: here, one made-up passage.
        let mut marked = detected.clone();
        marked.shared = vec![Vec::new(); state.corpus.articles.len()];
        marked.shared[1].push(SharedSpan {
            byte_span: 0..5,
            cluster: ClusterId(0),
            is_verbatim: true,
            counterparts: Vec::new(),
        });
        receive(&mut state, Background::Ready(marked.clone()));
        assert_eq!(state.reuse.shared, marked.shared);
        assert!(state.reuse.result.is_some());
        assert_eq!(state.reuse.progress, None);
    }
}
