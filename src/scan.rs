//! Streaming a file's array data through a planned cast: every value checked, in constant
//! memory (a few fixed buffers), on both cores.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::mpsc;

use half::{bf16, f16};

/// The element types npmem streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    Bool,
    Int { bytes: u8, signed: bool },
    F16,
    BF16,
    F32,
    F64,
}

impl Elem {
    pub fn size(self) -> usize {
        match self {
            Elem::Bool => 1,
            Elem::Int { bytes, .. } => usize::from(bytes),
            Elem::F16 | Elem::BF16 => 2,
            Elem::F32 => 4,
            Elem::F64 => 8,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, Elem::F16 | Elem::BF16 | Elem::F32 | Elem::F64)
    }
}

/// A value read from the file: floats exactly as f64, integers exactly as i128.
#[derive(Debug, Clone, Copy)]
enum Val {
    F(f64),
    I(i128),
}

fn decode(elem: Elem, big_endian: bool, b: &[u8]) -> Val {
    macro_rules! int {
        ($t:ty, $n:literal) => {{
            let mut a = [0u8; $n];
            a.copy_from_slice(&b[..$n]);
            i128::from(if big_endian {
                <$t>::from_be_bytes(a)
            } else {
                <$t>::from_le_bytes(a)
            })
        }};
    }
    match elem {
        Elem::Bool => Val::I(i128::from(b[0] != 0)),
        Elem::Int {
            bytes: 1,
            signed: true,
        } => Val::I(int!(i8, 1)),
        Elem::Int { bytes: 1, .. } => Val::I(int!(u8, 1)),
        Elem::Int {
            bytes: 2,
            signed: true,
        } => Val::I(int!(i16, 2)),
        Elem::Int { bytes: 2, .. } => Val::I(int!(u16, 2)),
        Elem::Int {
            bytes: 4,
            signed: true,
        } => Val::I(int!(i32, 4)),
        Elem::Int { bytes: 4, .. } => Val::I(int!(u32, 4)),
        Elem::Int { signed: true, .. } => Val::I(int!(i64, 8)),
        Elem::Int { .. } => Val::I(int!(u64, 8)),
        Elem::F16 => {
            let bits = int!(u16, 2) as u16;
            Val::F(f16::from_bits(bits).to_f64())
        }
        Elem::BF16 => {
            let bits = int!(u16, 2) as u16;
            Val::F(bf16::from_bits(bits).to_f64())
        }
        Elem::F32 => Val::F(f64::from(f32::from_bits(int!(u32, 4) as u32))),
        Elem::F64 => Val::F(f64::from_bits(int!(u64, 8) as u64)),
    }
}

/// What the scan found.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub count: u64,
    pub nan: u64,
    pub inf: u64,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub min_int: Option<i128>,
    pub max_int: Option<i128>,
    /// Values the cast changes.
    pub changed: u64,
    /// Values past the target's range.
    pub overflow: u64,
    pub max_abs_error: f64,
    pub max_rel_error: f64,
    /// Every finite value is an integer.
    pub integral: bool,
    /// Every value survives float16 / bfloat16 / float32 exactly.
    pub fits_f16: bool,
    pub fits_bf16: bool,
    pub fits_f32: bool,
}

impl Stats {
    fn new() -> Stats {
        Stats {
            integral: true,
            fits_f16: true,
            fits_bf16: true,
            fits_f32: true,
            ..Stats::default()
        }
    }

    fn merge(&mut self, o: &Stats) {
        self.count += o.count;
        self.nan += o.nan;
        self.inf += o.inf;
        self.min = match (self.min, o.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, o.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.min_int = match (self.min_int, o.min_int) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max_int = match (self.max_int, o.max_int) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.changed += o.changed;
        self.overflow += o.overflow;
        self.max_abs_error = self.max_abs_error.max(o.max_abs_error);
        self.max_rel_error = self.max_rel_error.max(o.max_rel_error);
        self.integral &= o.integral;
        self.fits_f16 &= o.fits_f16;
        self.fits_bf16 &= o.fits_bf16;
        self.fits_f32 &= o.fits_f32;
    }
}

/// The cast being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Int { bytes: u8, signed: bool },
    Bool,
    F16,
    BF16,
    F32,
    F64,
}

fn int_range(bytes: u8, signed: bool) -> (i128, i128) {
    let bits = u32::from(bytes) * 8;
    if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}

/// A float value after the cast and back: the value and whether it overflowed.
fn through_float(target: Target, x: f64) -> (f64, bool) {
    let y = match target {
        Target::F16 => f16::from_f64(x).to_f64(),
        // ml_dtypes casts into bfloat16 through float32 (so it can round twice).
        Target::BF16 => bf16::from_f32(x as f32).to_f64(),
        Target::F32 => f64::from(x as f32),
        _ => x,
    };
    (y, x.is_finite() && y.is_infinite())
}

