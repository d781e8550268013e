//! `config.toml`: named profiles (account, API URL, where the Auth Token
//! comes from). The file is the user's: on request the tool appends a
//! profile, edits the `default_profile` line, or takes out one profile's
//! table, and nothing else, so comments and layout survive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::account::AccountType;
use crate::store::read::{CONFIG_CAP, TOKEN_CAP, read_regular_string};

/// One profile.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// agency, brand or partner.
    pub account_type: String,
    /// Account SID of the creating user.
    pub account_sid: String,
    /// Base URL of the token service.
    pub api_url: String,
    /// Default API version for new tokens (the newest when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    /// Environment variable holding the Auth Token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_token_env: Option<String>,
    /// File holding the Auth Token; must be readable by its owner only (0600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_token_file: Option<PathBuf>,
}

impl Profile {
    /// The account type, checked.
    pub fn account_type(&self) -> Result<AccountType, String> {
        self.account_type.parse()
    }

    /// The Auth Token from the variable `auth_token_env` names, trimmed;
    /// `None` when the profile names none, or it is unset or blank.
    pub fn token_from_env(&self) -> Option<secrecy::SecretString> {
        env_token(self.auth_token_env.as_deref()?)
    }

    /// The Auth Token as a run with this profile finds it: its variable,
    /// else its file (which must be private), else `IMPACT_AUTH_TOKEN`;
    /// `Ok(None)` when it must be asked for.
    pub fn auth_token(&self) -> Result<Option<secrecy::SecretString>, String> {
        if self.auth_token_env.is_some() {
            return Ok(self.token_from_env());
        }
        if let Some(file) = &self.auth_token_file {
            return read_token_file(&crate::store::expand_home(file)).map(Some);
        }
        Ok(env_token("IMPACT_AUTH_TOKEN"))
    }
}

/// A token from the environment variable `var`, trimmed; `None` when unset
/// or blank, so that an empty export reads as "not given".
pub fn env_token(var: &str) -> Option<secrecy::SecretString> {
    clean_token(std::env::var(var).ok())
}

fn clean_token(raw: Option<String>) -> Option<secrecy::SecretString> {
    let raw = zeroize::Zeroizing::new(raw?);
    let token = raw.trim();
    (!token.is_empty()).then(|| secrecy::SecretString::from(token.to_string()))
}

/// The whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Profile used when none is named and no `--api-url` or `--sandbox` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    /// Profiles by name.
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    /// Key bindings: `[keys.CONTEXT]` tables of `action = "key key"`. Only
    /// read here; the wizard checks names and applies them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub keys: BTreeMap<String, BTreeMap<String, toml::Spanned<String>>>,
}

/// One `action = "keys"` line of `[keys.CONTEXT]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySetting {
    /// The table's context name.
    pub context: String,
    /// The action name.
    pub action: String,
    /// The keys, separated by spaces.
    pub keys: String,
    /// 1-based line of the value in the file.
    pub line: usize,
}

/// The config directory, as [`crate::store::paths`] decides it
/// (`IMPACT_TOKEN_CONFIG_DIR`, else e.g. `~/.config/impact-token`).
pub fn config_dir() -> Result<PathBuf, String> {
    crate::store::paths::config_dir()
}

/// `config.toml` in the config directory.
pub fn config_path() -> Result<PathBuf, String> {
    config_dir().map(|d| d.join("config.toml"))
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The configuration (empty when there is no file).
    pub config: Config,
    /// Warnings to show (e.g. a file others can read).
    pub warnings: Vec<String>,
    /// Whether a file existed.
    pub exists: bool,
    /// `[keys]`, in file order, with lines.
    pub keys: Vec<KeySetting>,
}

