//! Overlays: the key list and yes/no questions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::text;
use crate::tui::geometry::centered;
use crate::tui::state::{Modal, Screen, State};
use crate::tui::theme::Theme;

/// Draws a modal over the screen.
pub fn render(frame: &mut Frame, area: Rect, modal: &Modal, state: &State, theme: &Theme) {
    let yes_no = crate::tui::hints::yes_no(&state.keymap, modal);
    let (title, lines, w) = match modal {
        Modal::Help => {
            let rows = crate::tui::hints::help_rows_for(state);
            let width = rows
                .iter()
                .map(|(k, _)| k.chars().count())
                .max()
                .unwrap_or(0);
            let rebind = if state.keymap.rebound() {
                text::KEYS_REBOUND
            } else {
                text::KEYS_REBIND
            };
            let lines: Vec<Line> = rows
                .into_iter()
                .map(|(k, what)| {
                    Line::from(vec![
                        Span::styled(format!(" {k:<width$} "), theme.accent()),
                        Span::raw(what),
                    ])
                })
                .chain([
                    Line::from(Span::styled(format!(" {rebind}"), theme.dim())),
                    Line::from(Span::styled(format!(" {}", text::HELP_CLOSE), theme.dim())),
                ])
                .collect();
            (text::HELP_TITLE, lines, 80)
        }
        Modal::ConfirmQuit => {
            let rotating = state.rotation_shown().map(text::confirm_quit_rotation);
            let q = if let Some(q) = rotating.as_deref() {
                q
            } else if matches!(state.screen, Screen::Secret(_)) {
                text::CONFIRM_QUIT_SECRET
            } else if state.draft_kept() {
                text::CONFIRM_QUIT_KEPT
            } else {
                text::CONFIRM_QUIT
            };
            (text::CONFIRM_TITLE, question(q, &yes_no, theme, 56), 56)
        }
        Modal::ConfirmReplacePreset => {
            let name = crate::tui::state::field_text(&state.preset_input).trim();
            (
                text::CONFIRM_TITLE,
                question(&text::confirm_replace_preset(name), &yes_no, theme, 56),
                56,
            )
        }
        Modal::ConfirmClearAll => (
            text::CONFIRM_TITLE,
            question(
                &text::confirm_clear(state.selection.total()),
                &yes_no,
                theme,
                56,
            ),
            56,
        ),
        Modal::ConfirmUpdate => {
            let changes = state.changes().unwrap_or_default();
            let (added, removed) = changes.scopes.counts();
            let name = crate::tui::state::field_text(&state.setup.name).trim();
            let q = text::confirm_update(name, changes.fields.len(), added, removed);
            (text::CONFIRM_TITLE, question(&q, &yes_no, theme, 64), 64)
        }
        Modal::ChangedMeanwhile => (
            text::MEANWHILE_TITLE,
            crate::tui::view::edit::meanwhile_lines(state, theme, &yes_no, 76),
            76,
        ),
        Modal::KeepMine => (
            text::KEEP_MINE_TITLE,
            crate::tui::view::edit::keep_mine_lines(state, theme, &yes_no, 76),
            76,
        ),
        Modal::ConfirmLeaveSecret => (
            text::CONFIRM_TITLE,
            question(text::CONFIRM_LEAVE_SECRET, &yes_no, theme, 56),
            56,
        ),
        Modal::ConfirmResume => {
            let q = match &state.pending_draft {
                Some(d) => text::resume_question(
                    &text::ago(d.saved_at),
                    &crate::tui::summary::draft_summary(d),
                ),
                None => String::new(),
            };
            (text::DRAFT_TITLE, question(&q, &yes_no, theme, 70), 70)
        }
        Modal::ConfirmDiscardDraft => {
            let q = match &state.pending_draft {
                Some(d) => text::discard_question(
                    &text::ago(d.saved_at),
                    &crate::tui::summary::draft_summary(d),
                ),
                None => String::new(),
            };
            (text::DRAFT_TITLE, question(&q, &yes_no, theme, 70), 70)
        }
        Modal::ConfirmWriteProfile => {
            let q = match crate::store::config::config_path() {
                Ok(p) => text::confirm_write_profile(&p),
                Err(e) => e,
            };
            (text::CONFIRM_TITLE, question(&q, &yes_no, theme, 70), 70)
        }
        Modal::Presets(cursor) => {
            let mut lines: Vec<Line> = state
                .presets
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let fit = crate::tui::geometry::fit;
                    Line::from(vec![
                        crate::tui::view::marker(i == *cursor, theme),
                        Span::styled(
                            format!(" {} ", fit(&p.name, 32, theme.ellipsis())),
                            theme.label(),
                        ),
                        Span::styled(fit(&p.about, 40, theme.ellipsis()), theme.dim()),
                    ])
                })
                .collect();
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(" {}", crate::tui::hints::presets_keys(&state.keymap)),
                theme.dim(),
            )));
            (text::PRESETS_TITLE, lines, 78)
        }
        Modal::ConfirmPreset(i) => {
            let preset = &state.presets[*i];
            let d = crate::model::preset::diff(&preset.rule, &state.catalog, &state.selection);
            let q = text::preset_question(&preset.name, d.added.len(), d.removed.len());
            let mut lines: Vec<Line> = crate::tui::geometry::wrap_words(&q, 74)
                .into_iter()
                .map(|l| Line::from(format!(" {l}")))
                .collect();
            lines.push(Line::default());
            // Up to 8 lines of the change, so the question fits at 80×24.
            let shown = d
                .added
                .iter()
                .map(|&s| ('+', s))
                .chain(d.removed.iter().map(|&s| ('-', s)));
            let total = d.added.len() + d.removed.len();
            for (sign, si) in shown.take(8) {
                let scope = state.catalog.scope(si);
                let style = if sign == '+' {
                    theme.ok()
                } else {
                    theme.error()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!(" {sign} "), style),
                    Span::styled(
                        format!("{:<7}", scope.method),
                        if scope.is_write() {
                            theme.write()
                        } else {
                            theme.read()
                        },
                    ),
                    Span::raw(crate::tui::geometry::truncate(
                        scope.name,
                        60,
                        theme.ellipsis(),
                    )),
                ]));
            }
            if total > 8 {
                lines.push(Line::from(Span::styled(
                    format!("   … {} more", total - 8),
                    theme.dim(),
                )));
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(" {yes_no}"),
                theme.accent(),
            )));
            (text::CONFIRM_TITLE, lines, 78)
        }
        Modal::SavePreset => {
            let lines = vec![
                Line::default(),
                Line::default(),
                Line::from(Span::styled(
                    format!(" {}", crate::tui::hints::preset_name_keys(&state.keymap)),
                    theme.dim(),
                )),
            ];
            (text::SAVE_PRESET_TITLE, lines, 60)
        }
        Modal::LogPath => {
            let lines = vec![
                Line::default(),
                Line::default(),
                Line::from(Span::styled(
                    format!(" {}", crate::tui::hints::log_path_keys(&state.keymap)),
                    theme.dim(),
                )),
            ];
            (text::FROM_LOG_TITLE, lines, 70)
        }
    };
    let rect = dialog(frame, area, title, lines, w, theme);
    if matches!(modal, Modal::SavePreset | Modal::LogPath) {
        let field = Rect {
            x: rect.x + 2,
            y: rect.y + 2,
            width: rect.width.saturating_sub(4),
            height: 1,
        };
        let input = if *modal == Modal::LogPath {
            &state.log_input
        } else {
            &state.preset_input
        };
        frame.render_widget(input, field);
    }
}

/// A question pre-wrapped to the dialog's width (minus borders and margin),
/// so the dialog is tall enough for its answer line.
fn question(q: &str, yes_no: &str, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> =
        crate::tui::geometry::wrap_words(q, width.saturating_sub(4) as usize)
            .into_iter()
            .map(|l| Line::from(format!(" {l}")))
            .collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!(" {yes_no}"),
        theme.accent(),
    )));
    lines
}

/// A bordered box in the middle of `area`; returns where it went.
pub(super) fn dialog(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    w: u16,
    theme: &Theme,
) -> Rect {
    let h = lines.len() as u16 + 2;
    let rect = centered(area, w.min(area.width), h.min(area.height));
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
    rect
}
