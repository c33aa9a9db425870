//! The cache file's bytes: a fixed header (magic, format and detection versions, the crate
//! version, the body's length and checksum) and a body of little-endian integers. Decoding
//! checks everything before trusting anything: a truncated, corrupt or foreign file is an
//! [`Invalid`] with a reason for the one line the user sees, never a panic or a huge allocation.
//!
//! What the cache holds and when it may be used is [`crate::cache`]'s business; this module only
//! turns [`CacheFile`] into bytes (here) and back (`read.rs`).

use std::ops::Range;

use crate::corpus;
use crate::corpus::segment::Segmentation;
use crate::detect::reuse::{Match, MatchKind, Reuse, SetAsideReason, Side};

/// The first bytes of every cache file.
const MAGIC: &[u8; 8] = b"CRSCACHE";

/// Bumped whenever the layout below changes.
const FORMAT_VERSION: u32 = 2;

/// Bumped on purpose whenever segmentation or detection (normalize, index, align, cluster,
/// refresh) changes what it finds, so that a cache written by an older build is never trusted.
/// `tests/analysis_version.rs` fingerprints detection output on the fixtures and fails when that
/// output changes while this number stays the same. (An earlier build hashed the source files
/// instead: a moved file silently dropped out of the hash, and a comment edit threw caches away.)
pub const ANALYSIS_VERSION: u32 = 9;

/// Why a cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub String);

/// What one article's analysis was, for a file of a given size, time and content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CachedArticle {
    /// Relative `/`-name in the corpus.
    pub name: String,
    /// Size in bytes when analysed.
    pub size: u64,
    /// Modification time (nanoseconds since the epoch) when analysed; 0 when unknown.
    pub mtime_ns: u64,
    /// [`hash64`] of the decoded text.
    pub text_hash: u64,
    /// Words (Unicode word boundaries).
    pub words: u64,
    /// Paragraphs and sentences.
    pub segmentation: Segmentation,
}

/// The matches found in a corpus, with what they were computed from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CachedReuse {
    /// [`hash64`] of the detection settings' debug form.
    pub config_hash: u64,
    /// `(name, text hash)` of every article, in corpus order, when detection ran.
    pub corpus: Vec<(String, u64)>,
    /// What detection found.
    pub reuse: Reuse,
    /// The checksum of the posting list saved with these matches
    /// ([`crate::detect::postings::Postings::checksum`]), when one was saved.
    pub postings: Option<u64>,
}

/// Everything the cache file holds.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CacheFile {
    /// When it was written (nanoseconds since the epoch): files modified later than about this
    /// time are hashed even when their size and time look unchanged.
    pub written_ns: u64,
    /// The analysis of each article, sorted by name.
    pub articles: Vec<CachedArticle>,
    /// The last detection result, when one was saved.
    pub reuse: Option<CachedReuse>,
}

mod read;

#[cfg(test)]
pub(crate) use read::decode;
pub(crate) use read::{Parts, decode_parts};

pub use crate::hash::hash64;
use crate::hash::mix;

/// A running checksum of the body: [`mix`] over its little-endian 8-byte words, then over the
/// last partial word and the length. Computed as the body is written, so that no copy of the
/// body is needed to checksum it.
#[derive(Debug, Clone, Default)]
struct Checksum {
    h: u64,
    word: [u8; 8],
    filled: usize,
    len: u64,
}

impl Checksum {
    fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        while !bytes.is_empty() {
            if self.filled == 0 && bytes.len() >= 8 {
                // Whole words straight from the input: the common case when a body is checked.
                let mut words = bytes.chunks_exact(8);
                for word in &mut words {
                    let mut w = [0u8; 8];
                    w.copy_from_slice(word);
                    self.h = mix(self.h ^ u64::from_le_bytes(w));
                }
                bytes = words.remainder();
                continue;
            }
            let take = (8 - self.filled).min(bytes.len());
            self.word[self.filled..self.filled + take].copy_from_slice(&bytes[..take]);
            self.filled += take;
            bytes = &bytes[take..];
            if self.filled == 8 {
                self.h = mix(self.h ^ u64::from_le_bytes(self.word));
                self.filled = 0;
            }
        }
    }

    fn finish(&self) -> u64 {
        let mut tail = [0u8; 8];
        tail[..self.filled].copy_from_slice(&self.word[..self.filled]);
        mix(mix(self.h ^ u64::from_le_bytes(tail)) ^ self.len)
    }
}

