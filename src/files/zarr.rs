//! Zarr arrays: version 2 (`.zarray`) and version 3 (`zarr.json`). The metadata gives the full
//! array; the chunk files on disk give the bytes actually stored.

use std::path::Path;

use num_bigint::BigUint;
use serde_json::Value;

use super::{
    ChunkInfo, ElementType, FileArray, FileError, Format, file_size, malformed, read_prefix,
};
use crate::dtype::{self, Platform};

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
        let t = meta["data_type"]
            .as_str()
            .ok_or_else(|| bad("no data_type"))?
            .to_string();
        (dims(&meta["shape"], "shape")?, chunk, t, Format::ZarrV3)
    } else {
        let t = meta["dtype"]
            .as_str()
            .ok_or_else(|| bad("a structured dtype, which npmem does not read from Zarr yet"))?
            .to_string();
        (
            dims(&meta["shape"], "shape")?,
            dims(&meta["chunks"], "chunks")?,
            t,
            Format::ZarrV2,
        )
    };
    if chunk_shape.len() != shape.len() || chunk_shape.contains(&0) && !shape.contains(&0) {
        return Err(bad("chunks do not match the shape"));
    }
    let dt = dtype::parse(&type_name, platform)
        .map_err(|e| malformed(&meta_path, format!("data type: {e}")))?;
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
        disk_bytes: stored,
        fortran_order: meta["order"] == "F",
        chunks: Some(ChunkInfo {
            shape: chunk_shape,
            count,
            stored_files: files,
            shards,
        }),
        data_offset: None,
        deflated: None,
    }])
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
