//! A token's whole life against the in-process sandbox, over loopback,
//! through the client: the paged list, read, update, reset, disable and
//! enable, delete, the seeded tokens, and a lying server's next-page link.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use impact_token::api::client::{
    Client, Credentials, FIRST_PAGE, FULL_PAGE, Guard, MAX_PAGES, PageWalk, Timeouts,
};
use impact_token::api::error::ApiError;
use impact_token::api::ops::{Ops, TokenOp, TokenOpDone};
use impact_token::api::retry::RetryPolicy;
use impact_token::contract::{
    CreateTokenRequest, CreatedToken, ErrorBody, TOKEN_DISABLED, TOKEN_ENABLED, Token,
    TokensResponse, percent_encode,
};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::model::request::Submission;
use impact_token::sandbox::{
    ADMIN_FAULTS_PATH, DemoAccount, Fault, Route, SandboxHandle, demo_account, demo_accounts,
    parse_fault_spec,
};
use secrecy::{ExposeSecret, SecretString};

const FAST: Timeouts = Timeouts {
    connect: Duration::from_secs(2),
    total: Duration::from_secs(10),
};

async fn sandbox() -> SandboxHandle {
    SandboxHandle::start(([127, 0, 0, 1], 0).into())
        .await
        .unwrap()
}

fn client_as(base: &str, t: AccountType, sid: &str, secret: &str) -> Client {
    Client::new(
        base,
        t,
        Credentials {
            account_sid: sid.into(),
            auth_token: SecretString::from(secret.to_string()),
        },
        FAST,
    )
    .unwrap()
}

fn admin(sb: &SandboxHandle, t: AccountType) -> Client {
    let d = demo_account(t);
    client_as(&sb.base_url(), t, &d.account_sid, &d.auth_token)
}

/// A client with a minted token's own credentials.
fn as_token(sb: &SandboxHandle, t: AccountType, created: &CreatedToken) -> Client {
    client_as(
        &sb.base_url(),
        t,
        &created.account_sid,
        created.auth_token.expose_secret(),
    )
}

/// A create body for `t`; no scopes means the catalog's first.
fn request(t: AccountType, name: &str, scopes: &[&str]) -> CreateTokenRequest {
    let contact = match t {
        AccountType::Agency => "I-2000101",
        AccountType::Brand => "I-3000101",
        AccountType::Partner => "I-1139074",
    };
    CreateTokenRequest {
        name: name.into(),
        description: "made by sandbox_tokens".into(),
        api_version: t.api_versions()[0].into(),
        primary_contact_user_id: contact.into(),
        developer_emails: vec![],
        scopes: if scopes.is_empty() {
            vec![self::scopes(t, 1)[0].0.clone()]
        } else {
            scopes.iter().map(|s| s.to_string()).collect()
        },
    }
}

async fn create(c: &Client, req: CreateTokenRequest) -> CreatedToken {
    c.create(&Submission::next(None, req)).await.unwrap()
}

/// The first `n` scopes of a catalog: (Id, path under the root with its
/// parameters filled in).
fn scopes(t: AccountType, n: usize) -> Vec<(String, String)> {
    let catalog = Catalog::bundled(t);
    catalog
        .scopes()
        .filter(|s| s.method == "GET")
        .take(n)
        .map(|s| {
            let rest: Vec<String> = s
                .path
                .trim_start_matches('/')
                .split('/')
                .skip(2)
                .map(|seg| {
                    if seg.starts_with('{') {
                        "X1".to_string()
                    } else {
                        seg.to_string()
                    }
                })
                .collect();
            (s.id.to_string(), format!("/{}", rest.join("/")))
        })
        .collect()
}

/// The token-list page at `rest` (under `who`'s root), read without the
/// client, so at the server's own default page size.
async fn page_at(sb: &SandboxHandle, who: &DemoAccount, rest: &str) -> TokensResponse {
    let r = raw_send(sb, reqwest::Method::GET, who, rest).await;
    assert_eq!(r.status(), 200, "{rest}");
    r.json().await.unwrap()
}

fn raw() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().no_proxy().build().unwrap()
}

fn url(sb: &SandboxHandle, who: &DemoAccount, rest: &str) -> String {
    format!(
        "{}{}{rest}",
        sb.base_url(),
        who.account_type.root(&who.account_sid)
    )
}

async fn raw_send(
    sb: &SandboxHandle,
    method: reqwest::Method,
    who: &DemoAccount,
    rest: &str,
) -> reqwest::Response {
    raw()
        .request(method, url(sb, who, rest))
        .basic_auth(&who.account_sid, Some(&who.auth_token))
        .send()
        .await
        .unwrap()
}

