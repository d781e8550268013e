//! The scope catalog: categories of endpoints a token can be allowed to call.
//!
//! Scopes are stored flat, in display order, with each category owning a
//! contiguous range. That keeps the selection a plain bit vector and makes
//! rendering and lookups independent of catalog size.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;

use crate::contract::{CategoryDoc, ScopeDoc, ScopesResponse};
use serde::Deserialize;

use crate::model::account::AccountType;

/// One endpoint a token may be allowed to call: a view into the catalog's
/// storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope<'a> {
    /// Unique Id within the account type (an operation id).
    pub id: &'a str,
    /// Human name.
    pub name: &'a str,
    /// HTTP method, upper case.
    pub method: &'a str,
    /// Path template.
    pub path: &'a str,
    /// Index of the owning category.
    pub category: usize,
}

impl Scope<'_> {
    /// Whether calling this endpoint changes data (PUT, POST, PATCH, DELETE).
    pub fn is_write(&self) -> bool {
        is_write_method(self.method)
    }
}

/// Whether a method writes (PUT, POST, PATCH, DELETE).
pub fn is_write_method(method: &str) -> bool {
    matches!(method, "PUT" | "POST" | "PATCH" | "DELETE")
}

/// A named group of scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// Category name.
    pub name: String,
    /// Range of its scopes (indices for [`Catalog::scope`]).
    pub range: Range<usize>,
}

impl Category {
    /// Number of scopes in the category.
    pub fn len(&self) -> usize {
        self.range.len()
    }

    /// Whether the category has no scopes.
    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }
}

/// Where a catalog came from; shown in the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogSource {
    /// Compiled into the binary from `assets/catalog`.
    Bundled,
    /// Served by the token service.
    Live,
    /// Loaded with `--catalog FILE`.
    File(PathBuf),
}

/// Where one scope's strings sit in the catalog's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Rec {
    id: (u32, u32),
    name: (u32, u32),
    path: (u32, u32),
    method: u8,
    category: u32,
}

/// HTTP methods, stored as a byte per scope.
const METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "?",
];

/// A catalog for one account type.
///
/// Scopes are stored flat, in display order, with each category owning a
/// contiguous range; their strings live in one buffer, so a catalog of
/// 100,000 scopes is a few allocations, not 400,000.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// API versions offered, newest first.
    pub versions: Vec<String>,
    /// Categories in display order.
    pub categories: Vec<Category>,
    /// Where it came from.
    pub source: CatalogSource,
    text: String,
    recs: Vec<Rec>,
    /// Scope indices sorted by Id, for lookups.
    by_id: Vec<u32>,
}

/// Why a catalog document was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogError(pub String);

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CatalogError {}

/// The Scopes response shape, borrowing from the JSON text where it can, so
/// a large file is not copied into a tree of strings before it is packed.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawDoc<'a> {
    api_versions: Vec<String>,
    #[serde(borrow)]
    categories: Vec<RawCategory<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawCategory<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    scopes: Vec<RawScope<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawScope<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    method: Cow<'a, str>,
    #[serde(borrow)]
    path: Cow<'a, str>,
}

/// Packs scopes into a catalog's storage, checking Ids are unique.
struct Builder {
    text: String,
    recs: Vec<Rec>,
    categories: Vec<Category>,
}

impl Builder {
    fn put(&mut self, s: &str) -> (u32, u32) {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        (start, self.text.len() as u32)
    }

    /// Puts text that is only ever shown (scope and category names), made
    /// inert: a catalog may come from a server.
    fn put_shown(&mut self, s: &str) -> (u32, u32) {
        if s.chars().any(crate::text::is_unsafe_to_show) {
            self.put(&crate::text::inert(s))
        } else {
            self.put(s)
        }
    }

