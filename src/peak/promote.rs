//! Result dtypes of operators: npmem's `result_type` between arrays and numpy scalars, and a
//! minimal NEP 50 rule for Python scalars (weak: they take the array's kind where they fit).
//! Kept small and isolated so a full N-ary NEP 50 API can replace it.

use super::value::{Value, dtype};
use crate::cast::{Casting, can_cast, result_type};
use crate::dtype::{DType, Platform};

/// A Python scalar's kind, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weak {
    Bool,
    Int,
    Float,
    Complex,
}

/// An operand as promotion sees it.
pub enum Operand {
    Strong(DType),
    Weak(Weak),
}

pub fn operand(v: &Value) -> Option<Operand> {
    Some(match v {
        Value::Array(a) => Operand::Strong(a.dtype.clone()),
        Value::Scalar(d) => Operand::Strong(d.clone()),
        Value::Bool(_) => Operand::Weak(Weak::Bool),
        Value::Int(_) => Operand::Weak(Weak::Int),
        Value::Float(_) => Operand::Weak(Weak::Float),
        Value::Complex => Operand::Weak(Weak::Complex),
        _ => return None,
    })
}

fn weak_default(w: Weak) -> DType {
    dtype(match w {
        Weak::Bool => "bool",
        Weak::Int => "int64",
        Weak::Float => "float64",
        Weak::Complex => "complex128",
    })
}

/// NEP 50: a strong dtype with a weak Python scalar.
fn with_weak(s: &DType, w: Weak) -> DType {
    let kind = s.kind();
    match w {
        Weak::Bool => s.clone(),
        Weak::Int => {
            if kind == 'b' {
                dtype("int64")
            } else {
                s.clone()
            }
        }
        Weak::Float => match kind {
            'b' | 'i' | 'u' => dtype("float64"),
            _ => s.clone(),
        },
        Weak::Complex => match kind {
            'c' => s.clone(),
            'f' if s.itemsize < 8 => dtype("complex64"),
            _ => dtype("complex128"),
        },
    }
}

/// The result dtype of two operands.
pub fn promote(a: &Operand, b: &Operand) -> Option<DType> {
    let ld = Platform::LINUX_X86_64.long_double;
    match (a, b) {
        (Operand::Strong(x), Operand::Strong(y)) => result_type(x, y, ld).ok(),
        (Operand::Strong(x), Operand::Weak(w)) | (Operand::Weak(w), Operand::Strong(x)) => {
            Some(with_weak(x, *w))
        }
        (Operand::Weak(x), Operand::Weak(y)) => Some(weak_default(*x.max(y))),
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
