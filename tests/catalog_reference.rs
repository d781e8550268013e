//! The bundled catalogs must say exactly what impact.com's published API
//! surface says (`../shared/reference/impact-api-surface.tsv`), category by
//! category and scope by scope. Rebuild them with `scripts/gen-catalog.py`.

use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;

fn reference() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/impact-api-surface.tsv"
    );
    match std::fs::read_to_string(path) {
        Ok(s) => Some(s),
        // CI always has ../shared beside the clone; elsewhere it may be absent.
        Err(_) if std::env::var_os("CI").is_none() => None,
        Err(e) => panic!("{path}: {e}"),
    }
}

#[test]
fn bundled_catalogs_match_the_reference_surface() {
    let Some(tsv) = reference() else {
        eprintln!("reference TSV not found; skipped outside CI");
        return;
    };
    let mut rows = 0;
    for t in AccountType::ALL {
        let c = Catalog::bundled(t);
        let mut expected: Vec<(String, String, String, String, String)> = Vec::new();
        for line in tsv.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f[0] == t.as_str() {
                expected.push((
                    f[2].into(),
                    f[4].into(),
                    f[7].into(),
                    f[5].into(),
                    f[6].into(),
                ));
            }
        }
        let mut actual: Vec<(String, String, String, String, String)> = c
            .scopes()
            .map(|s| {
                let cat = c.categories[s.category].name.clone();
                (
                    cat,
                    s.id.to_string(),
                    s.name.to_string(),
                    s.method.to_string(),
                    s.path.to_string(),
                )
            })
            .collect();
        expected.sort();
        actual.sort();
        assert_eq!(actual, expected, "{t}");
        assert_eq!(c.versions, t.api_versions());
        rows += expected.len();
    }
    assert_eq!(rows, 206);
}
