//! The text forms numpy's string conversions accept or refuse, per target type
//! (tests/data/value_forms.json, written by scripts/golden/golden_value_forms.py): hex floats,
//! Unicode digits and whitespace, underscores, inf/nan spellings, exponents past ±20000, long
//! lines, the float formats' largest values, Python's `complex()` grammar for complex targets
//! and complex text into real ones; checked through the binary's JSON.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{assert_no_mismatches, npmem, read_json};

/// The call npmem models for a target and `--via`: a string goes to numpy's types as it is,
/// to the ml_dtypes float formats through a float64 array; a Python float is `float(text)`.
fn model_call(dtype: &str, via: &str) -> &'static str {
    let ml_float = ["bfloat16", "float8_", "float6_", "float4_"]
        .iter()
        .any(|p| dtype.starts_with(p));
    match via {
        "float64" => "float64",
        _ if ml_float => "via_f64_array",
        _ => "string",
    }
}

/// A message with the generator's placeholders for a long text filled in.
fn message(numpy: &str, text: &str) -> String {
    let repr = python_repr(text);
    numpy
        .replace("{repr200}", &repr.chars().take(200).collect::<String>())
        .replace("{repr}", &repr)
        .replace("{text}", text)
}

/// Python's repr of the long texts (plain ASCII digits, points, signs and letters): quoted.
fn python_repr(text: &str) -> String {
    npmem::number::text::python_repr(text)
}

/// Text some numpy parser reads (npmem reports numpy's answer for it; other text is no number).
fn is_number(text: &str) -> bool {
    npmem::number::text::parse_text(text).is_some()
        || npmem::number::complex::parse_complex(text).is_ok()
}

/// numpy's stored value as its exact text: `p/q` (or `inf`, `nan`), an integer as `n/1`, a
/// complex value as `re+imj` of its parts.
fn exact_text(numpy: &Value) -> String {
    if let (Some(re), Some(im)) = (numpy["real"].as_str(), numpy["imag"].as_str()) {
        let sign = if im.starts_with('-') { "" } else { "+" };
        return format!("{re}{sign}{im}j");
    }
    numpy
        .get("exact")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| numpy.get("int").map(|i| format!("{i}/1")))
        .unwrap_or_default()
}

fn compare(numpy: &Value, ours: &Value, text: &str) -> Option<String> {
    if let Some(m) = numpy.get("message").and_then(Value::as_str) {
        let want = message(m, text);
        let got = ours["numpy"]["error"].as_str().unwrap_or("");
        return (got != want).then(|| {
            format!(
                "error npmem {:?}, numpy {} {:?}",
                cut(got),
                numpy["error"],
                cut(&want)
            )
        });
    }
    let want = exact_text(numpy);
    let got = ours["numpy"]["exact"].as_str().unwrap_or("");
    let want_str = numpy["str"].as_str().unwrap_or("");
    let got_str = ours["numpy"]["value"].as_str().unwrap_or("");
    (got != want || got_str != want_str).then(|| {
        format!(
            "npmem {got_str} ({}), numpy {want_str} ({}); npmem's error {:?}",
            cut(got),
            cut(&want),
            ours["numpy"]["error"]
        )
    })
}

fn cut(s: &str) -> String {
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s.to_string()
    }
}

fn shown(text: &str) -> String {
    cut(&format!("{text:?}"))
}

