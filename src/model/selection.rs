//! Which scopes a token will be allowed: the pure model behind the scope tree.
//!
//! Mirrors the web page: a category is toggled on, then its checkboxes pick
//! endpoints. Counts are kept incrementally so that no operation costs more
//! than the category it touches, whatever the catalog size.

use std::ops::Range;

use crate::model::catalog::Catalog;

/// How much of a category is selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coverage {
    /// Nothing selected.
    None,
    /// Some but not all selected.
    Some,
    /// Every scope selected.
    All,
}

/// The selection state over one catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    ranges: Vec<Range<usize>>,
    owner: Vec<u32>,
    selected: Vec<bool>,
    enabled: Vec<bool>,
    counts: Vec<u32>,
    total: usize,
}

// Only what can change: the catalog shape (ranges, owners) is fixed.
impl std::hash::Hash for Selection {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.selected.hash(state);
        self.enabled.hash(state);
    }
}

impl Selection {
    /// An empty selection: every category off.
    pub fn new(catalog: &Catalog) -> Selection {
        Selection {
            ranges: catalog.categories.iter().map(|c| c.range.clone()).collect(),
            owner: catalog.scopes().map(|s| s.category as u32).collect(),
            selected: vec![false; catalog.len()],
            enabled: vec![false; catalog.categories.len()],
            counts: vec![0; catalog.categories.len()],
            total: 0,
        }
    }

    /// A selection of the given Ids; returns the Ids the catalog does not know.
    pub fn from_ids<'a>(
        catalog: &Catalog,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> (Selection, Vec<String>) {
        let mut sel = Selection::new(catalog);
        let mut unknown = Vec::new();
        for id in ids {
            match catalog.index_of(id) {
                Some(i) => sel.set_scope(i, true),
                None => unknown.push(id.to_string()),
            }
        }
        (sel, unknown)
    }

    /// Carries this selection over to another catalog (say, the live one),
    /// matching scopes by Id and categories by name. Returns the Ids dropped.
    pub fn remap(&self, from: &Catalog, to: &Catalog) -> (Selection, Vec<String>) {
        let (mut sel, dropped) = Selection::from_ids(to, self.selected_ids(from));
        for (ci, cat) in from.categories.iter().enumerate() {
            if self.enabled[ci]
                && let Some(nci) = to.categories.iter().position(|c| c.name == cat.name)
            {
                sel.enabled[nci] = true;
            }
        }
        (sel, dropped)
    }

    /// Number of categories.
    pub fn category_count(&self) -> usize {
        self.enabled.len()
    }

    /// Whether a category is toggled on.
    pub fn is_enabled(&self, category: usize) -> bool {
        self.enabled[category]
    }

    /// Whether a scope is checked.
    pub fn is_selected(&self, scope: usize) -> bool {
        self.selected[scope]
    }

    /// Turns a category on or off. Off clears its picks.
    pub fn set_category(&mut self, category: usize, on: bool) {
        self.enabled[category] = on;
        if !on {
            for i in self.ranges[category].clone() {
                self.set_scope_raw(i, false);
            }
        }
    }

    /// Flips a category's toggle; returns the new state.
    pub fn toggle_category(&mut self, category: usize) -> bool {
        let on = !self.enabled[category];
        self.set_category(category, on);
        on
    }

    /// Checks or unchecks a scope. Checking turns its category on.
    pub fn set_scope(&mut self, scope: usize, on: bool) {
        if on {
            self.enabled[self.owner[scope] as usize] = true;
        }
        self.set_scope_raw(scope, on);
    }

    /// Flips a scope's checkbox; returns the new state.
    pub fn toggle_scope(&mut self, scope: usize) -> bool {
        let on = !self.selected[scope];
        self.set_scope(scope, on);
        on
    }

    /// Checks every scope of a category, or unchecks them all when all were checked.
    pub fn toggle_all_in(&mut self, category: usize) {
        let on = self.coverage(category) != Coverage::All;
        self.enabled[category] = true;
        for i in self.ranges[category].clone() {
            self.set_scope_raw(i, on);
        }
    }

    /// Clear All: no scope selected and every category off.
    pub fn clear_all(&mut self) {
        self.selected.iter_mut().for_each(|s| *s = false);
        self.enabled.iter_mut().for_each(|e| *e = false);
        self.counts.iter_mut().for_each(|c| *c = 0);
        self.total = 0;
    }

    /// Selected scopes in a category.
    pub fn count(&self, category: usize) -> usize {
        self.counts[category] as usize
    }

    /// Scopes in a category.
    pub fn size(&self, category: usize) -> usize {
        self.ranges[category].len()
    }

    /// None, some or all of a category.
    pub fn coverage(&self, category: usize) -> Coverage {
        match self.count(category) {
            0 => Coverage::None,
            n if n == self.size(category) => Coverage::All,
            _ => Coverage::Some,
        }
    }

