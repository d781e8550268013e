//! `LeanBackend` against a terminal model that behaves like xterm where the
//! usual test parsers do not: after a character lands in the last column,
//! the cursor stays in that column with a pending wrap (vt100 and pyte put
//! it past the edge instead), and scroll regions (DECSTBM with SU/SD) move
//! only the rows inside them. Each frame ratatui intends is compared, cell
//! by cell, with what the model shows after the backend's bytes, and with
//! what a `vt100` parser shows.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use impact_token::tui::backend::LeanBackend;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::{Frame, Terminal};
use unicode_width::UnicodeWidthChar;

/// One cell of the model. An empty `sym` is the right half of a wide
/// character.
#[derive(Clone, Debug, PartialEq)]
struct MCell {
    sym: String,
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct MPen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

const PLAIN: MPen = MPen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

/// A small xterm: the subset of sequences `LeanBackend` sends, with xterm's
/// pending wrap, scroll regions and background-colour erase. An unknown
/// sequence panics, so the backend cannot send what the model does not
/// understand.
struct Xterm {
    w: usize,
    h: usize,
    cells: Vec<MCell>,
    x: usize,
    y: usize,
    /// Set by a character written in the last column: the cursor stays in
    /// that column, and the next character wraps first.
    pending: bool,
    top: usize,
    bottom: usize,
    pen: MPen,
}

impl Xterm {
    fn new(w: u16, h: u16) -> Self {
        let (w, h) = (w as usize, h as usize);
        Xterm {
            w,
            h,
            cells: vec![blank(PLAIN); w * h],
            x: 0,
            y: 0,
            pending: false,
            top: 0,
            bottom: h - 1,
            pen: PLAIN,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        let s = std::str::from_utf8(bytes).expect("the backend sends UTF-8");
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '\x1b' => match it.next() {
                    Some('[') => {
                        let mut params = String::new();
                        let mut fin = None;
                        for c in it.by_ref() {
                            if c.is_ascii_digit() || c == ';' || c == '?' {
                                params.push(c);
                            } else {
                                fin = Some(c);
                                break;
                            }
                        }
                        self.csi(&params, fin.expect("an unfinished CSI sequence"));
                    }
                    other => panic!("unknown escape ESC {other:?}"),
                },
                '\r' => {
                    self.x = 0;
                    self.pending = false;
                }
                '\n' => {
                    self.linefeed();
                    self.pending = false;
                }
                c if (c as u32) < 0x20 => panic!("unexpected control {c:?}"),
                c => self.put(c),
            }
        }
    }

    fn csi(&mut self, params: &str, fin: char) {
        if let Some(private) = params.strip_prefix('?') {
            assert!(matches!(fin, 'h' | 'l'), "unknown CSI ?{private}{fin}");
            return;
        }
        let nums: Vec<usize> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
        let n = |i: usize| nums.get(i).copied().filter(|&v| v > 0).unwrap_or(1);
        match fin {
            'H' | 'f' => {
                self.y = (n(0) - 1).min(self.h - 1);
                self.x = (n(1) - 1).min(self.w - 1);
                self.pending = false;
            }
            'A' => {
                let floor = if self.y >= self.top { self.top } else { 0 };
                self.y = self.y.saturating_sub(n(0)).max(floor);
                self.pending = false;
            }
            'B' => {
                let ceil = if self.y <= self.bottom {
                    self.bottom
                } else {
                    self.h - 1
                };
                self.y = (self.y + n(0)).min(ceil);
                self.pending = false;
            }
            'C' => {
                self.x = (self.x + n(0)).min(self.w - 1);
                self.pending = false;
            }
            'D' => {
                self.x = self.x.saturating_sub(n(0));
                self.pending = false;
            }
            'G' => {
                self.x = (n(0) - 1).min(self.w - 1);
                self.pending = false;
            }
            'd' => {
                self.y = (n(0) - 1).min(self.h - 1);
                self.pending = false;
            }
            'm' => self.sgr(&nums),
            'r' => {
                let top = n(0) - 1;
                let bottom = nums.get(1).copied().filter(|&v| v > 0).unwrap_or(self.h) - 1;
                if top < bottom && bottom < self.h {
                    self.top = top;
                    self.bottom = bottom;
                }
                // xterm homes the cursor.
                self.x = 0;
                self.y = 0;
                self.pending = false;
            }
            'S' => {
                for _ in 0..n(0) {
                    self.scroll_up();
                }
            }
            'T' => {
                for _ in 0..n(0) {
                    self.scroll_down();
                }
            }
            'J' => {
                let (from, to) = match nums[0] {
                    0 => (self.y * self.w + self.x, self.w * self.h),
                    1 => (0, self.y * self.w + self.x + 1),
                    _ => (0, self.w * self.h),
                };
                let b = blank(self.pen);
                self.cells[from..to].fill(b);
            }
            'K' => {
                let row = self.y * self.w;
                let (from, to) = match nums[0] {
                    0 => (row + self.x, row + self.w),
                    1 => (row, row + self.x + 1),
                    _ => (row, row + self.w),
                };
                let b = blank(self.pen);
                self.cells[from..to].fill(b);
            }
            _ => panic!("unknown CSI {params}{fin}"),
        }
    }