/// Reads a config file. A missing file is an empty config; a malformed one is an error.
pub fn load(path: &Path) -> Result<Loaded, String> {
    let text = match read_regular_string(path, CONFIG_CAP) {
        Ok(t) => t,
        Err(e) if e.is_not_found() => return Ok(Loaded::default()),
        Err(e) => return Err(crate::text::config_unreadable(path, &e.reason())),
    };
    let config: Config = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        crate::text::config_invalid(path, line, e.message())
    })?;
    let mut warnings = Vec::new();
    if crate::store::files::is_group_or_world_readable(path).unwrap_or(false) {
        warnings.push(crate::text::readable_by_others(path));
    }
    for (name, p) in &config.profiles {
        p.account_type().map_err(|m| {
            crate::text::config_invalid(path, None, &format!("profile {name}: {m}"))
        })?;
    }
    let line_at = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let mut keys: Vec<KeySetting> = config
        .keys
        .iter()
        .flat_map(|(context, table)| {
            table.iter().map(|(action, keys)| KeySetting {
                context: context.clone(),
                action: action.clone(),
                keys: keys.get_ref().clone(),
                line: line_at(keys.span().start),
            })
        })
        .collect();
    keys.sort_by_key(|k| k.line);
    Ok(Loaded {
        config,
        warnings,
        exists: true,
        keys,
    })
}

/// Appends a profile to the file (creating it 0600 when new), refusing to
/// replace an existing one.
pub fn add_profile(path: &Path, name: &str, profile: &Profile) -> Result<(), String> {
    if !valid_name(name) {
        return Err(crate::text::bad_profile_name(name));
    }
    let loaded = load(path)?;
    if loaded.config.profiles.contains_key(name) {
        return Err(crate::text::profile_exists(name, path));
    }
    let mut text = read_regular_string(path, CONFIG_CAP).unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let mut table = toml::map::Map::new();
    table.insert(
        name.to_string(),
        toml::Value::try_from(profile).map_err(|e| e.to_string())?,
    );
    let mut profiles = toml::map::Map::new();
    profiles.insert("profiles".to_string(), toml::Value::Table(table));
    text.push('\n');
    text.push_str(&toml::to_string(&toml::Value::Table(profiles)).map_err(|e| e.to_string())?);
    // Check the result parses before it replaces the user's file.
    toml::from_str::<Config>(&text).map_err(|e| e.to_string())?;
    write(path, &text)
}

/// Makes `name` the default profile: edits the value of an existing
/// `default_profile` line (its comment stays), or inserts the line at the
/// top; nothing else in the file changes.
pub fn set_default(path: &Path, name: &str) -> Result<(), String> {
    let loaded = load(path)?;
    if !loaded.config.profiles.contains_key(name) {
        return Err(crate::text::unknown_profile(name));
    }
    let mut text = read_regular_string(path, CONFIG_CAP).map_err(|e| e.reason())?;
    let value = toml::Value::String(name.to_string()).to_string();
    match default_span(&text)? {
        Some(span) => text.replace_range(span, &value),
        None => text.insert_str(0, &format!("default_profile = {value}\n")),
    }
    let mut expected = loaded.config;
    expected.default_profile = Some(name.to_string());
    write_checked(path, &text, &expected)
}

/// Removes profile `name`: its `[profiles.NAME]` table (the comments
/// around it stay), and the `default_profile` line when it names it.
/// Returns the removed profile.
pub fn remove_profile(path: &Path, name: &str) -> Result<Profile, String> {
    let loaded = load(path)?;
    let Some(removed) = loaded.config.profiles.get(name).cloned() else {
        return Err(crate::text::unknown_profile(name));
    };
    let mut text = read_regular_string(path, CONFIG_CAP).map_err(|e| e.reason())?;
    let mut expected = loaded.config;
    expected.profiles.remove(name);
    if expected.default_profile.as_deref() == Some(name) {
        expected.default_profile = None;
        if let Some(span) = default_span(&text)? {
            text.replace_range(line_around(&text, span), "");
        }
    }
    let range =
        profile_table(&text, name).ok_or_else(|| crate::text::profile_not_editable(name, path))?;
    text.replace_range(range, "");
    write_checked(path, &text, &expected)?;
    Ok(removed)
}

/// Writes `text` over the config file only when it reads back as `expected`
/// (an edit that would change anything else is refused, not written).
fn write_checked(path: &Path, text: &str, expected: &Config) -> Result<(), String> {
    let parsed: Config = toml::from_str(text).map_err(|e| e.to_string())?;
    if &parsed != expected {
        return Err(crate::text::config_not_edited(path));
    }
    write(path, text)
}

