//! A spec as steps for impact.com's web page ("Create Access Token"): the
//! Setup values, the Contact values, then per category the toggle and the
//! boxes to tick by the names the page shows (the catalog's scope names).
//! Until a token service exists, this is how a reviewed spec reaches the
//! real platform.

use crate::contract::CreateTokenRequest;
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::text::{ChecklistParts, ChecklistScope, checklist_markdown};

/// The checklist as Markdown. `contact_name` is the primary contact as the
/// drop-down shows it, when known (the wizard knows it; a spec file holds
/// only the user Id).
pub fn checklist(
    account_type: AccountType,
    req: &CreateTokenRequest,
    catalog: &Catalog,
    contact_name: Option<&str>,
) -> String {
    let contact = match contact_name {
        Some(name) => Contact::Named(name),
        None => Contact::NotLooked,
    };
    checklist_for(account_type, req, catalog, contact)
}

/// What is known of the primary contact's user Id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contact<'a> {
    /// The users were not read: the Id alone.
    NotLooked,
    /// The user's name, as the drop-down shows it.
    Named(&'a str),
    /// The users were read and none has the Id.
    Unknown,
}

/// [`checklist`] with what is known of the contact.
pub fn checklist_for(
    account_type: AccountType,
    req: &CreateTokenRequest,
    catalog: &Catalog,
    contact: Contact<'_>,
) -> String {
    let contact_name = match contact {
        Contact::Named(name) => Some(name),
        _ => None,
    };
    let mut categories: Vec<(String, Vec<ChecklistScope>)> = Vec::new();
    let mut indices: Vec<usize> = req
        .scopes
        .iter()
        .filter_map(|id| catalog.index_of(id))
        .collect();
    indices.sort_unstable();
    for i in indices {
        let s = catalog.scope(i);
        let cat = &catalog.categories[s.category].name;
        let row = ChecklistScope {
            name: s.name.to_string(),
            write: s.is_write(),
        };
        match categories.last_mut() {
            Some((name, rows)) if name == cat => rows.push(row),
            _ => categories.push((cat.clone(), vec![row])),
        }
    }
    checklist_markdown(&ChecklistParts {
        account_type: account_type.as_str(),
        breadcrumb: account_type.breadcrumb(),
        name: &req.name,
        description: &req.description,
        api_version: &req.api_version,
        contact_id: &req.primary_contact_user_id,
        contact_name,
        contact_unknown: contact == Contact::Unknown,
        emails: &req.developer_emails,
        categories,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_in_page_order_with_their_boxes() {
        let c = Catalog::bundled(AccountType::Brand);
        let req = CreateTokenRequest {
            name: "a `tick`".into(),
            description: String::new(),
            api_version: "14".into(),
            primary_contact_user_id: "U-1".into(),
            developer_emails: vec![],
            scopes: vec![
                "createAd".into(),
                "getCompanyInformation".into(),
                "listAds".into(),
            ],
        };
        let md = checklist(AccountType::Brand, &req, &c, Some("Ada Lovelace"));
        let account = md.find("### Account Information").unwrap();
        let ads = md.find("### Ads").unwrap();
        assert!(account < ads, "{md}");
        assert!(
            md.contains("- [ ] Tick **Get Company Information**\n"),
            "{md}"
        );
        assert!(md.contains("- [ ] Tick **Create an Ad** (write)\n"), "{md}");
        assert!(md.contains("- [ ] Toggle **Ads** on\n"), "{md}");
        assert!(md.contains("`` a `tick` ``"), "{md}");
        assert!(md.contains("pick `Ada Lovelace` (user Id `U-1`)"), "{md}");
        let md = checklist_for(AccountType::Brand, &req, &c, Contact::Unknown);
        assert!(
            md.contains("user Id `U-1`, which is not among the account's users (unknown user)"),
            "{md}"
        );
        assert!(
            md.contains("User profile › Settings › Technical › API"),
            "{md}"
        );
    }
}
