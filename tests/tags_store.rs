//! The tags file under stress: round trips of any text, hand edits, edits by others while the
//! reader is open, files that do not parse, folders that cannot be written, kills mid-save,
//! and articles that changed under their tags.

// Helpers outside #[test] functions are test code too.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crossread::tags::anchor::TagAnchor;
use crossread::tags::{MergeEvent, Timestamp};
use crossread::{Corpus, Error, Label, Resolution, Tag, TagId, TagStore};
use proptest::prelude::*;

const TEXT_A: &str = "Lavrov pours cold water on a summit.\n\nRussia's foreign minister Sergei \
Lavrov said Putin was ready to meet Zelensky once the work had been done. Kyiv called that a \
delay. Trump said talks went well.\n";

const TEXT_B: &str = "Donald Trump’s peace push in limbo.\n\nThe Kremlin said a meeting \
needed careful preparation. Zelenskiy said Russia was stalling.\n";

fn corpus() -> Corpus {
    Corpus::from_texts([("a.txt", TEXT_A), ("sub/b.txt", TEXT_B)])
}

fn span_of(text: &str, quote: &str) -> std::ops::Range<usize> {
    let start = text.find(quote).expect("quote in text");
    start..start + quote.len()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn create_edit_delete_undo_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let a = corpus.find("a.txt").unwrap();
    let b = corpus.find("sub/b.txt").unwrap();

    let mut store = TagStore::open(&path);
    assert!(store.load_error().is_none());
    assert!(store.tags().is_empty());
    let lavrov = store
        .create(
            a,
            span_of(TEXT_A, "Sergei Lavrov said"),
            &["wire copy", " wire copy ", ""],
            None,
        )
        .unwrap();
    let kremlin = store
        .create(
            b,
            span_of(TEXT_B, "The Kremlin said"),
            &["unattributed"],
            Some("who?"),
        )
        .unwrap();
    assert_eq!(lavrov.0.len(), 8);
    assert_ne!(lavrov, kremlin);
    assert!(store.has_unsaved_changes());
    let report = store.save().unwrap();
    assert!(report.written && report.merged.is_empty());
    assert!(!store.has_unsaved_changes());
    // Saving again with nothing new does not write.
    assert!(!store.save().unwrap().written);

    let reopened = TagStore::open(&path);
    assert_eq!(reopened.tags(), store.tags());
    let tag = reopened.tag(&lavrov).unwrap();
    assert_eq!(tag.labels, ["wire copy"]);
    assert_eq!(tag.anchor.quote, "Sergei Lavrov said");
    assert_eq!(tag.anchor.prefix, "mit.\n\nRussia's foreign minister ");
    assert_eq!(tag.created, tag.updated);
    assert_eq!(
        reopened.labels().keys().collect::<Vec<_>>(),
        ["unattributed", "wire copy"]
    );

    assert!(store.set_note(&lavrov, Some("Same as Reuters")));
    assert!(store.set_labels(&lavrov, &["wire copy", "check"]));
    assert!(!store.set_note(&TagId("nope".into()), Some("x")));
    store.save().unwrap();
    let tag = TagStore::open(&path).tag(&lavrov).cloned().unwrap();
    assert_eq!(tag.note.as_deref(), Some("Same as Reuters"));
    assert_eq!(tag.labels, ["wire copy", "check"]);

    let deleted = store.delete(&kremlin).unwrap();
    store.save().unwrap();
    assert!(TagStore::open(&path).tag(&kremlin).is_none());
    assert_eq!(store.undo_delete(), Some(kremlin.clone()));
    assert_eq!(store.undo_delete(), None);
    store.save().unwrap();
    assert_eq!(TagStore::open(&path).tag(&kremlin), Some(&deleted));

    // Bad spans are refused, with the article named.
    let inside = TEXT_B.find('’').unwrap() + 1;
    let err = store.create(b, inside..inside + 2, &[], None).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "sub/b.txt: bytes {inside}..{} are not a passage of the text",
            inside + 2
        )
    );
}

#[test]
fn file_is_sorted_by_article_then_position_and_saves_byte_for_byte_stably() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let mut store = TagStore::open(&path);
    let b = corpus.find("sub/b.txt").unwrap();
    let a = corpus.find("a.txt").unwrap();
    store
        .create(b, span_of(TEXT_B, "Zelenskiy said"), &["x"], None)
        .unwrap();
    store
        .create(a, span_of(TEXT_A, "Trump said"), &["x"], None)
        .unwrap();
    store
        .create(a, span_of(TEXT_A, "Kyiv called"), &["x"], None)
        .unwrap();
    store.save().unwrap();
    let quotes: Vec<&str> = store
        .tags()
        .iter()
        .map(|t| t.anchor.quote.as_str())
        .collect();
    assert_eq!(quotes, ["Kyiv called", "Trump said", "Zelenskiy said"]);
    let text = read(&path);
    let order: Vec<usize> = quotes.iter().map(|q| text.find(q).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.starts_with("# crossread tags"), "{text}");
    // Open and save without change: same bytes.
    let mut again = TagStore::open(&path);
    again.set_label("x", Label::default());
    again.save().unwrap();
    assert_eq!(read(&path), text);
}

fn any_text() -> impl Strategy<Value = String> {
    // Any Unicode, weighted towards what breaks TOML writers: quotes, backslashes, newlines,
    // CR, tabs, control characters, triple quotes.
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex(
            "([\"'\\\\\n\r\t\u{0}-\u{1f}\u{7f}é’ ]|'''|\"\"\"|[a-z]){0,40}"
        )
        .unwrap(),
    ]
}

