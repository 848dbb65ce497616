//! PHP's `serialize()` format, read and rewritten at the byte level.
//!
//! Nothing is instantiated: objects of any class, custom-serialized objects
//! (`C:`), references and enums are walked as bytes, so a value that PHP could
//! only unserialize with the right classes loaded is handled like any other.
//! [`map_strings`] replaces the strings inside a value and recomputes every
//! length prefix in bytes — the part a plain search and replace gets wrong.
//!
//! The grammar is PHP's own (checked against `unserialize()`), with one
//! deliberate difference: the whole input must be exactly one value, where
//! PHP ignores trailing bytes. Text that merely starts with something like
//! `s:5:"hello";` is therefore not taken for serialized data.
#![deny(missing_docs)]

mod error;
mod walker;

pub use error::{ParseError, Reason};

use walker::Walker;

/// Containers nested deeper than this are refused rather than risking the
/// stack: PHP's own `serialize()` output for real data is far shallower.
pub const MAX_DEPTH: usize = 512;

/// A key on the path from the root of a serialized value to one of its
/// strings: an array index or key, or an object property name — with PHP's
/// `\0Class\0` (private) and `\0*\0` (protected) markers left as they are.
/// A key written in the rare escaped form `S:` is given as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// An integer array key or property name (clamped to the `i64` range, as
    /// PHP clamps it).
    Int(i64),
    /// A string array key or property name.
    Str(&'a [u8]),
}

/// A cheap test of the first bytes, not a parse: true when the value starts
/// with the complete header of a serialized value (`a:1:{`, `s:3:"`,
/// `O:8:"`, `C:`, `E:`, `S:`) or with a complete scalar (`N;`, `b:1;`,
/// `i:-5;`, `d:1.5;`, `r:2;`).
pub fn looks_serialized(v: &[u8]) -> bool {
    match v {
        [b'N', b';', ..] | [b'b', b':', b'0' | b'1', b';', ..] => true,
        [b'i' | b'd' | b'r' | b'R', b':', rest @ ..] => starts_with_scalar(rest),
        [b'a', b':', rest @ ..] => starts_with_count(rest, b'{'),
        [b's' | b'S' | b'O' | b'C' | b'E', b':', rest @ ..] => starts_with_count(rest, b'"'),
        _ => false,
    }
}

/// `123:` followed by `open`.
fn starts_with_count(rest: &[u8], open: u8) -> bool {
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && rest.get(digits) == Some(&b':') && rest.get(digits + 1) == Some(&open)
}

/// A run of the bytes numbers are written with (including `INF` and `NAN`),
/// then `;`.
fn starts_with_scalar(rest: &[u8]) -> bool {
    let len = rest
        .iter()
        .take_while(|b| b.is_ascii_digit() || b"+-.eEINFA".contains(b))
        .count();
    len > 0 && rest.get(len) == Some(&b';')
}

/// Ok when the whole input is exactly one serialized value.
pub fn validate(v: &[u8]) -> Result<(), ParseError> {
    Walker::validator(v, MAX_DEPTH).run().map(drop)
}

/// Walks one serialized value (the whole input must be exactly one) and calls
/// `f` for every string value — not for array keys or property names — with
/// the path of keys from the root. Where `f` returns `Some(bytes)`, the string
/// is replaced and its length prefix recomputed in bytes.
///
/// The payload of a `C:` custom-serialized object is offered to `f` as a
/// string too, with the path of the object itself, and its length is
/// recomputed likewise. `S:` strings (PHP's escaped form) are passed through
/// unchanged.
///
/// Returns `Ok(None)` when nothing changed — `f` returning `None` or the same
/// bytes everywhere — without building any output, and `Ok(Some(value))`
/// otherwise. On error, `f` may already have been called for the strings
/// before the fault.
pub fn map_strings<F>(input: &[u8], f: F) -> Result<Option<Vec<u8>>, ParseError>
where
    F: FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>>,
{
    map_strings_within(input, MAX_DEPTH, f)
}

/// [`map_strings`] with a lower nesting limit than [`MAX_DEPTH`]. A caller
/// that recurses into serialized values inside strings passes what is left
/// of its depth budget, so the total stack use stays bounded.
pub fn map_strings_within<F>(
    input: &[u8],
    max_depth: usize,
    f: F,
) -> Result<Option<Vec<u8>>, ParseError>
where
    F: FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>>,
{
    Walker::mapper(input, max_depth.min(MAX_DEPTH), f).run()
}

/// [`map_strings_within`] for the one value the input starts with, which may
/// be followed by other bytes — as in the `C:` payloads of PHP's own classes,
/// where values are joined by punctuation (`x:i:0;a:1:{…};m:a:0:{}`).
/// Returns the length of that value in the input and, when a string changed,
/// the value's new bytes (without what follows it).
pub fn map_strings_at_start<F>(
    input: &[u8],
    max_depth: usize,
    f: F,
) -> Result<(usize, Option<Vec<u8>>), ParseError>
where
    F: FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>>,
{
    Walker::mapper(input, max_depth.min(MAX_DEPTH), f).run_leading()
}
