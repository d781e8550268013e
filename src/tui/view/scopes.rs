//! Panel 3: the scope tree. Draws only the rows in view, so its cost does
//! not grow with the catalog.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::search::find_ci;
use crate::model::selection::Coverage;
use crate::model::tree::Row;
use crate::model::validate::Field;
use crate::text;
use crate::tui::geometry::{fit, truncate};
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::view::{error_line, label_line, marker};

/// Draws the scope tree, with the search line on top while searching.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut area = area;
    if state.search.shown() {
        let line = Rect { height: 1, ..area };
        frame.render_widget(
            Paragraph::new(label_line(
                "/",
                state.search.editing,
                state
                    .search
                    .matches
                    .as_ref()
                    .map(|m| text::match_count(m.total)),
                area.width,
                theme,
            )),
            line,
        );
        let field = Rect {
            x: line.x + 4,
            width: line.width.saturating_sub(20),
            ..line
        };
        frame.render_widget(&state.search.input, field);
        area.y += 1;
        area.height = area.height.saturating_sub(1);
    }
    let height = state.tree_rows();
    let tree = &state.tree;
    let width = area.width as usize;
    let query = state.search.matches.as_ref().map(|m| m.query.as_str());
    let mut lines: Vec<Line> = Vec::with_capacity(height + 1);
    for (i, row) in tree.window(height).iter().enumerate() {
        let here = tree.offset() + i == tree.cursor();
        // Only the marker cell differs between the focused row and the
        // others, so moving the cursor rewrites two cells.
        let marker = marker(here, theme);
        lines.push(match *row {
            Row::Category(ci) => category_line(state, ci, marker, width, query, theme),
            Row::Scope(si) => scope_line(state, si, marker, width, query, theme),
        });
    }
    if state.search.matches.as_ref().is_some_and(|m| m.total == 0) {
        lines.push(Line::from(Span::styled(
            format!("  {}", text::NO_SCOPE_MATCHES),
            theme.dim(),
        )));
    }
    if state.field_errors.contains_key(&Field::Scopes) {
        lines.truncate(height);
        lines.push(error_line(state, Field::Scopes, theme));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// `text` cut to `width` columns, with the first match of `query` highlighted.
fn highlighted(
    text: &str,
    width: usize,
    query: Option<&str>,
    base: Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    // A match past the cut is brought into view by cutting the front
    // instead, so the row always shows why it matched.
    let shown = match query.and_then(|q| find_ci(text, q)) {
        Some(r) if unicode_width::UnicodeWidthStr::width(&text[..r.end]) > width => {
            let lead = text[..r.start]
                .char_indices()
                .rev()
                .nth(3)
                .map_or(r.start, |(i, _)| i);
            fit(
                &format!("{}{}", theme.ellipsis(), &text[lead..]),
                width,
                theme.ellipsis(),
            )
        }
        _ => fit(text, width, theme.ellipsis()),
    };
    match query.and_then(|q| find_ci(&shown, q)) {
        Some(r) => vec![
            Span::styled(shown[..r.start].to_string(), base),
            Span::styled(
                shown[r.clone()].to_string(),
                theme.accent().add_modifier(Modifier::UNDERLINED),
            ),
            Span::styled(shown[r.end..].to_string(), base),
        ],
        None => vec![Span::styled(shown, base)],
    }
}

fn category_line(
    state: &State,
    ci: usize,
    marker: Span<'static>,
    width: usize,
    query: Option<&str>,
    theme: &Theme,
) -> Line<'static> {
    let sel = &state.selection;
    let cat = &state.catalog.categories[ci];
    let on = sel.is_enabled(ci);
    // While searching, counts are of the scopes shown.
    let (count, size) = match &state.search.matches {
        Some(m) => {
            let shown = cat.range.clone().filter(|&i| m.has(i));
            let picked = shown.clone().filter(|&i| sel.is_selected(i)).count();
            (picked, shown.count())
        }
        None => (sel.count(ci), sel.size(ci)),
    };
    let label = format!("{count:>3}/{size:<3}");
    let count_style = match (state.search.matches.is_some(), sel.coverage(ci), count) {
        (true, _, 0) | (false, Coverage::None, _) => theme.dim(),
        (false, Coverage::All, _) => theme.ok(),
        _ => theme.text(),
    };
    let name_width = width.saturating_sub(2 + 2 + 6 + label.len() + 1);
    let mut spans = vec![
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
    ];
    spans.extend(highlighted(
        &cat.name,
        name_width,
        query,
        theme.label(),
        theme,
    ));
    spans.push(Span::styled(label, count_style));
    Line::from(spans)
}

fn scope_line(
    state: &State,
    si: usize,
    marker: Span<'static>,
    width: usize,
    query: Option<&str>,
    theme: &Theme,
) -> Line<'static> {
    let scope = state.catalog.scope(si);
    let checked = state.selection.is_selected(si);
    let enabled = state.selection.is_enabled(scope.category);
    let method_style = if !enabled {
        theme.dim()
    } else if scope.is_write() {
        theme.write()
    } else {
        theme.read()
    };
    let room = width.saturating_sub(2 + 4 + 4 + 7);
    let mut spans = vec![
        marker,
        Span::raw("    "),
        Span::styled(
            if checked { "[x] " } else { "[ ] " },
            if checked { theme.ok() } else { theme.dim() },
        ),
        Span::styled(format!("{:<7}", scope.method), method_style),
    ];
    let name_style = if enabled { theme.text() } else { theme.dim() };
    // A match only in the path or Id is shown after the name, so the user sees why it matched.
    let extra = query.and_then(|q| {
        let in_name = find_ci(scope.name, q).is_some() || find_ci(scope.method, q).is_some();
        if in_name {
            None
        } else if find_ci(scope.path, q).is_some() {
            Some(scope.path)
        } else if find_ci(scope.id, q).is_some() {
            Some(scope.id)
        } else {
            None
        }
    });
    match extra {
        Some(why) if room > 20 => {
            let name = truncate(scope.name, room / 2, theme.ellipsis());
            let name_w = unicode_width::UnicodeWidthStr::width(name.as_str());
            spans.push(Span::styled(name, name_style));
            spans.push(Span::raw("  "));
            spans.extend(highlighted(
                why,
                room.saturating_sub(name_w + 2),
                query,
                theme.dim(),
                theme,
            ));
        }
        _ => spans.extend(highlighted(scope.name, room, query, name_style, theme)),
    }
    Line::from(spans)
}