#[test]
fn value_forms_agree_with_numpy() {
    let data = read_json("value_forms.json");
    let forms: Vec<String> = data["forms"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| f["text"].as_str().unwrap_or("").to_string())
        .collect();
    let mut by_dtype: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in data["records"].as_array().cloned().unwrap_or_default() {
        by_dtype
            .entry(r["dtype"].as_str().unwrap_or("").to_string())
            .or_default()
            .push(r);
    }
    assert!(by_dtype.len() >= 26, "targets: {:?}", by_dtype.keys());
    let mut mismatches = Vec::new();
    let mut total = 0;
    let mut complex_astypes = 0;
    for (dtype, records) in &by_dtype {
        for via in ["string", "float64"] {
            let call = model_call(dtype, via);
            let mut numbers = Vec::new();
            for r in records {
                let Some(numpy) = r.get(call) else { continue };
                let text = &forms[r["form"].as_u64().unwrap_or(0) as usize];
                total += 1;
                if is_number(text) {
                    numbers.push((text.as_str(), numpy, r));
                } else if numpy.get("error").is_none() {
                    // npmem calls it no number at all (exit 2): numpy must refuse it too.
                    mismatches.push(format!(
                        "{dtype} {} via {via}: npmem reads no number, numpy stores {}",
                        shown(text),
                        numpy["str"]
                    ));
                }
            }
            let args: Vec<String> = ["cast-check", dtype, "--json", "--each", "--via", via]
                .iter()
                .map(|s| s.to_string())
                .chain(numbers.iter().map(|(t, _, _)| format!("--value={t}")))
                .collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = npmem(&args);
            assert!(run.code == 0 || run.code == 1, "{dtype}: {}", run.stderr);
            let ours: Vec<Value> = run
                .stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
                .collect();
            assert_eq!(ours.len(), numbers.len(), "{dtype} via {via}");
            for ((text, numpy, r), o) in numbers.iter().zip(&ours) {
                let place = format!("{dtype} {} via {via}", shown(text));
                if let Some(m) = compare(numpy, o, text) {
                    mismatches.push(format!("{place}: {m}"));
                    continue;
                }
                // ml_dtypes' integers refuse text; what astype gives instead is numpy's
                // int64 → T cast of int(text).
                if call == "string"
                    && let Some(w) = r.get("int_wrapped").filter(|w| w.get("int").is_some())
                    && numpy.get("error").is_some()
                {
                    let want = format!("{}/1", w["int"]);
                    let got = o["numpy"]["astype"]["exact"].as_str().unwrap_or("none");
                    if got != want {
                        mismatches.push(format!("{place}: astype npmem {got}, numpy {want}"));
                    }
                }
                // Complex text into a real type: numpy refuses it; astype keeps the real part.
                if call == "string"
                    && let Some(a) = r.get("complex_astype")
                {
                    let ours_a = &o["numpy"]["astype"];
                    let float = r.get("flags").is_some();
                    if ours_a.is_null() {
                        // npmem gives no astype for an integer type whose C conversion is
                        // undefined (the real part out of range or not finite).
                        if float && a.get("error").is_none() {
                            mismatches.push(format!("{place}: no astype, numpy {}", a["str"]));
                        }
                    } else {
                        let want = (exact_text(a), a["str"].as_str().unwrap_or("").to_string());
                        let got = (
                            ours_a["exact"].as_str().unwrap_or("").to_string(),
                            ours_a["value"].as_str().unwrap_or("").to_string(),
                        );
                        if got != want || ours_a["warning"].is_null() {
                            mismatches.push(format!(
                                "{place}: complex astype npmem {got:?}, numpy {want:?}"
                            ));
                        }
                    }
                    complex_astypes += 1;
                }
                if let Some(flags) = r["part_flags"].get(call) {
                    for (i, part) in ["real", "imag"].iter().enumerate() {
                        let want = (flags[i][0].as_bool(), flags[i][1].as_bool());
                        let p = &o["parts"][part];
                        let got = (p["overflow"].as_bool(), p["above_max"].as_bool());
                        if got != want {
                            mismatches.push(format!(
                                "{place}: {part} (overflow, above_max) npmem {got:?}, numpy {want:?}"
                            ));
                        }
                    }
                }
                if let Some(flags) = r["flags"].get(call) {
                    let want = (flags[0].as_bool(), flags[1].as_bool());
                    let got = (o["overflow"].as_bool(), o["above_max"].as_bool());
                    if got != want {
                        mismatches.push(format!(
                            "{place}: (overflow, above_max) npmem {got:?}, numpy {want:?}"
                        ));
                    }
                }
            }
        }
    }
    assert!(
        complex_astypes > 500,
        "complex astype records: {complex_astypes}"
    );
    assert_no_mismatches("value forms", total, &mismatches);
}
