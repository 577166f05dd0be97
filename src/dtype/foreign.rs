//! Names other libraries give their types — PyTorch (`torch.bfloat16`, `half`), the common
//! shorthands (`bf16`, `fp16`, `fp8_e4m3`), safetensors' codes (`BF16`, `F8_E4M3`), GGUF's ggml
//! types (`Q8_0`, `Q4_K`) and llama.cpp's file types (`Q4_K_M`), bitsandbytes (`nf4`, `fp4`) —
//! each with the catalogue dtype it means, or, for a packed format numpy has no dtype for, its
//! bits per weight. Suggestions and notes are made from what a name means, so that following
//! one never changes the size the user had in mind.
//!
//! Adding a name is one row: in [`COMMON`] for a shorthand, [`SAFETENSORS`] for a safetensors
//! code, [`GGUF_FILE_TYPES`] for a llama.cpp mix; ggml's tensor types are the catalogue's
//! block table ([`super::blocks`]).

use super::DType;
use super::blocks;
use super::error::DTypeError;

/// What a foreign name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// One catalogue dtype (a numpy or ml_dtypes spelling).
    Dtype(&'static str),
    /// Several catalogue dtypes, all of the name's size: the name does not say which.
    OneOf(&'static [&'static str]),
    /// A packed format numpy has no dtype for: `bits` per weight, in thousandths.
    Packed { millibits: u64 },
}

/// A name from another library, and what it means there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Foreign {
    pub name: &'static str,
    /// Who writes it this way (`PyTorch`, `safetensors`, …), for people.
    pub from: &'static str,
    pub meaning: Meaning,
    /// The bits one value takes in the name's own library (for a [`Meaning::Packed`], its
    /// millibits over 1000, rounded up). A suggestion must keep this.
    pub bits: u64,
    /// What it is, for people (empty when the dtype's name says it).
    pub what: &'static str,
}

const fn name(
    name: &'static str,
    from: &'static str,
    meaning: Meaning,
    bits: u64,
    what: &'static str,
) -> Foreign {
    Foreign {
        name,
        from,
        meaning,
        bits,
        what,
    }
}

/// Another name for one catalogue dtype, with nothing more to say than the dtype's name.
const fn alias(name: &'static str, from: &'static str, dtype: &'static str, bits: u64) -> Foreign {
    self::name(name, from, Meaning::Dtype(dtype), bits, "")
}

/// A block format under a name of its own: its bits a weight are its block's.
const fn blocks_of(
    name: &'static str,
    from: &'static str,
    b: &blocks::BlockType,
    what: &'static str,
) -> Foreign {
    let millibits = b.millibits();
    Foreign {
        name,
        from,
        meaning: Meaning::Packed { millibits },
        bits: millibits.div_ceil(1000),
        what,
    }
}

use Meaning::{Dtype, OneOf};

const FP8: &[&str] = &["float8_e4m3fn", "float8_e5m2"];

