//! A recursive-descent walk over one serialized value that, when mapping,
//! copies the input to a new buffer lazily: nothing is written until the
//! first string actually changes.

use crate::{Key, ParseError, Reason};

/// The callback type of a walk that only validates.
type NoMap = fn(&[Key<'_>], &[u8]) -> Option<Vec<u8>>;

pub(crate) struct Walker<'a, F> {
    input: &'a [u8],
    pos: usize,
    max_depth: usize,
    mapper: Option<Mapper<'a, F>>,
}

/// The state of a mapping walk.
struct Mapper<'a, F> {
    f: F,
    path: Vec<Key<'a>>,
    out: Vec<u8>,
    /// The input before this offset is in `out` already (once `changed`).
    copied: usize,
    changed: bool,
}

impl<'a> Walker<'a, NoMap> {
    pub(crate) fn validator(input: &'a [u8], max_depth: usize) -> Self {
        Walker {
            input,
            pos: 0,
            max_depth,
            mapper: None,
        }
    }
}

impl<'a, F> Walker<'a, F>
where
    F: FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>>,
{
    pub(crate) fn mapper(input: &'a [u8], max_depth: usize, f: F) -> Self {
        Walker {
            input,
            pos: 0,
            max_depth,
            mapper: Some(Mapper {
                f,
                path: Vec::new(),
                out: Vec::new(),
                copied: 0,
                changed: false,
            }),
        }
    }

    /// Parses the whole input as one value; returns the new bytes when a
    /// string changed.
    pub(crate) fn run(self) -> Result<Option<Vec<u8>>, ParseError> {
        let len = self.input.len();
        match self.run_leading()? {
            (end, _) if end != len => Err(ParseError {
                offset: end,
                reason: Reason::TrailingBytes,
            }),
            (_, mapped) => Ok(mapped),
        }
    }

    /// Parses the one value the input starts with; returns where it ends and
    /// its new bytes when a string changed.
    pub(crate) fn run_leading(mut self) -> Result<(usize, Option<Vec<u8>>), ParseError> {
        self.value(0)?;
        let end = self.pos;
        let value = &self.input[..end];
        Ok((end, self.mapper.and_then(|m| m.finish(value))))
    }

    fn error(&self, reason: Reason) -> ParseError {
        self.error_at(self.pos, reason)
    }

    fn error_at(&self, offset: usize, reason: Reason) -> ParseError {
        ParseError { offset, reason }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn next_byte(&mut self) -> Result<u8, ParseError> {
        let byte = self
            .peek()
            .ok_or_else(|| self.error(Reason::UnexpectedEnd))?;
        self.pos += 1;
        Ok(byte)
    }

    fn expect(&mut self, expected: u8) -> Result<(), ParseError> {
        match self.peek() {
            Some(found) if found == expected => {
                self.pos += 1;
                Ok(())
            }
            Some(found) => Err(self.error(Reason::Unexpected { expected, found })),
            None => Err(self.error(Reason::UnexpectedEnd)),
        }
    }

    /// Takes the next `len` bytes, returning their range.
    fn take(&mut self, len: usize) -> Result<(usize, usize), ParseError> {
        let start = self.pos;
        let end = start
            .checked_add(len)
            .filter(|&end| end <= self.input.len())
            .ok_or_else(|| self.error(Reason::PastEnd { declared: len }))?;
        self.pos = end;
        Ok((start, end))
    }

    /// The delimiter that must follow `declared` bytes of content.
    fn expect_after_content(&mut self, close: u8, declared: usize) -> Result<(), ParseError> {
        if self.peek() == Some(close) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(Reason::LengthMismatch { declared }))
        }
    }

    /// Digits only: a length, count or reference.
    fn unsigned(&mut self) -> Result<usize, ParseError> {
        let start = self.pos;
        let mut value: usize = 0;
        while let Some(digit) = self.peek().filter(u8::is_ascii_digit) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(usize::from(digit - b'0')))
                .ok_or_else(|| self.error_at(start, Reason::NumberTooLarge))?;
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.error(Reason::BadNumber));
        }
        Ok(value)
    }

    /// `[+-]?[0-9]+`, clamped to the `i64` range as PHP clamps it.
    fn integer(&mut self) -> Result<i64, ParseError> {
        let negative = self.sign();
        let start = self.pos;
        let mut magnitude: u64 = 0;
        while let Some(digit) = self.peek().filter(u8::is_ascii_digit) {
            magnitude = magnitude
                .saturating_mul(10)
                .saturating_add(u64::from(digit - b'0'));
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.error(Reason::BadNumber));
        }
        let value = if negative {
            -i128::from(magnitude)
        } else {
            i128::from(magnitude)
        };
        Ok(i64::try_from(value).unwrap_or(if negative { i64::MIN } else { i64::MAX }))
    }

    /// An optional sign; true when it is `-`.
    fn sign(&mut self) -> bool {
        match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// PHP's float syntax: `NAN`, `INF`, `-INF`, or `[+-]?` digits with an
    /// optional fraction (`1.`, `.5`) and an optional exponent (`E+25`).
    fn float(&mut self) -> Result<(), ParseError> {
        let rest = self.input.get(self.pos..).unwrap_or_default();
        for special in [&b"NAN"[..], b"INF", b"-INF"] {
            if rest.starts_with(special) {
                self.pos += special.len();
                return Ok(());
            }
        }
        let start = self.pos;
        self.sign();
        let whole = self.digits();
        let fraction = if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits()
        } else {
            0
        };
        if whole == 0 && fraction == 0 {
            return Err(self.error_at(start, Reason::BadNumber));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            self.sign();
            if self.digits() == 0 {
                return Err(self.error(Reason::BadNumber));
            }
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<(), ParseError> {
        if depth > self.max_depth {
            return Err(self.error(Reason::TooDeep(self.max_depth)));
        }
        let tag_at = self.pos;
        match self.next_byte()? {
            b'N' => self.expect(b';'),
            b'b' => self.boolean(),
            b'i' => {
                self.expect(b':')?;
                self.integer()?;
                self.expect(b';')
            }
            b'd' => {
                self.expect(b':')?;
                self.float()?;
                self.expect(b';')
            }
            b'r' | b'R' => self.reference(),
            b's' => self.string(),
            b'S' => self.escaped_string().map(drop),
            b'E' => self.enum_case(),
            b'a' => self.array(depth),
            b'O' => self.object(depth),
            b'C' => self.custom_object(),
            other => Err(self.error_at(tag_at, Reason::UnknownType(other))),
        }
    }

    fn boolean(&mut self) -> Result<(), ParseError> {
        self.expect(b':')?;
        if !matches!(self.peek(), Some(b'0' | b'1')) {
            return Err(self.error(Reason::BadBool));
        }
        self.pos += 1;
        self.expect(b';')
    }

    /// `r:N;` or `R:N;`. Whether value N exists is not checked: a `C:`
    /// payload may define values this walk cannot see.
    fn reference(&mut self) -> Result<(), ParseError> {
        self.expect(b':')?;
        let at = self.pos;
        if self.unsigned()? == 0 {
            return Err(self.error_at(at, Reason::BadReference));
        }
        self.expect(b';')
    }

    /// `:N:"` then N bytes and `"`, returning the length's offset and the
    /// range of the bytes.
    fn counted(&mut self) -> Result<(usize, usize, usize), ParseError> {
        self.expect(b':')?;
        let len_at = self.pos;
        let len = self.unsigned()?;
        self.expect(b':')?;
        self.expect(b'"')?;
        let (start, end) = self.take(len)?;
        self.expect_after_content(b'"', len)?;
        Ok((len_at, start, end))
    }

    fn string(&mut self) -> Result<(), ParseError> {
        let (len_at, start, end) = self.counted()?;
        self.expect(b';')?;
        self.offer(len_at, start, end, b'"');
        Ok(())
    }

    /// `S:N:"…";`, where N counts decoded bytes and `\xx` is one byte.
    /// Returns the range of the bytes as written.
    fn escaped_string(&mut self) -> Result<(usize, usize), ParseError> {
        self.expect(b':')?;
        let len = self.unsigned()?;
        self.expect(b':')?;
        self.expect(b'"')?;
        let start = self.pos;
        for _ in 0..len {
            match self.peek() {
                None => return Err(self.error(Reason::PastEnd { declared: len })),
                Some(b'\\') => {
                    let escape = self.input.get(self.pos + 1..self.pos + 3);
                    if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                        return Err(self.error(Reason::BadEscape));
                    }
                    self.pos += 3;
                }
                Some(_) => self.pos += 1,
            }
        }
        let end = self.pos;
        self.expect_after_content(b'"', len)?;
        self.expect(b';')?;
        Ok((start, end))
    }

    /// `E:N:"Class:Case";`
    fn enum_case(&mut self) -> Result<(), ParseError> {
        let (_, start, end) = self.counted()?;
        let text = &self.input[start..end];
        let valid = text
            .iter()
            .position(|&b| b == b':')
            .is_some_and(|colon| is_class_name(&text[..colon]) && colon + 1 < text.len());
        if !valid {
            return Err(self.error_at(start, Reason::BadEnum));
        }
        self.expect(b';')
    }

    /// `:N:"Class"`, checked the way PHP checks class names.
    fn class_name(&mut self) -> Result<(), ParseError> {
        let (_, start, end) = self.counted()?;
        if !is_class_name(&self.input[start..end]) {
            return Err(self.error_at(start, Reason::BadClassName));
        }
        Ok(())
    }

    /// `a:N:{` key/value pairs `}`.
    fn array(&mut self, depth: usize) -> Result<(), ParseError> {
        self.expect(b':')?;
        let count = self.unsigned()?;
        self.expect(b':')?;
        self.expect(b'{')?;
        self.members(count, depth)
    }

    /// `O:N:"Class":M:{` property/value pairs `}`.
    fn object(&mut self, depth: usize) -> Result<(), ParseError> {
        self.class_name()?;
        self.expect(b':')?;
        let count = self.unsigned()?;
        self.expect(b':')?;
        self.expect(b'{')?;
        self.members(count, depth)
    }

    /// `C:N:"Class":M:{` M bytes in the class's own format `}`.
    fn custom_object(&mut self) -> Result<(), ParseError> {
        self.class_name()?;
        self.expect(b':')?;
        let len_at = self.pos;
        let len = self.unsigned()?;
        self.expect(b':')?;
        self.expect(b'{')?;
        let (start, end) = self.take(len)?;
        self.expect_after_content(b'}', len)?;
        self.offer(len_at, start, end, b'{');
        Ok(())
    }

    fn members(&mut self, count: usize, depth: usize) -> Result<(), ParseError> {
        for _ in 0..count {
            let key = self.key()?;
            if let Some(m) = self.mapper.as_mut() {
                m.path.push(key);
            }
            let result = self.value(depth + 1);
            if let Some(m) = self.mapper.as_mut() {
                m.path.pop();
            }
            result?;
        }
        self.expect(b'}')
    }

    fn key(&mut self) -> Result<Key<'a>, ParseError> {
        let tag_at = self.pos;
        match self.next_byte()? {
            b'i' => {
                self.expect(b':')?;
                let key = self.integer()?;
                self.expect(b';')?;
                Ok(Key::Int(key))
            }
            b's' => {
                let (_, start, end) = self.counted()?;
                self.expect(b';')?;
                Ok(Key::Str(&self.input[start..end]))
            }
            b'S' => {
                let (start, end) = self.escaped_string()?;
                Ok(Key::Str(&self.input[start..end]))
            }
            other => Err(self.error_at(tag_at, Reason::BadKey(other))),
        }
    }

    /// Offers the string at `start..end` to the callback; on a new value,
    /// the `len:<open>…` part from `len_at` is written anew.
    fn offer(&mut self, len_at: usize, start: usize, end: usize, open: u8) {
        let input = self.input;
        let Some(m) = self.mapper.as_mut() else {
            return;
        };
        let old = &input[start..end];
        match (m.f)(&m.path, old) {
            Some(new) if new != old => m.replace(input, len_at, end, open, &new),
            _ => {}
        }
    }
}

