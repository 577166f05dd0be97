//! Array files read by their headers only: one reader per format, each yielding the arrays a
//! file holds (shape, dtype, bytes in memory and on disk). Memory is bounded by the file's real
//! size, never by what a header claims.

mod gguf;
mod list;
mod npy;
mod npz;
#[cfg(feature = "remote")]
pub mod remote;
mod safetensors;
pub mod source;
mod zarr;
mod zip;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use num_bigint::BigUint;

pub use list::{ArrayList, ArrayRef};

pub use gguf::{
    MAGIC as GGUF_MAGIC, MAX_META_INTS, MetaValue, Metadata as GgufMetadata,
    metadata as gguf_metadata,
};

use crate::dtype::{DType, Platform};
use crate::units::Bytes;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}: {problem}")]
    Malformed { path: String, problem: String },
    #[error("{path}: not a file npmem reads ({})", described())]
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElementType {
    /// A catalogue dtype (everything npmem knows).
    Known(DType),
    /// A type name the file uses that npmem does not know (reported, not fatal).
    Unknown(String),
}

/// One array of a file: where it is, then what it is.
#[derive(Debug, Clone)]
pub struct FileArray {
    /// The file it was read from (for an `.npz` member, the archive).
    pub path: PathBuf,
    /// The format whose reader read it.
    pub format: Format,
    /// The tensor's or member's name, when the file holds several.
    pub name: Option<String>,
    /// How the array's bytes lie in the file.
    pub placement: Placement,
    /// Its element type as the catalogue reads it, or the file's name for an unknown one.
    pub element: ElementType,
    /// The file's own name for the type (`F32`, `<f8`).
    pub type_name: String,
    pub shape: Vec<u64>,
    /// Its values lie in Fortran (column-major) order: `.npy`'s `fortran_order`, Zarr's
    /// `order: "F"`.
    pub fortran_order: bool,
    /// Bytes the array's data takes on disk.
    pub disk_bytes: Bytes,
}

/// How an array's bytes lie in its file.
#[derive(Debug, Clone)]
pub enum Placement {
    /// Raw values, one after another from `offset` (`.npy`, stored `.npz` members, safetensors
    /// and GGUF tensors).
    Contiguous { offset: u64 },
    /// A stored `.npz` member: raw values in place, and the member's CRC-32 to check them by.
    Stored(Stored),
    /// A deflated `.npz` member: its compressed stream.
    Deflated(Deflated),
    /// A chunked store (Zarr): the chunk grid and what of it is stored.
    Chunked(ChunkInfo),
}

/// A stored zip member holding an `.npy`: `length` bytes from `start` (header included), its
/// values from `offset`, and the CRC-32 the central directory gives for the whole member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub start: u64,
    pub length: u64,
    pub offset: u64,
    pub crc: u32,
}

/// A deflated zip member holding an `.npy`: the raw deflate stream at `start`, `compressed`
/// bytes long, inflating to `uncompressed` bytes whose first `skip` are the `.npy` header, and
/// the CRC-32 of all the inflated bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deflated {
    pub start: u64,
    pub compressed: u64,
    pub uncompressed: u64,
    pub skip: u64,
    pub crc: u32,
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

    /// The chunk grid of a chunked store.
    pub fn chunks(&self) -> Option<&ChunkInfo> {
        match &self.placement {
            Placement::Chunked(c) => Some(c),
            Placement::Contiguous { .. } | Placement::Stored(_) | Placement::Deflated(_) => None,
        }
    }
}

/// What a path that is not a regular file is, for people: `a named pipe (FIFO)`.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        return "a directory";
    }
    "not a file"
}

/// The refusal of a path that is not a regular file (a FIFO, a device, a socket): reading one
/// could block forever or never end.
fn not_regular(file_type: std::fs::FileType) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{}, not a regular file", kind_of(file_type)),
    )
}

/// Open `path` for reading if, and only if, it is a regular file: every file npmem reads is
/// opened here. The type is checked before opening (a FIFO's `open` blocks until a writer
/// comes), the open does not block (`O_NONBLOCK` on unix, in case the path changed in between),
/// and the opened file is checked again.
pub fn open_regular_io(path: &Path) -> std::io::Result<File> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    Ok(file)
}

/// [`open_regular_io`], its error naming the path.
pub fn open_regular(path: &Path) -> Result<File, FileError> {
    open_regular_io(path).map_err(|e| io_error(path, e))
}

