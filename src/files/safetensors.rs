//! safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's
//! dtype, shape and byte range, then the data. Sharded checkpoints are an index JSON
//! (`*.safetensors.index.json`) or a directory of shards.

use std::path::Path;

use num_bigint::BigUint;
use serde_json::Value;

use super::{
    ElementType, FileArray, FileError, Format, Placement, file_size, malformed, read_prefix,
};
use crate::dtype::{self, Platform};

/// safetensors' own limit on a header.
const MAX_HEADER: u64 = 100_000_000;
/// The largest index file npmem reads.
const MAX_INDEX: u64 = 64 << 20;

/// A safetensors dtype: the catalogue dtype that holds it in memory (whose packed bits are its
/// bits on disk).
fn dtype_of(name: &str) -> Option<&'static str> {
    dtype::foreign::safetensors(name)
}

pub fn looks_like(path: &Path, head: &[u8]) -> Result<bool, FileError> {
    let by_name = path.extension().is_some_and(|e| e == "safetensors");
    if head.len() < 9 {
        return Ok(by_name);
    }
    let n = u64::from_le_bytes(head[..8].try_into().unwrap_or([0; 8]));
    let size = file_size(path)?;
    Ok(by_name || (head[8] == b'{' && n.checked_add(8).is_some_and(|end| end <= size)))
}

pub fn read(path: &Path, platform: Platform) -> Result<Vec<FileArray>, FileError> {
    let size = file_size(path)?;
    let prefix = read_prefix(path, 8)?;
    if prefix.len() < 8 {
        return Err(malformed(
            path,
            "truncated: shorter than the 8-byte header length",
        ));
    }
    let n = u64::from_le_bytes(prefix[..8].try_into().unwrap_or([0; 8]));
    if n > size - 8 {
        return Err(malformed(
            path,
            format!("the header length {n} runs past the end of the file ({size} bytes)"),
        ));
    }
    if n > MAX_HEADER {
        return Err(malformed(
            path,
            format!("a {n}-byte header is over safetensors' 100 MB limit"),
        ));
    }
    let bytes = read_prefix(path, 8 + n)?;
    let header: serde_json::Map<String, Value> = serde_json::from_slice(&bytes[8..])
        .map_err(|e| malformed(path, format!("the header is not a JSON object ({e})")))?;
    let data = size - 8 - n;
    let mut arrays = Vec::new();
    let mut ranges: Vec<(u64, u64, String)> = Vec::new();
    for (name, info) in &header {
        if name == "__metadata__" {
            continue;
        }
        let bad = |what: &str| malformed(path, format!("tensor '{name}': {what}"));
        let type_name = info["dtype"]
            .as_str()
            .ok_or_else(|| bad("no dtype"))?
            .to_string();
        let shape: Vec<u64> = info["shape"]
            .as_array()
            .ok_or_else(|| bad("no shape"))?
            .iter()
            .map(|d| {
                d.as_u64()
                    .filter(|&d| d < (1u64 << 63))
                    .ok_or_else(|| bad("a shape dimension is not a non-negative integer"))
            })
            .collect::<Result<_, _>>()?;
        let offsets = info["data_offsets"]
            .as_array()
            .ok_or_else(|| bad("no data_offsets"))?;
        let (begin, end) = match offsets.as_slice() {
            [b, e] => (
                b.as_u64()
                    .ok_or_else(|| bad("a data offset is not an integer"))?,
                e.as_u64()
                    .ok_or_else(|| bad("a data offset is not an integer"))?,
            ),
            _ => return Err(bad("data_offsets is not [begin, end]")),
        };
        if end < begin || end > data {
            return Err(bad(&format!(
                "bytes [{begin}, {end}) lie outside the {data} bytes of data"
            )));
        }
        let numel: BigUint = shape.iter().map(|&d| BigUint::from(d)).product();
        let element = match dtype_of(&type_name) {
            Some(spelling) => {
                let dt = dtype::parse(spelling, platform).map_err(|e| bad(&e.to_string()))?;
                let want = &numel * dt.packed_bits();
                if want != BigUint::from(end - begin) * 8u8 {
                    return Err(bad(&format!(
                        "shape {shape:?} of {type_name} needs {} bits but its byte range holds {}",
                        want,
                        (end - begin) * 8
                    )));
                }
                ElementType::Known(dt)
            }
            None => ElementType::Unknown(type_name.clone()),
        };
        ranges.push((begin, end, name.clone()));
        arrays.push(FileArray {
            path: path.to_path_buf(),
            format: Format::Safetensors,
            name: Some(name.clone()),
            element,
            type_name,
            shape,
            disk_bytes: (end - begin).into(),
            fortran_order: false,
            placement: Placement::Contiguous {
                offset: 8 + n + begin,
            },
        });
    }
    // As safetensors' `validate`: in order of their offsets, each tensor starts where the one
    // before ends (the first at 0), and the last ends where the file does — no overlap, no gap,
    // nothing left over.
    ranges.sort();
    let mut cursor = 0u64;
    let mut previous: Option<&str> = None;
    for (begin, end, name) in &ranges {
        if *begin < cursor {
            return Err(malformed(
                path,
                format!(
                    "tensors '{}' and '{}' overlap",
                    crate::dtype::excerpt(previous.unwrap_or("")),
                    crate::dtype::excerpt(name)
                ),
            ));
        }
        if *begin > cursor {
            return Err(malformed(
                path,
                format!(
                    "{} unused bytes before tensor '{}' (safetensors refuses it: invalid offset)",
                    begin - cursor,
                    crate::dtype::excerpt(name)
                ),
            ));
        }
        cursor = *end;
        previous = Some(name);
    }
    if cursor != data {
        return Err(malformed(
            path,
            format!(
                "the tensors cover {cursor} of the {data} bytes of data \
                 (safetensors refuses it: metadata incomplete buffer)"
            ),
        ));
    }
    arrays.sort_by_key(|a| {
        let offset = header
            .get(a.name.as_deref().unwrap_or(""))
            .and_then(|i| i["data_offsets"][0].as_u64())
            .unwrap_or(0);
        (offset, a.name.clone())
    });
    Ok(arrays)
}

