//! The sandbox against the token-service contract, over real loopback HTTP.
//! Each test starts its own sandbox on a free port, so tests never share state.

use std::time::{Duration, Instant};

use impact_token::contract::{
    CompanyInformation, CreatedToken, ErrorBody, IDEMPOTENCY_KEY, RATE_LIMIT_LIMIT,
    RATE_LIMIT_REMAINING, RATE_LIMIT_RESET, ScopesResponse, TokensResponse, UsersResponse,
};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;
use impact_token::sandbox::{
    DemoAccount, Fault, FaultSpec, Route, SandboxHandle, demo_account, demo_accounts,
    parse_fault_spec,
};
use reqwest::{Client, RequestBuilder, Response, StatusCode};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

fn client_with_timeout(timeout: Option<Duration>) -> Client {
    // reqwest is built without a default TLS provider; plain HTTP still needs one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = Client::builder().no_proxy();
    if let Some(t) = timeout {
        builder = builder.timeout(t);
    }
    builder.build().expect("client builds")
}

/// A running sandbox and a client for it.
struct Sandbox {
    handle: SandboxHandle,
    client: Client,
}

async fn sandbox() -> Sandbox {
    let handle = SandboxHandle::start("127.0.0.1:0".parse().unwrap())
        .await
        .expect("sandbox starts");
    Sandbox {
        handle,
        client: client_with_timeout(Some(Duration::from_secs(30))),
    }
}

fn restricted_brand() -> DemoAccount {
    demo_accounts()
        .into_iter()
        .find(|a| a.account_type == AccountType::Brand && a.role == "Analyst")
        .unwrap()
}

impl Sandbox {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.handle.base_url())
    }

    /// `{root}` + `rest` for an account, with its credentials.
    fn request(&self, method: reqwest::Method, who: &DemoAccount, rest: &str) -> RequestBuilder {
        let path = format!("{}{rest}", who.account_type.root(&who.account_sid));
        self.as_user(method, &path, &who.account_sid, &who.auth_token)
    }

    fn as_user(
        &self,
        method: reqwest::Method,
        path: &str,
        user: &str,
        password: &str,
    ) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .basic_auth(user, Some(password))
            .header(reqwest::header::ACCEPT, "application/json")
    }

    async fn get(&self, who: &DemoAccount, rest: &str) -> Response {
        self.request(reqwest::Method::GET, who, rest)
            .send()
            .await
            .expect("request completes")
    }

    fn create_request(&self, who: &DemoAccount, key: Option<&str>, body: &Value) -> RequestBuilder {
        let mut r = self
            .request(reqwest::Method::POST, who, "/APIAccessTokens")
            .json(body);
        if let Some(key) = key {
            r = r.header(IDEMPOTENCY_KEY, key);
        }
        r
    }

    async fn create(&self, who: &DemoAccount, key: Option<&str>, body: &Value) -> Response {
        self.create_request(who, key, body)
            .send()
            .await
            .expect("request completes")
    }
}

/// A create body that passes validation for an account type.
fn good_body(t: AccountType, name: &str) -> Value {
    let catalog = Catalog::bundled(t);
    let contact = match t {
        AccountType::Agency => "I-2000101",
        AccountType::Brand => "I-3000101",
        AccountType::Partner => "I-1139074",
    };
    json!({
        "Name": name,
        "Description": "made by a test",
        "ApiVersion": catalog.versions[0],
        "PrimaryContactUserId": contact,
        "DeveloperEmails": ["dev@example.com"],
        "Scopes": [catalog.scope(0).id],
    })
}

async fn error_body(r: Response) -> ErrorBody {
    let body: ErrorBody = r.json().await.expect("error envelope");
    assert_eq!(body.status, "ERROR");
    body
}

fn fields(body: &ErrorBody) -> Vec<&str> {
    body.errors.iter().map(|e| e.field.as_str()).collect()
}

fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ----- auth -----

