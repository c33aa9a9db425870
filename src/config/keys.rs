//! Key notation without a terminal: `j`, `G`, `pgdn`, `ctrl-c`, `shift-tab`, parsed into a
//! [`KeyChord`], and typed sequences such as `jj<enter>`.
//!
//! Keeping the notation in the library lets the config file's `[keys]` section, the default
//! keymap ([`crate::config::keymap`]) and the tests share one parser whose errors say what was wrong and
//! where. Mapping chords to the terminal's events and to actions is the reader's business.

use std::fmt;

/// A key without modifiers, as the terminal reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    /// A printable character; letters keep their case (`G` is shift-g).
    Char(char),
    /// Enter or Return.
    Enter,
    /// Tab.
    Tab,
    /// Shift-Tab, which terminals report as a key of its own.
    BackTab,
    /// Escape.
    Esc,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Insert.
    Insert,
    /// Home.
    Home,
    /// End.
    End,
    /// Page Up.
    PageUp,
    /// Page Down.
    PageDown,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// A function key, `F(1)` to `F(24)`.
    F(u8),
}

/// Names of the keys that are not single characters, canonical name first for each key.
const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("space", KeyCode::Char(' ')),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pageup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pagedown", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("lt", KeyCode::Char('<')),
    ("gt", KeyCode::Char('>')),
    ("minus", KeyCode::Char('-')),
];

/// Modifier keys held with a key. Shift is only kept for keys that are not characters: a
/// character already says it (`G`, `?`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Modifiers {
    /// Control.
    pub ctrl: bool,
    /// Alt (Meta, Option).
    pub alt: bool,
    /// Shift, for non-character keys (`shift-up`).
    pub shift: bool,
}

/// One key press: a key and the modifiers held with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    /// The key.
    pub code: KeyCode,
    /// The modifiers.
    pub modifiers: Modifiers,
}

/// Why a key name did not parse, and where in the text it was (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    /// Byte offset of the problem in the parsed text.
    pub byte_offset: usize,
    /// What was wrong, as a phrase.
    pub message: String,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KeyError {}

impl KeyChord {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> KeyChord {
        KeyChord {
            code,
            modifiers: Modifiers {
                ctrl: false,
                alt: false,
                shift: false,
            },
        }
    }

