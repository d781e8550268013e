//! Side-by-side performance measurement of the release binary in a
//! pseudo-terminal, printed as Markdown tables: the wizard per catalog, then
//! the API page with 10 and 10,000 tokens (see `bench/README.md`).
//!
//! ```sh
//! cargo build --release --bin impact-token
//! cargo run --release --example measure -- --catalog /tmp/cat20k.json --catalog /tmp/cat100k.json
//! ```
//!
//! or simply `scripts/measure.sh`, which does both and generates the
//! synthetic catalogs. What each column means and how it is taken is in
//! `bench/README.md`; in short, for each catalog (the bundled brand catalog
//! through `--sandbox`, then each `--catalog FILE`):
//!
//! - first frame: spawn → the chunk after which the screen shows the header
//!   and the key-hint line (median of `--first-frame-runs` spawns);
//! - settled: spawn → the last chunk before the output goes quiet, once the
//!   header names the sandbox company (median of as many spawns, alternating
//!   with the first-frame ones);
//! - bytes per ↓ on the scope tree (median, max) and key → last byte of the
//!   answer (median, p95), over `--presses` presses, each followed by
//!   `--quiet-ms` of silence;
//! - bytes written during `--idle-ms` with no input;
//! - key → last byte while the connection is pending
//!   (`IMPACT_SANDBOX_LATENCY_MS`), typing into Token Name;
//! - peak RSS (`VmHWM`) just before quitting.
//!
//! The same is taken for `whiptail --checklist` over the same scopes when
//! whiptail is installed (this tool installs nothing).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;

use pty_harness::{Spec, Term, screen_lines, screen_text};

/// The bundled brand catalog, for the whiptail comparison (the app shows
/// the same 117 scopes with `--sandbox`).
const BRAND_JSON: &str = include_str!("../../assets/catalog/brand.json");

/// Keeps `--sandbox --catalog FILE` on the file's catalog: the sandbox would
/// otherwise answer the Scopes call with its own bundled catalog, which
/// replaces the file's once connected. A 404 means "no live catalog".
const KEEP_FILE_CATALOG: (&str, &str) = ("IMPACT_SANDBOX_FAULTS", "scopes=404*forever");

const DOWN: &[u8] = b"\x1b[B";
const RIGHT: &[u8] = b"\x1b[C";
const CTRL_N: &[u8] = b"\x0e";
const ENTER: &[u8] = b"\r";

/// The sandbox brand account's company name, which the header shows once
/// connected (`src/sandbox/seed.rs`).
const SANDBOX_COMPANY: &str = "Demo Brand Inc.";

#[derive(Parser, Debug)]
#[command(about = "Measure impact-token (and whiptail) in an 80x24 pseudo-terminal")]
struct Args {
    /// A catalog file in the Scopes-response shape, run with
    /// `--sandbox --catalog FILE`; repeat for several.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// Leave out the bundled brand catalog (`--sandbox` alone).
    #[arg(long)]
    no_brand: bool,
    /// The binary to measure [default: release/impact-token next to this
    /// example's own target directory].
    #[arg(long, value_name = "PATH")]
    bin: Option<PathBuf>,
    /// whiptail to compare with [default: `whiptail` on PATH, if any].
    #[arg(long, value_name = "PATH")]
    whiptail: Option<PathBuf>,
    /// Do not measure whiptail even when it is installed.
    #[arg(long)]
    no_whiptail: bool,
    /// Spawns for "first frame" (the median is reported).
    #[arg(long, default_value_t = 5)]
    first_frame_runs: usize,
    /// ↓ presses measured on the scope tree (and on whiptail's list).
    #[arg(long, default_value_t = 50)]
    presses: usize,
    /// Silence that ends the answer to a key, in ms.
    #[arg(long, default_value_t = 30)]
    quiet_ms: u64,
    /// Window with no input for the idle count, in ms.
    #[arg(long, default_value_t = 3000)]
    idle_ms: u64,
    /// Sandbox latency for the "while an API call is pending" run, in ms.
    #[arg(long, default_value_t = 5000)]
    latency_ms: u64,
    /// Characters typed into Token Name while the call is pending.
    #[arg(long, default_value_t = 20)]
    typed: usize,
    /// Only the startup columns (first frame, settled, and whiptail's first
    /// frame): no ↓, idle, pending or RSS runs.
    #[arg(long)]
    startup_only: bool,
    /// Tokens in the sandbox account for the API page table (the five demo
    /// tokens plus `IMPACT_SANDBOX_SEED_TOKENS` synthetic ones); repeat for
    /// several [default: 10 and 10,000].
    #[arg(long = "page-tokens", value_name = "N")]
    page_tokens: Vec<usize>,
    /// The sandbox's list page size for the API page table
    /// (`IMPACT_SANDBOX_PAGE_SIZE`; at the sandbox's default 10, 10,000
    /// tokens would take 1,000 requests, the whole hourly budget).
    #[arg(long, default_value_t = 100)]
    page_size: usize,
    /// Leave out the API page table.
    #[arg(long)]
    no_page: bool,
    /// Only the API page table (no catalogs, no whiptail).
    #[arg(long)]
    page_only: bool,
    /// Print the screen after the ↓ presses (to stderr), to check what was measured.
    #[arg(long)]
    show_screens: bool,
    /// Deadline for any single wait, in seconds.
    #[arg(long, default_value_t = 60)]
    timeout_secs: u64,
}

