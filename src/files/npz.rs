//! `.npz`: a zip of `.npy` members (stored, or deflated by `savez_compressed`), each read by
//! its `.npy` header only.

use std::fs::File;
use std::path::Path;

use super::zip::{self, LOCAL, inflate_prefix, read_at, u16_at, u32_at};
use super::{
    Deflated, FileArray, FileError, Format, Placement, file_size, io_error, malformed, npy,
};
use crate::dtype::Platform;

pub const MAGIC: &[u8] = b"PK\x03\x04";

pub fn read(path: &Path, platform: Platform) -> Result<Vec<FileArray>, FileError> {
    let size = file_size(path)?;
    let mut file = File::open(path).map_err(|e| io_error(path, e))?;
    let corrupt = |what: &str| malformed(path, format!("a corrupt zip: {what}"));
    let members = zip::members(path, &mut file, size)?;
    let mut arrays = Vec::new();
    for m in members.iter().filter(|m| m.name.ends_with(".npy")) {
        let local = read_at(path, &mut file, m.local_offset, 30)?;
        if u32_at(&local, 0) != Some(LOCAL) {
            return Err(corrupt(&format!("member '{}' has no local header", m.name)));
        }
        let start =
            m.local_offset + 30 + u16_at(&local, 26).unwrap_or(0) + u16_at(&local, 28).unwrap_or(0);
        if start.checked_add(m.compressed).is_none_or(|end| end > size) {
            return Err(corrupt(&format!(
                "member '{}' runs past the end of the file",
                m.name
            )));
        }
        let member_path = path.join(&m.name);
        let mut prefix = |n: u64| -> Result<Vec<u8>, FileError> {
            let mut f = File::open(path).map_err(|e| io_error(path, e))?;
            match m.method {
                0 => read_at(path, &mut f, start, n.min(m.compressed)),
                8 => inflate_prefix(path, &mut f, start, m.compressed, n),
                other => Err(malformed(
                    path,
                    format!(
                        "member '{}' uses zip compression method {other}; npmem reads stored and deflated members",
                        m.name
                    ),
                )),
            }
        };
        let mut array = npy::from_bytes(&member_path, &mut prefix, m.uncompressed, platform)
            .map_err(|e| match e {
                FileError::Malformed { problem, .. } => {
                    malformed(path, format!("member '{}': {problem}", m.name))
                }
                other => other,
            })?;
        array.path = path.to_path_buf();
        array.format = Format::Npz;
        array.name = Some(m.name.trim_end_matches(".npy").to_string());
        array.disk_bytes = m.compressed.into();
        // Stored members keep their data in place; deflated ones are inflated as they stream.
        if let Placement::Contiguous { offset: inner } = array.placement {
            array.placement = if m.method == 8 {
                Placement::Deflated(Deflated {
                    start,
                    compressed: m.compressed,
                    skip: inner,
                })
            } else {
                Placement::Contiguous {
                    offset: start + inner,
                }
            };
        }
        arrays.push(array);
    }
    if arrays.is_empty() {
        return Err(malformed(path, "the archive holds no .npy members"));
    }
    Ok(arrays)
}
