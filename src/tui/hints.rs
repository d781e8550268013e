//! Key hints (footer, screen bodies, dialogs) and the help overlay's rows,
//! written from the binding table so they name the keys in force.

use crate::text::{self, hint as w};
use crate::tui::keymap::{Context, Help, Key, Keymap};
use crate::tui::keys::Action;
use crate::tui::state::{ContactFocus, Modal, Screen, SetupFocus, State, Step, SubmitState};

/// One hint: the first key of each action in a context, then what it does;
/// or words alone.
#[derive(Clone, Copy, Debug)]
pub enum Hint {
    /// Keys bound in the context to the actions, then the label.
    Keys(Context, &'static [Action], &'static str),
    /// Words without a key.
    Note(&'static str),
}

use Action as A;
use Context as C;
use Hint::{Keys as K, Note};

const PRESETS: &[Hint] = &[
    K(C::Presets, &[A::Up, A::Down], w::CHOOSE),
    K(C::Presets, &[A::Yes], w::REVIEW),
    K(C::Presets, &[A::No], w::CLOSE),
];
const PRESET_NAME: &[Hint] = &[
    K(C::PresetName, &[A::Yes], w::SAVE),
    K(C::PresetName, &[A::No], w::CANCEL),
];
const LOG_PATH: &[Hint] = &[
    K(C::PresetName, &[A::Yes], w::READ),
    K(C::PresetName, &[A::No], w::CANCEL),
];
const CONFIRM: &[Hint] = &[
    K(C::Confirm, &[A::Yes], w::YES),
    K(C::Confirm, &[A::No], w::NO),
];
const MEANWHILE: &[Hint] = &[
    K(C::Confirm, &[A::Yes], w::REAPPLY),
    K(C::Confirm, &[A::No], w::NOT_NOW),
];
const KEEP_MINE: &[Hint] = &[
    K(C::Confirm, &[A::Yes], w::KEEP_MINE),
    K(C::Confirm, &[A::No], w::TAKE_THEIRS),
];
const RESUME: &[Hint] = &[
    K(C::Resume, &[A::Yes], w::RESUME),
    K(C::Resume, &[A::No, A::Cancel], w::NOT_NOW_DRAFT),
    K(C::Resume, &[A::Delete], w::DISCARD),
    K(C::Resume, &[A::Quit], w::QUIT),
];
const DISCARD: &[Hint] = &[
    K(C::Confirm, &[A::Yes], w::DISCARD_FOR_GOOD),
    K(C::Confirm, &[A::No], w::KEEP_IT),
];
const SECRET_BODY: &[Hint] = &[
    K(C::Secret, &[A::Copy], w::COPY_OSC52),
    K(C::Secret, &[A::SaveSecret], w::SAVE_TO_A_FILE),
    K(C::Secret, &[A::Probe], w::TEST),
    K(C::Secret, &[A::Cancel], w::DONE),
];

/// The hints for the focused part of the screen.
pub fn items(state: &State) -> &'static [Hint] {
    match &state.modal {
        Some(Modal::Help) => return &[Note(w::HELP_OPEN)],
        Some(Modal::Presets(_)) => return PRESETS,
        Some(Modal::SavePreset) => return PRESET_NAME,
        Some(Modal::LogPath) => return LOG_PATH,
        Some(Modal::ChangedMeanwhile) => return MEANWHILE,
        Some(Modal::KeepMine) => return KEEP_MINE,
        Some(Modal::ConfirmResume) => return RESUME,
        Some(Modal::ConfirmDiscardDraft) => return DISCARD,
        Some(_) => return CONFIRM,
        None => {}
    }
    match &state.screen {
        Screen::Welcome => &[
            K(C::Welcome, &[A::Pick('s')], w::SANDBOX),
            K(C::Welcome, &[A::Pick('p')], w::PROFILE),
            K(C::Welcome, &[A::Quit], w::QUIT),
        ],
        Screen::PickProfile => &[
            K(C::PickProfile, &[A::Up, A::Down], w::CHOOSE),
            K(C::PickProfile, &[A::Enter], w::USE_PROFILE),
            K(C::PickProfile, &[A::Quit], w::QUIT),
        ],
        // The account type picker is the one row that is not a text field.
        Screen::ProfileSetup if state.profile_form.focus == 1 => &[
            K(C::Profile, &[A::FocusNext, A::FocusPrev], w::FIELD),
            K(C::AccountType, &[A::Left, A::Right], w::ACCOUNT_TYPE),
            K(C::Profile, &[A::Enter], w::NEXT_OR_SAVE),
            K(C::Profile, &[A::Cancel], w::BACK),
            K(C::Global, &[A::Quit], w::QUIT),
        ],
        Screen::ProfileSetup => &[
            K(C::Profile, &[A::FocusNext, A::FocusPrev], w::FIELD),
            K(C::Profile, &[A::Enter], w::NEXT_OR_SAVE),
            K(C::Profile, &[A::Cancel], w::BACK),
            K(C::Global, &[A::Quit], w::QUIT),
        ],
        Screen::Credentials => &[
            K(C::Wizard, &[A::FocusNext], w::SWITCH_FIELD),
            K(C::Wizard, &[A::Enter], w::CONTINUE),
            K(C::Global, &[A::Quit], w::QUIT),
        ],
        Screen::Secret(c) if c.save_input.is_some() => &[
            K(C::SecretSave, &[A::Enter], w::SAVE),
            K(C::SecretSave, &[A::Cancel], w::CANCEL),
        ],
        Screen::Secret(_) => &[
            K(C::Secret, &[A::Copy], w::COPY),
            K(C::Secret, &[A::SaveSecret], w::SAVE_TO_FILE),
            K(C::Secret, &[A::Probe], w::TEST),
            K(C::Secret, &[A::Cancel], w::DONE),
            K(C::Secret, &[A::Help], w::HELP),
        ],
        Screen::Done { .. } => &[K(C::Done, &[A::Quit], w::QUIT)],
        Screen::Tokens => page_items(state),
        Screen::Wizard => match state.step {
            Step::Setup if state.setup.focus == SetupFocus::Version => &[
                K(C::Panels, &[A::Left, A::Right], w::VERSION),
                K(C::Wizard, &[A::Enter, A::Next], w::NEXT),
                K(C::Wizard, &[A::FocusNext], w::FIELD),
                K(C::Panels, &[A::Help], w::HELP),
                K(C::Panels, &[A::Quit], w::QUIT),
            ],
            Step::Setup => &[
                K(C::Wizard, &[A::FocusNext, A::Up, A::Down], w::FIELD),
                K(C::Wizard, &[A::Enter], w::NEXT_FIELD),
                K(C::Wizard, &[A::Next], w::NEXT),
                K(C::Global, &[A::Quit], w::QUIT),
                K(C::Screen, &[A::Help], w::HELP),
            ],
            Step::Contact if state.contact.focus == ContactFocus::Contacts => &[
                Note(w::TYPE_TO_FILTER),
                K(C::Wizard, &[A::Up, A::Down], w::MOVE),
                K(C::Wizard, &[A::Enter], w::PICK),
                K(C::Wizard, &[A::FocusNext], w::EMAILS),
                K(C::Wizard, &[A::Next], w::NEXT),
                K(C::Screen, &[A::Help], w::HELP),
            ],
            Step::Contact if state.contact.focus == ContactFocus::EmailList => &[
                K(C::Wizard, &[A::Up, A::Down], w::MOVE),
                K(C::Panels, &[A::Delete], w::REMOVE),
                K(C::Wizard, &[A::Enter, A::Next], w::NEXT),
                K(C::Wizard, &[A::FocusNext], w::FIELD),
                K(C::Panels, &[A::Help], w::HELP),
                K(C::Panels, &[A::Quit], w::QUIT),
            ],
            Step::Contact => &[
                K(C::Wizard, &[A::Enter], w::ADD),
                K(C::Wizard, &[A::Up], w::CONTACTS),
                K(C::Wizard, &[A::Back], w::BACK),
                K(C::Wizard, &[A::Next], w::NEXT),
                K(C::Screen, &[A::Help], w::HELP),
            ],
            Step::Scopes if state.search.editing => &[
                Note(w::TYPE_TO_SEARCH),
                K(C::Wizard, &[A::Up, A::Down], w::MOVE),
                K(C::Panels, &[A::Toggle], w::TOGGLE),
                K(C::Wizard, &[A::Enter], w::KEEP_FILTER),
                K(C::Wizard, &[A::Cancel], w::CLEAR),
            ],
            // Least needed last: a narrow footer leaves hints out from the end.
            Step::Scopes => &[
                K(C::Panels, &[A::Toggle], w::TOGGLE),
                K(C::Panels, &[A::Search], w::FIND),
                K(C::Panels, &[A::ToggleCategoryAll], w::ALL),
                K(C::Panels, &[A::ClearAll], w::CLEAR),
                K(C::Panels, &[A::Presets], w::PRESETS),
                K(C::Wizard, &[A::Enter], w::NEXT),
                K(C::Panels, &[A::Left, A::Right], w::FOLD),
                K(C::Panels, &[A::Help], w::KEYS),
            ],
            Step::Create if !matches!(state.submit, SubmitState::Idle) => &[
                K(C::Wizard, &[A::Cancel], w::CANCEL),
                K(C::Panels, &[A::Help], w::HELP),
            ],
            Step::Create if state.export_input.is_some() => &[
                K(C::Wizard, &[A::Enter], w::EXPORT),
                K(C::Wizard, &[A::Cancel], w::CANCEL),
            ],
            Step::Create if state.mode.original().is_some() => &[
                K(C::Wizard, &[A::Enter], text::UPDATE_KEY),
                K(C::Wizard, &[A::Up, A::Down], w::SCROLL),
                K(C::Wizard, &[A::Back], w::BACK),
                K(
                    C::Panels,
                    &[
                        A::Goto(Step::Setup),
                        A::Goto(Step::Contact),
                        A::Goto(Step::Scopes),
                    ],
                    w::EDIT,
                ),
                K(C::Panels, &[A::Help], w::HELP),
                K(C::Panels, &[A::Quit], w::QUIT),
            ],
            // The panel's own line says ↑↓ scroll: it goes first at 80 columns.
            Step::Create => &[
                K(C::Wizard, &[A::Enter], w::CREATE),
                K(C::Panels, &[A::Export], w::EXPORT_SPEC),
                K(C::Panels, &[A::Checklist], w::WEB_STEPS),
                K(C::Wizard, &[A::Back], w::BACK),
                K(
                    C::Panels,
                    &[
                        A::Goto(Step::Setup),
                        A::Goto(Step::Contact),
                        A::Goto(Step::Scopes),
                    ],
                    w::EDIT,
                ),
                K(C::Wizard, &[A::Up, A::Down], w::SCROLL),
                K(C::Panels, &[A::Help], w::HELP),
                K(C::Panels, &[A::Quit], w::QUIT),
            ],
        },
    }
}

