//! The user's own settings: `~/.config/crossread/config.toml` (or under `$XDG_CONFIG_HOME`),
//! whose `[keys]` and `[theme]` apply under the project's `config.toml`, and `NO_COLOR`. Read
//! once when the reader starts; the rest of the reader gets the result as data.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crossread::config::theme::Theme;
use crossread::{Config, Error};

use crate::tui::app::keymap::Bindings;
use crate::tui::theme::Styles;

/// The user-level config file: `$XDG_CONFIG_HOME/crossread/config.toml` when that is an
/// absolute path (as the XDG spec asks), else `$HOME/.config/crossread/config.toml`.
pub fn user_config_path(
    xdg_config_home: Option<OsString>,
    home: Option<OsString>,
) -> Option<PathBuf> {
    let base = xdg_config_home
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            home.map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(".config"))
        })?;
    Some(base.join("crossread").join("config.toml"))
}

/// Reads the user-level config if there is one.
///
/// # Errors
/// The file's read or parse errors (naming it), or a section other than `[keys]` and
/// `[theme]`, which would be ignored there.
pub fn load_user_config(path: &Path) -> crossread::Result<Option<Config>> {
    if !path.is_file() {
        return Ok(None);
    }
    let config = Config::load(path)?;
    let defaults = Config::default();
    if config.corpus != defaults.corpus
        || !config.sources.is_empty()
        || config.detect != defaults.detect
    {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            message: "only [keys] and [theme] apply in the user config; [corpus], [[source]] and [detect] belong in a project's config.toml".to_owned(),
        });
    }
    Ok(Some(config))
}

/// The keymap and colours from the configs, lowest first (the user's, then the project's):
/// a later one wins per action and per colour.
///
/// # Errors
/// The first bad key binding, with its file, line and column.
pub fn resolve(configs: &[&Config], is_monochrome: bool) -> crossread::Result<(Bindings, Styles)> {
    let keymap = Bindings::from_configs(configs)?;
    let theme = configs.iter().fold(Theme::default(), |theme, config| {
        config.theme.apply_to(theme)
    });
    Ok((keymap, Styles::new(theme, is_monochrome)))
}

/// Reads `NO_COLOR` as <https://no-color.org> says: set and not empty.
pub fn is_no_color(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossread::config::theme::Colour;

    #[test]
    fn user_config_lives_in_the_xdg_config_folder() {
        let path = |xdg: Option<&str>, home: Option<&str>| {
            user_config_path(xdg.map(OsString::from), home.map(OsString::from))
        };
        assert_eq!(
            path(Some("/x/conf"), Some("/home/u")),
            Some(PathBuf::from("/x/conf/crossread/config.toml"))
        );
        assert_eq!(
            path(None, Some("/home/u")),
            Some(PathBuf::from("/home/u/.config/crossread/config.toml"))
        );
        // A relative XDG_CONFIG_HOME is ignored, as the spec says.
        assert_eq!(
            path(Some("conf"), Some("/home/u")),
            Some(PathBuf::from("/home/u/.config/crossread/config.toml"))
        );
        assert_eq!(path(None, None), None);
    }

    #[test]
    fn the_project_wins_over_the_user_per_key() {
        let dir = tempfile::tempdir().unwrap();
        let user_path = dir.path().join("config.toml");
        std::fs::write(
            &user_path,
            "[keys.list]\ndown = [\"n\"]\nup = [\"p\"]\n[theme]\nadded = \"blue\"\nremoved = \"#010203\"\n",
        )
        .unwrap();
        let user = load_user_config(&user_path).unwrap().unwrap();
        let project = Config::parse(
            "[keys.list]\ndown = [\"e\"]\n[theme]\nadded = \"white\"\n",
            Path::new("config.toml"),
        )
        .unwrap();
        let (keymap, styles) = resolve(&[&user, &project], false).unwrap();
        let at = |key: &str| {
            keymap.action(
                crate::tui::app::screen::Screen::List,
                crossread::config::keys::KeyChord::parse(key).unwrap(),
            )
        };
        assert_eq!(at("e"), Some(crate::tui::app::action::Action::Down));
        assert_eq!(at("p"), Some(crate::tui::app::action::Action::Up));
        assert_eq!(at("n"), None);
        assert_eq!(styles.theme.added, Colour::named("white").unwrap());
        assert_eq!(styles.theme.removed, Colour::Rgb(1, 2, 3));
        assert_eq!(styles.theme.changed, Theme::default().changed);
        // A project without [keys] or [theme] keeps the user's.
        let plain = Config::default();
        let (keymap, styles) = resolve(&[&user, &plain], false).unwrap();
        assert_eq!(
            keymap.action(
                crate::tui::app::screen::Screen::List,
                crossread::config::keys::KeyChord::parse("n").unwrap()
            ),
            Some(crate::tui::app::action::Action::Down)
        );
        assert_eq!(styles.theme.added, Colour::named("blue").unwrap());
    }

    #[test]
    fn no_color_means_set_and_not_empty() {
        assert!(!is_no_color(None));
        assert!(!is_no_color(Some("".as_ref())));
        assert!(is_no_color(Some("1".as_ref())));
        assert!(is_no_color(Some("0".as_ref())));
    }

    #[test]
    fn user_config_errors_name_that_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert!(load_user_config(&path).unwrap().is_none());
        std::fs::write(&path, "[theme]\ncursor = \"pink\"\n").unwrap();
        let err = load_user_config(&path).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}:2:10: unknown colour `pink`", path.display())),
            "{err}"
        );
        std::fs::write(&path, "[keys.list]\nnope = [\"x\"]\n").unwrap();
        let user = load_user_config(&path).unwrap().unwrap();
        let err = resolve(&[&user], false).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}:2:1: unknown action `nope`", path.display())),
            "{err}"
        );
        std::fs::write(&path, "[corpus]\ndir = \"elsewhere\"\n").unwrap();
        let err = load_user_config(&path).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: only [keys] and [theme] apply in the user config; [corpus], [[source]] and [detect] belong in a project's config.toml",
                path.display()
            )
        );
    }
}
