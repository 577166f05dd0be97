//! Values in bulk: what a cast does to each of any number of values, summed up in one pass in
//! bounded memory (`cast-check TO --values-from FILE` past a handful of values).
//!
//! Each value is judged exactly, as [`fate`] judges it with exact rationals, but most values
//! never need a rational: decimal text of up to 19 significant digits is read into float64 by
//! the standard library's correctly rounded parser, whether the text *is* that float64 is
//! settled with integer arithmetic, and the value is stored as the file scan stores it
//! ([`Target::convert`](super::scan::Target::convert)). Only what float64 cannot settle goes
//! the exact way: longer text, a longdouble target, and the exact error of a value whose text
//! float64 does not hold — and that only when the error could be the largest yet or among the
//! worst kept.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::Serialize;

use super::NonFinite;
use super::scan::{self, Extremes, Footprint, Stats};
use super::store::{self, Target, Via};
use super::tolerance::Tolerance;
use crate::dtype::ladder::{self, Holds};
use crate::dtype::{DType, Platform};
use crate::number::complex::{ComplexText, parse_complex};
use crate::number::limits::Convention;
use crate::number::limits::FloatLimits;
use crate::number::round::round_text;
use crate::number::text::{Text, parse_python, parse_text};
use crate::number::{FloatFormat, Value};

/// What numpy keeps of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    Float(Value),
    Int(BigInt),
    Complex { real: Value, imag: Value },
}

impl Kept {
    /// Some part is infinite or NaN.
    fn non_finite(&self) -> bool {
        match self {
            Kept::Float(v) => !matches!(v, Value::Finite { .. }),
            Kept::Int(_) => false,
            Kept::Complex { real, imag } => {
                !matches!(real, Value::Finite { .. }) || !matches!(imag, Value::Finite { .. })
            }
        }
    }
}

/// One value through the cast, exactly: what numpy stores (or its error) and how it differs
/// from the text.
#[derive(Debug, Clone)]
pub struct Fate {
    /// The text's value (the real part of complex text).
    pub text: Text,
    /// The imaginary part, when the text is read as complex text: always into a complex
    /// target, and into a real one when only Python's `complex()` reads it.
    pub imag: Option<Text>,
    /// Complex targets: what the cast did to each part, real then imaginary.
    pub parts: Option<Box<[Judgement<BigRational>; 2]>>,
    /// Complex text numpy refuses for a real target: what `np.array([complex(text)]).astype(T)`
    /// gives instead (the imaginary part discarded, numpy's ComplexWarning).
    pub astype_real: Option<Kept>,
    /// numpy's stored value, or numpy's error message.
    pub numpy: Result<Kept, String>,
    /// Integer targets: the integer numpy's conversion reached before its range check.
    pub integral: Option<BigInt>,
    /// What the cast did to it, the errors exact.
    pub judged: Judgement<BigRational>,
}

/// What a cast did to one value, its errors as `E` (exact fractions in [`Fate`], their text in
/// a report, which serialises this as its own fields).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgement<E> {
    /// The stored value is the value exactly.
    pub exact: bool,
    /// A finite value stored infinite, or NaN where the format has no infinity; integer
    /// targets: past the type's range.
    pub overflow: bool,
    /// A finite value above the format's largest finite value, stored finite (rounded or
    /// saturated to the largest).
    pub above_max: bool,
    /// A nonzero value stored as zero.
    pub underflow: bool,
    /// Stored as a subnormal of the format (nonzero, finite, below its smallest normal).
    pub subnormal: bool,
    /// `|stored − exact|` and `|stored − exact| / |exact|`, for a finite value stored finite.
    pub abs_error: Option<E>,
    pub rel_error: Option<E>,
    /// Within `--rtol`/`--atol` (`np.isclose`), when one is given.
    #[serde(rename = "within_tolerance", skip_serializing_if = "Option::is_none")]
    pub close: Option<bool>,
}

impl<E> Judgement<E> {
    /// The same judgement, its errors written as `show` writes them.
    pub fn map_errors<F>(self, show: impl Fn(E) -> Option<F>) -> Judgement<F> {
        Judgement {
            exact: self.exact,
            overflow: self.overflow,
            above_max: self.above_max,
            underflow: self.underflow,
            subnormal: self.subnormal,
            abs_error: self.abs_error.and_then(&show),
            rel_error: self.rel_error.and_then(&show),
            close: self.close,
        }
    }
}

/// The value is not decimal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

fn same_value(stored: &Value, x: &Text) -> bool {
    match (stored, x) {
        (Value::Finite { .. }, Text::Finite(r)) => &stored.to_rational() == r,
        (Value::Finite { .. }, Text::NegativeZero) => stored.is_zero() && stored.is_negative(),
        (Value::Infinite { negative: a }, Text::Infinite { negative: b }) => a == b,
        (Value::NaN { .. }, Text::NaN { .. }) => true,
        _ => false,
    }
}

/// float64's value of a float64 [`Value`] (or of any value float64 holds exactly).
fn f64_of(v: &Value) -> f64 {
    match v {
        Value::NaN { .. } => f64::NAN,
        Value::Infinite { negative } => {
            if *negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }
        }
        Value::Finite { .. } => {
            let d = FloatFormat::DOUBLE.round(&v.to_rational());
            let bits = FloatFormat::DOUBLE
                .encode(&d)
                .and_then(|b| u64::try_from(b).ok());
            let x = bits.map_or(f64::NAN, f64::from_bits);
            if v.is_negative() { -x.abs() } else { x }
        }
    }
}

/// An exact non-negative rational rounded to the nearest float64.
pub fn rational_f64(r: &BigRational) -> f64 {
    f64_of(&FloatFormat::DOUBLE.round(r))
}

