//! The dtype catalogue: every spelling numpy 2.5 accepts, resolved to numpy's own description
//! (`name`, `.str`, kind, itemsize, alignment, byte order) for a given platform.
//!
//! A dtype here is a parsed description, not a row in a table of results: its name, type string
//! and size follow from what it is (`S10` is ten bytes because it is a ten-byte string).

pub mod blocks;
mod datetime;
pub mod descr;
mod error;
pub mod finfo;
pub mod foreign;
pub mod ladder;
mod names;
pub mod numeric;
mod parse;
mod platform;
pub mod pylit;
mod pystr;
pub mod spelling;
mod subarray;

use std::fmt::Write as _;

pub use datetime::{DateTimeMeta, DateTimeUnit};
pub use error::{DTypeError, excerpt};
pub use names::{ML_TYPES, MlKind, MlType, type_names};
pub use parse::numpy_warnings;
pub use platform::{LongDouble, Platform};

/// Resolve a dtype as a user writes one on `platform`: a spelling, as `np.dtype(spelling)` reads
/// it, or numpy's list and dict forms written as the Python literal `np.dtype` is given
/// (`[('x', '<f8'), ('y', '<i4')]`). Inside a literal, a field's type is a spelling: numpy reads
/// no literal in a string there.
pub fn parse(text: &str, platform: Platform) -> Result<DType, DTypeError> {
    if matches!(text.as_bytes().first(), Some(b'[' | b'{')) {
        let invalid = |reason: String| error::invalid(&excerpt(text), reason);
        // Python's own bound on an integer's digits (`sys.get_int_max_str_digits()`), which
        // `ast.literal_eval` applies before numpy sees the literal.
        let lit =
            pylit::parse_bounded(text, crate::number::text::INT_MAX_STR_DIGITS).map_err(invalid)?;
        return descr::literal_to_dtype(&lit, platform).map_err(invalid);
    }
    parse::parse(text, platform)
}

/// numpy's `.byteorder`: `=` native, `<` little, `>` big, `|` not applicable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteOrder {
    Native,
    Little,
    Big,
    NotApplicable,
}

impl ByteOrder {
    pub fn as_char(self) -> char {
        match self {
            ByteOrder::Native => '=',
            ByteOrder::Little => '<',
            ByteOrder::Big => '>',
            ByteOrder::NotApplicable => '|',
        }
    }
}

/// The precision of a C floating-point type, as numpy names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatType {
    Half,
    Single,
    Double,
    LongDouble(LongDouble),
}

/// What a dtype is. Sizes live in [`DType::itemsize`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bool,
    Int {
        signed: bool,
    },
    Float(FloatType),
    Complex(FloatType),
    /// `S`: fixed-width bytes.
    Bytes,
    /// `U`: fixed-width UCS-4 text, four bytes a character.
    Str,
    /// `V`: raw bytes.
    Void,
    /// `O`: a pointer to a Python object (the object itself is not counted).
    Object,
    DateTime(DateTimeMeta),
    TimeDelta(DateTimeMeta),
    /// `T`: numpy 2's variable-width `StringDType` (a 16-byte slot; the text is elsewhere).
    VString,
    /// A format registered by ml_dtypes.
    Ml(&'static MlType),
    /// A structured dtype: named fields at their offsets.
    Structured(Fields),
    /// A subarray dtype such as `(2,3)f4`.
    Subarray {
        base: Box<DType>,
        shape: Vec<u64>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// numpy's field title (`(('A title', 'a'), '<f4')`), any Python literal; `None` without.
    pub title: Option<pylit::Lit>,
    pub dtype: DType,
    pub offset: u64,
}

/// A structured dtype's fields in numpy's `names` order (not necessarily offset order), and
/// whether numpy flags the structure aligned (`isalignedstruct`: built with `align=True`).
/// Reads as the slice of its fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fields {
    pub list: Vec<Field>,
    pub aligned: bool,
}

impl Fields {
    /// Fields as numpy lays out a packed (unaligned) structure's.
    pub fn packed(list: Vec<Field>) -> Fields {
        Fields {
            list,
            aligned: false,
        }
    }
}

impl std::ops::Deref for Fields {
    type Target = [Field];
    fn deref(&self) -> &[Field] {
        &self.list
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = &'a Field;
    type IntoIter = std::slice::Iter<'a, Field>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DType {
    pub body: Body,
    pub itemsize: u64,
    pub alignment: u64,
    pub byteorder: ByteOrder,
    /// numpy's `.char`.
    pub char: char,
}

impl DType {
    /// The largest itemsize numpy keeps in its C `int`.
    pub const MAX_ITEMSIZE: u64 = i32::MAX as u64;

    /// A packed structured dtype (no padding, alignment 1) of `members` laid out in order, as
    /// numpy builds one from a comma string or a promotion; `None` once the fields add up past
    /// [`DType::MAX_ITEMSIZE`].
    pub fn packed_structure(members: impl IntoIterator<Item = (String, DType)>) -> Option<DType> {
        let fields = members.into_iter().map(|(name, dtype)| Field {
            name,
            title: None,
            dtype,
            offset: 0,
        });
        Self::laid_out(fields, false)
    }

