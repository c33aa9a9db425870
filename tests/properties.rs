//! Properties of detection that must hold for any text: a lightly edited copy of a passage is
//! found where it is; stock phrases carried by every article, one or several, anywhere, are
//! never reported; and results do not depend on the order the articles come in.

#[path = "../examples/gencorpus/generator.rs"]
mod generator;

use crossread::{Corpus, DetectConfig, detect};
use proptest::prelude::*;

/// Made-up words, distinct from one another; the first 600 for passages, the rest for filler.
fn vocabulary() -> Vec<String> {
    let mut rng = generator::Rng::new(99);
    let onsets = [
        "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st",
    ];
    let vowels = ["a", "e", "i", "o", "u", "ai", "ou"];
    let mut words: Vec<String> = Vec::new();
    while words.len() < 1200 {
        let w: String = (0..3)
            .map(|_| format!("{}{}", rng.pick(&onsets), rng.pick(&vowels)))
            .collect();
        if !words.contains(&w) {
            words.push(w);
        }
    }
    words
}

/// Words as sentences of `per_sentence` words: capitalized, with full stops.
fn sentences(words: &[String], per_sentence: usize) -> String {
    words
        .chunks(per_sentence)
        .map(|chunk| {
            let mut s = chunk.join(" ");
            if let Some(first) = s.get(..1) {
                s = first.to_uppercase() + &s[1..];
            }
            s + "."
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Debug, Clone)]
enum Edit {
    Drop(usize),
    Swap(usize),
    Insert(usize, usize),
    Upper(usize),
}

fn apply(words: &mut Vec<String>, edit: &Edit, vocab: &[String]) {
    let n = words.len();
    match *edit {
        Edit::Drop(i) => {
            words.remove(i % n);
        }
        Edit::Swap(i) => words.swap(i % (n - 1), i % (n - 1) + 1),
        Edit::Insert(i, w) => words.insert(i % n, vocab[600 + w % 600].clone()),
        Edit::Upper(i) => words[i % n] = words[i % n].to_uppercase(),
    }
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        any::<usize>().prop_map(Edit::Drop),
        any::<usize>().prop_map(Edit::Swap),
        (any::<usize>(), any::<usize>()).prop_map(|(i, w)| Edit::Insert(i, w)),
        any::<usize>().prop_map(Edit::Upper),
    ]
}

