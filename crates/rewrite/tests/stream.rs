//! Streaming gives what rewriting the whole text gives, however it is cut.

mod common;

use common::{rewriter, site};
use proptest::prelude::*;
use slipway_rewrite::Rewriter;

fn streamed(r: &Rewriter, input: &[u8], piece: usize) -> (Vec<u8>, usize) {
    let mut stream = r.stream();
    let mut out = Vec::new();
    let mut count = 0;
    for chunk in input.chunks(piece) {
        count += stream.feed(chunk, &mut out);
    }
    count += stream.finish(&mut out);
    (out, count)
}

#[test]
fn matches_across_pieces_are_found() {
    let r = site();
    let input = "x https://example.com/a https:\\/\\/example.com y //example.com. z".repeat(50);
    let mut whole = Vec::new();
    let replacements = r.rewrite_text(input.as_bytes(), &mut whole);
    assert_eq!(replacements, 150);
    for piece in [1, 2, 3, 7, 64, 1000, input.len()] {
        let (out, count) = streamed(&r, input.as_bytes(), piece);
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&whole),
            "pieces of {piece}"
        );
        assert_eq!(count, 150);
    }
}

#[test]
fn boundaries_are_judged_on_the_bytes_around_a_cut() {
    let r = rewriter(&[
        ("https://example.com/blog", "https://b.test"),
        ("example.com", "a.test"),
    ]);
    let input = b"see https://example.com/blogger and https://example.com/blog. and example.com.au or %2Fexample.com";
    let mut whole = Vec::new();
    r.rewrite_text(input, &mut whole);
    assert_eq!(
        String::from_utf8_lossy(&whole),
        "see https://a.test/blogger and https://b.test. and example.com.au or %2Fa.test"
    );
    for piece in 1..input.len() {
        assert_eq!(streamed(&r, input, piece).0, whole, "pieces of {piece}");
    }
}

#[test]
fn the_carry_stays_bounded() {
    let r = site();
    let mut stream = r.stream();
    let mut out = Vec::new();
    let piece = b"https://example.co".repeat(200);
    let mut fed = 0;
    for _ in 0..256 {
        stream.feed(&piece, &mut out);
        fed += piece.len();
        // Everything but a short tail has been written.
        assert!(fed - out.len() <= 128, "holds back {}", fed - out.len());
    }
    stream.finish(&mut out);
    assert_eq!(out, piece.repeat(256));
}

proptest! {
    #[test]
    fn streaming_equals_rewriting_whole(
        parts in proptest::collection::vec(prop_oneof![
            Just("https://example.com".to_string()),
            Just("https:\\/\\/example.com\\/x".to_string()),
            Just("https%3a%2F%2Fexample.com".to_string()),
            Just("//example.com/p".to_string()),
            Just("example.com.au".to_string()),
            "[a-z0-9 ./:%\\\\-]{0,12}",
        ], 0..12),
        piece in 1usize..64,
    ) {
        let input = parts.concat();
        let r = rewriter(&[("https://example.com", "https://s.test/x"), ("example.com", "h.test")]);
        let mut whole = Vec::new();
        let count = r.rewrite_text(input.as_bytes(), &mut whole);
        let (out, streamed_count) = streamed(&r, input.as_bytes(), piece);
        prop_assert_eq!(String::from_utf8_lossy(&out), String::from_utf8_lossy(&whole));
        prop_assert_eq!(streamed_count, count);
    }
}