/// Terminal size for every run.
const COLS: u16 = 80;
const ROWS: u16 = 24;

#[derive(Clone)]
struct Settings {
    quiet: Duration,
    timeout: Duration,
    presses: usize,
    idle: Duration,
    latency_ms: u64,
    typed: usize,
    runs: usize,
    show_screens: bool,
    startup_only: bool,
}

/// One catalog to measure.
struct CatalogCase {
    label: String,
    file: Option<PathBuf>,
    /// (Id, method, name) in display order, for whiptail's argv.
    scopes: Vec<(String, String, String)>,
}

/// A cell: a number, or why there is none.
#[derive(Clone, Debug)]
enum Val {
    Num(f64),
    None(String),
}

impl Val {
    fn failed(what: &str, e: &str) -> Val {
        eprintln!("  ! {what} failed: {e}");
        Val::None("failed".into())
    }

    fn num(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            Val::None(_) => None,
        }
    }

    fn show(&self, decimals: usize) -> String {
        match self {
            Val::Num(n) if decimals == 0 && n.fract() == 0.0 => thousands(*n as u64),
            Val::Num(n) if decimals == 0 => format!("{n:.1}"),
            Val::Num(n) => format!("{n:.decimals$}"),
            Val::None(why) => why.clone(),
        }
    }
}

/// Everything measured for one program on one catalog.
#[derive(Clone, Debug)]
struct Metrics {
    first_frame_ms: Val,
    settled_ms: Val,
    down_bytes_median: Val,
    down_bytes_max: Val,
    down_ms_median: Val,
    down_ms_p95: Val,
    idle_bytes: Val,
    pending_ms_median: Val,
    peak_rss_mb: Val,
}

impl Metrics {
    /// A program not run: the reason in the first column, "n/a" after it.
    fn not_run(reason: String) -> Metrics {
        Metrics {
            first_frame_ms: Val::None(reason),
            ..Metrics::all(Val::None("n/a".into()))
        }
    }

    fn all(v: Val) -> Metrics {
        Metrics {
            first_frame_ms: v.clone(),
            settled_ms: v.clone(),
            down_bytes_median: v.clone(),
            down_bytes_max: v.clone(),
            down_ms_median: v.clone(),
            down_ms_p95: v.clone(),
            idle_bytes: v.clone(),
            pending_ms_median: v.clone(),
            peak_rss_mb: v,
        }
    }
}

fn main() {
    let args = Args::parse();
    if let Err(e) = real_main(args) {
        eprintln!("measure: {e}");
        std::process::exit(1);
    }
}

