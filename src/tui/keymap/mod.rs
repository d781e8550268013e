//! The one binding table: in which context which key does what, and the
//! help row it belongs to. [`crate::tui::keys::map_key`], the help overlay
//! and the footer hints all read it, and `[keys]` in `config.toml` rebinds it.

mod action;
mod key;
mod table;

pub use action::Action;
pub use key::Key;
pub use table::{ACTIONS, BINDINGS, action_name};

use crate::store::config::KeySetting;

/// Where a binding applies. Several contexts are active at once (see
/// `keys::map_key`); the first that binds a key wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    /// Everywhere, over every dialog too.
    Global,
    /// Keys for the terminal, acted on before the wizard sees them.
    Terminal,
    /// Every screen while no dialog is open.
    Screen,
    /// The first-run choice.
    Welcome,
    /// The profile form.
    Profile,
    /// The profile picker (several profiles, no default).
    PickProfile,
    /// The profile form's account-type picker (not a text field).
    AccountType,
    /// The four panels and the credentials prompt, also while typing.
    Wizard,
    /// The four panels outside text fields.
    Panels,
    /// The new token's screen.
    Secret,
    /// The file name field of the new token's screen.
    SecretSave,
    /// The closing screen.
    Done,
    /// Yes/no questions.
    Confirm,
    /// The question whether to resume a draft.
    Resume,
    /// The preset list.
    Presets,
    /// The preset name field.
    PresetName,
    /// The API page's token list.
    Tokens,
    /// The API page's Search by Name field.
    TokenSearch,
    /// A token's details.
    TokenDetails,
    /// The per-token menu.
    TokenMenu,
    /// The typed-name confirmation of Reset and Delete.
    TokenName,
    /// The yes/no questions of Disable and Upgrade Version.
    TokenAsk,
}

impl Context {
    /// Every context, in the order of the table.
    pub const ALL: [Context; 22] = [
        Context::Global,
        Context::Terminal,
        Context::Screen,
        Context::Welcome,
        Context::Profile,
        Context::PickProfile,
        Context::AccountType,
        Context::Wizard,
        Context::Panels,
        Context::Secret,
        Context::SecretSave,
        Context::Done,
        Context::Confirm,
        Context::Resume,
        Context::Presets,
        Context::PresetName,
        Context::Tokens,
        Context::TokenSearch,
        Context::TokenDetails,
        Context::TokenMenu,
        Context::TokenName,
        Context::TokenAsk,
    ];

    /// The name used in `[keys.NAME]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Terminal => "terminal",
            Context::Screen => "screen",
            Context::Welcome => "welcome",
            Context::Profile => "profile",
            Context::PickProfile => "pick_profile",
            Context::AccountType => "account_type",
            Context::Wizard => "wizard",
            Context::Panels => "panels",
            Context::Secret => "secret",
            Context::SecretSave => "secret_save",
            Context::Done => "done",
            Context::Confirm => "confirm",
            Context::Resume => "resume",
            Context::Presets => "presets",
            Context::PresetName => "preset_name",
            Context::Tokens => "tokens",
            Context::TokenSearch => "token_search",
            Context::TokenDetails => "token_details",
            Context::TokenMenu => "token_menu",
            Context::TokenName => "token_name",
            Context::TokenAsk => "token_ask",
        }
    }

    /// The context named `name`.
    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// A question that changes something when answered yes: Enter, which
    /// the user may press out of habit or to go on, answers none of them.
    pub fn is_question(self) -> bool {
        matches!(self, Context::Confirm | Context::Resume | Context::TokenAsk)
    }

    /// A text field has focus whenever this context is active, so a plain
    /// character types instead of commanding.
    pub fn always_typing(self) -> bool {
        matches!(
            self,
            Context::SecretSave | Context::PresetName | Context::TokenSearch | Context::TokenName
        )
    }
}

/// A row of the help overlay; its wording is in `text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Help {
    /// Tab / Shift-Tab.
    Fields,
    /// Enter.
    Confirm,
    /// Ctrl-N / Ctrl-P.
    Panels,
    /// Alt-1..4, 1..4.
    Goto,
    /// Up / down.
    Move,
    /// Left / right.
    Fold,
    /// Page up / down.
    Page,
    /// Home / End.
    Ends,
    /// Space.
    Toggle,
    /// `/`.
    Search,
    /// `a`.
    CategoryAll,
    /// `c`.
    ClearAll,
    /// Presets.
    Presets,
    /// Remove an e-mail.
    Delete,
    /// Esc.
    Cancel,
    /// Export.
    Export,
    /// The new token's keys.
    Secret,
    /// Retry, suspend, redraw.
    Terminal,
    /// This help.
    Help,
    /// Quit.
    Quit,
    /// The API page's keys.
    Tokens,
    /// The API page's filters.
    Filters,
}

