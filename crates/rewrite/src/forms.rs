//! The written forms of one pair, and matching one form at a found host.

use crate::{MapError, Mapping};

/// How a URL is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `https://example.com/path`
    Plain,
    /// `https:\/\/example.com\/path`
    Json,
    /// `https%3A%2F%2Fexample.com%2Fpath`
    Encoded,
    /// `//example.com/path`
    RelativePlain,
    /// `\/\/example.com\/path`
    RelativeJson,
    /// `%2F%2Fexample.com%2Fpath`
    RelativeEncoded,
    /// `example.com`, a bare host anywhere.
    Host,
}

impl Form {
    fn encoded(self) -> bool {
        matches!(self, Form::Encoded | Form::RelativeEncoded)
    }
}

/// A URL or host split into the parts matching treats differently.
#[derive(Debug, Clone)]
struct Parts {
    /// Lowercase scheme, when the pair is of URLs.
    scheme: Option<String>,
    /// Lowercase host name, without port.
    host: String,
    /// `:port` and `/path`, as given.
    rest: String,
}

/// A parsed pair.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub(crate) host: Vec<u8>,
    from: Parts,
    to: Parts,
}

impl Parsed {
    /// What makes two pairs the same.
    pub(crate) fn key(&self) -> (Option<String>, String, String) {
        (
            self.from.scheme.clone(),
            self.from.host.clone(),
            self.from.rest.clone(),
        )
    }

    /// The patterns to search for this pair.
    pub(crate) fn patterns(&self) -> impl Iterator<Item = Pattern> + '_ {
        let forms: &[Form] = match self.from.scheme {
            Some(_) => &[
                Form::Plain,
                Form::Json,
                Form::Encoded,
                Form::RelativePlain,
                Form::RelativeJson,
                Form::RelativeEncoded,
            ],
            None => &[Form::Host],
        };
        forms.iter().map(|&form| Pattern {
            form,
            prefix: prefix(&self.from, form).into_bytes(),
            host: self.host.clone(),
            suffix: encode(&self.from.rest, form).into_bytes(),
            replacement: written(&self.to, form, false).into_bytes(),
            replacement_lower_hex: written(&self.to, form, true).into_bytes(),
        })
    }
}

fn prefix(parts: &Parts, form: Form) -> String {
    let scheme = parts.scheme.as_deref().unwrap_or_default();
    match form {
        Form::Plain => format!("{scheme}://"),
        Form::Json => format!("{scheme}:\\/\\/"),
        Form::Encoded => format!("{scheme}%3A%2F%2F"),
        Form::RelativePlain => "//".into(),
        Form::RelativeJson => "\\/\\/".into(),
        Form::RelativeEncoded => "%2F%2F".into(),
        Form::Host => String::new(),
    }
}

/// `text` as it appears in `form`.
fn encode(text: &str, form: Form) -> String {
    match form {
        Form::Json | Form::RelativeJson => text.replace('/', "\\/"),
        Form::Encoded | Form::RelativeEncoded => text.replace(':', "%3A").replace('/', "%2F"),
        _ => text.to_owned(),
    }
}

/// The whole of `parts` written in `form`.
fn written(parts: &Parts, form: Form, lower_hex: bool) -> String {
    let text = format!(
        "{}{}{}",
        prefix(parts, form),
        parts.host,
        encode(&parts.rest, form)
    );
    if lower_hex && form.encoded() {
        text.replace("%3A", "%3a").replace("%2F", "%2f")
    } else {
        text
    }
}

fn split(text: &str) -> Result<Parts, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty");
    }
    if text
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b == b'"' || b == b'\\')
    {
        return Err("contains white space, a quote or a backslash");
    }
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) => {
            if scheme.is_empty()
                || !scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
            {
                return Err("has an invalid scheme");
            }
            (Some(scheme.to_ascii_lowercase()), rest)
        }
        None if text.starts_with("//") => {
            return Err("protocol-relative: give the scheme (it matches `//` forms too)")
        }
        None => (None, text),
    };
    let host_end = rest.find([':', '/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    if host.is_empty()
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._[]".contains(&b) || b >= 0x80)
    {
        return Err("has no valid host");
    }
    Ok(Parts {
        scheme,
        host: host.to_ascii_lowercase(),
        rest: rest[host_end..].to_owned(),
    })
}

pub(crate) fn parse_pair(pair: &Mapping) -> Result<Parsed, MapError> {
    let invalid = |reason| MapError::Invalid {
        from: pair.from.clone(),
        to: pair.to.clone(),
        reason,
    };
    let mut from = split(&pair.from).map_err(invalid)?;
    let mut to = split(&pair.to).map_err(invalid)?;
    if from.scheme.is_some() != to.scheme.is_some() {
        return Err(invalid("map a URL to a URL, or a host to a host"));
    }
    // `https://a.com/` means the site, like `https://a.com`.
    if from.rest.ends_with('/') && (to.rest.ends_with('/') || to.rest.is_empty()) {
        from.rest.pop();
        if to.rest.ends_with('/') {
            to.rest.pop();
        }
    }
    Ok(Parsed {
        host: from.host.clone().into_bytes(),
        from,
        to,
    })
}

/// One form of one pair, anchored on its host.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    form: Form,
    prefix: Vec<u8>,
    host: Vec<u8>,
    suffix: Vec<u8>,
    replacement: Vec<u8>,
    replacement_lower_hex: Vec<u8>,
}

