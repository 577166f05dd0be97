//! finfo, iinfo and scalar printing against numpy and ml_dtypes (tests/data/finfo.json and
//! tests/data/floatprint*.json, written by scripts/golden/golden_floats.py): text byte for byte,
//! values as exact fractions.

use npmem::dtype::Platform;
use npmem::dtype::finfo::{FinfoEntry, info};
use npmem::number::FloatFormat;
use npmem::number::print::{NumpyScalar, cpp_general, numpy_str, percent_e};
use serde_json::Value;

use crate::support::{assert_no_mismatches, npmem, read_json};

const INT_ATTRS: [&str; 9] = [
    "bits",
    "precision",
    "machep",
    "negep",
    "minexp",
    "maxexp",
    "nexp",
    "nmant",
    "iexp",
];

fn finfo_of(query: &str) -> Result<FinfoEntry, String> {
    let platform = Platform::LINUX_X86_64;
    let dt = npmem::dtype::parse(query, platform).map_err(|e| e.to_string())?;
    info(query, &dt, platform, false)
}

#[test]
fn finfo_matches_numpy_and_ml_dtypes() {
    let data = read_json("finfo.json");
    let records = data["finfo"].as_array().cloned().unwrap_or_default();
    let mut mismatches = Vec::new();
    for rec in &records {
        let query = rec["query"].as_str().unwrap_or_default();
        let f = match finfo_of(query) {
            Ok(FinfoEntry::Float(f)) => f,
            Ok(FinfoEntry::Int(_)) => {
                mismatches.push(format!("{query}: npmem gives iinfo"));
                continue;
            }
            Err(e) => {
                mismatches.push(format!("{query}: {e}"));
                continue;
            }
        };
        let mut check = |what: &str, ours: &str, theirs: &Value| {
            let theirs = theirs
                .as_str()
                .map_or_else(|| theirs.to_string(), str::to_string);
            if ours != theirs {
                mismatches.push(format!("{query} {what}: npmem {ours:?}, numpy {theirs:?}"));
            }
        };
        check("repr", &f.repr, &rec["repr"]);
        check("str", &f.str_, &rec["str"]);
        check("dtype", &f.dtype, &rec["dtype"]);
        let attrs = &rec["attrs"];
        for name in npmem::number::limits::FLOAT_ATTRIBUTES {
            let printed = f.printed.get(name).cloned().unwrap_or_default();
            check(&format!("{name} str"), &printed, &attrs[name]["str"]);
            let fraction = f.fractions.get(name).cloned().unwrap_or_default();
            check(&format!("{name} exact"), &fraction, &attrs[name]["exact"]);
        }
        let l = &f.limits;
        let ints = [
            i64::from(l.bits),
            i64::from(l.precision),
            l.machep,
            l.negep,
            l.minexp,
            l.maxexp,
            i64::from(l.nexp),
            i64::from(l.nmant),
            i64::from(l.iexp),
        ];
        for (name, ours) in INT_ATTRS.iter().zip(ints) {
            check(name, &ours.to_string(), &attrs[*name]["exact"]);
        }
    }
    assert_no_mismatches("finfo records", records.len(), &mismatches);
}

#[test]
fn iinfo_matches_numpy_and_ml_dtypes() {
    let data = read_json("finfo.json");
    let records = data["iinfo"].as_array().cloned().unwrap_or_default();
    let numpy_names: Vec<&str> = records
        .iter()
        .filter(|r| r["source"] == "numpy")
        .filter_map(|r| r["query"].as_str())
        .collect();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for rec in &records {
        let query = rec["query"].as_str().unwrap_or_default();
        // ml_dtypes.iinfo of numpy's own types differs from np.iinfo only in str();
        // npmem follows numpy for numpy's types.
        if rec["source"] == "ml_dtypes" && numpy_names.contains(&query) {
            continue;
        }
        checked += 1;
        let i = match finfo_of(query) {
            Ok(FinfoEntry::Int(i)) => i,
            other => {
                mismatches.push(format!("{query}: not iinfo: {:?}", other.err()));
                continue;
            }
        };
        let fields = [
            (
                "repr",
                i.repr.clone(),
                rec["repr"].as_str().unwrap_or_default().to_string(),
            ),
            (
                "str",
                i.str_.clone(),
                rec["str"].as_str().unwrap_or_default().to_string(),
            ),
            (
                "dtype",
                i.dtype.clone(),
                rec["dtype"].as_str().unwrap_or_default().to_string(),
            ),
            (
                "kind",
                i.kind.to_string(),
                rec["kind"].as_str().unwrap_or_default().to_string(),
            ),
            ("bits", i.bits.to_string(), rec["bits"].to_string()),
            ("min", i.min.0.to_string(), rec["min"].to_string()),
            ("max", i.max.0.to_string(), rec["max"].to_string()),
        ];
        for (what, ours, theirs) in fields {
            if ours != theirs {
                mismatches.push(format!("{query} {what}: npmem {ours:?}, numpy {theirs:?}"));
            }
        }
    }
    assert_no_mismatches("iinfo records", checked, &mismatches);
}