    fn sgr(&mut self, nums: &[usize]) {
        let mut i = 0;
        while i < nums.len() {
            let p = nums[i];
            let flag = |n: usize| match n {
                1 => Modifier::BOLD,
                2 => Modifier::DIM,
                3 => Modifier::ITALIC,
                4 => Modifier::UNDERLINED,
                5 => Modifier::SLOW_BLINK,
                6 => Modifier::RAPID_BLINK,
                7 => Modifier::REVERSED,
                8 => Modifier::HIDDEN,
                _ => Modifier::CROSSED_OUT,
            };
            match p {
                0 => self.pen = PLAIN,
                1..=9 => self.pen.modifier |= flag(p),
                22 => self.pen.modifier -= Modifier::BOLD | Modifier::DIM,
                25 => self.pen.modifier -= Modifier::SLOW_BLINK | Modifier::RAPID_BLINK,
                23 | 24 | 27..=29 => self.pen.modifier -= flag(p - 20),
                30..=37 | 90..=97 => self.pen.fg = ansi(p),
                39 => self.pen.fg = Color::Reset,
                40..=47 | 100..=107 => self.pen.bg = ansi(p - 10),
                49 => self.pen.bg = Color::Reset,
                38 | 48 => {
                    let c = match nums.get(i + 1) {
                        Some(5) => {
                            i += 2;
                            Color::Indexed(nums[i] as u8)
                        }
                        Some(2) => {
                            i += 4;
                            Color::Rgb(nums[i - 2] as u8, nums[i - 1] as u8, nums[i] as u8)
                        }
                        other => panic!("unknown extended colour {other:?}"),
                    };
                    if p == 38 {
                        self.pen.fg = c;
                    } else {
                        self.pen.bg = c;
                    }
                }
                _ => panic!("unknown SGR {p}"),
            }
            i += 1;
        }
    }

    fn linefeed(&mut self) {
        if self.y == self.bottom {
            self.scroll_up();
        } else if self.y < self.h - 1 {
            self.y += 1;
        }
    }

    fn scroll_up(&mut self) {
        let (t, b, w) = (self.top, self.bottom, self.w);
        self.cells[t * w..(b + 1) * w].rotate_left(w);
        let fill = blank(self.pen);
        self.cells[b * w..(b + 1) * w].fill(fill);
    }

    fn scroll_down(&mut self) {
        let (t, b, w) = (self.top, self.bottom, self.w);
        self.cells[t * w..(b + 1) * w].rotate_right(w);
        let fill = blank(self.pen);
        self.cells[t * w..(t + 1) * w].fill(fill);
    }

