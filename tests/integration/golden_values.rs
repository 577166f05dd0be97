//! Values stored into dtypes and summed, against numpy and ml_dtypes (tests/data/values.json,
//! written by scripts/golden/golden_values.py), through the binary's JSON.

use serde_json::Value;

use crate::support::{assert_no_mismatches, npmem, read_json};

/// Run `cast-check DTYPE --value … --each` once for many values; returns each value's JSON
/// entry (one per line).
fn stored(dtype: &str, via: &str, texts: &[&str]) -> Vec<Value> {
    let mut args = vec!["cast-check", dtype, "--json", "--each", "--via", via];
    for t in texts {
        args.push("--value");
        args.push(t);
    }
    let run = npmem(&args);
    assert!(run.code == 0 || run.code == 1, "{dtype}: {}", run.stderr);
    run.stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// Text some numpy parser reads (npmem refuses the rest as no number, exit 2; numpy refuses
/// it too, which tests/integration/golden_value_forms.rs checks).
fn readable(text: &str) -> bool {
    npmem::number::text::parse_text(text).is_some()
}

fn compare(numpy: &Value, ours: &Value) -> Option<String> {
    if let Some(message) = numpy.get("message") {
        let our_error = ours["numpy"]["error"].as_str().unwrap_or("");
        return (our_error != message.as_str().unwrap_or(""))
            .then(|| format!("error npmem {our_error:?}, numpy {message}"));
    }
    let want = numpy
        .get("exact")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| numpy.get("int").map(|i| format!("{i}/1")))
        .unwrap_or_default();
    let got = ours["numpy"]["exact"].as_str().unwrap_or("").to_string();
    let want_str = numpy["str"].as_str().unwrap_or("");
    let got_str = ours["numpy"]["value"].as_str().unwrap_or("");
    (got != want || got_str != want_str).then(|| {
        format!(
            "npmem {got_str} ({got}), numpy {want_str} ({want}); error {:?}",
            ours["numpy"]["error"]
        )
    })
}

fn check(call: &str, via: &str) {
    let data = read_json("values.json");
    let records = data["parse"].as_array().cloned().unwrap_or_default();
    let mut by_dtype: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
    for r in records {
        let text = r["text"].as_str().unwrap_or("");
        if r.get(call).is_none() || !readable(text) {
            continue;
        }
        // numpy has no text parser for the ml_dtypes formats (it raises); npmem reads the
        // text as float64 first, which the via_f64_array records check.
        let ml = r["string"]["message"] == "expected number, got str";
        if (call == "string" && ml) || (call == "via_f64_array" && !ml) {
            continue;
        }
        by_dtype
            .entry(r["dtype"].as_str().unwrap_or("").to_string())
            .or_default()
            .push(r);
    }
    let mut mismatches = Vec::new();
    let mut total = 0;
    for (dtype, records) in &by_dtype {
        let texts: Vec<&str> = records.iter().filter_map(|r| r["text"].as_str()).collect();
        let ours = stored(dtype, via, &texts);
        assert_eq!(ours.len(), records.len());
        for (r, o) in records.iter().zip(&ours) {
            total += 1;
            if let Some(m) = compare(&r[call], o) {
                mismatches.push(format!("{dtype} {:?} via {via}: {m}", r["text"]));
            }
        }
    }
    assert_no_mismatches("stored values", total, &mismatches);
}

#[test]
fn values_passed_as_strings() {
    // numpy's own types read the text; the ml_dtypes formats go through a float64 array.
    check("string", "string");
}

#[test]
fn values_passed_as_strings_into_ml_formats() {
    check("via_f64_array", "string");
}

#[test]
fn values_passed_as_python_floats() {
    check("float64", "float64");
}

#[test]
fn sums_match_np_sum() {
    let data = read_json("values.json");
    let inputs: std::collections::BTreeMap<String, Vec<String>> = data["sum_inputs"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| {
            let texts = i["texts"]
                .as_array()
                .map(|t| {
                    t.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            (i["id"].as_str().unwrap_or("").to_string(), texts)
        })
        .collect();
    let mut mismatches = Vec::new();
    let mut total = 0;
    for s in data["sums"].as_array().cloned().unwrap_or_default() {
        if s["op"] != "np.sum" || s["input"] != "float64" {
            continue;
        }
        let dtype = s["dtype"].as_str().unwrap_or("");
        let texts = &inputs[s["case"].as_str().unwrap_or("")];
        // npmem asks for at least one value (numpy sums an empty array to 0.0).
        if texts.is_empty() {
            continue;
        }
        total += 1;
        let mut args = vec!["cast-check", dtype, "--json", "--via", "float64", "--sum"];
        for t in texts {
            args.push("--value");
            args.push(t);
        }
        let run = npmem(&args);
        let report: Value =
            serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stderr));
        let ours = report["sum"]["numpy"]["exact"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let want = s["result"]["exact"].as_str().unwrap_or("");
        if ours != want {
            mismatches.push(format!("{} {dtype}: npmem {ours}, numpy {want}", s["case"]));
        }
    }
    assert_no_mismatches("sums", total, &mismatches);
}
