//! A YAML writer for rendered objects: two-space indents, sequences at
//! their key's indentation (as kubectl writes them), multi-line text as
//! literal blocks, and every string quoted unless it is plainly a word.
//!
//! The Kubernetes tool chain reads YAML 1.1, where an unquoted `no`, `on`
//! or `1:20` is not a string, so "plain" here is narrow on purpose: a string
//! that YAML 1.1 or 1.2 could read as anything but itself is written in
//! double quotes.
//!
//! It is a `serde_json` formatter: serde_json walks the value and this
//! writes YAML where JSON would go, so no intermediate tree is built (that
//! tree cost more than the writing). Keys come out in serialization order:
//! k8s-openapi's, the typed resources' field order, and sorted maps.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter};

/// Writes `value` as a YAML document.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, YamlFormatter::default());
    value.serialize(&mut ser)?;
    // Everything written came from &str pieces and ASCII.
    String::from_utf8(out).map_err(|e| serde_json::Error::io(io::Error::other(e)))
}

/// Where a value starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// The document itself.
    Top,
    /// After `key:`.
    AfterKey,
    /// After `- `.
    AfterDash,
}

/// An open map or sequence.
#[derive(Debug, Clone, Copy)]
struct Open {
    is_map: bool,
    /// Entries written so far.
    entries: usize,
    /// Indentation level of its entries.
    level: usize,
    /// Where it started: an empty one is written as `{}`/`[]` there.
    slot: Slot,
}

/// The formatter's state.
#[derive(Debug)]
struct YamlFormatter {
    stack: Vec<Open>,
    /// Where the next value starts.
    slot: Slot,
    /// Inside a string: `Some(true)` for a key.
    string: Option<bool>,
    /// The string being collected (serde_json hands it over in pieces).
    buffer: String,
}

impl Default for YamlFormatter {
    fn default() -> Self {
        YamlFormatter {
            stack: Vec::with_capacity(16),
            slot: Slot::Top,
            string: None,
            buffer: String::with_capacity(256),
        }
    }
}

fn indent<W: ?Sized + Write>(w: &mut W, level: usize) -> io::Result<()> {
    const SPACES: &[u8; 64] = &[b' '; 64];
    let mut n = level * 2;
    while n > 0 {
        let take = n.min(SPACES.len());
        w.write_all(&SPACES[..take])?;
        n -= take;
    }
    Ok(())
}

impl YamlFormatter {
    /// Indentation of a block scalar's lines in the current slot.
    fn block_level(&self) -> usize {
        self.stack.last().map_or(1, |open| open.level + 1)
    }

    fn scalar<W: ?Sized + Write>(&mut self, w: &mut W, text: &str) -> io::Result<()> {
        if self.string.is_some() {
            // A number as a map key: part of the key's text.
            self.buffer.push_str(text);
            return Ok(());
        }
        if self.slot == Slot::AfterKey {
            w.write_all(b" ")?;
        }
        w.write_all(text.as_bytes())?;
        w.write_all(b"\n")
    }

    fn integer<W: ?Sized + Write>(&mut self, w: &mut W, value: i128) -> io::Result<()> {
        if self.string.is_some() {
            use std::fmt::Write as _;
            let _ = write!(self.buffer, "{value}");
            return Ok(());
        }
        if self.slot == Slot::AfterKey {
            w.write_all(b" ")?;
        }
        writeln!(w, "{value}")
    }

    fn open(&mut self, is_map: bool) {
        let level = match (self.slot, self.stack.last()) {
            (Slot::Top, _) | (_, None) => 0,
            // Sequences under a key sit at the key's indentation.
            (Slot::AfterKey, Some(parent)) if !is_map => parent.level,
            (_, Some(parent)) => parent.level + 1,
        };
        self.stack.push(Open {
            is_map,
            entries: 0,
            level,
            slot: self.slot,
        });
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        let Some(open) = self.stack.pop() else {
            return Ok(());
        };
        if open.entries == 0 {
            if open.slot == Slot::AfterKey {
                w.write_all(b" ")?;
            }
            w.write_all(if open.is_map { b"{}\n" } else { b"[]\n" })?;
        }
        Ok(())
    }

