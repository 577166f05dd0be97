#!/usr/bin/env python3
"""Golden data for npmem: how a float64 value is rounded into each narrower float format.

Writes (relative to the repo root):
  tests/data/rounding.json -- for float16, float32, longdouble (numpy) and every ml_dtypes
                              float format: float64 bit patterns and the bit pattern of
                              np.array([x], dtype=np.float64).astype(T)

Run through scripts/golden/golden.sh (pins numpy==2.5.5, ml_dtypes==0.6.0), after golden.py and
golden_floats.py.

As in golden_floats.py, this process imports plain numpy only (float16, float32,
longdouble); everything that needs ml_dtypes runs in a child process (this script with
--ml) that answers with one JSON document on stdout.

Besides recording the cases, both processes check every answer against a model of
correct rounding (round to nearest, ties to even significand) applied either to x directly
('direct') or to x first rounded to float32 ('via_float32'), over the recorded cases, the
exhaustive sets of the <= 16-bit formats (every value, every midpoint, midpoint +- 1 ulp,
float32 edges, both signs) and a seeded random sample. The model rounds the float's
integer significand exactly; on every recorded case it is asserted to agree with a
Fraction-based reference. The results, and what each format does with NaN, inf, zero,
underflow, overflow and (e8m0fnu) negative input, go into meta.findings.

Output is deterministic: fixed seeds (random.Random, whose getrandbits/randint are stable
across Python versions), cases sorted by input pattern, no addresses or timings; the file
ends with a newline. Case lines are unindented and without spaces (one case per line) to
keep the file under ~6 MB.
"""

import json
import math
import os
import random
import struct
import sys
import warnings
from fractions import Fraction

from _common import DATA, dumps, meta_base, meta_member, record_lines, reply, run_self, write_text

# name, encoding bits, storage uint (numpy formats first, then ml_dtypes in brief order)
NP_FORMATS = [("float16", 16, "uint16"), ("float32", 32, "uint32"), ("longdouble", 80, None)]
ML_FORMATS = [
    ("bfloat16", 16, "uint16"), ("float8_e4m3fn", 8, "uint8"), ("float8_e5m2", 8, "uint8"),
    ("float8_e4m3fnuz", 8, "uint8"), ("float8_e5m2fnuz", 8, "uint8"),
    ("float8_e4m3b11fnuz", 8, "uint8"), ("float8_e3m4", 8, "uint8"),
    ("float8_e4m3", 8, "uint8"), ("float8_e8m0fnu", 8, "uint8"),
    ("float6_e2m3fn", 6, "uint8"), ("float6_e3m2fn", 6, "uint8"),
    ("float4_e2m1fn", 4, "uint8"),
]
SEEDS = {name: 7919 * (i + 1) + 20240601
         for i, (name, _, _) in enumerate(NP_FORMATS + ML_FORMATS)}

N_RANDOM_SMALL = 2000     # random float64 patterns in range, per <= 16-bit format
N_F32 = 20000             # float32: targeted + random
N_LD = 20000              # longdouble: targeted + random
N_CHECK = 100000          # extra random inputs checked (not recorded), per format
# float16 / bfloat16 sampling moduli k (index i kept if i % k in {0, k-1}, or among the
# 16 first/last); every positive midpoint is always kept
SAMPLE = {"values": 32, "negative values": 128, "negative midpoints": 128,
          "midpoints +- 1 ulp": 64, "negative midpoints +- 1 ulp": 256,
          "float32 edges": 128}

INF = math.inf
F64_SIGN = 1 << 63
# NaN patterns (positive; every one is also used negated): quiet, quiet with payloads,
# signalling with payloads at the bits that survive into float32 (>>29) / float16 (>>42)
NAN_PATTERNS = [0x7FF8000000000000, 0x7FF8000000000001, 0x7FFC000000000000,
                0x7FFA000000000000, 0x7FF8000020000000, 0x7FF8040000000000,
                0x7FFFFFFFFFFFFFFF, 0x7FF0000000000001, 0x7FF4000000000000,
                0x7FF0000020000000, 0x7FF0040000000000, 0x7FF0000000000400]


# ---------------------------------------------------------------------------
# float64 helpers (pure Python)
# ---------------------------------------------------------------------------


