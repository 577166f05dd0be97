//! `estimate --chunks` and `--workers`: the chunks Dask will cut each array into (Dask's own
//! `normalize_chunks`, see [`npmem::dask`]), what they cost, and the memory each worker needs.
//!
//! The worker model, stated plainly: every running task holds its input chunks and its output
//! chunk — `--chunks-in-flight` chunk sizes (default 4, Cubed's rule of thumb) per thread — and
//! each worker process takes `--worker-reserve` before any chunk. Every chunk is counted at the
//! size of the largest planned chunk.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};

use npmem::Error;
use npmem::dask::{self, Chunks, Entry, Previous, Request, Runs};
use npmem::memory::Status;
use npmem::units::{Bytes, Exact};

use super::report::{ChunkReport, ChunkTuples, WorkersReport, WouldFit};

/// Dask's guidance: under about 1 MiB a chunk, the ~1 ms a task costs the scheduler dominates.
const SMALL_CHUNK: u64 = 1 << 20;
/// Over 1 GiB a chunk, each task holds gigabytes.
const LARGE_CHUNK: u64 = 1 << 30;
/// Over a million chunks, the task graph is slow to build and schedule.
const MANY_CHUNKS: u64 = 1_000_000;

#[derive(Debug, Clone, Default)]
pub struct PlanArgs {
    /// `--chunks`: as typed, and as Dask receives it.
    pub chunks: Option<(String, Chunks)>,
    /// `--chunk-size`: Dask's `limit`.
    pub limit: Option<BigInt>,
    /// `--previous-chunks`.
    pub previous: Option<(String, Vec<Previous>)>,
    pub workers: Option<WorkerArgs>,
}

impl PlanArgs {
    pub fn wanted(&self) -> bool {
        self.chunks.is_some() || self.workers.is_some()
    }

