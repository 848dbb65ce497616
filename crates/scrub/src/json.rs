//! JSON values scrubbed in place: like `slipway_phpser::map_strings`, every
//! string value (not object keys) is offered with its path, and only the
//! strings that change are rewritten. Everything else — spacing, key order,
//! number spelling, `\/` escapes — stays byte for byte, which a parse and
//! re-serialize would not keep.

use slipway_phpser::Key;

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 128;

/// Why a value is not one JSON document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonError {
    /// Byte offset of the fault.
    pub(crate) offset: usize,
}

/// Whether a value starts like a JSON object or array (worth a parse).
pub(crate) fn looks_like_json(v: &[u8]) -> bool {
    matches!(v.trim_ascii_start().first(), Some(b'{' | b'['))
        && matches!(v.trim_ascii_end().last(), Some(b'}' | b']'))
}

/// Calls `f` for every string value with its path (object keys as written,
/// array indexes as integers) and its decoded bytes; where `f` returns
/// `Some`, the string is replaced. `Ok(None)` when nothing changed.
pub(crate) fn map_strings<F>(input: &[u8], f: F) -> Result<Option<Vec<u8>>, JsonError>
where
    F: FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>>,
{
    let mut walker = Walker {
        input,
        at: 0,
        f,
        path: Vec::new(),
        out: Vec::new(),
        copied: 0,
        scratch: Vec::new(),
    };
    walker.space();
    walker.value(0)?;
    walker.space();
    if walker.at != input.len() {
        return Err(walker.error());
    }
    if walker.copied == 0 {
        return Ok(None);
    }
    walker.out.extend_from_slice(&input[walker.copied..]);
    Ok(Some(walker.out))
}

struct Walker<'a, F> {
    input: &'a [u8],
    at: usize,
    f: F,
    path: Vec<Key<'a>>,
    out: Vec<u8>,
    /// Input before this offset is in `out` already (0: nothing changed).
    copied: usize,
    scratch: Vec<u8>,
}

impl<'a, F> Walker<'a, F>
where
    F: FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>>,
{
    fn error(&self) -> JsonError {
        JsonError { offset: self.at }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.peek() != Some(byte) {
            return Err(self.error());
        }
        self.at += 1;
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error());
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string_value(),
            Some(b't') => self.word(b"true"),
            Some(b'f') => self.word(b"false"),
            Some(b'n') => self.word(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error()),
        }
    }

    fn object(&mut self, depth: usize) -> Result<(), JsonError> {
        self.expect(b'{')?;
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(());
        }
        loop {
            self.space();
            let (start, end, _) = self.string_span()?;
            // Keys are matched as written; escapes in keys are rare enough
            // not to decode them for matching.
            self.path.push(Key::Str(&self.input[start..end]));
            self.space();
            self.expect(b':')?;
            self.space();
            self.value(depth + 1)?;
            self.path.pop();
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<(), JsonError> {
        self.expect(b'[')?;
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(());
        }
        let mut index = 0i64;
        loop {
            self.space();
            self.path.push(Key::Int(index));
            self.value(depth + 1)?;
            self.path.pop();
            index += 1;
            self.space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn word(&mut self, word: &[u8]) -> Result<(), JsonError> {
        if !self.input[self.at..].starts_with(word) {
            return Err(self.error());
        }
        self.at += word.len();
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let n = self.input[self.at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        self.at += n;
        n
    }

    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        if self.digits() == 0 {
            return Err(self.error());
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error());
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error());
            }
        }
        Ok(())
    }

    /// The body of a string (between the quotes) and whether it has escapes.
    fn string_span(&mut self) -> Result<(usize, usize, bool), JsonError> {
        self.expect(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            let rest = &self.input[self.at..];
            let Some(stop) = memchr::memchr2(b'"', b'\\', rest) else {
                self.at = self.input.len();
                return Err(self.error());
            };
            if rest[..stop].iter().any(|&b| b < 0x20) {
                return Err(self.error());
            }
            self.at += stop;
            if rest[stop] == b'"' {
                let end = self.at;
                self.at += 1;
                return Ok((start, end, escaped));
            }
            escaped = true;
            // Skip the backslash and the escaped byte; `\u` digits are
            // checked when decoding.
            self.at += 2;
            if self.at > self.input.len() {
                return Err(self.error());
            }
        }
    }

    fn string_value(&mut self) -> Result<(), JsonError> {
        let quote = self.at;
        let (start, end, escaped) = self.string_span()?;
        let raw = &self.input[start..end];
        let replacement = if escaped {
            self.scratch.clear();
            decode(raw, &mut self.scratch).map_err(|at| JsonError { offset: start + at })?;
            (self.f)(&self.path, &self.scratch)
        } else {
            (self.f)(&self.path, raw)
        };
        if let Some(new) = replacement {
            let unchanged = if escaped {
                new == self.scratch
            } else {
                new == raw
            };
            if !unchanged {
                self.out.extend_from_slice(&self.input[self.copied..quote]);
                encode(&new, &mut self.out);
                self.copied = end + 1;
            }
        }
        Ok(())
    }
}

