//! Reading what passim (the text-reuse aligner of the Viral Texts and impresso projects, run on
//! Spark) found in a corpus crossread exported: its cluster records (`out.json/part-*`: one
//! passage per line with `cluster`, `size`, `id`, `uid`, `begin`, `end`, `src`, `pboiler` and the
//! passage's `text`) and, when it ran with `--pairwise`, its alignments (`align.json/part-*`:
//! `id`/`begin`/`end` and `id2`/`begin2`/`end2`, with the aligned strings `s1`/`s2`).
//!
//! passim counts characters (code points) from the start of the text it was given, which is the
//! decoded text crossread exported; they become byte offsets of that text here, and stored-byte
//! offsets wherever crossread writes them out. Every span is checked against its article (inside
//! it, and the same text passim saw): a record that does not fit is one warning with its file
//! and line, and the rest loads. Grouping the result into clusters is [`crate::detect::reuse`]'s.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::corpus::{ArticleId, Corpus, Warning};
use crate::detect::cluster::DisjointSets;
use crate::detect::reuse::Side;
use crate::error::{Error, Result};
use crate::exchange::offsets::{CharSpans, OutOfBounds};
use crate::exchange::{Format, Link, Loaded, Origin};

/// One line of `out.json` or `align.json`, as far as crossread reads it; passim passes every
/// field of the input through, and those are ignored.
#[derive(Debug, Deserialize)]
struct Record {
    id: Option<String>,
    uid: Option<i64>,
    cluster: Option<i64>,
    begin: Option<i64>,
    end: Option<i64>,
    text: Option<String>,
    src: Option<serde_json::Value>,
    id2: Option<String>,
    uid2: Option<i64>,
    begin2: Option<i64>,
    end2: Option<i64>,
    s1: Option<String>,
    s2: Option<String>,
}

/// Where a record came from, for its warning.
#[derive(Debug, Clone)]
struct Place {
    file: PathBuf,
    line: usize,
}

impl Place {
    fn warn(&self, message: impl std::fmt::Display) -> Warning {
        Warning {
            path: self.file.clone(),
            message: format!("line {}: {message}", self.line),
        }
    }
}

/// A passage of a cluster record, placed in its article.
#[derive(Debug, Clone)]
struct Member {
    article: ArticleId,
    bytes: Range<usize>,
    /// `(uid, begin, end)` of each passage passim took for this one's source.
    src: Vec<(i64, i64, i64)>,
}

/// The `part-*` files of passim's output under `dir`: `out.json/` and `align.json/`, or `dir`
/// itself when it is one of those folders. Sorted, so warnings come in a stable order.
fn part_files(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Warning>)> {
    if !dir.exists() {
        return Err(Error::NotFound {
            path: dir.to_path_buf(),
        });
    }
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for folder in [
        dir.join("out.json"),
        dir.join("align.json"),
        dir.to_path_buf(),
    ] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for path in names {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.starts_with("part-") || !path.is_file() {
                continue;
            }
            if [".gz", ".bz2", ".snappy", ".lz4", ".zst", ".parquet"]
                .iter()
                .any(|ext| name.ends_with(ext))
            {
                warnings.push(Warning {
                    path,
                    message: "not read: compressed or Parquet (run passim with \
                              --output-format json, or decompress the parts)"
                        .to_owned(),
                });
                continue;
            }
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(Error::Invalid {
            path: dir.to_path_buf(),
            message: "no passim output here (expected out.json/ or align.json/ holding \
                      part-* files written with --output-format json)"
                .to_owned(),
        });
    }
    Ok((files, warnings))
}

/// What the records of passim's output say, before they are turned into links.
#[derive(Default)]
struct Read {
    /// Cluster members by passim's cluster number.
    clusters: BTreeMap<i64, Vec<Member>>,
    /// Pairs from `align.json`.
    pairs: Vec<Link>,
    /// passim's `uid` of each article it named.
    uids: HashMap<i64, ArticleId>,
    records: usize,
}

/// Reads passim's output folder `dir` (see the module doc) for `corpus`: the links it makes
/// between passages, the number of records read, a warning for each record that could not be
/// used (and each part that could not be read), and the passages passim named as sources.
///
/// # Errors
/// [`Error::NotFound`] when `dir` does not exist, [`Error::Invalid`] when it holds no part
/// file passim writes.
pub fn load(dir: &Path, corpus: &Corpus) -> Result<Loaded> {
    let (files, warnings) = part_files(dir)?;
    Ok(load_files(&files, corpus, warnings))
}

