//! Keymaps as data: `[screen] action = ["key", …]` tables read from TOML into screen → action →
//! [`KeyChord`]s, with errors that carry file, line and column, and overrides (a user's `[keys]`
//! section) merged over defaults.
//!
//! The library knows key names, not what they do: the reader passes the names of its screens and
//! actions ([`Vocabulary`]) and maps the chords to its own actions. A key bound to two actions of
//! one screen is an error; which screens fall back to which is the reader's business.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result, line_column};
use crate::keys::KeyChord;

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
    use crate::keys::canonical_names;

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
