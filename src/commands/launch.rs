//! The launcher: what the wizard and `create` connect to. It alone starts
//! the in-process sandbox, so the worker below it only receives a URL and
//! credentials. The wizard's worker gets a [`Starter`] that runs on its first
//! connect, which comes after the first frame is drawn.

use crate::api::client::Credentials;
use crate::api::starter::{Started, Starter};
use crate::api::worker::WorkerConfig;
use crate::cli::Cli;
use crate::commands::target::{self, Target};
use crate::model::account::AccountType;
use crate::sandbox::{SandboxHandle, demo_account};

/// Starts the sandbox on a free loopback port, with the demo credentials of
/// `account_type`. Returns once it listens.
pub async fn start_sandbox(account_type: AccountType) -> std::io::Result<Started> {
    let handle = SandboxHandle::start(([127, 0, 0, 1], 0).into()).await?;
    let demo = demo_account(account_type);
    Ok(Started {
        base_url: handle.base_url(),
        credentials: Credentials {
            account_sid: demo.account_sid,
            auth_token: demo.auth_token.into(),
        },
        stop: Box::new(move || handle.shutdown()),
    })
}

/// The worker's way to start the sandbox when it first connects.
pub fn sandbox_starter() -> Starter {
    Starter::new(|account_type| Box::pin(start_sandbox(account_type)))
}

/// The worker settings for a target: its server, account type, time limits,
/// and the sandbox starter (used only if the target is, or becomes, the sandbox).
pub fn worker_config(cli: &Cli, target: &Target) -> WorkerConfig {
    WorkerConfig {
        backend: target.backend.clone(),
        account_type: target.account_type,
        timeouts: target::timeouts(cli),
        retry: super::retry_policy(&target.backend),
        sandbox: Some(sandbox_starter()),
        names_at_connect: true,
    }
}
