//! Reading the bytes: positional reads on every worker, or a deflated member inflated as it streams.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::dispatch::scan_chunk;
use super::kernels::{Plan, Stats};
use crate::files::{Deflated, Placement, Stored};

/// Fill `buf` from `pos` without moving a shared cursor, so workers read side by side.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], pos: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, pos)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut pos: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, pos)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                pos += n as u64;
            }
        }
    }
    Ok(())
}

/// Fill `buf` from `pos`, or say that the file ends first (it was cut short while it was being
/// read): where the data should end and where the file does, not "failed to fill whole buffer".
fn read_data(file: &File, buf: &mut [u8], pos: u64, end: u64) -> std::io::Result<()> {
    read_at(file, buf, pos).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => {
            let found = file
                .metadata()
                .map_or_else(|_| "sooner".to_string(), |m| format!("at byte {}", m.len()));
            std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("truncated while being read: its data runs to byte {end}, but the file ends {found}"),
            )
        }
        _ => e,
    })
}

/// Bytes per chunk: small enough that a chunk read by one worker is still in its cache when it
/// scans it; memory is one chunk per worker.
const CHUNK: usize = 1 << 20;

impl Plan {
    /// Scan one chunk of whole values, the first of them at `byte` of the data.
    fn scan(&self, data: &[u8], byte: u64) -> Stats {
        scan_chunk(data, *self, byte / self.elem.size() as u64)
    }
}

/// Stream the values an array's [`Placement`] locates through the cast, calling `progress` with
/// the bytes scanned so far; `None` for a chunked store, which is not streamed.
pub fn scan_placed(
    path: &Path,
    placement: &Placement,
    plan: Plan,
    progress: &(dyn Fn(u64) + Sync),
) -> Option<std::io::Result<Stats>> {
    let scan = Scan {
        path,
        plan,
        progress,
    };
    match placement {
        Placement::Contiguous { offset } => {
            Some(scan.contiguous(*offset, false).map(|(stats, _)| stats))
        }
        Placement::Stored(member) => Some(scan.stored(*member)),
        Placement::Deflated(member) => Some(scan.deflated(*member)),
        Placement::Chunked(_) => None,
    }
}

/// One array's data being scanned: the file, what is checked, and who hears how far it got.
struct Scan<'a> {
    path: &'a Path,
    plan: Plan,
    progress: &'a (dyn Fn(u64) + Sync),
}

/// The refusal of a zip member whose bytes do not match its CRC-32, as Python's `zipfile`
/// refuses it (numpy raises `BadZipFile`).
fn crc_mismatch(found: u32, expected: u32) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "a corrupt zip: the member's CRC-32 is {found:08x} but the zip says {expected:08x} \
             (numpy: BadZipFile)"
        ),
    )
}

/// The CRC-32 of `len` bytes of `file` from `pos`, read 1 MiB at a time.
fn crc_of(file: &File, pos: u64, len: u64) -> std::io::Result<crc32fast::Hasher> {
    let mut hasher = crc32fast::Hasher::new();
    let mut buf = vec![0u8; usize::try_from(len.min(CHUNK as u64)).unwrap_or(CHUNK)];
    let mut done = 0u64;
    while done < len {
        let n = usize::try_from((len - done).min(CHUNK as u64)).unwrap_or(CHUNK);
        read_data(file, &mut buf[..n], pos + done, pos + len)?;
        hasher.update(&buf[..n]);
        done += n as u64;
    }
    Ok(hasher)
}

