//! The reader's background threads: one loads the corpus (when the reader opened on the
//! folder's listing) and then finds the passages articles share; one reads a single file the
//! reader asks for while the load runs, so the selected article shows at once. Both report
//! through channels, and the loop applies what they send with the pure functions of
//! `app/update/receive.rs`. Quitting never waits for them: they end
//! with the process.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver, Sender};

use crossread::cache::{CacheLocation, detect_cached};
use crossread::config::DetectConfig;
use crossread::corpus::read::read_article_file;
use crossread::detect::redetect::{Prepared, redetect};
use crossread::detect::reuse::{Progress, Reuse, Stage, detect_with_progress};
use crossread::{Article, ArticleId, Config, Corpus, Project};

use crate::tui::app::action::{ArticleRead, Background, ReadRequest};
use crate::tui::app::reuse::Detected;

/// Where the reader's matches come from.
#[derive(Debug, Clone)]
pub enum Detection {
    /// Found here, through the scan cache at this location when there is one.
    Own(Option<CacheLocation>),
    /// Found elsewhere and read already (`--matches`): delivered as they are.
    Imported(Arc<Reuse>),
}

/// Starts the background work: loading the corpus unless `loaded` is given, then detection.
/// With a cache location, unchanged articles are not analysed again, the matches of an
/// unchanged corpus come from the cache, and new ones are written to it; a cache that cannot be
/// used is rebuilt, and one that cannot be written only costs the next start its speed.
/// Imported matches are delivered as they are, without detection.
pub fn spawn(
    project: &Project,
    detection: Detection,
    loaded: Option<Arc<Corpus>>,
) -> Receiver<Background> {
    let (cache, imported) = match detection {
        Detection::Own(cache) => (cache, None),
        Detection::Imported(reuse) => (None, Some(reuse)),
    };
    let (sender, receiver) = mpsc::channel();
    let dir = project.corpus_dir.clone();
    let config = project.config.clone();
    std::thread::spawn(move || {
        // A closed channel means the reader has quit; nothing to report to.
        let progress = sender.clone();
        let report = move |p: Progress| {
            let _ = progress.send(Background::Progress(p));
        };
        let corpus = match loaded {
            Some(corpus) => corpus,
            None => match crate::load_corpus(&dir, &config, cache.as_ref(), &report) {
                Ok((corpus, warnings)) => {
                    let corpus = Arc::new(corpus);
                    let _ = sender.send(Background::Loaded(Arc::clone(&corpus), warnings));
                    corpus
                }
                Err(err) => {
                    tracing::warn!("cannot load the corpus: {err:#}");
                    let _ = sender.send(Background::LoadFailed(format!("{err:#}")));
                    return;
                }
            },
        };
        let reuse = match imported {
            Some(reuse) => reuse,
            None => {
                let started = std::time::Instant::now();
                let cached = cache.as_ref().and_then(|location| {
                    detect_cached(&corpus, &config.detect, location, &report).ok()
                });
                let reuse = match cached {
                    Some((reuse, _)) => reuse,
                    None => detect_with_progress(&corpus, &config.detect, &report),
                };
                tracing::info!(
                    matches = reuse.matches.len(),
                    clusters = reuse.clusters.len(),
                    elapsed_ms = started.elapsed().as_millis(),
                    "detection done"
                );
                Arc::new(reuse)
            }
        };
        // What the reader shows of the matches is prepared here, not on the screen's thread;
        // the gauge goes on counting meanwhile.
        let detected = Detected::prepare(&corpus, reuse, &|done, total| {
            report(Progress {
                stage: Stage::Cluster,
                done,
                total,
            });
        });
        let _ = sender.send(Background::Ready(detected));
    });
    receiver
}

