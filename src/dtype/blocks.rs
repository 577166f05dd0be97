//! Block-quantised types, one table: ggml's (llama.cpp, GGUF files) and bitsandbytes' 4-bit
//! formats. numpy has no dtype for them: `block` values and their scales take `block_bytes`
//! together. Each type is one [`BLOCK_TYPES`] row; GGUF's type ids, the foreign names
//! ([`super::foreign`]) and the storage sizes of model weights (`model::quant`) read it.
//!
//! ggml's plain types (`F16`, `BF16`, …) are catalogue dtypes under ggml's names:
//! [`GGML_PLAIN`]. Adding a ggml type is one row in one of the two tables.

use num_bigint::BigInt;
use num_integer::Integer;

/// Which library's type it is, and so which files and specs use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// llama.cpp's ggml types: tensors of GGUF files, specs, `--as` and `--kv-dtype`; rows in
    /// whole blocks.
    Ggml,
    /// bitsandbytes' 4-bit formats (`Linear4bit`): specs and `--as`; the flattened tensor in
    /// blocks of [`BNB_BLOCK`].
    Bitsandbytes,
}

/// A block format: `block` values take `block_bytes`; with a second level (bitsandbytes'
/// double quantisation), every `outer.0` values add `outer.1` bytes more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockType {
    /// The name its library writes (`Q4_K`, `nf4`).
    pub name: &'static str,
    pub family: Family,
    /// Its type id in GGUF files.
    pub gguf_id: Option<u32>,
    pub block: u64,
    pub block_bytes: u64,
    pub outer: Option<(u64, u64)>,
}

const fn ggml(id: u32, name: &'static str, block: u64, block_bytes: u64) -> BlockType {
    BlockType {
        name,
        family: Family::Ggml,
        gguf_id: Some(id),
        block,
        block_bytes,
        outer: None,
    }
}

const fn bnb(name: &'static str, block_bytes: u64, outer: Option<(u64, u64)>) -> BlockType {
    BlockType {
        name,
        family: Family::Bitsandbytes,
        gguf_id: None,
        block: BNB_BLOCK,
        block_bytes,
        outer,
    }
}

/// The values per block of bitsandbytes' 4-bit formats (its default `blocksize`).
pub const BNB_BLOCK: u64 = 64;

/// Every block-quantised type. bitsandbytes' 4-bit formats: 64 values a block, packed two to a
/// byte (32 bytes), and the block's absmax as a float32 (4 bytes). With double quantisation
/// (`bnb_4bit_use_double_quant`, the `-dq` names) the absmax is itself 8-bit (1 byte a block)
/// with a float32 scale per 256 blocks (16,384 values). Per-tensor constants (the 16-value
/// code, an offset) are not counted.
pub const BLOCK_TYPES: &[BlockType] = &[
    NF4,
    FP4,
    NF4_DQ,
    FP4_DQ,
    ggml(2, "Q4_0", 32, 18),
    ggml(3, "Q4_1", 32, 20),
    ggml(6, "Q5_0", 32, 22),
    ggml(7, "Q5_1", 32, 24),
    ggml(8, "Q8_0", 32, 34),
    ggml(9, "Q8_1", 32, 40),
    ggml(10, "Q2_K", 256, 84),
    ggml(11, "Q3_K", 256, 110),
    ggml(12, "Q4_K", 256, 144),
    ggml(13, "Q5_K", 256, 176),
    ggml(14, "Q6_K", 256, 210),
    ggml(15, "Q8_K", 256, 292),
    ggml(16, "IQ2_XXS", 256, 66),
    ggml(17, "IQ2_XS", 256, 74),
    ggml(18, "IQ3_XXS", 256, 98),
    ggml(19, "IQ1_S", 256, 50),
    ggml(20, "IQ4_NL", 32, 18),
    ggml(21, "IQ3_S", 256, 110),
    ggml(22, "IQ2_S", 256, 82),
    ggml(23, "IQ4_XS", 256, 136),
    ggml(29, "IQ1_M", 256, 56),
    ggml(34, "TQ1_0", 256, 54),
    ggml(35, "TQ2_0", 256, 66),
    MXFP4,
    NVFP4,
    ggml(41, "Q1_0", 128, 18),
];

/// bitsandbytes' 4-bit NormalFloat: 64 values packed in 32 bytes and a float32 absmax.
pub const NF4: BlockType = bnb("nf4", 36, None);
/// bitsandbytes' 4-bit float: 64 values packed in 32 bytes and a float32 absmax.
pub const FP4: BlockType = bnb("fp4", 36, None);
/// [`NF4`] with double quantisation: an 8-bit absmax, and a float32 scale per 256 blocks.
pub const NF4_DQ: BlockType = bnb("nf4-dq", 33, Some((BNB_BLOCK * 256, 4)));
/// [`FP4`] with double quantisation.
pub const FP4_DQ: BlockType = bnb("fp4-dq", 33, Some((BNB_BLOCK * 256, 4)));
/// 4-bit floats (e2m1) in blocks of 32 sharing an 8-bit scale: the OCP MX format's.
pub const MXFP4: BlockType = ggml(39, "MXFP4", 32, 17);
/// 4-bit floats (e2m1), every 16 sharing an 8-bit scale: NVIDIA's.
pub const NVFP4: BlockType = ggml(40, "NVFP4", 64, 36);

