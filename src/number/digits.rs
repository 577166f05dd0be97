//! Decimal digits of exact binary values: the shortest digits that identify a value within
//! its format (numpy's Dragon4 "unique" mode), and correctly rounded fixed-precision digits
//! (what C's `printf("%.*e")` and Python's `'%e' %` give).

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{One, Zero};

/// Decimal digits `d1 d2 … dn` and the decimal exponent of `d1`: the value is
/// `d1.d2…dn × 10^exponent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digits {
    pub digits: Vec<u8>,
    pub exponent: i64,
}

fn pow10(n: u64) -> BigUint {
    BigUint::from(10u8).pow(u32::try_from(n).unwrap_or(u32::MAX))
}

fn shift(n: &BigUint, e: i64) -> BigUint {
    n << usize::try_from(e).unwrap_or(0)
}

/// The shortest digits that round back to `significand × 2^exponent` in its format, the way
/// numpy's Dragon4 finds them (Steele & White's free-format algorithm): digits are generated
/// until the remainder is within the rounding interval, whose ends count when the significand
/// is even (round-half-even reading); the last digit is then rounded to the nearer of the two
/// candidates (ties to an even digit). `unequal_margins` marks a significand at the bottom of a
/// binade, whose lower neighbour is half as far away.
pub fn shortest(significand: &BigUint, exponent: i64, unequal_margins: bool) -> Digits {
    if significand.is_zero() {
        return Digits {
            digits: vec![0],
            exponent: 0,
        };
    }
    let is_even = significand.is_even();
    // value = r / s; the rounding interval is [value - m_low / s, value + m_high / s].
    let (mut r, mut s, mut m_low, mut m_high);
    let k = if unequal_margins { 2 } else { 1 };
    if exponent >= 0 {
        r = shift(significand, exponent + k);
        s = BigUint::from(1u8) << usize::try_from(k).unwrap_or(1);
        m_low = shift(&BigUint::one(), exponent);
        m_high = if unequal_margins {
            shift(&BigUint::one(), exponent + 1)
        } else {
            m_low.clone()
        };
    } else {
        r = shift(significand, k);
        s = shift(&BigUint::one(), -exponent + k);
        m_low = BigUint::one();
        m_high = if unequal_margins {
            BigUint::from(2u8)
        } else {
            BigUint::one()
        };
    }
    // Scale so that 0.1 <= r / s < 1: k10 = floor(log10(value)) + 1.
    let k10 = decimal_exponent(&r, &s);
    if k10 >= 0 {
        s *= pow10(k10.unsigned_abs());
    } else {
        let p = pow10(k10.unsigned_abs());
        r *= &p;
        m_low *= &p;
        m_high *= &p;
    }
    let first_exponent = k10 - 1;
    let mut digits = Vec::new();
    let (mut low, mut high);
    let mut digit;
    loop {
        r *= 10u8;
        m_low *= 10u8;
        m_high *= 10u8;
        let (q, rem) = r.div_rem(&s);
        digit = q.to_u8_lossy();
        r = rem;
        low = if is_even { r <= m_low } else { r < m_low };
        let upper = &r + &m_high;
        high = if is_even { upper >= s } else { upper > s };
        if low || high {
            break;
        }
        digits.push(digit);
    }
    let round_down = if low == high {
        let twice = &r * 2u8;
        match twice.cmp(&s) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => digit % 2 == 0,
        }
    } else {
        low
    };
    let mut exponent10 = first_exponent;
    if round_down {
        digits.push(digit);
    } else {
        exponent10 += round_up(&mut digits, digit);
    }
    Digits {
        digits,
        exponent: exponent10,
    }
}

/// Push `digit + 1`, carrying through nines; returns 1 when the carry adds a leading digit.
fn round_up(digits: &mut Vec<u8>, digit: u8) -> i64 {
    if digit < 9 {
        digits.push(digit + 1);
        return 0;
    }
    while let Some(last) = digits.pop() {
        if last < 9 {
            digits.push(last + 1);
            return 0;
        }
    }
    digits.push(1);
    1
}

