//! Bad input at scale, in small: broken links, symbolic link loops, deep folders, paths too
//! long to open, pipes named like articles, many empty files, a long article, files that vanish
//! or change while the corpus loads. Each gets a warning (or nothing, when nothing is wrong) and
//! the rest of the corpus is indexed, with or without the cache. The full-size cases (a 100 MB
//! file, 10,000 empty files) are timed in `benches/bad_input.sh`.

use std::path::Path;
use std::process::{Command, Output};

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
    for i in 0..200 {
        deep.push(format!("d{i}"));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("deep.txt"), PASSAGE).unwrap();
    std::fs::write(dir.path().join("top.txt"), PASSAGE).unwrap();
    for (corpus, warnings) in both_loads(dir.path()) {
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(corpus.articles.len(), 2);
        assert!(corpus.articles[0].name.ends_with("d199/deep.txt"));
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

/// `crossread scan DIR ARGS…`, with the cache where it would be.
fn scan(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossread"))
        .arg("scan")
        .arg(dir)
        .args(args)
        .output()
        .expect("run crossread")
}

fn stderr_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn ten_thousand_empty_files_are_counted_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        std::fs::write(dir.path().join(format!("e{i:05}.txt")), "").unwrap();
    }
    std::fs::write(dir.path().join("x.txt"), format!("Here. {PASSAGE}")).unwrap();
    std::fs::write(dir.path().join("y.txt"), format!("{PASSAGE} There.")).unwrap();
    std::fs::write(dir.path().join("z.txt"), b"bin\0ary").unwrap();
    let root = dir.path().display().to_string();
    // Cold and warm through the cache, and without it; text and jsonl.
    for args in [
        &["--format", "jsonl"][..],
        &["--format", "jsonl"],
        &["--no-cache"],
        &["--no-cache", "--format", "jsonl"],
    ] {
        let output = scan(dir.path(), args);
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        let lines = stderr_lines(&output);
        assert_eq!(
            lines,
            [
                format!("crossread: {root}/z.txt: skipped: binary file (NUL bytes)"),
                format!("crossread: {root}/e00000.txt: empty: nothing to compare"),
                format!("crossread: {root}/e00001.txt: empty: nothing to compare"),
                format!("crossread: {root}/e00002.txt: empty: nothing to compare"),
                format!(
                    "crossread: {root}: 9,997 more files: empty: nothing to compare (10,000 in all)"
                ),
            ],
            "{args:?}"
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        if args.contains(&"jsonl") {
            assert_eq!(stdout.lines().count(), 1, "{stdout}");
            assert!(stdout.contains(r#""doc":"x.txt","start":6,"#), "{stdout}");
        } else {
            assert!(
                stdout.starts_with("2 articles of 10002 share 1 passage"),
                "{stdout}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_an_article_is_skipped_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), format!("One. {PASSAGE}")).unwrap();
    std::fs::write(dir.path().join("b.txt"), format!("{PASSAGE} Two.")).unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for (corpus, warnings) in both_loads(dir.path()) {
        assert_eq!(corpus.articles.len(), 2);
        assert_eq!(
            messages(&warnings),
            [format!(
                "{}: skipped: not a regular file (a pipe, socket or device)",
                fifo.display()
            )]
        );
    }
    let output = scan(dir.path(), &["--no-cache", "--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr_lines(&output).len(), 1);
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 1);
}

#[cfg(unix)]
#[test]
fn a_path_too_long_to_open_is_warned_about() {
    // Each folder is entered by its full path, and Linux refuses paths over 4,096 bytes.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), format!("One. {PASSAGE}")).unwrap();
    let long = "x".repeat(200);
    let mut deep = dir.path().to_path_buf();
    // Created step by step from inside, since the full path is too long to create at once.
    let mut cwd = std::fs::File::open(dir.path()).unwrap();
    for _ in 0..25 {
        let status = Command::new("mkdir")
            .arg(&long)
            .current_dir(format!(
                "/proc/self/fd/{}",
                std::os::fd::AsRawFd::as_raw_fd(&cwd)
            ))
            .status();
        // Without /proc (not Linux) the case cannot be built: nothing to check.
        if !status.is_ok_and(|s| s.success()) {
            return;
        }
        deep.push(&long);
        cwd = std::fs::File::open(format!(
            "/proc/self/fd/{}/{long}",
            std::os::fd::AsRawFd::as_raw_fd(&cwd)
        ))
        .unwrap();
    }
    assert!(deep.as_os_str().len() > 4096);
    for (corpus, warnings) in both_loads(dir.path()) {
        assert_eq!(corpus.articles.len(), 1);
        let messages = messages(&warnings);
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].ends_with("skipped: File name too long (os error 36)"),
            "{messages:?}"
        );
    }
}

/// An article of about `bytes` bytes on one line, with `passage` in its middle.
fn long_line(bytes: usize, passage: &str) -> String {
    let mut text = String::with_capacity(bytes + passage.len());
    let mut i = 0u64;
    let mut planted = false;
    while text.len() < bytes {
        if text.len() >= bytes / 2 && !planted {
            text.push_str(passage);
            text.push(' ');
            planted = true;
        }
        // Words that do not repeat in threes: nothing here matches anything else.
        i += 1;
        let word = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 44;
        text.push_str(&format!("W{word:x} "));
        if i % 17 == 0 {
            text.push_str("Then. ");
        }
    }
    text
}

#[test]
fn a_long_one_line_article_shares_its_passage_with_a_short_one() {
    let dir = tempfile::tempdir().unwrap();
    let huge = long_line(3_000_000, PASSAGE);
    std::fs::write(dir.path().join("huge.txt"), &huge).unwrap();
    std::fs::write(
        dir.path().join("small.txt"),
        format!("Local desk. {PASSAGE}"),
    )
    .unwrap();
    let at = huge.find(PASSAGE).unwrap();
    for (corpus, warnings) in both_loads(dir.path()) {
        assert!(warnings.is_empty(), "{warnings:?}");
        let article = &corpus.articles[0];
        assert_eq!(article.segmentation.paragraphs.len(), 1);
        assert!(article.segmentation.sentences.len() > 10_000);
        let reuse = detect(&corpus, &DetectConfig::default());
        assert_eq!(reuse.matches.len(), 1);
        let m = &reuse.matches[0];
        assert_eq!(m.a.byte_span, at..at + PASSAGE.len());
    }
    let output = scan(dir.path(), &["--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!(
            r#"{{"a":{{"doc":"huge.txt","start":{at},"end":{},"outlet":"huge","date":null}}"#,
            at + PASSAGE.len()
        )),
        "{stdout}"
    );
}

#[test]
fn files_that_vanish_or_change_while_loading_are_skipped_or_read_whole() {
    // One thread keeps deleting, rewriting and growing files while the corpus loads, with and
    // without the cache: every file is either loaded with one of the texts it had, or skipped
    // with a reason, and the steady files always load and match.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    std::fs::write(root.join("steady_a.txt"), format!("One. {PASSAGE}")).unwrap();
    std::fs::write(root.join("steady_b.txt"), format!("{PASSAGE} Two.")).unwrap();
    let versions = [
        "First version of the text.",
        "A second, longer version of the same text.",
    ];
    for i in 0..100 {
        std::fs::write(root.join(format!("churn{i:03}.txt")), versions[0]).unwrap();
    }
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut round = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                for i in 0..100 {
                    let path = root.join(format!("churn{i:03}.txt"));
                    match (i + round) % 3 {
                        0 => drop(std::fs::remove_file(&path)),
                        _ => drop(std::fs::write(&path, versions[(i + round) % 2])),
                    }
                }
                round += 1;
            }
        });
        for _ in 0..5 {
            for (corpus, warnings) in both_loads(&root) {
                assert!(corpus.articles.len() >= 2);
                for article in &corpus.articles {
                    if article.name.starts_with("churn") {
                        // Written in one call, but a read can fall between the truncation
                        // and the write: a prefix of a version, or nothing.
                        assert!(
                            versions.iter().any(|v| v.starts_with(article.text())),
                            "{}: {:?}",
                            article.name,
                            article.text()
                        );
                    }
                }
                for warning in &warnings {
                    assert!(
                        warning.message.starts_with("skipped: No such file"),
                        "{warning}"
                    );
                }
                let steady = Corpus::from_texts(
                    corpus
                        .articles
                        .iter()
                        .filter(|a| a.name.starts_with("steady"))
                        .map(|a| (a.name.as_str(), a.text())),
                );
                assert_eq!(steady.articles.len(), 2);
                assert_eq!(detect(&steady, &DetectConfig::default()).matches.len(), 1);
            }
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
    });
}
