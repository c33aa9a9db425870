//! Getting tags back: from the journal (`--restore`, the `L` view), from a
//! `tags.recovered.toml` written when the tags file could not take them, and from the anchors
//! themselves (a tag found approximately takes the text now there). Also the cleaning up after
//! a crash: temporary files a killed save left behind.

use std::path::{Path, PathBuf};

use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::tags::anchor::{Resolution, TagAnchor};

use super::journal::{Change, Entry, Op};
use super::merge::{MergeEvent, Side};
use super::store::TagStore;
use super::{Tag, TagId, Timestamp, file};

/// What [`TagStore::restore`] brought back.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    /// The tag, as it is now in the store.
    pub tag: Tag,
    /// The journal line it came from.
    pub seq: u64,
    /// True when it replaced a tag with its id (an overwritten tag), false when it was gone.
    pub replaced: bool,
}

/// The recovered files beside `tags_path`: `<stem>.recovered.toml`, `<stem>.recovered-N.toml`.
pub fn recovered_files(tags_path: &Path) -> Vec<PathBuf> {
    let stem = tags_path
        .file_stem()
        .map_or_else(|| "tags".into(), |s| s.to_string_lossy().into_owned());
    let dir = tags_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&format!("{stem}.recovered"))?;
            let rest = rest.strip_suffix(".toml")?;
            let n = match rest {
                "" => 1,
                _ => rest.strip_prefix('-')?.parse().ok()?,
            };
            Some((n, entry.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

impl TagStore {
    /// The recovered files beside the tags file, for offering to merge them.
    pub fn recovered_files(&self) -> Vec<PathBuf> {
        recovered_files(&self.path)
    }

    /// Takes in the tags of another tags file (a `tags.recovered.toml`): tags missing here are
    /// added; a tag that differs keeps the copy edited later, the other going to the journal.
    /// Nothing is saved; returns what happened.
    ///
    /// # Errors
    /// [`Error::Read`] when the file cannot be read; [`Error::Parse`] when it does not parse
    /// (nothing is taken then).
    pub fn merge_file(&mut self, path: &Path) -> Result<Vec<MergeEvent>> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let parsed = file::parse(&bytes, path);
        if let Some(err) = parsed.error {
            return Err(err);
        }
        let mut events = Vec::new();
        for theirs in parsed.tags {
            let id = theirs.id.clone();
            match self.tag(&id).cloned() {
                None => {
                    self.pending.push(
                        Change::new(Op::Recovered, &id, Some(&theirs), None)
                            .because(format!("from {}", path.display())),
                    );
                    self.put(theirs);
                    events.push(MergeEvent::Recovered(id));
                }
                Some(ours) if ours == theirs => {}
                Some(ours) => {
                    let theirs_later = theirs.updated > ours.updated;
                    let (kept, dropped) = if theirs_later {
                        (theirs.clone(), ours.clone())
                    } else {
                        (ours.clone(), theirs.clone())
                    };
                    events.push(MergeEvent::Conflict {
                        id: id.clone(),
                        field: "tag",
                        kept_side: if theirs_later { Side::Disk } else { Side::Here },
                        kept: kept.anchor.quote.clone(),
                        dropped: dropped.anchor.quote.clone(),
                    });
                    self.pending.push(
                        Change::new(Op::Conflict, &id, Some(&kept), Some(&dropped))
                            .because(format!("merging {}", path.display())),
                    );
                    if theirs_later {
                        self.put(theirs);
                    }
                }
            }
        }
        Ok(events)
    }

    /// Merges every recovered file beside the tags file, saves, and removes each file once its
    /// tags are saved and journalled. Returns what the merge did and the files taken in.
    ///
    /// # Errors
    /// The errors of [`TagStore::merge_file`] and [`TagStore::save`]; files are only removed
    /// after a save that wrote (or had nothing to write) and journalled.
    pub fn merge_recovered(&mut self) -> Result<(Vec<MergeEvent>, Vec<PathBuf>)> {
        let files = self.recovered_files();
        let mut events = Vec::new();
        for path in &files {
            events.extend(self.merge_file(path)?);
        }
        let report = self.save()?;
        events.extend(report.merged);
        if report.waiting.is_none() && report.journal_error.is_none() {
            for path in &files {
                let _ = std::fs::remove_file(path);
            }
            Ok((events, files))
        } else {
            Ok((events, Vec::new()))
        }
    }

    /// The journal's entries about tags (not the `saved` lines), oldest first.
    pub fn history(&self) -> Vec<Entry> {
        self.journal
            .entries()
            .into_iter()
            .filter(|e| !matches!(e.op, Op::Saved | Op::Checkpoint))
            .collect()
    }

    /// Brings back a tag from the journal: `what` is a tag id (its latest copy that differs
    /// from the tag as it is now: a deleted tag as it was, an overwritten one as it was before)
    /// or a journal line's seq (`#12` or `12`: the copy from before that change, or the one it
    /// made). The tag is back in memory; save to write it.
    ///
    /// # Errors
    /// [`Error::Invalid`] when the journal has no such tag or line, or nothing to bring back.
    pub fn restore(&mut self, what: &str) -> Result<Restored> {
        let entries = self.journal.entries();
        let what = what.trim();
        let by_id = entries
            .iter()
            .rev()
            .filter(|e| e.id.as_deref() == Some(what))
            .find_map(|e| {
                let id = TagId(what.to_owned());
                let current = self.tag(&id);
                [e.before.as_ref(), e.tag.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|r| r.to_tag(&id))
                    .find(|t| Some(t) != current)
                    .map(|t| (t, e.seq))
            });
        let by_seq = || {
            let seq: u64 = what.trim_start_matches('#').parse().ok()?;
            let entry = entries.iter().find(|e| e.seq == seq)?;
            let id = TagId(entry.id.clone()?);
            let record = entry.before.as_ref().or(entry.tag.as_ref())?;
            Some((record.to_tag(&id), seq))
        };
        let Some((mut tag, seq)) = by_id.or_else(by_seq) else {
            return Err(Error::Invalid {
                path: self.journal.path().to_path_buf(),
                message: format!(
                    "nothing to restore for {what:?}: no tag with that id or journal line differs from the tags as they are (see crossread tags --history)"
                ),
            });
        };
        // Edited now, so a merge with an older copy on disk keeps it.
        tag.updated = Some(Timestamp::now());
        let before = self.put(tag.clone());
        self.pending.push(
            Change::new(Op::Restore, &tag.id, Some(&tag), before.as_ref())
                .because(format!("from journal line {seq}")),
        );
        Ok(Restored {
            replaced: before.is_some(),
            tag,
            seq,
        })
    }

    /// Updates the anchor of every tag found only approximately in `corpus` to the text now
    /// there (quote, context and position), so the file and exports carry the current text;
    /// the old anchor goes to the journal. Exact and orphaned tags are left alone. Returns the
    /// ids changed.
    pub fn reanchor(&mut self, corpus: &Corpus) -> Vec<TagId> {
        let mut moved: Vec<(TagId, TagAnchor)> = Vec::new();
        for tag in &self.tags {
            let Some(article) = corpus.find(&tag.article) else {
                continue;
            };
            if let Resolution::Fuzzy { byte_span, .. } = tag.anchor.resolve(&article.decoded)
                && let Some(anchor) = TagAnchor::new(&article.decoded, byte_span)
                && anchor != tag.anchor
            {
                moved.push((tag.id.clone(), anchor));
            }
        }
        let mut ids = Vec::new();
        for (id, anchor) in moved {
            let Some(i) = self.tags.iter().position(|t| t.id == id) else {
                continue;
            };
            let before = self.tags[i].clone();
            self.tags[i].anchor = anchor;
            let after = self.tags[i].clone();
            self.pending.push(
                Change::new(Op::Reanchor, &id, Some(&after), Some(&before))
                    .because(format!("quote was {:?}", before.anchor.quote)),
            );
            ids.push(id);
        }
        if !ids.is_empty() {
            self.sort();
        }
        ids
    }
}
