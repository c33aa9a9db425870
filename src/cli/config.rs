//! `crossread config --default`: the complete default configuration as TOML, a comment on each
//! key, for users to copy and change. Built from the defaults themselves (`Config::default()`,
//! the shipped keymap, the default theme), so it cannot drift from them; a test reads it back.

use crossread::Config;
use crossread::config::theme::Theme;

use crate::tui::{keys_toml, toml_string};

/// The default configuration as commented TOML.
///
/// Long on purpose: it is the file's template, one `writeln!` per key in the order users read
/// them; cut into functions it would read worse than it does top to bottom.
pub fn default_toml() -> String {
    let config = Config::default();
    let corpus = &config.corpus;
    let detect = &config.detect;
    let mut out = String::from(
        "# crossread configuration. Every key is optional: a file only overrides what it names.\n\
         # This one holds the defaults. Paths are relative to this file.\n\
         # A user-level config (~/.config/crossread/config.toml) may hold [keys] and [theme];\n\
         # a project's config.toml wins over it per key.\n",
    );
    out.push_str("\n[corpus]\n");
    out.push_str(&format!(
        "# The folder of articles (.txt and .md).\ndir = {}\n",
        toml_string(&corpus.dir.to_string_lossy())
    ));
    out.push_str(&format!(
        "# The tags file, saved as you tag.\ntags = {}\n",
        toml_string(&corpus.tags.to_string_lossy())
    ));
    out.push_str(
        "\n# One [[source]] per article the reader should know more about:\n\
         # [[source]]\n\
         # file = \"001_x.txt\"      # the article, relative to the corpus folder\n\
         # outlet = \"The Post\"     # default: the file name\n\
         # title = \"Headline\"      # default: the article's first non-empty line\n\
         # date = \"2025-08-21\"     # ISO 8601, with or without a time; default: none\n\
         # url = \"https://...\"     # default: none\n\
         # Front matter at the top of an article (--- YAML or +++ TOML: title, outlet or\n\
         # source or site, date, url) gives the same; [[source]] wins field by field.\n",
    );
    out.push_str("\n[detect]\n");
    out.push_str(&format!(
        "# Words two passages must have in common to count as shared (after normalization).\n\
         min_words = {}\n",
        detect.min_words
    ));
    out.push_str(&format!(
        "# Of those, content words (not `the`, `of`) outside stock phrases.\n\
         min_content_words = {}\n",
        detect.min_content_words
    ));
    out.push_str(&format!(
        "# Lowest similarity of two shared passages, from 0 (nothing alike) to 1 (same words).\n\
         min_similarity = {:?}\n",
        detect.min_similarity
    ));
    out.push_str(&format!(
        "# A word sequence in more than this share of the articles is a stock phrase...\n\
         stock_share = {:?}\n",
        detect.stock_share
    ));
    out.push_str(&format!(
        "# ...but only when it is in more than this many articles.\n\
         stock_min_articles = {}\n",
        detect.stock_min_articles
    ));
    out.push_str(&format!(
        "# ...and always when it is in more than this many, however large the corpus.\n\
         stock_max_articles = {}\n",
        detect.stock_max_articles
    ));
    out.push_str(&format!(
        "# Set aside text only one outlet's articles share (a footer, a standing line).\n\
         boilerplate = {}\n",
        detect.boilerplate
    ));
    out.push_str(
        "\n[hints]\n\
         # Outlets that are wire services (a whole word of the outlet's name; names of up to\n\
         # three letters match in their case only). When dates and wording cannot tell who had\n\
         # a passage first, the one member from a wire service is taken as its source.\n",
    );
    out.push_str(&format!(
        "wire_services = [{}]\n",
        config
            .hints
            .wire_services
            .iter()
            .map(|w| toml_string(w))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(
        "\n# Colours: default (the terminal's own), black, red, green, yellow, blue, magenta, cyan,\n\
         # gray, dark_gray, light_red, light_green, light_yellow, light_blue, light_magenta,\n\
         # light_cyan, white, or \"#rrggbb\". With NO_COLOR set, none are used.\n\
         [theme]\n",
    );
    for (name, value, description) in Theme::default().entries() {
        for line in wrap_words(description, 92) {
            out.push_str(&format!("# {line}\n"));
        }
        out.push_str(&format!("{name} = {value}\n"));
    }
    out.push_str(
        "\n# What `y` copies with a quote. Placeholders: {quote} {outlet} {title} {date} {file}\n\
         # {line} {url}; a part in [...] is left out when a placeholder inside has no value.\n\
         [cite]\n",
    );
    out.push_str(&format!(
        "# The citation format ({{{{ }}}} [[ ]] for the characters themselves).\nformat = {}\n",
        toml_string(&config.cite.format.to_string())
    ));
    out.push_str(
        "\n# Keys: [keys.SCREEN] action = [\"key\", ...]. An action named here gets exactly these\n\
         # keys (an empty list unbinds it); [keys.global] applies on every screen that does not\n\
         # bind the key itself. Key names: one character (j, G, ?), or enter, tab, backtab, esc,\n\
         # space, backspace, delete, insert, home, end, pgup, pgdn, up, down, left, right,\n\
         # f1-f24, with ctrl-, alt-, shift-.\n",
    );
    out.push_str(&keys_toml(&config.keys));
    out
}

/// `text` in lines of at most `width` columns, broken between words.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn printed_default_parses_back_to_the_default() {
        let text = default_toml();
        let parsed = Config::parse(&text, Path::new("default.toml")).unwrap();
        assert_eq!(parsed, Config::default());
        assert!(parsed.keys.is_written() && parsed.theme.is_written());
    }

    #[test]
    fn every_key_has_a_comment_above_it() {
        let text = default_toml();
        let lines: Vec<&str> = text.lines().collect();
        let mut keys = 0;
        for (i, line) in lines.iter().enumerate() {
            if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
                continue;
            }
            keys += 1;
            assert!(
                i > 0 && lines[i - 1].starts_with("# "),
                "no comment above `{line}`"
            );
        }
        // corpus 2, detect 5, theme 10, and the shipped keymap.
        assert!(keys > 17 + 100, "{keys} keys");
        assert!(text.contains("[keys.reader]\n"), "{text}");
        assert!(
            text.contains("# Quit crossread\nquit = [\"q\", \"ctrl-c\"]\n"),
            "{text}"
        );
        assert!(text.contains("added = \"green\"\n"), "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    }
}
