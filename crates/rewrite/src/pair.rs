//! Reading one from→to pair into the parts matching treats differently.

use crate::{MapError, Mapping};

/// The longest host name DNS allows; it also bounds how far the matcher looks
/// around a found host.
const MAX_HOST_LEN: usize = 253;

/// A URL or bare host, split.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Address {
    /// The scheme as written, when this is a URL (`https`).
    pub(crate) scheme: Option<String>,
    /// The host as written (`example.com`, `[::1]`).
    pub(crate) host: String,
    /// `:port` and `/path` as written, without a trailing `/`.
    pub(crate) rest: String,
}

impl Address {
    /// What two `from`s must differ in: scheme and host regardless of ASCII
    /// case, the rest exactly.
    pub(crate) fn identity(&self) -> (Option<String>, String, String) {
        (
            self.scheme.as_deref().map(str::to_ascii_lowercase),
            self.host.to_ascii_lowercase(),
            self.rest.clone(),
        )
    }
}

/// A checked pair.
#[derive(Debug, Clone)]
pub(crate) struct Pair {
    pub(crate) from: Address,
    pub(crate) to: Address,
}

pub(crate) fn parse(mapping: &Mapping) -> Result<Pair, MapError> {
    let invalid = |reason| MapError::Invalid {
        from: mapping.from.clone(),
        to: mapping.to.clone(),
        reason,
    };
    let from = address(&mapping.from).map_err(|r| invalid(Reason::From(r)))?;
    let to = address(&mapping.to).map_err(|r| invalid(Reason::To(r)))?;
    match (&from.scheme, &to.scheme) {
        (Some(_), None) | (None, Some(_)) => Err(invalid(Reason::Mixed)),
        _ => Ok(Pair { from, to }),
    }
}

/// Why a pair is refused; shown in [`MapError::Invalid`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    /// `from` is not usable.
    #[error("`from` {0}")]
    From(Problem),
    /// `to` is not usable.
    #[error("`to` {0}")]
    To(Problem),
    /// One side is a URL and the other a bare host.
    #[error("map a URL to a URL, or a bare host to a bare host")]
    Mixed,
}

/// What is wrong with one side of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// Nothing was given.
    #[error("is empty")]
    Empty,
    /// White space, a control byte, a quote, `<`, `>` or `\`.
    #[error("contains white space, a control byte, a quote, `<`, `>` or `\\`")]
    BadByte,
    /// `//host` without a scheme.
    #[error("is protocol-relative: give the scheme (its `//` form is matched too)")]
    NoScheme,
    /// A scheme that is not letters, digits, `+`, `.` and `-`.
    #[error("has an invalid scheme")]
    BadScheme,
    /// A missing or malformed host.
    #[error("has no valid host name")]
    BadHost,
    /// A port that is not digits.
    #[error("has an invalid port")]
    BadPort,
    /// `?query` or `#fragment`: only scheme, host, port and path are mapped.
    #[error("has a query or fragment; map the scheme, host, port and path only")]
    QueryOrFragment,
    /// `user@host`.
    #[error("contains user information (`@`)")]
    UserInfo,
    /// A bare host with a port or path.
    #[error("is a bare host with a port or path; give a scheme to map a URL")]
    HostWithPath,
}

fn address(text: &str) -> Result<Address, Problem> {
    if text.is_empty() {
        return Err(Problem::Empty);
    }
    if text
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control() || b"\"'<>\\".contains(&b))
    {
        return Err(Problem::BadByte);
    }
    if text.contains(['?', '#']) {
        return Err(Problem::QueryOrFragment);
    }
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) => (Some(checked_scheme(scheme)?), rest),
        None if text.starts_with("//") => return Err(Problem::NoScheme),
        None => (None, text),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(Problem::UserInfo);
    }
    let (host, port) = split_port(authority)?;
    if scheme.is_none() && !(port.is_empty() && path.is_empty()) {
        return Err(Problem::HostWithPath);
    }
    let mut rest = format!("{port}{path}");
    // `https://example.com/` names the same site as `https://example.com`.
    while rest.ends_with('/') {
        rest.pop();
    }
    Ok(Address {
        scheme,
        host: host.to_owned(),
        rest,
    })
}

fn checked_scheme(scheme: &str) -> Result<String, Problem> {
    let mut bytes = scheme.bytes();
    let valid = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b));
    if valid {
        Ok(scheme.to_owned())
    } else {
        Err(Problem::BadScheme)
    }
}

/// Splits `host[:port]`, where host may be a bracketed IPv6 address.
fn split_port(authority: &str) -> Result<(&str, &str), Problem> {
    let host_end = if authority.starts_with('[') {
        authority.find(']').map_or(authority.len(), |i| i + 1)
    } else {
        authority.find(':').unwrap_or(authority.len())
    };
    let (host, port) = authority.split_at(host_end);
    if !is_host(host) {
        return Err(Problem::BadHost);
    }
    if let Some(digits) = port.strip_prefix(':') {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::BadPort);
        }
    } else if !port.is_empty() {
        return Err(Problem::BadHost);
    }
    Ok((host, port))
}

/// A DNS name (letters, digits, `-`, `.`, and UTF-8 for internationalized
/// names), an IPv4 address, or a bracketed IPv6 address.
fn is_host(host: &str) -> bool {
    if host.is_empty() || host.len() > MAX_HOST_LEN {
        return false;
    }
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    }
    let edges_ok = !host.starts_with(['.', '-']) && !host.ends_with(['.', '-']);
    edges_ok
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b >= 0x80)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Address, Problem> {
        address(text)
    }

    #[test]
    fn urls_split_into_scheme_host_and_rest() {
        let a = parsed("HTTPS://Example.COM:8080/Blog/").expect("valid");
        assert_eq!(a.scheme.as_deref(), Some("HTTPS"));
        assert_eq!(a.host, "Example.COM");
        assert_eq!(a.rest, ":8080/Blog");
        assert_eq!(
            a.identity(),
            (
                Some("https".into()),
                "example.com".into(),
                ":8080/Blog".into()
            )
        );
        let v6 = parsed("http://[::1]:80").expect("valid");
        assert_eq!((v6.host.as_str(), v6.rest.as_str()), ("[::1]", ":80"));
        assert_eq!(parsed("example.com").expect("valid").scheme, None);
    }

    #[test]
    fn malformed_sides_are_refused_with_the_reason() {
        assert_eq!(parsed(""), Err(Problem::Empty));
        assert_eq!(parsed(" example.com"), Err(Problem::BadByte));
        assert_eq!(parsed("//example.com"), Err(Problem::NoScheme));
        assert_eq!(parsed("1http://example.com"), Err(Problem::BadScheme));
        assert_eq!(parsed("https://"), Err(Problem::BadHost));
        assert_eq!(parsed("https://.example.com"), Err(Problem::BadHost));
        assert_eq!(parsed("https://exa_mple.com"), Err(Problem::BadHost));
        assert_eq!(parsed("https://example.com:80a"), Err(Problem::BadPort));
        assert_eq!(
            parsed("https://example.com/?p=1"),
            Err(Problem::QueryOrFragment)
        );
        assert_eq!(parsed("https://me@example.com"), Err(Problem::UserInfo));
        assert_eq!(parsed("example.com/blog"), Err(Problem::HostWithPath));
        assert_eq!(parsed(&"a".repeat(254)), Err(Problem::BadHost));
    }
}