fn any_tag() -> impl Strategy<Value = Tag> {
    (
        "[a-z0-9]{1,10}",
        any_text(),
        (any_text(), any_text(), any_text()),
        (0usize..1_000_000, 0usize..1000),
        proptest::collection::vec(any_text().prop_filter("non-empty", |s| !s.is_empty()), 0..4),
        proptest::option::of(any_text()),
        (
            proptest::option::of(0i64..4_000_000_000),
            proptest::option::of(0i64..4_000_000_000),
        ),
    )
        .prop_map(
            |(id, article, (quote, prefix, suffix), (start, len), labels, note, (c, u))| Tag {
                id: TagId(id),
                article,
                anchor: TagAnchor {
                    quote,
                    prefix,
                    suffix,
                    stored_span: start..start + len,
                },
                labels,
                note,
                created: c.and_then(Timestamp::from_unix_seconds),
                updated: u.and_then(Timestamp::from_unix_seconds),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_tags_save_and_load_unchanged(
        tags in proptest::collection::vec(any_tag(), 0..8),
        labels in proptest::collection::vec(
            (any_text().prop_filter("non-empty", |s| !s.trim().is_empty()),
             proptest::option::of(any_text()), proptest::option::of(any_text())), 0..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tags.toml");
        let mut store = TagStore::open(&path);
        for tag in tags {
            store.insert(tag);
        }
        for (name, color, description) in labels {
            store.set_label(&name, Label { color, description });
        }
        let saved = store.save();
        prop_assert!(saved.is_ok(), "{:?}", saved);
        let loaded = TagStore::open(&path);
        prop_assert!(loaded.load_error().is_none(), "{:?}\n{}", loaded.load_error(), read(&path));
        prop_assert_eq!(loaded.tags(), store.tags());
        prop_assert_eq!(loaded.labels(), store.labels());
    }
}

const HAND_WRITTEN: &str = r#"# My tags for the summit story.
version = 1   # mine, not crossread's

[labels]
# the wire services
"wire copy" = { color = "yellow", description = "Reuters or AFP text" }  # keep this

[[tag]]
# checked by hand against the Reuters original
id = "h1"
article = "a.txt"
quote = "Kyiv called that a delay."
start = 121
end = 146
labels = ["wire copy"]   # from Reuters
reviewer = "ana"         # a key crossread does not know

[tag.extra]
source = "checked"
"#;

#[test]
fn hand_written_comments_and_unknown_keys_survive_a_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    std::fs::write(&path, HAND_WRITTEN).unwrap();
    let corpus = corpus();
    let a = corpus.find("a.txt").unwrap();
    let mut store = TagStore::open(&path);
    assert!(store.load_error().is_none(), "{:?}", store.load_error());
    let h1 = TagId("h1".into());
    assert_eq!(
        store.resolve(store.tag(&h1).unwrap(), &corpus),
        Resolution::Exact {
            byte_span: span_of(TEXT_A, "Kyiv called that a delay.")
        }
    );
    // A new tag before h1 in the article, so h1's table moves down in the file.
    store
        .create(a, span_of(TEXT_A, "Sergei Lavrov"), &["new label"], None)
        .unwrap();
    assert!(store.set_note(&h1, Some("checked twice")));
    store.save().unwrap();

    let text = read(&path);
    for kept in [
        "# My tags for the summit story.\n",
        "version = 1   # mine, not crossread's\n",
        "# the wire services\n",
        "\"wire copy\" = { color = \"yellow\", description = \"Reuters or AFP text\" }  # keep this\n",
        "# checked by hand against the Reuters original\n",
        "labels = [\"wire copy\"]   # from Reuters\n",
        "reviewer = \"ana\"         # a key crossread does not know\n",
        "[tag.extra]\nsource = \"checked\"\n",
    ] {
        assert!(text.contains(kept), "lost {kept:?} in:\n{text}");
    }
    // The file still means what it said: h1 (second now) keeps its sub-table and unknown key.
    let value: toml::Table = toml::from_str(&text).unwrap();
    let tags = value["tag"].as_array().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0]["quote"].as_str(), Some("Sergei Lavrov"));
    assert_eq!(tags[1]["id"].as_str(), Some("h1"));
    assert_eq!(tags[1]["note"].as_str(), Some("checked twice"));
    assert_eq!(tags[1]["reviewer"].as_str(), Some("ana"));
    assert_eq!(tags[1]["extra"]["source"].as_str(), Some("checked"));
    assert_eq!(value["version"].as_integer(), Some(1));
    assert!(value["labels"].get("new label").is_some());
}

#[test]
fn edits_on_disk_while_open_are_merged_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let a = corpus.find("a.txt").unwrap();
    // The edits below are whole files written at once: merge them without waiting.
    let mut store = quick_store(&path);
    let first = store
        .create(a, span_of(TEXT_A, "Sergei Lavrov"), &["x"], None)
        .unwrap();
    let second = store
        .create(a, span_of(TEXT_A, "Trump said"), &["x"], None)
        .unwrap();
    store.save().unwrap();

    // Someone else, in an editor: changes the first tag's labels, deletes the second, adds one.
    let theirs: Vec<String> = read(&path)
        .split("[[tag]]\n")
        .filter(|table| !table.contains(&format!("id = \"{second}\"")))
        .map(str::to_owned)
        .collect();
    let theirs = theirs.join("[[tag]]\n").replacen(
        "labels = [\"x\"]",
        "labels = [\"x\", \"theirs\"]",
        1,
    ) + "\n# added by a colleague\n[[tag]]\nid = \"col1\"\narticle = \"sub/b.txt\"\nquote = \"Zelenskiy said\"\n";
    std::fs::write(&path, &theirs).unwrap();
    // Meanwhile in the reader: a note on the second tag and a new tag.
    assert!(store.set_note(&second, Some("mine")));
    let third = store
        .create(a, span_of(TEXT_A, "Kyiv called"), &[], None)
        .unwrap();

    let report = store.save().unwrap();
    assert!(report.written);
    assert!(
        report
            .merged
            .contains(&MergeEvent::ChangedOnDisk(first.clone())),
        "{:?}",
        report.merged
    );
    assert!(
        report
            .merged
            .contains(&MergeEvent::AddedOnDisk(TagId("col1".into())))
    );
    // Deleted there but changed here: kept, and said so.
    assert!(
        report
            .merged
            .contains(&MergeEvent::KeptChangedHere(second.clone()))
    );
    assert_eq!(
        report
            .merged
            .iter()
            .map(ToString::to_string)
            .find(|m| m.contains("col1"))
            .unwrap(),
        "tag col1 was added on disk"
    );

    let reopened = TagStore::open(&path);
    let ids: Vec<&str> = reopened.tags().iter().map(|t| t.id.0.as_str()).collect();
    assert_eq!(ids.len(), 4);
    for id in [&first, &second, &third] {
        assert!(ids.contains(&id.0.as_str()));
    }
    assert!(ids.contains(&"col1"));
    assert_eq!(reopened.tag(&first).unwrap().labels, ["x", "theirs"]);
    assert_eq!(reopened.tag(&second).unwrap().note.as_deref(), Some("mine"));
    assert!(read(&path).contains("# added by a colleague\n"));

    // A change on disk that no longer parses is not overwritten.
    std::fs::write(&path, "[[tag]\nbroken").unwrap();
    store.set_note(&third, Some("again")).then_some(()).unwrap();
    let err = store.save().unwrap_err();
    assert!(matches!(err, Error::NotSaved { .. }));
    assert!(
        err.to_string()
            .contains("changed on disk and no longer loads (line 1, column"),
        "{err}"
    );
    assert_eq!(read(&path), "[[tag]\nbroken");
    assert!(store.has_unsaved_changes());
}

