//! Vocabulary and small writers: numbers, dates, prose in several scripts,
//! people and places. Everything appends to a caller's buffer so nothing is
//! allocated per value.

use crate::rng::Rng;

/// Appends the decimal digits of `n`.
pub(crate) fn push_u64(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

/// Appends `n` as two digits, zero-padded.
pub(crate) fn push_2d(buf: &mut Vec<u8>, n: u64) {
    buf.push(b'0' + (n / 10 % 10) as u8);
    buf.push(b'0' + (n % 10) as u8);
}

/// Appends an amount in cents as `12.34`.
pub(crate) fn push_money(buf: &mut Vec<u8>, cents: u64) {
    push_u64(buf, cents / 100);
    buf.push(b'.');
    push_2d(buf, cents % 100);
}

/// Appends `n` random lowercase hexadecimal digits.
pub(crate) fn push_hex(buf: &mut Vec<u8>, rng: &mut Rng, n: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bits = 0u64;
    for i in 0..n {
        if i % 16 == 0 {
            bits = rng.next_u64();
        }
        buf.push(HEX[(bits & 15) as usize]);
        bits >>= 4;
    }
}

const ALNUM: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Appends `n` random characters from `[A-Za-z0-9]`.
pub(crate) fn push_alnum(buf: &mut Vec<u8>, rng: &mut Rng, n: usize) {
    for _ in 0..n {
        buf.push(ALNUM[rng.below(62) as usize]);
    }
}

/// Fills `out` with random characters from `[A-Za-z0-9]`.
pub(crate) fn push_alnum_into(out: &mut [u8], rng: &mut Rng) {
    for byte in out {
        *byte = ALNUM[rng.below(62) as usize];
    }
}

/// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian).
pub(crate) fn civil_from_days(days: i64) -> (i64, u64, u64) {
    // Howard Hinnant's algorithm: shift to eras of 400 years starting in March.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u64;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u64;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Appends `YYYY-MM-DD HH:MM:SS` for Unix seconds (UTC).
pub(crate) fn push_datetime(buf: &mut Vec<u8>, secs: i64) {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let tod = secs.rem_euclid(86_400) as u64;
    push_u64(buf, year.max(0) as u64);
    buf.push(b'-');
    push_2d(buf, month);
    buf.push(b'-');
    push_2d(buf, day);
    buf.push(b' ');
    push_2d(buf, tod / 3600);
    buf.push(b':');
    push_2d(buf, tod / 60 % 60);
    buf.push(b':');
    push_2d(buf, tod % 60);
}

/// Appends `YYYY/MM` (the uploads folder of a date).
pub(crate) fn push_year_month(buf: &mut Vec<u8>, secs: i64, sep: &[u8]) {
    let (year, month, _) = civil_from_days(secs.div_euclid(86_400));
    push_u64(buf, year.max(0) as u64);
    buf.extend_from_slice(sep);
    push_2d(buf, month);
}

/// The month's English name, for WooCommerce's order titles.
pub(crate) fn month_name(secs: i64) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (_, month, _) = civil_from_days(secs.div_euclid(86_400));
    MONTHS.get(month as usize - 1).copied().unwrap_or("January")
}

/// The language a piece of content is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Lang {
    /// English, the bulk of the site.
    #[default]
    En,
    /// French: Latin script with accents.
    Fr,
    /// Japanese: no spaces, three-byte characters.
    Ja,
}

impl Lang {
    /// A language drawn with the site's mix.
    pub(crate) fn draw(rng: &mut Rng) -> Lang {
        match rng.below(100) {
            0..=71 => Lang::En,
            72..=91 => Lang::Fr,
            _ => Lang::Ja,
        }
    }
}

