//! The API page: the filters, the token list, a token's details, the
//! per-token menu and its questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::contract::Token;
use crate::model::tokens::{Group, date_part, group, state_label};
use crate::text;
use crate::tui::geometry::{truncate, wrap_words};
use crate::tui::hints;
use crate::tui::middle::cut_middle;
use crate::tui::state::{Ask, MenuItem, State};
use crate::tui::theme::Theme;

use super::marker;

/// Draws the page in the body area.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let page = &state.page;
    if let Some(t) = page.details.as_deref().and_then(|id| page.token(id)) {
        render_details(frame, area, state, t, theme);
    } else {
        super::page_list::render_list(frame, area, state, theme);
    }
    if let Some((id, cursor)) = &page.menu
        && let Some(t) = page.token(id)
    {
        render_menu(frame, area, t, *cursor, theme);
    }
    if let Some(ask) = &page.ask {
        render_ask(frame, area, state, ask, theme);
    }
    if let Some(n) = &page.notice {
        render_notice(frame, area, state, n, theme);
    }
}

/// After the secret screen: the done screen's words over the list.
fn render_notice(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    n: &crate::tui::state::Notice,
    theme: &Theme,
) {
    // The whole width at 80 columns, so each sentence stays on one line.
    const W: u16 = 80;
    let wrap = |s: &str, style| -> Vec<Line<'static>> {
        wrap_words(s, W as usize - 4)
            .into_iter()
            .map(|l| Line::from(Span::styled(format!(" {l}"), style)))
            .collect()
    };
    let head = if n.reset {
        text::token_was_reset(&n.name, &n.id)
    } else {
        text::done(&n.name, &n.id)
    };
    let mut lines = wrap(&format!("{} {head}", theme.check_glyph()), theme.ok());
    lines.extend(wrap(text::DONE_WIPED, theme.text()));
    if state.settings.sandbox {
        lines.extend(wrap(text::DONE_WIPED_SANDBOX, theme.text()));
    }
    lines.extend(wrap(text::DONE_WIPED_OUTSIDE, theme.dim()));
    lines.push(Line::default());
    lines.extend(wrap(text::HELP_CLOSE, theme.dim()));
    let title = if n.reset {
        text::MENU_RESET
    } else {
        text::PAGE_TITLE
    };
    super::overlay::dialog(frame, area, title, lines, W, theme);
}

