//! Number text read exactly, as Python's `float()` reads it: never through a float.

use num_rational::BigRational;
use num_traits::Zero;

use super::Decimal;

/// The largest decimal exponent npmem reads (far past every format's range either way).
const MAX_EXPONENT: i64 = 20_000;

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
    let d = Decimal::parse(body)?;
    let r = d.to_rational(MAX_EXPONENT)?;
    if negative && r.is_zero() {
        return Some(Text::NegativeZero);
    }
    Some(Text::Finite(if negative { -r } else { r }))
}
