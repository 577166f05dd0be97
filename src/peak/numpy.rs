//! numpy's operations as size rules: what each allocates, what it views, what it reuses.

use std::cell::RefCell;
use std::rc::Rc;

use ruff_python_ast::{CmpOp, Operator, UnaryOp};

use super::eval::{Interp, elide_ok, truth};
use super::ordering::along;
use super::promote::{operand, promote_values, result, scalar_casts_safely, strong};
use super::value::{Array, Order, Value, dtype, elements, float_kind, fresh_strides};
use crate::dtype::{Body, DType, FloatType};
use crate::number::text::{parse_python, python_int, python_number_text, python_repr};

pub(super) type Kwargs = Vec<(String, Value)>;

pub(super) fn kw<'k>(kwargs: &'k Kwargs, name: &str) -> Option<&'k Value> {
    kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Positional argument `i` or keyword `name`.
pub(super) fn arg<'k>(
    args: &'k [Value],
    kwargs: &'k Kwargs,
    i: usize,
    name: &str,
) -> Option<&'k Value> {
    args.get(i).or_else(|| kw(kwargs, name))
}

/// numpy's refusal of a negative dimension.
const NEGATIVE_DIMENSION: &str = "numpy raises ValueError: negative dimensions are not allowed";
/// numpy's refusal of a dimension past `npy_intp` (a 64-bit signed integer).
const DIMENSION_TOO_LARGE: &str = "numpy raises ValueError: Maximum allowed dimension exceeded";

/// A Python integer as a numpy dimension, or numpy's refusal of it.
pub fn dimension(i: i128) -> Result<u64, &'static str> {
    if i < 0 {
        return Err(NEGATIVE_DIMENSION);
    }
    u64::try_from(i)
        .ok()
        .filter(|&d| i64::try_from(d).is_ok())
        .ok_or(DIMENSION_TOO_LARGE)
}

/// A shape argument (an int, or a tuple or list of ints) as numpy reads it: `None` where it is
/// not known here, numpy's refusal where a dimension is negative or too large.
pub fn shape_of(v: &Value) -> Option<Result<Vec<u64>, &'static str>> {
    let dims = |items: &[Value]| {
        items
            .iter()
            .map(|x| int_of(x).map(dimension))
            .collect::<Option<Result<Vec<u64>, _>>>()
    };
    match v {
        Value::Int(i) => Some(dimension(*i).map(|d| vec![d])),
        Value::Tuple(t) => dims(t),
        Value::List(l) => dims(&l.borrow()),
        _ => None,
    }
}

/// A shape argument known here and taken by numpy.
fn known_shape(v: &Value) -> Option<Vec<u64>> {
    shape_of(v).and_then(Result::ok)
}

/// numpy's math function `name` of a Python number: a float64, or an int64 where numpy keeps an
/// integer (`np.ceil(5)`, `np.square(3)`); `None` where npmem does not compute it (an int past
/// int64, an int64 result that overflows).
fn scalar_math(name: &str, v: &Value) -> Option<Value> {
    let keeps_int = matches!(
        name,
        "floor"
            | "ceil"
            | "round"
            | "square"
            | "abs"
            | "absolute"
            | "negative"
            | "sign"
            | "conj"
            | "conjugate"
    );
    if let Value::Int(i) = v {
        let i = i64::try_from(*i).ok()?;
        if keeps_int {
            let r = match name {
                "square" => i.checked_mul(i)?,
                "abs" | "absolute" => i.checked_abs()?,
                "negative" => i.checked_neg()?,
                "sign" => i.signum(),
                _ => i,
            };
            return Some(Value::Int(i128::from(r)));
        }
    }
    let f = float_of(v)?;
    let r = match name {
        "sqrt" => f.sqrt(),
        "exp" => f.exp(),
        "log" => f.ln(),
        "log1p" => f.ln_1p(),
        "expm1" => f.exp_m1(),
        "sin" => f.sin(),
        "cos" => f.cos(),
        "tan" => f.tan(),
        "tanh" => f.tanh(),
        "arctan" => f.atan(),
        "log2" => f.log2(),
        "log10" => f.log10(),
        "square" => f * f,
        "abs" | "absolute" => f.abs(),
        "negative" => -f,
        "conj" | "conjugate" => f,
        "angle" if f < 0.0 => std::f64::consts::PI,
        "angle" => 0.0,
        "floor" => f.floor(),
        "ceil" => f.ceil(),
        "round" => f.round_ties_even(),
        "sign" if f == 0.0 || f.is_nan() => f,
        "sign" => f.signum(),
        _ => return None,
    };
    Some(Value::Float(r))
}

pub fn int_of(v: &Value) -> Option<i128> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(*b as i128),
        _ => None,
    }
}

fn float_of(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        Value::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    }
}

/// The dtype `v` names, or `default` when none is given (or it is not known).
fn dtype_or(v: Option<&Value>, default: &str) -> DType {
    dtype_of(v).unwrap_or_else(|| dtype(default))
}

pub(super) fn dtype_of(v: Option<&Value>) -> Option<DType> {
    match v? {
        Value::DType(d) => Some(d.clone()),
        Value::Str(s) => crate::dtype::parse(s, crate::dtype::Platform::LINUX_X86_64).ok(),
        Value::Method(m, name) if matches!(&**m, Value::Module(b) if b == "builtins") => {
            Some(dtype(match name.as_str() {
                "float" => "float64",
                "int" => "int64",
                "bool" => "bool",
                "complex" => "complex128",
                _ => return None,
            }))
        }
        _ => None,
    }
}

pub fn broadcast(a: &[u64], b: &[u64]) -> Option<Vec<u64>> {
    let n = a.len().max(b.len());
    let mut out = vec![0; n];
    for i in 0..n {
        let x = if i + a.len() >= n {
            a[i + a.len() - n]
        } else {
            1
        };
        let y = if i + b.len() >= n {
            b[i + b.len() - n]
        } else {
            1
        };
        out[i] = if x == y || y == 1 {
            x
        } else if x == 1 {
            y
        } else {
            return None;
        };
    }
    Some(out)
}

fn vshape(v: &Value) -> Option<Vec<u64>> {
    match v {
        Value::Array(a) => Some(a.shape.clone()),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Complex | Value::Scalar(_) => {
            Some(vec![])
        }
        _ => None,
    }
}

fn is_memmap(v: &Value) -> bool {
    matches!(v, Value::Array(a) if a.memmap)
}

fn is_known(v: &Value) -> bool {
    !matches!(v, Value::Unknown)
}

pub(super) fn real_of(d: &DType) -> DType {
    match &d.body {
        Body::Complex(FloatType::Single) => dtype("float32"),
        Body::Complex(_) => dtype("float64"),
        _ => d.clone(),
    }
}

pub(super) fn axes(v: Option<&Value>, ndim: usize) -> Option<Option<Vec<usize>>> {
    let norm = |i: i128| -> Option<usize> {
        let i = if i < 0 { i + ndim as i128 } else { i };
        (0..ndim as i128).contains(&i).then_some(i as usize)
    };
    match v {
        None | Some(Value::None) => Some(None),
        Some(Value::Int(i)) => Some(Some(vec![norm(*i)?])),
        Some(Value::Tuple(t)) => Some(Some(
            t.iter()
                .map(|x| int_of(x).and_then(norm))
                .collect::<Option<Vec<_>>>()?,
        )),
        _ => None,
    }
}

