//! The list endpoints' reading: whole lists by the rule of [`PageWalk`],
//! the API page's page-by-page load, and lookups of one token by Id or name
//! that do not read the whole list.

use serde::de::DeserializeOwned;

use super::answers::not_found;
use super::{Client, MAX_BODY, Paged, TOKENS, token_path};
use crate::api::error::ApiError;
use crate::api::paging::{FIRST_PAGE, FULL_PAGE, PageWalk};
use crate::contract::{CURSOR, PAGE, PAGE_SIZE, Token, TokensResponse};

impl Client {
    /// `GET {root}/APIAccessTokens`: every page of the existing tokens,
    /// oldest first, never with secrets, [`FULL_PAGE`] at a time. Stops
    /// with an error at a page read before or after
    /// [`MAX_PAGES`](crate::api::paging::MAX_PAGES) pages
    /// (see [`PageWalk`]), so a server that always offers another page
    /// cannot keep the client reading.
    pub async fn tokens(&self) -> Result<Vec<Token>, ApiError> {
        self.all_pages::<TokensResponse>(TOKENS, "", &|_, _| {})
            .await?
            .ok_or_else(not_found)
    }

    /// The tokens whose name contains `part`, ignoring case (the list's
    /// `Name` filter), every page.
    pub async fn tokens_named(&self, part: &str) -> Result<Vec<Token>, ApiError> {
        let filter = format!("&Name={}", crate::contract::percent_encode(part.trim()));
        self.all_pages::<TokensResponse>(TOKENS, &filter, &|_, _| {})
            .await?
            .ok_or_else(not_found)
    }

    /// The token `name_or_id` names, by the rules of
    /// [`find`](crate::model::tokens::find) (an Id first, then a name
    /// compared as names are), without reading the whole list: the Id is
    /// read directly, then the name through the list's `Name` filter. Only
    /// when neither finds it is the whole list read, since a name may
    /// match after normalizing (NFKC) and not as the server compares.
    /// `None` when no token has that Id or name.
    pub async fn find_token(&self, name_or_id: &str) -> Result<Option<Token>, ApiError> {
        let wanted = name_or_id.trim();
        if token_path(wanted, "").is_ok() && !wanted.eq_ignore_ascii_case("Scopes") {
            match self.token(wanted).await {
                Ok(t) if t.id == wanted => return Ok(Some(t)),
                // A name is no Id: a server may say so with 404 or 400.
                Ok(_) | Err(ApiError::NotFound { .. } | ApiError::Invalid { status: 400, .. }) => {}
                Err(e) => return Err(e),
            }
        }
        let named = self.tokens_named(wanted).await?;
        if let Ok(t) = crate::model::tokens::find(&named, wanted) {
            return Ok(Some(t.clone()));
        }
        let all = self.tokens().await?;
        Ok(crate::model::tokens::find(&all, wanted).ok().cloned())
    }

    /// Every page of the list at `list` (a path under the root) with the
    /// query `filter` (`&Name=...`, or empty), following `@nextpageuri`
    /// only within that list (see [`own_link`](Self::own_link)) and by the
    /// rule of [`PageWalk`]; each page is read under [`MAX_LIST_BODY`].
    /// `None` when the first page is 404 (the server does not offer the
    /// list); `progress(page, of)` after each page.
    pub(super) async fn all_pages<P: Paged>(
        &self,
        list: &str,
        filter: &str,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<Option<Vec<P::Item>>, ApiError> {
        let mut all = Vec::new();
        let mut walk = PageWalk::new();
        let size = self.page_size;
        let mut link = format!("{list}?{PAGE}=1&{PAGE_SIZE}={size}{filter}");
        loop {
            walk.visit(&link)?;
            let page: Option<P> = self.get_list(&link).await?;
            let (paging, items) = match page {
                Some(p) => p.into_parts(),
                None if walk.pages() == 1 => return Ok(None),
                None => return Err(not_found()),
            };
            all.extend(items);
            progress(walk.pages(), paging.num_pages().unwrap_or(0));
            if paging.next_page_uri.is_empty() {
                return Ok(Some(all));
            }
            link = self.own_link(list, &paging.next_page_uri)?.to_string();
        }
    }

    /// A list page at `link` (path and query under the root), read under
    /// [`MAX_LIST_BODY`]; `None` for a 404.
    async fn get_list<T: DeserializeOwned>(&self, link: &str) -> Result<Option<T>, ApiError> {
        let req = self.request(reqwest::Method::GET, link);
        let resp = self.send_capped(req, MAX_LIST_BODY).await?;
        if resp.status == 404 {
            return Ok(None);
        }
        resp.json().map(Some)
    }

    /// One page of `GET {root}/APIAccessTokens`: the first when `next` is
    /// `None`, else the page a previous answer's `@nextpageuri` names, by
    /// the rules of [`tokens_link`](Self::tokens_link) in a walk of its own.
    pub async fn tokens_page(&self, next: Option<&str>) -> Result<TokensResponse, ApiError> {
        let link = self.tokens_link(&mut PageWalk::new(), next)?;
        self.tokens_at(&link).await
    }

    /// The link (path and query under the root) of the token-list page to
    /// read next in `walk`, counted in it: the first page, [`FIRST_PAGE`]
    /// tokens, when `next` is `None`; else a previous answer's
    /// `@nextpageuri`, followed only when it is this client's own token list
    /// (`{root}/APIAccessTokens`, optionally with a query), since a lying
    /// server must not redirect the credentials elsewhere. A link that
    /// carries a cursor asks for [`FULL_PAGE`] tokens: a cursor stays valid
    /// with any page size, where a page number does not.
    pub fn tokens_link(&self, walk: &mut PageWalk, next: Option<&str>) -> Result<String, ApiError> {
        let link = match next {
            None => format!("{TOKENS}?{PAGE}=1&{PAGE_SIZE}={FIRST_PAGE}"),
            Some(uri) => full_pages(self.own_link(TOKENS, uri)?),
        };
        walk.visit(&link)?;
        Ok(link)
    }

    /// The token-list page at `link`, from [`tokens_link`](Self::tokens_link).
    pub async fn tokens_at(&self, link: &str) -> Result<TokensResponse, ApiError> {
        self.get_list(link).await?.ok_or_else(not_found)
    }
}

/// Most bytes read from one list page: [`FULL_PAGE`] tokens of the
/// largest size the contract allows (64-character names, 255-character
/// descriptions, ten e-mails, many scopes) do not fit [`MAX_BODY`].
pub const MAX_LIST_BODY: usize = 16 * MAX_BODY;

/// `link` asking for [`FULL_PAGE`] items a page when it carries a cursor
/// ([`CURSOR`]); unchanged otherwise (a page number means an offset, which
/// another page size would move).
fn full_pages(link: &str) -> String {
    let Some((path, query)) = link.split_once('?') else {
        return link.to_string();
    };
    let name = |p: &str| p.split('=').next().unwrap_or("").to_ascii_lowercase();
    if !query
        .split('&')
        .any(|p| name(p) == CURSOR.to_ascii_lowercase())
    {
        return link.to_string();
    }
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| name(p) != PAGE_SIZE.to_ascii_lowercase())
        .map(str::to_string)
        .collect();
    pairs.push(format!("{PAGE_SIZE}={FULL_PAGE}"));
    format!("{path}?{}", pairs.join("&"))
}
