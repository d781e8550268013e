//! The sandbox token service: an in-process HTTP server that implements the
//! token-service contract (`assets/token-service.openapi.yaml`) with seeded
//! demo accounts, so the app can be tried and tested without a live account.
//!
//! Where things live:
//! - this file: [`SandboxHandle`] (start, inspect, inject, stop) and
//!   [`run_standalone`] (`impact-token sandbox --addr`);
//! - `seed.rs`: the demo accounts, users and credentials ([`demo_accounts`]);
//! - `routes.rs`: the request pipeline, routing and the read-only endpoints;
//! - `create.rs`: the create endpoint, as a sequence of named steps;
//! - `manage.rs`: the paged token list and one token's read, update, reset,
//!   enable, disable and delete;
//! - `auth.rs`: Basic auth and the `{root}` account check;
//! - `scoped.rs`: what a minted token may call (catalog path templates);
//! - `faults/`: fault and latency injection: the grammar, the plan, the
//!   responses and the admin endpoint;
//! - `ratelimit.rs`: the per-account request budget and failed-login counts;
//! - `server.rs`: the accept loop and its [`Limits`] (timeouts, connection cap);
//! - `state.rs`: what is remembered between requests; `reply.rs`: JSON answers.
//!
//! # Behaviour
//!
//! `{root}` is `/Agencies/{AccountSID}`, `/Advertisers/{AccountSID}` or
//! `/Mediapartners/{AccountSID}`. Requests authenticate with HTTP Basic
//! (Account SID, Auth Token). Bad credentials, a root of another account
//! type, or a path SID that is neither the account's nor the credential's own
//! answer 401. Every error uses the `{"Status":"ERROR","Message",..}` envelope.
//!
//! Tokens minted here authenticate with their own SID and Auth Token against
//! their account's root. `CompanyInformation` answers them when their scopes
//! include it (`getCompanyInformation`, partner `retrieveCompanyInformation`); any
//! other request matching a catalog path template answers a placeholder 200
//! if the token's scopes include that endpoint and 403 otherwise. They may
//! not list, create or change tokens (403). A disabled token's credentials
//! answer 403 on every request; a reset token's old Auth Token and a deleted
//! token's credentials answer 401 from the next request on. Brand users
//! other than Account Administrators and Implementation Specialists may not
//! create, update, reset, enable, disable or delete tokens (403);
//! `GET {root}/APIAccessTokens/Permissions` tells a user so beforehand
//! (`{"CanChange": false, "Role": "Analyst"}`), and answers a token's own
//! credentials 403.
//!
//! Every account starts with five seeded tokens ("Demo seed: ..."), oldest
//! first, two of them disabled, some created more than 30 days ago and some
//! in the last 7, with random credentials that are never printed.
//! `GET {root}/APIAccessTokens` pages them 10 at a time unless `PageSize`
//! (1 to 1000) says otherwise ([`SandboxHandle::set_page_size`]; at most
//! [`SandboxHandle::set_most_per_page`] a page), and filters by `Name`,
//! `State`, `CreatedAfter` and `CreatedBefore` (real calendar dates or UTC
//! times only). Its order is creation order and `@nextpageuri` carries a
//! `Cursor`, the creation number of the page's last token, rather than a
//! page number: the next page holds the tokens created after that one, so
//! a listing that follows the links misses no token that existed from its
//! first page to its last and reads none twice, whatever is deleted or
//! created meanwhile (`Page=N` is still an offset into the list as it is
//! now). A query parameter given twice (names compare ignoring case), or
//! `Page` with `Cursor`, answers 400; so does `Users`. Reset
//! and delete require an `Idempotency-Key`, as create does; a repeat with
//! the same key answers as the first did and changes nothing more.
//!
//! Each account may make 1,000 requests per hour (see
//! [`SandboxHandle::set_rate_limit`]); beyond that it gets 429. Every answer
//! to an account's credentials states the budget in impact.com's dialect
//! for its account type: brand and agency `X-RateLimit-Limit`,
//! `X-RateLimit-Remaining` and `X-RateLimit-Reset`; partner
//! `X-RateLimit-Limit-hour`, `X-RateLimit-Remaining-hour`, `RateLimit-Reset`
//! and, on a 429, `Retry-After`. Reset is seconds, or a Unix timestamp after
//! [`SandboxHandle::set_reset_as_timestamp`]. Each request's `IR-Version`
//! is recorded ([`SandboxHandle::requests`]).
//!
//! `GET {root}/Users` pages like the token list (same default page size;
//! every seeded account has more users than one page holds) and filters by
//! `Name` and `State`. Brand users carry `ProductRoles`, partner users
//! `AccessRights`. `CompanyInformation` is a scope like any other: a token
//! without it gets 403 there.
//! After 20 failed logins in an hour from one client address, every request
//! from it answers 429 (with the same headers) until the hour is over, even
//! with the right credentials.
//!
//! # Limits ([`Limits`], defaults)
//!
//! - a request head must arrive within 10 s of when the server starts waiting
//!   for it (this also closes kept-alive connections idle for 10 s);
//! - a connection with no byte received or sent for 30 s while none of its
//!   requests is being handled is closed; a create body that stalls for 30 s
//!   answers 408;
//! - at most 256 connections at once; one more gets a short 503 and is closed;
//! - a create body over 1 MiB answers 413 (not 400);
//! - at most 500 tokens per account; a create past that answers 422 with a
//!   message (no field errors).
//!
//! # Faults and latency
//!
//! Injected with [`SandboxHandle::inject`] and [`SandboxHandle::set_latency`],
//! from the environment at start, or over HTTP. A request waits its latency,
//! then uses up one pending fault of its [`Route`] (else one of [`Route::Any`]),
//! before anything else, auth included, is checked.
//!
//! `IMPACT_SANDBOX_LATENCY_MS=250` delays every request by 250 ms.
//! `IMPACT_SANDBOX_FAULTS` lists faults:
//!
//! ```text
//! spec   = [ entry *( "," entry ) ]         blank = none; spaces ignored
//! entry  = route "=" fault [ "*" count ]    count defaults to 1
//! route  = company | users | scopes | tokens | permissions | create | any
//!        | token | update | reset | disable | enable | delete   (one token's endpoints)
//! fault  = 400..599        JSON error envelope with that status   (Fault::Status)
//!        | html[:NNN]      HTML error page, 502 if no status      (Fault::Html)
//!        | malformed       200, body not valid JSON               (Fault::Malformed)
//!        | huge            200, ~3 MiB of JSON, no length         (Fault::Huge)
//!        | drop            handle (commit), then close unanswered (Fault::DropAfterCommit)
//!        | reset           200 head, part of the body, then reset (Fault::ResetMidBody)
//!        | hang            no answer until shutdown               (Fault::Hang)
//! count  = 1*DIGIT | forever
//! ```
//!
//! Example: `IMPACT_SANDBOX_FAULTS="create=500*2,users=404,scopes=html:502"`.
//!
//! `IMPACT_SANDBOX_SEED_TOKENS=10000` gives every account that many synthetic
//! tokens (at most 100,000) besides its five demo ones, for measuring the API
//! page with a long list: varied names ("Reporting sync 00042"), about one in
//! five disabled, created up to 400 days ago, one to eight scopes, some on
//! older API versions, random credentials; the list stays oldest first. Past
//! 500 tokens an account refuses creates (the limit below). Seeding 10,000
//! per account (30,000 in all) adds about 0.1 s to the sandbox's start on a
//! 2-core machine (about 3 µs a token); the app's first frame does not wait
//! for it, since `--sandbox` starts the sandbox after that frame.
//!
//! `IMPACT_SANDBOX_PAGE_SIZE=100` sets the lists' default page size (1 to
//! 1000), as `PageSize` on the admin endpoint does: at the default 10, a list
//! of 10,000 tokens takes 1,000 requests, the whole hourly budget.
//!
//! `IMPACT_SANDBOX_RATE_LIMIT=N` sets each account's hourly budget (`0`: no
//! limit; impact.com's 1,000 when unset), so a long conformance or load run
//! tests the logic rather than the 429s.
//!
//! A 405 names the methods its path takes in `Allow` (RFC 9110), and the
//! Users list's `State` must be one of the contract's (ACTIVE, PENDING,
//! INVITED), else 400.
//!
//! `IMPACT_SANDBOX_EXTRA_USER="First Last"` seeds one more ACTIVE user, named
//! byte for byte as given, in every account (for hostile-name tests).
//! A spec that does not parse makes [`SandboxHandle::start`] fail.
//!
//! # Admin endpoint (sandbox only, not part of the contract)
//!
//! Served only when the sandbox is bound to a loopback address
//! ([`admin_allowed`]); on any other bind, wildcard included, it answers 403
//! and `impact-token sandbox` warns on stderr at start.
//!
//! `POST /__sandbox/faults`, no auth, JSON body, every member optional:
//!
//! ```json
//! { "Clear": true,
//!   "Inject": [{"Route": "create", "Fault": "500", "Times": 2},
//!              {"Route": "users", "Fault": "html:502"}],
//!   "Latency": [{"Route": "any", "Ms": 250}],
//!   "RateLimit": 5,
//!   "PageSize": 3 }
//! ```
//!
//! `Clear` first drops pending faults and latencies; `Fault` uses the grammar
//! above; `Times` defaults to 1; `Ms` 0 removes a latency; `RateLimit` sets
//! the per-account budget and restarts every window (failed logins included); `PageSize`
//! (1 to 1000) sets the default page size of the token and user lists. The answer is 200 with
//! what is now pending: `{"Status":"OK","Pending":[..],"Latency":[..],"RateLimit":N,"PageSize":N}`.
//! A bad body answers 400 and changes nothing.

