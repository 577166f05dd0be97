//! Real files from the real writers (tests/fixtures/files, made by scripts/golden/fixtures.py with
//! numpy, safetensors, zarr and gguf): what npmem reads from their headers, and the one-line
//! errors for broken files.

use npmem::dtype::Platform;
use npmem::files::{ElementType, read};
use npmem::shape::array_size;
use serde_json::Value;

use crate::support::{assert_no_mismatches, npmem};

fn fixtures() -> (std::path::PathBuf, Vec<Value>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/files");
    let text = std::fs::read_to_string(dir.join("expected.json")).unwrap_or_else(|e| panic!("{e}"));
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    (dir, v["fixtures"].as_array().cloned().unwrap_or_default())
}

fn u(v: &Value) -> u64 {
    v.as_u64().unwrap_or(u64::MAX)
}

fn shape(v: &Value) -> Vec<u64> {
    v.as_array()
        .map(|a| a.iter().map(u).collect())
        .unwrap_or_default()
}

#[test]
fn npy_headers() {
    let (dir, all) = fixtures();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for f in all.iter().filter(|f| f["format"] == "npy") {
        checked += 1;
        let path = dir.join(f["path"].as_str().unwrap_or(""));
        let arrays = match read(&path, Platform::LINUX_X86_64) {
            Ok(a) => a,
            Err(e) => {
                mismatches.push(format!("{}: {e}", f["path"]));
                continue;
            }
        };
        let a = &arrays[0];
        let ElementType::Known(dt) = &a.element else {
            mismatches.push(format!("{}: unknown dtype", f["path"]));
            continue;
        };
        let nbytes = array_size(&a.shape, dt).nbytes();
        let got = (
            a.shape.clone(),
            a.fortran_order,
            nbytes.to_string(),
            a.disk_bytes.to_u64(),
            dt.itemsize,
        );
        let want = (
            shape(&f["shape"]),
            f["fortran_order"].as_bool().unwrap_or(false),
            f["nbytes"].to_string(),
            Some(u(&f["data_length"])),
            u(&f["dtype"]["itemsize"]),
        );
        if got != want {
            mismatches.push(format!("{}: npmem {got:?}, numpy {want:?}", f["path"]));
        }
        // The dtype numpy loads: its name and type string (object arrays count pointers).
        if dt.name() != f["dtype"]["name"].as_str().unwrap_or("") {
            mismatches.push(format!(
                "{}: dtype {} vs {}",
                f["path"],
                dt.name(),
                f["dtype"]["name"]
            ));
        }
    }
    assert_no_mismatches(".npy fixtures", checked, &mismatches);
}

#[test]
fn safetensors_headers() {
    let (dir, all) = fixtures();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for f in all
        .iter()
        .filter(|f| f["format"] == "safetensors" || f["format"] == "safetensors-index")
    {
        checked += 1;
        let path = dir.join(f["path"].as_str().unwrap_or(""));
        let arrays = match read(&path, Platform::LINUX_X86_64) {
            Ok(a) => a,
            Err(e) => {
                mismatches.push(format!("{}: {e}", f["path"]));
                continue;
            }
        };
        let params: u64 = arrays.iter().map(|a| a.shape.iter().product::<u64>()).sum();
        if params != u(&f["parameter_count"]) {
            mismatches.push(format!(
                "{}: {params} parameters, expected {}",
                f["path"], f["parameter_count"]
            ));
        }
        let total: u64 = arrays
            .iter()
            .map(|a| match &a.element {
                ElementType::Known(dt) => array_size(&a.shape, dt)
                    .nbytes()
                    .to_u64()
                    .unwrap_or(u64::MAX),
                ElementType::Unknown(_) => a.disk_bytes.to_u64().unwrap_or(u64::MAX),
            })
            .sum();
        if total != u(&f["total_nbytes"]) {
            mismatches.push(format!(
                "{}: {total} bytes, expected {}",
                f["path"], f["total_nbytes"]
            ));
        }
        for t in f["tensors"].as_array().cloned().unwrap_or_default() {
            let name = t["name"].as_str().unwrap_or("");
            let Some(a) = arrays.iter().find(|a| a.name.as_deref() == Some(name)) else {
                mismatches.push(format!("{}: tensor {name} missing", f["path"]));
                continue;
            };
            if a.shape != shape(&t["shape"]) || a.type_name != t["dtype"].as_str().unwrap_or("") {
                mismatches.push(format!(
                    "{}: tensor {name}: {:?} {}",
                    f["path"], a.shape, a.type_name
                ));
            }
        }
    }
    assert_no_mismatches("safetensors fixtures", checked, &mismatches);
}

