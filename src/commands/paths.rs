//! `impact-token paths`: where the files are, and what decided each (a
//! variable of the tool's, `--log-file`, or the platform default), as
//! [`crate::store::paths`] resolves them for every other command.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::OutputArg;
use crate::commands::{Failure, exit};
use crate::store::paths::{self, Kind, Source};
use crate::text;

/// One row: its name, its key in JSON, the path (or why not) and its source.
struct Row {
    name: &'static str,
    key: &'static str,
    path: Result<PathBuf, String>,
    source: Source,
}

fn rows(log_flag: Option<&Path>) -> Vec<Row> {
    let config = paths::dir(Kind::Config);
    let data = paths::dir(Kind::Data);
    let (log, log_source) = paths::log_file(log_flag);
    let in_config = |name: &str| {
        config
            .path
            .as_ref()
            .map(|d| d.join(name))
            .map_err(Clone::clone)
    };
    vec![
        Row {
            name: text::PATH_CONFIG,
            key: "config",
            path: in_config("config.toml"),
            source: config.source.clone(),
        },
        Row {
            name: text::PATH_TOKEN_FILES,
            key: "token_files",
            path: in_config(text::TOKEN_FILE_PATTERN),
            source: config.source.clone(),
        },
        Row {
            name: text::PATH_PRESETS,
            key: "presets",
            path: in_config("presets.toml"),
            source: config.source.clone(),
        },
        Row {
            name: text::PATH_DRAFTS,
            key: "drafts",
            path: data.path.map(|d| d.join("drafts")),
            source: data.source,
        },
        Row {
            name: text::PATH_LOG,
            key: "log",
            path: log,
            source: log_source,
        },
    ]
}

fn source_text(s: &Source) -> String {
    match s {
        Source::Env(v) => text::path_source_env(v),
        Source::Flag(f) => text::path_source_flag(f),
        Source::Default(base) => text::path_source_default(base),
    }
}

/// Prints the paths; exits 2 when a variable names an unusable directory
/// (every row is printed all the same).
pub fn run(log_flag: Option<&Path>, output: OutputArg) -> Result<ExitCode, Failure> {
    let rows = rows(log_flag);
    let out = match output {
        OutputArg::Text => as_text(&rows),
        OutputArg::Json => as_json(&rows),
    };
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    let _ = std::io::stdout().write_all(out.as_bytes());
    match rows.iter().find_map(|r| r.path.as_ref().err()) {
        Some(e) => Err(Failure::new(exit::USAGE, e.clone())),
        None => Ok(ExitCode::SUCCESS),
    }
}

fn as_text(rows: &[Row]) -> String {
    let width = rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in rows {
        let path = match &r.path {
            Ok(p) => text::inert(&p.display().to_string()),
            Err(e) => text::path_unusable(e),
        };
        out.push_str(&format!(
            "{:width$}  {path}  ({})\n",
            r.name,
            source_text(&r.source)
        ));
    }
    out
}

fn as_json(rows: &[Row]) -> String {
    let mut map = serde_json::Map::new();
    for r in rows {
        let (path, error) = match &r.path {
            Ok(p) => (serde_json::json!(p.display().to_string()), None),
            Err(e) => (serde_json::Value::Null, Some(e.clone())),
        };
        let (kind, name) = match &r.source {
            Source::Env(v) => ("env", *v),
            Source::Flag(f) => ("flag", *f),
            Source::Default(base) => ("default", *base),
        };
        let mut entry = serde_json::json!({
            "path": path,
            "source": { "kind": kind, "name": name },
        });
        if let Some(e) = error {
            entry["error"] = serde_json::json!(e);
        }
        map.insert(r.key.to_string(), entry);
    }
    let mut out = serde_json::Value::Object(map).to_string();
    out.push('\n');
    out
}
