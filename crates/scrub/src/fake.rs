//! Keyed, deterministic fakes: the same input and key give the same output
//! in every table and every run, so joins between scrubbed tables still line
//! up, and without the key nothing leads back to the input.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::PolicyError;

/// The 32-byte secret that makes fakes deterministic. Keep it to get the
/// same fakes in the next run; change it to get unrelated ones.
#[derive(Clone)]
pub struct ScrubKey([u8; 32]);

impl std::fmt::Debug for ScrubKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A key is a secret: logs and panics must not print it.
        f.write_str("ScrubKey(..)")
    }
}

impl ScrubKey {
    /// A key from its bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        ScrubKey(bytes)
    }

    /// A key from 64 hexadecimal digits.
    pub fn from_hex(hex: &str) -> Result<Self, PolicyError> {
        let hex = hex.trim().as_bytes();
        if hex.len() != 64 {
            return Err(PolicyError::Key(format!(
                "expected 64 hexadecimal digits, got {}",
                hex.len()
            )));
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
            let digit = |b: u8| {
                (b as char).to_digit(16).ok_or_else(|| {
                    PolicyError::Key(format!("`{}` is not a hexadecimal digit", b as char))
                })
            };
            *byte = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
        }
        Ok(ScrubKey(bytes))
    }

    /// An endless stream of bytes determined by the key, the kind of fake
    /// (so an email and a name of the same input are unrelated) and the
    /// input.
    fn stream(&self, kind: &str, input: &[u8]) -> Noise {
        self.stream_of(kind, input, Spelling::AsIs)
    }

    /// [`Self::stream`] of the input lowercased, without surrounding
    /// whitespace: what makes two spellings of one email or name the same
    /// person.
    fn stream_normalized(&self, kind: &str, input: &[u8]) -> Noise {
        self.stream_of(kind, input.trim_ascii(), Spelling::Lowercase)
    }

    fn stream_of(&self, kind: &str, input: &[u8], spelling: Spelling) -> Noise {
        // The hash of `kind`, a zero byte and `input`. Most inputs are short:
        // hashed in one call from the stack, which costs a fraction of an
        // incremental hasher's set-up for the same bytes (and of a
        // lowercase copy on the heap).
        let mut joined = [0u8; 128];
        let length = kind.len() + 1 + input.len();
        let seed = match joined.get_mut(..length) {
            Some(bytes) => {
                let (head, tail) = bytes.split_at_mut(kind.len());
                head.copy_from_slice(kind.as_bytes());
                let copy = &mut tail[1..];
                copy.copy_from_slice(input);
                if spelling == Spelling::Lowercase {
                    copy.make_ascii_lowercase();
                }
                *blake3::keyed_hash(&self.0, bytes).as_bytes()
            }
            None => {
                let mut hasher = blake3::Hasher::new_keyed(&self.0);
                hasher.update(kind.as_bytes());
                hasher.update(&[0]);
                match spelling {
                    Spelling::AsIs => hasher.update(input),
                    Spelling::Lowercase => hasher.update(&input.to_ascii_lowercase()),
                };
                *hasher.finalize().as_bytes()
            }
        };
        Noise {
            seed,
            buf: seed,
            at: 0,
            block: 0,
        }
    }
}

/// How the input of a fake is hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spelling {
    AsIs,
    /// ASCII letters lowercased.
    Lowercase,
}

/// Appends `digits` hex digits drawn from `noise`.
fn push_hex(noise: &mut Noise, digits: usize, out: &mut String) {
    for _ in 0..digits {
        out.push(HEX[usize::from(noise.byte() & 15)] as char);
    }
}

