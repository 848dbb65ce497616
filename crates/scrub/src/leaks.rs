//! The leak scan: personal data still in the output, by table, column and key.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::detect::{self, Kind};

/// How many samples are kept per place.
const SAMPLES: usize = 2;

/// Counts what looks like personal data in the values it is shown.
#[derive(Debug, Default)]
pub struct LeakScanner {
    found: BTreeMap<(String, String, Option<String>, Kind), Place>,
}

#[derive(Debug, Default, Clone, Serialize)]
struct Place {
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
    /// A few masked samples.
    pub samples: Vec<String>,
}

/// The result of a leak scan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LeakReport {
    /// Every place with remaining personal data.
    pub leaks: Vec<Leak>,
}

impl LeakScanner {
    /// An empty scan.
    pub fn new() -> Self {
        Self::default()
    }

    /// Looks at one value written out.
    pub fn scan(&mut self, table: &str, column: &str, key: Option<&[u8]>, value: &[u8]) {
        let mut found = |kind: Kind, hit: &[u8]| {
            let place = self
                .found
                .entry((
                    table.to_owned(),
                    column.to_owned(),
                    key.map(|k| String::from_utf8_lossy(k).into_owned()),
                    kind,
                ))
                .or_default();
            place.count += 1;
            if place.samples.len() < SAMPLES {
                place.samples.push(mask(hit));
            }
        };
        if memchr::memchr(b'@', value).is_some() {
            for r in detect::emails(value) {
                found(Kind::Email, &value[r]);
            }
        }
        for r in detect::ipv4s(value) {
            found(Kind::Ip, &value[r]);
        }
        if memchr::memchr(b'+', value).is_some() {
            for r in detect::phones(value) {
                found(Kind::Phone, &value[r]);
            }
        }
    }

    /// What was found.
    pub fn report(&self) -> LeakReport {
        LeakReport {
            leaks: self
                .found
                .iter()
                .map(|((table, column, key, kind), place)| Leak {
                    table: table.clone(),
                    column: column.clone(),
                    key: key.clone(),
                    kind: *kind,
                    count: place.count,
                    samples: place.samples.clone(),
                })
                .collect(),
        }
    }
}

/// Keeps the first and last characters, so a person can tell what it was
/// without the report spreading it.
fn mask(hit: &[u8]) -> String {
    let text = String::from_utf8_lossy(hit);
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let mut out: String = chars[..2].iter().collect();
    out.push_str(&"*".repeat(chars.len() - 4));
    out.extend(&chars[chars.len() - 2..]);
    out
}

impl fmt::Display for LeakReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.leaks.is_empty() {
            return writeln!(
                f,
                "leak scan: no emails, IPv4 addresses or phone numbers left"
            );
        }
        writeln!(f, "leak scan: personal data left in the output:")?;
        for leak in &self.leaks {
            let key = leak
                .key
                .as_deref()
                .map(|k| format!(" [{k}]"))
                .unwrap_or_default();
            writeln!(
                f,
                "  {}.{}{key}: {} {:?} (e.g. {})",
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
