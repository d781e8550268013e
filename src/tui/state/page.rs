//! The API page's state: the tokens loaded so far, the filters, the cursor,
//! the open token's details, its menu and the question a menu item asks.

use ratatui_textarea::TextArea;

use crate::contract::Token;
use crate::model::catalog::Catalog;
use crate::model::tokens::{Filter, UpgradeDiff};
use crate::model::validate::name_key;

/// The per-token menu's items, in the order shown (impact's order, with
/// Edit last as on its page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuItem {
    /// A new token with the same rights and settings.
    Duplicate,
    /// A new secret; the old one fails at once.
    Reset,
    /// Move to a newer API version.
    Upgrade,
    /// Disable an enabled token, or enable a disabled one.
    Toggle,
    /// Delete the token.
    Delete,
    /// Change the token's settings.
    Edit,
    /// A new token takes this one's place and name (this project's).
    Rotate,
}

impl MenuItem {
    /// Every item, in menu order.
    pub const ALL: [MenuItem; 7] = [
        MenuItem::Duplicate,
        MenuItem::Reset,
        MenuItem::Upgrade,
        MenuItem::Toggle,
        MenuItem::Delete,
        MenuItem::Edit,
        MenuItem::Rotate,
    ];
}

/// What a menu item asks before it acts.
#[derive(Debug)]
pub enum Ask {
    /// Reset: type the token's name.
    Reset {
        /// The token's Id.
        id: String,
        /// The typed name.
        input: TextArea<'static>,
    },
    /// Delete: type the token's name.
    Delete {
        /// The token's Id.
        id: String,
        /// The typed name.
        input: TextArea<'static>,
    },
    /// Disable: yes or no.
    Disable {
        /// The token's Id.
        id: String,
    },
    /// Enable: yes or no (access comes back, so it is asked as Disable is).
    Enable {
        /// The token's Id.
        id: String,
    },
    /// Upgrade Version: the diff for the chosen newer version, then yes or no.
    Upgrade(Box<Upgrade>),
    /// Reset's answer was lost: the token may have a new secret that only
    /// the server's answer holds. Yes asks again with the same key, which
    /// the server answers with that same secret (or resets once).
    LostReset {
        /// The token's Id.
        id: String,
        /// Its name, as listed when the reset was asked.
        name: String,
        /// The revision the reset was sent with.
        revision: String,
        /// The reset's `Idempotency-Key`.
        key: String,
    },
    /// Rotate: y/n (this project's menu item).
    Rotate {
        /// The token's Id.
        id: String,
        /// The names it gives, as the question shows them.
        plan: Box<crate::api::worker::Plan>,
    },
    /// A rotation ended: what each step did and the state each token is
    /// in; any answer closes it.
    Rotated {
        /// The words.
        message: String,
        /// Every step was done.
        ok: bool,
    },
}

/// An Upgrade Version question.
#[derive(Debug)]
pub struct Upgrade {
    /// The token's Id.
    pub id: String,
    /// The versions it may move to, newest first.
    pub versions: Vec<String>,
    /// Index of the chosen one in `versions`.
    pub chosen: usize,
    /// The catalogs of the token's version and of the chosen one, once loaded.
    pub catalogs: Option<(Catalog, Catalog)>,
    /// What the move means for the scopes, once the catalogs are in.
    pub diff: Option<UpgradeDiff>,
    /// Why the catalogs could not be loaded.
    pub error: Option<String>,
}

