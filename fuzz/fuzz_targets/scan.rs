//! A small corpus of arbitrary articles through reuse detection: never a panic, every match is a
//! non-empty span on character boundaries of its article, similarity is in [0, 1], and the result
//! does not depend on the order the articles were loaded in.
//!
//! Articles are built from pieces: words from a list with respellings and wide or combining
//! characters, separators (CRLF, BOM, tabs), raw bytes (invalid UTF-8 included), and runs
//! copied from an earlier article, so that reuse is common enough for detection to do work.

#![no_main]

use arbitrary::Arbitrary;
use crossread::config::{Config, DetectConfig};
use crossread::corpus::{Article, ArticleId, Corpus};
use crossread::detect::reuse::{Reuse, Side, detect};
use libfuzzer_sys::fuzz_target;

const WORDS: &[&str] = &[
    "Zelenskyy",
    "Zelenskiy",
    "Zelensky",
    "U.N.",
    "UN",
    "Mr.",
    "Lavrov",
    "Sergei",
    "Sergey",
    "Kyiv",
    "Kiev",
    "talks",
    "stalled",
    "ceasefire",
    "envoy",
    "envoys",
    "organisation",
    "organization",
    "honour",
    "honor",
    "centre",
    "center",
    "said",
    "says",
    "the",
    "of",
    "a",
    "would",
    "not",
    "on",
    "Monday",
    "Reuters",
    "AP",
    "Straße",
    "naïve",
    "café",
    "Ａｌｌｅ",
    "東京",
    "北京会谈",
    "😀",
    "👍🏽",
    "مرحبا",
    "שלום",
    "e\u{301}",
    "x\u{20DD}",
    "1,000",
    "3.5%",
    "O'Brien",
    "it’s",
    "U.S.-led",
    "—",
    "...",
    "\u{200B}",
    "\u{1b}[2J",
    "ﬁnal",
    "İstanbul",
    "ǅ",
    "ß",
    "\u{FFFD}",
    "Ωmega",
    "Ⅻ",
    "x",
];

const SEPARATORS: &[&str] = &[
    " ", " ", " ", ". ", ", ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "’s ", "? ", "! ",
    "\u{FEFF}", "\u{301}", "  ", "\u{3000}", "\u{85}", "\u{2028}", "\r",
];

#[derive(Debug, Arbitrary)]
enum Piece<'a> {
    Word(u8),
    Separator(u8),
    Raw(&'a [u8]),
    Copy { from: u8, start: u8, len: u8 },
}

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    min_words: u8,
    min_content_words: u8,
    min_similarity: u8,
    stock_share: u8,
    stock_min_articles: u8,
    articles: Vec<Vec<Piece<'a>>>,
}

const MAX_ARTICLES: usize = 6;
const MAX_PIECES: usize = 300;

/// Each article as the bytes of its pieces.
fn build(articles: &[Vec<Piece<'_>>]) -> Vec<Vec<Vec<u8>>> {
    let mut built: Vec<Vec<Vec<u8>>> = Vec::new();
    for pieces in articles.iter().take(MAX_ARTICLES) {
        let mut out: Vec<Vec<u8>> = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Word(i) => out.push(WORDS[usize::from(*i) % WORDS.len()].into()),
                Piece::Separator(i) => {
                    out.push(SEPARATORS[usize::from(*i) % SEPARATORS.len()].into());
                }
                Piece::Raw(bytes) => out.push(bytes.to_vec()),
                Piece::Copy { from, start, len } => {
                    if built.is_empty() {
                        continue;
                    }
                    let source = &built[usize::from(*from) % built.len()];
                    let start = usize::from(*start).min(source.len());
                    let end = (start + usize::from(*len)).min(source.len());
                    out.extend(source[start..end].iter().cloned());
                }
            }
            if out.len() >= MAX_PIECES {
                out.truncate(MAX_PIECES);
                break;
            }
        }
        built.push(out);
    }
    built
}

