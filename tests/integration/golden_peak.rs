//! The planner against numpy (tests/data/peak.json, from scripts/golden/peak.py with numpy
//! 2.5.5 and tracemalloc): every case the planner calls exact must agree within
//! max(1 %, 1 MiB) on one of the near-peak lines; every case it calls a lower bound must not
//! exceed the measurement by more than that tolerance, and every upper bound (data-dependent
//! sizes at their largest, the worse branch of unknown conditions) must not fall short of it,
//! on the whole and on every measured line.

use std::path::PathBuf;

use npmem::peak::{Bound, Options, SetValue, plan};

use crate::support::{assert_no_mismatches, read_json};

fn tolerance(measured: u64) -> u64 {
    (measured / 100).max(1 << 20)
}

#[test]
fn corpus_peaks_agree_with_numpy() {
    let data = read_json("peak.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut mismatches = Vec::new();
    let (mut exact, mut lower, mut upper) = (0usize, 0usize, 0usize);
    let mut summary = Vec::new();
    for case in &cases {
        let script = case["script"].as_str().unwrap_or_default();
        let path = root.join(script);
        let source =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {script}: {e}"));
        let sets = case["set"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), SetValue::Int(v.as_i64()? as i128))))
                    .collect()
            })
            .unwrap_or_default();
        let options = Options {
            script: Some(path.clone()),
            sets,
        };
        let label = format!("{script} {}", case["set"]);
        let p = match plan(&source, &options) {
            Ok(p) => p,
            Err(e) => {
                mismatches.push(format!("{label}: {e}"));
                continue;
            }
        };
        let measured = case["peak_bytes"].as_u64().unwrap_or_default();
        let tol = tolerance(measured);
        let near: Vec<u64> = case["near_peak_lines"]
            .as_array()
            .map(|v| v.iter().filter_map(|x| x.as_u64()).collect())
            .unwrap_or_default();
        match p.bound {
            Bound::Exact => {
                exact += 1;
                let off = p.peak.bytes.abs_diff(measured);
                if off > tol || !near.contains(&u64::from(p.peak.line)) {
                    mismatches.push(format!(
                        "{label}: predicted {} on line {}, measured {measured} on lines {near:?}",
                        p.peak.bytes, p.peak.line
                    ));
                }
            }
            Bound::Upper => {
                upper += 1;
                if p.peak.bytes.saturating_add(tol) < measured {
                    mismatches.push(format!(
                        "{label}: upper bound {} below the measured {measured}",
                        p.peak.bytes
                    ));
                }
                // Line by line too: no measured line's peak above the planned one for it.
                for l in case["lines"].as_array().into_iter().flatten() {
                    let line = l["line"].as_u64().unwrap_or_default();
                    let at_line = l["peak_bytes"].as_u64().unwrap_or_default();
                    let planned = p
                        .lines
                        .iter()
                        .find(|x| u64::from(x.line) == line)
                        .map_or(0, |x| x.peak_bytes);
                    if planned.saturating_add(tolerance(at_line)) < at_line {
                        mismatches.push(format!(
                            "{label}: line {line}: upper bound {planned} below the measured {at_line}"
                        ));
                    }
                }
            }
            Bound::Lower => {
                lower += 1;
                if p.peak.bytes > measured + tol {
                    mismatches.push(format!(
                        "{label}: lower bound {} above the measured {measured}",
                        p.peak.bytes
                    ));
                }
            }
        }
        summary.push(format!(
            "{:<5} {label}: predicted {} (line {}), measured {measured} (line {}){}",
            p.bound.as_str(),
            p.peak.bytes,
            p.peak.line,
            case["peak_line"],
            p.unmodelled
                .iter()
                .map(|u| format!(" [{}: {} — {}]", u.line, u.construct, u.reason))
                .collect::<String>()
        ));
    }
    eprintln!("{}", summary.join("\n"));
    eprintln!(
        "{exact} exact cases, {upper} upper bounds, {lower} lower bounds, of {}",
        cases.len()
    );
    assert_no_mismatches("peak cases", cases.len(), &mismatches);
    assert!(exact > 0, "no case was modelled exactly");
}

/// The code fragments a chunking advice shows (between backticks), statement by statement:
/// the loop's head and each statement of its body or around it.
fn chunk_statements(change: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, piece) in change.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        let body = match piece.strip_prefix("for ") {
            Some(rest) => {
                let Some((head, body)) = rest.split_once(": ") else {
                    out.push(piece.to_string());
                    continue;
                };
                out.push(format!("for {head}:"));
                body
            }
            None => piece,
        };
        out.extend(body.split("; ").map(str::to_string));
    }
    out
}

