//! Scope search: which scopes match a query, across category, name, method,
//! path and Id, case-insensitively. Pure, so filtering can never touch the
//! selection.

use crate::model::catalog::Catalog;

/// The scopes matching a query, with per-category counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matches {
    /// The query, lower-cased and trimmed.
    pub query: String,
    /// One flag per scope.
    pub scopes: Vec<bool>,
    /// Matching scopes per category.
    pub per_category: Vec<usize>,
    /// Matching scopes in all.
    pub total: usize,
}

impl Matches {
    /// Whether a scope matches.
    pub fn has(&self, scope: usize) -> bool {
        self.scopes[scope]
    }
}

/// Finds the scopes matching `query`; `None` for a blank query (no filter).
pub fn search(catalog: &Catalog, query: &str) -> Option<Matches> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return None;
    }
    let mut per_category = vec![0; catalog.categories.len()];
    let mut scopes = vec![false; catalog.len()];
    let mut total = 0;
    for (ci, cat) in catalog.categories.iter().enumerate() {
        let whole = contains_ci(&cat.name, &q);
        for si in cat.range.clone() {
            let s = catalog.scope(si);
            let hit = whole
                || contains_ci(s.name, &q)
                || contains_ci(s.method, &q)
                || contains_ci(s.path, &q)
                || contains_ci(s.id, &q);
            if hit {
                scopes[si] = true;
                per_category[ci] += 1;
                total += 1;
            }
        }
    }
    Some(Matches {
        query: q,
        scopes,
        per_category,
        total,
    })
}

/// Case-insensitive substring test without allocating for ASCII text.
fn contains_ci(haystack: &str, lower_needle: &str) -> bool {
    if haystack.is_ascii() && lower_needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), lower_needle.as_bytes());
        return n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    haystack.to_lowercase().contains(lower_needle)
}

/// Byte range of the first case-insensitive match of `lower_needle` in
/// `text`, for highlighting; `None` when absent.
pub fn find_ci(text: &str, lower_needle: &str) -> Option<std::ops::Range<usize>> {
    if lower_needle.is_empty() {
        return None;
    }
    // Compare char by char so byte offsets stay valid in `text` even when
    // lower-casing changes lengths.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let needle: Vec<char> = lower_needle.chars().collect();
    'outer: for start in 0..chars.len() {
        let mut i = start;
        for &n in &needle {
            let &(_, c) = chars.get(i)?;
            if !c.to_lowercase().eq(std::iter::once(n)) {
                continue 'outer;
            }
            i += 1;
        }
        let end = chars.get(i).map(|&(b, _)| b).unwrap_or(text.len());
        return Some(chars[start].0..end);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AccountType;

    #[test]
    fn matches_every_field_case_insensitively() {
        let c = Catalog::bundled(AccountType::Brand);
        assert!(search(&c, "   ").is_none());
        let by_name = search(&c, "legal ENTIT").unwrap();
        assert!(by_name.total >= 2);
        let by_method = search(&c, "delete").unwrap();
        assert!(
            by_method
                .scopes
                .iter()
                .enumerate()
                .filter(|(_, m)| **m)
                .all(|(i, _)| {
                    let s = c.scope(i);
                    s.method == "DELETE"
                        || s.name.to_lowercase().contains("delete")
                        || s.id.to_lowercase().contains("delete")
                })
        );
        let by_id = search(&c, "getCompanyInformation").unwrap();
        assert_eq!(by_id.total, 1);
        let by_path = search(&c, "/advertisers/{accountsid}/companyinformation").unwrap();
        assert_eq!(by_path.total, 2);
        let by_category = search(&c, "promo code exception").unwrap();
        let ci = c
            .categories
            .iter()
            .position(|k| k.name == "Promo Code Exception Lists")
            .unwrap();
        assert_eq!(by_category.per_category[ci], c.categories[ci].len());
        assert_eq!(
            by_category.per_category.iter().sum::<usize>(),
            by_category.total
        );
    }

    #[test]
    fn highlight_ranges_are_byte_offsets() {
        assert_eq!(find_ci("List all Actions", "actions"), Some(9..16));
        assert_eq!(find_ci("Ärger über", "über"), Some(7..12));
        assert_eq!(find_ci("abc", "x"), None);
        assert_eq!(find_ci("abc", ""), None);
    }
}
