//! The names numpy knows (its `sctypeDict`), the ml_dtypes formats, and the aliases numpy 2
//! removed. Each name says what C type or format it stands for; sizes come from the platform.

use crate::number::{FloatFormat, Specials};

/// A C-level numeric type, before the platform gives it a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CType {
    Bool,
    Byte,
    UByte,
    Short,
    UShort,
    Int,
    UInt,
    Long,
    ULong,
    LongLong,
    ULongLong,
    /// `intp`/`uintp`: the integer type as wide as a pointer.
    IntP,
    UIntP,
    Half,
    Float,
    Double,
    LongDouble,
    CFloat,
    CDouble,
    CLongDouble,
    Object,
    /// `S`, `U`, `V` with no size yet.
    Bytes,
    Str,
    Void,
    /// `c`: numpy's one-byte `S1` spelled as a char.
    Char,
    VString,
    DateTime,
    TimeDelta,
}

/// What a name in numpy's type dictionary resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    C(CType),
    /// A sized name: `int32`, `float64`, `complex128` (kind, bytes).
    Sized(char, u8),
    Ml(&'static MlType),
}

use CType::{
    Bool, Byte, Bytes, CDouble, CFloat, CLongDouble, DateTime, Double, Float, Half, Int, IntP,
    Long, LongDouble, LongLong, Object, Short, Str, TimeDelta, UByte, UInt, UIntP, ULong,
    ULongLong, UShort, Void,
};
use Named::C;

/// numpy's `sctypeDict` keys (numpy 2.5), with what each stands for, in numpy's order: one
/// line a family of names. `float128` and `complex256` exist only where `long double` is 16
/// bytes; the parser checks that.
#[rustfmt::skip]
pub const TYPE_NAMES: &[(&str, Named)] = &[
    ("bool", C(Bool)), ("bool_", C(Bool)),
    ("byte", C(Byte)), ("ubyte", C(UByte)),
    ("short", C(Short)), ("ushort", C(UShort)),
    ("intc", C(Int)), ("uintc", C(UInt)),
    ("long", C(Long)), ("ulong", C(ULong)),
    ("longlong", C(LongLong)), ("ulonglong", C(ULongLong)),
    ("intp", C(IntP)), ("uintp", C(UIntP)),
    // numpy 2: the default integer `int_` (and Python's `int`) is `intp`; `uint` is `uintp`.
    ("int", C(IntP)), ("int_", C(IntP)), ("uint", C(UIntP)),
    ("int8", Named::Sized('i', 1)), ("int16", Named::Sized('i', 2)), ("int32", Named::Sized('i', 4)), ("int64", Named::Sized('i', 8)),
    ("uint8", Named::Sized('u', 1)), ("uint16", Named::Sized('u', 2)), ("uint32", Named::Sized('u', 4)), ("uint64", Named::Sized('u', 8)),
    ("half", C(Half)), ("single", C(Float)), ("double", C(Double)), ("float", C(Double)),
    ("longdouble", C(LongDouble)),
    ("float16", Named::Sized('f', 2)), ("float32", Named::Sized('f', 4)), ("float64", Named::Sized('f', 8)), ("float128", Named::Sized('f', 16)),
    ("csingle", C(CFloat)), ("cdouble", C(CDouble)), ("complex", C(CDouble)),
    ("clongdouble", C(CLongDouble)),
    ("complex64", Named::Sized('c', 8)), ("complex128", Named::Sized('c', 16)), ("complex256", Named::Sized('c', 32)),
    ("object", C(Object)), ("object_", C(Object)),
    ("bytes", C(Bytes)), ("bytes_", C(Bytes)),
    ("str", C(Str)), ("str_", C(Str)), ("unicode", C(Str)),
    ("void", C(Void)),
    ("datetime64", C(DateTime)), ("timedelta64", C(TimeDelta)),
];

