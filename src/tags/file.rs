//! The tags file on disk: reading it into tags (with line and column for what is wrong),
//! and writing tags back into the same document so a user's comments, key order and unknown
//! keys survive (`write.rs`). Putting the bytes on disk safely is [`super::atomic`]'s job.
//!
//! The format (documented in README.md): one `[[tag]]` table per tag, sorted by article and
//! position, and a `[labels]` table of `name = { color = "…", description = "…" }`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::error::{Error, Result, line_column};
use crate::tags::anchor::TagAnchor;

use super::{Label, Tag, TagId, Timestamp};

mod write;

/// What reading a tags file gave: the tags and labels that parsed, the document for writing
/// back, and the first problem, if any.
pub(super) struct Parsed {
    pub(super) tags: Vec<Tag>,
    pub(super) labels: BTreeMap<String, Label>,
    pub(super) doc: TagsDocument,
    pub(super) error: Option<Error>,
}

/// A tags file as a document to write back: everything but the tags (`frame`: comments, the
/// `[labels]` table, tables crossread does not know), and each tag's own table with the text it
/// renders to. A save renders only the tags that changed and pastes the rest: rendering the
/// whole document took 0.3 s at 10,000 tags.
#[derive(Debug, Clone)]
pub(super) struct TagsDocument {
    frame: DocumentMut,
    /// Where the tags sit among the frame's tables.
    position: Option<isize>,
    /// The file's header comment, kept in front of whichever tag comes first.
    header: String,
    /// Each tag's table by id, with the tag it was rendered from and its text.
    tables: HashMap<String, TagTable>,
}

#[derive(Debug, Clone)]
struct TagTable {
    table: Table,
    rendered: Option<Tag>,
    text: String,
}

/// Marks where the tags go in the rendered frame: NUL cannot appear in a TOML document.
const TAGS_MARK: &str = "\u{0}crossread-tags\u{0}";

/// The text a new tags file starts with.
const HEADER: &str = "\
# crossread tags: one [[tag]] per tagged passage, sorted by article and position.
# Edit freely; crossread keeps comments and keys it does not know. Format: see README.md.

";

pub(super) fn new_document() -> TagsDocument {
    let mut doc = DocumentMut::new();
    doc.decor_mut().set_prefix(HEADER);
    TagsDocument::from_document(doc, &[])
}

/// Reads a tags file's bytes. Tags that parse are returned even when others do not, so the
/// reader can show them; the first problem is in `error`.
pub(super) fn parse(bytes: &[u8], path: &Path) -> Parsed {
    let mut parsed = Parsed {
        tags: Vec::new(),
        labels: BTreeMap::new(),
        doc: new_document(),
        error: None,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let (line, column) = line_column(
                &String::from_utf8_lossy(&bytes[..err.valid_up_to()]),
                err.valid_up_to(),
            );
            parsed.error = Some(Error::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: "not UTF-8 text".to_owned(),
            });
            return parsed;
        }
    };
    let document = match toml_edit::Document::parse(text) {
        Ok(document) => document,
        Err(err) => {
            let (line, column) = err
                .span()
                .map_or((1, 1), |span| line_column(text, span.start));
            parsed.error = Some(Error::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: err.message().trim().replace('\n', " "),
            });
            return parsed;
        }
    };
    let reader = Reader { text, path };
    let mut problems = Vec::new();
    match document.get("tag") {
        None => {}
        Some(Item::ArrayOfTables(array)) => {
            let mut seen: HashSet<String> = HashSet::new();
            for table in array.iter() {
                match reader.tag(table) {
                    Ok(tag) if !seen.insert(tag.id.0.clone()) => {
                        problems.push(reader.error(
                            table.get("id").and_then(Item::span).or(table.span()),
                            format!("a second tag with id \"{}\"; ids must be unique", tag.id),
                        ));
                    }
                    Ok(tag) => parsed.tags.push(tag),
                    Err(err) => problems.push(err),
                }
            }
        }
        Some(item) => problems.push(reader.error(
            item.span(),
            "`tag` must be a list of [[tag]] tables".to_owned(),
        )),
    }
    match document.get("labels") {
        None => {}
        Some(item) => match item.as_table_like() {
            Some(table) => {
                for (name, value) in table.iter() {
                    match reader.label(name, value) {
                        Ok(label) => {
                            parsed.labels.insert(name.to_owned(), label);
                        }
                        Err(err) => problems.push(err),
                    }
                }
            }
            None => problems.push(reader.error(
                item.span(),
                "`labels` must be a table of label names".to_owned(),
            )),
        },
    }
    for tag in &parsed.tags {
        for label in &tag.labels {
            parsed.labels.entry(label.clone()).or_default();
        }
    }
    parsed.error = problems.into_iter().next();
    if parsed.error.is_none() {
        parsed.doc = TagsDocument::from_document(document.into_mut(), &parsed.tags);
    }
    parsed
}

