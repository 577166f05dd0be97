#!/usr/bin/env python3
"""Golden data for npmem's float facts: finfo/iinfo and how float scalars print.

Writes (relative to the repo root):
  tests/data/finfo.json          -- np.finfo / np.iinfo / ml_dtypes.finfo / ml_dtypes.iinfo
                                    answers (every attribute, repr, str) and refusals
  tests/data/floatprint.json      -- str() and %-format of numpy float16 (all 65536 bit
                                     patterns) and float32 (chosen patterns) scalars
  tests/data/floatprint_wide.json -- the same for float64 (plus repr) and longdouble
                                     (x87 80-bit; str and repr)
  tests/data/floatprint_ml.json   -- str() / repr() / float() of every canonical bit pattern
                                     of every ml_dtypes float format
  (the three floatprint files share one schema; split only to keep each under ~6 MB)

Run through scripts/golden/golden.sh (pins numpy==2.5.5, ml_dtypes==0.6.0), after golden.py.

This process imports plain numpy only (npmem reproduces plain numpy); everything that
needs ml_dtypes runs in a child process (this script with --ml) that answers with one
JSON document on stdout.

Output is deterministic: fixed seeds (random.Random, whose getrandbits is stable across
Python versions), cases sorted by bit pattern, queries in list order, no addresses or
timings; every file ends with a newline.
"""

import os
import random
import sys
import warnings
from fractions import Fraction

from _common import (DATA, dumps, meta_base, meta_member, record_lines, reply, run_self,
                     write_lists, write_text)

# longdouble's exact fractions have ~4950-digit numerators/denominators
sys.set_int_max_str_digits(0)

FINFO_ATTRS = ["bits", "eps", "epsneg", "max", "min", "tiny", "smallest_normal",
               "smallest_subnormal", "resolution", "precision", "machep", "negep", "minexp",
               "maxexp", "nexp", "nmant", "iexp"]

NP_FINFO = ["float16", "float32", "float64", "longdouble", "complex64", "complex128",
            "clongdouble", "e", "f", "d", "g", "F", "D", "G", "half", "single", "double",
            "float128", "complex256", "f2", "f4", "f8", "f16", "c8", "c16", "c32", ">f8", "<f4",
            ">c16"]
NP_IINFO = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
            "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "p", "P", "n", "N", "long",
            "ulong", "intp", "uintp", "intc", "uintc", "short", "ushort", "byte", "ubyte",
            "longlong", "ulonglong", ">i4", "<u8", "int", "uint"]
NP_FINFO_REJECTS = ["int8", "uint8", "bool", "?", "U", "U5", "S3", "O", "M8", "m8[s]", "V4",
                    "f8,i4", "T"]
NP_IINFO_REJECTS = ["float64", "f4", "bool", "c16", "U3", "O", "M8"]

ML_FLOATS = [  # name, total bits, storage uint
    ("bfloat16", 16, "uint16"), ("float8_e4m3fn", 8, "uint8"), ("float8_e5m2", 8, "uint8"),
    ("float8_e4m3fnuz", 8, "uint8"), ("float8_e5m2fnuz", 8, "uint8"),
    ("float8_e4m3b11fnuz", 8, "uint8"), ("float8_e3m4", 8, "uint8"),
    ("float8_e4m3", 8, "uint8"), ("float8_e8m0fnu", 8, "uint8"),
    ("float6_e2m3fn", 6, "uint8"), ("float6_e3m2fn", 6, "uint8"),
    ("float4_e2m1fn", 4, "uint8"),
]
ML_FINFO = [n for n, _, _ in ML_FLOATS] + ["complex32", "bcomplex32"]
# numpy names through ml_dtypes.finfo: does the subclass change anything?
ML_FINFO_NP = ["float16", "float32", "float64", "longdouble"]
ML_IINFO = ["int1", "int2", "int4", "uint1", "uint2", "uint4",
            "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
ML_FINFO_REJECTS = ["int4"]
ML_IINFO_REJECTS = ["bfloat16", "float8_e4m3fn"]

# numpy's positional/scientific switch points (and 1e3, float16's upper one)
THRESHOLDS = ["1e-4", "1e3", "1e6", "1e16"]

N_F32 = 30000
N_F64 = 30000
N_LD = 10000

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def frac_str(fr):
    return "%d/%d" % (fr.numerator, fr.denominator)


def exact(v):
    """ints as ints; floats as the exact reduced fraction 'p/q' (negative: '-p/q')."""
    import numpy as np

    if isinstance(v, bool):
        raise TypeError("bool attribute %r" % (v,))
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, np.floating) and v.dtype.itemsize > 8:
        # np.longdouble: x87 80-bit; float() would round it
        return frac_str(Fraction(*v.as_integer_ratio()))
    f = float(v)
    # <= 64-bit numpy floats and all ml_dtypes scalars convert to double exactly
    if isinstance(v, np.floating):
        assert v.dtype.type(f) == v, (v, f)
    return frac_str(Fraction(f))


