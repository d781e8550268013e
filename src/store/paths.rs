//! Where every file of the tool lives, decided in one place: the config
//! directory (config.toml, presets.toml, the token files `profiles add
//! --store-token` writes), the data directory (drafts) and the state
//! directory (the log). Each is named by an environment variable when it
//! is set, else is the platform's default from `directories` (XDG on
//! Linux). `impact-token paths` prints what this module decided, and why.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Moves the config directory: config.toml, presets.toml, NAME.token.
pub const CONFIG_DIR_VAR: &str = "IMPACT_TOKEN_CONFIG_DIR";
/// Moves the data directory: drafts.
pub const DATA_DIR_VAR: &str = "IMPACT_TOKEN_DATA_DIR";
/// Moves the state directory: the log.
pub const STATE_DIR_VAR: &str = "IMPACT_TOKEN_STATE_DIR";

/// The log's file name in the state directory.
pub const LOG_NAME: &str = "impact-token.log";

/// The three directories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// config.toml, presets.toml, token files.
    Config,
    /// Drafts.
    Data,
    /// The log.
    State,
}

impl Kind {
    /// The variable that moves it.
    pub fn var(self) -> &'static str {
        match self {
            Kind::Config => CONFIG_DIR_VAR,
            Kind::Data => DATA_DIR_VAR,
            Kind::State => STATE_DIR_VAR,
        }
    }

    /// The XDG variable the platform default honours.
    fn xdg_var(self) -> &'static str {
        match self {
            Kind::Config => "XDG_CONFIG_HOME",
            Kind::Data => "XDG_DATA_HOME",
            Kind::State => "XDG_STATE_HOME",
        }
    }
}

/// What decided a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// This environment variable of the tool's own.
    Env(&'static str),
    /// A command-line flag.
    Flag(&'static str),
    /// The platform default, under this variable (an XDG one, or HOME).
    Default(&'static str),
}

/// A directory, or why it cannot be used, and what decided it.
#[derive(Clone, Debug)]
pub struct Dir {
    /// The directory, or a message naming the path and the variable.
    pub path: Result<PathBuf, String>,
    /// What decided it.
    pub source: Source,
}

/// The environment, as a function, so the rules can be tested without
/// changing the process's.
type Env<'a> = &'a dyn Fn(&str) -> Option<OsString>;

fn process_env(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// The directory of `kind` in this process's environment.
pub fn dir(kind: Kind) -> Dir {
    dir_in(kind, &process_env)
}

/// The config directory (config.toml, presets.toml, token files).
pub fn config_dir() -> Result<PathBuf, String> {
    dir(Kind::Config).path
}

/// The data directory (drafts).
pub fn data_dir() -> Result<PathBuf, String> {
    dir(Kind::Data).path
}

/// The log: `--log-file` when given, else `impact-token.log` in the state
/// directory.
pub fn log_file(flag: Option<&Path>) -> (Result<PathBuf, String>, Source) {
    match flag {
        Some(p) => (Ok(p.to_path_buf()), Source::Flag("--log-file")),
        None => {
            let d = dir(Kind::State);
            (d.path.map(|p| p.join(LOG_NAME)), d.source)
        }
    }
}

/// Every directory an environment variable names is usable: absolute, and
/// an existing directory. Checked at the start of the commands that use
/// them, so a mistyped variable never sends files to an unexpected place.
pub fn check_env() -> Result<(), String> {
    for kind in [Kind::Config, Kind::Data, Kind::State] {
        let d = dir(kind);
        if let (Source::Env(_), Err(e)) = (&d.source, d.path) {
            return Err(e);
        }
    }
    Ok(())
}

fn dir_in(kind: Kind, env: Env) -> Dir {
    let var = kind.var();
    match env(var).filter(|v| !v.is_empty()) {
        Some(value) => Dir {
            path: from_var(var, &value),
            source: Source::Env(var),
        },
        None => default_dir(kind, env),
    }
}

/// The directory a variable names: `~` is the home directory; anything
/// else must be an absolute path to an existing directory.
fn from_var(var: &str, value: &std::ffi::OsStr) -> Result<PathBuf, String> {
    let path = crate::store::expand_home(Path::new(value));
    if !path.is_absolute() {
        return Err(crate::text::dir_var_relative(var, &path));
    }
    match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Ok(path),
        Ok(_) => Err(crate::text::dir_var_not_dir(var, &path)),
        Err(e) => Err(crate::text::dir_var_unusable(var, &path, &e)),
    }
}

fn default_dir(kind: Kind, env: Env) -> Dir {
    let dirs = directories::ProjectDirs::from("", "", "impact-token");
    let path = dirs.as_ref().map(|d| match kind {
        Kind::Config => d.config_dir().to_path_buf(),
        Kind::Data => d.data_dir().to_path_buf(),
        Kind::State => d.state_dir().unwrap_or(d.data_local_dir()).to_path_buf(),
    });
    // Named after the XDG variable only when the default really is under it.
    let xdg = kind.xdg_var();
    let under_xdg = env(xdg)
        .map(PathBuf::from)
        .filter(|x| x.is_absolute())
        .is_some_and(|x| path.as_ref().is_some_and(|p| p.starts_with(&x)));
    Dir {
        path: path.ok_or_else(|| crate::text::no_home_for(kind.var())),
        source: Source::Default(if under_xdg { xdg } else { "HOME" }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: Vec<(&'static str, OsString)>) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn a_variable_names_an_existing_directory_or_says_why_not() {
        let tmp = tempfile::tempdir().unwrap();
        let ok = tmp.path().to_path_buf();
        let file = ok.join("file");
        std::fs::write(&file, "").unwrap();
        let missing = ok.join("missing");
        let env = env_of(vec![
            (CONFIG_DIR_VAR, ok.clone().into()),
            (DATA_DIR_VAR, missing.clone().into()),
            (STATE_DIR_VAR, file.clone().into()),
        ]);
        let c = dir_in(Kind::Config, &env);
        assert_eq!(c.path.unwrap(), ok);
        assert_eq!(c.source, Source::Env(CONFIG_DIR_VAR));
        let d = dir_in(Kind::Data, &env).path.unwrap_err();
        assert!(d.contains(DATA_DIR_VAR), "{d}");
        assert!(d.contains(&missing.display().to_string()), "{d}");
        let s = dir_in(Kind::State, &env).path.unwrap_err();
        assert!(s.contains("not a directory"), "{s}");
        assert!(s.contains(&file.display().to_string()), "{s}");

        let relative = env_of(vec![(CONFIG_DIR_VAR, "conf".into())]);
        let r = dir_in(Kind::Config, &relative).path.unwrap_err();
        assert!(r.contains("absolute"), "{r}");
    }

    #[test]
    fn an_empty_variable_is_unset_and_the_default_names_its_xdg_variable() {
        let tmp = tempfile::tempdir().unwrap();
        let xdg = tmp.path().join("xdg");
        let env = env_of(vec![
            (CONFIG_DIR_VAR, "".into()),
            ("XDG_CONFIG_HOME", xdg.clone().into()),
        ]);
        let c = dir_in(Kind::Config, &env);
        // The default reads the process's own XDG_CONFIG_HOME, not `env`'s:
        // the source says XDG_CONFIG_HOME only when the path is under it.
        match &c.path {
            Ok(p) if p.starts_with(&xdg) => {
                assert_eq!(c.source, Source::Default("XDG_CONFIG_HOME"))
            }
            _ => assert_eq!(c.source, Source::Default("HOME")),
        }
    }
}