    /// Whether `--chunk-size` shapes the plans: some dimension is auto (by default, unless
    /// every array is a Zarr array, which keeps its storage chunks).
    pub fn plans_auto(&self, all_zarr: bool) -> bool {
        match &self.chunks {
            None => !all_zarr,
            Some((_, Chunks::Scalar(e))) => matches!(e, Entry::Auto),
            Some((_, Chunks::PerDim(v))) => v.iter().any(|e| matches!(e, Entry::Auto)),
            Some((_, Chunks::ByAxis(v))) => v.iter().any(|(_, e)| matches!(e, Entry::Auto)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct WorkerArgs {
    pub count: u64,
    /// `None`: as a local cluster splits this machine's cores (`ceil(cores / N)`).
    pub threads: Option<u64>,
    /// `None`: this machine's usable memory divided by N.
    pub memory: Option<Bytes>,
    pub in_flight: u64,
    pub reserve: Bytes,
}

/// One array to plan.
#[derive(Debug, Clone)]
pub struct ArrayInput {
    pub label: String,
    pub shape: Vec<u64>,
    pub itemsize: u64,
    pub hasobject: bool,
    /// A Zarr array's storage chunk shape (`z.chunks`).
    pub storage_chunks: Option<Vec<u64>>,
    /// A sharded Zarr array's shard shape (`z.shards`).
    pub shards: Option<Vec<u64>>,
}

/// What Dask is asked for this array: the chunks (and how they were asked for), and the
/// previous chunks to align with. For a Zarr array, as `da.from_zarr` does: its chunks when
/// none are given, and otherwise its chunks as previous chunks — its shards for `"auto"`.
fn request_for(args: &PlanArgs, a: &ArrayInput) -> (String, Chunks, Option<Vec<Previous>>) {
    let exactly_auto = matches!(&args.chunks, Some((_, Chunks::Scalar(Entry::Auto))));
    let stored = match (&a.shards, exactly_auto) {
        (Some(shards), true) => Some(shards),
        _ => a.storage_chunks.as_ref(),
    };
    let storage: Option<Vec<Previous>> =
        stored.map(|c| c.iter().map(|&n| Previous::Int(BigInt::from(n))).collect());
    let previous = args
        .previous
        .as_ref()
        .map(|(_, p)| p.clone())
        .or_else(|| storage.clone());
    match (&args.chunks, a.storage_chunks.as_deref()) {
        (Some((text, chunks)), _) => (format!("--chunks {text}"), chunks.clone(), previous),
        // `da.from_zarr` without chunks takes the storage chunks as they are.
        (None, Some(stored)) => (
            format!("the Zarr storage chunks {}", shape_text(stored)),
            Chunks::PerDim(
                stored
                    .iter()
                    .map(|&n| Entry::Int(BigInt::from(n)))
                    .collect(),
            ),
            previous,
        ),
        (None, None) => (
            "Dask's default: auto".to_string(),
            Chunks::Scalar(Entry::Auto),
            previous,
        ),
    }
}

fn shape_text(dims: &[u64]) -> String {
    dims.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join("x")
}

/// Dask's plan for one array.
pub fn plan_array(args: &PlanArgs, a: &ArrayInput) -> Result<ChunkReport, Error> {
    plan_with_limit(args, a, args.limit.clone())
}

pub fn plan_with_limit(
    args: &PlanArgs,
    a: &ArrayInput,
    limit: Option<BigInt>,
) -> Result<ChunkReport, Error> {
    let (requested, chunks, previous) = request_for(args, a);
    let req = Request {
        chunks: &chunks,
        shape: &a.shape,
        limit,
        itemsize: a.itemsize,
        hasobject: a.hasobject,
        previous: previous.as_deref(),
    };
    let n = dask::normalize_chunks(&req)
        .map_err(|e| Error::Usage(format!("{}: {requested}: {e}", a.label)))?;
    let chunk_shape: Vec<u64> = n.dims.iter().map(|d| d.max().unwrap_or(0)).collect();
    let count_per_dim: Vec<u64> = n
        .dims
        .iter()
        .map(|d| u64::try_from(d.len()).unwrap_or(u64::MAX))
        .collect();
    let count: BigInt = count_per_dim.iter().map(|&c| BigInt::from(c)).product();
    let elements: BigInt = chunk_shape.iter().map(|&c| BigInt::from(c)).product();
    let max_chunk_bytes = elements * a.itemsize;

    let mut warnings = Vec::new();
    if count > BigInt::one() && max_chunk_bytes < BigInt::from(SMALL_CHUNK) {
        warnings.push(format!(
            "chunks of at most {max_chunk_bytes} bytes are under 1 MiB: Dask's scheduler spends about 1 ms on each task, which outweighs work this small (choose larger chunks, or a larger --chunk-size)"
        ));
    }
    if max_chunk_bytes > BigInt::from(LARGE_CHUNK) {
        warnings.push(format!(
            "chunks of up to {max_chunk_bytes} bytes are over 1 GiB: each task holds that much, several at once per thread (choose smaller chunks, or a smaller --chunk-size)"
        ));
    }
    if count > BigInt::from(MANY_CHUNKS) {
        warnings.push(format!(
            "{count} chunks: a task graph of more than a million tasks is slow for Dask to build and schedule (choose larger chunks)"
        ));
    }

    let (storage_chunks_per_chunk, aligned, previous_json) = match &previous {
        Some(prev) if prev.len() >= n.dims.len() => {
            let prev_runs = previous_runs(prev, &a.shape);
            let per_dim: Option<Vec<(u64, bool)>> = n
                .dims
                .iter()
                .zip(&prev_runs)
                .map(|(planned, stored)| stored.as_ref().and_then(|s| overlap(planned, s)))
                .collect();
            let json = prev.iter().map(previous_json).collect();
            match per_dim {
                Some(v) => {
                    let reads: BigInt = v.iter().map(|&(r, _)| BigInt::from(r)).product();
                    let aligned = v.iter().all(|&(_, al)| al);
                    if !aligned {
                        warnings.push(
                            "planned chunks cut across the previous (storage) chunks: some storage chunks are read by more than one task"
                                .to_string(),
                        );
                    }
                    (Some(Exact(reads)), Some(aligned), Some(json))
                }
                None => (None, None, Some(json)),
            }
        }
        Some(prev) => (None, None, Some(prev.iter().map(previous_json).collect())),
        None => (None, None, None),
    };

    Ok(ChunkReport {
        chunks: ChunkTuples(n.dims),
        chunk_shape,
        count: Exact(count),
        count_per_dim,
        max_chunk_bytes: Bytes(max_chunk_bytes),
        limit_bytes: Bytes(n.limit),
        previous_chunks: previous_json,
        warnings,
        storage_chunks_per_chunk,
        aligned,
        requested,
    })
}

fn previous_json(p: &Previous) -> serde_json::Value {
    let num = |i: &BigInt| {
        serde_json::from_str::<serde_json::Value>(&i.to_string()).unwrap_or(serde_json::Value::Null)
    };
    match p {
        Previous::Int(i) => num(i),
        Previous::Sizes(v) => serde_json::Value::Array(v.iter().map(num).collect()),
    }
}

/// The previous chunks of each dimension as runs (`None` where they are not sizes npmem holds).
fn previous_runs(prev: &[Previous], shape: &[u64]) -> Vec<Option<Runs>> {
    prev.iter()
        .zip(shape)
        .map(|(p, &dim)| match p {
            Previous::Int(i) => i
                .to_u64()
                .filter(|&c| c > 0 || dim == 0)
                .map(|c| Runs::regular(dim, c)),
            Previous::Sizes(v) if v.len() == 1 => v[0]
                .to_u64()
                .filter(|&c| c > 0 || dim == 0)
                .map(|c| Runs::regular(dim, c)),
            Previous::Sizes(v) => v
                .iter()
                .map(ToPrimitive::to_u64)
                .collect::<Option<Vec<u64>>>()
                .map(|s| Runs::from_sizes(&s)),
        })
        .collect()
}

/// The most chunks of `stored` one chunk of `planned` overlaps, and whether every planned
/// boundary is a stored one. `None` when the walk would be too long to be worth it.
fn overlap(planned: &Runs, stored: &Runs) -> Option<(u64, bool)> {
    const MAX_STEPS: u128 = 4_000_000;
    // Regular storage (every chunk `p` but perhaps the last): closed form per planned chunk.
    let regular = match stored.0.as_slice() {
        [(p, _)] | [(p, _), _] if *p > 0 => Some(*p),
        _ => None,
    };
    let end = planned.sum();
    let mut worst = 0u64;
    let mut aligned = true;
    if let Some(p) = regular {
        let p = u128::from(p);
        let mut offset: u128 = 0;
        for &(c, k) in &planned.0 {
            let (c, k) = (u128::from(c), u128::from(k));
            if c == 0 {
                continue;
            }
            // The offsets of this run's chunks repeat modulo p with period p / gcd(c, p).
            let period = p / c.gcd(&p);
            let steps = k.min(period);
            if steps > MAX_STEPS {
                return None;
            }
            for j in 0..steps {
                let s = offset + j * c;
                let e = s + c;
                let reads = (e - 1) / p - s / p + 1;
                worst = worst.max(u64::try_from(reads).unwrap_or(u64::MAX));
                if !e.is_multiple_of(p) && e != end {
                    aligned = false;
                }
            }
            offset += c * k;
        }
        return Some((worst, aligned));
    }
    if planned.len() + stored.len() > MAX_STEPS {
        return None;
    }
    // Irregular storage: walk both sets of boundaries.
    let bounds: Vec<u128> = stored
        .iter()
        .scan(0u128, |acc, s| {
            *acc += u128::from(s);
            Some(*acc)
        })
        .collect();
    let mut start = 0u128;
    let mut i = 0usize; // first stored chunk ending after `start`
    for c in planned.iter() {
        let c = u128::from(c);
        if c == 0 {
            continue;
        }
        let e = start + c;
        while i < bounds.len() && bounds[i] <= start {
            i += 1;
        }
        let mut j = i;
        let mut reads = 0u64;
        while j < bounds.len() && (j == i || bounds[j - 1] < e) {
            reads += 1;
            j += 1;
        }
        worst = worst.max(reads);
        if e != end && bounds.binary_search(&e).is_err() {
            aligned = false;
        }
        start = e;
    }
    Some((worst, aligned))
}

/// Memory per worker for the planned arrays.
pub fn workers(
    w: &WorkerArgs,
    plans: &[&ChunkReport],
    array_bytes: &BigInt,
    usable_bytes: &Bytes,
    cores: u64,
    replan: &dyn Fn(BigInt) -> Option<BigInt>,
    auto: bool,
) -> WorkersReport {
    let threads = w
        .threads
        .unwrap_or_else(|| cores.div_ceil(w.count.max(1)).max(1));
    let (memory, source) = match &w.memory {
        Some(m) => (m.0.clone(), "--worker-memory"),
        None => (&usable_bytes.0 / w.count.max(1), "usable memory / N"),
    };
    let chunk = plans
        .iter()
        .map(|p| p.max_chunk_bytes.0.clone())
        .max()
        .unwrap_or_default();
    let per_thread = BigInt::from(w.in_flight) * &chunk;
    let required = BigInt::from(threads) * &per_thread + &w.reserve.0;
    let headroom = &memory - &required;
    let status = Status::judge(&headroom, &chunk);
    let room = &memory - &w.reserve.0;
    let positive = room > BigInt::zero();
    let max_chunk = positive.then(|| &room / (BigInt::from(threads) * w.in_flight.max(1)));
    let max_threads = if per_thread.is_zero() {
        None
    } else if positive {
        Some(Exact(&room / &per_thread))
    } else {
        Some(Exact(BigInt::zero()))
    };
    let persist = positive.then(|| Exact(array_bytes.div_ceil(&room)));
    let chunk_size_that_fits = match (&max_chunk, auto) {
        (Some(m), true) if !m.is_zero() => fitting_limit(m, replan),
        _ => None,
    };
    WorkersReport {
        count: w.count,
        threads_per_worker: threads,
        worker_memory_bytes: Bytes(memory.clone()),
        per_worker_required_bytes: Bytes(required),
        status,
        chunks_in_flight: w.in_flight,
        reserve_bytes: w.reserve.clone(),
        chunk_bytes: Bytes(chunk),
        worker_memory_source: source,
        cluster_memory_bytes: Bytes(memory * w.count),
        array_bytes: Bytes(array_bytes.clone()),
        workers_to_persist: persist,
        would_fit: WouldFit {
            max_chunk_bytes_that_fit: max_chunk.map(Bytes),
            max_threads_that_fit: max_threads,
            chunk_size_that_fits,
        },
    }
}

/// A `--chunk-size` under which Dask's plans keep every chunk within `target` bytes: start at
/// the target and shrink while Dask's rounding (or its tolerance) still overshoots.
fn fitting_limit(target: &BigInt, replan: &dyn Fn(BigInt) -> Option<BigInt>) -> Option<Bytes> {
    let mut limit = target.clone();
    for _ in 0..64 {
        if limit < BigInt::one() {
            return None;
        }
        let got = replan(limit.clone())?;
        if got <= *target {
            return Some(Bytes(limit));
        }
        // Shrink in proportion to the overshoot, by at least one byte.
        let next = &limit * target / &got;
        limit = if next < limit { next } else { limit - 1 };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_with_regular_storage() {
        // Planned 250s over stored 100s: chunk [0,250) reads 3, [250,500) reads 3 (200..500).
        let planned = Runs::regular(1000, 250);
        let stored = Runs::regular(1000, 100);
        assert_eq!(overlap(&planned, &stored), Some((3, false)));
        // Planned 300s over stored 100s: aligned, 3 each.
        assert_eq!(overlap(&Runs::regular(1000, 300), &stored), Some((3, true)));
        // Irregular storage walks boundaries.
        let irregular = Runs::from_sizes(&[30, 70, 50, 50]);
        assert_eq!(
            overlap(&Runs::regular(200, 100), &irregular),
            Some((2, true))
        );
        assert_eq!(
            overlap(&Runs::regular(200, 60), &irregular),
            Some((2, false))
        );
    }
}
