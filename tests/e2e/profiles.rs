//! Profiles that choose themselves: with several profiles and no default,
//! a run with no arguments opens a picker instead of the first-run welcome.

use crate::common::pty::{Options, OrFail, Pty, TestDir, screen_text};
use crate::common::sandbox::SandboxServer;
use crate::common::{API_PAGE_MARK, T, check};
use std::time::Duration;

const AGENCY_SID: &str = "IRDEMOAGENCY0000000000000000000001";

/// Two profiles and no `default_profile`: an agency one pointing at a
/// closed loopback port (never reached) and a brand one at `server`, whose
/// Auth Token comes from `PICKER_TEST_TOKEN`.
fn two_profiles(dir: &TestDir, server: &SandboxServer) {
    let config = dir.path().join("config/impact-token/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!(
            "# two accounts\n\
             [profiles.agency-side]\naccount_type = \"agency\"\naccount_sid = \"{AGENCY_SID}\"\n\
             api_url = \"http://127.0.0.1:9\"\n\n\
             [profiles.brand-side]\naccount_type = \"brand\"\naccount_sid = \"{}\"\n\
             api_url = \"{}\"\nauth_token_env = \"PICKER_TEST_TOKEN\"\n",
            server.brand_sid, server.url
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn several_profiles_without_a_default_open_the_picker() {
    let server = SandboxServer::start();
    let dir = TestDir::new();
    two_profiles(&dir, &server);
    let pty = Pty::start(
        Options::new(&[])
            .dir(dir.path())
            .env("PICKER_TEST_TOKEN", &server.brand_token),
    );
    pty.wait_for("Choose a profile", T).or_fail();
    pty.wait_quiet(Duration::from_millis(50), T).or_fail();
    let screen = pty.screen();
    check(
        &pty,
        !screen.contains("No profile is set up yet"),
        "the welcome's claim on the picker",
    );
    for want in [
        "agency-side",
        "agency",
        "IRDEMO…0001",
        "http://127.0.0.1:9",
        "brand-side",
        server.url.as_str(),
    ] {
        check(
            &pty,
            screen.contains(want),
            &format!("{want} in the picker"),
        );
    }
    // The second row: the brand profile, which reaches the sandbox.
    pty.send("\x1b[B");
    pty.wait_quiet(Duration::from_millis(50), T).or_fail();
    pty.send("\r");
    pty.wait_until("the API page of the picked profile", T, |s| {
        let text = screen_text(s);
        text.contains(API_PAGE_MARK) && text.contains(" tokens") && !text.contains("loading")
    })
    .or_fail();
    let screen = pty.screen();
    check(&pty, screen.contains("BRAND"), "the brand profile's header");
    check(&pty, !screen.contains("SANDBOX"), "no sandbox badge");
}

#[test]
fn the_picker_quits_on_esc() {
    let server = SandboxServer::start();
    let dir = TestDir::new();
    two_profiles(&dir, &server);
    let mut pty = Pty::start(Options::new(&[]).dir(dir.path()));
    pty.wait_for("Choose a profile", T).or_fail();
    pty.wait_quiet(Duration::from_millis(50), T).or_fail();
    pty.send("\x1b");
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
    pty.assert_restored();
}
