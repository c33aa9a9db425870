//! `crossread scan` with its cache: the same output cold, warm and with `--no-cache`; nothing
//! written with `--no-cache`; one line on stderr for a cache that cannot be used.

use std::path::Path;
use std::process::{Command, Output};

const PASSAGE: &str = "The harbour authority approved the expansion plan after months of \
    bitter argument between fishermen, developers and the regional council, which had twice \
    rejected the proposal over fears for the northern breakwater.";

fn scan(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossread"))
        .arg("scan")
        .arg(dir)
        .args(["--format", "jsonl"])
        .args(extra)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let files = [
        ("a.txt", format!("Morning report. {PASSAGE} More news.")),
        ("b.txt", format!("{PASSAGE} Evening edition.")),
        ("c.txt", "Nothing in common with the others.".to_owned()),
    ];
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).expect("write an article");
    }
    dir
}

#[test]
fn cold_warm_and_uncached_scans_print_the_same() {
    let dir = corpus();
    let cache = dir.path().join(".crossread/scan.cache");
    let uncached = scan(dir.path(), &["--no-cache"]);
    assert!(!cache.exists(), "--no-cache wrote a cache");
    let cold = scan(dir.path(), &[]);
    assert!(cache.is_file());
    let warm = scan(dir.path(), &[]);
    for output in [&uncached, &cold, &warm] {
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(text(&output.stderr), "");
    }
    assert_eq!(
        text(&cold.stdout).lines().count(),
        1,
        "{}",
        text(&cold.stdout)
    );
    assert_eq!(cold.stdout, uncached.stdout);
    assert_eq!(warm.stdout, uncached.stdout);
}

#[test]
fn corrupt_cache_is_one_line_on_stderr_and_rebuilt() {
    let dir = corpus();
    let cold = scan(dir.path(), &[]);
    let cache = dir.path().join(".crossread/scan.cache");
    let mut bytes = std::fs::read(&cache).expect("read the cache");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&cache, &bytes).expect("write the cache");

    let rebuilt = scan(dir.path(), &[]);
    assert_eq!(rebuilt.status.code(), Some(0));
    assert_eq!(
        text(&rebuilt.stderr),
        format!(
            "crossread: cache {} is not used: it is corrupt (checksum mismatch); rebuilding it\n",
            cache.display()
        )
    );
    assert_eq!(rebuilt.stdout, cold.stdout);
    let again = scan(dir.path(), &[]);
    assert_eq!(text(&again.stderr), "");
    assert_eq!(again.stdout, cold.stdout);
}
