//! Numbers written the way numpy, Python and ml_dtypes write them.
//!
//! - [`numpy_str`]: `str()` of a numpy float scalar: Dragon4's shortest digits, positional
//!   between 1e-4 and a per-type cutoff (1e3 for float16, 1e6 for float32, 1e16 for float64
//!   and longdouble), scientific outside it.
//! - [`percent_e`]: Python's `'%.*e' % x` (correctly rounded, ties to even).
//! - [`cpp_general`]: `%g` with six significant digits, which ml_dtypes scalars print with.

use num_bigint::BigUint;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use super::digits::{self, Digits};
use super::float::{FloatFormat, Value, floor_log2, pow2};

/// The numpy scalar types, which differ in where they switch to scientific notation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumpyScalar {
    Half,
    Single,
    Double,
    LongDouble,
}

impl NumpyScalar {
    /// numpy's `max_positional` for the type (numpy 2.x, non-legacy printing).
    fn max_positional(self) -> BigRational {
        let ten = BigRational::from_integer(10.into());
        match self {
            NumpyScalar::Half => ten.pow(3),
            NumpyScalar::Single => ten.pow(6),
            NumpyScalar::Double | NumpyScalar::LongDouble => ten.pow(16),
        }
    }
}

/// The shortest digits of a finite value in `format`, as numpy's Dragon4 computes them.
pub fn shortest_digits(format: &FloatFormat, value: &Value) -> Digits {
    let x = value.magnitude_rational();
    if x.is_zero() {
        return Digits {
            digits: vec![0],
            exponent: 0,
        };
    }
    let m = i64::from(format.mantissa_bits);
    let e = floor_log2(&x);
    let min = format.min_exponent();
    let (exponent, unequal) = if e >= min {
        let significand = (&x / pow2(e - m)).to_integer();
        let at_binade_bottom = significand == (num_bigint::BigInt::from(1u8) << m);
        (e - m, at_binade_bottom && e > min)
    } else {
        (min - m, false)
    };
    let significand = (&x / pow2(exponent)).to_integer();
    let significand: BigUint = significand.magnitude().clone();
    digits::shortest(&significand, exponent, unequal)
}

/// `str()` of a numpy float scalar of `scalar` type holding `value` in `format`.
/// `long_double` is the platform's long double format: numpy compares against the
/// long-double constant `1e-4L` when choosing notation.
pub fn numpy_str(
    scalar: NumpyScalar,
    format: &FloatFormat,
    long_double: &FloatFormat,
    value: &Value,
) -> String {
    float_str(scalar, format, long_double, value, true)
}

/// `str()` of a numpy complex scalar whose parts are `scalar` values in `format`: each part as
/// a float prints, without a trailing `.0`; `(re+imj)`, or `imj` alone when the real part is
/// +0; a NaN imaginary part is `+nan` whatever its sign.
pub fn numpy_complex_str(
    scalar: NumpyScalar,
    format: &FloatFormat,
    long_double: &FloatFormat,
    real: &Value,
    imag: &Value,
) -> String {
    let part = |v: &Value| float_str(scalar, format, long_double, v, false);
    if real.is_zero() && !real.is_negative() {
        return format!("{}j", part(imag));
    }
    let im = match imag {
        Value::NaN { .. } => "+nan".to_string(),
        v if v.is_negative() => part(v),
        v => format!("+{}", part(v)),
    };
    format!("({}{im}j)", part(real))
}

