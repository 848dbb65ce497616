//! The leak scan: personal data still in the output, counted by table,
//! column and key, with masked samples.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::detect::{self, Kind};

/// How many samples are kept per place.
const SAMPLES: usize = 2;

/// Counts what still looks like personal data in the values it is shown:
/// emails (outside reserved domains), IPv4/IPv6 addresses (outside
/// loopback and documentation ranges) and phone numbers (conservatively).
/// Fakes made by the scrub never count.
#[derive(Debug, Default, Clone)]
pub struct LeakScanner {
    found: BTreeMap<Place, Found>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    table: String,
    column: String,
    key: Option<String>,
    kind: Kind,
}

#[derive(Debug, Default, Clone)]
struct Found {
    count: u64,
    samples: Vec<String>,
}

/// One place where personal data remains.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Leak {
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// The key, in key-value tables.
    pub key: Option<String>,
    /// What was found.
    pub kind: Kind,
    /// How many times.
    pub count: u64,
    /// A few masked samples, enough to recognise the kind of data without
    /// spreading it.
    pub samples: Vec<String>,
}

/// The result of a leak scan.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LeakReport {
    /// Every place with remaining personal data, by table, column, key.
    pub leaks: Vec<Leak>,
}

impl LeakReport {
    /// How many findings in all.
    pub fn total(&self) -> u64 {
        self.leaks.iter().map(|l| l.count).sum()
    }
}

impl LeakScanner {
    /// An empty scan.
    pub fn new() -> Self {
        Self::default()
    }

    /// Looks at one value written out: `key` is the row's key in key-value
    /// tables (`meta_key`, `option_name`).
    pub fn scan(&mut self, table: &str, column: &str, key: Option<&[u8]>, value: &[u8]) {
        for (range, kind) in detect::find_all(value, detect::Domains::Real) {
            let hit = value.get(range).unwrap_or_default();
            let place = Place {
                table: table.to_owned(),
                column: column.to_owned(),
                key: key.map(|k| String::from_utf8_lossy(k).into_owned()),
                kind,
            };
            let found = self.found.entry(place).or_default();
            found.count += 1;
            if found.samples.len() < SAMPLES {
                found.samples.push(mask(kind, hit));
            }
        }
    }

    /// Adds another scanner's findings (from a parallel worker).
    pub fn merge(&mut self, other: LeakScanner) {
        for (place, theirs) in other.found {
            let ours = self.found.entry(place).or_default();
            ours.count += theirs.count;
            for sample in theirs.samples {
                if ours.samples.len() < SAMPLES {
                    ours.samples.push(sample);
                }
            }
        }
    }

    /// What was found.
    pub fn report(&self) -> LeakReport {
        LeakReport {
            leaks: self
                .found
                .iter()
                .map(|(place, found)| Leak {
                    table: place.table.clone(),
                    column: place.column.clone(),
                    key: place.key.clone(),
                    kind: place.kind,
                    count: found.count,
                    samples: found.samples.clone(),
                })
                .collect(),
        }
    }
}

/// Enough of a finding to tell what it was: `j***@g***.com`, `81.x.x.x`,
/// `+44 2***58`.
fn mask(kind: Kind, hit: &[u8]) -> String {
    let text = String::from_utf8_lossy(hit);
    match kind {
        Kind::Email => {
            let (local, domain) = text.split_once('@').unwrap_or((&text, ""));
            let tld = domain.rsplit_once('.').map_or("", |(_, t)| t);
            format!("{}***@{}***.{tld}", first(local), first(domain))
        }
        Kind::Ip if text.contains(':') => {
            format!("{}:***", text.split(':').next().unwrap_or_default())
        }
        Kind::Ip => format!("{}.x.x.x", text.split('.').next().unwrap_or_default()),
        Kind::Phone => {
            let chars: Vec<char> = text.chars().collect();
            let head: String = chars.iter().take(4).collect();
            let tail: String = chars
                .iter()
                .skip(chars.len().saturating_sub(2).max(4))
                .collect();
            format!("{head}***{tail}")
        }
    }
}

fn first(s: &str) -> &str {
    s.char_indices().nth(1).map_or(s, |(i, _)| &s[..i])
}

impl fmt::Display for LeakReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.leaks.is_empty() {
            return writeln!(
                f,
                "leak scan: no emails, IP addresses or phone numbers left"
            );
        }
        writeln!(
            f,
            "leak scan: {} findings of personal data left:",
            self.total()
        )?;
        for leak in &self.leaks {
            let key = leak
                .key
                .as_deref()
                .map(|k| format!(" [{k}]"))
                .unwrap_or_default();
            writeln!(
                f,
                "  {}.{}{key}: {} × {} (e.g. {})",
                leak.table,
                leak.column,
                leak.count,
                leak.kind,
                leak.samples.join(", ")
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_a_hint() {
        assert_eq!(mask(Kind::Email, b"jane.doe@gmail.com"), "j***@g***.com");
        assert_eq!(mask(Kind::Ip, b"81.2.69.160"), "81.x.x.x");
        assert_eq!(mask(Kind::Ip, b"2a02:1810::5"), "2a02:***");
        assert_eq!(mask(Kind::Phone, b"+44 20 7946 0958"), "+44 ***58");
    }

    #[test]
    fn findings_are_counted_by_place_and_merged() {
        let mut a = LeakScanner::new();
        a.scan(
            "wp_postmeta",
            "meta_value",
            Some(b"_billing_email"),
            b"jane@mail.com",
        );
        a.scan(
            "wp_postmeta",
            "meta_value",
            Some(b"_billing_email"),
            b"bob@mail.com",
        );
        let mut b = LeakScanner::new();
        b.scan(
            "wp_postmeta",
            "meta_value",
            Some(b"_billing_email"),
            b"eve@mail.com",
        );
        b.scan(
            "wp_comments",
            "comment_content",
            None,
            b"call +44 20 7946 0958 from 81.2.69.160",
        );
        a.merge(b);
        let report = a.report();
        assert_eq!(report.total(), 5);
        let email = &report.leaks[report.leaks.len() - 1];
        assert_eq!(
            (email.kind, email.count, email.samples.len()),
            (Kind::Email, 3, 2)
        );
        assert_eq!(email.key.as_deref(), Some("_billing_email"));
        let text = report.to_string();
        assert!(
            text.contains("wp_comments.comment_content: 1 × phone number"),
            "{text}"
        );
        assert!(!text.contains("jane@"), "{text}");
    }
}
