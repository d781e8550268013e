//! The scope catalog: categories of endpoints a token can be allowed to call.
//!
//! Scopes are stored flat, in display order, with each category owning a
//! contiguous range. That keeps the selection a plain bit vector and makes
//! rendering and lookups independent of catalog size.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use crate::api::contract::{CategoryDoc, ScopeDoc, ScopesResponse};
use crate::model::account::AccountType;

/// One endpoint a token may be allowed to call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// Unique Id within the account type (an operation id).
    pub id: String,
    /// Human name.
    pub name: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Index of the owning category.
    pub category: usize,
}

impl Scope {
    /// Whether calling this endpoint changes data (PUT, POST, PATCH, DELETE).
    pub fn is_write(&self) -> bool {
        is_write_method(&self.method)
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
    /// Range of its scopes in [`Catalog::scopes`].
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

/// A catalog for one account type.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// API versions offered, newest first.
    pub versions: Vec<String>,
    /// Categories in display order.
    pub categories: Vec<Category>,
    /// All scopes, grouped by category, in display order.
    pub scopes: Vec<Scope>,
    /// Where it came from.
    pub source: CatalogSource,
    by_id: HashMap<String, usize>,
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

impl Catalog {
    /// The catalog compiled into the binary for an account type.
    pub fn bundled(account_type: AccountType) -> Catalog {
        let json = match account_type {
            AccountType::Agency => include_str!("../../assets/catalog/agency.json"),
            AccountType::Brand => include_str!("../../assets/catalog/brand.json"),
            AccountType::Partner => include_str!("../../assets/catalog/partner.json"),
        };
        let doc: ScopesResponse =
            serde_json::from_str(json).expect("bundled catalog is valid JSON");
        Catalog::from_doc(doc, CatalogSource::Bundled).expect("bundled catalog is valid")
    }

    /// Parses a catalog document (the Scopes response shape).
    pub fn from_json(json: &str, source: CatalogSource) -> Result<Catalog, CatalogError> {
        let doc: ScopesResponse = serde_json::from_str(json)
            .map_err(|e| CatalogError(crate::text::catalog_parse(&e.to_string())))?;
        Catalog::from_doc(doc, source)
    }

    /// Builds a catalog from a document, refusing duplicate Ids.
    /// Empty categories are dropped: there is nothing in them to allow.
    pub fn from_doc(doc: ScopesResponse, source: CatalogSource) -> Result<Catalog, CatalogError> {
        let mut categories = Vec::with_capacity(doc.categories.len());
        let mut scopes = Vec::new();
        let mut by_id = HashMap::new();
        for CategoryDoc { name, scopes: docs } in doc.categories {
            if docs.is_empty() {
                continue;
            }
            let ci = categories.len();
            let start = scopes.len();
            for ScopeDoc {
                id,
                name,
                method,
                path,
            } in docs
            {
                if by_id.insert(id.clone(), scopes.len()).is_some() {
                    return Err(CatalogError(crate::text::catalog_duplicate_id(&id)));
                }
                scopes.push(Scope {
                    id,
                    name,
                    method: method.to_ascii_uppercase(),
                    path,
                    category: ci,
                });
            }
            categories.push(Category {
                name,
                range: start..scopes.len(),
            });
        }
        if scopes.is_empty() {
            return Err(CatalogError(crate::text::CATALOG_EMPTY.into()));
        }
        Ok(Catalog {
            versions: doc.api_versions,
            categories,
            scopes,
            source,
            by_id,
        })
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
                    scopes: self.scopes[c.range.clone()]
                        .iter()
                        .map(|s| ScopeDoc {
                            id: s.id.clone(),
                            name: s.name.clone(),
                            method: s.method.clone(),
                            path: s.path.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Index of a scope by Id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Number of scopes.
    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    /// Whether the catalog has no scopes (never true for a built catalog).
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
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
        assert_eq!(brand.scopes[i].method, "GET");
        assert!(!brand.scopes[i].is_write());
        assert!(brand.scopes[brand.index_of("updateCompanyInformation").unwrap()].is_write());
    }

    #[test]
    fn category_ranges_cover_every_scope_once() {
        for t in AccountType::ALL {
            let c = Catalog::bundled(t);
            let mut next = 0;
            for (ci, cat) in c.categories.iter().enumerate() {
                assert_eq!(cat.range.start, next);
                assert!(!cat.is_empty());
                assert!(c.scopes[cat.range.clone()].iter().all(|s| s.category == ci));
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
        assert!(Catalog::from_json("{", CatalogSource::Live).is_err());
    }

    #[test]
    fn doc_round_trips() {
        let c = Catalog::bundled(AccountType::Partner);
        let again = Catalog::from_doc(c.to_doc(), CatalogSource::Live).unwrap();
        assert_eq!(again.scopes, c.scopes);
        assert_eq!(again.categories, c.categories);
    }
}
