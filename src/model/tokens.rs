//! The API page's list of tokens, with no terminal and no network: impact's
//! three filters, finding a token by name or Id, a duplicate's name, and the
//! scope differences shown before Update, Upgrade Version and `tokens diff`.

use std::collections::BTreeSet;

use crate::contract::Token;
use crate::text;

use super::validate::{NAME_MAX, counted_len, name_key};

pub use super::diff::{
    Group, ScopeDiff, UpgradeDiff, diff, group, newer_versions, upgrade_diff, version_cmp,
};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// impact's "Created On" filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreatedOn {
    /// Created within the last 7 days.
    Last7Days,
    /// Created within the last 30 days.
    Last30Days,
    /// Created more than 30 days ago.
    Older,
}

impl CreatedOn {
    /// The three choices, in the order the filter cycles through them.
    pub const ALL: [CreatedOn; 3] = [
        CreatedOn::Last7Days,
        CreatedOn::Last30Days,
        CreatedOn::Older,
    ];

    /// Reads `7d`, `30d` or `older` (the command line's words).
    pub fn parse(value: &str) -> Result<CreatedOn, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "7d" => Ok(CreatedOn::Last7Days),
            "30d" => Ok(CreatedOn::Last30Days),
            "older" => Ok(CreatedOn::Older),
            _ => Err(text::bad_created_filter(value)),
        }
    }

    /// The label impact's page uses.
    pub fn label(self) -> &'static str {
        match self {
            CreatedOn::Last7Days => text::CREATED_LAST_7_DAYS,
            CreatedOn::Last30Days => text::CREATED_LAST_30_DAYS,
            CreatedOn::Older => text::CREATED_OLDER,
        }
    }

    /// Whether a token created at `created` (Unix seconds) matches at `now`.
    pub fn matches(self, created: i64, now: i64) -> bool {
        let age = now - created;
        match self {
            CreatedOn::Last7Days => age <= 7 * DAY,
            CreatedOn::Last30Days => age <= 30 * DAY,
            CreatedOn::Older => age > 30 * DAY,
        }
    }
}

/// impact's "State" filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    /// Tokens whose credentials work.
    Enabled,
    /// Tokens refused everywhere.
    Disabled,
}

impl StateFilter {
    /// Reads `enabled` or `disabled`.
    pub fn parse(value: &str) -> Result<StateFilter, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "enabled" => Ok(StateFilter::Enabled),
            "disabled" => Ok(StateFilter::Disabled),
            _ => Err(text::bad_state_filter(value)),
        }
    }

    /// The label shown in the list.
    pub fn label(self) -> &'static str {
        match self {
            StateFilter::Enabled => text::STATE_ENABLED,
            StateFilter::Disabled => text::STATE_DISABLED,
        }
    }
}

/// The state label of a token.
pub fn state_label(token: &Token) -> &'static str {
    if token.is_enabled() {
        text::STATE_ENABLED
    } else {
        text::STATE_DISABLED
    }
}

/// The list's three filters; the default shows every token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// "Search by Name": a part of the name, compared as [`name_key`]s.
    pub name: String,
    /// "Created On".
    pub created: Option<CreatedOn>,
    /// "State".
    pub state: Option<StateFilter>,
}

impl Filter {
    /// Whether a token passes every filter at `now` (Unix seconds). A token
    /// whose creation date cannot be read passes no date filter.
    pub fn matches(&self, token: &Token, now: i64) -> bool {
        let name = self.name.trim();
        if !name.is_empty() && !name_key(&token.name).contains(&name_key(name)) {
            return false;
        }
        if let Some(created) = self.created {
            match parse_iso8601(&token.date_created) {
                Some(t) if created.matches(t, now) => {}
                _ => return false,
            }
        }
        match self.state {
            Some(StateFilter::Enabled) => token.is_enabled(),
            Some(StateFilter::Disabled) => !token.is_enabled(),
            None => true,
        }
    }

