//! Shapes and specs: `100x100x100x100`, `(100, 100)`, `1e6:f4`, `?x1000:f4`; exact element and
//! byte counts (beyond 2^64 when asked), numpy's own limits, and solving one unknown dimension.

use num_bigint::{BigInt, BigUint};
use num_traits::{One, ToPrimitive, Zero};

use crate::dtype::{Body, DType};
use crate::number::{Decimal, TooLarge};
use crate::units::Bytes;

/// numpy's `NPY_MAXDIMS`.
pub const MAX_DIMS: usize = 64;
/// numpy's largest array, in bytes, on a 64-bit machine (`NPY_MAX_INTP`).
pub const MAX_ARRAY_BYTES: u64 = i64::MAX as u64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dim {
    Known(u64),
    /// `-1` or `?`: solved for.
    Unknown,
}

/// The dimensions as numbers, when none is unknown.
pub fn known(dims: &[Dim]) -> Option<Vec<u64>> {
    dims.iter()
        .map(|d| match d {
            Dim::Known(n) => Some(*n),
            Dim::Unknown => None,
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShapeError {
    #[error("empty spec: write a shape such as 100x100 or 1e6:f4")]
    EmptySpec,
    #[error("no shape before ':' in '{0}': write a shape such as 100x100:f4, or () for a scalar")]
    MissingShape(String),
    #[error("no dtype after ':' in '{0}': write one such as '{1}:float64', or leave out the ':'")]
    MissingDType(String, String),
    #[error(
        "empty dimension {index} in '{spec}': separate dimensions with x, ',' or *, like 100x100"
    )]
    EmptyDim { spec: String, index: usize },
    #[error("'{dim}' in '{spec}' is not a dimension: write whole numbers like 1000, 1_000 or 1e6")]
    NotANumber { spec: String, dim: String },
    #[error(
        "'{dim}' in '{spec}' is negative: dimensions are 0 or more (-1 or ? marks one unknown dimension)"
    )]
    Negative { spec: String, dim: String },
    #[error("'{dim}' in '{spec}' is not a whole number: numpy dimensions are integers")]
    Fractional { spec: String, dim: String },
    #[error("'{dim}' in '{spec}' is too large: numpy's dimensions must be below 2^63")]
    TooLarge { spec: String, dim: String },
    #[error("'{0}' has more than one unknown dimension (-1 or ?): npmem can solve for one")]
    SeveralUnknowns(String),
    #[error("'{spec}' has {}", too_many_dims(*.count))]
    TooManyDims { spec: String, count: usize },
}

/// numpy's refusal of an array of `count` dimensions (more than [`MAX_DIMS`]), in words.
pub fn too_many_dims(count: usize) -> String {
    format!(
        "{count} dimensions: numpy allows at most {MAX_DIMS} \
         (\"number of dimensions must be within [0, {MAX_DIMS}], got {count}\")"
    )
}

/// A parsed `SHAPE[:DTYPE]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// The shape as typed.
    pub shape_text: String,
    pub dims: Vec<Dim>,
    /// The dtype as typed, when the spec names one.
    pub dtype: Option<String>,
}

impl Spec {
    pub fn unknown_axis(&self) -> Option<usize> {
        self.dims.iter().position(|d| *d == Dim::Unknown)
    }
}

pub fn parse_spec(text: &str) -> Result<Spec, ShapeError> {
    if text.trim().is_empty() {
        return Err(ShapeError::EmptySpec);
    }
    let (shape_text, dtype) = match text.split_once(':') {
        Some((s, d)) => {
            // The dtype is passed on exactly as typed: numpy rejects ' f8', and so does npmem.
            let s = s.trim();
            if s.is_empty() {
                return Err(ShapeError::MissingShape(text.to_string()));
            }
            if d.is_empty() {
                return Err(ShapeError::MissingDType(text.to_string(), s.to_string()));
            }
            (s, Some(d.to_string()))
        }
        None => (text.trim(), None),
    };
    let dims = parse_shape(shape_text, text)?;
    if dims.iter().filter(|d| **d == Dim::Unknown).count() > 1 {
        return Err(ShapeError::SeveralUnknowns(text.to_string()));
    }
    Ok(Spec {
        shape_text: shape_text.to_string(),
        dims,
        dtype,
    })
}

fn is_separator(c: char) -> bool {
    matches!(c, 'x' | 'X' | ',' | '*' | '\u{d7}')
}

