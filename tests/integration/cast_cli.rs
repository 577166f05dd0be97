//! `npmem cast-check FROM TO`: the JSON contract, exit codes per --casting, and the losses.

use serde::Deserialize;

use crate::support::npmem;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
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
    let r = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
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
