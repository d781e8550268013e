//! The default binding table and the action names `[keys]` uses: data,
//! one binding a line.

use crossterm::event::KeyCode;

use super::Action;
use super::{Binding, Context, Help, Key};
use crate::tui::step::Step;

const fn b(context: Context, key: Key, action: Action, help: Option<Help>) -> Binding {
    Binding {
        context,
        key,
        action,
        help,
    }
}

use Action as A;
use Context as C;
use KeyCode as K;

const fn h(help: Help) -> Option<Help> {
    Some(help)
}

/// The default bindings. Order matters twice: the first key of an action
/// is the one the footer names, and help rows list keys in this order.
// One binding a line, so the table reads as a table.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b(C::Global, Key::ctrl('c'), A::Quit, h(Help::Quit)),
    b(C::Terminal, Key::ctrl('z'), A::Suspend, h(Help::Terminal)),
    b(C::Terminal, Key::ctrl('l'), A::Redraw, h(Help::Terminal)),
    b(C::Screen, Key::code(K::F(1)), A::Help, h(Help::Help)),
    // First run.
    b(C::Welcome, Key::plain('s'), A::Pick('s'), None),
    b(C::Welcome, Key::plain('p'), A::Pick('p'), None),
    b(C::Welcome, Key::plain('q'), A::Quit, None),
    b(C::Welcome, Key::code(K::Esc), A::Quit, None),
    b(C::Welcome, Key::plain('?'), A::Help, None),
    b(C::Profile, Key::code(K::Tab), A::FocusNext, None),
    b(C::Profile, Key::code(K::Down), A::FocusNext, None),
    b(C::Profile, Key::code(K::BackTab), A::FocusPrev, None),
    b(C::Profile, Key::code(K::Up), A::FocusPrev, None),
    b(C::Profile, Key::code(K::Enter), A::Enter, None),
    b(C::Profile, Key::code(K::Esc), A::Cancel, None),
    b(C::AccountType, Key::code(K::Left), A::Left, None),
    b(C::AccountType, Key::plain('h'), A::Left, None),
    b(C::AccountType, Key::code(K::Right), A::Right, None),
    b(C::AccountType, Key::plain('l'), A::Right, None),
    b(C::AccountType, Key::plain(' '), A::Right, None),
    // The panels, also while typing.
    b(C::Wizard, Key::code(K::Tab), A::FocusNext, h(Help::Fields)),
    b(C::Wizard, Key::code(K::BackTab), A::FocusPrev, h(Help::Fields)),
    b(C::Wizard, Key::code(K::Enter), A::Enter, h(Help::Confirm)),
    b(C::Wizard, Key::ctrl('n'), A::Next, h(Help::Panels)),
    b(C::Wizard, Key::ctrl('p'), A::Back, h(Help::Panels)),
    b(C::Wizard, Key::alt('1'), A::Goto(Step::Setup), h(Help::Goto)),
    b(C::Wizard, Key::alt('2'), A::Goto(Step::Contact), h(Help::Goto)),
    b(C::Wizard, Key::alt('3'), A::Goto(Step::Scopes), h(Help::Goto)),
    b(C::Wizard, Key::alt('4'), A::Goto(Step::Create), h(Help::Goto)),
    b(C::Wizard, Key::code(K::Up), A::Up, h(Help::Move)),
    b(C::Wizard, Key::code(K::Down), A::Down, h(Help::Move)),
    b(C::Wizard, Key::code(K::PageUp), A::PageUp, h(Help::Page)),
    b(C::Wizard, Key::code(K::PageDown), A::PageDown, h(Help::Page)),
    b(C::Wizard, Key::code(K::Esc), A::Cancel, h(Help::Cancel)),
    b(C::Wizard, Key::ctrl('r'), A::Retry, h(Help::Terminal)),
    // The panels outside text fields.
    b(C::Panels, Key::plain('1'), A::Goto(Step::Setup), h(Help::Goto)),
    b(C::Panels, Key::plain('2'), A::Goto(Step::Contact), h(Help::Goto)),
    b(C::Panels, Key::plain('3'), A::Goto(Step::Scopes), h(Help::Goto)),
    b(C::Panels, Key::plain('4'), A::Goto(Step::Create), h(Help::Goto)),
    b(C::Panels, Key::plain('k'), A::Up, h(Help::Move)),
    b(C::Panels, Key::plain('j'), A::Down, h(Help::Move)),
    b(C::Panels, Key::code(K::Left), A::Left, h(Help::Fold)),
    b(C::Panels, Key::code(K::Right), A::Right, h(Help::Fold)),
    b(C::Panels, Key::plain('h'), A::Left, h(Help::Fold)),
    b(C::Panels, Key::plain('l'), A::Right, h(Help::Fold)),
    b(C::Panels, Key::code(K::Home), A::Home, h(Help::Ends)),
    b(C::Panels, Key::plain('g'), A::Home, h(Help::Ends)),
    b(C::Panels, Key::code(K::End), A::End, h(Help::Ends)),
    b(C::Panels, Key::plain('G'), A::End, h(Help::Ends)),
    b(C::Panels, Key::plain(' '), A::Toggle, h(Help::Toggle)),
    b(C::Panels, Key::plain('/'), A::Search, h(Help::Search)),
    b(C::Panels, Key::plain('a'), A::ToggleCategoryAll, h(Help::CategoryAll)),
    b(C::Panels, Key::plain('c'), A::ClearAll, h(Help::ClearAll)),
    b(C::Panels, Key::plain('p'), A::Presets, h(Help::Presets)),
    b(C::Panels, Key::plain('u'), A::Undo, h(Help::Presets)),
    b(C::Panels, Key::plain('S'), A::SavePreset, h(Help::Presets)),
    b(C::Panels, Key::plain('d'), A::Delete, h(Help::Delete)),
    b(C::Panels, Key::plain('x'), A::Delete, h(Help::Delete)),
    b(C::Panels, Key::code(K::Delete), A::Delete, h(Help::Delete)),
    b(C::Panels, Key::code(K::Backspace), A::Delete, h(Help::Delete)),
    b(C::Panels, Key::plain('e'), A::Export, h(Help::Export)),
    b(C::Panels, Key::plain('?'), A::Help, h(Help::Help)),
    b(C::Panels, Key::plain('q'), A::Quit, h(Help::Quit)),
    // The new token.
    b(C::Secret, Key::plain('c'), A::Copy, h(Help::Secret)),
    b(C::Secret, Key::plain('y'), A::Copy, h(Help::Secret)),
    b(C::Secret, Key::plain('s'), A::SaveSecret, h(Help::Secret)),
    b(C::Secret, Key::plain('t'), A::Probe, h(Help::Secret)),
    b(C::Secret, Key::code(K::Enter), A::Cancel, None),
    b(C::Secret, Key::code(K::Esc), A::Cancel, None),
    b(C::Secret, Key::plain('q'), A::Cancel, None),
    b(C::Secret, Key::plain('?'), A::Help, None),
    b(C::SecretSave, Key::code(K::Enter), A::Enter, None),
    b(C::SecretSave, Key::code(K::Esc), A::Cancel, None),
    b(C::Done, Key::plain('q'), A::Quit, None),
    b(C::Done, Key::code(K::Enter), A::Quit, None),
    b(C::Done, Key::code(K::Esc), A::Quit, None),
    // Dialogs.
    b(C::Confirm, Key::plain('y'), A::Yes, None),
    b(C::Confirm, Key::plain('Y'), A::Yes, None),
    b(C::Confirm, Key::code(K::Enter), A::Yes, None),
    b(C::Confirm, Key::plain('n'), A::No, None),
    b(C::Confirm, Key::plain('N'), A::No, None),
    b(C::Confirm, Key::code(K::Esc), A::No, None),
    // Only `n` discards a draft: Esc leaves it for later, q quits.
    b(C::Resume, Key::plain('y'), A::Yes, None),
    b(C::Resume, Key::plain('Y'), A::Yes, None),
    b(C::Resume, Key::code(K::Enter), A::Yes, None),
    b(C::Resume, Key::plain('n'), A::No, None),
    b(C::Resume, Key::plain('N'), A::No, None),
    b(C::Resume, Key::code(K::Esc), A::Cancel, None),
    b(C::Resume, Key::plain('q'), A::Quit, None),
    b(C::Resume, Key::plain('Q'), A::Quit, None),
    b(C::Presets, Key::code(K::Up), A::Up, None),
    b(C::Presets, Key::code(K::Down), A::Down, None),
    b(C::Presets, Key::plain('k'), A::Up, None),
    b(C::Presets, Key::plain('j'), A::Down, None),
    b(C::Presets, Key::code(K::Enter), A::Yes, None),
    b(C::Presets, Key::code(K::Esc), A::No, None),
    b(C::Presets, Key::plain('q'), A::No, None),
    b(C::PresetName, Key::code(K::Enter), A::Yes, None),
    b(C::PresetName, Key::code(K::Esc), A::No, None),
];

