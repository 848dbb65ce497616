//! Each form of the grammar, accepted and refused the way PHP does.

use slipway_phpser::{
    looks_serialized, map_strings, map_strings_at_start, map_strings_within, validate, Key,
    ParseError, Reason, MAX_DEPTH,
};

fn reason(v: &[u8]) -> Reason {
    validate(v).expect_err("refused").reason
}

/// Maps every string to its uppercase form; returns the value unchanged when
/// nothing changed.
fn upper(v: &[u8]) -> Vec<u8> {
    map_strings(v, |_, s| Some(s.to_ascii_uppercase()))
        .expect("parses")
        .unwrap_or_else(|| v.to_vec())
}

#[test]
fn scalars_are_accepted_in_every_form_php_writes() {
    for v in [
        &b"N;"[..],
        b"b:0;",
        b"b:1;",
        b"i:0;",
        b"i:-12;",
        b"i:+5;",
        b"i:99999999999999999999;",
        b"d:1.5;",
        b"d:-0.5;",
        b"d:5;",
        b"d:1.;",
        b"d:.5;",
        b"d:1e5;",
        b"d:1.0E+25;",
        b"d:-.5e-3;",
        b"d:INF;",
        b"d:-INF;",
        b"d:NAN;",
    ] {
        assert_eq!(validate(v), Ok(()), "{}", v.escape_ascii());
    }
}

#[test]
fn malformed_scalars_are_refused_with_the_reason() {
    assert_eq!(reason(b"b:2;"), Reason::BadBool);
    assert_eq!(reason(b"i:;"), Reason::BadNumber);
    assert_eq!(
        reason(b"i:1.5;"),
        Reason::Unexpected {
            expected: b';',
            found: b'.'
        }
    );
    assert_eq!(reason(b"d:1e;"), Reason::BadNumber);
    assert_eq!(reason(b"d:+INF;"), Reason::BadNumber);
    assert_eq!(reason(b"d:-NAN;"), Reason::BadNumber);
    assert_eq!(
        reason(b"d:0x1;"),
        Reason::Unexpected {
            expected: b';',
            found: b'x'
        }
    );
    assert_eq!(reason(b"r:0;"), Reason::BadReference);
    assert_eq!(reason(b"x:1;"), Reason::UnknownType(b'x'));
    assert_eq!(reason(b""), Reason::UnexpectedEnd);
    assert_eq!(reason(b"N"), Reason::UnexpectedEnd);
}

#[test]
fn strings_count_bytes_and_may_hold_anything() {
    let v = "s:11:\"日本\0\"; \x1a\";".as_bytes();
    assert_eq!(v.len(), 19);
    assert_eq!(validate(v), Ok(()));
    assert_eq!(validate(b"s:0:\"\";"), Ok(()));
    assert_eq!(validate(b"s:03:\"abc\";"), Ok(()));
    assert_eq!(
        validate(b"s:10:\"hi\";"),
        Err(ParseError {
            offset: 6,
            reason: Reason::PastEnd { declared: 10 }
        })
    );
    assert_eq!(
        validate(b"s:1:\"hi\";"),
        Err(ParseError {
            offset: 6,
            reason: Reason::LengthMismatch { declared: 1 }
        })
    );
    assert_eq!(reason(b"s:+3:\"abc\";"), Reason::BadNumber);
    assert_eq!(
        reason(b"s:99999999999999999999999:\"\";"),
        Reason::NumberTooLarge
    );
}

#[test]
fn escaped_strings_are_accepted_and_left_alone() {
    let v = b"a:1:{i:0;S:3:\"a\\41b\";}";
    assert_eq!(validate(v), Ok(()));
    let mut offered = 0;
    let mapped = map_strings(v, |_, _| {
        offered += 1;
        Some(b"x".to_vec())
    });
    assert_eq!(mapped, Ok(None));
    assert_eq!(offered, 0);
    assert_eq!(reason(b"S:1:\"\\6\";"), Reason::BadEscape);
    assert_eq!(reason(b"S:1:\"\\GG\";"), Reason::BadEscape);
    assert_eq!(validate(b"a:1:{S:1:\"\\61\";N;}"), Ok(()));
}

