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
    let rows = Layout::vertical([Constraint::Length(1); 11]).split(inner);
    let note_area = Rect {
        y: rows[10].y + 1,
        height: (inner.y + inner.height).saturating_sub(rows[10].y + 1),
        ..inner
    };
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
    // Wrapped at words, each line indented like the first.
    let note: Vec<Line> = crate::tui::geometry::wrap_words(
        text::PROFILE_NOTE,
        inner.width.saturating_sub(1) as usize,
    )
    .into_iter()
    .map(|l| Line::from(Span::styled(format!(" {l}"), theme.dim())))
    .collect();
    frame.render_widget(Paragraph::new(note), note_area);
}

/// The profile picker: one row a profile (name, account type, the SID
/// shortened, the URL), the highlighted one marked.
pub fn render_picker(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(text::PICKER_TITLE, theme.accent()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let fit = |s: &str| crate::tui::geometry::truncate(s, width, theme.ellipsis());
    let p = &state.picker;
    let name_w = p
        .choices
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(20);
    let mut lines = vec![
        Line::from(fit(&format!(" {}", text::PICKER_INTRO))),
        Line::from(""),
    ];
    // More profiles than rows: the list scrolls with the cursor.
    let room = (inner.height as usize).saturating_sub(4).max(1);
    let skip = p.cursor.saturating_sub(room - 1);
    for (i, c) in p.choices.iter().enumerate().skip(skip).take(room) {
        let on = i == p.cursor;
        let row = format!(
            " {} {:name_w$}  {:7}  {:11}  {}",
            if on { theme.cursor_glyph() } else { " " },
            crate::text::inert(&c.name),
            crate::text::inert(&c.account_type),
            crate::text::inert(&crate::model::account::short_sid(&c.account_sid)),
            crate::text::inert(&c.api_url),
        );
        let style = if on { theme.accent() } else { theme.text() };
        lines.push(Line::from(Span::styled(fit(&row), style)));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        fit(&format!(" {}", text::PICKER_LATER)),
        theme.dim(),
    )));
    frame.render_widget(Paragraph::new(lines), inner);
}
