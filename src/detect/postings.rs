//! The posting list of a corpus: for every n-gram the index hashes, which articles hold it.
//! Saved beside the cache, it lets an update find the articles a new text shares n-grams with,
//! and how common each n-gram is, without reading the rest of the corpus again.
//!
//! On disk: the magic `CRSPOSTS`, a format version, then one 12-byte entry per `(n-gram hash,
//! posting)` (little-endian `u64` then `u32`), sorted, and a trailer with the number of entries
//! and a checksum of them. A posting packs an article's rank (its position among all articles
//! sorted by name, so that inserting or removing articles keeps the others in order) with how
//! often the n-gram occurs in it (1 to 4, more counts as 4): see [`pack`]. The file is read
//! whole and searched in place: nothing is decoded before it is needed.

use std::io::{self, Write};
use std::ops::Range;

use crate::hash::mix;

/// The first bytes of every posting file.
const MAGIC: &[u8; 8] = b"CRSPOSTS";

/// Bumped whenever the layout or the hashing of n-grams changes.
const VERSION: u32 = 2;

/// Bytes before the first entry.
const HEADER: usize = MAGIC.len() + 4;

/// Bytes per entry.
const ENTRY: usize = 12;

/// Bytes after the last entry: the count and the checksum.
const TRAILER: usize = 16;

/// Occurrences of an n-gram in one article that a posting records; more count as this many.
pub const MAX_OCCURRENCES: u32 = 4;

/// Packs an article's rank and an n-gram's occurrences in it (capped at [`MAX_OCCURRENCES`])
/// into one posting; postings sort by rank.
pub fn pack(rank: u32, occurrences: u32) -> u32 {
    (rank.min(u32::MAX >> 2) << 2) | (occurrences.clamp(1, MAX_OCCURRENCES) - 1)
}

/// The rank and the occurrences packed in a posting.
pub fn unpack(posting: u32) -> (u32, u32) {
    (posting >> 2, (posting & 3) + 1)
}

/// A posting list read from a file.
#[derive(Debug, Clone)]
pub struct Postings {
    bytes: Vec<u8>,
    count: usize,
    checksum: u64,
}

/// The running checksum over entries, as the writer and the reader compute it.
fn step(sum: u64, hash: u64, posting: u32) -> u64 {
    // One finalizer round per entry: this runs over every entry each time the list is read.
    mix(sum ^ hash).wrapping_add(u64::from(posting))
}

impl Postings {
    /// Checks a posting file's bytes and keeps them; `Err` says why they cannot be used.
    ///
    /// # Errors
    /// A reason for the user when the bytes are not a whole posting file of this version, or
    /// their entries are not sorted or do not match the checksum.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Postings, String> {
        if bytes.len() < HEADER + TRAILER || &bytes[..MAGIC.len()] != MAGIC {
            return Err("not a posting file".to_owned());
        }
        let version = u32::from_le_bytes(read_array(&bytes, MAGIC.len()));
        if version != VERSION {
            return Err(format!("posting file version {version}, not {VERSION}"));
        }
        let tail = bytes.len() - TRAILER;
        let count = usize::try_from(u64::from_le_bytes(read_array(&bytes, tail)))
            .map_err(|_| "posting file count out of range".to_owned())?;
        let checksum = u64::from_le_bytes(read_array(&bytes, tail + 8));
        if count.checked_mul(ENTRY) != Some(tail - HEADER) {
            return Err("posting file truncated".to_owned());
        }
        let postings = Postings {
            bytes,
            count,
            checksum,
        };
        let mut sum = 0;
        let mut previous = (0, 0);
        for (i, chunk) in postings.bytes[HEADER..tail].chunks_exact(ENTRY).enumerate() {
            let entry = (
                u64::from_le_bytes(read_array(chunk, 0)),
                u32::from_le_bytes(read_array(chunk, 8)),
            );
            if i > 0 && previous >= entry {
                return Err("posting file out of order".to_owned());
            }
            previous = entry;
            sum = step(sum, entry.0, entry.1);
        }
        if sum != checksum {
            return Err("posting file checksum mismatch".to_owned());
        }
        Ok(postings)
    }

    /// Entries in the list.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when the list holds no entry.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The checksum of the entries, as the writer reported it.
    pub fn checksum(&self) -> u64 {
        self.checksum
    }

    /// Entry `i`: `(n-gram hash, posting)` ([`unpack`] gives the rank and occurrences).
    ///
    /// # Panics
    /// When `i` is not below [`Postings::len`].
    pub fn entry(&self, i: usize) -> (u64, u32) {
        let at = HEADER + i * ENTRY;
        (
            u64::from_le_bytes(read_array(&self.bytes, at)),
            u32::from_le_bytes(read_array(&self.bytes, at + 8)),
        )
    }

    /// The entries of n-gram `hash`, as a range of entry indices.
    pub fn range(&self, hash: u64) -> Range<usize> {
        let first = partition(self.count, |i| self.entry(i).0 < hash);
        // Most n-grams are in a few articles: look at the next entries before searching.
        let mut end = first;
        while end < self.count && end - first < 16 {
            if self.entry(end).0 != hash {
                return first..end;
            }
            end += 1;
        }
        let end = end + partition(self.count - end, |i| self.entry(end + i).0 <= hash);
        first..end
    }

    /// The articles that hold n-gram `hash`: `(rank, occurrences)`, by rank.
    pub fn ranks(&self, hash: u64) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.range(hash).map(|i| unpack(self.entry(i).1))
    }

    /// Every entry, in order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        (0..self.count).map(|i| self.entry(i))
    }
}

