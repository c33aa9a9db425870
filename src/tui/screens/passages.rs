//! What the reader knows about reuse: detection's progress while it runs on its thread, then
//! per article the shared passages with every article that carries each (computed once when
//! the results arrive, so neither `update` nor `render` scans the corpus per key or frame), the
//! jumps between shared passages, and the panel that lists where a passage appears.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crossread::detect::reuse::{ClusterId, MatchKind, Progress, Reuse};
use crossread::{ArticleId, Corpus};

use crate::tui::app::state::{Overlay, State};

/// A message from the background thread (`worker.rs`).
#[derive(Debug, Clone)]
pub enum Background {
    /// The articles are loaded (they take the listing's place), with the load's warnings.
    Loaded(Arc<Corpus>, Vec<crossread::Warning>),
    /// The articles could not be loaded, and why.
    LoadFailed(String),
    /// Detection has come this far.
    Progress(Progress),
    /// Detection is done.
    Ready(Arc<Reuse>),
}

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

/// The panel of articles carrying one passage.
#[derive(Debug, Clone, PartialEq)]
pub struct PassagesPanel {
    /// The article the passage was opened from.
    pub origin: ArticleId,
    /// The passage there.
    pub byte_span: Range<usize>,
    /// The other articles carrying it.
    pub entries: Vec<Counterpart>,
    /// The selected entry.
    pub selected: usize,
}

/// Applies a message from the background thread. Pure, like `update`.
pub fn receive(state: &mut State, message: Background) {
    match message {
        Background::Loaded(corpus, warnings) => {
            return crate::tui::screens::loading::corpus_loaded(state, corpus, warnings);
        }
        Background::LoadFailed(why) => {
            return crate::tui::screens::loading::load_failed(state, why);
        }
        Background::Progress(progress) => {
            if state.reuse.result.is_none() {
                state.reuse.progress = Some(progress);
            }
        }
        Background::Ready(reuse) => {
            state.reuse.shared = shared_spans(&state.corpus, &reuse);
            state.reuse.result = Some(reuse);
            state.reuse.progress = None;
            state.reuse_ready();
        }
    }
    state.settle();
}

/// Every article's shared passages: the cluster members, each with the articles whose copy
/// overlaps it directly (with the match's similarity) and those only in the same cluster.
fn shared_spans(corpus: &Corpus, reuse: &Reuse) -> Vec<Vec<SharedSpan>> {
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

impl State {
    /// The shared passage of the reader's article under the cursor's sentence.
    pub fn shared_under_cursor(&self) -> Option<&SharedSpan> {
        let article = self.reader_article()?;
        let cursor = self.cursor_span()?;
        self.reuse
            .spans_of(article.id)
            .iter()
            .find(|s| s.byte_span.start < cursor.end && cursor.start < s.byte_span.end)
    }

    /// Moves the reader's cursor to the next (or previous) shared passage; says so when there
    /// is none that way.
    pub fn jump_shared(&mut self, forward: bool) {
        let Some(article) = self.reader_article() else {
            return;
        };
        let Some(cursor) = self.cursor_span() else {
            return;
        };
        let spans = self.reuse.spans_of(article.id);
        let target = if forward {
            spans
                .iter()
                .find(|s| s.byte_span.start >= cursor.end)
                .map(|s| s.byte_span.start)
        } else {
            spans
                .iter()
                .rev()
                .find(|s| s.byte_span.end <= cursor.start)
                .map(|s| s.byte_span.start)
        };
        match target {
            Some(byte) => self.cursor_to_byte(byte),
            None if self.reuse.is_running() => {
                self.message = Some("Still looking for shared passages…".to_owned());
            }
            None if spans.is_empty() => {
                self.message = Some("This article shares no passage with the others".to_owned());
            }
            None => {
                let way = if forward { "after" } else { "before" };
                self.message = Some(format!("No shared passage {way} the cursor"));
            }
        }
    }

    /// Opens the panel of articles carrying the passage under the cursor.
    pub fn open_passages_panel(&mut self) {
        let Some(span) = self.shared_under_cursor() else {
            self.message = Some(if self.reuse.is_running() {
                "Still looking for shared passages…".to_owned()
            } else {
                "No shared passage under the cursor (n: the next one)".to_owned()
            });
            return;
        };
        let Some(origin) = self.reader_article().map(|a| a.id) else {
            return;
        };
        self.panel = Some(PassagesPanel {
            origin,
            byte_span: span.byte_span.clone(),
            entries: span.counterparts.clone(),
            selected: 0,
        });
        self.overlay = Some(Overlay::Passages);
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::app::state::Screen;
    use crate::tui::testing::{press, seeds_state, with_reuse};

    #[test]
    fn n_walks_the_shared_passages_and_enter_lists_the_copies() {
        let mut state = with_reuse(seeds_state(120, 40));
        // 001 (Lavrov pours cold water) shares four passages.
        press(&mut state, "j<enter>");
        let id = state.selected_article().unwrap().id;
        let starts: Vec<usize> = state
            .reuse
            .spans_of(id)
            .iter()
            .map(|s| s.byte_span.start)
            .collect();
        assert_eq!(starts.len(), 4);
        press(&mut state, "n");
        let cursor = state.cursor_span().unwrap();
        assert!(cursor.contains(&starts[0]) || cursor.start == starts[0]);
        press(&mut state, "nn");
        let third = state.shared_under_cursor().unwrap().byte_span.start;
        assert_eq!(third, starts[2]);
        press(&mut state, "N");
        assert_eq!(
            state.shared_under_cursor().unwrap().byte_span.start,
            starts[1]
        );
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Passages);
        let panel = state.panel.as_ref().unwrap();
        let names: Vec<&str> = panel
            .entries
            .iter()
            .map(|c| state.corpus.articles[c.article.index()].name.as_str())
            .collect();
        assert_eq!(names, ["002_bf921deb08cbc33a.txt"]);
        assert!(panel.entries[0].similarity.unwrap() > 0.7);
        press(&mut state, "<esc>");
        assert_eq!(state.screen(), Screen::Reader);
    }

    #[test]
    fn jumps_say_why_they_cannot_move() {
        let mut state = seeds_state(120, 40);
        press(&mut state, "<enter>n");
        assert_eq!(
            state.message.as_deref(),
            Some("Still looking for shared passages…")
        );
        let mut state = with_reuse(seeds_state(120, 40));
        press(&mut state, "G<enter>n");
        assert_eq!(
            state.message.as_deref(),
            Some("This article shares no passage with the others")
        );
        press(&mut state, "<enter>");
        assert_eq!(state.screen(), Screen::Reader);
        assert!(state.message.unwrap().starts_with("No shared passage"));
    }
}