/// Days since 1970-01-01 of an ISO 8601 date's `YYYY-MM-DD`.
fn days_of(date: &str) -> i64 {
    let y: i64 = date[0..4].parse().unwrap();
    let m: i64 = date[5..7].parse().unwrap();
    let d: i64 = date[8..10].parse().unwrap();
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn today() -> i64 {
    (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        / 86_400) as i64
}

// ----- seeded tokens -----

#[tokio::test]
async fn every_account_starts_with_seeded_tokens_for_the_filters() {
    let sb = sandbox().await;
    assert_eq!(days_of("1970-01-01"), 0);
    assert_eq!(days_of("2000-03-01"), 11_017);
    for t in AccountType::ALL {
        let listed = admin(&sb, t).tokens().await.unwrap();
        assert!(listed.len() >= 4, "{t}: {listed:?}");
        assert!(listed.iter().any(|k| k.state == TOKEN_DISABLED), "{t}");
        assert!(listed.iter().any(|k| k.state == TOKEN_ENABLED), "{t}");
        let ages: Vec<i64> = listed
            .iter()
            .map(|k| today() - days_of(&k.date_created))
            .collect();
        assert!(ages.iter().any(|a| *a > 30), "{t}: {ages:?}");
        assert!(ages.iter().any(|a| *a <= 7), "{t}: {ages:?}");
        assert!(ages.windows(2).all(|w| w[0] >= w[1]), "oldest first");
        let scope_sets: std::collections::HashSet<_> =
            listed.iter().map(|k| k.scopes.clone()).collect();
        assert!(scope_sets.len() > 1, "different scopes");
        assert!(
            !serde_json::to_string(&listed)
                .unwrap()
                .contains("AuthToken")
        );
    }
}

// ----- the paged list -----

#[tokio::test]
async fn the_list_pages_oldest_first_and_the_client_reads_every_page() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let scope = scopes(t, 1);
    for i in 0..3 {
        create(&c, request(t, &format!("paged-{i}"), &[&scope[0].0])).await;
    }
    let all = sb.tokens(c.account_sid());
    assert_eq!(all.len(), 8, "five seeded and three created");
    sb.set_page_size(3);

    let who = demo_account(t);
    let first = page_at(&sb, &who, "/APIAccessTokens").await;
    let p = &first.paging;
    assert_eq!(
        (
            p.page.as_str(),
            p.num_pages.as_str(),
            p.page_size.as_str(),
            p.total.as_str()
        ),
        ("1", "3", "3", "8")
    );
    assert_eq!((p.start.as_str(), p.end.as_str()), ("0", "2"));
    assert_eq!(first.access_tokens, all[..3]);
    let root = t.root(c.account_sid());
    // A cursor after the third token created, not a page number.
    assert_eq!(
        p.next_page_uri,
        format!("{root}/APIAccessTokens?PageSize=3&Cursor=3")
    );
    let second = page_at(&sb, &who, p.next_page_uri.strip_prefix(&root).unwrap()).await;
    assert_eq!(second.access_tokens, all[3..6]);
    assert_eq!(
        (second.paging.page.as_str(), second.paging.start.as_str()),
        ("2", "3")
    );
    let next = &second.paging.next_page_uri;
    let third = page_at(&sb, &who, next.strip_prefix(&root).unwrap()).await;
    assert_eq!(third.access_tokens, all[6..]);
    assert_eq!(third.paging.next_page_uri, "", "the last page has no next");

    // The client's first page is a screenful; the pages after it, found by
    // cursor, are as large as the contract allows.
    let first = c.tokens_page(None).await.unwrap();
    assert_eq!(first.paging.page_size, FIRST_PAGE.to_string());
    let link = c
        .tokens_link(&mut PageWalk::new(), Some(&p.next_page_uri))
        .unwrap();
    assert_eq!(
        link,
        format!("/APIAccessTokens?Cursor=3&PageSize={FULL_PAGE}")
    );
    assert_eq!(c.tokens().await.unwrap(), all, "every page, in order");
}

#[tokio::test]
async fn pages_past_the_end_are_empty_and_bad_paging_is_400() {
    let sb = sandbox().await;
    let who = demo_account(AccountType::Partner);
    let r = raw_send(
        &sb,
        reqwest::Method::GET,
        &who,
        "/APIAccessTokens?Page=99&PageSize=2",
    )
    .await;
    assert_eq!(r.status(), 200);
    let page: TokensResponse = r.json().await.unwrap();
    assert!(page.access_tokens.is_empty());
    assert_eq!(page.paging.next_page_uri, "");
    assert_eq!(page.paging.page, "99");

    for q in [
        "Page=0",
        "Page=x",
        "Page=-1",
        "PageSize=0",
        "PageSize=1001",
        "PageSize=ten",
    ] {
        let r = raw_send(
            &sb,
            reqwest::Method::GET,
            &who,
            &format!("/APIAccessTokens?{q}"),
        )
        .await;
        assert_eq!(r.status(), 400, "{q}");
        let e: ErrorBody = r.json().await.unwrap();
        assert_eq!(e.status, "ERROR");
        assert!(e.message.contains("Page"), "{q}: {}", e.message);
    }
    let r = raw_send(
        &sb,
        reqwest::Method::GET,
        &who,
        "/APIAccessTokens?PageSize=1000",
    )
    .await;
    assert_eq!(r.status(), 200, "the cap itself is allowed");
}

