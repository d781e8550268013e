//! Colours and glyphs, with fallbacks for terminals without colour or UTF-8.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// Whether the terminal advertises 256 colours (or more).
pub fn terminal_has_256_colors() -> bool {
    let colorterm = std::env::var("COLORTERM")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let term = std::env::var("TERM").unwrap_or_default();
    colorterm.contains("truecolor")
        || colorterm.contains("24bit")
        || term.contains("256color")
        || term.contains("direct")
}

/// Styles and glyphs for one run.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    color: bool,
    rich: bool,
    /// Use ASCII instead of box drawing and symbols.
    pub ascii: bool,
}

impl Theme {
    /// A theme; `color` false gives bold/reverse only, `rich` uses a few
    /// 256-colour shades (the 16-colour palette otherwise), `ascii` swaps glyphs.
    pub fn new(color: bool, rich: bool, ascii: bool) -> Theme {
        Theme {
            color,
            rich: color && rich,
            ascii,
        }
    }

    /// A 256-colour shade when available, else its 16-colour stand-in.
    fn shade(&self, c256: u8, c16: Color) -> Style {
        if !self.color {
            Style::default()
        } else if self.rich {
            Style::default().fg(Color::Indexed(c256))
        } else {
            Style::default().fg(c16)
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    /// Plain text.
    pub fn text(&self) -> Style {
        Style::default()
    }
    /// Secondary text.
    pub fn dim(&self) -> Style {
        // Many 16-colour themes draw "bright black" nearly invisible; 245 is a readable grey.
        self.shade(245, Color::DarkGray)
    }
    /// Placeholder text in empty fields: grey, or faint without colour so it
    /// still reads as a hint, not as typed text.
    pub fn placeholder(&self) -> Style {
        if self.color {
            self.dim()
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }
    /// Accent: focus marker, active titles.
    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    /// Field labels.
    pub fn label(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }
    /// Errors.
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    /// Warnings.
    pub fn warn(&self) -> Style {
        self.shade(214, Color::Yellow)
    }
    /// Done marks and "on".
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    /// Write-access methods.
    pub fn write(&self) -> Style {
        self.shade(214, Color::Yellow).add_modifier(Modifier::BOLD)
    }
    /// Read methods.
    pub fn read(&self) -> Style {
        self.shade(75, Color::Blue)
    }
    /// Badges (SANDBOX).
    pub fn badge(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }
    /// Text fields.
    pub fn field(&self) -> Style {
        Style::default().add_modifier(Modifier::UNDERLINED)
    }
    /// The text cursor inside a focused field.
    pub fn field_cursor(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// Focus marker before the focused row.
    pub fn cursor_glyph(&self) -> &'static str {
        if self.ascii { ">" } else { "›" }
    }
    /// Finished-step mark.
    pub fn check_glyph(&self) -> &'static str {
        if self.ascii { "+" } else { "✓" }
    }
    /// Breadcrumb separator.
    pub fn sep_glyph(&self) -> &'static str {
        if self.ascii { " > " } else { " › " }
    }
    /// Expanded / collapsed category.
    pub fn fold_glyph(&self, expanded: bool) -> &'static str {
        match (self.ascii, expanded) {
            (true, true) => "-",
            (true, false) => "+",
            (false, true) => "▾",
            (false, false) => "▸",
        }
    }
    /// Ellipsis.
    pub fn ellipsis(&self) -> &'static str {
        if self.ascii { "~" } else { "…" }
    }
    /// Spinner frame.
    pub fn spinner(&self, n: usize) -> &'static str {
        const UNI: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
        const ASCII: [&str; 4] = ["-", "\\", "|", "/"];
        if self.ascii {
            ASCII[n % 4]
        } else {
            UNI[n % 10]
        }
    }
    /// Warning sign.
    pub fn warn_glyph(&self) -> &'static str {
        if self.ascii { "!" } else { "⚠" }
    }
    /// Border set for panels.
    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::ROUNDED
        }
    }
}
