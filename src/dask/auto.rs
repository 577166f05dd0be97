//! `auto_chunks`: Dask's choice of chunk sizes for `"auto"` dimensions, with and without
//! `previous_chunks`, step for step — including the places where its dictionaries alias and
//! where Python's int and float meet — because the answer must be the one Dask gives.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use num_bigint::BigInt;
use num_traits::{One, ToPrimitive, Zero};

use super::pynum::{self, Num, cmp_float_int, float_div, int_to_float, int_truediv};
use super::{CHUNK_SIZE_TOLERANCE, DEFAULT_LIMIT, DaskError, Entry, Previous, Request, Runs};

/// A value in Dask's `chunks` list while it is being worked out.
#[derive(Debug, Clone, PartialEq)]
pub enum Chunk {
    Auto,
    Int(BigInt),
    Float(f64),
    Sizes(Runs),
}

impl Chunk {
    pub fn from_entry(e: &Entry) -> Chunk {
        match e {
            Entry::Int(i) => Chunk::Int(i.clone()),
            Entry::Sizes(v) => {
                let mut r = Runs::default();
                for s in v {
                    r.push(s.to_u64().unwrap_or(u64::MAX), 1);
                }
                Chunk::Sizes(r)
            }
            Entry::Auto | Entry::Full | Entry::Bytes(_) => Chunk::Auto,
        }
    }

    /// `_convert_int_chunk_to_tuple` for one dimension of `dim` elements.
    pub fn to_runs(&self, dim: u64) -> Result<Runs, DaskError> {
        let size = match self {
            Chunk::Sizes(r) => return Ok(r.clone()),
            Chunk::Auto => return Err(DaskError::value("an auto dimension was left unplanned")),
            Chunk::Int(i) => i.clone(),
            Chunk::Float(f) => {
                if !f.is_finite() || f.fract() != 0.0 {
                    return Err(DaskError::value("chunks can only contain integers."));
                }
                pynum::float_to_int(*f)?
            }
        };
        if dim == 0 {
            return Ok(Runs::regular(0, 0));
        }
        if size.is_zero() {
            return Err(DaskError::zero_division(
                "integer division or modulo by zero (a chunk size of 0 for a dimension that is not empty)",
            ));
        }
        Ok(Runs::regular(dim, size.to_u64().unwrap_or(u64::MAX)))
    }
}

/// A Python dict from axis to value, in insertion order.
#[derive(Debug, Clone, Default)]
struct Dict(Vec<(usize, Value)>);

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Num(Num),
    Sizes(Runs),
}

impl Dict {
    fn get(&self, k: usize) -> Option<&Value> {
        self.0.iter().find(|(a, _)| *a == k).map(|(_, v)| v)
    }
    fn insert(&mut self, k: usize, v: Value) {
        match self.0.iter_mut().find(|(a, _)| *a == k) {
            Some((_, old)) => *old = v,
            None => self.0.push((k, v)),
        }
    }
    fn remove(&mut self, k: usize) {
        self.0.retain(|(a, _)| *a != k);
    }
}

pub fn auto_chunks(
    entries: &[Entry],
    shape: &[u64],
    limit: Option<BigInt>,
    req: &Request,
) -> Result<Vec<Chunk>, DaskError> {
    let previous = match req.previous {
        Some(p) => Some(convert_previous(p, shape)?),
        None => None,
    };
    let mut chunks: Vec<Chunk> = entries.iter().map(Chunk::from_entry).collect();
    let limit = limit.unwrap_or_else(|| BigInt::from(DEFAULT_LIMIT));
    if req.hasobject {
        return Err(DaskError::not_implemented(
            "Can not use auto rechunking with object dtype. We are unable to estimate the size in bytes of object data",
        ));
    }
    let limit = limit.max(BigInt::one());
    match previous {
        Some(prev) if !prev.is_empty() => {
            with_previous(&mut chunks, shape, &limit, req.itemsize, &prev)?;
        }
        _ => without_previous(&mut chunks, shape, &limit, req.itemsize)?,
    }
    Ok(chunks)
}