/// Writes the body through a buffer of its own, keeping the body's length and checksum (taken
/// a buffer at a time, not field by field); the first write error is kept and ends the writing.
struct Writer<W: std::io::Write> {
    out: W,
    buf: Vec<u8>,
    sum: Checksum,
    error: Option<std::io::Error>,
}

/// Bytes [`Writer`] gathers before it writes them out.
const WRITE_BUFFER: usize = 1 << 16;

impl<W: std::io::Write> Writer<W> {
    fn new(out: W) -> Writer<W> {
        Writer {
            out,
            buf: Vec::with_capacity(WRITE_BUFFER),
            sum: Checksum::default(),
            error: None,
        }
    }

    fn bytes(&mut self, v: &[u8]) {
        self.buf.extend_from_slice(v);
        if self.buf.len() >= WRITE_BUFFER {
            self.flush();
        }
    }

    /// Writes out what is gathered; returns the length and checksum of all written so far.
    fn flush(&mut self) -> (u64, u64) {
        if self.error.is_none() && !self.buf.is_empty() {
            match self.out.write_all(&self.buf) {
                Ok(()) => self.sum.update(&self.buf),
                Err(e) => self.error = Some(e),
            }
        }
        self.buf.clear();
        (self.sum.len, self.sum.finish())
    }
    fn u8(&mut self, v: u8) {
        self.bytes(&[v]);
    }
    fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
    fn len(&mut self, v: usize) {
        self.u64(v as u64);
    }
    fn str(&mut self, v: &str) {
        self.len(v.len());
        self.bytes(v.as_bytes());
    }
    fn span(&mut self, v: &Range<usize>) {
        self.u64(v.start as u64);
        self.u64(v.end as u64);
    }
}

/// The fewest bytes the encoder above writes for one item of each list, which `Reader::count`
/// checks a list's length against. Each is spelled out from the fields [`write_parts`] and
/// `encode_reuse` write, in their order, and a test encodes lists one item longer to check that
/// each grows by exactly this much: a bound larger than the truth makes a long list look
/// truncated (the cache of a corpus with many matches was thrown away on every start that way).
mod min_size {
    /// A length or count (`Writer::len`), and an `f64` or `u64`.
    const WORD: usize = 8;
    /// A byte span: start and end.
    const SPAN: usize = 2 * WORD;
    /// A string: its length, then at least no bytes.
    const STR: usize = WORD;
    /// A side of a match or cluster member: article id (`u32`) and span.
    const SIDE: usize = 4 + SPAN;

    /// An article: name, size, time, hash, words, and its two list lengths.
    pub const ARTICLE: usize = STR + 4 * WORD + 2 * WORD;
    /// A paragraph: its byte span and its range of sentences.
    pub const PARAGRAPH: usize = 2 * SPAN;
    /// A sentence: its byte span and its paragraph.
    pub const SENTENCE: usize = SPAN + WORD;
    /// One byte of a string.
    pub const STR_BYTE: usize = 1;
    /// An entry of the corpus the matches were found in: name and text hash.
    pub const CORPUS_ENTRY: usize = STR + WORD;
    /// A match: two sides, similarity, kind (`u8`), words, cluster id (`u32`).
    pub const MATCH: usize = 2 * SIDE + WORD + 1 + WORD + 4;
    /// A cluster: its flags (`u8`) and member count.
    pub const CLUSTER: usize = 1 + WORD;
    /// A cluster member.
    pub const MEMBER: usize = SIDE;
    /// An article's reuse figures: share, copied words, words, shared passages.
    pub const ARTICLE_REUSE: usize = 4 * WORD;
    /// A passage set aside: its side, the reason (`u8`) and the phrase number.
    pub const SET_ASIDE: usize = SIDE + 1 + WORD;
}

