//! From terminal events to actions: crossterm's key events become the library's [`KeyChord`],
//! looked up in the current screen's section of the keymap and then in `global`. The default
//! keymap is data (`default_keys.toml`) read by the same parser as a user's `[keys]` tables, and
//! the help overlay is generated from whatever keymap is loaded.

use std::collections::HashMap;
use std::path::Path;

use crossread::Config;
use crossread::config::keymap::{self as keys, Binding, DEFAULT_KEYS, KeysSection};
use crossread::config::keys::{KeyChord, KeyCode, Modifiers};
use crossterm::event::{Event, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};

use crate::tui::app::action::{Action, MOUSE, NAMED, NamedAction};
use crate::tui::app::screen::{HelpLine, Screen};

/// The keymap section that applies under every screen.
pub const GLOBAL: &str = "global";

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: i32 = 3;

/// The loaded keymap (the library's [`keys::Keymap`], the one keymap type) resolved to this
/// reader's actions, per screen, for lookups by chord.
#[derive(Debug, Clone)]
pub struct Bindings {
    global: HashMap<KeyChord, Action>,
    screens: HashMap<&'static str, HashMap<KeyChord, Action>>,
    source: keys::Keymap,
}

/// Calls `f` with the sections a keymap may have and the actions each may name: every section
/// may bind every named action, so users can put any action on any key.
fn with_vocabulary<T>(f: impl FnOnce(keys::Vocabulary<'_>) -> T) -> T {
    let names: Vec<&str> = NAMED.iter().map(|n| n.name).collect();
    let sections: Vec<(&str, &[&str])> = std::iter::once(GLOBAL)
        .chain(Screen::ALL.iter().map(|s| s.name()))
        .map(|section| (section, names.as_slice()))
        .collect();
    f(&sections)
}

impl Bindings {
    /// Parses keymap TOML in this reader's vocabulary; `path` is for error messages.
    ///
    /// # Errors
    /// The library's parse errors, with file, line and column.
    pub fn parse(text: &str, path: &Path) -> crossread::Result<keys::Keymap> {
        with_vocabulary(|vocabulary| keys::Keymap::parse(text, path, vocabulary))
    }

    /// The shipped keymap with the `[keys]` of each config applied in turn, so a later one
    /// wins per action (the user's config, then the project's).
    ///
    /// # Errors
    /// The first bad screen, action or key name, or clash, with its file, line and column.
    pub fn from_configs(configs: &[&Config]) -> crossread::Result<Bindings> {
        let mut merged = Bindings::default_keys().source;
        for config in configs {
            merged = with_vocabulary(|vocabulary| config.keys.apply_to(&merged, vocabulary))?;
        }
        Ok(Bindings::new(merged))
    }

    /// The shipped default keymap.
    pub fn default_keys() -> Bindings {
        let keys = Bindings::parse(DEFAULT_KEYS, Path::new("default_keys.toml"))
            .expect("the shipped keymap parses (tested)");
        Bindings::new(keys)
    }

    /// Resolves a parsed keymap (whose names were checked by [`Bindings::parse`]).
    pub fn new(source: keys::Keymap) -> Bindings {
        let resolve = |bindings: &[Binding]| {
            let mut map = HashMap::new();
            for binding in bindings {
                if let Some(action) = Action::from_name(&binding.action) {
                    for key in &binding.keys {
                        map.insert(*key, action);
                    }
                }
            }
            map
        };
        let global = source
            .screens
            .get(GLOBAL)
            .map_or_else(HashMap::new, |b| resolve(b));
        let screens = Screen::ALL
            .iter()
            .map(|screen| {
                let map = source
                    .screens
                    .get(screen.name())
                    .map_or_else(HashMap::new, |b| resolve(b));
                (screen.name(), map)
            })
            .collect();
        Bindings {
            global,
            screens,
            source,
        }
    }

    /// The action of a key on a screen: the screen's own binding, else (on a screen that takes
    /// text) a typed character, else the global binding. So `q` types a `q` in a filter, while
    /// `ctrl-c` still quits.
    pub fn action(&self, screen: Screen, key: KeyChord) -> Option<Action> {
        if let Some(action) = self
            .screens
            .get(screen.name())
            .and_then(|map| map.get(&key))
        {
            return Some(*action);
        }
        if screen.takes_text()
            && let KeyCode::Char(c) = key.code
            && !key.modifiers.ctrl
            && !key.modifiers.alt
        {
            return Some(Action::Insert(c));
        }
        self.global.get(&key).copied()
    }

    /// The action of a terminal event on a screen, if it has one.
    pub fn event_action(&self, screen: Screen, event: &Event) -> Option<Action> {
        match event {
            Event::Key(key) => self.action(screen, chord_of(key)?),
            Event::Mouse(mouse) => {
                let lines = match mouse.kind {
                    MouseEventKind::ScrollDown => WHEEL_LINES,
                    MouseEventKind::ScrollUp => -WHEEL_LINES,
                    MouseEventKind::Down(MouseButton::Left) => {
                        return Some(Action::Click {
                            column: mouse.column,
                            row: mouse.row,
                        });
                    }
                    _ => return None,
                };
                Some(Action::Scroll {
                    column: mouse.column,
                    row: mouse.row,
                    lines,
                })
            }
            Event::Resize(width, height) => Some(Action::Resize(*width, *height)),
            _ => None,
        }
    }

    /// The help overlay's lines: every bound action of every section, in [`NAMED`] order, with
    /// its keys; then the mouse.
    pub fn help(&self) -> Vec<HelpLine> {
        // The legend first: the marks are on screen from the start, the keys are looked up.
        let mut lines = vec![HelpLine::Heading("What the marks mean")];
        lines.extend(LEGEND.iter().map(|(keys, description)| HelpLine::Entry {
            keys: (*keys).to_owned(),
            description,
        }));
        let sections = std::iter::once((GLOBAL, "Everywhere"))
            .chain(Screen::ALL.iter().map(|s| (s.name(), s.title())));
        for (section, title) in sections {
            let entries: Vec<HelpLine> = NAMED
                .iter()
                .filter_map(|named| {
                    let keys = self.source.keys(section, named.name);
                    (!keys.is_empty()).then(|| HelpLine::Entry {
                        keys: keys
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", "),
                        description: named.description_on(section),
                    })
                })
                .collect();
            if entries.is_empty() {
                continue;
            }
            if !lines.is_empty() {
                lines.push(HelpLine::Blank);
            }
            lines.push(HelpLine::Heading(title));
            lines.extend(entries);
        }
        lines.push(HelpLine::Blank);
        lines.push(HelpLine::Heading("Mouse"));
        lines.extend(MOUSE.iter().map(|(keys, description)| HelpLine::Entry {
            keys: (*keys).to_owned(),
            description,
        }));
        lines
    }
}

