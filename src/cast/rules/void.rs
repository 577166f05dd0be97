//! numpy's casts where a void dtype takes part — a structure (named fields), a subarray
//! (`(2,)f4`) or plain bytes (`V8`) — as numpy 2.5's `convert_datatype.c` resolves them:
//! `void_to_void_resolve_descriptors` and `can_cast_fields_safety` between two voids,
//! `structured_to_nonstructured_resolve_descriptors` from a void to anything else,
//! `nonstructured_to_structured_resolve_descriptors` from anything else (or a plain void or
//! subarray) into a structure or subarray, and `cast_to_void_dtype_class` for an unsized `V`.
//!
//! In short: two structures cast field by field, by position (names and titles that differ
//! make the cast at best `safe`; different offsets or sizes at best `equiv`); a structure
//! casts to anything else only from exactly one field, and then only `unsafe`; anything
//! casts into a structure `unsafe`, if it casts to every field; a subarray casts to one of
//! the same shape as its bases do, else at best `unsafe`; plain voids follow their sizes.
//! Object and StringDType keep their own casts (`rules`).

use super::{Casting, level as rule_level};
use crate::dtype::pylit::Lit;
use crate::dtype::{Body, DType, Field, Fields};

/// A structure, a subarray or plain bytes: numpy's `VoidDType`.
pub(crate) fn is_void(dt: &DType) -> bool {
    matches!(
        dt.body,
        Body::Void | Body::Structured(_) | Body::Subarray { .. }
    )
}

/// numpy's `PyDataType_ISUNSIZED(to) && !PyDataType_SUBARRAY(to)`: `np.can_cast` then asks
/// about the DType class (`V`, `S`, `U`) rather than an instance.
fn is_class(dt: &DType) -> bool {
    dt.itemsize == 0 && matches!(dt.body, Body::Void | Body::Bytes | Body::Str)
}

/// The cast's level when a void takes part: `Some(None)` when numpy has no such cast, `None`
/// when neither dtype is a void (or one is `object` or StringDType, whose casts are their own).
pub(super) fn level(from: &DType, to: &DType, given: bool) -> Option<Option<Casting>> {
    if !is_void(from) && !is_void(to) {
        return None;
    }
    if [from, to]
        .iter()
        .any(|d| matches!(d.body, Body::Object | Body::VString))
    {
        return None;
    }
    Some(void_level(from, to, given))
}

fn void_level(from: &DType, to: &DType, given: bool) -> Option<Casting> {
    if !given && is_class(to) && to.body == Body::Void {
        // `cast_to_void_dtype_class`: a void keeps its bytes (a view); anything else, or a
        // subarray, is a safe cast.
        return Some(
            if is_void(from) && !matches!(from.body, Body::Subarray { .. }) {
                Casting::No
            } else {
                Casting::Safe
            },
        );
    }
    match (&from.body, &to.body) {
        (Body::Structured(a), Body::Structured(b)) => fields_level(from, a, to, b),
        (Body::Structured(a), _) => {
            // Only a single field casts out of a structure.
            let [field] = &a[..] else {
                return None;
            };
            inner_level(&field.dtype, to, given).map(|_| Casting::Unsafe)
        }
        (_, Body::Structured(b)) => b.iter().try_fold(Casting::Unsafe, |level, f| {
            resolved_level(from, &f.dtype, true).map(|l| level.max(l))
        }),
        (Body::Void, Body::Void) => Some(match from.itemsize.cmp(&to.itemsize) {
            std::cmp::Ordering::Equal => Casting::No,
            std::cmp::Ordering::Less => Casting::Safe,
            std::cmp::Ordering::Greater => Casting::SameKind,
        }),
        (Body::Subarray { .. } | Body::Void, Body::Subarray { .. } | Body::Void) => {
            let (from_base, from_shape) = subarray_parts(from);
            let (to_base, to_shape) = subarray_parts(to);
            let floor = match (from_shape, to_shape) {
                (Some(x), Some(y)) if x == y => Casting::No,
                _ => Casting::Unsafe,
            };
            rule_level(from_base, to_base, true).map(|l| l.max(floor))
        }
        (Body::Subarray { base, .. }, _) => inner_level(base, to, given).map(|_| Casting::Unsafe),
        (Body::Void, _) => Some(Casting::Unsafe),
        (_, Body::Subarray { base, .. }) => {
            rule_level(from, base, true).map(|l| l.max(Casting::Safe))
        }
        // Into plain bytes: safe when they fit.
        _ => Some(if from.itemsize <= to.itemsize {
            Casting::Safe
        } else {
            Casting::Unsafe
        }),
    }
}

