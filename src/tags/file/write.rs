//! Writing tags back into the tags document: each tag's table rendered on its own (and only
//! when it changed), pasted into the frame at the tags' place, the labels table updated in
//! place. Reading the file is the parent's.

use std::collections::{BTreeMap, HashMap};

use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::{TAGS_MARK, TagTable, TagsDocument};
use crate::tags::{Label, Tag, Timestamp};

impl TagsDocument {
    /// Splits a parsed document into its frame and its tag tables (`tags`, parsed from those
    /// tables in order, are what each table's text was rendered from).
    pub(super) fn from_document(mut frame: DocumentMut, tags: &[Tag]) -> TagsDocument {
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
    pub(in crate::tags) fn render(
        &mut self,
        tags: &[Tag],
        labels: &BTreeMap<String, Label>,
    ) -> String {
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
pub(super) fn new_table_text(tag: &Tag) -> String {
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
pub(super) fn table_text(table: &Table, position: Option<isize>) -> String {
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

pub(super) fn write_tag(table: &mut Table, tag: &Tag) {
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