/// One-letter type codes (`np.dtype('d')`), as numpy's `PyArray_DescrFromType` takes them.
pub fn type_char(c: u8) -> Option<CType> {
    // numpy reads a one-byte spelling as a type number when it is one (numpy's legacy type
    // numbers 0 to 23: "\x00" is bool, "\x0c" is double), and as a type character otherwise.
    const BY_NUMBER: [CType; 24] = [
        CType::Bool,
        CType::Byte,
        CType::UByte,
        CType::Short,
        CType::UShort,
        CType::Int,
        CType::UInt,
        CType::Long,
        CType::ULong,
        CType::LongLong,
        CType::ULongLong,
        CType::Float,
        CType::Double,
        CType::LongDouble,
        CType::CFloat,
        CType::CDouble,
        CType::CLongDouble,
        CType::Object,
        CType::Bytes,
        CType::Str,
        CType::Void,
        CType::DateTime,
        CType::TimeDelta,
        CType::Half,
    ];
    if let Some(c) = BY_NUMBER.get(usize::from(c)) {
        return Some(*c);
    }
    Some(match c {
        b'?' => CType::Bool,
        b'b' => CType::Byte,
        b'B' => CType::UByte,
        b'h' => CType::Short,
        b'H' => CType::UShort,
        b'i' => CType::Int,
        b'I' => CType::UInt,
        b'l' => CType::Long,
        b'L' => CType::ULong,
        b'q' => CType::LongLong,
        b'Q' => CType::ULongLong,
        b'p' | b'n' => CType::IntP,
        b'P' | b'N' => CType::UIntP,
        b'e' => CType::Half,
        b'f' => CType::Float,
        b'd' => CType::Double,
        b'g' => CType::LongDouble,
        b'F' => CType::CFloat,
        b'D' => CType::CDouble,
        b'G' => CType::CLongDouble,
        b'O' => CType::Object,
        b'S' => CType::Bytes,
        b'U' => CType::Str,
        b'V' => CType::Void,
        b'c' => CType::Char,
        b'T' => CType::VString,
        b'M' => CType::DateTime,
        b'm' => CType::TimeDelta,
        _ => return None,
    })
}

/// How an ml_dtypes format encodes values: the parameters `finfo` and `cast-check` derive
/// everything else from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MlKind {
    /// A binary float. `finfo_min_precision` is ml_dtypes' own floor on `finfo().precision`:
    /// its float8 formats report at least 1 where numpy's rule (`int(-log10(eps))`) gives 0.
    Float {
        format: FloatFormat,
        finfo_min_precision: u32,
    },
    /// A two's-complement or unsigned integer of `bits` bits.
    Int { bits: u8, signed: bool },
    /// A complex number of two `component` floats.
    Complex { component: &'static str },
}

/// A format that ml_dtypes 0.6 registers with numpy. `kind`, `char` and the type-string kind
/// are the ones ml_dtypes registers (most are `V`; `float8_e5m2` is `f`, the complex ones `W`);
/// each takes whole bytes in an array.
#[derive(Debug, PartialEq, Eq)]
pub struct MlType {
    pub name: &'static str,
    pub itemsize: u64,
    pub alignment: u64,
    pub kind: char,
    pub char: char,
    pub format: MlKind,
    /// The numpy type number ml_dtypes' registration gives it (256 upward, in registration
    /// order); numpy's promotion between two such formats asks the larger one first.
    pub type_num: u32,
}

#[allow(clippy::too_many_arguments)]
const fn ml_float(
    name: &'static str,
    kind: char,
    char: char,
    exponent_bits: u32,
    mantissa_bits: u32,
    bias: i64,
    specials: Specials,
    finfo_min_precision: u32,
    type_num: u32,
) -> MlType {
    // float8_e8m0fnu has no sign bit: eight bits in all.
    let sign_bits = if matches!(specials, Specials::ExponentOnly) {
        0
    } else {
        1
    };
    let itemsize = if sign_bits + exponent_bits + mantissa_bits > 8 {
        2
    } else {
        1
    };
    MlType {
        name,
        itemsize,
        alignment: itemsize,
        kind,
        char,
        format: MlKind::Float {
            format: FloatFormat {
                name,
                exponent_bits,
                mantissa_bits,
                bias,
                explicit_integer_bit: false,
                specials,
                storage_bytes: itemsize as u32,
            },
            finfo_min_precision,
        },
        type_num,
    }
}

const fn ml_int(name: &'static str, char: char, bits: u8, signed: bool, type_num: u32) -> MlType {
    MlType {
        name,
        itemsize: 1,
        alignment: 1,
        kind: 'V',
        char,
        format: MlKind::Int { bits, signed },
        type_num,
    }
}

/// A complex of two ml_dtypes floats (`component`): four bytes, aligned as its parts.
const fn ml_complex(
    name: &'static str,
    char: char,
    component: &'static str,
    type_num: u32,
) -> MlType {
    MlType {
        name,
        itemsize: 4,
        alignment: 2,
        kind: 'W',
        char,
        format: MlKind::Complex { component },
        type_num,
    }
}

use Specials::{ExponentOnly, FiniteNanAllOnes, FiniteOnly, Fnuz, Ieee};

