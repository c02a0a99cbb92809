//! The harness itself: the static server behaves like a static host (directory URLs, types,
//! redirects, 404s, a mount prefix, the byte log), and the console check really sees
//! `console.error`, uncaught exceptions and failed loads, so "no console errors" in the other
//! tests is not vacuous.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use crate::harness::Browser;
use crate::server::Server;

/// A raw `GET`: status, headers (lowercase names) and body.
fn get(server: &Server, path: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let origin = server.origin();
    let addr = origin
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let mut stream = TcpStream::connect(&addr).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let body = response[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, body)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
}

#[test]
fn server_serves_like_a_static_host() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    write(dir, "index.html", "<!DOCTYPE html><title>root</title>");
    write(dir, "a/index.html", "<!DOCTYPE html><title>a</title>");
    write(dir, "s.js", "void 0;");
    write(dir, "s.css", "body{}");
    write(dir, "d.json", "{}");
    write(dir, "ü ber/x.txt", "x");

    for mount in ["/", "/help/"] {
        let server = Server::serve_at(dir, mount);
        let p = |rel: &str| format!("{mount}{rel}");
        let cases = [
            (p(""), 200, "text/html; charset=utf-8"),
            (p("a/"), 200, "text/html; charset=utf-8"),
            (p("a/index.html"), 200, "text/html; charset=utf-8"),
            (p("s.js"), 200, "text/javascript; charset=utf-8"),
            (p("s.css"), 200, "text/css; charset=utf-8"),
            (p("d.json"), 200, "application/json"),
            (p("%C3%BC%20ber/x.txt"), 200, "text/plain; charset=utf-8"),
            (p("s.js?v=1"), 200, "text/javascript; charset=utf-8"),
            (p("nope.js"), 404, "text/plain; charset=utf-8"),
            (p("a/../../etc/passwd"), 404, "text/plain; charset=utf-8"),
        ];
        for (path, status, content_type) in &cases {
            let (got, headers, _) = get(&server, path);
            assert_eq!(got, *status, "GET {path} (mount {mount})");
            assert_eq!(
                header(&headers, "content-type"),
                Some(*content_type),
                "{path}"
            );
        }
        let (status, headers, _) = get(&server, &p("a?q=1"));
        assert_eq!(status, 301, "a directory without its slash is redirected");
        assert_eq!(header(&headers, "location"), Some(p("a/?q=1").as_str()));
        if mount != "/" {
            let (status, _, _) = get(&server, "/a/");
            assert_eq!(status, 404, "outside the mount");
            let (status, headers, _) = get(&server, "/help");
            assert_eq!(status, 301);
            assert_eq!(header(&headers, "location"), Some("/help/"));
        }

        let log = server.take_requests();
        let js = log
            .iter()
            .find(|s| s.path == p("s.js"))
            .expect("s.js in the log");
        assert_eq!((js.status, js.body.as_slice()), (200, &b"void 0;"[..]));
        assert_eq!(js.extension(), "js");
        assert_eq!(js.content_type, "text/javascript; charset=utf-8");
        assert_eq!(log[0].extension(), "html", "a directory URL is HTML");
        assert!(server.take_requests().is_empty(), "take_requests forgets");
    }
}

#[test]
fn console_errors_are_caught() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let page = |script: &str| {
        format!("<!DOCTYPE html><html lang=en><title>t</title><script src=\"{script}\"></script>")
    };
    write(dir, "ok.html", &page("ok.js"));
    write(dir, "ok.js", "console.log('fine'); console.info('fine');");
    write(dir, "error.html", &page("error.js"));
    write(dir, "error.js", "console.error('planted error');");
    write(dir, "throw.html", &page("throw.js"));
    write(dir, "throw.js", "null.planted;");
    write(dir, "missing.html", &page("missing.js"));
    let server = Server::serve(dir);
    let browser = Browser::start();

    browser.goto(&server.url("ok.html"));
    browser.assert_console_clean("a page that only logs");
    let cases = [
        ("error.html", "planted error"),
        ("throw.html", "Cannot read properties of null"),
        ("missing.html", "missing.js"),
    ];
    for (page, needle) in cases {
        browser.goto(&server.url(page));
        let errors = browser.console_errors();
        assert!(
            errors.iter().any(|e| e.message.contains(needle)),
            "{page}: the console check missed {needle:?}: {errors:?}"
        );
        assert!(
            browser.console_errors().is_empty(),
            "reading the log drains it"
        );
    }
    browser.assert_no_xss("a plain page");
}
