//! Zip archives as `.npz` files are: the central directory (zip64 included), each member's
//! local header and where its data starts, and the first bytes of a member (stored, or deflated
//! and inflated no further than asked).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use miniz_oxide::inflate::stream::{InflateState, inflate};
use miniz_oxide::{DataFormat, MZFlush, MZStatus};

use super::{FileError, io_error, malformed};

const EOCD: u64 = 0x0605_4b50;
const ZIP64_LOCATOR: u64 = 0x0706_4b50;
const ZIP64_EOCD: u64 = 0x0606_4b50;
const CENTRAL: u64 = 0x0201_4b50;
pub const LOCAL: u64 = 0x0403_4b50;
/// The largest central directory npmem reads.
const MAX_DIRECTORY: u64 = 64 << 20;

pub fn u16_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from(u16::from_le_bytes(
        b.get(i..i + 2)?.try_into().ok()?,
    )))
}

pub fn u32_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from(u32::from_le_bytes(
        b.get(i..i + 4)?.try_into().ok()?,
    )))
}

fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i + 8)?.try_into().ok()?))
}

/// zip64's extra field (id 1) in an entry's `extra` bytes: each of `values` marked 0xffffffff,
/// in order, takes the field's next 8-byte value. False when the field is too short for them
/// (those values stay marked).
fn zip64_extra<const N: usize>(extra: &[u8], mut values: [&mut u64; N]) -> bool {
    let mut whole = true;
    let mut e = 0usize;
    while e + 4 <= extra.len() {
        let id = u16_at(extra, e).unwrap_or(0);
        let len = usize::try_from(u16_at(extra, e + 2).unwrap_or(0)).unwrap_or(0);
        if id == 1 {
            let mut k = e + 4;
            for value in &mut values {
                if **value == 0xffff_ffff {
                    match u64_at(extra, k) {
                        Some(v) => **value = v,
                        None => whole = false,
                    }
                    k += 8;
                }
            }
        }
        e += 4 + len;
    }
    whole
}

pub fn read_at(path: &Path, file: &mut File, offset: u64, len: u64) -> Result<Vec<u8>, FileError> {
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| io_error(path, e))?;
    let mut buf = Vec::new();
    file.take(len)
        .read_to_end(&mut buf)
        .map_err(|e| io_error(path, e))?;
    Ok(buf)
}

/// A member of the archive, as the central directory lists it.
pub struct Member {
    pub name: String,
    /// Zip's compression method: 0 stored, 8 deflated.
    pub method: u64,
    pub compressed: u64,
    pub uncompressed: u64,
    pub local_offset: u64,
    /// The CRC-32 of the uncompressed bytes.
    pub crc: u32,
}

