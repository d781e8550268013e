//! Re-applying an edit on top of a change made meanwhile: a three-way
//! merge of the token's settings as the edit began (`base`), as edited
//! (`mine`) and as the server has them now (`theirs`). Nobody's change is
//! silently undone: a setting takes mine only where I changed it, and a
//! set (scopes, e-mails) keeps what they added and drops what they
//! removed, with my own additions and removals on top. Where both changed
//! the same setting differently, it is a [`Conflict`], settled by the
//! caller's choice. No terminal, no network.

use crate::contract::CreateTokenRequest;

use super::validate::Field;

/// One setting both sides changed, to different values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// Which setting.
    pub field: Field,
    /// Its value as the edit began.
    pub base: String,
    /// The value the edit sets.
    pub mine: String,
    /// The value set meanwhile.
    pub theirs: String,
}

/// What re-applying gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The settings to send.
    pub request: CreateTokenRequest,
    /// The settings both sides changed differently (in form order), and
    /// which the request took as the caller chose.
    pub conflicts: Vec<Conflict>,
}

/// Merges `mine` (an edit of `base`) into `theirs` (`base` as changed
/// meanwhile). A setting takes mine if I changed it, else theirs; where
/// both changed it differently, mine only when `keep_mine`. Scopes and
/// e-mails are theirs, plus what I added, less what I removed.
pub fn merge(
    base: &CreateTokenRequest,
    mine: &CreateTokenRequest,
    theirs: &CreateTokenRequest,
    keep_mine: bool,
) -> Merged {
    let mut conflicts = Vec::new();
    let mut pick = |field: Field, b: &str, m: &str, t: &str| -> String {
        let same = |x: &str, y: &str| x.trim() == y.trim();
        if same(m, b) {
            return t.to_string();
        }
        if !same(t, b) && !same(t, m) {
            conflicts.push(Conflict {
                field,
                base: b.to_string(),
                mine: m.to_string(),
                theirs: t.to_string(),
            });
            if !keep_mine {
                return t.to_string();
            }
        }
        m.to_string()
    };
    let name = pick(Field::Name, &base.name, &mine.name, &theirs.name);
    let description = pick(
        Field::Description,
        &base.description,
        &mine.description,
        &theirs.description,
    );
    let api_version = pick(
        Field::ApiVersion,
        &base.api_version,
        &mine.api_version,
        &theirs.api_version,
    );
    let primary_contact_user_id = pick(
        Field::PrimaryContactUserId,
        &base.primary_contact_user_id,
        &mine.primary_contact_user_id,
        &theirs.primary_contact_user_id,
    );
    Merged {
        request: CreateTokenRequest {
            name,
            description,
            api_version,
            primary_contact_user_id,
            developer_emails: merge_set(
                &base.developer_emails,
                &mine.developer_emails,
                &theirs.developer_emails,
            ),
            scopes: merge_set(&base.scopes, &mine.scopes, &theirs.scopes),
        },
        conflicts,
    }
}

