//! The thresholds panel (`D`): the `[detect]` values detection runs with, one per row. `j` `k`
//! pick a row, `h` `l` lower or raise its value (or switch boilerplate off and on); each change
//! asks the router to detect again in the background, and the panel shows the passages before
//! and after ("37 → 52 passages"). `w` writes the values into `config.toml`. The values and
//! what they mean are [`crossread::config::DetectConfig`]'s; drawing is `render/thresholds.rs`.

use crossread::config::DetectConfig;

use crate::tui::app::action::Action;
use crate::tui::app::outcome::{Msg, Outcome};

/// One value the panel changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// `min_words`.
    MinWords,
    /// `min_content_words`.
    MinContentWords,
    /// `min_similarity`.
    MinSimilarity,
    /// `stock_share`.
    StockShare,
    /// `stock_min_articles`.
    StockMinArticles,
    /// `stock_max_articles`.
    StockMaxArticles,
    /// `boilerplate`.
    Boilerplate,
}

impl Setting {
    /// The rows, top to bottom.
    pub const ALL: [Setting; 7] = [
        Setting::MinWords,
        Setting::MinContentWords,
        Setting::MinSimilarity,
        Setting::StockShare,
        Setting::StockMinArticles,
        Setting::StockMaxArticles,
        Setting::Boilerplate,
    ];

    /// Its key in `[detect]`.
    pub fn key(self) -> &'static str {
        match self {
            Setting::MinWords => "min_words",
            Setting::MinContentWords => "min_content_words",
            Setting::MinSimilarity => "min_similarity",
            Setting::StockShare => "stock_share",
            Setting::StockMinArticles => "stock_min_articles",
            Setting::StockMaxArticles => "stock_max_articles",
            Setting::Boilerplate => "boilerplate",
        }
    }

    /// What it does, in a few words.
    pub fn meaning(self) -> &'static str {
        match self {
            Setting::MinWords => "words two copies must share",
            Setting::MinContentWords => "of those, not `the`, `of`…",
            Setting::MinSimilarity => "how alike two copies must be",
            Setting::StockShare => "stock: in more than this share",
            Setting::StockMinArticles => "…and more than this many",
            Setting::StockMaxArticles => "…or always past this many",
            Setting::Boilerplate => "set aside one outlet's own",
        }
    }

    /// Its value in `detect`, as the panel shows it.
    pub fn show(self, detect: &DetectConfig) -> String {
        match self {
            Setting::MinWords => detect.min_words.to_string(),
            Setting::MinContentWords => detect.min_content_words.to_string(),
            Setting::MinSimilarity => format!("{:.2}", detect.min_similarity),
            Setting::StockShare => format!("{:.3}", detect.stock_share),
            Setting::StockMinArticles => detect.stock_min_articles.to_string(),
            Setting::StockMaxArticles => detect.stock_max_articles.to_string(),
            Setting::Boilerplate => if detect.boilerplate { "on" } else { "off" }.to_owned(),
        }
    }

    /// `detect` with this value one step up (`up`) or down, within what makes sense.
    pub fn step(self, detect: &DetectConfig, up: bool) -> DetectConfig {
        let mut d = detect.clone();
        let whole = |n: usize, step: usize, least: usize| {
            if up {
                n.saturating_add(step)
            } else {
                n.saturating_sub(step).max(least)
            }
        };
        let share = |x: f64, step: f64| {
            let x = if up { x + step } else { x - step };
            ((x / step).round() * step).clamp(0.0, 1.0)
        };
        match self {
            Setting::MinWords => d.min_words = whole(d.min_words, 1, 1),
            Setting::MinContentWords => d.min_content_words = whole(d.min_content_words, 1, 0),
            Setting::MinSimilarity => d.min_similarity = share(d.min_similarity, 0.05),
            Setting::StockShare => d.stock_share = share(d.stock_share, 0.005),
            Setting::StockMinArticles => d.stock_min_articles = whole(d.stock_min_articles, 1, 0),
            Setting::StockMaxArticles => {
                d.stock_max_articles = whole(d.stock_max_articles, 10, 1);
            }
            Setting::Boilerplate => d.boilerplate = !d.boilerplate,
        }
        d
    }
}

/// The panel: the values being tried, the ones detection last ran with, and what the last run
/// changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdsPanel {
    /// The values shown (and asked for).
    pub draft: DetectConfig,
    /// The values in `config.toml` when the panel opened (changed rows are marked).
    pub saved: DetectConfig,
    /// The selected row (an index into [`Setting::ALL`]).
    pub selected: usize,
    /// True while detection runs with `draft`.
    pub is_running: bool,
    /// What the last run did: `37 → 52 passages (0.04 s)`.
    pub outcome: Option<String>,
}

impl ThresholdsPanel {
    /// The panel on the values detection ran with (`current`); `saved` are the file's.
    pub fn new(current: DetectConfig, saved: DetectConfig) -> ThresholdsPanel {
        ThresholdsPanel {
            draft: current,
            saved,
            selected: 0,
            is_running: false,
            outcome: None,
        }
    }

    /// The selected setting.
    pub fn setting(&self) -> Setting {
        Setting::ALL[self.selected.min(Setting::ALL.len() - 1)]
    }

    /// Keys on the panel. A change of value answers [`Msg::Redetect`].
    pub fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Down => self.selected = (self.selected + 1).min(Setting::ALL.len() - 1),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = Setting::ALL.len() - 1,
            Action::FocusNext | Action::FocusPrev => {
                let next = self
                    .setting()
                    .step(&self.draft, action == Action::FocusNext);
                if next == self.draft {
                    return Outcome::Consumed;
                }
                self.draft = next;
                self.is_running = true;
                return Outcome::Msg(Msg::Redetect);
            }
            Action::WriteConfig => return Outcome::Msg(Msg::WriteDetect),
            Action::Close => return Outcome::Msg(Msg::Close),
            _ => return Outcome::Ignored,
        }
        Outcome::Consumed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_stay_in_range_and_land_on_round_values() {
        let d = DetectConfig {
            min_words: 1,
            min_similarity: 0.98,
            stock_share: 0.0,
            ..DetectConfig::default()
        };
        assert_eq!(Setting::MinWords.step(&d, false).min_words, 1);
        assert_eq!(Setting::MinSimilarity.step(&d, true).min_similarity, 1.0);
        assert_eq!(Setting::StockShare.step(&d, false).stock_share, 0.0);
        let up = Setting::MinSimilarity.step(&DetectConfig::default(), true);
        assert_eq!(Setting::MinSimilarity.show(&up), "0.65");
        assert!(!Setting::Boilerplate.step(&d, true).boilerplate);
    }

    #[test]
    fn a_change_asks_for_a_run_and_a_step_past_the_end_does_not() {
        let mut panel = ThresholdsPanel::new(DetectConfig::default(), DetectConfig::default());
        assert_eq!(panel.update(Action::FocusNext), Outcome::Msg(Msg::Redetect));
        assert_eq!(panel.draft.min_words, 13);
        assert!(panel.is_running);
        panel.draft.min_words = 1;
        assert_eq!(panel.update(Action::FocusPrev), Outcome::Consumed);
        assert_eq!(panel.update(Action::Bottom), Outcome::Consumed);
        assert_eq!(panel.setting(), Setting::Boilerplate);
        assert_eq!(
            panel.update(Action::WriteConfig),
            Outcome::Msg(Msg::WriteDetect)
        );
    }
}
