//! Any bytes: the lexer never panics, and what it accepts comes back byte for
//! byte through small buffers, with and without a row filter; a filter never
//! changes what is accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slipway_sqldump::{DumpReader, NothingOfInterest, Options, RowFilter};

/// Interested in every `@`, so some rows pass and some do not.
struct At;

impl RowFilter for At {
    fn first_interest(&self, bytes: &[u8]) -> Option<usize> {
        bytes.iter().position(|&b| b == b'@')
    }

    fn reach(&self) -> usize {
        1
    }
}

/// Lexes `data` and writes it back; `None` when the lexer refuses it.
fn round_trip(data: &[u8], filter: Option<&dyn RowFilter>) -> Option<Vec<u8>> {
    let options = Options {
        read_size: 64,
        max_token: 1024,
    };
    let mut reader = DumpReader::with_options(data, options);
    let mut out = Vec::new();
    loop {
        match reader.next_event_filtered(filter) {
            Ok(Some(event)) => event.write_raw(&mut out).expect("writing to a Vec"),
            Ok(None) => return Some(out),
            Err(_) => return None,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let plain = round_trip(data, None);
    if let Some(out) = &plain {
        assert_eq!(out, data, "accepted input must come back unchanged");
    }
    for filter in [&NothingOfInterest as &dyn RowFilter, &At] {
        let filtered = round_trip(data, Some(filter));
        assert_eq!(filtered, plain, "a filter must not change what is accepted");
    }
});
