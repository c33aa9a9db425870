//! `crossread tags`: every output format, the label filter, orphans marked in each, and the exit
//! code and one-sentence message for each bad input. Snapshots hold exit code, stdout and
//! stderr together.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

const ARTICLE_A: &str = "Lavrov pours cold water.\nRussia's foreign minister said Putin was \
ready to meet Zelensky.\nKyiv called that a delay.\n";

/// Windows-1252 bytes: "Café talk: Trump’s envoy said “progress” was made." Stored offsets
/// and text offsets differ here.
const ARTICLE_B: &[u8] = b"Caf\xe9 talk: Trump\x92s envoy said \x93progress\x94 was made.\n";

const TAGS: &str = r#"# Tags for the command-line tests.
[labels]
"wire copy" = { color = "yellow", description = "Reuters or AFP text" }

[[tag]]
id = "exact1"
article = "a.txt"
quote = "Kyiv called that a delay."
prefix = "y to meet Zelensky.\n"
suffix = "\n"
start = 90
end = 115
labels = ["wire copy", "check"]
note = "Same as \"Reuters\",\nword for word"
created = 2025-08-21T10:00:00Z
updated = 2025-08-21T12:05:00+02:00

[[tag]]
id = "fuzzy1"
article = "a.txt"
quote = "Russia's foreign minster said Putin was ready"
prefix = "cold water.\n"
start = 25
end = 71
labels = ["unattributed"]

[[tag]]
id = "orphan1"
article = "a.txt"
quote = "This sentence was cut from the article."
start = 200
end = 239
labels = ["wire copy"]
note = "cut in the update"

[[tag]]
id = "cp1"
article = "b.txt"
quote = "Trump’s envoy said"
start = 11
end = 29
labels = ["check"]

[[tag]]
id = "gone1"
article = "missing.txt"
quote = "an article deleted since"
labels = ["check"]
"#;

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), ARTICLE_A).unwrap();
        std::fs::write(dir.path().join("b.txt"), ARTICLE_B).unwrap();
        std::fs::write(dir.path().join("tags.toml"), TAGS).unwrap();
        Fixture { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `crossread tags DIR ARGS…` and returns exit code, stdout and stderr as one text,
    /// with the temporary folder replaced by `[DIR]`.
    fn run(&self, args: &[&str]) -> String {
        let output = Command::new(env!("CARGO_BIN_EXE_crossread"))
            .arg("tags")
            .arg(self.path())
            .args(args)
            .output()
            .unwrap();
        let dir = self.path().display().to_string();
        let text = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        text.replace(&dir, "[DIR]")
    }

    fn stdout(&self, args: &[&str]) -> String {
        let output = Command::new(env!("CARGO_BIN_EXE_crossread"))
            .arg("tags")
            .arg(self.path())
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert!(output.stderr.is_empty(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    }
}

#[test]
fn text_lists_every_tag_with_orphans_marked() {
    insta::assert_snapshot!("tags_text", Fixture::new().run(&[]));
}

#[test]
fn label_filter_keeps_tags_with_any_of_the_labels() {
    let fixture = Fixture::new();
    insta::assert_snapshot!("tags_label_filter", fixture.run(&["--label", "wire copy"]));
    let ids: Vec<String> = fixture
        .stdout(&["--label", "unattributed", "--format", "jsonl"])
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"fuzzy1\""]);
}

/// A label no tag carries lists nothing for it, and stderr says so with the labels there are
/// (stdout stays what scripts parse).
#[test]
fn a_label_no_tag_has_is_named_on_stderr() {
    let fixture = Fixture::new();
    let note = "crossread: no tag in [DIR]/tags.toml has the label \"nothing\" \
                (its labels: check, unattributed, wire copy)\n";
    assert_eq!(
        fixture.run(&["--label", "nothing"]),
        format!("exit: 0\n--- stdout\n--- stderr\n{note}")
    );
    let both = fixture.run(&["--label", "unattributed", "--label", "nothing"]);
    assert!(both.contains("fuzzy1"), "{both}");
    assert!(both.ends_with(&format!("--- stderr\n{note}")), "{both}");
}

/// `crossread tags seeds` reads the tags file the config beside it names, as the reader does.
#[test]
fn a_folder_is_listed_with_the_config_that_names_it() {
    let root = tempfile::tempdir().unwrap();
    let corpus = root.path().join("articles");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), ARTICLE_A).unwrap();
    std::fs::write(corpus.join("b.txt"), ARTICLE_B).unwrap();
    std::fs::write(
        root.path().join("config.toml"),
        "[corpus]\ndir = \"articles\"\ntags = \"notes.toml\"\n",
    )
    .unwrap();
    std::fs::write(root.path().join("notes.toml"), TAGS).unwrap();
    for cwd in [root.path(), corpus.as_path()] {
        let output = Command::new(env!("CARGO_BIN_EXE_crossread"))
            .args(["tags", "--format", "jsonl"])
            .arg(&corpus)
            .current_dir(cwd)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "from {cwd:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).lines().count(),
            5,
            "from {cwd:?}"
        );
    }
}

