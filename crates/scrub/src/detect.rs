//! Finding personal data in free text: email addresses, IPv4 and IPv6
//! addresses, phone numbers. Shared by `redact` and the leak scan, so what
//! one replaces the other no longer finds. Each finder starts from a cheap
//! byte search (`@`, `.`, `:`, digits) and skips what fakes look like:
//! reserved domains, documentation ranges, checked phone numbers.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;

use crate::fake::is_fake_phone;

/// What kind of personal data was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An email address.
    Email,
    /// An IPv4 or IPv6 address.
    Ip,
    /// A phone number.
    Phone,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Kind::Email => "email",
            Kind::Ip => "IP address",
            Kind::Phone => "phone number",
        })
    }
}

/// Which email addresses count as personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Domains {
    /// Not those on reserved domains: what the leak scan reports.
    Real,
    /// All but the fakes' own domain: what redaction replaces, since test
    /// and staging data use reserved domains for real people too.
    AllButFakes,
}

/// Every finding in `text`, in order, without overlaps.
pub(crate) fn find_all(text: &[u8], domains: Domains) -> Vec<(Range<usize>, Kind)> {
    // A fifth of a dump's string values are dates; they hold none, and
    // their digits would send them through the phone finder.
    if is_datetime(text) {
        return Vec::new();
    }
    scan_all(text, domains)
}

/// Whether `text` is a date, or a date and time, as MySQL writes them:
/// `2024-05-01`, `2024-05-01 10:00:00`, `2024-05-01 10:00:00.250`.
fn is_datetime(text: &[u8]) -> bool {
    let digits = |range: Range<usize>| {
        text.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let date = text.len() >= 10
        && digits(0..4)
        && text[4] == b'-'
        && digits(5..7)
        && text[7] == b'-'
        && digits(8..10);
    match text.len() {
        10 => date,
        19.. => {
            date && text[10] == b' '
                && digits(11..13)
                && text[13] == b':'
                && digits(14..16)
                && text[16] == b':'
                && digits(17..19)
                && (text.len() == 19
                    || (text[19] == b'.' && text.len() > 20 && digits(20..text.len())))
        }
        _ => false,
    }
}

/// [`find_all`] without its shortcut for dates.
fn scan_all(text: &[u8], domains: Domains) -> Vec<(Range<usize>, Kind)> {
    let mut found: Vec<(Range<usize>, Kind)> = Vec::new();
    let census = Census::of(text);
    if census.at > 0 {
        found.extend(emails(text, domains).map(|r| (r, Kind::Email)));
    }
    if census.digits >= 4 && census.dots >= 3 {
        found.extend(ipv4s(text).map(|r| (r, Kind::Ip)));
    }
    // An address has `::` or seven colons (see `ipv6s`): a value with a
    // few colons (times, URLs, small serialized values) is ruled out here,
    // one with many (serialized values) by the shape around its colons.
    if (census.colons >= 7 && may_hold_ipv6(text))
        || (census.colons >= 2 && memchr::memmem::find(text, b"::").is_some())
    {
        found.extend(ipv6s(text).map(|r| (r, Kind::Ip)));
    }
    if census.digits >= 8 {
        found.extend(phones(text).map(|r| (r, Kind::Phone)));
    }
    if found.len() > 1 {
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut end = 0;
        found.retain(|(r, _)| {
            let keep = r.start >= end;
            if keep {
                end = r.end;
            }
            keep
        });
    }
    found
}

/// Counts of the bytes each finder needs: an email an `@`, an IPv4
/// address four digits and three dots, an IPv6 address two colons, a phone
/// number eight digits. Most values (names, dates, numbers) rule most
/// finders out here, in one pass that vectorises.
#[derive(Debug, Default, Clone, Copy)]
struct Census {
    digits: usize,
    at: usize,
    dots: usize,
    colons: usize,
}

impl Census {
    fn of(text: &[u8]) -> Self {
        let mut census = Census::default();
        if text.len() < 64 {
            // Short values (most of them: names, keys, cities) are counted
            // with one table lookup per byte, all four counts in one word.
            let packed: u64 = text.iter().map(|&b| CENSUS[usize::from(b)]).sum();
            census.digits = (packed & 0xffff) as usize;
            census.at = (packed >> 16 & 0xffff) as usize;
            census.dots = (packed >> 32 & 0xffff) as usize;
            census.colons = (packed >> 48) as usize;
            return census;
        }
        // Longer ones in a loop the compiler vectorises. Byte-wide lanes
        // cannot overflow within 255 bytes; chunks of a multiple of the
        // vector width leave no scalar tail but the last.
        for chunk in text.chunks(192) {
            let (mut digits, mut at, mut dots, mut colons) = (0u8, 0u8, 0u8, 0u8);
            for &b in chunk {
                digits = digits.wrapping_add(u8::from(b.wrapping_sub(b'0') < 10));
                at = at.wrapping_add(u8::from(b == b'@'));
                dots = dots.wrapping_add(u8::from(b == b'.'));
                colons = colons.wrapping_add(u8::from(b == b':'));
            }
            census.digits += usize::from(digits);
            census.at += usize::from(at);
            census.dots += usize::from(dots);
            census.colons += usize::from(colons);
        }
        census
    }
}

/// What each byte adds to a [`Census`] of a short value: digits in the
/// low 16 bits of the word, then `@`, `.` and `:`.
static CENSUS: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = match b {
            b'0'..=b'9' => 1,
            b'@' => 1 << 16,
            b'.' => 1 << 32,
            b':' => 1 << 48,
            _ => 0,
        };
        i += 1;
    }
    table
};

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._%+-'".contains(&b)
}

