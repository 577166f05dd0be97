//! safetensors: an 8-byte little-endian header length, a JSON header naming each tensor's
//! dtype, shape and byte range, then the data. Sharded checkpoints are an index JSON
//! (`*.safetensors.index.json`) or a directory of shards.

use std::path::Path;

use num_bigint::BigUint;
use serde_json::Value;

use super::source::{LocalFile, RangeSource, read_range};
use super::{
    ArrayList, ArrayRef, ElementType, FileArray, FileError, Format, Placement, file_size, malformed,
};
use crate::dtype::{self, Platform};
use crate::shape;

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

pub fn read(path: &Path, platform: Platform) -> Result<ArrayList, FileError> {
    read_from(&LocalFile::open(path)?, platform)
}

/// A safetensors file's arrays, from its first 8 bytes and its header only.
pub fn read_from(src: &dyn RangeSource, platform: Platform) -> Result<ArrayList, FileError> {
    let path = src.path();
    let size = src.size()?;
    let prefix = read_range(src, 0, 8)?;
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
    let bytes = read_range(src, 0, 8 + n)?;
    let data = size - 8 - n;
    // Each tensor's entry is parsed, checked and turned into its array one at a time, so the
    // memory held is the arrays' (compactly, in an [`ArrayList`]), never a tree of the whole
    // header.
    let mut arrays = ArrayList::new();
    let mut visit = |name: String, info: Value| -> Result<(), FileError> {
        arrays.push(tensor(path, platform, &name, &info, data, n)?);
        Ok(())
    };
    let mut problem = None;
    let mut de = serde_json::Deserializer::from_slice(&bytes[8..]);
    let header = Header {
        visit: &mut visit,
        problem: &mut problem,
    };
    let parsed = serde::Deserializer::deserialize_map(&mut de, header).and_then(|()| de.end());
    if let Some(problem) = problem {
        return Err(problem);
    }
    parsed.map_err(|e| malformed(path, format!("the header is not a JSON object ({e})")))?;
    drop(bytes);
    last_of_each_name(&mut arrays);
    // A tensor's byte range in the data.
    let range = |a: &ArrayRef<'_>| {
        let begin = a.offset().unwrap_or(0).saturating_sub(8 + n);
        (begin, begin + a.disk_bytes())
    };
    // As safetensors' `validate`: in order of their offsets, each tensor starts where the one
    // before ends (the first at 0), and the last ends where the file does — no overlap, no gap,
    // nothing left over.
    arrays.sort_by(|x, y| (range(x), x.name()).cmp(&(range(y), y.name())));
    let mut cursor = 0u64;
    let mut previous: Option<&str> = None;
    for a in arrays.iter() {
        let name = a.name().unwrap_or("");
        let (begin, end) = range(&a);
        if begin < cursor {
            return Err(malformed(
                path,
                format!(
                    "tensors '{}' and '{}' overlap",
                    crate::dtype::excerpt(previous.unwrap_or("")),
                    crate::dtype::excerpt(name)
                ),
            ));
        }
        if begin > cursor {
            return Err(malformed(
                path,
                format!(
                    "{} unused bytes before tensor '{}' (safetensors refuses it: invalid offset)",
                    begin - cursor,
                    crate::dtype::excerpt(name)
                ),
            ));
        }
        cursor = end;
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
    // Shown in order of their offsets, names breaking ties (an empty tensor beside another).
    arrays.sort_by(|x, y| (range(x).0, x.name()).cmp(&(range(y).0, y.name())));
    arrays.shrink_to_fit();
    Ok(arrays)
}

/// A name written twice in the header: the last entry stands, as when a JSON object is read
/// into a map (serde's, and so the safetensors library's).
fn last_of_each_name(arrays: &mut ArrayList) {
    let name = |i: u32| arrays.get(i as usize).and_then(|a| a.name());
    let count = u32::try_from(arrays.len()).unwrap_or(u32::MAX);
    let mut by_name: Vec<u32> = (0..count).collect();
    by_name.sort_unstable_by(|&i, &j| name(i).cmp(&name(j)).then(i.cmp(&j)));
    let mut keep = vec![true; arrays.len()];
    for pair in by_name.windows(2) {
        if name(pair[0]) == name(pair[1]) {
            keep[pair[0] as usize] = false;
        }
    }
    drop(by_name);
    arrays.retain(&keep);
}

