//! numpy's DType classes and their `__common_dtype__`: the class-level half of promotion.
//!
//! A dtype instance (`>i4`, `U5`, `M8[s]`) belongs to a class (`Int32DType`, `StrDType`,
//! `DateTime64DType`). numpy first finds a common class for all operands
//! ([`promote_sequence`], numpy's `PyArray_PromoteDTypeSequence`) by asking classes pairwise
//! what they promote to; Python scalars take part as the abstract classes `_PyLongDType`,
//! `_PyFloatDType` and `_PyComplexDType`. Every answer here follows numpy 2.5's C code:
//! `default_builtin_common_dtype` over numpy's promotion table (itself derived from the
//! safe-cast table), the string, datetime, object and StringDType rules, the abstract Python
//! classes of `abstractdtypes.c`, and `legacy_userdtype_common_dtype_function` for ml_dtypes'
//! formats.

use crate::cast::rules::{Casting, cast_level};
use crate::dtype::{Body, DType, MlType, Platform};

use super::PromotionError;

// numpy's legacy type numbers.
pub const BOOL: u8 = 0;
pub const BYTE: u8 = 1;
pub const UBYTE: u8 = 2;
pub const SHORT: u8 = 3;
pub const USHORT: u8 = 4;
pub const INT: u8 = 5;
pub const UINT: u8 = 6;
pub const LONG: u8 = 7;
pub const ULONG: u8 = 8;
pub const LONGLONG: u8 = 9;
pub const ULONGLONG: u8 = 10;
pub const FLOAT: u8 = 11;
pub const DOUBLE: u8 = 12;
pub const LONGDOUBLE: u8 = 13;
pub const CFLOAT: u8 = 14;
pub const CDOUBLE: u8 = 15;
pub const CLONGDOUBLE: u8 = 16;
pub const OBJECT: u8 = 17;
pub const STRING: u8 = 18;
pub const UNICODE: u8 = 19;
pub const VOID: u8 = 20;
pub const DATETIME: u8 = 21;
pub const TIMEDELTA: u8 = 22;
pub const HALF: u8 = 23;
const NTYPES: usize = 24;

/// The type character of each legacy type number.
const CHARS: [char; NTYPES] = [
    '?', 'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd', 'g', 'F', 'D', 'G', 'O', 'S',
    'U', 'V', 'M', 'm', 'e',
];

/// A DType class, compared by identity as numpy compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// One of numpy's 24 builtin ("legacy") DTypes, by type number.
    Legacy(u8),
    /// A legacy user DType: an ml_dtypes format.
    User(&'static MlType),
    /// numpy 2's `StringDType`.
    VString,
    /// The abstract DTypes of Python `int`, `float` and `complex` (weak, NEP 50).
    PyLong,
    PyFloat,
    PyComplex,
}

impl Class {
    pub fn of(dt: &DType) -> Class {
        let n = match &dt.body {
            Body::Bool => BOOL,
            Body::Int { .. } => match dt.char {
                'b' => BYTE,
                'B' => UBYTE,
                'h' => SHORT,
                'H' => USHORT,
                'i' => INT,
                'I' => UINT,
                'l' => LONG,
                'L' => ULONG,
                'q' => LONGLONG,
                _ => ULONGLONG,
            },
            Body::Float(_) => match dt.char {
                'e' => HALF,
                'f' => FLOAT,
                'd' => DOUBLE,
                _ => LONGDOUBLE,
            },
            Body::Complex(_) => match dt.char {
                'F' => CFLOAT,
                'D' => CDOUBLE,
                _ => CLONGDOUBLE,
            },
            Body::Object => OBJECT,
            Body::Bytes => STRING,
            Body::Str => UNICODE,
            Body::Void | Body::Structured(_) | Body::Subarray { .. } => VOID,
            Body::DateTime(_) => DATETIME,
            Body::TimeDelta(_) => TIMEDELTA,
            Body::VString => return Class::VString,
            Body::Ml(m) => return Class::User(m),
        };
        Class::Legacy(n)
    }