/// The members the central directory of the zip at `path` (`size` bytes, open as `file`) lists.
pub fn members(path: &Path, file: &mut File, size: u64) -> Result<Vec<Member>, FileError> {
    let corrupt = |what: &str| malformed(path, format!("a corrupt zip: {what}"));
    // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
    let tail_len = size.min(65_557);
    let tail = read_at(path, file, size - tail_len, tail_len)?;
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(&tail, i) == Some(EOCD))
        .ok_or_else(|| corrupt("no end-of-central-directory record"))?;
    let short = || corrupt("a short end-of-central-directory record");
    let mut entries = u16_at(&tail, eocd + 10).ok_or_else(short)?;
    let mut dir_size = u32_at(&tail, eocd + 12).ok_or_else(short)?;
    let mut dir_offset = u32_at(&tail, eocd + 16).ok_or_else(short)?;
    if (entries == 0xffff || dir_size == 0xffff_ffff || dir_offset == 0xffff_ffff)
        && eocd >= 20
        && u32_at(&tail, eocd - 20) == Some(ZIP64_LOCATOR)
    {
        let record = u64_at(&tail, eocd - 20 + 8).ok_or_else(|| corrupt("a bad zip64 locator"))?;
        if record > size.saturating_sub(56) {
            return Err(corrupt("the zip64 record lies outside the file"));
        }
        let z = read_at(path, file, record, 56)?;
        if u32_at(&z, 0) != Some(ZIP64_EOCD) {
            return Err(corrupt("a bad zip64 end record"));
        }
        let short = || corrupt("a short zip64 end record");
        entries = u64_at(&z, 32).ok_or_else(short)?;
        dir_size = u64_at(&z, 40).ok_or_else(short)?;
        dir_offset = u64_at(&z, 48).ok_or_else(short)?;
    }
    if dir_offset
        .checked_add(dir_size)
        .is_none_or(|end| end > size)
        || dir_size > MAX_DIRECTORY
    {
        return Err(corrupt("the central directory lies outside the file"));
    }
    let dir = read_at(path, file, dir_offset, dir_size)?;
    let mut members = Vec::new();
    let mut i = 0usize;
    for _ in 0..entries {
        if u32_at(&dir, i) != Some(CENTRAL) {
            return Err(corrupt("a bad central directory entry"));
        }
        let field = |o: usize| {
            u32_at(&dir, i + o).ok_or_else(|| corrupt("a short central directory entry"))
        };
        let method = u16_at(&dir, i + 10).ok_or_else(|| corrupt("a short entry"))?;
        let crc = u32::from_le_bytes(
            dir.get(i + 16..i + 20)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| corrupt("a short central directory entry"))?,
        );
        let mut compressed = field(20)?;
        let mut uncompressed = field(24)?;
        let length = |o: usize| {
            u16_at(&dir, i + o)
                .map(|n| n as usize)
                .ok_or_else(|| corrupt("a short central directory entry"))
        };
        let (name_len, extra_len, comment_len) = (length(28)?, length(30)?, length(32)?);
        let mut local_offset = field(42)?;
        let name_bytes = dir
            .get(i + 46..i + 46 + name_len)
            .ok_or_else(|| corrupt("a short entry name"))?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        // zip64: the sizes and offset marked 0xffffffff are in the extra field, in order.
        let extra = dir
            .get(i + 46 + name_len..i + 46 + name_len + extra_len)
            .ok_or_else(|| corrupt("a short extra field"))?;
        if !zip64_extra(
            extra,
            [&mut uncompressed, &mut compressed, &mut local_offset],
        ) {
            return Err(corrupt("a short zip64 field"));
        }
        members.push(Member {
            name,
            method,
            compressed,
            uncompressed,
            local_offset,
            crc,
        });
        i += 46 + name_len + extra_len + comment_len;
    }
    Ok(members)
}

/// A member's local header, checked against the central directory as Python's `zipfile`
/// checks it (the name) and further (the method, and the sizes unless a data descriptor
/// follows): returns where the member's data starts.
pub fn local_start(path: &Path, file: &mut File, m: &Member) -> Result<u64, FileError> {
    let corrupt =
        |what: String| malformed(path, format!("a corrupt zip: member '{}': {what}", m.name));
    let local = read_at(path, file, m.local_offset, 30)?;
    if u32_at(&local, 0) != Some(LOCAL) {
        return Err(corrupt("no local header".to_string()));
    }
    let short = || corrupt("its local header runs past the end of the file".to_string());
    let flags = u16_at(&local, 6).ok_or_else(short)?;
    let method = u16_at(&local, 8).ok_or_else(short)?;
    let mut compressed = u32_at(&local, 18).ok_or_else(short)?;
    let mut uncompressed = u32_at(&local, 22).ok_or_else(short)?;
    let name_len = u16_at(&local, 26).ok_or_else(short)?;
    let extra_len = u16_at(&local, 28).ok_or_else(short)?;
    let rest = read_at(path, file, m.local_offset + 30, name_len + extra_len)?;
    if (rest.len() as u64) < name_len + extra_len {
        return Err(corrupt(
            "its local header runs past the end of the file".to_string(),
        ));
    }
    let name_len = usize::try_from(name_len).unwrap_or(0);
    if String::from_utf8_lossy(&rest[..name_len]) != m.name {
        return Err(corrupt(format!(
            "its local header names it '{}'",
            crate::dtype::excerpt(&String::from_utf8_lossy(&rest[..name_len]))
        )));
    }
    if method != m.method {
        return Err(corrupt(format!(
            "its local header says compression method {method}, the central directory {}",
            m.method
        )));
    }
    // zip64: sizes marked 0xffffffff are in the local extra field (uncompressed first).
    // A short one leaves a size marked, and the comparison below says so.
    let extra = &rest[name_len..];
    zip64_extra(extra, [&mut uncompressed, &mut compressed]);
    let descriptor = flags & 8 != 0 && compressed == 0 && uncompressed == 0;
    if !descriptor && (compressed != m.compressed || uncompressed != m.uncompressed) {
        return Err(corrupt(format!(
            "its local header says {compressed} bytes ({uncompressed} uncompressed), \
             the central directory {} ({})",
            m.compressed, m.uncompressed
        )));
    }
    Ok(m.local_offset + 30 + name_len as u64 + extra.len() as u64)
}