/// `_convert_int_chunk_to_tuple(shape, previous_chunks)` (after rioxarray's 1-tuple unwrapping).
fn convert_previous(p: &[Previous], shape: &[u64]) -> Result<Vec<Runs>, DaskError> {
    let mut out = Vec::with_capacity(p.len().min(shape.len()));
    for (prev, &dim) in p.iter().zip(shape) {
        let single = match prev {
            Previous::Sizes(v) if v.len() == 1 => Some(&v[0]),
            Previous::Int(i) => Some(i),
            Previous::Sizes(_) => None,
        };
        let runs = match (single, prev) {
            (Some(c), _) => {
                if dim == 0 {
                    Runs::regular(0, 0)
                } else if c.is_zero() {
                    return Err(DaskError::zero_division(
                        "integer division or modulo by zero (a previous chunk size of 0)",
                    ));
                } else if pynum::is_negative(c) {
                    return Err(DaskError::npmem("previous chunk sizes must be positive"));
                } else {
                    Runs::regular(dim, c.to_u64().unwrap_or(u64::MAX))
                }
            }
            (None, Previous::Sizes(v)) => {
                let mut r = Runs::default();
                for s in v {
                    let s = s.to_u64().ok_or_else(|| {
                        DaskError::npmem(format!("previous chunk size {s} is not a size"))
                    })?;
                    r.push(s, 1);
                }
                r
            }
            (None, Previous::Int(_)) => Runs::default(),
        };
        out.push(runs);
    }
    Ok(out)
}

/// The product of the non-auto chunks' largest sizes (`largest_block`).
fn largest_block(chunks: &[Chunk]) -> Result<BigInt, DaskError> {
    let mut p = BigInt::one();
    for c in chunks {
        match c {
            Chunk::Auto => {}
            Chunk::Int(i) => p *= i,
            Chunk::Float(f) => p *= pynum::float_to_int(*f)?,
            Chunk::Sizes(r) => {
                p *= BigInt::from(
                    r.max()
                        .ok_or_else(|| DaskError::value("max() iterable argument is empty"))?,
                );
            }
        }
    }
    Ok(p)
}

fn without_previous(
    chunks: &mut [Chunk],
    shape: &[u64],
    limit: &BigInt,
    itemsize: u64,
) -> Result<(), DaskError> {
    // Dask recurses after fixing the small dimensions; each round fixes at least one.
    loop {
        let autos: Vec<usize> = (0..chunks.len())
            .filter(|&i| chunks[i] == Chunk::Auto)
            .collect();
        if autos.is_empty() {
            return Ok(());
        }
        let block = largest_block(chunks)?;
        if itemsize == 0 {
            return Err(DaskError::value(
                "auto-chunking with dtype.itemsize == 0 is not supported, please pass in `chunks` explicitly",
            ));
        }
        let per_item = int_truediv(limit, &BigInt::from(itemsize))?;
        let base = float_div(per_item, int_to_float(&block)?).map_err(nothing_to_divide)?;
        let size = pynum::float_pow(base, 1.0 / autos.len() as f64)?;
        if autos.iter().any(|&i| i >= shape.len()) {
            return Err(DaskError::index(
                "tuple index out of range (more chunk entries than dimensions)",
            ));
        }
        let small: Vec<usize> = autos
            .iter()
            .copied()
            .filter(|&i| cmp_float_int(size, &BigInt::from(shape[i])) == Some(Ordering::Greater))
            .collect();
        if small.is_empty() {
            for &i in &autos {
                chunks[i] = round_to(size, shape[i])?;
            }
            return Ok(());
        }
        for i in small {
            chunks[i] = Chunk::Sizes(Runs::from_sizes(&[shape[i]]));
        }
    }
}

