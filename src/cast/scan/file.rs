//! A whole file's values through a cast: pick the array, check numpy has the cast, stream the
//! data, and say what changed and the smallest dtype that would have kept every value.

use num_bigint::BigInt;
use serde::Serialize;

use super::kernels::{Extremes, Scalar, Witness};
use super::{Elem, SmallFloat, Stats, Target};
use crate::Error;
use crate::cast::tolerance::{Tolerance, ToleranceReport};
use crate::cast::{CastNames, NonFinite};
use crate::dtype::ladder::Holds;
use crate::dtype::{self, DType, Platform};
use crate::files;
use crate::number::FloatFormat;
use crate::units::Bytes;

/// Told how far a scan has got, for a progress bar. Every method does nothing by default.
pub trait Progress: Sync {
    /// The scan is about to read `total_bytes` of values.
    fn start(&self, _total_bytes: u64) {}
    /// `done_bytes` of them have been scanned.
    fn update(&self, _done_bytes: u64) {}
    /// The scan has ended (finished or failed).
    fn finish(&self) {}
}

/// No progress shown.
pub struct Quiet;

impl Progress for Quiet {}

/// What the scan was asked for, as typed (for messages).
struct Request<'a> {
    file: &'a str,
    array: Option<&'a str>,
    to: &'a str,
}

/// `cast-check FILE TO`: the data itself streamed through the cast.
#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    /// Always `"file"`.
    pub kind: &'static str,
    /// The file as given.
    pub file: String,
    /// The array's name in the file (an `.npz` member, a tensor); absent for a lone array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub array: Option<String>,
    /// The array's dtype and the target's, by their names.
    #[serde(flatten)]
    pub cast: CastNames,
    /// Values scanned.
    pub elements: u64,
    /// The finite extremes (a float as numpy prints a float64, an integer exactly); `null` when
    /// there are none.
    pub min: Option<String>,
    pub max: Option<String>,
    /// NaNs and infinities among the values.
    #[serde(flatten)]
    pub non_finite: NonFinite,
    /// Values the cast changes.
    pub changed: u64,
    /// Values past the target's range.
    pub overflow: u64,
    /// The largest errors over changed values stored finite.
    #[serde(flatten)]
    pub errors: LargestErrors,
    /// The first dtype of the catalogue's ladder that holds every value; `null`: none does.
    pub smallest_lossless_dtype: Option<String>,
    /// Bytes saved by the cast (negative when the target is larger).
    pub memory_saved_bytes: Bytes,
    /// Every value kept exactly (`changed` is 0).
    pub lossless: bool,
    /// With `--rtol`/`--atol`: how the values stand against the tolerance.
    #[serde(flatten)]
    pub judged: Option<ScanTolerance>,
}

/// A scan's values against `--rtol`/`--atol`.
#[derive(Debug, Clone, Serialize)]
pub struct ScanTolerance {
    /// The tolerance and how many values are outside it.
    pub tolerance: ToleranceReport,
    /// The value furthest outside the tolerance, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worst_exceeding: Option<WorstExceeding>,
}

impl ScanReport {
    /// The check passes (exit 0): every value within the tolerance when one is given, else
    /// every value kept exactly.
    pub fn passed(&self) -> bool {
        ToleranceReport::passes(self.tolerance(), self.lossless)
    }

    /// The tolerance and how many values are outside it, when one is given.
    pub fn tolerance(&self) -> Option<&ToleranceReport> {
        self.judged.as_ref().map(|j| &j.tolerance)
    }

    /// The value furthest outside the tolerance, when one is given and a value is.
    pub fn worst_exceeding(&self) -> Option<&WorstExceeding> {
        self.judged
            .as_ref()
            .and_then(|j| j.worst_exceeding.as_ref())
    }
}

