//! A minimal HTTP/1.1 client: one GET per connection, no redirects followed,
//! so a test sees exactly what the server answered.

use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// How long a request may take before it is an error; WordPress' first page
/// view on a cold PHP server takes well under a second.
const TIMEOUT: Duration = Duration::from_secs(60);

/// A response as received: status, headers in order, and the body with any
/// chunked transfer coding removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code, such as 200 or 301.
    pub status: u16,
    /// Header fields in the order received, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
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

/// Sends `GET path` to `addr` with the given `Host` header and reads the
/// whole response.
pub(crate) fn get(addr: SocketAddr, path: &str, host: &str) -> Result<HttpResponse> {
    if !path.starts_with('/') || path.contains(['\r', '\n', ' ']) {
        bail!("request path {path:?} must start with / and contain no spaces or line breaks");
    }
    if host.contains(['\r', '\n']) {
        bail!("Host header {host:?} contains a line break");
    }
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT)
        .with_context(|| format!("connecting to {addr}"))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: slipway-testkit\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .with_context(|| format!("sending GET {path} to {addr}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .with_context(|| format!("reading the response to GET {path} from {addr}"))?;
    parse_response(&raw).with_context(|| format!("response to GET {path} from {addr}"))
}

/// Parses a complete HTTP/1.x response.
pub(crate) fn parse_response(raw: &[u8]) -> Result<HttpResponse> {
    let head_end =
        find(raw, b"\r\n\r\n").context("no end of headers (blank line) in the response")?;
    let head = std::str::from_utf8(&raw[..head_end]).context("response headers are not UTF-8")?;
    let rest = &raw[head_end + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = parse_status_line(status_line)?;
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .with_context(|| format!("header line {line:?} has no colon"))?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let response = HttpResponse {
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
            .with_context(|| format!("Content-Length {length:?} is not a number"))?;
        if rest.len() < length {
            bail!(
                "body is {} bytes, shorter than its Content-Length {length}",
                rest.len()
            );
        }
        rest[..length].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(HttpResponse { body, ..response })
}

fn parse_status_line(line: &str) -> Result<u16> {
    let mut parts = line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        bail!("status line {line:?} is not HTTP/1.x");
    }
    parts
        .next()
        .and_then(|code| code.parse().ok())
        .with_context(|| format!("status line {line:?} has no status code"))
}

fn decode_chunked(mut data: &[u8]) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = find(data, b"\r\n").context("chunk size line is not terminated")?;
        let size_field =
            std::str::from_utf8(&data[..line_end]).context("chunk size is not text")?;
        // Chunk extensions (";name=value") carry nothing a test needs.
        let size_hex = size_field.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_hex, 16)
            .with_context(|| format!("chunk size {size_hex:?} is not hexadecimal"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = data
            .get(..size)
            .with_context(|| format!("chunk of {size} bytes is cut short"))?;
        body.extend_from_slice(chunk);
        data = data
            .get(size..)
            .and_then(|d| d.strip_prefix(b"\r\n"))
            .context("chunk is not followed by CRLF")?;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(get(addr, "/ HTTP/1.1\r\nX: y", "h").is_err());
        assert!(get(addr, "relative", "h").is_err());
        assert!(get(addr, "/", "h\r\nX: y").is_err());
    }
}