const EN_WORDS: &[&str] = &[
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "is",
    "for",
    "with",
    "on",
    "that",
    "this",
    "it",
    "as",
    "you",
    "your",
    "we",
    "our",
    "from",
    "by",
    "at",
    "be",
    "are",
    "was",
    "or",
    "but",
    "not",
    "can",
    "will",
    "all",
    "more",
    "new",
    "one",
    "about",
    "time",
    "year",
    "people",
    "way",
    "day",
    "first",
    "garden",
    "coffee",
    "recipe",
    "travel",
    "summer",
    "winter",
    "market",
    "design",
    "studio",
    "bread",
    "kitchen",
    "season",
    "light",
    "morning",
    "evening",
    "street",
    "city",
    "mountain",
    "river",
    "ocean",
    "forest",
    "weekend",
    "journey",
    "story",
    "guide",
    "simple",
    "fresh",
    "local",
    "handmade",
    "organic",
    "classic",
    "modern",
    "quiet",
    "bright",
    "slow",
    "careful",
    "really",
    "often",
    "always",
    "never",
    "together",
    "between",
    "through",
    "before",
    "after",
    "because",
    "while",
    "without",
    "around",
    "every",
    "little",
    "great",
    "small",
    "long",
    "good",
    "best",
    "better",
    "favourite",
    "collection",
    "product",
    "order",
    "delivery",
    "customer",
    "quality",
    "material",
    "wool",
    "linen",
    "ceramic",
    "leather",
    "cotton",
    "oak",
    "walnut",
    "colour",
    "texture",
    "pattern",
    "shape",
    "workshop",
    "maker",
    "craft",
    "tradition",
    "home",
    "table",
    "chair",
    "lamp",
    "bowl",
    "cup",
    "plate",
    "vase",
    "basket",
    "blanket",
    "cushion",
    "notes",
    "update",
    "behind",
    "scenes",
    "process",
    "sketch",
    "sample",
    "prototype",
    "finish",
    "gift",
    "ideas",
    "wrapping",
    "shipping",
    "returns",
    "size",
    "fit",
    "care",
    "washing",
    "instructions",
    "question",
    "answer",
    "thanks",
    "welcome",
    "visit",
    "shop",
    "online",
    "open",
];

const FR_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "de",
    "des",
    "du",
    "et",
    "à",
    "en",
    "un",
    "une",
    "pour",
    "avec",
    "sur",
    "dans",
    "nous",
    "vous",
    "est",
    "sont",
    "été",
    "très",
    "plus",
    "où",
    "déjà",
    "après",
    "même",
    "être",
    "avoir",
    "fait",
    "café",
    "crème",
    "pâtisserie",
    "boulangerie",
    "marché",
    "journée",
    "été",
    "hiver",
    "printemps",
    "automne",
    "fenêtre",
    "forêt",
    "rivière",
    "château",
    "théâtre",
    "cuisine",
    "recette",
    "légumes",
    "fraîche",
    "délicieux",
    "élégant",
    "naïf",
    "cœur",
    "sœur",
    "frère",
    "société",
    "qualité",
    "matière",
    "lin",
    "laine",
    "céramique",
    "cuir",
    "coton",
    "chêne",
    "noyer",
    "couleur",
    "texture",
    "atelier",
    "artisan",
    "tradition",
    "maison",
    "table",
    "chaise",
    "lampe",
    "bol",
    "tasse",
    "assiette",
    "vase",
    "panier",
    "couverture",
    "coussin",
    "idée",
    "cadeau",
    "livraison",
    "retour",
    "taille",
    "entretien",
    "lavage",
    "question",
    "réponse",
    "merci",
    "bienvenue",
    "boutique",
    "ouverte",
    "nouveauté",
    "collection",
    "création",
    "à-côté",
    "façon",
    "garçon",
    "leçon",
    "reçu",
    "noël",
    "août",
    "île",
    "hôtel",
    "goût",
];

const JA_PHRASES: &[&str] = &[
    "日本",
    "東京",
    "京都",
    "大阪",
    "北海道",
    "季節",
    "春",
    "夏",
    "秋",
    "冬",
    "料理",
    "珈琲",
    "お茶",
    "和菓子",
    "陶器",
    "漆器",
    "木工",
    "職人",
    "手作り",
    "伝統",
    "デザイン",
    "新しい",
    "商品",
    "お届け",
    "ご注文",
    "ありがとうございます",
    "よろしくお願いします",
    "今日は",
    "私たち",
    "の",
    "は",
    "が",
    "を",
    "に",
    "で",
    "と",
    "も",
    "から",
    "まで",
    "について",
    "ですが",
    "でした",
    "します",
    "しました",
    "あります",
    "ございます",
    "とても",
    "少し",
    "毎日",
    "週末",
    "旅行",
    "散歩",
    "庭",
    "花",
    "桜",
    "紅葉",
    "雪",
    "山",
    "海",
    "川",
    "森",
    "街",
    "店",
    "工房",
    "展示会",
];