/// A value numpy refuses before storing anything: its parser's error.
fn refused(x: Text, message: String, tolerance: Option<Tolerance>) -> Fate {
    Fate {
        numpy: Err(message),
        imag: None,
        parts: None,
        astype_real: None,
        integral: None,
        judged: Judgement {
            exact: false,
            overflow: false,
            above_max: false,
            underflow: false,
            subnormal: false,
            abs_error: None,
            rel_error: None,
            close: tolerance.map(|_| false),
        },
        text: x,
    }
}

/// One value, exactly: [`Fate`] by exact rationals (the reference every faster path agrees with).
///
/// Text no numpy parser reads is [`NotANumber`]; text another parser reads but the target's
/// refuses (`0x10` into float64, `1.5` into int8) is numpy's error for the value.
pub fn fate(
    target: &Target,
    via: Via,
    input: &str,
    tolerance: Option<Tolerance>,
) -> Result<Fate, NotANumber> {
    if let Target::Complex { limits } = target {
        return complex_fate(limits, via, input, tolerance);
    }
    let (any, imag) = match parse_text(input) {
        Some(t) => (t, None),
        None => {
            let c = parse_complex(input).map_err(|_| NotANumber)?;
            (c.real, Some(c.imag))
        }
    };
    let mut f = real_fate(target, via, input, tolerance, any)?;
    if let Some(imag) = imag {
        // Only complex() reads it: numpy refuses it for a real type, and astype keeps the
        // real part.
        f.astype_real = match (target, via) {
            (Target::Int { limits, ml, .. }, Via::String) => {
                store::astype_int_part(limits, *ml, &f.text).map(Kept::Int)
            }
            (_, Via::String) => store::astype_real_part(target, &f.text).map(Kept::Float),
            _ => None,
        };
        f.imag = Some(imag);
    }
    Ok(f)
}

/// A complex target: the text through Python's `complex()` (a string) or `float()` (a Python
/// float), each float64 part cast to the component format and judged on its own; the value
/// is exact when both parts are, overflows when either does, and its errors are the larger
/// part's.
fn complex_fate(
    limits: &FloatLimits,
    via: Via,
    input: &str,
    tolerance: Option<Tolerance>,
) -> Result<Fate, NotANumber> {
    let read = match via {
        Via::String => parse_complex(input).map_err(|r| r.message(input)),
        Via::Float64 => parse_python(input)
            .map(|real| ComplexText {
                real,
                imag: Text::Finite(BigRational::zero()),
            })
            .ok_or_else(|| store::float_error(input)),
    };
    let c = match read {
        Ok(c) => c,
        Err(message) => {
            let any = parse_text(input)
                .or_else(|| parse_complex(input).ok().map(|c| c.real))
                .ok_or(NotANumber)?;
            return Ok(refused(any, message, tolerance));
        }
    };
    let store_part = |x: &Text| store::numpy_float(limits, true, Via::String, x);
    let (real, imag) = (store_part(&c.real), store_part(&c.imag));
    let parts = [
        judge_float(limits, &real, &c.real),
        judge_float(limits, &imag, &c.imag),
    ];
    let [a, b] = &parts;
    let abs_error = match (&a.abs_error, &b.abs_error) {
        (Some(x), Some(y)) => Some(x.max(y).clone()),
        _ => None,
    };
    let rel_error = abs_error.as_ref().and(match (&a.rel_error, &b.rel_error) {
        (Some(x), Some(y)) => Some(x.max(y).clone()),
        (x, y) => x.as_ref().or(y.as_ref()).cloned(),
    });
    let reference = |x: &Text| f64_of(&round_text(&FloatFormat::DOUBLE, x));
    let close = tolerance.map(|t| {
        t.close_complex(
            (f64_of(&real), f64_of(&imag)),
            (reference(&c.real), reference(&c.imag)),
        )
    });
    let judged = Judgement {
        exact: a.exact && b.exact,
        overflow: a.overflow || b.overflow,
        above_max: a.above_max || b.above_max,
        underflow: a.underflow || b.underflow,
        subnormal: a.subnormal || b.subnormal,
        abs_error,
        rel_error,
        close,
    };
    Ok(Fate {
        text: c.real,
        imag: Some(c.imag),
        parts: Some(Box::new(parts)),
        astype_real: None,
        numpy: Ok(Kept::Complex { real, imag }),
        integral: None,
        judged,
    })
}

/// What storing `x` as `stored` did (a float format described by `limits`), the tolerance
/// left out.
fn judge_float(limits: &FloatLimits, stored: &Value, x: &Text) -> Judgement<BigRational> {
    let exact = same_value(stored, x);
    let (abs_error, rel_error) = errors(stored, x);
    let stored_finite = matches!(stored, Value::Finite { .. });
    Judgement {
        exact,
        // Overflow: a finite value made infinite (or NaN where the format has no infinity).
        overflow: x.is_finite() && !stored_finite,
        above_max: stored_finite
            && match x {
                Text::Finite(r) => r.abs() > limits.max.to_rational(),
                Text::Beyond { huge, .. } => *huge,
                _ => false,
            },
        underflow: x.is_nonzero_finite() && stored.is_zero(),
        subnormal: !stored.is_zero()
            && stored_finite
            && stored.to_rational().abs() < limits.smallest_normal.to_rational(),
        abs_error,
        rel_error,
        close: None,
    }
}

