//! numpy's casting rules (`np.can_cast` under each rule), derived from what each dtype is: its
//! kind, size, range and units. Promotion (`np.result_type`) builds on them in [`super::promote`].
//!
//! A cast has a level — the strictest rule that allows it: `no` (identical), `equiv` (identical
//! but for byte order), `safe`, `same_kind` or `unsafe` — or no level when numpy has no cast at
//! all. `can_cast(a, b, rule)` is true when the cast's level is at or below `rule`.

use crate::dtype::{Body, ByteOrder, DType, DateTimeMeta, DateTimeUnit, FloatType, MlKind, MlType};

mod void;

pub(crate) use void::is_void;

/// numpy's casting rules, from strictest to loosest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Casting {
    No,
    Equiv,
    Safe,
    SameKind,
    Unsafe,
}

impl Casting {
    pub const ALL: [Casting; 5] = [
        Casting::No,
        Casting::Equiv,
        Casting::Safe,
        Casting::SameKind,
        Casting::Unsafe,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Casting::No => "no",
            Casting::Equiv => "equiv",
            Casting::Safe => "safe",
            Casting::SameKind => "same_kind",
            Casting::Unsafe => "unsafe",
        }
    }

    pub fn from_name(name: &str) -> Option<Casting> {
        Casting::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// `np.can_cast(from, to, casting=rule)`.
pub fn can_cast(from: &DType, to: &DType, rule: Casting) -> bool {
    cast_level(from, to).is_some_and(|level| level <= rule)
}

/// numpy's kind ordering for `same_kind`: bool < unsigned < signed < float < complex <
/// bytes < str < void < object; other kinds stand outside it.
fn kind_order(kind: char) -> Option<u8> {
    Some(match kind {
        'b' => 0,
        'u' => 1,
        'i' => 2,
        'f' => 4,
        'c' => 5,
        'S' => 6,
        'U' => 7,
        'V' => 8,
        'O' => 9,
        _ => return None,
    })
}

/// The number of characters numpy reserves to write a number as text (`U`/`S` length).
pub(crate) fn text_length(dt: &DType) -> Option<u64> {
    let bytes = dt.itemsize;
    Some(match &dt.body {
        Body::Bool => 5,
        Body::Int { signed } => {
            // Digits of the largest value of that size, plus a sign for signed types.
            let digits = match bytes {
                1 => 3,
                2 => 5,
                4 => 10,
                _ => 20,
            };
            digits + u64::from(*signed)
        }
        Body::Float(FloatType::LongDouble(_)) => 48,
        Body::Float(_) => 32,
        Body::Complex(FloatType::LongDouble(_)) => 96,
        Body::Complex(_) => 64,
        _ => return None,
    })
}

pub(crate) fn is_native_numeric(dt: &DType) -> bool {
    matches!(
        dt.body,
        Body::Bool | Body::Int { .. } | Body::Float(_) | Body::Complex(_)
    )
}

/// The value size of a numeric type for numpy's size-based safe-cast table.
pub(crate) fn numeric_safe(from: &DType, to: &DType) -> bool {
    let fb = from.itemsize;
    let tb = to.itemsize;
    match (&from.body, &to.body) {
        (Body::Bool, _) => true,
        (Body::Int { signed: fs }, Body::Int { signed: ts }) => match (fs, ts) {
            (a, b) if a == b => tb >= fb,
            (false, true) => tb > fb,
            _ => false,
        },
        // An integer fits a float of more bytes; numpy also calls 64-bit integers to
        // float64 safe (though 2^53 + 1 does not survive: see `lossless`).
        (Body::Int { .. }, Body::Float(_)) => tb > fb || (fb == 8 && tb >= 8),
        (Body::Int { .. }, Body::Complex(_)) => tb / 2 > fb || (fb == 8 && tb / 2 >= 8),
        (Body::Float(_), Body::Float(_)) => tb >= fb,
        (Body::Float(_), Body::Complex(_)) => tb / 2 >= fb,
        (Body::Complex(_), Body::Complex(_)) => tb >= fb,
        _ => false,
    }
}

fn same_order(a: &DType, b: &DType) -> bool {
    matches!(
        (kind_order(a.kind()), kind_order(b.kind())),
        (Some(x), Some(y)) if x <= y
    )
}

/// The dtype with byte order made native (`>i4` is `int32`).
pub(crate) fn native(dt: &DType) -> DType {
    let mut d = dt.clone();
    if d.byteorder == ByteOrder::Big || d.byteorder == ByteOrder::Little {
        d.byteorder = ByteOrder::Native;
    }
    d
}

/// Identical as numpy compares descriptions (`l` and `q` are both int64).
pub(crate) fn same_description(a: &DType, b: &DType) -> bool {
    a.kind() == b.kind()
        && a.itemsize == b.itemsize
        && a.byteorder == b.byteorder
        && match (&a.body, &b.body) {
            (Body::DateTime(x), Body::DateTime(y)) | (Body::TimeDelta(x), Body::TimeDelta(y)) => {
                x == y
            }
            (Body::Ml(x), Body::Ml(y)) => x.name == y.name,
            (Body::Float(_), Body::Float(_)) | (Body::Complex(_), Body::Complex(_)) => {
                a.char == b.char
                    || !(a.char == 'g' || b.char == 'g' || a.char == 'G' || b.char == 'G')
            }
            (x, y) => std::mem::discriminant(x) == std::mem::discriminant(y),
        }
}

fn is_unsized_flexible(dt: &DType) -> bool {
    dt.itemsize == 0 && matches!(dt.body, Body::Str | Body::Bytes | Body::Void)
}

/// The strictest rule under which numpy casts `from` to `to`; `None` when it cannot at all.
pub fn cast_level(from: &DType, to: &DType) -> Option<Casting> {
    level(from, to, false)
}

/// [`cast_level`], `to` being a class (`np.can_cast`'s target: an unsized `S`, `U` or `V` stands
/// for any size) or, `given`, a description (a structure's field, a subarray's base: `S0` is
/// zero bytes).
pub(crate) fn level(from: &DType, to: &DType, given: bool) -> Option<Casting> {
    if let Some(level) = void::level(from, to, given) {
        return level;
    }
    // Casting to an unsized string or void of the same kind means "the source's size".
    let any_size = !given && is_unsized_flexible(to);
    let mut to = to.clone();
    let flexible_source = matches!(from.body, Body::Str | Body::Bytes | Body::Void);
    if any_size && flexible_source && from.kind() == to.kind() {
        // numpy resolves an unsized target to a native copy of the source.
        to = native(from);
    }
    if same_description(from, &to) {
        return Some(Casting::No);
    }
    if same_description(&native(from), &native(&to)) {
        return Some(Casting::Equiv);
    }
    let to = &to;
    if let Body::Ml(m) = &from.body {
        return ml_level_from(m, from, to);
    }
    if let Body::Ml(m) = &to.body {
        return ml_level_to(from, m, to);
    }
    let level = match (&from.body, &to.body) {
        (_, Body::Object) => Casting::Safe,
        (Body::Object, _) => Casting::Unsafe,
        (Body::VString, Body::VString) => Casting::No,
        (_, Body::VString) => match from.body {
            Body::Str | Body::Bytes | Body::Void | Body::Structured(_) | Body::Subarray { .. } => {
                Casting::SameKind
            }
            _ => Casting::Safe,
        },
        (Body::VString, _) => match to.body {
            // numpy declares StringDType to void `same_kind` and takes that without asking
            // about the target (which would refuse a structure or subarray).
            Body::Str
            | Body::Bytes
            | Body::Void
            | Body::Structured(_)
            | Body::Subarray { .. }
            | Body::Bool => Casting::SameKind,
            _ => Casting::Unsafe,
        },
        _ if is_native_numeric(from) && is_native_numeric(to) => {
            if numeric_safe(from, to) {
                Casting::Safe
            } else if same_order(from, to) {
                Casting::SameKind
            } else {
                Casting::Unsafe
            }
        }
        (_, Body::Str | Body::Bytes) if is_native_numeric(from) => {
            let need = text_length(from).unwrap_or(u64::MAX);
            let have = if to.body == Body::Str {
                to.itemsize / 4
            } else {
                to.itemsize
            };
            if any_size || have >= need {
                Casting::Safe
            } else {
                Casting::SameKind
            }
        }
        (Body::Str | Body::Bytes, Body::Str | Body::Bytes) => {
            let chars = |d: &DType| {
                if d.body == Body::Str {
                    d.itemsize / 4
                } else {
                    d.itemsize
                }
            };
            if from.body == Body::Str && to.body == Body::Bytes {
                Casting::Unsafe
            } else if any_size || chars(to) >= chars(from) {
                Casting::Safe
            } else {
                Casting::SameKind
            }
        }
        (_, Body::Void) => {
            let fits = any_size || to.itemsize >= from.itemsize;
            match (&from.body, fits) {
                (_, true) => Casting::Safe,
                (Body::Void, false) => Casting::SameKind,
                _ => Casting::Unsafe,
            }
        }
        (Body::DateTime(a), Body::DateTime(b)) | (Body::TimeDelta(a), Body::TimeDelta(b)) => {
            let timedelta = matches!(from.body, Body::TimeDelta(_));
            match datetime_level(a, b, timedelta) {
                // The same values, but for the byte order: a swap, not a view.
                Casting::No if from.byteorder != to.byteorder => Casting::Equiv,
                level => level,
            }
        }
        (Body::Bool | Body::Int { .. }, Body::TimeDelta(_)) => {
            // Integers that fit int64 become timedeltas safely; uint64 only within its kind.
            if from.body == (Body::Int { signed: false }) && from.itemsize == 8 {
                Casting::SameKind
            } else {
                Casting::Safe
            }
        }
        _ => Casting::Unsafe,
    };
    Some(level)
}

/// numpy's `time_to_time_resolve_descriptors` view: `[1000ms]` read as `[s]` needs no cast —
/// the target unit is seconds or finer, 1 to 3 steps coarser than the source, and the source
/// multiplier divided (integer division) by the target's is 1000 per step.
fn metric_view(src: &DateTimeMeta, dst: &DateTimeMeta) -> bool {
    use DateTimeUnit as U;
    let fine = [U::S, U::Ms, U::Us, U::Ns, U::Ps, U::Fs, U::As];
    let (Some(s), Some(d)) = (
        fine.iter().position(|u| *u == src.unit),
        fine.iter().position(|u| *u == dst.unit),
    ) else {
        return false;
    };
    let steps = s.checked_sub(d).filter(|n| (1..=3).contains(n));
    match (steps, src.num.checked_div(dst.num)) {
        (Some(n), Some(q)) => i64::from(q) == 1000i64.pow(u32::try_from(n).unwrap_or(0)),
        _ => false,
    }
}

/// numpy's datetime/timedelta metadata rules (`can_cast_datetime64_metadata`,
/// `can_cast_timedelta64_metadata`).
fn datetime_level(src: &DateTimeMeta, dst: &DateTimeMeta, timedelta: bool) -> Casting {
    use DateTimeUnit as U;
    if src == dst || metric_view(src, dst) {
        return Casting::No;
    }
    let generic = |m: &DateTimeMeta| m.unit == U::Generic;
    if generic(src) || generic(dst) {
        return if generic(src) {
            Casting::Safe
        } else {
            Casting::Unsafe
        };
    }
    let nonlinear = |u: DateTimeUnit| u <= U::M;
    let same_side = nonlinear(src.unit) == nonlinear(dst.unit);
    let units_same_kind = !timedelta || same_side;
    let units_safe = src.unit <= dst.unit && units_same_kind;
    if units_safe && metadata_divides(src, dst, timedelta) {
        Casting::Safe
    } else if units_same_kind {
        Casting::SameKind
    } else {
        Casting::Unsafe
    }
}

/// numpy's `datetime_metadata_divides(src, dst, strict)`: whether `dst`'s unit divides `src`'s.
fn metadata_divides(src: &DateTimeMeta, dst: &DateTimeMeta, strict: bool) -> bool {
    use DateTimeUnit as U;
    let mut n1 = u64::try_from(src.num).unwrap_or(0);
    let mut n2 = u64::try_from(dst.num).unwrap_or(0);
    if src.unit != dst.unit {
        let (a, b) = (src.unit, dst.unit);
        if a == U::Y || b == U::Y || a == U::M || b == U::M {
            match (a, b) {
                (U::Y, U::M) => n1 = n1.saturating_mul(12),
                (U::M, U::Y) => n2 = n2.saturating_mul(12),
                _ => return !strict,
            }
        } else if a > b {
            match units_factor(b, a) {
                0 => return false,
                f => n2 = n2.saturating_mul(f),
            }
        } else {
            match units_factor(a, b) {
                0 => return false,
                f => n1 = n1.saturating_mul(f),
            }
        }
    }
    if n1 & 0xff00_0000_0000_0000 != 0 || n2 & 0xff00_0000_0000_0000 != 0 || n2 == 0 {
        return false;
    }
    n1 % n2 == 0
}

// ---- ml_dtypes --------------------------------------------------------------------------
//
// ml_dtypes registers its formats as numpy "legacy user dtypes": it registers cast functions
// between some pairs and marks some of them safe. numpy rates any other registered cast by the
// kind ordering above (most ML formats have kind `V`, float8_e5m2 `f`, the complex ones `W`,
// which stands outside the ordering). The registrations follow the formats' families:
// - every ML float widens safely into float32 and wider (and complex64 and wider);
// - the 8/6/4-bit floats other than e5m2 and e8m0fnu, and the ML integers, cast to each
//   other safely (except float6_e2m3fn with int4/uint4, which have no cast);
// - ML integers widen safely into larger ML integers of the same signedness, into numpy
//   integers that hold them, and into float16 and wider;
// - complex32 and bcomplex32 cast to each other and widen into complex64 and wider;
// - bool, and int8/uint8 into the ML floats, are safe from numpy's side;
// - float8_e8m0fnu only casts to and from bfloat16 among the ML formats;
// - there is no cast between ML formats and strings, StringDType or datetimes.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MlFamily {
    BFloat16,
    /// The 8/6/4-bit floats that ml_dtypes casts among freely.
    SmallFloat,
    E5M2,
    E8M0,
    Int {
        bits: u8,
        signed: bool,
    },
    Complex,
}

