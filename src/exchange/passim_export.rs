//! The corpus as passim's input: one JSON object per line per article, with passim's `id`
//! (the article's path relative to the corpus folder, the name crossread uses everywhere),
//! `series` (the outlet: passim's `--fields 'xxhash64(series) as gid'` then skips reuse within
//! one outlet, its boilerplate filter) and `text` (the decoded text: passim's character offsets
//! count its code points, after any front matter is taken out), plus `title` and, when
//! `[[source]]` or the front matter gives them, `date` and `url`, which passim passes through
//! to its output.
//!
//! Records stream: files are read a batch at a time, so exporting 10 million articles holds one
//! batch in memory, never the corpus. Where the lines go (a file, parts of a folder) is the
//! caller's concern.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::corpus::metadata::strip_front_matter;
use crate::corpus::read::read_article_file;
use crate::corpus::text::DecodedText;
use crate::corpus::{Warning, list_articles, meta_of, not_utf8_message, relative_name};
use crate::error::Result;

/// Files read at once (in parallel) before their records are handed out.
const BATCH: usize = 256;

/// One input record for passim.
#[derive(Debug, Serialize)]
struct Record<'a> {
    id: &'a str,
    series: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    text: &'a str,
}

/// What exporting one article gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exported {
    /// Its record: one line of JSON, with its `\n`.
    Record(Vec<u8>),
    /// A file that was skipped, or read with a warning (then its record follows).
    Warning(Warning),
}

/// The records of a corpus folder, one article at a time, in the order a load gives them.
#[derive(Debug)]
pub struct Records<'a> {
    dir: PathBuf,
    config: &'a Config,
    files: std::vec::IntoIter<PathBuf>,
    ready: VecDeque<Exported>,
}

/// The passim records of the corpus in `dir` (see the module doc), after the warnings of the
/// walk over the folder.
///
/// # Errors
/// As [`crate::Corpus::load`]: only a folder that cannot be read at all.
///
/// # Examples
/// ```
/// use crossread::exchange::passim_export::{records, Exported};
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("a.txt"), "Headline\n\nCafé «text».").unwrap();
/// let config = crossread::Config::default();
/// let lines: Vec<Exported> = records(dir.path(), &config).unwrap().collect();
/// let Exported::Record(line) = &lines[0] else { panic!() };
/// assert_eq!(
///     std::str::from_utf8(line).unwrap(),
///     "{\"id\":\"a.txt\",\"series\":\"a\",\"title\":\"Headline\",\"text\":\"Headline\\n\\nCafé «text».\"}\n"
/// );
/// ```
pub fn records<'a>(dir: &Path, config: &'a Config) -> Result<Records<'a>> {
    let (files, warnings) = list_articles(dir)?;
    Ok(Records {
        dir: dir.to_path_buf(),
        config,
        files: files.into_iter(),
        ready: warnings.into_iter().map(Exported::Warning).collect(),
    })
}

impl Records<'_> {
    /// Reads the next batch of files into `ready`.
    fn fill(&mut self) {
        let batch: Vec<PathBuf> = self.files.by_ref().take(BATCH).collect();
        let (dir, config) = (&self.dir, self.config);
        let exported: Vec<Vec<Exported>> = batch
            .into_par_iter()
            .map(|rel| export_one(dir, &rel, config))
            .collect();
        self.ready.extend(exported.into_iter().flatten());
    }
}

impl Iterator for Records<'_> {
    type Item = Exported;

    fn next(&mut self) -> Option<Exported> {
        if self.ready.is_empty() {
            self.fill();
        }
        self.ready.pop_front()
    }
}

/// The record of one file, after its warning if it has one; only a warning when it is skipped.
fn export_one(dir: &Path, rel: &Path, config: &Config) -> Vec<Exported> {
    let path = dir.join(rel);
    let file = match read_article_file(&path) {
        Ok(file) => file,
        Err(why) => {
            return vec![Exported::Warning(Warning {
                path,
                message: why.warning_message(),
            })];
        }
    };
    let mut decoded = DecodedText::decode_owned(file.bytes);
    let mut out = Vec::with_capacity(2);
    if !decoded.is_utf8() {
        out.push(Exported::Warning(Warning {
            path,
            message: not_utf8_message(&decoded),
        }));
    }
    // The text as the reader has it: front matter out, so passim's offsets count the text
    // crossread's spans are in.
    let front = strip_front_matter(&mut decoded);
    let name = relative_name(rel);
    let meta = meta_of(&name, &decoded.text, front.as_ref(), config);
    let record = Record {
        id: &name,
        series: &meta.outlet,
        date: meta.date.as_deref(),
        title: &meta.title,
        url: meta.url.as_deref(),
        text: &decoded.text,
    };
    // Serializing plain strings into a Vec cannot fail.
    let mut line = serde_json::to_vec(&record).unwrap_or_default();
    line.push(b'\n');
    out.push(Exported::Record(line));
    out
}