/// Appends `n` in decimal.
fn push_decimal(n: usize, out: &mut Vec<u8>) {
    let start = out.len();
    let mut rest = n;
    loop {
        out.push(b'0' + (rest % 10) as u8);
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out[start..].reverse();
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `a.b.c.d`, as `Ipv4Addr`'s `Display` writes it, without the formatting
/// machinery.
fn dotted_quad(ip: Ipv4Addr) -> Vec<u8> {
    let mut out = Vec::with_capacity(15);
    for (i, octet) in ip.octets().into_iter().enumerate() {
        if i > 0 {
            out.push(b'.');
        }
        if octet >= 100 {
            out.push(b'0' + octet / 100);
        }
        if octet >= 10 {
            out.push(b'0' + octet / 10 % 10);
        }
        out.push(b'0' + octet % 10);
    }
    out
}

/// Keyed output, read a byte or a number at a time. Most fakes need less
/// than the 32 bytes of one hash; longer ones (lorem ipsum) continue with
/// hashes of a counter keyed by the first, which is cheaper than an
/// extendable output for such short reads.
struct Noise {
    seed: [u8; 32],
    buf: [u8; 32],
    at: usize,
    block: u64,
}

impl Noise {
    fn byte(&mut self) -> u8 {
        if self.at == self.buf.len() {
            self.block += 1;
            self.buf = *blake3::keyed_hash(&self.seed, &self.block.to_le_bytes()).as_bytes();
            self.at = 0;
        }
        let b = self.buf[self.at];
        self.at += 1;
        b
    }

    /// A number below `n` (0 when `n` is 0). Two bytes keep the modulo bias
    /// under 0.4% for the short lists and digits it picks from.
    fn below(&mut self, n: usize) -> usize {
        let wide = u16::from_le_bytes([self.byte(), self.byte()]);
        usize::from(wide) % n.max(1)
    }

    fn digit(&mut self) -> u8 {
        b'0' + (self.below(10) as u8)
    }

    fn pick<'l>(&mut self, list: &[&'l str]) -> &'l str {
        list.get(self.below(list.len()))
            .copied()
            .unwrap_or_default()
    }
}

const FIRST_NAMES: &[&str] = &[
    "Alex", "Sam", "Robin", "Jordan", "Taylor", "Morgan", "Casey", "Jamie", "Avery", "Riley",
    "Quinn", "Charlie", "Skyler", "Dana", "Kim", "Lee", "Noa", "Eli", "Mika", "Sasha", "Toni",
    "Jules", "Rene", "Andrea", "Nico", "Luca", "Ari", "Emery", "Rowan", "Hayden", "Billie", "Drew",
];
const LAST_NAMES: &[&str] = &[
    "Smith",
    "Martin",
    "Garcia",
    "Muller",
    "Rossi",
    "Dubois",
    "Novak",
    "Silva",
    "Jensen",
    "Kowalski",
    "Nakamura",
    "Okafor",
    "Larsen",
    "Moreau",
    "Fischer",
    "Costa",
    "Horvat",
    "Berg",
    "Laine",
    "Petrov",
    "Santos",
    "Weber",
    "Lambert",
    "Keller",
    "Romano",
    "Bauer",
    "Fontaine",
    "Lindqvist",
    "Meyer",
    "Ibarra",
    "Walsh",
    "Kaur",
];
const STREETS: &[&str] = &[
    "Maple", "Oak", "Station", "Church", "Mill", "Park", "River", "Harbour", "Orchard", "Market",
    "Elm", "Bridge", "Garden", "Hill", "Lake", "Willow",
];
const STREET_KINDS: &[&str] = &["Street", "Road", "Lane", "Avenue", "Way", "Place"];
const CITIES: &[&str] = &[
    "Springfield",
    "Riverton",
    "Fairview",
    "Lakeside",
    "Greenville",
    "Kingsport",
    "Westbury",
    "Eastham",
    "Northwood",
    "Southgate",
    "Millbrook",
    "Ashford",
    "Clearwater",
    "Brookfield",
    "Oakdale",
    "Stonebridge",
];
const COMPANY_WORDS: &[&str] = &[
    "Bluebird",
    "Cedar",
    "Summit",
    "Harbor",
    "Pioneer",
    "Evergreen",
    "Silverline",
    "Brightside",
    "Oakridge",
    "Riverbend",
    "Northstar",
    "Meadow",
    "Granite",
    "Copper",
    "Lantern",
    "Juniper",
];
const COMPANY_KINDS: &[&str] = &[
    "Ltd", "Inc", "GmbH", "LLC", "Group", "Studio", "& Co", "Works",
];
const WORDS: &[&str] = &[
    "lorem",
    "ipsum",
    "dolor",
    "sit",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "sed",
    "do",
    "eiusmod",
    "tempor",
    "incididunt",
    "ut",
    "labore",
    "et",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "minim",
    "veniam",
    "quis",
    "nostrud",
];

/// The reserved domain (RFC 2606: it never resolves) of fake addresses and
/// URLs.
pub const FAKE_EMAIL_DOMAIN: &str = "example.invalid";

