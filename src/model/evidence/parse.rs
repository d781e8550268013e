//! Reading one piece of evidence: a curl command line, an access-log line,
//! a `METHOD /path` line, or a HAR document. Credentials are skipped, never
//! kept.

use std::io::Read;

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// One request found in the evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// HTTP method, upper case.
    pub method: String,
    /// URL or path, as logged.
    pub target: String,
    /// API version from an `IR-Version` header or `IrVersion` query, if shown.
    pub version: Option<String>,
}

/// What a line of text holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// Blank, or a `#` comment.
    Skip,
    /// A request.
    Request(Request),
    /// Not a request in any known format.
    Unreadable,
}

fn method_of(word: &str) -> Option<String> {
    let up = word.to_ascii_uppercase();
    METHODS.contains(&up.as_str()).then_some(up)
}

/// The `IrVersion` query parameter of a target, if any.
fn query_version(target: &str) -> Option<String> {
    let query = target.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k.eq_ignore_ascii_case("IrVersion") && !v.is_empty()).then(|| v.to_string())
    })
}

fn request(method: String, target: &str, header_version: Option<String>) -> Line {
    let target = target.trim();
    if target.is_empty() || !(target.starts_with('/') || target.contains("://")) {
        return Line::Unreadable;
    }
    Line::Request(Request {
        method,
        target: target.to_string(),
        version: header_version.or_else(|| query_version(target)),
    })
}

/// Reads one line: a curl command, an access-log line, or `METHOD /path`.
pub fn parse_line(line: &str) -> Line {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') {
        return Line::Skip;
    }
    let cmd = t.strip_prefix("$ ").unwrap_or(t);
    if cmd.starts_with("curl ") {
        return parse_curl(cmd);
    }
    // Access logs: the request line is the first quoted field,
    // `... [date] "GET /path HTTP/1.1" 200 ...`.
    if let Some((_, rest)) = t.split_once('"')
        && let Some((quoted, _)) = rest.split_once('"')
    {
        let mut words = quoted.split_whitespace();
        if let (Some(m), Some(target)) = (words.next().and_then(method_of), words.next()) {
            return request(m, target, None);
        }
    }
    let mut words = t.split_whitespace();
    match (words.next().and_then(method_of), words.next()) {
        (Some(m), Some(target)) => request(m, target, None),
        _ => Line::Unreadable,
    }
}

/// Splits a command line into words as a POSIX shell would quote them
/// (no expansion).
fn shell_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    cur.push(c);
                }
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => cur.extend(chars.next()),
                        c => cur.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(c) => cur.push(c),
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// curl options that take a value (so the value is not read as the URL).
const CURL_VALUE_OPTS: [&str; 28] = [
    "-X",
    "--request",
    "-u",
    "--user",
    "-H",
    "--header",
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "--json",
    "-F",
    "--form",
    "-o",
    "--output",
    "-A",
    "--user-agent",
    "-e",
    "--referer",
    "-b",
    "--cookie",
    "-x",
    "--proxy",
    "-T",
    "--upload-file",
    "-m",
    "--max-time",
];

/// Reads a curl command line: `-X`/`--request`, `-H 'IR-Version: N'`, the
/// URL; `-d`, `-F` and `--json` mean POST and `-T` PUT when no `-X` is
/// given, `-G` GET, `-I` HEAD. `-u` and its value are skipped, never kept.
pub fn parse_curl(cmd: &str) -> Line {
    let words = shell_words(cmd);
    let mut method: Option<String> = None;
    let mut implied: Option<&str> = None;
    let mut url: Option<String> = None;
    let mut version = None;
    let mut i = 1;
    while i < words.len() {
        let w = words[i].as_str();
        let (opt, inline) = match w.split_once('=') {
            Some((o, v)) if o.starts_with("--") => (o, Some(v.to_string())),
            _ => (w, None),
        };
        // `-XPOST`: a short option with its value attached.
        let (opt, inline) = match (opt.len() > 2 && !opt.starts_with("--"), inline) {
            (true, None) if opt.starts_with("-X") => ("-X", Some(opt[2..].to_string())),
            (_, inline) => (opt, inline),
        };
        let takes_value = CURL_VALUE_OPTS.contains(&opt) || opt == "--url";
        let value = if takes_value && inline.is_none() {
            i += 1;
            words.get(i).cloned()
        } else {
            inline
        };
        match opt {
            "-X" | "--request" => method = value.map(|v| v.to_ascii_uppercase()),
            "-H" | "--header" => {
                if let Some((k, v)) = value.as_deref().and_then(|h| h.split_once(':'))
                    && k.trim().eq_ignore_ascii_case("IR-Version")
                    && !v.trim().is_empty()
                {
                    version = Some(v.trim().to_string());
                }
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-urlencode" | "--json"
            | "-F" | "--form" => {
                implied.get_or_insert("POST");
            }
            "-T" | "--upload-file" => {
                implied.get_or_insert("PUT");
            }
            "-G" | "--get" => implied = Some("GET"),
            "-I" | "--head" => implied = Some("HEAD"),
            "--url" => url = value,
            _ if !w.starts_with('-') && url.is_none() => url = Some(w.to_string()),
            _ => {}
        }
        i += 1;
    }
    let method = method
        .or(implied.map(str::to_string))
        .unwrap_or_else(|| "GET".into());
    match url {
        Some(u) => request(method, &u, version),
        None => Line::Unreadable,
    }
}

#[derive(serde::Deserialize)]
struct Har {
    log: HarLog,
}

#[derive(serde::Deserialize)]
struct HarLog {
    #[serde(default)]
    entries: Vec<HarEntry>,
}

#[derive(serde::Deserialize)]
struct HarEntry {
    request: HarRequest,
}

#[derive(serde::Deserialize)]
struct HarRequest {
    method: String,
    url: String,
    #[serde(default)]
    headers: Vec<HarHeader>,
}

#[derive(serde::Deserialize)]
struct HarHeader {
    name: String,
    value: String,
}

/// Reads a HAR document: each entry's request method, URL and `IR-Version`
/// header. Other headers are read and dropped.
pub fn parse_har(reader: impl Read) -> Result<Vec<Request>, String> {
    let har: Har = serde_json::from_reader(reader).map_err(|e| crate::text::har_invalid(&e))?;
    Ok(har
        .log
        .entries
        .into_iter()
        .map(|e| {
            let r = e.request;
            let header = r
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case("IR-Version") && !h.value.trim().is_empty())
                .map(|h| h.value.trim().to_string());
            Request {
                method: r.method.to_ascii_uppercase(),
                version: header.or_else(|| query_version(&r.url)),
                target: r.url,
            }
        })
        .collect())
}
