//! Keymaps as data: `[screen] action = ["key", …]` tables read from TOML into screen → action →
//! [`KeyChord`]s, with errors that carry file, line and column, and overrides (a user's `[keys]`
//! section) merged over defaults.
//!
//! The library knows key names, not what they do: the reader passes the names of its screens and
//! actions ([`Vocabulary`]) and maps the chords to its own actions. A key bound to two actions of
//! one screen is an error; which screens fall back to which is the reader's business.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

use crate::config::keys::KeyChord;
use crate::error::{Error, Result, line_column};

/// The shipped default keys as TOML (`[screen] action = ["key", …]`): what a config's `[keys]`
/// section starts from, and what `crossread config --default` prints.
pub const DEFAULT_KEYS: &str = include_str!("default_keys.toml");

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

/// One key bound to two actions on a screen.
struct Clash {
    screen: String,
    key: KeyChord,
    first: String,
    second: String,
}

impl std::fmt::Display for Clash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "key `{}` is bound to both `{}` and `{}` on screen `{}`",
            self.key, self.first, self.second, self.screen
        )
    }
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
        Keymap::from_raw(raw, text, path, vocabulary)
    }

    /// Checks a keymap read with spans into `text` against `vocabulary`.
    fn from_raw(
        raw: RawKeymap,
        text: &str,
        path: &Path,
        vocabulary: Vocabulary<'_>,
    ) -> Result<Keymap> {
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
        let merged = self.overlaid(overrides);
        if let Some(clash) = merged.clash() {
            return Err(Error::Invalid {
                path: path.to_path_buf(),
                message: clash.to_string(),
            });
        }
        Ok(merged)
    }

    /// This keymap with `overrides` applied, clashes and all.
    fn overlaid(&self, overrides: &Keymap) -> Keymap {
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
        merged
    }

    /// The first key bound to two actions on one screen, if any.
    fn clash(&self) -> Option<Clash> {
        for (screen, bindings) in &self.screens {
            let mut seen: BTreeMap<KeyChord, &str> = BTreeMap::new();
            for binding in bindings {
                for key in &binding.keys {
                    if let Some(other) = seen.insert(*key, &binding.action) {
                        return Some(Clash {
                            screen: screen.clone(),
                            key: *key,
                            first: other.to_owned(),
                            second: binding.action.clone(),
                        });
                    }
                }
            }
        }
        None
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

/// A config file's `[keys]` section as written: `[keys.screen] action = ["key", …]`.
///
/// The library cannot check action names (the reader owns them), so the section keeps the
/// file's path and text and the reader checks it with [`KeysSection::keymap`], whose errors
/// point at the line and column in that file. The default is the shipped keymap; two sections
/// are equal when they bind the same keys, wherever they were read from.
#[derive(Debug, Clone)]
pub struct KeysSection {
    table: RawKeymap,
    origin: Option<Origin>,
}

/// The file a section was read from, for error positions.
#[derive(Debug, Clone)]
struct Origin {
    path: PathBuf,
    text: Arc<str>,
}

impl Default for KeysSection {
    fn default() -> Self {
        KeysSection {
            table: toml::from_str(DEFAULT_KEYS).expect("the shipped keymap is valid TOML (tested)"),
            origin: None,
        }
    }
}

impl PartialEq for KeysSection {
    fn eq(&self, other: &Self) -> bool {
        self.table == other.table
    }
}

impl<'de> Deserialize<'de> for KeysSection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let table = RawKeymap::deserialize(deserializer)?;
        // The path and text are filled in by `Config::parse`, which has them.
        Ok(KeysSection {
            table,
            origin: Some(Origin {
                path: PathBuf::new(),
                text: Arc::from(""),
            }),
        })
    }
}

impl KeysSection {
    /// Whether a config file wrote this section (else it is the shipped default).
    pub fn is_written(&self) -> bool {
        self.origin.is_some()
    }