/// Whether a pattern matches around a host found in a text.
pub(crate) enum PatternMatch {
    Yes {
        start: usize,
        end: usize,
    },
    /// It may match, but the text ends too soon to tell.
    Unsure {
        start: usize,
    },
    No,
}

/// Bytes a host name is made of; a match must not be glued to more of them.
fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

impl Pattern {
    pub(crate) fn len(&self) -> usize {
        self.prefix.len() + self.host.len() + self.suffix.len()
    }

    /// Matches this pattern with its host at `host_at` (already compared).
    pub(crate) fn match_at(&self, text: &[u8], host_at: usize, complete: bool) -> PatternMatch {
        let Some(start) = host_at.checked_sub(self.prefix.len()) else {
            return PatternMatch::No;
        };
        if !text[start..host_at].eq_ignore_ascii_case(&self.prefix) || !self.before_ok(text, start)
        {
            return PatternMatch::No;
        }
        let host_end = host_at + self.host.len();
        let available = &text[host_end.min(text.len())..];
        let suffix_matches = |a: &[u8], b: &[u8]| {
            if self.form.encoded() {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        if available.len() < self.suffix.len() {
            if !complete && suffix_matches(available, &self.suffix[..available.len()]) {
                return PatternMatch::Unsure { start };
            }
            return PatternMatch::No;
        }
        if !self.suffix.is_empty() && !suffix_matches(&available[..self.suffix.len()], &self.suffix)
        {
            return PatternMatch::No;
        }
        let end = host_end + self.suffix.len();
        match self.after_ok(text, end, complete) {
            Some(true) => PatternMatch::Yes { start, end },
            Some(false) => PatternMatch::No,
            None => PatternMatch::Unsure { start },
        }
    }

    /// What may stand before the match.
    fn before_ok(&self, text: &[u8], start: usize) -> bool {
        let before = &text[..start];
        let Some(&last) = before.last() else {
            return true;
        };
        match self.form {
            Form::Host => {
                // `%2Fexample.com` is a host after an encoded slash.
                let encoded = before.len() >= 3
                    && before[before.len() - 3] == b'%'
                    && before[before.len() - 2..].iter().all(u8::is_ascii_hexdigit);
                encoded || !(is_host_byte(last) || last == b'.')
            }
            Form::Plain | Form::Json | Form::Encoded => {
                !(last.is_ascii_alphanumeric() || b"+.-".contains(&last))
            }
            Form::RelativePlain | Form::RelativeJson => last != b':' && last != b'/',
            Form::RelativeEncoded => {
                let tail = &before[before.len().saturating_sub(3)..];
                !(tail.eq_ignore_ascii_case(b"%3A") || tail.eq_ignore_ascii_case(b"%2F"))
            }
        }
    }

    /// What may follow the match: `None` when the text ends too soon to tell.
    fn after_ok(&self, text: &[u8], end: usize, complete: bool) -> Option<bool> {
        if self.suffix.ends_with(b"/") || self.suffix.ends_with(b"%2F") {
            return Some(true);
        }
        let Some(&next) = text.get(end) else {
            return if complete { Some(true) } else { None };
        };
        if is_host_byte(next) {
            return Some(false);
        }
        if next == b'.' {
            return match text.get(end + 1) {
                Some(&after) => Some(!is_host_byte(after)),
                None if complete => Some(true),
                None => None,
            };
        }
        Some(true)
    }

    /// The replacement, written with the same hex case as the matched text.
    pub(crate) fn replacement(&self, text: &[u8], start: usize) -> &[u8] {
        if self.form.encoded() {
            let matched = &text[start..];
            if let Some(at) = matched.iter().position(|&b| b == b'%') {
                if matched.get(at + 2).is_some_and(u8::is_ascii_lowercase) {
                    return &self.replacement_lower_hex;
                }
            }
        }
        &self.replacement
    }
}