    /// Indices of the tokens that pass, in list order.
    pub fn apply(&self, tokens: &[Token], now: i64) -> Vec<usize> {
        (0..tokens.len())
            .filter(|&i| self.matches(&tokens[i], now))
            .collect()
    }

    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        !self.name.trim().is_empty() || self.created.is_some() || self.state.is_some()
    }
}

/// Reads `YYYY-MM-DDTHH:MM:SS` with an optional fraction and a `Z` or
/// `±HH:MM` offset, as Unix seconds. Anything else is `None`.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || !matches!(rb[0], b'+' | b'-') || rb[3] != b':' {
                return None;
            }
            let oh: i64 = rest[1..3].parse().ok()?;
            let om: i64 = rest[4..6].parse().ok()?;
            let sign = if rb[0] == b'-' { -1 } else { 1 };
            sign * (oh * 3600 + om * 60)
        }
    };
    Some(days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + sec - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `YYYY-MM-DD` part of a creation time, for the list's column.
pub fn date_part(iso: &str) -> &str {
    iso.get(..10).unwrap_or(iso)
}

/// Finds a token by Id first, then by name (compared as [`name_key`]s, as
/// the server compares names for conflicts).
pub fn find<'a>(tokens: &'a [Token], name_or_id: &str) -> Result<&'a Token, String> {
    let wanted = name_or_id.trim();
    if let Some(t) = tokens.iter().find(|t| t.id == wanted) {
        return Ok(t);
    }
    let key = name_key(wanted);
    tokens
        .iter()
        .find(|t| name_key(t.name.trim()) == key)
        .ok_or_else(|| text::no_such_token(name_or_id))
}

/// A free name for a duplicate of `name`: "NAME (copy)", then
/// "NAME (copy 2)", ..., shortened so it fits the name limit.
pub fn copy_name(name: &str, tokens: &[Token]) -> String {
    free_name(name, tokens, &text::copy_name, &text::copy_name_numbered)
}

/// The name a rotation gives the new token until it can take `name`:
/// "NAME (rotating)", or the next free one, fit as [`copy_name`] fits.
pub fn rotating_name(name: &str, tokens: &[Token]) -> String {
    free_name(
        name,
        tokens,
        &text::rotating_name,
        &text::rotating_name_numbered,
    )
}

/// The name a rotation gives the old token: "NAME (retired WHEN)" (`when`
/// is the UTC time to the minute), or the next free one. Rotating the new
/// "NAME" later gives "NAME (retired LATER)": nothing piles up.
pub fn retired_name(name: &str, when: &str, tokens: &[Token]) -> String {
    free_name(name, tokens, &|b| text::retired_name(b, when), &|b, n| {
        text::retired_name_numbered(b, when, n)
    })
}

/// `make(name)`, else `numbered(name, 2..)`, the first no token of
/// `tokens` has (as names compare); `name` is cut at its end so the result
/// fits the name limit.
fn free_name(
    name: &str,
    tokens: &[Token],
    make: &dyn Fn(&str) -> String,
    numbered: &dyn Fn(&str, usize) -> String,
) -> String {
    let taken: BTreeSet<String> = tokens.iter().map(|t| name_key(t.name.trim())).collect();
    let fit = |make: &dyn Fn(&str) -> String| {
        let base: String = name.trim().to_string();
        let over = counted_len(&make(&base)).saturating_sub(NAME_MAX);
        let keep = base.chars().count().saturating_sub(over);
        make(base.chars().take(keep).collect::<String>().trim_end())
    };
    let first = fit(make);
    if !taken.contains(&name_key(&first)) {
        return first;
    }
    (2..)
        .map(|n| fit(&|b| numbered(b, n)))
        .find(|candidate| !taken.contains(&name_key(candidate)))
        .expect("some number is free")
}

