//! The scope tree as rows and a cursor, with no UI in it (after gitui's
//! `filetreelist`). Rows are rebuilt only when a category is expanded or
//! collapsed; moving the cursor and scrolling are O(1).

use crate::model::catalog::Catalog;

/// One visible row of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// A category header, by category index.
    Category(usize),
    /// A scope checkbox, by scope index.
    Scope(usize),
}

/// Expanded categories, the visible rows, the cursor and the scroll offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeTree {
    expanded: Vec<bool>,
    /// While searching: which scopes match. Matching categories show
    /// expanded, others are hidden.
    filter: Option<Vec<bool>>,
    rows: Vec<Row>,
    cursor: usize,
    offset: usize,
}

impl ScopeTree {
    /// Every category collapsed; cursor on the first.
    pub fn new(catalog: &Catalog) -> ScopeTree {
        let mut t = ScopeTree {
            expanded: vec![false; catalog.categories.len()],
            filter: None,
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
        };
        t.rebuild(catalog);
        t
    }

    /// Recomputes the rows, keeping the cursor on the same item, or on its
    /// category when the item was hidden.
    fn rebuild(&mut self, catalog: &Catalog) {
        let current = self.current();
        self.rows.clear();
        for (ci, cat) in catalog.categories.iter().enumerate() {
            match &self.filter {
                None => {
                    self.rows.push(Row::Category(ci));
                    if self.expanded[ci] {
                        self.rows.extend(cat.range.clone().map(Row::Scope));
                    }
                }
                Some(m) => {
                    let hits = cat.range.clone().filter(|&si| m[si]);
                    let mut hits = hits.peekable();
                    if hits.peek().is_some() {
                        self.rows.push(Row::Category(ci));
                        self.rows.extend(hits.map(Row::Scope));
                    }
                }
            }
        }
        if self.filter.is_some() {
            self.cursor = current.and_then(|r| self.position(r)).unwrap_or(0);
            return;
        }
        self.cursor = match current {
            Some(Row::Scope(si)) => self
                .position(Row::Scope(si))
                .or_else(|| self.position(Row::Category(catalog.scope(si).category)))
                .unwrap_or(0),
            Some(row) => self.position(row).unwrap_or(0),
            None => 0,
        };
    }

    fn position(&self, row: Row) -> Option<usize> {
        // Category rows are in order, so binary search by category first.
        let ci = match row {
            Row::Category(ci) => ci,
            Row::Scope(_) => return self.rows.iter().position(|r| *r == row),
        };
        self.rows.iter().position(|r| *r == Row::Category(ci))
    }