mod auth;
mod changes;
mod clock;
mod create;
mod faults;
mod manage;
mod ratelimit;
mod reply;
mod routes;
mod scoped;
mod seed;
mod server;
mod state;
mod synthetic;
mod writes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::routing::post;

use crate::contract::Token;

pub use faults::{Fault, FaultSpec, Route, parse_fault_spec};
pub use seed::{
    BRAND_CREATOR_ROLES, DemoAccount, ENV_SEED_TOKENS, ROLE_ADMINISTRATOR, ROLE_ANALYST,
    ROLE_IMPLEMENTATION_SPECIALIST, demo_account, demo_accounts,
};

pub use server::{Limits, admin_allowed};
pub use state::{ENV_EXTRA_TOKEN, ENV_EXTRA_USER, SeenRequest};
pub use synthetic::synthetic_listing;

use faults::FaultPlan;
use state::Shared;

/// Environment variable: milliseconds of latency added to every request.
pub const ENV_LATENCY_MS: &str = "IMPACT_SANDBOX_LATENCY_MS";
/// Environment variable: the default page size of the token and user
/// lists (1 to 1000), as [`SandboxHandle::set_page_size`] sets it.
pub const ENV_PAGE_SIZE: &str = "IMPACT_SANDBOX_PAGE_SIZE";
/// Environment variable: faults to inject at start, in the grammar above.
pub const ENV_FAULTS: &str = "IMPACT_SANDBOX_FAULTS";
/// Requests per hour per account (`0`: no limit); impact.com's 1,000 when
/// unset. A conformance run lifts it so its 429s do not hide the logic.
pub const ENV_RATE_LIMIT: &str = "IMPACT_SANDBOX_RATE_LIMIT";
/// Path of the sandbox-only admin endpoint.
pub const ADMIN_FAULTS_PATH: &str = "/__sandbox/faults";

