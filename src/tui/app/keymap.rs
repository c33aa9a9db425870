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
mod tests {
    use super::*;
    use crossterm::event::{KeyEventState, MouseEvent};

    fn key_event(code: crossterm::event::KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        })
    }

    #[test]
    fn shipped_keymap_parses_and_binds_the_documented_keys() {
        let keymap = Bindings::default_keys();
        let at = |screen, key: &str| keymap.action(screen, KeyChord::parse(key).unwrap());
        assert_eq!(at(Screen::List, "j"), Some(Action::Down));
        assert_eq!(at(Screen::Reader, "down"), Some(Action::Down));
        assert_eq!(at(Screen::List, "pgdn"), Some(Action::PageDown));
        assert_eq!(at(Screen::Reader, "pgup"), Some(Action::PageUp));
        assert_eq!(at(Screen::List, "g"), Some(Action::Top));
        assert_eq!(at(Screen::List, "G"), Some(Action::Bottom));
        assert_eq!(at(Screen::List, "enter"), Some(Action::Open));
        assert_eq!(at(Screen::Reader, "tab"), Some(Action::FocusNext));
        assert_eq!(at(Screen::Help, "?"), Some(Action::Help));
        assert_eq!(at(Screen::Help, "esc"), Some(Action::Close));
        assert_eq!(at(Screen::Reader, "q"), Some(Action::Quit));
        assert_eq!(at(Screen::Help, "ctrl-c"), Some(Action::Quit));
        assert_eq!(at(Screen::List, "x"), None);
    }

    #[test]
    fn terminal_events_become_actions() {
        use crossterm::event::KeyCode as K;
        let keymap = Bindings::default_keys();
        let screen = Screen::List;
        assert_eq!(
            keymap.event_action(screen, &key_event(K::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            keymap.event_action(screen, &key_event(K::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            keymap.event_action(screen, &key_event(K::BackTab, KeyModifiers::SHIFT)),
            Some(Action::FocusPrev)
        );
        assert_eq!(
            keymap.event_action(screen, &key_event(K::PageDown, KeyModifiers::NONE)),
            Some(Action::PageDown)
        );
        let mut release = KeyEvent::new(K::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(keymap.event_action(screen, &Event::Key(release)), None);
        let wheel = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 50,
            row: 7,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(
            keymap.event_action(screen, &wheel),
            Some(Action::Scroll {
                column: 50,
                row: 7,
                lines: 3
            })
        );
        assert_eq!(
            keymap.event_action(screen, &Event::Resize(80, 24)),
            Some(Action::Resize(80, 24))
        );
    }

    #[test]
    fn help_lists_every_bound_action_with_its_keys() {
        let help = Bindings::default_keys().help();
        let entry = |keys: &str| {
            help.iter()
                .any(|line| matches!(line, HelpLine::Entry { keys: k, .. } if k == keys))
        };
        assert!(entry("q, ctrl-c"));
        assert!(entry("j, down"));
        assert!(entry("enter, l, right"));
        assert!(entry("wheel"));
        let headings: Vec<&str> = help
            .iter()
            .filter_map(|l| match l {
                HelpLine::Heading(h) => Some(*h),
                _ => None,
            })
            .collect();
        assert_eq!(
            headings[..4],
            [
                "What the marks mean",
                "Everywhere",
                "Article list",
                "Reader"
            ]
        );
        // Every mark the screens draw is in the legend.
        for mark in [
            "▰", "⇄", "≡", "≈", "·", "¦", "±", "~", "◆", "⚠", "■", "▶", "●", "⟳",
        ] {
            assert!(
                LEGEND.iter().any(|(keys, _)| keys.contains(mark)),
                "{mark} is not explained"
            );
        }
        assert_eq!(headings[headings.len() - 2..], ["This help", "Mouse"]);
        for screen in Screen::ALL {
            assert!(headings.contains(&screen.title()), "{}", screen.title());
        }
        // Every named action is reachable from some key by default.
        let keymap = Bindings::default_keys();
        for named in NAMED {
            assert!(
                keymap.source.screens.values().any(|bindings| bindings
                    .iter()
                    .any(|b| b.action == named.name && !b.keys.is_empty())),
                "{} has no default key",
                named.name
            );
        }
    }

    #[test]
    fn a_user_keymap_overrides_the_defaults() {
        let defaults = Bindings::parse(DEFAULT_KEYS, Path::new("default_keys.toml")).unwrap();
        let user = Bindings::parse("[list]\ndown = [\"n\"]\n", Path::new("config.toml")).unwrap();
        let keymap = Bindings::new(defaults.merged(&user, Path::new("config.toml")).unwrap());
        let at = |key: &str| keymap.action(Screen::List, KeyChord::parse(key).unwrap());
        assert_eq!(at("n"), Some(Action::Down));
        assert_eq!(at("j"), None);
        assert_eq!(at("k"), Some(Action::Up));
    }

    fn config(text: &str) -> Config {
        Config::parse(text, Path::new("config.toml")).unwrap()
    }

    #[test]
    fn config_keys_change_what_keys_do() {
        use crate::tui::app::action::Effect;
        use crate::tui::testing::{press_with, seeds_state};
        let project = config(
            "[keys.global]\nquit = [\"x\"]\n[keys.list]\ndown = [\"n\", \"ctrl-n\"]\nup = [\"p\"]\n",
        );
        let keymap = Bindings::from_configs(&[&project]).unwrap();
        let mut state = seeds_state(80, 24);
        assert_eq!(state.selected_index(), Some(0));
        assert_eq!(press_with(&keymap, &mut state, "j"), []);
        assert_eq!(
            state.selected_index(),
            Some(0),
            "j is no longer bound on the list"
        );
        press_with(&keymap, &mut state, "n<ctrl-n>");
        assert_eq!(state.selected_index(), Some(2));
        press_with(&keymap, &mut state, "p");
        assert_eq!(state.selected_index(), Some(1));
        // Untouched actions keep their keys.
        press_with(&keymap, &mut state, "G");
        assert_eq!(
            state.selected_index(),
            Some(state.corpus.articles.len() - 1)
        );
        assert_eq!(press_with(&keymap, &mut state, "q"), []);
        assert_eq!(press_with(&keymap, &mut state, "x"), [Effect::Quit]);
        // Help follows the loaded keys.
        let help = keymap.help();
        assert!(help.iter().any(
            |l| matches!(l, HelpLine::Entry { keys, description } if keys == "n, ctrl-n" && *description == "Select the next article")
        ), "{help:?}");
        assert!(help.iter().any(
            |l| matches!(l, HelpLine::Entry { keys, description } if keys == "x" && *description == "Quit crossread")
        ));
        assert!(
            !help
                .iter()
                .any(|l| matches!(l, HelpLine::Entry { keys, .. } if keys == "q, ctrl-c"))
        );
    }

    #[test]
    fn a_later_config_wins_per_action() {
        let user = config("[keys.list]\ndown = [\"n\"]\nup = [\"p\"]\n");
        let project = config("[keys.list]\ndown = [\"e\"]\n");
        let empty = config("[corpus]\ndir = \"x\"\n");
        let keymap = Bindings::from_configs(&[&user, &project, &empty]).unwrap();
        let at = |key: &str| keymap.action(Screen::List, KeyChord::parse(key).unwrap());
        assert_eq!(at("e"), Some(Action::Down));
        assert_eq!(at("n"), None);
        assert_eq!(at("p"), Some(Action::Up));
        assert_eq!(at("k"), None);
        assert_eq!(at("g"), Some(Action::Top));
    }

    #[test]
    fn bad_config_keys_are_errors_at_their_position() {
        let error = |text: &str| {
            let project = config(text);
            Bindings::from_configs(&[&project]).unwrap_err().to_string()
        };
        let names: Vec<&str> = NAMED.iter().map(|n| n.name).collect();
        assert_eq!(
            error("[keys.reader]\nnext_pasage = [\"n\"]\n"),
            format!(
                "config.toml:2:1: unknown action `next_pasage` for screen `reader`, expected one of {}",
                names.join(", ")
            )
        );
        let screens: Vec<&str> = std::iter::once(GLOBAL)
            .chain(Screen::ALL.iter().map(|s| s.name()))
            .collect();
        assert_eq!(
            error("[corpus]\ndir = \"x\"\n\n[keys.raeder]\ndown = [\"n\"]\n"),
            format!(
                "config.toml:4:7: unknown screen `raeder`, expected one of {}",
                screens.join(", ")
            )
        );
        // Key names are checked when the config is read, for every command.
        let err = error_of_parse("[keys.reader]\ndown = [\"ctrl-jj\"]\n");
        assert!(
            err.starts_with(
                "config.toml:2:15: unknown key `jj`, expected one character or one of enter, tab,"
            ),
            "{err}"
        );
        assert!(err.ends_with(", f1 to f24 (action `down`)"), "{err}");
        // Two actions in the same file.
        assert_eq!(
            error("[keys.reader]\ndown = [\"x\"]\nup = [\"x\"]\n"),
            "config.toml:3:7: key `x` is bound to both `down` and `up` on screen `reader`"
        );
        // A key the defaults already give to another action.
        assert_eq!(
            error("[keys.reader]\n\ndown = [\"k\"]\n"),
            "config.toml:3:9: key `k` is bound to both `down` and `up` on screen `reader`"
        );
        // Not a table of lists: serde's error, still with its position.
        assert!(error_of_parse("[keys.reader]\ndown = \"j\"\n").starts_with("config.toml:2:8: "));
    }

    fn error_of_parse(text: &str) -> String {
        Config::parse(text, Path::new("config.toml"))
            .unwrap_err()
            .to_string()
    }
}
