//! One example per command: shown at the end of its `--help` (before the
//! exit codes) and in the man page's EXAMPLES. Each parses with the real
//! parser (checked by tests/help_examples.rs); a trailing `> FILE` is the
//! shell's, not the program's.

/// One example.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    /// The command, as typed after `impact-token` ("" for the top level).
    pub command: &'static str,
    /// The whole command line.
    pub line: &'static str,
    /// What it does.
    pub what: &'static str,
}

/// Every command's example, in the man page's order.
pub const EXAMPLES: &[Example] = &[
    Example {
        command: "",
        line: "impact-token --sandbox",
        what: "Try the API page and the wizard against the built-in sandbox.",
    },
    Example {
        command: "create",
        line: "impact-token create --spec token.toml --yes --secret-file token.env",
        what: "Create a token from a reviewed spec without the UI; its credentials go to a new 0600 file.",
    },
    Example {
        command: "scopes",
        line: "impact-token scopes --account-type brand --for 'GET /Advertisers/IRxxxx/Actions'",
        what: "Name the scope a request needs.",
    },
    Example {
        command: "verify",
        line: "impact-token verify --spec token.toml --output json",
        what: "Check what a token can really do (its credentials in IMPACT_ACCOUNT_SID and IMPACT_AUTH_TOKEN).",
    },
    Example {
        command: "profiles",
        line: "impact-token profiles",
        what: "List the profiles in config.toml.",
    },
    Example {
        command: "profiles add",
        line: "impact-token profiles add prod --account-type brand --api-url https://tokens.example.com --account-sid IRxxxx --token-env PROD_TOKEN --default",
        what: "Add a profile whose Auth Token is read from $PROD_TOKEN, and make it the default.",
    },
    Example {
        command: "profiles default",
        line: "impact-token profiles default prod",
        what: "Make prod the default profile.",
    },
    Example {
        command: "profiles remove",
        line: "impact-token profiles remove staging --delete-token",
        what: "Remove a profile and the token file --store-token wrote for it.",
    },
    Example {
        command: "completions",
        line: "impact-token completions bash > ~/.local/share/bash-completion/completions/impact-token",
        what: "Install bash completions (see README's Install for zsh and fish).",
    },
    Example {
        command: "man",
        line: "impact-token man > ~/.cargo/share/man/man1/impact-token.1",
        what: "Install this page where man finds it next to ~/.cargo/bin.",
    },
    Example {
        command: "paths",
        line: "impact-token paths --output json",
        what: "Print where the config, token files, presets, drafts and log are, and what decided each.",
    },
    Example {
        command: "sandbox",
        line: "impact-token sandbox --addr 127.0.0.1:8787",
        what: "Serve the sandbox for another program (prints demo credentials).",
    },
    Example {
        command: "spec",
        line: "impact-token spec checklist token.toml",
        what: "Print a spec as steps for impact.com's web page.",
    },
    Example {
        command: "spec from-log",
        line: "impact-token spec from-log access.log > token.toml",
        what: "Write the smallest spec that allows what a log shows.",
    },
    Example {
        command: "spec checklist",
        line: "impact-token spec checklist token.toml",
        what: "Print a spec as steps for impact.com's web page.",
    },
    Example {
        command: "tokens",
        line: "impact-token --profile prod tokens list --state enabled",
        what: "List the enabled tokens of the prod profile's account.",
    },
    Example {
        command: "tokens list",
        line: "impact-token tokens list --name export --output json",
        what: "The tokens whose name contains \"export\", as JSON.",
    },
    Example {
        command: "tokens show",
        line: "impact-token tokens show nightly-export",
        what: "Show a token's settings and scopes.",
    },
    Example {
        command: "tokens export",
        line: "impact-token tokens export nightly-export > nightly-export.toml",
        what: "Save a token's settings as a spec file.",
    },
    Example {
        command: "tokens diff",
        line: "impact-token tokens diff nightly-export token.toml",
        what: "Compare a token's scopes with a spec file.",
    },
    Example {
        command: "tokens rotate",
        line: "impact-token tokens rotate nightly-export --secret-file nightly-export.env --grace 10m",
        what: "Rotate with ten minutes of overlap before the old token is disabled.",
    },
    Example {
        command: "tokens reset",
        line: "impact-token tokens reset nightly-export --secret-file nightly-export.env",
        what: "Give a token a new Auth Token (the old one fails at once).",
    },
    Example {
        command: "tokens disable",
        line: "impact-token tokens disable nightly-export",
        what: "Disable a token, after asking.",
    },
    Example {
        command: "tokens enable",
        line: "impact-token tokens enable nightly-export --yes",
        what: "Enable a disabled token without asking.",
    },
    Example {
        command: "tokens upgrade",
        line: "impact-token tokens upgrade nightly-export",
        what: "Move a token to the newest API version, after showing what changes.",
    },
    Example {
        command: "tokens delete",
        line: "impact-token tokens delete nightly-export",
        what: "Delete a token for good, after asking.",
    },
];

/// The heading of the example in `--help`.
pub const EXAMPLE_HEADING: &str = "Example:";

/// Widest line of an example in `--help`: longer command lines continue
/// on the next line after a ` \`, as a shell reads them.
const EXAMPLE_WIDTH: usize = 76;

/// A command's `--help` example block, `None` when it has none.
pub fn example_help(command: &str) -> Option<String> {
    let e = EXAMPLES.iter().find(|e| e.command == command)?;
    Some(format!(
        "{EXAMPLE_HEADING}\n  {}\n  {}",
        continued(e.line, EXAMPLE_WIDTH).join(" \\\n    "),
        e.what
    ))
}

/// `line` cut at spaces outside quotes into pieces of at most `width`
/// characters (a longer word stays whole).
fn continued(line: &str, width: usize) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut quote = None;
    let mut word = String::new();
    for c in line.chars() {
        match (quote, c) {
            (None, ' ') => words.push(std::mem::take(&mut word)),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                word.push(c);
            }
            _ => word.push(c),
        }
    }
    words.push(word);
    let mut lines: Vec<String> = Vec::new();
    for w in words.into_iter().filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + w.chars().count() <= width => {
                l.push(' ');
                l.push_str(&w);
            }
            _ => lines.push(w),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_examples_continue_at_spaces_outside_quotes() {
        assert_eq!(continued("a b c", 3), ["a b", "c"]);
        assert_eq!(continued("x 'p q r' y", 6), ["x", "'p q r'", "y"]);
        assert_eq!(continued("short", 76), ["short"]);
    }
}
