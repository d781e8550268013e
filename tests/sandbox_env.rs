//! The sandbox's hourly budget from `IMPACT_SANDBOX_RATE_LIMIT`: a
//! conformance run lifts it (`0`) so its 429s do not hide the logic, and a
//! bad value stops the start with the variable named.
//!
//! Its own test binary: the sandbox reads the variable when it starts, and
//! no other test may see it.

use std::time::Duration;

use impact_token::api::client::{Client, Credentials, Timeouts};
use impact_token::api::error::ApiError;
use impact_token::model::account::AccountType;
use impact_token::sandbox::{ENV_RATE_LIMIT, SandboxHandle, demo_account};
use secrecy::SecretString;

fn admin(sb: &SandboxHandle) -> Client {
    let d = demo_account(AccountType::Brand);
    let creds = Credentials {
        account_sid: d.account_sid.clone(),
        auth_token: SecretString::from(d.auth_token.clone()),
    };
    let timeouts = Timeouts {
        connect: Duration::from_secs(2),
        total: Duration::from_secs(5),
    };
    Client::new(&sb.base_url(), AccountType::Brand, creds, timeouts).unwrap()
}

async fn start() -> std::io::Result<SandboxHandle> {
    SandboxHandle::start(([127, 0, 0, 1], 0).into()).await
}

#[tokio::test]
async fn the_rate_limit_is_set_or_lifted_by_the_environment() {
    // SAFETY (edition 2024 `set_var`): this binary has this one test, and
    // each value is set before the sandbox that reads it starts.
    unsafe { std::env::set_var(ENV_RATE_LIMIT, "2") };
    let sb = start().await.unwrap();
    let c = admin(&sb);
    c.company_information().await.unwrap();
    c.company_information().await.unwrap();
    let e = c.company_information().await.unwrap_err();
    assert!(
        matches!(e, ApiError::RateLimited { limit: Some(2), .. }),
        "{e:?}"
    );

    unsafe { std::env::set_var(ENV_RATE_LIMIT, "0") };
    let sb = start().await.unwrap();
    let c = admin(&sb);
    for _ in 0..1_100 {
        c.company_information().await.unwrap();
    }

    unsafe { std::env::set_var(ENV_RATE_LIMIT, "lots") };
    let e = start().await.err().expect("refused");
    assert!(e.to_string().contains(ENV_RATE_LIMIT), "{e}");
}
