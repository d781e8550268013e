//! `impact-token profiles [add | default | remove]`.

use super::confirm::{Answer, confirm};
use std::io::{Read, Write};
use std::process::ExitCode;

use crate::cli::{Cli, OutputArg, ProfilesAction};
use crate::commands::{Failure, exit, print};
use crate::store::config::{self, Profile};
use crate::text;

/// Lists profiles, adds one, sets the default, or removes one.
pub fn run(
    cli: &Cli,
    action: Option<&ProfilesAction>,
    output: OutputArg,
) -> Result<ExitCode, Failure> {
    let path = config::config_path().map_err(|m| Failure::new(exit::OTHER, m))?;
    match action {
        None => list(&path, output),
        Some(ProfilesAction::Add {
            name,
            account_sid,
            api_version,
            token_env,
            token_file,
            store_token,
            default,
        }) => {
            let account_type = cli
                .account_type
                .ok_or_else(|| Failure::new(exit::USAGE, text::NEED_ACCOUNT_TYPE_PROFILE))?;
            let api_url = cli
                .api_url
                .clone()
                .ok_or_else(|| Failure::new(exit::USAGE, text::NEED_API_URL_PROFILE))?;
            crate::commands::target::check_api_url(&api_url, cli.allow_insecure_http)?;
            let mut profile = Profile {
                account_type: crate::model::account::AccountType::from(account_type)
                    .as_str()
                    .into(),
                account_sid: account_sid.clone(),
                api_url,
                api_version: api_version.clone(),
                auth_token_env: token_env.clone(),
                auth_token_file: token_file.clone(),
            };
            if *store_token {
                if !config::valid_name(name) {
                    return Err(Failure::new(exit::USAGE, text::bad_profile_name(name)));
                }
                // Read from stdin, never from argv; stored only because the user asked.
                let token = read_token().map_err(|e| Failure::new(exit::OTHER, e.to_string()))?;
                if token.trim().is_empty() {
                    return Err(Failure::new(exit::USAGE, text::EMPTY_TOKEN_STDIN));
                }
                let file = config::stored_token_path(&path, name);
                if let Some(dir) = file.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| Failure::new(exit::OTHER, text::dir_not_created(dir, &e)))?;
                }
                crate::store::files::write_new_private(
                    &file,
                    format!("{}\n", token.trim()).as_bytes(),
                )
                .map_err(|e| Failure::new(exit::OTHER, text::secret_not_saved(&file, &e)))?;
                profile.auth_token_file = Some(file);
            }
            config::add_profile(&path, name, &profile).map_err(|m| Failure::new(exit::USAGE, m))?;
            let mut said = format!("{}\n", text::profile_added(name, &path));
            if *default {
                let made = config::set_default(&path, name);
                if let Err(m) = made {
                    print(&said)?;
                    return Err(Failure::new(exit::USAGE, m));
                }
                said.push_str(&format!("{}\n", text::profile_made_default(name)));
            }
            print(&said)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(ProfilesAction::Default { name }) => {
            config::set_default(&path, name).map_err(|m| Failure::new(exit::USAGE, m))?;
            print(&format!("{}\n", text::profile_made_default(name)))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(ProfilesAction::Remove {
            name,
            yes,
            delete_token,
        }) => remove(&path, name, *yes, *delete_token),
    }
}

/// `profiles remove`: asks (or `--yes`), removes the profile's table, and
/// with `--delete-token` the token file this tool stored for it.
fn remove(
    path: &std::path::Path,
    name: &str,
    yes: bool,
    delete_token: bool,
) -> Result<ExitCode, Failure> {
    let loaded = config::load(path).map_err(|m| Failure::new(exit::USAGE, m))?;
    let profile = loaded
        .config
        .profiles
        .get(name)
        .ok_or_else(|| Failure::new(exit::USAGE, text::unknown_profile(name)))?;
    // Checked before anything changes: a file the tool did not store for
    // this profile, or that another profile uses, is never deleted.
    let ours = profile
        .auth_token_file
        .as_ref()
        .map(|file| stored_token_file(path, name, file, &loaded.config.profiles));
    // Without --delete-token: whether it would have deleted the file.
    let deletable = matches!(ours, Some(Ok(_)));
    let token_file = match ours {
        Some(ours) if delete_token => Some(ours?),
        _ => None,
    };
    confirm(yes, &text::confirm_remove_profile(name, path), Answer::Yes)?;
    config::remove_profile(path, name).map_err(|m| Failure::new(exit::USAGE, m))?;
    let mut said = format!("{}\n", text::profile_removed(name, path));
    // Done before anything is printed: a closed stdout stops no step.
    let deleted = token_file.as_ref().map(|file| {
        std::fs::remove_file(file)
            .map_err(|e| Failure::new(exit::OTHER, text::token_file_not_deleted(file, &e)))
    });
    match (token_file, &profile.auth_token_file) {
        (Some(file), _) => {
            if let Some(Err(f)) = deleted {
                print(&said)?;
                return Err(f);
            }
            said.push_str(&format!("{}\n", text::token_file_deleted(&file)));
        }
        (None, Some(file)) => {
            said.push_str(&format!("{}\n", text::token_file_kept(file, deletable)))
        }
        (None, None) => {}
    }
    print(&said)?;
    Ok(ExitCode::SUCCESS)
}

