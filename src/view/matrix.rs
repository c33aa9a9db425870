//! Who leans on whom: the outlet × outlet matrix. Cell (row, column) is the share of the row
//! outlet's words that it shares with the column outlet, and the source hints say which way
//! the words went (row took from column, or gave to it). With one article per outlet it is the
//! article × article matrix.
//!
//! Rows are sorted so the biggest borrowers come first (the share of their words taken from
//! others, as hints tell, then the share shared at all); columns so the biggest lenders come
//! first (words others took from them, then words shared). Drawing, scrolling and picking a
//! cell are the reader's; the CSV is `scan`'s.

use std::collections::HashMap;
use std::ops::Range;

use crate::corpus::segment::count_words;
use crate::corpus::{ArticleId, Corpus};
use crate::detect::cluster::Members;
use crate::detect::reuse::Reuse;
use crate::detect::source::SourceHint;

/// One outlet: a row and a column of the matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlet {
    /// Its name, as the articles give it.
    pub name: String,
    /// Its articles, in corpus order.
    pub articles: Vec<ArticleId>,
    /// Words in its articles.
    pub words: usize,
    /// Words of its articles shared with any other article (of any outlet, itself included).
    pub shared_words: usize,
    /// Words of its articles in passages whose hint names another outlet's article as source.
    pub took_words: usize,
    /// Words of other outlets' articles in passages whose hint names this outlet's article.
    pub lent_words: usize,
}

impl Outlet {
    /// `shared_words / words` (0 for an outlet with no words).
    pub fn shared_share(&self) -> f64 {
        ratio(self.shared_words, self.words)
    }

    /// `took_words / words`.
    pub fn took_share(&self) -> f64 {
        ratio(self.took_words, self.words)
    }
}

/// Which way the words of a cell went, by the source hints of its passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The row outlet took more from the column outlet than it gave (`←`).
    Took,
    /// The row outlet gave more than it took (`→`).
    Gave,
    /// Both ways alike, or the hints do not say (`·`).
    Unclear,
}

impl Direction {
    /// `←`, `→` or `·`.
    pub fn glyph(self) -> char {
        match self {
            Direction::Took => '←',
            Direction::Gave => '→',
            Direction::Unclear => '·',
        }
    }
}

/// What the row outlet shares with the column outlet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    /// Words of the row outlet's articles inside passages shared with the column outlet.
    pub shared_words: usize,
    /// `shared_words` over the row outlet's words.
    pub share: f64,
    /// Of those, words in passages whose hint names a column outlet's article as the source.
    pub took_words: usize,
    /// Words of the column outlet in passages whose hint names a row outlet's article.
    pub gave_words: usize,
    /// The article pairs (row article, column article) that share passages, sorted.
    pub pairs: Vec<(ArticleId, ArticleId)>,
}

impl Cell {
    /// Which way the words went.
    pub fn direction(&self) -> Direction {
        if self.took_words > self.gave_words {
            Direction::Took
        } else if self.gave_words > self.took_words {
            Direction::Gave
        } else {
            Direction::Unclear
        }
    }
}

/// The outlet × outlet matrix of a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutletMatrix {
    /// The outlets, sorted by name; rows and columns index into this.
    pub outlets: Vec<Outlet>,
    /// Row order: outlet indices, biggest borrowers first.
    pub rows: Vec<usize>,
    /// Column order: outlet indices, biggest lenders first.
    pub columns: Vec<usize>,
    /// `outlets.len()²` cells, row outlet major.
    cells: Vec<Cell>,
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Words of `text` inside the merged `spans`.
fn words_in(text: &str, spans: Vec<Range<usize>>) -> usize {
    Members::from_spans(spans)
        .spans
        .into_iter()
        .map(|s| text.get(s).map_or(0, count_words))
        .sum()
}

/// Which outlet an article belongs to: an index into the sorted outlets.
struct OutletOf<'a> {
    corpus: &'a Corpus,
    index: HashMap<&'a str, usize>,
}

