//! The one rule every list walk follows (tokens and users, the CLI's whole
//! listings and the API page's page-by-page load): at most [`MAX_PAGES`]
//! pages, and no page read twice. A server whose `@nextpageuri` loops back
//! or never ends then costs a bounded number of requests and a clear error,
//! not an endless walk with the same rows repeated.

use std::collections::HashSet;

use crate::api::error::ApiError;

/// Most pages one walk reads: at [`FULL_PAGE`] items a page, 100,000 items.
pub const MAX_PAGES: usize = 100;

/// Items per page asked for when reading a whole list: the contract's
/// largest `PageSize`, so 10,000 tokens take 10 requests.
pub const FULL_PAGE: usize = 1000;

/// Items on the first page of the API page's load: about a screen, so the
/// list appears at once; the pages after it are [`FULL_PAGE`]s.
pub const FIRST_PAGE: usize = 100;

/// The pages one walk has read. [`visit`](Self::visit) each page's link
/// (path and query under the root) before reading it.
#[derive(Debug, Default)]
pub struct PageWalk {
    seen: HashSet<String>,
}

impl PageWalk {
    /// A walk that has read nothing yet.
    pub fn new() -> PageWalk {
        PageWalk::default()
    }

    /// Pages read (visited) so far.
    pub fn pages(&self) -> usize {
        self.seen.len()
    }

    /// Counts the page at `link` as read; `Err` (nothing to be read) when
    /// the walk already has [`MAX_PAGES`] pages or read this one before.
    /// Links compare with their query's parameters in any order and their
    /// names in any case, as servers read them.
    pub fn visit(&mut self, link: &str) -> Result<(), ApiError> {
        if self.seen.len() >= MAX_PAGES {
            return Err(ApiError::Refused {
                detail: crate::text::api_too_many_pages(MAX_PAGES),
            });
        }
        if !self.seen.insert(canonical(link)) {
            return Err(ApiError::Refused {
                detail: crate::text::api_page_repeated(link),
            });
        }
        Ok(())
    }
}

/// `link` with its query's parameters sorted and their names lower-cased.
fn canonical(link: &str) -> String {
    let (path, query) = link.split_once('?').unwrap_or((link, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((name, value)) => format!("{}={value}", name.to_ascii_lowercase()),
            None => p.to_ascii_lowercase(),
        })
        .collect();
    pairs.sort();
    format!("{path}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_read_before_is_refused_in_any_spelling() {
        let mut walk = PageWalk::new();
        walk.visit("/APIAccessTokens?Page=1&PageSize=10").unwrap();
        walk.visit("/APIAccessTokens?Page=2&PageSize=10").unwrap();
        let e = walk
            .visit("/APIAccessTokens?pagesize=10&PAGE=1")
            .unwrap_err();
        assert!(matches!(e, ApiError::Refused { ref detail } if detail.contains("again")));
        assert_eq!(walk.pages(), 2);
    }

    #[test]
    fn a_walk_stops_at_the_cap() {
        let mut walk = PageWalk::new();
        for n in 1..=MAX_PAGES {
            walk.visit(&format!("/Users?Page={n}")).unwrap();
        }
        let e = walk.visit("/Users?Page=101").unwrap_err();
        assert!(matches!(e, ApiError::Refused { ref detail } if detail.contains("100 pages")));
    }
}
