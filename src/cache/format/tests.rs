//! The cache format: round trips of any size, every bound against the encoder, damage caught.
use super::*;
use crate::ArticleId;
use crate::corpus::segment::{Paragraph, Sentence};
use crate::detect::reuse::{ArticleReuse, Cluster, ClusterId, SetAside};

#[test]
fn the_checksum_does_not_depend_on_how_the_body_is_cut() {
    let body: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
    let whole = {
        let mut c = Checksum::default();
        c.update(&body);
        c.finish()
    };
    for cut in [1, 3, 8, 13, 999] {
        let mut c = Checksum::default();
        for piece in body.chunks(cut) {
            c.update(piece);
        }
        assert_eq!(c.finish(), whole, "pieces of {cut}");
    }
    let mut flipped = body.clone();
    flipped[500] ^= 4;
    let mut c = Checksum::default();
    c.update(&flipped);
    assert_ne!(c.finish(), whole);
    // A body one zero byte longer is another body.
    let mut longer = body.clone();
    longer.push(0);
    let mut c = Checksum::default();
    c.update(&longer);
    assert_ne!(c.finish(), whole);
}

fn sample() -> CacheFile {
    let text = "One sentence. Two.\nThird here.";
    CacheFile {
        written_ns: 42,
        articles: vec![CachedArticle {
            name: "a.txt".into(),
            size: text.len() as u64,
            mtime_ns: 7,
            text_hash: hash64(text.as_bytes()),
            words: 5,
            segmentation: crate::corpus::segment::segment(text),
        }],
        reuse: Some(CachedReuse {
            config_hash: 9,
            corpus: vec![("a.txt".into(), 1), ("b.txt".into(), 2)],
            postings: Some(77),
            reuse: Reuse {
                matches: vec![Match {
                    a: Side {
                        article: ArticleId(0),
                        byte_span: 0..13,
                    },
                    b: Side {
                        article: ArticleId(1),
                        byte_span: 3..16,
                    },
                    similarity: 0.875,
                    kind: MatchKind::Rewrite,
                    words: 12,
                    cluster: ClusterId(0),
                }],
                clusters: vec![Cluster {
                    id: ClusterId(0),
                    members: vec![Side {
                        article: ArticleId(0),
                        byte_span: 0..13,
                    }],
                    is_wide: true,
                    is_likely_boilerplate: false,
                }],
                articles: vec![ArticleReuse {
                    copied_share: 0.5,
                    copied_words: 2,
                    words: 4,
                    shared_passages: 1,
                }],
                set_aside: vec![SetAside {
                    side: Side {
                        article: ArticleId(0),
                        byte_span: 14..18,
                    },
                    reason: SetAsideReason::Boilerplate,
                    phrase: 5,
                }],
                boilerplate_matches: Vec::new(),
                named_sources: Vec::new(),
            },
        }),
    }
}

#[test]
fn round_trip() {
    let file = sample();
    assert_eq!(decode(&encode(&file)), Ok(file));
}

#[test]
fn every_truncation_is_rejected() {
    let bytes = encode(&sample());
    for len in 0..bytes.len() {
        let err = decode(&bytes[..len]).unwrap_err();
        assert!(
            err.0.contains("truncated") || err.0.contains("not a crossread cache"),
            "at {len}: {}",
            err.0
        );
    }
}

#[test]
fn every_flipped_byte_is_rejected() {
    let bytes = encode(&sample());
    for at in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[at] ^= 0x20;
        assert!(decode(&bad).is_err(), "flipping byte {at} went unnoticed");
    }
}

#[test]
fn other_versions_are_named() {
    let mut bytes = encode(&sample());
    bytes[8] = bytes[8].wrapping_add(1);
    let err = decode(&bytes).unwrap_err();
    assert!(
        err.0.starts_with("it was written by another version"),
        "{}",
        err.0
    );
}

#[test]
fn hash_is_stable_and_sees_every_byte() {
    assert_eq!(hash64(b""), hash64(b""));
    assert_ne!(hash64(b"abc"), hash64(b"abd"));
    assert_ne!(hash64(b"abcdefgh1"), hash64(b"abcdefgh2"));
    assert_ne!(hash64(b"a"), hash64(b"a\0"));
}

/// Encoded length of `file`.
fn encoded_len(file: &CacheFile) -> usize {
    encode(file).len()
}

fn side(article: u32, span: Range<usize>) -> Side {
    Side {
        article: ArticleId(article),
        byte_span: span,
    }
}

fn a_match(cluster: u32) -> Match {
    Match {
        a: side(0, 0..5),
        b: side(1, 2..9),
        similarity: 0.75,
        kind: MatchKind::Verbatim,
        words: 12,
        cluster: ClusterId(cluster),
    }
}

fn empty_reuse() -> CachedReuse {
    CachedReuse {
        config_hash: 1,
        corpus: Vec::new(),
        reuse: Reuse::default(),
        postings: None,
    }
}

