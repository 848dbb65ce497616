//! PHP itself unserializes mapped values and agrees on what they hold.
//!
//! Needs `php` on the PATH. Without it the test notes that it did not run,
//! except under CI (`CI=true`), where a missing PHP is a failure.

mod common;

use common::{is_payload, serialize, tree};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use slipway_phpser::map_strings;

/// What the mapping appends to every string; the PHP side appends the same.
const SUFFIX: &str = "→é\0\";s:1:";

/// For each line `original-hex mapped-hex`: both unserialize; the mapped
/// value is the original with SUFFIX appended to every string value (keys,
/// property names and `ArrayObject` storage untouched); and where PHP writes
/// the original back byte for byte, it writes the mapped value back byte for
/// byte too (the lengths are the ones PHP computes).
const CHECK: &str = r#"
const SUFFIX = "\u{2192}\u{e9}\0\";s:1:";
function norm($v) {
    if ($v instanceof ArrayObject) { return ["\0storage" => $v->getArrayCopy()]; }
    if (is_object($v)) { return ["\0class:" . get_class($v) => norm((array) $v)]; }
    if (is_array($v)) { return array_map('norm', $v); }
    return $v;
}
function grow($v) {
    if (is_array($v)) {
        return array_key_first($v) === "\0storage" ? $v : array_map('grow', $v);
    }
    return is_string($v) ? $v . SUFFIX : $v;
}
$checked = 0;
$failed = 0;
function fail($what, $mapped) {
    global $failed;
    if ($failed++ < 5) { echo $what, ": ", bin2hex($mapped), "\n"; }
}
while (($line = fgets(STDIN)) !== false) {
    [$original, $mapped] = array_map('hex2bin', explode(' ', trim($line)));
    $a = unserialize($original);
    $b = unserialize($mapped);
    if (($a === false && $original !== 'b:0;') || ($b === false && $mapped !== 'b:0;')) {
        fail("does not unserialize", $mapped);
        continue;
    }
    if (serialize(norm($b)) !== serialize(grow(norm($a)))) {
        fail("holds other strings", $mapped);
        continue;
    }
    if (serialize($a) === $original && serialize($b) !== $mapped) {
        fail("not as PHP writes it", $mapped);
        continue;
    }
    $checked++;
}
echo "checked $checked\n";
"#;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

use slipway_testkit::run_php;

#[test]
fn php_unserializes_mapped_values_to_the_mapped_strings() {
    let mut runner = TestRunner::deterministic();
    let strategy = tree();
    let mut lines = String::new();
    let count = 400;
    for _ in 0..count {
        let node = strategy.new_tree(&mut runner).expect("tree").current();
        let original = serialize(&node);
        let mapped = map_strings(&original, |_, s| {
            (!is_payload(s)).then(|| [s, SUFFIX.as_bytes()].concat())
        })
        .expect("parses")
        .unwrap_or_else(|| original.clone());
        lines.push_str(&format!("{} {}\n", hex(&original), hex(&mapped)));
    }
    let Some(report) = run_php(CHECK, &lines) else {
        return;
    };
    assert_eq!(report, format!("checked {count}\n"));
}