#[test]
fn arrays_need_exactly_their_count_of_integer_or_string_keys() {
    assert_eq!(validate(b"a:0:{}"), Ok(()));
    assert_eq!(validate(b"a:2:{i:0;N;s:1:\"k\";b:1;}"), Ok(()));
    assert_eq!(reason(b"a:2:{i:0;N;}"), Reason::BadKey(b'}'));
    assert_eq!(
        reason(b"a:1:{i:0;N;i:1;N;}"),
        Reason::Unexpected {
            expected: b'}',
            found: b'i'
        }
    );
    assert_eq!(reason(b"a:1:{d:1.5;N;}"), Reason::BadKey(b'd'));
    assert_eq!(reason(b"a:1:{N;N;}"), Reason::BadKey(b'N'));
    assert_eq!(
        reason(b"a:0:{ }"),
        Reason::Unexpected {
            expected: b'}',
            found: b' '
        }
    );
}

#[test]
fn objects_of_any_class_are_walked_without_knowing_the_class() {
    let v = b"O:10:\"My_Widget_\":3:{s:15:\"\0My_Widget_\0url\";s:1:\"a\";s:6:\"\0*\0img\";s:1:\"b\";i:0;s:1:\"c\";}";
    assert_eq!(validate(v), Ok(()));
    let mut seen = Vec::new();
    let out = map_strings(v, |path, s| {
        seen.push((
            path.to_vec().iter().map(key_text).collect::<Vec<_>>(),
            s.to_vec(),
        ));
        Some([s, s].concat())
    })
    .expect("parses")
    .expect("changed");
    assert_eq!(
        seen,
        [
            (vec!["\0My_Widget_\0url".to_string()], b"a".to_vec()),
            (vec!["\0*\0img".to_string()], b"b".to_vec()),
            (vec!["0".to_string()], b"c".to_vec()),
        ]
    );
    assert_eq!(
        out,
        b"O:10:\"My_Widget_\":3:{s:15:\"\0My_Widget_\0url\";s:2:\"aa\";s:6:\"\0*\0img\";s:2:\"bb\";i:0;s:2:\"cc\";}"
    );
    assert_eq!(validate(b"O:5:\"A\\B_c\":0:{}"), Ok(()));
    assert_eq!(reason(b"O:8:\"std Clas\":0:{}"), Reason::BadClassName);
    assert_eq!(reason(b"O:0:\"\":0:{}"), Reason::BadClassName);
}

fn key_text(key: &Key<'_>) -> String {
    match key {
        Key::Int(i) => i.to_string(),
        Key::Str(s) => String::from_utf8_lossy(s).into_owned(),
    }
}

#[test]
fn custom_serialized_payloads_are_offered_whole_and_resized() {
    let v = b"a:1:{s:1:\"o\";C:11:\"ArrayObject\":21:{x:i:0;a:0:{};m:a:0:{}}}";
    assert_eq!(validate(v), Ok(()));
    let mut paths = Vec::new();
    let out = map_strings(v, |path, s| {
        paths.push(path.iter().map(key_text).collect::<Vec<_>>());
        Some([s, b";"].concat())
    })
    .expect("parses")
    .expect("changed");
    assert_eq!(paths, [vec!["o".to_string()]]);
    assert_eq!(
        out,
        b"a:1:{s:1:\"o\";C:11:\"ArrayObject\":22:{x:i:0;a:0:{};m:a:0:{};}}"
    );
    assert_eq!(
        reason(b"C:3:\"Foo\":9:{abc}"),
        Reason::PastEnd { declared: 9 }
    );
    assert_eq!(
        reason(b"C:3:\"Foo\":2:{abc}"),
        Reason::LengthMismatch { declared: 2 }
    );
}

#[test]
fn references_and_enums_pass_through() {
    let v = b"a:3:{i:0;E:11:\"Suit:Hearts\";i:1;r:2;i:2;R:2;}";
    assert_eq!(validate(v), Ok(()));
    assert_eq!(upper(v), v);
    assert_eq!(reason(b"E:4:\"Suit\";"), Reason::BadEnum);
    assert_eq!(reason(b"E:5:\"Suit:\";"), Reason::BadEnum);
    assert_eq!(reason(b"E:6:\":Heart\";"), Reason::BadEnum);
}

#[test]
fn lengths_are_recomputed_in_bytes_at_every_depth() {
    let v = br#"a:2:{i:0;s:5:"hello";s:1:"k";a:1:{i:0;s:2:"hi";}}"#;
    let out = map_strings(v, |_, s| {
        (s == b"hi").then(|| "héllo 日本".as_bytes().to_vec())
    })
    .expect("parses")
    .expect("changed");
    assert_eq!(
        out,
        "a:2:{i:0;s:5:\"hello\";s:1:\"k\";a:1:{i:0;s:13:\"héllo 日本\";}}".as_bytes()
    );
    assert_eq!(validate(&out), Ok(()));
}

