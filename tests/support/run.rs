// Shared by the command-line tests (`cli`, `cli_secrets`): the binary run
// in a home of its own, and what it left in its `Output`. Included with
// `#[path]`.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

/// A spec for the brand demo account that the sandbox accepts (with a
/// comment, as a reviewed file would have).
pub const SPEC: &str = r#"# reviewed by ops
account_type = "brand"
name = "nightly-export"
description = "BI export"
primary_contact_user_id = "I-3000101"
developer_emails = ["dev@example.com"]
scopes = [
  "getCompanyInformation", # GET /Advertisers/{AccountSID}/CompanyInformation
]
"#;

/// The binary's test-only time scale for retry waits (backoff, 429
/// resets), at 1/100, for tests that are not about how long they last.
pub const FAST_RETRIES: (&str, &str) = ("IMPACT_TOKEN_TEST_TIME_SCALE", "0.01");

/// Clears `c`'s environment but for PATH, and puts HOME and the XDG config,
/// data and state directories inside `dir`.
pub fn home_in<'a>(c: &'a mut Command, dir: &Path) -> &'a mut Command {
    c.env_clear()
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
}

/// The exit code, or -1 when a signal ended the process.
pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The permission bits of `path`.
pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `create --spec SPEC --yes --sandbox --show-secret`: a token from a spec
/// file, made on the in-process sandbox, its secret on stdout.
pub fn sandbox_create_args(spec: &str) -> [&str; 6] {
    [
        "create",
        "--spec",
        spec,
        "--yes",
        "--sandbox",
        "--show-secret",
    ]
}

/// `profiles add prod` for brand account IRPROD at `api_url`, asking for
/// its Auth Token to store (`--store-token`).
pub fn store_token_args(api_url: &str) -> [&str; 10] {
    [
        "profiles",
        "add",
        "prod",
        "--account-type",
        "brand",
        "--api-url",
        api_url,
        "--account-sid",
        "IRPROD",
        "--store-token",
    ]
}
