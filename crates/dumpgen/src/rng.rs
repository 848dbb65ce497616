//! A small counter-based random source.
//!
//! Every entity of the site (an article, an order, a customer…) draws from its
//! own stream, derived from the seed, a stream tag and the entity's index. An
//! entity can therefore be regenerated identically wherever it appears — an
//! order's billing address in `wp_postmeta`, `wp_wc_order_addresses` and
//! `wp_wc_orders` — without keeping anything in memory between tables.

/// SplitMix64's increment: an odd constant close to 2^64 / φ.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: a bijective avalanche of all 64 bits.
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A SplitMix64 stream: tiny state, fast, and statistically good enough for
/// synthetic content.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    /// The stream for entity `index` of kind `stream` under `seed`.
    pub(crate) fn for_entity(seed: u64, stream: u64, index: u64) -> Rng {
        let state =
            mix(seed ^ mix(stream.wrapping_add(GOLDEN))) ^ mix(index.wrapping_mul(GOLDEN) ^ stream);
        Rng { state }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// A uniform integer in `0..n`; `0` when `n` is `0`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        // Lemire's multiply-shift: the bias is below 2^-32 for the small
        // ranges used here, and it needs no division.
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform integer in `lo..=hi` (`lo` when `hi < lo`).
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo).saturating_add(1))
    }

    /// True with probability `per_mille / 1000`.
    pub(crate) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// One item of a non-empty list; the default value for an empty one.
    pub(crate) fn pick<T: Copy + Default>(&mut self, items: &[T]) -> T {
        let index = self.below(items.len() as u64) as usize;
        items.get(index).copied().unwrap_or_default()
    }
}

/// A stable 64-bit hash of an index under a tag, for choices that must be
/// recomputed cheaply (which customer placed order `n`).
pub(crate) fn hash(seed: u64, stream: u64, index: u64) -> u64 {
    Rng::for_entity(seed, stream, index).next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = {
            let mut r = Rng::for_entity(7, 1, 42);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let again: Vec<u64> = {
            let mut r = Rng::for_entity(7, 1, 42);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let other_index: Vec<u64> = {
            let mut r = Rng::for_entity(7, 1, 43);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let other_stream: Vec<u64> = {
            let mut r = Rng::for_entity(7, 2, 42);
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, again);
        assert_ne!(a, other_index);
        assert_ne!(a, other_stream);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = Rng::for_entity(1, 2, 3);
        let mut seen = [false; 10];
        for _ in 0..1000 {
            let v = r.below(10) as usize;
            assert!(v < 10);
            seen[v] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(r.below(0), 0);
        assert_eq!(r.range(5, 5), 5);
        assert_eq!(r.range(9, 3), 9);
    }
}