/// `file` when it is the token file this tool wrote for profile `name`:
/// exactly [`config::stored_token_path`] (`NAME.token` in the config
/// directory, the name `--store-token` gives it), a regular 0600 file with
/// no other name (not a link, not hard-linked, never `config.toml`), and no
/// other profile's `auth_token_file` names it, by any path. Otherwise exit
/// 2 saying why, before anything changed.
fn stored_token_file(
    config: &std::path::Path,
    name: &str,
    file: &std::path::Path,
    profiles: &std::collections::BTreeMap<String, Profile>,
) -> Result<std::path::PathBuf, Failure> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let file = crate::store::expand_home(file);
    let ours = config::stored_token_path(config, name);
    let refuse = || Failure::new(exit::USAGE, text::token_file_not_ours(&file, &ours));
    let same_dir = match (
        file.parent().map(std::fs::canonicalize),
        config.parent().map(std::fs::canonicalize),
    ) {
        (Some(Ok(a)), Some(Ok(b))) => a == b,
        _ => false,
    };
    if !config::valid_name(name) || !same_dir || file.file_name() != ours.file_name() {
        return Err(refuse());
    }
    // Not followed: a link is not the file the tool wrote.
    let meta = std::fs::symlink_metadata(&file).map_err(|_| refuse())?;
    let is_config =
        std::fs::metadata(config).is_ok_and(|c| (c.dev(), c.ino()) == (meta.dev(), meta.ino()));
    if !meta.file_type().is_file()
        || meta.permissions().mode() & 0o777 != 0o600
        || meta.nlink() != 1
        || is_config
    {
        return Err(refuse());
    }
    let users: Vec<&str> = profiles
        .iter()
        .filter(|(other, _)| other.as_str() != name)
        .filter(|(_, p)| {
            p.auth_token_file.as_ref().is_some_and(|f| {
                let f = crate::store::expand_home(f);
                f == file
                    || std::fs::metadata(&f)
                        .is_ok_and(|m| (m.dev(), m.ino()) == (meta.dev(), meta.ino()))
            })
        })
        .map(|(other, _)| other.as_str())
        .collect();
    if !users.is_empty() {
        return Err(Failure::new(
            exit::USAGE,
            text::token_file_shared(&file, &users),
        ));
    }
    Ok(file)
}

/// The Auth Token from stdin: on a terminal one line, typed without echo
/// after a prompt on stderr; from a pipe or file, everything.
pub(crate) fn read_token() -> std::io::Result<zeroize::Zeroizing<String>> {
    // Room up front, so growing does not leave copies in freed memory.
    let mut token = zeroize::Zeroizing::new(String::with_capacity(4096));
    // SAFETY: isatty only inspects the descriptor.
    if unsafe { libc::isatty(0) } != 1 {
        std::io::stdin().read_to_string(&mut token)?;
        return Ok(token);
    }
    let mut stderr = std::io::stderr();
    let read = {
        let _quiet = NoEcho::on_stdin()?;
        // The prompt only once echo is off: typing after it is never shown.
        stderr
            .write_all(text::STORE_TOKEN_PROMPT.as_bytes())
            .and_then(|()| stderr.flush())
            .and_then(|()| std::io::stdin().read_line(&mut token))
    };
    // The Enter was not echoed either.
    let _ = stderr.write_all(b"\n");
    read?;
    Ok(token)
}

/// Terminal echo off while alive; the saved settings come back on drop, so
/// on every path out (errors and panics that unwind included).
struct NoEcho {
    saved: libc::termios,
}

