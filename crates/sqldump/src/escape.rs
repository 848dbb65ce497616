//! MySQL string-literal escapes: turning the body of a quoted literal into the
//! bytes it stands for, and back.
//!
//! Unescaping follows the server's rules: `\0 \' \" \b \n \r \t \Z \\` stand
//! for one byte each, `\%` and `\_` keep their backslash (they only mean
//! something inside `LIKE` patterns), any other `\x` is `x`, and a doubled
//! quote stands for one quote. Escaping writes what `mysql_real_escape_string`
//! writes, so a value that is unescaped and escaped again comes back as the
//! server itself would have dumped it.

/// Appends the bytes that the body of a literal quoted with `quote` stands for.
///
/// `body` is what lies between the opening and the closing quote. A trailing
/// lone backslash (which a complete literal cannot end with) is kept as is.
pub fn unescape(body: &[u8], quote: u8, out: &mut Vec<u8>) {
    // Most values are short and hold no escape: a plain loop settles them
    // in fewer instructions than setting up a vector search.
    if body.len() <= 32 && !body.iter().any(|&b| b == b'\\' || b == quote) {
        out.extend_from_slice(body);
        return;
    }
    let mut unescaper = Unescaper::new(quote);
    unescaper.feed(body, out);
    unescaper.finish(out);
}

/// Unescapes a literal body that arrives in pieces, for values too large to
/// hold whole. An escape split across two pieces is carried over.
#[derive(Debug, Clone)]
pub struct Unescaper {
    quote: u8,
    pending: Option<u8>,
}

impl Unescaper {
    /// An unescaper for a literal quoted with `quote` (`'` or `"`).
    pub fn new(quote: u8) -> Self {
        Unescaper {
            quote,
            pending: None,
        }
    }

    /// Appends the bytes `piece` stands for, keeping an incomplete escape for
    /// the next call.
    pub fn feed(&mut self, piece: &[u8], out: &mut Vec<u8>) {
        out.reserve(piece.len());
        let mut rest = piece;
        if let Some(first) = self.pending.take() {
            match rest.split_first() {
                Some((&second, tail)) => {
                    self.resolve_pair(first, second, out);
                    rest = tail;
                }
                None => {
                    self.pending = Some(first);
                    return;
                }
            }
        }
        while let Some(at) = memchr::memchr2(b'\\', self.quote, rest) {
            out.extend_from_slice(&rest[..at]);
            let lead = rest[at];
            match rest.get(at + 1) {
                Some(&second) => {
                    self.resolve_pair(lead, second, out);
                    rest = &rest[at + 2..];
                }
                None => {
                    self.pending = Some(lead);
                    return;
                }
            }
        }
        out.extend_from_slice(rest);
    }

    /// Flushes an escape left incomplete at the very end of the body.
    pub fn finish(self, out: &mut Vec<u8>) {
        if let Some(lead) = self.pending {
            out.push(lead);
        }
    }

    fn resolve_pair(&self, lead: u8, second: u8, out: &mut Vec<u8>) {
        if lead == self.quote {
            // A doubled quote stands for one; a lone quote cannot occur inside
            // a well-formed body, so it is kept as it is.
            out.push(lead);
            if second != self.quote {
                out.push(second);
            }
            return;
        }
        match second {
            b'0' => out.push(0),
            b'b' => out.push(0x08),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'Z' => out.push(0x1a),
            b'%' | b'_' => {
                out.push(b'\\');
                out.push(second);
            }
            other => out.push(other),
        }
    }
}

/// Walks an escaped literal body alongside the value it stands for, to find
/// where a position of the value lies in the body. Lets a transform splice
/// changes into the body and keep every other byte exactly as it was.
#[derive(Debug, Clone)]
pub struct BodyCursor<'a> {
    body: &'a [u8],
    quote: u8,
    raw: usize,
    value: usize,
}

impl<'a> BodyCursor<'a> {
    /// A cursor at the start of `body`, a literal quoted with `quote`.
    pub fn new(body: &'a [u8], quote: u8) -> Self {
        BodyCursor {
            body,
            quote,
            raw: 0,
            value: 0,
        }
    }

    /// The position in the body where position `target` of the value starts.
    /// Targets must not decrease from one call to the next.
    pub fn seek(&mut self, target: usize) -> usize {
        while self.value < target {
            let rest = &self.body[self.raw.min(self.body.len())..];
            let plain = memchr::memchr2(b'\\', self.quote, rest).unwrap_or(rest.len());
            if self.value + plain >= target || plain == rest.len() {
                self.raw += target - self.value;
                self.value = target;
                break;
            }
            self.raw += plain;
            self.value += plain;
            // An escape pair: `\%`, `\_` and a lone quote stand for two
            // bytes, everything else for one.
            let lead = self.body[self.raw];
            let Some(second) = self.body.get(self.raw + 1).copied() else {
                self.raw += 1;
                self.value += 1;
                continue;
            };
            let width = match (lead, second) {
                (b'\\', b'%' | b'_') => 2,
                (q, s) if q == self.quote && s != self.quote => 2,
                _ => 1,
            };
            if width == 2 && self.value + 1 == target {
                self.raw += 1;
                self.value += 1;
                break;
            }
            self.raw += 2;
            self.value += width;
        }
        self.raw
    }
}

