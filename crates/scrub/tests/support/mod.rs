//! Helpers shared by the integration tests: scrubbers, a row runner and a
//! small PHP `serialize()` writer for realistic meta values.
#![allow(dead_code)]

use slipway_scrub::{Cell, Options, Policy, RowVerdict, ScrubKey, Scrubber};

pub fn key(byte: u8) -> ScrubKey {
    ScrubKey::from_bytes([byte; 32])
}

pub fn scrubber(presets: &[&str]) -> Scrubber {
    scrubber_with(presets, "", Options::default())
}

pub fn scrubber_with(presets: &[&str], extra: &str, options: Options) -> Scrubber {
    let mut policy = Policy::presets(presets.iter().copied()).unwrap();
    policy.extend(Policy::from_toml(extra).unwrap());
    Scrubber::new(policy, key(42), options).unwrap()
}

/// A row's values by column; `None` is NULL.
pub type Row = Vec<Option<Vec<u8>>>;

pub fn row(values: &[Option<&str>]) -> Row {
    values
        .iter()
        .map(|v| v.map(|s| s.as_bytes().to_vec()))
        .collect()
}

pub fn raw_row(values: &[&[u8]]) -> Row {
    values.iter().map(|v| Some(v.to_vec())).collect()
}

/// Runs one row of `table` through the scrubber as a dump transformer
/// would: plan, hand over the needed values, write back the changed ones.
pub fn run(scrubber: &Scrubber, table: &str, columns: &[&str], input: &Row) -> (RowVerdict, Row) {
    let Some(plan) = scrubber.plan_table(table, columns) else {
        return (RowVerdict::Keep, input.clone());
    };
    let mut cells: Vec<Cell> = plan
        .needed_columns()
        .iter()
        .map(|&i| Cell {
            value: input[i].clone(),
            changed: false,
        })
        .collect();
    let verdict = plan.scrub_row(scrubber, &mut cells);
    let mut output = input.clone();
    for (&i, cell) in plan.needed_columns().iter().zip(cells) {
        if cell.changed {
            output[i] = cell.value;
        } else {
            assert_eq!(
                cell.value, input[i],
                "unchanged cells are left as they were"
            );
        }
    }
    (verdict, output)
}

/// Runs a key-value row (`meta_key`, `meta_value`) and gives the new value.
pub fn meta(scrubber: &Scrubber, table: &str, key: &str, value: &[u8]) -> Option<Vec<u8>> {
    let columns = ["meta_id", "owner_id", "meta_key", "meta_value"];
    let (verdict, out) = run(
        scrubber,
        table,
        &columns,
        &raw_row(&[b"1", b"1", key.as_bytes(), value]),
    );
    assert_eq!(verdict, RowVerdict::Keep);
    out[3].clone()
}

pub fn text(value: &Option<Vec<u8>>) -> String {
    String::from_utf8_lossy(value.as_deref().unwrap_or(b"<NULL>")).into_owned()
}

/// A PHP value, written the way `serialize()` writes it.
#[derive(Debug, Clone)]
pub enum Php {
    S(&'static str),
    Owned(Vec<u8>),
    I(i64),
    B(bool),
    N,
    A(Vec<(PhpKey, Php)>),
}

#[derive(Debug, Clone)]
pub enum PhpKey {
    I(i64),
    S(&'static str),
}

impl Php {
    pub fn ser(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Php::S(s) => write_str(out, s.as_bytes()),
            Php::Owned(s) => write_str(out, s),
            Php::I(i) => out.extend(format!("i:{i};").bytes()),
            Php::B(b) => out.extend(format!("b:{};", u8::from(*b)).bytes()),
            Php::N => out.extend_from_slice(b"N;"),
            Php::A(entries) => {
                out.extend(format!("a:{}:{{", entries.len()).bytes());
                for (k, v) in entries {
                    match k {
                        PhpKey::I(i) => out.extend(format!("i:{i};").bytes()),
                        PhpKey::S(s) => write_str(out, s.as_bytes()),
                    }
                    v.write(out);
                }
                out.push(b'}');
            }
        }
    }
}

fn write_str(out: &mut Vec<u8>, s: &[u8]) {
    out.extend(format!("s:{}:\"", s.len()).bytes());
    out.extend_from_slice(s);
    out.extend_from_slice(b"\";");
}

/// An associative array from string keys.
pub fn assoc(entries: Vec<(&'static str, Php)>) -> Php {
    Php::A(
        entries
            .into_iter()
            .map(|(k, v)| (PhpKey::S(k), v))
            .collect(),
    )
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Asserts that none of `secrets` is left in `value`, in any case.
pub fn assert_gone(value: &[u8], secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !contains(value, secret),
            "`{secret}` is still in {}",
            String::from_utf8_lossy(value)
        );
    }
}
