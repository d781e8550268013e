//! The loads at connect: CompanyInformation (the credentials check), Users,
//! Scopes, the caller's permissions and the token list, in the order the
//! credentials allow.

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::retry::RetryPolicy;
use crate::contract::CompanyInformation;

use super::{Contacts, Load, Sink, WorkerEvent, load_with_retries};

/// When the loads at connect go out, relative to the credentials check.
#[derive(Debug)]
pub(super) enum Order {
    /// CompanyInformation alone first; the rest only once it answered well.
    /// For credentials a user gave: a wrong token then costs one failed
    /// login against the server's lockout count, not four.
    CheckFirst,
    /// All four at once, for credentials known to be valid (the launcher's
    /// in-process sandbox): one round trip instead of two. Their answers
    /// still reach the UI only after CompanyInformation's, and not at all
    /// if it failed. The [`WorkerEvent::Ready`] to send just before it.
    Together(Box<WorkerEvent>),
}

pub(super) async fn connect(
    c: Client,
    api_version: String,
    policy: RetryPolicy,
    sink: Sink,
    order: Order,
    names: bool,
) {
    let (together, ready) = match order {
        Order::CheckFirst => (false, None),
        Order::Together(ready) => (true, Some(*ready)),
    };
    // CompanyInformation's outcome: `Some(Some(company))` once it answered
    // well, `Some(None)` once it failed.
    let (checked_tx, checked_rx) = tokio::sync::watch::channel(None::<Option<CompanyInformation>>);
    let check = async {
        let company =
            load_with_retries(Load::Company, policy, &sink, || c.company_information()).await;
        let ok = company.as_ref().ok().cloned();
        if let Some(ready) = ready {
            sink(ready);
        }
        sink(WorkerEvent::Company(company));
        checked_tx.send_replace(Some(ok));
    };
    let company = || checked_rx.clone();
    // Each answer goes to the screen as soon as it is in (and the check has
    // passed): the contacts do not wait for the (larger) catalog or the
    // token list.
    tokio::join!(
        check,
        async {
            let progress = |page, of| sink(WorkerEvent::ContactsPage { page, of });
            let users = load_with_retries(Load::Users, policy, &sink, || {
                c.users_with_progress(&progress)
            });
            if let Some((company, users)) = after_check(together, company(), users).await {
                sink(WorkerEvent::Contacts(
                    users.map(|users| contacts_from(users, Some(company))),
                ));
            }
        },
        async {
            let scopes = load_with_retries(Load::Catalog, policy, &sink, || c.scopes(&api_version));
            if let Some((_, result)) = after_check(together, company(), scopes).await {
                sink(WorkerEvent::Catalog {
                    api_version: api_version.clone(),
                    result,
                });
            }
        },
        async {
            // What the caller may do with tokens; a server that does not
            // say, or a failure, leaves it unknown (changes are tried and
            // refused as before).
            let permissions = c.permissions();
            if let Some((_, p)) = after_check(together, company(), permissions).await {
                sink(WorkerEvent::Permissions(p.ok().flatten()));
            }
        },
        async {
            if !names {
                return;
            }
            let tokens = load_with_retries(Load::Tokens, policy, &sink, || c.tokens());
            if let Some((_, tokens)) = after_check(together, company(), tokens).await {
                sink(WorkerEvent::Tokens(tokens));
            }
        },
    );
}

/// The credentials check's outcome as [`connect`] shares it: `None` while it
/// runs, then `Some(Some(company))` or `Some(None)` (it failed).
type Checked = tokio::sync::watch::Receiver<Option<Option<CompanyInformation>>>;

/// Runs `load` together with the credentials check or after it, and returns
/// its result with the company once the check passed; `None` (the result
/// dropped) if it failed. Run together, a failed check also ends the load:
/// its retries would only add noise to the failure.
async fn after_check<T>(
    together: bool,
    checked: Checked,
    load: impl std::future::Future<Output = T>,
) -> Option<(CompanyInformation, T)> {
    let company = |mut rx: Checked| async move {
        rx.wait_for(Option::is_some)
            .await
            .ok()
            .and_then(|v| v.clone())
            .flatten()
    };
    if !together {
        let company = company(checked).await?;
        return Some((company, load.await));
    }
    let mut failed = checked.clone();
    let failed = async move {
        let _ = failed.wait_for(|v| matches!(v, Some(None))).await;
    };
    let (company, value) = tokio::join!(company(checked), async {
        tokio::select! {
            v = load => Some(v),
            () = failed => None,
        }
    });
    Some((company?, value?))
}

/// The contacts from `/Users`' answer: its ACTIVE users, or the company's
/// contacts when `/Users` is not offered (`None`).
fn contacts_from(
    users: Option<Vec<crate::contract::User>>,
    company: Option<CompanyInformation>,
) -> Contacts {
    match users {
        Some(users) => Contacts {
            list: users
                .iter()
                .filter(|u| u.is_active())
                .map(|u| u.to_contact())
                .collect(),
            from_company: false,
        },
        None => Contacts {
            list: company.map(|c| c.contacts()).unwrap_or_default(),
            from_company: true,
        },
    }
}

/// ACTIVE users, or CompanyInformation's contacts when `/Users` is not offered.
pub(super) async fn load_contacts(
    c: &Client,
    company: Option<CompanyInformation>,
    policy: RetryPolicy,
    sink: &Sink,
) -> Result<Contacts, ApiError> {
    let progress = |page, of| sink(WorkerEvent::ContactsPage { page, of });
    let users = load_with_retries(Load::Users, policy, sink, || {
        c.users_with_progress(&progress)
    })
    .await?;
    let company = match (&users, company) {
        (None, None) => {
            Some(load_with_retries(Load::Company, policy, sink, || c.company_information()).await?)
        }
        (_, company) => company,
    };
    Ok(contacts_from(users, company))
}