/// A real target ([`fate`]); `any` is the text as some parser reads it.
fn real_fate(
    target: &Target,
    via: Via,
    input: &str,
    tolerance: Option<Tolerance>,
    any: Text,
) -> Result<Fate, NotANumber> {
    let reference = |x: &Text| round_text(&FloatFormat::DOUBLE, x);
    Ok(match target {
        Target::Complex { limits } => return complex_fate(limits, via, input, tolerance),
        Target::Float {
            limits,
            text_via_double,
        } => {
            let x = match store::read_float_text(limits, via, input) {
                Ok(x) => x,
                Err(message) => return Ok(refused(any, message, tolerance)),
            };
            let stored = store::numpy_float(limits, *text_via_double, via, &x);
            let judged = judge_float(limits, &stored, &x);
            let close = tolerance.map(|t| {
                if limits.format.precision_bits() > FloatFormat::DOUBLE.precision_bits() {
                    t.close_in(&limits.format, &stored, &reference(&x))
                } else {
                    t.close(f64_of(&stored), f64_of(&reference(&x)))
                }
            });
            Fate {
                numpy: Ok(Kept::Float(stored)),
                imag: None,
                parts: None,
                astype_real: None,
                integral: None,
                judged: Judgement { close, ..judged },
                text: x,
            }
        }
        Target::Int { limits, dtype, ml } => {
            let python_float = || parse_python(input).ok_or_else(|| store::float_error(input));
            let (parsed, integral) = match (via, ml) {
                // ml_dtypes' integers take no text: numpy's TypeError; `integral` is what
                // `int(text)` reads, for what astype would give.
                (Via::String, true) => (
                    Err(store::ML_TEXT_ERROR.to_string()),
                    store::python_int(input).ok(),
                ),
                (Via::String, false) => {
                    let n = store::python_int(input);
                    let integral = n.as_ref().ok().cloned();
                    (n, integral)
                }
                (Via::Float64, true) => {
                    let n = python_float().and_then(|x| store::ml_int_of_float(&x, limits));
                    let n = n.and_then(|n| match store::int_error(&n, limits, dtype) {
                        Some(_) => {
                            Err("out of range value cannot be converted to int4".to_string())
                        }
                        None => Ok(n),
                    });
                    let integral = n.as_ref().ok().cloned();
                    (n, integral)
                }
                (Via::Float64, false) => {
                    let n = python_float().and_then(|x| store::python_int_of_float(&x));
                    let integral = n.as_ref().ok().cloned();
                    (n, integral)
                }
            };
            let x = any;
            let numpy = match parsed {
                Ok(n) => match store::int_error(&n, limits, dtype) {
                    None => Ok(Kept::Int(n)),
                    Some(message) => Err(message),
                },
                Err(message) => Err(message),
            };
            let exact = numpy.is_ok() && x.rational().is_some_and(|r| r.is_integer());
            let overflow = integral
                .as_ref()
                .is_some_and(|n| n > &limits.max || n < &limits.min);
            let (abs_error, rel_error, close) = match (&numpy, x.rational()) {
                (Ok(Kept::Int(n)), Some(r)) => {
                    let abs = (BigRational::from_integer(n.clone()) - &r).abs();
                    let rel = (!r.is_zero()).then(|| &abs / r.abs());
                    let stored = n.to_f64().unwrap_or(f64::NAN);
                    let close = tolerance.map(|t| t.close(stored, f64_of(&reference(&x))));
                    (Some(abs), rel, close)
                }
                _ => (None, None, tolerance.map(|_| false)),
            };
            Fate {
                numpy,
                imag: None,
                parts: None,
                astype_real: None,
                integral,
                judged: Judgement {
                    exact,
                    overflow,
                    above_max: false,
                    underflow: false,
                    subnormal: false,
                    abs_error,
                    rel_error,
                    close,
                },
                text: x,
            }
        }
    })
}

/// `|stored − x|` and `|stored − x| / |x|`, exactly; text too small for any format stored as
/// zero has a relative error of 1 (its absolute error is not kept).
fn errors(stored: &Value, x: &Text) -> (Option<BigRational>, Option<BigRational>) {
    match (stored, x.rational(), x) {
        (Value::Finite { .. }, Some(r), _) => {
            let abs = (stored.to_rational() - &r).abs();
            let rel = (!r.is_zero()).then(|| &abs / r.abs());
            (Some(abs), rel)
        }
        (Value::Finite { .. }, None, Text::Beyond { huge: false, .. }) if stored.is_zero() => {
            (None, Some(BigRational::one()))
        }
        _ => (None, None),
    }
}

/// Decimal text read the fast way: its float64 value, and what integer arithmetic says about
/// the text itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quick {
    /// Python's `float(text)`.
    pub value: f64,
    /// The text is exactly `value`.
    pub exact: bool,
    /// The text's value, when it is a whole number within i128.
    pub integer: Option<i128>,
    /// Digits only (with a sign): Python's `int(text)` reads it.
    pub plain_int: bool,
    /// The text's value is a whole number.
    pub whole: bool,
}

