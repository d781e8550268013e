//! What the sandbox remembers between requests: accounts, credentials, minted
//! tokens, idempotency records, rate-limit windows and the fault plan.
//!
//! One `Mutex` guards the account data; it is never held across an `.await`,
//! so a create (check, commit, remember the key) is atomic.

use std::collections::HashMap;
use std::sync::atomic::AtomicUsize;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;

use crate::contract::{CreateTokenRequest, Token, User};
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;

use super::faults::FaultPlan;
use super::ratelimit::{DEFAULT_LIMIT, FailedLogins, RateWindow};
use super::seed::{
    RESTRICTED_BRAND_SID, RESTRICTED_BRAND_TOKEN, ROLE_ADMINISTRATOR, ROLE_ANALYST, seed_accounts,
};
use super::server::Limits;

/// Who is behind a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Principal {
    /// A user of the account, with full API access.
    User { role: String },
    /// A token minted by the sandbox, limited to its scopes.
    Token { token_id: String },
}

/// A Basic-auth credential, keyed by its SID in [`Store::credentials`].
pub(crate) struct Credential {
    pub auth_token: String,
    /// Index into [`Store::accounts`].
    pub account: usize,
    pub principal: Principal,
}

/// A minted token with its credentials.
pub(crate) struct StoredToken {
    pub token: Token,
    pub sid: String,
    pub auth_token: String,
    /// [`name_key`](crate::model::validate::name_key) of the name, for the 409 check.
    pub name_key: String,
    /// Seeded at start rather than created by a request.
    pub seeded: bool,
    /// Its place in the account's creation order, from 1 and never reused:
    /// set by [`Store::add_token`]; the list's cursor names it.
    pub seq: u64,
}

/// What an `Idempotency-Key` was first used for.
pub(crate) struct Replay {
    pub request: CreateTokenRequest,
    pub token_id: String,
}

/// What an `Idempotency-Key` of a change of one token (update, reset,
/// enable, disable, delete) was first used for, and the answer given, so
/// that a repeat gets that very answer (a reset's the same secret).
pub(crate) struct Change {
    /// The request: its route, the token's Id and a digest of its body.
    pub request: String,
    /// The first answer, exactly as sent; wiped when dropped (a reset's
    /// carries the secret).
    pub status: u16,
    pub body: zeroize::Zeroizing<Vec<u8>>,
    /// The `ETag` sent with it (empty for a delete).
    pub etag: String,
}

/// Most change keys an account remembers; the oldest are forgotten first.
pub const MAX_CHANGE_KEYS: usize = 10_000;

/// One account and everything it owns.
pub(crate) struct Account {
    pub account_type: AccountType,
    pub sid: String,
    pub company_name: String,
    pub users: Vec<User>,
    /// Technical, financial and security contacts, by user Id.
    pub contacts: [String; 3],
    /// Oldest first: in increasing [`StoredToken::seq`].
    pub tokens: Vec<StoredToken>,
    /// The last [`StoredToken::seq`] given.
    pub last_seq: u64,
    pub idempotency: HashMap<String, Replay>,
    /// Keys of changes and their answers, so a retry does not reset twice.
    pub changes: HashMap<String, Change>,
    /// The keys of [`Account::changes`], oldest first.
    pub change_order: std::collections::VecDeque<String>,
    pub rate: RateWindow,
}

/// All mutable account data.
pub(crate) struct Store {
    pub accounts: Vec<Account>,
    pub credentials: HashMap<String, Credential>,
    /// Requests per account per window.
    pub rate_limit: u32,
    /// Failed logins per client address.
    pub failed_logins: FailedLogins,
    /// Tokens per page of `GET {root}/APIAccessTokens` when the request
    /// names no `PageSize`.
    pub page_size: usize,
    /// Most items a list page holds, whatever `PageSize` asks (up to
    /// [`MAX_PAGE_SIZE`](super::manage::MAX_PAGE_SIZE), the contract's cap):
    /// lower, it stands for a server with a smaller cap.
    pub most_per_page: usize,
    /// Whether rate-limit Reset headers are Unix timestamps (else seconds).
    pub reset_timestamp: bool,
}

/// Default of [`Store::page_size`]: small, so a few tokens already page.
pub const DEFAULT_PAGE_SIZE: usize = 10;

