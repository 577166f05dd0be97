//! `npmem cast-check FROM TO`: the JSON contract, exit codes per --casting, and the losses.

use serde::Deserialize;

use crate::support::npmem;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    kind: String,
    from: String,
    to: String,
    can_cast: Verdicts,
    result_type: Option<String>,
    #[serde(default)]
    promotion_error: Option<String>,
    lossless: bool,
    losses: Vec<Loss>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Verdicts {
    no: bool,
    equiv: bool,
    safe: bool,
    same_kind: bool,
    #[serde(rename = "unsafe")]
    unsafe_: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Loss {
    kind: String,
    witness: String,
    becomes: String,
    message: String,
}

fn check(from: &str, to: &str, extra: &[&str]) -> (i32, Report) {
    let mut args = vec!["cast-check", from, to, "--json"];
    args.extend_from_slice(extra);
    let run = npmem(&args);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let r: Report =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(r.kind, "dtypes");
    (run.code, r)
}

fn loss<'a>(r: &'a Report, kind: &str) -> &'a Loss {
    r.losses
        .iter()
        .find(|l| l.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} loss in {:?}", r.losses))
}

#[test]
fn int64_to_float64_is_safe_but_lossy() {
    let (code, r) = check("int64", "float64", &[]);
    assert_eq!(code, 0, "safe by numpy's rule");
    assert_eq!((r.from.as_str(), r.to.as_str()), ("int64", "float64"));
    let v = &r.can_cast;
    assert_eq!(
        (v.no, v.equiv, v.safe, v.same_kind, v.unsafe_),
        (false, false, true, true, true)
    );
    assert_eq!(r.result_type.as_deref(), Some("float64"));
    assert!(r.promotion_error.is_none());
    assert!(!r.lossless);
    let p = loss(&r, "precision");
    assert_eq!(
        (p.witness.as_str(), p.becomes.as_str()),
        ("9007199254740993", "9007199254740992")
    );
    assert!(!p.message.is_empty());
    let (code, _) = check("int64", "float64", &["--casting", "lossless"]);
    assert_eq!(code, 1);
}

#[test]
fn losses_have_the_smallest_witnesses() {
    let (_, r) = check("int8", "uint8", &[]);
    let s = loss(&r, "sign");
    assert_eq!((s.witness.as_str(), s.becomes.as_str()), ("-1", "255"));
    let (_, r) = check("uint16", "int16", &[]);
    let g = loss(&r, "range");
    assert_eq!(
        (g.witness.as_str(), g.becomes.as_str()),
        ("32768", "-32768")
    );
    let (_, r) = check("float64", "float16", &[]);
    assert_eq!(loss(&r, "range").witness, "65520.0");
    assert_eq!(loss(&r, "range").becomes, "inf");
    assert_eq!(loss(&r, "underflow").witness, "5e-324");
    let (_, r) = check("float64", "int32", &[]);
    assert_eq!(loss(&r, "fraction").witness, "0.5");
    assert_eq!(loss(&r, "non_finite").witness, "nan");
    assert_eq!(loss(&r, "range").witness, "2147483648.0");
    let (_, r) = check("U10", "U5", &[]);
    let t = loss(&r, "truncation");
    assert_eq!((t.witness.len(), t.becomes.len()), (6, 5));
    let (_, r) = check("float16", "float8_e4m3fn", &[]);
    assert_eq!(loss(&r, "non_finite").becomes, "nan");
    assert_eq!(loss(&r, "range").becomes, "nan");
}

#[test]
fn lossless_casts() {
    for (from, to) in [
        ("int8", "int16"),
        ("float16", "float32"),
        ("bool", "uint8"),
        ("uint8", "float16"),
        ("float32", "float64"),
        ("int32", "float64"),
        ("f8", "O"),
    ] {
        let (code, r) = check(from, to, &["--casting", "lossless"]);
        assert!(
            r.lossless && r.losses.is_empty(),
            "{from} -> {to}: {:?}",
            r.losses
        );
        assert_eq!(code, 0);
    }
}

