//! A corpus built to break things: file names with spaces, a line break and bytes that are not
//! UTF-8; right-to-left, combining, wide and emoji text; a line of a million characters; CRLF
//! and lone CR line ends; a BOM; a UTF-16 file; control and invisible characters; empty files.
//! Loaded by the library and by `crossread scan` and `crossread tags`: nothing panics, every
//! file is read or skipped with a warning, offsets written out slice the stored bytes on
//! character boundaries around the right text, and wrapping never splits a grapheme.

// File names that are not UTF-8 are a Unix thing (Windows names are UTF-16).
#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::ops::Range;
use std::path::Path;
use std::process::{Command, Output};

use crossread::corpus::segment::segment;
use crossread::corpus::text::DecodedText;
use crossread::view::wrap::{display_grapheme, display_text, wrap};
use crossread::{Config, Corpus, DetectConfig, TagStore, detect};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// A wire paragraph nine of the files carry (more would make it a stock phrase).
const WIRE: &str = "Russian Foreign Minister Sergei Lavrov said on Monday that a meeting between \
the two presidents could only take place once expert groups had prepared a detailed agenda, \
adding that Moscow saw no reason to hurry a summit that Washington had promised within two weeks.";

/// Words of [`WIRE`] every copy keeps as written, to find the copy by.
const WIRE_MARK: &str = "expert groups had prepared";

/// A second shared paragraph, for the file whose name holds a line break.
const LOCAL: &str = "Geneva police closed the lakeside promenade for the whole afternoon while \
delegations arrived, and shop owners along the quay complained that nobody had warned them \
about the closure or about the crowds that gathered behind the barriers.";

const LOCAL_MARK: &str = "lakeside promenade";

/// One planted file: its name as bytes, its content, and what loading it should give.
struct Planted {
    name: Vec<u8>,
    bytes: Vec<u8>,
    expect: Expect,
    /// The shared text it carries, if any.
    mark: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Article,
    /// Loaded, with a warning that some bytes were read as Windows-1252.
    NotUtf8,
    /// Skipped with a warning.
    Binary,
}

fn file(
    name: &[u8],
    bytes: impl Into<Vec<u8>>,
    expect: Expect,
    mark: Option<&'static str>,
) -> Planted {
    Planted {
        name: name.to_vec(),
        bytes: bytes.into(),
        expect,
        mark,
    }
}

/// Made-up words from a fixed seed: text no other file shares.
fn filler(chars: usize, seed: u64) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mu", "ri", "ze", "po", "an", "ve", "ti", "su", "ne", "gor", "bal", "dri",
        "wex", "yul",
    ];
    let mut state = seed;
    let mut out = String::with_capacity(chars + 16);
    while out.len() < chars {
        for _ in 0..3 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            out.push_str(SYLLABLES[(state >> 60) as usize]);
        }
        out.push(' ');
    }
    out.truncate(chars);
    out
}

