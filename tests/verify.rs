//! `impact-token verify`: the real binary, with a minted token's own
//! credentials, against an in-process sandbox on loopback (which enforces
//! scopes for minted tokens). A token matching its spec exits 0; a spec
//! with a scope the token lacks is drift; a disabled token is told apart;
//! the rate-limit floor stops it early. Small fake servers on loopback
//! lie where the sandbox does not: web pages, redirects, 429s.

mod common;
#[path = "support/run.rs"]
#[allow(dead_code)]
mod run;

use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use common::pty::{BIN, TestDir};
use impact_token::api::client::{Client, Credentials, Guard, Timeouts};
use impact_token::contract::{CreateTokenRequest, CreatedToken};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::model::request::Submission;
use impact_token::sandbox::{SandboxHandle, demo_account};
use run::{code, home_in, stderr, stdout};
use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

const T: AccountType = AccountType::Brand;

/// Exit codes of `verify` (see EXIT_CODES_HELP).
const DRIFT: i32 = 15;
const DISABLED: i32 = 16;
const STOPPED: i32 = 17;

/// The sandbox, an admin client, and a place for spec files.
struct World {
    sb: SandboxHandle,
    admin: Client,
    dir: TestDir,
}

impl World {
    async fn new() -> World {
        let sb = SandboxHandle::start(([127, 0, 0, 1], 0).into())
            .await
            .unwrap();
        let d = demo_account(T);
        let admin = Client::new(
            &sb.base_url(),
            T,
            Credentials {
                account_sid: d.account_sid.clone(),
                auth_token: SecretString::from(d.auth_token.clone()),
            },
            Timeouts {
                connect: Duration::from_secs(2),
                total: Duration::from_secs(10),
            },
        )
        .unwrap();
        World {
            sb,
            admin,
            dir: TestDir::new(),
        }
    }

    async fn mint(&self, name: &str, scopes: &[String]) -> CreatedToken {
        let req = CreateTokenRequest {
            name: name.into(),
            description: "made by tests/verify.rs".into(),
            api_version: T.api_versions()[0].into(),
            primary_contact_user_id: "I-3000101".into(),
            developer_emails: vec![],
            scopes: scopes.to_vec(),
        };
        self.admin
            .create(&Submission::next(None, req))
            .await
            .unwrap()
    }

    /// A spec file with `scopes`.
    fn spec(&self, file: &str, scopes: &[String]) -> String {
        spec_in(&self.dir, file, scopes)
    }

    /// `verify --spec SPEC ARGS` as `token`, against the sandbox.
    async fn verify(&self, token: &CreatedToken, spec: &str, args: &[&str]) -> Output {
        let secret = token.auth_token.expose_secret();
        verify_at(
            &self.dir,
            &self.sb.base_url(),
            &token.account_sid,
            secret,
            spec,
            args,
        )
        .await
    }

    /// The requests made with `token`'s SID in the path since `mark`.
    fn token_calls(&self, token: &CreatedToken, mark: usize) -> Vec<(String, String)> {
        self.sb.requests()[mark..]
            .iter()
            .filter(|r| r.path.contains(&token.account_sid))
            .map(|r| (r.method.clone(), r.path.clone()))
            .collect()
    }
}

