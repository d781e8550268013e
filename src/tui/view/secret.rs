//! Screens outside the four panels: the credentials prompt, the one-time
//! secret, and the "done" screen after the secret is wiped.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use crate::text;
use crate::tui::state::{Created, Screen, State};
use crate::tui::theme::Theme;
use crate::tui::view::label_line;

/// The masked credentials prompt.
pub fn render_credentials(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(text::CREDENTIALS_TITLE);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The intro wraps at words (its end says how to skip this screen);
    // the fields move down by its extra lines.
    let intro: Vec<Line> = crate::tui::geometry::wrap_words(
        text::CREDENTIALS_INTRO.trim(),
        inner.width.saturating_sub(1) as usize,
    )
    .into_iter()
    .map(|l| Line::from(format!(" {l}")))
    .collect();
    let extra = intro.len().saturating_sub(1) as u16;
    let [intro_area, fields] =
        Layout::vertical([Constraint::Length(1 + extra), Constraint::Fill(1)]).areas(inner);
    let rows = Layout::vertical([Constraint::Length(1); 7]).split(Rect {
        y: fields.y.saturating_sub(1),
        height: fields.height + 1,
        ..fields
    });
    let f = &state.credentials;
    frame.render_widget(Paragraph::new(intro).style(theme.dim()), intro_area);
    frame.render_widget(
        Paragraph::new(label_line(
            text::LABEL_SID,
            !f.on_token,
            None,
            inner.width,
            theme,
        )),
        rows[2],
    );
    frame.render_widget(
        &f.sid,
        Rect {
            x: rows[3].x + 2,
            width: rows[3].width.saturating_sub(4),
            ..rows[3]
        },
    );
    frame.render_widget(
        Paragraph::new(label_line(
            text::LABEL_TOKEN,
            f.on_token,
            None,
            inner.width,
            theme,
        )),
        rows[4],
    );
    frame.render_widget(
        &f.token,
        Rect {
            x: rows[5].x + 2,
            width: rows[5].width.saturating_sub(4),
            ..rows[5]
        },
    );
}

/// The new token's credentials, shown once; with `decoy`, the secret's
/// characters are replaced (see [`super::render_decoy`]). `title`: what
/// made the secret (a create, a reset, a rotation).
#[allow(clippy::too_many_arguments)]
pub fn render_secret(
    frame: &mut Frame,
    area: Rect,
    created: &Created,
    title: &str,
    decoy: bool,
    keymap: &crate::tui::keymap::Keymap,
    theme: &Theme,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_set(theme.border())
        .title(Span::styled(format!(" {title} "), theme.ok()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The secret as shown: one copy, wiped after the frame; its line borrows
    // it rather than taking another.
    let shown_secret = created
        .auth_token
        .as_ref()
        .map(|s| Zeroizing::new(text::inert(s.expose_secret())))
        .map(|s| {
            if decoy {
                Zeroizing::new(decoy_of(&s))
            } else {
                s
            }
        });
    let kv = |k: &str, v: &str, style| {
        Line::from(vec![
            Span::styled(format!(" {k:<14}"), theme.label()),
            Span::styled(v.to_string(), style),
        ])
    };
    let mut lines = vec![
        Line::from(Span::styled(
            format!(" {} {}", theme.warn_glyph(), text::SECRET_WARNING),
            theme.warn(),
        )),
        Line::from(Span::styled(
            format!("   {}", text::SECRET_ADVICE),
            theme.dim(),
        )),
        Line::default(),
        kv(
            text::LABEL_NAME,
            &text::inert(&created.token.name),
            theme.text(),
        ),
        kv(
            text::LABEL_TOKEN_ID,
            &text::inert(&created.token.id),
            theme.text(),
        ),
        kv(
            text::LABEL_SID,
            &text::inert(&created.account_sid),
            theme.accent(),
        ),
    ];
    if let Some(secret) = &shown_secret {
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<14}", text::LABEL_TOKEN), theme.label()),
            Span::styled(secret.as_str(), theme.accent()),
        ]));
    }
    lines.push(Line::default());
    if let Some(note) = &created.copy_note {
        // Wrapped here, not by the paragraph, so every line keeps the indent.
        let width = inner.width.saturating_sub(1) as usize;
        for l in crate::tui::geometry::wrap_words(note, width) {
            lines.push(Line::from(Span::styled(format!(" {l}"), theme.ok())));
        }
    }
    lines.push(Line::from(Span::styled(
        format!(" {}", crate::tui::hints::secret_keys(keymap)),
        theme.dim(),
    )));
    if let Some(probe) = &created.probe {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!(" {}", text::PROBE_TITLE),
            theme.label(),
        )));
        if probe.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("   {}", text::PROBING),
                theme.dim(),
            )));
        }
        if !probe.is_empty() && !probe.iter().any(|p| p.expected_allowed) {
            lines.push(Line::from(Span::styled(
                format!("   {}", text::PROBE_NO_ALLOWED_GET),
                theme.dim(),
            )));
        }
        // The verdicts of `verify`'s engine.
        let results: Vec<_> = probe
            .iter()
            .map(|p| (p.expected_allowed, &p.result))
            .collect();
        for (p, v) in probe
            .iter()
            .zip(crate::model::verify::judge_results(&results))
        {
            let (verdict, ok) = (v.describe(), v.ok());
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "   GET {:<40} ",
                    crate::tui::geometry::truncate(&p.path, 40, theme.ellipsis())
                )),
                Span::styled(verdict, if ok { theme.ok() } else { theme.error() }),
            ]));
        }
    }
    let text_rows = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some(input) = &created.save_input {
        let row = inner.y + text_rows + 1;
        if row + 1 < inner.y + inner.height {
            let label = Rect {
                y: row,
                height: 1,
                ..inner
            };
            frame.render_widget(
                Paragraph::new(label_line(
                    text::LABEL_SAVE_TO,
                    true,
                    None,
                    inner.width,
                    theme,
                )),
                label,
            );
            let field = Rect {
                x: inner.x + 2,
                y: row + 1,
                width: inner.width.saturating_sub(4),
                height: 1,
            };
            frame.render_widget(input, field);
        }
    }
}