/// Reads passim's part `files` (see [`load`]), adding to `warnings`.
pub fn load_files(files: &[PathBuf], corpus: &Corpus, mut warnings: Vec<Warning>) -> Loaded {
    let names: HashMap<&str, ArticleId> = corpus
        .articles
        .iter()
        .map(|a| (a.name.as_str(), a.id))
        .collect();
    let mut spans = CharSpans::default();
    let mut read = Read::default();
    for file in files {
        let handle = match std::fs::File::open(file) {
            Ok(handle) => handle,
            Err(err) => {
                warnings.push(Warning {
                    path: file.clone(),
                    message: format!("not read: {err}"),
                });
                continue;
            }
        };
        for (i, line) in std::io::BufReader::new(handle).split(b'\n').enumerate() {
            let place = Place {
                file: file.clone(),
                line: i + 1,
            };
            let line = match line {
                Ok(line) => line,
                Err(err) => {
                    warnings.push(place.warn(format!("not read: {err}")));
                    break;
                }
            };
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            read.records += 1;
            if let Err(message) = read_record(&line, corpus, &names, &mut spans, &mut read) {
                warnings.push(place.warn(message));
            }
        }
    }
    let mut links = read.pairs;
    let (clustered, named_sources) = cluster_links(corpus, &read.clusters, &read.uids, &mut spans);
    links.extend(clustered);
    Loaded {
        links,
        records: read.records,
        warnings,
        named_sources,
        format: Format::Passim,
    }
}

/// Reads one line into `read`; the error is the warning's message.
fn read_record(
    line: &[u8],
    corpus: &Corpus,
    names: &HashMap<&str, ArticleId>,
    spans: &mut CharSpans,
    read: &mut Read,
) -> std::result::Result<(), String> {
    let record: Record =
        serde_json::from_slice(line).map_err(|err| format!("not a passim record ({err})"))?;
    let article = |id: &Option<String>| -> std::result::Result<ArticleId, String> {
        let id = id.as_deref().ok_or("no `id`")?;
        names
            .get(id)
            .copied()
            .ok_or_else(|| format!("{id}: no such article in the corpus"))
    };
    let a = article(&record.id)?;
    if let Some(uid) = record.uid {
        read.uids.insert(uid, a);
    }
    let (begin, end) = record.begin.zip(record.end).ok_or("no `begin` and `end`")?;
    let a_bytes = place_span(corpus, spans, a, begin, end)?;
    if record.id2.is_some() {
        let b = article(&record.id2)?;
        if let Some(uid2) = record.uid2 {
            read.uids.insert(uid2, b);
        }
        let (begin2, end2) = record
            .begin2
            .zip(record.end2)
            .ok_or("no `begin2` and `end2`")?;
        let b_bytes = place_span(corpus, spans, b, begin2, end2)?;
        same_text(corpus, a, &a_bytes, record.s1.as_deref(), true)?;
        same_text(corpus, b, &b_bytes, record.s2.as_deref(), true)?;
        if a == b {
            return Err(format!(
                "{}: pairs a passage with one of the same article",
                corpus.articles[a.index()].name
            ));
        }
        read.pairs.push(Link::new(
            corpus,
            (a, a_bytes),
            (b, b_bytes),
            Origin::Aligned,
        ));
        return Ok(());
    }
    let cluster = record
        .cluster
        .ok_or("neither a cluster record (`cluster`) nor an alignment (`id2`)")?;
    same_text(corpus, a, &a_bytes, record.text.as_deref(), false)?;
    read.clusters.entry(cluster).or_default().push(Member {
        article: a,
        bytes: a_bytes,
        src: record.src.as_ref().map(source_spans).unwrap_or_default(),
    });
    Ok(())
}

/// The byte span of characters `begin..end` of `article`, or why it does not fit.
fn place_span(
    corpus: &Corpus,
    spans: &mut CharSpans,
    article: ArticleId,
    begin: i64,
    end: i64,
) -> std::result::Result<Range<usize>, String> {
    let name = &corpus.articles[article.index()].name;
    spans
        .bytes(corpus, article, begin, end)
        .map_err(|why| match why {
            OutOfBounds::Reversed => format!("{name}: characters {begin}..{end} are no span"),
            OutOfBounds::PastEnd { chars } => format!(
                "{name}: characters {begin}..{end} are past the end of the article \
                 ({chars} characters; was it changed since it was exported?)"
            ),
        })
}

