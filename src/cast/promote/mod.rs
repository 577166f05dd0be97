//! numpy's promotion of any number of operands: `np.result_type(A, B, C, …)` over dtypes and
//! Python scalars, as numpy 2.5 computes it under NEP 50.
//!
//! A Python `int`, `float` or `complex` is *weak*: it takes part as an abstract DType that
//! adopts the other operands' precision (`uint8` and `300` promote to `uint8`; `float32` and
//! `2.0` to `float32`), crossing into a higher kind at its default precision (`int8` and `3j`
//! give `complex128`). Its value never changes the type; converting it when an operation runs
//! can fail or lose it instead, which [`conversions`] reports. A Python `bool` is numpy's
//! strong `bool`.
//!
//! numpy's N-ary promotion is not a fold of the binary one: it first reduces all the DType
//! classes ([`classes`]: `PyArray_PromoteDTypeSequence`, which can pass over or drop operands
//! depending on their order), then finds the common instance of the operands' descriptors
//! (string lengths, datetime units, structured fields). Both steps are reproduced as numpy 2.5
//! runs them, dtypes before scalars, as `np.result_type` orders its arguments.

mod classes;
mod convert;
mod literal;
pub mod pair;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::cast::rules::{is_native_numeric, native, text_length};
use crate::dtype::{Body, ByteOrder, DType, Field, Platform};
use pair::datetime_gcd;

use classes::{Class, Ctx};

pub use convert::{Conversion, Converted, Outcome, PyException, conversions};
pub use literal::{LiteralError, parse_literal};

/// An argument of `np.result_type`: a dtype, or a Python scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    DType(DType),
    /// A Python `int`, any size.
    PyInt(BigInt),
    /// A Python `float`: an IEEE double (`1e400` is already `inf`).
    PyFloat(f64),
    /// A Python `complex`: two doubles.
    PyComplex {
        real: f64,
        imag: f64,
    },
    /// `True` or `False`: numpy's `bool`, not weak.
    PyBool(bool),
}

impl Operand {
    /// Whether numpy treats the operand as a weak Python scalar (int, float or complex).
    pub fn is_weak(&self) -> bool {
        matches!(
            self,
            Operand::PyInt(_) | Operand::PyFloat(_) | Operand::PyComplex { .. }
        )
    }

    /// The DType class the operand takes part as.
    fn class(&self) -> Class {
        match self {
            Operand::DType(dt) => Class::of(dt),
            Operand::PyInt(_) => Class::PyLong,
            Operand::PyFloat(_) => Class::PyFloat,
            Operand::PyComplex { .. } => Class::PyComplex,
            Operand::PyBool(_) => Class::Legacy(classes::BOOL),
        }
    }

    /// The descriptor the operand brings to the second step (none for a weak scalar).
    fn descriptor(&self, platform: Platform) -> Option<DType> {
        match self {
            Operand::DType(dt) => Some(dt.clone()),
            Operand::PyBool(_) => Some(Class::Legacy(classes::BOOL).default_descr(platform)),
            _ => None,
        }
    }
}