fn is_domain_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
}

/// Domains that are nobody's: RFC 2606/6761 reserved names, where fakes
/// live.
fn is_reserved_domain(domain: &[u8]) -> bool {
    const RESERVED: &[&[u8]] = &[
        b"example.com",
        b"example.org",
        b"example.net",
        b"example",
        b"invalid",
        b"test",
        b"localhost",
        b"local",
    ];
    RESERVED.iter().any(|reserved| {
        domain.len() >= reserved.len()
            && domain[domain.len() - reserved.len()..].eq_ignore_ascii_case(reserved)
            && (domain.len() == reserved.len() || domain[domain.len() - reserved.len() - 1] == b'.')
    })
}

/// Every email address, on the domains `domains` says.
pub(crate) fn emails(text: &[u8], domains: Domains) -> impl Iterator<Item = Range<usize>> + '_ {
    memchr::memchr_iter(b'@', text).filter_map(move |at| {
        let local = text[..at]
            .iter()
            .rev()
            .take_while(|&&b| is_local_byte(b))
            .count();
        // A local part does not start with a dot or quote.
        let skip = text[at - local..at]
            .iter()
            .take_while(|&&b| b == b'.' || b == b'\'')
            .count();
        let start = at - local + skip;
        let domain_len = text[at + 1..]
            .iter()
            .take_while(|&&b| is_domain_byte(b))
            .count();
        let mut end = at + 1 + domain_len;
        while end > at + 1 && matches!(text[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let domain = &text[at + 1..end];
        let dot = domain.iter().rposition(|&b| b == b'.')?;
        let tld = &domain[dot + 1..];
        let valid = start < at
            && dot > 0
            && tld.len() >= 2
            && tld.iter().all(u8::is_ascii_alphabetic)
            && !domain.windows(2).any(|w| w == b"..")
            && match domains {
                Domains::Real => !is_reserved_domain(domain),
                Domains::AllButFakes => {
                    !domain.eq_ignore_ascii_case(crate::fake::FAKE_EMAIL_DOMAIN.as_bytes())
                }
            };
        valid.then_some(start..end)
    })
}

/// Every IPv4 address outside loopback, unspecified and documentation
/// ranges, and not part of a longer dotted number (`1.2.3.4.5`, versions
/// like `v1.2.3.4`). Four single digits (`1.2.3.4`) read as a version.
pub(crate) fn ipv4s(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = memchr::memchr(b'.', text.get(from..)?) {
            let dot = from + offset;
            from = dot + 1;
            let digits = text[..dot]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let start = dot - digits;
            let glued = start > 0
                && matches!(text[start - 1], b'.' | b'_' | b'-' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z');
            if digits == 0 || glued {
                continue;
            }
            let Some(end) = ipv4_end(text, start) else {
                continue;
            };
            from = end;
            let span = &text[start..end];
            let parsed = std::str::from_utf8(span)
                .ok()
                .and_then(|s| s.parse::<Ipv4Addr>().ok());
            if parsed.is_some_and(|ip| !is_harmless_v4(ip)) && !looks_like_version(span) {
                return Some(start..end);
            }
        }
        None
    })
}

