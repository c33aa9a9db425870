//! Tags written out for people and other tools: text lines, JSON Lines, CSV, and W3C Web
//! Annotation JSON-LD. Each tag is shown where it is now (resolved against the corpus), and
//! orphans are listed and marked in every format, never left out.
//!
//! Offsets in text, JSON Lines and CSV count the article's stored bytes, like the tags file.
//! The W3C `TextPositionSelector` counts Unicode code points, as its specification requires.

use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use serde_json::{Value, json};

use crate::corpus::{Article, Corpus};
use crate::error::line_column;
use crate::tags::anchor::{Resolution, TagAnchor};

use super::{Tag, TagStore};

/// An output format of `crossread tags`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One line per tag, for people.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// A W3C Web Annotation `AnnotationCollection` (JSON-LD).
    W3c,
}

/// A tag with where it is now.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The tag.
    pub tag: &'a Tag,
    /// Where it is in its article now.
    pub resolution: Resolution,
    /// Its article, if the corpus has it.
    pub article: Option<&'a Article>,
    /// For a tag found approximately: its anchor on the text now there.
    pub current: Option<TagAnchor>,
}

impl Entry<'_> {
    /// The anchor to export: on the current text when the tag was found approximately (an
    /// edited passage), so another tool can place it; else the stored one.
    pub fn anchor(&self) -> &TagAnchor {
        self.current.as_ref().unwrap_or(&self.tag.anchor)
    }

    /// `exact`, `fuzzy` or `orphaned`.
    pub fn status(&self) -> &'static str {
        match self.resolution {
            Resolution::Exact { .. } => "exact",
            Resolution::Fuzzy { .. } => "fuzzy",
            Resolution::Orphan => "orphaned",
        }
    }

    /// The current span in stored bytes (as the tags file counts), unless orphaned.
    pub fn stored_span(&self) -> Option<Range<usize>> {
        let span = self.resolution.byte_span()?;
        Some(self.article?.decoded.stored_range(span))
    }
}

/// The store's tags resolved against `corpus`, in file order; with `labels` given, only tags
/// carrying one of them.
pub fn entries<'a>(store: &'a TagStore, corpus: &'a Corpus, labels: &[String]) -> Vec<Entry<'a>> {
    store
        .tags()
        .iter()
        .filter(|tag| labels.is_empty() || tag.labels.iter().any(|l| labels.contains(l)))
        .map(|tag| {
            let article = corpus.find(&tag.article);
            let resolution = article.map_or(Resolution::Orphan, |a| tag.anchor.resolve(&a.decoded));
            let current = match (&resolution, article) {
                (Resolution::Fuzzy { byte_span, .. }, Some(a)) => {
                    TagAnchor::new(&a.decoded, byte_span.clone())
                }
                _ => None,
            };
            Entry {
                tag,
                resolution,
                article,
                current,
            }
        })
        .collect()
}

/// Where the W3C format points: absolute paths, made into `file:` IRIs.
#[derive(Debug, Clone, Copy)]
pub struct Locations<'a> {
    /// The corpus folder; each annotation's target source is an article in it.
    pub corpus_dir: &'a Path,
    /// The tags file; each annotation's id is this file's IRI with the tag id as fragment.
    pub tags_path: &'a Path,
}

