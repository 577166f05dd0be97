//! `.npy`: a magic string, a version, a header length, and a Python dict literal with
//! `descr`, `fortran_order` and `shape`. Versions 1.0 (2-byte length), 2.0 and 3.0 (4-byte
//! length; 3.0 in UTF-8).

use std::path::Path;

use num_traits::ToPrimitive;

use super::{
    ElementType, FileArray, FileError, Format, Placement, file_size, malformed, read_prefix,
};
use crate::dtype::Platform;
use crate::dtype::descr::descr_to_dtype;
use crate::dtype::pylit::{self, Lit};
use crate::shape;
use crate::units::Bytes;

pub const MAGIC: &[u8] = b"\x93NUMPY";

/// numpy's `_MAX_HEADER_SIZE`: `np.load` refuses a header of more characters than this unless
/// told otherwise (`max_header_size=`, or `allow_pickle=True`); npmem refuses it as `np.load`
/// does by default.
const MAX_HEADER: usize = 10_000;
/// The most digits of an integer in a header: a dimension is at most 2^63 - 1, 19 digits.
const MAX_DIGITS: usize = 19;
/// The keys numpy's header has, no more and no fewer.
const KEYS: [&str; 3] = ["descr", "fortran_order", "shape"];

/// numpy's check: the header's keys (after duplicates collapse) are exactly [`KEYS`], else
/// "Header does not contain the correct keys".
fn check_keys(path: &Path, items: &[(Lit, Lit)]) -> Result<(), FileError> {
    let mut keys: Vec<String> = Vec::new();
    for (k, _) in items {
        let shown = match k {
            Lit::Str(s) => format!("'{}'", crate::dtype::excerpt(s)),
            _ => "a key that is not a string".to_string(),
        };
        if !keys.contains(&shown) {
            keys.push(shown);
        }
    }
    let expected: Vec<String> = KEYS.iter().map(|k| format!("'{k}'")).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    if sorted == expected {
        return Ok(());
    }
    let shown = match keys.len() {
        0 => "none".to_string(),
        n if n > 6 => format!("{}, … ({n} keys)", keys[..6].join(", ")),
        _ => keys.join(", "),
    };
    Err(malformed(
        path,
        format!(
            "the header's keys are {shown}, not exactly 'descr', 'fortran_order' and 'shape' \
             (numpy: \"Header does not contain the correct keys\")"
        ),
    ))
}

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
    let too_long = |n: u64| {
        malformed(
            path,
            format!(
                "a {n}-character header is over numpy's limit of {MAX_HEADER} \
                 (np.load refuses it by default: max_header_size)"
            ),
        )
    };
    // A UTF-8 character is at most 4 bytes: past that no decoding can bring it under.
    if header_len > 4 * MAX_HEADER as u64 || (!utf8 && header_len > MAX_HEADER as u64) {
        return Err(too_long(header_len));
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
    let chars = text.chars().count();
    if chars > MAX_HEADER {
        return Err(too_long(chars as u64));
    }
    let header = pylit::parse_bounded(text.trim_end_matches(['\n', ' ', '\0']), MAX_DIGITS)
        .map_err(|e| {
            malformed(
                path,
                format!("the header is not a Python dict literal ({e})"),
            )
        })?;
    let Lit::Dict(items) = header else {
        return Err(malformed(path, "the header is not a dict"));
    };
    check_keys(path, &items)?;
    // A key written twice: Python's dict literal keeps the last value, and so does npmem.
    let get = |key: &str| {
        items
            .iter()
            .rev()
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
    if shape.len() > shape::MAX_DIMS {
        return Err(malformed(
            path,
            format!("a shape of {}", shape::too_many_dims(shape.len())),
        ));
    }
    let dtype = descr_to_dtype(descr, platform).map_err(|e| malformed(path, e))?;
    let type_name = match descr {
        Lit::Str(s) => s.clone(),
        _ => dtype.typestr(),
    };
    let data = size - end;
    let counted = shape::array_size(&shape, &dtype);
    if let Some(shape::Refusal::TooManyDims(count)) = counted.refusal {
        return Err(malformed(
            path,
            format!(
                "shape {shape:?} of {} (its subarray's dimensions included) has {}",
                dtype.name(),
                shape::too_many_dims(count)
            ),
        ));
    }
    if counted.refusal.is_some() {
        return Err(malformed(
            path,
            format!(
                "shape {shape:?} of {} is more than numpy can hold (\"array is too big\")",
                dtype.name()
            ),
        ));
    }
    if !dtype.holds_references() && counted.nbytes() > Bytes::from(data) {
        return Err(malformed(
            path,
            format!(
                "truncated: the header describes {} bytes of data but the file holds {data}",
                counted.nbytes()
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
        disk_bytes: data.into(),
        fortran_order,
        placement: Placement::Contiguous { offset: end },
    })
}
