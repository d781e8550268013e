//! The API page: the token list and its filters, the details, the
//! per-token menu and its questions, and the worker's answers to them.

use crate::api::error::ApiError;
use crate::api::worker::{Job, TokenOp, UpgradeCatalogs};
use crate::contract::{Token, TokensResponse};
use crate::model::catalog::{Catalog, CatalogSource};
use crate::model::selection::Selection;
use crate::model::tokens::{CreatedOn, StateFilter, newer_versions, upgrade_diff};
use crate::text;
use crate::tui::keys::Action;
use crate::tui::state::{
    Ask, Level, MenuItem, Modal, Screen, SetupFocus, State, Step, Upgrade, field_text, list_rows,
    text_field,
};

use super::ops::send;
use super::{Effect, edit_single_line};

/// Seconds since the epoch, for the Created On filter.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Starts loading the list from its first page. The tokens shown stay
/// until the first page of this load replaces them, so nothing blinks.
pub(super) fn start_load(state: &mut State, fx: &mut Vec<Effect>) {
    let page = &mut state.page;
    page.generation += 1;
    page.loading = true;
    page.more = false;
    page.stale = true;
    page.error = None;
    if page.select.is_none() {
        page.select = page.focused().map(|t| t.id.clone());
    }
    // A token asked for that the list shows already is focused now, not
    // when the reload's first page comes.
    page.refilter(list_rows(state.size));
    fx.push(Effect::Job(Job::LoadTokensPage {
        generation: page.generation,
        next: None,
    }));
}

/// One page of the list arrived: shown at once, and the next asked for.
pub(super) fn tokens_page(
    state: &mut State,
    generation: u64,
    result: Result<TokensResponse, ApiError>,
    fx: &mut Vec<Effect>,
) {
    if generation != state.page.generation {
        return; // a page of a load that a reload replaced
    }
    let rows = list_rows(state.size);
    match result {
        Ok(resp) => {
            let page = &mut state.page;
            if page.stale {
                page.clear();
                page.stale = false;
                state.existing_names.clear();
            }
            // For the wizard's name-taken warning, this page's names only:
            // a list of many pages costs the same per page.
            state.existing_names.extend(
                resp.access_tokens
                    .iter()
                    .map(|t| crate::model::validate::name_key(t.name.trim())),
            );
            let start = page.tokens.len();
            page.tokens
                .extend(resp.access_tokens.into_iter().map(super::ops::inert_token));
            let keys: Vec<String> = page.tokens[start..]
                .iter()
                .map(|t| crate::model::validate::name_key(&t.name))
                .collect();
            page.keys.extend(keys);
            let next = resp.paging.next_page_uri.trim().to_string();
            page.more = !next.is_empty();
            page.loading = page.more;
            page.now = now();
            page.refilter(rows);
            if page.more {
                fx.push(Effect::Job(Job::LoadTokensPage {
                    generation,
                    next: Some(next),
                }));
            } else {
                // A token asked for that is not in the list (deleted
                // meanwhile) is not waited for any longer.
                page.select = None;
                if page.close_gone() {
                    state.say(Level::Warn, text::PAGE_OPEN_TOKEN_GONE);
                }
            }
        }
        Err(e) => {
            let page = &mut state.page;
            page.loading = false;
            page.more = false;
            page.stale = false;
            // What was open on a token the partial list lacks is not drawn.
            page.close_gone();
            let msg = text::tokens_failed(&e.message(Some(state.settings.account_type)));
            page.error = Some(msg.clone());
            let key = state
                .keymap
                .keys_for(crate::tui::keymap::Context::Tokens, Action::Reload);
            let msg = match key.map(|k| k.name()).next() {
                Some(k) => text::with_retry_hint(&msg, &k),
                None => msg,
            };
            state.say(Level::Error, msg);
        }
    }
}

/// Keys on the API page.
pub(super) fn page_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    if state.page.notice.take().is_some() {
        return; // any key closes it
    }
    if state.page.ask.is_some() {
        return ask_action(state, action, fx);
    }
    if state.page.menu.is_some() {
        return menu_action(state, action, fx);
    }
    if state.page.details.is_some() {
        return details_action(state, action);
    }
    if state.page.searching {
        return search_action(state, action);
    }
    list_action(state, action, fx);
}

