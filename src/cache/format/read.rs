//! Reading a cache file's bytes back: the header and checksum checked before anything is
//! trusted, every count checked against the bytes left (the bounds of `min_size`), so that a
//! truncated, corrupt or foreign file is an [`Invalid`] and never a panic or a huge
//! allocation. Writing is the parent's.

use std::ops::Range;

use super::{
    ANALYSIS_VERSION, CacheFile, CachedArticle, CachedReuse, Checksum, FORMAT_VERSION, Invalid,
    MAGIC, build_version, min_size,
};
use crate::ArticleId;
use crate::corpus::segment::{Paragraph, Segmentation, Sentence};
use crate::detect::reuse::{
    ArticleReuse, Cluster, ClusterId, Match, MatchKind, Reuse, SetAside, SetAsideReason, Side,
};

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Decoded<T> = std::result::Result<T, Invalid>;

fn truncated() -> Invalid {
    Invalid("it is truncated".to_owned())
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Decoded<&'a [u8]> {
        let end = self.at.checked_add(n).ok_or_else(truncated)?;
        let slice = self.bytes.get(self.at..end).ok_or_else(truncated)?;
        self.at = end;
        Ok(slice)
    }
    fn u8(&mut self) -> Decoded<u8> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Decoded<u32> {
        let mut b = [0u8; 4];
        b.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(b))
    }
    fn u64(&mut self) -> Decoded<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
    fn f64(&mut self) -> Decoded<f64> {
        Ok(f64::from_bits(self.u64()?))
    }
    fn usize(&mut self) -> Decoded<usize> {
        usize::try_from(self.u64()?).map_err(|_| corrupt("a number out of range"))
    }
    /// A count of items of at least `min_size` bytes each: never more than the bytes left
    /// could hold, so a corrupt count cannot make us allocate gigabytes.
    fn count(&mut self, min_size: usize) -> Decoded<usize> {
        let n = self.usize()?;
        if n.saturating_mul(min_size.max(1)) > self.bytes.len() - self.at {
            return Err(truncated());
        }
        Ok(n)
    }
    fn str(&mut self) -> Decoded<String> {
        let n = self.count(min_size::STR_BYTE)?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| corrupt("a name that is not UTF-8"))
    }
    fn span(&mut self) -> Decoded<Range<usize>> {
        let start = self.usize()?;
        let end = self.usize()?;
        if start > end {
            return Err(corrupt("a span that ends before it starts"));
        }
        Ok(start..end)
    }
}

fn corrupt(what: &str) -> Invalid {
    Invalid(format!("it is corrupt ({what})"))
}

/// What of a cache file to keep when decoding it (everything is checked either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parts {
    /// Everything.
    All,
    /// All but the articles' segmentation (left empty): what detection needs, without holding
    /// the segmentation of a corpus twice.
    NoSegmentation,
}

/// Decodes a cache file, keeping everything.
#[cfg(test)]
pub(crate) fn decode(bytes: &[u8]) -> Decoded<CacheFile> {
    decode_parts(bytes, Parts::All)
}

/// Decodes a cache file, keeping `parts`, checking its header and checksum first.
///
/// # Errors
/// [`Invalid`] saying why the bytes are not a cache this build can use.
pub(crate) fn decode_parts(bytes: &[u8], parts: Parts) -> Decoded<CacheFile> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(MAGIC.len()).ok() != Some(&MAGIC[..]) {
        return Err(Invalid("it is not a crossread cache".to_owned()));
    }
    let format = r.u32()?;
    let analysis = r.u32()?;
    let version = r.str()?;
    if format != FORMAT_VERSION || analysis != ANALYSIS_VERSION || version != build_version() {
        return Err(Invalid(format!(
            "it was written by another version (crossread {version}, format {format}.{analysis})"
        )));
    }
    let len = r.usize()?;
    let checksum = r.u64()?;
    let body = r.take(len)?;
    if r.at != bytes.len() {
        return Err(corrupt("bytes after the end"));
    }
    let mut sum = Checksum::default();
    sum.update(body);
    if sum.finish() != checksum {
        return Err(corrupt("checksum mismatch"));
    }
    decode_body(&mut Reader { bytes: body, at: 0 }, parts)
}