fn real_main(args: Args) -> Result<(), String> {
    let bin = match &args.bin {
        Some(b) => b.clone(),
        None => default_bin()?,
    };
    if !bin.is_file() {
        return Err(format!(
            "{} not found: build it first with `cargo build --release --bin impact-token` \
             (same CARGO_TARGET_DIR), or pass --bin",
            bin.display()
        ));
    }
    // The runs start in temp directories: a relative path would not resolve.
    let bin = std::fs::canonicalize(&bin).map_err(|e| format!("{}: {e}", bin.display()))?;
    let whiptail = if args.no_whiptail || args.page_only {
        None
    } else {
        match &args.whiptail {
            Some(w) => Some(w.clone()),
            None => find_on_path("whiptail"),
        }
    };
    let settings = Settings {
        quiet: Duration::from_millis(args.quiet_ms),
        timeout: Duration::from_secs(args.timeout_secs),
        presses: args.presses,
        idle: Duration::from_millis(args.idle_ms),
        latency_ms: args.latency_ms,
        typed: args.typed,
        runs: args.first_frame_runs.max(1),
        show_screens: args.show_screens,
        startup_only: args.startup_only,
    };

    let mut cases = Vec::new();
    if !args.no_brand && !args.page_only {
        let (scopes, categories) = parse_catalog(BRAND_JSON)?;
        cases.push(CatalogCase {
            label: format!(
                "brand, bundled: {} scopes / {categories} categories",
                thousands(scopes.len() as u64)
            ),
            file: None,
            scopes,
        });
    }
    for path in args.catalogs.iter().filter(|_| !args.page_only) {
        let json =
            std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
        let (scopes, categories) =
            parse_catalog(&json).map_err(|e| format!("{}: {e}", path.display()))?;
        cases.push(CatalogCase {
            label: format!(
                "synthetic: {} scopes / {} categories",
                thousands(scopes.len() as u64),
                thousands(categories as u64)
            ),
            file: Some(path.clone()),
            scopes,
        });
    }
    let page_tokens = match (args.no_page, args.page_tokens.is_empty()) {
        (true, _) => Vec::new(),
        (false, true) => vec![10, 10_000],
        (false, false) => args.page_tokens.clone(),
    };
    if let Some(n) = page_tokens.iter().find(|&&n| n < DEMO_TOKENS) {
        return Err(format!(
            "--page-tokens {n}: the sandbox always has its {DEMO_TOKENS} demo tokens"
        ));
    }
    if cases.is_empty() && page_tokens.is_empty() {
        return Err("nothing to measure: no catalog (and --no-brand) and no API page".into());
    }

    eprintln!("measuring {}", bin.display());
    match &whiptail {
        Some(w) => eprintln!("comparing with {}", w.display()),
        None => eprintln!("whiptail not found (or --no-whiptail): impact-token only"),
    }
    let mut rows: Vec<(String, Metrics, Option<Metrics>)> = Vec::new();
    for case in &cases {
        eprintln!("== {}", case.label);
        let ours = measure_ours(&bin, case, &settings);
        let theirs = whiptail
            .as_ref()
            .map(|w| measure_whiptail(w, case, &settings));
        rows.push((case.label.clone(), ours, theirs));
    }

    let mut page_rows = Vec::new();
    for &n in &page_tokens {
        eprintln!("== API page, {} tokens", thousands(n as u64));
        page_rows.push((n, measure_page(&bin, n, args.page_size, &settings)));
    }

    if !rows.is_empty() {
        print_table(&rows, &settings);
    }
    if !page_rows.is_empty() {
        if !rows.is_empty() {
            println!();
        }
        print_page_table(&page_rows, &settings);
    }
    let size = std::fs::metadata(&bin)
        .map_err(|e| format!("stat {}: {e}", bin.display()))?
        .len();
    println!();
    println!(
        "Release binary `{}`: {} bytes ({:.2} MiB).",
        bin.file_name().unwrap_or_default().to_string_lossy(),
        thousands(size),
        size as f64 / (1024.0 * 1024.0)
    );
    if !page_rows.is_empty() {
        println!(
            "API page: sandbox list page size {} (`IMPACT_SANDBOX_PAGE_SIZE`); ↓ presses from \
             the first row once the list is whole (at most one fewer than the tokens).",
            args.page_size
        );
    }
    println!(
        "Terminal {COLS}×{ROWS}; quiet window {} ms; {} spawns for first frame; {} ↓ presses; \
         idle window {} ms; pending run with IMPACT_SANDBOX_LATENCY_MS={}, {} keys typed; \
         {} CPUs, load average {} at the end.",
        settings.quiet.as_millis(),
        settings.runs,
        settings.presses,
        settings.idle.as_millis(),
        settings.latency_ms,
        settings.typed,
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next().map(str::to_string))
            .unwrap_or_else(|| "?".into()),
    );
    Ok(())
}

/// `release/impact-token` in the target directory this example was built in
/// (the example lives in `<target>/release/examples/`).
fn default_bin() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("current_exe: {e}"))?;
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot find the target directory from this example's path")?;
    if profile_dir.file_name().is_some_and(|n| n != "release") {
        eprintln!(
            "note: this example was not built with --release; looking for the binary in {}",
            profile_dir.display()
        );
    }
    Ok(profile_dir.join("impact-token"))
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The scopes of a catalog document, in display order, and its number of
/// non-empty categories (as the app counts them).
#[allow(clippy::type_complexity)]
fn parse_catalog(json: &str) -> Result<(Vec<(String, String, String)>, usize), String> {
    let doc: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let cats = doc["Categories"].as_array().ok_or("no Categories array")?;
    let mut scopes = Vec::new();
    let mut categories = 0;
    for c in cats {
        let list = c["Scopes"].as_array().ok_or("a category without Scopes")?;
        if !list.is_empty() {
            categories += 1;
        }
        for s in list {
            let field = |k: &str| s[k].as_str().unwrap_or_default().to_string();
            scopes.push((field("Id"), field("Method").to_uppercase(), field("Name")));
        }
    }
    Ok((scopes, categories))
}

// ---------------------------------------------------------------- ours

fn ours_spec(bin: &Path, case: &CatalogCase, extra_env: &[(&str, &str)]) -> Spec {
    let mut args: Vec<OsString> = vec!["--sandbox".into()];
    let mut env: Vec<(String, String)> = extra_env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if let Some(f) = &case.file {
        args.push("--catalog".into());
        args.push(f.into());
        env.push((KEEP_FILE_CATALOG.0.into(), KEEP_FILE_CATALOG.1.into()));
    }
    Spec {
        program: bin.to_path_buf(),
        args,
        env,
        cols: COLS,
        rows: ROWS,
    }
}

