//! `tokens upgrade NAME|ID [--to VERSION] [--yes]`: moves a token to a
//! newer API version, as the menu's Upgrade Version does. Versions only go
//! up; the scopes the newer version's catalog lacks are dropped, and the
//! diff is shown before anything is asked or sent.

use std::process::ExitCode;

use super::{Session, catalog, print};
use crate::api::ops::{TokenOp, TokenOpDone};
use crate::cli::Cli;
use crate::commands::confirm::{Answer, confirm};
use crate::commands::{Failure, exit};
use crate::contract::Token;
use crate::model::catalog::{Catalog, CatalogSource};
use crate::model::tokens::{UpgradeDiff, upgrade_diff, version_cmp};
use crate::text;

/// Upgrades one token.
pub(super) fn run(
    cli: &Cli,
    name_or_id: &str,
    to: Option<&str>,
    yes: bool,
) -> Result<ExitCode, Failure> {
    let session = Session::open(cli)?;
    let token = session.find(name_or_id)?;
    let older = catalog_of(&session, cli, &token.api_version)?;
    // Already there is not an error: a script may upgrade every token.
    let target = match target_version(&token, &older.versions, to)? {
        Upgrade::To(v) => v,
        Upgrade::AlreadyThere(message) => {
            print(&format!("{message}\n"))?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    let newer = catalog_of(&session, cli, &target)?;
    let d = upgrade_diff(&older, &newer, &token.scopes);
    print(&render(&token, &target, &d))?;
    confirm(
        yes,
        &text::confirm_upgrade(&token.name, &token.api_version, &target),
        Answer::Yes,
    )?;
    let mut req = token.to_request();
    req.api_version = target;
    // Scopes the newer catalog lacks are dropped, as the diff showed.
    req.scopes.retain(|s| newer.index_of(s).is_some());
    let changed = match session.change(&token, &TokenOp::Update(Box::new(req)), None)? {
        TokenOpDone::Updated(changed) => changed,
        _ => return Err(super::manage::unexpected()),
    };
    print(&text::token_upgraded_to(
        &changed.name,
        &changed.id,
        &changed.api_version,
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The catalog of `version`: the server's, or (when it has none, a 404)
/// the one the other commands use, as the TUI falls back to the bundled.
fn catalog_of(session: &Session, cli: &Cli, version: &str) -> Result<Catalog, Failure> {
    match session.block_on(session.conn().client.scopes(version)) {
        Ok(Some(doc)) => Catalog::from_doc(doc, CatalogSource::Live)
            .map_err(|e| Failure::new(exit::OTHER, text::upgrade_catalogs_failed(&e.0))),
        Ok(None) => Ok(catalog(cli, session.account_type())),
        Err(e) => Err(session.failure(&e)),
    }
}

/// Where an upgrade goes.
#[derive(Debug, PartialEq, Eq)]
enum Upgrade {
    /// To this version.
    To(String),
    /// Nowhere: the token is on the newest version, or on the one asked
    /// for; what to say.
    AlreadyThere(String),
}

/// The version to move to: `to`, or the newest offered. A token already
/// there is [`Upgrade::AlreadyThere`]; a version below the token's, or not
/// offered, is refused with [`exit::INVALID`].
fn target_version(token: &Token, offered: &[String], to: Option<&str>) -> Result<Upgrade, Failure> {
    let current = token.api_version.as_str();
    let target = match to {
        Some(v) => {
            let v = v.trim();
            if !offered.iter().any(|o| o == v) {
                return Err(Failure::new(
                    exit::INVALID,
                    text::unknown_upgrade_version(v, &offered.join(", ")),
                ));
            }
            v
        }
        None => offered
            .iter()
            .map(String::as_str)
            .max_by(|a, b| version_cmp(a, b))
            .unwrap_or(current),
    };
    if version_cmp(target, current).is_gt() {
        Ok(Upgrade::To(target.to_string()))
    } else if to.is_none() {
        Ok(Upgrade::AlreadyThere(text::already_newest(
            &token.name,
            current,
        )))
    } else if target == current {
        Ok(Upgrade::AlreadyThere(text::already_on_version(
            &token.name,
            current,
        )))
    } else {
        Err(Failure::new(
            exit::INVALID,
            text::upgrade_not_upward(&token.name, current, target),
        ))
    }
}

/// The upgrade's text: the heading, then the dropped scopes and the new
/// ones, each by category.
fn render(token: &Token, to: &str, d: &UpgradeDiff) -> String {
    let mut s = text::upgrade_heading(&token.name, &token.api_version, to);
    let count = |g: &[crate::model::tokens::Group]| g.iter().map(|g| g.ids.len()).sum::<usize>();
    let (missing, new) = (count(&d.missing), count(&d.new));
    if missing == 0 {
        s.push_str(text::UPGRADE_SAME_SCOPES);
        s.push('\n');
    }
    let sections = [
        (
            missing,
            text::upgrade_missing(missing, to),
            &d.missing,
            text::diff_removed as fn(&str) -> String,
        ),
        (
            new,
            text::upgrade_new(new, to),
            &d.new,
            text::upgrade_new_scope,
        ),
    ];
    for (n, heading, groups, line) in sections {
        if n == 0 {
            continue;
        }
        s.push_str(&heading);
        s.push('\n');
        for g in groups {
            s.push_str(&text::category_line(&g.category));
            for id in &g.ids {
                s.push_str(&line(id));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tokens::Group;

    fn token(version: &str) -> Token {
        Token {
            id: "T-1".into(),
            name: "nightly".into(),
            description: String::new(),
            api_version: version.into(),
            primary_contact_user_id: "U1".into(),
            developer_emails: vec![],
            scopes: vec![],
            date_created: String::new(),
            state: crate::contract::TOKEN_ENABLED.into(),
            revision: String::new(),
        }
    }

    fn versions(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_target_is_the_newest_by_default_and_only_ever_higher() {
        // Compared as numbers: 9 < 10.
        let offered = versions(&["9", "10", "8"]);
        let to = |v: &str| Upgrade::To(v.into());
        assert_eq!(
            target_version(&token("8"), &offered, None).unwrap(),
            to("10")
        );
        assert_eq!(
            target_version(&token("8"), &offered, Some("9")).unwrap(),
            to("9")
        );
        // Already there: nothing to do, not an error.
        for (current, to) in [("10", None), ("9", Some("9"))] {
            let got = target_version(&token(current), &offered, to).unwrap();
            assert!(matches!(got, Upgrade::AlreadyThere(_)), "{current} {to:?}");
        }
        let e = target_version(&token("10"), &offered, Some("8")).unwrap_err();
        assert_eq!(e.code, exit::INVALID);
        let e = target_version(&token("8"), &offered, Some("11")).unwrap_err();
        assert_eq!(e.code, exit::INVALID);
        assert!(e.message.contains("9, 10, 8"), "{}", e.message);
    }

    #[test]
    fn the_text_lists_dropped_then_new_scopes_by_category() {
        let d = UpgradeDiff {
            missing: vec![Group {
                category: "Reports".into(),
                ids: vec!["getOldReport".into()],
            }],
            new: vec![Group {
                category: "Ads".into(),
                ids: vec!["getAds".into(), "putAds".into()],
            }],
        };
        let out = render(&token("13"), "14", &d);
        assert!(out.starts_with(&text::upgrade_heading("nightly", "13", "14")));
        let dropped = out.find("Dropped, not in version 14: 1\n").expect(&out);
        let gone = out.find("    - getOldReport\n").expect(&out);
        let new = out
            .find("New in version 14 (not selected): 2\n")
            .expect(&out);
        let ads = out.find("    putAds\n").expect(&out);
        assert!(dropped < gone && gone < new && new < ads, "{out}");
        assert!(!out.contains(text::UPGRADE_SAME_SCOPES), "{out}");
        let same = render(&token("13"), "14", &UpgradeDiff::default());
        assert!(same.contains(text::UPGRADE_SAME_SCOPES), "{same}");
    }
}