const EMOJI: &[&str] = &[
    "🎉",
    "😀",
    "🙂",
    "😍",
    "👍",
    "🙏",
    "✨",
    "🌿",
    "☕",
    "🍞",
    "🧶",
    "🏺",
    "📦",
    "🚚",
    "❤️",
    "🇫🇷",
    "🇯🇵",
    "👩‍🍳",
    "🧑‍🎨",
    "🌸",
];

/// Appends one sentence in `lang`.
pub(crate) fn sentence(buf: &mut Vec<u8>, rng: &mut Rng, lang: Lang) {
    match lang {
        Lang::Ja => {
            for _ in 0..rng.range(4, 12) {
                buf.extend_from_slice(rng.pick(JA_PHRASES).as_bytes());
                if rng.chance(80) {
                    buf.extend_from_slice("、".as_bytes());
                }
            }
            buf.extend_from_slice("。".as_bytes());
        }
        Lang::En | Lang::Fr => {
            let words = if lang == Lang::En { EN_WORDS } else { FR_WORDS };
            let n = rng.range(6, 18);
            for i in 0..n {
                let word = rng.pick(words).as_bytes();
                if i == 0 {
                    push_capitalized(buf, word);
                } else {
                    buf.push(b' ');
                    buf.extend_from_slice(word);
                    if i + 1 < n && rng.chance(60) {
                        buf.push(b',');
                    }
                }
            }
            buf.push(match rng.below(10) {
                0 => b'!',
                1 => b'?',
                _ => b'.',
            });
        }
    }
    if rng.chance(40) {
        buf.push(b' ');
        buf.extend_from_slice(rng.pick(EMOJI).as_bytes());
    }
}

/// Appends a few sentences separated by spaces (none for Japanese).
pub(crate) fn sentences(buf: &mut Vec<u8>, rng: &mut Rng, lang: Lang, lo: u64, hi: u64) {
    for i in 0..rng.range(lo, hi) {
        if i > 0 && lang != Lang::Ja {
            buf.push(b' ');
        }
        sentence(buf, rng, lang);
    }
}

/// Appends `word` with an ASCII first letter in upper case.
fn push_capitalized(buf: &mut Vec<u8>, word: &[u8]) {
    if let Some((first, rest)) = word.split_first() {
        buf.push(first.to_ascii_uppercase());
        buf.extend_from_slice(rest);
    }
}

/// Appends a title of 2–7 words to `title` and, to `slug`, the `post_name`
/// WordPress derives from it: ASCII lower-cased, accents dropped, other UTF-8
/// percent-encoded. Either may be left out; the same numbers are drawn
/// either way, so a slug alone matches the full title.
pub(crate) fn title(
    mut title: Option<&mut Vec<u8>>,
    mut slug: Option<&mut Vec<u8>>,
    rng: &mut Rng,
    lang: Lang,
) {
    let n = rng.range(2, 7);
    for i in 0..n {
        let word = match lang {
            Lang::En => rng.pick(EN_WORDS),
            Lang::Fr => rng.pick(FR_WORDS),
            Lang::Ja => rng.pick(JA_PHRASES),
        };
        if let Some(buf) = slug.as_deref_mut() {
            if i > 0 && lang != Lang::Ja {
                buf.push(b'-');
            }
            push_slug(buf, word);
        }
        if let Some(buf) = title.as_deref_mut() {
            if i == 0 {
                push_capitalized(buf, word.as_bytes());
            } else {
                if lang != Lang::Ja {
                    buf.push(b' ');
                }
                buf.extend_from_slice(word.as_bytes());
            }
        }
    }
}

/// Appends `word` as WordPress's `sanitize_title` would write it.
fn push_slug(slug: &mut Vec<u8>, word: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for c in word.chars() {
        match c {
            'a'..='z' | '0'..='9' | '-' => slug.push(c as u8),
            'A'..='Z' => slug.push(c.to_ascii_lowercase() as u8),
            'à' | 'â' | 'ä' => slug.push(b'a'),
            'é' | 'è' | 'ê' | 'ë' => slug.push(b'e'),
            'î' | 'ï' => slug.push(b'i'),
            'ô' | 'ö' => slug.push(b'o'),
            'ù' | 'û' | 'ü' => slug.push(b'u'),
            'ç' => slug.push(b'c'),
            'œ' => slug.extend_from_slice(b"oe"),
            _ => {
                let mut utf8 = [0u8; 4];
                for byte in c.encode_utf8(&mut utf8).bytes() {
                    slug.push(b'%');
                    slug.push(HEX[usize::from(byte >> 4)]);
                    slug.push(HEX[usize::from(byte & 15)]);
                }
            }
        }
    }
}

