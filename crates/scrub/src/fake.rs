//! Keyed, deterministic fakes: the same input and key give the same output in
//! every table and every run, so joins between scrubbed tables still line up.

/// The 32-byte key that makes pseudonyms deterministic.
#[derive(Clone)]
pub struct ScrubKey([u8; 32]);

impl std::fmt::Debug for ScrubKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A key is a secret: never print it.
        f.write_str("ScrubKey(…)")
    }
}

impl ScrubKey {
    /// A key from its bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        ScrubKey(bytes)
    }

    /// A key from 64 hexadecimal digits.
    pub fn from_hex(hex: &str) -> Result<Self, crate::PolicyError> {
        let hex = hex.trim();
        let bad = || crate::PolicyError::Key("expected 64 hexadecimal digits".into());
        if hex.len() != 64 {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2).ok_or_else(bad)?, 16)
                .map_err(|_| bad())?;
        }
        Ok(ScrubKey(bytes))
    }

    /// An endless stream of bytes determined by the key, the kind of fake
    /// and the input.
    pub(crate) fn stream(&self, kind: &str, input: &[u8]) -> blake3::OutputReader {
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        hasher.update(kind.as_bytes());
        hasher.update(&[0]);
        hasher.update(input);
        hasher.finalize_xof()
    }

    /// `n` lowercase hexadecimal digits determined by the input.
    /// 32 bytes determined by the key, the kind of fake and the input: one
    /// keyed hash, from which a fake draws all its choices.
    pub(crate) fn digest(&self, kind: &str, input: &[u8]) -> [u8; 32] {
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        hasher.update(kind.as_bytes());
        hasher.update(&[0]);
        hasher.update(input);
        *hasher.finalize().as_bytes()
    }

    /// `n` (at most 64) lowercase hexadecimal digits determined by the input.
    pub(crate) fn hex(&self, kind: &str, input: &[u8], n: usize) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        self.digest(kind, input)
            .iter()
            .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]])
            .take(n)
            .map(char::from)
            .collect()
    }

    /// A number below `n` determined by the input.
    pub(crate) fn pick(&self, kind: &str, input: &[u8], n: usize) -> usize {
        pick_from(&self.digest(kind, input), 0, n)
    }
}

/// A number below `n` from eight bytes of a digest.
fn pick_from(digest: &[u8; 32], at: usize, n: usize) -> usize {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[at..at + 8]);
    (u64::from_le_bytes(bytes) % n.max(1) as u64) as usize
}

const FIRST_NAMES: &[&str] = &[
    "Alex", "Sam", "Robin", "Jordan", "Taylor", "Morgan", "Casey", "Jamie", "Avery", "Riley",
    "Quinn", "Charlie", "Skyler", "Dana", "Kim", "Lee", "Noa", "Eli", "Mika", "Sasha", "Toni",
    "Jules", "Rene", "Andrea", "Nico", "Luca", "Ari", "Emery", "Rowan", "Hayden",
];
const LAST_NAMES: &[&str] = &[
    "Smith",
    "Martin",
    "Garcia",
    "Müller",
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
];
const STREETS: &[&str] = &[
    "Maple", "Oak", "Station", "Church", "Mill", "Park", "River", "Harbour", "Orchard", "Market",
    "Elm", "Bridge", "Garden", "Hill", "Lake",
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
];

/// The reserved domain scrubbed addresses live on (RFC 2606: never resolves).
pub const FAKE_EMAIL_DOMAIN: &str = "example.invalid";

impl ScrubKey {
    pub(crate) fn email(&self, input: &[u8]) -> Vec<u8> {
        let normalized = input.trim_ascii().to_ascii_lowercase();
        format!(
            "user-{}@{FAKE_EMAIL_DOMAIN}",
            self.hex("email", &normalized, 16)
        )
        .into_bytes()
    }

    pub(crate) fn pseudonym(&self, input: &[u8]) -> Vec<u8> {
        format!("user-{}", self.hex("pseudonym", input, 12)).into_bytes()
    }

    pub(crate) fn first_name(&self, input: &[u8]) -> Vec<u8> {
        FIRST_NAMES[self.pick("first", input, FIRST_NAMES.len())]
            .as_bytes()
            .to_vec()
    }

    pub(crate) fn last_name(&self, input: &[u8]) -> Vec<u8> {
        LAST_NAMES[self.pick("last", input, LAST_NAMES.len())]
            .as_bytes()
            .to_vec()
    }

    pub(crate) fn name(&self, input: &[u8]) -> Vec<u8> {
        let digest = self.digest("name", input);
        let first = FIRST_NAMES[pick_from(&digest, 0, FIRST_NAMES.len())];
        let last = LAST_NAMES[pick_from(&digest, 8, LAST_NAMES.len())];
        format!("{first} {last}").into_bytes()
    }

    pub(crate) fn street(&self, input: &[u8]) -> Vec<u8> {
        let digest = self.digest("street", input);
        let number = 1 + pick_from(&digest, 0, 199);
        let street = STREETS[pick_from(&digest, 8, STREETS.len())];
        let kind = STREET_KINDS[pick_from(&digest, 16, STREET_KINDS.len())];
        format!("{number} {street} {kind}").into_bytes()
    }

    pub(crate) fn city(&self, input: &[u8]) -> Vec<u8> {
        CITIES[self.pick("city", input, CITIES.len())]
            .as_bytes()
            .to_vec()
    }

    /// Keeps the shape: digits become other digits, letters other letters of
    /// the same case, everything else stays (phones, postcodes).
    pub(crate) fn same_shape(&self, kind: &str, input: &[u8]) -> Vec<u8> {
        let mut noise = vec![0u8; input.len()];
        self.stream(kind, input).fill(&mut noise);
        input
            .iter()
            .zip(noise)
            .enumerate()
            .map(|(i, (&b, random))| match b {
                // A leading `+` and the digit after it keep the phone's
                // international look.
                b'0'..=b'9' if i > 0 && input[i - 1] == b'+' => b,
                b'0'..=b'9' => b'0' + random % 10,
                b'a'..=b'z' => b'a' + random % 26,
                b'A'..=b'Z' => b'A' + random % 26,
                other => other,
            })
            .collect()
    }

    pub(crate) fn ip(&self, input: &[u8]) -> Vec<u8> {
        if input.contains(&b':') {
            format!("2001:db8::{}", self.hex("ip6", input, 4)).into_bytes()
        } else {
            format!("192.0.2.{}", 1 + self.pick("ip4", input, 254)).into_bytes()
        }
    }

    pub(crate) fn url(&self, input: &[u8]) -> Vec<u8> {
        format!(
            "https://{}.{FAKE_EMAIL_DOMAIN}/",
            self.hex("url", input, 10)
        )
        .into_bytes()
    }

    /// Lorem ipsum of about the input's length.
    pub(crate) fn text(&self, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len() + 16);
        // Words take at least three bytes with their space: this is noise
        // enough.
        let mut noise = vec![0u8; input.len() / 3 + 1];
        self.stream("text", input).fill(&mut noise);
        for random in noise {
            if out.len() >= input.len() {
                break;
            }
            if !out.is_empty() {
                out.push(b' ');
            }
            out.extend_from_slice(WORDS[usize::from(random) % WORDS.len()].as_bytes());
        }
        out.truncate(input.len().max(1));
        if out.last() == Some(&b' ') {
            out.pop();
        }
        out
    }
}