fn list_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => move_cursor(state, action),
        Action::Enter => {
            if let Some(t) = state.page.focused() {
                state.page.details = Some(t.id.clone());
                state.page.details_scroll = 0;
            }
        }
        Action::TokenMenu => open_menu(state),
        Action::NewToken => new_token(state),
        Action::Search => state.page.searching = true,
        Action::CycleCreated => {
            let f = &mut state.page.filter;
            f.created = match f.created {
                None => Some(CreatedOn::Last7Days),
                Some(CreatedOn::Last7Days) => Some(CreatedOn::Last30Days),
                Some(CreatedOn::Last30Days) => Some(CreatedOn::Older),
                Some(CreatedOn::Older) => None,
            };
            refilter(state);
        }
        Action::CycleState => {
            let f = &mut state.page.filter;
            f.state = match f.state {
                None => Some(StateFilter::Enabled),
                Some(StateFilter::Enabled) => Some(StateFilter::Disabled),
                Some(StateFilter::Disabled) => None,
            };
            refilter(state);
        }
        Action::Cancel => {
            state.page.filter = Default::default();
            state.page.search = text_field(text::PH_TOKEN_SEARCH, "");
            refilter(state);
        }
        // A failed connection is run again whole; its success loads the list.
        Action::Reload if !state.failed_loads.is_empty() => super::worker::retry(state, fx),
        Action::Reload => {
            start_load(state, fx);
            state.say(Level::Info, text::TOKENS_RELOADING);
        }
        _ => {}
    }
}

fn search_action(state: &mut State, action: Action) {
    match action {
        Action::Edit(key) if edit_single_line(&mut state.page.search, key) => {
            state.page.filter.name = field_text(&state.page.search).to_string();
            refilter(state);
        }
        Action::Enter => state.page.searching = false,
        Action::Cancel => {
            state.page.searching = false;
            state.page.search = text_field(text::PH_TOKEN_SEARCH, "");
            state.page.filter.name.clear();
            refilter(state);
        }
        Action::Up | Action::Down => move_cursor(state, action),
        _ => {}
    }
}

/// After the search text changed by a paste.
pub(super) fn search_pasted(state: &mut State) {
    state.page.filter.name = field_text(&state.page.search).to_string();
    refilter(state);
}

fn refilter(state: &mut State) {
    let rows = list_rows(state.size);
    state.page.now = now();
    state.page.refilter(rows);
}

fn move_cursor(state: &mut State, action: Action) {
    let rows = list_rows(state.size);
    let page = &mut state.page;
    // The user chose a row: a reload's page no longer moves the focus to
    // the one it was asked to find.
    page.select = None;
    let last = page.visible.len().saturating_sub(1);
    page.cursor = match action {
        Action::Up => page.cursor.saturating_sub(1),
        Action::Down => (page.cursor + 1).min(last),
        Action::PageUp => page.cursor.saturating_sub(rows),
        Action::PageDown => (page.cursor + rows).min(last),
        Action::Home => 0,
        Action::End => last,
        _ => page.cursor,
    };
    page.scroll_into_view(rows);
}

fn details_action(state: &mut State, action: Action) {
    match action {
        Action::Up => state.page.details_scroll = state.page.details_scroll.saturating_sub(1),
        Action::Down => {
            // Never past the last line: the fields, and a category line per scope at most.
            let most = state
                .page
                .details
                .as_deref()
                .and_then(|id| state.page.token(id))
                .map_or(0, |t| 8 + 2 * t.scopes.len());
            state.page.details_scroll = (state.page.details_scroll + 1).min(most);
        }
        Action::TokenMenu => open_menu(state),
        Action::Cancel => state.page.details = None,
        _ => {}
    }
}

/// Whether the server said the caller may not change tokens; if so, says
/// it on the status line. Before anything is filled in or asked.
fn refused(state: &mut State) -> bool {
    match &state.page.permissions {
        Some(p) if !p.can_change => {
            let why = text::not_permitted(p.role.as_deref());
            state.say(Level::Error, why);
            true
        }
        _ => false,
    }
}

fn open_menu(state: &mut State) {
    if refused(state) {
        return;
    }
    let id = match &state.page.details {
        Some(id) => Some(id.clone()),
        None => state.page.focused().map(|t| t.id.clone()),
    };
    if let Some(id) = id {
        state.page.menu = Some((id, 0));
    }
}

fn menu_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some((id, cursor)) = state.page.menu.clone() else {
        return;
    };
    match action {
        Action::Up => state.page.menu = Some((id, cursor.saturating_sub(1))),
        Action::Down => {
            state.page.menu = Some((id, (cursor + 1).min(MenuItem::ALL.len() - 1)));
        }
        Action::No | Action::Cancel => state.page.menu = None,
        Action::Yes => {
            state.page.menu = None;
            let Some(token) = state.page.token(&id).cloned() else {
                return;
            };
            choose(state, MenuItem::ALL[cursor], &token, fx);
        }
        _ => {}
    }
}

