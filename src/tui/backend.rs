//! A ratatui backend that writes as few bytes as it can, for SSH links.
//!
//! ratatui already sends only the cells that changed. This backend also:
//! - picks the shortest cursor move (relative or absolute) between cells;
//! - sends one combined SGR sequence per style change, choosing between a
//!   diff and a reset-and-set, with 16-colour codes in their short form;
//! - keeps the terminal's style across frames instead of resetting it after
//!   every frame (it resets only before clearing and when a background
//!   colour would otherwise stay set);
//! - hides or shows the cursor only when that changes;
//! - writes each frame with a single `write` call;
//! - keeps its own copy of the screen, and when a block of rows comes back
//!   shifted (a list scrolled by one row), moves it with a scroll region
//!   (DECSTBM, then SU or SD) and writes only the rows that are new;
//! - forgets the cursor's position after a character lands in the last
//!   column: xterm-like terminals keep the cursor there with a pending wrap,
//!   not past the edge, so a relative move from there would land one cell
//!   off.
//!
//! ratatui hands `draw` only the cells that differ from its previous frame.
//! After a scroll the screen no longer matches that frame, so the backend
//! keeps the whole intended frame too and writes every cell where its copy
//! of the screen differs from it.
//!
//! Everything else delegates to crossterm's backend.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// Standard output without std's buffer, for the backend: each frame goes
/// out in one `write` anyway, and std's buffer would keep the last small
/// frame (a secret's characters, say) after it was sent.
pub fn unbuffered_stdout() -> io::Result<std::fs::File> {
    use std::os::fd::AsFd;
    Ok(std::fs::File::from(
        io::stdout().as_fd().try_clone_to_owned()?,
    ))
}

/// The style the terminal is currently set to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

const PLAIN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

/// What the backend knows of one cell on the screen. Every variant holds
/// a cell, so that marking a cell overwrites all of what it held (a
/// secret's character, say), not just the variant's tag.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Cell(Cell),
    /// The right part of the wide character to its left (holds a blank).
    Covered(Cell),
    /// Not known, e.g. the other half of a wide character was overwritten
    /// (holds a blank).
    Unknown(Cell),
}

const COVERED: Shown = Shown::Covered(Cell::EMPTY);
const UNKNOWN: Shown = Shown::Unknown(Cell::EMPTY);

/// Bytes a scroll costs at least (region, scroll, region reset, a cursor
/// move): a frame with fewer changed cells is not worth trying one for.
const SCROLL_COST: i64 = 20;

/// See the module documentation.
pub struct LeanBackend<W: Write> {
    inner: CrosstermBackend<W>,
    buf: Vec<u8>,
    pen: Pen,
    /// Where the terminal's cursor is, when known.
    at: Option<(u16, u16)>,
    /// The row where the cursor waits at the right edge after a write in
    /// the last column (its column is not known: see the module docs).
    edge_row: Option<u16>,
    cursor_visible: Option<bool>,
    /// A fixed size, for a writer that is not a terminal (tests).
    fixed_size: Option<Size>,
    /// The size last reported by `size`, which is what ratatui draws in.
    known_size: std::cell::Cell<Option<Size>>,
    /// Screen width and height of `want` and `shown`.
    dims: (u16, u16),
    /// The frame ratatui means to show (its diffs applied), row by row.
    want: Vec<Cell>,
    /// What the terminal shows, as far as the backend wrote it.
    shown: Vec<Shown>,
    /// Whether `shown` covers the whole screen, so that whole rows may be
    /// scrolled (false after a partial clear).
    whole_screen: bool,
}

impl<W: Write> LeanBackend<W> {
    /// Wraps a writer (normally stdout).
    pub fn new(writer: W) -> Self {
        LeanBackend {
            inner: CrosstermBackend::new(writer),
            buf: Vec::with_capacity(4096),
            pen: PLAIN,
            at: None,
            edge_row: None,
            cursor_visible: None,
            fixed_size: None,
            known_size: std::cell::Cell::new(None),
            dims: (0, 0),
            want: Vec::new(),
            shown: Vec::new(),
            whole_screen: true,
        }
    }

