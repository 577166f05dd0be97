//! What happens to each weak Python scalar when an operation runs: numpy converts it to the
//! promoted dtype, and that conversion (not the promotion) is where NEP 50's surprises
//! surface — `np.add(np.zeros(1, np.uint8), 300)` raises `OverflowError`, a float too large
//! for float16 becomes inf with a `RuntimeWarning`, a Python int past 2^53 rounds in float64.
//!
//! The operation modelled is `np.add(np.zeros(1, dtype=R), scalar)` with R the result type,
//! and the value is `np.asarray(scalar, dtype=R)`, both as numpy 2.5 (with ml_dtypes 0.6)
//! does them.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::cast::store::{Via, int_error, numpy_float, target};
use crate::dtype::numeric::{Numeric, long_double_format, numeric};
use crate::dtype::{Body, DType, FloatType, MlKind};
use crate::number::limits::IntLimits;
use crate::number::round::{as_text, convert, round_text};
use crate::number::text::Text;
use crate::number::{FloatFormat, Value};

use super::Operand;

/// A Python exception or warning: its class name and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyException {
    pub exception: String,
    pub message: String,
}

impl PyException {
    fn new(exception: &str, message: impl Into<String>) -> PyException {
        PyException {
            exception: exception.to_string(),
            message: message.into(),
        }
    }

    fn overflow(message: impl Into<String>) -> PyException {
        PyException::new("OverflowError", message)
    }
}

/// What the operation does with the scalar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It raises.
    Raises(PyException),
    /// It runs, with these warnings (each `exception` is the warning's category).
    Runs(Vec<PyException>),
}

/// The scalar as the result dtype holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Converted {
    Int(BigInt),
    Float(Value),
    Complex {
        real: Value,
        imag: Value,
    },
    /// timedelta64's "not a time" (the int -2^63).
    NaT,
}

/// One weak scalar's conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    /// The scalar's position among the operands.
    pub operand: usize,
    /// `np.add(np.zeros(1, dtype=R), scalar)`.
    pub add: Outcome,
    /// `np.asarray(scalar, dtype=R)`: `None` for object and datetime results, and when the
    /// conversion raises.
    pub value: Option<Converted>,
    /// Whether the value differs from the Python scalar's own.
    pub changed: bool,
}

const CAST_OVERFLOW: &str = "overflow encountered in cast";
const GENERIC_TIMEDELTA: &str = "The 'generic' unit for NumPy timedelta is deprecated, and will raise an error in the future. This includes implicit conversion of bare integers (e.g. `+ 1`). Please use a specific unit instead.";

/// Each weak scalar among `operands` (Python int, float, complex) converted into `result`.
pub fn conversions(operands: &[Operand], result: &DType) -> Vec<Conversion> {
    operands
        .iter()
        .enumerate()
        .filter(|(_, op)| op.is_weak())
        .map(|(i, op)| {
            let (add, value) = convert_one(op, result);
            let changed = value.as_ref().is_some_and(|v| !same_value(op, v));
            Conversion {
                operand: i,
                add,
                value,
                changed,
            }
        })
        .collect()
}

fn runs() -> Outcome {
    Outcome::Runs(Vec::new())
}

fn warns(category: &str, message: &str) -> Outcome {
    Outcome::Runs(vec![PyException::new(category, message)])
}

fn raises(e: PyException) -> (Outcome, Option<Converted>) {
    (Outcome::Raises(e), None)
}

/// An IEEE double as an exact value.
fn double(x: f64) -> Value {
    FloatFormat::DOUBLE.decode(u128::from(x.to_bits()))
}

/// Python's `float(n)`: correctly rounded, `OverflowError` past the largest double.
fn int_to_double(n: &BigInt) -> Result<Value, PyException> {
    match FloatFormat::DOUBLE.round(&BigRational::from_integer(n.clone())) {
        Value::Infinite { .. } => Err(PyException::overflow("int too large to convert to float")),
        v => Ok(v),
    }
}

/// A double rounded into a narrower numpy float, with numpy's warning when a finite value
/// becomes infinite.
fn narrow(x: &Value, format: &FloatFormat) -> (Value, bool) {
    let v = round_text(format, &as_text(x));
    let overflow = matches!(v, Value::Infinite { .. }) && matches!(x, Value::Finite { .. });
    (v, overflow)
}