/// An operand as typed: a Python literal (`300`, `-1`, `2.0`, `1e400`, `3j`, `True`) is that
/// Python scalar; anything else must be a dtype spelling.
pub fn parse_operand(text: &str, platform: Platform) -> Result<Operand, OperandError> {
    if let Some(op) = parse_literal(text) {
        return Ok(op);
    }
    crate::dtype::parse(text, platform)
        .map(Operand::DType)
        .map_err(|e| match literal::problem(text) {
            Some(reason) => OperandError::Literal(LiteralError {
                text: text.to_string(),
                reason,
            }),
            None => OperandError::DType(e),
        })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OperandError {
    #[error(transparent)]
    DType(#[from] crate::dtype::DTypeError),
    #[error(transparent)]
    Literal(#[from] LiteralError),
}

/// What numpy raises when the operands do not promote: the exception's type name
/// (`DTypePromotionError`, `TypeError`, `ValueError`) and its message, word for word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PromotionError {
    pub exception: &'static str,
    pub message: String,
}

impl PromotionError {
    fn promotion(message: impl Into<String>) -> PromotionError {
        PromotionError {
            exception: "DTypePromotionError",
            message: message.into(),
        }
    }

    fn type_error(message: impl Into<String>) -> PromotionError {
        PromotionError {
            exception: "TypeError",
            message: message.into(),
        }
    }

    fn internal(what: &str) -> PromotionError {
        PromotionError {
            exception: "RuntimeError",
            message: format!("npmem: {what}"),
        }
    }
}

/// `np.result_type(*operands)` on `platform`: numpy's dtype, or numpy's exception.
pub fn result_type_of(operands: &[Operand], platform: Platform) -> Result<DType, PromotionError> {
    let ctx = Ctx::new(platform);
    match operands {
        [] => Err(PromotionError {
            exception: "ValueError",
            message: "at least one array or dtype is required".to_string(),
        }),
        // numpy makes one operand canonical by building its fields' dict anew, keyed by the
        // titles too: a title Python cannot hash raises there (and only there).
        [Operand::DType(dt)] if let Some(kind) = unhashable_title(dt) => Err(
            PromotionError::type_error(format!("unhashable type: '{kind}'")),
        ),
        [one] => Ok(single(one, platform)),
        _ => {
            // np.result_type passes dtypes first, then the scalars (converted to arrays).
            let ordered: Vec<&Operand> = operands
                .iter()
                .filter(|o| matches!(o, Operand::DType(_)))
                .chain(operands.iter().filter(|o| !matches!(o, Operand::DType(_))))
                .collect();
            let classes: Vec<Class> = ordered.iter().map(|o| o.class()).collect();
            let common = ctx.promote_sequence(&classes)?;
            if !common.is_parametric() {
                return Ok(common.default_descr(platform));
            }
            let mut result: Option<DType> = None;
            for descr in ordered.iter().filter_map(|o| o.descriptor(platform)) {
                let cast = cast_to_class(&descr, common, platform)?;
                result = Some(match result {
                    None => cast,
                    Some(r) => common_instance(&ctx, common, &r, &cast)?,
                });
            }
            Ok(result.unwrap_or_else(|| common.default_descr(platform)))
        }
    }
}

/// One operand: its dtype made canonical, or the dtype numpy gives the Python scalar alone
/// (a Python int by its value: int64, uint64 up to 2^64 - 1, else object).
fn single(op: &Operand, platform: Platform) -> DType {
    match op {
        Operand::DType(dt) => canonical(dt),
        Operand::PyInt(n) => {
            let class = if n.to_i64().is_some() {
                Class::PyLong
            } else if n.to_u64().is_some() {
                Class::Legacy(classes::ULONGLONG)
            } else {
                Class::Legacy(classes::OBJECT)
            };
            class.default_descr(platform)
        }
        Operand::PyFloat(_) => Class::PyFloat.default_descr(platform),
        Operand::PyComplex { .. } => Class::PyComplex.default_descr(platform),
        Operand::PyBool(_) => Class::Legacy(classes::BOOL).default_descr(platform),
    }
}

/// The type of the first title Python cannot hash (`list`, `dict`), in the order numpy's
/// `ensure_canonical` meets them: each field's dtype, then its title.
fn unhashable_title(dt: &DType) -> Option<&'static str> {
    match &dt.body {
        Body::Structured(fields) => fields.iter().find_map(|f| {
            unhashable_title(&f.dtype).or_else(|| f.title.as_ref().and_then(unhashable))
        }),
        Body::Subarray { base, .. } => unhashable_title(base),
        _ => None,
    }
}

/// Why Python cannot hash a literal: the type of its first unhashable part.
fn unhashable(lit: &crate::dtype::pylit::Lit) -> Option<&'static str> {
    use crate::dtype::pylit::Lit;
    match lit {
        Lit::List(_) => Some("list"),
        Lit::Dict(_) => Some("dict"),
        Lit::Tuple(items) => items.iter().find_map(unhashable),
        _ => None,
    }
}

