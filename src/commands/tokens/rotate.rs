//! `tokens rotate`: rotation with no downtime.
//!
//! 1. Duplicate the token (same settings, a free name).
//! 2. Deliver the new secret (file, command, stdout).
//! 3. Test the new token with its own credentials.
//! 4. Disable the old token.
//! 5. Delete it, only with `--delete-old`.
//!
//! The old token is touched only after the new one was delivered and
//! tested. Each step stops the rotation on failure with its own exit
//! status, leaving both tokens in the state that status documents:
//!
//! | stops at | status | new token | old token |
//! |---|---|---|---|
//! | 1 | the API error's (2–8) | none | unchanged |
//! | 2 | 9, secret rescued | exists, enabled | unchanged (enabled) |
//! | 3 | 11 | exists, delivered | unchanged (enabled) |
//! | 4 | 12 | works | still enabled |
//! | 5 | 13 | works | disabled, not deleted |

use std::process::ExitCode;

use super::Session;
use super::deliver::Destinations;
use crate::api::error::ApiError;
use crate::cli::{Cli, SecretArgs};
use crate::commands::confirm::{Answer, confirm};
use crate::commands::{Failure, exit};
use crate::contract::{CreateTokenRequest, CreatedToken, Token};
use crate::model::account::AccountType;
use crate::text;

/// What `tokens rotate` was asked.
#[derive(Clone, Debug)]
pub(super) struct Options {
    /// The old token's name or Id.
    pub token: String,
    /// The new token's name, instead of a free "NAME (copy)".
    pub new_name: Option<String>,
    /// Step 5.
    pub delete_old: bool,
    /// No confirmation.
    pub yes: bool,
}

/// Runs the rotation against the target's server.
pub(super) fn run(cli: &Cli, opts: &Options, secret: &SecretArgs) -> Result<ExitCode, Failure> {
    let dest = Destinations::new(secret)?;
    // Where the secret goes is checked before anything exists.
    dest.check()?;
    let session = Session::open(cli)?;
    let old = session.find(&opts.token)?;
    // The whole list only where a free copy name is needed.
    let new_name = match &opts.new_name {
        Some(name) => name.clone(),
        None => crate::model::tokens::copy_name(&old.name, &session.tokens()?),
    };
    confirm(
        opts.yes,
        &text::confirm_rotate(&old.name, opts.delete_old),
        Answer::Yes,
    )?;
    let live = super::live::Live::new(cli, &session);
    let outcome = session.block_on(rotate(
        &live,
        &old,
        new_name,
        opts.delete_old,
        |created| dest.deliver(created),
        &mut |line| eprintln!("{line}"),
    ));
    let t = session.account_type();
    drop(session);
    finish(outcome, &old, t, secret)
}

/// The calls a rotation makes; the server's in the command, a fake in tests.
pub(crate) trait Service {
    /// Creates a token with these settings (retrying safely).
    async fn duplicate(&self, request: &CreateTokenRequest) -> Result<CreatedToken, ApiError>;
    /// Calls the server with the new token's own credentials, as its scopes
    /// allow; `Ok` only when they work.
    async fn test(&self, created: &CreatedToken) -> Result<(), ApiError>;
    /// Enables or disables a token.
    async fn set_enabled(&self, id: &str, enabled: bool) -> Result<(), ApiError>;
    /// Deletes a token.
    async fn delete(&self, id: &str) -> Result<(), ApiError>;
}

/// How a rotation ended.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// Every step asked for was done.
    Rotated {
        /// The new token.
        new: Token,
        /// Whether the old token was deleted (else it is disabled).
        deleted: bool,
    },
    /// Step 1 failed: nothing changed.
    NotCreated(ApiError),
    /// Step 2 failed: the secret was rescued; the old token is unchanged.
    NotDelivered(Token),
    /// Step 3 failed: the old token is unchanged.
    TestFailed(Token, ApiError),
    /// Step 4 failed: the new token works; the old is still enabled.
    OldNotDisabled(ApiError),
    /// Step 5 failed: the new token works; the old is disabled.
    OldNotDeleted(ApiError),
}