/// The wizard's first frame is complete: the header (top row) and the
/// key-hint line (bottom row, drawn last) are both on screen.
fn ours_frame_complete(s: &vt100::Screen) -> bool {
    let lines = screen_lines(s);
    lines.first().is_some_and(|l| l.contains(" impact-token "))
        && lines.last().is_some_and(|l| l.contains("help"))
}

/// The scope tree's cursor row (the cursor glyph right after the border).
fn tree_cursor(s: &vt100::Screen) -> Option<String> {
    screen_lines(s).into_iter().find(|l| l.starts_with("│›"))
}

fn measure_ours(bin: &Path, case: &CatalogCase, st: &Settings) -> Metrics {
    let mut m = Metrics::all(Val::None("—".into()));
    (m.first_frame_ms, m.settled_ms) = startup("impact-token", &ours_spec(bin, case, &[]), st);
    if st.startup_only {
        return m;
    }
    match ours_tree_run(bin, case, st) {
        Ok(r) => {
            m.down_bytes_median = r.bytes_median;
            m.down_bytes_max = r.bytes_max;
            m.down_ms_median = r.ms_median;
            m.down_ms_p95 = r.ms_p95;
            m.idle_bytes = r.idle;
            m.peak_rss_mb = r.rss;
        }
        Err(e) => {
            let f = Val::failed("impact-token scope tree run", &e);
            m.down_bytes_median = f.clone();
            m.down_bytes_max = f.clone();
            m.down_ms_median = f.clone();
            m.down_ms_p95 = f.clone();
            m.idle_bytes = f.clone();
            m.peak_rss_mb = f;
        }
    }
    m.pending_ms_median = match ours_pending_run(bin, case, st) {
        Ok(v) => v,
        Err(e) => Val::failed("impact-token pending run", &e),
    };
    m
}

/// The header names the sandbox company: CompanyInformation has answered.
/// (At 80×24 the Contact panel is folded on the first screen, so the users
/// are not on it; the quiet window after this catches what they, the
/// catalog and the token list still change.)
fn ours_settled(s: &vt100::Screen) -> bool {
    screen_lines(s)
        .first()
        .is_some_and(|l| l.contains(SANDBOX_COMPANY))
}

/// Spawns `2 × runs` times, alternating: a first-frame run (spawn → the
/// chunk that completes the first frame), then a settled run (spawn → the
/// last chunk before `st.quiet` of silence, once [`ours_settled`] holds).
/// Each spawn has its own fresh HOME. Returns the two medians.
fn startup(who: &str, spec: &Spec, st: &Settings) -> (Val, Val) {
    startup_until(who, spec, st, ours_settled)
}

/// [`startup`] with another settled condition than [`ours_settled`].
fn startup_until(
    who: &str,
    spec: &Spec,
    st: &Settings,
    settled_when: impl Fn(&vt100::Screen) -> bool + Clone + Send + 'static,
) -> (Val, Val) {
    let mut first = Vec::new();
    let mut settled = Vec::new();
    for i in 0..st.runs {
        let run = Term::spawn(spec, Some(Box::new(ours_frame_complete))).and_then(|t| {
            let d = t
                .wait_watch("a complete first frame", st.timeout)
                .map_err(String::from);
            t.stop(Duration::from_secs(5));
            d
        });
        match run {
            Ok(d) => {
                let v = d.as_secs_f64() * 1000.0;
                eprintln!("  {who}: first frame, run {}/{}: {v:.1} ms", i + 1, st.runs);
                first.push(v);
            }
            Err(e) => {
                let f = Val::failed(&format!("{who} first frame"), &e);
                return (f.clone(), f);
            }
        }
        let run = Term::spawn(spec, Some(Box::new(settled_when.clone()))).and_then(|t| {
            let shown = t.wait_watch("the settled screen", st.timeout);
            let quiet = shown.and_then(|named| {
                t.wait_quiet(st.quiet, st.timeout)?;
                let last = t.last_output();
                eprintln!(
                    "  {who}: settled screen at {:.1} ms, last chunk at {:.1} ms",
                    named.as_secs_f64() * 1000.0,
                    last.as_secs_f64() * 1000.0
                );
                Ok(last)
            });
            let d = quiet.map_err(String::from);
            t.stop(Duration::from_secs(5));
            d
        });
        match run {
            Ok(d) => {
                let v = d.as_secs_f64() * 1000.0;
                eprintln!("  {who}: settled, run {}/{}: {v:.1} ms", i + 1, st.runs);
                settled.push(v);
            }
            Err(e) => {
                let f = Val::failed(&format!("{who} settled"), &e);
                return (Val::Num(median(&first)), f);
            }
        }
    }
    (Val::Num(median(&first)), Val::Num(median(&settled)))
}

