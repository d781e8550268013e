//! The four step panels of the wizard. Below the state and the keymap, so
//! both can name a step without importing each other.

/// The four step panels, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Name, description, API version.
    Setup,
    /// Primary contact and developer e-mails.
    Contact,
    /// The scope tree.
    Scopes,
    /// Review and submit.
    Create,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 4] = [Step::Setup, Step::Contact, Step::Scopes, Step::Create];

    /// 0-based position.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The step after this one.
    pub fn next(self) -> Option<Step> {
        Step::ALL.get(self.index() + 1).copied()
    }

    /// The step before this one.
    pub fn prev(self) -> Option<Step> {
        self.index().checked_sub(1).map(|i| Step::ALL[i])
    }
}
