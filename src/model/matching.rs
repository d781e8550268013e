//! Which catalog scope a request needs: `scopes --for`, `verify`'s choice
//! of probes, the sandbox's scope check and `spec from-log` all match here.
//! A request such as `GET /Advertisers/IR123/Actions/A-1?PageSize=10` (or a
//! full `https://api.impact.com/...` URL) is matched against the catalogs'
//! path templates: `{AccountSID}` and every other `{X}` match any one
//! non-empty segment; the query string, fragment, scheme, host and a
//! trailing `/` are ignored; literal segments compare without regard to
//! case; the account root (`Advertisers`, `Mediapartners`, `Agencies`)
//! names the account type.
//!
//! Ties: when several templates match (partner
//! `GET /Mediapartners/{AccountSID}/Catalogs/{Id}` and
//! `.../Catalogs/ItemSearch` both match `.../Catalogs/ItemSearch`), the most
//! specific one wins: segment by segment from the left, a literal beats a
//! placeholder; then the catalog's order.

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
        let is_url = target.contains("://");
        if !is_url && !target.starts_with('/') {
            return None;
        }
        let segments: Vec<String> = path_of(target)
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

/// A template split into segments: `None` for a `{X}` placeholder, else
/// the literal.
type Template<'a> = Vec<Option<&'a str>>;

fn template(path: &str) -> Template<'_> {
    path.trim_matches('/')
        .split('/')
        .map(|seg| (!is_var(seg)).then_some(seg))
        .collect()
}

fn is_var(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('{') && segment.ends_with('}')
}

/// Whether `template` matches `segments`, and if so which of its segments
/// are literals (left first, for ranking).
fn rank<T: AsRef<str>, S: AsRef<str>>(template: &[Option<T>], segments: &[S]) -> Option<Vec<bool>> {
    if template.len() != segments.len() {
        return None;
    }
    template
        .iter()
        .zip(segments)
        .map(|(part, seg)| match part {
            None => Some(false),
            Some(lit) => lit
                .as_ref()
                .eq_ignore_ascii_case(seg.as_ref())
                .then_some(true),
        })
        .collect()
}

/// The best of `(rank, index)` candidates: highest rank, then lowest index.
fn best(candidates: impl Iterator<Item = (Vec<bool>, usize)>) -> Option<usize> {
    candidates
        .max_by(|(a, i), (b, j)| a.cmp(b).then(j.cmp(i)))
        .map(|(_, i)| i)
}

/// The index of the scope `request` needs in `catalog`, if any.
pub fn find(catalog: &Catalog, request: &Request) -> Option<usize> {
    best((0..catalog.len()).filter_map(|i| {
        let s = catalog.scope(i);
        if !s.method.eq_ignore_ascii_case(&request.method) {
            return None;
        }
        rank(&template(s.path), &request.segments).map(|r| (r, i))
    }))
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

/// A request matched to a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// The account type whose catalog holds the scope.
    pub account_type: AccountType,
    /// The scope's index in that catalog ([`Catalog::scope`]).
    pub index: usize,
}

/// The scope a request needs (see [`Matcher::find`]).
pub fn match_request(
    catalogs: &[(AccountType, &Catalog)],
    method: &str,
    url_or_path: &str,
) -> Option<Match> {
    Matcher::new(catalogs).find(method, url_or_path)
}

/// The catalogs' templates split once, for matching many requests (a log),
/// with the same rules as [`find_in`].
#[derive(Clone, Debug)]
pub struct Matcher {
    /// (method, template, the scope it is), per catalog in order.
    templates: Vec<(String, Vec<Option<String>>, Match)>,
}

impl Matcher {
    /// Splits every template of these catalogs.
    pub fn new(catalogs: &[(AccountType, &Catalog)]) -> Matcher {
        let mut templates = Vec::new();
        for (t, c) in catalogs {
            for (i, s) in c.scopes().enumerate() {
                let parts = template(s.path)
                    .into_iter()
                    .map(|p| p.map(str::to_string))
                    .collect();
                let m = Match {
                    account_type: *t,
                    index: i,
                };
                templates.push((s.method.to_string(), parts, m));
            }
        }
        Matcher { templates }
    }

    /// The scope a request needs. HEAD is matched as GET (it needs what GET
    /// needs). `None` when no template fits.
    pub fn find(&self, method: &str, url_or_path: &str) -> Option<Match> {
        let method = method.trim();
        let method = if method.eq_ignore_ascii_case("HEAD") {
            "GET"
        } else {
            method
        };
        let request = Request {
            method: method.to_ascii_uppercase(),
            segments: path_of(url_or_path)
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        };
        let root = request.account_type();
        let candidates = self
            .templates
            .iter()
            .enumerate()
            .filter(|(_, (m, _, found))| {
                m.eq_ignore_ascii_case(&request.method)
                    && root.is_none_or(|r| r == found.account_type)
            })
            .filter_map(|(k, (_, parts, _))| rank(parts, &request.segments).map(|r| (r, k)));
        best(candidates).map(|k| self.templates[k].2)
    }
}

