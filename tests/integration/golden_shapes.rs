//! Array sizes against numpy (tests/data/shapes.json): element and byte counts exact, numpy's
//! own refusals noted, and the same spec through the binary's JSON.

use npmem::dtype::{Platform, parse};
use npmem::shape::{Dim, array_size, parse_spec};
use serde_json::Value;

use crate::support::{assert_no_mismatches, read_json};

fn big(v: &Value) -> String {
    v.to_string()
}

#[test]
fn sizes_match_numpy() {
    let data = read_json("shapes.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    let mut mismatches = Vec::new();
    for case in &cases {
        let spec_text = case["spec"].as_str().unwrap_or_default();
        // numpy cannot take a dimension of 2^63 or more (OverflowError); npmem rejects the spec.
        let dim_overflow = case["error_type"].as_str() == Some("OverflowError");
        let spec = match parse_spec(spec_text) {
            Ok(_) if dim_overflow => {
                mismatches.push(format!(
                    "{spec_text:?}: npmem accepts a dimension numpy cannot take"
                ));
                continue;
            }
            Err(_) if dim_overflow => continue,
            // More than 64 dimensions in the shape itself: refused as it is parsed, with
            // numpy's words.
            Err(e) if too_many_dims(case) => {
                let error = case["error"].as_str().unwrap_or_default();
                if !e.to_string().contains(error) {
                    mismatches.push(format!("{spec_text:?}: {e}, numpy: {error}"));
                }
                continue;
            }
            Ok(s) => s,
            Err(e) => {
                mismatches.push(format!("{spec_text:?}: npmem rejects the spec: {e}"));
                continue;
            }
        };
        let dims: Vec<u64> = spec
            .dims
            .iter()
            .map(|d| match d {
                Dim::Known(n) => *n,
                Dim::Unknown => u64::MAX,
            })
            .collect();
        let want_shape: Vec<u64> = case["shape"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default();
        if dims != want_shape {
            mismatches.push(format!(
                "{spec_text:?}: shape {dims:?}, expected {want_shape:?}"
            ));
            continue;
        }
        let dtype_text = spec.dtype.clone().unwrap_or_else(|| "float64".to_string());
        let Ok(dtype) = parse(&dtype_text, Platform::LINUX_X86_64) else {
            mismatches.push(format!("{spec_text:?}: dtype {dtype_text:?} rejected"));
            continue;
        };
        let counted = array_size(&dims, &dtype);
        let too_big = case["too_big"].as_bool().unwrap_or(false);
        if counted.refusal.is_some() != too_big {
            mismatches.push(format!(
                "{spec_text:?}: npmem says numpy refuses: {:?}, numpy refused: {too_big}",
                counted.refusal
            ));
        }
        if too_big {
            // Exact arithmetic where numpy gives up.
            let expect_size = big(&case["size"]);
            let dims_product: num_bigint::BigUint = dims
                .iter()
                .fold(num_bigint::BigUint::from(1u8), |a, &d| a * d);
            if dims_product.to_string() != expect_size {
                mismatches.push(format!(
                    "{spec_text:?}: size {dims_product}, expected {expect_size}"
                ));
            }
            let expect_nbytes = big(&case["nbytes"]);
            let exact_nbytes = dims_product * dtype.itemsize;
            if exact_nbytes.to_string() != expect_nbytes {
                mismatches.push(format!(
                    "{spec_text:?}: nbytes {exact_nbytes}, expected {expect_nbytes}"
                ));
            }
        } else {
            let numpy_size = big(&case["numpy_size"]);
            let numpy_nbytes = big(&case["numpy_nbytes"]);
            let numpy_shape: Vec<u64> = case["array_shape"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default();
            let numpy_dtype = case["array_dtype"].as_str().unwrap_or_default();
            // numpy's .size is an int64 and wraps for zero-byte arrays past 2^63 elements;
            // npmem reports the true count.
            let wrapped = {
                let m = &counted.size % (num_bigint::BigUint::from(1u8) << 64u32);
                let m = u64::try_from(m).unwrap_or_default() as i64;
                m.to_string() == numpy_size
            };
            if counted.size > num_bigint::BigUint::from(i64::MAX as u64)
                && !counted.size_wraps_in_numpy()
            {
                mismatches.push(format!(
                    "{spec_text:?}: npmem does not flag numpy's wrapped .size"
                ));
            }
            if counted.size.to_string() != numpy_size && !wrapped {
                mismatches.push(format!(
                    "{spec_text:?}: size {}, numpy {numpy_size}",
                    counted.size
                ));
            }
            if counted.nbytes().to_string() != numpy_nbytes {
                mismatches.push(format!(
                    "{spec_text:?}: nbytes {}, numpy {numpy_nbytes}",
                    counted.nbytes()
                ));
            }
            if counted.shape != numpy_shape {
                mismatches.push(format!(
                    "{spec_text:?}: array shape {:?}, numpy {numpy_shape:?}",
                    counted.shape
                ));
            }
            if counted.dtype.typestr() != numpy_dtype {
                mismatches.push(format!(
                    "{spec_text:?}: array dtype {}, numpy {numpy_dtype}",
                    counted.dtype.typestr()
                ));
            }
        }
    }
    assert_no_mismatches("shapes", cases.len(), &mismatches);
}

/// numpy's refusal of more than 64 dimensions ("number of dimensions must be within [0, 64]").
fn too_many_dims(case: &Value) -> bool {
    case["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("number of dimensions must be within"))
}

/// Specs numpy refuses for their number of dimensions: npmem refuses them too, with numpy's
/// words, one line, exit 2.
#[test]
fn binary_refuses_what_has_too_many_dimensions() {
    let data = read_json("shapes.json");
    let cases: Vec<Value> = data["cases"]
        .as_array()
        .map(|c| c.iter().filter(|c| too_many_dims(c)).cloned().collect())
        .unwrap_or_default();
    let mut mismatches = Vec::new();
    for case in &cases {
        let spec = case["spec"].as_str().unwrap_or_default();
        let error = case["error"].as_str().unwrap_or_default();
        let run = crate::support::npmem(&["estimate", spec]);
        if run.code != 2 || !run.stdout.is_empty() || !run.stderr.contains(error) {
            mismatches.push(format!(
                "{spec:?}: exit {}, {:?}, numpy: {error}",
                run.code, run.stderr
            ));
        }
    }
    assert_no_mismatches("refusals of too many dimensions", cases.len(), &mismatches);
}

/// The same cases through the binary, in one run: the JSON's counts are numpy's.
#[test]
fn binary_json_matches_numpy() {
    let data = read_json("shapes.json");
    let cases: Vec<Value> = data["cases"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter(|c| c["error_type"].as_str() != Some("OverflowError") && !too_many_dims(c))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut args: Vec<&str> = vec!["estimate", "--json", "--ram", "1GB"];
    args.extend(cases.iter().filter_map(|c| c["spec"].as_str()));
    let run = crate::support::npmem(&args);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let arrays = report["arrays"].as_array().cloned().unwrap_or_default();
    assert_eq!(arrays.len(), cases.len());
    let mut mismatches = Vec::new();
    for (case, array) in cases.iter().zip(&arrays) {
        let spec = case["spec"].as_str().unwrap_or_default();
        let mut check = |what: &str, ours: &Value, numpy: &Value| {
            if big(ours) != big(numpy) {
                mismatches.push(format!("{spec:?}: {what} {ours}, numpy {numpy}"));
            }
        };
        check("shape", &array["shape"], &case["shape"]);
        check("size", &array["size"], &case["size"]);
        check("itemsize", &array["itemsize"], &case["itemsize"]);
        if case["too_big"].as_bool() == Some(false) {
            check("nbytes", &array["nbytes"], &case["numpy_nbytes"]);
        } else if !array["notes"].to_string().contains("refuse") {
            mismatches.push(format!("{spec:?}: no note that numpy refuses it"));
        }
    }
    assert_no_mismatches("specs through the binary", cases.len(), &mismatches);
}