/// Checks that the article's text at `bytes` is the text passim gave for it (`aligned`: with
/// `-` padding, which is ignored, as are the text's own hyphens, which passim writes as `‐`).
fn same_text(
    corpus: &Corpus,
    article: ArticleId,
    bytes: &Range<usize>,
    given: Option<&str>,
    aligned: bool,
) -> std::result::Result<(), String> {
    let Some(given) = given else {
        return Ok(());
    };
    let here = &corpus.articles[article.index()].text()[bytes.clone()];
    // passim pads its aligned strings with `-` and writes the text's own hyphens as U+2010.
    let unpadded = |c: &char| *c != '-' && *c != '\u{2010}';
    let same = if aligned {
        here.chars()
            .filter(unpadded)
            .eq(given.chars().filter(unpadded))
    } else {
        here == given
    };
    if same {
        Ok(())
    } else {
        Err(format!(
            "{}: the text there is not the text passim read (was the article changed since \
             it was exported?)",
            corpus.articles[article.index()].name
        ))
    }
}

/// The `(uid, begin, end)` of each entry of a record's `src`: passim 2 writes a list of
/// passages; anything else is taken as no source.
fn source_spans(src: &serde_json::Value) -> Vec<(i64, i64, i64)> {
    let entry = |v: &serde_json::Value| {
        Some((
            v.get("uid")?.as_i64()?,
            v.get("begin")?.as_i64()?,
            v.get("end")?.as_i64()?,
        ))
    };
    match src {
        serde_json::Value::Array(items) => items.iter().filter_map(entry).collect(),
        serde_json::Value::Object(_) => entry(src).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Links that hold each passim cluster together: each member to the member passim took for
/// its source (`src`), then, so that no member is left out, one link from the cluster's first
/// member to each part still apart. Also the passages passim named as sources: members that
/// others took for theirs and that took from none (passim lists in `src` only earlier
/// passages, so these are where the text starts).
fn cluster_links(
    corpus: &Corpus,
    clusters: &BTreeMap<i64, Vec<Member>>,
    uids: &HashMap<i64, ArticleId>,
    spans: &mut CharSpans,
) -> (Vec<Link>, Vec<Side>) {
    let mut links = Vec::new();
    let mut named = Vec::new();
    for members in clusters.values() {
        let mut sets = DisjointSets::new(members.len());
        let mut edges: Vec<(usize, usize)> = Vec::new();
        let mut is_taken = vec![false; members.len()];
        for (i, member) in members.iter().enumerate() {
            for &(uid, begin, end) in &member.src {
                let Some(&article) = uids.get(&uid) else {
                    continue;
                };
                let Ok(bytes) = spans.bytes(corpus, article, begin, end) else {
                    continue;
                };
                let source = members.iter().position(|m| {
                    m.article == article && m.bytes.start < bytes.end && bytes.start < m.bytes.end
                });
                if let Some(j) = source.filter(|&j| members[j].article != member.article) {
                    edges.push((j, i));
                    sets.union(i, j);
                    is_taken[j] = true;
                }
            }
        }
        named.extend(
            members
                .iter()
                .zip(&is_taken)
                .filter(|(m, taken)| **taken && m.src.is_empty())
                .map(|(m, _)| Side {
                    article: m.article,
                    byte_span: m.bytes.clone(),
                }),
        );
        // The parts still apart, each joined to the first part by a pair of members of two
        // different articles.
        let first = sets.find(0);
        for i in 1..members.len() {
            if sets.find(i) == sets.find(first) {
                continue;
            }
            let near: Vec<usize> = (0..members.len())
                .filter(|&x| sets.find(x) == sets.find(first))
                .collect();
            let far: Vec<usize> = (0..members.len())
                .filter(|&y| sets.find(y) == sets.find(i))
                .collect();
            let pair = near.iter().find_map(|&x| {
                far.iter()
                    .find(|&&y| members[x].article != members[y].article)
                    .map(|&y| (x, y))
            });
            if let Some((x, y)) = pair {
                edges.push((x, y));
                sets.union(x, y);
            }
        }
        edges.sort_unstable();
        edges.dedup();
        for (x, y) in edges {
            let (mx, my) = (&members[x], &members[y]);
            links.push(Link::new(
                corpus,
                (mx.article, mx.bytes.clone()),
                (my.article, my.bytes.clone()),
                Origin::Clustered,
            ));
        }
    }
    (links, named)
}
