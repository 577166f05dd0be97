//! Number text read exactly, as Python's `float()` reads it: never through a float.

use num_rational::BigRational;
use num_traits::Zero;

use super::Decimal;

/// The largest decimal exponent npmem reads (far past every format's range either way).
const MAX_EXPONENT: i64 = 20_000;

/// The most significant digits read exactly. Every value of every format npmem knows, and every
/// midpoint between two of them, has fewer (binary128's smallest subnormal has about 11,500),
/// so text cut here, with one more digit `1` standing for any non-zero digits cut off, rounds
/// into every format as the whole text does and is exact in none, as the whole text is not:
/// strtod's "sticky digit". This keeps a long number's cost linear in its length.
pub const MAX_SIGNIFICANT_DIGITS: usize = 12_000;

/// Decimal text read exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Finite(BigRational),
    /// `-0`: zero with its sign (a rational zero has none).
    NegativeZero,
    Infinite {
        negative: bool,
    },
    /// NaN, with the sign it was written with (`-nan`): ml_dtypes' float6/float4 keep it.
    NaN {
        negative: bool,
    },
}

impl Text {
    /// The finite value, zero for `-0`.
    pub fn rational(&self) -> Option<BigRational> {
        match self {
            Text::Finite(r) => Some(r.clone()),
            Text::NegativeZero => Some(BigRational::zero()),
            _ => None,
        }
    }

    pub fn fraction(&self) -> String {
        match self {
            Text::Finite(r) => fraction(r),
            Text::NegativeZero => "0/1".to_string(),
            Text::Infinite { negative: true } => "-inf".to_string(),
            Text::Infinite { negative: false } => "inf".to_string(),
            Text::NaN { .. } => "nan".to_string(),
        }
    }
}

pub fn fraction(r: &BigRational) -> String {
    format!("{}/{}", r.numer(), r.denom())
}

/// Read `text` as Python's `float()` reads number text, but exactly: an optional sign, digits
/// with an optional point and exponent (underscores between digits), or inf/infinity/nan;
/// surrounding whitespace is ignored.
pub fn parse_text(text: &str) -> Option<Text> {
    let t = text.trim();
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(Text::Infinite { negative });
    }
    if lower == "nan" {
        return Some(Text::NaN { negative });
    }
    if body.starts_with(['+', '-']) {
        return None;
    }
    let cut = cut_digits(body)?;
    let d = Decimal::parse(cut.as_deref().unwrap_or(body))?;
    let r = d.to_rational(MAX_EXPONENT)?;
    if negative && r.is_zero() {
        return Some(Text::NegativeZero);
    }
    Some(Text::Finite(if negative { -r } else { r }))
}

/// `body` with its significant digits cut to [`MAX_SIGNIFICANT_DIGITS`] and a sticky `1`
/// (`Some`), when it has more; `Ok(None)` when it has not (or is not decimal text, which
/// [`Decimal::parse`] then refuses); `None` when its digits are malformed.
fn cut_digits(body: &str) -> Option<Option<String>> {
    if body.len() <= MAX_SIGNIFICANT_DIGITS {
        return Some(None);
    }
    let (int_digits, frac_digits, exponent) = super::split_decimal(body)?;
    let all = format!("{int_digits}{frac_digits}");
    let Some(first) = all.bytes().position(|c| c != b'0') else {
        return Some(None);
    };
    let significant = &all[first..];
    if significant.len() <= MAX_SIGNIFICANT_DIGITS {
        return Some(None);
    }
    let (kept, rest) = significant.split_at(MAX_SIGNIFICANT_DIGITS);
    let sticky = if rest.bytes().any(|c| c != b'0') {
        "1"
    } else {
        ""
    };
    let exp10: i64 = match exponent {
        None => 0,
        Some(e) => super::parse_exponent(e)?,
    };
    // The value is 0.(significant digits) × 10^(digits before the point − leading zeros + exp).
    let shift = i64::try_from(int_digits.len()).ok()? - i64::try_from(first).ok()?;
    Some(Some(format!(
        "0.{kept}{sticky}e{}",
        exp10.checked_add(shift)?
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::number::FloatFormat;
    use crate::number::round::round_text;

    /// Long text is cut with a sticky digit: it rounds as the whole text does, in linear time.
    #[test]
    fn long_text_rounds_as_the_whole_text() {
        let n = MAX_SIGNIFICANT_DIGITS;
        // 0.5 + 2^-60 written out in full is 61 digits; padded with zeros past the cut, then
        // nudged by a 1 far beyond it: float64 sees 0.5 (a tie going to even is broken up).
        let half_ulp = format!("1.{}1", "0".repeat(n + 5));
        let t = parse_text(&half_ulp).unwrap_or_else(|| panic!("number"));
        assert_eq!(
            round_text(&FloatFormat::DOUBLE, &t),
            round_text(
                &FloatFormat::DOUBLE,
                &parse_text("1").unwrap_or_else(|| panic!("one"))
            )
        );
        assert!(
            t != parse_text("1").unwrap_or_else(|| panic!("one")),
            "the sticky digit keeps it inexact"
        );
        // A tie: 1 + 2^-53 exactly rounds to 1 (even); a tie plus anything beyond the cut
        // rounds up.
        let tie = "1.00000000000000011102230246251565404236316680908203125";
        let up = format!("{tie}{}1", "0".repeat(n));
        let r = |s: &str| {
            round_text(
                &FloatFormat::DOUBLE,
                &parse_text(s).unwrap_or_else(|| panic!("number")),
            )
        };
        assert_eq!(r(tie), r("1"));
        assert_eq!(
            r(&up),
            r("1.0000000000000002220446049250313080847263336181640625")
        );
        // Zeros after the cut change nothing: the text stays exact.
        assert_eq!(
            parse_text(&format!("0.5{}", "0".repeat(2 * n))),
            parse_text("0.5")
        );
        // A long fraction is a number (it was refused for its exponent before).
        assert!(parse_text(&format!("0.{}", "3".repeat(4 * n))).is_some());
        assert_eq!(parse_text(&format!("1{}", "_".repeat(2))), None);
    }
}
