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
