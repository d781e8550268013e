//! Deterministic demo data: one account per type, its users, contacts and API
//! credentials, and each account's seeded tokens. Everything here is fake and
//! safe to print, except the seeded and minted tokens' secrets, which are
//! random and never printed.

use std::time::{Duration, SystemTime};

use crate::contract::{CreateTokenRequest, TOKEN_DISABLED, User};
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;

use super::clock::iso8601_utc;
use super::create::mint;
use super::state::StoredToken;

pub(crate) use super::synthetic::synthetic_tokens;
pub use super::synthetic::{ENV_SEED_TOKENS, MAX_SEED_TOKENS};

/// Role of the seeded account credentials; allowed to create tokens everywhere.
pub const ROLE_ADMINISTRATOR: &str = "Account Administrator";
/// The other brand role allowed to create tokens.
pub const ROLE_IMPLEMENTATION_SPECIALIST: &str = "Implementation Specialist";
/// Role of the restricted brand credential, which may not create tokens.
pub const ROLE_ANALYST: &str = "Analyst";
/// Brand roles that may create tokens (impact.com's documented rule).
pub const BRAND_CREATOR_ROLES: [&str; 2] = [ROLE_ADMINISTRATOR, ROLE_IMPLEMENTATION_SPECIALIST];

/// A seeded credential the sandbox accepts, printed by `impact-token sandbox`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    /// Which account it belongs to.
    pub account_type: AccountType,
    /// Basic-auth user name; also accepted as `{AccountSID}` in paths.
    pub account_sid: String,
    /// Basic-auth password (fake, not a secret).
    pub auth_token: String,
    /// The account's company name, as CompanyInformation answers.
    pub company_name: String,
    /// The role of the user behind this credential.
    pub role: String,
}

/// One seeded account's fixed facts.
pub(crate) struct SeedAccount {
    pub account_type: AccountType,
    pub sid: &'static str,
    pub auth_token: &'static str,
    pub company_name: &'static str,
    pub users: Vec<User>,
    /// Technical, financial and security contacts, by user Id.
    pub contacts: [&'static str; 3],
}

/// A second credential of the brand account, for a user who may not create
/// tokens; it has its own SID so clients that key credentials by SID can
/// hold both.
pub(crate) const RESTRICTED_BRAND_SID: &str = "IRDEMOBRANDANALYST0000000000000001";
pub(crate) const RESTRICTED_BRAND_TOKEN: &str = "demo-brand-analyst-auth-token-not-secret";

fn user(id: &str, first: &str, last: &str, email: Option<&str>, state: &str) -> User {
    User {
        id: id.into(),
        first_name: first.into(),
        last_name: last.into(),
        username: format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
        email: email.map(Into::into),
        state: state.into(),
        product_roles: None,
        access_rights: None,
    }
}

/// Users every account gets after its own, so that the user list crosses
/// a page at the default page size: first and last name, and whether ACTIVE.
const MORE_USERS: [(&str, &str, bool); 8] = [
    ("Nora", "Novak", true),
    ("Omar", "Ortiz", true),
    ("Priya", "Patel", true),
    ("Quinn", "Quigley", true),
    ("Rosa", "Romero", true),
    ("Sam", "Sato", true),
    ("Tess", "Turner", true),
    ("Uma", "Ueda", false),
];

/// Brand roles as impact.com's `ProductRoles[].Role` spells them, handed
/// out to the brand's users in turn.
const BRAND_ROLES: [&str; 4] = [
    "ACCOUNT_ADMINISTRATOR",
    "IMPLEMENTATION_SPECIALIST",
    "ANALYST",
    "ACCOUNT_MANAGER",
];

/// Adds [`MORE_USERS`] (Ids following `id_base`, e-mails at `domain`) and
/// each account type's own extras: brand users get `ProductRoles`, partner
/// users `AccessRights`.
fn complete(mut account: SeedAccount, id_base: u64, domain: &str) -> SeedAccount {
    for (i, (first, last, active)) in (0u64..).zip(MORE_USERS) {
        let email = format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase());
        let state = if active { "ACTIVE" } else { "PENDING" };
        let id = format!("I-{}", id_base + i);
        account
            .users
            .push(user(&id, first, last, Some(&email), state));
    }
    for (i, u) in account.users.iter_mut().enumerate() {
        match account.account_type {
            AccountType::Brand => {
                u.product_roles = Some(vec![crate::contract::ProductRole {
                    role: BRAND_ROLES[i % BRAND_ROLES.len()].into(),
                }]);
            }
            AccountType::Partner => {
                let rights = if i == 0 { "ADMIN" } else { "STANDARD" };
                u.access_rights = Some(serde_json::Value::String(rights.into()));
            }
            AccountType::Agency => {}
        }
    }
    account
}

