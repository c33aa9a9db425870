//! The tag overlays: the form that makes or edits a tag (label picker, then note), the open
//! article's tag panel, the corpus-wide tag list, the article list's label filter, and the
//! question before quitting with unsaved tags. Each is a box over the panes with its keys on
//! the bottom border; orphaned tags carry `⚠`, placed ones `◆` in their label's colour, ones
//! placed approximately (their passage edited) `◇`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr as _;

use super::{fit, fit_text, pane_block};
use crate::tui::app::screen::Overlay;
use crate::tui::app::state::State;
use crate::tui::screens::tags::{FormStep, LabelPicker, PickRow, RowsView, TagRow};

/// The text cursor in a field.
const CARET: &str = "▏";

pub fn render(state: &State, frame: &mut Frame) {
    match state.overlay {
        Some(Overlay::TagForm) => form(state, frame),
        Some(Overlay::TagPanel) => rows(state, frame, false),
        Some(Overlay::TagList) => rows(state, frame, true),
        Some(Overlay::LabelFilter) => filter(state, frame),
        Some(Overlay::ConfirmQuit) => confirm_quit(state, frame),
        // Drawn by their own modules.
        Some(
            Overlay::Help
            | Overlay::Passages
            | Overlay::Picker
            | Overlay::Search
            | Overlay::Explain
            | Overlay::Thresholds,
        )
        | None => {}
    }
}

/// A box of at most `width` × `height` cells centred in the panel area; its text area.
fn boxed(
    state: &State,
    frame: &mut Frame,
    width: u16,
    height: u16,
    title: &str,
    hint: &str,
) -> Option<Rect> {
    let panel = fit(state.layout.panel, frame);
    if panel.is_empty() {
        return None;
    }
    let w = panel.width.min(width);
    let h = panel.height.min(height);
    let area = Rect::new(
        panel.x + (panel.width - w) / 2,
        panel.y + (panel.height - h) / 2,
        w,
        h,
    );
    let room = usize::from(w.saturating_sub(4));
    let mut block = pane_block(true).title(format!(" {} ", fit_text(title, room)));
    if !hint.is_empty() && room > 8 {
        block =
            block.title_bottom(Line::from(format!(" {} ", fit_text(hint, room))).right_aligned());
    }
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let text = Rect {
        x: area.x.saturating_add(2),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    (!text.is_empty()).then_some(text)
}

fn form(state: &State, frame: &mut Frame) {
    let Some(form) = &state.tags.form else {
        return;
    };
    let (title, hint) = match (form.step, &form.target) {
        (FormStep::Labels, _) => (
            "Tag: labels",
            "enter: choose · tab: choose another · esc: cancel",
        ),
        (FormStep::Note, _) => ("Tag: note", "enter: save the tag · esc: cancel"),
    };
    let title = match form.target {
        crate::tui::screens::tags::FormTarget::Edit(_) => title.replacen("Tag", "Edit tag", 1),
        crate::tui::screens::tags::FormTarget::New { .. } => title.to_owned(),
    };
    let Some(text) = boxed(state, frame, 72, 16, &title, hint) else {
        return;
    };
    let width = usize::from(text.width);
    let mut lines = vec![
        Line::from(Span::styled(
            fit_text(&quoted(&form.quote), width),
            Style::new().add_modifier(Modifier::ITALIC),
        )),
        Line::default(),
    ];
    let chosen = form.picker.chosen.join(", ");
    match form.step {
        FormStep::Labels => {
            let prefix = if chosen.is_empty() {
                "Labels: ".to_owned()
            } else {
                format!("Labels: {chosen}, ")
            };
            lines.push(field_line(&prefix, &form.picker.list.query, width));
            lines.push(Line::default());
            let room = usize::from(text.height).saturating_sub(lines.len());
            lines.extend(picker_lines(&form.picker, room, width));
        }
        FormStep::Note => {
            lines.push(Line::raw(fit_text(&format!("Labels: {chosen}"), width)));
            lines.push(field_line("Note: ", &form.note, width));
            lines.push(Line::default());
            lines.push(Line::styled(
                fit_text(
                    "(optional; enter with no note saves the tag without one)",
                    width,
                ),
                state.styles.fg(
                    Style::new().add_modifier(Modifier::DIM),
                    state.styles.theme.dimmed,
                ),
            ));
        }
    }
    frame.render_widget(Paragraph::new(Text::from(lines)), text);
}

/// `prefix` then the typed text and the caret, showing the end of a long text.
fn field_line(prefix: &str, typed: &str, width: usize) -> Line<'static> {
    let room = width.saturating_sub(prefix.width() + 1);
    let shown = crossread::view::wrap::display_text(typed);
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in shown.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        tail.push(c);
    }
    let tail: String = tail.into_iter().rev().collect();
    Line::from(vec![
        Span::styled(
            fit_text(prefix, width),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(tail),
        Span::styled(CARET, Style::new().add_modifier(Modifier::SLOW_BLINK)),
    ])
}

