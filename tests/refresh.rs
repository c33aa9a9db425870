//! Updating matches after articles are added, changed or removed gives exactly what detection
//! on the new corpus gives: on generated corpora edited at random, and on the edges where an
//! n-gram's weight changes step or a phrase crosses the stock threshold.

#![allow(clippy::unwrap_used)]

#[path = "../examples/gencorpus/generator.rs"]
mod generator;

use crossread::cache::hash64;
use crossread::detect::postings::{Postings, PostingsWriter};
use crossread::detect::refresh::{Outcome, Previous, refresh};
use crossread::detect::reuse::{Reuse, detect_with_postings};
use crossread::{Corpus, DetectConfig, detect};

type Texts = Vec<(String, String)>;

fn corpus_of(texts: &Texts) -> Corpus {
    Corpus::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
}

/// Detection on `texts`, with its posting list.
fn detect_saving(texts: &Texts, config: &DetectConfig) -> (Corpus, Reuse, Postings) {
    let corpus = corpus_of(texts);
    let mut writer = PostingsWriter::new(Vec::new());
    let reuse = detect_with_postings(
        &corpus,
        config,
        &|_| {},
        Some(&mut |h, r| writer.push(h, r)),
    );
    let (bytes, _) = writer.finish().unwrap();
    (corpus, reuse, Postings::from_bytes(bytes).unwrap())
}

fn hashes(corpus: &Corpus) -> Vec<u64> {
    corpus
        .articles
        .iter()
        .map(|a| hash64(a.text().as_bytes()))
        .collect()
}

/// Updates the result on `before` for `after`; checks it against detection on `after`, and
/// the updated posting list against the one detection writes. Returns the outcome.
fn update(before: &Texts, after: &Texts, config: &DetectConfig) -> Outcome {
    let (old_corpus, old_reuse, old_postings) = detect_saving(before, config);
    let names: Vec<(String, u64)> = old_corpus
        .articles
        .iter()
        .zip(hashes(&old_corpus))
        .map(|(a, h)| (a.name.clone(), h))
        .collect();
    let corpus = corpus_of(after);
    let previous = Previous {
        articles: &names,
        reuse: &old_reuse,
        postings: &old_postings,
    };
    let mut writer = PostingsWriter::new(Vec::new());
    let outcome = refresh(
        &corpus,
        &hashes(&corpus),
        config,
        previous,
        Some(&mut |h, r| writer.push(h, r)),
        &|_| {},
    );
    if let Outcome::Updated(updated) = &outcome {
        let expected = detect(&corpus, config);
        assert_eq!(updated.reuse.matches.len(), expected.matches.len());
        assert_eq!(updated.reuse, expected, "the update differs from detection");
        let (_, _, fresh_postings) = detect_saving(after, config);
        let (bytes, _) = writer.finish().unwrap();
        let written = Postings::from_bytes(bytes).unwrap();
        assert_eq!(
            written.iter().collect::<Vec<_>>(),
            fresh_postings.iter().collect::<Vec<_>>()
        );
    }
    outcome
}

fn updated(outcome: Outcome) -> crossread::detect::refresh::Refreshed {
    match outcome {
        Outcome::Updated(r) => r,
        Outcome::Rerun(why) => panic!("expected an update, got a rerun: {why}"),
    }
}

/// Sentences of the article at `i`.
fn sentences(texts: &Texts, i: usize) -> Vec<String> {
    texts[i]
        .1
        .split_inclusive(". ")
        .map(str::to_owned)
        .collect()
}

#[test]
fn random_edits_of_a_generated_corpus_update_exactly() {
    let config = DetectConfig::default();
    for seed in [3, 11] {
        let generated = generator::generate(120, seed);
        let mut texts: Texts = generated.articles.clone();
        let mut rng = generator::Rng::new(seed);
        for round in 0..3 {
            let before = texts.clone();
            let mut added = 0;
            for edit in 0..3 {
                let i = rng.below(texts.len());
                match rng.below(4) {
                    // A rewrite of an existing article: its sentences with one cut and a new one.
                    0 => {
                        let mut s = sentences(&texts, i);
                        if s.len() > 2 {
                            s.remove(rng.below(s.len()));
                        }
                        s.push(format!("Reporting by the desk in round {round}. "));
                        texts.push((format!("new_{round}_{edit}.txt"), s.concat()));
                        added += 1;
                    }
                    // Paragraphs of two articles stitched together.
                    1 => {
                        let j = rng.below(texts.len());
                        let text = format!(
                            "{}\n\n{}",
                            sentences(&texts, i).concat(),
                            sentences(&texts, j).into_iter().rev().collect::<String>()
                        );
                        texts.push((format!("aa_stitched_{round}_{edit}.txt"), text));
                        added += 1;
                    }
                    // An article removed.
                    2 => {
                        texts.remove(i);
                    }
                    // An article changed: a sentence cut.
                    _ => {
                        let mut s = sentences(&texts, i);
                        if s.len() > 1 {
                            s.remove(0);
                            texts[i].1 = s.concat();
                        }
                    }
                }
            }
            let refreshed = updated(update(&before, &texts, &config));
            assert!(refreshed.added >= added, "round {round}");
        }
    }
}

