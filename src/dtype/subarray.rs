//! `np.dtype((base, shape))` (numpy's `_convert_from_tuple`): a subarray dtype, or a size for
//! a flexible type. A comma string's repeats (`(2,3)f4`) and a descr's shapes come here.

use super::error::{DTypeError, invalid};
use super::{Body, ByteOrder, DType};

const INT_MAX: u64 = DType::MAX_ITEMSIZE;
/// numpy's `NPY_MAXDIMS`.
const MAX_DIMS: usize = 64;

/// The repeat count or shape before an item of a comma string, as `ast.literal_eval` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Repeats {
    Int(u128),
    Tuple(Vec<u128>),
}

/// numpy's `_convert_from_tuple`: `(base, n)` or `(base, shape)`.
pub(super) fn subarray(s: &str, mut base: DType, repeats: Repeats) -> Result<DType, DTypeError> {
    // numpy's `PyDataType_ISUNSIZED`: no bytes and no fields. That includes `S`, `U`, `V`
    // without a size, and a zero-element subarray such as `0i4`.
    let unsized_flexible = base.itemsize == 0 && !matches!(base.body, Body::Structured(_));
    if unsized_flexible {
        // `3S` is S3: the number is an itemsize, not a shape.
        let Repeats::Int(n) = repeats else {
            return Err(invalid(s, "invalid itemsize in generic type tuple"));
        };
        let n = u64::try_from(n).ok().filter(|&n| n <= INT_MAX);
        let size = match (n, &base.body) {
            (Some(n), Body::Str) if n <= INT_MAX / 4 => Some(n * 4),
            (Some(_), Body::Str) | (None, _) => None,
            (Some(n), _) => Some(n),
        };
        base.itemsize = size.ok_or_else(|| invalid(s, "invalid itemsize in generic type tuple"))?;
        return Ok(base);
    }
    let shape: Vec<u128> = match repeats {
        Repeats::Int(n) => vec![n],
        Repeats::Tuple(dims) if dims.is_empty() => return Ok(base),
        Repeats::Tuple(dims) => dims,
    };
    if base.body == Body::VString {
        return Err(invalid(
            s,
            "StringDType is not supported within subarray dtypes (numpy 2.5)",
        ));
    }
    if shape.len() > MAX_DIMS {
        return Err(invalid(s, "invalid shape in fixed-type tuple"));
    }
    let mut dims = Vec::with_capacity(shape.len());
    for &d in &shape {
        let d = u64::try_from(d)
            .ok()
            .filter(|&d| d <= INT_MAX)
            .ok_or_else(|| invalid(s, "subarray dimension does not fit into a C int"))?;
        dims.push(d);
    }
    let too_big = || {
        invalid(
            s,
            "the subarray's size in bytes overflows numpy's C int (2^31-1): numpy says \"dtype size in bytes must fit into a C int\"",
        )
    };
    // numpy's `PyArray_OverflowMultiplyList`: left to right in a signed 64-bit integer,
    // stopping at the first zero.
    let mut items: u64 = 1;
    for &d in &dims {
        if d == 0 {
            items = 0;
            break;
        }
        items = items
            .checked_mul(d)
            .filter(|&n| n <= i64::MAX as u64)
            .ok_or_else(too_big)?;
    }
    if items > INT_MAX {
        return Err(too_big());
    }
    let nbytes = base
        .itemsize
        .checked_mul(items)
        .filter(|&n| n <= INT_MAX)
        .ok_or_else(too_big)?;
    let alignment = base.alignment;
    Ok(DType {
        body: Body::Subarray {
            base: Box::new(base),
            shape: dims,
        },
        itemsize: nbytes,
        alignment,
        byteorder: ByteOrder::NotApplicable,
        char: 'V',
    })
}