/// Shorthands many libraries share (matched without regard to case). One row a name, kept on
/// one line so that the table reads as one.
#[rustfmt::skip]
pub const COMMON: &[Foreign] = &[
    alias("bf16", "PyTorch, JAX and most ML code", "bfloat16", 16),
    alias("fp16", "PyTorch and most ML code", "float16", 16),
    alias("fp32", "PyTorch and most ML code", "float32", 32),
    alias("fp64", "PyTorch and most ML code", "float64", 64),
    name("tf32", "NVIDIA", Dtype("float32"), 32, "TensorFloat-32 is a way of computing: values are stored as float32"),
    name("fp8", "PyTorch and NVIDIA", OneOf(FP8), 8, "an 8-bit float"),
    name("float8", "ML code", OneOf(FP8), 8, "an 8-bit float"),
    alias("fp8_e4m3", "PyTorch and NVIDIA", "float8_e4m3fn", 8),
    alias("fp8_e4m3fn", "PyTorch", "float8_e4m3fn", 8),
    alias("e4m3", "NVIDIA", "float8_e4m3fn", 8),
    alias("fp8_e5m2", "PyTorch and NVIDIA", "float8_e5m2", 8),
    alias("e5m2", "NVIDIA", "float8_e5m2", 8),
    name("float4", "ML code", Dtype("float4_e2m1fn"), 4, "a 4-bit float"),
    blocks_of("mxfp4", "the OCP MX format", &blocks::MXFP4, "4-bit floats (e2m1) in blocks of 32 sharing an 8-bit scale"),
    blocks_of("nvfp4", "NVIDIA", &blocks::NVFP4, "4-bit floats (e2m1) in blocks of 16 sharing an 8-bit scale"),
    blocks_of("fp4", "bitsandbytes", &blocks::FP4, "a 4-bit float packed two weights a byte, with a scale per block of 64 (ml_dtypes' float4_e2m1fn holds such values, one a byte)"),
    blocks_of("nf4", "bitsandbytes", &blocks::NF4, "the 4-bit NormalFloat, packed two weights a byte, with a scale per block of 64"),
    blocks_of("nf4-dq", "bitsandbytes", &blocks::NF4_DQ, "nf4 with double quantisation (bnb_4bit_use_double_quant): its absmax stored in 8 bits"),
    blocks_of("fp4-dq", "bitsandbytes", &blocks::FP4_DQ, "fp4 with double quantisation (bnb_4bit_use_double_quant): its absmax stored in 8 bits"),
    // Rust's (candle, burn) names count bits; numpy's codes count bytes.
    alias("f16", "Rust (candle, half)", "float16", 16),
    alias("f32", "Rust (candle)", "float32", 32),
    alias("f64", "Rust (candle)", "float64", 64),
    alias("i16", "Rust", "int16", 16),
    alias("i32", "Rust", "int32", 32),
    alias("i64", "Rust (candle)", "int64", 64),
    alias("u16", "Rust", "uint16", 16),
    alias("u32", "Rust (candle)", "uint32", 32),
    alias("u64", "Rust", "uint64", 64),
];

/// safetensors' dtype codes: the catalogue dtype that holds each in memory, and its bits on
/// disk (the reader prices a tensor by them). One line a size, in safetensors' order.
#[rustfmt::skip]
pub const SAFETENSORS: &[(&str, &str, u64)] = &[
    ("BOOL", "bool", 8),
    ("U8", "uint8", 8), ("I8", "int8", 8),
    ("U16", "uint16", 16), ("I16", "int16", 16), ("F16", "float16", 16), ("BF16", "bfloat16", 16),
    ("U32", "uint32", 32), ("I32", "int32", 32), ("F32", "float32", 32),
    ("U64", "uint64", 64), ("I64", "int64", 64), ("F64", "float64", 64), ("C64", "complex64", 64),
    ("F8_E4M3", "float8_e4m3fn", 8), ("F8_E5M2", "float8_e5m2", 8), ("F8_E8M0", "float8_e8m0fnu", 8),
    ("F8_E4M3FNUZ", "float8_e4m3fnuz", 8), ("F8_E5M2FNUZ", "float8_e5m2fnuz", 8),
    ("F6_E2M3", "float6_e2m3fn", 6), ("F6_E3M2", "float6_e3m2fn", 6),
    ("F4", "float4_e2m1fn", 4),
];

/// The catalogue dtype of a safetensors code.
pub fn safetensors(code: &str) -> Option<&'static str> {
    SAFETENSORS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|&(_, d, _)| d)
}

