//! Importing passim's output: fixtures from real passim runs (tests/fixtures/passim/README.md
//! says how they were made) read back onto the corpora passim was given. Every cluster passim
//! found must appear, every span must land on the text passim aligned, and bad records must be
//! warnings that leave the rest loaded.

#![allow(clippy::unwrap_used)] // helpers shared by the tests below

use std::ops::Range;
use std::path::{Path, PathBuf};

use crossread::exchange::{Format, load_matches};
use crossread::{Config, Corpus};

#[path = "../examples/gencorpus/generator.rs"]
mod generator;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/passim")
        .join(path)
}

/// Every record of passim's `part-*` files in `dir/sub`, as JSON.
fn records(dir: &Path, sub: &str) -> Vec<serde_json::Value> {
    let mut parts: Vec<PathBuf> = std::fs::read_dir(dir.join(sub))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("part-")
        })
        .collect();
    parts.sort();
    parts
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The byte span of characters `begin..end` of `text`, counted here independently of the
/// library.
fn chars_to_bytes(text: &str, begin: &serde_json::Value, end: &serde_json::Value) -> Range<usize> {
    let at = |c: &serde_json::Value| {
        let c = c.as_u64().unwrap() as usize;
        text.char_indices().nth(c).map_or(text.len(), |(i, _)| i)
    };
    at(begin)..at(end)
}

fn unpadded(s: &str) -> String {
    s.chars().filter(|&c| c != '-' && c != '\u{2010}').collect()
}

/// Imports passim's output folder `dir` onto `corpus`, checks that every passim cluster lies
/// inside one crossread cluster (each member's span inside a member of that cluster, the text
/// there the text passim gives for it) and that every alignment is a match on exactly its spans
/// and text. Returns the number of passim clusters and alignments.
fn check_import(corpus: &Corpus, dir: &Path) -> (usize, usize) {
    let imported = load_matches(dir, corpus).unwrap();
    assert_eq!(imported.format, Format::Passim);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let reuse = &imported.reuse;
    let text_of = |name: &str| corpus.find(name).unwrap().text();
    let id_of = |name: &str| corpus.find(name).unwrap().id;

    let out = records(dir, "out.json");
    let mut clusters: std::collections::BTreeMap<i64, Vec<(String, Range<usize>)>> =
        Default::default();
    for r in &out {
        let id = r["id"].as_str().unwrap().to_owned();
        let span = chars_to_bytes(text_of(&id), &r["begin"], &r["end"]);
        assert_eq!(&text_of(&id)[span.clone()], r["text"].as_str().unwrap());
        clusters
            .entry(r["cluster"].as_i64().unwrap())
            .or_default()
            .push((id, span));
    }
    // Detection keeps clusters pure (every member a copy of the representative), so a passim
    // cluster whose members are not all alike may come back as several clusters; every record
    // must still be imported, overlapping a member of a cluster that also holds another member
    // of its passim cluster (pure clusters keep spans apart instead of merging touching ones).
    for (number, members) in &clusters {
        for (id, span) in members {
            let holds = |c: &crossread::Cluster, id: &str, span: &std::ops::Range<usize>| {
                c.members.iter().any(|m| {
                    m.article == id_of(id)
                        && m.byte_span.start < span.end
                        && span.start < m.byte_span.end
                })
            };
            let with_another = reuse.clusters.iter().any(|c| {
                holds(c, id, span)
                    && members
                        .iter()
                        .any(|(other, s)| (other != id || s != span) && holds(c, other, s))
            });
            assert!(
                with_another,
                "passim cluster {number}: {id} {span:?} overlaps no cluster with another member"
            );
        }
    }

    let align = records(dir, "align.json");
    for r in &align {
        let (a, b) = (r["id"].as_str().unwrap(), r["id2"].as_str().unwrap());
        let sa = chars_to_bytes(text_of(a), &r["begin"], &r["end"]);
        let sb = chars_to_bytes(text_of(b), &r["begin2"], &r["end2"]);
        assert_eq!(
            unpadded(&text_of(a)[sa.clone()]),
            unpadded(r["s1"].as_str().unwrap())
        );
        assert_eq!(
            unpadded(&text_of(b)[sb.clone()]),
            unpadded(r["s2"].as_str().unwrap())
        );
        let found = reuse.matches.iter().any(|m| {
            let pair = [(m.a.article, &m.a.byte_span), (m.b.article, &m.b.byte_span)];
            pair.contains(&(id_of(a), &sa)) && pair.contains(&(id_of(b), &sb))
        });
        assert!(found, "alignment {a} {sa:?} / {b} {sb:?} is no match");
    }
    (clusters.len(), align.len())
}

#[test]
fn every_passim_cluster_and_alignment_on_the_seeds_is_imported_on_its_text() {
    let (corpus, _) = Corpus::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"),
        &Config::default(),
    )
    .unwrap();
    let (clusters, alignments) = check_import(&corpus, &fixture("seeds"));
    assert_eq!((clusters, alignments), (5, 6));
}