#[test]
fn non_numeric_dtypes_are_rejected() {
    let data = read_json("finfo.json");
    let rejects = data["rejects"].as_array().cloned().unwrap_or_default();
    let mut checked = 0;
    for rec in &rejects {
        let query = rec["query"].as_str().unwrap_or_default();
        // npmem's finfo answers iinfo for integers and finfo for floats; only what neither
        // numpy function takes must be rejected.
        let numeric = finfo_of(query).is_ok();
        let rejected_by_both = rec["call"] == "np.finfo" && !query.contains(['i', 'u'])
            || query == "bool"
            || query == "?";
        if rejected_by_both {
            checked += 1;
            assert!(
                !numeric,
                "npmem finfo accepts {query:?}, which neither finfo nor iinfo takes"
            );
        }
    }
    assert!(checked > 5);
    let run = npmem(&["finfo", "bool"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("finfo") && run.stderr.contains("iinfo"),
        "{}",
        run.stderr
    );
}

fn cases(file: &str, format: &str) -> Vec<Vec<String>> {
    let data = read_json(file);
    data["formats"][format]["cases"]
        .as_array()
        .map(|cases| {
            cases
                .iter()
                .map(|c| {
                    c.as_array()
                        .map(|a| {
                            a.iter()
                                .map(|v| v.as_str().unwrap_or_default().to_string())
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn bits(hex: &str) -> u128 {
    u128::from_str_radix(hex.trim_start_matches("0x"), 16).unwrap_or(u128::MAX)
}

fn check_numpy_prints(
    file: &str,
    name: &str,
    format: FloatFormat,
    scalar: NumpyScalar,
    percent: Option<u32>,
) {
    let ld = FloatFormat::X87_EXTENDED;
    let all = cases(file, name);
    let mut mismatches = Vec::new();
    for c in &all {
        let v = format.decode(bits(&c[0]));
        let ours = numpy_str(scalar, &format, &ld, &v);
        if ours != c[1] {
            mismatches.push(format!(
                "{name} {}: str npmem {ours:?}, numpy {:?}",
                c[0], c[1]
            ));
        }
        if let (Some(d), Some(theirs)) = (percent, c.get(2)) {
            let ours = percent_e(&v, d);
            let theirs = theirs.trim();
            if ours != theirs {
                mismatches.push(format!(
                    "{name} {}: %e npmem {ours:?}, Python {theirs:?}",
                    c[0]
                ));
            }
        }
    }
    assert_no_mismatches(&format!("{name} values"), all.len(), &mismatches);
}

#[test]
fn every_float16_prints_as_numpy() {
    check_numpy_prints(
        "floatprint.json",
        "float16",
        FloatFormat::HALF,
        NumpyScalar::Half,
        Some(5),
    );
}

#[test]
fn float32_prints_as_numpy() {
    check_numpy_prints(
        "floatprint.json",
        "float32",
        FloatFormat::SINGLE,
        NumpyScalar::Single,
        Some(7),
    );
}

#[test]
fn float64_prints_as_numpy() {
    check_numpy_prints(
        "floatprint_wide.json",
        "float64",
        FloatFormat::DOUBLE,
        NumpyScalar::Double,
        Some(16),
    );
}

/// Python's `repr` of a float (how npmem prints a tolerance) is numpy's `str` of a float64.
#[test]
fn python_float_repr_is_numpys_float64_str() {
    let all = cases("floatprint_wide.json", "float64");
    assert!(all.len() > 1000, "{}", all.len());
    let mut mismatches = Vec::new();
    for c in &all {
        let Ok(pattern) = u64::from_str_radix(c[0].trim_start_matches("0x"), 16) else {
            panic!("{}", c[0])
        };
        let ours = npmem::number::print::python_float_repr(f64::from_bits(pattern));
        if ours != c[1] {
            mismatches.push(format!("{}: npmem {ours:?}, numpy {:?}", c[0], c[1]));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn longdouble_prints_as_numpy() {
    check_numpy_prints(
        "floatprint_wide.json",
        "longdouble",
        FloatFormat::X87_EXTENDED,
        NumpyScalar::LongDouble,
        None,
    );
}

#[test]
fn ml_dtypes_values_print_as_ml_dtypes() {
    let mut mismatches = Vec::new();
    let mut total = 0;
    for ml in &npmem::dtype::ML_TYPES {
        let npmem::dtype::MlKind::Float { format, .. } = ml.format else {
            continue;
        };
        let all = cases("floatprint_ml.json", ml.name);
        assert!(!all.is_empty(), "no golden values for {}", ml.name);
        total += all.len();
        for c in &all {
            let v = format.decode(bits(&c[0]));
            let ours = cpp_general(&v);
            if ours != c[1] {
                mismatches.push(format!(
                    "{} {}: npmem {ours:?}, ml_dtypes {:?}",
                    ml.name, c[0], c[1]
                ));
            }
        }
    }
    assert_no_mismatches("ML values", total, &mismatches);
}
