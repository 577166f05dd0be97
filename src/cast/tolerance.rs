//! A cast's tolerance: `np.isclose` as numpy evaluates it, and how a report states it.

use num_rational::BigRational;
use serde::Serialize;

use super::store;
use crate::number::{FloatFormat, Value};

/// `np.isclose(stored, exact, rtol, atol)`: a value passes when
/// `|stored − exact| ≤ atol + rtol·|exact|`, or when stored and exact are equal (the same
/// infinity); never when the exact value is NaN (`equal_nan=False`). Evaluated as numpy
/// evaluates it: in float64, or in long double for a longdouble target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tolerance {
    pub rtol: f64,
    pub atol: f64,
}

impl Tolerance {
    /// numpy's defaults, for the one not given.
    pub const NUMPY_RTOL: f64 = 1e-5;
    pub const NUMPY_ATOL: f64 = 1e-8;

    /// `np.isclose(x, y)` of float64 `x` (stored) and `y` (exact), as numpy computes it.
    #[inline(always)]
    pub fn close(self, x: f64, y: f64) -> bool {
        ((x - y).abs() <= self.atol + self.rtol * y.abs()) & y.is_finite() | (x == y)
    }

    /// `np.isclose` of complex `x` (stored) and `y` (exact) as (real, imaginary) float64
    /// parts: distances are moduli (`hypot`), and `y` must be finite in both parts.
    pub fn close_complex(self, x: (f64, f64), y: (f64, f64)) -> bool {
        let diff = (x.0 - y.0).hypot(x.1 - y.1);
        let finite = y.0.is_finite() && y.1.is_finite();
        (diff <= self.atol + self.rtol * y.0.hypot(y.1)) & finite | (x == y)
    }

    /// The same, each operation rounded into `format` (numpy's long double arithmetic).
    pub fn close_in(self, format: &FloatFormat, x: &Value, y: &Value) -> bool {
        let (Value::Finite { .. }, Value::Finite { .. }) = (x, y) else {
            // Equal infinities only; NaN equals nothing.
            return matches!((x, y), (Value::Infinite { negative: a }, Value::Infinite { negative: b }) if a == b);
        };
        let rational = |v: f64| BigRational::from_float(v).unwrap_or_default();
        let diff = store::add_in(format, x, &y.negated());
        let scaled = format.round(&(rational(self.rtol) * y.magnitude_rational()));
        let bound = store::add_in(format, &format.round(&rational(self.atol)), &scaled);
        match bound {
            Value::Infinite { negative: false } => true,
            Value::Finite { .. } => {
                matches!(diff, Value::Finite { .. })
                    && diff.magnitude_rational() <= bound.to_rational()
            }
            _ => false,
        }
    }
}

/// `--rtol`/`--atol` in a report: the tolerance and how many values are outside it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToleranceReport {
    pub rtol: f64,
    pub atol: f64,
    /// Values outside the tolerance (numpy's errors included).
    pub exceeding: u64,
    /// Every value within it: the exit code.
    pub within: bool,
}

impl ToleranceReport {
    pub fn new(t: Tolerance, exceeding: u64) -> ToleranceReport {
        ToleranceReport {
            rtol: t.rtol,
            atol: t.atol,
            exceeding,
            within: exceeding == 0,
        }
    }

    /// A check passes when every value is within the tolerance, if one is given, else when
    /// every value is kept exactly.
    pub fn passes(tolerance: Option<&ToleranceReport>, lossless: bool) -> bool {
        tolerance.map_or(lossless, |t| t.within)
    }
}
