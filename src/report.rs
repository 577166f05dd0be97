//! What commands return: plain data, serialisable as the JSON contract. Renderers read these;
//! nothing here formats text for people.

use std::collections::BTreeMap;
use std::str::FromStr;

use num_bigint::BigInt;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::number::limits::{FLOAT_ATTRIBUTES, FloatLimits};

use crate::memory::MemorySource;

/// An exact integer that serialises as a JSON number of any size (never a float, never wrapped).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exact(pub BigInt);

impl<T: Into<BigInt>> From<T> for Exact {
    fn from(v: T) -> Self {
        Exact(v.into())
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let number =
            serde_json::Number::from_str(&self.0.to_string()).map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fits, with room for at least one more array the size of the largest.
    Ok,
    /// Fits, but the headroom is smaller than the largest array.
    Tight,
    /// Does not fit the budget.
    Over,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Tight => "tight",
            Status::Over => "over",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ArrayReport {
    pub spec: String,
    pub shape: Vec<u64>,
    pub dtype: String,
    pub dtype_str: String,
    pub itemsize: u64,
    pub size: Exact,
    pub nbytes: Exact,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solved_axis: Option<usize>,
    /// Things worth knowing about this array (objects not counted, numpy would refuse it…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The file an array was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// With `--chunks` (or `--workers`): Dask's chunk plan for this array.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunks: Option<ChunkReport>,
}

/// The most chunk sizes along one dimension npmem writes as JSON (a bigger plan is summarised in
/// the table and plain output, and refused as JSON: Dask itself would be building a tuple of
/// that many Python ints).
pub const MAX_JSON_CHUNKS_PER_DIM: u128 = 10_000_000;

/// Dask's chunk sizes along each dimension, as runs; serialised as Dask's tuple of tuples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkTuples(pub Vec<crate::dask::Runs>);

impl Serialize for ChunkTuples {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        for (axis, d) in self.0.iter().enumerate() {
            if d.len() > MAX_JSON_CHUNKS_PER_DIM {
                return Err(serde::ser::Error::custom(format!(
                    "the plan has {} chunks along axis {axis}, more than npmem writes as JSON ({MAX_JSON_CHUNKS_PER_DIM} per dimension); choose larger chunks, or read the table or plain output",
                    d.len()
                )));
            }
        }
        struct Dim<'a>(&'a crate::dask::Runs);
        impl Serialize for Dim<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut seq = serializer.serialize_seq(usize::try_from(self.0.len()).ok())?;
                for size in self.0.iter() {
                    seq.serialize_element(&size)?;
                }
                seq.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for d in &self.0 {
            seq.serialize_element(&Dim(d))?;
        }
        seq.end()
    }
}

/// A Dask chunk plan for one array (`"chunks"` in the estimate contract).
#[derive(Debug, Clone, Serialize)]
pub struct ChunkReport {
    /// Dask's `chunks`: the sizes along every dimension.
    pub chunks: ChunkTuples,
    /// Dask's `chunksize`: the largest chunk along each dimension.
    pub chunk_shape: Vec<u64>,
    pub count: Exact,
    pub count_per_dim: Vec<u64>,
    pub max_chunk_bytes: Exact,
    /// The limit auto dimensions were planned with (`--chunk-size`, or Dask's 128MiB).
    pub limit_bytes: Exact,
    /// The chunks Dask aligned with (`--previous-chunks`, or a Zarr array's storage chunks).
    pub previous_chunks: Option<Vec<serde_json::Value>>,
    pub warnings: Vec<String>,
    /// With previous chunks: how many of them the largest planned chunk touches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_chunks_per_chunk: Option<Exact>,
    /// With previous chunks: whether every planned chunk boundary is one of theirs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aligned: Option<bool>,
    /// How the plan was asked for (`--chunks auto`, or Zarr's storage chunks), for people.
    #[serde(skip)]
    pub requested: String,
}

