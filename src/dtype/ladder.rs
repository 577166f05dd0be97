//! The ladder of types behind every "smallest lossless dtype": the catalogue's real-number
//! dtypes, smallest first, and the first one that holds every value wins. `cast-check TO
//! --value V…` and `cast-check FILE TO` climb this same ladder, each with its own test of
//! "holds every value" (exact rationals for text, a summary of the scanned values for a file),
//! so the same numbers get the same answer either way.
//!
//! On the ladder: numpy's sized integers and floats (`int8`…`uint64`, `float16`…`float64`, and
//! `float128` where `long double` takes 16 bytes) and every ml_dtypes float, each as the
//! catalogue resolves it for the platform; their ranges and formats come from
//! [`numeric`](super::numeric::numeric). Left off: `bool` (not a number type to numpy's
//! `min_scalar_type`), complex types (the values are real), and ml_dtypes' `int1`…`uint4`, which
//! take a whole byte in an array as `int8`/`uint8` do, and those hold all they hold.
//!
//! The order, one rule after another (each breaks the ties of the ones before):
//! 1. integers before floats, all of them: whole numbers get an integer type whenever one holds
//!    them, as `np.min_scalar_type(300)` is `uint16`, never `float16`;
//! 2. fewer bytes first;
//! 3. integers: unsigned before signed, as `np.min_scalar_type` breaks the tie (200 → `uint8`;
//!    with a negative value no unsigned rung holds, so `int8` comes next);
//! 4. floats: fewer encoding bits first (`float4_e2m1fn`, then the `float6`s, then the `float8`s,
//!    all a byte each), then fewer exponent bits (more precision: `float16` before `bfloat16`,
//!    `e3m4` before `e4m3` before `e5m2`), then the format keeping more of IEEE's special values
//!    (IEEE, then `fn`, then `fnuz`, then `e8m0fnu`), then the lower bias.
//!
//! On linux-x86_64: uint8 int8 uint16 int16 uint32 int32 uint64 int64 float4_e2m1fn
//! float6_e2m3fn float6_e3m2fn float8_e3m4 float8_e4m3 float8_e4m3fn float8_e4m3fnuz
//! float8_e4m3b11fnuz float8_e5m2 float8_e5m2fnuz float8_e8m0fnu float16 bfloat16 float32 float64
//! float128.
//!
//! What "holds" means, for both callers: every value exactly, a NaN as a NaN, an infinity as the
//! same infinity, and -0 as a zero (numpy's `==` finds -0 equal to 0, so a `fnuz` format, which
//! has no -0, holds it; `float8_e8m0fnu` has no zero at all).

use super::names::{Named, TYPE_NAMES};
use super::numeric::{Numeric, numeric};
use super::{DType, ML_TYPES, MlKind, Platform, parse};
use crate::number::limits::IntLimits;
use crate::number::{FloatFormat, Specials};

/// The values a rung can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holds {
    /// Every integer from `min` to `max`.
    Integers(IntLimits),
    /// Every value of a float format, with the NaN and infinities it has.
    Floats(FloatFormat),
}

/// One dtype on the ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rung {
    pub dtype: DType,
    pub holds: Holds,
}

/// The ladder on `platform`, smallest first.
pub fn rungs(platform: Platform) -> Vec<Rung> {
    let sized = TYPE_NAMES.iter().filter_map(|(_, named)| match named {
        Named::Sized('i' | 'u' | 'f', _) => Some(*named),
        _ => None,
    });
    let ml_floats = ML_TYPES
        .iter()
        .filter(|m| matches!(m.format, MlKind::Float { .. }))
        .map(Named::Ml);
    let mut rungs: Vec<Rung> = sized
        .chain(ml_floats)
        .filter_map(|named| {
            let dtype = parse::resolve(named, platform)?;
            let holds = match numeric(&dtype)? {
                Numeric::Int { limits, .. } => Holds::Integers(limits),
                Numeric::Float { limits, .. } => Holds::Floats(limits.format),
            };
            Some(Rung { dtype, holds })
        })
        .collect();
    rungs.sort_by_key(order);
    rungs
}

/// The first dtype on the ladder that `holds` every value.
pub fn smallest(platform: Platform, mut holds: impl FnMut(&Rung) -> bool) -> Option<DType> {
    rungs(platform)
        .into_iter()
        .find(|rung| holds(rung))
        .map(|rung| rung.dtype)
}

/// A rung's place, as the module documentation lays the rules out.
fn order(rung: &Rung) -> (bool, u64, u32, u32, u8, i64) {
    let bytes = rung.dtype.itemsize;
    match &rung.holds {
        Holds::Integers(limits) => (false, bytes, u32::from(limits.signed), 0, 0, 0),
        Holds::Floats(f) => (
            true,
            bytes,
            f.encoding_bits(),
            f.exponent_bits,
            specials_kept(f.specials),
            f.bias,
        ),
    }
}

/// Formats keeping more of IEEE's special values (NaN, both infinities, -0) first.
fn specials_kept(specials: Specials) -> u8 {
    match specials {
        Specials::Ieee => 0,
        Specials::FiniteNanAllOnes => 1,
        Specials::FiniteOnly => 2,
        Specials::Fnuz => 3,
        Specials::ExponentOnly => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(platform: Platform) -> Vec<String> {
        rungs(platform).iter().map(|r| r.dtype.name()).collect()
    }

    #[test]
    fn the_documented_ladder() {
        let want = "uint8 int8 uint16 int16 uint32 int32 uint64 int64 float4_e2m1fn \
            float6_e2m3fn float6_e3m2fn float8_e3m4 float8_e4m3 float8_e4m3fn float8_e4m3fnuz \
            float8_e4m3b11fnuz float8_e5m2 float8_e5m2fnuz float8_e8m0fnu float16 bfloat16 \
            float32 float64 float128";
        assert_eq!(names(Platform::LINUX_X86_64).join(" "), want);
        // long double is float64 there: nothing past float64.
        for p in [Platform::MACOS_ARM64, Platform::WINDOWS_X86_64] {
            let n = names(p);
            assert_eq!(n.last().map(String::as_str), Some("float64"), "{p}");
            assert_eq!(n.len() + 1, want.split(' ').count(), "{p}");
        }
    }

    /// The rules order every rung: no two share a place, so nothing rests on the order the
    /// catalogue happens to list them in.
    #[test]
    fn no_ties() {
        for p in Platform::ALL {
            let ladder = rungs(p);
            for pair in ladder.windows(2) {
                assert!(
                    order(&pair[0]) < order(&pair[1]),
                    "{p}: {} and {}",
                    pair[0].dtype.name(),
                    pair[1].dtype.name()
                );
            }
        }
    }

    #[test]
    fn every_ml_float_is_on_it() {
        let ladder = names(Platform::LINUX_X86_64);
        for ml in ML_TYPES.iter() {
            let float = matches!(ml.format, MlKind::Float { .. });
            assert_eq!(ladder.iter().any(|n| n == ml.name), float, "{}", ml.name);
        }
    }
}