/// A name with the ASCII form used in logins and e-mail addresses.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Name {
    pub(crate) display: &'static str,
    pub(crate) ascii: &'static str,
}

const fn n(display: &'static str, ascii: &'static str) -> Name {
    Name { display, ascii }
}

pub(crate) const FIRST_NAMES: &[Name] = &[
    n("Emma", "emma"),
    n("Olivia", "olivia"),
    n("Liam", "liam"),
    n("Noah", "noah"),
    n("Chloé", "chloe"),
    n("Zoé", "zoe"),
    n("Léa", "lea"),
    n("Hélène", "helene"),
    n("François", "francois"),
    n("Jérôme", "jerome"),
    n("Anaïs", "anais"),
    n("Gaëlle", "gaelle"),
    n("José", "jose"),
    n("María", "maria"),
    n("Björn", "bjorn"),
    n("Søren", "soren"),
    n("Łukasz", "lukasz"),
    n("Renée", "renee"),
    n("Nikolaj", "nikolaj"),
    n("Amélie", "amelie"),
    n("James", "james"),
    n("Sophie", "sophie"),
    n("Lucas", "lucas"),
    n("Camille", "camille"),
    n("Hugo", "hugo"),
    n("Inès", "ines"),
    n("Thomas", "thomas"),
    n("Sarah", "sarah"),
    n("Yuki", "yuki"),
    n("Haruto", "haruto"),
    n("さくら", "sakura"),
    n("太郎", "taro"),
    n("Aiko", "aiko"),
    n("Mei", "mei"),
    n("Oliver", "oliver"),
    n("Charlotte", "charlotte"),
    n("Mateo", "mateo"),
    n("Valentina", "valentina"),
    n("Jürgen", "jurgen"),
    n("Ana", "ana"),
];

pub(crate) const LAST_NAMES: &[Name] = &[
    n("Martin", "martin"),
    n("Bernard", "bernard"),
    n("Dubois", "dubois"),
    n("Lefèvre", "lefevre"),
    n("Géraud", "geraud"),
    n("Moreau", "moreau"),
    n("Rousseau", "rousseau"),
    n("Fontaine", "fontaine"),
    n("Smith", "smith"),
    n("Johnson", "johnson"),
    n("Brown", "brown"),
    n("O'Connor", "oconnor"),
    n("García", "garcia"),
    n("Muñoz", "munoz"),
    n("Müller", "muller"),
    n("Schröder", "schroder"),
    n("Nowak", "nowak"),
    n("Kowalczyk", "kowalczyk"),
    n("Jørgensen", "jorgensen"),
    n("Novák", "novak"),
    n("Rossi", "rossi"),
    n("Bianchi", "bianchi"),
    n("Silva", "silva"),
    n("Santos", "santos"),
    n("山田", "yamada"),
    n("佐藤", "sato"),
    n("Tanaka", "tanaka"),
    n("Suzuki", "suzuki"),
    n("Nguyen", "nguyen"),
    n("Kim", "kim"),
    n("Wilson", "wilson"),
    n("Taylor", "taylor"),
    n("Da Costa", "dacosta"),
    n("Van der Berg", "vanderberg"),
    n("Laurent", "laurent"),
    n("Petit", "petit"),
];

/// Where a customer lives.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Place {
    pub(crate) city: &'static str,
    pub(crate) state: &'static str,
    pub(crate) postcode: &'static str,
    pub(crate) country: &'static str,
    pub(crate) phone_prefix: &'static str,
    pub(crate) streets: &'static [&'static str],
}

