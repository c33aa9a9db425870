//! Key notation without a terminal: `j`, `G`, `pgdn`, `ctrl-c`, `shift-tab`, parsed into a
//! [`KeyChord`], and keymaps as data (screen → action → keys) read from TOML.
//!
//! The library knows key names, not what they do: the reader passes the names of its screens and
//! actions ([`Vocabulary`]) and maps chords to its own actions and to the terminal's events.
//! Keeping the notation here lets the config file's `[keys]` section, the default keymap and the
//! tests (`"jj<enter>"`) share one parser whose errors say what was wrong and where.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::error::{Error, Result, line_column};

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
    /// use crossread::keys::{KeyChord, KeyCode};
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
fn canonical_names() -> Vec<&'static str> {
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
/// use crossread::keys::{KeyChord, KeyCode, parse_key_sequence};
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

/// The screens and action names a keymap may mention: `(screen, [action])`.
pub type Vocabulary<'a> = &'a [(&'a str, &'a [&'a str])];

/// One action's keys on one screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// The action's name (`page_down`).
    pub action: String,
    /// Its keys, in the order written.
    pub keys: Vec<KeyChord>,
}

/// Keys per screen, as data: `[screen] action = ["key", …]` in TOML.
///
/// A key bound to two actions of one screen is an error. Two screens may bind one key
/// differently; which screens fall back to which (a `global` section, say) is the reader's
/// business.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    /// Screen name → its bindings, in action-name order.
    pub screens: BTreeMap<String, Vec<Binding>>,
}

/// The TOML shape, with spans for error positions.
type RawKeymap =
    BTreeMap<toml::Spanned<String>, BTreeMap<toml::Spanned<String>, Vec<toml::Spanned<String>>>>;

impl Keymap {
    /// Parses a keymap table (`[screen]` tables of `action = ["key", …]`).
    /// `path` is only used in error messages.
    ///
    /// # Errors
    /// [`Error::Parse`] with line and column for bad TOML, a screen or action not in
    /// `vocabulary` (listing the valid ones), a bad key name, or a key bound twice on a screen.
    pub fn parse(text: &str, path: &Path, vocabulary: Vocabulary<'_>) -> Result<Keymap> {
        let raw: RawKeymap =
            toml::from_str(text).map_err(|err| Error::from_toml(path, text, &err))?;
        let at = |span: std::ops::Range<usize>, message: String| {
            let (line, column) = line_column(text, span.start);
            Error::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let mut keymap = Keymap::default();
        for (screen, actions) in raw {
            let Some((_, known)) = vocabulary.iter().find(|(s, _)| *s == screen.get_ref()) else {
                let names: Vec<&str> = vocabulary.iter().map(|(s, _)| *s).collect();
                return Err(at(
                    screen.span(),
                    format!(
                        "unknown screen `{}`, expected one of {}",
                        screen.get_ref(),
                        names.join(", ")
                    ),
                ));
            };
            let mut bindings: Vec<Binding> = Vec::new();
            let mut seen: BTreeMap<KeyChord, String> = BTreeMap::new();
            for (action, keys) in actions {
                if !known.contains(&action.get_ref().as_str()) {
                    return Err(at(
                        action.span(),
                        format!(
                            "unknown action `{}` for screen `{}`, expected one of {}",
                            action.get_ref(),
                            screen.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
                let mut chords = Vec::new();
                for key in keys {
                    // The span covers the quotes; point inside them.
                    let inner = key.span().start + 1;
                    let chord = KeyChord::parse(key.get_ref()).map_err(|e| {
                        at(
                            inner + e.byte_offset..inner + e.byte_offset,
                            format!("{e} (action `{}`)", action.get_ref()),
                        )
                    })?;
                    if let Some(other) = seen.insert(chord, action.get_ref().clone()) {
                        return Err(at(
                            key.span(),
                            format!(
                                "key `{chord}` is bound to both `{other}` and `{}` on screen `{}`",
                                action.get_ref(),
                                screen.get_ref()
                            ),
                        ));
                    }
                    if !chords.contains(&chord) {
                        chords.push(chord);
                    }
                }
                bindings.push(Binding {
                    action: action.into_inner(),
                    keys: chords,
                });
            }
            keymap.screens.insert(screen.into_inner(), bindings);
        }
        Ok(keymap)
    }

    /// This keymap with `overrides` applied: an action named there gets exactly the keys given
    /// there (an empty list unbinds it); every other action keeps its keys.
    ///
    /// # Errors
    /// [`Error::Invalid`] (naming `path`, the file the overrides came from) when the result binds
    /// one key to two actions on a screen.
    pub fn merged(&self, overrides: &Keymap, path: &Path) -> Result<Keymap> {
        let mut merged = self.clone();
        for (screen, bindings) in &overrides.screens {
            let target = merged.screens.entry(screen.clone()).or_default();
            for binding in bindings {
                match target.iter_mut().find(|b| b.action == binding.action) {
                    Some(existing) => existing.keys.clone_from(&binding.keys),
                    None => target.push(binding.clone()),
                }
            }
            target.sort_by(|a, b| a.action.cmp(&b.action));
        }
        for (screen, bindings) in &merged.screens {
            let mut seen: BTreeMap<KeyChord, &str> = BTreeMap::new();
            for binding in bindings {
                for key in &binding.keys {
                    if let Some(other) = seen.insert(*key, &binding.action) {
                        return Err(Error::Invalid {
                            path: path.to_path_buf(),
                            message: format!(
                                "key `{key}` is bound to both `{other}` and `{}` on screen `{screen}`",
                                binding.action
                            ),
                        });
                    }
                }
            }
        }
        Ok(merged)
    }

    /// The action a key is bound to on a screen (this screen only, no fallback).
    pub fn action(&self, screen: &str, key: KeyChord) -> Option<&str> {
        self.screens
            .get(screen)?
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.as_str())
    }

    /// The keys bound to an action on a screen, in the order written.
    pub fn keys(&self, screen: &str, action: &str) -> &[KeyChord] {
        self.screens
            .get(screen)
            .and_then(|bindings| bindings.iter().find(|b| b.action == action))
            .map_or(&[], |b| b.keys.as_slice())
    }
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

    const VOCABULARY: Vocabulary<'static> = &[
        ("global", &["quit", "help"]),
        ("reader", &["down", "up", "quit"]),
    ];

    fn parse(text: &str) -> Result<Keymap> {
        Keymap::parse(text, Path::new("keys.toml"), VOCABULARY)
    }

    #[test]
    fn keymap_reads_screens_actions_and_keys() {
        let keymap = parse(
            "[global]\nquit = [\"q\", \"ctrl-c\"]\nhelp = [\"?\"]\n[reader]\ndown = [\"j\", \"down\"]\n",
        )
        .unwrap();
        assert_eq!(keymap.action("global", key("ctrl-c")), Some("quit"));
        assert_eq!(keymap.action("global", key("?")), Some("help"));
        assert_eq!(keymap.action("reader", key("down")), Some("down"));
        assert_eq!(keymap.action("reader", key("q")), None);
        assert_eq!(keymap.keys("reader", "down"), [key("j"), key("down")]);
        assert_eq!(keymap.keys("reader", "up"), []);
    }

    #[test]
    fn keymap_errors_carry_line_and_column() {
        let err = parse("[global]\nquit = [\"q\", \"ctrl-qq\"]\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "keys.toml:2:20: unknown key `qq`, expected one character or one of {}, f1 to f24 (action `quit`)",
                canonical_names().join(", ")
            )
        );
        let err = parse("[global]\nquti = [\"q\"]\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "keys.toml:2:1: unknown action `quti` for screen `global`, expected one of quit, help"
        );
        let err = parse("[lsit]\nquit = [\"q\"]\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "keys.toml:1:2: unknown screen `lsit`, expected one of global, reader"
        );
        let err = parse("[reader]\ndown = [\"j\"]\nup = [\"k\", \"j\"]\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "keys.toml:3:12: key `j` is bound to both `down` and `up` on screen `reader`"
        );
        let err = parse("[reader]\ndown = 3\n").unwrap_err();
        assert!(err.to_string().starts_with("keys.toml:2:8: "), "{err}");
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_conflicts_are_errors() {
        let base = parse("[reader]\ndown = [\"j\", \"down\"]\nup = [\"k\"]\n").unwrap();
        let user = parse("[reader]\ndown = [\"n\"]\n").unwrap();
        let merged = base.merged(&user, Path::new("config.toml")).unwrap();
        assert_eq!(merged.keys("reader", "down"), [key("n")]);
        assert_eq!(merged.keys("reader", "up"), [key("k")]);
        assert_eq!(merged.action("reader", key("j")), None);

        let clash = parse("[reader]\ndown = [\"k\"]\n").unwrap();
        let err = base.merged(&clash, Path::new("config.toml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "config.toml: key `k` is bound to both `down` and `up` on screen `reader`"
        );
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