#[test]
fn jsonl_gives_stored_byte_offsets_and_null_for_orphans() {
    let fixture = Fixture::new();
    let out = fixture.stdout(&["--format", "jsonl"]);
    insta::assert_snapshot!("tags_jsonl", out);
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    let by_id = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap();
    // In the Windows-1252 file "Trump’s envoy said" is stored bytes 11..29.
    assert_eq!(
        (by_id("cp1")["start"].as_u64(), by_id("cp1")["end"].as_u64()),
        (Some(11), Some(29))
    );
    assert_eq!(by_id("fuzzy1")["status"], "fuzzy");
    for orphan in ["orphan1", "gone1"] {
        assert_eq!(by_id(orphan)["status"], "orphaned");
        assert!(by_id(orphan)["start"].is_null());
    }
    assert_eq!(
        by_id("exact1")["note"],
        "Same as \"Reuters\",\nword for word"
    );
}

#[test]
fn csv_quotes_fields_and_marks_orphans() {
    let fixture = Fixture::new();
    let out = fixture.stdout(&["--format", "csv"]);
    insta::assert_snapshot!("tags_csv", out);
    assert!(out.starts_with(
        "id,article,status,start,end,labels,note,quote,prefix,suffix,created,updated\r\n"
    ));
    assert!(out.contains("\r\norphan1,a.txt,orphaned,,,wire copy,cut in the update,"));
    assert!(out.contains(",\"Same as \"\"Reuters\"\",\nword for word\","));
}

#[test]
fn w3c_is_an_annotation_collection_with_quote_and_position_selectors() {
    let fixture = Fixture::new();
    insta::assert_snapshot!("tags_w3c", fixture.run(&["--format", "w3c"]));
    let doc: serde_json::Value =
        serde_json::from_str(&fixture.stdout(&["--format", "w3c"])).unwrap();
    assert_eq!(doc["@context"][0], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(doc["type"], "AnnotationCollection");
    assert_eq!(doc["total"], 5);
    let items = doc["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let cp1 = items.iter().find(|a| a["crossread:tag"] == "cp1").unwrap();
    assert_eq!(cp1["type"], "Annotation");
    let selectors = cp1["target"]["selector"].as_array().unwrap();
    assert_eq!(selectors[0]["type"], "TextQuoteSelector");
    assert_eq!(selectors[0]["exact"], "Trump’s envoy said");
    // Positions count code points: "Café talk: " is 11 characters, the quote 18.
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    assert_eq!(
        (selectors[1]["start"].as_u64(), selectors[1]["end"].as_u64()),
        (Some(11), Some(29))
    );
    assert!(
        cp1["target"]["source"]
            .as_str()
            .unwrap()
            .ends_with("/b.txt")
    );
    let orphan = items
        .iter()
        .find(|a| a["crossread:tag"] == "orphan1")
        .unwrap();
    assert_eq!(orphan["crossread:status"], "orphaned");
    assert_eq!(
        orphan["target"]["selector"].as_array().unwrap().len(),
        1,
        "no position for an orphan"
    );
}

#[test]
fn no_tags_file_lists_nothing() {
    let fixture = Fixture::new();
    std::fs::remove_file(fixture.path().join("tags.toml")).unwrap();
    assert_eq!(
        fixture.run(&[]),
        "exit: 0\n--- stdout\n--- stderr\ncrossread: no tags yet: [DIR]/tags.toml does not exist\n"
    );
    assert!(
        !fixture.path().join("tags.toml").exists(),
        "listing never writes"
    );
}

#[test]
fn bad_inputs_exit_2_with_one_sentence() {
    let fixture = Fixture::new();
    std::fs::write(
        fixture.path().join("tags.toml"),
        "[[tag]]\nid = \"a\"\nquote = \"open\n",
    )
    .unwrap();
    insta::assert_snapshot!("tags_unparsable", fixture.run(&[]));
    assert_eq!(
        std::fs::read_to_string(fixture.path().join("tags.toml")).unwrap(),
        "[[tag]]\nid = \"a\"\nquote = \"open\n",
        "left untouched"
    );

    let missing = fixture.path().join("missing");
    let output = Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(["tags".as_ref(), missing.as_os_str()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("crossread: {} does not exist\n", missing.display())
    );

    let output = Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(["tags", "--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "crossread: invalid value 'xml' for '--format <FORMAT>' [possible values: text, jsonl, csv, w3c]\n"
    );
}

/// The W3C's own Web Annotation test suite, as `shared/w3c-anno/check.js` in this folder or one
/// above it (CI keeps it at `../shared`).
fn w3c_checker() -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    root.ancestors()
        .map(|dir| dir.join("shared/w3c-anno/check.js"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "the W3C Web Annotation check (shared/w3c-anno/check.js) is not in {} or a folder above it; \
                 this test needs it and never skips",
                root.display()
            )
        })
}

/// `node_modules` holding ajv 6 for the check: `$W3C_NODE_MODULES`, else
/// `target/w3c-anno/node_modules` (installed there by `.ci/run`, or here with npm).
fn ajv_modules() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("W3C_NODE_MODULES") {
        return dir.into();
    }
    let prefix = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/w3c-anno");
    let modules = prefix.join("node_modules");
    if !modules.join("ajv/package.json").is_file() {
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&prefix)
            .arg("ajv@6")
            .status()
            .unwrap_or_else(|err| {
                panic!("npm is needed to install ajv@6 for the W3C check and did not run: {err}")
            });
        assert!(status.success(), "npm install ajv@6 failed: {status}");
    }
    modules
}