/// The crate version that wrote a cache, kept for the message when another one reads it.
fn build_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// One article's entry as written: [`CachedArticle`] borrowing its text's analysis, so that a
/// corpus is not copied to be saved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ArticleEntry<'a> {
    pub name: &'a str,
    pub size: u64,
    pub mtime_ns: u64,
    pub text_hash: u64,
    pub words: u64,
    pub segmentation: &'a Segmentation,
}

/// The matches as written: [`CachedReuse`], borrowed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReuseEntry<'a> {
    pub config_hash: u64,
    pub corpus: &'a [(String, u64)],
    pub reuse: &'a Reuse,
    pub postings: Option<u64>,
}

/// Encodes a cache file.
#[cfg(test)]
pub(crate) fn encode(file: &CacheFile) -> Vec<u8> {
    let articles: Vec<ArticleEntry<'_>> = file
        .articles
        .iter()
        .map(|a| ArticleEntry {
            name: &a.name,
            size: a.size,
            mtime_ns: a.mtime_ns,
            text_hash: a.text_hash,
            words: a.words,
            segmentation: &a.segmentation,
        })
        .collect();
    let reuse = file.reuse.as_ref().map(|r| ReuseEntry {
        config_hash: r.config_hash,
        corpus: &r.corpus,
        reuse: &r.reuse,
        postings: r.postings,
    });
    let mut out = std::io::Cursor::new(Vec::new());
    write_parts(&mut out, file.written_ns, &articles, reuse).expect("writing to memory");
    out.into_inner()
}

/// Writes a cache file from its parts to `out`, as it goes: the header is written with room
/// for the body's length and checksum, which are filled in at the end.
///
/// # Errors
/// The first error writing to `out`.
pub(crate) fn write_parts<W: std::io::Write + std::io::Seek>(
    out: &mut W,
    written_ns: u64,
    articles: &[ArticleEntry<'_>],
    reuse: Option<ReuseEntry<'_>>,
) -> std::io::Result<()> {
    use std::io::SeekFrom;
    let mut header = Writer::new(Vec::new());
    header.bytes(MAGIC);
    header.u32(FORMAT_VERSION);
    header.u32(ANALYSIS_VERSION);
    header.str(&build_version());
    header.flush();
    let start = out.stream_position()?;
    let patch_at = start + header.out.len() as u64;
    out.write_all(&header.out)?;
    out.write_all(&[0u8; 16])?;
    let mut body = Writer::new(&mut *out);
    body.u64(written_ns);
    body.len(articles.len());
    for a in articles {
        body.str(a.name);
        body.u64(a.size);
        body.u64(a.mtime_ns);
        body.u64(a.text_hash);
        body.u64(a.words);
        body.len(a.segmentation.paragraphs.len());
        for p in &a.segmentation.paragraphs {
            body.span(&p.byte_span);
            body.span(&p.sentences);
        }
        body.len(a.segmentation.sentences.len());
        for s in &a.segmentation.sentences {
            body.span(&s.byte_span);
            body.len(s.paragraph);
        }
    }
    match reuse {
        None => body.u8(0),
        Some(cached) => {
            body.u8(1);
            encode_reuse(&mut body, cached);
        }
    }
    let (len, sum) = body.flush();
    if let Some(e) = body.error {
        return Err(e);
    }
    let end = out.stream_position()?;
    out.seek(SeekFrom::Start(patch_at))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&sum.to_le_bytes())?;
    out.seek(SeekFrom::Start(end))?;
    Ok(())
}

