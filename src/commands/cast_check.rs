//! `npmem cast-check FROM TO`: numpy's verdict on a cast under each rule, numpy's promotion,
//! and npmem's own: what the cast really loses, with the smallest witness of each loss.

use crate::casting::{self, Casting};
use crate::dtype::{self, DType, Platform};
use crate::error::Error;
use crate::lossless;
use crate::report::{CastReport, CastVerdicts};

/// The rule a cast is checked against for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Numpy(Casting),
    /// npmem's own: every value survives.
    Lossless,
}

impl Rule {
    pub fn parse(name: &str) -> Option<Rule> {
        if name == "lossless" {
            return Some(Rule::Lossless);
        }
        Casting::from_name(name).map(Rule::Numpy)
    }

    pub fn name(self) -> &'static str {
        match self {
            Rule::Numpy(c) => c.name(),
            Rule::Lossless => "lossless",
        }
    }
}

#[derive(Debug, Clone)]
pub struct CastArgs {
    pub from: String,
    pub to: String,
    pub rule: Rule,
}

/// `str(np.dtype(s))`-style name for reports.
fn display(dt: &DType) -> String {
    match dt.byteorder {
        dtype::ByteOrder::Big => dt.typestr(),
        _ => dt.name(),
    }
}

pub fn run(args: &CastArgs, platform: Platform) -> Result<CastReport, Error> {
    let from =
        dtype::parse(&args.from, platform).map_err(|e| Error::Usage(format!("FROM: {e}")))?;
    let to = dtype::parse(&args.to, platform).map_err(|e| Error::Usage(format!("TO: {e}")))?;
    let level = casting::cast_level(&from, &to);
    let allows = |rule: Casting| level.is_some_and(|l| l <= rule);
    let can_cast = CastVerdicts {
        no: allows(Casting::No),
        equiv: allows(Casting::Equiv),
        safe: allows(Casting::Safe),
        same_kind: allows(Casting::SameKind),
        unsafe_: allows(Casting::Unsafe),
    };
    let (result_type, promotion_error) =
        match casting::result_type(&from, &to, platform.long_double) {
            Ok(dt) => (Some(dt.name()), None),
            Err(message) => (None, Some(message)),
        };
    let losses = if level.is_some() {
        lossless::losses(&from, &to, platform)
    } else {
        Vec::new()
    };
    let lossless = level.is_some() && losses.is_empty();
    let allowed = match args.rule {
        Rule::Numpy(rule) => level.is_some_and(|l| l <= rule),
        Rule::Lossless => lossless,
    };
    Ok(CastReport {
        from: display(&from),
        to: display(&to),
        can_cast,
        level: level.map(Casting::name),
        result_type,
        promotion_error,
        lossless,
        losses,
        rule: args.rule.name(),
        allowed,
    })
}

// ---- values ---------------------------------------------------------------------------------

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use crate::number::{FloatFormat, Value};
use crate::report::{StoredText, SumReport, ValueEntry, ValueText, ValuesReport};
use crate::values::{self, Target, Text, Via};

#[derive(Debug, Clone)]
pub struct ValueArgs {
    pub to: String,
    pub values: Vec<String>,
    pub via: Via,
    pub sum: bool,
}

fn stored_text(text: String, exact: String) -> StoredText {
    StoredText {
        value: Some(text),
        exact: Some(exact),
        error: None,
        astype: None,
    }
}

fn value_fraction(v: &Value) -> String {
    match v {
        Value::Finite { .. } => values::fraction(&v.to_rational()),
        Value::Infinite { negative: true } => "-inf".to_string(),
        Value::Infinite { negative: false } => "inf".to_string(),
        Value::NaN { .. } => "nan".to_string(),
    }
}

fn same_value(stored: &Value, x: &Text) -> bool {
    match (stored, x) {
        (Value::Finite { .. }, Text::Finite(r)) => &stored.to_rational() == r,
        (Value::Finite { .. }, Text::NegativeZero) => stored.is_zero() && stored.is_negative(),
        (Value::Infinite { negative: a }, Text::Infinite { negative: b }) => a == b,
        (Value::NaN { .. }, Text::NaN { .. }) => true,
        _ => false,
    }
}