fn scan_chunk(data: &[u8], elem: Elem, big_endian: bool, target: Target) -> Stats {
    let mut s = Stats::new();
    for b in data.chunks_exact(elem.size()) {
        s.count += 1;
        match decode(elem, big_endian, b) {
            Val::F(x) => {
                if x.is_nan() {
                    s.nan += 1;
                    if matches!(target, Target::Int { .. } | Target::Bool) {
                        s.changed += 1;
                    }
                    continue;
                }
                if x.is_infinite() {
                    s.inf += 1;
                    match target {
                        Target::Int { .. } => {
                            s.changed += 1;
                            s.overflow += 1;
                        }
                        // An infinity is true: changed, but not past bool's range.
                        Target::Bool => s.changed += 1,
                        _ => {}
                    }
                    continue;
                }
                s.min = Some(s.min.map_or(x, |m| m.min(x)));
                s.max = Some(s.max.map_or(x, |m| m.max(x)));
                s.integral &= x.fract() == 0.0;
                s.fits_f16 &= f16::from_f64(x).to_f64() == x;
                s.fits_bf16 &= bf16::from_f64(x).to_f64() == x;
                s.fits_f32 &= f64::from(x as f32) == x;
                let (y, overflow) = match target {
                    Target::Int { bytes, signed } => {
                        let (lo, hi) = int_range(bytes, signed);
                        let t = x.trunc();
                        // Compared exactly: `hi as f64` rounds 2^63 - 1 up to 2^63.
                        let out = t.abs() >= 1e38 || (t as i128) < lo || (t as i128) > hi;
                        (if out { f64::NAN } else { t }, out)
                    }
                    Target::Bool => (if x == 0.0 { 0.0 } else { 1.0 }, false),
                    t => through_float(t, x),
                };
                s.overflow += u64::from(overflow);
                if y != x {
                    s.changed += 1;
                    if y.is_finite() {
                        let err = (y - x).abs();
                        s.max_abs_error = s.max_abs_error.max(err);
                        if x != 0.0 {
                            s.max_rel_error = s.max_rel_error.max(err / x.abs());
                        }
                    }
                }
            }
            Val::I(v) => {
                s.min_int = Some(s.min_int.map_or(v, |m| m.min(v)));
                s.max_int = Some(s.max_int.map_or(v, |m| m.max(v)));
                // An integer converts once, correctly rounded, to float32 and float64; numpy's
                // float16 and ml_dtypes' bfloat16 go through float32.
                let single = v as f32;
                let f32_exact = exact_int(f64::from(single), v);
                s.fits_f32 &= f32_exact;
                s.fits_f16 &= f32_exact && exact_int(f16::from_f32(single).to_f64(), v);
                s.fits_bf16 &= f32_exact && exact_int(bf16::from_f32(single).to_f64(), v);
                let (changed, overflow, err) = match target {
                    Target::Int { bytes, signed } => {
                        let (lo, hi) = int_range(bytes, signed);
                        let out = v < lo || v > hi;
                        (out, out, 0.0)
                    }
                    Target::Bool => {
                        let changed = v != 0 && v != 1;
                        let err = if v == 0 { 0 } else { (v - 1).unsigned_abs() };
                        (changed, false, err as f64)
                    }
                    t => {
                        let y = match t {
                            Target::F16 => f16::from_f32(single).to_f64(),
                            Target::BF16 => bf16::from_f32(single).to_f64(),
                            Target::F32 => f64::from(single),
                            _ => v as f64,
                        };
                        if y.is_infinite() {
                            (true, true, 0.0)
                        } else {
                            // |y| < 2^64 here, so the difference is exact in i128.
                            let err = (y as i128 - v).unsigned_abs() as f64;
                            (err != 0.0, false, err)
                        }
                    }
                };
                if changed {
                    s.changed += 1;
                    s.max_abs_error = s.max_abs_error.max(err);
                    if v != 0 && err > 0.0 {
                        s.max_rel_error = s.max_rel_error.max(err / (v as f64).abs());
                    }
                }
                s.overflow += u64::from(overflow);
            }
        }
    }
    s
}

/// `y` (finite or not) is exactly the integer `v`.
fn exact_int(y: f64, v: i128) -> bool {
    y.is_finite() && y.abs() < 1.8e19 && y as i128 == v
}

/// Bytes read per chunk; with two workers and a short queue, memory stays a few of these.
const CHUNK: usize = 4 << 20;

/// Stream `len` bytes of `elem` values from `offset` in `path` through the cast.
pub fn scan(
    path: &Path,
    offset: u64,
    len: u64,
    elem: Elem,
    big_endian: bool,
    target: Target,
) -> std::io::Result<Stats> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut reader = file.take(len);
    let size = elem.size();
    let chunk = CHUNK - CHUNK % size;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut total = Stats::new();
    std::thread::scope(|scope| -> std::io::Result<()> {
        let (work_tx, work_rx) = mpsc::sync_channel::<Vec<u8>>(workers);
        let work_rx = std::sync::Arc::new(std::sync::Mutex::new(work_rx));
        let (done_tx, done_rx) = mpsc::channel::<Stats>();
        let (free_tx, free_rx) = mpsc::channel::<Vec<u8>>();
        for _ in 0..workers {
            let rx = std::sync::Arc::clone(&work_rx);
            let done = done_tx.clone();
            let free = free_tx.clone();
            scope.spawn(move || {
                let mut acc = Stats::new();
                loop {
                    let next = rx.lock().map(|r| r.recv());
                    let Ok(Ok(buf)) = next else { break };
                    acc.merge(&scan_chunk(&buf, elem, big_endian, target));
                    let _ = free.send(buf);
                }
                let _ = done.send(acc);
            });
        }
        drop(done_tx);
        drop(free_tx);
        let mut buffers = 0usize;
        loop {
            // Reuse a returned buffer, or make one while fewer than a handful exist.
            let mut buf = match free_rx.try_recv() {
                Ok(b) => b,
                Err(_) if buffers < workers * 2 + 1 => {
                    buffers += 1;
                    Vec::with_capacity(chunk)
                }
                Err(_) => free_rx.recv().unwrap_or_else(|_| Vec::with_capacity(chunk)),
            };
            buf.clear();
            let n = (&mut reader).take(chunk as u64).read_to_end(&mut buf)?;
            if n == 0 {
                break;
            }
            buf.truncate(n - n % size);
            if work_tx.send(buf).is_err() {
                break;
            }
        }
        drop(work_tx);
        for s in done_rx {
            total.merge(&s);
        }
        Ok(())
    })?;
    Ok(total)
}
