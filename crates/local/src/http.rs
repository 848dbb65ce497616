//! A minimal HTTP/1.1 client: one GET per connection on loopback with a
//! chosen Host header, no redirects followed, so the caller sees exactly
//! what the server answered. Health checks use it, and so do the tests.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use crate::error::{Error, Result};

/// A response as received: status, headers in order, and the body with any
/// chunked transfer coding removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code, such as 200 or 301.
    pub status: u16,
    /// Header fields in the order received, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header named `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text; bytes that are not UTF-8 become U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// GETs `path` from `127.0.0.1:port`; see [`get_from`].
pub fn get(
    port: u16,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    timeout: Duration,
) -> Result<Response> {
    get_from(
        SocketAddr::from(([127, 0, 0, 1], port)),
        host,
        path,
        headers,
        timeout,
    )
}

/// GETs `path` from `addr` with `host` as the Host header and any extra
/// `headers` (such as a cookie), and reads the whole response.
pub fn get_from(
    addr: SocketAddr,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    timeout: Duration,
) -> Result<Response> {
    let request = request(host, path, headers)?;
    let fail = |e: std::io::Error| Error::io(format!("GET http://{host}{path} from {addr}"), e);
    let stream = TcpStream::connect_timeout(&addr, timeout).map_err(fail)?;
    stream.set_read_timeout(Some(timeout)).map_err(fail)?;
    stream.set_write_timeout(Some(timeout)).map_err(fail)?;
    exchange(stream, &request, host, path, &addr.to_string())
}

/// GETs `path` from the server listening on the Unix socket `socket`; see
/// [`get_from`].
pub fn get_unix(
    socket: &std::path::Path,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    timeout: Duration,
) -> Result<Response> {
    let request = request(host, path, headers)?;
    let from = socket.display().to_string();
    let fail = |e: std::io::Error| Error::io(format!("GET http://{host}{path} from {from}"), e);
    let stream = std::os::unix::net::UnixStream::connect(socket).map_err(fail)?;
    stream.set_read_timeout(Some(timeout)).map_err(fail)?;
    stream.set_write_timeout(Some(timeout)).map_err(fail)?;
    exchange(stream, &request, host, path, &from)
}

/// Sends `request` and reads and parses the whole response.
fn exchange(
    mut stream: impl Read + Write,
    request: &str,
    host: &str,
    path: &str,
    from: &str,
) -> Result<Response> {
    let fail = |e: std::io::Error| Error::io(format!("GET http://{host}{path} from {from}"), e);
    stream.write_all(request.as_bytes()).map_err(fail)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(fail)?;
    parse_response(&raw).map_err(|e| {
        Error::new(format!(
            "the response to GET http://{host}{path} from {from}: {e}"
        ))
    })
}

/// The bytes of a GET request, refusing paths and headers that would
/// smuggle another request in.
fn request(host: &str, path: &str, headers: &[(&str, &str)]) -> Result<String> {
    if !path.starts_with('/') || path.contains(['\r', '\n', ' ']) {
        return Err(Error::new(format!(
            "request path {path:?} must start with / and contain no spaces or line breaks"
        )));
    }
    let fields = std::iter::once(("Host", host)).chain(headers.iter().copied());
    let mut request = format!("GET {path} HTTP/1.1\r\n");
    for (name, value) in fields {
        if name.contains(['\r', '\n', ':']) || value.contains(['\r', '\n']) {
            return Err(Error::new(format!(
                "header {name:?}: {value:?} contains a line break"
            )));
        }
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("User-Agent: slipway\r\nAccept: */*\r\nConnection: close\r\n\r\n");
    Ok(request)
}

/// Parses a complete HTTP/1.x response.
pub fn parse_response(raw: &[u8]) -> Result<Response, String> {
    let head_end =
        find(raw, b"\r\n\r\n").ok_or("no end of headers (blank line) in the response")?;
    let head =
        std::str::from_utf8(&raw[..head_end]).map_err(|_| "response headers are not UTF-8")?;
    let rest = &raw[head_end + 4..];
    let mut lines = head.split("\r\n");
    let status = parse_status_line(lines.next().unwrap_or_default())?;
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("header line {line:?} has no colon"))?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let response = Response {
        status,
        headers,
        body: Vec::new(),
    };
    let body = if response
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        decode_chunked(rest)?
    } else if let Some(length) = response.header("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| format!("Content-Length {length:?} is not a number"))?;
        rest.get(..length)
            .ok_or_else(|| {
                format!(
                    "body is {} bytes, shorter than its Content-Length {length}",
                    rest.len()
                )
            })?
            .to_vec()
    } else {
        rest.to_vec()
    };
    Ok(Response { body, ..response })
}