impl Interp<'_> {
    pub(super) fn unknown(&mut self, line: u32, construct: &str, reason: &str) -> Value {
        self.note(line, construct, reason);
        Value::Unknown
    }

    // ---- operators ----

    pub(super) fn binop(
        &mut self,
        l: Value,
        op: Operator,
        r: Value,
        line: u32,
        inplace: bool,
    ) -> Value {
        if !is_known(&l) || !is_known(&r) {
            return Value::Unknown;
        }
        let arrays = matches!(l, Value::Array(_)) || matches!(r, Value::Array(_));
        if !arrays {
            return self.python_binop(&l, op, &r, line);
        }
        if op == Operator::MatMult {
            return self.matmul(&l, &r, line);
        }
        let (Some(ls), Some(rs)) = (vshape(&l), vshape(&r)) else {
            return self.unknown(
                line,
                "operator",
                "an operand is neither an array nor a number",
            );
        };
        let Some(shape) = broadcast(&ls, &rs) else {
            return self.unknown(line, "operator", "the shapes do not broadcast");
        };
        let mut dt = match promote_values(&l, &r) {
            Ok(d) => d,
            Err(why) => return self.unknown(line, "operator", &why),
        };
        if op == Operator::Div {
            dt = float_kind(&dt);
        }
        if inplace {
            // `a op= b` writes into a; nothing is allocated when the result casts back.
            return Value::None;
        }
        // `x ** 2`, `** -1`, `** 0.5` take numpy's fast path: square/reciprocal/sqrt, reusing a
        // temporary whatever the scalar's type.
        if op == Operator::Pow
            && let Value::Array(a) = &l
        {
            let fast = match &r {
                Value::Int(2) => true,
                Value::Int(-1) | Value::Float(-1.0) | Value::Float(0.5) => {
                    matches!(a.dtype.kind(), 'f' | 'c')
                }
                Value::Float(2.0) => true,
                _ => false,
            };
            if fast {
                let out_dt = a.dtype.clone();
                if elide_ok(a) {
                    return l;
                }
                return Value::Array(self.new_array(a.shape.clone(), out_dt));
            }
        }
        let elidable = matches!(
            op,
            Operator::Add
                | Operator::Sub
                | Operator::Mult
                | Operator::Div
                | Operator::FloorDiv
                | Operator::BitAnd
                | Operator::BitOr
                | Operator::BitXor
                | Operator::LShift
                | Operator::RShift
        );
        let commutative = matches!(
            op,
            Operator::Add | Operator::Mult | Operator::BitAnd | Operator::BitOr | Operator::BitXor
        );
        if elidable {
            if can_elide(&l, &r, &dt) {
                return l;
            }
            if commutative && can_elide(&r, &l, &dt) {
                return r;
            }
        }
        let mut out = self.new_array(shape, dt);
        // A ufunc on a memmap returns a plain-ndarray view of its result (memmap's
        // __array_wrap__): it owns no data, so numpy never reuses it as a temporary.
        out.owns = !(is_memmap(&l) || is_memmap(&r));
        drop(l);
        drop(r);
        Value::Array(out)
    }

    fn python_binop(&mut self, l: &Value, op: Operator, r: &Value, line: u32) -> Value {
        use Operator::*;
        match (l, r) {
            (Value::Int(a), Value::Int(b)) => {
                let (a, b) = (*a, *b);
                match op {
                    Add | Sub | Mult => match op {
                        Add => a.checked_add(b),
                        Sub => a.checked_sub(b),
                        _ => a.checked_mul(b),
                    }
                    .map(Value::Int)
                    .unwrap_or_else(|| {
                        self.unknown(line, "arithmetic", "an integer past 2^127 is not evaluated")
                    }),
                    FloorDiv if b != 0 => a
                        .checked_div_euclid(b)
                        .map(|q| Value::Int(q - i128::from(a % b != 0 && b < 0)))
                        .unwrap_or(Value::Unknown),
                    // Python's remainder takes the divisor's sign.
                    Mod if b != 0 => a
                        .checked_rem_euclid(b)
                        .map(|r| Value::Int(if r != 0 && b < 0 { r + b } else { r }))
                        .unwrap_or(Value::Unknown),
                    Div if b != 0 => Value::Float(a as f64 / b as f64),
                    Pow if (0..128).contains(&b) => a
                        .checked_pow(b as u32)
                        .map(Value::Int)
                        .unwrap_or(Value::Unknown),
                    LShift if (0..100).contains(&b) => Value::Int(a << b),
                    RShift if (0..128).contains(&b) => Value::Int(a >> b),
                    _ => self.unknown(line, "arithmetic", "not evaluated"),
                }
            }
            (Value::Str(a), Value::Str(b)) if op == Add => Value::Str(format!("{a}{b}")),
            (Value::Path(a), Value::Str(b) | Value::Path(b)) if op == Div => Value::Path(
                std::path::Path::new(a)
                    .join(b)
                    .to_string_lossy()
                    .into_owned(),
            ),
            (Value::List(a), Value::List(b)) if op == Add => {
                let mut v = a.borrow().clone();
                v.extend(b.borrow().iter().cloned());
                Value::List(Rc::new(RefCell::new(v)))
            }
            (Value::Scalar(d), x) | (x, Value::Scalar(d)) => {
                match operand(x).map(|o| result(&[strong(d), o])) {
                    Some(Ok(d)) => Value::Scalar(if op == Div { float_kind(&d) } else { d }),
                    Some(Err(why)) => self.unknown(line, "operator", &why),
                    None => Value::Unknown,
                }
            }
            _ => match (float_of(l), float_of(r)) {
                (Some(a), Some(b)) => Value::Float(match op {
                    Add => a + b,
                    Sub => a - b,
                    Mult => a * b,
                    Div => a / b,
                    Pow => a.powf(b),
                    FloorDiv => (a / b).floor(),
                    Mod => match a.rem_euclid(b) {
                        r if r != 0.0 && b < 0.0 => r + b,
                        r => r,
                    },
                    _ => return self.unknown(line, "arithmetic", "not evaluated"),
                }),
                _ if matches!(l, Value::Complex) || matches!(r, Value::Complex) => Value::Complex,
                _ => self.unknown(line, "operator", "these operands are not modelled"),
            },
        }
    }

    pub(super) fn unary(&mut self, v: Value, op: UnaryOp, line: u32) -> Value {
        match (&v, op) {
            (Value::Int(i), UnaryOp::USub) => Value::Int(-i),
            (Value::Float(f), UnaryOp::USub) => Value::Float(-f),
            (Value::Int(_) | Value::Float(_), UnaryOp::UAdd) => v,
            (Value::Int(i), UnaryOp::Invert) => Value::Int(!i),
            (_, UnaryOp::Not) => truth(&v).map(|b| Value::Bool(!b)).unwrap_or(Value::Unknown),
            (Value::Array(a), _) => {
                if elide_ok(a) {
                    return v;
                }
                let out = self.new_array(a.shape.clone(), a.dtype.clone());
                drop(v);
                Value::Array(out)
            }
            (Value::Scalar(_), _) => v,
            (Value::Unknown, _) => v,
            _ => self.unknown(line, "unary operator", "this operand is not modelled"),
        }
    }

    fn abs(&mut self, v: Value, line: u32) -> Value {
        match &v {
            Value::Array(a) if a.dtype.kind() == 'c' => {
                let out = self.new_array(a.shape.clone(), real_of(&a.dtype));
                drop(v);
                Value::Array(out)
            }
            Value::Array(_) => self.unary(v, UnaryOp::USub, line),
            Value::Int(i) => Value::Int(i.abs()),
            Value::Float(f) => Value::Float(f.abs()),
            _ => v,
        }
    }

    pub(super) fn compare(&mut self, l: &Value, op: CmpOp, r: &Value, line: u32) -> Value {
        if !is_known(l) || !is_known(r) {
            return Value::Unknown;
        }
        if matches!(l, Value::Array(_)) || matches!(r, Value::Array(_)) {
            let (Some(ls), Some(rs)) = (vshape(l), vshape(r)) else {
                return self.unknown(line, "comparison", "an operand is not modelled");
            };
            let Some(shape) = broadcast(&ls, &rs) else {
                return self.unknown(line, "comparison", "the shapes do not broadcast");
            };
            return Value::Array(self.new_array(shape, dtype("bool")));
        }
        if let (Some(a), Some(b)) = (float_of(l), float_of(r)) {
            return Value::Bool(match op {
                CmpOp::Lt => a < b,
                CmpOp::LtE => a <= b,
                CmpOp::Gt => a > b,
                CmpOp::GtE => a >= b,
                CmpOp::Eq => a == b,
                CmpOp::NotEq => a != b,
                _ => return Value::Unknown,
            });
        }
        if let (Value::Str(a), Value::Str(b)) = (l, r) {
            match op {
                CmpOp::Eq => return Value::Bool(a == b),
                CmpOp::NotEq => return Value::Bool(a != b),
                _ => {}
            }
        }
        if matches!(l, Value::Scalar(_)) || matches!(r, Value::Scalar(_)) {
            return Value::Scalar(dtype("bool"));
        }
        self.unknown(line, "comparison", "these operands are not modelled")
    }

    fn matmul(&mut self, l: &Value, r: &Value, line: u32) -> Value {
        let (Value::Array(a), Value::Array(b)) = (l, r) else {
            return self.unknown(line, "@", "only arrays are multiplied");
        };
        let (n, m) = (a.shape.len(), b.shape.len());
        let dt = match result(&[strong(&a.dtype), strong(&b.dtype)]) {
            Ok(d) => d,
            Err(why) => return self.unknown(line, "@", &why),
        };
        let shape = match (n, m) {
            (1, 1) if a.shape == b.shape => vec![],
            (2, 1) if a.shape[1] == b.shape[0] => vec![a.shape[0]],
            (1, 2) if a.shape[0] == b.shape[0] => vec![b.shape[1]],
            (2, 2) if a.shape[1] == b.shape[0] => vec![a.shape[0], b.shape[1]],
            (x, 1) if x > 2 && a.shape[x - 1] == b.shape[0] => a.shape[..x - 1].to_vec(),
            (x, 2) if x > 2 && a.shape[x - 1] == b.shape[0] => {
                let mut s = a.shape[..x - 1].to_vec();
                s.push(b.shape[1]);
                s
            }
            _ => return self.unknown(line, "@", "these shapes are not modelled"),
        };
        if shape.is_empty() {
            return Value::Scalar(dt);
        }
        Value::Array(self.new_array(shape, dt))
    }

    // ---- attributes ----

    pub(super) fn attribute(&mut self, v: Value, attr: &str, line: u32) -> Value {
        match &v {
            Value::Module(m) if m == "np" => {
                np_attr(attr).unwrap_or(Value::Method(Box::new(v), attr.into()))
            }
            Value::Module(m) => match (m.as_str(), attr) {
                ("os", "path") => Value::Module("os.path".into()),
                _ => Value::Method(Box::new(v.clone()), attr.into()),
            },
            Value::Array(a) => {
                match attr {
                    "shape" => {
                        Value::Tuple(a.shape.iter().map(|&d| Value::Int(d as i128)).collect())
                    }
                    "dtype" => Value::DType(a.dtype.clone()),
                    "nbytes" => Value::Int(a.nbytes() as i128),
                    "size" => Value::Int(a.size() as i128),
                    "ndim" => Value::Int(a.shape.len() as i128),
                    "itemsize" => Value::Int(a.dtype.itemsize as i128),
                    "T" => {
                        let axes: Vec<usize> = (0..a.shape.len()).rev().collect();
                        Value::Array(a.permuted(&axes))
                    }
                    "real" | "imag" => {
                        if a.dtype.kind() == 'c' {
                            // The complex strides over half-size items: never contiguous.
                            let mut view = a.same_view();
                            view.dtype = real_of(&a.dtype);
                            Value::Array(view)
                        } else if attr == "real" {
                            Value::Array(a.same_view())
                        } else {
                            self.unknown(line, ".imag", "the imaginary part of a real array is a new zero array; not modelled")
                        }
                    }
                    _ => Value::Method(Box::new(v.clone()), attr.into()),
                }
            }
            Value::DType(d) => match attr {
                "itemsize" => Value::Int(d.itemsize as i128),
                _ => Value::Unknown,
            },
            Value::Path(p) => self.path_attribute(p, attr),
            Value::Npz(members) if attr == "files" => Value::List(Rc::new(RefCell::new(
                members
                    .iter()
                    .map(|m| Value::Str(m.name.trim_end_matches(".npy").to_string()))
                    .collect(),
            ))),
            Value::Unknown => Value::Unknown,
            _ => Value::Method(Box::new(v.clone()), attr.into()),
        }
    }

    // ---- indexing ----

    pub(super) fn subscript(&mut self, v: Value, index: Value, line: u32) -> Value {
        match (&v, &index) {
            (Value::Unknown, _) | (_, Value::Unknown) => Value::Unknown,
            (Value::Tuple(t), Value::Int(i)) => pick(t, *i),
            (Value::List(l), Value::Int(i)) => pick(&l.borrow(), *i),
            (Value::List(l), Value::Slice(a, b, c)) => {
                let items = l.borrow();
                let idx = slice_indices(items.len() as u64, *a, *b, *c);
                Value::List(Rc::new(RefCell::new(
                    idx.into_iter().map(|i| items[i as usize].clone()).collect(),
                )))
            }
            (Value::Array(a), _) => self.index_array(a, &index, line),
            (Value::Npz(members), key) => self.npz_member(members, key, line),
            (Value::Dict(d), Value::Str(k)) => {
                let found = d
                    .borrow()
                    .iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.clone());
                found.unwrap_or_else(|| self.unknown(line, "dict[...]", "no such key"))
            }
            _ => self.unknown(line, "subscript", "not modelled for this value"),
        }
    }

    fn index_array(&mut self, a: &Array, index: &Value, line: u32) -> Value {
        let items: Vec<Value> = match index {
            Value::Tuple(t) => t.clone(),
            other => vec![other.clone()],
        };
        // Expand the ellipsis.
        let used = items
            .iter()
            .filter(|x| !matches!(x, Value::None | Value::Ellipsis))
            .count();
        let mut expanded = Vec::new();
        for x in &items {
            if matches!(x, Value::Ellipsis) {
                for _ in 0..a.shape.len().saturating_sub(used) {
                    expanded.push(Value::Slice(None, None, None));
                }
            } else {
                expanded.push(x.clone());
            }
        }
        let mut shape = Vec::new();
        let mut strides = Vec::new();
        let mut dim = 0usize;
        let mut advanced: Vec<(usize, Vec<u64>)> = Vec::new();
        for x in &expanded {
            match x {
                Value::None => {
                    shape.push(1);
                    strides.push(0);
                }
                Value::Int(_) => {
                    if dim >= a.shape.len() {
                        return self.unknown(line, "index", "too many indices");
                    }
                    dim += 1;
                }
                Value::Slice(s, e, st) => {
                    let Some(&n) = a.shape.get(dim) else {
                        return self.unknown(line, "index", "too many indices");
                    };
                    let len = slice_len(n, *s, *e, *st);
                    shape.push(len);
                    strides.push(a.strides[dim].saturating_mul(st.unwrap_or(1)));
                    dim += 1;
                }
                Value::Array(ix) if matches!(ix.dtype.kind(), 'i' | 'u') => {
                    advanced.push((shape.len(), ix.shape.clone()));
                    dim += 1;
                }
                Value::List(l) if l.borrow().iter().all(|x| matches!(x, Value::Int(_))) => {
                    advanced.push((shape.len(), vec![l.borrow().len() as u64]));
                    dim += 1;
                }
                Value::Array(ix) if ix.dtype.kind() == 'b' => {
                    // A mask over ix.ndim axes selects at most all of their elements.
                    let nd = ix.shape.len().max(1);
                    if dim + nd > a.shape.len() && !ix.shape.is_empty() {
                        return self.unknown(line, "index", "too many indices");
                    }
                    let largest = self.bounded(
                        line,
                        "boolean mask",
                        "how many elements it selects depends on the data: counted as all of them",
                    );
                    advanced.push((shape.len(), vec![if largest { ix.size() } else { 0 }]));
                    dim += ix.shape.len();
                }
                _ => return self.unknown(line, "index", "this index is not modelled"),
            }
        }
        if dim > a.shape.len() {
            return self.unknown(line, "index", "too many indices");
        }
        // Trailing dimensions stay whole.
        shape.extend_from_slice(&a.shape[dim..]);
        strides.extend_from_slice(&a.strides[dim..]);
        if advanced.is_empty() {
            if shape.is_empty()
                && !expanded
                    .iter()
                    .any(|x| matches!(x, Value::Slice(..) | Value::None))
            {
                // Every axis indexed by an integer: a numpy scalar, not a view.
                return Value::Scalar(a.dtype.clone());
            }
            return Value::Array(a.view(shape, strides));
        }
        // Advanced indices: one copy of the selected elements.
        let mut b: Vec<u64> = vec![];
        for (_, s) in &advanced {
            match broadcast(&b, s) {
                Some(x) => b = x,
                None => return self.unknown(line, "index", "index arrays do not broadcast"),
            }
        }
        let positions: Vec<usize> = advanced.iter().map(|(p, _)| *p).collect();
        let adjacent = positions.windows(2).all(|w| w[1] == w[0]);
        let at = if adjacent { positions[0] } else { 0 };
        let mut out = shape[..at].to_vec();
        out.extend_from_slice(&b);
        out.extend_from_slice(&shape[at..]);
        Value::Array(self.new_array(out, a.dtype.clone()))
    }

    // ---- calls ----

    pub(super) fn call(&mut self, f: Value, args: Vec<Value>, kwargs: Kwargs, line: u32) -> Value {
        if args.iter().any(|a| !is_known(a)) || kwargs.iter().any(|(_, v)| !is_known(v)) {
            return Value::Unknown;
        }
        match f {
            Value::Function(name) => self.call_user(&name, args, kwargs, line),
            Value::DType(d) => Value::Scalar(d),
            Value::Method(recv, name) => match *recv {
                Value::Module(m) => self.call_module(&m, &name, args, kwargs, line),
                Value::Array(a) => self.call_array(a, &name, args, kwargs, line),
                Value::Generator => self.random(&name, args, kwargs, line, true),
                Value::Path(p) => self.path_method(&p, &name, &args, line),
                Value::Npz(_) if name == "close" => Value::None,
                Value::Dict(d) if name == "keys" => Value::List(Rc::new(RefCell::new(
                    d.borrow()
                        .iter()
                        .map(|(k, _)| Value::Str(k.clone()))
                        .collect(),
                ))),
                Value::Dict(d) if name == "values" => Value::List(Rc::new(RefCell::new(
                    d.borrow().iter().map(|(_, v)| v.clone()).collect(),
                ))),
                Value::List(l) if name == "append" => {
                    if let Some(x) = args.into_iter().next() {
                        self.appended(&l, &x, line);
                        l.borrow_mut().push(x);
                    }
                    Value::None
                }
                Value::Unknown => Value::Unknown,
                _ => self.unknown(line, &format!(".{name}()"), "this method is not modelled"),
            },
            Value::Unknown => Value::Unknown,
            _ => self.unknown(line, "call", "this callable is not modelled"),
        }
    }

    fn call_module(
        &mut self,
        m: &str,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
        line: u32,
    ) -> Value {
        match m {
            "builtins" => self.builtin(name, args, kwargs, line),
            "np" => self.numpy(name, args, kwargs, line),
            "np.random" => self.random(name, args, kwargs, line, false),
            "np.linalg" => self.linalg(name, args, kwargs, line),
            "os.path" | "os" => self.os(m, name, &args, line),
            "tempfile" => self.tempfile(name, line),
            "pathlib" if name == "Path" || name == "PurePath" => self.pathlib(&args, line),
            "safetensors.numpy" if name == "load_file" => self.safetensors_load(&args, line),
            "contextlib" => Value::None,
            _ => self.unknown(line, &format!("{m}.{name}"), "this module is not modelled"),
        }
    }

    fn builtin(&mut self, name: &str, args: Vec<Value>, _kwargs: Kwargs, line: u32) -> Value {
        let first = args.first().cloned().unwrap_or(Value::None);
        match name {
            "print" => Value::None,
            // The truth of a numpy scalar is the data's: unknown, nothing allocated.
            "bool" => truth(&first).map(Value::Bool).unwrap_or(Value::Unknown),
            "str" => match &first {
                Value::Str(s) | Value::Path(s) => Value::Str(s.clone()),
                Value::Int(i) => Value::Str(i.to_string()),
                _ => Value::Unknown,
            },
            "len" => match &first {
                Value::Array(a) if !a.shape.is_empty() => Value::Int(a.shape[0] as i128),
                Value::List(l) => Value::Int(l.borrow().len() as i128),
                Value::Range { len, .. } => Value::Int(i128::from(*len)),
                Value::Tuple(t) => Value::Int(t.len() as i128),
                Value::Str(s) => Value::Int(s.chars().count() as i128),
                _ => self.unknown(line, "len()", "not known"),
            },
            "range" => {
                let ints: Option<Vec<i128>> = args.iter().map(int_of).collect();
                let Some(ints) = ints else {
                    return self.unknown(line, "range()", "bounds are not known");
                };
                let (start, stop, step) = match ints[..] {
                    [n] => (0, n, 1),
                    [a, b] => (a, b, 1),
                    [a, b, c] if c != 0 => (a, b, c),
                    _ => return self.unknown(line, "range()", "bad arguments"),
                };
                // Python's len(range(...)), in saturating arithmetic.
                let count = if step > 0 {
                    stop.saturating_sub(start).saturating_add(step - 1).max(0) / step
                } else {
                    start.saturating_sub(stop).saturating_sub(step + 1).max(0)
                        / step.saturating_neg()
                };
                Value::Range {
                    start,
                    step,
                    len: u64::try_from(count).unwrap_or(u64::MAX),
                }
            }
            "float" => match &first {
                Value::Int(i) => Value::Float(*i as f64),
                Value::Float(_) => first,
                Value::Bool(b) => Value::Float(f64::from(u8::from(*b))),
                // Python's float() of text: its grammar, the value correctly rounded.
                Value::Str(t) => match python_number_text(t)
                    .filter(|_| parse_python(t).is_some())
                    .and_then(|n| n.parse::<f64>().ok())
                {
                    Some(f) => Value::Float(f),
                    None => self.unknown(
                        line,
                        "float()",
                        &format!(
                            "Python raises ValueError: could not convert string to float: {}",
                            python_repr(t)
                        ),
                    ),
                },
                // A numpy scalar's value is the data's: a float of unknown value.
                Value::Scalar(_) => Value::Scalar(dtype("float64")),
                _ => self.unknown(line, "float()", "not evaluated for this value"),
            },
            "int" if args.len() > 1 => {
                self.unknown(line, "int()", "int() with a base is not modelled")
            }
            "int" => match &first {
                Value::Int(_) => first,
                Value::Float(f) if f.is_finite() => Value::Int(*f as i128),
                Value::Float(f) => {
                    let (kind, what) = if f.is_nan() {
                        ("ValueError", "NaN")
                    } else {
                        ("OverflowError", "infinity")
                    };
                    let refusal =
                        format!("Python raises {kind}: cannot convert float {what} to integer");
                    self.unknown(line, "int()", &refusal)
                }
                Value::Bool(b) => Value::Int(i128::from(*b)),
                // Python's int() of text, as Python reads it.
                Value::Str(t) => match python_int(t).ok().and_then(|n| i128::try_from(n).ok()) {
                    Some(i) => Value::Int(i),
                    None => self.unknown(
                        line,
                        "int()",
                        &format!(
                            "Python raises ValueError: invalid literal for int() with base 10: {}",
                            python_repr(t)
                        ),
                    ),
                },
                // A numpy scalar's value is the data's: an integer of unknown value.
                Value::Scalar(_) => Value::Scalar(dtype("int64")),
                _ => self.unknown(line, "int()", "not evaluated for this value"),
            },
            "abs" => self.abs(first, line),
            "list" | "tuple" if matches!(first, Value::Range { .. }) => {
                match self.iterate(&first, line) {
                    Some(items) if name == "list" => Value::List(Rc::new(RefCell::new(items))),
                    Some(items) => Value::Tuple(items),
                    None => Value::Unknown,
                }
            }
            "list" | "tuple" => match &first {
                Value::List(l) => {
                    let items = l.borrow().clone();
                    if name == "list" {
                        Value::List(Rc::new(RefCell::new(items)))
                    } else {
                        Value::Tuple(items)
                    }
                }
                Value::Tuple(t) => {
                    if name == "list" {
                        Value::List(Rc::new(RefCell::new(t.clone())))
                    } else {
                        first.clone()
                    }
                }
                _ => self.unknown(line, &format!("{name}()"), "not modelled"),
            },
            "min" | "max" if args.len() >= 2 => {
                let nums: Option<Vec<i128>> = args.iter().map(int_of).collect();
                match nums {
                    Some(n) => Value::Int(if name == "min" {
                        n.into_iter().min().unwrap_or(0)
                    } else {
                        n.into_iter().max().unwrap_or(0)
                    }),
                    None => self.unknown(line, &format!("{name}()"), "not evaluated"),
                }
            }
            "isinstance" => Value::Bool(true),
            _ => self.unknown(line, &format!("{name}()"), "this builtin is not modelled"),
        }
    }

    /// A new array of `shape`'s shape.
    fn creation(&mut self, shape: Option<&Value>, dt: DType, line: u32, what: &str) -> Value {
        match shape.and_then(shape_of) {
            Some(Ok(shape)) => Value::Array(self.new_array(shape, dt)),
            Some(Err(refusal)) => self.unknown(line, what, refusal),
            None => self.unknown(line, what, "the shape is not known"),
        }
    }

    fn numpy(&mut self, name: &str, args: Vec<Value>, kwargs: Kwargs, line: u32) -> Value {
        let what = format!("np.{name}");
        let a0 = args.first().cloned().unwrap_or(Value::None);
        let out = kw(&kwargs, "out").cloned();
        match name {
            "zeros" | "ones" | "empty" => {
                let dt = dtype_or(arg(&args, &kwargs, 1, "dtype"), "float64");
                self.creation(arg(&args, &kwargs, 0, "shape"), dt, line, &what)
            }
            "full" => {
                let fill = arg(&args, &kwargs, 1, "fill_value").cloned();
                let default = match fill {
                    Some(Value::Int(_)) => "int64",
                    Some(Value::Bool(_)) => "bool",
                    _ => "float64",
                };
                let dt = dtype_or(arg(&args, &kwargs, 2, "dtype"), default);
                self.creation(arg(&args, &kwargs, 0, "shape"), dt, line, &what)
            }
            "zeros_like" | "ones_like" | "empty_like" | "full_like" => match &a0 {
                Value::Array(a) => {
                    let dt_arg = if name == "full_like" {
                        arg(&args, &kwargs, 2, "dtype")
                    } else {
                        arg(&args, &kwargs, 1, "dtype")
                    };
                    let dt = dtype_of(dt_arg).unwrap_or(a.dtype.clone());
                    Value::Array(self.new_array(a.shape.clone(), dt))
                }
                _ => self.unknown(line, &what, "the prototype is not an array"),
            },
            "eye" | "identity" => {
                let Some(n) = int_of(&a0) else {
                    return self.unknown(line, &what, "size not known");
                };
                let m = if name == "eye" {
                    args.get(1).and_then(int_of).unwrap_or(n)
                } else {
                    n
                };
                let dt = dtype_or(kw(&kwargs, "dtype"), "float64");
                match (dimension(n), dimension(m)) {
                    (Ok(n), Ok(m)) => Value::Array(self.new_array(vec![n, m], dt)),
                    (Err(refusal), _) | (_, Err(refusal)) => self.unknown(line, &what, refusal),
                }
            }
            "arange" => {
                let nums: Vec<&Value> = args.iter().collect();
                let all_int = nums.iter().all(|v| matches!(v, Value::Int(_)));
                let f: Option<Vec<f64>> = nums.iter().map(|v| float_of(v)).collect();
                let Some(f) = f else {
                    return self.unknown(line, &what, "bounds not known");
                };
                let (start, stop, step) = match f[..] {
                    [n] => (0.0, n, 1.0),
                    [a, b] => (a, b, 1.0),
                    [a, b, c] => (a, b, c),
                    _ => return self.unknown(line, &what, "bounds not known"),
                };
                // numpy's length: ceil((stop - start) / step) in double precision, refused past
                // npy_intp (compared in double, as numpy compares it).
                if step == 0.0 {
                    let refusal = if all_int {
                        "numpy raises ZeroDivisionError: division by zero"
                    } else {
                        "numpy raises ZeroDivisionError: float division by zero"
                    };
                    return self.unknown(line, &what, refusal);
                }
                let len = ((stop - start) / step).ceil();
                if len.is_nan() {
                    return self.unknown(
                        line,
                        &what,
                        "numpy raises ValueError: arange: cannot compute length",
                    );
                }
                let intp_max = i64::MAX as f64;
                if len > intp_max {
                    return self.unknown(
                        line,
                        &what,
                        "numpy raises ValueError: Maximum allowed size exceeded",
                    );
                }
                if len == intp_max {
                    return self.unknown(
                        line,
                        &what,
                        "numpy's length of 2^63 overflows its npy_intp",
                    );
                }
                let len = len.max(0.0) as u64;
                let default = if all_int { "int64" } else { "float64" };
                let dt = dtype_or(kw(&kwargs, "dtype"), default);
                Value::Array(self.new_array(vec![len], dt))
            }
            "linspace" => {
                let Some(n) = arg(&args, &kwargs, 2, "num")
                    .map(int_of)
                    .unwrap_or(Some(50))
                else {
                    return self.unknown(line, &what, "num not known");
                };
                if n < 0 {
                    let refusal = format!(
                        "numpy raises ValueError: Number of samples, {n}, must be non-negative."
                    );
                    return self.unknown(line, &what, &refusal);
                }
                match dimension(n) {
                    Ok(n) => Value::Array(self.new_array(vec![n], dtype("float64"))),
                    Err(_) => self.unknown(
                        line,
                        &what,
                        "numpy raises ValueError: Maximum allowed size exceeded",
                    ),
                }
            }
            "array" | "asarray" | "ascontiguousarray" | "asfortranarray" | "copy" => match &a0 {
                Value::Array(a) => {
                    let dt = dtype_of(arg(&args, &kwargs, 1, "dtype"));
                    let same = dt.as_ref().is_none_or(|d| *d == a.dtype);
                    let copy = match name {
                        "array" | "copy" => true,
                        "asarray" => !same,
                        "ascontiguousarray" => !same || !a.c_contiguous(),
                        _ => !same || !a.f_contiguous(),
                    };
                    let order = match name {
                        "ascontiguousarray" => Order::C,
                        "asfortranarray" => Order::F,
                        _ => a.keep_order(),
                    };
                    if copy {
                        let dt = dt.unwrap_or(a.dtype.clone());
                        Value::Array(self.new_array_in(a.shape.clone(), dt, order))
                    } else {
                        a0.clone()
                    }
                }
                Value::List(_) | Value::Tuple(_) => {
                    self.array_literal(&a0, arg(&args, &kwargs, 1, "dtype"), line)
                }
                _ => self.unknown(line, &what, "the argument is not modelled"),
            },
            "sqrt" | "exp" | "log" | "log1p" | "expm1" | "sin" | "cos" | "tan" | "tanh"
            | "arctan" | "log2" | "log10" | "square" | "abs" | "absolute" | "negative"
            | "angle" | "conj" | "conjugate" | "floor" | "ceil" | "round" | "sign" => {
                let Value::Array(a) = &a0 else {
                    // Of a Python number, the value: it may size an array (`int(np.ceil(n / b))`).
                    let decimals = arg(&args, &kwargs, 1, "decimals").and_then(int_of);
                    return match a0 {
                        Value::Float(_) | Value::Int(_) if decimals.unwrap_or(0) == 0 => {
                            scalar_math(name, &a0)
                                .unwrap_or_else(|| Value::Scalar(dtype("float64")))
                        }
                        Value::Float(_) | Value::Int(_) => Value::Scalar(dtype("float64")),
                        Value::Scalar(d) => Value::Scalar(float_kind(&d)),
                        _ => self.unknown(line, &what, "the argument is not modelled"),
                    };
                };
                let dt = match name {
                    "square" | "negative" | "conj" | "conjugate" | "sign" | "round" => {
                        a.dtype.clone()
                    }
                    "abs" | "absolute" => real_of(&a.dtype),
                    "angle" => real_of(&float_kind(&a.dtype)),
                    "floor" | "ceil" => float_kind(&a.dtype),
                    _ => float_kind(&a.dtype),
                };
                if let Some(o) = out {
                    return o;
                }
                Value::Array(self.new_array(a.shape.clone(), dt))
            }
            "maximum" | "minimum" | "add" | "subtract" | "multiply" | "divide" | "power"
            | "hypot" | "arctan2" => {
                let b = args.get(1).cloned().unwrap_or(Value::None);
                let (Some(ls), Some(rs)) = (vshape(&a0), vshape(&b)) else {
                    return self.unknown(line, &what, "the arguments are not modelled");
                };
                if let Some(o) = out {
                    return o;
                }
                let Some(shape) = broadcast(&ls, &rs) else {
                    return self.unknown(line, &what, "the shapes do not broadcast");
                };
                let mut dt = match promote_values(&a0, &b) {
                    Ok(d) => d,
                    Err(why) => return self.unknown(line, &what, &why),
                };
                if matches!(name, "divide" | "hypot" | "arctan2") {
                    dt = float_kind(&dt);
                }
                Value::Array(self.new_array(shape, dt))
            }
            "sum" | "mean" | "std" | "var" | "min" | "max" | "amin" | "amax" | "prod"
            | "argmax" | "argmin" | "any" | "all" | "cumsum" | "cumprod" | "sort" | "argsort"
            | "diff" | "clip" | "transpose" | "swapaxes" | "reshape" | "ravel" | "squeeze"
            | "take" | "repeat" | "round_" => match a0 {
                Value::Array(a) => {
                    let rest = args[1..].to_vec();
                    let method = match name {
                        "amin" => "min",
                        "amax" => "max",
                        "sort" => "np.sort",
                        "repeat" => "np.repeat",
                        "diff" => "np.diff",
                        n => n,
                    };
                    self.call_array(a, method, rest, kwargs, line)
                }
                _ => self.unknown(line, &what, "the argument is not an array"),
            },
            "expand_dims" => match (&a0, args.get(1).and_then(int_of)) {
                (Value::Array(a), Some(ax)) => {
                    let mut s = a.shape.clone();
                    let mut st = a.strides.clone();
                    let n = s.len() as i128 + 1;
                    let ax = if ax < 0 { ax + n } else { ax };
                    let at = ax.clamp(0, n - 1) as usize;
                    s.insert(at, 1);
                    st.insert(at, 0);
                    Value::Array(a.view(s, st))
                }
                _ => self.unknown(line, &what, "not modelled"),
            },
            "broadcast_to" => match (&a0, args.get(1).and_then(known_shape)) {
                (Value::Array(a), Some(s)) if broadcast(&a.shape, &s).as_ref() == Some(&s) => {
                    // Axes the array lacks, or stretches from length 1, get stride 0.
                    let pad = s.len() - a.shape.len();
                    let st = (0..s.len())
                        .map(|i| match i.checked_sub(pad) {
                            Some(j) if a.shape[j] == s[i] => a.strides[j],
                            _ => 0,
                        })
                        .collect();
                    Value::Array(a.view(s, st))
                }
                _ => self.unknown(line, &what, "not modelled"),
            },
            // `np.where(cond)` is `np.nonzero(cond)`.
            "where" if args.len() == 1 => self.selection("nonzero", &args, &kwargs, line),
            "partition" | "argpartition" => match &a0 {
                Value::Array(a) => {
                    let axis = arg(&args, &kwargs, 2, "axis");
                    if name == "partition" {
                        self.partition(a, axis)
                    } else {
                        self.argpartition(a, axis)
                    }
                }
                _ => self.unknown(line, &what, "the argument is not an array"),
            },
            "median" | "percentile" | "quantile" => {
                let axis = arg(&args, &kwargs, if name == "median" { 1 } else { 2 }, "axis");
                let whole = matches!(axis, None | Some(Value::None))
                    && !matches!(kw(&kwargs, "overwrite_input"), Some(Value::Bool(true)))
                    && out.is_none();
                let q = arg(&args, &kwargs, 1, "q");
                match (&a0, whole) {
                    (Value::Array(a), true) if name == "median" => {
                        self.order_statistic(a, None, &what, line)
                    }
                    (Value::Array(a), true) if q.is_some() => {
                        self.order_statistic(a, q, &what, line)
                    }
                    (Value::Array(_), _) => self.unknown(
                        line,
                        &what,
                        "only over the whole array (no axis, out or overwrite_input) is modelled",
                    ),
                    _ => self.unknown(line, &what, "the argument is not an array"),
                }
            }
            "outer" => self.outer(&a0, args.get(1), line),
            "convolve" => self.convolve(&args, &kwargs, line),
            "where" if args.len() == 3 => {
                let shapes: Option<Vec<Vec<u64>>> = args.iter().map(vshape).collect();
                let Some(shapes) = shapes else {
                    return self.unknown(line, &what, "not modelled");
                };
                let shape = shapes.iter().try_fold(vec![], |acc, s| broadcast(&acc, s));
                let dt = promote_values(&args[1], &args[2]).ok();
                match (shape, dt) {
                    (Some(s), Some(d)) => Value::Array(self.new_array(s, d)),
                    _ => self.unknown(line, &what, "shapes or dtypes do not combine"),
                }
            }
            "meshgrid" => {
                let arrays: Option<Vec<Array>> = args
                    .iter()
                    .map(|v| match v {
                        Value::Array(a) if a.shape.len() == 1 => Some(a.clone()),
                        _ => None,
                    })
                    .collect();
                let Some(arrays) = arrays else {
                    return self.unknown(line, &what, "only 1-d arrays are modelled");
                };
                let sparse = matches!(kw(&kwargs, "sparse"), Some(Value::Bool(true)));
                let ij = matches!(kw(&kwargs, "indexing"), Some(Value::Str(s)) if s == "ij");
                let mut dims: Vec<u64> = arrays.iter().map(|a| a.shape[0]).collect();
                if !ij && dims.len() >= 2 {
                    dims.swap(0, 1);
                }
                let n = dims.len();
                let mut out = Vec::new();
                for (i, a) in arrays.iter().enumerate() {
                    let axis = if !ij && n >= 2 && i < 2 { 1 - i } else { i };
                    let shape = if sparse {
                        (0..n)
                            .map(|k| if k == axis { dims[k] } else { 1 })
                            .collect()
                    } else {
                        dims.clone()
                    };
                    out.push(Value::Array(self.new_array(shape, a.dtype.clone())));
                }
                Value::Tuple(out)
            }
            "concatenate" | "stack" | "vstack" | "hstack" => self.join(name, &a0, &kwargs, line),
            "tile" => match (&a0, args.get(1).and_then(known_shape)) {
                (Value::Array(a), Some(reps)) => {
                    let n = a.shape.len().max(reps.len());
                    let mut s = vec![1u64; n - a.shape.len()];
                    s.extend_from_slice(&a.shape);
                    let mut r = vec![1u64; n - reps.len()];
                    r.extend_from_slice(&reps);
                    let shape = s
                        .iter()
                        .zip(&r)
                        .map(|(x, y)| x.saturating_mul(*y))
                        .collect();
                    Value::Array(self.new_array(shape, a.dtype.clone()))
                }
                _ => self.unknown(line, &what, "not modelled"),
            },
            "pad" => match (&a0, args.get(1)) {
                (Value::Array(a), Some(w)) => {
                    let widths: Option<Vec<(u64, u64)>> = match w {
                        Value::Int(i) => dimension(*i).ok().map(|w| vec![(w, w); a.shape.len()]),
                        Value::Tuple(t) => t
                            .iter()
                            .map(|p| {
                                known_shape(p)
                                    .filter(|v| v.len() == 2)
                                    .map(|v| (v[0], v[1]))
                            })
                            .collect(),
                        _ => None,
                    };
                    match widths {
                        Some(ws) if ws.len() == a.shape.len() => {
                            let shape = a
                                .shape
                                .iter()
                                .zip(&ws)
                                .map(|(d, (x, y))| d.saturating_add(*x).saturating_add(*y))
                                .collect();
                            Value::Array(self.new_array(shape, a.dtype.clone()))
                        }
                        _ => self.unknown(line, &what, "pad widths not modelled"),
                    }
                }
                _ => self.unknown(line, &what, "not modelled"),
            },
            "einsum" => self.einsum(&args, line),
            "dot" => {
                let b = args.get(1).cloned().unwrap_or(Value::None);
                self.matmul(&a0, &b, line)
            }
            "matmul" => {
                let b = args.get(1).cloned().unwrap_or(Value::None);
                self.matmul(&a0, &b, line)
            }
            "load" => self.load(&args, &kwargs, line),
            "save" | "savez" | "savez_compressed" => self.save(name, &args, &kwargs, line),
            "fromfile" => self.fromfile(&args, &kwargs, line),
            "unique" | "nonzero" | "flatnonzero" | "argwhere" | "extract" | "compress" => {
                self.selection(name, &args, &kwargs, line)
            }
            // How many are non-zero is the data's: at most all of them.
            "count_nonzero" => match (&a0, arg(&args, &kwargs, 1, "axis")) {
                (Value::Array(a), None | Some(Value::None)) => {
                    let n = self.selected(line, &what, a.size(), 0);
                    Value::Int(i128::from(n))
                }
                _ => self.unknown(line, &what, "only without axis is modelled"),
            },
            "isnan" | "isfinite" | "isinf" | "logical_not" => match &a0 {
                Value::Array(a) => Value::Array(self.new_array(a.shape.clone(), dtype("bool"))),
                _ => self.unknown(line, &what, "not modelled"),
            },
            _ => self.unknown(line, &what, "this numpy function is not modelled yet"),
        }
    }

    /// `np.einsum` with explicit subscripts: only the output is allocated.
    fn einsum(&mut self, args: &[Value], line: u32) -> Value {
        let (Some(Value::Str(spec)), operands) = (args.first(), &args[1..]) else {
            return self.unknown(line, "np.einsum", "only a subscripts string is modelled");
        };
        let spec: String = spec.chars().filter(|c| !c.is_whitespace()).collect();
        let (inputs, output) = match spec.split_once("->") {
            Some((i, o)) => (i.to_string(), Some(o.to_string())),
            None => (spec.clone(), None),
        };
        let inputs: Vec<&str> = inputs.split(',').collect();
        if inputs.len() != operands.len() {
            return self.unknown(line, "np.einsum", "these subscripts are not modelled");
        }
        // `...` stands for an operand's leading axes not named by letters; they broadcast
        // together, right-aligned, each labelled by its place from the right.
        let ellipsis = |k: usize| char::from_u32(0xE000 + k as u32).unwrap_or('\u{E000}');
        let mut dims: Vec<(char, u64)> = vec![];
        let mut count: Vec<(char, usize)> = vec![];
        let mut dt: Option<DType> = None;
        let mut broadcast_axes = 0usize;
        let ld = crate::dtype::Platform::LINUX_X86_64.long_double;
        for (sub, op) in inputs.iter().zip(operands) {
            let Value::Array(a) = op else {
                return self.unknown(line, "np.einsum", "operands must be arrays");
            };
            let labels: Vec<char> = match sub.split_once("...") {
                None => sub.chars().collect(),
                Some((before, after)) if !after.contains('.') => {
                    let named = before.chars().count() + after.chars().count();
                    let Some(extra) = a.shape.len().checked_sub(named) else {
                        return self.unknown(
                            line,
                            "np.einsum",
                            "subscripts do not match the operands",
                        );
                    };
                    broadcast_axes = broadcast_axes.max(extra);
                    before
                        .chars()
                        .chain((0..extra).rev().map(ellipsis))
                        .chain(after.chars())
                        .collect()
                }
                Some(_) => {
                    return self.unknown(line, "np.einsum", "these subscripts are not modelled");
                }
            };
            if labels.len() != a.shape.len() || labels.contains(&'.') {
                return self.unknown(line, "np.einsum", "subscripts do not match the operands");
            }
            for (c, &d) in labels.iter().zip(&a.shape) {
                match dims.iter_mut().find(|(x, _)| x == c) {
                    // A length-1 axis broadcasts against the others.
                    Some((_, n)) if *n == 1 => *n = d,
                    Some(_) => {}
                    None => dims.push((*c, d)),
                }
                match count.iter_mut().find(|(x, _)| x == c) {
                    Some((_, n)) => *n += 1,
                    None => count.push((*c, 1)),
                }
            }
            dt = Some(match dt {
                None => a.dtype.clone(),
                Some(d) => match crate::cast::result_type(&d, &a.dtype, ld) {
                    Ok(x) => x,
                    Err(_) => return self.unknown(line, "np.einsum", "no common dtype"),
                },
            });
        }
        let broadcast: Vec<char> = (0..broadcast_axes).rev().map(ellipsis).collect();
        let output: Vec<char> = match output {
            Some(o) => match o.split_once("...") {
                None => o.chars().collect(),
                Some((before, after)) => before
                    .chars()
                    .chain(broadcast.iter().copied())
                    .chain(after.chars())
                    .collect(),
            },
            // Implicit: the broadcast axes, then the letters named once, in order.
            None => {
                let mut once: Vec<char> = count
                    .iter()
                    .filter(|(c, n)| *n == 1 && !broadcast.contains(c))
                    .map(|(c, _)| *c)
                    .collect();
                once.sort();
                broadcast.iter().copied().chain(once).collect()
            }
        };
        let shape: Option<Vec<u64>> = output
            .iter()
            .map(|c| dims.iter().find(|(x, _)| x == c).map(|(_, d)| *d))
            .collect();
        match (shape, dt) {
            (Some(s), Some(d)) if s.is_empty() => {
                drop(self.new_array(vec![], d.clone()));
                Value::Scalar(d)
            }
            (Some(s), Some(d)) => Value::Array(self.new_array(s, d)),
            _ => self.unknown(line, "np.einsum", "these subscripts are not modelled"),
        }
    }

    fn array_literal(&mut self, v: &Value, dt: Option<&Value>, line: u32) -> Value {
        fn walk(v: &Value, shape: &mut Vec<u64>, depth: usize, kind: &mut u8) -> bool {
            let items: Vec<Value> = match v {
                Value::List(l) => l.borrow().clone(),
                Value::Tuple(t) => t.clone(),
                Value::Int(_) => {
                    *kind = (*kind).max(1);
                    return true;
                }
                Value::Float(_) | Value::Scalar(_) => {
                    *kind = (*kind).max(2);
                    return true;
                }
                Value::Bool(_) => return true,
                _ => return false,
            };
            if shape.len() == depth {
                shape.push(items.len() as u64);
            } else if shape[depth] != items.len() as u64 {
                return false;
            }
            items.iter().all(|x| walk(x, shape, depth + 1, kind))
        }
        let mut shape = vec![];
        let mut kind = 0u8;
        if !walk(v, &mut shape, 0, &mut kind) {
            return self.unknown(
                line,
                "np.array",
                "only nested lists of numbers are modelled",
            );
        }
        let d = dtype_of(dt).unwrap_or(dtype(match kind {
            0 => "bool",
            1 => "int64",
            _ => "float64",
        }));
        Value::Array(self.new_array(shape, d))
    }

    fn join(&mut self, name: &str, seq: &Value, kwargs: &Kwargs, line: u32) -> Value {
        let items: Vec<Value> = match seq {
            Value::List(l) => l.borrow().clone(),
            Value::Tuple(t) => t.clone(),
            _ => return self.unknown(line, name, "the sequence is not known"),
        };
        let arrays: Option<Vec<Array>> = items
            .iter()
            .map(|x| match x {
                Value::Array(a) => Some(a.clone()),
                _ => None,
            })
            .collect();
        let Some(arrays) = arrays.filter(|a| !a.is_empty()) else {
            return self.unknown(line, name, "only lists of arrays are modelled");
        };
        let ld = crate::dtype::Platform::LINUX_X86_64.long_double;
        let mut dt = arrays[0].dtype.clone();
        for a in &arrays[1..] {
            match crate::cast::result_type(&dt, &a.dtype, ld) {
                Ok(d) => dt = d,
                Err(_) => return self.unknown(line, name, "no common dtype"),
            }
        }
        let first = &arrays[0].shape;
        let total: u64 = arrays.iter().map(|a| a.size()).sum();
        let n = arrays.len() as u64;
        let shape = match name {
            "stack" => {
                let axis = kw(kwargs, "axis").and_then(int_of).unwrap_or(0);
                let mut s = first.clone();
                let nd = s.len() as i128 + 1;
                let ax = if axis < 0 { axis + nd } else { axis };
                s.insert(ax.clamp(0, nd - 1) as usize, n);
                s
            }
            "vstack" if first.len() == 1 => vec![n, first[0]],
            _ => {
                // concatenate/hstack/vstack: total size, same rank (hstack of 1-D along 0).
                let axis = match name {
                    "hstack" if first.len() > 1 => 1,
                    "concatenate" => kw(kwargs, "axis").and_then(int_of).unwrap_or(0) as usize,
                    _ => 0,
                };
                let mut s = first.clone();
                if s.is_empty() {
                    return self.unknown(line, name, "0-d arrays");
                }
                let axis = axis.min(s.len() - 1);
                let other: u64 = s
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != axis)
                    .map(|(_, d)| d)
                    .product();
                s[axis] = total.checked_div(other).unwrap_or(0);
                s
            }
        };
        drop(items);
        Value::Array(self.new_array(shape, dt))
    }

    fn random(
        &mut self,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
        line: u32,
        generator: bool,
    ) -> Value {
        let what = if generator {
            format!("Generator.{name}")
        } else {
            format!("np.random.{name}")
        };
        match name {
            "default_rng" => Value::Generator,
            "seed" => Value::None,
            "rand" | "randn" => {
                let dims: Option<Result<Vec<u64>, _>> =
                    args.iter().map(|v| int_of(v).map(dimension)).collect();
                match dims {
                    Some(Ok(d)) if d.is_empty() => Value::Float(0.0),
                    Some(Ok(d)) => Value::Array(self.new_array(d, dtype("float64"))),
                    Some(Err(refusal)) => self.unknown(line, &what, refusal),
                    None => self.unknown(line, &what, "the shape is not known"),
                }
            }
            "random" | "standard_normal" | "random_sample" | "rand_like" => {
                let size = arg(&args, &kwargs, 0, "size");
                self.sized(size, dtype_or(kw(&kwargs, "dtype"), "float64"), line, &what)
            }
            "normal" | "uniform" | "lognormal" | "laplace" | "logistic" | "gumbel" => self.sized(
                arg(&args, &kwargs, 2, "size"),
                dtype("float64"),
                line,
                &what,
            ),
            "exponential" | "poisson" | "standard_t" | "chisquare" | "rayleigh" => {
                let default = if name == "poisson" {
                    "int64"
                } else {
                    "float64"
                };
                self.sized(arg(&args, &kwargs, 1, "size"), dtype(default), line, &what)
            }
            "integers" | "randint" => {
                let dt = dtype_or(kw(&kwargs, "dtype"), "int64");
                self.sized(arg(&args, &kwargs, 2, "size"), dt, line, &what)
            }
            "permutation" => match args.first() {
                // `permutation(n)` shuffles `arange(n)`: empty for a negative n.
                Some(Value::Int(n)) => match dimension((*n).max(0)) {
                    Ok(n) => Value::Array(self.new_array(vec![n], dtype("int64"))),
                    Err(_) => self.unknown(
                        line,
                        &what,
                        "numpy raises ValueError: Maximum allowed size exceeded",
                    ),
                },
                Some(Value::Array(a)) => {
                    Value::Array(self.new_array(a.shape.clone(), a.dtype.clone()))
                }
                _ => self.unknown(line, &what, "not modelled"),
            },
            _ => self.unknown(line, &what, "this random function is not modelled yet"),
        }
    }

    /// `size=None` gives one numpy scalar; a size, an array of that shape.
    fn sized(&mut self, size: Option<&Value>, dt: DType, line: u32, what: &str) -> Value {
        match size {
            None | Some(Value::None) => Value::Scalar(dt),
            Some(_) => self.creation(size, dt, line, what),
        }
    }

    // ---- array methods ----

    pub(super) fn call_array(
        &mut self,
        a: Array,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
        line: u32,
    ) -> Value {
        let what = format!(".{name}()");
        let nd = a.shape.len();
        match name {
            "copy" => Value::Array(self.new_array(a.shape.clone(), a.dtype.clone())),
            "astype" => match dtype_of(arg(&args, &kwargs, 0, "dtype")) {
                Some(d) => {
                    if matches!(kw(&kwargs, "copy"), Some(Value::Bool(false))) && d == a.dtype {
                        return Value::Array(a);
                    }
                    Value::Array(self.new_array(a.shape.clone(), d))
                }
                None => self.unknown(line, &what, "the dtype is not known"),
            },
            "view" => match dtype_of(args.first()) {
                Some(d) if d.itemsize == a.dtype.itemsize => {
                    let mut v = a.same_view();
                    v.dtype = d;
                    Value::Array(v)
                }
                _ => self.unknown(line, &what, "views changing the item size are not modelled"),
            },
            "conj" | "conjugate" => Value::Array(self.new_array(a.shape.clone(), a.dtype.clone())),
            "reshape" => {
                let dims: Option<Vec<i128>> = if args.len() == 1 {
                    match &args[0] {
                        Value::Tuple(t) => t.iter().map(int_of).collect(),
                        Value::List(l) => l.borrow().iter().map(int_of).collect(),
                        v => int_of(v).map(|i| vec![i]),
                    }
                } else {
                    args.iter().map(int_of).collect()
                };
                let Some(dims) = dims else {
                    return self.unknown(line, &what, "the shape is not known");
                };
                // A negative dimension is solved for; one past npy_intp is refused.
                if let Some(refusal) = dims
                    .iter()
                    .filter(|&&d| d >= 0)
                    .find_map(|&d| dimension(d).err())
                {
                    return self.unknown(line, &what, refusal);
                }
                let size = a.size();
                let known = elements(
                    &dims
                        .iter()
                        .filter(|&&d| d >= 0)
                        .map(|&d| d as u64)
                        .collect::<Vec<_>>(),
                );
                let shape: Vec<u64> = dims
                    .iter()
                    .map(|&d| {
                        if d < 0 {
                            size.checked_div(known).unwrap_or(0)
                        } else {
                            d as u64
                        }
                    })
                    .collect();
                if elements(&shape) != size {
                    return self.unknown(line, &what, "the sizes do not match");
                }
                let order = match kw(&kwargs, "order") {
                    Some(Value::Str(o)) if o == "F" => Order::F,
                    _ => Order::C,
                };
                Value::Array(self.reshape(&a, shape, order))
            }
            "ravel" | "flatten" => {
                let order = match arg(&args, &kwargs, 0, "order") {
                    Some(Value::Str(o)) if o == "F" => Order::F,
                    _ => Order::C,
                };
                let contiguous = match order {
                    Order::C => a.c_contiguous(),
                    Order::F => a.f_contiguous(),
                };
                if name == "ravel" && contiguous {
                    Value::Array(self.reshape(&a, vec![a.size()], order))
                } else {
                    Value::Array(self.new_array(vec![a.size()], a.dtype.clone()))
                }
            }
            "transpose" => {
                let given: Option<Vec<usize>> = match args.as_slice() {
                    [] | [Value::None] => Some((0..nd).rev().collect()),
                    [Value::Tuple(t)] => t.iter().map(|v| axis_of(v, nd)).collect(),
                    [Value::List(l)] => l.borrow().iter().map(|v| axis_of(v, nd)).collect(),
                    many => many.iter().map(|v| axis_of(v, nd)).collect(),
                };
                match given {
                    Some(ax) if is_permutation(&ax, nd) => Value::Array(a.permuted(&ax)),
                    _ => self.unknown(line, &what, "the axes are not known"),
                }
            }
            "swapaxes" => {
                let ax: Option<Vec<usize>> = args
                    .iter()
                    .map(|v| {
                        int_of(v).map(|i| {
                            if i < 0 {
                                (i + nd as i128) as usize
                            } else {
                                i as usize
                            }
                        })
                    })
                    .collect();
                match ax.as_deref() {
                    Some([x, y]) if *x < nd && *y < nd => {
                        let mut ax: Vec<usize> = (0..nd).collect();
                        ax.swap(*x, *y);
                        Value::Array(a.permuted(&ax))
                    }
                    _ => self.unknown(line, &what, "axes not known"),
                }
            }
            "squeeze" => {
                let ax: Vec<usize> = (0..nd).filter(|&i| a.shape[i] != 1).collect();
                Value::Array(a.permuted(&ax))
            }
            "sum" | "mean" | "min" | "max" | "prod" | "argmax" | "argmin" | "any" | "all"
            | "std" | "var" => self.reduce(a, name, &args, &kwargs, line),
            "cumsum" | "cumprod" => {
                let dt = dtype_of(arg(&args, &kwargs, 1, "dtype"))
                    .unwrap_or_else(|| sum_dtype(&a.dtype));
                let shape = match arg(&args, &kwargs, 0, "axis") {
                    None | Some(Value::None) => vec![a.size()],
                    _ => a.shape.clone(),
                };
                Value::Array(self.new_array(shape, dt))
            }
            "sort" | "partition" => Value::None,
            "argpartition" => self.argpartition(&a, arg(&args, &kwargs, 1, "axis")),
            "np.sort" => Value::Array(self.new_array(a.shape.clone(), a.dtype.clone())),
            "argsort" => {
                let shape = along(&a, arg(&args, &kwargs, 0, "axis"));
                Value::Array(self.new_array(shape, dtype("int64")))
            }
            "np.diff" => {
                let axis = arg(&args, &kwargs, 1, "axis")
                    .and_then(int_of)
                    .unwrap_or(-1);
                let ax = if axis < 0 { axis + nd as i128 } else { axis };
                if nd == 0 || !(0..nd as i128).contains(&ax) {
                    return self.unknown(line, "np.diff", "axis not known");
                }
                let mut s = a.shape.clone();
                s[ax as usize] = s[ax as usize].saturating_sub(1);
                let dt = if a.dtype.kind() == 'b' {
                    dtype("bool")
                } else {
                    a.dtype.clone()
                };
                Value::Array(self.new_array(s, dt))
            }
            "clip" => {
                if let Some(o) = kw(&kwargs, "out") {
                    return o.clone();
                }
                let lo = arg(&args, &kwargs, 0, "min")
                    .cloned()
                    .unwrap_or(Value::None);
                let hi = arg(&args, &kwargs, 1, "max")
                    .cloned()
                    .unwrap_or(Value::None);
                let mut ops = vec![strong(&a.dtype)];
                ops.extend([&lo, &hi].into_iter().filter_map(operand));
                let dt = match result(&ops) {
                    Ok(d) => d,
                    Err(why) => return self.unknown(line, "clip", &why),
                };
                Value::Array(self.new_array(a.shape.clone(), dt))
            }
            "take" => {
                let idx = args.first().cloned().unwrap_or(Value::None);
                let axis = arg(&args, &kwargs, 1, "axis").cloned();
                match axis {
                    Some(Value::Int(0)) => self.index_array(&a, &idx, line),
                    _ => self.unknown(line, "take", "only axis=0 is modelled"),
                }
            }
            "np.repeat" => match (
                args.first().and_then(int_of),
                arg(&args, &kwargs, 1, "axis"),
            ) {
                (Some(r), None | Some(Value::None)) => match dimension(r) {
                    Ok(r) => Value::Array(
                        self.new_array(vec![a.size().saturating_mul(r)], a.dtype.clone()),
                    ),
                    Err(refusal) => self.unknown(line, "np.repeat", refusal),
                },
                _ => self.unknown(
                    line,
                    "np.repeat",
                    "only a scalar count without axis is modelled",
                ),
            },
            "fill" => Value::None,
            "nonzero" => self.nonzero(&a, line, "nonzero"),
            "compress" => {
                let mut all = args;
                all.insert(1, Value::Array(a));
                self.selection("compress", &all, &kwargs, line)
            }
            _ => self.unknown(line, &what, "this array method is not modelled yet"),
        }
    }

    /// numpy's reshape: a view with the same strides when the shape is unchanged; a view of
    /// contiguous data; a view of strided data when `_attempt_nocopy_reshape` finds strides;
    /// otherwise a copy (laid out in `order`) that the result views.
    pub(super) fn reshape(&mut self, a: &Array, shape: Vec<u64>, order: Order) -> Array {
        if shape == a.shape {
            return a.same_view();
        }
        let contiguous = match order {
            Order::C => a.c_contiguous(),
            Order::F => a.f_contiguous(),
        };
        if contiguous {
            let strides = fresh_strides(&shape, a.dtype.itemsize, order);
            return a.view(shape, strides);
        }
        match a.nocopy_reshape(&shape, order) {
            Some(strides) => a.view(shape, strides),
            None => self.new_array_in(shape, a.dtype.clone(), order),
        }
    }

    fn reduce(
        &mut self,
        a: Array,
        name: &str,
        args: &[Value],
        kwargs: &Kwargs,
        line: u32,
    ) -> Value {
        let nd = a.shape.len();
        let Some(axes) = axes(arg(args, kwargs, 0, "axis"), nd) else {
            return self.unknown(line, name, "the axis is not known");
        };
        let keepdims = matches!(kw(kwargs, "keepdims"), Some(Value::Bool(true)));
        let given = dtype_of(arg(args, kwargs, 1, "dtype"));
        let reduced = match &axes {
            None => reduced_shape(&a.shape, &(0..nd).collect::<Vec<_>>(), keepdims),
            Some(ax) => reduced_shape(&a.shape, ax, keepdims),
        };
        let kept: Vec<u64> = match &axes {
            None => vec![1; nd],
            Some(ax) => a
                .shape
                .iter()
                .enumerate()
                .map(|(i, &d)| if ax.contains(&i) { 1 } else { d })
                .collect(),
        };
        let out_dt = match name {
            "sum" | "prod" => given.clone().unwrap_or_else(|| sum_dtype(&a.dtype)),
            "mean" | "std" | "var" => given.clone().unwrap_or_else(|| {
                let f = float_kind(&a.dtype);
                if name == "mean" { f } else { real_of(&f) }
            }),
            "argmax" | "argmin" => dtype("int64"),
            "any" | "all" => dtype("bool"),
            _ => a.dtype.clone(),
        };
        if matches!(name, "std" | "var") {
            // numpy's _var: the mean (kept dims), one input-sized deviation array in the
            // computation dtype, squared in place, then the reduced sum.
            let comp = given.unwrap_or_else(|| float_kind(&a.dtype));
            let mean = self.new_array(kept, comp.clone());
            let dev = self.new_array(a.shape.clone(), comp.clone());
            let out = self.finish_reduce(reduced, real_of(&comp));
            drop(dev);
            drop(mean);
            drop(a);
            return out;
        }
        let out = self.finish_reduce(reduced, out_dt);
        drop(a);
        out
    }

    pub(super) fn finish_reduce(&mut self, shape: Vec<u64>, dt: DType) -> Value {
        let out = self.new_array(shape.clone(), dt.clone());
        if shape.is_empty() {
            // A 0-d result becomes a numpy scalar; its buffer is freed.
            drop(out);
            return Value::Scalar(dt);
        }
        Value::Array(out)
    }
}

