//! Carrying out `update`'s effects: the worker's jobs, files (profile,
//! presets, spec, secret), the clipboard, and the draft. Only the event loop
//! calls this; `update` itself never touches the disk or the terminal.

use secrecy::ExposeSecret;

use crate::api::worker;
use crate::tui::drafts::Drafts;
use crate::tui::state::{Level, Screen, State};
use crate::tui::terminal::copy_osc52;
use crate::tui::update::{Effect, Msg, update};

/// Runs slow local work (reading a log file) on a thread of its own; its
/// message comes back to the event loop as an event, so the screen never
/// waits for the disk.
#[derive(Clone)]
pub struct Later(std::sync::Arc<dyn Fn(Msg) + Send + Sync>);

impl Later {
    /// Delivers each finished job's message with `deliver`.
    pub fn new(deliver: impl Fn(Msg) + Send + Sync + 'static) -> Later {
        Later(std::sync::Arc::new(deliver))
    }

    /// Runs `job` on a new thread and delivers its message.
    pub fn run(&self, job: impl FnOnce() -> Msg + Send + 'static) {
        let deliver = self.0.clone();
        std::thread::spawn(move || deliver(job()));
    }
}

/// Runs `update` on a message and carries out the effects it asks for;
/// an effect's result comes back as another message, applied in turn (or,
/// for slow work, later as an event through `later`).
pub fn apply(
    state: &mut State,
    msg: Msg,
    worker: &worker::WorkerHandle,
    drafts: &Drafts,
    later: &Later,
) {
    let mut queue = vec![msg];
    while let Some(msg) = queue.pop() {
        for effect in update(state, msg) {
            let reply = match effect {
                Effect::Job(job) => {
                    worker.send(job);
                    None
                }
                Effect::DeleteDraft => {
                    drafts.delete(state);
                    None
                }
                Effect::WriteProfile { name, profile } => Some(write_profile(&name, *profile)),
                Effect::UseProfile { name } => Some(use_profile(&name)),
                Effect::SavePreset { name, scopes } => Some(save_preset(state, &name, &scopes)),
                Effect::ExportSpec(path) => {
                    let (level, note) = export_spec(state, &path);
                    Some(Msg::Note(level, note))
                }
                Effect::ExportChecklist(path) => {
                    let (level, note) = export_checklist(state, &path);
                    Some(Msg::Note(level, note))
                }
                Effect::ReadLog(path) => {
                    let t = state.settings.account_type;
                    let catalog = state.catalog.clone();
                    later.run(move || Msg::LogRead(read_log(t, &catalog, &path)));
                    None
                }
                Effect::SaveSecret(path) => save_secret(state, &path),
                Effect::CopySecret => copy_secret(state),
            };
            queue.extend(reply);
        }
    }
}

/// Appends the first-run profile to config.toml; with the Auth Token when
/// the profile's variable is set.
fn write_profile(name: &str, profile: crate::store::config::Profile) -> Msg {
    let profile = Box::new(profile);
    let result = crate::store::config::config_path()
        .and_then(|path| crate::store::config::add_profile(&path, name, &profile))
        .map(|()| profile);
    let token = result.as_ref().ok().and_then(|p| p.token_from_env());
    Msg::ProfileWritten { result, token }
}

/// The profile picked at start, with its Auth Token when its variable or
/// file has one (else the credentials prompt asks).
fn use_profile(name: &str) -> Msg {
    let loaded =
        crate::store::config::config_path().and_then(|path| crate::store::config::load(&path));
    let picked = loaded.and_then(|l| {
        l.config
            .profiles
            .get(name)
            .cloned()
            .ok_or_else(|| crate::text::unknown_profile(name))
    });
    match picked.and_then(|p| p.auth_token().map(|t| (p, t))) {
        Ok((profile, token)) => Msg::ProfileWritten {
            result: Ok(Box::new(profile)),
            token,
        },
        Err(e) => Msg::ProfileWritten {
            result: Err(e),
            token: None,
        },
    }
}

/// Saves a named selection to presets.toml.
fn save_preset(state: &State, name: &str, scopes: &[String]) -> Msg {
    let result = crate::store::presets::presets_path()
        .and_then(|p| crate::store::presets::save(&p, state.settings.account_type, name, scopes));
    match result {
        Ok(()) => Msg::Note(Level::Info, crate::text::preset_saved(name)),
        Err(e) => Msg::Note(Level::Error, crate::text::preset_not_saved(&e)),
    }
}

