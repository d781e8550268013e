//! End-to-end check that the new token's secret leaves the process after
//! "done". The wizard creates a token, shows the secret, tests the token
//! (`t`, which builds its Basic header) and copies it (`c`, OSC 52); after
//! "done" the test reads the wizard's memory through `/proc/PID/mem` (every
//! page it wrote to: see [`touched`]) and looks for the secret as bytes, as
//! screen cells (one character per cell), as base64 of `SID:token` and as
//! base64 of the token.
//!
//! Against a sandbox in its own process nothing may remain. With
//! `--sandbox` the server shares the process and keeps its two copies (its
//! token list and its login table), which the done screen says.
//!
//! Linux only (procfs), and the test process must be allowed to read the
//! child's memory (same user and ptrace scope 0 or 1 for a child, or root).

#![cfg(target_os = "linux")]

use crate::common;

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::time::Duration;

use base64::Engine;
use common::pty::{Key, Options, OrFail, Pty, find, find_strided, screen_text};
use common::sandbox::SandboxServer;
use common::wizard::{CREATE, Secret, reach_create, wait_secret};
use common::{T, settle};

/// One place a needle was found: which needle, the address, and the
/// mapping it lies in (its line of `/proc/PID/maps`).
#[derive(Debug)]
struct Hit {
    what: String,
    addr: u64,
    region: String,
    /// Up to 64 bytes just before it, to tell what holds it.
    before: String,
}

/// Reads every readable mapping of `pid` through `/proc/PID/mem` and returns
/// each place one of `needles` (label, bytes) occurs. Mappings that cannot
/// be read (`[vvar]`, guard pages) are skipped; the number read is returned
/// too, so a scan that read nothing cannot pass.
fn scan(pid: i32, needles: &[(&str, Needle)]) -> (Vec<Hit>, u64) {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps"))
        .unwrap_or_else(|e| panic!("read /proc/{pid}/maps: {e}"));
    let mem = File::open(format!("/proc/{pid}/mem"))
        .unwrap_or_else(|e| panic!("open /proc/{pid}/mem: {e}"));
    let longest = needles.iter().map(|(_, n)| n.span()).max().unwrap_or(0);
    const CHUNK: u64 = 1 << 20;
    let mut hits = Vec::new();
    let mut read_total = 0u64;
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        if !perms.starts_with('r') || line.ends_with("[vvar]") || line.ends_with("[vvar_vclock]") {
            continue;
        }
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        let (Ok(start), Ok(end)) = (u64::from_str_radix(start, 16), u64::from_str_radix(end, 16))
        else {
            continue;
        };
        for (start, end) in touched(pid, start, end, perms.ends_with('p')) {
            // Chunks overlap by one needle so that none is missed at a seam.
            let mut at = start;
            let mut buf = vec![0u8; (CHUNK as usize) + longest];
            while at < end {
                let len = ((end - at).min(CHUNK + longest as u64)) as usize;
                let Ok(n) = mem.read_at(&mut buf[..len], at) else {
                    break;
                };
                if n == 0 {
                    break;
                }
                read_total += n as u64;
                let got = &buf[..n];
                for (what, needle) in needles {
                    let mut from = 0;
                    while let Some(i) = needle.find_from(got, from) {
                        // A hit inside the overlap is found again by the next chunk.
                        if (i as u64) < CHUNK || at + CHUNK >= end {
                            hits.push(Hit {
                                what: what.to_string(),
                                addr: at + i as u64,
                                region: line.to_string(),
                                before: String::from_utf8_lossy(&got[i.saturating_sub(64)..i])
                                    .escape_debug()
                                    .to_string(),
                            });
                        }
                        from = i + 1;
                    }
                }
                at += CHUNK;
            }
        }
    }
    (hits, read_total)
}

