//! Draft keeping for the event loop: the form is saved off the UI thread
//! while the user types, and offered back at the next start.

use std::path::PathBuf;
use std::time::Duration;

use crate::store::draft::{self, Opened, Saver, SaverEvent, SaverMsg};
use crate::tui::state::{Screen, State};
use crate::tui::update::Msg;

/// Draft keeping for the event loop: once the account's SID is known, asks
/// the saver thread to lock and read its draft (the answer comes back as an
/// [`AppEvent::Draft`]), then saves (debounced, off this thread) whenever
/// the form changes. Nothing here touches the disk on the UI thread.
pub struct Drafts {
    saver: Saver,
    dir: Option<PathBuf>,
    last: Option<u64>,
    /// The draft the saver was asked to open.
    opened: Option<PathBuf>,
    /// Whether the saver was told to let the draft go.
    released: bool,
}

/// Pause in typing before a draft is written.
const DRAFT_DEBOUNCE: Duration = Duration::from_millis(300);

impl Drafts {
    /// Starts the saver thread; what it reports goes to `report`.
    pub fn new(report: draft::Report) -> Drafts {
        Drafts {
            saver: Saver::spawn(DRAFT_DEBOUNCE, report),
            dir: crate::store::data_dir().ok(),
            last: None,
            opened: None,
            released: false,
        }
    }

    fn path(&self, state: &State) -> Option<PathBuf> {
        let sid = state.account_sid.as_deref()?;
        Some(draft::draft_path(
            self.dir.as_ref()?,
            state.settings.account_type,
            sid,
        ))
    }

    /// Opens, saves or lets go of the draft after the state changed.
    pub fn after_update(&mut self, state: &State) {
        let Some(path) = self.path(state) else { return };
        if self.opened.as_ref() != Some(&path) {
            self.opened = Some(path.clone());
            self.last = None;
            self.released = false;
            self.saver.send(SaverMsg::Open {
                path: path.clone(),
                read: !state.draft_checked,
            });
        }
        if !state.draft_checked || state.pending_draft.is_some() {
            return;
        }
        if state.draft_off {
            if !self.released {
                self.released = true;
                self.saver.send(SaverMsg::Release);
            }
            return;
        }
        if !matches!(state.screen, Screen::Wizard) {
            return;
        }
        // A duplicate or an edit is not the user's create draft: neither
        // saved over it nor, when it ends, taken for a cleared form.
        if !state.mode.is_create() {
            return;
        }
        let fp = state.draft_fingerprint();
        if self.last == Some(fp) {
            return;
        }
        let first = self.last.is_none();
        self.last = Some(fp);
        if state.form_is_empty() || state.form_is_spec() {
            // Nothing to keep (the spec file keeps a spec's form); an empty
            // form must not overwrite a discarded draft's file.
            if !first {
                self.saver.send(SaverMsg::Delete(path));
            }
        } else {
            self.saver
                .send(SaverMsg::Save(path, Box::new(state.to_draft())));
        }
    }

    /// Deletes this account's draft (created, or discarded).
    pub fn delete(&self, state: &State) {
        if let Some(path) = self.path(state) {
            self.saver.send(SaverMsg::Delete(path));
        }
    }
}

/// What a report of the draft saver means to `update`.
pub fn draft_msg(ev: SaverEvent) -> Msg {
    match ev {
        SaverEvent::Opened(Opened::Found(d)) => Msg::DraftFound(d),
        SaverEvent::Opened(Opened::Nothing) => Msg::DraftChecked(None),
        SaverEvent::Opened(Opened::Unreadable(reason)) => Msg::DraftChecked(Some(reason)),
        SaverEvent::Opened(Opened::InUse(pid)) => Msg::DraftInUse(pid),
        SaverEvent::SaveFailed(reason) => Msg::DraftSaved(Err(reason)),
        SaverEvent::SaveRecovered => Msg::DraftSaved(Ok(())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AccountType;
    use crate::model::catalog::Catalog;
    use crate::tui::state::{Settings, text_field};

    fn token() -> crate::contract::Token {
        crate::contract::Token {
            id: "T-7".into(),
            name: "nightly-export".into(),
            description: String::new(),
            api_version: "14".into(),
            primary_contact_user_id: "U-1".into(),
            developer_emails: vec![],
            scopes: vec!["getCompanyInformation".into()],
            date_created: String::new(),
            state: crate::contract::TOKEN_ENABLED.into(),
            revision: String::new(),
        }
    }

    /// `create --spec`: the form as the spec filled it is the spec file's,
    /// kept as no draft; a change to it is.
    /// Drafts kept in `dir`, saved at once.
    fn drafts_in(dir: &std::path::Path) -> Drafts {
        Drafts {
            saver: Saver::spawn(Duration::ZERO, Box::new(|_| {})),
            dir: Some(dir.to_path_buf()),
            last: None,
            opened: None,
            released: false,
        }
    }

    fn brand_settings() -> Settings {
        Settings {
            account_type: AccountType::Brand,
            sandbox: true,
            ascii: false,
            no_color: true,
            colors_256: false,
        }
    }

    #[test]
    fn a_spec_unchanged_leaves_no_draft() {
        let tmp = tempfile::Builder::new()
            .prefix("impact-token-drafts-spec-")
            .tempdir()
            .unwrap();
        let drafts = || drafts_in(tmp.path());
        let settings = brand_settings();
        let catalog = Catalog::bundled(AccountType::Brand);
        let spec = crate::model::spec::Spec {
            account_type: AccountType::Brand,
            request: token().to_request(),
        };
        let mut s = State::new(settings, catalog, false);
        s.account_sid = Some("IRDEMO1".into());
        s.screen = Screen::Wizard;
        s.apply_spec(&spec);
        assert!(
            !s.has_unsaved_input() && !s.draft_kept(),
            "quitting asks nothing"
        );
        let mut d = drafts();
        d.after_update(&s);
        drop(d); // quitting
        let path = draft::draft_path(tmp.path(), AccountType::Brand, "IRDEMO1");
        assert_eq!(
            draft::load(&path).unwrap(),
            None,
            "a draft copied from the spec"
        );
        // Changed, it is input of the user's own, kept as a draft.
        s.setup.name = text_field("", "nightly-export-2");
        assert!(s.has_unsaved_input() && s.draft_kept());
        let mut d = drafts();
        d.after_update(&s);
        drop(d);
        let kept = draft::load(&path)
            .unwrap()
            .expect("the changed form's draft");
        assert_eq!(kept.name, "nightly-export-2");
    }

    #[test]
    fn an_edit_is_never_saved_over_the_create_draft() {
        let tmp = tempfile::Builder::new()
            .prefix("impact-token-drafts-edit-")
            .tempdir()
            .unwrap();
        let mut drafts = drafts_in(tmp.path());
        let settings = brand_settings();
        let mut s = State::new(settings, Catalog::bundled(AccountType::Brand), false);
        s.account_sid = Some("IRDEMO1".into());
        s.draft_checked = true;
        s.setup.name = text_field("", "my create");
        drafts.after_update(&s);
        crate::tui::update::begin_edit(&mut s, &token(), &mut Vec::new());
        drafts.after_update(&s);
        s.setup.name = text_field("", "edited");
        drafts.after_update(&s);
        // Quitting in the middle of the edit: what is on disk is the create form.
        drop(drafts);
        let path = draft::draft_path(tmp.path(), AccountType::Brand, "IRDEMO1");
        let kept = draft::load(&path).unwrap().expect("the create draft");
        assert_eq!(kept.name, "my create");
    }
}