/// Writes the new token's credentials to a new private file (never over
/// an existing one). Nothing when the secret is gone.
fn save_secret(state: &State, path: &std::path::Path) -> Option<Msg> {
    let Screen::Secret(c) = &state.screen else {
        return None;
    };
    let secret = c.auth_token.as_ref()?;
    let body = crate::store::secret_file::body(&c.token, &c.account_sid, secret.expose_secret());
    Some(
        match body.map(|b| crate::store::files::write_new_private(path, b.as_bytes())) {
            Ok(Ok(())) => Msg::SecretSaved(crate::text::secret_saved(path)),
            Ok(Err(e)) => Msg::Copied(crate::text::secret_not_saved(path, &e)),
            Err(why) => Msg::Copied(crate::text::secret_malformed_not_saved(
                path,
                &why.to_string(),
            )),
        },
    )
}

/// Puts the secret on the clipboard with OSC 52. Nothing when the secret is gone.
fn copy_secret(state: &State) -> Option<Msg> {
    let Screen::Secret(c) = &state.screen else {
        return None;
    };
    let secret = c.auth_token.as_ref()?;
    let note = match copy_osc52(secret.expose_secret().as_bytes()) {
        Ok(note) => note.to_string(),
        Err(e) => crate::text::copy_failed(&e.to_string()),
    };
    Some(Msg::Copied(note))
}

/// Writes the request as a spec file; TOML unless the name ends in `.json`.
/// An existing file is never replaced.
pub fn export_spec(state: &State, path: &std::path::Path) -> (Level, String) {
    use crate::model::spec::{Format, to_json, to_toml};
    let req = state.request();
    let t = state.settings.account_type;
    let body = match Format::detect(path, "") {
        Format::Json => to_json(t, &req, &state.catalog),
        Format::Toml => to_toml(t, &req, &state.catalog),
    };
    // Whole or not at all, never over an existing file.
    match crate::store::files::write_new_private(path, body.as_bytes()) {
        Ok(()) => (Level::Info, crate::text::spec_exported(path)),
        Err(e) => (Level::Error, crate::text::secret_not_saved(path, &e)),
    }
}

/// Writes the request as Markdown steps for impact.com's web page, with
/// the contact's name as the drop-down shows it. Never over an existing file.
pub fn export_checklist(state: &State, path: &std::path::Path) -> (Level, String) {
    let req = state.request();
    let contact = state.chosen_contact().map(|c| c.name.as_str());
    let body = crate::model::checklist::checklist(
        state.settings.account_type,
        &req,
        &state.catalog,
        contact,
    );
    match crate::store::files::write_new_private(path, body.as_bytes()) {
        Ok(()) => (Level::Info, crate::text::checklist_written(path)),
        Err(e) => (Level::Error, crate::text::secret_not_saved(path, &e)),
    }
}

/// Reads a log file for "From a log file…" (bounded as `spec from-log`
/// is) into a preset of the scopes it shows in use for this account type.
pub fn read_log(
    t: crate::model::account::AccountType,
    catalog: &crate::model::catalog::Catalog,
    path: &std::path::Path,
) -> Result<crate::model::preset::Preset, String> {
    use crate::model::evidence::{Evidence, ReadStop};
    let shown = path.display().to_string();
    let mut ev = Evidence::new(vec![(t, catalog.clone())]);
    let file = std::fs::File::open(path)
        .and_then(|f| {
            if f.metadata()?.is_dir() {
                Err(std::io::Error::other(crate::text::not_regular_file(
                    "directory",
                )))
            } else {
                Ok(f)
            }
        })
        .map_err(|e| crate::text::log_not_read(&shown, &e.to_string()))?;
    ev.read(&shown, std::io::BufReader::new(file))
        .map_err(|stop| match stop {
            ReadStop::TooLarge => {
                crate::text::log_not_read(&shown, crate::text::EVIDENCE_TOO_LARGE)
            }
            ReadStop::Failed(why) | ReadStop::Invalid(why) => {
                crate::text::log_not_read(&shown, &why)
            }
        })?;
    let ids: Vec<String> = ev
        .scopes_of(t)
        .into_iter()
        .map(|i| catalog.scope(i).id.to_string())
        .collect();
    if ids.is_empty() {
        return Err(crate::text::log_matched_nothing(&shown, ev.requests));
    }
    let unmatched = ev.unmatched.values().sum::<u64>() + ev.unmatched_more + ev.unreadable;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or(shown);
    Ok(crate::model::preset::Preset {
        name: crate::text::logged_preset_name(&name),
        about: crate::text::logged_preset_about(ev.requests, ids.len(), unmatched),
        rule: crate::model::preset::Rule::Logged(ids),
    })
}