#[tokio::test]
async fn the_admin_endpoint_sets_the_default_page_size() {
    let sb = sandbox().await;
    let who = demo_account(AccountType::Agency);
    let page = page_at(&sb, &who, "/APIAccessTokens").await;
    assert_eq!(page.paging.page_size, "10");
    let r = raw()
        .post(format!("{}{ADMIN_FAULTS_PATH}", sb.base_url()))
        .json(&serde_json::json!({"PageSize": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = page_at(&sb, &who, "/APIAccessTokens").await;
    assert_eq!(page.paging.page_size, "2");
    assert_eq!(page.access_tokens.len(), 2);
    let r = raw()
        .post(format!("{}{ADMIN_FAULTS_PATH}", sb.base_url()))
        .json(&serde_json::json!({"PageSize": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

// ----- one token -----

#[tokio::test]
async fn one_token_reads_and_unknown_ids_are_404() {
    let sb = sandbox().await;
    let c = admin(&sb, AccountType::Brand);
    let listed = c.tokens().await.unwrap();
    for k in &listed {
        assert_eq!(&c.token(&k.id).await.unwrap(), k);
    }
    let e = c.token("no-such-token").await.unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    // An Id that would change the path's shape is encoded, so it is only an
    // unknown Id.
    let e = c.token("../Users").await.unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    let e = c.token("..").await.unwrap_err();
    assert!(matches!(e, ApiError::Refused { .. }), "{e:?}");

    let who = demo_account(AccountType::Brand);
    let r = raw_send(&sb, reqwest::Method::GET, &who, "/APIAccessTokens/nope").await;
    assert_eq!(r.status(), 404);
    let e: ErrorBody = r.json().await.unwrap();
    assert!(e.message.contains("Id"), "{}", e.message);
}

#[tokio::test]
async fn update_checks_fields_names_and_versions() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let listed = c.tokens().await.unwrap();
    let oldest = &listed[0];
    assert_eq!(
        oldest.api_version, "11",
        "the oldest seed is on the oldest version"
    );
    let two = scopes(t, 2);

    // Rename, new scopes, version up: 200 with the new settings.
    let mut req = oldest.to_request();
    req.name = "  renamed by update  ".into();
    req.api_version = "12".into();
    req.scopes = vec![two[0].0.clone(), two[1].0.clone(), two[0].0.clone()];
    let updated = c.update(&oldest.id, &req, &Guard::any()).await.unwrap();
    assert_eq!(updated.name, "renamed by update");
    assert_eq!(updated.api_version, "12");
    assert_eq!(updated.scopes, [two[0].0.clone(), two[1].0.clone()]);
    assert_eq!(
        (&updated.id, &updated.date_created, &updated.state),
        (&oldest.id, &oldest.date_created, &oldest.state)
    );
    assert_eq!(c.token(&oldest.id).await.unwrap(), updated);

    // Its own name again (any case) is not a clash; another token's is.
    req.name = "RENAMED BY UPDATE".into();
    req.api_version = "12".into();
    c.update(&oldest.id, &req, &Guard::any()).await.unwrap();
    req.name = listed[1].name.to_lowercase();
    let e = c.update(&oldest.id, &req, &Guard::any()).await.unwrap_err();
    assert!(matches!(e, ApiError::Conflict { .. }), "{e:?}");
    assert_eq!(e.field_errors()[0].field, "Name");

    // Down is refused, with the field named.
    req.name = "renamed by update".into();
    req.api_version = "11".into();
    let e = c.update(&oldest.id, &req, &Guard::any()).await.unwrap_err();
    assert!(matches!(e, ApiError::Invalid { status: 422, .. }), "{e:?}");
    assert_eq!(e.field_errors()[0].field, "ApiVersion");
    assert_eq!(c.token(&oldest.id).await.unwrap().api_version, "12");

    // Create's field rules: unknown scopes, blank names.
    req.api_version = "14".into();
    req.scopes = vec!["noSuchScope".into()];
    let e = c.update(&oldest.id, &req, &Guard::any()).await.unwrap_err();
    assert!(
        e.field_errors().iter().any(|f| f.field == "Scopes"),
        "{e:?}"
    );
    req.scopes = vec![two[0].0.clone()];
    req.name = "   ".into();
    let e = c.update(&oldest.id, &req, &Guard::any()).await.unwrap_err();
    assert!(e.field_errors().iter().any(|f| f.field == "Name"), "{e:?}");

    let e = c
        .update("no-such-token", &req, &Guard::any())
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
}

#[tokio::test]
async fn a_brand_analyst_may_read_but_not_change_tokens() {
    let sb = sandbox().await;
    let analyst = demo_accounts()
        .into_iter()
        .find(|a| a.role == "Analyst")
        .unwrap();
    let c = client_as(
        &sb.base_url(),
        AccountType::Brand,
        &analyst.account_sid,
        &analyst.auth_token,
    );
    let listed = c.tokens().await.unwrap();
    let id = &listed[0].id;
    c.token(id).await.unwrap();
    let before = sb.tokens(&analyst.account_sid);
    let forbidden = |e: ApiError| assert!(matches!(e, ApiError::Forbidden { .. }), "{e:?}");
    forbidden(
        c.update(id, &listed[0].to_request(), &Guard::any())
            .await
            .unwrap_err(),
    );
    forbidden(c.reset(id, &Guard::any()).await.unwrap_err());
    forbidden(c.set_enabled(id, false, &Guard::any()).await.unwrap_err());
    forbidden(c.delete(id, &Guard::any()).await.unwrap_err());
    assert_eq!(sb.tokens(&analyst.account_sid), before, "nothing changed");
}

#[tokio::test]
async fn reset_gives_a_new_secret_and_the_old_one_fails_at_once() {
    let sb = sandbox().await;
    let t = AccountType::Partner;
    let c = admin(&sb, t);
    // CompanyInformation is a scope: the token needs it to call it.
    let created = create(&c, request(t, "to-reset", &["retrieveCompanyInformation"])).await;
    let old = as_token(&sb, t, &created);
    old.company_information().await.unwrap();

    let reset = c.reset(&created.token.id, &Guard::any()).await.unwrap();
    assert_eq!(reset.account_sid, created.account_sid, "same Account SID");
    assert_ne!(
        reset.auth_token.expose_secret(),
        created.auth_token.expose_secret()
    );
    assert_ne!(
        reset.token.revision, created.token.revision,
        "a new revision"
    );
    let same = impact_token::contract::Token {
        revision: created.token.revision.clone(),
        ..reset.token.clone()
    };
    assert_eq!(same, created.token, "same token otherwise");

    let e = old.company_information().await.unwrap_err();
    assert!(matches!(e, ApiError::Unauthorized { .. }), "{e:?}");
    as_token(&sb, t, &reset)
        .company_information()
        .await
        .unwrap();
    assert!(
        !serde_json::to_string(&c.tokens().await.unwrap())
            .unwrap()
            .contains(reset.auth_token.expose_secret()),
        "the list never carries the secret"
    );
    let e = c.reset("no-such-token", &Guard::any()).await.unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
}

#[tokio::test]
async fn a_disabled_token_is_refused_everywhere_until_enabled() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let scoped = scopes(t, 1);
    let (scope_id, scope_path) = &scoped[0];
    let created = create(&c, request(t, "to-disable", &[scope_id])).await;
    let token = as_token(&sb, t, &created);
    assert_eq!(token.probe("/CompanyInformation").await.unwrap(), 200);
    assert_eq!(token.probe(scope_path).await.unwrap(), 200, "{scope_path}");

    let disabled = c
        .set_enabled(&created.token.id, false, &Guard::any())
        .await
        .unwrap();
    assert_eq!(disabled.state, TOKEN_DISABLED);
    assert!(!disabled.is_enabled());
    for path in [
        "/CompanyInformation",
        scope_path,
        "/APIAccessTokens",
        "/Nowhere",
    ] {
        let e = match path {
            "/CompanyInformation" => token.company_information().await.unwrap_err(),
            _ => {
                assert_eq!(token.probe(path).await.unwrap(), 403, "{path}");
                continue;
            }
        };
        match e {
            ApiError::Forbidden { message } => assert!(message.contains("disabled"), "{message}"),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        c.token(&created.token.id).await.unwrap().state,
        TOKEN_DISABLED
    );

    let enabled = c
        .set_enabled(&created.token.id, true, &Guard::any())
        .await
        .unwrap();
    assert_eq!(enabled.state, TOKEN_ENABLED);
    assert_eq!(token.probe("/CompanyInformation").await.unwrap(), 200);
    assert_eq!(token.probe(scope_path).await.unwrap(), 200);
}

#[tokio::test]
async fn delete_removes_the_token_and_its_credentials() {
    let sb = sandbox().await;
    let t = AccountType::Agency;
    let c = admin(&sb, t);
    // CompanyInformation is a scope: the token needs it to call it.
    let created = create(&c, request(t, "to-delete", &["getCompanyInformation"])).await;
    let token = as_token(&sb, t, &created);
    token.company_information().await.unwrap();
    let before = c.tokens().await.unwrap().len();

    c.delete(&created.token.id, &Guard::any()).await.unwrap();
    let e = token.company_information().await.unwrap_err();
    assert!(matches!(e, ApiError::Unauthorized { .. }), "{e:?}");
    let e = c.token(&created.token.id).await.unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");
    let listed = c.tokens().await.unwrap();
    assert_eq!(listed.len(), before - 1);
    assert!(listed.iter().all(|k| k.id != created.token.id));
    let e = c
        .delete(&created.token.id, &Guard::any())
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");

    // The name is free again.
    create(&c, request(t, "to-delete", &[])).await;
}

#[tokio::test]
async fn tokens_may_not_manage_tokens_and_wrong_methods_are_405() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let created = create(&c, request(t, "no-management", &[])).await;
    let token = as_token(&sb, t, &created);
    let e = token.token(&created.token.id).await.unwrap_err();
    assert!(matches!(e, ApiError::Forbidden { .. }), "{e:?}");
    let e = token
        .reset(&created.token.id, &Guard::any())
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Forbidden { .. }), "{e:?}");
    let e = token
        .delete(&created.token.id, &Guard::any())
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Forbidden { .. }), "{e:?}");

    let who = demo_account(t);
    let id = &created.token.id;
    // Each 405 names the methods the path takes (RFC 9110 requires Allow).
    let trace = reqwest::Method::from_bytes(b"TRACE").unwrap();
    for (method, rest, allow) in [
        (
            reqwest::Method::PATCH,
            format!("/APIAccessTokens/{id}"),
            "GET, PUT, DELETE",
        ),
        (
            reqwest::Method::POST,
            format!("/APIAccessTokens/{id}"),
            "GET, PUT, DELETE",
        ),
        (
            reqwest::Method::GET,
            format!("/APIAccessTokens/{id}/Reset"),
            "POST",
        ),
        (
            reqwest::Method::DELETE,
            format!("/APIAccessTokens/{id}/Disable"),
            "POST",
        ),
        (
            reqwest::Method::PUT,
            "/APIAccessTokens/Scopes".to_string(),
            "GET",
        ),
        (trace.clone(), "/APIAccessTokens".to_string(), "GET, POST"),
        (trace, "/Users".to_string(), "GET"),
    ] {
        let r = raw_send(&sb, method.clone(), &who, &rest).await;
        assert_eq!(r.status(), 405, "{method} {rest}");
        let got = r
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_string());
        assert_eq!(got.as_deref(), Some(allow), "{method} {rest}");
    }
}