/// The cast of a structure's field or a subarray's base to the target of a cast out of it. An
/// unsized `S` or `U` stays a class there, and numpy resolves the cast without taking the
/// shortcut `np.can_cast` takes: `object` then has no cast to it (it would need to look at
/// the objects to size the strings).
fn inner_level(from: &DType, to: &DType, given: bool) -> Option<Casting> {
    if !given && is_class(to) && matches!(from.body, Body::Object | Body::VString) {
        return None;
    }
    resolved_level(from, to, given)
}

/// A cast numpy resolves (`PyArray_GetCastInfo`), as it does for fields: StringDType's casts
/// from and to a structure or subarray are declared (`np.can_cast` takes them) but refused
/// when resolved, and its casts to bool and plain bytes, declared `same_kind`, resolve as
/// `unsafe`.
fn resolved_level(from: &DType, to: &DType, given: bool) -> Option<Casting> {
    let nested = |d: &DType| matches!(d.body, Body::Structured(_) | Body::Subarray { .. });
    if (from.body == Body::VString && nested(to)) || (to.body == Body::VString && nested(from)) {
        return None;
    }
    if from.body == Body::VString && matches!(to.body, Body::Bool | Body::Void) {
        return Some(Casting::Unsafe);
    }
    rule_level(from, to, given)
}

fn subarray_parts(dt: &DType) -> (&DType, Option<&[u64]>) {
    match &dt.body {
        Body::Subarray { base, shape } => (base, Some(shape)),
        _ => (dt, None),
    }
}

/// numpy's `can_cast_fields_safety`: fields paired by position; a differing name or title
/// caps the cast at `safe`; each pair's own cast counts; the cast is `no` only when every
/// field stays at its offset in a dtype of the same size (a view), else at best `equiv`.
///
/// A StringDType field casts as a view only within one dtype object (one allocator): FROM and
/// TO are two dtypes, typed apart, as two `np.dtype()` calls make them, so `T,` → `T,` is
/// `equiv` (an array cast to its own dtype object would be `no`).
fn fields_level(from: &DType, a: &Fields, to: &DType, b: &Fields) -> Option<Casting> {
    if a.len() != b.len() {
        return None;
    }
    let mut level = Casting::No;
    let mut view = from.itemsize == to.itemsize;
    for (x, y) in a.iter().zip(b) {
        if x.name != y.name || !same_title(x, y) {
            level = level.max(Casting::Safe);
        }
        level = level.max(resolved_level(&x.dtype, &y.dtype, true)?);
        view &= x.offset == y.offset && !has_vstring(&x.dtype) && !has_vstring(&y.dtype);
    }
    if !view {
        level = level.max(Casting::Equiv);
    }
    Some(level)
}

/// numpy compares titles with Python's `==` (`1`, `1.0` and `True` are one title); a field
/// without a title stands for its name there.
fn same_title(x: &Field, y: &Field) -> bool {
    let title = |f: &Field| f.title.clone().unwrap_or_else(|| Lit::Str(f.name.clone()));
    title(x).py_eq(&title(y))
}

/// A StringDType field, here or in a nested structure (subarrays cannot hold one).
fn has_vstring(dt: &DType) -> bool {
    match &dt.body {
        Body::VString => true,
        Body::Structured(fields) => fields.iter().any(|f| has_vstring(&f.dtype)),
        _ => false,
    }
}
