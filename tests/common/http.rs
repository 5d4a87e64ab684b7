//! A small HTTP/1.1 client over a plain `TcpStream`, for the web tests: every
//! header is the test's to set (a foreign `Host`, an `Origin`), and a page's
//! event stream can be read event by event.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// An answer: status, headers (names lower-cased) and body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.body))
    }
}

/// A request: `GET /`, with the `Host` the address gives unless `headers`
/// names one (an empty value leaves `Host` out).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("the server takes connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(&head(addr, method, path, headers, body.len()))
        .unwrap();
    stream.write_all(body).unwrap();
    let mut reader = BufReader::new(stream);
    let (status, headers) = read_head(&mut reader);
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let mut bytes = Vec::new();
    if chunked {
        while let Some(chunk) = read_chunk(&mut reader) {
            bytes.extend(chunk);
        }
    } else if let Some(len) = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        bytes.resize(len, 0);
        reader.read_exact(&mut bytes).unwrap();
    } else {
        let _ = reader.read_to_end(&mut bytes);
    }
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn get(addr: SocketAddr, path: &str) -> Answer {
    request(addr, "GET", path, &[], b"")
}

pub fn post(addr: SocketAddr, path: &str, body: &[u8]) -> Answer {
    request(addr, "POST", path, &[], body)
}

fn head(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    len: usize,
) -> Vec<u8> {
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        let _ = write!(head, "Host: {addr}\r\n");
    }
    for (name, value) in headers {
        if !value.is_empty() {
            let _ = write!(head, "{name}: {value}\r\n");
        }
    }
    if method == "POST" {
        let _ = write!(head, "Content-Length: {len}\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    head.into_bytes()
}

fn read_head(reader: &mut impl BufRead) -> (u16, Vec<(String, String)>) {
    let mut line = String::new();
    reader.read_line(&mut line).expect("a status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {line:?}"));
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    (status, headers)
}

/// One chunk of a chunked body; `None` at its end.
fn read_chunk(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let size = usize::from_str_radix(line.trim(), 16).ok()?;
    if size == 0 {
        return None;
    }
    let mut chunk = vec![0; size + 2];
    reader.read_exact(&mut chunk).ok()?;
    chunk.truncate(size);
    Some(chunk)
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub kind: String,
    pub data: String,
    /// When it arrived.
    pub at: Instant,
}

impl SseEvent {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.data).unwrap_or_else(|e| panic!("{e}: {}", self.data))
    }
}

/// A page's event stream, read event by event.
pub struct Events {
    reader: BufReader<TcpStream>,
    pending: String,
    pub status: u16,
}

impl Events {
    /// Opens `path` (…/events); the status tells whether it was taken.
    pub fn open(addr: SocketAddr, path: &str) -> Self {
        let mut stream = TcpStream::connect(addr).expect("the server takes connections");
        stream.write_all(&head(addr, "GET", path, &[], 0)).unwrap();
        let mut reader = BufReader::new(stream);
        let (status, _) = read_head(&mut reader);
        Self {
            reader,
            pending: String::new(),
            status,
        }
    }

    /// The next event within `timeout`; `None` if none came or the stream
    /// ended.
    pub fn next(&mut self, timeout: Duration) -> Option<SseEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let mut kind = "message".to_owned();
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(k) = line.strip_prefix("event:") {
                        k.trim().clone_into(&mut kind);
                    } else if let Some(d) = line.strip_prefix("data:") {
                        data.push(d.strip_prefix(' ').unwrap_or(d).to_owned());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Some(SseEvent {
                    kind,
                    data: data.join("\n"),
                    at: Instant::now(),
                });
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.reader
                .get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .ok()?;
            let chunk = read_chunk(&mut self.reader)?;
            self.pending.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// The next event of `kind`, skipping others (beats).
    pub fn next_of(&mut self, kind: &str, timeout: Duration) -> Option<SseEvent> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let event = self.next(left)?;
            if event.kind == kind {
                return Some(event);
            }
        }
    }
}