    /// numpy's type number (`-1` for the classes that have none).
    fn type_num(self) -> i64 {
        match self {
            Class::Legacy(n) => i64::from(n),
            Class::User(m) => i64::from(m.type_num),
            // StringDType is a new-style DType: it has a type number of its own (above the
            // legacy ones), but is never compared by number here.
            Class::VString => 2056,
            Class::PyLong | Class::PyFloat | Class::PyComplex => -1,
        }
    }

    fn is_legacy(self) -> bool {
        matches!(self, Class::Legacy(_) | Class::User(_))
    }

    /// The DType parametrised by its instances (`U5`, `M8[s]`, `V8`, StringDType).
    pub fn is_parametric(self) -> bool {
        matches!(
            self,
            Class::Legacy(STRING | UNICODE | VOID | DATETIME | TIMEDELTA) | Class::VString
        )
    }

    /// `str()` of the class, as numpy's messages print it.
    pub fn repr(self, platform: Platform) -> String {
        let name = match self {
            Class::Legacy(n) => legacy_name(n, platform).to_string(),
            Class::User(m) => return format!("<class 'numpy.dtype[{}]'>", m.name),
            Class::VString => "StringDType".to_string(),
            Class::PyLong => "_PyLongDType".to_string(),
            Class::PyFloat => "_PyFloatDType".to_string(),
            Class::PyComplex => "_PyComplexDType".to_string(),
        };
        format!("<class 'numpy.dtypes.{name}'>")
    }

    /// The class's default instance (`default_descr`): its native singleton, intp for a
    /// Python int, float64 and complex128 for a Python float and complex.
    pub fn default_descr(self, platform: Platform) -> DType {
        let spelling = match self {
            Class::Legacy(n) => CHARS[usize::from(n)].to_string(),
            Class::User(m) => m.name.to_string(),
            Class::VString => "T".to_string(),
            Class::PyLong => "intp".to_string(),
            Class::PyFloat => "d".to_string(),
            Class::PyComplex => "D".to_string(),
        };
        crate::dtype::parse(&spelling, platform).unwrap_or_else(|_| unreachable_dtype(&spelling))
    }
}

/// Every spelling above is in the catalogue on every platform; this is never reached.
fn unreachable_dtype(spelling: &str) -> DType {
    crate::dtype::parse("O", Platform::LINUX_X86_64)
        .unwrap_or_else(|e| panic!("the catalogue lacks '{spelling}' and 'O': {e}"))
}

/// numpy's `numpy.dtypes` name of a builtin class. Integers are named by size, except that of
/// two C types of one size the later in `long, longlong, int, short, byte` keeps its C name
/// (`LongLongDType` where `long` is 64 bits; `IntDType` where `long` is 32 bits).
fn legacy_name(n: u8, platform: Platform) -> &'static str {
    let long4 = platform.c_long_bytes == 4;
    match n {
        BOOL => "BoolDType",
        BYTE => "Int8DType",
        UBYTE => "UInt8DType",
        SHORT => "Int16DType",
        USHORT => "UInt16DType",
        INT if long4 => "IntDType",
        INT => "Int32DType",
        UINT if long4 => "UIntDType",
        UINT => "UInt32DType",
        LONG if long4 => "Int32DType",
        LONG => "Int64DType",
        ULONG if long4 => "UInt32DType",
        ULONG => "UInt64DType",
        LONGLONG if long4 => "Int64DType",
        LONGLONG => "LongLongDType",
        ULONGLONG if long4 => "UInt64DType",
        ULONGLONG => "ULongLongDType",
        FLOAT => "Float32DType",
        DOUBLE => "Float64DType",
        LONGDOUBLE => "LongDoubleDType",
        CFLOAT => "Complex64DType",
        CDOUBLE => "Complex128DType",
        CLONGDOUBLE => "CLongDoubleDType",
        OBJECT => "ObjectDType",
        STRING => "BytesDType",
        UNICODE => "StrDType",
        VOID => "VoidDType",
        DATETIME => "DateTime64DType",
        TIMEDELTA => "TimeDelta64DType",
        _ => "Float16DType",
    }
}

