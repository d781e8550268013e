//! The full-screen wizard.

use std::process::ExitCode;

use crate::cli::{Cli, ColorArg};
use crate::commands::target::{self, Target};
use crate::commands::{Failure, exit, runtime};
use crate::model::spec::Spec;
use crate::tui::keymap::Keymap;
use crate::tui::run::{Outcome, run as run_tui};
use crate::tui::state::{Settings, State};

/// Runs the wizard; with a spec, pre-filled and opened at the review.
pub fn run(cli: &Cli, spec: Option<Spec>) -> Result<ExitCode, Failure> {
    // Read once, for the keys and the profile. A bad `[keys]` is reported
    // even where no terminal could show the wizard.
    let config = target::load_config()?;
    let keymap = keymap(config.as_ref())?;
    if let Some(why) = no_terminal() {
        return Err(Failure::new(exit::USAGE, crate::text::needs_terminal(why)));
    }
    // Several profiles, none the default: a picker instead of the welcome.
    let choices = config.as_ref().map(picker_choices).unwrap_or_default();
    let spec_type = spec.as_ref().map(|s| s.account_type);
    match target::resolve_from(cli, spec_type, || Ok(config))? {
        Some(t) => launch(cli, t, spec, false, keymap),
        None if choices.len() >= 2 => {
            // Nothing connects before the pick; the placeholder is replaced then.
            let t = Target::sandbox(crate::model::account::AccountType::Brand);
            let picker = crate::tui::state::Picker {
                choices,
                cursor: 0,
                allow_insecure_http: cli.allow_insecure_http,
            };
            launch_with(cli, t, spec, Start::Picker(picker), keymap)
        }
        // First run: the welcome screen offers the sandbox or a profile.
        None => {
            // The sandbox is a placeholder until the user picks; nothing connects before.
            let t = Target::sandbox(
                cli.account_type
                    .map(Into::into)
                    .or(spec_type)
                    .unwrap_or(crate::model::account::AccountType::Brand),
            );
            launch(cli, t, spec, true, keymap)
        }
    }
}

/// The profiles for the start-up picker, in name order.
fn picker_choices(loaded: &crate::store::config::Loaded) -> Vec<crate::tui::state::ProfileChoice> {
    loaded
        .config
        .profiles
        .iter()
        .map(|(name, p)| crate::tui::state::ProfileChoice {
            name: name.clone(),
            account_type: p.account_type.clone(),
            account_sid: p.account_sid.clone(),
            api_url: p.api_url.clone(),
        })
        .collect()
}

/// The key bindings: the defaults with `[keys]` from config.toml applied.
fn keymap(config: Option<&crate::store::config::Loaded>) -> Result<Keymap, Failure> {
    let Some(loaded) = config else {
        return Ok(Keymap::default());
    };
    Keymap::with_settings(&loaded.keys).map_err(|e| {
        // The config was read, so its directory is known.
        let path = crate::store::config::config_path().unwrap_or_default();
        Failure::new(
            exit::USAGE,
            crate::text::config_line_error(&path, e.line, &e.message),
        )
    })
}

/// Why the full-screen wizard cannot run here, checked before anything is
/// drawn: escape sequences would go into a file or pipe, keys could not be
/// read, or the terminal cannot move the cursor. Scripts use
/// `create --spec FILE --yes`, which needs no terminal.
fn no_terminal() -> Option<&'static str> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return Some(crate::text::NO_TTY_STDOUT);
    }
    if !std::io::stdin().is_terminal() {
        return Some(crate::text::NO_TTY_STDIN);
    }
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return Some(crate::text::NO_TTY_DUMB);
    }
    // Without a controlling terminal there is no job control, and the
    // terminal's hang-up would not reach us.
    let controlling = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty");
    if controlling.is_err() {
        return Some(crate::text::NO_TTY_CONTROLLING);
    }
    None
}

