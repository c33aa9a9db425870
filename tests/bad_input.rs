//! Bad input at scale, in small: broken links, symbolic link loops, deep folders, many empty
//! files, a file deleted after listing. Each gets a warning (or nothing, when nothing is
//! wrong) and the rest of the corpus is indexed, with or without the cache.

use std::path::Path;

use crossread::cache::{self, CacheLocation};
use crossread::{Config, Corpus, DetectConfig, Warning, detect};

const PASSAGE: &str = "The harbour authority approved the expansion plan after months of \
    bitter argument between fishermen, developers and the regional council, which had twice \
    rejected the proposal over fears for the northern breakwater.";

fn both_loads(dir: &Path) -> [(Corpus, Vec<Warning>); 2] {
    let plain = Corpus::load(dir, &Config::default()).expect("plain load");
    let location = CacheLocation::for_corpus(dir);
    let (corpus, warnings, report) =
        cache::load_corpus(dir, &Config::default(), &location, &|_| {}).expect("cached load");
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    [plain, (corpus, warnings)]
}

fn messages(warnings: &[Warning]) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

#[cfg(unix)]
#[test]
fn broken_links_and_link_loops_are_warned_about_and_the_rest_loads() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), format!("First story. {PASSAGE}")).unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/b.txt"), format!("{PASSAGE} Second story.")).unwrap();
    symlink(root, root.join("sub/loop")).unwrap();
    symlink(root.join("gone.txt"), root.join("broken.txt")).unwrap();

    for (corpus, warnings) in both_loads(root) {
        let names: Vec<&str> = corpus.articles.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["a.txt", "sub/b.txt"]);
        let messages = messages(&warnings);
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("broken.txt: skipped: No such file")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.ends_with("sub/loop: skipped: symbolic link loop")),
            "{messages:?}"
        );
        let reuse = detect(&corpus, &DetectConfig::default());
        assert_eq!(reuse.matches.len(), 1);
    }
}

#[test]
fn deeply_nested_folders_load() {
    let dir = tempfile::tempdir().unwrap();
    let mut deep = dir.path().to_path_buf();
    for i in 0..100 {
        deep.push(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("deep.txt"), PASSAGE).unwrap();
    std::fs::write(dir.path().join("top.txt"), PASSAGE).unwrap();
    for (corpus, warnings) in both_loads(dir.path()) {
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(corpus.articles.len(), 2);
        assert!(corpus.articles[0].name.ends_with("d99/deep.txt"));
        assert_eq!(detect(&corpus, &DetectConfig::default()).matches.len(), 1);
    }
}

#[test]
fn many_empty_files_load_as_empty_articles() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..500 {
        std::fs::write(dir.path().join(format!("empty{i:04}.txt")), "").unwrap();
    }
    std::fs::write(dir.path().join("x.txt"), PASSAGE).unwrap();
    std::fs::write(dir.path().join("y.txt"), PASSAGE).unwrap();
    for (corpus, warnings) in both_loads(dir.path()) {
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(corpus.articles.len(), 502);
        assert_eq!(corpus.articles.iter().filter(|a| a.is_empty()).count(), 500);
        let reuse = detect(&corpus, &DetectConfig::default());
        assert_eq!(reuse.matches.len(), 1);
        assert_eq!(reuse.articles.len(), 502);
    }
}

#[test]
fn a_file_that_changes_between_scans_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), PASSAGE).unwrap();
    std::fs::write(dir.path().join("b.txt"), "Nothing shared here at all.").unwrap();
    both_loads(dir.path());
    // Rewritten with other text of the same length right after the cache was written: only
    // the hash can tell.
    let other: String = PASSAGE.chars().rev().collect();
    std::fs::write(dir.path().join("a.txt"), &other).unwrap();
    let [(plain, _), (cached, _)] = both_loads(dir.path());
    assert_eq!(cached.articles[0].text(), other);
    assert_eq!(
        cached.articles[0].segmentation,
        plain.articles[0].segmentation
    );
}