impl Store {
    /// The seeded accounts and their credentials, no tokens yet.
    pub fn seeded() -> Store {
        let mut accounts = Vec::new();
        let mut credentials = HashMap::new();
        for seed in seed_accounts() {
            let role = ROLE_ADMINISTRATOR.to_string();
            let principal = Principal::User { role };
            let index = accounts.len();
            credentials.insert(
                seed.sid.to_string(),
                Credential {
                    auth_token: seed.auth_token.into(),
                    account: index,
                    principal,
                },
            );
            if seed.account_type == AccountType::Brand {
                let principal = Principal::User {
                    role: ROLE_ANALYST.into(),
                };
                credentials.insert(
                    RESTRICTED_BRAND_SID.into(),
                    Credential {
                        auth_token: RESTRICTED_BRAND_TOKEN.into(),
                        account: index,
                        principal,
                    },
                );
            }
            accounts.push(Account {
                account_type: seed.account_type,
                sid: seed.sid.into(),
                company_name: seed.company_name.into(),
                users: with_extra_user(seed.users),
                contacts: seed.contacts.map(String::from),
                tokens: Vec::new(),
                last_seq: 0,
                idempotency: HashMap::new(),
                changes: HashMap::new(),
                change_order: std::collections::VecDeque::new(),
                rate: RateWindow::new(),
            });
        }
        Store {
            accounts,
            credentials,
            rate_limit: DEFAULT_LIMIT,
            failed_logins: FailedLogins::default(),
            page_size: DEFAULT_PAGE_SIZE,
            most_per_page: super::manage::MAX_PAGE_SIZE,
            reset_timestamp: false,
        }
    }

    /// Adds a token to an account and makes its credentials log in.
    pub fn add_token(&mut self, account: usize, mut stored: StoredToken) {
        if stored.token.revision.is_empty() {
            stored.token.revision = "1".to_string();
        }
        let account_data = &mut self.accounts[account];
        account_data.last_seq += 1;
        stored.seq = account_data.last_seq;
        self.credentials.insert(
            stored.sid.clone(),
            Credential {
                auth_token: stored.auth_token.clone(),
                account,
                principal: Principal::Token {
                    token_id: stored.token.id.clone(),
                },
            },
        );
        self.accounts[account].tokens.push(stored);
    }

    /// Seeds every account with its demo tokens (see
    /// [`seed_tokens`](super::seed::seed_tokens)) and `synthetic` more (see
    /// [`synthetic_tokens`](super::seed::synthetic_tokens)), oldest first.
    pub fn seed_tokens(&mut self, catalogs: &HashMap<AccountType, Catalog>, synthetic: usize) {
        let now = std::time::SystemTime::now();
        for i in 0..self.accounts.len() {
            let catalog = &catalogs[&self.accounts[i].account_type];
            let contact = self.accounts[i].contacts[0].clone();
            let mut tokens = super::seed::seed_tokens(catalog, &contact, now);
            if synthetic > 0 {
                tokens.extend(super::seed::synthetic_tokens(
                    catalog, &contact, now, synthetic,
                ));
                // Same format, so the text order is the time order.
                tokens.sort_by(|a, b| a.token.date_created.cmp(&b.token.date_created));
            }
            with_extra_token(&mut tokens);
            self.tokens_reserve(i, tokens.len());
            for stored in tokens {
                self.add_token(i, stored);
            }
        }
    }

    /// Room for `n` more tokens in an account and their credentials.
    fn tokens_reserve(&mut self, account: usize, n: usize) {
        self.accounts[account].tokens.reserve(n);
        self.credentials.reserve(n);
    }

    /// Sets how many requests each account may make per hour, and starts a
    /// fresh window for every account and forgets failed logins, so a test
    /// that changes the limit starts from a clean slate.
    pub fn set_rate_limit(&mut self, limit: u32) {
        self.rate_limit = limit;
        for account in &mut self.accounts {
            account.rate = RateWindow::new();
        }
        self.failed_logins = FailedLogins::default();
    }

    /// The account a SID names: an account's own SID or any credential's SID.
    pub fn account_by_sid(&self, sid: &str) -> Option<usize> {
        self.credentials.get(sid).map(|c| c.account)
    }
}

/// One request as the sandbox saw it, for tests that check what every
/// request sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenRequest {
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// The `IR-Version` header, when sent.
    pub ir_version: Option<String>,
}

/// Most requests [`Shared::requests`] keeps; older ones are dropped.
const SEEN_MAX: usize = 10_000;

