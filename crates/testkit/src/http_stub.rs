//! A scripted HTTP server on a loopback port, for answers no local server
//! can be made to give: a chosen status, headers and body, an answer cut
//! off, a refused request part.
//!
//! ```
//! use std::io::{Read, Write};
//! let endpoint = dynorm_testkit::http_stub::serve(1, |request_line| {
//!     assert!(request_line.starts_with("GET / "));
//!     dynorm_testkit::http_stub::response(200, &[("x-amzn-RequestId", "RID")], "hi")
//! })
//! .unwrap();
//! let mut stream = std::net::TcpStream::connect(endpoint.trim_start_matches("http://")).unwrap();
//! stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
//! let mut answer = String::new();
//! stream.read_to_string(&mut answer).unwrap();
//! assert!(answer.starts_with("HTTP/1.1 200 OK\r\n") && answer.ends_with("\r\n\r\nhi"));
//! ```

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

/// Starts a server on a free port of 127.0.0.1 that reads each request (one
/// per connection: head and `Content-Length` body) and writes back, as it
/// is, the raw HTTP response `answer` returns for the request line
/// (`PUT /docs/a?partNumber=1 HTTP/1.1`), then closes the connection. It
/// serves at most `connections` connections, on a thread of its own.
/// Returns the endpoint URL (`http://127.0.0.1:PORT`).
pub fn serve(
    connections: usize,
    answer: impl Fn(&str) -> String + Send + 'static,
) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(stream) = stream else { break };
            let mut reader = BufReader::new(stream);
            let Some(request_line) = read_request(&mut reader) else {
                continue;
            };
            let mut stream = reader.into_inner();
            let _ = stream.write_all(answer(&request_line).as_bytes());
            let _ = stream.flush();
        }
    });
    Ok(endpoint)
}

/// A complete HTTP/1.1 response: the status, the headers given, the body's
/// `Content-Length` and `Connection: close`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> String {
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Status",
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    out
}

/// Reads one request; returns its request line.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<String> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let request_line = line.trim_end().to_owned();
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    Some(request_line)
}
