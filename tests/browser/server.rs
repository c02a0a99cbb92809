//! A tiny static file server for the built site: 127.0.0.1 on an ephemeral port, one thread per
//! connection, one request per connection (`Connection: close`), `GET` and `HEAD` only.
//!
//! It behaves like a plain static host: a directory URL serves its `index.html` (and a
//! directory URL without its trailing slash is redirected to it), files get their
//! `Content-Type` by extension with `nosniff`, anything else is a 404. The site can be mounted
//! under a prefix (`/help/`) for sub-path builds. Responses carry `Cache-Control: no-store`,
//! so every page load fetches what it needs and the request log is the exact traffic.
//!
//! Every response is recorded ([`Served`]) with the bytes of its body, so a test can add up
//! what a page load and a query fetched.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One response the server sent.
#[derive(Clone, Debug)]
pub struct Served {
    /// The decoded request path, without the query string: `/help/ru-RU/search/`.
    pub path: String,
    pub status: u16,
    /// The body as sent (empty for `HEAD`, redirects carry none).
    pub body: Vec<u8>,
    pub content_type: &'static str,
}

impl Served {
    /// The extension of the file served (`html` for directory URLs), lowercase.
    pub fn extension(&self) -> String {
        let last = self.path.rsplit('/').next().unwrap_or("");
        if last.is_empty() {
            return "html".into();
        }
        last.rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase())
            .unwrap_or_default()
    }
}

/// A running server; stopped (and its thread joined) on drop.
pub struct Server {
    addr: SocketAddr,
    mount: String,
    log: Arc<Mutex<Vec<Served>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Serves `dir` at `/`.
    pub fn serve(dir: &Path) -> Server {
        Server::serve_at(dir, "/")
    }

    /// Serves `dir` under `mount`, which starts and ends with `/` (`/help/`).
    pub fn serve_at(dir: &Path, mount: &str) -> Server {
        assert!(
            mount.starts_with('/') && mount.ends_with('/'),
            "mount {mount:?} must start and end with /"
        );
        assert!(dir.is_dir(), "no directory {} to serve", dir.display());
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let site = Site {
            dir: dir.to_owned(),
            mount: mount.to_owned(),
            log: Arc::clone(&log),
        };
        let thread = {
            let stop = Arc::clone(&stop);
            let site = Arc::new(site);
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let site = Arc::clone(&site);
                    std::thread::spawn(move || site.handle(stream));
                }
            })
        };
        Server {
            addr,
            mount: mount.to_owned(),
            log,
            stop,
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn origin(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The URL of `rel` (relative to the served directory): `url("ru-RU/")`.
    pub fn url(&self, rel: &str) -> String {
        format!("http://{}{}{}", self.addr, self.mount, rel)
    }

    /// Everything served so far, in order.
    pub fn requests(&self) -> Vec<Served> {
        self.log.lock().expect("server log").clone()
    }

    /// Everything served since the last call (or since the start), and forgets it.
    pub fn take_requests(&self) -> Vec<Served> {
        std::mem::take(&mut *self.log.lock().expect("server log"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept so the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

struct Site {
    dir: PathBuf,
    mount: String,
    log: Arc<Mutex<Vec<Served>>>,
}

impl Site {
    fn handle(&self, stream: TcpStream) {
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let mut reader = BufReader::new(&stream);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
            return; // the wake-up connection, or a client that went away
        }
        // Skip the headers; nothing in them changes the answer.
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) if line == "\r\n" || line == "\n" => break,
                Ok(_) => {}
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("");
        let target = parts.next().unwrap_or("/");
        let (raw_path, query) = match target.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (target, None),
        };
        let path = percent_decode(raw_path.split('#').next().unwrap_or(""));
        let response = if method != "GET" && method != "HEAD" {
            Response::status(405, "method not allowed")
        } else {
            match path.as_deref() {
                Some(path) => self.resolve(path, query),
                None => Response::status(400, "bad path"),
            }
        };
        let head_only = method == "HEAD";
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            response.status,
            reason(response.status),
            response.content_type,
            response.body.len()
        );
        if let Some(location) = &response.location {
            out.push_str(&format!("Location: {location}\r\n"));
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&response.body);
        }
        let mut stream = &stream;
        let _ = stream.write_all(&bytes).and_then(|()| stream.flush());
        self.log.lock().expect("server log").push(Served {
            path: path.unwrap_or_else(|| raw_path.to_owned()),
            status: response.status,
            body: if head_only { Vec::new() } else { response.body },
            content_type: response.content_type,
        });
    }

    fn resolve(&self, path: &str, query: Option<&str>) -> Response {
        let with_query = |p: &str| match query {
            Some(q) => format!("{p}?{q}"),
            None => p.to_owned(),
        };
        if format!("{path}/") == self.mount {
            return Response::redirect(with_query(&self.mount));
        }
        let Some(rel) = path.strip_prefix(self.mount.as_str()) else {
            return Response::status(404, "not found");
        };
        // Only plain segments: no `..`, no absolute parts.
        let rel_path = Path::new(rel);
        if !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
        {
            return Response::status(404, "not found");
        }
        let mut file = self.dir.join(rel_path);
        if file.is_dir() {
            if !path.ends_with('/') {
                return Response::redirect(with_query(&format!("{path}/")));
            }
            file = file.join("index.html");
        }
        match std::fs::read(&file) {
            Ok(body) if file.is_file() => Response {
                status: 200,
                content_type: content_type(&file),
                body,
                location: None,
            },
            _ => Response::status(404, "not found"),
        }
    }
}

struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Response {
    fn status(status: u16, text: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
            location: None,
        }
    }

    fn redirect(location: String) -> Response {
        Response {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(location),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    }
}

/// The `Content-Type` of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes as UTF-8; `None` for a malformed escape or invalid UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
