//! Binary floating-point formats described by their parameters, and exact values in them.
//!
//! A format is a handful of numbers — exponent bits, mantissa bits, bias, whether the leading
//! significand bit is stored, and how it spends its special encodings. Everything else (its
//! largest value, its epsilon, how a rational rounds into it, what an encoding is worth)
//! follows from those parameters here; nothing is looked up in a table of results.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// How a format spends its special encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Specials {
    /// IEEE 754: the all-ones exponent holds infinities (zero fraction) and NaNs.
    Ieee,
    /// `fn` with a NaN: no infinities; NaN only at all-ones exponent and fraction
    /// (float8_e4m3fn), so the all-ones exponent otherwise holds numbers.
    FiniteNanAllOnes,
    /// `fn` without any special value: every encoding is a number (float6_*, float4_e2m1fn).
    FiniteOnly,
    /// `fnuz`: no infinities, no negative zero; NaN at the negative-zero pattern (0x80).
    Fnuz,
    /// `e8m0fnu`: unsigned, exponent only (every value a power of two), no zero; NaN at all ones.
    ExponentOnly,
}

/// A binary floating-point format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloatFormat {
    pub name: &'static str,
    pub exponent_bits: u32,
    /// Stored fraction bits (the x87 extended format stores 63 of them after an explicit
    /// integer bit).
    pub mantissa_bits: u32,
    pub bias: i64,
    /// The leading significand bit is stored (x87 80-bit extended).
    pub explicit_integer_bit: bool,
    pub specials: Specials,
    /// Bytes a value takes in memory (x87 extended: 16 on x86-64 Linux, of which 10 are used).
    pub storage_bytes: u32,
}

impl FloatFormat {
    pub const fn ieee(
        name: &'static str,
        exponent_bits: u32,
        mantissa_bits: u32,
        storage_bytes: u32,
    ) -> FloatFormat {
        FloatFormat {
            name,
            exponent_bits,
            mantissa_bits,
            bias: (1 << (exponent_bits - 1)) - 1,
            explicit_integer_bit: false,
            specials: Specials::Ieee,
            storage_bytes,
        }
    }

    pub const HALF: FloatFormat = FloatFormat::ieee("float16", 5, 10, 2);
    pub const SINGLE: FloatFormat = FloatFormat::ieee("float32", 8, 23, 4);
    pub const DOUBLE: FloatFormat = FloatFormat::ieee("float64", 11, 52, 8);
    pub const BINARY128: FloatFormat = FloatFormat::ieee("float128", 15, 112, 16);
    /// x87 80-bit extended precision, as `long double` on x86-64 Linux (16 bytes in memory).
    pub const X87_EXTENDED: FloatFormat = FloatFormat {
        name: "float128",
        exponent_bits: 15,
        mantissa_bits: 63,
        bias: 16383,
        explicit_integer_bit: true,
        specials: Specials::Ieee,
        storage_bytes: 16,
    };

    /// Bits of the encoding (sign, exponent, stored significand).
    pub fn encoding_bits(&self) -> u32 {
        let sign = u32::from(self.specials != Specials::ExponentOnly);
        sign + self.exponent_bits + self.mantissa_bits + u32::from(self.explicit_integer_bit)
    }

    /// Significand precision in bits, the leading bit included.
    pub fn precision_bits(&self) -> u32 {
        self.mantissa_bits + 1
    }

    pub fn is_signed(&self) -> bool {
        self.specials != Specials::ExponentOnly
    }

    pub fn has_infinity(&self) -> bool {
        self.specials == Specials::Ieee
    }

    pub fn has_nan(&self) -> bool {
        self.specials != Specials::FiniteOnly
    }

    /// Every format has a zero but `e8m0fnu`, whose values are all powers of two.
    pub fn has_zero(&self) -> bool {
        self.specials != Specials::ExponentOnly
    }

    pub fn has_negative_zero(&self) -> bool {
        matches!(
            self.specials,
            Specials::Ieee | Specials::FiniteNanAllOnes | Specials::FiniteOnly
        )
    }

    fn max_exponent_field(&self) -> i64 {
        (1i64 << self.exponent_bits) - 1
    }

