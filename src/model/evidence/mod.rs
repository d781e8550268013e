//! Evidence of what an integration calls, read from logs: access logs
//! (common and combined), HAR files, curl command lines and plain
//! `METHOD /path` lines. Each request is matched to a catalog scope
//! ([`crate::model::matching`]); the result is the smallest spec that
//! allows exactly what was seen.
//!
//! Nothing read is echoed whole: examples and unmatched requests are shown
//! as method and path only, the query string and host dropped and the
//! Account SID replaced, so a log line's credentials (curl's `-u`, an
//! `Authorization` header, a `?AuthToken=` query) never reach the output.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read};

use crate::model::account::AccountType;
use crate::model::catalog::Catalog;
use crate::model::matching::{Matcher, shown_path};

mod parse;

pub use parse::{Line, Request, parse_curl, parse_har, parse_line};

/// Most bytes read from all inputs together (256 MiB); logs are read a
/// line at a time, HAR files as one JSON document.
pub const TOTAL_CAP: u64 = 256 * 1024 * 1024;
/// Longest line kept (64 KiB); the rest of a longer line is skipped and the
/// line counts as unreadable.
pub const LINE_CAP: usize = 64 * 1024;
/// Distinct unmatched requests kept for the report; more are only counted.
const UNMATCHED_KEPT: usize = 1000;
/// Unreadable line locations kept for the report.
const UNREADABLE_KEPT: usize = 20;

/// How often a scope was used, and one request as an example.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// Requests matched to the scope.
    pub count: u64,
    /// The first, as `METHOD /path` (see [`shown_path`]).
    pub example: String,
}

/// Everything read so far.
#[derive(Debug)]
pub struct Evidence {
    catalogs: Vec<(AccountType, Catalog)>,
    matcher: Matcher,
    /// Scopes used, by account type and catalog index.
    pub used: HashMap<(AccountType, usize), Seen>,
    /// Requests no scope matches, by method and shown path, with counts.
    pub unmatched: BTreeMap<(String, String), u64>,
    /// Unmatched requests beyond the kept distinct ones.
    pub unmatched_more: u64,
    /// Lines that are not requests.
    pub unreadable: u64,
    /// Where the first unreadable lines are (`FILE:LINE`).
    pub unreadable_at: Vec<String>,
    /// API versions seen, with counts.
    pub versions: BTreeMap<String, u64>,
    /// Requests read.
    pub requests: u64,
    bytes: u64,
}

/// Why reading stopped.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadStop {
    /// More than [`TOTAL_CAP`] bytes.
    TooLarge,
    /// Reading failed; why.
    Failed(String),
    /// A HAR file is not valid; why.
    Invalid(String),
}

/// A reader that counts into the evidence's total and stops at the cap.
struct Capped<'a, R> {
    inner: R,
    bytes: &'a mut u64,
}

impl<R: Read> Read for Capped<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.bytes += n as u64;
        if *self.bytes > TOTAL_CAP {
            return Err(std::io::Error::other(crate::text::EVIDENCE_TOO_LARGE));
        }
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Capped<'_, R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if *self.bytes > TOTAL_CAP {
            return Err(std::io::Error::other(crate::text::EVIDENCE_TOO_LARGE));
        }
        self.inner.fill_buf()
    }
    fn consume(&mut self, n: usize) {
        *self.bytes += n as u64;
        self.inner.consume(n)
    }
}

impl Evidence {
    /// Empty evidence, matched against these catalogs.
    pub fn new(catalogs: Vec<(AccountType, Catalog)>) -> Evidence {
        let refs: Vec<(AccountType, &Catalog)> = catalogs.iter().map(|(t, c)| (*t, c)).collect();
        let matcher = Matcher::new(&refs);
        Evidence {
            catalogs,
            matcher,
            used: HashMap::new(),
            unmatched: BTreeMap::new(),
            unmatched_more: 0,
            unreadable: 0,
            unreadable_at: Vec::new(),
            versions: BTreeMap::new(),
            requests: 0,
            bytes: 0,
        }
    }

    /// The catalog of an account type, if it is one searched.
    pub fn catalog(&self, t: AccountType) -> Option<&Catalog> {
        self.catalogs.iter().find(|(k, _)| *k == t).map(|(_, c)| c)
    }

