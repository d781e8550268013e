//! A token's life after create, the reads: the paged list and one token.
//! The changes are in `writes.rs`.

use axum::extract::Query;
use axum::http::{StatusCode, Uri};
use axum::response::Response;

use crate::contract::{
    CURSOR, PAGE, PAGE_SIZE, Paging, TOKEN_DISABLED, TOKEN_ENABLED, Token, TokensResponse,
    percent_encode,
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

/// `GET {root}/APIAccessTokens?PageSize=M` with `Page=N` or `Cursor=C`:
/// one page of the account's tokens that pass the [`FILTERS`], oldest
/// first, with impact.com's paging envelope. A page past the end is empty.
/// `@nextpageuri` is the next page on the same path with the same page
/// size and filters and a `Cursor` naming this page's last token, empty on
/// the last page: the next page holds the tokens created after that one,
/// so a token deleted or created meanwhile moves no other token to a page
/// already read, and a listing that follows the links misses no token that
/// existed from its start to its end.
pub(crate) fn list(store: &Store, caller: &Caller, uri: &Uri) -> Response {
    let request = match PageRequest::parse(uri, store, &FILTERS) {
        Ok(r) => r,
        Err(message) => return reply::error(StatusCode::BAD_REQUEST, message),
    };
    let keep = match Filter::parse(&request.filters()) {
        Ok(keep) => keep,
        Err(message) => return reply::error(StatusCode::BAD_REQUEST, message),
    };
    let tokens: Vec<(u64, &Token)> = store.accounts[caller.account]
        .tokens
        .iter()
        .filter(|t| keep.admits(&t.token))
        .map(|t| (t.seq, &t.token))
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

/// Where a page starts.
#[derive(Clone, Copy)]
enum From {
    /// At page N (from 1) of the current list: an offset.
    Page(usize),
    /// After the item with this key, in key order.
    After(u64),
}

/// A list request's `Page` or `Cursor`, `PageSize` and filters, checked.
pub(crate) struct PageRequest {
    path: String,
    from: From,
    size: usize,
    filters: Vec<(&'static str, String)>,
}

impl PageRequest {
    /// Reads `Page` (from 1) or `Cursor` (a key from a `@nextpageuri`),
    /// `PageSize` (1 to [`MAX_PAGE_SIZE`], the store's default when absent,
    /// at most its [`most_per_page`](Store::most_per_page)) and the
    /// non-empty `filters` from a request's query; `Err` is the 400's
    /// message. A parameter given twice (names compare ignoring case, as
    /// they are looked up) is an error, not a coin toss between values.
    pub fn parse(
        uri: &Uri,
        store: &Store,
        filters: &[&'static str],
    ) -> Result<PageRequest, String> {
        let (default_size, most) = (store.page_size, store.most_per_page);
        let Query(query): Query<Vec<(String, String)>> =
            Query::try_from_uri(uri).map_err(|_| text::SANDBOX_BAD_QUERY.to_string())?;
        for (i, (name, _)) in query.iter().enumerate() {
            if query[..i].iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                return Err(text::sandbox_repeated_param(name));
            }
        }
        let param = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_string())
        };
        let from = match (param(PAGE), param(CURSOR)) {
            (Some(_), Some(_)) => return Err(text::SANDBOX_PAGE_AND_CURSOR.to_string()),
            (None, None) => From::Page(1),
            (Some(v), None) => match v.parse::<usize>() {
                Ok(n) if n >= 1 => From::Page(n),
                _ => return Err(text::sandbox_bad_page(&v)),
            },
            (None, Some(v)) => match v.parse::<u64>() {
                Ok(key) => From::After(key),
                Err(_) => return Err(text::sandbox_bad_cursor(&v)),
            },
        };
        let size = match param(PAGE_SIZE) {
            None => default_size.clamp(1, MAX_PAGE_SIZE),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => n,
                _ => return Err(text::sandbox_bad_page_size(&v, MAX_PAGE_SIZE)),
            },
        }
        .min(most.max(1));
        let filters = filters
            .iter()
            .filter_map(|name| Some((*name, param(name).filter(|v| !v.is_empty())?)))
            .collect();
        Ok(PageRequest {
            path: uri.path().to_string(),
            from,
            size,
            filters,
        })
    }

    /// The filters given, as `(query name, value)`.
    pub fn filters(&self) -> Vec<(&str, &str)> {
        self.filters.iter().map(|(n, v)| (*n, v.as_str())).collect()
    }

    /// The requested page of `items` (each with its key, in increasing key
    /// order) and its envelope; a page past the end is empty. Every link
    /// keeps the page size and filters; the next one carries a cursor (the
    /// last key shown), the others a page number.
    pub fn page<T>(&self, items: Vec<(u64, T)>) -> (Paging, Vec<T>) {
        let size = self.size;
        let total = items.len();
        let start = match self.from {
            From::Page(page) => (page - 1).saturating_mul(size),
            From::After(key) => items.partition_point(|(k, _)| *k <= key),
        };
        let shown: Vec<(u64, T)> = items.into_iter().skip(start).take(size).collect();
        let last_key = shown.last().map(|(k, _)| *k);
        let shown: Vec<T> = shown.into_iter().map(|(_, item)| item).collect();
        let num_pages = total.div_ceil(size).max(1);
        let page = match self.from {
            From::Page(page) => page,
            From::After(_) => start / size + 1,
        };
        let link = |at: From| {
            let mut query = match at {
                From::Page(n) => format!("{PAGE}={n}&{PAGE_SIZE}={size}"),
                From::After(key) => format!("{PAGE_SIZE}={size}&{CURSOR}={key}"),
            };
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
            uri: link(self.from),
            next_page_uri: match last_key {
                Some(key) if start + shown.len() < total => link(From::After(key)),
                _ => String::new(),
            },
            first_page_uri: link(From::Page(1)),
            previous_page_uri: if page > 1 {
                link(From::Page((page - 1).min(num_pages)))
            } else {
                String::new()
            },
            last_page_uri: link(From::Page(num_pages)),
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
                _ => {
                    let at =
                        utc_time(value).ok_or_else(|| text::sandbox_bad_filter(name, value))?;
                    match *name {
                        "CreatedAfter" => f.after = Some(at),
                        _ => f.before = Some(at),
                    }
                }
            }
        }
        Ok(f)
    }

    /// Whether a token passes. Dates compare as text, in `DateCreated`'s
    /// own format, which orders UTC times correctly.
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