#[test]
fn a_file_that_does_not_parse_is_left_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let broken = b"[[tag]]\nid = \"a\"\narticle = \"a.txt\"\nquote = \"unterminated\n\xff";
    std::fs::write(&path, broken).unwrap();
    let corpus = corpus();
    let mut store = TagStore::open(&path);
    assert!(store.is_read_only());
    let message = store.load_error().unwrap().to_string();
    assert!(
        message.starts_with(&format!("{}:", path.display())),
        "{message}"
    );
    // Tagging goes on in memory; saving over the file is refused; saving elsewhere works.
    store
        .create(
            corpus.find("a.txt").unwrap(),
            span_of(TEXT_A, "Trump said"),
            &["x"],
            None,
        )
        .unwrap();
    let err = store.save().unwrap_err().to_string();
    assert!(
        err.starts_with(&format!("not saved to {}: it did not load", path.display())),
        "{err}"
    );
    assert!(err.ends_with("save the tags elsewhere"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), broken);
    let elsewhere = dir.path().join("tags-recovered.toml");
    assert!(store.save_as(&path).is_err(), "save_as never overwrites");
    store.save_as(&elsewhere).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), broken);
    assert_eq!(TagStore::open(&elsewhere).tags().len(), 1);
    assert!(!store.is_read_only());
}

#[test]
fn a_bad_tag_names_its_line_and_the_others_still_load_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let text = "[[tag]]\nid = \"ok\"\narticle = \"a.txt\"\nquote = \"Trump said\"\n\n\
                [[tag]]\nid = \"bad\"\narticle = \"a.txt\"\nquote = \"x\"\nstart = -4\n";
    std::fs::write(&path, text).unwrap();
    let mut store = TagStore::open(&path);
    assert_eq!(
        store.load_error().unwrap().to_string(),
        format!(
            "{}:10:9: `start` must be a byte offset (a whole number, 0 or more)",
            path.display()
        )
    );
    assert_eq!(store.tags().len(), 1);
    assert!(store.save().is_err());
    assert_eq!(read(&path), text);

    for (bad, expected) in [
        (
            "[[tag]]\narticle = \"a\"\nquote = \"q\"\n",
            "1:1: this tag has no `id`; every tag needs one",
        ),
        (
            "[[tag]]\nid = \"a\"\narticle = \"a\"\nquote = \"q\"\n[[tag]]\nid = \"a\"\narticle = \"a\"\nquote = \"q\"\n",
            "6:6: a second tag with id \"a\"; ids must be unique",
        ),
        ("tag = 3\n", "1:7: `tag` must be a list of [[tag]] tables"),
        (
            "[labels]\nx = 3\n",
            "2:5: label \"x\" must be a table, like { color = \"yellow\" }",
        ),
        (
            "[[tag]]\nid = \"a\"\narticle = \"a\"\nquote = \"q\"\ncreated = 2025-01-01\n",
            "5:11: `created` must be an RFC 3339 time with an offset, like 2025-08-21T10:00:00Z",
        ),
    ] {
        std::fs::write(&path, bad).unwrap();
        let message = TagStore::open(&path).load_error().unwrap().to_string();
        assert_eq!(
            message,
            format!("{}:{expected}", path.display()),
            "for {bad:?}"
        );
    }
}

#[test]
fn tags_follow_their_passage_when_the_article_changes_and_orphans_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let before = corpus();
    let a = before.find("a.txt").unwrap();
    let mut store = TagStore::open(&path);
    let moved = store
        .create(
            a,
            span_of(TEXT_A, "Kyiv called that a delay."),
            &["x"],
            None,
        )
        .unwrap();
    let fixed = store
        .create(
            a,
            span_of(TEXT_A, "Putin was ready to meet Zelensky once"),
            &["x"],
            None,
        )
        .unwrap();
    let gone = store
        .create(
            a,
            span_of(TEXT_A, "Trump said talks went well."),
            &["x"],
            Some("check"),
        )
        .unwrap();
    store.save().unwrap();
    let saved = read(&path);

    // The article is revised: a line above, a spelling fixed inside one tag, one sentence cut.
    let revised = format!(
        "UPDATED 14:05\n{}",
        TEXT_A
            .replace("Zelensky once", "Zelenskyy once")
            .replace(" Trump said talks went well.", "")
    );
    let after = Corpus::from_texts([("a.txt", revised.as_str()), ("sub/b.txt", TEXT_B)]);
    let store = TagStore::open(&path);
    let placed: BTreeMap<TagId, Resolution> = store
        .placements(after.find("a.txt").unwrap())
        .into_iter()
        .map(|(t, r)| (t.id.clone(), r))
        .collect();
    assert_eq!(
        placed[&moved],
        Resolution::Exact {
            byte_span: span_of(&revised, "Kyiv called that a delay.")
        }
    );
    let Resolution::Fuzzy {
        byte_span,
        similarity,
    } = &placed[&fixed]
    else {
        panic!("{:?}", placed[&fixed]);
    };
    assert_eq!(
        &revised[byte_span.clone()],
        "Putin was ready to meet Zelenskyy once"
    );
    assert!(*similarity > 0.97);
    assert_eq!(placed[&gone], Resolution::Orphan);
    let orphans: Vec<&TagId> = store.orphans(&after).iter().map(|t| &t.id).collect();
    assert_eq!(orphans, [&gone]);
    // An article missing from the corpus orphans its tags too.
    assert_eq!(
        store
            .orphans(&Corpus::from_texts([("sub/b.txt", TEXT_B)]))
            .len(),
        3
    );

    // Saving after other changes keeps the orphan exactly as it was.
    let mut store = store;
    store
        .create(
            after.find("sub/b.txt").unwrap(),
            span_of(TEXT_B, "The Kremlin said"),
            &[],
            None,
        )
        .unwrap();
    store.save().unwrap();
    let orphan_table = |text: &str| {
        let at = text.find(&format!("id = \"{gone}\"")).unwrap();
        let end = text[at..].find("\n[").map_or(text.len(), |e| at + e);
        text[at..end].to_owned()
    };
    assert_eq!(orphan_table(&read(&path)), orphan_table(&saved));

    // Re-attached by the user, it is no longer an orphan.
    let article = after.find("a.txt").unwrap();
    let span = span_of(&revised, "Kyiv called");
    assert!(store.reattach(&gone, article, span.clone()).unwrap());
    assert_eq!(
        store.resolve(store.tag(&gone).unwrap(), &after),
        Resolution::Exact { byte_span: span }
    );
    assert!(store.orphans(&after).is_empty());
}