impl OutletOf<'_> {
    fn get(&self, id: ArticleId) -> Option<usize> {
        self.corpus
            .article(id)
            .and_then(|a| self.index.get(a.outlet.as_str()).copied())
    }
}

/// The outlets of `corpus`, sorted by name, with their articles and words (nothing shared
/// yet), and the index from article to outlet.
fn outlets(corpus: &Corpus) -> (Vec<Outlet>, OutletOf<'_>) {
    let mut names: Vec<&str> = corpus.articles.iter().map(|a| a.outlet.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut outlets: Vec<Outlet> = names
        .iter()
        .map(|name| Outlet {
            name: (*name).to_owned(),
            articles: Vec::new(),
            words: 0,
            shared_words: 0,
            took_words: 0,
            lent_words: 0,
        })
        .collect();
    for article in &corpus.articles {
        if let Some(o) = index.get(article.outlet.as_str()) {
            outlets[*o].articles.push(article.id);
            outlets[*o].words += article.words;
        }
    }
    (outlets, OutletOf { corpus, index })
}

/// The byte spans of the matches, gathered for counting words.
#[derive(Default)]
struct MatchSpans {
    /// Per (article, other outlet): its spans shared with that outlet.
    shared: HashMap<(ArticleId, usize), Vec<Range<usize>>>,
    /// Per article: its spans shared with anyone.
    any: HashMap<ArticleId, Vec<Range<usize>>>,
    /// Per (outlet, other outlet): the article pairs that share passages, unsorted.
    pairs: HashMap<(usize, usize), Vec<(ArticleId, ArticleId)>>,
}

impl MatchSpans {
    /// Both sides of every match of `reuse` whose articles have an outlet.
    fn collect(reuse: &Reuse, outlet_of: &OutletOf<'_>) -> MatchSpans {
        let mut spans = MatchSpans::default();
        for m in &reuse.matches {
            let (Some(oa), Some(ob)) = (outlet_of.get(m.a.article), outlet_of.get(m.b.article))
            else {
                continue;
            };
            for (side, own, other, other_outlet) in [(&m.a, oa, &m.b, ob), (&m.b, ob, &m.a, oa)] {
                spans
                    .shared
                    .entry((side.article, other_outlet))
                    .or_default()
                    .push(side.byte_span.clone());
                spans
                    .any
                    .entry(side.article)
                    .or_default()
                    .push(side.byte_span.clone());
                spans
                    .pairs
                    .entry((own, other_outlet))
                    .or_default()
                    .push((side.article, other.article));
            }
        }
        spans
    }
}

/// Per (article, source outlet): the spans of the article in passages whose hint names an
/// article of that outlet as the source (the source article itself left out).
fn taken_spans(
    reuse: &Reuse,
    hints: &[SourceHint],
    outlet_of: &OutletOf<'_>,
) -> HashMap<(ArticleId, usize), Vec<Range<usize>>> {
    let mut took: HashMap<(ArticleId, usize), Vec<Range<usize>>> = HashMap::new();
    for hint in hints {
        let (Some(source), Some(cluster)) = (hint.source, reuse.cluster(hint.cluster)) else {
            continue;
        };
        let Some(from) = outlet_of.get(source) else {
            continue;
        };
        for member in cluster.members.iter().filter(|m| m.article != source) {
            took.entry((member.article, from))
                .or_default()
                .push(member.byte_span.clone());
        }
    }
    took
}

/// The cells (row outlet major), with words counted in merged spans; adds each outlet's
/// shared, taken and lent words to `outlets`.
fn count_cells(
    corpus: &Corpus,
    outlet_of: &OutletOf<'_>,
    spans: MatchSpans,
    took: HashMap<(ArticleId, usize), Vec<Range<usize>>>,
    outlets: &mut [Outlet],
) -> Vec<Cell> {
    let n = outlets.len();
    let text = |id: ArticleId| corpus.article(id).map_or("", |a| a.text());
    let mut cells = vec![Cell::default(); n * n];
    for ((article, other), spans) in spans.shared {
        if let Some(row) = outlet_of.get(article) {
            cells[row * n + other].shared_words += words_in(text(article), spans);
        }
    }
    for (article, spans) in spans.any {
        if let Some(row) = outlet_of.get(article) {
            outlets[row].shared_words += words_in(text(article), spans);
        }
    }
    for ((article, from), spans) in took {
        if let Some(row) = outlet_of.get(article) {
            let words = words_in(text(article), spans);
            cells[row * n + from].took_words += words;
            cells[from * n + row].gave_words += words;
            if row != from {
                outlets[row].took_words += words;
                outlets[from].lent_words += words;
            }
        }
    }
    for ((row, column), mut list) in spans.pairs {
        list.sort_unstable();
        list.dedup();
        cells[row * n + column].pairs = list;
    }
    for row in 0..n {
        for column in 0..n {
            let cell = &mut cells[row * n + column];
            cell.share = ratio(cell.shared_words, outlets[row].words);
        }
    }
    cells
}

/// Row order: the outlets that took the largest share of their words first, then those that
/// share the largest share, then by index.
fn borrowers_first(outlets: &[Outlet]) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..outlets.len()).collect();
    rows.sort_by(|&x, &y| {
        let (ox, oy) = (&outlets[x], &outlets[y]);
        oy.took_share()
            .total_cmp(&ox.took_share())
            .then(oy.shared_share().total_cmp(&ox.shared_share()))
            .then(x.cmp(&y))
    });
    rows
}

