//! Zarr arrays: version 2 (`.zarray`) and version 3 (`zarr.json`). The metadata gives the full
//! array; the chunk files on disk give the bytes actually stored.

use std::path::Path;

use num_bigint::BigUint;
use serde_json::Value;

use super::{
    ChunkInfo, ElementType, FileArray, FileError, Format, Placement, file_size, malformed,
    read_prefix,
};
use crate::dtype::Platform;
use crate::dtype::pylit::Lit;

/// The largest metadata file npmem reads.
const MAX_METADATA: u64 = 16 << 20;

pub fn is_zarr_dir(dir: &Path) -> bool {
    dir.join(".zarray").is_file() || dir.join("zarr.json").is_file()
}

pub fn read(dir: &Path, platform: Platform) -> Result<Vec<FileArray>, FileError> {
    let (meta_path, version) = if dir.join("zarr.json").is_file() {
        (dir.join("zarr.json"), 3)
    } else {
        (dir.join(".zarray"), 2)
    };
    if file_size(&meta_path)? > MAX_METADATA {
        return Err(malformed(&meta_path, "metadata over 16 MiB"));
    }
    let bytes = read_prefix(&meta_path, MAX_METADATA)?;
    let meta: Value = serde_json::from_slice(&bytes)
        .map_err(|e| malformed(&meta_path, format!("not JSON ({e})")))?;
    let bad = |what: &str| malformed(&meta_path, what.to_string());
    let dims = |v: &Value, what: &str| -> Result<Vec<u64>, FileError> {
        v.as_array()
            .ok_or_else(|| bad(&format!("no {what}")))?
            .iter()
            .map(|d| {
                d.as_u64()
                    .filter(|&d| d < (1 << 63))
                    .ok_or_else(|| bad(&format!("a bad {what} entry")))
            })
            .collect()
    };
    let mut shards = None;
    let (shape, chunk_shape, type_name, format) = if version == 3 {
        if meta["node_type"] != "array" {
            return Err(bad("a Zarr group, not an array: name one of its arrays"));
        }
        let mut chunk = dims(
            &meta["chunk_grid"]["configuration"]["chunk_shape"],
            "chunk_shape",
        )?;
        // Sharded: the grid's chunks are shards, each holding the codec's (inner) chunks.
        if let Some(sharding) = meta["codecs"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["name"] == "sharding_indexed"))
        {
            let inner = dims(
                &sharding["configuration"]["chunk_shape"],
                "sharding chunk_shape",
            )?;
            if inner.len() != chunk.len()
                || inner
                    .iter()
                    .zip(&chunk)
                    .any(|(&i, &s)| i == 0 || !s.is_multiple_of(i))
            {
                return Err(bad("sharding chunks do not divide the shards"));
            }
            shards = Some(std::mem::replace(&mut chunk, inner));
        }
        let t = v3_descr(&meta["data_type"], 0).ok_or_else(|| {
            bad("a data_type npmem does not know (numpy names, struct, null_terminated_bytes, fixed_length_utf32, raw_bytes and numpy.datetime64/timedelta64 are)")
        })?;
        (dims(&meta["shape"], "shape")?, chunk, t, Format::ZarrV3)
    } else {
        let t = v2_descr(&meta["dtype"], 0)
            .ok_or_else(|| bad("a dtype that is neither a type string nor a list of fields"))?;
        (
            dims(&meta["shape"], "shape")?,
            dims(&meta["chunks"], "chunks")?,
            t,
            Format::ZarrV2,
        )
    };
    if shape.len() > crate::shape::MAX_DIMS {
        return Err(bad(&format!(
            "a shape of {}",
            crate::shape::too_many_dims(shape.len())
        )));
    }
    if chunk_shape.len() != shape.len() || chunk_shape.contains(&0) && !shape.contains(&0) {
        return Err(bad("chunks do not match the shape"));
    }
    let dt = crate::dtype::descr::descr_to_dtype(&type_name, platform)
        .map_err(|e| malformed(&meta_path, format!("data type: {e}")))?;
    let type_name = match &type_name {
        Lit::Str(s) => s.clone(),
        _ => dt.typestr(),
    };
    let count: BigUint = shape
        .iter()
        .zip(&chunk_shape)
        .map(|(&n, &c)| BigUint::from(if c == 0 { 0 } else { n.div_ceil(c) }))
        .product();
    let (files, stored) = chunk_files(dir, shape.len() + 2)?;
    Ok(vec![FileArray {
        path: dir.to_path_buf(),
        format,
        name: None,
        element: ElementType::Known(dt),
        type_name,
        shape,
        disk_bytes: stored.into(),
        fortran_order: meta["order"] == "F",
        placement: Placement::Chunked(ChunkInfo {
            shape: chunk_shape,
            count,
            stored_files: files,
            shards,
        }),
    }])
}

