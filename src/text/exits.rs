//! The exit statuses: one table that the top-level `--help`, each
//! subcommand's `--help`, the man page's EXIT STATUS and README.md's table
//! are made from or checked against (`tests/exit_codes.rs`); the constants
//! of `commands::exit` are checked against it too.

/// One exit status.
#[derive(Clone, Copy, Debug)]
pub struct Exit {
    /// The status.
    pub code: u8,
    /// Its constant in `commands::exit` (`SUCCESS` has none).
    pub name: &'static str,
    /// What it means, as every document says it.
    pub meaning: &'static str,
    /// The commands (as typed after `impact-token`) whose `--help` lists it;
    /// empty: every command.
    pub commands: &'static [&'static str],
}

/// The commands that change a token (and may meet a change made meanwhile).
const CHANGES: &[&str] = &[
    "tokens rotate",
    "tokens reset",
    "tokens disable",
    "tokens enable",
    "tokens upgrade",
    "tokens delete",
];

/// Every exit status, by code.
pub const EXITS: &[Exit] = &[
    Exit {
        code: 0,
        name: "SUCCESS",
        meaning: "success",
        commands: &[],
    },
    Exit {
        code: 1,
        name: "OTHER",
        meaning: "other error (I/O, unexpected answer); not a reader that stops reading \
                  standard output early, such as head: the rest of the output is dropped \
                  quietly and the status stays what it would have been",
        commands: &[],
    },
    Exit {
        code: 2,
        name: "USAGE",
        meaning: "usage error: bad arguments or API URL, an unusable secret destination \
                  (nothing created), the wizard without a terminal, a bad [keys] line in \
                  config.toml, an IMPACT_TOKEN_*_DIR variable naming an unusable directory; verify: answers that are not the API's (not JSON, or a \
                  redirect) and no drift; tokens rotate: a disabled token without \
                  --from-disabled",
        commands: &[],
    },
    Exit {
        code: 3,
        name: "INVALID",
        meaning: "invalid spec or request (also the server's 400/422)",
        commands: &[],
    },
    Exit {
        code: 4,
        name: "AUTH",
        meaning: "authentication: credentials missing or rejected (401)",
        commands: &[],
    },
    Exit {
        code: 5,
        name: "PERMISSION",
        meaning: "permission: the account may not do this (403)",
        commands: &[],
    },
    Exit {
        code: 6,
        name: "CONFLICT",
        meaning: "conflict: the token name is taken (409)",
        commands: &[],
    },
    Exit {
        code: 7,
        name: "RATE_LIMIT",
        meaning: "rate limited (429) after waiting, or at once when the reset is more than \
                  5 minutes away",
        commands: &[],
    },
    Exit {
        code: 8,
        name: "NETWORK",
        meaning: "network or server unavailable (connect, timeout, 5xx after retries, TLS \
                  failures)",
        commands: &[],
    },
    Exit {
        code: 9,
        name: "SECRET_NOT_DELIVERED",
        meaning: "created, but the secret could not be delivered where asked: it was \
                  written once to the terminal, or else to standard error (also after \
                  tokens reset, and tokens rotate, which then leaves the old token enabled)",
        commands: &["create", "tokens rotate", "tokens reset"],
    },
    Exit {
        code: 10,
        name: "NOT_FOUND",
        meaning: "no token has that name or Id (also the server's 404); scopes --for: no \
                  scope matches the request",
        commands: &[
            "scopes",
            "tokens show",
            "tokens export",
            "tokens diff",
            "tokens rotate",
            "tokens reset",
            "tokens disable",
            "tokens enable",
            "tokens upgrade",
            "tokens delete",
        ],
    },
    Exit {
        code: 11,
        name: "ROTATE_TEST_FAILED",
        meaning: "tokens rotate: the new token was delivered but failed its test; the old \
                  token is still enabled",
        commands: &["tokens rotate"],
    },
    Exit {
        code: 12,
        name: "ROTATE_OLD_NOT_DISABLED",
        meaning: "tokens rotate: the new token works, but the old one was not disabled: \
                  the message says its state as read after the failure (or the --grace wait \
                  was interrupted, and both are enabled)",
        commands: &["tokens rotate"],
    },
    Exit {
        code: 13,
        name: "ROTATE_OLD_NOT_DELETED",
        meaning: "tokens rotate: the new token works and the old one is retired, but \
                  renaming them (or --delete-old's delete) failed; the message says what \
                  each is called",
        commands: &["tokens rotate"],
    },
    Exit {
        code: 14,
        name: "DIFFER",
        meaning: "tokens diff: A and B differ (also spec from-log --diff-against: the spec \
                  and the evidence differ); not 1, which is \"other error\"",
        commands: &["tokens diff", "spec from-log"],
    },
    Exit {
        code: 15,
        name: "VERIFY_DRIFT",
        meaning: "verify: the token does not match the spec (a right missing or extra, or \
                  an unexpected answer)",
        commands: &["verify"],
    },
    Exit {
        code: 16,
        name: "VERIFY_DISABLED",
        meaning: "verify: every call inside the spec was made and refused: the token is \
                  disabled",
        commands: &["verify"],
    },
    Exit {
        code: 17,
        name: "VERIFY_STOPPED",
        meaning: "verify: stopped at the rate-limit floor (--floor) before the end, with no \
                  drift seen so far",
        commands: &["verify"],
    },
    Exit {
        code: 18,
        name: "CHANGED_MEANWHILE",
        meaning: "the token changed since it was read; nothing was done",
        commands: CHANGES,
    },
    Exit {
        code: 19,
        name: "OUTCOME_UNKNOWN",
        meaning: "the answer was lost and the outcome is unknown; the message says how to \
                  find out",
        commands: CHANGES,
    },
];

/// Width of the exit-status lines in `--help`.
const WIDTH: usize = 78;

/// One status as `--help` lists it: the code right-aligned in three
/// columns, its meaning wrapped at words under itself.
fn entry(out: &mut String, e: &Exit) {
    let mut line = format!("{:>3} ", e.code);
    let mut words = 0;
    for word in e.meaning.split_whitespace() {
        if line.len() + 1 + word.len() > WIDTH && words > 0 {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(4);
            words = 0;
        }
        line.push(' ');
        line.push_str(word);
        words += 1;
    }
    out.push_str(&line);
}

/// The top level's `--help` epilogue: every status.
pub fn exit_codes_help() -> String {
    let mut out = String::from("Exit codes:");
    for e in EXITS {
        out.push('\n');
        entry(&mut out, e);
    }
    out
}

/// A subcommand's `--help` epilogue: the statuses of every command in
/// brief, then this one's own (`command` as typed after `impact-token`).
pub fn exit_codes_help_for(command: &str) -> String {
    let mut out = format!("{EXIT_CODES_COMMON}\n");
    let own: Vec<&Exit> = EXITS
        .iter()
        .filter(|e| e.commands.contains(&command))
        .collect();
    if own.is_empty() {
        out.pop();
        return out;
    }
    out.push_str(EXIT_CODES_OWN);
    for e in own {
        out.push('\n');
        entry(&mut out, e);
    }
    out
}

/// The first line of a subcommand's exit statuses.
pub const EXIT_CODES_COMMON: &str =
    "Exit codes: 0 success; 1-8 errors of every command (impact-token --help lists them).";
/// Before a subcommand's own statuses.
pub const EXIT_CODES_OWN: &str = "This command's own:";
