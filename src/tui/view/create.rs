//! Panel 4: the review of everything, then Create.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::text;
use crate::tui::geometry::truncate;
use crate::tui::state::{State, SubmitState, field_text};
use crate::tui::theme::Theme;

/// Draws the review and the Create line.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [review, spacer, action] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let height = review.height as usize;
    let total = review_len(state);
    let scroll = state.review_scroll.min(total.saturating_sub(height));
    let shown = review_lines(state, theme, review.width as usize, scroll, height);
    frame.render_widget(Paragraph::new(shown), review);
    match &state.export_input {
        Some(input) => {
            let what = if state.export_checklist {
                text::LABEL_CHECKLIST
            } else {
                text::LABEL_EXPORT
            };
            let label = crate::tui::view::label_line(what, true, None, area.width, theme);
            frame.render_widget(Paragraph::new(label), spacer);
            let field = Rect {
                x: action.x + 2,
                width: action.width.saturating_sub(4),
                ..action
            };
            frame.render_widget(input, field);
        }
        None => frame.render_widget(
            Paragraph::new(action_line(state, theme, action.width as usize)),
            action,
        ),
    }
}

pub(crate) fn action_line(state: &State, theme: &Theme, width: usize) -> Line<'static> {
    match &state.submit {
        SubmitState::Idle => Line::from(vec![
            Span::styled(format!(" {} ", text::CREATE_BUTTON), theme.badge()),
            Span::styled(
                format!(
                    "  {}",
                    text::create_hint(
                        &crate::tui::hints::keys(
                            &state.keymap,
                            crate::tui::keymap::Context::Wizard,
                            &[crate::tui::keys::Action::Enter],
                        ),
                        &crate::tui::hints::keys(
                            &state.keymap,
                            crate::tui::keymap::Context::Wizard,
                            &[crate::tui::keys::Action::Up, crate::tui::keys::Action::Down],
                        ),
                    )
                ),
                theme.dim(),
            ),
        ]),
        SubmitState::Running {
            started,
            status,
            wait_until,
        } => {
            // The status may be long (a server's message); it gives way so
            // the time, the countdown and how to cancel always show.
            let mut tail = format!(" {:.1}s", started.elapsed().as_secs_f32());
            if let Some(until) = wait_until {
                let left = until.saturating_duration_since(std::time::Instant::now());
                tail.push_str(&text::countdown(
                    left.as_secs() + u64::from(left.subsec_nanos() > 0),
                ));
            }
            tail.push_str(&text::cancels(&crate::tui::hints::keys(
                &state.keymap,
                crate::tui::keymap::Context::Wizard,
                &[crate::tui::keys::Action::Cancel],
            )));
            let room =
                width.saturating_sub(3 + unicode_width::UnicodeWidthStr::width(tail.as_str()));
            let s = format!(
                " {} {}{tail}",
                theme.spinner(state.spinner),
                truncate(status, room, theme.ellipsis())
            );
            Line::from(Span::styled(s, theme.accent()))
        }
        SubmitState::Cancelling => {
            Line::from(Span::styled(format!(" {}", text::CANCELLING), theme.warn()))
        }
    }
}

/// Rows in the review (see [`State::review_len`]).
pub fn review_len(state: &State) -> usize {
    state.review_len()
}

/// The review rows `skip..skip + take`: everything that will be sent, scopes
/// grouped by category, write access flagged. Only the rows asked for are
/// built, so a review of 100,000 scopes costs what a screenful does.
pub fn review_lines(
    state: &State,
    theme: &Theme,
    width: usize,
    skip: usize,
    take: usize,
) -> Vec<Line<'static>> {
    let kv = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!(" {k:<18}"), theme.label()),
            Span::raw(truncate(&v, width.saturating_sub(20), theme.ellipsis())),
        ])
    };
    let or_dash = |s: String| if s.is_empty() { "—".to_string() } else { s };
    let sel = &state.selection;
    let mut lines = vec![kv(
        text::LABEL_NAME,
        field_text(&state.setup.name).trim().to_string(),
    )];
    if state.name_taken() {
        lines.push(Line::from(Span::styled(
            format!(" {} {}", theme.warn_glyph(), text::NAME_EXISTS_WARNING),
            theme.warn(),
        )));
    }
    lines.push(kv(
        text::LABEL_DESCRIPTION,
        or_dash(field_text(&state.setup.description).trim().to_string()),
    ));
    let v = state.api_version();
    lines.push(kv(
        text::LABEL_VERSION,
        if state.setup.version == 0 {
            text::version_latest(v)
        } else {
            v.to_string()
        },
    ));
    let contact = state
        .chosen_contact()
        .map(|c| format!("{} ({})", c.name, c.user_id))
        .unwrap_or_default();
    lines.push(kv(text::LABEL_CONTACT, contact));
    lines.push(kv(
        text::LABEL_EMAILS,
        or_dash(state.contact.emails.join(", ")),
    ));
    let writes = sel
        .selected_indices()
        .filter(|&i| state.catalog.scope(i).is_write())
        .count();
    let categories = sel
        .enabled_categories()
        .filter(|&c| sel.count(c) > 0)
        .count();
    lines.push(kv(
        text::LABEL_SCOPES,
        text::scope_summary(sel.total(), categories, writes),
    ));
    let mut out: Vec<Line<'static>> = lines.into_iter().skip(skip).take(take).collect();
    // Rows before the window still to pass over, counted in the scope part.
    let mut to_skip = skip.saturating_sub(state.review_header_len());
    for ci in sel.enabled_categories().filter(|&c| sel.count(c) > 0) {
        if out.len() >= take {
            break;
        }
        let block = 1 + sel.count(ci);
        if to_skip >= block {
            to_skip -= block;
            continue;
        }
        let cat = &state.catalog.categories[ci];
        if to_skip == 0 {
            out.push(Line::from(Span::styled(
                format!("   {} ({}/{})", cat.name, sel.count(ci), cat.len()),
                theme.label(),
            )));
        } else {
            to_skip -= 1;
        }
        for si in cat
            .range
            .clone()
            .filter(|&si| sel.is_selected(si))
            .skip(to_skip)
        {
            if out.len() >= take {
                break;
            }
            out.push(scope_line(state.catalog.scope(si), width, theme));
        }
        to_skip = 0;
    }
    out
}

/// One scope of a review: its method (write access in the write colour and
/// flagged) and its name, shortened to `width`.
pub(crate) fn scope_line(
    s: crate::model::catalog::Scope<'_>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let method_style = if s.is_write() {
        theme.write()
    } else {
        theme.read()
    };
    let mut spans = vec![
        Span::raw("     "),
        Span::styled(format!("{:<7}", s.method), method_style),
        Span::raw(truncate(s.name, width.saturating_sub(24), theme.ellipsis())),
    ];
    if s.is_write() {
        spans.push(Span::styled(
            format!("  {}", text::WRITE_FLAG),
            theme.write(),
        ));
    }
    Line::from(spans)
}