/// Dask divides the limit by the other dimensions' chunks; when one is 0 it divides by zero.
fn nothing_to_divide(e: DaskError) -> DaskError {
    DaskError {
        message: format!(
            "{} (another dimension's chunks are 0 long, or the dimension is empty, so the auto dimensions have nothing to be sized against; give them explicit sizes)",
            e.message
        ),
        ..e
    }
}

/// Dask's `round_to(c, s)`: a chunk size near `c` aligned with `s`.
fn round_to(c: f64, s: u64) -> Result<Chunk, DaskError> {
    if cmp_float_int(c, &BigInt::from(s)).is_some_and(|o| o != Ordering::Greater) {
        Ok(Chunk::Int(pynum::float_to_int(c)?.max(BigInt::one())))
    } else {
        let s = s as f64;
        Ok(Chunk::Float(pynum::float_floordiv(c, s)? * s))
    }
}

/// `_compute_multiplier`: how much larger the ideal chunk is than the current one.
fn compute_multiplier(
    limit: &BigInt,
    itemsize: u64,
    largest_block: &BigInt,
    result: &Dict,
) -> Result<f64, DaskError> {
    let q = int_truediv(limit, &BigInt::from(itemsize))?;
    let q = float_div(q, int_to_float(largest_block)?).map_err(nothing_to_divide)?;
    let mut prod = Num::Int(BigInt::one());
    for (_, v) in &result.0 {
        let factor = match v {
            Value::Num(n) if n.truthy() => n.clone(),
            Value::Sizes(r) if !r.is_empty() => Num::Int(BigInt::from(r.max().unwrap_or(0))),
            _ => continue,
        };
        prod = prod.mul(&factor)?;
    }
    float_div(q, prod.to_float()?)
}

/// `np.median` of one dimension's chunk sizes.
fn median(r: &Runs) -> Result<f64, DaskError> {
    let n = r.len();
    if n == 0 {
        return Err(DaskError::value("max() iterable argument is empty"));
    }
    let mut sorted = r.0.clone();
    sorted.sort_unstable_by_key(|&(s, _)| s);
    let kth = |k: u128| -> f64 {
        let mut seen = 0u128;
        for &(s, c) in &sorted {
            seen += u128::from(c);
            if k < seen {
                return s as f64;
            }
        }
        f64::NAN
    };
    Ok(if n % 2 == 1 {
        kth(n / 2)
    } else {
        (kth(n / 2 - 1) + kth(n / 2)) / 2.0
    })
}

/// The most frequent chunk size (the first seen, on ties) and how often it occurs.
fn mode(r: &Runs) -> Option<(u64, u128)> {
    let mut order: Vec<(u64, u128)> = Vec::new();
    let mut index: HashMap<u64, usize> = HashMap::new();
    for &(s, c) in &r.0 {
        match index.get(&s) {
            Some(&i) => order[i].1 += u128::from(c),
            None => {
                index.insert(s, order.len());
                order.push((s, u128::from(c)));
            }
        }
    }
    let mut best: Option<(u64, u128)> = None;
    for (s, c) in order {
        if best.is_none_or(|(_, bc)| c > bc) {
            best = Some((s, c));
        }
    }
    best
}

