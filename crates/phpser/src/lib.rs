//! PHP's `serialize()` format, read and rewritten at the byte level.
//!
//! Nothing is instantiated: objects of any class, custom-serialized objects
//! (`C:`), references and enums are walked as bytes, so a value that PHP
//! itself could only unserialize with the right classes loaded is handled the
//! same as any other. [`map_strings`] rewrites the strings inside a value and
//! recomputes every length in bytes, which is what a plain search and replace
//! gets wrong.
#![deny(missing_docs)]

use std::fmt;

/// Nesting deeper than this is refused instead of risking the stack.
pub const MAX_DEPTH: usize = 512;

/// A key on the path from the root of a serialized value to one of its
/// strings: an array index or key, or an object property name (with PHP's
/// `\0Class\0` / `\0*\0` visibility markers as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// An integer array key.
    Int(i64),
    /// A string array key or property name.
    Str(&'a [u8]),
}

/// Why a value is not exactly one serialized value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the input where parsing failed.
    pub offset: usize,
    /// What was expected there.
    pub message: &'static str,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// A cheap test of the first bytes: true when the value starts the way a
/// serialized value does (`a:1:{`, `s:3:"`, `O:8:"`, `i:`, `b:`, `d:`,
/// `N;`…). It does not parse the rest.
pub fn looks_serialized(v: &[u8]) -> bool {
    match v {
        [b'N', b';', ..] => true,
        [b'a' | b'O' | b'C' | b's' | b'S' | b'E', b':', d, ..] => d.is_ascii_digit(),
        [b'i' | b'd' | b'b' | b'r' | b'R', b':', ..] => v.last() == Some(&b';'),
        _ => false,
    }
}

