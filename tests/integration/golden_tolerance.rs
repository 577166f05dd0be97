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

/// `cast-check FILE[:NAME] TO --rtol R --atol A` against numpy: per file, the count of values
/// `np.isclose(a.astype(T), a)` finds outside the tolerance and the first of the worst (the
/// `"files"` of tests/data/tolerance.json, over tests/fixtures/scan_tolerance and
/// tests/fixtures/scan). Every case through the library; through the binary (exit code and
/// JSON) one tolerance per file and target, in turn.
#[test]
fn file_tolerance_is_numpys_isclose() {
    use npmem::cast::scan::{Check, Quiet, check_file};
    use npmem::cast::tolerance::Tolerance;
    use npmem::dtype::Platform;

    let data = read_json("tolerance.json");
    let cases = data["files"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 1000, "{}", cases.len());
    let mut mismatches = Vec::new();
    let (mut through_binary, mut outside) = (0, 0);
    for (i, case) in cases.iter().enumerate() {
        let file = case["file"].as_str().unwrap_or("");
        let to = case["to"].as_str().unwrap_or("");
        let rtol = case["rtol"].as_f64().unwrap_or(f64::NAN);
        let atol = case["atol"].as_f64().unwrap_or(f64::NAN);
        let want = case["exceeding"].as_u64();
        let want_worst = case["worst_index"].as_u64();
        outside += usize::from(want.unwrap_or(0) > 0);
        let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
        let (file_path, member) = match path.split_once(".npz:") {
            Some((stem, name)) => (format!("{stem}.npz"), Some(name)),
            None => (path.clone(), None),
        };
        let check = Check {
            max_bytes: None,
            tolerance: Some(Tolerance { rtol, atol }),
        };
        let what = format!("{file} -> {to} rtol {rtol:e} atol {atol:e}");
        match check_file(
            &file_path,
            member,
            to,
            Platform::LINUX_X86_64,
            check,
            &Quiet,
        ) {
            Ok(r) => {
                let got = r.tolerance().map(|t| t.exceeding);
                let worst = r.worst_exceeding().map(|w| w.index);
                if got != want || worst != want_worst || r.elements != case["elements"] {
                    mismatches.push(format!(
                        "{what}: npmem {got:?} outside, worst {worst:?}; numpy {want:?}, {want_worst:?}"
                    ));
                }
            }
            Err(e) => mismatches.push(format!("{what}: {e}")),
        }
        // One tolerance per file and target through the binary, each tolerance in turn.
        if i % 7 != (i / 7) % 7 {
            continue;
        }
        through_binary += 1;
        let (r, a) = (format!("{rtol:e}"), format!("{atol:e}"));
        let run = npmem(&[
            "cast-check",
            &path,
            to,
            "--rtol",
            &r,
            "--atol",
            &a,
            "--json",
        ]);
        let want_exit = if want == Some(0) { 0 } else { 1 };
        let doc: Value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
        let t = &doc["tolerance"];
        let mut keys: Vec<&str> = t
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        if run.code != want_exit
            || t["exceeding"].as_u64() != want
            || t["within"].as_bool() != Some(want == Some(0))
            || keys != ["atol", "exceeding", "rtol", "within"]
            || t["rtol"].as_f64() != Some(rtol)
            || t["atol"].as_f64() != Some(atol)
        {
            mismatches.push(format!(
                "{what}: exit {} (numpy's count says {want_exit}), tolerance {t}; {}",
                run.code, run.stderr
            ));
        }
    }
    assert!(through_binary >= 100, "{through_binary}");
    assert!(outside > 300 && outside < cases.len(), "{outside}");
    assert_no_mismatches("np.isclose over files", cases.len(), &mismatches);
}