trait LossyU8 {
    fn to_u8_lossy(&self) -> u8;
}

impl LossyU8 for BigUint {
    fn to_u8_lossy(&self) -> u8 {
        self.to_u32_digits().first().copied().unwrap_or(0).min(9) as u8
    }
}

/// `r / s` divided by `10^k`, as a numerator and denominator.
fn scaled(r: &BigUint, s: &BigUint, k: i64) -> (BigUint, BigUint) {
    if k >= 0 {
        (r.clone(), s * pow10(k.unsigned_abs()))
    } else {
        (r * pow10(k.unsigned_abs()), s.clone())
    }
}

/// `floor(log10(r / s)) + 1` for `r / s > 0`: the `k` with `10^(k-1) <= r/s < 10^k`.
fn decimal_exponent(r: &BigUint, s: &BigUint) -> i64 {
    let mut k = estimate_log10(r, s);
    loop {
        let (num, den) = scaled(r, s, k);
        if num >= den {
            k += 1;
        } else if num * 10u8 < den {
            k -= 1;
        } else {
            return k;
        }
    }
}

/// An estimate of `floor(log10(r / s)) + 1`, off by at most one or two.
fn estimate_log10(r: &BigUint, s: &BigUint) -> i64 {
    let bits = i64::try_from(r.bits()).unwrap_or(0) - i64::try_from(s.bits()).unwrap_or(0);
    // log10(2) ≈ 0.30103; integer arithmetic keeps this exact enough for a first guess.
    (bits * 30103).div_euclid(100_000) + 1
}

/// `value = numerator / denominator` (> 0) rounded to `significant` digits, ties to even,
/// as a correctly rounded `printf` does.
pub fn fixed(numerator: &BigUint, denominator: &BigUint, significant: u32) -> Digits {
    if numerator.is_zero() {
        return Digits {
            digits: vec![0; significant.max(1) as usize],
            exponent: 0,
        };
    }
    let k10 = decimal_exponent(numerator, denominator);
    // digits = round(value × 10^(significant - k10)).
    let e = i64::from(significant) - k10;
    let (num, den) = scaled(numerator, denominator, -e);
    let mut n =
        super::float::round_half_even(&num_rational::BigRational::new(num.into(), den.into()));
    let mut exponent = k10 - 1;
    if n == pow10(u64::from(significant)) {
        n = pow10(u64::from(significant.saturating_sub(1)));
        exponent += 1;
    }
    let text = n.to_string();
    Digits {
        digits: text.bytes().map(|b| b - b'0').collect(),
        exponent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(d: &Digits) -> String {
        let digits: String = d.digits.iter().map(|x| char::from(b'0' + x)).collect();
        format!("{digits}e{}", d.exponent)
    }

    #[test]
    fn shortest_doubles() {
        // 0.1 as a double: 3602879701896397 × 2^-55.
        let d = shortest(&BigUint::from(3602879701896397u64), -55, false);
        assert_eq!(s(&d), "1e-1");
        // 1.0 (unequal margins: 2^52 × 2^-52).
        assert_eq!(s(&shortest(&(BigUint::one() << 52usize), -52, true)), "1e0");
        // float16 65504 = 2047 × 2^5: shortest in half precision is 6.55e4.
        assert_eq!(s(&shortest(&BigUint::from(2047u32), 5, false)), "655e4");
        // 5e-324, the smallest double subnormal.
        assert_eq!(s(&shortest(&BigUint::one(), -1074, false)), "5e-324");
    }

    #[test]
    fn fixed_precision() {
        let d = fixed(&BigUint::from(65504u32), &BigUint::one(), 6);
        assert_eq!(s(&d), "655040e4");
        // 0.125 to 2 digits: a tie, to even.
        let d = fixed(&BigUint::one(), &BigUint::from(8u8), 2);
        assert_eq!(s(&d), "12e-1");
        let d = fixed(&BigUint::from(999_999u32), &BigUint::one(), 3);
        assert_eq!(s(&d), "100e6");
    }
}