#[tokio::test]
async fn bad_credentials_and_wrong_roots_are_401() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    let partner = demo_account(AccountType::Partner);
    let company = "/CompanyInformation";

    let brand_company = format!("{}{company}", AccountType::Brand.root(&brand.account_sid));
    let wrong_password = s.as_user(
        reqwest::Method::GET,
        &brand_company,
        &brand.account_sid,
        "nope",
    );
    let no_auth = s.client.get(s.url(&brand_company));
    let wrong_type = s.as_user(
        reqwest::Method::GET,
        &format!("{}{company}", AccountType::Partner.root(&brand.account_sid)),
        &brand.account_sid,
        &brand.auth_token,
    );
    let other_account = s.as_user(
        reqwest::Method::GET,
        &format!("{}{company}", AccountType::Brand.root(&partner.account_sid)),
        &brand.account_sid,
        &brand.auth_token,
    );
    for (what, request) in [
        ("wrong password", wrong_password),
        ("no auth", no_auth),
        ("wrong type", wrong_type),
        ("other SID", other_account),
    ] {
        let r = request.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{what}");
        assert!(!error_body(r).await.message.is_empty(), "{what}");
    }
    assert_eq!(s.get(&brand, company).await.status(), StatusCode::OK);
}

// ----- reads -----

#[tokio::test]
async fn company_information_names_seeded_users() {
    let s = sandbox().await;
    for who in demo_accounts().into_iter().take(3) {
        let r = s.get(&who, "/CompanyInformation").await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let info: CompanyInformation = r.json().await.unwrap();
        assert_eq!(info.company_name, who.company_name);
        assert!(info.technical_contact.is_some() && info.financial_contact.is_some());
        let users: UsersResponse = s.get(&who, "/Users").await.json().await.unwrap();
        for c in info.contacts() {
            let user = users
                .users
                .iter()
                .find(|u| u.id == c.user_id)
                .expect("contact is a seeded user");
            assert!(
                user.is_active(),
                "{} contact {} is active",
                who.account_type,
                c.user_id
            );
        }
    }
}

#[tokio::test]
async fn users_include_inactive_ones_and_emails() {
    let s = sandbox().await;
    for who in demo_accounts().into_iter().take(3) {
        let r = s.get(&who, "/Users").await;
        assert_eq!(r.status(), StatusCode::OK);
        let users = r.json::<UsersResponse>().await.unwrap().users;
        assert!(users.len() >= 4, "{}", who.account_type);
        assert!(
            users
                .iter()
                .any(|u| u.state == "PENDING" || u.state == "INVITED")
        );
        assert!(users.iter().any(|u| u.email.is_some()) && users.iter().any(|u| u.email.is_none()));
        assert!(
            users
                .iter()
                .all(|u| !u.id.is_empty() && !u.username.is_empty())
        );
    }
}

#[tokio::test]
async fn scopes_match_the_published_surface() {
    let s = sandbox().await;
    let expected = [
        (AccountType::Agency, 15),
        (AccountType::Brand, 117),
        (AccountType::Partner, 74),
    ];
    for (t, count) in expected {
        let who = demo_account(t);
        let r = s.get(&who, "/APIAccessTokens/Scopes").await;
        assert_eq!(r.status(), StatusCode::OK);
        let doc: ScopesResponse = r.json().await.unwrap();
        let n: usize = doc.categories.iter().map(|c| c.scopes.len()).sum();
        assert_eq!(n, count, "{t}");
        assert_eq!(doc.api_versions, t.api_versions(), "{t}: newest first");
        let older = t.api_versions()[1];
        let r = s
            .get(&who, &format!("/APIAccessTokens/Scopes?ApiVersion={older}"))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{t} v{older}");
    }
}

#[tokio::test]
async fn scopes_for_an_unknown_version_are_400() {
    let s = sandbox().await;
    let r = s
        .get(
            &demo_account(AccountType::Brand),
            "/APIAccessTokens/Scopes?ApiVersion=99",
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(fields(&error_body(r).await), ["ApiVersion"]);
}

#[tokio::test]
async fn json_must_be_acceptable() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    let path = format!("{}/Users", AccountType::Brand.root(&brand.account_sid));
    let r = s
        .client
        .get(s.url(&path))
        .basic_auth(&brand.account_sid, Some(&brand.auth_token))
        .header(reqwest::header::ACCEPT, "application/xml")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_ACCEPTABLE);
    error_body(r).await;
}

// ----- create -----

