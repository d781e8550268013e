//! The token test's choice of calls, with no network: one GET from inside
//! a token's scopes and one from outside them. The wizard's `t` and
//! `tokens rotate` use the same choice.

use super::account::AccountType;
use super::catalog::Catalog;
use super::selection::Selection;

/// What the token test calls: one GET from inside the token's scopes and
/// one from outside them (when there are such), as paths under the root
/// with placeholder ids, each with whether it should be allowed. Nothing is
/// assumed callable by every token: CompanyInformation is a scope like any
/// other (without it, it is a good refused probe). Only GETs are chosen, and
/// never a daily-limited endpoint (ReportExport, ClickExport).
pub fn probe_plan(
    catalog: &Catalog,
    selection: &Selection,
    account_type: AccountType,
) -> Vec<(String, bool)> {
    let prefix = format!("/{}/{{AccountSID}}", account_type.root_segment());
    let under_root = |i: usize| {
        let s = catalog.scope(i);
        let rest = s.path.strip_prefix(&prefix)?;
        let daily_limited = rest
            .split('/')
            .any(|segment| super::verify::DAILY_LIMITED.contains(&segment));
        if s.method != "GET" || rest.is_empty() || daily_limited {
            return None;
        }
        Some(super::matching::fill(rest, "1"))
    };
    let allowed = selection.selected_indices().find_map(under_root);
    let denied = (0..catalog.len())
        .filter(|&i| !selection.is_selected(i))
        .find_map(under_root);
    allowed
        .map(|p| (p, true))
        .into_iter()
        .chain(denied.map(|p| (p, false)))
        .collect()
}

/// [`probe_plan`] for a token's scope Ids (those the catalog lacks are
/// left out).
pub fn probe_plan_for_ids(
    catalog: &Catalog,
    ids: &[String],
    account_type: AccountType,
) -> Vec<(String, bool)> {
    let (selection, _) = Selection::from_ids(catalog, ids.iter().map(String::as_str));
    probe_plan(catalog, &selection, account_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(catalog: &Catalog, ids: &[&str]) -> Selection {
        let mut selection = Selection::new(catalog);
        for i in 0..catalog.len() {
            selection.set_scope(i, ids.contains(&catalog.scope(i).id));
        }
        selection
    }

    #[test]
    fn without_company_information_it_is_the_refused_probe() {
        for (t, company) in [
            (AccountType::Brand, "getCompanyInformation"),
            (AccountType::Partner, "retrieveCompanyInformation"),
            (AccountType::Agency, "getCompanyInformation"),
        ] {
            let catalog = Catalog::bundled(t);
            let get = (0..catalog.len())
                .map(|i| catalog.scope(i))
                .find(|s| s.method == "GET" && s.id != company && s.path.contains("/{"))
                .unwrap();
            let plan = probe_plan(&catalog, &select(&catalog, &[get.id]), t);
            assert_eq!(plan.len(), 2, "{t}: {plan:?}");
            assert!(plan[0].1 && !plan[0].0.contains('{'), "{t}: {plan:?}");
            assert!(!plan[1].1, "{t}");
            assert!(
                !plan.contains(&("/CompanyInformation".to_string(), true)),
                "{t}: never assumed callable: {plan:?}"
            );
            if t == AccountType::Brand {
                // First GET in the brand catalog: the refused probe.
                assert_eq!(plan[1].0, "/CompanyInformation", "{t}");
            }
            // With it, CompanyInformation is an allowed probe like any other.
            let plan = probe_plan(&catalog, &select(&catalog, &[company]), t);
            assert_eq!(plan[0], ("/CompanyInformation".to_string(), true), "{t}");
            assert_ne!(plan[1].0, "/CompanyInformation");
        }
    }

    #[test]
    fn only_gets_and_never_daily_limited_endpoints() {
        let t = AccountType::Brand;
        let catalog = Catalog::bundled(t);
        let limited: Vec<&str> = (0..catalog.len())
            .map(|i| catalog.scope(i))
            .filter(|s| s.path.contains("ReportExport") || s.path.contains("ClickExport"))
            .map(|s| s.id)
            .collect();
        assert_eq!(limited.len(), 2, "{limited:?}");
        let writes: Vec<&str> = (0..catalog.len())
            .map(|i| catalog.scope(i))
            .filter(|s| s.method != "GET")
            .map(|s| s.id)
            .collect();
        // Only daily-limited GETs and writes selected: nothing to try inside.
        let inside: Vec<&str> = limited.iter().chain(&writes).copied().collect();
        let plan = probe_plan(&catalog, &select(&catalog, &inside), t);
        assert!(plan.iter().all(|(_, allowed)| !allowed), "{plan:?}");
        // Every other GET selected: nothing left outside but those two.
        let others: Vec<&str> = (0..catalog.len())
            .map(|i| catalog.scope(i).id)
            .filter(|id| !limited.contains(id))
            .collect();
        let plan = probe_plan(&catalog, &select(&catalog, &others), t);
        assert!(plan.iter().all(|(_, allowed)| *allowed), "{plan:?}");
        assert_eq!(plan.len(), 1);
    }
}
