//! `npmem cast-check TO --value V…` / `--values-from FILE`: each value stored the way numpy
//! stores it, numpy's errors and what `astype` gives instead, the smallest dtype that keeps them
//! all, and np.sum. Past [`LISTED_AT_MOST`] values (without `--each`) the values stream through
//! the core's [`Tally`] in one pass and bounded memory, and the report is a summary.

use std::io::{BufRead, Read};
use std::path::Path;

use num_rational::BigRational;
use num_traits::Zero;

use npmem::Error;
use npmem::cast::bulk::{self, Fate, Kept, Ladder, Tally};
use npmem::cast::scan::file::LargestErrors;
use npmem::cast::store::{self as values, Target, Via};
use npmem::cast::tolerance::Tolerance;
use npmem::dtype::{self, DType, Platform};
use npmem::number::text::Text;
use npmem::number::{FloatFormat, Value};

use npmem::number::limits::FloatLimits;

use super::report::{
    ComplexParts, PartJudgements, StoredText, SumReport, ToleranceReport, ValueEntry, ValueText,
    ValuesHead, ValuesReport, ValuesSummary, ValuesVerdict, WorstEntry,
};

/// The most values listed one by one without `--each`; past it, a summary.
pub const LISTED_AT_MOST: usize = 20;

#[derive(Debug, Clone)]
pub struct ValueArgs {
    pub to: String,
    /// `--value`s, first.
    pub values: Vec<String>,
    /// `--values-from`, then.
    pub values_from: Option<std::path::PathBuf>,
    pub via: Via,
    pub sum: bool,
    pub each: bool,
    pub tolerance: Option<Tolerance>,
}

/// The answer: every value listed, or a summary.
#[derive(Debug, Clone)]
pub enum ValuesAnswer {
    Listed(ValuesReport),
    Summary(ValuesSummary),
}

fn stored_text(text: String, exact: String) -> StoredText {
    StoredText {
        value: Some(text),
        exact: Some(exact),
        error: None,
        parts: None,
        astype: None,
        warning: None,
    }
}