/// Replaces config.toml whole; a failure names the file.
fn write(path: &Path, text: &str) -> Result<(), String> {
    crate::store::files::write_atomic(path, text.as_bytes())
        .map_err(|e| crate::text::file_not_written(path, &e))
}

/// Where the value of the top-level `default_profile` is in `text`.
fn default_span(text: &str) -> Result<Option<std::ops::Range<usize>>, String> {
    #[derive(Deserialize)]
    struct Top {
        default_profile: Option<toml::Spanned<String>>,
    }
    let top: Top = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(top.default_profile.map(|v| v.span()))
}

/// The whole lines around the byte range `span`, with the newline.
fn line_around(text: &str, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i + 1);
    start..end
}

/// The lines of the `[profiles.NAME]` table: from its header to the next
/// table header, less the comments and blank lines just above that header
/// (they describe the next table).
fn profile_table(text: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let mut starts = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        starts.push((at, line));
        at += line.len();
    }
    let is_header = |l: &str| l.trim_start().starts_with('[');
    let first = starts
        .iter()
        .position(|(_, l)| header_key(l).is_some_and(|k| k == ["profiles", name]))?;
    let mut next = starts[first + 1..]
        .iter()
        .position(|(_, l)| is_header(l))
        .map_or(starts.len(), |i| first + 1 + i);
    while next > first + 1 {
        let l = starts[next - 1].1.trim();
        if l.is_empty() || l.starts_with('#') {
            next -= 1;
        } else {
            break;
        }
    }
    let end = starts.get(next).map_or(text.len(), |(at, _)| *at);
    Some(starts[first].0..end)
}

/// The dotted key of a `[a.b."c"]` header line, `None` for other lines
/// (array-of-tables headers included).
fn header_key(line: &str) -> Option<Vec<String>> {
    let rest = line.trim().strip_prefix('[')?;
    if rest.starts_with('[') {
        return None;
    }
    let mut keys = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let key = match chars.peek()? {
            q @ ('"' | '\'') => {
                let q = *q;
                chars.next();
                let k: String = chars.by_ref().take_while(|c| *c != q).collect();
                // Escapes are not needed for profile names; refuse them.
                if q == '"' && k.contains('\\') {
                    return None;
                }
                k
            }
            _ => {
                let mut k = String::new();
                while let Some(c) = chars.peek()
                    && (c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                {
                    k.push(*c);
                    chars.next();
                }
                k
            }
        };
        keys.push(key);
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        match chars.next()? {
            '.' => continue,
            ']' => break,
            _ => return None,
        }
    }
    let tail: String = chars.collect();
    let tail = tail.trim();
    (tail.is_empty() || tail.starts_with('#')).then_some(keys)
}

/// Where `profiles add NAME --store-token` writes the profile's Auth Token:
/// `NAME.token` next to `config.toml`. `profiles remove --delete-token`
/// deletes no other file.
pub fn stored_token_path(config: &Path, name: &str) -> PathBuf {
    config.with_file_name(format!("{name}.token"))
}