/// Column order: the outlets others took most words from first, then those whose words the
/// other rows share most of, then by index.
fn lenders_first(outlets: &[Outlet], cells: &[Cell]) -> Vec<usize> {
    let n = outlets.len();
    let received = |c: usize| -> usize { (0..n).map(|r| cells[r * n + c].shared_words).sum() };
    let mut columns: Vec<usize> = (0..n).collect();
    columns.sort_by(|&x, &y| {
        outlets[y]
            .lent_words
            .cmp(&outlets[x].lent_words)
            .then(received(y).cmp(&received(x)))
            .then(x.cmp(&y))
    });
    columns
}

impl OutletMatrix {
    /// Builds the matrix of `corpus` from its reuse and the source hints of its clusters
    /// (indexed like `reuse.clusters`; pass an empty slice to leave directions unclear).
    ///
    /// # Examples
    /// ```
    /// use crossread::{Corpus, config::Config, detect::{reuse::detect, source::source_hints}};
    /// use crossread::view::matrix::OutletMatrix;
    /// let wire = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in \
    ///     office was due to expire in May 2024 but the war means no new presidential election \
    ///     has yet been held.";
    /// let a = format!("{wire} Officials in Kyiv rejected the claim on Friday and said talks would go on.");
    /// let b = format!("The talks stalled. {wire}");
    /// let corpus = Corpus::from_texts([("reuters.txt", a.as_str()), ("paper.txt", b.as_str())]);
    /// let reuse = detect(&corpus, &Config::default().detect);
    /// let matrix = OutletMatrix::build(&corpus, &reuse, &source_hints(&corpus, &reuse, &Default::default()));
    /// let paper = matrix.index_of("paper").unwrap();
    /// let wire = matrix.index_of("reuters").unwrap();
    /// // The paper's row: most of its words are shared with the wire service and taken from
    /// // it (the passages are the same words, so the wire-service rule decides).
    /// let cell = matrix.cell(paper, wire);
    /// assert!(cell.share > 0.8);
    /// assert_eq!(cell.direction(), crossread::view::matrix::Direction::Took);
    /// assert_eq!(matrix.rows[0], paper); // the biggest borrower comes first
    /// ```
    pub fn build(corpus: &Corpus, reuse: &Reuse, hints: &[SourceHint]) -> OutletMatrix {
        let (mut outlets, outlet_of) = outlets(corpus);
        let spans = MatchSpans::collect(reuse, &outlet_of);
        let took = taken_spans(reuse, hints, &outlet_of);
        let cells = count_cells(corpus, &outlet_of, spans, took, &mut outlets);
        let rows = borrowers_first(&outlets);
        let columns = lenders_first(&outlets, &cells);
        OutletMatrix {
            outlets,
            rows,
            columns,
            cells,
        }
    }

