//! Property tests for the selection model, the validators and the text
//! sanitisers: invariants that must hold for any sequence or input.

use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::model::selection::{Coverage, Selection};
use impact_token::model::validate;
use impact_token::text::inert;
use impact_token::tui::update::fold_single_line;
use proptest::prelude::*;
use proptest::test_runner::RngAlgorithm;
use std::sync::OnceLock;

/// The bundled catalog for `account_type`, parsed once per test binary
/// rather than once per generated case (unoptimised, serde_json takes a
/// good part of the run parsing it).
fn catalog(account_type: AccountType) -> &'static Catalog {
    static CATALOGS: [OnceLock<Catalog>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match account_type {
        AccountType::Agency => 0,
        AccountType::Brand => 1,
        AccountType::Partner => 2,
    };
    CATALOGS[slot].get_or_init(|| Catalog::bundled(account_type))
}

#[derive(Clone, Debug)]
enum Op {
    ToggleCategory(usize),
    SetCategory(usize, bool),
    ToggleScope(usize),
    AllIn(usize),
    ClearAll,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..64usize).prop_map(Op::ToggleCategory),
        (0..64usize, any::<bool>()).prop_map(|(c, b)| Op::SetCategory(c, b)),
        (0..512usize).prop_map(Op::ToggleScope),
        (0..64usize).prop_map(Op::AllIn),
        Just(Op::ClearAll),
    ]
}

fn apply(sel: &mut Selection, c: &Catalog, op: &Op) {
    let nc = c.categories.len();
    let ns = c.len();
    match *op {
        Op::ToggleCategory(i) => {
            sel.toggle_category(i % nc);
        }
        Op::SetCategory(i, on) => sel.set_category(i % nc, on),
        Op::ToggleScope(i) => {
            sel.toggle_scope(i % ns);
        }
        Op::AllIn(i) => sel.toggle_all_in(i % nc),
        Op::ClearAll => sel.clear_all(),
    }
}

fn check_invariants(sel: &Selection, c: &Catalog) {
    let mut total = 0;
    for (ci, cat) in c.categories.iter().enumerate() {
        let n = cat.range.clone().filter(|&i| sel.is_selected(i)).count();
        assert_eq!(sel.count(ci), n, "incremental count of {}", cat.name);
        if n > 0 {
            assert!(sel.is_enabled(ci), "a picked scope's category is on");
        }
        let expected = match n {
            0 => Coverage::None,
            n if n == cat.len() => Coverage::All,
            _ => Coverage::Some,
        };
        assert_eq!(sel.coverage(ci), expected);
        total += n;
    }
    assert_eq!(sel.total(), total);
    assert_eq!(sel.selected_ids(c).len(), total);
}