fn render_details(frame: &mut Frame, area: Rect, state: &State, t: &Token, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(
            format!(" {} ", text::details_title(&t.name)),
            theme.accent(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let field = |label: &str, value: &str| {
        Line::from(vec![
            Span::styled(format!(" {label:<18}"), theme.label()),
            Span::raw(truncate(value, width.saturating_sub(20), theme.ellipsis())),
        ])
    };
    let none = |s: &str| {
        if s.is_empty() {
            text::DETAIL_NONE.to_string()
        } else {
            s.to_string()
        }
    };
    let mut lines = vec![
        field(text::DETAIL_ID, &text::inert(&t.id)),
        field(text::COL_STATE, state_label(t)),
        field(text::COL_VERSION, &t.api_version),
        field(text::COL_CREATED, date_part(&t.date_created)),
        field(text::COL_CONTACT, super::page_list::contact_of(state, t)),
        field(text::DETAIL_DESCRIPTION, &none(&t.description)),
        field(text::DETAIL_EMAILS, &none(&t.developer_emails.join(", "))),
    ];
    let groups = group(&state.catalog, t.scopes.iter().map(String::as_str));
    let writes = t
        .scopes
        .iter()
        .filter_map(|id| state.catalog.index_of(id))
        .filter(|&i| state.catalog.scope(i).is_write())
        .count();
    lines.push(Line::from(Span::styled(
        format!(" {}", text::detail_scopes(t.scopes.len(), writes)),
        theme.label(),
    )));
    lines.extend(scope_lines(state, &groups, width, theme));
    let scroll = state
        .page
        .details_scroll
        .min(lines.len().saturating_sub(inner.height as usize));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// Scopes by category, write access flagged as the review flags it.
fn scope_lines(state: &State, groups: &[Group], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for g in groups {
        out.push(Line::from(Span::styled(
            format!("   {} ({})", g.category, g.ids.len()),
            theme.label(),
        )));
        for id in &g.ids {
            let Some(i) = state.catalog.index_of(id) else {
                out.push(Line::from(format!("     {}", text::inert(id))));
                continue;
            };
            out.push(super::create::scope_line(
                state.catalog.scope(i),
                width,
                theme,
            ));
        }
    }
    out
}

fn menu_label(item: MenuItem, t: &Token) -> &'static str {
    match item {
        MenuItem::Duplicate => text::MENU_DUPLICATE,
        MenuItem::Reset => text::MENU_RESET,
        MenuItem::Upgrade => text::MENU_UPGRADE,
        MenuItem::Toggle if t.is_enabled() => text::MENU_DISABLE,
        MenuItem::Toggle => text::MENU_ENABLE,
        MenuItem::Delete => text::MENU_DELETE,
        MenuItem::Edit => text::MENU_EDIT,
        MenuItem::Rotate => text::MENU_ROTATE,
    }
}

fn render_menu(frame: &mut Frame, area: Rect, t: &Token, cursor: usize, theme: &Theme) {
    let lines: Vec<Line> = MenuItem::ALL
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let style = if i == cursor {
                theme.accent()
            } else {
                theme.text()
            };
            Line::from(vec![
                marker(i == cursor, theme),
                Span::raw(" "),
                Span::styled(menu_label(*item, t), style),
            ])
        })
        .collect();
    // The keys are in the footer.
    // The whole name is on the line above the list's foot.
    super::overlay::dialog(
        frame,
        area,
        &cut_middle(&text::inert(&t.name), 34, theme.ellipsis()),
        lines,
        40,
        theme,
    );
}

fn render_ask(frame: &mut Frame, area: Rect, state: &State, ask: &Ask, theme: &Theme) {
    const W: u16 = 70;
    let wrap = |s: &str| -> Vec<Line<'static>> {
        wrap_words(s, W as usize - 4)
            .into_iter()
            .map(|l| Line::from(format!(" {l}")))
            .collect()
    };
    let keys = Line::from(Span::styled(
        format!(" {}", hints::footer(state).trim()),
        theme.accent(),
    ));
    let name_of = |id: &str| {
        state
            .page
            .token(id)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    match ask {
        Ask::Reset { id, input } | Ask::Delete { id, input } => {
            let name = name_of(id);
            let (title, q) = match ask {
                Ask::Reset { .. } => (text::MENU_RESET, text::reset_ask(&name)),
                _ => (text::MENU_DELETE, text::delete_ask(&name)),
            };
            let mut lines = wrap(&q);
            lines.push(Line::default());
            lines.push(Line::from(format!(" {}", text::TYPE_NAME_TO_CONFIRM)));
            let field_row = lines.len();
            lines.push(Line::default());
            lines.push(Line::default());
            lines.push(keys);
            let rect = super::overlay::dialog(frame, area, title, lines, W, theme);
            let field = Rect {
                x: rect.x + 2,
                y: rect.y + 1 + field_row as u16,
                width: rect.width.saturating_sub(4),
                height: 1,
            };
            frame.render_widget(input, field);
        }
        Ask::LostReset { name, .. } => {
            let mut lines = wrap(&text::reset_lost(name));
            lines.push(Line::default());
            lines.extend(wrap(text::RESET_ASK_AGAIN));
            lines.push(Line::default());
            lines.push(keys);
            super::overlay::dialog(frame, area, text::RESET_LOST_TITLE, lines, W, theme);
        }
        Ask::Rotate { .. } | Ask::Rotated { .. } => {
            render_rotation_ask(frame, area, &name_of, ask, keys, theme);
        }
        Ask::Disable { id } | Ask::Enable { id } => {
            let (title, q) = match ask {
                Ask::Enable { .. } => (text::MENU_ENABLE, text::enable_ask(&name_of(id))),
                _ => (text::MENU_DISABLE, text::disable_ask(&name_of(id))),
            };
            let mut lines = wrap(&q);
            lines.push(Line::default());
            lines.push(keys);
            super::overlay::dialog(frame, area, title, lines, W, theme);
        }
        Ask::Upgrade(u) => {
            let from = state
                .page
                .token(&u.id)
                .map(|t| t.api_version.clone())
                .unwrap_or_default();
            let mut lines = wrap(&text::upgrade_ask(&name_of(&u.id), &from, u.version()));
            if u.versions.len() > 1 {
                lines.push(Line::from(Span::styled(
                    format!(" {}", text::UPGRADE_OTHER_VERSIONS),
                    theme.dim(),
                )));
            }
            lines.push(Line::default());
            lines.extend(upgrade_diff_lines(u, &wrap, theme));
            lines.push(Line::default());
            lines.push(keys);
            super::overlay::dialog(frame, area, text::MENU_UPGRADE, lines, W + 6, theme);
        }
    }
}