/// The five steps, each reported through `report` as it happens.
/// `deliver` puts the secret where asked and names where (`Err` once it
/// has said why and rescued the secret).
pub(crate) async fn rotate<S: Service>(
    service: &S,
    old: &Token,
    new_name: String,
    delete_old: bool,
    deliver: impl FnOnce(&CreatedToken) -> Result<String, ()>,
    report: &mut dyn FnMut(String),
) -> Outcome {
    let request = CreateTokenRequest {
        name: new_name,
        ..old.to_request()
    };
    report(text::rotate_duplicating(&old.name, &request.name));
    let created = match service.duplicate(&request).await {
        Ok(c) => c,
        Err(e) => return Outcome::NotCreated(e),
    };
    report(text::rotate_duplicated(&created.token.id));
    let new = created.token.clone();
    match deliver(&created) {
        Ok(dest) => report(text::rotate_delivered(&dest)),
        Err(()) => return Outcome::NotDelivered(new),
    }
    report(text::ROTATE_TESTING.to_string());
    if let Err(e) = service.test(&created).await {
        return Outcome::TestFailed(new, e);
    }
    // The secret is not needed any more (secrecy wipes it).
    drop(created);
    report(text::ROTATE_TESTED.to_string());
    if old.is_enabled() {
        if let Err(e) = service.set_enabled(&old.id, false).await {
            return Outcome::OldNotDisabled(e);
        }
        report(text::rotate_disabled(&old.name));
    } else {
        report(text::rotate_already_disabled(&old.name));
    }
    if delete_old {
        if let Err(e) = service.delete(&old.id).await {
            return Outcome::OldNotDeleted(e);
        }
        report(text::rotate_deleted(&old.name));
    } else {
        report(text::rotate_kept(&old.name, &old.id));
    }
    Outcome::Rotated {
        new,
        deleted: delete_old,
    }
}