    /// Adds one request.
    pub fn add(&mut self, r: &Request) {
        self.requests += 1;
        if let Some(v) = &r.version {
            let v: String = crate::text::inert(v).chars().take(16).collect();
            *self.versions.entry(v).or_default() += 1;
        }
        let method = || -> String { crate::text::inert(&r.method).chars().take(16).collect() };
        match self.matcher.find(&r.method, &r.target) {
            Some(m) => {
                let seen = self
                    .used
                    .entry((m.account_type, m.index))
                    .or_insert_with(|| Seen {
                        count: 0,
                        example: format!("{} {}", method(), shown_path(&r.target)),
                    });
                seen.count += 1;
            }
            None => {
                let (method, shown) = (method(), shown_path(&r.target));
                let key = (method, shown);
                if let Some(n) = self.unmatched.get_mut(&key) {
                    *n += 1;
                } else if self.unmatched.len() < UNMATCHED_KEPT {
                    self.unmatched.insert(key, 1);
                } else {
                    self.unmatched_more += 1;
                }
            }
        }
    }

    fn unreadable_line(&mut self, source: &str, line: u64) {
        self.unreadable += 1;
        if self.unreadable_at.len() < UNREADABLE_KEPT {
            self.unreadable_at
                .push(format!("{}:{line}", crate::text::inert(source)));
        }
    }

    /// Reads one input: a HAR file when it starts with `{`, else lines.
    /// `source` names it in the report.
    pub fn read(&mut self, source: &str, reader: impl BufRead) -> Result<(), ReadStop> {
        let mut bytes = self.bytes;
        let mut r = Capped {
            inner: reader,
            bytes: &mut bytes,
        };
        let result = self.read_capped(source, &mut r);
        self.bytes = bytes;
        result
    }

    fn read_capped(&mut self, source: &str, r: &mut impl BufRead) -> Result<(), ReadStop> {
        let stop = |e: std::io::Error| {
            if e.to_string() == crate::text::EVIDENCE_TOO_LARGE {
                ReadStop::TooLarge
            } else {
                ReadStop::Failed(e.to_string())
            }
        };
        // Skip leading white space and a byte-order mark to see the format.
        loop {
            let buf = r.fill_buf().map_err(stop)?;
            let skip = buf
                .iter()
                .take_while(|b| b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF))
                .count();
            if skip == 0 || buf.is_empty() {
                break;
            }
            r.consume(skip);
        }
        if r.fill_buf().map_err(stop)?.first() == Some(&b'{') {
            let requests = parse_har(&mut *r).map_err(|e| {
                if e.contains(crate::text::EVIDENCE_TOO_LARGE) {
                    ReadStop::TooLarge
                } else {
                    ReadStop::Invalid(e)
                }
            })?;
            for q in &requests {
                self.add(q);
            }
            return Ok(());
        }
        let mut buf = Vec::new();
        let mut number = 0u64;
        let mut pending = String::new(); // a curl command continued with `\`
        let mut pending_at = 0;
        loop {
            buf.clear();
            let n = r
                .by_ref()
                .take(LINE_CAP as u64 + 1)
                .read_until(b'\n', &mut buf)
                .map_err(stop)?;
            if n == 0 {
                break;
            }
            number += 1;
            if buf.len() > LINE_CAP && buf.last() != Some(&b'\n') {
                // Too long: skip to the end of the line.
                loop {
                    buf.clear();
                    let n = r
                        .by_ref()
                        .take(LINE_CAP as u64)
                        .read_until(b'\n', &mut buf)
                        .map_err(stop)?;
                    if n == 0 || buf.last() == Some(&b'\n') {
                        break;
                    }
                }
                self.unreadable_line(source, number);
                continue;
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\n', '\r']);
            if !pending.is_empty() || line.trim_start().starts_with("curl ") {
                if pending.is_empty() {
                    pending_at = number;
                }
                if let Some(head) = line.strip_suffix('\\')
                    && pending.len() < LINE_CAP
                {
                    pending.push_str(head);
                    pending.push(' ');
                    continue;
                }
                pending.push_str(line);
                let cmd = std::mem::take(&mut pending);
                self.take(source, pending_at, parse_line(&cmd));
                continue;
            }
            self.take(source, number, parse_line(line));
        }
        if !pending.is_empty() {
            let cmd = std::mem::take(&mut pending);
            self.take(source, pending_at, parse_line(&cmd));
        }
        Ok(())
    }

    fn take(&mut self, source: &str, number: u64, line: Line) {
        match line {
            Line::Skip => {}
            Line::Request(r) => self.add(&r),
            Line::Unreadable => self.unreadable_line(source, number),
        }
    }