fn choose(state: &mut State, item: MenuItem, token: &Token, fx: &mut Vec<Effect>) {
    if refused(state) {
        return;
    }
    let id = token.id.clone();
    match item {
        MenuItem::Duplicate => {
            let others = state.page.tokens.clone();
            super::edit::begin_duplicate(state, token, &others, fx);
            open_mode(state);
        }
        MenuItem::Edit => {
            super::edit::begin_edit(state, token, fx);
            open_mode(state);
        }
        MenuItem::Reset => {
            state.page.ask = Some(Ask::Reset {
                id,
                input: text_field("", ""),
            });
        }
        MenuItem::Delete => {
            state.page.ask = Some(Ask::Delete {
                id,
                input: text_field("", ""),
            });
        }
        MenuItem::Rotate => super::rotation::ask(state, token),
        MenuItem::Toggle if token.is_enabled() => state.page.ask = Some(Ask::Disable { id }),
        MenuItem::Toggle => state.page.ask = Some(Ask::Enable { id }),
        MenuItem::Upgrade => {
            let versions: Vec<String> = newer_versions(&state.catalog.versions, &token.api_version)
                .into_iter()
                .map(str::to_string)
                .collect();
            let Some(to) = versions.first().cloned() else {
                state.say(Level::Info, text::no_newer_version(&token.api_version));
                return;
            };
            fx.push(Effect::Job(Job::LoadUpgradeCatalogs {
                from: token.api_version.clone(),
                to,
            }));
            state.page.ask = Some(Ask::Upgrade(Box::new(Upgrade {
                id,
                versions,
                chosen: 0,
                catalogs: None,
                diff: None,
                error: None,
            })));
        }
    }
}

fn ask_action(state: &mut State, action: Action, fx: &mut Vec<Effect>) {
    let Some(ask) = &mut state.page.ask else {
        return;
    };
    match (ask, action) {
        (Ask::LostReset { .. }, Action::Yes) => super::ops::ask_again(state, fx),
        (Ask::LostReset { .. }, Action::No | Action::Cancel) => {
            state.page.ask = None;
            state.say(Level::Warn, text::RESET_LOST_LEFT);
        }
        (_, Action::No | Action::Cancel) => state.page.ask = None,
        (Ask::Rotated { .. }, _) => state.page.ask = None,
        (Ask::Rotate { .. }, Action::Yes) => {
            if let Some(Ask::Rotate { id, plan }) = state.page.ask.take() {
                super::rotation::start(state, &id, *plan, fx);
            }
        }
        (Ask::Reset { input, .. } | Ask::Delete { input, .. }, Action::Edit(key)) => {
            edit_single_line(input, key);
        }
        (Ask::Reset { id, input } | Ask::Delete { id, input }, Action::Yes) => {
            let typed = field_text(input).trim().to_string();
            let id = id.clone();
            let Some(name) = state.page.token(&id).map(|t| t.name.clone()) else {
                state.page.ask = None;
                return;
            };
            // The name exactly as listed: a near miss is a mistake, not a yes.
            if typed.is_empty() || typed != name.trim() {
                state.say(Level::Error, text::NAME_DOES_NOT_MATCH);
                return;
            }
            let op = match state.page.ask.take() {
                Some(Ask::Reset { .. }) => TokenOp::Reset,
                _ => TokenOp::Delete,
            };
            send(state, &id, op, fx);
        }
        (Ask::Disable { id } | Ask::Enable { id }, Action::Yes) => {
            let id = id.clone();
            let enable = matches!(state.page.ask, Some(Ask::Enable { .. }));
            state.page.ask = None;
            send(state, &id, TokenOp::SetEnabled(enable), fx);
        }
        (Ask::Upgrade(u), Action::Left | Action::Right) => {
            let n = u.versions.len();
            let chosen = match action {
                Action::Left => u.chosen.saturating_sub(1),
                _ => (u.chosen + 1).min(n.saturating_sub(1)),
            };
            if chosen != u.chosen {
                u.chosen = chosen;
                u.catalogs = None;
                u.diff = None;
                u.error = None;
                let to = u.version().to_string();
                let id = u.id.clone();
                if let Some(t) = state.page.token(&id) {
                    fx.push(Effect::Job(Job::LoadUpgradeCatalogs {
                        from: t.api_version.clone(),
                        to,
                    }));
                }
            }
        }
        (Ask::Upgrade(u), Action::Yes) if u.catalogs.is_some() => confirm_upgrade(state, fx),
        _ => {} // Upgrade: the diff is shown before anything is sent
    }
}