/// Memory per Dask worker (`"workers"` in the estimate contract).
#[derive(Debug, Clone, Serialize)]
pub struct WorkersReport {
    pub count: u64,
    pub threads_per_worker: u64,
    pub worker_memory_bytes: Exact,
    pub per_worker_required_bytes: Exact,
    pub status: Status,
    /// Chunks each running task holds (its inputs and its output).
    pub chunks_in_flight: u64,
    /// Memory each worker process takes before any chunk (interpreter, libraries).
    pub reserve_bytes: Exact,
    /// The largest planned chunk, which every in-flight chunk is counted as.
    pub chunk_bytes: Exact,
    /// Where the worker memory came from: `--worker-memory` or `usable memory / N`.
    pub worker_memory_source: &'static str,
    pub cluster_memory_bytes: Exact,
    /// All the arrays together, as `total_bytes`.
    pub array_bytes: Exact,
    /// Workers whose memory (less the reserve) holds the arrays persisted; `null` when a worker
    /// has no room beyond its reserve.
    pub workers_to_persist: Option<Exact>,
    /// The largest chunk that fits with these threads (`null`: none does).
    pub max_chunk_bytes_that_fit: Option<Exact>,
    /// The most threads per worker that fit with these chunks (`null`: chunks are empty).
    pub max_threads_that_fit: Option<Exact>,
    /// A `--chunk-size` with which Dask's auto plan fits (when the plans are auto).
    pub chunk_size_that_fits: Option<Exact>,
}

/// A file's arrays together.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub format: &'static str,
    pub arrays: u64,
    /// Elements in all (a model's parameter count).
    pub parameters: Exact,
    /// What the arrays take in memory once loaded.
    pub memory_bytes: Exact,
    pub disk_bytes: u64,
    /// Memory by dtype, in the order first seen.
    #[serde(serialize_with = "by_dtype")]
    pub bytes_by_dtype: Vec<(String, Exact)>,
    /// Bits on disk per element, to three decimals.
    pub bits_per_weight: Option<String>,
}

fn by_dtype<S: Serializer>(v: &[(String, Exact)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(v.len()))?;
    for (k, b) in v {
        map.serialize_entry(k, b)?;
    }
    map.end()
}

/// Where a file's array came from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub path: String,
    /// The argument the file came from (an index or directory for sharded checkpoints).
    #[serde(skip)]
    pub origin: String,
    pub format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tensor: Option<String>,
    pub disk_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemoryReport {
    pub total_bytes: Exact,
    pub available_bytes: Exact,
    pub cgroup_limit_bytes: Option<Exact>,
    pub usable_bytes: Exact,
    pub source: MemorySource,
}

#[derive(Debug, Clone, Serialize)]
pub struct EstimateReport {
    pub arrays: Vec<ArrayReport>,
    /// One entry per file read (absent when only specs were given).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileSummary>,
    pub total_bytes: Exact,
    pub memory: MemoryReport,
    pub budget_bytes: Exact,
    pub temporaries: u64,
    pub required_bytes: Exact,
    pub headroom_bytes: Exact,
    /// How many more arrays the size of the largest fit in the headroom; `null` when the
    /// largest array is empty (any number fits).
    pub temporaries_that_fit: Option<Exact>,
    pub status: Status,
    /// How the budget was set, for people (`usable memory`, `50% of usable memory`, `--budget`).
    #[serde(skip)]
    pub budget_source: String,
    #[serde(skip)]
    pub largest_bytes: Exact,
    /// With `--workers`: memory per worker. The exit code then follows its status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers: Option<WorkersReport>,
}

/// Which library's `finfo`/`iinfo` a dtype follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Library {
    Numpy,
    MlDtypes,
}

