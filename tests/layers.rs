//! Layers only point down. Reads every `src/**/*.rs`, collects the modules
//! each file takes from (`use crate::…`, `crate::…::` paths and `super::`
//! paths that leave the file's own top module) and fails on every import of
//! a module on the same layer or above, with file and line.
//!
//! Bottom to top: `contract` (the wire types) and `memory`; `text`; `model`;
//! `api`, `sandbox` and `store` side by side (none imports another); `tui`;
//! `commands` and `cli`; `main` and `lib`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each top-level module of the crate and its layer. A new module must be
/// added here before the test passes.
const LAYERS: &[(&str, u8)] = &[
    ("contract", 0),
    ("memory", 0),
    ("text", 1),
    ("model", 2),
    ("api", 3),
    ("sandbox", 3),
    ("store", 3),
    ("tui", 4),
    ("commands", 5),
    ("cli", 5),
    ("main", 6),
    ("lib", 6),
];

/// Same-layer imports that are allowed: the commands read the parsed
/// command line. (`cli` itself imports only what is below it.)
const SIDEWAYS_ALLOWED: &[(&str, &str)] = &[("commands", "cli")];

/// Imports that still point up, as (file, imported module). This list may
/// only shrink: an entry that no longer matches anything fails the test, so
/// that a fixed import cannot come back unnoticed.
const KNOWN_EXCEPTIONS: &[(&str, &str)] = &[];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// One import of another top-level module.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Import {
    line: usize,
    target: String,
}

/// The module path of a file under `src/`: `src/tui/view/mod.rs` is
/// `["tui", "view"]`, `src/text.rs` is `["text"]`, `src/lib.rs` is `[]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .skip(1) // "src"
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The top-level module a file belongs to (`main`/`lib` for the roots).
fn own_module(rel: &Path) -> String {
    match module_path(rel).first() {
        Some(m) => m.clone(),
        None => rel
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string(),
    }
}

fn ident_at(s: &[u8], mut i: usize) -> (String, usize) {
    let start = i;
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
        i += 1;
    }
    (String::from_utf8_lossy(&s[start..i]).into_owned(), i)
}

fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && s[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The first path segments after a `crate::` (or resolved `super::`) prefix
/// ending just before `i`: one name, or each item's first name in a `{…}` group.
fn first_segments(s: &[u8], i: usize) -> Vec<(String, usize)> {
    if s.get(i) != Some(&b'{') {
        let (name, _) = ident_at(s, i);
        return vec![(name, i)];
    }
    let mut out = Vec::new();
    let mut depth = 0;
    let mut expect_item = true;
    let mut j = i;
    while j < s.len() {
        match s[j] {
            b'{' => {
                depth += 1;
                expect_item = depth == 1;
                j += 1;
            }
            b'}' => {
                depth -= 1;
                j += 1;
                if depth == 0 {
                    break;
                }
            }
            b',' => {
                expect_item = depth == 1;
                j += 1;
            }
            c if c.is_ascii_whitespace() => j += 1,
            _ if expect_item => {
                let (name, end) = ident_at(s, j);
                out.push((name, j));
                expect_item = false;
                j = end.max(j + 1);
            }
            _ => j += 1,
        }
    }
    out
}

/// Every reference from this file's text to a top-level module, by line.
/// Comment lines are skipped (doc comments name modules in prose).
fn imports(rel: &Path, source: &str) -> Vec<Import> {
    let code: String = source
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let s = code.as_bytes();
    let here = module_path(rel);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let boundary = i == 0 || !(s[i - 1].is_ascii_alphanumeric() || s[i - 1] == b'_');
        if boundary && s[i..].starts_with(b"crate::") {
            let at = skip_ws(s, i + "crate::".len());
            for (name, pos) in first_segments(s, at) {
                if !name.is_empty() && name != "self" {
                    out.push(Import {
                        line: line_of(pos),
                        target: name,
                    });
                }
            }
            i = at;
            continue;
        }
        if boundary && s[i..].starts_with(b"super::") {
            let mut ups = 0;
            let mut j = i;
            while s[j..].starts_with(b"super::") {
                ups += 1;
                j += "super::".len();
            }
            // Only a path that climbs to the crate root can reach another
            // top-level module; inside it, `super` stays in the same one.
            if ups >= here.len() {
                for (name, pos) in first_segments(s, j) {
                    // Past the root means an inline module (tests): not resolvable
                    // here, and never another module's name in this crate.
                    if ups == here.len() && layer(&name).is_some() {
                        out.push(Import {
                            line: line_of(pos),
                            target: name,
                        });
                    }
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `from` may import `to`.
fn allowed(from: &str, to: &str) -> Result<bool, String> {
    let lf = layer(from).ok_or_else(|| format!("module `{from}` is not in LAYERS"))?;
    let lt = layer(to).ok_or_else(|| format!("module `{to}` is not in LAYERS"))?;
    Ok(from == to || lt < lf || SIDEWAYS_ALLOWED.contains(&(from, to)))
}

/// Every import against the table, as "file:line: from (layer) imports to (layer)".
fn violations(root: &Path) -> (Vec<String>, BTreeSet<(String, String)>) {
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut out = Vec::new();
    let mut excepted = BTreeSet::new();
    for path in files {
        let rel = path.strip_prefix(root).unwrap();
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        let from = own_module(rel);
        let source = std::fs::read_to_string(&path).unwrap();
        for imp in imports(rel, &source) {
            match allowed(&from, &imp.target) {
                Ok(true) => {}
                Ok(false)
                    if KNOWN_EXCEPTIONS.contains(&(rel_str.as_str(), imp.target.as_str())) =>
                {
                    excepted.insert((rel_str.clone(), imp.target.clone()));
                }
                Ok(false) => out.push(format!(
                    "{rel_str}:{}: `{from}` (layer {}) imports `{}` (layer {})",
                    imp.line,
                    layer(&from).unwrap(),
                    imp.target,
                    layer(&imp.target).unwrap()
                )),
                Err(e) => out.push(format!("{rel_str}:{}: {e}", imp.line)),
            }
        }
    }
    (out, excepted)
}

#[test]
fn layers_only_point_down() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (bad, excepted) = violations(root);
    assert!(
        bad.is_empty(),
        "imports that point up or sideways (bottom to top: contract/memory, text, model, \
         api|sandbox|store, tui, commands|cli, main|lib):\n{}",
        bad.join("\n")
    );
    let stale: Vec<_> = KNOWN_EXCEPTIONS
        .iter()
        .filter(|(f, t)| !excepted.contains(&(f.to_string(), t.to_string())))
        .collect();
    assert!(
        stale.is_empty(),
        "known exceptions that no longer occur; delete them from KNOWN_EXCEPTIONS: {stale:?}"
    );
}

#[test]
fn every_top_level_module_has_a_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() || path.extension().is_some_and(|e| e == "rs") {
            assert!(layer(&name).is_some(), "src/{name} has no layer in LAYERS");
        }
    }
}

#[test]
fn the_scanner_finds_paths_groups_and_climbing_super() {
    let found = |file: &str, src: &str| -> Vec<(usize, String)> {
        imports(Path::new(file), src)
            .into_iter()
            .map(|i| (i.line, i.target))
            .collect()
    };
    let src = "use crate::tui::state::{Screen, State};\n\
               // crate::sandbox in a comment does not count\n\
               fn f() { crate::api::worker::spawn(); }\n\
               use crate::{\n    model::account::AccountType,\n    store::{self, draft},\n    self,\n};\n\
               let x = notcrate::tui::X;\n";
    assert_eq!(
        found("src/text.rs", src),
        vec![
            (1, "tui".to_string()),
            (3, "api".to_string()),
            (5, "model".to_string()),
            (6, "store".to_string()),
        ]
    );
    // `super::super::` from a file two levels down reaches the root.
    assert_eq!(
        found("src/tui/view/mod.rs", "use super::state::State;\n"),
        vec![]
    );
    assert_eq!(
        found("src/api/worker.rs", "use super::super::sandbox::Handle;\n"),
        vec![(1, "sandbox".to_string())]
    );
    // Inside an inline test module `super::*` is the file itself.
    assert_eq!(found("src/api/worker.rs", "use super::*;\n"), vec![]);
}

#[test]
fn the_table_refuses_up_and_sideways_and_allows_down() {
    assert_eq!(allowed("text", "tui"), Ok(false));
    assert_eq!(allowed("model", "api"), Ok(false));
    assert_eq!(
        allowed("api", "sandbox"),
        Ok(false),
        "side by side, not on each other"
    );
    assert_eq!(allowed("sandbox", "api"), Ok(false));
    assert_eq!(allowed("store", "api"), Ok(false));
    assert_eq!(allowed("tui", "commands"), Ok(false));
    assert_eq!(allowed("cli", "commands"), Ok(false));
    assert_eq!(allowed("commands", "cli"), Ok(true));
    assert_eq!(allowed("api", "contract"), Ok(true));
    assert_eq!(allowed("model", "text"), Ok(true));
    assert_eq!(allowed("commands", "sandbox"), Ok(true));
    assert!(allowed("tui", "nowhere").is_err());
}