/// numpy's `ensure_canonical`: native byte order; a structured dtype packed with canonical
/// fields; a subarray with a canonical base.
fn canonical(dt: &DType) -> DType {
    match &dt.body {
        Body::Structured(fields) => {
            let fields = fields.iter().map(|f| Field {
                dtype: canonical(&f.dtype),
                ..f.clone()
            });
            // Canonical fields are never larger than the fields they replace.
            DType::laid_out(fields, is_aligned(dt)).unwrap_or_else(|| dt.clone())
        }
        Body::Subarray { base, shape } => DType {
            body: Body::Subarray {
                base: Box::new(canonical(base)),
                shape: shape.clone(),
            },
            ..dt.clone()
        },
        Body::Bytes | Body::Void | Body::Object | Body::VString => dt.clone(),
        _ => native(dt),
    }
}

fn parse_spelling(spelling: &str, platform: Platform) -> Result<DType, PromotionError> {
    crate::dtype::parse(spelling, platform)
        .map_err(|e| PromotionError::internal(&format!("cannot build {spelling}: {e}")))
}

/// numpy's `PyArray_CastDescrToDType`: the instance of `class` that holds `descr` (a string
/// long enough for a number, a datetime with a timedelta's unit, …).
fn cast_to_class(descr: &DType, class: Class, platform: Platform) -> Result<DType, PromotionError> {
    if Class::of(descr) == class {
        return Ok(descr.clone());
    }
    let fail = || {
        PromotionError::type_error(format!(
            "cannot cast dtype {} to {}.",
            dtype_repr(descr),
            class.repr(platform)
        ))
    };
    let chars = |d: &DType| match d.body {
        Body::Str => Some(d.itemsize / 4),
        Body::Bytes => Some(d.itemsize),
        _ if is_native_numeric(d) => text_length(d),
        _ => None,
    };
    match class {
        Class::Legacy(classes::UNICODE) => {
            let n = chars(descr).ok_or_else(fail)?;
            parse_spelling(&format!("U{n}"), platform)
        }
        Class::Legacy(classes::STRING) => {
            let n = (is_native_numeric(descr))
                .then(|| text_length(descr))
                .flatten()
                .ok_or_else(fail)?;
            parse_spelling(&format!("S{n}"), platform)
        }
        Class::Legacy(c @ (classes::DATETIME | classes::TIMEDELTA)) => {
            let meta = match &descr.body {
                Body::DateTime(m) | Body::TimeDelta(m) => *m,
                Body::Bool | Body::Int { .. } | Body::Float(_) | Body::Complex(_) => {
                    crate::dtype::DateTimeMeta::GENERIC
                }
                _ => return Err(fail()),
            };
            let mut out =
                parse_spelling(if c == classes::DATETIME { "M8" } else { "m8" }, platform)?;
            out.body = if c == classes::DATETIME {
                Body::DateTime(meta)
            } else {
                Body::TimeDelta(meta)
            };
            Ok(out)
        }
        // numpy registers casts into StringDType from strings and from every number.
        Class::VString
            if matches!(descr.body, Body::Str | Body::Bytes) || is_native_numeric(descr) =>
        {
            parse_spelling("T", platform)
        }
        _ => Err(fail()),
    }
}

/// `repr()` of a dtype, as numpy's messages print it (`dtype('<U5')`).
fn dtype_repr(dt: &DType) -> String {
    match &dt.body {
        Body::Bool
        | Body::Int { .. }
        | Body::Float(_)
        | Body::Complex(_)
        | Body::Object
        | Body::Ml(_)
            if dt.byteorder != ByteOrder::Big =>
        {
            format!("dtype('{}')", dt.name())
        }
        Body::Bytes | Body::Void if dt.itemsize > 0 => {
            format!("dtype('{}{}')", dt.kind(), dt.itemsize)
        }
        Body::Bytes | Body::Void => format!("dtype('{}')", dt.kind()),
        Body::Str if dt.itemsize == 0 => "dtype('<U')".to_string(),
        Body::VString => "StringDType()".to_string(),
        _ => format!("dtype('{}')", dt.typestr()),
    }
}