fn float_str(
    scalar: NumpyScalar,
    format: &FloatFormat,
    long_double: &FloatFormat,
    value: &Value,
    keep_zero: bool,
) -> String {
    let negative = value.is_negative();
    match value {
        Value::NaN { .. } => return "nan".to_string(),
        Value::Infinite { .. } => return if negative { "-inf" } else { "inf" }.to_string(),
        Value::Finite { .. } => {}
    }
    let x = value.magnitude_rational();
    let low = BigRational::new(1.into(), 10_000.into());
    // float16 compares in C float/double, the others against the long double constant.
    let low = match scalar {
        NumpyScalar::Half => FloatFormat::DOUBLE.round(&low).to_rational(),
        _ => long_double.round(&low).to_rational(),
    };
    let positional = x.is_zero() || (x < scalar.max_positional() && x >= low);
    let d = shortest_digits(format, value);
    let body = if positional {
        positional_text(&d, keep_zero)
    } else {
        scientific_text(&d, 2)
    };
    if negative { format!("-{body}") } else { body }
}

/// Python's `repr()` of a float, which is numpy's `str()` of a float64 (`1e-05`, `0.0001`,
/// `2.0`, `1e+16`): the shortest digits, ties to even.
pub fn python_float_repr(x: f64) -> String {
    let double = FloatFormat::DOUBLE;
    numpy_str(
        NumpyScalar::Double,
        &double,
        &double,
        &double.decode(u128::from(x.to_bits())),
    )
}

/// `d.ddd` placed by its exponent; `.0` is added to integers when `keep_zero`.
fn positional_text(d: &Digits, keep_zero: bool) -> String {
    let digits: String = d.digits.iter().map(|x| char::from(b'0' + x)).collect();
    let n = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let (int, frac) = if d.exponent >= 0 {
        let int_len = d.exponent + 1;
        if n <= int_len {
            let zeros = usize::try_from(int_len - n).unwrap_or(0);
            (format!("{digits}{}", "0".repeat(zeros)), String::new())
        } else {
            let split = usize::try_from(int_len).unwrap_or(0);
            (digits[..split].to_string(), digits[split..].to_string())
        }
    } else {
        let zeros = usize::try_from(-d.exponent - 1).unwrap_or(0);
        ("0".to_string(), format!("{}{digits}", "0".repeat(zeros)))
    };
    if frac.is_empty() {
        if keep_zero { format!("{int}.0") } else { int }
    } else {
        format!("{int}.{frac}")
    }
}

/// `d.ddde+XX`, the decimal point dropped when there is one digit; at least `exp_digits`
/// exponent digits.
fn scientific_text(d: &Digits, exp_digits: usize) -> String {
    let digits: String = d.digits.iter().map(|x| char::from(b'0' + x)).collect();
    let mantissa = if digits.len() > 1 {
        format!("{}.{}", &digits[..1], &digits[1..])
    } else {
        digits
    };
    let sign = if d.exponent < 0 { '-' } else { '+' };
    format!(
        "{mantissa}e{sign}{:0>width$}",
        d.exponent.unsigned_abs(),
        width = exp_digits
    )
}

fn fraction_parts(x: &BigRational) -> (BigUint, BigUint) {
    (x.numer().magnitude().clone(), x.denom().magnitude().clone())
}

/// Python's `'%.{decimals}e' % x` of a value's exact binary value.
pub fn percent_e(value: &Value, decimals: u32) -> String {
    match value {
        Value::NaN { .. } => return "nan".to_string(),
        Value::Infinite { negative } => return if *negative { "-inf" } else { "inf" }.to_string(),
        Value::Finite { .. } => {}
    }
    let (n, d) = fraction_parts(&value.magnitude_rational());
    let digits = digits::fixed(&n, &d, decimals + 1);
    let text = {
        let all: String = digits.digits.iter().map(|x| char::from(b'0' + x)).collect();
        let mantissa = if decimals > 0 {
            format!("{}.{}", &all[..1], &all[1..])
        } else {
            all
        };
        let exponent = if value.is_zero() { 0 } else { digits.exponent };
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
    };
    if value.is_negative() {
        format!("-{text}")
    } else {
        text
    }
}

