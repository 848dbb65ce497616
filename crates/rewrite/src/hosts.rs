//! Finding the pairs' host names in bytes, ASCII case-insensitively, fast.
//!
//! Most values in a dump contain no host at all, so the search that says so
//! must be as fast as memory allows. Case-insensitive automata are slow on
//! text full of near misses (a site's name appears all over its content), so
//! the text is folded instead: every byte OR 0x20, which lower-cases ASCII
//! letters, in small stack blocks, and searched for folded needles with
//! SIMD searchers (`memmem` for one needle, Teddy for a few). The fold may
//! make unrelated bytes equal — a pre-filter may say yes wrongly, never no
//! wrongly — and every hit is confirmed by an exact case-insensitive
//! automaton over a few bytes around it.

use aho_corasick::packed;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use memchr::memmem;
use std::mem::MaybeUninit;

/// Values up to this long are folded in one tiny block.
const TINY: usize = 64;
/// The first block of a longer search: a match is often near the start.
const FIRST: usize = 512;
/// The blocks after that.
const BLOCK: usize = 8 * 1024;

/// All the pairs' hosts.
#[derive(Debug)]
pub(crate) struct Hosts {
    /// `None` when there are too many distinct needles for Teddy: the
    /// automaton then does all the searching.
    folded: Option<Folded>,
    /// Finds the longest host at the leftmost position, case-insensitively.
    exact: AhoCorasick,
    /// For each host, the hosts it starts with (itself included): they occur
    /// wherever it does.
    family: Vec<Vec<usize>>,
    lens: Vec<usize>,
    min_len: usize,
}

/// The search over folded text.
#[derive(Debug)]
struct Folded {
    needles: Needles,
    min_len: usize,
    /// A needle can straddle two blocks: they overlap by this much.
    overlap: usize,
    /// How far into a host its needle may start.
    max_offset: usize,
    max_len: usize,
    /// The rarest letter of a lone needle, in both cases: text holding
    /// neither (most rows of a table) is ruled out with one `memchr2`,
    /// cheaper than folding and searching it.
    rare: Option<[u8; 2]>,
}

/// ASCII letters from the most to the least common in English and web text.
const LETTERS_BY_FREQUENCY: &[u8; 26] = b"etaoinsrhldcumfpgwybvkxjqz";

/// The rarest ASCII letter of `needle`, as its lower- and upper-case bytes:
/// the only bytes that fold to it.
fn rarest_letter(needle: &[u8]) -> Option<[u8; 2]> {
    let letter = needle
        .iter()
        .filter_map(|b| LETTERS_BY_FREQUENCY.iter().position(|l| l == b))
        .max()
        .map(|rank| LETTERS_BY_FREQUENCY[rank])?;
    Some([letter, letter.to_ascii_uppercase()])
}

#[derive(Debug)]
enum Needles {
    One(memmem::Finder<'static>),
    Few(packed::Searcher),
}

impl Hosts {
    /// `hosts` are distinct, lower case and not empty.
    pub(crate) fn new(hosts: &[Vec<u8>]) -> Result<Hosts, aho_corasick::BuildError> {
        let exact = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(hosts)?;
        let family = hosts
            .iter()
            .map(|host| {
                (0..hosts.len())
                    .filter(|&other| host.starts_with(&hosts[other]))
                    .collect()
            })
            .collect();
        let lens: Vec<usize> = hosts.iter().map(Vec::len).collect();
        Ok(Hosts {
            folded: Folded::new(hosts),
            exact,
            family,
            min_len: lens.iter().copied().min().unwrap_or(0),
            lens,
        })
    }

    pub(crate) fn len_of(&self, host: usize) -> usize {
        self.lens[host]
    }

    /// The hosts occurring wherever `host` does.
    pub(crate) fn family(&self, host: usize) -> &[usize] {
        &self.family[host]
    }

    /// False guarantees that no host occurs in `text`.
    pub(crate) fn may_occur(&self, text: &[u8]) -> bool {
        if text.len() < self.min_len {
            return false;
        }
        match &self.folded {
            None => self.exact.is_match(text),
            Some(folded) => {
                if let Some([lower, upper]) = folded.rare {
                    if memchr::memchr2(lower, upper, text).is_none() {
                        return false;
                    }
                }
                find_folded(&folded.needles, folded.overlap, text).is_some()
            }
        }
    }