/// The shape a reduction over `axes` leaves (length-1 axes in their place with `keepdims`).
pub(super) fn reduced_shape(shape: &[u64], axes: &[usize], keepdims: bool) -> Vec<u64> {
    shape
        .iter()
        .enumerate()
        .filter_map(|(i, &d)| {
            if axes.contains(&i) {
                keepdims.then_some(1)
            } else {
                Some(d)
            }
        })
        .collect()
}

fn sum_dtype(d: &DType) -> DType {
    match d.kind() {
        'b' | 'i' if d.itemsize < 8 => dtype("int64"),
        'b' => dtype("int64"),
        'u' if d.itemsize < 8 => dtype("uint64"),
        _ => d.clone(),
    }
}

fn can_elide(tmp: &Value, other: &Value, result: &DType) -> bool {
    let Value::Array(t) = tmp else { return false };
    if !elide_ok(t) || t.dtype != *result {
        return false;
    }
    match other {
        Value::Array(o) => o.shape == t.shape,
        v => scalar_casts_safely(v, &t.dtype),
    }
}

/// An axis argument normalised against `nd` dimensions.
fn axis_of(v: &Value, nd: usize) -> Option<usize> {
    let i = int_of(v)?;
    let i = if i < 0 { i + nd as i128 } else { i };
    (0..nd as i128).contains(&i).then_some(i as usize)
}

