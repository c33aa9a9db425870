//! `--log FILE`: diagnostics (where the config came from, how long loading and detection took,
//! tag saves and merges) written through `tracing` to a file, never to the terminal the
//! reader draws on. `RUST_LOG` chooses what is written (`debug`, `crossread=trace`); without
//! `--log` nothing is.

use std::fs::OpenOptions;
use std::path::Path;
use std::str::FromStr as _;
use std::sync::Mutex;

use anyhow::Context as _;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt as _;

/// What is logged when `RUST_LOG` does not say.
const DEFAULT_FILTER: &str = "info";

/// The filter `RUST_LOG` asks for (`info`, `crossread=debug,warn`), or the default.
///
/// # Errors
/// A sentence naming `RUST_LOG` when it does not parse.
pub fn filter(rust_log: Option<&str>) -> anyhow::Result<Targets> {
    let text = rust_log
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(DEFAULT_FILTER);
    Targets::from_str(text).map_err(|err| anyhow::anyhow!("RUST_LOG={text:?}: {err}"))
}

/// Starts writing diagnostics to `path` (appended to), filtered by `rust_log`.
///
/// # Errors
/// When the file cannot be opened or `RUST_LOG` does not parse.
pub fn init(path: &Path, rust_log: Option<&str>) -> anyhow::Result<()> {
    let targets = filter(rust_log)?;
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open the log file {}", path.display()))?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .finish()
        .with(targets);
    tracing::subscriber::set_global_default(subscriber)
        .context("cannot start the log: one is already running")?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "crossread started");
    Ok(())
}

/// The process's resident memory and its peak so far, in MB (`VmRSS`, `VmHWM` of
/// `/proc/self/status`), for the log; `(0, 0)` where the system does not say.
pub fn memory_mb() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS"), field("VmHWM"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    #[test]
    fn rust_log_chooses_what_is_written() {
        let default = filter(None).unwrap();
        assert!(default.would_enable("crossread", &Level::INFO));
        assert!(!default.would_enable("crossread", &Level::DEBUG));
        let debug = filter(Some("crossread=debug,warn")).unwrap();
        assert!(debug.would_enable("crossread::tui", &Level::DEBUG));
        assert!(!debug.would_enable("ratatui", &Level::INFO));
        assert_eq!(filter(Some("  ")).unwrap().to_string(), default.to_string());
        let err = filter(Some("crossread=loud")).unwrap_err().to_string();
        assert!(err.starts_with("RUST_LOG=\"crossread=loud\": "), "{err}");
    }
}
