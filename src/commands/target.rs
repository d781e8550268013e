//! Which server and credentials a command uses: the sandbox, a profile, or
//! `--api-url` with the environment; and the catalog to check scopes against.

use crate::api::client::{Credentials, Timeouts};
use crate::api::worker::Backend;
use crate::cli::Cli;
use crate::commands::{Failure, exit};
use crate::model::account::AccountType;
use crate::model::catalog::{Catalog, CatalogSource};
use crate::store::config;
use crate::text;
use std::time::Duration;

/// Where to connect and as whom.
#[derive(Debug)]
pub struct Target {
    /// Account type.
    pub account_type: AccountType,
    /// Server.
    pub backend: Backend,
    /// Credentials, when known without asking (`None` with the sandbox: its demo ones).
    pub credentials: Option<Credentials>,
    /// True when the Auth Token must be asked for.
    pub needs_prompt: bool,
    /// The profile's default API version.
    pub api_version: Option<String>,
    /// Profile name, for the header.
    pub profile: Option<String>,
    /// Warnings to show (e.g. a config file others can read).
    pub warnings: Vec<String>,
    /// Why no Auth Token was found, for commands that cannot ask.
    pub missing_token: Option<String>,
    /// The Account SID when known without its token (a profile), to fill in the prompt.
    pub known_sid: Option<String>,
}

impl Target {
    /// The in-process sandbox with its demo credentials.
    pub fn sandbox(account_type: AccountType) -> Target {
        Target {
            account_type,
            backend: Backend::Sandbox,
            credentials: None,
            needs_prompt: false,
            api_version: None,
            profile: None,
            warnings: Vec::new(),
            missing_token: None,
            known_sid: None,
        }
    }
}

/// config.toml, read and parsed: `None` where there is no config directory.
pub fn load_config() -> Result<Option<config::Loaded>, Failure> {
    // A variable naming an unusable directory was refused at start; left
    // here is no home directory, which means no profiles.
    let Ok(path) = config::config_path() else {
        return Ok(None);
    };
    config::load(&path)
        .map(Some)
        .map_err(|m| Failure::new(exit::USAGE, m))
}

/// Resolves the target, or `Ok(None)` on a first run: no `--sandbox`, no
/// `--api-url`, and no profile to use.
///
/// For commands that cannot ask: several profiles with none the default is
/// refused with their names (the wizard shows a picker instead).
pub fn resolve(cli: &Cli) -> Result<Option<Target>, Failure> {
    resolve_as(cli, None)
}

/// [`resolve`] for a command whose input names the account type (a spec):
/// with `--sandbox` or `--api-url`, `account_type` stands in for a missing
/// `--account-type` (a profile has its own, which the caller checks).
pub fn resolve_as(cli: &Cli, account_type: Option<AccountType>) -> Result<Option<Target>, Failure> {
    let mut names = Vec::new();
    let target = resolve_from(cli, account_type, || {
        let loaded = load_config()?;
        if let Some(l) = &loaded {
            names = l.config.profiles.keys().cloned().collect();
        }
        Ok(loaded)
    })?;
    if target.is_none() && names.len() >= 2 {
        return Err(Failure::new(exit::USAGE, text::choose_profile(&names)));
    }
    Ok(target)
}

