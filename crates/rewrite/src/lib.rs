//! The URL and domain rewrite engine.
//!
//! A [`Rewriter`] applies a list of from→to pairs in one pass. A URL is found
//! in each of the forms WordPress stores it in — plain, JSON-escaped
//! (`https:\/\/…`, as in block attributes), URL-encoded (`https%3A%2F%2F…`)
//! and protocol-relative (`//…`) — and replaced in the same form. Matches
//! respect host boundaries: `example.com` never touches `example.com.au`,
//! `myexample.com` or `example.community`. Scheme and host match regardless
//! of ASCII case; paths match exactly.
//!
//! A column value that parses as one PHP-serialized value is rewritten inside
//! its strings, at any depth and through serialized values inside strings,
//! with every length recomputed. A value that starts like serialized data but
//! does not parse is left as it is and reported
//! ([`Outcome::BrokenSerialized`]) rather than corrupted further.
//!
//! `docs/rewrite.md` in the repository states the rules for users.
#![deny(missing_docs)]

mod hosts;
mod matcher;
mod pair;
mod rules;
mod serialized;
mod stream;

use std::collections::HashMap;

use matcher::Matcher;
use slipway_phpser::ParseError;

pub use pair::{Problem, Reason};
pub use stream::StreamRewriter;

/// One from→to pair: two URLs (`https://example.com` →
/// `https://staging.example.org`, optionally with a port and path) or two
/// bare hosts (`example.com` → `staging.example.org`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// What to find.
    pub from: String,
    /// What to put in its place.
    pub to: String,
}

/// Why pairs cannot be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MapError {
    /// The list is empty.
    #[error("no pairs to apply")]
    NoPairs,
    /// A pair is malformed.
    #[error("`{from}` → `{to}`: {reason}")]
    Invalid {
        /// The pair's `from`.
        from: String,
        /// The pair's `to`.
        to: String,
        /// What is wrong with it.
        reason: Reason,
    },
    /// Two pairs map the same `from` (scheme and host compared regardless
    /// of case, and a trailing `/` ignored).
    #[error("`{from}` is mapped twice: to `{first}` and to `{second}`")]
    Duplicate {
        /// The second pair's `from`.
        from: String,
        /// Where the first pair maps it.
        first: String,
        /// Where the second pair maps it.
        second: String,
    },
    /// The matcher for this many pairs could not be built.
    #[error("cannot compile {count} pairs into one matcher: {message}")]
    TooMany {
        /// How many pairs were given.
        count: usize,
        /// Why building failed.
        message: String,
    },
}

/// What [`Rewriter::rewrite_value`] did with one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing matched, or every replacement wrote the bytes it replaced.
    Unchanged,
    /// The value was rewritten.
    Changed {
        /// How many occurrences were replaced.
        replacements: usize,
        /// Whether the value was PHP-serialized (lengths recomputed).
        serialized: bool,
    },
    /// The value looks PHP-serialized and contains a match, but does not
    /// parse: it is left byte for byte as it was, never corrupted further.
    /// Carries the parse error for the report.
    BrokenSerialized(ParseError),
}

/// All pairs compiled into one matcher.
#[derive(Debug)]
pub struct Rewriter {
    matcher: Matcher,
}

impl Rewriter {
    /// Compiles all pairs into one matcher that applies them in a single
    /// pass — a multisite network can have hundreds. Refuses an empty list,
    /// a malformed pair and two pairs with the same `from`.
    pub fn new(pairs: &[Mapping]) -> Result<Rewriter, MapError> {
        if pairs.is_empty() {
            return Err(MapError::NoPairs);
        }
        let mut parsed = Vec::with_capacity(pairs.len());
        let mut seen = HashMap::new();
        for (index, mapping) in pairs.iter().enumerate() {
            let pair = pair::parse(mapping)?;
            if let Some(&first) = seen.get(&pair.from.identity()) {
                let first: &Mapping = &pairs[first];
                return Err(MapError::Duplicate {
                    from: mapping.from.clone(),
                    first: first.to.clone(),
                    second: mapping.to.clone(),
                });
            }
            seen.insert(pair.from.identity(), index);
            parsed.push(pair);
        }
        let matcher = Matcher::new(&parsed).map_err(|error| MapError::TooMany {
            count: pairs.len(),
            message: error.to_string(),
        })?;
        Ok(Rewriter { matcher })
    }