    /// All visible rows.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Index of the cursor row.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// First row shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<Row> {
        self.rows.get(self.cursor).copied()
    }

    /// Whether a category's scopes are shown.
    pub fn is_expanded(&self, category: usize) -> bool {
        self.filter.is_some() || self.expanded[category]
    }

    /// Shows only matching scopes (`Some`), or the whole tree again (`None`).
    /// The cursor stays on its item when it is still shown.
    pub fn set_filter(&mut self, catalog: &Catalog, filter: Option<Vec<bool>>) {
        self.filter = filter;
        self.offset = 0;
        self.rebuild(catalog);
    }

    /// Whether a filter is applied.
    pub fn is_filtered(&self) -> bool {
        self.filter.is_some()
    }

    /// Shows or hides a category's scopes (remembered, and applied when no
    /// filter is on).
    pub fn set_expanded(&mut self, catalog: &Catalog, category: usize, expanded: bool) {
        if self.expanded[category] != expanded {
            self.expanded[category] = expanded;
            if self.filter.is_none() {
                self.rebuild(catalog);
            }
        }
    }

    /// Moves the cursor by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, last) as usize;
    }

    /// Moves the cursor to a row index, clamped.
    pub fn move_to(&mut self, index: usize) {
        self.cursor = index.min(self.rows.len().saturating_sub(1));
    }

    /// Puts the cursor on a category's header row.
    pub fn move_to_category(&mut self, category: usize) {
        if let Some(p) = self.position(Row::Category(category)) {
            self.cursor = p;
        }
    }

    /// Adjusts the scroll offset so the cursor shows in a window of `height`
    /// rows. When the cursor leaves the window it jumps by a quarter of a
    /// window (as vim's `scrolljump` does) rather than one row: the backend
    /// moves the rows that stay with a scroll region and writes only the new
    /// ones, so a jump costs a few rows, and most key presses scroll nothing
    /// and cost only the moved marker.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        let jump = (height / 4).max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor.saturating_sub(jump - 1);
        } else if self.cursor >= self.offset + height {
            self.offset = (self.cursor + jump).saturating_sub(height);
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }

    /// Rows in a window of `height` starting at the scroll offset.
    pub fn window(&self, height: usize) -> &[Row] {
        let end = (self.offset + height).min(self.rows.len());
        &self.rows[self.offset.min(end)..end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AccountType;

    #[test]
    fn starts_collapsed_and_expands_in_place() {
        let c = Catalog::bundled(AccountType::Agency);
        let mut t = ScopeTree::new(&c);
        assert_eq!(t.rows().len(), c.categories.len());
        t.move_by(1);
        t.set_expanded(&c, 1, true);
        assert_eq!(
            t.current(),
            Some(Row::Category(1)),
            "cursor stays on its item"
        );
        assert_eq!(t.rows().len(), c.categories.len() + c.categories[1].len());
        t.move_by(1);
        assert_eq!(t.current(), Some(Row::Scope(c.categories[1].range.start)));
    }

    #[test]
    fn collapsing_moves_a_hidden_cursor_to_its_category() {
        let c = Catalog::bundled(AccountType::Agency);
        let mut t = ScopeTree::new(&c);
        t.set_expanded(&c, 0, true);
        t.move_by(2);
        assert!(matches!(t.current(), Some(Row::Scope(_))));
        t.set_expanded(&c, 0, false);
        assert_eq!(t.current(), Some(Row::Category(0)));
    }

    #[test]
    fn a_filter_shows_only_matches_and_clearing_restores() {
        let c = Catalog::bundled(AccountType::Agency);
        let mut t = ScopeTree::new(&c);
        let mut m = vec![false; c.len()];
        m[c.categories[2].range.start] = true;
        t.set_filter(&c, Some(m));
        assert_eq!(
            t.rows(),
            &[Row::Category(2), Row::Scope(c.categories[2].range.start)]
        );
        assert!(t.is_expanded(2));
        t.move_by(1);
        t.set_filter(&c, None);
        assert_eq!(
            t.current(),
            Some(Row::Category(2)),
            "hidden scope: cursor on its category"
        );
        assert_eq!(t.rows().len(), c.categories.len());
        t.set_filter(&c, Some(vec![false; c.len()]));
        assert!(t.rows().is_empty());
        assert_eq!(t.current(), None);
    }

    #[test]
    fn cursor_clamps_and_window_follows() {
        let c = Catalog::bundled(AccountType::Brand);
        let mut t = ScopeTree::new(&c);
        t.move_by(-5);
        assert_eq!(t.cursor(), 0);
        t.move_by(10);
        t.scroll_into_view(10);
        assert_eq!(t.offset(), 2, "jumps a quarter window");
        t.move_by(1000);
        assert_eq!(t.cursor(), c.categories.len() - 1);
        t.scroll_into_view(10);
        assert_eq!(t.offset(), c.categories.len() - 10);
        assert_eq!(t.window(10).len(), 10);
        assert_eq!(
            t.window(10).last(),
            Some(&Row::Category(c.categories.len() - 1))
        );
        t.move_to(c.categories.len() - 11);
        t.scroll_into_view(10);
        assert_eq!(t.offset(), c.categories.len() - 12, "up jumps too");
        t.move_to(0);
        t.scroll_into_view(10);
        assert_eq!(t.offset(), 0);
    }
}
