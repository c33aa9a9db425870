//! The scan cache: a warm start gives exactly what a cold one gives; changed, added and removed
//! articles are analysed again; a truncated, corrupt, foreign or other-version cache is
//! rebuilt with one note and never trusted.

#[path = "../examples/gencorpus/generator.rs"]
mod generator;

use std::path::Path;

use crossread::cache::{self, CacheLocation, CacheReport};
use crossread::{Config, Corpus, DetectConfig, Reuse, detect};

fn write_corpus(dir: &Path, n: usize) {
    let generated = generator::generate(n, 3);
    for (name, text) in &generated.articles {
        std::fs::write(dir.join(name), text).expect("write an article");
    }
}

/// A load and a detection through the cache; the reports of both.
fn scan(dir: &Path) -> (Corpus, Reuse, CacheReport, CacheReport) {
    let location = CacheLocation::for_corpus(dir);
    let (corpus, _, loaded) =
        cache::load_corpus(dir, &Config::default(), &location, &|_| {}).expect("load");
    let (reuse, detected) =
        cache::detect_cached(&corpus, &DetectConfig::default(), &location, &|_| {})
            .expect("detect");
    (corpus, reuse, loaded, detected)
}

/// A scan as `crossread scan` makes it: a load that leaves saving to the detection after it.
fn scan_once(dir: &Path) -> (Corpus, Reuse, CacheReport, CacheReport) {
    let location = CacheLocation::for_corpus(dir);
    let (corpus, _, loaded) =
        cache::load_corpus_for_detection(dir, &Config::default(), &location, &|_| {})
            .expect("load");
    let (reuse, detected) = cache::detect_cached_after(
        &corpus,
        &loaded,
        &DetectConfig::default(),
        &location,
        &|_| {},
    )
    .expect("detect");
    (corpus, reuse, loaded, detected)
}

/// What a scan without any cache finds.
fn fresh(dir: &Path) -> (Corpus, Reuse) {
    let (corpus, _) = Corpus::load(dir, &Config::default()).expect("load");
    let reuse = detect(&corpus, &DetectConfig::default());
    (corpus, reuse)
}

fn assert_same_corpus(a: &Corpus, b: &Corpus) {
    assert_eq!(a.articles.len(), b.articles.len());
    for (x, y) in a.articles.iter().zip(&b.articles) {
        assert_eq!(x.name, y.name);
        assert_eq!(x.text(), y.text());
        assert_eq!(x.segmentation, y.segmentation, "{}", x.name);
        assert_eq!(x.words, y.words);
        assert_eq!(x.title, y.title);
    }
}

fn cache_file(dir: &Path) -> std::path::PathBuf {
    dir.join(".crossread/scan.cache")
}

#[test]
fn warm_scan_reuses_everything_and_equals_a_cold_one() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 60);
    let (cold_corpus, cold, loaded, detected) = scan(dir.path());
    assert_eq!(loaded.reused_articles, 0);
    assert_eq!(loaded.analysed_articles, 60);
    assert!(!detected.reused_matches);
    assert!(loaded.notes.is_empty() && detected.notes.is_empty());
    assert!(cache_file(dir.path()).is_file());
    assert!(
        !cold.matches.is_empty(),
        "the generated corpus has planted copies"
    );

    let (warm_corpus, warm, loaded, detected) = scan(dir.path());
    assert_eq!(loaded.reused_articles, 60);
    assert_eq!(loaded.analysed_articles, 0);
    assert!(detected.reused_matches);
    assert_eq!(warm, cold);
    assert_same_corpus(&warm_corpus, &cold_corpus);
    let (fresh_corpus, fresh_reuse) = fresh(dir.path());
    assert_eq!(warm, fresh_reuse);
    assert_same_corpus(&warm_corpus, &fresh_corpus);
}

#[test]
fn changed_added_and_removed_articles_are_analysed_again() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 40);
    scan(dir.path());
    let mut names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    // Changed (same size: only the hash can tell), removed, and added (a copy of another).
    let text = std::fs::read_to_string(&names[0]).unwrap();
    let same_size = text.replacen('a', "e", 1);
    assert_eq!(same_size.len(), text.len());
    std::fs::write(&names[0], &same_size).unwrap();
    std::fs::remove_file(&names[1]).unwrap();
    std::fs::copy(&names[2], dir.path().join("zz_added.txt")).unwrap();

    let (corpus, reuse, loaded, detected) = scan(dir.path());
    assert_eq!(corpus.articles.len(), 40);
    assert_eq!(loaded.analysed_articles, 2, "{loaded:?}");
    assert_eq!(loaded.reused_articles, 38);
    assert!(!detected.reused_matches);
    // Brought up to date from the posting list, not detected again.
    let update = detected.updated.expect("an update");
    assert_eq!((update.added, update.removed), (2, 2), "{detected:?}");
    assert!(update.reread < 40, "{update:?}");
    assert!(detected.notes.is_empty(), "{:?}", detected.notes);
    let (fresh_corpus, fresh_reuse) = fresh(dir.path());
    assert_eq!(reuse, fresh_reuse);
    assert_same_corpus(&corpus, &fresh_corpus);
    // The added copy shares its text with its original.
    let added = corpus.find("zz_added.txt").unwrap().id;
    assert!(reuse.matches_of(added).count() > 0);
}

