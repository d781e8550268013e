//! Views: plain functions from `&State` to a frame. They never change state.

pub mod contact;
pub mod create;
pub mod edit;
pub mod first_run;
/// Geometry lives in [`crate::tui::geometry`]; the old path still works.
pub use crate::tui::geometry as layout;
pub mod overlay;
pub mod page;
mod page_list;
pub mod scopes;
pub mod secret;
pub mod setup;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::model::account::short_sid;
use crate::text;
use crate::tui::geometry;
use crate::tui::state::{Connection, Level, Screen, State, Step};
use crate::tui::summary;
use crate::tui::theme::Theme;
use unicode_width::UnicodeWidthStr;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, state: &State) {
    render_as(frame, state, false);
}

/// Draws the whole screen with a decoy in place of the secret: each of its
/// characters another of the same width, so the layout is the same and
/// every cell of the secret differs (see [`secret::blanked`]).
pub fn render_decoy(frame: &mut Frame, state: &State) {
    render_as(frame, state, true);
}

fn render_as(frame: &mut Frame, state: &State, decoy: bool) {
    let area = frame.area();
    let theme = state.theme();
    if !geometry::fits((area.width, area.height)) {
        let msg = text::too_small(area.width, area.height, geometry::MIN_SIZE);
        frame.render_widget(
            Paragraph::new(msg)
                .style(theme.warn())
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(frame, header, state, &theme);
    match &state.screen {
        Screen::Welcome => first_run::render_welcome(frame, body, &theme),
        Screen::PickProfile => first_run::render_picker(frame, body, state, &theme),
        Screen::ProfileSetup => first_run::render_profile(frame, body, state, &theme),
        Screen::Credentials => secret::render_credentials(frame, body, state, &theme),
        Screen::Wizard => render_panels(frame, body, state, &theme),
        Screen::Tokens => page::render(frame, body, state, &theme),
        Screen::Secret(created) => secret::render_secret(
            frame,
            body,
            created,
            match (state.reset_shown(), state.rotation_shown()) {
                (Some(_), _) => text::SECRET_TITLE_RESET,
                (None, Some(_)) => text::SECRET_TITLE_ROTATED,
                (None, None) => text::SECRET_TITLE,
            },
            decoy,
            &state.keymap,
            &theme,
        ),
        Screen::Done { name, id } => secret::render_done(
            frame,
            body,
            name,
            id,
            state.settings.sandbox,
            &state.keymap,
            &theme,
        ),
    }
    render_status(frame, status, state, &theme);
    frame.render_widget(
        Paragraph::new(crate::tui::hints::footer_in(state, footer.width as usize))
            .style(theme.dim()),
        footer,
    );
    if let Some(modal) = &state.modal {
        overlay::render(frame, area, modal, state, &theme);
    }
    if theme.ascii {
        asciify(frame.buffer_mut());
    }
}

/// With `--ascii` (or a non-UTF-8 locale) every cell must be ASCII: the
/// theme already picks ASCII glyphs, and this pass catches the rest
/// (separators in text, and non-ASCII data, shown as `?`).
fn asciify(buf: &mut ratatui::buffer::Buffer) {
    for cell in buf.content.iter_mut() {
        let sym = cell.symbol();
        if sym.is_ascii() {
            continue;
        }
        let replacement = match sym {
            "·" => "-",
            "…" => "~",
            "←" => "<",
            "→" | "›" | "▸" => ">",
            "↑" => "^",
            "↓" | "▾" => "v",
            "•" => "*",
            "⚠" => "!",
            "✓" => "+",
            "×" => "x",
            "—" | "─" => "-",
            "│" => "|",
            "╭" | "╮" | "╰" | "╯" | "┌" | "┐" | "└" | "┘" => "+",
            "" => " ",
            _ => "?",
        };
        cell.set_symbol(replacement);
    }
}

fn render_header(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [top, crumb] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    let company = match &state.connection {
        _ if matches!(state.screen, Screen::Welcome | Screen::ProfileSetup) => {
            text::FIRST_RUN_HEADER.to_string()
        }
        _ if matches!(state.screen, Screen::PickProfile) => text::PICKER_HEADER.to_string(),
        _ if matches!(state.screen, Screen::Credentials) => text::CREDENTIALS_HEADER.to_string(),
        Connection::Connecting => text::CONNECTING.to_string(),
        Connection::Connected { company } => company.clone(),
        Connection::Failed(_) => text::NOT_CONNECTED_HEADER.to_string(),
    };
    let sid = state
        .account_sid
        .as_deref()
        .map(short_sid)
        .unwrap_or_else(|| "-".into());
    let kind = state.settings.account_type.as_str().to_uppercase();
    let version = text::api_version_label(state.api_version());
    let badge = if state.settings.sandbox {
        format!(" {}", text::SANDBOX_BADGE)
    } else {
        String::new()
    };
    // The company name gives way (with an ellipsis) so the rest, the
    // SANDBOX badge above all, is never cut.
    let fixed: usize = [
        " impact-token ",
        kind.as_str(),
        " · ",
        " · ",
        sid.as_str(),
        " · ",
        version.as_str(),
        badge.as_str(),
    ]
    .iter()
    .map(|s| s.width())
    .sum();
    let room = (top.width as usize).saturating_sub(fixed).min(28);
    let mut spans = vec![
        Span::styled(" impact-token ", theme.accent()),
        Span::styled(kind, theme.label()),
        Span::raw(" · "),
        Span::raw(geometry::truncate(&company, room, theme.ellipsis())),
        Span::raw(" · "),
        Span::styled(sid, theme.dim()),
        Span::raw(" · "),
        Span::raw(version),
    ];
    if state.settings.sandbox {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(text::SANDBOX_BADGE, theme.badge()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), top);
    let all = edit::breadcrumb(state);
    // The API page is the page before Create Access Token.
    let shown = match state.screen {
        Screen::Tokens => &all[..all.len().saturating_sub(1)],
        _ => &all[..],
    };
    let crumbs = fit_crumbs(shown, crumb.width as usize, theme);
    frame.render_widget(
        Paragraph::new(format!(" {crumbs}")).style(theme.dim()),
        crumb,
    );
}

/// The breadcrumb in `width` columns (after its leading space): whole, or
/// shortened from the left, an ellipsis standing for the crumbs dropped, so
/// the page the user is on is read whole and no word is cut.
fn fit_crumbs(crumbs: &[String], width: usize, theme: &Theme) -> String {
    let room = width.saturating_sub(1);
    let sep = theme.sep_glyph();
    let all = crumbs.join(sep);
    if all.width() <= room {
        return all;
    }
    for first in 1..crumbs.len() {
        let tail = format!("{}{sep}{}", theme.ellipsis(), crumbs[first..].join(sep));
        if tail.width() <= room {
            return tail;
        }
    }
    // Even the last crumb alone is too long: its end is kept.
    let last = crumbs.last().map(String::as_str).unwrap_or("");
    let ellipsis = theme.ellipsis();
    let mut kept: Vec<char> = Vec::new();
    for c in last.chars().rev() {
        let candidate: String = std::iter::once(c)
            .chain(kept.iter().rev().copied())
            .collect();
        if candidate.width() + ellipsis.width() > room {
            break;
        }
        kept.push(c);
    }
    let tail: String = kept.iter().rev().collect();
    format!("{ellipsis}{tail}")
}

/// `s` in `width` columns: whole, or cut at the last space that leaves room
/// for the ellipsis, so no word is shown cut (one longer than the line, such
/// as a path, is cut where it must be).
fn fit_words(s: &str, width: usize, ellipsis: &str) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let head = geometry::truncate(s, width.saturating_sub(ellipsis.width()), "");
    let at_word = match s[head.len()..].starts_with(' ') {
        true => head.as_str(),
        false => head.rfind(' ').map_or(head.as_str(), |i| &head[..i]),
    };
    let kept = at_word.trim_end_matches([' ', ',', ';', ':', '-', '(']);
    let kept = if kept.trim().is_empty() {
        head.as_str()
    } else {
        kept
    };
    format!("{kept}{ellipsis}")
}

fn render_status(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some((level, msg)) = &state.status else {
        return;
    };
    let style = match level {
        Level::Info => theme.text(),
        Level::Warn => theme.warn(),
        Level::Error => theme.error(),
    };
    let line = fit_words(&format!(" {msg}"), area.width as usize, theme.ellipsis());
    frame.render_widget(Paragraph::new(line).style(style), area);
}

fn render_panels(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let constraints = Step::ALL.map(|s| {
        if s == state.step {
            Constraint::Fill(1)
        } else {
            Constraint::Length(1)
        }
    });
    let areas = Layout::vertical(constraints).split(area);
    for (i, step) in Step::ALL.into_iter().enumerate() {
        let a = areas[i];
        if step != state.step {
            frame.render_widget(
                Paragraph::new(collapsed_line(state, step, theme, a.width)),
                a,
            );
            continue;
        }
        let title = Line::from(vec![Span::styled(
            format!(" {} {} ", i + 1, edit::step_title(state, step)),
            theme.accent(),
        )]);
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_set(theme.border())
            .title(title);
        if let Some(right) = panel_badge(state, step) {
            block = block.title_top(Line::from(format!(" {right} ")).right_aligned());
        }
        let inner = block.inner(a);
        frame.render_widget(block, a);
        match step {
            Step::Setup => setup::render(frame, inner, state, theme),
            Step::Contact => contact::render(frame, inner, state, theme),
            Step::Scopes => scopes::render(frame, inner, state, theme),
            Step::Create if state.mode.original().is_some() => {
                edit::render(frame, inner, state, theme)
            }
            Step::Create => create::render(frame, inner, state, theme),
        }
    }
}

fn panel_badge(state: &State, step: Step) -> Option<String> {
    match step {
        Step::Scopes => Some(match &state.search.matches {
            Some(m) => text::search_badge(m.total, state.selection.total()),
            None => summary::scopes_badge(state.selection.total(), &state.catalog.source),
        }),
        _ => None,
    }
}

fn collapsed_line(state: &State, step: Step, theme: &Theme, width: u16) -> Line<'static> {
    let done = state.step_done(step);
    let mark = if done { theme.check_glyph() } else { " " };
    let title = format!(
        " {mark} {} {}",
        step.index() + 1,
        edit::step_title(state, step)
    );
    let summary = if state.visited[step.index()] || done {
        summary::step_summary(state, step)
    } else {
        String::new()
    };
    let room = (width as usize).saturating_sub(title.chars().count() + 3);
    let mut spans = vec![Span::styled(
        title,
        if done { theme.ok() } else { theme.dim() },
    )];
    if !summary.is_empty() {
        spans.push(Span::styled(" · ", theme.dim()));
        spans.push(Span::raw(geometry::truncate(
            &summary,
            room,
            theme.ellipsis(),
        )));
    }
    Line::from(spans)
}