/// The runs of pages in `start..end` that can hold what the process wrote,
/// as `/proc/PID/pagemap` says: pages in memory or swapped out, less (in a
/// `private` mapping) the pages still shared with their file, which hold
/// the file as it is on disk (a page the process writes to becomes its own
/// anonymous copy). A page never touched reads as zeros. Skipping these
/// (hundreds of megabytes reserved but unused, and the program's own code)
/// keeps the scan fast. The whole range when the pagemap cannot be read.
fn touched(pid: i32, start: u64, end: u64, private: bool) -> Vec<(u64, u64)> {
    // SAFETY: sysconf has no memory effects.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
    let pages = (end - start) / page;
    let mut entries = vec![0u8; pages as usize * 8];
    let read = File::open(format!("/proc/{pid}/pagemap"))
        .and_then(|f| f.read_exact_at(&mut entries, start / page * 8));
    if read.is_err() {
        return vec![(start, end)];
    }
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for (i, entry) in entries.chunks_exact(8).enumerate() {
        let entry = u64::from_le_bytes(entry.try_into().unwrap());
        // Bit 63: present in memory; bit 62: swapped out; bit 61: a page of
        // the file (or shared).
        let file_page = entry >> 61 & 1 == 1;
        if entry >> 62 == 0 || (private && file_page) {
            continue;
        }
        let at = start + i as u64 * page;
        match runs.last_mut() {
            Some((_, run_end)) if *run_end == at => *run_end = at + page,
            _ => runs.push((at, at + page)),
        }
    }
    runs
}

/// What to look for in memory.
enum Needle {
    /// These bytes, in a row.
    Bytes(Vec<u8>),
    /// These (ASCII) characters one per screen cell: each at the same
    /// distance from the one before, as in ratatui's array of cells, whose
    /// size this test does not know (24 to 96 bytes covers it).
    Cells(Vec<u8>),
}

/// The strides tried for [`Needle::Cells`].
const CELL_STRIDES: std::ops::RangeInclusive<usize> = 24..=96;

impl Needle {
    /// How many bytes one match can span.
    fn span(&self) -> usize {
        match self {
            Needle::Bytes(b) => b.len(),
            Needle::Cells(c) => c.len() * CELL_STRIDES.end(),
        }
    }

    /// The first match at or after `from`.
    fn find_from(&self, hay: &[u8], from: usize) -> Option<usize> {
        match self {
            // The harness's searches are built optimised: a scan reads
            // megabytes, which this (debug) test crate would crawl through.
            Needle::Bytes(needle) => find(hay.get(from..)?, needle).map(|i| i + from),
            Needle::Cells(chars) => find_strided(hay, from, chars, CELL_STRIDES),
        }
    }
}

