//! The tag store against an editor open on the same file: a reader process makes, edits and
//! deletes tags and saves after each change (and every few moments, to pick up the file) while
//! an editor thread saves the file in place (truncate, then write in pieces), by rename, and
//! from a stale buffer, at random moments; the reader is killed (`kill -9`) at random moments
//! and started again. Afterwards every tag the reader ever confirmed saved is in the file or
//! was deleted on purpose (by the reader or the editor), and every one is in the journal.
//!
//! A few seconds by default; `CROSSREAD_STRESS_SECS=60` runs longer. Prints the counts.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossread::tags::journal::Journal;
use crossread::{Corpus, TagId, TagStore};

const READER_FILE: &str = "CROSSREAD_STRESS_READER_FILE";

const TEXT: &str = "Lavrov pours cold water on a summit. Russia's foreign minister said Putin \
was ready to meet Zelensky. Kyiv called that a delay. Trump said talks went well. The Kremlin \
said a meeting needed careful preparation. Zelenskiy said Russia was stalling. Europe urged \
both sides to talk. Markets barely moved. Analysts expected nothing soon.";

/// The reader: tags, edits, deletes, saves; says on stdout what is confirmed saved.
fn run_reader(path: &Path, seed: u64) -> ! {
    let corpus = Corpus::from_texts([("a.txt", TEXT)]);
    let article = corpus.find("a.txt").unwrap();
    let sentences: Vec<std::ops::Range<usize>> = article
        .segmentation
        .sentences
        .iter()
        .map(|s| s.byte_span.clone())
        .collect();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut store = TagStore::open(path);
    store.set_id_seed(seed);
    store.set_settle_time(Duration::from_millis(400));
    let mut out = std::io::stdout();
    let mut unconfirmed: Vec<TagId> = Vec::new();
    let mut n = 0u64;
    loop {
        n += 1;
        match rng.u32(0..10) {
            0..=4 => {
                let span = sentences[rng.usize(..sentences.len())].clone();
                let id = store
                    .create(article, span, &["stress"], Some(&format!("made {n}")))
                    .unwrap();
                writeln!(out, "made {id}").unwrap();
                unconfirmed.push(id);
            }
            5..=6 if !store.tags().is_empty() => {
                let id = store.tags()[rng.usize(..store.tags().len())].id.clone();
                store.set_note(&id, Some(&format!("edited {n}")));
            }
            7 if store.tags().len() > 5 => {
                let id = store.tags()[rng.usize(..store.tags().len())].id.clone();
                writeln!(out, "deleting {id}").unwrap();
                out.flush().unwrap();
                store.delete(&id);
            }
            _ => {}
        }
        match store.save() {
            Ok(report) if report.waiting.is_none() && !store.has_unsaved_changes() => {
                for id in unconfirmed.drain(..) {
                    if store.tag(&id).is_some() {
                        writeln!(out, "confirmed {id}").unwrap();
                    }
                }
                out.flush().unwrap();
            }
            Ok(_) => {}
            Err(err) => {
                writeln!(out, "error {err}").unwrap();
            }
        }
        writeln!(out, "step {n}").unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(1..15)));
    }
}