/// Merge consecutive previous chunks while they fit in `proposed` elements.
fn merge_previous(prev: &Runs, proposed: f64) -> Result<Runs, DaskError> {
    let cap: Option<u128> = if proposed >= 0.0 && proposed.is_finite() {
        Some(proposed.floor().to_u128().unwrap_or(u128::MAX))
    } else if proposed == f64::INFINITY {
        Some(u128::MAX)
    } else {
        None
    };
    let fits = |x: u128| cap.is_some_and(|cap| x <= cap);
    let mut out = Runs::default();
    let push = |out: &mut Runs, size: u128, count: u128| -> Result<(), DaskError> {
        let size = u64::try_from(size)
            .map_err(|_| DaskError::npmem("merged previous chunks exceed 2^64 elements"))?;
        let count = u64::try_from(count)
            .map_err(|_| DaskError::npmem("more than 2^64 chunks in one dimension"))?;
        out.push(size, count);
        Ok(())
    };
    let mut new: u128 = 0;
    for &(c, n) in &prev.0 {
        let c = u128::from(c);
        let mut n = u128::from(n);
        while n > 0 {
            if fits(new + c) {
                // As many as fit join the open chunk.
                let k = match cap {
                    Some(cap) if c > 0 => n.min((cap - new) / c),
                    _ => n,
                };
                new += k * c;
                n -= k;
                continue;
            }
            if new > 0 {
                push(&mut out, new, 1)?;
            }
            new = c;
            n -= 1;
            if c == 0 || n == 0 {
                continue;
            }
            // The rest of this run falls into groups of `g` chunks each.
            let g = match cap {
                Some(cap) if c <= cap => cap / c,
                _ => 1,
            };
            let total = n + 1;
            let (q, r) = (total / g, total % g);
            if r == 0 {
                push(&mut out, g * c, q - 1)?;
                new = g * c;
            } else {
                push(&mut out, g * c, q)?;
                new = r * c;
            }
            n = 0;
        }
    }
    if new > 0 {
        push(&mut out, new, 1)?;
    }
    Ok(out)
}

