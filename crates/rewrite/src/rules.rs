//! The written forms of a pair, and matching one form around a found host.

use crate::pair::{Address, Pair};

/// How a URL's separators are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escaping {
    /// `https://example.com/path`
    Plain,
    /// `https:\/\/example.com\/path`, as PHP's `json_encode()` writes it.
    Json,
    /// `https%3A%2F%2Fexample.com%2Fpath`, in either hex case.
    Encoded,
}

/// What a rule matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// A bare host, anywhere a host can stand.
    Host,
    /// A URL with its scheme.
    Url(Escaping),
    /// A protocol-relative URL (`//example.com/path`).
    Relative(Escaping),
}

/// One form of one pair, anchored on the pair's host.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    form: Form,
    /// Written before the host (`https://`, `\/\/`…), matched regardless of
    /// ASCII case.
    prefix: Box<[u8]>,
    /// Written after the host (port and path), matched exactly except for
    /// the hex digits of escapes.
    suffix: Box<[u8]>,
    /// Which bytes of `suffix` are hex digits of an escape.
    suffix_hex: Box<[bool]>,
    /// The replacement, with upper-case hex escapes where there are escapes.
    replacement: Box<[u8]>,
    /// The replacement with lower-case hex escapes, for encoded forms.
    replacement_lower: Box<[u8]>,
    /// The pair's position in the list: among equal matches, the first pair
    /// wins.
    pub(crate) pair: usize,
}

/// A rule matched: the range it covers and what replaces it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'r> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) replacement: &'r [u8],
    pub(crate) pair: usize,
}

impl Hit<'_> {
    /// Leftmost first, then longest, then the pair listed first.
    pub(crate) fn beats(&self, other: &Hit<'_>) -> bool {
        (self.start, std::cmp::Reverse(self.end), self.pair)
            < (other.start, std::cmp::Reverse(other.end), other.pair)
    }
}

/// The rules of one pair, in every form it is matched in.
pub(crate) fn rules(pair: &Pair, index: usize) -> Vec<Rule> {
    if pair.from.scheme.is_none() {
        return vec![Rule::new(Form::Host, pair, index)];
    }
    [Escaping::Plain, Escaping::Json, Escaping::Encoded]
        .into_iter()
        .flat_map(|e| [Form::Url(e), Form::Relative(e)])
        .map(|form| Rule::new(form, pair, index))
        .collect()
}

impl Rule {
    fn new(form: Form, pair: &Pair, index: usize) -> Rule {
        let (suffix, suffix_hex) = escaped(&pair.from.rest, escaping(form), Hex::Upper);
        Rule {
            form,
            prefix: prefix(&pair.from, form).into(),
            suffix: suffix.into(),
            suffix_hex: suffix_hex.into(),
            replacement: written(&pair.to, form, Hex::Upper).into(),
            replacement_lower: written(&pair.to, form, Hex::Lower).into(),
            pair: index,
        }
    }

    /// The most bytes this rule covers besides the host.
    pub(crate) fn extra_len(&self) -> usize {
        self.prefix.len() + self.suffix.len()
    }

    pub(crate) fn prefix_len(&self) -> usize {
        self.prefix.len()
    }