fn ml_family(m: &MlType) -> MlFamily {
    match m.format {
        MlKind::Float { format, .. } => match format.name {
            "bfloat16" => MlFamily::BFloat16,
            "float8_e5m2" => MlFamily::E5M2,
            "float8_e8m0fnu" => MlFamily::E8M0,
            _ => MlFamily::SmallFloat,
        },
        MlKind::Int { bits, signed } => MlFamily::Int { bits, signed },
        MlKind::Complex { .. } => MlFamily::Complex,
    }
}

fn is_ml_float(f: MlFamily) -> bool {
    matches!(
        f,
        MlFamily::BFloat16 | MlFamily::SmallFloat | MlFamily::E5M2 | MlFamily::E8M0
    )
}

/// float6_e2m3fn has no cast to or from the 4-bit integers.
fn no_small_pair(a: &MlType, b: &MlType) -> bool {
    let pair =
        |x: &MlType, y: &MlType| x.name == "float6_e2m3fn" && matches!(y.name, "int4" | "uint4");
    pair(a, b) || pair(b, a)
}

/// `(exists, registered safe)` for a cast between two ML formats.
fn ml_pair(a: &MlType, b: &MlType) -> (bool, bool) {
    use MlFamily as F;
    let (fa, fb) = (ml_family(a), ml_family(b));
    if fa == F::E8M0 || fb == F::E8M0 {
        return (
            matches!((fa, fb), (F::E8M0, F::BFloat16) | (F::BFloat16, F::E8M0)),
            false,
        );
    }
    if no_small_pair(a, b) {
        return (false, false);
    }
    let small = |f: MlFamily| matches!(f, F::SmallFloat | F::Int { .. });
    match (fa, fb) {
        (
            F::Int {
                bits: x,
                signed: sx,
            },
            F::Int {
                bits: y,
                signed: sy,
            },
        ) => {
            let widening = sx == sy && y > x;
            (widening, widening)
        }
        (F::Complex, F::Complex) => (true, true),
        (x, y) if small(x) && small(y) => (true, true),
        _ => (true, false),
    }
}