    /// The account types the matched requests belong to, most used first.
    pub fn account_types(&self) -> Vec<AccountType> {
        let mut counts: Vec<(AccountType, u64)> = Vec::new();
        for ((t, _), s) in &self.used {
            match counts.iter_mut().find(|(k, _)| k == t) {
                Some((_, n)) => *n += s.count,
                None => counts.push((*t, s.count)),
            }
        }
        // Most used first; ties in the CLI's order, so the answer is stable.
        counts.sort_by_key(|(t, n)| {
            (
                std::cmp::Reverse(*n),
                AccountType::ALL.iter().position(|k| k == t),
            )
        });
        counts.into_iter().map(|(t, _)| t).collect()
    }

    /// The scope indices used for an account type, in catalog order.
    pub fn scopes_of(&self, t: AccountType) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .used
            .keys()
            .filter(|(k, _)| *k == t)
            .map(|(_, i)| *i)
            .collect();
        v.sort_unstable();
        v
    }

    /// The API version to write: the most seen `IR-Version` that the
    /// catalog offers, else its newest. With the versions seen that it
    /// does not offer or that lost.
    pub fn version_guess(&self, catalog: &Catalog) -> VersionGuess {
        let mut seen: Vec<(&String, &u64)> = self.versions.iter().collect();
        seen.sort_by(|a, b| b.1.cmp(a.1));
        let chosen = seen
            .iter()
            .find(|(v, _)| catalog.versions.contains(v))
            .map(|(v, _)| (*v).clone());
        VersionGuess {
            seen: chosen.is_some(),
            version: chosen.unwrap_or_else(|| catalog.versions[0].clone()),
            all_seen: seen.iter().map(|(v, _)| (*v).clone()).collect(),
        }
    }
}

/// The API version a spec from evidence gets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionGuess {
    /// The version.
    pub version: String,
    /// Whether the evidence showed it (else it is the newest).
    pub seen: bool,
    /// Every version seen, most seen first.
    pub all_seen: Vec<String>,
}