/// The three seeded accounts, agency, brand, partner.
pub(crate) fn seed_accounts() -> Vec<SeedAccount> {
    let [agency, brand, partner] = seed_accounts_own();
    vec![
        complete(agency, 2_000_201, "demo-agency.example"),
        complete(brand, 3_000_201, "demo-brand.example"),
        complete(partner, 1_139_201, "demo-partner.example"),
    ]
}

/// The accounts with their own named users only.
fn seed_accounts_own() -> [SeedAccount; 3] {
    [
        SeedAccount {
            account_type: AccountType::Agency,
            sid: "IRDEMOAGENCY0000000000000000000001",
            auth_token: "demo-agency-auth-token-not-secret",
            company_name: "Demo Agency Ltd (sandbox)",
            users: vec![
                user(
                    "I-2000101",
                    "Alex",
                    "Archer",
                    Some("alex.archer@demo-agency.example"),
                    "ACTIVE",
                ),
                user(
                    "I-2000102",
                    "Bianca",
                    "Byrne",
                    Some("bianca.byrne@demo-agency.example"),
                    "ACTIVE",
                ),
                user("I-2000103", "Carlos", "Castillo", None, "ACTIVE"),
                user(
                    "I-2000104",
                    "Dana",
                    "Doyle",
                    Some("dana.doyle@demo-agency.example"),
                    "PENDING",
                ),
            ],
            contacts: ["I-2000101", "I-2000102", "I-2000101"],
        },
        SeedAccount {
            account_type: AccountType::Brand,
            sid: "IRDEMOBRAND00000000000000000000001",
            auth_token: "demo-brand-auth-token-not-secret",
            company_name: "Demo Brand Inc. (sandbox)",
            users: vec![
                user(
                    "I-3000101",
                    "Erin",
                    "Easton",
                    Some("erin.easton@demo-brand.example"),
                    "ACTIVE",
                ),
                user(
                    "I-3000102",
                    "Farid",
                    "Fischer",
                    Some("farid.fischer@demo-brand.example"),
                    "ACTIVE",
                ),
                user("I-3000103", "Gwen", "Gallo", None, "ACTIVE"),
                user(
                    "I-3000104",
                    "Hiro",
                    "Hayashi",
                    Some("hiro.hayashi@demo-brand.example"),
                    "INVITED",
                ),
                user("I-3000105", "Ines", "Ibarra", None, "PENDING"),
            ],
            contacts: ["I-3000101", "I-3000102", "I-3000103"],
        },
        SeedAccount {
            account_type: AccountType::Partner,
            sid: "IRDEMOPARTNER000000000000000000001",
            auth_token: "demo-partner-auth-token-not-secret",
            company_name: "Demo Partner Media (sandbox)",
            users: vec![
                user(
                    "I-1139074",
                    "Jonas",
                    "Jensen",
                    Some("jonas.jensen@demo-partner.example"),
                    "ACTIVE",
                ),
                user("I-1139075", "Kira", "Kowalski", None, "ACTIVE"),
                user(
                    "I-1139076",
                    "Leo",
                    "Lambert",
                    Some("leo.lambert@demo-partner.example"),
                    "ACTIVE",
                ),
                user(
                    "I-1139077",
                    "Mia",
                    "Moreau",
                    Some("mia.moreau@demo-partner.example"),
                    "INVITED",
                ),
            ],
            contacts: ["I-1139074", "I-1139075", "I-1139076"],
        },
    ]
}

/// Every seeded credential: the agency, brand and partner administrators, in
/// that order, then the restricted brand user.
pub fn demo_accounts() -> Vec<DemoAccount> {
    let mut out: Vec<DemoAccount> = seed_accounts()
        .into_iter()
        .map(|a| DemoAccount {
            account_type: a.account_type,
            account_sid: a.sid.into(),
            auth_token: a.auth_token.into(),
            company_name: a.company_name.into(),
            role: ROLE_ADMINISTRATOR.into(),
        })
        .collect();
    let brand = out[1].clone();
    out.push(DemoAccount {
        account_sid: RESTRICTED_BRAND_SID.into(),
        auth_token: RESTRICTED_BRAND_TOKEN.into(),
        role: ROLE_ANALYST.into(),
        ..brand
    });
    out
}

/// One seeded token: name, description, days since creation, enabled, and
/// how many of the catalog's scopes it allows.
pub(super) struct SeedToken {
    name: &'static str,
    description: &'static str,
    age_days: u64,
    enabled: bool,
    scopes: usize,
}