impl Upgrade {
    /// The chosen version.
    pub fn version(&self) -> &str {
        self.versions
            .get(self.chosen)
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Everything the API page knows.
#[derive(Debug)]
pub struct PageState {
    /// Whether the page is home: the wizard returns here after Create.
    pub home: bool,
    /// The tokens loaded so far, in the server's order (names made inert).
    pub tokens: Vec<Token>,
    /// Each token's name as a [`name_key`], computed once when it arrives,
    /// so that typing in Search by Name does not normalise every name again.
    pub keys: Vec<String>,
    /// Indices into `tokens` that pass the filter, in list order.
    pub visible: Vec<usize>,
    /// The focused row, as an index into `visible`.
    pub cursor: usize,
    /// The first row shown.
    pub offset: usize,
    /// impact's three filters.
    pub filter: Filter,
    /// The Search by Name field.
    pub search: TextArea<'static>,
    /// Whether the Search by Name field has focus.
    pub searching: bool,
    /// "Now" for the Created On filter (Unix seconds), taken when the list
    /// or a filter changes so that the view stays a function of the state.
    pub now: i64,
    /// Which load answers are current: a reload counts up, and pages of an
    /// older load are dropped.
    pub generation: u64,
    /// A page is on its way.
    pub loading: bool,
    /// The next page arrives after this one (the server said so).
    pub more: bool,
    /// The current load has not brought its first page yet: the tokens
    /// shown are the previous load's, replaced when it does.
    pub stale: bool,
    /// Why the last load failed.
    pub error: Option<String>,
    /// The Id of the token to focus once it is loaded (after a reload).
    pub select: Option<String>,
    /// The Id of the token whose details are open.
    pub details: Option<String>,
    /// Scroll position of the details.
    pub details_scroll: usize,
    /// The open menu: the token's Id and the focused item.
    pub menu: Option<(String, usize)>,
    /// The question a menu item asks.
    pub ask: Option<Ask>,
    /// A change sent to the server and not answered yet.
    pub pending: Option<Sent>,
    /// The Id of the token whose reset secret is on the secret screen.
    pub reset_of: Option<String>,
    /// After the secret screen: what was wiped, shown over the list until a
    /// key is pressed (the done screen's words, the token's name and Id).
    pub notice: Option<Notice>,
    /// A new secret that arrived while another was on the secret screen:
    /// shown as soon as that one is left, never dropped.
    pub queued: Option<Box<crate::contract::CreatedToken>>,
    /// What the caller may do with tokens, when the server said.
    pub permissions: Option<crate::contract::Permissions>,
    /// A rotation from the menu, from its question to its result.
    pub rotation: Option<super::rotation::Rotation>,
}

/// A menu item's change on its way: what its answer is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// The token's Id.
    pub id: String,
    /// Its name, as listed when the change was asked.
    pub name: String,
    /// The revision the change was sent with.
    pub revision: String,
    /// The change.
    pub op: crate::api::ops::TokenOp,
}

/// What the list says after the secret screen closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The token's name.
    pub name: String,
    /// Its Id.
    pub id: String,
    /// True after a Reset, false after a create.
    pub reset: bool,
}

impl PageState {
    /// An empty page; `home` says whether it is the start screen.
    pub fn new(home: bool) -> PageState {
        PageState {
            home,
            tokens: Vec::new(),
            keys: Vec::new(),
            visible: Vec::new(),
            cursor: 0,
            offset: 0,
            filter: Filter::default(),
            search: super::text_field(crate::text::PH_TOKEN_SEARCH, ""),
            searching: false,
            now: 0,
            generation: 0,
            loading: false,
            more: false,
            stale: false,
            error: None,
            select: None,
            details: None,
            details_scroll: 0,
            menu: None,
            ask: None,
            pending: None,
            reset_of: None,
            notice: None,
            queued: None,
            permissions: None,
            rotation: None,
        }
    }

    /// The focused token, if the list shows any.
    pub fn focused(&self) -> Option<&Token> {
        self.visible.get(self.cursor).map(|&i| &self.tokens[i])
    }

    /// The token with this Id.
    pub fn token(&self, id: &str) -> Option<&Token> {
        self.tokens.iter().find(|t| t.id == id)
    }

    /// Recomputes the visible rows after the tokens or the filter changed,
    /// keeping the focused token when it still shows, and scrolls the
    /// cursor into view.
    pub fn refilter(&mut self, rows: usize) {
        let focused = self.focused().map(|t| t.id.clone());
        self.refilter_keeping(focused, rows);
    }

