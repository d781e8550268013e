//! Spec files: a token request as a reviewable document (TOML or JSON).
//!
//! A spec lists scopes by Id; exports add each scope's method and path (as
//! a comment in TOML, as fields in JSON) so a reviewer sees what is granted.
//! Reading is strict: unknown fields and unknown scope Ids are refused with
//! the line they are on.

use serde::{Deserialize, Serialize};

use crate::contract::CreateTokenRequest;
use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::model::validate;

/// File formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// TOML, with a comment per scope.
    Toml,
    /// JSON, with method and path beside each Id.
    Json,
}

impl Format {
    /// By file extension, else by the first non-blank character.
    pub fn detect(path: &std::path::Path, text: &str) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            Some(e) if e.eq_ignore_ascii_case("toml") => Format::Toml,
            _ if text.trim_start().starts_with('{') => Format::Json,
            _ => Format::Toml,
        }
    }
}

/// One scope in a spec: an Id, or an Id with its method and path (for review).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScopeRef {
    /// Just the Id.
    Id(String),
    /// The Id with what it allows.
    Described {
        /// Scope Id.
        id: String,
        /// HTTP method (informational; checked against the catalog).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<String>,
        /// Path (informational).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
    },
}

impl ScopeRef {
    /// The scope Id.
    pub fn id(&self) -> &str {
        match self {
            ScopeRef::Id(id) | ScopeRef::Described { id, .. } => id,
        }
    }
}

/// The document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecDoc {
    /// agency, brand or partner.
    pub account_type: String,
    /// Token Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// API version; the newest when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Primary contact's user Id.
    pub primary_contact_user_id: String,
    /// Developer e-mails.
    #[serde(default)]
    pub developer_emails: Vec<String>,
    /// Scopes by Id.
    pub scopes: Vec<ScopeRef>,
}

/// A spec that was read and checked against a catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The account type it is for.
    pub account_type: AccountType,
    /// The request it describes (scopes in catalog order).
    pub request: CreateTokenRequest,
}

/// Why a spec was refused: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// The reason.
    pub message: String,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn err(text: &str, needle: Option<&str>, message: impl Into<String>) -> SpecError {
    SpecError {
        line: needle.and_then(|n| line_of(text, n)),
        message: message.into(),
    }
}

/// The 1-based line of the first quoted occurrence of `value`.
fn line_of(text: &str, value: &str) -> Option<usize> {
    let at = text
        .find(&format!("\"{value}\""))
        .or_else(|| text.find(&format!("'{value}'")))?;
    Some(text[..at].matches('\n').count() + 1)
}

/// The 1-based line of the first occurrence of a key at the start of a line
/// (TOML) or as a quoted JSON key.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(&format!("{key} "))
                || t.starts_with(&format!("{key}="))
                || t.starts_with(&format!("\"{key}\""))
        })
        .map(|i| i + 1)
}

/// Parses and checks a spec. `expected` is the account type the caller
/// uses (from `--account-type` or a profile), if any; `catalog_for` gives
/// the catalog to check scope Ids against.
pub fn parse(
    text: &str,
    format: Format,
    expected: Option<AccountType>,
    catalog_for: &dyn Fn(AccountType) -> Catalog,
) -> Result<Spec, SpecError> {
    parse_with(text, format, expected, catalog_for, false)
}

/// [`parse`] for a spec that is still a draft, as `spec from-log` writes
/// it: the name and the primary contact may be blank (they stay empty in
/// the request); everything else is checked as strictly.
pub fn parse_draft(
    text: &str,
    format: Format,
    expected: Option<AccountType>,
    catalog_for: &dyn Fn(AccountType) -> Catalog,
) -> Result<Spec, SpecError> {
    parse_with(text, format, expected, catalog_for, true)
}

