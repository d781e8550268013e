//! `impact-token sandbox` in a child process of its own, for the tests that
//! must talk to a server outside the wizard's process (the credentials
//! prompt with `--api-url`, and the memory scan, where a server sharing the
//! process would keep copies of the tokens it minted).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Instant;

use super::T;

/// `impact-token sandbox` as a child process, killed on drop.
pub struct SandboxServer {
    child: Child,
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub url: String,
    /// Account SID of the brand administrator's demo credentials.
    pub brand_sid: String,
    /// Auth token of the brand administrator's demo credentials.
    pub brand_token: String,
}

impl SandboxServer {
    /// Starts it on a free loopback port and reads its URL and the brand
    /// administrator's demo credentials from its output.
    pub fn start() -> SandboxServer {
        let mut child = Command::new(super::pty::BIN)
            .args(["sandbox", "--addr", "127.0.0.1:0"])
            .env_remove("IMPACT_SANDBOX_FAULTS")
            .env_remove("IMPACT_SANDBOX_LATENCY_MS")
            .env_remove("IMPACT_SANDBOX_EXTRA_USER")
            .env_remove("IMPACT_SANDBOX_EXTRA_TOKEN")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start impact-token sandbox");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut server = SandboxServer {
            child,
            url: String::new(),
            brand_sid: String::new(),
            brand_token: String::new(),
        };
        let (tx, rx) = mpsc::channel();
        // Reads to the end, even once nobody listens: closing the pipe
        // early would fail the server's next print and end it.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + T;
        let mut seen = Vec::new();
        while server.url.is_empty() || server.brand_sid.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = rx.recv_timeout(left) else {
                panic!("the sandbox did not print its URL and brand credentials: {seen:#?}");
            };
            if let Some(url) = line.strip_prefix("sandbox listening on ") {
                server.url = url.trim().to_string();
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.len() == 3 && words[0] == "brand" {
                server.brand_sid = words[1].to_string();
                server.brand_token = words[2].to_string();
            }
            seen.push(line);
        }
        assert!(
            server.url.starts_with("http://127.0.0.1:"),
            "unexpected URL {:?}",
            server.url
        );
        server
    }
}

impl Drop for SandboxServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