/// What an invalidated secret starts with.
pub const INVALIDATED_PREFIX: &str = "*scrubbed*";

impl ScrubKey {
    /// `anon-` and 16 hex digits: fits logins, slugs and tokens, and 64 bits
    /// keep pseudonyms of distinct inputs distinct.
    pub(crate) fn pseudonym(&self, input: &[u8]) -> Vec<u8> {
        let mut out = String::with_capacity(21);
        out.push_str("anon-");
        push_hex(
            &mut self.stream("pseudonym", input.trim_ascii()),
            16,
            &mut out,
        );
        out.into_bytes()
    }

    /// `user-` and 16 hex digits on `example.invalid`: a valid address that
    /// can never receive mail.
    pub(crate) fn email(&self, input: &[u8]) -> Vec<u8> {
        let mut out = String::with_capacity(21 + FAKE_EMAIL_DOMAIN.len() + 1);
        out.push_str("user-");
        push_hex(&mut self.stream_normalized("email", input), 16, &mut out);
        out.push('@');
        out.push_str(FAKE_EMAIL_DOMAIN);
        out.into_bytes()
    }

    pub(crate) fn first_name(&self, input: &[u8]) -> Vec<u8> {
        self.stream_normalized("first", input)
            .pick(FIRST_NAMES)
            .into()
    }

    pub(crate) fn last_name(&self, input: &[u8]) -> Vec<u8> {
        self.stream_normalized("last", input)
            .pick(LAST_NAMES)
            .into()
    }

    pub(crate) fn name(&self, input: &[u8]) -> Vec<u8> {
        let mut noise = self.stream_normalized("name", input);
        let first = noise.pick(FIRST_NAMES);
        [first, " ", noise.pick(LAST_NAMES)].concat().into_bytes()
    }

    pub(crate) fn company(&self, input: &[u8]) -> Vec<u8> {
        let mut noise = self.stream_normalized("company", input);
        let word = noise.pick(COMPANY_WORDS);
        [word, " ", noise.pick(COMPANY_KINDS)].concat().into_bytes()
    }

    pub(crate) fn street(&self, input: &[u8]) -> Vec<u8> {
        self.street_with(&mut self.stream_normalized("street", input))
    }

    fn street_with(&self, noise: &mut Noise) -> Vec<u8> {
        let number = 1 + noise.below(199);
        let street = noise.pick(STREETS);
        let kind = noise.pick(STREET_KINDS);
        // Room for the city an address adds.
        let mut out = Vec::with_capacity(48);
        push_decimal(number, &mut out);
        for part in [" ", street, " ", kind] {
            out.extend_from_slice(part.as_bytes());
        }
        out
    }

    pub(crate) fn address(&self, input: &[u8]) -> Vec<u8> {
        let mut noise = self.stream_normalized("address", input);
        let mut out = self.street_with(&mut noise);
        out.extend_from_slice(b", ");
        out.extend_from_slice(noise.pick(CITIES).as_bytes());
        out
    }

    pub(crate) fn city(&self, input: &[u8]) -> Vec<u8> {
        self.stream_normalized("city", input).pick(CITIES).into()
    }

    /// Digits become digits and ASCII letters letters of the same case;
    /// everything else stays. Spaces and case do not change the result, so
    /// `sw1a 1aa` and `SW1A1AA` get the same code.
    pub(crate) fn shape(&self, input: &[u8]) -> Vec<u8> {
        let seed: Vec<u8> = input
            .iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .map(u8::to_ascii_uppercase)
            .collect();
        let mut noise = self.stream("shape", &seed);
        input
            .iter()
            .map(|&b| match b {
                b'0'..=b'9' => noise.digit(),
                b'a'..=b'z' => b'a' + noise.below(26) as u8,
                b'A'..=b'Z' => b'A' + noise.below(26) as u8,
                other => other,
            })
            .collect()
    }

