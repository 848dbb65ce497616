//! Rewriting a value too large to hold whole, piece by piece.

use crate::matcher::Matcher;

/// The boundary checks look at most this far behind a match (`%2F`).
const LOOK_BEHIND: usize = 3;

/// Room for the checks after a match (`.x`) and a little slack.
const LOOK_AHEAD: usize = 8;

/// Rewrites text that arrives in pieces, exactly as
/// [`Rewriter::rewrite_text`](crate::Rewriter::rewrite_text) would rewrite
/// it whole. Matches spanning pieces are found; only a bounded tail (a little
/// more than the longest possible match) is held back between pieces.
#[derive(Debug)]
pub struct StreamRewriter<'r> {
    matcher: &'r Matcher,
    /// Text not yet written, after `context` bytes that were, kept for the
    /// checks that look behind a match.
    pending: Vec<u8>,
    context: usize,
}

impl<'r> StreamRewriter<'r> {
    pub(crate) fn new(matcher: &'r Matcher) -> Self {
        StreamRewriter {
            matcher,
            pending: Vec::new(),
            context: 0,
        }
    }

    /// Takes the next piece, appends to `out` what is safe to write so far,
    /// and returns the number of replacements in what was written.
    pub fn feed(&mut self, piece: &[u8], out: &mut Vec<u8>) -> usize {
        self.pending.extend_from_slice(piece);
        // A match starting before `safe` can be decided now: everything that
        // decides it, and any longer or earlier rival, lies within the held
        // tail.
        let hold = self.matcher.longest() + self.matcher.max_prefix() + LOOK_AHEAD;
        let safe = self.pending.len().saturating_sub(hold);
        if safe <= self.context {
            return 0;
        }
        let (written, count) = self.rewrite_before(safe, out);
        let keep_from = written.saturating_sub(LOOK_BEHIND);
        self.pending.drain(..keep_from);
        self.context = written - keep_from;
        count
    }

    /// Writes the rest and returns the number of replacements in it.
    pub fn finish(self, out: &mut Vec<u8>) -> usize {
        self.rewrite_before(usize::MAX, out).1
    }

    /// Rewrites the matches starting before `limit` and writes the pending
    /// text up to `limit` or the end of the last match, whichever is later.
    /// Returns where writing stopped and the number of replacements.
    fn rewrite_before(&self, limit: usize, out: &mut Vec<u8>) -> (usize, usize) {
        let text = self.pending.as_slice();
        let mut pos = self.context;
        let mut count = 0;
        while let Some(hit) = self.matcher.next_match(text, pos) {
            if hit.start >= limit {
                break;
            }
            out.extend_from_slice(&text[pos..hit.start]);
            out.extend_from_slice(hit.replacement);
            pos = hit.end;
            count += 1;
        }
        let written = limit.min(text.len()).max(pos);
        out.extend_from_slice(&text[pos..written]);
        (written, count)
    }
}
