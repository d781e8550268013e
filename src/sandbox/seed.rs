//! Deterministic demo data: one account per type, its users, contacts and API
//! credentials. Everything here is fake and safe to print; nothing else the
//! sandbox holds is (minted tokens' secrets are random).

use crate::contract::User;
use crate::model::account::AccountType;

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
    }
}

/// The three seeded accounts, agency, brand, partner.
pub(crate) fn seed_accounts() -> Vec<SeedAccount> {
    vec![
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
}
