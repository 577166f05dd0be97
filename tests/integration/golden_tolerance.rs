//! `--rtol`/`--atol` against numpy's `np.isclose` (tests/data/tolerance.json, written by
//! scripts/golden/golden_tolerance.py), through the binary's JSON lines (`--each`).

use serde_json::Value;

use crate::support::{assert_no_mismatches, npmem, read_json};

#[test]
fn tolerance_is_numpys_isclose() {
    let data = read_json("tolerance.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 100, "{}", cases.len());
    let mut mismatches = Vec::new();
    let mut total = 0;
    for case in &cases {
        let dtype = case["dtype"].as_str().unwrap_or("");
        let via = case["via"].as_str().unwrap_or("");
        let rtol = case["rtol"].as_f64().unwrap_or(f64::NAN);
        let atol = case["atol"].as_f64().unwrap_or(f64::NAN);
        let texts: Vec<&str> = case["texts"]
            .as_array()
            .map(|t| t.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let close: Vec<bool> = case["close"]
            .as_array()
            .map(|t| t.iter().filter_map(Value::as_bool).collect())
            .unwrap_or_default();
        assert_eq!(texts.len(), close.len());
        // Tolerances as Rust prints them: the shortest text that reads back as the same float64.
        let (r, a) = (format!("{rtol:e}"), format!("{atol:e}"));
        let mut args = vec![
            "cast-check",
            dtype,
            "--json",
            "--each",
            "--via",
            via,
            "--rtol",
            &r,
            "--atol",
            &a,
        ];
        for t in &texts {
            args.push("--value");
            args.push(t);
        }
        let run = npmem(&args);
        assert!(run.code == 0 || run.code == 1, "{dtype}: {}", run.stderr);
        let want_exit = if close.iter().all(|c| *c) { 0 } else { 1 };
        if run.code != want_exit {
            mismatches.push(format!("{dtype} rtol {r} atol {a}: exit {}", run.code));
        }
        for ((text, want), line) in texts.iter().zip(&close).zip(run.stdout.lines()) {
            total += 1;
            let entry: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
            let got = entry["within_tolerance"].as_bool();
            if got != Some(*want) {
                mismatches.push(format!(
                    "{dtype} via {via} {text:?} rtol {r} atol {a}: npmem {got:?}, numpy {want}"
                ));
            }
        }
    }
    assert!(total > 5000, "{total}");
    assert_no_mismatches("np.isclose", total, &mismatches);
}