    /// Wraps a writer that is not a terminal, reporting `size` as the
    /// screen's size (for tests and recordings).
    pub fn with_size(writer: W, size: Size) -> Self {
        let mut b = Self::new(writer);
        b.fixed_size = Some(size);
        b
    }

    /// Makes `want` and `shown` one screen of `size`. A screen of a new
    /// size is not known: every cell will be written.
    fn fit(&mut self, size: Size) {
        if self.dims != (size.width, size.height) {
            let n = size.width as usize * size.height as usize;
            // Like ratatui, take a screen never drawn on as blank.
            let first = self.dims == (0, 0);
            self.wipe();
            self.dims = (size.width, size.height);
            self.want = vec![Cell::EMPTY; n];
            self.shown = vec![
                if first {
                    Shown::Cell(Cell::EMPTY)
                } else {
                    UNKNOWN
                };
                n
            ];
        }
    }

    /// Blanks both copies of the screen in place: they may hold a secret's
    /// characters, and a dropped `Vec` is not cleared.
    fn wipe(&mut self) {
        self.want.fill(Cell::EMPTY);
        self.shown.fill(UNKNOWN);
        // Keeps the stores from being dropped as dead before a free.
        std::hint::black_box((&self.want, &self.shown));
    }

    /// Records that the terminal blanked cells `from..to` (row-major
    /// indexes), as ratatui did in its previous frame.
    fn blanked(&mut self, from: usize, to: usize) {
        let to = to.min(self.want.len());
        let from = from.min(to);
        self.want[from..to].fill(Cell::EMPTY);
        self.shown[from..to].fill(Shown::Cell(Cell::EMPTY));
    }