/// Writes `entries` in `format`.
///
/// # Errors
/// What writing to `out` fails with.
pub fn write(
    format: Format,
    entries: &[Entry<'_>],
    locations: Locations<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Text => write_text(entries, out),
        Format::Jsonl => {
            for entry in entries {
                serde_json::to_writer(&mut *out, &json_entry(entry))?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        Format::Csv => write_csv(entries, out),
        Format::W3c => {
            serde_json::to_writer_pretty(&mut *out, &w3c_collection(entries, locations))?;
            out.write_all(b"\n")
        }
    }
}

/// `article:line:column [labels] "quote" — note`, the position in characters of the current
/// text; orphans say so where the position would be.
fn write_text(entries: &[Entry<'_>], out: &mut dyn Write) -> io::Result<()> {
    for entry in entries {
        let tag = entry.tag;
        let place = match (entry.resolution.byte_span(), entry.article) {
            (Some(span), Some(article)) => {
                let (line, column) = line_column(article.text(), span.start);
                let how = if matches!(entry.resolution, Resolution::Fuzzy { .. }) {
                    " (approximate)"
                } else {
                    ""
                };
                format!("{}:{line}:{column}{how}", clean(&tag.article))
            }
            _ => format!("{} (orphaned)", clean(&tag.article)),
        };
        write!(
            out,
            "{place} {} [{}] \"{}\"",
            clean(&tag.id.0),
            clean(&tag.labels.join(", ")),
            clean(&entry.anchor().quote)
        )?;
        if let Some(note) = &tag.note {
            write!(out, " — {}", clean(note))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Control characters (a terminal escape in a hand-edited file) and invisible format characters
/// (a right-to-left override) as escapes, the rest as is.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || crate::view::wrap::is_invisible(c) {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn json_entry(entry: &Entry<'_>) -> Value {
    let tag = entry.tag;
    let span = entry.stored_span();
    json!({
        "id": tag.id.0,
        "article": tag.article,
        "status": entry.status(),
        "start": span.as_ref().map(|s| s.start),
        "end": span.as_ref().map(|s| s.end),
        "labels": tag.labels,
        "note": tag.note,
        "quote": entry.anchor().quote,
        "prefix": entry.anchor().prefix,
        "suffix": entry.anchor().suffix,
        "created": tag.created.map(|t| t.to_string()),
        "updated": tag.updated.map(|t| t.to_string()),
    })
}

const CSV_HEADER: [&str; 12] = [
    "id", "article", "status", "start", "end", "labels", "note", "quote", "prefix", "suffix",
    "created", "updated",
];

/// RFC 4180: every row ends in CRLF, fields with a comma, quote or line break are quoted with
/// quotes doubled. Labels are joined with "; ". Twelve fixed string columns did not seem worth
/// a crate.
fn write_csv(entries: &[Entry<'_>], out: &mut dyn Write) -> io::Result<()> {
    write_csv_row(out, CSV_HEADER.iter().map(|s| (*s).to_owned()))?;
    for entry in entries {
        let tag = entry.tag;
        let span = entry.stored_span();
        let optional = |v: Option<String>| v.unwrap_or_default();
        write_csv_row(
            out,
            [
                tag.id.0.clone(),
                tag.article.clone(),
                entry.status().to_owned(),
                optional(span.as_ref().map(|s| s.start.to_string())),
                optional(span.as_ref().map(|s| s.end.to_string())),
                tag.labels.join("; "),
                optional(tag.note.clone()),
                entry.anchor().quote.clone(),
                entry.anchor().prefix.clone(),
                entry.anchor().suffix.clone(),
                optional(tag.created.map(|t| t.to_string())),
                optional(tag.updated.map(|t| t.to_string())),
            ],
        )?;
    }
    Ok(())
}

fn write_csv_row(out: &mut dyn Write, fields: impl IntoIterator<Item = String>) -> io::Result<()> {
    let mut first = true;
    for field in fields {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        if field.contains([',', '"', '\n', '\r']) {
            write!(out, "\"{}\"", field.replace('"', "\"\""))?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

/// The W3C Web Annotation Data Model (<https://www.w3.org/TR/annotation-model/>): one
/// `AnnotationCollection` whose first (only) page holds one `Annotation` per tag. Labels are
/// `tagging` bodies, the note a `commenting` body; the target names the article and gives a
/// `TextQuoteSelector` and, unless orphaned, a `TextPositionSelector`. Our status and id sit
/// under a `crossread:` prefix declared in the context.
fn w3c_collection(entries: &[Entry<'_>], locations: Locations<'_>) -> Value {
    let items: Vec<Value> = entries
        .iter()
        .map(|e| w3c_annotation(e, locations))
        .collect();
    let id = file_iri(locations.tags_path);
    json!({
        "@context": [
            "http://www.w3.org/ns/anno.jsonld",
            { "crossread": "urn:crossread:" }
        ],
        "id": id,
        "type": "AnnotationCollection",
        "label": "crossread tags",
        "total": items.len(),
        // The model (section 5.2) requires every page to have an IRI, embedded or not. A tag
        // id in a fragment is percent-encoded, so it never reads `page=1`.
        "first": {
            "id": format!("{id}#page=1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

fn w3c_annotation(entry: &Entry<'_>, locations: Locations<'_>) -> Value {
    let tag = entry.tag;
    let mut body: Vec<Value> = tag
        .labels
        .iter()
        .map(|l| json!({ "type": "TextualBody", "purpose": "tagging", "value": l }))
        .collect();
    if let Some(note) = &tag.note {
        body.push(json!({ "type": "TextualBody", "purpose": "commenting", "value": note }));
    }
    let mut selector = vec![json!({
        "type": "TextQuoteSelector",
        "exact": entry.anchor().quote,
        "prefix": entry.anchor().prefix,
        "suffix": entry.anchor().suffix,
    })];
    if let (Some(span), Some(article)) = (entry.resolution.byte_span(), entry.article) {
        let text = article.text();
        let start = text.get(..span.start).map_or(0, |s| s.chars().count());
        let length = text.get(span.clone()).map_or(0, |s| s.chars().count());
        selector.push(json!({
            "type": "TextPositionSelector",
            "start": start,
            "end": start + length,
        }));
    }
    let mut annotation = json!({
        "id": format!("{}#{}", file_iri(locations.tags_path), percent_encode(&tag.id.0)),
        "type": "Annotation",
        "motivation": if tag.labels.is_empty() { "commenting" } else { "tagging" },
        "body": body,
        "target": {
            "source": file_iri(&locations.corpus_dir.join(&tag.article)),
            "selector": selector,
        },
        "crossread:tag": tag.id.0,
        "crossread:status": entry.status(),
    });
    if let Some(created) = tag.created {
        annotation["created"] = json!(created.to_string());
    }
    if let Some(updated) = tag.updated {
        annotation["modified"] = json!(updated.to_string());
    }
    annotation
}

/// A `file:` IRI for an absolute path, with bytes outside unreserved characters and `/`
/// percent-encoded.
fn file_iri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let encoded: String = text
        .split('/')
        .map(percent_encode)
        .collect::<Vec<_>>()
        .join("/");
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    }
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_needs_it() {
        let mut out = Vec::new();
        write_csv_row(
            &mut out,
            [
                "plain".to_owned(),
                "a,b".to_owned(),
                "say \"hi\"\nthen".to_owned(),
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a,b\",\"say \"\"hi\"\"\nthen\"\r\n"
        );
    }

    #[test]
    fn file_iris_are_percent_encoded() {
        assert_eq!(
            file_iri(Path::new("/news/Le Monde/été #1.txt")),
            "file:///news/Le%20Monde/%C3%A9t%C3%A9%20%231.txt"
        );
        assert_eq!(clean("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\n");
    }

    #[test]
    fn clean_escapes_bidi_overrides() {
        // Found by the hostile-corpus test: a right-to-left override in a note reached the
        // terminal and could reverse the rest of the line.
        assert_eq!(
            clean("note\u{202E}evil\u{200B}"),
            "note\\u{202e}evil\\u{200b}"
        );
    }
}
