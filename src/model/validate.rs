//! Validation rules of the token-service contract. The wizard and the
//! sandbox call the same functions, so they can never disagree.

use crate::api::contract::{CreateTokenRequest, FieldError};
use crate::text;

/// Longest token name, in characters, after trimming.
pub const NAME_MAX: usize = 64;
/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 255;
/// Most developer e-mails on one token.
pub const EMAILS_MAX: usize = 10;

/// A request field, as named on the wire and in error bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `Name`
    Name,
    /// `Description`
    Description,
    /// `ApiVersion`
    ApiVersion,
    /// `PrimaryContactUserId`
    PrimaryContactUserId,
    /// `DeveloperEmails`
    DeveloperEmails,
    /// `Scopes`
    Scopes,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 6] = [
        Field::Name,
        Field::Description,
        Field::ApiVersion,
        Field::PrimaryContactUserId,
        Field::DeveloperEmails,
        Field::Scopes,
    ];

    /// The wire name.
    pub fn wire(self) -> &'static str {
        match self {
            Field::Name => "Name",
            Field::Description => "Description",
            Field::ApiVersion => "ApiVersion",
            Field::PrimaryContactUserId => "PrimaryContactUserId",
            Field::DeveloperEmails => "DeveloperEmails",
            Field::Scopes => "Scopes",
        }
    }

    /// Parses a wire name; also accepts indexed forms like `DeveloperEmails[2]`.
    pub fn from_wire(name: &str) -> Option<Field> {
        let base = name.split(['[', '.']).next().unwrap_or(name);
        Field::ALL.into_iter().find(|f| f.wire().eq_ignore_ascii_case(base))
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Checks a token name (the caller trims first).
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(text::NAME_REQUIRED.into());
    }
    if name.chars().count() > NAME_MAX {
        return Err(text::too_long(NAME_MAX));
    }
    if has_control(name) {
        return Err(text::NO_CONTROL_CHARS.into());
    }
    Ok(())
}

/// Checks a description.
pub fn check_description(description: &str) -> Result<(), String> {
    if description.chars().count() > DESCRIPTION_MAX {
        return Err(text::too_long(DESCRIPTION_MAX));
    }
    if has_control(description) {
        return Err(text::NO_CONTROL_CHARS.into());
    }
    Ok(())
}

/// Checks one e-mail address: a pragmatic subset of RFC 5321 that every
/// mail system accepts (dot-atom local part, dotted DNS domain).
pub fn check_email(email: &str) -> Result<(), String> {
    let bad = || Err(text::invalid_email(email));
    if email.len() > 254 || has_control(email) {
        return bad();
    }
    let Some((local, domain)) = email.rsplit_once('@') else { return bad() };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    if local.is_empty()
        || local.len() > 64
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || !local.chars().all(|c| c == '.' || atext(c))
    {
        return bad();
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || l.len() > 63
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        || labels.last().is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return bad();
    }
    Ok(())
}

/// Checks an address about to be added to an existing list.
pub fn check_new_email(existing: &[String], email: &str) -> Result<(), String> {
    check_email(email)?;
    if existing.iter().any(|e| e.eq_ignore_ascii_case(email)) {
        return Err(text::duplicate_email(email));
    }
    if existing.len() >= EMAILS_MAX {
        return Err(text::too_many_emails(EMAILS_MAX));
    }
    Ok(())
}

/// Checks a whole developer e-mail list.
pub fn check_developer_emails(emails: &[String]) -> Result<(), String> {
    if emails.len() > EMAILS_MAX {
        return Err(text::too_many_emails(EMAILS_MAX));
    }
    for (i, e) in emails.iter().enumerate() {
        check_new_email(&emails[..i], e)?;
    }
    Ok(())
}

/// What the server knows that a request is checked against.
pub struct Rules<'a> {
    /// Versions offered.
    pub versions: &'a [String],
    /// Whether a user Id names an ACTIVE user.
    pub is_active_user: &'a dyn Fn(&str) -> bool,
    /// Whether a scope Id exists for the chosen version.
    pub is_known_scope: &'a dyn Fn(&str) -> bool,
}

