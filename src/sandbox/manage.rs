//! A token's life after create, the reads: the paged list and one token.
//! The changes are in `writes.rs`.

use std::collections::HashMap;

use axum::extract::Query;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

use crate::contract::{
    PAGE, PAGE_SIZE, Paging, TOKEN_DISABLED, TOKEN_ENABLED, Token, TokensResponse, percent_encode,
};
use crate::text;

use super::auth::Caller;
use super::reply;
use super::state::Store;

/// Largest `PageSize` accepted.
pub(crate) const MAX_PAGE_SIZE: usize = 1000;

/// Filters of the token list, by query name: `Name` (a case-insensitive
/// part of the name), `State` (`ENABLED` or `DISABLED`), `CreatedAfter`
/// (`DateCreated` at or after) and `CreatedBefore` (`DateCreated` before),
/// the last two ISO 8601 UTC (`2026-01-31` or `2026-01-31T09:30:00Z`).
pub(crate) const FILTERS: [&str; 4] = ["Name", "State", "CreatedAfter", "CreatedBefore"];

/// `GET {root}/APIAccessTokens?Page=N&PageSize=M`: one page of the
/// account's tokens that pass the [`FILTERS`], oldest first, with
/// impact.com's paging envelope. A page past the end is empty;
/// `@nextpageuri` is the next page on the same path with the same filters,
/// empty on the last page.
pub(crate) fn list(store: &Store, caller: &Caller, uri: &Uri) -> Response {
    let request = match PageRequest::parse(uri, store.page_size, &FILTERS) {
        Ok(r) => r,
        Err(message) => return reply::error(StatusCode::BAD_REQUEST, message),
    };
    let keep = match Filter::parse(&request.filters()) {
        Ok(keep) => keep,
        Err(message) => return reply::error(StatusCode::BAD_REQUEST, message),
    };
    let tokens: Vec<&Token> = store.accounts[caller.account]
        .tokens
        .iter()
        .map(|t| &t.token)
        .filter(|t| keep.admits(t))
        .collect();
    let (paging, access_tokens) = request.page(tokens);
    reply::json(
        StatusCode::OK,
        &TokensResponse {
            paging,
            access_tokens: access_tokens.into_iter().cloned().collect(),
        },
    )
}

/// A list request's `Page`, `PageSize` and filters, checked.
pub(crate) struct PageRequest {
    path: String,
    page: usize,
    size: usize,
    filters: Vec<(&'static str, String)>,
}

impl PageRequest {
    /// Reads `Page` (from 1), `PageSize` (1 to [`MAX_PAGE_SIZE`],
    /// `default_size` when absent) and the non-empty `filters` from a
    /// request's query; `Err` is the 400's message.
    pub fn parse(
        uri: &Uri,
        default_size: usize,
        filters: &[&'static str],
    ) -> Result<PageRequest, String> {
        let query: HashMap<String, String> = Query::try_from_uri(uri)
            .map(|Query(q)| q)
            .unwrap_or_default();
        let param = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_string())
        };
        let page = match param(PAGE) {
            None => 1,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n >= 1 => n,
                _ => return Err(text::sandbox_bad_page(&v)),
            },
        };
        let size = match param(PAGE_SIZE) {
            None => default_size.clamp(1, MAX_PAGE_SIZE),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
                _ => return Err(text::sandbox_bad_page_size(&v, MAX_PAGE_SIZE)),
            },
        };
        let filters = filters
            .iter()
            .filter_map(|name| Some((*name, param(name).filter(|v| !v.is_empty())?)))
            .collect();
        Ok(PageRequest {
            path: uri.path().to_string(),
            page,
            size,
            filters,
        })
    }

    /// The filters given, as `(query name, value)`.
    pub fn filters(&self) -> Vec<(&str, &str)> {
        self.filters.iter().map(|(n, v)| (*n, v.as_str())).collect()
    }

    /// The requested page of `items` and its envelope; a page past the end
    /// is empty. Every link keeps the page size and filters.
    pub fn page<T>(&self, items: Vec<T>) -> (Paging, Vec<T>) {
        let (page, size) = (self.page, self.size);
        let total = items.len();
        let start = (page - 1).saturating_mul(size);
        let shown: Vec<T> = items.into_iter().skip(start).take(size).collect();
        let num_pages = total.div_ceil(size).max(1);
        let page_uri = |n: usize| {
            let mut query = format!("{PAGE}={n}&{PAGE_SIZE}={size}");
            for (name, value) in &self.filters {
                query.push_str(&format!("&{name}={}", percent_encode(value)));
            }
            format!("{}?{query}", self.path)
        };
        let paging = Paging {
            page: page.to_string(),
            num_pages: num_pages.to_string(),
            page_size: size.to_string(),
            total: total.to_string(),
            start: start.to_string(),
            end: (start + shown.len()).saturating_sub(1).to_string(),
            uri: page_uri(page),
            next_page_uri: if page < num_pages {
                page_uri(page + 1)
            } else {
                String::new()
            },
            first_page_uri: page_uri(1),
            previous_page_uri: if page > 1 {
                page_uri((page - 1).min(num_pages))
            } else {
                String::new()
            },
            last_page_uri: page_uri(num_pages),
        };
        (paging, shown)
    }
}

