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
use ratatui::style::Color;
use unicode_width::UnicodeWidthStr;

mod screen;
mod sgr;

use screen::{COVERED, Shown, UNKNOWN, VISIBLE_ON_BLANK, look, looks_same};
use sgr::{PLAIN, Pen, rel};

/// Standard output without std's buffer, for the backend: each frame goes
/// out in one `write` anyway, and std's buffer would keep the last small
/// frame (a secret's characters, say) after it was sent.
pub fn unbuffered_stdout() -> io::Result<std::fs::File> {
    use std::os::fd::AsFd;
    Ok(std::fs::File::from(
        io::stdout().as_fd().try_clone_to_owned()?,
    ))
}

/// The bytes that write a space over each of `cells` in `frame`'s
/// background, whatever the terminal's pen and cursor: for when the secret
/// must go and the renderer is not the one writing (see
/// [`crate::tui::terminal::arm_blank`]). It holds no character of the
/// frame.
pub fn blank_sequence(frame: &ratatui::buffer::Buffer, cells: &[Position]) -> Vec<u8> {
    let mut out = b"\x1b[0m".to_vec();
    let mut pen = PLAIN;
    let mut next: Option<Position> = None;
    for &p in cells {
        let Some(cell) = frame.cell(p) else { continue };
        if next != Some(p) {
            out.extend_from_slice(format!("\x1b[{};{}H", p.y + 1, p.x + 1).as_bytes());
        }
        let want = Pen {
            bg: cell.bg,
            ..PLAIN
        };
        if want != pen {
            out.extend_from_slice(sgr::change(pen, want).as_bytes());
            pen = want;
        }
        out.push(b' ');
        next = Some(Position { x: p.x + 1, y: p.y });
    }
    if pen != PLAIN {
        out.extend_from_slice(sgr::change(pen, PLAIN).as_bytes());
    }
    out
}

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
    /// No scroll for now (see [`LeanBackend::hold_scroll`]).
    held: bool,
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
            held: false,
        }
    }

    /// While held, frames are written in place, never by scrolling rows:
    /// a terminal that keeps a history (no alternate screen) takes the rows
    /// a scroll pushes out into it, a secret's among them.
    pub fn hold_scroll(&mut self, held: bool) {
        self.held = held;
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
            // Room for a full frame (16 bytes a cell is generous), taken
            // while the buffer is empty: growing in the middle of a frame
            // would free a block holding its characters without wiping it.
            if self.buf.is_empty() {
                self.buf.reserve(n * 16);
            }
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

    /// Picks the scroll, if any, after which the frame costs the fewest
    /// bytes, by writing each way into the buffer and taking it back.
    fn cheapest_scroll(&mut self) -> Option<(usize, usize, i64)> {
        let candidates = screen::scroll_candidates(
            &self.want,
            &self.shown,
            self.dims.0 as usize,
            self.dims.1 as usize,
        );
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
        self.buf
            .extend_from_slice(sgr::change(self.pen, to).as_bytes());
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

impl<W: Write> Drop for LeanBackend<W> {
    fn drop(&mut self) {
        self.wipe();
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
            && !self.held
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
mod tests;