#[test]
fn spans_after_multi_byte_and_windows_1252_characters_land_on_the_text() {
    let dir = fixture("mixed/corpus");
    let (corpus, warnings) = Corpus::load(&dir, &Config::default()).unwrap();
    // a.txt holds Windows-1252 bytes before its passage, b.txt emoji, Cyrillic and accents.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(corpus.find("b.txt").unwrap().text().starts_with("Жeneva"));
    let (clusters, alignments) = check_import(&corpus, &fixture("mixed"));
    assert_eq!((clusters, alignments), (1, 3));
    let reuse = load_matches(&fixture("mixed"), &corpus).unwrap().reuse;
    assert_eq!(reuse.clusters.len(), 1);
    assert_eq!(reuse.clusters[0].members.len(), 3);
    // The passage in a.txt starts just before a Windows-1252 dash (stored as the one byte
    // 0x96, three bytes of text): its stored bytes decode to its text.
    let a = corpus.find("a.txt").unwrap();
    let member = reuse.clusters[0]
        .members
        .iter()
        .find(|m| m.article == a.id)
        .unwrap();
    let stored = a.decoded.stored_range(member.byte_span.clone());
    let bytes = std::fs::read(dir.join("a.txt")).unwrap();
    assert!(bytes[stored.clone()].contains(&0x96));
    assert_eq!(stored.len() + 2, member.byte_span.len());
    assert_eq!(
        crossread::DecodedText::decode(&bytes[stored]).text,
        a.text()[member.byte_span.clone()]
    );
    assert!(member.byte_span.start > 0);
}

#[test]
fn every_passim_cluster_on_a_generated_corpus_is_imported() {
    let generated = generator::generate(300, 19);
    let corpus = Corpus::from_texts(
        generated
            .articles
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    );
    let (clusters, alignments) = check_import(&corpus, &fixture("gen300"));
    assert!(clusters > 50 && alignments > 50, "{clusters} {alignments}");
}