/// A running sandbox. Clones control the same server.
#[derive(Clone)]
pub struct SandboxHandle {
    shared: Arc<Shared>,
    addr: SocketAddr,
}

impl SandboxHandle {
    /// Binds `addr` (port 0 picks a free one), applies the `IMPACT_SANDBOX_*`
    /// variables and serves on the current tokio runtime. Returns once the
    /// socket is bound, so requests may be sent right away.
    pub async fn start(addr: SocketAddr) -> std::io::Result<SandboxHandle> {
        SandboxHandle::start_with(addr, Limits::default()).await
    }

    /// Like [`start`](Self::start), with other [`Limits`] (tests use short
    /// timeouts and small caps).
    pub async fn start_with(addr: SocketAddr, limits: Limits) -> std::io::Result<SandboxHandle> {
        let synthetic = seed_tokens_from_env()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        SandboxHandle::start_seeded(addr, limits, synthetic).await
    }

    /// Like [`start_with`](Self::start_with), with `synthetic` synthetic
    /// tokens per account (at most 100,000) whatever
    /// `IMPACT_SANDBOX_SEED_TOKENS` says: tests of long lists.
    pub async fn start_seeded(
        addr: SocketAddr,
        limits: Limits,
        synthetic: usize,
    ) -> std::io::Result<SandboxHandle> {
        let synthetic = synthetic.min(seed::MAX_SEED_TOKENS);
        let plan = plan_from_env()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let page_size = page_size_from_env()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let rate_limit = rate_limit_from_env()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(plan, limits, admin_allowed(addr), synthetic));
        if let Some(limit) = rate_limit {
            shared.store().set_rate_limit(limit);
        }
        if let Some(size) = page_size {
            shared.store().page_size = size;
        }
        let app = Router::new()
            .route(ADMIN_FAULTS_PATH, post(faults::admin))
            .fallback(routes::handle)
            .with_state(Arc::clone(&shared));
        let stop = shared.shutdown.subscribe();
        tokio::spawn(server::serve(listener, app, limits, stop));
        Ok(SandboxHandle { shared, addr })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Makes the next `times` requests of `route` fail with `fault`, after
    /// faults already queued there.
    pub fn inject(&self, route: Route, fault: Fault, times: usize) {
        self.shared.faults().inject(route, fault, times);
    }

