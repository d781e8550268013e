//! The API page and the wizard as state machines: random sequences of keys,
//! worker answers and resizes through `update`, with the invariants checked
//! (and the view drawn) after every step; and the examples they found.

#[path = "support/state.rs"]
#[allow(dead_code)]
mod wizard_state;

#[path = "support/page.rs"]
#[allow(dead_code)]
mod page_support;

use crossterm::event::KeyCode;
use impact_token::api::worker::{TokenOpDone, WorkerEvent};
use impact_token::model::tokens::StateFilter;
use page_support::*;
use wizard_state::*;

/// Asks to delete the focused token by its menu, types its name and
/// confirms; then the server's answer arrives (whether or not the
/// confirming key sent the job, the answer is what shrinks the list).
fn delete_focused(s: &mut impact_token::tui::state::State) {
    let id = focused(s);
    let name = s.page.token(&id).unwrap().name.clone();
    key(s, KeyCode::Char('m'));
    for _ in 0..4 {
        key(s, KeyCode::Down); // Delete
    }
    key(s, KeyCode::Enter);
    typed(s, &name);
    key(s, KeyCode::Enter);
    feed(
        s,
        WorkerEvent::TokenOp {
            id,
            result: Ok(TokenOpDone::Deleted),
        },
    );
}

#[test]
fn deleting_the_last_row_keeps_the_cursor_on_the_new_last_row() {
    let mut s = loaded();
    key(&mut s, KeyCode::End);
    assert_eq!(focused(&s), "T-3");
    delete_focused(&mut s);
    assert!(s.page.token("T-3").is_none());
    assert_eq!(s.page.visible.len(), 2);
    assert_eq!(focused(&s), "T-2", "the row above the deleted one");
    screen_text(&s, 80);
}

#[test]
fn deleting_the_last_row_under_a_filter_keeps_the_cursor_in_bounds() {
    let mut s = loaded();
    key(&mut s, KeyCode::Char('s')); // State: Enabled
    assert_eq!(s.page.filter.state, Some(StateFilter::Enabled));
    assert_eq!(s.page.visible.len(), 2);
    key(&mut s, KeyCode::End);
    assert_eq!(focused(&s), "T-3");
    delete_focused(&mut s);
    assert_eq!(s.page.visible.len(), 1);
    assert_eq!(focused(&s), "T-1");
    screen_text(&s, 80);
}

// ---------------------------------------------------------------------------
// The API page as a state machine.

use crossterm::event::{KeyEvent, KeyModifiers};
use impact_token::api::error::ApiError;
use impact_token::api::worker::{Job, TokenOp};
use impact_token::contract::{CreatedToken, TOKEN_DISABLED, TOKEN_ENABLED, Token};
use impact_token::tui::geometry::fits;
use impact_token::tui::state::{Modal, Screen, State, list_rows};
use impact_token::tui::update::{Effect, Msg, update};
use proptest::prelude::*;
use proptest::test_runner::RngAlgorithm;

/// Cases a property runs: 64 by default, `PROPTEST_CASES` for more.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        rng_algorithm: RngAlgorithm::XorShift,
        ..ProptestConfig::default()
    }
}

/// A key, or a name typed where the page asks for one.
#[derive(Clone, Debug)]
enum Press {
    Code(KeyCode),
    Ctrl(char),
    /// The name of the token the open question (or the focus) is about.
    TheName,
    /// A name that is not it.
    WrongName,
    /// `m`, then Down to the menu's item at this index, then Enter.
    Menu(usize),
    /// [`Press::TheName`], then Enter.
    NameEnter,
    /// [`Press::Menu`], then the answer that sends: the name and Enter
    /// where a name is asked, else `y`.
    Act(usize),
}

fn press() -> impl Strategy<Value = Press> {
    use KeyCode::*;
    let code = |c: KeyCode| Just(Press::Code(c));
    // Weights out of 200; quitting ends a run, so it is rare.
    prop_oneof![
        40 => prop_oneof![
            code(Up), code(Down), code(PageUp), code(PageDown), code(Home), code(End)
        ],
        20 => prop_oneof![code(Char('/')), code(Char('s')), code(Char('c')), code(Backspace)],
        20 => prop_oneof![
            code(Char('e')), code(Char('x')), code(Char('-')), code(Char(' ')), code(Char('p'))
        ],
        30 => prop_oneof![code(Char('m')), code(Enter), code(Esc)],
        20 => prop_oneof![code(Char('y')), code(Char('n')), code(Left), code(Right)],
        10 => prop_oneof![code(Tab), code(BackTab), code(Char('?'))],
        10 => prop_oneof![Just(Press::Ctrl('r')), Just(Press::Ctrl('p')), Just(Press::Ctrl('u'))],
        2 => prop_oneof![code(Char('q')), Just(Press::Ctrl('c'))],
        20 => prop_oneof![Just(Press::TheName), Just(Press::WrongName), Just(Press::NameEnter)],
        14 => (0usize..6).prop_map(Press::Menu),
        14 => (0usize..5).prop_map(Press::Act),
    ]
}