proptest! {
    // The same 256 cases a test, drawn with XorShift instead of ChaCha:
    // unoptimised, ChaCha was over half of this file's run time.
    #![proptest_config(ProptestConfig {
        rng_algorithm: RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    })]

    #[test]
    fn counts_stay_consistent_under_any_operations(ops in prop::collection::vec(op(), 0..200)) {
        let c = catalog(AccountType::Brand);
        let mut sel = Selection::new(c);
        for o in &ops {
            apply(&mut sel, c, o);
            check_invariants(&sel, c);
        }
    }

    #[test]
    fn clear_all_always_empties(ops in prop::collection::vec(op(), 0..100)) {
        let c = catalog(AccountType::Partner);
        let mut sel = Selection::new(c);
        for o in &ops {
            apply(&mut sel, c, o);
        }
        sel.clear_all();
        prop_assert_eq!(sel.total(), 0);
        prop_assert_eq!(sel.enabled_categories().count(), 0);
        prop_assert!(sel.selected_ids(c).is_empty());
    }

    #[test]
    fn category_off_then_on_never_selects_anything(ops in prop::collection::vec(op(), 0..100), cat in 0..64usize) {
        let c = catalog(AccountType::Brand);
        let mut sel = Selection::new(c);
        for o in &ops {
            apply(&mut sel, c, o);
        }
        let ci = cat % c.categories.len();
        let others: Vec<String> = sel
            .selected_ids(c)
            .into_iter()
            .filter(|id| c.scope(c.index_of(id).unwrap()).category != ci)
            .map(str::to_string)
            .collect();
        sel.set_category(ci, false);
        sel.set_category(ci, true);
        prop_assert_eq!(sel.count(ci), 0);
        let after: Vec<String> = sel.selected_ids(c).into_iter().map(str::to_string).collect();
        prop_assert_eq!(after, others, "nothing outside the category changes, nothing inside is picked");
    }

    #[test]
    fn selected_ids_round_trip(ops in prop::collection::vec(op(), 0..100)) {
        let c = catalog(AccountType::Agency);
        let mut sel = Selection::new(c);
        for o in &ops {
            apply(&mut sel, c, o);
        }
        let ids = sel.selected_ids(c);
        let (again, unknown) = Selection::from_ids(c, ids.iter().copied());
        prop_assert!(unknown.is_empty());
        prop_assert_eq!(again.selected_ids(c), ids);
    }

    #[test]
    fn name_rule_matches_its_definition(s in "\\PC{0,70}|[\\x00-\\x1f a-z]{0,10}") {
        let t = s.trim();
        // Length in scalar values after NFC; no control or format (Cf) characters.
        let nfc_len = unicode_normalization::UnicodeNormalization::nfc(t).count();
        let ok = !t.is_empty()
            && nfc_len <= 64
            && !t.chars().any(|c| c.is_control() || validate::is_format_char(c));
        prop_assert_eq!(validate::check_name(t).is_ok(), ok);
    }

    #[test]
    fn accepted_emails_are_well_formed(s in "[a-zA-Z0-9.@+_-]{0,30}") {
        if validate::check_email(&s).is_ok() {
            prop_assert_eq!(s.matches('@').count(), 1);
            let (local, domain) = s.split_once('@').unwrap();
            prop_assert!(!local.is_empty());
            prop_assert!(domain.contains('.'));
            prop_assert!(!s.contains(".."));
        }
    }

    #[test]
    fn email_lists_never_hold_duplicates(list in prop::collection::vec("[a-c]{1,2}@[a-c]\\.io", 0..14)) {
        let mut accepted: Vec<String> = Vec::new();
        for e in list {
            if validate::check_new_email(&accepted, &e).is_ok() {
                accepted.push(e);
            }
        }
        prop_assert!(validate::check_developer_emails(&accepted).is_ok());
        prop_assert!(accepted.len() <= validate::EMAILS_MAX);
    }

    #[test]
    fn inert_text_never_holds_control_or_format_characters(s in any::<String>()) {
        let shown = inert(&s);
        prop_assert!(!shown.chars().any(impact_token::text::is_unsafe_to_show));
        prop_assert_eq!(shown.chars().count(), s.chars().count());
    }

    #[test]
    fn escaped_json_and_toml_read_back_exactly(s in any::<String>()) {
        let mut json = serde_json::to_string_pretty(&serde_json::json!({ "v": &s })).unwrap();
        impact_token::text::json_inert(&mut json);
        prop_assert!(!json.chars().any(|c| impact_token::text::is_unsafe_to_show(c) && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back["v"].as_str(), Some(s.as_str()));
        let toml = format!("v = {}\n", impact_token::text::toml_quote(&s));
        let back: toml::Table = toml.parse().unwrap();
        prop_assert_eq!(back["v"].as_str(), Some(s.as_str()));
    }

    #[test]
    fn folded_paste_is_one_line_and_bounded(s in any::<String>(), max in 0..300usize) {
        let (out, changed) = fold_single_line(&s, max);
        prop_assert!(!out.chars().any(char::is_control));
        prop_assert!(out.chars().count() <= max);
        if !changed {
            prop_assert_eq!(out, s);
        }
    }
}
