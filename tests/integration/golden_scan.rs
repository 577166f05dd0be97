//! `cast-check FILE TO` against numpy's astype on every value of small awkward files
//! (tests/fixtures/scan and tests/data/scan.json, both from scripts/golden/golden_scan.py).

use npmem::cast::scan::{Check, Quiet, check_file};
use npmem::dtype::Platform;
use serde_json::Value;

use crate::support::{assert_no_mismatches, npmem, read_json};

fn fixture(rel: &str) -> String {
    format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn streamed_casts_match_numpy() {
    let golden = read_json("scan.json");
    let cases = golden["cases"].as_array().cloned().unwrap_or_default();
    assert!(
        cases.len() > 150,
        "scan.json has only {} cases",
        cases.len()
    );
    let keys = [
        "from",
        "elements",
        "min",
        "max",
        "nan_count",
        "inf_count",
        "changed",
        "overflow",
        "max_abs_error",
        "max_rel_error",
        "smallest_lossless_dtype",
        "memory_saved_bytes",
        "lossless",
    ];
    let mut mismatches = Vec::new();
    for case in &cases {
        let file = case["file"].as_str().unwrap_or_default();
        let to = case["to"].as_str().unwrap_or_default();
        let (path, member) = match (file.split_once(".npz:"), file.split_once(".safetensors:")) {
            (Some((stem, name)), _) => (format!("{stem}.npz"), Some(name.to_string())),
            (_, Some((stem, name))) => (format!("{stem}.safetensors"), Some(name.to_string())),
            _ => (file.to_string(), None),
        };
        let result = check_file(
            &fixture(&path),
            member.as_deref(),
            to,
            Platform::LINUX_X86_64,
            Check::default(),
            &Quiet,
        );
        // numpy registers no such cast: npmem refuses it too.
        if let Some(error) = case["error"].as_str() {
            if result.is_ok() {
                mismatches.push(format!("{file} -> {to}: npmem checks it, numpy: {error}"));
            }
            continue;
        }
        let report = match result {
            Ok(r) => serde_json::to_value(&r).unwrap_or(Value::Null),
            Err(e) => {
                mismatches.push(format!("{file} -> {to}: {e}"));
                continue;
            }
        };
        if report["to"] != case["to"] {
            mismatches.push(format!("{file} -> {to}: to = {}", report["to"]));
        }
        for key in keys {
            let (got, want) = (&report[key], &case[key]);
            if got != want {
                mismatches.push(format!("{file} -> {to}: {key} = {got}, numpy {want}"));
            }
        }
    }
    assert_no_mismatches("streamed casts", cases.len(), &mismatches);
}

#[test]
fn file_check_exit_codes_follow_the_data() {
    // Every float16 value survives float32; not every float64 value survives float32.
    let ok = npmem(&["cast-check", &fixture("scan/f2.npy"), "float32"]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let lossy = npmem(&["cast-check", &fixture("scan/f8.npy"), "float32", "--json"]);
    assert_eq!(lossy.code, 1, "{}", lossy.stderr);
    let v: Value = serde_json::from_str(&lossy.stdout).unwrap_or(Value::Null);
    assert_eq!(v["lossless"], Value::Bool(false));
    // No progress bar (or anything else) on a stderr that is not a terminal.
    assert!(lossy.stderr.is_empty(), "{}", lossy.stderr);
    assert!(v["changed"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn file_check_names_a_member() {
    let st = fixture("files/safetensors/tensors.safetensors");
    let r = npmem(&["cast-check", &st, "float16"]);
    assert_eq!(
        r.code, 2,
        "several tensors and no name should be a usage error"
    );
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains(":NAME"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    let missing = npmem(&["cast-check", &format!("{st}:no_such"), "float16"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no array 'no_such'"),
        "{}",
        missing.stderr
    );
}

#[test]
fn file_check_refuses_what_it_cannot_read() {
    let chunked = npmem(&["cast-check", &fixture("files/zarr/v2_f4.zarr"), "float16"]);
    assert_eq!(chunked.code, 2, "{}", chunked.stderr);
    assert!(chunked.stderr.contains("chunked"), "{}", chunked.stderr);
    assert!(chunked.stdout.is_empty());
    let strings = npmem(&["cast-check", &fixture("files/npy/U5.npy"), "float32"]);
    assert_eq!(strings.code, 2);
    assert!(strings.stdout.is_empty());
    let bad_target = npmem(&["cast-check", &fixture("scan/f8.npy"), "float33"]);
    assert_eq!(bad_target.code, 2);
    assert!(
        bad_target.stderr.contains("float32"),
        "{}",
        bad_target.stderr
    );
}

#[test]
fn file_check_reads_stored_npz_members() {
    let npz = fixture("files/npz/savez_stored.npz");
    let r = npmem(&["cast-check", &format!("{npz}:b"), "float16", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap_or(Value::Null);
    assert_eq!(v["array"], "b");
    assert_eq!(v["from"], "int16");
    // The member's element count, as the header reader sees it.
    let arrays = npmem::files::read(std::path::Path::new(&npz), Platform::LINUX_X86_64)
        .unwrap_or_else(|e| panic!("{e}"));
    let b = arrays
        .iter()
        .find(|a| a.name.as_deref() == Some("b"))
        .unwrap_or_else(|| panic!("no member b"));
    assert_eq!(
        v["elements"].as_u64(),
        Some(b.shape.iter().product::<u64>())
    );
}

#[test]
fn missing_files_and_names_are_one_line_errors() {
    for args in [
        vec!["cast-check", "missing.npy", "float32"],
        vec!["cast-check", "missing.npz:a", "float32"],
        vec!["estimate", "missing.safetensors"],
    ] {
        let r = npmem(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}");
        assert!(r.stderr.contains("no such file"), "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    }
    let named = npmem(&[
        "cast-check",
        &format!("{}:x", fixture("scan/f8.npy")),
        "float32",
    ]);
    assert_eq!(named.code, 2);
    assert!(named.stderr.contains("drop ':x'"), "{}", named.stderr);
}