// ---- numpy's casting and promotion tables ----------------------------------------------

/// Sizes of the C types behind the numeric type numbers on a platform.
fn size(n: u8, platform: Platform) -> u8 {
    match n {
        BOOL | BYTE | UBYTE => 1,
        SHORT | USHORT | HALF => 2,
        INT | UINT | FLOAT => 4,
        LONG | ULONG => platform.c_long_bytes,
        LONGDOUBLE => platform.long_double_bytes(),
        // long long, double, timedelta
        _ => 8,
    }
}

fn is_integer(n: u8) -> bool {
    (BYTE..=ULONGLONG).contains(&n)
}

fn is_unsigned(n: u8) -> bool {
    matches!(n, UBYTE | USHORT | UINT | ULONG | ULONGLONG)
}

fn is_float(n: u8) -> bool {
    matches!(n, FLOAT | DOUBLE | LONGDOUBLE | HALF)
}

fn is_complex(n: u8) -> bool {
    matches!(n, CFLOAT | CDOUBLE | CLONGDOUBLE)
}

/// numpy's `PyTypeNum_ISNUMBER` (bool included).
fn is_number(n: u8) -> bool {
    n <= CLONGDOUBLE || n == HALF
}

/// numpy's `_npy_can_cast_safely_table` (`can_cast_table.h`).
pub fn can_cast_safely_builtin(from: u8, to: u8, platform: Platform) -> bool {
    if from == to {
        return true;
    }
    let sz = |n| size(n, platform);
    // the component size of a complex target
    let component = |n: u8| match n {
        CFLOAT => FLOAT,
        CDOUBLE => DOUBLE,
        CLONGDOUBLE => LONGDOUBLE,
        other => other,
    };
    let fits = |f: u8, t: u8| sz(f) <= sz(t);
    let ifits = |f: u8, t: u8| sz(f) < sz(t) || (sz(f) == sz(t) && sz(f) >= sz(DOUBLE));
    match from {
        BOOL => to != DATETIME,
        n if is_integer(n) => {
            let unsigned = is_unsigned(n);
            match to {
                t if is_integer(t) => {
                    if is_unsigned(t) {
                        unsigned && fits(n, t)
                    } else if unsigned {
                        sz(n) < sz(t)
                    } else {
                        fits(n, t)
                    }
                }
                t if is_float(t) || is_complex(t) => ifits(n, component(t)),
                OBJECT | STRING | UNICODE | VOID => true,
                TIMEDELTA => {
                    if unsigned {
                        sz(n) < 8
                    } else {
                        sz(n) <= 8
                    }
                }
                _ => false,
            }
        }
        n if is_float(n) => match to {
            t if is_float(t) || is_complex(t) => fits(n, component(t)),
            OBJECT | STRING | UNICODE | VOID => true,
            _ => false,
        },
        n if is_complex(n) => match to {
            t if is_complex(t) => fits(component(n), component(t)),
            OBJECT | STRING | UNICODE | VOID => true,
            _ => false,
        },
        OBJECT => to == OBJECT,
        STRING => matches!(to, OBJECT | STRING | UNICODE | VOID),
        UNICODE => matches!(to, OBJECT | UNICODE | VOID),
        VOID => matches!(to, OBJECT | VOID),
        DATETIME => matches!(to, OBJECT | STRING | UNICODE | VOID | DATETIME),
        TIMEDELTA => matches!(to, OBJECT | STRING | UNICODE | VOID | TIMEDELTA),
        _ => false,
    }
}

