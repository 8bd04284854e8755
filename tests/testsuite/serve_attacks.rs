//! `loa serve` under a hostile or careless client (issue 17): clients that never read, never
//! finish a request, hold connections or event streams open by the hundred, or send a request
//! head without end. Through all of it, the next browser to ask still gets its page, and the
//! server's memory stays bounded.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::helpers::SiteTest;
use crate::serve::{next_build, Server};

/// A site with a large file (8 MB: larger than any socket buffer, so a client that does not
/// read holds up whoever writes it).
fn site() -> SiteTest {
    let mut site = SiteTest::from_fixture("build/basic");
    let large: Vec<u8> = (0..8 << 20).map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    site.write("content/tin-tuc/ban-ghi.mp4", large);
    site
}

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", server.port())).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    stream.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    stream
}

/// The home page, fetched on a new connection, within `limit`.
fn answers_within(server: &Server, limit: Duration) {
    let started = Instant::now();
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("</html>"));
    assert!(started.elapsed() < limit, "the home page took {:?}", started.elapsed());
}

#[test]
fn clients_that_never_read_a_large_file_hold_up_no_one() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let stalled: Vec<TcpStream> = (0..24)
        .map(|_| {
            let mut s = connect(&server);
            s.write_all(b"GET /tin-tuc/ban-ghi.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    answers_within(&server, Duration::from_secs(10));
    drop(stalled);
}

#[test]
fn a_request_head_without_end_is_cut_off_and_memory_stays_bounded() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let before = server.rss_kib();
    let mut s = connect(&server);
    s.write_all(b"GET /").unwrap();
    let chunk = vec![b'a'; 64 << 10];
    // 64 MiB of a request line, unless the server hangs up first (as it must).
    let mut sent = 0usize;
    while sent < 64 << 20 {
        if s.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    assert!(sent < 64 << 20, "the server read 64 MiB of one request line");
    // A header without end is refused the same way.
    let mut h = connect(&server);
    h.write_all(b"GET / HTTP/1.1\r\nX-Long: ").unwrap();
    let mut sent = 0usize;
    while sent < 64 << 20 {
        if h.write_all(&chunk).is_err() {
            break;
        }
        sent += chunk.len();
    }
    assert!(sent < 64 << 20, "the server read 64 MiB of one header");
    answers_within(&server, Duration::from_secs(10));
    let grown = server.rss_kib().saturating_sub(before);
    assert!(grown < 32 << 10, "the server grew by {grown} KiB");
}

#[test]
fn silent_connections_by_the_hundred_do_not_lock_anyone_out() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    // Connections that send nothing, and connections that send half a request and stop.
    let mut idle: Vec<TcpStream> = (0..300).map(|_| connect(&server)).collect();
    for s in idle.iter_mut().take(100) {
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    }
    std::thread::sleep(Duration::from_millis(300));
    answers_within(&server, Duration::from_secs(10));
    drop(idle);
}

#[test]
fn event_streams_are_capped_and_pages_are_still_served() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let mut streams = Vec::new();
    let mut refused = 0;
    for _ in 0..200 {
        let mut s = connect(&server);
        s.write_all(b"GET /__loa/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).unwrap();
        match &head {
            b"HTTP/1.1 200" => streams.push(s),
            b"HTTP/1.1 503" => refused += 1,
            other => panic!("unexpected answer {:?}", String::from_utf8_lossy(other)),
        }
    }
    assert!(refused > 0, "200 event streams were all accepted");
    assert!(streams.len() >= 16, "only {} event streams were served", streams.len());
    answers_within(&server, Duration::from_secs(10));
    // Closed tabs give their places back.
    drop(streams);
    std::thread::sleep(Duration::from_millis(500));
    let mut s = connect(&server);
    s.write_all(b"GET /__loa/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut head = [0u8; 12];
    s.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
}

#[test]
fn a_double_slash_path_stays_on_the_site() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    for path in ["//tin-tuc", "//evil.example/x", "/%2F%2Fevil.example"] {
        let answer = server.get(path);
        if let Some(to) = answer.header("Location") {
            assert!(to.starts_with('/') && !to.starts_with("//"), "{path} → {to}");
        }
    }
}

#[test]
fn silent_and_idle_connections_are_closed_after_ten_seconds() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let started = Instant::now();
    // One that never sends a byte, one that stops half-way through its request, and one kept
    // alive after an answer.
    let silent = connect(&server);
    let mut half = connect(&server);
    half.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    let mut kept = connect(&server);
    kept.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut first = [0u8; 12];
    kept.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    for (name, mut stream) in [("silent", silent), ("half a request", half), ("kept alive", kept)] {
        let mut rest = Vec::new();
        // Closed by the server: the read ends (at EOF or reset) well before the 20 s read timeout.
        let ended = stream.read_to_end(&mut rest);
        let waited = started.elapsed();
        assert!(waited < Duration::from_secs(18), "{name}: still open after {waited:?} ({ended:?})");
        assert!(!matches!(&ended, Err(e) if e.kind() == std::io::ErrorKind::WouldBlock), "{name}: {ended:?}");
    }
}

#[test]
fn content_moved_away_and_back_is_watched_again() {
    let site = site();
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    let content = site.root().join("content");
    let away = site.root().join("content-cu");
    std::fs::rename(&content, &away).unwrap();
    let broken = next_build(&events);
    assert!(broken.contains("site.toml"), "{broken}");
    // The last good build is still served (the browser shows the error over it).
    assert_eq!(server.get("/").status, 200);
    std::fs::rename(&away, &content).unwrap();
    let back = next_build(&events);
    assert!(back.contains("\"errors\":null"), "{back}");
    // An edit after the move back is seen.
    let article = content.join("tin-tuc/dong-bhxh-tu-nguyen.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replace("Người tham gia", "Người dân tham gia")).unwrap();
    next_build(&events);
    assert!(server.get("/tin-tuc/dong-bhxh-tu-nguyen/").text().contains("Người dân tham gia"));
}
