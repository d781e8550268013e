//! First run: the welcome choice and the profile form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::model::account::AccountType;
use crate::text;
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::view::label_line;

/// "Try the sandbox" or "set up a profile".
pub fn render_welcome(frame: &mut Frame, area: Rect, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(text::WELCOME_TITLE, theme.accent()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines: Vec<Line> = text::WELCOME_LINES
        .iter()
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The profile form.
pub fn render_profile(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(text::PROFILE_FORM_TITLE, theme.accent()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = Layout::vertical([Constraint::Length(1); 12]).split(inner);
    let f = &state.profile_form;
    for (row, label) in text::PROFILE_LABELS.iter().enumerate() {
        let (label_row, value_row) = (rows[row * 2], rows[row * 2 + 1]);
        frame.render_widget(
            Paragraph::new(label_line(label, f.focus == row, None, inner.width, theme)),
            label_row,
        );
        let value = Rect {
            x: value_row.x + 2,
            width: value_row.width.saturating_sub(4),
            ..value_row
        };
        match row {
            0 => frame.render_widget(&f.fields[0], value),
            1 => {
                let spans: Vec<Span> = AccountType::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        if i == f.account_type {
                            Span::styled(
                                format!("({t}) "),
                                if f.focus == 1 {
                                    theme.accent()
                                } else {
                                    theme.label()
                                },
                            )
                        } else {
                            Span::styled(format!(" {t}  "), theme.dim())
                        }
                    })
                    .collect();
                frame.render_widget(Paragraph::new(Line::from(spans)), value);
            }
            r => frame.render_widget(&f.fields[r - 1], value),
        }
    }
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(" {}", text::PROFILE_NOTE),
            theme.dim(),
        )),
        rows[11],
    );
}