/// Where the read-only scenario runs when the test itself runs as root (who can write
/// anywhere): the same test binary, re-run as `nobody`.
const READ_ONLY_DIR: &str = "CROSSREAD_TEST_READ_ONLY_DIR";

fn read_only_scenario(root: &Path) {
    let ro = root.join("ro");
    let path = ro.join("tags.toml");
    let before = read(&path);
    let corpus = corpus();
    let mut store = TagStore::open(&path);
    assert!(store.load_error().is_none());
    let id = store
        .create(
            corpus.find("a.txt").unwrap(),
            span_of(TEXT_A, "Kyiv called"),
            &["x"],
            None,
        )
        .unwrap();
    let err = store.save().unwrap_err();
    let Error::Write { source, .. } = &err else {
        panic!("expected a write error, got {err:?}");
    };
    assert_eq!(source.kind(), std::io::ErrorKind::PermissionDenied);
    assert_eq!(err.to_string(), format!("cannot write {}", path.display()));
    // Nothing lost: the tag is in memory, the file as it was, and it can go elsewhere.
    assert!(store.tag(&id).is_some());
    assert!(store.has_unsaved_changes());
    assert_eq!(read(&path), before);
    assert!(store.save().is_err(), "still refused, still in memory");
    let elsewhere = root.join("rw").join("tags.toml");
    store.save_as(&elsewhere).unwrap();
    assert_eq!(TagStore::open(&elsewhere).tags().len(), 2);
    println!("read-only scenario checked");
}

