//! Reading back what `crossread scan --format jsonl` (one match per line) or `--format
//! clusters` (one passage and all its copies per line) wrote, on this machine or another with
//! a copy of the corpus, offsets in the stored bytes of each file. Matches keep their
//! similarity, kind and word count, so the reader shows what the scan found; the copies of a
//! cluster are linked and scored again; either way clusters are grouped again, which gives the
//! same clusters. A file
//! that turns out to be one of passim's part files is handed to [`super::passim_import`].

use std::collections::HashMap;
use std::io::BufRead as _;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;

use crate::corpus::{ArticleId, Corpus, Warning};
use crate::detect::reuse::MatchKind;
use crate::error::{Error, Result};
use crate::exchange::{Format, Link, Loaded, Origin, passim_import};

#[derive(Debug, Deserialize)]
struct Location {
    doc: String,
    start: u64,
    end: u64,
}

/// One line of `scan --format jsonl`.
#[derive(Debug, Deserialize)]
struct Record {
    a: Location,
    b: Location,
    similarity: f64,
    kind: String,
    words: usize,
}

/// One line of `scan --format clusters`: every copy of one passage.
#[derive(Debug, Deserialize)]
struct ClusterRecord {
    members: Vec<Location>,
}

/// True when the first record of the file at `path` looks like one of passim's.
fn looks_like_passim(path: &Path) -> Result<bool> {
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let first = std::io::BufReader::new(file)
        .split(b'\n')
        .map_while(std::result::Result::ok)
        .find(|line| !line.iter().all(u8::is_ascii_whitespace));
    Ok(first
        .and_then(|line| serde_json::from_slice::<serde_json::Value>(&line).ok())
        .is_some_and(|v| v.get("id").is_some() && v.get("a").is_none()))
}

/// Reads the file at `path` for `corpus`: links, records read, warnings, and what it was.
///
/// # Errors
/// [`Error::NotFound`] when there is no such file, [`Error::Read`] when it cannot be read.
pub fn load(path: &Path, corpus: &Corpus) -> Result<Loaded> {
    if !path.exists() {
        return Err(Error::NotFound {
            path: path.to_path_buf(),
        });
    }
    if looks_like_passim(path)? {
        return Ok(passim_import::load_files(
            &[path.to_path_buf()],
            corpus,
            Vec::new(),
        ));
    }
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let names: HashMap<&str, ArticleId> = corpus
        .articles
        .iter()
        .map(|a| (a.name.as_str(), a.id))
        .collect();
    let mut links = Vec::new();
    let mut warnings = Vec::new();
    let mut records = 0;
    let mut format = Format::ScanJsonl;
    for (i, line) in std::io::BufReader::new(file).split(b'\n').enumerate() {
        let warn = |message: String| Warning {
            path: path.to_path_buf(),
            message: format!("line {}: {message}", i + 1),
        };
        let line = match line {
            Ok(line) => line,
            Err(err) => {
                warnings.push(warn(format!("not read: {err}")));
                break;
            }
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        let read = if is_cluster_record(&line) {
            format = Format::ScanClusters;
            cluster_links(&line, corpus, &names)
        } else {
            link_of(&line, corpus, &names).map(|link| vec![link])
        };
        match read {
            Ok(read) => links.extend(read),
            Err(message) => warnings.push(warn(message)),
        }
    }
    Ok(Loaded {
        links,
        records,
        warnings,
        named_sources: Vec::new(),
        format,
    })
}

/// True for a line of `scan --format clusters` (it lists `members`).
fn is_cluster_record(line: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(line)
        .is_ok_and(|v| v.get("members").is_some() && v.get("a").is_none())
}

/// The links one cluster line makes: its first copy to every copy in another article, then,
/// for copies of the first copy's article, the first copy of another article to them. They
/// are scored and grouped again as detection scores and groups its own, which gives the same
/// clusters. The line's `source` is not read: the hint is worked out again from the same
/// corpus, by the same rules.
fn cluster_links(
    line: &[u8],
    corpus: &Corpus,
    names: &HashMap<&str, ArticleId>,
) -> std::result::Result<Vec<Link>, String> {
    let record: ClusterRecord =
        serde_json::from_slice(line).map_err(|err| format!("not a scan record ({err})"))?;
    let members = record
        .members
        .iter()
        .map(|m| place(corpus, names, m))
        .collect::<std::result::Result<Vec<_>, String>>()?;
    let Some(first) = members.first() else {
        return Err("a cluster without members".to_owned());
    };
    let Some(other) = members.iter().find(|m| m.0 != first.0) else {
        return Err(format!(
            "{}: every copy is in this one article",
            corpus.articles[first.0.index()].name
        ));
    };
    Ok(members
        .iter()
        .skip(1)
        .map(|m| {
            let hub = if m.0 == first.0 { other } else { first };
            Link::new(corpus, hub.clone(), m.clone(), Origin::Clustered)
        })
        .collect())
}

/// The link one line describes, or why it cannot be used.
fn link_of(
    line: &[u8],
    corpus: &Corpus,
    names: &HashMap<&str, ArticleId>,
) -> std::result::Result<Link, String> {
    let record: Record =
        serde_json::from_slice(line).map_err(|err| format!("not a scan record ({err})"))?;
    let kind = match record.kind.as_str() {
        "verbatim" => MatchKind::Verbatim,
        "rewrite" => MatchKind::Rewrite,
        other => return Err(format!("unknown kind {other:?}")),
    };
    let a = place(corpus, names, &record.a)?;
    let b = place(corpus, names, &record.b)?;
    if a.0 == b.0 {
        return Err(format!(
            "{}: pairs a passage with one of the same article",
            record.a.doc
        ));
    }
    Ok(Link::new(
        corpus,
        a,
        b,
        Origin::Scanned {
            similarity: record.similarity.clamp(0.0, 1.0),
            kind,
            words: record.words,
        },
    ))
}

/// The article and text span of one side, checked against the article as stored.
fn place(
    corpus: &Corpus,
    names: &HashMap<&str, ArticleId>,
    at: &Location,
) -> std::result::Result<(ArticleId, Range<usize>), String> {
    let id = *names
        .get(at.doc.as_str())
        .ok_or_else(|| format!("{}: no such article in the corpus", at.doc))?;
    let article = &corpus.articles[id.index()];
    let stored_len = article.decoded.stored_offset(article.text().len());
    let (start, end) = (
        usize::try_from(at.start).unwrap_or(usize::MAX),
        usize::try_from(at.end).unwrap_or(usize::MAX),
    );
    if start > end || end > stored_len {
        return Err(format!(
            "{}: bytes {start}..{end} are not inside the article ({stored_len} bytes; was it \
             changed since the scan?)",
            at.doc
        ));
    }
    let text = article.decoded.text_range(start..end);
    if !article.text().is_char_boundary(text.start) || !article.text().is_char_boundary(text.end) {
        return Err(format!(
            "{}: bytes {start}..{end} cut a character in two (was it changed since the scan?)",
            at.doc
        ));
    }
    Ok((id, text))
}