/// The value furthest outside the tolerance: its place, and what the cast makes of it.
#[derive(Debug, Clone, Serialize)]
pub struct WorstExceeding {
    /// Its flat index among the array's values (0-based, in the file's order).
    pub index: u64,
    /// The value, as numpy prints it.
    pub value: String,
    /// What the cast stores, as numpy prints it; absent for a value past an integer type's
    /// range (numpy's conversion leaves it undefined).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored: Option<String>,
    /// `|stored − value| / (atol + rtol·|value|)`: how many times the tolerance it misses by
    /// (`inf` for NaN, an infinity changed, a value stored as NaN or an infinity, or a
    /// tolerance of zero).
    pub ratio: String,
}

impl WorstExceeding {
    fn of(w: &Witness, integer_target: bool) -> WorstExceeding {
        let stored = if w.stored.is_nan() && integer_target {
            None
        } else if integer_target {
            Some((w.stored as i128).to_string())
        } else {
            Some(show_f64(w.stored))
        };
        WorstExceeding {
            index: w.index,
            value: match w.value {
                Scalar::Float(x) => show_f64(x),
                Scalar::Int(v) => v.to_string(),
            },
            stored,
            ratio: show_f64(w.severity),
        }
    }
}

fn elem_of(dt: &DType) -> Option<Elem> {
    use crate::dtype::{Body, FloatType};
    Some(match &dt.body {
        Body::Bool => Elem::Bool,
        Body::Int { signed } => Elem::Int {
            bytes: u8::try_from(dt.itemsize).ok()?,
            signed: *signed,
        },
        Body::Float(FloatType::Half) => Elem::F16,
        Body::Float(FloatType::Single) => Elem::F32,
        Body::Float(FloatType::Double) => Elem::F64,
        Body::Ml(m) if m.name == "bfloat16" => Elem::BF16,
        Body::Ml(m) => match &m.format {
            crate::dtype::MlKind::Float { format, .. } => Elem::Byte(super::byte_table(format)?),
            _ => return None,
        },
        _ => return None,
    })
}

pub(crate) fn target_of(dt: &DType) -> Option<Target> {
    if let crate::dtype::Body::Ml(m) = &dt.body
        && let crate::dtype::MlKind::Float { format, .. } = &m.format
        && let Some(small) = SmallFloat::of(format)
    {
        return Some(Target::Small(small));
    }
    Some(match elem_of(dt)? {
        Elem::Byte(_) => return None,
        Elem::Bool => Target::Bool,
        Elem::Int { bytes, signed } => Target::Int { bytes, signed },
        Elem::F16 => Target::F16,
        Elem::BF16 => Target::BF16,
        Elem::F32 => Target::F32,
        Elem::F64 => Target::F64,
    })
}

/// The largest absolute and relative errors of a cast (`max_abs_error`, `max_rel_error`), each
/// as numpy prints a float64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LargestErrors {
    pub max_abs_error: String,
    pub max_rel_error: String,
}

impl LargestErrors {
    /// The errors of a scan or a values summary, rounded to float64.
    pub fn new(abs: f64, rel: f64) -> LargestErrors {
        LargestErrors {
            max_abs_error: show_f64(abs),
            max_rel_error: show_f64(rel),
        }
    }
}

/// A float64 as numpy prints it.
pub fn show_f64(x: f64) -> String {
    use crate::number::print::{NumpyScalar, numpy_str};
    let v = FloatFormat::DOUBLE.decode(u128::from(x.to_bits()));
    numpy_str(
        NumpyScalar::Double,
        &FloatFormat::DOUBLE,
        &FloatFormat::X87_EXTENDED,
        &v,
    )
}

/// What a file check is asked beyond the file, the array and the target.
#[derive(Debug, Clone, Copy, Default)]
pub struct Check {
    /// Refuse a scan that would read more than this many bytes of data.
    pub max_bytes: Option<u64>,
    /// Count the values outside this tolerance (`np.isclose`), and find the worst.
    pub tolerance: Option<Tolerance>,
}