    /// Delays every request of `route` by `d` before it is handled;
    /// `Route::Any` covers routes without their own. Zero removes it.
    pub fn set_latency(&self, route: Route, d: Duration) {
        self.shared.faults().set_latency(route, d);
    }

    /// Drops every pending fault and latency.
    pub fn clear_faults(&self) {
        self.shared.faults().clear();
    }

    /// Sets how many requests each account may make per hour, and starts a
    /// fresh window for every account and forgets failed logins.
    pub fn set_rate_limit(&self, limit: u32) {
        self.shared.store().set_rate_limit(limit);
    }

    /// Sets how many tokens a page of `GET {root}/APIAccessTokens` holds
    /// when the request names no `PageSize` (default 10; clamped to 1..=1000).
    pub fn set_page_size(&self, size: usize) {
        self.shared.store().page_size = size.clamp(1, manage::MAX_PAGE_SIZE);
    }

    /// Sets the most items a page of the token and user lists holds
    /// (1 to 1000, the contract's cap and the default): a `PageSize` above
    /// it is answered with pages of this size, as `@pagesize` then says, as
    /// a server with a smaller cap would. For tests of clients reading many
    /// pages.
    pub fn set_most_per_page(&self, size: usize) {
        self.shared.store().most_per_page = size.clamp(1, manage::MAX_PAGE_SIZE);
    }

    /// Writes rate-limit Reset headers as Unix timestamps (`true`) or as
    /// seconds until the window resets (`false`, the default): impact.com
    /// documents seconds, but its example is a timestamp.
    pub fn set_reset_as_timestamp(&self, timestamp: bool) {
        self.shared.store().reset_timestamp = timestamp;
    }

    /// Adds users to the account a SID names (after its own), as a large
    /// account would have: tests of paging across many pages. Unknown SIDs
    /// change nothing.
    pub fn add_users(&self, account_sid: &str, users: Vec<crate::contract::User>) {
        let mut store = self.shared.store();
        if let Some(i) = store.account_by_sid(account_sid) {
            store.accounts[i].users.extend(users);
        }
    }

