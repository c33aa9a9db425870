//! The command line as a script sees it: what `crossread`, `crossread scan` and friends print on
//! stdout and stderr, and their exit codes, for the seeds, an empty corpus, and every bad input.

use std::path::Path;
use std::process::{Command, Output};

fn crossread(args: &[&str]) -> Output {
    // Scans here leave no cache in seeds/ and never read one a build with other detection
    // code left there (that would print a note); tests/scan_cache.rs covers the cache.
    let no_cache: &[&str] = if args.first() == Some(&"scan") {
        &["--no-cache"]
    } else {
        &[]
    };
    Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(args)
        .args(no_cache)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

#[test]
fn jsonl_is_one_object_per_match_with_stored_byte_spans() {
    let output = crossread(&["scan", "seeds", "--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for line in &lines {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        // Keys in the documented order: a, b, similarity, cluster, then the extras.
        let at = |key: &str| line.find(&format!("\"{key}\":")).expect(key);
        assert!(line.starts_with("{\"a\":{\"doc\":"), "{line}");
        assert!(at("a") < at("b") && at("b") < at("similarity"), "{line}");
        assert!(
            at("similarity") < at("cluster") && at("cluster") < at("kind"),
            "{line}"
        );
        for side in ["a", "b"] {
            let doc = value[side]["doc"].as_str().expect("doc");
            let start = value[side]["start"].as_u64().expect("start") as usize;
            let end = value[side]["end"].as_u64().expect("end") as usize;
            let bytes = std::fs::read(seeds.join(doc)).expect("doc names a seed");
            assert!(start < end && end <= bytes.len(), "{line}");
            assert!(std::str::from_utf8(&bytes[start..end]).is_ok(), "{line}");
        }
        let similarity = value["similarity"].as_f64().expect("similarity");
        assert!((0.0..=1.0).contains(&similarity));
    }
    // The legitimacy paragraph, 001 and 003, with exact spans.
    assert!(lines.contains(
        &r#"{"a":{"doc":"001_0d4e60a693cd02cb.txt","start":993,"end":1289,"outlet":"001_0d4e60a693cd02cb","date":null},"b":{"doc":"003_36cbbe6c1411a271.txt","start":8138,"end":8373,"outlet":"Daily8 (AFP, with Reuters)","date":null},"similarity":0.9,"cluster":4,"kind":"rewrite","words":39,"source":{"doc":"001_0d4e60a693cd02cb.txt","outlet":"001_0d4e60a693cd02cb","rule":"containment"},"content_words":23,"longest_run":27,"respelled":2,"dropped":2,"added":0,"changed":0,"stock_words":0}"#
    ), "{text}");
}

#[test]
fn csv_has_a_header_and_the_same_rows() {
    let output = crossread(&["scan", "seeds", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "a_doc,a_start,a_end,b_doc,b_start,b_end,similarity,cluster,kind,words,\
             a_outlet,a_date,b_outlet,b_date,source_doc,source_outlet,source_rule"
        )
    );
    assert!(lines.clone().any(|l| l
        == "001_0d4e60a693cd02cb.txt,993,1289,003_36cbbe6c1411a271.txt,8138,8373,0.9,4,rewrite,39,\
            001_0d4e60a693cd02cb,,\"Daily8 (AFP, with Reuters)\",,001_0d4e60a693cd02cb.txt,001_0d4e60a693cd02cb,containment"));
    assert_eq!(lines.count(), 5);
}

#[test]
fn text_report_lists_passages_with_titles() {
    let output = crossread(&["scan", "config.toml"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.starts_with("4 articles of 5 share 5 passages (5 matching pairs).\n"),
        "{text}"
    );
    assert!(
        text.contains("Passage 4 · 2 copies · rewrite · similarity 0.90"),
        "{text}"
    );
    assert!(
        text.contains("“Lavrov pours cold water on a Putin–Zelenskyy summit”"),
        "{text}"
    );
    assert!(
        text.contains("    │ Putin has repeatedly raised doubts about Zelenskiy's legitimacy"),
        "{text}"
    );
    // Outlets name the articles; the file follows.
    assert!(
        text.contains("0.0%  0 passages  via breakingnews.ie · “Russian Minister Says Putin-Zelensky Meeting Not Planned” · 004_658e56c58bbd5c43.txt"),
        "{text}"
    );
    assert!(
        text.contains("\n  The Irish Times · “Donald Trump’s peace push in limbo as Russia dampens hopes for summit …” · 002_bf921deb08cbc33a.txt bytes 1202–1383\n"),
        "{text}"
    );
    // A source line per passage, saying which rule decided.
    assert_eq!(text.matches("\n  Source: ").count(), 5, "{text}");
    assert!(
        text.contains(
            "  Source: Daily8 (AFP, with Reuters) (003_36cbbe6c1411a271.txt), wire service\n"
        ),
        "{text}"
    );
}

#[test]
fn no_matches_is_success_with_empty_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Nothing in common here at all.").unwrap();
    std::fs::write(dir.path().join("b.txt"), "A completely different story.").unwrap();
    let path = dir.path().to_str().unwrap();
    let output = crossread(&["scan", path, "--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
    let output = crossread(&["scan", path, "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output).lines().count(), 1);
    let empty = tempfile::tempdir().unwrap();
    let output = crossread(&["scan", empty.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "No shared passages in 0 articles: no passage of 12+ words is shared.\n"
    );
    let output = crossread(&["scan", path]);
    assert_eq!(
        stdout(&output),
        "No shared passages in 2 articles: no passage of 12+ words is shared.\n"
    );
}

#[test]
fn min_words_raises_the_bar() {
    let output = crossread(&["scan", "seeds", "--format", "jsonl", "--min-words", "30"]);
    assert_eq!(output.status.code(), Some(0));
    // Only the legitimacy paragraph has 30 words in common.
    assert_eq!(stdout(&output).lines().count(), 1);
}

#[test]
fn output_does_not_depend_on_where_the_corpus_is_named_from() {
    let by_folder = crossread(&["scan", "seeds", "--format", "jsonl"]);
    let by_config = crossread(&["scan", "config.toml", "--format", "jsonl"]);
    assert_eq!(stdout(&by_folder), stdout(&by_config));
}

#[test]
fn bad_input_is_one_sentence_and_exit_2() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["scan", "no/such/folder"],
            "crossread: no/such/folder does not exist\n",
        ),
        (
            &["scan", "seeds", "--format", "xml"],
            "crossread: invalid value 'xml' for '--format <FORMAT>' [possible values: text, jsonl, csv, clusters, matrix]\n",
        ),
        (
            &["scan", "seeds", "--min-words", "0"],
            "crossread: invalid value '0' for '--min-words <N>': a passage needs at least 1 word in common\n",
        ),
        (
            &["scan", "seeds", "--min-words", "many"],
            "crossread: invalid value 'many' for '--min-words <N>': expected a whole number of words, 1 or more\n",
        ),
        (
            &["scan", "seeds", "--bogus"],
            "crossread: unexpected argument '--bogus' found\n",
        ),
    ];
    for (args, expected) in cases {
        let output = crossread(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
}

#[test]
fn bad_detect_config_is_named_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[detect]\nmin_wrods = 3\n").unwrap();
    let output = crossread(&["scan", config.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!(
            "crossread: {}:2:1: unknown field `min_wrods`",
            config.display()
        )),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn unreadable_articles_are_warned_about_on_stderr_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Some text.").unwrap();
    std::fs::write(dir.path().join("b.txt"), b"\x00\x01binary").unwrap();
    let output = crossread(&["scan", dir.path().to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("b.txt: skipped: binary file (NUL bytes)"));
}

#[test]
fn offsets_count_stored_bytes_in_a_file_that_is_not_utf8() {
    let passage = "Engineers have already laid forty kilometres of steel pipe across the marshes, \
        despite repeated delays caused by flooding and a shortage of welders.";
    let dir = tempfile::tempdir().unwrap();
    // "Caf\xe9 \x93ok\x94. " is 11 stored bytes but 15 bytes of decoded text.
    let mut latin = b"Caf\xe9 \x93ok\x94. ".to_vec();
    latin.extend_from_slice(passage.as_bytes());
    std::fs::write(dir.path().join("a.txt"), &latin).unwrap();
    std::fs::write(dir.path().join("b.txt"), format!("Intro.\n{passage}\n")).unwrap();
    let output = crossread(&["scan", dir.path().to_str().unwrap(), "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output).contains("a.txt: not valid UTF-8"),
        "{}",
        stderr(&output)
    );
    let rows: Vec<String> = stdout(&output).lines().skip(1).map(str::to_owned).collect();
    let end = 11 + passage.len();
    assert_eq!(
        rows,
        [format!(
            "a.txt,11,{end},b.txt,7,{},1,1,verbatim,23,a,,b,,,,unknown",
            7 + passage.len()
        )]
    );
}

#[test]
fn reader_refuses_bad_paths_and_configs_before_touching_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("config.toml");
    std::fs::write(&bad, "[corpus]\ndir = \"seeds\"\ntagz = \"x.toml\"\n").expect("write config");
    let syntax = dir.path().join("syntax.toml");
    std::fs::write(&syntax, "[corpus\n").expect("write config");
    let missing_dir = dir.path().join("config-dir.toml");
    std::fs::write(&missing_dir, "[corpus]\ndir = \"nowhere\"\n").expect("write config");

    let bad_s = bad.to_string_lossy().into_owned();
    let syntax_s = syntax.to_string_lossy().into_owned();
    let missing_dir_s = missing_dir.to_string_lossy().into_owned();
    let nowhere = dir.path().join("nowhere").to_string_lossy().into_owned();
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["no/such/folder"],
            "crossread: no/such/folder does not exist\n".to_owned(),
        ),
        (
            vec![&bad_s],
            format!("crossread: {bad_s}:3:1: unknown field `tagz`, expected `dir` or `tags`\n"),
        ),
        (
            vec![&syntax_s],
            format!("crossread: {syntax_s}:1:8: unclosed table, expected `]`\n"),
        ),
        (
            vec![&missing_dir_s],
            format!("crossread: cannot open the corpus: {nowhere} does not exist\n"),
        ),
    ];
    for (args, expected) in cases {
        let output = crossread(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
}

#[test]
fn an_article_given_as_the_corpus_is_named_as_such() {
    let expected = "crossread: seeds/001_0d4e60a693cd02cb.txt is an article, not a config file: give its folder (seeds) or a config.toml\n";
    for args in [
        &["scan", "seeds/001_0d4e60a693cd02cb.txt"][..],
        &["seeds/001_0d4e60a693cd02cb.txt"],
        &["tags", "seeds/001_0d4e60a693cd02cb.txt"],
    ] {
        let output = crossread(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
}

/// `compare` names its articles as a person would; without a terminal, getting as far as
/// opening it means both names were understood.
#[test]
fn compare_takes_a_start_of_a_name_a_stem_an_outlet_or_a_title() {
    let opened = "crossread: cannot open the terminal: stdout is not a tty\n";
    for (left, right) in [
        ("001", "003"),
        ("001_0d4e60a693cd02cb", "003_36cbbe6c1411a271.txt"),
        ("The Irish Times", "seeds/003_36cbbe6c1411a271.txt"),
        ("new york post", "irish"),
    ] {
        let output = crossread(&["compare", left, right]);
        assert_eq!(stderr(&output), opened, "{left} {right}");
    }
    let cases = [
        (
            ["compare", "00", "003"],
            "crossread: \"00\" could be 5 articles: 000_e16856ae05da38e2.txt (New York Post), \
             001_0d4e60a693cd02cb.txt, 002_bf921deb08cbc33a.txt (The Irish Times), \
             003_36cbbe6c1411a271.txt (Daily8 (AFP, with Reuters)) and \
             004_658e56c58bbd5c43.txt (via breakingnews.ie); give more of the name\n",
        ),
        (
            ["compare", "irish tims", "003"],
            "crossread: no article \"irish tims\" in seeds; did you mean \
             002_bf921deb08cbc33a.txt (The Irish Times)?\n",
        ),
        (
            ["compare", "001", "nothing of the kind"],
            "crossread: no article \"nothing of the kind\" in seeds (give its file name or the \
             start of it, its outlet or its title)\n",
        ),
        (
            ["compare", "001", "001_0d4e60a693cd02cb.txt"],
            "crossread: 001 and 001_0d4e60a693cd02cb.txt are the same article\n",
        ),
    ];
    for (args, expected) in cases {
        let output = crossread(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
}

#[test]
fn reader_without_a_terminal_says_so_in_one_sentence() {
    // `output()` gives the child pipes, not a terminal.
    let output = crossread(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "crossread: cannot open the terminal: stdout is not a tty\n"
    );
}

#[test]
fn version_and_help_exit_0() {
    let output = crossread(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        format!("crossread {}\n", env!("CARGO_PKG_VERSION"))
    );
    let output = crossread(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    for needle in [
        "Usage: crossread [OPTIONS] [PATH]",
        "scan",
        "tags",
        "config",
        "--log",
        "--version",
    ] {
        assert!(help.contains(needle), "help lacks {needle}:\n{help}");
    }
}

#[test]
fn config_default_prints_a_config_that_loads() {
    let output = crossread(&["config", "--default"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let text = stdout(&output);
    assert!(text.starts_with("# crossread configuration."), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, &text).unwrap();
    assert_eq!(
        crossread::Config::load(&path).unwrap(),
        crossread::Config::default()
    );
    let output = crossread(&["config"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.starts_with("crossread: "), "{err}");
    assert!(err.contains("--default"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_bad_key_or_colour_in_the_config_stops_the_reader_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let run = |config: &str| {
        std::fs::write(&path, config).unwrap();
        Command::new(env!("CARGO_BIN_EXE_crossread"))
            .arg(&path)
            .env("XDG_CONFIG_HOME", dir.path())
            .output()
            .expect("the binary runs")
    };
    let output = run("[keys.reader]\nnext_pasage = [\"n\"]\n");
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!(
            "crossread: {}:2:1: unknown action `next_pasage` for screen `reader`, expected one of ",
            path.display()
        )),
        "{err}"
    );
    let output = run("[theme]\nadded = \"grene\"\n");
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!(
            "crossread: {}:2:9: unknown colour `grene`, expected default, black,",
            path.display()
        )),
        "{err}"
    );
}

#[test]
fn log_goes_to_the_file_and_never_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("crossread.log");
    let output = Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(["scan", "seeds", "--log"])
        .arg(&log)
        .env("RUST_LOG", "debug")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("INFO"), "{}", stderr(&output));
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("corpus loaded articles=5 warnings=0"),
        "{text}"
    );
    assert!(text.contains("detection done matches=5"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes in the file: {text}"
    );

    let output = Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(["scan", "seeds", "--log"])
        .arg(&log)
        .env("RUST_LOG", "crossread=loud")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("crossread: RUST_LOG=\"crossread=loud\": "),
        "{}",
        stderr(&output)
    );
}