fn numpy_format(ft: FloatType) -> FloatFormat {
    match ft {
        FloatType::Half => FloatFormat::HALF,
        FloatType::Single => FloatFormat::SINGLE,
        FloatType::Double => FloatFormat::DOUBLE,
        FloatType::LongDouble(kind) => long_double_format(kind),
    }
}

/// The dtype a Python scalar has in numpy's error messages (its default dtype).
fn scalar_repr(op: &Operand) -> &'static str {
    match op {
        Operand::PyFloat(_) => "dtype('float64')",
        Operand::PyComplex { .. } => "dtype('complex128')",
        _ => "dtype('int64')",
    }
}

fn convert_one(op: &Operand, r: &DType) -> (Outcome, Option<Converted>) {
    match &r.body {
        Body::Object => (runs(), None),
        Body::Str | Body::Bytes => raises(PyException::new(
            "UFuncTypeError",
            format!(
                "ufunc 'add' did not contain a loop with signature matching types ({}, {}) -> None",
                super::dtype_repr(r),
                scalar_repr(op)
            ),
        )),
        Body::DateTime(_) | Body::TimeDelta(_) => {
            let Operand::PyInt(n) = op else {
                return (runs(), None);
            };
            let Some(v) = n.to_i64() else {
                return raises(PyException::overflow("int too big to convert"));
            };
            let value = match (&r.body, v) {
                (Body::DateTime(_), _) => None,
                (_, i64::MIN) => Some(Converted::NaT),
                _ => Some(Converted::Int(n.clone())),
            };
            (warns("DeprecationWarning", GENERIC_TIMEDELTA), value)
        }
        Body::Int { signed } => {
            let Operand::PyInt(n) = op else {
                return (runs(), None);
            };
            let bits = u32::try_from(r.itemsize * 8).unwrap_or(64);
            let error = match r.char {
                // `long long` goes through Python's own conversion past 64 bits.
                'q' | 'Q' => {
                    let lo = -(BigInt::from(1) << 63usize);
                    let hi = if *signed {
                        BigInt::from(1) << 63usize
                    } else {
                        BigInt::from(1) << 64usize
                    };
                    if *n < lo || *n >= hi {
                        Some("int too big to convert".to_string())
                    } else {
                        int_error(n, &IntLimits::new(bits, *signed), &r.name())
                    }
                }
                _ => int_error(n, &IntLimits::new(bits, *signed), &r.name()),
            };
            match error {
                Some(message) => raises(PyException::overflow(message)),
                None => (runs(), Some(Converted::Int(n.clone()))),
            }
        }
        Body::Bool => (runs(), None),
        Body::Float(ft) => float_target(op, *ft),
        Body::Complex(ft) => complex_target(op, &numpy_format(*ft)),
        Body::Ml(m) => ml_target(op, r, m.format),
        _ => (runs(), None),
    }
}

fn float_target(op: &Operand, ft: FloatType) -> (Outcome, Option<Converted>) {
    let format = numpy_format(ft);
    let x = match op {
        Operand::PyInt(n) if matches!(ft, FloatType::LongDouble(_)) => {
            // numpy reads a Python int into long double through its decimal text.
            if n.abs().to_string().len() > 4300 {
                return raises(PyException::new(
                    "ValueError",
                    "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit",
                ));
            }
            let v = format.round(&BigRational::from_integer(n.clone()));
            let outcome = if matches!(v, Value::Infinite { .. }) {
                warns(
                    "RuntimeWarning",
                    "overflow encountered in conversion from python long",
                )
            } else {
                runs()
            };
            return (outcome, Some(Converted::Float(v)));
        }
        Operand::PyInt(n) => match int_to_double(n) {
            Ok(v) => v,
            Err(e) => return raises(e),
        },
        Operand::PyFloat(x) => double(*x),
        _ => return (runs(), None),
    };
    let (v, overflow) = narrow(&x, &format);
    let outcome = if overflow {
        warns("RuntimeWarning", CAST_OVERFLOW)
    } else {
        runs()
    };
    (outcome, Some(Converted::Float(v)))
}