#[test]
fn strings_inside_strings_are_one_string_to_the_walk() {
    let inner = br#"a:1:{i:0;s:2:"hi";}"#;
    let v = [b"s:19:\"", &inner[..], b"\";"].concat();
    assert_eq!(validate(&v), Ok(()));
    let mut offered = Vec::new();
    map_strings(&v, |_, s| {
        offered.push(s.to_vec());
        None
    })
    .expect("parses");
    assert_eq!(offered, [inner.to_vec()]);
}

#[test]
fn unchanged_strings_build_no_output() {
    let v = br#"a:2:{i:0;s:1:"a";i:1;s:1:"b";}"#;
    assert_eq!(map_strings(v, |_, _| None), Ok(None));
    assert_eq!(map_strings(v, |_, s| Some(s.to_vec())), Ok(None));
}

#[test]
fn only_a_whole_value_counts() {
    assert_eq!(reason(b"s:2:\"hi\"; trailing"), Reason::TrailingBytes);
    assert_eq!(reason(b"a:0:{}}"), Reason::TrailingBytes);
    assert_eq!(
        reason(b"text with s:2:\"hi\"; inside"),
        Reason::UnknownType(b't')
    );
    assert!(map_strings(b"s:2:\"hi\";x", |_, _| Some(Vec::new())).is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let nested = |depth: usize| {
        let mut v = b"a:1:{i:0;".repeat(depth);
        v.extend_from_slice(b"N;");
        v.extend(std::iter::repeat_n(b'}', depth));
        v
    };
    assert_eq!(validate(&nested(MAX_DEPTH)), Ok(()));
    assert_eq!(reason(&nested(MAX_DEPTH + 1)), Reason::TooDeep(MAX_DEPTH));
    assert_eq!(reason(&nested(1_000_000)), Reason::TooDeep(MAX_DEPTH));
    let limited = map_strings_within(&nested(3), 2, |_, _| None);
    assert_eq!(limited.expect_err("too deep").reason, Reason::TooDeep(2));
    assert_eq!(map_strings_within(&nested(3), 3, |_, _| None), Ok(None));
}

#[test]
fn errors_say_what_and_where() {
    let error = validate(br#"a:1:{s:3:"url";s:99:"https://example.com";}"#).expect_err("broken");
    assert_eq!(
        error.to_string(),
        "a length of 99 bytes runs past the end of the input at byte 21"
    );
    assert_eq!(
        validate(b"a:1:{x").expect_err("broken").to_string(),
        "an array key or property name must be an integer or a string, not `x` at byte 5"
    );
}

#[test]
fn the_cheap_test_looks_only_at_the_start() {
    for yes in [
        &b"a:1:{i:0;N;}"[..],
        b"a:1:{broken",
        b"s:3:\"",
        b"O:8:\"stdClass\":0:{}",
        b"C:3:\"Foo\":0:{}",
        b"E:7:\"Foo:Bar\";",
        b"i:5;",
        b"i:-5; and more",
        b"d:1.5E+3;",
        b"d:NAN;",
        b"b:1;",
        b"N;",
        b"r:1;",
    ] {
        assert!(looks_serialized(yes), "{}", yes.escape_ascii());
    }
    for no in [
        &b"apple"[..],
        b"",
        b"N",
        b"s:x",
        b"s:5 is a ratio",
        b"a:1 and more",
        b"i: 5",
        b"b:2;",
        b"https://example.com",
        b"Post text: s:5:\"hello\";",
    ] {
        assert!(!looks_serialized(no), "{}", no.escape_ascii());
    }
}

#[test]
fn a_value_at_the_start_of_other_bytes_is_measured_and_mapped() {
    let payload = b"x:i:0;a:1:{i:0;s:2:\"hi\";};m:a:0:{}";
    let storage = &payload[6..];
    let (len, mapped) =
        map_strings_at_start(storage, MAX_DEPTH, |_, s| Some([s, s].concat())).expect("parses");
    assert_eq!(len, 19);
    assert_eq!(mapped.expect("changed"), b"a:1:{i:0;s:4:\"hihi\";}");
    assert_eq!(
        map_strings_at_start(b"i:0;a:0:{}", MAX_DEPTH, |_, _| None),
        Ok((4, None))
    );
    assert_eq!(
        map_strings_at_start(b"s:5:\"hi\";", MAX_DEPTH, |_, _| None)
            .expect_err("too short")
            .reason,
        Reason::PastEnd { declared: 5 }
    );
}