#[tokio::test]
async fn create_returns_credentials_once_and_lists_never_do() {
    let s = sandbox().await;
    for t in AccountType::ALL {
        let who = demo_account(t);
        let r = s
            .create(&who, Some(&key()), &good_body(t, "  reporting-prod  "))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED, "{t}");
        let created: CreatedToken = r.json().await.unwrap();
        let secret = created.auth_token.expose_secret().to_string();
        assert!(created.account_sid.starts_with("IR") && created.account_sid.len() == 34);
        assert_ne!(created.account_sid, who.account_sid);
        assert!(secret.len() >= 32);
        assert_eq!(created.token.name, "reporting-prod", "stored trimmed");
        let date = &created.token.date_created;
        assert!(
            date.len() == 20 && date.ends_with('Z') && date.as_bytes()[10] == b'T',
            "{date}"
        );

        let r = s.get(&who, "/APIAccessTokens").await;
        assert_eq!(r.status(), StatusCode::OK);
        let body = r.text().await.unwrap();
        assert!(
            !body.contains(&secret),
            "the list must not carry the secret"
        );
        assert!(!body.contains("AuthToken"));
        let list: TokensResponse = serde_json::from_str(&body).unwrap();
        assert_eq!(
            list.access_tokens.last(),
            Some(&created.token),
            "newest last"
        );
        assert_eq!(s.handle.minted_tokens(&who.account_sid), [created.token]);
    }
}