fn describe(hits: &[Hit]) -> String {
    hits.iter()
        .map(|h| {
            format!(
                "  {} at {:#x} in {}\n    after \"{}\"",
                h.what, h.addr, h.region, h.before
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The wizard on `--api-url` to the separate sandbox, the creating user's
/// credentials typed into the prompt. Returns it settled on Setup.
fn start_wizard(server: &SandboxServer) -> Pty {
    let pty = Pty::start(Options::new(&[
        "--api-url",
        &server.url,
        "--account-type",
        "brand",
    ]));
    pty.wait_for("Credentials of the user creating the token", T)
        .or_fail();
    pty.send(&server.brand_sid);
    pty.wait_for(&server.brand_sid, T).or_fail();
    pty.send_key(Key::Tab);
    pty.send(&server.brand_token);
    pty.wait_for(&"•".repeat(server.brand_token.chars().count()), T)
        .or_fail();
    pty.send_key(Key::Enter);
    common::open_wizard(&pty);
    pty.wait_until("the wizard connected", T, |s| {
        let text = screen_text(s);
        text.contains("╭ 1 Setup") && text.contains("Demo Brand")
    })
    .or_fail();
    settle(&pty);
    pty
}

/// The needles for a secret: the Auth Token, the Basic header of the token
/// test (base64 of `SID:token`), and the OSC 52 payload (base64 of the token).
fn needles(secret: &Secret) -> Vec<(&'static str, Needle)> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    vec![
        (
            "the Auth Token",
            Needle::Bytes(secret.auth_token.as_bytes().to_vec()),
        ),
        (
            "the Auth Token in screen cells",
            Needle::Cells(secret.auth_token.as_bytes().to_vec()),
        ),
        (
            "base64(SID:token), the Basic header",
            Needle::Bytes(
                b64(&format!("{}:{}", secret.account_sid, secret.auth_token)).into_bytes(),
            ),
        ),
        (
            "base64(token), the OSC 52 copy",
            Needle::Bytes(b64(&secret.auth_token).into_bytes()),
        ),
    ]
}

/// From a connected wizard: creates a token, checks that the scan finds its
/// secret while it is shown (so a clean scan later means something), tests
/// the token (`t`), copies it (`c`), then leaves with Enter and "y" (saved
/// it) and waits for the done screen and for output to stop. Returns the
/// secret and the done screen.
fn create_use_and_leave(pty: &Pty, name: &str) -> (Secret, String) {
    reach_create(pty, name);
    pty.send_key(Key::Enter);
    let secret = wait_secret(pty);

    let (hits, read) = scan(pty.pid(), &needles(&secret)[..2]);
    assert!(read > 0, "nothing of the process's memory could be read");
    for what in ["the Auth Token", "the Auth Token in screen cells"] {
        assert!(
            hits.iter().any(|h| h.what == what),
            "the scan did not find {what} while it is on screen; it cannot be trusted:\n{}",
            describe(&hits)
        );
    }

    // The token test builds the Basic header of the new token.
    pty.send("t");
    pty.wait_until("the token test's answers", CREATE, |s| {
        let text = screen_text(s);
        text.contains("200 allowed") && !text.contains("calling…")
    })
    .or_fail();
    // The copy: OSC 52 carries base64 of the token.
    pty.send("c");
    pty.wait_for("Sent to the clipboard", T).or_fail();
    pty.wait_quiet(Duration::from_millis(200), T).or_fail();

    pty.send_key(Key::Enter);
    pty.wait_for("Saved the Auth Token?", T).or_fail();
    pty.send("y");
    let done = pty
        .wait_until("the list, with the done screen's words over it", T, |s| {
            let text = screen_text(s);
            text.contains(name) && shows(&text, impact_token::text::DONE_WIPED)
        })
        .or_fail();
    assert!(
        !done.contains(&secret.auth_token),
        "the secret is still on screen:\n{done}"
    );
    pty.wait_quiet(Duration::from_millis(300), T).or_fail();
    (secret, done)
}

/// Whether the screen shows `sentence` (it may be wrapped over lines).
fn shows(screen: &str, sentence: &str) -> bool {
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.contains(sentence)
}

#[test]
fn no_copy_of_the_new_secret_remains_in_memory_after_done() {
    let server = SandboxServer::start();
    let pty = start_wizard(&server);
    let (secret, done) = create_use_and_leave(&pty, "e2e-memory");
    for sentence in [
        impact_token::text::DONE_WIPED,
        impact_token::text::DONE_WIPED_OUTSIDE,
    ] {
        assert!(
            shows(&done, sentence),
            "the done screen should say {sentence:?}:\n{done}"
        );
    }
    assert!(
        !shows(&done, impact_token::text::DONE_WIPED_SANDBOX),
        "no sandbox in this process:\n{done}"
    );

    let (hits, read) = scan(pty.pid(), &needles(&secret));
    assert!(read > 0, "nothing of the process's memory could be read");
    assert!(
        hits.is_empty(),
        "{} copies of the new secret remain in the process after \"done\":\n{}",
        hits.len(),
        describe(&hits)
    );

    pty.send("q"); // closes the done screen's words over the list
    pty.wait_gone(impact_token::text::DONE_WIPED, T).or_fail();
    pty.send("q");
    let status = pty.wait_exit(T).or_fail();
    assert!(status.success(), "exit status {status}");
}

/// With `--sandbox` the server runs in the same process and keeps what any
/// server keeps: the token's secret, once in its list of tokens and once as
/// a login. The done screen says so, and nothing more may remain: no copy
/// on the client's side and no Basic header or clipboard payload.
#[test]
fn with_the_in_process_sandbox_only_the_servers_copies_remain() {
    let pty = Pty::start(Options::new(&["--sandbox"]));
    settle(&pty);
    let (secret, done) = create_use_and_leave(&pty, "e2e-memory-sandbox");
    let (hits, read) = scan(pty.pid(), &needles(&secret));
    assert!(read > 0, "nothing of the process's memory could be read");
    let raw = hits.iter().filter(|h| h.what == "the Auth Token").count();
    assert!(
        raw == 2 && hits.len() == 2,
        "expected only the sandbox's 2 copies (its token list and its login), found {}:\n{}",
        hits.len(),
        describe(&hits)
    );
    assert!(
        shows(&done, impact_token::text::DONE_WIPED_SANDBOX),
        "the done screen should say the sandbox keeps its copy:\n{done}"
    );
}
