use super::*;
use crate::config::{DetectConfig, HintsConfig};
use crate::detect::reuse::detect;
use crate::report::clusters::Piece;

const WIRE: &str = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in \
    office was due to expire in May 2024 but the war means no new presidential election has yet \
    been held. Kyiv says Zelenskiy remains the legitimate president.";

fn corpus() -> Corpus {
    let b = WIRE
        .replace("Putin has", "Russian President Vladimir Putin has")
        .replace("Zelenskiy's", "Zelenskyy's")
        .replace(" in May 2024", "");
    let a = format!("The talks stalled.\n\n{WIRE}");
    let mut corpus = Corpus::from_texts([
        ("a.txt", a.as_str()),
        ("b.txt", b.as_str()),
        ("c.txt", "Nothing shared here at all."),
    ]);
    for (article, outlet) in corpus.articles.iter_mut().zip(["Wire", "Gazette", "Other"]) {
        article.outlet = outlet.to_owned();
    }
    for (article, date) in corpus.articles.iter_mut().zip(["2025-08-21", "2025-08-20"]) {
        article.date = Some(date.to_owned());
        article.published = crate::corpus::metadata::PubDate::parse(date).ok();
    }
    corpus
}

fn store() -> (tempfile::TempDir, TagStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("tags.toml");
    std::fs::write(
        &path,
        "[[tag]]\nid = \"x\"\narticle = \"b.txt\"\nlabels = [\"wire\"]\nquote = \"Kyiv says Zelenskiy\"\n",
    )
    .expect("write");
    let store = TagStore::open(&path);
    (dir, store)
}

#[test]
fn copies_are_read_against_the_likely_source_with_every_kind_of_difference() {
    let corpus = corpus();
    let reuse = detect(&corpus, &DetectConfig::default());
    let (_dir, store) = store();
    let report = Report::build(
        &corpus,
        &reuse,
        &store,
        &Selection::default(),
        &HintsConfig::default(),
    )
    .expect("report");
    assert_eq!(report.clusters.len(), 1);
    let c = &report.clusters[0];
    assert_eq!(c.number(), 1);
    assert_eq!(c.reference, 0);
    // b.txt is dated a day earlier: the likely source, listed first, read as it is.
    let hint = c.hint.as_ref().expect("a hint");
    assert_eq!(hint.source, Some(corpus.articles[1].id));
    assert_eq!(hint.rule.as_str(), "earliest_date");
    assert_eq!(c.carriers[0].article, corpus.articles[1].id);
    assert_eq!(
        c.carriers[0].pieces.len(),
        1,
        "the reference is read as it is"
    );
    let b = corpus.articles[0].text();
    let diffs: Vec<String> = c.carriers[1]
        .pieces
        .iter()
        .filter(|p| p.is_difference())
        .map(|p| match p {
            Piece::Added(r) => format!("+{}", &b[r.clone()]),
            Piece::Removed(words) => format!("-{words}"),
            Piece::Respelled { word, source } => format!("~{source}>{}", &b[word.clone()]),
            Piece::Changed { words, source } => format!("{source}>{}", &b[words.clone()]),
            Piece::Same(_) => String::new(),
        })
        .collect();
    assert_eq!(
        diffs,
        [
            "-Russian President Vladimir",
            "~Zelenskyy>Zelenskiy",
            "+in May 2024"
        ]
    );
    // The pieces cover the copy exactly, in order.
    let covered: String = c.carriers[1]
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Same(r) | Piece::Added(r) => Some(&b[r.clone()]),
            Piece::Respelled { word, .. } | Piece::Changed { words: word, .. } => {
                Some(&b[word.clone()])
            }
            Piece::Removed(_) => None,
        })
        .collect();
    assert_eq!(covered, &b[c.carriers[1].byte_span.clone()]);
}

