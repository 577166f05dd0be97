//! How a checkpoint stores its weights: a catalogue dtype at its packed width (`int4` is half a
//! byte a weight, as a checkpoint packs it, unlike numpy's one-byte int4 array), or blocks of
//! values with their scales — ggml's types and bitsandbytes' 4-bit formats, the catalogue's
//! block table ([`crate::dtype::blocks`]). Every storage size npmem prices goes through
//! [`Storage::bytes`].

use num_bigint::BigInt;
use num_integer::Integer;

use crate::dtype::{self, Platform};

pub use crate::dtype::blocks::{BlockType, Family};

/// How a tensor is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// A catalogue dtype, `bits` a value (its packed width: 4 for int4 and float4).
    Dtype {
        name: String,
        bits: u64,
        /// A float type (an `--as` float type replaces only floats: integer tensors stay).
        float: bool,
    },
    /// Blocks with their scales.
    Blocks(BlockType),
    /// A type npmem does not know: its bytes on disk, whatever it is converted to.
    Opaque { name: String, bytes: u64 },
}

impl Storage {
    /// The name people know it by (`bfloat16`, `Q4_K`, `nf4`).
    pub fn name(&self) -> &str {
        match self {
            Storage::Dtype { name, .. } | Storage::Opaque { name, .. } => name,
            Storage::Blocks(b) => b.name,
        }
    }

    /// The bytes `elements` values take: packed bits rounded up to a byte; whole blocks (a
    /// partial block takes a whole one).
    pub fn bytes(&self, elements: &BigInt) -> BigInt {
        match self {
            Storage::Dtype { bits, .. } => (elements * bits).div_ceil(&BigInt::from(8)),
            Storage::Blocks(b) => b.bytes(elements),
            Storage::Opaque { bytes, .. } => BigInt::from(*bytes),
        }
    }

    /// Bits a value, in thousandths (`4500` for Q4_K's 4.5), for people.
    pub fn bits_per_value_milli(&self) -> Option<u64> {
        match self {
            Storage::Dtype { bits, .. } => bits.checked_mul(1000),
            Storage::Blocks(b) => {
                let mut milli = b.block_bytes * 8000 / b.block;
                if let Some((every, bytes)) = b.outer {
                    milli += bytes * 8000 / every;
                }
                Some(milli)
            }
            Storage::Opaque { .. } => None,
        }
    }
}

/// A block type by name, any case: ggml's (`Q4_K`, `q8_0`, `IQ4_XS`) or bitsandbytes'
/// (`nf4`, `fp4`, `nf4-dq`, `fp4-dq`).
pub fn block_type(name: &str) -> Option<BlockType> {
    dtype::blocks::find(name).copied()
}

/// A storage as the user writes it: a block type, one of ggml's plain type names (`F16`, `f16`,
/// `BF16`: ggml's meaning — numpy's `f16` would be a 16-byte float128, never a weight type),
/// else any catalogue dtype (at its packed width). The error names the nearest block type when
/// the text is close to one.
pub fn parse(text: &str, platform: Platform) -> Result<Storage, String> {
    if let Some(b) = block_type(text) {
        return Ok(Storage::Blocks(b));
    }
    let spelling = dtype::blocks::GGML_PLAIN
        .iter()
        .find(|(_, n, _)| n.eq_ignore_ascii_case(text))
        .map_or(text, |&(_, _, catalogue)| catalogue);
    match dtype::parse(spelling, platform) {
        Ok(dt)
            if matches!(dt.kind(), 'b' | 'i' | 'u' | 'f' | 'c')
                || matches!(dt.body, dtype::Body::Ml(_)) =>
        {
            Ok(of_dtype(&dt))
        }
        Ok(dt) => Err(format!(
            "{} is not a numeric type: weights and caches are numbers (float16, bfloat16, int8, int4, q4_k, nf4, …)",
            dt.name()
        )),
        Err(e) => {
            let lower = text.to_ascii_lowercase();
            let near = dtype::blocks::BLOCK_TYPES
                .iter()
                .map(|b| {
                    (
                        strsim::levenshtein(&lower, &b.name.to_ascii_lowercase()),
                        b.name,
                    )
                })
                .filter(|(d, _)| *d <= 2)
                .min();
            Err(match near {
                Some((_, n)) => format!("unknown type '{text}': did you mean {n}?"),
                None => format!(
                    "{e}; quantised types: nf4, fp4, nf4-dq, fp4-dq and ggml's Q8_0, Q4_0, Q4_K, Q5_K, Q6_K, IQ4_XS, …"
                ),
            })
        }
    }
}

/// A catalogue dtype as storage, at its packed width.
pub fn of_dtype(dt: &dtype::DType) -> Storage {
    Storage::Dtype {
        name: dt.name(),
        bits: dt.packed_bits(),
        // ml_dtypes' floats (bfloat16, float8, …) are kind 'V' to numpy: their body says float.
        float: matches!(
            &dt.body,
            dtype::Body::Float(_)
                | dtype::Body::Complex(_)
                | dtype::Body::Ml(dtype::MlType {
                    format: dtype::MlKind::Float { .. },
                    ..
                })
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(s: &Storage, n: u64) -> BigInt {
        s.bytes(&BigInt::from(n))
    }

    #[test]
    fn int4_is_packed_and_ggml_blocks_come_from_the_gguf_table() {
        let p = Platform::LINUX_X86_64;
        assert_eq!(
            bytes(&parse("int4", p).unwrap_or_else(|e| panic!("{e}")), 7),
            BigInt::from(4)
        );
        let q4k = parse("q4_k", p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q4k.name(), "Q4_K");
        assert_eq!(bytes(&q4k, 7_000_000_000), BigInt::from(3_937_500_000u64));
        assert_eq!(q4k.bits_per_value_milli(), Some(4500));
        let q8 = parse("Q8_0", p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bytes(&q8, 64), BigInt::from(68));
    }

    #[test]
    fn bitsandbytes_nf4_carries_its_absmax() {
        let nf4 = parse("nf4", Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{e}"));
        // 4096 values: 64 blocks of 32 packed bytes and a 4-byte absmax.
        assert_eq!(bytes(&nf4, 4096), BigInt::from(64 * 36));
        let dq = parse("NF4-DQ", Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{e}"));
        // 16384 values: 256 blocks of 33 bytes, one float32 for the 256 absmaxes.
        assert_eq!(bytes(&dq, 16384), BigInt::from(256 * 33 + 4));
        assert_eq!(nf4.bits_per_value_milli(), Some(4500));
    }

    #[test]
    fn ml_floats_are_floats() {
        for (name, float) in [
            ("bfloat16", true),
            ("float8_e4m3fn", true),
            ("int4", false),
            ("int8", false),
        ] {
            match parse(name, Platform::LINUX_X86_64) {
                Ok(Storage::Dtype { float: f, .. }) => assert_eq!(f, float, "{name}"),
                other => panic!("{name}: {other:?}"),
            }
        }
    }

    #[test]
    fn ggml_names_mean_ggml_types() {
        let f16 = parse("f16", Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f16.name(), "float16");
        let bf16 = parse("BF16", Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(bf16.name(), "bfloat16");
    }

    #[test]
    fn a_near_miss_is_named() {
        let e = parse("q4k", Platform::LINUX_X86_64)
            .err()
            .unwrap_or_default();
        assert!(e.contains("Q4_K"), "{e}");
    }
}
