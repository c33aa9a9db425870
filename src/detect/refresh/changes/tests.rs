use super::*;
use crate::cache::hash64;
use crate::detect::postings::{PostingsWriter, pack};
use crate::detect::refresh::realign::write_postings;

/// A posting list holding `entries` (sorted here).
fn postings(entries: &[(u64, u32)]) -> Postings {
    let mut entries = entries.to_vec();
    entries.sort_unstable();
    let mut w = PostingsWriter::new(Vec::new());
    for (h, p) in entries {
        w.push(h, p);
    }
    Postings::from_bytes(w.finish().unwrap().0).unwrap()
}

fn old(entries: &[(&str, &str)]) -> Vec<(String, u64)> {
    entries
        .iter()
        .map(|(name, text)| ((*name).to_owned(), hash64(text.as_bytes())))
        .collect()
}

fn hashes(corpus: &Corpus) -> Vec<u64> {
    corpus
        .articles
        .iter()
        .map(|a| hash64(a.text().as_bytes()))
        .collect()
}

/// Before: a, b, c. Now: c (same), b (edited), d (new); a is gone.
fn before_and_now() -> (Vec<(String, u64)>, Corpus) {
    let before = old(&[("a.txt", "Alpha."), ("b.txt", "Beta."), ("c.txt", "Gamma.")]);
    let now = Corpus::from_texts([
        ("c.txt", "Gamma."),
        ("b.txt", "Beta, edited."),
        ("d.txt", "Delta."),
    ]);
    (before, now)
}

#[test]
fn an_article_stays_only_with_its_name_and_its_text() {
    let (before, now) = before_and_now();
    let diff = ArticleDiff::between(&before, &now, &hashes(&now));
    assert_eq!(diff.new_of_old, [None, None, Some(ArticleId(0))]);
    assert_eq!(diff.added, [ArticleId(1), ArticleId(2)]);
    assert_eq!(diff.removed, 2);
    assert_eq!(diff.changes(), 4);
    // Nothing changed: nothing added or removed.
    let same = ArticleDiff::between(&old(&[("c.txt", "Gamma.")]), &now, &hashes(&now));
    assert_eq!(same.added, [ArticleId(1), ArticleId(2)]);
    assert_eq!(same.removed, 0);
}

#[test]
fn old_ranks_map_to_the_ids_of_articles_that_stayed() {
    let (before, now) = before_and_now();
    assert_eq!(ranks_of_names(&before), [0, 1, 2]);
    assert_eq!(ranks_of_names(&old(&[("z", ""), ("a", "")])), [1, 0]);
    let diff = ArticleDiff::between(&before, &now, &hashes(&now));
    let renumbering = Renumbering::new(&before, &diff, &now);
    // Now by name: b.txt 0, c.txt 1, d.txt 2.
    assert_eq!(renumbering.new_rank, [1, 0, 2]);
    assert_eq!(renumbering.survivor(2), Some(ArticleId(0)), "c.txt stayed");
    assert_eq!(renumbering.survivor(0), None, "a.txt is gone");
    assert_eq!(renumbering.survivor(1), None, "b.txt changed");
    assert_eq!(renumbering.survivor(9), None);
}

#[test]
fn article_counts_move_by_the_added_and_the_gone() {
    let (before, now) = before_and_now();
    let diff = ArticleDiff::between(&before, &now, &hashes(&now));
    let renumbering = Renumbering::new(&before, &diff, &now);
    // n-gram 7 in a, b and c; 8 in c only.
    let list = postings(&[
        (7, pack(0, 1)),
        (7, pack(1, 1)),
        (7, pack(2, 1)),
        (8, pack(2, 1)),
    ]);
    let added_counts = vec![vec![(7, 1), (9, 2)], vec![(9, 1)]];
    let change = DfChange::new(&added_counts, &list, &renumbering, true);
    assert_eq!(old_df(&list, 7), 3);
    assert_eq!(
        change.df(7, old_df(&list, 7)),
        2,
        "3, plus b's new text, less a and b"
    );
    assert_eq!(change.df(8, old_df(&list, 8)), 1);
    assert_eq!(change.df(9, old_df(&list, 9)), 2);
    let mut touched: Vec<u64> = change.touched().collect();
    touched.sort_unstable();
    touched.dedup();
    assert_eq!(touched, [7, 9]);
    // Nothing removed: the list is not read for gone articles.
    let none_gone = DfChange::new(&added_counts, &list, &renumbering, false);
    assert!(none_gone.removed.is_empty());
    // Past 1 article: 7 (2 now) and 9 (2, new).
    let frequent = frequent_ngrams(&list, &change, 1);
    assert_eq!(frequent.get(&7), Some(&2));
    assert_eq!(frequent.get(&9), Some(&2));
    assert_eq!(frequent.get(&8), None);
}