impl Help {
    /// Every row, in the order shown.
    pub const ALL: [Help; 22] = [
        Help::Fields,
        Help::Confirm,
        Help::Panels,
        Help::Goto,
        Help::Move,
        Help::Fold,
        Help::Page,
        Help::Ends,
        Help::Toggle,
        Help::Search,
        Help::CategoryAll,
        Help::ClearAll,
        Help::Presets,
        Help::Delete,
        Help::Cancel,
        Help::Export,
        Help::Secret,
        Help::Terminal,
        Help::Help,
        Help::Quit,
        Help::Tokens,
        Help::Filters,
    ];

    /// What the row says the keys do.
    pub fn label(self) -> &'static str {
        use crate::text as t;
        match self {
            Help::Fields => t::KEYS_FIELDS,
            Help::Confirm => t::KEYS_CONFIRM,
            Help::Panels => t::KEYS_PANELS,
            Help::Goto => t::KEYS_GOTO,
            Help::Move => t::KEYS_MOVE,
            Help::Fold => t::KEYS_FOLD,
            Help::Page => t::KEYS_PAGE,
            Help::Ends => t::KEYS_ENDS,
            Help::Toggle => t::KEYS_TOGGLE,
            Help::Search => t::KEYS_SEARCH,
            Help::CategoryAll => t::KEYS_CATEGORY_ALL,
            Help::ClearAll => t::KEYS_CLEAR_ALL,
            Help::Presets => t::KEYS_PRESETS,
            Help::Delete => t::KEYS_DELETE,
            Help::Cancel => t::KEYS_CANCEL,
            Help::Export => t::KEYS_EXPORT,
            Help::Secret => t::KEYS_SECRET,
            Help::Terminal => t::KEYS_TERMINAL,
            Help::Help => t::KEYS_HELP,
            Help::Quit => t::KEYS_QUIT,
            Help::Tokens => t::KEYS_TOKENS,
            Help::Filters => t::KEYS_FILTERS,
        }
    }
}

/// One binding: in `context`, `key` means `action`, listed in help row `help`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// Where it applies.
    pub context: Context,
    /// The key.
    pub key: Key,
    /// What it does.
    pub action: Action,
    /// The help row that lists it (`None`: the screen or dialog shows it).
    pub help: Option<Help>,
}

/// A rebinding that cannot be applied, with the line of `config.toml` it
/// came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyError {
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The bindings in force: the defaults with the user's `[keys]` applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
    rebound: bool,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS.to_vec(),
            rebound: false,
        }
    }
}

impl Keymap {
    /// Every binding, in table order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Whether `[keys]` changed anything.
    pub fn rebound(&self) -> bool {
        self.rebound
    }

    /// The binding of `key` in `context`. A key with Alt held falls back to
    /// the key without it, as terminals send Esc-prefixed keys as Alt.
    pub fn lookup(&self, context: Context, key: Key) -> Option<&Binding> {
        let find = |k: Key| {
            self.bindings
                .iter()
                .find(|b| b.context == context && b.key == k)
        };
        find(key).or_else(|| key.alt.then(|| find(Key { alt: false, ..key })).flatten())
    }