/// Longest grace period a rotation waits.
pub const GRACE_MAX: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// A duration as `90s`, `10m`, `2h`, `1h30m` or plain seconds (`45`), up
/// to [`GRACE_MAX`]; `Err` is the message.
pub fn parse_duration(value: &str) -> Result<std::time::Duration, String> {
    let bad = || text::bad_duration(value);
    let v = value.trim();
    if v.is_empty() {
        return Err(bad());
    }
    if let Ok(secs) = v.parse::<u64>() {
        let d = std::time::Duration::from_secs(secs);
        return if d <= GRACE_MAX { Ok(d) } else { Err(bad()) };
    }
    let (mut total, mut number, mut last_unit) = (0u64, String::new(), 0u64);
    for c in v.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return Err(bad()),
        };
        // Units in order, each once: 1h30m, not 30m1h or 1h2h.
        if number.is_empty() || (last_unit != 0 && unit >= last_unit) {
            return Err(bad());
        }
        let n: u64 = number.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|x| total.checked_add(x))
            .ok_or_else(bad)?;
        number.clear();
        last_unit = unit;
    }
    let d = std::time::Duration::from_secs(total);
    if !number.is_empty() || d > GRACE_MAX {
        return Err(bad());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::{TOKEN_DISABLED, TOKEN_ENABLED};

    fn token(id: &str, name: &str, created: &str, state: &str) -> Token {
        Token {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            api_version: "14".into(),
            primary_contact_user_id: "U1".into(),
            developer_emails: vec![],
            scopes: vec![],
            date_created: created.into(),
            state: state.into(),
            revision: String::new(),
        }
    }

    #[test]
    fn iso8601_reads_zulu_fractions_and_offsets() {
        assert_eq!(parse_iso8601("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601("2026-11-26T02:10:00Z"), Some(1_795_659_000));
        assert_eq!(
            parse_iso8601("2026-11-26T02:10:00.123Z"),
            Some(1_795_659_000)
        );
        assert_eq!(
            parse_iso8601("2026-11-26T04:10:00+02:00"),
            Some(1_795_659_000)
        );
        assert_eq!(parse_iso8601("2000-02-29T00:00:00Z"), Some(951_782_400));
        for bad in [
            "",
            "2026-11-26",
            "2026-13-01T00:00:00Z",
            "2026-11-26T02:10:00",
            "x026-11-26T02:10:00Z",
            "2026-11-26T02:10:00.Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn created_on_buckets_by_age() {
        let now = 100 * DAY;
        assert!(CreatedOn::Last7Days.matches(now - 7 * DAY, now));
        assert!(!CreatedOn::Last7Days.matches(now - 7 * DAY - 1, now));
        assert!(CreatedOn::Last30Days.matches(now - 30 * DAY, now));
        assert!(CreatedOn::Older.matches(now - 30 * DAY - 1, now));
        assert!(!CreatedOn::Older.matches(now - DAY, now));
        assert_eq!(CreatedOn::parse(" 30D "), Ok(CreatedOn::Last30Days));
        assert!(CreatedOn::parse("week").unwrap_err().contains("week"));
        assert_eq!(StateFilter::parse("Disabled"), Ok(StateFilter::Disabled));
        assert!(StateFilter::parse("on").is_err());
    }

    #[test]
    fn filters_combine_name_date_and_state() {
        let now = parse_iso8601("2026-11-26T00:00:00Z").unwrap();
        let tokens = [
            token(
                "T1",
                "Nightly Export",
                "2026-11-25T00:00:00Z",
                TOKEN_ENABLED,
            ),
            token("T2", "nightly-sync", "2026-09-01T00:00:00Z", TOKEN_DISABLED),
            token("T3", "Ｎｉｇｈｔｌｙ report", "not a date", TOKEN_ENABLED),
            token("T4", "Other", "2026-11-20T00:00:00Z", TOKEN_ENABLED),
        ];
        let all = Filter::default();
        assert!(!all.is_active());
        assert_eq!(all.apply(&tokens, now), [0, 1, 2, 3]);
        let name = Filter {
            name: " NIGHTLY ".into(),
            ..Filter::default()
        };
        assert_eq!(name.apply(&tokens, now), [0, 1, 2], "fullwidth folds too");
        let older = Filter {
            created: Some(CreatedOn::Older),
            ..Filter::default()
        };
        assert_eq!(
            older.apply(&tokens, now),
            [1],
            "an unreadable date passes no date filter"
        );
        let week = Filter {
            created: Some(CreatedOn::Last7Days),
            ..Filter::default()
        };
        assert_eq!(week.apply(&tokens, now), [0, 3]);
        let disabled = Filter {
            state: Some(StateFilter::Disabled),
            ..Filter::default()
        };
        assert_eq!(disabled.apply(&tokens, now), [1]);
        let both = Filter {
            name: "night".into(),
            state: Some(StateFilter::Enabled),
            created: Some(CreatedOn::Last30Days),
        };
        assert!(both.is_active());
        assert_eq!(both.apply(&tokens, now), [0]);
    }

    #[test]
    fn find_prefers_ids_then_folded_names() {
        let tokens = [
            token("T1", "alpha", "", TOKEN_ENABLED),
            token("alpha", "beta", "", TOKEN_ENABLED),
        ];
        assert_eq!(
            find(&tokens, "alpha").unwrap().id,
            "alpha",
            "an Id wins over a name"
        );
        assert_eq!(find(&tokens, "BETA").unwrap().id, "alpha");
        assert_eq!(find(&tokens, "T1").unwrap().name, "alpha");
        assert!(find(&tokens, "gamma").unwrap_err().contains("gamma"));
    }

    #[test]
    fn rotation_names_are_free_fit_and_never_pile_up() {
        let mut tokens = vec![token("T1", "prod", "", TOKEN_ENABLED)];
        assert_eq!(rotating_name("prod", &tokens), "prod (rotating)");
        let when = "2026-12-06 02:31 UTC";
        assert_eq!(
            retired_name("prod", when, &tokens),
            "prod (retired 2026-12-06 02:31 UTC)"
        );
        tokens.push(token(
            "T2",
            "prod (retired 2026-12-06 02:31 UTC)",
            "",
            TOKEN_DISABLED,
        ));
        assert_eq!(
            retired_name("prod", when, &tokens),
            "prod (retired 2026-12-06 02:31 UTC #2)"
        );
        let long = "x".repeat(NAME_MAX);
        let retired = retired_name(&long, when, &[]);
        assert_eq!(counted_len(&retired), NAME_MAX);
        assert!(retired.ends_with(" (retired 2026-12-06 02:31 UTC)"));
    }

    #[test]
    fn durations_read_as_people_write_them() {
        let secs = |v: &str| parse_duration(v).map(|d| d.as_secs());
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("10m"), Ok(600));
        assert_eq!(secs("1h30m"), Ok(5400));
        assert_eq!(secs(" 45 "), Ok(45));
        assert_eq!(secs("24h"), Ok(86_400));
        for bad in [
            "",
            "m",
            "10x",
            "30m1h",
            "1h1h",
            "10m5",
            "25h",
            "-5s",
            "99999999999999999999h",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn copy_names_are_free_and_fit() {
        let mut tokens = vec![token("T1", "prod", "", TOKEN_ENABLED)];
        assert_eq!(copy_name("prod", &tokens), "prod (copy)");
        tokens.push(token("T2", "PROD (COPY)", "", TOKEN_ENABLED));
        assert_eq!(copy_name("prod", &tokens), "prod (copy 2)");
        tokens.push(token("T3", "prod (copy 2)", "", TOKEN_ENABLED));
        assert_eq!(copy_name("prod", &tokens), "prod (copy 3)");
        let long = "é".repeat(NAME_MAX);
        let copy = copy_name(&long, &[]);
        assert_eq!(counted_len(&copy), NAME_MAX);
        assert!(copy.ends_with(" (copy)"));
    }
}