/// The exit status and message of an outcome; the summary on stdout when
/// it rotated.
fn finish(
    outcome: Outcome,
    old: &Token,
    t: AccountType,
    secret: &SecretArgs,
) -> Result<ExitCode, Failure> {
    let why = |e: &ApiError| e.message(Some(t));
    match outcome {
        Outcome::Rotated { new, deleted } => super::manage::summary(
            secret,
            &text::rotated(&old.name, &new.name, &new.id, deleted),
        ),
        Outcome::NotCreated(e) => {
            let f = Failure::from_api(&e, Some(t));
            Err(Failure::new(f.code, text::rotate_not_created(&f.message)))
        }
        Outcome::NotDelivered(new) => {
            eprintln!(
                "impact-token: {}",
                text::rotate_not_delivered(&new.name, &new.id)
            );
            Ok(ExitCode::from(exit::SECRET_NOT_DELIVERED))
        }
        Outcome::TestFailed(new, e) => Err(Failure::new(
            exit::ROTATE_TEST_FAILED,
            text::rotate_test_failed(&new.name, &new.id, &why(&e)),
        )),
        Outcome::OldNotDisabled(e) => Err(Failure::new(
            exit::ROTATE_OLD_NOT_DISABLED,
            text::rotate_old_not_disabled(&old.name, &old.id, &why(&e)),
        )),
        Outcome::OldNotDeleted(e) => Err(Failure::new(
            exit::ROTATE_OLD_NOT_DELETED,
            text::rotate_old_not_deleted(&old.name, &old.id, &why(&e)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{TOKEN_DISABLED, TOKEN_ENABLED};
    use std::cell::RefCell;

    /// Which call fails.
    #[derive(Clone, Copy, Default)]
    struct Faults {
        duplicate: bool,
        test: bool,
        disable: bool,
        delete: bool,
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

    impl Service for Fake {
        async fn duplicate(&self, r: &CreateTokenRequest) -> Result<CreatedToken, ApiError> {
            self.calls
                .borrow_mut()
                .push(format!("duplicate {}", r.name));
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
                revision: String::new(),
            };
            self.tokens.borrow_mut().push(token.clone());
            Ok(CreatedToken {
                token,
                account_sid: "SIDNEW".into(),
                auth_token: "secret".to_string().into(),
            })
        }
        async fn test(&self, created: &CreatedToken) -> Result<(), ApiError> {
            let sid = &created.account_sid;
            self.calls.borrow_mut().push(format!("test {sid}"));
            if self.faults.test {
                return Err(ApiError::Unauthorized {
                    message: String::new(),
                });
            }
            Ok(())
        }
        async fn set_enabled(&self, id: &str, enabled: bool) -> Result<(), ApiError> {
            self.calls
                .borrow_mut()
                .push(format!("enabled {id} {enabled}"));
            if self.faults.disable {
                return Err(broken());
            }
            for t in self.tokens.borrow_mut().iter_mut().filter(|t| t.id == id) {
                t.state = if enabled {
                    TOKEN_ENABLED
                } else {
                    TOKEN_DISABLED
                }
                .into();
            }
            Ok(())
        }
        async fn delete(&self, id: &str) -> Result<(), ApiError> {
            self.calls.borrow_mut().push(format!("delete {id}"));
            if self.faults.delete {
                return Err(broken());
            }
            self.tokens.borrow_mut().retain(|t| t.id != id);
            Ok(())
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
            revision: String::new(),
        }
    }

    /// Runs a rotation of [`old`] on a fake with `faults`; `delivered`
    /// says whether delivery works. Returns the outcome, the fake, and the
    /// report lines.
    fn run(faults: Faults, delivered: bool, delete_old: bool) -> (Outcome, Fake, Vec<String>) {
        let fake = Fake {
            faults,
            tokens: RefCell::new(vec![old()]),
            ..Fake::default()
        };
        let mut lines = Vec::new();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let outcome = rt.block_on(rotate(
            &fake,
            &old(),
            "prod (copy)".into(),
            delete_old,
            |c| {
                fake.calls
                    .borrow_mut()
                    .push(format!("deliver {}", c.token.id));
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

    fn calls(f: &Fake) -> Vec<String> {
        f.calls.borrow().clone()
    }

    fn state_of(f: &Fake, id: &str) -> Option<String> {
        f.tokens
            .borrow()
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.state.clone())
    }

    #[test]
    fn a_rotation_duplicates_delivers_tests_then_disables() {
        let (outcome, fake, lines) = run(Faults::default(), true, false);
        assert!(
            matches!(&outcome, Outcome::Rotated { new, deleted: false } if new.name == "prod (copy)"),
            "{outcome:?}"
        );
        assert_eq!(
            calls(&fake),
            [
                "duplicate prod (copy)",
                "deliver NEW",
                "test SIDNEW",
                "enabled OLD false"
            ]
        );
        assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_DISABLED));
        let new = fake.tokens.borrow()[1].clone();
        let mut same = old().to_request();
        same.name = new.name.clone();
        assert_eq!(new.to_request(), same, "same settings and scopes");
        let steps: Vec<&str> = lines.iter().map(|l| &l[..3]).collect();
        assert_eq!(steps, ["1/5", "1/5", "2/5", "3/5", "3/5", "4/5", "5/5"]);
    }

    #[test]
    fn with_delete_old_the_old_token_goes() {
        let (outcome, fake, _) = run(Faults::default(), true, true);
        assert!(matches!(outcome, Outcome::Rotated { deleted: true, .. }));
        assert_eq!(state_of(&fake, "OLD"), None);
        assert_eq!(calls(&fake).last().unwrap(), "delete OLD");
    }

    #[test]
    fn the_old_token_is_untouched_until_the_new_one_is_delivered_and_tested() {
        let (outcome, fake, _) = run(Faults::default(), false, true);
        assert!(matches!(outcome, Outcome::NotDelivered(ref t) if t.id == "NEW"));
        assert_eq!(calls(&fake), ["duplicate prod (copy)", "deliver NEW"]);
        assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_ENABLED));

        let test = Faults {
            test: true,
            ..Faults::default()
        };
        let (outcome, fake, _) = run(test, true, true);
        assert!(matches!(outcome, Outcome::TestFailed(..)), "{outcome:?}");
        assert_eq!(calls(&fake).len(), 3, "no disable, no delete");
        assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_ENABLED));

        let dup = Faults {
            duplicate: true,
            ..Faults::default()
        };
        let (outcome, fake, _) = run(dup, true, true);
        assert!(matches!(outcome, Outcome::NotCreated(_)));
        assert_eq!(calls(&fake), ["duplicate prod (copy)"], "nothing delivered");
    }

    #[test]
    fn a_failed_disable_or_delete_stops_with_the_old_token_in_a_known_state() {
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
        assert!(matches!(outcome, Outcome::OldNotDeleted(..)));
        assert_eq!(state_of(&fake, "OLD").as_deref(), Some(TOKEN_DISABLED));
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
            code(Outcome::OldNotDeleted(broken())),
        ];
        let expected = [
            exit::CONFLICT,
            exit::SECRET_NOT_DELIVERED,
            exit::ROTATE_TEST_FAILED,
            exit::ROTATE_OLD_NOT_DISABLED,
            exit::ROTATE_OLD_NOT_DELETED,
        ]
        .map(|c| format!("{:?}", ExitCode::from(c)));
        assert_eq!(codes, expected);
    }
}
