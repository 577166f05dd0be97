//! Streaming a file's array data through a planned cast: every value checked, in constant
//! memory (a few fixed buffers), on both cores.

use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use half::{bf16, f16};

/// The element types npmem streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    Bool,
    Int {
        bytes: u8,
        signed: bool,
    },
    F16,
    BF16,
    F32,
    F64,
    /// An eight-bit float (ml_dtypes' float8 formats): every encoding's value, as f64.
    Byte(&'static ByteTable),
}

impl Elem {
    pub fn size(self) -> usize {
        match self {
            Elem::Bool | Elem::Byte(_) => 1,
            Elem::Int { bytes, .. } => usize::from(bytes),
            Elem::F16 | Elem::BF16 => 2,
            Elem::F32 => 4,
            Elem::F64 => 8,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(
            self,
            Elem::F16 | Elem::BF16 | Elem::F32 | Elem::F64 | Elem::Byte(_)
        )
    }
}

/// The value of each of an eight-bit float format's 256 encodings (all exact in f64).
pub struct ByteTable {
    pub name: &'static str,
    pub values: [f64; 256],
}

impl std::fmt::Debug for ByteTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ByteTable({})", self.name)
    }
}

impl PartialEq for ByteTable {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for ByteTable {}

/// The table of an eight-bit float format (`None` for any other format), built once.
pub fn byte_table(format: &crate::number::FloatFormat) -> Option<&'static ByteTable> {
    use crate::number::{FloatFormat, Value};
    use std::sync::{Mutex, OnceLock};
    static TABLES: OnceLock<Mutex<Vec<&'static ByteTable>>> = OnceLock::new();
    if format.storage_bytes != 1 || format.encoding_bits() != 8 {
        return None;
    }
    let tables = TABLES.get_or_init(|| Mutex::new(Vec::new()));
    let mut tables = tables.lock().ok()?;
    if let Some(t) = tables.iter().find(|t| t.name == format.name) {
        return Some(t);
    }
    let mut values = [0.0f64; 256];
    for (code, v) in values.iter_mut().enumerate() {
        *v = match format.decode(code as u128) {
            Value::NaN { .. } => f64::NAN,
            Value::Infinite { negative } => {
                if negative {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }
            }
            finite => {
                let double = FloatFormat::DOUBLE.round(&finite.to_rational());
                let bits = FloatFormat::DOUBLE.encode(&double)?;
                let x = f64::from_bits(u64::try_from(bits).ok()?);
                if finite.is_negative() { -x.abs() } else { x }
            }
        };
    }
    let table: &'static ByteTable = Box::leak(Box::new(ByteTable {
        name: format.name,
        values,
    }));
    tables.push(table);
    Some(table)
}

/// An integer (or bool) value read from the file, exactly.
fn decode_int(elem: Elem, big_endian: bool, b: &[u8]) -> i128 {
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
        Elem::Int {
            bytes: 1,
            signed: true,
        } => int!(i8, 1),
        Elem::Int { bytes: 1, .. } => int!(u8, 1),
        Elem::Int {
            bytes: 2,
            signed: true,
        } => int!(i16, 2),
        Elem::Int { bytes: 2, .. } => int!(u16, 2),
        Elem::Int {
            bytes: 4,
            signed: true,
        } => int!(i32, 4),
        Elem::Int { bytes: 4, .. } => int!(u32, 4),
        Elem::Int { signed: true, .. } => int!(i64, 8),
        Elem::Int { .. } => int!(u64, 8),
        // Bool, and (never passed here) the float types.
        _ => i128::from(b[0] != 0),
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Int {
        bytes: u8,
        signed: bool,
    },
    Bool,
    F16,
    BF16,
    F32,
    F64,
    /// An ml_dtypes float of eight bits or fewer (float8_*, float6_*, float4_e2m1fn).
    Small(SmallFloat),
}

/// What an ml_dtypes small float does with values past its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    /// To an infinity (float8_e5m2, float8_e4m3, float8_e3m4); NaN stays NaN.
    Infinity,
    /// To NaN, as infinities do (the `fn` and `fnuz` formats).
    Nan,
    /// To the largest value, as infinities do; NaN becomes zero (float6_*, float4_e2m1fn).
    Saturate,
}

