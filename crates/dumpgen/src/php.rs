//! Writers for PHP's `serialize()` format. String lengths are byte counts, so
//! multibyte text and NUL-delimited property names come out as PHP writes them.

use crate::text::push_u64;

/// `s:<len>:"<bytes>";`
pub(crate) fn s(out: &mut Vec<u8>, value: &[u8]) {
    out.extend_from_slice(b"s:");
    push_u64(out, value.len() as u64);
    out.extend_from_slice(b":\"");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\";");
}

/// `s:…` of a `&str`.
pub(crate) fn st(out: &mut Vec<u8>, value: &str) {
    s(out, value.as_bytes());
}

/// `s:…` of two strings joined, for keys built from a prefix.
pub(crate) fn st2(out: &mut Vec<u8>, a: &str, b: &str) {
    out.extend_from_slice(b"s:");
    push_u64(out, (a.len() + b.len()) as u64);
    out.extend_from_slice(b":\"");
    out.extend_from_slice(a.as_bytes());
    out.extend_from_slice(b.as_bytes());
    out.extend_from_slice(b"\";");
}

/// `i:<n>;`
pub(crate) fn i(out: &mut Vec<u8>, value: i64) {
    out.extend_from_slice(b"i:");
    if value < 0 {
        out.push(b'-');
    }
    push_u64(out, value.unsigned_abs());
    out.push(b';');
}

/// `b:0;` or `b:1;`
pub(crate) fn b(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"b:1;" } else { b"b:0;" });
}

/// `d:<digits>;` — the caller supplies PHP's shortest round-trip form.
pub(crate) fn d(out: &mut Vec<u8>, digits: &[u8]) {
    out.extend_from_slice(b"d:");
    out.extend_from_slice(digits);
    out.push(b';');
}

/// `N;`
pub(crate) fn null(out: &mut Vec<u8>) {
    out.extend_from_slice(b"N;");
}

/// `a:<n>:{` — the caller writes `n` key/value pairs, then [`end`].
pub(crate) fn array(out: &mut Vec<u8>, len: u64) {
    out.extend_from_slice(b"a:");
    push_u64(out, len);
    out.extend_from_slice(b":{");
}

/// `O:<len>:"<class>":<n>:{` — the caller writes `n` properties, then [`end`].
pub(crate) fn object(out: &mut Vec<u8>, class: &str, properties: u64) {
    out.extend_from_slice(b"O:");
    push_u64(out, class.len() as u64);
    out.extend_from_slice(b":\"");
    out.extend_from_slice(class.as_bytes());
    out.extend_from_slice(b"\":");
    push_u64(out, properties);
    out.extend_from_slice(b":{");
}

/// The key of a private property: `\0Class\0name`.
pub(crate) fn private_key(out: &mut Vec<u8>, class: &str, name: &str) {
    out.extend_from_slice(b"s:");
    push_u64(out, (class.len() + name.len() + 2) as u64);
    out.extend_from_slice(b":\"\0");
    out.extend_from_slice(class.as_bytes());
    out.push(0);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\";");
}

/// The key of a protected property: `\0*\0name`.
pub(crate) fn protected_key(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(b"s:");
    push_u64(out, (name.len() + 3) as u64);
    out.extend_from_slice(b":\"\0*\0");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\";");
}

/// `}`
pub(crate) fn end(out: &mut Vec<u8>) {
    out.push(b'}');
}

/// `key => "value"`, both strings.
pub(crate) fn kv(out: &mut Vec<u8>, key: &str, value: &[u8]) {
    st(out, key);
    s(out, value);
}

/// `key => n`.
pub(crate) fn ki(out: &mut Vec<u8>, key: &str, value: i64) {
    st(out, key);
    i(out, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_bytes() {
        let mut out = Vec::new();
        array(&mut out, 2);
        kv(&mut out, "name", "Zoé".as_bytes());
        ki(&mut out, "n", -3);
        end(&mut out);
        assert_eq!(
            out,
            "a:2:{s:4:\"name\";s:4:\"Zoé\";s:1:\"n\";i:-3;}".as_bytes()
        );
    }

    #[test]
    fn property_keys_carry_their_nul_bytes() {
        let mut out = Vec::new();
        private_key(&mut out, "Foo", "bar");
        protected_key(&mut out, "baz");
        assert_eq!(out, b"s:8:\"\0Foo\0bar\";s:6:\"\0*\0baz\";".to_vec());
    }
}