#[test]
fn the_summary_counts_the_selection_and_ranks_borrowers() {
    let corpus = corpus();
    let reuse = detect(&corpus, &DetectConfig::default());
    let (_dir, store) = store();
    let report = Report::build(
        &corpus,
        &reuse,
        &store,
        &Selection::default(),
        &HintsConfig::default(),
    )
    .expect("report");
    let s = &report.summary;
    assert_eq!((s.articles, s.outlets, s.undated), (3, 3, 1));
    assert_eq!(s.first_date.as_deref(), Some("2025-08-20"));
    assert_eq!(s.last_date.as_deref(), Some("2025-08-21"));
    assert_eq!((s.shared_passages, s.copies, s.articles_sharing), (1, 2, 2));
    let borrowers: Vec<&str> = s
        .borrowers
        .iter()
        .map(|&i| report.outlets[i].name.as_str())
        .collect();
    // The Gazette's copy is nearly all of it; the wire article has a sentence of its own.
    assert_eq!(borrowers, ["Gazette", "Wire"]);
    // The tag lies inside the shared passage: one run carries both marks.
    let b = &report.articles[1];
    let both = b
        .paragraphs
        .iter()
        .flatten()
        .find(|r| !r.tags.is_empty())
        .expect("a tagged run");
    assert_eq!(both.shared, [0]);
    assert_eq!(both.opens_tags, [0]);
    assert_eq!(
        &corpus.articles[1].text()[both.byte_span.clone()],
        "Kyiv says Zelenskiy"
    );
}

#[test]
fn selections_narrow_and_bad_ones_name_what_is_missing() {
    let corpus = corpus();
    let reuse = detect(&corpus, &DetectConfig::default());
    let (_dir, store) = store();
    let only_c = Selection {
        articles: vec!["c.txt".to_owned()],
        ..Selection::default()
    };
    let report =
        Report::build(&corpus, &reuse, &store, &only_c, &HintsConfig::default()).expect("report");
    assert!(report.clusters.is_empty() && report.tags.is_empty());
    assert_eq!(report.articles.len(), 1);
    assert_eq!(report.selection, "articles c.txt");
    let tagged = Selection {
        labels: vec!["wire".to_owned()],
        ..Selection::default()
    };
    let report =
        Report::build(&corpus, &reuse, &store, &tagged, &HintsConfig::default()).expect("report");
    assert_eq!(report.articles.len(), 1);
    assert_eq!(report.clusters.len(), 1);
    // Both carriers' outlets are named: the passage's section shows both copies.
    assert_eq!(report.outlets.len(), 2);
    let missing = Selection {
        articles: vec!["z.txt".to_owned()],
        ..Selection::default()
    };
    let err = Report::build(&corpus, &reuse, &store, &missing, &HintsConfig::default())
        .expect_err("no z.txt");
    assert!(
        err.to_string().ends_with("no article z.txt in the corpus"),
        "{err}"
    );
    let past = Selection {
        cluster: Some(2),
        ..Selection::default()
    };
    let err = Report::build(&corpus, &reuse, &store, &past, &HintsConfig::default())
        .expect_err("one cluster");
    assert!(
        err.to_string()
            .ends_with("no shared passage 2: there are 1 (numbered from 1)")
    );
    let zero = Selection {
        cluster: Some(0),
        ..Selection::default()
    };
    assert!(Report::build(&corpus, &reuse, &store, &zero, &HintsConfig::default()).is_err());
}

#[test]
fn an_empty_corpus_gives_a_report_with_nothing_in_it() {
    let corpus = Corpus::from_texts([]);
    let reuse = detect(&corpus, &DetectConfig::default());
    let (_dir, store) = store();
    let report = Report::build(
        &corpus,
        &reuse,
        &store,
        &Selection::default(),
        &HintsConfig::default(),
    )
    .expect("report");
    assert_eq!(report.summary.articles, 0);
    let mut html = Vec::new();
    html::write(&report, &mut html).expect("write");
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("No passage is shared."));
    let mut md = Vec::new();
    markdown::write(&report, &mut md).expect("write");
    assert!(
        String::from_utf8(md)
            .expect("utf-8")
            .contains("no article gives a date")
    );
}
