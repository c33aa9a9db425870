//! Any bytes as a tags file, and any tag on any article: loading never panics, a file that does
//! not load is never written to, one that loads saves and reads back the same, and every anchor
//! resolves to a span of the text that holds its quote.
//!
//! Input: the tags file, then a NUL byte, then bytes that `arbitrary` shapes into an article, a
//! span to tag and an edit elsewhere in the text.

#![no_main]

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use arbitrary::{Arbitrary, Unstructured};
use crossread::tags::anchor::{Resolution, TagAnchor};
use crossread::config::Config;
use crossread::corpus::{Article, ArticleId};
use crossread::corpus::text::DecodedText;
use crossread::{Error, TagStore};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Rest<'a> {
    span: (u16, u16),
    edit_at: u16,
    edit: &'a str,
    labels: Vec<&'a str>,
    note: Option<&'a str>,
    article: &'a [u8],
}

fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder for tags files"))
        .path()
}

/// A path no earlier iteration used, since `save_as` refuses to overwrite.
fn fresh_path() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    scratch().join(format!(
        "copy-{}.toml",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn check_resolution(resolution: &Resolution, text: &str, quote: &str) {
    match resolution {
        Resolution::Exact { byte_span } => assert_eq!(text.get(byte_span.clone()), Some(quote)),
        Resolution::Fuzzy {
            byte_span,
            similarity,
        } => {
            assert!(
                text.get(byte_span.clone()).is_some(),
                "{byte_span:?} not in the text"
            );
            assert!((0.75..=1.0).contains(similarity), "similarity {similarity}");
        }
        Resolution::Orphan => {}
    }
}

/// Saves `store` to a new file and reads it back: the same tags and labels.
fn assert_round_trip(store: &mut TagStore) {
    let path = fresh_path();
    store
        .save_as(&path)
        .expect("saving to a new file in a temporary folder");
    let again = TagStore::open(&path);
    assert!(
        again.load_error().is_none(),
        "{:?}\n{}",
        again.load_error(),
        read(&path)
    );
    assert_eq!(again.tags(), store.tags(), "{}", read(&path));
    assert_eq!(again.labels(), store.labels(), "{}", read(&path));
    let _ = std::fs::remove_file(&path);
}

fn read(path: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).into_owned()
}

fn check_anchor(decoded: &DecodedText, span: Range<usize>, edit_at: usize, edit: &str) {
    let text = decoded.text.as_str();
    let Some(anchor) = TagAnchor::new(decoded, span.clone()) else {
        assert!(text.get(span).is_none());
        return;
    };
    assert_eq!(
        anchor.resolve(decoded),
        Resolution::Exact {
            byte_span: span.clone()
        }
    );
    // An edit outside the quote and its context leaves the quote findable, exactly, wherever
    // it moved (a very repetitive text may hold more occurrences than resolution ranks).
    let context = span.start - anchor.prefix.len()..span.end + anchor.suffix.len();
    let at = floor_boundary(text, edit_at);
    if (context.start < at && at < context.end) || text.len() >= 2048 {
        return;
    }
    let edited = format!("{}{edit}{}", &text[..at], &text[at..]);
    let resolution = anchor.resolve(&DecodedText::decode(edited.as_bytes()));
    assert!(
        matches!(resolution, Resolution::Exact { .. }),
        "{resolution:?} for {anchor:?} in {edited:?}"
    );
    check_resolution(&resolution, &edited, &anchor.quote);
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let tags_file = &data[..split];
    let u = Unstructured::new(data.get(split + 1..).unwrap_or_default());
    let Ok(rest) = Rest::arbitrary_take_rest(u) else {
        return;
    };

    let path = scratch().join("tags.toml");
    std::fs::write(&path, tags_file).expect("writing a tags file in a temporary folder");
    let mut store = TagStore::open(&path);
    let article = Article::from_bytes(ArticleId(0), "a.txt", rest.article, &Config::default());

    if let Some(err) = store.load_error() {
        let message = err.to_string();
        assert!(!message.contains('\n'), "{message:?}");
        assert!(matches!(err, Error::Parse { line, column, .. } if *line >= 1 && *column >= 1));
        assert!(matches!(store.save(), Err(Error::NotSaved { .. })));
        assert_eq!(
            std::fs::read(&path).ok().as_deref(),
            Some(tags_file),
            "written over"
        );
    } else {
        for tag in store.tags() {
            let resolution = tag.anchor.resolve(&article.decoded);
            check_resolution(&resolution, article.text(), &tag.anchor.quote);
        }
        assert_round_trip(&mut store);
    }

    let text_len = article.text().len();
    let span = usize::from(rest.span.0) % (text_len + 1)..usize::from(rest.span.1) % (text_len + 1);
    if let Ok(id) = store.create(&article, span.clone(), &rest.labels, rest.note) {
        let tag = store.tag(&id).expect("the tag just created");
        assert_eq!(
            article.text().get(span.clone()),
            Some(tag.anchor.quote.as_str())
        );
        if store.load_error().is_none() {
            assert_round_trip(&mut store);
        }
    }
    check_anchor(&article.decoded, span, usize::from(rest.edit_at), rest.edit);
});