/// Profile names: letters, digits, `-`, `_`, `.`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// Reads an Auth Token file, which must be private (0600 or stricter).
pub fn read_token_file(path: &Path) -> Result<secrecy::SecretString, String> {
    if crate::store::files::is_group_or_world_readable(path)
        .map_err(|e| crate::text::token_file_error(path, &e.to_string()))?
    {
        return Err(crate::text::token_file_not_private(path));
    }
    let text = read_regular_string(path, TOKEN_CAP)
        .map_err(|e| crate::text::token_file_error(path, &e.reason()))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(crate::text::token_file_error(path, "empty"));
    }
    Ok(secrecy::SecretString::from(token.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_token_from_the_environment_is_trimmed_and_blank_is_none() {
        use secrecy::ExposeSecret;
        let t = clean_token(Some("  tok-123\n".into())).expect("a token");
        assert_eq!(t.expose_secret(), "tok-123");
        assert!(clean_token(Some(" \t\n".into())).is_none());
        assert!(clean_token(None).is_none());
        let unset = Profile {
            auth_token_env: Some("IMPACT_TOKEN_TEST_NEVER_SET_9F2C".into()),
            ..Profile::default()
        };
        assert!(unset.token_from_env().is_none());
        assert!(Profile::default().token_from_env().is_none());
    }

    /// A fresh directory, removed when the returned guard drops.
    fn dir(name: &str) -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix(&format!("impact-token-config-{name}-"))
            .tempdir()
            .unwrap()
    }

    #[test]
    fn profiles_are_appended_without_losing_comments() {
        let tmp = dir("append");
        let d = tmp.path();
        let p = d.join("config.toml");
        assert!(!load(&p).unwrap().exists);
        std::fs::write(&p, "# my settings\ndefault_profile = \"a\"\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        let prof = Profile {
            account_type: "brand".into(),
            account_sid: "IR1".into(),
            api_url: "https://example.invalid".into(),
            auth_token_env: Some("MY_TOKEN".into()),
            ..Default::default()
        };
        add_profile(&p, "a", &prof).unwrap();
        add_profile(
            &p,
            "b.prod",
            &Profile {
                account_type: "agency".into(),
                ..prof.clone()
            },
        )
        .unwrap();
        assert!(add_profile(&p, "a", &prof).unwrap_err().contains("already"));
        assert!(add_profile(&p, "bad name", &prof).is_err());
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with("# my settings\n"));
        let loaded = load(&p).unwrap();
        assert!(loaded.warnings.is_empty());
        assert_eq!(loaded.config.profiles["a"], prof);
        assert_eq!(loaded.config.default_profile.as_deref(), Some("a"));
        assert_eq!(
            loaded.config.profiles["b.prod"].account_type().unwrap(),
            AccountType::Agency
        );
    }

    #[test]
    fn readable_config_warns_and_bad_config_errors_with_line() {
        let tmp = dir("warn");
        let d = tmp.path();
        let p = d.join("config.toml");
        std::fs::write(
            &p,
            "[profiles.x]\naccount_type = \"brand\"\naccount_sid = \"s\"\napi_url = \"u\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(load(&p).unwrap().warnings.len(), 1);
        std::fs::write(&p, "[profiles.x]\naccount_type = \"brand\"\nbogus = 1\n").unwrap();
        let e = load(&p).unwrap_err();
        assert!(e.contains("config.toml:3: unknown field"), "{e}");
        std::fs::write(
            &p,
            "[profiles.x]\naccount_type = \"bank\"\naccount_sid = \"s\"\napi_url = \"u\"\n",
        )
        .unwrap();
        assert!(load(&p).unwrap_err().contains("bank"));
    }

    #[test]
    fn table_headers_are_read_as_dotted_keys() {
        let k = |l: &str| header_key(l);
        assert_eq!(k("[profiles.a]").unwrap(), ["profiles", "a"]);
        assert_eq!(
            k(" [ profiles . \"b.prod\" ] # c").unwrap(),
            ["profiles", "b.prod"]
        );
        assert_eq!(k("[profiles.'x']").unwrap(), ["profiles", "x"]);
        assert!(k("[[profiles.a]]").is_none());
        assert!(k("a = 1").is_none());
        assert!(k("[profiles.a] b").is_none());
    }

    #[test]
    fn a_profile_that_is_not_its_own_table_is_not_edited() {
        let tmp = dir("inline");
        let p = tmp.path().join("config.toml");
        let text =
            "[profiles]\na = { account_type = \"brand\", account_sid = \"s\", api_url = \"u\" }\n";
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(remove_profile(&p, "a").unwrap_err().contains("by hand"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    }

    #[test]
    fn token_files_must_be_private() {
        use secrecy::ExposeSecret;
        let tmp = dir("token");
        let d = tmp.path();
        let p = d.join("t");
        std::fs::write(&p, "tok\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(read_token_file(&p).unwrap_err().contains("0600"));
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_token_file(&p).unwrap().expose_secret(), "tok");
    }
}