/// `theirs`, less what `mine` removed from `base`, then what `mine` added
/// (in its order), each once.
pub fn merge_set(base: &[String], mine: &[String], theirs: &[String]) -> Vec<String> {
    let removed = |x: &String| base.contains(x) && !mine.contains(x);
    let mut out: Vec<String> = Vec::new();
    for x in theirs.iter().filter(|x| !removed(x)) {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    for x in mine.iter().filter(|x| !base.contains(x)) {
        if !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(name: &str, description: &str, emails: &[&str], scopes: &[&str]) -> CreateTokenRequest {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        CreateTokenRequest {
            name: name.into(),
            description: description.into(),
            api_version: "13".into(),
            primary_contact_user_id: "U-1".into(),
            developer_emails: v(emails),
            scopes: v(scopes),
        }
    }

    #[test]
    fn my_description_on_top_of_their_removed_scope_and_added_email() {
        let base = req("t", "old", &["a@x.io"], &["s1", "s2"]);
        let mine = req("t", "new", &["a@x.io"], &["s1", "s2"]);
        let theirs = req("t", "old", &["a@x.io", "b@x.io"], &["s1"]);
        let m = merge(&base, &mine, &theirs, false);
        assert_eq!(m.request, req("t", "new", &["a@x.io", "b@x.io"], &["s1"]));
        assert!(m.conflicts.is_empty());
    }

    #[test]
    fn sets_keep_both_sides_additions_and_removals() {
        let base = req("t", "", &["a@x.io", "b@x.io"], &["s1", "s2", "s3"]);
        let mine = req("t", "", &["b@x.io", "c@x.io"], &["s1", "s3", "s4"]);
        let theirs = req(
            "t",
            "",
            &["a@x.io", "b@x.io", "d@x.io"],
            &["s2", "s3", "s5"],
        );
        let m = merge(&base, &mine, &theirs, false).request;
        assert_eq!(m.developer_emails, ["b@x.io", "d@x.io", "c@x.io"]);
        assert_eq!(m.scopes, ["s3", "s5", "s4"]);
    }

    #[test]
    fn a_setting_both_changed_differently_is_a_conflict_settled_by_the_choice() {
        let base = req("t", "old", &[], &["s1"]);
        let mine = req("mine", "mine", &[], &["s1"]);
        let theirs = req("theirs", "mine", &[], &["s1"]);
        let m = merge(&base, &mine, &theirs, false);
        assert_eq!(m.request.name, "theirs");
        assert_eq!(m.request.description, "mine", "the same change is none");
        assert_eq!(
            m.conflicts,
            [Conflict {
                field: Field::Name,
                base: "t".into(),
                mine: "mine".into(),
                theirs: "theirs".into(),
            }]
        );
        let kept = merge(&base, &mine, &theirs, true);
        assert_eq!(kept.request.name, "mine");
        assert_eq!(kept.conflicts, m.conflicts);
    }

    #[test]
    fn surrounding_spaces_are_no_change() {
        let base = req("t", "old ", &[], &[]);
        let mine = req("t", "old", &[], &[]);
        let theirs = req("t", "theirs", &[], &[]);
        let m = merge(&base, &mine, &theirs, true);
        assert_eq!(m.request.description, "theirs");
        assert!(m.conflicts.is_empty());
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;
        use std::collections::BTreeSet;

        fn set() -> impl Strategy<Value = Vec<String>> {
            proptest::collection::btree_set("[a-e]", 0..5).prop_map(|s| s.into_iter().collect())
        }

        fn request() -> impl Strategy<Value = CreateTokenRequest> {
            ("[ab]", "[ab]", "1[34]", "U-[12]", set(), set()).prop_map(|(n, d, v, c, e, s)| {
                CreateTokenRequest {
                    name: n,
                    description: d,
                    api_version: v,
                    primary_contact_user_id: c,
                    developer_emails: e,
                    scopes: s,
                }
            })
        }

        fn as_set(v: &[String]) -> BTreeSet<&String> {
            v.iter().collect()
        }

        proptest::proptest! {
            #[test]
            fn no_edit_takes_theirs_and_no_change_meanwhile_takes_mine(
                base in request(), other in request(),
            ) {
                let theirs = merge(&base, &base, &other, true);
                prop_assert_eq!(&theirs.request, &other);
                prop_assert!(theirs.conflicts.is_empty());
                let mine = merge(&base, &other, &base, false).request;
                prop_assert_eq!(&mine.name, &other.name);
                prop_assert_eq!(&mine.description, &other.description);
                prop_assert_eq!(as_set(&mine.scopes), as_set(&other.scopes));
                prop_assert_eq!(as_set(&mine.developer_emails), as_set(&other.developer_emails));
            }

            #[test]
            fn neither_sides_set_changes_are_lost(
                base in request(), mine in request(), theirs in request(), keep in any::<bool>(),
            ) {
                let m = merge(&base, &mine, &theirs, keep).request;
                for (b, my, th, out) in [
                    (&base.scopes, &mine.scopes, &theirs.scopes, &m.scopes),
                    (&base.developer_emails, &mine.developer_emails,
                     &theirs.developer_emails, &m.developer_emails),
                ] {
                    for x in my.iter().filter(|x| !b.contains(x)) {
                        prop_assert!(out.contains(x), "my addition {} kept", x);
                    }
                    for x in th.iter().filter(|x| !b.contains(x)) {
                        prop_assert!(out.contains(x), "their addition {} kept", x);
                    }
                    for x in b.iter().filter(|x| !my.contains(x) || !th.contains(x)) {
                        prop_assert!(!out.contains(x), "a removal of {} kept", x);
                    }
                    prop_assert_eq!(as_set(out).len(), out.len(), "each once");
                }
            }
        }
    }
}