/// A complex value: numpy's `str()`, `re+imj` of the exact parts, and each part.
fn complex_text(limits: &FloatLimits, platform: Platform, real: &Value, imag: &Value) -> ValueText {
    let part = |v: &Value| {
        Box::new(ValueText {
            value: values::show_value(limits, platform, v),
            exact: value_fraction(v),
            parts: None,
        })
    };
    let (re, im) = (part(real), part(imag));
    let sign = if im.exact.starts_with('-') { "" } else { "+" };
    ValueText {
        value: values::show_complex(limits, platform, real, imag),
        exact: format!("{}{sign}{}j", re.exact, im.exact),
        parts: Some(ComplexParts { real: re, imag: im }),
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

/// The value's text cut to a short excerpt, for messages.
fn excerpt(text: &str) -> String {
    const AT_MOST: usize = 40;
    if text.chars().count() <= AT_MOST {
        text.to_string()
    } else {
        let cut: String = text.chars().take(AT_MOST).collect();
        format!("{cut}… ({} characters)", text.chars().count())
    }
}

fn not_a_number(position: u64, input: &str) -> Error {
    Error::Usage(format!(
        "value {position} ('{}') is not a number: write decimal text like 1.5, -2e-3, inf or nan (or, for longdouble, a C99 hex float like 0x1.8p3; complex, as Python writes it: 1+2j, (1-2.5j), 3j)",
        excerpt(input)
    ))
}

/// The target as a number type, or why it is not one.
fn target_of(to: &str, platform: Platform) -> Result<(DType, Target), Error> {
    let dt = dtype::parse(to, platform).map_err(|e| Error::Usage(format!("TO: {e}")))?;
    let target = values::target(&dt).ok_or_else(|| {
        Error::Usage(format!(
            "--value needs a number dtype (float16…longdouble, complex64…clongdouble, bfloat16, float8_*, int8…uint64, int4…); '{to}' is {}",
            dt.name()
        ))
    })?;
    Ok((dt, target))
}

/// One value's line of the report, from its exact fate.
fn entry(target: &Target, platform: Platform, input: &str, f: Fate) -> ValueEntry {
    let round =
        |limits: &FloatLimits, t: &Text| npmem::number::round::round_text(&limits.format, t);
    let correctly_rounded = match (target, &f.imag) {
        (Target::Float { limits, .. }, None) => {
            let correct = round(limits, &f.text);
            Some(ValueText {
                value: values::show_value(limits, platform, &correct),
                exact: value_fraction(&correct),
                parts: None,
            })
        }
        (Target::Complex { limits }, Some(imag)) => Some(complex_text(
            limits,
            platform,
            &round(limits, &f.text),
            &round(limits, imag),
        )),
        _ => None,
    };
    let shown = |k: &Kept| match (k, target) {
        (Kept::Float(v), Target::Float { limits, .. }) => Some(stored_text(
            values::show_value(limits, platform, v),
            value_fraction(v),
        )),
        (Kept::Int(n), _) => Some(stored_text(n.to_string(), format!("{n}/1"))),
        (Kept::Complex { real, imag }, Target::Complex { limits }) => {
            let c = complex_text(limits, platform, real, imag);
            Some(StoredText {
                parts: c.parts,
                ..stored_text(c.value, c.exact)
            })
        }
        _ => None,
    };
    let numpy = match &f.numpy {
        Ok(k) => shown(k).unwrap_or(StoredText {
            value: None,
            exact: None,
            error: None,
            parts: None,
            astype: None,
            warning: None,
        }),
        Err(message) => StoredText {
            value: None,
            exact: None,
            error: Some(message.clone()),
            parts: None,
            astype: match (target, &f.integral, &f.astype_real) {
                (_, _, Some(k)) => shown(k).map(|a| {
                    Box::new(StoredText {
                        warning: Some(values::COMPLEX_WARNING.to_string()),
                        ..a
                    })
                }),
                (Target::Int { limits, .. }, Some(n), _) => values::astype_wrap(n, limits)
                    .map(|w| Box::new(stored_text(w.to_string(), format!("{w}/1")))),
                _ => None,
            },
            warning: None,
        },
    };
    let float = !matches!(target, Target::Int { .. });
    let show = |r: BigRational| float.then(|| npmem::number::text::fraction(&r));
    ValueEntry {
        input: input.to_string(),
        numpy,
        correctly_rounded,
        judged: f.judged.map_errors(show),
        parts: f.parts.map(|p| {
            let [real, imag] = *p;
            PartJudgements {
                real: real.map_errors(show),
                imag: imag.map_errors(show),
            }
        }),
    }
}

/// Every value, from `--value` then `--values-from`, to `each` with its 1-based position;
/// blank lines are skipped.
fn for_each_value(
    args: &ValueArgs,
    mut each: impl FnMut(u64, &str) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut position = 0u64;
    for v in &args.values {
        position += 1;
        each(position, v)?;
    }
    if let Some(path) = &args.values_from {
        read_values(path, |line| {
            position += 1;
            each(position, line)
        })?;
    }
    Ok(())
}

pub fn run_values(args: &ValueArgs, platform: Platform) -> Result<ValuesAnswer, Error> {
    let (to, target) = target_of(&args.to, platform)?;
    if args.sum && matches!(target, Target::Int { .. }) {
        return Err(Error::Usage(
            "--sum is for float dtypes (integer sums are exact until they wrap)".to_string(),
        ));
    }
    if args.sum && matches!(target, Target::Complex { .. }) {
        return Err(Error::Usage(format!(
            "--sum is for real float dtypes; {} is complex",
            to.name()
        )));
    }
    // The first values are kept until it is clear whether they are a handful (listed) or more
    // (summed up as they stream).
    let mut first: Vec<String> = Vec::new();
    let mut summary: Option<Streaming> = None;
    for_each_value(args, |position, input| {
        if let Some(s) = summary.as_mut() {
            return s.add(position, input);
        }
        first.push(input.to_string());
        if !args.each && first.len() > LISTED_AT_MOST {
            let mut s = Streaming::new(&to, target.clone(), args);
            for (i, v) in first.drain(..).enumerate() {
                s.add(i as u64 + 1, v.as_str())?;
            }
            summary = Some(s);
        }
        Ok(())
    })?;
    if let Some(s) = summary {
        return Ok(ValuesAnswer::Summary(
            s.finish(&to, &target, args, platform),
        ));
    }
    if first.is_empty() {
        return Err(Error::Usage(
            "no values: give --value V (repeatable) or --values-from FILE".to_string(),
        ));
    }
    listed(&first, &to, &target, args, platform).map(ValuesAnswer::Listed)
}

/// Every value's entry (a handful, or all of them with `--each`).
fn listed(
    inputs: &[String],
    to: &DType,
    target: &Target,
    args: &ValueArgs,
    platform: Platform,
) -> Result<ValuesReport, Error> {
    let mut entries = Vec::with_capacity(inputs.len());
    let mut stored_values = Vec::new();
    let mut texts = Vec::with_capacity(inputs.len());
    let mut ladder = Ladder::new();
    for (i, input) in inputs.iter().enumerate() {
        let f = bulk::fate(target, args.via, input, args.tolerance)
            .map_err(|_| not_a_number(i as u64 + 1, input))?;
        ladder.add_fate(&f);
        if let Ok(Kept::Float(v)) = &f.numpy {
            stored_values.push(v.clone());
        }
        texts.push(f.text.clone());
        entries.push(entry(target, platform, input, f));
    }
    let exceeding = entries
        .iter()
        .filter(|e| e.judged.close == Some(false))
        .count() as u64;
    Ok(ValuesReport {
        head: head(to, args.via),
        verdict: ValuesVerdict {
            lossless: entries.iter().all(|e| e.judged.exact),
            smallest_lossless_dtype: ladder.smallest(platform).map(|d| d.name()),
            tolerance: args.tolerance.map(|t| ToleranceReport::new(t, exceeding)),
            sum: sum_report(
                args.sum,
                target,
                platform,
                &stored_values,
                exact_text_sum(&texts),
            ),
        },
        values: entries,
        each: args.each,
    })
}

fn head(to: &DType, via: Via) -> ValuesHead {
    ValuesHead {
        kind: "values",
        to: to.name(),
        via: match via {
            Via::String => "string",
            Via::Float64 => "float64",
        },
    }
}

fn sum_report(
    wanted: bool,
    target: &Target,
    platform: Platform,
    stored: &[Value],
    exact: String,
) -> Option<SumReport> {
    let Target::Float { limits, .. } = target else {
        return None;
    };
    if !wanted {
        return None;
    }
    let accumulator = if limits.format == FloatFormat::HALF {
        FloatFormat::SINGLE
    } else {
        limits.format
    };
    let total = match limits.convention {
        npmem::number::limits::Convention::MlDtypes { .. } => values::ml_sum(stored, limits),
        npmem::number::limits::Convention::Numpy(_) => {
            values::numpy_sum(stored, &limits.format, &accumulator)
        }
    };
    Some(SumReport {
        numpy: ValueText {
            value: values::show_value(limits, platform, &total),
            exact: value_fraction(&total),
            parts: None,
        },
        exact,
    })
}

/// The exact sum of the texts, kept as it goes.
#[derive(Debug, Clone)]
enum ExactSum {
    Finite(BigRational),
    Special(Text),
}

impl ExactSum {
    fn add(&mut self, t: &Text) {
        match (&mut *self, t) {
            (ExactSum::Special(Text::NaN { .. }), _) => {}
            (_, Text::NaN { .. }) => *self = ExactSum::Special(t.clone()),
            (ExactSum::Special(_), _) => {}
            (_, Text::Infinite { .. }) => *self = ExactSum::Special(t.clone()),
            // Past every range: huge counts as its infinity, tiny as nothing.
            (_, Text::Beyond { huge: true, .. }) => *self = ExactSum::Special(t.clone()),
            (ExactSum::Finite(total), Text::Finite(r)) => *total += r,
            (ExactSum::Finite(_), Text::NegativeZero | Text::Beyond { huge: false, .. }) => {}
        }
    }

    fn text(&self) -> String {
        match self {
            ExactSum::Finite(r) => npmem::number::text::fraction(r),
            ExactSum::Special(t) => t.fraction(),
        }
    }
}

fn exact_text_sum(texts: &[Text]) -> String {
    let mut total = ExactSum::Finite(BigRational::zero());
    for t in texts {
        total.add(t);
    }
    total.text()
}

/// Values summed up as they stream; `--sum` alone keeps the stored values (numpy's pairwise
/// order depends on how many there are).
struct Streaming {
    tally: Tally,
    sum: Option<(Vec<Value>, ExactSum)>,
    target: Target,
    via: Via,
}

impl Streaming {
    fn new(to: &DType, target: Target, args: &ValueArgs) -> Streaming {
        Streaming {
            tally: Tally::new(to, target.clone(), args.via, args.tolerance),
            sum: args
                .sum
                .then(|| (Vec::new(), ExactSum::Finite(BigRational::zero()))),
            target,
            via: args.via,
        }
    }

    fn add(&mut self, position: u64, input: &str) -> Result<(), Error> {
        self.tally
            .add(position, input)
            .map_err(|_| not_a_number(position, input))?;
        if let Some((stored, exact)) = &mut self.sum {
            let f = bulk::fate(&self.target, self.via, input, None)
                .map_err(|_| not_a_number(position, input))?;
            if let Ok(Kept::Float(v)) = f.numpy {
                stored.push(v);
            }
            exact.add(&f.text);
        }
        Ok(())
    }

    fn finish(
        self,
        to: &DType,
        target: &Target,
        args: &ValueArgs,
        platform: Platform,
    ) -> ValuesSummary {
        let t = &self.tally;
        let worst = t
            .worst
            .iter()
            .filter_map(|w| {
                let f = bulk::fate(target, args.via, &w.input, args.tolerance).ok()?;
                Some(WorstEntry {
                    position: w.position,
                    value: entry(target, platform, &w.input, f),
                })
            })
            .collect();
        let sum = self
            .sum
            .as_ref()
            .and_then(|(stored, exact)| sum_report(true, target, platform, stored, exact.text()));
        ValuesSummary {
            head: head(to, args.via),
            counts: t.counts,
            errors: LargestErrors::new(t.max_abs_error, t.max_rel_error),
            worst,
            verdict: ValuesVerdict {
                lossless: t.lossless(),
                smallest_lossless_dtype: t.ladder.smallest(platform).map(|d| d.name()),
                tolerance: args
                    .tolerance
                    .map(|tol| ToleranceReport::new(tol, t.exceeding)),
                sum,
            },
        }
    }
}

/// The longest line of a values file npmem reads (a number longer than this is a mistake).
const MAX_LINE_BYTES: u64 = 1 << 20;

/// One value per line, without its line ending, given to `each`; blank lines are skipped. Reads line by
/// line through one reused buffer of at most [`MAX_LINE_BYTES`]. Only a regular file or `-`
/// (standard input) is read: opening a FIFO would wait for a writer.
pub fn read_values(
    path: &Path,
    mut each: impl FnMut(&str) -> Result<(), Error>,
) -> Result<(), Error> {
    let name = path.display().to_string();
    let fail = |e: std::io::Error| Error::Usage(format!("--values-from {name}: {e}"));
    let mut reader: Box<dyn BufRead> = if name == "-" {
        Box::new(std::io::BufReader::with_capacity(1 << 16, std::io::stdin()))
    } else {
        // Only a regular file is opened (a FIFO would be waited on); a pipe comes through stdin.
        let file = npmem::files::open_regular_io(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput => Error::Usage(format!(
                "--values-from {name}: {e}; read it through standard input: --values-from - < {name}"
            )),
            _ => fail(e),
        })?;
        Box::new(std::io::BufReader::with_capacity(1 << 16, file))
    };
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES + 1)
            .read_until(b'\n', &mut buf)
            .map_err(fail)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if n as u64 > MAX_LINE_BYTES && !buf.ends_with(b"\n") {
            return Err(Error::Usage(format!(
                "--values-from {name}: line {line_no} is longer than 1 MiB"
            )));
        }
        let text = std::str::from_utf8(&buf).map_err(|_| {
            Error::Usage(format!(
                "--values-from {name}: line {line_no} is not UTF-8 text"
            ))
        })?;
        // The line as numpy would be handed it: without its line ending (longdouble's parser
        // refuses other whitespace after the number); blank lines are skipped.
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if !text.trim().is_empty() {
            each(text)?;
        }
    }
    Ok(())
}