fn complex_target(op: &Operand, format: &FloatFormat) -> (Outcome, Option<Converted>) {
    let (re, im) = match op {
        Operand::PyInt(n) => match int_to_double(n) {
            Ok(v) => (v, Value::finite(false, Zero::zero(), 0)),
            Err(e) => return raises(e),
        },
        Operand::PyFloat(x) => (double(*x), Value::finite(false, Zero::zero(), 0)),
        Operand::PyComplex { real, imag } => (double(*real), double(*imag)),
        _ => return (runs(), None),
    };
    let (real, o1) = narrow(&re, format);
    let (imag, o2) = narrow(&im, format);
    let outcome = if o1 || o2 {
        warns("RuntimeWarning", CAST_OVERFLOW)
    } else {
        runs()
    };
    (outcome, Some(Converted::Complex { real, imag }))
}

/// A Python int into an ml_dtypes format: a C `long long` (larger ints are a `TypeError`),
/// through float64, then as ml_dtypes casts.
fn ml_target(op: &Operand, r: &DType, kind: MlKind) -> (Outcome, Option<Converted>) {
    let Operand::PyInt(n) = op else {
        return (runs(), None);
    };
    if n.to_i64().is_none() {
        // ml_dtypes reads a Python int as a C long long.
        return raises(PyException::new("TypeError", "expected number, got int"));
    }
    let text = Text::Finite(BigRational::from_integer(n.clone()));
    match (kind, numeric(r), target(r)) {
        (MlKind::Float { .. }, _, Some(crate::cast::store::Target::Float { limits, .. })) => {
            let v = numpy_float(&limits, true, Via::Float64, &text);
            (runs(), Some(Converted::Float(v)))
        }
        (MlKind::Complex { .. }, Some(Numeric::Float { limits, .. }), _) => {
            let x = match int_to_double(n) {
                Ok(v) => v,
                Err(e) => return raises(e),
            };
            let real = convert(&x, &limits);
            let imag = limits.format.zero(false);
            (runs(), Some(Converted::Complex { real, imag }))
        }
        (MlKind::Int { .. }, Some(Numeric::Int { limits, dtype, .. }), _) => {
            match int_error(n, &limits, &dtype) {
                Some(m) => raises(PyException::overflow(m)),
                None => (runs(), Some(Converted::Int(n.clone()))),
            }
        }
        _ => (runs(), None),
    }
}

/// Whether the converted value is the scalar's own (an int exactly; a float or complex as the
/// same double, inf and -0.0 included).
fn same_value(op: &Operand, v: &Converted) -> bool {
    let exact = |x: &BigRational, v: &Value| match v {
        Value::Finite { .. } => v.to_rational() == *x,
        _ => false,
    };
    let same_double = |x: f64, v: &Value| {
        let d = double(x);
        match (&d, v) {
            (Value::Finite { .. }, Value::Finite { .. }) => d.to_rational() == v.to_rational(),
            _ => d == *v,
        }
    };
    match (op, v) {
        (Operand::PyInt(n), Converted::Int(m)) => n == m,
        (Operand::PyInt(n), Converted::Float(f)) => exact(&BigRational::from_integer(n.clone()), f),
        (Operand::PyInt(n), Converted::Complex { real, imag }) => {
            exact(&BigRational::from_integer(n.clone()), real) && imag.is_zero()
        }
        (Operand::PyFloat(x), Converted::Float(f)) => same_double(*x, f),
        (Operand::PyFloat(x), Converted::Complex { real, imag }) => {
            same_double(*x, real) && imag.is_zero()
        }
        (Operand::PyComplex { real: a, imag: b }, Converted::Complex { real, imag }) => {
            same_double(*a, real) && same_double(*b, imag)
        }
        _ => false,
    }
}

impl Converted {
    /// The value as the golden data writes it: an integer, a reduced fraction `p/q`, `inf`,
    /// `-inf`, `nan`, or `NaT`.
    pub fn text(v: &Value) -> String {
        match v {
            Value::Finite { .. } => v.fraction().unwrap_or_default(),
            Value::Infinite { negative: false } => "inf".to_string(),
            Value::Infinite { negative: true } => "-inf".to_string(),
            Value::NaN { .. } => "nan".to_string(),
        }
    }
}
