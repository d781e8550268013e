//! `presets.toml` in the config directory: selections the user saved by name,
//! per account type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::account::AccountType;

/// One saved preset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedPreset {
    /// Scope Ids.
    pub scopes: Vec<String>,
}

/// account type → name → preset.
pub type Presets = BTreeMap<String, BTreeMap<String, SavedPreset>>;

/// Where saved presets live.
pub fn presets_path() -> Result<PathBuf, String> {
    crate::store::config::config_dir().map(|d| d.join("presets.toml"))
}

/// Reads the file; a missing file is empty.
pub fn load(path: &Path) -> Result<Presets, String> {
    match crate::store::read::read_regular_string(path, crate::store::read::PRESETS_CAP) {
        Ok(text) => {
            toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))
        }
        Err(e) if e.is_not_found() => Ok(Presets::new()),
        Err(e) => Err(e.to_string()),
    }
}

/// The saved presets of one account type, in name order.
pub fn for_type(all: &Presets, t: AccountType) -> Vec<(String, Vec<String>)> {
    all.get(t.as_str())
        .map(|m| {
            m.iter()
                .map(|(n, p)| (n.clone(), p.scopes.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Saves (or replaces) a preset, atomically.
pub fn save(path: &Path, t: AccountType, name: &str, scopes: &[String]) -> Result<(), String> {
    let mut all = load(path)?;
    all.entry(t.as_str().to_string()).or_default().insert(
        name.to_string(),
        SavedPreset {
            scopes: scopes.to_vec(),
        },
    );
    let text = toml::to_string(&all).map_err(|e| e.to_string())?;
    crate::store::files::write_atomic(path, text.as_bytes())
        .map_err(|e| crate::text::file_not_written(path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_load_per_account_type() {
        let tmp = tempfile::Builder::new()
            .prefix("impact-token-presets-")
            .tempdir()
            .unwrap();
        // A directory that does not exist yet: `save` creates it.
        let p = tmp.path().join("sub").join("presets.toml");
        assert!(load(&p).unwrap().is_empty());
        save(&p, AccountType::Brand, "mine", &["a".into(), "b".into()]).unwrap();
        save(&p, AccountType::Agency, "theirs", &["c".into()]).unwrap();
        save(&p, AccountType::Brand, "mine", &["b".into()]).unwrap();
        let all = load(&p).unwrap();
        assert_eq!(
            for_type(&all, AccountType::Brand),
            vec![("mine".to_string(), vec!["b".to_string()])]
        );
        assert_eq!(for_type(&all, AccountType::Partner), vec![]);
        std::fs::write(&p, "[brand.x]\nscopes = 1\n").unwrap();
        assert!(load(&p).is_err());
    }
}
