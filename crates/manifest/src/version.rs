//! WordPress-style versions (`6.4`, `6.4.2`, `5.0-beta1`, `6.5-RC2`) and
//! requirements on them (`6.4`, `=6.4.2`, `>=6.0, <7`, `^6.4`, `~6.4`, `*`).
//!
//! WordPress and its plugins do not follow semver: a release may have two
//! components (`6.4`) or four, and pre-releases are spelled `-beta1`,
//! `-RC2`, `-alpha-57000`. Missing components count as zero, so `6.4` and
//! `6.4.0` are the same release.

use std::cmp::Ordering;
use std::fmt;

/// A release version: numeric components and an optional pre-release tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    numbers: Vec<u64>,
    pre: Option<Pre>,
    text: String,
}

/// A pre-release tag: its kind and number (`beta1` is beta, 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Pre {
    rank: u8,
    number: u64,
    word: String,
}

impl Version {
    /// Parses a version; `None` when `text` is not one (empty, no leading
    /// number, a component that is not a number).
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let (release, pre) = match text.split_once('-') {
            Some((release, pre)) => (release, Some(pre)),
            None => (text, None),
        };
        let numbers = release
            .split('.')
            .map(|part| {
                if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                    None
                } else {
                    part.parse::<u64>().ok()
                }
            })
            .collect::<Option<Vec<u64>>>()?;
        let pre = match pre {
            None => None,
            Some(tag) => Some(Pre::parse(tag)?),
        };
        Some(Version {
            numbers,
            pre,
            text: text.to_string(),
        })
    }

    /// The version as it was written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is a pre-release (`5.0-beta1`).
    pub fn is_prerelease(&self) -> bool {
        self.pre.is_some()
    }

    fn number(&self, i: usize) -> u64 {
        self.numbers.get(i).copied().unwrap_or(0)
    }

    fn cmp_release(&self, other: &Version) -> Ordering {
        let len = self.numbers.len().max(other.numbers.len());
        (0..len)
            .map(|i| self.number(i).cmp(&other.number(i)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl Pre {
    fn parse(tag: &str) -> Option<Pre> {
        if tag.is_empty() {
            return None;
        }
        let lower = tag.to_ascii_lowercase();
        let word: String = lower
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let digits: String = lower[word.len()..]
            .chars()
            .filter(|c| c.is_ascii_digit())
            .take(18)
            .collect();
        let rank = match word.as_str() {
            "dev" => 0,
            "alpha" | "a" => 1,
            "beta" | "b" => 2,
            "rc" => 3,
            _ => 4,
        };
        Some(Pre {
            rank,
            number: digits.parse().unwrap_or(0),
            word: lower,
        })
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Version) -> Ordering {
        self.cmp_release(other)
            .then_with(|| match (&self.pre, &other.pre) {
                (None, None) => Ordering::Equal,
                // A pre-release comes before its release.
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(a), Some(b)) => a.cmp(b),
            })
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// How one clause of a requirement compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// `6.4`: this release and its point releases (6.4, 6.4.1, …).
    Prefix,
    /// `=6.4.2`: exactly this release.
    Exact,
    Greater,
    GreaterEq,
    Less,
    LessEq,
    /// `^6.4`: at least 6.4, below 7.
    Caret,
    /// `~6.4`: at least 6.4, below 6.5.
    Tilde,
}

/// A version requirement: clauses separated by commas, all of which must
/// hold. `*` (or an empty requirement) matches every release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    clauses: Vec<(Op, Version)>,
    text: String,
}

impl Requirement {
    /// Matches every release (not pre-releases).
    pub fn any() -> Requirement {
        Requirement {
            clauses: Vec::new(),
            text: "*".to_string(),
        }
    }

    /// Parses a requirement, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Requirement, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed == "*" {
            return Ok(Requirement::any());
        }
        let mut clauses = Vec::new();
        for clause in trimmed.split(',') {
            let clause = clause.trim();
            let (op, rest) = [
                (">=", Op::GreaterEq),
                ("<=", Op::LessEq),
                (">", Op::Greater),
                ("<", Op::Less),
                ("=", Op::Exact),
                ("^", Op::Caret),
                ("~", Op::Tilde),
            ]
            .iter()
            .find_map(|(sign, op)| clause.strip_prefix(sign).map(|rest| (*op, rest)))
            .unwrap_or((Op::Prefix, clause));
            let rest = rest.trim();
            let version = Version::parse(rest).ok_or_else(|| {
                format!(
                    "{clause:?} is not a version requirement (versions look like 6.4, 6.4.2 or 5.0-beta1; operators are =, >, >=, <, <=, ^, ~, and clauses are separated by commas)"
                )
            })?;
            clauses.push((op, version));
        }
        Ok(Requirement {
            clauses,
            text: trimmed.to_string(),
        })
    }

    /// The requirement as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `version` satisfies every clause. Pre-releases match only a
    /// requirement that names a pre-release itself.
    pub fn matches(&self, version: &Version) -> bool {
        if version.is_prerelease() && !self.clauses.iter().any(|(_, v)| v.is_prerelease()) {
            return false;
        }
        self.clauses
            .iter()
            .all(|(op, want)| clause_holds(*op, want, version))
    }

    /// The highest of `candidates` that satisfies the requirement.
    pub fn best<'a, I>(&self, candidates: I) -> Option<&'a str>
    where
        I: IntoIterator<Item = &'a str>,
    {
        candidates
            .into_iter()
            .filter_map(|c| Version::parse(c).map(|v| (v, c)))
            .filter(|(v, _)| self.matches(v))
            .max_by(|(a, _), (b, _)| a.cmp(b))
            .map(|(_, c)| c)
    }
}

