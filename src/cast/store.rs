//! Values stored into a dtype the way numpy stores them: decimal text read exactly, rounded
//! into the target (through float64 where numpy goes through it), numpy's integer overflow
//! errors and `astype` wrap-around, and numpy's pairwise summation.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use crate::dtype::numeric::{Library, Numeric, numeric, show};
use crate::dtype::{Body, DType, FloatType, MlKind, Platform};
use crate::number::limits::{FloatLimits, IntLimits};
use crate::number::round::{as_text, convert, convert_from, round_text, wrap};
pub use crate::number::text::python_int;
use crate::number::text::{Text, fraction, parse_longdouble, parse_python, python_repr};
use crate::number::{FloatFormat, Value};

/// A value as stored: its value in the target, and numpy's text for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub value: Value,
    pub text: String,
}

/// The target dtype as a number type.
#[derive(Debug, Clone)]
pub enum Target {
    Float {
        limits: Box<FloatLimits>,
        /// numpy parses text for float16 and float32 through float64 (rounding twice), and
        /// has no text parser at all for the ml_dtypes formats.
        text_via_double: bool,
    },
    Int {
        limits: IntLimits,
        dtype: String,
        /// ml_dtypes' integers: no text, and a range check on the float itself.
        ml: bool,
    },
    /// numpy's complex types: text through Python's `complex()` (two float64 parts), each part
    /// then cast to the component format (`limits`).
    Complex { limits: Box<FloatLimits> },
}

pub fn target(dt: &DType) -> Option<Target> {
    match numeric(dt)? {
        Numeric::Float { limits, .. } => {
            if matches!(dt.body, Body::Complex(_)) {
                return Some(Target::Complex { limits });
            }
            if matches!(&dt.body, Body::Ml(m) if matches!(m.format, MlKind::Complex { .. })) {
                return None;
            }
            let text_via_double = matches!(
                dt.body,
                Body::Float(FloatType::Half | FloatType::Single) | Body::Ml(_)
            );
            Some(Target::Float {
                limits,
                text_via_double,
            })
        }
        Numeric::Int {
            limits,
            dtype,
            library,
        } => Some(Target::Int {
            limits,
            dtype,
            ml: library == Library::MlDtypes,
        }),
    }
}

/// How the input reaches numpy: as a string, or as a Python float literal first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    String,
    Float64,
}

/// numpy's stored value of a float target.
///
/// - numpy's own types: text is parsed straight into float64 and longdouble, and into float16
///   and float32 through float64; a Python float is float64 first.
/// - ml_dtypes' formats take no text: a string is read as float64 and cast (through float32);
///   a Python float is stored directly, except into bfloat16, which goes through float32.
pub fn numpy_float(limits: &FloatLimits, via_double: bool, via: Via, text: &Text) -> Value {
    use crate::number::limits::Convention;
    let ml = matches!(limits.convention, Convention::MlDtypes { .. });
    if via == Via::Float64 || via_double {
        let double = round_text(&FloatFormat::DOUBLE, text);
        let direct = ml && via == Via::Float64 && limits.format.storage_bytes == 1;
        if direct {
            convert_from(&double, limits, false)
        } else {
            convert(&double, limits)
        }
    } else {
        round_text(&limits.format, text)
    }
}

pub fn show_value(limits: &FloatLimits, platform: Platform, v: &Value) -> String {
    show(limits, platform, v)
}

/// `str()` of a numpy complex scalar with these parts (`limits`: the component's).
pub fn show_complex(
    limits: &FloatLimits,
    platform: Platform,
    real: &Value,
    imag: &Value,
) -> String {
    use crate::number::limits::Convention;
    use crate::number::print::{NumpyScalar, numpy_complex_str};
    let scalar = match limits.convention {
        Convention::Numpy(scalar) => scalar,
        Convention::MlDtypes { .. } => NumpyScalar::Single,
    };
    let long_double = crate::dtype::numeric::long_double_format(platform.long_double);
    numpy_complex_str(scalar, &limits.format, &long_double, real, imag)
}

/// What `np.array([complex(text)]).astype(T)` gives for a real `T` (numpy's ComplexWarning:
/// the imaginary part is discarded): the float64 real part cast to `T`; for an integer `T`
/// only a real part whose whole part `T` holds (C's conversion is undefined past it).
pub fn astype_real_part(target: &Target, real: &Text) -> Option<Value> {
    let double = round_text(&FloatFormat::DOUBLE, real);
    match target {
        Target::Float { limits, .. } => Some(convert(&double, limits)),
        Target::Int { .. } | Target::Complex { .. } => None,
    }
}