/// Stream the values of `file` (its array `array`, for files of several) through the cast to
/// `to`, reporting the bytes scanned to `progress`; refused up front when it would read more
/// than `check.max_bytes`.
pub fn check_file(
    file: &str,
    array: Option<&str>,
    to: &str,
    platform: Platform,
    check: Check,
    progress: &dyn Progress,
) -> Result<ScanReport, Error> {
    let max_bytes = check.max_bytes;
    let args = Request { file, array, to };
    let to = dtype::parse(args.to, platform).map_err(|e| Error::Usage(format!("TO: {e}")))?;
    let arrays = files::read(std::path::Path::new(&args.file), platform)?;
    let names: Vec<String> = arrays.iter().filter_map(|a| a.name.clone()).collect();
    let array = match &args.array {
        Some(name) if names.is_empty() => {
            return Err(Error::Usage(format!(
                "{} holds one unnamed array: drop ':{name}'",
                args.file
            )));
        }
        Some(name) => arrays
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{} has no array '{name}': it holds {}",
                    args.file,
                    names.join(", ")
                ))
            })?,
        None if arrays.len() == 1 => &arrays[0],
        None => {
            return Err(Error::Usage(format!(
                "{} holds several arrays: name one as {}:NAME ({})",
                args.file,
                args.file,
                names.join(", ")
            )));
        }
    };
    let files::ElementType::Known(from) = &array.element else {
        return Err(Error::Usage(format!(
            "{}: npmem cannot read values of type {}",
            args.file, array.type_name
        )));
    };
    let elem = elem_of(from).ok_or_else(|| {
        Error::Usage(format!(
            "{}: checking values of {} is not supported yet (bool, integers, float16/32/64, bfloat16 and the float8 formats are)",
            args.file,
            from.name()
        ))
    })?;
    if crate::cast::rules::cast_level(from, &to).is_none() {
        return Err(Error::Usage(format!(
            "numpy has no cast from {} to {} (astype raises TypeError)",
            from.name(),
            to.name()
        )));
    }
    let target = target_of(&to).ok_or_else(|| {
        Error::Usage(format!(
            "checking a cast into {} is not supported yet (bool, integers, float16/32/64, bfloat16 and ml_dtypes' float8/float6/float4 formats are)",
            to.name()
        ))
    })?;
    let overflow = || {
        Error::File(files::malformed(
            &array.path,
            format!("shape {:?}: its size in bytes overflows", array.shape),
        ))
    };
    let elements = array
        .shape
        .iter()
        .try_fold(1u64, |a, &d| a.checked_mul(d))
        .ok_or_else(overflow)?;
    let len = elements
        .checked_mul(elem.size() as u64)
        .ok_or_else(overflow)?;
    // What the scan reads, known before it starts: the values, or all the bytes a deflated
    // member inflates to (which the scan then never goes past).
    let planned = match &array.placement {
        files::Placement::Deflated(d) => d.uncompressed,
        _ => len,
    };
    if let Some(max) = max_bytes.filter(|&max| planned > max) {
        return Err(Error::Usage(format!(
            "{}: the scan would read {planned} bytes of data, more than --max-bytes allows ({max})",
            args.file
        )));
    }
    progress.start(len);
    let update = |done| progress.update(done);
    let big_endian = from.byteorder == crate::dtype::ByteOrder::Big;
    let plan = super::Plan {
        len,
        elem,
        big_endian,
        target,
        tolerance: check.tolerance,
    };
    let Some(stats) = super::scan_placed(&array.path, &array.placement, plan, &update) else {
        return Err(Error::Usage(format!(
            "{}: the data is chunked; npmem checks values of .npy files, .npz members, safetensors and GGUF tensors",
            args.file
        )));
    };
    let stats = stats.map_err(|e| Error::File(files::io_error(&array.path, e)));
    progress.finish();
    let stats = stats?;
    let smallest = smallest_for_stats(&stats, elem, platform);
    let saved = BigInt::from(elements) * (BigInt::from(from.itemsize) - BigInt::from(to.itemsize));
    let (min, max) = match (stats.float_range, stats.int_range) {
        (Some(r), _) if elem.is_float() => (Some(show_f64(r.min)), Some(show_f64(r.max))),
        (_, Some(r)) if !elem.is_float() => (Some(r.min.to_string()), Some(r.max.to_string())),
        _ => (None, None),
    };
    Ok(ScanReport {
        kind: "file",
        file: args.file.to_string(),
        array: array.name.clone(),
        cast: CastNames {
            from: from.name(),
            to: to.name(),
        },
        elements: stats.count,
        min,
        max,
        non_finite: NonFinite {
            nan_count: stats.nan,
            inf_count: stats.inf,
        },
        changed: stats.changed,
        overflow: stats.overflow,
        errors: LargestErrors::new(stats.max_abs_error, stats.max_rel_error),
        smallest_lossless_dtype: smallest,
        memory_saved_bytes: Bytes(saved),
        lossless: stats.changed == 0,
        judged: check.tolerance.map(|t| ScanTolerance {
            tolerance: ToleranceReport::new(t, stats.exceeding),
            worst_exceeding: stats.worst.as_ref().map(|w| {
                WorstExceeding::of(w, matches!(target, Target::Int { .. } | Target::Bool))
            }),
        }),
    })
}