    /// Candidate scrolls, best first by an estimate in cells: for each
    /// shift that brings back at least one whole changed row, the block of
    /// rows that saves the most. Each is (top, bottom, rows), the block's
    /// rows moving up by `rows` (down when negative).
    fn scroll_candidates(&self) -> Vec<(usize, usize, i64)> {
        let (w, h) = (self.dims.0 as usize, self.dims.1 as usize);
        if h < 2 || w == 0 {
            return Vec::new();
        }
        let want: Vec<u64> = self.want.iter().map(|c| cell_hash(Some(c))).collect();
        let shown: Vec<u64> = self
            .shown
            .iter()
            .map(|s| match s {
                Shown::Cell(c) => cell_hash(Some(c)),
                _ => cell_hash(None),
            })
            .collect();
        let blank = cell_hash(Some(&Cell::EMPTY));
        // Cells that differ between want's row r and shown's row s.
        let cost = |r: usize, s: usize| -> i64 {
            let (a, b) = (&want[r * w..(r + 1) * w], &shown[s * w..(s + 1) * w]);
            a.iter().zip(b).filter(|(x, y)| x != y).count() as i64
        };
        let stay: Vec<i64> = (0..h).map(|r| cost(r, r)).collect();
        let to_blank: Vec<i64> = (0..h)
            .map(|r| {
                want[r * w..(r + 1) * w]
                    .iter()
                    .filter(|&&c| c != blank)
                    .count() as i64
            })
            .collect();
        let prefix = |g: &[i64]| -> Vec<i64> {
            std::iter::once(0)
                .chain(g.iter().scan(0, |acc, v| {
                    *acc += v;
                    Some(*acc)
                }))
                .collect()
        };
        let gain_blank: Vec<i64> = (0..h).map(|r| stay[r] - to_blank[r]).collect();
        let pb = prefix(&gain_blank);
        let sum = |p: &[i64], a: usize, b: usize| -> i64 { p[b + 1] - p[a] };
        // Whole rows, to find the shifts that bring changed rows back.
        let row_hash = |v: &[u64]| -> Vec<u64> {
            v.chunks(w)
                .map(|r| r.iter().fold(0u64, |a, &c| a.rotate_left(5) ^ c))
                .collect()
        };
        let (want_rows, shown_rows) = (row_hash(&want), row_hash(&shown));
        let mut shifts: Vec<(usize, bool, usize)> = Vec::new();
        for d in 1..h {
            for up in [true, false] {
                let hits = (0..h)
                    .filter(|&r| {
                        let s = if up { r + d } else { r.wrapping_sub(d) };
                        s < h && stay[r] > 0 && want_rows[r] == shown_rows[s]
                    })
                    .count();
                if hits > 0 {
                    shifts.push((hits, up, d));
                }
            }
        }
        // The shifts that bring back the most rows, a few at most.
        shifts.sort_by_key(|&(hits, _, d)| (std::cmp::Reverse(hits), d));
        let mut found: Vec<(i64, usize, usize, i64)> = Vec::new();
        for &(_, up, d) in shifts.iter().take(6) {
            // Row r of the new frame would come from shown's row src(r).
            let src = |r: usize| if up { r + d } else { r.wrapping_sub(d) };
            let moved = |r: usize| src(r) < h;
            let costs: Vec<Option<i64>> =
                (0..h).map(|r| moved(r).then(|| cost(r, src(r)))).collect();
            let gain_moved: Vec<i64> = (0..h)
                .map(|r| costs[r].map_or(0, |c| stay[r] - c))
                .collect();
            let pm = prefix(&gain_moved);
            let mut best: Option<(i64, usize, usize, i64)> = None;
            for top in 0..h {
                for bottom in top + d..h {
                    // Scrolling up, the last d rows of the block come in
                    // blank; scrolling down, the first d.
                    let gain = if up {
                        sum(&pm, top, bottom - d) + sum(&pb, bottom - d + 1, bottom)
                    } else {
                        sum(&pb, top, top + d - 1) + sum(&pm, top + d, bottom)
                    };
                    if best.is_none_or(|b| gain > b.0) {
                        let rows = if up { d as i64 } else { -(d as i64) };
                        best = Some((gain, top, bottom, rows));
                    }
                }
            }
            found.extend(best);
        }
        found.sort_by_key(|c| std::cmp::Reverse(c.0));
        found
            .into_iter()
            .map(|(_, top, bottom, rows)| (top, bottom, rows))
            .collect()
    }

    /// Picks the scroll, if any, after which the frame costs the fewest
    /// bytes, by writing each way into the buffer and taking it back.
    fn cheapest_scroll(&mut self) -> Option<(usize, usize, i64)> {
        let candidates = self.scroll_candidates();
        if candidates.is_empty() {
            return None;
        }
        let mut best = None;
        let mut least = self.trial(None);
        for c in candidates.into_iter().take(3) {
            let n = self.trial(Some(c));
            if n < least {
                least = n;
                best = Some(c);
            }
        }
        best
    }

    /// The bytes the frame would take after `scroll`; writes nothing.
    fn trial(&mut self, scroll: Option<(usize, usize, i64)>) -> usize {
        let (start, pen, at, edge) = (self.buf.len(), self.pen, self.at, self.edge_row);
        if let Some((top, bottom, rows)) = scroll {
            self.scroll_sequence(top, bottom, rows);
        }
        self.write_differences(Some(scroll));
        let n = self.buf.len() - start;
        // The trial holds the frame's characters: wiped, then dropped.
        self.buf[start..].fill(0);
        self.buf.truncate(start);
        (self.pen, self.at, self.edge_row) = (pen, at, edge);
        n
    }

