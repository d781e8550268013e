//! The API page's token list: its filter line, the columns that fit the
//! width (a long name first), the rows and the lines under them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::contract::Token;
use crate::model::tokens::{date_part, state_label};
use crate::text;
use crate::tui::geometry::{fit, truncate, wrap_words};
use crate::tui::keymap::Context;
use crate::tui::keys::Action;
use crate::tui::middle::cut_middle;
use crate::tui::state::State;
use crate::tui::theme::Theme;

use super::marker;

/// A column of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    State,
    Version,
    Scopes,
    Created,
    Contact,
}

impl Col {
    fn title(self, narrow: bool) -> &'static str {
        match self {
            Col::State => text::COL_STATE,
            Col::Version if narrow => text::COL_VERSION_SHORT,
            Col::Version => text::COL_VERSION,
            Col::Scopes => text::COL_SCOPES,
            Col::Created => text::COL_CREATED,
            Col::Contact => text::COL_CONTACT,
        }
    }

    fn width(self, narrow: bool) -> usize {
        match self {
            Col::State => 8,
            Col::Version if narrow => 4,
            Col::Version => 11,
            Col::Scopes => 6,
            Col::Created => 10,
            Col::Contact => 15,
        }
    }
}

/// Columns after Name, left to right.
const COLUMNS: [Col; 5] = [
    Col::State,
    Col::Version,
    Col::Scopes,
    Col::Created,
    Col::Contact,
];
/// The columns in the order they are kept: the last goes first.
const KEPT: [Col; 5] = [
    Col::State,
    Col::Created,
    Col::Version,
    Col::Scopes,
    Col::Contact,
];
/// The narrowest the Name column gets before columns are dropped.
const NAME_MIN: usize = 14;
/// The room a long name is given before the other columns keep theirs:
/// enough for "NAME (retired WHEN)" endings and most names whole.
const NAME_WANT: usize = 48;
/// Space between columns.
const GAP: usize = 2;
/// The focus marker and its space.
const MARK: usize = 2;

/// The list's columns at one width.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Columns {
    /// The columns after Name.
    cols: Vec<Col>,
    /// Whether the narrow form of the Version column is used.
    narrow: bool,
    /// The Name column's width.
    name: usize,
}

/// The columns for `width` when the longest name shown takes `longest`
/// columns: the name gets up to [`NAME_WANT`] by narrowing the Version
/// column, then dropping Contact, Scopes, Version and Created in turn, each
/// set tried with the Version column wide first (State stays).
fn layout(width: usize, longest: usize) -> Columns {
    let wanted = longest.clamp(NAME_MIN, NAME_WANT);
    let fit = |n: usize, narrow: bool| {
        let cols: Vec<Col> = COLUMNS
            .into_iter()
            .filter(|c| KEPT[..n].contains(c))
            .collect();
        let fixed: usize = cols.iter().map(|c| c.width(narrow) + GAP).sum();
        Columns {
            cols,
            narrow,
            name: width.saturating_sub(MARK + fixed + 1).max(1),
        }
    };
    // Each set of columns wide, then with the version narrowed.
    let mut tries = (1..=KEPT.len())
        .rev()
        .flat_map(|n| [fit(n, false), fit(n, true)]);
    let mut last = tries.next().expect("never empty");
    for c in tries.by_ref() {
        if last.name >= wanted {
            break;
        }
        last = c;
    }
    last
}

