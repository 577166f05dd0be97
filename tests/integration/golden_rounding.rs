//! float64 values cast into every narrower format (tests/data/rounding.json, written by
//! scripts/golden/golden_rounding.py): numpy rounds correctly and directly; ml_dtypes goes through
//! float32 and has its own answers for the special values its formats lack.

use npmem::dtype::numeric::{Numeric, numeric};
use npmem::dtype::{Platform, parse};
use npmem::number::round::convert;
use npmem::number::{FloatFormat, Value};

use crate::support::{assert_no_mismatches, read_json};

fn bits(hex: &str) -> u128 {
    u128::from_str_radix(hex.trim_start_matches("0x"), 16).unwrap_or(u128::MAX)
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::NaN { .. }, Value::NaN { .. }) => true,
        (Value::Finite { .. }, Value::Finite { .. }) => {
            a.to_rational() == b.to_rational() && a.is_negative() == b.is_negative()
        }
        _ => a == b,
    }
}

#[test]
fn casts_from_float64_match_numpy_and_ml_dtypes() {
    let data = read_json("rounding.json");
    let formats = data["formats"].as_array().cloned().unwrap_or_default();
    let mut mismatches = Vec::new();
    let mut total = 0;
    for f in &formats {
        let name = f["format"].as_str().unwrap_or_default();
        let dt = parse(name, Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Some(Numeric::Float { limits, .. }) = numeric(&dt) else {
            panic!("{name} is not a float format");
        };
        for case in f["cases"].as_array().cloned().unwrap_or_default() {
            total += 1;
            let input = FloatFormat::DOUBLE.decode(bits(case[0].as_str().unwrap_or_default()));
            let expected = limits
                .format
                .decode(bits(case[1].as_str().unwrap_or_default()));
            let ours = convert(&input, &limits);
            if !same(&ours, &expected) {
                mismatches.push(format!(
                    "{name} {}: npmem {ours:?}, numpy {expected:?}",
                    case[0]
                ));
            }
        }
    }
    assert_no_mismatches("casts", total, &mismatches);
}