/// How the server answers a change.
#[derive(Clone, Debug)]
enum Outcome {
    Done,
    /// 412: changed meanwhile; with the token now, or gone.
    Changed(bool),
    Unknown,
    NotFound,
    Forbidden,
    Server,
}

/// One step: a key, a worker's answer, the server changing, a resize.
#[derive(Clone, Debug)]
enum Step {
    Key(Press),
    /// The page asked for last arrives, with at most this many tokens.
    Page(usize),
    /// A page of an older load (a reload replaced it) arrives.
    StalePage(usize),
    PageFails,
    /// The change asked for last is answered.
    Answer(Outcome),
    /// Upgrade Version's catalogs arrive.
    Catalogs,
    /// Someone else deletes the server's token at this index (modulo).
    GoneElsewhere(usize),
    /// Someone else creates a token.
    NewElsewhere,
    Resize(u16, u16),
    /// Bracketed paste.
    Paste(&'static str),
}

fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        3 => prop_oneof![
            Just((80, 24)), Just((120, 40)), Just((60, 16)), Just((59, 16)),
            Just((60, 15)), Just((200, 60))
        ],
        1 => (1u16..140, 1u16..50),
    ]
}

fn outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        4 => Just(Outcome::Done),
        1 => any::<bool>().prop_map(Outcome::Changed),
        1 => Just(Outcome::Unknown),
        1 => Just(Outcome::NotFound),
        1 => Just(Outcome::Forbidden),
        1 => Just(Outcome::Server),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        12 => press().prop_map(Step::Key),
        3 => (1usize..6).prop_map(Step::Page),
        1 => (0usize..6).prop_map(Step::StalePage),
        1 => Just(Step::PageFails),
        3 => outcome().prop_map(Step::Answer),
        1 => Just(Step::Catalogs),
        1 => (0usize..16).prop_map(Step::GoneElsewhere),
        1 => Just(Step::NewElsewhere),
        2 => size().prop_map(|(w, h)| Step::Resize(w, h)),
        1 => prop_oneof![Just("export"), Just("prod\nreporting"), Just(" ")].prop_map(Step::Paste),
    ]
}

/// The server's tokens at the start: names that share parts (for the
/// search), both states, and dates on each side of the Created On filters.
fn server_tokens() -> impl Strategy<Value = Vec<Token>> {
    const NAMES: [&str; 6] = [
        "prod-reporting",
        "old-export",
        "legacy-sync",
        "Demo seed: Dashboard (copy)",
        "export",
        "Ünïcode naïve",
    ];
    prop::collection::vec((0..NAMES.len(), any::<bool>(), 0usize..4), 0..14).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (n, on, age))| token(&format!("T-{i}"), NAMES[n], on, [1, 10, 45, 400][age]))
            .collect()
    })
}

/// The test's side of the run: the server's list and what the page has
/// asked for and not been answered yet.
struct Run {
    s: State,
    server: Vec<Token>,
    made: usize,
    /// The page load asked for last: generation, offset of the page.
    load: Option<(u64, usize)>,
    /// The last change sent: the token's Id and the change.
    op: Option<(String, TokenOp)>,
    /// Upgrade Version's catalogs asked for: from, to.
    catalogs: Option<(String, String)>,
    /// The token the user has selected (None: none yet).
    want: Option<String>,
}

impl Run {
    fn new(server: Vec<Token>) -> Run {
        let (s, generation) = home();
        let made = server.len();
        let mut run = Run {
            s,
            server,
            made,
            load: Some((generation, 0)),
            op: None,
            catalogs: None,
            want: None,
        };
        while run.load.is_some() {
            run.step(&Step::Page(5));
        }
        run.want = run.s.page.focused().map(|t| t.id.clone());
        run
    }

    fn absorb(&mut self, fx: &[Effect]) {
        for job in jobs(fx) {
            match job {
                Job::LoadTokensPage { generation, next } => {
                    let at = next.as_deref().map_or(0, |n| n.parse().unwrap());
                    self.load = Some((*generation, at));
                }
                Job::TokenOp { id, op, .. } => self.op = Some((id.clone(), op.clone())),
                Job::LoadUpgradeCatalogs { from, to } => {
                    self.catalogs = Some((from.clone(), to.clone()));
                }
                _ => {}
            }
        }
    }