    fn put(&mut self, c: char) {
        let wd = c.width().unwrap_or(0);
        if wd == 0 {
            // A combining mark joins the character before it.
            let at = self.y * self.w + self.x.saturating_sub(usize::from(!self.pending));
            self.cells[at].sym.push(c);
            return;
        }
        if self.pending || self.x + wd > self.w {
            self.x = 0;
            self.linefeed();
        }
        self.pending = false;
        let row = self.y * self.w;
        // Writing over either half of a wide character erases the other half.
        if self.cells[row + self.x].sym.is_empty() && self.x > 0 {
            self.cells[row + self.x - 1] = blank(PLAIN);
        }
        let end = self.x + wd;
        if end < self.w && self.cells[row + end].sym.is_empty() {
            self.cells[row + end] = blank(PLAIN);
        }
        let pen = self.pen;
        self.cells[row + self.x] = MCell {
            sym: c.to_string(),
            fg: pen.fg,
            bg: pen.bg,
            modifier: pen.modifier,
        };
        for i in self.x + 1..end {
            self.cells[row + i] = MCell {
                sym: String::new(),
                ..self.cells[row + self.x].clone()
            };
        }
        self.x = end;
        if self.x >= self.w {
            self.x = self.w - 1;
            self.pending = true;
        }
    }

    /// The first cell that differs from what ratatui meant to show.
    fn differs_from(&self, want: &Buffer) -> Option<String> {
        for y in 0..self.h {
            let mut x = 0;
            while x < self.w {
                let b = &want[(x as u16, y as u16)];
                let sym = if b.symbol().is_empty() {
                    " "
                } else {
                    b.symbol()
                };
                let m = &self.cells[y * self.w + x];
                let expect = MCell {
                    sym: sym.to_string(),
                    fg: b.fg,
                    bg: b.bg,
                    modifier: b.modifier,
                };
                if look(m) != look(&expect) {
                    return Some(format!(
                        "cell ({x}, {y}): the terminal shows {m:?}, ratatui meant {expect:?}\n{}",
                        self.text()
                    ));
                }
                x += unicode_width::UnicodeWidthStr::width(sym).max(1);
            }
        }
        None
    }