/// Each character of `secret` replaced by another of the same width (a
/// space stays a space), so the text wraps the same and no cell matches.
fn decoy_of(secret: &str) -> String {
    use unicode_width::UnicodeWidthChar;
    secret
        .chars()
        .map(|c| match (c.is_whitespace(), c.width().unwrap_or(0)) {
            (true, _) | (_, 0) => c,
            (_, 2) if c == '\u{FF03}' => '\u{FF05}',
            (_, 2) => '\u{FF03}',
            _ if c == '#' => '%',
            _ => '#',
        })
        .collect()
}

/// Whether the one-time secret is on the secret screen (drawn, when the
/// terminal is large enough).
pub fn shows_secret(state: &State) -> bool {
    matches!(&state.screen, Screen::Secret(c) if c.auth_token.is_some())
}

/// A frame as drawn, with the secret's cells blank.
pub struct Blanked {
    /// The frame: every cell as drawn, the secret's as spaces in their style.
    pub frame: Buffer,
    /// Where the secret's cells are.
    pub cells: Vec<Position>,
}

/// The frame `drawn` (just drawn from `state`) with the secret's cells as
/// spaces, or `None` when it shows no secret. The cells are found by
/// drawing the frame again with a decoy in the secret's place, off screen:
/// exactly the secret's visible cells differ (a dialog over part of it
/// hides the rest).
pub fn blanked(state: &State, drawn: &Buffer) -> Option<Blanked> {
    if !shows_secret(state) {
        return None;
    }
    let area = drawn.area;
    let backend = ratatui::backend::TestBackend::new(area.width, area.height);
    let mut off = ratatui::Terminal::new(backend).ok()?;
    let mut frame = off
        .draw(|f| super::render_decoy(f, state))
        .ok()?
        .buffer
        .clone();
    if frame.area != area {
        return None;
    }
    let differ: Vec<usize> = (0..drawn.content.len())
        .filter(|&i| drawn.content[i].symbol() != frame.content[i].symbol())
        .collect();
    let mut cells = Vec::with_capacity(differ.len());
    for i in differ {
        frame.content[i].set_symbol(" ");
        let (x, y) = frame.pos_of(i);
        cells.push(Position { x, y });
    }
    (!cells.is_empty()).then_some(Blanked { frame, cells })
}

/// After the secret was wiped; `sandbox` adds that the in-process sandbox,
/// being the server, still holds the token.
pub fn render_done(
    frame: &mut Frame,
    area: Rect,
    name: &str,
    id: &str,
    sandbox: bool,
    keymap: &crate::tui::keymap::Keymap,
    theme: &Theme,
) {
    let mut lines = vec![
        Line::default(),
        Line::from(Span::styled(
            format!(" {} {}", theme.check_glyph(), text::done(name, id)),
            theme.ok(),
        )),
        Line::from(format!("   {}", text::DONE_WIPED)),
    ];
    if sandbox {
        lines.push(Line::from(format!("   {}", text::DONE_WIPED_SANDBOX)));
    }
    lines.extend([
        Line::from(Span::styled(
            format!("   {}", text::DONE_WIPED_OUTSIDE),
            theme.dim(),
        )),
        Line::default(),
        Line::from(Span::styled(
            format!("   {}", crate::tui::hints::done_keys(keymap)),
            theme.dim(),
        )),
    ]);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