    /// Starts an entry of the innermost container: the line break after
    /// its key, or nothing when the first entry follows `- ` on its line.
    fn entry<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        let Some(open) = self.stack.last_mut() else {
            return Ok(());
        };
        open.entries += 1;
        if open.entries == 1 {
            match open.slot {
                Slot::AfterDash => return Ok(()),
                Slot::AfterKey => w.write_all(b"\n")?,
                Slot::Top => {}
            }
        }
        indent(w, open.level)
    }
}

impl Formatter for YamlFormatter {
    fn write_null<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.scalar(w, "null")
    }

    fn write_bool<W: ?Sized + Write>(&mut self, w: &mut W, value: bool) -> io::Result<()> {
        self.scalar(w, if value { "true" } else { "false" })
    }

    fn write_i8<W: ?Sized + Write>(&mut self, w: &mut W, value: i8) -> io::Result<()> {
        self.integer(w, i128::from(value))
    }

    fn write_i16<W: ?Sized + Write>(&mut self, w: &mut W, value: i16) -> io::Result<()> {
        self.integer(w, i128::from(value))
    }

    fn write_i32<W: ?Sized + Write>(&mut self, w: &mut W, value: i32) -> io::Result<()> {
        self.integer(w, i128::from(value))
    }

    fn write_i64<W: ?Sized + Write>(&mut self, w: &mut W, value: i64) -> io::Result<()> {
        self.integer(w, i128::from(value))
    }

    fn write_u8<W: ?Sized + Write>(&mut self, w: &mut W, value: u8) -> io::Result<()> {
        self.integer(w, i128::from(value))
    }

    fn write_u16<W: ?Sized + Write>(&mut self, w: &mut W, value: u16) -> io::Result<()> {
        self.integer(w, i128::from(value))
    }

    fn write_u32<W: ?Sized + Write>(&mut self, w: &mut W, value: u32) -> io::Result<()> {
        self.integer(w, i128::from(value))
    }

    fn write_u64<W: ?Sized + Write>(&mut self, w: &mut W, value: u64) -> io::Result<()> {
        self.integer(w, i128::from(value))
    }

    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        let text = serde_json::Number::from_f64(value)
            .map_or_else(|| "null".to_string(), |n| n.to_string());
        self.scalar(w, &text)
    }

    fn write_f32<W: ?Sized + Write>(&mut self, w: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(w, f64::from(value))
    }

    fn write_number_str<W: ?Sized + Write>(&mut self, w: &mut W, value: &str) -> io::Result<()> {
        self.scalar(w, value)
    }

    fn begin_string<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        if self.string.is_none() {
            self.buffer.clear();
            self.string = Some(false);
        }
        Ok(())
    }

    fn end_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        let is_key = self.string.take() == Some(true);
        if is_key {
            write_key(w, &self.buffer)
        } else {
            if self.slot == Slot::AfterKey {
                w.write_all(b" ")?;
            }
            write_string(w, &self.buffer, self.block_level())?;
            w.write_all(b"\n")
        }
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        _w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        self.buffer.push_str(fragment);
        Ok(())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        _w: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        self.buffer.push(match escape {
            CharEscape::Quote => '"',
            CharEscape::ReverseSolidus => '\\',
            CharEscape::Solidus => '/',
            CharEscape::Backspace => '\u{8}',
            CharEscape::FormFeed => '\u{c}',
            CharEscape::LineFeed => '\n',
            CharEscape::CarriageReturn => '\r',
            CharEscape::Tab => '\t',
            CharEscape::AsciiControl(byte) => char::from(byte),
        });
        Ok(())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.open(false);
        Ok(())
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w)
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, _first: bool) -> io::Result<()> {
        self.entry(w)?;
        w.write_all(b"- ")?;
        self.slot = Slot::AfterDash;
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.open(true);
        Ok(())
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, _first: bool) -> io::Result<()> {
        self.entry(w)?;
        self.buffer.clear();
        self.string = Some(true);
        Ok(())
    }

    fn end_object_key<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b":")?;
        self.slot = Slot::AfterKey;
        Ok(())
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }
}

