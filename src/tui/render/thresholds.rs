//! Drawing the thresholds panel: a centred box, one row per `[detect]` value with what it
//! means, the selected row marked with `▶`, a changed value with `*` (not colour alone), and
//! below them what the last run found ("37 → 52 passages") or that one is running.

use ratatui::Frame;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{fit, fit_text};
use crate::tui::app::state::State;
use crate::tui::screens::thresholds::Setting;

pub fn render(state: &State, frame: &mut Frame) {
    let Some(panel) = state.thresholds.as_ref() else {
        return;
    };
    let passages = state.reuse.result.as_ref().map_or(0, |r| r.clusters.len());
    let mut lines: Vec<(String, bool)> = vec![
        (
            format!("Detection finds {passages} shared passages with these values."),
            false,
        ),
        (String::new(), false),
    ];
    for (i, setting) in Setting::ALL.iter().enumerate() {
        let value = setting.show(&panel.draft);
        let changed = value != setting.show(&panel.saved);
        lines.push((
            format!(
                "{} {:<19}{:>6}{} {}",
                if i == panel.selected { "▶" } else { " " },
                setting.key(),
                value,
                if changed { "*" } else { " " },
                setting.meaning()
            ),
            i == panel.selected,
        ));
    }
    lines.push((String::new(), false));
    let status = match (&panel.outcome, panel.is_running) {
        (_, true) => "Detecting again…".to_owned(),
        (Some(outcome), false) => outcome.clone(),
        (None, false) => "h l change the value: detection runs again at once".to_owned(),
    };
    lines.push((status, false));
    lines.push((
        "* differs from config.toml · w writes [detect] there".to_owned(),
        false,
    ));
    let width = state.width.saturating_sub(4).min(72);
    let rows = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let height = rows.min(state.height.saturating_sub(2));
    let x = state.width.saturating_sub(width) / 2;
    let y = state.height.saturating_sub(1).saturating_sub(height) / 2;
    let area = fit(ratatui::layout::Rect::new(x, y, width, height), frame);
    let inner = usize::from(area.width.saturating_sub(2));
    // Keep the selected row in sight on a short terminal.
    let shown = usize::from(area.height.saturating_sub(2));
    let skip = (panel.selected + 3).saturating_sub(shown);
    let text: Vec<Line> = lines
        .iter()
        .skip(skip)
        .map(|(l, selected)| {
            let line = Line::from(fit_text(l, inner));
            if *selected {
                line.style(Style::default().add_modifier(Modifier::REVERSED))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(text).block(
            Block::bordered()
                .title(fit_text(" Thresholds · [detect] ", inner))
                .title_bottom(" j k select · h l change · w write · Esc close "),
        ),
        area,
    );
}