    /// The cell of row outlet `row` and column outlet `column` (indices into
    /// [`OutletMatrix::outlets`], not display positions).
    ///
    /// # Panics
    /// Never: an index out of range gives an empty cell.
    pub fn cell(&self, row: usize, column: usize) -> &Cell {
        static EMPTY: Cell = Cell {
            shared_words: 0,
            share: 0.0,
            took_words: 0,
            gave_words: 0,
            pairs: Vec::new(),
        };
        let n = self.outlets.len();
        if row >= n || column >= n {
            return &EMPTY;
        }
        &self.cells[row * n + column]
    }

    /// The index of the outlet with this name.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.outlets.iter().position(|o| o.name == name)
    }

    /// True when every outlet has one article: the matrix is then article × article.
    pub fn is_per_article(&self) -> bool {
        self.outlets.iter().all(|o| o.articles.len() == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::detect::reuse::detect;
    use crate::detect::source::source_hints;

    fn seeds() -> (Corpus, OutletMatrix) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config.toml")).unwrap();
        let (corpus, _) = Corpus::load(&root.join("seeds"), &config).unwrap();
        let reuse = detect(&corpus, &config.detect);
        let hints = source_hints(&corpus, &reuse, &config.hints);
        let matrix = OutletMatrix::build(&corpus, &reuse, &hints);
        (corpus, matrix)
    }

    fn outlet(name: &str, words: usize, took_words: usize, lent_words: usize) -> Outlet {
        Outlet {
            name: name.to_owned(),
            articles: Vec::new(),
            words,
            shared_words: took_words,
            took_words,
            lent_words,
        }
    }

    #[test]
    fn outlets_are_sorted_by_name_with_their_articles_and_words() {
        let corpus = Corpus::from_texts([("b.txt", "Two words."), ("a.txt", "Three words here.")]);
        let (outlets, outlet_of) = outlets(&corpus);
        let names: Vec<&str> = outlets.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(outlets[0].articles, [ArticleId(1)]);
        assert_eq!(outlets[0].words, corpus.articles[1].words);
        assert_eq!(outlets[1].shared_words, 0);
        assert_eq!(outlet_of.get(ArticleId(0)), Some(1));
        assert_eq!(outlet_of.get(ArticleId(7)), None);
    }

    #[test]
    fn rows_put_borrowers_first_and_columns_lenders_first() {
        // Shares taken: 0.1, 0.5, 0.5 (the tie goes to the larger share shared, then index).
        let mut outlets = vec![
            outlet("x", 100, 10, 0),
            outlet("y", 100, 50, 30),
            outlet("z", 10, 5, 30),
        ];
        outlets[1].shared_words = 60;
        assert_eq!(borrowers_first(&outlets), [1, 2, 0]);
        // Lent words tie between y and z: the column other rows share more words with wins.
        let mut cells = vec![Cell::default(); 9];
        cells[2].shared_words = 4; // row x, column z
        cells[3 + 2].shared_words = 1; // row y, column z
        cells[1].shared_words = 2; // row x, column y
        assert_eq!(lenders_first(&outlets, &cells), [2, 1, 0]);
        assert_eq!(lenders_first(&[], &[]), Vec::<usize>::new());
    }

    #[test]
    fn the_seed_matrix_is_per_article_and_consistent() {
        let (corpus, matrix) = seeds();
        assert_eq!(matrix.outlets.len(), corpus.articles.len());
        assert!(matrix.is_per_article());
        let n = matrix.outlets.len();
        let mut sorted_rows = matrix.rows.clone();
        sorted_rows.sort_unstable();
        assert_eq!(sorted_rows, (0..n).collect::<Vec<_>>());
        for row in 0..n {
            let outlet = &matrix.outlets[row];
            assert!(outlet.shared_words <= outlet.words);
            for column in 0..n {
                let cell = matrix.cell(row, column);
                // Row's shared words with one outlet never exceed its words shared at all.
                assert!(cell.shared_words <= outlet.shared_words, "{row} {column}");
                // Taking and giving mirror each other.
                assert_eq!(cell.took_words, matrix.cell(column, row).gave_words);
                // A pair shares words both ways or not at all.
                assert_eq!(
                    cell.shared_words > 0,
                    matrix.cell(column, row).shared_words > 0
                );
                assert_eq!(cell.pairs.len(), matrix.cell(column, row).pairs.len());
            }
        }
        // 001 and The Irish Times share two passages of the wire story.
        let irish = matrix.index_of("The Irish Times").unwrap();
        let lavrov = matrix.index_of("001_0d4e60a693cd02cb").unwrap();
        let cell = matrix.cell(irish, lavrov);
        assert!(cell.share > 0.03 && cell.share < 0.2, "{cell:?}");
        assert_eq!(cell.pairs, [(ArticleId(2), ArticleId(1))]);
        let breaking = matrix.index_of("via breakingnews.ie").unwrap();
        assert_eq!(matrix.outlets[breaking].shared_words, 0);
        // Rows: borrowers first; the first row takes at least as large a share as the last.
        let first = &matrix.outlets[matrix.rows[0]];
        let last = &matrix.outlets[matrix.rows[n - 1]];
        assert!(first.took_share() >= last.took_share());
        // Columns: lenders first.
        let lender = &matrix.outlets[matrix.columns[0]];
        assert!(
            matrix
                .outlets
                .iter()
                .all(|o| o.lent_words <= lender.lent_words)
        );
    }

    #[test]
    fn outlets_with_several_articles_add_up() {
        let wire = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024 but the war means no new presidential election has yet been held.";
        let a = format!(
            "{wire} Officials in Kyiv rejected the claim on Friday and said talks would go on."
        );
        let b = format!("The talks stalled on Thursday afternoon. {wire}");
        let c = "A story about something else entirely, with no words worth sharing at all here.";
        let mut config = Config::default();
        for (file, outlet) in [("1.txt", "Reuters"), ("2.txt", "Paper"), ("3.txt", "Paper")] {
            config.sources.push(crate::config::SourceMeta {
                file: file.into(),
                outlet: Some(outlet.into()),
                ..Default::default()
            });
        }
        let articles = [("1.txt", a.as_str()), ("2.txt", b.as_str()), ("3.txt", c)]
            .iter()
            .enumerate()
            .map(|(i, (name, text))| {
                crate::Article::from_bytes(ArticleId(i as u32), name, text.as_bytes(), &config)
            })
            .collect();
        let corpus = Corpus {
            dir: Default::default(),
            articles,
        };
        let reuse = detect(&corpus, &config.detect);
        assert_eq!(reuse.matches.len(), 1);
        let hints = source_hints(&corpus, &reuse, &config.hints);
        let matrix = OutletMatrix::build(&corpus, &reuse, &hints);
        assert!(!matrix.is_per_article());
        let paper = matrix.index_of("Paper").unwrap();
        let wire_i = matrix.index_of("Reuters").unwrap();
        let p = &matrix.outlets[paper];
        assert_eq!(p.articles, [ArticleId(1), ArticleId(2)]);
        assert_eq!(p.words, corpus.articles[1].words + corpus.articles[2].words);
        let cell = matrix.cell(paper, wire_i);
        assert_eq!(cell.shared_words, count_words(wire));
        assert_eq!(cell.share, count_words(wire) as f64 / p.words as f64);
        // The passages are the same words: the wire service is taken as the source.
        assert_eq!(cell.took_words, count_words(wire));
        assert_eq!(cell.direction(), Direction::Took);
        assert_eq!(matrix.cell(wire_i, paper).direction(), Direction::Gave);
        assert_eq!(matrix.rows[0], paper);
        assert_eq!(matrix.columns[0], wire_i);
        assert_eq!(matrix.cell(99, 0), &Cell::default());
    }
}
