//! `np.result_type(a, b)` of two dtypes: numpy's promotion table, derived from what each
//! dtype is (kind, size, range, units); structures go to the N-ary walk of [`super`].

use crate::cast::rules::{
    Casting, cast_level, is_native_numeric, is_void, native, numeric_safe, same_description,
    text_length, units_factor,
};
use crate::dtype::{Body, DType, DateTimeMeta, DateTimeUnit, FloatType, LongDouble};

/// numpy's class name for a dtype, as promotion errors print it.
pub fn dtype_class(dt: &DType) -> String {
    let name = match &dt.body {
        Body::Bool => "BoolDType".to_string(),
        Body::Int { signed } => match (dt.char, signed) {
            ('q', _) => "LongLongDType".to_string(),
            ('Q', _) => "ULongLongDType".to_string(),
            (_, true) => format!("Int{}DType", dt.itemsize * 8),
            (_, false) => format!("UInt{}DType", dt.itemsize * 8),
        },
        Body::Float(FloatType::LongDouble(_)) => "LongDoubleDType".to_string(),
        Body::Float(_) => format!("Float{}DType", dt.itemsize * 8),
        Body::Complex(FloatType::LongDouble(_)) => "CLongDoubleDType".to_string(),
        Body::Complex(_) => format!("Complex{}DType", dt.itemsize * 8),
        Body::Str => "StrDType".to_string(),
        Body::Bytes => "BytesDType".to_string(),
        Body::Void | Body::Structured(_) | Body::Subarray { .. } => "VoidDType".to_string(),
        Body::Object => "ObjectDType".to_string(),
        Body::DateTime(_) => "DateTime64DType".to_string(),
        Body::TimeDelta(_) => "TimeDelta64DType".to_string(),
        Body::VString => "StringDType".to_string(),
        Body::Ml(m) => return format!("<class 'numpy.dtype[{}]'>", m.name),
    };
    format!("<class 'numpy.dtypes.{name}'>")
}

/// The error numpy raises when two dtypes do not promote, as `np.result_type` words it.
pub fn promotion_error(a: &DType, b: &DType) -> String {
    let (ca, cb) = (dtype_class(a), dtype_class(b));
    format!(
        "The DType {ca} could not be promoted by {cb}. This means that no common DType exists for the given inputs. For example they cannot be stored in a single array unless the dtype is `object`. The full list of DTypes is: ({ca}, {cb})"
    )
}

/// The numeric types numpy searches, smallest first, for a common safe target.
fn numeric_candidates(long_double: LongDouble) -> Vec<DType> {
    let p = crate::dtype::Platform::LINUX_X86_64;
    let mut names = vec![
        "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
        "float16", "float32", "float64",
    ];
    names.push("longdouble");
    names.extend(["complex64", "complex128", "clongdouble"]);
    let platform = crate::dtype::Platform { long_double, ..p };
    names
        .into_iter()
        .filter_map(|n| crate::dtype::parse(n, platform).ok())
        .collect()
}

/// `np.result_type(a, b)`: the promoted dtype, or numpy's error message.
pub fn result_type(a: &DType, b: &DType, long_double: LongDouble) -> Result<DType, String> {
    if is_void(a) && is_void(b) {
        // Structures, subarrays and plain voids: numpy's `void_common_instance`.
        let platform = crate::dtype::Platform {
            long_double,
            ..crate::dtype::Platform::LINUX_X86_64
        };
        let operands = [a, b].map(|d| super::Operand::DType(d.clone()));
        return super::result_type_of(&operands, platform).map_err(|e| e.message);
    }
    let a = native(a);
    let b = native(b);
    let error = || Err(promotion_error(&a, &b));
    match (&a.body, &b.body) {
        (Body::Object, _) | (_, Body::Object) => {
            return crate::dtype::parse("O", crate::dtype::Platform::LINUX_X86_64)
                .map_err(|e| e.to_string());
        }
        _ => {}
    }
    if let (Body::Ml(_), _) | (_, Body::Ml(_)) = (&a.body, &b.body) {
        // Only numbers and other ML formats take part in legacy promotion.
        let takes_part = |d: &DType| is_native_numeric(d) || matches!(d.body, Body::Ml(_));
        return (takes_part(&a) && takes_part(&b))
            .then(|| ml_promote(&a, &b, long_double))
            .flatten()
            .ok_or_else(|| promotion_error(&a, &b));
    }
    if is_native_numeric(&a) && is_native_numeric(&b) {
        for c in numeric_candidates(long_double) {
            if numeric_safe(&a, &c) && numeric_safe(&b, &c) {
                return Ok(c);
            }
        }
        return error();
    }
    let chars = |d: &DType| match d.body {
        Body::Str => Some(d.itemsize / 4),
        Body::Bytes => Some(d.itemsize),
        _ => text_length(d),
    };
    match (&a.body, &b.body) {
        (Body::Str | Body::Bytes, _) | (_, Body::Str | Body::Bytes)
            if (matches!(a.body, Body::Str | Body::Bytes) || is_native_numeric(&a))
                && (matches!(b.body, Body::Str | Body::Bytes) || is_native_numeric(&b)) =>
        {
            let unicode = a.body == Body::Str || b.body == Body::Str;
            let n = chars(&a).unwrap_or(0).max(chars(&b).unwrap_or(0));
            let spelling = if unicode {
                format!("U{n}")
            } else {
                format!("S{n}")
            };
            crate::dtype::parse(&spelling, crate::dtype::Platform::LINUX_X86_64)
                .map_err(|e| e.to_string())
        }
        (Body::VString, Body::VString | Body::Str) | (Body::Str, Body::VString) => {
            Ok(if a.body == Body::VString {
                a.clone()
            } else {
                b.clone()
            })
        }
        (Body::DateTime(x) | Body::TimeDelta(x), Body::DateTime(y) | Body::TimeDelta(y)) => {
            let is_datetime =
                matches!(a.body, Body::DateTime(_)) || matches!(b.body, Body::DateTime(_));
            // Nonlinear units (years, months) only refuse to mix between two timedeltas.
            let strict = !is_datetime;
            let (strict_a, strict_b) = (strict, strict);
            let meta = datetime_gcd(x, y, strict_a, strict_b)?;
            let mut out = a.clone();
            out.body = if is_datetime {
                Body::DateTime(meta)
            } else {
                Body::TimeDelta(meta)
            };
            out.char = if is_datetime { 'M' } else { 'm' };
            Ok(out)
        }
        (Body::TimeDelta(_), Body::Bool | Body::Int { .. })
            if cast_level(&b, &a).is_some_and(|l| l <= Casting::Safe) =>
        {
            Ok(a.clone())
        }
        (Body::Bool | Body::Int { .. }, Body::TimeDelta(_))
            if cast_level(&a, &b).is_some_and(|l| l <= Casting::Safe) =>
        {
            Ok(b.clone())
        }
        _ => error(),
    }
}