/// Read `text` fast, or `None` when it needs the exact reader (more than 19 significant digits,
/// underscores, NaN, an exponent past ±9999, or anything that is not plain decimal text).
pub fn quick(text: &str) -> Option<Quick> {
    let t = text.trim();
    if t.len() > 64 {
        // Long text (leading zeros, say) goes the exact way: Python's int() limits digits.
        return None;
    }
    let bytes = t.as_bytes();
    let (negative, body) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if body.eq_ignore_ascii_case(b"inf") || body.eq_ignore_ascii_case(b"infinity") {
        let value = if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return Some(Quick {
            value,
            exact: true,
            integer: None,
            plain_int: false,
            whole: false,
        });
    }
    let mut digits: u64 = 0;
    let mut significant = 0u32;
    let mut exp10: i64 = 0;
    let mut seen_digit = false;
    let mut point = false;
    let mut plain_int = true;
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        match c {
            b'0'..=b'9' => {
                seen_digit = true;
                if digits != 0 || c != b'0' {
                    significant += 1;
                    if significant > 19 {
                        return None;
                    }
                    digits = digits * 10 + u64::from(c - b'0');
                }
                if point {
                    exp10 -= 1;
                }
            }
            b'.' if !point => {
                point = true;
                plain_int = false;
            }
            b'e' | b'E' => break,
            _ => return None,
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    if i < body.len() {
        plain_int = false;
        let e = &body[i + 1..];
        let (e_negative, e_digits) = match e.first() {
            Some(b'-') => (true, &e[1..]),
            Some(b'+') => (false, &e[1..]),
            _ => (false, e),
        };
        if e_digits.is_empty() || e_digits.len() > 4 || !e_digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let magnitude: i64 = e_digits
            .iter()
            .fold(0, |acc, c| acc * 10 + i64::from(c - b'0'));
        exp10 += if e_negative { -magnitude } else { magnitude };
    }
    let value: f64 = t.parse().ok()?;
    if digits == 0 {
        return Some(Quick {
            value,
            exact: true,
            integer: Some(0),
            plain_int,
            whole: true,
        });
    }
    while digits.is_multiple_of(10) {
        digits /= 10;
        exp10 += 1;
    }
    let sign = |m: i128| if negative { -m } else { m };
    let (exact, integer) = if exp10 >= 0 {
        // digits · 5^e · 2^e: float64 holds it when the odd part has at most 53 bits (5^23
        // alone has more) and it is in range.
        let integer = 10i128
            .checked_pow(u32::try_from(exp10).ok()?)
            .and_then(|p| p.checked_mul(i128::from(digits)))
            .map(sign);
        let exact = exp10 <= 22 && {
            let m = u128::from(digits) * 5u128.pow(exp10 as u32);
            128 - (m >> m.trailing_zeros()).leading_zeros() <= 53
        };
        (exact, integer)
    } else {
        // digits / (5^k · 2^k): a binary fraction only when 5^k divides the digits.
        let k = exp10.unsigned_abs();
        let exact = k <= 27 && {
            let p = 5u64.pow(k as u32);
            digits.is_multiple_of(p) && {
                let m = digits / p;
                64 - (m >> m.trailing_zeros()).leading_zeros() <= 53
            }
        };
        (exact, None)
    };
    Some(Quick {
        value,
        exact,
        integer,
        plain_int,
        whole: exp10 >= 0,
    })
}

/// How the smallest lossless dtype is found for values: the ladder's test of "holds every
/// value", summed up value by value. Whole numbers as typed count for the integer rungs
/// (2049.0000000000001 is no integer, though float64 makes it one); a float rung must hold
/// each value as float64 stores it (whole numbers exactly), and values float64 overflows need
/// a wider format that keeps them finite.
#[derive(Debug, Clone, Default)]
pub struct Ladder {
    /// NaN and infinity counts, the sign (a float range below zero), and the footprint of the
    /// finite values.
    stats: Stats,
    any: bool,
    /// Some value is not a whole number as typed.
    fractional: bool,
    /// Whole values within i128 (past it no integer rung holds them anyway).
    ints: Option<Extremes<i128>>,
    beyond_i128: bool,
    /// The largest magnitude of the values float64 overflows.
    overflowed: Option<BigRational>,
    /// Some value is past every format's range ([`Text::Beyond`], huge).
    beyond_every: bool,
    /// Some value has an imaginary part other than zero: only a complex type holds it.
    complex: bool,
}

impl Ladder {
    pub fn new() -> Ladder {
        Ladder::default()
    }

    fn int(&mut self, v: i128) {
        self.ints = Some(Extremes::with(self.ints, v));
        self.any = true;
    }

    fn sign(&mut self, negative: bool) {
        if negative {
            self.stats.float_range = Some(Extremes::with(None, -1.0));
        }
    }

    /// A value read the fast way; `false` when it needs [`Ladder::add_text`].
    fn add_quick(&mut self, q: &Quick) -> bool {
        if q.value.is_nan() {
            return false;
        }
        if q.value.is_infinite() {
            if q.exact {
                // A written infinity (text overflowing float64 goes the exact way).
                self.stats.inf += 1;
                self.fractional = true;
                self.any = true;
                return true;
            }
            return false;
        }
        match q.integer {
            Some(v) => {
                self.int(v);
                self.stats.footprint.add_int(v);
                self.sign(v < 0);
            }
            None if !q.whole => {
                // Not whole as typed: float64's value is what a float must hold.
                self.fractional = true;
                self.any = true;
                self.stats.footprint.add(q.value);
                self.sign(q.value.is_sign_negative());
            }
            None => return false,
        }
        true
    }

    /// A value as [`fate`] read it: its text, and both parts of complex text.
    pub fn add_fate(&mut self, f: &Fate) {
        self.add_text(&f.text);
        if let Some(imag) = &f.imag {
            self.add_text(imag);
            self.complex |= !matches!(imag, Text::NegativeZero)
                && !matches!(imag, Text::Finite(r) if r.is_zero());
        }
    }

    /// A value read exactly.
    pub fn add_text(&mut self, t: &Text) {
        self.any = true;
        match t {
            Text::NaN { .. } => {
                self.stats.nan += 1;
                self.fractional = true;
            }
            Text::Infinite { .. } => {
                self.stats.inf += 1;
                self.fractional = true;
            }
            Text::NegativeZero => {
                self.int(0);
                self.stats.footprint.add_int(0);
            }
            Text::Beyond {
                negative,
                huge: true,
            } => {
                self.beyond_every = true;
                self.sign(*negative);
            }
            Text::Beyond {
                negative,
                huge: false,
            } => {
                // Not whole; float64 stores it as a zero, as it does 1e-400.
                self.fractional = true;
                self.stats.footprint.add(if *negative { -0.0 } else { 0.0 });
                self.sign(*negative);
            }
            Text::Finite(r) => {
                let d = round_text(&FloatFormat::DOUBLE, t);
                let overflowed = !matches!(d, Value::Finite { .. });
                if r.is_integer() {
                    match r.to_integer().to_i128() {
                        Some(v) => self.int(v),
                        None => self.beyond_i128 = true,
                    }
                } else {
                    self.fractional = true;
                }
                if overflowed {
                    let m = r.abs();
                    if self.overflowed.as_ref().is_none_or(|o| &m > o) {
                        self.overflowed = Some(m);
                    }
                } else if r.is_integer() {
                    add_integer(&mut self.stats.footprint, &r.to_integer());
                    self.sign(r.is_negative());
                } else {
                    self.stats.footprint.add(f64_of(&d));
                    self.sign(r.is_negative());
                }
            }
        }
    }

    /// The first dtype on the ladder that holds every value.
    pub fn smallest(&self, platform: Platform) -> Option<DType> {
        if !self.any || self.beyond_every {
            return None;
        }
        if self.complex {
            // numpy's complex types, smallest first, by their component format.
            return ["complex64", "complex128", "clongdouble"]
                .into_iter()
                .filter_map(|name| crate::dtype::parse(name, platform).ok())
                .find(|dt| match crate::dtype::numeric::numeric(dt) {
                    Some(crate::dtype::numeric::Numeric::Float { limits, .. }) => {
                        self.floats_held_by(&limits.format)
                    }
                    _ => false,
                });
        }
        ladder::smallest(platform, |rung| match &rung.holds {
            Holds::Integers(limits) => {
                !self.fractional
                    && !self.beyond_i128
                    && self.overflowed.is_none()
                    && self.ints.is_none_or(|r| {
                        BigInt::from(r.min) >= limits.min && BigInt::from(r.max) <= limits.max
                    })
            }
            Holds::Floats(format) => self.floats_held_by(format),
        })
    }

    /// Every value held exactly by a float format.
    fn floats_held_by(&self, format: &FloatFormat) -> bool {
        let double_max = FloatFormat::DOUBLE.max_value().to_rational();
        self.stats.held_exactly_by(format)
            && self.overflowed.as_ref().is_none_or(|m| {
                format.max_value().to_rational() > double_max
                    && matches!(format.round(m), Value::Finite { .. })
            })
    }
}

/// An exact integer into a footprint (past i128: its bits counted exactly, its magnitude
/// rounded to float64).
fn add_integer(f: &mut Footprint, n: &BigInt) {
    if let Some(v) = n.to_i128() {
        f.add_int(v);
        return;
    }
    let a = n.magnitude();
    let trailing = a.trailing_zeros().unwrap_or(0);
    let bits = a.bits() - trailing;
    f.significant_bits = f
        .significant_bits
        .max(u32::try_from(bits).unwrap_or(u32::MAX));
    f.lowest_bit = f.lowest_bit.min(0);
    f.largest = f
        .largest
        .max(rational_f64(&BigRational::from_integer(n.abs())));
}

/// How many of the worst values a tally keeps.
pub const WORST_KEPT: usize = 5;

/// One of the worst values: where it was, as typed, and how bad (its relative error, infinite
/// for a value numpy refuses, makes non-finite, or changes from NaN or infinity).
#[derive(Debug, Clone, PartialEq)]
pub struct Worst {
    /// 1-based position among the values.
    pub position: u64,
    pub input: String,
    pub severity: f64,
}

/// How many values went through a cast, and how many of them each thing befell; the keys of
/// `cast-check`'s values summary in JSON, in this order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Values read.
    pub count: u64,
    /// Values not stored exactly (numpy's errors included).
    pub changed: u64,
    /// Finite values stored as infinity or NaN, or past an integer type's range.
    pub overflow: u64,
    /// Values above the format's largest finite value stored finite (rounded or saturated).
    pub above_max: u64,
    /// Nonzero values stored as zero.
    pub underflow: u64,
    /// Values numpy refuses (integer targets; longdouble text `strtold` rejects).
    pub numpy_errors: u64,
    /// NaNs and infinities among the values as written.
    #[serde(flatten)]
    pub non_finite: NonFinite,
}