    /// Selected scopes in all.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Categories toggled on.
    pub fn enabled_categories(&self) -> impl Iterator<Item = usize> + '_ {
        self.enabled
            .iter()
            .enumerate()
            .filter(|(_, e)| **e)
            .map(|(i, _)| i)
    }

    /// Indices of the selected scopes, in catalog order.
    pub fn selected_indices(&self) -> impl Iterator<Item = usize> + '_ {
        self.selected
            .iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(i, _)| i)
    }

    /// Ids of the selected scopes, in catalog order.
    pub fn selected_ids<'c>(&self, catalog: &'c Catalog) -> Vec<&'c str> {
        self.selected_indices()
            .map(|i| catalog.scope(i).id)
            .collect()
    }

    fn set_scope_raw(&mut self, scope: usize, on: bool) {
        if self.selected[scope] == on {
            return;
        }
        self.selected[scope] = on;
        let c = &mut self.counts[self.owner[scope] as usize];
        if on {
            *c += 1;
            self.total += 1;
        } else {
            *c -= 1;
            self.total -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AccountType;
    use crate::model::catalog::CatalogSource;

    fn small() -> Catalog {
        Catalog::from_json(
            r#"{"ApiVersions":["1"],"Categories":[
              {"Name":"A","Scopes":[{"Id":"a1","Name":"A1","Method":"GET","Path":"/a1"},
                                    {"Id":"a2","Name":"A2","Method":"POST","Path":"/a2"},
                                    {"Id":"a3","Name":"A3","Method":"GET","Path":"/a3"}]},
              {"Name":"B","Scopes":[{"Id":"b1","Name":"B1","Method":"GET","Path":"/b1"}]}]}"#,
            CatalogSource::Live,
        )
        .unwrap()
    }

    #[test]
    fn toggling_a_category_on_enables_it_without_picking() {
        let c = small();
        let mut s = Selection::new(&c);
        assert!(s.toggle_category(0));
        assert!(s.is_enabled(0));
        assert_eq!(s.total(), 0);
        assert_eq!(s.coverage(0), Coverage::None);
    }

    #[test]
    fn toggling_a_category_off_clears_only_its_picks() {
        let c = small();
        let mut s = Selection::new(&c);
        s.set_scope(0, true);
        s.set_scope(2, true);
        s.set_scope(3, true);
        assert!(!s.toggle_category(0));
        assert_eq!(s.count(0), 0);
        assert_eq!(s.selected_ids(&c), ["b1"]);
        assert!(s.is_enabled(1));
    }

    #[test]
    fn checking_a_scope_turns_its_category_on() {
        let c = small();
        let mut s = Selection::new(&c);
        assert!(!s.is_enabled(1));
        s.toggle_scope(3);
        assert!(s.is_enabled(1));
        assert_eq!(s.coverage(1), Coverage::All);
        // unchecking leaves the category on, like the web page
        s.toggle_scope(3);
        assert!(s.is_enabled(1));
        assert_eq!(s.coverage(1), Coverage::None);
    }

    #[test]
    fn clear_all_empties_everything() {
        let c = small();
        let mut s = Selection::new(&c);
        s.toggle_all_in(0);
        s.toggle_scope(3);
        assert_eq!(s.total(), 4);
        s.clear_all();
        assert_eq!(s.total(), 0);
        assert_eq!(s.enabled_categories().count(), 0);
        assert!(s.selected_ids(&c).is_empty());
    }

    #[test]
    fn counts_track_none_some_all() {
        let c = small();
        let mut s = Selection::new(&c);
        assert_eq!(s.coverage(0), Coverage::None);
        s.set_scope(1, true);
        assert_eq!(
            (s.count(0), s.size(0), s.coverage(0)),
            (1, 3, Coverage::Some)
        );
        s.toggle_all_in(0);
        assert_eq!(s.coverage(0), Coverage::All);
        s.toggle_all_in(0);
        assert_eq!(s.coverage(0), Coverage::None);
        // setting a scope twice counts once
        s.set_scope(1, true);
        s.set_scope(1, true);
        assert_eq!(s.total(), 1);
    }

    #[test]
    fn selected_ids_come_in_catalog_order() {
        let c = small();
        let mut s = Selection::new(&c);
        for i in [3, 2, 0] {
            s.set_scope(i, true);
        }
        assert_eq!(s.selected_ids(&c), ["a1", "a3", "b1"]);
    }

    #[test]
    fn from_ids_reports_unknown_and_remap_keeps_known() {
        let c = small();
        let (s, unknown) = Selection::from_ids(&c, ["a2", "zz", "b1"]);
        assert_eq!(unknown, ["zz"]);
        assert_eq!(s.selected_ids(&c), ["a2", "b1"]);
        let brand = Catalog::bundled(AccountType::Brand);
        let (moved, dropped) = s.remap(&c, &brand);
        assert_eq!(moved.total(), 0);
        assert_eq!(dropped, ["a2", "b1"]);
        let (same, dropped) = s.remap(&c, &c);
        assert_eq!(same, s);
        assert!(dropped.is_empty());
    }
}
