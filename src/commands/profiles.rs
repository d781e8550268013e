//! `impact-token profiles [add]`.

use std::io::{Read, Write};
use std::process::ExitCode;

use crate::cli::{Cli, ProfilesAction};
use crate::commands::{Failure, exit};
use crate::store::config::{self, Profile};
use crate::text;

/// Lists profiles, or adds one.
pub fn run(cli: &Cli, action: Option<&ProfilesAction>) -> Result<ExitCode, Failure> {
    let path =
        config::config_path().ok_or_else(|| Failure::new(exit::OTHER, text::NO_CONFIG_DIR))?;
    match action {
        None => {
            let loaded = config::load(&path).map_err(|m| Failure::new(exit::USAGE, m))?;
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            let mut out = String::new();
            if loaded.config.profiles.is_empty() {
                out.push_str(&text::no_profiles(&path));
            }
            for (name, p) in &loaded.config.profiles {
                let default = loaded.config.default_profile.as_deref() == Some(name.as_str());
                out.push_str(&text::profile_line(name, p, default));
            }
            std::io::stdout()
                .write_all(out.as_bytes())
                .map_err(|e| Failure::new(exit::OTHER, e.to_string()))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(ProfilesAction::Add {
            name,
            account_sid,
            api_version,
            token_env,
            token_file,
            store_token,
        }) => {
            let account_type = cli
                .account_type
                .ok_or_else(|| Failure::new(exit::USAGE, text::NEED_ACCOUNT_TYPE_PROFILE))?;
            let api_url = cli
                .api_url
                .clone()
                .ok_or_else(|| Failure::new(exit::USAGE, text::NEED_API_URL_PROFILE))?;
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
                let mut token = String::new();
                std::io::stdin()
                    .read_to_string(&mut token)
                    .map_err(|e| Failure::new(exit::OTHER, e.to_string()))?;
                let token = zeroize::Zeroizing::new(token);
                if token.trim().is_empty() {
                    return Err(Failure::new(exit::USAGE, text::EMPTY_TOKEN_STDIN));
                }
                let file = path.with_file_name(format!("{name}.token"));
                if let Some(dir) = file.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| Failure::new(exit::OTHER, e.to_string()))?;
                }
                crate::store::files::write_new_private(
                    &file,
                    format!("{}\n", token.trim()).as_bytes(),
                )
                .map_err(|e| Failure::new(exit::OTHER, text::secret_not_saved(&file, &e)))?;
                profile.auth_token_file = Some(file);
            }
            config::add_profile(&path, name, &profile).map_err(|m| Failure::new(exit::USAGE, m))?;
            println!("{}", text::profile_added(name, &path));
            Ok(ExitCode::SUCCESS)
        }
    }
}