fn overlap(x: &std::ops::Range<usize>, y: &std::ops::Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_lightly_edited_copy_is_found_where_it_is(
        passage in proptest::collection::vec(0usize..600, 15..=80),
        fillers in proptest::collection::vec(proptest::collection::vec(600usize..1200, 20..60), 4),
        edits in proptest::collection::vec(edit_strategy(), 3),
    ) {
        let vocab = vocabulary();
        let words = |ids: &[usize]| -> Vec<String> { ids.iter().map(|&i| vocab[i].clone()).collect() };
        let original = words(&passage);
        let mut copy = original.clone();
        // One edit per 30 words, at least one: light, as a wire copy's rewrite is.
        for edit in edits.iter().take(1 + passage.len() / 30) {
            apply(&mut copy, edit, &vocab);
        }
        let (p, q) = (sentences(&original, 12), sentences(&copy, 12));
        let a = format!("{}\n{p}\n{}\n", sentences(&words(&fillers[0]), 10), sentences(&words(&fillers[1]), 10));
        let b = format!("{} {q} {}\n", sentences(&words(&fillers[2]), 10), sentences(&words(&fillers[3]), 10));
        let p_span = a.find(&p).expect("passage in a")..a.find(&p).expect("passage in a") + p.len();
        let q_span = b.find(&q).expect("copy in b")..b.find(&q).expect("copy in b") + q.len();
        let corpus = Corpus::from_texts([("a.txt", a.as_str()), ("b.txt", b.as_str())]);
        let reuse = detect(&corpus, &DetectConfig::default());
        let covered = reuse.matches.iter().any(|m| {
            overlap(&m.a.byte_span, &p_span) * 10 >= p_span.len() * 9
                && overlap(&m.b.byte_span, &q_span) * 10 >= q_span.len() * 9
        });
        prop_assert!(covered, "passage {p:?}\ncopy {q:?}\nmatches {:?}", reuse.matches);
        // Nothing outside the passage is reported.
        for m in &reuse.matches {
            prop_assert!(overlap(&m.a.byte_span, &p_span) > 0 && overlap(&m.b.byte_span, &q_span) > 0);
        }
    }

    #[test]
    fn a_stock_phrase_in_every_article_is_never_reported(
        phrase in proptest::collection::vec(0usize..600, 1..=8),
        bodies in proptest::collection::vec(proptest::collection::vec(600usize..1200, 40..120), 2..7),
        positions in proptest::collection::vec(any::<usize>(), 7),
    ) {
        let vocab = vocabulary();
        let phrase: Vec<String> = phrase.iter().map(|&i| vocab[i].clone()).collect();
        let texts: Vec<String> = bodies
            .iter()
            .zip(&positions)
            .map(|(body, &at)| {
                let mut words: Vec<String> = body.iter().map(|&i| vocab[i].clone()).collect();
                let at = at % words.len();
                for (k, w) in phrase.iter().enumerate() {
                    words.insert(at + k, w.clone());
                }
                sentences(&words, 11)
            })
            .collect();
        let names: Vec<String> = (0..texts.len()).map(|i| format!("{i}.txt")).collect();
        let corpus = Corpus::from_texts(names.iter().map(String::as_str).zip(texts.iter().map(String::as_str)));
        let reuse = detect(&corpus, &DetectConfig::default());
        prop_assert!(reuse.matches.is_empty(), "{:?}", reuse.matches);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn results_do_not_depend_on_article_order(
        seed in any::<u64>(),
        order in Just((0..12).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let generated = generator::generate(12, seed);
        let described = |texts: Vec<(&str, &str)>| -> Vec<String> {
            let corpus = Corpus::from_texts(texts);
            let reuse = detect(&corpus, &DetectConfig::default());
            let name = |s: &crossread::Side| corpus.articles[s.article.index()].name.clone();
            reuse
                .matches
                .iter()
                .map(|m| format!(
                    "{} {:?} {} {:?} {:.6} {} {}",
                    name(&m.a), m.a.byte_span, name(&m.b), m.b.byte_span, m.similarity, m.cluster.0, m.kind.as_str()
                ))
                .collect()
        };
        let in_order: Vec<(&str, &str)> =
            generated.articles.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let shuffled: Vec<(&str, &str)> = order.iter().map(|&i| in_order[i]).collect();
        let expected = described(in_order.clone());
        prop_assert!(!expected.is_empty() || generated.truth.is_empty());
        prop_assert_eq!(described(shuffled), expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn stock_phrases_anywhere_are_never_reported(
        phrases in proptest::collection::vec(proptest::collection::vec(0usize..600, 3..=8), 1..=4),
        // More articles than `stock_min_articles`: in fewer, a phrase every article carries is
        // still reuse by design.
        bodies in proptest::collection::vec(proptest::collection::vec(600usize..1200, 40..120), 12..24),
        seed in any::<u64>(),
    ) {
        let vocab = vocabulary();
        let mut rng = generator::Rng::new(seed);
        let texts: Vec<String> = bodies
            .iter()
            .map(|body| {
                let mut words: Vec<String> = body.iter().map(|&i| vocab[i].clone()).collect();
                for phrase in &phrases {
                    let at = rng.below(words.len() + 1);
                    for (k, &w) in phrase.iter().enumerate() {
                        words.insert(at + k, vocab[w].clone());
                    }
                }
                sentences(&words, 11)
            })
            .collect();
        let names: Vec<String> = (0..texts.len()).map(|i| format!("{i}.txt")).collect();
        let corpus = Corpus::from_texts(names.iter().map(String::as_str).zip(texts.iter().map(String::as_str)));
        let reuse = detect(&corpus, &DetectConfig::default());
        let reported: Vec<(&str, &str)> = reuse
            .matches
            .iter()
            .map(|m| {
                let text = |s: &crossread::Side| &corpus.articles[s.article.index()].text()[s.byte_span.clone()];
                (text(&m.a), text(&m.b))
            })
            .collect();
        prop_assert!(reuse.matches.is_empty(), "{} articles: {:?}", texts.len(), reported);
    }
}
