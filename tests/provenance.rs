//! Outlets, dates and source hints on the command line: front matter read from the articles,
//! a bad date warned about with its file, `crossread sources`, the `outlet`, `date` and
//! `source` fields of every scan format, and `scan --format matrix`.

use std::path::Path;
use std::process::{Command, Output};

const WIRE: &str = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in office was due to expire in May 2024 but the war means no new presidential election has yet been held.";

fn crossread(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crossread"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// A corpus of three articles with front matter: Reuters first, a paper two hours later
/// carrying its passage, and a third with a date that does not parse.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        dir.path().join("a.md"),
        format!(
            "---\ntitle: Kremlin doubts\nsource: Reuters\ndate: 2025-08-21T08:00:00+02:00\nurl: https://example.com/a\n---\n{WIRE} Officials in Kyiv rejected the claim on Friday.\n"
        ),
    )
    .expect("an article is written");
    std::fs::write(
        dir.path().join("b.txt"),
        format!(
            "+++\ntitle = \"Summit in doubt\"\noutlet = \"The Post\"\ndate = 2025-08-21T08:00:00Z\n+++\nThe talks stalled on Thursday afternoon. {WIRE}\n"
        ),
    )
    .expect("an article is written");
    std::fs::write(
        dir.path().join("c.md"),
        "---\ntitle: Weather\noutlet: Daily Bugle\ndate: 21/08/2025\n---\nRain is expected over the weekend across the north, with sunshine returning on Monday.\n",
    )
    .expect("an article is written");
    dir
}

#[test]
fn front_matter_gives_outlets_and_dates_and_a_bad_date_is_named() {
    let dir = corpus();
    let output = crossread(&["sources"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "crossread: {}: front matter date \"21/08/2025\" ignored: not an ISO 8601 date (YYYY-MM-DD, optionally with a time: 2025-08-21T10:04Z)",
            Path::new(".").join("c.md").display()
        )
    );
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["file", "outlet", "date", "title", "url"]
    );
    assert!(lines[1].starts_with("a.md   Reuters ᶠ"), "{stdout}");
    assert!(lines[1].contains("2025-08-21 06:00 UTC ᶠ"), "{stdout}");
    assert!(lines[1].contains("Kremlin doubts ᶠ"), "{stdout}");
    assert!(lines[1].ends_with("https://example.com/a ᶠ"), "{stdout}");
    assert!(lines[2].contains("The Post ᶠ") && lines[2].contains("2025-08-21 08:00 UTC ᶠ"));
    // The bad date is left out; the article still loads with its other fields.
    assert!(lines[3].starts_with("c.md   Daily Bugle ᶠ"), "{stdout}");
    assert!(lines[3].contains(" - "), "{stdout}");
    assert!(stdout.ends_with("3 articles, 2 dated. ᶠ from front matter, ? guessed (file name, first line); the rest from [[source]] in the config.\n"));
    // `scan --sources` prints the same table.
    let again = crossread(&["scan", "--sources", "--no-cache"], dir.path());
    assert_eq!(text(&again.stdout), stdout);
}