    /// Matches this rule around its host, found at `host_start..host_end`.
    /// The match must not start before `from`; bytes before it are context.
    pub(crate) fn match_at(
        &self,
        text: &[u8],
        from: usize,
        host_start: usize,
        host_end: usize,
    ) -> Option<Hit<'_>> {
        let start = host_start.checked_sub(self.prefix.len())?;
        if start < from
            || !text
                .get(start..host_start)?
                .eq_ignore_ascii_case(&self.prefix)
        {
            return None;
        }
        let end = host_end + self.suffix.len();
        let suffix = text.get(host_end..end)?;
        let suffix_ok = suffix
            .iter()
            .zip(self.suffix.iter().zip(self.suffix_hex.iter()))
            .all(|(&t, (&p, &hex))| t == p || (hex && t.eq_ignore_ascii_case(&p)));
        if !suffix_ok || !self.before_ok(text, start) || glued_after(text, end) {
            return None;
        }
        Some(Hit {
            start,
            end,
            replacement: self.replacement_for(text, start, host_start),
            pair: self.pair,
        })
    }

    /// Whether the byte(s) before `start` leave the match standing alone.
    fn before_ok(&self, text: &[u8], start: usize) -> bool {
        let before = &text[..start];
        let Some(&last) = before.last() else {
            return true;
        };
        match self.form {
            // `%2Fexample.com`: the letter before is part of an escape.
            Form::Host => !is_host_byte(last) || ends_with_escape(before),
            // `xhttps://` would be another scheme.
            Form::Url(_) => {
                !(last.is_ascii_alphanumeric() || b"+.-".contains(&last))
                    || ends_with_escape(before)
            }
            // `https://`, `http:\/\/`, `///`: the `//` belongs to a scheme
            // (another pair's business) or to a path.
            Form::Relative(Escaping::Plain | Escaping::Json) => last != b':' && last != b'/',
            Form::Relative(Escaping::Encoded) => {
                let tail = &before[before.len().saturating_sub(3)..];
                !(tail.eq_ignore_ascii_case(b"%3A") || tail.eq_ignore_ascii_case(b"%2F"))
            }
        }
    }

    /// Encoded forms are replaced in the hex case the match was written in.
    fn replacement_for(&self, text: &[u8], start: usize, host_start: usize) -> &[u8] {
        if escaping(self.form) == Escaping::Encoded && has_lower_hex(&text[start..host_start]) {
            &self.replacement_lower
        } else {
            &self.replacement
        }
    }
}

/// Whether the first escape with a letter in `written` has it in lower case.
fn has_lower_hex(written: &[u8]) -> bool {
    written
        .windows(3)
        .filter(|w| w[0] == b'%')
        .flat_map(|w| [w[1], w[2]])
        .find(u8::is_ascii_alphabetic)
        .is_some_and(|b| b.is_ascii_lowercase())
}

fn escaping(form: Form) -> Escaping {
    match form {
        Form::Host => Escaping::Plain,
        Form::Url(e) | Form::Relative(e) => e,
    }
}

/// The bytes a host is made of, for the boundary before a match.
fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
}

/// Whether `before` ends with a `%XX` escape.
fn ends_with_escape(before: &[u8]) -> bool {
    matches!(before, [.., b'%', a, b] if a.is_ascii_hexdigit() && b.is_ascii_hexdigit())
}

/// Whether the match ending at `end` runs on into a longer name:
/// `example.community`, `example.com-old`, `example.com.au`, `/blogger`.
/// A `.` that ends a sentence does not count.
pub(crate) fn glued_after(text: &[u8], end: usize) -> bool {
    match text.get(end) {
        Some(&b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => true,
        Some(b'.') => text.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
        _ => false,
    }
}

#[derive(Clone, Copy)]
enum Hex {
    Upper,
    Lower,
}

/// What goes before the host of `address` in `form`.
fn prefix(address: &Address, form: Form) -> Vec<u8> {
    let scheme = address.scheme.as_deref().unwrap_or_default();
    let text = match form {
        Form::Host => String::new(),
        Form::Url(Escaping::Plain) => format!("{scheme}://"),
        Form::Url(Escaping::Json) => format!("{scheme}:\\/\\/"),
        Form::Url(Escaping::Encoded) => format!("{scheme}%3A%2F%2F"),
        Form::Relative(Escaping::Plain) => "//".into(),
        Form::Relative(Escaping::Json) => "\\/\\/".into(),
        Form::Relative(Escaping::Encoded) => "%2F%2F".into(),
    };
    text.into_bytes()
}

/// The whole of `address` written in `form`: what replaces a match.
fn written(address: &Address, form: Form, hex: Hex) -> Vec<u8> {
    let mut out = prefix(address, form);
    if let Hex::Lower = hex {
        lower_escapes(&mut out);
    }
    out.extend_from_slice(address.host.as_bytes());
    out.extend_from_slice(&escaped(&address.rest, escaping(form), hex).0);
    out
}

/// Lower-cases the hex digits of the `%XX` escapes in `bytes`.
fn lower_escapes(bytes: &mut [u8]) {
    let mut i = 0;
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'%'))
    {
        let at = i + offset;
        for b in bytes.iter_mut().skip(at + 1).take(2) {
            b.make_ascii_lowercase();
        }
        i = at + 3;
    }
}

