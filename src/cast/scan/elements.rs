//! The element types a scan reads, and the tables that decode them exactly.

/// The element types npmem streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    Bool,
    Int {
        bytes: u8,
        signed: bool,
    },
    F16,
    BF16,
    F32,
    F64,
    /// An eight-bit float (ml_dtypes' float8 formats): every encoding's value, as f64.
    Byte(&'static ByteTable),
}

impl Elem {
    pub fn size(self) -> usize {
        match self {
            Elem::Bool | Elem::Byte(_) => 1,
            Elem::Int { bytes, .. } => usize::from(bytes),
            Elem::F16 | Elem::BF16 => 2,
            Elem::F32 => 4,
            Elem::F64 => 8,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(
            self,
            Elem::F16 | Elem::BF16 | Elem::F32 | Elem::F64 | Elem::Byte(_)
        )
    }
}

/// The value of each of an eight-bit float format's 256 encodings (all exact in f64).
pub struct ByteTable {
    pub name: &'static str,
    pub values: [f64; 256],
}

impl std::fmt::Debug for ByteTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ByteTable({})", self.name)
    }
}

impl PartialEq for ByteTable {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for ByteTable {}

/// The table of an eight-bit float format (`None` for any other format), built once.
pub fn byte_table(format: &crate::number::FloatFormat) -> Option<&'static ByteTable> {
    use crate::number::{FloatFormat, Value};
    use std::sync::{Mutex, OnceLock};
    static TABLES: OnceLock<Mutex<Vec<&'static ByteTable>>> = OnceLock::new();
    if format.storage_bytes != 1 || format.encoding_bits() != 8 {
        return None;
    }
    let tables = TABLES.get_or_init(|| Mutex::new(Vec::new()));
    let mut tables = tables.lock().ok()?;
    if let Some(t) = tables.iter().find(|t| t.name == format.name) {
        return Some(t);
    }
    let mut values = [0.0f64; 256];
    for (code, v) in values.iter_mut().enumerate() {
        *v = match format.decode(code as u128) {
            Value::NaN { .. } => f64::NAN,
            Value::Infinite { negative } => {
                if negative {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }
            }
            finite => {
                let double = FloatFormat::DOUBLE.round(&finite.to_rational());
                let bits = FloatFormat::DOUBLE.encode(&double)?;
                let x = f64::from_bits(u64::try_from(bits).ok()?);
                if finite.is_negative() { -x.abs() } else { x }
            }
        };
    }
    let table: &'static ByteTable = Box::leak(Box::new(ByteTable {
        name: format.name,
        values,
    }));
    tables.push(table);
    Some(table)
}

/// An integer (or bool) value read from the file, exactly.
pub(super) fn decode_int(elem: Elem, big_endian: bool, b: &[u8]) -> i128 {
    macro_rules! int {
        ($t:ty, $n:literal) => {{
            let mut a = [0u8; $n];
            a.copy_from_slice(&b[..$n]);
            i128::from(if big_endian {
                <$t>::from_be_bytes(a)
            } else {
                <$t>::from_le_bytes(a)
            })
        }};
    }
    match elem {
        Elem::Int {
            bytes: 1,
            signed: true,
        } => int!(i8, 1),
        Elem::Int { bytes: 1, .. } => int!(u8, 1),
        Elem::Int {
            bytes: 2,
            signed: true,
        } => int!(i16, 2),
        Elem::Int { bytes: 2, .. } => int!(u16, 2),
        Elem::Int {
            bytes: 4,
            signed: true,
        } => int!(i32, 4),
        Elem::Int { bytes: 4, .. } => int!(u32, 4),
        Elem::Int { signed: true, .. } => int!(i64, 8),
        Elem::Int { .. } => int!(u64, 8),
        // Bool, and (never passed here) the float types.
        _ => i128::from(b[0] != 0),
    }
}
