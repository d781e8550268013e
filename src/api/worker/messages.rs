//! What goes between the UI and the worker: jobs in, events with the data
//! out.

use std::sync::Arc;
use std::time::Duration;

use crate::api::client::Credentials;
use crate::api::error::ApiError;
use crate::api::ratelimit::RateLimit;
use crate::contract::{
    CompanyInformation, Contact, CreatedToken, Permissions, ScopesResponse, Token, TokensResponse,
};
use crate::model::account::AccountType;
use crate::model::request::Submission;

use super::Backend;
// The operations' own vocabulary, which the worker's messages carry.
pub use crate::api::ops::rotate::{Outcome as RotateOutcome, Plan};
pub use crate::api::ops::{SubmitProgress, TokenOp, TokenOpDone};

/// Where the worker sends its events; the UI wraps them into its own event type.
pub type Sink = Arc<dyn Fn(WorkerEvent) + Send + Sync>;

/// Work the UI asks for. Each job owns its data.
#[derive(Debug)]
pub enum Job {
    /// Check credentials, then load contacts, existing tokens and the catalog for a version.
    Connect {
        /// Credentials to use; `None` in sandbox mode (its demo credentials are used).
        credentials: Option<Credentials>,
        /// API version whose catalog to load.
        api_version: String,
    },
    /// Use another server or account type from now on (first-run setup).
    Retarget {
        /// The server.
        backend: Backend,
        /// The account type.
        account_type: AccountType,
    },
    /// Load the live catalog of another API version.
    LoadCatalog {
        /// The version.
        api_version: String,
    },
    /// Load the Primary Contact candidates again (after a failed load).
    LoadContacts,
    /// Run the whole connection again (after a failed one), with the same
    /// server and credentials.
    Reconnect {
        /// API version whose catalog to load.
        api_version: String,
    },
    /// Create a token, retrying transient failures with the same Idempotency-Key.
    Submit(Submission),
    /// Change a token's settings (`PUT`, the whole settings), retrying
    /// transient failures: sending the same settings again is harmless.
    Update {
        /// The token's Id.
        id: String,
        /// Its revision when the edit began: a change made since is
        /// refused ([`ApiError::Changed`]), never overwritten.
        revision: String,
        /// Its new settings.
        request: crate::contract::UpdateTokenRequest,
    },
    /// Cancel the running submission or update, if any.
    Cancel,
    /// Probe what a freshly created token may call, on the version it was
    /// created for.
    Probe {
        /// The new token's credentials.
        credentials: Credentials,
        /// Paths under the root to GET, in order (see the secret screen's
        /// `probe_plan`: chosen from the token's own scopes).
        paths: Vec<String>,
    },
    /// Load one page of the token list for the API page.
    LoadTokensPage {
        /// Which load this page belongs to (echoed back).
        generation: u64,
        /// The previous page's `@nextpageuri`; `None` for the first page.
        next: Option<String>,
    },
    /// Change one token (a menu item of the API page).
    TokenOp {
        /// The token's Id.
        id: String,
        /// Its revision as shown: a change made since is refused.
        revision: String,
        /// What to do.
        op: TokenOp,
        /// The `Idempotency-Key` of an earlier try whose answer was lost
        /// ([`ApiError::OutcomeUnknown`]): asked again with it, the server
        /// answers as it did the first time (a reset's same new secret) or
        /// makes the change once. `None`: a new change, with a new key.
        key: Option<String>,
    },
    /// The API page's Rotate, step 1: the token's copy, named as `plan`
    /// says ([`WorkerEvent::RotateDuplicated`] carries its secret).
    RotateStart {
        /// The token to rotate, as read.
        old: Box<Token>,
        /// The names and steps.
        plan: Box<Plan>,
    },
    /// Rotate, steps 3 to 5, once the new secret was saved: test the new
    /// token with `created`'s credentials, disable the old one, rename both.
    RotateFinish {
        /// The token rotated, as read when the rotation began.
        old: Box<Token>,
        /// The new token and its secret (dropped after the test).
        created: Box<CreatedToken>,
        /// The names and steps.
        plan: Box<Plan>,
    },
    /// Load the catalogs of two versions, for Upgrade Version's diff.
    LoadUpgradeCatalogs {
        /// The token's version.
        from: String,
        /// The newer version.
        to: String,
    },
}

