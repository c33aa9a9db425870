//! `crossread export`: the corpus written for another tool (passim's input), to standard
//! output, one file, or a folder of part files for Spark to read in parallel. The records come
//! from [`crossread::exchange::passim_export`]; this file only decides where they go.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crossread::Warning;
use crossread::corpus::warning_summary::summarize;
use crossread::exchange::passim_export::{Exported, records};

use crate::cli::ExportArgs;

/// A part file is closed once it holds this many bytes (Spark's default split size).
const PART_BYTES: u64 = 128 * 1024 * 1024;

/// Where the records go.
enum Target {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File(PathBuf, std::io::BufWriter<std::fs::File>),
    Parts {
        dir: PathBuf,
        index: usize,
        written: u64,
        file: Option<(PathBuf, std::io::BufWriter<std::fs::File>)>,
    },
}

fn create(path: &Path) -> anyhow::Result<std::io::BufWriter<std::fs::File>> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(std::io::BufWriter::new(file))
}

impl Target {
    fn open(output: Option<&Path>) -> anyhow::Result<Target> {
        let Some(path) = output else {
            return Ok(Target::Stdout(std::io::BufWriter::new(
                std::io::stdout().lock(),
            )));
        };
        let as_folder = path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/');
        if as_folder {
            std::fs::create_dir_all(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            return Ok(Target::Parts {
                dir: path.to_path_buf(),
                index: 0,
                written: 0,
                file: None,
            });
        }
        Ok(Target::File(path.to_path_buf(), create(path)?))
    }

    fn write(&mut self, line: &[u8]) -> anyhow::Result<()> {
        let (path, out): (Option<&Path>, &mut dyn std::io::Write) = match self {
            Target::Stdout(out) => (None, out),
            Target::File(path, out) => (Some(path), out),
            Target::Parts {
                dir,
                index,
                written,
                file,
            } => {
                if file.is_none() || *written >= PART_BYTES {
                    if let Some((path, mut out)) = file.take() {
                        out.flush()
                            .with_context(|| format!("cannot write {}", path.display()))?;
                    }
                    let path = dir.join(format!("part-{index:05}.json"));
                    *file = Some((path.clone(), create(&path)?));
                    *index += 1;
                    *written = 0;
                }
                *written += line.len() as u64;
                match file {
                    Some((path, out)) => (Some(path.as_path()), out),
                    None => anyhow::bail!("no part file open"),
                }
            }
        };
        out.write_all(line).map_err(|err| match path {
            Some(path) => {
                anyhow::Error::new(err).context(format!("cannot write {}", path.display()))
            }
            None => anyhow::Error::new(err).context("cannot write to standard output"),
        })
    }

    fn finish(self) -> anyhow::Result<()> {
        let (path, mut out): (Option<PathBuf>, Box<dyn std::io::Write>) = match self {
            Target::Stdout(out) => (None, Box::new(out)),
            Target::File(path, out) => (Some(path), Box::new(out)),
            Target::Parts { file: None, .. } => return Ok(()),
            Target::Parts {
                file: Some((path, out)),
                ..
            } => (Some(path), Box::new(out)),
        };
        out.flush().map_err(|err| match path {
            Some(path) => {
                anyhow::Error::new(err).context(format!("cannot write {}", path.display()))
            }
            None => anyhow::Error::new(err).context("cannot write to standard output"),
        })
    }
}

/// True when `err` is standard output closed early (`| head`), which is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Runs `crossread export`.
pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let project = crate::open_project(args.path.as_deref())?;
    let records =
        records(&project.corpus_dir, &project.config).context("cannot open the corpus")?;
    let mut target = Target::open(args.output.as_deref())?;
    let mut warnings: Vec<Warning> = Vec::new();
    let mut articles = 0usize;
    let mut written = Ok(());
    for item in records {
        match item {
            Exported::Record(line) => {
                articles += 1;
                written = target.write(&line);
                if written.is_err() {
                    break;
                }
            }
            Exported::Warning(warning) => {
                tracing::warn!("{warning}");
                warnings.push(warning);
            }
        }
    }
    let written = written.and_then(|()| target.finish());
    for line in summarize(&warnings, &project.corpus_dir) {
        eprintln!("crossread: {line}");
    }
    tracing::info!(articles, "exported for passim");
    match written {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) if is_broken_pipe(&err) => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err),
    }
}
