//! Guards `cache::ANALYSIS_VERSION`: a scan cache stores segmentation and matches, so when
//! either changes on the same input, the number must move or an old cache would be trusted.
//! This test fingerprints segmentation and detection output on the seeds and every detection
//! fixture, and compares it with `tests/fixtures/analysis_fingerprint.toml`.
//!
//! When it fails: if detection or segmentation changed on purpose, bump `ANALYSIS_VERSION` in
//! `src/cache/format.rs` and write the new version and fingerprint (printed in the failure)
//! into the fixture file. Changing the fingerprint without the bump fails, and so does a bump
//! without a new fingerprint's version.

use std::fmt::Write as _;
use std::path::Path;

use crossread::cache::{ANALYSIS_VERSION, hash64};
use crossread::{Config, Corpus, DetectConfig, detect};

const RECORD: &str = "tests/fixtures/analysis_fingerprint.toml";

fn describe(corpus: &Corpus, out: &mut String) {
    for article in &corpus.articles {
        let _ = writeln!(out, "{} {:?}", article.name, article.segmentation);
    }
    let reuse = detect(corpus, &DetectConfig::default());
    let _ = writeln!(out, "{reuse:?}");
}

fn fingerprint() -> String {
    let mut out = String::new();
    let (seeds, _) = Corpus::load(Path::new("seeds"), &Config::default()).expect("seeds load");
    describe(&seeds, &mut out);
    let mut cases: Vec<_> = std::fs::read_dir("tests/fixtures/detect")
        .expect("fixtures are readable")
        .map(|e| e.expect("fixture entry").path())
        .collect();
    cases.sort();
    for case in cases {
        let mut files: Vec<_> = std::fs::read_dir(&case)
            .expect("fixture folder is readable")
            .map(|e| e.expect("fixture entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("fixture is text");
                let name = p
                    .file_name()
                    .expect("file name")
                    .to_string_lossy()
                    .into_owned();
                (name, text.replace("[[", "").replace("]]", ""))
            })
            .collect();
        let corpus = Corpus::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        let _ = writeln!(out, "case {}", case.display());
        describe(&corpus, &mut out);
    }
    format!("{:016x}", hash64(out.as_bytes()))
}

#[test]
fn analysis_version_moves_with_detection_output() {
    let recorded = std::fs::read_to_string(RECORD).expect("fingerprint record is readable");
    let record: toml::Table = recorded.parse().expect("fingerprint record parses");
    let version = record
        .get("analysis_version")
        .and_then(toml::Value::as_integer)
        .expect("analysis_version in the record");
    let stored = record
        .get("fingerprint")
        .and_then(toml::Value::as_str)
        .expect("fingerprint in the record");
    let now = fingerprint();
    assert_eq!(
        i64::from(ANALYSIS_VERSION),
        version,
        "ANALYSIS_VERSION is {ANALYSIS_VERSION} but {RECORD} records {version}: \
         write analysis_version = {ANALYSIS_VERSION} and fingerprint = \"{now}\" there"
    );
    assert_eq!(
        stored,
        now,
        "segmentation or detection output changed without a bump: raise ANALYSIS_VERSION in \
         src/cache/format.rs, then record analysis_version = {} and fingerprint = \"{now}\" in {RECORD}",
        ANALYSIS_VERSION + 1
    );
}