/// Everything the server and the handle share.
pub(crate) struct Shared {
    /// The latest requests, oldest first (at most [`SEEN_MAX`]).
    pub requests: Mutex<Vec<SeenRequest>>,
    pub store: Mutex<Store>,
    pub faults: Mutex<FaultPlan>,
    /// Bundled catalogs, parsed once at start: the seeded tokens' scopes
    /// are picked from them.
    pub catalogs: HashMap<AccountType, Catalog>,
    /// POSTs routed to the create endpoint, whatever their outcome.
    pub create_calls: AtomicUsize,
    /// Flips to `true` once; stops the server and releases `Hang` faults.
    pub shutdown: watch::Sender<bool>,
    /// Connection, login and token bounds.
    pub limits: Limits,
    /// Whether `/__sandbox/faults` answers (loopback binds only).
    pub admin_open: bool,
}

impl Shared {
    /// Fresh seeded state with the given fault plan and limits.
    /// `synthetic` is how many synthetic tokens each account gets besides
    /// its demo ones ([`ENV_SEED_TOKENS`](super::seed::ENV_SEED_TOKENS)).
    pub fn new(faults: FaultPlan, limits: Limits, admin_open: bool, synthetic: usize) -> Shared {
        let catalogs: HashMap<AccountType, Catalog> = AccountType::ALL
            .into_iter()
            .map(|t| (t, Catalog::bundled(t)))
            .collect();
        let mut store = Store::seeded();
        store.seed_tokens(&catalogs, synthetic);
        Shared {
            limits,
            admin_open,
            store: Mutex::new(store),
            faults: Mutex::new(faults),
            catalogs,
            create_calls: AtomicUsize::new(0),
            shutdown: watch::Sender::new(false),
            requests: Mutex::new(Vec::new()),
        }
    }

    /// Remembers a request, dropping the oldest half once [`SEEN_MAX`] are kept.
    pub fn record(&self, seen: SeenRequest) {
        let mut requests = self.requests.lock().unwrap_or_else(PoisonError::into_inner);
        if requests.len() >= SEEN_MAX {
            requests.drain(..SEEN_MAX / 2);
        }
        requests.push(seen);
    }

    /// The account data; a panic in another request must not wedge the sandbox.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The fault plan.
    pub fn faults(&self) -> MutexGuard<'_, FaultPlan> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The bundled catalog of an account type.
    pub fn catalog(&self, account_type: AccountType) -> &Catalog {
        &self.catalogs[&account_type]
    }
}

/// `IMPACT_SANDBOX_EXTRA_USER="First Last"` adds one more ACTIVE user, named
/// exactly as given (control characters included), to every account: tests
/// use it to check that hostile names from a server are shown inert.
pub const ENV_EXTRA_USER: &str = "IMPACT_SANDBOX_EXTRA_USER";

fn with_extra_user(mut users: Vec<crate::contract::User>) -> Vec<crate::contract::User> {
    if let Ok(name) = std::env::var(ENV_EXTRA_USER) {
        let (first, last) = name.rsplit_once(' ').unwrap_or((name.as_str(), ""));
        users.push(crate::contract::User {
            id: "I-9999999".into(),
            first_name: first.into(),
            last_name: last.into(),
            username: "extra".into(),
            email: None,
            state: crate::contract::ACTIVE.into(),
            product_roles: None,
            access_rights: None,
        });
    }
    users
}

/// `IMPACT_SANDBOX_EXTRA_TOKEN="NAME"` adds one more token, named exactly
/// as given (control and format characters included, which the API itself
/// refuses), to every account: tests use it to check that hostile token
/// names from a server are shown inert.
pub const ENV_EXTRA_TOKEN: &str = "IMPACT_SANDBOX_EXTRA_TOKEN";

fn with_extra_token(tokens: &mut Vec<StoredToken>) {
    let (Ok(name), Some(last)) = (std::env::var(ENV_EXTRA_TOKEN), tokens.last()) else {
        return;
    };
    let mut extra = super::create::mint(&last.token.to_request(), name);
    extra.seeded = true;
    tokens.push(extra);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{IpAddr, Ipv4Addr};
    use std::time::Instant;

    #[test]
    fn setting_the_rate_limit_starts_fresh_windows_and_forgets_failed_logins() {
        let mut store = Store::seeded();
        let now = Instant::now();
        let client = IpAddr::V4(Ipv4Addr::LOCALHOST);
        store.set_rate_limit(1);
        assert!(store.accounts[0].rate.hit(1, now).is_ok());
        assert!(store.accounts[0].rate.hit(1, now).is_err(), "spent");
        store.failed_logins.record(client, now);
        assert!(store.failed_logins.exceeded(client, 1, now).is_some());

        store.set_rate_limit(2);
        assert_eq!(store.rate_limit, 2);
        assert!(store.accounts[0].rate.hit(2, now).is_ok(), "a fresh window");
        assert!(store.failed_logins.exceeded(client, 1, now).is_none());
    }
}
