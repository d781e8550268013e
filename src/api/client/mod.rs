//! The HTTP client of the token-service contract: one method per endpoint,
//! capped body reads, and status codes mapped to [`ApiError`].

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use crate::api::error::ApiError;
pub use crate::api::paging::{FIRST_PAGE, FULL_PAGE, MAX_PAGES, PageWalk};
use crate::api::ratelimit::RateLimit;
use crate::contract::{
    CompanyInformation, CreatedToken, IDEMPOTENCY_KEY, IR_VERSION, Paging, Permissions,
    ScopesResponse, Token, TokensResponse, UpdateTokenRequest, User, UsersResponse,
};
use crate::model::account::AccountType;
use crate::model::request::Submission;

mod answers;
mod lists;
mod probe;

use answers::{Response, classify, not_found};
pub use answers::{map_status, tls_problem};
pub use lists::MAX_LIST_BODY;
pub use probe::ProbeAnswer;

/// Most bytes read from any response body; a larger one is refused, so a
/// broken or hostile server cannot exhaust memory.
pub const MAX_BODY: usize = 1024 * 1024;

/// Connection and request time limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// Time to establish a connection (TCP + TLS).
    pub connect: Duration,
    /// Time for a whole request, from sending to the last body byte.
    pub total: Duration,
}

impl Default for Timeouts {
    /// 5 s to connect, 30 s for a whole request.
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            total: Duration::from_secs(30),
        }
    }
}

/// Basic-auth credentials of the user creating the token.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// Account SID (Basic-auth user name).
    pub account_sid: String,
    /// Auth Token (Basic-auth password). Never printed: `SecretString` hides it from Debug.
    pub auth_token: SecretString,
}

/// A client bound to one account.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    account_type: AccountType,
    creds: Credentials,
    /// Sent as `IR-Version` on every request (see [`Client::with_api_version`]).
    api_version: String,
    /// Told the rate-limit headers of every answer that carries them.
    rate_observer: Option<RateObserver>,
    /// Items per page when reading a whole list ([`FULL_PAGE`] unless
    /// [`with_page_size`](Client::with_page_size) says otherwise).
    page_size: usize,
}

/// Called with the rate-limit headers of each answer that carries any.
#[derive(Clone)]
pub struct RateObserver(Arc<dyn Fn(RateLimit) + Send + Sync>);

impl RateObserver {
    /// An observer calling `f`.
    pub fn new(f: impl Fn(RateLimit) + Send + Sync + 'static) -> RateObserver {
        RateObserver(Arc::new(f))
    }
}

impl std::fmt::Debug for RateObserver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RateObserver")
    }
}

/// A list answer in impact.com's paging envelope.
pub trait Paged: DeserializeOwned {
    /// What the list holds.
    type Item;
    /// The envelope and this page's items.
    fn into_parts(self) -> (Paging, Vec<Self::Item>);
}

impl Paged for TokensResponse {
    type Item = Token;
    fn into_parts(self) -> (Paging, Vec<Token>) {
        (self.paging, self.access_tokens)
    }
}

impl Paged for UsersResponse {
    type Item = User;
    fn into_parts(self) -> (Paging, Vec<User>) {
        (self.paging, self.users)
    }
}

fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Fails only if another provider was installed first; either way one is present.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Client {
    /// A client for `base_url` (such as `https://api.impact.com`).
    pub fn new(
        base_url: &str,
        account_type: AccountType,
        creds: Credentials,
        timeouts: Timeouts,
    ) -> Result<Client, ApiError> {
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.total)
            .user_agent(concat!("impact-token/", env!("CARGO_PKG_VERSION")))
            // A redirect is answered, not followed: its target's answer would
            // be read as the API's (a create's, a probe's), over whatever
            // scheme and host it names. See `Response::error`.
            .redirect(reqwest::redirect::Policy::none());
        if crate::api::url::is_plain_loopback(base_url) {
            // Plain HTTP on loopback (the in-process sandbox) needs no CA
            // roots: loading and parsing the system's takes milliseconds
            // before the first request. An empty store, not a lax one.
            builder = builder.tls_certs_only(std::iter::empty());
        }
        let http = builder.build().map_err(|e| ApiError::Connect {
            detail: e.to_string(),
        })?;
        Ok(Client {
            http,
            base: base_url.trim_end_matches('/').to_string(),
            account_type,
            creds,
            // Until the caller says which, the newest the account type offers.
            api_version: account_type.api_versions()[0].to_string(),
            rate_observer: None,
            page_size: FULL_PAGE,
        })
    }

    /// This client sending `version` in `IR-Version` on every request, so
    /// answers do not drift with the account's default version. An empty
    /// or non-alphanumeric version keeps the current one.
    pub fn with_api_version(mut self, version: &str) -> Client {
        if !version.is_empty() && version.chars().all(|c| c.is_ascii_alphanumeric()) {
            self.api_version = version.to_string();
        }
        self
    }

    /// This client reading whole lists `size` items a page (1 to
    /// [`FULL_PAGE`]) rather than [`FULL_PAGE`]: for tests of paging.
    pub fn with_page_size(mut self, size: usize) -> Client {
        self.page_size = size.clamp(1, FULL_PAGE);
        self
    }

    /// The version sent in `IR-Version`.
    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// This client telling `observer` the rate-limit headers of every
    /// answer that carries any (either dialect).
    pub fn with_rate_observer(mut self, observer: RateObserver) -> Client {
        self.rate_observer = Some(observer);
        self
    }

    /// The account this client acts for.
    pub fn account_sid(&self) -> &str {
        &self.creds.account_sid
    }

    fn url(&self, rest: &str) -> String {
        format!(
            "{}{}{}",
            self.base,
            self.account_type.root(&self.creds.account_sid),
            rest
        )
    }

    fn request(&self, method: reqwest::Method, rest: &str) -> reqwest::RequestBuilder {
        self.request_at(method, rest, &self.api_version)
    }

    /// A request pinned to `version` (`IR-Version`) rather than the client's.
    fn request_at(
        &self,
        method: reqwest::Method,
        rest: &str,
        version: &str,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(rest))
            .header(
                reqwest::header::AUTHORIZATION,
                basic_header(&self.creds.account_sid, &self.creds.auth_token),
            )
            .header(ACCEPT, "application/json")
            .header(IR_VERSION, version)
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<Response, ApiError> {
        self.send_capped(req, MAX_BODY).await
    }

    /// [`send`](Self::send), reading at most `cap` bytes of body.
    async fn send_capped(
        &self,
        req: reqwest::RequestBuilder,
        cap: usize,
    ) -> Result<Response, ApiError> {
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        if let Some(observer) = &self.rate_observer {
            let rate = RateLimit::from_headers(&headers);
            if rate != RateLimit::default() {
                (observer.0)(rate);
            }
        }
        // Sized up front (when the length is announced) so that growing does
        // not leave partial copies behind; wiped when dropped, since the
        // body of a create holds the new secret.
        let announced = resp.content_length().unwrap_or(0).min(cap as u64);
        let mut body = zeroize::Zeroizing::new(Vec::with_capacity(announced as usize));
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > cap {
                return Err(ApiError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    async fn get<T: DeserializeOwned>(&self, rest: &str) -> Result<Option<T>, ApiError> {
        self.get_at(rest, &self.api_version).await
    }

    async fn get_at<T: DeserializeOwned>(
        &self,
        rest: &str,
        version: &str,
    ) -> Result<Option<T>, ApiError> {
        let resp = self
            .send(self.request_at(reqwest::Method::GET, rest, version))
            .await?;
        if resp.status == 404 {
            return Ok(None);
        }
        resp.json().map(Some)
    }

    /// `GET {root}/CompanyInformation`: checks the credentials and names the account.
    pub async fn company_information(&self) -> Result<CompanyInformation, ApiError> {
        self.get("/CompanyInformation").await?.ok_or_else(not_found)
    }

    /// `GET {root}/APIAccessTokens/Permissions`: what the caller may do
    /// with tokens; `None` when the server does not say (any 4xx but 401
    /// and 429, which are the credentials' or the budget's).
    pub async fn permissions(&self) -> Result<Option<Permissions>, ApiError> {
        match self.get("/APIAccessTokens/Permissions").await {
            Ok(p) => Ok(p),
            Err(
                ApiError::Invalid { .. }
                | ApiError::NotFound { .. }
                | ApiError::Forbidden { .. }
                | ApiError::Server { status: 405, .. },
            ) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `GET {root}/Users`, every page; `None` when the server does not
    /// offer it (404).
    pub async fn users(&self) -> Result<Option<Vec<User>>, ApiError> {
        self.users_with_progress(&|_, _| {}).await
    }

    /// [`users`](Self::users), calling `progress(page, of)` after each page
    /// is read (`of` is 0 when the server did not say).
    pub async fn users_with_progress(
        &self,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<Option<Vec<User>>, ApiError> {
        self.all_pages::<UsersResponse>(USERS, "", progress).await
    }

    /// `GET {root}/APIAccessTokens/Scopes`; `None` when the server has no live catalog (404).
    pub async fn scopes(&self, api_version: &str) -> Result<Option<ScopesResponse>, ApiError> {
        let v: String = api_version
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        // The catalog of the version asked for, pinned to it.
        self.get_at(&format!("/APIAccessTokens/Scopes?ApiVersion={v}"), &v)
            .await
    }

    /// `uri` with this client's root taken off, if it is this client's own
    /// list at `list` (`{root}/APIAccessTokens`, `{root}/Users`), then
    /// nothing or a query of plain printable ASCII without a fragment.
    fn own_link<'u>(&self, list: &str, uri: &'u str) -> Result<&'u str, ApiError> {
        let root = self.account_type.root(&self.creds.account_sid);
        let rest = uri
            .strip_prefix(root.as_str())
            .filter(|rest| match rest.strip_prefix(list) {
                Some(query) => {
                    (query.is_empty() || query.starts_with('?'))
                        && query
                            .bytes()
                            .all(|b| b.is_ascii_graphic() && b != b'#' && b != b'\\')
                }
                None => false,
            });
        rest.ok_or_else(|| ApiError::Refused {
            detail: crate::text::api_next_page_elsewhere(uri),
        })
    }

    /// `GET {root}/APIAccessTokens/{Id}`: one token, never with its secret.
    pub async fn token(&self, id: &str) -> Result<Token, ApiError> {
        let path = token_path(id, "")?;
        let resp = self.send(self.request(reqwest::Method::GET, &path)).await?;
        resp.token()
    }

    /// `PUT {root}/APIAccessTokens/{Id}`: the token's whole new settings,
    /// on the condition that the token is still at the revision `guard`
    /// names (else 412: [`ApiError::PreconditionFailed`]). The server checks
    /// them as it checks a create's; the API version may stay or go up,
    /// never down.
    pub async fn update(
        &self,
        id: &str,
        request: &UpdateTokenRequest,
        guard: &Guard,
    ) -> Result<Token, ApiError> {
        let path = token_path(id, "")?;
        let req = guard
            .apply(self.request(reqwest::Method::PUT, &path))
            .header(CONTENT_TYPE, "application/json")
            .json(request);
        self.send(req).await?.token()
    }

    /// `POST {root}/APIAccessTokens/{Id}/Reset`: a new Auth Token for the
    /// same Account SID; the old one stops working at once. The answer
    /// carries the new secret, handled as `create`'s is. A repeat with the
    /// same `guard` key answers the same new secret and resets nothing.
    pub async fn reset(&self, id: &str, guard: &Guard) -> Result<CreatedToken, ApiError> {
        let path = token_path(id, "/Reset")?;
        // The answer carries the new secret: see `create` on `Connection`.
        let req = guard
            .apply(self.request(reqwest::Method::POST, &path))
            .header(reqwest::header::CONNECTION, "close");
        self.send(req).await?.json()
    }

    /// `POST {root}/APIAccessTokens/{Id}/Enable` or `/Disable`: the token
    /// with its new state. A disabled token's credentials are refused (403)
    /// everywhere.
    pub async fn set_enabled(
        &self,
        id: &str,
        enabled: bool,
        guard: &Guard,
    ) -> Result<Token, ApiError> {
        let action = if enabled { "/Enable" } else { "/Disable" };
        let path = token_path(id, action)?;
        let req = guard.apply(self.request(reqwest::Method::POST, &path));
        self.send(req).await?.token()
    }

    /// `DELETE {root}/APIAccessTokens/{Id}`: the token and its credentials
    /// are gone. A repeat with the same `guard` key succeeds again rather
    /// than answering 404.
    pub async fn delete(&self, id: &str, guard: &Guard) -> Result<(), ApiError> {
        let path = token_path(id, "")?;
        let req = guard.apply(self.request(reqwest::Method::DELETE, &path));
        let resp = self.send(req).await?;
        if (200..300).contains(&resp.status) {
            Ok(())
        } else {
            Err(resp.error())
        }
    }

    /// `POST {root}/APIAccessTokens`, once. Retrying is the caller's choice;
    /// the submission's Idempotency-Key makes a retry safe.
    pub async fn create(&self, submission: &Submission) -> Result<CreatedToken, ApiError> {
        // Pinned to the version the new token is made for.
        let version = match submission.request.api_version.as_str() {
            v if !v.is_empty() && v.chars().all(|c| c.is_ascii_alphanumeric()) => v,
            _ => &self.api_version,
        };
        let req = self
            .request_at(reqwest::Method::POST, "/APIAccessTokens", version)
            .header(CONTENT_TYPE, "application/json")
            .header(IDEMPOTENCY_KEY, &submission.idempotency_key)
            // The answer carries the new secret: a connection kept for reuse
            // would keep it in its read buffer. Closed, its buffers are freed
            // (and wiped by the binary's allocator).
            .header(reqwest::header::CONNECTION, "close")
            .json(&submission.request);
        let resp = self.send(req).await?;
        match resp.status {
            200 | 201 => resp.json(),
            _ => Err(resp.error()),
        }
    }

    /// `GET` any path under the root, returning only the status: used to
    /// probe what a token may call.
    pub async fn probe(&self, rest: &str) -> Result<u16, ApiError> {
        // A probe sends the new token's credentials; its connection is not
        // kept either (see `create`).
        let req = self
            .request(reqwest::Method::GET, rest)
            .header(reqwest::header::CONNECTION, "close");
        Ok(self.send(req).await?.status)
    }
}

/// What makes one change of a token safe: the revision it was read at,
/// sent as `If-Match` so that a change made meanwhile is refused (412)
/// rather than undone, and the `Idempotency-Key` that makes a retry of the
/// same change return its first answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Guard {
    /// The token's revision as read; empty sends `If-Match: *` (any).
    pub revision: String,
    /// The `Idempotency-Key`: the same on every try of one change.
    pub key: String,
}

impl Guard {
    /// A change of the token as read at `revision`, with a new key.
    pub fn new(revision: &str) -> Guard {
        Guard {
            revision: revision.to_string(),
            key: uuid::Uuid::new_v4().to_string(),
        }
    }

    /// A change whatever the token's revision (`If-Match: *`), with a new
    /// key: for a server that sends no revision.
    pub fn any() -> Guard {
        Guard::new("")
    }

    fn apply(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        let if_match = match crate::contract::etag(&self.revision) {
            tag if tag.is_empty() => "*".to_string(),
            tag => tag,
        };
        req.header(IDEMPOTENCY_KEY, &self.key)
            .header(reqwest::header::IF_MATCH, if_match)
    }
}

/// The token list's path under the root.
const TOKENS: &str = "/APIAccessTokens";
/// The user list's path under the root.
const USERS: &str = "/Users";

/// `/APIAccessTokens/{Id}{action}` with the Id percent-encoded (all but
/// RFC 3986's unreserved characters), so no Id can change the path's
/// shape. An empty Id, a dot segment (`.`, `..`, which URL parsers
/// resolve even when encoded) or one with control characters is refused.
fn token_path(id: &str, action: &str) -> Result<String, ApiError> {
    if id.is_empty() || id == "." || id == ".." || id.chars().any(char::is_control) {
        return Err(ApiError::Refused {
            detail: crate::text::api_bad_token_id(id),
        });
    }
    Ok(format!(
        "{TOKENS}/{}{action}",
        crate::contract::percent_encode(id)
    ))
}

/// The Basic `Authorization` value for `sid` and `token`, marked sensitive
/// (hidden from Debug output). Built in buffers sized up front and wiped
/// after, so no partial copy of the credentials is left in freed memory;
/// the header map's own copy is freed with the request.
fn basic_header(sid: &str, token: &SecretString) -> reqwest::header::HeaderValue {
    use base64::Engine;
    const PREFIX: &[u8] = b"Basic ";
    let secret = token.expose_secret().as_bytes();
    let mut plain = zeroize::Zeroizing::new(Vec::with_capacity(sid.len() + 1 + secret.len()));
    plain.extend_from_slice(sid.as_bytes());
    plain.push(b':');
    plain.extend_from_slice(secret);
    let encoded = base64::encoded_len(plain.len(), true).unwrap_or(0);
    let mut value = zeroize::Zeroizing::new(vec![0u8; PREFIX.len() + encoded]);
    value[..PREFIX.len()].copy_from_slice(PREFIX);
    let n = base64::engine::general_purpose::STANDARD
        .encode_slice(&*plain, &mut value[PREFIX.len()..])
        .unwrap_or(0);
    let mut header = reqwest::header::HeaderValue::from_bytes(&value[..PREFIX.len() + n])
        .expect("base64 is a valid header value");
    header.set_sensitive(true);
    header
}

#[cfg(test)]
mod tests;