/// Results of pressing ↓ on a list, then idling.
struct ListRun {
    bytes_median: Val,
    bytes_max: Val,
    ms_median: Val,
    ms_p95: Val,
    idle: Val,
    rss: Val,
}

/// Presses ↓ `st.presses` times (calling `before` ahead of each press, for
/// unmeasured preparation), then counts idle bytes and reads peak RSS.
fn list_run(
    who: &str,
    t: &mut Term,
    st: &Settings,
    mut before: impl FnMut(&mut Term) -> Result<(), String>,
) -> Result<ListRun, String> {
    t.wait_quiet(Duration::from_millis(200), st.timeout)?;
    let mut bytes = Vec::new();
    let mut ms = Vec::new();
    for i in 0..st.presses {
        before(t)?;
        let p = t
            .press(DOWN, st.quiet, st.timeout)
            .map_err(|e| format!("↓ #{}: {e}", i + 1))?;
        bytes.push(p.bytes as f64);
        ms.push(p.latency.as_secs_f64() * 1000.0);
    }
    let max = bytes.iter().copied().fold(0.0, f64::max);
    if st.show_screens {
        eprintln!("  {who}: screen after the last ↓:\n{}", t.screen());
    }
    eprintln!(
        "  {who}: bytes per ↓ median {} max {max}, key→last byte median {:.2} ms p95 {:.2} ms",
        median(&bytes),
        median(&ms),
        percentile(&ms, 95.0)
    );
    t.wait_quiet(Duration::from_millis(200), st.timeout)?;
    let idle = t.output_during(st.idle).len();
    eprintln!("  {who}: {idle} bytes in {} ms idle", st.idle.as_millis());
    let rss = t.peak_rss_kib()? as f64 / 1024.0;
    eprintln!("  {who}: peak RSS {rss:.1} MiB");
    t.stop(Duration::from_secs(5));
    Ok(ListRun {
        bytes_median: Val::Num(median(&bytes)),
        bytes_max: Val::Num(max),
        ms_median: Val::Num(median(&ms)),
        ms_p95: Val::Num(percentile(&ms, 95.0)),
        idle: Val::Num(idle as f64),
        rss: Val::Num(rss),
    })
}

/// Setup → Contact → API Scopes, then ↓ through the tree. A category under
/// the cursor that is collapsed is expanded first with → (not measured), so
/// that every measured ↓ moves to a row that exists, whatever the catalog.
fn ours_tree_run(bin: &Path, case: &CatalogCase, st: &Settings) -> Result<ListRun, String> {
    let who = "impact-token";
    let mut t = Term::spawn(&ours_spec(bin, case, &[]), None)?;
    let to = st.timeout;
    t.wait_screen("the first frame", to, ours_frame_complete)?;
    t.wait_screen("the connection settled", to, |s| {
        screen_lines(s)
            .first()
            .is_some_and(|l| !l.contains("connecting…"))
    })?;
    if t.screen().contains("not connected") {
        return Err(format!(
            "the in-process sandbox did not answer:\n{}",
            t.screen()
        ));
    }
    open_wizard(&t, to)?;
    t.send(b"perf-measure")?;
    t.wait_text("perf-measure", to)?;
    t.send(CTRL_N)?;
    t.wait_text("╭ 2 Contact Information", to)?;
    t.wait_screen("the list of users", to, |s| {
        let text = screen_text(s);
        !text.contains("loading…") && text.contains("› ( ) ")
    })?;
    t.send(ENTER)?; // picks the highlighted contact
    t.wait_text("(•) ", to)?;
    t.send(ENTER)?; // the empty e-mail field: Next
    t.wait_text("╭ 3 API Scopes", to)?;
    t.wait_screen("the tree cursor", to, |s| tree_cursor(s).is_some())?;
    if case.file.is_some() {
        t.wait_text("catalog file", to).map_err(|e| {
            format!("the Scopes panel does not show the --catalog file's catalog: {e}")
        })?;
    }
    let quiet = st.quiet;
    list_run(who, &mut t, st, |t| {
        if on_collapsed_category(t) {
            t.press(RIGHT, quiet, to)
                .map_err(|e| format!("→ to expand a category: {e}"))?;
        }
        Ok(())
    })
}

