//! What `estimate` returns: plain data, serialisable as the JSON contract. The view reads it;
//! nothing here formats text for people.

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use npmem::memory::{MemorySource, Status};
use npmem::units::{Bytes, Exact};

#[derive(Debug, Clone, Serialize)]
pub struct ArrayReport {
    pub spec: String,
    pub shape: Vec<u64>,
    pub dtype: String,
    pub dtype_str: String,
    /// numpy's `.itemsize`; `None` for a type counted by its blocks or its bytes on disk
    /// (a quantised type: no whole number of bytes per element).
    pub itemsize: Option<u64>,
    pub size: Exact,
    pub nbytes: Bytes,
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
    pub chunks: Option<Box<ChunkReport>>,
}

/// The most chunk sizes along one dimension npmem writes as JSON (a bigger plan is summarised in
/// the table and plain output, and refused as JSON: Dask itself would be building a tuple of
/// that many Python ints).
pub const MAX_JSON_CHUNKS_PER_DIM: u128 = 10_000_000;

/// Dask's chunk sizes along each dimension, as runs; serialised as Dask's tuple of tuples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkTuples(pub Vec<npmem::dask::Runs>);

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
        struct Dim<'a>(&'a npmem::dask::Runs);
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
    pub max_chunk_bytes: Bytes,
    /// The limit auto dimensions were planned with (`--chunk-size`, or Dask's 128MiB).
    pub limit_bytes: Bytes,
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
    pub worker_memory_bytes: Bytes,
    pub per_worker_required_bytes: Bytes,
    pub status: Status,
    /// Chunks each running task holds (its inputs and its output).
    pub chunks_in_flight: u64,
    /// Memory each worker process takes before any chunk (interpreter, libraries).
    pub reserve_bytes: Bytes,
    /// The largest planned chunk, which every in-flight chunk is counted as.
    pub chunk_bytes: Bytes,
    /// Where the worker memory came from: `--worker-memory` or `usable memory / N`.
    pub worker_memory_source: &'static str,
    pub cluster_memory_bytes: Bytes,
    /// All the arrays together, as `total_bytes`.
    pub array_bytes: Bytes,
    /// Workers whose memory (less the reserve) holds the arrays persisted; `null` when a worker
    /// has no room beyond its reserve.
    pub workers_to_persist: Option<Exact>,
    /// What would fit the workers instead.
    #[serde(flatten)]
    pub would_fit: WouldFit,
}

/// What would fit a worker: smaller chunks, or fewer threads.
#[derive(Debug, Clone, Serialize)]
pub struct WouldFit {
    /// The largest chunk that fits with these threads (`null`: none does).
    pub max_chunk_bytes_that_fit: Option<Bytes>,
    /// The most threads per worker that fit with these chunks (`null`: chunks are empty).
    pub max_threads_that_fit: Option<Exact>,
    /// A `--chunk-size` with which Dask's auto plan fits (when the plans are auto).
    pub chunk_size_that_fits: Option<Bytes>,
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
    pub memory_bytes: Bytes,
    pub disk_bytes: Bytes,
    /// Memory by dtype, in the order first seen.
    #[serde(serialize_with = "by_dtype")]
    pub bytes_by_dtype: Vec<(String, Bytes)>,
    /// Bits on disk per element, to three decimals (a JSON number).
    pub bits_per_weight: Option<Thousandths>,
    /// Memory over disk bytes, in hundredths (rounded down), for people; `None` for an empty
    /// file.
    #[serde(skip)]
    pub memory_per_disk_hundredths: Option<num_bigint::BigInt>,
}

/// A ratio in thousandths, rounded down: printed with three decimals (`4.500`), and a JSON
/// number with as many as it needs (`4.5`, `64.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thousandths(pub u64);

impl std::fmt::Display for Thousandths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:03}", self.0 / 1000, self.0 % 1000)
    }
}

impl Serialize for Thousandths {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.to_string();
        let trimmed = text.trim_end_matches('0');
        let text = if trimmed.ends_with('.') {
            format!("{trimmed}0")
        } else {
            trimmed.to_string()
        };
        let number: serde_json::Number = text.parse().map_err(serde::ser::Error::custom)?;
        number.serialize(serializer)
    }
}

fn by_dtype<S: Serializer>(v: &[(String, Bytes)], s: S) -> Result<S::Ok, S::Error> {
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
    pub disk_bytes: Bytes,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemoryReport {
    pub total_bytes: Bytes,
    pub available_bytes: Bytes,
    pub cgroup_limit_bytes: Option<Bytes>,
    pub usable_bytes: Bytes,
    pub source: MemorySource,
}

/// The arrays, in the order given: a spec's report, or a file's arrays as read, each made into
/// its report as it is written (so a file of a million tensors is never a million reports).
#[derive(Debug, Clone, Default)]
pub struct Arrays(pub Vec<Part>);

#[derive(Debug, Clone)]
pub enum Part {
    One(Box<ArrayReport>),
    File(super::FileArrays),
}

impl Arrays {
    pub fn len(&self) -> usize {
        self.0
            .iter()
            .map(|p| match p {
                Part::One(_) => 1,
                Part::File(f) => f.len(),
            })
            .sum()
    }

    /// Every array's report, in order.
    pub fn iter(&self) -> impl Iterator<Item = Cow<'_, ArrayReport>> {
        self.0
            .iter()
            .flat_map(|p| -> Box<dyn Iterator<Item = Cow<'_, ArrayReport>>> {
                match p {
                    Part::One(a) => Box::new(std::iter::once(Cow::Borrowed(&**a))),
                    Part::File(f) => Box::new(f.reports().map(Cow::Owned)),
                }
            })
    }
}

impl Serialize for Arrays {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for a in self.iter() {
            seq.serialize_element(&*a)?;
        }
        seq.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EstimateReport {
    pub arrays: Arrays,
    /// One entry per file read (absent when only specs were given).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<FileSummary>,
    pub total_bytes: Bytes,
    pub memory: MemoryReport,
    pub budget_bytes: Bytes,
    pub temporaries: u64,
    pub required_bytes: Bytes,
    pub headroom_bytes: Bytes,
    /// How many more arrays the size of the largest fit in the headroom; `null` when the
    /// largest array is empty (any number fits).
    pub temporaries_that_fit: Option<Exact>,
    pub status: Status,
    /// How the budget was set, for people (`usable memory`, `50% of usable memory`, `--budget`).
    #[serde(skip)]
    pub budget_source: BudgetSource,
    #[serde(skip)]
    pub largest_bytes: Bytes,
    /// With `--workers`: memory per worker. The exit code then follows its status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers: Option<WorkersReport>,
}

/// Where the budget came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetSource {
    /// All of usable memory (no `--budget`).
    Usable,
    /// `--budget SIZE`.
    Given,
    /// `--budget PERCENT` of usable memory.
    Share,
}

impl EstimateReport {
    /// Whether the arrays fit (exit 0) or not (exit 1); with `--workers`, whether the chunks fit
    /// each worker.
    pub fn passed(&self) -> bool {
        match &self.workers {
            Some(w) => w.status != Status::Over,
            None => self.status != Status::Over,
        }
    }
}