/// The header's top-level object, entry by entry: `__metadata__` skipped, every other entry
/// handed to `visit` as it is read.
struct Header<'v> {
    visit: &'v mut dyn FnMut(String, Value) -> Result<(), FileError>,
    /// The first entry found wrong (the parse then stops).
    problem: &'v mut Option<FileError>,
}

impl<'de> serde::de::Visitor<'de> for Header<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<String>()? {
            if name == "__metadata__" {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            let info: Value = map.next_value()?;
            if let Err(problem) = (self.visit)(name, info) {
                *self.problem = Some(problem);
                return Err(serde::de::Error::custom("a bad tensor entry"));
            }
        }
        Ok(())
    }
}

/// One tensor's entry, checked: its dtype, shape and byte range (within the `data` bytes after
/// the `n`-byte header) agree.
fn tensor(
    path: &Path,
    platform: Platform,
    name: &str,
    info: &Value,
    data: u64,
    n: u64,
) -> Result<FileArray, FileError> {
    let bad = |what: &str| {
        malformed(
            path,
            format!("tensor '{}': {what}", crate::dtype::excerpt(name)),
        )
    };
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
    if shape.len() > shape::MAX_DIMS {
        return Err(bad(&shape::too_many_dims(shape.len())));
    }
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
    let element = match dtype_of(&type_name) {
        Some(spelling) => {
            let dt = dtype::parse(spelling, platform).map_err(|e| bad(&e.to_string()))?;
            let numel: BigUint = shape.iter().map(|&d| BigUint::from(d)).product();
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
    Ok(FileArray {
        path: path.to_path_buf(),
        format: Format::Safetensors,
        name: Some(name.to_string()),
        element,
        type_name,
        shape,
        disk_bytes: (end - begin).into(),
        fortran_order: false,
        placement: Placement::Contiguous {
            offset: 8 + n + begin,
        },
    })
}

/// A sharded checkpoint's index: every shard it names, as one model.
pub fn read_index(path: &Path, platform: Platform) -> Result<ArrayList, FileError> {
    read_index_from(&LocalFile::open(path)?, platform)
}

/// An index's shards, each found beside it (in its folder, or at its URL).
pub fn read_index_from(src: &dyn RangeSource, platform: Platform) -> Result<ArrayList, FileError> {
    let path = src.path();
    let size = src.size()?;
    if size > MAX_INDEX {
        return Err(malformed(path, "an index over 64 MiB"));
    }
    let bytes = read_range(src, 0, size)?;
    let index: Value =
        serde_json::from_slice(&bytes).map_err(|e| malformed(path, format!("not JSON ({e})")))?;
    let map = index["weight_map"]
        .as_object()
        .ok_or_else(|| malformed(path, "no weight_map"))?;
    let mut shards: Vec<&str> = map.values().filter_map(Value::as_str).collect();
    shards.sort_unstable();
    shards.dedup();
    let mut arrays = ArrayList::new();
    for shard in shards {
        if shard.contains("..") || Path::new(shard).is_absolute() {
            return Err(malformed(
                path,
                format!("shard '{shard}' is outside the index's folder"),
            ));
        }
        arrays.append(read_from(&*src.sibling(shard)?, platform)?);
    }
    arrays.set_format(Format::SafetensorsIndex);
    Ok(arrays)
}

/// A directory: its index if it has one, else every `.safetensors` shard in it.
pub fn read_directory(dir: &Path, platform: Platform) -> Result<ArrayList, FileError> {
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
    let mut arrays = ArrayList::new();
    for s in shards {
        arrays.append(read(&s, platform)?);
    }
    Ok(arrays)
}