fn ml_level_from(m: &MlType, from: &DType, to: &DType) -> Option<Casting> {
    let by_order = if same_order(from, to) {
        Casting::SameKind
    } else {
        Casting::Unsafe
    };
    let level = |safe: bool| if safe { Casting::Safe } else { by_order };
    let family = ml_family(m);
    match &to.body {
        Body::Object => Some(Casting::Safe),
        Body::Void => Some(if to.itemsize == 0 || to.itemsize >= from.itemsize {
            Casting::Safe
        } else {
            Casting::Unsafe
        }),
        Body::Str | Body::Bytes | Body::VString | Body::DateTime(_) | Body::TimeDelta(_) => None,
        Body::Ml(other) => {
            let (exists, safe) = ml_pair(m, other);
            exists.then(|| level(safe))
        }
        Body::Float(_) | Body::Complex(_) => {
            let component = if matches!(to.body, Body::Complex(_)) {
                to.itemsize / 2
            } else {
                to.itemsize
            };
            let safe = match family {
                MlFamily::Complex => matches!(to.body, Body::Complex(_)) && component >= 4,
                MlFamily::Int { .. } => true,
                _ => component >= 4,
            };
            Some(level(safe))
        }
        Body::Int { signed } => {
            // ml_dtypes registers its integer casts with numpy's `long` types only: `long long`
            // (a distinct numpy type, even where it is also 64 bits) gets none but unsafe.
            if matches!(family, MlFamily::Int { .. }) && matches!(to.char, 'q' | 'Q') {
                return Some(Casting::Unsafe);
            }
            let safe = match family {
                MlFamily::Int { signed: s, .. } => *signed || !s,
                _ => false,
            };
            Some(level(safe))
        }
        _ => Some(by_order),
    }
}

