use super::*;
use crate::contract::{CreateTokenRequest, CreatedToken, TOKEN_DISABLED, TOKEN_ENABLED};
use std::cell::RefCell;

/// Which call fails.
#[derive(Clone, Copy, Default)]
struct Faults {
    duplicate: bool,
    test: bool,
    disable: bool,
    delete: bool,
    rename: bool,
    /// The grace wait is interrupted.
    interrupt: bool,
}

/// A token service in memory that records its calls.
#[derive(Default)]
struct Fake {
    faults: Faults,
    tokens: RefCell<Vec<Token>>,
    calls: RefCell<Vec<String>>,
}

fn broken() -> ApiError {
    ApiError::Server {
        status: 503,
        message: "down".into(),
    }
}

impl Fake {
    fn call(&self, c: String) {
        self.calls.borrow_mut().push(c);
    }

    /// The token `id` changed by `f`, as it now is.
    fn change(&self, id: &str, f: impl FnOnce(&mut Token)) -> Token {
        let mut tokens = self.tokens.borrow_mut();
        let t = tokens.iter_mut().find(|t| t.id == id).expect("exists");
        f(t);
        t.clone()
    }
}

impl Service for Fake {
    async fn duplicate(&self, r: &CreateTokenRequest) -> Result<CreatedToken, ApiError> {
        self.call(format!("duplicate {}", r.name));
        if self.faults.duplicate {
            return Err(broken());
        }
        let token = Token {
            id: "NEW".into(),
            name: r.name.clone(),
            description: r.description.clone(),
            api_version: r.api_version.clone(),
            primary_contact_user_id: r.primary_contact_user_id.clone(),
            developer_emails: r.developer_emails.clone(),
            scopes: r.scopes.clone(),
            date_created: "2026-11-26T00:00:00Z".into(),
            state: TOKEN_ENABLED.into(),
            revision: "1".into(),
        };
        self.tokens.borrow_mut().push(token.clone());
        Ok(CreatedToken {
            token,
            account_sid: "SIDNEW".into(),
            auth_token: "secret".to_string().into(),
        })
    }
    async fn test(&self, created: &CreatedToken) -> Result<(), ApiError> {
        self.call(format!("test {}", created.account_sid));
        if self.faults.test {
            return Err(ApiError::Unauthorized {
                message: String::new(),
            });
        }
        Ok(())
    }
    async fn set_enabled(&self, token: &Token, enabled: bool) -> Result<Token, ApiError> {
        self.call(format!("enabled {} {enabled}", token.id));
        if self.faults.disable {
            return Err(broken());
        }
        let state = if enabled {
            TOKEN_ENABLED
        } else {
            TOKEN_DISABLED
        };
        Ok(self.change(&token.id, |t| t.state = state.into()))
    }
    async fn rename(&self, token: &Token, name: &str) -> Result<Token, ApiError> {
        self.call(format!("rename {} {name}", token.id));
        if self.faults.rename {
            return Err(broken());
        }
        Ok(self.change(&token.id, |t| t.name = name.into()))
    }
    async fn delete(&self, token: &Token) -> Result<(), ApiError> {
        self.call(format!("delete {}", token.id));
        if self.faults.delete {
            return Err(broken());
        }
        self.tokens.borrow_mut().retain(|t| t.id != token.id);
        Ok(())
    }
    async fn wait(&self, grace: Duration) -> bool {
        self.call(format!("wait {}", grace.as_secs()));
        !self.faults.interrupt
    }
}

fn old() -> Token {
    Token {
        id: "OLD".into(),
        name: "prod".into(),
        description: "BI".into(),
        api_version: "14".into(),
        primary_contact_user_id: "U-1".into(),
        developer_emails: vec!["dev@example.com".into()],
        scopes: vec!["getCompanyInformation".into()],
        date_created: "2026-01-01T00:00:00Z".into(),
        state: TOKEN_ENABLED.into(),
        revision: "1".into(),
    }
}

fn options() -> Options {
    Options {
        token: "prod".into(),
        new_name: None,
        delete_old: false,
        keep_old: false,
        grace: None,
        from_disabled: false,
        yes: true,
    }
}

const WHEN: &str = "2026-12-06 02:31 UTC";

/// Runs a rotation of `old` as `opts` asks, on a fake with `faults`;
/// `delivered` says whether delivery works. Returns the outcome, the fake,
/// and the report lines.
fn run_with(
    old: Token,
    opts: &Options,
    faults: Faults,
    delivered: bool,
) -> (Outcome, Fake, Vec<String>) {
    let fake = Fake {
        faults,
        tokens: RefCell::new(vec![old.clone()]),
        ..Fake::default()
    };
    let plan = plan(opts, &old, &fake.tokens.borrow(), WHEN);
    let mut lines = Vec::new();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let outcome = rt.block_on(rotate(
        &fake,
        &old,
        &plan,
        |c| {
            fake.call(format!("deliver {}", c.token.id));
            if delivered {
                Ok("a file".into())
            } else {
                Err(())
            }
        },
        &mut |l| lines.push(l),
    ));
    (outcome, fake, lines)
}