/// Reads values out of a parsed document, with positions for errors.
struct Reader<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Reader<'_> {
    fn error(&self, span: Option<std::ops::Range<usize>>, message: String) -> Error {
        let (line, column) = span.map_or((1, 1), |s| line_column(self.text, s.start));
        Error::Parse {
            path: self.path.to_path_buf(),
            line,
            column,
            message,
        }
    }

    fn tag(&self, table: &Table) -> Result<Tag> {
        let at = table.span();
        let string = |key: &str, required: bool| -> Result<Option<String>> {
            match table.get(key) {
                None if required => Err(self.error(
                    at.clone(),
                    format!("this tag has no `{key}`; every tag needs one"),
                )),
                None => Ok(None),
                Some(item) => match item.as_str() {
                    Some(s) => Ok(Some(s.to_owned())),
                    None => Err(self.error(item.span(), format!("`{key}` must be a string"))),
                },
            }
        };
        let offset = |key: &str| -> Result<usize> {
            match table.get(key) {
                None => Ok(0),
                Some(item) => item
                    .as_integer()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| {
                        self.error(
                            item.span(),
                            format!("`{key}` must be a byte offset (a whole number, 0 or more)"),
                        )
                    }),
            }
        };
        let time = |key: &str| -> Result<Option<Timestamp>> {
            let Some(item) = table.get(key) else {
                return Ok(None);
            };
            let parsed = match item.as_value() {
                Some(Value::Datetime(d)) => Timestamp::parse(&d.value().to_string()),
                Some(Value::String(s)) => Timestamp::parse(s.value()),
                _ => None,
            };
            parsed.map(Some).ok_or_else(|| {
                self.error(
                    item.span(),
                    format!(
                        "`{key}` must be an RFC 3339 time with an offset, like 2025-08-21T10:00:00Z"
                    ),
                )
            })
        };
        let id = string("id", true)?.unwrap_or_default();
        if id.trim().is_empty() {
            return Err(self.error(
                table.get("id").and_then(Item::span),
                "`id` must not be empty".to_owned(),
            ));
        }
        let article = string("article", true)?.unwrap_or_default();
        let quote = string("quote", true)?.unwrap_or_default();
        let (start, end) = (offset("start")?, offset("end")?);
        if start > end {
            return Err(self.error(
                table.get("end").and_then(Item::span),
                format!("`end` ({end}) is before `start` ({start})"),
            ));
        }
        let labels = match table.get("labels") {
            None => Vec::new(),
            Some(item) => {
                let list: Option<Vec<String>> = item.as_array().and_then(|array| {
                    array
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned))
                        .collect()
                });
                list.ok_or_else(|| {
                    self.error(item.span(), "`labels` must be a list of strings".to_owned())
                })?
            }
        };
        Ok(Tag {
            id: TagId(id),
            article,
            anchor: TagAnchor {
                quote,
                prefix: string("prefix", false)?.unwrap_or_default(),
                suffix: string("suffix", false)?.unwrap_or_default(),
                stored_span: start..end,
            },
            labels,
            note: string("note", false)?,
            created: time("created")?,
            updated: time("updated")?,
        })
    }

    fn label(&self, name: &str, item: &Item) -> Result<Label> {
        let Some(table) = item.as_table_like() else {
            return Err(self.error(
                item.span(),
                format!("label \"{name}\" must be a table, like {{ color = \"yellow\" }}"),
            ));
        };
        let field = |key: &str| -> Result<Option<String>> {
            match table.get(key) {
                None => Ok(None),
                Some(item) => item.as_str().map(|s| Some(s.to_owned())).ok_or_else(|| {
                    self.error(
                        item.span(),
                        format!("`{key}` of label \"{name}\" must be a string"),
                    )
                }),
            }
        };
        Ok(Label {
            color: field("color")?,
            description: field("description")?,
        })
    }
}

#[cfg(test)]
mod tests;