#[tokio::test]
async fn faults_can_be_aimed_at_each_new_endpoint() {
    let specs =
        parse_fault_spec("token=503,update=500,reset=drop,disable=429,enable=html:502,delete=hang")
            .unwrap();
    let routes: Vec<Route> = specs.iter().map(|s| s.route).collect();
    assert_eq!(
        routes,
        [
            Route::Token,
            Route::Update,
            Route::Reset,
            Route::Disable,
            Route::Enable,
            Route::Delete
        ]
    );

    let sb = sandbox().await;
    let c = admin(&sb, AccountType::Brand);
    let id = c.tokens().await.unwrap()[0].id.clone();
    sb.inject(Route::Token, Fault::Status(503), 1);
    let e = c.token(&id).await.unwrap_err();
    assert!(matches!(e, ApiError::Server { status: 503, .. }), "{e:?}");
    c.token(&id).await.unwrap();

    // A reset whose answer is lost still happened: the old secret is gone.
    let created = create(&c, request(AccountType::Brand, "lost-reset", &[])).await;
    sb.inject(Route::Reset, Fault::DropAfterCommit, 1);
    let e = c.reset(&created.token.id, &Guard::any()).await.unwrap_err();
    assert!(e.is_transient(), "{e:?}");
    let old = as_token(&sb, AccountType::Brand, &created);
    assert!(matches!(
        old.company_information().await.unwrap_err(),
        ApiError::Unauthorized { .. }
    ));

    sb.inject(Route::Delete, Fault::Status(500), 1);
    let e = c
        .delete(&created.token.id, &Guard::any())
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Server { status: 500, .. }), "{e:?}");
    c.token(&created.token.id).await.unwrap();
}

