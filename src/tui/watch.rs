//! Noticing that the open article's file was changed on disk (an editor, `git pull`) while the
//! reader shows it, so it can be read again with its passages and tags. Looks at the file's
//! size and modification time only, on the loop's idle tick: reading the text to compare it
//! would cost a 100 MB article its whole size every two seconds.

use std::path::Path;
use std::time::SystemTime;

use crossread::Config;

use crate::tui::app::action::{ArticleRead, ReadRequest};
use crate::tui::app::state::State;

/// The file of the article last looked at, as it was then.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watch {
    looked_at: Option<(String, Stamp)>,
}

/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

impl Watch {
    /// Notes how the open article's file is, when the open article is not the one last looked
    /// at: called on every turn of the loop, so an edit made right after opening an article is
    /// seen (a stat only when the article changes).
    pub fn note(&mut self, state: &State, dir: &Path) {
        let Some(article) = state.selected_article() else {
            return;
        };
        if self
            .looked_at
            .as_ref()
            .is_some_and(|(name, _)| *name == article.name)
        {
            return;
        }
        if let Some(now) = stamp(&dir.join(&article.rel_path)) {
            self.looked_at = Some((article.name.clone(), now));
        }
    }

    /// The open article read again when its file changed since it was last looked at; `None`
    /// when it did not (or on the first look at an article, which only notes how it is).
    pub fn changed(&mut self, state: &State, dir: &Path, config: &Config) -> Option<ArticleRead> {
        let index = state.selected_index()?;
        let article = state.corpus.articles.get(index)?;
        let now = stamp(&dir.join(&article.rel_path))?;
        let before = self.looked_at.replace((article.name.clone(), now));
        match before {
            Some((name, then)) if name == article.name && then != now => {
                Some(crate::tui::worker::read_one(
                    dir,
                    config,
                    ReadRequest {
                        index,
                        name: article.name.clone(),
                        rel_path: article.rel_path.clone(),
                    },
                ))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::testing::state_for;

    #[test]
    fn a_changed_file_is_read_again_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "First text. Two sentences.").unwrap();
        let (corpus, _) = crossread::Corpus::load(dir.path(), &Config::default()).unwrap();
        let state = state_for(corpus, Vec::new(), 80, 24);
        let config = Config::default();
        let mut watch = Watch::default();
        watch.note(&state, dir.path());
        assert!(
            watch.changed(&state, dir.path(), &config).is_none(),
            "unchanged"
        );
        std::fs::write(&path, "Second text, longer than the first. Three. Four.").unwrap();
        let read = watch.changed(&state, dir.path(), &config).expect("changed");
        assert_eq!(read.index, 0);
        assert_eq!(read.name, "a.txt");
        assert_eq!(
            read.result.unwrap().text(),
            "Second text, longer than the first. Three. Four."
        );
        assert!(watch.changed(&state, dir.path(), &config).is_none(), "once");
        // Noting the same article again keeps what was seen: an edit since is not missed.
        std::fs::write(&path, "Third.").unwrap();
        watch.note(&state, dir.path());
        assert!(watch.changed(&state, dir.path(), &config).is_some());
    }
}