/// `'%g' % float(x)`: six significant digits, trailing zeros dropped, as ml_dtypes prints its
/// scalars (a NaN prints `nan` whatever its sign).
pub fn cpp_general(value: &Value) -> String {
    const P: i64 = 6;
    let negative = value.is_negative();
    let sign = if negative { "-" } else { "" };
    match value {
        Value::NaN { .. } => return "nan".to_string(),
        Value::Infinite { .. } => return format!("{sign}inf"),
        Value::Finite { .. } => {}
    }
    if value.is_zero() {
        return format!("{sign}0");
    }
    let (n, d) = fraction_parts(&value.magnitude_rational());
    let digits = digits::fixed(&n, &d, 6);
    let x = digits.exponent;
    let text = if !(-4..P).contains(&x) {
        let trimmed = trim_trailing_zeros(&digits);
        scientific_text(&trimmed, 2)
    } else {
        positional_text(&trim_trailing_zeros(&digits), false)
    };
    format!("{sign}{text}")
}

fn trim_trailing_zeros(d: &Digits) -> Digits {
    let mut digits = d.digits.clone();
    while digits.len() > 1 && digits.last() == Some(&0) {
        digits.pop();
    }
    Digits {
        digits,
        exponent: d.exponent,
    }
}

/// The exact decimal expansion of a finite value (every binary fraction has one).
pub fn exact_decimal(value: &Value) -> String {
    match value {
        Value::NaN { .. } => return "nan".to_string(),
        Value::Infinite { negative } => return if *negative { "-inf" } else { "inf" }.to_string(),
        Value::Finite { .. } => {}
    }
    let x = value.to_rational();
    let sign = if x.is_negative() || (value.is_negative() && x.is_zero()) {
        "-"
    } else {
        ""
    };
    let x = x.abs();
    let twos = x.denom().trailing_zeros().unwrap_or(0);
    // x = n / 2^k = n * 5^k / 10^k.
    let k = twos;
    let scaled = x.numer().magnitude() * BigUint::from(5u8).pow(u32::try_from(k).unwrap_or(0));
    let text = scaled.to_string();
    let k = usize::try_from(k).unwrap_or(0);
    if k == 0 {
        return format!("{sign}{text}");
    }
    let padded = if text.len() <= k {
        format!("{}{text}", "0".repeat(k + 1 - text.len()))
    } else {
        text
    };
    let (int, frac) = padded.split_at(padded.len() - k);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn half(bits: u128) -> Value {
        FloatFormat::HALF.decode(bits)
    }

    #[test]
    fn numpy_prints_float16_like_numpy() {
        let ld = FloatFormat::X87_EXTENDED;
        let s = |v: &Value| numpy_str(NumpyScalar::Half, &FloatFormat::HALF, &ld, v);
        assert_eq!(s(&half(0x3c00)), "1.0");
        assert_eq!(s(&half(0x7bff)), "6.55e+04");
        assert_eq!(s(&half(0x63d0)), "1e+03");
        assert_eq!(s(&half(0x8000)), "-0.0");
        assert_eq!(s(&half(0x7c00)), "inf");
        assert_eq!(percent_e(&half(0x7bff), 5), "6.55040e+04");
        assert_eq!(percent_e(&half(0xfbff), 5), "-6.55040e+04");
    }

    #[test]
    fn longdouble_max() {
        let ld = FloatFormat::X87_EXTENDED;
        let s = numpy_str(NumpyScalar::LongDouble, &ld, &ld, &ld.max_value());
        assert_eq!(s, "1.189731495357231765e+4932");
    }

    #[test]
    fn cpp_general_six_digits() {
        let b = |bits| FloatFormat::ieee("bfloat16", 8, 7, 2).decode(bits);
        assert_eq!(cpp_general(&b(0x7f7f)), "3.38953e+38");
        assert_eq!(cpp_general(&b(0x3f80)), "1");
        assert_eq!(cpp_general(&b(0x8000)), "-0");
        assert_eq!(exact_decimal(&half(0x3555)), "0.333251953125");
    }
}
