//! Exact numbers. Decimal text is read without ever passing through a float, so `1.25e8` is
//! exactly 125000000 and `1e400` is exactly too large; float formats are parameters, their
//! values exact rationals, and their printing numpy's own.

pub mod complex;
pub mod digits;
pub mod float;
pub mod limits;
pub mod print;
pub mod round;
pub mod text;

pub use float::{FloatFormat, Specials, Value};

use num_bigint::BigUint;
use num_traits::{One, Zero};

/// A non-negative decimal read exactly: `digits × 10^exp10`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    digits: BigUint,
    exp10: i64,
}

/// The number is larger than the caller's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

impl Decimal {
    /// Parse `1000`, `1_000`, `1e6`, `1.25e8`, `.5`, `+3` (no sign other than `+`).
    /// Underscores may only stand between digits, as in Python.
    pub fn parse(text: &str) -> Option<Decimal> {
        let t = text.strip_prefix('+').unwrap_or(text);
        let (int_digits, frac_digits, exponent) = split_decimal(t)?;
        if int_digits.is_empty() && frac_digits.is_empty() {
            return None;
        }
        let mut exp10: i64 = match exponent {
            None => 0,
            Some(e) => parse_exponent(e)?,
        };
        let all = format!("{int_digits}{frac_digits}");
        let digits = BigUint::parse_bytes(all.as_bytes(), 10)?;
        let frac_len = i64::try_from(frac_digits.len()).ok()?;
        exp10 = exp10.checked_sub(frac_len)?;
        Some(Decimal { digits, exp10 })
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_zero()
    }

    /// The exact value, if its decimal exponent is within `±max_exponent`.
    pub fn to_rational(&self, max_exponent: i64) -> Option<num_rational::BigRational> {
        use num_bigint::BigInt;
        if self.digits.is_zero() {
            return Some(num_rational::BigRational::zero());
        }
        if self.exp10.abs() > max_exponent {
            return None;
        }
        let digits = BigInt::from(self.digits.clone());
        let scale = BigInt::from(pow10(self.exp10.unsigned_abs()));
        Some(if self.exp10 >= 0 {
            num_rational::BigRational::from_integer(digits * scale)
        } else {
            num_rational::BigRational::new(digits, scale)
        })
    }

    /// The exact integer value, if this is an integer below `2^max_bits`.
    /// `Ok(None)` when it has a fractional part.
    pub fn to_integer(&self, max_bits: u64) -> Result<Option<BigUint>, TooLarge> {
        if self.digits.is_zero() {
            return Ok(Some(BigUint::zero()));
        }
        if self.exp10 >= 0 {
            // 10^e > 2^e: an exponent past the bit limit is too large whatever the digits.
            let e = u64::try_from(self.exp10).map_err(|_| TooLarge)?;
            if e > max_bits {
                return Err(TooLarge);
            }
            let value = &self.digits * pow10(e);
            return if value.bits() > max_bits {
                Err(TooLarge)
            } else {
                Ok(Some(value))
            };
        }
        let shift = self.exp10.unsigned_abs();
        let digit_count = u64::try_from(self.digits.to_string().len()).unwrap_or(u64::MAX);
        if shift > digit_count {
            return Ok(None); // 0 < value < 1
        }
        let divisor = pow10(shift);
        if !(&self.digits % &divisor).is_zero() {
            return Ok(None);
        }
        let value = &self.digits / divisor;
        if value.bits() > max_bits {
            Err(TooLarge)
        } else {
            Ok(Some(value))
        }
    }

    /// `floor(self × factor)`, if it is below 2^64.
    pub fn times_floor(&self, factor: &BigUint) -> Option<BigUint> {
        if self.digits.is_zero() || factor.is_zero() {
            return Some(BigUint::zero());
        }
        let numerator = &self.digits * factor;
        let value = if self.exp10 >= 0 {
            let e = u64::try_from(self.exp10).ok()?;
            if e > 64 {
                return None;
            }
            numerator * pow10(e)
        } else {
            let shift = self.exp10.unsigned_abs();
            let digit_count = u64::try_from(numerator.to_string().len()).ok()?;
            if shift > digit_count {
                BigUint::zero()
            } else {
                numerator / pow10(shift)
            }
        };
        (value.bits() <= 64).then_some(value)
    }
}

