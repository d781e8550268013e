//! Building the create request from what the user entered.

use crate::contract::CreateTokenRequest;
use crate::model::catalog::Catalog;
use crate::model::selection::Selection;

/// The form's values, as typed, before trimming.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormValues<'a> {
    /// Token name as typed.
    pub name: &'a str,
    /// Description as typed.
    pub description: &'a str,
    /// Chosen API version.
    pub api_version: &'a str,
    /// Chosen primary contact, if any.
    pub primary_contact_user_id: Option<&'a str>,
    /// Developer e-mails already accepted.
    pub developer_emails: &'a [String],
}

/// The request body: names trimmed, scopes in catalog order.
pub fn build_request(
    form: &FormValues<'_>,
    catalog: &Catalog,
    selection: &Selection,
) -> CreateTokenRequest {
    CreateTokenRequest {
        name: form.name.trim().to_string(),
        description: form.description.trim().to_string(),
        api_version: form.api_version.to_string(),
        primary_contact_user_id: form.primary_contact_user_id.unwrap_or_default().to_string(),
        developer_emails: form.developer_emails.to_vec(),
        scopes: selection
            .selected_ids(catalog)
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// One submission: a request and the Idempotency-Key that every retry of it reuses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    /// The body sent.
    pub request: CreateTokenRequest,
    /// Sent as `Idempotency-Key`.
    pub idempotency_key: String,
}

impl Submission {
    /// Reuses the previous key when the request is unchanged, so a retry after
    /// a lost answer or a cancel cannot mint a second token; a changed request
    /// gets a fresh key.
    pub fn next(previous: Option<&Submission>, request: CreateTokenRequest) -> Submission {
        let idempotency_key = match previous {
            Some(p) if p.request == request => p.idempotency_key.clone(),
            _ => uuid::Uuid::new_v4().to_string(),
        };
        Submission {
            request,
            idempotency_key,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account::AccountType;

    #[test]
    fn request_is_trimmed_and_ordered() {
        let c = Catalog::bundled(AccountType::Agency);
        let mut s = Selection::new(&c);
        s.set_scope(3, true);
        s.set_scope(0, true);
        let emails = vec!["dev@example.com".to_string()];
        let form = FormValues {
            name: "  nightly export ",
            description: " d ",
            api_version: "3",
            primary_contact_user_id: Some("U1"),
            developer_emails: &emails,
        };
        let r = build_request(&form, &c, &s);
        assert_eq!(r.name, "nightly export");
        assert_eq!(r.description, "d");
        assert_eq!(
            r.scopes,
            [c.scope(0).id.to_string(), c.scope(3).id.to_string()]
        );
        assert_eq!(r.primary_contact_user_id, "U1");
        let json = serde_json::to_value(&r).unwrap();
        for key in [
            "Name",
            "Description",
            "ApiVersion",
            "PrimaryContactUserId",
            "DeveloperEmails",
            "Scopes",
        ] {
            assert!(json.get(key).is_some(), "{key}");
        }
    }

    #[test]
    fn retries_reuse_the_key_and_changes_get_a_new_one() {
        let req = CreateTokenRequest {
            name: "a".into(),
            ..Default::default()
        };
        let first = Submission::next(None, req.clone());
        let retry = Submission::next(Some(&first), req.clone());
        assert_eq!(first.idempotency_key, retry.idempotency_key);
        let changed = Submission::next(
            Some(&first),
            CreateTokenRequest {
                name: "b".into(),
                ..req
            },
        );
        assert_ne!(first.idempotency_key, changed.idempotency_key);
        assert_eq!(first.idempotency_key.len(), 36);
    }
}
