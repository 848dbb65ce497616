#![no_main]
//! The manifest and lock parsers on arbitrary text: no panics, and a lock
//! that parses writes back to text that parses to the same lock.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = slipway_manifest::Manifest::parse("slipway.toml", text);
    if let Ok(lock) = slipway_manifest::Lock::parse("slipway.lock", text) {
        let again = slipway_manifest::Lock::parse("slipway.lock", &lock.to_toml());
        assert_eq!(again.ok(), Some(lock));
    }
});
