//! Rounding exact values into float formats as numpy and ml_dtypes store them, and integer
//! wrap-around as numpy's `astype` does it.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::limits::FloatLimits;
use super::text::Text;
use super::{FloatFormat, Value};

/// Round a text value into a float format.
pub fn round_text(format: &FloatFormat, text: &Text) -> Value {
    match text {
        Text::Finite(r) => format.round(r),
        Text::NegativeZero => format.round(&BigRational::zero()).negated_zero(format),
        Text::Infinite { negative } => {
            if format.has_infinity() {
                Value::Infinite {
                    negative: *negative,
                }
            } else {
                let huge = format.max_value().to_rational() * BigRational::from_integer(4.into());
                format.round(&if *negative { -huge } else { huge })
            }
        }
        Text::NaN { negative } => Value::NaN {
            negative: *negative,
        },
        Text::Beyond { .. } => text
            .stand_in(format)
            .map_or(Value::NaN { negative: false }, |r| format.round(&r)),
    }
}

pub fn as_text(v: &Value) -> Text {
    match v {
        Value::Finite { .. } if v.is_zero() && v.is_negative() => Text::NegativeZero,
        Value::Finite { .. } => Text::Finite(v.to_rational()),
        Value::Infinite { negative } => Text::Infinite {
            negative: *negative,
        },
        Value::NaN { negative } => Text::NaN {
            negative: *negative,
        },
    }
}

/// `np.array([x]).astype(T)` for a value `x` of a wider format: numpy rounds once, correctly;
/// ml_dtypes goes through float32 first (so it can round twice) and has its own answers for
/// the special values its formats lack.
pub fn convert(x: &Value, limits: &FloatLimits) -> Value {
    convert_from(x, limits, true)
}

/// [`convert`], choosing whether ml_dtypes' path goes through float32.
pub fn convert_from(x: &Value, limits: &FloatLimits, through_single: bool) -> Value {
    use crate::number::Specials as S;
    use crate::number::limits::Convention;
    let format = &limits.format;
    if matches!(limits.convention, Convention::Numpy(_)) {
        return round_text(format, &as_text(x));
    }
    if x.is_zero() {
        // A zero keeps its sign where the target has one (fnuz formats do not; e8m0fnu has
        // no zero at all).
        return round_text(format, &as_text(x));
    }
    let single = match x {
        // float32 keeps a NaN's sign (the text route has no signed NaN).
        Value::NaN { negative } => Value::NaN {
            negative: *negative,
        },
        _ if !through_single => x.clone(),
        _ => round_text(&FloatFormat::SINGLE, &as_text(x)),
    };
    let negative = single.is_negative();
    if single.is_zero() {
        return round_text(format, &as_text(&single));
    }
    match (&single, format.specials) {
        (Value::NaN { .. }, S::FiniteOnly) => {
            // ml_dtypes' float6/float4 turn NaN into a zero of the opposite sign.
            Value::finite(!negative, num_bigint::BigUint::zero(), 0)
        }
        (Value::NaN { .. }, _) => Value::NaN { negative },
        (Value::Infinite { .. }, S::Ieee) => single.clone(),
        (Value::Infinite { .. }, S::FiniteOnly) => {
            let max = format.max_value();
            if negative { max.negated() } else { max }
        }
        (Value::Infinite { .. }, _) => Value::NaN { negative },
        (Value::Finite { .. }, S::ExponentOnly) => {
            let y = single.to_rational();
            if y <= BigRational::zero() {
                return Value::NaN { negative: false };
            }
            // ml_dtypes reads a float32 subnormal above 2^-127 as 2^-126.
            let two_127 = crate::number::float::pow2(-127);
            let two_126 = crate::number::float::pow2(-126);
            if y > two_127 && y < two_126 {
                return Value::from_rational(&two_126);
            }
            format.round(&y)
        }
        (Value::Finite { .. }, _) => {
            let v = format.round(&single.to_rational());
            match v {
                // e4m3fn overflows to a NaN that keeps the sign.
                Value::NaN { .. } => Value::NaN { negative },
                other => other,
            }
        }
    }
}

/// Two's-complement wrap of `n` into `bits` bits, as numpy's `astype` does.
pub fn wrap(n: &BigInt, bits: u32, signed: bool) -> BigInt {
    let modulus = BigInt::one() << bits;
    let mut r = ((n % &modulus) + &modulus) % &modulus;
    if signed && r >= (&modulus >> 1usize) {
        r -= &modulus;
    }
    r
}