/// With every sandbox request delayed, types into Token Name while the
/// header still says "connecting…"; median key → last byte.
fn ours_pending_run(bin: &Path, case: &CatalogCase, st: &Settings) -> Result<Val, String> {
    let latency = st.latency_ms.to_string();
    let spec = ours_spec(bin, case, &[("IMPACT_SANDBOX_LATENCY_MS", &latency)]);
    let t = Term::spawn(&spec, None)?;
    t.wait_screen("the first frame", st.timeout, ours_frame_complete)?;
    let pending = |t: &Term| t.screen().contains("connecting…");
    if !pending(&t) {
        return Ok(Val::None("not pending".into()));
    }
    // Typing goes to Token Name: the wizard, not the API page's keys.
    open_wizard(&t, st.timeout)?;
    if !pending(&t) {
        return Ok(Val::None("not pending".into()));
    }
    t.wait_quiet(st.quiet, st.timeout)?;
    let mut ms = Vec::new();
    for c in "abcdefghijklmnopqrstuvwxyz".bytes().cycle().take(st.typed) {
        let p = t
            .press(&[c], st.quiet, st.timeout)
            .map_err(|e| format!("typing {:?}: {e}", c as char))?;
        if !pending(&t) {
            break; // connected meanwhile: this and later keys do not count
        }
        ms.push(p.latency.as_secs_f64() * 1000.0);
    }
    t.stop(Duration::from_secs(5));
    eprintln!(
        "  impact-token: {} keys while pending, key→last byte median {:.2} ms",
        ms.len(),
        median(&ms)
    );
    if ms.is_empty() {
        return Ok(Val::None("connected too soon".into()));
    }
    Ok(Val::Num(median(&ms)))
}

/// The program opens on the API page; `n` opens the wizard (its Setup panel).
fn open_wizard(t: &Term, to: Duration) -> Result<(), String> {
    if t.screen().contains("Search by Name: ") {
        t.send(b"n")?;
    }
    Ok(t.wait_text("1 Setup", to)?)
}

/// Whether the tree's cursor is on a collapsed category.
fn on_collapsed_category(t: &Term) -> bool {
    t.screen()
        .lines()
        .find(|l| l.starts_with("│›"))
        .is_some_and(|row| row.contains('▸'))
}

// ---------------------------------------------------------------- API page

/// Tokens every sandbox account has without a synthetic seed
/// (`src/sandbox/seed.rs`).
const DEMO_TOKENS: usize = 5;

/// What the API page table shows for one list length.
struct PageMetrics {
    first_frame_ms: Val,
    settled_ms: Val,
    list: Result<ListRun, Val>,
    sandbox_start_ms: Val,
}

/// `impact-token --sandbox` with `total` tokens in the account (the demo
/// ones and `total - 5` synthetic) and the sandbox's lists paged by `page_size`.
fn page_spec(bin: &Path, total: usize, page_size: usize) -> Spec {
    Spec {
        program: bin.to_path_buf(),
        args: vec!["--sandbox".into()],
        env: vec![
            (
                "IMPACT_SANDBOX_SEED_TOKENS".into(),
                (total - DEMO_TOKENS).to_string(),
            ),
            ("IMPACT_SANDBOX_PAGE_SIZE".into(), page_size.to_string()),
        ],
        cols: COLS,
        rows: ROWS,
    }
}

/// The API page shows the whole list: connected, and the list's foot says
/// all `total` tokens are in with no more coming.
fn page_whole(total: usize) -> impl Fn(&vt100::Screen) -> bool + Clone + Send + 'static {
    let count = format!(" {total} tokens");
    move |s: &vt100::Screen| {
        let text = screen_text(s);
        ours_settled(s) && text.contains(&count) && !text.contains("loading more")
    }
}

/// The token list shows its focused row (the cursor glyph at the left edge).
fn page_cursor(s: &vt100::Screen) -> bool {
    screen_lines(s).iter().any(|l| l.starts_with('›'))
}

fn measure_page(bin: &Path, total: usize, page_size: usize, st: &Settings) -> PageMetrics {
    let spec = page_spec(bin, total, page_size);
    let who = "impact-token API page";
    let (first_frame_ms, settled_ms) = startup_until(who, &spec, st, page_whole(total));
    let mut m = PageMetrics {
        first_frame_ms,
        settled_ms,
        list: Err(Val::None("—".into())),
        sandbox_start_ms: sandbox_start(bin, total, st),
    };
    if st.startup_only {
        return m;
    }
    m.list = page_list_run(&spec, total, st).map_err(|e| Val::failed("API page ↓ run", &e));
    m
}

/// ↓ through the token list once it is whole, from the first row, at most
/// `total - 1` times (↓ on the last row rightly writes nothing).
fn page_list_run(spec: &Spec, total: usize, st: &Settings) -> Result<ListRun, String> {
    let mut t = Term::spawn(spec, None)?;
    t.wait_screen("the whole list", st.timeout, page_whole(total))?;
    t.wait_screen("the list's cursor", st.timeout, page_cursor)?;
    let st = Settings {
        presses: st.presses.min(total.saturating_sub(1)),
        ..st.clone()
    };
    list_run("impact-token API page", &mut t, &st, |_| Ok(()))
}

