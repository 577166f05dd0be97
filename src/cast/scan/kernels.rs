//! The per-value work: what each value does under the cast, counted in lanes.

use super::elements::{Elem, decode_int};
use crate::cast::tolerance::Tolerance;
use half::{bf16, f16};

/// What a scan reads and checks: `len` bytes of `elem` values in the given byte order, cast to
/// `target`, each checked against `tolerance` when one is given.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub len: u64,
    pub elem: Elem,
    pub big_endian: bool,
    pub target: Target,
    pub tolerance: Option<Tolerance>,
}

/// What the scan found.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Elements scanned (the report's `elements`).
    pub count: u64,
    /// NaNs and infinities among them (`nan_count`, `inf_count`).
    pub nan: u64,
    pub inf: u64,
    /// A float array's finite extremes; `None` for an integer array or no finite value.
    pub float_range: Option<Extremes<f64>>,
    /// An integer array's extremes, exactly; `None` for a float array or no element.
    pub int_range: Option<Extremes<i128>>,
    /// Values the cast changes.
    pub changed: u64,
    /// Values past the target's range.
    pub overflow: u64,
    /// The largest `|stored − value|` and `|stored − value| / |value|` over changed values
    /// stored finite, in float64 (0 when none is).
    pub max_abs_error: f64,
    pub max_rel_error: f64,
    /// What the finite values ask of a type that is to hold them all.
    pub footprint: Footprint,
    /// Values outside the tolerance (`np.isclose` false), when one is given.
    pub exceeding: u64,
    /// The value furthest outside the tolerance (the first of equals).
    pub worst: Option<Witness>,
}

/// A value outside the tolerance: where it is, what it is, what the cast stores, and how far it
/// misses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Witness {
    /// Its flat index among the array's values (0-based, in the file's order).
    pub index: u64,
    pub value: Scalar,
    /// The value stored, as float64; NaN too for a value past an integer type's range, which
    /// numpy's conversion leaves undefined.
    pub stored: f64,
    /// `|stored − value| / (atol + rtol·|value|)`: more than 1; infinite for NaN, an infinity
    /// changed, a value stored as NaN or an infinity, or a bound of zero.
    pub severity: f64,
}

/// A value read from a file, exactly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Float(f64),
    Int(i128),
}

impl Witness {
    /// The witness, when `stored` for `value` (as float64: `exact`) is outside `tol`.
    #[inline]
    fn of(tol: Tolerance, index: u64, value: Scalar, exact: f64, stored: f64) -> Option<Witness> {
        if tol.close(stored, exact) {
            return None;
        }
        let bound = tol.atol + tol.rtol * exact.abs();
        let miss = (stored - exact).abs();
        let severity = if exact.is_finite() && miss.is_finite() && bound > 0.0 {
            miss / bound
        } else {
            f64::INFINITY
        };
        Some(Witness {
            index,
            value,
            stored,
            severity,
        })
    }

    /// The worse of two (the first of equals).
    fn worse(a: Witness, b: Witness) -> Witness {
        if b.severity > a.severity || (b.severity == a.severity && b.index < a.index) {
            b
        } else {
            a
        }
    }
}

impl Stats {
    pub(super) fn new() -> Stats {
        Stats::default()
    }

    pub(super) fn merge(&mut self, o: &Stats) {
        self.count += o.count;
        self.nan += o.nan;
        self.inf += o.inf;
        self.float_range = either(self.float_range, o.float_range, Extremes::widen);
        self.int_range = either(self.int_range, o.int_range, Extremes::widen);
        self.changed += o.changed;
        self.overflow += o.overflow;
        self.max_abs_error = self.max_abs_error.max(o.max_abs_error);
        self.max_rel_error = self.max_rel_error.max(o.max_rel_error);
        self.footprint.merge(&o.footprint);
        self.exceeding += o.exceeding;
        self.worst = either(self.worst, o.worst, Witness::worse);
    }

    /// Take in a value outside the tolerance, if `w` is one.
    #[inline]
    fn witness(&mut self, w: Option<Witness>) {
        if let Some(w) = w {
            self.exceeding += 1;
            self.worst = either(self.worst, Some(w), Witness::worse);
        }
    }

    /// Every value is a whole number (NaN and infinities are not).
    pub fn integral(&self) -> bool {
        self.nan == 0 && self.inf == 0 && self.footprint.lowest_bit >= 0
    }

    /// Some value is below zero (-0 is not; an infinity is counted apart, and every format
    /// with infinities has both).
    fn negative(&self) -> bool {
        self.float_range.is_some_and(|r| r.min < 0.0) || self.int_range.is_some_and(|r| r.min < 0)
    }