fn bare_article(name: &str) -> CachedArticle {
    CachedArticle {
        name: name.to_owned(),
        size: 0,
        mtime_ns: 0,
        text_hash: 0,
        words: 0,
        segmentation: Segmentation::default(),
    }
}

/// A cache file holding `empty_reuse()` changed by `edit`.
fn with_reuse(edit: impl Fn(&mut CachedReuse)) -> CacheFile {
    let mut reuse = empty_reuse();
    edit(&mut reuse);
    CacheFile {
        reuse: Some(reuse),
        ..CacheFile::default()
    }
}

/// A cache file holding `article` alone.
fn with_article(article: CachedArticle) -> CacheFile {
    CacheFile {
        articles: vec![article],
        ..CacheFile::default()
    }
}

/// A narrow cluster of `members`.
fn a_cluster(members: Vec<Side>) -> Cluster {
    Cluster {
        id: ClusterId(0),
        members,
        is_wide: false,
        is_likely_boilerplate: false,
    }
}

/// One more item of each article list: (what, its bound, a file, the file with one more).
fn one_more_article_item() -> Vec<(&'static str, usize, CacheFile, CacheFile)> {
    let mut one_paragraph = bare_article("");
    one_paragraph.segmentation.paragraphs.push(Paragraph {
        byte_span: 0..1,
        sentences: 0..0,
    });
    let mut one_sentence = bare_article("");
    one_sentence.segmentation.sentences.push(Sentence {
        byte_span: 0..1,
        paragraph: 0,
    });
    let bare = || with_article(bare_article(""));
    vec![
        (
            "article",
            min_size::ARTICLE,
            CacheFile::default(),
            with_article(bare_article("")),
        ),
        (
            "string byte",
            min_size::STR_BYTE,
            bare(),
            with_article(bare_article("a")),
        ),
        (
            "paragraph",
            min_size::PARAGRAPH,
            bare(),
            with_article(one_paragraph),
        ),
        (
            "sentence",
            min_size::SENTENCE,
            bare(),
            with_article(one_sentence),
        ),
    ]
}

/// One more item of each list of the reuse: (what, its bound, a file, the file with one more).
fn one_more_reuse_item() -> Vec<(&'static str, usize, CacheFile, CacheFile)> {
    let empty = || with_reuse(|_| {});
    vec![
        (
            "corpus entry",
            min_size::CORPUS_ENTRY,
            empty(),
            with_reuse(|r| r.corpus.push((String::new(), 3))),
        ),
        (
            "match",
            min_size::MATCH,
            empty(),
            with_reuse(|r| r.reuse.matches.push(a_match(0))),
        ),
        (
            "cluster",
            min_size::CLUSTER,
            empty(),
            with_reuse(|r| r.reuse.clusters.push(a_cluster(Vec::new()))),
        ),
        (
            "cluster member",
            min_size::MEMBER,
            with_reuse(|r| r.reuse.clusters.push(a_cluster(Vec::new()))),
            with_reuse(|r| r.reuse.clusters.push(a_cluster(vec![side(0, 0..1)]))),
        ),
        (
            "article figures",
            min_size::ARTICLE_REUSE,
            empty(),
            with_reuse(|r| r.reuse.articles.push(ArticleReuse::default())),
        ),
        (
            "set-aside passage",
            min_size::SET_ASIDE,
            empty(),
            with_reuse(|r| {
                r.reuse.set_aside.push(SetAside {
                    side: side(0, 0..1),
                    reason: SetAsideReason::Stock,
                    phrase: 0,
                })
            }),
        ),
        (
            "boilerplate match",
            min_size::MATCH,
            empty(),
            with_reuse(|r| r.reuse.boilerplate_matches.push(a_match(0))),
        ),
    ]
}

/// Each bound the decoder checks a list length against is what one more item of that list
/// costs the encoder: never more (a long list would look truncated), and not less either
/// (a corrupt count could then ask for more memory than the file justifies).
#[test]
fn each_minimum_size_is_what_the_encoder_writes_for_one_more_item() {
    let cases = [one_more_article_item(), one_more_reuse_item()].concat();
    for (what, bound, shorter, longer) in cases {
        assert_eq!(
            encoded_len(&longer) - encoded_len(&shorter),
            bound,
            "one more {what}"
        );
        assert_eq!(decode(&encode(&longer)), Ok(longer), "{what}");
    }
}

/// Regression: a cache whose body is mostly matches was read as truncated (each match was
/// checked against 73 bytes when the encoder writes 61), so it was rebuilt on every run.
#[test]
fn a_long_match_list_is_not_taken_for_a_truncated_file() {
    let mut reuse = empty_reuse();
    reuse.reuse.matches = (0..1000).map(|_| a_match(0)).collect();
    reuse.reuse.clusters.push(Cluster {
        id: ClusterId(0),
        members: vec![side(0, 0..5)],
        is_wide: false,
        is_likely_boilerplate: false,
    });
    let file = CacheFile {
        reuse: Some(reuse),
        ..CacheFile::default()
    };
    assert_eq!(decode(&encode(&file)), Ok(file));
}

