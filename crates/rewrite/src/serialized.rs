//! Rewriting inside PHP-serialized values.

use slipway_phpser::{Key, ParseError};

use crate::Rewriter;

/// How many times a serialized value inside a string inside a serialized
/// value is followed. Real data has two or three levels; the bound keeps
/// crafted input from costing a parse and a few stack frames per level.
const MAX_NESTED_SERIALIZATION: usize = 32;

/// What PHP's own classes put between the serialized values of their `C:`
/// payloads: `x:i:0;a:…;m:a:0:{}` (`ArrayObject`), `…,…;` (`SplObjectStorage`),
/// `i:0;:…:…` (`SplDoublyLinkedList`).
const PAYLOAD_PUNCTUATION: &[u8] = b"xm:;,";

/// What became of a string that may be made of serialized values.
enum Values {
    /// It is not: it is text.
    Text,
    /// It is, and nothing in it changed.
    Unchanged,
    /// It is; the new string and the number of replacements.
    Rewritten(Vec<u8>, usize),
}

impl Rewriter {
    /// Rewrites the strings of a value that must parse whole as one
    /// serialized value. `None` when no string changed; the new value and
    /// the number of replacements otherwise.
    pub(crate) fn rewrite_serialized(
        &self,
        value: &[u8],
    ) -> Result<Option<(Vec<u8>, usize)>, ParseError> {
        let depth = slipway_phpser::MAX_DEPTH;
        let mut replacements = 0;
        let rewrite = self.string_rewriter(depth, MAX_NESTED_SERIALIZATION, &mut replacements);
        let mapped = slipway_phpser::map_strings_within(value, depth, rewrite)?;
        Ok(mapped.map(|bytes| (bytes, replacements)))
    }

    /// The callback that rewrites each string of a serialized value walked
    /// with a nesting budget of `depth`, adding up the replacements.
    fn string_rewriter<'a>(
        &'a self,
        depth: usize,
        nested: usize,
        replacements: &'a mut usize,
    ) -> impl FnMut(&[Key<'_>], &[u8]) -> Option<Vec<u8>> + 'a {
        move |path, s| {
            // The stack holds the walk down to this string and then the walk
            // of any value inside it: the budget is shared, one per level.
            let left = depth.saturating_sub(path.len() + 1);
            let (bytes, count) = self.rewrite_string(s, left, nested)?;
            *replacements += count;
            Some(bytes)
        }
    }

    /// One string inside a serialized value, or a `C:` payload.
    fn rewrite_string(&self, s: &[u8], depth: usize, nested: usize) -> Option<(Vec<u8>, usize)> {
        if !self.may_match(s) {
            return None;
        }
        if nested > 0 && (slipway_phpser::looks_serialized(s) || s.starts_with(b"x:")) {
            match self.rewrite_values_in(s, depth, nested - 1) {
                Values::Rewritten(bytes, count) => return Some((bytes, count)),
                Values::Unchanged => return None,
                Values::Text => {}
            }
        }
        let mut out = Vec::with_capacity(s.len() + 64);
        let count = self.rewrite_text(s, &mut out);
        (count > 0 && out != s).then_some((out, count))
    }

    /// Rewrites a string made of serialized values: one (double
    /// serialization), or several joined by the punctuation of the `C:`
    /// payloads of PHP's own classes.
    fn rewrite_values_in(&self, s: &[u8], depth: usize, nested: usize) -> Values {
        let mut out = Vec::new();
        let mut changed = false;
        let mut copied = 0;
        let mut pos = 0;
        let mut values = 0;
        let mut replacements = 0;
        while let Some(&byte) = s.get(pos) {
            if PAYLOAD_PUNCTUATION.contains(&byte) {
                pos += 1;
                continue;
            }
            let rewrite = self.string_rewriter(depth, nested, &mut replacements);
            let Ok((len, mapped)) = slipway_phpser::map_strings_at_start(&s[pos..], depth, rewrite)
            else {
                return Values::Text;
            };
            if let Some(new) = mapped {
                out.extend_from_slice(&s[copied..pos]);
                out.extend_from_slice(&new);
                copied = pos + len;
                changed = true;
            }
            pos += len;
            values += 1;
        }
        match (values, changed) {
            (0, _) => Values::Text,
            (_, false) => Values::Unchanged,
            (_, true) => {
                out.extend_from_slice(&s[copied..]);
                Values::Rewritten(out, replacements)
            }
        }
    }
}