/// numpy's `common_instance` of a parametric class, for two instances already cast to it.
fn common_instance(ctx: &Ctx, class: Class, a: &DType, b: &DType) -> Result<DType, PromotionError> {
    match class {
        Class::Legacy(classes::STRING | classes::UNICODE) => {
            Ok(canonical(if a.itemsize >= b.itemsize { a } else { b }))
        }
        Class::Legacy(classes::VOID) => void_common_instance(ctx, a, b),
        Class::Legacy(c @ (classes::DATETIME | classes::TIMEDELTA)) => {
            let (Body::DateTime(x) | Body::TimeDelta(x), Body::DateTime(y) | Body::TimeDelta(y)) =
                (&a.body, &b.body)
            else {
                return Err(PromotionError::internal("datetime instance expected"));
            };
            let timedelta_a = matches!(a.body, Body::TimeDelta(_));
            let timedelta_b = matches!(b.body, Body::TimeDelta(_));
            let meta =
                datetime_gcd(x, y, timedelta_a, timedelta_b).map_err(PromotionError::type_error)?;
            let mut out = canonical(a);
            out.body = if c == classes::DATETIME {
                Body::DateTime(meta)
            } else {
                Body::TimeDelta(meta)
            };
            Ok(out)
        }
        _ => Ok(class.default_descr(ctx.platform)),
    }
}

/// numpy's `void_common_instance`: plain voids of one size; structured dtypes field by field
/// (`_promote_fields`); subarrays of one shape by their bases.
fn void_common_instance(ctx: &Ctx, a: &DType, b: &DType) -> Result<DType, PromotionError> {
    match (&a.body, &b.body) {
        (Body::Void, Body::Void) => {
            if a.itemsize == b.itemsize {
                Ok(a.clone())
            } else {
                Err(PromotionError::promotion(
                    "Invalid type promotion with void datatypes of different lengths. Use the `np.bytes_` datatype instead to pad the shorter value with trailing zero bytes.",
                ))
            }
        }
        (Body::Structured(fa), Body::Structured(fb)) => {
            let names = |f: &[Field]| py_tuple(f.iter().map(|x| x.name.as_str()));
            if fa.len() != fb.len() || fa.iter().zip(fb).any(|(x, y)| x.name != y.name) {
                return Err(PromotionError::promotion(format!(
                    "field names `{}` and `{}` mismatch.",
                    names(fa),
                    names(fb)
                )));
            }
            let mut fields = Vec::with_capacity(fa.len());
            for (x, y) in fa.iter().zip(fb) {
                let dtype = promote_types(ctx, &x.dtype, &y.dtype)?;
                // Titles compare by Python's `==` (`1 == 1.0 == True`); the first's is kept.
                let same_title = match (&x.title, &y.title) {
                    (Some(s), Some(t)) => s.py_eq(t),
                    (s, t) => s.is_none() && t.is_none(),
                };
                if !same_title {
                    return Err(PromotionError::promotion(format!(
                        "field titles of field '{}' mismatch",
                        x.name
                    )));
                }
                fields.push(Field { dtype, ..x.clone() });
            }
            // numpy builds the result with the list form, which refuses a StringDType field.
            if fields.iter().any(|f| f.dtype.body == Body::VString) {
                return Err(PromotionError::type_error(
                    "StringDType is not currently supported for structured dtype fields.",
                ));
            }
            // numpy rebuilds the structure from the promoted fields: packed, or aligned when
            // either side is an aligned struct.
            DType::laid_out(fields, fa.aligned || fb.aligned).ok_or_else(|| {
                PromotionError::promotion(
                    "the promoted fields add up to 2^31 bytes or more, past numpy's C int itemsize",
                )
            })
        }
        (
            Body::Subarray {
                base: ba,
                shape: sa,
            },
            Body::Subarray {
                base: bb,
                shape: sb,
            },
        ) => {
            if sa != sb {
                return Err(PromotionError::promotion(
                    "invalid type promotion with subarray datatypes (shape mismatch).",
                ));
            }
            let base = promote_types(ctx, ba, bb)?;
            let items: u64 = sa.iter().product();
            Ok(DType {
                itemsize: base.itemsize * items,
                alignment: base.alignment,
                body: Body::Subarray {
                    base: Box::new(base),
                    shape: sa.clone(),
                },
                byteorder: ByteOrder::NotApplicable,
                char: 'V',
            })
        }
        _ => Err(PromotionError::promotion(
            "invalid type promotion with structured datatype(s).",
        )),
    }
}

