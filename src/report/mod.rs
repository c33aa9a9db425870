//! The report: what crossread found, as a document for people who will not run crossread. A
//! [`Report`] is built once from the corpus, what detection found and the user's tags, in the
//! order an editor reads (a summary, then each shared passage with its carriers and their
//! differences, then each article in full, then the tags); [`html`] and [`markdown`] write it.
//!
//! The model holds spans into the corpus, never markup: the writers decide how a shared
//! passage or a removed word looks. Nothing here prints; the writers take any [`std::io::Write`].

pub mod articles;
mod choose;
pub mod clusters;
pub mod html;
mod lookup;
pub mod markdown;
pub mod summary;

use std::collections::{BTreeMap, HashMap};

use crate::config::HintsConfig;
use crate::corpus::{Article, ArticleId, Corpus};
use crate::detect::reuse::Reuse;
use crate::detect::source::source_hints;
use crate::error::Result;
use crate::tags::export::{self, Entry};
use crate::tags::{Label, TagStore};
use crate::view::matrix::OutletMatrix;

use articles::ArticleSection;
use clusters::ClusterSection;
use lookup::Lookup;
use summary::Summary;

/// The most rows and columns of the outlet matrix a report shows (the biggest borrowers and
/// lenders): past that a table no longer reads on a page.
pub const MATRIX_SHOWN: usize = 30;

/// Past this many outlets the report leaves the matrix out: it grows with the square of the
/// number of outlets (a corpus of 10,000 articles each its own outlet would need 10⁸ cells).
pub const MATRIX_MAX_OUTLETS: usize = 400;

/// Which part of the corpus a report covers; empty fields select everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Only these articles (names relative to the corpus folder) and the passages they carry.
    pub articles: Vec<String>,
    /// Only tagged passages with one of these labels: their articles, the passages they
    /// overlap, and those tags.
    pub labels: Vec<String>,
    /// Only this shared passage, by its number as `scan` and the report show it (from 1).
    pub cluster: Option<u32>,
}

impl Selection {
    /// True when nothing is left out.
    pub fn is_everything(&self) -> bool {
        self.articles.is_empty() && self.labels.is_empty() && self.cluster.is_none()
    }

    /// The selection in words, for the report's heading (`""` for everything).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.articles.is_empty() {
            parts.push(format!("articles {}", self.articles.join(", ")));
        }
        if !self.labels.is_empty() {
            parts.push(format!("passages tagged {}", self.labels.join(", ")));
        }
        if let Some(n) = self.cluster {
            parts.push(format!("shared passage {n}"));
        }
        parts.join("; ")
    }
}

/// An outlet: the articles that name it, and how much of their text they share.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlet {
    /// Its name as the articles give it.
    pub name: String,
    /// Its articles in the report.
    pub articles: usize,
    /// Their words, as detection counts them.
    pub words: usize,
    /// Of those, words inside passages shared with other articles.
    pub copied_words: usize,
}

impl Outlet {
    /// Share of its words inside shared passages, in [0, 1].
    pub fn copied_share(&self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.copied_words as f64 / self.words as f64
        }
    }
}

/// Everything a report shows, in the order it shows it.
#[derive(Debug)]
pub struct Report<'a> {
    /// The corpus the spans point into.
    pub corpus: &'a Corpus,
    /// The corpus folder's name, for the title.
    pub title: String,
    /// The selection in words (`""`: the whole corpus).
    pub selection: String,
    /// The figures an editor reads first.
    pub summary: Summary,
    /// The outlets of the articles in the report, by name; an outlet's index is its colour.
    pub outlets: Vec<Outlet>,
    /// The outlet × outlet matrix of the whole corpus, as the reader shows it; `None` past
    /// [`MATRIX_MAX_OUTLETS`].
    pub matrix: Option<OutletMatrix>,
    /// How many outlets the corpus has (the matrix's size).
    pub matrix_outlets: usize,
    /// Each shared passage in the report, by number.
    pub clusters: Vec<ClusterSection>,
    /// Each article in the report, by name.
    pub articles: Vec<ArticleSection>,
    /// The tags in the report, in file order, each where it is now.
    pub tags: Vec<Entry<'a>>,
    /// The label vocabulary: every label the tags use or the tags file describes.
    pub labels: BTreeMap<String, Label>,
    outlet_index: HashMap<ArticleId, usize>,
}