/// The whole of a set of values through a cast, in one pass.
#[derive(Debug, Clone)]
pub struct Tally {
    pub counts: Counts,
    /// The largest errors over values stored finite, rounded to float64.
    pub max_abs_error: f64,
    pub max_rel_error: f64,
    /// Values outside the tolerance, when one is given.
    pub exceeding: u64,
    /// The worst values, worst first (only those outside the tolerance, when one is given).
    pub worst: Vec<Worst>,
    pub ladder: Ladder,
    target: Target,
    via: Via,
    tolerance: Option<Tolerance>,
    fast: Option<Fast>,
}

/// The fast route for a target: the file scan's conversion of a float64, and the largest
/// finite value (what overflow is measured against).
#[derive(Debug, Clone, Copy)]
enum Fast {
    Float {
        convert: scan::Target,
        max: f64,
    },
    /// Python's `int(text)` (numpy's integers from strings).
    IntOfText {
        lo: i128,
        hi: i128,
    },
    /// `int(float(text))`, or ml_dtypes' range check on the float then truncation.
    IntOfFloat {
        lo: i128,
        hi: i128,
        ml: bool,
    },
}

/// The route each value takes through the fast path, and what it found.
struct Judged {
    exact: bool,
    overflow: bool,
    above_max: bool,
    underflow: bool,
    error: bool,
    /// abs and rel error, known or bounded.
    errors: Errors,
    close: Option<bool>,
    severity_floor: f64,
}