/// Runs the binary in the repository's folder (so `seeds` is the sample corpus).
fn crossread(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// What each line of `scan --format jsonl` says about its match (passages, similarity,
/// cluster, kind, words), without the explanation figures, whose word diff has a deadline and
/// so may be coarser on a busy machine.
fn matches_of(jsonl: &[u8]) -> Vec<serde_json::Value> {
    text(jsonl)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let keep = ["a", "b", "similarity", "cluster", "kind", "words"];
            serde_json::Value::Object(
                keep.iter()
                    .map(|k| ((*k).to_owned(), v[*k].clone()))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn a_missing_matches_folder_is_one_sentence_and_exit_2() {
    let output = crossread(&["scan", "seeds", "--no-cache", "--matches", "no/such/out"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "crossread: cannot read the matches: no/such/out does not exist\n"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_records_are_one_warning_each_with_file_and_line_and_the_rest_loads() {
    let good: Vec<String> = std::fs::read_dir(fixture("seeds/out.json"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("out.json");
    std::fs::create_dir(&parts).unwrap();
    let missing = good[0].replace("000_e16856ae05da38e2.txt", "999_gone.txt");
    let mut past_end: serde_json::Value = serde_json::from_str(&good[0]).unwrap();
    past_end["begin"] = 90_000.into();
    past_end["end"] = 90_100.into();
    let truncated = &good[1][..good[1].len() / 2];
    let mut lines = vec![missing, past_end.to_string(), truncated.to_owned()];
    lines.extend(good.iter().cloned());
    std::fs::write(parts.join("part-00000.json"), lines.join("\n") + "\n").unwrap();

    let bad = crossread(&[
        "scan",
        "seeds",
        "--no-cache",
        "--format",
        "jsonl",
        "--matches",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(0), "{}", text(&bad.stderr));
    let part = parts.join("part-00000.json");
    let stderr = text(&bad.stderr);
    let warnings: Vec<&str> = stderr.lines().collect();
    assert_eq!(warnings.len(), 3, "{stderr}");
    let at = |line: usize| format!("crossread: {}: line {line}: ", part.display());
    assert_eq!(
        warnings[0],
        format!("{}999_gone.txt: no such article in the corpus", at(1))
    );
    assert!(
        warnings[1].starts_with(&format!(
            "{}000_e16856ae05da38e2.txt: characters 90000..90100 are past the end of the \
             article (",
            at(2)
        )),
        "{}",
        warnings[1]
    );
    assert!(
        warnings[2].starts_with(&format!("{}not a passim record (EOF while parsing", at(3))),
        "{}",
        warnings[2]
    );

    // The good records give what the untouched fixture gives.
    let clean = tempfile::tempdir().unwrap();
    std::fs::create_dir(clean.path().join("out.json")).unwrap();
    std::fs::write(
        clean.path().join("out.json/part-00000.json"),
        good.join("\n") + "\n",
    )
    .unwrap();
    let expected = crossread(&[
        "scan",
        "seeds",
        "--no-cache",
        "--format",
        "jsonl",
        "--matches",
        clean.path().to_str().unwrap(),
    ]);
    assert_eq!(text(&expected.stderr), "");
    assert!(!expected.stdout.is_empty());
    assert_eq!(matches_of(&bad.stdout), matches_of(&expected.stdout));
}

#[test]
fn a_scan_read_back_with_matches_prints_what_the_scan_printed() {
    let scanned = crossread(&["scan", "seeds", "--no-cache", "--format", "jsonl"]);
    assert_eq!(scanned.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seeds.jsonl");
    std::fs::write(&file, &scanned.stdout).unwrap();
    for format in ["jsonl", "text", "csv"] {
        let own = crossread(&["scan", "seeds", "--no-cache", "--format", format]);
        let imported = crossread(&[
            "scan",
            "seeds",
            "--no-cache",
            "--format",
            format,
            "--matches",
            file.to_str().unwrap(),
        ]);
        assert_eq!(text(&imported.stderr), "", "{format}");
        if format == "jsonl" {
            assert_eq!(matches_of(&imported.stdout), matches_of(&own.stdout));
        } else {
            assert_eq!(text(&imported.stdout), text(&own.stdout), "{format}");
        }
    }
}

#[test]
fn a_clusters_file_read_back_gives_the_same_clusters_and_sources() {
    let scanned = crossread(&["scan", "seeds", "--no-cache", "--format", "clusters"]);
    assert_eq!(scanned.status.code(), Some(0));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seeds.clusters.jsonl");
    std::fs::write(&file, &scanned.stdout).unwrap();
    let again = crossread(&[
        "scan",
        "seeds",
        "--no-cache",
        "--format",
        "clusters",
        "--matches",
        file.to_str().unwrap(),
    ]);
    assert_eq!(text(&again.stderr), "");
    // Members, sources and kinds are the same; a member's similarity is that of its closest
    // copy, and the read-back only links each copy to the first, so it is left out.
    let shape = |bytes: &[u8]| -> Vec<serde_json::Value> {
        text(bytes)
            .lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                for m in v["members"].as_array_mut().unwrap() {
                    m.as_object_mut().unwrap().remove("similarity");
                }
                v
            })
            .collect()
    };
    assert_eq!(shape(&again.stdout), shape(&scanned.stdout));
    assert_eq!(shape(&scanned.stdout).len(), 5);
}

#[test]
fn passim_s_src_is_the_source_hint_of_its_clusters_everywhere() {
    let matches = fixture("seeds");
    let matches = matches.to_str().unwrap();
    let clusters = crossread(&[
        "scan",
        "seeds",
        "--no-cache",
        "--format",
        "clusters",
        "--matches",
        matches,
    ]);
    assert_eq!(
        clusters.status.code(),
        Some(0),
        "{}",
        text(&clusters.stderr)
    );
    let found: Vec<serde_json::Value> = text(&clusters.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // passim's records on the seeds: in every cluster, one member has an empty `src` and the
    // others point at it. Its article is the hint, by the rule "named". Three of passim's
    // clusters overlap in 001 and are one passage here (001, 002 and 003: more articles than
    // any one of passim's clusters holds); passim took two of them from 002 and one from 003,
    // so for that passage the name decides nothing and the other rules do.
    let out = records(&fixture("seeds"), "out.json");
    let mut named = 0;
    for record in &found {
        let source = &record["source"];
        if source["rule"] != "named" {
            assert_eq!(source["rule"], "wire_service", "{record}");
            assert!(record["size"].as_u64().unwrap() >= 3, "{record}");
            continue;
        }
        named += 1;
        let doc = source["doc"].as_str().unwrap();
        let is_root = out
            .iter()
            .any(|r| r["id"] == doc && r["src"].as_array().is_some_and(|s| s.is_empty()));
        assert!(is_root, "{doc} is not a passage passim took from: {record}");
    }
    assert_eq!((named, found.len()), (4, 5), "{found:?}");
    let report = text(&crossread(&["scan", "seeds", "--no-cache", "--matches", matches]).stdout);
    assert!(report.contains("named by passim's src"), "{report}");
    // The report takes the same matches and says the same.
    let html = crossread(&[
        "report",
        "seeds",
        "--no-cache",
        "--matches",
        matches,
        "-o",
        "-",
    ]);
    assert_eq!(html.status.code(), Some(0), "{}", text(&html.stderr));
    let html = text(&html.stdout);
    assert!(html.contains("named by passim&#39;s src") || html.contains("named by passim's src"));
    let passages = found.len();
    assert!(
        html.contains(&format!("{passages} passages, ")),
        "the report counts the imported clusters"
    );
}
