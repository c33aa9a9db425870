//! Highlights: byte spans of an article's text with a style, laid over the text in order (later
//! ones patch earlier ones), so any feature that marks text adds spans and nothing else. Every
//! pane that draws article text (reader, compare, columns) cuts its lines here.

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crossread::view::wrap::display_text;

/// A byte span of the text and how to draw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// Bytes of the article text.
    pub byte_span: Range<usize>,
    /// Patched over the text's style.
    pub style: Style,
}

/// One wrapped line, cut where highlights start and end, each piece drawn safely in its style.
pub fn styled_line(text: &str, line: &Range<usize>, highlights: &[Highlight]) -> Line<'static> {
    let mut cuts = vec![line.start, line.end];
    for h in highlights {
        for at in [h.byte_span.start, h.byte_span.end] {
            if line.start < at && at < line.end && text.is_char_boundary(at) {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let spans: Vec<Span> = cuts
        .windows(2)
        .filter_map(|w| {
            let piece = text.get(w[0]..w[1])?;
            let style = highlights
                .iter()
                .filter(|h| h.byte_span.start <= w[0] && w[1] <= h.byte_span.end)
                .fold(Style::new(), |style, h| style.patch(h.style));
            Some(Span::styled(display_text(piece), style))
        })
        .collect();
    Line::from(spans)
}