/// `finfo` of a float (or complex) dtype: exact limits, as numpy prints them.
#[derive(Debug, Clone)]
pub struct FloatInfo {
    /// The dtype as asked for.
    pub query: String,
    /// `finfo(T).dtype`: the real component for complex types.
    pub dtype: String,
    pub limits: FloatLimits,
    /// Each float attribute as numpy's (or ml_dtypes') `str()` prints it.
    pub printed: BTreeMap<&'static str, String>,
    /// Each float attribute as a reduced fraction.
    pub fractions: BTreeMap<&'static str, String>,
    /// Each float attribute's exact decimal expansion (with `--exact`).
    pub decimals: BTreeMap<&'static str, String>,
    pub repr: String,
    pub str_: String,
    /// Bytes per value of the dtype asked for.
    pub itemsize: u64,
    /// `--shape`: bytes of an array of that shape.
    pub nbytes: Option<Exact>,
    pub library: Library,
}

/// `iinfo` of an integer dtype.
#[derive(Debug, Clone)]
pub struct IntInfo {
    pub query: String,
    pub dtype: String,
    pub kind: char,
    pub bits: u32,
    pub min: Exact,
    pub max: Exact,
    pub itemsize: u64,
    pub nbytes: Option<Exact>,
    pub library: Library,
    pub repr: String,
    pub str_: String,
}

#[derive(Debug, Clone)]
pub enum FinfoEntry {
    Float(Box<FloatInfo>),
    Int(IntInfo),
}

#[derive(Debug, Clone, Serialize)]
pub struct FinfoReport {
    pub dtypes: Vec<FinfoEntry>,
    #[serde(skip)]
    pub shape: Option<Vec<u64>>,
    #[serde(skip)]
    pub exact: bool,
}

impl Serialize for FinfoEntry {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        match self {
            FinfoEntry::Float(f) => {
                let l = &f.limits;
                map.serialize_entry("dtype", &f.dtype)?;
                map.serialize_entry("query", &f.query)?;
                map.serialize_entry("library", &f.library)?;
                map.serialize_entry("kind", "f")?;
                map.serialize_entry("bits", &l.bits)?;
                for name in FLOAT_ATTRIBUTES {
                    map.serialize_entry(name, &f.printed.get(name))?;
                }
                map.serialize_entry("precision", &l.precision)?;
                map.serialize_entry("machep", &l.machep)?;
                map.serialize_entry("negep", &l.negep)?;
                map.serialize_entry("minexp", &l.minexp)?;
                map.serialize_entry("maxexp", &l.maxexp)?;
                map.serialize_entry("nexp", &l.nexp)?;
                map.serialize_entry("nmant", &l.nmant)?;
                map.serialize_entry("iexp", &l.iexp)?;
                map.serialize_entry("itemsize", &f.itemsize)?;
                if let Some(n) = &f.nbytes {
                    map.serialize_entry("nbytes", n)?;
                }
                map.serialize_entry("exact", &Ordered(&f.fractions))?;
                if !f.decimals.is_empty() {
                    map.serialize_entry("exact_decimal", &Ordered(&f.decimals))?;
                }
            }
            FinfoEntry::Int(i) => {
                map.serialize_entry("dtype", &i.dtype)?;
                map.serialize_entry("query", &i.query)?;
                map.serialize_entry("library", &i.library)?;
                map.serialize_entry("kind", &i.kind.to_string())?;
                map.serialize_entry("bits", &i.bits)?;
                map.serialize_entry("min", &i.min)?;
                map.serialize_entry("max", &i.max)?;
                map.serialize_entry("itemsize", &i.itemsize)?;
                if let Some(n) = &i.nbytes {
                    map.serialize_entry("nbytes", n)?;
                }
            }
        }
        map.end()
    }
}

/// Float attributes in numpy's order rather than alphabetical.
struct Ordered<'a>(&'a BTreeMap<&'static str, String>);

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for name in FLOAT_ATTRIBUTES {
            if let Some(v) = self.0.get(name) {
                map.serialize_entry(name, v)?;
            }
        }
        map.end()
    }
}