/// The picker's rows around the highlighted one: `›` marks it, `✓` a chosen label.
fn picker_lines(picker: &LabelPicker, room: usize, width: usize) -> Vec<Line<'static>> {
    if room == 0 {
        return Vec::new();
    }
    if picker.list.items.is_empty() {
        return vec![Line::raw(fit_text(
            "(no labels yet: type one and press enter)",
            width,
        ))];
    }
    picker
        .list
        .shown(room)
        .map(|(highlighted, row)| {
            let marker = if highlighted { "› " } else { "  " };
            let text = match row {
                PickRow::Label(l) if picker.chosen.contains(l) => format!("✓ {l}"),
                PickRow::Label(l) => format!("  {l}"),
                PickRow::New(l) => format!("+ new label “{l}”"),
                PickRow::All => "  (every article)".to_owned(),
            };
            let style = if highlighted {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            Line::styled(fit_text(&format!("{marker}{text}"), width), style)
        })
        .collect()
}

fn rows(state: &State, frame: &mut Frame, corpus_wide: bool) {
    let view = if corpus_wide {
        &state.tags.all
    } else {
        &state.tags.panel
    };
    let orphans = view.rows.iter().filter(|r| r.is_orphaned()).count();
    let approximate = view.rows.iter().filter(|r| r.is_fuzzy).count();
    let (title, hint) = if corpus_wide && state.tags.history {
        (
            format!(
                "Deleted and earlier versions (journal) {}/{}",
                view.shown.len(),
                view.rows.len()
            ),
            "enter: restore · ctrl-o: back to the tags · esc",
        )
    } else if corpus_wide {
        (
            format!("All tags {}/{}", view.shown.len(), view.rows.len()),
            "enter: go to · ctrl-e: edit · del: delete · ctrl-z: undo · ctrl-r: re-attach · ctrl-o: deleted · esc",
        )
    } else {
        let name = state.selected_article().map_or("", |a| a.name.as_str());
        (
            format!("Tags in {name}"),
            "enter: go to · e: edit · d: delete · u: undo · r: re-attach · esc",
        )
    };
    let Some(text) = boxed(state, frame, u16::MAX, u16::MAX, &title, hint) else {
        return;
    };
    let width = usize::from(text.width);
    let header = if corpus_wide {
        field_line("Filter: ", &view.query, width)
    } else {
        let count = view.rows.len();
        let mut summary = match count {
            0 => "No tags in this article: t tags the sentence under the cursor".to_owned(),
            1 => "1 tag".to_owned(),
            n => format!("{n} tags"),
        };
        if orphans > 0 {
            summary.push_str(&format!(", {orphans} orphaned (⚠)"));
        }
        if approximate > 0 {
            summary.push_str(&format!(", {approximate} placed approximately (◇)"));
        }
        Line::raw(fit_text(&summary, width))
    };
    let mut lines = vec![header, Line::default()];
    if corpus_wide && view.shown.is_empty() {
        let empty = if state.tags.history && view.rows.is_empty() {
            "The journal holds no deleted or earlier version of a tag"
        } else if view.rows.is_empty() {
            "No tags yet: in the reader, t tags the sentence under the cursor"
        } else {
            "No tag matches the filter"
        };
        lines.push(Line::raw(fit_text(empty, width)));
    }
    let room = usize::from(text.height).saturating_sub(lines.len());
    lines.extend(row_lines(view, room, width, corpus_wide));
    frame.render_widget(Paragraph::new(Text::from(lines)), text);
}