    /// Where in `text` a host may first occur: `None` guarantees that no
    /// host occurs anywhere in it, and that none occurs before the offset
    /// returned. A host found there covers it (the needle may lie inside a
    /// host), and a host spans at most [`Self::longest`] bytes.
    pub(crate) fn first_possible(&self, text: &[u8]) -> Option<usize> {
        if text.len() < self.min_len {
            return None;
        }
        match &self.folded {
            None => self.exact.find(text).map(|m| m.start()),
            Some(folded) => find_folded(&folded.needles, folded.overlap, text),
        }
    }

    /// The leftmost host occurrence starting in `from..=until`: its start and
    /// the longest host there.
    pub(crate) fn find(&self, text: &[u8], from: usize, until: usize) -> Option<(usize, usize)> {
        let Some(Folded {
            needles,
            min_len,
            overlap,
            max_offset,
            max_len,
            ..
        }) = &self.folded
        else {
            let end = until.saturating_add(self.longest()).min(text.len());
            let found = self.exact.find(Input::new(text).span(from.min(end)..end))?;
            return (found.start() <= until).then(|| (found.start(), found.pattern().as_usize()));
        };
        let end = until.saturating_add(max_offset + max_len).min(text.len());
        let mut needle_from = from;
        loop {
            let window = text.get(needle_from..end)?;
            if window.len() < *min_len {
                return None;
            }
            let needle_at = needle_from + find_folded(needles, *overlap, window)?;
            let lo = from.max(needle_at.saturating_sub(*max_offset));
            if lo > until {
                return None;
            }
            // A host starting at or before the needle ends within this span.
            let hi = needle_at.saturating_add(*max_len).min(text.len());
            if let Some(found) = self.exact.find(Input::new(text).span(lo..hi)) {
                if found.start() <= needle_at && found.start() <= until {
                    return Some((found.start(), found.pattern().as_usize()));
                }
            }
            needle_from = needle_at + 1;
        }
    }