/// [`resolve`] with config.toml from `config`, asked for only when neither
/// `--sandbox` nor `--api-url` decides (so a caller that has read it already
/// need not read it twice).
///
/// `fallback` (a spec's account type) is the account type of `--sandbox`
/// and `--api-url` when `--account-type` is absent.
pub fn resolve_from(
    cli: &Cli,
    fallback: Option<AccountType>,
    config: impl FnOnce() -> Result<Option<config::Loaded>, Failure>,
) -> Result<Option<Target>, Failure> {
    let named_type = cli.account_type.map(AccountType::from);
    if cli.sandbox {
        return Ok(Some(Target::sandbox(
            named_type.or(fallback).unwrap_or(AccountType::Brand),
        )));
    }
    if let Some(url) = &cli.api_url {
        // Before anything else: nothing may connect to a refused URL.
        check_api_url(url, cli.allow_insecure_http)?;
        let account_type = named_type
            .or(fallback)
            .ok_or_else(|| Failure::new(exit::USAGE, text::NEED_ACCOUNT_TYPE))?;
        let sid = env_nonempty("IMPACT_ACCOUNT_SID");
        let token = config::env_token("IMPACT_AUTH_TOKEN");
        let (credentials, needs_prompt) = match (sid, token) {
            (Some(sid), Some(token)) => (
                Some(Credentials {
                    account_sid: sid,
                    auth_token: token,
                }),
                false,
            ),
            _ => (None, true),
        };
        return Ok(Some(Target {
            account_type,
            backend: Backend::Remote {
                base_url: url.clone(),
            },
            credentials,
            needs_prompt,
            api_version: None,
            profile: None,
            warnings: Vec::new(),
            missing_token: None,
            known_sid: None,
        }));
    }
    let Some(loaded) = config()? else {
        return Ok(None);
    };
    let name = match (&cli.profile, &loaded.config.default_profile) {
        (Some(n), _) => n.clone(),
        (None, Some(n)) => n.clone(),
        (None, None) if loaded.config.profiles.len() == 1 => loaded
            .config
            .profiles
            .keys()
            .next()
            .cloned()
            .unwrap_or_default(),
        (None, None) => return Ok(None),
    };
    let profile = loaded
        .config
        .profiles
        .get(&name)
        .ok_or_else(|| Failure::new(exit::USAGE, text::unknown_profile(&name)))?;
    check_api_url(&profile.api_url, cli.allow_insecure_http)?;
    let account_type = profile
        .account_type()
        .map_err(|m| Failure::new(exit::USAGE, m))?;
    if let Some(t) = named_type
        && t != account_type
    {
        return Err(Failure::new(
            exit::USAGE,
            text::profile_type_mismatch(&name, account_type, t),
        ));
    }
    let mut missing_token = None;
    let token = if let Some(var) = &profile.auth_token_env {
        // Unset: the wizard asks instead; commands that cannot ask say why.
        let t = profile.token_from_env();
        if t.is_none() {
            missing_token = Some(text::token_env_unset(var));
        }
        t
    } else if let Some(file) = &profile.auth_token_file {
        Some(
            config::read_token_file(&crate::store::expand_home(file))
                .map_err(|m| Failure::new(exit::AUTH, m))?,
        )
    } else {
        config::env_token("IMPACT_AUTH_TOKEN")
    };
    let needs_prompt = token.is_none();
    Ok(Some(Target {
        account_type,
        backend: Backend::Remote {
            base_url: profile.api_url.clone(),
        },
        credentials: token.map(|auth_token| Credentials {
            account_sid: profile.account_sid.clone(),
            auth_token,
        }),
        needs_prompt,
        api_version: profile.api_version.clone(),
        profile: Some(name),
        warnings: loaded.warnings,
        missing_token,
        known_sid: Some(profile.account_sid.clone()),
    }))
}

/// Refuses an API URL that [`crate::api::url::check`] refuses, as a usage
/// error (exit 2).
pub fn check_api_url(url: &str, allow_insecure_http: bool) -> Result<(), Failure> {
    crate::api::url::check(url, allow_insecure_http).map_err(|m| Failure::new(exit::USAGE, m))
}

fn env_nonempty(var: &str) -> Option<String> {
    std::env::var(var)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The catalog: `--catalog FILE`, else the bundled one for the account type.
pub fn catalog(cli: &Cli, account_type: AccountType) -> Result<Catalog, Failure> {
    match &cli.catalog {
        Some(path) => {
            let json =
                crate::store::read::read_regular_string(path, crate::store::read::CATALOG_CAP)
                    .map_err(|e| {
                        Failure::new(exit::USAGE, text::catalog_read(path, &e.reason()))
                    })?;
            Catalog::from_json(&json, CatalogSource::File(path.clone()))
                .map_err(|e| Failure::new(exit::USAGE, text::catalog_read(path, &e.0)))
        }
        None => Ok(Catalog::bundled(account_type)),
    }
}

/// Time limits from `--timeout`.
pub fn timeouts(cli: &Cli) -> Timeouts {
    Timeouts {
        connect: Duration::from_secs(5),
        total: Duration::from_secs(cli.timeout.max(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_urls_are_checked_before_any_client_exists() {
        for ok in [
            "https://api.impact.com",
            "https://api.impact.com:8443/base/",
            "http://127.0.0.1:8787",
            "http://127.9.9.9",
            "http://[::1]:9",
            "http://localhost:9",
            "http://LOCALHOST",
        ] {
            assert!(check_api_url(ok, false).is_ok(), "{ok}");
        }
        for insecure in [
            "http://192.0.2.1",
            "http://api.impact.com",
            "http://[2001:db8::1]",
        ] {
            let e = check_api_url(insecure, false).unwrap_err();
            assert_eq!(e.code, exit::USAGE);
            assert!(e.message.contains("unencrypted"), "{}", e.message);
            assert!(check_api_url(insecure, true).is_ok(), "{insecure}");
        }
        for bad in [
            "ht!tp://::::",
            "file:///etc/passwd",
            "http://",
            "https://",
            "ftp://example.com",
            "example.com",
            "https://u:p@example.com",
            "https://example.com/?x=1",
            "",
        ] {
            let e = check_api_url(bad, true).unwrap_err();
            assert_eq!(e.code, exit::USAGE, "{bad}");
            assert!(
                e.message.contains("not a usable API URL"),
                "{bad}: {}",
                e.message
            );
        }
    }
}