/// The escape for each byte that needs one (`0` for bytes written as they are).
const ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    table[0] = b'0';
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\\' as usize] = b'\\';
    table[b'\'' as usize] = b'\'';
    table[b'"' as usize] = b'"';
    table[0x1a] = b'Z';
    table
};

/// Whether any byte of a block needs an escape. Written without early exit
/// so that it compiles to vector compares.
#[inline]
fn block_needs_escape(block: &[u8; 16]) -> bool {
    let mut found = 0u8;
    for &b in block {
        found |= u8::from(b == 0)
            | u8::from(b == b'\n')
            | u8::from(b == b'\r')
            | u8::from(b == b'\\')
            | u8::from(b == b'\'')
            | u8::from(b == b'"')
            | u8::from(b == 0x1a);
    }
    found != 0
}

/// Appends `value` escaped for the body of a single- or double-quoted literal,
/// the way `mysql_real_escape_string` (and so mysqldump) writes it.
pub fn escape(value: &[u8], out: &mut Vec<u8>) {
    out.reserve(value.len() + value.len() / 16 + 2);
    // Clean runs are copied whole; blocks with something to escape go byte
    // by byte.
    let mut start = 0;
    let mut at = 0;
    while at < value.len() {
        if let Some(block) = value
            .get(at..at + 16)
            .and_then(|b| <&[u8; 16]>::try_from(b).ok())
        {
            if !block_needs_escape(block) {
                at += 16;
                continue;
            }
        }
        let end = (at + 16).min(value.len());
        for i in at..end {
            let escape = ESCAPES[usize::from(value[i])];
            if escape != 0 {
                out.extend_from_slice(&value[start..i]);
                out.extend_from_slice(&[b'\\', escape]);
                start = i + 1;
            }
        }
        at = end;
    }
    out.extend_from_slice(&value[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn un(body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        unescape(body, b'\'', &mut out);
        out
    }

    #[test]
    fn every_escape_stands_for_its_byte() {
        assert_eq!(un(br"\0"), b"\0");
        assert_eq!(un(br"\'"), b"'");
        assert_eq!(un(br#"\""#), b"\"");
        assert_eq!(un(br"\b"), b"\x08");
        assert_eq!(un(br"\n"), b"\n");
        assert_eq!(un(br"\r"), b"\r");
        assert_eq!(un(br"\t"), b"\t");
        assert_eq!(un(br"\Z"), b"\x1a");
        assert_eq!(un(br"\\"), b"\\");
        assert_eq!(un(br"\%"), br"\%");
        assert_eq!(un(br"\_"), br"\_");
        assert_eq!(un(br"\q"), b"q");
        assert_eq!(un(b"it''s"), b"it's");
    }

    #[test]
    fn double_quoted_bodies_double_their_own_quote() {
        let mut out = Vec::new();
        unescape(br#"say ""hi"" it's"#, b'"', &mut out);
        assert_eq!(out, br#"say "hi" it's"#);
    }

    #[test]
    fn escape_writes_what_mysqldump_writes() {
        let mut out = Vec::new();
        escape(b"a\0b\nc\rd\\e'f\"g\x1ah\ti", &mut out);
        assert_eq!(out, br#"a\0b\nc\rd\\e\'f\"g\Zh	i"#);
    }

    #[test]
    fn pieces_split_inside_an_escape_unescape_like_the_whole() {
        let body = br"a\nb\\c\'d\Z";
        for cut in 0..=body.len() {
            let mut streaming = Unescaper::new(b'\'');
            let mut out = Vec::new();
            streaming.feed(&body[..cut], &mut out);
            streaming.feed(&body[cut..], &mut out);
            streaming.finish(&mut out);
            assert_eq!(out, un(body), "cut at {cut}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_cursor_maps_value_positions_to_body_positions(value: Vec<u8>, cut_a: usize, cut_b: usize) {
            let mut body = Vec::new();
            escape(&value, &mut body);
            let (mut a, mut b) = (cut_a % (value.len() + 1), cut_b % (value.len() + 1));
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            let mut cursor = BodyCursor::new(&body, b'\'');
            let (ra, rb) = (cursor.seek(a), cursor.seek(b));
            let mut middle = Vec::new();
            unescape(&body[ra..rb], b'\'', &mut middle);
            proptest::prop_assert_eq!(middle, &value[a..b]);
        }

        #[test]
        fn escape_then_unescape_is_identity(value: Vec<u8>) {
            let mut escaped = Vec::new();
            escape(&value, &mut escaped);
            let mut back = Vec::new();
            unescape(&escaped, b'\'', &mut back);
            proptest::prop_assert_eq!(back, value);
        }
    }
}