#[derive(Debug, Clone, Copy)]
enum Errors {
    None,
    Known {
        abs: f64,
        rel: f64,
    },
    /// Upper bounds: the exact errors need the exact route.
    Bounded {
        abs: f64,
        rel: f64,
    },
}

impl Tally {
    pub fn new(to: &DType, target: Target, via: Via, tolerance: Option<Tolerance>) -> Tally {
        let fast = match &target {
            Target::Float { limits, .. } => {
                let direct = via == Via::Float64
                    && matches!(limits.convention, Convention::MlDtypes { .. })
                    && limits.format.storage_bytes == 1;
                let wide = limits.format.precision_bits() > FloatFormat::DOUBLE.precision_bits();
                let convert = if wide && via == Via::Float64 {
                    // float64 into a wider format: every value as it is.
                    Some(scan::Target::F64)
                } else if wide || direct {
                    None
                } else {
                    scan::file::target_of(to)
                };
                convert.map(|convert| Fast::Float {
                    convert,
                    max: if wide { f64::MAX } else { f64_of(&limits.max) },
                })
            }
            // Complex text goes the exact way.
            Target::Complex { .. } => None,
            Target::Int { limits, ml, .. } => {
                let (lo, hi) = (limits.min.to_i128(), limits.max.to_i128());
                lo.zip(hi).and_then(|(lo, hi)| match (via, ml) {
                    (Via::String, false) => Some(Fast::IntOfText { lo, hi }),
                    // numpy refuses text into ml_dtypes' integers: the exact route says so.
                    (Via::String, true) => None,
                    (Via::Float64, _) => Some(Fast::IntOfFloat { lo, hi, ml: *ml }),
                })
            }
        };
        Tally {
            counts: Counts::default(),
            max_abs_error: 0.0,
            max_rel_error: 0.0,
            exceeding: 0,
            worst: Vec::new(),
            ladder: Ladder::new(),
            target,
            via,
            tolerance,
            fast,
        }
    }

    /// Every value stored exactly.
    pub fn lossless(&self) -> bool {
        self.counts.changed == 0
    }

    /// The severity a value must pass to enter the worst kept.
    fn worst_floor(&self) -> f64 {
        if self.worst.len() < WORST_KEPT {
            0.0
        } else {
            self.worst.last().map_or(0.0, |w| w.severity)
        }
    }

    /// Take in the value at `position` (1-based), as typed.
    pub fn add(&mut self, position: u64, input: &str) -> Result<(), NotANumber> {
        let judged = quick(input).and_then(|q| self.judge(&q).map(|j| (q, j)));
        let Some((q, mut j)) = judged else {
            return self.add_exact(position, input);
        };
        if !self.ladder.add_quick(&q) {
            self.ladder.add_text(&parse_text(input).ok_or(NotANumber)?);
        }
        if let Errors::Bounded { abs, rel } = j.errors {
            let needed = abs >= self.max_abs_error
                || rel >= self.max_rel_error
                || (rel >= self.worst_floor() && j.close != Some(true));
            if needed {
                let f = fate(&self.target, self.via, input, None)?;
                j.errors = known_errors(&f);
            }
        }
        self.count_in(position, input, q.value.is_nan(), q.value.is_infinite(), &j);
        Ok(())
    }

    fn add_exact(&mut self, position: u64, input: &str) -> Result<(), NotANumber> {
        let f = fate(&self.target, self.via, input, self.tolerance)?;
        self.ladder.add_fate(&f);
        let error = f.numpy.is_err();
        let non_finite = f.numpy.as_ref().is_ok_and(Kept::non_finite);
        let texts = || std::iter::once(&f.text).chain(&f.imag);
        let finite_text = texts().all(Text::is_finite);
        let j = Judged {
            exact: f.judged.exact,
            overflow: f.judged.overflow,
            above_max: f.judged.above_max,
            underflow: f.judged.underflow,
            error,
            errors: known_errors(&f),
            close: f.judged.close,
            severity_floor: if error || !finite_text || non_finite {
                f64::INFINITY
            } else {
                0.0
            },
        };
        let nan = texts().any(|t| matches!(t, Text::NaN { .. }));
        let inf = !nan && texts().any(|t| matches!(t, Text::Infinite { .. }));
        self.count_in(position, input, nan, inf, &j);
        Ok(())
    }

    fn count_in(&mut self, position: u64, input: &str, nan: bool, inf: bool, j: &Judged) {
        let c = &mut self.counts;
        c.count += 1;
        c.non_finite.nan_count += u64::from(nan);
        c.non_finite.inf_count += u64::from(inf);
        c.overflow += u64::from(j.overflow);
        c.above_max += u64::from(j.above_max);
        c.underflow += u64::from(j.underflow);
        c.numpy_errors += u64::from(j.error);
        let within = j.close.unwrap_or(true);
        self.exceeding += u64::from(!within);
        if j.exact {
            return;
        }
        self.counts.changed += 1;
        let rel = match j.errors {
            Errors::Known { abs, rel } | Errors::Bounded { abs, rel } => {
                self.max_abs_error = self.max_abs_error.max(abs);
                self.max_rel_error = self.max_rel_error.max(rel);
                rel
            }
            Errors::None => 0.0,
        };
        if matches!(j.errors, Errors::Bounded { .. }) {
            // Bounds that could matter were made exact; these cannot be the largest.
            return;
        }
        let severity = rel.max(j.severity_floor);
        if within && self.tolerance.is_some() {
            return;
        }
        if self.worst.len() < WORST_KEPT || severity > self.worst_floor() {
            let at = self
                .worst
                .iter()
                .position(|w| w.severity < severity)
                .unwrap_or(self.worst.len());
            self.worst.insert(
                at,
                Worst {
                    position,
                    input: input.to_string(),
                    severity,
                },
            );
            self.worst.truncate(WORST_KEPT);
        }
    }