#[test]
fn npz_members() {
    let (dir, all) = fixtures();
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for f in all.iter().filter(|f| f["format"] == "npz") {
        let path = dir.join(f["path"].as_str().unwrap_or(""));
        let arrays = read(&path, Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{e}"));
        for m in f["members"].as_array().cloned().unwrap_or_default() {
            if m["npy"].is_null() {
                continue; // not an array (npmem reads .npy members only)
            }
            checked += 1;
            let name = m["name"].as_str().unwrap_or("");
            let Some(a) = arrays.iter().find(|a| a.name.as_deref() == Some(name)) else {
                mismatches.push(format!("{}: member {name} missing", f["path"]));
                continue;
            };
            let ElementType::Known(dt) = &a.element else {
                panic!("{name}")
            };
            let got = (
                a.shape.clone(),
                array_size(&a.shape, dt).nbytes().to_string(),
                a.disk_bytes.to_u64(),
                a.fortran_order,
            );
            let want = (
                shape(&m["npy"]["shape"]),
                m["npy"]["nbytes"].to_string(),
                Some(u(&m["compressed_size"])),
                m["npy"]["fortran_order"].as_bool().unwrap_or(false),
            );
            if got != want {
                mismatches.push(format!(
                    "{} {name}: npmem {got:?}, numpy {want:?}",
                    f["path"]
                ));
            }
        }
    }
    assert_no_mismatches(".npz members", checked, &mismatches);
}

#[test]
fn broken_npy_and_safetensors_files_are_one_line_errors() {
    let (dir, all) = fixtures();
    let mut checked = 0;
    for f in all.iter().filter(|f| f["format"] == "bad") {
        let intended = f["intended_format"].as_str().unwrap_or("");
        if !["npy", "safetensors", "npz", "gguf", "zarr"].contains(&intended) {
            continue;
        }
        checked += 1;
        let path = dir.join(f["path"].as_str().unwrap_or(""));
        let path = path.display().to_string();
        let run = npmem(&["estimate", &path, "--ram", "1GB"]);
        assert_eq!(run.code, 2, "{path} ({}): {}", f["problem"], run.stdout);
        assert!(run.stdout.is_empty(), "{path}");
        assert_eq!(run.stderr.lines().count(), 1, "{path}: {}", run.stderr);
        assert!(
            run.stderr.contains(&path),
            "{path}: the error names the file: {}",
            run.stderr
        );
    }
    assert!(checked >= 10);
}

#[test]
fn files_in_estimate_json() {
    let (dir, _) = fixtures();
    let st = dir
        .join("safetensors/tensors.safetensors")
        .display()
        .to_string();
    let npy = dir.join("npy/f4_fortran.npy").display().to_string();
    let run = npmem(&["estimate", &st, &npy, "10:u1", "--ram", "1GB", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let arrays = v["arrays"].as_array().cloned().unwrap_or_default();
    let npy_entry = arrays
        .iter()
        .find(|a| a["source"]["format"] == "npy")
        .cloned()
        .unwrap_or_default();
    assert_eq!(npy_entry["source"]["path"], Value::String(npy.clone()));
    assert!(npy_entry["source"]["disk_bytes"].as_u64().is_some());
    let tensor = arrays
        .iter()
        .find(|a| a["source"]["format"] == "safetensors")
        .cloned()
        .unwrap_or_default();
    assert!(tensor["source"]["tensor"].is_string());
    let spec = arrays
        .iter()
        .find(|a| a["spec"] == "10:u1")
        .cloned()
        .unwrap_or_default();
    assert!(spec.get("source").is_none(), "specs have no source");
}

#[test]
fn zarr_arrays() {
    let (dir, all) = fixtures();
    let mut checked = 0;
    for f in all
        .iter()
        .filter(|f| f["format"] == "zarr-v2" || f["format"] == "zarr-v3")
    {
        checked += 1;
        let path = dir.join(f["path"].as_str().unwrap_or(""));
        let arrays = read(&path, Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{e}"));
        let a = &arrays[0];
        let ElementType::Known(dt) = &a.element else {
            panic!("{}", f["path"])
        };
        let c = a.chunks().unwrap_or_else(|| panic!("no chunk grid"));
        assert_eq!(a.shape, shape(&f["shape"]), "{}", f["path"]);
        assert_eq!(
            array_size(&a.shape, dt).nbytes().to_string(),
            f["nbytes"].to_string()
        );
        assert_eq!(c.shape, shape(&f["chunks"]));
        assert_eq!(c.count.to_string(), f["nchunks"].to_string());
        assert_eq!(c.stored_files, u(&f["chunk_files_count"]));
        assert_eq!(a.disk_bytes.to_u64(), Some(u(&f["chunk_bytes_total"])));
        let shards = f.get("shards").map(shape);
        assert_eq!(c.shards, shards, "{}", f["path"]);
    }
    assert_eq!(checked, 5);
    let bad = dir.join("bad/zarr_no_metadata.zarr").display().to_string();
    let run = npmem(&["estimate", &bad]);
    assert_eq!(
        (run.code, run.stderr.lines().count()),
        (2, 1),
        "{}",
        run.stderr
    );
}

#[test]
fn gguf_tensors() {
    let (dir, all) = fixtures();
    let mut checked = 0;
    for f in all.iter().filter(|f| f["format"] == "gguf") {
        let path = dir.join(f["path"].as_str().unwrap_or(""));
        let arrays = read(&path, Platform::LINUX_X86_64).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(arrays.len() as u64, u(&f["tensor_count"]));
        let params: u64 = arrays.iter().map(|a| a.shape.iter().product::<u64>()).sum();
        assert_eq!(params, u(&f["parameter_count"]));
        for t in f["tensors"].as_array().cloned().unwrap_or_default() {
            checked += 1;
            let name = t["name"].as_str().unwrap_or("");
            let a = arrays
                .iter()
                .find(|a| a.name.as_deref() == Some(name))
                .unwrap_or_else(|| panic!("{name}"));
            assert_eq!(a.shape, shape(&t["shape"]), "{name}");
            assert_eq!(a.type_name, t["type"].as_str().unwrap_or(""), "{name}");
            assert_eq!(a.disk_bytes.to_u64(), Some(u(&t["nbytes"])), "{name}");
        }
    }
    assert!(checked >= 10);
}

#[test]
fn file_summaries_and_as_dtype() {
    let (dir, all) = fixtures();
    let index = all
        .iter()
        .find(|f| f["format"] == "safetensors-index")
        .cloned()
        .unwrap_or_default();
    let sharded = dir.join("safetensors/sharded").display().to_string();
    let run = npmem(&["estimate", &sharded, "--ram", "1GB", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}"));
    let files = v["files"].as_array().cloned().unwrap_or_default();
    assert_eq!(files.len(), 1, "a sharded checkpoint is one model");
    assert_eq!(files[0]["parameters"], index["parameter_count"]);
    assert_eq!(files[0]["memory_bytes"], index["total_nbytes"]);
    // A float32 .npy as float16 takes half the memory.
    let npy = dir.join("npy/f4_fortran.npy").display().to_string();
    let as_f2 = npmem(&[
        "estimate", &npy, "--as", "float16", "--bytes", "--ram", "1GB",
    ]);
    let plain = npmem(&["estimate", &npy, "--bytes", "--ram", "1GB"]);
    let half: u64 = as_f2.stdout.trim().parse().unwrap_or(0);
    let full: u64 = plain.stdout.trim().parse().unwrap_or(0);
    assert!(full > 0 && half * 2 == full, "{half} vs {full}");
    let bad = npmem(&["estimate", &npy, "--as", "flaot16"]);
    assert_eq!(bad.code, 2);
}