/// Parse a shape; `spec` is the whole text, for messages.
pub fn parse_shape(shape: &str, spec: &str) -> Result<Vec<Dim>, ShapeError> {
    let mut body = shape.trim();
    let mut tuple = false;
    if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
        body = inner.trim();
        tuple = true;
        if body.is_empty() {
            return Ok(Vec::new()); // `()`: a 0-d scalar
        }
        // A Python 1-tuple: `(100,)`.
        if let Some(b) = body.strip_suffix(',') {
            body = b.trim_end();
        }
    }
    let parts: Vec<&str> = body.split(is_separator).collect();
    if parts.len() > MAX_DIMS {
        return Err(ShapeError::TooManyDims {
            spec: crate::dtype::excerpt(spec),
            count: parts.len(),
        });
    }
    let mut dims = Vec::with_capacity(parts.len());
    for (i, part) in parts.iter().enumerate() {
        let part = part.trim();
        if part.is_empty() {
            if parts.len() == 1 && !tuple {
                return Err(ShapeError::EmptySpec);
            }
            return Err(ShapeError::EmptyDim {
                spec: spec.to_string(),
                index: i + 1,
            });
        }
        dims.push(parse_dim(part, spec)?);
    }
    Ok(dims)
}

fn parse_dim(dim: &str, spec: &str) -> Result<Dim, ShapeError> {
    if dim == "?" || dim == "-1" {
        return Ok(Dim::Unknown);
    }
    let err_ctx = || (spec.to_string(), dim.to_string());
    if let Some(rest) = dim.strip_prefix('-')
        && Decimal::parse(rest).is_some()
    {
        let (spec, dim) = err_ctx();
        return Err(ShapeError::Negative { spec, dim });
    }
    let Some(value) = Decimal::parse(dim) else {
        let (spec, dim) = err_ctx();
        return Err(ShapeError::NotANumber { spec, dim });
    };
    match value.to_integer(63) {
        Ok(Some(v)) => v.to_u64().map(Dim::Known).ok_or_else(|| {
            let (spec, dim) = err_ctx();
            ShapeError::TooLarge { spec, dim }
        }),
        Ok(None) => {
            let (spec, dim) = err_ctx();
            Err(ShapeError::Fractional { spec, dim })
        }
        Err(TooLarge) => {
            let (spec, dim) = err_ctx();
            Err(ShapeError::TooLarge { spec, dim })
        }
    }
}

/// Why numpy would refuse to create an array of this size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// More than 64 dimensions (counting a subarray dtype's).
    TooManyDims(usize),
    /// More than 2^63 - 1 bytes.
    TooBig,
}

impl Refusal {
    pub fn numpy_message(self) -> String {
        match self {
            Refusal::TooManyDims(n) => {
                format!("numpy refuses it: number of dimensions must be within [0, 64], got {n}")
            }
            Refusal::TooBig => {
                "numpy would refuse to create it (\"array is too big\": more than 2^63-1 bytes)"
                    .to_string()
            }
        }
    }
}

/// An array as numpy would create it, counted exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArraySize {
    /// The array's shape: a subarray dtype's dimensions are appended, as numpy does.
    pub shape: Vec<u64>,
    /// The array's element dtype (the subarray's base; `S0` becomes `S1`, `U0` becomes `U1`).
    pub dtype: DType,
    /// Elements (numpy's `.size`), exactly.
    pub size: BigUint,
    /// Why numpy would refuse to create it; `None` when it would not.
    pub refusal: Option<Refusal>,
    /// What numpy changes between the dtype asked for and the array it creates, in words.
    pub adjustment: Option<String>,
}

impl ArraySize {
    /// Bytes (numpy's `.nbytes`), exactly.
    pub fn nbytes(&self) -> Bytes {
        Bytes::from(&self.size * BigUint::from(self.dtype.itemsize))
    }

    /// numpy keeps `.size` in an int64: past 2^63 - 1 elements (possible only when the array
    /// holds no bytes) it wraps around, while npmem counts exactly.
    pub fn size_wraps_in_numpy(&self) -> bool {
        self.refusal.is_none() && self.size > BigUint::from(MAX_ARRAY_BYTES)
    }
}