/// Fields nest no deeper than this in a Zarr dtype.
const MAX_DEPTH: usize = 32;

/// A Zarr v2 `dtype` as numpy's descr: a type string, or a list of `[name, dtype(, shape)]`.
fn v2_descr(v: &Value, depth: usize) -> Option<Lit> {
    if depth > MAX_DEPTH {
        return None;
    }
    match v {
        Value::String(s) => Some(Lit::Str(s.clone())),
        Value::Array(fields) => fields
            .iter()
            .map(|f| {
                let parts = f.as_array()?;
                let mut tuple = vec![
                    Lit::Str(parts.first()?.as_str()?.to_string()),
                    v2_descr(parts.get(1)?, depth + 1)?,
                ];
                if let Some(shape) = parts.get(2) {
                    tuple.push(Lit::Tuple(
                        shape
                            .as_array()?
                            .iter()
                            .map(|d| d.as_u64().map(|d| Lit::Int(d.into())))
                            .collect::<Option<_>>()?,
                    ));
                }
                Some(Lit::Tuple(tuple))
            })
            .collect::<Option<_>>()
            .map(Lit::List),
        _ => None,
    }
}

/// A Zarr v3 `data_type` as numpy's descr: numpy's names, and the extension types zarr-python
/// writes for fixed-size strings, raw bytes, datetimes and structs.
fn v3_descr(v: &Value, depth: usize) -> Option<Lit> {
    if depth > MAX_DEPTH {
        return None;
    }
    if let Some(name) = v.as_str() {
        return Some(Lit::Str(name.to_string()));
    }
    let config = &v["configuration"];
    let bytes = || config["length_bytes"].as_u64();
    let text = match v["name"].as_str()? {
        "null_terminated_bytes" => format!("S{}", bytes()?),
        "raw_bytes" => format!("V{}", bytes()?),
        "fixed_length_utf32" => {
            let n = bytes()?;
            if n % 4 != 0 {
                return None;
            }
            format!("U{}", n / 4)
        }
        kind @ ("numpy.datetime64" | "numpy.timedelta64") => {
            let unit = config["unit"].as_str()?;
            let scale = config["scale_factor"].as_u64().unwrap_or(1);
            let code = if kind == "numpy.datetime64" { 'M' } else { 'm' };
            if scale == 1 {
                format!("{code}8[{unit}]")
            } else {
                format!("{code}8[{scale}{unit}]")
            }
        }
        "struct" => {
            return config["fields"]
                .as_array()?
                .iter()
                .map(|f| {
                    Some(Lit::Tuple(vec![
                        Lit::Str(f["name"].as_str()?.to_string()),
                        v3_descr(&f["data_type"], depth + 1)?,
                    ]))
                })
                .collect::<Option<_>>()
                .map(Lit::List);
        }
        _ => return None,
    };
    Some(Lit::Str(text))
}

/// Chunk files under an array's directory (metadata excluded): how many, how many bytes.
fn chunk_files(dir: &Path, depth: usize) -> Result<(u64, u64), FileError> {
    let mut files = 0u64;
    let mut bytes = 0u64;
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, level)) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| super::io_error(&d, e))?;
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() && level < depth && !super::zarr::is_zarr_dir(&p) {
                stack.push((p, level + 1));
            } else if kind.is_file()
                && !matches!(
                    name.as_str(),
                    ".zarray" | ".zattrs" | ".zgroup" | ".zmetadata" | "zarr.json"
                )
            {
                files += 1;
                bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    Ok((files, bytes))
}