/// `impact-token sandbox` with `total - 5` synthetic tokens per account:
/// spawn → "sandbox listening" (seeding included), median of `st.runs`.
fn sandbox_start(bin: &Path, total: usize, st: &Settings) -> Val {
    let spec = Spec {
        program: bin.to_path_buf(),
        args: vec!["sandbox".into(), "--addr".into(), "127.0.0.1:0".into()],
        ..page_spec(bin, total, 10)
    };
    let listening = |s: &vt100::Screen| screen_text(s).contains("sandbox listening on");
    let mut ms = Vec::new();
    for _ in 0..st.runs {
        let run = Term::spawn(&spec, Some(Box::new(listening))).and_then(|t| {
            let d = t.wait_watch("sandbox listening", st.timeout);
            t.stop(Duration::from_secs(5));
            d.map_err(String::from)
        });
        match run {
            Ok(d) => ms.push(d.as_secs_f64() * 1000.0),
            Err(e) => return Val::failed("sandbox start", &e),
        }
    }
    eprintln!(
        "  sandbox start with {} tokens per account: median {:.1} ms",
        thousands(total as u64),
        median(&ms)
    );
    Val::Num(median(&ms))
}

fn print_page_table(rows: &[(usize, PageMetrics)], st: &Settings) {
    println!(
        "| API page | First frame (ms, median of {runs}) | List whole, settled (ms, median of {runs}) \
         | Bytes per ↓ median | Bytes per ↓ max | ↓ key→last byte median (ms) | ↓ key→last byte p95 (ms) \
         | Idle bytes in {idle} s | Peak RSS (MiB) | Sandbox start (ms, median of {runs}) |",
        runs = st.runs,
        idle = st.idle.as_secs_f64(),
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (total, m) in rows {
        let l = |f: fn(&ListRun) -> &Val| match &m.list {
            Ok(r) => f(r).clone(),
            Err(v) => v.clone(),
        };
        println!(
            "| {} tokens ({DEMO_TOKENS} demo + {} synthetic) | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            thousands(*total as u64),
            thousands((total - DEMO_TOKENS) as u64),
            m.first_frame_ms.show(1),
            m.settled_ms.show(1),
            l(|r| &r.bytes_median).show(0),
            l(|r| &r.bytes_max).show(0),
            l(|r| &r.ms_median).show(2),
            l(|r| &r.ms_p95).show(2),
            l(|r| &r.idle).show(0),
            l(|r| &r.rss).show(1),
            m.sandbox_start_ms.show(1),
        );
    }
}

// ---------------------------------------------------------------- whiptail

/// Bytes of argv and envp as the kernel counts them against ARG_MAX
/// (strings with their NULs, plus one pointer each).
fn exec_size(args: &[OsString], env_bytes: usize) -> usize {
    let ptr = std::mem::size_of::<usize>();
    args.iter().map(|a| a.len() + 1 + ptr).sum::<usize>() + env_bytes
}

fn arg_max() -> usize {
    // SAFETY: sysconf has no memory effects.
    let n = unsafe { libc::sysconf(libc::_SC_ARG_MAX) };
    if n > 0 { n as usize } else { 128 * 1024 }
}

fn measure_whiptail(whiptail: &Path, case: &CatalogCase, st: &Settings) -> Metrics {
    let list_height = usize::from(ROWS - 8);
    let mut args: Vec<OsString> = ["--title", "Scopes", "--checklist"]
        .into_iter()
        .map(OsString::from)
        .collect();
    args.push("Scopes the token may call".into());
    args.push(ROWS.to_string().into());
    args.push(COLS.to_string().into());
    args.push(list_height.to_string().into());
    for (id, method, name) in &case.scopes {
        args.push(id.into());
        args.push(format!("{method:<6} {name}").into());
        args.push("OFF".into());
    }
    // The program path, the fixed environment and some slack.
    let size = exec_size(&args, 4096) + whiptail.as_os_str().len() + 1;
    let max = arg_max();
    eprintln!(
        "  whiptail: argv of {} items is {:.2} MB; ARG_MAX is {:.2} MB",
        case.scopes.len(),
        size as f64 / 1e6,
        max as f64 / 1e6
    );
    if size > max {
        let why = format!(
            "argv {:.1} MB > ARG_MAX {:.1} MB",
            size as f64 / 1e6,
            max as f64 / 1e6
        );
        eprintln!("  whiptail: not run: {why}");
        return Metrics::not_run(format!("not run: {why}"));
    }
    let first_tag = case.scopes.first().map(|s| s.0.clone()).unwrap_or_default();
    let last_tag = case
        .scopes
        .get(list_height.min(case.scopes.len()) - 1)
        .map(|s| s.0.clone())
        .unwrap_or_default();
    let spec = Spec {
        program: whiptail.to_path_buf(),
        args,
        env: Vec::new(),
        cols: COLS,
        rows: ROWS,
    };
    // The checklist is shown: its first and last visible items, the buttons
    // and the dialog's bottom border (the last row, drawn last).
    let complete = move |s: &vt100::Screen| {
        let lines = screen_lines(s);
        let text = lines.join("\n");
        text.contains(&first_tag)
            && text.contains(&last_tag)
            && text.contains("<Cancel>")
            && lines.last().is_some_and(|l| l.contains('┘'))
    };
    let mut m = Metrics::all(Val::None("—".into()));
    let mut ms = Vec::new();
    let mut first_error = None;
    for i in 0..st.runs {
        let run = Term::spawn(&spec, Some(Box::new(complete.clone()))).and_then(|t| {
            let d = t
                .wait_watch("the checklist", st.timeout)
                .map_err(String::from);
            t.stop(Duration::from_secs(5));
            d
        });
        match run {
            Ok(d) => {
                let v = d.as_secs_f64() * 1000.0;
                eprintln!(
                    "  whiptail: first frame, run {}/{}: {v:.1} ms",
                    i + 1,
                    st.runs
                );
                ms.push(v);
            }
            Err(e) => {
                first_error = Some(e);
                break;
            }
        }
    }
    if let Some(e) = first_error {
        // E2BIG and friends: say so in the table rather than stop.
        let short = if e.contains("Argument list too long") {
            "E2BIG: argv too long".to_string()
        } else {
            "failed".to_string()
        };
        eprintln!("  ! whiptail failed: {e}");
        return Metrics::not_run(short);
    }
    m.first_frame_ms = Val::Num(median(&ms));
    if st.startup_only {
        return m;
    }
    let run = Term::spawn(&spec, None).and_then(|mut t| {
        t.wait_screen("the checklist", st.timeout, &complete)?;
        list_run("whiptail", &mut t, st, |_| Ok(()))
    });
    match run {
        Ok(r) => {
            m.down_bytes_median = r.bytes_median;
            m.down_bytes_max = r.bytes_max;
            m.down_ms_median = r.ms_median;
            m.down_ms_p95 = r.ms_p95;
            m.idle_bytes = r.idle;
            m.peak_rss_mb = r.rss;
        }
        Err(e) => {
            let f = Val::failed("whiptail list run", &e);
            m.down_bytes_median = f.clone();
            m.down_bytes_max = f.clone();
            m.down_ms_median = f.clone();
            m.down_ms_p95 = f.clone();
            m.idle_bytes = f.clone();
            m.peak_rss_mb = f;
        }
    }
    m
}

// ---------------------------------------------------------------- output

fn print_table(rows: &[(String, Metrics, Option<Metrics>)], st: &Settings) {
    println!(
        "| Catalog | Program | First frame (ms, median of {runs}) | Settled (ms, median of {runs}) | Bytes per ↓ median | Bytes per ↓ max \
         | ↓ key→last byte median (ms) | ↓ key→last byte p95 (ms) | Idle bytes in {idle} s \
         | Key→last byte, API pending, median (ms) | Peak RSS (MiB) |",
        runs = st.runs,
        idle = st.idle.as_secs_f64(),
    );
    println!("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    let line = |label: &str, who: &str, m: &Metrics| {
        println!(
            "| {label} | {who} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            m.first_frame_ms.show(1),
            m.settled_ms.show(1),
            m.down_bytes_median.show(0),
            m.down_bytes_max.show(0),
            m.down_ms_median.show(2),
            m.down_ms_p95.show(2),
            m.idle_bytes.show(0),
            m.pending_ms_median.show(2),
            m.peak_rss_mb.show(1),
        );
    };
    for (label, ours, theirs) in rows {
        line(label, "impact-token", ours);
        if let Some(w) = theirs {
            line("", "whiptail --checklist", w);
            println!(
                "|  | *ours ÷ whiptail* | {} | {} | {} | {} | {} | {} | {} | — | {} |",
                ratio(&ours.first_frame_ms, &w.first_frame_ms),
                ratio(&ours.settled_ms, &w.first_frame_ms),
                ratio(&ours.down_bytes_median, &w.down_bytes_median),
                ratio(&ours.down_bytes_max, &w.down_bytes_max),
                ratio(&ours.down_ms_median, &w.down_ms_median),
                ratio(&ours.down_ms_p95, &w.down_ms_p95),
                ratio(&ours.idle_bytes, &w.idle_bytes),
                ratio(&ours.peak_rss_mb, &w.peak_rss_mb),
            );
        }
    }
}

fn ratio(ours: &Val, theirs: &Val) -> String {
    match (ours.num(), theirs.num()) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        (Some(0.0), Some(_)) => "both 0".into(),
        (Some(_), Some(_)) => "∞ (whiptail 0)".into(),
        _ => "—".into(),
    }
}

fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// Nearest-rank percentile.
fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
