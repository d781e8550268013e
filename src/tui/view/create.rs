//! Panel 4: the review of everything, then Create.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::text;
use crate::tui::state::{State, SubmitState, field_text};
use crate::tui::theme::Theme;
use crate::tui::view::layout::truncate;

/// Draws the review and the Create line.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [review, spacer, action] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let lines = review_lines(state, theme, review.width as usize);
    let max_scroll = lines.len().saturating_sub(review.height as usize);
    let scroll = state.review_scroll.min(max_scroll);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(review.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(shown), review);
    match &state.export_input {
        Some(input) => {
            let label =
                crate::tui::view::label_line(text::LABEL_EXPORT, true, None, area.width, theme);
            frame.render_widget(Paragraph::new(label), spacer);
            let field = Rect {
                x: action.x + 2,
                width: action.width.saturating_sub(4),
                ..action
            };
            frame.render_widget(input, field);
        }
        None => frame.render_widget(Paragraph::new(action_line(state, theme)), action),
    }
}

fn action_line(state: &State, theme: &Theme) -> Line<'static> {
    match &state.submit {
        SubmitState::Idle => Line::from(vec![
            Span::styled(format!(" {} ", text::CREATE_BUTTON), theme.badge()),
            Span::styled(format!("  {}", text::CREATE_HINT), theme.dim()),
        ]),
        SubmitState::Running {
            started,
            status,
            wait_until,
        } => {
            let mut s = format!(
                " {} {status} {:.1}s",
                theme.spinner(state.spinner),
                started.elapsed().as_secs_f32()
            );
            if let Some(until) = wait_until {
                let left = until.saturating_duration_since(std::time::Instant::now());
                s.push_str(&text::countdown(
                    left.as_secs() + u64::from(left.subsec_nanos() > 0),
                ));
            }
            s.push_str(text::ESC_CANCELS);
            Line::from(Span::styled(s, theme.accent()))
        }
        SubmitState::Cancelling => {
            Line::from(Span::styled(format!(" {}", text::CANCELLING), theme.warn()))
        }
    }
}

/// Everything that will be sent, scopes grouped by category, write access flagged.
pub fn review_lines(state: &State, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let req = state.request();
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!(" {k:<18}"), theme.label()),
            Span::raw(truncate(&v, width.saturating_sub(20), theme.ellipsis())),
        ])
    };
    let mut lines = vec![kv(text::LABEL_NAME, req.name.clone())];
    if state.name_taken() {
        lines.push(Line::from(Span::styled(
            format!(" {} {}", theme.warn_glyph(), text::NAME_EXISTS_WARNING),
            theme.warn(),
        )));
    }
    let description = field_text(&state.setup.description).trim().to_string();
    lines.push(kv(
        text::LABEL_DESCRIPTION,
        if description.is_empty() {
            "—".into()
        } else {
            description
        },
    ));
    let version = if state.setup.version == 0 {
        text::version_latest(&req.api_version)
    } else {
        req.api_version.clone()
    };
    lines.push(kv(text::LABEL_VERSION, version));
    let contact = state
        .chosen_contact()
        .map(|c| format!("{} ({})", c.name, c.user_id))
        .unwrap_or_default();
    lines.push(kv(text::LABEL_CONTACT, contact));
    let emails = if req.developer_emails.is_empty() {
        "—".to_string()
    } else {
        req.developer_emails.join(", ")
    };
    lines.push(kv(text::LABEL_EMAILS, emails));
    let writes = state
        .selection
        .selected_indices()
        .filter(|&i| state.catalog.scopes[i].is_write())
        .count();
    let categories = state
        .selection
        .enabled_categories()
        .filter(|&c| state.selection.count(c) > 0)
        .count();
    lines.push(kv(
        text::LABEL_SCOPES,
        text::scope_summary(state.selection.total(), categories, writes),
    ));
    for ci in state.selection.enabled_categories() {
        if state.selection.count(ci) == 0 {
            continue;
        }
        let cat = &state.catalog.categories[ci];
        lines.push(Line::from(Span::styled(
            format!(
                "   {} ({}/{})",
                cat.name,
                state.selection.count(ci),
                cat.len()
            ),
            theme.label(),
        )));
        for si in cat
            .range
            .clone()
            .filter(|&si| state.selection.is_selected(si))
        {
            let s = &state.catalog.scopes[si];
            let mut spans = vec![
                Span::raw("     "),
                Span::styled(
                    format!("{:<7}", s.method),
                    if s.is_write() {
                        theme.write()
                    } else {
                        theme.read()
                    },
                ),
                Span::raw(truncate(
                    &s.name,
                    width.saturating_sub(24),
                    theme.ellipsis(),
                )),
            ];
            if s.is_write() {
                spans.push(Span::styled(
                    format!("  {}", text::WRITE_FLAG),
                    theme.write(),
                ));
            }
            lines.push(Line::from(spans));
        }
    }
    lines
}