#[tokio::test]
async fn duplicate_names_are_409_ignoring_case_and_spaces() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    let r = s
        .create(
            &brand,
            Some(&key()),
            &good_body(AccountType::Brand, "Nightly Sync"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = s
        .create(
            &brand,
            Some(&key()),
            &good_body(AccountType::Brand, " nightly SYNC "),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(fields(&error_body(r).await), ["Name"]);
    assert_eq!(s.handle.minted_tokens(&brand.account_sid).len(), 1);
    // Names are per account: the partner may use it.
    let partner = demo_account(AccountType::Partner);
    let r = s
        .create(
            &partner,
            Some(&key()),
            &good_body(AccountType::Partner, "Nightly Sync"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn invalid_fields_are_422_field_by_field() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    let base = good_body(AccountType::Brand, "t");
    let with = |field: &str, value: Value| {
        let mut b = base.clone();
        b[field] = value;
        b
    };
    let cases = [
        ("name too long", with("Name", json!("x".repeat(65))), "Name"),
        ("blank name", with("Name", json!("   ")), "Name"),
        (
            "inactive contact",
            with("PrimaryContactUserId", json!("I-3000104")),
            "PrimaryContactUserId",
        ),
        (
            "contact of another account",
            with("PrimaryContactUserId", json!("I-1139074")),
            "PrimaryContactUserId",
        ),
        (
            "unknown scope",
            with("Scopes", json!(["deleteEverything"])),
            "Scopes",
        ),
        ("no scopes", with("Scopes", json!([])), "Scopes"),
        (
            "bad email",
            with("DeveloperEmails", json!(["not-an-address"])),
            "DeveloperEmails",
        ),
        (
            "version not offered",
            with("ApiVersion", json!("99")),
            "ApiVersion",
        ),
    ];
    for (what, body, field) in cases {
        let r = s.create(&brand, Some(&key()), &body).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        let e = error_body(r).await;
        assert_eq!(fields(&e), [field], "{what}");
        assert!(!e.errors[0].message.is_empty());
    }
    assert!(s.handle.minted_tokens(&brand.account_sid).is_empty());
}

#[tokio::test]
async fn malformed_json_and_missing_key_are_400() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    let r = s
        .request(reqwest::Method::POST, &brand, "/APIAccessTokens")
        .header(IDEMPOTENCY_KEY, key())
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(r#"{"Name": "x", "#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(error_body(r).await.errors.is_empty());

    let r = s
        .request(reqwest::Method::POST, &brand, "/APIAccessTokens")
        .header(IDEMPOTENCY_KEY, key())
        .body(good_body(AccountType::Brand, "not-json-typed").to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must say JSON"
    );

    let r = s
        .create(&brand, None, &good_body(AccountType::Brand, "no-key"))
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(error_body(r).await.message.contains("Idempotency-Key"));
    assert!(s.handle.minted_tokens(&brand.account_sid).is_empty());
}

#[tokio::test]
async fn idempotency_key_replays_the_same_token() {
    let s = sandbox().await;
    let partner = demo_account(AccountType::Partner);
    let k = key();
    let body = good_body(AccountType::Partner, "retry-me");
    let first: CreatedToken = s
        .create(&partner, Some(&k), &body)
        .await
        .json()
        .await
        .unwrap();
    let r = s.create(&partner, Some(&k), &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let again: CreatedToken = r.json().await.unwrap();
    assert_eq!(again.token.id, first.token.id);
    assert_eq!(again.account_sid, first.account_sid);
    assert_eq!(
        again.auth_token.expose_secret(),
        first.auth_token.expose_secret()
    );
    assert_eq!(s.handle.minted_tokens(&partner.account_sid).len(), 1);
    assert_eq!(s.handle.create_calls(), 2);

    let r = s
        .create(
            &partner,
            Some(&k),
            &good_body(AccountType::Partner, "something-else"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(error_body(r).await.message.contains("Idempotency-Key"));
    assert_eq!(s.handle.minted_tokens(&partner.account_sid).len(), 1);
}

#[tokio::test]
async fn restricted_brand_user_may_not_create() {
    let s = sandbox().await;
    let analyst = restricted_brand();
    // The credential works for reads, on the brand account's data.
    let info: CompanyInformation = s
        .get(&analyst, "/CompanyInformation")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        info.company_name,
        demo_account(AccountType::Brand).company_name
    );
    let r = s
        .create(
            &analyst,
            Some(&key()),
            &good_body(AccountType::Brand, "nope"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let message = error_body(r).await.message;
    assert!(
        message.contains("Account Administrators")
            && message.contains("Implementation Specialists"),
        "{message}"
    );
    assert!(s.handle.minted_tokens(&analyst.account_sid).is_empty());
}

// ----- minted tokens -----

#[tokio::test]
async fn minted_tokens_are_limited_to_their_scopes() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    let mut body = good_body(AccountType::Brand, "actions-reader");
    body["Scopes"] = json!(["getActionById"]);
    let created: CreatedToken = s
        .create(&brand, Some(&key()), &body)
        .await
        .json()
        .await
        .unwrap();
    let (sid, secret) = (
        created.account_sid.clone(),
        created.auth_token.expose_secret().to_string(),
    );
    let root = AccountType::Brand.root(&brand.account_sid);
    let call = |method: reqwest::Method, rest: &str| {
        s.as_user(method, &format!("{root}{rest}"), &sid, &secret)
            .send()
    };

    assert_eq!(
        call(reqwest::Method::GET, "/CompanyInformation")
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let r = call(reqwest::Method::GET, "/Actions/A-1").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.json::<Value>().await.unwrap().is_object());
    let r = call(reqwest::Method::GET, "/Ads").await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(error_body(r).await.message.contains("not in scope"));
    assert_eq!(
        call(reqwest::Method::GET, "/Users").await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(reqwest::Method::GET, "/APIAccessTokens")
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let r = s
        .as_user(
            reqwest::Method::POST,
            &format!("{root}/APIAccessTokens"),
            &sid,
            &secret,
        )
        .header(IDEMPOTENCY_KEY, key())
        .json(&good_body(AccountType::Brand, "token-minting-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(s.handle.minted_tokens(&brand.account_sid).len(), 1);

    // The token's own SID also names its account in paths, but not another type's root.
    let own = AccountType::Brand.root(&sid);
    let r = s
        .as_user(
            reqwest::Method::GET,
            &format!("{own}/Actions/A-2"),
            &sid,
            &secret,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let wrong = AccountType::Partner.root(&sid);
    let r = s
        .as_user(
            reqwest::Method::GET,
            &format!("{wrong}/CompanyInformation"),
            &sid,
            &secret,
        )
        .send()
        .await;
    assert_eq!(r.unwrap().status(), StatusCode::UNAUTHORIZED);
    // The account's own credentials may call any catalog endpoint.
    assert_eq!(s.get(&brand, "/Ads").await.status(), StatusCode::OK);
    assert_eq!(
        s.get(&brand, "/NoSuchThing").await.status(),
        StatusCode::NOT_FOUND
    );
    let r = s
        .request(reqwest::Method::PUT, &brand, "/CompanyInformation")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "updateCompanyInformation is a catalog endpoint"
    );
    let r = s
        .request(reqwest::Method::DELETE, &brand, "/APIAccessTokens")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
}

// ----- faults -----

#[tokio::test]
async fn status_faults_answer_with_the_envelope() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    s.handle.inject(Route::Users, Fault::Status(500), 2);
    for _ in 0..2 {
        let r = s.get(&brand, "/Users").await;
        assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
        error_body(r).await;
    }
    assert_eq!(
        s.get(&brand, "/Users").await.status(),
        StatusCode::OK,
        "used up"
    );

    let body = good_body(AccountType::Brand, "faulty");
    s.handle.inject(Route::Create, Fault::Status(403), 1);
    s.handle.inject(Route::Create, Fault::Status(409), 1);
    s.handle.inject(Route::Create, Fault::Status(422), 1);
    let r = s.create(&brand, Some(&key()), &body).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(
        error_body(r)
            .await
            .message
            .contains("Implementation Specialists")
    );
    let r = s.create(&brand, Some(&key()), &body).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(fields(&error_body(r).await), ["Name"]);
    let r = s.create(&brand, Some(&key()), &body).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&error_body(r).await), ["Name"]);
    assert_eq!(s.handle.create_calls(), 3);
    assert!(s.handle.minted_tokens(&brand.account_sid).is_empty());

    s.handle.inject(Route::Scopes, Fault::Status(429), 1);
    let r = s.get(&brand, "/APIAccessTokens/Scopes").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()[RATE_LIMIT_RESET], "2");
    assert_eq!(r.headers()[RATE_LIMIT_REMAINING], "0");
    assert!(r.headers().contains_key(RATE_LIMIT_LIMIT));

    // `Any` covers every route, and faults come before auth.
    s.handle.inject(Route::Any, Fault::Status(503), 1);
    let r = s
        .as_user(
            reqwest::Method::GET,
            "/Agencies/IRnobody/CompanyInformation",
            "x",
            "y",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn html_and_malformed_bodies_are_not_json() {
    let s = sandbox().await;
    let agency = demo_account(AccountType::Agency);
    s.handle.inject(Route::Company, Fault::Html(502), 1);
    let r = s.get(&agency, "/CompanyInformation").await;
    assert_eq!(r.status(), StatusCode::BAD_GATEWAY);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());

    s.handle.inject(Route::Users, Fault::Malformed, 1);
    let r = s.get(&agency, "/Users").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.json::<UsersResponse>().await.is_err());
}

#[tokio::test]
async fn huge_bodies_are_over_a_mebibyte() {
    let s = sandbox().await;
    let partner = demo_account(AccountType::Partner);
    s.handle.inject(Route::Tokens, Fault::Huge, 1);
    let r = s.get(&partner, "/APIAccessTokens").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = r.bytes().await.unwrap();
    assert!(body.len() > 1024 * 1024, "{}", body.len());
    assert!(
        serde_json::from_slice::<Value>(&body).is_ok(),
        "valid JSON, just too much of it"
    );
}

#[tokio::test]
async fn drop_after_commit_loses_the_answer_but_keeps_the_token() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    let k = key();
    let body = good_body(AccountType::Brand, "committed");
    s.handle.inject(Route::Create, Fault::DropAfterCommit, 1);
    let sent = s.create_request(&brand, Some(&k), &body).send().await;
    assert!(
        sent.is_err(),
        "no answer at all, got {:?}",
        sent.map(|r| r.status())
    );
    let tokens = s.handle.minted_tokens(&brand.account_sid);
    assert_eq!(tokens.len(), 1);
    // The retry with the same key gets the committed token and creates nothing.
    let again: CreatedToken = s
        .create(&brand, Some(&k), &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again.token.id, tokens[0].id);
    assert_eq!(s.handle.minted_tokens(&brand.account_sid).len(), 1);
    assert_eq!(s.handle.create_calls(), 2);
}

#[tokio::test]
async fn reset_mid_body_fails_the_read() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    s.handle.inject(Route::Users, Fault::ResetMidBody, 1);
    let outcome = match s
        .request(reqwest::Method::GET, &brand, "/Users")
        .send()
        .await
    {
        Ok(r) => r.bytes().await.map(|_| ()),
        Err(e) => Err(e),
    };
    assert!(outcome.is_err());
    assert_eq!(
        s.get(&brand, "/Users").await.status(),
        StatusCode::OK,
        "the next request is fine"
    );
}

#[tokio::test]
async fn hang_outlasts_a_client_timeout() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    s.handle.inject(Route::Company, Fault::Hang, 1);
    let impatient = client_with_timeout(Some(Duration::from_millis(300)));
    let path = format!(
        "{}/CompanyInformation",
        AccountType::Brand.root(&brand.account_sid)
    );
    let err = impatient
        .get(s.url(&path))
        .basic_auth(&brand.account_sid, Some(&brand.auth_token))
        .send()
        .await
        .expect_err("hangs");
    assert!(err.is_timeout(), "{err}");
    assert_eq!(
        s.get(&brand, "/CompanyInformation").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn latency_delays_the_answer() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    let delay = Duration::from_millis(250);
    s.handle.set_latency(Route::Users, delay);
    let started = Instant::now();
    assert_eq!(s.get(&brand, "/Users").await.status(), StatusCode::OK);
    assert!(started.elapsed() >= delay);
    s.handle.set_latency(Route::Users, Duration::ZERO);
}

#[tokio::test]
async fn rate_limit_answers_429_with_headers() {
    let s = sandbox().await;
    let brand = demo_account(AccountType::Brand);
    s.handle.set_rate_limit(3);
    for _ in 0..3 {
        assert_eq!(
            s.get(&brand, "/CompanyInformation").await.status(),
            StatusCode::OK
        );
    }
    let r = s.get(&brand, "/CompanyInformation").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let header = |name: &str| r.headers()[name].to_str().unwrap().parse::<u64>().unwrap();
    assert_eq!(header(RATE_LIMIT_LIMIT), 3);
    assert_eq!(header(RATE_LIMIT_REMAINING), 0);
    assert!((1..=3600).contains(&header(RATE_LIMIT_RESET)));
    error_body(r).await;
    // The budget is per account.
    let agency = demo_account(AccountType::Agency);
    assert_eq!(
        s.get(&agency, "/CompanyInformation").await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn admin_endpoint_injects_faults() {
    let s = sandbox().await;
    let partner = demo_account(AccountType::Partner);
    let admin = s.url("/__sandbox/faults");
    let r = s
        .client
        .post(&admin)
        .json(&json!({"Inject": [{"Route": "users", "Fault": "html:504", "Times": 1}], "Latency": [{"Route": "any", "Ms": 10}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let state: Value = r.json().await.unwrap();
    assert_eq!(state["Pending"][0]["Fault"], "html:504");
    assert_eq!(state["Latency"][0]["Ms"], 10);
    assert_eq!(
        s.get(&partner, "/Users").await.status(),
        StatusCode::GATEWAY_TIMEOUT
    );

    let r = s
        .client
        .post(&admin)
        .json(&json!({"Inject": [{"Route": "nowhere", "Fault": "500"}]}))
        .send()
        .await;
    assert_eq!(r.unwrap().status(), StatusCode::BAD_REQUEST);
    let r = s
        .client
        .post(&admin)
        .json(&json!({"Clear": true, "RateLimit": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["Pending"], json!([]));
    assert_eq!(s.get(&partner, "/Users").await.status(), StatusCode::OK);
    assert_eq!(
        s.get(&partner, "/Users").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[test]
fn fault_grammar_parses() {
    let specs = parse_fault_spec("create=500*2,users=404,scopes=404").unwrap();
    assert_eq!(
        specs,
        [
            FaultSpec {
                route: Route::Create,
                fault: Fault::Status(500),
                times: 2
            },
            FaultSpec {
                route: Route::Users,
                fault: Fault::Status(404),
                times: 1
            },
            FaultSpec {
                route: Route::Scopes,
                fault: Fault::Status(404),
                times: 1
            },
        ]
    );
    let all = parse_fault_spec("company=html:503, tokens=malformed, any=huge*forever, create=drop, users=reset, scopes=hang")
        .unwrap();
    let faults: Vec<Fault> = all.iter().map(|s| s.fault).collect();
    assert_eq!(
        faults,
        [
            Fault::Html(503),
            Fault::Malformed,
            Fault::Huge,
            Fault::DropAfterCommit,
            Fault::ResetMidBody,
            Fault::Hang
        ]
    );
    assert_eq!(all[2].times, usize::MAX);
    assert!(parse_fault_spec("create=500*x").is_err());
    assert!(parse_fault_spec("create:500").is_err());
}

#[test]
fn demo_accounts_come_in_documented_order() {
    let all = demo_accounts();
    let types: Vec<AccountType> = all.iter().map(|a| a.account_type).collect();
    assert_eq!(
        types,
        [
            AccountType::Agency,
            AccountType::Brand,
            AccountType::Partner,
            AccountType::Brand
        ]
    );
    for t in AccountType::ALL {
        assert_eq!(demo_account(t).role, "Account Administrator");
        assert!(demo_account(t).auth_token.contains("not-secret"));
    }
    assert_eq!(all[3].role, "Analyst");
}