/// `cast-check FROM TO`: numpy's verdicts and npmem's.
#[derive(Debug, Clone, Serialize)]
pub struct CastReport {
    pub from: String,
    pub to: String,
    /// `np.can_cast(FROM, TO, casting=rule)` for each rule, strictest first.
    pub can_cast: CastVerdicts,
    /// `np.result_type(FROM, TO)`'s name; `null` when numpy cannot promote.
    pub result_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promotion_error: Option<String>,
    pub lossless: bool,
    pub losses: Vec<crate::lossless::Loss>,
    /// The strictest rule numpy allows the cast under (`null`: no cast at all).
    #[serde(skip)]
    pub level: Option<&'static str>,
    #[serde(skip)]
    pub rule: &'static str,
    /// Whether the cast passes `--casting` (the exit code).
    #[serde(skip)]
    pub allowed: bool,
}

/// `np.can_cast` under each rule, in numpy's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CastVerdicts {
    pub no: bool,
    pub equiv: bool,
    pub safe: bool,
    pub same_kind: bool,
    #[serde(rename = "unsafe")]
    pub unsafe_: bool,
}

impl CastVerdicts {
    pub fn get(&self, rule: crate::casting::Casting) -> bool {
        use crate::casting::Casting as C;
        match rule {
            C::No => self.no,
            C::Equiv => self.equiv,
            C::Safe => self.safe,
            C::SameKind => self.same_kind,
            C::Unsafe => self.unsafe_,
        }
    }
}

/// A value as numpy stores it (or numpy's error, and what `astype` gives instead).
#[derive(Debug, Clone, Serialize)]
pub struct StoredText {
    pub value: Option<String>,
    pub exact: Option<String>,
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub astype: Option<Box<StoredText>>,
}

/// A value and its exact fraction.
#[derive(Debug, Clone, Serialize)]
pub struct ValueText {
    pub value: String,
    pub exact: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ValueEntry {
    pub input: String,
    pub numpy: StoredText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correctly_rounded: Option<ValueText>,
    pub exact: bool,
    pub overflow: bool,
    pub underflow: bool,
    pub subnormal: bool,
    pub abs_error: Option<String>,
    pub rel_error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SumReport {
    pub numpy: ValueText,
    pub exact: String,
}

/// `cast-check TO --value V…`: how numpy stores each value.
#[derive(Debug, Clone, Serialize)]
pub struct ValuesReport {
    pub to: String,
    pub via: &'static str,
    pub values: Vec<ValueEntry>,
    pub lossless: bool,
    pub smallest_lossless_dtype: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<SumReport>,
}

/// `cast-check FILE TO`: the data itself streamed through the cast.
#[derive(Debug, Clone, Serialize)]
pub struct ScanReport {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub array: Option<String>,
    pub from: String,
    pub to: String,
    pub elements: u64,
    pub min: Option<String>,
    pub max: Option<String>,
    pub nan_count: u64,
    pub inf_count: u64,
    /// Values the cast changes.
    pub changed: u64,
    /// Values past the target's range.
    pub overflow: u64,
    pub max_abs_error: String,
    pub max_rel_error: String,
    pub smallest_lossless_dtype: Option<String>,
    /// Bytes saved by the cast (negative when the target is larger).
    pub memory_saved_bytes: Exact,
    pub lossless: bool,
}

/// Any command's result.
#[derive(Debug, Clone)]
pub enum Report {
    Estimate(EstimateReport),
    Finfo(FinfoReport),
    Cast(CastReport),
    Values(ValuesReport),
    Scan(ScanReport),
}

impl Report {
    /// Whether the check this report makes passed (exit 0) or failed (exit 1).
    pub fn passed(&self) -> bool {
        match self {
            Report::Estimate(r) => match &r.workers {
                Some(w) => w.status != Status::Over,
                None => r.status != Status::Over,
            },
            Report::Finfo(_) => true,
            Report::Cast(c) => c.allowed,
            Report::Values(v) => v.lossless,
            Report::Scan(s) => s.lossless,
        }
    }
}
