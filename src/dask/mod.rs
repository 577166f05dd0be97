//! Dask's chunking, reproduced: `dask.array.core.normalize_chunks` (and its `auto_chunks`) as
//! Dask 2026.8 computes them, with Python's arithmetic where the result depends on it. The chunks
//! of one dimension are kept as runs of equal sizes, so a plan with billions of chunks costs a
//! few words; a plan Dask refuses (it raises) is an error here too.

mod auto;
mod parse;
pub mod pynum;

use std::fmt;

use num_bigint::BigInt;
use num_traits::Zero;

pub use parse::{parse_bytes, parse_chunks, parse_limit, parse_previous};

/// Dask's `array.chunk-size` default: 128MiB.
pub const DEFAULT_LIMIT: u64 = 128 << 20;
/// Dask's `array.chunk-size-tolerance` default.
pub const CHUNK_SIZE_TOLERANCE: f64 = 1.25;

/// An exception Dask raises, by its Python type and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaskError {
    pub kind: &'static str,
    pub message: String,
}

impl DaskError {
    fn new(kind: &'static str, message: impl Into<String>) -> Self {
        DaskError {
            kind,
            message: message.into(),
        }
    }
    /// Something Dask accepts but answers with nonsense (negative chunk sizes), or that npmem
    /// cannot hold: refused by npmem itself.
    pub fn npmem(m: impl Into<String>) -> Self {
        Self::new("npmem", m)
    }
    /// Dask raises an exception here (as opposed to npmem refusing on its own account).
    pub fn from_dask(&self) -> bool {
        self.kind != "npmem"
    }
}

/// A constructor for each Python exception Dask raises, named as the exception.
macro_rules! python_exceptions {
    ($($name:ident => $kind:literal),* $(,)?) => {
        impl DaskError {
            $(
                #[doc = concat!("Dask raises `", $kind, "`.")]
                pub fn $name(m: impl Into<String>) -> Self {
                    Self::new($kind, m)
                }
            )*
        }
    };
}

python_exceptions! {
    value => "ValueError",
    zero_division => "ZeroDivisionError",
    overflow => "OverflowError",
    type_error => "TypeError",
    not_implemented => "NotImplementedError",
    index => "IndexError",
}

impl fmt::Display for DaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from_dask() {
            write!(f, "Dask raises {}: {}", self.kind, self.message)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// One entry of `chunks` as Dask receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// `"auto"`.
    Auto,
    /// `None`: the full dimension (as `-1`).
    Full,
    /// An integer chunk size (`-1`: the full dimension).
    Int(BigInt),
    /// A byte size such as `"64MiB"`: auto, with that limit.
    Bytes(String),
    /// Explicit chunk sizes along one dimension.
    Sizes(Vec<BigInt>),
}

/// `chunks` as Dask receives it: one entry for every dimension, one per dimension, or a dict
/// from axis to entry (axes it leaves out are whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunks {
    Scalar(Entry),
    PerDim(Vec<Entry>),
    ByAxis(Vec<(BigInt, Entry)>),
}

/// One dimension of `previous_chunks`: a chunk size, or explicit sizes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Previous {
    Int(BigInt),
    Sizes(Vec<BigInt>),
}

/// The chunks along one dimension, as runs of equal sizes: `[(size, count), …]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Runs(pub Vec<(u64, u64)>);

impl Runs {
    pub fn push(&mut self, size: u64, count: u64) {
        if count == 0 {
            return;
        }
        match self.0.last_mut() {
            Some((s, c)) if *s == size => *c += count,
            _ => self.0.push((size, count)),
        }
    }

    /// Dask's `blockdims_from_blockshape` for one dimension (`chunk` > 0 or `dim` == 0).
    pub fn regular(dim: u64, chunk: u64) -> Runs {
        let mut r = Runs::default();
        if dim == 0 {
            r.push(0, 1);
        } else if chunk > 0 {
            r.push(chunk, dim / chunk);
            r.push(dim % chunk, u64::from(!dim.is_multiple_of(chunk)));
        }
        r
    }

    pub fn from_sizes(sizes: &[u64]) -> Runs {
        let mut r = Runs::default();
        for &s in sizes {
            r.push(s, 1);
        }
        r
    }

    /// How many chunks.
    pub fn len(&self) -> u128 {
        self.0.iter().map(|&(_, c)| u128::from(c)).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn max(&self) -> Option<u64> {
        self.0.iter().map(|&(s, _)| s).max()
    }

    pub fn sum(&self) -> u128 {
        self.0
            .iter()
            .map(|&(s, c)| u128::from(s) * u128::from(c))
            .sum()
    }

    /// Every chunk size, in order.
    pub fn iter(&self) -> impl Iterator<Item = u64> + '_ {
        self.0
            .iter()
            .flat_map(|&(s, c)| std::iter::repeat_n(s, usize::try_from(c).unwrap_or(usize::MAX)))
    }
}

/// What `normalize_chunks` is called with.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub chunks: &'a Chunks,
    pub shape: &'a [u64],
    /// `limit=`, already an int (`None`: Dask's default, 128MiB).
    pub limit: Option<BigInt>,
    pub itemsize: u64,
    /// `dtype.hasobject`: Dask cannot size object data.
    pub hasobject: bool,
    pub previous: Option<&'a [Previous]>,
}

