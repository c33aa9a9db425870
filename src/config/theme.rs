//! Colours as data: the `[theme]` section of `config.toml`, a colour per thing that carries
//! meaning (shared passages, word differences, cursor, selection, tags, dimmed text, status
//! bar), written as a name (`cyan`, `light_red`) or `#rrggbb`.
//!
//! Terminal-free: the reader maps a [`Colour`] to its terminal library's type, and decides what
//! to draw when the user asks for no colour at all (`NO_COLOR`). A bad colour or an unknown key
//! is a parse error at its line and column, listing the valid values.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A terminal colour: one of the 16 named ones, the terminal's own (`default`), or 24-bit RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Colour {
    /// The terminal's own colour: nothing is set.
    Default,
    /// One of the 16 colours every terminal has; the index is into [`NAMED_COLOURS`].
    Named(u8),
    /// A 24-bit colour, `#rrggbb`.
    Rgb(u8, u8, u8),
}

/// The names a colour may be given, in the ANSI order (`default` is the terminal's own).
pub const NAMED_COLOURS: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark_gray",
    "light_red",
    "light_green",
    "light_yellow",
    "light_blue",
    "light_magenta",
    "light_cyan",
    "white",
];

impl Colour {
    /// A named colour by its name in [`NAMED_COLOURS`]; `None` for any other name.
    pub fn named(name: &str) -> Option<Colour> {
        NAMED_COLOURS
            .iter()
            .position(|n| *n == name)
            .and_then(|i| u8::try_from(i).ok())
            .map(Colour::Named)
    }

    /// Parses `default`, a name from [`NAMED_COLOURS`], or `#rrggbb`.
    ///
    /// # Examples
    /// ```
    /// use crossread::config::theme::Colour;
    /// assert_eq!(Colour::parse("#ff8800"), Ok(Colour::Rgb(0xff, 0x88, 0)));
    /// assert_eq!(Colour::parse("cyan"), Ok(Colour::named("cyan").unwrap()));
    /// assert!(Colour::parse("cyna").unwrap_err().contains("light_cyan"));
    /// ```
    ///
    /// # Errors
    /// A sentence naming the bad value and listing the valid ones.
    pub fn parse(text: &str) -> Result<Colour, String> {
        if text == "default" {
            return Ok(Colour::Default);
        }
        if let Some(colour) = Colour::named(text) {
            return Ok(colour);
        }
        if let Some(hex) = text.strip_prefix('#')
            && hex.len() == 6
            && hex.bytes().all(|b| b.is_ascii_hexdigit())
        {
            let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16);
            if let (Ok(r), Ok(g), Ok(b)) = (byte(0), byte(2), byte(4)) {
                return Ok(Colour::Rgb(r, g, b));
            }
        }
        Err(format!(
            "unknown colour `{text}`, expected default, {} or #rrggbb",
            NAMED_COLOURS.join(", ")
        ))
    }
}

impl fmt::Display for Colour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Colour::Default => f.write_str("default"),
            Colour::Named(i) => f.write_str(
                NAMED_COLOURS
                    .get(usize::from(*i))
                    .copied()
                    .unwrap_or("default"),
            ),
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        // The TOML reader puts the value's line and column on this error.
        Colour::parse(text.trim()).map_err(serde::de::Error::custom)
    }
}

