//! Duplicate and Edit in the wizard's frame: the breadcrumb and panel
//! titles that name them, and Edit's Update panel, whose review shows only
//! what the update changes: settings before and after, and the scopes
//! added and removed by category.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::tokens::Group;
use crate::model::validate::Field;
use crate::text;
use crate::tui::geometry::truncate;
use crate::tui::keymap::Context;
use crate::tui::keys::Action;
use crate::tui::state::{Changes, State, Step, SubmitState, WizardMode};
use crate::tui::theme::Theme;

/// The breadcrumb: the web page's, ending in "Edit NAME" or "Duplicate
/// NAME" in those modes.
pub fn breadcrumb(state: &State) -> Vec<String> {
    let mut crumbs: Vec<String> = state
        .settings
        .account_type
        .breadcrumb()
        .iter()
        .map(|s| s.to_string())
        .collect();
    // A reset's or a rotation's secret belongs to the token, not to Create.
    let of_token = match (state.reset_shown(), state.rotation_shown()) {
        (Some(name), _) => Some((text::RESET_CRUMB, name)),
        (None, Some(name)) => Some((text::ROTATE_CRUMB, name)),
        (None, None) => None,
    };
    if let Some((action, name)) = of_token {
        crumbs.pop();
        crumbs.push(action.to_string());
        crumbs.push(crate::text::inert(name));
        return crumbs;
    }
    let last = match &state.mode {
        WizardMode::Create => return crumbs,
        WizardMode::Duplicate { from_name } => text::duplicate_crumb(from_name),
        WizardMode::Edit { original } => text::edit_crumb(&original.name),
    };
    crumbs.pop();
    crumbs.push(last);
    crumbs
}

/// A panel's title: Edit's are the tabs of impact's Edit page, then Update.
pub fn step_title(state: &State, step: Step) -> &'static str {
    crate::tui::summary::panel_title(state, step)
}

/// Draws the Update panel: what changes, then the Update line.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [review, _, action] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let changes = state.changes().unwrap_or_default();
    let height = review.height as usize;
    let lines = review_lines(&changes, state, theme, review.width as usize);
    let scroll = state.review_scroll.min(lines.len().saturating_sub(height));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(shown), review);
    let line = match state.submit {
        SubmitState::Idle => {
            let keys = |actions| crate::tui::hints::keys(&state.keymap, Context::Wizard, actions);
            let hint =
                text::update_hint(&keys(&[Action::Enter]), &keys(&[Action::Up, Action::Down]));
            Line::from(vec![
                Span::styled(format!(" {} ", text::UPDATE_BUTTON), theme.badge()),
                Span::styled(format!("  {hint}"), theme.dim()),
            ])
        }
        _ => crate::tui::view::create::action_line(state, theme, action.width as usize),
    };
    frame.render_widget(Paragraph::new(line), action);
}

fn label(field: Field) -> &'static str {
    match field {
        Field::Name => text::LABEL_NAME,
        Field::Description => text::LABEL_DESCRIPTION,
        Field::ApiVersion => text::LABEL_VERSION,
        Field::PrimaryContactUserId => text::LABEL_CONTACT,
        Field::DeveloperEmails => text::LABEL_EMAILS,
        Field::Scopes => text::LABEL_SCOPES,
    }
}

