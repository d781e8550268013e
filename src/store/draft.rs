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

/// The lock file next to a draft: held (an advisory `flock`) by the one
/// wizard that keeps this draft, and holding that wizard's pid.
pub fn lock_path(draft: &Path) -> PathBuf {
    draft.with_extension("json.lock")
}

/// What the saver thread is told.
#[derive(Debug)]
pub enum SaverMsg {
    /// Take this draft's lock; with `read`, also read the draft. Answered
    /// with [`SaverEvent::Opened`]. Saves and deletes apply only to a draft
    /// opened (and locked) this way.
    Open {
        /// The draft file.
        path: PathBuf,
        /// Whether to read what is there.
        read: bool,
    },
    /// Save this draft once input pauses.
    Save(PathBuf, Box<Draft>),
    /// Delete the draft (the token was created, or the user discarded it).
    Delete(PathBuf),
    /// Stop keeping the draft and give its lock up, leaving the file as it is.
    Release,
}

/// What opening a draft found.
#[derive(Debug, PartialEq, Eq)]
pub enum Opened {
    /// No draft (or it was not read).
    Nothing,
    /// A draft to offer.
    Found(Box<Draft>),
    /// A draft that could not be read (the reason); it was moved aside.
    Unreadable(String),
    /// Another wizard keeps this draft: its pid, when the lock file says.
    InUse(Option<u32>),
}

/// What the saver thread reports back.
#[derive(Debug, PartialEq, Eq)]
pub enum SaverEvent {
    /// The answer to [`SaverMsg::Open`].
    Opened(Opened),
    /// Saving failed (the reason); sent when saving starts failing.
    SaveFailed(String),
    /// Saving works again after a failure.
    SaveRecovered,
}

/// Where the saver thread reports to.
pub type Report = Box<dyn Fn(SaverEvent) + Send>;