    /// A cheap pre-filter over raw bytes, SQL-escaped or not: `false`
    /// guarantees that no pair can match anywhere in them (none of the
    /// hosts occurs, ASCII case-insensitively). `true` may be wrong.
    #[inline]
    pub fn may_match(&self, raw: &[u8]) -> bool {
        self.matcher.may_match(raw)
    }

    /// Where in `raw` (SQL-escaped or not) a pair may first match: `None`
    /// guarantees that [`Self::may_match`] is false for every part of `raw`,
    /// and an offset that it is false for every part that ends at or before it. Lets
    /// a caller rule out whole runs of values with one search.
    pub fn first_possible_match(&self, raw: &[u8]) -> Option<usize> {
        self.matcher.first_possible_host(raw)
    }

    /// The most bytes a host spans: what starts within this many bytes of
    /// the end of a buffer may not be found by
    /// [`Self::first_possible_match`] until more follows.
    pub fn host_reach(&self) -> usize {
        self.matcher.host_reach()
    }

    /// Rewrites one column value (its real bytes, not SQL-escaped). A value
    /// that parses whole as one PHP-serialized value has its strings
    /// rewritten — a string that is itself a whole serialized value as such,
    /// any other as text — and its lengths recomputed; any other value is
    /// rewritten as text. On [`Outcome::Changed`] the whole new value is
    /// appended to `out`; otherwise `out` is left untouched.
    pub fn rewrite_value(&self, value: &[u8], out: &mut Vec<u8>) -> Outcome {
        if !self.may_match(value) {
            return Outcome::Unchanged;
        }
        if !slipway_phpser::looks_serialized(value) {
            return self.rewrite_plain(value, out);
        }
        match self.rewrite_serialized(value) {
            Ok(Some((bytes, replacements))) => {
                out.extend_from_slice(&bytes);
                Outcome::Changed {
                    replacements,
                    serialized: true,
                }
            }
            Ok(None) => Outcome::Unchanged,
            // A broken value only matters when it holds something to rewrite.
            Err(error) if self.matcher.next_match(value, 0).is_some() => {
                Outcome::BrokenSerialized(error)
            }
            Err(_) => Outcome::Unchanged,
        }
    }

    fn rewrite_plain(&self, value: &[u8], out: &mut Vec<u8>) -> Outcome {
        let mark = out.len();
        let replacements = self.rewrite_text(value, out);
        if replacements == 0 || out[mark..] == *value {
            out.truncate(mark);
            return Outcome::Unchanged;
        }
        Outcome::Changed {
            replacements,
            serialized: false,
        }
    }

    /// Rewrites `text` as text (no serialized handling), appending the result
    /// to `out` — the text unchanged when nothing matched. Returns the number
    /// of replacements.
    pub fn rewrite_text(&self, text: &[u8], out: &mut Vec<u8>) -> usize {
        let mut pos = 0;
        let mut count = 0;
        while let Some(hit) = self.matcher.next_match(text, pos) {
            out.extend_from_slice(&text[pos..hit.start]);
            out.extend_from_slice(hit.replacement);
            pos = hit.end;
            count += 1;
        }
        out.extend_from_slice(&text[pos..]);
        count
    }

    /// The replacements [`Rewriter::rewrite_text`] would make in `text`, in
    /// order, as (range in `text`, replacement). Lets a caller splice them
    /// into another encoding of the same text (an SQL-escaped literal)
    /// without re-encoding what did not change.
    pub fn text_matches<'r>(
        &'r self,
        text: &[u8],
        matches: &mut Vec<(std::ops::Range<usize>, &'r [u8])>,
    ) {
        let mut pos = 0;
        while let Some(hit) = self.matcher.next_match(text, pos) {
            matches.push((hit.start..hit.end, hit.replacement));
            pos = hit.end;
        }
    }

    /// A streaming text rewriter for values too large to hold in memory.
    pub fn stream(&self) -> StreamRewriter<'_> {
        StreamRewriter::new(&self.matcher)
    }
}