/// Every account's seeded tokens, oldest first: some older than 30 days,
/// some from the last 7, two disabled, so the API page's filters show
/// something. Their names start with "Demo seed:" so they cannot clash with
/// names tests create.
pub(super) const SEED_TOKENS: [SeedToken; 5] = [
    SeedToken {
        name: "Demo seed: Nightly reporting",
        description: "Reads the reports every night (seeded by the sandbox)",
        age_days: 120,
        enabled: true,
        scopes: 3,
    },
    SeedToken {
        name: "Demo seed: Legacy export",
        description: "An old export, switched off (seeded by the sandbox)",
        age_days: 45,
        enabled: false,
        scopes: 1,
    },
    SeedToken {
        name: "Demo seed: Catalog sync",
        description: "",
        age_days: 20,
        enabled: true,
        scopes: 5,
    },
    SeedToken {
        name: "Demo seed: Dashboard",
        description: "The team's dashboard (seeded by the sandbox)",
        age_days: 3,
        enabled: true,
        scopes: 2,
    },
    SeedToken {
        name: "Demo seed: Trial integration",
        description: "",
        age_days: 1,
        enabled: false,
        scopes: 4,
    },
];

/// The seeded tokens of one account, oldest first, created relative to
/// `now`, each with fresh random credentials (never printed). The oldest is
/// on the oldest API version the catalog offers, so Upgrade has work to do;
/// the others are on the newest.
pub(crate) fn seed_tokens(catalog: &Catalog, contact: &str, now: SystemTime) -> Vec<StoredToken> {
    let ids: Vec<&str> = catalog.scopes().map(|s| s.id).collect();
    let newest = catalog.versions.first().cloned().unwrap_or_default();
    let oldest = catalog.versions.last().cloned().unwrap_or_default();
    SEED_TOKENS
        .iter()
        .enumerate()
        .map(|(i, seed)| {
            let scopes = ids
                .iter()
                .cycle()
                .skip(i * 3)
                .take(seed.scopes.min(ids.len()))
                .map(|s| s.to_string())
                .collect();
            let request = CreateTokenRequest {
                name: seed.name.into(),
                description: seed.description.into(),
                api_version: if i == 0 { &oldest } else { &newest }.clone(),
                primary_contact_user_id: contact.into(),
                developer_emails: Vec::new(),
                scopes,
            };
            let mut stored = mint(&request, seed.name.into());
            let created = now
                .checked_sub(Duration::from_secs(seed.age_days * 86_400))
                .unwrap_or(now);
            stored.token.date_created = iso8601_utc(created);
            stored.seeded = true;
            if !seed.enabled {
                stored.token.state = TOKEN_DISABLED.into();
            }
            stored
        })
        .collect()
}

/// The administrator credential of an account type.
pub fn demo_account(account_type: AccountType) -> DemoAccount {
    demo_accounts()
        .into_iter()
        .find(|a| a.account_type == account_type)
        .expect("every account type is seeded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_well_formed() {
        let all = demo_accounts();
        let types: Vec<_> = all.iter().map(|a| a.account_type).collect();
        assert_eq!(
            types,
            [
                AccountType::Agency,
                AccountType::Brand,
                AccountType::Partner,
                AccountType::Brand
            ]
        );
        assert!(
            all.iter()
                .all(|a| a.account_sid.len() == 34 && a.account_sid.starts_with("IR"))
        );
        assert_eq!(all[3].role, ROLE_ANALYST);
        for a in seed_accounts() {
            assert!(a.users.len() >= 4);
            assert!(a.users.iter().any(|u| !u.is_active()));
            assert!(a.users.iter().any(|u| u.email.is_some()));
            for c in a.contacts {
                assert!(a.users.iter().any(|u| u.id == c && u.is_active()), "{c}");
            }
        }
    }

    #[test]
    fn seeded_tokens_span_the_filters_and_use_known_scopes() {
        let now = SystemTime::now();
        for t in AccountType::ALL {
            let catalog = Catalog::bundled(t);
            let tokens = seed_tokens(&catalog, "I-1", now);
            assert!(tokens.len() >= 4);
            assert!(tokens.iter().any(|s| !s.token.is_enabled()));
            assert!(tokens.iter().any(|s| s.token.is_enabled()));
            let dates: Vec<&str> = tokens
                .iter()
                .map(|s| s.token.date_created.as_str())
                .collect();
            let mut sorted = dates.clone();
            sorted.sort();
            assert_eq!(dates, sorted, "oldest first");
            let days_ago = |d: u64| iso8601_utc(now - Duration::from_secs(d * 86_400));
            assert!(dates.iter().any(|d| *d < days_ago(30).as_str()));
            assert!(dates.iter().any(|d| *d > days_ago(7).as_str()));
            for s in &tokens {
                assert!(!s.token.scopes.is_empty());
                assert!(
                    s.token
                        .scopes
                        .iter()
                        .all(|id| catalog.index_of(id).is_some())
                );
                assert!(s.token.name.starts_with("Demo seed:"));
            }
            let secrets: std::collections::HashSet<_> =
                tokens.iter().map(|s| s.auth_token.as_str()).collect();
            assert_eq!(secrets.len(), tokens.len(), "each its own secret");
        }
    }
}