mod round_trip_of_any_size {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    fn span() -> impl Strategy<Value = Range<usize>> {
        (0usize..1 << 40, 0usize..1 << 20).prop_map(|(start, len)| start..start + len)
    }

    fn any_side() -> impl Strategy<Value = Side> {
        (any::<u32>(), span()).prop_map(|(article, byte_span)| Side {
            article: ArticleId(article),
            byte_span,
        })
    }

    /// Finite numbers only: a NaN never equals itself, so it cannot round-trip under `==`
    /// (the encoder keeps its bits all the same).
    fn share() -> impl Strategy<Value = f64> {
        -1e9f64..1e9
    }

    fn article() -> impl Strategy<Value = CachedArticle> {
        (
            ".{0,12}",
            any::<[u64; 4]>(),
            vec((span(), span()), 0..6),
            vec((span(), any::<usize>()), 0..10),
        )
            .prop_map(
                |(name, [size, mtime_ns, text_hash, words], ps, ss)| CachedArticle {
                    name,
                    size,
                    mtime_ns,
                    text_hash,
                    words,
                    segmentation: Segmentation {
                        paragraphs: ps
                            .into_iter()
                            .map(|(byte_span, sentences)| Paragraph {
                                byte_span,
                                sentences,
                            })
                            .collect(),
                        sentences: ss
                            .into_iter()
                            .map(|(byte_span, paragraph)| Sentence {
                                byte_span,
                                paragraph,
                            })
                            .collect(),
                    },
                },
            )
    }

    fn any_match() -> impl Strategy<Value = Match> {
        (
            any_side(),
            any_side(),
            share(),
            any::<bool>(),
            any::<usize>(),
            any::<u32>(),
        )
            .prop_map(|(a, b, similarity, verbatim, words, cluster)| Match {
                a,
                b,
                similarity,
                kind: if verbatim {
                    MatchKind::Verbatim
                } else {
                    MatchKind::Rewrite
                },
                words,
                cluster: ClusterId(cluster),
            })
    }

    fn reuse() -> impl Strategy<Value = CachedReuse> {
        (
            any::<u64>(),
            vec((".{0,8}", any::<u64>()), 0..8),
            // Up to a few hundred matches beside short other lists: the shape that made
            // a too-large bound show (a body mostly matches).
            vec(any_match(), 0..300),
            vec(vec(any_side(), 0..6), 0..12),
            vec((share(), any::<[usize; 3]>()), 0..10),
            proptest::option::of(any::<u64>()),
            vec((any_side(), any::<bool>(), any::<u64>()), 0..20),
        )
            .prop_map(
                |(config_hash, corpus, matches, clusters, articles, postings, set_aside)| {
                    CachedReuse {
                        config_hash,
                        corpus,
                        postings,
                        reuse: Reuse {
                            matches,
                            clusters: clusters
                                .into_iter()
                                .enumerate()
                                .map(|(i, members)| Cluster {
                                    id: ClusterId(i as u32),
                                    members,
                                    is_wide: i % 2 == 0,
                                    is_likely_boilerplate: i % 3 == 0,
                                })
                                .collect(),
                            articles: articles
                                .into_iter()
                                .map(|(copied_share, [copied_words, words, shared_passages])| {
                                    ArticleReuse {
                                        copied_share,
                                        copied_words,
                                        words,
                                        shared_passages,
                                    }
                                })
                                .collect(),
                            set_aside: set_aside
                                .into_iter()
                                .map(|(side, stock, phrase)| SetAside {
                                    side,
                                    reason: if stock {
                                        SetAsideReason::Stock
                                    } else {
                                        SetAsideReason::Boilerplate
                                    },
                                    phrase,
                                })
                                .collect(),
                            boilerplate_matches: Vec::new(),
                            named_sources: Vec::new(),
                        },
                    }
                },
            )
    }

    fn cache_file() -> impl Strategy<Value = CacheFile> {
        (
            any::<u64>(),
            vec(article(), 0..8),
            proptest::option::of(reuse()),
        )
            .prop_map(|(written_ns, articles, reuse)| CacheFile {
                written_ns,
                articles,
                reuse,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn decode_gives_back_what_was_encoded(file in cache_file()) {
            let bytes = encode(&file);
            prop_assert_eq!(decode(&bytes), Ok(file.clone()));
            let mut without = file;
            for a in &mut without.articles {
                a.segmentation = Segmentation::default();
            }
            prop_assert_eq!(decode_parts(&bytes, Parts::NoSegmentation), Ok(without));
        }
    }
}

#[test]
fn a_segmentation_that_does_not_fit_is_caught() {
    let text = "Zelenskyy’s office. Then more.";
    let seg = crate::corpus::segment::segment(text);
    assert!(segmentation_fits(&seg, text));
    assert!(!segmentation_fits(&seg, "short"));
    let mut inside_char = seg.clone();
    inside_char.sentences[0].byte_span.end = 11; // inside ’
    assert!(!segmentation_fits(&inside_char, text));
}
