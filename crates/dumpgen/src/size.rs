//! Sizes such as `1GiB`, `512M` or `1.5G`.

/// Why a size could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid size {input:?}: {reason}")]
pub struct SizeError {
    /// The text given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Reads a byte count: a number (decimals allowed) and an optional unit.
///
/// `K`, `M`, `G`, `T` and their `KiB`-style forms are powers of 1024, like
/// `dd` and `head -c`; `KB`, `MB`, `GB`, `TB` are powers of 1000; `B` or no
/// unit means bytes. Units are case-insensitive.
///
/// ```
/// use slipway_dumpgen::parse_size;
/// assert_eq!(parse_size("1GiB"), Ok(1 << 30));
/// assert_eq!(parse_size("1.5k"), Ok(1536));
/// assert_eq!(parse_size("2MB"), Ok(2_000_000));
/// assert!(parse_size("12 parsecs").is_err());
/// ```
pub fn parse_size(input: &str) -> Result<u64, SizeError> {
    let error = |reason| SizeError {
        input: input.to_owned(),
        reason,
    };
    let text = input.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    if number.is_empty() {
        return Err(error("it does not start with a number"));
    }
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "t" | "tib" => 1 << 40,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        "tb" => 1_000_000_000_000,
        _ => {
            return Err(error(
                "the unit is not one of B, K, M, G, T (KiB…, or KB… for powers of 1000)",
            ))
        }
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if fraction.contains('.') {
        return Err(error("the number has more than one decimal point"));
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole
            .parse()
            .map_err(|_| error("the number is too large"))?
    };
    let mut bytes = whole
        .checked_mul(multiplier)
        .ok_or_else(|| error("the size is too large"))?;
    // Up to 12 decimals, in exact fixed point; further digits are far below
    // one byte at any unit allowed here.
    let (mut numerator, mut denominator) = (0u128, 1u128);
    for digit in fraction.bytes().take(12) {
        numerator = numerator * 10 + u128::from(digit - b'0');
        denominator *= 10;
    }
    let part = u128::from(multiplier) * numerator / denominator;
    bytes = bytes
        .checked_add(u64::try_from(part).map_err(|_| error("the size is too large"))?)
        .ok_or_else(|| error("the size is too large"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("100B"), Ok(100));
        assert_eq!(parse_size("4k"), Ok(4096));
        assert_eq!(parse_size("4KiB"), Ok(4096));
        assert_eq!(parse_size("4KB"), Ok(4000));
        assert_eq!(parse_size("3M"), Ok(3 << 20));
        assert_eq!(parse_size(" 1 GiB "), Ok(1 << 30));
        assert_eq!(parse_size("2T"), Ok(2 << 40));
        assert_eq!(parse_size("0.5G"), Ok(1 << 29));
        assert_eq!(parse_size(".25M"), Ok(1 << 18));
    }

    #[test]
    fn refusals_say_why() {
        assert!(parse_size("").unwrap_err().reason.contains("number"));
        assert!(parse_size("G").unwrap_err().reason.contains("number"));
        assert!(parse_size("1.2.3M").unwrap_err().reason.contains("decimal"));
        assert!(parse_size("5 furlongs")
            .unwrap_err()
            .reason
            .contains("unit"));
        assert!(parse_size("99999999999999999999")
            .unwrap_err()
            .reason
            .contains("large"));
        assert!(parse_size("99999999T")
            .unwrap_err()
            .reason
            .contains("large"));
        assert!(parse_size("-1M").is_err());
    }
}
