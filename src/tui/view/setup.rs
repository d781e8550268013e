//! Panel 1: Token Name, Description, API Version.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::validate::{DESCRIPTION_MAX, Field, NAME_MAX};
use crate::text;
use crate::tui::state::{SetupFocus, State, field_text};
use crate::tui::theme::Theme;
use crate::tui::view::{error_line, label_line};

/// Draws the Setup panel.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = Layout::vertical([Constraint::Length(1); 9]).split(area);
    let s = &state.setup;
    let field_area = |r: Rect| Rect {
        x: r.x + 2,
        width: r.width.saturating_sub(4),
        ..r
    };

    let count = |t, max| {
        let n = crate::model::validate::counted_len(field_text(t).trim());
        Some(format!("{n}/{max}"))
    };
    frame.render_widget(
        Paragraph::new(label_line(
            text::LABEL_NAME,
            s.focus == SetupFocus::Name,
            count(&s.name, NAME_MAX),
            area.width,
            theme,
        )),
        rows[0],
    );
    frame.render_widget(&s.name, field_area(rows[1]));
    let name_note = if state.field_errors.contains_key(&Field::Name) {
        error_line(state, Field::Name, theme)
    } else if state.name_taken() {
        Line::from(Span::styled(
            format!("  {} {}", theme.warn_glyph(), text::NAME_EXISTS_WARNING),
            theme.warn(),
        ))
    } else {
        Line::default()
    };
    frame.render_widget(Paragraph::new(name_note), rows[2]);

    frame.render_widget(
        Paragraph::new(label_line(
            text::LABEL_DESCRIPTION,
            s.focus == SetupFocus::Description,
            count(&s.description, DESCRIPTION_MAX),
            area.width,
            theme,
        )),
        rows[3],
    );
    frame.render_widget(&s.description, field_area(rows[4]));
    frame.render_widget(
        Paragraph::new(error_line(state, Field::Description, theme)),
        rows[5],
    );

    let focused = s.focus == SetupFocus::Version;
    frame.render_widget(
        Paragraph::new(label_line(
            text::LABEL_VERSION,
            focused,
            None,
            area.width,
            theme,
        )),
        rows[6],
    );
    let mut spans = vec![Span::raw("  ")];
    for (i, v) in state.versions().iter().enumerate() {
        let label = if i == 0 {
            text::version_latest(v)
        } else {
            v.clone()
        };
        if i == s.version {
            let style = if focused {
                theme.accent()
            } else {
                theme.label()
            };
            spans.push(Span::styled(format!("({label})"), style));
        } else {
            spans.push(Span::styled(format!(" {label} "), theme.dim()));
        }
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), rows[7]);
    let hint = if state.field_errors.contains_key(&Field::ApiVersion) {
        error_line(state, Field::ApiVersion, theme)
    } else {
        Line::from(Span::styled(
            format!(
                "  {}",
                text::version_hint(&crate::tui::hints::keys(
                    &state.keymap,
                    crate::tui::keymap::Context::Panels,
                    &[
                        crate::tui::keys::Action::Left,
                        crate::tui::keys::Action::Right
                    ],
                ))
            ),
            theme.dim(),
        ))
    };
    frame.render_widget(Paragraph::new(hint), rows[8]);
}
