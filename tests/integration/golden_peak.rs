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
                let off = p.peak_bytes.abs_diff(measured);
                if off > tol || !near.contains(&u64::from(p.peak_line)) {
                    mismatches.push(format!(
                        "{label}: predicted {} on line {}, measured {measured} on lines {near:?}",
                        p.peak_bytes, p.peak_line
                    ));
                }
            }
            Bound::Upper => {
                upper += 1;
                if p.peak_bytes.saturating_add(tol) < measured {
                    mismatches.push(format!(
                        "{label}: upper bound {} below the measured {measured}",
                        p.peak_bytes
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
                if p.peak_bytes > measured + tol {
                    mismatches.push(format!(
                        "{label}: lower bound {} above the measured {measured}",
                        p.peak_bytes
                    ));
                }
            }
        }
        summary.push(format!(
            "{:<5} {label}: predicted {} (line {}), measured {measured} (line {}){}",
            p.bound.as_str(),
            p.peak_bytes,
            p.peak_line,
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