/// The symbols and colours the screens use, for the help: marks are explained where the keys
/// are, so nothing on screen goes unexplained.
const LEGEND: &[(&str, &str)] = &[
    ("▰▱▱▱▱ 18%", "List: share of words found in other articles"),
    ("4⇄", "List: passages shared with other articles"),
    ("■", "Article's colour, on its text in other articles"),
    ("≡", "Margin: a passage copied word for word"),
    ("≈", "Margin: a passage rewritten, not word for word"),
    ("·  ¦", "Margin (z): set aside, stock; boilerplate"),
    ("▶  ┃", "Margin: the cursor's sentence; the selection"),
    ("◆", "Margin: a tag (text underlined, label colour)"),
    ("●", "List: an article marked to compare"),
    ("±  ~", "Compare: words changed; only respelt (italic)"),
    ("green", "Compare: a word only on the right (underlined)"),
    ("red", "Compare: a word only on the left (struck out)"),
    ("yellow", "Compare: a changed word; also search hits"),
    ("⚠", "Load warning (w: next), tags problem, orphan"),
    ("⟳", "Loading, or finding shared passages"),
];

/// The `[keys]` tables of `section` as TOML, a comment on each action saying what it does
/// there, in the order the help lists them: what `crossread config --default` prints.
pub fn keys_toml(section: &KeysSection) -> String {
    let mut out = String::new();
    for screen in std::iter::once(GLOBAL).chain(Screen::ALL.iter().map(|s| s.name())) {
        let bound: Vec<(&NamedAction, Vec<&str>)> = NAMED
            .iter()
            .filter_map(|named| Some((named, section.written(screen, named.name)?)))
            .collect();
        if bound.is_empty() {
            continue;
        }
        out.push_str(&format!("\n[keys.{screen}]\n"));
        for (named, keys) in bound {
            let keys: Vec<String> = keys.iter().map(|k| toml_string(k)).collect();
            out.push_str(&format!(
                "# {}\n{} = [{}]\n",
                named.description_on(screen),
                named.name,
                keys.join(", ")
            ));
        }
    }
    out
}

/// `text` as a TOML basic string.
pub fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The chord of a key event, or `None` for releases and keys the notation has no name for.
pub fn chord_of(key: &KeyEvent) -> Option<KeyChord> {
    use crossterm::event::KeyCode as K;
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let code = match key.code {
        K::Char(c) => KeyCode::Char(c),
        K::Enter => KeyCode::Enter,
        K::Tab => KeyCode::Tab,
        K::BackTab => KeyCode::BackTab,
        K::Esc => KeyCode::Esc,
        K::Backspace => KeyCode::Backspace,
        K::Delete => KeyCode::Delete,
        K::Insert => KeyCode::Insert,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let modifiers = Modifiers {
        ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
        alt: key.modifiers.contains(KeyModifiers::ALT),
        // BackTab already says shift.
        shift: key.modifiers.contains(KeyModifiers::SHIFT) && key.code != K::BackTab,
    };
    Some(KeyChord::new(code, modifiers))
}

#[cfg(test)]
mod tests;