/// numpy's type number: builtins below 256, ml_dtypes' formats from 256 in registration order.
fn type_number(dt: &DType) -> u32 {
    match &dt.body {
        Body::Ml(m) => m.type_num,
        _ => 0,
    }
}

/// numpy's promotion for legacy user dtypes (`legacy_common_dtype_function`), which is how
/// ml_dtypes' formats promote: the one the other casts to safely; else, when both have a
/// numeric kind, the smallest builtin of the larger kind (then larger kinds) both cast to
/// safely; else nothing.
fn ml_promote(a: &DType, b: &DType, long_double: LongDouble) -> Option<DType> {
    // numpy asks the dtype with the larger type number.
    let (cls, other) = if type_number(a) >= type_number(b) {
        (a, b)
    } else {
        (b, a)
    };
    let safe = |x: &DType, y: &DType| cast_level(x, y).is_some_and(|l| l <= Casting::Safe);
    if same_description(cls, other) {
        return Some(cls.clone());
    }
    if safe(cls, other) {
        return Some(other.clone());
    }
    if safe(other, cls) {
        return Some(cls.clone());
    }
    // Scalar kinds: bool < unsigned < signed < float < complex.
    let scalar_kind = |d: &DType| match d.kind() {
        'b' => Some(0),
        'u' => Some(1),
        'i' => Some(2),
        'f' => Some(3),
        'c' => Some(4),
        _ => None,
    };
    let start = scalar_kind(cls)?.max(scalar_kind(other)?);
    let by_kind: [&[&str]; 5] = [
        &["bool"],
        &["uint8", "uint16", "uint32", "uint64"],
        &["int8", "int16", "int32", "int64"],
        &["float16", "float32", "float64", "longdouble"],
        &["complex64", "complex128", "clongdouble"],
    ];
    let platform = crate::dtype::Platform {
        long_double,
        ..crate::dtype::Platform::LINUX_X86_64
    };
    by_kind
        .iter()
        .skip(start)
        .flat_map(|names| names.iter())
        .filter_map(|n| crate::dtype::parse(n, platform).ok())
        .find(|t| safe(cls, t) && safe(other, t))
}

/// numpy's `compute_datetime_metadata_greatest_common_divisor`.
pub(crate) fn datetime_gcd(
    a: &DateTimeMeta,
    b: &DateTimeMeta,
    strict_a: bool,
    strict_b: bool,
) -> Result<DateTimeMeta, String> {
    use DateTimeUnit as U;
    if a.unit == U::Generic {
        return Ok(*b);
    }
    if b.unit == U::Generic {
        return Ok(*a);
    }
    let incompatible = || {
        Err(format!(
            "Cannot get a common metadata divisor for Numpy datetime metadata {} and {} because they have incompatible nonlinear base time units.",
            a.brackets(),
            b.brackets()
        ))
    };
    let overflow = || {
        format!(
            "Integer overflow getting a common metadata divisor for NumPy datetime metadata {} and {}.",
            a.brackets(),
            b.brackets()
        )
    };
    let mut n1 = u64::try_from(a.num).unwrap_or(0);
    let mut n2 = u64::try_from(b.num).unwrap_or(0);
    let base = if a.unit == b.unit {
        a.unit
    } else {
        match (a.unit, b.unit) {
            (U::Y, U::M) => n1 = n1.saturating_mul(12),
            (U::M, U::Y) => n2 = n2.saturating_mul(12),
            (U::Y | U::M, _) if strict_a => return incompatible(),
            (_, U::Y | U::M) if strict_b => return incompatible(),
            _ => {}
        }
        // Then the finer unit wins, its factor applied to the other multiplier.
        // numpy multiplies in unsigned 64 bits and lets it wrap.
        if a.unit > b.unit {
            n2 = n2.wrapping_mul(units_factor(b.unit, a.unit));
            if n2 == 0 {
                return Err(overflow());
            }
            a.unit
        } else {
            n1 = n1.wrapping_mul(units_factor(a.unit, b.unit));
            if n1 == 0 {
                return Err(overflow());
            }
            b.unit
        }
    };
    let g = gcd(n1, n2);
    let num = i32::try_from(g)
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(overflow)?;
    Ok(DateTimeMeta { unit: base, num })
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}
