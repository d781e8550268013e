//! Unit tests of the backend: bytes and what a vt100 parser shows.

use super::*;
use ratatui::Terminal;
use ratatui::style::Modifier;
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

#[test]
fn blank_sequence_blanks_only_the_cells_named_and_holds_none_of_them() {
    let mut t = terminal();
    let lines = vec![
        Line::from("label"),
        Line::from(vec![
            Span::raw("key "),
            Span::styled("s3cr3t", ratatui::style::Style::new().fg(Color::Cyan)),
            Span::raw(" end"),
        ]),
    ];
    frame(&mut t, &lines);
    let cells: Vec<Position> = (4..10).map(|x| Position { x, y: 1 }).collect();
    let mut blank = t.0.current_buffer_mut().clone();
    blank.reset();
    let bytes = blank_sequence(&blank, &cells);
    assert!(!String::from_utf8_lossy(&bytes).contains('s'), "{bytes:?}");
    // The terminal's pen and cursor are whatever the last frame left.
    t.1.0.borrow_mut().extend_from_slice(b"\x1b[1;31m\x1b[5;5H");
    t.1.0.borrow_mut().extend_from_slice(&bytes);
    let p = screen(&t);
    assert_eq!(p.screen().contents_between(1, 0, 1, 20), "key        end");
    assert_eq!(p.screen().contents_between(0, 0, 0, 20), "label");
    // One move, the spaces, the pen reset: small enough for a slow link.
    assert!(
        bytes.len() <= 6 + 4 + 6 + 4,
        "{} bytes: {:?}",
        bytes.len(),
        String::from_utf8_lossy(&bytes)
    );
    let cell = p.screen().cell(1, 5).unwrap();
    assert!(!cell.bold() && cell.fgcolor() == vt100::Color::Default);
}