/// Read at most `limit` bytes from the start of a file (fewer if the file is shorter).
pub fn read_prefix(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let file = open_regular(path)?;
    let mut buf = Vec::new();
    file.take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| io_error(path, e))?;
    Ok(buf)
}

/// The size of a regular file (anything else is refused, as [`open_regular`] refuses it).
pub fn file_size(path: &Path) -> Result<u64, FileError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if !meta.is_file() {
        return Err(io_error(path, not_regular(meta.file_type())));
    }
    Ok(meta.len())
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

/// Whether `path` is spelled as a path: it has a directory separator, or ends in an extension
/// a reader takes ([`READERS`]).
fn spelled_as_path(path: &str) -> bool {
    let separator = path.contains('/') || (cfg!(windows) && path.contains('\\'));
    let extension = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            let e = e.to_ascii_lowercase();
            READERS.iter().any(|r| r.extensions.contains(&e.as_str()))
        });
    separator || extension
}

/// The scheme of an argument written as a URL (`s3` of `s3://bucket/x.npy`), if it is one.
pub fn url_scheme(arg: &str) -> Option<&str> {
    let (scheme, _) = arg.trim().split_once("://")?;
    let url_like = !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    url_like.then_some(scheme)
}

/// A command that downloads what a URL names, by the tool its scheme belongs to, when there is
/// one everybody has (`curl -LO` for http, `hf download` for the Hub, the clouds' own CLIs).
pub fn download_command(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme = url_scheme(url)?.to_ascii_lowercase();
    match scheme.as_str() {
        "http" | "https" | "ftp" => Some(format!("curl -LO '{url}'")),
        "s3" => Some(format!("aws s3 cp '{url}' .")),
        "gs" => Some(format!("gcloud storage cp '{url}' .")),
        "hf" => {
            let rest = &url["hf://".len()..];
            let mut parts = rest.splitn(3, '/');
            let (org, model) = (parts.next()?, parts.next()?);
            let (model, revision) = match model.split_once('@') {
                Some((m, r)) => (m, Some(r)),
                None => (model, None),
            };
            let path = parts.next().filter(|p| !p.is_empty());
            let path = path.map_or_else(String::new, |p| format!(" '{p}'"));
            let revision = revision.map_or_else(String::new, |r| format!(" --revision {r}"));
            Some(format!(
                "hf download {org}/{model}{path}{revision} --local-dir ."
            ))
        }
        _ => None,
    }
}

/// Why a URL cannot be read here, in one line: what npmem reads, and how to download it.
pub fn url_refusal(url: &str, reads: &str) -> String {
    let shown = crate::dtype::excerpt(url.trim());
    // The command only when the URL is shown whole: a cut one could not be pasted.
    match download_command(url).filter(|_| shown == url.trim()) {
        Some(cmd) => {
            format!("'{shown}' is a URL: {reads}; download it first ({cmd}) and give its path")
        }
        None => format!("'{shown}' is a URL: {reads}; download it first and give its path"),
    }
}

/// Whether `arg` reads as a spec (`1000`, `4096x4096:f4`) or a dtype (`float32`).
fn spelled_as_spec(arg: &str, platform: Platform) -> bool {
    crate::shape::parse_spec(arg).is_ok() || crate::dtype::parse(arg, platform).is_ok()
}

/// Whether `arg` names a file or directory to read, a missing one, or neither. The rule: an
/// argument that reads as a spec or dtype (`1000`, `4096x4096:f4`, `float32`) is one, even
/// when a file of that name is in the current directory (`./1000` reads the file), unless it
/// is spelled as a path — with a `/`, or ending in an extension npmem reads — and that path is
/// there. Any other argument is a file or directory if it is there (`checkpoint`, `.zarray`),
/// a missing file if it is spelled as a path, and otherwise left to be read as a spec.
pub fn classify(arg: &str, platform: Platform) -> Argument {
    // Anything there counts, a FIFO or a device too: reading it then says what it is, rather
    // than "no such file".
    let exists = |p: &str| !p.is_empty() && std::fs::metadata(p).is_ok();
    // `FILE:NAME`: the first `:` after which the file is there (a name may hold `:` too).
    let split = || {
        arg.match_indices(':')
            .map(|(i, _)| (&arg[..i], &arg[i + 1..]))
            .find(|(path, _)| exists(path))
    };
    let (path, member) = if exists(arg) || !arg.contains(':') {
        (arg, None)
    } else if let Some((path, name)) = split() {
        (path, Some(name))
    } else {
        (arg.split_once(':').map_or(arg, |(path, _)| path), None)
    };
    let as_path = spelled_as_path(path);
    if spelled_as_spec(arg, platform) && !(as_path && exists(path)) {
        return Argument::Other;
    }
    if exists(path) {
        return Argument::File {
            path: path.to_string(),
            member: member.map(str::to_string),
        };
    }
    if as_path {
        Argument::Missing(format!(
            "no such file or directory: '{path}'{}",
            did_you_mean(&near_names(path))
        ))
    } else {
        Argument::Other
    }
}

