//! The reader on matches found elsewhere (`--matches`): a scan's JSON lines read back draw the
//! very screens the scan's own matches draw, and passim's matches are highlighted and listed
//! like detected ones.

use std::sync::Arc;

use insta::assert_snapshot;

use crossread::detect::reuse::Reuse;

use crate::cli::ScanFormat;
use crate::tui::app::action::Background;
use crate::tui::app::reuse::Detected;
use crate::tui::app::update::receive::receive;
use crate::tui::testing::{press, screen_text, seeds, state_for};

/// The reader on the seeds with `reuse` delivered, after `keys`, as text.
fn reader_after(reuse: Reuse, keys: &str) -> Vec<String> {
    let (corpus, warnings) = seeds();
    let mut state = state_for(corpus, warnings, 80, 24);
    let detected = Detected::prepare(
        &state.corpus,
        Arc::new(reuse),
        &Default::default(),
        &|_, _| {},
    );
    receive(&mut state, Background::Ready(detected));
    press(&mut state, keys);
    screen_text(&state)
}

#[test]
fn matches_read_back_from_a_scan_draw_the_highlights_the_scan_found() {
    let (corpus, _) = seeds();
    let own = crossread::detect(&corpus, &crossread::DetectConfig::default());
    let mut out = Vec::new();
    crate::cli::scan_output::write(
        &mut out,
        ScanFormat::Jsonl,
        &corpus,
        &own,
        &crossread::Config::default(),
        None,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seeds.jsonl");
    std::fs::write(&file, &out).unwrap();
    let imported = crossread::exchange::load_matches(&file, &corpus).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(imported.reuse.clusters, own.clusters);
    assert_eq!(imported.reuse.matches.len(), own.matches.len());
    for keys in ["", "<enter>", "<enter>nn", "j<enter>n<enter>"] {
        assert_eq!(
            reader_after(imported.reuse.clone(), keys),
            reader_after(own.clone(), keys),
            "after {keys:?}"
        );
    }
    assert_snapshot!(
        "reader_on_matches_read_back",
        reader_after(imported.reuse, "<enter>n").join("\n")
    );
}

#[test]
fn passim_matches_are_highlighted_and_listed_like_detected_ones() {
    let (corpus, _) = seeds();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/passim/seeds");
    let imported = crossread::exchange::load_matches(&dir, &corpus).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_snapshot!(
        "reader_on_passim_matches",
        reader_after(imported.reuse.clone(), "<enter>n").join("\n")
    );
    assert_snapshot!(
        "passages_list_on_passim_matches",
        reader_after(imported.reuse, "<enter>n<enter>").join("\n")
    );
}

#[test]
fn a_clusters_file_read_back_on_another_copy_draws_the_same_highlights() {
    let (corpus, _) = seeds();
    let own = crossread::detect(&corpus, &crossread::DetectConfig::default());
    let mut out = Vec::new();
    crate::cli::scan_output::write(
        &mut out,
        ScanFormat::Clusters,
        &corpus,
        &own,
        &crossread::Config::default(),
        None,
    )
    .unwrap();
    // Another machine: a copy of the corpus in another folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(root.join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        std::fs::copy(&path, elsewhere.path().join(path.file_name().unwrap())).unwrap();
    }
    let config = crossread::Config::load(&root.join("config.toml")).unwrap();
    let (copy, _) = crossread::Corpus::load(elsewhere.path(), &config).unwrap();
    let file = elsewhere.path().join("seeds.clusters.jsonl");
    std::fs::write(&file, &out).unwrap();
    let imported = crossread::exchange::load_matches(&file, &copy).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert_eq!(imported.format, crossread::exchange::Format::ScanClusters);
    assert_eq!(imported.reuse.clusters, own.clusters);
    for keys in ["", "j<enter>", "j<enter>nn", "j<enter>nnn<enter>"] {
        assert_eq!(
            reader_after(imported.reuse.clone(), keys),
            reader_after(own.clone(), keys),
            "after {keys:?}"
        );
    }
    assert_snapshot!(
        "reader_on_clusters_read_back",
        reader_after(imported.reuse, "j<enter>n").join("\n")
    );
}