def f2b(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def b2f(p):
    return struct.unpack("<d", struct.pack("<Q", p))[0]


def up(x):
    return math.nextafter(x, INF)


def down(x):
    return math.nextafter(x, -INF)


def flog2(x):
    """floor(log2(x)) for a positive finite float."""
    return math.frexp(x)[1] - 1


def hexw(p, bits):
    return "0x%0*x" % ((bits + 3) // 4, p)


def ulp32(x):
    """float32 spacing at positive x (the gap above x when x is a float32 value)."""
    return math.ldexp(1.0, max(flog2(x), -126) - 23)


# ---------------------------------------------------------------------------
# the correct-rounding model (exact, Fraction-based)
# ---------------------------------------------------------------------------


class Model:
    """Target format for the rounding model. p = significand bits incl. the implicit one, emin = exponent of the smallest
    normal, max = largest finite value (a float), has_zero = False for e8m0fnu (nonzero
    results below the smallest value become the smallest value), signed = False for
    e8m0fnu."""

    def __init__(self, p, emin, fmax, has_zero=True, signed=True):
        self.p = p
        self.emin = emin
        self.max = fmax
        self.min = math.ldexp(1.0, emin - p + 1)
        self.has_zero = has_zero
        self.signed = signed


F32 = Model(24, -126, struct.unpack("<f", struct.pack("<I", 0x7F7FFFFF))[0])


def floor_log2_frac(fr):
    n, d = fr.numerator, fr.denominator
    e = n.bit_length() - d.bit_length()
    if (n if e >= 0 else n << -e) < (d << e if e >= 0 else d):
        e -= 1
    return e


def round_frac(ax, m):
    """Reference: positive float ax rounded to m's precision with Fractions (nearest,
    ties to even significand), unbounded above; may return 0 (underflow)."""
    fr = Fraction(ax)
    e = max(floor_log2_frac(fr), m.emin)
    qe = e - m.p + 1
    n, d = fr.numerator, fr.denominator
    if qe >= 0:
        d <<= qe
    else:
        n <<= -qe
    r, rem = divmod(n, d)
    if 2 * rem > d or (2 * rem == d and r & 1):
        r += 1
    return Fraction(r) * Fraction(2) ** qe


def round_int(ax, m):
    """The same rounding on the integer significand of the float (fast; exact): returns
    a float (every result is exactly a float64)."""
    mant, exp = math.frexp(ax)           # ax = mant * 2**exp, 0.5 <= mant < 1
    n = int(mant * (1 << 53))            # ax = n * 2**(exp - 53) exactly
    qe = max(exp - 1, m.emin) - m.p + 1  # exponent of the result's last place
    shift = qe - (exp - 53)
    if shift <= 0:
        return ax
    if shift > 60:
        return 0.0
    r = n >> shift
    rem = n & ((1 << shift) - 1)
    half = 1 << (shift - 1)
    if rem > half or (rem == half and r & 1):
        r += 1
    if r.bit_length() + qe > 1024:
        return INF  # rounded up past float64's range: beyond every target's max
    return math.ldexp(r, qe)


def classify(x, m, rounder=round_int):
    """('nan', neg) | ('inf', neg) | ('zero', neg) | ('underflow', neg) |
    ('overflow', neg) | ('val', neg, magnitude)."""
    if math.isnan(x):
        return ("nan", math.copysign(1.0, x) < 0)
    neg = math.copysign(1.0, x) < 0
    if math.isinf(x):
        return ("inf", neg)
    if x == 0:
        return ("zero", neg)
    r = rounder(abs(x), m)
    if r == 0:
        if m.has_zero:
            return ("underflow", neg)
        r = m.min
    if r > m.max:
        return ("overflow", neg)
    return ("val", neg, float(r))  # exact: every result <= max is a float64


def to_f32(x, rounder=round_int):
    """x rounded to float32 by the model (as a float)."""
    k = classify(x, F32, rounder)
    s = -1.0 if k[1] else 1.0
    if k[0] == "nan":
        return x
    if k[0] in ("inf", "overflow"):
        return s * INF
    if k[0] in ("zero", "underflow"):
        return s * 0.0
    return s * k[2]


E8M0_MIN = math.ldexp(1.0, -127)


def e8m0_via_f32_rule(x, m, rounder=round_int):
    """via float32, but float32 subnormals y in (2**-127, 2**-126) give 2**-126 (not
    the nearest, 2**-127) and those in (0, 2**-127] give 2**-127 (what ml_dtypes does)."""
    y = to_f32(x, rounder)
    if math.isfinite(y) and 0 < y < 2 * E8M0_MIN:
        return ("val", False, E8M0_MIN if y <= E8M0_MIN else 2 * E8M0_MIN)
    return classify(y, m, rounder)


class Checker:
    """Compares casts with the model applied to x ('direct') and to float32(x)
    ('via_float32'; e8m0fnu also with its float32-subnormal rule); tabulates what happens
    to NaN / inf / zero / underflow / overflow / negative inputs (classified by the
    direct model). With crossval=True, also asserts that the fast integer rounding
    agrees with the Fraction-based reference for that input."""

    def __init__(self, model, bits, e8m0_rule=False):
        self.m = model
        self.bits = bits
        self.n = 0
        self.models = {
            "direct": lambda x, r: classify(x, model, r),
            "via_float32": lambda x, r: classify(to_f32(x, r), model, r),
        }
        if e8m0_rule:
            self.models["via_float32_with_e8m0_subnormal_rule"] = \
                lambda x, r: e8m0_via_f32_rule(x, model, r)
        self.checked = {k: 0 for k in self.models}
        self.bad = {k: 0 for k in self.models}
        self.examples = {k: [] for k in self.models}
        self.behaviour = {}
        self.nan_map = {}
        self.crossval = 0

    def add(self, p_in, p_out, out_value, crossval=False):
        """out_value: the output as a float (exact), NaN/inf as such."""
        self.n += 1
        x = b2f(p_in)
        kinds = {}
        for name, fn in self.models.items():
            k = kinds[name] = fn(x, round_int)
            if crossval:
                assert fn(x, round_frac) == k, (name, hex(p_in))
            if k[0] == "val" and (self.m.signed or not k[1]):
                self.checked[name] += 1
                want = -k[2] if k[1] else k[2]
                if out_value != want:
                    self.bad[name] += 1
                    if len(self.examples[name]) < 6:
                        self.examples[name].append(
                            [hexw(p_in, 64), hexw(p_out, self.bits), repr(x),
                             repr(want), repr(out_value)])
        if crossval:
            self.crossval += 1
        kd = kinds["direct"]
        if kd[0] == "val" and (self.m.signed or not kd[1]):
            return
        if kd[0] == "nan":
            key = "nan-" if p_in & F64_SIGN else "nan+"
            self.nan_map[hexw(p_in, 64)] = hexw(p_out, self.bits)
        elif kd[0] == "val":
            key = "negative-"
        else:
            key = kd[0] + ("-" if kd[1] else "+")
        self.behaviour.setdefault(key, set()).add(hexw(p_out, self.bits))

    def summary(self, with_nan_inputs=True):
        out = {
            "models_without_mismatch": [k for k in self.models if not self.bad[k]],
            "inputs_checked": self.n,
            "crossvalidated_with_fractions": self.crossval,
            "model_value_cases": dict(self.checked),
            "model_mismatches": dict(self.bad),
            "mismatch_examples": {k: [list(e) for e in v]
                                  for k, v in self.examples.items() if v},
            "outcomes": {k: sorted(v) for k, v in sorted(self.behaviour.items())},
        }
        if with_nan_inputs:
            out["nan_inputs"] = dict(sorted(self.nan_map.items()))
        return out


# ---------------------------------------------------------------------------
# input generation
# ---------------------------------------------------------------------------


def both(xs):
    out = []
    for x in xs:
        out += [x, -x]
    return out


def f32_edges(mid):
    """inputs that float32 rounds onto the midpoint (or ties to its even neighbour)."""
    hu = ulp32(mid) / 2
    hd = ulp32(down(mid)) / 2
    return [down(mid + hu), mid + hu, up(mid - hd), mid - hd]


def common_specials():
    """format-independent float64 inputs (floats; negated too by the caller)."""
    f32max = float(F32.max)
    f32thr = f32max + math.ldexp(1.0, 103)
    xs = [0.0, INF, 1.0, up(1.0), down(1.0), 0.1, 1 / 3, 2 / 3, 1e10, 1e38, 1e39, 1e300,
          b2f(0x7FEFFFFFFFFFFFFF), b2f(1), b2f(0x000FFFFFFFFFFFFF), b2f(0x0010000000000000),
          f32max, up(f32max), down(f32thr), f32thr, up(f32thr), math.ldexp(1.0, 128),
          math.ldexp(1.0, -149), math.ldexp(1.0, -150), down(math.ldexp(1.0, -150)),
          up(math.ldexp(1.0, -150)), math.ldexp(1.0, -151), math.ldexp(1.0, -126),
          down(math.ldexp(1.0, -126)), up(math.ldexp(1.0, -126)), 1e-300,
          # float32 subnormals around 2**-127 (e8m0fnu's smallest value)
          math.ldexp(1.0, -127), down(math.ldexp(1.0, -127)), up(math.ldexp(1.0, -127)),
          math.ldexp(1.25, -127), math.ldexp(1.5, -127), down(math.ldexp(1.5, -127)),
          up(math.ldexp(1.5, -127)), math.ldexp(1.75, -127), math.ldexp(1.0, -128),
          math.ldexp(1.5, -128)]
    return both(xs)


def format_specials(fmax, nmant, min_sub, min_norm):
    ulp_top = math.ldexp(1.0, flog2(fmax) - nmant)
    thr = fmax + ulp_top / 2
    xs = [fmax, down(fmax), up(fmax), thr, down(thr), up(thr), fmax + ulp_top, 2 * fmax,
          4 * fmax, min_sub, down(min_sub), up(min_sub), min_sub / 2, down(min_sub / 2),
          up(min_sub / 2), min_sub / 4, min_sub * 0.75, min_sub * 0.25 * 3 / 2,
          min_norm, down(min_norm), up(min_norm), min_norm - min_sub / 2,
          down(min_norm - min_sub / 2), up(min_norm - min_sub / 2)]
    xs += f32_edges(thr)
    return both(xs)


def random_in_range(rng, n, lo_e, hi_e):
    """n random float64 patterns, random sign, binary exponent uniform in [lo_e, hi_e]."""
    out = []
    for _ in range(n):
        e = rng.randint(lo_e, hi_e)
        s = rng.getrandbits(1)
        mant = rng.getrandbits(52)
        if e < -1022:  # float64 subnormal: keep it simple, a random subnormal below 2**e
            out.append((s << 63) | (rng.getrandbits(52) >> (-1022 - e)))
        else:
            out.append((s << 63) | ((e + 1023) << 52) | mant)
    return out


def small_sets(pos_values, fmax, nmant, min_sub, min_norm, rng, exhaustive):
    """(recorded patterns, exhaustive check patterns) for a <= 16-bit format.

    pos_values: sorted distinct non-negative finite values of T (incl. 0.0). The
    'midpoints' include the overflow threshold (between max and max + top ulp).
    exhaustive: record everything (8-bit and narrower); otherwise (16-bit) record every
    positive midpoint and a documented sample of the rest."""
    ulp_top = math.ldexp(1.0, flog2(fmax) - nmant)
    # e8m0fnu has no zero: still use the midpoint between 0 and its smallest value
    ext = ([0.0] if pos_values[0] else []) + list(pos_values) + [fmax + ulp_top]
    mids = [(a + b) / 2 for a, b in zip(ext, ext[1:])]
    for a, b, m in zip(ext, ext[1:], mids):
        assert a < m < b and m - a == b - m, (a, b, m)
    nv, nm = len(pos_values), len(mids)

    def sampled(i, n, k):
        return i < 16 or i >= n - 16 or i % k == 0 or i % k == k - 1

    full, rec = [], []
    for i, v in enumerate(pos_values):
        full += both([v])
        if exhaustive or sampled(i, nv, SAMPLE["values"]):
            rec.append(v)
        if exhaustive or sampled(i, nv, SAMPLE["negative values"]):
            rec.append(-v)
    for i, m in enumerate(mids):
        near = [down(m), up(m)]
        edges = f32_edges(m)
        full += both([m] + near + edges)
        rec.append(m)
        if exhaustive:
            rec += [-m] + both(near + edges)
            continue
        if sampled(i, nm, SAMPLE["negative midpoints"]):
            rec.append(-m)
        if sampled(i, nm, SAMPLE["midpoints +- 1 ulp"]):
            rec += near
        if sampled(i, nm, SAMPLE["negative midpoints +- 1 ulp"]):
            rec += [-x for x in near]
        if sampled(i, nm, SAMPLE["float32 edges"]):
            rec += edges
    rec += common_specials() + format_specials(fmax, nmant, min_sub, min_norm)
    pats = set(f2b(x) for x in rec)
    pats |= set(p | s for p in NAN_PATTERNS for s in (0, F64_SIGN))
    lo_e = flog2(min_sub) - 3
    hi_e = flog2(fmax) + 1
    before = len(pats)
    while len(pats) < before + N_RANDOM_SMALL:
        pats.update(random_in_range(rng, 1, lo_e, hi_e))
    full_pats = sorted(set(f2b(x) for x in full) | pats)
    return sorted(pats), full_pats


def check_sample(rng, fmax, min_sub):
    """N_CHECK extra random inputs (not recorded): 80% in T's range, 20% any pattern."""
    out = random_in_range(rng, N_CHECK * 4 // 5, flog2(min_sub) - 3, flog2(fmax) + 1)
    out += [rng.getrandbits(64) for _ in range(N_CHECK - len(out))]
    return out


def gen_float32(rng):
    f32max = float(F32.max)
    rec = common_specials() + format_specials(f32max, 23, math.ldexp(1.0, -149),
                                              math.ldexp(1.0, -126))
    # every power of two of float32: the value, +-1 float64 ulp, and the midpoints just
    # above and just below it with +-1 ulp (negatives for every 4th exponent)
    for k in range(-149, 128):
        v = math.ldexp(1.0, k)
        ma = v + ulp32(v) / 2
        mb = v - ulp32(down(v)) / 2
        xs = [v, down(v), up(v), ma, down(ma), up(ma), mb, down(mb), up(mb)]
        rec += xs
        if k % 4 == 0:
            rec += [-x for x in xs]
    pats = set(f2b(x) for x in rec)
    pats |= set(p | s for p in NAN_PATTERNS for s in (0, F64_SIGN))
    # random float32 values (random sign, exponent -149..127 incl. subnormals): the
    # value, the midpoint above it, that midpoint +- 1 ulp
    for _ in range(2500):
        s = -1.0 if rng.getrandbits(1) else 1.0
        e = rng.randint(-150, 127)
        if e < -126:
            v = math.ldexp(float(rng.getrandbits(23) | 1), -149)
        else:
            v = math.ldexp(float((1 << 23) | rng.getrandbits(23)), e - 23)
        if v >= f32max:
            continue
        m = v + ulp32(v) / 2
        pats.update(f2b(s * x) for x in (v, m, down(m), up(m)))
    # the rest: random float64 patterns within float32's range
    while len(pats) < N_F32:
        pats.update(random_in_range(rng, 1, -152, 128))
    return sorted(pats)


def gen_longdouble(rng):
    rec = common_specials()
    for k in range(-1074, 1024):  # every float64 power of two, +-1 ulp
        v = math.ldexp(1.0, k)
        rec += [v, down(v), up(v)] + ([-v] if k % 4 == 0 else [])
    pats = set(f2b(x) for x in rec)
    pats |= set(p | s for p in NAN_PATTERNS for s in (0, F64_SIGN))
    # random: 40% any pattern, 40% |x| ~ [2**-40, 2**80], 20% float64 subnormal
    while len(pats) < N_LD:
        r = rng.random()
        if r < 0.4:
            pats.add(rng.getrandbits(64))
        elif r < 0.8:
            pats.update(random_in_range(rng, 1, -40, 80))
        else:
            s = rng.getrandbits(1)
            pats.add((s << 63) | (rng.getrandbits(52) >> rng.randint(0, 51)))
    return sorted(pats)


# ---------------------------------------------------------------------------
# casting (numpy or ml_dtypes)
# ---------------------------------------------------------------------------


def cast_cases(np, t, storage, bits, pats):
    """per-element np.array([x], dtype=np.float64).astype(T); returns (outs, warnings)."""
    src = np.array(pats, dtype=np.uint64).view(np.float64)
    outs, warned = [], []
    for i, p in enumerate(pats):
        x = src[i:i + 1].copy()
        assert int(x.view(np.uint64)[0]) == p
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            y = x.astype(t)
        if storage is None:  # longdouble: first 10 bytes, x87 80-bit
            o = int.from_bytes(y.tobytes()[:10], "little")
        else:
            o = int(y.view(storage)[0])
        assert 0 <= o < (1 << bits), (p, o)
        outs.append(o)
        for w in ws:
            warned.append([hexw(p, 64), "%s: %s" % (w.category.__name__, w.message)])
    # the same inputs cast as one array must give the same bits (no separate SIMD path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = src.astype(t)
    if storage is None:
        raw = y.tobytes()
        vec = [int.from_bytes(raw[16 * i:16 * i + 10], "little") for i in range(len(pats))]
    else:
        vec = [int(v) for v in y.view(storage)]
    return outs, warned, vec == outs


def warning_summary(pats, warned):
    """which recorded inputs warned: the overflow boundary in |x| and the NaN inputs."""
    by = {}
    for h, msg in warned:
        by.setdefault(msg, set()).add(int(h, 16))
    out = {}
    for msg, ps in sorted(by.items()):
        xs = [b2f(p) for p in ps]
        quiet = [(p >> 51) & 1 for p in ps if math.isnan(b2f(p))]
        rest = [p for p in pats if p not in ps]
        finite_rest = [abs(b2f(p)) for p in rest if math.isfinite(b2f(p))]
        fin = [abs(x) for x in xs if math.isfinite(x)]
        out[msg] = {
            "count": len(ps),
            "finite_inputs": len(fin),
            "smallest_abs_finite_input": repr(min(fin)) if fin else None,
            "largest_abs_finite_input_without_it": repr(max(finite_rest)) if fin else None,
            "infinite_inputs": sum(1 for x in xs if math.isinf(x)),
            "nan_inputs": len(quiet),
            "nan_inputs_all_signalling": bool(quiet) and not any(quiet),
            "signalling_nan_inputs_without_it": sum(
                1 for p in rest if math.isnan(b2f(p)) and not (p >> 51) & 1),
        }
    return out


def cast_vec(np, t, storage, pats):
    src = np.array(pats, dtype=np.uint64).view(np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [int(v) for v in src.astype(t).view(storage)]


def small_format(np, name, t, bits, storage, fi):
    """cases + checks for a <= 16-bit format T (numpy float16 or ml_dtypes)."""
    rng = random.Random(SEEDS[name])
    npat = 1 << bits
    allp = np.arange(npat, dtype=storage)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # float16 signalling NaNs warn when widened
        vals = allp.view(t).astype(np.float64)
    decode = [float(v) for v in vals]
    canon = {}
    for p in range(npat):
        v = decode[p]
        if math.isfinite(v) and v >= 0 and v not in canon:
            canon[v] = p
    pos = sorted(canon)
    fmax, nmant = float(fi.max), int(fi.nmant)
    min_sub = float(fi.smallest_subnormal)
    min_norm = float(fi.smallest_normal)
    assert pos[-1] == fmax and min_sub in pos[:2], (name, pos[:2], pos[-1])
    assert (pos[0] == 0.0) == (name != "float8_e8m0fnu")
    rec, full = small_sets(pos, fmax, nmant, min_sub, min_norm, rng, bits <= 8)
    outs, warned, vec_ok = cast_cases(np, t, storage, bits, rec)

    unsigned_no_zero = name == "float8_e8m0fnu"
    model = Model(nmant + 1, int(fi.minexp), fmax, has_zero=not unsigned_no_zero,
                  signed=not unsigned_no_zero)
    chk = Checker(model, bits, e8m0_rule=unsigned_no_zero)
    for p, o in zip(rec, outs):
        chk.add(p, o, decode[o], crossval=True)
    rec_summary = chk.summary()
    # exhaustive sets (both signs) and a random sample: cast as arrays
    extra = sorted(set(full) | set(check_sample(rng, fmax, min_sub)))
    ext_out = cast_vec(np, t, storage, extra)
    for p, o in zip(extra, ext_out):
        chk.add(p, o, decode[o])
    # every value round-trips exactly (cast(float64(v)) == v's canonical pattern)
    roundtrip_bad = [hexw(p, bits) for p, o in
                     zip(range(npat), cast_vec(np, t, storage,
                                               [f2b(v) for v in decode]))
                     if not math.isnan(decode[p]) and o != p]
    findings = {
        "recorded_cases": rec_summary,
        "all_checked": chk.summary(False),
        "warnings": warning_summary(rec, warned),
        "vector_cast_equals_per_element": vec_ok,
        "patterns_not_reproduced_by_cast_of_their_value": roundtrip_bad,
        "model": {"p": model.p, "emin": model.emin, "max": repr(fmax),
                  "has_zero": model.has_zero, "signed": model.signed},
    }
    return {"format": name, "bits": bits, "cases": list(zip(rec, outs)),
            "warnings": warned}, findings


def ml_main():
    import numpy as np
    import ml_dtypes

    out = {"ml_dtypes": ml_dtypes.__version__, "numpy": np.__version__, "formats": [],
           "findings": {}}
    for name, bits, storage in ML_FORMATS:
        t = getattr(ml_dtypes, name)
        fmt, fnd = small_format(np, name, t, bits, getattr(np, storage), ml_dtypes.finfo(t))
        fmt["cases"] = [[hexw(a, 64), hexw(b, bits)] for a, b in fmt["cases"]]
        out["formats"].append(fmt)
        out["findings"][name] = fnd
    reply(out)


# ---------------------------------------------------------------------------
# numpy formats (this process)
# ---------------------------------------------------------------------------


def nan_rule(pats, outs, bits):
    """numpy float16 / float32 NaN results vs. 'sign kept, payload = top mantissa bits'
    (float16: mant >> 42, forced to 1 if that is 0, not quieted; float32: mant >> 29
    with the quiet bit set, as the hardware does)."""
    bad, n = [], 0
    for p, o in zip(pats, outs):
        if not math.isnan(b2f(p)):
            continue
        n += 1
        mant = p & ((1 << 52) - 1)
        if bits == 16:
            want = ((p >> 63) << 15) | 0x7C00 | (mant >> 42 or 1)
        else:
            want = ((p >> 63) << 31) | 0x7F800000 | (1 << 22) | (mant >> 29)
        if o != want:
            bad.append([hexw(p, 64), hexw(o, bits)])
    rule = ("sign kept, exponent all ones, payload = float64 mantissa >> 42 (1 if that is "
            "0), signalling NaNs stay signalling" if bits == 16 else
            "sign kept, exponent all ones, quiet bit set, payload = float64 mantissa >> 29")
    return {"rule": rule, "nan_inputs": n, "violations": bad}


def float32_format(np):
    rng = random.Random(SEEDS["float32"])
    pats = gen_float32(rng)
    outs, warned, vec_ok = cast_cases(np, np.float32, np.uint32, 32, pats)

    def dec(o):
        return struct.unpack("<f", struct.pack("<I", o))[0]

    chk = Checker(F32, 32)
    for p, o in zip(pats, outs):
        chk.add(p, o, dec(o), crossval=True)
    rec_summary = chk.summary()
    extra = sorted(set(check_sample(rng, float(F32.max), math.ldexp(1.0, -149))))
    for p, o in zip(extra, cast_vec(np, np.float32, np.uint32, extra)):
        chk.add(p, o, dec(o))
    fi = np.finfo(np.float32)
    assert (int(fi.nmant) + 1, int(fi.minexp), float(fi.max)) == (24, -126, float(F32.max))
    findings = {"recorded_cases": rec_summary, "all_checked": chk.summary(False),
                "warnings": warning_summary(pats, warned),
                "nan_rule": nan_rule(pats, outs, 32),
                "vector_cast_equals_per_element": vec_ok,
                "model": {"p": 24, "emin": -126, "max": repr(float(F32.max)),
                          "has_zero": True, "signed": True}}
    return {"format": "float32", "bits": 32, "cases": list(zip(pats, outs)),
            "warnings": warned}, findings


def ld_value(o):
    """exact value of an 80-bit pattern: Fraction, or 'inf'/'-inf'/'nan'."""
    s, e, sig = o >> 79, (o >> 64) & 0x7FFF, o & ((1 << 64) - 1)
    if e == 0x7FFF:
        if sig & ((1 << 63) - 1):
            return "nan"
        return "-inf" if s else "inf"
    v = Fraction(sig) * Fraction(2) ** ((e if e else 1) - 16383 - 63)
    return -v if s else v


def longdouble_format(np):
    rng = random.Random(SEEDS["longdouble"])
    pats = gen_longdouble(rng)
    outs, warned, vec_ok = cast_cases(np, np.longdouble, None, 80, pats)
    fi = np.finfo(np.longdouble)
    assert int(fi.nmant) == 63 and int(fi.minexp) == -16382
    exact_bad, zero_sign_bad, canonical_bad, nan_map = [], [], [], {}
    nan_rule_bad = []
    for p, o in zip(pats, outs):
        x = b2f(p)
        s, e, sig = o >> 79, (o >> 64) & 0x7FFF, o & ((1 << 64) - 1)
        if ((sig >> 63) == 1) != (e != 0):
            canonical_bad.append(hexw(o, 80))
        if s != p >> 63:
            zero_sign_bad.append(hexw(p, 64))
        if math.isnan(x):
            nan_map[hexw(p, 64)] = hexw(o, 80)
            # rule: sign kept, exponent 0x7fff, integer bit + quiet bit set, the float64
            # payload (52 bits) shifted left by 11
            want = ((p >> 63) << 79) | (0x7FFF << 64) | (1 << 63) | (1 << 62) | \
                ((p & ((1 << 52) - 1)) << 11)
            if o != want:
                nan_rule_bad.append([hexw(p, 64), hexw(o, 80)])
            continue
        v = ld_value(o)
        want = ("inf" if x > 0 else "-inf") if math.isinf(x) else Fraction(x)
        if v != want:
            exact_bad.append([hexw(p, 64), hexw(o, 80)])
    findings = {
        "recorded_cases": {"inputs_checked": len(pats),
                           "value_not_exact": exact_bad,
                           "sign_not_kept": zero_sign_bad,
                           "non_canonical_outputs": canonical_bad,
                           "nan_rule_violations": nan_rule_bad,
                           "nan_inputs": dict(sorted(nan_map.items()))},
        "warnings": warning_summary(pats, warned),
        "nan_rule": ("sign kept, exponent 0x7fff, integer and quiet bits set, the 52-bit "
                     "payload shifted left by 11 (signalling NaNs are quieted); violations "
                     "listed in recorded_cases.nan_rule_violations"),
        "vector_cast_equals_per_element": vec_ok,
    }
    return {"format": "longdouble", "bits": 80, "cases": list(zip(pats, outs)),
            "warnings": warned}, findings


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------


def compact(x):
    return json.dumps(x, ensure_ascii=False, separators=(",", ":"))


def write_rounding(path, meta, formats):
    """{"meta": ..., "formats": [{"format", "bits", "cases": [case per line],
    "warnings": [warning per line]}, ...]}"""
    lines = ["{", meta_member(meta) + ",", ' "formats": [']
    for j, f in enumerate(formats):
        lines.append("  {\"format\": %s, \"bits\": %d, \"cases\": ["
                     % (dumps(f["format"]), f["bits"]))
        # one case per line, unindented and without spaces: the file must stay < ~6 MB
        lines += record_lines(f["cases"], "", compact)
        lines.append("  ], \"warnings\": [")
        lines += record_lines(f["warnings"], "", compact)
        lines.append("  ]}" + ("," if j + 1 < len(formats) else ""))
    lines.append(" ]")
    lines.append("}")
    write_text(path, "\n".join(lines) + "\n")


NOTE = (
    "formats: one object per target format T, in this order: numpy float16, float32, "
    "longdouble, then every ml_dtypes float format. bits = T's encoding bits. cases = "
    "[in_hex, out_hex], sorted by input pattern as an unsigned integer: in_hex = the "
    "float64 input's bit pattern, '0x' + 16 lowercase hex digits; out_hex = the bits of "
    "np.array([x], dtype=np.float64).astype(T) (one cast per input), '0x' + "
    "ceil(bits/4) lowercase hex digits: the uint16/uint32 view for float16/bfloat16/"
    "float32, the storage byte for float8/float6/float4 (always < 2**bits), and for "
    "longdouble the first 10 bytes of the 16-byte x87 extended value read as a "
    "little-endian 80-bit integer (sign + 15-bit exponent in the top 16 bits, then the "
    "64-bit significand with its explicit integer bit). warnings = [in_hex, "
    "'Category: message'] for every case whose cast warned (recorded, not raised; "
    "numpy's default errstate); inputs not listed did not warn. Inputs: every value of "
    "T, every midpoint between consecutive values (incl. the one between 0 and the "
    "smallest subnormal, and the overflow threshold max + half the top binade's ulp), "
    "the midpoints +- 1 float64 ulp and the four float64 values that float32 rounds onto "
    "a midpoint or that tie in float32 next to it ('float32 edges'), for both signs: all "
    "of them for the <= 8-bit formats; for float16 and bfloat16 every positive midpoint "
    "plus a sample of the rest (meta.selection). Plus specials (+-0, +-inf, 12 NaN "
    "patterns of each sign, 1e10, 1e38, 1e39, 1e300, float64 extremes, float32 max / "
    "overflow threshold / subnormals / 2**-150 and neighbours), T's max, overflow "
    "threshold and neighbours, smallest subnormal, its half, quarter, 3/4 and "
    "neighbours, smallest normal and neighbours, all negated too, and seeded random "
    "float64 patterns in T's range. float32: every float32 power of two with the "
    "midpoints next to it (+-1 ulp), random float32 values with the midpoint above "
    "(+-1 ulp), random float64 patterns in range. longdouble (every float64 is exact "
    "there): every float64 power of two +-1 ulp, NaN payloads, random patterns. "
    "meta.findings[T]: the casts checked against correct rounding (nearest, ties to even "
    "significand) of x ('direct') and of x rounded to float32 first ('via_float32'; "
    "e8m0fnu also with its float32-subnormal rule), over the recorded cases "
    "('recorded_cases', each also checked against a Fraction-based reference) and over "
    "those plus the exhaustive sets (<= 16-bit formats) and 100000 random inputs "
    "('all_checked'): model_value_cases = inputs the model sends to a finite value of "
    "T, model_mismatches = those where the cast differs (examples: [in_hex, out_hex, x, "
    "model, cast]). outcomes classify the other inputs by the direct model: nan+/nan- "
    "(input sign bit), inf+/-, zero+/- (input +-0), underflow+/- (rounds to 0), "
    "overflow+/- (rounds beyond max), negative- (e8m0fnu: a negative value); each "
    "lists the output patterns seen. warnings summarises which recorded inputs warned.")

SELECTION = {
    "float16/bfloat16": (
        "every positive midpoint (index i over the sorted midpoints, the last one being "
        "the overflow threshold); the rest for index i (over the sorted non-negative "
        "values, or the midpoints) with i < 16, i >= n - 16 or i %% k in {0, k - 1}, "
        "k = %s" % ", ".join("%d for %s" % (k, what) for what, k in SAMPLE.items())),
    "8-bit and narrower": ("every value, midpoint, midpoint +- 1 ulp and float32 edge, "
                           "both signs"),
    "random": ("%d random float64 patterns per <= 16-bit format (binary exponent uniform "
               "from floor(log2(smallest subnormal)) - 3 to floor(log2(max)) + 1, random "
               "sign and mantissa); float32 and longdouble are filled to %d / %d inputs"
               % (N_RANDOM_SMALL, N_F32, N_LD)),
}


def main():
    import numpy as np  # plain numpy only in this process: never import ml_dtypes here

    meta = meta_base(__file__)
    meta["longdouble"] = ("x87 80-bit extended (np.longdouble itemsize %d)"
                          % np.dtype(np.longdouble).itemsize)
    assert np.dtype(np.longdouble).itemsize == 16 and np.finfo(np.longdouble).nmant == 63

    ml = run_self(__file__, "--ml")
    assert ml["ml_dtypes"] == meta["ml_dtypes"] and ml["numpy"] == np.__version__

    formats, findings = [], {}
    f16, fnd = small_format(np, "float16", np.float16, 16, np.uint16, np.finfo(np.float16))
    formats.append(f16)
    fnd["nan_rule"] = nan_rule([a for a, _ in f16["cases"]], [b for _, b in f16["cases"]], 16)
    findings["float16"] = fnd
    for fn in (float32_format, longdouble_format):
        f, fnd = fn(np)
        formats.append(f)
        findings[f["format"]] = fnd
    for f in formats:
        f["cases"] = [[hexw(a, 64), hexw(b, f["bits"])] for a, b in f["cases"]]
    formats += ml["formats"]
    findings.update(ml["findings"])
    assert [f["format"] for f in formats] == [n for n, _, _ in NP_FORMATS + ML_FORMATS]

    meta.update({
        "counts": {f["format"]: len(f["cases"]) for f in formats},
        "warning_counts": {f["format"]: len(f["warnings"]) for f in formats},
        "note": NOTE,
        "selection": SELECTION,
        "findings": findings,
    })
    path = os.path.join(DATA, "rounding.json")
    write_rounding(path, meta, formats)
    print("rounding.json: %s" % ", ".join("%s %d" % (f["format"], len(f["cases"]))
                                            for f in formats))


if __name__ == "__main__":
    sys.set_int_max_str_digits(0)
    if len(sys.argv) == 2 and sys.argv[1] == "--ml":
        ml_main()
    else:
        main()