    /// The exponent of the smallest normal number (numpy's `minexp`).
    pub fn min_exponent(&self) -> i64 {
        match self.specials {
            // Every exponent field, zero included, is a power of two.
            Specials::ExponentOnly => -self.bias,
            _ => 1 - self.bias,
        }
    }

    /// The exponent of the largest finite number (numpy's `maxexp` is one more).
    pub fn max_exponent(&self) -> i64 {
        let top = match self.specials {
            Specials::Ieee | Specials::ExponentOnly => self.max_exponent_field() - 1,
            Specials::FiniteNanAllOnes | Specials::FiniteOnly | Specials::Fnuz => {
                self.max_exponent_field()
            }
        };
        top - self.bias
    }

    /// The largest finite value, as a significand and a power of two.
    pub fn max_value(&self) -> Value {
        let m = self.mantissa_bits;
        let all_ones = (BigUint::one() << (m + 1)) - 1u8;
        let significand = match self.specials {
            Specials::ExponentOnly => BigUint::one(),
            // The all-ones fraction at the top exponent is the NaN.
            Specials::FiniteNanAllOnes => all_ones - 1u8,
            _ => all_ones,
        };
        Value::finite(false, significand, self.max_exponent() - i64::from(m))
    }

    /// `min`: the most negative finite value (for an unsigned format, the smallest positive).
    pub fn min_value(&self) -> Value {
        if self.is_signed() {
            self.max_value().negated()
        } else {
            self.smallest_normal()
        }
    }

    pub fn smallest_normal(&self) -> Value {
        Value::finite(false, BigUint::one(), self.min_exponent())
    }

    pub fn smallest_subnormal(&self) -> Value {
        match self.specials {
            Specials::ExponentOnly => self.smallest_normal(),
            _ => Value::finite(
                false,
                BigUint::one(),
                self.min_exponent() - i64::from(self.mantissa_bits),
            ),
        }
    }

    /// The gap between 1 and the next larger value.
    pub fn eps(&self) -> Value {
        self.next_up(&Value::one()).minus_one()
    }

    /// The gap between 1 and the next smaller value.
    pub fn epsneg(&self) -> Value {
        Value::one().minus(&self.next_down_from_one())
    }

    fn next_up(&self, v: &Value) -> Value {
        // Only used on positive normal values below the maximum.
        let exact = v.to_rational();
        let quantum = self.quantum_at(&exact);
        Value::from_rational(&(exact + quantum))
    }

    fn next_down_from_one(&self) -> Value {
        // The largest value below 1: one quantum below, where the quantum is that of the
        // binade just under 1 (or the subnormal spacing when 1 is the smallest normal).
        let below = BigRational::new(BigInt::one(), BigInt::from(2u8));
        let quantum = self.quantum_at(&below);
        Value::from_rational(&(BigRational::one() - quantum))
    }

    /// The spacing of representable values in the binade holding `x` (> 0).
    pub fn quantum_at(&self, x: &BigRational) -> BigRational {
        let e = floor_log2(x).max(self.min_exponent());
        let step = match self.specials {
            Specials::ExponentOnly => e,
            _ => e - i64::from(self.mantissa_bits),
        };
        pow2(step)
    }

    /// Round an exact rational into this format, to nearest with ties to even, the way a
    /// correctly rounded conversion does. Values past the largest finite become infinity
    /// (IEEE) or NaN (formats without infinity); `FiniteOnly` formats saturate.
    pub fn round(&self, x: &BigRational) -> Value {
        let negative = x.is_negative();
        let magnitude = x.abs();
        if magnitude.is_zero() {
            // No zero in an exponent-only format: ml_dtypes gives NaN.
            if self.specials == Specials::ExponentOnly {
                return Value::NaN { negative: false };
            }
            return self.zero(negative);
        }
        let quantum = self.quantum_at(&magnitude);
        let scaled = &magnitude / &quantum;
        let n = round_half_even(&scaled);
        if n.is_zero() {
            return match self.specials {
                // No zero: the smallest value is the nearest it gets.
                Specials::ExponentOnly => self.smallest_normal(),
                _ => self.zero(negative),
            };
        }
        let (quantum_num, quantum_exp) = (BigUint::one(), floor_log2(&quantum));
        let value = Value::finite(negative, n * quantum_num, quantum_exp);
        if value.magnitude_rational() > self.max_value().to_rational() {
            return match self.specials {
                Specials::Ieee => Value::Infinite { negative },
                Specials::FiniteOnly => {
                    let max = self.max_value();
                    if negative { max.negated() } else { max }
                }
                _ => Value::NaN { negative: false },
            };
        }
        if negative && !self.is_signed() {
            return Value::NaN { negative: false };
        }
        value
    }

