//! The rest of the API surface, as a scoped token sees it: any request that
//! matches a catalog path template answers a placeholder `200` when the token
//! allows that scope and `403` when it does not. The sandbox keeps no data for
//! these endpoints; they exist so a freshly minted token can be tried out.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde::Serialize;

use crate::model::catalog::{Catalog, Scope};
use crate::text;

use super::auth::Caller;
use super::reply;
use super::state::{Principal, Store};

/// The catalog scope whose method and path template match a request.
/// `{AccountSID}` must name the caller's account; any other `{X}` matches
/// one non-empty segment.
pub(crate) fn find_scope<'c>(
    catalog: &'c Catalog,
    caller: &Caller,
    method: &Method,
    path: &str,
) -> Option<Scope<'c>> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    // Where two templates match, the most specific wins, as for
    // `scopes --for` (partner `Catalogs/ItemSearch` is not `Catalogs/{Id}`).
    let request = crate::model::matching::Request {
        method: method.as_str().to_string(),
        segments: segments.iter().map(|s| s.to_string()).collect(),
    };
    let s = catalog.scope(crate::model::matching::find(catalog, &request)?);
    template_matches(s.path, &segments, caller).then_some(s)
}

fn template_matches(template: &str, segments: &[&str], caller: &Caller) -> bool {
    let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
    parts.len() == segments.len()
        && parts.iter().zip(segments).all(|(part, seg)| {
            match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some("AccountSID") => caller.owns_sid(seg),
                Some(_) => !seg.is_empty(),
                None => part == seg,
            }
        })
}

/// Whether a caller may use a scope: users may use all, tokens their own.
pub(crate) fn allows(store: &Store, caller: &Caller, scope_id: &str) -> bool {
    match &caller.principal {
        Principal::User { .. } => true,
        Principal::Token { token_id } => store.accounts[caller.account]
            .tokens
            .iter()
            .any(|t| t.token.id == *token_id && t.token.scopes.iter().any(|s| s == scope_id)),
    }
}

/// The 403 for a scope the token does not allow.
pub(crate) fn not_in_scope(scope_id: &str) -> Response {
    reply::error(StatusCode::FORBIDDEN, text::sandbox_not_in_scope(scope_id))
}

/// Placeholder answer of an allowed catalog endpoint.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Placeholder<'a> {
    status: &'static str,
    scope_id: &'a str,
}

/// The `200` of an allowed catalog endpoint; the sandbox keeps no data for it.
pub(crate) fn placeholder(scope_id: &str) -> Response {
    reply::json(
        StatusCode::OK,
        &Placeholder {
            status: "OK",
            scope_id,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AccountType;

    fn caller() -> Caller {
        Caller {
            account: 1,
            account_type: AccountType::Brand,
            account_sid: "IRBRAND".into(),
            credential_sid: "IRTOKEN".into(),
            principal: Principal::User {
                role: "Account Administrator".into(),
            },
        }
    }

    #[test]
    fn templates_match_one_segment_per_parameter() {
        let catalog = Catalog::bundled(AccountType::Brand);
        let c = caller();
        let get = |p: &str| find_scope(&catalog, &c, &Method::GET, p).map(|s| s.id.to_string());
        assert_eq!(
            get("/Advertisers/IRBRAND/Actions/A-1").as_deref(),
            Some("getActionById")
        );
        assert_eq!(
            get("/Advertisers/IRTOKEN/Actions/A-1").as_deref(),
            Some("getActionById")
        );
        assert_eq!(get("/Advertisers/IROTHER/Actions/A-1"), None);
        assert_eq!(get("/Advertisers/IRBRAND/Actions/A-1/extra"), None);
        assert_eq!(
            get("/Advertisers/IRBRAND/Campaigns/C1/Clicks/K1").as_deref(),
            Some("getClickById")
        );
        assert_eq!(
            get("/Advertisers/IRBRAND/Campaigns//Clicks/K1"),
            None,
            "empty segment"
        );
        assert!(
            find_scope(
                &catalog,
                &c,
                &Method::DELETE,
                "/Advertisers/IRBRAND/Actions/A-1"
            )
            .is_none()
        );
    }

    #[test]
    fn a_literal_segment_wins_over_a_placeholder() {
        let catalog = Catalog::bundled(AccountType::Partner);
        let mut c = caller();
        c.account_type = AccountType::Partner;
        let get = |p: &str| find_scope(&catalog, &c, &Method::GET, p).map(|s| s.id.to_string());
        assert_eq!(
            get("/Mediapartners/IRBRAND/Catalogs/ItemSearch").as_deref(),
            Some("searchCatalogItems")
        );
        assert_eq!(
            get("/Mediapartners/IRBRAND/Catalogs/C-1").as_deref(),
            Some("retrieveCatalog")
        );
    }
}
