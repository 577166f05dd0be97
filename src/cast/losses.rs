//! npmem's own verdict on a cast: does every value of FROM survive the trip to TO? numpy
//! calls int64 → float64 "safe", yet 9007199254740993 becomes 9007199254740992. For each kind
//! of loss, the smallest witness, found from the formats' parameters.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use serde::Serialize;

use crate::dtype::numeric::{Numeric, numeric, show};
use crate::dtype::{Body, DType, DateTimeUnit, Platform};
use crate::number::limits::{FloatLimits, IntLimits};
use crate::number::round::wrap;
use crate::number::{FloatFormat, Specials, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// Integers or fractions the target cannot hold exactly.
    Precision,
    /// Values past the target's largest (they wrap, become inf or NaN, or are undefined).
    Range,
    /// Tiny values that become zero.
    Underflow,
    /// Negative values into an unsigned type.
    Sign,
    /// The sign of zero, where the target has no negative zero.
    SignedZero,
    /// Fractional parts cut off.
    Fraction,
    /// NaN or infinity with no counterpart in the target.
    NonFinite,
    /// The imaginary part dropped.
    Imaginary,
    /// Every nonzero value becomes True.
    Bool,
    /// Text or bytes cut to a shorter length.
    Truncation,
    /// Characters the target encoding cannot hold.
    Encoding,
    /// Text that is not a number.
    Parse,
    /// Time resolution lost to a coarser unit.
    Unit,
    /// Python objects: nothing can be proven.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Loss {
    pub kind: LossKind,
    pub witness: String,
    pub becomes: String,
    pub message: String,
}

fn loss(
    kind: LossKind,
    witness: impl Into<String>,
    becomes: impl Into<String>,
    message: impl Into<String>,
) -> Loss {
    Loss {
        kind,
        witness: witness.into(),
        becomes: becomes.into(),
        message: message.into(),
    }
}

const UNDEFINED: &str = "undefined (numpy: \"invalid value encountered in cast\")";

/// A dtype as a set of numbers, when it is one.
enum Num {
    Bool,
    Int(IntLimits),
    Real(Box<FloatLimits>),
    Complex(Box<FloatLimits>),
}

fn num(dt: &DType) -> Option<Num> {
    if dt.body == Body::Bool {
        return Some(Num::Bool);
    }
    let complex = matches!(dt.body, Body::Complex(_))
        || matches!(&dt.body, Body::Ml(m) if matches!(m.format, crate::dtype::MlKind::Complex { .. }));
    match numeric(dt)? {
        Numeric::Int { limits, .. } => Some(Num::Int(limits)),
        Numeric::Float { limits, .. } if complex => Some(Num::Complex(limits)),
        Numeric::Float { limits, .. } => Some(Num::Real(limits)),
    }
}

fn rational(n: &BigInt) -> BigRational {
    BigRational::from_integer(n.clone())
}

/// What a numeric cast loses, each with its smallest witness.
pub fn losses(from: &DType, to: &DType, platform: Platform) -> Vec<Loss> {
    if matches!(to.body, Body::Object) {
        return Vec::new();
    }
    if matches!(from.body, Body::Object) {
        return vec![loss(
            LossKind::Unknown,
            "any Python object",
            "depends on the object",
            "an object array can hold anything; npmem cannot prove any value survives",
        )];
    }
    if let Some(out) = void_losses(from, to, platform) {
        return out;
    }
    match (num(from), num(to)) {
        (Some(f), Some(t)) => numeric_losses(&f, &t, platform),
        (Some(f), None) => number_into_other(from, &f, to, platform),
        (None, _) => other_losses(from, to),
    }
}