fn is_permutation(axes: &[usize], nd: usize) -> bool {
    let mut seen = vec![false; nd];
    axes.len() == nd
        && axes
            .iter()
            .all(|&i| i < nd && !std::mem::replace(&mut seen[i], true))
}

/// Python's `slice.indices(n)`: the start, stop and step of `range(n)[start:stop:step]`;
/// `None` for a step of zero.
fn slice_bounds(
    n: u64,
    start: Option<i128>,
    stop: Option<i128>,
    step: Option<i128>,
) -> Option<(i128, i128, i128)> {
    let n = i128::from(n);
    let step = step.unwrap_or(1);
    if step == 0 {
        return None;
    }
    let clamp = |v: i128, lo: i128, hi: i128| v.max(lo).min(hi);
    let norm = |v: i128| if v < 0 { v.saturating_add(n) } else { v };
    let (lo, hi) = if step > 0 { (0, n) } else { (-1, n - 1) };
    let start = start
        .map(|s| clamp(norm(s), lo, hi))
        .unwrap_or(if step > 0 { 0 } else { n - 1 });
    let stop = stop
        .map(|s| clamp(norm(s), lo, hi))
        .unwrap_or(if step > 0 { n } else { -1 });
    Some((start, stop, step))
}

/// The length of `range(n)[start:stop:step]`, without listing it.
pub fn slice_len(n: u64, start: Option<i128>, stop: Option<i128>, step: Option<i128>) -> u64 {
    let Some((start, stop, step)) = slice_bounds(n, start, stop, step) else {
        return 0;
    };
    let count = if step > 0 {
        (stop - start + step - 1).max(0) / step
    } else {
        (start - stop - step - 1).max(0) / -step
    };
    u64::try_from(count).unwrap_or(0)
}