#[test]
fn a_scan_that_saves_once_leaves_a_cache_the_next_load_trusts_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 30);
    let (_, cold, loaded, detected) = scan_once(dir.path());
    assert_eq!(loaded.analysed_articles, 30);
    assert!(!detected.reused_matches);
    let cache_file = dir.path().join(".crossread/scan.cache");
    let saved = std::fs::read(&cache_file).unwrap();
    // Files written in the same second as the cache are hashed again, never trusted on their
    // time alone: let the racy window pass so that the next load can trust the times.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    std::fs::copy(
        dir.path()
            .join(generator::generate(30, 3).articles[0].0.as_str()),
        dir.path().join("zz_added.txt"),
    )
    .unwrap();
    let (_, added, loaded, detected) = scan_once(dir.path());
    assert_eq!((loaded.reused_articles, loaded.analysed_articles), (30, 1));
    assert!(detected.updated.is_some(), "{detected:?}");
    assert_ne!(added, cold);
    let after_add = std::fs::read(&cache_file).unwrap();
    assert_ne!(after_add, saved, "the scan saved the new article");
    // Nothing changed since: the matches and every analysis are reused, and the cache is
    // left as it is.
    let (_, warm, loaded, detected) = scan_once(dir.path());
    assert_eq!(loaded.analysed_articles, 0);
    assert!(detected.reused_matches);
    assert_eq!(warm, added);
    assert_eq!(std::fs::read(&cache_file).unwrap(), after_add);
}

/// Regression: when passages are carried by many articles, the matches (one per pair)
/// outnumber everything after them in the file, and a decoder that overestimated a match's
/// size took the cache for a truncated one and rebuilt it on every scan.
#[test]
fn a_cache_mostly_made_of_matches_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    // Four stories, each told by ten articles sharing two wire paragraphs (ten is as many as
    // may share a passage before it counts as stock phrasing); every paragraph is made of its
    // own made-up words, so that no two stories share a word sequence.
    let mut rng = fastrand::Rng::with_seed(7);
    let mut paragraph = || {
        let words: Vec<String> = (0..30)
            .map(|_| {
                (0..3)
                    .map(|_| {
                        let c = b"bdfgklmnprstvz"[rng.usize(..14)] as char;
                        let v = b"aeiou"[rng.usize(..5)] as char;
                        format!("{c}{v}")
                    })
                    .collect()
            })
            .collect();
        format!("{}.", words.join(" "))
    };
    for story in 0..4 {
        let (first, second) = (paragraph(), paragraph());
        for i in 0..10 {
            let text = format!(
                "Report {story}-{i}\n\n{first}\n\n{}\n\n{second}\n",
                paragraph()
            );
            std::fs::write(dir.path().join(format!("s{story}_{i}.txt")), text).unwrap();
        }
    }
    let (_, cold, _, detected) = scan(dir.path());
    assert_eq!(
        cold.matches.len(),
        4 * 2 * 45,
        "each pair in a story shares two passages"
    );
    assert!(!detected.reused_matches);
    let (_, warm, loaded, detected) = scan(dir.path());
    assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
    assert!(detected.notes.is_empty(), "{:?}", detected.notes);
    assert!(detected.reused_matches);
    assert_eq!(warm, cold);
}

/// A cached corpus with one article added after `damage` was done to its posting list: the
/// matches of the scan and the note it gives.
fn scan_with_damaged_postings(damage: impl Fn(&Path)) -> (Reuse, Reuse, Vec<String>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_corpus(dir.path(), 30);
    scan(dir.path());
    damage(&dir.path().join(".crossread/scan.postings"));
    let first = dir
        .path()
        .join(generator::generate(30, 3).articles[0].0.as_str());
    std::fs::copy(first, dir.path().join("zz_added.txt")).expect("copy an article");
    let (_, reuse, _, detected) = scan(dir.path());
    assert!(detected.updated.is_none(), "{detected:?}");
    let (_, fresh_reuse) = fresh(dir.path());
    // The next change is an update again: the rebuilt posting list is sound.
    std::fs::remove_file(dir.path().join("zz_added.txt")).expect("remove the copy");
    let (_, _, _, next) = scan(dir.path());
    assert!(next.updated.is_some(), "{next:?}");
    (reuse, fresh_reuse, detected.notes)
}

/// Something done to a file.
type Damage = Box<dyn Fn(&Path)>;

