//! `finfo` and `iinfo`: every machine limit of a format, derived from its parameters.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::One;

use super::float::{FloatFormat, Value, pow2};
use super::print::NumpyScalar;

/// Whose `finfo` a format's limits follow: numpy's own types, or ml_dtypes' registrations,
/// which count bits, floor precision and print values their own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// `np.finfo`: `bits` is the itemsize in bits; values print as numpy scalars of this type.
    Numpy(NumpyScalar),
    /// `ml_dtypes.finfo`: `bits` is the encoding's width; `precision` is at least
    /// `min_precision`; values print as ml_dtypes scalars (C++ `%g`).
    MlDtypes { min_precision: u32 },
}

/// Every attribute of `finfo`, exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FloatLimits {
    pub format: FloatFormat,
    pub convention: Convention,
    pub bits: u32,
    pub eps: Value,
    pub epsneg: Value,
    pub max: Value,
    pub min: Value,
    pub tiny: Value,
    pub smallest_normal: Value,
    pub smallest_subnormal: Value,
    pub resolution: Value,
    pub precision: u32,
    pub machep: i64,
    pub negep: i64,
    pub minexp: i64,
    pub maxexp: i64,
    pub nexp: u32,
    pub nmant: u32,
    pub iexp: u32,
}

/// The float attributes by name, in the order numpy documents them.
pub const FLOAT_ATTRIBUTES: [&str; 8] = [
    "eps",
    "epsneg",
    "max",
    "min",
    "tiny",
    "smallest_normal",
    "smallest_subnormal",
    "resolution",
];

impl FloatLimits {
    pub fn new(format: FloatFormat, convention: Convention) -> FloatLimits {
        let eps = format.eps();
        let epsneg = format.epsneg();
        let machep = eps.log2_exact().unwrap_or_default();
        let negep = epsneg.log2_exact().unwrap_or_default();
        // numpy: precision = int(-log10(eps)), the largest n with 10^n <= 1/eps.
        let mut precision = 0u32;
        let inverse_eps = BigRational::one() / eps.to_rational();
        while BigRational::from_integer(BigInt::from(10u8).pow(precision + 1)) <= inverse_eps {
            precision += 1;
        }
        let bits = match convention {
            Convention::Numpy(_) => format.storage_bytes * 8,
            Convention::MlDtypes { min_precision } => {
                precision = precision.max(min_precision);
                format.encoding_bits()
            }
        };
        // numpy: resolution = dtype.type(10) ** -precision, i.e. 10^-precision in the type.
        let ten_to_minus = BigRational::new(BigInt::one(), BigInt::from(10u8).pow(precision));
        let resolution = format.round(&ten_to_minus);
        let smallest_normal = format.smallest_normal();
        FloatLimits {
            format,
            convention,
            bits,
            eps,
            epsneg,
            max: format.max_value(),
            min: format.min_value(),
            tiny: smallest_normal.clone(),
            smallest_normal,
            smallest_subnormal: format.smallest_subnormal(),
            resolution,
            precision,
            machep,
            negep,
            minexp: format.min_exponent(),
            maxexp: format.max_exponent() + 1,
            nexp: format.exponent_bits,
            nmant: format.mantissa_bits,
            iexp: format.exponent_bits,
        }
    }

    /// A float attribute by name.
    pub fn value(&self, name: &str) -> Option<&Value> {
        Some(match name {
            "eps" => &self.eps,
            "epsneg" => &self.epsneg,
            "max" => &self.max,
            "min" => &self.min,
            "tiny" => &self.tiny,
            "smallest_normal" => &self.smallest_normal,
            "smallest_subnormal" => &self.smallest_subnormal,
            "resolution" => &self.resolution,
            _ => return None,
        })
    }
}

/// `iinfo`: the range of an integer type of `bits` bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntLimits {
    pub bits: u32,
    pub signed: bool,
    pub min: BigInt,
    pub max: BigInt,
}

impl IntLimits {
    pub fn new(bits: u32, signed: bool) -> IntLimits {
        let span = pow2(i64::from(bits)).to_integer();
        let (min, max) = if signed {
            let half = pow2(i64::from(bits) - 1).to_integer();
            (-half.clone(), half - 1)
        } else {
            (BigInt::from(0u8), span - 1)
        };
        IntLimits {
            bits,
            signed,
            min,
            max,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_precisions() {
        let p =
            |f: FloatFormat| FloatLimits::new(f, Convention::Numpy(NumpyScalar::Double)).precision;
        assert_eq!(p(FloatFormat::HALF), 3);
        assert_eq!(p(FloatFormat::SINGLE), 6);
        assert_eq!(p(FloatFormat::DOUBLE), 15);
        assert_eq!(p(FloatFormat::X87_EXTENDED), 18);
        assert_eq!(p(FloatFormat::BINARY128), 33);
    }

    #[test]
    fn integers() {
        let i = IntLimits::new(8, true);
        assert_eq!((i.min, i.max), (BigInt::from(-128), BigInt::from(127)));
        let u = IntLimits::new(64, false);
        assert_eq!(u.max, BigInt::from(u64::MAX));
    }
}
