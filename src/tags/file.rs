//! The tags file on disk: reading it into tags (with line and column for what is wrong),
//! and writing tags back into the same document so a user's comments, key order and unknown
//! keys survive. Putting the bytes on disk safely is [`super::atomic`]'s job.
//!
//! The format (documented in README.md): one `[[tag]]` table per tag, sorted by article and
//! position, and a `[labels]` table of `name = { color = "…", description = "…" }`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use crate::error::{Error, Result, line_column};
use crate::tags::anchor::TagAnchor;

use super::{Label, Tag, TagId, Timestamp};

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

impl TagsDocument {
    /// Splits a parsed document into its frame and its tag tables (`tags`, parsed from those
    /// tables in order, are what each table's text was rendered from).
    fn from_document(mut frame: DocumentMut, tags: &[Tag]) -> TagsDocument {
        let mut existing: Vec<Table> = match frame.remove("tag") {
            Some(Item::ArrayOfTables(array)) => array.into_iter().collect(),
            _ => Vec::new(),
        };
        let position = existing.iter().filter_map(Table::position).min();
        let header = take_header(&frame, &mut existing, position).unwrap_or_default();
        let parsed: HashMap<&str, &Tag> = tags.iter().map(|t| (t.id.0.as_str(), t)).collect();
        let mut tables = HashMap::with_capacity(existing.len());
        for mut table in existing {
            let Some(id) = table.get("id").and_then(Item::as_str).map(str::to_owned) else {
                continue;
            };
            // An explicit blank line where toml_edit would add one anyway, so a table reads the
            // same alone as among others.
            if table.decor().prefix().is_none() {
                table.decor_mut().set_prefix("\n");
            }
            let rendered = parsed.get(id.as_str()).map(|t| (*t).clone());
            let text = table_text(&table, position);
            tables.insert(
                id,
                TagTable {
                    table,
                    rendered,
                    text,
                },
            );
        }
        TagsDocument {
            frame,
            position,
            header,
            tables,
        }
    }

    /// The file holding exactly `tags` (already sorted) and `labels`. A tag's existing table is
    /// edited in place: a value is replaced only when it changed (keeping its comment), and
    /// keys crossread does not know are left alone.
    pub(super) fn render(&mut self, tags: &[Tag], labels: &BTreeMap<String, Label>) -> String {
        let mut text = String::with_capacity(self.tables.values().map(|t| t.text.len()).sum());
        let mut kept = HashMap::with_capacity(tags.len());
        for tag in tags {
            let (id, mut entry) = self.tables.remove_entry(&tag.id.0).unwrap_or_else(|| {
                // A new tag's table is written straight to text: building it with toml_edit took
                // most of a first save's time (0.4 s at 20,000 tags). The table itself is
                // filled in only if the tag changes later.
                let mut table = Table::new();
                table.decor_mut().set_prefix("\n");
                let entry = TagTable {
                    table,
                    rendered: Some(tag.clone()),
                    text: new_table_text(tag),
                };
                (tag.id.0.clone(), entry)
            });
            if entry.rendered.as_ref() != Some(tag) {
                write_tag(&mut entry.table, tag);
                entry.text = table_text(&entry.table, self.position);
                entry.rendered = Some(tag.clone());
            }
            text.push_str(&entry.text);
            kept.insert(id, entry);
        }
        // Tables of deleted tags go.
        self.tables = kept;
        if tags.is_empty() {
            write_labels(&mut self.frame, labels);
            let mut frame = self.frame.clone();
            let own = frame
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_owned();
            frame
                .decor_mut()
                .set_prefix(format!("{own}{}", self.header));
            return frame.to_string();
        }
        // The frame with a marked empty table where the tags go, the mark then replaced. The
        // labels are written after it, so a new `[labels]` table follows the tags as before.
        let mut mark = Table::new();
        mark.decor_mut().set_prefix(TAGS_MARK);
        mark.set_position(self.position);
        let mut array = ArrayOfTables::new();
        array.push(mark);
        self.frame.insert("tag", Item::ArrayOfTables(array));
        write_labels(&mut self.frame, labels);
        let framed = self.frame.to_string();
        self.frame.remove("tag");
        let placeholder = format!("{TAGS_MARK}[[tag]]\n");
        match framed.find(&placeholder) {
            Some(at) => {
                let mut out = String::with_capacity(framed.len() + text.len() + self.header.len());
                out.push_str(&framed[..at]);
                out.push_str(&self.header);
                // The first tag's own blank line is dropped at the top of the file or after a
                // blank line, as toml_edit does for a first table.
                let body = if out.is_empty() || out.ends_with("\n\n") {
                    text.strip_prefix('\n').unwrap_or(&text)
                } else {
                    &text
                };
                out.push_str(body);
                out.push_str(&framed[at + placeholder.len()..]);
                out
            }
            // Cannot happen (the mark is rendered as given); write the frame alone rather than
            // lose the tags: append them.
            None => format!("{framed}{}{text}", self.header),
        }
    }
}