#[test]
fn a_damaged_or_missing_posting_list_means_a_full_run_with_a_note() {
    let cases: [(&str, Damage); 4] = [
        ("missing", Box::new(|p| std::fs::remove_file(p).unwrap())),
        (
            "truncated",
            Box::new(|p| {
                let bytes = std::fs::read(p).unwrap();
                std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap();
            }),
        ),
        (
            "checksum",
            Box::new(|p| {
                let mut bytes = std::fs::read(p).unwrap();
                let at = bytes.len() - 40;
                bytes[at] ^= 1;
                std::fs::write(p, bytes).unwrap();
            }),
        ),
        (
            "another cache",
            Box::new(|p| {
                // A sound posting list, but not the one the cache was saved with.
                let other = tempfile::tempdir().unwrap();
                write_corpus(other.path(), 5);
                scan(other.path());
                std::fs::copy(other.path().join(".crossread/scan.postings"), p).unwrap();
            }),
        ),
    ];
    for (expected, damage) in cases {
        let (reuse, fresh_reuse, notes) = scan_with_damaged_postings(damage);
        assert_eq!(reuse, fresh_reuse, "{expected}");
        assert_eq!(notes.len(), 1, "{expected}: {notes:?}");
        assert!(
            notes[0].starts_with("matches are detected again on the whole corpus"),
            "{expected}: {notes:?}"
        );
        let reason = match expected {
            "missing" => "cannot read",
            "another cache" => "belongs to another cache",
            other => other,
        };
        assert!(notes[0].contains(reason), "{expected}: {notes:?}");
    }
}

#[test]
fn settings_change_reruns_detection_but_keeps_the_analysis() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 30);
    scan(dir.path());
    let location = CacheLocation::for_corpus(dir.path());
    let (corpus, _, loaded) =
        cache::load_corpus(dir.path(), &Config::default(), &location, &|_| {}).unwrap();
    assert_eq!(loaded.reused_articles, 30);
    let strict = DetectConfig {
        min_words: 30,
        ..DetectConfig::default()
    };
    let (reuse, report) = cache::detect_cached(&corpus, &strict, &location, &|_| {}).unwrap();
    assert!(!report.reused_matches);
    assert_eq!(reuse, detect(&corpus, &strict));
}

/// Damages the cache with `damage`, scans again, and checks the one note and the results.
fn rebuilt_after(damage: impl Fn(&mut Vec<u8>), expected_note: &str) {
    let dir = tempfile::tempdir().expect("temporary folder");
    write_corpus(dir.path(), 25);
    let (_, cold, _, _) = scan(dir.path());
    let mut bytes = std::fs::read(cache_file(dir.path())).expect("read the cache");
    damage(&mut bytes);
    std::fs::write(cache_file(dir.path()), &bytes).expect("write the cache");

    let (_, reuse, loaded, detected) = scan(dir.path());
    assert_eq!(loaded.notes.len(), 1, "{:?}", loaded.notes);
    assert!(
        loaded.notes[0].contains(expected_note) && loaded.notes[0].ends_with("rebuilding it"),
        "{}",
        loaded.notes[0]
    );
    assert_eq!(loaded.reused_articles, 0);
    assert!(!detected.reused_matches);
    assert_eq!(reuse, cold);
    // Rebuilt: the next scan trusts it again, without a note.
    let (_, again, loaded, detected) = scan(dir.path());
    assert!(loaded.notes.is_empty() && detected.reused_matches);
    assert_eq!(again, cold);
}

#[test]
fn truncated_cache_is_rebuilt() {
    rebuilt_after(|b| b.truncate(b.len() / 2), "it is truncated");
}

#[test]
fn corrupt_cache_is_rebuilt() {
    rebuilt_after(
        |b| {
            let at = b.len() * 2 / 3;
            b[at] ^= 0x55;
        },
        "it is corrupt (checksum mismatch)",
    );
}

#[test]
fn cache_of_another_version_is_rebuilt() {
    // The format version follows the 8-byte magic.
    rebuilt_after(
        |b| b[8] = b[8].wrapping_add(7),
        "written by another version",
    );
}

#[test]
fn foreign_file_is_rebuilt() {
    rebuilt_after(
        |b| *b = b"not a cache at all".to_vec(),
        "not a crossread cache",
    );
}

#[test]
fn empty_cache_file_is_rebuilt() {
    rebuilt_after(Vec::clear, "not a crossread cache");
}

#[test]
fn unwritable_cache_is_a_note_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    write_corpus(dir.path(), 10);
    // A cache "folder" that is a file cannot hold the cache.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    let location = CacheLocation::at(&blocker.join("scan.cache"));
    let (corpus, _, report) =
        cache::load_corpus(dir.path(), &Config::default(), &location, &|_| {}).unwrap();
    assert_eq!(report.notes.len(), 1, "{:?}", report.notes);
    assert!(report.notes[0].starts_with("cache not saved: cannot write"));
    let (reuse, report) =
        cache::detect_cached(&corpus, &DetectConfig::default(), &location, &|_| {}).unwrap();
    assert!(report.notes[0].starts_with("cache not saved"));
    assert_eq!(reuse, detect(&corpus, &DetectConfig::default()));
}
