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

    /// Reads output until the terminal has been quiet for `quiet`: the reader has drawn all it
    /// will draw for the keys sent so far.
    fn settle(&mut self, quiet: Duration) {
        let start = Instant::now();
        while !self.closed {
            assert!(
                start.elapsed() < DEADLINE,
                "the reader never stopped drawing"
            );
            match self.bytes.recv_timeout(quiet) {
                Ok(chunk) => {
                    self.parser.process(&chunk);
                    self.output.extend_from_slice(&chunk);
                }
                Err(RecvTimeoutError::Timeout) => return,
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

/// The reader running in a pseudo-terminal.
struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn std::io::Write + Send>,
    screen: Screen,
}

impl Session {
    /// Starts the binary on `config` in `dir`.
    fn start(config: &Path, dir: &Path) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_crossread"));
        command.arg(config);
        command.cwd(dir);
        command.env("TERM", "xterm-256color");
        // No user-level config from the machine running the tests.
        command.env("XDG_CONFIG_HOME", dir);
        let child = pty.slave.spawn_command(command).expect("the binary starts");
        drop(pty.slave);

        let mut reader = pty.master.try_clone_reader().expect("the terminal reads");
        let writer = pty.master.take_writer().expect("the terminal writes");
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
        Session {
            child,
            writer,
            screen: Screen {
                parser: vt100::Parser::new(
                    NonZeroU16::new(ROWS).expect("rows"),
                    NonZeroU16::new(COLS).expect("columns"),
                    0,
                ),
                output: Vec::new(),
                bytes,
                closed: false,
            },
        }
    }

    /// Types `keys` (raw bytes, as a terminal sends them).
    fn send(&mut self, keys: &[u8]) {
        self.writer
            .write_all(keys)
            .expect("keys reach the terminal");
        self.writer.flush().expect("keys reach the terminal");
    }

    /// Waits for the child to exit, checks it exited cleanly and restored the terminal.
    fn finish(mut self) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                break status;
            }
            if start.elapsed() > DEADLINE {
                self.child.kill().ok();
                panic!(
                    "the reader did not quit; the screen was:\n{}",
                    self.screen.parser.screen().contents()
                );
            }
            // Wait for output (or the terminal closing) rather than sleeping.
            if let Ok(chunk) = self.screen.bytes.recv_timeout(Duration::from_millis(100)) {
                self.screen.parser.process(&chunk);
                self.screen.output.extend_from_slice(&chunk);
            }
        };
        self.screen.drain();
        assert!(status.success(), "exit status {status:?}");
        let leave_alternate_screen = b"\x1b[?1049l";
        let output = &self.screen.output;
        assert!(
            output.ends_with(leave_alternate_screen),
            "output should end by leaving the alternate screen; it ends with {:?}",
            String::from_utf8_lossy(&output[output.len().saturating_sub(40)..])
        );
        assert!(!self.screen.parser.screen().alternate_screen());
    }
}

fn seeds_shown(text: &str) -> bool {
    text.contains("Russia makes new demands that could derail a Putin-Zelensky summit")
        && text.contains("New York Post")
}

#[test]
fn opens_the_seeds_shows_help_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());
    let mut session = Session::start(&config, dir.path());
    session.screen.wait_for("a seed's title", seeds_shown);
    session.send(b"?");
    session.screen.wait_for("the help", |text| {
        text.contains("Keys") && text.contains("Quit crossread") && text.contains("q, ctrl-c")
    });
    // Close the help, open the second article, jump to its first shared passage, list its
    // copies, and open the compare view on the first.
    // Esc alone, and wait for it to land: followed at once by a letter, a terminal reads it
    // as alt plus that letter.
    session.send(b"\x1b");
    session.screen.wait_for("the help to close", |text| {
        !text.contains("Quit crossread") && text.contains("18% 4⇄")
    });
    session.send(b"j\r");
    session.screen.wait_for("the second article", |text| {
        text.contains("Russia’s Foreign Minister, Sergey Lavrov has poured cold water")
    });
    session.send(b"n\r");
    session.screen.wait_for("the passage panel", |text| {
        text.contains("source unknown · also in 1") && text.contains("The Irish Times")
    });
    session.send(b"\r");
    session
        .screen
        .wait_for("the counterpart in the compare view", |text| {
            text.contains("Donald Trump’s peace push in limbo")
                && text.contains("Volodymyr Zelenskiy, but only")
                && text.contains("passage 1/2")
        });
    session.send(b"q");
    session.finish();
}