fn clause_holds(op: Op, want: &Version, have: &Version) -> bool {
    match op {
        Op::Exact => have == want || have.cmp(want).is_eq(),
        Op::Greater => have > want,
        Op::GreaterEq => have >= want,
        Op::Less => have < want,
        Op::LessEq => have <= want,
        Op::Prefix => {
            if want.is_prerelease() {
                return have.cmp(want).is_eq();
            }
            (0..want.numbers.len()).all(|i| have.number(i) == want.number(i))
        }
        Op::Caret => have >= want && have.number(0) == want.number(0),
        Op::Tilde => {
            let fixed = want.numbers.len().clamp(1, 2);
            have >= want && (0..fixed).all(|i| have.number(i) == want.number(i))
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn versions_order_as_wordpress_releases_them() {
        let ordered = [
            "5.0-alpha1",
            "5.0-beta1",
            "5.0-beta2",
            "5.0-RC1",
            "5.0",
            "5.0.1",
            "5.1",
            "6.4",
            "6.4.2",
            "6.10",
        ];
        for pair in ordered.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(v("6.4").cmp(&v("6.4.0")), Ordering::Equal);
        for bad in ["", "six", "6..4", "6.4-", "-beta", "6.x"] {
            assert!(Version::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn requirements_pick_the_highest_matching_release() {
        let versions = ["6.3.2", "6.4", "6.4.1", "6.4.2", "6.5-beta1", "6.5", "7.0"];
        let best = |req: &str| Requirement::parse(req).unwrap().best(versions);
        assert_eq!(best("6.4"), Some("6.4.2"));
        assert_eq!(best("=6.4.1"), Some("6.4.1"));
        assert_eq!(best("*"), Some("7.0"));
        assert_eq!(best(">=6.0, <7"), Some("6.5"));
        assert_eq!(best("^6.3"), Some("6.5"));
        assert_eq!(best("~6.3"), Some("6.3.2"));
        assert_eq!(best("<6.4"), Some("6.3.2"));
        assert_eq!(best("6.5-beta1"), Some("6.5-beta1"));
        assert_eq!(best("8"), None);
        let err = Requirement::parse(">= six").unwrap_err();
        assert!(err.contains("not a version requirement"), "{err}");
    }
}