fn ml_level_to(from: &DType, m: &MlType, to: &DType) -> Option<Casting> {
    let by_order = if same_order(from, to) {
        Casting::SameKind
    } else {
        Casting::Unsafe
    };
    let family = ml_family(m);
    match &from.body {
        Body::Object | Body::Void | Body::Structured(_) | Body::Subarray { .. } => {
            Some(Casting::Unsafe)
        }
        Body::Str | Body::Bytes | Body::VString | Body::DateTime(_) | Body::TimeDelta(_) => None,
        Body::Bool => Some(Casting::Safe),
        Body::Int { .. }
            if from.itemsize == 1 && (is_ml_float(family) || family == MlFamily::Complex) =>
        {
            Some(Casting::Safe)
        }
        _ => Some(by_order),
    }
}

/// numpy's `get_datetime_units_factor` over its whole unit list (years and months count 1,
/// weeks 7; zero on overflow).
pub(crate) fn units_factor(big: DateTimeUnit, little: DateTimeUnit) -> u64 {
    use DateTimeUnit as U;
    let order = [
        U::Y,
        U::M,
        U::W,
        U::D,
        U::H,
        U::Min,
        U::S,
        U::Ms,
        U::Us,
        U::Ns,
        U::Ps,
        U::Fs,
        U::As,
    ];
    let step = |u: DateTimeUnit| -> u64 {
        match u {
            U::W => 7,
            U::D => 24,
            U::H | U::Min => 60,
            U::S | U::Ms | U::Us | U::Ns | U::Ps | U::Fs => 1000,
            _ => 1,
        }
    };
    let (Some(start), Some(end)) = (
        order.iter().position(|u| *u == big),
        order.iter().position(|u| *u == little),
    ) else {
        return 0;
    };
    let mut factor: u64 = 1;
    for u in order.iter().take(end).skip(start) {
        factor = factor.saturating_mul(step(*u));
        if factor & 0xff00_0000_0000_0000 != 0 {
            return 0;
        }
    }
    factor
}
