//! The URL and domain rewrite engine.
//!
//! A [`Rewriter`] applies a list of from→to pairs in one pass. A URL is found
//! in each of the forms WordPress stores it in — plain, JSON-escaped
//! (`https:\/\/…`, as in block attributes), URL-encoded (`https%3A%2F%2F…`)
//! and protocol-relative (`//…`) — and replaced in the same form. Matches
//! respect host boundaries: `example.com` never touches `example.com.au`,
//! `myexample.com` or `example.community`. Scheme and host match regardless of
//! ASCII case; paths match exactly.
//!
//! Inside PHP-serialized values, strings are rewritten at any depth
//! (including serialized values inside serialized strings) and lengths are
//! recomputed. A value counts as serialized only when the whole of it parses
//! as one; a value that looks serialized but does not parse is left as it is
//! and reported ([`Outcome::BrokenSerialized`]).
#![deny(missing_docs)]

mod forms;

use std::cell::Cell;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use forms::Pattern;

/// How deep serialized values inside serialized strings are followed.
const MAX_NESTED_SERIALIZATION: usize = 8;

/// One from→to pair: two URLs (`https://example.com` →
/// `https://staging.example.org`, optionally with a path) or two bare hosts
/// (`example.com` → `staging.example.org`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// What to find.
    pub from: String,
    /// What to put in its place.
    pub to: String,
}

/// A pair that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MapError {
    /// The pair is malformed.
    #[error("`{from}` → `{to}`: {reason}")]
    Invalid {
        /// The pair's `from`.
        from: String,
        /// The pair's `to`.
        to: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Two pairs replace the same thing.
    #[error("`{0}` is mapped twice")]
    Duplicate(String),
}

/// What happened to one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing matched.
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
    BrokenSerialized(slipway_phpser::ParseError),
}

/// All pairs compiled into one matcher.
#[derive(Debug)]
pub struct Rewriter {
    /// Finds the hosts of all pairs, ASCII case-insensitively.
    hosts: AhoCorasick,
    /// For each host pattern of `hosts`, the patterns anchored on it.
    patterns_by_host: Vec<Vec<Pattern>>,
    /// The lowercase hosts, for checking other hosts at a hit.
    host_names: Vec<Vec<u8>>,
    /// The longest any match can be, for streaming.
    longest: usize,
    /// No value shorter than this can hold a match.
    shortest_host: usize,
    /// Both cases of the last byte of every host, when there are at most
    /// three such bytes: a value without any of them cannot match, which
    /// `memchr` tells faster than the automaton for short values.
    guard: Option<Vec<u8>>,
}

/// A match: the replaced range and what replaces it.
struct Hit<'r> {
    start: usize,
    end: usize,
    replacement: &'r [u8],
}

/// Whether a search may have missed a match at the end of its text.
enum Found<'r> {
    Hit(Hit<'r>),
    /// A match may start here but needs more text to be sure.
    NeedMore(usize),
    None,
}

