//! End to end: the real binary in a pseudo-terminal on the seeds, read through a terminal
//! emulator (vt100) as a user would see it. Waits are on the screen's content with a deadline,
//! never fixed sleeps, so a slow machine only makes the test slower.

use std::io::{Read as _, Write as _};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 110;
/// Generous: a loaded CI machine can be slow to start a debug binary.
const DEADLINE: Duration = Duration::from_secs(60);

/// The terminal as the user sees it, fed by the child's output.
struct Screen {
    parser: vt100::Parser,
    output: Vec<u8>,
    bytes: Receiver<Vec<u8>>,
    closed: bool,
}

impl Screen {
    /// Feeds output until `done` holds for the screen text, or fails after the deadline.
    fn wait_for(&mut self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let text = self.parser.screen().contents();
            if done(&text) {
                return;
            }
            let left = DEADLINE.saturating_sub(start.elapsed());
            assert!(
                !left.is_zero() && !self.closed,
                "never saw {what}; the screen was:\n{text}"
            );
            match self.bytes.recv_timeout(left) {
                Ok(chunk) => {
                    self.parser.process(&chunk);
                    self.output.extend_from_slice(&chunk);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => self.closed = true,
            }
        }
    }

    /// Reads the rest of the output, until the child closes the terminal.
    fn drain(&mut self) {
        let start = Instant::now();
        while !self.closed {
            let left = DEADLINE.saturating_sub(start.elapsed());
            assert!(!left.is_zero(), "the terminal never closed");
            match self.bytes.recv_timeout(left) {
                Ok(chunk) => {
                    self.parser.process(&chunk);
                    self.output.extend_from_slice(&chunk);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => self.closed = true,
            }
        }
    }
}

/// The shipped config, pointed at the repo's seeds by absolute path, in a temporary folder so
/// nothing (a tags file, later) is written into the repo.
fn temp_config(dir: &Path) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped =
        std::fs::read_to_string(root.join("config.toml")).expect("the shipped config.toml");
    let seeds = toml::Value::String(root.join("seeds").display().to_string()).to_string();
    let config = shipped.replacen("dir = \"seeds\"", &format!("dir = {seeds}"), 1);
    assert_ne!(
        config, shipped,
        "config.toml no longer says dir = \"seeds\""
    );
    let path = dir.join("config.toml");
    std::fs::write(&path, config).expect("a temporary config");
    path
}

#[test]
fn opens_the_seeds_shows_help_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_crossread"));
    command.arg(&config);
    command.cwd(dir.path());
    command.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);

    let mut reader = pty.master.try_clone_reader().unwrap();
    let mut writer = pty.master.take_writer().unwrap();
    let (sender, bytes) = channel();
    std::thread::spawn(move || {
        let mut buffer = [0u8; 8192];
        // Ends at end of file, or EIO once the child has closed the terminal.
        while let Ok(n) = reader.read(&mut buffer) {
            if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut screen = Screen {
        parser: vt100::Parser::new(
            NonZeroU16::new(ROWS).unwrap(),
            NonZeroU16::new(COLS).unwrap(),
            0,
        ),
        output: Vec::new(),
        bytes,
        closed: false,
    };

    screen.wait_for("a seed's title", |text| {
        text.contains("Russia makes new demands that could derail a Putin-Zelensky summit")
            && text.contains("New York Post")
    });
    writer.write_all(b"?").unwrap();
    writer.flush().unwrap();
    screen.wait_for("the help", |text| {
        text.contains("Keys") && text.contains("Quit crossread") && text.contains("q, ctrl-c")
    });
    // Close the help, open the second article, jump to its first shared passage, list its
    // copies, and open the compare view on the first.
    writer.write_all(b"\x1b").unwrap();
    writer.flush().unwrap();
    screen.wait_for("the shared-passage figures", |text| text.contains("18% 4⇄"));
    writer.write_all(b"j\r").unwrap();
    writer.flush().unwrap();
    screen.wait_for("the second article", |text| {
        text.contains("Russia’s Foreign Minister, Sergey Lavrov has poured cold water")
    });
    writer.write_all(b"n\r").unwrap();
    writer.flush().unwrap();
    screen.wait_for("the passage panel", |text| {
        text.contains("Also in 1 article") && text.contains("The Irish Times")
    });
    writer.write_all(b"\r").unwrap();
    writer.flush().unwrap();
    screen.wait_for("the counterpart in the compare view", |text| {
        text.contains("Donald Trump’s peace push in limbo")
            && text.contains("Volodymyr Zelenskiy, but only")
            && text.contains("passage 1/2")
    });
    writer.write_all(b"q").unwrap();
    writer.flush().unwrap();

    let status = child.wait().unwrap();
    screen.drain();
    assert!(status.success(), "exit status {status:?}");
    let leave_alternate_screen = b"\x1b[?1049l";
    assert!(
        screen.output.ends_with(leave_alternate_screen),
        "output should end by leaving the alternate screen; it ends with {:?}",
        String::from_utf8_lossy(&screen.output[screen.output.len().saturating_sub(40)..])
    );
    assert!(!screen.parser.screen().alternate_screen());
}