/// The first dtype on the catalogue's ladder that holds every value scanned: an integer type
/// when they are all whole and within its range, a float format when the scan's footprint of
/// the values fits it.
fn smallest_for_stats(s: &Stats, elem: Elem, platform: Platform) -> Option<String> {
    // `as` saturates: whole floats past 2^127 stay past every integer type's range.
    let range = match (elem.is_float(), s.float_range, s.int_range) {
        (true, Some(r), _) => Extremes {
            min: r.min as i128,
            max: r.max as i128,
        },
        (false, _, Some(r)) => r,
        _ => Extremes { min: 0, max: 0 },
    };
    let (lo, hi) = (range.min, range.max);
    let integral = s.integral();
    dtype::ladder::smallest(platform, |rung| match &rung.holds {
        Holds::Integers(limits) => {
            integral && BigInt::from(lo) >= limits.min && BigInt::from(hi) <= limits.max
        }
        Holds::Floats(format) => s.held_exactly_by(format),
    })
    .map(|d| d.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cast::scan::kernels::NARROW_REACH;
    use crate::number::FloatFormat;
    use num_rational::BigRational;

    /// The scan stops summing up values once they pass float32's reach and are not whole: no
    /// float before float64 on any platform's ladder may reach further.
    #[test]
    fn narrower_floats_reach_no_further() {
        for p in Platform::ALL {
            let ladder = dtype::ladder::rungs(p);
            let double = ladder
                .iter()
                .position(|r| r.holds == Holds::Floats(FloatFormat::DOUBLE))
                .unwrap_or(ladder.len());
            let reach_max = BigRational::from_float(NARROW_REACH.largest).unwrap_or_default();
            for rung in &ladder[..double] {
                let Holds::Floats(f) = &rung.holds else {
                    continue;
                };
                let name = rung.dtype.name();
                assert!(
                    f.precision_bits() <= NARROW_REACH.significant_bits,
                    "{name}"
                );
                let q = f.smallest_subnormal().log2_exact().unwrap_or(i64::MIN);
                assert!(q >= i64::from(NARROW_REACH.lowest_bit), "{name}");
                assert!(f.max_value().to_rational() <= reach_max, "{name}");
            }
        }
    }

    fn stats_of(values: &[f64]) -> Stats {
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let plan = super::super::Plan {
            len: bytes.len() as u64,
            elem: Elem::F64,
            big_endian: false,
            target: Target::F64,
            tolerance: None,
        };
        super::super::dispatch::scan_chunk(&bytes, plan, 0)
    }

    /// The footprint's verdict on one value against rounding it into the format exactly, for
    /// every float on the ladder: around each format's edges (smallest subnormal, smallest
    /// normal, largest value, the precision limit) and at random.
    #[test]
    fn a_footprint_judges_each_value_as_rounding_does() {
        let formats: Vec<FloatFormat> = dtype::ladder::rungs(Platform::LINUX_X86_64)
            .into_iter()
            .filter_map(|r| match r.holds {
                Holds::Floats(f) => Some(f),
                Holds::Integers(_) => None,
            })
            .collect();
        let mut values = vec![0.0, -0.0, 5e-324, f64::MAX, f64::MIN_POSITIVE, 1.0, -1.0];
        for f in &formats {
            let to_f64 =
                |v: &crate::number::Value| num_traits::ToPrimitive::to_f64(&v.to_rational());
            let edges = [f.smallest_subnormal(), f.smallest_normal(), f.max_value()];
            for edge in edges.iter().filter_map(to_f64) {
                for k in [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0] {
                    values.extend([edge * k, -edge * k]);
                }
                values.extend([f64::from_bits(edge.to_bits() + 1), edge.next_down()]);
            }
            let p = f.precision_bits().min(60) as i32;
            for extra in -1..=1 {
                let x = 1.0 + 2f64.powi(-(p - 1 + extra));
                values.extend([x, -x, x * 64.0, x / 1024.0]);
            }
        }
        let mut r = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..4000 {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            // Short significands, exponents from 2^-160 to 2^140.
            let sig = (r >> 40) & ((1 << (r % 12)) - 1);
            let exp = (r >> 32) % 300;
            let v = (1.0 + sig as f64 / 4096.0) * 2f64.powi(exp as i32 - 160);
            values.push(if r & 1 == 1 { -v } else { v });
        }
        let mut checked = 0;
        for &x in values.iter().filter(|x| x.is_finite()) {
            let s = stats_of(&[x]);
            let exact = BigRational::from_float(x).unwrap_or_default();
            for f in &formats {
                let rounded = f.round(&exact);
                let kept = matches!(rounded, crate::number::Value::Finite { .. })
                    && rounded.to_rational() == exact;
                assert_eq!(s.held_exactly_by(f), kept, "{x:e} in {}", f.name);
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    /// NaN, infinities, zeros and negative values go where the formats have room for them.
    #[test]
    fn special_values() {
        let holds = |values: &[f64], name: &str| {
            let dt = dtype::parse(name, Platform::LINUX_X86_64).ok();
            let Some(Holds::Floats(f)) = dtype::ladder::rungs(Platform::LINUX_X86_64)
                .into_iter()
                .find(|r| Some(&r.dtype) == dt.as_ref())
                .map(|r| r.holds)
            else {
                return None;
            };
            Some(stats_of(values).held_exactly_by(&f))
        };
        assert_eq!(holds(&[f64::NAN, 1.0], "float8_e4m3fn"), Some(true));
        assert_eq!(holds(&[f64::NAN, 1.0], "float4_e2m1fn"), Some(false));
        assert_eq!(holds(&[f64::INFINITY], "float8_e5m2"), Some(true));
        assert_eq!(holds(&[f64::NEG_INFINITY], "float8_e5m2fnuz"), Some(false));
        assert_eq!(holds(&[-0.0, 1.0], "float8_e4m3fnuz"), Some(true));
        assert_eq!(holds(&[0.0, 1.0], "float8_e8m0fnu"), Some(false));
        assert_eq!(holds(&[-2.0, 1.0], "float8_e8m0fnu"), Some(false));
        assert_eq!(holds(&[f64::NAN, 0.5, 2.0], "float8_e8m0fnu"), Some(true));
    }
}