pub fn run_values(args: &ValueArgs, platform: Platform) -> Result<ValuesReport, Error> {
    let to = dtype::parse(&args.to, platform).map_err(|e| Error::Usage(format!("TO: {e}")))?;
    let target = values::target(&to).ok_or_else(|| {
        Error::Usage(format!(
            "--value needs a real number dtype (float16…longdouble, bfloat16, float8_*, int8…uint64, int4…); '{}' is {}",
            args.to,
            to.name()
        ))
    })?;
    let mut texts = Vec::with_capacity(args.values.len());
    for (i, v) in args.values.iter().enumerate() {
        let t = values::parse_text(v).ok_or_else(|| {
            Error::Usage(format!(
                "value {} ('{v}') is not a number: write decimal text like 1.5, -2e-3, inf or nan",
                i + 1
            ))
        })?;
        texts.push(t);
    }
    let mut entries = Vec::with_capacity(texts.len());
    let mut stored_values = Vec::new();
    let mut all_exact = true;
    for (input, x) in args.values.iter().zip(&texts) {
        let entry = match &target {
            Target::Float { limits, .. }
                if args.via == Via::String && longdouble_rejects(limits, input) =>
            {
                all_exact = false;
                ValueEntry {
                    input: input.clone(),
                    numpy: StoredText {
                        value: None,
                        exact: None,
                        error: Some(format!("invalid literal for long double: {input}")),
                        astype: None,
                    },
                    correctly_rounded: Some(ValueText {
                        value: values::show_value(
                            limits,
                            platform,
                            &values::round_text(&limits.format, x),
                        ),
                        exact: value_fraction(&values::round_text(&limits.format, x)),
                    }),
                    exact: false,
                    overflow: false,
                    underflow: false,
                    subnormal: false,
                    abs_error: None,
                    rel_error: None,
                }
            }
            Target::Float {
                limits,
                text_via_double,
            } => {
                let stored = values::numpy_float(limits, *text_via_double, args.via, x);
                let correct = values::round_text(&limits.format, x);
                let exact = same_value(&stored, x);
                let (abs_error, rel_error) = values::errors(&stored, x);
                let magnitude_positive = matches!(x, Text::Finite(r) if !r.is_zero());
                let overflow = matches!(x, Text::Finite(_))
                    && (!matches!(stored, Value::Finite { .. })
                        || (stored.to_rational().abs() == limits.max.to_rational()
                            && matches!(x, Text::Finite(r) if r.abs() > limits.max.to_rational())));
                let underflow = magnitude_positive && stored.is_zero();
                let subnormal = !stored.is_zero()
                    && matches!(stored, Value::Finite { .. })
                    && stored.to_rational().abs() < limits.smallest_normal.to_rational();
                stored_values.push(stored.clone());
                all_exact &= exact;
                ValueEntry {
                    input: input.clone(),
                    numpy: stored_text(
                        values::show_value(limits, platform, &stored),
                        value_fraction(&stored),
                    ),
                    correctly_rounded: Some(ValueText {
                        value: values::show_value(limits, platform, &correct),
                        exact: value_fraction(&correct),
                    }),
                    exact,
                    overflow,
                    underflow,
                    subnormal,
                    abs_error,
                    rel_error,
                }
            }
            Target::Int { limits, dtype, ml } => {
                let parsed = match (args.via, ml) {
                    (_, true) => values::ml_int_of_float(x, limits),
                    (Via::String, false) => values::python_int(input),
                    (Via::Float64, false) => values::python_int_of_float(x),
                };
                let parsed =
                    parsed.and_then(|n| match (ml, values::int_error(&n, limits, dtype)) {
                        (true, Some(_)) => {
                            Err("out of range value cannot be converted to int4".to_string())
                        }
                        _ => Ok(n),
                    });
                let integral = parsed.as_ref().ok().cloned();
                let numpy = match parsed {
                    Ok(n) => match values::int_error(&n, limits, dtype) {
                        None => stored_text(n.to_string(), format!("{n}/1")),
                        Some(message) => StoredText {
                            value: None,
                            exact: None,
                            error: Some(message),
                            astype: values::astype_wrap(&n, limits)
                                .map(|w| Box::new(stored_text(w.to_string(), format!("{w}/1")))),
                        },
                    },
                    Err(message) => StoredText {
                        value: None,
                        exact: None,
                        error: Some(message),
                        astype: None,
                    },
                };
                let exact = numpy.error.is_none() && x.rational().is_some_and(|r| r.is_integer());
                all_exact &= exact;
                let overflow = integral
                    .as_ref()
                    .is_some_and(|n| n > &limits.max || n < &limits.min);
                ValueEntry {
                    input: input.clone(),
                    numpy,
                    correctly_rounded: None,
                    exact,
                    overflow,
                    underflow: false,
                    subnormal: false,
                    abs_error: None,
                    rel_error: None,
                }
            }
        };
        entries.push(entry);
    }
    let sum = if args.sum {
        match &target {
            Target::Float { limits, .. } => {
                let accumulator = if limits.format == FloatFormat::HALF {
                    FloatFormat::SINGLE
                } else {
                    limits.format
                };
                let total = match limits.convention {
                    crate::number::limits::Convention::MlDtypes { .. } => {
                        values::ml_sum(&stored_values, limits)
                    }
                    crate::number::limits::Convention::Numpy(_) => {
                        values::numpy_sum(&stored_values, &limits.format, &accumulator)
                    }
                };
                Some(SumReport {
                    numpy: ValueText {
                        value: values::show_value(limits, platform, &total),
                        exact: value_fraction(&total),
                    },
                    exact: exact_text_sum(&texts),
                })
            }
            Target::Int { .. } => {
                return Err(Error::Usage(
                    "--sum is for float dtypes (integer sums are exact until they wrap)"
                        .to_string(),
                ));
            }
        }
    } else {
        None
    };
    Ok(ValuesReport {
        to: to.name(),
        via: match args.via {
            Via::String => "string",
            Via::Float64 => "float64",
        },
        values: entries,
        lossless: all_exact,
        smallest_lossless_dtype: smallest_lossless(&texts, platform),
        sum,
    })
}