    fn feed(&mut self, ev: WorkerEvent) {
        let fx = update(&mut self.s, Msg::Worker(ev));
        self.absorb(&fx);
    }

    /// The token the open question is about, else the focused one.
    fn asked_about(&self) -> Option<String> {
        use impact_token::tui::state::Ask;
        match &self.s.page.ask {
            Some(Ask::Reset { id, .. } | Ask::Delete { id, .. } | Ask::Disable { id }) => {
                Some(id.clone())
            }
            _ => self.s.page.focused().map(|t| t.id.clone()),
        }
    }

    /// Whether a question with a name field is open.
    fn typing(&self) -> bool {
        use impact_token::tui::state::Ask;
        matches!(
            self.s.page.ask,
            Some(Ask::Reset { .. } | Ask::Delete { .. })
        ) && matches!(self.s.screen, Screen::Tokens)
    }

    fn press(&mut self, p: &Press) -> Vec<Effect> {
        if let Press::Act(i) = p {
            let mut all = self.press(&Press::Menu(*i));
            let then = if self.typing() {
                Press::NameEnter
            } else {
                Press::Code(KeyCode::Char('y'))
            };
            all.extend(self.press(&then));
            return all;
        }
        let mut all = Vec::new();
        for k in self.keys_of(p) {
            all.extend(update(&mut self.s, Msg::Key(k)));
        }
        all
    }

