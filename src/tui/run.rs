//! The event loop: one channel in, one `update`, a draw only after something
//! happened. No fixed frame rate: an idle wizard writes nothing. The spinner
//! ticks only while the worker is busy.

use std::io;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crossterm::event::Event;
use ratatui::Terminal;

use crate::api::client::Credentials;
use crate::api::worker::{self, Job, WorkerConfig, WorkerEvent};
use crate::store::draft::SaverEvent;
use crate::tui::backend::LeanBackend;
use crate::tui::drafts::{Drafts, draft_msg};
use crate::tui::effects::{Later, apply};
use crate::tui::keys::{TerminalKey, terminal_key};
use crate::tui::state::{Screen, State};
use crate::tui::terminal::{self, TerminalGuard};
use crate::tui::update::Msg;
use crate::tui::view;
use crate::tui::view::secret::Blanked;

/// Everything that wakes the loop.
// Moved once through a channel; boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum AppEvent {
    /// Terminal input.
    Input(Event),
    /// The worker reported.
    Worker(WorkerEvent),
    /// A signal that ends the run arrived (see [`FATAL_SIGNALS`]).
    Signal(i32),
    /// The draft saver reported (a draft read, or a save that failed).
    Draft(SaverEvent),
    /// SIGTSTP arrived (`kill -TSTP`): suspend as Ctrl-Z does.
    Suspend,
    /// SIGCONT arrived: the process was continued after a stop.
    Continued,
    /// Slow local work (see [`Later`]) finished.
    Later(Msg),
}

/// Signals that end the run with the terminal restored: the usual ways to
/// stop a program (SIGTERM, SIGHUP when the terminal goes, SIGINT, SIGQUIT)
/// and the others whose default action ends the process silently
/// (SIGUSR1, SIGUSR2, SIGALRM). SIGPIPE needs nothing: Rust ignores it, so a
/// closed output is an I/O error that returns through the guard. SIGKILL and
/// SIGSTOP cannot be caught; SIGSEGV and friends are bugs, not requests.
pub const FATAL_SIGNALS: &[i32] = &[
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGUSR1,
    libc::SIGUSR2,
    libc::SIGALRM,
];

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The user quit (after creating a token or not).
    Quit,
    /// A signal ended the run; the exit status is 128 + the number.
    Signal(i32),
}

const SPINNER_INTERVAL: Duration = Duration::from_millis(100);