/// Number text split at its point and its exponent mark (the first of `marks`): the digits
/// before the point, after it, and the exponent's text when there is one.
fn split_number(t: &str, marks: [char; 2]) -> (&str, &str, Option<&str>) {
    let (mantissa, exponent) = match t.find(marks) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let (int_part, frac_part) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, ""),
    };
    (int_part, frac_part, exponent)
}

/// A decimal exponent (`-3`, `+1_0`), saturated at ±2^62: an exponent that large is far beyond
/// any limit anyway.
fn parse_exponent(e: &str) -> Option<i64> {
    let (negative, digits) = match e.as_bytes().first() {
        Some(b'-') => (true, &e[1..]),
        Some(b'+') => (false, &e[1..]),
        _ => (false, e),
    };
    let digits = digits_with_underscores(digits)?;
    if digits.is_empty() {
        return None;
    }
    let magnitude = digits
        .parse::<i64>()
        .unwrap_or(i64::MAX / 2)
        .min(i64::MAX / 2);
    Some(if negative { -magnitude } else { magnitude })
}

fn pow10(e: u64) -> BigUint {
    let mut result = BigUint::one();
    let mut base = BigUint::from(10u8);
    let mut e = e;
    while e > 0 {
        if e & 1 == 1 {
            result *= &base;
        }
        e >>= 1;
        if e > 0 {
            base = &base * &base;
        }
    }
    result
}

/// Decimal text (`1_000.5e-3`) in parts: the digits before the point and after it (underscores
/// dropped), and the exponent's text after the `e`; `None` when the digits are malformed.
fn split_decimal(t: &str) -> Option<(String, String, Option<&str>)> {
    let (int_part, frac_part, exponent) = split_number(t, ['e', 'E']);
    Some((
        digits_with_underscores(int_part)?,
        digits_with_underscores(frac_part)?,
        exponent,
    ))
}

/// Digits, with single underscores allowed between them; returns the digits alone.
fn digits_with_underscores(s: &str) -> Option<String> {
    if s.starts_with('_') || s.ends_with('_') || s.contains("__") {
        return None;
    }
    if !s.bytes().all(|c| c.is_ascii_digit() || c == b'_') {
        return None;
    }
    Some(s.replace('_', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(s: &str) -> Option<u64> {
        let d = Decimal::parse(s)?;
        let v = d.to_integer(64).ok()??;
        u64::try_from(v).ok()
    }

    #[test]
    fn exact_integers() {
        for (text, want) in [
            ("1000", Some(1000)),
            ("1_000", Some(1000)),
            ("1e6", Some(1_000_000)),
            ("1.25e8", Some(125_000_000)),
            ("1.5", None),
            ("1e-3", None),
            ("100e-2", Some(1)),
            ("0.0", Some(0)),
        ] {
            assert_eq!(int(text), want, "int({text:?})");
        }
        assert!(Decimal::parse("1__0").is_none());
        assert!(Decimal::parse("_1").is_none());
        assert!(Decimal::parse("1e").is_none());
        assert!(Decimal::parse(".").is_none());
        assert!(Decimal::parse("abc").is_none());
        let huge = Decimal::parse("1e400");
        assert_eq!(huge.map(|d| d.to_integer(63)), Some(Err(TooLarge)));
        let absurd = Decimal::parse("1e99999999999999999999999");
        assert_eq!(absurd.map(|d| d.to_integer(63)), Some(Err(TooLarge)));
        let tiny = Decimal::parse("1e-99999999999999999999999");
        assert_eq!(tiny.map(|d| d.to_integer(63)), Some(Ok(None)));
    }
}