    /// The key presses `p` stands for, now.
    fn keys_of(&self, p: &Press) -> Vec<KeyEvent> {
        match p {
            Press::Code(c) => vec![KeyEvent::new(*c, KeyModifiers::NONE)],
            Press::Ctrl(c) => vec![KeyEvent::new(KeyCode::Char(*c), KeyModifiers::CONTROL)],
            Press::Menu(i) => {
                let at = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
                let mut keys = vec![at(KeyCode::Char('m'))];
                keys.extend((0..*i).map(|_| at(KeyCode::Down)));
                keys.push(at(KeyCode::Enter));
                keys
            }
            // Typed only into a question's field: on the list, letters
            // are commands.
            // Not the keys at once: the question is asked only once the
            // menu's keys are in.
            Press::Act(_) => Vec::new(),
            Press::TheName | Press::WrongName | Press::NameEnter if !self.typing() => Vec::new(),
            Press::NameEnter => {
                let mut keys = self.keys_of(&Press::TheName);
                keys.push(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
                keys
            }
            Press::TheName | Press::WrongName => {
                let name = self
                    .asked_about()
                    .and_then(|id| self.s.page.token(&id).map(|t| t.name.clone()))
                    .unwrap_or_default();
                let name = match p {
                    Press::TheName => name,
                    _ => format!("{name}x"),
                };
                name.chars()
                    .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                    .collect()
            }
        }
    }

    fn page(&mut self, most: usize) {
        let Some((generation, at)) = self.load.take() else {
            return;
        };
        let at = at.min(self.server.len());
        let end = (at + most).min(self.server.len());
        let next = if end < self.server.len() {
            end.to_string()
        } else {
            String::new()
        };
        let tokens = self.server[at..end].to_vec();
        self.feed(WorkerEvent::TokensPage {
            generation,
            result: Ok(page_of(tokens, &next)),
        });
    }

    fn answer(&mut self, outcome: &Outcome) {
        let (id, op) = match self.op.take() {
            Some(sent) => sent,
            // An answer nobody waits for (say, to an earlier change).
            None => match self.s.page.focused() {
                Some(t) => (t.id.clone(), TokenOp::Delete),
                None => return,
            },
        };
        let now = self.server.iter().position(|t| t.id == id);
        let result = match (outcome, now) {
            (Outcome::Done, None) => Err(ApiError::NotFound {
                message: "no such token".into(),
            }),
            (Outcome::Done, Some(i)) => Ok(match op {
                TokenOp::Delete => {
                    self.server.remove(i);
                    TokenOpDone::Deleted
                }
                TokenOp::SetEnabled(on) => {
                    let state = if on { TOKEN_ENABLED } else { TOKEN_DISABLED };
                    self.server[i].state = state.into();
                    TokenOpDone::Updated(self.server[i].clone())
                }
                TokenOp::Update(req) => {
                    self.server[i].api_version = req.api_version.clone();
                    self.server[i].scopes = req.scopes.clone();
                    TokenOpDone::Updated(self.server[i].clone())
                }
                TokenOp::Reset => TokenOpDone::Reset(CreatedToken {
                    token: self.server[i].clone(),
                    account_sid: "IRDEMO1234567890ABCD".into(),
                    auth_token: "a-new-secret".to_string().into(),
                }),
            }),
            (Outcome::Changed(with), _) => Err(ApiError::Changed {
                current: now
                    .filter(|_| *with)
                    .map(|i| Box::new(self.server[i].clone())),
            }),
            (Outcome::Unknown, _) => Err(ApiError::OutcomeUnknown {
                error: Box::new(ApiError::Timeout),
                key: "key-of-the-first-try".into(),
                changed: false,
            }),
            (Outcome::NotFound, _) => Err(ApiError::NotFound {
                message: "no such token".into(),
            }),
            (Outcome::Forbidden, _) => Err(ApiError::Forbidden {
                message: "not permitted".into(),
            }),
            (Outcome::Server, _) => Err(ApiError::Server {
                status: 500,
                message: "oops".into(),
            }),
        };
        self.feed(WorkerEvent::TokenOp { id, result });
    }

    /// Applies one step; returns the effects of a key.
    fn step(&mut self, step: &Step) -> Vec<Effect> {
        match step {
            Step::Key(p) => {
                let fx = self.press(p);
                self.absorb(&fx);
                return fx;
            }
            Step::Page(most) => self.page(*most),
            Step::StalePage(n) => {
                let generation = self.s.page.generation.saturating_sub(1);
                let tokens = self.server.iter().take(*n).cloned().collect();
                self.feed(WorkerEvent::TokensPage {
                    generation,
                    result: Ok(page_of(tokens, "")),
                });
            }
            Step::PageFails => {
                if let Some((generation, _)) = self.load.take() {
                    self.feed(WorkerEvent::TokensPage {
                        generation,
                        result: Err(ApiError::Timeout),
                    });
                }
            }
            Step::Answer(outcome) => self.answer(outcome),
            Step::Catalogs => {
                if let Some((from, to)) = self.catalogs.take() {
                    self.feed(WorkerEvent::UpgradeCatalogs {
                        from,
                        to,
                        result: Ok((None, None)),
                    });
                }
            }
            Step::GoneElsewhere(i) => {
                if !self.server.is_empty() {
                    let i = i % self.server.len();
                    self.server.remove(i);
                }
            }
            Step::NewElsewhere => {
                self.made += 1;
                let t = token(&format!("T-{}", self.made), "made elsewhere", true, 0);
                self.server.push(t);
            }
            Step::Resize(w, h) => {
                update(&mut self.s, Msg::Resize(*w, *h));
            }
            Step::Paste(text) => {
                let fx = update(&mut self.s, Msg::Paste(text.to_string()));
                self.absorb(&fx);
                return fx;
            }
        }
        Vec::new()
    }
}

/// What a hidden dialog must keep: which dialogs are open, and what is
/// waiting for the server.
fn dialogs(s: &State) -> String {
    let ask = s.page.ask.as_ref().map(std::mem::discriminant);
    format!(
        "{:?} {:?} {:?} {:?}",
        s.modal, s.page.menu, ask, s.page.pending
    )
}

/// The screen `s` draws at its size, one line per row (nothing when the
/// size has no cells).
fn draw(s: &State) -> String {
    let (w, h) = s.size;
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| impact_token::tui::view::render(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The page's invariants, after any step.
fn check_page(s: &State) {
    let page = &s.page;
    // Keys go to the menu, the details or the question while one is open,
    // so each is drawn: its token is in the list.
    use impact_token::tui::state::Ask;
    let asked = match &page.ask {
        Some(Ask::Reset { id, .. } | Ask::Delete { id, .. } | Ask::Disable { id }) => Some(id),
        Some(Ask::Upgrade(u)) => Some(&u.id),
        _ => None,
    };
    let open = [
        page.menu.as_ref().map(|(id, _)| id),
        page.details.as_ref(),
        asked,
    ];
    // While a load brings its pages the token may be on one still to come.
    let loaded = !page.loading && !page.stale;
    for id in open.into_iter().flatten().filter(|_| loaded) {
        assert!(
            page.token(id).is_some(),
            "a menu, details or question open on {id}, which the list no longer has"
        );
    }
    // The visible rows are the tokens the filters pass, in list order.
    let matching: Vec<usize> = (0..page.tokens.len())
        .filter(|&i| page.filter.matches(&page.tokens[i], page.now))
        .collect();
    assert_eq!(
        page.visible, matching,
        "the visible rows are the matching tokens"
    );
    if page.visible.is_empty() {
        assert!(page.focused().is_none());
    } else {
        assert!(
            page.cursor < page.visible.len(),
            "cursor {} of {} rows",
            page.cursor,
            page.visible.len()
        );
        let rows = list_rows(s.size);
        assert!(
            page.offset <= page.cursor && page.cursor < page.offset + rows,
            "the cursor's row {} shows (offset {}, {rows} rows)",
            page.cursor,
            page.offset
        );
    }
}

/// The foot's count, when the list is on screen with nothing over it.
fn check_count(s: &State, screen: &str) {
    let page = &s.page;
    let bare = page.menu.is_none()
        && page.ask.is_none()
        && page.details.is_none()
        && page.notice.is_none()
        && s.modal.is_none();
    if !matches!(s.screen, Screen::Tokens) || !fits(s.size) || !bare || page.generation == 0 {
        return;
    }
    let count =
        impact_token::text::tokens_count(page.visible.len(), page.tokens.len(), page.loading);
    let count = count.split(" · ").next().unwrap().to_string();
    assert!(
        screen.contains(&count),
        "the foot says {count:?}:\n{screen}"
    );
}

fn run_page(server: Vec<Token>, steps: &[Step]) {
    let mut run = Run::new(server);
    check_page(&run.s);
    for step in steps {
        if run.s.quit {
            break;
        }
        let hidden = !fits(run.s.size);
        let open = run.s.modal.is_some() || run.s.page.menu.is_some() || run.s.page.ask.is_some();
        let before = dialogs(&run.s);
        let asked = run.s.page.select.clone();
        let fx = run.step(step);
        check_page(&run.s);
        let screen = draw(&run.s);
        check_count(&run.s, &screen);
        let focused = run.s.page.focused().map(|t| t.id.clone());
        // A focus the page was asked for (after a reset, an edit) lapses
        // when its load ends without the token: from then on the user's
        // selection is the row the page shows focused.
        if asked.is_some() && run.s.page.select.is_none() && run.want == asked {
            let shown = |id: &String| {
                run.s
                    .page
                    .visible
                    .iter()
                    .any(|&i| &run.s.page.tokens[i].id == id)
            };
            if !asked.as_ref().is_some_and(shown) {
                run.want = focused.clone();
            }
        }
        if let Step::Key(_) | Step::Paste(_) = step {
            if hidden {
                assert!(jobs(&fx).is_empty(), "a hidden screen's key sent {fx:?}");
                if open {
                    assert_eq!(dialogs(&run.s), before, "a hidden dialog was answered");
                } else {
                    // The quit key asks first, as it always does; the
                    // question waits for a size that shows it.
                    assert!(
                        matches!(run.s.modal, None | Some(Modal::ConfirmQuit)),
                        "a hidden screen's key opened {:?}",
                        run.s.modal
                    );
                }
            }
            // What the user selects is what the keys leave focused, or the
            // token the page said it would focus once loaded.
            run.want = run.s.page.select.clone().or(focused);
        } else if let Some(want) = &run.want {
            let shows = run
                .s
                .page
                .visible
                .iter()
                .any(|&i| &run.s.page.tokens[i].id == want);
            if shows {
                assert_eq!(
                    focused.as_ref(),
                    Some(want),
                    "the selected token stays selected while it shows"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_api_page_keeps_its_invariants(
        server in server_tokens(),
        steps in prop::collection::vec(step(), 0..60),
    ) {
        run_page(server, &steps);
    }
}

// ---------------------------------------------------------------------------
// The wizard's panels as a state machine.

use impact_token::api::ops::SubmitProgress;
use impact_token::api::worker::Contacts;
use impact_token::contract::Contact;
use impact_token::model::account::AccountType;

fn wizard_press() -> impl Strategy<Value = KeyEvent> {
    use KeyCode::*;
    let k = |c: KeyCode| Just(KeyEvent::new(c, KeyModifiers::NONE));
    let ctrl = |c: char| Just(KeyEvent::new(Char(c), KeyModifiers::CONTROL));
    let alt = |c: char| Just(KeyEvent::new(Char(c), KeyModifiers::ALT));
    prop_oneof![
        24 => prop_oneof![k(Up), k(Down), k(PageUp), k(PageDown), k(Home), k(End), k(Left), k(Right)],
        18 => prop_oneof![k(Tab), k(BackTab), k(Enter), k(Esc), k(Char(' ')), k(Backspace), k(Delete)],
        18 => prop_oneof![
            k(Char('a')), k(Char('d')), k(Char('e')), k(Char('@')), k(Char('.')), k(Char('x'))
        ],
        12 => prop_oneof![
            k(Char('/')), k(Char('u')), k(Char('w')), k(Char('p')), k(Char('s')), k(Char('?'))
        ],
        12 => prop_oneof![k(Char('y')), k(Char('n')), k(Char('1')), k(Char('3')), k(Char('4'))],
        18 => prop_oneof![ctrl('n'), ctrl('p'), ctrl('u'), alt('2'), alt('4'), ctrl('r')],
        // Quitting ends a run: rare.
        1 => prop_oneof![k(Char('q')), ctrl('c')],
    ]
}

#[derive(Clone, Debug)]
enum WizardStep {
    Key(KeyEvent),
    /// The contacts (again): this many of them.
    Contacts(usize),
    /// The catalog for the chosen version: the bundled one (0), or a live
    /// one of the first this many categories, of two scopes each at most.
    Catalog(usize),
    Progress,
    /// The create's (or update's) answer: made, or refused.
    Created(bool),
    Cancelled,
    Resize(u16, u16),
    /// On the Setup panel: a name, a description, a contact and an
    /// e-mail, on to the Scopes panel.
    ToScopes,
}

fn wizard_step() -> impl Strategy<Value = WizardStep> {
    prop_oneof![
        14 => wizard_press().prop_map(WizardStep::Key),
        1 => (0usize..5).prop_map(WizardStep::Contacts),
        2 => (0usize..4).prop_map(WizardStep::Catalog),
        1 => Just(WizardStep::Progress),
        1 => any::<bool>().prop_map(WizardStep::Created),
        1 => Just(WizardStep::Cancelled),
        2 => size().prop_map(|(w, h)| WizardStep::Resize(w, h)),
        2 => Just(WizardStep::ToScopes),
    ]
}

fn contacts(n: usize) -> Vec<Contact> {
    [
        "Ada Lovelace",
        "Grace Hopper",
        "Linus Pauling",
        "Mary Somerville",
    ]
    .iter()
    .take(n)
    .enumerate()
    .map(|(i, name)| Contact {
        user_id: format!("U-{}", i + 1),
        name: name.to_string(),
        email: Some(format!("u{i}@acme.example")),
        role: Some("ACCOUNT_ADMINISTRATOR".into()),
    })
    .collect()
}

/// The wizard's invariants, after any step: every cursor within what it
/// points into.
fn check_wizard(s: &State) {
    let shown = s.filtered_contacts().len();
    assert!(
        s.contact.cursor < shown.max(1),
        "contact cursor {} of {shown}",
        s.contact.cursor
    );
    let emails = s.contact.emails.len();
    assert!(
        s.contact.email_cursor < emails.max(1),
        "e-mail cursor {} of {emails}",
        s.contact.email_cursor
    );
    let rows = s.tree.rows().len();
    assert!(
        s.tree.cursor() < rows.max(1),
        "tree cursor {} of {rows}",
        s.tree.cursor()
    );
    // The picks are the catalog's.
    let picked = s.selection.selected_ids(&s.catalog);
    assert_eq!(s.selection.total(), picked.len(), "the pick count");
    check_page(s);
}

/// Applies one wizard step; returns its effects.
fn wizard_apply(s: &mut State, step: &WizardStep) -> Vec<Effect> {
    match step {
        WizardStep::Key(k) => update(s, Msg::Key(*k)),
        WizardStep::Contacts(n) => feed(
            s,
            WorkerEvent::Contacts(Ok(Contacts {
                list: contacts(*n),
                from_company: false,
            })),
        ),
        WizardStep::Catalog(n) => {
            let api_version = s.api_version().to_string();
            let live = (*n > 0).then(|| {
                let mut doc = bundled(AccountType::Brand).to_doc();
                doc.categories.truncate(*n);
                for c in &mut doc.categories {
                    c.scopes.truncate(2);
                }
                doc
            });
            feed(
                s,
                WorkerEvent::Catalog {
                    api_version,
                    result: Ok(live),
                },
            )
        }
        WizardStep::Progress => feed(s, WorkerEvent::Submit(SubmitProgress::Sending(2))),
        WizardStep::Created(true) => {
            let mut t = token("T-new", &field_text_of(s), true, 0);
            t.scopes = vec!["getCompanyInformation".into()];
            let created = CreatedToken {
                token: t.clone(),
                account_sid: "IRDEMO1234567890ABCD".into(),
                auth_token: "a-new-secret".to_string().into(),
            };
            if s.mode.is_create() {
                feed(s, WorkerEvent::Created(Ok(created)))
            } else {
                feed(s, WorkerEvent::Updated(Ok(t)))
            }
        }
        WizardStep::Created(false) => feed(
            s,
            WorkerEvent::Created(Err(ApiError::Server {
                status: 500,
                message: "oops".into(),
            })),
        ),
        WizardStep::Cancelled => feed(s, WorkerEvent::Cancelled),
        WizardStep::Resize(w, h) => update(s, Msg::Resize(*w, *h)),
        WizardStep::ToScopes => {
            let on_setup = matches!(s.screen, Screen::Wizard)
                && s.step == impact_token::tui::state::Step::Setup
                && s.modal.is_none()
                && fits(s.size);
            if on_setup {
                to_scopes(s, "nightly");
            }
            Vec::new()
        }
    }
}

fn run_wizard(from_page: bool, steps: &[WizardStep]) {
    let mut s = if from_page {
        let mut s = loaded();
        key(&mut s, KeyCode::Char('n'));
        s
    } else {
        connected(AccountType::Brand)
    };
    check_wizard(&s);
    for step in steps {
        if s.quit {
            break;
        }
        let hidden = !fits(s.size);
        let open = s.modal.is_some() || s.page.menu.is_some() || s.page.ask.is_some();
        let before = dialogs(&s);
        let fx = wizard_apply(&mut s, step);
        check_wizard(&s);
        draw(&s);
        if hidden && matches!(step, WizardStep::Key(_)) {
            assert!(jobs(&fx).is_empty(), "a hidden screen's key sent {fx:?}");
            if open {
                assert_eq!(dialogs(&s), before, "a hidden dialog was answered");
            } else {
                assert!(
                    matches!(s.modal, None | Some(Modal::ConfirmQuit)),
                    "a hidden screen's key opened {:?}",
                    s.modal
                );
            }
        }
    }
}

/// The name in the Setup panel.
fn field_text_of(s: &State) -> String {
    impact_token::tui::state::field_text(&s.setup.name).to_string()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_wizard_keeps_its_invariants(
        from_page in any::<bool>(),
        steps in prop::collection::vec(wizard_step(), 0..60),
    ) {
        run_wizard(from_page, &steps);
    }
}

// ---------------------------------------------------------------------------
// What the property tests found, as examples.

/// Feeds one page of generation `g`; `next` empty on the last.
fn page_arrives(s: &mut State, g: u64, tokens: Vec<Token>, next: &str) {
    feed(
        s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Ok(page_of(tokens, next)),
        },
    );
}

fn reload(s: &mut State) -> u64 {
    let fx = ctrl(s, 'r');
    page_load(&fx).expect("a reload").0
}

#[test]
fn a_reload_shorter_than_the_focused_row_keeps_the_cursor_in_bounds() {
    let mut s = loaded();
    key(&mut s, KeyCode::End);
    let g = reload(&mut s);
    // Someone else deleted two tokens, the focused one among them.
    page_arrives(&mut s, g, vec![token("T-1", "prod-reporting", true, 2)], "");
    assert_eq!(focused(&s), "T-1");
    screen_text(&s, 80);
}

#[test]
fn a_row_chosen_during_a_reload_stays_chosen_when_its_page_arrives() {
    let mut s = loaded();
    let g = reload(&mut s); // asked to find T-1 again
    key(&mut s, KeyCode::End); // the user picks T-3 on the list shown
    page_arrives(
        &mut s,
        g,
        vec![token("T-1", "prod-reporting", true, 2)],
        "2",
    );
    page_arrives(
        &mut s,
        g,
        vec![
            token("T-2", "old-export", false, 20),
            token("T-3", "legacy-sync", true, 60),
        ],
        "",
    );
    assert_eq!(
        focused(&s),
        "T-3",
        "the row the user chose, not the one before"
    );
}

#[test]
fn a_row_moved_to_after_a_failed_load_is_not_taken_back_by_the_next() {
    let mut s = loaded();
    let g = reload(&mut s); // asked to find T-1 again
    feed(
        &mut s,
        WorkerEvent::TokensPage {
            generation: g,
            result: Err(ApiError::Timeout),
        },
    );
    key(&mut s, KeyCode::Down);
    assert_eq!(focused(&s), "T-2");
    let g = reload(&mut s);
    page_arrives(
        &mut s,
        g,
        vec![
            token("T-1", "prod-reporting", true, 2),
            token("T-2", "old-export", false, 20),
        ],
        "",
    );
    assert_eq!(focused(&s), "T-2");
}

#[test]
fn contacts_read_again_shorter_keep_the_contact_cursor_in_bounds() {
    let mut s = connected(AccountType::Brand);
    typed(&mut s, "a");
    ctrl(&mut s, 'n'); // the Contact panel
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    assert_eq!(s.contact.cursor, 2);
    feed(
        &mut s,
        WorkerEvent::Contacts(Ok(Contacts {
            list: contacts(1),
            from_company: false,
        })),
    );
    assert_eq!(s.contact.cursor, 0);
    check_wizard(&s);
}

#[test]
fn a_menu_or_question_on_a_token_gone_closes_and_says_so() {
    // Deleted here (an earlier delete's answer) while its menu is open.
    let mut s = loaded();
    key(&mut s, KeyCode::Char('m'));
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Ok(TokenOpDone::Deleted),
        },
    );
    assert!(s.page.menu.is_none(), "the menu of a deleted token closes");
    key(&mut s, KeyCode::Down);
    assert_eq!(focused(&s), "T-3", "keys move the list again");
    check_page(&s);

    // Deleted elsewhere while its Delete question is open: the reload
    // that no longer lists it closes the question.
    let mut s = loaded();
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Char('m'));
    for _ in 0..4 {
        key(&mut s, KeyCode::Down);
    }
    key(&mut s, KeyCode::Enter);
    assert!(s.page.ask.is_some());
    let g = s.page.generation + 1;
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-1".into(),
            result: Err(ApiError::NotFound {
                message: "gone".into(),
            }),
        },
    ); // a 404 reads the list again
    assert_eq!(s.page.generation, g);
    page_arrives(
        &mut s,
        g,
        vec![
            token("T-1", "prod-reporting", true, 2),
            token("T-3", "legacy-sync", true, 60),
        ],
        "",
    );
    assert!(s.page.ask.is_none(), "the question on T-2 closed");
    let (_, said) = s.status.clone().unwrap();
    assert_eq!(said, impact_token::text::PAGE_OPEN_TOKEN_GONE);
    check_page(&s);
}

/// Where the generated sequences lead (screens, dialogs), to keep the
/// generators reaching them: `cargo test --test state_machine
/// coverage_tally -- --ignored --nocapture`.
#[test]
#[ignore]
fn coverage_tally() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::default();
    let mut steps_seen = std::collections::BTreeMap::<String, usize>::new();
    for _ in 0..200 {
        let from_page = runner.rng().random::<bool>();
        let steps = prop::collection::vec(wizard_step(), 0..60)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let mut s = if from_page {
            let mut s = loaded();
            key(&mut s, KeyCode::Char('n'));
            s
        } else {
            connected(AccountType::Brand)
        };
        let mut seen = std::collections::BTreeSet::new();
        for st in &steps {
            wizard_apply(&mut s, st);
            seen.insert(format!(
                "{:?}/{:?}/{:?}",
                std::mem::discriminant(&s.screen),
                s.step,
                s.modal.is_some()
            ));
        }
        for k in seen {
            *steps_seen.entry(k).or_default() += 1;
        }
    }
    eprintln!("{steps_seen:#?}");
    let mut steps_seen = std::collections::BTreeMap::<String, usize>::new();
    for _ in 0..200 {
        let server = server_tokens().new_tree(&mut runner).unwrap().current();
        let steps = prop::collection::vec(step(), 0..60)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let mut run = Run::new(server);
        let mut seen = std::collections::BTreeSet::new();
        for st in &steps {
            run.step(st);
            let p = &run.s.page;
            seen.insert(format!(
                "{:?} menu={} ask={:?} details={} modal={:?}",
                std::mem::discriminant(&run.s.screen),
                p.menu.is_some(),
                p.ask.as_ref().map(std::mem::discriminant),
                p.details.is_some(),
                run.s.modal
            ));
        }
        for k in seen {
            *steps_seen.entry(k).or_default() += 1;
        }
    }
    eprintln!("{steps_seen:#?}");
}