#[test]
fn exit_codes_follow_the_rule() {
    let (code, _) = check("float64", "float32", &[]);
    assert_eq!(code, 1, "not safe");
    let (code, _) = check("float64", "float32", &["--casting", "same_kind"]);
    assert_eq!(code, 0);
    let (code, _) = check(">i4", "int32", &["--casting", "no"]);
    assert_eq!(code, 1);
    let (code, _) = check(">i4", "int32", &["--casting", "equiv"]);
    assert_eq!(code, 0);
}

#[test]
fn promotion_errors_are_numpys() {
    let (_, r) = check("float64", "M8[ns]", &["--casting", "unsafe"]);
    assert!(r.result_type.is_none());
    let e = r.promotion_error.unwrap_or_default();
    assert!(e.starts_with("The DType <class 'numpy.dtypes.Float64DType'> could not be promoted by <class 'numpy.dtypes.DateTime64DType'>"), "{e}");
}

#[test]
fn bad_dtypes_and_rules() {
    for args in [
        &["cast-check", "flaot64", "f4"][..],
        &["cast-check", "f8", "f4", "--casting", "loose"][..],
        &["cast-check", "f8"][..],
    ] {
        let run = npmem(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stdout.is_empty());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
}

/// Every range witness is the smallest value that overflows: the value just below it (in the
/// source format) survives. Checked for float64 into every narrower float, ML formats included
/// (where ml_dtypes' route through float32 moves the threshold).
#[test]
fn range_witnesses_are_minimal() {
    use npmem::cast::losses::{LossKind, losses};
    use npmem::dtype::numeric::{Numeric, numeric};
    use npmem::dtype::{Platform, parse};
    use npmem::number::FloatFormat;
    use npmem::number::round::convert;
    use npmem::number::text::parse_text;
    let p = Platform::LINUX_X86_64;
    let from = parse("float64", p).unwrap_or_else(|e| panic!("{e}"));
    let targets = [
        "float16",
        "float32",
        "bfloat16",
        "float8_e4m3fn",
        "float8_e5m2",
        "float8_e4m3fnuz",
        "float8_e5m2fnuz",
        "float8_e4m3b11fnuz",
        "float8_e3m4",
        "float8_e4m3",
        "float8_e8m0fnu",
        "float6_e2m3fn",
        "float6_e3m2fn",
        "float4_e2m1fn",
    ];
    for name in targets {
        let to = parse(name, p).unwrap_or_else(|e| panic!("{e}"));
        let Some(Numeric::Float { limits, .. }) = numeric(&to) else {
            panic!("{name}")
        };
        let found = losses(&from, &to, p);
        let range = found
            .iter()
            .find(|l| l.kind == LossKind::Range)
            .unwrap_or_else(|| panic!("{name}: no range loss in {found:?}"));
        let Some(npmem::number::text::Text::Finite(w)) = parse_text(&range.witness) else {
            panic!("{name}: witness {} is not a number", range.witness)
        };
        let witness = FloatFormat::DOUBLE.round(&w);
        let bits = FloatFormat::DOUBLE
            .encode(&witness)
            .unwrap_or_else(|| panic!("{name}"));
        let below = FloatFormat::DOUBLE.decode(bits - 1);
        let max = limits.max.to_rational();
        let kept = convert(&below, &limits);
        assert!(
            matches!(kept, npmem::number::Value::Finite { .. }) && kept.to_rational() <= max,
            "{name}: the value below the witness {} does not survive",
            range.witness
        );
        let lost = convert(&witness, &limits);
        let overflowed = !matches!(lost, npmem::number::Value::Finite { .. })
            || (lost.to_rational() == max && witness.to_rational() > max);
        assert!(overflowed, "{name}: the witness {} survives", range.witness);
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValuesReport {
    kind: String,
    to: String,
    via: String,
    values: Vec<ValueEntry>,
    lossless: bool,
    smallest_lossless_dtype: Option<String>,
    #[serde(default)]
    sum: Option<SumReport>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    value: Option<String>,
    exact: Option<String>,
    error: Option<String>,
    #[serde(default)]
    astype: Option<Box<Stored>>,
    #[serde(default)]
    warning: Option<String>,
    #[serde(default)]
    real: Option<Box<Text>>,
    #[serde(default)]
    imag: Option<Box<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    value: String,
    exact: String,
    #[serde(default)]
    real: Option<Box<Text>>,
    #[serde(default)]
    imag: Option<Box<Text>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartJudgement {
    exact: bool,
    overflow: bool,
    above_max: bool,
    underflow: bool,
    subnormal: bool,
    abs_error: Option<String>,
    rel_error: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Parts {
    real: PartJudgement,
    imag: PartJudgement,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueEntry {
    input: String,
    numpy: Stored,
    #[serde(default)]
    correctly_rounded: Option<Text>,
    exact: bool,
    overflow: bool,
    above_max: bool,
    underflow: bool,
    subnormal: bool,
    abs_error: Option<String>,
    rel_error: Option<String>,
    #[serde(default)]
    parts: Option<Parts>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SumReport {
    numpy: Text,
    exact: String,
}

fn values(args: &[&str]) -> (i32, ValuesReport) {
    let mut all = vec!["cast-check"];
    all.extend_from_slice(args);
    all.push("--json");
    let run = npmem(&all);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let r: ValuesReport =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(r.kind, "values");
    (run.code, r)
}

/// The summary past a handful of values: exactly these keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Summary {
    kind: String,
    to: String,
    via: String,
    count: u64,
    changed: u64,
    overflow: u64,
    above_max: u64,
    underflow: u64,
    numpy_errors: u64,
    nan_count: u64,
    inf_count: u64,
    max_abs_error: String,
    max_rel_error: String,
    worst: Vec<serde_json::Value>,
    lossless: bool,
    smallest_lossless_dtype: Option<String>,
    #[serde(default)]
    tolerance: Option<Tolerance>,
    #[serde(default)]
    sum: Option<SumReport>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tolerance {
    rtol: f64,
    atol: f64,
    exceeding: u64,
    within: bool,
}

/// `cast-check TO --values-from FILE` on these lines, with `extra` flags.
fn from_file(name: &str, lines: &[String], to: &str, extra: &[&str]) -> crate::support::Run {
    let dir = std::env::temp_dir().join(format!("npmem-bulk-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("values.txt");
    std::fs::write(&file, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let path = file.display().to_string();
    let mut args = vec!["cast-check", to, "--values-from", &path];
    args.extend_from_slice(extra);
    let run = npmem(&args);
    let _ = std::fs::remove_dir_all(&dir);
    run
}

#[test]
fn past_twenty_values_a_summary() {
    // 20 values are listed; 21 are summed up.
    let twenty: Vec<String> = (0..20).map(|i| i.to_string()).collect();
    let run = from_file("twenty", &twenty, "uint8", &["--json"]);
    let r: ValuesReport = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.values.len(), 20);
    let mut lines: Vec<String> = (0..997).map(|i| format!("{}", i % 7)).collect();
    lines.extend(["65520", "0.1", "1e-8", "-1e-8", "nan", "2049.0000000000001"].map(String::from));
    let run = from_file("summary", &lines, "float16", &["--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let s: Summary = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (s.kind.as_str(), s.to.as_str(), s.via.as_str()),
        ("values", "float16", "string")
    );
    assert_eq!(
        (s.count, s.changed, s.overflow, s.underflow),
        (1003, 5, 1, 2)
    );
    assert_eq!((s.numpy_errors, s.nan_count, s.inf_count), (0, 1, 0));
    assert!(!s.lossless && s.tolerance.is_none() && s.sum.is_none());
    assert_eq!(s.smallest_lossless_dtype.as_deref(), Some("float64"));
    // The worst first: the overflow (inf), then the underflows (relative error 1).
    assert_eq!(s.worst.len(), 5);
    assert_eq!(s.worst[0]["input"], "65520");
    assert_eq!(s.worst[0]["position"], 998);
    assert_eq!(s.worst[0]["numpy"]["value"], "inf");
    assert_eq!(s.worst[1]["input"], "1e-8");
    assert_eq!(s.worst[1]["rel_error"], "1/1");
    // 2049.0000000000001 → 2048: the largest absolute error is the text's (float64 reads
    // the text as 2049.0 and would say 1.0), rounded to float64 only to print it.
    assert_eq!(s.max_abs_error, "1.0000000000001");
    assert_eq!(s.max_rel_error, "1.0");
    // A tolerance decides the exit code and keeps only the values outside it.
    let run = from_file(
        "tolerance",
        &lines[..1000],
        "float16",
        &["--json", "--rtol", "1e-3"],
    );
    let s: Summary = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let t = s.tolerance.unwrap_or_else(|| panic!("no tolerance"));
    assert_eq!(
        (t.rtol, t.atol, t.exceeding, t.within),
        (1e-3, 1e-8, 1, false)
    );
    assert_eq!(run.code, 1);
    assert_eq!(s.worst.len(), 1, "only the overflow is outside rtol 1e-3");
    let run = from_file("within", &lines[..997], "float16", &["--rtol", "0"]);
    assert_eq!(
        run.code, 0,
        "small integers are exact: within any tolerance"
    );
}

#[test]
fn each_lists_every_value_as_json_lines() {
    let lines: Vec<String> = (0..30).map(|i| format!("{i}.5")).collect();
    let run = from_file(
        "each",
        &lines,
        "float16",
        &["--json", "--each", "--atol", "0.5"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let entries: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(entries.len(), 30);
    assert_eq!(entries[3]["input"], "3.5");
    assert_eq!(entries[3]["within_tolerance"], true);
    assert!(run.stdout.lines().all(|l| l.starts_with("{\"input\"")));
}

#[test]
fn casting_with_values_is_refused_or_lossless() {
    let run = npmem(&["cast-check", "float16", "--value", "1", "--casting", "safe"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("can_cast refuses Python scalars"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1);
    let run = npmem(&[
        "cast-check",
        "float16",
        "--value",
        "0.1",
        "--casting",
        "lossless",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let run = npmem(&["cast-check", "float64", "float16", "--rtol", "1e-3"]);
    assert_eq!(run.code, 2);
    for bad in ["-1", "nan", "inf", "x"] {
        let run = npmem(&["cast-check", "float16", "--value", "1", "--rtol", bad]);
        assert_eq!(run.code, 2, "{bad}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = std::env::temp_dir().join(format!("npmem-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let fifo = dir.join("values");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let path = fifo.display().to_string();
        let run = npmem(&["cast-check", "float16", "--values-from", &path]);
        assert_eq!(run.code, 2);
        assert!(
            run.stderr
                .contains("a named pipe (FIFO), not a regular file")
                && run.stderr.contains("--values-from - <"),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_long_number_is_read_to_its_end() {
    // 200,000 digits after the point: float64's 1/3, cut and rounded as the whole text.
    let third = format!("0.{}", "3".repeat(200_000));
    let run = from_file("long", &[third], "float64", &["--format", "plain"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("numpy=0.3333333333333333 "),
        "{}",
        &run.stdout[..200.min(run.stdout.len())]
    );
}

#[test]
fn float16_rounds_twice_through_float64() {
    let (code, r) = values(&["float16", "--value", "2049.0000000000001"]);
    assert_eq!(code, 1);
    assert_eq!((r.to.as_str(), r.via.as_str()), ("float16", "string"));
    let v = &r.values[0];
    assert_eq!(v.input, "2049.0000000000001");
    assert_eq!(v.numpy.value.as_deref(), Some("2.048e+03"));
    assert_eq!(v.numpy.exact.as_deref(), Some("2048/1"));
    assert!(v.numpy.error.is_none() && v.numpy.astype.is_none());
    let c = v
        .correctly_rounded
        .as_ref()
        .unwrap_or_else(|| panic!("no correctly_rounded"));
    assert_eq!((c.value.as_str(), c.exact.as_str()), ("2.05e+03", "2050/1"));
    assert!(!v.exact && !v.overflow && !v.underflow && !v.subnormal);
    assert_eq!(
        v.abs_error.as_deref(),
        Some("10000000000001/10000000000000")
    );
    assert!(v.rel_error.is_some());
    assert!(!r.lossless);
}

#[test]
fn integers_report_numpys_overflow_error_and_astype() {
    let (code, r) = values(&[
        "uint8", "--value", "300", "--value", "7", "--value", "1.5", "--value", "1e30",
    ]);
    assert_eq!(code, 1);
    let big = &r.values[0].numpy;
    assert_eq!(
        big.error.as_deref(),
        Some("Python integer 300 out of bounds for uint8")
    );
    assert_eq!(
        big.astype.as_ref().and_then(|a| a.value.clone()).as_deref(),
        Some("44")
    );
    assert!(r.values[0].overflow);
    assert_eq!(r.values[1].numpy.value.as_deref(), Some("7"));
    assert!(r.values[1].exact);
    assert_eq!(
        r.values[2].numpy.error.as_deref(),
        Some("invalid literal for int() with base 10: '1.5'")
    );
    assert_eq!(
        r.values[3].numpy.error.as_deref(),
        Some("invalid literal for int() with base 10: '1e30'")
    );
    let (_, r) = values(&["int64", "--value", "1e30", "--via", "float64"]);
    assert_eq!(
        r.values[0].numpy.error.as_deref(),
        Some("Python int too large to convert to C long")
    );
    let (_, r) = values(&["uint16", "--value", "3", "--value", "300"]);
    assert_eq!(r.smallest_lossless_dtype.as_deref(), Some("uint16"));
    assert!(r.lossless);
}

#[test]
fn a_python_float_literal_overflows_before_numpy_sees_it() {
    let (_, r) = values(&["longdouble", "--value", "1.80e308", "--via", "float64"]);
    assert_eq!(r.values[0].numpy.value.as_deref(), Some("inf"));
    assert!(r.values[0].overflow);
    let (_, r) = values(&["longdouble", "--value", "1.80e308"]);
    assert_eq!(r.values[0].numpy.value.as_deref(), Some("1.8e+308"));
    assert_eq!(r.smallest_lossless_dtype.as_deref(), Some("float128"));
}

#[test]
fn the_source_materials_sum() {
    let (_, r) = values(&["float32", "--value", "1", "--value", "1e-15", "--sum"]);
    let s = r.sum.unwrap_or_else(|| panic!("no sum"));
    assert_eq!(s.numpy.value, "1.0");
    assert_eq!(s.exact, "1000000000000001/1000000000000000");
    let (_, r) = values(&["float64", "--value", "1", "--value", "1e-15", "--sum"]);
    assert_eq!(
        r.sum.map(|s| s.numpy.value).as_deref(),
        Some("1.000000000000001")
    );
}

#[test]
fn values_from_a_file_and_stdin() {
    let dir = std::env::temp_dir().join(format!("npmem-values-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("values.txt");
    std::fs::write(&file, "0.5\n\n  1.25 \n-2\n").unwrap_or_else(|e| panic!("{e}"));
    let path = file.display().to_string();
    let (code, r) = values(&["float16", "--values-from", &path]);
    assert_eq!(code, 0, "all three are exact in float16");
    assert_eq!(r.values.len(), 3);
    // Each line as it is, but its line ending: longdouble's parser refuses trailing spaces.
    assert_eq!(r.values[1].input, "  1.25 ");
    let (code, r) = values(&["longdouble", "--values-from", &path]);
    assert_eq!(code, 1);
    assert_eq!(
        r.values[1].numpy.error.as_deref(),
        Some("invalid literal for long double:   1.25 ")
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_npmem"))
        .args([
            "cast-check",
            "float16",
            "--values-from",
            "-",
            "--format",
            "plain",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = stdin.write_all(b"65520\n");
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("numpy=inf"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_values_are_usage_errors() {
    for args in [
        &["cast-check", "float16", "--value", "abc"][..],
        &["cast-check", "float16", "--value", "1e"][..],
        &["cast-check", "U5", "--value", "1"][..],
        &["cast-check", "int8", "float16", "--value", "1"][..],
        &[
            "cast-check",
            "float16",
            "--values-from",
            "/nonexistent/file",
        ][..],
    ] {
        let run = npmem(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
}

#[test]
fn overflow_is_a_value_made_infinite_and_above_max_one_rounded_down() {
    let (_, r) = values(&[
        "float16",
        "--value",
        "65504",
        "--value",
        "65505",
        "--value",
        "65519",
        "--value",
        "65520",
        "--value",
        "-65519.99",
    ]);
    let flags: Vec<(bool, bool)> = r.values.iter().map(|v| (v.overflow, v.above_max)).collect();
    assert_eq!(
        flags,
        [
            (false, false),
            (false, true),
            (false, true),
            (true, false),
            (false, true)
        ]
    );
    assert_eq!(r.values[2].numpy.value.as_deref(), Some("6.55e+04"));
    // A format without infinity: saturating (float4_e2m1fn) or NaN (float8_e4m3fn).
    let (_, r) = values(&["float4_e2m1fn", "--value", "100"]);
    assert_eq!(r.values[0].numpy.value.as_deref(), Some("6"));
    assert!(r.values[0].above_max && !r.values[0].overflow);
    let (_, r) = values(&["float8_e4m3fn", "--value", "1000"]);
    assert_eq!(r.values[0].numpy.value.as_deref(), Some("nan"));
    assert!(r.values[0].overflow && !r.values[0].above_max);
    // The summary counts both.
    let mut lines: Vec<String> = (0..30).map(|i| i.to_string()).collect();
    lines.extend(["65519", "65520", "65505"].map(String::from));
    let run = from_file("above", &lines, "float16", &["--json"]);
    let s: Summary = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((s.overflow, s.above_max), (1, 2));
}

#[test]
fn text_forms_follow_the_targets_parser() {
    let (code, r) = values(&["longdouble", "--value", "0x10", "--value", "-0x1.8p1"]);
    assert_eq!(code, 0);
    let stored: Vec<_> = r.values.iter().map(|v| v.numpy.exact.clone()).collect();
    assert_eq!(stored, [Some("16/1".to_string()), Some("-3/1".to_string())]);
    // float64's parser (Python's float()) refuses hex: numpy's error, exit 1.
    let (code, r) = values(&[
        "float64",
        "--value",
        "0x10",
        "--value",
        "\u{661}\u{662}.\u{665}",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        r.values[0].numpy.error.as_deref(),
        Some("could not convert string to float: '0x10'")
    );
    assert_eq!(r.values[1].numpy.value.as_deref(), Some("12.5"));
    // Exponents past ±20000 are numbers past every range.
    let (_, r) = values(&["float32", "--value", "1e20001", "--value", "-1e-20001"]);
    assert!(r.values[0].overflow && r.values[1].underflow);
    assert_eq!(r.values[1].numpy.value.as_deref(), Some("-0.0"));
    // ml_dtypes' integers take no text (numpy's TypeError), with what astype gives instead.
    let (code, r) = values(&["int4", "--value", "300"]);
    assert_eq!(code, 1);
    let v = &r.values[0].numpy;
    assert_eq!(v.error.as_deref(), Some("expected number, got str"));
    assert_eq!(
        v.astype.as_ref().and_then(|a| a.value.as_deref()),
        Some("-4")
    );
    let (_, r) = values(&["int4", "--value", "3", "--via", "float64"]);
    assert_eq!(r.values[0].numpy.value.as_deref(), Some("3"));
}

#[test]
fn a_megabyte_line_is_one_number() {
    let huge = "9".repeat((1 << 20) - 1);
    let tiny = format!("0.{}1", "0".repeat((1 << 20) - 4));
    let run = from_file("mib", &[huge, tiny], "float16", &["--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let r: ValuesReport = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.values[0].overflow && r.values[1].underflow);
}

/// Complex targets: both parts reported, each judged on its own; the value's flags are either
/// part's, its `exact` the parts' fractions as `re+imj`.
#[test]
fn complex_values_report_both_parts() {
    let (code, r) = values(&["c8", "--value", "(0.5-1e39j)", "--value", "2"]);
    assert_eq!(code, 1);
    let v = &r.values[0];
    let (re, im) = (
        v.numpy.real.as_ref().unwrap_or_else(|| panic!("real")),
        v.numpy.imag.as_ref().unwrap_or_else(|| panic!("imag")),
    );
    assert_eq!(
        v.numpy.exact.as_deref(),
        Some(format!("{}{}j", re.exact, im.exact).as_str())
    );
    assert_eq!((re.exact.as_str(), im.exact.as_str()), ("1/2", "-inf"));
    let p = v.parts.as_ref().unwrap_or_else(|| panic!("parts"));
    assert!(p.real.exact && !p.real.overflow && p.imag.overflow && !p.imag.exact);
    assert!(v.overflow && !v.exact && v.abs_error.is_none());
    let zero = Some("0/1");
    assert_eq!(
        (p.real.abs_error.as_deref(), p.real.rel_error.as_deref()),
        (zero, zero)
    );
    assert!(!p.imag.above_max && !p.imag.underflow && !p.imag.subnormal);
    let two = &r.values[1];
    assert!(two.exact && two.parts.as_ref().is_some_and(|p| p.imag.exact));
    let (code, r) = values(&["c16", "--value", "0.1+1j"]);
    assert_eq!(code, 1, "0.1 is float64's value, not 0.1");
    let c = r.values[0].correctly_rounded.as_ref();
    assert!(c.is_some_and(|c| c.real.is_some() && c.imag.is_some()));
    assert_eq!(r.smallest_lossless_dtype.as_deref(), Some("complex128"));
    // Real text into a complex target has an imaginary part of zero; no number is `1 + 2j`.
    let run = npmem(&["cast-check", "complex128", "--value", "1 + 2j"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.is_empty() && run.stderr.contains("1+2j"),
        "{}",
        run.stderr
    );
    let run = npmem(&["cast-check", "complex64", "--value", "1", "--sum"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// Complex text into a real type: numpy's error, and astype's real part with its warning.
#[test]
fn complex_text_into_a_real_type_is_numpys_error() {
    let (code, r) = values(&["float32", "--value", "1.5+2j", "--value", "3j"]);
    assert_eq!(code, 1);
    for (v, real) in r.values.iter().zip(["3/2", "0/1"]) {
        assert!(
            v.numpy
                .error
                .as_deref()
                .is_some_and(|e| e.contains(&v.input))
        );
        let a = v.numpy.astype.as_ref().unwrap_or_else(|| panic!("astype"));
        assert_eq!(a.exact.as_deref(), Some(real));
        assert!(
            a.warning
                .as_deref()
                .is_some_and(|w| w.starts_with("ComplexWarning"))
        );
        assert!(v.correctly_rounded.is_none());
    }
    assert_eq!(r.smallest_lossless_dtype.as_deref(), Some("complex64"));
    // An integer type keeps the truncated real part when it holds it, else gives none.
    let (_, r) = values(&[
        "int8", "--value", "-7.9+1j", "--value", "300j", "--value", "300+1j",
    ]);
    let astype: Vec<_> = r
        .values
        .iter()
        .map(|v| v.numpy.astype.as_ref().and_then(|a| a.exact.clone()))
        .collect();
    assert_eq!(
        astype,
        [Some("-7/1".to_string()), Some("0/1".to_string()), None]
    );
}

/// Past 20 values, complex values stream into the summary, counted by either part.
#[test]
fn complex_values_stream_into_a_summary() {
    let mut lines: Vec<String> = (0..40).map(|i| format!("{i}+{i}.5j")).collect();
    lines.push("1e39+1j".to_string());
    lines.push("nan+1j".to_string());
    lines.push("1+infj".to_string());
    let run = from_file("complex", &lines, "complex64", &["--json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let s: Summary = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (s.count, s.overflow, s.nan_count, s.inf_count),
        (43, 1, 1, 1)
    );
    assert_eq!(s.changed, 1);
    assert_eq!(s.smallest_lossless_dtype, None);
}
