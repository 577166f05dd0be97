//! `npmem finfo` as users and scripts run it: the JSON contract, repr/str, the comparison.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::support::npmem;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    dtypes: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Entry {
    Float(FloatEntry),
    Int(IntEntry),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FloatEntry {
    dtype: String,
    query: String,
    library: String,
    kind: String,
    bits: u32,
    eps: String,
    epsneg: String,
    max: String,
    min: String,
    tiny: String,
    smallest_normal: String,
    smallest_subnormal: String,
    resolution: String,
    precision: u32,
    machep: i64,
    negep: i64,
    minexp: i64,
    maxexp: i64,
    nexp: u32,
    nmant: u32,
    iexp: u32,
    itemsize: u64,
    #[serde(default)]
    nbytes: Option<serde_json::Number>,
    exact: BTreeMap<String, String>,
    #[serde(default)]
    exact_decimal: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IntEntry {
    dtype: String,
    query: String,
    library: String,
    kind: String,
    bits: u32,
    min: serde_json::Number,
    max: serde_json::Number,
    itemsize: u64,
    #[serde(default)]
    nbytes: Option<serde_json::Number>,
}

fn json(args: &[&str]) -> Report {
    let mut all = vec!["finfo"];
    all.extend_from_slice(args);
    all.push("--json");
    let run = npmem(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("contract broken: {e}\n{}", run.stdout))
}

#[test]
fn json_contract() {
    let r = json(&["float64", "int8", "bfloat16", "complex64", "--shape", "1e6"]);
    assert_eq!(r.dtypes.len(), 4);
    let Entry::Float(f) = &r.dtypes[0] else {
        panic!("float64 is a float")
    };
    assert_eq!(
        (
            f.dtype.as_str(),
            f.kind.as_str(),
            f.bits,
            f.library.as_str()
        ),
        ("float64", "f", 64, "numpy")
    );
    assert_eq!(f.eps, "2.220446049250313e-16");
    assert_eq!(f.exact["eps"], "1/4503599627370496");
    assert_eq!(f.exact["min"], format!("-{}", f.exact["max"]));
    assert_eq!(f.max, "1.7976931348623157e+308");
    assert_eq!(
        (f.precision, f.machep, f.negep, f.minexp, f.maxexp),
        (15, -52, -53, -1022, 1024)
    );
    assert_eq!((f.nexp, f.nmant, f.iexp, f.itemsize), (11, 52, 11, 8));
    assert_eq!(
        f.nbytes.as_ref().map(ToString::to_string),
        Some("8000000".into())
    );
    assert!(f.exact_decimal.is_none());
    assert_eq!(f.exact.len(), 8);
    for text in [
        &f.epsneg,
        &f.min,
        &f.tiny,
        &f.smallest_normal,
        &f.smallest_subnormal,
        &f.resolution,
    ] {
        assert!(!text.is_empty());
    }
    let Entry::Int(i) = &r.dtypes[1] else {
        panic!("int8 is an integer")
    };
    assert_eq!(
        (i.dtype.as_str(), i.kind.as_str(), i.bits),
        ("int8", "i", 8)
    );
    assert_eq!(
        (i.min.to_string(), i.max.to_string()),
        ("-128".into(), "127".into())
    );
    assert_eq!(
        (i.query.as_str(), i.library.as_str(), i.itemsize),
        ("int8", "numpy", 1)
    );
    assert_eq!(
        i.nbytes.as_ref().map(ToString::to_string),
        Some("1000000".into())
    );
    let Entry::Float(b) = &r.dtypes[2] else {
        panic!("bfloat16 is a float")
    };
    assert_eq!(
        (b.resolution.as_str(), b.library.as_str()),
        ("0.0100098", "ml_dtypes")
    );
    let Entry::Float(c) = &r.dtypes[3] else {
        panic!("complex64 has finfo")
    };
    assert_eq!(
        (c.query.as_str(), c.dtype.as_str(), c.itemsize),
        ("complex64", "float32", 8)
    );
}

#[test]
fn integers_beyond_64_bits_are_exact_json() {
    let r = json(&["uint64", "int64"]);
    let Entry::Int(u) = &r.dtypes[0] else {
        panic!()
    };
    assert_eq!(u.max.to_string(), "18446744073709551615");
    let Entry::Int(i) = &r.dtypes[1] else {
        panic!()
    };
    assert_eq!(i.min.to_string(), "-9223372036854775808");
}

#[test]
fn repr_and_str_are_numpys() {
    let run = npmem(&["finfo", "float16", "float8_e4m3fn", "--format", "repr"]);
    assert_eq!(
        run.stdout,
        "finfo(resolution=0.001, min=-6.55040e+04, max=6.55040e+04, dtype=float16)\n\
         finfo(resolution=0.101562, min=-448, max=448, dtype=float8_e4m3fn)\n"
    );
    let run = npmem(&["finfo", "int16", "--format", "str"]);
    assert_eq!(
        run.stdout,
        "Machine parameters for int16\n\
         ---------------------------------------------------------------\n\
         min = -32768\nmax = 32767\n\
         ---------------------------------------------------------------\n"
    );
    let run = npmem(&["finfo", "longdouble", "--format", "repr"]);
    assert!(
        run.stdout.contains("max=1.189731495357231765e+4932"),
        "{}",
        run.stdout
    );
    let run = npmem(&["estimate", "10", "--format", "repr"]);
    assert_eq!(run.code, 2, "repr is for finfo only");
}

#[test]
fn default_comparison_and_shape() {
    let run = npmem(&["finfo", "--shape", "125000000"]);
    assert_eq!(run.code, 0);
    for needle in [
        "float16",
        "float32",
        "float64",
        "longdouble",
        "6.55e+04",
        "1e-15",
        "1.0 GB",
        "250.0 MB",
    ] {
        assert!(
            run.stdout.contains(needle),
            "{needle} missing:\n{}",
            run.stdout
        );
    }
}

#[test]
fn exact_expansions() {
    let r = json(&["float16", "--exact"]);
    let Entry::Float(f) = &r.dtypes[0] else {
        panic!()
    };
    let d = f.exact_decimal.clone().unwrap_or_default();
    assert_eq!(d["eps"], "0.0009765625");
    assert_eq!(d["max"], "65504");
    assert_eq!(d["smallest_subnormal"], "0.000000059604644775390625");
    let run = npmem(&["finfo", "float16", "--exact"]);
    assert!(
        run.stdout
            .contains("float16 resolution = 0.0010004043579101562"),
        "{}",
        run.stdout
    );
}

#[test]
fn platforms() {
    let r = json(&["longdouble", "--platform", "linux-aarch64"]);
    let Entry::Float(f) = &r.dtypes[0] else {
        panic!()
    };
    assert_eq!(
        f.exact["eps"],
        format!("1/{}", num_bigint::BigUint::from(1u8) << 112u32)
    );
    assert_eq!((f.nmant, f.precision, f.bits), (112, 33, 128));
    let r = json(&["longdouble", "--platform", "windows-x86_64"]);
    let Entry::Float(f) = &r.dtypes[0] else {
        panic!()
    };
    assert_eq!(
        (f.dtype.as_str(), f.nmant, f.max.as_str()),
        ("float64", 52, "1.7976931348623157e+308")
    );
}

#[test]
fn ml_formats_without_infinity() {
    let r = json(&["float8_e4m3fn", "float8_e8m0fnu", "float4_e2m1fn"]);
    let Entry::Float(f) = &r.dtypes[0] else {
        panic!()
    };
    assert_eq!((f.max.as_str(), f.exact["max"].as_str()), ("448", "448/1"));
    let Entry::Float(e) = &r.dtypes[1] else {
        panic!()
    };
    assert_eq!(
        e.min, e.tiny,
        "unsigned: min is the smallest positive value"
    );
    let Entry::Float(q) = &r.dtypes[2] else {
        panic!()
    };
    assert_eq!((q.bits, q.max.as_str(), q.eps.as_str()), (4, "6", "0.5"));
}

#[test]
fn bad_dtypes() {
    for dtype in ["bool", "U10", "O", "M8[ns]", "f8,i4", "flaot16"] {
        let run = npmem(&["finfo", dtype]);
        assert_eq!(run.code, 2, "{dtype}");
        assert!(run.stdout.is_empty());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
}