    /// `format` holds every value exactly: a NaN as a NaN, an infinity as itself, -0 as a zero
    /// (numpy finds them equal).
    pub fn held_exactly_by(&self, format: &crate::number::FloatFormat) -> bool {
        let f = &self.footprint;
        let specials = (self.nan == 0 || format.has_nan())
            && (self.inf == 0 || format.has_infinity())
            && (!f.zero || format.has_zero())
            && (!self.negative() || format.is_signed());
        if !specials {
            return false;
        }
        if f.significant_bits == 0 {
            // No finite value but zeros (or none at all).
            return true;
        }
        let lowest = format.smallest_subnormal().log2_exact();
        let largest = crate::number::FloatFormat::DOUBLE
            .decode(u128::from(f.largest.to_bits()))
            .to_rational();
        f.significant_bits <= format.precision_bits()
            && lowest.is_some_and(|q| i64::from(f.lowest_bit) >= q)
            && largest <= format.max_value().to_rational()
    }
}

/// Two extremes merged by `pick`, or the one there is.
/// The smallest and the largest of some values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extremes<T> {
    pub min: T,
    pub max: T,
}

impl<T: PartialOrd + Copy> Extremes<T> {
    /// The extremes of `range`'s values and `v`.
    pub fn with(range: Option<Extremes<T>>, v: T) -> Extremes<T> {
        let one = Extremes { min: v, max: v };
        range.map_or(one, |r| r.widen(one))
    }

    /// The extremes of both sets of values.
    fn widen(self, o: Extremes<T>) -> Extremes<T> {
        Extremes {
            min: if o.min < self.min { o.min } else { self.min },
            max: if o.max > self.max { o.max } else { self.max },
        }
    }
}

fn either<T>(a: Option<T>, b: Option<T>, pick: impl Fn(T, T) -> T) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(pick(a, b)),
        (a, b) => a.or(b),
    }
}

/// What a set of finite values asks of a float format that is to hold each of them exactly.
///
/// A finite non-zero x is m·2^e with m odd: it has `bits(m)` significant bits and its lowest set
/// bit is 2^e. A format of precision p (the leading bit included), smallest subnormal 2^q and
/// largest finite value M holds x iff bits(m) <= p, e >= q and |x| <= M: a normal x needs its
/// bits within p of its leading one, and then its lowest bit is at or above the normal range's
/// least (2^q) anyway; a subnormal x must lie on the grid of 2^q, and then it has fewer than p
/// bits anyway. Each condition bounds one number per value, so the largest bits(m), the
/// smallest e and the largest |x| decide for the whole set, and the summary merges exactly. A
/// value is whole iff e >= 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Footprint {
    /// The most significant bits of any finite non-zero value (0 when there is none).
    pub significant_bits: u32,
    /// The lowest set bit of any finite non-zero value, as a power of two (`i32::MAX` when
    /// there is none).
    pub lowest_bit: i32,
    /// The largest magnitude of a finite value (rounded to f64 only for an integer of more
    /// than 53 bits, which no format of 53 bits or fewer holds anyway, and which lies far
    /// inside the range of any wider one).
    pub largest: f64,
    /// Some value is a zero (of either sign).
    pub zero: bool,
}

impl Default for Footprint {
    fn default() -> Footprint {
        Footprint::new()
    }
}

/// How far the ladder's floats narrower than float64 reach: the footprint of float32's own
/// values (each of those floats holds only values float32 holds). Values whose footprint passes
/// it, and that are not all whole numbers, fit no rung before float64, so the scan stops
/// summing them up. `narrower_floats_reach_no_further` in `file.rs` checks this against the
/// ladder.
pub(super) const NARROW_REACH: Footprint = Footprint {
    significant_bits: f32::MANTISSA_DIGITS,
    lowest_bit: f32::MIN_EXP - f32::MANTISSA_DIGITS as i32,
    largest: f32::MAX as f64,
    zero: true,
};

impl Footprint {
    pub const fn new() -> Footprint {
        Footprint {
            significant_bits: 0,
            lowest_bit: i32::MAX,
            largest: 0.0,
            zero: false,
        }
    }