    /// Forgets the tokens shown, for a load's first page to replace them.
    /// The visible rows go too: they index the list that is gone. The
    /// focused token is looked for in the pages to come, unless the load
    /// already asked for one.
    pub fn clear(&mut self) {
        if self.select.is_none() {
            self.select = self.focused().map(|t| t.id.clone());
        }
        self.tokens.clear();
        self.keys.clear();
        self.visible.clear();
    }

    /// Removes the token `id` (deleted). The focus stays on its token, or,
    /// when that was the one removed, on the row that takes its place (the
    /// new last row when it was the last).
    pub fn remove(&mut self, id: &str, rows: usize) {
        let focused = self.focused().map(|t| t.id.clone()).filter(|f| f != id);
        self.tokens.retain(|t| t.id != id);
        self.keys.clear();
        // Indices into the old list: none may be read again.
        self.visible.clear();
        self.close_gone();
        self.refilter_keeping(focused, rows);
    }

    /// Closes the menu, the details and a question about a token the list
    /// no longer has (deleted, here or elsewhere): they are not drawn, and
    /// keys would go to them. The lost reset's question stays: it names its
    /// token itself. Returns whether anything closed.
    pub fn close_gone(&mut self) -> bool {
        let gone = |id: &String| !self.tokens.iter().any(|t| &t.id == id);
        let menu = self.menu.as_ref().is_some_and(|(id, _)| gone(id));
        let details = self.details.as_ref().is_some_and(gone);
        let ask = match &self.ask {
            Some(Ask::Reset { id, .. } | Ask::Delete { id, .. } | Ask::Disable { id }) => gone(id),
            Some(Ask::Upgrade(u)) => gone(&u.id),
            _ => false,
        };
        if menu {
            self.menu = None;
        }
        if details {
            self.details = None;
        }
        if ask {
            self.ask = None;
        }
        menu || details || ask
    }

    /// [`Self::refilter`] with the token to keep focused given: the one
    /// asked for by [`Self::select`] comes first, then `focused`; with
    /// neither showing, the cursor keeps its row, within the list.
    fn refilter_keeping(&mut self, focused: Option<String>, rows: usize) {
        if self.keys.len() != self.tokens.len() {
            self.keys = self.tokens.iter().map(|t| name_key(&t.name)).collect();
        }
        // The name as the model compares it (name keys), from the cache;
        // the date and state filters as the model has them.
        let wanted = name_key(self.filter.name.trim());
        let rest = Filter {
            name: String::new(),
            ..self.filter.clone()
        };
        self.visible = (0..self.tokens.len())
            .filter(|&i| wanted.is_empty() || self.keys[i].contains(&wanted))
            .filter(|&i| rest.matches(&self.tokens[i], self.now))
            .collect();
        let wanted = self.select.clone().or(focused);
        if let Some(id) = wanted
            && let Some(pos) = self.visible.iter().position(|&i| self.tokens[i].id == id)
        {
            // `select` stays until the load ends or the user moves: a
            // later page must not take the focus elsewhere.
            self.cursor = pos;
        }
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
        self.scroll_into_view(rows);
    }

    /// Moves `offset` so that the cursor's row shows. Past an edge the list
    /// jumps by a quarter window, as the scope tree does, so that most
    /// moves rewrite two markers and few rewrite the rows.
    pub fn scroll_into_view(&mut self, rows: usize) {
        let rows = rows.max(1);
        let jump = (rows / 4).max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor.saturating_sub(jump - 1);
        } else if self.cursor >= self.offset + rows {
            self.offset = (self.cursor + jump).saturating_sub(rows);
        }
        let max = self.visible.len().saturating_sub(rows);
        self.offset = self.offset.min(max);
    }
}

/// Rows the token list shows in a terminal of `size`: the screen less the
/// header (2), the filter line, the column titles, the focused token's
/// name, the list's foot line, the status line and the footer.
pub fn list_rows(size: (u16, u16)) -> usize {
    usize::from(size.1).saturating_sub(8).max(1)
}