def describe_attr(v):
    return {"type": type(v).__name__, "str": str(v), "repr": repr(v), "exact": exact(v)}


def call_recorded(fn, q):
    """(result, None, warnings) or (None, exception, warnings)."""
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            r = fn(q)
            err = None
        except Exception as e:  # noqa: BLE001 - recording numpy's refusals
            r, err = None, e
    return r, err, ["%s: %s" % (w.category.__name__, w.message) for w in ws]


def finfo_record(q, call, source, fi, ws):
    attrs = {}
    for name in FINFO_ATTRS:
        attrs[name] = describe_attr(getattr(fi, name))
    rec = {"query": q, "source": source, "call": call, "dtype": str(fi.dtype),
           "repr": repr(fi), "str": str(fi), "attrs": attrs}
    if ws:
        rec["warnings"] = ws
    return rec


def iinfo_record(q, call, source, ii, ws):
    rec = {"query": q, "source": source, "call": call, "dtype": str(ii.dtype), "kind": ii.kind,
           "bits": int(ii.bits), "min": int(ii.min), "max": int(ii.max), "repr": repr(ii),
           "str": str(ii)}
    if ws:
        rec["warnings"] = ws
    return rec


def run_queries(out, call_name, source, fn, queries, is_finfo):
    """Accepted queries go to out['finfo'|'iinfo'], refused ones to out['rejects']."""
    for q in queries:
        r, err, ws = call_recorded(fn, q)
        if err is None:
            rec = (finfo_record if is_finfo else iinfo_record)(q, call_name, source, r, ws)
            out["finfo" if is_finfo else "iinfo"].append(rec)
        else:
            rec = {"query": q, "call": call_name, "error": type(err).__name__,
                   "message": str(err)}
            if ws:
                rec["warnings"] = ws
            out["rejects"].append(rec)