/// Every problem with a create request, field by field, in form order.
pub fn validate_request(req: &CreateTokenRequest, rules: &Rules<'_>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: Field, r: Result<(), String>| {
        if let Err(message) = r {
            errors.push(FieldError { field: field.wire().into(), message });
        }
    };
    push(Field::Name, check_name(req.name.trim()));
    push(Field::Description, check_description(&req.description));
    push(
        Field::ApiVersion,
        if rules.versions.contains(&req.api_version) {
            Ok(())
        } else {
            Err(text::unknown_version(&req.api_version))
        },
    );
    push(
        Field::PrimaryContactUserId,
        if req.primary_contact_user_id.is_empty() {
            Err(text::CONTACT_REQUIRED.into())
        } else if (rules.is_active_user)(&req.primary_contact_user_id) {
            Ok(())
        } else {
            Err(text::CONTACT_NOT_ACTIVE.into())
        },
    );
    push(Field::DeveloperEmails, check_developer_emails(&req.developer_emails));
    let scopes = if req.scopes.is_empty() {
        Err(text::SCOPES_REQUIRED.into())
    } else if let Some(bad) = req.scopes.iter().find(|s| !(rules.is_known_scope)(s)) {
        Err(text::unknown_scope(bad))
    } else {
        Ok(())
    };
    push(Field::Scopes, scopes);
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_name("reporting-prod").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name(&"x".repeat(64)).is_ok());
        assert!(check_name(&"x".repeat(65)).is_err());
        assert!(check_name(&"é".repeat(64)).is_ok(), "characters, not bytes");
        assert!(check_name("a\u{1b}[2Jb").is_err());
        assert!(check_name("tab\there").is_err());
    }

    #[test]
    fn descriptions() {
        assert!(check_description("").is_ok());
        assert!(check_description(&"d".repeat(255)).is_ok());
        assert!(check_description(&"d".repeat(256)).is_err());
        assert!(check_description("two\nlines").is_err());
    }

    #[test]
    fn emails() {
        for ok in ["dev@example.com", "first.last+tag@sub.example.co.uk", "a_b@x-y.io"] {
            assert!(check_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "plain", "@example.com", "a@", "a@b", "a@@b.com", "a b@c.com", ".a@b.com", "a..b@c.com",
            "a@-b.com", "a@b..com", "a@1.2.3.4", "a@b.com\n",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn email_lists() {
        let list: Vec<String> = vec!["a@x.io".into()];
        assert!(check_new_email(&list, "A@X.IO").is_err(), "duplicates ignore case");
        let full: Vec<String> = (0..10).map(|i| format!("d{i}@x.io")).collect();
        assert!(check_developer_emails(&full).is_ok());
        assert!(check_new_email(&full, "new@x.io").is_err());
        let mut over = full.clone();
        over.push("e@x.io".into());
        assert!(check_developer_emails(&over).is_err());
    }

    #[test]
    fn whole_request_reports_each_field() {
        let versions = vec!["14".to_string()];
        let rules = Rules {
            versions: &versions,
            is_active_user: &|u| u == "U1",
            is_known_scope: &|s| s == "listActions",
        };
        let good = CreateTokenRequest {
            name: "  t  ".into(),
            description: String::new(),
            api_version: "14".into(),
            primary_contact_user_id: "U1".into(),
            developer_emails: vec![],
            scopes: vec!["listActions".into()],
        };
        assert!(validate_request(&good, &rules).is_empty());
        let bad = CreateTokenRequest {
            name: "   ".into(),
            api_version: "9".into(),
            primary_contact_user_id: "U2".into(),
            developer_emails: vec!["nope".into()],
            scopes: vec!["deleteEverything".into()],
            ..good
        };
        let fields: Vec<_> = validate_request(&bad, &rules).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["Name", "ApiVersion", "PrimaryContactUserId", "DeveloperEmails", "Scopes"]);
    }

    #[test]
    fn field_names_parse_with_indices() {
        assert_eq!(Field::from_wire("DeveloperEmails[3]"), Some(Field::DeveloperEmails));
        assert_eq!(Field::from_wire("name"), Some(Field::Name));
        assert_eq!(Field::from_wire("Bogus"), None);
    }
}
