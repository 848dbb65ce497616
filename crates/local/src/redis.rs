//! Just enough of Redis' protocol (RESP) to send one command over the
//! server's Unix socket and read its one-line answer: what emptying an
//! instance's object cache needs, without a client library for one call.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

/// Sends `args` as one command to the Redis server at `socket` and returns
/// its answer when it is a status, an integer or a bulk string's length
/// line; an error answer (`-ERR …`) is an error.
pub fn command(socket: &Path, args: &[&str], timeout: Duration) -> Result<String, String> {
    let mut stream = UnixStream::connect(socket)
        .map_err(|e| format!("connecting to Redis at {}: {e}", socket.display()))?;
    let io = |e: std::io::Error| format!("talking to Redis at {}: {e}", socket.display());
    stream.set_read_timeout(Some(timeout)).map_err(io)?;
    stream.set_write_timeout(Some(timeout)).map_err(io)?;
    stream.write_all(&encode(args)).map_err(io)?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).map_err(io)?;
    parse_reply(&line)
}

/// A command as RESP's array of bulk strings.
fn encode(args: &[&str]) -> Vec<u8> {
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The first line of a reply: `+OK`, `:1`, `$5` are answers, `-ERR …` is
/// an error.
fn parse_reply(line: &str) -> Result<String, String> {
    let line = line.trim_end_matches(['\r', '\n']);
    match line.split_at_checked(1) {
        Some(("+" | ":" | "$" | "*", rest)) => Ok(rest.to_string()),
        Some(("-", message)) => Err(format!("Redis answered: {message}")),
        _ if line.is_empty() => Err("Redis closed the connection without answering".to_string()),
        _ => Err(format!("Redis answered something unexpected: {line:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_bulk_strings_and_lengths_count_bytes() {
        assert_eq!(
            encode(&["EVAL", "é", "0"]),
            b"*3\r\n$4\r\nEVAL\r\n$2\r\n\xc3\xa9\r\n$1\r\n0\r\n"
        );
    }

    #[test]
    fn error_replies_are_errors() {
        assert_eq!(parse_reply(":1\r\n"), Ok("1".to_string()));
        assert!(parse_reply("-ERR unknown command\r\n")
            .unwrap_err()
            .contains("unknown command"));
        assert!(parse_reply("").is_err());
        assert!(parse_reply("?\r\n").is_err());
    }
}
