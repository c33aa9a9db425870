//! What a report's [`Selection`] keeps: the articles named, the passage chosen, the tags with
//! the labels asked for, and from those which passages and articles are in, each restriction
//! narrowing the one before.

use crate::corpus::{ArticleId, Corpus};
use crate::detect::reuse::{ClusterId, Reuse};
use crate::error::{Error, Result};
use crate::tags::export::Entry;

use super::Selection;

/// The error for a selection that names what the corpus does not hold.
fn invalid(corpus: &Corpus, message: String) -> Error {
    Error::Invalid {
        path: corpus.dir.clone(),
        message,
    }
}

/// The articles `--articles` names, by id (`None`: every article).
///
/// # Errors
/// [`Error::Invalid`] naming an article not in the corpus.
pub(super) fn chosen_articles(
    corpus: &Corpus,
    selection: &Selection,
) -> Result<Option<Vec<ArticleId>>> {
    if selection.articles.is_empty() {
        return Ok(None);
    }
    selection
        .articles
        .iter()
        .map(|name| {
            corpus
                .find(name)
                .map(|a| a.id)
                .ok_or_else(|| invalid(corpus, format!("no article {name} in the corpus")))
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

/// The passage `--cluster N` names (numbered from 1).
///
/// # Errors
/// [`Error::Invalid`] for a number past the passages.
pub(super) fn chosen_cluster(
    corpus: &Corpus,
    reuse: &Reuse,
    selection: &Selection,
) -> Result<Option<ClusterId>> {
    let Some(n) = selection.cluster else {
        return Ok(None);
    };
    n.checked_sub(1)
        .map(ClusterId)
        .filter(|id| reuse.cluster(*id).is_some())
        .map(Some)
        .ok_or_else(|| {
            invalid(
                corpus,
                format!(
                    "no shared passage {n}: there are {} (numbered from 1)",
                    reuse.clusters.len()
                ),
            )
        })
}

/// Which passages are in: carried by a chosen article, overlapped by a tag of a chosen label,
/// and the chosen passage.
pub(super) fn clusters_in(
    reuse: &Reuse,
    articles: Option<&[ArticleId]>,
    selection: &Selection,
    tags: &[Entry<'_>],
    cluster: Option<ClusterId>,
) -> Vec<bool> {
    reuse
        .clusters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let by_article =
                articles.is_none_or(|ids| c.members.iter().any(|m| ids.contains(&m.article)));
            let by_label = selection.labels.is_empty()
                || c.members.iter().any(|m| {
                    tags.iter().any(|e| {
                        e.article.is_some_and(|a| a.id == m.article)
                            && e.resolution.byte_span().is_some_and(|s| {
                                s.start < m.byte_span.end && m.byte_span.start < s.end
                            })
                    })
                });
            by_article && by_label && cluster.is_none_or(|id| i == id.0 as usize)
        })
        .collect()
}

/// Which articles are in: chosen by name, tagged with a chosen label, carrying the chosen
/// passage.
pub(super) fn articles_in(
    corpus: &Corpus,
    reuse: &Reuse,
    articles: Option<&[ArticleId]>,
    selection: &Selection,
    tags: &[Entry<'_>],
    cluster: Option<ClusterId>,
) -> Vec<bool> {
    corpus
        .articles
        .iter()
        .map(|a| {
            let by_name = articles.is_none_or(|ids| ids.contains(&a.id));
            let by_label = selection.labels.is_empty()
                || tags.iter().any(|e| e.article.is_some_and(|t| t.id == a.id));
            let by_cluster = cluster.is_none_or(|id| {
                reuse
                    .cluster(id)
                    .is_some_and(|c| c.members.iter().any(|m| m.article == a.id))
            });
            by_name && by_label && by_cluster
        })
        .collect()
}

/// The articles whose outlets the report names: those in, and every carrier of a passage in
/// (a carrier outside the selection still appears, with its colour, in its passage's section).
pub(super) fn named(reuse: &Reuse, article_in: &[bool], cluster_in: &[bool]) -> Vec<bool> {
    let mut named = article_in.to_vec();
    for c in reuse
        .clusters
        .iter()
        .filter(|c| cluster_in[c.id.0 as usize])
    {
        for m in &c.members {
            if let Some(flag) = named.get_mut(m.article.index()) {
                *flag = true;
            }
        }
    }
    named
}