/// Runs the wizard until the user quits or a signal arrives.
pub fn run(
    mut state: State,
    config: WorkerConfig,
    credentials: Option<Credentials>,
    runtime: &tokio::runtime::Runtime,
) -> io::Result<Outcome> {
    let (tx, rx) = mpsc::channel::<AppEvent>();
    let sink_tx = tx.clone();
    let sink: worker::Sink = Arc::new(move |ev| {
        let _ = sink_tx.send(AppEvent::Worker(ev));
    });
    let worker = worker::spawn(runtime.handle(), config, sink);
    let (cont_tx, cont_rx) = mpsc::channel::<()>();
    spawn_signal_listener(runtime, tx.clone(), cont_tx)?;
    let later_tx = tx.clone();
    let later = Later::new(move |msg| {
        let _ = later_tx.send(AppEvent::Later(msg));
    });
    let draft_tx = tx.clone();
    let mut drafts = Drafts::new(Box::new(move |ev| {
        let _ = draft_tx.send(AppEvent::Draft(ev));
    }));

    let _guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(LeanBackend::new(crate::tui::backend::unbuffered_stdout()?))?;
    let size = terminal.size()?;
    state.size = (size.width, size.height);
    // The first frame goes out before any network work starts: starting the
    // sandbox and building the HTTP client (TLS roots) would compete with it
    // for the CPU.
    // The frame on screen with the secret's cells blank, while it shows one.
    let mut secret: Option<Blanked> = None;
    draw(&mut terminal, &state, &mut secret)?;
    // The connection starts first: the input thread's start is not on the
    // way to the settled screen.
    if matches!(state.screen, Screen::Wizard | Screen::Tokens) {
        worker.send(Job::Connect {
            credentials,
            api_version: state.api_version().to_string(),
        });
    }
    // Keys typed before this point wait in the terminal's buffer.
    spawn_input_reader(tx);
    // With credentials known at start, this account's draft is looked for
    // now (off this thread; the answer comes back as an event).
    drafts.after_update(&state);

    loop {
        let first = if state.busy() {
            match rx.recv_timeout(SPINNER_INTERVAL) {
                Ok(ev) => Some(ev),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return Ok(Outcome::Quit),
            }
        } else {
            match rx.recv() {
                Ok(ev) => Some(ev),
                Err(_) => return Ok(Outcome::Quit),
            }
        };
        // Apply everything already queued before drawing once: a burst of
        // keys or worker events costs one frame, not one each.
        let mut events: Vec<AppEvent> = first.into_iter().collect();
        events.extend(rx.try_iter());
        let msgs: Vec<Msg> = if events.is_empty() {
            vec![Msg::Tick]
        } else {
            Vec::new()
        };
        for msg in msgs {
            apply(&mut state, msg, &worker, &drafts, &later);
        }
        // After a stop or Ctrl-L: the terminal's contents are unknown.
        let mut repaint = false;
        for ev in events {
            let msg = match ev {
                AppEvent::Signal(n) => {
                    tracing::info!(signal = n, "signal received, restoring the terminal");
                    return Ok(Outcome::Signal(n));
                }
                AppEvent::Suspend => {
                    repaint |= suspend(&mut state, &worker, &drafts, &later, &cont_rx)?;
                    continue;
                }
                AppEvent::Continued => {
                    // A SIGCONT that `suspend` already waited for was handled there.
                    if cont_rx.try_recv().is_ok() {
                        tracing::info!("continued after a stop, redrawing");
                        terminal::resume()?;
                        repaint = true;
                    }
                    continue;
                }
                AppEvent::Worker(w) => Msg::Worker(w),
                AppEvent::Later(msg) => msg,
                AppEvent::Draft(ev) => draft_msg(ev),
                AppEvent::Input(Event::Key(k)) => match terminal_key(&state.keymap, &k) {
                    Some(TerminalKey::Suspend) => {
                        repaint |= suspend(&mut state, &worker, &drafts, &later, &cont_rx)?;
                        continue;
                    }
                    Some(TerminalKey::Redraw) => {
                        terminal::clear_screen()?;
                        repaint = true;
                        continue;
                    }
                    None => {
                        debug_fault(&k)?;
                        Msg::Key(k)
                    }
                },
                AppEvent::Input(Event::Paste(s)) => Msg::Paste(s),
                AppEvent::Input(Event::Resize(w, h)) => Msg::Resize(w, h),
                AppEvent::Input(_) => continue,
            };
            apply(&mut state, msg, &worker, &drafts, &later);
            if state.quit {
                return Ok(Outcome::Quit);
            }
        }
        drafts.after_update(&state);
        if repaint {
            // The clear before it blanked the secret (see `terminal::arm_blank`).
            secret = None;
            // The screen was cleared: a renderer that knows nothing draws
            // every cell that is not blank, and sets cursor and colours anew.
            terminal = Terminal::new(LeanBackend::new(crate::tui::backend::unbuffered_stdout()?))?;
            // A resize while stopped went to the shell, not to us.
            let size = terminal.size()?;
            if (size.width, size.height) != state.size {
                apply(
                    &mut state,
                    Msg::Resize(size.width, size.height),
                    &worker,
                    &drafts,
                    &later,
                );
            }
        }
        draw(&mut terminal, &state, &mut secret)?;
    }
}

type Term = Terminal<LeanBackend<std::fs::File>>;

/// Draws the frame for `state`. When the secret on screen is about to give
/// way (to another screen, or to the clear a new size brings), its cells
/// are blanked in place first, so that a terminal without an alternate
/// screen never moves them into its history.
fn draw(terminal: &mut Term, state: &State, secret: &mut Option<Blanked>) -> io::Result<()> {
    if let Some(shown) = secret.take() {
        let resized = terminal.size()? != shown.frame.area.as_size();
        if resized || !view::secret::shows_secret(state) {
            blank_in_place(terminal, &shown.frame)?;
            terminal::disarm_blank();
        } else {
            *secret = Some(shown);
        }
    }
    let drawn = terminal.draw(|f| view::render(f, state))?;
    *secret = view::secret::blanked(state, drawn.buffer);
    match secret {
        Some(b) => terminal::arm_blank(crate::tui::backend::blank_sequence(&b.frame, &b.cells)),
        None => terminal::disarm_blank(),
    }
    Ok(())
}

