//! HTTP Basic authentication and the account check on `{root}`.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use base64::Engine;

use crate::model::account::AccountType;
use crate::text;

use super::reply;
use super::state::{Principal, Store};

/// Who a request authenticated as.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    /// Index into [`Store::accounts`].
    pub account: usize,
    pub account_type: AccountType,
    /// The owning account's SID.
    pub account_sid: String,
    /// The SID the request authenticated with (differs for minted tokens and
    /// the restricted brand user).
    pub credential_sid: String,
    pub principal: Principal,
}

impl Caller {
    /// Whether a path's `{AccountSID}` names this caller's account. Both the
    /// account's SID and the credential's own SID are accepted, so a client
    /// may use either in the URL.
    pub fn owns_sid(&self, sid: &str) -> bool {
        sid == self.account_sid || sid == self.credential_sid
    }
}

/// The root a path starts with, if any: `(segment, sid)`.
pub(crate) type Root<'a> = Option<(&'a str, &'a str)>;

/// Why a request was not authenticated; both answer 401.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Missing, malformed or unknown credentials.
    BadCredentials,
    /// Valid credentials, but the path names another account or account type.
    WrongAccount,
}

impl Refusal {
    /// The 401 answer.
    pub fn response(self) -> Response {
        match self {
            Refusal::BadCredentials => {
                let mut response =
                    reply::error(StatusCode::UNAUTHORIZED, text::SANDBOX_BAD_CREDENTIALS);
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"impact-token sandbox\""),
                );
                response
            }
            Refusal::WrongAccount => {
                reply::error(StatusCode::UNAUTHORIZED, text::SANDBOX_WRONG_ACCOUNT)
            }
        }
    }
}

/// Checks the Basic credentials, then that the path's root belongs to them.
pub(crate) fn authenticate(
    store: &Store,
    headers: &HeaderMap,
    root: Root<'_>,
) -> Result<Caller, Refusal> {
    let (user, password) = basic_credentials(headers).ok_or(Refusal::BadCredentials)?;
    let credential = store
        .credentials
        .get(&user)
        .ok_or(Refusal::BadCredentials)?;
    if !constant_time_eq(credential.auth_token.as_bytes(), password.as_bytes()) {
        return Err(Refusal::BadCredentials);
    }
    let account = &store.accounts[credential.account];
    let caller = Caller {
        account: credential.account,
        account_type: account.account_type,
        account_sid: account.sid.clone(),
        credential_sid: user,
        principal: credential.principal.clone(),
    };
    if let Some((segment, sid)) = root
        && (AccountType::from_root_segment(segment) != Some(caller.account_type)
            || !caller.owns_sid(sid))
    {
        return Err(Refusal::WrongAccount);
    }
    Ok(caller)
}

/// `Authorization: Basic base64(user:password)`, decoded.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// Compares secrets without an early exit, so timing does not reveal how
/// much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn basic_header_decodes() {
        let encoded = base64::engine::general_purpose::STANDARD.encode("IRX:pa:ss");
        assert_eq!(
            basic_credentials(&headers(&format!("basic {encoded}"))),
            Some(("IRX".into(), "pa:ss".into())),
            "only the first colon splits"
        );
        assert_eq!(basic_credentials(&headers("Bearer abc")), None);
        assert_eq!(basic_credentials(&headers("Basic !!!")), None);
        assert_eq!(basic_credentials(&HeaderMap::new()), None);
    }

    #[test]
    fn roots_must_match_type_and_account() {
        let store = Store::seeded();
        let demo = super::super::demo_account(AccountType::Brand);
        let encoded = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", demo.account_sid, demo.auth_token));
        let h = headers(&format!("Basic {encoded}"));
        assert!(authenticate(&store, &h, Some(("Advertisers", &demo.account_sid))).is_ok());
        assert!(authenticate(&store, &h, None).is_ok());
        let refused = |root| authenticate(&store, &h, root).unwrap_err();
        assert_eq!(
            refused(Some(("Mediapartners", &demo.account_sid))),
            Refusal::WrongAccount
        );
        assert_eq!(
            refused(Some(("Advertisers", "IRsomeoneelse"))),
            Refusal::WrongAccount
        );
        assert_eq!(
            authenticate(&store, &headers("Basic eDp5"), None).unwrap_err(),
            Refusal::BadCredentials
        );
    }
}
