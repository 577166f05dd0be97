//! `np.can_cast` under every rule and `np.result_type` for every pair of a wide set of dtypes
//! (tests/data/casting.json, written by scripts/golden/golden_casting.py), derived by npmem's rules.

use npmem::cast::result_type;
use npmem::cast::rules::{Casting, cast_level};
use npmem::dtype::{DType, LongDouble, Platform, parse};
use serde_json::Value;

use crate::support::{assert_no_mismatches, read_json};

fn dt(s: &str) -> DType {
    parse(s, Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{s}: {e}"))
}

const ML: [&str; 20] = [
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
    "int2",
    "int4",
    "uint2",
    "uint4",
    "complex32",
    "bcomplex32",
    "int1",
    "uint1",
];

fn is_ml(s: &str) -> bool {
    ML.contains(&s)
}

fn check_can_cast(ml: bool) {
    let data = read_json("casting.json");
    let records = data["can_cast"].as_array().cloned().unwrap_or_default();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for r in &records {
        let (a, b) = (
            r["from"].as_str().unwrap_or(""),
            r["to"].as_str().unwrap_or(""),
        );
        if (is_ml(a) || is_ml(b)) != ml {
            continue;
        }
        checked += 1;
        let level = cast_level(&dt(a), &dt(b));
        for rule in Casting::ALL {
            let numpy = r["can_cast"][rule.name()].as_bool().unwrap_or(false);
            let ours = level.is_some_and(|l| l <= rule);
            if ours != numpy {
                mismatches.push(format!(
                    "{a} -> {b} under {}: npmem {ours}, numpy {numpy}",
                    rule.name()
                ));
                break;
            }
        }
    }
    assert_no_mismatches("cast pairs", checked, &mismatches);
}

#[test]
fn can_cast_matches_numpy() {
    check_can_cast(false);
}

#[test]
fn can_cast_matches_ml_dtypes_registrations() {
    check_can_cast(true);
}

fn check_promotion(ml: bool) {
    let data = read_json("casting.json");
    let records = data["promotion"].as_array().cloned().unwrap_or_default();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for r in &records {
        let (a, b) = (r["a"].as_str().unwrap_or(""), r["b"].as_str().unwrap_or(""));
        if (is_ml(a) || is_ml(b)) != ml {
            continue;
        }
        checked += 1;
        let numpy: &Value = &r["result_type"];
        match (
            result_type(&dt(a), &dt(b), LongDouble::X87Extended),
            numpy.get("error"),
        ) {
            (Ok(d), None) => {
                if d.typestr() != numpy["str"].as_str().unwrap_or("") {
                    mismatches.push(format!(
                        "{a} + {b}: npmem {}, numpy {}",
                        d.typestr(),
                        numpy["str"]
                    ));
                }
            }
            (Err(e), Some(_)) => {
                if e != numpy["message"].as_str().unwrap_or("") {
                    mismatches.push(format!(
                        "{a} + {b}: message npmem {e:?}, numpy {:?}",
                        numpy["message"]
                    ));
                }
            }
            (Ok(d), Some(_)) => mismatches.push(format!(
                "{a} + {b}: npmem {}, numpy raises {}",
                d.typestr(),
                numpy["message"]
            )),
            (Err(e), None) => mismatches.push(format!(
                "{a} + {b}: npmem raises {e:?}, numpy {}",
                numpy["str"]
            )),
        }
    }
    assert_no_mismatches("promotion pairs", checked, &mismatches);
}

#[test]
fn result_type_matches_numpy() {
    check_promotion(false);
}

#[test]
fn result_type_matches_ml_dtypes() {
    check_promotion(true);
}
