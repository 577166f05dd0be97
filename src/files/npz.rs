//! `.npz`: a zip of `.npy` members (stored, or deflated by `savez_compressed`), each read by
//! its `.npy` header only.

use std::path::Path;

use super::zip::{self, inflate_prefix, read_at};
use super::{ArrayList, Deflated, FileError, Format, Placement, Stored, file_size, malformed, npy};
use crate::dtype::{Platform, excerpt};

pub const MAGIC: &[u8] = b"PK\x03\x04";

/// Names listed once each (np.load would silently take the last of two alike), and members whose
/// bytes do not overlap: checked on the central directory alone (a hash set and one sort).
fn check_members(path: &Path, members: &[zip::Member], size: u64) -> Result<(), FileError> {
    let corrupt = |what: String| malformed(path, format!("a corrupt zip: {what}"));
    let mut names = std::collections::HashSet::new();
    for m in members {
        // A zip64 offset can claim anything: one past the file is a lie, said as such.
        if m.local_offset > size.saturating_sub(30) {
            return Err(corrupt(format!(
                "member '{}' starts at offset {}, past the end of the file ({size} bytes)",
                excerpt(&m.name),
                m.local_offset
            )));
        }
        if !names.insert(m.name.as_str()) {
            return Err(corrupt(format!(
                "two members are named '{}' (np.load would read only the last)",
                excerpt(&m.name)
            )));
        }
    }
    // Each member takes at least its 30-byte local header, its name and its data.
    let mut spans: Vec<(u64, u64, &str)> = members
        .iter()
        .map(|m| {
            let end = m
                .local_offset
                .saturating_add(30 + m.name.len() as u64)
                .saturating_add(m.compressed);
            (m.local_offset, end, m.name.as_str())
        })
        .collect();
    spans.sort_unstable();
    for pair in spans.windows(2) {
        if pair[1].0 < pair[0].1 {
            return Err(corrupt(format!(
                "members '{}' and '{}' overlap",
                excerpt(pair[0].2),
                excerpt(pair[1].2)
            )));
        }
    }
    Ok(())
}

pub fn read(path: &Path, platform: Platform) -> Result<ArrayList, FileError> {
    let size = file_size(path)?;
    let mut file = super::open_regular(path)?;
    let corrupt = |what: &str| malformed(path, format!("a corrupt zip: {what}"));
    let members = zip::members(path, &mut file, size)?;
    check_members(path, &members, size)?;
    // Where each member's bytes must end: the next member's local header.
    let mut offsets: Vec<u64> = members.iter().map(|m| m.local_offset).collect();
    offsets.sort_unstable();
    let mut arrays = ArrayList::new();
    let npy = members.iter().filter(|m| m.name.ends_with(".npy"));
    let name_bytes = npy.clone().map(|m| m.name.len()).sum();
    arrays.reserve(npy.count(), name_bytes);
    // Each member is let go once read, its name's room taken by what comes next.
    for m in members.into_iter().filter(|m| m.name.ends_with(".npy")) {
        let m = &m;
        let start = zip::local_start(path, &mut file, m)?;
        let next = offsets.partition_point(|&o| o <= m.local_offset);
        let limit = offsets.get(next).copied().unwrap_or(size).min(size);
        if start
            .checked_add(m.compressed)
            .is_none_or(|end| end > limit)
        {
            return Err(corrupt(&format!(
                "member '{}' runs past the end of the file or into the next member",
                excerpt(&m.name)
            )));
        }
        if m.method == 0 && m.compressed != m.uncompressed {
            return Err(corrupt(&format!(
                "stored member '{}' is {} bytes but claims {} uncompressed",
                excerpt(&m.name),
                m.compressed,
                m.uncompressed
            )));
        }
        // Deflate packs at most 1032 bytes into one (258-byte matches in 2 bits).
        if m.method == 8 && m.uncompressed > m.compressed.saturating_mul(1032) + 1024 {
            return Err(corrupt(&format!(
                "deflated member '{}' claims {} bytes from {} compressed, more than deflate can hold",
                excerpt(&m.name),
                m.uncompressed,
                m.compressed
            )));
        }
        let member_path = path.join(&m.name);
        // The archive stays open: one open for all its members, not one each.
        let f = &mut file;
        let mut prefix = |n: u64| -> Result<Vec<u8>, FileError> {
            match m.method {
                0 => read_at(path, f, start, n.min(m.compressed)),
                8 => inflate_prefix(path, f, start, m.compressed, n),
                other => Err(malformed(
                    path,
                    format!(
                        "member '{}' uses zip compression method {other}; npmem reads stored and deflated members",
                        excerpt(&m.name)
                    ),
                )),
            }
        };
        let mut array = npy::from_bytes(&member_path, &mut prefix, m.uncompressed, platform)
            .map_err(|e| match e {
                FileError::Malformed { problem, .. } => {
                    malformed(path, format!("member '{}': {problem}", excerpt(&m.name)))
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
                    uncompressed: m.uncompressed,
                    skip: inner,
                    crc: m.crc,
                })
            } else {
                Placement::Stored(Stored {
                    start,
                    length: m.compressed,
                    offset: start + inner,
                    crc: m.crc,
                })
            };
        }
        arrays.push(array);
    }
    if arrays.is_empty() {
        return Err(malformed(path, "the archive holds no .npy members"));
    }
    arrays.shrink_to_fit();
    Ok(arrays)
}
