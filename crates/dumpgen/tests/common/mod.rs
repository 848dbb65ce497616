//! Helpers shared by the integration tests: generating small dumps and
//! reading their string literals back.

#![allow(dead_code)]

use slipway_dumpgen::{generate, Config, Summary};

/// A dump of about `size` bytes with `seed`, otherwise the defaults.
pub fn dump(size: u64, seed: u64) -> (Vec<u8>, Summary) {
    dump_with(Config {
        size,
        seed,
        ..Config::default()
    })
}

/// A dump for `config`.
pub fn dump_with(config: Config) -> (Vec<u8>, Summary) {
    let mut out = Vec::new();
    let summary = generate(&config, &mut out).expect("generation succeeds");
    (out, summary)
}

/// Every single-quoted string literal in the dump's `INSERT` rows, unescaped
/// the way the MySQL parser reads them.
pub fn string_literals(dump: &[u8]) -> Vec<Vec<u8>> {
    let mut values = Vec::new();
    for line in dump.split(|&b| b == b'\n') {
        if !(line.starts_with(b"(") || line.starts_with(b"INSERT INTO")) {
            continue;
        }
        let mut i = 0;
        while i < line.len() {
            if line[i] != b'\'' {
                i += 1;
                continue;
            }
            let mut value = Vec::new();
            i += 1;
            while i < line.len() && line[i] != b'\'' {
                if line[i] == b'\\' && i + 1 < line.len() {
                    i += 1;
                    value.push(match line[i] {
                        b'0' => 0,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b'Z' => 0x1a,
                        b't' => b'\t',
                        b'b' => 8,
                        other => other,
                    });
                } else {
                    value.push(line[i]);
                }
                i += 1;
            }
            i += 1;
            values.push(value);
        }
    }
    values
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// True when running under CI, where a missing tool must fail the test.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}