/// The first index in `0..len` for which `before` is false (`before` true then false).
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, len);
    while low < high {
        let mid = low + (high - low) / 2;
        if before(mid) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    low
}

fn read_array<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&bytes[at..at + N]);
    out
}

/// Writes a posting list, entry by entry, in order.
pub struct PostingsWriter<W: Write> {
    out: io::BufWriter<W>,
    count: u64,
    sum: u64,
    previous: Option<(u64, u32)>,
    error: Option<io::Error>,
}

impl<W: Write> PostingsWriter<W> {
    /// Starts a posting file on `out`.
    pub fn new(out: W) -> PostingsWriter<W> {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        let error = out
            .write_all(MAGIC)
            .and_then(|()| out.write_all(&VERSION.to_le_bytes()))
            .err();
        PostingsWriter {
            out,
            count: 0,
            sum: 0,
            previous: None,
            error,
        }
    }

    /// Adds one entry; entries must come sorted by hash then posting, each once (others are
    /// dropped). A write error is kept for [`PostingsWriter::finish`].
    pub fn push(&mut self, hash: u64, posting: u32) {
        if self.error.is_some() || self.previous.is_some_and(|p| p >= (hash, posting)) {
            return;
        }
        self.previous = Some((hash, posting));
        let mut entry = [0u8; ENTRY];
        entry[..8].copy_from_slice(&hash.to_le_bytes());
        entry[8..].copy_from_slice(&posting.to_le_bytes());
        if let Err(e) = self.out.write_all(&entry) {
            self.error = Some(e);
            return;
        }
        self.count += 1;
        self.sum = step(self.sum, hash, posting);
    }

    /// Writes the trailer and flushes; returns the writer and the checksum of the entries.
    ///
    /// # Errors
    /// The first write error met.
    pub fn finish(mut self) -> io::Result<(W, u64)> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.write_all(&self.count.to_le_bytes())?;
        self.out.write_all(&self.sum.to_le_bytes())?;
        let out = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok((out, self.sum))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn file(entries: &[(u64, u32)]) -> Vec<u8> {
        let mut w = PostingsWriter::new(Vec::new());
        for &(h, r) in entries {
            w.push(h, r);
        }
        w.finish().unwrap().0
    }

    #[test]
    fn entries_come_back_and_are_found_by_hash() {
        let bytes = file(&[
            (3, pack(0, 1)),
            (3, pack(7, 9)),
            (5, pack(1, 1)),
            (9, pack(2, 2)),
            (9, pack(2, 2)),
            (9, pack(4, 1)),
        ]);
        let p = Postings::from_bytes(bytes).unwrap();
        assert_eq!(p.len(), 5, "the repeated entry is written once");
        assert_eq!(p.ranks(3).collect::<Vec<_>>(), [(0, 1), (7, 4)]);
        assert_eq!(p.ranks(9).collect::<Vec<_>>(), [(2, 2), (4, 1)]);
        assert_eq!(p.ranks(4).count(), 0);
        assert_eq!(p.ranks(u64::MAX).count(), 0);
        assert_eq!(p.range(5), 2..3);
        assert_eq!(p.iter().last(), Some((9, pack(4, 1))));
        assert_eq!(unpack(pack(123_456, 3)), (123_456, 3));
        // An n-gram in more articles than the first look covers.
        let many: Vec<(u64, u32)> = (0..40)
            .map(|r| (7, pack(r, 1)))
            .chain([(8, pack(0, 1))])
            .collect();
        let p = Postings::from_bytes(file(&many)).unwrap();
        assert_eq!(p.range(7), 0..40);
        assert_eq!(p.range(8), 40..41);
    }

    #[test]
    fn a_damaged_file_is_refused_with_a_reason() {
        let good = file(&[(1, 0), (2, 0), (2, 1)]);
        assert!(Postings::from_bytes(good.clone()).is_ok());
        let truncated = good[..good.len() - 1].to_vec();
        assert!(Postings::from_bytes(truncated).is_err());
        let mut flipped = good.clone();
        flipped[HEADER + 2 * ENTRY + 8] ^= 0x40;
        assert!(
            Postings::from_bytes(flipped)
                .unwrap_err()
                .contains("checksum")
        );
        let mut version = good.clone();
        version[MAGIC.len()] = 99;
        assert!(
            Postings::from_bytes(version)
                .unwrap_err()
                .contains("version")
        );
        assert!(Postings::from_bytes(b"CRSPOSTS".to_vec()).is_err());
        assert!(Postings::from_bytes(Vec::new()).is_err());
        let empty = file(&[]);
        assert!(Postings::from_bytes(empty).unwrap().is_empty());
    }
}
