//! Any text as `config.toml`, as a keymap and as key notation: never a panic, errors are one line
//! with a position inside the text, and whatever parses reads back the same.

#![no_main]

use std::path::Path;

use crossread::config::keymap::{Keymap, Vocabulary};
use crossread::config::keys::{KeyChord, parse_key_sequence};
use crossread::{Config, Error};
use libfuzzer_sys::fuzz_target;

/// Screens and actions shaped like the reader's (`src/tui/default_keys.toml`).
const VOCABULARY: Vocabulary<'static> = &[
    ("global", &["quit", "help", "focus_next", "focus_prev"]),
    (
        "list",
        &["down", "up", "page_down", "top", "bottom", "open"],
    ),
    (
        "reader",
        &["down", "up", "next_paragraph", "compare", "tag"],
    ),
];

/// A parse error points at a line and column that exist in `text` (the column may be one past
/// the line's last character, where toml reports a missing value).
fn check_position(err: &Error, text: &str) {
    let message = err.to_string();
    assert!(
        !message.contains('\n'),
        "error is not one line: {message:?}"
    );
    if let Error::Parse { line, column, .. } = err {
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            *line >= 1 && *line <= lines.len(),
            "line {line} of {}",
            lines.len()
        );
        let chars = lines[line - 1].chars().count();
        assert!(
            *column >= 1 && *column <= chars + 1,
            "column {column} of {chars}"
        );
    }
}

fuzz_target!(|text: &str| {
    let path = Path::new("config.toml");
    match Config::parse(text, path) {
        Ok(config) => {
            assert!(config.detect.validate(path).is_ok());
            for source in &config.sources {
                assert_eq!(
                    config.source(&source.file).map(|s| &s.file),
                    Some(&source.file)
                );
            }
        }
        Err(err) => check_position(&err, text),
    }

    match Keymap::parse(text, Path::new("keys.toml"), VOCABULARY) {
        Ok(keymap) => {
            for (screen, bindings) in &keymap.screens {
                for binding in bindings {
                    for &key in &binding.keys {
                        assert_eq!(keymap.action(screen, key), Some(binding.action.as_str()));
                        assert_eq!(KeyChord::parse(&key.to_string()), Ok(key));
                    }
                }
            }
            assert_eq!(
                keymap.merged(&keymap, Path::new("keys.toml")).ok(),
                Some(keymap)
            );
        }
        Err(err) => check_position(&err, text),
    }

    if let Ok(chord) = KeyChord::parse(text) {
        assert_eq!(KeyChord::parse(&chord.to_string()), Ok(chord), "{chord}");
    }
    match parse_key_sequence(text) {
        Ok(keys) => assert!(keys.len() <= text.chars().count()),
        Err(err) => {
            assert!(err.byte_offset <= text.len());
            assert!(text.is_char_boundary(err.byte_offset));
        }
    }
});
