//! Micro-benchmarks of the scope panel at 117 (the bundled brand catalog),
//! 20,000 and 100,000 scopes (synthetic, 100 per category).
//!
//! `cargo bench --bench scopes` runs them all; add a filter to pick some,
//! e.g. `cargo bench --bench scopes -- cursor_down`. Screen work goes through
//! the real `view::render` into ratatui's `TestBackend` at 80×24, on a
//! wizard brought to the API Scopes step by key presses, as a user would.
//! What each one measures is in `bench/README.md`.

use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use impact_token::api::worker::{Contacts, WorkerEvent};
use impact_token::contract::{CompanyInformation, Contact};
use impact_token::model::account::AccountType;
use impact_token::model::catalog::{Catalog, CatalogSource};
use impact_token::model::selection::Selection;
use impact_token::model::tree::ScopeTree;
use impact_token::tui::state::{Settings, State, Step};
use impact_token::tui::update::{Msg, update};
use impact_token::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    divan::main();
}

/// Catalog sizes, in scopes. 117 is the bundled brand catalog.
const SIZES: [usize; 3] = [117, 20_000, 100_000];

/// Scopes per category in the synthetic catalogs (as `scripts/measure.sh`).
const PER_CATEGORY: usize = 100;

/// A synthetic catalog document: `scopes` scopes, 100 per category, with
/// GET, POST, PUT and DELETE mixed, deterministic.
fn synthetic_json(scopes: usize) -> String {
    const METHODS: [&str; 8] = ["GET", "GET", "GET", "POST", "GET", "PUT", "GET", "DELETE"];
    const NOUNS: [&str; 6] = [
        "Action",
        "Campaign",
        "Invoice",
        "Media Partner",
        "Report",
        "Tracking Link",
    ];
    let categories = scopes.div_ceil(PER_CATEGORY);
    let mut out = String::with_capacity(scopes * 160);
    out.push_str(r#"{"ApiVersions":["14","13","12","11"],"Categories":["#);
    for ci in 0..categories {
        if ci > 0 {
            out.push(',');
        }
        out.push_str(&format!(r#"{{"Name":"Area {ci:04}","Scopes":["#));
        let range = ci * PER_CATEGORY..((ci + 1) * PER_CATEGORY).min(scopes);
        for (k, si) in range.enumerate() {
            if k > 0 {
                out.push(',');
            }
            // A cheap deterministic mix (Knuth's multiplicative hash).
            let h = (si as u64).wrapping_mul(2_654_435_761) >> 7;
            let method = METHODS[(h % 8) as usize];
            let noun = NOUNS[((h >> 3) % 6) as usize];
            out.push_str(&format!(
                r#"{{"Id":"op{si}","Name":"{method} {noun} number {si}","Method":"{method}","Path":"/Advertisers/{{AccountSID}}/Area{ci}/{noun}s/{{Id{si}}}"}}"#
            ));
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}

/// The catalog of `size` scopes, built once per process.
fn catalog(size: usize) -> &'static Catalog {
    static CACHE: OnceLock<[Catalog; 3]> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        let brand = Catalog::bundled(AccountType::Brand);
        assert_eq!(brand.len(), SIZES[0], "the brand catalog changed size");
        let synth = |n| Catalog::from_json(&synthetic_json(n), CatalogSource::Live).unwrap();
        [brand, synth(SIZES[1]), synth(SIZES[2])]
    });
    let i = SIZES.iter().position(|&s| s == size).expect("a known size");
    &all[i]
}

fn key(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// A wizard fed what a connected sandbox sends (but no live catalog, so
/// `catalog` stays), then brought to the API Scopes step with keys: a name,
/// Ctrl-N, Enter (first contact), Enter (empty e-mail: Next).
fn scopes_state(catalog: Catalog) -> State {
    let settings = Settings {
        account_type: AccountType::Brand,
        sandbox: true,
        ascii: false,
        no_color: false,
        colors_256: false,
    };
    let mut s = State::new(settings, catalog, false);
    let ada = Contact {
        user_id: "U-1".into(),
        name: "Ada Lovelace".into(),
        email: Some("ada@acme.example".into()),
        role: None,
    };
    for ev in [
        WorkerEvent::Ready {
            base_url: "http://127.0.0.1:1".into(),
            account_sid: "IRDEMO1234567890ABCD".into(),
        },
        WorkerEvent::Company(Ok(CompanyInformation {
            company_name: "Acme Outdoor Co.".into(),
            technical_contact: Some(ada.clone()),
            financial_contact: None,
            security_contact: None,
        })),
        WorkerEvent::Contacts(Ok(Contacts {
            list: vec![ada],
            from_company: false,
        })),
        WorkerEvent::Tokens(Ok(Vec::new())),
    ] {
        update(&mut s, Msg::Worker(ev));
    }
    s.sync_field_styles();
    for c in "bench".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    update(
        &mut s,
        Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.step, Step::Scopes, "the wizard did not reach API Scopes");
    s
}

/// An 80×24 test terminal with `state` drawn once.
fn terminal(state: &State) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::render(f, state)).unwrap();
    t
}

fn draw(t: &mut Terminal<TestBackend>, state: &State) {
    t.draw(|f| view::render(f, state)).unwrap();
}

/// A selection of every third category, whole (about a third of the scopes).
fn third_selected(catalog: &Catalog) -> Selection {
    let mut sel = Selection::new(catalog);
    for ci in (0..catalog.categories.len()).step_by(3) {
        sel.toggle_all_in(ci);
    }
    sel
}

/// Parsing a catalog document (what `--catalog FILE` does before the first frame).
#[divan::bench(args = SIZES, sample_count = 20, max_time = 2)]
fn catalog_from_json(bencher: Bencher, size: usize) {
    let json = serde_json::to_string(&catalog(size).to_doc()).unwrap();
    bencher.bench(|| Catalog::from_json(divan::black_box(&json), CatalogSource::Live).unwrap());
}

/// Building the scope tree (all categories collapsed), as `State::new` does.
#[divan::bench(args = SIZES, sample_count = 50, max_time = 1)]
fn tree_build(bencher: Bencher, size: usize) {
    let c = catalog(size);
    bencher.bench(|| ScopeTree::new(divan::black_box(c)));
}

/// `Selection::selected_ids` with every third category selected.
#[divan::bench(args = SIZES, sample_count = 50, max_time = 1)]
fn selected_ids(bencher: Bencher, size: usize) {
    let c = catalog(size);
    let sel = third_selected(c);
    bencher.bench(|| divan::black_box(&sel).selected_ids(c).len());
}

/// One frame of the wizard on the API Scopes step into an 80×24 TestBackend
/// (render, diff against the previous frame, write to the backend).
#[divan::bench(args = SIZES, sample_count = 50, max_time = 1)]
fn render_scopes(bencher: Bencher, size: usize) {
    let state = scopes_state(catalog(size).clone());
    let mut t = terminal(&state);
    bencher.bench_local(|| draw(&mut t, divan::black_box(&state)));
}

/// ↓ on the scope tree: `update` with the key, then a frame. The first
/// categories are expanded until the tree has 1,000 rows or more (or all
/// are), and the cursor goes back to the top (Home, also timed) when it
/// reaches the last row, so every ↓ moves.
#[divan::bench(args = SIZES, sample_count = 50, max_time = 1)]
fn cursor_down(bencher: Bencher, size: usize) {
    let c = catalog(size);
    let mut state = scopes_state(c.clone());
    for ci in 0..c.categories.len() {
        if state.tree.rows().len() >= 1000 {
            break;
        }
        state.tree.set_expanded(c, ci, true);
    }
    let mut t = terminal(&state);
    bencher.bench_local(|| {
        if state.tree.cursor() + 1 >= state.tree.rows().len() {
            key(&mut state, KeyCode::Home);
        }
        key(&mut state, KeyCode::Down);
        draw(&mut t, &state);
    });
}

/// Space on a category row (on, which expands it; then off, which collapses
/// it and clears its picks), then a frame. The cursor is on the middle
/// category.
#[divan::bench(args = SIZES, sample_count = 50, max_time = 1)]
fn toggle_category(bencher: Bencher, size: usize) {
    let c = catalog(size);
    let mut state = scopes_state(c.clone());
    state.tree.move_to_category(c.categories.len() / 2);
    let rows = state.tree_rows();
    state.tree.scroll_into_view(rows);
    let mut t = terminal(&state);
    bencher.bench_local(|| {
        key(&mut state, KeyCode::Char(' '));
        draw(&mut t, &state);
    });
}

/// Clear All as a user does it with more than ten scopes selected: `c`,
/// then `y` to the question, then a frame. Every third category is selected
/// whole and expanded beforehand (not timed).
#[divan::bench(args = SIZES, sample_count = 20, max_time = 2)]
fn clear_all(bencher: Bencher, size: usize) {
    let c = catalog(size);
    let mut state = scopes_state(c.clone());
    let sel = third_selected(c);
    assert!(sel.total() > 10, "Clear All must ask: select more than ten");
    let mut tree = state.tree.clone();
    for ci in (0..c.categories.len()).step_by(3) {
        tree.set_expanded(c, ci, true);
    }
    let mut t = terminal(&state);
    bencher
        .with_inputs(|| (sel.clone(), tree.clone()))
        .bench_local_values(|(sel, tree)| {
            // The previous values are returned, so divan drops them untimed.
            let old = (
                std::mem::replace(&mut state.selection, sel),
                std::mem::replace(&mut state.tree, tree),
            );
            key(&mut state, KeyCode::Char('c'));
            key(&mut state, KeyCode::Char('y'));
            draw(&mut t, &state);
            assert_eq!(state.selection.total(), 0);
            old
        });
}