#[test]
fn a_tag_made_in_the_reader_is_in_the_file_and_shows_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());
    let tags = dir.path().join("tags.toml");

    let mut session = Session::start(&config, dir.path());
    session.screen.wait_for("a seed's title", seeds_shown);
    // Open the first article, move to its second sentence, tag it.
    session.send(b"\rjt");
    session
        .screen
        .wait_for("the label picker", |text| text.contains("Tag: labels"));
    session.send(b"wire copy\r");
    session
        .screen
        .wait_for("the note field", |text| text.contains("Note:"));
    session.send(b"seen in TASS\r");
    session
        .screen
        .wait_for("the confirmation", |text| text.contains("Tagged wire copy"));
    // Saved at once, before quitting (by the reader's saving thread: a moment after the key).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let saved = loop {
        match std::fs::read_to_string(&tags) {
            Ok(text) if text.contains("seen in TASS") => break text,
            _ if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => panic!("the tags file is not written: {other:?}"),
        }
    };
    assert!(saved.contains("labels = [\"wire copy\"]"), "{saved}");
    assert!(saved.contains("note = \"seen in TASS\""), "{saved}");
    assert!(
        saved.contains("article = \"000_e16856ae05da38e2.txt\""),
        "{saved}"
    );
    assert!(
        saved.contains("quote = \"Moscow’s latest foot-dragging includes demands"),
        "{saved}"
    );
    session.send(b"q");
    session.finish();

    let mut session = Session::start(&config, dir.path());
    session.screen.wait_for("a seed's title", seeds_shown);
    session
        .screen
        .wait_for("the tag's mark", |text| text.contains('◆'));
    session.send(b"T");
    session.screen.wait_for("the tag in the panel", |text| {
        text.contains("Tags in 000_e16856ae05da38e2.txt")
            && text.contains("wire copy · seen in TASS · “Moscow’s latest")
    });
    // Esc alone: followed at once by q, a terminal reads it as alt-q.
    session.send(b"\x1b");
    session
        .screen
        .wait_for("the panel to close", |text| !text.contains("Tags in"));
    session.send(b"q");
    session.finish();
    assert_eq!(
        std::fs::read_to_string(&tags).unwrap(),
        saved,
        "reading changes nothing"
    );
}

#[test]
fn a_burst_of_random_keys_leaves_the_reader_responsive_and_q_still_quits() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());
    let mut session = Session::start(&config, dir.path());
    session.screen.wait_for("a seed's title", seeds_shown);
    // Every key the reader binds and then some, but none that quits (q, ctrl-c).
    let keys: &[&[u8]] = &[
        b"j", b"k", b"g", b"G", b"?", b"w", b"\r", b"\x1b", b"\t", b"\x1b[Z", b"\x1b[A", b"\x1b[B",
        b"\x1b[C", b"\x1b[D", b"\x1b[5~", b"\x1b[6~", b"v", b"}", b"{", b"J", b"K", b"t", b"T",
        b"L", b"f", b"e", b"d", b"u", b"r", b"y", b"n", b"N", b"/", b"c", b"m", b"C", b"s", b"]",
        b"[", b"x", b"S", b"o", b"O", b"h", b"l", b"a", b"z", b"1", b" ", b"\x7f", b"\x13",
        b"\x05", b"\x12", b"\x1a", b"\x1b[3~", b"\x1b[H", b"\x1b[F",
    ];
    // A fixed linear congruential sequence: the same burst on every run.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut burst = Vec::new();
    for _ in 0..400 {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let pick = usize::try_from(seed >> 33).unwrap() % keys.len();
        burst.extend_from_slice(keys[pick]);
    }
    for chunk in burst.chunks(64) {
        session.send(chunk);
    }
    session.screen.settle(Duration::from_millis(300));
    // Back out of whatever the burst opened: each Esc alone, so none reads as alt-key.
    for _ in 0..8 {
        session.send(b"\x1b");
        session.screen.settle(Duration::from_millis(150));
    }
    session
        .screen
        .wait_for("the article list again", |text| text.contains("Articles"));
    // Still answering keys: the help opens and closes.
    session.send(b"?");
    session
        .screen
        .wait_for("the help", |text| text.contains("Quit crossread"));
    session.send(b"\x1b");
    session
        .screen
        .wait_for("the help to close", |text| !text.contains("Quit crossread"));
    session.send(b"q");
    session.finish();
}

