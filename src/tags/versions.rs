//! Which version of the tags file a writer had seen: the evidence the merge needs before it
//! takes a tag missing from the file as deleted.
//!
//! An editor holding an old copy of the file (a stale buffer, a `git checkout` of an older
//! commit) writes back a file without the tags made since. Its text looks exactly like a
//! deliberate deletion. What tells them apart is the content the file does hold: each content a
//! tag had when a version of the file was written is numbered with that version, and a file
//! that holds content of version `n` was written by someone who had seen version `n`. A tag
//! whose current content is newer than anything the file shows was not seen, so its absence
//! is not a deletion. Journalling and merging are left to `journal.rs` and `merge.rs`.

use std::collections::HashMap;

use super::{Tag, TagId};

/// Every content each tag had in a version of the file, with the version.
#[derive(Debug, Clone, Default)]
pub(super) struct Versions {
    by_id: HashMap<TagId, Vec<(Tag, u64)>>,
}

impl Versions {
    /// Notes that `tag`, as it is, was in the file at `version` (unless known already).
    pub(super) fn record(&mut self, tag: &Tag, version: u64) {
        // Called for every tag at every save: look up before cloning anything.
        match self.by_id.get_mut(&tag.id) {
            Some(list) => {
                if !list.iter().rev().any(|(t, _)| t == tag) {
                    list.push((tag.clone(), version));
                }
            }
            None => {
                self.by_id
                    .insert(tag.id.clone(), vec![(tag.clone(), version)]);
            }
        }
    }

    /// The version that first held `tag` as it is, if any did.
    pub(super) fn version_of(&self, tag: &Tag) -> Option<u64> {
        self.by_id
            .get(&tag.id)?
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, v)| *v)
    }

    /// The newest version the writer of `tags` must have seen: the newest known content it
    /// holds (`None` when it holds none: no evidence at all).
    pub(super) fn seen_by(&self, tags: &[Tag]) -> Option<u64> {
        tags.iter().filter_map(|t| self.version_of(t)).max()
    }

    /// True when a writer who saw up to `seen` could have seen `tag` as it is: its content is
    /// in a version no newer than `seen`, or was never numbered (made before any record).
    pub(super) fn could_have_seen(&self, tag: &Tag, seen: Option<u64>) -> bool {
        match self.version_of(tag) {
            None => true,
            Some(version) => seen.is_some_and(|s| s >= version),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::anchor::TagAnchor;

    fn tag(id: &str, note: &str) -> Tag {
        Tag {
            id: TagId(id.to_owned()),
            article: "a.txt".to_owned(),
            anchor: TagAnchor {
                quote: "q".to_owned(),
                prefix: String::new(),
                suffix: String::new(),
                stored_span: 0..1,
            },
            labels: Vec::new(),
            note: Some(note.to_owned()),
            created: None,
            updated: None,
        }
    }

    #[test]
    fn a_file_shows_the_newest_version_its_content_comes_from() {
        let mut versions = Versions::default();
        let (a, b, c) = (tag("a", "1"), tag("b", "1"), tag("c", "1"));
        versions.record(&a, 1);
        versions.record(&b, 1);
        versions.record(&c, 2);
        let b2 = tag("b", "2");
        versions.record(&b2, 3);
        versions.record(&b2, 4);
        assert_eq!(versions.version_of(&b2), Some(3), "first version kept");
        // A copy from version 1 (a, b) could not have seen c or b's edit.
        let old = [a.clone(), b.clone()];
        assert_eq!(versions.seen_by(&old), Some(1));
        assert!(!versions.could_have_seen(&c, Some(1)));
        assert!(!versions.could_have_seen(&b2, Some(1)));
        assert!(versions.could_have_seen(&a, Some(1)));
        // A copy holding b's edit saw everything up to 3.
        assert_eq!(versions.seen_by(&[a.clone(), b2.clone()]), Some(3));
        assert!(versions.could_have_seen(&c, Some(3)));
        // No known content: no evidence; never-recorded tags are fair game.
        assert_eq!(versions.seen_by(&[tag("a", "hand edit")]), None);
        assert!(!versions.could_have_seen(&a, None));
        assert!(versions.could_have_seen(&tag("z", "?"), None));
    }
}