fn run(faults: Faults, delivered: bool, delete_old: bool) -> (Outcome, Fake, Vec<String>) {
    let opts = Options {
        delete_old,
        ..options()
    };
    run_with(old(), &opts, faults, delivered)
}

fn calls(f: &Fake) -> Vec<String> {
    f.calls.borrow().clone()
}

fn token(f: &Fake, id: &str) -> Option<Token> {
    f.tokens.borrow().iter().find(|t| t.id == id).cloned()
}

fn state_of(f: &Fake, id: &str) -> Option<String> {
    token(f, id).map(|t| t.state)
}

#[test]
fn a_rotation_keeps_the_name_and_retires_the_old_token_by_name() {
    let (outcome, fake, lines) = run(Faults::default(), true, false);
    assert!(
        matches!(&outcome, Outcome::Rotated { new, old: Some(o) }
            if new.name == "prod" && o.name == "prod (retired 2026-12-06 02:31 UTC)"),
        "{outcome:?}"
    );
    assert_eq!(
        calls(&fake),
        [
            "duplicate prod (rotating)",
            "deliver NEW",
            "test SIDNEW",
            "enabled OLD false",
            "rename OLD prod (retired 2026-12-06 02:31 UTC)",
            "rename NEW prod",
        ]
    );
    assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_DISABLED));
    let new = token(&fake, "NEW").unwrap();
    assert_eq!(
        new.to_request(),
        old().to_request(),
        "same settings, same name"
    );
    let steps: Vec<&str> = lines.iter().map(|l| &l[..3]).collect();
    assert_eq!(
        steps,
        ["1/5", "1/5", "2/5", "3/5", "3/5", "4/5", "5/5", "5/5"]
    );
}

#[test]
fn rotating_again_piles_up_no_names() {
    // The token that took "prod" is rotated in its turn.
    let first = Fake {
        tokens: RefCell::new(vec![
            Token {
                id: "R1".into(),
                name: "prod (retired 2026-01-01 00:00 UTC)".into(),
                state: TOKEN_DISABLED.into(),
                ..old()
            },
            old(),
        ]),
        ..Fake::default()
    };
    let plan = plan(&options(), &old(), &first.tokens.borrow(), WHEN);
    assert_eq!(plan.new_name, "prod (rotating)");
    assert_eq!(plan.final_name.as_deref(), Some("prod"));
    assert_eq!(
        plan.retired_name.as_deref(),
        Some("prod (retired 2026-12-06 02:31 UTC)")
    );
}

#[test]
fn with_delete_old_the_old_token_goes_and_the_new_takes_its_name() {
    let (outcome, fake, _) = run(Faults::default(), true, true);
    assert!(
        matches!(&outcome, Outcome::Rotated { new, old: None } if new.name == "prod"),
        "{outcome:?}"
    );
    assert_eq!(state_of(&fake, "OLD"), None);
    assert_eq!(&calls(&fake)[4..], ["delete OLD", "rename NEW prod"]);
}

#[test]
fn keep_old_leaves_it_enabled_and_says_how_to_retire_it() {
    let opts = Options {
        keep_old: true,
        ..options()
    };
    let (outcome, fake, lines) = run_with(old(), &opts, Faults::default(), true);
    assert!(matches!(outcome, Outcome::Rotated { .. }), "{outcome:?}");
    assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_ENABLED));
    assert!(!calls(&fake).iter().any(|c| c.starts_with("enabled")));
    assert!(
        lines
            .last()
            .unwrap()
            .contains("impact-token tokens disable OLD --yes"),
        "{lines:?}"
    );
}

#[test]
fn a_grace_period_waits_before_disabling_and_an_interrupt_keeps_both() {
    let opts = Options {
        grace: Some(Duration::from_secs(600)),
        ..options()
    };
    let (outcome, fake, _) = run_with(old(), &opts, Faults::default(), true);
    assert!(matches!(outcome, Outcome::Rotated { .. }), "{outcome:?}");
    assert_eq!(&calls(&fake)[3..5], ["wait 600", "enabled OLD false"]);

    let interrupt = Faults {
        interrupt: true,
        ..Faults::default()
    };
    let (outcome, fake, _) = run_with(old(), &opts, interrupt, true);
    assert!(matches!(outcome, Outcome::GraceInterrupted), "{outcome:?}");
    assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_ENABLED));
    assert_eq!(state_of(&fake, "NEW").as_deref(), Some(TOKEN_ENABLED));
    assert_eq!(calls(&fake).last().unwrap(), "wait 600", "nothing after");
}

