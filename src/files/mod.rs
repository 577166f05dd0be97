//! Array files read by their headers only: one reader per format, each yielding the arrays a
//! file holds (shape, dtype, bytes in memory and on disk). Memory is bounded by the file's real
//! size, never by what a header claims.

mod gguf;
mod npy;
mod npz;
mod zip;
mod safetensors;
mod zarr;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use num_bigint::BigUint;

use crate::dtype::{DType, Platform};

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}: {problem}")]
    Malformed { path: String, problem: String },
    #[error(
        "{path}: not a file npmem reads (.npy, .npz, .gguf, .safetensors, a *.safetensors.index.json, a directory of .safetensors shards, or a Zarr array)"
    )]
    Unknown { path: String },
}

pub fn malformed(path: &Path, problem: impl Into<String>) -> FileError {
    FileError::Malformed {
        path: path.display().to_string(),
        problem: problem.into(),
    }
}

pub fn io_error(path: &Path, error: std::io::Error) -> FileError {
    FileError::Io {
        path: path.display().to_string(),
        error,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Npy,
    Npz,
    ZarrV2,
    ZarrV3,
    Safetensors,
    SafetensorsIndex,
    Gguf,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Npy => "npy",
            Format::Npz => "npz",
            Format::ZarrV2 => "zarr-v2",
            Format::ZarrV3 => "zarr-v3",
            Format::Gguf => "gguf",
            Format::Safetensors => "safetensors",
            Format::SafetensorsIndex => "safetensors-index",
        }
    }
}

/// What an array in a file is made of.
#[derive(Debug, Clone)]
pub enum ElementType {
    /// A catalogue dtype (everything npmem knows).
    Known(DType),
    /// A type name the file uses that npmem does not know (reported, not fatal).
    Unknown(String),
}

/// One array of a file.
#[derive(Debug, Clone)]
pub struct FileArray {
    pub path: PathBuf,
    pub format: Format,
    /// The tensor's or member's name, when the file holds several.
    pub name: Option<String>,
    pub element: ElementType,
    /// The file's own name for the type (`F32`, `<f8`).
    pub type_name: String,
    pub shape: Vec<u64>,
    /// Bytes the array's data takes on disk.
    pub disk_bytes: u64,
    pub fortran_order: bool,
    /// For chunked stores (Zarr): the chunk grid.
    pub chunks: Option<ChunkInfo>,
    /// Where the raw (uncompressed, unchunked) data starts in the file, when it is stored so.
    pub data_offset: Option<u64>,
    /// For a deflated `.npz` member: where its compressed stream is.
    pub deflated: Option<Deflated>,
}

/// A deflated zip member holding an `.npy`: the raw deflate stream at `start`, `compressed`
/// bytes long, whose first `skip` inflated bytes are the `.npy` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deflated {
    pub start: u64,
    pub compressed: u64,
    pub skip: u64,
}

/// A chunked array's grid and what of it is stored.
#[derive(Debug, Clone)]
pub struct ChunkInfo {
    pub shape: Vec<u64>,
    /// Chunks in the full grid.
    pub count: BigUint,
    /// Chunk files on disk (chunks never written hold the fill value); shard files when sharded.
    pub stored_files: u64,
    /// Zarr v3 sharding: the shard shape (the chunk grid), `shape` being the chunks inside.
    pub shards: Option<Vec<u64>>,
}

impl FileArray {
    pub fn elements(&self) -> BigUint {
        self.shape.iter().map(|&d| BigUint::from(d)).product()
    }
}

/// Read at most `limit` bytes from the start of a file (fewer if the file is shorter).
pub fn read_prefix(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    let mut buf = Vec::new();
    file.take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| io_error(path, e))?;
    Ok(buf)
}

pub fn file_size(path: &Path) -> Result<u64, FileError> {
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| io_error(path, e))
}

/// What a command-line argument is, decided here and nowhere else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Argument {
    /// An existing file or directory, with the array named after its last `:` (`x.npz:a`).
    File {
        path: String,
        member: Option<String>,
    },
    /// Spelled like a file npmem reads (`.npy`, `.npz`, `.safetensors`, `.gguf`, `.zarr`,
    /// `.json`, optionally with `:NAME`) but not there: the one-line complaint, so it is not
    /// parsed as a shape or a dtype instead.
    Missing(String),
    /// Anything else: a spec or a dtype.
    Other,
}

/// Whether `arg` names a file or directory to read, a missing one, or neither.
pub fn classify(arg: &str) -> Argument {
    const EXTENSIONS: [&str; 6] = ["npy", "npz", "safetensors", "gguf", "zarr", "json"];
    let exists = |p: &str| {
        let p = Path::new(p);
        p.is_file() || p.is_dir()
    };
    if exists(arg) {
        return Argument::File {
            path: arg.to_string(),
            member: None,
        };
    }
    let path = match arg.rsplit_once(':') {
        Some((path, name)) if exists(path) => {
            return Argument::File {
                path: path.to_string(),
                member: Some(name.to_string()),
            };
        }
        Some((path, _)) => path,
        None => arg,
    };
    let spelled_like_a_file = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    if spelled_like_a_file {
        Argument::Missing(format!("no such file or directory: '{path}'"))
    } else {
        Argument::Other
    }
}

/// Read the arrays a file (or directory of shards) holds.
pub fn read(path: &Path, platform: Platform) -> Result<Vec<FileArray>, FileError> {
    if path.is_dir() {
        if zarr::is_zarr_dir(path) {
            return zarr::read(path, platform);
        }
        return safetensors::read_directory(path, platform);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if name == ".zarray" || name == "zarr.json" {
        return zarr::read(path.parent().unwrap_or(Path::new(".")), platform);
    }
    let head = read_prefix(path, 16)?;
    if head.starts_with(npy::MAGIC) {
        return npy::read(path, platform);
    }
    if head.starts_with(npz::MAGIC) || head.starts_with(b"PK\x05\x06") {
        return npz::read(path, platform);
    }
    if head.starts_with(gguf::MAGIC) || path.extension().is_some_and(|e| e == "gguf") {
        return gguf::read(path, platform);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if name.ends_with(".index.json") {
        return safetensors::read_index(path, platform);
    }
    if safetensors::looks_like(path, &head)? {
        return safetensors::read(path, platform);
    }
    Err(FileError::Unknown {
        path: path.display().to_string(),
    })
}
