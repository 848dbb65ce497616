//! Finding personal data in free text: email addresses, IPv4 addresses and
//! phone numbers. Used to redact text and to scan the output for leaks.

use std::ops::Range;

/// What kind of personal data a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An email address.
    Email,
    /// An IPv4 address.
    Ip,
    /// A phone number.
    Phone,
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-".contains(&b)
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
}

/// Domains that are not anyone's: reserved names and the ones fakes use.
fn is_reserved_domain(domain: &[u8]) -> bool {
    let d = domain.to_ascii_lowercase();
    let ends = |s: &[u8]| {
        d == s || (d.len() > s.len() && d.ends_with(s) && d[d.len() - s.len() - 1] == b'.')
    };
    ends(b"example.com")
        || ends(b"example.org")
        || ends(b"example.net")
        || ends(b"invalid")
        || ends(b"test")
        || ends(b"example")
        || ends(b"localhost")
}

/// Every email address in `text` on a domain that is not reserved.
pub fn emails(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    any_emails(text).filter(move |r| {
        let at = r.start + text[r.clone()].iter().position(|&b| b == b'@').unwrap_or(0);
        !is_reserved_domain(&text[at + 1..r.end])
    })
}

/// Every email address in `text`, reserved domains included (test data and
/// documentation use them too), but not on the domain fakes are made on.
pub fn any_emails(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    memchr::memchr_iter(b'@', text).filter_map(move |at| {
        let start = at
            - text[..at]
                .iter()
                .rev()
                .take_while(|&&b| is_local_byte(b))
                .count();
        let mut end = at
            + 1
            + text[at + 1..]
                .iter()
                .take_while(|&&b| is_domain_byte(b))
                .count();
        while end > at + 1 && text[end - 1] == b'.' {
            end -= 1;
        }
        let domain = &text[at + 1..end];
        let dot = domain.iter().rposition(|&b| b == b'.')?;
        let tld = &domain[dot + 1..];
        let valid = start < at
            && dot > 0
            && tld.len() >= 2
            && tld.iter().all(u8::is_ascii_alphabetic)
            && !domain.eq_ignore_ascii_case(crate::FAKE_EMAIL_DOMAIN.as_bytes());
        valid.then_some(start..end)
    })
}

/// Every IPv4 address in `text` outside loopback, unspecified and
/// documentation ranges.
pub fn ipv4s(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = memchr::memchr(b'.', &text[from..]) {
            let dot = from + offset;
            from = dot + 1;
            let start = dot
                - text[..dot]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            if start == dot
                || (start > 0
                    && (text[start - 1] == b'.' || text[start - 1].is_ascii_alphanumeric()))
            {
                continue;
            }
            if let Some(end) = ipv4_at(text, start) {
                from = end;
                let ip = &text[start..end];
                if !is_harmless_ip(ip) {
                    return Some(start..end);
                }
            }
        }
        None
    })
}

/// The end of a dotted quad starting at `start`, with every part ≤ 255 and
/// nothing glued to it.
fn ipv4_at(text: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    for part in 0..4 {
        let digits = text[at..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        let value: u32 = std::str::from_utf8(&text[at..at + digits])
            .ok()?
            .parse()
            .ok()?;
        if value > 255 {
            return None;
        }
        at += digits;
        if part < 3 {
            if text.get(at) != Some(&b'.') {
                return None;
            }
            at += 1;
        }
    }
    match text.get(at) {
        Some(&b) if b.is_ascii_alphanumeric() => None,
        Some(b'.') if text.get(at + 1).is_some_and(u8::is_ascii_digit) => None,
        _ => Some(at),
    }
}

fn is_harmless_ip(ip: &[u8]) -> bool {
    ip.starts_with(b"127.")
        || ip == b"0.0.0.0"
        || ip.starts_with(b"192.0.2.")
        || ip.starts_with(b"198.51.100.")
        || ip.starts_with(b"203.0.113.")
}

/// Every phone number in international form: `+`, then 8 to 15 digits with
/// spaces, dashes, dots or parentheses between them. National forms are too
/// easily confused with other numbers to count.
pub fn phones(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    memchr::memchr_iter(b'+', text).filter_map(move |at| {
        if at > 0 && text[at - 1].is_ascii_alphanumeric() {
            return None;
        }
        let mut digits = 0;
        let mut end = at + 1;
        while let Some(&b) = text.get(end) {
            if b.is_ascii_digit() {
                digits += 1;
            } else if !b" -.()".contains(&b) {
                break;
            }
            end += 1;
        }
        while end > at + 1 && !text[end - 1].is_ascii_digit() {
            end -= 1;
        }
        let first_digit = text.get(at + 1).is_some_and(u8::is_ascii_digit);
        (first_digit && (8..=15).contains(&digits)).then_some(at..end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(text: &'a str, f: impl Fn(&'a [u8]) -> Vec<Range<usize>>) -> Vec<&'a str> {
        f(text.as_bytes()).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn emails_skip_reserved_domains() {
        let text = "Mail jane.doe+x@mail.co.uk or bob@example.com, user-1@example.invalid, x@y, me@host.test.";
        assert_eq!(
            found(text, |t| emails(t).collect()),
            ["jane.doe+x@mail.co.uk"]
        );
    }

    #[test]
    fn ips_skip_versions_dates_and_documentation_ranges() {
        let text = "from 81.2.69.160 and 10.0.0.1; v1.2.3.4 192.0.2.7 127.0.0.1 1.2.3 2024.01.02 300.1.1.1 1.2.3.4.5";
        assert_eq!(
            found(text, |t| ipv4s(t).collect()),
            ["81.2.69.160", "10.0.0.1"]
        );
    }

    #[test]
    fn phones_are_international_numbers() {
        let text = "Call +44 20 7946 0958 or +1 (555) 010-9999; not 2024-01-02, id 123456789, a+1";
        assert_eq!(
            found(text, |t| phones(t).collect()),
            ["+44 20 7946 0958", "+1 (555) 010-9999"]
        );
    }
}