const FR_STREETS: &[&str] = &[
    "rue de la République",
    "avenue Jean-Jaurès",
    "boulevard Haussmann",
    "rue du Faubourg Saint-Honoré",
    "place de l'Église",
    "chemin des Vignes",
    "rue Émile Zola",
    "allée des Tilleuls",
];
const GB_STREETS: &[&str] = &[
    "High Street",
    "Church Lane",
    "Victoria Road",
    "Station Road",
    "Mill Lane",
];
const US_STREETS: &[&str] = &[
    "Main Street",
    "Oak Avenue",
    "Maple Drive",
    "Sunset Boulevard",
    "5th Avenue",
];
const DE_STREETS: &[&str] = &[
    "Hauptstraße",
    "Schillerstraße",
    "Goethestraße",
    "Bahnhofstraße",
];
const JP_STREETS: &[&str] = &[
    "千代田1-1",
    "神宮前3-25-18",
    "中央区銀座4-6",
    "北区梅田2-4-9",
];

const fn place(
    city: &'static str,
    state: &'static str,
    postcode: &'static str,
    country: &'static str,
    phone_prefix: &'static str,
    streets: &'static [&'static str],
) -> Place {
    Place {
        city,
        state,
        postcode,
        country,
        phone_prefix,
        streets,
    }
}

pub(crate) const PLACES: &[Place] = &[
    place("Paris", "", "750", "FR", "+33 6", FR_STREETS),
    place("Lyon", "", "6900", "FR", "+33 6", FR_STREETS),
    place("Marseille", "", "130", "FR", "+33 7", FR_STREETS),
    place("Bordeaux", "", "3300", "FR", "+33 6", FR_STREETS),
    place("Montréal", "QC", "H2X ", "CA", "+1 514", US_STREETS),
    place("London", "", "EC1A ", "GB", "+44 7700", GB_STREETS),
    place("Manchester", "", "M1 ", "GB", "+44 7700", GB_STREETS),
    place("New York", "NY", "100", "US", "+1 212", US_STREETS),
    place("Portland", "OR", "972", "US", "+1 503", US_STREETS),
    place("Austin", "TX", "787", "US", "+1 512", US_STREETS),
    place("Berlin", "", "101", "DE", "+49 151", DE_STREETS),
    place("München", "", "803", "DE", "+49 160", DE_STREETS),
    place("東京都", "JP13", "100-00", "JP", "+81 90", JP_STREETS),
    place("大阪市", "JP27", "530-00", "JP", "+81 80", JP_STREETS),
];

pub(crate) const EMAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.fr",
    "orange.fr",
    "free.fr",
    "icloud.com",
    "proton.me",
    "gmx.de",
    "web.de",
    "yahoo.co.jp",
    "hotmail.co.uk",
    "laposte.net",
    "fastmail.com",
];

pub(crate) const COMPANIES: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    "Atelier Lumière SARL",
    "Northwind Traders Ltd",
    "Müller & Söhne GmbH",
    "Studio Kōbō 株式会社",
    "Café de l'Est",
    "Blue Harbor LLC",
];

pub(crate) const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
];

/// First octets of public IPv4 ranges, so addresses look like real visitors.
const IPV4_FIRST: &[u64] = &[
    2, 5, 31, 37, 46, 62, 77, 78, 80, 81, 82, 83, 86, 88, 90, 91, 92, 109, 176, 178, 185, 188, 193,
    194, 195, 212, 213, 217, 24, 68, 73, 98, 104, 126, 133, 153,
];

/// Appends a visitor's IP address: mostly IPv4, some IPv6.
pub(crate) fn push_ip(buf: &mut Vec<u8>, rng: &mut Rng) {
    if rng.chance(150) {
        buf.extend_from_slice(
            rng.pick(&["2a01:cb00:", "2001:861:", "2a02:8428:", "2600:1700:"])
                .as_bytes(),
        );
        for i in 0..6 {
            if i > 0 {
                buf.push(b':');
            }
            push_hex(buf, rng, 4);
        }
        return;
    }
    push_u64(buf, rng.pick(IPV4_FIRST));
    for _ in 0..3 {
        buf.push(b'.');
        push_u64(buf, rng.range(1, 254));
    }
}

/// A person: the same one wherever their stream is replayed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Person {
    pub(crate) first: Name,
    pub(crate) last: Name,
    pub(crate) place: Place,
    pub(crate) street: &'static str,
    pub(crate) house: u64,
    pub(crate) flat: u64,
    pub(crate) postcode_tail: u64,
    pub(crate) phone: u64,
    pub(crate) email_domain: &'static str,
    pub(crate) email_number: u64,
    pub(crate) company: &'static str,
    pub(crate) agent: &'static str,
}

