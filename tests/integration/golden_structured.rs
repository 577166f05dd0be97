//! Structured dtypes as numpy 2.5 builds them (tests/data/structured.json, written by
//! scripts/golden/golden_structured.py): the list and dict forms typed as text, comma strings
//! with a parenthesized repeat, and every descr `np.save` writes, read back from its file.

use npmem::dtype::{Body, DType, Platform, numpy_warnings, parse};
use serde_json::Value;

use crate::support::{assert_no_mismatches, npmem, read_json};

/// name, str, itemsize and the fields in offset order, as the golden data writes them.
fn describe(dt: &DType) -> Value {
    let fields = match &dt.body {
        Body::Structured(fields) => {
            let mut fields: Vec<(u64, usize, Value)> = fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    (
                        f.offset,
                        i,
                        serde_json::json!([f.name, f.offset, f.dtype.typestr(), f.dtype.itemsize]),
                    )
                })
                .collect();
            fields.sort_by_key(|(offset, i, _)| (*offset, *i));
            Value::Array(fields.into_iter().map(|(_, _, f)| f).collect())
        }
        _ => Value::Null,
    };
    serde_json::json!({
        "name": dt.name(),
        "str": dt.typestr(),
        "itemsize": dt.itemsize,
        "fields": fields,
    })
}

#[test]
fn list_dict_and_comma_spellings_resolve_as_np_dtype() {
    let data = read_json("structured.json");
    let cases = data["spellings"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 40);
    let mut mismatches = Vec::new();
    for case in &cases {
        let text = case["text"].as_str().unwrap_or_default();
        match (parse(text, Platform::LINUX_X86_64), case.get("dtype")) {
            (Ok(dt), Some(numpy)) => {
                let ours = describe(&dt);
                if &ours != numpy {
                    mismatches.push(format!("{text}: npmem {ours}, numpy {numpy}"));
                }
                let numpy_warns = case.get("warnings").is_some();
                let npmem_warns = !numpy_warnings(text).is_empty();
                if numpy_warns != npmem_warns {
                    mismatches.push(format!(
                        "{text}: numpy warns {:?}, npmem {:?}",
                        case.get("warnings"),
                        numpy_warnings(text)
                    ));
                }
            }
            (Err(_), None) => {}
            (Ok(dt), None) => mismatches.push(format!(
                "{text}: npmem gives {}, numpy raises {}: {}",
                describe(&dt),
                case["error"],
                case["message"]
            )),
            (Err(e), Some(numpy)) => {
                mismatches.push(format!("{text}: npmem refuses ({e}), numpy gives {numpy}"))
            }
        }
    }
    assert_no_mismatches("structured spellings", cases.len(), &mismatches);
}

#[test]
fn every_descr_np_save_writes_is_read() {
    let data = read_json("structured.json");
    let files = data["files"].as_array().cloned().unwrap_or_default();
    assert!(files.len() >= 7);
    let root = env!("CARGO_MANIFEST_DIR");
    let mut mismatches = Vec::new();
    for case in &files {
        let file = case["file"].as_str().unwrap_or_default();
        let path = format!("{root}/{file}");
        let run = npmem(&["estimate", &path, "--json", "--ram", "1GB"]);
        if run.code != 0 {
            mismatches.push(format!("{file}: exit {}: {}", run.code, run.stderr));
            continue;
        }
        let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_default();
        let array = &doc["arrays"][0];
        let numpy = &case["dtype"];
        let shape = &case["shape"];
        let items: u64 = shape
            .as_array()
            .map(|s| s.iter().filter_map(Value::as_u64).product())
            .unwrap_or_default();
        for (what, ours, theirs) in [
            ("dtype", array["dtype"].clone(), numpy["name"].clone()),
            (
                "dtype_str",
                array["dtype_str"].clone(),
                numpy["str"].clone(),
            ),
            (
                "itemsize",
                array["itemsize"].clone(),
                numpy["itemsize"].clone(),
            ),
            ("shape", array["shape"].clone(), shape.clone()),
            (
                "nbytes",
                array["nbytes"].clone(),
                Value::from(items * numpy["itemsize"].as_u64().unwrap_or_default()),
            ),
        ] {
            if ours != theirs {
                mismatches.push(format!("{file}: {what} npmem {ours}, numpy {theirs}"));
            }
        }
    }
    assert_no_mismatches("np.save descrs", files.len(), &mismatches);
}

#[test]
fn numpys_deprecation_is_a_note_on_the_array() {
    let data = read_json("structured.json");
    let cases = data["spellings"].as_array().cloned().unwrap_or_default();
    let warned: Vec<&str> = cases
        .iter()
        .filter(|c| c.get("warnings").is_some())
        .filter_map(|c| c["text"].as_str())
        .collect();
    assert!(!warned.is_empty());
    for text in warned {
        let spec = format!("2:{text}");
        let run = npmem(&["estimate", &spec, "--json", "--ram", "1GB"]);
        assert_eq!(run.code, 0, "{spec}: {}", run.stderr);
        assert!(
            run.stdout
                .contains("DeprecationWarning: Passing in a parenthesized single number"),
            "{spec}: {}",
            run.stdout
        );
    }
}