/// The focus marker: a coloured glyph on the focused row, a plain space
/// elsewhere, so moving focus rewrites as few cells (and bytes) as possible.
pub(crate) fn marker(focused: bool, theme: &Theme) -> Span<'static> {
    if focused {
        Span::styled(theme.cursor_glyph(), theme.accent())
    } else {
        Span::raw(" ")
    }
}

/// A label line with the focus marker.
pub(crate) fn label_line(
    label: &str,
    focused: bool,
    right: Option<String>,
    width: u16,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = vec![
        marker(focused, theme),
        Span::raw(" "),
        Span::styled(
            label.to_string(),
            if focused {
                theme.accent()
            } else {
                theme.label()
            },
        ),
    ];
    if let Some(r) = right {
        let used = 2 + unicode_width::UnicodeWidthStr::width(label);
        let pad = (width as usize).saturating_sub(used + r.len() + 1);
        spans.push(Span::raw(" ".repeat(pad)));
        spans.push(Span::styled(r, theme.dim()));
    }
    Line::from(spans)
}

/// The error under a field, if any.
pub(crate) fn error_line(
    state: &State,
    field: crate::model::validate::Field,
    theme: &Theme,
) -> Line<'static> {
    match state.field_errors.get(&field) {
        Some(e) => Line::from(Span::styled(
            format!("  {} {e}", theme.warn_glyph()),
            theme.error(),
        )),
        None => Line::default(),
    }
}
