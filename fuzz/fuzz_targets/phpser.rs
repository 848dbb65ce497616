//! Any bytes: parsing never panics, and mapping a valid value gives a valid value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if slipway_phpser::validate(data).is_ok() {
        let mapped = slipway_phpser::map_strings(data, |_, s| Some([s, b"x"].concat()))
            .expect("a valid value maps");
        if let Some(mapped) = mapped {
            assert!(slipway_phpser::validate(&mapped).is_ok());
        }
    }
});