#[test]
fn chunking_advice_predicts_the_measured_peak_of_the_chunked_script() {
    // Each corpus script `chunk_NAME.py` has `chunk_NAME_chunked.py`: the same script as the
    // advice rewrites it. The advice's peak must be numpy's measured peak of that script,
    // within the corpus tolerance, and the advice must show that script's code.
    let data = read_json("peak.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut mismatches = Vec::new();
    let mut pairs = 0usize;
    for case in &cases {
        let script = case["script"].as_str().unwrap_or_default();
        let Some(stem) = script
            .strip_prefix("tests/peak/corpus/chunk_")
            .and_then(|s| s.strip_suffix(".py"))
        else {
            continue;
        };
        if stem.ends_with("_chunked") {
            continue;
        }
        let chunked = format!("tests/peak/corpus/chunk_{stem}_chunked.py");
        let Some(measured) = cases
            .iter()
            .find(|c| c["script"] == chunked.as_str() && c["set"] == case["set"])
        else {
            mismatches.push(format!("{script}: no measured case of {chunked}"));
            continue;
        };
        pairs += 1;
        let source = std::fs::read_to_string(root.join(script)).unwrap_or_default();
        let chunked_source = std::fs::read_to_string(root.join(&chunked)).unwrap_or_default();
        let options = Options {
            script: Some(root.join(script)),
            sets: Vec::new(),
        };
        let p = match plan(&source, &options) {
            Ok(p) => p,
            Err(e) => {
                mismatches.push(format!("{script}: {e}"));
                continue;
            }
        };
        let Some(advice) = p
            .advice
            .iter()
            .find(|a| a.change.contains(" in chunks of "))
        else {
            mismatches.push(format!("{script}: no chunking advice in {:?}", p.advice));
            continue;
        };
        if advice.line != p.peak.line {
            mismatches.push(format!(
                "{script}: advice on line {}, the peak on line {}",
                advice.line, p.peak.line
            ));
        }
        let want = measured["peak_bytes"].as_u64().unwrap_or_default();
        if advice.peak_bytes.abs_diff(want) > tolerance(want) {
            mismatches.push(format!(
                "{script}: advice gives {}, numpy measured {want} for {chunked}",
                advice.peak_bytes
            ));
        }
        for statement in chunk_statements(&advice.change) {
            if !chunked_source.contains(&statement) {
                mismatches.push(format!("{chunked} lacks `{statement}` of the advice"));
            }
        }
    }
    assert_no_mismatches("chunked corpus pairs", pairs, &mismatches);
    assert!(pairs >= 3, "only {pairs} chunked pairs measured");
}

/// Lines numpy or Python raise on (tests/data/peak_refusals.json, from
/// scripts/golden/golden_peak_refusals.py): the last line of each snippet is listed with their
/// error, no bytes are counted for it, and the plan is a lower bound.
#[test]
fn lines_numpy_raises_on_are_listed_with_its_words() {
    let data = read_json("peak_refusals.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 20);
    let mut mismatches = Vec::new();
    for case in &cases {
        let code = case["code"].as_str().unwrap_or_default();
        let want = format!(
            "{} raises {}: {}",
            case["raiser"].as_str().unwrap_or_default(),
            case["error"].as_str().unwrap_or_default(),
            case["message"].as_str().unwrap_or_default()
        );
        let source = format!("import numpy as np\n{code}\n");
        let last = u32::try_from(source.lines().count()).unwrap_or(u32::MAX);
        let p = match plan(&source, &Options::default()) {
            Ok(p) => p,
            Err(e) => {
                mismatches.push(format!("{code:?}: not planned: {e}"));
                continue;
            }
        };
        let reasons: Vec<&str> = p
            .unmodelled
            .iter()
            .filter(|u| u.line == last)
            .map(|u| u.reason.as_str())
            .collect();
        if !reasons.contains(&want.as_str()) {
            mismatches.push(format!("{code:?}: listed {reasons:?}, numpy: {want}"));
        }
        let allocated = p
            .lines
            .iter()
            .find(|l| l.line == last)
            .map(|l| l.allocated_bytes);
        if p.bound != Bound::Lower || allocated != Some(0) {
            mismatches.push(format!(
                "{code:?}: bound {}, line {last} allocates {allocated:?}",
                p.bound.as_str()
            ));
        }
    }
    assert_no_mismatches("lines numpy raises on", cases.len(), &mismatches);
}