/// A stored `.npz` member: its values scanned as any contiguous data, each chunk's CRC-32 taken
/// as it is read; the header before and any bytes after are hashed too, and the whole compared
/// with the zip's.
impl Scan<'_> {
    fn stored(&self, member: Stored) -> std::io::Result<Stats> {
        let (stats, hashes) = self.contiguous(member.offset, true)?;
        let file = crate::files::open_regular_io(self.path)?;
        let header = member.offset.saturating_sub(member.start);
        let mut crc = crc_of(&file, member.start, header)?;
        let mut scanned = 0u64;
        for h in hashes {
            scanned += h.1;
            crc.combine(&h.0);
        }
        let end = member.start + member.length;
        let tail = end.saturating_sub(member.offset + scanned);
        crc.combine(&crc_of(&file, member.offset + scanned, tail)?);
        match crc.finalize() {
            found if found == member.crc => Ok(stats),
            found => Err(crc_mismatch(found, member.crc)),
        }
    }

    /// Stream values lying one after another from `offset` in `path`: each worker reads the next
    /// chunk at its own position and scans it. With `hash`, also each chunk's CRC-32 and length,
    /// in the file's order.
    fn contiguous(
        &self,
        offset: u64,
        hash: bool,
    ) -> std::io::Result<(Stats, Vec<(crc32fast::Hasher, u64)>)> {
        let (plan, progress) = (self.plan, self.progress);
        let file = crate::files::open_regular_io(self.path)?;
        let size = plan.elem.size() as u64;
        let len = plan.len - plan.len % size;
        let chunk = (CHUNK as u64) - (CHUNK as u64) % size;
        let chunks = len.div_ceil(chunk);
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8)
            .min(usize::try_from(chunks).unwrap_or(usize::MAX).max(1));
        let next = AtomicU64::new(0);
        let done = AtomicU64::new(0);
        type Hashes = Vec<(u64, crc32fast::Hasher, u64)>;
        let results: Vec<std::io::Result<(Stats, Hashes)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|_| {
                    scope.spawn(|| -> std::io::Result<(Stats, Hashes)> {
                        let mut acc = Stats::new();
                        let mut hashes = Vec::new();
                        let mut buf = vec![0u8; usize::try_from(chunk).unwrap_or(CHUNK)];
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            if i >= chunks {
                                break;
                            }
                            let start = i * chunk;
                            let n = usize::try_from(chunk.min(len - start)).unwrap_or(0);
                            let part = &mut buf[..n];
                            read_data(&file, part, offset + start, offset + len)?;
                            if hash {
                                let mut h = crc32fast::Hasher::new();
                                h.update(part);
                                hashes.push((i, h, n as u64));
                            }
                            acc.merge(&plan.scan(part, start));
                            progress(done.fetch_add(n as u64, Ordering::Relaxed) + n as u64);
                        }
                        Ok((acc, hashes))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(std::io::Error::other("a scan thread failed")))
                })
                .collect()
        });
        let mut total = Stats::new();
        let mut hashes = Vec::new();
        for r in results {
            let (stats, h) = r?;
            total.merge(&stats);
            hashes.extend(h);
        }
        hashes.sort_unstable_by_key(|h| h.0);
        Ok((total, hashes.into_iter().map(|(_, h, n)| (h, n)).collect()))
    }

    /// Stream a deflated `.npz` member through the cast: inflate 1 MiB at a time (one thread;
    /// inflating is the slow part), drop the `.npy` header, scan whole values as they come.
    fn deflated(&self, member: Deflated) -> std::io::Result<Stats> {
        let (path, plan, progress) = (self.path, self.plan, self.progress);
        use miniz_oxide::inflate::stream::{InflateState, inflate};
        use miniz_oxide::{DataFormat, MZFlush, MZStatus};
        use std::io::{Read, Seek, SeekFrom};

        let bad =
            |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
        let mut file = crate::files::open_regular_io(path)?;
        file.seek(SeekFrom::Start(member.start))?;
        let mut reader = file.take(member.compressed);
        let mut state = InflateState::new_boxed(DataFormat::Raw);
        let size = plan.elem.size();
        let mut input = vec![0u8; 1 << 16];
        let (mut pos, mut end, mut eof) = (0usize, 0usize, false);
        let mut buf = vec![0u8; CHUNK - CHUNK % size];
        let mut filled = 0usize;
        let mut skip = member.skip;
        let mut remaining = plan.len - plan.len % size as u64;
        let mut done = 0u64;
        let mut total = Stats::new();
        let mut crc = crc32fast::Hasher::new();
        // Bytes inflated so far: never more than the zip says (a zip bomb that lies stops there).
        let mut inflated = 0u64;
        loop {
            if pos == end && !eof {
                end = reader.read(&mut input)?;
                pos = 0;
                eof = end == 0;
            }
            let flush = if eof { MZFlush::Finish } else { MZFlush::None };
            let r = inflate(&mut state, &input[pos..end], &mut buf[filled..], flush);
            pos += r.bytes_consumed;
            inflated += r.bytes_written as u64;
            if inflated > member.uncompressed {
                return Err(inflates_past(member.uncompressed));
            }
            let mut fresh = r.bytes_written;
            crc.update(&buf[filled..filled + fresh]);
            if skip > 0 {
                // The header: drop it from the front of what just arrived.
                let drop = usize::try_from(skip).unwrap_or(usize::MAX).min(fresh);
                buf.copy_within(filled + drop..filled + fresh, filled);
                fresh -= drop;
                skip -= drop as u64;
            }
            filled += fresh;
            let finished = matches!(r.status, Ok(MZStatus::StreamEnd));
            let stuck = r.bytes_consumed == 0 && r.bytes_written == 0 && eof;
            if filled == buf.len() || finished || stuck {
                let whole = filled - filled % size;
                let usable = whole.min(usize::try_from(remaining).unwrap_or(usize::MAX));
                total.merge(&plan.scan(&buf[..usable], done));
                remaining -= usable as u64;
                done += usable as u64;
                progress(done);
                buf.copy_within(usable..filled, 0);
                filled -= usable;
                if remaining == 0 {
                    // The values are all scanned: inflate the rest only to finish the CRC-32.
                    if !finished {
                        let left = member.uncompressed - inflated;
                        let pending = &input[pos..end];
                        finish_crc(
                            &mut state,
                            &mut reader,
                            pending,
                            eof,
                            &mut crc,
                            (left, member.uncompressed),
                        )?;
                    }
                    return match crc.finalize() {
                        found if found == member.crc => Ok(total),
                        found => Err(crc_mismatch(found, member.crc)),
                    };
                }
                if finished || stuck {
                    return Err(bad("the deflated member ends before its data does"));
                }
            }
            if r.status.is_err()
                && r.bytes_written == 0
                && r.bytes_consumed == 0
                && !eof
                && pos < end
            {
                return Err(bad("the deflated member does not inflate"));
            }
        }
    }
}