/// An ml_dtypes float of eight bits or fewer, as the scan rounds into it. ml_dtypes casts an
/// array into these formats through float32 (rounding twice), so the scan does too: float32
/// first, then round to nearest, ties to even, on the format's grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SmallFloat {
    /// Stored fraction bits.
    pub mantissa_bits: i32,
    /// The exponent of the smallest normal value.
    pub min_exponent: i32,
    /// The largest finite value.
    pub max: f64,
    pub overflow: Overflow,
    /// The format has no negative zero (`fnuz`).
    pub unsigned_zero: bool,
}

impl SmallFloat {
    /// The value stored (as f64) and whether `x` went past the largest finite value.
    #[inline(always)]
    pub fn convert(self, x: f64) -> (f64, bool) {
        let y = f64::from(x as f32);
        let negative = y.is_sign_negative();
        let a = y.abs();
        if a.is_nan() {
            return match self.overflow {
                Overflow::Saturate => (if negative { 0.0 } else { -0.0 }, false),
                _ => (f64::NAN, false),
            };
        }
        let rounded = if a == f64::INFINITY {
            f64::INFINITY
        } else {
            // Round on the grid of a's binade (the subnormal grid below the normal range).
            let e = ((a.to_bits() >> 52) as i32 - 1023).max(self.min_exponent);
            let quantum = f64::from_bits(((e - self.mantissa_bits + 1023) as u64) << 52);
            (a / quantum).round_ties_even() * quantum
        };
        let past = rounded > self.max;
        let magnitude = if past {
            match self.overflow {
                Overflow::Infinity => f64::INFINITY,
                Overflow::Nan => return (f64::NAN, x.is_finite()),
                Overflow::Saturate => self.max,
            }
        } else {
            rounded
        };
        let value = if negative && !(self.unsigned_zero && magnitude == 0.0) {
            -magnitude
        } else {
            magnitude
        };
        (value, past && x.is_finite())
    }

    /// The scan's model of a format, when it is one of ml_dtypes' small floats.
    pub fn of(format: &crate::number::FloatFormat) -> Option<SmallFloat> {
        use crate::number::Specials;
        if format.storage_bytes != 1 || format.specials == Specials::ExponentOnly {
            return None;
        }
        let max = format.max_value().to_rational();
        let max = num_traits::ToPrimitive::to_f64(&max)?;
        Some(SmallFloat {
            mantissa_bits: i32::try_from(format.mantissa_bits).ok()?,
            min_exponent: i32::try_from(format.min_exponent()).ok()?,
            max,
            overflow: match format.specials {
                Specials::Ieee => Overflow::Infinity,
                Specials::FiniteOnly => Overflow::Saturate,
                _ => Overflow::Nan,
            },
            unsigned_zero: !format.has_negative_zero(),
        })
    }
}

fn int_range(bytes: u8, signed: bool) -> (i128, i128) {
    let bits = u32::from(bytes) * 8;
    if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}

