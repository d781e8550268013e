//! Panel 3: the scope tree. Draws only the rows in view, so its cost does
//! not grow with the catalog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::selection::Coverage;
use crate::model::tree::Row;
use crate::model::validate::Field;
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::view::error_line;
use crate::tui::view::layout::fit;

/// Draws the scope tree.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut height = area.height as usize;
    let error = state.field_errors.contains_key(&Field::Scopes);
    if error {
        height = height.saturating_sub(1);
    }
    let tree = &state.tree;
    let width = area.width as usize;
    let mut lines: Vec<Line> = Vec::with_capacity(height + 1);
    for (i, row) in tree.window(height).iter().enumerate() {
        let here = tree.offset() + i == tree.cursor();
        let marker = Span::styled(
            if here { theme.cursor_glyph() } else { " " },
            theme.accent(),
        );
        lines.push(match *row {
            Row::Category(ci) => category_line(state, ci, marker, width, theme),
            Row::Scope(si) => scope_line(state, si, marker, width, theme),
        });
    }
    if error {
        lines.push(error_line(state, Field::Scopes, theme));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn category_line(
    state: &State,
    ci: usize,
    marker: Span<'static>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let sel = &state.selection;
    let cat = &state.catalog.categories[ci];
    let on = sel.is_enabled(ci);
    let count = format!("{:>3}/{:<3}", sel.count(ci), sel.size(ci));
    let count_style = match sel.coverage(ci) {
        Coverage::None => theme.dim(),
        Coverage::Some => theme.text(),
        Coverage::All => theme.ok(),
    };
    let name_width = width.saturating_sub(2 + 2 + 6 + count.len() + 1);
    Line::from(vec![
        marker,
        Span::raw(format!(
            " {} ",
            theme.fold_glyph(state.tree.is_expanded(ci))
        )),
        Span::styled(
            if on { "[on] " } else { "[off]" },
            if on { theme.ok() } else { theme.dim() },
        ),
        Span::raw(" "),
        Span::styled(fit(&cat.name, name_width, theme.ellipsis()), theme.label()),
        Span::styled(count, count_style),
    ])
}

fn scope_line(
    state: &State,
    si: usize,
    marker: Span<'static>,
    width: usize,
    theme: &Theme,
) -> Line<'static> {
    let scope = &state.catalog.scopes[si];
    let checked = state.selection.is_selected(si);
    let enabled = state.selection.is_enabled(scope.category);
    let method_style = if !enabled {
        theme.dim()
    } else if scope.is_write() {
        theme.write()
    } else {
        theme.read()
    };
    let name_width = width.saturating_sub(2 + 4 + 4 + 7);
    Line::from(vec![
        marker,
        Span::raw("    "),
        Span::styled(
            if checked { "[x] " } else { "[ ] " },
            if checked { theme.ok() } else { theme.dim() },
        ),
        Span::styled(format!("{:<7}", scope.method), method_style),
        Span::styled(
            fit(&scope.name, name_width, theme.ellipsis()),
            if enabled { theme.text() } else { theme.dim() },
        ),
    ])
}