    fn text(&self) -> String {
        self.cells
            .chunks(self.w)
            .map(|r| r.iter().map(|c| c.sym.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// What a terminal shows of a cell: a space shows only its background and
/// the attributes that draw on a blank.
fn look(c: &MCell) -> MCell {
    let visible = Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT;
    if c.sym == " " && !c.modifier.intersects(visible) {
        MCell {
            fg: Color::Reset,
            modifier: Modifier::empty(),
            ..c.clone()
        }
    } else {
        c.clone()
    }
}

fn blank(pen: MPen) -> MCell {
    MCell {
        sym: " ".into(),
        fg: Color::Reset,
        bg: pen.bg,
        modifier: Modifier::empty(),
    }
}

fn ansi(p: usize) -> Color {
    [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
    ]
    .get(p % 10)
    .map(|&c| {
        if p >= 90 {
            match c {
                Color::Black => Color::DarkGray,
                Color::Red => Color::LightRed,
                Color::Green => Color::LightGreen,
                Color::Yellow => Color::LightYellow,
                Color::Blue => Color::LightBlue,
                Color::Magenta => Color::LightMagenta,
                Color::Cyan => Color::LightCyan,
                _ => Color::White,
            }
        } else {
            c
        }
    })
    .expect("a colour code")
}

/// A writer the test reads back.
#[derive(Clone, Default)]
struct Out(Rc<RefCell<Vec<u8>>>);

impl Write for Out {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A terminal of the given size drawn through `LeanBackend`, with the
/// xterm model and a vt100 parser reading its output.
struct Rig {
    term: Terminal<LeanBackend<Out>>,
    out: Out,
    read: usize,
    xterm: Xterm,
    vt: vt100::Parser,
}

impl Rig {
    fn new(w: u16, h: u16) -> Self {
        let out = Out::default();
        let term =
            Terminal::new(LeanBackend::with_size(out.clone(), Size::new(w, h))).expect("terminal");
        Rig {
            term,
            out,
            read: 0,
            xterm: Xterm::new(w, h),
            vt: vt100::Parser::new(h, w, 0),
        }
    }

    /// Draws one frame and returns its bytes, after checking that both
    /// models show what ratatui meant.
    fn frame(&mut self, render: impl FnOnce(&mut Frame)) -> Vec<u8> {
        let want = self.term.draw(render).expect("draw").buffer.clone();
        let bytes = self.out.0.borrow()[self.read..].to_vec();
        self.read += bytes.len();
        self.xterm.feed(&bytes);
        self.vt.process(&bytes);
        let shown = String::from_utf8_lossy(&bytes);
        if let Some(d) = self.xterm.differs_from(&want) {
            panic!("xterm model: {d}\nafter {shown:?}");
        }
        let vt = self.vt.screen();
        for y in 0..want.area.height {
            let mut line = String::new();
            let mut x = 0;
            while x < want.area.width {
                let sym = want[(x, y)].symbol();
                line.push_str(sym);
                x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
            }
            let got = vt.contents_between(y, 0, y, want.area.width);
            assert_eq!(
                got.trim_end(),
                line.trim_end(),
                "vt100 row {y} after {shown:?}"
            );
        }
        bytes
    }

    fn lines(&mut self, lines: &[&str]) -> Vec<u8> {
        let lines: Vec<Line> = lines.iter().map(|l| Line::from(l.to_string())).collect();
        self.frame(|f| f.render_widget(Paragraph::new(lines), f.area()))
    }
}

#[test]
fn a_move_after_a_last_column_write_lands_in_the_right_cell() {
    let mut rig = Rig::new(20, 3);
    rig.lines(&["abcdefghijklmnopqrst"]);
    // The next cell to write is two columns left of the last one written.
    rig.lines(&["abcdefghijklmnopqrXt"]);
    rig.lines(&["abcdefghijklmnopqrXY", "", "row 2"]);
    rig.lines(&["abcdefghijklmnopqZXY", "", "row 2"]);
}

#[test]
fn the_text_cursor_after_a_last_column_write_lands_in_its_cell() {
    let mut rig = Rig::new(20, 3);
    let field = |f: &mut Frame, text: &str| {
        f.render_widget(Paragraph::new(text.to_string()), f.area());
        f.set_cursor_position((17, 0));
    };
    rig.frame(|f| field(f, "abcdefghijklmnopqrst"));
    rig.frame(|f| field(f, "abcdefghijklmnopqrsT"));
    rig.xterm.feed(b"#");
    assert_eq!(
        &rig.xterm.text()[..20],
        "abcdefghijklmnopq#sT",
        "the cursor was not in column 17"
    );
}

/// Line `i` of a long list, different on every row.
fn item(i: usize) -> String {
    format!(
        "item {i:03} {}",
        "abcdefghij".repeat(3).get(i % 10..).unwrap_or("")
    )
}

/// A bordered list showing `rows` items from `offset`, with a marker on
/// the selected one and a status line under the box.
fn list(f: &mut Frame, offset: usize, selected: usize) {
    let area = f.area();
    let rows = area.height.saturating_sub(3) as usize;
    let lines: Vec<Line> = (offset..offset + rows)
        .map(|i| {
            let marker = if i == selected { "›" } else { " " };
            let style = if i == selected {
                Style::default()
                    .fg(Color::Cyan)
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            Line::from(vec![Span::styled(marker, style), Span::raw(item(i))])
        })
        .collect();
    let boxed = Rect::new(0, 0, area.width, area.height - 1);
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Scopes ")),
        boxed,
    );
    f.render_widget(
        Paragraph::new(format!("{selected}/100 ↑↓ move")),
        Rect::new(0, area.height - 1, area.width, 1),
    );
}

fn has(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether the bytes set a scroll region (CSI top ; bottom r).
fn sets_region(bytes: &[u8]) -> bool {
    let s = String::from_utf8_lossy(bytes);
    s.split("\x1b[").skip(1).any(|seq| {
        let params: String = seq
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        params.contains(';') && seq[params.len()..].starts_with('r')
    })
}

#[test]
fn a_list_scrolled_by_one_row_moves_with_a_scroll_region() {
    let mut rig = Rig::new(80, 24);
    rig.frame(|f| list(f, 0, 20));
    let down = rig.frame(|f| list(f, 1, 21));
    let text = String::from_utf8_lossy(&down);
    // The block inside the border scrolls up by one row; only the new last
    // row, the markers and the status line are written.
    assert!(
        sets_region(&down) && has(&down, b"\x1b[S"),
        "no scroll up: {text:?}"
    );
    assert!(down.len() <= 120, "{} bytes: {text:?}", down.len());
    let up = rig.frame(|f| list(f, 0, 20));
    let text = String::from_utf8_lossy(&up);
    assert!(has(&up, b"\x1b[T"), "no scroll down: {text:?}");
    assert!(up.len() <= 120, "{} bytes: {text:?}", up.len());
}

#[test]
fn a_page_jump_scrolls_by_many_rows() {
    let mut rig = Rig::new(40, 12);
    rig.frame(|f| list(f, 0, 0));
    rig.frame(|f| list(f, 5, 5));
    rig.frame(|f| list(f, 2, 2));
    rig.frame(|f| list(f, 40, 40));
}

#[test]
fn frames_that_share_no_rows_do_not_scroll() {
    let mut rig = Rig::new(40, 12);
    rig.lines(&["a", "b", "c", "d"]);
    let other = rig.lines(&["w", "x", "y", "z"]);
    assert!(
        !sets_region(&other),
        "{:?}",
        String::from_utf8_lossy(&other)
    );
}

/// One random frame: a list window (scrolled to `offset`, maybe boxed),
/// and a few cells set on top, some wide, some in the last column.
#[derive(Clone, Debug)]
struct Spec {
    offset: usize,
    selected: usize,
    boxed: bool,
    cells: Vec<(u16, u16, char, u8)>,
    /// Where the text cursor is shown, if anywhere.
    cursor: Option<(u16, u16)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0usize..30,
        0usize..40,
        any::<bool>(),
        prop::collection::vec(
            (
                0u16..20,
                0u16..8,
                prop::sample::select(vec!['x', 'é', '日', '█', ' ', 'Z']),
                0u8..4,
            ),
            0..6,
        ),
        prop::option::of((0u16..20, 0u16..8)),
    )
        .prop_map(|(offset, selected, boxed, cells, cursor)| Spec {
            offset,
            selected,
            boxed,
            cells,
            cursor,
        })
}

fn styled(k: u8) -> Style {
    match k {
        0 => Style::default(),
        1 => Style::default().bg(Color::Blue),
        2 => Style::default().add_modifier(Modifier::REVERSED),
        _ => Style::default()
            .fg(Color::Indexed(208))
            .add_modifier(Modifier::BOLD),
    }
}

fn draw_spec(f: &mut Frame, s: &Spec) {
    let area = f.area();
    let lines: Vec<Line> = (s.offset..s.offset + area.height as usize)
        .map(|i| {
            let style = if i == s.selected {
                styled(2)
            } else {
                styled((i % 4) as u8)
            };
            // Some rows reach the last column, some hold wide characters.
            let text = match i % 3 {
                0 => format!("{i:02} {}", "ab日".repeat(8)),
                1 => format!("{i:02} row"),
                _ => format!("{i:02} {}", "-".repeat(40)),
            };
            Line::styled(text, style)
        })
        .collect();
    let p = Paragraph::new(lines);
    f.render_widget(
        if s.boxed {
            p.block(Block::bordered())
        } else {
            p
        },
        area,
    );
    let buf = f.buffer_mut();
    for &(x, y, c, k) in &s.cells {
        let w = c.width().unwrap_or(1) as u16;
        if x + w <= area.width {
            // A cell written over the right half of a wide character must
            // blank its left half, as a careful widget does: otherwise the
            // buffer holds two overlapping characters, which ratatui's own
            // diff cannot send (it skips the column the left one covers)
            // and no backend can show.
            if x > 0 && unicode_width::UnicodeWidthStr::width(buf[(x - 1, y)].symbol()) > 1 {
                buf[(x - 1, y)].set_symbol(" ");
            }
            buf.set_string(x, y, c.to_string(), styled(k));
        }
    }
    if let Some(at) = s.cursor {
        f.set_cursor_position(at);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the frames, both terminals show what ratatui meant after
    /// each (the checks are in `Rig::frame`), with the text cursor where
    /// the frame put it.
    #[test]
    fn random_frames_render_true(frames in prop::collection::vec(spec(), 1..8)) {
        let mut rig = Rig::new(20, 8);
        for s in &frames {
            rig.frame(|f| draw_spec(f, s));
            if let Some((x, y)) = s.cursor {
                prop_assert_eq!((rig.xterm.x, rig.xterm.y), (x as usize, y as usize));
            }
        }
    }
}