fn decode_body(r: &mut Reader<'_>, parts: Parts) -> Decoded<CacheFile> {
    let written_ns = r.u64()?;
    let n = r.count(min_size::ARTICLE)?;
    let mut articles = Vec::with_capacity(n);
    for _ in 0..n {
        let name = r.str()?;
        let size = r.u64()?;
        let mtime_ns = r.u64()?;
        let text_hash = r.u64()?;
        let words = r.u64()?;
        let mut segmentation = Segmentation::default();
        let keep = parts == Parts::All;
        let paragraphs = r.count(min_size::PARAGRAPH)?;
        if keep {
            segmentation.paragraphs.reserve(paragraphs);
        }
        for _ in 0..paragraphs {
            let byte_span = r.span()?;
            let sentences = r.span()?;
            if keep {
                segmentation.paragraphs.push(Paragraph {
                    byte_span,
                    sentences,
                });
            }
        }
        let sentences = r.count(min_size::SENTENCE)?;
        if keep {
            segmentation.sentences.reserve(sentences);
        }
        for _ in 0..sentences {
            let byte_span = r.span()?;
            let paragraph = r.usize()?;
            if keep {
                segmentation.sentences.push(Sentence {
                    byte_span,
                    paragraph,
                });
            }
        }
        articles.push(CachedArticle {
            name,
            size,
            mtime_ns,
            text_hash,
            words,
            segmentation,
        });
    }
    let reuse = match r.u8()? {
        0 => None,
        1 => Some(decode_reuse(r)?),
        _ => return Err(corrupt("an unknown section")),
    };
    if r.at != r.bytes.len() {
        return Err(corrupt("bytes after the last section"));
    }
    Ok(CacheFile {
        written_ns,
        articles,
        reuse,
    })
}

fn decode_side(r: &mut Reader<'_>) -> Decoded<Side> {
    let article = ArticleId(r.u32()?);
    let byte_span = r.span()?;
    Ok(Side { article, byte_span })
}

fn decode_reuse(r: &mut Reader<'_>) -> Decoded<CachedReuse> {
    let config_hash = r.u64()?;
    let postings = match r.u8()? {
        0 => None,
        1 => Some(r.u64()?),
        _ => return Err(corrupt("posting list flag")),
    };
    let n = r.count(min_size::CORPUS_ENTRY)?;
    let mut corpus = Vec::with_capacity(n);
    for _ in 0..n {
        let name = r.str()?;
        corpus.push((name, r.u64()?));
    }
    let matches = decode_matches(r)?;
    let boilerplate_matches = decode_matches(r)?;
    let n = r.count(min_size::CLUSTER)?;
    let mut clusters = Vec::with_capacity(n);
    for i in 0..n {
        let flags = r.u8()?;
        if flags > 3 {
            return Err(corrupt("cluster flags"));
        }
        let members_len = r.count(min_size::MEMBER)?;
        let mut members = Vec::with_capacity(members_len);
        for _ in 0..members_len {
            members.push(decode_side(r)?);
        }
        clusters.push(Cluster {
            id: ClusterId(u32::try_from(i).map_err(|_| corrupt("too many clusters"))?),
            members,
            is_wide: flags & 1 != 0,
            is_likely_boilerplate: flags & 2 != 0,
        });
    }
    let n = r.count(min_size::SET_ASIDE)?;
    let mut set_aside = Vec::with_capacity(n);
    for _ in 0..n {
        let side = decode_side(r)?;
        let reason = match r.u8()? {
            0 => SetAsideReason::Stock,
            1 => SetAsideReason::Boilerplate,
            _ => return Err(corrupt("an unknown reason to set text aside")),
        };
        set_aside.push(SetAside {
            side,
            reason,
            phrase: r.u64()?,
        });
    }
    let n = r.count(min_size::ARTICLE_REUSE)?;
    let mut articles = Vec::with_capacity(n);
    for _ in 0..n {
        articles.push(ArticleReuse {
            copied_share: r.f64()?,
            copied_words: r.usize()?,
            words: r.usize()?,
            shared_passages: r.usize()?,
        });
    }
    Ok(CachedReuse {
        config_hash,
        corpus,
        postings,
        reuse: Reuse {
            matches,
            clusters,
            articles,
            set_aside,
            boilerplate_matches,
            // The cache holds crossread's own detection only, which names no sources.
            named_sources: Vec::new(),
        },
    })
}

fn decode_matches(r: &mut Reader<'_>) -> Decoded<Vec<Match>> {
    let n = r.count(min_size::MATCH)?;
    let mut matches = Vec::with_capacity(n);
    for _ in 0..n {
        let a = decode_side(r)?;
        let b = decode_side(r)?;
        let similarity = r.f64()?;
        let kind = match r.u8()? {
            0 => MatchKind::Verbatim,
            1 => MatchKind::Rewrite,
            _ => return Err(corrupt("an unknown kind of match")),
        };
        let words = r.usize()?;
        let cluster = ClusterId(r.u32()?);
        matches.push(Match {
            a,
            b,
            similarity,
            kind,
            words,
            cluster,
        });
    }
    Ok(matches)
}