    /// Builds a chord the way terminals report it and puts it in the one form the keymap
    /// stores: shift folded into characters (`shift-g` is `G`), shift-tab as
    /// [`KeyCode::BackTab`], and control or alt letters in lower case (terminals cannot tell
    /// `ctrl-c` from `ctrl-C`).
    pub fn new(code: KeyCode, modifiers: Modifiers) -> KeyChord {
        let mut modifiers = modifiers;
        let code = match code {
            KeyCode::Char(c) => {
                let shifted = modifiers.shift;
                modifiers.shift = false;
                if modifiers.ctrl || modifiers.alt {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else if shifted {
                    KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::Tab if modifiers.shift => {
                modifiers.shift = false;
                KeyCode::BackTab
            }
            other => other,
        };
        KeyChord { code, modifiers }
    }

    /// Parses one key: a single character (`j`, `G`, `?`) or a name (`enter`, `pgdn`, `f5`),
    /// with optional `ctrl-`, `alt-` and `shift-` prefixes. Names and modifiers ignore case;
    /// single characters do not.
    ///
    /// # Examples
    /// ```
    /// use crossread::config::keys::{KeyChord, KeyCode};
    /// let chord = KeyChord::parse("ctrl-c").unwrap();
    /// assert!(chord.modifiers.ctrl);
    /// assert_eq!(chord.code, KeyCode::Char('c'));
    /// assert_eq!(KeyChord::parse("shift-g").unwrap(), KeyChord::parse("G").unwrap());
    /// assert_eq!(KeyChord::parse("PgDn").unwrap().to_string(), "pgdn");
    /// assert!(KeyChord::parse("ctrl-").is_err());
    /// ```
    ///
    /// # Errors
    /// A [`KeyError`] naming the unknown key or modifier, or saying the text is empty.
    pub fn parse(text: &str) -> std::result::Result<KeyChord, KeyError> {
        let mut modifiers = Modifiers::default();
        let mut rest = text;
        let mut offset = 0;
        loop {
            if rest.chars().count() <= 1 {
                break;
            }
            let Some(dash) = rest.find('-') else { break };
            let prefix = &rest[..dash];
            let flag = match prefix.to_ascii_lowercase().as_str() {
                "ctrl" | "c" | "control" => &mut modifiers.ctrl,
                "alt" | "a" | "m" | "meta" => &mut modifiers.alt,
                "shift" | "s" => &mut modifiers.shift,
                _ => {
                    return Err(KeyError {
                        byte_offset: offset,
                        message: format!(
                            "unknown modifier `{prefix}` in `{text}`, expected ctrl, alt or shift"
                        ),
                    });
                }
            };
            if *flag {
                return Err(KeyError {
                    byte_offset: offset,
                    message: format!("modifier `{prefix}` given twice in `{text}`"),
                });
            }
            *flag = true;
            rest = &rest[dash + 1..];
            offset += dash + 1;
        }
        if rest.is_empty() {
            return Err(KeyError {
                byte_offset: offset,
                message: if text.is_empty() {
                    "empty key name".to_owned()
                } else {
                    format!("no key after the modifiers in `{text}`")
                },
            });
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => named_key(rest).ok_or_else(|| KeyError {
                byte_offset: offset,
                message: format!(
                    "unknown key `{rest}`, expected one character or one of {}, f1 to f24",
                    canonical_names().join(", ")
                ),
            })?,
        };
        Ok(KeyChord::new(code, modifiers))
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some(number) = lower.strip_prefix('f')
        && let Ok(n) = number.parse::<u8>()
        && (1..=24).contains(&n)
    {
        return Some(KeyCode::F(n));
    }
    NAMED_KEYS
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, code)| *code)
}

/// The first name of each named key, for error messages.
pub(crate) fn canonical_names() -> Vec<&'static str> {
    let mut seen = Vec::new();
    let mut names = Vec::new();
    for (name, code) in NAMED_KEYS {
        if !seen.contains(code) {
            seen.push(*code);
            names.push(*name);
        }
    }
    names
}

impl fmt::Display for KeyChord {
    /// The canonical notation, which [`KeyChord::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.modifiers.alt {
            f.write_str("alt-")?;
        }
        if self.modifiers.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::F(n) => write!(f, "f{n}"),
            // Names that read better than the character; `-` after a modifier would be ambiguous.
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char('-') => f.write_str("minus"),
            KeyCode::Char(c) => write!(f, "{c}"),
            code => {
                let name = NAMED_KEYS
                    .iter()
                    .find(|(_, k)| *k == code)
                    .map_or("?", |(name, _)| name);
                f.write_str(name)
            }
        }
    }
}

impl std::str::FromStr for KeyChord {
    type Err = KeyError;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        KeyChord::parse(s)
    }
}

