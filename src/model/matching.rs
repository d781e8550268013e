//! Which catalog scope a request needs: `impact-token scopes --for` and
//! `verify`'s choice of probes. A request such as
//! `GET /Advertisers/IR123/Actions/A-1?PageSize=10` (or a full
//! `https://api.impact.com/...` URL) is matched against the catalogs' path
//! templates: `{AccountSID}` and every other `{X}` match any one non-empty
//! segment, the query string and a trailing `/` are ignored, and the
//! account root (`Advertisers`, `Mediapartners`, `Agencies`) names the
//! account type.

use super::account::AccountType;
use super::catalog::Catalog;

/// A request reduced to what matching needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// HTTP method, upper case (`GET` when the line names none).
    pub method: String,
    /// Path segments, without the query string.
    pub segments: Vec<String>,
}

impl Request {
    /// Parses `METHOD PATH`, `METHOD URL`, or a bare path or URL (GET).
    /// `None` when there is no path.
    pub fn parse(line: &str) -> Option<Request> {
        let mut words = line.split_whitespace();
        let first = words.next()?;
        let (method, target) = match words.next() {
            Some(target) => (first.to_ascii_uppercase(), target),
            None => ("GET".to_string(), first),
        };
        if words.next().is_some() {
            return None;
        }
        // A full URL: drop the scheme and authority.
        let path = match target.split_once("://") {
            Some((_, rest)) => &rest[rest.find('/').unwrap_or(rest.len())..],
            None => target,
        };
        if !path.starts_with('/') {
            return None;
        }
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<String> = path
            .trim_matches('/')
            .split('/')
            .map(str::to_string)
            .collect();
        if segments.iter().any(String::is_empty) {
            return None;
        }
        Some(Request { method, segments })
    }

    /// The account type the path's root names, if it starts with one.
    pub fn account_type(&self) -> Option<AccountType> {
        self.segments
            .first()
            .and_then(|s| AccountType::from_root_segment(s))
    }
}

/// The index of the scope `request` needs in `catalog`, if any.
///
/// Ties: when several templates match (partner
/// `GET /Mediapartners/{AccountSID}/Catalogs/{Id}` and
/// `.../Catalogs/ItemSearch` both match `.../Catalogs/ItemSearch`), the most
/// specific one wins: segment by segment from the left, a literal beats a
/// placeholder; then the catalog's order.
pub fn find(catalog: &Catalog, request: &Request) -> Option<usize> {
    (0..catalog.len())
        .filter_map(|i| {
            let s = catalog.scope(i);
            if s.method != request.method {
                return None;
            }
            specificity(s.path, &request.segments).map(|rank| (rank, i))
        })
        // Highest rank first; among equals, the lowest index.
        .max_by(|(a, i), (b, j)| a.cmp(b).then(j.cmp(i)))
        .map(|(_, i)| i)
}

/// The scope `request` needs among `catalogs`: only the catalog of the
/// account type its root names, else (a path outside every account root,
/// such as brand `/calldata/logCallData`) each catalog in turn.
pub fn find_in(
    catalogs: &[(AccountType, &Catalog)],
    request: &Request,
) -> Option<(AccountType, usize)> {
    let root = request.account_type();
    catalogs
        .iter()
        .filter(|(t, _)| root.is_none_or(|r| r == *t))
        .find_map(|(t, c)| find(c, request).map(|i| (*t, i)))
}

/// Whether `template` matches `segments`, and if so which of its segments
/// are literals (left first, for ranking).
fn specificity(template: &str, segments: &[String]) -> Option<Vec<bool>> {
    let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    parts
        .iter()
        .zip(segments)
        .map(|(part, seg)| {
            if part.starts_with('{') && part.ends_with('}') {
                Some(false)
            } else {
                (*part == seg).then_some(true)
            }
        })
        .collect()
}

/// `template` with every `{X}` replaced by `value`.
pub fn fill(template: &str, value: &str) -> String {
    template
        .split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                value
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(t: AccountType, line: &str) -> Option<String> {
        let catalog = Catalog::bundled(t);
        find(&catalog, &Request::parse(line)?).map(|i| catalog.scope(i).id.to_string())
    }

    #[test]
    fn lines_urls_and_queries_reduce_to_method_and_segments() {
        let r = Request::parse("get /Advertisers/IR1/Actions?PageSize=10").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.segments, ["Advertisers", "IR1", "Actions"]);
        assert_eq!(r.account_type(), Some(AccountType::Brand));
        let url =
            Request::parse("GET https://api.impact.com/Mediapartners/IR9/Campaigns/").unwrap();
        assert_eq!(url.segments, ["Mediapartners", "IR9", "Campaigns"]);
        assert_eq!(url.account_type(), Some(AccountType::Partner));
        let bare = Request::parse("/Agencies/IR2/CompanyInformation#x").unwrap();
        assert_eq!(bare.method, "GET");
        assert_eq!(bare.account_type(), Some(AccountType::Agency));
        for bad in ["", "GET", "GET Advertisers/IR1", "GET /a//b", "GET /a b"] {
            assert_eq!(Request::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ids_match_any_segment_and_methods_must_agree() {
        let t = AccountType::Brand;
        assert_eq!(
            id(t, "GET /Advertisers/IRabc/Actions/A-77?x=1").as_deref(),
            Some("getActionById")
        );
        assert_eq!(id(t, "DELETE /Advertisers/IRabc/Actions/A-77"), None);
        assert_eq!(id(t, "GET /Advertisers/IRabc/Nowhere"), None);
        assert_eq!(id(t, "GET /Advertisers/IRabc/Actions/A-1/extra"), None);
    }

    #[test]
    fn a_literal_segment_beats_a_placeholder() {
        let t = AccountType::Partner;
        assert_eq!(
            id(t, "GET /Mediapartners/IR1/Catalogs/ItemSearch").as_deref(),
            Some("searchCatalogItems")
        );
        assert_eq!(
            id(t, "GET /Mediapartners/IR1/Catalogs/C-5").as_deref(),
            Some("retrieveCatalog")
        );
    }

    #[test]
    fn every_catalog_path_maps_back_to_its_own_id() {
        let all: Vec<(AccountType, Catalog)> = AccountType::ALL
            .into_iter()
            .map(|t| (t, Catalog::bundled(t)))
            .collect();
        let refs: Vec<(AccountType, &Catalog)> = all.iter().map(|(t, c)| (*t, c)).collect();
        let mut n = 0;
        for (t, catalog) in &all {
            let t = *t;
            for s in catalog.scopes() {
                // A concrete SID and id, as a real request would carry.
                let path = fill(s.path, "IR5x3-77");
                let line = format!("{} https://api.impact.com{path}?PageSize=10", s.method);
                let r = Request::parse(&line).unwrap();
                if s.path.starts_with(&format!("/{}/", t.root_segment())) {
                    assert_eq!(r.account_type(), Some(t), "{line}");
                }
                let found = find_in(&refs, &r).map(|(ft, i)| {
                    let (_, c) = refs.iter().find(|(x, _)| *x == ft).unwrap();
                    (ft, c.scope(i).id)
                });
                assert_eq!(found, Some((t, s.id)), "{t}: {line}");
                n += 1;
            }
        }
        assert_eq!(n, 206);
    }
}