/// Colour and glyph choices from the flags and the environment.
pub fn settings(cli: &Cli, target: &Target) -> Settings {
    Settings {
        account_type: target.account_type,
        sandbox: matches!(target.backend, crate::api::worker::Backend::Sandbox),
        ascii: cli.ascii || !locale_is_utf8(),
        colors_256: crate::tui::theme::terminal_has_256_colors(),
        no_color: match cli.color {
            ColorArg::Always => false,
            ColorArg::Never => true,
            ColorArg::Auto => {
                std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
                    || std::env::var("TERM").is_ok_and(|t| t == "dumb")
            }
        },
    }
}

/// The first screen when no profile could be chosen without asking.
enum Start {
    /// The target's own first screen.
    Target,
    /// No profile: the welcome.
    Welcome,
    /// Several profiles, no default: the picker.
    Picker(crate::tui::state::Picker),
}

fn launch(
    cli: &Cli,
    target: Target,
    spec: Option<Spec>,
    first_run: bool,
    keymap: Keymap,
) -> Result<ExitCode, Failure> {
    let start = if first_run {
        Start::Welcome
    } else {
        Start::Target
    };
    launch_with(cli, target, spec, start, keymap)
}

fn launch_with(
    cli: &Cli,
    target: Target,
    spec: Option<Spec>,
    start: Start,
    keymap: Keymap,
) -> Result<ExitCode, Failure> {
    let catalog = target::catalog(cli, target.account_type)?;
    let mut state = State::new(settings(cli, &target), catalog, target.needs_prompt);
    state.keymap = keymap;
    // With no subcommand the API page is home; `create` opens the wizard.
    state.page.home = cli.command.is_none() && spec.is_none();
    if matches!(state.screen, crate::tui::state::Screen::Wizard) {
        state.screen = state.home_screen();
    }
    match start {
        Start::Target => {}
        Start::Welcome => {
            state.screen = crate::tui::state::Screen::Welcome;
            state.settings.sandbox = false;
        }
        Start::Picker(picker) => {
            state.picker = picker;
            state.screen = crate::tui::state::Screen::PickProfile;
            state.settings.sandbox = false;
        }
    }
    if let Some(v) = &target.api_version
        && let Some(i) = state.versions().iter().position(|x| x == v)
    {
        state.setup.version = i;
    }
    if let Some(sid) = target.credentials.as_ref().map(|c| c.account_sid.clone()) {
        state.account_sid = Some(sid);
    } else if let Some(sid) = &target.known_sid {
        // A profile without a token: its SID is filled in, the token is asked for.
        state.credentials.sid = crate::tui::state::text_field(crate::text::PH_ACCOUNT_SID, sid);
        state.credentials.on_token = true;
    }
    if let Ok(path) = crate::store::presets::presets_path() {
        match crate::store::presets::load(&path) {
            Ok(all) => {
                state.add_saved_presets(crate::store::presets::for_type(&all, target.account_type))
            }
            Err(e) => state.say(
                crate::tui::state::Level::Warn,
                crate::text::preset_not_saved(&e),
            ),
        }
    }
    if let Some(spec) = &spec {
        state.apply_spec(spec);
    }
    if let Some(w) = target.warnings.first() {
        state.say(crate::tui::state::Level::Warn, w.clone());
    }
    state.sync_field_styles();
    let mut config = super::launch::worker_config(cli, &target);
    config.names_at_connect = !state.page.home;
    let rt = runtime()?;
    let outcome = run_tui(state, config, target.credentials, &rt)
        .map_err(|e| Failure::new(exit::OTHER, e.to_string()));
    rt.shutdown_background();
    match outcome? {
        Outcome::Quit => Ok(ExitCode::SUCCESS),
        Outcome::Signal(n) => Ok(ExitCode::from(128 + n as u8)),
    }
}

/// UTF-8 unless the first set of LC_ALL, LC_CTYPE, LANG says otherwise.
pub fn locale_is_utf8() -> bool {
    for var in ["LC_ALL", "LC_CTYPE", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let v = v.to_ascii_lowercase();
            return v.contains("utf-8") || v.contains("utf8");
        }
    }
    false
}