    fn category<'s>(
        &mut self,
        name: &str,
        scopes: impl Iterator<Item = (&'s str, &'s str, &'s str, &'s str)>,
    ) {
        let ci = self.categories.len() as u32;
        let start = self.recs.len();
        for (id, name, method, path) in scopes {
            let upper = method.to_ascii_uppercase();
            let method = METHODS
                .iter()
                .position(|m| *m == upper)
                .unwrap_or(METHODS.len() - 1) as u8;
            let rec = Rec {
                id: self.put(id),
                name: self.put_shown(name),
                path: self.put(path),
                method,
                category: ci,
            };
            self.recs.push(rec);
        }
        // Empty categories are dropped: there is nothing in them to allow.
        if self.recs.len() > start {
            self.categories.push(Category {
                name: crate::text::inert(name),
                range: start..self.recs.len(),
            });
        }
    }

    fn finish(
        mut self,
        versions: Vec<String>,
        source: CatalogSource,
    ) -> Result<Catalog, CatalogError> {
        if self.recs.is_empty() {
            return Err(CatalogError(crate::text::CATALOG_EMPTY.into()));
        }
        if versions.is_empty() || versions.iter().any(|v| v.trim().is_empty()) {
            return Err(CatalogError(crate::text::CATALOG_NO_VERSIONS.into()));
        }
        self.text.shrink_to_fit();
        let mut catalog = Catalog {
            versions,
            categories: self.categories,
            source,
            text: self.text,
            recs: self.recs,
            by_id: Vec::new(),
        };
        let mut by_id: Vec<u32> = (0..catalog.recs.len() as u32).collect();
        by_id.sort_unstable_by(|a, b| {
            catalog
                .scope(*a as usize)
                .id
                .cmp(catalog.scope(*b as usize).id)
        });
        if let Some(w) = by_id
            .windows(2)
            .find(|w| catalog.scope(w[0] as usize).id == catalog.scope(w[1] as usize).id)
        {
            return Err(CatalogError(crate::text::catalog_duplicate_id(
                catalog.scope(w[0] as usize).id,
            )));
        }
        catalog.by_id = by_id;
        Ok(catalog)
    }
}

impl Catalog {
    /// The catalog compiled into the binary for an account type.
    pub fn bundled(account_type: AccountType) -> Catalog {
        let json = match account_type {
            AccountType::Agency => include_str!("../../assets/catalog/agency.json"),
            AccountType::Brand => include_str!("../../assets/catalog/brand.json"),
            AccountType::Partner => include_str!("../../assets/catalog/partner.json"),
        };
        Catalog::from_json(json, CatalogSource::Bundled).expect("bundled catalog is valid")
    }

    /// Parses a catalog document (the Scopes response shape).
    pub fn from_json(json: &str, source: CatalogSource) -> Result<Catalog, CatalogError> {
        let doc: RawDoc = serde_json::from_str(json)
            .map_err(|e| CatalogError(crate::text::catalog_parse(&e.to_string())))?;
        let mut b = Builder {
            text: String::with_capacity(json.len() / 2),
            recs: Vec::new(),
            categories: Vec::new(),
        };
        for c in &doc.categories {
            b.category(
                &c.name,
                c.scopes
                    .iter()
                    .map(|s| (&*s.id, &*s.name, &*s.method, &*s.path)),
            );
        }
        b.finish(doc.api_versions, source)
    }

    /// Builds a catalog from a document, refusing duplicate Ids.
    pub fn from_doc(doc: ScopesResponse, source: CatalogSource) -> Result<Catalog, CatalogError> {
        let mut b = Builder {
            text: String::new(),
            recs: Vec::new(),
            categories: Vec::new(),
        };
        for c in &doc.categories {
            b.category(
                &c.name,
                c.scopes.iter().map(|s| {
                    (
                        s.id.as_str(),
                        s.name.as_str(),
                        s.method.as_str(),
                        s.path.as_str(),
                    )
                }),
            );
        }
        b.finish(doc.api_versions, source)
    }

