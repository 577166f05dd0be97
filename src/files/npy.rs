//! `.npy`: a magic string, a version, a header length, and a Python dict literal with
//! `descr`, `fortran_order` and `shape`. Versions 1.0 (2-byte length), 2.0 and 3.0 (4-byte
//! length; 3.0 in UTF-8).

use std::path::Path;

use num_bigint::BigUint;
use num_traits::ToPrimitive;

use super::{ElementType, FileArray, FileError, Format, file_size, malformed, read_prefix};
use crate::dtype::Platform;
use crate::dtype::descr::descr_to_dtype;
use crate::dtype::pylit::{self, Lit};
use crate::shape;

pub const MAGIC: &[u8] = b"\x93NUMPY";

/// The largest header npmem reads (numpy itself refuses more than 10,000 bytes by default).
const MAX_HEADER: u64 = 16 << 20;

pub fn read(path: &Path, platform: Platform) -> Result<Vec<FileArray>, FileError> {
    let size = file_size(path)?;
    let array = from_bytes(path, &mut |n| read_prefix(path, n), size, platform)?;
    Ok(vec![array])
}

/// Read an `.npy` stream of `size` bytes whose first `n` bytes `prefix(n)` returns (fewer if it
/// is shorter): a file, or an `.npz` member.
pub fn from_bytes(
    path: &Path,
    prefix: &mut dyn FnMut(u64) -> Result<Vec<u8>, FileError>,
    size: u64,
    platform: Platform,
) -> Result<FileArray, FileError> {
    let preamble = prefix(12)?;
    if !preamble.starts_with(MAGIC) {
        return Err(malformed(path, "not an .npy stream (no \\x93NUMPY magic)"));
    }
    if preamble.len() < 10 {
        return Err(malformed(
            path,
            "truncated .npy: the file ends inside its preamble",
        ));
    }
    let (major, minor) = (preamble[6], preamble[7]);
    let (len_bytes, utf8) = match major {
        1 => (2usize, false),
        2 => (4, false),
        3 => (4, true),
        _ => {
            return Err(malformed(
                path,
                format!(
                    ".npy format version {major}.{minor} is not one numpy writes (1.0, 2.0, 3.0)"
                ),
            ));
        }
    };
    if preamble.len() < 8 + len_bytes {
        return Err(malformed(
            path,
            "truncated .npy: the file ends inside its header length",
        ));
    }
    let header_len = preamble[8..8 + len_bytes]
        .iter()
        .rev()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    let start = 8 + len_bytes as u64;
    let end = start + header_len;
    if end > size {
        return Err(malformed(
            path,
            format!(
                "the header claims {header_len} bytes but the file has only {} after the preamble",
                size.saturating_sub(start)
            ),
        ));
    }
    if header_len > MAX_HEADER {
        return Err(malformed(
            path,
            format!("a {header_len}-byte header is more than npmem reads (16 MiB)"),
        ));
    }
    let bytes = prefix(end)?;
    if (bytes.len() as u64) < end {
        return Err(malformed(
            path,
            "truncated .npy: the file ends inside its header",
        ));
    }
    let raw = &bytes[usize::try_from(start)
        .unwrap_or(usize::MAX)
        .min(bytes.len())..];
    let text = if utf8 {
        String::from_utf8(raw.to_vec())
            .map_err(|_| malformed(path, "a version 3.0 header that is not UTF-8"))?
    } else {
        raw.iter().map(|&b| char::from(b)).collect()
    };
    let header = pylit::parse(text.trim_end_matches(['\n', ' ', '\0'])).map_err(|e| {
        malformed(
            path,
            format!("the header is not a Python dict literal ({e})"),
        )
    })?;
    let Lit::Dict(items) = header else {
        return Err(malformed(path, "the header is not a dict"));
    };
    let get = |key: &str| {
        items
            .iter()
            .find(|(k, _)| *k == Lit::Str(key.to_string()))
            .map(|(_, v)| v)
    };
    let descr = get("descr").ok_or_else(|| malformed(path, "the header has no 'descr'"))?;
    let fortran_order = match get("fortran_order") {
        Some(Lit::Bool(b)) => *b,
        _ => return Err(malformed(path, "the header has no boolean 'fortran_order'")),
    };
    let shape = match get("shape") {
        Some(Lit::Tuple(dims)) => dims
            .iter()
            .map(|d| match d {
                Lit::Int(n) => n
                    .to_u64()
                    .filter(|&n| n <= shape::MAX_ARRAY_BYTES)
                    .ok_or_else(|| {
                        malformed(
                            path,
                            format!("shape dimension {n} is not between 0 and 2^63-1"),
                        )
                    }),
                _ => Err(malformed(
                    path,
                    "the shape holds something other than integers",
                )),
            })
            .collect::<Result<Vec<u64>, FileError>>()?,
        _ => return Err(malformed(path, "the header has no tuple 'shape'")),
    };
    let dtype = descr_to_dtype(descr, platform).map_err(|e| malformed(path, e))?;
    let type_name = match descr {
        Lit::Str(s) => s.clone(),
        _ => dtype.typestr(),
    };
    let data = size - end;
    let counted = shape::array_size(&shape, &dtype);
    if counted.refusal.is_some() {
        return Err(malformed(
            path,
            format!(
                "shape {shape:?} of {} is more than numpy can hold (\"array is too big\")",
                dtype.name()
            ),
        ));
    }
    if !dtype.holds_references() && counted.nbytes > BigUint::from(data) {
        return Err(malformed(
            path,
            format!(
                "truncated: the header describes {} bytes of data but the file holds {data}",
                counted.nbytes
            ),
        ));
    }
    Ok(FileArray {
        path: path.to_path_buf(),
        format: Format::Npy,
        name: None,
        element: ElementType::Known(dtype),
        type_name,
        shape,
        disk_bytes: data,
        fortran_order,
        chunks: None,
        data_offset: Some(end),
        deflated: None,
    })
}