/// numpy parses longdouble text with C's `strtold`, which takes no underscores, no trailing
/// whitespace and no leading whitespace beyond ASCII (Python's `float()`, used for the other
/// types, takes all of them).
fn longdouble_rejects(limits: &crate::number::limits::FloatLimits, input: &str) -> bool {
    use crate::number::limits::Convention;
    use crate::number::print::NumpyScalar;
    limits.convention == Convention::Numpy(NumpyScalar::LongDouble)
        && (input.contains('_')
            || input.trim_end() != input
            || !input[..input.len() - input.trim_start().len()]
                .bytes()
                .all(|c| c.is_ascii_whitespace()))
}

fn exact_text_sum(texts: &[Text]) -> String {
    let mut total = BigRational::zero();
    for t in texts {
        match t {
            Text::Finite(r) => total += r,
            Text::NegativeZero => {}
            Text::NaN { .. } => return "nan".to_string(),
            Text::Infinite { .. } => return t.fraction(),
        }
    }
    values::fraction(&total)
}

/// The smallest dtype that stores every value exactly as float64 stores it (integers exactly).
/// Ties between equal itemsizes go as `np.min_scalar_type` breaks them: integers before floats,
/// unsigned before signed when no value is negative.
fn smallest_lossless(texts: &[Text], platform: Platform) -> Option<String> {
    if texts.is_empty() {
        return None;
    }
    let double = FloatFormat::DOUBLE;
    let all_integral = texts
        .iter()
        .all(|t| t.rational().is_some_and(|r| r.is_integer()));
    let any_negative = texts.iter().any(|t| match t {
        Text::Finite(r) => r < &BigRational::zero(),
        Text::Infinite { negative } => *negative,
        Text::NaN { .. } | Text::NegativeZero => false,
    });
    let mut candidates: Vec<&str> = Vec::new();
    if all_integral {
        for (u, i) in [
            ("uint8", "int8"),
            ("uint16", "int16"),
            ("uint32", "int32"),
            ("uint64", "int64"),
        ] {
            if !any_negative {
                candidates.push(u);
            }
            candidates.push(i);
        }
    }
    candidates.extend([
        "float4_e2m1fn",
        "float6_e2m3fn",
        "float6_e3m2fn",
        "float8_e3m4",
        "float8_e4m3",
        "float8_e4m3fn",
        "float8_e4m3fnuz",
        "float8_e4m3b11fnuz",
        "float8_e5m2",
        "float8_e5m2fnuz",
        "float8_e8m0fnu",
        "float16",
        "bfloat16",
        "float32",
        "float64",
        "longdouble",
    ]);
    // What each value must become: exact integers, else float64's value (longdouble's where
    // float64 overflows).
    let references: Vec<(Text, bool)> = texts
        .iter()
        .map(|t| {
            let d = values::round_text(&double, t);
            let overflowed = matches!(t, Text::Finite(_)) && !matches!(d, Value::Finite { .. });
            match t {
                Text::Finite(r) if r.is_integer() || overflowed => (t.clone(), overflowed),
                Text::Finite(_) => (Text::Finite(d.to_rational()), false),
                Text::NegativeZero => (Text::Finite(BigRational::zero()), false),
                _ => (t.clone(), false),
            }
        })
        .collect();
    for name in candidates {
        let Ok(dt) = dtype::parse(name, platform) else {
            continue;
        };
        let Some(target) = values::target(&dt) else {
            continue;
        };
        let holds_all = references
            .iter()
            .all(|(reference, overflowed)| match &target {
                Target::Int { limits, .. } => match reference {
                    Text::Finite(r) => {
                        r.is_integer() && {
                            let n: BigInt = r.to_integer();
                            n >= limits.min && n <= limits.max
                        }
                    }
                    _ => false,
                },
                Target::Float { limits, .. } => {
                    let format = &limits.format;
                    let representable = match reference {
                        Text::NaN { .. } => format.has_nan(),
                        Text::Infinite { negative } => {
                            format.has_infinity() && (!negative || format.is_signed())
                        }
                        Text::Finite(_) | Text::NegativeZero => true,
                    };
                    let stored = values::round_text(format, reference);
                    if !representable {
                        false
                    } else if *overflowed {
                        name == "longdouble" && matches!(stored, Value::Finite { .. })
                    } else {
                        same_value(&stored, reference)
                    }
                }
            });
        if holds_all {
            return Some(dt.name());
        }
    }
    None
}

