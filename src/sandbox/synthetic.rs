//! Synthetic tokens for measuring a long API page:
//! `IMPACT_SANDBOX_SEED_TOKENS=N` gives every account N of them besides its
//! five demo ones. Names, states, dates and scopes vary so the filters have
//! something to narrow; each has its own random credentials (never printed).

use std::time::{Duration, SystemTime};

use crate::contract::{TOKEN_DISABLED, TOKEN_ENABLED, Token};
use crate::model::catalog::Catalog;
use crate::model::validate::name_key;

use super::clock::iso8601_utc;
use super::create::{auth_token_from, sid_from};
use super::state::StoredToken;

/// Environment variable: `IMPACT_SANDBOX_SEED_TOKENS=N` gives every account
/// N synthetic tokens besides its five demo ones (for measurement).
pub const ENV_SEED_TOKENS: &str = "IMPACT_SANDBOX_SEED_TOKENS";
/// Most synthetic tokens an account may be seeded with.
pub const MAX_SEED_TOKENS: usize = 100_000;

/// First words of the synthetic tokens' names, so that Search by Name has
/// something to narrow.
const SYNTHETIC_AREAS: [&str; 12] = [
    "Reporting",
    "Catalog",
    "Payouts",
    "Tracking",
    "Partner portal",
    "Invoices",
    "Dashboard",
    "Webhooks",
    "Audit",
    "Exports",
    "Créatifs",
    "Promo codes",
];
/// Second words of the synthetic tokens' names.
const SYNTHETIC_PURPOSES: [&str; 7] = [
    "sync",
    "nightly job",
    "integration",
    "backfill",
    "monitor",
    "staging",
    "EU team",
];

/// `n` synthetic token listings, oldest first: names from
/// [`SYNTHETIC_AREAS`] and [`SYNTHETIC_PURPOSES`] plus a number (so each is
/// unique), created up to 400 days before `now`, about one in five
/// disabled, one to eight of `catalog`'s scopes, some on older API
/// versions, Ids from `id`. Deterministic but for the Ids and `now`; the
/// benches measure the API page on these.
pub fn synthetic_listing(
    catalog: &Catalog,
    contact: &str,
    now: SystemTime,
    n: usize,
    mut id: impl FnMut() -> String,
) -> Vec<Token> {
    let ids: Vec<&str> = catalog.scopes().map(|s| s.id).collect();
    let versions = &catalog.versions;
    let mut out: Vec<(u64, Token)> = (0..n)
        .map(|i| {
            // A cheap deterministic mix (Knuth's multiplicative hash).
            let h = (i as u64).wrapping_mul(2_654_435_761) >> 5;
            let scopes = ids
                .iter()
                .cycle()
                .skip((h >> 8) as usize % ids.len().max(1))
                .take((1 + (h >> 3) % 8).min(ids.len() as u64) as usize)
                .map(|s| s.to_string())
                .collect();
            let version = match (h >> 6) % 10 {
                0 => versions.last(),
                1 => versions.get(1),
                _ => versions.first(),
            };
            let age = (h >> 11) % (400 * 86_400);
            let created = now.checked_sub(Duration::from_secs(age)).unwrap_or(now);
            let token = Token {
                id: id(),
                name: format!(
                    "{} {} {:05}",
                    SYNTHETIC_AREAS[(h % 12) as usize],
                    SYNTHETIC_PURPOSES[((h >> 4) % 7) as usize],
                    i + 1
                ),
                description: if h.is_multiple_of(3) {
                    String::new()
                } else {
                    format!("Synthetic token {} (seeded for measurement)", i + 1)
                },
                api_version: version.cloned().unwrap_or_default(),
                primary_contact_user_id: contact.into(),
                developer_emails: Vec::new(),
                scopes,
                date_created: iso8601_utc(created),
                state: if (h >> 2).is_multiple_of(5) {
                    TOKEN_DISABLED
                } else {
                    TOKEN_ENABLED
                }
                .into(),
                revision: String::new(),
            };
            (age, token)
        })
        .collect();
    out.sort_by_key(|(age, _)| std::cmp::Reverse(*age));
    out.into_iter().map(|(_, t)| t).collect()
}

/// [`synthetic_listing`] for one account of the sandbox, each token with
/// fresh random Id and credentials (never printed).
pub(crate) fn synthetic_tokens(
    catalog: &Catalog,
    contact: &str,
    now: SystemTime,
    n: usize,
) -> Vec<StoredToken> {
    // An Id, a SID and an Auth Token take four UUIDs' worth of randomness
    // per token; read in one go, not in a system call each (which made
    // 10,000 tokens per account cost about half a second).
    let mut random = RandomBytes::new(n * 64);
    let listing = synthetic_listing(catalog, contact, now, n, || {
        uuid::Builder::from_random_bytes(random.take())
            .into_uuid()
            .to_string()
    });
    listing
        .into_iter()
        .map(|token| StoredToken {
            name_key: name_key(&token.name),
            token,
            sid: sid_from(random.take()),
            auth_token: auth_token_from(random.take(), random.take()),
            seeded: true,
            seq: 0,
        })
        .collect()
}

/// Random bytes from the operating system, read in one go and handed out
/// 16 at a time; a v4 UUID's (one system call each) once they run out or
/// where there is no `/dev/urandom`.
struct RandomBytes {
    bytes: Vec<u8>,
    at: usize,
}

