//! The reader: terminal setup, the event loop, and the screens. Everything here but the loop
//! is pure (state in, state or frame out).

use crossread::{Corpus, Project, Warning};

/// Runs the reader until the user quits.
pub fn run(_project: &Project, corpus: Corpus, warnings: Vec<Warning>) -> anyhow::Result<()> {
    for w in &warnings {
        eprintln!("{w}");
    }
    for a in &corpus.articles {
        println!("{} | {} | {}", a.name, a.outlet, a.title);
    }
    Ok(())
}
