//! Key patterns (`billing_*`) and paths inside structured values
//! (`customer.email`).

use memchr::memmem;
use slipway_phpser::Key;

/// A key pattern: literal parts with `*` between them.
#[derive(Debug, Clone)]
pub(crate) struct Glob {
    parts: Vec<Box<[u8]>>,
}

impl Glob {
    pub(crate) fn new(pattern: &str) -> Self {
        Glob {
            parts: pattern
                .as_bytes()
                .split(|&b| b == b'*')
                .map(Box::from)
                .collect(),
        }
    }

    /// The key itself when the pattern has no `*`.
    pub(crate) fn exact(&self) -> Option<&[u8]> {
        match self.parts.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// How many bytes the pattern fixes: longer is more specific.
    pub(crate) fn literal_len(&self) -> usize {
        self.parts.iter().map(|p| p.len()).sum()
    }

    pub(crate) fn matches(&self, text: &[u8]) -> bool {
        let [first, middle @ .., last] = self.parts.as_slice() else {
            return self.parts.first().is_some_and(|p| **p == *text);
        };
        if text.len() < first.len() + last.len()
            || !text.starts_with(first)
            || !text.ends_with(last)
        {
            return false;
        }
        // Each middle part at its leftmost place leaves the most room for
        // the rest, so a greedy scan decides `*`-only patterns exactly.
        let mut rest = &text[first.len()..text.len() - last.len()];
        for part in middle {
            match memmem::find(rest, part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        true
    }
}

/// One part of a path pattern.
#[derive(Debug, Clone)]
enum Segment {
    Any,
    Name { bytes: Box<[u8]>, int: Option<i64> },
}

/// A path inside a serialized or JSON value, matched against the end of an
/// entry's full path.
#[derive(Debug, Clone)]
pub(crate) struct PathPattern {
    segments: Vec<Segment>,
}

impl PathPattern {
    pub(crate) fn new(pattern: &str) -> Self {
        PathPattern {
            segments: pattern
                .split('.')
                .map(|s| match s {
                    "*" => Segment::Any,
                    name => Segment::Name {
                        bytes: name.as_bytes().into(),
                        int: name.parse().ok(),
                    },
                })
                .collect(),
        }
    }

    /// More segments are more specific.
    pub(crate) fn len(&self) -> usize {
        self.segments.len()
    }

    /// `path` is the entry's path in pieces: one per value the entry is
    /// nested in (a serialized string inside a serialized value adds one).
    pub(crate) fn matches(&self, path: &[&[Key<'_>]]) -> bool {
        let mut keys = path.iter().rev().flat_map(|piece| piece.iter().rev());
        self.segments.iter().rev().all(|segment| {
            let Some(key) = keys.next() else {
                return false;
            };
            match (segment, key) {
                (Segment::Any, _) => true,
                (Segment::Name { bytes, .. }, Key::Str(name)) => **bytes == **name,
                (Segment::Name { int, .. }, Key::Int(n)) => *int == Some(*n),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_shell_patterns() {
        let g = Glob::new("_*_first_name");
        assert!(g.matches(b"_billing_first_name"));
        assert!(g.matches(b"__first_name"));
        assert!(!g.matches(b"_first_name"));
        assert!(!g.matches(b"billing_first_name"));
        assert!(Glob::new("a*b*c").matches(b"aXbYbZc"));
        assert!(!Glob::new("a*b*c").matches(b"acb"));
        assert!(Glob::new("*").matches(b""));
        assert!(Glob::new("billing_*").matches(b"billing_"));
        assert_eq!(Glob::new("x").exact(), Some(&b"x"[..]));
        assert_eq!(Glob::new("x*").exact(), None);
        assert_eq!(Glob::new("_*_city").literal_len(), 6);
    }

    #[test]
    fn paths_match_the_end_of_the_entry_path() {
        let outer = [Key::Str(b"customer")];
        let inner = [Key::Str(b"email")];
        let path: &[&[Key<'_>]] = &[&outer, &inner];
        assert!(PathPattern::new("email").matches(path));
        assert!(PathPattern::new("customer.email").matches(path));
        assert!(PathPattern::new("*.email").matches(path));
        assert!(!PathPattern::new("cart.email").matches(path));
        assert!(!PathPattern::new("a.customer.email").matches(path));
        let listed = [Key::Int(3), Key::Str(b"ip")];
        assert!(PathPattern::new("3.ip").matches(&[&listed]));
        assert!(!PathPattern::new("4.ip").matches(&[&listed]));
    }
}
