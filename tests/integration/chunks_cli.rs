//! `estimate --chunks` / `--workers` through the binary: the JSON contract, the worker model's
//! arithmetic, warnings, exit codes, and bad input.

use serde_json::Value;

use crate::support::{npmem, read_json};

fn json(args: &[&str]) -> (i32, Value) {
    let run = npmem(args);
    assert!(run.stderr.is_empty() || run.code != 2, "{}", run.stderr);
    let v = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", run.stdout, run.stderr));
    (run.code, v)
}

fn u(v: &Value) -> u128 {
    v.as_u64()
        .map(u128::from)
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .or_else(|| v.to_string().parse().ok())
        .unwrap_or_else(|| panic!("not an integer: {v}"))
}

/// The `"chunks"` object: exactly the contract's keys, each consistent with Dask's tuples.
fn check_contract(c: &Value, itemsize: u128) {
    let keys: Vec<&str> = c
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    for k in [
        "chunks",
        "chunk_shape",
        "count",
        "count_per_dim",
        "max_chunk_bytes",
        "limit_bytes",
        "previous_chunks",
        "warnings",
    ] {
        assert!(keys.contains(&k), "missing {k} in {c}");
    }
    let tuples: Vec<Vec<u128>> = c["chunks"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|x| {
                    x.as_array()
                        .map(|v| v.iter().map(u).collect())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default();
    let shape: Vec<u128> = tuples
        .iter()
        .map(|d| d.iter().copied().max().unwrap_or(0))
        .collect();
    let per_dim: Vec<u128> = tuples.iter().map(|d| d.len() as u128).collect();
    assert_eq!(
        c["chunk_shape"]
            .as_array()
            .map(|v| v.iter().map(u).collect::<Vec<_>>()),
        Some(shape.clone())
    );
    assert_eq!(
        c["count_per_dim"]
            .as_array()
            .map(|v| v.iter().map(u).collect::<Vec<_>>()),
        Some(per_dim.clone())
    );
    assert_eq!(u(&c["count"]), per_dim.iter().product::<u128>());
    assert_eq!(
        u(&c["max_chunk_bytes"]),
        shape.iter().product::<u128>() * itemsize
    );
}

#[test]
fn chunks_json_is_dasks_plan() {
    // Every recorded 2-d float64 auto case with a result, through the binary.
    let data = read_json("chunks.json");
    let mut checked = 0;
    for case in data["cases"].as_array().into_iter().flatten() {
        let shape: Vec<u64> = case["shape"]
            .as_array()
            .map(|v| v.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default();
        if case["dtype"] != "float64"
            || shape.len() != 2
            || case["result"].is_null()
            || case["chunks"] != "auto"
            || checked >= 12
        {
            continue;
        }
        let spec = format!("{}x{}", shape[0], shape[1]);
        let mut args = vec![
            "estimate", &spec, "--chunks", "auto", "--ram", "1PB", "--json",
        ];
        let limit;
        if let Some(l) = case["limit"].as_str() {
            limit = l.to_string();
            args.extend(["--chunk-size", &limit]);
        }
        let prev;
        if let Some(p) = case["previous_chunks"].as_str() {
            prev = p.to_string();
            args.extend(["--previous-chunks", &prev]);
        }
        let (code, v) = json(&args);
        assert_eq!(code, 0);
        let c = &v["arrays"][0]["chunks"];
        assert_eq!(c["chunks"], case["result"], "{args:?}");
        check_contract(c, 8);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} cases");
}

#[test]
fn the_four_dimensional_example_in_chunks() {
    let (code, v) = json(&[
        "estimate",
        "100x100x100x100",
        "--chunks",
        "auto",
        "--ram",
        "16GB",
        "--json",
    ]);
    assert_eq!(code, 0);
    let c = &v["arrays"][0]["chunks"];
    check_contract(c, 8);
    assert_eq!(u(&c["limit_bytes"]), 128 << 20);
    assert!(c["previous_chunks"].is_null());
    assert!(v.get("workers").is_none(), "no workers without --workers");
    // Without --chunks there is no plan at all.
    let (_, v) = json(&["estimate", "100x100", "--ram", "16GB", "--json"]);
    assert!(v["arrays"][0].get("chunks").is_none());
}

#[test]
fn previous_chunks_align_and_count_storage_reads() {
    let (_, v) = json(&[
        "estimate",
        "10000x10000",
        "--chunks",
        "auto",
        "--chunk-size",
        "1MiB",
        "--previous-chunks",
        "100x100",
        "--ram",
        "1PB",
        "--json",
    ]);
    let c = &v["arrays"][0]["chunks"];
    check_contract(c, 8);
    assert_eq!(c["previous_chunks"], serde_json::json!([100, 100]));
    let side = u(&c["chunk_shape"][0]);
    assert_eq!(side % 100, 0, "a whole number of previous chunks: {c}");
    assert_eq!(
        u(&c["storage_chunks_per_chunk"]),
        (side / 100) * (side / 100)
    );
    assert_eq!(c["aligned"], true);
    // Explicit chunks that cut across storage chunks are reported as such.
    let (_, v) = json(&[
        "estimate",
        "1000x1000",
        "--chunks",
        "auto,250",
        "--previous-chunks",
        "100x100",
        "--ram",
        "1PB",
        "--json",
    ]);
    let c = &v["arrays"][0]["chunks"];
    assert_eq!(c["aligned"], false);
    assert!(c["warnings"].to_string().contains("cut across"), "{c}");
}

#[test]
fn warnings_follow_dasks_guidance() {
    let warnings = |args: &[&str]| {
        let mut a = vec!["estimate"];
        a.extend_from_slice(args);
        a.extend(["--ram", "1PB", "--json"]);
        let (_, v) = json(&a);
        v["arrays"][0]["chunks"]["warnings"].to_string()
    };
    assert!(warnings(&["1e6", "--chunks", "1000"]).contains("under 1 MiB"));
    assert!(warnings(&["1e7:i1", "--chunks", "5"]).contains("more than a million"));
    assert!(warnings(&["1e5x1e5", "--chunks", "-1"]).contains("over 1 GiB"));
    assert_eq!(warnings(&["1e5x1e5", "--chunks", "auto"]), "[]");
    // One chunk holding a small array is no scheduling problem.
    assert_eq!(warnings(&["100", "--chunks", "auto"]), "[]");
}

#[test]
fn workers_need_their_chunks_in_flight_and_a_reserve() {
    let args = [
        "estimate",
        "1e5x1e5:f4",
        "--workers",
        "4",
        "--threads-per-worker",
        "2",
        "--worker-memory",
        "2GB",
        "--chunks-in-flight",
        "3",
        "--worker-reserve",
        "300MB",
        "--ram",
        "16GB",
        "--json",
    ];
    let (code, v) = json(&args);
    let w = &v["workers"];
    let chunk = u(&v["arrays"][0]["chunks"]["max_chunk_bytes"]);
    assert_eq!(u(&w["count"]), 4);
    assert_eq!(u(&w["threads_per_worker"]), 2);
    assert_eq!(u(&w["worker_memory_bytes"]), 2_000_000_000);
    assert_eq!(
        u(&w["per_worker_required_bytes"]),
        2 * 3 * chunk + 300_000_000
    );
    assert_eq!(w["status"], "ok");
    assert_eq!(u(&w["cluster_memory_bytes"]), 8_000_000_000);
    let room = 2_000_000_000u128 - 300_000_000;
    assert_eq!(
        u(&w["workers_to_persist"]),
        40_000_000_000u128.div_ceil(room)
    );
    assert_eq!(u(&w["max_threads_that_fit"]), room / (3 * chunk));
    assert_eq!(u(&w["max_chunk_bytes_that_fit"]), room / 6);
    // The whole array does not fit this machine, but the exit code follows the workers.
    assert_eq!(v["status"], "over");
    assert_eq!(code, 0);

    // Too little worker memory: over, exit 1, and a --chunk-size that would fit.
    let mut small = args.to_vec();
    small[7] = "600MB";
    let (code, v) = json(&small);
    let w = &v["workers"];
    assert_eq!((code, w["status"].as_str()), (1, Some("over")));
    let fit = u(&w["chunk_size_that_fits"]);
    let (_, again) = json(&[
        "estimate",
        "1e5x1e5:f4",
        "--chunks",
        "auto",
        "--chunk-size",
        &fit.to_string(),
        "--ram",
        "16GB",
        "--json",
    ]);
    let refit = u(&again["arrays"][0]["chunks"]["max_chunk_bytes"]);
    assert!(refit <= u(&w["max_chunk_bytes_that_fit"]), "{refit} {w}");

    // Defaults: this machine's usable memory split N ways.
    let (_, v) = json(&[
        "estimate",
        "1000x1000",
        "--workers",
        "2",
        "--ram",
        "8GB",
        "--json",
    ]);
    let w = &v["workers"];
    assert_eq!(u(&w["worker_memory_bytes"]), 4_000_000_000);
    assert_eq!(u(&w["reserve_bytes"]), 256 << 20);
    assert_eq!(u(&w["chunks_in_flight"]), 4);
    assert!(
        v["arrays"][0]["chunks"].is_object(),
        "--workers plans auto chunks"
    );
}

#[test]
fn table_and_plain_show_the_plan() {
    let run = npmem(&["estimate", "1e5x1e5:f4", "--workers", "4", "--ram", "16GB"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("axis 0: 5792 ×17, 1536"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("workers status"), "{}", run.stdout);
    let run = npmem(&[
        "estimate",
        "1e5x1e5:f4",
        "--chunks",
        "auto",
        "--ram",
        "16GB",
        "--format",
        "plain",
    ]);
    assert!(
        run.stdout
            .contains("chunks_axis spec=1e5x1e5:f4 axis=0 runs=5792*17,1536*1"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_chunk_input_is_one_line_and_exit_2() {
    for (args, mention) in [
        (vec!["100x100x100", "--chunks", "auto,auto"], "same length"),
        (
            vec!["100x100", "--chunks", "auto", "--chunk-size", "5foos"],
            "byte unit",
        ),
        (vec!["100x100", "--chunk-size", "64MiB"], "--chunks auto"),
        (
            vec!["100x100", "--chunks", "auto", "--workers", "0"],
            "--workers 1",
        ),
        (vec!["100x100:O", "--chunks", "auto"], "object"),
        (vec!["100x100", "--chunks", "0,auto"], "ZeroDivisionError"),
        (
            vec!["100x100", "--chunks", "-5,auto"],
            "-1 means the whole dimension",
        ),
        (vec!["100x100", "--chunks", "1.5"], "not a chunk size"),
        (vec!["100x100", "--chunks", "((50,40),(100,))"], "add up"),
        (
            vec!["100x100", "--chunks", "auto", "--previous-chunks", "10xten"],
            "--previous-chunks",
        ),
        (vec!["100x100", "--threads-per-worker", "2"], "--workers"),
        (
            vec!["1e8:i1", "--chunks", "1", "--json"],
            "more than npmem writes as JSON",
        ),
    ] {
        let mut a = vec!["estimate"];
        a.extend(args.iter().copied());
        a.extend(["--ram", "16GB"]);
        let run = npmem(&a);
        assert_eq!(run.code, 2, "{a:?}: {}", run.stdout);
        assert!(run.stdout.is_empty(), "{a:?}: {}", run.stdout);
        assert!(run.stderr.contains(mention), "{a:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{a:?}: {}", run.stderr);
    }
}
