//! Dask's chunk plans (tests/data/chunks.json, from scripts/golden/golden_chunks.py with Dask 2026.8):
//! `normalize_chunks` for every recorded case, through npmem's own parsers of the text a user
//! types. Where Dask raises, npmem must refuse too.

use npmem::dask::{self, Request, normalize_chunks, parse_chunks, parse_limit, parse_previous};
use npmem::dtype::{Platform, parse};
use serde_json::Value;

use crate::support::{assert_no_mismatches, read_json};

/// Why npmem gives no plan (the messages show in mismatch reports, through `Debug`).
#[derive(Debug)]
#[allow(dead_code)]
enum Refusal {
    /// A dimension of 2^63 or more: npmem's shapes stop there (numpy's too).
    Shape,
    /// `--chunk-size` is not a size. npmem checks it even when no dimension is auto (Dask
    /// only reads `limit` when it needs it).
    Limit(String),
    /// Negative chunk sizes, which Dask turns into nonsense instead of refusing.
    Negative(String),
    /// Anything else: must be a case where Dask raises.
    Other(String),
}

/// npmem's answer for one case: the chunk sizes per dimension, or the refusal.
fn plan(case: &Value) -> Result<Vec<Vec<u64>>, Refusal> {
    let dims = case["shape"].as_array().cloned().unwrap_or_default();
    let shape: Vec<u64> = dims
        .iter()
        .map(|d| d.as_u64().filter(|&d| d < 1 << 63))
        .collect::<Option<_>>()
        .ok_or(Refusal::Shape)?;
    plan_for(case, &shape).map_err(|e| {
        if e.starts_with("chunk sizes must be 0 or more") {
            Refusal::Negative(e)
        } else if e.starts_with("limit: ") {
            Refusal::Limit(e)
        } else {
            Refusal::Other(e)
        }
    })
}

fn plan_for(case: &Value, shape: &[u64]) -> Result<Vec<Vec<u64>>, String> {
    let dtype = parse(
        case["dtype"].as_str().unwrap_or_default(),
        Platform::LINUX_X86_64,
    )
    .map_err(|e| format!("dtype: {e}"))?;
    let chunks = parse_chunks(case["chunks"].as_str().unwrap_or_default())?;
    let limit = match case["limit"].as_str() {
        Some(t) => Some(parse_limit(t).map_err(|e| format!("limit: {e}"))?),
        None => None,
    };
    let previous = match case["previous_chunks"].as_str() {
        Some(t) => Some(parse_previous(t)?),
        None => None,
    };
    let req = Request {
        chunks: &chunks,
        shape,
        limit,
        itemsize: dtype.itemsize,
        hasobject: dtype.holds_references(),
        previous: previous.as_deref(),
    };
    let n = normalize_chunks(&req).map_err(|e| e.to_string())?;
    Ok(n.dims.iter().map(|d| d.iter().collect()).collect())
}

#[test]
fn chunk_plans_match_dask() {
    let data = read_json("chunks.json");
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 300, "only {} cases", cases.len());
    let mut mismatches = Vec::new();
    for case in &cases {
        let label = format!(
            "shape {} dtype {} chunks {} limit {} previous {}",
            case["shape"], case["dtype"], case["chunks"], case["limit"], case["previous_chunks"]
        );
        let expected: Option<Vec<Vec<u64>>> = case["result"].as_array().map(|dims| {
            dims.iter()
                .map(|d| {
                    d.as_array()
                        .map(|v| v.iter().filter_map(Value::as_u64).collect())
                        .unwrap_or_default()
                })
                .collect()
        });
        let limit_is_bad = case["limit"]
            .as_str()
            .is_some_and(|t| parse_limit(t).is_err());
        let negative_text = |k: &str| {
            case[k].as_str().is_some_and(|t| {
                t.split(|c: char| !(c.is_ascii_digit() || c == '-'))
                    .any(|tok| tok.starts_with('-') && tok.len() > 1)
            })
        };
        let negative = negative_text("chunks") || negative_text("previous_chunks");
        match (plan(case), expected) {
            (Ok(got), Some(want)) => {
                if got != want {
                    mismatches.push(format!("{label}: npmem {got:?}, Dask {want:?}"));
                }
            }
            (Ok(got), None) => mismatches.push(format!(
                "{label}: npmem plans {got:?}, Dask raises {}",
                case["error"]
            )),
            (Err(Refusal::Limit(_)), Some(_)) if limit_is_bad => {}
            (Err(Refusal::Negative(_)), Some(_)) if negative => {}
            (Err(Refusal::Shape | Refusal::Other(_) | Refusal::Limit(_)), None) => {}
            (Err(Refusal::Negative(_)), None) if negative => {}
            (got, want) => mismatches.push(format!("{label}: npmem {got:?}, Dask {want:?}")),
        }
    }
    assert_no_mismatches("chunk plans", cases.len(), &mismatches);
}

#[test]
fn dask_default_limit_is_the_recorded_one() {
    let data = read_json("chunks.json");
    assert_eq!(data["default_limit"].as_u64(), Some(dask::DEFAULT_LIMIT));
}

/// `da.from_zarr` on the Zarr fixtures: the storage chunks when no chunks are given, and
/// otherwise chunks aligned with them (with a sharded array's shards, for `auto`).
#[test]
fn zarr_plans_match_dask_from_zarr() {
    let data = read_json("chunks.json");
    let cases = data["zarr"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() >= 90, "only {} Zarr cases", cases.len());
    let fixtures = crate::support::data_path("../fixtures/files");
    let mut mismatches = Vec::new();
    for case in &cases {
        let path = fixtures.join(case["path"].as_str().unwrap_or_default());
        let path = path.display().to_string();
        let mut args = vec!["estimate", path.as_str(), "--ram", "1GB", "--json"];
        match case["chunks"].as_str() {
            Some(c) => args.extend(["--chunks", c]),
            None => args.extend(["--workers", "1"]),
        }
        if let Some(l) = case["limit"].as_str() {
            args.extend(["--chunk-size", l]);
        }
        let run = crate::support::npmem(&args);
        let label = format!(
            "{} --chunks {} --chunk-size {}",
            case["path"], case["chunks"], case["limit"]
        );
        if case["error"].is_object() {
            if run.code != 2 {
                mismatches.push(format!(
                    "{label}: npmem plans, Dask raises {}",
                    case["error"]
                ));
            }
            continue;
        }
        let got: Value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
        let chunks = &got["arrays"][0]["chunks"]["chunks"];
        if *chunks != case["result"] {
            mismatches.push(format!(
                "{label}: npmem {chunks} (stderr {}), Dask {}",
                run.stderr.trim(),
                case["result"]
            ));
        }
    }
    assert_no_mismatches("Zarr chunk plans", cases.len(), &mismatches);
}