/// The same for an integer `T`: the real part truncated, when `T` holds it.
pub fn astype_int_part(limits: &IntLimits, ml: bool, real: &Text) -> Option<BigInt> {
    if ml {
        return None;
    }
    let n = python_int_of_float(real).ok()?;
    (n >= limits.min && n <= limits.max).then_some(n)
}

/// numpy's complex message, for the views.
pub const COMPLEX_WARNING: &str =
    "ComplexWarning: Casting complex values to real discards the imaginary part";

/// numpy 2's error for a Python int that does not fit, as numpy words it: ints that fit a C
/// long are out of bounds for the type; larger ones do not convert at all.
///
///
/// numpy converts for uint32 and uint64 through C `unsigned long long`, so below 2^64 those
/// are "out of bounds" rather than "too large".
pub fn int_error(n: &BigInt, limits: &IntLimits, dtype: &str) -> Option<String> {
    if n >= &limits.min && n <= &limits.max {
        return None;
    }
    let top = if !limits.signed && limits.bits >= 32 {
        64usize
    } else {
        63usize
    };
    let fits_long = *n >= -(BigInt::one() << 63usize) && *n < (BigInt::one() << top);
    Some(if fits_long {
        format!("Python integer {n} out of bounds for {dtype}")
    } else {
        "Python int too large to convert to C long".to_string()
    })
}

/// numpy's error for text Python's `float()` refuses.
pub fn float_error(text: &str) -> String {
    format!("could not convert string to float: {}", python_repr(text))
}

/// numpy's error for text its longdouble parser refuses: the text as C sees it (up to a NUL).
pub fn longdouble_error(text: &str) -> String {
    let c_string = text.split('\0').next().unwrap_or("");
    format!("invalid literal for long double: {c_string}")
}

/// numpy's error (a TypeError) for text into an ml_dtypes type: `np.array(['3'],
/// dtype=ml_dtypes.int4)` has no conversion from str.
pub const ML_TEXT_ERROR: &str = "expected number, got str";

/// The text as numpy's parser for a float target reads it: longdouble's own for a string into
/// longdouble, Python's `float()` for every other (a Python float first, a string into
/// float16/32/64, or into an ml_dtypes format through a float64 array); else numpy's error.
pub fn read_float_text(limits: &FloatLimits, via: Via, text: &str) -> Result<Text, String> {
    use crate::number::limits::Convention;
    use crate::number::print::NumpyScalar;
    let longdouble = limits.convention == Convention::Numpy(NumpyScalar::LongDouble);
    if via == Via::String && longdouble {
        parse_longdouble(text).ok_or_else(|| longdouble_error(text))
    } else {
        parse_python(text).ok_or_else(|| float_error(text))
    }
}

/// ml_dtypes' integers from a float: the float64 value must lie in the type's range (checked
/// before truncating), else ml_dtypes' OverflowError, which always names int4.
pub fn ml_int_of_float(text: &Text, limits: &IntLimits) -> Result<BigInt, String> {
    match round_text(&FloatFormat::DOUBLE, text) {
        Value::Infinite { .. } => Err("cannot convert float infinity to integer".to_string()),
        Value::NaN { .. } => Err("cannot convert float NaN to integer".to_string()),
        v => {
            let r = v.to_rational();
            let (min, max) = (
                BigRational::from_integer(limits.min.clone()),
                BigRational::from_integer(limits.max.clone()),
            );
            if r < min || r > max {
                Err("out of range value cannot be converted to int4".to_string())
            } else {
                Ok(r.trunc().to_integer())
            }
        }
    }
}

/// Python's `int(float(text))`: the float64 value truncated toward zero.
pub fn python_int_of_float(text: &Text) -> Result<BigInt, String> {
    match round_text(&FloatFormat::DOUBLE, text) {
        Value::Infinite { .. } => Err("cannot convert float infinity to integer".to_string()),
        Value::NaN { .. } => Err("cannot convert float NaN to integer".to_string()),
        v => Ok(v.to_rational().trunc().to_integer()),
    }
}

/// What `np.array([n], dtype=int64 or uint64).astype(T)` gives: the value wrapped.
pub fn astype_wrap(n: &BigInt, limits: &IntLimits) -> Option<BigInt> {
    let fits_64 = *n >= -(BigInt::one() << 63usize) && *n < (BigInt::one() << 64usize);
    fits_64.then(|| wrap(n, limits.bits, limits.signed))
}