/// Ok when the whole input is exactly one serialized value.
pub fn validate(v: &[u8]) -> Result<(), ParseError> {
    let mut walker = Walker::new(v, None::<fn(&[Key<'_>], &[u8]) -> Option<Vec<u8>>>);
    walker.whole()
}

/// Walks one serialized value (the whole input must be exactly one) and calls
/// `f` for every string value — not array keys or property names — with the
/// path of keys from the root. Where `f` returns `Some(bytes)`, the string is
/// replaced and its length recomputed in bytes. The payload of a `C:`
/// custom-serialized object is passed as a string too.
///
/// Returns `Ok(None)` when nothing changed and `Ok(Some(value))` otherwise.
pub fn map_strings<F>(input: &[u8], f: F) -> Result<Option<Vec<u8>>, ParseError>
where
    F: FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>>,
{
    let mut walker = Walker::new(input, Some(f));
    walker.whole()?;
    Ok(walker.changed.then_some(walker.out))
}

/// A recursive-descent walk that copies the input to `out` as it goes,
/// replacing strings where the callback says so.
struct Walker<'a, F> {
    input: &'a [u8],
    at: usize,
    f: Option<F>,
    path: Vec<Key<'a>>,
    out: Vec<u8>,
    /// Input up to here is copied to `out` already.
    copied: usize,
    changed: bool,
}

impl<'a, F> Walker<'a, F>
where
    F: FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>>,
{
    fn new(input: &'a [u8], f: Option<F>) -> Self {
        Walker {
            input,
            at: 0,
            f,
            path: Vec::new(),
            out: Vec::new(),
            copied: 0,
            changed: false,
        }
    }

    fn whole(&mut self) -> Result<(), ParseError> {
        self.value(0)?;
        if self.at != self.input.len() {
            return Err(self.error("trailing bytes after the value"));
        }
        if self.changed {
            let rest = &self.input[self.copied..];
            self.out.extend_from_slice(rest);
        }
        Ok(())
    }

    fn error(&self, message: &'static str) -> ParseError {
        ParseError {
            offset: self.at,
            message,
        }
    }

    fn expect(&mut self, byte: u8, message: &'static str) -> Result<(), ParseError> {
        if self.input.get(self.at) == Some(&byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    /// An unsigned decimal length or count.
    fn length(&mut self) -> Result<usize, ParseError> {
        let start = self.at;
        let mut value: usize = 0;
        while let Some(&d) = self.input.get(self.at).filter(|d| d.is_ascii_digit()) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(usize::from(d - b'0')))
                .ok_or_else(|| self.error("length out of range"))?;
            self.at += 1;
        }
        if self.at == start {
            return Err(self.error("expected a length"));
        }
        Ok(value)
    }

    /// A signed integer up to `;` (consumed).
    fn integer(&mut self) -> Result<i64, ParseError> {
        let start = self.at;
        if matches!(self.input.get(self.at), Some(b'-' | b'+')) {
            self.at += 1;
        }
        let digits = self.at;
        while self.input.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        if self.at == digits {
            return Err(self.error("expected an integer"));
        }
        let text = std::str::from_utf8(&self.input[start..self.at])
            .map_err(|_| self.error("expected an integer"))?;
        let value = text
            .parse()
            .map_err(|_| self.error("integer out of range"))?;
        self.expect(b';', "expected `;` after an integer")?;
        Ok(value)
    }

    /// `N:"<N bytes>"`, returning the bytes' range.
    fn counted_string(&mut self) -> Result<(usize, usize), ParseError> {
        let len = self.length()?;
        self.expect(b':', "expected `:` after a string length")?;
        self.expect(b'"', "expected `\"` to open a string")?;
        let start = self.at;
        let end = start
            .checked_add(len)
            .filter(|&end| end <= self.input.len())
            .ok_or_else(|| self.error("string length runs past the end"))?;
        self.at = end;
        self.expect(b'"', "string length does not match its bytes")?;
        Ok((start, end))
    }

    /// Copies the input up to `upto` to `out`, then appends `bytes`.
    fn splice(&mut self, upto: usize, bytes: &[u8], resume: usize) {
        self.out.extend_from_slice(&self.input[self.copied..upto]);
        self.out.extend_from_slice(bytes);
        self.copied = resume;
        self.changed = true;
    }

    /// Offers a string to the callback; on a replacement, rewrites the
    /// `len:"…"` part between `len_start` and the closing quote at `end`.
    fn offer(&mut self, len_start: usize, start: usize, end: usize) {
        let Some(f) = self.f.as_mut() else {
            return;
        };
        let input = self.input;
        if let Some(new) = f(&self.path, &input[start..end]) {
            if new.as_slice() == &input[start..end] {
                return;
            }
            let mut replacement = Vec::with_capacity(new.len() + 24);
            replacement.extend_from_slice(new.len().to_string().as_bytes());
            replacement.extend_from_slice(b":\"");
            replacement.extend_from_slice(&new);
            self.splice(len_start, &replacement, end);
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        let Some(&tag) = self.input.get(self.at) else {
            return Err(self.error("expected a value"));
        };
        if tag == b'N' {
            self.at += 1;
            return self.expect(b';', "expected `;` after N");
        }
        self.at += 1;
        self.expect(b':', "expected `:` after the type")?;
        match tag {
            b'b' => {
                if !matches!(self.input.get(self.at), Some(b'0' | b'1')) {
                    return Err(self.error("expected 0 or 1"));
                }
                self.at += 1;
                self.expect(b';', "expected `;` after a boolean")
            }
            b'i' => self.integer().map(drop),
            b'r' | b'R' => self.integer().map(drop),
            b'd' => {
                let start = self.at;
                while self
                    .input
                    .get(self.at)
                    .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
                {
                    self.at += 1;
                }
                if self.at == start {
                    return Err(self.error("expected a number"));
                }
                self.expect(b';', "expected `;` after a float")
            }
            b's' => {
                let len_start = self.at;
                let (start, end) = self.counted_string()?;
                self.expect(b';', "expected `;` after a string")?;
                self.offer(len_start, start, end);
                Ok(())
            }
            b'S' => {
                // Escaped strings count decoded bytes; `\xx` is one byte.
                let len = self.length()?;
                self.expect(b':', "expected `:` after a string length")?;
                self.expect(b'"', "expected `\"` to open a string")?;
                for _ in 0..len {
                    match self.input.get(self.at) {
                        Some(b'\\') => self.at += 3,
                        Some(_) => self.at += 1,
                        None => return Err(self.error("string length runs past the end")),
                    }
                }
                self.expect(b'"', "string length does not match its bytes")?;
                self.expect(b';', "expected `;` after a string")
            }
            b'E' => {
                let (start, end) = self.counted_string()?;
                if !self.input[start..end].contains(&b':') {
                    return Err(self.error("an enum names Class:Case"));
                }
                self.expect(b';', "expected `;` after an enum")
            }
            b'a' => {
                let count = self.length()?;
                self.expect(b':', "expected `:` after an array size")?;
                self.expect(b'{', "expected `{` to open an array")?;
                self.members(count, depth)
            }
            b'O' => {
                self.counted_string()?;
                self.expect(b':', "expected `:` after a class name")?;
                let count = self.length()?;
                self.expect(b':', "expected `:` after a property count")?;
                self.expect(b'{', "expected `{` to open an object")?;
                self.members(count, depth)
            }
            b'C' => {
                self.counted_string()?;
                self.expect(b':', "expected `:` after a class name")?;
                let len_start = self.at;
                let len = self.length()?;
                self.expect(b':', "expected `:` after a payload length")?;
                self.expect(b'{', "expected `{` to open a payload")?;
                let start = self.at;
                let end = start
                    .checked_add(len)
                    .filter(|&end| end <= self.input.len())
                    .ok_or_else(|| self.error("payload length runs past the end"))?;
                self.at = end;
                self.expect(b'}', "payload length does not match its bytes")?;
                self.offer_payload(len_start, start, end);
                Ok(())
            }
            _ => {
                self.at -= 2;
                Err(self.error("unknown type"))
            }
        }
    }

    /// Like [`Self::offer`], for a `C:` payload written `len:{…}`.
    fn offer_payload(&mut self, len_start: usize, start: usize, end: usize) {
        let Some(f) = self.f.as_mut() else {
            return;
        };
        let input = self.input;
        if let Some(new) = f(&self.path, &input[start..end]) {
            if new.as_slice() == &input[start..end] {
                return;
            }
            let mut replacement = Vec::with_capacity(new.len() + 24);
            replacement.extend_from_slice(new.len().to_string().as_bytes());
            replacement.extend_from_slice(b":{");
            replacement.extend_from_slice(&new);
            self.splice(len_start, &replacement, end);
        }
    }

    /// `count` key/value pairs and the closing `}`.
    fn members(&mut self, count: usize, depth: usize) -> Result<(), ParseError> {
        for _ in 0..count {
            let key = self.key()?;
            self.path.push(key);
            let result = self.value(depth + 1);
            self.path.pop();
            result?;
        }
        self.expect(b'}', "expected `}` after the members")
    }

    fn key(&mut self) -> Result<Key<'a>, ParseError> {
        match self.input.get(self.at) {
            Some(b'i') => {
                self.at += 1;
                self.expect(b':', "expected `:` after the type")?;
                Ok(Key::Int(self.integer()?))
            }
            Some(b's') => {
                self.at += 1;
                self.expect(b':', "expected `:` after the type")?;
                let (start, end) = self.counted_string()?;
                self.expect(b';', "expected `;` after a key")?;
                let input = self.input;
                Ok(Key::Str(&input[start..end]))
            }
            _ => Err(self.error("expected an integer or string key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upper(v: &[u8]) -> Vec<u8> {
        map_strings(v, |_, s| Some(s.to_ascii_uppercase()))
            .expect("parses")
            .unwrap_or_else(|| v.to_vec())
    }

    #[test]
    fn every_scalar_form_validates() {
        for v in [
            &b"N;"[..],
            b"b:0;",
            b"b:1;",
            b"i:-12;",
            b"d:1.5;",
            b"d:INF;",
            b"d:-INF;",
            b"d:NAN;",
            b"d:1.0E+25;",
            b"s:0:\"\";",
            b"s:3:\"a\"b\";",
            b"S:3:\"a\\41b\";",
            b"E:7:\"Foo:Bar\";",
        ] {
            assert_eq!(validate(v), Ok(()), "{}", String::from_utf8_lossy(v));
        }
    }

    #[test]
    fn lengths_are_recomputed_in_bytes() {
        let v = br#"a:2:{i:0;s:5:"hello";s:1:"k";s:2:"hi";}"#;
        let out = map_strings(v, |_, s| {
            (s == b"hello").then(|| "héllo 日本".as_bytes().to_vec())
        })
        .expect("parses")
        .expect("changed");
        assert_eq!(
            out,
            "a:2:{i:0;s:13:\"héllo 日本\";s:1:\"k\";s:2:\"hi\";}".as_bytes()
        );
        assert_eq!(validate(&out), Ok(()));
    }

    #[test]
    fn private_and_protected_property_names_keep_their_nul_bytes() {
        let v = b"O:3:\"Foo\":2:{s:8:\"\0Foo\0url\";s:1:\"a\";s:6:\"\0*\0url\";s:1:\"b\";}";
        let mut paths = Vec::new();
        let out = map_strings(v, |path, s| {
            paths.push(match path {
                [Key::Str(name)] => name.to_vec(),
                _ => Vec::new(),
            });
            Some([s, s].concat())
        })
        .expect("parses")
        .expect("changed");
        assert_eq!(
            out,
            b"O:3:\"Foo\":2:{s:8:\"\0Foo\0url\";s:2:\"aa\";s:6:\"\0*\0url\";s:2:\"bb\";}"
        );
        assert_eq!(paths, [b"\0Foo\0url".to_vec(), b"\0*\0url".to_vec()]);
    }

    #[test]
    fn custom_serialized_payloads_are_offered_and_resized() {
        let v = b"C:11:\"ArrayObject\":21:{x:i:0;a:0:{};m:a:0:{}}";
        assert_eq!(validate(v), Ok(()));
        let out = upper(v);
        assert_eq!(out, b"C:11:\"ArrayObject\":21:{X:I:0;A:0:{};M:A:0:{}}");
    }

    #[test]
    fn references_and_nested_arrays_pass() {
        let v = br#"a:2:{s:1:"a";a:1:{i:0;s:1:"x";}s:1:"b";R:3;}"#;
        assert_eq!(upper(v), br#"a:2:{s:1:"a";a:1:{i:0;s:1:"X";}s:1:"b";R:3;}"#);
    }

    #[test]
    fn only_a_whole_value_counts() {
        assert!(validate(b"s:2:\"hi\"; trailing").is_err());
        assert!(validate(b"text with s:2:\"hi\"; inside").is_err());
        assert!(validate(b"s:3:\"hi\";").is_err());
        assert!(validate(b"a:2:{i:0;N;}").is_err());
        assert!(validate(b"").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut v = Vec::new();
        for _ in 0..100_000 {
            v.extend_from_slice(b"a:1:{i:0;");
        }
        v.extend_from_slice(b"N;");
        v.extend(std::iter::repeat_n(b'}', 100_000));
        assert!(validate(&v).is_err());
    }

    #[test]
    fn the_cheap_test_looks_at_the_start() {
        assert!(looks_serialized(b"a:1:{i:0;N;}"));
        assert!(looks_serialized(b"a:1:{broken"));
        assert!(looks_serialized(b"i:5;"));
        assert!(!looks_serialized(b"apple"));
        assert!(!looks_serialized(b"s:x"));
        assert!(!looks_serialized(b"https://example.com"));
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// A serialized tree and its strings, in order.
        fn tree() -> impl Strategy<Value = Vec<u8>> {
            let leaf = prop_oneof![
                Just(b"N;".to_vec()),
                any::<i32>().prop_map(|i| format!("i:{i};").into_bytes()),
                any::<bool>().prop_map(|b| format!("b:{};", u8::from(b)).into_bytes()),
                proptest::collection::vec(any::<u8>(), 0..20).prop_map(|s| string(&s)),
                "[a-zé日 ]{0,10}".prop_map(|s| string(s.as_bytes())),
            ];
            leaf.prop_recursive(4, 40, 6, |inner| {
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..5).prop_map(|items| {
                        let mut v = format!("a:{}:{{", items.len()).into_bytes();
                        for (i, item) in items.iter().enumerate() {
                            v.extend_from_slice(format!("i:{i};").as_bytes());
                            v.extend_from_slice(item);
                        }
                        v.push(b'}');
                        v
                    }),
                    proptest::collection::vec(inner.clone(), 0..4).prop_map(|items| {
                        let mut v = format!("O:8:\"Foo_Bar_\":{}:{{", items.len()).into_bytes();
                        for (i, item) in items.iter().enumerate() {
                            v.extend_from_slice(&string(format!("\0Foo_Bar_\0p{i}").as_bytes()));
                            v.extend_from_slice(item);
                        }
                        v.push(b'}');
                        v
                    }),
                    // A serialized value inside a string.
                    inner.prop_map(|v| string(&v)),
                ]
            })
        }

        fn string(s: &[u8]) -> Vec<u8> {
            let mut v = format!("s:{}:\"", s.len()).into_bytes();
            v.extend_from_slice(s);
            v.extend_from_slice(b"\";");
            v
        }

        proptest! {
            #[test]
            fn generated_trees_validate_and_map_to_valid_trees(v in tree()) {
                prop_assert_eq!(validate(&v), Ok(()));
                prop_assert_eq!(map_strings(&v, |_, _| None), Ok(None));
                let mut seen = Vec::new();
                let mapped = map_strings(&v, |_, s| {
                    seen.push(s.to_vec());
                    Some([s, "→é".as_bytes()].concat())
                }).expect("parses");
                if let Some(mapped) = mapped {
                    prop_assert_eq!(validate(&mapped), Ok(()));
                    let mut again = Vec::new();
                    map_strings(&mapped, |_, s| { again.push(s.to_vec()); None }).expect("parses");
                    let expected: Vec<Vec<u8>> = seen.iter().map(|s| [s.as_slice(), "→é".as_bytes()].concat()).collect();
                    prop_assert_eq!(again, expected);
                }
            }

            #[test]
            fn arbitrary_bytes_never_panic(v in proptest::collection::vec(any::<u8>(), 0..200)) {
                let _ = validate(&v);
                let _ = map_strings(&v, |_, s| Some(s.to_vec()));
            }
        }
    }
}
