//! Python's numeric semantics where Dask's chunking arithmetic depends on them: `int / int` is
//! correctly rounded, `int` meets `float` by converting (or by exact comparison), `float // int`
//! floors as CPython does, and `int(float)` truncates. Each failure is the exception Python
//! raises, so a plan Dask refuses is refused here too.

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};
use num_rational::BigRational;
use num_traits::{FromPrimitive, Signed, ToPrimitive, Zero};

use super::DaskError;
use crate::number::float::{FloatFormat, Value};

/// A Python number as Dask's arithmetic carries it: an `int` (any size) or a `float`.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Int(BigInt),
    Float(f64),
}

impl Num {
    /// Python truthiness: `0`, `0.0` (and `-0.0`) are false.
    pub fn truthy(&self) -> bool {
        match self {
            Num::Int(i) => !i.is_zero(),
            Num::Float(f) => *f != 0.0,
        }
    }

    pub fn to_float(&self) -> Result<f64, DaskError> {
        match self {
            Num::Int(i) => int_to_float(i),
            Num::Float(f) => Ok(*f),
        }
    }

    /// `self * other`, as Python multiplies an int or float by another.
    pub fn mul(&self, other: &Num) -> Result<Num, DaskError> {
        Ok(match (self, other) {
            (Num::Int(a), Num::Int(b)) => Num::Int(a * b),
            _ => Num::Float(self.to_float()? * other.to_float()?),
        })
    }
}

/// `float(i)`: correctly rounded; Python raises OverflowError past the largest double.
pub fn int_to_float(i: &BigInt) -> Result<f64, DaskError> {
    if let Some(small) = i.to_i64()
        && small.unsigned_abs() <= 1 << 53
    {
        return Ok(small as f64);
    }
    let f = i.to_f64().unwrap_or(f64::INFINITY);
    if f.is_finite() {
        Ok(f)
    } else {
        Err(DaskError::overflow("int too large to convert to float"))
    }
}

/// `a / b` for two Python ints: the exact quotient rounded once.
pub fn int_truediv(a: &BigInt, b: &BigInt) -> Result<f64, DaskError> {
    if b.is_zero() {
        return Err(DaskError::zero_division("division by zero"));
    }
    let limit = BigInt::from(1u64 << 53);
    if a.abs() <= limit && b.abs() <= limit {
        return Ok(int_to_float(a)? / int_to_float(b)?);
    }
    let q = BigRational::new(a.clone(), b.clone());
    match FloatFormat::DOUBLE.round(&q) {
        Value::Infinite { .. } | Value::NaN { .. } => Err(DaskError::overflow(
            "integer division result too large for a float",
        )),
        v => value_to_f64(&v),
    }
}

fn value_to_f64(v: &Value) -> Result<f64, DaskError> {
    let bits = FloatFormat::DOUBLE
        .encode(v)
        .and_then(|b| u64::try_from(b).ok())
        .ok_or_else(|| DaskError::overflow("a quotient npmem cannot represent"))?;
    Ok(f64::from_bits(bits))
}

/// `a / b` for floats: Python raises ZeroDivisionError rather than returning infinity.
pub fn float_div(a: f64, b: f64) -> Result<f64, DaskError> {
    if b == 0.0 {
        return Err(DaskError::zero_division("float division by zero"));
    }
    Ok(a / b)
}

/// `a ** b` for floats, as CPython's `float_pow` (both operands positive in Dask's use).
pub fn float_pow(a: f64, b: f64) -> Result<f64, DaskError> {
    if a == 0.0 && b < 0.0 {
        return Err(DaskError::zero_division(
            "zero to a negative power is undefined",
        ));
    }
    if a < 0.0 && b.fract() != 0.0 {
        return Err(DaskError::type_error(
            "a negative number to a fractional power is complex",
        ));
    }
    let r = a.powf(b);
    if r.is_infinite() && a.is_finite() && b.is_finite() {
        return Err(DaskError::overflow("(34, 'Numerical result out of range')"));
    }
    Ok(r)
}

/// `a // b` for a float and a float, as CPython (and numpy's `floor_divide`) compute it.
pub fn float_floordiv(a: f64, b: f64) -> Result<f64, DaskError> {
    if b == 0.0 {
        return Err(DaskError::zero_division("float floor division by zero"));
    }
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let _ = m;
    if div != 0.0 {
        let mut floor = div.floor();
        if div - floor > 0.5 {
            floor += 1.0;
        }
        Ok(floor)
    } else {
        Ok(0.0f64.copysign(a / b))
    }
}

/// `int(f)`: truncation toward zero.
pub fn float_to_int(f: f64) -> Result<BigInt, DaskError> {
    if f.is_nan() {
        return Err(DaskError::value("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(DaskError::overflow(
            "cannot convert float infinity to integer",
        ));
    }
    BigInt::from_f64(f.trunc()).ok_or_else(|| DaskError::overflow("a float npmem cannot convert"))
}

/// Python's exact comparison of a float with an int (`None` when the float is NaN).
pub fn cmp_float_int(f: f64, i: &BigInt) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    let floor = BigInt::from_f64(f.floor())?;
    match floor.cmp(i) {
        Ordering::Equal if f.fract() != 0.0 => Some(Ordering::Greater),
        o => Some(o),
    }
}

/// Compare two Python numbers exactly.
pub fn cmp_num(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(y),
        (Num::Float(x), Num::Int(y)) => cmp_float_int(*x, y),
        (Num::Int(x), Num::Float(y)) => cmp_float_int(*y, x).map(Ordering::reverse),
    }
}

/// `max(1, int(c))` and friends need a non-negative int as a `u64`-free integer.
pub fn is_negative(i: &BigInt) -> bool {
    i.sign() == Sign::Minus
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floordiv_matches_python() {
        // Python: 7.5 // 2 == 3.0, -7.5 // 2 == -4.0, 1e300 // 3 == 3.3333333333333335e+299
        assert_eq!(float_floordiv(7.5, 2.0).ok(), Some(3.0));
        assert_eq!(float_floordiv(-7.5, 2.0).ok(), Some(-4.0));
        assert_eq!(
            float_floordiv(1e300, 3.0).ok(),
            Some(3.3333333333333335e299)
        );
        assert!(float_floordiv(1.0, 0.0).is_err());
    }

    #[test]
    fn int_division_is_correctly_rounded() {
        // Python: (10**30 + 1) / 3 == 3.333333333333333e+29
        let a = BigInt::from(10u8).pow(30) + 1;
        assert_eq!(
            int_truediv(&a, &BigInt::from(3)).ok(),
            Some(3.333333333333333e29)
        );
        // 2**53 + 1 does not survive float(), but the quotient by 1 rounds to even.
        let b = BigInt::from((1u64 << 53) + 1);
        assert_eq!(
            int_truediv(&b, &BigInt::from(1)).ok(),
            Some(9007199254740992.0)
        );
        assert!(int_truediv(&a, &BigInt::zero()).is_err());
        assert!(int_to_float(&BigInt::from(10u8).pow(400)).is_err());
    }

    #[test]
    fn comparisons_are_exact() {
        let big = BigInt::from((1u64 << 53) + 1);
        assert_eq!(
            cmp_float_int(9007199254740992.0, &big),
            Some(Ordering::Less)
        );
        assert_eq!(
            cmp_float_int(2.5, &BigInt::from(2)),
            Some(Ordering::Greater)
        );
        assert_eq!(cmp_float_int(-2.5, &BigInt::from(-2)), Some(Ordering::Less));
        assert_eq!(cmp_float_int(f64::NAN, &big), None);
    }
}