/// Runs detection again with other thresholds (the thresholds panel), each time on a thread
/// of its own. The words of the corpus are folded on the first run and kept for the next ones
/// ([`Prepared`]), as long as the corpus is the same.
#[derive(Debug, Default)]
pub struct Redetector {
    /// The corpus the words were folded from, and them (folded on the first run's thread).
    prepared: Option<(Arc<Corpus>, Arc<OnceLock<Prepared>>)>,
}

impl Redetector {
    /// Starts a run on `corpus` with `config`; its result comes as
    /// [`Background::Redetected`]. A run still going on is not stopped: its answer goes
    /// nowhere once the caller drops its receiver.
    pub fn spawn(&mut self, corpus: &Arc<Corpus>, config: DetectConfig) -> Receiver<Background> {
        let is_same = self
            .prepared
            .as_ref()
            .is_some_and(|(c, _)| Arc::ptr_eq(c, corpus));
        if !is_same {
            self.prepared = Some((Arc::clone(corpus), Arc::new(OnceLock::new())));
        }
        let cell = self
            .prepared
            .as_ref()
            .map_or_else(|| Arc::new(OnceLock::new()), |(_, cell)| Arc::clone(cell));
        let corpus = Arc::clone(corpus);
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let prepared = cell.get_or_init(|| Prepared::new(&corpus));
            let reuse = redetect(&corpus, prepared, &config);
            let detected = Detected::prepare(&corpus, Arc::new(reuse), &|_, _| {});
            let seconds = started.elapsed().as_secs_f64();
            tracing::info!(
                clusters = detected.reuse.clusters.len(),
                elapsed_ms = started.elapsed().as_millis(),
                "detection ran again with new thresholds"
            );
            let _ = sender.send(Background::Redetected(detected, config, seconds));
        });
        receiver
    }
}

/// The single-file reader's ends: where requests go, where answers come back.
pub type Reader = (Sender<ReadRequest>, Receiver<ArticleRead>);

/// Starts the thread that reads single files of the corpus in `dir` on request, one at a time.
/// It ends when the requests' sender is dropped.
pub fn spawn_reader(dir: PathBuf, config: Config) -> Reader {
    let (requests, incoming) = mpsc::channel::<ReadRequest>();
    let (sender, answers) = mpsc::channel();
    std::thread::spawn(move || {
        for request in incoming {
            if sender.send(read_one(&dir, &config, request)).is_err() {
                break;
            }
        }
    });
    (requests, answers)
}

/// Reads and analyses one article file, as a load would ([`read_article_file`]).
pub fn read_one(dir: &std::path::Path, config: &Config, request: ReadRequest) -> ArticleRead {
    let result = match read_article_file(&dir.join(&request.rel_path)) {
        Ok(file) => Ok(Article::from_owned_bytes(
            ArticleId(0),
            &request.name,
            file.bytes,
            config,
        )),
        Err(why) => Err(why.to_string()),
    };
    ArticleRead {
        index: request.index,
        name: request.name,
        result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_is_read_as_a_load_reads_it_and_a_bad_one_says_why() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Title\n\nOne. Two.").unwrap();
        std::fs::write(dir.path().join("b.txt"), b"bin\0ary").unwrap();
        let request = |name: &str| ReadRequest {
            index: 3,
            name: name.to_owned(),
            rel_path: PathBuf::from(name),
        };
        let config = Config::default();
        let read = read_one(dir.path(), &config, request("a.txt"));
        assert_eq!(read.index, 3);
        let article = read.result.unwrap();
        let (loaded, _) = Corpus::load(dir.path(), &config).unwrap();
        assert_eq!(article.text(), loaded.articles[0].text());
        assert_eq!(article.title, "Title");
        assert_eq!(article.segmentation, loaded.articles[0].segmentation);
        let bad = read_one(dir.path(), &config, request("b.txt"));
        assert_eq!(bad.result.unwrap_err(), "binary file (NUL bytes)");
        let gone = read_one(dir.path(), &config, request("c.txt"));
        assert!(gone.result.unwrap_err().contains("No such file"));
    }
}