impl NoEcho {
    fn on_stdin() -> std::io::Result<NoEcho> {
        // SAFETY: termios is plain data, filled in by tcgetattr before use.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd 0 and a valid pointer.
        if unsafe { libc::tcgetattr(0, &mut saved) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut quiet = saved;
        // Line editing stays (ICANON); only the echo goes. ECHONL off too,
        // and ECHOE/ECHOK have nothing to erase without ECHO.
        quiet.c_lflag &= !(libc::ECHO | libc::ECHONL);
        // A signal that ends the process (Ctrl-C, Ctrl-\\, a hang-up) must
        // not leave the terminal silent: restore, then die as asked.
        let _ = SAVED_TERMIOS.set(saved);
        for sig in FATAL {
            // SAFETY: installs a handler that only calls async-signal-safe functions.
            unsafe { libc::signal(sig, restore_and_die as *const () as libc::sighandler_t) };
        }
        // SAFETY: fd 0 and a valid pointer.
        if unsafe { libc::tcsetattr(0, libc::TCSAFLUSH, &quiet) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(NoEcho { saved })
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        // SAFETY: fd 0 and the settings read from it.
        unsafe { libc::tcsetattr(0, libc::TCSAFLUSH, &self.saved) };
        for sig in FATAL {
            // SAFETY: back to the default action.
            unsafe { libc::signal(sig, libc::SIG_DFL) };
        }
    }
}

const FATAL: [libc::c_int; 4] = [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM, libc::SIGHUP];

static SAVED_TERMIOS: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

extern "C" fn restore_and_die(sig: libc::c_int) {
    if let Some(saved) = SAVED_TERMIOS.get() {
        // SAFETY: tcsetattr, signal and raise are async-signal-safe.
        unsafe { libc::tcsetattr(0, libc::TCSANOW, saved) };
    }
    // SAFETY: as above.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// One profile in the list.
/// Lists the profiles of config.toml at `path`, as text or JSON.
fn list(path: &std::path::Path, output: OutputArg) -> Result<ExitCode, Failure> {
    let loaded = config::load(path).map_err(|m| Failure::new(exit::USAGE, m))?;
    for w in &loaded.warnings {
        eprintln!("{w}");
    }
    if output == OutputArg::Json {
        print(&profiles_json(path, &loaded.config))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    if loaded.config.profiles.is_empty() {
        out.push_str(&text::no_profiles(path));
    }
    for (name, p) in &loaded.config.profiles {
        let default = loaded.config.default_profile.as_deref() == Some(name.as_str());
        out.push_str(&profile_line(name, p, default));
    }
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// `profiles --output json`: one object, the shape README.md documents:
/// `ConfigFile`, `DefaultProfile` (or null) and `Profiles`, an array in
/// name order of `Name`, `Default`, `AccountType`, `AccountSid`, `ApiUrl`,
/// `ApiVersion`, `AuthTokenEnv` and `AuthTokenFile` (null when unset).
/// Never a token itself: only where it is read from.
fn profiles_json(path: &std::path::Path, config: &config::Config) -> String {
    let profiles: Vec<serde_json::Value> = config
        .profiles
        .iter()
        .map(|(name, p)| {
            serde_json::json!({
                "Name": name,
                "Default": config.default_profile.as_deref() == Some(name.as_str()),
                "AccountType": p.account_type,
                "AccountSid": p.account_sid,
                "ApiUrl": p.api_url,
                "ApiVersion": p.api_version,
                "AuthTokenEnv": p.auth_token_env,
                "AuthTokenFile": p.auth_token_file.as_ref().map(|f| f.display().to_string()),
            })
        })
        .collect();
    crate::commands::json_text(&serde_json::json!({
        "ConfigFile": path.display().to_string(),
        "DefaultProfile": config.default_profile,
        "Profiles": profiles,
    }))
}

fn profile_line(name: &str, p: &Profile, default: bool) -> String {
    let token = match (&p.auth_token_env, &p.auth_token_file) {
        (Some(v), _) => format!("token from ${v}"),
        (None, Some(f)) => format!("token from {}", f.display()),
        (None, None) => "token asked for".to_string(),
    };
    let mark = if default { " (default)" } else { "" };
    format!(
        "{}{mark}\n  {} {} at {}{} · {token}\n",
        text::inert(name),
        text::inert(&p.account_type),
        text::inert(&p.account_sid),
        text::inert(&p.api_url),
        p.api_version
            .as_deref()
            .map(|v| format!(" · API v{}", text::inert(v)))
            .unwrap_or_default()
    )
}
