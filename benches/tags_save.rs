//! How long the tags store takes at 1,000, 10,000, 20,000 and 50,000 tags: opening the file, the
//! first save (every tag written and journalled), and the save that follows one edit (what the
//! reader does after each change). Each figure is the best of a few runs on a shared machine.
//!
//! `cargo bench --bench tags_save` (or `-- 1000 5000` for other sizes). Not criterion: one
//! 50,000-tag save is a long iteration, and the figure wanted is a plain time per save.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use crossread::tags::anchor::TagAnchor;
use crossread::{Tag, TagId, TagStore};

const RUNS: usize = 5;

fn tag(n: usize) -> Tag {
    let article = format!("outlet-{:03}/story-{:04}.txt", n % 97, n / 97);
    let start = (n * 131) % 40_000;
    Tag {
        id: TagId(format!("t{n:07}")),
        article,
        anchor: TagAnchor {
            quote: format!("Russia's foreign minister said on day {n} that talks were useful"),
            prefix: "in Moscow on Thursday. According to ".to_owned(),
            suffix: ". Kyiv called the claim a delay ".to_owned(),
            stored_span: start..start + 62,
        },
        labels: vec!["wire copy".to_owned(), format!("batch {}", n % 7)],
        note: (n % 3 == 0).then(|| format!("Same wording as the Reuters copy, check {n}")),
        created: crossread::tags::Timestamp::from_unix_seconds(1_755_000_000 + n as i64),
        updated: crossread::tags::Timestamp::from_unix_seconds(1_755_000_000 + n as i64),
    }
}

fn best(times: &[Duration]) -> f64 {
    times.iter().min().map_or(0.0, Duration::as_secs_f64)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 20_000, 50_000]
    } else {
        sizes
    };
    println!("tags     open_s  first_save_s  save_after_edit_s  file_MB");
    for n in sizes {
        let (mut open, mut first, mut edit) = (Vec::new(), Vec::new(), Vec::new());
        let mut size = 0;
        for run in 0..RUNS {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("tags.toml");
            let mut store = TagStore::open(&path);
            // In file order, so building the store appends (not what is timed).
            let mut tags: Vec<Tag> = (0..n).map(tag).collect();
            tags.sort_by(|a, b| {
                (&a.article, a.anchor.stored_span.start)
                    .cmp(&(&b.article, b.anchor.stored_span.start))
            });
            for tag in tags {
                store.insert(tag);
            }
            let t = Instant::now();
            assert!(store.save().unwrap().written);
            first.push(t.elapsed());
            size = std::fs::metadata(&path).unwrap().len();

            let t = Instant::now();
            let mut store = TagStore::open(&path);
            open.push(t.elapsed());
            assert_eq!(store.tags().len(), n);
            let id = store.tags()[n / 2].id.clone();
            store.set_note(&id, Some(&format!("edited in run {run}")));
            let t = Instant::now();
            assert!(store.save().unwrap().written);
            edit.push(t.elapsed());
        }
        println!(
            "{n:<8} {:>6.3}  {:>12.3}  {:>17.3}  {:>7.1}",
            best(&open),
            best(&first),
            best(&edit),
            size as f64 / 1e6
        );
    }
}