/// The text of a new tag's `[[tag]]` table, as [`write_tag`] into an empty table and
/// [`table_text`] would give it (a test holds them to that), with each value written as
/// toml_edit writes it.
fn new_table_text(tag: &Tag) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(256 + tag.anchor.quote.len());
    text.push_str("\n[[tag]]\n");
    let mut line = |key: &str, value: Value| {
        let _ = writeln!(text, "{key} = {value}");
    };
    line("id", Value::from(tag.id.0.as_str()));
    line("article", Value::from(tag.article.as_str()));
    if !tag.labels.is_empty() {
        line(
            "labels",
            Value::Array(tag.labels.iter().map(String::as_str).collect()),
        );
    }
    if let Some(note) = &tag.note {
        line("note", Value::from(note.as_str()));
    }
    line("quote", Value::from(tag.anchor.quote.as_str()));
    if !tag.anchor.prefix.is_empty() {
        line("prefix", Value::from(tag.anchor.prefix.as_str()));
    }
    if !tag.anchor.suffix.is_empty() {
        line("suffix", Value::from(tag.anchor.suffix.as_str()));
    }
    let has_no_place = tag.anchor.stored_span == (0..0) && !tag.anchor.quote.is_empty();
    if !has_no_place {
        for (key, offset) in [
            ("start", tag.anchor.stored_span.start),
            ("end", tag.anchor.stored_span.end),
        ] {
            line(key, Value::from(i64::try_from(offset).unwrap_or(i64::MAX)));
        }
    }
    for (key, time) in [("created", tag.created), ("updated", tag.updated)] {
        if let Some(time) = time {
            let time = time.to_string();
            let value = time
                .parse::<toml_edit::Datetime>()
                .map_or_else(|_| Value::from(time.as_str()), Value::from);
            line(key, value);
        }
    }
    text
}

/// The text of one `[[tag]]` table (with its sub-tables), as it reads in the file.
fn table_text(table: &Table, position: Option<isize>) -> String {
    let mut table = table.clone();
    set_position(&mut table, position);
    let mut doc = DocumentMut::new();
    let mut array = ArrayOfTables::new();
    array.push(table);
    doc.insert("tag", Item::ArrayOfTables(array));
    doc.to_string()
}

/// The file's header comment, when it sits in front of the first `[[tag]]` (no other table
/// comes before the tags): taken off that tag, to go in front of whichever tag is first now.
/// Only the part up to its last blank line: a comment right above a tag stays with the tag.
fn take_header(
    doc: &DocumentMut,
    tags: &mut [Table],
    tags_position: Option<isize>,
) -> Option<String> {
    let tags_position = tags_position?;
    let before_tags = doc.iter().any(|(_, item)| match item {
        Item::Table(t) => t.position().is_some_and(|p| p < tags_position),
        Item::ArrayOfTables(a) => a
            .iter()
            .any(|t| t.position().is_some_and(|p| p < tags_position)),
        _ => false,
    });
    if before_tags {
        return None;
    }
    let first = tags
        .iter_mut()
        .min_by_key(|t| t.position().unwrap_or(isize::MAX))?;
    let prefix = first.decor().prefix()?.as_str()?.to_owned();
    let cut = prefix.rfind("\n\n").map(|i| i + 2)?;
    first
        .decor_mut()
        .set_prefix(format!("\n{}", &prefix[cut..]));
    Some(prefix[..cut].to_owned())
}

fn set_position(table: &mut Table, position: Option<isize>) {
    table.set_position(position);
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(inner) => set_position(inner, position),
            Item::ArrayOfTables(array) => {
                for inner in array.iter_mut() {
                    set_position(inner, position);
                }
            }
            _ => {}
        }
    }
}