/// The spec as TOML: placeholders for the name and the primary contact
/// (which `create --spec` refuses until they are filled in), the guessed
/// version, and each used scope with its request count and an example.
pub fn to_toml(
    account_type: AccountType,
    catalog: &Catalog,
    version: &str,
    evidence: &Evidence,
) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::new();
    out.push_str(crate::text::SPEC_HEADER);
    out.push_str(&crate::text::from_log_header(evidence.requests));
    out.push_str(&format!("account_type = {}\n", q(account_type.as_str())));
    out.push_str(&format!(
        "name = \"\" # {}\n",
        crate::text::FROM_LOG_EDIT_NAME
    ));
    out.push_str(&format!(
        "description = {}\n",
        q(crate::text::FROM_LOG_DESCRIPTION)
    ));
    out.push_str(&format!("api_version = {}\n", q(version)));
    out.push_str(&format!(
        "primary_contact_user_id = \"\" # {}\n",
        crate::text::FROM_LOG_EDIT_CONTACT
    ));
    out.push_str("developer_emails = []\n");
    out.push_str("scopes = [\n");
    for i in evidence.scopes_of(account_type) {
        let s = catalog.scope(i);
        let seen = &evidence.used[&(account_type, i)];
        let write = if s.is_write() { "  (write)" } else { "" };
        out.push_str(&format!(
            "  # {}\n",
            crate::text::from_log_scope_note(seen.count, &crate::text::inert(&seen.example))
        ));
        out.push_str(&format!(
            "  {}, # {} {}{write}\n",
            q(s.id),
            s.method,
            crate::text::inert(s.path)
        ));
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(m: &str, t: &str) -> Line {
        Line::Request(Request {
            method: m.into(),
            target: t.into(),
            version: None,
        })
    }

    #[test]
    fn each_line_format() {
        assert_eq!(
            parse_line("GET /Advertisers/IRx/Actions?PageSize=10"),
            req("GET", "/Advertisers/IRx/Actions?PageSize=10")
        );
        assert_eq!(
            parse_line(
                r#"127.0.0.1 - IRx [10/Oct/2026:13:55:36 -0700] "GET /Advertisers/IRx/Ads HTTP/1.1" 200 2326"#
            ),
            req("GET", "/Advertisers/IRx/Ads")
        );
        assert_eq!(
            parse_line(
                r#"10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "POST /Advertisers/IRx/Ads HTTP/1.1" 201 5 "https://ref/" "Mozilla/5.0 (X11)""#
            ),
            req("POST", "/Advertisers/IRx/Ads")
        );
        assert_eq!(parse_line("  # comment"), Line::Skip);
        assert_eq!(parse_line(""), Line::Skip);
        assert_eq!(parse_line("hello world"), Line::Unreadable);
        assert_eq!(parse_line("GET nothing"), Line::Unreadable);
    }

    #[test]
    fn curl_lines() {
        let Line::Request(r) = parse_line(
            "curl -u 'IRsid:s3cret' -X PUT -H 'IR-Version: 13' https://api.impact.com/Advertisers/IRsid/Ads/1",
        ) else {
            panic!()
        };
        assert_eq!(
            (r.method.as_str(), r.version.as_deref()),
            ("PUT", Some("13"))
        );
        assert!(!r.target.contains("s3cret"));
        assert_eq!(
            parse_line("$ curl https://api.impact.com/Advertisers/IRx/Ads"),
            req("GET", "https://api.impact.com/Advertisers/IRx/Ads")
        );
        assert_eq!(
            parse_line("curl --request=delete --user a:b 'https://h/Advertisers/IRx/Actions'"),
            req("DELETE", "https://h/Advertisers/IRx/Actions")
        );
        assert_eq!(
            parse_line("curl -XPOST --url https://h/x"),
            req("POST", "https://h/x")
        );
        assert_eq!(
            parse_line("curl -d 'a=1' https://h/x"),
            req("POST", "https://h/x")
        );
        assert_eq!(parse_line("curl -u a:b"), Line::Unreadable);
    }

    #[test]
    fn har_entries_and_versions() {
        let har = r#"{"log":{"version":"1.2","entries":[
            {"request":{"method":"GET","url":"https://api.impact.com/Advertisers/IRx/Ads?IrVersion=12",
              "headers":[{"name":"Authorization","value":"Basic c2VjcmV0"}]},"response":{"status":200}},
            {"request":{"method":"post","url":"https://api.impact.com/Advertisers/IRx/Ads",
              "headers":[{"name":"ir-version","value":"13"}]}}]}}"#;
        let r = parse_har(har.as_bytes()).unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].version.as_deref(), Some("12"));
        assert_eq!(r[1].method, "POST");
        assert_eq!(r[1].version.as_deref(), Some("13"));
        assert!(parse_har("{".as_bytes()).is_err());
    }

    fn brand() -> Evidence {
        Evidence::new(vec![(
            AccountType::Brand,
            Catalog::bundled(AccountType::Brand),
        )])
    }

    #[test]
    fn reading_counts_and_keeps_examples_without_queries() {
        let mut e = brand();
        let text = "GET /Advertisers/IRsid/Ads?AuthToken=s3cret\nGET /Advertisers/IRsid/Ads/9\nGET /Advertisers/IRsid/Ads\ncurl -X POST \\\n  -u IRsid:s3cret \\\n  https://api.impact.com/Advertisers/IRsid/Ads\nGET /favicon.ico\nnoise\n";
        e.read("log", text.as_bytes()).unwrap();
        let c = Catalog::bundled(AccountType::Brand);
        let list = &e.used[&(AccountType::Brand, c.index_of("listAds").unwrap())];
        assert_eq!(list.count, 2);
        assert_eq!(list.example, "GET /Advertisers/{AccountSID}/Ads");
        assert!(
            e.used
                .contains_key(&(AccountType::Brand, c.index_of("createAd").unwrap()))
        );
        assert_eq!(e.requests, 5);
        assert_eq!(e.unmatched[&("GET".into(), "/favicon.ico".into())], 1);
        assert_eq!(e.unreadable_at, ["log:8"]);
        let toml = to_toml(AccountType::Brand, &c, "14", &e);
        assert!(
            !toml.contains("s3cret") && !toml.contains("IRsid"),
            "{toml}"
        );
        assert!(toml.contains("2 requests"), "{toml}");
    }

    #[test]
    fn the_cap_stops_reading() {
        let mut e = brand();
        e.bytes = TOTAL_CAP - 3;
        assert_eq!(
            e.read("log", "GET /a\nGET /b\n".as_bytes()),
            Err(ReadStop::TooLarge)
        );
        let mut e = brand();
        e.bytes = TOTAL_CAP - 3;
        assert_eq!(
            e.read("har", "{\"log\":{\"entries\":[]}}".as_bytes()),
            Err(ReadStop::TooLarge)
        );
    }

    #[test]
    fn a_long_line_is_skipped_whole() {
        let mut e = brand();
        let long = format!(
            "GET /{}\nGET /Advertisers/IRx/Ads\n",
            "a".repeat(LINE_CAP * 2)
        );
        e.read("log", long.as_bytes()).unwrap();
        assert_eq!(e.unreadable_at, ["log:1"]);
        assert_eq!(e.requests, 1);
    }
}