/// Parses a sequence of keys as typed: each character is a key, and `<name>` is a named or
/// modified key (`jj<enter><ctrl-c>`; `<lt>` for `<`).
///
/// # Examples
/// ```
/// use crossread::config::keys::{KeyChord, KeyCode, parse_key_sequence};
/// let keys = parse_key_sequence("gG<pgdn>").unwrap();
/// assert_eq!(keys.len(), 3);
/// assert_eq!(keys[2].code, KeyCode::PageDown);
/// ```
///
/// # Errors
/// A [`KeyError`] at the byte offset of an unclosed `<` or a bad name inside `<…>`.
pub fn parse_key_sequence(text: &str) -> std::result::Result<Vec<KeyChord>, KeyError> {
    let mut keys = Vec::new();
    let mut rest = text.char_indices();
    while let Some((start, c)) = rest.next() {
        if c != '<' {
            keys.push(
                KeyChord::parse(&text[start..start + c.len_utf8()]).map_err(|e| KeyError {
                    byte_offset: start,
                    ..e
                })?,
            );
            continue;
        }
        let inner_start = start + 1;
        let Some(len) = text[inner_start..].find('>') else {
            return Err(KeyError {
                byte_offset: start,
                message: "`<` without a closing `>` (write `<lt>` for the key `<`)".to_owned(),
            });
        };
        let inner = &text[inner_start..inner_start + len];
        keys.push(KeyChord::parse(inner).map_err(|e| KeyError {
            byte_offset: inner_start + e.byte_offset,
            ..e
        })?);
        let end = inner_start + len + 1;
        // Skip the characters we consumed.
        while rest.clone().next().is_some_and(|(i, _)| i < end) {
            rest.next();
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(text: &str) -> KeyChord {
        KeyChord::parse(text).unwrap()
    }

    #[test]
    fn plain_named_and_modified_keys() {
        assert_eq!(key("j"), KeyChord::plain(KeyCode::Char('j')));
        assert_eq!(key("G"), KeyChord::plain(KeyCode::Char('G')));
        assert_eq!(key("?"), KeyChord::plain(KeyCode::Char('?')));
        assert_eq!(key("-"), KeyChord::plain(KeyCode::Char('-')));
        assert_eq!(key("down"), KeyChord::plain(KeyCode::Down));
        assert_eq!(key("PgDn"), KeyChord::plain(KeyCode::PageDown));
        assert_eq!(key("pageup"), KeyChord::plain(KeyCode::PageUp));
        assert_eq!(key("enter"), KeyChord::plain(KeyCode::Enter));
        assert_eq!(key("space"), KeyChord::plain(KeyCode::Char(' ')));
        assert_eq!(key("f12"), KeyChord::plain(KeyCode::F(12)));
        assert_eq!(key("shift-tab"), KeyChord::plain(KeyCode::BackTab));
        assert_eq!(key("shift-g"), key("G"));
        let ctrl_c = key("ctrl-c");
        assert_eq!(ctrl_c.code, KeyCode::Char('c'));
        assert!(ctrl_c.modifiers.ctrl && !ctrl_c.modifiers.alt);
        assert_eq!(key("Ctrl-C"), ctrl_c);
        assert_eq!(key("alt--").code, KeyCode::Char('-'));
        let shift_up = key("shift-up");
        assert!(shift_up.modifiers.shift);
        assert_eq!(shift_up.code, KeyCode::Up);
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "j",
            "G",
            "?",
            "<",
            "enter",
            "tab",
            "backtab",
            "esc",
            "pgdn",
            "pgup",
            "ctrl-c",
            "alt-x",
            "shift-up",
            "f5",
            "space",
            "minus",
            "ctrl-minus",
        ] {
            assert_eq!(key(text).to_string(), text);
            assert_eq!(key(&key(text).to_string()), key(text));
        }
    }

    #[test]
    fn errors_say_what_was_wrong() {
        let err = KeyChord::parse("entr").unwrap_err();
        assert!(
            err.message
                .starts_with("unknown key `entr`, expected one character or one of enter, tab,"),
            "{err}"
        );
        assert_eq!(err.byte_offset, 0);
        let err = KeyChord::parse("meta2-x").unwrap_err();
        assert_eq!(
            err.message,
            "unknown modifier `meta2` in `meta2-x`, expected ctrl, alt or shift"
        );
        assert_eq!(KeyChord::parse("").unwrap_err().message, "empty key name");
        let err = KeyChord::parse("ctrl-").unwrap_err();
        assert_eq!(err.message, "no key after the modifiers in `ctrl-`");
        assert_eq!(err.byte_offset, 5);
        let err = KeyChord::parse("ctrl-ctrl-c").unwrap_err();
        assert_eq!(err.message, "modifier `ctrl` given twice in `ctrl-ctrl-c`");
        assert!(KeyChord::parse("f25").is_err());
        assert!(KeyChord::parse("\u{7}").is_err());
    }

    #[test]
    fn sequences_mix_characters_and_names() {
        let keys = parse_key_sequence("jj<enter><ctrl-c><lt>é").unwrap();
        let expected = [
            key("j"),
            key("j"),
            key("enter"),
            key("ctrl-c"),
            KeyChord::plain(KeyCode::Char('<')),
            KeyChord::plain(KeyCode::Char('é')),
        ];
        assert_eq!(keys, expected);
        assert_eq!(parse_key_sequence("").unwrap(), []);
        let err = parse_key_sequence("jj<enter").unwrap_err();
        assert_eq!(err.byte_offset, 2);
        let err = parse_key_sequence("j<ctrl-qq>").unwrap_err();
        assert_eq!(err.byte_offset, 7);
        assert!(err.message.starts_with("unknown key `qq`"), "{err}");
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_display_reads_back(text in "\\PC{0,12}") {
            if let Ok(chord) = KeyChord::parse(&text) {
                prop_assert_eq!(KeyChord::parse(&chord.to_string()), Ok(chord));
            }
            let _ = parse_key_sequence(&text);
        }
    }
}