#[test]
fn a_count_that_crosses_the_stock_threshold_refocuses_its_holders() {
    // Ten old articles, all unchanged; one added that holds n-gram 5 (in 3 of them) and
    // n-gram 6 (in 8 of them).
    let names: Vec<String> = (0..11).map(|i| format!("{i:02}.txt")).collect();
    let texts: Vec<String> = (0..11).map(|i| format!("Text {i}.")).collect();
    let now = Corpus::from_texts(
        names
            .iter()
            .zip(&texts)
            .map(|(n, t)| (n.as_str(), t.as_str())),
    );
    let before: Vec<(String, u64)> = names[..10]
        .iter()
        .zip(&texts)
        .map(|(n, t)| (n.clone(), hash64(t.as_bytes())))
        .collect();
    let diff = ArticleDiff::between(&before, &now, &hashes(&now));
    assert_eq!(diff.added, [ArticleId(10)]);
    let renumbering = Renumbering::new(&before, &diff, &now);
    let mut entries: Vec<(u64, u32)> = (0..3).map(|r| (5, pack(r, 1))).collect();
    entries.extend((0..8).map(|r| (6, pack(r, 1))));
    let list = postings(&entries);
    let change = DfChange::new(&[vec![(5, 1), (6, 1)]], &list, &renumbering, false);
    // Stock past 3 articles: 5 goes from 3 to 4 and crosses it.
    let marks = marks(&diff.added, &change, &list, &renumbering, 3, 100);
    assert_eq!(
        (0..11).filter(|&i| marks.focus[i]).collect::<Vec<_>>(),
        [0, 1, 2, 10],
        "5's holders, and the new article"
    );
    // 6 was stock before and is still: its weight step moved (8 → 9 articles) and its
    // holders are rejoined.
    assert_eq!(
        (0..11).filter(|&i| marks.rejoined[i]).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4, 5, 6, 7]
    );
    // No threshold crossed: 6 going from 8 to 9 changes its weight step and rejoins its
    // holders; 5 stays on its step.
    let marks = super::marks(&diff.added, &change, &list, &renumbering, 100, 100);
    assert_eq!(
        (0..11).filter(|&i| marks.focus[i]).collect::<Vec<_>>(),
        [10]
    );
    assert_eq!(
        (0..11).filter(|&i| marks.rejoined[i]).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4, 5, 6, 7]
    );
}

#[test]
fn the_new_posting_list_merges_the_kept_entries_and_the_new_texts_in_order() {
    let (before, now) = before_and_now();
    let diff = ArticleDiff::between(&before, &now, &hashes(&now));
    let renumbering = Renumbering::new(&before, &diff, &now);
    let list = postings(&[(3, pack(0, 1)), (7, pack(2, 2)), (9, pack(1, 1))]);
    let added_counts = vec![vec![(7, 1), (1, 3)], vec![(9, 1)]];
    let mut written = Vec::new();
    let mut sink = |h: u64, p: u32| written.push((h, p));
    write_postings(&mut sink, &list, &renumbering, &diff.added, &added_counts);
    // c.txt (old rank 2, now id 0 and rank 1) keeps its entry; b.txt (now rank 0) and d.txt
    // (rank 2) bring theirs; a.txt's and b.txt's old entries are gone.
    assert_eq!(
        written,
        [
            (1, pack(0, 3)),
            (7, pack(0, 1)),
            (7, pack(1, 2)),
            (9, pack(2, 1)),
        ]
    );
}