/// Whether numpy flags a structured dtype aligned (`isalignedstruct`).
fn is_aligned(dt: &DType) -> bool {
    matches!(&dt.body, Body::Structured(f) if f.aligned)
}

/// Python's `repr` of a tuple of field names.
fn py_tuple<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = names.map(crate::number::text::python_repr).collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

/// numpy's `PyArray_PromoteTypes(a, b)` (`np.promote_types`), which structured fields and
/// subarray bases promote by.
fn promote_types(ctx: &Ctx, a: &DType, b: &DType) -> Result<DType, PromotionError> {
    let common = ctx.common_pair(Class::of(a), Class::of(b))?;
    if !common.is_parametric() {
        return Ok(common.default_descr(ctx.platform));
    }
    let x = cast_to_class(a, common, ctx.platform)?;
    let y = cast_to_class(b, common, ctx.platform)?;
    common_instance(ctx, common, &x, &y)
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Platform = Platform::LINUX_X86_64;

    fn rt(ops: &[&str]) -> Result<String, String> {
        let ops: Vec<Operand> = ops
            .iter()
            .map(|t| parse_operand(t, P).unwrap_or_else(|e| panic!("{t}: {e}")))
            .collect();
        result_type_of(&ops, P)
            .map(|d| d.name())
            .map_err(|e| e.message)
    }

    #[test]
    fn weak_scalars_adopt_the_array_precision() {
        assert_eq!(rt(&["uint8", "300"]), Ok("uint8".into()));
        assert_eq!(rt(&["float32", "2.0"]), Ok("float32".into()));
        assert_eq!(rt(&["int8", "3j"]), Ok("complex128".into()));
        assert_eq!(rt(&["float16", "1e400"]), Ok("float16".into()));
        assert_eq!(rt(&["int8", "1.0"]), Ok("float64".into()));
        assert_eq!(rt(&["uint8", "-1"]), Ok("uint8".into()));
        assert_eq!(rt(&["bool", "1"]), Ok("int64".into()));
        assert_eq!(rt(&["int8", "True"]), Ok("int8".into()));
        assert_eq!(rt(&["uint8", "int"]), Ok("int64".into()));
    }

    #[test]
    fn scalars_alone() {
        assert_eq!(rt(&["18446744073709551616"]), Ok("object".into()));
        assert_eq!(rt(&["9223372036854775808"]), Ok("uint64".into()));
        assert_eq!(
            rt(&["18446744073709551616", "18446744073709551616"]),
            Ok("int64".into())
        );
        assert_eq!(rt(&["1", "2.0"]), Ok("float64".into()));
    }

    #[test]
    fn order_matters_as_in_numpy() {
        assert_eq!(rt(&["m8[ms]", "M8[s]", "i1"]), Ok("datetime64[ms]".into()));
        assert!(rt(&["M8[s]", "m8[ms]", "i1"]).is_err());
        assert_eq!(rt(&["U5", "T", "S3"]), Ok("StringDType128".into()));
        assert_eq!(rt(&["m8[us]", "0", "M8[s]"]), Ok("datetime64[us]".into()));
    }
}
