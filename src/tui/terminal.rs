//! Owning the terminal: raw mode, the alternate screen and mouse capture go on in
//! [`TerminalGuard::open`] and off in [`restore`], from `Drop` on every way out and from a panic
//! hook, so a crash prints its message on a sane screen. Restoring twice is harmless.

use std::io::{IsTerminal as _, stdout};

use anyhow::bail;
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::DefaultTerminal;

/// The terminal, set up for the reader until dropped.
pub struct TerminalGuard {
    /// The ratatui terminal to draw on.
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// Switches the terminal to the reader's mode.
    ///
    /// # Errors
    /// One sentence when stdout is not a terminal or the terminal refuses raw mode; the
    /// terminal is restored before returning.
    pub fn open() -> anyhow::Result<TerminalGuard> {
        if !stdout().is_terminal() {
            bail!("cannot open the terminal: stdout is not a tty");
        }
        install_panic_hook();
        // try_init adds its own hook (raw mode and alternate screen) on top of ours, which also
        // turns the mouse off; both restore, and restoring twice is harmless.
        let terminal = match ratatui::try_init() {
            Ok(terminal) => terminal,
            Err(err) => {
                restore();
                bail!("cannot open the terminal: {err}");
            }
        };
        if let Err(err) = crossterm::execute!(stdout(), EnableMouseCapture) {
            restore();
            bail!("cannot open the terminal: {err}");
        }
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // Show the cursor before leaving the alternate screen: the terminal would otherwise do
        // it when dropped, after us, and the last thing written would not be the way back to
        // the user's screen.
        let _ = self.terminal.show_cursor();
        restore();
    }
}

/// Puts the terminal back as we found it: mouse capture off (while still on the alternate
/// screen, where we turned it on), raw mode off, alternate screen left. Never panics: errors are
/// dropped, because there is nowhere sane left to report them.
pub fn restore() {
    let _ = crossterm::execute!(stdout(), DisableMouseCapture);
    let _ = ratatui::try_restore();
}

/// Restores the terminal before the previous hook prints the panic. Installed before raw mode
/// is on, so no panic can leave it on.
fn install_panic_hook() {
    chain_panic_hook(restore);
}

/// Puts `first` in front of the current panic hook.
fn chain_panic_hook(first: fn()) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        first();
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    static ORDER: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

    /// Records only for this test's thread: other tests may panic at the same time.
    fn record(what: &'static str) {
        let me = std::thread::current();
        if me
            .name()
            .is_some_and(|n| n.ends_with("hook_restores_before_the_message"))
        {
            ORDER.lock().unwrap_or_else(|e| e.into_inner()).push(what);
        }
    }

    #[test]
    fn hook_restores_before_the_message() {
        let saved = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| record("message")));
        chain_panic_hook(|| record("restore"));
        let result = std::panic::catch_unwind(|| panic!("boom"));
        drop(std::panic::take_hook());
        std::panic::set_hook(saved);
        assert!(result.is_err());
        assert_eq!(*ORDER.lock().unwrap(), ["restore", "message"]);
    }
}