fn row_lines(view: &RowsView, room: usize, width: usize, with_article: bool) -> Vec<Line<'static>> {
    view.shown
        .iter()
        .enumerate()
        .skip(view.offset)
        .take(room)
        .filter_map(|(i, &index)| {
            let row = view.rows.get(index)?;
            Some(row_line(row, i == view.selected, width, with_article))
        })
        .collect()
}

fn row_line(row: &TagRow, highlighted: bool, width: usize, with_article: bool) -> Line<'static> {
    let base = if highlighted {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new()
    };
    // A passage edited since it was tagged is found approximately: `◇`, hollow, says so.
    let (mark, mark_style) = if row.restorable.is_some() {
        ("↶ ", base.fg(row.color))
    } else if row.is_orphaned() {
        ("⚠ ", base.add_modifier(Modifier::BOLD))
    } else if row.is_fuzzy {
        ("◇ ", base.fg(row.color))
    } else {
        ("◆ ", base.fg(row.color))
    };
    let mut text = String::new();
    if with_article {
        text.push_str(&fit_text(&row.article, 24));
        text.push_str(&" ".repeat(25usize.saturating_sub(text.width())));
    }
    text.push_str(&fit_text(&row.labels.join(", "), 24));
    if let Some(note) = &row.note {
        text.push_str(&format!(" · {}", fit_text(note, 40)));
    }
    if let Some((_, what)) = &row.restorable {
        text.push_str(&format!(" · {what}: "));
    } else if row.is_orphaned() {
        text.push_str(" · orphaned: ");
    }
    text.push_str(if row.restorable.is_some() || row.is_orphaned() {
        ""
    } else if row.is_fuzzy {
        " · approximately: "
    } else {
        " · "
    });
    text.push_str(&quoted(&row.quote));
    // `›` marks the highlighted row without colour.
    let pointer = if highlighted { "›" } else { " " };
    let text = fit_text(&text, width.saturating_sub(3));
    let pad = width.saturating_sub(3 + text.width());
    Line::from(vec![
        Span::styled(pointer, base),
        Span::styled(mark, mark_style),
        Span::styled(format!("{text}{}", " ".repeat(pad)), base),
    ])
}

fn filter(state: &State, frame: &mut Frame) {
    let picker = &state.tags.filter_picker;
    let Some(text) = boxed(
        state,
        frame,
        60,
        16,
        "Show articles with the label",
        "enter: filter · esc: cancel",
    ) else {
        return;
    };
    let width = usize::from(text.width);
    let mut lines = vec![
        field_line("Label: ", &picker.list.query, width),
        Line::default(),
    ];
    let room = usize::from(text.height).saturating_sub(lines.len());
    if picker.list.items.is_empty() && picker.list.query.is_empty() {
        lines.push(Line::raw(fit_text(
            "No labels yet: tag a passage first",
            width,
        )));
    } else {
        lines.extend(picker_lines(picker, room, width));
    }
    frame.render_widget(Paragraph::new(Text::from(lines)), text);
}

fn confirm_quit(state: &State, frame: &mut Frame) {
    let Some(text) = boxed(state, frame, 64, 9, "Tags not saved", "") else {
        return;
    };
    let problem =
        state.tags.problem.clone().unwrap_or_else(|| {
            "The last change to the tags is not in the tags file yet".to_owned()
        });
    let mut chars = problem.chars();
    let problem: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let message =
        format!("{problem}\n\nctrl-s: save them to a new file · y: quit and lose them · esc: stay");
    let lines: Vec<Line> = message
        .split('\n')
        .map(|l| Line::raw(crossread::view::wrap::display_text(l)))
        .collect();
    frame.render_widget(
        Paragraph::new(Text::from(lines)).wrap(Wrap { trim: true }),
        text,
    );
}

/// The tagged text between quotation marks, unless it already opens with one (a quote tagged
/// whole): `““Our President` says the same twice.
fn quoted(text: &str) -> String {
    const OPENING: &[char] = &['"', '“', '„', '«', '‘', '\'', '‹', '「'];
    if text.starts_with(OPENING) {
        text.to_owned()
    } else {
        format!("“{text}”")
    }
}