    /// The same separators and number of digits; a leading `+` keeps the
    /// digit after it and a leading trunk `0` stays, so the number still
    /// reads as international or national. The last two digits are a check
    /// on the others (see [`is_fake_phone`]), so the leak scan can tell a
    /// fake from a number that was missed.
    pub(crate) fn phone(&self, input: &[u8]) -> Vec<u8> {
        let digits: Vec<u8> = input.iter().copied().filter(u8::is_ascii_digit).collect();
        let mut noise = self.stream("phone", &digits);
        let keep_first = input
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'+' || b == b'0');
        let mut fake: Vec<u8> = digits
            .iter()
            .enumerate()
            .map(|(i, &d)| {
                if i == 0 && keep_first {
                    d
                } else {
                    noise.digit()
                }
            })
            .collect();
        if fake.len() >= PHONE_CHECK_MIN_DIGITS {
            let body = fake.len() - 2;
            let check = phone_check(&fake[..body]);
            fake[body..].copy_from_slice(&check);
        }
        let mut fake = fake.into_iter();
        input
            .iter()
            .map(|&b| match b {
                b'0'..=b'9' => fake.next().unwrap_or(b),
                other => other,
            })
            .collect()
    }

    /// An address of the same family in a documentation range: 192.0.2.0/24,
    /// 198.51.100.0/24 or 203.0.113.0/24 for IPv4 (RFC 5737), 2001:db8::/32
    /// for IPv6 (RFC 3849). `None` when the input is not an address.
    pub(crate) fn ip(&self, input: &[u8]) -> Option<Vec<u8>> {
        let text = std::str::from_utf8(input.trim_ascii()).ok()?;
        let ip: IpAddr = text.parse().ok()?;
        // The parsed form, so `2001:DB8::0001` and `2001:db8::1` agree. An
        // IPv4 address parses only from its one canonical spelling (no
        // leading zeros), which is the text itself.
        let canonical = match ip {
            IpAddr::V4(_) => std::borrow::Cow::Borrowed(text),
            IpAddr::V6(v6) => std::borrow::Cow::Owned(v6.to_string()),
        };
        let mut noise = self.stream("ip", canonical.as_bytes());
        // An address already in a documentation range could be drawn as
        // itself; the neighbour is taken then, so no address survives.
        let fake = match ip {
            IpAddr::V4(_) => {
                let nets = [[192, 0, 2], [198, 51, 100], [203, 0, 113]];
                let [a, b, c] = nets.get(noise.below(3)).copied().unwrap_or(nets[0]);
                let host = 1 + noise.below(254) as u8;
                let fake = Ipv4Addr::new(a, b, c, host);
                if IpAddr::V4(fake) == ip {
                    IpAddr::V4(Ipv4Addr::new(a, b, c, host % 254 + 1))
                } else {
                    IpAddr::V4(fake)
                }
            }
            IpAddr::V6(_) => {
                let mut group = || u16::from(noise.byte()) << 8 | u16::from(noise.byte());
                let (high, low) = (group(), group());
                let fake = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, high, low);
                if IpAddr::V6(fake) == ip {
                    IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, high, low ^ 1))
                } else {
                    IpAddr::V6(fake)
                }
            }
        };
        Some(match fake {
            IpAddr::V4(v4) => dotted_quad(v4),
            IpAddr::V6(v6) => v6.to_string().into_bytes(),
        })
    }

    pub(crate) fn url(&self, input: &[u8]) -> Vec<u8> {
        let mut out = String::from("https://site-");
        push_hex(&mut self.stream_normalized("url", input), 12, &mut out);
        out.push('.');
        out.push_str(FAKE_EMAIL_DOMAIN);
        out.push('/');
        out.into_bytes()
    }

    /// Lorem ipsum as long as the input (in characters, give or take a
    /// word's end), capitalised like a sentence.
    pub(crate) fn text(&self, input: &[u8]) -> Vec<u8> {
        let target = String::from_utf8_lossy(input).chars().count().max(1);
        let mut noise = self.stream("text", input);
        let mut out = Vec::with_capacity(target + 12);
        while out.len() < target {
            if !out.is_empty() {
                out.push(b' ');
            }
            let word = WORDS
                .get(noise.below(WORDS.len()))
                .copied()
                .unwrap_or("lorem");
            out.extend_from_slice(word.as_bytes());
        }
        out.truncate(target);
        while out.last() == Some(&b' ') {
            out.pop();
        }
        if let Some(first) = out.first_mut() {
            first.make_ascii_uppercase();
        }
        out
    }

    /// A secret that never verifies: [`INVALIDATED_PREFIX`] and 16 keyed hex
    /// digits, unique per input so that nothing looked up by it (an
    /// activation key) can be guessed.
    pub(crate) fn invalidated(&self, input: &[u8]) -> Vec<u8> {
        let mut out = String::from(INVALIDATED_PREFIX);
        push_hex(&mut self.stream("invalidate", input), 16, &mut out);
        out.into_bytes()
    }
}

