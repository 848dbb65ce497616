//! Any bytes: the lexer never panics, and what it accepts comes back byte for
//! byte through small buffers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slipway_sqldump::{DumpReader, Options};

fuzz_target!(|data: &[u8]| {
    let options = Options {
        read_size: 64,
        max_token: 1024,
    };
    let mut reader = DumpReader::with_options(data, options);
    let mut out = Vec::new();
    loop {
        match reader.next_event() {
            Ok(Some(event)) => event.write_raw(&mut out).expect("writing to a Vec"),
            Ok(None) => {
                assert_eq!(out, data, "accepted input must come back unchanged");
                return;
            }
            Err(_) => return,
        }
    }
});
