//! Overlays: the key list and yes/no questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::text;
use crate::tui::keys::KEYS;
use crate::tui::state::{Modal, Screen, State};
use crate::tui::theme::Theme;
use crate::tui::view::layout::centered;

/// Draws a modal over the screen.
pub fn render(frame: &mut Frame, area: Rect, modal: &Modal, state: &State, theme: &Theme) {
    let (title, lines, w) = match modal {
        Modal::Help => {
            let lines: Vec<Line> = KEYS
                .iter()
                .map(|(k, what)| {
                    Line::from(vec![
                        Span::styled(format!(" {k:<20}"), theme.accent()),
                        Span::raw(*what),
                    ])
                })
                .chain([
                    Line::default(),
                    Line::from(Span::styled(format!(" {}", text::HELP_CLOSE), theme.dim())),
                ])
                .collect();
            (text::HELP_TITLE, lines, 76)
        }
        Modal::ConfirmQuit => {
            let q = if matches!(state.screen, Screen::Secret(_)) {
                text::CONFIRM_QUIT_SECRET
            } else {
                text::CONFIRM_QUIT
            };
            (text::CONFIRM_TITLE, question(q, theme), 56)
        }
        Modal::ConfirmClearAll => (
            text::CONFIRM_TITLE,
            question(&text::confirm_clear(state.selection.total()), theme),
            56,
        ),
        Modal::ConfirmLeaveSecret => (
            text::CONFIRM_TITLE,
            question(text::CONFIRM_LEAVE_SECRET, theme),
            56,
        ),
        Modal::ConfirmResume => {
            let q = match &state.pending_draft {
                Some(d) => text::resume_question(&text::ago(d.saved_at), &text::draft_summary(d)),
                None => String::new(),
            };
            (text::DRAFT_TITLE, question(&q, theme), 70)
        }
    };
    let h = lines.len() as u16 + 2;
    let rect = centered(area, w, h);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(format!(" {title} "), theme.accent()));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}

fn question(q: &str, theme: &Theme) -> Vec<Line<'static>> {
    vec![
        Line::from(format!(" {q}")),
        Line::default(),
        Line::from(Span::styled(format!(" {}", text::YES_NO), theme.accent())),
    ]
}