/// `text` (a port and path) written with `escaping`, and which of its bytes
/// are hex digits of an escape.
fn escaped(text: &str, escaping: Escaping, hex: Hex) -> (Vec<u8>, Vec<bool>) {
    let mut out = Vec::with_capacity(text.len() * 3);
    let mut is_hex = Vec::with_capacity(text.len() * 3);
    for b in text.bytes() {
        match escaping {
            Escaping::Json if b == b'/' => {
                out.extend_from_slice(b"\\/");
                is_hex.extend([false, false]);
            }
            Escaping::Encoded if !(b.is_ascii_alphanumeric() || b"-._~".contains(&b)) => {
                let digits = match hex {
                    Hex::Upper => b"0123456789ABCDEF",
                    Hex::Lower => b"0123456789abcdef",
                };
                out.extend([
                    b'%',
                    digits[usize::from(b >> 4)],
                    digits[usize::from(b & 15)],
                ]);
                is_hex.extend([false, true, true]);
            }
            _ => {
                out.push(b);
                is_hex.push(false);
            }
        }
    }
    (out, is_hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(scheme: Option<&str>, host: &str, rest: &str) -> Address {
        Address {
            scheme: scheme.map(String::from),
            host: host.into(),
            rest: rest.into(),
        }
    }

    #[test]
    fn every_form_is_written_with_its_own_separators() {
        let a = address(Some("https"), "example.org", ":8080/a b");
        let write = |form, hex| String::from_utf8(written(&a, form, hex)).expect("utf-8");
        assert_eq!(
            write(Form::Url(Escaping::Plain), Hex::Upper),
            "https://example.org:8080/a b"
        );
        assert_eq!(
            write(Form::Url(Escaping::Json), Hex::Upper),
            "https:\\/\\/example.org:8080\\/a b"
        );
        assert_eq!(
            write(Form::Url(Escaping::Encoded), Hex::Upper),
            "https%3A%2F%2Fexample.org%3A8080%2Fa%20b"
        );
        assert_eq!(
            write(Form::Url(Escaping::Encoded), Hex::Lower),
            "https%3a%2f%2fexample.org%3a8080%2fa%20b"
        );
        assert_eq!(
            write(Form::Relative(Escaping::Plain), Hex::Upper),
            "//example.org:8080/a b"
        );
        assert_eq!(
            write(Form::Relative(Escaping::Json), Hex::Upper),
            "\\/\\/example.org:8080\\/a b"
        );
        assert_eq!(
            write(Form::Relative(Escaping::Encoded), Hex::Lower),
            "%2f%2fexample.org%3a8080%2fa%20b"
        );
    }

    #[test]
    fn hits_order_leftmost_then_longest_then_first_listed() {
        let hit = |start, end, pair| Hit {
            start,
            end,
            replacement: b"",
            pair,
        };
        assert!(hit(1, 5, 3).beats(&hit(2, 9, 0)));
        assert!(hit(1, 9, 3).beats(&hit(1, 5, 0)));
        assert!(hit(1, 5, 0).beats(&hit(1, 5, 3)));
        assert!(!hit(1, 5, 3).beats(&hit(1, 5, 3)));
    }

    #[test]
    fn a_match_glues_on_to_name_bytes_but_not_to_a_full_stop() {
        for (text, glued) in [
            ("x.com", false),
            ("x.comm", true),
            ("x.com-a", true),
            ("x.com_a", true),
            ("x.com.au", true),
            ("x.com.", false),
            ("x.com. Next", false),
            ("x.com:8080", false),
            ("x.com/", false),
            ("x.com\"", false),
            ("x.com%2F", false),
        ] {
            assert_eq!(glued_after(text.as_bytes(), 5), glued, "{text}");
        }
    }
}
