//! Result dtypes of operators and ufuncs: npmem's N-ary NEP 50 promotion
//! ([`crate::cast::promote::result_type_of`]) over the operands as numpy sees them — arrays and
//! numpy scalars strong, Python `int`/`float`/`complex` weak (`f4 * 2.0` stays float32,
//! `u1 + 1` stays uint8), a Python `bool` numpy's strong `bool` — and the conversion of each
//! weak scalar into the result, where NEP 50 raises (`u1 + 300`: `OverflowError`).

use std::cell::RefCell;
use std::collections::HashMap;

use num_bigint::BigInt;

use super::value::{Value, dtype};
use crate::cast::promote::{Operand, Outcome, conversions, result_type_of};
use crate::cast::{Casting, can_cast};
use crate::dtype::{DType, Platform};

const PLATFORM: Platform = Platform::LINUX_X86_64;

/// The operand numpy's promotion sees for a value; `None` for what is neither an array nor a
/// number.
pub fn operand(v: &Value) -> Option<Operand> {
    Some(match v {
        Value::Array(a) => Operand::DType(a.dtype.clone()),
        Value::Scalar(d) => Operand::DType(d.clone()),
        Value::Bool(b) => Operand::PyBool(*b),
        Value::Int(i) => Operand::PyInt(BigInt::from(*i)),
        Value::Float(f) => Operand::PyFloat(*f),
        // The planner keeps no complex value; the class, not the value, decides the type.
        Value::Complex => Operand::PyComplex {
            real: 0.0,
            imag: 1.0,
        },
        _ => return None,
    })
}

/// The strong operand of a dtype (an array or numpy scalar of it).
pub fn strong(d: &DType) -> Operand {
    Operand::DType(d.clone())
}

/// The result dtype of a ufunc over `operands`, or why numpy raises: promotion fails
/// (`DTypePromotionError`) or a weak Python scalar does not fit the result (`OverflowError`).
pub fn result(operands: &[Operand]) -> Result<DType, String> {
    // Scripts repeat the same few promotions; numpy's tables are rebuilt per question, so
    // answers are remembered, by a hash of the operands (their dtypes and weak values) and
    // then the operands themselves.
    type Seen = HashMap<u64, Vec<(Vec<Operand>, Result<DType, String>)>>;
    thread_local! {
        static SEEN: RefCell<(Seen, usize)> = RefCell::new((HashMap::new(), 0));
    }
    let key = key_of(operands);
    let hit = SEEN.with(|m| {
        m.borrow().0.get(&key).and_then(|bucket| {
            bucket
                .iter()
                .find(|(ops, _)| same_operands(ops, operands))
                .map(|(_, answer)| answer.clone())
        })
    });
    if let Some(hit) = hit {
        return hit;
    }
    let answer = compute(operands);
    SEEN.with(|m| {
        let (map, len) = &mut *m.borrow_mut();
        if *len >= 4096 {
            map.clear();
            *len = 0;
        }
        *len += 1;
        map.entry(key)
            .or_default()
            .push((operands.to_vec(), answer.clone()));
    });
    answer
}

/// A hash of what promotion depends on: each operand's kind, its dtype's class and size, a
/// weak scalar's value (floats by their bits).
fn key_of(operands: &[Operand]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for o in operands {
        std::mem::discriminant(o).hash(&mut h);
        match o {
            Operand::DType(d) => {
                std::mem::discriminant(&d.body).hash(&mut h);
                d.itemsize.hash(&mut h);
                d.char.hash(&mut h);
            }
            Operand::PyInt(i) => i.hash(&mut h),
            Operand::PyFloat(f) => f.to_bits().hash(&mut h),
            Operand::PyComplex { real, imag } => {
                real.to_bits().hash(&mut h);
                imag.to_bits().hash(&mut h);
            }
            Operand::PyBool(b) => b.hash(&mut h),
        }
    }
    h.finish()
}

/// The same operands, floats compared by their bits (`-0.0` is not `0.0`, a NaN is itself).
fn same_operands(a: &[Operand], b: &[Operand]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| match (x, y) {
            (Operand::PyFloat(x), Operand::PyFloat(y)) => x.to_bits() == y.to_bits(),
            (Operand::PyComplex { real, imag }, Operand::PyComplex { real: r2, imag: i2 }) => {
                real.to_bits() == r2.to_bits() && imag.to_bits() == i2.to_bits()
            }
            _ => x == y,
        })
}

fn compute(operands: &[Operand]) -> Result<DType, String> {
    let dt = result_type_of(operands, PLATFORM)
        .map_err(|e| format!("numpy raises {}: {}", e.exception, e.message))?;
    for c in conversions(operands, &dt) {
        if let Outcome::Raises(e) = c.add {
            return Err(format!("numpy raises {}: {}", e.exception, e.message));
        }
    }
    Ok(dt)
}

/// The result dtype of two values (both must be arrays or numbers).
pub fn promote_values(a: &Value, b: &Value) -> Result<DType, String> {
    match (operand(a), operand(b)) {
        (Some(x), Some(y)) => result(&[x, y]),
        _ => Err("an operand is neither an array nor a number".to_string()),
    }
}

/// The dtype numpy gives a scalar operand when it checks whether a temporary can be reused:
/// Python scalars become int64, float64, complex128 or bool.
pub fn scalar_casts_safely(v: &Value, to: &DType) -> bool {
    let from = match v {
        Value::Scalar(d) => d.clone(),
        Value::Bool(_) => dtype("bool"),
        Value::Int(_) => dtype("int64"),
        Value::Float(_) => dtype("float64"),
        Value::Complex => dtype("complex128"),
        _ => return false,
    };
    can_cast(&from, to, Casting::Safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arr(name: &str) -> Operand {
        Operand::DType(dtype(name))
    }

    #[test]
    fn weak_scalars_keep_the_array_precision() {
        let f4 = result(&[arr("float32"), Operand::PyFloat(2.0)]);
        assert_eq!(f4.map(|d| d.name()), Ok("float32".to_string()));
        let u1 = result(&[arr("uint8"), Operand::PyInt(BigInt::from(1))]);
        assert_eq!(u1.map(|d| d.name()), Ok("uint8".to_string()));
        let c = result(&[
            arr("int8"),
            Operand::PyComplex {
                real: 0.0,
                imag: 1.0,
            },
        ]);
        assert_eq!(c.map(|d| d.name()), Ok("complex128".to_string()));
        let b = result(&[arr("bool"), Operand::PyInt(BigInt::from(2))]);
        assert_eq!(b.map(|d| d.name()), Ok("int64".to_string()));
    }

    #[test]
    fn a_weak_int_past_the_result_raises() {
        let e = result(&[arr("uint8"), Operand::PyInt(BigInt::from(300))]);
        let message = e.err().unwrap_or_default();
        assert!(message.contains("OverflowError"), "{message}");
        assert!(message.contains("300"), "{message}");
    }

    #[test]
    fn strong_operands_promote_n_ary() {
        let r = result(&[arr("int8"), arr("uint8"), arr("float16")]);
        assert_eq!(r.map(|d| d.name()), Ok("float16".to_string()));
        let r = result(&[arr("uint64"), arr("int64")]);
        assert_eq!(r.map(|d| d.name()), Ok("float64".to_string()));
    }
}
