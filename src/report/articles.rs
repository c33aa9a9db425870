//! Each article in full, cut into runs so a writer can highlight the shared passages (each in
//! the colour of the outlet whose copy is closest, linked to its section) and underline the
//! tagged ones, without knowing how passages and tags overlap.

use std::ops::Range;

use crate::corpus::{Article, ArticleId};
use crate::detect::reuse::ClusterId;
use crate::report::lookup::Lookup;
use crate::tags::export::Entry;

/// A shared passage as one article carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedIn {
    /// The passage's cluster.
    pub cluster: ClusterId,
    /// Where this article carries it.
    pub byte_span: Range<usize>,
    /// The article whose copy is closest (it gives the colour), and how close.
    pub closest: Option<(ArticleId, f64)>,
}

/// A stretch of a paragraph whose marks do not change inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// Bytes of the article's text.
    pub byte_span: Range<usize>,
    /// The shared passages covering it: indices into [`ArticleSection::shared`].
    pub shared: Vec<usize>,
    /// Shared passages that start here.
    pub opens_shared: Vec<usize>,
    /// The tags covering it: indices into [`crate::report::Report::tags`].
    pub tags: Vec<usize>,
    /// Tags that start here.
    pub opens_tags: Vec<usize>,
}

/// An article in full.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSection {
    /// The article.
    pub article: ArticleId,
    /// Share of its words in shared passages.
    pub copied_share: f64,
    /// Its shared passages in the report, in text order.
    pub shared: Vec<SharedIn>,
    /// Its paragraphs, each as runs.
    pub paragraphs: Vec<Vec<Run>>,
    /// The labels of its tags in the report, sorted, once each.
    pub labels: Vec<String>,
}

impl ArticleSection {
    /// The section of `article`, marking the passages in `cluster_in` and the tags in `tags`
    /// that belong to it.
    pub(crate) fn build(
        article: &Article,
        lookup: &Lookup<'_>,
        cluster_in: &[bool],
        tags: &[Entry<'_>],
    ) -> ArticleSection {
        let shared: Vec<SharedIn> = lookup
            .passages_of(article.id)
            .iter()
            .filter(|(_, id)| cluster_in.get(id.0 as usize).copied().unwrap_or(false))
            .map(|(side, id)| SharedIn {
                cluster: *id,
                byte_span: side.byte_span.clone(),
                closest: lookup.closest(side).map(|(s, sim)| (s.article, sim)),
            })
            .collect();
        let tagged: Vec<(usize, Range<usize>)> = tags
            .iter()
            .enumerate()
            .filter(|(_, e)| e.article.is_some_and(|a| a.id == article.id))
            .filter_map(|(i, e)| Some((i, e.resolution.byte_span()?)))
            .collect();
        let mut labels: Vec<String> = tags
            .iter()
            .filter(|e| e.article.is_some_and(|a| a.id == article.id))
            .flat_map(|e| e.tag.labels.iter().cloned())
            .collect();
        labels.sort();
        labels.dedup();
        let spans: Vec<&Range<usize>> = shared
            .iter()
            .map(|s| &s.byte_span)
            .chain(tagged.iter().map(|(_, r)| r))
            .collect();
        let paragraphs = article
            .segmentation
            .paragraphs
            .iter()
            .map(|p| runs(&p.byte_span, &spans, &shared, &tagged))
            .filter(|r| !r.is_empty())
            .collect();
        ArticleSection {
            article: article.id,
            copied_share: lookup.copied_share(article.id),
            shared,
            paragraphs,
            labels,
        }
    }
}

/// `paragraph` cut at every start and end of a passage or tag inside it.
fn runs(
    paragraph: &Range<usize>,
    spans: &[&Range<usize>],
    shared: &[SharedIn],
    tagged: &[(usize, Range<usize>)],
) -> Vec<Run> {
    let mut cuts: Vec<usize> = vec![paragraph.start, paragraph.end];
    for span in spans {
        for at in [span.start, span.end] {
            if paragraph.start < at && at < paragraph.end {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let covers = |r: &Range<usize>, at: usize| r.start <= at && at < r.end;
    // A mark opens at the run where it starts, or at the paragraph's first run when it began
    // in an earlier paragraph (so each paragraph's mark has its text form).
    let opens =
        |r: &Range<usize>, at: usize| covers(r, at) && (r.start == at || at == paragraph.start);
    cuts.windows(2)
        .map(|w| {
            let at = w[0];
            Run {
                byte_span: w[0]..w[1],
                shared: (0..shared.len())
                    .filter(|&i| covers(&shared[i].byte_span, at))
                    .collect(),
                opens_shared: (0..shared.len())
                    .filter(|&i| opens(&shared[i].byte_span, at))
                    .collect(),
                tags: tagged
                    .iter()
                    .filter(|(_, r)| covers(r, at))
                    .map(|(i, _)| *i)
                    .collect(),
                opens_tags: tagged
                    .iter()
                    .filter(|(_, r)| opens(r, at))
                    .map(|(i, _)| *i)
                    .collect(),
            }
        })
        .filter(|r| !r.byte_span.is_empty())
        .collect()
}