impl Person {
    /// Draws a person from `rng`.
    pub(crate) fn draw(rng: &mut Rng) -> Person {
        let place = rng.pick(PLACES);
        Person {
            first: rng.pick(FIRST_NAMES),
            last: rng.pick(LAST_NAMES),
            place,
            street: rng.pick(place.streets),
            house: rng.range(1, 180),
            flat: if rng.chance(300) { rng.range(1, 40) } else { 0 },
            postcode_tail: rng.below(100),
            phone: rng.range(10_000_000, 99_999_999),
            email_domain: rng.pick(EMAIL_DOMAINS),
            email_number: if rng.chance(400) { rng.range(1, 99) } else { 0 },
            company: rng.pick(COMPANIES),
            agent: rng.pick(USER_AGENTS),
        }
    }

    /// Appends `first.last42@domain`.
    pub(crate) fn push_email(&self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(self.first.ascii.as_bytes());
        buf.push(b'.');
        buf.extend_from_slice(self.last.ascii.as_bytes());
        if self.email_number > 0 {
            push_u64(buf, self.email_number);
        }
        buf.push(b'@');
        buf.extend_from_slice(self.email_domain.as_bytes());
    }

    /// Appends a login such as `chloe.dubois42`.
    pub(crate) fn push_login(&self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(self.first.ascii.as_bytes());
        buf.push(b'.');
        buf.extend_from_slice(self.last.ascii.as_bytes());
        if self.email_number > 0 {
            push_u64(buf, self.email_number);
        }
    }

    /// Appends `First Last`.
    pub(crate) fn push_full_name(&self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(self.first.display.as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(self.last.display.as_bytes());
    }

    /// Appends the phone number in its country's format.
    pub(crate) fn push_phone(&self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(self.place.phone_prefix.as_bytes());
        buf.push(b' ');
        push_u64(buf, self.phone);
    }

    /// Appends the first address line.
    pub(crate) fn push_address_1(&self, buf: &mut Vec<u8>) {
        if self.place.country == "JP" {
            buf.extend_from_slice(self.street.as_bytes());
            buf.push(b'-');
            push_u64(buf, self.house);
        } else {
            push_u64(buf, self.house);
            buf.push(b' ');
            buf.extend_from_slice(self.street.as_bytes());
        }
    }

    /// Appends the second address line (often empty).
    pub(crate) fn push_address_2(&self, buf: &mut Vec<u8>) {
        if self.flat > 0 {
            buf.extend_from_slice(b"Apt ");
            push_u64(buf, self.flat);
        }
    }

    /// Appends the postcode.
    pub(crate) fn push_postcode(&self, buf: &mut Vec<u8>) {
        buf.extend_from_slice(self.place.postcode.as_bytes());
        push_2d(buf, self.postcode_tail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut buf = Vec::new();
        f(&mut buf);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn dates_format_like_mysql() {
        assert_eq!(text(|b| push_datetime(b, 0)), "1970-01-01 00:00:00");
        assert_eq!(
            text(|b| push_datetime(b, 951_782_400)),
            "2000-02-29 00:00:00"
        );
        assert_eq!(
            text(|b| push_datetime(b, 1_746_068_645)),
            "2025-05-01 03:04:05"
        );
        assert_eq!(month_name(1_746_068_645), "May");
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(text(|b| push_u64(b, 0)), "0");
        assert_eq!(text(|b| push_u64(b, u64::MAX)), u64::MAX.to_string());
        assert_eq!(text(|b| push_money(b, 1205)), "12.05");
    }

    #[test]
    fn slugs_follow_sanitize_title() {
        assert_eq!(text(|b| push_slug(b, "Café")), "cafe");
        assert_eq!(text(|b| push_slug(b, "日本")), "%e6%97%a5%e6%9c%ac");
    }

    #[test]
    fn prose_is_valid_utf8_in_every_language() {
        let mut rng = Rng::for_entity(1, 1, 1);
        for lang in [Lang::En, Lang::Fr, Lang::Ja] {
            let s = text(|b| sentences(b, &mut rng, lang, 3, 6));
            assert!(!s.is_empty());
        }
    }
}