/// Entries of a directory npmem looks through for a near name, at most.
const NEAR_SCAN: usize = 10_000;

/// Files and directories next to `path` whose names are a small typo away from its name
/// (`model.safetensor` → `model.safetensors`), nearest first, at most three.
pub fn near_names(path: &str) -> Vec<String> {
    let p = Path::new(path);
    let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let lower = name.to_lowercase();
    let cap = (name.chars().count() / 4).clamp(1, 3);
    let mut near: Vec<(usize, String)> = entries
        .take(NEAR_SCAN)
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|candidate| {
            let d = strsim::damerau_levenshtein(&lower, &candidate.to_lowercase());
            (d <= cap && candidate != name).then_some((d, candidate))
        })
        .collect();
    near.sort();
    near.into_iter()
        .take(3)
        .map(|(_, n)| {
            dir.join(n)
                .display()
                .to_string()
                .trim_start_matches("./")
                .to_string()
        })
        .collect()
}

/// `; did you mean 'x'?` for near names, or nothing.
pub fn did_you_mean(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("; did you mean '{one}'?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|n| format!("'{n}'")).collect();
            format!("; did you mean one of {}?", quoted.join(", "))
        }
    }
}

/// What a reader looks at to decide whether a path is its format.
pub struct Probe<'a> {
    pub path: &'a Path,
    pub is_dir: bool,
    /// The file's name (`x.npy`, `model.safetensors.index.json`).
    pub name: String,
    /// The first 16 bytes of a file (empty for a directory).
    pub head: Vec<u8>,
}

impl Probe<'_> {
    /// Zarr's own metadata files: read as the array they describe.
    fn zarr_metadata(&self) -> bool {
        self.name == ".zarray" || self.name == "zarr.json"
    }

    /// A plain file that is not Zarr metadata: what the single-file readers consider.
    fn plain_file(&self) -> bool {
        !self.is_dir && !self.zarr_metadata()
    }
}

/// One file format npmem reads: a name, how it is described to people, the extensions that
/// spell it, a sniff (from the probe) and a read. Every list of formats npmem shows — the
/// help, the error for an unknown file, the extensions that make a missing argument a missing
/// file — comes from [`READERS`].
pub struct Reader {
    /// The reader's name (the formats of the arrays it yields are on each [`FileArray`]).
    pub name: &'static str,
    /// How the help and the errors name it.
    pub describe: &'static str,
    /// Extensions that spell a path of this format.
    pub extensions: &'static [&'static str],
    pub sniff: fn(&Probe<'_>) -> Result<bool, FileError>,
    pub read: fn(&Path, Platform) -> Result<ArrayList, FileError>,
}