impl RandomBytes {
    /// Tries to read `n` bytes now.
    fn new(n: usize) -> RandomBytes {
        let mut bytes = vec![0u8; n];
        let read = {
            use std::io::Read;
            std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes))
        };
        if read.is_err() {
            bytes.clear();
        }
        RandomBytes { bytes, at: 0 }
    }

    /// The next 16 bytes.
    fn take(&mut self) -> [u8; 16] {
        match self.bytes.get(self.at..self.at + 16) {
            Some(b) => {
                self.at += 16;
                b.try_into().expect("16 bytes")
            }
            None => *uuid::Uuid::new_v4().as_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AccountType;
    use crate::sandbox::seed::{ROLE_ADMINISTRATOR, SEED_TOKENS};

    #[test]
    fn synthetic_tokens_are_listed_oldest_first_and_page_whole() {
        use crate::contract::TokensResponse;
        use crate::sandbox::auth::Caller;
        use crate::sandbox::state::{Principal, Store};

        const N: usize = 1234;
        let catalogs: std::collections::HashMap<_, _> = AccountType::ALL
            .into_iter()
            .map(|t| (t, Catalog::bundled(t)))
            .collect();
        let mut store = Store::seeded();
        store.seed_tokens(&catalogs, N);
        let now = SystemTime::now();
        let days_ago = |d: u64| iso8601_utc(now - Duration::from_secs(d * 86_400));
        for (i, account) in store.accounts.iter().enumerate() {
            let tokens: Vec<&Token> = account.tokens.iter().map(|s| &s.token).collect();
            assert_eq!(tokens.len(), N + SEED_TOKENS.len());
            let demo = tokens.iter().filter(|t| t.name.starts_with("Demo seed:"));
            assert_eq!(demo.count(), SEED_TOKENS.len(), "the demo tokens stay");
            let dates: Vec<&str> = tokens.iter().map(|t| t.date_created.as_str()).collect();
            assert!(dates.is_sorted(), "oldest first");
            assert!(dates.iter().any(|d| *d < days_ago(300).as_str()));
            assert!(dates.iter().any(|d| *d > days_ago(7).as_str()));
            let keys: std::collections::HashSet<String> =
                tokens.iter().map(|t| name_key(&t.name)).collect();
            assert_eq!(keys.len(), tokens.len(), "names are unique");
            let disabled = tokens.iter().filter(|t| !t.is_enabled()).count();
            assert!((N / 10..N / 3).contains(&disabled), "{disabled} disabled");
            let versions: std::collections::HashSet<&str> =
                tokens.iter().map(|t| t.api_version.as_str()).collect();
            assert!(versions.len() > 1, "{versions:?}");
            let catalog = &catalogs[&account.account_type];
            let counts: std::collections::HashSet<usize> =
                tokens.iter().map(|t| t.scopes.len()).collect();
            assert!(counts.len() >= 5, "{counts:?}");
            let sids: std::collections::HashSet<&str> =
                account.tokens.iter().map(|s| s.sid.as_str()).collect();
            let secrets: std::collections::HashSet<&str> = account
                .tokens
                .iter()
                .map(|s| s.auth_token.as_str())
                .collect();
            assert_eq!((sids.len(), secrets.len()), (tokens.len(), tokens.len()));
            for (t, s) in tokens.iter().zip(&account.tokens) {
                assert!(s.sid.len() == 34 && s.sid.starts_with("IR"), "{}", s.sid);
                assert_eq!(s.auth_token.len(), 43);
                assert_eq!(s.name_key, name_key(&t.name));
                assert!(!t.scopes.is_empty());
                assert!(t.scopes.iter().all(|id| catalog.index_of(id).is_some()));
                // Each logs in with its own credentials, as a minted one does.
                let c = &store.credentials[&s.sid];
                assert_eq!(
                    (c.account, c.auth_token.as_str()),
                    (i, s.auth_token.as_str())
                );
            }
        }

        // The brand account's list, page by page as a client walks it.
        let brand = 1;
        let sid = store.accounts[brand].sid.clone();
        let caller = Caller {
            account: brand,
            account_type: AccountType::Brand,
            account_sid: sid.clone(),
            credential_sid: sid.clone(),
            principal: Principal::User {
                role: ROLE_ADMINISTRATOR.into(),
            },
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let get = |uri: &str| -> TokensResponse {
            let resp = crate::sandbox::manage::list(&store, &caller, &uri.parse().unwrap());
            let body = rt
                .block_on(axum::body::to_bytes(resp.into_body(), usize::MAX))
                .unwrap();
            serde_json::from_slice(&body).unwrap()
        };
        let all: Vec<&str> = store.accounts[brand]
            .tokens
            .iter()
            .map(|s| s.token.id.as_str())
            .collect();
        let mut uri = format!("/Advertisers/{sid}/APIAccessTokens?Page=1&PageSize=100");
        let (mut seen, mut pages) = (Vec::new(), 0);
        loop {
            let page = get(&uri);
            pages += 1;
            assert_eq!(page.paging.total, all.len().to_string());
            assert_eq!(page.paging.num_pages, all.len().div_ceil(100).to_string());
            seen.extend(page.access_tokens.into_iter().map(|t| t.id));
            if page.paging.next_page_uri.is_empty() {
                break;
            }
            uri = page.paging.next_page_uri;
        }
        assert_eq!(pages, all.len().div_ceil(100));
        assert_eq!(seen, all, "every token once, in order");

        // The filters narrow them as the list's own rule says.
        let page = get(&format!(
            "/Advertisers/{sid}/APIAccessTokens?Name=payouts%20sync&State=DISABLED&PageSize=1000"
        ));
        let expected = store.accounts[brand]
            .tokens
            .iter()
            .filter(|s| s.token.name.to_lowercase().contains("payouts sync"))
            .filter(|s| !s.token.is_enabled())
            .count();
        assert!(expected > 0);
        assert_eq!(page.access_tokens.len(), expected);
    }
}
