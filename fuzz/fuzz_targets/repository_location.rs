//! Any text as a repository location: parsing never panics, and what parses
//! is written back as a string that parses to the same location.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The parser alone: it uses only std and thiserror, and building the whole
// repository crate here would build restic's and S3's stack with the
// fuzzer's instrumentation for one small function.
#[path = "../../crates/repository/src/location.rs"]
#[allow(dead_code)]
mod location;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = location::Location::parse(text) {
        let again = location::Location::parse(&parsed.to_string()).expect("a written location parses");
        assert_eq!(again, parsed);
    }
});