/// A spec file in `dir` with `scopes`.
fn spec_in(dir: &TestDir, file: &str, scopes: &[String]) -> String {
    let list: Vec<String> = scopes.iter().map(|s| format!("  \"{s}\",\n")).collect();
    let text = format!(
        "account_type = \"brand\"\nname = \"checked\"\nprimary_contact_user_id = \"I-3000101\"\nscopes = [\n{}]\n",
        list.concat()
    );
    let path = dir.path().join(file);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// `verify --spec SPEC --api-url URL ARGS` with the token `sid`:`secret`.
async fn verify_at(
    dir: &TestDir,
    url: &str,
    sid: &str,
    secret: &str,
    spec: &str,
    args: &[&str],
) -> Output {
    let mut c = Command::new(BIN);
    home_in(&mut c, dir.path())
        .args(["verify", "--spec", spec, "--api-url", url])
        .args(args)
        .env("IMPACT_ACCOUNT_SID", sid)
        .env("IMPACT_AUTH_TOKEN", secret)
        .stdin(Stdio::null());
    tokio::task::spawn_blocking(move || c.output().unwrap())
        .await
        .unwrap()
}

/// GET scopes of the brand catalog a probe may call (under the root, not
/// daily-limited), and one write scope.
fn gets(n: usize) -> Vec<String> {
    Catalog::bundled(T)
        .scopes()
        .filter(|s| {
            s.method == "GET"
                && s.path.starts_with("/Advertisers/{AccountSID}/")
                && !s.path.contains("Export")
        })
        .take(n)
        .map(|s| s.id.to_string())
        .collect()
}

fn write_scope() -> String {
    Catalog::bundled(T)
        .scopes()
        .find(|s| s.is_write() && s.path.starts_with("/Advertisers/"))
        .unwrap()
        .id
        .to_string()
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_that_matches_its_spec_exits_0_and_calls_only_gets() {
    let w = World::new().await;
    let scopes = [gets(3), vec![write_scope()]].concat();
    let token = w.mint("matching", &scopes).await;
    let spec = w.spec("spec.toml", &scopes);
    let mark = w.sb.requests().len();
    let o = w.verify(&token, &spec, &[]).await;
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("OK: the token matches the spec (8 calls)"),
        "{out}"
    );
    assert!(out.contains("not probed (write)"), "{out}");
    assert_eq!(
        out.matches("refused (403), as expected").count(),
        5,
        "{out}"
    );
    let calls = w.token_calls(&token, mark);
    assert_eq!(calls.len(), 8, "3 in the spec, 5 outside: {calls:?}");
    assert!(
        calls
            .iter()
            .all(|(m, p)| m == "GET" && !p.contains("ReportExport") && !p.contains("ClickExport")),
        "{calls:?}"
    );
    // The secret never reaches the output.
    let secret = token.auth_token.expose_secret();
    assert!(!out.contains(secret) && !stderr(&o).contains(secret));

    let o = w
        .verify(&token, &spec, &["--output", "json", "--max-outside", "2"])
        .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["Outcome"], "matches");
    assert_eq!(v["CallsMade"], 5);
    let checks = v["Checks"].as_array().unwrap();
    assert_eq!(checks.len(), 6);
    let write = checks.iter().find(|c| c["Id"] == write_scope()).unwrap();
    assert_eq!(write["Call"], Value::Null);
    assert_eq!(write["Result"], "not probed (write)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scope_the_token_lacks_or_one_it_has_beyond_the_spec_is_drift() {
    let w = World::new().await;
    let four = gets(4);
    let token = w.mint("narrow", &four[..2]).await;
    // The spec asks for one more than the token has.
    let wider = w.spec("wider.toml", &four[..3]);
    let o = w
        .verify(&token, &wider, &["--max-outside", "0", "--output", "json"])
        .await;
    assert_eq!(code(&o), DRIFT, "{}\n{}", stdout(&o), stderr(&o));
    let v = json(&o);
    assert_eq!(v["Outcome"], "drift");
    let lacking = v["Checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["Id"] == four[2].as_str())
        .unwrap();
    assert_eq!(lacking["Status"], 403);
    assert_eq!(lacking["Result"], "DRIFT: refused (403), but in the spec");

    // The spec asks for less than the token has: the extra one is
    // allowed outside the spec.
    let narrower = w.spec("narrower.toml", &four[..1]);
    let o = w.verify(&token, &narrower, &["--max-outside", "5"]).await;
    assert_eq!(code(&o), DRIFT, "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("DRIFT: allowed (200), but not in the spec"),
        "{out}"
    );
    assert!(
        out.contains("DRIFT: the token does not match the spec"),
        "{out}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_token_is_told_apart_from_drift() {
    let w = World::new().await;
    let scopes = gets(2);
    let token = w.mint("to-disable", &scopes).await;
    w.admin
        .set_enabled(&token.token.id, false, &Guard::any())
        .await
        .unwrap();
    let spec = w.spec("spec.toml", &scopes);
    let o = w.verify(&token, &spec, &[]).await;
    assert_eq!(code(&o), DISABLED, "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("DISABLED: every call inside the spec was refused"),
        "{out}"
    );
    assert!(
        out.contains("the server's message says the token is disabled"),
        "{out}"
    );
    assert!(!out.contains("DRIFT"), "{out}");
    assert_eq!(
        out.matches("says nothing, the token is disabled").count(),
        5,
        "{out}"
    );

    // Enabled again, the same check passes.
    w.admin
        .set_enabled(&token.token.id, true, &Guard::any())
        .await
        .unwrap();
    let o = w.verify(&token, &spec, &[]).await;
    assert_eq!(code(&o), 0, "{}\n{}", stdout(&o), stderr(&o));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_floor_stops_it_early_and_says_how_far_it_got() {
    let w = World::new().await;
    let scopes = gets(3);
    let token = w.mint("budget", &scopes).await;
    let spec = w.spec("spec.toml", &scopes);
    // A fresh window of 5: two calls leave 3, and a third would leave
    // fewer than the floor of 3.
    w.sb.set_rate_limit(5);
    let mark = w.sb.requests().len();
    let o = w
        .verify(&token, &spec, &["--floor", "3", "--output", "json"])
        .await;
    assert_eq!(code(&o), STOPPED, "{}\n{}", stdout(&o), stderr(&o));
    let v = json(&o);
    assert_eq!(v["Outcome"], "stopped");
    assert_eq!(v["CallsMade"], 2);
    assert_eq!(v["CallsPlanned"], 8);
    assert_eq!(v["StoppedAtRemaining"], 3);
    assert_eq!(w.token_calls(&token, mark).len(), 2);
    let err = stderr(&o);
    assert!(
        err.contains("stopped after 2 of 8 calls: X-RateLimit-Remaining is 3"),
        "{err}"
    );
    let reached = v["Checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["Result"] == "not reached (rate-limit floor)")
        .count();
    assert_eq!(reached, 6);
}

/// `impact-token ARGS` in a clean home, no network.
fn offline(args: &[&str]) -> Output {
    let dir = TestDir::new();
    let mut c = Command::new(BIN);
    home_in(&mut c, dir.path())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn scopes_for_names_the_scope_a_request_needs() {
    let o = offline(&[
        "scopes",
        "--for",
        "GET /Advertisers/IR5x3/Actions/A-17?PageSize=10",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Id        getActionById\n"), "{out}");
    assert!(out.contains("Category  Actions\n"), "{out}");
    assert!(out.contains("Account   brand\n"), "{out}");
    assert!(
        out.contains("Endpoint  GET /Advertisers/{AccountSID}/Actions/{ActionId}\n"),
        "{out}"
    );

    // A full URL; the root names the account type; JSON.
    let o = offline(&[
        "scopes",
        "--json",
        "--for",
        "GET https://api.impact.com/Mediapartners/IR9/Catalogs/ItemSearch?Query=shoes",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["Id"], "searchCatalogItems");
    assert_eq!(v["AccountType"], "partner");
    assert_eq!(v["Category"], "Catalogs");
    assert!(v["Name"].as_str().is_some_and(|n| !n.is_empty()));

    // Nothing matches: exit 10, said on stderr.
    for nothing in [
        "GET /Advertisers/IR1/Nowhere",
        "DELETE /Advertisers/IR1/CompanyInformation",
        "GET /Agencies/IR1/Actions/A-1/Extra",
    ] {
        let o = offline(&["scopes", "--for", nothing]);
        assert_eq!(code(&o), 10, "{nothing}: {}", stdout(&o));
        assert!(stdout(&o).is_empty());
        assert!(
            stderr(&o).contains("no scope in the catalog matches"),
            "{}",
            stderr(&o)
        );
    }
    // Not a request at all: a usage error.
    let o = offline(&["scopes", "--for", "Actions please"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}

#[test]
fn verify_refuses_a_plain_http_url_and_has_no_credentials_on_argv() {
    let dir = TestDir::new();
    let spec = dir.path().join("spec.toml");
    std::fs::write(
        &spec,
        "account_type = \"brand\"\nname = \"x\"\nprimary_contact_user_id = \"I-3000101\"\nscopes = [\"getCompanyInformation\"]\n",
    )
    .unwrap();
    let spec = spec.display().to_string();
    // Refused before any connection is attempted (a documentation address).
    let o = offline(&["verify", "--spec", &spec, "--api-url", "http://192.0.2.1"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("unencrypted"), "{}", stderr(&o));
    // No credentials and no terminal to ask on: exit 4, nothing sent.
    let o = offline(&["verify", "--spec", &spec, "--api-url", "http://127.0.0.1:9"]);
    assert_eq!(code(&o), 4, "{}", stderr(&o));
    assert!(stderr(&o).contains("IMPACT_AUTH_TOKEN"), "{}", stderr(&o));
    // The exit codes are documented.
    let help = stdout(&offline(&["--help"]));
    for line in [
        " 15  verify:",
        " 16  verify:",
        " 17  verify:",
        "scopes --for",
    ] {
        assert!(help.contains(line), "{line}: {help}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_environment_it_asks_on_the_terminal_without_echo() {
    use common::pty::{Options, Pty};
    let w = World::new().await;
    let scopes = gets(1);
    let token = w.mint("asked", &scopes).await;
    let spec = w.spec("spec.toml", &scopes);
    let url = w.sb.base_url();
    let sid = token.account_sid.clone();
    let secret = token.auth_token.expose_secret().to_string();
    let (screen, raw, status) = tokio::task::spawn_blocking(move || {
        let args = [
            "verify",
            "--spec",
            &spec,
            "--api-url",
            &url,
            "--max-outside",
            "1",
        ];
        let pty = Pty::start(Options::new(&args).size(120, 24));
        pty.wait_for("Token's Account SID:", common::T).unwrap();
        pty.send(&format!("{sid}\r"));
        pty.wait_for("Auth Token (not shown):", common::T).unwrap();
        pty.send(&format!("{secret}\r"));
        let status = pty.wait_exit(common::T).unwrap();
        pty.wait_for("OK: the token matches the spec", common::T)
            .unwrap_or_else(|e| panic!("{e}"));
        (pty.screen(), pty.raw(), status)
    })
    .await
    .unwrap();
    assert!(status.success(), "{status:?}\n{screen}");
    let secret = token.auth_token.expose_secret();
    assert!(!screen.contains(secret), "{screen}");
    assert!(
        !raw.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the Auth Token was echoed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_at_the_floor_after_a_refusal_is_not_a_disabled_token() {
    let w = World::new().await;
    let four = gets(4);
    // Enabled, but without the spec's first scope: its call is refused.
    let token = w.mint("floor-403", &four[1..3]).await;
    let spec = w.spec("spec.toml", &four[..3]);
    // A window of 5 and a floor of 4: one call, then stop.
    w.sb.set_rate_limit(5);
    let o = w
        .verify(&token, &spec, &["--floor", "4", "--output", "json"])
        .await;
    assert_eq!(code(&o), STOPPED, "{}\n{}", stdout(&o), stderr(&o));
    let v = json(&o);
    assert_eq!(v["Outcome"], "stopped");
    assert_eq!(v["CallsMade"], 1);
    let first = &v["Checks"][0];
    assert_eq!(first["Id"], four[0].as_str());
    assert_eq!(first["Status"], 403);
    let result = first["Result"].as_str().unwrap();
    assert!(result.contains("not known"), "{result}");
    // The table says so too, and never DISABLED.
    w.sb.set_rate_limit(5);
    let o = w.verify(&token, &spec, &["--floor", "4"]).await;
    assert_eq!(code(&o), STOPPED, "{}\n{}", stdout(&o), stderr(&o));
    assert!(!stdout(&o).contains("DISABLED"), "{}", stdout(&o));
    assert!(stdout(&o).contains("STOPPED: made 1 of"), "{}", stdout(&o));
}

/// A fake API on loopback: every request gets `answer()`; the
/// Authorization header of each request (None when absent) is kept.
struct Fake {
    url: String,
    seen: Arc<Mutex<Vec<Option<String>>>>,
}

impl Fake {
    async fn start(answer: impl Fn() -> Response + Clone + Send + Sync + 'static) -> Fake {
        let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
        let kept = seen.clone();
        let app = Router::new().fallback(move |headers: HeaderMap| {
            let (kept, answer) = (kept.clone(), answer.clone());
            async move {
                let auth = headers
                    .get(header::AUTHORIZATION)
                    .map(|v| v.to_str().unwrap().to_string());
                kept.lock().unwrap().push(auth);
                answer()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Fake { url, seen }
    }

    fn hits(&self) -> Vec<Option<String>> {
        self.seen.lock().unwrap().clone()
    }
}

/// A demo token's credentials for the fakes.
const FAKE_SID: &str = "IRFAKE7x9";
const FAKE_SECRET: &str = "demo-fake-secret-not-real";

fn html(status: StatusCode) -> Response {
    let page =
        "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Welcome</body></html>";
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_pages_are_no_evidence_and_the_url_is_named() {
    let dir = TestDir::new();
    let spec = spec_in(&dir, "spec.toml", &gets(2));
    for status in [StatusCode::OK, StatusCode::NOT_FOUND] {
        let fake = Fake::start(move || html(status)).await;
        let o = verify_at(&dir, &fake.url, FAKE_SID, FAKE_SECRET, &spec, &[]).await;
        let out = stdout(&o);
        assert_eq!(code(&o), 2, "{out}\n{}", stderr(&o));
        assert!(!out.contains("OK:") && !out.contains("DRIFT"), "{out}");
        assert!(
            out.contains("(text/html; charset=utf-8), not JSON"),
            "{out}"
        );
        assert!(
            out.contains(&format!(
                "is {} the impact.com API? Check --api-url",
                fake.url
            )),
            "{out}"
        );
        assert!(
            out.contains("NO EVIDENCE: not every answer came from the API"),
            "{out}"
        );
        assert_eq!(fake.hits().len(), 7, "2 in the spec, 5 outside");
        let o = verify_at(
            &dir,
            &fake.url,
            FAKE_SID,
            FAKE_SECRET,
            &spec,
            &["--output", "json"],
        )
        .await;
        assert_eq!(code(&o), 2, "{}", stderr(&o));
        let v = json(&o);
        assert_eq!(v["Outcome"], "no evidence");
        let url = v["Checks"][0]["Url"].as_str().unwrap();
        assert!(
            url.starts_with(&format!("{}/Advertisers/{FAKE_SID}/", fake.url)),
            "{url}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirects_are_reported_and_never_followed() {
    let elsewhere =
        Fake::start(|| (StatusCode::OK, Json(serde_json::json!({}))).into_response()).await;
    // Plain http on another port; a tab in the Location, shown inert.
    let to = format!("{}/else\twhere", elsewhere.url);
    let redirecting =
        Fake::start(move || (StatusCode::FOUND, [(header::LOCATION, to.clone())]).into_response())
            .await;
    let dir = TestDir::new();
    let spec = spec_in(&dir, "spec.toml", &gets(2));
    let o = verify_at(&dir, &redirecting.url, FAKE_SID, FAKE_SECRET, &spec, &[]).await;
    let out = stdout(&o);
    assert_eq!(code(&o), 2, "{out}\n{}", stderr(&o));
    let shown = format!(
        "redirect (302) to {}/else\u{FFFD}where, not followed",
        elsewhere.url
    );
    assert_eq!(out.matches(&shown).count(), 7, "{out}");
    assert!(out.contains("NO EVIDENCE"), "{out}");
    assert_eq!(redirecting.hits().len(), 7);
    assert!(
        redirecting.hits().iter().all(Option::is_some),
        "the token's credentials went to the URL asked for"
    );
    assert_eq!(
        elsewhere.hits(),
        Vec::<Option<String>>::new(),
        "never followed"
    );
    let o = verify_at(
        &dir,
        &redirecting.url,
        FAKE_SID,
        FAKE_SECRET,
        &spec,
        &["--output", "json", "--max-outside", "0"],
    )
    .await;
    let v = json(&o);
    assert_eq!(v["Checks"][0]["Status"], 302);
    assert_eq!(
        v["Checks"][0]["Location"],
        format!("{}/else\u{FFFD}where", elsewhere.url)
    );

    // The API client does not follow one either, and says where it pointed.
    let client = Client::new(
        &redirecting.url,
        T,
        Credentials {
            account_sid: FAKE_SID.into(),
            auth_token: SecretString::from(FAKE_SECRET.to_string()),
        },
        Timeouts::default(),
    )
    .unwrap();
    let e = client.company_information().await.unwrap_err();
    let message = e.to_string();
    assert!(
        message.contains(&format!("redirect to {}/else", elsewhere.url))
            && message.contains("not followed"),
        "{message}"
    );
    assert!(!e.is_transient(), "a redirect is not retried");
    assert_eq!(
        elsewhere.hits(),
        Vec::<Option<String>>::new(),
        "never followed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_says_when_the_servers_window_resets_in_either_dialect() {
    let brand = || {
        let headers = [
            ("X-RateLimit-Limit", "1000"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "3600"),
        ];
        let body = Json(serde_json::json!({"Status": "ERROR", "Message": "Too many requests"}));
        (StatusCode::TOO_MANY_REQUESTS, headers, body).into_response()
    };
    let partner = || {
        let headers = [
            ("X-RateLimit-Limit-hour", "500"),
            ("X-RateLimit-Remaining-hour", "0"),
            ("RateLimit-Reset", "3600"),
        ];
        (StatusCode::TOO_MANY_REQUESTS, headers, "").into_response()
    };
    let dir = TestDir::new();
    let spec = spec_in(&dir, "spec.toml", &gets(2));
    for answer in [brand as fn() -> Response, partner] {
        let fake = Fake::start(answer).await;
        let o = verify_at(&dir, &fake.url, FAKE_SID, FAKE_SECRET, &spec, &[]).await;
        let err = stderr(&o);
        assert_eq!(code(&o), 7, "{}\n{err}", stdout(&o));
        assert!(err.contains("the window resets in 3600 s"), "{err}");
        assert_eq!(fake.hits().len(), 1, "stopped at the first 429");
    }
}