/// Where a dotted quad starting at `start` ends, with nothing glued after.
fn ipv4_end(text: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    for part in 0..4 {
        let digits = text
            .get(at..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=3).contains(&digits) {
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
        Some(b) if b.is_ascii_alphanumeric() || *b == b'_' => None,
        Some(b'.') if text.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) => None,
        _ => Some(at),
    }
}

fn looks_like_version(span: &[u8]) -> bool {
    span.split(|&b| b == b'.').all(|part| part.len() == 1)
}

fn is_harmless_v4(ip: Ipv4Addr) -> bool {
    ip.is_loopback() || ip.is_unspecified() || ip.is_documentation() || ip.is_broadcast()
}

fn is_harmless_v6(ip: Ipv6Addr) -> bool {
    let [a, b, ..] = ip.segments();
    ip.is_loopback() || ip.is_unspecified() || (a == 0x2001 && b == 0x0db8)
}

/// False guarantees that [`ipv6s`] finds nothing: an address it reports
/// has `::`, or eight groups of hex digits, so somewhere a colon between
/// hex digits followed by one to four of them and another colon. Ruling
/// text out this way costs a few instructions per colon; serialized values
/// (`a:2:{s:4:"name"…`) and URLs have many colons and none of these.
fn may_hold_ipv6(text: &[u8]) -> bool {
    memchr::memchr_iter(b':', text).any(|colon| {
        let after = &text[colon + 1..];
        if after.first() == Some(&b':') {
            return true;
        }
        if colon == 0 || !text[colon - 1].is_ascii_hexdigit() {
            return false;
        }
        let group = after
            .iter()
            .take(5)
            .take_while(|b| b.is_ascii_hexdigit())
            .count();
        (1..=4).contains(&group)
            && after.get(group) == Some(&b':')
            && after.get(group + 1).is_some_and(u8::is_ascii_hexdigit)
    })
}

fn is_v6_byte(b: u8) -> bool {
    b.is_ascii_hexdigit() || b == b':' || b == b'.'
}

/// Every IPv6 address outside loopback, unspecified and 2001:db8::/32.
/// Candidates need `::` or seven colons, which times (`10:30:00`), MAC
/// addresses and serialized headers (`a:2:{`) never have.
pub(crate) fn ipv6s(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = memchr::memchr(b':', text.get(from..)?) {
            let colon = from + offset;
            let start = colon
                - text[..colon]
                    .iter()
                    .rev()
                    .take_while(|&&b| is_v6_byte(b))
                    .count();
            let mut end = colon + text[colon..].iter().take_while(|&&b| is_v6_byte(b)).count();
            from = end.max(colon + 1);
            while end > start && text[end - 1] == b'.' {
                end -= 1;
            }
            let span = &text[start..end];
            let colons = span.iter().filter(|&&b| b == b':').count();
            // Most runs are a lone `:` (`s:4:`, `https:`): no address.
            if colons < 2 {
                continue;
            }
            let glued = (start > 0
                && (text[start - 1].is_ascii_alphanumeric() || text[start - 1] == b'_'))
                || text
                    .get(end)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
            if glued || !(colons == 7 || span.windows(2).any(|w| w == b"::")) {
                continue;
            }
            let parsed = std::str::from_utf8(span)
                .ok()
                .and_then(|s| s.parse::<Ipv6Addr>().ok());
            if parsed.is_some_and(|ip| !is_harmless_v6(ip)) {
                return Some(start..end);
            }
        }
        None
    })
}

/// Separators phone numbers are written with.
fn is_phone_separator(b: u8) -> bool {
    matches!(b, b' ' | b'-' | b'.' | b'(' | b')' | b'/')
}

/// Phone numbers, conservatively: `+` and 8 to 15 digits with separators;
/// North American `(555) 010-9999` and `555-010-9999`; national numbers
/// with a trunk `0` and an area code (`020 7946 0958`, `06 12 34 56 78`,
/// `0151-12345678`) of 10 to 12 digits in at least two groups. Bare
/// numbers, dates, times and ids never match; nor do fakes, which carry a
/// check.
pub(crate) fn phones(text: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(start) = next_phone_start(text, at) {
            // The digits after a digit are glued to it: none of them starts
            // a number, so the search goes on after the run.
            at = start + 1;
            if text[start].is_ascii_digit() {
                at += text[at..].iter().take_while(|b| b.is_ascii_digit()).count();
            }
            let glued = start
                .checked_sub(1)
                .is_some_and(|p| CLASS[usize::from(text[p])] & PHONE_GLUE != 0);
            if glued {
                continue;
            }
            if let Some(end) = phone_at(text, start) {
                at = end;
                if !is_fake_phone_span(&text[start..end]) {
                    return Some(start..end);
                }
            }
        }
        None
    })
}