// numpy's scalar kinds (`NPY_SCALARKIND`).
const BOOL_SCALAR: i8 = 0;
const INTPOS_SCALAR: i8 = 1;
const INTNEG_SCALAR: i8 = 2;
const FLOAT_SCALAR: i8 = 3;
const COMPLEX_SCALAR: i8 = 4;
const OBJECT_SCALAR: i8 = 5;
const NSCALARKINDS: i8 = 6;

fn scalar_kind(n: u8) -> i8 {
    match n {
        BOOL => BOOL_SCALAR,
        n if is_integer(n) && is_unsigned(n) => INTPOS_SCALAR,
        n if is_integer(n) => INTNEG_SCALAR,
        n if is_float(n) => FLOAT_SCALAR,
        n if is_complex(n) => COMPLEX_SCALAR,
        // numpy fills the table with the object kind before the loop over the numbers
        _ => OBJECT_SCALAR,
    }
}

fn smallest_of_kind(kind: i8) -> i8 {
    let n = match kind {
        BOOL_SCALAR => BOOL,
        INTPOS_SCALAR => UBYTE,
        INTNEG_SCALAR => BYTE,
        FLOAT_SCALAR => HALF,
        COMPLEX_SCALAR => CFLOAT,
        _ => OBJECT,
    };
    i8::try_from(n).unwrap_or(-1)
}

/// numpy's walk up the scalar kinds: type `k` of kind `skind` (-1: none left in that kind),
/// the next larger types of its kind, then each larger kind's types from its smallest; the
/// first that `fits`, or `None` past the last kind.
fn first_upward(mut skind: i8, mut k: i8, fits: impl Fn(u8) -> bool) -> Option<u8> {
    loop {
        if k < 0 {
            skind += 1;
            if skind >= NSCALARKINDS {
                return None;
            }
            k = smallest_of_kind(skind);
        }
        let t = u8::try_from(k).ok()?;
        if fits(t) {
            return Some(t);
        }
        k = next_larger(k);
    }
}

fn next_larger(n: i8) -> i8 {
    let next = match u8::try_from(n).unwrap_or(u8::MAX) {
        BYTE => SHORT,
        UBYTE => USHORT,
        SHORT => INT,
        USHORT => UINT,
        INT => LONG,
        UINT => ULONG,
        LONG => LONGLONG,
        ULONG => ULONGLONG,
        HALF => FLOAT,
        FLOAT => DOUBLE,
        DOUBLE => LONGDOUBLE,
        CFLOAT => CDOUBLE,
        CDOUBLE => CLONGDOUBLE,
        _ => return -1,
    };
    i8::try_from(next).unwrap_or(-1)
}

/// numpy's `_npy_type_promotion_table`, built as `initialize_casting_tables` builds it.
pub struct Table {
    cells: [[i8; NTYPES]; NTYPES],
}

impl Table {
    pub fn new(platform: Platform) -> Table {
        let safe = |i: u8, j: u8| can_cast_safely_builtin(i, j, platform);
        let mut table = Table {
            cells: [[-1i8; NTYPES]; NTYPES],
        };
        let flexible = |n: u8| matches!(n, STRING | UNICODE | VOID | DATETIME | TIMEDELTA);
        let last = u8::try_from(NTYPES).unwrap_or(0);
        for i in 0..last {
            if flexible(i) {
                // Promoting these needs their instances; only object takes them all.
                for j in i..last {
                    table.set(i, j, None);
                }
                table.set(i, OBJECT, Some(OBJECT));
                continue;
            }
            table.set(i, i, Some(i));
            for j in i + 1..last {
                let v = if matches!(j, STRING | UNICODE | VOID) {
                    None
                } else if safe(i, j) {
                    Some(j)
                } else if safe(j, i) {
                    Some(i)
                } else {
                    Self::search(i, j, &safe)
                };
                table.set(i, j, v);
            }
        }
        table
    }