    /// Appends the sequences that scroll rows `top..=bottom` by `rows` (up
    /// when positive).
    fn scroll_sequence(&mut self, top: usize, bottom: usize, rows: i64) {
        // New rows take the pen's background.
        self.set_pen(PLAIN);
        let n = rows.unsigned_abs();
        let dir = if rows > 0 { 'S' } else { 'T' };
        let amount = if n == 1 { String::new() } else { n.to_string() };
        self.buf.extend_from_slice(
            format!("\x1b[{};{}r\x1b[{amount}{dir}\x1b[r", top + 1, bottom + 1).as_bytes(),
        );
        // Setting the region moves the cursor (home, on xterm).
        self.at = None;
        self.edge_row = None;
    }

    /// Scrolls rows `top..=bottom` by `rows` (up when positive) on the
    /// terminal and in `shown`.
    fn scroll(&mut self, top: usize, bottom: usize, rows: i64) {
        self.scroll_sequence(top, bottom, rows);
        let w = self.dims.0 as usize;
        let block = &mut self.shown[top * w..(bottom + 1) * w];
        let k = rows.unsigned_abs() as usize * w;
        if rows > 0 {
            block.rotate_left(k);
            let len = block.len();
            block[len - k..].fill(Shown::Cell(Cell::EMPTY));
        } else {
            block.rotate_right(k);
            block[..k].fill(Shown::Cell(Cell::EMPTY));
        }
    }

    /// Whether the screen's cell `i` looks like the intended one; in a
    /// trial, as it would after the trial's scroll.
    fn shows(&self, i: usize, trial: Option<Option<(usize, usize, i64)>>) -> bool {
        let want = &self.want[i];
        let shown = match trial {
            Some(Some((top, bottom, rows))) => {
                let w = self.dims.0 as usize;
                let (y, x) = (i / w, i % w);
                let src = y as i64 + rows;
                if y < top || y > bottom {
                    &self.shown[i]
                } else if src < top as i64 || src > bottom as i64 {
                    return looks_same(&Cell::EMPTY, want);
                } else {
                    &self.shown[src as usize * w + x]
                }
            }
            _ => &self.shown[i],
        };
        matches!(shown, Shown::Cell(c) if looks_same(c, want))
    }

    /// Writes every cell where the screen differs from the intended frame.
    /// A trial (`Some`) only appends the bytes, as if after its scroll.
    fn write_differences(&mut self, trial: Option<Option<(usize, usize, i64)>>) {
        let (w, h) = (self.dims.0 as usize, self.dims.1 as usize);
        for y in 0..h {
            let mut x = 0;
            while x < w {
                let i = y * w + x;
                let sym = self.want[i].symbol();
                let sym = if sym.is_empty() { " " } else { sym };
                let width = (sym.width().max(1)).min(w - x);
                if !self.shows(i, trial) {
                    let cell = self.want[i].clone();
                    self.put(x as u16, y as u16, &cell, width, trial.is_some());
                }
                x += width;
            }
        }
    }