/// Saves drafts off the UI thread, debounced: a burst of keys costs one
/// write. Reads and locks them there too, so a draft path that is a FIFO
/// or a device cannot freeze the UI. Dropping it writes what is pending.
#[derive(Debug)]
pub struct Saver {
    tx: Option<mpsc::Sender<SaverMsg>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// How many times a draft was written, so tests can count the writes
    /// a burst costs.
    #[cfg_attr(not(test), allow(dead_code))]
    writes: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Saver {
    /// Starts the saver thread; `report` is called on that thread.
    pub fn spawn(debounce: Duration, report: Report) -> Saver {
        let (tx, rx) = mpsc::channel();
        let writes = std::sync::Arc::default();
        let keeper = Keeper::new(report, std::sync::Arc::clone(&writes));
        let thread = std::thread::Builder::new()
            .name("drafts".into())
            .spawn(move || keeper.run(rx, debounce))
            .expect("spawn drafts thread");
        Saver {
            tx: Some(tx),
            thread: Some(thread),
            writes,
        }
    }

    /// How many times a draft was written so far.
    #[cfg(test)]
    fn writes(&self) -> usize {
        self.writes.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Queues a message; never blocks.
    pub fn send(&self, msg: SaverMsg) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(msg);
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        // Closing the channel makes the thread write what is pending and end:
        // wait for it, so "kept as a draft" is true when the program exits.
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The saver thread's state.
struct Keeper {
    report: Report,
    /// The draft this session keeps (saves and deletes touch only it).
    owned: Option<PathBuf>,
    /// Its lock, held while `owned` is set (none where locking failed).
    lock: Option<std::fs::File>,
    pending: Option<(PathBuf, Box<Draft>)>,
    failing: bool,
    /// Counts the writes (shared with the [`Saver`]).
    writes: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Keeper {
    fn new(report: Report, writes: std::sync::Arc<std::sync::atomic::AtomicUsize>) -> Keeper {
        Keeper {
            report,
            owned: None,
            lock: None,
            pending: None,
            failing: false,
            writes,
        }
    }

    fn run(mut self, rx: mpsc::Receiver<SaverMsg>, debounce: Duration) {
        loop {
            let msg = if self.pending.is_some() {
                match rx.recv_timeout(debounce) {
                    Ok(m) => Some(m),
                    Err(mpsc::RecvTimeoutError::Timeout) => None,
                    Err(mpsc::RecvTimeoutError::Disconnected) => {
                        self.flush();
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
                None => self.flush(),
                Some(SaverMsg::Open { path, read }) => {
                    let opened = self.open(path, read);
                    (self.report)(SaverEvent::Opened(opened));
                }
                Some(SaverMsg::Save(path, draft)) => {
                    if self.owned.as_ref() == Some(&path) {
                        self.pending = Some((path, draft));
                    }
                }
                Some(SaverMsg::Delete(path)) => {
                    if self.owned.as_ref() == Some(&path) {
                        self.pending = None;
                        let _ = std::fs::remove_file(&path);
                    }
                }
                Some(SaverMsg::Release) => self.release(),
            }
        }
    }

    fn release(&mut self) {
        self.pending = None;
        self.owned = None;
        self.lock = None;
    }

    fn open(&mut self, path: PathBuf, read: bool) -> Opened {
        self.flush();
        if self.owned.as_ref() != Some(&path) {
            self.release();
            match take_lock(&path) {
                Ok(lock) => self.lock = lock,
                Err(pid) => return Opened::InUse(pid),
            }
            self.owned = Some(path.clone());
        }
        if !read {
            return Opened::Nothing;
        }
        match load(&path) {
            Ok(Some(d)) => Opened::Found(Box::new(d)),
            Ok(None) => Opened::Nothing,
            Err(reason) => {
                set_aside(&path);
                Opened::Unreadable(reason)
            }
        }
    }

    fn flush(&mut self) {
        let Some((path, draft)) = self.pending.take() else {
            return;
        };
        self.writes
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let result = serde_json::to_vec_pretty(&draft)
            .map_err(|e| e.to_string())
            .and_then(|bytes| write_atomic(&path, &bytes).map_err(|e| e.to_string()));
        match result {
            Ok(()) if self.failing => {
                self.failing = false;
                (self.report)(SaverEvent::SaveRecovered);
            }
            Ok(()) => {}
            Err(e) => {
                tracing::warn!(error = %e, "draft not saved");
                if !self.failing {
                    self.failing = true;
                    (self.report)(SaverEvent::SaveFailed(e));
                }
            }
        }
    }
}

/// Takes the draft's lock and writes our pid into it. `Ok(None)` when the
/// lock cannot be made at all (no directory, a file system without locks):
/// then the draft is kept unlocked, and a failing save says so. `Err` with
/// the holder's pid when another process holds it.
fn take_lock(draft: &Path) -> Result<Option<std::fs::File>, Option<u32>> {
    use std::io::{Read, Seek, Write};
    use std::os::unix::fs::OpenOptionsExt;
    let path = lock_path(draft);
    let opened = draft
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .mode(0o600)
                .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
                .open(&path)
        });
    let mut file = match opened {
        Ok(f) if f.metadata().is_ok_and(|m| m.is_file()) => f,
        Ok(_) => {
            tracing::warn!(path = %path.display(), "draft lock is not a regular file");
            return Ok(None);
        }
        Err(e) => {
            tracing::warn!(error = %e, "draft lock not taken");
            return Ok(None);
        }
    };
    match file.try_lock() {
        Ok(()) => {
            let pid = std::process::id().to_string();
            let written = file
                .set_len(0)
                .and_then(|()| file.rewind())
                .and_then(|()| file.write_all(pid.as_bytes()));
            if let Err(e) = written {
                tracing::warn!(error = %e, "pid not written to the draft lock");
            }
            Ok(Some(file))
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = (&mut file).take(32).read_to_string(&mut text);
            Err(text.trim().parse().ok())
        }
        Err(std::fs::TryLockError::Error(e)) => {
            tracing::warn!(error = %e, "draft lock not taken");
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory, removed when the returned guard drops.
    fn dir(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("impact-token-draft-{name}-"))
            .tempdir()
            .unwrap()
    }

    #[test]
    fn path_is_per_account_and_safe() {
        let p = draft_path(Path::new("/d"), AccountType::Brand, "IR../../x");
        assert_eq!(p, Path::new("/d/drafts/brand-IRx.json"));
    }

    #[test]
    fn missing_corrupt_and_good_drafts() {
        let tmp = dir("load");
        let d = tmp.path();
        let p = draft_path(d, AccountType::Agency, "IR1");
        assert_eq!(load(&p), Ok(None));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"{not json").unwrap();
        assert!(load(&p).is_err());
        set_aside(&p);
        assert_eq!(load(&p), Ok(None));
        let draft = Draft {
            scopes: vec!["a".into()],
            ..named("n")
        };
        write_atomic(&p, &serde_json::to_vec(&draft).unwrap()).unwrap();
        assert_eq!(load(&p), Ok(Some(draft)));
        std::fs::write(&p, br#"{"format":99}"#).unwrap();
        assert!(load(&p).is_err());
    }

    /// A saver whose reports arrive on a channel.
    fn saver(debounce_ms: u64) -> (Saver, mpsc::Receiver<SaverEvent>) {
        let (tx, rx) = mpsc::channel();
        let report: Report = Box::new(move |ev| {
            let _ = tx.send(ev);
        });
        (Saver::spawn(Duration::from_millis(debounce_ms), report), rx)
    }

    const WAIT: Duration = Duration::from_secs(5);

    /// A current-format draft holding only a name.
    fn named(name: &str) -> Draft {
        Draft {
            format: FORMAT,
            name: name.into(),
            ..Default::default()
        }
    }

    /// Tells `saver` to open (and lock) the draft at `p`.
    fn send_open(saver: &Saver, p: &Path, read: bool) {
        saver.send(SaverMsg::Open {
            path: p.to_path_buf(),
            read,
        });
    }

    /// Opens the draft at `p` and returns the saver's next report.
    fn open(
        saver: &Saver,
        rx: &mpsc::Receiver<SaverEvent>,
        p: &Path,
        read: bool,
    ) -> Result<SaverEvent, mpsc::RecvTimeoutError> {
        send_open(saver, p, read);
        rx.recv_timeout(WAIT)
    }

    #[test]
    fn saver_debounces_and_deletes() {
        let tmp = dir("saver");
        let d = tmp.path();
        let p = draft_path(d, AccountType::Partner, "IR2");
        // Long enough that the 50 sends below (microseconds) fall within
        // one window even on a loaded machine.
        let (saver, rx) = saver(200);
        assert_eq!(
            open(&saver, &rx, &p, true),
            Ok(SaverEvent::Opened(Opened::Nothing))
        );
        for i in 0..50 {
            let draft = named(&format!("n{i}"));
            saver.send(SaverMsg::Save(p.clone(), Box::new(draft)));
        }
        let deadline = std::time::Instant::now() + WAIT;
        while load(&p).ok().flatten().map(|d| d.name) != Some("n49".into()) {
            assert!(
                std::time::Instant::now() < deadline,
                "the last draft is saved"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(saver.writes(), 1, "a burst of 50 saves costs one write");
        saver.send(SaverMsg::Delete(p.clone()));
        while p.exists() {
            assert!(std::time::Instant::now() < deadline, "the draft is deleted");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn dropping_the_saver_writes_what_is_pending() {
        let tmp = dir("drop");
        let d = tmp.path();
        let p = draft_path(d, AccountType::Brand, "IR3");
        let (saver, rx) = saver(60_000);
        assert!(open(&saver, &rx, &p, false).is_ok());
        let draft = named("kept");
        saver.send(SaverMsg::Save(p.clone(), Box::new(draft.clone())));
        drop(saver);
        assert_eq!(load(&p), Ok(Some(draft)));
    }

    #[test]
    fn a_second_saver_is_told_who_holds_the_draft_and_touches_nothing() {
        let tmp = dir("lock");
        let d = tmp.path();
        let p = draft_path(d, AccountType::Brand, "IR4");
        let (first, first_rx) = saver(10);
        assert_eq!(
            open(&first, &first_rx, &p, true),
            Ok(SaverEvent::Opened(Opened::Nothing))
        );
        let mine = named("first");
        first.send(SaverMsg::Save(p.clone(), Box::new(mine.clone())));

        let (second, second_rx) = saver(10);
        assert_eq!(
            open(&second, &second_rx, &p, true),
            Ok(SaverEvent::Opened(Opened::InUse(Some(std::process::id()))))
        );
        let theirs = Draft {
            name: "second".into(),
            ..mine.clone()
        };
        second.send(SaverMsg::Save(p.clone(), Box::new(theirs)));
        second.send(SaverMsg::Delete(p.clone()));
        drop(second);
        drop(first);
        assert_eq!(load(&p), Ok(Some(mine)), "only the holder writes");

        // Once the holder is gone, the next one takes the lock and finds the draft.
        let (third, third_rx) = saver(10);
        assert!(matches!(
            open(&third, &third_rx, &p, true),
            Ok(SaverEvent::Opened(Opened::Found(_)))
        ));
        // Released, it gives the lock up and leaves the draft alone.
        third.send(SaverMsg::Release);
        third.send(SaverMsg::Delete(p.clone()));
        let (fourth, fourth_rx) = saver(10);
        drop(third);
        assert!(matches!(
            open(&fourth, &fourth_rx, &p, true),
            Ok(SaverEvent::Opened(Opened::Found(_)))
        ));
    }

    #[test]
    fn a_failing_save_is_reported_once() {
        let tmp = dir("fail");
        let d = tmp.path();
        std::fs::create_dir_all(d).unwrap();
        // `drafts` is a file: no draft can be written under it.
        std::fs::write(d.join("drafts"), b"").unwrap();
        let p = draft_path(d, AccountType::Brand, "IR5");
        let (saver, rx) = saver(5);
        assert_eq!(
            open(&saver, &rx, &p, true),
            Ok(SaverEvent::Opened(Opened::Nothing))
        );
        for name in ["a", "b", "c"] {
            let draft = named(name);
            saver.send(SaverMsg::Save(p.clone(), Box::new(draft)));
            // Opening writes what is pending first: three saves, three failures.
            send_open(&saver, &p, false);
        }
        drop(saver);
        let reports: Vec<SaverEvent> = rx.try_iter().collect();
        let failed = reports
            .iter()
            .filter(|r| matches!(r, SaverEvent::SaveFailed(_)))
            .count();
        assert_eq!(failed, 1, "{reports:?}");
        assert!(
            matches!(&reports[0], SaverEvent::SaveFailed(_)),
            "{reports:?}"
        );
    }

    #[test]
    fn fifo_and_huge_drafts_are_unreadable_not_hanging() {
        let tmp = dir("fifo");
        let d = tmp.path();
        let p = draft_path(d, AccountType::Brand, "IR6");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = load(&p).unwrap_err();
        assert!(e.contains("FIFO"), "{e}");
        std::fs::remove_file(&p).unwrap();
        std::fs::write(&p, vec![b' '; 2 << 20]).unwrap();
        let e = load(&p).unwrap_err();
        assert!(e.contains("larger than 1 MiB"), "{e}");
        std::fs::remove_file(&p).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &p).unwrap();
        let e = load(&p).unwrap_err();
        assert!(e.contains("character device"), "{e}");
    }
}