pub(super) fn render_list(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let page = &state.page;
    // The focused token's whole name, wrapped, however its row cuts it.
    let selected: Vec<String> = page
        .focused()
        .map(|t| wrap_words(&text::selected_token(&t.name), area.width as usize - 1))
        .unwrap_or_default();
    let [filters, titles, list, chosen, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(selected.len().max(1) as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    render_filters(frame, filters, state, theme);
    let longest = page
        .visible
        .iter()
        .map(|&i| page.tokens[i].name.width())
        .max()
        .unwrap_or(0);
    let columns = layout(area.width as usize, longest);
    let mut head = vec![
        Span::raw(" ".repeat(MARK)),
        Span::raw(fit(text::COL_NAME, columns.name, "")),
    ];
    for c in &columns.cols {
        head.push(Span::raw(" ".repeat(GAP)));
        let w = c.width(columns.narrow);
        head.push(Span::raw(fit(c.title(columns.narrow), w, "")));
    }
    frame.render_widget(
        Paragraph::new(Line::from(head)).style(theme.label()),
        titles,
    );

    if page.visible.is_empty() {
        let waiting = page.generation == 0 || page.loading || page.stale;
        let note = if page.tokens.is_empty() && waiting && page.error.is_none() {
            text::TOKENS_LOADING
        } else if page.tokens.is_empty() && page.error.is_none() {
            text::NO_TOKENS
        } else if page.tokens.is_empty() {
            ""
        } else {
            text::NO_TOKEN_MATCHES
        };
        frame.render_widget(Paragraph::new(format!("  {note}")).style(theme.dim()), list);
    } else {
        let rows = list.height as usize;
        // A name wrapped to more lines takes list rows: the cursor's row
        // still shows.
        let offset = page.offset.max((page.cursor + 1).saturating_sub(rows));
        let lines: Vec<Line> = page
            .visible
            .iter()
            .enumerate()
            .skip(offset)
            .take(rows)
            .map(|(row, &i)| token_row(state, &page.tokens[i], row == page.cursor, &columns, theme))
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
    }
    let chosen_lines: Vec<Line> = selected
        .into_iter()
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    frame.render_widget(Paragraph::new(chosen_lines).style(theme.dim()), chosen);
    // Before the first load starts there is no count to give ("0 tokens"
    // above "Loading the tokens…" would contradict it).
    let count = if page.generation == 0 && page.tokens.is_empty() {
        String::new()
    } else {
        text::tokens_count(page.visible.len(), page.tokens.len(), page.loading)
    };
    let mut foot_text = format!(" {count}");
    if let Some(p) = page.permissions.as_ref().filter(|p| !p.can_change) {
        foot_text.push_str(&format!(" · {}", text::read_only(p.role.as_deref())));
    }
    if let Some(e) = &page.error {
        foot_text.push_str(&format!(" · {e}"));
    }
    frame.render_widget(
        Paragraph::new(truncate(&foot_text, foot.width as usize, theme.ellipsis()))
            .style(theme.dim()),
        foot,
    );
}

/// The first key bound to `action` on the list, for the filter line.
fn key_of(state: &State, action: Action) -> String {
    state
        .keymap
        .keys_for(Context::Tokens, action)
        .next()
        .map(|k| k.name())
        .unwrap_or_default()
}

/// The narrowest Search by Name field shown with its whole label.
const FIELD_MIN: u16 = 8;

fn render_filters(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let page = &state.page;
    let (created_key, state_key) = (
        key_of(state, Action::CycleCreated),
        key_of(state, Action::CycleState),
    );
    let created = page
        .filter
        .created
        .map(|c| c.label())
        .unwrap_or(text::CREATED_ANY);
    let st = page
        .filter
        .state
        .map(|s| s.label())
        .unwrap_or(text::STATE_ANY);
    let created_label = text::filter_label(text::FILTER_CREATED, &created_key);
    let state_label = text::filter_label(text::FILTER_STATE, &state_key);
    let right = format!("  {created_label}{created}  {state_label}{st}");
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s) as u16;
    let field_for = |label: &str| area.width.saturating_sub(width(&right) + 2 + width(label));
    // The filters' values are never cut: a narrow line shortens the name
    // filter's label first ("Name:"), then its field.
    let full = format!("{}: ", text::FILTER_NAME);
    let name_label = if field_for(&full) >= FIELD_MIN {
        full
    } else {
        format!("{}: ", text::FILTER_NAME_SHORT)
    };
    let field_w = field_for(&name_label).max(1);
    let [mark, label, field, rest] = Layout::horizontal([
        Constraint::Length(2),
        Constraint::Length(width(&name_label)),
        Constraint::Length(field_w),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![marker(page.searching, theme)])),
        mark,
    );
    frame.render_widget(Paragraph::new(name_label).style(theme.dim()), label);
    if page.searching || !page.filter.name.is_empty() {
        frame.render_widget(&page.search, field);
    } else {
        frame.render_widget(
            Paragraph::new(key_of(state, Action::Search)).style(theme.dim()),
            field,
        );
    }
    let style = |on: bool| if on { theme.accent() } else { theme.dim() };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("  {created_label}"), theme.dim()),
            Span::styled(created, style(page.filter.created.is_some())),
            Span::styled(format!("  {state_label}"), theme.dim()),
            Span::styled(st, style(page.filter.state.is_some())),
        ])),
        rest,
    );
}