    /// Writes one cell `width` columns wide and records it in `shown`
    /// (unless in a trial).
    fn put(&mut self, x: u16, y: u16, cell: &Cell, width: usize, trial: bool) {
        let w = self.dims.0 as usize;
        let row = y as usize * w;
        // A short gap of cells that already look blank in the pen's colours
        // costs less as spaces than as a cursor move.
        if let Some((ax, ay)) = self.at
            && ay == y
            && ax < x
            && x - ax < 4
        {
            let space = Cell::EMPTY
                .clone()
                .set_fg(self.pen.fg)
                .set_bg(self.pen.bg)
                .set_style(ratatui::style::Style::default().add_modifier(self.pen.modifier))
                .clone();
            let gap = row + ax as usize..row + x as usize;
            if self.shown[gap.clone()]
                .iter()
                .all(|s| matches!(s, Shown::Cell(_)))
                && self.want[gap.clone()].iter().all(|c| looks_same(&space, c))
            {
                self.buf.extend(std::iter::repeat_n(b' ', gap.len()));
                if !trial {
                    for j in gap {
                        self.shown[j] = Shown::Cell(self.want[j].clone());
                    }
                }
                self.at = Some((x, y));
            }
        }
        self.move_to(x, y);
        // A blank shows only its background: any pen with that background
        // and nothing that draws on a blank will do.
        let blank = look(cell).0 == " " && look(cell).3.is_empty();
        if !(blank && self.pen.bg == cell.bg && !self.pen.modifier.intersects(VISIBLE_ON_BLANK)) {
            self.set_pen(Pen {
                fg: cell.fg,
                bg: cell.bg,
                modifier: cell.modifier,
            });
        }
        let sym = cell.symbol();
        self.buf
            .extend_from_slice(if sym.is_empty() { " " } else { sym }.as_bytes());
        let (x, y) = (x as usize, y as usize);
        let end = x + width;
        // In the last column the cursor waits for a pending wrap, where
        // terminals disagree about its position.
        self.at = (end < w).then_some((end as u16, y as u16));
        self.edge_row = (end >= w).then_some(y as u16);
        if trial {
            return;
        }
        let i = row + x;
        // Writing over either half of a wide character erases the other.
        if matches!(self.shown[i], Shown::Covered(_)) {
            let mut j = i;
            while j > row && matches!(self.shown[j], Shown::Covered(_)) {
                j -= 1;
                self.shown[j] = UNKNOWN;
            }
        }
        let mut j = row + end;
        while end < w && j < row + w && matches!(self.shown[j], Shown::Covered(_)) {
            self.shown[j] = UNKNOWN;
            j += 1;
        }
        self.shown[i] = Shown::Cell(cell.clone());
        self.shown[i + 1..i + width].fill(COVERED);
    }

    /// Appends the shortest sequence that moves the cursor to (x, y).
    fn move_to(&mut self, x: u16, y: u16) {
        if self.at == Some((x, y)) {
            return;
        }
        // Absolute: CSI row ; col H (1-based; "1;1" can be omitted as CSI H).
        let mut best = if x == 0 && y == 0 {
            "\x1b[H".to_string()
        } else {
            format!("\x1b[{};{}H", y + 1, x + 1)
        };
        // CR (and LF) reach the start of this row (or the next) even from the
        // right edge, where the column is not known. LF scrolls only from the
        // last row, which it never leaves here.
        let row = self.at.map(|(_, cy)| cy).or(self.edge_row);
        if let Some(r) = row {
            let head = if y == r {
                Some("\r")
            } else if y == r + 1 && y < self.dims.1 {
                Some("\r\n")
            } else {
                None
            };
            if let Some(head) = head {
                let s = if x == 0 {
                    head.to_string()
                } else {
                    format!("{head}{}", rel(x, 'C'))
                };
                if s.len() < best.len() {
                    best = s;
                }
            }
        }
        if let Some((cx, cy)) = self.at {
            let mut consider = |s: String| {
                if s.len() < best.len() {
                    best = s;
                }
            };
            if cy == y {
                consider(format!("\x1b[{}G", x + 1));
                match x.cmp(&cx) {
                    std::cmp::Ordering::Greater => consider(rel(x - cx, 'C')),
                    std::cmp::Ordering::Less => consider(rel(cx - x, 'D')),
                    std::cmp::Ordering::Equal => {}
                }
            } else if cx == x {
                if y > cy {
                    consider(rel(y - cy, 'B'));
                } else {
                    consider(rel(cy - y, 'A'));
                }
            }
        }
        self.buf.extend_from_slice(best.as_bytes());
        self.at = Some((x, y));
        self.edge_row = None;
    }