    /// The fast route's judgement, or `None` for the exact route.
    fn judge(&self, q: &Quick) -> Option<Judged> {
        let d = q.value;
        match self.fast? {
            Fast::Float { convert, max } => {
                let (s, _) = convert.convert(d);
                if d.is_nan() {
                    return None;
                }
                let finite = d.is_finite();
                if !finite && !q.exact {
                    return None; // text float64 overflows
                }
                // -0 is stored exactly only as -0 (a `fnuz` format makes it 0).
                let negative_zero = d == 0.0 && d.is_sign_negative();
                let exact = q.exact
                    && if negative_zero {
                        s == 0.0 && s.is_sign_negative()
                    } else {
                        s == d || (s.is_nan() && d.is_nan())
                    };
                if finite && s.abs() == max && d.abs() == max && !q.exact {
                    return None; // past the largest value or not: the exact route decides
                }
                let overflow = finite && !s.is_finite();
                let above_max = finite && s.is_finite() && d.abs() > max;
                let underflow = finite && s == 0.0 && d != 0.0;
                if finite && d == 0.0 && !q.exact {
                    return None; // text float64 rounds to zero
                }
                let close = self.tolerance.map(|t| t.close(s, d));
                let (errors, severity_floor) = if !finite {
                    (Errors::None, if exact { 0.0 } else { f64::INFINITY })
                } else if !s.is_finite() {
                    (Errors::None, f64::INFINITY)
                } else {
                    (value_errors(s, d, q.exact)?, 0.0)
                };
                Some(Judged {
                    exact,
                    overflow,
                    above_max,
                    underflow,
                    error: false,
                    errors,
                    close,
                    severity_floor,
                })
            }
            Fast::IntOfText { lo, hi } => {
                if !q.plain_int {
                    // Python's int() refuses it (the exact route words numpy's error).
                    return None;
                }
                let n = q.integer?;
                let in_range = n >= lo && n <= hi;
                let s = n as f64;
                Some(Judged {
                    exact: in_range,
                    overflow: !in_range,
                    above_max: false,
                    underflow: false,
                    error: !in_range,
                    errors: Errors::None,
                    close: self.tolerance.map(|t| in_range && t.close(s, d)),
                    severity_floor: if in_range { 0.0 } else { f64::INFINITY },
                })
            }
            Fast::IntOfFloat { lo, hi, ml } => {
                if !d.is_finite() || d.abs() >= 1e38 {
                    return None;
                }
                let t = d.trunc();
                let n = t as i128;
                let (range_value, overflow) = if ml {
                    (d, false)
                } else {
                    (t, !(n >= lo && n <= hi))
                };
                let in_range = if ml {
                    range_value >= lo as f64 && range_value <= hi as f64
                } else {
                    !overflow
                };
                let error = !in_range;
                let whole = q.integer.is_some() || (q.exact && d.fract() == 0.0);
                if !q.exact && q.integer.is_none() && d.fract() == 0.0 {
                    return None; // whole in float64, perhaps not as typed
                }
                let exact = !error && whole;
                let errors = if error {
                    Errors::None
                } else {
                    value_errors(t, d, q.exact)?
                };
                Some(Judged {
                    exact,
                    overflow: overflow && !ml,
                    above_max: false,
                    underflow: false,
                    error,
                    errors,
                    close: self.tolerance.map(|tol| !error && tol.close(t, d)),
                    severity_floor: if error { f64::INFINITY } else { 0.0 },
                })
            }
        }
    }
}

/// The errors of stored `s` against text read as `d`: exact when the text is `d` and `s − d`
/// is exact in float64 (Sterbenz: `s` within a factor of two of `d`, or zero); bounded when the
/// text is not `d` (it lies within half a unit in the last place of `d`); else `None` (the
/// exact route).
fn value_errors(s: f64, d: f64, text_exact: bool) -> Option<Errors> {
    let sterbenz = s == 0.0
        || (s.signum() == d.signum() && s.abs() <= 2.0 * d.abs() && d.abs() <= 2.0 * s.abs());
    if text_exact {
        if !sterbenz {
            return None;
        }
        let abs = (s - d).abs();
        let rel = if d == 0.0 { 0.0 } else { abs / d.abs() };
        return Some(Errors::Known { abs, rel });
    }
    // |x − d| <= ulp(d)/2 <= |d|·2^-53 (or the smallest subnormal), so |s − x| is within that
    // of |s − d|; the bounds are loose on purpose.
    let slack = d.abs() * 2f64.powi(-52) + 1e-320;
    let approx = (s - d).abs();
    let abs = approx * (1.0 + 2f64.powi(-50)) + slack;
    let magnitude = d.abs() * (1.0 - 2f64.powi(-50)) - 1e-320;
    let rel = if magnitude > 0.0 {
        abs / magnitude
    } else {
        f64::INFINITY
    };
    Some(Errors::Bounded { abs, rel })
}

