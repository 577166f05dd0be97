//! Every spelling numpy 2.5 was asked about (tests/data/dtypes.json, written by
//! scripts/golden/golden.py): npmem must accept exactly what numpy accepts, and describe it as numpy does.

use npmem::dtype::{Body, DType, ML_TYPES, Platform, parse};
use serde_json::Value;

use crate::support::{assert_no_mismatches, read_json};

fn s(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn n(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(u64::MAX)
}

/// Compare one accepted case; returns what differs.
fn compare(dt: &DType, case: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |what: &str, ours: String, numpy: String| {
        if ours != numpy {
            diffs.push(format!("{what}: npmem {ours:?}, numpy {numpy:?}"));
        }
    };
    check("name", dt.name(), s(case, "name"));
    check("str", dt.typestr(), s(case, "str"));
    check("kind", dt.kind().to_string(), s(case, "kind"));
    check("char", dt.char.to_string(), s(case, "char"));
    check(
        "itemsize",
        dt.itemsize.to_string(),
        n(case, "itemsize").to_string(),
    );
    check(
        "alignment",
        dt.alignment.to_string(),
        n(case, "alignment").to_string(),
    );
    check(
        "byteorder",
        dt.byteorder.as_char().to_string(),
        s(case, "byteorder"),
    );
    let numpy_shape: Vec<u64> = case
        .get("shape")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    let (our_shape, base) = match &dt.body {
        Body::Subarray { base, shape } => (shape.clone(), (**base).clone()),
        _ => (Vec::new(), dt.clone()),
    };
    check(
        "shape",
        format!("{our_shape:?}"),
        format!("{numpy_shape:?}"),
    );
    check("base.str", base.typestr(), s(case, "base_str"));
    let numpy_fields = case.get("fields").and_then(Value::as_array);
    let our_fields = match &dt.body {
        Body::Structured(fields) => Some(fields),
        _ => None,
    };
    match (our_fields, numpy_fields) {
        (None, None) => {}
        (Some(ours), Some(theirs)) => {
            let ours: Vec<String> = ours
                .iter()
                .map(|f| {
                    let shape = match &f.dtype.body {
                        Body::Subarray { shape, .. } => shape.clone(),
                        _ => Vec::new(),
                    };
                    let str_ = f.dtype.typestr();
                    format!("{} {} {} {:?}", f.name, str_, f.offset, shape)
                })
                .collect();
            let theirs: Vec<String> = theirs
                .iter()
                .map(|f| {
                    let a = f.as_array().cloned().unwrap_or_default();
                    let shape: Vec<u64> = a
                        .get(3)
                        .and_then(Value::as_array)
                        .map(|s| s.iter().filter_map(Value::as_u64).collect())
                        .unwrap_or_default();
                    format!(
                        "{} {} {} {:?}",
                        a.first().and_then(Value::as_str).unwrap_or_default(),
                        a.get(1).and_then(Value::as_str).unwrap_or_default(),
                        a.get(2).and_then(Value::as_u64).unwrap_or_default(),
                        shape
                    )
                })
                .collect();
            if ours != theirs {
                diffs.push(format!("fields: npmem {ours:?}, numpy {theirs:?}"));
            }
        }
        (ours, theirs) => diffs.push(format!(
            "fields: npmem has {}, numpy has {}",
            ours.is_some(),
            theirs.is_some()
        )),
    }
    diffs
}

#[test]
fn every_spelling_numpy_was_asked_about() {
    let data = read_json("dtypes.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    let ml_names: Vec<&str> = ML_TYPES.iter().map(|m| m.name).collect();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for case in &cases {
        let spelling = s(case, "spelling");
        let is_ml = case.get("ml").and_then(Value::as_bool).unwrap_or(false);
        // Without `import ml_dtypes` numpy does not know these names; npmem always does
        // (the "ml" cases, from numpy with ml_dtypes imported, check them).
        if !is_ml && ml_names.contains(&spelling.as_str()) {
            continue;
        }
        // Text that opens a list or a dict is npmem's spelling of numpy's list and dict forms,
        // np.dtype(ast.literal_eval(text)) (golden_structured.rs checks those); numpy here was
        // handed the string itself.
        if spelling.starts_with(['[', '{']) {
            continue;
        }
        checked += 1;
        let numpy_ok = case["ok"].as_bool().unwrap_or(false);
        match (parse(&spelling, Platform::LINUX_X86_64), numpy_ok) {
            (Ok(dt), true) => {
                let diffs = compare(&dt, case);
                if !diffs.is_empty() {
                    mismatches.push(format!("{spelling:?}: {}", diffs.join("; ")));
                }
            }
            (Err(_), false) => {}
            // numpy accepts these with a DeprecationWarning (the data was made with warnings as
            // errors): npmem accepts them too and gives numpy's warning, word for word.
            (Ok(_), false) if s(case, "error") == "DeprecationWarning" => {
                let warned = npmem::dtype::numpy_warnings(&spelling);
                if !warned.contains(&s(case, "message")) {
                    mismatches.push(format!(
                        "{spelling:?}: numpy warns {:?}, npmem warns {warned:?}",
                        s(case, "message")
                    ));
                }
            }
            (Ok(dt), false) => mismatches.push(format!(
                "{spelling:?}: npmem accepts it as {} ({}), numpy rejects it: {} {}",
                dt.name(),
                dt.typestr(),
                s(case, "error"),
                s(case, "message")
            )),
            (Err(e), true) => mismatches.push(format!(
                "{spelling:?}: npmem rejects it ({e}), numpy gives {} ({})",
                s(case, "name"),
                s(case, "str")
            )),
        }
    }
    assert_no_mismatches("spellings", checked, &mismatches);
}

#[test]
fn every_ml_dtypes_format_is_known_by_name() {
    let data = read_json("dtypes.json");
    let ml_cases: Vec<&Value> = data["cases"]
        .as_array()
        .map(|c| c.iter().filter(|c| c.get("ml").is_some()).collect())
        .unwrap_or_default();
    assert_eq!(
        ml_cases.len(),
        ML_TYPES.len(),
        "golden data covers every ML format"
    );
    for m in &ML_TYPES {
        assert!(
            ml_cases.iter().any(|c| s(c, "spelling") == m.name),
            "{} missing from golden data",
            m.name
        );
    }
}