#[test]
fn a_new_name_leaves_both_names_alone() {
    let opts = Options {
        new_name: Some("prod-2".into()),
        ..options()
    };
    let (outcome, fake, _) = run_with(old(), &opts, Faults::default(), true);
    assert!(
        matches!(&outcome, Outcome::Rotated { new, old: Some(o) } if new.name == "prod-2" && o.name == "prod"),
        "{outcome:?}"
    );
    assert!(!calls(&fake).iter().any(|c| c.starts_with("rename")));
}

#[test]
fn the_old_token_is_untouched_until_the_new_one_is_delivered_and_tested() {
    let (outcome, fake, _) = run(Faults::default(), false, true);
    assert!(matches!(outcome, Outcome::NotDelivered(ref t) if t.id == "NEW"));
    assert_eq!(calls(&fake), ["duplicate prod (rotating)", "deliver NEW"]);
    assert_eq!(token(&fake, "OLD"), Some(old()));

    let test = Faults {
        test: true,
        ..Faults::default()
    };
    let (outcome, fake, _) = run(test, true, true);
    assert!(matches!(outcome, Outcome::TestFailed(..)), "{outcome:?}");
    assert_eq!(calls(&fake).len(), 3, "no disable, no delete");
    assert_eq!(token(&fake, "OLD"), Some(old()));

    let dup = Faults {
        duplicate: true,
        ..Faults::default()
    };
    let (outcome, fake, _) = run(dup, true, true);
    assert!(matches!(outcome, Outcome::NotCreated(_)));
    assert_eq!(
        calls(&fake),
        ["duplicate prod (rotating)"],
        "nothing delivered"
    );
}

#[test]
fn a_failed_step_stops_with_the_tokens_in_a_known_state() {
    let disable = Faults {
        disable: true,
        ..Faults::default()
    };
    let (outcome, fake, _) = run(disable, true, true);
    assert!(matches!(outcome, Outcome::OldNotDisabled(..)));
    assert!(!calls(&fake).iter().any(|c| c.starts_with("delete")));
    assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_ENABLED));

    let delete = Faults {
        delete: true,
        ..Faults::default()
    };
    let (outcome, fake, _) = run(delete, true, true);
    assert!(matches!(outcome, Outcome::NotFinished { .. }));
    assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_DISABLED));

    let rename = Faults {
        rename: true,
        ..Faults::default()
    };
    let (outcome, fake, _) = run(rename, true, false);
    let Outcome::NotFinished {
        new, old: Some(o), ..
    } = outcome
    else {
        panic!("{outcome:?}");
    };
    assert_eq!(
        (new.name.as_str(), o.name.as_str()),
        ("prod (rotating)", "prod")
    );
    assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_DISABLED));
}

#[test]
fn a_disabled_token_is_rotated_only_when_asked_and_never_enabled_silently() {
    let disabled = Token {
        state: TOKEN_DISABLED.into(),
        ..old()
    };
    let opts = Options {
        from_disabled: true,
        ..options()
    };
    let (outcome, fake, lines) = run_with(disabled, &opts, Faults::default(), true);
    assert!(matches!(outcome, Outcome::Rotated { .. }), "{outcome:?}");
    assert!(!calls(&fake).iter().any(|c| c.starts_with("enabled")));
    assert!(lines.iter().any(|l| l.contains("was disabled already")));
}

#[test]
fn each_stop_has_its_own_status() {
    let old = old();
    let new = || old.clone();
    let code = |o: Outcome| match finish(o, &old, AccountType::Brand, &SecretArgs::default()) {
        Ok(c) => format!("{c:?}"),
        Err(f) => format!("{:?}", ExitCode::from(f.code)),
    };
    let codes = [
        code(Outcome::NotCreated(ApiError::Conflict {
            message: String::new(),
            errors: vec![],
        })),
        code(Outcome::NotDelivered(new())),
        code(Outcome::TestFailed(new(), broken())),
        code(Outcome::OldNotDisabled(broken())),
        code(Outcome::GraceInterrupted),
        code(Outcome::NotFinished {
            error: broken(),
            new: new(),
            old: None,
        }),
    ];
    let expected = [
        exit::CONFLICT,
        exit::SECRET_NOT_DELIVERED,
        exit::ROTATE_TEST_FAILED,
        exit::ROTATE_OLD_NOT_DISABLED,
        exit::ROTATE_OLD_NOT_DISABLED,
        exit::ROTATE_OLD_NOT_DELETED,
    ]
    .map(|c| format!("{:?}", ExitCode::from(c)));
    assert_eq!(codes, expected);
}