/// ggml's plain types: GGUF type id, ggml's name, and the catalogue dtype that holds them (its
/// itemsize is the type's size).
pub const GGML_PLAIN: &[(u32, &str, &str)] = &[
    (0, "F32", "float32"),
    (1, "F16", "float16"),
    (24, "I8", "int8"),
    (25, "I16", "int16"),
    (26, "I32", "int32"),
    (27, "I64", "int64"),
    (28, "F64", "float64"),
    (30, "BF16", "bfloat16"),
];

impl BlockType {
    /// The bytes `elements` values take, in whole blocks (a partial block takes a whole one).
    pub fn bytes(&self, elements: &BigInt) -> BigInt {
        let mut n = elements.div_ceil(&BigInt::from(self.block)) * self.block_bytes;
        if let Some((every, bytes)) = self.outer {
            n += elements.div_ceil(&BigInt::from(every)) * bytes;
        }
        n
    }

    /// Bits a value, exactly, both levels counted: `(numerator, denominator)`.
    pub fn bits(&self) -> (u64, u64) {
        let (every, bytes) = self.outer.unwrap_or((1, 0));
        // block_bytes·8/block + bytes·8/every over the common denominator block·every.
        (
            (self.block_bytes * every + bytes * self.block) * 8,
            self.block * every,
        )
    }

    /// Bits a value in thousandths, rounded up, the first level only (a foreign name's bits).
    pub const fn millibits(&self) -> u64 {
        (self.block_bytes * 8 * 1000).div_ceil(self.block)
    }
}

/// A block type by name, any case (`Q4_K`, `q8_0`, `IQ4_XS`, `nf4`, `NF4-DQ`).
pub fn find(name: &str) -> Option<&'static BlockType> {
    BLOCK_TYPES
        .iter()
        .find(|b| b.name.eq_ignore_ascii_case(name))
}

/// ggml's types in GGUF files: plain or blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GgmlType {
    /// ggml's name and the catalogue dtype.
    Plain(&'static str, &'static str),
    Blocks(&'static BlockType),
}

impl GgmlType {
    /// ggml's name for it (`F16`, `Q4_K`).
    pub fn name(self) -> &'static str {
        match self {
            GgmlType::Plain(name, _) | GgmlType::Blocks(&BlockType { name, .. }) => name,
        }
    }
}

/// The ggml type with GGUF type id `id`.
pub fn gguf_type(id: u32) -> Option<GgmlType> {
    GGML_PLAIN
        .iter()
        .find(|t| t.0 == id)
        .map(|&(_, name, dtype)| GgmlType::Plain(name, dtype))
        .or_else(|| {
            BLOCK_TYPES
                .iter()
                .find(|b| b.gguf_id == Some(id))
                .map(GgmlType::Blocks)
        })
}

/// ggml's block types.
pub fn ggml_blocks() -> impl Iterator<Item = &'static BlockType> {
    BLOCK_TYPES.iter().filter(|b| b.family == Family::Ggml)
}

/// Every ggml type by name: the plain ones, then the blocks.
pub fn ggml_types() -> impl Iterator<Item = GgmlType> {
    GGML_PLAIN
        .iter()
        .map(|&(_, name, dtype)| GgmlType::Plain(name, dtype))
        .chain(ggml_blocks().map(GgmlType::Blocks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_gguf_ids_are_each_used_once() {
        let names: Vec<String> = ggml_types()
            .map(|t| t.name().to_ascii_lowercase())
            .chain(BLOCK_TYPES.iter().map(|b| b.name.to_ascii_lowercase()))
            .collect();
        let ids: Vec<u32> = GGML_PLAIN
            .iter()
            .map(|t| t.0)
            .chain(BLOCK_TYPES.iter().filter_map(|b| b.gguf_id))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            assert!(!ids[..i].contains(id), "GGUF id {id} twice");
            assert_eq!(gguf_type(*id).map(|t| t.name().is_empty()), Some(false));
        }
        // Every ggml name once among ggml's, and no bitsandbytes name is a ggml one.
        let ggml_count = ggml_types().count();
        for (i, n) in names[..ggml_count].iter().enumerate() {
            assert!(!names[..i].contains(n), "{n} twice");
        }
        for b in BLOCK_TYPES
            .iter()
            .filter(|b| b.family == Family::Bitsandbytes)
        {
            assert!(!names[..ggml_count].contains(&b.name.to_ascii_lowercase()));
            assert_eq!(b.gguf_id, None);
        }
        assert_eq!(gguf_type(12).map(GgmlType::name), Some("Q4_K"));
        assert_eq!(gguf_type(30).map(GgmlType::name), Some("BF16"));
        assert_eq!(gguf_type(4), None);
    }

    #[test]
    fn blocks_are_counted_whole() {
        let q4k = find("q4_k").copied();
        assert_eq!(q4k.map(|b| b.millibits()), Some(4500));
        assert_eq!(
            q4k.map(|b| b.bytes(&BigInt::from(257))),
            Some(BigInt::from(288))
        );
        let dq = find("NF4-DQ").copied();
        assert_eq!(
            dq.map(|b| b.bytes(&BigInt::from(16385))),
            Some(BigInt::from(257 * 33 + 8))
        );
    }
}
