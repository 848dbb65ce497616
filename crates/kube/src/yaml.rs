//! A YAML writer for rendered objects: keys sorted, two-space indents,
//! multi-line text as literal blocks, and every string quoted unless it is
//! plainly a word. The Kubernetes tool chain reads YAML 1.1, where an
//! unquoted `no`, `on` or `1:20` is not a string, so "plain" here is
//! narrow on purpose: a string that YAML 1.1 or 1.2 could read as anything
//! but itself is written in double quotes (JSON's escapes are YAML's).

use serde_json::Value;

/// Writes `value` as a YAML document.
pub fn to_string(value: &Value) -> String {
    let mut out = String::with_capacity(4096);
    match value {
        Value::Object(map) if !map.is_empty() => write_map(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(&mut out, items, 0),
        scalar => {
            write_scalar(&mut out, scalar, 1);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

/// A map at `level`; the caller has written the indentation of the first
/// line (or the `- ` of a sequence item) already when `first_inline`.
fn write_map_entries(
    out: &mut String,
    map: &serde_json::Map<String, Value>,
    level: usize,
    first_inline: bool,
) {
    for (i, (key, value)) in sorted(map).into_iter().enumerate() {
        if i > 0 || !first_inline {
            indent(out, level);
        }
        write_key(out, key);
        out.push(':');
        write_value_after_key(out, value, level);
    }
}

fn write_map(out: &mut String, map: &serde_json::Map<String, Value>, level: usize) {
    write_map_entries(out, map, level, false);
}

fn write_value_after_key(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            write_map(out, map, level + 1);
        }
        // Sequences under a key sit at the key's indentation, as kubectl
        // writes them.
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, level);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar, level + 1);
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Value], level: usize) {
    for item in items {
        indent(out, level);
        out.push_str("- ");
        match item {
            Value::Object(map) if !map.is_empty() => write_map_entries(out, map, level + 1, true),
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, level + 1);
            }
            scalar => {
                write_scalar(out, scalar, level + 1);
                out.push('\n');
            }
        }
    }
}

fn write_scalar(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_string(out, s, level),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// Words YAML 1.1 reads as booleans or null.
const RESERVED: [&str; 22] = [
    "y", "yes", "n", "no", "true", "false", "on", "off", "null", "~", "Y", "Yes", "YES", "N", "No",
    "NO", "True", "TRUE", "False", "FALSE", "On", "Off",
];

fn is_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '/')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'/' | b'-'))
        && !RESERVED.contains(&s)
        && !matches!(s, "OFF" | "ON" | "Null" | "NULL")
}

fn write_string(out: &mut String, s: &str, level: usize) {
    if is_plain(s) {
        out.push_str(s);
    } else if can_be_block(s) {
        let body = s.trim_end_matches('\n');
        let trailing = s.len() - body.len();
        out.push_str(match trailing {
            0 => "|-",
            1 => "|",
            _ => "|+",
        });
        for line in s[..body.len() + trailing.saturating_sub(1)].split('\n') {
            out.push('\n');
            if !line.is_empty() {
                indent(out, level);
                out.push_str(line);
            }
        }
    } else {
        write_quoted(out, s);
    }
}

/// A double-quoted scalar: backslash escapes for quotes, backslashes and
/// every character YAML does not allow raw.
fn write_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A key: plain when it is a word, else double-quoted (never a block).
fn write_key(out: &mut String, key: &str) {
    if is_plain(key) {
        out.push_str(key);
    } else {
        write_quoted(out, key);
    }
}

/// Multi-line text whose lines a literal block keeps exactly.
fn can_be_block(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n', '\t'])
        && s.chars().all(|c| {
            c == '\n'
                || c == '\t'
                || !(c.is_control()
                    || matches!(
                        c,
                        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                    ))
        })
        && s.split('\n').all(|line| !line.ends_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_that_yaml_reads_otherwise_are_quoted() {
        let v = serde_json::json!({"args": ["--save", "", "no", "on", "720h", "1:20", "plain-word", "a b"]});
        assert_eq!(
            to_string(&v),
            "args:\n- \"--save\"\n- \"\"\n- \"no\"\n- \"on\"\n- \"720h\"\n- \"1:20\"\n- plain-word\n- \"a b\"\n"
        );
    }

    #[test]
    fn text_becomes_a_literal_block() {
        let v = serde_json::json!({"data": {"a.conf": "one\n  two\n\nthree\n"}});
        assert_eq!(
            to_string(&v),
            "data:\n  a.conf: |\n    one\n      two\n\n    three\n"
        );
    }

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| Value::from(n)),
            ".{0,12}".prop_map(Value::String),
            "[a-z \n#:-]{0,20}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-zA-Z0-9./-]{1,8}|.{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// What is written reads back as the same value (through a YAML
        /// 1.2 reader; the quoting rules above cover 1.1's extra words).
        #[test]
        fn round_trips(value in json()) {
            let text = to_string(&value);
            let back: Value = serde_norway::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            prop_assert_eq!(back, value, "{}", text);
        }
    }
}