/// llama.cpp's file types (`--outtype`, the names in GGUF file names): a mix of ggml types,
/// named by the one most tensors take.
pub const GGUF_FILE_TYPES: &[(&str, &str, &str)] = &[
    (
        "Q2_K_S",
        "Q2_K",
        "llama.cpp's Q2_K_S mix, mostly Q2_K blocks",
    ),
    (
        "Q3_K_S",
        "Q3_K",
        "llama.cpp's Q3_K_S mix, mostly Q3_K blocks",
    ),
    (
        "Q3_K_M",
        "Q3_K",
        "llama.cpp's Q3_K_M mix, mostly Q3_K blocks",
    ),
    (
        "Q3_K_L",
        "Q3_K",
        "llama.cpp's Q3_K_L mix, mostly Q3_K blocks",
    ),
    (
        "Q4_K_S",
        "Q4_K",
        "llama.cpp's Q4_K_S mix, mostly Q4_K blocks",
    ),
    (
        "Q4_K_M",
        "Q4_K",
        "llama.cpp's Q4_K_M mix, mostly Q4_K blocks, some tensors Q6_K",
    ),
    (
        "Q5_K_S",
        "Q5_K",
        "llama.cpp's Q5_K_S mix, mostly Q5_K blocks",
    ),
    (
        "Q5_K_M",
        "Q5_K",
        "llama.cpp's Q5_K_M mix, mostly Q5_K blocks, some tensors Q6_K",
    ),
];

/// PyTorch's dtype attributes (`torch.NAME`) and the catalogue dtype each is. Several differ
/// from numpy's same word: `torch.float` is float32, `torch.int` int32, `torch.long` int64.
/// One line a type with its other names.
#[rustfmt::skip]
pub const TORCH: &[(&str, &str, u64)] = &[
    ("float16", "float16", 16), ("half", "float16", 16),
    ("bfloat16", "bfloat16", 16),
    ("float32", "float32", 32), ("float", "float32", 32),
    ("float64", "float64", 64), ("double", "float64", 64),
    ("complex32", "complex32", 32), ("chalf", "complex32", 32),
    ("complex64", "complex64", 64), ("cfloat", "complex64", 64),
    ("complex128", "complex128", 128), ("cdouble", "complex128", 128),
    ("uint8", "uint8", 8), ("uint16", "uint16", 16), ("uint32", "uint32", 32), ("uint64", "uint64", 64),
    ("int8", "int8", 8),
    ("int16", "int16", 16), ("short", "int16", 16),
    ("int32", "int32", 32), ("int", "int32", 32),
    ("int64", "int64", 64), ("long", "int64", 64),
    ("bool", "bool", 8),
    ("float8_e4m3fn", "float8_e4m3fn", 8), ("float8_e5m2", "float8_e5m2", 8),
    ("float8_e4m3fnuz", "float8_e4m3fnuz", 8), ("float8_e5m2fnuz", "float8_e5m2fnuz", 8),
    ("float8_e8m0fnu", "float8_e8m0fnu", 8),
    ("float4_e2m1fn_x2", "uint8", 8),
];

/// Every foreign name npmem knows, each source's table read as [`Foreign`] rows.
pub fn all() -> impl Iterator<Item = Foreign> {
    let safetensors = SAFETENSORS.iter().map(|&(code, dtype, bits)| Foreign {
        name: code,
        from: if blocks::ggml_types().any(|t| t.name() == code) {
            "safetensors and GGUF"
        } else {
            "safetensors"
        },
        meaning: Dtype(dtype),
        bits,
        what: "",
    });
    // ggml's plain types are safetensors codes too (a test holds it): its blocks only here.
    let ggml = blocks::ggml_blocks()
        .map(|b| blocks_of(b.name, "GGUF", b, "a ggml quantised type, in blocks"));
    let mixes = GGUF_FILE_TYPES.iter().filter_map(|&(mix, main, what)| {
        Some(blocks_of(mix, "GGUF file names", blocks::find(main)?, what))
    });
    COMMON
        .iter()
        .copied()
        .chain(safetensors)
        .chain(ggml)
        .chain(mixes)
}

/// The foreign name `spelling` is: the same case first, then any case; `torch.NAME` from
/// PyTorch's table.
pub fn lookup(spelling: &str) -> Option<Foreign> {
    let t = spelling.trim();
    if let Some(attr) = t.strip_prefix("torch.") {
        return TORCH
            .iter()
            .find(|(n, _, _)| *n == attr)
            .map(|&(n, dtype, bits)| Foreign {
                name: n,
                from: "PyTorch",
                meaning: Dtype(dtype),
                bits,
                what: "",
            });
    }
    all()
        .find(|f| f.name == t)
        .or_else(|| all().find(|f| f.name.eq_ignore_ascii_case(t)))
}

