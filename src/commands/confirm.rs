//! Asking before a change on the controlling terminal, never on stdin (a
//! script's input is not an answer).

use std::io::{BufRead, Write};

use super::{Failure, exit};
use crate::text;

/// What a confirmation needs typed.
pub(crate) enum Answer<'a> {
    /// `y` or `yes`.
    Yes,
    /// The token's name.
    Name(&'a str),
}

/// Asks on the controlling terminal unless `yes`. With no terminal, refuses
/// with exit 2; an answer other than the one asked for cancels (exit 1).
pub(crate) fn confirm(yes: bool, question: &str, answer: Answer<'_>) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    let no_tty = || Failure::new(exit::USAGE, text::NEED_YES);
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|_| no_tty())?;
    tty.write_all(question.as_bytes())
        .and_then(|()| tty.flush())
        .map_err(|_| no_tty())?;
    let mut line = String::new();
    std::io::BufReader::new(tty)
        .read_line(&mut line)
        .map_err(|_| no_tty())?;
    let line = line.trim();
    let ok = match answer {
        Answer::Yes => line.eq_ignore_ascii_case("y") || line.eq_ignore_ascii_case("yes"),
        Answer::Name(name) => line == name.trim(),
    };
    if ok {
        Ok(())
    } else {
        Err(Failure::new(exit::OTHER, text::CONFIRM_DECLINED))
    }
}
