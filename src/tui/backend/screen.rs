//! The backend's copy of the screen: what a cell looks like, and which
//! vertical shift of a block of rows would bring back rows already shown.

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

/// What the backend knows of one cell on the screen. Every variant holds
/// a cell, so that marking a cell overwrites all of what it held (a
/// secret's character, say), not just the variant's tag.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Shown {
    Cell(Cell),
    /// The right part of the wide character to its left (holds a blank).
    Covered(Cell),
    /// Not known, e.g. the other half of a wide character was overwritten
    /// (holds a blank).
    Unknown(Cell),
}

pub(super) const COVERED: Shown = Shown::Covered(Cell::EMPTY);
pub(super) const UNKNOWN: Shown = Shown::Unknown(Cell::EMPTY);

/// Attributes that show on a space.
pub(super) const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT);

/// What a terminal shows of a cell: a space shows only its background
/// (and the few attributes that draw on a blank).
pub(super) fn look(c: &Cell) -> (&str, Color, Color, Modifier) {
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
pub(super) fn looks_same(a: &Cell, b: &Cell) -> bool {
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

/// Candidate scrolls, best first by an estimate in cells: for each
/// shift that brings back at least one whole changed row, the block of
/// rows that saves the most. Each is (top, bottom, rows), the block's
/// rows moving up by `rows` (down when negative).
pub(super) fn scroll_candidates(
    want: &[Cell],
    shown: &[Shown],
    w: usize,
    h: usize,
) -> Vec<(usize, usize, i64)> {
    if h < 2 || w == 0 {
        return Vec::new();
    }
    let want: Vec<u64> = want.iter().map(|c| cell_hash(Some(c))).collect();
    let shown: Vec<u64> = shown
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
        let costs: Vec<Option<i64>> = (0..h).map(|r| moved(r).then(|| cost(r, src(r)))).collect();
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