// ---- files ----------------------------------------------------------------------------------

use crate::files;
use crate::report::ScanReport;
use crate::scan::{self, Elem};

#[derive(Debug, Clone)]
pub struct ScanArgs {
    pub file: String,
    pub array: Option<String>,
    pub to: String,
    /// Draw a progress bar on stderr (a terminal) once the scan takes more than a moment.
    pub progress: bool,
}

/// `FILE` or `FILE:member` naming an existing file (the member is the part after the last ':').
pub fn split_file_argument(arg: &str) -> Option<(String, Option<String>)> {
    if files::is_file_argument(arg) {
        return Some((arg.to_string(), None));
    }
    let (path, name) = arg.rsplit_once(':')?;
    files::is_file_argument(path).then(|| (path.to_string(), Some(name.to_string())))
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
            crate::dtype::MlKind::Float { format, .. } => Elem::Byte(scan::byte_table(format)?),
            _ => return None,
        },
        _ => return None,
    })
}

fn target_of(dt: &DType) -> Option<scan::Target> {
    if let crate::dtype::Body::Ml(m) = &dt.body
        && let crate::dtype::MlKind::Float { format, .. } = &m.format
        && let Some(small) = scan::SmallFloat::of(format)
    {
        return Some(scan::Target::Small(small));
    }
    Some(match elem_of(dt)? {
        Elem::Byte(_) => return None,
        Elem::Bool => scan::Target::Bool,
        Elem::Int { bytes, signed } => scan::Target::Int { bytes, signed },
        Elem::F16 => scan::Target::F16,
        Elem::BF16 => scan::Target::BF16,
        Elem::F32 => scan::Target::F32,
        Elem::F64 => scan::Target::F64,
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

pub fn run_scan(args: &ScanArgs, platform: Platform) -> Result<ScanReport, Error> {
    let to = dtype::parse(&args.to, platform).map_err(|e| Error::Usage(format!("TO: {e}")))?;
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
    if crate::casting::cast_level(from, &to).is_none() {
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
    let bar = progress_bar(args.progress, len);
    let started = std::time::Instant::now();
    let progress = |done| {
        if let Some(bar) = &bar {
            if bar.is_hidden() && started.elapsed() > std::time::Duration::from_millis(300) {
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            bar.set_position(done);
        }
    };
    let big_endian = from.byteorder == crate::dtype::ByteOrder::Big;
    let stats = match (array.data_offset, array.deflated) {
        (Some(offset), _) => scan::scan_with_progress(
            &array.path,
            offset,
            len,
            elem,
            big_endian,
            target,
            &progress,
        ),
        (None, Some(member)) => scan::scan_deflated(
            &array.path,
            member,
            len,
            elem,
            big_endian,
            target,
            &progress,
        ),
        (None, None) => {
            return Err(Error::Usage(format!(
                "{}: the data is chunked; npmem checks values of .npy files, .npz members, safetensors and GGUF tensors",
                args.file
            )));
        }
    }
    .map_err(|e| Error::File(files::io_error(&array.path, e)));
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
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
        file: args.file.clone(),
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
        memory_saved_bytes: crate::report::Exact(saved),
        lossless: stats.changed == 0,
    })
}

/// A bar that stays hidden until the scan has run for a moment (set by the callback).
fn progress_bar(wanted: bool, len: u64) -> Option<indicatif::ProgressBar> {
    if !wanted {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::hidden(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

fn smallest_for_stats(s: &scan::Stats, elem: Elem, platform: Platform) -> Option<String> {
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
