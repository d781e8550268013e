//! Scope differences, grouped by category: what Update, Upgrade Version,
//! `tokens diff` and `spec from-log --diff-against` show. No terminal, no
//! network.

use std::collections::BTreeSet;

use crate::text;

use super::catalog::Catalog;

/// Scope Ids of one category, for a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The category's name, or [`text::UNKNOWN_SCOPES`].
    pub category: String,
    /// Scope Ids, in catalog order.
    pub ids: Vec<String>,
}

/// Scopes added and removed between two sets, grouped by category.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopeDiff {
    /// In `after` and not in `before`.
    pub added: Vec<Group>,
    /// In `before` and not in `after`.
    pub removed: Vec<Group>,
}

impl ScopeDiff {
    /// Whether the two sets are equal.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }

    /// How many scopes are added and removed.
    pub fn counts(&self) -> (usize, usize) {
        let n = |g: &[Group]| g.iter().map(|g| g.ids.len()).sum();
        (n(&self.added), n(&self.removed))
    }
}

/// What changed from `before` to `after`, by category of `catalog`.
pub fn diff(catalog: &Catalog, before: &[String], after: &[String]) -> ScopeDiff {
    let b: BTreeSet<&str> = before.iter().map(String::as_str).collect();
    let a: BTreeSet<&str> = after.iter().map(String::as_str).collect();
    ScopeDiff {
        added: group(catalog, a.difference(&b).copied()),
        removed: group(catalog, b.difference(&a).copied()),
    }
}

/// Groups Ids by the catalog's categories, in catalog order; Ids the catalog
/// does not know come last, sorted.
pub fn group<'a>(catalog: &Catalog, ids: impl Iterator<Item = &'a str>) -> Vec<Group> {
    let mut known: Vec<usize> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for id in ids {
        match catalog.index_of(id) {
            Some(i) => known.push(i),
            None => unknown.push(id.to_string()),
        }
    }
    known.sort_unstable();
    let mut out: Vec<Group> = Vec::new();
    for i in known {
        let scope = catalog.scope(i);
        let name = &catalog.categories[scope.category].name;
        match out.last_mut() {
            Some(g) if &g.category == name => g.ids.push(scope.id.to_string()),
            _ => out.push(Group {
                category: name.clone(),
                ids: vec![scope.id.to_string()],
            }),
        }
    }
    if !unknown.is_empty() {
        unknown.sort();
        out.push(Group {
            category: text::UNKNOWN_SCOPES.to_string(),
            ids: unknown,
        });
    }
    out
}

/// What moving a token to a newer version's catalog means for its scopes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpgradeDiff {
    /// Selected scopes the newer catalog no longer offers: they are dropped.
    pub missing: Vec<Group>,
    /// Scopes the newer catalog offers that the older one did not.
    pub new: Vec<Group>,
}

/// Compares a token's scopes and two versions' catalogs.
pub fn upgrade_diff(older: &Catalog, newer: &Catalog, selected: &[String]) -> UpgradeDiff {
    UpgradeDiff {
        missing: group(
            older,
            selected
                .iter()
                .map(String::as_str)
                .filter(|id| newer.index_of(id).is_none()),
        ),
        new: group(
            newer,
            newer
                .scopes()
                .map(|s| s.id)
                .filter(|id| older.index_of(id).is_none()),
        ),
    }
}

/// Versions a token on `current` may move to: the newer ones, newest first.
/// Versions are compared as numbers when both are numbers.
pub fn newer_versions<'a>(versions: &'a [String], current: &str) -> Vec<&'a str> {
    versions
        .iter()
        .map(String::as_str)
        .filter(|v| version_cmp(v, current).is_gt())
        .collect()
}

/// Orders API versions: numerically when both are numbers, else as text.
pub fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.trim().parse::<u64>(), b.trim().parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{CategoryDoc, ScopeDoc, ScopesResponse};
    use crate::model::catalog::CatalogSource;

    fn catalog(categories: &[(&str, &[&str])]) -> Catalog {
        let doc = ScopesResponse {
            api_versions: vec!["2".into(), "1".into()],
            categories: categories
                .iter()
                .map(|(name, ids)| CategoryDoc {
                    name: name.to_string(),
                    scopes: ids
                        .iter()
                        .map(|id| ScopeDoc {
                            id: id.to_string(),
                            name: id.to_string(),
                            method: "GET".into(),
                            path: format!("/{id}"),
                        })
                        .collect(),
                })
                .collect(),
        };
        Catalog::from_doc(doc, CatalogSource::Bundled).unwrap()
    }

    #[test]
    fn diffs_group_by_category_in_catalog_order() {
        let cat = catalog(&[("Ads", &["a1", "a2"]), ("Reports", &["r1", "r2"])]);
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let d = diff(&cat, &ids(&["r1", "a1", "gone"]), &ids(&["r2", "a1", "a2"]));
        assert_eq!(
            d.added,
            [
                Group {
                    category: "Ads".into(),
                    ids: ids(&["a2"])
                },
                Group {
                    category: "Reports".into(),
                    ids: ids(&["r2"])
                },
            ]
        );
        assert_eq!(
            d.removed,
            [
                Group {
                    category: "Reports".into(),
                    ids: ids(&["r1"])
                },
                Group {
                    category: text::UNKNOWN_SCOPES.into(),
                    ids: ids(&["gone"])
                },
            ]
        );
        assert_eq!(d.counts(), (2, 2));
        assert!(diff(&cat, &ids(&["a1"]), &ids(&["a1"])).is_empty());
    }

    #[test]
    fn upgrades_name_dropped_and_new_scopes() {
        let old = catalog(&[("Ads", &["a1", "a2"]), ("Reports", &["r1"])]);
        let new = catalog(&[("Ads", &["a1", "a3"]), ("Reports", &["r1", "r2"])]);
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let u = upgrade_diff(&old, &new, &ids(&["a2", "r1"]));
        assert_eq!(
            u.missing,
            [Group {
                category: "Ads".into(),
                ids: ids(&["a2"])
            }]
        );
        assert_eq!(
            u.new,
            [
                Group {
                    category: "Ads".into(),
                    ids: ids(&["a3"])
                },
                Group {
                    category: "Reports".into(),
                    ids: ids(&["r2"])
                },
            ]
        );
        assert_eq!(
            upgrade_diff(&old, &old, &ids(&["a1"])),
            UpgradeDiff::default()
        );
    }

    #[test]
    fn versions_only_go_up() {
        let v = ["16".to_string(), "15".into(), "9".into()];
        assert_eq!(
            newer_versions(&v, "9"),
            ["16", "15"],
            "numbers, not text: 9 < 15"
        );
        assert!(newer_versions(&v, "16").is_empty());
    }
}