fn parse_status_line(line: &str) -> Result<u16, String> {
    let mut parts = line.splitn(3, ' ');
    if !parts.next().unwrap_or_default().starts_with("HTTP/1.") {
        return Err(format!("status line {line:?} is not HTTP/1.x"));
    }
    parts
        .next()
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("status line {line:?} has no status code"))
}

fn decode_chunked(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = find(data, b"\r\n").ok_or("chunk size line is not terminated")?;
        let size_field =
            std::str::from_utf8(&data[..line_end]).map_err(|_| "chunk size is not text")?;
        // Chunk extensions (";name=value") carry nothing needed here.
        let size_hex = size_field.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| format!("chunk size {size_hex:?} is not hexadecimal"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = data
            .get(..size)
            .ok_or_else(|| format!("chunk of {size} bytes is cut short"))?;
        body.extend_from_slice(chunk);
        data = data
            .get(size..)
            .and_then(|d| d.strip_prefix(b"\r\n"))
            .ok_or("chunk is not followed by CRLF")?;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_and_plain_answers_are_read() {
        let r =
            parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b\r\n\r\nhi").unwrap();
        assert_eq!(
            (r.status, r.body.as_slice(), r.header("x-a")),
            (200, &b"hi"[..], Some("b"))
        );
        let r = parse_response(b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap();
        assert_eq!((r.status, r.body.as_slice()), (404, &b"abcde"[..]));
        assert!(parse_response(b"garbage").is_err());
    }

    #[test]
    fn a_plain_response_is_split_into_status_headers_and_body() {
        let raw = b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://old.example/\r\nContent-Length: 5\r\n\r\nhello";
        let r = parse_response(raw).unwrap();
        assert_eq!(r.status, 301);
        assert_eq!(r.header("location"), Some("https://old.example/"));
        assert_eq!(r.body, b"hello");
    }

    #[test]
    fn a_chunked_body_is_decoded() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\n6\r\npedia \r\n0\r\n\r\n";
        let r = parse_response(raw).unwrap();
        assert_eq!(r.text(), "Wikipedia ");
    }

    #[test]
    fn a_body_without_length_runs_to_the_end() {
        let r = parse_response(b"HTTP/1.0 200 OK\r\nX: 1\r\n\r\n<html>").unwrap();
        assert_eq!(r.body, b"<html>");
    }

    #[test]
    fn malformed_responses_are_errors_not_panics() {
        for raw in [
            &b""[..],
            b"HTTP/1.1 200 OK\r\n",
            b"garbage\r\n\r\n",
            b"HTTP/1.1 abc OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nbad header\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort\r\n",
        ] {
            assert!(
                parse_response(raw).is_err(),
                "{:?}",
                String::from_utf8_lossy(raw)
            );
        }
    }

    #[test]
    fn request_lines_cannot_be_smuggled() {
        let addr: SocketAddr = "127.0.0.1:9".parse().unwrap();
        let t = Duration::from_secs(1);
        assert!(get_from(addr, "h", "/ HTTP/1.1\r\nX: y", &[], t).is_err());
        assert!(get_from(addr, "h", "relative", &[], t).is_err());
        assert!(get_from(addr, "h\r\nX: y", "/", &[], t).is_err());
        assert!(get_from(addr, "h", "/", &[("Cookie", "a\r\nX: y")], t).is_err());
    }
}