/// A sharded checkpoint's index: every shard it names, as one model.
pub fn read_index(path: &Path, platform: Platform) -> Result<Vec<FileArray>, FileError> {
    let size = file_size(path)?;
    if size > MAX_INDEX {
        return Err(malformed(path, "an index over 64 MiB"));
    }
    let bytes = read_prefix(path, MAX_INDEX)?;
    let index: Value =
        serde_json::from_slice(&bytes).map_err(|e| malformed(path, format!("not JSON ({e})")))?;
    let map = index["weight_map"]
        .as_object()
        .ok_or_else(|| malformed(path, "no weight_map"))?;
    let mut shards: Vec<&str> = map.values().filter_map(Value::as_str).collect();
    shards.sort_unstable();
    shards.dedup();
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut arrays = Vec::new();
    for shard in shards {
        if shard.contains("..") || Path::new(shard).is_absolute() {
            return Err(malformed(
                path,
                format!("shard '{shard}' is outside the index's folder"),
            ));
        }
        arrays.extend(read(&dir.join(shard), platform)?);
    }
    for a in &mut arrays {
        a.format = Format::SafetensorsIndex;
    }
    Ok(arrays)
}

/// A directory: its index if it has one, else every `.safetensors` shard in it.
pub fn read_directory(dir: &Path, platform: Platform) -> Result<Vec<FileArray>, FileError> {
    let entries = std::fs::read_dir(dir).map_err(|e| super::io_error(dir, e))?;
    let mut shards = Vec::new();
    let mut index = None;
    for e in entries.flatten() {
        let p = e.path();
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.ends_with(".safetensors.index.json") {
            index = Some(p);
        } else if name.ends_with(".safetensors") {
            shards.push(p);
        }
    }
    if let Some(index) = index {
        return read_index(&index, platform);
    }
    if shards.is_empty() {
        return Err(malformed(
            dir,
            "a directory with no metadata: no .zarray or zarr.json, no *.safetensors.index.json and no .safetensors shards",
        ));
    }
    shards.sort();
    let mut arrays = Vec::new();
    for s in shards {
        arrays.extend(read(&s, platform)?);
    }
    Ok(arrays)
}