/// The API page's hints: the question, the menu, the details, the search
/// field or the list.
fn page_items(state: &State) -> &'static [Hint] {
    use crate::tui::state::Ask;
    let page = &state.page;
    if page.notice.is_some() {
        return &[Note(w::ANY_KEY_CLOSES)];
    }
    match &page.ask {
        Some(Ask::LostReset { .. }) => {
            return &[
                K(C::TokenAsk, &[A::Yes], w::ASK_AGAIN),
                K(C::TokenAsk, &[A::No], w::CLOSE),
            ];
        }
        Some(Ask::Rotated { .. }) => return &[K(C::TokenAsk, &[A::No], w::CLOSE)],
        Some(Ask::Reset { .. } | Ask::Delete { .. }) => {
            return &[
                Note(w::TYPE_THE_NAME),
                K(C::TokenName, &[A::Yes], w::CONFIRM),
                K(C::TokenName, &[A::No], w::CANCEL),
            ];
        }
        Some(Ask::Upgrade(u)) if u.versions.len() > 1 => {
            return &[
                K(C::TokenAsk, &[A::Left, A::Right], w::OTHER_VERSION),
                K(C::TokenAsk, &[A::Yes], w::YES),
                K(C::TokenAsk, &[A::No], w::NO),
            ];
        }
        Some(_) => {
            return &[
                K(C::TokenAsk, &[A::Yes], w::YES),
                K(C::TokenAsk, &[A::No], w::NO),
            ];
        }
        None => {}
    }
    if page.menu.is_some() {
        return &[
            K(C::TokenMenu, &[A::Up, A::Down], w::CHOOSE),
            K(C::TokenMenu, &[A::Yes], w::CONFIRM),
            K(C::TokenMenu, &[A::No], w::CLOSE),
        ];
    }
    if page.details.is_some() {
        return &[
            K(C::TokenDetails, &[A::Up, A::Down], w::SCROLL),
            K(C::TokenDetails, &[A::TokenMenu], w::MENU),
            K(C::TokenDetails, &[A::Cancel], w::BACK),
            K(C::TokenDetails, &[A::Help], w::HELP),
        ];
    }
    if page.searching {
        return &[
            Note(w::TYPE_TO_SEARCH_NAME),
            K(C::TokenSearch, &[A::Up, A::Down], w::MOVE),
            K(C::TokenSearch, &[A::Enter], w::KEEP_FILTER),
            K(C::TokenSearch, &[A::Cancel], w::CLEAR),
        ];
    }
    // The filter keys are on the filter line.
    &[
        K(C::Tokens, &[A::NewToken], w::NEW_TOKEN),
        K(C::Tokens, &[A::Enter], w::DETAILS),
        K(C::Tokens, &[A::TokenMenu], w::MENU),
        K(C::Tokens, &[A::Reload], w::RELOAD),
        K(C::Tokens, &[A::Help], w::HELP),
        K(C::Tokens, &[A::Quit], w::QUIT),
    ]
}

