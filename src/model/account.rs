//! Account types and the facts impact.com publishes about each of them.

use std::fmt;
use std::str::FromStr;

/// The three kinds of impact.com account that can own access tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AccountType {
    /// An agency account (`/Agencies/{AccountSID}`).
    Agency,
    /// A brand (advertiser) account (`/Advertisers/{AccountSID}`).
    Brand,
    /// A partner (media partner) account (`/Mediapartners/{AccountSID}`).
    Partner,
}

impl AccountType {
    /// All account types, in the order the CLI lists them.
    pub const ALL: [AccountType; 3] = [
        AccountType::Agency,
        AccountType::Brand,
        AccountType::Partner,
    ];

    /// The lowercase name used on the command line and in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountType::Agency => "agency",
            AccountType::Brand => "brand",
            AccountType::Partner => "partner",
        }
    }

    /// The first path segment of this account type's REST root.
    pub fn root_segment(self) -> &'static str {
        match self {
            AccountType::Agency => "Agencies",
            AccountType::Brand => "Advertisers",
            AccountType::Partner => "Mediapartners",
        }
    }

    /// Parses a REST root segment such as `Advertisers`.
    pub fn from_root_segment(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.root_segment() == segment)
    }

    /// `{root}` for an account: `/Advertisers/{sid}` and so on.
    pub fn root(self, account_sid: &str) -> String {
        format!("/{}/{}", self.root_segment(), account_sid)
    }

    /// API versions a token may be created for, newest first. The first is the default.
    pub fn api_versions(self) -> &'static [&'static str] {
        match self {
            AccountType::Agency => &["3", "2"],
            AccountType::Brand => &["14", "13", "12", "11"],
            AccountType::Partner => &["16", "15", "14"],
        }
    }

    /// The web app's own path to its Create Access Token page, as a breadcrumb.
    pub fn breadcrumb(self) -> &'static [&'static str] {
        match self {
            AccountType::Agency => &[
                "Menu",
                "Settings",
                "Account",
                "Technical",
                "Platform REST Web Services",
                "Create Access Token",
            ],
            AccountType::Brand | AccountType::Partner => &[
                "User profile",
                "Settings",
                "Technical",
                "API",
                "Create Access Token",
            ],
        }
    }
}

impl fmt::Display for AccountType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AccountType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| crate::text::unknown_account_type(s))
    }
}

/// Shortens an Account SID for display: the first 6 and last 4 characters.
pub fn short_sid(sid: &str) -> String {
    let chars: Vec<char> = sid.chars().collect();
    if chars.len() <= 12 {
        return sid.to_string();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_parsing_round_trip() {
        for t in AccountType::ALL {
            assert_eq!(AccountType::from_root_segment(t.root_segment()), Some(t));
            assert_eq!(t.as_str().parse::<AccountType>().unwrap(), t);
        }
        assert_eq!(AccountType::Brand.root("IRabc"), "/Advertisers/IRabc");
        assert!("bank".parse::<AccountType>().is_err());
    }

    #[test]
    fn newest_version_is_first() {
        assert_eq!(AccountType::Brand.api_versions()[0], "14");
        assert_eq!(AccountType::Partner.api_versions(), &["16", "15", "14"]);
        assert_eq!(AccountType::Agency.api_versions(), &["3", "2"]);
    }

    #[test]
    fn short_sid_keeps_both_ends() {
        assert_eq!(short_sid("IRAbCdEfGhIjKlMnOp1234"), "IRAbCd…1234");
        assert_eq!(short_sid("short"), "short");
    }
}