#[test]
fn read_only_folder_gives_a_clear_error_and_keeps_tags_in_memory() {
    if let Some(dir) = std::env::var_os(READ_ONLY_DIR) {
        read_only_scenario(Path::new(&dir));
        return;
    }
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let ro = root.join("ro");
    let rw = root.join("rw");
    std::fs::create_dir(&ro).unwrap();
    std::fs::create_dir(&rw).unwrap();
    std::fs::set_permissions(&rw, std::fs::Permissions::from_mode(0o777)).unwrap();
    let mut store = TagStore::open(&ro.join("tags.toml"));
    store
        .create(
            corpus().find("a.txt").unwrap(),
            span_of(TEXT_A, "Trump said"),
            &["x"],
            None,
        )
        .unwrap();
    store.save().unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();

    let probe = ro.join("probe");
    if std::fs::write(&probe, "x").is_err() {
        read_only_scenario(root);
        return;
    }
    // Privileged (root ignores folder permissions): run the scenario as `nobody`.
    std::fs::remove_file(&probe).unwrap();
    use std::os::unix::process::CommandExt as _;
    // A copy of this binary in the open temporary folder, in case the build folder is not
    // readable by `nobody`.
    let exe = root.join("test-binary");
    std::fs::copy(std::env::current_exe().unwrap(), &exe).unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = std::process::Command::new(&exe)
        .current_dir(root)
        .args([
            "read_only_folder_gives_a_clear_error_and_keeps_tags_in_memory",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(READ_ONLY_DIR, root)
        .uid(65534)
        .gid(65534)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("read-only scenario checked"),
        "as nobody: {}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The crash test's writer: when set, this test saves in a loop until killed.
const WRITER_FILE: &str = "CROSSREAD_TEST_WRITER_FILE";

/// The tags of generation `g`: 40 to 52 tags whose notes all name `g`, each a few hundred
/// bytes, so a torn or mixed file cannot pass for a whole one.
fn generation(g: u64) -> Vec<Tag> {
    let count = 40 + (g % 13) as usize;
    (0..count)
        .map(|i| Tag {
            id: TagId(format!("t{i:03}")),
            article: "a.txt".to_owned(),
            anchor: TagAnchor {
                quote: format!("passage {i} \"quoted\"\nline two"),
                prefix: "before ".to_owned(),
                suffix: " after".to_owned(),
                stored_span: i * 100..i * 100 + 50,
            },
            labels: vec![format!("label {}", i % 3)],
            note: Some(format!("generation {g}: {}", "é’ note text ".repeat(20))),
            created: Timestamp::from_unix_seconds(1_700_000_000),
            updated: Timestamp::from_unix_seconds(1_700_000_000 + g as i64),
        })
        .collect()
}

fn generation_of(store: &TagStore) -> u64 {
    store.tags().first().map_or(0, |t| {
        let note = t.note.as_deref().unwrap_or("");
        note["generation ".len()..note.find(':').unwrap()]
            .parse()
            .unwrap()
    })
}

fn run_writer(path: &Path) -> ! {
    let mut store = TagStore::open(path);
    assert!(store.load_error().is_none(), "{:?}", store.load_error());
    let mut g = generation_of(&store);
    loop {
        g += 1;
        let next = generation(g);
        let stale: Vec<TagId> = store
            .tags()
            .iter()
            .filter(|t| !next.iter().any(|n| n.id == t.id))
            .map(|t| t.id.clone())
            .collect();
        for id in stale {
            store.delete(&id);
        }
        for tag in next {
            store.insert(tag);
        }
        // Only a save that wrote the file counts: one that waits (the file changed a moment
        // ago, by the writer killed before) keeps the tags in the journal, not yet in the file.
        let report = store.save().unwrap();
        if report.waiting.is_none() {
            println!("saved {g}");
        }
    }
}

#[test]
fn killing_a_writer_mid_save_leaves_the_old_or_the_new_file_whole() {
    use std::io::BufRead as _;
    if let Some(file) = std::env::var_os(WRITER_FILE) {
        run_writer(Path::new(&file));
    }
    const KILLS: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("tags.toml");
    let mut rng = fastrand::Rng::with_seed(6);
    let (mut last, mut saves, mut changed) = (0u64, 0usize, 0usize);
    for _ in 0..KILLS {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "killing_a_writer_mid_save_leaves_the_old_or_the_new_file_whole",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_FILE, &path)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Let it finish 0 to 3 saves, then kill it a random moment into the next one.
        let wait_for = rng.usize(0..4);
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = 0;
        while seen < wait_for {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("saved ") => seen += 1,
                Some(Ok(_)) => {}
                _ => panic!("the writer stopped by itself"),
            }
        }
        std::thread::sleep(std::time::Duration::from_micros(rng.u64(0..3000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        saves += seen;

        if !path.exists() {
            assert_eq!(last, 0, "the file vanished after generation {last}");
            continue;
        }
        let store = TagStore::open(&path);
        assert!(
            store.load_error().is_none(),
            "torn file: {:?}",
            store.load_error()
        );
        let g = generation_of(&store);
        assert!(g >= last, "went back from generation {last} to {g}");
        let mut expected = generation(g);
        expected.sort_by_key(|t| t.anchor.stored_span.start);
        assert_eq!(
            store.tags(),
            expected.as_slice(),
            "generation {g} is not whole"
        );
        changed += usize::from(g != last);
        last = g;
    }
    assert!(last as usize >= saves, "every save that said so is on disk");
    assert!(
        changed > KILLS / 4,
        "too few kills landed after a save: {changed}"
    );
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count() - 1;
    println!(
        "{KILLS} kills, {saves} saves confirmed, last generation {last}, {leftovers} temporary files left by kills"
    );
}

/// A store on `path` that merges a changed file at once (the tests write whole files).
fn quick_store(path: &Path) -> TagStore {
    TagStore::open_with(
        path,
        crossread::tags::journal::Journal::for_tags_file(path),
        std::time::Duration::ZERO,
    )
}

fn ids(store: &TagStore) -> Vec<String> {
    let mut ids: Vec<String> = store.tags().iter().map(|t| t.id.0.clone()).collect();
    ids.sort();
    ids
}

fn file_ids(path: &Path) -> Vec<String> {
    let mut ids = ids(&TagStore::open_with_journal(
        path,
        crossread::tags::journal::Journal::at(&path.with_extension("no-journal")),
    ));
    ids.sort();
    ids
}

fn four_tags(store: &mut TagStore, corpus: &Corpus) -> Vec<TagId> {
    let a = corpus.find("a.txt").unwrap();
    [
        "Sergei Lavrov said",
        "Kyiv called that",
        "Trump said",
        "cold water",
    ]
    .iter()
    .map(|q| store.create(a, span_of(TEXT_A, q), &["x"], None).unwrap())
    .collect()
}

#[test]
fn an_editor_truncating_the_file_in_place_never_wipes_the_tags() {
    // Regression: an in-place save (truncate, then write) read in between merged "every tag
    // was deleted on disk", and a tag made meanwhile was saved alone.
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let mut store = TagStore::open(&path);
    store.set_settle_time(std::time::Duration::from_millis(40));
    four_tags(&mut store, &corpus);
    store.save().unwrap();
    let old = read(&path);

    let mut editor = std::fs::File::create(&path).unwrap(); // truncated, held open
    let b = corpus.find("sub/b.txt").unwrap();
    let fifth = store
        .create(b, span_of(TEXT_B, "The Kremlin said"), &["y"], None)
        .unwrap();
    let report = store.save().unwrap();
    assert!(
        !report.written,
        "nothing is written over a file being written"
    );
    assert!(
        report.waiting.as_deref().unwrap().contains("empty"),
        "{report:?}"
    );
    assert!(report.merged.is_empty());
    assert_eq!(store.tags().len(), 5, "memory keeps every tag");
    assert_eq!(read(&path), "");
    let journal = read(&dir.path().join(".crossread/tags.journal"));
    assert!(
        journal.contains(&fifth.0),
        "the new tag is journalled at once"
    );

    editor.write_all(old.as_bytes()).unwrap();
    drop(editor);
    std::thread::sleep(std::time::Duration::from_millis(50));
    let report = store.save().unwrap();
    assert!(report.written && report.merged.is_empty(), "{report:?}");
    assert_eq!(file_ids(&path).len(), 5);

    // A file left empty for good is written again with every tag, and the user told.
    std::fs::write(&path, "").unwrap();
    assert!(store.save().unwrap().waiting.is_some());
    std::thread::sleep(std::time::Duration::from_millis(250));
    let report = store.save().unwrap();
    assert!(report.written);
    assert_eq!(report.merged, [MergeEvent::FileEmptied]);
    assert_eq!(file_ids(&path).len(), 5);

    // An empty file found at start is not "no tags" either: the journal's tags stay.
    std::fs::write(&path, "\n").unwrap();
    let reopened = quick_store(&path);
    assert_eq!(reopened.tags().len(), 5);
    assert_eq!(reopened.open_events(), [MergeEvent::FileEmptied]);
}

#[test]
fn a_half_written_file_waits_until_it_settles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let mut store = TagStore::open(&path);
    store.set_settle_time(std::time::Duration::from_secs(3));
    four_tags(&mut store, &corpus);
    store.save().unwrap();
    let whole = read(&path);
    // Cut after the second tag: a file that parses but lacks tags, still being written.
    let cut = whole.match_indices("[[tag]]").nth(2).unwrap().0;
    std::fs::write(&path, &whole[..cut]).unwrap();
    let writer = std::thread::spawn({
        let path = path.clone();
        move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            std::fs::write(&path, whole).unwrap();
        }
    });
    let report = store.save().unwrap();
    assert!(report.waiting.is_some(), "{report:?}");
    assert_eq!(store.tags().len(), 4);
    writer.join().unwrap();
    assert_eq!(file_ids(&path).len(), 4);
    // A broken file still changing is not reported as broken; once settled it is.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = std::thread::spawn({
        let (path, stop) = (path.clone(), stop.clone());
        move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                std::fs::write(&path, format!("[[tag]\nid = {}", "x".repeat(n % 50))).unwrap();
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        }
    });
    std::thread::sleep(std::time::Duration::from_millis(10));
    assert!(store.save().unwrap().waiting.is_some());
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    store.set_settle_time(std::time::Duration::ZERO);
    let err = store.save().unwrap_err().to_string();
    assert!(err.contains("no longer loads"), "{err}");
}