// ----- a lying server -----

/// A loopback server that answers every request with one page of an empty
/// token list whose `@nextpageuri` is `next` (with `{n}` replaced by the
/// number of requests so far, plus one), and counts the requests.
async fn lying_server(next: String) -> (String, Arc<AtomicUsize>) {
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let app = axum::Router::new().fallback(move || {
        let next = next.clone();
        let seen = Arc::clone(&seen);
        async move {
            let n = seen.fetch_add(1, Ordering::SeqCst) + 1;
            let next = next.replace("{n}", &(n + 1).to_string());
            axum::Json(serde_json::json!({
                "@page": "1", "@numpages": "2", "@pagesize": "1", "@total": "2",
                "@nextpageuri": next,
                "AccessTokens": [],
            }))
        }
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), count)
}

#[tokio::test]
async fn a_next_page_link_off_this_accounts_list_is_not_followed() {
    let sid = "IRDEMOBRAND00000000000000000000001";
    for next in [
        // Loopback even here: the refusal comes before any connection.
        "http://127.0.0.1:9/Advertisers/IRDEMOBRAND00000000000000000000001/APIAccessTokens?Page=2"
            .to_string(),
        "//127.0.0.1:9/Advertisers/IRDEMOBRAND00000000000000000000001/APIAccessTokens".to_string(),
        "/Advertisers/IROTHERACCOUNT/APIAccessTokens?Page=2".to_string(),
        format!("/Advertisers/{sid}/Users?Page=2"),
        format!("/Advertisers/{sid}/APIAccessTokens/../../../x?Page=2"),
    ] {
        let (base, count) = lying_server(next.clone()).await;
        let c = client_as(&base, AccountType::Brand, sid, "demo-secret");
        let e = c.tokens().await.unwrap_err();
        match &e {
            ApiError::Refused { detail } => assert!(detail.contains("next-page"), "{detail}"),
            other => panic!("{next}: {other:?}"),
        }
        assert_eq!(
            count.load(Ordering::SeqCst),
            1,
            "{next}: only the first page"
        );
    }
}

#[tokio::test]
async fn a_list_that_never_ends_stops_at_the_page_cap() {
    let sid = "IRDEMOBRAND00000000000000000000001";
    // Always another page, each a new one.
    let (base, count) = lying_server(format!(
        "/Advertisers/{sid}/APIAccessTokens?Page={{n}}&PageSize=1"
    ))
    .await;
    let c = client_as(&base, AccountType::Brand, sid, "demo-secret");
    let e = c.tokens().await.unwrap_err();
    assert!(
        matches!(&e, ApiError::Refused { detail } if detail.contains("100 pages")),
        "{e:?}"
    );
    assert_eq!(count.load(Ordering::SeqCst), MAX_PAGES);
}

#[tokio::test]
async fn a_list_without_paging_is_one_page() {
    // Servers that predate paging send no envelope: one page, no next.
    let sb = sandbox().await;
    let c = admin(&sb, AccountType::Brand);
    let page = c.tokens_page(None).await.unwrap();
    let body = serde_json::json!({ "AccessTokens": page.access_tokens });
    let old: TokensResponse = serde_json::from_value(body).unwrap();
    assert_eq!(old.paging.next_page_uri, "");
    let tokens: Vec<Token> = old.access_tokens;
    assert_eq!(tokens, sb.tokens(c.account_sid()));
}

#[tokio::test]
async fn reset_and_delete_replay_for_the_same_idempotency_key() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let created = create(&c, request(t, "replayed-change", &[])).await;
    let id = &created.token.id;

    // A reset whose answer was lost, retried with its key: one reset.
    let first = c.reset(id, &key("reset-key-1")).await.unwrap();
    let again = c.reset(id, &key("reset-key-1")).await.unwrap();
    assert_eq!(
        again.auth_token.expose_secret(),
        first.auth_token.expose_secret(),
        "the same secret, not a second reset"
    );
    as_token(&sb, t, &first)
        .company_information()
        .await
        .unwrap();
    // The key of a reset cannot be reused for a delete.
    let e = c.delete(id, &key("reset-key-1")).await.unwrap_err();
    assert!(matches!(e, ApiError::Invalid { status: 422, .. }), "{e:?}");

    c.delete(id, &key("delete-key-1")).await.unwrap();
    c.delete(id, &key("delete-key-1")).await.unwrap();
    let e = c.delete(id, &Guard::any()).await.unwrap_err();
    assert!(matches!(e, ApiError::NotFound { .. }), "{e:?}");

    // The key is required, as on create.
    let who = demo_account(AccountType::Partner);
    let listed = admin(&sb, AccountType::Partner).tokens().await.unwrap();
    for (method, rest) in [
        (
            reqwest::Method::POST,
            format!("/APIAccessTokens/{}/Reset", listed[0].id),
        ),
        (
            reqwest::Method::DELETE,
            format!("/APIAccessTokens/{}", listed[0].id),
        ),
    ] {
        let r = raw_send(&sb, method.clone(), &who, &rest).await;
        assert_eq!(r.status(), 400, "{method} {rest}");
    }
    assert_eq!(
        admin(&sb, AccountType::Partner).tokens().await.unwrap(),
        listed,
        "nothing changed"
    );
}