impl Rewriter {
    /// Compiles all pairs into one matcher. A multisite network has many.
    pub fn new(pairs: &[Mapping]) -> Result<Rewriter, MapError> {
        let mut host_names: Vec<Vec<u8>> = Vec::new();
        let mut patterns_by_host: Vec<Vec<Pattern>> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for pair in pairs {
            let parsed = forms::parse_pair(pair)?;
            if !seen.insert(parsed.key()) {
                return Err(MapError::Duplicate(pair.from.clone()));
            }
            let index = match host_names.iter().position(|h| *h == parsed.host) {
                Some(i) => i,
                None => {
                    host_names.push(parsed.host.clone());
                    patterns_by_host.push(Vec::new());
                    host_names.len() - 1
                }
            };
            patterns_by_host[index].extend(parsed.patterns());
        }
        if host_names.is_empty() {
            return Err(MapError::Invalid {
                from: String::new(),
                to: String::new(),
                reason: "no pairs to apply",
            });
        }
        let longest = patterns_by_host
            .iter()
            .flatten()
            .map(Pattern::len)
            .max()
            .unwrap_or(0);
        let hosts = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostFirst)
            .build(&host_names)
            .map_err(|_| MapError::Invalid {
                from: String::new(),
                to: String::new(),
                reason: "too many pairs to compile",
            })?;
        let shortest_host = host_names.iter().map(Vec::len).min().unwrap_or(0);
        let mut last_bytes: Vec<u8> = host_names
            .iter()
            .filter_map(|h| h.last())
            .flat_map(|b| [b.to_ascii_lowercase(), b.to_ascii_uppercase()])
            .collect();
        last_bytes.sort_unstable();
        last_bytes.dedup();
        let guard = (last_bytes.len() <= 3).then_some(last_bytes);
        Ok(Rewriter {
            shortest_host,
            guard,
            hosts,
            patterns_by_host,
            host_names,
            longest,
        })
    }

    /// A cheap pre-filter over raw bytes (SQL-escaped or not): `false`
    /// guarantees that no pair can match anywhere in them.
    #[inline]
    pub fn may_match(&self, raw: &[u8]) -> bool {
        if raw.len() < self.shortest_host {
            return false;
        }
        let guarded = match self.guard.as_deref() {
            Some([a]) => memchr::memchr(*a, raw).is_some(),
            Some([a, b]) => memchr::memchr2(*a, *b, raw).is_some(),
            Some([a, b, c]) => memchr::memchr3(*a, *b, *c, raw).is_some(),
            _ => true,
        };
        guarded && self.hosts.is_match(raw)
    }

    /// Rewrites one column value (its real bytes, not SQL-escaped). On
    /// [`Outcome::Changed`], `out` holds the whole new value; otherwise `out`
    /// is left as it was.
    pub fn rewrite_value(&self, value: &[u8], out: &mut Vec<u8>) -> Outcome {
        if !slipway_phpser::looks_serialized(value) {
            let mark = out.len();
            let replacements = self.rewrite_text(value, out);
            if replacements == 0 {
                out.truncate(mark);
                return Outcome::Unchanged;
            }
            return Outcome::Changed {
                replacements,
                serialized: false,
            };
        }
        let count = Cell::new(0);
        match self.rewrite_serialized(value, 0, &count) {
            Ok(Some(new)) => {
                out.extend_from_slice(&new);
                Outcome::Changed {
                    replacements: count.get(),
                    serialized: true,
                }
            }
            Ok(None) => Outcome::Unchanged,
            Err(error) => {
                // Broken serialization only matters when something in it
                // would have been rewritten.
                let mut scratch = Vec::new();
                if self.rewrite_text(value, &mut scratch) > 0 {
                    Outcome::BrokenSerialized(error)
                } else {
                    Outcome::Unchanged
                }
            }
        }
    }

    fn rewrite_serialized(
        &self,
        value: &[u8],
        depth: usize,
        count: &Cell<usize>,
    ) -> Result<Option<Vec<u8>>, slipway_phpser::ParseError> {
        slipway_phpser::map_strings(value, |_, s| {
            if !self.may_match(s) {
                return None;
            }
            if depth < MAX_NESTED_SERIALIZATION && slipway_phpser::looks_serialized(s) {
                // A serialized value inside a string (double serialization):
                // rewrite it as such when it parses, as text otherwise.
                if let Ok(inner) = self.rewrite_serialized(s, depth + 1, count) {
                    return inner;
                }
            }
            let mut out = Vec::with_capacity(s.len() + 32);
            let n = self.rewrite_text(s, &mut out);
            count.set(count.get() + n);
            (n > 0).then_some(out)
        })
    }

    /// Rewrites `text` as plain text (no serialized handling), appending the
    /// result to `out`. Returns the number of replacements.
    pub fn rewrite_text(&self, text: &[u8], out: &mut Vec<u8>) -> usize {
        let mut count = 0;
        let mut pos = 0;
        while let Found::Hit(hit) = self.find(text, pos, true) {
            out.extend_from_slice(&text[pos..hit.start]);
            out.extend_from_slice(hit.replacement);
            pos = hit.end;
            count += 1;
        }
        out.extend_from_slice(&text[pos..]);
        count
    }

    /// The replacements `rewrite_text` would make in `text`, in order, as
    /// (range in `text`, replacement). Lets a caller splice replacements into
    /// another encoding of the same text (an SQL-escaped literal) without
    /// re-encoding what did not change.
    pub fn text_matches<'r>(
        &'r self,
        text: &[u8],
        matches: &mut Vec<(std::ops::Range<usize>, &'r [u8])>,
    ) {
        let mut pos = 0;
        while let Found::Hit(hit) = self.find(text, pos, true) {
            matches.push((hit.start..hit.end, hit.replacement));
            pos = hit.end;
        }
    }

    /// A streaming text rewriter, for values too large to hold whole.
    pub fn stream(&self) -> StreamRewriter<'_> {
        StreamRewriter {
            rewriter: self,
            pending: Vec::new(),
            context: 0,
        }
    }

    /// The first match starting at or after `from`. `text` before `from` is
    /// context for boundary checks only. When `complete` is false, the text
    /// may go on after its end, so a match too close to the end to be
    /// sure of is reported as [`Found::NeedMore`].
    fn find(&self, text: &[u8], from: usize, complete: bool) -> Found<'_> {
        let mut search = from;
        while search < text.len() {
            let input = aho_corasick::Input::new(text).span(search..text.len());
            let Some(m) = self.hosts.find(input) else {
                return Found::None;
            };
            let host_at = m.start();
            let mut best: Option<Hit<'_>> = None;
            let mut unsure: Option<usize> = None;
            for (index, host) in self.host_names.iter().enumerate() {
                if !starts_with_ignore_case(&text[host_at..], host) {
                    continue;
                }
                for pattern in &self.patterns_by_host[index] {
                    match pattern.match_at(text, host_at, complete) {
                        forms::PatternMatch::Yes { start, end } if start >= from => {
                            let longer =
                                best.as_ref().is_none_or(|b| end - start > b.end - b.start);
                            if longer {
                                best = Some(Hit {
                                    start,
                                    end,
                                    replacement: pattern.replacement(text, start),
                                });
                            }
                        }
                        forms::PatternMatch::Unsure { start } if start >= from => {
                            unsure = Some(unsure.map_or(start, |u: usize| u.min(start)));
                        }
                        _ => {}
                    }
                }
            }
            if let Some(at) = unsure {
                // A longer match may still complete once more text arrives.
                if best.as_ref().is_none_or(|b| at <= b.start) {
                    return Found::NeedMore(at);
                }
            }
            if let Some(hit) = best {
                return Found::Hit(hit);
            }
            search = host_at + 1;
        }
        Found::None
    }
}

fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Rewrites a value that arrives in pieces. Matches that span pieces are
/// found; only a bounded tail is held back between pieces.
#[derive(Debug)]
pub struct StreamRewriter<'r> {
    rewriter: &'r Rewriter,
    /// Text not yet written, preceded by `context` bytes already written
    /// (kept for boundary checks).
    pending: Vec<u8>,
    context: usize,
}

/// Bytes kept before the unwritten text, for the boundary checks that look
/// behind a match.
const LOOK_BEHIND: usize = 8;

impl StreamRewriter<'_> {
    /// Takes the next piece; appends to `out` what is safe to write and
    /// returns the replacements made in it.
    pub fn feed(&mut self, piece: &[u8], out: &mut Vec<u8>) -> usize {
        self.pending.extend_from_slice(piece);
        self.drain(out, false)
    }

    /// Writes what is left. Returns the replacements made in it.
    pub fn finish(mut self, out: &mut Vec<u8>) -> usize {
        self.drain(out, true)
    }

    fn drain(&mut self, out: &mut Vec<u8>, complete: bool) -> usize {
        let text = &self.pending;
        let mut pos = self.context;
        let mut count = 0;
        let safe_end = loop {
            match self.rewriter.find(text, pos, complete) {
                Found::Hit(hit) => {
                    out.extend_from_slice(&text[pos..hit.start]);
                    out.extend_from_slice(hit.replacement);
                    pos = hit.end;
                    count += 1;
                }
                Found::NeedMore(at) => break at,
                Found::None if complete => break text.len(),
                // A match may begin in the last bytes and end in the next piece.
                Found::None => {
                    break text
                        .len()
                        .saturating_sub(self.rewriter.longest + LOOK_BEHIND)
                        .max(pos)
                }
            }
        };
        let safe_end = safe_end.max(pos);
        out.extend_from_slice(&text[pos..safe_end]);
        let keep_from = safe_end.saturating_sub(LOOK_BEHIND);
        self.pending.drain(..keep_from);
        self.context = safe_end - keep_from;
        count
    }
}