    /// Take in one value (NaN and infinities are counted elsewhere).
    #[inline(always)]
    pub(crate) fn add(&mut self, x: f64) {
        let bits = x.to_bits() & !(1u64 << 63);
        if bits >= 0x7ff0_0000_0000_0000 {
            return;
        }
        let magnitude = f64::from_bits(bits);
        if magnitude > self.largest {
            self.largest = magnitude;
        }
        let biased = bits >> 52;
        let fraction = bits & ((1u64 << 52) - 1);
        let significand = if biased == 0 {
            fraction
        } else {
            fraction | (1u64 << 52)
        };
        if significand == 0 {
            self.zero = true;
            return;
        }
        let trailing = significand.trailing_zeros();
        self.significant_bits = self
            .significant_bits
            .max(64 - significand.leading_zeros() - trailing);
        // x = significand · 2^(max(biased, 1) - 1075).
        let lowest = biased.max(1) as i32 - 1075 + trailing as i32;
        self.lowest_bit = self.lowest_bit.min(lowest);
    }

    /// Take in one integer.
    #[inline(always)]
    pub(crate) fn add_int(&mut self, v: i128) {
        let a = v.unsigned_abs();
        if a == 0 {
            self.zero = true;
            return;
        }
        let magnitude = a as f64;
        if magnitude > self.largest {
            self.largest = magnitude;
        }
        let trailing = a.trailing_zeros();
        self.significant_bits = self
            .significant_bits
            .max(128 - a.leading_zeros() - trailing);
        self.lowest_bit = self.lowest_bit.min(trailing as i32);
    }

    fn merge(&mut self, o: &Footprint) {
        self.significant_bits = self.significant_bits.max(o.significant_bits);
        self.lowest_bit = self.lowest_bit.min(o.lowest_bit);
        self.largest = self.largest.max(o.largest);
        self.zero |= o.zero;
    }