/// The refusal of a deflated member that inflates to more than the zip says it holds.
fn inflates_past(uncompressed: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "a corrupt zip: the deflated member inflates past the {uncompressed} bytes the zip says it holds"
        ),
    )
}

/// Inflate what is left of a deflated member (`pending`, then the rest of `reader`) into the
/// CRC-32, keeping nothing; at most `left` more bytes of the member's `uncompressed`.
fn finish_crc(
    state: &mut miniz_oxide::inflate::stream::InflateState,
    reader: &mut impl std::io::Read,
    pending: &[u8],
    mut eof: bool,
    crc: &mut crc32fast::Hasher,
    (mut left, uncompressed): (u64, u64),
) -> std::io::Result<()> {
    use miniz_oxide::inflate::stream::inflate;
    use miniz_oxide::{MZFlush, MZStatus};
    let mut input = pending.to_vec();
    input.reserve(1 << 16);
    let mut pos = 0usize;
    let mut out = vec![0u8; CHUNK];
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        if pos == input.len() && !eof {
            let n = reader.read(&mut chunk)?;
            input.clear();
            input.extend_from_slice(&chunk[..n]);
            pos = 0;
            eof = n == 0;
        }
        let flush = if eof { MZFlush::Finish } else { MZFlush::None };
        let r = inflate(state, &input[pos..], &mut out, flush);
        pos += r.bytes_consumed;
        left = left
            .checked_sub(r.bytes_written as u64)
            .ok_or_else(|| inflates_past(uncompressed))?;
        crc.update(&out[..r.bytes_written]);
        match r.status {
            Ok(MZStatus::StreamEnd) => return Ok(()),
            _ if r.bytes_consumed == 0 && r.bytes_written == 0 && eof => return Ok(()),
            Err(_) if r.bytes_written == 0 && r.bytes_consumed == 0 && pos < input.len() => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "the deflated member does not inflate",
                ));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_data;

    #[test]
    fn a_file_cut_short_says_where_it_ends() {
        let path = std::env::temp_dir().join(format!("npmem-short-{}", std::process::id()));
        std::fs::write(&path, [0u8; 10]).unwrap_or_else(|e| panic!("{e}"));
        let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut buf = [0u8; 16];
        let e = read_data(&file, &mut buf, 4, 20)
            .err()
            .map(|e| e.to_string());
        let _ = std::fs::remove_file(&path);
        assert_eq!(
            e.as_deref(),
            Some(
                "truncated while being read: its data runs to byte 20, but the file ends at byte 10"
            )
        );
    }
}
