//! Least privilege from evidence: `spec from-log` on each input format
//! (access logs, HAR, curl, `METHOD /path`), unmatched lines on stderr,
//! the `IR-Version` guess and `--diff-against`; `spec checklist` for one
//! spec per account type; and the wizard's `w` and "From a log file…".

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

#[path = "support/run.rs"]
#[allow(dead_code)]
mod run;

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::model::spec::{Format, parse};
use run::{code, home_in, stderr, stdout};

/// A secret that must never be echoed.
const SECRET: &str = "s3cretAuthTok3n";

struct Env {
    dir: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let tmp = tempfile::Builder::new()
            .prefix("impact-token-evidence-")
            .tempdir()
            .unwrap();
        Env {
            dir: tmp.path().to_path_buf(),
            _tmp: tmp,
        }
    }

    fn file(&self, name: &str, body: &str) -> PathBuf {
        let p = self.dir.join(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_impact-token"));
        home_in(&mut c, &self.dir).current_dir(&self.dir).args(args);
        c.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        }
        child.wait_with_output().unwrap()
    }
}

/// The scope Ids and version of a spec written by from-log.
fn scopes_of(spec: &str) -> (Vec<String>, String) {
    let doc: toml::Table = spec.parse().unwrap_or_else(|e| panic!("{e}\n{spec}"));
    let ids = doc["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    (ids, doc["api_version"].as_str().unwrap().to_string())
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn from_log(env: &Env, name: &str, body: &str) -> Output {
    let p = env.file(name, body);
    env.run(&["spec", "from-log", p.to_str().unwrap()], None)
}

#[test]
fn access_logs_common_and_combined() {
    let env = Env::new();
    let o = from_log(
        &env,
        "access.log",
        r#"127.0.0.1 - IRsid [10/Oct/2026:13:55:36 -0700] "GET /Advertisers/IRsid/Actions?PageSize=10 HTTP/1.1" 200 2326
127.0.0.1 - IRsid [10/Oct/2026:13:55:37 -0700] "GET /Advertisers/IRsid/Actions?Page=2 HTTP/1.1" 200 2326
10.0.0.1 - - [10/Oct/2026:13:55:38 +0000] "DELETE /Advertisers/IRsid/Actions HTTP/1.1" 200 5 "https://example.com/" "Mozilla/5.0 (X11; Linux)"
"#,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let spec = stdout(&o);
    assert_eq!(scopes_of(&spec).0, ids(&["listActions", "reverseAction"]));
    assert!(
        spec.contains("# 2 requests, e.g. GET /Advertisers/{AccountSID}/Actions\n"),
        "{spec}"
    );
    assert!(
        !spec.contains("IRsid") && !spec.contains("PageSize"),
        "{spec}"
    );
}

#[test]
fn har_files_with_their_ir_version_header() {
    let env = Env::new();
    let har = format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"x","version":"1"}},"entries":[
  {{"request":{{"method":"GET","url":"https://api.impact.com/Mediapartners/IRp/Catalogs/ItemSearch?Query=shoe",
    "headers":[{{"name":"Authorization","value":"Basic {SECRET}"}},{{"name":"IR-Version","value":"15"}}]}},"response":{{"status":200}}}},
  {{"request":{{"method":"GET","url":"https://api.impact.com/Mediapartners/IRp/Catalogs/77",
    "headers":[{{"name":"IR-Version","value":"15"}}]}}}}
]}}}}"#
    );
    let o = from_log(&env, "session.har", &har);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (scopes, version) = scopes_of(&stdout(&o));
    assert_eq!(scopes, ids(&["retrieveCatalog", "searchCatalogItems"]));
    assert_eq!(version, "15");
    assert!(stderr(&o).contains("IR-Version"), "{}", stderr(&o));
    assert!(!stdout(&o).contains(SECRET) && !stderr(&o).contains(SECRET));
    assert!(stdout(&o).contains("account_type = \"partner\""));
}