    /// Neither casts safely to the other: from the larger kind, the next larger types of that
    /// kind, then the smallest of each larger kind, until both cast safely.
    fn search(i: u8, j: u8, safe: &impl Fn(u8, u8) -> bool) -> Option<u8> {
        let (ik, jk) = (scalar_kind(i), scalar_kind(j));
        let (skind, k) = if ik > jk {
            (ik, i8::try_from(i).unwrap_or(-1))
        } else {
            (jk, i8::try_from(j).unwrap_or(-1))
        };
        first_upward(skind, next_larger(k), |t| safe(i, t) && safe(j, t))
    }

    fn set(&mut self, i: u8, j: u8, v: Option<u8>) {
        let v = v.and_then(|v| i8::try_from(v).ok()).unwrap_or(-1);
        self.cells[usize::from(i)][usize::from(j)] = v;
        self.cells[usize::from(j)][usize::from(i)] = v;
    }

    fn get(&self, i: u8, j: u8) -> Option<u8> {
        u8::try_from(self.cells[usize::from(i)][usize::from(j)]).ok()
    }
}

/// The context every class-level question needs.
pub struct Ctx {
    pub platform: Platform,
    pub table: Table,
}

impl Ctx {
    pub fn new(platform: Platform) -> Ctx {
        Ctx {
            platform,
            table: Table::new(platform),
        }
    }

    fn intp(&self) -> Class {
        Class::Legacy(if self.platform.c_long_bytes == 8 {
            LONG
        } else {
            LONGLONG
        })
    }

    /// numpy's `PyArray_CanCastSafely(from, to)` between classes: the builtin table, else the
    /// registered cast's own safety (any type to object is safe; to and from void there is
    /// no class-level safety; ml_dtypes' casts as it registers them).
    fn can_cast_safely(&self, from: Class, to: Class) -> bool {
        if from == to {
            return true;
        }
        match (from, to) {
            (Class::Legacy(f), Class::Legacy(t)) => can_cast_safely_builtin(f, t, self.platform),
            (_, Class::Legacy(OBJECT)) => true,
            (Class::Legacy(OBJECT | VOID), _) | (_, Class::Legacy(VOID)) => false,
            (Class::User(_), Class::Legacy(_) | Class::User(_))
            | (Class::Legacy(_), Class::User(_)) => {
                let (f, t) = (
                    from.default_descr(self.platform),
                    to.default_descr(self.platform),
                );
                cast_level(&f, &t).is_some_and(|l| l <= Casting::Safe)
            }
            _ => false,
        }
    }

    /// `cls.__common_dtype__(other)`: `None` is numpy's `NotImplemented`.
    pub fn common_dtype(&self, cls: Class, other: Class) -> Option<Class> {
        match cls {
            Class::Legacy(OBJECT) => Some(cls),
            Class::Legacy(c @ (STRING | UNICODE)) => match other {
                Class::Legacy(n) if is_number(n) || (c == UNICODE && n == STRING) => Some(cls),
                _ => None,
            },
            Class::Legacy(DATETIME) if other == Class::Legacy(TIMEDELTA) => Some(cls),
            Class::Legacy(c) => self.builtin_common(c, other),
            Class::User(_) => self.user_common(cls, other),
            Class::VString => (other == Class::Legacy(UNICODE)).then_some(cls),
            Class::PyLong => self.pylong_common(other),
            Class::PyFloat => self.pyfloat_common(cls, other),
            Class::PyComplex => self.pycomplex_common(cls, other),
        }
    }

    /// numpy's `default_builtin_common_dtype`.
    fn builtin_common(&self, c: u8, other: Class) -> Option<Class> {
        let cls = Class::Legacy(c);
        match other {
            Class::PyComplex => match c {
                c if is_complex(c) => Some(cls),
                HALF | FLOAT => Some(Class::Legacy(CFLOAT)),
                DOUBLE => Some(Class::Legacy(CDOUBLE)),
                LONGDOUBLE => Some(Class::Legacy(CLONGDOUBLE)),
                _ => None,
            },
            Class::PyFloat => (is_complex(c) || is_float(c)).then_some(cls),
            Class::PyLong => {
                (is_complex(c) || is_float(c) || is_integer(c) || c == TIMEDELTA).then_some(cls)
            }
            Class::VString => None,
            Class::Legacy(_) | Class::User(_) => {
                if other.type_num() > i64::from(c) {
                    return None;
                }
                let Class::Legacy(o) = other else {
                    return None;
                };
                self.table.get(c, o).map(Class::Legacy)
            }
        }
    }