/// Key names with runs of three or more consecutive digits (same
/// modifiers) written as `1..4`.
pub fn compact(keys: &[Key]) -> Vec<String> {
    let digit = |k: &Key| match k.code {
        crossterm::event::KeyCode::Char(c) if c.is_ascii_digit() => Some(c),
        _ => None,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i + 1;
        if let Some(d) = digit(&keys[i]) {
            while j < keys.len()
                && digit(&keys[j]).map(u32::from) == Some(u32::from(d) + (j - i) as u32)
                && keys[j].ctrl == keys[i].ctrl
                && keys[j].alt == keys[i].alt
            {
                j += 1;
            }
        }
        if j - i >= 3 {
            let last = digit(&keys[j - 1]).unwrap_or('?');
            out.push(format!("{}..{last}", keys[i].name()));
        } else {
            j = i + 1;
            out.push(keys[i].name());
        }
        i = j;
    }
    out
}

fn is_vertical(name: &str) -> bool {
    matches!(name, "↑" | "↓")
}

/// One hint as text, or `None` when none of its actions has a key.
fn one(keymap: &Keymap, h: &Hint) -> Option<String> {
    match h {
        Hint::Note(words) => Some((*words).to_string()),
        Hint::Keys(context, actions, label) => {
            let firsts: Vec<Key> = actions
                .iter()
                .filter_map(|a| keymap.keys_for(*context, *a).next())
                .collect();
            let names = compact(&firsts);
            let mut keys = String::new();
            for (i, n) in names.iter().enumerate() {
                // `↑↓`, but `←/→`, `Tab/↑↓` and `Enter/Ctrl-N`.
                if i > 0 && !(is_vertical(n) && is_vertical(&names[i - 1])) {
                    keys.push('/');
                }
                keys.push_str(n);
            }
            (!keys.is_empty()).then(|| format!("{keys} {label}"))
        }
    }
}