/// `n` articles carrying the same passage between texts of their own.
fn carriers(n: usize) -> Texts {
    let passage = "The harbour authority said on Monday that the dredging contract had been \
        suspended despite strong objections from the shipping companies, and that the port \
        would stay closed to large vessels until the spring.";
    (0..n)
        .map(|i| {
            let own = generator::generate(1, 100 + i as u64).articles[0].1.clone();
            let (head, tail) = own.split_at(own.len() / 2);
            let cut = head.rfind(". ").map_or(0, |k| k + 2);
            let text = format!("{}{passage} {}{tail}", &head[..cut], &head[cut..]);
            (format!("carrier_{i:02}.txt"), text)
        })
        .collect()
}

#[test]
fn an_ngram_changing_weight_step_realigns_the_articles_it_joins() {
    let config = DetectConfig::default();
    // Eight carriers: every n-gram of the passage has full weight; a ninth halves it.
    let before = carriers(8);
    let after = carriers(9);
    let refreshed = updated(update(&before, &after, &config));
    assert_eq!((refreshed.added, refreshed.removed), (1, 0));
    assert_eq!(refreshed.reread, 9, "all carriers are aligned again");
    assert!(!refreshed.reuse.matches.is_empty());
    // And back.
    let refreshed = updated(update(&after, &before, &config));
    assert_eq!((refreshed.added, refreshed.removed), (0, 1));
}

#[test]
fn a_phrase_crossing_the_stock_threshold_realigns_every_carrier() {
    let config = DetectConfig::default();
    // The threshold is 10 articles in a small corpus: the eleventh carrier makes the passage
    // stock, which changes the stock marks of all eleven.
    let refreshed = updated(update(&carriers(10), &carriers(11), &config));
    assert_eq!(refreshed.reread, 11);
    let at_ten = detect(&corpus_of(&carriers(10)), &config);
    assert!(
        refreshed.reuse.matches.len() < at_ten.matches.len(),
        "the passage no longer pairs its carriers"
    );
    updated(update(&carriers(11), &carriers(10), &config));
}

#[test]
fn a_new_copy_reads_again_only_the_articles_it_may_share_with() {
    let config = DetectConfig::default();
    let mut before = carriers(6);
    before.push((
        "story.txt".to_owned(),
        generator::generate(1, 7).articles[0].1.clone(),
    ));
    let mut after = before.clone();
    let copy: String = sentences(&before, 6).into_iter().take(4).collect();
    after.push(("zz_copy.txt".to_owned(), copy));
    let refreshed = updated(update(&before, &after, &config));
    assert_eq!((refreshed.added, refreshed.removed), (1, 0));
    // The copy, its source, and the few carriers whose shared everyday phrases could in
    // principle add up to a candidate; never the whole corpus.
    assert!(
        refreshed.reread >= 2 && refreshed.reread < after.len(),
        "{refreshed:?}"
    );
    assert!(
        refreshed
            .reuse
            .matches
            .iter()
            .any(|m| m.b.article.index() == 7 && m.a.article.index() == 6)
    );
}

#[test]
fn a_moving_stock_threshold_asks_for_a_full_run() {
    let config = DetectConfig {
        stock_share: 0.5,
        stock_min_articles: 2,
        ..DetectConfig::default()
    };
    match update(&carriers(6), &carriers(7), &config) {
        Outcome::Rerun(why) => assert!(why.contains("threshold"), "{why}"),
        Outcome::Updated(_) => panic!("threshold 3 -> 4 cannot be updated exactly"),
    }
}

#[test]
fn nothing_changed_is_an_update_that_reads_nothing() {
    let config = DetectConfig::default();
    let texts = carriers(4);
    let refreshed = updated(update(&texts, &texts, &config));
    assert_eq!(
        (refreshed.added, refreshed.removed, refreshed.reread),
        (0, 0, 0)
    );
}
