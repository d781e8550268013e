//! Escape sequences: SGR pens and relative cursor moves, each in its
//! shortest form.

use ratatui::style::{Color, Modifier};

/// The style the terminal is currently set to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Pen {
    pub(super) fg: Color,
    pub(super) bg: Color,
    pub(super) modifier: Modifier,
}

pub(super) const PLAIN: Pen = Pen {
    fg: Color::Reset,
    bg: Color::Reset,
    modifier: Modifier::empty(),
};

/// The shortest SGR sequence that turns the pen `from` into `to`.
pub(super) fn change(from: Pen, to: Pen) -> String {
    let mut diff: Vec<String> = Vec::new();

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
    format!("\x1b[{params}m")
}

/// A relative cursor move by `n` cells in direction `dir` (A, B, C or D).
pub(super) fn rel(n: u16, dir: char) -> String {
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