fn pick(items: &[Value], i: i128) -> Value {
    let n = items.len() as i128;
    let i = if i < 0 { i + n } else { i };
    if (0..n).contains(&i) {
        items[i as usize].clone()
    } else {
        Value::Unknown
    }
}

/// The indices of `range(n)[start:stop:step]`.
pub fn slice_indices(
    n: u64,
    start: Option<i128>,
    stop: Option<i128>,
    step: Option<i128>,
) -> Vec<u64> {
    let Some((start, stop, step)) = slice_bounds(n, start, stop, step) else {
        return vec![];
    };
    let mut out = vec![];
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as u64);
        i += step;
        if out.len() > 100_000_000 {
            break;
        }
    }
    out
}

fn np_attr(attr: &str) -> Option<Value> {
    Some(match attr {
        "pi" => Value::Float(std::f64::consts::PI),
        "e" => Value::Float(std::f64::consts::E),
        "nan" => Value::Float(f64::NAN),
        "inf" => Value::Float(f64::INFINITY),
        "newaxis" => Value::None,
        "random" => Value::Module("np.random".into()),
        "linalg" => Value::Module("np.linalg".into()),
        "float64" | "float32" | "float16" | "int8" | "int16" | "int32" | "int64" | "uint8"
        | "uint16" | "uint32" | "uint64" | "complex64" | "complex128" | "intp" | "bool"
        | "bool_" | "double" | "single" | "half" | "longlong" => {
            Value::DType(dtype(if attr == "bool_" { "bool" } else { attr }))
        }
        _ => return None,
    })
}