/// A filter's date or UTC time, `YYYY-MM-DD` (midnight) or
/// `YYYY-MM-DDTHH:MM:SS` with an optional `Z`, as `DateCreated` writes
/// times (`YYYY-MM-DDTHH:MM:SSZ`); `None` unless it is a real calendar
/// date and time of day (no 2026-13-45, no February 30th, no 24:00).
fn utc_time(value: &str) -> Option<String> {
    let (date, time) = match value.split_once('T') {
        None => (value, "00:00:00"),
        Some((date, time)) => (date, time.strip_suffix('Z').unwrap_or(time)),
    };
    let numbers = |s: &str, sep: char, widths: [usize; 3]| -> Option<[u16; 3]> {
        let parts: Vec<&str> = s.split(sep).collect();
        let mut out = [0u16; 3];
        for (i, w) in widths.iter().enumerate() {
            let p = parts.get(i).filter(|p| p.len() == *w)?;
            if !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            out[i] = p.parse().ok()?;
        }
        (parts.len() == 3).then_some(out)
    };
    let [y, mo, d] = numbers(date, '-', [4, 2, 2])?;
    let [h, mi, s] = numbers(time, ':', [2, 2, 2])?;
    let month = time::Month::try_from(u8::try_from(mo).ok()?).ok()?;
    let day = u8::try_from(d).ok()?;
    time::Date::from_calendar_date(i32::from(y), month, day).ok()?;
    time::Time::from_hms(
        u8::try_from(h).ok()?,
        u8::try_from(mi).ok()?,
        u8::try_from(s).ok()?,
    )
    .ok()?;
    Some(format!("{date}T{time}Z"))
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