/// Declares the theme's keys once: the resolved [`Theme`], the section as written
/// ([`ThemeColours`], every key optional), and each key's name, default and description.
macro_rules! theme_keys {
    ($($(#[doc = $doc:literal])* $name:ident: $ty:ty = $default:expr;)*) => {
        /// Every colour the reader uses to carry meaning, resolved.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            $($(#[doc = $doc])* pub $name: $ty,)*
        }

        impl Default for Theme {
            fn default() -> Self {
                Theme { $($name: $default,)* }
            }
        }

        /// The `[theme]` keys a file wrote; the others are `None`.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ThemeColours {
            $($(#[doc = $doc])* pub $name: Option<$ty>,)*
        }

        impl Theme {
            /// This theme with every key `colours` sets replaced.
            pub fn with(mut self, colours: &ThemeColours) -> Theme {
                $(if let Some(value) = &colours.$name {
                    self.$name = value.clone();
                })*
                self
            }

            /// Each key as `(name, value as TOML, description)`, in declaration order.
            pub fn entries(&self) -> Vec<(&'static str, String, &'static str)> {
                vec![$((
                    stringify!($name),
                    TomlValue::toml(&self.$name),
                    concat!($($doc),*).trim(),
                ),)*]
            }
        }

        impl ThemeColours {
            /// Every key set to `theme`'s value.
            pub fn all(theme: &Theme) -> ThemeColours {
                ThemeColours { $($name: Some(theme.$name.clone()),)* }
            }
        }
    };
}

/// How a theme value is written in TOML.
trait TomlValue {
    fn toml(&self) -> String;
}

impl TomlValue for Colour {
    fn toml(&self) -> String {
        format!("\"{self}\"")
    }
}

impl TomlValue for Vec<Colour> {
    fn toml(&self) -> String {
        let items: Vec<String> = self.iter().map(TomlValue::toml).collect();
        format!("[{}]", items.join(", "))
    }
}

fn named(name: &str) -> Colour {
    Colour::named(name).expect("a name from NAMED_COLOURS")
}

theme_keys! {
    /// Shared passages: each article has one of these (by its place in the corpus), and its
    /// passages elsewhere are drawn in it. Six hues, no two of one family (`magenta` beside
    /// `light_magenta` could not be told apart); plain red and green are left to the compare
    /// view's word differences, which never show article colours.
    shared: Vec<Colour> = ["cyan", "magenta", "yellow", "blue", "light_red", "light_green"]
        .into_iter()
        .map(named)
        .collect();
    /// Compare view: a word only in the right-hand article.
    added: Colour = named("green");
    /// Compare view: a word only in the left-hand article.
    removed: Colour = named("red");
    /// Compare view: a word that differs between the two.
    changed: Colour = named("yellow");
    /// Search hits.
    search: Colour = named("yellow");
    /// The sentence under the cursor (drawn reversed; `default` keeps the text's colour).
    cursor: Colour = Colour::Default;
    /// Selected sentences (drawn reversed).
    selection: Colour = Colour::Default;
    /// A tag without a label (a label's colour is set in the tags file's `[labels]`).
    tag: Colour = named("cyan");
    /// Dimmed text: lines of one side only in compare, notes in the tag panels.
    dimmed: Colour = Colour::Default;
    /// The status bar (drawn reversed).
    status: Colour = Colour::Default;
}

/// A config file's `[theme]` section: the keys it wrote, and whether a file wrote it at all.
/// The default is the complete default theme, written by no file; two sections are equal when
/// they set the same keys to the same colours, wherever they were read from.
#[derive(Debug, Clone)]
pub struct ThemeSection {
    /// The keys the section sets.
    pub colours: ThemeColours,
    is_written: bool,
}

impl Default for ThemeSection {
    fn default() -> Self {
        ThemeSection {
            colours: ThemeColours::all(&Theme::default()),
            is_written: false,
        }
    }
}

impl PartialEq for ThemeSection {
    fn eq(&self, other: &Self) -> bool {
        self.colours == other.colours
    }
}

impl<'de> Deserialize<'de> for ThemeSection {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(ThemeSection {
            colours: ThemeColours::deserialize(deserializer)?,
            is_written: true,
        })
    }
}

impl ThemeSection {
    /// Whether a config file wrote this section (else it is the default theme).
    pub fn is_written(&self) -> bool {
        self.is_written
    }

    /// `theme` with the keys this section sets; a section no file wrote changes nothing, so a
    /// project without `[theme]` keeps the user's colours.
    pub fn apply_to(&self, theme: Theme) -> Theme {
        if self.is_written {
            theme.with(&self.colours)
        } else {
            theme
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: articles 1 and 4 were `magenta` and `light_magenta`, hard to tell apart.
    #[test]
    fn the_default_article_colours_are_six_hue_families() {
        let theme = Theme::default();
        let families: std::collections::BTreeSet<String> = theme
            .shared
            .iter()
            .map(|c| c.to_string().trim_start_matches("light_").to_owned())
            .collect();
        assert_eq!(families.len(), theme.shared.len(), "{:?}", theme.shared);
        assert_eq!(theme.shared.len(), 6);
    }

    #[test]
    fn colours_read_names_and_hex_and_print_back() {
        for text in [
            "default",
            "black",
            "light_magenta",
            "white",
            "#00ff7f",
            "#0a0B0c",
        ] {
            let colour = Colour::parse(text).unwrap();
            assert_eq!(colour.to_string(), text.to_ascii_lowercase());
        }
        assert_eq!(Colour::parse("#0a0B0c"), Ok(Colour::Rgb(10, 11, 12)));
        for bad in [
            "",
            "#fff",
            "#gggggg",
            "#12345678",
            "Cyan",
            "light-red",
            "#ééé",
        ] {
            let err = Colour::parse(bad).unwrap_err();
            assert!(
                err.starts_with(&format!("unknown colour `{bad}`, expected default, black,")),
                "{err}"
            );
            assert!(err.ends_with("light_cyan, white or #rrggbb"), "{err}");
        }
    }

    #[test]
    fn a_section_overrides_only_what_it_sets() {
        let colours = ThemeColours {
            added: Some(Colour::Rgb(1, 2, 3)),
            ..ThemeColours::default()
        };
        let section = ThemeSection {
            colours,
            is_written: true,
        };
        let theme = section.apply_to(Theme::default());
        assert_eq!(theme.added, Colour::Rgb(1, 2, 3));
        assert_eq!(theme.removed, Theme::default().removed);
        // The default section, written by no file, changes nothing.
        let user = section.apply_to(Theme::default());
        assert_eq!(ThemeSection::default().apply_to(user.clone()), user);
    }

    #[test]
    fn every_key_has_a_description() {
        let entries = Theme::default().entries();
        assert_eq!(entries.len(), 10);
        for (name, value, description) in entries {
            assert!(!description.is_empty(), "{name}");
            assert!(value.starts_with('"') || value.starts_with('['), "{value}");
        }
    }
}