def hexw(p, bits):
    return "0x%0*x" % ((bits + 3) // 4, p)


# ---------------------------------------------------------------------------
# ml_dtypes side (child process)
# ---------------------------------------------------------------------------


def ml_main():
    import numpy as np
    import ml_dtypes

    out = {"finfo": [], "iinfo": [], "rejects": []}
    run_queries(out, "ml_dtypes.finfo", "ml_dtypes", ml_dtypes.finfo, ML_FINFO + ML_FINFO_NP,
                True)
    run_queries(out, "ml_dtypes.iinfo", "ml_dtypes", ml_dtypes.iinfo, ML_IINFO, False)
    run_queries(out, "ml_dtypes.finfo", "ml_dtypes", ml_dtypes.finfo, ML_FINFO_REJECTS, True)
    run_queries(out, "ml_dtypes.iinfo", "ml_dtypes", ml_dtypes.iinfo, ML_IINFO_REJECTS, False)

    # --- what the unused high bits of float6/float4 storage bytes do -------------
    high_bits = {}
    for name, bits, storage in ML_FLOATS:
        if bits == 8 * np.dtype(storage).itemsize:
            continue
        t = getattr(ml_dtypes, name)
        arr = np.arange(256, dtype=np.uint8).view(t)
        mag_mask = (1 << (bits - 1)) - 1
        rule_ok = True
        for p in range(256):
            canon = (p & mag_mask) | ((1 << (bits - 1)) if p > mag_mask else 0)
            if (str(arr[p]) != str(arr[canon])
                    or np.float64(arr[p]).tobytes() != np.float64(arr[canon]).tobytes()):
                rule_ok = False
        back = arr.astype(np.float32).astype(t).view(np.uint8)
        high_bits[name] = {
            "sign_if_any_bit_above_magnitude": rule_ok,
            "cast_back_is_canonical": bool((back < (1 << bits)).all()),
        }

    formats = {}
    for name, bits, storage in ML_FLOATS:
        t = getattr(ml_dtypes, name)
        pats = np.arange(1 << bits, dtype=np.dtype(storage))
        vals = pats.view(t)
        cases = []
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for p in range(1 << bits):
                v = vals[p]
                assert type(v) is t
                cases.append([hexw(p, bits), str(v), repr(v), repr(float(v))])
        formats[name] = {"bits": bits, "columns": ["hex", "str", "repr", "float_repr"],
                         "cases": cases}

    reply({"ml_dtypes": ml_dtypes.__version__, "numpy": np.__version__,
           "queries": out, "formats": formats, "high_bits": high_bits})


# ---------------------------------------------------------------------------
# bit-pattern sets for the numpy formats
# ---------------------------------------------------------------------------


class IEEE:
    def __init__(self, np, name, bits, ebits):
        self.np = np
        self.name = name
        self.bits = bits
        self.ebits = ebits
        self.mbits = bits - 1 - ebits
        self.sign = 1 << (bits - 1)
        self.emax = (1 << ebits) - 1
        self.bias = (1 << (ebits - 1)) - 1
        self.ftype = getattr(np, name)
        self.utype = getattr(np, "uint%d" % bits)

    def from_bits(self, pats):
        return self.np.array(pats, dtype=self.utype).view(self.ftype)

    def to_bits(self, v):
        return int(self.np.array([v], dtype=self.ftype).view(self.utype)[0])

    def make(self, s, e, m):
        return (s << (self.bits - 1)) | (e << self.mbits) | m

    def near(self, p, k):
        """patterns within k ulps of the positive finite pattern p (both signs)."""
        out = []
        inf = self.make(0, self.emax, 0)
        for d in range(-k, k + 1):
            q = p + d
            if 0 <= q < inf:
                out += [q, q | self.sign]
        return out


def gen_ieee(fmt, rng, target, near_k, pow10_k):
    """Bit patterns for a numpy IEEE format (float32 / float64), sorted."""
    np = fmt.np
    pats = []
    B = fmt.bits
    inf = fmt.make(0, fmt.emax, 0)
    qnan = fmt.make(0, fmt.emax, 1 << (fmt.mbits - 1))
    # specials: zeros, infinities, NaN payloads (quiet, signalling, all-ones; both signs)
    for p in [0, inf, qnan, qnan | 1, inf | 1, inf | ((1 << (fmt.mbits - 1)) - 1),
              inf | ((1 << fmt.mbits) - 1), inf | (1 << (fmt.mbits - 2))]:
        pats += [p, p | fmt.sign]
    # every power of two (normal and subnormal), both signs
    for i in range(fmt.mbits):
        pats += [1 << i, (1 << i) | fmt.sign]
    for e in range(1, fmt.emax):
        p = fmt.make(0, e, 0)
        pats += [p, p | fmt.sign]
    # extremes: largest/smallest normal and subnormal, a few ulps around each
    for p in [1, (1 << fmt.mbits) - 1, 1 << fmt.mbits, inf - 1]:
        pats += fmt.near(p, 4)
    # the print thresholds, within near_k ulps
    for x in THRESHOLDS:
        p = fmt.to_bits(fmt.ftype(x))
        if p < inf:
            pats += fmt.near(p, near_k)
    # every finite power of ten, within pow10_k ulps (positive only)
    for k in range(-330, 330):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            v = fmt.ftype("1e%d" % k)
        p = fmt.to_bits(v)
        if 0 < p < inf:
            pats += [q for q in fmt.near(p, pow10_k) if not q & fmt.sign]
    # integers 0..2000, and their negatives up to 100
    for n in range(0, 2001):
        pats.append(fmt.to_bits(fmt.ftype(n)))
    for n in range(1, 101):
        pats.append(fmt.to_bits(fmt.ftype(-n)))
    # integers around 2**mantissa (where positional printing shows all digits)
    for e in (fmt.mbits, fmt.mbits + 1):
        base = fmt.make(0, fmt.bias + e, 0)
        pats += fmt.near(base, 3)
    # random: half uniform over all patterns, half with |x| roughly in [1e-6, 1e20]
    seen = set(pats)
    lo = fmt.bias - 20
    hi = fmt.bias + 66
    while len(seen) < target:
        if rng.random() < 0.5:
            p = rng.getrandbits(B)
        else:
            p = fmt.make(rng.getrandbits(1), rng.randint(lo, hi), rng.getrandbits(fmt.mbits))
        seen.add(p)
    assert all(0 <= p < (1 << B) for p in seen)
    return sorted(seen)


# x87 80-bit extended in np.longdouble (16 bytes, little-endian, bytes 10.. are padding)

def ld_make(np, s, e, sig):
    b = sig.to_bytes(8, "little") + ((s << 15) | e).to_bytes(2, "little") + bytes(6)
    return np.frombuffer(b, dtype=np.longdouble)[0]


def ld_parts(v):
    b = v.tobytes()[:10]
    se = int.from_bytes(b[8:10], "little")
    return se >> 15, se & 0x7FFF, int.from_bytes(b[:8], "little")


def ld_key(s, e, sig):
    return (s << 79) | (e << 64) | sig


def ld_canonical(s, e, sig):
    return (sig >> 63) == (0 if e == 0 else 1)


def gen_longdouble(np, rng, target):
    J = 1 << 63  # explicit integer bit
    M = (1 << 64) - 1
    trip = []  # (s, e, sig)

    def both(e, sig):
        trip.append((0, e, sig))
        trip.append((1, e, sig))

    def near(v, k):
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            near_(v, k)

    def near_(v, k):
        v = np.longdouble(v)  # strings are parsed here, under errstate
        if not np.isfinite(v):
            return
        up = np.longdouble("inf")
        cur = v
        for _ in range(k):
            cur = np.nextafter(cur, -up)
        for _ in range(2 * k + 1):
            s, e, sig = ld_parts(cur)
            if e != 0x7FFF:
                both(e, sig)
            cur = np.nextafter(cur, up)

    # specials: zeros, infinities, NaNs (quiet, quiet+payload, all-ones, signalling)
    for e, sig in [(0, 0), (0x7FFF, J), (0x7FFF, J | (1 << 62)), (0x7FFF, J | (1 << 62) | 1),
                   (0x7FFF, M), (0x7FFF, J | 1), (0x7FFF, J | (1 << 61))]:
        both(e, sig)
    # powers of two: every subnormal one, every one with |exponent| <= 300, every 37th
    # exponent elsewhere, and the 16 largest/smallest normal exponents
    for i in range(63):
        both(0, 1 << i)
    for e in range(1, 0x7FFF):
        if abs(e - 16383) <= 300 or e % 37 == 0 or e <= 16 or e >= 0x7FFF - 16:
            both(e, J)
    # extremes: smallest/largest subnormal and normal, largest finite, a few ulps around
    for e, sig in [(0, 1), (0, J - 1), (1, J), (0x7FFE, M)]:
        near(ld_make(np, 0, e, sig), 4)
    # print thresholds and every power of ten in [1e-40, 1e40]
    for x in THRESHOLDS:
        near(x, 8)
    for k in range(-40, 41):
        near("1e%d" % k, 1)
    for k in list(range(-4951, -4900, 7)) + list(range(4900, 4933, 4)):
        near("1e%d" % k, 1)
    # integers 0..300 and around 2**64 (all 64 significand bits shown)
    for n in range(0, 301):
        s, e, sig = ld_parts(np.longdouble(n))
        trip.append((s, e, sig))
    near(np.ldexp(np.longdouble(1), 63), 3)
    near(np.ldexp(np.longdouble(1), 64), 3)

    seen = {}
    for t in trip:
        assert ld_canonical(*t) or t[1] == 0x7FFF, t
        seen[ld_key(*t)] = t
    # random: 50% uniform exponent, 35% |x| ~ [1e-10, 1e22], 15% subnormal
    while len(seen) < target:
        r = rng.random()
        s = rng.getrandbits(1)
        if r < 0.5:
            e = rng.randint(1, 0x7FFE)
            sig = J | rng.getrandbits(63)
        elif r < 0.85:
            e = rng.randint(16383 - 34, 16383 + 73)
            sig = J | rng.getrandbits(63)
        else:
            e = 0
            sig = rng.getrandbits(63) >> rng.randint(0, 62)
        seen[ld_key(s, e, sig)] = (s, e, sig)
    return [seen[k] for k in sorted(seen)]


def numpy_formats(np):
    formats = {}
    rng = random.Random(20240517)

    # float16: every pattern
    vals = np.arange(1 << 16, dtype=np.uint16).view(np.float16)
    cases = []
    for p in range(1 << 16):
        v = vals[p]
        cases.append([hexw(p, 16), str(v), "%12.5e" % v])
    formats["float16"] = {"bits": 16, "columns": ["hex", "str", "%12.5e"], "cases": cases}

    f32 = IEEE(np, "float32", 32, 8)
    pats = gen_ieee(f32, rng, N_F32, near_k=8, pow10_k=2)
    vals = f32.from_bits(pats)
    formats["float32"] = {"bits": 32, "columns": ["hex", "str", "%15.7e"],
                          "cases": [[hexw(p, 32), str(v), "%15.7e" % v]
                                    for p, v in zip(pats, vals)]}

    f64 = IEEE(np, "float64", 64, 11)
    pats = gen_ieee(f64, rng, N_F64, near_k=8, pow10_k=1)
    vals = f64.from_bits(pats)
    formats["float64"] = {"bits": 64, "columns": ["hex", "str", "%24.16e", "repr"],
                          "cases": [[hexw(p, 64), str(v), "%24.16e" % v, repr(v)]
                                    for p, v in zip(pats, vals)]}

    cases = []
    for s, e, sig in gen_longdouble(np, rng, N_LD):
        v = ld_make(np, s, e, sig)
        assert ld_parts(v) == (s, e, sig)
        cases.append([hexw(ld_key(s, e, sig), 80), str(v), repr(v)])
    formats["longdouble"] = {"bits": 80, "columns": ["hex", "str", "repr"], "cases": cases}

    # sanity: the patterns round-trip and every value is of the right scalar type
    assert all(type(v) is np.float16 for v in np.arange(4, dtype=np.uint16).view(np.float16))
    return formats


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------


def write_formats(path, meta, formats):
    """{"meta": ..., "formats": {NAME: {"bits", "columns", "cases": [case per line]}}}"""
    lines = ["{", meta_member(meta) + ",", ' "formats": {']
    names = list(formats)
    for j, name in enumerate(names):
        f = formats[name]
        lines.append("  %s: {\"bits\": %d, \"columns\": %s, \"cases\": ["
                     % (dumps(name), f["bits"], dumps(f["columns"])))
        lines += record_lines(f["cases"], "   ")
        lines.append("  ]}" + ("," if j + 1 < len(names) else ""))
    lines.append(" }")
    lines.append("}")
    write_text(path, "\n".join(lines) + "\n")


def main():
    import numpy as np  # plain numpy only in this process: never import ml_dtypes here

    base = meta_base(__file__)

    # ---- ml_dtypes answers from a child process ---------------------------
    ml = run_self(__file__, "--ml")
    assert ml["ml_dtypes"] == base["ml_dtypes"] and ml["numpy"] == np.__version__

    # ---- finfo / iinfo ------------------------------------------------------
    out = {"finfo": [], "iinfo": [], "rejects": []}
    run_queries(out, "np.finfo", "numpy", np.finfo, NP_FINFO, True)
    run_queries(out, "np.iinfo", "numpy", np.iinfo, NP_IINFO, False)
    run_queries(out, "np.finfo", "numpy", np.finfo, NP_FINFO_REJECTS, True)
    run_queries(out, "np.iinfo", "numpy", np.iinfo, NP_IINFO_REJECTS, False)
    for k in out:
        out[k] += ml["queries"][k]

    # the brief's exactness check for longdouble (x87 80-bit extended)
    ld = np.finfo(np.longdouble)
    assert Fraction(*ld.max.as_integer_ratio()) == (2 - Fraction(1, 2**63)) * 2**16383
    assert Fraction(*ld.smallest_subnormal.as_integer_ratio()) == Fraction(1, 2**16445)
    assert Fraction(*ld.smallest_normal.as_integer_ratio()) == Fraction(1, 2**16382)
    assert Fraction(*ld.eps.as_integer_ratio()) == Fraction(1, 2**63)

    expected_ok = (set(("np.finfo", q) for q in NP_FINFO)
                   | set(("np.iinfo", q) for q in NP_IINFO)
                   | set(("ml_dtypes.finfo", q) for q in ML_FINFO + ML_FINFO_NP)
                   | set(("ml_dtypes.iinfo", q) for q in ML_IINFO))
    surprises = ([[r["call"], r["query"]] for r in out["finfo"] + out["iinfo"]
                  if (r["call"], r["query"]) not in expected_ok]
                 + [[r["call"], r["query"]] for r in out["rejects"]
                    if (r["call"], r["query"]) in expected_ok])
    python_float_attrs = sorted(set(
        "%s(%s).%s" % (r["call"], r["query"], n)
        for r in out["finfo"] for n, a in r["attrs"].items() if a["type"] == "float"))
    n_warn = sum(1 for k in out for r in out[k] if "warnings" in r)

    meta = dict(base)
    meta.update({
        "counts": {k: len(v) for k, v in out.items()},
        "attrs": FINFO_ATTRS,
        "expected_ok_but_refused_or_expected_refused_but_ok": surprises,
        "python_float_attrs": python_float_attrs,
        "records_with_warnings": n_warn,
        "note": ("finfo: one record per (call, query) that returned; 'source' is numpy or "
                 "ml_dtypes and 'call' the function (np.finfo, ml_dtypes.finfo, ...). "
                 "attrs[NAME] = {type: type(v).__name__, str, repr, exact}; exact is the int "
                 "for ints, else the exact value as a reduced fraction 'p/q' ('-p/q', "
                 "integers 'p/1'): Fraction(float(v)) for <= 64-bit and ml_dtypes scalars "
                 "and Python floats, Fraction(*v.as_integer_ratio()) for np.longdouble. "
                 "iinfo: min/max are exact ints. rejects: the call raised; error = "
                 "type(e).__name__, message = str(e). Queries are strings. numpy calls "
                 "run without ml_dtypes imported; ml_dtypes calls in a process that "
                 "imported it. An optional 'warnings' list appears on a record only when "
                 "the call warned."),
    })
    write_lists(os.path.join(DATA, "finfo.json"), [meta_member(meta)],
                [("finfo", out["finfo"]), ("iinfo", out["iinfo"]), ("rejects", out["rejects"])])

    # ---- float printing -----------------------------------------------------
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np_formats = numpy_formats(np)
    files = [  # one schema, split only to keep each file under ~6 MB
        ("floatprint.json", {k: np_formats[k] for k in ("float16", "float32")}),
        ("floatprint_wide.json", {k: np_formats[k] for k in ("float64", "longdouble")}),
        ("floatprint_ml.json", ml["formats"]),
    ]
    all_files = {"tests/data/" + f: list(fm) for f, fm in files}
    np_note = ("formats[NAME] = {bits, columns, cases}; each case is a list in the order of "
               "'columns'. hex = the bit pattern, '0x' + ceil(bits/4) lowercase hex digits, "
               "zero-padded. float16/float32/float64 = the IEEE pattern (viewed from "
               "uint16/32/64); str = str(scalar); '%12.5e' etc. = Python %-formatting of "
               "the numpy scalar (which goes through float()); repr = repr(scalar). "
               "longdouble = x87 80-bit extended: hex is 20 digits, sign+15-bit exponent in "
               "the top 16 bits, then the 64-bit significand with its explicit integer bit "
               "(set iff exponent != 0; inf/NaN have exponent 0x7fff and the bit set); only "
               "canonical encodings. float16 has all 65536 patterns; the others have "
               "specials (NaN payloads of both signs), every power of two (longdouble: a "
               "subset), values within a few ulps of 1e-4/1e3/1e6/1e16 and of powers of "
               "ten, the extreme normals/subnormals, small integers and seeded random "
               "patterns. Cases are sorted by pattern (as an unsigned integer).")
    ml_note = ("Every canonical bit pattern of every ml_dtypes float format: "
               "np.arange(2**bits, dtype=uint8|uint16).view(ml_dtypes.NAME). Columns: hex "
               "('0x' + ceil(bits/4) hex digits), str(v), repr(v), repr(float(v)). "
               "float6/float4 live in the low bits of a uint8 storage byte; only patterns "
               "< 2**bits are listed. For the others (high_bits): ml_dtypes reads the "
               "magnitude from the low bits-1 bits and makes the value negative when ANY "
               "higher bit is set (so 0x10 in float4_e2m1fn is -0.0), and casting back "
               "stores the canonical pattern.")
    for fname, fmts in files:
        meta = dict(base)
        meta.update({
            "counts": {k: len(v["cases"]) for k, v in fmts.items()},
            "files": all_files,
            "note": ml_note if fname == "floatprint_ml.json" else np_note,
        })
        if fname == "floatprint_ml.json":
            meta["high_bits"] = ml["high_bits"]
        write_formats(os.path.join(DATA, fname), meta, fmts)

    print("finfo.json: %d finfo, %d iinfo, %d rejects (%d surprises); %s"
          % (len(out["finfo"]), len(out["iinfo"]), len(out["rejects"]), len(surprises),
             "; ".join("%s: %s" % (f, ", ".join("%s %d" % (k, len(v["cases"]))
                                                 for k, v in fm.items()))
                       for f, fm in files)))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--ml":
        ml_main()
    else:
        main()