/// The corpus generator of `examples/gencorpus`, for a folder of many made-up articles.
#[path = "../examples/gencorpus/generator.rs"]
mod generator;

#[test]
fn the_list_shows_before_a_large_folder_is_loaded_and_keys_work_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let generated = generator::generate(2000, 11);
    for (name, text) in &generated.articles {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let first = &generated.articles[0].0;
    let second = &generated.articles[1].0;
    let mut session = Session::start(&corpus, dir.path());
    // The first whole frame: drawn before the files are loaded, it shows their names and the
    // load's gauge.
    session.screen.wait_for("the list", |text| {
        text.contains("Articles 1/2,000") && text.contains("? help")
    });
    let text = session.screen.parser.screen().contents();
    assert!(text.contains("⟳ loading"), "{text}");
    assert!(text.contains(first.trim_end_matches(".txt")), "{text}");
    // Keys answer at once: moving opens the next article (read on its own while the rest
    // load), the help opens and closes.
    session.send(b"j");
    session.screen.wait_for("the second article", |text| {
        text.contains("Articles 2/2,000") && text.contains(&format!(" 2/2,000  {second}"))
    });
    session.send(b"?");
    session
        .screen
        .wait_for("the help", |text| text.contains("Quit crossread"));
    session.send(b"\x1b");
    session
        .screen
        .wait_for("the help to close", |text| !text.contains("Quit crossread"));
    session.send(b"q");
    session.finish();
}

/// The payloads of every OSC 52 clipboard sequence in `output`, decoded.
fn clipboard_payloads(output: &[u8]) -> Vec<String> {
    use base64::Engine as _;
    let start = b"\x1b]52;c;";
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = output[at..].windows(start.len()).position(|w| w == start) {
        let body = at + i + start.len();
        let end = output[body..]
            .iter()
            .position(|&b| b == 0x07 || b == 0x1b)
            .map_or(output.len(), |e| body + e);
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(&output[body..end])
            .expect("the payload is base64");
        found.push(String::from_utf8(decoded).expect("the payload is UTF-8"));
        at = end;
    }
    found
}

#[test]
fn y_sends_the_sentence_and_its_citation_to_the_clipboard_through_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let config = temp_config(dir.path());
    let mut session = Session::start(&config, dir.path());
    session.screen.wait_for("a seed's title", seeds_shown);
    // The first article, its second sentence.
    session.send(b"\rj");
    session.screen.wait_for("the article", |text| {
        text.contains("Moscow’s latest foot-dragging")
    });
    session.send(b"y");
    session.screen.wait_for("the status line", |text| {
        text.contains("Copied 31 words with their citation (New York Post, line 2)")
    });
    let copied = clipboard_payloads(&session.screen.output);
    assert_eq!(
        copied,
        [
            "“Moscow’s latest foot-dragging includes demands for veto power over security \
          guarantees the US and Europe would provide Kyiv — and specific conditions for a summit \
          between the Russian and Ukrainian leaders.” — New York Post, “Russia makes new demands \
          that could derail a Putin-Zelensky summit”, 000_e16856ae05da38e2.txt:2"
        ]
    );
    session.send(b"q");
    session.finish();
}