/// Draws `frame` (the last frame, its secret's cells blank) over the last
/// frame: only the secret's cells are written, in place, with no scroll and
/// no clear before them. ratatui's own resize check is skipped: after a
/// resize the cells are blanked where they were, before the clear.
fn blank_in_place(terminal: &mut Term, frame: &ratatui::buffer::Buffer) -> io::Result<()> {
    terminal.backend_mut().hold_scroll(true);
    *terminal.current_buffer_mut() = frame.clone();
    let written = terminal.flush();
    // The blank frame becomes the one ratatui compares the next with; the
    // one with the secret is reset (its cells overwritten).
    terminal.swap_buffers();
    terminal.backend_mut().hold_scroll(false);
    written?;
    ratatui::backend::Backend::flush(terminal.backend_mut())
}

/// How long Ctrl-Z waits for the SIGCONT that follows a stop. A real stop
/// returns only once continued, so the signal is already on its way; the
/// wait runs out only where the stop was discarded (an orphaned process
/// group), and then nothing else could come.
const CONT_WAIT: Duration = Duration::from_millis(500);

/// Ctrl-Z or SIGTSTP: leaves full-screen mode and stops; back in full-screen
/// mode once continued. Returns whether the screen must be repainted. Where
/// nothing could resume a stopped wizard it says so and keeps running.
fn suspend(
    state: &mut State,
    worker: &worker::WorkerHandle,
    drafts: &Drafts,
    later: &Later,
    cont: &mpsc::Receiver<()>,
) -> io::Result<bool> {
    if !terminal::job_control() {
        apply(
            state,
            Msg::Note(
                crate::tui::state::Level::Warn,
                crate::text::NO_JOB_CONTROL.to_string(),
            ),
            worker,
            drafts,
            later,
        );
        return Ok(false);
    }
    tracing::info!("suspending");
    // Nothing is drawn from here until resume: this thread is the only one
    // that draws, and it is stopped.
    terminal::suspend();
    // Take this stop's SIGCONT here, so the loop does not redraw twice.
    let _ = cont.recv_timeout(CONT_WAIT);
    terminal::resume()?;
    tracing::info!("resumed");
    Ok(true)
}

/// Test hook for the exit paths: with `IMPACT_TOKEN_DEBUG_FAULT=panic` (or
/// `error`), pressing F12 panics (or fails with an I/O error), so tests can
/// check that the terminal is restored on those paths too.
fn debug_fault(key: &crossterm::event::KeyEvent) -> io::Result<()> {
    if key.code != crossterm::event::KeyCode::F(12) {
        return Ok(());
    }
    match std::env::var("IMPACT_TOKEN_DEBUG_FAULT").as_deref() {
        Ok("panic") => panic!("injected panic (IMPACT_TOKEN_DEBUG_FAULT=panic)"),
        Ok("error") => Err(io::Error::other(
            "injected error (IMPACT_TOKEN_DEBUG_FAULT=error)",
        )),
        _ => Ok(()),
    }
}

fn spawn_input_reader(tx: mpsc::Sender<AppEvent>) {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            while let Ok(ev) = crossterm::event::read() {
                if tx.send(AppEvent::Input(ev)).is_err() {
                    break;
                }
            }
        })
        .expect("spawn input thread");
}

/// Turns signals into events for the loop. The handlers are installed before
/// this returns (not when the tasks first run), so a signal that comes early
/// is not met with its default action. Each SIGCONT also leaves a token on
/// `cont`, which tells a stop's own SIGCONT from one after a stop by others.
fn spawn_signal_listener(
    runtime: &tokio::runtime::Runtime,
    tx: mpsc::Sender<AppEvent>,
    cont: mpsc::Sender<()>,
) -> io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let _context = runtime.enter();
    for &n in FATAL_SIGNALS {
        let mut s = signal(SignalKind::from_raw(n))?;
        let tx = tx.clone();
        runtime.spawn(async move {
            if s.recv().await.is_some() {
                let _ = tx.send(AppEvent::Signal(n));
            }
        });
    }
    let mut tstp = signal(SignalKind::from_raw(libc::SIGTSTP))?;
    let tstp_tx = tx.clone();
    runtime.spawn(async move {
        while tstp.recv().await.is_some() {
            if tstp_tx.send(AppEvent::Suspend).is_err() {
                break;
            }
        }
    });
    let mut cont_signal = signal(SignalKind::from_raw(libc::SIGCONT))?;
    runtime.spawn(async move {
        while cont_signal.recv().await.is_some() {
            let _ = cont.send(());
            if tx.send(AppEvent::Continued).is_err() {
                break;
            }
        }
    });
    Ok(())
}