    /// Appends the shortest SGR sequence that turns the pen into `to`.
    fn set_pen(&mut self, to: Pen) {
        if self.pen == to {
            return;
        }
        let mut diff: Vec<String> = Vec::new();
        let from = self.pen;
        let removed = from.modifier - to.modifier;
        let added = to.modifier - from.modifier;
        let mut readd = Modifier::empty();
        if removed.intersects(Modifier::BOLD | Modifier::DIM) {
            diff.push("22".into());
            // 22 turns off both bold and dim; put back the one that stays.
            readd = to.modifier & (Modifier::BOLD | Modifier::DIM) & from.modifier;
        }
        for (m, off) in [
            (Modifier::ITALIC, "23"),
            (Modifier::UNDERLINED, "24"),
            (Modifier::SLOW_BLINK | Modifier::RAPID_BLINK, "25"),
            (Modifier::REVERSED, "27"),
            (Modifier::HIDDEN, "28"),
            (Modifier::CROSSED_OUT, "29"),
        ] {
            if removed.intersects(m) {
                diff.push(off.into());
            }
        }
        push_modifiers(&mut diff, added | readd);
        if from.fg != to.fg {
            diff.push(color_code(to.fg, false));
        }
        if from.bg != to.bg {
            diff.push(color_code(to.bg, true));
        }
        let mut reset = vec!["0".to_string()];
        push_modifiers(&mut reset, to.modifier);
        if to.fg != Color::Reset {
            reset.push(color_code(to.fg, false));
        }
        if to.bg != Color::Reset {
            reset.push(color_code(to.bg, true));
        }
        let params = if reset.join(";").len() < diff.join(";").len() {
            reset
        } else {
            diff
        };
        let params = if params == ["0"] {
            String::new()
        } else {
            params.join(";")
        };
        self.buf
            .extend_from_slice(format!("\x1b[{params}m").as_bytes());
        self.pen = to;
    }

    fn send(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            let written = self.inner.write_all(&self.buf);
            // A frame may hold a secret's characters: wiped once sent (or
            // not), not merely cleared, so they do not wait in the spare
            // capacity for the next frame to overwrite them.
            zeroize::Zeroize::zeroize(&mut self.buf);
            written?;
        }
        Ok(())
    }
}

/// Attributes that show on a space.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT);

/// What a terminal shows of a cell: a space shows only its background
/// (and the few attributes that draw on a blank).
fn look(c: &Cell) -> (&str, Color, Color, Modifier) {
    let sym = match c.symbol() {
        "" => " ",
        s => s,
    };
    if sym == " " && !c.modifier.intersects(VISIBLE_ON_BLANK) {
        (sym, Color::Reset, c.bg, Modifier::empty())
    } else {
        (sym, c.fg, c.bg, c.modifier)
    }
}

/// Whether two cells look the same on a terminal.
fn looks_same(a: &Cell, b: &Cell) -> bool {
    a == b || look(a) == look(b)
}

/// A hash of a cell's look; `None` (not known) hashes apart from any cell.
fn cell_hash(c: Option<&Cell>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    if let Some(c) = c {
        look(c).hash(&mut h);
    } else {
        u64::MAX.hash(&mut h);
    }
    h.finish()
}

impl<W: Write> Drop for LeanBackend<W> {
    fn drop(&mut self) {
        self.wipe();
    }
}

fn rel(n: u16, dir: char) -> String {
    if n == 1 {
        format!("\x1b[{dir}")
    } else {
        format!("\x1b[{n}{dir}")
    }
}

fn push_modifiers(out: &mut Vec<String>, m: Modifier) {
    for (flag, on) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            out.push(on.into());
        }
    }
}

