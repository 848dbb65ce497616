//! Helpers shared by the rewrite tests.
// Each test file uses its own part of this module.
#![allow(dead_code)]

use slipway_rewrite::{Mapping, Outcome, Rewriter};

pub fn rewriter(pairs: &[(&str, &str)]) -> Rewriter {
    let pairs: Vec<Mapping> = pairs
        .iter()
        .map(|(from, to)| Mapping {
            from: (*from).into(),
            to: (*to).into(),
        })
        .collect();
    Rewriter::new(&pairs).expect("valid pairs")
}

/// `https://example.com` → `https://staging.example.org`.
pub fn site() -> Rewriter {
    rewriter(&[("https://example.com", "https://staging.example.org")])
}

pub fn text(r: &Rewriter, input: &str) -> String {
    let mut out = Vec::new();
    r.rewrite_text(input.as_bytes(), &mut out);
    String::from_utf8(out).expect("utf-8")
}

/// The outcome and the value as it ends up: rewritten, or as it was.
pub fn value(r: &Rewriter, input: &[u8]) -> (Outcome, Vec<u8>) {
    let mut out = Vec::new();
    let outcome = r.rewrite_value(input, &mut out);
    match outcome {
        Outcome::Changed { .. } => (outcome, out),
        _ => {
            assert!(out.is_empty(), "out is untouched unless the value changed");
            (outcome, input.to_vec())
        }
    }
}

/// `s:N:"…";` with N in bytes.
pub fn ser(s: &str) -> String {
    format!("s:{}:\"{s}\";", s.len())
}
