//! Random serialized trees, written the way PHP's `serialize()` writes them.
// Each test file uses its own part of this module.
#![allow(dead_code)]

use proptest::prelude::*;

/// One serialized value.
#[derive(Debug, Clone)]
pub enum Node {
    Null,
    Bool(bool),
    Int(i64),
    /// A float as PHP writes it.
    Float(&'static str),
    Str(Vec<u8>),
    /// A string holding a serialized value (double serialization).
    Nested(Box<Node>),
    /// Keys are unique and never numeric strings, so PHP keeps them as they
    /// are.
    Array(Vec<(ArrayKey, Node)>),
    /// A `stdClass` with public, protected (`\0*\0`) and private
    /// (`\0stdClass\0`) properties.
    Object(Vec<(Vec<u8>, Node)>),
    /// An `ArrayObject` in the `C:` form, holding strings.
    Custom(Vec<Vec<u8>>),
}

#[derive(Debug, Clone)]
pub enum ArrayKey {
    Int(i64),
    Str(String),
}

/// Floats exactly as PHP 8 serializes them.
const FLOATS: &[&str] = &["0.5", "-1.25", "1.0E+25", "3.0E-5", "INF", "-INF", "NAN"];

/// String contents: arbitrary bytes (NUL, 0x1A, quotes, `";`) and multibyte
/// UTF-8. Nothing starts with `x:i:`, which marks an `ArrayObject` payload.
pub fn contents() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..24),
        "[a-zé日\"; {}:\u{0}\u{1a}]{0,16}".prop_map(String::into_bytes),
        Just(b"s:5:\"hello\";".to_vec()),
    ]
    .prop_filter("not an ArrayObject payload", |s| !s.starts_with(b"x:i:"))
}

pub fn tree() -> impl Strategy<Value = Node> {
    let leaf = prop_oneof![
        Just(Node::Null),
        any::<bool>().prop_map(Node::Bool),
        any::<i64>().prop_map(Node::Int),
        proptest::sample::select(FLOATS).prop_map(Node::Float),
        contents().prop_map(Node::Str),
        proptest::collection::vec(contents(), 0..3).prop_map(Node::Custom),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(|items| {
                Node::Array(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| (array_key(i), item))
                        .collect(),
                )
            }),
            proptest::collection::vec(inner.clone(), 0..5).prop_map(|items| {
                Node::Object(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| (property_name(i), item))
                        .collect(),
                )
            }),
            inner.prop_map(|node| Node::Nested(Box::new(node))),
        ]
    })
}

fn array_key(i: usize) -> ArrayKey {
    if i % 2 == 0 {
        ArrayKey::Int(i64::try_from(i).unwrap_or(0) - 2)
    } else {
        ArrayKey::Str(format!("k{i}é"))
    }
}

fn property_name(i: usize) -> Vec<u8> {
    match i % 3 {
        0 => format!("p{i}").into_bytes(),
        1 => format!("\0*\0p{i}").into_bytes(),
        _ => format!("\0stdClass\0p{i}").into_bytes(),
    }
}

pub fn string(s: &[u8]) -> Vec<u8> {
    let mut v = format!("s:{}:\"", s.len()).into_bytes();
    v.extend_from_slice(s);
    v.extend_from_slice(b"\";");
    v
}

pub fn serialize(node: &Node) -> Vec<u8> {
    match node {
        Node::Null => b"N;".to_vec(),
        Node::Bool(b) => format!("b:{};", u8::from(*b)).into_bytes(),
        Node::Int(i) => format!("i:{i};").into_bytes(),
        Node::Float(f) => format!("d:{f};").into_bytes(),
        Node::Str(s) => string(s),
        Node::Nested(inner) => string(&serialize(inner)),
        Node::Array(items) => {
            let mut v = format!("a:{}:{{", items.len()).into_bytes();
            for (key, item) in items {
                match key {
                    ArrayKey::Int(i) => v.extend_from_slice(format!("i:{i};").as_bytes()),
                    ArrayKey::Str(s) => v.extend_from_slice(&string(s.as_bytes())),
                }
                v.extend_from_slice(&serialize(item));
            }
            v.push(b'}');
            v
        }
        Node::Object(props) => {
            let mut v = format!("O:8:\"stdClass\":{}:{{", props.len()).into_bytes();
            for (name, item) in props {
                v.extend_from_slice(&string(name));
                v.extend_from_slice(&serialize(item));
            }
            v.push(b'}');
            v
        }
        Node::Custom(strings) => {
            let mut storage = format!("a:{}:{{", strings.len()).into_bytes();
            for (i, s) in strings.iter().enumerate() {
                storage.extend_from_slice(format!("i:{i};").as_bytes());
                storage.extend_from_slice(&string(s));
            }
            storage.push(b'}');
            let payload = [&b"x:i:0;"[..], &storage, b";m:a:0:{}"].concat();
            let mut v = format!("C:11:\"ArrayObject\":{}:{{", payload.len()).into_bytes();
            v.extend_from_slice(&payload);
            v.push(b'}');
            v
        }
    }
}

/// The string values a walk offers, in order: nested values are one string,
/// and a custom object's payload is one string.
pub fn offered(node: &Node, out: &mut Vec<Vec<u8>>) {
    match node {
        Node::Null | Node::Bool(_) | Node::Int(_) | Node::Float(_) => {}
        Node::Str(s) => out.push(s.clone()),
        Node::Nested(inner) => out.push(serialize(inner)),
        Node::Array(items) => items.iter().for_each(|(_, item)| offered(item, out)),
        Node::Object(props) => props.iter().for_each(|(_, item)| offered(item, out)),
        Node::Custom(_) => {
            let v = serialize(node);
            let open = v.iter().position(|&b| b == b'{').unwrap_or(0);
            out.push(v[open + 1..v.len() - 1].to_vec());
        }
    }
}

/// Whether a string offered to a mapping is an `ArrayObject` payload, which
/// the tests leave alone (its format is the class's own).
pub fn is_payload(s: &[u8]) -> bool {
    s.starts_with(b"x:i:")
}
