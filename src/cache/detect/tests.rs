use super::*;
use crate::detect::reuse::detect;

const SHARED: &str = "The minister said the agreement would be signed in Geneva next week after \
                      months of talks between the two delegations and their lawyers.";

fn corpus() -> Corpus {
    let a = format!("Alpha.\n\n{SHARED} Alpha adds its own line here.");
    let b = format!("Beta.\n\nBeta opens with something else entirely. {SHARED}");
    Corpus::from_texts([("a.txt", a.as_str()), ("b.txt", b.as_str())])
}

fn no_progress(_: Progress) {}

#[test]
fn the_loads_hashes_are_taken_only_when_they_describe_every_article() {
    let corpus = corpus();
    let loaded = CacheReport {
        text_hashes: vec![7, 8],
        file_stamps: vec![(10, 100), (20, 200)],
        ..CacheReport::default()
    };
    assert!(describes(&loaded, &corpus));
    assert_eq!(text_hashes(&corpus, Some(&loaded)), [7, 8]);
    let short = CacheReport {
        text_hashes: vec![7],
        ..loaded.clone()
    };
    assert!(!describes(&short, &corpus));
    let computed = text_hashes(&corpus, None);
    assert_eq!(computed[0], hash64(corpus.articles[0].text().as_bytes()));
    assert_eq!(
        corpus_key(&corpus, &computed),
        [
            ("a.txt".to_owned(), computed[0]),
            ("b.txt".to_owned(), computed[1])
        ]
    );
}

#[test]
fn the_settings_hash_moves_with_any_setting() {
    let config = DetectConfig::default();
    let other = DetectConfig {
        min_words: config.min_words + 1,
        ..config.clone()
    };
    assert_eq!(settings_hash(&config), settings_hash(&config.clone()));
    assert_ne!(settings_hash(&config), settings_hash(&other));
}

#[test]
fn saved_matches_are_taken_for_the_same_articles_only_and_when_they_fit() {
    let corpus = corpus();
    let config = DetectConfig::default();
    let reuse = detect(&corpus, &config);
    assert!(!reuse.matches.is_empty(), "the fixture shares a passage");
    let key = corpus_key(&corpus, &text_hashes(&corpus, None));
    let cached = CachedReuse {
        config_hash: settings_hash(&config),
        corpus: key.clone(),
        reuse: reuse.clone(),
        postings: None,
    };
    let mut report = CacheReport::default();
    assert_eq!(
        saved_matches(Some(&cached), &key, &corpus, &mut report),
        Some(reuse.clone())
    );
    assert!(report.reused_matches);
    assert_eq!(report.reused_articles, 2);

    // Another article set: not taken, and nothing to say.
    let mut report = CacheReport::default();
    let other_key = vec![key[0].clone()];
    assert_eq!(
        saved_matches(Some(&cached), &other_key, &corpus, &mut report),
        None
    );
    assert!(report.notes.is_empty() && !report.reused_matches);

    // Matches past the end of a text: not taken, and said.
    let mut broken = cached.clone();
    broken.reuse.matches[0].a.byte_span.end = 1_000_000;
    let mut report = CacheReport::default();
    assert_eq!(
        saved_matches(Some(&broken), &key, &corpus, &mut report),
        None
    );
    assert_eq!(report.notes.len(), 1);
    assert!(report.notes[0].contains("do not fit"), "{:?}", report.notes);
}

#[test]
fn an_update_is_refused_with_a_reason_when_no_posting_list_fits() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus();
    let config = DetectConfig::default();
    let cached = CachedReuse {
        config_hash: settings_hash(&config),
        corpus: Vec::new(),
        reuse: detect(&corpus, &config),
        postings: None,
    };
    let cache = dir.path().join("scan.cache");
    let hashes = text_hashes(&corpus, None);
    let mut sink = |_: u64, _: u32| {};
    let why = update_saved(
        &corpus,
        &hashes,
        &config,
        &cached,
        &cache,
        &mut sink,
        &no_progress,
    )
    .unwrap_err();
    assert!(why.contains("no posting list was saved"), "{why}");
    let with_sum = CachedReuse {
        postings: Some(1),
        ..cached
    };
    let why = update_saved(
        &corpus,
        &hashes,
        &config,
        &with_sum,
        &cache,
        &mut sink,
        &no_progress,
    )
    .unwrap_err();
    assert!(why.contains("scan.postings"), "{why}");
    assert!(rerun_note(&why).starts_with("matches are detected again"));
}