#[tokio::test]
async fn the_list_filters_by_name_state_and_creation_date_across_pages() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let who = demo_account(t);
    let all = sb.tokens(&who.account_sid);
    let get = |q: String| {
        let sb = sb.clone();
        let who = who.clone();
        async move {
            let r = raw_send(&sb, reqwest::Method::GET, &who, &q).await;
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let names = |body: &str| -> Vec<String> {
        let page: TokensResponse = serde_json::from_str(body).unwrap();
        page.access_tokens.into_iter().map(|k| k.name).collect()
    };
    let want = |keep: &dyn Fn(&Token) -> bool| -> Vec<String> {
        all.iter()
            .filter(|k| keep(k))
            .map(|k| k.name.clone())
            .collect()
    };

    let (status, body) = get("/APIAccessTokens?State=disabled".into()).await;
    assert_eq!(status, 200);
    assert_eq!(names(&body), want(&|k| !k.is_enabled()));
    assert!(!names(&body).is_empty());

    let (_, body) = get("/APIAccessTokens?Name=DASHBOARD".into()).await;
    assert_eq!(names(&body), ["Demo seed: Dashboard"]);

    let cut = &all[2].date_created;
    let (_, body) = get(format!("/APIAccessTokens?CreatedAfter={cut}")).await;
    assert_eq!(names(&body), want(&|k| k.date_created >= *cut));
    let (_, body) = get(format!("/APIAccessTokens?CreatedBefore={}", &cut[..10])).await;
    assert_eq!(names(&body), want(&|k| k.date_created[..10] < cut[..10]));

    // The filters ride along on @nextpageuri, and @total counts what passes.
    let c = admin(&sb, t);
    let enabled = want(&|k| k.is_enabled());
    let (_, body) = get("/APIAccessTokens?State=ENABLED&Name=demo%20seed&PageSize=1".into()).await;
    let mut page: TokensResponse = serde_json::from_str(&body).unwrap();
    assert_eq!(page.paging.total, enabled.len().to_string());
    let mut seen: Vec<String> = page.access_tokens.iter().map(|k| k.name.clone()).collect();
    while !page.paging.next_page_uri.is_empty() {
        assert!(
            page.paging.next_page_uri.contains("Name=demo%20seed"),
            "{}",
            page.paging.next_page_uri
        );
        page = c
            .tokens_page(Some(&page.paging.next_page_uri))
            .await
            .unwrap();
        seen.extend(page.access_tokens.iter().map(|k| k.name.clone()));
    }
    assert_eq!(seen, enabled);

    for q in [
        "State=gone",
        "CreatedAfter=yesterday",
        "CreatedBefore=2026-13",
    ] {
        let (status, body) = get(format!("/APIAccessTokens?{q}")).await;
        assert_eq!(status, 400, "{q}: {body}");
    }
}

/// A change with a chosen Idempotency-Key, whatever the token's revision.
fn key(k: &str) -> Guard {
    Guard {
        revision: String::new(),
        key: k.to_string(),
    }
}

// ----- preconditions, replays and the operations layer (issue 16) -----

/// Operations through `c`, retried quickly.
fn ops(c: &Client) -> Ops<'_> {
    let policy = RetryPolicy {
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(2),
        ..RetryPolicy::default()
    };
    Ops::new(c, policy)
}

#[tokio::test]
async fn a_replayed_reset_answers_its_own_secret_even_after_a_later_reset() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let created = create(&c, request(t, "replay-own-secret", &[])).await;
    let id = &created.token.id;
    let k1 = c.reset(id, &key("k1")).await.unwrap();
    let k2 = c.reset(id, &key("k2")).await.unwrap();
    // The first key's answer again: its secret, not the token's current one.
    let again = c.reset(id, &key("k1")).await.unwrap();
    assert_eq!(
        again.auth_token.expose_secret(),
        k1.auth_token.expose_secret()
    );
    assert_ne!(
        again.auth_token.expose_secret(),
        k2.auth_token.expose_secret()
    );
    assert_eq!(
        again.token.revision, k1.token.revision,
        "the recorded answer"
    );
}

#[tokio::test]
async fn a_change_names_the_revision_it_read_and_a_stale_one_is_refused() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let read = create(&c, request(t, "preconditions", &[])).await.token;
    assert_eq!(read.revision, "1");
    assert_eq!(c.token(&read.id).await.unwrap().revision, "1", "GET too");

    // A PUT must say which revision it replaces.
    let e = c
        .update(&read.id, &read.to_request(), &key("no-if-match-put"))
        .await;
    assert!(e.is_ok(), "If-Match: * is a precondition: {e:?}");
    let raw = reqwest::Client::new()
        .put(format!(
            "{}{}/APIAccessTokens/{}",
            sb.base_url(),
            t.root(&demo_account(t).account_sid),
            read.id
        ))
        .basic_auth(
            &demo_account(t).account_sid,
            Some(&demo_account(t).auth_token),
        )
        .header("Idempotency-Key", "raw-put")
        .json(&read.to_request())
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 428, "no If-Match at all");

    // Disabling changes the revision; disabling again does not.
    let now = c.token(&read.id).await.unwrap();
    let off = c
        .set_enabled(&read.id, false, &Guard::new(&now.revision))
        .await
        .unwrap();
    assert_ne!(off.revision, now.revision);
    let again = c
        .set_enabled(&read.id, false, &Guard::new(&off.revision))
        .await
        .unwrap();
    assert_eq!(again.revision, off.revision, "nothing changed");

    // A change named after a stale read is refused, and changes nothing.
    for e in [
        c.reset(&read.id, &Guard::new(&now.revision)).await.err(),
        c.delete(&read.id, &Guard::new(&now.revision)).await.err(),
        c.set_enabled(&read.id, true, &Guard::new(&now.revision))
            .await
            .err(),
    ] {
        assert!(
            matches!(e, Some(ApiError::PreconditionFailed { .. })),
            "{e:?}"
        );
    }
    let after = c.token(&read.id).await.unwrap();
    assert_eq!(after, off, "untouched");
}