    /// The keys bound to `action` in `context`, in table order.
    pub fn keys_for(&self, context: Context, action: Action) -> impl Iterator<Item = Key> + '_ {
        self.bindings
            .iter()
            .filter(move |b| b.context == context && b.action == action)
            .map(|b| b.key)
    }

    /// The defaults with `settings` applied. Each setting replaces the keys
    /// of one action in one context; an empty string unbinds it.
    pub fn with_settings(settings: &[KeySetting]) -> Result<Keymap, KeyError> {
        let mut map = Keymap::default();
        let mut lines: Vec<(Context, Action, usize)> = Vec::new();
        for s in settings {
            let err = |message: String| KeyError {
                line: s.line,
                message,
            };
            let context = Context::from_name(&s.context)
                .ok_or_else(|| err(crate::text::unknown_key_context(&s.context)))?;
            let action = ACTIONS
                .iter()
                .find(|(n, _)| *n == s.action)
                .map(|(_, a)| *a)
                .filter(|a| {
                    BINDINGS
                        .iter()
                        .any(|b| b.context == context && b.action == *a)
                })
                .ok_or_else(|| err(crate::text::unknown_action(&s.action, context.name())))?;
            let mut keys: Vec<Key> = Vec::new();
            for spec in s.keys.split_whitespace() {
                let key = Key::parse(spec).ok_or_else(|| err(crate::text::unknown_key(spec)))?;
                if context.always_typing() && key.is_plain_char() {
                    return Err(err(crate::text::key_would_type(spec, context.name())));
                }
                if context.is_question() && key.code == crossterm::event::KeyCode::Enter {
                    return Err(err(crate::text::enter_answers_no_question(context.name())));
                }
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            let help = BINDINGS
                .iter()
                .find(|b| b.context == context && b.action == action)
                .and_then(|b| b.help);
            let at = map
                .bindings
                .iter()
                .position(|b| b.context == context && b.action == action)
                .unwrap_or(map.bindings.len());
            map.bindings
                .retain(|b| !(b.context == context && b.action == action));
            let at = at.min(map.bindings.len());
            for (i, key) in keys.into_iter().enumerate() {
                map.bindings.insert(
                    at + i,
                    Binding {
                        context,
                        key,
                        action,
                        help,
                    },
                );
            }
            lines.retain(|(c, a, _)| !(*c == context && *a == action));
            lines.push((context, action, s.line));
            map.rebound = true;
        }
        let line_of = |c: Context, a: Action| {
            lines
                .iter()
                .find(|(lc, la, _)| *lc == c && *la == a)
                .map(|(_, _, l)| *l)
        };
        for (i, x) in map.bindings.iter().enumerate() {
            for y in &map.bindings[i + 1..] {
                if x.context == y.context && x.key == y.key && x.action != y.action {
                    let line = line_of(x.context, x.action)
                        .max(line_of(y.context, y.action))
                        .unwrap_or(0);
                    return Err(KeyError {
                        line,
                        message: crate::text::key_bound_twice(
                            &x.key.name(),
                            action_name(x.action).unwrap_or("?"),
                            action_name(y.action).unwrap_or("?"),
                            x.context.name(),
                        ),
                    });
                }
            }
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    #[test]
    fn key_names_read_back() {
        for b in BINDINGS {
            assert_eq!(Key::parse(&b.key.name()), Some(b.key), "{}", b.key.name());
        }
        assert_eq!(Key::parse("Ctrl-R"), Some(Key::ctrl('r')));
        assert_eq!(Key::parse("alt-1"), Some(Key::alt('1')));
        assert_eq!(Key::parse("F1"), Some(Key::code(KeyCode::F(1))));
        assert_eq!(Key::parse("Shift-Tab"), Some(Key::code(KeyCode::BackTab)));
        assert_eq!(Key::parse("PageDown"), Some(Key::code(KeyCode::PageDown)));
        assert_eq!(Key::parse("Shift-s"), Some(Key::plain('S')));
        assert_eq!(Key::parse("-"), Some(Key::plain('-')));
        for bad in ["", "Ctrl-", "F13", "Hyper-x", "Shift-Up", "qq"] {
            assert_eq!(Key::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_defaults_bind_no_key_twice_in_a_context() {
        assert_eq!(Keymap::with_settings(&[]), Ok(Keymap::default()));
    }

    #[test]
    fn enter_answers_no_question() {
        for b in BINDINGS.iter().filter(|b| b.context.is_question()) {
            assert_ne!(b.key, Key::code(KeyCode::Enter), "{b:?}");
        }
        let s = |keys: &str| KeySetting {
            context: "token_ask".into(),
            action: "yes".into(),
            keys: keys.into(),
            line: 4,
        };
        let e = Keymap::with_settings(&[s("y Enter")]).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("Enter"), "{}", e.message);
        assert!(Keymap::with_settings(&[s("y Ctrl-Y")]).is_ok());
    }

    #[test]
    fn every_bound_action_has_a_name() {
        for b in BINDINGS {
            assert!(action_name(b.action).is_some(), "{:?}", b.action);
        }
    }
}