    pub(crate) fn longest(&self) -> usize {
        self.lens.iter().copied().max().unwrap_or(0)
    }
}

impl Folded {
    /// `None` when the needles are too many for Teddy.
    fn new(hosts: &[Vec<u8>]) -> Option<Folded> {
        let folded: Vec<Vec<u8>> = hosts.iter().map(|h| fold(h)).collect();
        // Any part of a host finds it. The domain a network's hosts share
        // (`site1.example.com`, `site2.example.com`…) finds them all with one
        // needle, where hundreds would need a slow automaton.
        let fragments: Vec<&[u8]> = folded.iter().map(|host| domain_of(host)).collect();
        let mut needles: Vec<Vec<u8>> = Vec::new();
        for candidate in &fragments {
            let covered = fragments
                .iter()
                .any(|other| other.len() < candidate.len() && contains(candidate, other))
                || needles.iter().any(|n| n.as_slice() == *candidate);
            if !covered {
                needles.push(candidate.to_vec());
            }
        }
        let max_offset = folded
            .iter()
            .map(|host| {
                needles
                    .iter()
                    .filter_map(|n| host.windows(n.len()).position(|w| w == n.as_slice()))
                    .min()
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        let max_len = hosts.iter().map(Vec::len).max().unwrap_or(0);
        let min_len = needles.iter().map(Vec::len).min().unwrap_or(0);
        let overlap = needles.iter().map(Vec::len).max().unwrap_or(1) - 1;
        if overlap >= FIRST / 2 {
            // Valid host names are never this long; blocks must overlap by
            // less than half their size for the search to advance.
            return None;
        }
        let (needles, rare) = match needles.as_slice() {
            [one] => (
                Needles::One(memmem::Finder::new(one).into_owned()),
                rarest_letter(one),
            ),
            few => (
                Needles::Few(packed::Config::new().builder().extend(few).build()?),
                None,
            ),
        };
        Some(Folded {
            needles,
            min_len,
            overlap,
            max_offset,
            max_len,
            rare,
        })
    }
}

/// Needles shorter than this match too much ordinary text to be worth it.
const MIN_NEEDLE: usize = 8;

/// The shortest ending of `host` that starts a label and is at least
/// [`MIN_NEEDLE`] bytes long — roughly its registered domain — or the whole
/// host.
fn domain_of(host: &[u8]) -> &[u8] {
    let mut domain = host;
    for (at, &byte) in host.iter().enumerate() {
        let rest = host.get(at + 1..).unwrap_or_default();
        if byte == b'.' && rest.len() >= MIN_NEEDLE {
            domain = rest;
        }
    }
    domain
}

fn fold(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().map(|b| b | 0x20).collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memmem::find(haystack, needle).is_some()
}

/// The offset in `text` of the leftmost needle, searching folded copies of
/// `text` block by block. `overlap` is the longest needle's length less one.
fn find_folded(needles: &Needles, overlap: usize, text: &[u8]) -> Option<usize> {
    // The blocks are left uninitialised: zeroing 8 KiB for every value cost
    // more than folding and searching a typical one.
    if text.len() <= TINY {
        let mut block = [MaybeUninit::uninit(); TINY];
        return search_block(needles, &mut block, text);
    }
    let mut first = [MaybeUninit::uninit(); FIRST];
    let head = &text[..text.len().min(FIRST)];
    if let Some(at) = search_block(needles, &mut first, head) {
        return Some(at);
    }
    let mut block = [MaybeUninit::uninit(); BLOCK];
    let mut at = head.len();
    while at < text.len() {
        // The overlap is under half of the smallest block (see
        // `Folded::new`), so every step makes progress.
        let start = at - overlap.min(at);
        let end = text.len().min(start + BLOCK);
        if let Some(found) = search_block(needles, &mut block, &text[start..end]) {
            return Some(start + found);
        }
        at = end;
    }
    None
}

fn search_block(needles: &Needles, block: &mut [MaybeUninit<u8>], chunk: &[u8]) -> Option<usize> {
    let folded = fold_into(block, chunk);
    match needles {
        Needles::One(finder) => finder.find(folded),
        Needles::Few(searcher) => searcher.find(folded).map(|m| m.start()),
    }
}

/// Writes `chunk` folded (every byte OR 0x20) to the start of `block` and
/// returns that part. `block` must be at least as long as `chunk`.
fn fold_into<'b>(block: &'b mut [MaybeUninit<u8>], chunk: &[u8]) -> &'b [u8] {
    let folded = &mut block[..chunk.len()];
    for (to, from) in folded.iter_mut().zip(chunk) {
        to.write(from | 0x20);
    }
    // SAFETY: every element of `folded` was written just above, and
    // `MaybeUninit<u8>` has the layout of `u8`.
    unsafe { &*(folded as *const [MaybeUninit<u8>] as *const [u8]) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(names: &[&str]) -> Hosts {
        let names: Vec<Vec<u8>> = names.iter().map(|n| n.as_bytes().to_vec()).collect();
        Hosts::new(&names).expect("builds")
    }

    #[test]
    fn a_host_containing_another_is_found_through_it() {
        let h = hosts(&["www.example.com", "example.com", "cdn.example.com"]);
        let Some(Folded {
            needles: Needles::One(_),
            max_offset,
            ..
        }) = &h.folded
        else {
            panic!("one needle expected: {:?}", h.folded);
        };
        assert_eq!(*max_offset, 4);
        assert_eq!(h.find(b"see WWW.Example.com", 0, usize::MAX), Some((4, 0)));
        assert_eq!(h.find(b"see CDN.example.COM", 0, usize::MAX), Some((4, 2)));
        assert_eq!(h.find(b"see example.com", 0, usize::MAX), Some((4, 1)));
    }

    #[test]
    fn occurrences_are_found_in_order_across_blocks() {
        let h = hosts(&["example.com", "example.org", "other.net"]);
        let mut text = vec![b'x'; 3 * BLOCK];
        for (at, name) in [
            (10, "OTHER.NET"),
            (FIRST - 4, "example.org"),
            (BLOCK + FIRST - 3, "Example.Com"),
        ] {
            text[at..at + name.len()].copy_from_slice(name.as_bytes());
        }
        let mut found = Vec::new();
        let mut from = 0;
        while let Some((at, host)) = h.find(&text, from, usize::MAX) {
            found.push((at, host));
            from = at + 1;
        }
        assert_eq!(found, [(10, 2), (FIRST - 4, 1), (BLOCK + FIRST - 3, 0)]);
        assert!(h.may_occur(&text));
        assert!(!h.may_occur(&vec![b'x'; 3 * BLOCK]));
    }

    #[test]
    fn the_search_stops_at_its_bound() {
        let h = hosts(&["example.com"]);
        let text = b"..... example.com";
        assert_eq!(h.find(text, 0, 5), None);
        assert_eq!(h.find(text, 0, 6), Some((6, 0)));
        assert_eq!(h.find(text, 7, usize::MAX), None);
    }

    #[test]
    fn hosts_of_one_domain_share_a_needle() {
        assert_eq!(domain_of(b"site1.example.co.uk"), b"example.co.uk");
        assert_eq!(domain_of(b"www.example.com"), b"example.com");
        assert_eq!(domain_of(b"example.com"), b"example.com");
        assert_eq!(domain_of(b"a.b.c"), b"a.b.c");
        let names: Vec<String> = (0..500)
            .map(|i| format!("site{i}.network.example"))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let h = hosts(&names);
        assert!(matches!(
            h.folded,
            Some(Folded {
                needles: Needles::One(_),
                ..
            })
        ));
        assert_eq!(
            h.find(b"at SITE42.network.example", 0, usize::MAX),
            Some((3, 42))
        );
        assert_eq!(
            h.find(b"network.example site7.network.example", 0, usize::MAX),
            Some((16, 7))
        );
        assert!(!h.may_occur(b"site7.network.exampl"));
    }

    #[test]
    fn text_without_the_needles_rarest_letter_is_ruled_out_in_either_case() {
        assert_eq!(rarest_letter(b"example.com"), Some(*b"xX"));
        assert_eq!(rarest_letter(b"127.0.0.1"), None);
        let h = hosts(&["example.com"]);
        assert!(h.may_occur(b"(1,'EXAMPLE.COM')"));
        assert!(h.may_occur(b"(1,'see https://eXample.com/')"));
        assert!(!h.may_occur(b"(1,'eample.com example.co')"));
        let long = format!("{}eXample.com", "a".repeat(300));
        assert!(h.may_occur(long.as_bytes()));
        assert!(!h.may_occur("a".repeat(300).as_bytes()));
        let numeric = hosts(&["10.0.0.10"]);
        assert!(numeric.may_occur(b"http://10.0.0.10/"));
    }

    proptest::proptest! {
        #[test]
        fn the_pre_filter_never_rules_out_a_host(
            text in "[a-zA-Z. ]{0,300}", at in 0usize..300, upper in proptest::bool::ANY
        ) {
            let h = hosts(&["example.com"]);
            let host = if upper { "EXAMPLE.COM" } else { "example.com" };
            let mut text = text;
            let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            text.insert_str(at, host);
            proptest::prop_assert!(h.may_occur(text.as_bytes()));
        }
    }

    #[test]
    fn hosts_starting_with_others_are_their_family() {
        let h = hosts(&["example.com", "example.co", "xample.com"]);
        assert_eq!(h.family(0), [0, 1]);
        assert_eq!(h.family(1), [1]);
    }

    #[test]
    fn many_hosts_fall_back_to_the_automaton() {
        let names: Vec<String> = (0..500).map(|i| format!("site{i}-test.org")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let h = hosts(&names);
        assert!(h.folded.is_none());
        assert!(h.may_occur(b"at SITE499-test.org/x"));
        assert!(!h.may_occur(b"at site500-test.org/x"));
        assert_eq!(h.find(b"at SITE42-test.org", 0, usize::MAX), Some((3, 42)));
    }
}