#[tokio::test]
async fn of_two_resets_from_one_read_one_wins_and_the_other_is_told() {
    let sb = sandbox().await;
    let t = AccountType::Partner;
    let c = admin(&sb, t);
    let read = create(
        &c,
        request(t, "two-resets", &["retrieveCompanyInformation"]),
    )
    .await
    .token;
    let ops = ops(&c);
    let (a, b) = tokio::join!(
        ops.change(&read.id, &read.revision, &TokenOp::Reset, &|_| {}),
        ops.change(&read.id, &read.revision, &TokenOp::Reset, &|_| {}),
    );
    let (won, lost) = match (a, b) {
        (Ok(TokenOpDone::Reset(won)), Err(lost)) | (Err(lost), Ok(TokenOpDone::Reset(won))) => {
            (won, lost)
        }
        other => panic!("one reset must win and one be refused: {other:?}"),
    };
    let ApiError::Changed { current: Some(now) } = lost else {
        panic!("the loser is told the token changed: {lost:?}");
    };
    assert_eq!(now.revision, won.token.revision, "and sees the winner's");
    // The winner's secret is the one that works.
    as_token(&sb, t, &won).company_information().await.unwrap();
}

#[tokio::test]
async fn an_edit_from_a_stale_read_cannot_undo_another_admins_change() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let two = scopes(t, 2);
    let ids: Vec<&str> = two.iter().map(|(id, _)| id.as_str()).collect();
    let read = create(&c, request(t, "lost-update", &ids)).await.token;

    // Another admin removes a scope and adds an e-mail.
    let mut theirs = read.to_request();
    theirs.scopes.truncate(1);
    theirs.developer_emails.push("ops@example.com".into());
    let Ok(TokenOpDone::Updated(after_theirs)) = ops(&c)
        .change(
            &read.id,
            &read.revision,
            &TokenOp::Update(Box::new(theirs)),
            &|_| {},
        )
        .await
    else {
        panic!("the other admin's change");
    };

    // This admin, from the old read, changes only the description; the
    // request carries the old scopes and e-mails, as a full PUT does.
    let mut mine = read.to_request();
    mine.description = "only the description".into();
    let e = ops(&c)
        .change(
            &read.id,
            &read.revision,
            &TokenOp::Update(Box::new(mine)),
            &|_| {},
        )
        .await
        .unwrap_err();
    let ApiError::Changed { current: Some(now) } = e else {
        panic!("refused as changed meanwhile: {e:?}");
    };
    assert_eq!(*now, after_theirs, "and shown what the token is now");
    let on_server = c.token(&read.id).await.unwrap();
    assert_eq!(
        on_server.scopes,
        [ids[0]],
        "the removed scope stays removed"
    );
    assert_eq!(on_server.developer_emails, ["ops@example.com"]);
}

#[tokio::test]
async fn a_lost_answer_is_retried_with_its_key_and_a_lost_outcome_is_told() {
    let sb = sandbox().await;
    let t = AccountType::Partner;
    let c = admin(&sb, t);
    let read = create(
        &c,
        request(t, "lost-answers", &["retrieveCompanyInformation"]),
    )
    .await
    .token;

    // One lost answer: the retry replays the reset that was made.
    sb.inject(Route::Reset, Fault::DropAfterCommit, 1);
    let Ok(TokenOpDone::Reset(first)) = ops(&c)
        .change(&read.id, &read.revision, &TokenOp::Reset, &|_| {})
        .await
    else {
        panic!("the retry gets the first answer");
    };
    as_token(&sb, t, &first)
        .company_information()
        .await
        .unwrap();
    assert_eq!(first.token.revision, "2", "one reset, not two");

    // Every answer lost: the outcome is unknown, and says so with its key;
    // a repeat with that key delivers the secret that now works.
    sb.inject(Route::Reset, Fault::DropAfterCommit, 3);
    let e = ops(&c)
        .change(&read.id, &first.token.revision, &TokenOp::Reset, &|_| {})
        .await
        .unwrap_err();
    let ApiError::OutcomeUnknown { key, changed, .. } = e else {
        panic!("{e:?}");
    };
    assert!(changed, "the token shows a new revision");
    let e = as_token(&sb, t, &first).company_information().await;
    assert!(matches!(e, Err(ApiError::Unauthorized { .. })), "{e:?}");
    let guard = Guard {
        revision: first.token.revision.clone(),
        key,
    };
    let Ok(TokenOpDone::Reset(replayed)) = ops(&c)
        .change_with(&read.id, &TokenOp::Reset, guard, &|_| {})
        .await
    else {
        panic!("the replay");
    };
    as_token(&sb, t, &replayed)
        .company_information()
        .await
        .unwrap();

    // A disable or a delete whose answers are all lost is told from a
    // fresh read: done, since the token shows it.
    let now = c.token(&read.id).await.unwrap();
    sb.inject(Route::Disable, Fault::DropAfterCommit, 3);
    let done = ops(&c)
        .change(
            &read.id,
            &now.revision,
            &TokenOp::SetEnabled(false),
            &|_| {},
        )
        .await;
    let Ok(TokenOpDone::Updated(off)) = done else {
        panic!("{done:?}");
    };
    assert!(!off.is_enabled());
    sb.inject(Route::Delete, Fault::DropAfterCommit, 3);
    let done = ops(&c)
        .change(&read.id, &off.revision, &TokenOp::Delete, &|_| {})
        .await;
    assert!(matches!(done, Ok(TokenOpDone::Deleted)), "{done:?}");

    // A change that never reached the server is a plain refusal.
    let other = create(&c, request(t, "never-reached", &[])).await.token;
    sb.inject(Route::Disable, Fault::Status(503), 3);
    let e = ops(&c)
        .change(
            &other.id,
            &other.revision,
            &TokenOp::SetEnabled(false),
            &|_| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Server { status: 503, .. }), "{e:?}");
    assert!(c.token(&other.id).await.unwrap().is_enabled());
}

