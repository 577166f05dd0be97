//! What a dtype is as a number: the float format and `finfo` conventions, or the integer
//! range, that `finfo`, `cast-check` and the value checks share.

use serde::Serialize;

use crate::dtype::{self, Body, ByteOrder, DType, FloatType, LongDouble, MlKind, Platform};
use crate::number::limits::{Convention, FloatLimits, IntLimits};
use crate::number::print::{self, NumpyScalar};
use crate::number::{FloatFormat, Value};

/// Which library's `finfo`/`iinfo` a dtype follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Library {
    Numpy,
    MlDtypes,
}

/// The long double format of a platform.
pub fn long_double_format(kind: LongDouble) -> FloatFormat {
    match kind {
        LongDouble::X87Extended => FloatFormat::X87_EXTENDED,
        LongDouble::Binary128 => FloatFormat::BINARY128,
        LongDouble::Double => FloatFormat::DOUBLE,
    }
}

/// What `finfo`/`iinfo` answer for a dtype.
pub enum Numeric {
    Float {
        limits: Box<FloatLimits>,
        /// `finfo(T).dtype`: the real component's name.
        dtype: String,
    },
    Int {
        limits: IntLimits,
        dtype: String,
        library: Library,
    },
}

fn numpy_float(ft: FloatType) -> (FloatFormat, NumpyScalar) {
    match ft {
        FloatType::Half => (FloatFormat::HALF, NumpyScalar::Half),
        FloatType::Single => (FloatFormat::SINGLE, NumpyScalar::Single),
        FloatType::Double => (FloatFormat::DOUBLE, NumpyScalar::Double),
        FloatType::LongDouble(kind) => (long_double_format(kind), NumpyScalar::LongDouble),
    }
}

fn float_name(format: &FloatFormat) -> String {
    format!("float{}", format.storage_bytes * 8)
}

fn ml_float(name: &str) -> Option<(FloatFormat, u32)> {
    dtype::ML_TYPES
        .iter()
        .find(|m| m.name == name)
        .and_then(|m| match m.format {
            MlKind::Float {
                format,
                finfo_min_precision,
            } => Some((format, finfo_min_precision)),
            _ => None,
        })
}

/// `finfo`/`iinfo` of a dtype, or `None` when it is not numeric (bool, strings, objects…).
pub fn numeric(dt: &DType) -> Option<Numeric> {
    match &dt.body {
        Body::Float(ft) | Body::Complex(ft) => {
            let (format, scalar) = numpy_float(*ft);
            Some(Numeric::Float {
                limits: Box::new(FloatLimits::new(format, Convention::Numpy(scalar))),
                dtype: float_name(&format),
            })
        }
        Body::Int { signed } => Some(Numeric::Int {
            limits: IntLimits::new(u32::try_from(dt.itemsize * 8).ok()?, *signed),
            dtype: display_name(dt),
            library: Library::Numpy,
        }),
        Body::Ml(ml) => match ml.format {
            MlKind::Float {
                format,
                finfo_min_precision,
            } => Some(Numeric::Float {
                limits: Box::new(FloatLimits::new(
                    format,
                    Convention::MlDtypes {
                        min_precision: finfo_min_precision,
                    },
                )),
                dtype: ml.name.to_string(),
            }),
            MlKind::Int { bits, signed } => Some(Numeric::Int {
                limits: IntLimits::new(u32::from(bits), signed),
                dtype: ml.name.to_string(),
                library: Library::MlDtypes,
            }),
            // ml_dtypes gives complex32 numpy's float16 finfo, bcomplex32 bfloat16's.
            MlKind::Complex { component } => match ml_float(component) {
                Some((format, min_precision)) => Some(Numeric::Float {
                    limits: Box::new(FloatLimits::new(
                        format,
                        Convention::MlDtypes { min_precision },
                    )),
                    dtype: component.to_string(),
                }),
                None => Some(Numeric::Float {
                    limits: Box::new(FloatLimits::new(
                        FloatFormat::HALF,
                        Convention::Numpy(NumpyScalar::Half),
                    )),
                    dtype: "float16".to_string(),
                }),
            },
        },
        _ => None,
    }
}

/// `str(np.dtype(s))`: the name, or the type string for a non-native byte order.
fn display_name(dt: &DType) -> String {
    if dt.byteorder == ByteOrder::Big {
        dt.typestr()
    } else {
        dt.name()
    }
}

/// A value as `str()` prints it for this format's library.
pub fn show(limits: &FloatLimits, platform: Platform, value: &Value) -> String {
    match limits.convention {
        Convention::Numpy(scalar) => print::numpy_str(
            scalar,
            &limits.format,
            &long_double_format(platform.long_double),
            value,
        ),
        Convention::MlDtypes { .. } => print::cpp_general(value),
    }
}