/// Every row of the Update review (as many as [`Changes::rows`]).
pub fn review_lines(
    changes: &Changes,
    state: &State,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let kv = |k: &str, v: String, style: Style| {
        Line::from(vec![
            Span::styled(format!(" {k:<18}"), theme.label()),
            Span::styled(
                truncate(&v, width.saturating_sub(20), theme.ellipsis()),
                style,
            ),
        ])
    };
    let mut out: Vec<Line<'static>> = changes
        .fields
        .iter()
        .map(|c| {
            kv(
                label(c.field),
                text::changed(&text::inert(&c.before), &text::inert(&c.after)),
                theme.text(),
            )
        })
        .collect();
    if out.is_empty() {
        out.push(Line::from(Span::styled(
            format!(" {}", text::FIELDS_UNCHANGED),
            theme.dim(),
        )));
    }
    let (added, removed) = changes.scopes.counts();
    out.push(if added + removed == 0 {
        kv(
            text::LABEL_SCOPES,
            text::SCOPES_UNCHANGED.to_string(),
            theme.dim(),
        )
    } else {
        kv(
            text::LABEL_SCOPES,
            text::scopes_changed(added, removed),
            theme.text(),
        )
    });
    let mut groups = |groups: &[Group], sign: &str, style: Style| {
        for g in groups {
            out.push(Line::from(Span::styled(
                format!("   {sign} {} ({})", text::inert(&g.category), g.ids.len()),
                style,
            )));
            for id in &g.ids {
                let (row, write) = match state.catalog.index_of(id) {
                    Some(i) => {
                        let s = state.catalog.scope(i);
                        (format!("{:<7}{}", s.method, s.name), s.is_write())
                    }
                    None => (text::inert(id), false),
                };
                let room = width.saturating_sub(8 + if write { 8 } else { 0 });
                let mut spans = vec![
                    Span::styled(format!("     {sign} "), style),
                    Span::raw(truncate(&row, room, theme.ellipsis())),
                ];
                if write {
                    spans.push(Span::styled(
                        format!("  {}", text::WRITE_FLAG),
                        theme.write(),
                    ));
                }
                out.push(Line::from(spans));
            }
        }
    };
    groups(&changes.scopes.added, "+", theme.ok());
    groups(&changes.scopes.removed, "−", theme.error());
    out
}

/// Rows of the other change's review at most in the Changed meanwhile
/// question, so that it fits 80×24.
const MEANWHILE_ROWS: usize = 10;

/// The Changed meanwhile question: what the other change did, by setting
/// and scope, then whether to re-apply the edit on top; `width` columns.
pub fn meanwhile_lines(state: &State, theme: &Theme, keys: &str, width: u16) -> Vec<Line<'static>> {
    let inner = width.saturating_sub(4) as usize;
    let name = state.mode.original().map_or("", |t| t.name.as_str());
    let (theirs, conflicts) = state.meanwhile().unwrap_or_default();
    let mut out = wrapped(&text::meanwhile_head(name), inner, theme.text());
    let review = review_lines(&theirs, state, theme, inner);
    let more = review.len().saturating_sub(MEANWHILE_ROWS);
    out.extend(review.into_iter().take(MEANWHILE_ROWS));
    if more > 0 {
        out.push(Line::from(Span::styled(
            format!("   … {more} more"),
            theme.dim(),
        )));
    }
    out.push(Line::default());
    if !conflicts.is_empty() {
        out.extend(wrapped(
            &text::meanwhile_conflicts(conflicts.len()),
            inner,
            theme.warn(),
        ));
    }
    out.extend(wrapped(text::MEANWHILE_REAPPLY, inner, theme.text()));
    out.push(Line::default());
    out.push(Line::from(Span::styled(format!(" {keys}"), theme.accent())));
    out
}

/// The Both changed question: each setting both changed, theirs and mine.
pub fn keep_mine_lines(state: &State, theme: &Theme, keys: &str, width: u16) -> Vec<Line<'static>> {
    let inner = width.saturating_sub(4) as usize;
    let (_, conflicts) = state.meanwhile().unwrap_or_default();
    let mut out = wrapped(text::KEEP_MINE_QUESTION, inner, theme.text());
    out.push(Line::default());
    let shown = |field: Field, v: &str| match field {
        Field::PrimaryContactUserId => state.contact_label(v),
        _ if v.trim().is_empty() => "—".to_string(),
        _ => v.to_string(),
    };
    for c in &conflicts {
        let values = text::conflict_values(&shown(c.field, &c.theirs), &shown(c.field, &c.mine));
        out.push(Line::from(vec![
            Span::styled(format!(" {:<18}", label(c.field)), theme.label()),
            Span::styled(
                truncate(&values, inner.saturating_sub(19), theme.ellipsis()),
                theme.text(),
            ),
        ]));
    }
    out.push(Line::default());
    out.push(Line::from(Span::styled(format!(" {keys}"), theme.accent())));
    out
}

fn wrapped(s: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    crate::tui::geometry::wrap_words(s, width)
        .into_iter()
        .map(|l| Line::from(Span::styled(format!(" {l}"), style)))
        .collect()
}