/// The path of a request target: without scheme, host, user info, query
/// and fragment. `https://u:p@api.impact.com/Advertisers/X?a=1` gives
/// `/Advertisers/X`.
pub fn path_of(url_or_path: &str) -> &str {
    let s = url_or_path.trim();
    let s = s.split(['?', '#']).next().unwrap_or("");
    match s.find("://") {
        Some(i) => {
            let rest = &s[i + 3..];
            match rest.find('/') {
                Some(j) => &rest[j..],
                None => "/",
            }
        }
        None => s,
    }
}

/// A path made safe to show: no query or host, the Account SID after an
/// account root replaced by `{AccountSID}`, control characters replaced,
/// and at most 200 characters.
pub fn shown_path(url_or_path: &str) -> String {
    let path = path_of(url_or_path);
    let mut out = String::new();
    let mut after_root = false;
    for (i, seg) in path.split('/').filter(|s| !s.is_empty()).enumerate() {
        out.push('/');
        if after_root && i == 1 {
            out.push_str("{AccountSID}");
        } else {
            out.push_str(seg);
        }
        // Matching ignores case, so hiding the Account SID does too.
        after_root = i == 0
            && AccountType::ALL
                .iter()
                .any(|t| t.root_segment().eq_ignore_ascii_case(seg));
    }
    if out.is_empty() {
        out.push('/');
    }
    crate::text::inert(&out).chars().take(200).collect()
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

    fn all() -> Vec<(AccountType, Catalog)> {
        AccountType::ALL
            .into_iter()
            .map(|t| (t, Catalog::bundled(t)))
            .collect()
    }

    #[test]
    fn every_catalog_path_maps_back_to_its_own_scope() {
        let owned = all();
        let cats: Vec<(AccountType, &Catalog)> = owned.iter().map(|(t, c)| (*t, c)).collect();
        for (t, c) in &owned {
            for (i, s) in c.scopes().enumerate() {
                // Fill each {…} with a concrete value, as a real request has.
                let concrete: String = s
                    .path
                    .split('/')
                    .map(|seg| if is_var(seg) { "IR12345" } else { seg })
                    .collect::<Vec<_>>()
                    .join("/");
                let m = match_request(&cats, s.method, &format!("{concrete}?PageSize=10"));
                assert_eq!(
                    m,
                    Some(Match {
                        account_type: *t,
                        index: i
                    }),
                    "{t} {} {}",
                    s.method,
                    s.path
                );
            }
        }
    }

    #[test]
    fn urls_roots_and_literals() {
        let owned = all();
        let cats: Vec<(AccountType, &Catalog)> = owned.iter().map(|(t, c)| (*t, c)).collect();
        let m = match_request(
            &cats,
            "get",
            "https://api.impact.com/Advertisers/IRabc/Actions?PageSize=10",
        )
        .unwrap();
        assert_eq!(m.account_type, AccountType::Brand);
        assert_eq!(owned[1].1.scope(m.index).id, "listActions");
        let m = match_request(&cats, "GET", "/Mediapartners/IRx/Catalogs/ItemSearch").unwrap();
        assert_eq!(owned[2].1.scope(m.index).id, "searchCatalogItems");
        let m = match_request(&cats, "HEAD", "/Agencies/IRx/Advertisers/").unwrap();
        assert_eq!(owned[0].1.scope(m.index).id, "listAdvertisers");
        assert_eq!(match_request(&cats, "GET", "/favicon.ico"), None);
        assert_eq!(match_request(&cats, "DELETE", "/Agencies/IRx/Jobs"), None);
        assert_eq!(
            match_request(&cats, "GET", "/Advertisers/IRx/Actions/1/Nope"),
            None
        );
    }

    #[test]
    fn shown_paths_hide_the_account_sid_query_and_host() {
        assert_eq!(
            shown_path(
                "https://IRsid:secret@api.impact.com/Advertisers/IRsid/Actions/7?AuthToken=x"
            ),
            "/Advertisers/{AccountSID}/Actions/7"
        );
        assert_eq!(shown_path("/favicon.ico#x"), "/favicon.ico");
        assert_eq!(
            shown_path("/advertisers/IRsid/Ads"),
            "/advertisers/{AccountSID}/Ads"
        );
        assert_eq!(shown_path("https://host"), "/");
        assert!(!shown_path("/a\u{1b}[2J").contains('\u{1b}'));
    }
}
