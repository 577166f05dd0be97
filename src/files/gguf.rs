//! GGUF (llama.cpp): a header, typed metadata key/values, then tensor infos (name, ggml
//! dimensions innermost first, type, offset), then the aligned data. Quantised types are
//! blocks: Q4_0 packs 32 values into 18 bytes, Q4_K 256 into 144 (the catalogue's block table,
//! [`crate::dtype::blocks`]).

use std::io::{BufReader, Read};
use std::path::Path;

use super::source::{LocalFile, RangeSource, Sequential};
use super::{ArrayList, ElementType, FileArray, FileError, Format, Placement, io_error, malformed};
use crate::dtype::blocks::{self, GgmlType};
use crate::dtype::{self, Platform};

pub const MAGIC: &[u8] = b"GGUF";

/// ggml's limit on tensor dimensions.
const MAX_DIMS: u32 = 4;

struct Reader<'a> {
    path: &'a Path,
    inner: BufReader<Sequential<'a>>,
    /// Bytes left in the file: no length in the file may claim more.
    left: u64,
    pos: u64,
}

impl Reader<'_> {
    fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>, FileError> {
        if n > self.left {
            return Err(malformed(
                self.path,
                format!(
                    "truncated: {what} needs {n} bytes at offset {}, the file has {} left",
                    self.pos, self.left
                ),
            ));
        }
        let mut buf = vec![0u8; usize::try_from(n).unwrap_or(0)];
        self.inner
            .read_exact(&mut buf)
            .map_err(|e| io_error(self.path, e))?;
        self.left -= n;
        self.pos += n;
        Ok(buf)
    }

    fn u32(&mut self, what: &str) -> Result<u32, FileError> {
        let b = self.bytes(4, what)?;
        Ok(u32::from_le_bytes(b.try_into().unwrap_or([0; 4])))
    }

    fn u64(&mut self, what: &str) -> Result<u64, FileError> {
        let b = self.bytes(8, what)?;
        Ok(u64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
    }

    fn string(&mut self, what: &str) -> Result<String, FileError> {
        let n = self.u64(what)?;
        let b = self.bytes(n, what)?;
        Ok(String::from_utf8_lossy(&b).into_owned())
    }

    /// Skip (or read, for the alignment) one typed metadata value.
    fn value(&mut self, kind: u32, depth: u32) -> Result<Option<u64>, FileError> {
        let fixed = |k: u32| -> Option<u64> {
            Some(match k {
                0 | 1 | 7 => 1,
                2 | 3 => 2,
                4..=6 => 4,
                10..=12 => 8,
                _ => return None,
            })
        };
        match kind {
            4 => Ok(Some(u64::from(self.u32("a metadata value")?))),
            8 => self.string("a metadata string").map(|_| None),
            9 => {
                if depth > 2 {
                    return Err(malformed(self.path, "metadata arrays nested too deeply"));
                }
                let elem = self.u32("an array type")?;
                let count = self.u64("an array length")?;
                match fixed(elem) {
                    Some(size) => {
                        let total = count
                            .checked_mul(size)
                            .ok_or_else(|| malformed(self.path, "an array too large"))?;
                        self.skip(total, "a metadata array")?;
                    }
                    None => {
                        for _ in 0..count {
                            self.value(elem, depth + 1)?;
                        }
                    }
                }
                Ok(None)
            }
            k => match fixed(k) {
                Some(size) => self.skip(size, "a metadata value").map(|()| None),
                None => Err(malformed(
                    self.path,
                    format!("unknown metadata value type {k}"),
                )),
            },
        }
    }

    /// One metadata value as [`MetaValue`]: numbers, booleans and strings read, arrays of
    /// integers read up to [`MAX_META_INTS`] long, other arrays skipped and kept by length.
    fn meta(&mut self, kind: u32) -> Result<MetaValue, FileError> {
        let int = |b: &[u8], signed: bool| -> i128 {
            let mut buf = [0u8; 16];
            buf[..b.len()].copy_from_slice(b);
            if signed && b.last().is_some_and(|&x| x & 0x80 != 0) {
                buf[b.len()..].fill(0xff);
            }
            i128::from_le_bytes(buf)
        };
        let width = |k: u32| match k {
            0 | 1 | 7 => Some(1),
            2 | 3 => Some(2),
            4..=6 => Some(4),
            10..=12 => Some(8),
            _ => None,
        };
        match kind {
            0 | 2 | 4 | 10 | 1 | 3 | 5 | 11 => {
                let b = self.bytes(width(kind).unwrap_or(0), "a metadata value")?;
                Ok(MetaValue::Int(int(&b, matches!(kind, 1 | 3 | 5 | 11))))
            }
            6 => {
                let b = self.bytes(4, "a metadata value")?;
                Ok(MetaValue::Float(f64::from(f32::from_le_bytes(
                    b.try_into().unwrap_or([0; 4]),
                ))))
            }
            12 => {
                let b = self.bytes(8, "a metadata value")?;
                Ok(MetaValue::Float(f64::from_le_bytes(
                    b.try_into().unwrap_or([0; 8]),
                )))
            }
            7 => Ok(MetaValue::Bool(self.bytes(1, "a metadata value")?[0] != 0)),
            8 => self.string("a metadata string").map(MetaValue::Str),
            9 => {
                let elem = self.u32("an array type")?;
                let len = self.u64("an array length")?;
                let signed = matches!(elem, 1 | 3 | 5 | 11);
                match width(elem) {
                    Some(w) if elem != 6 && elem != 7 && elem != 12 && len <= MAX_META_INTS => {
                        let b = self.bytes(len * w, "a metadata array")?;
                        let w = usize::try_from(w).unwrap_or(1);
                        Ok(MetaValue::Ints(
                            b.chunks(w).map(|c| int(c, signed)).collect(),
                        ))
                    }
                    Some(w) => {
                        let total = len
                            .checked_mul(w)
                            .ok_or_else(|| malformed(self.path, "an array too large"))?;
                        self.skip(total, "a metadata array")?;
                        Ok(MetaValue::Array { len })
                    }
                    None => {
                        for _ in 0..len {
                            self.value(elem, 1)?;
                        }
                        Ok(MetaValue::Array { len })
                    }
                }
            }
            k => Err(malformed(
                self.path,
                format!("unknown metadata value type {k}"),
            )),
        }
    }

    fn skip(&mut self, n: u64, what: &str) -> Result<(), FileError> {
        if n > self.left {
            return Err(malformed(
                self.path,
                format!("truncated: {what} runs past the end of the file"),
            ));
        }
        let copied = std::io::copy(&mut (&mut self.inner).take(n), &mut std::io::sink())
            .map_err(|e| io_error(self.path, e))?;
        self.left -= copied;
        self.pos += copied;
        Ok(())
    }
}

