//! `npmem cast-check TO --value V…`: each value stored the way numpy stores it, numpy's errors
//! and what `astype` gives instead, the smallest dtype that keeps them all, and np.sum.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};

use npmem::Error;
use npmem::cast::store::{self as values, Target, Via};
use npmem::dtype::{self, Platform, ladder};
use npmem::number::text::Text;
use npmem::number::{FloatFormat, Value};

use super::report::{StoredText, SumReport, ValueEntry, ValueText, ValuesReport};

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
        Value::Finite { .. } => npmem::number::text::fraction(&v.to_rational()),
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
        let t = npmem::number::text::parse_text(v).ok_or_else(|| {
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
                            &npmem::number::round::round_text(&limits.format, x),
                        ),
                        exact: value_fraction(&npmem::number::round::round_text(&limits.format, x)),
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
                let correct = npmem::number::round::round_text(&limits.format, x);
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
                    npmem::number::limits::Convention::MlDtypes { .. } => {
                        values::ml_sum(&stored_values, limits)
                    }
                    npmem::number::limits::Convention::Numpy(_) => {
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
fn longdouble_rejects(limits: &npmem::number::limits::FloatLimits, input: &str) -> bool {
    use npmem::number::limits::Convention;
    use npmem::number::print::NumpyScalar;
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
    npmem::number::text::fraction(&total)
}

/// The smallest dtype that stores every value exactly as float64 stores it (integers exactly),
/// the first on the catalogue's ladder ([`dtype::ladder`]) that holds them all.
fn smallest_lossless(texts: &[Text], platform: Platform) -> Option<String> {
    if texts.is_empty() {
        return None;
    }
    let double = FloatFormat::DOUBLE;
    // What each value must become in a float: exact integers, else float64's value (-0 as 0,
    // which numpy finds equal); values float64 overflows are held by a wider format that keeps
    // them finite.
    let references: Vec<(Text, bool)> = texts
        .iter()
        .map(|t| {
            let d = npmem::number::round::round_text(&double, t);
            let overflowed = matches!(t, Text::Finite(_)) && !matches!(d, Value::Finite { .. });
            match t {
                Text::Finite(r) if r.is_integer() || overflowed => (t.clone(), overflowed),
                Text::Finite(_) => (Text::Finite(d.to_rational()), false),
                Text::NegativeZero => (Text::Finite(BigRational::zero()), false),
                _ => (t.clone(), false),
            }
        })
        .collect();
    let double_max = double.max_value().to_rational();
    let holds = |rung: &ladder::Rung| match &rung.holds {
        // Whole numbers as typed: 2049.0000000000001 is no integer, though float64 makes it one.
        ladder::Holds::Integers(limits) => texts.iter().all(|t| {
            t.rational().is_some_and(|r| {
                r.is_integer() && {
                    let n: BigInt = r.to_integer();
                    n >= limits.min && n <= limits.max
                }
            })
        }),
        ladder::Holds::Floats(format) => {
            let wider_than_double = format.max_value().to_rational() > double_max;
            references.iter().all(|(reference, overflowed)| {
                let representable = match reference {
                    Text::NaN { .. } => format.has_nan(),
                    Text::Infinite { negative } => {
                        format.has_infinity() && (!negative || format.is_signed())
                    }
                    Text::Finite(_) | Text::NegativeZero => true,
                };
                let stored = npmem::number::round::round_text(format, reference);
                if !representable {
                    false
                } else if *overflowed {
                    wider_than_double && matches!(stored, Value::Finite { .. })
                } else {
                    same_value(&stored, reference)
                }
            })
        }
    };
    ladder::smallest(platform, holds).map(|dt| dt.name())
}

/// The longest line of a values file npmem reads (a number longer than this is a mistake).
const MAX_LINE_BYTES: u64 = 1 << 20;

/// One value per line; blank lines are skipped. Reads line by line with a bounded buffer.
pub fn read_values(path: &std::path::Path) -> Result<Vec<String>, Error> {
    use std::io::{BufRead, Read};
    let name = path.display().to_string();
    let reader: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Error::Usage(format!("--values-from {name}: {e}")))?;
        Box::new(std::io::BufReader::new(file))
    };
    let mut reader = reader;
    let mut values = Vec::new();
    let mut line_no = 0usize;
    loop {
        let mut buf = Vec::new();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::Usage(format!("--values-from {name}: {e}")))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if n as u64 > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
            return Err(Error::Usage(format!(
                "--values-from {name}: line {line_no} is longer than 1 MiB"
            )));
        }
        let text = String::from_utf8(buf).map_err(|_| {
            Error::Usage(format!(
                "--values-from {name}: line {line_no} is not UTF-8 text"
            ))
        })?;
        let text = text.trim();
        if !text.is_empty() {
            values.push(text.to_string());
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use npmem::cast::scan::{Quiet, check_file};
    use npmem::number::print::exact_decimal;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const PLATFORM: Platform = Platform::LINUX_X86_64;

    /// A one-dimensional little-endian float64 `.npy` (format 1.0).
    fn npy(values: &[f64]) -> Vec<u8> {
        let mut header = format!(
            "{{'descr': '<f8', 'fortran_order': False, 'shape': ({},), }}",
            values.len()
        );
        while (10 + header.len() + 1) % 64 != 0 {
            header.push(' ');
        }
        header.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&u16::try_from(header.len()).unwrap_or(0).to_le_bytes());
        out.extend_from_slice(header.as_bytes());
        for v in values {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// `cast-check FILE float64` on the values written as a `.npy`.
    fn by_file(values: &[f64]) -> Option<String> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "npmem-ladder-{}-{}.npy",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, npy(values)).ok()?;
        let report = check_file(
            &path.to_string_lossy(),
            None,
            "float64",
            PLATFORM,
            None,
            &Quiet,
        );
        let _ = std::fs::remove_file(&path);
        report.ok()?.smallest_lossless_dtype
    }

    /// `cast-check float64 --value V…` on each value's exact decimal expansion.
    fn by_values(values: &[f64]) -> Option<String> {
        let texts: Vec<Text> = values
            .iter()
            .map(|x| {
                let v = FloatFormat::DOUBLE.decode(u128::from(x.to_bits()));
                npmem::number::text::parse_text(&exact_decimal(&v))
            })
            .collect::<Option<_>>()?;
        smallest_lossless(&texts, PLATFORM)
    }

    /// The same numbers get the same smallest lossless dtype as `--value`s and as a file.
    #[test]
    fn values_and_files_climb_the_same_ladder() {
        let (nan, inf) = (f64::NAN, f64::INFINITY);
        let cases: &[(&[f64], &str)] = &[
            (&[0.5, 1.5], "float4_e2m1fn"),
            (&[0.0, 1.0, 200.0], "uint8"),
            (&[-0.0], "uint8"),
            (&[-1.0, 3.0], "int8"),
            (&[300.0], "uint16"),
            (&[2f64.powi(63)], "uint64"),
            (&[-(2f64.powi(63))], "int64"),
            (&[nan, 0.5], "float8_e3m4"),
            (&[nan, 3.0], "float8_e3m4"),
            (&[-inf, 1.0], "float8_e3m4"),
            (&[448.0, 0.5], "float8_e4m3fn"),
            (&[-0.0, 0.5, 240.0, nan], "float8_e4m3"),
            (&[2f64.powi(100)], "float8_e8m0fnu"),
            (&[2f64.powi(-127), nan], "float8_e8m0fnu"),
            (&[-(2f64.powi(-127))], "bfloat16"),
            (&[2f64.powi(100), 3.0], "bfloat16"),
            (&[65504.0, 0.25, -inf], "float16"),
            (&[1.0 + 2f64.powi(-23)], "float32"),
            (&[2f64.powi(-149)], "float32"),
            (&[0.1], "float64"),
            (&[1e300, -5e-324], "float64"),
        ];
        for (values, want) in cases {
            assert_eq!(
                by_values(values).as_deref(),
                Some(*want),
                "{values:?} as values"
            );
            assert_eq!(
                by_file(values).as_deref(),
                Some(*want),
                "{values:?} as a file"
            );
        }
        // Small random sets from values near the rungs' edges.
        let pool = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            1.5,
            1.75,
            3.0,
            6.0,
            7.5,
            0.125,
            0.0625,
            2f64.powi(-7),
            2f64.powi(-9),
            2f64.powi(-10),
            2f64.powi(-16),
            2f64.powi(-17),
            2f64.powi(-24),
            15.5,
            28.0,
            240.0,
            448.0,
            464.0,
            57344.0,
            65504.0,
            65536.0,
            1.0 + 2f64.powi(-7),
            255.0,
            256.0,
            -129.0,
            1e10,
            3.4e38,
            2f64.powi(127),
            nan,
            inf,
            -inf,
            0.1,
        ];
        let mut r = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..300 {
            let mut set = Vec::new();
            for _ in 0..1 + r % 4 {
                r ^= r << 13;
                r ^= r >> 7;
                r ^= r << 17;
                set.push(pool[(r % pool.len() as u64) as usize]);
            }
            assert_eq!(by_values(&set), by_file(&set), "{set:?}");
        }
    }
}