/// What a cast between structures (field by field, as numpy pairs them by position), out of a
/// single field, into every field, or between subarrays of one shape (element by element)
/// loses; `None` for any other cast.
fn void_losses(from: &DType, to: &DType, platform: Platform) -> Option<Vec<Loss>> {
    let in_field = |name: &str, found: Vec<Loss>| -> Vec<Loss> {
        found
            .into_iter()
            .map(|mut l| {
                l.message = format!("field '{name}': {}", l.message);
                l
            })
            .collect()
    };
    Some(match (&from.body, &to.body) {
        (Body::Structured(a), Body::Structured(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .flat_map(|(x, y)| in_field(&y.name, losses(&x.dtype, &y.dtype, platform)))
            .collect(),
        (Body::Structured(a), _) if a.len() == 1 => losses(&a[0].dtype, to, platform),
        (_, Body::Structured(b)) if !matches!(from.body, Body::Structured(_)) => b
            .iter()
            .flat_map(|y| in_field(&y.name, losses(from, &y.dtype, platform)))
            .collect(),
        (
            Body::Subarray { base: x, shape: s },
            Body::Subarray {
                base: y, shape: t, ..
            },
        ) if s == t => losses(x, y, platform),
        _ => return None,
    })
}

fn numeric_losses(from: &Num, to: &Num, platform: Platform) -> Vec<Loss> {
    match (from, to) {
        (Num::Bool, _) => Vec::new(),
        (Num::Int(_) | Num::Real(_) | Num::Complex(_), Num::Bool) => vec![loss(
            LossKind::Bool,
            "2",
            "True",
            "every nonzero value becomes True",
        )],
        (Num::Int(f), Num::Int(t)) => int_to_int(f, t),
        (Num::Int(f), Num::Real(t) | Num::Complex(t)) => int_to_float(f, t, platform),
        (Num::Real(f), Num::Real(t) | Num::Complex(t)) => float_to_float(f, t, platform),
        (Num::Real(f), Num::Int(t)) => float_to_int(f, t, platform),
        (Num::Complex(f), Num::Complex(t)) => float_to_float(f, t, platform),
        (Num::Complex(f), Num::Real(_) | Num::Int(_)) => {
            let mut out = vec![loss(
                LossKind::Imaginary,
                "1j",
                "0",
                "the imaginary part is dropped (numpy warns: ComplexWarning)",
            )];
            // The real part goes on as a real of the same format would.
            out.extend(numeric_losses(&Num::Real(f.clone()), to, platform));
            out
        }
    }
}

fn int_to_int(f: &IntLimits, t: &IntLimits) -> Vec<Loss> {
    let mut out = Vec::new();
    if f.min < t.min && t.min.is_zero() {
        out.push(loss(
            LossKind::Sign,
            "-1",
            wrap(&BigInt::from(-1), t.bits, t.signed).to_string(),
            "negative values wrap around into the unsigned range",
        ));
    }
    if f.max > t.max {
        let w: BigInt = &t.max + BigInt::one();
        out.push(loss(
            LossKind::Range,
            w.to_string(),
            wrap(&w, t.bits, t.signed).to_string(),
            format!("values above {} wrap around", t.max),
        ));
    } else if f.min < t.min && !t.min.is_zero() {
        let w: BigInt = &t.min - BigInt::one();
        out.push(loss(
            LossKind::Range,
            w.to_string(),
            wrap(&w, t.bits, t.signed).to_string(),
            format!("values below {} wrap around", t.min),
        ));
    }
    out
}

/// The smallest positive integer a float format cannot hold exactly: 2^p + 1.
fn first_inexact_integer(format: &FloatFormat) -> BigInt {
    (BigInt::one() << format.precision_bits()) + 1
}

fn int_to_float(f: &IntLimits, t: &FloatLimits, platform: Platform) -> Vec<Loss> {
    let mut out = Vec::new();
    let fmt = &t.format;
    let inexact = first_inexact_integer(fmt);
    let max = t.max.to_rational();
    if f.max >= inexact && rational(&inexact) <= max {
        let stored = stored(t, &rational(&inexact));
        out.push(loss(
            LossKind::Precision,
            inexact.to_string(),
            exact_integer(&stored),
            format!(
                "{} holds every integer only up to 2^{} = {}",
                t.format.name,
                fmt.precision_bits(),
                BigInt::one() << fmt.precision_bits()
            ),
        ));
    }
    if let Some(n) = smallest_integer(&f.max, |n| target_overflows(t, &rational(n))) {
        out.push(loss(
            LossKind::Range,
            n.to_string(),
            show(t, platform, &stored(t, &rational(&n))),
            format!(
                "{} holds nothing above {}",
                t.format.name,
                show(t, platform, &t.max)
            ),
        ));
    }
    if f.min.is_negative() && !fmt.is_signed() {
        out.push(loss(
            LossKind::Sign,
            "-1",
            show(t, platform, &fmt.round(&rational(&BigInt::from(-1)))),
            "the format is unsigned",
        ));
    }
    if fmt.specials == Specials::ExponentOnly {
        out.push(loss(
            LossKind::Precision,
            "0",
            show(t, platform, &fmt.round(&BigRational::zero())),
            "the format has no zero",
        ));
    }
    out
}

fn exact_integer(v: &Value) -> String {
    match v {
        Value::Finite { .. } => {
            let r = v.to_rational();
            if r.is_integer() {
                r.to_integer().to_string()
            } else {
                crate::number::print::exact_decimal(v)
            }
        }
        Value::Infinite { negative: true } => "-inf".to_string(),
        Value::Infinite { negative: false } => "inf".to_string(),
        Value::NaN { .. } => "nan".to_string(),
    }
}

/// Whether `x` rounds (ties to even, exponent unbounded) past the format's largest value.
fn overflows(fmt: &FloatFormat, x: &BigRational) -> bool {
    let magnitude = x.abs();
    if magnitude.is_zero() {
        return false;
    }
    let quantum = fmt.quantum_at(&magnitude);
    let n = crate::number::float::round_half_even(&(&magnitude / &quantum));
    BigRational::from_integer(BigInt::from(n)) * quantum > fmt.max_value().to_rational()
}

/// The value the target's rounding sees: ml_dtypes casts through float32 first.
fn reach(t: &FloatLimits, x: &BigRational) -> Option<BigRational> {
    use crate::number::limits::Convention;
    match t.convention {
        Convention::MlDtypes { .. } => match FloatFormat::SINGLE.round(x) {
            v @ Value::Finite { .. } => Some(v.to_rational()),
            _ => None,
        },
        Convention::Numpy(_) => Some(x.clone()),
    }
}

/// Whether casting `x` into the target runs past its largest value.
fn target_overflows(t: &FloatLimits, x: &BigRational) -> bool {
    reach(t, x).is_none_or(|r| overflows(&t.format, &r))
}

/// What the cast stores for `x`.
fn stored(t: &FloatLimits, x: &BigRational) -> Value {
    crate::number::round::convert(&Value::from_rational(x), t)
}

/// The smallest positive finite value of `from` for which `pred` holds, by bisecting its
/// encodings (positive encodings are ordered like their values). `None` for the x87 format,
/// whose encodings interleave invalid patterns.
fn smallest_value(from: &FloatFormat, pred: impl Fn(&BigRational) -> bool) -> Option<Value> {
    if from.explicit_integer_bit {
        return None;
    }
    let top = from.encode(&from.max_value())?;
    if !pred(&from.decode(top).to_rational()) {
        return None;
    }
    let (mut lo, mut hi) = (0u128, top);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if pred(&from.decode(mid).to_rational()) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(from.decode(hi))
}

/// The smallest integer in `[1, max]` for which `pred` holds.
fn smallest_integer(max: &BigInt, pred: impl Fn(&BigInt) -> bool) -> Option<BigInt> {
    if !pred(max) {
        return None;
    }
    let (mut lo, mut hi) = (BigInt::zero(), max.clone());
    while &hi - &lo > BigInt::one() {
        let mid: BigInt = (&lo + &hi) / 2;
        if pred(&mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

fn float_to_float(f: &FloatLimits, t: &FloatLimits, platform: Platform) -> Vec<Loss> {
    let mut out = Vec::new();
    let (ff, tf) = (&f.format, &t.format);
    // Resolution: the value just above 1.
    let above_one = Value::from_rational(&(BigRational::one() + f.eps.to_rational()));
    let kept = stored(t, &above_one.to_rational());
    if kept.to_rational() != above_one.to_rational() {
        out.push(loss(
            LossKind::Precision,
            show(f, platform, &above_one),
            show(t, platform, &kept),
            format!(
                "resolution drops from eps {} to {}",
                show(f, platform, &f.eps),
                show(t, platform, &t.eps)
            ),
        ));
    }
    // Range: the smallest FROM value that rounds past TO's largest.
    let tmax = t.max.to_rational();
    if f.max.to_rational() > tmax {
        let witness = smallest_value(ff, |x| target_overflows(t, x)).or_else(|| {
            let half_ulp = tf.quantum_at(&tmax) / BigRational::from_integer(BigInt::from(2));
            let threshold = &tmax + half_ulp;
            let mut candidate = ff.round(&threshold).to_rational();
            if candidate < threshold {
                candidate += ff.quantum_at(&candidate);
            }
            for _ in 0..2 {
                if overflows(tf, &candidate) {
                    break;
                }
                candidate += ff.quantum_at(&candidate);
            }
            Some(Value::from_rational(&candidate))
        });
        if let Some(witness) = witness {
            out.push(loss(
                LossKind::Range,
                show(f, platform, &witness),
                show(t, platform, &stored(t, &witness.to_rational())),
                format!(
                    "{} holds nothing above {}",
                    tf.name,
                    show(t, platform, &t.max)
                ),
            ));
        }
    }
    // Underflow: FROM's smallest value that TO turns into zero.
    let tiny = f.smallest_subnormal.to_rational();
    let stored_tiny = stored(t, &tiny);
    if stored_tiny.to_rational() != tiny && stored_tiny.is_zero() {
        out.push(loss(
            LossKind::Underflow,
            show(f, platform, &f.smallest_subnormal),
            show(t, platform, &stored_tiny),
            format!(
                "{} has nothing between 0 and {}",
                tf.name,
                show(t, platform, &t.smallest_subnormal)
            ),
        ));
    }
    if ff.has_infinity() && !tf.has_infinity() {
        let becomes = if tf.has_nan() {
            "nan".to_string()
        } else {
            show(t, platform, &t.max)
        };
        out.push(loss(
            LossKind::NonFinite,
            "inf",
            becomes,
            format!("{} has no infinity", tf.name),
        ));
    }
    // What TO lacks that FROM has: (lost, kind, witness, what it becomes, what TO lacks).
    let lacks = [
        (
            ff.has_nan() && !tf.has_nan(),
            LossKind::NonFinite,
            "nan",
            "a number",
            "has no NaN",
        ),
        (
            ff.is_signed() && !tf.is_signed(),
            LossKind::Sign,
            "-1.0",
            "nan",
            "is unsigned",
        ),
        (
            ff.has_negative_zero() && !tf.has_negative_zero() && tf.is_signed(),
            LossKind::SignedZero,
            "-0.0",
            "0",
            "has no negative zero",
        ),
    ];
    for (lost, kind, witness, becomes, what) in lacks {
        if lost {
            out.push(loss(kind, witness, becomes, format!("{} {what}", tf.name)));
        }
    }
    if tf.specials == Specials::ExponentOnly && ff.specials != Specials::ExponentOnly {
        out.push(loss(
            LossKind::Precision,
            "0.0",
            show(t, platform, &tf.round(&BigRational::zero())),
            "the format has no zero",
        ));
    }
    out
}

fn float_to_int(f: &FloatLimits, t: &IntLimits, platform: Platform) -> Vec<Loss> {
    let mut out = vec![loss(
        LossKind::Fraction,
        show(
            f,
            platform,
            &Value::from_rational(&BigRational::new(BigInt::one(), BigInt::from(2))),
        ),
        "0",
        "fractional parts are cut off (toward zero)",
    )];
    if f.format.has_nan() {
        out.push(loss(
            LossKind::NonFinite,
            "nan",
            UNDEFINED,
            "NaN and infinity have no integer form",
        ));
    } else if f.format.has_infinity() {
        out.push(loss(
            LossKind::NonFinite,
            "inf",
            UNDEFINED,
            "infinity has no integer form",
        ));
    }
    if f.max.to_rational() > rational(&t.max) {
        let above = rational(&t.max) + BigRational::one();
        let mut w = f.format.round(&above).to_rational();
        if w < above {
            w += f.format.quantum_at(&w);
        }
        out.push(loss(
            LossKind::Range,
            show(f, platform, &Value::from_rational(&w)),
            UNDEFINED,
            format!("values above {} have no {}-bit integer form", t.max, t.bits),
        ));
    }
    if f.format.is_signed() && t.min.is_zero() {
        out.push(loss(
            LossKind::Sign,
            "-1.0",
            UNDEFINED,
            "negative values have no unsigned form",
        ));
    }
    out
}

/// The characters numpy's `str()` may need for a number of this dtype, and the longest case.
fn longest_text(from: &DType, f: &Num, platform: Platform) -> (usize, String) {
    match f {
        Num::Bool => (5, "False".to_string()),
        Num::Int(l) => {
            let s = if l.min.is_negative() {
                l.min.to_string()
            } else {
                l.max.to_string()
            };
            (s.len(), s)
        }
        Num::Real(l) | Num::Complex(l) => {
            let s = show(l, platform, &l.min);
            let s = if matches!(from.body, Body::Complex(_)) {
                format!("({s}{s}j)")
            } else {
                s
            };
            (s.len(), s)
        }
    }
}

fn number_into_other(from: &DType, f: &Num, to: &DType, platform: Platform) -> Vec<Loss> {
    match &to.body {
        Body::Str | Body::Bytes => {
            let chars = if to.body == Body::Str {
                to.itemsize / 4
            } else {
                to.itemsize
            };
            let (need, text) = longest_text(from, f, platform);
            let have = usize::try_from(chars).unwrap_or(usize::MAX);
            if chars != 0 && have < need {
                vec![loss(
                    LossKind::Truncation,
                    text.clone(),
                    text.chars().take(have).collect::<String>(),
                    format!("{need} characters needed, {have} kept"),
                )]
            } else {
                Vec::new()
            }
        }
        Body::Void if to.itemsize != 0 && to.itemsize < from.itemsize => vec![loss(
            LossKind::Truncation,
            format!("{} bytes", from.itemsize),
            format!("{} bytes", to.itemsize),
            "raw bytes are cut",
        )],
        Body::TimeDelta(_) | Body::DateTime(_) => match f {
            Num::Int(l) if l.max > BigInt::from(i64::MAX) => vec![loss(
                LossKind::Range,
                (BigInt::from(i64::MAX) + BigInt::one()).to_string(),
                "NaT",
                "datetimes are 64-bit signed counts",
            )],
            Num::Real(_) | Num::Complex(_) => vec![loss(
                LossKind::Fraction,
                "0.5",
                "0",
                "time counts are integers",
            )],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn other_losses(from: &DType, to: &DType) -> Vec<Loss> {
    let chars = |d: &DType| match d.body {
        Body::Str => Some(d.itemsize / 4),
        Body::Bytes => Some(d.itemsize),
        _ => None,
    };
    match (&from.body, &to.body) {
        (Body::Str | Body::Bytes | Body::VString, Body::Str | Body::Bytes) => {
            let mut out = Vec::new();
            let target = chars(to).unwrap_or(0);
            let source = chars(from);
            if target != 0 && source.is_none_or(|n| n > target) {
                let n = usize::try_from(target).unwrap_or(0);
                out.push(loss(
                    LossKind::Truncation,
                    "x".repeat(n + 1),
                    "x".repeat(n),
                    format!("strings are cut to {target} characters"),
                ));
            }
            if to.body == Body::Bytes && from.body != Body::Bytes {
                out.push(loss(
                    LossKind::Encoding,
                    "é",
                    "UnicodeEncodeError",
                    "bytes hold ASCII only: numpy raises for other characters",
                ));
            }
            out
        }
        (Body::Str | Body::Bytes | Body::VString, _) if num(to).is_some() => vec![loss(
            LossKind::Parse,
            "abc",
            "ValueError",
            "text that is not a number cannot be cast",
        )],
        (Body::DateTime(a) | Body::TimeDelta(a), Body::DateTime(b) | Body::TimeDelta(b)) => {
            if a.unit != DateTimeUnit::Generic
                && (b.unit < a.unit || b.num > a.num)
                && b.unit != DateTimeUnit::Generic
            {
                vec![loss(
                    LossKind::Unit,
                    format!("1 {}", a.unit.symbol()),
                    format!("0 {}", b.unit.symbol()),
                    format!("resolution drops from {} to {}", a.brackets(), b.brackets()),
                )]
            } else {
                Vec::new()
            }
        }
        (Body::DateTime(_) | Body::TimeDelta(_), _) if num(to).is_some() => Vec::new(),
        _ if from.itemsize > to.itemsize && to.itemsize != 0 => vec![loss(
            LossKind::Truncation,
            format!("{} bytes", from.itemsize),
            format!("{} bytes", to.itemsize),
            "values do not fit",
        )],
        _ => Vec::new(),
    }
}