/// The 400 error envelope of `GET {root}{rest}` for `who`, whose message
/// names `needle`.
async fn refused(sb: &SandboxHandle, who: &DemoAccount, rest: &str, needle: &str) {
    let r = raw_send(sb, reqwest::Method::GET, who, rest).await;
    assert_eq!(r.status(), 400, "{rest}");
    let e: ErrorBody = r.json().await.unwrap();
    assert_eq!(e.status, "ERROR", "{rest}");
    assert!(e.message.contains(needle), "{rest}: {}", e.message);
}

#[tokio::test]
async fn a_list_parameter_given_twice_is_400_not_either_value() {
    let sb = sandbox().await;
    let who = demo_account(AccountType::Brand);
    sb.set_page_size(1);
    for list in ["/APIAccessTokens", "/Users"] {
        for q in [
            "Page=2&PAGE=3",
            "Page=2&Page=2",
            "pagesize=2&PageSize=3",
            "Name=a&name=b",
            "State=ACTIVE&state=ACTIVE",
        ] {
            let name = q.split('&').nth(1).unwrap().split('=').next().unwrap();
            refused(&sb, &who, &format!("{list}?{q}"), name).await;
        }
        // A page and a cursor contradict each other.
        refused(&sb, &who, &format!("{list}?Page=2&Cursor=3"), "Cursor").await;
        refused(&sb, &who, &format!("{list}?Cursor=x"), "Cursor").await;
    }
}

#[tokio::test]
async fn a_date_filter_must_be_a_real_date_and_time() {
    let sb = sandbox().await;
    let who = demo_account(AccountType::Brand);
    for value in [
        "2026-13-45",
        "2026-02-30",
        "2025-02-29",
        "2026-00-10",
        "2026-01-31T24:00:00Z",
        "2026-01-31T09:60:00Z",
        "2026-01-31T09:30:61",
        "2026-01-31T09:30",
        "2026-1-31",
        "+2026-01-31",
    ] {
        for filter in ["CreatedAfter", "CreatedBefore"] {
            let rest = format!("/APIAccessTokens?{filter}={}", percent_encode(value));
            refused(&sb, &who, &rest, filter).await;
        }
    }
    for value in ["2024-02-29", "2026-01-31T09:30:00Z", "2026-01-31T23:59:59"] {
        let r = raw_send(
            &sb,
            reqwest::Method::GET,
            &who,
            &format!("/APIAccessTokens?CreatedAfter={value}"),
        )
        .await;
        assert_eq!(r.status(), 200, "{value}");
    }
}

#[tokio::test]
async fn a_change_that_already_holds_after_a_412_is_done_not_a_conflict() {
    let sb = sandbox().await;
    let t = AccountType::Brand;
    let c = admin(&sb, t);
    let read = create(&c, request(t, "asked-twice", &[])).await.token;
    // Another admin disables it first; this one, from the same read, too.
    c.set_enabled(&read.id, false, &Guard::new(&read.revision))
        .await
        .unwrap();
    let done = ops(&c)
        .change(
            &read.id,
            &read.revision,
            &TokenOp::SetEnabled(false),
            &|_| {},
        )
        .await;
    assert!(
        matches!(&done, Ok(TokenOpDone::Updated(t)) if !t.is_enabled()),
        "{done:?}"
    );
    // But enabling it from the stale read is refused: it would undo theirs.
    let e = ops(&c)
        .change(
            &read.id,
            &read.revision,
            &TokenOp::SetEnabled(true),
            &|_| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ApiError::Changed { .. }), "{e:?}");
}

#[tokio::test]
async fn a_user_state_outside_the_contracts_enum_is_400() {
    let sb = sandbox().await;
    let who = demo_account(AccountType::Brand);
    for state in ["AAA", "DISABLED", "active "] {
        let r = raw_send(
            &sb,
            reqwest::Method::GET,
            &who,
            &format!("/Users?State={}", percent_encode(state)),
        )
        .await;
        let expected = if state.trim().eq_ignore_ascii_case("active") {
            200
        } else {
            400
        };
        assert_eq!(r.status(), expected, "State={state:?}");
    }
    for state in ["ACTIVE", "pending", "Invited"] {
        let r = raw_send(
            &sb,
            reqwest::Method::GET,
            &who,
            &format!("/Users?State={state}"),
        )
        .await;
        assert_eq!(r.status(), 200, "State={state}");
    }
}