/// Actions by the name `[keys]` uses.
pub const ACTIONS: &[(&str, Action)] = &[
    ("quit", A::Quit),
    ("help", A::Help),
    ("next", A::Next),
    ("back", A::Back),
    ("goto_setup", A::Goto(Step::Setup)),
    ("goto_contact", A::Goto(Step::Contact)),
    ("goto_scopes", A::Goto(Step::Scopes)),
    ("goto_create", A::Goto(Step::Create)),
    ("focus_next", A::FocusNext),
    ("focus_prev", A::FocusPrev),
    ("up", A::Up),
    ("down", A::Down),
    ("page_up", A::PageUp),
    ("page_down", A::PageDown),
    ("home", A::Home),
    ("end", A::End),
    ("left", A::Left),
    ("right", A::Right),
    ("toggle", A::Toggle),
    ("enter", A::Enter),
    ("clear_all", A::ClearAll),
    ("toggle_category", A::ToggleCategoryAll),
    ("delete", A::Delete),
    ("cancel", A::Cancel),
    ("search", A::Search),
    ("export", A::Export),
    ("presets", A::Presets),
    ("undo", A::Undo),
    ("save_preset", A::SavePreset),
    ("copy", A::Copy),
    ("save_secret", A::SaveSecret),
    ("probe", A::Probe),
    ("sandbox", A::Pick('s')),
    ("profile", A::Pick('p')),
    ("yes", A::Yes),
    ("no", A::No),
    ("retry", A::Retry),
    ("suspend", A::Suspend),
    ("redraw", A::Redraw),
];

/// The `[keys]` name of `action`.
pub fn action_name(action: Action) -> Option<&'static str> {
    ACTIONS.iter().find(|(_, a)| *a == action).map(|(n, _)| *n)
}