/// The first key of each action in a context, as the hints write them
/// (`←/→`, `↑↓`); empty when none is bound. For prose that names a key.
pub fn keys(keymap: &Keymap, context: Context, actions: &'static [Action]) -> String {
    one(keymap, &K(context, actions, ""))
        .map(|s| s.trim_end().to_string())
        .unwrap_or_default()
}

/// Hints joined with ` · `.
pub fn line(keymap: &Keymap, hints: &[Hint]) -> String {
    hints
        .iter()
        .filter_map(|h| one(keymap, h))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The footer: the key hints, led by the retry key while a failed load can
/// be retried.
pub fn footer(state: &State) -> String {
    footer_in(state, usize::MAX)
}

/// The footer in `width` columns: whole hints only, never one cut. When
/// they do not all fit, hints are left out from the end, the help key's
/// last (it lists every key).
pub fn footer_in(state: &State, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut all: Vec<Hint> = Vec::new();
    if state.modal.is_none() && state.can_retry() {
        all.push(K(C::Wizard, &[A::Retry], w::RETRY));
    }
    all.extend_from_slice(items(state));
    let is_help = |h: &Hint| matches!(h, Hint::Keys(_, actions, _) if actions.contains(&A::Help));
    let mut shown: Vec<(bool, String)> = all
        .iter()
        .filter_map(|h| one(&state.keymap, h).map(|s| (is_help(h), s)))
        .collect();
    let joined = |v: &[(bool, String)]| {
        v.iter()
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    while 1 + joined(&shown).width() > width {
        match shown.iter().rposition(|(help, _)| !help) {
            Some(i) => {
                shown.remove(i);
            }
            None => break,
        }
    }
    format!(" {}", joined(&shown))
}

/// The keys of the new token's screen, in its body.
pub fn secret_keys(keymap: &Keymap) -> String {
    line(keymap, SECRET_BODY)
}

/// The key that retries a failed load, if one is bound.
pub fn retry_key(keymap: &Keymap) -> Option<String> {
    keymap.keys_for(C::Wizard, A::Retry).next().map(Key::name)
}

/// A load failure, with how to try again.
pub fn with_retry(keymap: &Keymap, message: &str) -> String {
    match retry_key(keymap) {
        Some(k) => text::with_retry_hint(message, &k),
        None => message.to_string(),
    }
}

/// The keys of the closing screen.
pub fn done_keys(keymap: &Keymap) -> String {
    let keys: Vec<String> = keymap.keys_for(C::Done, A::Quit).map(Key::name).collect();
    text::done_keys(&keys)
}

/// The answer keys of a yes/no question.
pub fn yes_no(keymap: &Keymap, modal: &Modal) -> String {
    let hints = match modal {
        Modal::ConfirmResume => RESUME,
        Modal::ConfirmDiscardDraft => DISCARD,
        Modal::ChangedMeanwhile => MEANWHILE,
        Modal::KeepMine => KEEP_MINE,
        _ => CONFIRM,
    };
    line(keymap, hints)
}

/// The keys of the preset list.
pub fn presets_keys(keymap: &Keymap) -> String {
    line(keymap, PRESETS)
}

/// The keys of the preset name question.
pub fn preset_name_keys(keymap: &Keymap) -> String {
    line(keymap, PRESET_NAME)
}

/// The keys of the log path question ("From a log file…").
pub fn log_path_keys(keymap: &Keymap) -> String {
    line(keymap, LOG_PATH)
}

/// The help overlay's rows: keys, and what they do. Keys of one action are
/// joined by spaces, different actions by ` / ` (the label names them in
/// the same order).
pub fn help_rows(keymap: &Keymap) -> Vec<(String, &'static str)> {
    help_rows_where(keymap, |_| true)
}

/// The help rows for the screen up: on the API page its own rows and the
/// ones that work everywhere, elsewhere the wizard's, so that each list
/// fits 80×24.
pub fn help_rows_for(state: &State) -> Vec<(String, &'static str)> {
    let page = matches!(state.screen, Screen::Tokens);
    let on_page = |c: Context| {
        matches!(
            c,
            C::Tokens
                | C::TokenSearch
                | C::TokenDetails
                | C::TokenMenu
                | C::TokenName
                | C::TokenAsk
        )
    };
    let everywhere = |c: Context| matches!(c, C::Global | C::Terminal | C::Screen);
    let keymap = &state.keymap;
    help_rows_where(keymap, |help| {
        keymap
            .bindings()
            .iter()
            .filter(|b| b.help == Some(help))
            .any(|b| {
                if page {
                    on_page(b.context) || everywhere(b.context)
                } else {
                    !on_page(b.context)
                }
            })
    })
}

fn help_rows_where(keymap: &Keymap, keep: impl Fn(Help) -> bool) -> Vec<(String, &'static str)> {
    let mut rows = Vec::new();
    for help in Help::ALL.into_iter().filter(|h| keep(*h)) {
        let mut groups: Vec<(std::mem::Discriminant<Action>, Vec<Key>)> = Vec::new();
        for b in keymap.bindings().iter().filter(|b| b.help == Some(help)) {
            let d = std::mem::discriminant(&b.action);
            match groups.iter_mut().find(|(g, _)| *g == d) {
                Some((_, keys)) => keys.push(b.key),
                None => groups.push((d, vec![b.key])),
            }
        }
        if groups.is_empty() {
            continue;
        }
        let keys = groups
            .iter()
            .map(|(_, keys)| compact(keys).join(" "))
            .collect::<Vec<_>>()
            .join(" / ");
        rows.push((keys, help.label()));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_are_compacted() {
        let keys: Vec<Key> = ["Alt-1", "Alt-2", "Alt-3", "Alt-4", "1", "2", "x"]
            .iter()
            .map(|s| Key::parse(s).unwrap())
            .collect();
        assert_eq!(compact(&keys), ["Alt-1..4", "1", "2", "x"]);
    }

    #[test]
    fn help_rows_show_the_keys_the_old_list_left_out() {
        let rows = help_rows(&Keymap::default());
        let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
        assert!(keys.contains(&"Home g / End G"), "{keys:?}");
        assert!(keys.contains(&"d x Delete Backspace"), "{keys:?}");
        assert!(keys.contains(&"c y / s / t"), "{keys:?}");
        assert!(keys.contains(&"Alt-1..4 1..4"), "{keys:?}");
    }
}
