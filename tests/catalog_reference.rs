//! The bundled catalogs must say exactly what impact.com's published API
//! surface says (`assets/reference/impact-api-surface.tsv`, a copy of the
//! published list), category by category and scope by scope. Rebuild them with `scripts/gen-catalog.py`.

use impact_token::model::account::AccountType;
use impact_token::model::catalog::Catalog;

/// The reference surface, kept in the repository so a clone tests alone.
const REFERENCE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/reference/impact-api-surface.tsv"
));

#[test]
fn bundled_catalogs_match_the_reference_surface() {
    let tsv = REFERENCE;
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