/// ml_dtypes' types in ml_dtypes' order, one line a family.
#[rustfmt::skip]
pub static ML_TYPES: [MlType; 20] = [
    ml_float("bfloat16", 'V', 'E', 8, 7, 127, Ieee, 0, 256),
    // OCP 8-bit floats.
    ml_float("float8_e4m3fn", 'V', '4', 4, 3, 7, FiniteNanAllOnes, 1, 260), ml_float("float8_e5m2", 'f', '5', 5, 2, 15, Ieee, 1, 262),
    // The fnuz formats (no negative zero, one NaN).
    ml_float("float8_e4m3fnuz", 'V', 'G', 4, 3, 8, Fnuz, 1, 261), ml_float("float8_e5m2fnuz", 'V', 'C', 5, 2, 16, Fnuz, 1, 263),
    ml_float("float8_e4m3b11fnuz", 'V', 'L', 4, 3, 11, Fnuz, 1, 259),
    // IEEE-style 8-bit floats.
    ml_float("float8_e3m4", 'V', '3', 3, 4, 3, Ieee, 1, 257), ml_float("float8_e4m3", 'V', '7', 4, 3, 7, Ieee, 1, 258),
    // The MX formats: the shared scale, and the 6- and 4-bit elements.
    ml_float("float8_e8m0fnu", 'V', 'W', 8, 0, 127, ExponentOnly, 1, 267),
    ml_float("float6_e2m3fn", 'V', '8', 2, 3, 1, FiniteOnly, 0, 264), ml_float("float6_e3m2fn", 'V', '9', 3, 2, 3, FiniteOnly, 0, 265),
    ml_float("float4_e2m1fn", 'V', '0', 2, 1, 1, FiniteOnly, 0, 266),
    // Sub-byte integers, one a byte.
    ml_int("int1", 'e', 1, true, 268), ml_int("int2", 'c', 2, true, 270), ml_int("int4", 'a', 4, true, 272),
    ml_int("uint1", 'E', 1, false, 269), ml_int("uint2", 'C', 2, false, 271), ml_int("uint4", 'A', 4, false, 273),
    ml_complex("complex32", 'O', "float16", 275),
    ml_complex("bcomplex32", 'P', "bfloat16", 274),
];

pub fn lookup(name: &str) -> Option<Named> {
    TYPE_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .or_else(|| ML_TYPES.iter().find(|m| m.name == name).map(Named::Ml))
}

/// Aliases numpy 2 removed (or numpy 1 deprecated away), and what to write instead.
pub const REMOVED: &[(&str, &str)] = &[
    ("float_", "float64"),
    ("complex_", "complex128"),
    ("string_", "bytes_"),
    ("unicode_", "str_"),
    ("int0", "intp"),
    ("uint0", "uintp"),
    ("bool8", "bool"),
    ("void0", "void"),
    ("object0", "object"),
    ("str0", "str"),
    ("bytes0", "bytes"),
    ("longfloat", "longdouble"),
    ("singlecomplex", "complex64"),
    ("cfloat", "complex128"),
    ("longcomplex", "clongdouble"),
    ("clongfloat", "clongdouble"),
    ("Float64", "float64"),
    ("Float32", "float32"),
    ("Float16", "float16"),
    ("Complex64", "complex64"),
    ("Complex32", "complex64"),
    ("Int64", "int64"),
    ("Int32", "int32"),
    ("Int16", "int16"),
    ("Int8", "int8"),
    ("UInt64", "uint64"),
    ("UInt32", "uint32"),
    ("UInt16", "uint16"),
    ("UInt8", "uint8"),
    ("Bool", "bool"),
    ("Bytes0", "bytes"),
    ("Str0", "str"),
    ("Void0", "void"),
    ("Object0", "object"),
    ("Datetime64", "datetime64"),
    ("Timedelta64", "timedelta64"),
    ("a", "S"),
];

pub fn removed(name: &str) -> Option<&'static str> {
    REMOVED.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
}

/// The catalogue's names: numpy's type names and the ml_dtypes formats (what a shell
/// completes).
pub fn type_names() -> impl Iterator<Item = &'static str> {
    TYPE_NAMES
        .iter()
        .map(|(n, _)| *n)
        .chain(ML_TYPES.iter().map(|m| m.name))
}

/// Every spelling worth suggesting for a typo: the names, and the common short codes.
pub fn suggestion_pool() -> impl Iterator<Item = &'static str> {
    const CODES: &[&str] = &[
        "b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "f16", "c8", "c16",
        "c32", "S", "U", "V", "O", "M8", "m8", "T",
    ];
    type_names().chain(CODES.iter().copied())
}