    pub fn zero(&self, negative: bool) -> Value {
        Value::finite(negative && self.has_negative_zero(), BigUint::zero(), 0)
    }

    /// The value of an encoding (the low `encoding_bits` of `bits`).
    pub fn decode(&self, bits: u128) -> Value {
        let m = self.mantissa_bits;
        let stored = m + u32::from(self.explicit_integer_bit);
        let fraction_mask = (1u128 << m) - 1;
        let fraction = bits & fraction_mask;
        let significand_field = bits & ((1u128 << stored) - 1);
        let exponent_field = i64::try_from((bits >> stored) & ((1u128 << self.exponent_bits) - 1))
            .unwrap_or_default();
        let negative = self.is_signed() && (bits >> (stored + self.exponent_bits)) & 1 == 1;
        let all_ones = self.max_exponent_field();
        match self.specials {
            Specials::ExponentOnly => {
                if exponent_field == all_ones {
                    return Value::NaN { negative: false };
                }
                return Value::finite(false, BigUint::one(), exponent_field - self.bias);
            }
            Specials::Ieee if exponent_field == all_ones => {
                let payload = if self.explicit_integer_bit {
                    significand_field & fraction_mask
                } else {
                    fraction
                };
                return if payload == 0 {
                    Value::Infinite { negative }
                } else {
                    Value::NaN { negative }
                };
            }
            Specials::FiniteNanAllOnes
                if exponent_field == all_ones && fraction == fraction_mask =>
            {
                return Value::NaN { negative };
            }
            Specials::Fnuz if negative && exponent_field == 0 && fraction == 0 => {
                return Value::NaN { negative: false };
            }
            _ => {}
        }
        let (significand, exponent) = if self.explicit_integer_bit {
            // x87: the integer bit is stored; an exponent of zero means 1 - bias.
            let integer_bit = (significand_field >> m) & 1 == 1;
            if exponent_field != 0 && !integer_bit {
                // An "unnormal": invalid on any x87 since the 387.
                return Value::NaN { negative };
            }
            (significand_field, exponent_field.max(1) - self.bias)
        } else if exponent_field == 0 {
            (fraction, 1 - self.bias)
        } else {
            (fraction | (1u128 << m), exponent_field - self.bias)
        };
        Value::finite(
            negative,
            BigUint::from(significand),
            exponent - i64::from(m),
        )
    }

    /// The encoding of a value of this format (`None` for values it cannot hold exactly).
    pub fn encode(&self, v: &Value) -> Option<u128> {
        let stored = self.mantissa_bits + u32::from(self.explicit_integer_bit);
        let sign_shift = stored + self.exponent_bits;
        match v {
            Value::NaN { .. } => {
                let all = (1u128 << self.encoding_bits()) - 1;
                Some(match self.specials {
                    Specials::Fnuz => 1u128 << sign_shift,
                    Specials::FiniteOnly => return None,
                    Specials::ExponentOnly => all,
                    Specials::FiniteNanAllOnes => all >> 1,
                    Specials::Ieee => {
                        let exp = ((1u128 << self.exponent_bits) - 1) << stored;
                        let quiet = 1u128 << (self.mantissa_bits - 1);
                        let integer = u128::from(self.explicit_integer_bit) << self.mantissa_bits;
                        exp | quiet | integer
                    }
                })
            }
            Value::Infinite { negative } => self.has_infinity().then(|| {
                (u128::from(*negative) << sign_shift)
                    | (((1u128 << self.exponent_bits) - 1) << stored)
                    | (u128::from(self.explicit_integer_bit) << self.mantissa_bits)
            }),
            Value::Finite { .. } => {
                if self.round(&v.to_rational()) != *v && !(v.is_zero() && self.is_signed()) {
                    return None;
                }
                // Search by construction: find the exponent field and significand.
                let negative = v.is_negative();
                let sign = u128::from(negative && self.is_signed()) << sign_shift;
                if v.is_zero() {
                    return Some(if self.has_negative_zero() { sign } else { 0 });
                }
                let x = v.magnitude_rational();
                let e = floor_log2(&x);
                let m = i64::from(self.mantissa_bits);
                if self.specials == Specials::ExponentOnly {
                    return u128::try_from(e + self.bias).ok().map(|f| f << stored);
                }
                let (field, significand) = if e < self.min_exponent() {
                    let s = &x / pow2(self.min_exponent() - m);
                    (0i64, s.to_integer())
                } else {
                    let s = &x / pow2(e - m);
                    (e + self.bias, s.to_integer())
                };
                let mut significand = significand.to_u128()?;
                if !self.explicit_integer_bit {
                    significand &= (1u128 << self.mantissa_bits) - 1;
                }
                let field = u128::try_from(field).ok()?;
                Some(sign | (field << stored) | significand)
            }
        }
    }
}