    /// A structured dtype of `fields` (names, titles and dtypes; their offsets are ignored) laid
    /// out as `np.dtype(list, align=aligned)` lays them out: one after the other, each at a
    /// multiple of its alignment and the size a multiple of the largest when `aligned`; `None`
    /// once they add up past [`DType::MAX_ITEMSIZE`].
    pub fn laid_out(fields: impl IntoIterator<Item = Field>, aligned: bool) -> Option<DType> {
        let mut list = Vec::new();
        let mut offset: u64 = 0;
        let mut max_align: u64 = 1;
        for mut field in fields {
            if aligned {
                let a = field.dtype.alignment.max(1);
                offset = offset.div_ceil(a).checked_mul(a)?;
                max_align = max_align.max(a);
            }
            field.offset = offset;
            offset = offset
                .checked_add(field.dtype.itemsize)
                .filter(|&o| o <= Self::MAX_ITEMSIZE)?;
            list.push(field);
        }
        let itemsize = offset
            .div_ceil(max_align)
            .checked_mul(max_align)
            .filter(|&o| o <= Self::MAX_ITEMSIZE)?;
        Some(DType {
            body: Body::Structured(Fields { list, aligned }),
            itemsize,
            alignment: max_align,
            byteorder: ByteOrder::NotApplicable,
            char: 'V',
        })
    }

    /// numpy's `.kind`.
    pub fn kind(&self) -> char {
        match &self.body {
            Body::Bool => 'b',
            Body::Int { signed: true } => 'i',
            Body::Int { signed: false } => 'u',
            Body::Float(_) => 'f',
            Body::Complex(_) => 'c',
            Body::Bytes => 'S',
            Body::Str => 'U',
            Body::Void | Body::Structured(_) | Body::Subarray { .. } => 'V',
            Body::Object => 'O',
            Body::DateTime(_) => 'M',
            Body::TimeDelta(_) => 'm',
            Body::VString => 'T',
            Body::Ml(ml) => ml.kind,
        }
    }

    fn bits(&self) -> u64 {
        self.itemsize.saturating_mul(8)
    }

    /// Bits one value takes packed, as checkpoints store the small ml_dtypes formats (float6
    /// and float4 in 6 and 4 bits; int4 in 4); every other dtype takes its whole itemsize.
    pub fn packed_bits(&self) -> u64 {
        match &self.body {
            Body::Ml(MlType {
                format: MlKind::Float { format, .. },
                ..
            }) => u64::from(format.encoding_bits()),
            Body::Ml(MlType {
                format: MlKind::Int { bits, .. },
                ..
            }) => u64::from(*bits),
            _ => self.bits(),
        }
    }

    /// numpy's `.name`.
    pub fn name(&self) -> String {
        let sized = |base: &str| {
            if self.itemsize == 0 {
                base.to_string()
            } else {
                // In bits, exactly: a huge itemsize never shows as a saturated count.
                format!("{base}{}", u128::from(self.itemsize) * 8)
            }
        };
        match &self.body {
            Body::Bool => "bool".to_string(),
            Body::Object => "object".to_string(),
            Body::Int { signed: true } => format!("int{}", self.bits()),
            Body::Int { signed: false } => format!("uint{}", self.bits()),
            Body::Float(_) => format!("float{}", self.bits()),
            Body::Complex(_) => format!("complex{}", self.bits()),
            Body::Bytes => sized("bytes"),
            Body::Str => sized("str"),
            Body::Void | Body::Structured(_) | Body::Subarray { .. } => sized("void"),
            Body::DateTime(meta) => format!("datetime64{}", meta.brackets()),
            Body::TimeDelta(meta) => format!("timedelta64{}", meta.brackets()),
            Body::VString => format!("StringDType{}", self.bits()),
            Body::Ml(ml) => ml.name.to_string(),
        }
    }

    /// numpy's `.str`, the array-interface type string (`<f8`, `|S10`, `<M8[ns]`).
    pub fn typestr(&self) -> String {
        if self.body == Body::VString {
            return "StringDType()".to_string();
        }
        // Every platform npmem knows is little-endian.
        let endian = match self.byteorder {
            ByteOrder::Native | ByteOrder::Little => '<',
            ByteOrder::Big => '>',
            ByteOrder::NotApplicable => '|',
        };
        let mut s = String::new();
        s.push(endian);
        s.push(self.kind());
        match &self.body {
            Body::Object => {}
            Body::Str => {
                let _ = write!(s, "{}", self.itemsize / 4);
            }
            _ => {
                let _ = write!(s, "{}", self.itemsize);
            }
        }
        if let Body::DateTime(meta) | Body::TimeDelta(meta) = &self.body {
            s.push_str(&meta.brackets());
        }
        s
    }

    /// What numpy would print for this dtype's fields, as `descr` shows them, for display.
    pub fn describe_layout(&self) -> Option<String> {
        match &self.body {
            Body::Structured(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}: {} @{}", f.name, f.dtype.layout_str(), f.offset))
                    .collect();
                Some(parts.join(", "))
            }
            Body::Subarray { .. } => Some(self.layout_str()),
            _ => None,
        }
    }

    fn layout_str(&self) -> String {
        match &self.body {
            Body::Subarray { base, shape } => {
                let dims: Vec<String> = shape.iter().map(u64::to_string).collect();
                format!("({}){}", dims.join(","), base.layout_str())
            }
            Body::Structured(_) => format!("{{{}}}", self.describe_layout().unwrap_or_default()),
            _ => self.typestr(),
        }
    }

    /// True for `O` and `T`, and anything holding them: the array stores pointers or slots,
    /// not the objects or strings themselves.
    pub fn holds_references(&self) -> bool {
        match &self.body {
            Body::Object | Body::VString => true,
            Body::Structured(fields) => fields.iter().any(|f| f.dtype.holds_references()),
            Body::Subarray { base, .. } => base.holds_references(),
            _ => false,
        }
    }
}