/// `normalize_chunks`' answer: the chunks of every dimension, and the limit it planned with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub dims: Vec<Runs>,
    /// The limit in bytes Dask planned auto dimensions with (after `max(1, limit)`).
    pub limit: BigInt,
}

/// `dask.array.core.normalize_chunks(chunks, shape, limit, dtype, previous_chunks)`.
pub fn normalize_chunks(req: &Request) -> Result<Normalized, DaskError> {
    let shape = req.shape;
    let mut entries: Vec<Entry> = match req.chunks {
        Chunks::Scalar(Entry::Full) => {
            return Err(DaskError::value(
                "chunks=None: give chunks (auto, -1 or sizes)",
            ));
        }
        Chunks::Scalar(Entry::Sizes(s)) => vec![Entry::Sizes(s.clone())],
        Chunks::Scalar(e) => vec![e.clone(); shape.len()],
        Chunks::PerDim(v) => v.clone(),
        // `tuple(chunks.get(i, None) for i in range(len(shape)))`: the last value for a key wins.
        Chunks::ByAxis(items) => (0..shape.len())
            .map(|i| {
                items
                    .iter()
                    .rev()
                    .find(|(k, _)| *k == BigInt::from(i))
                    .map_or(Entry::Full, |(_, e)| e.clone())
            })
            .collect(),
    };
    if entries.is_empty() && !shape.is_empty() && shape.iter().all(|&s| s == 0) {
        entries = vec![Entry::Sizes(vec![BigInt::zero()]); shape.len()];
    }
    // One dimension and several plain entries: they are that dimension's chunk sizes.
    if shape.len() == 1
        && entries.len() > 1
        && entries
            .iter()
            .all(|e| matches!(e, Entry::Int(_) | Entry::Auto | Entry::Bytes(_)))
    {
        let mut sizes = Vec::with_capacity(entries.len());
        for e in &entries {
            match e {
                Entry::Int(i) => sizes.push(i.clone()),
                _ => {
                    return Err(DaskError::type_error(
                        "unsupported operand type(s) for +: 'int' and 'str' (explicit chunk sizes must be integers)",
                    ));
                }
            }
        }
        entries = vec![Entry::Sizes(sizes)];
    }
    // Dask checks the count only when the shape has dimensions; a 0-d array takes anything.
    if !shape.is_empty() && entries.len() != shape.len() {
        return Err(DaskError::value(format!(
            "Chunks and shape must be of the same length/dimension: {} chunk entries for {} dimensions",
            entries.len(),
            shape.len()
        )));
    }
    for (e, &s) in entries.iter_mut().zip(shape) {
        if matches!(e, Entry::Full) || matches!(e, Entry::Int(i) if *i == BigInt::from(-1)) {
            *e = Entry::Int(BigInt::from(s));
        }
    }
    for e in &entries {
        let negative = match e {
            Entry::Int(i) => pynum::is_negative(i),
            Entry::Sizes(v) => v.iter().any(pynum::is_negative),
            _ => false,
        };
        if negative {
            return Err(DaskError::npmem(
                "chunk sizes must be 0 or more (-1 means the whole dimension); Dask would build nonsense chunks from a negative size",
            ));
        }
    }
    // Byte sizes set the limit; they must agree with each other and with `limit`.
    let mut limit = req.limit.clone();
    for e in &entries {
        if let Entry::Bytes(text) = e {
            let parsed = parse_bytes(text)?;
            match &limit {
                None => limit = Some(parsed),
                Some(l) if *l != parsed => {
                    return Err(DaskError::value(format!(
                        "Only one consistent value of limit or chunk is allowed. Used {parsed} != {l}"
                    )));
                }
                Some(_) => {}
            }
        }
    }
    for e in &mut entries {
        if matches!(e, Entry::Bytes(_)) {
            *e = Entry::Auto;
        }
    }
    let limit_for_report = limit.clone().unwrap_or_else(|| BigInt::from(DEFAULT_LIMIT));
    let values: Vec<auto::Chunk> = if entries.iter().any(|e| matches!(e, Entry::Auto)) {
        auto::auto_chunks(&entries, shape, limit, req)?
    } else {
        entries.iter().map(auto::Chunk::from_entry).collect()
    };
    let allints = values.iter().all(|v| matches!(v, auto::Chunk::Int(_)));
    let mut dims = Vec::with_capacity(shape.len());
    for (v, &s) in values.iter().zip(shape) {
        dims.push(v.to_runs(s)?);
    }
    if dims.iter().any(Runs::is_empty) {
        return Err(DaskError::value(
            "Empty tuples are not allowed in chunks. Express zero length dimensions with 0(s) in chunks",
        ));
    }
    if !allints {
        for (d, &s) in dims.iter().zip(shape) {
            if d.sum() != u128::from(s) {
                return Err(DaskError::value(format!(
                    "Chunks do not add up to shape: chunks summing to {} for a dimension of {s}",
                    d.sum()
                )));
            }
        }
    }
    Ok(Normalized {
        dims,
        limit: limit_for_report.max(BigInt::from(1)),
    })
}
