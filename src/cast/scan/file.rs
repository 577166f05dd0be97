//! A whole file's values through a cast: pick the array, check numpy has the cast, stream the
//! data, and say what changed and the smallest dtype that would have kept every value.

use num_bigint::BigInt;
use serde::Serialize;

use super::{Elem, SmallFloat, Stats, Target};
use crate::Error;
use crate::dtype::{self, DType, Platform};
use crate::files;
use crate::number::FloatFormat;
use crate::units::Exact;

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
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub array: Option<String>,
    pub from: String,
    pub to: String,
    pub elements: u64,
    pub min: Option<String>,
    pub max: Option<String>,
    pub nan_count: u64,
    pub inf_count: u64,
    /// Values the cast changes.
    pub changed: u64,
    /// Values past the target's range.
    pub overflow: u64,
    pub max_abs_error: String,
    pub max_rel_error: String,
    pub smallest_lossless_dtype: Option<String>,
    /// Bytes saved by the cast (negative when the target is larger).
    pub memory_saved_bytes: Exact,
    pub lossless: bool,
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

fn target_of(dt: &DType) -> Option<Target> {
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

fn show_f64(x: f64) -> String {
    use crate::number::print::{NumpyScalar, numpy_str};
    let v = FloatFormat::DOUBLE.decode(u128::from(x.to_bits()));
    numpy_str(
        NumpyScalar::Double,
        &FloatFormat::DOUBLE,
        &FloatFormat::X87_EXTENDED,
        &v,
    )
}

/// Stream the values of `file` (its array `array`, for files of several) through the cast to
/// `to`, reporting the bytes scanned to `progress`.
pub fn check_file(
    file: &str,
    array: Option<&str>,
    to: &str,
    platform: Platform,
    progress: &dyn Progress,
) -> Result<ScanReport, Error> {
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
    let elements: u64 = array.shape.iter().product();
    let len = elements.saturating_mul(elem.size() as u64);
    progress.start(len);
    let update = |done| progress.update(done);
    let big_endian = from.byteorder == crate::dtype::ByteOrder::Big;
    let stats = match (array.data_offset, array.deflated) {
        (Some(offset), _) => super::scan_with_progress(
            &array.path,
            offset,
            len,
            elem,
            big_endian,
            target,
            &update,
        ),
        (None, Some(member)) => super::scan_deflated(
            &array.path,
            member,
            len,
            elem,
            big_endian,
            target,
            &update,
        ),
        (None, None) => {
            return Err(Error::Usage(format!(
                "{}: the data is chunked; npmem checks values of .npy files, .npz members, safetensors and GGUF tensors",
                args.file
            )));
        }
    }
    .map_err(|e| Error::File(files::io_error(&array.path, e)));
    progress.finish();
    let stats = stats?;
    let smallest = smallest_for_stats(&stats, elem, platform);
    let saved = BigInt::from(elements) * (BigInt::from(from.itemsize) - BigInt::from(to.itemsize));
    let (min, max) = if elem.is_float() {
        (stats.min.map(show_f64), stats.max.map(show_f64))
    } else {
        (
            stats.min_int.map(|v| v.to_string()),
            stats.max_int.map(|v| v.to_string()),
        )
    };
    Ok(ScanReport {
        file: args.file.to_string(),
        array: array.name.clone(),
        from: from.name(),
        to: to.name(),
        elements: stats.count,
        min,
        max,
        nan_count: stats.nan,
        inf_count: stats.inf,
        changed: stats.changed,
        overflow: stats.overflow,
        max_abs_error: show_f64(stats.max_abs_error),
        max_rel_error: show_f64(stats.max_rel_error),
        smallest_lossless_dtype: smallest,
        memory_saved_bytes: Exact(saved),
        lossless: stats.changed == 0,
    })
}

fn smallest_for_stats(s: &Stats, elem: Elem, platform: Platform) -> Option<String> {
    let integral = !elem.is_float() || (s.integral && s.nan == 0 && s.inf == 0);
    let (lo, hi) = if elem.is_float() {
        (
            s.min.map(|m| m as i128).unwrap_or(0),
            s.max.map(|m| m as i128).unwrap_or(0),
        )
    } else {
        (s.min_int.unwrap_or(0), s.max_int.unwrap_or(0))
    };
    let mut candidates: Vec<&str> = Vec::new();
    if integral {
        for (u, i) in [
            ("uint8", "int8"),
            ("uint16", "int16"),
            ("uint32", "int32"),
            ("uint64", "int64"),
        ] {
            if lo >= 0 {
                candidates.push(u);
            }
            candidates.push(i);
        }
    }
    let fits = |name: &str| -> bool {
        match name {
            "float16" => s.fits_f16,
            "bfloat16" => s.fits_bf16,
            "float32" => s.fits_f32,
            "float64" => true,
            n => {
                let bits: u32 = n
                    .trim_start_matches("uint")
                    .trim_start_matches("int")
                    .parse()
                    .unwrap_or(0);
                let signed = n.starts_with("int");
                let (min, max) = if signed {
                    (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
                } else {
                    (0, (1i128 << bits) - 1)
                };
                lo >= min && hi <= max
            }
        }
    };
    candidates.extend(["float16", "bfloat16", "float32", "float64"]);
    candidates
        .into_iter()
        .find(|c| fits(c))
        .and_then(|c| dtype::parse(c, platform).ok())
        .map(|d| d.name())
}