/// Contacts for the Primary Contact list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contacts {
    /// ACTIVE users (or CompanyInformation's contacts).
    pub list: Vec<Contact>,
    /// True when `/Users` answered 404 and the list comes from CompanyInformation.
    pub from_company: bool,
}

/// A background load, as named in retry and failure reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Load {
    /// `CompanyInformation` (the credentials check).
    Company,
    /// `Users` (the Primary Contact candidates).
    Users,
    /// The live scope catalog.
    Catalog,
    /// The existing tokens.
    Tokens,
}

impl std::fmt::Display for Load {
    /// What the load is called in messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Load::Company => "Connecting",
            Load::Users => "Loading users",
            Load::Catalog => "Loading the scope catalog",
            Load::Tokens => "Loading existing tokens",
        })
    }
}

/// What the worker reports back.
#[derive(Debug)]
pub enum WorkerEvent {
    /// The sandbox (if any) is up and the client is built.
    Ready {
        /// Base URL in use.
        base_url: String,
        /// Account SID in use.
        account_sid: String,
    },
    /// CompanyInformation answered (or failed: 401 means bad credentials).
    Company(Result<CompanyInformation, ApiError>),
    /// The Primary Contact candidates.
    Contacts(Result<Contacts, ApiError>),
    /// The live catalog for a version; `Ok(None)` means use the bundled one.
    Catalog {
        /// Version asked for.
        api_version: String,
        /// The answer.
        result: Result<Option<ScopesResponse>, ApiError>,
    },
    /// Existing tokens (for the name-taken warning).
    Tokens(Result<Vec<Token>, ApiError>),
    /// What the caller may do with tokens; `None` when the server did not
    /// say (or could not be asked).
    Permissions(Option<Permissions>),
    /// A load failed transiently and is tried again after `delay`.
    Retrying {
        /// What is being loaded.
        load: Load,
        /// The attempt that comes next (2 or more).
        next_attempt: u32,
        /// Wait before it.
        delay: Duration,
        /// What went wrong.
        error: ApiError,
    },
    /// Progress of a submission.
    Submit(SubmitProgress),
    /// The submission ended.
    Created(Result<CreatedToken, ApiError>),
    /// The update ended: the token as the server now has it.
    Updated(Result<Token, ApiError>),
    /// The submission was cancelled before it ended.
    Cancelled,
    /// Results of a probe: (what, HTTP status or error).
    Probed(Vec<(String, Result<u16, ApiError>)>),
    /// A page of `Users` was read: `page` of `of` (0 when the server did
    /// not say how many), while the contacts load.
    ContactsPage {
        /// Pages read so far, from 1.
        page: usize,
        /// Pages in all, or 0.
        of: usize,
    },
    /// An answer said that fewer than 10% of the account's requests remain
    /// in the rate-limit window.
    RateLimitLow(RateLimit),
    /// One page of the API page's token list.
    TokensPage {
        /// The load it belongs to.
        generation: u64,
        /// The page.
        result: Result<TokensResponse, ApiError>,
    },
    /// A [`TokenOp`] ended.
    TokenOp {
        /// The token's Id.
        id: String,
        /// The answer.
        result: Result<TokenOpDone, ApiError>,
    },
    /// A rotation's step, as it goes ("3/5 testing the new token…").
    RotateStep(String),
    /// Rotate's step 1 ended: the new token and its secret, or why not
    /// (nothing changed).
    RotateDuplicated(Result<CreatedToken, ApiError>),
    /// Rotate's steps 3 to 5 ended: how far they went.
    Rotated(Box<RotateOutcome>),
    /// The catalogs for Upgrade Version; `None` means the bundled one.
    UpgradeCatalogs {
        /// The token's version.
        from: String,
        /// The newer version.
        to: String,
        /// Both catalogs, or what failed.
        result: UpgradeCatalogs,
    },
}

/// The two catalogs of an Upgrade Version diff (`None`: use the bundled one).
pub type UpgradeCatalogs = Result<(Option<ScopesResponse>, Option<ScopesResponse>), ApiError>;