fn with_previous(
    chunks: &mut [Chunk],
    shape: &[u64],
    limit: &BigInt,
    itemsize: u64,
    prev: &[Runs],
) -> Result<(), DaskError> {
    let index_error =
        || DaskError::index("tuple index out of range (fewer previous chunks than dimensions)");
    let mut autos: BTreeSet<usize> = (0..chunks.len())
        .filter(|&i| chunks[i] == Chunk::Auto)
        .collect();
    let mut largest_block = largest_block(chunks)?;
    let mut median_chunks = Dict::default();
    for &a in &autos {
        let p = prev.get(a).ok_or_else(index_error)?;
        median_chunks.insert(a, Value::Num(Num::Float(median(p)?)));
    }
    let mut result = Dict::default();
    let mut multiplier = compute_multiplier(limit, itemsize, &largest_block, &median_chunks)?;
    // When the ideal chunk is smaller, Dask's `result` *is* `median_chunks`: one dict.
    let aliased = multiplier < 1.0;
    let mut ideal_shape = Vec::with_capacity(shape.len());
    for (i, &s) in shape.iter().enumerate() {
        let p = prev.get(i).ok_or_else(index_error)?;
        let (m, count) =
            mode(p).ok_or_else(|| DaskError::value("max() iterable argument is empty"))?;
        let half = int_truediv(&BigInt::from(p.len()), &BigInt::from(2))?;
        let enough = cmp_float_int(half, &BigInt::from(count)) != Some(Ordering::Greater);
        ideal_shape.push(if m > 1 && enough { m } else { s });
    }
    let reduce_case = multiplier < 1.0;
    macro_rules! target {
        () => {
            if aliased {
                &mut median_chunks
            } else {
                &mut result
            }
        };
    }
    let mut multiplier_remaining = true;
    let mut rounds = 0u32;
    while multiplier_remaining {
        rounds += 1;
        if rounds > 100_000 {
            return Err(DaskError::npmem(
                "Dask's auto-chunking does not settle for these inputs",
            ));
        }
        let last_autos = autos.len();
        multiplier_remaining = false;
        let order: Vec<usize> = autos.iter().copied().collect();
        for a in order {
            let exponent = 1.0 / last_autos as f64;
            let this_multiplier = multiplier.powf(exponent);
            let median_a = match median_chunks.get(a) {
                Some(Value::Num(n)) => n.clone(),
                _ => return Err(DaskError::npmem("Dask's auto-chunking lost a dimension")),
            };
            let proposed = median_a.to_float()? * this_multiplier;
            let max_chunk_size = proposed * CHUNK_SIZE_TOLERANCE.powf(exponent);
            let p = prev.get(a).ok_or_else(index_error)?;
            if cmp_float_int(proposed, &BigInt::from(shape[a])) == Some(Ordering::Greater) {
                chunks[a] = Chunk::Int(BigInt::from(shape[a]));
                autos.remove(&a);
                median_chunks.remove(a);
                multiplier_remaining = true;
                largest_block *= shape[a];
                target!().insert(a, Value::Sizes(Runs::from_sizes(&[shape[a]])));
                continue;
            }
            let largest_prev = p
                .max()
                .ok_or_else(|| DaskError::value("max() iterable argument is empty"))?;
            if reduce_case
                || cmp_float_int(max_chunk_size, &BigInt::from(largest_prev))
                    == Some(Ordering::Less)
            {
                let rounded = match round_to(proposed, ideal_shape[a])? {
                    Chunk::Int(i) => Num::Int(i),
                    Chunk::Float(f) => Num::Float(f),
                    _ => return Err(DaskError::npmem("round_to gave no number")),
                };
                target!().insert(a, Value::Num(rounded));
                if proposed < 1.0 {
                    multiplier_remaining = true;
                    autos.remove(&a);
                }
                continue;
            }
            target!().insert(a, Value::Sizes(merge_previous(p, proposed)?));
        }
        if multiplier_remaining || reduce_case {
            let last = multiplier;
            multiplier = compute_multiplier(limit, itemsize, &largest_block, &median_chunks)?;
            if multiplier != last {
                multiplier_remaining = true;
            }
        }
    }
    let result = if aliased { &median_chunks } else { &result };
    for (k, v) in &result.0 {
        chunks[*k] = match v {
            Value::Num(n) if !n.truthy() => Chunk::Int(BigInt::zero()),
            Value::Num(Num::Int(i)) => Chunk::Int(i.clone()),
            Value::Num(Num::Float(f)) => Chunk::Float(*f),
            Value::Sizes(r) if r.is_empty() => Chunk::Int(BigInt::zero()),
            Value::Sizes(r) => Chunk::Sizes(r.clone()),
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(r: &Runs) -> Vec<u64> {
        r.iter().collect()
    }

    fn naive(prev: &[u64], proposed: f64) -> Vec<u64> {
        let (mut out, mut new) = (Vec::new(), 0u64);
        for &c in prev {
            if (c + new) as f64 <= proposed {
                new += c;
            } else {
                if new > 0 {
                    out.push(new);
                }
                new = c;
            }
        }
        if new > 0 {
            out.push(new);
        }
        out
    }

    #[test]
    fn merging_runs_matches_the_loop_dask_runs() {
        let cases: &[(&[u64], f64)] = &[
            (&[10, 10, 10, 10, 10, 3], 25.0),
            (&[10, 10, 10, 10, 10, 3], 30.0),
            (&[10, 10, 10, 10, 10, 3], 9.0),
            (&[10; 7], 35.5),
            (&[7, 7, 7, 7, 5, 5, 5, 0, 0, 2], 14.0),
            (&[0, 0, 5, 5], 4.0),
            (&[3, 3, 3], 0.5),
            (&[4, 4, 4, 4, 4, 4, 4, 4, 1], 8.0),
        ];
        for &(prev, proposed) in cases {
            let runs = Runs::from_sizes(prev);
            let got = merge_previous(&runs, proposed).map(|r| sizes(&r));
            assert_eq!(got.ok(), Some(naive(prev, proposed)), "{prev:?} {proposed}");
        }
    }

    #[test]
    fn median_and_mode_as_numpy_and_toolz() {
        let r = Runs::from_sizes(&[5, 5, 3, 3, 9]);
        assert_eq!(median(&r).ok(), Some(5.0));
        assert_eq!(median(&Runs::from_sizes(&[4, 1, 2, 8])).ok(), Some(3.0));
        // Ties go to the first size seen.
        assert_eq!(mode(&Runs::from_sizes(&[3, 5, 5, 3])), Some((3, 2)));
    }
}
