//! The progress bar of `crossread scan` on stderr: shown only when stderr is a terminal and the
//! scan has already taken more than a moment, so scripts and quick scans see nothing.

use std::io::IsTerminal as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crossread::detect::reuse::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a scan runs before a bar appears.
const QUIET_FOR: Duration = Duration::from_millis(300);

/// A lazily shown progress bar; `update` may be called from any thread.
pub struct ScanProgress {
    start: Instant,
    enabled: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl ScanProgress {
    /// A bar that will show on stderr if it is a terminal.
    pub fn new() -> ScanProgress {
        ScanProgress {
            start: Instant::now(),
            enabled: std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
        }
    }

    /// Shows where detection is.
    pub fn update(&self, progress: Progress) {
        if !self.enabled || self.start.elapsed() < QUIET_FOR {
            return;
        }
        let Ok(mut bar) = self.bar.lock() else { return };
        let bar = bar.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{msg:>9} [{bar:30}] {pos}/{len}") {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        bar.set_message(progress.stage.label());
        bar.set_length(progress.total as u64);
        bar.set_position(progress.done as u64);
    }

    /// Runs `f` (which prints to stderr) with the bar, if one is shown, out of the way.
    pub fn suspend(&self, f: impl FnOnce()) {
        match self.bar.lock() {
            Ok(bar) => match bar.as_ref() {
                Some(bar) => bar.suspend(f),
                None => f(),
            },
            Err(_) => f(),
        }
    }

    /// Clears the bar, if one was shown.
    pub fn finish(&self) {
        if let Ok(mut bar) = self.bar.lock() {
            if let Some(bar) = bar.take() {
                bar.finish_and_clear();
            }
        }
    }
}
