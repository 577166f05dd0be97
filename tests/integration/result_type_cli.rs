//! `npmem cast-check --result-type A B C …`: the JSON contract, exit codes, and numpy's answers
//! through the binary for the cases of tests/data/promotion.json.

use serde::Deserialize;

use crate::support::{assert_no_mismatches, npmem, read_json};

/// The contract: exactly these keys, in this order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    kind: String,
    operands: Vec<String>,
    result_type: Option<String>,
    promotion_error: Option<String>,
    notes: Vec<String>,
}

fn result_type(operands: &[&str]) -> (i32, Report, String) {
    let mut args = vec![
        "cast-check",
        "--json",
        "--platform",
        "linux-x86_64",
        "--result-type",
        "--",
    ];
    args.extend_from_slice(operands);
    let run = npmem(&args);
    assert!(run.stderr.is_empty(), "{operands:?}: {}", run.stderr);
    let r = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{operands:?}: {e}: {}", run.stdout));
    (run.code, r, run.stdout)
}

#[test]
fn the_json_contract() {
    let (code, r, text) = result_type(&["uint8", "300"]);
    assert_eq!(code, 0);
    assert_eq!(r.kind, "result_type");
    assert_eq!(r.operands, ["uint8", "300"]);
    assert_eq!(r.result_type.as_deref(), Some("uint8"));
    assert_eq!(r.promotion_error, None);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("OverflowError: Python integer 300 out of bounds for uint8")),
        "{:?}",
        r.notes
    );
    // the keys in the documented order, null when numpy promotes
    let keys: Vec<usize> = [
        "kind",
        "operands",
        "result_type",
        "promotion_error",
        "notes",
    ]
    .iter()
    .map(|k| {
        text.find(&format!("\"{k}\":"))
            .unwrap_or_else(|| panic!("{k} missing: {text}"))
    })
    .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains("\"promotion_error\": null"), "{text}");
}

#[test]
fn numpy_raises_exit_1() {
    let (code, r, text) = result_type(&["U5", "1"]);
    assert_eq!(code, 1);
    assert_eq!(r.result_type, None);
    assert!(text.contains("\"result_type\": null"), "{text}");
    let e = r.promotion_error.unwrap_or_default();
    assert!(e.starts_with("The DType <class 'numpy.dtypes.StrDType'> could not be promoted by <class 'numpy.dtypes._PyLongDType'>"), "{e}");
    assert!(r.notes.is_empty());
}

#[test]
fn the_issue_examples() {
    for (ops, expected) in [
        (&["uint8", "300"][..], "uint8"),
        (&["float32", "2.0"][..], "float32"),
        (&["int8", "3j"][..], "complex128"),
        (&["float16", "1e400"][..], "float16"),
        (&["uint8", "int"][..], "int64"),
        (&["int8", "True"][..], "int8"),
        (&["bool", "1"][..], "int64"),
        (&["uint8", "-1"][..], "uint8"),
    ] {
        let (code, r, _) = result_type(ops);
        assert_eq!(
            (code, r.result_type.as_deref()),
            (0, Some(expected)),
            "{ops:?}"
        );
    }
    let (_, r, _) = result_type(&["float16", "1e400"]);
    assert!(
        r.notes.iter().any(|n| n.contains("inf as a Python float")),
        "{:?}",
        r.notes
    );
}

#[test]
fn unreadable_operands_exit_2() {
    for bad in ["1+2j", "010", "1__0", "inf", "flaot32", "--1"] {
        let run = npmem(&["cast-check", "--result-type", "int8", "--", bad]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stdout);
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr.starts_with("npmem: error: operand 2: "),
            "{bad}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
}

#[test]
fn negative_numbers_need_no_escape() {
    let run = npmem(&[
        "cast-check",
        "--result-type",
        "uint8",
        "-1",
        "-2.5",
        "-1e400",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("\"result_type\": \"float64\""),
        "{}",
        run.stdout
    );
}

#[test]
fn result_type_takes_no_values_or_rule() {
    for extra in [
        &["--value", "1"][..],
        &["--sum"][..],
        &["--casting", "unsafe"][..],
    ] {
        let mut args = vec!["cast-check", "--result-type", "int8", "int16"];
        args.extend_from_slice(extra);
        let run = npmem(&args);
        assert_eq!(run.code, 2, "{extra:?}");
    }
}

/// Every case of the NEP 50 groups, and every 7th of the others, through the binary.
#[test]
fn the_binary_gives_numpys_answers() {
    let data = read_json("promotion.json");
    let records = data["cases"].as_array().cloned().unwrap_or_default();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for (i, r) in records.iter().enumerate() {
        let group = r["group"].as_str().unwrap_or("");
        if !group.starts_with("nep50") && i % 7 != 0 {
            continue;
        }
        checked += 1;
        let ops: Vec<&str> = r["operands"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default();
        let (code, ours, _) = result_type(&ops);
        let numpy = &r["result_type"];
        let agrees = match numpy.get("error") {
            None => code == 0 && ours.result_type.as_deref() == numpy["name"].as_str(),
            Some(_) => {
                code == 1
                    && ours.result_type.is_none()
                    && ours.promotion_error.as_deref() == numpy["message"].as_str()
            }
        };
        if !agrees {
            mismatches.push(format!("{ops:?}: exit {code}, {ours:?}; numpy {numpy}"));
        }
    }
    assert_no_mismatches("result_type cases through the binary", checked, &mismatches);
}