/// The readers, each tried in turn; their sniffs are exclusive, so the order is only the order
/// they are listed to people in.
pub static READERS: [Reader; 7] = [
    Reader {
        name: "npy",
        describe: ".npy",
        extensions: &["npy"],
        sniff: |p| Ok(p.plain_file() && p.head.starts_with(npy::MAGIC)),
        read: |path, platform| npy::read(path, platform).map(ArrayList::from),
    },
    Reader {
        name: "npz",
        describe: ".npz",
        extensions: &["npz"],
        sniff: |p| {
            Ok(p.plain_file()
                && (p.head.starts_with(npz::MAGIC) || p.head.starts_with(b"PK\x05\x06")))
        },
        read: npz::read,
    },
    Reader {
        name: "gguf",
        describe: ".gguf",
        extensions: &["gguf"],
        sniff: |p| {
            Ok(p.plain_file()
                && !npy_or_npz(&p.head)
                && (p.head.starts_with(gguf::MAGIC)
                    || p.path.extension().is_some_and(|e| e == "gguf")))
        },
        read: gguf::read,
    },
    Reader {
        name: "safetensors",
        describe: ".safetensors",
        extensions: &["safetensors"],
        sniff: |p| {
            if !p.plain_file()
                || npy_or_npz(&p.head)
                || is_gguf(p)
                || p.name.ends_with(".index.json")
            {
                return Ok(false);
            }
            safetensors::looks_like(p.path, &p.head)
        },
        read: safetensors::read,
    },
    Reader {
        name: "safetensors-index",
        describe: "a *.safetensors.index.json",
        extensions: &["json"],
        sniff: |p| {
            Ok(p.plain_file()
                && !npy_or_npz(&p.head)
                && !is_gguf(p)
                && p.name.ends_with(".index.json"))
        },
        read: safetensors::read_index,
    },
    Reader {
        name: "safetensors-directory",
        describe: "a directory of .safetensors shards",
        extensions: &[],
        sniff: |p| Ok(p.is_dir && !zarr::is_zarr_dir(p.path)),
        read: safetensors::read_directory,
    },
    Reader {
        name: "zarr",
        describe: "a Zarr array",
        extensions: &["zarr", "json"],
        sniff: |p| Ok((p.is_dir && zarr::is_zarr_dir(p.path)) || (!p.is_dir && p.zarr_metadata())),
        read: |path, platform| match path.is_dir() {
            true => zarr::read(path, platform).map(ArrayList::from),
            // `.zarray` or `zarr.json`: the array is the directory around it.
            // (`zarr.json` alone: the current directory.)
            false => zarr::read(
                path.parent()
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new(".")),
                platform,
            )
            .map(ArrayList::from),
        },
    },
];

fn npy_or_npz(head: &[u8]) -> bool {
    head.starts_with(npy::MAGIC) || head.starts_with(npz::MAGIC) || head.starts_with(b"PK\x05\x06")
}

fn is_gguf(p: &Probe<'_>) -> bool {
    p.head.starts_with(gguf::MAGIC) || p.path.extension().is_some_and(|e| e == "gguf")
}

/// The formats as a list for people: `.npy, .npz, …, or a Zarr array`.
pub fn described() -> String {
    let names: Vec<&str> = READERS.iter().map(|r| r.describe).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}, or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// Read the arrays a file (or directory of shards) holds.
pub fn read(path: &Path, platform: Platform) -> Result<Vec<FileArray>, FileError> {
    read_list(path, platform).map(ArrayList::into_arrays)
}

/// Read the arrays a file (or directory of shards) holds, compactly: for files of very many
/// arrays.
pub fn read_list(path: &Path, platform: Platform) -> Result<ArrayList, FileError> {
    let is_dir = path.is_dir();
    let probe = Probe {
        path,
        is_dir,
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        head: if is_dir {
            Vec::new()
        } else {
            read_prefix(path, 16)?
        },
    };
    for reader in &READERS {
        if (reader.sniff)(&probe)? {
            return (reader.read)(path, platform);
        }
    }
    Err(FileError::Unknown {
        path: path.display().to_string(),
    })
}

/// The formats read from a [`source::RangeSource`], for people.
pub const CHECKPOINT_FORMATS: &str = "a .safetensors file, a *.safetensors.index.json or a .gguf";

/// A checkpoint read by position, from disk or over HTTP — a safetensors file, an index (its
/// shards found beside it) or a GGUF file — with the GGUF metadata when `keep_metadata`.
pub fn read_checkpoint(
    src: &dyn source::RangeSource,
    platform: Platform,
    keep_metadata: bool,
) -> Result<(ArrayList, Option<GgufMetadata>), FileError> {
    let shown = src.path().display().to_string();
    let end = shown.find(['?', '#']).unwrap_or(shown.len());
    let name = shown[..end].rsplit(['/', '\\']).next().unwrap_or_default();
    let name = name.to_ascii_lowercase();
    let mut head = [0u8; 16];
    let n = src.read_at(0, &mut head)?;
    let head = &head[..n];
    if name.ends_with(".index.json") {
        return safetensors::read_index_from(src, platform).map(|a| (a, None));
    }
    if head.starts_with(gguf::MAGIC) || name.ends_with(".gguf") {
        let (arrays, meta) = gguf::read_with_metadata(src, platform, keep_metadata)?;
        return Ok((arrays, keep_metadata.then_some(meta)));
    }
    if name.ends_with(".safetensors") || head.get(8) == Some(&b'{') {
        return safetensors::read_from(src, platform).map(|a| (a, None));
    }
    Err(malformed(
        src.path(),
        format!("not a checkpoint npmem reads by its header ({CHECKPOINT_FORMATS})"),
    ))
}