/// A value of some format: finite (`significand × 2^exponent`), infinite, or NaN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Finite {
        negative: bool,
        significand: BigUint,
        exponent: i64,
    },
    Infinite {
        negative: bool,
    },
    NaN {
        negative: bool,
    },
}

impl Value {
    pub fn finite(negative: bool, significand: BigUint, exponent: i64) -> Value {
        Value::Finite {
            negative,
            significand,
            exponent,
        }
    }

    pub fn one() -> Value {
        Value::finite(false, BigUint::one(), 0)
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, Value::Finite { significand, .. } if significand.is_zero())
    }

    /// This zero made negative, where the format has a negative zero (for `-0` input).
    pub fn negated_zero(self, format: &FloatFormat) -> Value {
        if self.is_zero() && format.has_negative_zero() {
            format.zero(true)
        } else {
            self
        }
    }

    pub fn is_negative(&self) -> bool {
        match self {
            Value::Finite { negative, .. }
            | Value::Infinite { negative }
            | Value::NaN { negative } => *negative,
        }
    }

    pub fn negated(&self) -> Value {
        match self.clone() {
            Value::Finite {
                negative,
                significand,
                exponent,
            } => Value::finite(!negative, significand, exponent),
            Value::Infinite { negative } => Value::Infinite {
                negative: !negative,
            },
            Value::NaN { negative } => Value::NaN {
                negative: !negative,
            },
        }
    }

    /// The exact value (zero for non-finite values; callers check first).
    pub fn to_rational(&self) -> BigRational {
        match self {
            Value::Finite {
                negative,
                significand,
                exponent,
            } => {
                let r =
                    BigRational::from_integer(BigInt::from(significand.clone())) * pow2(*exponent);
                if *negative { -r } else { r }
            }
            _ => BigRational::zero(),
        }
    }

    pub fn magnitude_rational(&self) -> BigRational {
        self.to_rational().abs()
    }

    /// A finite value from an exact dyadic rational (panics never: non-dyadic input is
    /// rounded down to the nearest multiple of its denominator's power of two).
    pub fn from_rational(x: &BigRational) -> Value {
        let negative = x.is_negative();
        let x = x.abs();
        if x.is_zero() {
            return Value::finite(negative, BigUint::zero(), 0);
        }
        let denom_twos = x.denom().trailing_zeros().unwrap_or(0);
        let exponent = -i64::try_from(denom_twos).unwrap_or(0);
        let scaled = (&x * pow2(-exponent)).to_integer();
        let significand = scaled.magnitude().clone();
        Value::finite(negative, significand, exponent).normalized()
    }

    /// The same value with the significand's trailing zero bits moved into the exponent.
    pub fn normalized(self) -> Value {
        match self {
            Value::Finite {
                negative,
                significand,
                exponent,
            } if !significand.is_zero() => {
                let tz = significand.trailing_zeros().unwrap_or(0);
                let shift = i64::try_from(tz).unwrap_or(0);
                Value::finite(negative, significand >> tz, exponent + shift)
            }
            other => other,
        }
    }

    fn minus_one(&self) -> Value {
        Value::from_rational(&(self.to_rational() - BigRational::one()))
    }

    fn minus(&self, other: &Value) -> Value {
        Value::from_rational(&(self.to_rational() - other.to_rational()))
    }

    /// `log2` of a positive power of two.
    pub fn log2_exact(&self) -> Option<i64> {
        match self.clone().normalized() {
            Value::Finite {
                significand,
                exponent,
                ..
            } if significand.is_one() => Some(exponent),
            _ => None,
        }
    }

    /// The exact value as a reduced fraction `p/q` (`-p/q` when negative).
    pub fn fraction(&self) -> Option<String> {
        matches!(self, Value::Finite { .. }).then(|| {
            let r = self.to_rational();
            let sign = if self.is_negative() && !r.is_zero() {
                "-"
            } else {
                ""
            };
            format!("{sign}{}/{}", r.numer().magnitude(), r.denom())
        })
    }
}