/// The next byte at or after `from` that can start a phone number (a
/// digit, `+` or `(`). Blocks of 32 bytes are ruled out at a time, in a
/// loop the compiler vectorises, since most text has few of them.
fn next_phone_start(text: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 32;
    let mut at = from;
    while let Some(Ok(block)) = text.get(at..at + BLOCK).map(<&[u8; BLOCK]>::try_from) {
        let any = block.iter().fold(0u8, |any, &b| {
            any | u8::from(b.wrapping_sub(b'0') < 10) | u8::from(b == b'+') | u8::from(b == b'(')
        });
        if any != 0 {
            break;
        }
        at += BLOCK;
    }
    let rest = text.get(at..)?;
    rest.iter()
        .position(|&b| CLASS[usize::from(b)] & PHONE_START != 0)
        .map(|offset| at + offset)
}

/// Whether the digits of a phone number found in text carry the check of a
/// fake. Found numbers have at most 15 digits.
fn is_fake_phone_span(span: &[u8]) -> bool {
    let mut digits = [0u8; 16];
    let mut count = 0;
    for &b in span.iter().filter(|b| b.is_ascii_digit()) {
        match digits.get_mut(count) {
            Some(slot) => *slot = b,
            None => return false,
        }
        count += 1;
    }
    is_fake_phone(&digits[..count])
}

/// A byte that can start a phone number.
const PHONE_START: u8 = 1;
/// A byte that, right before a digit, makes it part of something else
/// (a word, a decimal, a date, an id).
const PHONE_GLUE: u8 = 2;

/// The class of every byte, so the scan does one lookup per byte.
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        if b.is_ascii_digit() || b == b'+' || b == b'(' {
            table[i] |= PHONE_START;
        }
        if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-' | b'/' | b'_' | b':' | b',')
        {
            table[i] |= PHONE_GLUE;
        }
        i += 1;
    }
    table
};

/// The end of a phone number starting at `start`, if one does.
fn phone_at(text: &[u8], start: usize) -> Option<usize> {
    // Quick refusals of what most digit runs are (dates, ids, prices):
    // North American numbers open with three digits and `-` or `.`,
    // national ones with a trunk `0` and a non-zero digit.
    let head = text.get(start..)?;
    let plausible = match head {
        [b'+' | b'(', ..] => true,
        [b'0', b'1'..=b'9', ..] => true,
        [a, b, c, b'-' | b'.', ..] => [a, b, c].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    };
    if !plausible {
        return None;
    }
    let mut buf = [Group { len: 0, sep: None }; MAX_GROUPS];
    let (count, end) = digit_groups(text, start, &mut buf);
    let groups = &buf[..count];
    let total: usize = groups.iter().map(|g| g.len).sum();
    let first = groups.first()?;
    let after_ok = text
        .get(end)
        .is_none_or(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'@' | b'_')));
    if !after_ok {
        return None;
    }
    match text[start] {
        b'+' => (text.get(start + 1).is_some_and(u8::is_ascii_digit) && (8..=15).contains(&total))
            .then_some(end),
        b'(' => north_american(groups, true).then_some(end),
        b'0' => {
            let national = (10..=12).contains(&total)
                && groups.len() >= 2
                && (2..=5).contains(&first.len)
                && text
                    .get(start + 1)
                    .is_some_and(|d| (b'1'..=b'9').contains(d))
                && groups
                    .iter()
                    .all(|g| g.len >= 2 && matches!(g.sep, None | Some(b' ' | b'-')));
            national.then_some(end)
        }
        _ => north_american(groups, false).then_some(end),
    }
}

#[derive(Debug, Clone, Copy)]
struct Group {
    len: usize,
    /// The separator before this group.
    sep: Option<u8>,
}

/// More digit groups than any phone number is written in.
const MAX_GROUPS: usize = 8;

