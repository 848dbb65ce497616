//! PHP itself unserializes rewritten values and finds the URLs replaced.
//!
//! PHP writes the originals (objects with private and protected properties,
//! `Serializable` classes in the `C:` form, double serialization, JSON and
//! URL-encoded strings inside serialized values…), the rewriter rewrites
//! them, and PHP checks that each result unserializes to the original with
//! the URLs replaced, written byte for byte as PHP would write it. Needs
//! `php` on the PATH: without it the test notes that it did not run, except
//! under CI (`CI=true`), where a missing PHP is a failure.

mod common;

use common::site;
use slipway_rewrite::Outcome;

/// Classes and the expected replacement, shared by both PHP steps.
const PRELUDE: &str = r#"
class Widget {
    private $url; protected $img; public $caption;
    function __construct($u, $i, $c) { $this->url = $u; $this->img = $i; $this->caption = $c; }
}
class Legacy implements Serializable {
    public $data;
    function __construct($d) { $this->data = $d; }
    function serialize() { return serialize($this->data); }
    function unserialize($s) { $this->data = unserialize($s); }
}
const MAP = [
    'https://example.com' => 'https://staging.example.org',
    'https:\/\/example.com' => 'https:\/\/staging.example.org',
    'https%3A%2F%2Fexample.com' => 'https%3A%2F%2Fstaging.example.org',
    'https%3a%2f%2fexample.com' => 'https%3a%2f%2fstaging.example.org',
    '//example.com' => '//staging.example.org',
    '\/\/example.com' => '\/\/staging.example.org',
    '%2F%2Fexample.com' => '%2F%2Fstaging.example.org',
];
"#;

/// Prints the originals, one hex line each.
const ORIGINALS: &str = r#"
$u = 'https://example.com';
$values = array_map('serialize', [
    ['home' => $u, 'siteurl' => "$u/wp", 'n' => 5, 'f' => 1.5, 'on' => true, 'none' => null],
    new Widget("$u/a.png", '//example.com/b.png', "Ünïcödé $u/é\x1a\0 end."),
    ['json' => json_encode(['src' => "$u/img.jpg", 'alt' => '日本']),
     'query' => 'r=' . urlencode("$u/x?y=1"), 'raw' => rawurlencode("$u/p q"),
     'lower' => strtolower(urlencode("$u/l"))],
    ['inner' => serialize(['url' => "$u/inner", 'w' => new Widget($u, $u, $u)])],
    ['twice' => serialize(serialize(["$u/deep"]))],
    new Legacy(['u' => "$u/legacy", 'w' => new Widget($u, "$u/i", 'c')]),
    new ArrayObject(["$u/ao", 'k' => new Widget($u, $u, 'x')]),
    "post text s:5:\"hello\"; $u/x and <img src=\"//example.com/y.png\">",
    ['a' => ['b' => ['c' => ['d' => "$u/deep"]]]],
    [42 => "$u", -7 => 'x', 'mixed' => "See $u. Or https:\\/\\/example.com\\/y"],
]);
$storage = serialize(["$u/c", 'w' => new Widget($u, $u, 'x')]);
$p = "x:i:0;$storage;m:a:0:{}";
$values[] = 'C:11:"ArrayObject":' . strlen($p) . ":{{$p}}";
$o = serialize(new Widget("$u/o", $u, 'o'));
$p = "x:i:1;$o," . serialize("$u/info") . ';m:a:0:{}';
$values[] = 'C:16:"SplObjectStorage":' . strlen($p) . ":{{$p}}";
$p = 'i:4;:' . serialize("$u/1") . ':' . serialize([$u]);
$values[] = 'C:19:"SplDoublyLinkedList":' . strlen($p) . ":{{$p}}";
foreach ($values as $v) { echo bin2hex($v), "\n"; }
"#;

/// Reads `original-hex rewritten-hex` lines and checks each pair.
const CHECK: &str = r#"
function unser($s) {
    try {
        $v = unserialize($s);
    } catch (Throwable $e) {
        return [false, null];
    }
    return ($v === false && $s !== 'b:0;') ? [false, null] : [true, $v];
}
function shown($s) { return addcslashes($s, "\0..\37"); }
// Plain data to compare: classes become keys, serialized strings their
// contents, so that only real strings are leaves.
function plain($v) {
    if (is_string($v)) {
        [$ok, $inner] = unser($v);
        return $ok ? ['@serialized' => plain($inner)] : $v;
    }
    if (is_array($v)) { return array_map('plain', $v); }
    if (!is_object($v)) { return $v; }
    $class = '@' . get_class($v);
    if ($v instanceof ArrayObject) { return [$class => plain($v->getArrayCopy())]; }
    if ($v instanceof Legacy) { return [$class => plain($v->data)]; }
    if ($v instanceof SplDoublyLinkedList) { return [$class => plain(iterator_to_array($v))]; }
    if ($v instanceof SplObjectStorage) {
        $items = [];
        foreach ($v as $i => $obj) { $items[] = [plain($obj), plain($v->getInfo())]; }
        return [$class => $items];
    }
    return [$class => plain((array) $v)];
}
function replaced($v) {
    if (is_array($v)) { return array_map('replaced', $v); }
    return is_string($v) ? strtr($v, MAP) : $v;
}
$checked = 0;
while (($line = fgets(STDIN)) !== false) {
    [$original, $rewritten] = array_map('hex2bin', explode(' ', trim($line)));
    [, $a] = unser($original);
    [$ok, $b] = unser($rewritten);
    if (!$ok) { echo "does not unserialize: ", shown($rewritten), "\n"; continue; }
    if (plain($b) !== replaced(plain($a))) { echo "holds other values: ", shown($rewritten), "\n"; continue; }
    if (serialize($a) === $original && serialize($b) !== $rewritten) {
        echo "not as PHP writes it: ", shown($rewritten), "\n";
        continue;
    }
    $checked++;
}
echo "checked $checked\n";
"#;

/// Runs PHP code after the prelude with `input` on stdin; `None` when PHP is
/// missing and that is allowed here.
fn run_php(code: &str, input: &str) -> Option<String> {
    slipway_testkit::run_php(&format!("{PRELUDE}{code}"), input)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

#[test]
fn php_unserializes_rewritten_values_to_the_replaced_urls() {
    let Some(originals) = run_php(ORIGINALS, "") else {
        return;
    };
    let r = site();
    let mut lines = String::new();
    let mut count = 0;
    for line in originals.lines() {
        let original = unhex(line);
        let mut rewritten = Vec::new();
        let outcome = r.rewrite_value(&original, &mut rewritten);
        assert!(
            matches!(
                outcome,
                Outcome::Changed {
                    serialized: true,
                    ..
                }
            ),
            "{outcome:?} for {}",
            String::from_utf8_lossy(&original)
        );
        lines.push_str(&format!("{} {}\n", hex(&original), hex(&rewritten)));
        count += 1;
    }
    assert_eq!(count, 13);
    let report = run_php(CHECK, &lines).expect("php ran before");
    assert_eq!(report, format!("checked {count}\n"));
}