    /// numpy's `legacy_userdtype_common_dtype_function` (ml_dtypes' formats).
    fn user_common(&self, cls: Class, other: Class) -> Option<Class> {
        if !other.is_legacy() || cls.type_num() < other.type_num() {
            return None;
        }
        if self.can_cast_safely(cls, other) {
            return Some(other);
        }
        if self.can_cast_safely(other, cls) {
            return Some(cls);
        }
        let kind = |c: Class| -> Option<i8> {
            let k = match c {
                Class::User(m) => m.kind,
                Class::Legacy(n) => {
                    let dt = Class::Legacy(n).default_descr(self.platform);
                    dt.kind()
                }
                _ => return None,
            };
            match k {
                'b' => Some(BOOL_SCALAR),
                'u' => Some(INTPOS_SCALAR),
                'i' => Some(INTNEG_SCALAR),
                'f' => Some(FLOAT_SCALAR),
                'c' => Some(COMPLEX_SCALAR),
                _ => None,
            }
        };
        let (k1, k2) = (kind(cls)?, kind(other)?);
        let skind = k1.max(k2);
        first_upward(skind, smallest_of_kind(skind), |t| {
            let r = Class::Legacy(t);
            self.can_cast_safely(cls, r) && self.can_cast_safely(other, r)
        })
        .map(Class::Legacy)
    }

    /// numpy's `int_common_dtype` (`_PyLongDType`).
    fn pylong_common(&self, other: Class) -> Option<Class> {
        match other {
            Class::Legacy(BOOL) => Some(self.intp()),
            Class::User(_) => {
                for probe in [Class::Legacy(UBYTE), Class::Legacy(BYTE)] {
                    if let Some(r) = self.common_dtype(other, probe) {
                        return Some(r);
                    }
                }
                self.common_dtype(other, self.intp())
            }
            _ => None,
        }
    }

    /// numpy's `float_common_dtype` (`_PyFloatDType`).
    fn pyfloat_common(&self, cls: Class, other: Class) -> Option<Class> {
        match other {
            Class::Legacy(n) if n == BOOL || is_integer(n) => Some(Class::Legacy(DOUBLE)),
            Class::PyLong => Some(cls),
            Class::User(_) => self
                .common_dtype(other, Class::Legacy(HALF))
                .or_else(|| self.common_dtype(other, Class::Legacy(DOUBLE))),
            _ => None,
        }
    }

    /// numpy's `complex_common_dtype` (`_PyComplexDType`).
    fn pycomplex_common(&self, cls: Class, other: Class) -> Option<Class> {
        match other {
            Class::Legacy(n) if n == BOOL || is_integer(n) => Some(Class::Legacy(CDOUBLE)),
            Class::User(_) => self
                .common_dtype(other, Class::Legacy(CFLOAT))
                .or_else(|| self.common_dtype(other, Class::Legacy(CDOUBLE))),
            Class::PyLong | Class::PyFloat => Some(cls),
            _ => None,
        }
    }

    /// numpy's `PyArray_CommonDType`: either side may answer.
    pub fn common_pair(&self, a: Class, b: Class) -> Result<Class, PromotionError> {
        if a == b {
            return Ok(a);
        }
        self.common_dtype(a, b)
            .or_else(|| self.common_dtype(b, a))
            .ok_or_else(|| {
                PromotionError::promotion(format!(
                    "The DTypes {} and {} do not have a common DType. For example they cannot be stored in a single array unless the dtype is `object`.",
                    a.repr(self.platform),
                    b.repr(self.platform)
                ))
            })
    }