/// Hard-wraps `text` at about `width` columns with `eol`.
fn hard_wrap(text: &str, width: usize, eol: &str) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split(' ') {
        if line > 0 && line + word.len() > width {
            out.push_str(eol);
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

fn planted() -> Vec<Planted> {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            format!("UTF-16 headline\r\n\r\n{WIRE}")
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let mut latin1 = b"Caf\xe9 headline \x93quoted\x94\n\n".to_vec();
    latin1.extend_from_slice(WIRE.as_bytes());
    latin1.extend_from_slice(b"\n\nNa\xefve closing line \x80 with a euro sign.\n");
    let half = 500_000 - WIRE.len() / 2;
    let million = format!("{} {WIRE} {}", filler(half, 1), filler(half, 2));
    let combining = WIRE
        .replace("Sergei", "Serge\u{308}i")
        .replace("Moscow", "Mo\u{301}scow");

    vec![
        file(
            b"name with spaces.txt",
            format!(
                "Summit talk, spaces and all\n\n{WIRE}\n\nOur own closing paragraph about rain."
            ),
            Expect::Article,
            Some(WIRE_MARK),
        ),
        file(
            b"line\nbreak.txt",
            format!("A name with a line break\n{LOCAL}\nAnd a paragraph of its own."),
            Expect::Article,
            Some(LOCAL_MARK),
        ),
        file(
            b"bad-\xff\xfe-name.txt",
            format!("A name that is not UTF-8\n\n{WIRE}\n"),
            Expect::Article,
            Some(WIRE_MARK),
        ),
        file(
            "rtl.txt".as_bytes(),
            format!(
                "عنوان الخبر \u{202E}من موسكو\n\nقال وزير الخارجية الروسي إن القمة تحتاج إلى تحضير. \
                 \u{202B}שלום עולם, זו פסקה בעברית\u{202C}.\n\n{WIRE}\n\nمرحبا and עברית mixed with English."
            ),
            Expect::Article,
            Some(WIRE_MARK),
        ),
        file(
            b"combining.txt",
            format!(
                "Ze\u{301}lenskyy and Z\u{337}\u{322}a\u{334}l\u{335}g\u{336}o\u{338} in the headline\n\n\
                 {combining}\n\nq\u{323}\u{307} a\u{30a}\u{301}\u{302}\u{303}\u{304} e\u{301}\u{301}\u{301}."
            ),
            Expect::Article,
            Some(WIRE_MARK),
        ),
        file(
            b"cjk-emoji.txt",
            format!(
                "東京で会談 👩\u{200D}👩\u{200D}👧\u{200D}👦 🇺🇦 👍🏽\n\n北京会谈的全文字符测试，宽字符换行。\n\n\
                 {WIRE} 😀😀😀\n\n{}",
                "日本語の文章です。".repeat(20)
            ),
            Expect::Article,
            Some(WIRE_MARK),
        ),
        file(b"million.txt", million, Expect::Article, Some(WIRE_MARK)),
        file(
            b"crlf.txt",
            format!("CRLF headline\r\n\r\n{}\r\n", hard_wrap(WIRE, 60, "\r\n")),
            Expect::Article,
            Some(WIRE_MARK),
        ),
        file(
            b"bom.txt",
            format!("\u{FEFF}BOM \u{1b}[31mred\u{1b}[0m headline\n\n{WIRE}\n"),
            Expect::Article,
            Some(WIRE_MARK),
        ),
        file(b"utf16.txt", utf16, Expect::Binary, None),
        file(b"latin1.txt", latin1, Expect::NotUtf8, Some(WIRE_MARK)),
        file(
            b"zero-width.md",
            format!(
                "\u{200B}\u{200E}\u{202E}reversed\u{202C} \u{AD}soft hyphen\u{2066}isolate\u{2069}\n\n{LOCAL}\n"
            ),
            Expect::Article,
            Some(LOCAL_MARK),
        ),
        file(
            b"control.txt",
            "Escape \u{1b}[2J\u{1b}]0;title\u{7} headline\n\ntab\tseparated\u{8}\u{7f} text \u{0} no",
            Expect::Binary,
            None,
        ),
        file(
            b"control-no-nul.txt",
            "Escape \u{1b}[2J\u{1b}]0;title\u{7} headline\n\ntab\tseparated\u{8}\u{7f}\u{85} text",
            Expect::Article,
            None,
        ),
        file(
            b"old-mac.txt",
            "line one\rline two\r\rline three\r",
            Expect::Article,
            None,
        ),
        file(b"empty.txt", "", Expect::Article, None),
        file(
            b"blank.md",
            " \n\t\r\n\u{FEFF}\u{200B}\n",
            Expect::Article,
            None,
        ),
    ]
}

/// The name the corpus gives a file: its path, lossily decoded.
fn doc_name(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

fn write_corpus(dir: &Path, files: &[Planted]) {
    use std::os::unix::ffi::OsStringExt as _;
    for f in files {
        let name = OsString::from_vec(f.name.clone());
        std::fs::write(dir.join(name), &f.bytes).expect("the temporary folder takes any name");
    }
}

/// Wrapped lines never split a grapheme, fit the width (or hold one grapheme wider than it),
/// and leave out only the white space they broke at.
fn check_wrap(text: &str, width: usize, name: &str) {
    let seg = segment(text);
    let lines = wrap(text, &seg.paragraphs, width);
    let mut covered = vec![false; text.len()];
    let mut end = 0;
    for line in &lines {
        let span = line.byte_span.clone();
        assert!(span.start >= end, "{name}: lines overlap at {span:?}");
        end = span.end;
        let shown = text
            .get(span.clone())
            .expect("a line is a slice of the text");
        let Some(p) = line.paragraph else {
            assert!(span.is_empty());
            continue;
        };
        let paragraph = seg.paragraphs[p].byte_span.clone();
        assert!(
            paragraph.start <= span.start && span.end <= paragraph.end,
            "{name}"
        );
        let cells = display_text(shown).width();
        assert!(
            cells <= width || shown.graphemes(true).count() == 1,
            "{name}: {cells} cells at width {width}: {shown:?}"
        );
        covered[span].iter_mut().for_each(|c| *c = true);
    }
    for paragraph in &seg.paragraphs {
        let base = paragraph.byte_span.start;
        for (i, grapheme) in text[paragraph.byte_span.clone()].grapheme_indices(true) {
            let range: Range<usize> = base + i..base + i + grapheme.len();
            // A grapheme is shown whole or not at all.
            let shown = covered[range.clone()].iter().filter(|c| **c).count();
            assert!(
                shown == 0 || shown == grapheme.len(),
                "{name}: grapheme {grapheme:?} split at width {width}"
            );
            if shown == 0 {
                assert_eq!(
                    display_grapheme(grapheme),
                    " ",
                    "{name}: {grapheme:?} dropped"
                );
            }
        }
    }
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The stored bytes of `span` decoded, for any planted file: what a script slicing the file
/// by the offsets written out would read.
fn stored_text(bytes: &[u8], span: &Range<usize>) -> String {
    assert!(span.start < span.end && span.end <= bytes.len(), "{span:?}");
    match std::str::from_utf8(bytes) {
        Ok(_) => std::str::from_utf8(&bytes[span.clone()])
            .expect("offsets in a UTF-8 file fall on character boundaries")
            .to_owned(),
        Err(_) => {
            let decoded = DecodedText::decode(bytes);
            decoded.text[decoded.text_range(span.clone())].to_owned()
        }
    }
}

#[test]
fn a_hostile_corpus_loads_scans_and_wraps() {
    let files = planted();
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_corpus(dir.path(), &files);
    let by_doc: BTreeMap<String, &Planted> = files.iter().map(|f| (doc_name(&f.name), f)).collect();

    // Library: every file read or skipped with a warning.
    let (corpus, warnings) =
        Corpus::load(dir.path(), &Config::default()).expect("the folder loads");
    let warned: BTreeMap<String, &str> = warnings
        .iter()
        .map(|w| {
            let name = w.path.file_name().expect("a file").as_encoded_bytes();
            (doc_name(name), w.message.as_str())
        })
        .collect();
    for f in &files {
        let name = doc_name(&f.name);
        let article = corpus.find(&name);
        match f.expect {
            Expect::Binary => {
                assert!(article.is_none(), "{name:?} loaded");
                assert_eq!(
                    warned.get(&name).copied(),
                    Some("skipped: binary file (NUL bytes)")
                );
            }
            Expect::NotUtf8 | Expect::Article => {
                let article = article.unwrap_or_else(|| panic!("{name:?} missing"));
                assert_eq!(
                    article.text(),
                    DecodedText::decode(&f.bytes).text,
                    "{name:?}"
                );
                assert!(!article.title.contains(['\n', '\r']), "{:?}", article.title);
                assert!(article.title.chars().count() <= 161, "{name:?}: long title");
                if f.expect == Expect::NotUtf8 {
                    assert_eq!(
                        warned.get(&name).copied(),
                        Some("not valid UTF-8: 5 byte(s) read as Windows-1252")
                    );
                } else {
                    assert_eq!(warned.get(&name), None, "{name:?}");
                }
                let blank = matches!(name.as_str(), "empty.txt" | "blank.md");
                assert_eq!(article.is_empty(), blank, "{name:?}");
            }
        }
    }
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert_eq!(corpus.articles.len(), files.len() - 2);

    // Detection: every file with a shared paragraph has it found, on character boundaries.
    let reuse = detect(&corpus, &DetectConfig::default());
    for f in files
        .iter()
        .filter(|f| f.mark.is_some() && f.expect != Expect::Binary)
    {
        let name = doc_name(&f.name);
        let article = corpus.find(&name).expect("loaded");
        let found = reuse.matches_of(article.id).any(|m| {
            let (side, _) = m.from_side_of(article.id).expect("involves it");
            let text = article
                .text()
                .get(side.byte_span.clone())
                .expect("on char boundaries");
            f.mark.is_some_and(|mark| text.contains(mark))
        });
        assert!(found, "{name:?}: shared paragraph not found");
    }
    let mut library: BTreeSet<(String, usize, usize, String, usize, usize)> = BTreeSet::new();
    for m in &reuse.matches {
        let a = &corpus.articles[m.a.article.index()];
        let b = &corpus.articles[m.b.article.index()];
        let (sa, sb) = (
            a.decoded.stored_range(m.a.byte_span.clone()),
            b.decoded.stored_range(m.b.byte_span.clone()),
        );
        library.insert((
            a.name.clone(),
            sa.start,
            sa.end,
            b.name.clone(),
            sb.start,
            sb.end,
        ));
    }

    // Wrapping every article at a few widths (the million-character line at two).
    for article in &corpus.articles {
        let widths: &[usize] = if article.text().len() > 100_000 {
            &[2, 80]
        } else {
            &[1, 3, 40, 80]
        };
        for &width in widths {
            check_wrap(article.text(), width, &article.name);
        }
    }

    // `crossread scan --format jsonl`: the same matches, in stored bytes around the right text.
    let output = run(&[
        "scan".as_ref(),
        dir.path().as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("utf16.txt: skipped: binary file (NUL bytes)"),
        "{stderr}"
    );
    assert!(stderr.contains("latin1.txt: not valid UTF-8"), "{stderr}");
    let stdout = String::from_utf8(output.stdout).expect("JSON lines are UTF-8");
    let mut written = BTreeSet::new();
    for line in stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let side = |key: &str| {
            let doc = value[key]["doc"].as_str().expect("doc").to_owned();
            let start = value[key]["start"].as_u64().expect("start") as usize;
            let end = value[key]["end"].as_u64().expect("end") as usize;
            (doc, start, end)
        };
        let (a, b) = (side("a"), side("b"));
        let mut marks = Vec::new();
        for (doc, start, end) in [&a, &b] {
            let planted = by_doc
                .get(doc)
                .unwrap_or_else(|| panic!("{doc:?} is not a planted file"));
            let text = stored_text(&planted.bytes, &(*start..*end));
            marks.push(planted.mark.filter(|mark| text.contains(mark)));
        }
        assert!(marks[0].is_some() && marks[0] == marks[1], "{line}");
        written.insert((a.0, a.1, a.2, b.0, b.1, b.2));
    }
    // Each copy is listed with its closest copy: the pairs written are matches the library
    // found, and every passage of a match is in one of them.
    assert!(written.is_subset(&library), "{written:?}\n{library:?}");
    let passages = |set: &BTreeSet<(String, usize, usize, String, usize, usize)>| {
        set.iter()
            .flat_map(|p| [(p.0.clone(), p.1, p.2), (p.3.clone(), p.4, p.5)])
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(passages(&written), passages(&library));

    // The text report never passes a control character through to the terminal.
    let output = run(&["scan".as_ref(), dir.path().as_os_str()]);
    assert_eq!(output.status.code(), Some(0));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(!report.contains(['\u{1b}', '\u{202E}']), "{report}");
    assert!(report.contains("BOM"), "{report}");

    // `crossread tags`: tags on the hostile files come back with stored offsets around their quote.
    let tags_path = dir.path().join("tags.toml");
    let mut store = TagStore::open(&tags_path);
    let mut tagged = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.mark.is_some() && f.expect != Expect::Binary)
    {
        let name = doc_name(&f.name);
        let article = corpus.find(&name).expect("loaded");
        let mark = f.mark.expect("filtered");
        let start = article.text().find(mark).expect("the mark is in the text");
        store
            .create(
                article,
                start..start + mark.len(),
                &["hostile"],
                Some("a\nnote \u{202E}reversed \u{1b}[2J"),
            )
            .expect("a span of the text");
        tagged.push(name);
    }
    store.save().expect("the tags file is written");
    let output = run(&[
        "tags".as_ref(),
        dir.path().as_os_str(),
        "--format".as_ref(),
        "jsonl".as_ref(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8(output.stdout).expect("JSON lines are UTF-8");
    let mut listed = Vec::new();
    for line in stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let doc = value["article"].as_str().expect("article");
        assert_eq!(value["status"], "exact", "{line}");
        let start = value["start"].as_u64().expect("start") as usize;
        let end = value["end"].as_u64().expect("end") as usize;
        let planted = by_doc.get(doc).expect("a planted file");
        let text = stored_text(&planted.bytes, &(start..end));
        assert_eq!(Some(text.as_str()), planted.mark, "{line}");
        assert_eq!(value["quote"].as_str(), planted.mark, "{line}");
        listed.push(doc.to_owned());
    }
    listed.sort();
    tagged.sort();
    assert_eq!(listed, tagged);

    // And the text listing is one line per tag, whatever the names and notes hold.
    let output = run(&["tags".as_ref(), dir.path().as_os_str()]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(text.lines().count(), tagged.len(), "{text}");
    assert!(!text.contains(['\u{1b}', '\u{202E}']), "{text}");
}