    /// Records the file a written section came from (`text` is the whole file) and checks its
    /// key names, which the library knows: so a typo in a key stops every command, not only
    /// the reader. Screen and action names are left to [`KeysSection::keymap`].
    ///
    /// # Errors
    /// [`Error::Parse`] at the first key name that does not parse.
    pub(crate) fn locate(&mut self, path: &Path, text: &str) -> Result<()> {
        let Some(origin) = &mut self.origin else {
            return Ok(());
        };
        origin.path = path.to_path_buf();
        origin.text = Arc::from(text);
        for (action, keys) in self.table.values().flatten() {
            for key in keys {
                if let Err(e) = KeyChord::parse(key.get_ref()) {
                    // The span covers the quotes; point inside them.
                    let (line, column) = line_column(text, key.span().start + 1 + e.byte_offset);
                    return Err(Error::Parse {
                        path: path.to_path_buf(),
                        line,
                        column,
                        message: format!("{e} (action `{}`)", action.get_ref()),
                    });
                }
            }
        }
        Ok(())
    }

    /// The section checked against the reader's screens and actions.
    ///
    /// # Errors
    /// [`Error::Parse`] with the file, line and column of an unknown screen or action (listing
    /// the valid ones), a bad key name, or a key bound to two actions on one screen.
    pub fn keymap(&self, vocabulary: Vocabulary<'_>) -> Result<Keymap> {
        match &self.origin {
            Some(origin) => {
                Keymap::from_raw(self.table.clone(), &origin.text, &origin.path, vocabulary)
            }
            None => Keymap::from_raw(
                self.table.clone(),
                DEFAULT_KEYS,
                Path::new("default_keys.toml"),
                vocabulary,
            ),
        }
    }

    /// `base` with this section's bindings applied over it (see [`Keymap::merged`]); a
    /// section that no file wrote changes nothing.
    ///
    /// # Errors
    /// The errors of [`KeysSection::keymap`]; [`Error::Parse`] at the key in this file when
    /// the result binds one key to two actions on a screen.
    pub fn apply_to(&self, base: &Keymap, vocabulary: Vocabulary<'_>) -> Result<Keymap> {
        let Some(origin) = &self.origin else {
            return Ok(base.clone());
        };
        let overrides = self.keymap(vocabulary)?;
        let merged = base.overlaid(&overrides);
        match merged.clash() {
            None => Ok(merged),
            // Point at the key the user wrote, which is what they must change.
            Some(clash) => Err(match self.key_position(&clash) {
                Some((line, column)) => Error::Parse {
                    path: origin.path.clone(),
                    line,
                    column,
                    message: clash.to_string(),
                },
                None => Error::Invalid {
                    path: origin.path.clone(),
                    message: clash.to_string(),
                },
            }),
        }
    }

    /// The line and column of the clashing key in this section's file.
    fn key_position(&self, clash: &Clash) -> Option<(usize, usize)> {
        let origin = self.origin.as_ref()?;
        let (_, actions) = self
            .table
            .iter()
            .find(|(s, _)| *s.get_ref() == clash.screen)?;
        actions
            .iter()
            .filter(|(a, _)| *a.get_ref() == clash.first || *a.get_ref() == clash.second)
            .flat_map(|(_, keys)| keys)
            .find(|k| KeyChord::parse(k.get_ref()).ok() == Some(clash.key))
            .map(|k| line_column(&origin.text, k.span().start))
    }

    /// The keys as written: the names given for `action` on `screen`, if the section names it.
    pub fn written(&self, screen: &str, action: &str) -> Option<Vec<&str>> {
        let (_, actions) = self.table.iter().find(|(s, _)| *s.get_ref() == screen)?;
        let (_, keys) = actions.iter().find(|(a, _)| *a.get_ref() == action)?;
        Some(keys.iter().map(|k| k.get_ref().as_str()).collect())
    }

    /// The file this section was read from, if a file wrote it.
    pub fn path(&self) -> Option<&Path> {
        self.origin.as_ref().map(|o| o.path.as_path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::keys::canonical_names;

    fn key(text: &str) -> KeyChord {
        KeyChord::parse(text).unwrap()
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
}