    /// Every request served so far (the latest 10,000), oldest first, with
    /// the `IR-Version` it sent; the admin endpoint's are not counted.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.shared
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The tokens of the account a SID names (the account's own SID or any of
    /// its credentials'), oldest first; empty for an unknown SID.
    pub fn tokens(&self, account_sid: &str) -> Vec<Token> {
        self.tokens_where(account_sid, |_| true)
    }

    /// Like [`tokens`](Self::tokens), without the tokens the sandbox seeded
    /// at start: the ones requests created.
    pub fn minted_tokens(&self, account_sid: &str) -> Vec<Token> {
        self.tokens_where(account_sid, |t| !t.seeded)
    }

    fn tokens_where(
        &self,
        account_sid: &str,
        keep: impl Fn(&state::StoredToken) -> bool,
    ) -> Vec<Token> {
        let store = self.shared.store();
        let Some(i) = store.account_by_sid(account_sid) else {
            return Vec::new();
        };
        store.accounts[i]
            .tokens
            .iter()
            .filter(|t| keep(t))
            .map(|t| t.token.clone())
            .collect()
    }

    /// How many POSTs were routed to the create endpoint, whatever became of
    /// them (faults, refusals and replays included): what a retry test counts.
    pub fn create_calls(&self) -> usize {
        self.shared.create_calls.load(Ordering::SeqCst)
    }

    /// Stops accepting connections, releases `Hang` faults and lets requests
    /// in flight finish. Does not wait.
    pub fn shutdown(&self) {
        self.shared.shutdown.send_replace(true);
    }

    /// Resolves once [`shutdown`](Self::shutdown) was called.
    async fn stopped(&self) {
        let mut stop = self.shared.shutdown.subscribe();
        let _ = stop.wait_for(|stopped| *stopped).await;
    }
}

/// The fault plan the environment asks for.
fn plan_from_env() -> Result<FaultPlan, String> {
    let mut plan = FaultPlan::default();
    if let Ok(ms) = std::env::var(ENV_LATENCY_MS) {
        let ms: u64 = ms
            .trim()
            .parse()
            .map_err(|_| crate::text::sandbox_bad_fault_spec(&format!("{ENV_LATENCY_MS}={ms}")))?;
        plan.set_latency(Route::Any, Duration::from_millis(ms));
    }
    if let Ok(spec) = std::env::var(ENV_FAULTS) {
        for s in parse_fault_spec(&spec)? {
            plan.inject(s.route, s.fault, s.times);
        }
    }
    Ok(plan)
}

/// How many synthetic tokens [`ENV_SEED_TOKENS`] asks for (0 when unset).
fn seed_tokens_from_env() -> Result<usize, String> {
    let range = 0..=seed::MAX_SEED_TOKENS;
    Ok(count_from_env(ENV_SEED_TOKENS, range)?.unwrap_or(0))
}

/// The default page size [`ENV_PAGE_SIZE`] asks for, if any.
fn page_size_from_env() -> Result<Option<usize>, String> {
    count_from_env(ENV_PAGE_SIZE, 1..=manage::MAX_PAGE_SIZE)
}

/// The hourly budget [`ENV_RATE_LIMIT`] asks for, if any (`0`: none).
fn rate_limit_from_env() -> Result<Option<u32>, String> {
    let limit = count_from_env(ENV_RATE_LIMIT, 0..=u32::MAX as usize)?;
    Ok(limit.map(|n| match n {
        0 => u32::MAX,
        n => n as u32,
    }))
}

/// The number an environment variable holds, if set.
fn count_from_env(
    name: &str,
    range: std::ops::RangeInclusive<usize>,
) -> Result<Option<usize>, String> {
    match std::env::var(name) {
        Err(_) => Ok(None),
        Ok(value) => parse_count(name, &value, range).map(Some),
    }
}

/// `value` as a number in `range`; `Err` says which variable was wrong.
fn parse_count(
    name: &str,
    value: &str,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(n) if range.contains(&n) => Ok(n),
        _ => Err(crate::text::sandbox_bad_fault_spec(&format!(
            "{name}={value}"
        ))),
    }
}

/// `impact-token sandbox --addr ADDR`: starts the sandbox, prints the base
/// URL and the demo credentials (fake, safe to print), then serves until
/// Ctrl-C or SIGTERM.
pub async fn run_standalone(addr: SocketAddr) -> std::io::Result<()> {
    use std::io::Write;
    // The OS error alone ("Address already in use") does not say which.
    let handle = SandboxHandle::start(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), crate::text::sandbox_bind_failed(addr, &e)))?;
    if !admin_allowed(handle.addr()) {
        eprintln!("{}", crate::text::sandbox_not_loopback(handle.addr()));
    }
    // A reader that closed stdout (`| head -1`) stops no server: the lines
    // it did not take are dropped quietly.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "sandbox listening on {}", handle.base_url());
    for a in demo_accounts() {
        let role = if a.role == ROLE_ADMINISTRATOR {
            String::new()
        } else {
            format!("  (role: {})", a.role)
        };
        let _ = writeln!(
            out,
            "{:<8} {}  {}{role}",
            a.account_type.as_str(),
            a.account_sid,
            a.auth_token
        );
    }
    let _ = out.flush();
    drop(out);
    tokio::select! {
        r = tokio::signal::ctrl_c() => r?,
        () = terminated() => {}
        () = handle.stopped() => {}
    }
    handle.shutdown();
    Ok(())
}

/// Resolves on SIGTERM (Unix); never elsewhere.
async fn terminated() {
    #[cfg(unix)]
    if let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
    {
        term.recv().await;
        return;
    }
    std::future::pending::<()>().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_the_environment_are_checked() {
        assert_eq!(
            parse_count(ENV_SEED_TOKENS, " 10000 ", 0..=100_000),
            Ok(10_000)
        );
        assert_eq!(parse_count(ENV_PAGE_SIZE, "1", 1..=1000), Ok(1));
        for bad in ["", "-1", "ten", "100001", "1e4"] {
            let e = parse_count(ENV_SEED_TOKENS, bad, 0..=100_000).unwrap_err();
            assert!(e.contains(ENV_SEED_TOKENS), "{e}");
        }
        assert!(parse_count(ENV_PAGE_SIZE, "0", 1..=1000).is_err());
        assert!(parse_count(ENV_PAGE_SIZE, "1001", 1..=1000).is_err());
    }
}
