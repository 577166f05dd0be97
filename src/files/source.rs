//! Bytes read by their position, from a file on disk or over HTTP ([`super::remote`]): the
//! checkpoint readers (safetensors and its index, GGUF) parse the same way from either.

use std::fs::File;
use std::io::Read;
#[cfg(not(unix))]
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::{FileError, io_error, malformed, open_regular};

/// Something read by position: a regular file, or a file over HTTP read with range requests.
pub trait RangeSource {
    /// How messages and reports name it: its path, or its URL.
    fn path(&self) -> &Path;

    /// Its length in bytes.
    fn size(&self) -> Result<u64, FileError>;

    /// Read bytes from `offset` into `buf`: how many were read, fewer than asked only where the
    /// source ends (0 past its end).
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, FileError>;

    /// The file named `name` beside this one (a shard of an index, `config.json`), `/`
    /// separating folders.
    fn sibling(&self, name: &str) -> Result<Box<dyn RangeSource>, FileError>;
}

/// How much [`read_range`] asks for at a time: memory follows what is received, not what a
/// header claims.
const STEP: usize = 1 << 20;

/// Up to `len` bytes from `offset` (fewer where the source ends).
pub fn read_range(src: &dyn RangeSource, offset: u64, len: u64) -> Result<Vec<u8>, FileError> {
    let mut out = Vec::new();
    let mut done = 0u64;
    while done < len {
        let want = usize::try_from(len - done).unwrap_or(STEP).min(STEP);
        let start = out.len();
        out.resize(start + want, 0);
        let at = offset
            .checked_add(done)
            .ok_or_else(|| malformed(src.path(), "an offset past 2^64 bytes"))?;
        let got = src.read_at(at, &mut out[start..])?;
        out.truncate(start + got);
        if got == 0 {
            break;
        }
        done += got as u64;
    }
    Ok(out)
}

/// The whole of a small source (an index, a `config.json`), refused past `limit` bytes.
pub fn read_small(src: &dyn RangeSource, limit: u64, what: &str) -> Result<Vec<u8>, FileError> {
    let size = src.size()?;
    if size > limit {
        return Err(malformed(
            src.path(),
            format!("{what} of {size} bytes, over npmem's limit of {limit}"),
        ));
    }
    read_range(src, 0, size)
}

/// A source's bytes in order from the start, for readers that parse as they go (GGUF).
pub struct Sequential<'a> {
    src: &'a dyn RangeSource,
    pos: u64,
}

impl<'a> Sequential<'a> {
    pub fn new(src: &'a dyn RangeSource) -> Self {
        Sequential { src, pos: 0 }
    }
}

impl Read for Sequential<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.src.read_at(self.pos, buf).map_err(|e| match e {
            // The reader names the source itself.
            FileError::Io { error, .. } => error,
            other => std::io::Error::other(match other {
                FileError::Malformed { problem, .. } => problem,
                other => other.to_string(),
            }),
        })?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// A regular file on disk.
pub struct LocalFile {
    path: PathBuf,
    file: File,
    size: u64,
}

impl LocalFile {
    /// Open `path` if it is a regular file (as [`open_regular`]).
    pub fn open(path: &Path) -> Result<Self, FileError> {
        let file = open_regular(path)?;
        let size = file.metadata().map_err(|e| io_error(path, e))?.len();
        Ok(LocalFile {
            path: path.to_path_buf(),
            file,
            size,
        })
    }
}

impl LocalFile {
    /// One read from `offset` (`pread` where there is one).
    #[cfg(unix)]
    fn read_once(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(&self.file, buf, offset)
    }

    #[cfg(not(unix))]
    fn read_once(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut file = &self.file;
        file.seek(SeekFrom::Start(offset))?;
        file.read(buf)
    }
}

impl RangeSource for LocalFile {
    fn path(&self) -> &Path {
        &self.path
    }

    fn size(&self) -> Result<u64, FileError> {
        Ok(self.size)
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize, FileError> {
        let mut done = 0;
        while done < buf.len() {
            let Some(at) = offset.checked_add(done as u64) else {
                break;
            };
            match self.read_once(at, &mut buf[done..]) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io_error(&self.path, e)),
            }
        }
        Ok(done)
    }

    fn sibling(&self, name: &str) -> Result<Box<dyn RangeSource>, FileError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        Ok(Box::new(LocalFile::open(&dir.join(name))?))
    }
}