impl<'a> Report<'a> {
    /// Builds the report of `selection` of `corpus`; `hints` says which outlets are wire
    /// services, for the source hints.
    ///
    /// # Errors
    /// [`Error::Invalid`] (naming the corpus folder) when the selection names an article the
    /// corpus lacks or a shared passage that does not exist.
    pub fn build(
        corpus: &'a Corpus,
        reuse: &Reuse,
        store: &'a TagStore,
        selection: &Selection,
        hints: &HintsConfig,
    ) -> Result<Report<'a>> {
        let chosen_articles = choose::chosen_articles(corpus, selection)?;
        let chosen_cluster = choose::chosen_cluster(corpus, reuse, selection)?;
        let tags: Vec<Entry<'a>> = export::entries(store, corpus, &selection.labels)
            .into_iter()
            .filter(|e| match &chosen_articles {
                Some(ids) => e.article.is_some_and(|a| ids.contains(&a.id)),
                None => true,
            })
            .collect();
        let chosen = chosen_articles.as_deref();
        let cluster_in = choose::clusters_in(reuse, chosen, selection, &tags, chosen_cluster);
        let article_in =
            choose::articles_in(corpus, reuse, chosen, selection, &tags, chosen_cluster);
        let tags: Vec<Entry<'a>> = tags
            .into_iter()
            .filter(|e| e.article.is_none_or(|a| article_in[a.id.index()]))
            .collect();
        let included: Vec<&Article> = corpus
            .articles
            .iter()
            .filter(|a| article_in[a.id.index()])
            .collect();
        let named = choose::named(reuse, &article_in, &cluster_in);
        let named: Vec<&Article> = corpus
            .articles
            .iter()
            .filter(|a| named[a.id.index()])
            .collect();
        let (outlets, outlet_index) = outlets_of(&named, reuse);
        let lookup = Lookup::new(corpus, reuse);
        let hints = source_hints(corpus, reuse, hints);
        let clusters: Vec<ClusterSection> = reuse
            .clusters
            .iter()
            .filter(|c| cluster_in[c.id.0 as usize])
            .map(|c| ClusterSection::build(corpus, &lookup, c, hints.get(c.id.0 as usize)))
            .collect();
        let mut outlet_names: Vec<&str> =
            corpus.articles.iter().map(|a| a.outlet.as_str()).collect();
        outlet_names.sort_unstable();
        outlet_names.dedup();
        let matrix_outlets = outlet_names.len();
        let matrix = (matrix_outlets <= MATRIX_MAX_OUTLETS)
            .then(|| OutletMatrix::build(corpus, reuse, &hints));
        let articles: Vec<ArticleSection> = included
            .iter()
            .map(|a| ArticleSection::build(a, &lookup, &cluster_in, &tags))
            .collect();
        let mut labels: BTreeMap<String, Label> = store.labels().clone();
        for entry in &tags {
            for label in &entry.tag.labels {
                labels.entry(label.clone()).or_default();
            }
        }
        if !selection.labels.is_empty() {
            labels.retain(|name, _| selection.labels.contains(name));
        }
        let summary = Summary::build(&included, reuse, &clusters, &outlets);
        let title = corpus.dir.file_name().map_or_else(
            || corpus.dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Ok(Report {
            corpus,
            title,
            selection: selection.describe(),
            summary,
            outlets,
            matrix,
            matrix_outlets,
            clusters,
            articles,
            tags,
            labels,
            outlet_index,
        })
    }

    /// The index into [`Report::outlets`] of an article's outlet (its colour); `None` for an
    /// article outside the report.
    pub fn outlet_of(&self, article: ArticleId) -> Option<usize> {
        self.outlet_index.get(&article).copied()
    }

    /// The article with this id.
    pub fn article(&self, id: ArticleId) -> Option<&'a Article> {
        self.corpus.article(id)
    }
}

/// The outlets of `articles`, sorted by name, and each article's index into them.
fn outlets_of(articles: &[&Article], reuse: &Reuse) -> (Vec<Outlet>, HashMap<ArticleId, usize>) {
    let mut by_name: BTreeMap<&str, Outlet> = BTreeMap::new();
    for article in articles {
        let figures = reuse.article(article.id);
        let outlet = by_name.entry(&article.outlet).or_insert_with(|| Outlet {
            name: article.outlet.clone(),
            articles: 0,
            words: 0,
            copied_words: 0,
        });
        outlet.articles += 1;
        outlet.words += figures.words;
        outlet.copied_words += figures.copied_words;
    }
    let position: HashMap<&str, usize> = by_name.keys().enumerate().map(|(i, n)| (*n, i)).collect();
    let index = articles
        .iter()
        .filter_map(|a| Some((a.id, *position.get(a.outlet.as_str())?)))
        .collect();
    (by_name.into_values().collect(), index)
}

/// 1-based line and column (in characters) of a byte offset of the article's text.
pub(crate) fn line_of(article: &Article, byte: usize) -> (usize, usize) {
    let text = article.text();
    let mut at = byte.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// `1 passage`, `3 passages`.
pub(crate) fn passages(n: usize) -> String {
    if n == 1 {
        "1 passage".to_owned()
    } else {
        format!("{n} passages")
    }
}

/// `0.182` as `18%`; a share above zero never rounds to `0%`.
pub(crate) fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p > 0.0 && p < 1.0 {
        "under 1%".to_owned()
    } else {
        format!("{p:.0}%")
    }
}

/// The first `chars` characters of `text` on one line, with `…` when cut.
pub(crate) fn excerpt(text: &str, chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(chars) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

#[cfg(test)]
mod tests;