#[test]
fn curl_lines_never_echo_their_credentials() {
    let env = Env::new();
    let o = from_log(
        &env,
        "history.txt",
        &format!(
            "$ curl -u IRag:{SECRET} https://api.impact.com/Agencies/IRag/Advertisers\n\
             curl --request PUT --user IRag:{SECRET} \\\n  -H 'Content-Type: application/json' \\\n  'https://api.impact.com/Agencies/IRag/Jobs/J-1/Replay?IrVersion=2'\n\
             curl -X POST -u IRag:{SECRET} https://api.impact.com/Agencies/IRag/Nowhere\n"
        ),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (scopes, version) = scopes_of(&stdout(&o));
    assert_eq!(scopes, ids(&["listAdvertisers", "replayJob"]));
    assert_eq!(version, "2", "the IrVersion query is a version too");
    let err = stderr(&o);
    assert!(err.contains("POST /Agencies/{AccountSID}/Nowhere"), "{err}");
    for text in [stdout(&o), err] {
        assert!(!text.contains(SECRET) && !text.contains("IRag"), "{text}");
    }
}

#[test]
fn plain_lines_from_stdin_and_what_is_not_matched_goes_to_stderr() {
    let env = Env::new();
    let input = format!(
        "# integration calls\nGET /Advertisers/IRb/CompanyInformation\nGET /Advertisers/IRb/Ads/9?AuthToken={SECRET}\n\
         GET /favicon.ico\nGET /favicon.ico\nnot a request {SECRET}\nPATCH /Advertisers/IRb/CompanyInformation\n"
    );
    let o = env.run(&["spec", "from-log", "-"], Some(&input));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let spec = stdout(&o);
    assert_eq!(
        scopes_of(&spec).0,
        ids(&["getCompanyInformation", "getAdById"])
    );
    assert_eq!(scopes_of(&spec).1, "14", "no IR-Version: the newest");
    let err = stderr(&o);
    assert!(
        err.contains("3 request(s) matched no scope (2 distinct)"),
        "{err}"
    );
    assert!(err.contains("GET /favicon.ico  (2×)"), "{err}");
    assert!(
        err.contains("PATCH /Advertisers/{AccountSID}/CompanyInformation"),
        "{err}"
    );
    assert!(
        err.contains("1 line(s) are not requests") && err.contains("-:6"),
        "{err}"
    );
    assert!(
        !spec.contains(SECRET) && !err.contains(SECRET),
        "{spec}{err}"
    );
    // The placeholders keep the spec from being created as is; filled, it reads.
    let catalog_for = |t| Catalog::bundled(t);
    let e = parse(&spec, Format::Toml, None, &catalog_for).unwrap_err();
    assert!(e.line.is_some(), "{e}");
    let filled = spec
        .replace("name = \"\"", "name = \"integration\"")
        .replace(
            "primary_contact_user_id = \"\"",
            "primary_contact_user_id = \"U-1\"",
        );
    let s = parse(
        &filled,
        Format::Toml,
        Some(AccountType::Brand),
        &catalog_for,
    )
    .unwrap();
    assert_eq!(
        s.request.scopes,
        ids(&["getCompanyInformation", "getAdById"])
    );
}

#[test]
fn account_types_nothing_matched_and_the_output_file() {
    let env = Env::new();
    let mixed = "GET /Advertisers/IRb/Ads\nGET /Mediapartners/IRp/Ads\n";
    let o = env.run(&["spec", "from-log", "-"], Some(mixed));
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("--account-type"), "{}", stderr(&o));
    let o = env.run(
        &["spec", "from-log", "--account-type", "partner", "-"],
        Some(mixed),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(scopes_of(&stdout(&o)).0, ids(&["listAds"]));
    assert!(stderr(&o).contains("GET /Advertisers/{AccountSID}/Ads"));
    let o = env.run(&["spec", "from-log", "-"], Some("GET /nothing\n"));
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    let out = env.dir.join("spec.json");
    let o = env.run(
        &["spec", "from-log", "-o", out.to_str().unwrap(), "-"],
        Some("GET /Advertisers/IRb/Ads\n"),
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(json["scopes"][0]["id"], "listAds");
    let o = env.run(
        &["spec", "from-log", "-o", out.to_str().unwrap(), "-"],
        Some("GET /Advertisers/IRb/Ads\n"),
    );
    assert_ne!(code(&o), 0, "an existing file is never replaced");
}

#[test]
fn diff_against_names_what_the_evidence_never_used() {
    let env = Env::new();
    let spec = env.file(
        "current.toml",
        "account_type = \"brand\"\nname = \"n\"\nprimary_contact_user_id = \"U-1\"\n\
         scopes = [\"getCompanyInformation\", \"listAds\", \"createAd\"]\n",
    );
    let spec = spec.to_str().unwrap();
    let o = env.run(
        &["spec", "from-log", "--diff-against", spec, "-"],
        Some("GET /Advertisers/IRb/Ads\nGET /Advertisers/IRb/Actions\n"),
    );
    assert_eq!(code(&o), 14, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("never used by the evidence (2"), "{out}");
    assert!(
        out.contains("getCompanyInformation") && out.contains("createAd"),
        "{out}"
    );
    assert!(
        out.contains("not in the spec (1") && out.contains("listActions"),
        "{out}"
    );
    assert!(
        !out.contains("scopes = ["),
        "stdout is the difference only: {out}"
    );
    let o = env.run(
        &["spec", "from-log", "--diff-against", spec, "-"],
        Some("GET /Advertisers/IRb/Ads\nPOST /Advertisers/IRb/Ads\nGET /Advertisers/IRb/CompanyInformation\n"),
    );
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("exactly"), "{}", stdout(&o));
}

/// A spec per account type with scopes from two categories, and the
/// checklist's lines in the page's order.
#[test]
fn the_checklist_for_one_spec_per_account_type() {
    let env = Env::new();
    for t in AccountType::ALL {
        let c = Catalog::bundled(t);
        let first = c.scope(c.categories[0].range.start);
        let last_cat = c.categories.last().unwrap();
        let last = c.scope(last_cat.range.end - 1);
        let body = format!(
            "account_type = \"{t}\"\nname = \"evidence {t}\"\ndescription = \"from logs\"\n\
             primary_contact_user_id = \"U-7\"\ndeveloper_emails = [\"dev@example.com\"]\n\
             scopes = [\"{}\", \"{}\"]\n",
            last.id, first.id
        );
        let p = env.file(&format!("{t}.toml"), &body);
        let o = env.run(&["spec", "checklist", p.to_str().unwrap()], None);
        assert_eq!(code(&o), 0, "{t}: {}", stderr(&o));
        let md = stdout(&o);
        let crumb = t.breadcrumb().join(" › ");
        let expected = [
            format!("Open **{crumb}**"),
            "## 1. Setup".into(),
            format!("- [ ] Token Name: `evidence {t}`"),
            "- [ ] Description: `from logs`".into(),
            format!("- [ ] API Version: `{}`", t.api_versions()[0]),
            "## 2. Contact Information".into(),
            "- [ ] Primary Contact: pick the user whose Id is `U-7`".into(),
            "- [ ] Developer e-mail: add `dev@example.com`".into(),
            "## 3. API Scopes".into(),
            format!("- [ ] Toggle **{}** on", c.categories[0].name),
            format!("- [ ] Tick **{}**", first.name),
            format!("- [ ] Toggle **{}** on", last_cat.name),
            format!("- [ ] Tick **{}**", last.name),
            "## 4. Create".into(),
        ];
        let mut at = 0;
        for line in &expected {
            let found = md[at..]
                .find(line.as_str())
                .unwrap_or_else(|| panic!("{t}: no {line:?} after byte {at}:\n{md}"));
            at += found + line.len();
        }
    }
    let bad = env.file("bad.toml", "account_type = \"brand\"\nname = \"x\"\n");
    let o = env.run(&["spec", "checklist", bad.to_str().unwrap()], None);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
}

/// The natural next step from a log: `spec from-log`'s spec (name and
/// primary contact blank) as a checklist, the blanks as steps to fill in.
#[test]
fn a_spec_from_a_log_makes_a_checklist_with_the_blanks_to_fill_in() {
    let env = Env::new();
    let log = env.file(
        "calls.txt",
        "GET /Advertisers/IRsid/Actions?PageSize=10\nGET /Advertisers/IRsid/CompanyInformation\n",
    );
    let o = env.run(
        &[
            "spec",
            "from-log",
            log.to_str().unwrap(),
            "-o",
            "draft.toml",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = env.run(
        &[
            "spec",
            "from-log",
            log.to_str().unwrap(),
            "-o",
            "draft.json",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for draft in ["draft.toml", "draft.json"] {
        let o = env.run(&["spec", "checklist", draft], None);
        assert_eq!(code(&o), 0, "{draft}: {}", stderr(&o));
        let md = stdout(&o);
        for line in [
            "# Create an access token in impact.com",
            "The spec leaves the Token Name and the Primary Contact blank",
            "- [ ] Token Name: **fill in** a name",
            "- [ ] Primary Contact: **fill in**: pick the user",
            "- [ ] Tick **",
        ] {
            assert!(md.contains(line), "{draft}: no {line:?}:\n{md}");
        }
        assert!(!md.contains("``"), "{draft}: an empty value shown:\n{md}");
    }
    // create still refuses the draft: a token needs a name and a contact.
    let o = env.run(
        &[
            "create",
            "--spec",
            "draft.toml",
            "--yes",
            "--sandbox",
            "--show-secret",
        ],
        None,
    );
    assert_eq!(code(&o), 3, "{}", stderr(&o));
}

// The wizard, driven key by key through `update` (no terminal), with the
// effects carried out as the event loop would.

use crossterm::event::KeyCode;
use impact_token::model::preset::Rule;
use impact_token::tui::state::{Level, Modal, Step};
use impact_token::tui::update::{Effect, Msg, update};
use wizard_state::{connected, key, screen_text, to_scopes, typed};

#[test]
fn w_on_the_create_panel_writes_the_web_page_steps() {
    let env = Env::new();
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "nightly export");
    key(&mut s, KeyCode::Char(' ')); // Account Information on
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' ')); // Get Company Information
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.step, Step::Create);
    let fx = key(&mut s, KeyCode::Char('w'));
    assert!(fx.is_empty(), "{fx:?}");
    let offered = s
        .export_input
        .as_ref()
        .expect("the file field")
        .lines()
        .join("");
    assert_eq!(offered, "nightly-export-checklist.md");
    assert!(
        screen_text(&s, 80).contains("web page's steps"),
        "{}",
        screen_text(&s, 80)
    );
    let fx = key(&mut s, KeyCode::Enter);
    let path = match fx.as_slice() {
        [Effect::ExportChecklist(p)] => env.dir.join(p),
        other => panic!("{other:?}"),
    };
    assert!(s.export_input.is_none());
    let (level, note) = impact_token::tui::effects::export_checklist(&s, &path);
    assert_eq!(level, Level::Info, "{note}");
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.contains("- [ ] Token Name: `nightly export`"), "{md}");
    assert!(md.contains("pick `Ada Lovelace` (user Id `U-1`)"), "{md}");
    assert!(
        md.contains("- [ ] Toggle **Account Information** on"),
        "{md}"
    );
    assert!(
        md.contains("- [ ] Tick **Get Company Information**"),
        "{md}"
    );
    // Never over an existing file; `e` still exports a spec.
    let (level, _) = impact_token::tui::effects::export_checklist(&s, &path);
    assert_eq!(level, Level::Error);
    key(&mut s, KeyCode::Char('e'));
    match key(&mut s, KeyCode::Enter).as_slice() {
        [Effect::ExportSpec(p)] => assert_eq!(p.to_str(), Some("nightly-export.toml")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn from_a_log_file_shows_the_change_before_applying_and_undoes() {
    let env = Env::new();
    let log = env.file(
        "integration.log",
        &format!(
            "GET /Advertisers/IRb/Ads?PageSize=5\ncurl -u IRb:{SECRET} -X POST https://api.impact.com/Advertisers/IRb/Ads\nGET /favicon.ico\n"
        ),
    );
    let mut s = connected(AccountType::Brand);
    to_scopes(&mut s, "t");
    key(&mut s, KeyCode::Char(' ')); // Account Information on
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char(' ')); // Get Company Information
    let before = s.selection.clone();
    key(&mut s, KeyCode::Char('p'));
    let row = s
        .presets
        .iter()
        .position(|p| p.rule == Rule::FromLog)
        .expect("the preset list offers From a log file");
    assert!(screen_text(&s, 80).contains("From a log file…"));
    for _ in 0..row {
        key(&mut s, KeyCode::Down);
    }
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.modal, Some(Modal::LogPath));
    // A file that is not there: said, and the question stays.
    typed(&mut s, "missing.log");
    let fx = key(&mut s, KeyCode::Enter);
    let [Effect::ReadLog(p)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    let result =
        impact_token::tui::effects::read_log(s.settings.account_type, &s.catalog, &env.dir.join(p));
    update(&mut s, Msg::LogRead(result));
    assert_eq!(s.modal, Some(Modal::LogPath));
    assert_eq!(s.status.as_ref().unwrap().0, Level::Error);
    for _ in 0.."missing.log".len() {
        key(&mut s, KeyCode::Backspace);
    }
    update(&mut s, Msg::Paste(log.to_str().unwrap().to_string()));
    let fx = key(&mut s, KeyCode::Enter);
    let [Effect::ReadLog(p)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(p, &log);
    let result = impact_token::tui::effects::read_log(s.settings.account_type, &s.catalog, p);
    update(&mut s, Msg::LogRead(result));
    // The diff first: two scopes in, the one picked before out.
    let Some(Modal::ConfirmPreset(i)) = s.modal else {
        panic!("{:?}", s.modal)
    };
    assert_eq!(
        s.presets[i].rule,
        Rule::Logged(ids(&["createAd", "listAds"]))
    );
    assert_eq!(s.selection, before, "nothing changes before yes");
    let screen = screen_text(&s, 80);
    assert!(screen.contains("from integration.log"), "{screen}");
    assert!(screen.contains("+ POST   Create an Ad"), "{screen}");
    assert!(
        screen.contains("- GET    Get Company Information"),
        "{screen}"
    );
    assert!(!screen.contains(SECRET), "{screen}");
    key(&mut s, KeyCode::Char('y'));
    assert_eq!(s.modal, None);
    assert_eq!(s.request().scopes, ids(&["createAd", "listAds"]));
    key(&mut s, KeyCode::Char('u'));
    assert_eq!(s.selection, before);
}