    /// Some type before float64 on the ladder could still hold every value seen: they are all
    /// whole (an integer type might), or within [`NARROW_REACH`].
    #[inline(always)]
    fn narrower_could_hold(&self) -> bool {
        self.lowest_bit >= 0
            || (self.significant_bits <= NARROW_REACH.significant_bits
                && self.lowest_bit >= NARROW_REACH.lowest_bit
                && self.largest <= NARROW_REACH.largest)
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

/// `v` wrapped into an integer type's range, as numpy's integer casts wrap it.
fn wrap(v: i128, bytes: u8, signed: bool) -> i128 {
    let (lo, _) = int_range(bytes, signed);
    let bits = u32::from(bytes) * 8;
    lo + (v - lo).rem_euclid(1i128 << bits)
}

/// What an integer cast stores, as float64 (for the tolerance): numpy's `astype` of `v`.
fn stored_int(v: i128, single: f32, target: Target) -> f64 {
    match target {
        Target::Int { bytes, signed } => wrap(v, bytes, signed) as f64,
        Target::Bool => f64::from(u8::from(v != 0)),
        Target::Small(sf) => sf.convert(f64::from(single)).0,
        Target::F16 => f16::from_f32(single).to_f64(),
        Target::BF16 => bf16::from_f32(single).to_f64(),
        Target::F32 => f64::from(single),
        Target::F64 => v as f64,
    }
}

/// Integer and bool sources, value by value, exactly; the first value is the array's `first`.
pub(super) fn scan_values(data: &[u8], plan: Plan, first: u64) -> Stats {
    let (elem, big_endian, target) = (plan.elem, plan.big_endian, plan.target);
    let mut s = Stats::new();
    for (i, b) in data.chunks_exact(elem.size()).enumerate() {
        s.count += 1;
        let v = decode_int(elem, big_endian, b);
        s.int_range = Some(Extremes::with(s.int_range, v));
        s.footprint.add_int(v);
        // An integer converts once, correctly rounded, to float32 and float64; numpy's
        // float16 and ml_dtypes' bfloat16 go through float32.
        let single = v as f32;
        if let Some(tol) = plan.tolerance {
            let stored = stored_int(v, single, target);
            let index = first + i as u64;
            s.witness(Witness::of(tol, index, Scalar::Int(v), v as f64, stored));
        }
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
    /// Values outside the tolerance (with `TOL`), an infinity kept as itself counted too.
    exceed: [u64; LANES],
}

/// What one value in a lane flags for the block.
struct Flags {
    /// Its relative error could be the largest yet.
    candidate: bool,
    /// It is NaN, infinite or past the target's range.
    rare: bool,
    /// It could be the worst outside the tolerance yet.
    miss: bool,
}

impl Lanes {
    /// One value in lane `j`, without branches. `rel_floor` is a hair below the largest
    /// relative error, and `miss_floor` below the worst severity (and 1 or more), so no
    /// candidate is missed. With `TOL`, `|stored − x| <= atol + rtol·|x|` is counted (numpy's
    /// `np.isclose` for a finite x; an infinite x counts as outside, for the block to correct).
    #[inline(always)]
    fn step<const TOL: bool>(
        &mut self,
        j: usize,
        x: f64,
        conv: &impl Fn(f64) -> (f64, bool),
        rel_floor: f64,
        (tol, miss_floor): (Tolerance, f64),
    ) -> Flags {
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
        let mut miss = false;
        if TOL {
            let bound = tol.atol + tol.rtol * ax;
            let d = (y - xf).abs();
            // NaN (an infinite x, a value stored as NaN) is outside.
            let within = d <= bound;
            self.exceed[j] += u64::from(!within);
            miss = d > bound * miss_floor;
        }
        Flags {
            candidate: (err > rel_floor * ax) | ((ax < 1e-290) & (err > 0.0)),
            rare: !finite | past,
            miss,
        }
    }
}

/// The float loop's state between blocks.
struct Run {
    l: Lanes,
    s: Stats,
    rel_err: f64,
    /// The footprint is still worth summing up.
    exact_checks: bool,
    /// Infinities the cast keeps as themselves: within the tolerance, though counted outside.
    kept_inf: u64,
    tol: Tolerance,
    /// The index of the next block's first value.
    next: u64,
}

/// Up to [`LANES`] values of the float loop.
#[inline(always)]
fn block<const TOL: bool>(xs: &[f64], r: &mut Run, conv: &impl Fn(f64) -> (f64, bool)) {
    let floor = r.rel_err * 0.999_999;
    let miss_floor = r.s.worst.map_or(1.0, |w| (w.severity * 0.999_999).max(1.0));
    let (mut candidate, mut rare, mut miss) = (false, false, false);
    for (j, &x) in xs.iter().enumerate() {
        let f = r.l.step::<TOL>(j, x, conv, floor, (r.tol, miss_floor));
        candidate |= f.candidate;
        rare |= f.rare;
        miss |= f.miss;
    }
    let s = &mut r.s;
    if rare {
        for &x in xs {
            s.nan += u64::from(x.is_nan());
            s.inf += u64::from(x.is_infinite());
            s.overflow += u64::from(x.is_finite() && conv(x).1);
            if TOL {
                r.kept_inf += u64::from(x.is_infinite() && conv(x).0 == x);
            }
        }
    }
    if TOL && (miss || rare) {
        for (k, &x) in xs.iter().enumerate() {
            let w = Witness::of(r.tol, r.next + k as u64, Scalar::Float(x), x, conv(x).0);
            if let Some(w) = w {
                s.worst = either(s.worst, Some(w), Witness::worse);
            }
        }
    }
    r.next += xs.len() as u64;
    if candidate {
        for &x in xs.iter().filter(|x| x.is_finite() && **x != 0.0) {
            let y = conv(x).0;
            if y != x && y.is_finite() {
                let rel = (y - x).abs() / x.abs();
                if rel > r.rel_err {
                    r.rel_err = rel;
                }
            }
        }
    }
    // The footprint stops costing anything once nothing before float64 on the ladder can hold
    // the values (it only ever grows, so what it says then stays true).
    if r.exact_checks {
        for &x in xs {
            s.footprint.add(x);
        }
        r.exact_checks = s.footprint.narrower_could_hold();
    }
}

/// The float-source loop, monomorphised per source width and target (and with or without a
/// tolerance, `TOL`): `read` decodes one value, `conv` gives the cast value (as f64) and whether
/// it went past the target's range; NaN and infinities are counted here and charged to the cast
/// by `kind`. The first value is the array's `first`.
#[inline(always)]
fn float_loop<const N: usize, const TOL: bool>(
    data: &[u8],
    read: impl Fn([u8; N]) -> f64,
    conv: impl Fn(f64) -> (f64, bool),
    kind: Kind,
    (tol, first): (Tolerance, u64),
) -> Stats {
    let mut r = Run {
        l: Lanes {
            min: [f64::INFINITY; LANES],
            max: [f64::NEG_INFINITY; LANES],
            abs_err: [0.0; LANES],
            changed: [0; LANES],
            exceed: [0; LANES],
        },
        s: Stats::new(),
        rel_err: 0.0,
        exact_checks: true,
        kept_inf: 0,
        tol,
        next: first,
    };
    let mut blocks = data.chunks_exact(N * LANES);
    let mut xs = [0.0f64; LANES];
    for bytes in &mut blocks {
        for (x, b) in xs.iter_mut().zip(bytes.chunks_exact(N)) {
            let mut a = [0u8; N];
            a.copy_from_slice(b);
            *x = read(a);
        }
        block::<TOL>(&xs, &mut r, &conv);
    }
    let rest = blocks.remainder();
    let n = rest.len() / N;
    for (x, b) in xs.iter_mut().zip(rest.chunks_exact(N)) {
        let mut a = [0u8; N];
        a.copy_from_slice(b);
        *x = read(a);
    }
    block::<TOL>(&xs[..n], &mut r, &conv);
    let (l, mut s) = (r.l, r.s);
    s.count = (data.len() / N) as u64;
    let min = l.min.iter().fold(f64::INFINITY, |m, &x| m.min(x));
    let max = l.max.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    if min <= max {
        s.float_range = Some(Extremes { min, max });
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
    s.max_rel_error = r.rel_err;
    if TOL {
        s.exceeding = l.exceed.iter().sum::<u64>() - r.kept_inf;
    }
    s
}

impl Target {
    /// One value through the cast, as the scan does it: the value stored (as f64; NaN for a
    /// value an integer type cannot take) and whether it went past the target's range.
    #[inline(always)]
    pub fn convert(self, x: f64) -> (f64, bool) {
        match self {
            Target::F64 => (x, false),
            Target::F32 => into_single(x),
            Target::F16 => into_half(x),
            Target::BF16 => into_bfloat16(x),
            Target::Bool => into_bool(x),
            Target::Small(sf) => sf.convert(x),
            Target::Int { bytes, signed } => into_int(int_bounds(bytes, signed), x),
        }
    }
}

#[inline(always)]
fn into_single(x: f64) -> (f64, bool) {
    let y = f64::from(x as f32);
    (y, y.is_infinite())
}

#[inline(always)]
fn into_half(x: f64) -> (f64, bool) {
    let y = f16::from_f64(x).to_f64();
    (y, y.is_infinite())
}

/// ml_dtypes casts into bfloat16 through float32 (so it can round twice).
#[inline(always)]
fn into_bfloat16(x: f64) -> (f64, bool) {
    let y = bf16::from_f32(x as f32).to_f64();
    (y, y.is_infinite())
}

#[inline(always)]
fn into_bool(x: f64) -> (f64, bool) {
    (if x == 0.0 { 0.0 } else { 1.0 }, false)
}

/// An integer type's range as floats, `[lo, end)`: every integer type's limits are ±2^k or
/// 2^k - 1, so these are exact, and trunc(x) is in range exactly when lo <= trunc(x) < end.
fn int_bounds(bytes: u8, signed: bool) -> (f64, f64) {
    let (lo, hi) = int_range(bytes, signed);
    (lo as f64, (hi + 1) as f64)
}

#[inline(always)]
fn into_int((lo, end): (f64, f64), x: f64) -> (f64, bool) {
    let t = trunc(x);
    if t >= lo && t < end {
        (t, false)
    } else {
        (f64::NAN, true)
    }
}

/// The float loop with a tolerance or without (then it costs nothing).
#[inline(always)]
fn float_loop_for<const N: usize>(
    data: &[u8],
    read: impl Fn([u8; N]) -> f64,
    conv: impl Fn(f64) -> (f64, bool),
    kind: Kind,
    (tolerance, first): (Option<Tolerance>, u64),
) -> Stats {
    match tolerance {
        Some(tol) => float_loop::<N, true>(data, read, conv, kind, (tol, first)),
        None => {
            let none = Tolerance {
                rtol: 0.0,
                atol: 0.0,
            };
            float_loop::<N, false>(data, read, conv, kind, (none, first))
        }
    }
}

/// Float sources into `t`, checked against `tolerance` when one is given; the first value is
/// the array's `first`.
#[inline(always)]
pub(super) fn float_target<const N: usize>(
    data: &[u8],
    read: impl Fn([u8; N]) -> f64,
    t: Target,
    check: (Option<Tolerance>, u64),
) -> Stats {
    match t {
        Target::F64 => float_loop_for(data, read, |x| (x, false), Kind::Float, check),
        Target::F32 => float_loop_for(data, read, into_single, Kind::Float, check),
        Target::F16 => float_loop_for(data, read, into_half, Kind::Float, check),
        Target::BF16 => float_loop_for(data, read, into_bfloat16, Kind::Float, check),
        Target::Bool => float_loop_for(data, read, into_bool, Kind::Bool, check),
        Target::Small(sf) => float_loop_for(
            data,
            read,
            move |x| sf.convert(x),
            match sf.overflow {
                Overflow::Infinity => Kind::Float,
                Overflow::Nan => Kind::InfToNan,
                Overflow::Saturate => Kind::Saturate,
            },
            check,
        ),
        Target::Int { bytes, signed } => {
            let bounds = int_bounds(bytes, signed);
            float_loop_for(data, read, move |x| into_int(bounds, x), Kind::Int, check)
        }
    }
}