/// Fake phone numbers with at least this many digits carry a check.
const PHONE_CHECK_MIN_DIGITS: usize = 6;

/// Two check digits over the others. Weighted so that swapped digits change
/// it; a real number passes by chance one time in a hundred.
fn phone_check(body: &[u8]) -> [u8; 2] {
    let sum = body
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(d.saturating_sub(b'0')) * (i as u32 % 7 + 3))
        .sum::<u32>()
        + 41;
    let check = (sum % 100) as u8;
    [b'0' + check / 10, b'0' + check % 10]
}

/// Whether the digits of a phone number carry the check fakes end with.
pub(crate) fn is_fake_phone(digits: &[u8]) -> bool {
    digits.len() >= PHONE_CHECK_MIN_DIGITS && {
        let (body, check) = digits.split_at(digits.len() - 2);
        phone_check(body) == check
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> ScrubKey {
        ScrubKey::from_bytes([byte; 32])
    }

    proptest::proptest! {
        #[test]
        fn ipv4_text_is_canonical_and_written_as_display_writes_it(bits in proptest::num::u32::ANY) {
            let ip = Ipv4Addr::from(bits);
            let text = ip.to_string();
            proptest::prop_assert_eq!(dotted_quad(ip), text.as_bytes());
            proptest::prop_assert_eq!(text.parse::<Ipv4Addr>().ok(), Some(ip));
            let padded = format!("0{text}");
            proptest::prop_assert!(padded.parse::<Ipv4Addr>().is_err());
        }
    }

    fn normalized(input: &[u8]) -> Vec<u8> {
        input.trim_ascii().to_ascii_lowercase()
    }

    #[test]
    fn normalized_streams_hash_the_trimmed_lowercase_input_at_any_length() {
        let key = key(3);
        for length in [0, 5, 100, 121, 122, 123, 200] {
            let input = format!("  {}Ä\t", "Ab".repeat(length / 2));
            assert_eq!(
                key.stream_normalized("email", input.as_bytes()).seed,
                key.stream("email", &normalized(input.as_bytes())).seed,
                "input of {length} bytes"
            );
        }
    }

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        for n in [0, 7, 10, 99, 100, 199, 12345] {
            let mut out = b"#".to_vec();
            push_decimal(n, &mut out);
            assert_eq!(out, format!("#{n}").into_bytes());
        }
    }

    #[test]
    fn short_and_long_inputs_seed_the_same_hash_of_kind_zero_and_input() {
        let key = key(7);
        for length in 0..300 {
            let input: Vec<u8> = (0..length).map(|i| (i * 31 % 251) as u8).collect();
            let mut hasher = blake3::Hasher::new_keyed(&key.0);
            hasher.update(b"email");
            hasher.update(&[0]);
            hasher.update(&input);
            assert_eq!(
                key.stream("email", &input).seed,
                *hasher.finalize().as_bytes(),
                "input of {length} bytes"
            );
        }
    }

    #[test]
    fn hex_keys_parse_and_errors_say_why() {
        let hex = "00".repeat(31) + "ff";
        assert!(ScrubKey::from_hex(&hex).is_ok());
        let err = ScrubKey::from_hex("abc").unwrap_err().to_string();
        assert!(err.contains("64") && err.contains('3'), "{err}");
        let err = ScrubKey::from_hex(&("zz".to_owned() + &"00".repeat(31)))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`z`"), "{err}");
        assert_eq!(format!("{:?}", key(7)), "ScrubKey(..)");
    }

    #[test]
    fn phones_keep_their_pattern_and_carry_the_check() {
        let k = key(1);
        for phone in [
            "+44 20 7946 0958",
            "(555) 010-9999",
            "06.12.34.56.78",
            "+1-202-555-0143",
        ] {
            let fake = String::from_utf8(k.phone(phone.as_bytes())).unwrap();
            assert_eq!(fake.len(), phone.len());
            assert_ne!(fake, phone);
            for (a, b) in phone.chars().zip(fake.chars()) {
                assert_eq!(a.is_ascii_digit(), b.is_ascii_digit(), "{phone} → {fake}");
                if !a.is_ascii_digit() {
                    assert_eq!(a, b);
                }
            }
            let digits: Vec<u8> = fake.bytes().filter(u8::is_ascii_digit).collect();
            assert!(is_fake_phone(&digits), "{fake}");
        }
        assert!(k.phone(b"+44 20").starts_with(b"+4"));
        assert!(k.phone(b"020 7946 0958").starts_with(b"0"));
        // Formatting does not change which digits come out.
        let a = k.phone(b"+44 20 7946 0958");
        let b = k.phone(b"+442079460958");
        let digits = |v: &[u8]| {
            v.iter()
                .copied()
                .filter(u8::is_ascii_digit)
                .collect::<Vec<_>>()
        };
        assert_eq!(digits(&a), digits(&b));
    }

    #[test]
    fn real_numbers_rarely_pass_the_check() {
        let passing = (0..10_000u32)
            .filter(|n| is_fake_phone(format!("0207946{n:04}").as_bytes()))
            .count();
        assert!((50..=150).contains(&passing), "{passing}");
    }

    #[test]
    fn shapes_keep_case_and_separators() {
        let fake = key(2).shape(b"SW1A 1aa");
        assert_eq!(fake.len(), 8);
        assert!(fake[..4]
            .iter()
            .zip(b"SW1A")
            .all(|(f, o)| f.is_ascii_uppercase() == o.is_ascii_uppercase()
                && f.is_ascii_digit() == o.is_ascii_digit()));
        assert_eq!(fake[4], b' ');
        assert!(fake[5].is_ascii_digit() && fake[6..].iter().all(u8::is_ascii_lowercase));
        assert_eq!(
            key(2).shape(b"sw1a1aa").to_ascii_uppercase(),
            key(2).shape(b"SW1A1AA")
        );
    }

    #[test]
    fn ips_stay_in_their_family_and_documentation_ranges() {
        let k = key(3);
        let v4 = String::from_utf8(k.ip(b"81.2.69.160").unwrap()).unwrap();
        let v4: Ipv4Addr = v4.parse().unwrap();
        assert!(v4.is_documentation(), "{v4}");
        let v6 = String::from_utf8(k.ip(b" 2a02:1810::1 ").unwrap()).unwrap();
        assert!(v6.starts_with("2001:db8::"), "{v6}");
        assert_eq!(k.ip(b"2A02:1810:0::0001"), k.ip(b"2a02:1810::1"));
        assert_eq!(k.ip(b"unknown"), None);
    }

    #[test]
    fn no_address_is_scrubbed_to_itself() {
        // Every address of the ranges fakes are drawn from, under many keys:
        // a drawn fake equal to its input must be moved off it.
        for seed in 0..40 {
            let k = key(seed);
            for net in [[192, 0, 2], [198, 51, 100], [203, 0, 113]] {
                for host in 0..=255u8 {
                    let ip = Ipv4Addr::new(net[0], net[1], net[2], host).to_string();
                    let fake = k.ip(ip.as_bytes()).unwrap();
                    assert_ne!(fake, ip.as_bytes(), "key {seed}");
                }
            }
        }
    }

    #[test]
    fn text_is_about_as_long_and_invalidated_secrets_are_unique() {
        let k = key(4);
        for len in [1, 5, 40, 300] {
            let input = "x".repeat(len);
            let fake = k.text(input.as_bytes());
            assert!(
                fake.len() <= len && fake.len() + 12 >= len,
                "{len}: {fake:?}"
            );
            assert!(fake[0].is_ascii_uppercase());
        }
        let a = k.invalidated(b"$P$Babc");
        assert!(a.starts_with(INVALIDATED_PREFIX.as_bytes()) && a.len() == 26);
        assert_ne!(a, k.invalidated(b"$P$Babd"));
    }

    #[test]
    fn names_and_addresses_are_ascii_and_keyed() {
        let (a, b) = (key(5), key(6));
        let inputs: [&[u8]; 3] = [b"Jane Doe", b"12 Rue de la Paix", b"Paris"];
        let differs = inputs
            .iter()
            .any(|i| a.address(i) != b.address(i) || a.name(i) != b.name(i));
        assert!(differs);
        for input in inputs {
            for fake in [a.name(input), a.address(input), a.company(input)] {
                assert!(fake.is_ascii() && !fake.is_empty());
            }
            assert_eq!(a.name(input), a.name(&input.to_ascii_uppercase()));
        }
    }
}