fn confirm_upgrade(state: &mut State, fx: &mut Vec<Effect>) {
    let Some(Ask::Upgrade(u)) = state.page.ask.take() else {
        return;
    };
    let Some((_, newer)) = &u.catalogs else {
        return;
    };
    let Some(token) = state.page.token(&u.id) else {
        return;
    };
    let mut req = token.to_request();
    req.api_version = u.version().to_string();
    // Scopes the newer catalog lacks are dropped, as the diff showed.
    req.scopes.retain(|s| newer.index_of(s).is_some());
    send(state, &u.id, TokenOp::Update(Box::new(req)), fx);
}

/// The catalogs for Upgrade Version arrived.
pub(super) fn upgrade_catalogs(state: &mut State, from: &str, to: &str, result: UpgradeCatalogs) {
    let bundled = Catalog::bundled(state.settings.account_type);
    let Some(Ask::Upgrade(u)) = &mut state.page.ask else {
        return;
    };
    let Some(token) = state.page.tokens.iter().find(|t| t.id == u.id) else {
        return;
    };
    if u.version() != to || token.api_version != from {
        return; // an answer for another choice
    }
    let to_catalog = |doc: Option<crate::contract::ScopesResponse>| match doc {
        Some(doc) => Catalog::from_doc(doc, CatalogSource::Live).map_err(|e| e.to_string()),
        None => Ok(bundled.clone()),
    };
    match result
        .map_err(|e| e.message(None))
        .and_then(|(a, b)| Ok((to_catalog(a)?, to_catalog(b)?)))
    {
        Ok((older, newer)) => {
            u.diff = Some(upgrade_diff(&older, &newer, &token.scopes));
            u.catalogs = Some((older, newer));
        }
        Err(why) => u.error = Some(text::upgrade_catalogs_failed(&why)),
    }
}

/// After Duplicate or Edit began (they refuse over a secret or a running
/// request, saying why): the wizard, with the menu closed.
fn open_mode(state: &mut State) {
    if !state.mode.is_create() {
        state.page.menu = None;
        state.page.details = None;
        state.screen = Screen::Wizard;
    }
}

/// `n`: today's wizard, with an empty form (or the draft, when the user
/// says so).
fn new_token(state: &mut State) {
    if refused(state) {
        return;
    }
    state.screen = Screen::Wizard;
    state.step = Step::Setup;
    state.setup.focus = SetupFocus::Name;
    if state.pending_draft.is_some() {
        state.modal = Some(Modal::ConfirmResume);
    }
}

/// Back from the wizard to the list (Ctrl-P on the first panel); the form
/// stays as it is.
pub(super) fn leave_wizard(state: &mut State) {
    state.screen = Screen::Tokens;
    state.status = None;
}

/// The secret screen was left: when the page is home, back to the list,
/// read again, with the new (or reset) token focused. After a create the
/// form is emptied for the next token.
pub(super) fn after_secret(state: &mut State, fx: &mut Vec<Effect>) {
    if !matches!(state.screen, Screen::Tokens) {
        return;
    }
    super::rotation::after_secret(state, fx);
    // The form was emptied (after a create) or given back (after a
    // duplicate) when the secret was wiped.
    state.page.reset_of = None;
    state.page.details = None;
    state.page.menu = None;
    start_load(state, fx);
    if let Some(next) = state.page.queued.take() {
        state.page.notice = None;
        // Its own scopes for the token test, and the form left as it is.
        state.page.reset_of = Some(next.token.id.clone());
        super::worker::show_secret(state, *next);
    }
}

/// A fresh form for the next token; the catalog and contacts stay loaded.
pub(super) fn empty_form(state: &mut State) {
    state.setup.name = text_field(text::PH_NAME, "");
    state.setup.description = text_field(text::PH_DESCRIPTION, "");
    state.setup.focus = SetupFocus::Name;
    state.contact.chosen = None;
    state.contact.emails.clear();
    state.contact.email_input = text_field(text::PH_EMAIL, "");
    state.contact.filter = text_field(text::PH_FILTER, "");
    state.selection = Selection::new(&state.catalog);
    state.undo.clear();
    state.search.input = text_field(text::PH_SEARCH, "");
    state.search.editing = false;
    state.refresh_search();
    state.step = Step::Setup;
    state.visited = [false; 4];
    state.review_scroll = 0;
    state.last_submission = None;
    state.field_errors.clear();
}