fn encode_side<W: std::io::Write>(w: &mut Writer<W>, side: &Side) {
    w.u32(side.article.0);
    w.span(&side.byte_span);
}

fn encode_matches<W: std::io::Write>(w: &mut Writer<W>, matches: &[Match]) {
    w.len(matches.len());
    for m in matches {
        encode_side(w, &m.a);
        encode_side(w, &m.b);
        w.f64(m.similarity);
        w.u8(match m.kind {
            MatchKind::Verbatim => 0,
            MatchKind::Rewrite => 1,
        });
        w.len(m.words);
        w.u32(m.cluster.0);
    }
}

fn encode_reuse<W: std::io::Write>(w: &mut Writer<W>, cached: ReuseEntry<'_>) {
    w.u64(cached.config_hash);
    match cached.postings {
        None => w.u8(0),
        Some(sum) => {
            w.u8(1);
            w.u64(sum);
        }
    }
    w.len(cached.corpus.len());
    for (name, hash) in cached.corpus {
        w.str(name);
        w.u64(*hash);
    }
    let reuse = cached.reuse;
    encode_matches(w, &reuse.matches);
    encode_matches(w, &reuse.boilerplate_matches);
    w.len(reuse.clusters.len());
    for c in &reuse.clusters {
        w.u8(u8::from(c.is_wide) | (u8::from(c.is_likely_boilerplate) << 1));
        w.len(c.members.len());
        for s in &c.members {
            encode_side(w, s);
        }
    }
    w.len(reuse.set_aside.len());
    for s in &reuse.set_aside {
        encode_side(w, &s.side);
        w.u8(match s.reason {
            SetAsideReason::Stock => 0,
            SetAsideReason::Boilerplate => 1,
        });
        w.u64(s.phrase);
    }
    w.len(reuse.articles.len());
    for a in &reuse.articles {
        w.f64(a.copied_share);
        w.len(a.copied_words);
        w.len(a.words);
        w.len(a.shared_passages);
    }
}

/// Checks that a segmentation read from a cache fits `text`: spans in order, inside the text,
/// on character boundaries, and indices that point where they should. A cache that passes its
/// checksum can still be wrong for a file edited within the same second; this keeps slicing
/// safe whatever it says.
pub(crate) fn segmentation_fits(seg: &Segmentation, text: &str) -> bool {
    let span_ok = |s: &Range<usize>| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    seg.paragraphs.iter().all(|p| {
        span_ok(&p.byte_span)
            && p.sentences.start <= p.sentences.end
            && p.sentences.end <= seg.sentences.len()
    }) && seg.sentences.iter().all(|s| {
        span_ok(&s.byte_span)
            && seg
                .paragraphs
                .get(s.paragraph)
                .is_some_and(|p| p.byte_span.start <= s.byte_span.start)
    }) && seg
        .sentences
        .windows(2)
        .all(|w| w[0].byte_span.end <= w[1].byte_span.start)
}

/// Checks that a detection result read from a cache only points into `corpus`, inside each
/// article's text, so the reader and `scan` can slice with it.
pub(crate) fn reuse_fits(reuse: &Reuse, corpus: &corpus::Corpus) -> bool {
    let side_ok = |s: &Side| {
        corpus.article(s.article).is_some_and(|a| {
            s.byte_span.end <= a.text().len()
                && a.text().is_char_boundary(s.byte_span.start)
                && a.text().is_char_boundary(s.byte_span.end)
        })
    };
    reuse.articles.len() == corpus.articles.len()
        && reuse.matches.iter().all(|m| {
            side_ok(&m.a) && side_ok(&m.b) && (m.cluster.0 as usize) < reuse.clusters.len()
        })
        && reuse.clusters.iter().all(|c| c.members.iter().all(side_ok))
        && reuse.set_aside.iter().all(|s| side_ok(&s.side))
        && reuse
            .boilerplate_matches
            .iter()
            .all(|m| side_ok(&m.a) && side_ok(&m.b))
}

#[cfg(test)]
mod tests;