/// Words YAML 1.1 reads as booleans or null.
const RESERVED: [&str; 26] = [
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
    "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~",
];

fn is_plain(s: &str) -> bool {
    let Some(first) = s.bytes().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == b'/')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b'-'))
        && (s.len() > 5 || !RESERVED.contains(&s))
}

fn write_key<W: ?Sized + Write>(w: &mut W, key: &str) -> io::Result<()> {
    if is_plain(key) {
        w.write_all(key.as_bytes())
    } else {
        write_quoted(w, key)
    }
}

fn write_string<W: ?Sized + Write>(w: &mut W, s: &str, level: usize) -> io::Result<()> {
    if is_plain(s) {
        return w.write_all(s.as_bytes());
    }
    if !can_be_block(s) {
        return write_quoted(w, s);
    }
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    w.write_all(match trailing {
        0 => b"|-",
        1 => b"|",
        _ => b"|+",
    })?;
    for line in s[..body.len() + trailing.saturating_sub(1)].split('\n') {
        w.write_all(b"\n")?;
        if !line.is_empty() {
            indent(w, level)?;
            w.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A double-quoted scalar: backslash escapes for quotes, backslashes and
/// every character YAML does not allow raw.
fn write_quoted<W: ?Sized + Write>(w: &mut W, s: &str) -> io::Result<()> {
    w.write_all(b"\"")?;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => Some("\\\"".to_string()),
            '\\' => Some("\\\\".to_string()),
            '\n' => Some("\\n".to_string()),
            '\t' => Some("\\t".to_string()),
            c if is_unprintable(c) => Some(format!("\\u{:04x}", c as u32)),
            _ => None,
        };
        if let Some(escape) = escape {
            w.write_all(&s.as_bytes()[start..i])?;
            w.write_all(escape.as_bytes())?;
            start = i + c.len_utf8();
        }
    }
    w.write_all(&s.as_bytes()[start..])?;
    w.write_all(b"\"")
}

/// Multi-line text whose lines a literal block keeps exactly.
fn can_be_block(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n', '\t'])
        && s.chars()
            .all(|c| c == '\n' || c == '\t' || !is_unprintable(c))
        && s.split('\n').all(|line| !line.ends_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    #[test]
    fn words_that_yaml_reads_otherwise_are_quoted() {
        let v = serde_json::json!({"args": ["--save", "", "no", "on", "720h", "1:20", "plain-word", "a b"]});
        assert_eq!(
            to_string(&v).unwrap(),
            "args:\n- \"--save\"\n- \"\"\n- \"no\"\n- \"on\"\n- \"720h\"\n- \"1:20\"\n- plain-word\n- \"a b\"\n"
        );
    }

    #[test]
    fn text_becomes_a_literal_block() {
        let v = serde_json::json!({"data": {"a.conf": "one\n  two\n\nthree\n"}});
        assert_eq!(
            to_string(&v).unwrap(),
            "data:\n  a.conf: |\n    one\n      two\n\n    three\n"
        );
    }

    #[test]
    fn nesting_follows_kubectl() {
        let v = serde_json::json!({"a": [{"b": 1, "c": [2, []]}, {}], "d": {}, "e": {"f": [[3]]}});
        assert_eq!(
            to_string(&v).unwrap(),
            "a:\n- b: 1\n  c:\n  - 2\n  - []\n- {}\nd: {}\ne:\n  f:\n  - - 3\n"
        );
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            ".{0,12}".prop_map(Value::String),
            "[a-z \n#:-]{0,20}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-zA-Z0-9./-]{1,8}|.{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// What is written reads back as the same value (through a YAML
        /// 1.2 reader; the quoting rules above cover 1.1's extra words).
        #[test]
        fn round_trips(value in json()) {
            let text = to_string(&value).unwrap();
            let back: Value = serde_norway::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(back, value, "{}", text);
        }
    }
}