/// SGR parameter for a colour, in the short 16-colour form where there is one.
fn color_code(c: Color, bg: bool) -> String {
    let base = |n: u8| (if bg { n + 10 } else { n }).to_string();
    match c {
        Color::Reset => base(39),
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(i) => format!("{};5;{i}", if bg { 48 } else { 38 }),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", if bg { 48 } else { 38 }),
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let size = match self.known_size.get() {
            Some(s) => s,
            None => self.size()?,
        };
        self.fit(size);
        let (w, h) = self.dims;
        let mut changed = 0;
        for (x, y, cell) in content {
            changed += 1;
            if x >= w || y >= h {
                continue;
            }
            let i = y as usize * w as usize + x as usize;
            self.want[i] = cell.clone();
            // ratatui leaves out the columns a wide character covers.
            let width = cell.symbol().width().max(1);
            let end = (i + width).min((y as usize + 1) * w as usize);
            self.want[i + 1..end].fill(Cell::EMPTY);
        }
        // Fewer changed cells than a scroll costs: no scroll can pay.
        if self.whole_screen
            && changed > SCROLL_COST
            && let Some((top, bottom, rows)) = self.cheapest_scroll()
        {
            self.scroll(top, bottom, rows);
        }
        self.write_differences(None);
        // A set background would colour cells the terminal clears itself.
        if self.pen.bg != Color::Reset {
            self.set_pen(PLAIN);
        }
        self.send()
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(false) {
            self.buf.extend_from_slice(b"\x1b[?25l");
            self.cursor_visible = Some(false);
        }
        self.send()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(true) {
            self.buf.extend_from_slice(b"\x1b[?25h");
            self.cursor_visible = Some(true);
        }
        self.send()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.move_to(p.x, p.y);
        self.send()
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.set_pen(PLAIN);
        self.send()?;
        if clear_type == ClearType::All
            && let Some(size) = self.known_size.get()
        {
            self.fit(size);
        }
        let w = self.dims.0 as usize;
        let here = self.at.map(|(x, y)| y as usize * w + x as usize);
        let row = self.at.map(|(_, y)| y as usize * w);
        match (clear_type, here, row) {
            (ClearType::All, _, _) => {
                self.blanked(0, usize::MAX);
                self.whole_screen = true;
            }
            (ClearType::AfterCursor, Some(i), _) => self.blanked(i, usize::MAX),
            (ClearType::BeforeCursor, Some(i), _) => self.blanked(0, i + 1),
            (ClearType::CurrentLine, _, Some(r)) => self.blanked(r, r + w),
            (ClearType::UntilNewLine, Some(i), Some(r)) => self.blanked(i, r + w),
            _ => {
                // Where the terminal cleared is not known: nothing is.
                self.shown.fill(UNKNOWN);
                self.want.fill(Cell::EMPTY);
            }
        }
        if clear_type != ClearType::All {
            self.whole_screen = false;
        }
        self.at = None;
        self.edge_row = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        let size = match self.fixed_size {
            Some(s) => s,
            None => self.inner.size()?,
        };
        self.known_size.set(Some(size));
        Ok(size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()?;
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::text::{Line, Span};
    use ratatui::widgets::Paragraph;

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Out(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Out {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn frame(t: &mut (Terminal<LeanBackend<Out>>, Out), lines: &[Line<'static>]) -> Vec<u8> {
        let before = t.1.0.borrow().len();
        let lines = lines.to_vec();
        t.0.draw(|f| f.render_widget(Paragraph::new(lines), f.area()))
            .unwrap();
        t.1.0.borrow()[before..].to_vec()
    }

    fn screen(t: &(Terminal<LeanBackend<Out>>, Out)) -> vt100::Parser {
        let mut p = vt100::Parser::new(5, 20, 0);
        p.process(&t.1.0.borrow());
        p
    }

    fn rows(marker_at: usize) -> Vec<Line<'static>> {
        (0..5)
            .map(|i| {
                let m = if i == marker_at {
                    Span::styled(
                        "›",
                        ratatui::style::Style::default()
                            .fg(Color::Cyan)
                            .add_modifier(Modifier::BOLD),
                    )
                } else {
                    Span::raw(" ")
                };
                Line::from(vec![m, Span::raw(format!(" row {i}"))])
            })
            .collect()
    }

    fn terminal() -> (Terminal<LeanBackend<Out>>, Out) {
        let out = Out::default();
        let t = Terminal::new(LeanBackend::with_size(out.clone(), Size::new(20, 5))).unwrap();
        (t, out)
    }

    #[test]
    fn a_sent_frame_leaves_nothing_in_the_frame_buffer() {
        let mut t = terminal();
        let sent = frame(&mut t, &[Line::from("s3cr3t-in-a-cell")]);
        assert!(find(&sent, b"s3cr3t-in-a-cell"), "the frame was not sent");
        let buf = &t.0.backend().buf;
        assert!(buf.is_empty());
        // SAFETY: the whole capacity was written (frame bytes, then zeros).
        let all = unsafe { std::slice::from_raw_parts(buf.as_ptr(), buf.capacity()) };
        assert!(
            all.iter().all(|&b| b == 0),
            "the frame's bytes stay in the buffer's spare capacity"
        );
    }

    fn find(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn moving_a_marker_costs_few_bytes_and_renders_right() {
        let mut t = terminal();
        frame(&mut t, &rows(0));
        let step = frame(&mut t, &rows(1));
        assert!(
            step.len() <= 24,
            "{} bytes: {:?}",
            step.len(),
            String::from_utf8_lossy(&step)
        );
        let p = screen(&t);
        assert_eq!(
            p.screen().contents_between(0, 0, 2, 0).trim_end(),
            "  row 0\n› row 1"
        );
        let cell = p.screen().cell(1, 0).unwrap();
        assert!(cell.bold());
        assert_eq!(cell.fgcolor(), vt100::Color::Idx(6));
        // The old marker is gone: a blank, which shows no bold or colour
        // (the pen it was written with may still be bold), only these.
        let old = p.screen().cell(0, 0).unwrap();
        assert_eq!(old.contents(), " ", "the old marker is still there");
        assert!(
            !old.inverse() && !old.underline() && old.bgcolor() == vt100::Color::Default,
            "the old marker cell shows a style"
        );
    }

    #[test]
    fn an_unchanged_frame_writes_nothing() {
        let mut t = terminal();
        frame(&mut t, &rows(2));
        assert!(frame(&mut t, &rows(2)).is_empty());
    }

    #[test]
    fn styles_round_trip_through_a_terminal_parser() {
        let mut t = terminal();
        let s = |fg, m| ratatui::style::Style::default().fg(fg).add_modifier(m);
        let lines = vec![
            Line::from(vec![
                Span::styled("a", s(Color::Red, Modifier::BOLD | Modifier::UNDERLINED)),
                Span::styled("b", s(Color::Red, Modifier::DIM)),
                Span::styled("c", ratatui::style::Style::default().bg(Color::Yellow)),
                Span::raw("d"),
                Span::styled("e", s(Color::Indexed(245), Modifier::REVERSED)),
            ]),
            Line::from("日本x"),
        ];
        frame(&mut t, &lines);
        let p = screen(&t);
        let sc = p.screen();
        let a = sc.cell(0, 0).unwrap();
        assert!(a.bold() && a.underline() && a.fgcolor() == vt100::Color::Idx(1));
        let b = sc.cell(0, 1).unwrap();
        assert!(!b.bold() && !b.underline() && b.fgcolor() == vt100::Color::Idx(1));
        assert_eq!(sc.cell(0, 2).unwrap().bgcolor(), vt100::Color::Idx(3));
        let d = sc.cell(0, 3).unwrap();
        assert_eq!(
            (d.fgcolor(), d.bgcolor()),
            (vt100::Color::Default, vt100::Color::Default)
        );
        let e = sc.cell(0, 4).unwrap();
        assert!(e.inverse() && e.fgcolor() == vt100::Color::Idx(245));
        assert_eq!(sc.contents_between(1, 0, 1, 5), "日本x");
        // No background colour is left set after a frame.
        assert!(!String::from_utf8_lossy(&t.1.0.borrow()).ends_with("43m"));
    }
}
