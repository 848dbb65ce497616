//! Any bytes as a version's `schema/objects.sql`: naming the loading account
//! never panics, a file it accepts names that account in every statement it
//! marks, and naming the same account again changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The objects module and the identifier quoting it uses, without the rest
// of the crate: a MySQL client built with the fuzzer's instrumentation
// would be most of the build and none of the code under test.
#[path = "../../crates/mysql/src/format.rs"]
#[allow(dead_code)]
mod format;
#[path = "../../crates/mysql/src/objects.rs"]
#[allow(dead_code)]
mod objects;

const ACCOUNT: &str = "`wp_dev`@`localhost`";

fuzz_target!(|data: &[u8]| {
    let Ok(named) = objects::with_definer(data, ACCOUNT) else {
        return;
    };
    let again = objects::with_definer(&named, ACCOUNT).expect("a file it wrote is accepted");
    assert_eq!(again, named);
});
