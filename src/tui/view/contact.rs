//! Panel 2: Primary Contact (a list with type-ahead) and developer e-mails.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::validate::{EMAILS_MAX, Field};
use crate::text;
use crate::tui::geometry::fit;
use crate::tui::state::{ContactFocus, State};
use crate::tui::theme::Theme;
use crate::tui::view::{error_line, label_line, marker};

/// Draws the Contact panel.
pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [left, _, right] = Layout::horizontal([
        Constraint::Percentage(50),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    render_contacts(frame, left, state, theme);
    render_emails(frame, right, state, theme);
}

fn render_contacts(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let c = &state.contact;
    let focused = c.focus == ContactFocus::Contacts;
    let [label, filter, err, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let source = if c.load_error.is_some() {
        Some(text::NOT_LOADED.to_string())
    } else if !c.loaded {
        Some(match c.pages {
            Some((page, of)) => text::contacts_page(page, of),
            None => text::LOADING.to_string(),
        })
    } else if c.from_company {
        Some(text::CONTACTS_FROM_COMPANY.to_string())
    } else {
        None
    };
    frame.render_widget(
        Paragraph::new(label_line(
            text::LABEL_CONTACT,
            focused,
            source,
            area.width,
            theme,
        )),
        label,
    );
    let filter_area = Rect {
        x: filter.x + 2,
        width: filter.width.saturating_sub(3),
        ..filter
    };
    frame.render_widget(&c.filter, filter_area);
    frame.render_widget(
        Paragraph::new(error_line(state, Field::PrimaryContactUserId, theme)),
        err,
    );

    let filtered = state.filtered_contacts();
    let height = list.height as usize;
    let offset = c.cursor.saturating_sub(height.saturating_sub(1));
    let width = area.width.saturating_sub(6) as usize;
    let roles = role_column(state, &filtered, width);
    let lines: Vec<Line> = filtered
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(row, &i)| {
            let contact = &c.contacts[i];
            let here = focused && row == c.cursor;
            let chosen = c.chosen.as_deref() == Some(contact.user_id.as_str());
            let radio = match (chosen, theme.ascii) {
                (true, true) => "(*)",
                (true, false) => "(•)",
                (false, _) => "( )",
            };
            let email = contact
                .email
                .as_deref()
                .map(|e| format!("  {e}"))
                .unwrap_or_default();
            let email = match &roles {
                // No room left for a useful part of the e-mail: leave it out.
                Some((n, r)) if width.saturating_sub(n + r + 2) < 8 => String::new(),
                _ => email,
            };
            let name = match &roles {
                Some((name_width, role_width)) => {
                    let role = contact
                        .role
                        .as_deref()
                        .map(text::role_name)
                        .unwrap_or_default();
                    format!(
                        "{}  {}",
                        fit(&contact.name, *name_width, theme.ellipsis()),
                        fit(&role, *role_width, theme.ellipsis())
                    )
                }
                None => contact.name.clone(),
            };
            Line::from(vec![
                marker(here, theme),
                Span::styled(
                    format!(" {radio} "),
                    if chosen { theme.ok() } else { theme.dim() },
                ),
                Span::raw(fit(&format!("{name}{email}"), width, theme.ellipsis())),
            ])
        })
        .collect();
    let body = if let (true, Some(why)) = (lines.is_empty(), &c.load_error) {
        // Say what failed where the list would be, and how to try again.
        let mut out: Vec<Line> = textwrap_lines(why, width.max(10))
            .into_iter()
            .map(|l| Line::from(Span::styled(format!("  {l}"), theme.error())))
            .collect();
        if let Some(key) = crate::tui::hints::retry_key(&state.keymap) {
            out.push(Line::from(Span::styled(
                format!("  {}", text::retries(&key)),
                theme.dim(),
            )));
        }
        out
    } else if lines.is_empty() && c.loaded {
        vec![Line::from(Span::styled(
            format!("  {}", text::NO_CONTACT_MATCHES),
            theme.dim(),
        ))]
    } else {
        lines
    };
    frame.render_widget(Paragraph::new(body), list);
}

/// Widths of the name and role columns, where the account type offers
/// roles (brand) and a contact has one: names take at most 40% of `width`,
/// roles what is left (the e-mail, after them, is cut first).
fn role_column(state: &State, shown: &[usize], width: usize) -> Option<(usize, usize)> {
    use unicode_width::UnicodeWidthStr;
    let contacts = &state.contact.contacts;
    // Only the rows shown count: a filtered list of users without roles
    // keeps its whole width for names.
    if state.settings.account_type != crate::model::account::AccountType::Brand
        || !shown.iter().any(|&i| contacts[i].role.is_some())
    {
        return None;
    }
    let widest = |f: &dyn Fn(&crate::contract::Contact) -> usize| {
        shown.iter().map(|&i| f(&contacts[i])).max().unwrap_or(0)
    };
    let name = widest(&|c| c.name.width()).min(width * 2 / 5);
    let role = widest(&|c| c.role.as_deref().map_or(0, |r| text::role_name(r).width()))
        .min(width.saturating_sub(name + 2));
    Some((name, role))
}

/// Splits text into lines of at most `width` characters, at spaces where it can.
fn textwrap_lines(s: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > width {
            let head: String = line.chars().take(width).collect();
            line = line.chars().skip(width).collect();
            out.push(head);
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

fn render_emails(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let c = &state.contact;
    let [label, input, err, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let count = Some(format!("{}/{EMAILS_MAX}", c.emails.len()));
    frame.render_widget(
        Paragraph::new(label_line(
            text::LABEL_EMAILS,
            c.focus == ContactFocus::EmailInput,
            count,
            area.width,
            theme,
        )),
        label,
    );
    frame.render_widget(
        &c.email_input,
        Rect {
            x: input.x + 2,
            width: input.width.saturating_sub(3),
            ..input
        },
    );
    frame.render_widget(
        Paragraph::new(error_line(state, Field::DeveloperEmails, theme)),
        err,
    );
    let on_list = c.focus == ContactFocus::EmailList;
    let width = area.width.saturating_sub(4) as usize;
    let height = list.height as usize;
    let offset = c.email_cursor.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = c
        .emails
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, e)| {
            let here = on_list && i == c.email_cursor;
            Line::from(vec![
                marker(here, theme),
                Span::raw(format!(" {}", fit(e, width, theme.ellipsis()))),
            ])
        })
        .collect();
    let body = if lines.is_empty() {
        vec![Line::from(Span::styled(
            format!(
                "  {}",
                text::emails_hint(&crate::tui::hints::keys(
                    &state.keymap,
                    crate::tui::keymap::Context::Wizard,
                    &[crate::tui::keys::Action::Enter],
                ))
            ),
            theme.dim(),
        ))]
    } else {
        lines
    };
    frame.render_widget(Paragraph::new(body), list);
}