#[test]
fn a_stale_editor_buffer_keeps_tags_made_in_the_reader_and_says_so() {
    // Regression: writing back text read before a tag was made deleted that tag.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let mut store = quick_store(&path);
    let made = four_tags(&mut store, &corpus);
    store.save().unwrap();
    let buffer = read(&path); // the editor loads the file

    let b = corpus.find("sub/b.txt").unwrap();
    let new = store
        .create(b, span_of(TEXT_B, "The Kremlin said"), &["y"], None)
        .unwrap();
    store.set_note(&made[1], Some("edited in the reader"));
    store.save().unwrap();

    // The editor writes its old buffer back, with one edit of its own.
    let edited = buffer.replacen("labels = [\"x\"]", "labels = [\"x\", \"editor\"]", 1);
    std::fs::write(&path, &edited).unwrap();
    let report = store.save().unwrap();
    assert!(report.written);
    assert!(
        report.merged.contains(&MergeEvent::KeptUnseen(new.clone())),
        "{report:?}"
    );
    assert!(
        report
            .merged
            .contains(&MergeEvent::KeptNewerHere(made[1].clone()))
    );
    let message = crossread::tags::summary(&report.merged).unwrap();
    assert!(message.contains("kept"), "{message}");
    let disk = quick_store(&path);
    assert!(disk.tag(&new).is_some(), "the new tag is back in the file");
    assert_eq!(
        disk.tag(&made[1]).unwrap().note.as_deref(),
        Some("edited in the reader")
    );
    assert!(
        disk.tags()
            .iter()
            .any(|t| t.labels.contains(&"editor".to_owned())),
        "the editor's own change is taken"
    );

    // Killed right after a stale write: the next start still keeps the tag.
    std::fs::write(&path, &buffer).unwrap();
    drop(store);
    drop(disk);
    let mut reopened = quick_store(&path);
    assert!(reopened.tag(&new).is_some());
    assert!(
        reopened
            .open_events()
            .contains(&MergeEvent::KeptUnseen(new.clone()))
    );
    assert!(reopened.save().unwrap().written);
    assert!(file_ids(&path).contains(&new.0));

    // A deletion made on a fresh copy (it holds the newest content) is honoured.
    let fresh = read(&path);
    let start = fresh.find(&format!("id = \"{}\"", made[0].0)).unwrap();
    let block_start = fresh[..start].rfind("[[tag]]").unwrap();
    let block_end = fresh[start..]
        .find("[[tag]]")
        .map_or(fresh.len(), |i| start + i);
    let without = format!("{}{}", &fresh[..block_start], &fresh[block_end..]);
    std::fs::write(&path, without).unwrap();
    let report = reopened.save().unwrap();
    assert_eq!(report.merged, [MergeEvent::DeletedOnDisk(made[0].clone())]);
    assert!(reopened.tag(&made[0]).is_none());
    // ... and the deleted tag is in the journal, to restore.
    let restored = reopened.restore(&made[0].0).unwrap();
    assert!(!restored.replaced);
    assert_eq!(restored.tag.anchor.quote, "Sergei Lavrov said");
    reopened.save().unwrap();
    assert!(file_ids(&path).contains(&made[0].0));
}

#[test]
fn every_change_is_journalled_and_overwritten_tags_can_be_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let mut store = quick_store(&path);
    let made = four_tags(&mut store, &corpus);
    store.save().unwrap();
    store.set_note(&made[0], Some("mine"));
    store.delete(&made[1]);
    store.save().unwrap();
    // Someone changes a note on disk; we take it, and the old note is journalled.
    let text = read(&path).replace("note = \"mine\"", "note = \"theirs\"");
    std::fs::write(&path, text).unwrap();
    let report = store.save().unwrap();
    assert_eq!(report.merged, [MergeEvent::ChangedOnDisk(made[0].clone())]);
    let ops: Vec<&str> = store.history().iter().map(|e| e.op.name()).collect();
    assert_eq!(
        ops,
        [
            "create",
            "create",
            "create",
            "create",
            "edit",
            "delete",
            "disk-change"
        ]
    );
    let restored = store.restore(&made[0].0).unwrap();
    assert!(restored.replaced);
    assert_eq!(restored.tag.note.as_deref(), Some("mine"));
    let by_line = store
        .restore(&format!("#{}", store.history()[5].seq))
        .unwrap();
    assert_eq!(by_line.tag.id, made[1]);
    store.save().unwrap();
    let disk = quick_store(&path);
    assert_eq!(disk.tag(&made[0]).unwrap().note.as_deref(), Some("mine"));
    assert!(disk.tag(&made[1]).is_some());
    assert!(store.restore("no-such-tag").is_err());
    // Each line is one JSON object with the tag.
    let journal = read(store.journal().path());
    for line in journal.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(value["seq"].as_u64().unwrap() > 0);
    }
}