/// Upgrade's diff, or why there is none yet.
fn upgrade_diff_lines(
    u: &crate::tui::state::Upgrade,
    wrap: &dyn Fn(&str) -> Vec<Line<'static>>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match (&u.diff, &u.error) {
        (_, Some(e)) => lines.extend(wrap(e)),
        (None, None) => lines.push(Line::from(Span::styled(
            format!(" {}", text::UPGRADE_LOADING),
            theme.dim(),
        ))),
        (Some(d), None) => {
            let n = |g: &[Group]| g.iter().map(|g| g.ids.len()).sum::<usize>();
            if d.missing.is_empty() {
                lines.push(Line::from(format!(" {}", text::UPGRADE_SAME_SCOPES)));
            } else {
                lines.push(Line::from(Span::styled(
                    format!(" {}", text::upgrade_missing(n(&d.missing), u.version())),
                    theme.error(),
                )));
                lines.extend(diff_lines(&d.missing, '-', 6, theme));
            }
            if !d.new.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!(" {}", text::upgrade_new(n(&d.new), u.version())),
                    theme.ok(),
                )));
                lines.extend(diff_lines(&d.new, '+', 4, theme));
            }
        }
    }
    lines
}

/// Rotate's question and its result.
fn render_rotation_ask(
    frame: &mut Frame,
    area: Rect,
    name_of: &dyn Fn(&str) -> String,
    ask: &Ask,
    keys: Line<'static>,
    theme: &Theme,
) {
    const W: u16 = 76;
    let wrap = |s: &str, style| -> Vec<Line<'static>> {
        wrap_words(s, W as usize - 4)
            .into_iter()
            .map(|l| Line::from(Span::styled(format!(" {l}"), style)))
            .collect()
    };
    let (title, mut lines) = match ask {
        Ask::Rotate { id, plan } => {
            let retired = plan.retired_name.as_deref().unwrap_or_default();
            let q = text::rotate_ask(&name_of(id), &plan.new_name, retired);
            (text::MENU_ROTATE, wrap(&q, theme.text()))
        }
        Ask::Rotated { message, ok: true } => (text::ROTATE_DONE_TITLE, wrap(message, theme.ok())),
        Ask::Rotated { message, .. } => (text::ROTATE_STOPPED_TITLE, wrap(message, theme.error())),
        _ => return,
    };
    lines.push(Line::default());
    lines.push(keys);
    super::overlay::dialog(frame, area, title, lines, W, theme);
}

/// Up to `max` Ids of a diff, by category, so the question fits at 80×24.
fn diff_lines(groups: &[Group], sign: char, max: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let total: usize = groups.iter().map(|g| g.ids.len()).sum();
    for g in groups {
        for id in &g.ids {
            if out.len() == max {
                out.push(Line::from(Span::styled(
                    format!("   … {} more", total - max),
                    theme.dim(),
                )));
                return out;
            }
            out.push(Line::from(format!(
                "   {sign} {}: {}",
                truncate(&g.category, 24, theme.ellipsis()),
                truncate(id, 40, theme.ellipsis())
            )));
        }
    }
    out
}