fn parse_with(
    text: &str,
    format: Format,
    expected: Option<AccountType>,
    catalog_for: &dyn Fn(AccountType) -> Catalog,
    draft: bool,
) -> Result<Spec, SpecError> {
    let doc: SpecDoc = match format {
        Format::Toml => toml::from_str(text).map_err(|e| SpecError {
            line: e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1),
            message: e.message().to_string(),
        })?,
        Format::Json => serde_json::from_str(text).map_err(|e| SpecError {
            line: Some(e.line()).filter(|l| *l > 0),
            message: strip_json_position(&e.to_string()),
        })?,
    };
    let account_type: AccountType = doc.account_type.parse().map_err(|m: String| SpecError {
        line: line_of_key(text, "account_type"),
        message: m,
    })?;
    if let Some(want) = expected
        && want != account_type
    {
        return Err(SpecError {
            line: line_of_key(text, "account_type"),
            message: crate::text::spec_wrong_account_type(account_type, want),
        });
    }
    let catalog = catalog_for(account_type);
    let api_version = doc
        .api_version
        .clone()
        .unwrap_or_else(|| catalog.versions[0].clone());
    if !catalog.versions.contains(&api_version) {
        return Err(err(
            text,
            Some(&api_version),
            crate::text::unknown_version(&api_version),
        ));
    }
    let name = doc.name.trim().to_string();
    check_setup(&doc, text, draft)?;
    for (i, e) in doc.developer_emails.iter().enumerate() {
        validate::check_new_email(&doc.developer_emails[..i], e)
            .map_err(|m| err(text, Some(e), m))?;
    }
    if doc.scopes.is_empty() {
        return Err(SpecError {
            line: line_of_key(text, "scopes"),
            message: crate::text::SCOPES_REQUIRED.into(),
        });
    }
    let mut indices = Vec::with_capacity(doc.scopes.len());
    for s in &doc.scopes {
        let id = s.id();
        let Some(i) = catalog.index_of(id) else {
            return Err(err(text, Some(id), crate::text::unknown_scope(id)));
        };
        if let ScopeRef::Described {
            method: Some(m), ..
        } = s
            && !m.eq_ignore_ascii_case(catalog.scope(i).method)
        {
            return Err(err(
                text,
                Some(id),
                crate::text::spec_method_mismatch(id, m, catalog.scope(i).method),
            ));
        }
        if indices.contains(&i) {
            return Err(err(text, Some(id), crate::text::spec_duplicate_scope(id)));
        }
        indices.push(i);
    }
    indices.sort_unstable();
    Ok(Spec {
        account_type,
        request: CreateTokenRequest {
            name,
            description: doc.description.trim().to_string(),
            api_version,
            primary_contact_user_id: doc.primary_contact_user_id.trim().to_string(),
            developer_emails: doc.developer_emails.clone(),
            scopes: indices
                .into_iter()
                .map(|i| catalog.scope(i).id.to_string())
                .collect(),
        },
    })
}

/// The name, description and primary contact of `doc`; in a `draft`, a
/// blank name or contact passes (to be filled in).
fn check_setup(doc: &SpecDoc, text: &str, draft: bool) -> Result<(), SpecError> {
    let name = doc.name.trim();
    if !(draft && name.is_empty()) {
        validate::check_name(name).map_err(|m| SpecError {
            line: line_of_key(text, "name"),
            message: format!("name: {m}"),
        })?;
    }
    validate::check_description(doc.description.trim()).map_err(|m| SpecError {
        line: line_of_key(text, "description"),
        message: format!("description: {m}"),
    })?;
    if doc.primary_contact_user_id.trim().is_empty() && !draft {
        return Err(SpecError {
            line: line_of_key(text, "primary_contact_user_id"),
            message: crate::text::CONTACT_REQUIRED.into(),
        });
    }
    Ok(())
}