#[test]
fn after_a_reset_the_list_focuses_its_token_at_once_not_when_the_reload_ends() {
    let mut s = loaded();
    key(&mut s, KeyCode::Down); // old-export
    key(&mut s, KeyCode::Char('m'));
    key(&mut s, KeyCode::Down); // Reset
    key(&mut s, KeyCode::Enter);
    typed(&mut s, "old-export");
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::End); // the user looks elsewhere meanwhile
    assert_eq!(focused(&s), "T-3");
    feed(
        &mut s,
        WorkerEvent::TokenOp {
            id: "T-2".into(),
            result: Ok(TokenOpDone::Reset(CreatedToken {
                token: token("T-2", "old-export", false, 20),
                account_sid: "IRDEMO1234567890ABCD".into(),
                auth_token: "a-new-secret".to_string().into(),
            })),
        },
    );
    assert!(matches!(s.screen, Screen::Secret(_)));
    key(&mut s, KeyCode::Esc);
    let fx = key(&mut s, KeyCode::Char('y'));
    assert!(matches!(s.screen, Screen::Tokens), "back to the list");
    assert_eq!(focused(&s), "T-2", "the reset token, on the list shown");
    let (g, _) = page_load(&fx).expect("the list is read again");
    page_arrives(
        &mut s,
        g,
        vec![
            token("T-1", "prod-reporting", true, 2),
            token("T-2", "old-export", false, 20),
        ],
        "",
    );
    assert_eq!(focused(&s), "T-2");
}