/// Count an array of `shape` and `dtype` the way numpy creates it.
pub fn array_size(shape: &[u64], dtype: &DType) -> ArraySize {
    let mut shape = shape.to_vec();
    let mut element = dtype.clone();
    let mut adjustment = None;
    // numpy folds a subarray dtype into the array's shape, unless it holds no bytes at all.
    if let (Body::Subarray { base, shape: sub }, true) = (&dtype.body, dtype.itemsize > 0) {
        shape.extend_from_slice(sub);
        element = (**base).clone();
        adjustment = Some("a subarray dtype's dimensions join the array's shape");
    }
    if element.itemsize == 0 && matches!(element.body, Body::Bytes | Body::Str) {
        element.itemsize = if element.body == Body::Str { 4 } else { 1 };
        adjustment = Some("numpy gives an unsized string dtype one character per element");
    }
    let size = shape
        .iter()
        .fold(BigUint::one(), |acc, &d| acc * BigUint::from(d));
    let refusal = if shape.len() > MAX_DIMS {
        Some(Refusal::TooManyDims(shape.len()))
    } else {
        // numpy multiplies the non-zero dimensions into the itemsize and refuses past 2^63-1,
        // even when another dimension is zero.
        let checked = shape
            .iter()
            .filter(|&&d| d != 0)
            .fold(BigUint::from(element.itemsize), |acc, &d| {
                acc * BigUint::from(d)
            });
        (checked > BigUint::from(MAX_ARRAY_BYTES)).then_some(Refusal::TooBig)
    };
    let adjustment = adjustment.map(|why| {
        let dims: Vec<String> = shape.iter().map(u64::to_string).collect();
        let trailing = if shape.len() == 1 { "," } else { "" };
        format!(
            "numpy creates it as an array of shape ({}{trailing}) and dtype {} ('{}'), {} elements: {why}",
            dims.join(", "),
            element.name(),
            element.typestr(),
            size
        )
    });
    ArraySize {
        shape,
        dtype: element,
        size,
        refusal,
        adjustment,
    }
}

/// The largest value of the unknown dimension such that `fits(bytes of the array)` holds,
/// where the array's bytes grow linearly with it. `None` when the array's bytes do not depend
/// on it (another dimension is 0, or the itemsize is 0).
pub fn solve_unknown(dims: &[Dim], dtype: &DType, fits: impl Fn(&BigInt) -> bool) -> Option<u64> {
    let known: Vec<u64> = dims
        .iter()
        .map(|d| match d {
            Dim::Known(n) => *n,
            Dim::Unknown => 1,
        })
        .collect();
    let per_unit = array_size(&known, dtype).nbytes().0;
    if per_unit.is_zero() {
        return None;
    }
    // Binary search the largest n in [0, 2^63 - 1] with fits(n * per_unit).
    let mut lo: u64 = 0;
    let mut hi: u64 = MAX_ARRAY_BYTES;
    if !fits(&BigInt::zero()) {
        return Some(0);
    }
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if fits(&(&per_unit * BigInt::from(mid))) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dims(s: &str) -> Result<Vec<Dim>, ShapeError> {
        parse_spec(s).map(|s| s.dims)
    }

    #[test]
    fn shape_syntaxes() {
        let k = |v: &[u64]| Ok(v.iter().map(|&n| Dim::Known(n)).collect::<Vec<_>>());
        assert_eq!(dims("100x100x100x100"), k(&[100, 100, 100, 100]));
        assert_eq!(dims("100,100"), k(&[100, 100]));
        assert_eq!(dims("100*100"), k(&[100, 100]));
        assert_eq!(dims("(100, 100, 100, 100)"), k(&[100, 100, 100, 100]));
        assert_eq!(dims("(100,)"), k(&[100]));
        assert_eq!(dims("1000"), k(&[1000]));
        assert_eq!(dims("()"), k(&[]));
        assert_eq!(dims("1_000x1e6x1.25e8"), k(&[1000, 1_000_000, 125_000_000]));
        assert_eq!(dims("?x1000"), Ok(vec![Dim::Unknown, Dim::Known(1000)]));
        assert_eq!(dims("9223372036854775807"), k(&[i64::MAX as u64]));
    }

    #[test]
    fn bad_shapes() {
        assert!(matches!(
            dims("100xabc"),
            Err(ShapeError::NotANumber { .. })
        ));
        assert!(matches!(dims("-5x3"), Err(ShapeError::Negative { .. })));
        assert!(matches!(dims("1.5x2"), Err(ShapeError::Fractional { .. })));
        assert!(matches!(
            dims("100x100:"),
            Err(ShapeError::MissingDType(..))
        ));
        assert!(matches!(dims(":f8"), Err(ShapeError::MissingShape(_))));
        assert!(matches!(dims("1e400"), Err(ShapeError::TooLarge { .. })));
        assert!(matches!(
            dims("9223372036854775808"),
            Err(ShapeError::TooLarge { .. })
        ));
        assert!(matches!(dims(""), Err(ShapeError::EmptySpec)));
        assert!(matches!(dims("100xx3"), Err(ShapeError::EmptyDim { .. })));
        assert!(matches!(dims("?x?"), Err(ShapeError::SeveralUnknowns(_))));
    }
}