#[test]
fn scan_formats_carry_outlets_dates_and_the_source() {
    let dir = corpus();
    let jsonl = crossread(&["scan", "--format", "jsonl", "--no-cache"], dir.path());
    assert_eq!(jsonl.status.code(), Some(0));
    let lines: Vec<serde_json::Value> = text(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let m = &lines[0];
    assert_eq!(m["a"]["doc"], "a.md");
    assert_eq!(m["a"]["outlet"], "Reuters");
    assert_eq!(m["a"]["date"], "2025-08-21T08:00:00+02:00");
    assert_eq!(m["b"]["outlet"], "The Post");
    assert_eq!(m["b"]["date"], "2025-08-21T08:00:00Z");
    assert_eq!(m["cluster"], 1, "passages count from 1, as in the report");
    assert_eq!(m["source"]["doc"], "a.md");
    assert_eq!(m["source"]["outlet"], "Reuters");
    assert_eq!(m["source"]["rule"], "earliest_date");
    assert_eq!(m["source"]["lead_seconds"], 7200);
    // Why it was flagged: a verbatim copy, every word in one run, nothing differs.
    assert_eq!(m["kind"], "verbatim");
    assert_eq!(m["longest_run"], m["words"]);
    assert_eq!(m["words"], 32);
    assert_eq!(m["content_words"], 17);
    for field in ["respelled", "dropped", "added", "changed", "stock_words"] {
        assert_eq!(m[field], 0, "{field}");
    }
    // Front matter is not compared: offsets still count the stored bytes, so the passage is
    // where the file has it.
    let stored = std::fs::read_to_string(dir.path().join("a.md")).unwrap();
    let start = m["a"]["start"].as_u64().unwrap() as usize;
    let end = m["a"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&stored[start..end], WIRE);

    let report = text(&crossread(&["scan", "--no-cache"], dir.path()).stdout);
    assert!(report.contains("Passage 1 · 2 copies · verbatim\n  Source: Reuters (a.md), 2 h earlier\n  Reuters · 2025-08-21 06:00 UTC · “Kremlin doubts” · a.md bytes"), "{report}");
    assert!(
        report.contains("\n  The Post · 2025-08-21 08:00 UTC · “Summit in doubt” · b.txt bytes"),
        "{report}"
    );

    let clusters =
        text(&crossread(&["scan", "--format", "clusters", "--no-cache"], dir.path()).stdout);
    let record: serde_json::Value = serde_json::from_str(clusters.lines().next().unwrap()).unwrap();
    assert_eq!(record["cluster"], 1);
    assert_eq!(record["size"], 2);
    assert_eq!(record["source"]["doc"], "a.md");
    assert_eq!(record["source"]["outlet"], "Reuters");
    assert_eq!(record["source"]["rule"], "earliest_date");
    assert_eq!(record["source"]["lead_seconds"], 7200);
    assert_eq!(record["members"][0]["doc"], "a.md");

    let csv = text(&crossread(&["scan", "--format", "csv", "--no-cache"], dir.path()).stdout);
    let row = csv.lines().nth(1).unwrap();
    assert!(row.ends_with(",Reuters,2025-08-21T08:00:00+02:00,The Post,2025-08-21T08:00:00Z,a.md,Reuters,earliest_date"), "{row}");
}

#[test]
fn the_matrix_shows_who_took_from_whom() {
    let dir = corpus();
    let output = crossread(&["scan", "--format", "matrix", "--no-cache"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    let csv = text(&output.stdout);
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    // Columns: lenders first; rows: borrowers first.
    assert_eq!(
        rows[0],
        [
            "outlet",
            "articles",
            "words",
            "shared",
            "took",
            "took_from",
            "Reuters",
            "The Post",
            "Daily Bugle"
        ]
    );
    assert_eq!(rows[1][0], "The Post");
    assert_eq!(rows[1][1], "1");
    let words: f64 = rows[1][2].parse().unwrap();
    let shared: f64 = rows[1][3].parse().unwrap();
    assert_eq!(rows[1][4], rows[1][3], "everything The Post shares it took");
    assert!(rows[1][5].starts_with("Reuters 0."), "{csv}");
    // The Post's words shared with Reuters: the passage's 32 of its words.
    assert_eq!(shared, ((32.0 / words) * 10_000.0_f64).round() / 10_000.0);
    assert_eq!(rows[1][6], rows[1][3]);
    assert_eq!(rows[1][7], "0");
    assert_eq!(rows[2][0], "Reuters");
    assert_eq!(rows[2][4], "0", "Reuters took nothing");
    assert_eq!(rows[3][0], "Daily Bugle");
    assert_eq!(&rows[3][3..], ["0", "0", "", "0", "0", "0"]);
}