/// The longest array of integers [`metadata`] reads (a per-layer list); longer ones (a
/// tokenizer's token types) are kept by length only.
pub const MAX_META_INTS: u64 = 4096;

/// A GGUF metadata value.
#[derive(Debug, Clone, PartialEq)]
pub enum MetaValue {
    Int(i128),
    Float(f64),
    Bool(bool),
    Str(String),
    /// An array of integers (per-layer values).
    Ints(Vec<i128>),
    /// Any other array, by its length.
    Array {
        len: u64,
    },
}

pub fn read(path: &Path, platform: Platform) -> Result<ArrayList, FileError> {
    read_with_metadata(&LocalFile::open(path)?, platform, false).map(|(arrays, _)| arrays)
}

/// A GGUF file's metadata: key/values in file order.
pub type Metadata = Vec<(String, MetaValue)>;

/// A GGUF file's arrays and its metadata.
pub fn metadata(path: &Path, platform: Platform) -> Result<(Vec<FileArray>, Metadata), FileError> {
    read_with_metadata(&LocalFile::open(path)?, platform, true)
        .map(|(arrays, meta)| (arrays.into_arrays(), meta))
}

/// A GGUF file's arrays, and its metadata when `keep`, read in order from its start.
pub fn read_with_metadata(
    src: &dyn RangeSource,
    platform: Platform,
    keep: bool,
) -> Result<(ArrayList, Metadata), FileError> {
    let path = src.path();
    let size = src.size()?;
    let mut r = Reader {
        path,
        inner: BufReader::new(Sequential::new(src)),
        left: size,
        pos: 0,
    };
    if r.bytes(4, "the magic")? != MAGIC {
        return Err(malformed(path, "not a GGUF file (bad magic)"));
    }
    let version = r.u32("the version")?;
    if !(2..=3).contains(&version) {
        return Err(malformed(
            path,
            format!("GGUF version {version}: npmem reads versions 2 and 3"),
        ));
    }
    let tensors = r.u64("the tensor count")?;
    let kvs = r.u64("the metadata count")?;
    let mut alignment = 32u64;
    let mut meta = Vec::new();
    for _ in 0..kvs {
        let key = r.string("a metadata key")?;
        let kind = r.u32("a metadata type")?;
        if keep {
            let v = r.meta(kind)?;
            if key == "general.alignment"
                && kind == 4
                && let MetaValue::Int(a) = v
            {
                alignment = u64::try_from(a)
                    .ok()
                    .filter(|a| a.is_power_of_two())
                    .unwrap_or(alignment);
            }
            meta.push((key, v));
            continue;
        }
        let v = r.value(kind, 0)?;
        if key == "general.alignment" {
            alignment = v.filter(|a| a.is_power_of_two()).unwrap_or(alignment);
        }
    }
    // The tensor infos, compactly (names and dimensions in one buffer each): the data's start
    // is known only after the last of them.
    let mut names = String::new();
    let mut all_dims: Vec<u64> = Vec::new();
    // Each tensor info takes at least 24 bytes of the file: room for as many as both allow.
    let mut infos: Vec<Info> =
        Vec::with_capacity(usize::try_from(tensors.min(size / 24)).unwrap_or(0));
    for _ in 0..tensors.min(size) {
        let name = r.string("a tensor name")?;
        let n_dims = r.u32("a tensor's dimension count")?;
        if n_dims > MAX_DIMS {
            return Err(malformed(
                path,
                format!("tensor '{name}' has {n_dims} dimensions (ggml allows {MAX_DIMS})"),
            ));
        }
        let dims_start = all_dims.len();
        for _ in 0..n_dims {
            all_dims.push(r.u64("a tensor dimension")?);
        }
        let type_id = r.u32("a tensor type")?;
        let offset = r.u64("a tensor offset")?;
        let name_start = names.len();
        names.push_str(&name);
        infos.push(Info {
            name: name_start..names.len(),
            dims: dims_start..all_dims.len(),
            type_id,
            offset,
        });
    }
    if (infos.len() as u64) < tensors {
        return Err(malformed(
            path,
            "truncated: fewer tensor infos than the header counts",
        ));
    }
    let data_start = r.pos.div_ceil(alignment) * alignment;
    let mut arrays = ArrayList::new();
    arrays.reserve(infos.len(), names.len());
    for Info {
        name,
        dims,
        type_id,
        offset,
    } in infos
    {
        let name = &names[name];
        let dims = &all_dims[dims];
        // ggml's types are the catalogue's: a plain dtype, or blocks.
        let Some(ggml) = blocks::gguf_type(type_id) else {
            return Err(malformed(
                path,
                format!("tensor '{name}' has unknown ggml type {type_id}"),
            ));
        };
        let type_name = ggml.name();
        let (block, block_bytes, element) = match ggml {
            GgmlType::Plain(_, spelling) => {
                let dt =
                    dtype::parse(spelling, platform).map_err(|e| malformed(path, e.to_string()))?;
                (1, dt.itemsize, ElementType::Known(dt))
            }
            GgmlType::Blocks(b) => (
                b.block,
                b.block_bytes,
                ElementType::Unknown(type_name.to_string()),
            ),
        };
        let elements = dims
            .iter()
            .try_fold(1u64, |a, &d| a.checked_mul(d))
            .ok_or_else(|| malformed(path, format!("tensor '{name}': its shape overflows")))?;
        if dims.first().is_some_and(|&d| d % block != 0) {
            return Err(malformed(
                path,
                format!("tensor '{name}': {type_name} needs rows in multiples of {block}"),
            ));
        }
        let bytes = (elements / block)
            .checked_mul(block_bytes)
            .ok_or_else(|| malformed(path, format!("tensor '{name}': too large")))?;
        let end = data_start
            .checked_add(offset)
            .and_then(|s| s.checked_add(bytes))
            .ok_or_else(|| malformed(path, format!("tensor '{name}': its offset overflows")))?;
        if end > size {
            return Err(malformed(
                path,
                format!(
                    "truncated: tensor '{name}' ends at byte {end}, past the end of the file ({size} bytes)"
                ),
            ));
        }
        let mut shape = dims.to_vec();
        shape.reverse();
        arrays.push(FileArray {
            path: path.to_path_buf(),
            format: Format::Gguf,
            name: Some(name.to_string()),
            element,
            type_name: type_name.to_string(),
            shape,
            disk_bytes: bytes.into(),
            fortran_order: false,
            placement: Placement::Contiguous {
                offset: data_start + offset,
            },
        });
    }
    arrays.shrink_to_fit();
    Ok((arrays, meta))
}

/// A tensor's info as read: its name and dimensions as ranges of the shared buffers.
struct Info {
    name: std::ops::Range<usize>,
    dims: std::ops::Range<usize>,
    type_id: u32,
    offset: u64,
}