impl<F> Mapper<'_, F> {
    /// Writes everything up to `len_at`, then `new` with its length, and
    /// resumes copying at `resume` (the closing delimiter).
    fn replace(&mut self, input: &[u8], len_at: usize, resume: usize, open: u8, new: &[u8]) {
        if !self.changed {
            self.changed = true;
            self.out.reserve(input.len() + new.len());
        }
        self.out.extend_from_slice(&input[self.copied..len_at]);
        push_decimal(&mut self.out, new.len());
        self.out.push(b':');
        self.out.push(open);
        self.out.extend_from_slice(new);
        self.copied = resume;
    }

    fn finish(mut self, input: &[u8]) -> Option<Vec<u8>> {
        if !self.changed {
            return None;
        }
        self.out.extend_from_slice(&input[self.copied..]);
        Some(self.out)
    }
}

/// PHP accepts letters, digits, `_`, `\` (namespaces) and any byte from 0x80
/// in a class name.
fn is_class_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'\\' || b >= 0x80)
}

/// Writes `n` in decimal without allocating.
fn push_decimal(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        // `n % 10` is below 10, so the cast cannot truncate.
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use super::push_decimal;

    #[test]
    fn decimals_are_written_like_format() {
        for n in [0, 7, 10, 99, 12345, usize::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }
}