/// JSON string escapes decoded; the error is the offset of a bad escape.
fn decode(raw: &[u8], out: &mut Vec<u8>) -> Result<(), usize> {
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        let simple = match raw.get(i + 1) {
            Some(b'"') => b'"',
            Some(b'\\') => b'\\',
            Some(b'/') => b'/',
            Some(b'b') => 0x08,
            Some(b'f') => 0x0c,
            Some(b'n') => b'\n',
            Some(b'r') => b'\r',
            Some(b't') => b'\t',
            Some(b'u') => {
                let (c, used) = unicode_escape(raw, i)?;
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += used;
                continue;
            }
            _ => return Err(i),
        };
        out.push(simple);
        i += 2;
    }
    Ok(())
}

/// `\uXXXX`, or a surrogate pair of two, at `i`: the character and how many
/// bytes it took.
fn unicode_escape(raw: &[u8], i: usize) -> Result<(char, usize), usize> {
    let unit = |at: usize| -> Option<u32> {
        let hex = raw.get(at + 2..at + 6)?;
        if raw.get(at..at + 2)? != b"\\u" {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let high = unit(i).ok_or(i)?;
    if (0xD800..0xDC00).contains(&high) {
        let low = unit(i + 6)
            .filter(|l| (0xDC00..0xE000).contains(l))
            .ok_or(i)?;
        let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
        return char::from_u32(c).map(|c| (c, 12)).ok_or(i);
    }
    char::from_u32(high).map(|c| (c, 6)).ok_or(i)
}

/// A JSON string literal of `s`, with quotes. Bytes that are not UTF-8 are
/// written as they are, as they were in the input.
fn encode(s: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for &b in s {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0..=0x1f => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upper_names(input: &str) -> Result<Option<String>, JsonError> {
        map_strings(input.as_bytes(), |path, s| {
            matches!(path.last(), Some(Key::Str(b"name"))).then(|| s.to_ascii_uppercase())
        })
        .map(|o| o.map(|v| String::from_utf8(v).unwrap()))
    }

    #[test]
    fn only_changed_strings_are_rewritten() {
        let input = r#" {"a" : [1, -2.5e3, true, null], "name":"jo\/e \u00e9", "x":{"name":"\ud83d\ude00"}, "k":"v"} "#;
        let out = upper_names(input).unwrap().unwrap();
        assert_eq!(
            out,
            " {\"a\" : [1, -2.5e3, true, null], \"name\":\"JO/E \u{e9}\", \"x\":{\"name\":\"\\ud83d\\ude00\"}, \"k\":\"v\"} "
        );
        serde_json::from_str::<serde_json::Value>(&out).unwrap();
        assert_eq!(upper_names(r#"{"name":"ALREADY","n":"x"}"#).unwrap(), None);
    }

    #[test]
    fn paths_carry_indexes_and_keys() {
        let mut seen = Vec::new();
        map_strings(br#"{"1":{"value":"a"},"l":["b",{"c":"d"}]}"#, |path, s| {
            seen.push((format!("{path:?}"), s.to_vec()));
            None
        })
        .unwrap();
        assert_eq!(seen.len(), 3);
        assert!(seen[1].0.contains("Int(0)") && seen[2].0.contains("Int(1)"));
    }

    #[test]
    fn replacements_are_escaped() {
        let out = map_strings(br#"["x"]"#, |_, _| Some(b"a\"b\\c\nd\x01".to_vec()))
            .unwrap()
            .unwrap();
        let back: Vec<String> = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, ["a\"b\\c\nd\u{1}"]);
    }

    #[test]
    fn broken_documents_are_errors() {
        for bad in [
            r#"{"a":1"#,
            r#"{"a" 1}"#,
            "[1,]",
            r#"["\x"]"#,
            r#"["\ud800"]"#,
            "[1] x",
            "[01e]",
            "[\"a\nb\"]",
            r#"["\"#,
        ] {
            assert!(map_strings(bad.as_bytes(), |_, _| None).is_err(), "{bad}");
        }
        assert!(!looks_like_json(b"[caption id=1]text"));
        assert!(looks_like_json(b" {\"a\":1} "));
    }
}