/// Integer and bool sources, value by value, exactly.
fn scan_values(data: &[u8], elem: Elem, big_endian: bool, target: Target) -> Stats {
    let mut s = Stats::new();
    for b in data.chunks_exact(elem.size()) {
        s.count += 1;
        let v = decode_int(elem, big_endian, b);
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
            Target::Small(sf) => {
                let (y, past) = sf.convert(f64::from(single));
                if y.is_finite() {
                    // Small floats of whole numbers are whole (or v is past the range).
                    let err = (y as i128 - v).unsigned_abs() as f64;
                    (err != 0.0, past, err)
                } else {
                    (true, past, 0.0)
                }
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
    s
}

/// `y` (finite or not) is exactly the integer `v`.
fn exact_int(y: f64, v: i128) -> bool {
    y.is_finite() && y.abs() < 1.8e19 && y as i128 == v
}

/// How NaN and infinities fare in a cast.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Kept as they are.
    Float,
    /// Changed; an infinity is also past the range.
    Int,
    /// Changed (both become true), never out of range.
    Bool,
    /// NaN and infinities both change (into a zero and the largest value), never out of range.
    Saturate,
    /// An infinity changes (into NaN); NaN stays.
    InfToNan,
}

/// `x.trunc()` for finite `x` (the sign of a zero aside) in one conversion instruction:
/// without SSE4.1 in the baseline target, `f64::trunc` is a call into libm.
#[inline(always)]
fn trunc(x: f64) -> f64 {
    // Every float of magnitude 2^52 or more is an integer already.
    if x.abs() < 4_503_599_627_370_496.0 {
        (x as i64) as f64
    } else {
        x
    }
}

/// Lanes the float loop keeps apart, so the compiler can use vector registers and no
/// accumulator waits on the one before it.
const LANES: usize = 16;

/// Per-lane accumulators of the float loop: only what changes for most values, so they stay in
/// registers; rarer events (NaN, infinities, overflow, a new largest relative error) are
/// flagged per block and counted again, value by value, for that block only.
struct Lanes {
    min: [f64; LANES],
    max: [f64; LANES],
    abs_err: [f64; LANES],
    changed: [u64; LANES],
}

impl Lanes {
    /// One value in lane `j`, without branches; returns (its relative error could be the
    /// largest yet — `rel_floor` is a hair below the largest, so no candidate is missed —,
    /// it is NaN, infinite or past the target's range).
    #[inline(always)]
    fn step(
        &mut self,
        j: usize,
        x: f64,
        conv: &impl Fn(f64) -> (f64, bool),
        rel_floor: f64,
    ) -> (bool, bool) {
        let ax = x.abs();
        let finite = ax < f64::INFINITY;
        let xf = if finite { x } else { f64::NAN };
        self.min[j] = if xf < self.min[j] { xf } else { self.min[j] };
        self.max[j] = if xf > self.max[j] { xf } else { self.max[j] };
        let (y, past) = conv(xf);
        let diff = finite & (y != xf);
        self.changed[j] += u64::from(diff);
        let err = if diff & (y.abs() < f64::INFINITY) {
            (y - xf).abs()
        } else {
            0.0
        };
        self.abs_err[j] = if err > self.abs_err[j] {
            err
        } else {
            self.abs_err[j]
        };
        (
            (err > rel_floor * ax) | ((ax < 1e-290) & (err > 0.0)),
            !finite | past,
        )
    }
}

/// Up to [`LANES`] values of the float loop.
#[inline(always)]
fn block(
    xs: &[f64],
    l: &mut Lanes,
    s: &mut Stats,
    rel_err: &mut f64,
    exact_checks: &mut bool,
    conv: &impl Fn(f64) -> (f64, bool),
) {
    let floor = *rel_err * 0.999_999;
    let (mut candidate, mut rare) = (false, false);
    for (j, &x) in xs.iter().enumerate() {
        let (c, r) = l.step(j, x, conv, floor);
        candidate |= c;
        rare |= r;
    }
    if rare {
        for &x in xs {
            s.nan += u64::from(x.is_nan());
            s.inf += u64::from(x.is_infinite());
            s.overflow += u64::from(x.is_finite() && conv(x).1);
        }
    }
    if candidate {
        for &x in xs.iter().filter(|x| x.is_finite() && **x != 0.0) {
            let y = conv(x).0;
            if y != x && y.is_finite() {
                let rel = (y - x).abs() / x.abs();
                if rel > *rel_err {
                    *rel_err = rel;
                }
            }
        }
    }
    // Integral / float16 / bfloat16 / float32 checks stop costing anything once all fail.
    if *exact_checks {
        for &x in xs.iter().filter(|x| x.is_finite()) {
            s.integral &= x == trunc(x);
            s.fits_f32 &= f64::from(x as f32) == x;
            s.fits_f16 &= f16::from_f64(x).to_f64() == x;
            s.fits_bf16 &= bf16::from_f64(x).to_f64() == x;
        }
        *exact_checks = s.integral || s.fits_f32 || s.fits_f16 || s.fits_bf16;
    }
}

/// The float-source loop, monomorphised per source width and target: `read` decodes one value,
/// `conv` gives the cast value (as f64) and whether it went past the target's range; NaN and
/// infinities are counted here and charged to the cast by `kind`.
#[inline(always)]
fn float_loop<const N: usize>(
    data: &[u8],
    read: impl Fn([u8; N]) -> f64,
    conv: impl Fn(f64) -> (f64, bool),
    kind: Kind,
) -> Stats {
    let mut s = Stats::new();
    let mut l = Lanes {
        min: [f64::INFINITY; LANES],
        max: [f64::NEG_INFINITY; LANES],
        abs_err: [0.0; LANES],
        changed: [0; LANES],
    };
    let mut rel_err = 0.0f64;
    let mut blocks = data.chunks_exact(N * LANES);
    let mut exact_checks = true;
    let mut xs = [0.0f64; LANES];
    for bytes in &mut blocks {
        for (x, b) in xs.iter_mut().zip(bytes.chunks_exact(N)) {
            let mut a = [0u8; N];
            a.copy_from_slice(b);
            *x = read(a);
        }
        block(&xs, &mut l, &mut s, &mut rel_err, &mut exact_checks, &conv);
    }
    let rest = blocks.remainder();
    let n = rest.len() / N;
    for (x, b) in xs.iter_mut().zip(rest.chunks_exact(N)) {
        let mut a = [0u8; N];
        a.copy_from_slice(b);
        *x = read(a);
    }
    block(
        &xs[..n],
        &mut l,
        &mut s,
        &mut rel_err,
        &mut exact_checks,
        &conv,
    );
    s.count = (data.len() / N) as u64;
    let min = l.min.iter().fold(f64::INFINITY, |m, &x| m.min(x));
    let max = l.max.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    if min <= max {
        s.min = Some(min);
        s.max = Some(max);
    }
    s.changed = l.changed.iter().sum();
    match kind {
        Kind::Float => {}
        Kind::Int => {
            s.changed += s.nan + s.inf;
            s.overflow += s.inf;
        }
        Kind::Bool | Kind::Saturate => s.changed += s.nan + s.inf,
        Kind::InfToNan => s.changed += s.inf,
    }
    s.max_abs_error = l.abs_err.iter().fold(0.0, |m, &x| m.max(x));
    s.max_rel_error = rel_err;
    s
}

#[inline(always)]
fn float_target<const N: usize>(data: &[u8], read: impl Fn([u8; N]) -> f64, t: Target) -> Stats {
    match t {
        Target::F64 => float_loop(data, read, |x| (x, false), Kind::Float),
        Target::F32 => float_loop(
            data,
            read,
            |x| {
                let y = f64::from(x as f32);
                (y, y.is_infinite())
            },
            Kind::Float,
        ),
        Target::F16 => float_loop(
            data,
            read,
            |x| {
                let y = f16::from_f64(x).to_f64();
                (y, y.is_infinite())
            },
            Kind::Float,
        ),
        Target::BF16 => float_loop(
            data,
            read,
            |x| {
                // ml_dtypes casts into bfloat16 through float32 (so it can round twice).
                let y = bf16::from_f32(x as f32).to_f64();
                (y, y.is_infinite())
            },
            Kind::Float,
        ),
        Target::Bool => float_loop(
            data,
            read,
            |x| (if x == 0.0 { 0.0 } else { 1.0 }, false),
            Kind::Bool,
        ),
        Target::Small(sf) => float_loop(
            data,
            read,
            move |x| sf.convert(x),
            match sf.overflow {
                Overflow::Infinity => Kind::Float,
                Overflow::Nan => Kind::InfToNan,
                Overflow::Saturate => Kind::Saturate,
            },
        ),
        Target::Int { bytes, signed } => {
            let (lo, hi) = int_range(bytes, signed);
            // Exact bounds as floats: every integer type's limits are ±2^k or 2^k - 1, and
            // trunc(x) is in range exactly when lo <= trunc(x) < hi + 1.
            let (lo, end) = (lo as f64, (hi + 1) as f64);
            float_loop(
                data,
                read,
                move |x| {
                    let t = trunc(x);
                    if t >= lo && t < end {
                        (t, false)
                    } else {
                        (f64::NAN, true)
                    }
                },
                Kind::Int,
            )
        }
    }
}

/// Scan one chunk, with the vector instructions this CPU has.
fn scan_chunk(data: &[u8], elem: Elem, big_endian: bool, target: Target) -> Stats {
    #[cfg(target_arch = "x86_64")]
    if let Some(stats) = x86_64_v3::scan_chunk(data, elem, big_endian, target) {
        return stats;
    }
    scan_chunk_portable(data, elem, big_endian, target)
}

/// The scan compiled a second time for x86-64-v3 (AVX2, FMA, F16C…), used when the CPU has it:
/// the baseline x86-64 target has only SSE2, which converts two doubles at a time. The code is
/// the same Rust (everything below `scan_chunk_portable` is inlined into it); LLVM never fuses
/// or reassociates float operations, so the results are the same bit for bit.
#[cfg(target_arch = "x86_64")]
mod x86_64_v3 {
    use super::{Elem, Stats, Target};

    fn available() -> bool {
        std::is_x86_feature_detected!("avx2")
            && std::is_x86_feature_detected!("fma")
            && std::is_x86_feature_detected!("bmi1")
            && std::is_x86_feature_detected!("bmi2")
            && std::is_x86_feature_detected!("lzcnt")
            && std::is_x86_feature_detected!("f16c")
            && std::is_x86_feature_detected!("popcnt")
    }

    #[target_feature(enable = "avx2,fma,bmi1,bmi2,lzcnt,f16c,popcnt")]
    fn scan_chunk_v3(data: &[u8], elem: Elem, big_endian: bool, target: Target) -> Stats {
        super::scan_chunk_portable(data, elem, big_endian, target)
    }

    /// `None` when this CPU lacks x86-64-v3.
    #[allow(unsafe_code)]
    pub fn scan_chunk(data: &[u8], elem: Elem, big_endian: bool, target: Target) -> Option<Stats> {
        if !available() {
            return None;
        }
        // SAFETY: `scan_chunk_v3` needs exactly the CPU features `available()` has just
        // detected; calling a `#[target_feature]` function is sound when the CPU has them.
        Some(unsafe { scan_chunk_v3(data, elem, big_endian, target) })
    }
}

#[inline(always)]
fn scan_chunk_portable(data: &[u8], elem: Elem, big_endian: bool, target: Target) -> Stats {
    match (elem, big_endian) {
        (Elem::F64, false) => float_target(data, f64::from_le_bytes, target),
        (Elem::F64, true) => float_target(data, f64::from_be_bytes, target),
        (Elem::F32, false) => float_target(data, |a| f64::from(f32::from_le_bytes(a)), target),
        (Elem::F32, true) => float_target(data, |a| f64::from(f32::from_be_bytes(a)), target),
        (Elem::F16, false) => float_target(data, |a| f16::from_le_bytes(a).to_f64(), target),
        (Elem::F16, true) => float_target(data, |a| f16::from_be_bytes(a).to_f64(), target),
        (Elem::BF16, false) => float_target(data, |a| bf16::from_le_bytes(a).to_f64(), target),
        (Elem::BF16, true) => float_target(data, |a| bf16::from_be_bytes(a).to_f64(), target),
        (Elem::Byte(t), _) => float_target(data, |a: [u8; 1]| t.values[usize::from(a[0])], target),
        (Elem::Bool | Elem::Int { .. }, _) => scan_values(data, elem, big_endian, target),
    }
}

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

/// Bytes per chunk: small enough that a chunk read by one worker is still in its cache when it
/// scans it; memory is one chunk per worker.
const CHUNK: usize = 1 << 20;

/// Stream `len` bytes of `elem` values from `offset` in `path` through the cast: each worker
/// reads the next chunk at its own position and scans it.
pub fn scan(
    path: &Path,
    offset: u64,
    len: u64,
    elem: Elem,
    big_endian: bool,
    target: Target,
) -> std::io::Result<Stats> {
    scan_with_progress(path, offset, len, elem, big_endian, target, &|_| {})
}

/// [`scan`], calling `progress` with the bytes scanned so far after each chunk.
pub fn scan_with_progress(
    path: &Path,
    offset: u64,
    len: u64,
    elem: Elem,
    big_endian: bool,
    target: Target,
    progress: &(dyn Fn(u64) + Sync),
) -> std::io::Result<Stats> {
    let file = File::open(path)?;
    let size = elem.size() as u64;
    let len = len - len % size;
    let chunk = (CHUNK as u64) - (CHUNK as u64) % size;
    let chunks = len.div_ceil(chunk);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(usize::try_from(chunks).unwrap_or(usize::MAX).max(1));
    let next = AtomicU64::new(0);
    let done = AtomicU64::new(0);
    let results: Vec<std::io::Result<Stats>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> std::io::Result<Stats> {
                    let mut acc = Stats::new();
                    let mut buf = vec![0u8; usize::try_from(chunk).unwrap_or(CHUNK)];
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= chunks {
                            break;
                        }
                        let start = i * chunk;
                        let n = usize::try_from(chunk.min(len - start)).unwrap_or(0);
                        let part = &mut buf[..n];
                        read_at(&file, part, offset + start)?;
                        acc.merge(&scan_chunk(part, elem, big_endian, target));
                        progress(done.fetch_add(n as u64, Ordering::Relaxed) + n as u64);
                    }
                    Ok(acc)
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
    for r in results {
        total.merge(&r?);
    }
    Ok(total)
}

/// Stream a deflated `.npz` member through the cast: inflate 1 MiB at a time (one thread;
/// inflating is the slow part), drop the `.npy` header, scan whole values as they come.
pub fn scan_deflated(
    path: &Path,
    member: crate::files::Deflated,
    len: u64,
    elem: Elem,
    big_endian: bool,
    target: Target,
    progress: &(dyn Fn(u64) + Sync),
) -> std::io::Result<Stats> {
    use miniz_oxide::inflate::stream::{InflateState, inflate};
    use miniz_oxide::{DataFormat, MZFlush, MZStatus};
    use std::io::{Read, Seek, SeekFrom};

    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(member.start))?;
    let mut reader = file.take(member.compressed);
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let size = elem.size();
    let mut input = vec![0u8; 1 << 16];
    let (mut pos, mut end, mut eof) = (0usize, 0usize, false);
    let mut buf = vec![0u8; CHUNK - CHUNK % size];
    let mut filled = 0usize;
    let mut skip = member.skip;
    let mut remaining = len - len % size as u64;
    let mut done = 0u64;
    let mut total = Stats::new();
    loop {
        if pos == end && !eof {
            end = reader.read(&mut input)?;
            pos = 0;
            eof = end == 0;
        }
        let flush = if eof { MZFlush::Finish } else { MZFlush::None };
        let r = inflate(&mut state, &input[pos..end], &mut buf[filled..], flush);
        pos += r.bytes_consumed;
        let mut fresh = r.bytes_written;
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
            total.merge(&scan_chunk(&buf[..usable], elem, big_endian, target));
            remaining -= usable as u64;
            done += usable as u64;
            progress(done);
            buf.copy_within(usable..filled, 0);
            filled -= usable;
            if remaining == 0 {
                return Ok(total);
            }
            if finished || stuck {
                return Err(bad("the deflated member ends before its data does"));
            }
        }
        if r.status.is_err() && r.bytes_written == 0 && r.bytes_consumed == 0 && !eof && pos < end {
            return Err(bad("the deflated member does not inflate"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bit patterns of every kind (normal, subnormal, zero, NaN, infinity) from a xorshift.
    fn bytes(n: usize, seed: u64) -> Vec<u8> {
        let mut x = seed;
        let mut out = Vec::with_capacity(n * 8);
        for i in 0..n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Every eighth value a standard-looking float64 near 1, so not everything is extreme.
            let v = if i % 8 == 0 {
                (1.0 + (x >> 11) as f64 / (1u64 << 53) as f64).to_bits()
            } else {
                x
            };
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// The fast rounding into ml_dtypes' small floats against the exact model of ml_dtypes'
    /// casts (`values::convert`, itself checked against ml_dtypes value by value).
    #[test]
    fn small_floats_round_as_ml_dtypes() {
        use crate::number::limits::{Convention, FloatLimits};
        use crate::number::{FloatFormat, Value};
        let mut inputs: Vec<f64> = vec![
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            5e-324,
            1e300,
            -1e300,
            3.5e38,
            448.0,
            464.0,
            470.0,
            480.0,
            57344.0,
            61440.0,
            7.5,
            7.75,
            6.0,
            7.0,
            28.0,
            30.0,
            15.5,
            15.75,
            240.0,
            248.0,
        ];
        for m in 1..=5 {
            for e in -20..=17 {
                for sign in [1.0, -1.0] {
                    let mid = (1.0 + 2f64.powi(-(m + 1))) * 2f64.powi(e);
                    inputs.extend(
                        [mid, mid + 2f64.powi(e - 30), mid - 2f64.powi(e - 30)].map(|v| v * sign),
                    );
                }
            }
        }
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Magnitudes around the small formats' ranges: 2^-40 to 2^20.
            let v = f64::from_bits((x & 0x800f_ffff_ffff_ffff) | ((983 + (x >> 52) % 60) << 52));
            inputs.push(v);
        }
        let mut checked = 0;
        for ml in crate::dtype::ML_TYPES.iter() {
            let crate::dtype::MlKind::Float { format, .. } = &ml.format else {
                continue;
            };
            let Some(sf) = SmallFloat::of(format) else {
                continue;
            };
            let limits = FloatLimits::new(*format, Convention::MlDtypes { min_precision: 1 });
            for &v in &inputs {
                let exact = crate::values::convert(
                    &FloatFormat::DOUBLE.decode(u128::from(v.to_bits())),
                    &limits,
                );
                let (got, _) = sf.convert(v);
                let fast = FloatFormat::DOUBLE.decode(u128::from(got.to_bits()));
                let same = match (&exact, &fast) {
                    (Value::NaN { .. }, Value::NaN { .. }) => true,
                    (Value::Infinite { negative: a }, Value::Infinite { negative: b }) => a == b,
                    (Value::Finite { .. }, Value::Finite { .. }) => {
                        exact.to_rational() == fast.to_rational()
                            && exact.is_negative() == fast.is_negative()
                    }
                    _ => false,
                };
                assert!(same, "{} of {v:e}: fast {got:e}, exact {exact:?}", ml.name);
            }
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} small formats");
    }

    #[test]
    #[cfg(target_arch = "x86_64")]
    fn the_avx2_build_answers_as_the_portable_one() {
        let data = bytes(20_011, 0x9e37_79b9_7f4a_7c15);
        let targets = [
            Target::F64,
            Target::F32,
            Target::F16,
            Target::BF16,
            Target::Bool,
            Target::Int {
                bytes: 1,
                signed: true,
            },
            Target::Int {
                bytes: 4,
                signed: false,
            },
            Target::Int {
                bytes: 8,
                signed: true,
            },
        ];
        let mut targets = targets.to_vec();
        let mut elems = vec![Elem::F64, Elem::F32, Elem::F16, Elem::BF16];
        for ml in crate::dtype::ML_TYPES.iter() {
            if let crate::dtype::MlKind::Float { format, .. } = &ml.format {
                targets.extend(SmallFloat::of(format).map(Target::Small));
                elems.extend(byte_table(format).map(Elem::Byte));
            }
        }
        assert!(targets.len() > 15 && elems.len() > 8);
        let mut compared = 0;
        for elem in elems {
            // Eight-bit formats: a few thousand bytes hold every encoding many times over.
            let data = if elem.size() == 1 {
                &data[..8192]
            } else {
                &data[..]
            };
            for big_endian in [false, true] {
                for &t in &targets {
                    let portable = scan_chunk_portable(data, elem, big_endian, t);
                    if let Some(v3) = x86_64_v3::scan_chunk(data, elem, big_endian, t) {
                        assert_eq!(
                            format!("{v3:?}"),
                            format!("{portable:?}"),
                            "{elem:?} {big_endian} {t:?}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        // On a CPU without AVX2 there is nothing to compare; say so rather than pass silently.
        if compared == 0 {
            eprintln!("no x86-64-v3 on this CPU: only the portable scan runs here");
        }
    }
}
