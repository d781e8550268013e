//! Drafts: the wizard's input, saved as it is typed so a dropped SSH link
//! loses nothing. Never holds a secret: only what the form shows.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::model::account::AccountType;
use crate::store::files::write_atomic;

/// Draft file format version.
pub const FORMAT: u32 = 1;

/// Everything typed or picked, by value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    /// File format version.
    pub format: u32,
    /// Account type the draft is for.
    pub account_type: String,
    /// Account SID the draft is for.
    pub account_sid: String,
    /// Seconds since the Unix epoch when saved.
    pub saved_at: u64,
    /// Panel that was open (1-4).
    pub step: u8,
    /// Token Name as typed.
    pub name: String,
    /// Description as typed.
    pub description: String,
    /// Chosen API version.
    pub api_version: String,
    /// Chosen primary contact.
    pub primary_contact_user_id: Option<String>,
    /// Developer e-mails added.
    pub developer_emails: Vec<String>,
    /// An e-mail typed but not yet added.
    pub pending_email: String,
    /// Checked scope Ids.
    pub scopes: Vec<String>,
    /// Categories toggled on, by name.
    pub enabled_categories: Vec<String>,
}

/// Where the draft for an account lives inside the data directory.
pub fn draft_path(data_dir: &Path, account_type: AccountType, account_sid: &str) -> PathBuf {
    let sid: String = account_sid
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(64)
        .collect();
    data_dir
        .join("drafts")
        .join(format!("{}-{sid}.json", account_type.as_str()))
}

/// Reads a draft. `Ok(None)` when there is none; `Err` with a readable
/// reason when the file is there but unreadable or corrupt.
pub fn load(path: &Path) -> Result<Option<Draft>, String> {
    let bytes = match crate::store::read::read_regular(path, crate::store::read::DRAFT_CAP) {
        Ok(b) => b,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(e.reason()),
    };
    let draft: Draft = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if draft.format != FORMAT {
        return Err(crate::text::draft_format(draft.format));
    }
    Ok(Some(draft))
}

/// Moves an unreadable draft aside (`*.corrupt`) so it is reported once,
/// not at every start, and can still be inspected.
pub fn set_aside(path: &Path) {
    let _ = std::fs::rename(path, path.with_extension("json.corrupt"));
}

/// What the saver thread is told.
#[derive(Debug)]
pub enum SaverMsg {
    /// Save this draft once input pauses.
    Save(PathBuf, Box<Draft>),
    /// Delete the draft (the token was created, or the user discarded it).
    Delete(PathBuf),
}

/// Saves drafts off the UI thread, debounced: a burst of keys costs one write.
#[derive(Clone, Debug)]
pub struct Saver {
    tx: mpsc::Sender<SaverMsg>,
}

impl Saver {
    /// Starts the saver thread.
    pub fn spawn(debounce: Duration) -> Saver {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("drafts".into())
            .spawn(move || saver_loop(rx, debounce))
            .expect("spawn drafts thread");
        Saver { tx }
    }

    /// Queues a message; never blocks.
    pub fn send(&self, msg: SaverMsg) {
        let _ = self.tx.send(msg);
    }
}

fn saver_loop(rx: mpsc::Receiver<SaverMsg>, debounce: Duration) {
    let mut pending: Option<(PathBuf, Box<Draft>)> = None;
    loop {
        let msg = if pending.is_some() {
            match rx.recv_timeout(debounce) {
                Ok(m) => Some(m),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    flush(&mut pending);
                    return;
                }
            }
        } else {
            match rx.recv() {
                Ok(m) => Some(m),
                Err(_) => return,
            }
        };
        match msg {
            None => flush(&mut pending),
            Some(SaverMsg::Save(path, draft)) => pending = Some((path, draft)),
            Some(SaverMsg::Delete(path)) => {
                pending = None;
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

fn flush(pending: &mut Option<(PathBuf, Box<Draft>)>) {
    if let Some((path, draft)) = pending.take() {
        match serde_json::to_vec_pretty(&draft) {
            Ok(bytes) => {
                if let Err(e) = write_atomic(&path, &bytes) {
                    tracing::warn!(error = %e, "draft not saved");
                }
            }
            Err(e) => tracing::warn!(error = %e, "draft not serialised"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("impact-token-draft-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn path_is_per_account_and_safe() {
        let p = draft_path(Path::new("/d"), AccountType::Brand, "IR../../x");
        assert_eq!(p, Path::new("/d/drafts/brand-IRx.json"));
    }

    #[test]
    fn missing_corrupt_and_good_drafts() {
        let d = dir("load");
        let p = draft_path(&d, AccountType::Agency, "IR1");
        assert_eq!(load(&p), Ok(None));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"{not json").unwrap();
        assert!(load(&p).is_err());
        set_aside(&p);
        assert_eq!(load(&p), Ok(None));
        let draft = Draft {
            format: FORMAT,
            name: "n".into(),
            scopes: vec!["a".into()],
            ..Default::default()
        };
        write_atomic(&p, &serde_json::to_vec(&draft).unwrap()).unwrap();
        assert_eq!(load(&p), Ok(Some(draft)));
        std::fs::write(&p, br#"{"format":99}"#).unwrap();
        assert!(load(&p).is_err());
    }

    #[test]
    fn saver_debounces_and_deletes() {
        let d = dir("saver");
        let p = draft_path(&d, AccountType::Partner, "IR2");
        let saver = Saver::spawn(Duration::from_millis(20));
        for i in 0..50 {
            let draft = Draft {
                format: FORMAT,
                name: format!("n{i}"),
                ..Default::default()
            };
            saver.send(SaverMsg::Save(p.clone(), Box::new(draft)));
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while load(&p).ok().flatten().map(|d| d.name) != Some("n49".into()) {
            assert!(
                std::time::Instant::now() < deadline,
                "the last draft is saved"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        saver.send(SaverMsg::Delete(p.clone()));
        while p.exists() {
            assert!(std::time::Instant::now() < deadline, "the draft is deleted");
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}