    /// The catalog back in its document shape.
    pub fn to_doc(&self) -> ScopesResponse {
        ScopesResponse {
            api_versions: self.versions.clone(),
            categories: self
                .categories
                .iter()
                .map(|c| CategoryDoc {
                    name: c.name.clone(),
                    scopes: c
                        .range
                        .clone()
                        .map(|i| {
                            let s = self.scope(i);
                            ScopeDoc {
                                id: s.id.to_string(),
                                name: s.name.to_string(),
                                method: s.method.to_string(),
                                path: s.path.to_string(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn str_at(&self, (a, b): (u32, u32)) -> &str {
        &self.text[a as usize..b as usize]
    }

    /// The scope at an index.
    pub fn scope(&self, i: usize) -> Scope<'_> {
        let r = &self.recs[i];
        Scope {
            id: self.str_at(r.id),
            name: self.str_at(r.name),
            method: METHODS[r.method as usize],
            path: self.str_at(r.path),
            category: r.category as usize,
        }
    }

    /// Every scope, in display order.
    pub fn scopes(&self) -> impl Iterator<Item = Scope<'_>> + '_ {
        (0..self.recs.len()).map(|i| self.scope(i))
    }

    /// Index of a scope by Id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id
            .binary_search_by(|&i| self.scope(i as usize).id.cmp(id))
            .ok()
            .map(|p| self.by_id[p] as usize)
    }

    /// Number of scopes.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// Whether the catalog has no scopes (never true for a built catalog).
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_catalogs_match_the_published_surface() {
        let counts: Vec<(AccountType, usize)> = AccountType::ALL
            .into_iter()
            .map(|t| (t, Catalog::bundled(t).len()))
            .collect();
        assert_eq!(
            counts,
            [
                (AccountType::Agency, 15),
                (AccountType::Brand, 117),
                (AccountType::Partner, 74)
            ]
        );
        let brand = Catalog::bundled(AccountType::Brand);
        assert_eq!(brand.versions, ["14", "13", "12", "11"]);
        assert_eq!(brand.categories.len(), 29);
        assert_eq!(brand.categories[0].name, "Account Information");
        let i = brand.index_of("getCompanyInformation").unwrap();
        assert_eq!(brand.scope(i).method, "GET");
        assert_eq!(brand.scope(i).id, "getCompanyInformation");
        assert!(!brand.scope(i).is_write());
        assert!(
            brand
                .scope(brand.index_of("updateCompanyInformation").unwrap())
                .is_write()
        );
        assert_eq!(brand.index_of("nope"), None);
        for (i, s) in brand.scopes().enumerate() {
            assert_eq!(brand.index_of(s.id), Some(i));
        }
    }

    #[test]
    fn category_ranges_cover_every_scope_once() {
        for t in AccountType::ALL {
            let c = Catalog::bundled(t);
            let mut next = 0;
            for (ci, cat) in c.categories.iter().enumerate() {
                assert_eq!(cat.range.start, next);
                assert!(!cat.is_empty());
                assert!(cat.range.clone().all(|i| c.scope(i).category == ci));
                next = cat.range.end;
            }
            assert_eq!(next, c.len());
        }
    }

    #[test]
    fn duplicate_ids_and_empty_docs_are_refused() {
        let dup = r#"{"ApiVersions":["1"],"Categories":[{"Name":"A","Scopes":[
            {"Id":"x","Name":"X","Method":"GET","Path":"/x"},
            {"Id":"x","Name":"Y","Method":"GET","Path":"/y"}]}]}"#;
        assert!(
            Catalog::from_json(dup, CatalogSource::Live)
                .unwrap_err()
                .0
                .contains("x")
        );
        let empty = r#"{"ApiVersions":["1"],"Categories":[{"Name":"A","Scopes":[]}]}"#;
        assert!(Catalog::from_json(empty, CatalogSource::Live).is_err());
        let unversioned = r#"{"ApiVersions":[],"Categories":[{"Name":"A","Scopes":[{"Id":"x","Name":"X","Method":"GET","Path":"/x"}]}]}"#;
        assert!(
            Catalog::from_json(unversioned, CatalogSource::Live)
                .unwrap_err()
                .0
                .contains("version")
        );
        assert!(Catalog::from_json("{", CatalogSource::Live).is_err());
    }

    #[test]
    fn escaped_json_strings_and_odd_methods() {
        let j = r#"{"ApiVersions":["1"],"Categories":[{"Name":"A \"q\"","Scopes":[
            {"Id":"x\u00e9","Name":"Tab\there","Method":"get","Path":"/x"},
            {"Id":"y","Name":"Y","Method":"TRACE","Path":"/y"}]}]}"#;
        let c = Catalog::from_json(j, CatalogSource::Live).unwrap();
        assert_eq!(c.categories[0].name, "A \"q\"");
        assert_eq!(c.scope(0).id, "xé");
        // Names are only shown: a control character in one is made inert.
        assert_eq!(c.scope(0).name, "Tab\u{fffd}here");
        assert_eq!(c.scope(0).method, "GET");
        assert_eq!(c.scope(1).method, "?");
        assert_eq!(c.index_of("xé"), Some(0));
    }

    #[test]
    fn doc_round_trips() {
        let c = Catalog::bundled(AccountType::Partner);
        let again = Catalog::from_doc(c.to_doc(), CatalogSource::Live).unwrap();
        assert!(again.scopes().eq(c.scopes()));
        assert_eq!(again.categories, c.categories);
    }
}