fn strip_json_position(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

/// A TOML string that reads back as `s`, with server text escaped by the
/// one rule ([`crate::text::toml_quote`]).
fn toml_str(s: &str) -> String {
    crate::text::toml_quote(s)
}

/// The request as TOML, each scope with a comment naming its method and path.
pub fn to_toml(account_type: AccountType, req: &CreateTokenRequest, catalog: &Catalog) -> String {
    let mut out = String::new();
    out.push_str(crate::text::SPEC_HEADER);
    out.push_str(&format!(
        "account_type = {}\n",
        toml_str(account_type.as_str())
    ));
    out.push_str(&format!("name = {}\n", toml_str(&req.name)));
    out.push_str(&format!("description = {}\n", toml_str(&req.description)));
    out.push_str(&format!("api_version = {}\n", toml_str(&req.api_version)));
    out.push_str(&format!(
        "primary_contact_user_id = {}\n",
        toml_str(&req.primary_contact_user_id)
    ));
    let emails: Vec<String> = req.developer_emails.iter().map(|e| toml_str(e)).collect();
    out.push_str(&format!("developer_emails = [{}]\n", emails.join(", ")));
    out.push_str("scopes = [\n");
    for id in &req.scopes {
        let (method, path) = catalog
            .index_of(id)
            .map(|i| (catalog.scope(i).method, catalog.scope(i).path))
            .unwrap_or(("?", "?"));
        let write = if crate::model::catalog::is_write_method(method) {
            "  (write)"
        } else {
            ""
        };
        // The path comes from the catalog, which a server may send: inert,
        // so a newline in it cannot end the comment and add TOML lines.
        let path = crate::text::inert(path);
        out.push_str(&format!("  {}, # {method} {path}{write}\n", toml_str(id)));
    }
    out.push_str("]\n");
    out
}

/// The request as JSON, each scope with its method and path.
pub fn to_json(account_type: AccountType, req: &CreateTokenRequest, catalog: &Catalog) -> String {
    let doc = SpecDoc {
        account_type: account_type.as_str().to_string(),
        name: req.name.clone(),
        description: req.description.clone(),
        api_version: Some(req.api_version.clone()),
        primary_contact_user_id: req.primary_contact_user_id.clone(),
        developer_emails: req.developer_emails.clone(),
        scopes: req
            .scopes
            .iter()
            .map(|id| match catalog.index_of(id) {
                Some(i) => ScopeRef::Described {
                    id: id.clone(),
                    method: Some(catalog.scope(i).method.to_string()),
                    path: Some(catalog.scope(i).path.to_string()),
                },
                None => ScopeRef::Id(id.clone()),
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&doc).expect("a spec serialises") + "\n";
    crate::text::json_inert(&mut json);
    json
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(c: &Catalog) -> CreateTokenRequest {
        CreateTokenRequest {
            name: "nightly \"export\"".into(),
            description: "BI".into(),
            api_version: "14".into(),
            primary_contact_user_id: "I-1".into(),
            developer_emails: vec!["dev@example.com".into()],
            scopes: vec![c.scope(0).id.to_string(), c.scope(1).id.to_string()],
        }
    }

    fn bundled(t: AccountType) -> Catalog {
        Catalog::bundled(t)
    }

    #[test]
    fn a_draft_may_leave_the_name_and_contact_blank_and_nothing_else() {
        let draft = "account_type = \"brand\"\nname = \"\"\nprimary_contact_user_id = \"\"\nscopes = [\"getCompanyInformation\"]\n";
        let e = parse(draft, Format::Toml, None, &bundled).unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let spec = parse_draft(draft, Format::Toml, None, &bundled).unwrap();
        assert_eq!(spec.request.name, "");
        assert_eq!(spec.request.primary_contact_user_id, "");
        let no_scopes = draft.replace("[\"getCompanyInformation\"]", "[]");
        assert!(parse_draft(&no_scopes, Format::Toml, None, &bundled).is_err());
        let long = draft.replace("name = \"\"", &format!("name = \"{}\"", "x".repeat(65)));
        assert!(parse_draft(&long, Format::Toml, None, &bundled).is_err());
    }

    #[test]
    fn toml_and_json_round_trip() {
        let c = Catalog::bundled(AccountType::Brand);
        let req = request(&c);
        let toml_text = to_toml(AccountType::Brand, &req, &c);
        assert!(
            toml_text.contains("# GET /Advertisers/{AccountSID}/CompanyInformation"),
            "{toml_text}"
        );
        assert!(toml_text.contains("(write)"));
        let back = parse(&toml_text, Format::Toml, Some(AccountType::Brand), &bundled).unwrap();
        assert_eq!(back.request, req);
        let json_text = to_json(AccountType::Brand, &req, &c);
        let back = parse(&json_text, Format::Json, None, &bundled).unwrap();
        assert_eq!(back.request, req);
        assert_eq!(back.account_type, AccountType::Brand);
    }

    #[test]
    fn a_server_sent_scope_path_cannot_add_lines_to_the_toml_export() {
        let json = r#"{"ApiVersions":["14"],"Categories":[{"Name":"c","Scopes":[
            {"Id":"getX","Name":"x","Method":"GET","Path":"/x\nname = \"evil\"\nexpires = 1"}]}]}"#;
        let c = Catalog::from_json(json, crate::model::catalog::CatalogSource::Bundled).unwrap();
        let mut req = request(&Catalog::bundled(AccountType::Brand));
        req.scopes = vec!["getX".into()];
        let text = to_toml(AccountType::Brand, &req, &c);
        let doc: toml::Table = text.parse().unwrap();
        assert_eq!(doc["name"].as_str(), Some(req.name.as_str()), "{text}");
        assert!(!doc.contains_key("expires"), "{text}");
    }

    #[test]
    fn unknown_scope_ids_and_fields_are_refused_with_their_line() {
        let text = "account_type = \"brand\"\nname = \"x\"\nprimary_contact_user_id = \"I-1\"\nscopes = [\n  \"getCompanyInformation\",\n  \"dropDatabase\",\n]\n";
        let e = parse(text, Format::Toml, None, &bundled).unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(e.message.contains("dropDatabase"));
        let text = "account_type = \"brand\"\nname = \"x\"\nprimary_contact_user_id = \"I-1\"\nscopes = [\"getCompanyInformation\"]\nexpires = 30\n";
        let e = parse(text, Format::Toml, None, &bundled).unwrap_err();
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("expires"), "{}", e.message);
        let json = "{\n \"account_type\": \"brand\",\n \"name\": \"x\",\n \"primary_contact_user_id\": \"I-1\",\n \"scopes\": [\"getCompanyInformation\"],\n \"Extra\": 1\n}";
        let e = parse(json, Format::Json, None, &bundled).unwrap_err();
        assert_eq!(e.line, Some(6));
        assert!(e.to_string().starts_with("line 6: unknown field"), "{e}");
    }

    #[test]
    fn other_checks() {
        let base = |extra: &str| {
            format!(
                "account_type = \"agency\"\nname = \"x\"\nprimary_contact_user_id = \"I-1\"\nscopes = [\"getAdvertiser\"]\n{extra}"
            )
        };
        assert!(parse(&base(""), Format::Toml, None, &bundled).is_ok());
        let e = parse(&base(""), Format::Toml, Some(AccountType::Brand), &bundled).unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = parse(&base("api_version = \"9\"\n"), Format::Toml, None, &bundled).unwrap_err();
        assert_eq!(e.line, Some(5));
        let e = parse(
            &base("developer_emails = [\"bad\"]\n"),
            Format::Toml,
            None,
            &bundled,
        )
        .unwrap_err();
        assert_eq!(e.line, Some(5));
        let dup = "account_type = \"agency\"\nname = \"x\"\nprimary_contact_user_id = \"I-1\"\nscopes = [\"getAdvertiser\", \"getAdvertiser\"]\n";
        assert!(
            parse(dup, Format::Toml, None, &bundled)
                .unwrap_err()
                .message
                .contains("twice")
        );
        let wrong_method = r#"{"account_type":"agency","name":"x","primary_contact_user_id":"I-1","scopes":[{"id":"getAdvertiser","method":"DELETE"}]}"#;
        assert!(parse(wrong_method, Format::Json, None, &bundled).is_err());
        assert_eq!(
            Format::detect(std::path::Path::new("a.json"), ""),
            Format::Json
        );
        assert_eq!(
            Format::detect(std::path::Path::new("a"), " {"),
            Format::Json
        );
        assert_eq!(
            Format::detect(std::path::Path::new("a.spec"), "name = 1"),
            Format::Toml
        );
    }
}
