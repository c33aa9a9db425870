//! The articles of a corpus folder as its listing knows them, before any file is read: their
//! names, and the outlet, title and date that `[[source]]` gives. Walking a folder of 100,000
//! files takes a fraction of a second where reading and segmenting them takes many, so a reader
//! can show this at once and fill in the rest as [`crate::Corpus::load`] (or
//! [`crate::cache::load_corpus`]) completes. Reading the files is left to those.

use std::path::Path;

use crate::config::Config;
use crate::corpus::segment::Segmentation;
use crate::corpus::text::DecodedText;
use crate::corpus::{self, Article, ArticleId, Corpus, Warning};
use crate::error::Result;

/// The article files under `dir`, in the order [`Corpus::load`] gives them, each an
/// [`Article`] with no text yet (no paragraphs, no words): its name, its title, outlet and date
/// from `[[source]]` (else no title, and the file stem as outlet). The warnings say what the walk
/// could not enter. Files that a load later skips (binary, unreadable) are still listed.
///
/// # Examples
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("b.txt"), "Second.").unwrap();
/// std::fs::write(dir.path().join("a.md"), "First.").unwrap();
/// let (corpus, warnings) = crossread::corpus::listing::list(dir.path(), &Default::default()).unwrap();
/// let names: Vec<&str> = corpus.articles.iter().map(|a| a.name.as_str()).collect();
/// assert_eq!(names, ["a.md", "b.txt"]);
/// assert!(corpus.articles[0].text().is_empty());
/// assert_eq!(corpus.articles[0].outlet, "a");
/// assert!(warnings.is_empty());
/// ```
///
/// # Errors
/// As [`Corpus::load`]: [`crate::Error::NotFound`] when `dir` does not exist,
/// [`crate::Error::Read`] when it is not a readable folder.
pub fn list(dir: &Path, config: &Config) -> Result<(Corpus, Vec<Warning>)> {
    let (files, warnings) = corpus::list_articles(dir)?;
    let articles = files
        .into_iter()
        .enumerate()
        .map(|(i, rel)| {
            let id = ArticleId(u32::try_from(i).unwrap_or(u32::MAX));
            let name = corpus::relative_name(&rel);
            let mut article = Article::from_analysis(
                id,
                &name,
                DecodedText::decode(b""),
                Segmentation::default(),
                0,
                config,
            );
            article.rel_path = rel;
            article
        })
        .collect();
    Ok((
        Corpus {
            dir: dir.to_path_buf(),
            articles,
        },
        warnings,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_names_what_a_load_loads_with_source_metadata() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config.toml")).unwrap();
        let (listed, warnings) = list(&root.join("seeds"), &config).unwrap();
        let (loaded, _) = Corpus::load(&root.join("seeds"), &config).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        let names = |c: &Corpus| {
            c.articles
                .iter()
                .map(|a| a.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&listed), names(&loaded));
        for (l, a) in listed.articles.iter().zip(&loaded.articles) {
            assert_eq!(l.id, a.id);
            assert_eq!(l.outlet, a.outlet);
            assert_eq!(l.date, a.date);
            assert_eq!(l.rel_path, a.rel_path);
            assert!(l.is_empty() && l.words == 0);
        }
        // [[source]] gives 001 its title before its file is read; 002 has none yet.
        assert_eq!(
            listed.articles[1].title,
            "Lavrov pours cold water on a Putin–Zelenskyy summit"
        );
        assert_eq!(listed.articles[2].title, "");
        assert_eq!(listed.articles[2].outlet, "The Irish Times");
    }

    #[test]
    fn a_missing_folder_is_the_error_a_load_gives() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = list(&missing, &Config::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{} does not exist", missing.display())
        );
    }
}
