//! Which catalog scope a request needs: a method and a URL or path matched
//! against the catalogs' path templates. `{AccountSID}` and every other
//! `{…}` segment match any one segment; the query string, fragment, scheme
//! and host are ignored; the account root (`/Advertisers/…`) tells the
//! account type. Pure, no I/O.

use crate::model::account::AccountType;
use crate::model::catalog::Catalog;

/// A request matched to a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// The account type whose catalog holds the scope.
    pub account_type: AccountType,
    /// The scope's index in that catalog ([`Catalog::scope`]).
    pub index: usize,
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

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn is_var(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('{') && segment.ends_with('}')
}

/// The scope a request needs, searching each catalog in turn. HEAD is
/// matched as GET (it needs what GET needs). `None` when no template fits.
pub fn match_request(
    catalogs: &[(AccountType, &Catalog)],
    method: &str,
    url_or_path: &str,
) -> Option<Match> {
    Matcher::new(catalogs).find(method, url_or_path)
}

/// The catalogs' templates split once, for matching many requests (a log).
#[derive(Clone, Debug)]
pub struct Matcher {
    /// (method, template segments: `None` for `{…}`, the scope it is).
    templates: Vec<(String, Vec<Option<String>>, Match)>,
}

impl Matcher {
    /// Splits every template of these catalogs.
    pub fn new(catalogs: &[(AccountType, &Catalog)]) -> Matcher {
        let mut templates = Vec::new();
        for (t, c) in catalogs {
            for (i, s) in c.scopes().enumerate() {
                let segs = segments(s.path)
                    .map(|seg| (!is_var(seg)).then(|| seg.to_ascii_lowercase()))
                    .collect();
                let m = Match {
                    account_type: *t,
                    index: i,
                };
                templates.push((s.method.to_string(), segs, m));
            }
        }
        Matcher { templates }
    }

    /// The scope a request needs; see [`match_request`].
    pub fn find(&self, method: &str, url_or_path: &str) -> Option<Match> {
        let method = method.trim();
        let method = if method.eq_ignore_ascii_case("HEAD") {
            "GET"
        } else {
            method
        };
        let path: Vec<&str> = segments(path_of(url_or_path)).collect();
        let mut best: Option<(usize, Match)> = None;
        for (m, segs, found) in &self.templates {
            if !m.eq_ignore_ascii_case(method) || segs.len() != path.len() {
                continue;
            }
            let mut literal = 0;
            let fits = segs.iter().zip(&path).all(|(t, p)| match t {
                None => true,
                Some(lit) => {
                    literal += 1;
                    lit.eq_ignore_ascii_case(p)
                }
            });
            if fits && best.is_none_or(|(b, _)| literal > b) {
                best = Some((literal, *found));
            }
        }
        best.map(|(_, m)| m)
    }
}

/// A path made safe to show: no query or host, the Account SID after an
/// account root replaced by `{AccountSID}`, control characters replaced,
/// and at most 200 characters.
pub fn shown_path(url_or_path: &str) -> String {
    let path = path_of(url_or_path);
    let mut out = String::new();
    let mut after_root = false;
    for (i, seg) in segments(path).enumerate() {
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
    let out: String = crate::text::inert(&out).chars().take(200).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