/// The ids of the `[[tag]]` tables of a tags file's text.
fn ids_in(text: &str) -> BTreeSet<String> {
    let Ok(value) = text.parse::<toml::Table>() else {
        return BTreeSet::new();
    };
    value
        .get("tag")
        .and_then(|t| t.as_array())
        .map(|tags| {
            tags.iter()
                .filter_map(|t| t.get("id")?.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// `text` without the `[[tag]]` table of `id`.
fn without(text: &str, id: &str) -> Option<String> {
    let at = text.find(&format!("id = \"{id}\""))?;
    let start = text[..at].rfind("[[tag]]")?;
    let end = text[at..].find("[[tag]]").map_or(text.len(), |i| at + i);
    Some(format!("{}{}", &text[..start], &text[end..]))
}

/// How the editor saves.
#[derive(Debug, Clone, Copy)]
enum Save {
    InPlace,
    Rename,
}

fn editor_write(path: &Path, text: &str, how: Save, rng: &mut fastrand::Rng) {
    match how {
        Save::InPlace => {
            let Ok(mut file) = std::fs::File::create(path) else {
                return;
            };
            std::thread::sleep(Duration::from_millis(rng.u64(0..25)));
            let cut = text.len() / 2;
            let cut = (cut..text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            let _ = file.write_all(&text.as_bytes()[..cut]);
            let _ = file.flush();
            std::thread::sleep(Duration::from_millis(rng.u64(0..10)));
            let _ = file.write_all(&text.as_bytes()[cut..]);
        }
        Save::Rename => {
            let temp = path.with_extension("editor-swap");
            if std::fs::write(&temp, text).is_ok() {
                let _ = std::fs::rename(&temp, path);
            }
        }
    }
}

/// The editor: saves at random moments, sometimes from a stale buffer, sometimes deleting a
/// tag on purpose (recorded in `deleted`) or editing a note.
fn run_editor(
    path: PathBuf,
    stop: Arc<AtomicBool>,
    deleted: Arc<Mutex<BTreeSet<String>>>,
    seed: u64,
) -> usize {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut saves = 0;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(rng.u64(5..60)));
        let Ok(mut text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if rng.u32(0..3) == 0 {
            // A stale buffer: the reader saves meanwhile.
            std::thread::sleep(Duration::from_millis(rng.u64(30..300)));
        }
        match rng.u32(0..6) {
            0 => {
                let ids: Vec<String> = ids_in(&text).into_iter().collect();
                if ids.len() > 5 {
                    let id = ids[rng.usize(..ids.len())].clone();
                    if let Some(cut) = without(&text, &id) {
                        deleted.lock().unwrap().insert(id);
                        text = cut;
                    }
                }
            }
            1 => text = text.replacen("note = \"", "note = \"editor: ", 1),
            _ => {}
        }
        let how = if rng.bool() {
            Save::InPlace
        } else {
            Save::Rename
        };
        editor_write(&path, &text, how, &mut rng);
        saves += 1;
    }
    saves
}

#[test]
fn no_confirmed_tag_is_lost_to_editor_saves_and_kills() {
    if let Some(file) = std::env::var_os(READER_FILE) {
        let seed = std::env::var("CROSSREAD_STRESS_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1);
        run_reader(Path::new(&file), seed);
    }
    let secs: u64 = std::env::var("CROSSREAD_STRESS_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tags.toml");
    let deleted = Arc::new(Mutex::new(BTreeSet::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let editor = std::thread::spawn({
        let (path, stop, deleted) = (path.clone(), stop.clone(), deleted.clone());
        move || run_editor(path, stop, deleted, 7)
    });
    let mut rng = fastrand::Rng::with_seed(11);
    let mut confirmed: BTreeMap<String, usize> = BTreeMap::new();
    let (mut kills, mut errors) = (0, Vec::new());
    let (mut steps, mut made) = (0usize, 0usize);
    let mut all_lines: Vec<String> = Vec::new();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "no_confirmed_tag_is_lost_to_editor_saves_and_kills",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(READER_FILE, &path)
            .env("CROSSREAD_STRESS_SEED", (kills as u64 + 100).to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_millis(rng.u64(50..700)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        kills += 1;
        let lines = lines.join().unwrap();
        all_lines.extend(lines.iter().cloned());
        for line in lines {
            // The test harness may print its own words in front of the first line.
            if line.contains("step ") {
                steps += 1;
            } else if line.contains("made ") {
                made += 1;
            } else if let Some((_, id)) = line.rsplit_once("confirmed ") {
                confirmed.insert(id.to_owned(), kills);
            } else if let Some((_, id)) = line.rsplit_once("deleting ") {
                deleted.lock().unwrap().insert(id.to_owned());
            } else if let Some((_, err)) = line.split_once("error ") {
                errors.push(err.to_owned());
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    let editor_saves = editor.join().unwrap();
    // A last start with nobody else writing: what the journal knows goes back in the file.
    let mut last = TagStore::open(&path);
    last.set_settle_time(Duration::ZERO);
    last.save().unwrap();
    drop(last);

    let on_disk = ids_in(&std::fs::read_to_string(&path).unwrap());
    let deleted = deleted.lock().unwrap().clone();
    let lost: Vec<&String> = confirmed
        .keys()
        .filter(|id| !on_disk.contains(*id) && !deleted.contains(*id))
        .collect();
    let journal = Journal::for_tags_file(&path);
    let journalled: BTreeSet<String> = journal
        .entries()
        .into_iter()
        .filter(|e| e.tag.is_some() || e.before.is_some())
        .filter_map(|e| e.id)
        .collect();
    let unrecoverable: Vec<&String> = confirmed
        .keys()
        .filter(|id| !journalled.contains(*id))
        .collect();
    // Straight to stderr, past the test harness's capture: the counts show in every run.
    let _ = writeln!(
        std::io::stderr(),
        "stress: {secs} s, {kills} reader runs killed, {steps} reader steps, {editor_saves} editor saves; \
         {made} tags made, {} confirmed saved, {} deliberately deleted, {} in the file; \
         tags lost: {}, not in the journal: {}, save errors: {}",
        confirmed.len(),
        deleted.len(),
        on_disk.len(),
        lost.len(),
        unrecoverable.len(),
        errors.len()
    );
    for err in errors.iter().take(3) {
        println!("  a save said: {err}");
    }
    for id in &lost {
        for entry in journal.entries() {
            if entry.id.as_deref() == Some(id.as_str()) || entry.op.name() == "saved" {
                println!(
                    "  {} {} {:?} {:?}",
                    entry.seq,
                    entry.op.name(),
                    entry.id,
                    entry.why
                );
            }
        }
        for line in all_lines.iter().filter(|l| l.contains(id.as_str())) {
            println!("  reader said: {line}");
        }
        println!("--");
    }
    assert!(
        confirmed.len() > 10,
        "too few tags confirmed: {}",
        confirmed.len()
    );
    assert!(kills > 3);
    assert!(lost.is_empty(), "confirmed tags lost: {lost:?}");
    assert!(
        unrecoverable.is_empty(),
        "not in the journal: {unrecoverable:?}"
    );
}