#[test]
fn the_journal_rotates_and_still_restores_the_state_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let mut journal = crossread::tags::journal::Journal::for_tags_file(&path);
    journal.set_limit(2_000);
    let mut store = TagStore::open_with_journal(&path, journal);
    let made = four_tags(&mut store, &corpus);
    store.save().unwrap();
    for round in 0..20 {
        store.set_note(&made[round % 4], Some(&format!("round {round}")));
        store.save().unwrap();
    }
    let files = store.journal().files();
    assert_eq!(files.len(), 4, "{files:?}");
    for file in &files {
        // Rotated when past the limit: at most one save's lines beyond it.
        assert!(std::fs::metadata(file).unwrap().len() < 8_000);
    }
    // Changes made, then a crash before the file was written: the next start has them.
    store.set_note(&made[2], Some("unsaved"));
    // Simulate the crash between journal and file: write the journal only.
    let journal_only = {
        let mut j =
            crossread::tags::journal::Journal::at(&dir.path().join(".crossread/tags.journal"));
        let tag = store.tag(&made[2]).unwrap().clone();
        j.append(
            &[crossread::tags::journal::Change::new(
                crossread::tags::journal::Op::Edit,
                &made[2],
                Some(&tag),
                None,
            )],
            None,
        )
        .1
    };
    journal_only.unwrap();
    drop(store);
    let reopened = quick_store(&path);
    assert_eq!(
        reopened.tag(&made[2]).unwrap().note.as_deref(),
        Some("unsaved")
    );
    assert_eq!(
        reopened.open_events(),
        [MergeEvent::FromJournal(made[2].clone())]
    );
}

#[test]
fn temp_files_of_crashed_saves_are_removed_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let old = dir.path().join(".tags.toml.abc123.tmp");
    let fresh = dir.path().join(".tags.toml.def456.tmp");
    let other = dir.path().join(".notes.toml.abc123.tmp");
    for file in [&old, &fresh, &other] {
        std::fs::write(file, "partial").unwrap();
    }
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    for file in [&old, &other] {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    let store = TagStore::open(&path);
    assert_eq!(store.removed_temp_files(), 1);
    assert!(!old.exists(), "a crashed save's temp file is removed");
    assert!(fresh.exists(), "one that may be being written is left");
    assert!(other.exists(), "another file's is left");
}

#[test]
fn fuzzy_tags_take_the_current_text_and_the_old_quote_stays_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let mut store = quick_store(&path);
    let quote = "Russia's foreign minister Sergei Lavrov said Putin was ready to meet Zelensky";
    let id = store
        .create(
            corpus.find("a.txt").unwrap(),
            span_of(TEXT_A, quote),
            &["x"],
            None,
        )
        .unwrap();
    store.save().unwrap();
    let edited_text = TEXT_A.replace("Sergei Lavrov said", "Sergei Lavrov, said,");
    let edited = Corpus::from_texts([("a.txt", edited_text.as_str()), ("sub/b.txt", TEXT_B)]);
    assert!(matches!(
        store.resolve(store.tag(&id).unwrap(), &edited),
        Resolution::Fuzzy { .. }
    ));
    assert_eq!(store.reanchor(&edited), std::slice::from_ref(&id));
    let tag = store.tag(&id).unwrap();
    assert_eq!(
        tag.anchor.quote,
        "Russia's foreign minister Sergei Lavrov, said, Putin was ready to meet Zelensky"
    );
    assert!(matches!(
        store.resolve(tag, &edited),
        Resolution::Exact { .. }
    ));
    assert!(
        store.reanchor(&edited).is_empty(),
        "exact tags are left alone"
    );
    store.save().unwrap();
    let history = store.history();
    let last = history.last().unwrap();
    assert_eq!(last.op.name(), "reanchor");
    assert_eq!(last.before.as_ref().unwrap().quote, quote);
}

#[test]
fn recovered_files_are_found_and_merged_and_a_fixed_file_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    std::fs::write(
        &path,
        "[[tag]]\nid = \"a\"\narticle = \"a.txt\"\nquote = \"Trump said\"\n",
    )
    .unwrap();
    let mut recovered = quick_store(&dir.path().join("tags.recovered.toml"));
    recovered
        .create(
            corpus.find("a.txt").unwrap(),
            span_of(TEXT_A, "Kyiv called that"),
            &["r"],
            None,
        )
        .unwrap();
    recovered.save().unwrap();
    let mut store = quick_store(&path);
    assert_eq!(
        store.recovered_files(),
        [dir.path().join("tags.recovered.toml")]
    );
    let (events, files) = store.merge_recovered().unwrap();
    assert_eq!(files.len(), 1);
    assert!(matches!(events[0], MergeEvent::Recovered(_)));
    assert!(
        store.recovered_files().is_empty(),
        "merged files are removed"
    );
    assert_eq!(file_ids(&path).len(), 2);

    // A file broken on disk makes a new store read-only; fixing it is picked up.
    let good = read(&path);
    std::fs::write(&path, "[[tag]\nbroken").unwrap();
    let mut broken = quick_store(&path);
    assert!(broken.is_read_only());
    broken
        .create(
            corpus.find("a.txt").unwrap(),
            span_of(TEXT_A, "cold water"),
            &[],
            None,
        )
        .unwrap();
    assert!(broken.save().is_err());
    assert!(broken.reload_if_fixed().is_none());
    std::fs::write(&path, good).unwrap();
    let report = broken.save().unwrap();
    assert!(report.written);
    assert!(!broken.is_read_only());
    assert_eq!(file_ids(&path).len(), 3);
}

#[test]
fn the_header_stays_on_top_and_hand_written_tags_get_no_invented_position() {
    // Regression: the header comment moved with the first tag; a tag without start/end got
    // start = 0, end = 0 written into it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    std::fs::write(
        &path,
        "# Our team's tags for the Lavrov story.\n# Ask Ana before deleting.\n\n\
         [[tag]]\nid = \"hand\"\narticle = \"sub/b.txt\"\nquote = \"Zelenskiy said\"\n",
    )
    .unwrap();
    let mut store = quick_store(&path);
    store
        .create(
            corpus.find("a.txt").unwrap(),
            span_of(TEXT_A, "Trump said"),
            &["x"],
            None,
        )
        .unwrap();
    store.set_note(&TagId("hand".into()), Some("checked"));
    store.save().unwrap();
    let text = read(&path);
    assert!(
        text.starts_with(
            "# Our team's tags for the Lavrov story.\n# Ask Ana before deleting.\n\n[[tag]]\nid = "
        ),
        "{text}"
    );
    assert_eq!(text.matches("# Ask Ana").count(), 1);
    let hand = &text[text.find("id = \"hand\"").unwrap()..];
    assert!(!hand.contains("start ="), "{hand}");
    assert!(!hand.contains("end ="), "{hand}");
    assert!(hand.contains("note = \"checked\""));
}