/// The first `want` bytes of a deflated member (fewer if it is shorter), inflating no more.
pub fn inflate_prefix(
    path: &Path,
    file: &mut File,
    start: u64,
    compressed: u64,
    want: u64,
) -> Result<Vec<u8>, FileError> {
    file.seek(SeekFrom::Start(start))
        .map_err(|e| io_error(path, e))?;
    let mut input = file.take(compressed);
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let want = usize::try_from(want).unwrap_or(usize::MAX);
    let mut out = Vec::with_capacity(want.min(1 << 20));
    let mut chunk = vec![0u8; 1 << 16];
    let mut scratch = vec![0u8; 1 << 16];
    loop {
        let n = input.read(&mut chunk).map_err(|e| io_error(path, e))?;
        let mut pending = &chunk[..n];
        loop {
            let room = (want - out.len()).min(scratch.len());
            if room == 0 {
                return Ok(out);
            }
            let flush = if n == 0 {
                MZFlush::Finish
            } else {
                MZFlush::None
            };
            let r = inflate(&mut state, pending, &mut scratch[..room], flush);
            out.extend_from_slice(&scratch[..r.bytes_written]);
            pending = &pending[r.bytes_consumed..];
            match r.status {
                Ok(MZStatus::StreamEnd) => return Ok(out),
                Ok(_) if pending.is_empty() && r.bytes_written < room => break,
                Ok(_) => {}
                Err(_) if r.bytes_written > 0 => {}
                Err(_) if n == 0 => return Ok(out),
                Err(_) => {
                    return Err(malformed(path, "a deflated member that does not inflate"));
                }
            }
        }
        if n == 0 {
            return Ok(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::zip64_extra;

    /// An extra field: an unrelated record, then zip64's with `values`.
    fn extra(values: &[u64]) -> Vec<u8> {
        let mut b = vec![0x55, 0x54, 1, 0, 0];
        b.extend_from_slice(&1u16.to_le_bytes());
        let len = u16::try_from(values.len() * 8).unwrap_or(0);
        b.extend_from_slice(&len.to_le_bytes());
        for v in values {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b
    }

    #[test]
    fn zip64_values_replace_the_marked_ones_in_order() {
        let (mut a, mut b, mut c) = (0xffff_ffff, 7, 0xffff_ffff);
        assert!(zip64_extra(
            &extra(&[1 << 33, 1 << 34]),
            [&mut a, &mut b, &mut c]
        ));
        assert_eq!((a, b, c), (1 << 33, 7, 1 << 34));
    }

    #[test]
    fn a_short_zip64_field_leaves_the_rest_marked() {
        let (mut a, mut b) = (0xffff_ffff, 0xffff_ffff);
        assert!(!zip64_extra(&extra(&[5]), [&mut a, &mut b]));
        assert_eq!((a, b), (5, 0xffff_ffff));
    }
}