fn build_corpus(files: &[(String, Vec<u8>)]) -> Corpus {
    let config = Config::default();
    let articles = files
        .iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            let id = ArticleId(u32::try_from(i).expect("a handful of articles"));
            Article::from_bytes(id, name, bytes, &config)
        })
        .collect();
    Corpus {
        dir: std::path::PathBuf::new(),
        articles,
    }
}

fn check_side(corpus: &Corpus, side: &Side, stored_len: &[usize]) {
    let article = corpus
        .article(side.article)
        .expect("a match names an article of the corpus");
    let text = article.text();
    let span = side.byte_span.clone();
    assert!(span.start < span.end, "empty passage {span:?}");
    assert!(
        text.get(span.clone()).is_some(),
        "{span:?} not on char boundaries of {text:?}"
    );
    let stored = article.decoded.stored_range(span.clone());
    assert!(stored.start < stored.end && stored.end <= stored_len[side.article.index()]);
    if article.decoded.is_utf8() {
        assert_eq!(stored, span);
    }
}

/// Matches by article name, independent of ids: `(a, a span, b, b span, kind, words, similarity)`.
type Named = (
    String,
    (usize, usize),
    String,
    (usize, usize),
    &'static str,
    usize,
    u64,
);

fn named(corpus: &Corpus, reuse: &Reuse) -> Vec<Named> {
    let name = |side: &Side| corpus.articles[side.article.index()].name.clone();
    let mut all: Vec<Named> = reuse
        .matches
        .iter()
        .map(|m| {
            (
                name(&m.a),
                (m.a.byte_span.start, m.a.byte_span.end),
                name(&m.b),
                (m.b.byte_span.start, m.b.byte_span.end),
                m.kind.as_str(),
                m.words,
                m.similarity.to_bits(),
            )
        })
        .collect();
    all.sort();
    all
}

fuzz_target!(|input: Input<'_>| {
    let config = DetectConfig {
        min_words: 1 + usize::from(input.min_words % 16),
        min_content_words: usize::from(input.min_content_words % 8),
        min_similarity: f64::from(input.min_similarity) / 255.0,
        stock_share: f64::from(input.stock_share % 101) / 100.0,
        stock_min_articles: usize::from(input.stock_min_articles % 12),
        ..DetectConfig::default()
    };
    let files: Vec<(String, Vec<u8>)> = build(&input.articles)
        .into_iter()
        .enumerate()
        .map(|(i, pieces)| (format!("{i}.txt"), pieces.concat()))
        .collect();
    let stored_len: Vec<usize> = files.iter().map(|(_, bytes)| bytes.len()).collect();
    let corpus = build_corpus(&files);
    let reuse = detect(&corpus, &config);

    assert_eq!(reuse.articles.len(), corpus.articles.len());
    for m in &reuse.matches {
        check_side(&corpus, &m.a, &stored_len);
        check_side(&corpus, &m.b, &stored_len);
        assert!(
            (0.0..=1.0).contains(&m.similarity),
            "similarity {}",
            m.similarity
        );
        assert!(
            m.words >= config.min_words,
            "{} words < {}",
            m.words,
            config.min_words
        );
        assert!(
            corpus.articles[m.a.article.index()].name <= corpus.articles[m.b.article.index()].name
        );
        assert!(m.cluster.0 < u32::try_from(reuse.clusters.len()).unwrap_or(u32::MAX));
    }
    for (i, cluster) in reuse.clusters.iter().enumerate() {
        assert_eq!(cluster.id.0 as usize, i);
        assert!(cluster.members.len() >= 2);
        for side in &cluster.members {
            check_side(&corpus, side, &stored_len);
        }
    }
    for article in &reuse.articles {
        assert!((0.0..=1.0).contains(&article.copied_share), "{article:?}");
        assert!(article.copied_words <= article.words, "{article:?}");
    }

    // The same files loaded in the opposite order find the same passages.
    let mut reversed = files.clone();
    reversed.reverse();
    let again = build_corpus(&reversed);
    assert_eq!(
        named(&again, &detect(&again, &config)),
        named(&corpus, &reuse)
    );
});