/// The list's filters, parsed.
#[derive(Default)]
struct Filter {
    name: Option<String>,
    enabled: Option<bool>,
    after: Option<String>,
    before: Option<String>,
}

impl Filter {
    /// The filters from `(query name, value)` pairs; `Err` is the 400's message.
    fn parse(pairs: &[(&str, &str)]) -> Result<Filter, String> {
        let mut f = Filter::default();
        for (name, value) in pairs {
            match *name {
                "Name" => f.name = Some(value.to_lowercase()),
                "State" if value.eq_ignore_ascii_case(TOKEN_ENABLED) => f.enabled = Some(true),
                "State" if value.eq_ignore_ascii_case(TOKEN_DISABLED) => f.enabled = Some(false),
                "State" => return Err(text::sandbox_bad_filter(name, value)),
                _ if !is_date(value) => return Err(text::sandbox_bad_filter(name, value)),
                "CreatedAfter" => f.after = Some(value.to_string()),
                _ => f.before = Some(value.to_string()),
            }
        }
        Ok(f)
    }

    /// Whether a token passes. Dates compare as text, which orders ISO 8601
    /// UTC times correctly.
    fn admits(&self, t: &Token) -> bool {
        self.name
            .as_ref()
            .is_none_or(|n| t.name.to_lowercase().contains(n.as_str()))
            && self.enabled.is_none_or(|e| t.is_enabled() == e)
            && self
                .after
                .as_ref()
                .is_none_or(|a| t.date_created.as_str() >= a.as_str())
            && self
                .before
                .as_ref()
                .is_none_or(|b| t.date_created.as_str() < b.as_str())
    }
}

/// `YYYY-MM-DD`, optionally followed by a time: what `DateCreated` is.
fn is_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 10
        && b.len() <= 20
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && (b.len() == 10 || b[10] == b'T')
}

/// `GET {root}/APIAccessTokens/{Id}`, with the token's `ETag`.
pub(crate) fn get(store: &Store, caller: &Caller, id: &str) -> Response {
    let account = &store.accounts[caller.account];
    match super::changes::find(account, id) {
        Ok(i) => {
            let token = &account.tokens[i].token;
            super::changes::with_etag(reply::json(StatusCode::OK, token), &token.revision)
        }
        Err(refusal) => *refusal,
    }
}

/// Whether a token principal's token is disabled (a deleted one has no
/// credentials left, so it never gets this far).
pub(crate) fn is_disabled(store: &Store, caller: &Caller, token_id: &str) -> bool {
    store.accounts[caller.account]
        .tokens
        .iter()
        .any(|t| t.token.id == token_id && !t.token.is_enabled())
}
