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
//! - writes each frame with a single `write` call.
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

/// See the module documentation.
pub struct LeanBackend<W: Write> {
    inner: CrosstermBackend<W>,
    buf: Vec<u8>,
    pen: Pen,
    /// Where the terminal's cursor is, when known.
    at: Option<(u16, u16)>,
    cursor_visible: Option<bool>,
    /// A fixed size, for a writer that is not a terminal (tests).
    fixed_size: Option<Size>,
}

impl<W: Write> LeanBackend<W> {
    /// Wraps a writer (normally stdout).
    pub fn new(writer: W) -> Self {
        LeanBackend {
            inner: CrosstermBackend::new(writer),
            buf: Vec::with_capacity(4096),
            pen: PLAIN,
            at: None,
            cursor_visible: None,
            fixed_size: None,
        }
    }

    /// Wraps a writer that is not a terminal, reporting `size` as the
    /// screen's size (for tests and recordings).
    pub fn with_size(writer: W, size: Size) -> Self {
        LeanBackend {
            fixed_size: Some(size),
            ..Self::new(writer)
        }
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
        for (x, y, cell) in content {
            self.move_to(x, y);
            self.set_pen(Pen {
                fg: cell.fg,
                bg: cell.bg,
                modifier: cell.modifier,
            });
            let sym = cell.symbol();
            let sym = if sym.is_empty() { " " } else { sym };
            self.buf.extend_from_slice(sym.as_bytes());
            let w = sym.width().max(1) as u16;
            self.at = Some((x.saturating_add(w), y));
        }
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
        self.set_pen(PLAIN);
        self.send()?;
        self.at = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.set_pen(PLAIN);
        self.send()?;
        self.at = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed_size {
            Some(s) => Ok(s),
            None => self.inner.size(),
        }
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
        let t = Terminal::with_options(
            LeanBackend::new(out.clone()),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 5)),
            },
        )
        .unwrap();
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
        assert!(
            !p.screen().cell(0, 0).unwrap().bold(),
            "the old marker cell lost its style"
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