fn write_tag(table: &mut Table, tag: &Tag) {
    set_str(table, "id", Some(&tag.id.0), true);
    set_str(table, "article", Some(&tag.article), true);
    let labels: Vec<&str> = tag.labels.iter().map(String::as_str).collect();
    let current: Option<Vec<&str>> = table
        .get("labels")
        .and_then(Item::as_array)
        .and_then(|a| a.iter().map(Value::as_str).collect());
    if current.as_deref() != Some(labels.as_slice()) && !(current.is_none() && labels.is_empty()) {
        set_value(
            table,
            "labels",
            Value::Array(labels.iter().copied().collect()),
        );
    }
    set_str(table, "note", tag.note.as_deref(), true);
    set_str(table, "quote", Some(&tag.anchor.quote), true);
    set_str(table, "prefix", Some(&tag.anchor.prefix), false);
    set_str(table, "suffix", Some(&tag.anchor.suffix), false);
    // A hand-written tag without a position keeps none: 0..0 for a non-empty quote is not a
    // place, only the absence of one.
    let has_no_place = tag.anchor.stored_span == (0..0)
        && !tag.anchor.quote.is_empty()
        && !table.contains_key("start")
        && !table.contains_key("end");
    if !has_no_place {
        set_offset(table, "start", tag.anchor.stored_span.start);
        set_offset(table, "end", tag.anchor.stored_span.end);
    }
    set_time(table, "created", tag.created);
    set_time(table, "updated", tag.updated);
}

/// Sets a string key; `None` (or an empty string when not `required`) removes it or leaves it
/// out.
fn set_str(table: &mut Table, key: &str, value: Option<&str>, required: bool) {
    match value {
        Some(v) if required || !v.is_empty() => {
            if table.get(key).and_then(Item::as_str) != Some(v) {
                set_value(table, key, Value::from(v));
            }
        }
        _ => {
            table.remove(key);
        }
    }
}

fn set_offset(table: &mut Table, key: &str, value: usize) {
    let current = table.get(key).and_then(Item::as_integer);
    if current.and_then(|n| usize::try_from(n).ok()) != Some(value) {
        // Articles beyond 2^63 bytes do not exist; saturate rather than wrap.
        set_value(
            table,
            key,
            Value::from(i64::try_from(value).unwrap_or(i64::MAX)),
        );
    }
}

fn set_time(table: &mut Table, key: &str, value: Option<Timestamp>) {
    let Some(value) = value else {
        table.remove(key);
        return;
    };
    let current = match table.get(key).and_then(Item::as_value) {
        Some(Value::Datetime(d)) => Timestamp::parse(&d.value().to_string()),
        Some(Value::String(s)) => Timestamp::parse(s.value()),
        _ => None,
    };
    if current != Some(value) {
        let text = value.to_string();
        let new = text
            .parse::<toml_edit::Datetime>()
            .map_or_else(|_| Value::from(text.as_str()), Value::from);
        set_value(table, key, new);
    }
}

/// Replaces a value, keeping the old one's comments and spacing.
fn set_value(table: &mut Table, key: &str, mut value: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

fn write_labels(doc: &mut DocumentMut, labels: &BTreeMap<String, Label>) {
    if labels.is_empty() && !doc.contains_key("labels") {
        return;
    }
    let item = doc
        .entry("labels")
        .or_insert_with(|| Item::Table(Table::new()));
    if item.as_table_like().is_none() {
        *item = Item::Table(Table::new());
    }
    let Some(table) = item.as_table_like_mut() else {
        return;
    };
    let stale: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_owned())
        .filter(|k| !labels.contains_key(k))
        .collect();
    for name in stale {
        table.remove(&name);
    }
    for (name, label) in labels {
        match table.get_mut(name).and_then(Item::as_table_like_mut) {
            Some(entry) => {
                set_label_field(entry, "color", label.color.as_deref());
                set_label_field(entry, "description", label.description.as_deref());
            }
            None => {
                let mut entry = InlineTable::new();
                if let Some(color) = &label.color {
                    entry.insert("color", Value::from(color.as_str()));
                }
                if let Some(description) = &label.description {
                    entry.insert("description", Value::from(description.as_str()));
                }
                table.insert(name, Item::Value(Value::InlineTable(entry)));
            }
        }
    }
}

fn set_label_field(entry: &mut dyn TableLike, key: &str, value: Option<&str>) {
    match value {
        Some(v) if entry.get(key).and_then(Item::as_str) != Some(v) => {
            let mut new = Value::from(v);
            if let Some(old) = entry.get(key).and_then(Item::as_value) {
                *new.decor_mut() = old.decor().clone();
            }
            entry.insert(key, Item::Value(new));
        }
        Some(_) => {}
        None => {
            entry.remove(key);
        }
    }
}

#[cfg(test)]
mod tests;