fn known_errors(f: &Fate) -> Errors {
    match (&f.judged.abs_error, &f.numpy) {
        (Some(abs), Ok(_)) => Errors::Known {
            abs: rational_f64(abs),
            rel: f.judged.rel_error.as_ref().map_or(0.0, rational_f64),
        },
        // Text too small for any format: its absolute error rounds to 0 in float64.
        (None, Ok(_)) if f.judged.rel_error.is_some() => Errors::Known {
            abs: 0.0,
            rel: f.judged.rel_error.as_ref().map_or(0.0, rational_f64),
        },
        _ => Errors::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype;

    const PLATFORM: Platform = Platform::LINUX_X86_64;

    /// What a tally found, to compare.
    fn summary(t: &Tally) -> impl PartialEq + std::fmt::Debug + use<> {
        (
            t.counts,
            t.exceeding,
            t.max_abs_error.to_bits(),
            t.max_rel_error.to_bits(),
            t.worst.clone(),
            t.ladder.smallest(PLATFORM),
        )
    }

    /// The fast route and the exact one agree value by value, and the tally of values read the
    /// fast way equals the tally of the same values read exactly.
    #[test]
    fn the_fast_route_agrees_with_the_exact_one() {
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "1",
            "-1",
            "0.1",
            "0.5",
            "1.5",
            "2049",
            "2049.0000000000001",
            "65504",
            "65519.99",
            "65520",
            "-65520",
            "1e-8",
            "-1e-8",
            "6e-8",
            "3e-8",
            "1e300",
            "-1e300",
            "1e-320",
            "5e-324",
            "2e-324",
            "1e400",
            "inf",
            "-inf",
            "nan",
            "255",
            "256",
            "-129",
            "300",
            "1e5",
            "1.0",
            "12.5e1",
            "448",
            "464",
            "0.0625",
            "1_000",
            " 7 ",
            "3.4e38",
            "3.5e38",
            "9007199254740993",
            "9007199254740992",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "123456789012345678901234",
            "0.30000000000000004",
            "1.00000000000000000001",
            "7.5",
            "-7.5",
            "6.0",
            "6.5",
            "1e-10",
            "65505",
            "65519",
            "-65519",
            "100",
            "7.75",
            "1e20001",
            "-1e-20001",
            "0x10",
            "\u{661}\u{662}.\u{665}",
            " 7\u{3000}",
            "nan(1)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut r = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..600 {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            let digits = r % 100_000;
            let exp = (r >> 20) % 90;
            let text = match r % 4 {
                0 => format!("{digits}e{}", exp as i64 - 45),
                1 => format!("-{}.{digits}", (r >> 40) % 1000),
                2 => format!("{}", (r >> 11) as i64),
                _ => format!("{:e}", f64::from_bits(r >> 2)),
            };
            texts.push(text);
        }
        let targets = [
            "float16",
            "float32",
            "float64",
            "longdouble",
            "bfloat16",
            "float8_e4m3fn",
            "float8_e5m2",
            "float8_e4m3fnuz",
            "float6_e2m3fn",
            "float4_e2m1fn",
            "float8_e8m0fnu",
            "int8",
            "uint8",
            "int64",
            "uint64",
            "int4",
            "uint2",
            "bool",
        ];
        for name in targets {
            let dt = dtype::parse(name, PLATFORM).unwrap_or_else(|e| panic!("{e}"));
            for via in [Via::String, Via::Float64] {
                let Some(target) = store::target(&dt) else {
                    continue;
                };
                let tol = Some(Tolerance {
                    rtol: 1e-3,
                    atol: 1e-6,
                });
                let mut fast = Tally::new(&dt, target, via, tol);
                let mut exact = Tally::new(
                    &dt,
                    store::target(&dt).unwrap_or_else(|| panic!("{name}")),
                    via,
                    tol,
                );
                exact.fast = None;
                for (i, t) in texts.iter().enumerate() {
                    let one = |fast_route: bool| {
                        let mut one = Tally::new(
                            &dt,
                            store::target(&dt).unwrap_or_else(|| panic!("{name}")),
                            via,
                            tol,
                        );
                        if !fast_route {
                            one.fast = None;
                        }
                        one.add(1, t).unwrap_or_else(|e| panic!("{t}: {e:?}"));
                        summary(&one)
                    };
                    assert_eq!(one(true), one(false), "{t} into {name} via {via:?}");
                    fast.add(i as u64 + 1, t)
                        .unwrap_or_else(|e| panic!("{t}: {e:?}"));
                    exact
                        .add(i as u64 + 1, t)
                        .unwrap_or_else(|e| panic!("{t}: {e:?}"));
                }
                assert_eq!(summary(&fast), summary(&exact), "{name} via {via:?}");
            }
        }
    }

    #[test]
    fn quick_reads_what_python_reads() {
        let q = |s: &str| quick(s).map(|q| (q.value, q.exact, q.integer, q.plain_int));
        assert_eq!(
            quick("1e39").map(|q| (q.integer, q.whole)),
            Some((None, true))
        );
        assert_eq!(q("1"), Some((1.0, true, Some(1), true)));
        assert_eq!(q("-12e2"), Some((-1200.0, true, Some(-1200), false)));
        assert_eq!(q("0.1"), Some((0.1, false, None, false)));
        assert_eq!(q("0.5"), Some((0.5, true, None, false)));
        assert_eq!(q("1e23"), Some((1e23, false, Some(10i128.pow(23)), false)));
        assert_eq!(q("1e22"), Some((1e22, true, Some(10i128.pow(22)), false)));
        assert_eq!(q("1_0"), None);
        assert_eq!(q("nan"), None);
        assert_eq!(q("12345678901234567890"), None);
        assert_eq!(q("."), None);
        assert_eq!(q("1e"), None);
    }
}