    /// numpy's `reduce_dtypes_to_most_knowledgeable`: pairs the first half with the second
    /// (reversed), moving the class that knows more to the front and clearing the ones that
    /// cannot change the result. `Ok(None)` is `NotImplemented` from the last pair.
    fn reduce(&self, dtypes: &mut [Option<Class>]) -> Option<Class> {
        let length = dtypes.len();
        let half = length / 2;
        let mut res = None;
        for low in 0..half {
            let high = length - 1 - low;
            let (Some(l), Some(h)) = (dtypes[low], dtypes[high]) else {
                // never: clearing only reaches indices past the next level's length
                continue;
            };
            res = if l == h {
                Some(l)
            } else {
                self.common_dtype(l, h)
            };
            match res {
                None => dtypes.swap(low, high),
                Some(r) if r == l => dtypes[high] = None,
                Some(_) => {}
            }
        }
        if length == 2 {
            return res;
        }
        self.reduce(&mut dtypes[..length - half])
    }

    /// numpy's `PyArray_PromoteDTypeSequence`.
    pub fn promote_sequence(&self, input: &[Class]) -> Result<Class, PromotionError> {
        if input.len() == 1 {
            return Ok(input[0]);
        }
        let mut dtypes: Vec<Option<Class>> = input.iter().copied().map(Some).collect();
        let reduced = self.reduce(&mut dtypes);
        let Some(main) = dtypes[0] else {
            return Err(PromotionError::internal("no DType left after reduction"));
        };
        let (mut result, start) = match reduced {
            Some(r) => (Some(r), 2),
            None => (None, 1),
        };
        for other in dtypes.iter().skip(start).flatten().copied() {
            let Some(promotion) = self.common_dtype(main, other) else {
                let all: Vec<String> = input.iter().map(|c| c.repr(self.platform)).collect();
                return Err(PromotionError::promotion(format!(
                    "The DType {} could not be promoted by {}. This means that no common DType exists for the given inputs. For example they cannot be stored in a single array unless the dtype is `object`. The full list of DTypes is: ({})",
                    other.repr(self.platform),
                    main.repr(self.platform),
                    all.join(", ")
                )));
            };
            result = Some(match result {
                None => promotion,
                Some(r) => self.common_pair(r, promotion)?,
            });
        }
        result.ok_or_else(|| PromotionError::internal("no common DType"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_promotion_table_has_numpy_answers() {
        let t = Table::new(Platform::LINUX_X86_64);
        assert_eq!(t.get(BYTE, UBYTE), Some(SHORT));
        assert_eq!(t.get(LONG, ULONG), Some(DOUBLE));
        assert_eq!(t.get(LONG, LONGLONG), Some(LONGLONG));
        assert_eq!(t.get(UINT, LONGLONG), Some(LONGLONG));
        assert_eq!(t.get(HALF, LONG), Some(DOUBLE));
        assert_eq!(t.get(HALF, BYTE), Some(HALF));
        assert_eq!(t.get(TIMEDELTA, BYTE), Some(TIMEDELTA));
        assert_eq!(t.get(TIMEDELTA, ULONG), None);
        assert_eq!(t.get(DATETIME, DATETIME), None);
        assert_eq!(t.get(STRING, OBJECT), Some(OBJECT));
        assert_eq!(t.get(BYTE, STRING), None);
    }

    #[test]
    fn windows_names_int_by_its_c_name() {
        let w = Platform::WINDOWS_X86_64;
        assert_eq!(
            Class::Legacy(INT).repr(w),
            "<class 'numpy.dtypes.IntDType'>"
        );
        assert_eq!(
            Class::Legacy(LONG).repr(w),
            "<class 'numpy.dtypes.Int32DType'>"
        );
        assert_eq!(
            Class::Legacy(LONGLONG).repr(w),
            "<class 'numpy.dtypes.Int64DType'>"
        );
    }
}