/// The contact's name when the contacts are loaded, else the user Id.
pub(super) fn contact_of<'a>(state: &'a State, t: &'a Token) -> &'a str {
    state
        .contact
        .contacts
        .iter()
        .find(|c| c.user_id == t.primary_contact_user_id)
        .map(|c| c.name.as_str())
        .unwrap_or(&t.primary_contact_user_id)
}

fn token_row(
    state: &State,
    t: &Token,
    focused: bool,
    columns: &Columns,
    theme: &Theme,
) -> Line<'static> {
    let ell = theme.ellipsis();
    // The coloured marker alone shows the focus: moving the cursor
    // rewrites two cells, not two rows.
    let mut spans = vec![
        marker(focused, theme),
        Span::raw(" "),
        Span::styled(name_cell(&t.name, columns.name, ell), theme.text()),
    ];
    for c in &columns.cols {
        spans.push(Span::raw(" ".repeat(GAP)));
        let (value, style) = match c {
            Col::State if t.is_enabled() => (state_label(t).to_string(), theme.text()),
            Col::State => (state_label(t).to_string(), theme.warn()),
            Col::Version => (t.api_version.clone(), theme.text()),
            Col::Scopes => (t.scopes.len().to_string(), theme.text()),
            Col::Created => (date_part(&t.date_created).to_string(), theme.text()),
            Col::Contact => (contact_of(state, t).to_string(), theme.text()),
        };
        spans.push(Span::styled(
            fit(&value, c.width(columns.narrow), ell),
            style,
        ));
    }
    Line::from(spans)
}

/// A name in its column, cut in the middle so its ending stays.
fn name_cell(name: &str, width: usize, ell: &str) -> String {
    let mut cell = cut_middle(name, width, ell);
    let w = cell.width();
    cell.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_drop_from_the_right_on_narrow_terminals() {
        // Short names: every column at 80.
        assert_eq!(layout(80, 10).cols.len(), 5);
        assert!(!layout(80, 10).narrow);
        assert!(layout(80, 10).name >= NAME_MIN);
        assert!(layout(60, 10).cols.len() < 5);
        assert!(layout(50, 10).cols.len() < 4);
        assert_eq!(layout(30, 10).cols, [Col::State]);
    }

    #[test]
    fn long_names_take_the_room_of_other_columns_first() {
        // At 80 columns a long name gets NAME_WANT: the Version column
        // narrows, then Contact and Scopes go; State and Created stay.
        let c = layout(80, 64);
        assert!(c.name >= NAME_WANT, "{c:?}");
        assert!(c.narrow);
        assert_eq!(c.cols, [Col::State, Col::Version, Col::Created], "{c:?}");
        // At 120 every column stays and the name still has its room.
        let c = layout(120, 64);
        assert_eq!(c.cols.len(), 5);
        assert!(c.name >= NAME_WANT, "{c:?}");
    }
}
