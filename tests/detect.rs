//! Detection fixtures: one small case per folder of `tests/fixtures/detect/`, each a few
//! articles where `[[…]]` marks the spans detection must report (cluster members) and nothing
//! else. One table-driven test runs them all, checks the spans exactly, and keeps an insta
//! snapshot of each case's matches for review.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

use crossread::{Corpus, DetectConfig, detect};

/// Strips `[[` and `]]` from `marked`, returning the text and the marked byte spans.
fn parse_markup(marked: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut open = None;
    let mut rest = marked;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[[") {
            open = Some(text.len());
            rest = after;
        } else if let Some(after) = rest.strip_prefix("]]") {
            let start = open.take().expect("]] without [[");
            spans.push(start..text.len());
            rest = after;
        } else {
            let c = rest.chars().next().expect("non-empty");
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    (text, spans)
}

/// Each article of a fixture folder as `(name, text, marked spans)`.
type Marked = Vec<(String, String, Vec<Range<usize>>)>;

/// The articles of one fixture folder, sorted by name, and the corpus they make.
fn load_case(dir: &Path) -> (Corpus, Marked) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture folder is readable")
        .map(|e| e.expect("fixture entry is readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let parsed: Marked = files
        .iter()
        .map(|p| {
            let (text, spans) = parse_markup(&std::fs::read_to_string(p).expect("fixture is text"));
            (
                p.file_name()
                    .expect("fixture has a name")
                    .to_string_lossy()
                    .into_owned(),
                text,
                spans,
            )
        })
        .collect();
    let corpus = Corpus::from_texts(parsed.iter().map(|(n, t, _)| (n.as_str(), t.as_str())));
    (corpus, parsed)
}

fn run_case(dir: &Path) -> (String, Vec<String>) {
    let (corpus, parsed) = load_case(dir);
    let reuse = detect(&corpus, &DetectConfig::default());

    let mut problems = Vec::new();
    for (i, (name, text, expected)) in parsed.iter().enumerate() {
        let mut found: Vec<Range<usize>> = reuse
            .clusters
            .iter()
            .flat_map(|c| c.members.iter())
            .filter(|m| m.article.index() == i)
            .map(|m| m.byte_span.clone())
            .collect();
        found.sort_by_key(|r| (r.start, r.end));
        if &found != expected {
            let show = |spans: &[Range<usize>]| -> Vec<&str> {
                spans.iter().map(|r| &text[r.clone()]).collect()
            };
            problems.push(format!(
                "{name}: expected {:?}, found {:?}",
                show(expected),
                show(&found)
            ));
        }
    }

    let mut snapshot = String::new();
    for m in &reuse.matches {
        let side = |s: &crossread::Side| {
            let a = &corpus.articles[s.article.index()];
            format!(
                "{} {:?}: {}",
                a.name,
                s.byte_span,
                &a.text()[s.byte_span.clone()]
            )
        };
        let _ = writeln!(
            snapshot,
            "cluster {} · {} · similarity {:.3} · {} words\n  {}\n  {}",
            m.cluster.0,
            m.kind.as_str(),
            m.similarity,
            m.words,
            side(&m.a),
            side(&m.b)
        );
    }
    if reuse.matches.is_empty() {
        snapshot.push_str("no shared passages\n");
    }
    (snapshot, problems)
}

#[test]
fn detection_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/detect");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "fixtures missing");
    let mut problems = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let (snapshot, case_problems) = run_case(case);
        insta::assert_snapshot!(format!("detect_{name}"), snapshot);
        problems.extend(case_problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn markup_is_parsed_into_spans() {
    let (text, spans) = parse_markup("The [[U.N.]] said [[no]].");
    assert_eq!(text, "The U.N. said no.");
    assert_eq!(spans, [4..8, 14..16]);
}

/// A rewrite of a whole text (sentences reworded, archaic forms modernised, a sentence replaced
/// here and there, a student's light revision) is one passage from its first sentence to its
/// last, not a few fragments cut at every change.
#[test]
fn a_rewritten_text_is_one_passage_end_to_end() {
    for case in ["archaic_modernised", "long_text_edited", "student_rewrite"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/detect")
            .join(case);
        let (corpus, marks) = load_case(&dir);
        let reuse = detect(&corpus, &DetectConfig::default());
        assert_eq!(reuse.matches.len(), 1, "{case}: {:?}", reuse.matches);
        let m = &reuse.matches[0];
        assert_eq!(m.kind, crossread::MatchKind::Rewrite, "{case}");
        assert!(m.similarity >= DetectConfig::default().min_similarity);
        for (side, (_, text, spans)) in [&m.a, &m.b].into_iter().zip(&marks) {
            assert_eq!(spans.len(), 1, "{case}: one marked passage per article");
            assert_eq!(
                &text[side.byte_span.clone()],
                &text[spans[0].clone()],
                "{case}"
            );
        }
    }
}