/// Runs of digits separated by single separators (a `) ` pair counts as
/// one), from `start` on, into `groups`: how many, and where they end.
fn digit_groups(text: &[u8], start: usize, groups: &mut [Group; MAX_GROUPS]) -> (usize, usize) {
    let mut count = 0;
    let mut at = start;
    let mut sep = None;
    if matches!(text.get(at), Some(b'+' | b'(')) {
        sep = text.get(at).copied();
        at += 1;
    }
    let mut end = at;
    while let Some(slot) = groups.get_mut(count) {
        let len = text
            .get(at..)
            .map_or(0, |t| t.iter().take_while(|b| b.is_ascii_digit()).count());
        if len == 0 {
            break;
        }
        *slot = Group { len, sep };
        count += 1;
        at += len;
        end = at;
        let run = text.get(at..).map_or(0, |t| {
            t.iter()
                .take(2)
                .take_while(|&&b| is_phone_separator(b))
                .count()
        });
        let pair = text.get(at..at + run).unwrap_or_default();
        if run == 0 || (run == 2 && pair != b") ") {
            break;
        }
        sep = pair.first().copied();
        at += run;
    }
    (count, end)
}

/// `(555) 010-9999`, `555-010-9999`, `555.010.9999`.
fn north_american(groups: &[Group], parenthesised: bool) -> bool {
    let [a, b, c] = groups else {
        return false;
    };
    let lens = (a.len, b.len, c.len) == (3, 3, 4);
    if parenthesised {
        lens && b.sep == Some(b')') && matches!(c.sep, Some(b'-' | b'.' | b' '))
    } else {
        lens && b.sep.is_some() && b.sep == c.sep && matches!(b.sep, Some(b'-' | b'.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_date_shortcut_finds_what_the_scan_finds_in_dates_of_years_1000_to_9999(
            text in "[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?)?"
        ) {
            proptest::prop_assert!(is_datetime(text.as_bytes()));
            for domains in [Domains::Real, Domains::AllButFakes] {
                proptest::prop_assert_eq!(scan_all(text.as_bytes(), domains), Vec::new());
                proptest::prop_assert_eq!(find_all(text.as_bytes(), domains), Vec::new());
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_census_counts_every_byte_it_is_asked_about(
            text in proptest::collection::vec(
                proptest::sample::select(b"09a@.:x\0\xff".to_vec()), 0..9000
            )
        ) {
            let census = Census::of(&text);
            let count = |wanted: fn(&u8) -> bool| text.iter().filter(|b| wanted(b)).count();
            proptest::prop_assert_eq!(census.digits, count(u8::is_ascii_digit));
            proptest::prop_assert_eq!(census.at, count(|&b| b == b'@'));
            proptest::prop_assert_eq!(census.dots, count(|&b| b == b'.'));
            proptest::prop_assert_eq!(census.colons, count(|&b| b == b':'));
        }

        #[test]
        fn text_the_ipv6_gate_rules_out_holds_no_address(
            text in proptest::prop_oneof![
                "[ x_]{0,2}([0-9a-fA-F]{0,5}[:.x ]{1,2}){1,10}[0-9a-f]{0,4}[ x:_]{0,2}",
                // Addresses, full and shortened, with something around them.
                "[ a-z:_]{0,3}([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}[ a-z:._]{0,3}",
                "([0-9a-f]{4}:){7}[0-9a-f]{4}",
                "[ a-z:_]{0,3}([0-9a-f]{1,4}:){0,3}:([0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4}[ a-z:._]{0,3}",
            ]
        ) {
            if ipv6s(text.as_bytes()).next().is_some() {
                proptest::prop_assert!(may_hold_ipv6(text.as_bytes()), "{}", text);
            }
        }

        #[test]
        fn phone_starts_are_found_in_order(
            text in "([a-z .-]{0,70}[0-9+(]?){0,6}",
            from in 0usize..450,
        ) {
            let text = text.as_bytes();
            let naive = text
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, b)| b.is_ascii_digit() || **b == b'+' || **b == b'(')
                .map(|(i, _)| i);
            proptest::prop_assert_eq!(next_phone_start(text, from), naive);
        }
    }

    #[test]
    fn the_ipv6_gate_passes_addresses_and_rules_out_serialized_values_and_urls() {
        for address in [
            "2a02:1810:4d02::5",
            "fe80:0:0:0:1:2:3:4",
            "x ::1",
            "1:2:3:4:5:6:7:8",
        ] {
            assert!(may_hold_ipv6(address.as_bytes()), "{address}");
        }
        for other in [
            r#"a:2:{s:4:"name";s:3:"abc";i:0;d:0.5;}"#,
            "https://example.com:8080/path",
            r#"<!-- wp:image {"id":123} -->"#,
            "",
        ] {
            assert!(!may_hold_ipv6(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn a_date_is_not_a_phone_number() {
        // Read alone, its digits can look like a number with a trunk prefix.
        let date = b"0100-00-00 00:00:00";
        assert!(!scan_all(date, Domains::Real).is_empty());
        assert_eq!(find_all(date, Domains::Real), Vec::new());
    }

    #[test]
    fn only_dates_take_the_shortcut() {
        for date in [
            "2024-05-01",
            "2024-05-01 10:00:00",
            "0000-00-00 00:00:00",
            "2024-05-01 10:00:00.250",
        ] {
            assert!(is_datetime(date.as_bytes()), "{date}");
        }
        for other in [
            "2024-05-01 10:00",
            "2024-05-01T10:00:00",
            "2024-05-01 10:00:00.",
            "2024-05-01 10:00:00 +44 20 7946 0958",
            "2024-05-01 ann@example.co.uk",
            "555-010-9999",
            "",
        ] {
            assert!(!is_datetime(other.as_bytes()), "{other}");
        }
    }

    fn found(text: &str) -> Vec<(&str, Kind)> {
        find_all(text.as_bytes(), Domains::Real)
            .into_iter()
            .map(|(r, k)| (&text[r], k))
            .collect()
    }

    #[test]
    fn emails_skip_reserved_domains() {
        let text = "Mail jane.doe+x@mail.co.uk or bob@example.com, user-1@example.invalid, x@y, me@host.test, 'o'neil@shop.ie'.";
        let emails: Vec<_> = emails(text.as_bytes(), Domains::Real)
            .map(|r| &text[r])
            .collect();
        assert_eq!(emails, ["jane.doe+x@mail.co.uk", "o'neil@shop.ie"]);
    }

    #[test]
    fn ipv4_skips_versions_dates_and_documentation_ranges() {
        let text = "from 81.2.69.160 and 10.0.0.1; v1.2.3.4 1.2.3.4 192.0.2.7 127.0.0.1 1.2.3 2024.01.02 300.1.1.1 1.2.3.45.5 ver-10.20.30.40 (8.26.56.26)";
        let ips: Vec<_> = ipv4s(text.as_bytes()).map(|r| &text[r]).collect();
        assert_eq!(ips, ["81.2.69.160", "10.0.0.1", "8.26.56.26"]);
    }

    #[test]
    fn ipv6_needs_the_shape_of_an_address() {
        let text = "a 2a02:1810:4d02::5 b 10:30:00 c 00:1a:2b:3c:4d:5e d ::1 e 2001:db8::7 f a:2:{i:0; g fe80:0:0:0:1:2:3:4.";
        let ips: Vec<_> = ipv6s(text.as_bytes()).map(|r| &text[r]).collect();
        assert_eq!(ips, ["2a02:1810:4d02::5", "fe80:0:0:0:1:2:3:4"]);
    }

    #[test]
    fn phones_are_conservative() {
        let text = "Call +44 20 7946 0958, (555) 010-9999, 555-010-9999, 020 7946 0958, 06 12 34 56 78 or 0151-12345678.";
        let found: Vec<_> = phones(text.as_bytes()).map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "+44 20 7946 0958",
                "(555) 010-9999",
                "555-010-9999",
                "020 7946 0958",
                "06 12 34 56 78",
                "0151-12345678"
            ]
        );
        let not = "2024-01-02 10:30:00, 1700000000, id 123456789, 01234-5678, 0001-2345-6789, a+12345678901, 02.01.2024 12:30, 1.2.3.4, 12345678901234, $1,234,567.00, 0 1 2 3 4 5 6 7 8 9, 978-3-16-148410-0";
        assert_eq!(
            phones(not.as_bytes()).map(|r| &not[r]).collect::<Vec<_>>(),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn findings_do_not_overlap() {
        let text = "x jane@mail.com 81.2.69.160 +44 20 7946 0958 y";
        assert_eq!(
            found(text),
            [
                ("jane@mail.com", Kind::Email),
                ("81.2.69.160", Kind::Ip),
                ("+44 20 7946 0958", Kind::Phone)
            ]
        );
    }
}
