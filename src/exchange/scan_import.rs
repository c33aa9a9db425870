//! Reading back what `crossread scan --format jsonl` wrote, on this machine or another with a
//! copy of the corpus: one match per line, offsets in the stored bytes of each file. The
//! matches keep their similarity, kind and word count, so the reader shows what the scan
//! found; clusters are grouped again from the matches, which gives the same clusters. A file
//! that turns out to be one of passim's part files is handed to [`super::passim_import`].

use std::collections::HashMap;
use std::io::BufRead as _;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;

use crate::corpus::{ArticleId, Corpus, Warning};
use crate::detect::reuse::MatchKind;
use crate::error::{Error, Result};
use crate::exchange::{Format, Link, Origin, passim_import};

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
pub fn load(path: &Path, corpus: &Corpus) -> Result<(Vec<Link>, usize, Vec<Warning>, Format)> {
    if !path.exists() {
        return Err(Error::NotFound {
            path: path.to_path_buf(),
        });
    }
    if looks_like_passim(path)? {
        let (links, records, warnings) =
            passim_import::load_files(&[path.to_path_buf()], corpus, Vec::new());
        return Ok((links, records, warnings, Format::Passim));
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
        match link_of(&line, corpus, &names) {
            Ok(link) => links.push(link),
            Err(message) => warnings.push(warn(message)),
        }
    }
    Ok((links, records, warnings, Format::ScanJsonl))
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