/// What a path that is not a regular file is, in words.
#[cfg(test)]
mod tests {
    use super::*;
    use npmem::cast::scan::{Check, Quiet, ScanReport, check_file};
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

    /// `cast-check FILE TO` on the values written as a `.npy`.
    fn scan(values: &[f64], to: &str, check: Check) -> Option<ScanReport> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "npmem-ladder-{}-{}.npy",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, npy(values)).ok()?;
        let report = check_file(&path.to_string_lossy(), None, to, PLATFORM, check, &Quiet);
        let _ = std::fs::remove_file(&path);
        report.ok()
    }

    /// `cast-check FILE float64` on the values written as a `.npy`.
    fn by_file(values: &[f64]) -> Option<String> {
        scan(values, "float64", Check::default())?.smallest_lossless_dtype
    }

    fn within(rtol: f64, atol: f64) -> Check {
        Check {
            max_bytes: None,
            tolerance: Some(Tolerance { rtol, atol }),
        }
    }

    /// A file scan counts the values outside the tolerance, and finds the worst by its index,
    /// across the 1 MiB chunks both workers take: 300,000 values (2.4 MB), a few of them not
    /// whole numbers. Into float16 with atol 1e-6: 0.1 misses by 2.44e-5 and 0.3 by 4.88e-5;
    /// the second 0.3 (in another chunk) is as bad as the first, so the first stays the
    /// witness; an infinity float16 keeps is within (`np.isclose(inf, inf)`); a NaN is never
    /// within, and is the worst.
    #[test]
    fn the_worst_outside_the_tolerance_is_found_across_chunks() {
        let mut values = vec![2.0; 300_000];
        values[5] = 0.1;
        values[200_000] = 0.3;
        values[270_000] = 0.3;
        values[131_073] = f64::INFINITY;
        let r = scan(&values, "float16", within(0.0, 1e-6)).unwrap_or_else(|| panic!("scan"));
        assert_eq!(r.tolerance().map(|t| t.exceeding), Some(3));
        assert!(!r.passed() && !r.lossless);
        let w = r.worst_exceeding().unwrap_or_else(|| panic!("no witness"));
        assert_eq!((w.index, w.value.as_str()), (200_000, "0.3"));
        assert_eq!(w.stored.as_deref(), Some("0.300048828125"));
        values[299_999] = f64::NAN;
        let r = scan(&values, "float16", within(0.0, 1e-6)).unwrap_or_else(|| panic!("scan"));
        assert_eq!(r.tolerance().map(|t| t.exceeding), Some(4));
        let w = r.worst_exceeding().unwrap_or_else(|| panic!("no witness"));
        let got = (w.index, w.value.as_str(), w.ratio.as_str());
        assert_eq!(got, (299_999, "nan", "inf"));
    }

    /// Within a loose tolerance every value passes, though the cast changes some: the exit code
    /// follows the tolerance.
    #[test]
    fn a_loose_tolerance_passes_what_is_not_lossless() {
        let values = [0.1, 0.2, 1.0, f64::INFINITY];
        let r = scan(&values, "float16", within(1e-3, 0.0)).unwrap_or_else(|| panic!("scan"));
        assert!(!r.lossless && r.passed());
        assert_eq!(
            r.tolerance().map(|t| (t.exceeding, t.within)),
            Some((0, true))
        );
        assert!(r.worst_exceeding().is_none());
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
        let mut ladder = Ladder::new();
        for t in &texts {
            ladder.add_text(t);
        }
        ladder.smallest(PLATFORM).map(|d| d.name())
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
