//! Any bytes as two table files cut into chunks: finding the rows that
//! differ never panics, and a file compared with itself differs in nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The delta and the table-file format it reads, without the rest of the
// crate (see objects_file.rs).
#[path = "../../crates/mysql/src/format.rs"]
#[allow(dead_code)]
mod format;
#[path = "../../crates/mysql/src/delta.rs"]
#[allow(dead_code)]
mod delta;

/// Chunks cut where the input's own bytes say (a byte divisible by 7), so
/// the fuzzer steers the boundaries; ids are the chunks' bytes, interned.
fn chunks(bytes: &[u8], store: &mut Vec<Vec<u8>>) -> Vec<usize> {
    let mut ids = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if b % 7 == 0 || i + 1 == bytes.len() {
            let piece = bytes[start..=i].to_vec();
            let id = store.iter().position(|c| *c == piece).unwrap_or_else(|| {
                store.push(piece);
                store.len() - 1
            });
            ids.push(id);
            start = i + 1;
        }
    }
    ids
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let split = usize::from(mode) * rest.len() / 256;
    let (a, b) = rest.split_at(split);
    // Half the inputs start as a real table file does, to reach the rows.
    let header = format!(
        "-- slipway table file: t\n{}DROP TABLE IF EXISTS `t`;\nCREATE TABLE `t` (\n  `id` int NOT NULL,\n  `v` text,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\nINSERT INTO `t` VALUES\n",
        format::PREAMBLE
    );
    let file = |body: &[u8]| {
        if mode % 2 == 1 {
            [header.as_bytes(), body].concat()
        } else {
            body.to_vec()
        }
    };
    let (old, new) = (file(a), file(b));
    let mut store = Vec::new();
    let (old_ids, new_ids) = (chunks(&old, &mut store), chunks(&new, &mut store));
    let fetch = |id: usize| Ok(store[id].clone());
    let _ = delta::table_delta(&old_ids, &new_ids, fetch, fetch, 1 << 20, None).expect("no fetch fails");
    if let delta::Delta::Apply(same) =
        delta::table_delta(&old_ids, &old_ids, fetch, fetch, 1 << 20, None).expect("no fetch fails")
    {
        assert_eq!((same.deleted, same.written), (0, 0), "a file differs from itself");
    }
});