/// `np.sum` of a contiguous 1-d array of `values` already stored in `format`, accumulating in
/// `accumulator` (float32 for float16): the first element, plus numpy's pairwise sum of the
/// rest (blocks of up to 128 summed with eight accumulators).
pub fn numpy_sum(values: &[Value], format: &FloatFormat, accumulator: &FloatFormat) -> Value {
    // The reduction starts from add's identity, +0.0.
    let zero = Value::finite(false, num_bigint::BigUint::zero(), 0);
    let total = add_in(accumulator, &zero, &pairwise(values, accumulator));
    round_value(format, &total)
}

/// `np.sum` over an ml_dtypes format: its add loop runs left to right, adding in float32 and
/// storing each partial sum back in the format.
pub fn ml_sum(values: &[Value], limits: &FloatLimits) -> Value {
    let Some((first, rest)) = values.split_first() else {
        return Value::finite(false, num_bigint::BigUint::zero(), 0);
    };
    let mut acc = first.clone();
    for v in rest {
        let single = add_in(&FloatFormat::SINGLE, &acc, v);
        acc = convert(&single, limits);
    }
    acc
}

fn round_value(format: &FloatFormat, v: &Value) -> Value {
    round_text(format, &as_text(v))
}

/// `a + b` correctly rounded in `format`, with IEEE special values.
pub fn add_in(format: &FloatFormat, a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::NaN { .. }, _) | (_, Value::NaN { .. }) => Value::NaN { negative: false },
        (Value::Infinite { negative: x }, Value::Infinite { negative: y }) => {
            if x == y {
                a.clone()
            } else {
                Value::NaN { negative: false }
            }
        }
        (Value::Infinite { .. }, _) => a.clone(),
        (_, Value::Infinite { .. }) => b.clone(),
        _ => {
            let sum = a.to_rational() + b.to_rational();
            if sum.is_zero() {
                // -0 + -0 is -0; any other exact zero sum is +0 (round to nearest).
                let negative = a.is_negative() && b.is_negative();
                return Value::finite(negative, num_bigint::BigUint::zero(), 0);
            }
            format.round(&sum)
        }
    }
}

fn pairwise(values: &[Value], acc: &FloatFormat) -> Value {
    let zero = || Value::finite(false, num_bigint::BigUint::zero(), 0);
    let n = values.len();
    if n < 8 {
        // numpy starts this branch from -0.0 so that a sum of negative zeros stays -0.
        let mut res = Value::finite(true, num_bigint::BigUint::zero(), 0);
        for v in values {
            res = add_in(acc, &res, v);
        }
        return res;
    }
    if n <= 128 {
        let mut r: Vec<Value> = values[..8].to_vec();
        let mut i = 8;
        while i < n - (n % 8) {
            for j in 0..8 {
                r[j] = add_in(acc, &r[j], &values[i + j]);
            }
            i += 8;
        }
        let s01 = add_in(acc, &r[0], &r[1]);
        let s23 = add_in(acc, &r[2], &r[3]);
        let s45 = add_in(acc, &r[4], &r[5]);
        let s67 = add_in(acc, &r[6], &r[7]);
        let mut res = add_in(acc, &add_in(acc, &s01, &s23), &add_in(acc, &s45, &s67));
        while i < n {
            res = add_in(acc, &res, &values[i]);
            i += 1;
        }
        let _ = zero;
        return res;
    }
    let mut n2 = n / 2;
    n2 -= n2 % 8;
    add_in(
        acc,
        &pairwise(&values[..n2], acc),
        &pairwise(&values[n2..], acc),
    )
}

/// The exact sum of values (`None` when any is NaN or infinite).
pub fn exact_sum(values: &[Value]) -> Option<BigRational> {
    values
        .iter()
        .try_fold(BigRational::zero(), |acc, v| match v {
            Value::Finite { .. } => Some(acc + v.to_rational()),
            _ => None,
        })
}

/// `|stored - x|` and `|stored - x| / |x|` as exact fractions.
pub fn errors(stored: &Value, x: &Text) -> (Option<String>, Option<String>) {
    match (stored, x.rational()) {
        (Value::Finite { .. }, Some(r)) => {
            let r = &r;
            let abs = (stored.to_rational() - r).abs();
            let rel = (!r.is_zero()).then(|| fraction(&(&abs / r.abs())));
            (Some(fraction(&abs)), rel)
        }
        _ => (None, None),
    }
}