/// `2^e` as a rational.
pub fn pow2(e: i64) -> BigRational {
    let shift = usize::try_from(e.unsigned_abs()).unwrap_or(usize::MAX);
    let p = BigInt::one() << shift;
    if e >= 0 {
        BigRational::from_integer(p)
    } else {
        BigRational::new(BigInt::one(), p)
    }
}

/// `floor(log2(x))` for `x > 0`.
pub fn floor_log2(x: &BigRational) -> i64 {
    let n = i64::try_from(x.numer().bits()).unwrap_or(i64::MAX);
    let d = i64::try_from(x.denom().bits()).unwrap_or(i64::MAX);
    // 2^(n-1) <= num < 2^n and 2^(d-1) <= den < 2^d, so log2(x) is in (n-1-d, n-d+1).
    let guess = n - d;
    if x >= &pow2(guess) { guess } else { guess - 1 }
}

/// Round a non-negative rational to the nearest integer, ties to even.
pub fn round_half_even(x: &BigRational) -> BigUint {
    let (q, r) = x.numer().div_rem(x.denom());
    let twice: BigInt = &r * BigInt::from(2u8);
    let q = q.magnitude().clone();
    match twice.cmp(x.denom()) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1u8,
        std::cmp::Ordering::Equal => {
            if q.is_even() {
                q
            } else {
                q + 1u8
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn ieee_limits_follow_from_parameters() {
        let h = FloatFormat::HALF;
        assert_eq!(h.max_value().to_rational(), r(65504, 1));
        assert_eq!(h.eps().to_rational(), r(1, 1024));
        assert_eq!(h.epsneg().to_rational(), r(1, 2048));
        assert_eq!(h.smallest_normal().to_rational(), r(1, 16384));
        assert_eq!(h.smallest_subnormal().to_rational(), pow2(-24));
        let x = FloatFormat::X87_EXTENDED;
        assert_eq!(x.eps().to_rational(), pow2(-63));
        assert_eq!(x.smallest_subnormal().to_rational(), pow2(-16445));
    }

    #[test]
    fn rounding_is_to_nearest_even() {
        let h = FloatFormat::HALF;
        assert_eq!(h.round(&r(2049, 1)).to_rational(), r(2048, 1));
        assert_eq!(h.round(&r(2051, 1)).to_rational(), r(2052, 1));
        assert_eq!(h.round(&r(65520, 1)), Value::Infinite { negative: false });
        assert_eq!(h.round(&r(65519, 1)).to_rational(), r(65504, 1));
        assert!(h.round(&pow2(-26)).is_zero());
        assert_eq!(h.round(&(pow2(-25) + pow2(-40))).to_rational(), pow2(-24));
    }

    #[test]
    fn decode_and_encode_round_trip_every_half() {
        let h = FloatFormat::HALF;
        for bits in 0u128..=0xffff {
            let v = h.decode(bits);
            match &v {
                Value::NaN { .. } => {}
                _ => assert_eq!(h.encode(&v), Some(bits), "{bits:#06x} {v:?}"),
            }
        }
        assert_eq!(h.decode(0x3c00).to_rational(), r(1, 1));
        assert_eq!(h.decode(0x7bff).to_rational(), r(65504, 1));
        assert_eq!(h.decode(0x0001).to_rational(), pow2(-24));
    }
}