#[test]
fn w3c_export_passes_every_must_of_the_w3c_test_suite() {
    // Regression: the embedded `first` page had no `id`, which the model (section 5.2) requires.
    let fixture = Fixture::new();
    let export = fixture.path().join("export.json");
    std::fs::write(&export, fixture.stdout(&["--format", "w3c"])).unwrap();
    let output = Command::new("node")
        .arg(w3c_checker())
        .arg(&export)
        .env("NODE_PATH", ajv_modules())
        .output()
        .unwrap_or_else(|err| {
            panic!("node is needed for the W3C Web Annotation check and did not run: {err}")
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or("");
    assert!(
        output.status.success() && last.starts_with("annotations=5 must_failed=0 "),
        "W3C check failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn history_lists_changes_and_restore_brings_a_deleted_tag_back() {
    let fixture = Fixture::new();
    let tags = fixture.path().join("tags.toml");
    // The reader deletes a tag (and a journal records it).
    let mut store = crossread::TagStore::open(&tags);
    store.delete(&crossread::TagId("exact1".into())).unwrap();
    store.save().unwrap();
    drop(store);
    assert!(!std::fs::read_to_string(&tags).unwrap().contains("exact1"));

    let history = fixture.stdout(&["--history"]);
    assert!(
        history.contains(" delete exact1 a.txt \"Kyiv called that a delay.\""),
        "{history}"
    );
    let jsonl = fixture.stdout(&["--history", "--format", "jsonl"]);
    let entry: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(entry["op"], "delete");
    assert_eq!(entry["before"]["quote"], "Kyiv called that a delay.");

    let out = fixture.stdout(&["--restore", "exact1"]);
    assert!(
        out.starts_with("tag exact1 brought back (journal line 1)"),
        "{out}"
    );
    let text = std::fs::read_to_string(&tags).unwrap();
    assert!(text.contains("id = \"exact1\""));
    assert!(text.contains("word for word"), "{text}");
    assert!(fixture.stdout(&["--history"]).contains(" restore exact1 "));

    let bad = fixture.run(&["--restore", "nothing"]);
    assert!(bad.starts_with("exit: 2\n"), "{bad}");
    assert!(bad.contains("nothing to restore for \"nothing\""), "{bad}");
}

#[test]
fn a_recovered_file_is_warned_about_and_merged_on_request() {
    let fixture = Fixture::new();
    std::fs::write(
        fixture.path().join("tags.recovered.toml"),
        "[[tag]]\nid = \"saved1\"\narticle = \"a.txt\"\nquote = \"Kyiv called that\"\n",
    )
    .unwrap();
    let listing = fixture.run(&[]);
    assert!(
        listing.contains("crossread: warning: [DIR]/tags.recovered.toml holds tags saved when [DIR]/tags.toml could not take them; `crossread tags --merge-recovered` merges them"),
        "{listing}"
    );
    let out = fixture.stdout(&["--merge-recovered"]);
    assert!(
        out.contains("tag saved1 was taken in from a recovered file"),
        "{out}"
    );
    assert!(!fixture.path().join("tags.recovered.toml").exists());
    assert!(fixture.stdout(&[]).contains("saved1"));
}
