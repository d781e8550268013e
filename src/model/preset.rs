//! Presets: named starting selections, built in or saved by the user.
//! Applying one replaces the selection; the diff is shown first and the
//! change can be undone.

use std::collections::BTreeSet;

use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::model::selection::Selection;

/// How a preset picks scopes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Every GET scope.
    ReadOnlyAll,
    /// GET scopes of the categories that are on now.
    ReadOnlyEnabled,
    /// Scopes of the named categories; GET only when `read_only`.
    Categories {
        /// Category names (as in the catalog).
        names: Vec<String>,
        /// Only GET scopes.
        read_only: bool,
    },
    /// A saved list of scope Ids.
    Saved(Vec<String>),
    /// "From a log file…": asks for a path; its scopes come from the file.
    FromLog,
    /// The scope Ids a log file showed in use (see `model::evidence`).
    Logged(Vec<String>),
}

/// A preset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Display name.
    pub name: String,
    /// One line on what it grants.
    pub about: String,
    /// The rule.
    pub rule: Rule,
}

fn cats(names: &[&str], read_only: bool) -> Rule {
    Rule::Categories {
        names: names.iter().map(|s| s.to_string()).collect(),
        read_only,
    }
}

/// The built-in presets of an account type, grounded in its catalog's categories.
pub fn builtin(account_type: AccountType) -> Vec<Preset> {
    let mut v = vec![
        Preset {
            name: "read-only everything".into(),
            about: "every GET scope".into(),
            rule: Rule::ReadOnlyAll,
        },
        Preset {
            name: "read-only in enabled categories".into(),
            about: "GET scopes of the categories that are on".into(),
            rule: Rule::ReadOnlyEnabled,
        },
    ];
    let (reports, jobs) = match account_type {
        AccountType::Agency => ("Reports", "Jobs Management"),
        AccountType::Brand => ("Reports & Exports", "Jobs"),
        AccountType::Partner => ("Reports", "Jobs"),
    };
    v.push(Preset {
        name: "reporting".into(),
        about: format!("run and export reports, follow their jobs ({reports}, {jobs}; read-only)"),
        rule: cats(&[reports, jobs], true),
    });
    v.push(match account_type {
        AccountType::Agency => Preset {
            name: "advertiser overview".into(),
            about: "advertisers and company profile (read-only)".into(),
            rule: cats(&["Advertisers", "Company Information"], true),
        },
        AccountType::Brand => Preset {
            name: "conversion tracking".into(),
            about: "actions, conversions, clicks and call data (includes writes)".into(),
            rule: cats(&["Actions", "Conversions", "Clicks", "Call Data"], false),
        },
        AccountType::Partner => Preset {
            name: "catalog and promotions".into(),
            about: "catalogs, ads, promo codes and promotions (read-only)".into(),
            rule: cats(&["Catalogs", "Ads", "Promo Codes", "Promotions"], true),
        },
    });
    // Last of the built-in ones; saved presets follow.
    v.push(Preset {
        name: crate::text::FROM_LOG_PRESET.into(),
        about: crate::text::FROM_LOG_PRESET_ABOUT.into(),
        rule: Rule::FromLog,
    });
    v
}

/// The scope indices a preset selects, given the current selection.
pub fn scopes_of(rule: &Rule, catalog: &Catalog, current: &Selection) -> BTreeSet<usize> {
    let gets = |i: &usize| catalog.scope(*i).method == "GET";
    match rule {
        Rule::ReadOnlyAll => (0..catalog.len()).filter(gets).collect(),
        Rule::ReadOnlyEnabled => current
            .enabled_categories()
            .flat_map(|c| catalog.categories[c].range.clone())
            .filter(gets)
            .collect(),
        Rule::Categories { names, read_only } => catalog
            .categories
            .iter()
            .filter(|c| names.contains(&c.name))
            .flat_map(|c| c.range.clone())
            .filter(|i| !read_only || gets(i))
            .collect(),
        Rule::Saved(ids) | Rule::Logged(ids) => {
            ids.iter().filter_map(|id| catalog.index_of(id)).collect()
        }
        // Asks for a file first; by itself it selects what is selected now.
        Rule::FromLog => current.selected_indices().collect(),
    }
}

/// What applying a preset would change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diff {
    /// Scopes it adds.
    pub added: Vec<usize>,
    /// Scopes it removes.
    pub removed: Vec<usize>,
    /// The selection afterwards.
    pub result: Selection,
}

/// Computes the selection a preset gives, and the difference from now.
pub fn diff(rule: &Rule, catalog: &Catalog, current: &Selection) -> Diff {
    let target = scopes_of(rule, catalog, current);
    let mut result = Selection::new(catalog);
    for &i in &target {
        result.set_scope(i, true);
    }
    let added = target
        .iter()
        .copied()
        .filter(|&i| !current.is_selected(i))
        .collect();
    let removed = current
        .selected_indices()
        .filter(|i| !target.contains(i))
        .collect();
    Diff {
        added,
        removed,
        result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_preset_selects_something_real() {
        for t in AccountType::ALL {
            let c = Catalog::bundled(t);
            let none = Selection::new(&c);
            for p in builtin(t) {
                if let Rule::Categories { names, .. } = &p.rule {
                    for n in names {
                        assert!(
                            c.categories.iter().any(|k| &k.name == n),
                            "{t}: no category {n}"
                        );
                    }
                }
                let d = diff(&p.rule, &c, &none);
                if p.rule != Rule::ReadOnlyEnabled && p.rule != Rule::FromLog {
                    assert!(!d.added.is_empty(), "{t}: {} selects nothing", p.name);
                }
                assert!(d.removed.is_empty());
                assert_eq!(d.result.total(), d.added.len());
            }
        }
    }

    #[test]
    fn read_only_presets_hold_only_gets() {
        let c = Catalog::bundled(AccountType::Brand);
        let mut sel = Selection::new(&c);
        let ci = c
            .categories
            .iter()
            .position(|k| k.name == "Actions")
            .unwrap();
        sel.toggle_all_in(ci);
        let writes_before = sel
            .selected_indices()
            .filter(|&i| c.scope(i).is_write())
            .count();
        assert!(writes_before > 0);
        let d = diff(&Rule::ReadOnlyEnabled, &c, &sel);
        assert_eq!(d.removed.len(), writes_before, "the writes go");
        assert!(
            d.result
                .selected_indices()
                .all(|i| c.scope(i).method == "GET")
        );
        assert!(
            d.result
                .selected_indices()
                .all(|i| c.scope(i).category == ci)
        );
        let all = diff(&Rule::ReadOnlyAll, &c, &sel);
        assert!(
            all.result
                .selected_indices()
                .all(|i| !c.scope(i).is_write())
        );
        let reporting = diff(
            &builtin(AccountType::Brand)[2].rule,
            &c,
            &Selection::new(&c),
        );
        let ids: Vec<&str> = reporting.result.selected_ids(&c);
        assert!(
            ids.contains(&"runReport") && !ids.contains(&"replayJob"),
            "{ids:?}"
        );
    }

    #[test]
    fn saved_presets_skip_unknown_ids() {
        let c = Catalog::bundled(AccountType::Agency);
        let d = diff(
            &Rule::Saved(vec!["getAdvertiser".into(), "gone".into()]),
            &c,
            &Selection::new(&c),
        );
        assert_eq!(d.result.selected_ids(&c), ["getAdvertiser"]);
    }
}
