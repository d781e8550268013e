//! What runs before the sandbox's first answer: nothing there may depend on
//! the machine's TLS set-up, since the in-process sandbox speaks plain HTTP
//! on loopback.

use std::process::Command;

#[path = "support/run.rs"]
mod run;

use run::{SPEC, code, home_in, stderr, stdout};

/// With `SSL_CERT_FILE` and `SSL_CERT_DIR` pointing at places with no
/// certificate, loading the system's CA roots fails. The sandbox needs none
/// (plain HTTP on loopback), so `create --sandbox` still makes its token:
/// the client for an `http://` loopback URL is built without loading roots,
/// which is also time the connection no longer waits for.
#[test]
fn the_sandbox_connects_without_any_ca_roots() {
    let tmp = tempfile::Builder::new()
        .prefix("impact-token-startup-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    let spec = dir.join("token.toml");
    std::fs::write(&spec, SPEC).unwrap();
    let no_certs = dir.join("no-certs");
    std::fs::create_dir(&no_certs).unwrap();
    let empty_file = dir.join("empty.pem");
    std::fs::write(&empty_file, "").unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_impact-token"));
    home_in(&mut c, dir)
        .args([
            "create",
            "--spec",
            spec.to_str().unwrap(),
            "--yes",
            "--sandbox",
            "--show-secret",
        ])
        .env("SSL_CERT_FILE", &empty_file)
        .env("SSL_CERT_DIR", &no_certs);
    let o = c.output().unwrap();
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    assert!(stdout(&o).contains("nightly-export"), "{}", stdout(&o));
}