#[test]
fn a_conflict_names_the_side_it_kept_and_the_one_in_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let mut store = quick_store(&path);
    let made = four_tags(&mut store, &corpus);
    store.save().unwrap();
    // The file's copy says it was edited long ago; ours now: ours is later.
    let text = read(&path);
    let at = text.find(&format!("id = \"{}\"", made[0].0)).unwrap();
    let end = text[at..].find("[[tag]]").map_or(text.len(), |i| at + i);
    let block = text[at..end].replace("labels = [\"x\"]", "labels = [\"x\"]\nnote = \"theirs\"");
    let block = regex_free_replace_updated(&block, "2001-01-01T00:00:00Z");
    std::fs::write(&path, format!("{}{}{}", &text[..at], block, &text[end..])).unwrap();
    store.set_note(&made[0], Some("ours"));
    let report = store.save().unwrap();
    let conflict = report
        .merged
        .iter()
        .find(|e| matches!(e, MergeEvent::Conflict { .. }))
        .unwrap();
    let said = conflict.to_string();
    assert!(said.contains("kept the reader's \"ours\""), "{said}");
    assert!(
        said.contains("the file's \"theirs\" is in the journal"),
        "{said}"
    );
    assert_eq!(
        crossread::tags::summary(&report.merged).unwrap(),
        format!("Tags file changed on disk, merged: {said} (and 1 more)")
    );
    let restored = store.restore(&made[0].0).unwrap();
    assert_eq!(restored.tag.note.as_deref(), Some("theirs"));
}

/// `block` with its `updated = …` line set to `time`.
fn regex_free_replace_updated(block: &str, time: &str) -> String {
    block
        .lines()
        .map(|l| {
            if l.starts_with("updated = ") {
                format!("updated = {time}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn new_ids_follow_a_seed_when_one_is_given() {
    let corpus = corpus();
    let article = corpus.find("a.txt").unwrap();
    let make = |seed: u64| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = TagStore::open(&dir.path().join("tags.toml"));
        store.set_id_seed(seed);
        (0..3)
            .map(|_| {
                store
                    .create(article, span_of(TEXT_A, "Trump said"), &[], None)
                    .unwrap()
                    .0
            })
            .collect::<Vec<String>>()
    };
    let first = make(5);
    assert_eq!(first, make(5), "the same seed gives the same ids");
    assert_ne!(first, make(6));
    assert!(first.iter().all(|id| id.len() == 8), "{first:?}");
    let unique: std::collections::BTreeSet<&String> = first.iter().collect();
    assert_eq!(unique.len(), 3);
}

/// The next answer of a saver running on its thread.
fn answer(saver: &mut crossread::tags::Saver) -> crossread::tags::Done {
    saver
        .receive_timeout(std::time::Duration::from_secs(20))
        .expect("the saver answers")
}

#[test]
fn saves_run_on_their_own_thread_and_the_view_takes_what_they_merged() {
    use crossread::tags::{Job, Outcome, Saver};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let corpus = corpus();
    let article = corpus.find("a.txt").unwrap();
    let store = quick_store(&path);
    let mut view = store.twin();
    let mut saver = Saver::inline(store);
    saver.start_thread();

    // A tag made in the view is saved by the thread, and the view hears it was.
    let id = view
        .create(article, span_of(TEXT_A, "Trump said"), &["x"], None)
        .unwrap();
    assert!(view.has_unsaved_changes());
    saver.send(Job::Save(view.take_unsent()));
    assert!(saver.is_busy());
    let mut done = answer(&mut saver);
    assert!(!saver.is_busy());
    let Outcome::Saved(Ok(report)) = &done.outcome else {
        panic!("{:?}", done.outcome);
    };
    assert!(report.written);
    view.adopt(&mut done);
    assert!(!view.has_unsaved_changes());
    assert_eq!(file_ids(&path), std::slice::from_ref(&id.0));

    // Another program edits the note on disk; the saver merges it on its next save, while the
    // view, not knowing yet, changes the same note: both edits meet on the saver's side, the
    // later one is kept, and the conflict is told.
    let mut other = quick_store(&path);
    other.set_note(&id, Some("edited in the file"));
    other.save().unwrap();
    saver.send(Job::Save(Vec::new()));
    std::thread::sleep(std::time::Duration::from_millis(20));
    view.set_note(&id, Some("edited in the reader"));
    view.set_labels(&id, &["x", "y"]);
    saver.send(Job::Save(view.take_unsent()));
    let mut events = Vec::new();
    while saver.is_busy() {
        let mut done = answer(&mut saver);
        if let Outcome::Saved(Ok(report)) = &done.outcome {
            events.extend(report.merged.iter().cloned());
        }
        events.extend(done.events.iter().cloned());
        view.adopt(&mut done);
    }
    let on_disk = TagStore::open(&path);
    let tag = on_disk.tag(&id).unwrap();
    assert_eq!(tag.note.as_deref(), Some("edited in the reader"));
    assert_eq!(tag.labels, ["x", "y"]);
    assert_eq!(view.tag(&id), Some(tag), "the view holds what was saved");
    assert!(
        events
            .iter()
            .any(|e| matches!(e, MergeEvent::Conflict { .. })
                || matches!(e, MergeEvent::ChangedOnDisk(_))),
        "{events:?}"
    );
    // The file's note is in the journal, to restore.
    let history = on_disk.history();
    assert!(
        history.iter().any(|e| [e.tag.as_ref(), e.before.as_ref()]
            .into_iter()
            .flatten()
            .any(|r| r.note.as_deref() == Some("edited in the file"))),
        "{history:?}"
    );
}