/// The error for a foreign name numpy has no single dtype for.
pub(super) fn error(typed: &str, f: &Foreign) -> DTypeError {
    let message = match f.meaning {
        OneOf(choices) => {
            let quoted: Vec<String> = choices.iter().map(|c| format!("'{c}'")).collect();
            format!(
                "{} ({}) that says not which: numpy (with ml_dtypes) has {}, {} each: write {}",
                f.what,
                f.from,
                choices.len(),
                bytes_word(f.bits / 8),
                quoted.join(" or ")
            )
        }
        // A block type npmem counts by name: say how, and where.
        Meaning::Packed { .. } if let Some(b) = blocks::find(f.name) => {
            let outer = b.outer.map_or_else(String::new, |(every, bytes)| {
                format!(" and {bytes} more every {}", crate::units::grouped(&every))
            });
            let (num, den) = b.bits();
            format!(
                "in {}, {} is {}; numpy has no such dtype. It takes {} bytes every {} weights{outer} ({} bits a weight): npmem estimate N:{} counts N of them",
                f.from,
                f.name,
                f.what,
                b.block_bytes,
                b.block,
                decimal(num, den),
                f.name
            )
        }
        Meaning::Packed { millibits } => {
            let bits = format_millibits(millibits);
            format!(
                "in {}, {} is {}; numpy has no such dtype. At {bits} bits a weight, N weights take N×{bits}/8 bytes: estimate that many uint8, or the file itself",
                f.from, f.name, f.what
            )
        }
        Dtype(d) => format!(
            "not a numpy spelling; {} means {d} by it: write '{d}'",
            f.from
        ),
    };
    DTypeError::Foreign {
        spelling: typed.to_string(),
        message,
    }
}

/// `4.5`, `8.5`, `4`: thousandths of a bit, without trailing zeros.
pub fn format_millibits(m: u64) -> String {
    let whole = m / 1000;
    let frac = m % 1000;
    if frac == 0 {
        return whole.to_string();
    }
    let digits = format!("{frac:03}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// `num/den` in decimals: exact when it ends within four places (`3.4375`), else `about` and
/// three places.
fn decimal(num: u64, den: u64) -> String {
    let scaled = u128::from(num) * 10_000;
    let den = u128::from(den.max(1));
    let (tenk, exact) = (scaled / den, scaled % den == 0);
    let text = |v: u128, places: u32| {
        let unit = 10u128.pow(places);
        let frac = format!("{:0width$}", v % unit, width = places as usize);
        let frac = frac.trim_end_matches('0');
        if frac.is_empty() {
            (v / unit).to_string()
        } else {
            format!("{}.{frac}", v / unit)
        }
    };
    if exact {
        text(tenk, 4)
    } else {
        // Rounded half up to thousandths.
        format!("about {}", text((scaled / 10 + den / 2) / den, 3))
    }
}

pub(super) fn bytes_word(n: u64) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

/// A note for a dtype stored in whole bytes though its values take fewer bits (ml_dtypes'
/// int4, float4_e2m1fn…): numpy's size, and the size packed as checkpoints store it.
pub fn packed_note(dtype: &DType, nbytes: &num_bigint::BigInt) -> Option<String> {
    let bits = dtype.packed_bits();
    let whole = dtype.itemsize.checked_mul(8)?;
    if bits >= whole || whole == 0 {
        return None;
    }
    let packed = (nbytes * bits + (whole - 1)) / whole;
    Some(format!(
        "{} takes {} per value in numpy (ml_dtypes stores one value a byte); packed at {bits} bits a value, as checkpoints store it, this array would take {packed} bytes",
        dtype.name(),
        bytes_word(dtype.itemsize)
    ))
}
