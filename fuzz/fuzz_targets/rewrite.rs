//! Any value: the rewrite never panics, and a changed serialized value stays valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slipway_rewrite::{Mapping, Outcome, Rewriter};

fuzz_target!(|data: &[u8]| {
    let rewriter = Rewriter::new(&[Mapping {
        from: "https://example.com".into(),
        to: "https://staging.example.org/x".into(),
    }])
    .expect("valid pair");
    let mut out = Vec::new();
    if let Outcome::Changed { serialized: true, .. } = rewriter.rewrite_value(data, &mut out) {
        assert!(slipway_phpser::validate(&out).is_ok());
    }
});
