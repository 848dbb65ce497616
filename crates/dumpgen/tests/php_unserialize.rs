//! Every serialized value in a dump is one PHP reads back unchanged: real
//! `unserialize()` accepts it and `serialize()` reproduces it byte for byte,
//! including values serialized inside serialized strings.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::{dump, in_ci, string_literals};

const PHP: &str = "/usr/bin/php";

/// Reads length-prefixed values and checks each, recursing into strings that
/// are themselves serialized. Prints `checked N nested M` on success.
const CHECKER: &str = r#"<?php
function looks_serialized($v) {
    return is_string($v) && preg_match('/^(a|O):\d+:|^s:\d+:"/', $v) === 1;
}
function check($v, &$nested, $where) {
    $u = @unserialize($v, ['allowed_classes' => false]);
    if ($u === false && $v !== 'b:0;') {
        fwrite(STDERR, "unserialize() refused $where: " . substr($v, 0, 300) . "\n");
        exit(1);
    }
    if (serialize($u) !== $v) {
        fwrite(STDERR, "serialize(unserialize()) differs $where: " . substr($v, 0, 300) . "\n");
        exit(1);
    }
    walk($u, $nested, $where);
}
function walk($u, &$nested, $where) {
    if (is_object($u)) {
        $u = (array) $u;
    }
    if (is_array($u)) {
        foreach ($u as $item) {
            walk($item, $nested, $where);
        }
    } elseif (looks_serialized($u)) {
        $nested++;
        check($u, $nested, "inside $where");
    }
}
$in = fopen($argv[1], 'rb');
$count = 0;
$nested = 0;
while (($line = fgets($in)) !== false) {
    $len = (int) $line;
    $v = $len > 0 ? fread($in, $len) : '';
    fgetc($in);
    check($v, $nested, "value $count");
    $count++;
}
echo "checked $count nested $nested\n";
"#;

fn looks_serialized(v: &[u8]) -> bool {
    let digits_after = |prefix: &[u8]| {
        v.starts_with(prefix) && v.get(prefix.len()).is_some_and(u8::is_ascii_digit)
    };
    digits_after(b"a:") || digits_after(b"O:") || digits_after(b"s:")
}

#[test]
fn every_serialized_value_round_trips_through_php() {
    if !Path::new(PHP).exists() {
        assert!(!in_ci(), "{PHP} is missing; CI needs it for this test");
        eprintln!("skipping: {PHP} is not installed");
        return;
    }
    let (bytes, _) = dump(3 << 20, 11);
    let values: Vec<Vec<u8>> = string_literals(&bytes)
        .into_iter()
        .filter(|v| looks_serialized(v))
        .collect();
    assert!(
        values.len() > 500,
        "only {} serialized values",
        values.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("values");
    let mut file = std::fs::File::create(&data).unwrap();
    for v in &values {
        writeln!(file, "{}", v.len()).unwrap();
        file.write_all(v).unwrap();
        file.write_all(b"\n").unwrap();
    }
    drop(file);
    let script = dir.path().join("check.php");
    std::fs::write(&script, CHECKER).unwrap();
    let output = Command::new(PHP).arg(&script).arg(&data).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "PHP rejected a value: {}{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut words = stdout.split_whitespace();
    assert_eq!(words.next(), Some("checked"));
    let checked: usize = words.next().unwrap().parse().unwrap();
    assert_eq!(checked, values.len());
    assert_eq!(words.next(), Some("nested"));
    let nested: usize = words.next().unwrap().parse().unwrap();
    // Double-serialized meta and the session values' inner strings.
    assert!(nested > 100, "only {nested} nested serialized values");
}