#[test]
fn an_update_is_counted_in_the_report() {
    let refreshed = Refreshed {
        reuse: Reuse::default(),
        added: 2,
        removed: 1,
        reread: 3,
    };
    let mut report = CacheReport::default();
    took_update(refreshed, 10, &mut report);
    assert_eq!(
        report.updated,
        Some(Update {
            added: 2,
            removed: 1,
            reread: 3
        })
    );
    assert_eq!((report.reused_articles, report.analysed_articles), (7, 3));
}

#[test]
fn the_posting_list_is_moved_beside_the_cache_or_its_failure_noted() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("scan.cache");
    let mut writer = posting_writer(Some(&cache)).expect("a writable folder");
    writer.push(1, 2);
    let mut report = CacheReport::default();
    let sum = save_postings(Some(writer), Some(&cache), &mut report);
    assert!(sum.is_some() && report.notes.is_empty());
    let postings = read_postings(&postings_path(&cache), sum).unwrap();
    assert_eq!(postings.checksum(), sum.unwrap());
    assert!(
        read_postings(&postings_path(&cache), Some(sum.unwrap() ^ 1))
            .unwrap_err()
            .contains("another cache")
    );

    // The folder is gone by the time the list is moved.
    let gone = dir.path().join("gone").join("scan.cache");
    std::fs::create_dir(gone.parent().unwrap()).unwrap();
    let writer = posting_writer(Some(&gone)).unwrap();
    std::fs::remove_dir_all(gone.parent().unwrap()).unwrap();
    let mut report = CacheReport::default();
    assert_eq!(save_postings(Some(writer), Some(&gone), &mut report), None);
    assert!(
        report.notes[0].starts_with("posting list not saved"),
        "{:?}",
        report.notes
    );
    assert_eq!(save_postings(None, Some(&cache), &mut report), None);
}

#[test]
fn file_stamps_come_from_the_load_else_from_an_old_entry_with_the_same_text() {
    let corpus = corpus();
    let hashes = text_hashes(&corpus, None);
    let loaded = CacheReport {
        text_hashes: hashes.clone(),
        file_stamps: vec![(10, 100), (20, 200)],
        ..CacheReport::default()
    };
    let from_load = article_entries(&corpus, &hashes, Some(&loaded), None);
    assert_eq!((from_load[1].size, from_load[1].mtime_ns), (20, 200));

    let old = |name: &str, hash| CachedArticle {
        name: name.into(),
        size: 5,
        mtime_ns: 50,
        text_hash: hash,
        words: 1,
        segmentation: corpus.articles[0].segmentation.clone(),
    };
    let cache = CacheFile {
        written_ns: 0,
        articles: vec![old("a.txt", hashes[0]), old("b.txt", hashes[1] ^ 1)],
        reuse: None,
    };
    let from_cache = article_entries(&corpus, &hashes, None, Some(&cache));
    assert_eq!((from_cache[0].size, from_cache[0].mtime_ns), (5, 50));
    // b.txt's text changed since: no time, so the next load hashes it.
    assert_eq!((from_cache[1].size, from_cache[1].mtime_ns), (0, 0));
    assert_eq!(from_cache[1].text_hash, hashes[1]);
}

#[test]
fn the_cache_is_written_at_its_target_or_the_failure_noted() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus();
    let hashes = text_hashes(&corpus, None);
    let articles = article_entries(&corpus, &hashes, None, None);
    let reuse = Reuse::default();
    let key = corpus_key(&corpus, &hashes);
    let saved = ReuseEntry {
        config_hash: 1,
        corpus: &key,
        reuse: &reuse,
        postings: None,
    };
    let target = dir.path().join("scan.cache");
    let location = CacheLocation::at(&target);
    let mut report = CacheReport::default();
    save_cache(
        Some(target.clone()),
        &location,
        0,
        &articles,
        saved,
        &mut report,
    );
    assert_eq!(report.path.as_deref(), Some(target.as_path()));
    assert!(report.notes.is_empty());
    let file =
        format::decode_parts(&std::fs::read(&target).unwrap(), Parts::NoSegmentation).unwrap();
    assert_eq!(file.articles.len(), 2);
    assert_eq!(file.reuse.unwrap().corpus, key);

    // A folder that cannot be made: a file stands where it would be.
    std::fs::write(dir.path().join("file"), "").unwrap();
    let nowhere = dir.path().join("file").join("scan.cache");
    let mut report = CacheReport::default();
    save_cache(Some(nowhere), &location, 0, &articles, saved, &mut report);
    assert!(
        report.notes[0].starts_with("cache not saved"),
        "{:?}",
        report.notes
    );
}
