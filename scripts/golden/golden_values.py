#!/usr/bin/env python3
"""Golden data for npmem: storing decimal text (and Python floats / ints) into a dtype, and
np.sum of small float arrays.

Writes (relative to the repo root):
  tests/data/values.json -- three lists after "meta":
      parse:      one record per (dtype T, text s): what numpy stores for
                  np.array([s], dtype=T), np.array([s]).astype(T),
                  np.array([s], dtype=np.float64).astype(T), np.array([float(s)], dtype=T)
                  and, for integer T and integral s, np.array([int(s)], dtype=T) and the
                  wrapped np.array([int(s)], dtype=int64|uint64).astype(T); next to the
                  correctly rounded value of s in T (Fraction-based, round half to even)
      sum_inputs: one record per list of values (decimal texts; float(text) is the float64)
      sums:       one record per (list, T, input mode, call): np.sum / np.add.reduce /
                  ndarray.sum of np.array(values, dtype=T), with the exact sum and the
                  names of the summation models that reproduce numpy's answer

Run as `$VENV/bin/python scripts/golden/golden_values.py` from the repo root (pins
numpy==2.5.5, ml_dtypes==0.6.0 via scripts/golden/requirements.txt), e.g. through
scripts/golden/golden.sh.

As in golden_floats.py, this process imports plain numpy only (float16, float32, float64,
longdouble, the integer types); everything that needs ml_dtypes (bfloat16, float8_e4m3fn,
float8_e5m2) runs in a child process (this script with --ml) that reads the queries as
one JSON document on stdin and answers with one JSON document on stdout.

Warnings: every numpy call runs under warnings.catch_warnings(record=True) with
simplefilter("always") and numpy's default errstate; a warning does not change the
answer, it is recorded on the outcome ("warnings": ["Category: message", ...]).

Output is deterministic: fixed seeds (random.Random, whose random/randint/getrandbits are
stable across Python versions), inputs in generation order, no addresses or timings; the
file ends with a newline.
"""

import json
import math
import os
import random
import struct
import sys
import unicodedata
import warnings
from fractions import Fraction

from _common import DATA, meta_base, meta_member, reply, run_self, write_lists

# exact decimal expansions of longdouble extremes have ~16000 digits
sys.set_int_max_str_digits(0)

# ---------------------------------------------------------------------------
# target formats
# ---------------------------------------------------------------------------

# name: (p = significand bits incl. the leading one, emin, emax, exponent field bits,
#        max finite value (None: IEEE (2 - 2**(1-p)) * 2**emax), overflow result,
#        explicit integer bit, total encoding bits)
FLOATS = {
    "float16": (11, -14, 15, 5, None, "inf", False, 16),
    "float32": (24, -126, 127, 8, None, "inf", False, 32),
    "float64": (53, -1022, 1023, 11, None, "inf", False, 64),
    "longdouble": (64, -16382, 16383, 15, None, "inf", True, 80),
    "bfloat16": (8, -126, 127, 8, None, "inf", False, 16),
    # no infinities; exponent field 15 with mantissa 111 is NaN, so max = 1.75 * 2**8
    "float8_e4m3fn": (4, -6, 8, 4, Fraction(448), "nan", False, 8),
    "float8_e5m2": (3, -14, 15, 5, None, "inf", False, 8),
}
NP_FLOATS = ["float16", "float32", "float64", "longdouble"]
ML_FLOATS = ["bfloat16", "float8_e4m3fn", "float8_e5m2"]
INTS = {  # name: (bits, signed)
    "int8": (8, True), "int16": (16, True), "int32": (32, True), "int64": (64, True),
    "uint8": (8, False), "uint16": (16, False), "uint32": (32, False),
    "uint64": (64, False),
}
TARGETS = NP_FLOATS + ML_FLOATS + list(INTS)
SUM_TARGETS = ["float16", "float32", "float64", "longdouble", "bfloat16"]

SEED_PARSE = 20240711
SEED_SUMS = 20240712


class Fmt:
    def __init__(self, name):
        (self.p, self.emin, self.emax, self.ebits, fmax, self.overflow, self.explicit,
         self.bits) = FLOATS[name]
        self.name = name
        self.bias = 1 - self.emin
        self.max = fmax if fmax is not None else \
            (2 - Fraction(1, 2 ** (self.p - 1))) * Fraction(2) ** self.emax
        self.min_sub = Fraction(2) ** (self.emin - self.p + 1)
        self.min_norm = Fraction(2) ** self.emin

    def ulp(self, x):
        """spacing of the format at positive x (the gap above x if x is a value)."""
        return Fraction(2) ** (max(floor_log2(x), self.emin) - self.p + 1)


def floor_log2(fr):
    n, d = fr.numerator, fr.denominator
    e = n.bit_length() - d.bit_length()
    if (n if e >= 0 else n << -e) < (d << e if e >= 0 else d):
        e -= 1
    return e


def round_pos(x, fmt):
    """positive Fraction x rounded to fmt's precision (nearest, ties to even significand),
    unbounded above; may return 0."""
    qe = max(floor_log2(x), fmt.emin) - fmt.p + 1
    y = x / Fraction(2) ** qe
    r, rem = divmod(y.numerator, y.denominator)
    if 2 * rem > y.denominator or (2 * rem == y.denominator and r & 1):
        r += 1
    return r * Fraction(2) ** qe


# a model value: Fraction (finite; the sign of zero is not kept) or math.inf / -math.inf /
# math.nan


def round_val(x, fmt):
    if not isinstance(x, Fraction):
        return x
    if x == 0:
        return x
    r = round_pos(abs(x), fmt)
    if r > fmt.max:
        r = math.inf if fmt.overflow == "inf" else math.nan
    return r if x > 0 else -r


def add_val(a, b):
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a + b
    fa, fb = float(a), float(b)
    if isinstance(a, Fraction):
        fa = 0.0
    if isinstance(b, Fraction):
        fb = 0.0
    return fa + fb  # inf/nan arithmetic (inf + -inf = nan)


def val_str(x):
    if isinstance(x, Fraction):
        return frac_str(x)
    if math.isnan(x):
        return "nan"
    return "inf" if x > 0 else "-inf"


def frac_str(fr):
    return "%d/%d" % (fr.numerator, fr.denominator)


def hexw(p, bits):
    return "0x%0*x" % ((bits + 3) // 4, p)


def encode(fmt, neg, x):
    """bit pattern of the format value x (a non-negative Fraction that is a value of fmt,
    or math.inf); neg = sign bit."""
    s = (1 if neg else 0) << (fmt.bits - 1)
    mb = fmt.p - 1 if not fmt.explicit else fmt.p
    if x == math.inf:
        assert fmt.overflow == "inf"
        return s | (((1 << fmt.ebits) - 1) << mb) | ((1 << 63) if fmt.explicit else 0)
    if x == 0:
        return s
    e = max(floor_log2(x), fmt.emin)
    m = x / Fraction(2) ** (e - fmt.p + 1)
    assert m.denominator == 1, (fmt.name, x)
    m = m.numerator
    if m < (1 << (fmt.p - 1)):  # subnormal
        return s | m
    field = e + fmt.bias
    if not fmt.explicit:
        m -= 1 << (fmt.p - 1)
    return s | (field << mb) | m


def correct_float(fmt, val, neg):
    """{'class', 'bits', 'exact'} for the text's exact value val (Fraction, inf or nan);
    neg = the text's sign (kept for zeros)."""
    if not isinstance(val, Fraction):
        if math.isnan(val):
            return {"class": "nan", "bits": None, "exact": "nan"}
        if fmt.overflow != "inf":
            return {"class": "inf_to_nan", "bits": None, "exact": "nan"}
        return {"class": "inf", "bits": hexw(encode(fmt, neg, math.inf), fmt.bits),
                "exact": "-inf" if neg else "inf"}
    if val == 0:
        return {"class": "zero", "bits": hexw(encode(fmt, neg, Fraction(0)), fmt.bits),
                "exact": "0/1"}
    r = round_pos(abs(val), fmt)
    if r > fmt.max:
        if fmt.overflow == "inf":
            return {"class": "overflow", "bits": hexw(encode(fmt, neg, math.inf), fmt.bits),
                    "exact": "-inf" if neg else "inf"}
        return {"class": "overflow", "bits": None, "exact": "nan"}
    cls = "value" if r != 0 else "underflow"
    return {"class": cls, "bits": hexw(encode(fmt, neg, r), fmt.bits),
            "exact": frac_str(-r if neg else r)}


# ---------------------------------------------------------------------------
# decimal text
# ---------------------------------------------------------------------------


def text_value(s):
    """(value, neg) of the text under Python's float() grammar: value is a Fraction
    (exact), math.inf or math.nan; None if float(s) rejects it."""
    try:
        f = float(s)
    except ValueError:
        return None
    t = s.strip()
    neg = t.startswith("-")
    if math.isnan(f):
        return math.nan, neg
    body = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c
                   for c in t.replace("_", ""))
    try:
        fr = Fraction(body)
    except ValueError:
        assert math.isinf(f), s  # 'inf' / 'infinity' words
        return math.inf, neg
    return fr, neg


def sci(fr, nd=None):
    """exact decimal text of a Fraction with a finite decimal expansion ('-d.ddde-N' or
    plain when the exponent is small); with nd, the digits are cut to nd significant ones
    (truncated toward zero) and the cut flag is returned too."""
    neg = fr < 0
    fr = abs(fr)
    assert fr != 0
    d = fr.denominator
    a = (d & -d).bit_length() - 1
    b = 0
    while d % 5 == 0:
        d //= 5
        b += 1
    assert fr.denominator == (1 << a) * 5 ** b, "no finite decimal expansion"
    k = max(a, b)
    n = fr.numerator * 10 ** k // fr.denominator
    digits = str(n)
    exp10 = len(digits) - 1 - k  # value = d.ddd * 10**exp10
    cut = False
    if nd is not None and len(digits) > nd:
        cut = digits[nd:].strip("0") != ""
        digits = digits[:nd]
    digits = digits.rstrip("0") or "0"
    sign = "-" if neg else ""
    if -6 <= exp10 <= 25:
        if exp10 >= 0:
            if len(digits) <= exp10 + 1:
                txt = digits + "0" * (exp10 + 1 - len(digits))
            else:
                txt = digits[:exp10 + 1] + "." + digits[exp10 + 1:]
        else:
            txt = "0." + "0" * (-exp10 - 1) + digits
    else:
        txt = digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + "e%d" % exp10
    return (sign + txt, cut) if nd is not None else sign + txt


def exp10_of(fr):
    """floor(log10(|fr|)) for a nonzero Fraction."""
    fr = abs(fr)
    e = len(str(fr.numerator)) - len(str(fr.denominator))
    while Fraction(10) ** e > fr:
        e -= 1
    while Fraction(10) ** (e + 1) <= fr:
        e += 1
    return e


def near_texts(m, nd, binary_nudge=False):
    """texts for a positive Fraction m (a tie between two neighbours of a format):
    exact, m +- 10**(floor(log10 m) - 30), and m cut to nd significant digits below and
    above (one unit in the nd-th digit); with binary_nudge also m * (1 +- 2**-40) (exact
    float64 values that float32 would round back onto m)."""
    out = [("exact", sci(m))]
    nudge = Fraction(10) ** (exp10_of(m) - 30)
    out.append(("plus_1e-30rel", sci(m + nudge)))
    out.append(("minus_1e-30rel", sci(m - nudge)))
    if binary_nudge:
        out.append(("plus_2^-40rel", sci(m * (1 + Fraction(1, 2 ** 40)))))
        out.append(("minus_2^-40rel", sci(m * (1 - Fraction(1, 2 ** 40)))))
    unit = Fraction(10) ** (exp10_of(m) - nd + 1)
    txt, cut = sci(m, nd)
    lo = Fraction(txt)
    below = lo if cut else lo - unit
    out.append(("short_below", sci(below, nd)[0]))
    out.append(("short_above", sci(lo + unit, nd)[0]))
    return out


# ---------------------------------------------------------------------------
# inputs: the shared list and per-target lists
# ---------------------------------------------------------------------------

SHARED = [
    # the brief's list
    "16777217", "9007199254740993", "18446744073709551616", "9223372036854775808",
    "9223372036854775807", "-9223372036854775809", "-9223372036854775808",
    "300", "256", "-1", "-129", "1e400", "-1e400", "1e-400", "-1e-400",
    "inf", "-inf", "nan", "-nan", "+inf", "Infinity", "-0", "-0.0", "0.1", "1e-15",
    "1.80e308", "2049.0000000000001", "65519.99", "65520", "3.4028235677973366e38",
    "1e16", "123456789012345678901234567890", "0.5", "1.5", "2.5", "-2.5", "1_000", " 1 ",
    "0x10", "1e", "abc", "",
    # more integers (every integer type's edges) and integral texts
    "0", "1", "+5", "007", "127", "128", "-128", "255", "-255", "-256", "257", "32767",
    "32768", "-32768", "-32769", "65535", "65536", "2147483647", "2147483648",
    "-2147483648", "-2147483649", "4294967295", "4294967296", "18446744073709551615",
    "18446744073709551617", "-18446744073709551616", "100000000000000000000",
    "1e3", "1E5", "1e2", "1.0", "300.0", "-1.0", "1e19", "1e20", "2049", "2051", "65504",
    "65536.0", "1e10",
    # non-integral
    "-0.5", "-1.5", "0.49999999999999994", "255.9", "-0.9", "127.5", "-128.5", "1.1",
    "0.3", "2.5e-1", ".5", "5.", "-.5e-3", "1e-5",
    # spellings of special values
    "-Infinity", "infinity", "INF", "iNf", "NaN", "NAN", "+nan", "nan(123)", "+0", "0.0",
    "-0e10", "0e-1000",
    # whitespace, underscores, signs, other bases, unicode digits
    "\t2\n", " -3 ", "1\u00a0", "\u3000" "4", "1__0", "_1", "1_", "1_000.5", "1e1_0",
    "0b101", "0o17", "0x1p3", "0X1A", "\uff11\uff12", "\u0661\u0662", "\u0661.\u0665",
    # malformed
    " ", "1.2.3", "--1", "+-1", "1e+", ".", "e5", "1 2", "1,5", "1d5", "0x", "1e5.5",
    "inff", "nana", "\u2212" "1", "1e-", "+", "-",
    # float64 / float32 / float16 / float8 / longdouble edges written short
    "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
    "2.2250738585072014e-308", "1e308", "1.7976931348623157e308",
    "1.7976931348623158e308", "1.7976931348623159e308", "3.4028234663852886e38",
    "3.4028235677973367e38", "3.5e38", "1.4e-45", "7e-46", "7.1e-46", "1.1754943508222875e-38",
    "6e-8", "5.960464477539063e-08", "2.98e-8", "2.9802322387695312e-08",
    "2.9802322387695313e-08", "6.103515625e-05", "448", "464", "465", "480", "500",
    "57344", "61440", "61439", "61441", "1.2e4932", "1.18973149535723176502e4932",
    "1.18973149535723176508e4932", "1e4933", "3.6e-4951", "1.8e-4951", "1.9e-4951",
    "1e-4952", "1e-5000",
]


def float_texts(name, rng):
    """[(tag, text)] generated from the format's parameters."""
    fmt = Fmt(name)
    nd = 24 if fmt.p > 53 else 20
    out = []
    u1 = fmt.ulp(Fraction(1))

    bnudge = fmt.p <= 12  # m * (1 +- 2**-40) is still exact in float64

    def ties(tag, lo, hi, variants=True, negate=False):
        m = (lo + hi) / 2
        for vt, txt in (near_texts(m, nd, bnudge) if variants else [("exact", sci(m))]):
            out.append(("%s:%s" % (tag, vt), txt))
        if negate:
            out.append(("%s:exact_neg" % tag, sci(-m)))

    one = Fraction(1)
    ties("tie_1_up", one, one + u1, negate=True)              # -> 1 (even)
    ties("tie_1+ulp_up", one + u1, one + 2 * u1, negate=True)  # -> 1 + 2 ulp (even)
    ties("tie_below_1", one - u1 / 2, one)                    # -> 1 (even)
    # integers around 2**p (first integers that are ties)
    big = Fraction(2) ** fmt.p
    if big + 4 <= fmt.max:
        ties("tie_2^p+1", big, big + 2)
        ties("tie_2^p+3", big + 2, big + 4)
    # neighbours bracketing powers of ten
    for k in range(-300, 301):
        t = Fraction(10) ** k
        if not (fmt.min_norm < t < fmt.max / 2):
            continue
        if fmt.p > 24 and k not in (-30, -8, -3, -1, 1, 2, 5, 16, 22, 23, 30, 100) \
                and not (fmt.p == 53 and k in (-300, 300)):
            continue
        if fmt.p == 24 and k % 7 != 1:
            continue
        if fmt.p < 24 and k % 2:
            continue
        lo = round_pos(t, fmt)
        if lo > t:
            lo -= fmt.ulp(lo / 2) if lo == Fraction(2) ** floor_log2(lo) else fmt.ulp(lo)
        if lo == t:
            continue
        ties("tie_near_1e%d" % k, lo, lo + fmt.ulp(lo), variants=fmt.p >= 11)
    # random ties (random exponent, random significand)
    lo_e, hi_e = (fmt.emin, fmt.emax) if fmt.p <= 24 else (-70, 70)
    nrand = {3: 6, 4: 6, 8: 10, 11: 12}.get(fmt.p, 14)
    for i in range(nrand):
        e = rng.randint(lo_e, hi_e)
        m = (1 << (fmt.p - 1)) | rng.getrandbits(fmt.p - 1)
        if m == (1 << fmt.p) - 1:
            m -= 1
        v = Fraction(m) * Fraction(2) ** (e - fmt.p + 1)
        if v + fmt.ulp(v) > fmt.max:
            continue
        ties("tie_random%d" % i, v, v + fmt.ulp(v))
    # largest finite value, the overflow threshold (max + half ulp) and around them
    # (longdouble: 4933-digit integers and ~11500-digit subnormal expansions, so fewer)
    huge = fmt.p > 53
    mx, umx = fmt.max, fmt.ulp(fmt.max)
    out.append(("max", sci(mx)))
    if not huge:
        out.append(("max_neg", sci(-mx)))
    ties("tie_below_max", mx - umx, mx, variants=not huge)
    thr = mx + umx / 2
    for vt, txt in near_texts(thr, nd, bnudge):
        if not huge or vt in ("exact", "plus_1e-30rel", "minus_1e-30rel", "short_below"):
            out.append(("overflow_threshold:%s" % vt, txt))
    out.append(("overflow_threshold:exact_neg", sci(-thr)))
    out.append(("max+ulp", sci(mx + umx)))
    # subnormal boundaries
    s = fmt.min_sub
    out.append(("min_subnormal", sci(s)))
    if not huge:
        out.append(("min_subnormal_neg", sci(-s)))
    for vt, txt in near_texts(s / 2, nd, bnudge):
        if not huge or vt == "exact":
            out.append(("half_min_subnormal:%s" % vt, txt))
    out.append(("half_min_subnormal:exact_neg", sci(-s / 2)))
    ties("tie_min_sub_2min_sub", s, 2 * s, variants=not huge)       # -> 2 s (even)
    if not huge:
        ties("tie_max_sub_min_normal", fmt.min_norm - s, fmt.min_norm)  # -> min normal
        ties("tie_min_normal_up", fmt.min_norm, fmt.min_norm + s)    # -> min normal
        out.append(("min_normal", sci(fmt.min_norm)))
        out.append(("quarter_min_subnormal", sci(s / 4)))
    return out


def int_texts(name):
    bits, signed = INTS[name]
    lo = -(1 << (bits - 1)) if signed else 0
    hi = (1 << (bits - 1)) - 1 if signed else (1 << bits) - 1
    out = []
    for tag, n in [("min", lo), ("max", hi), ("min-1", lo - 1), ("max+1", hi + 1),
                   ("2^bits", 1 << bits), ("-2^bits", -(1 << bits)),
                   ("max+2^bits", hi + (1 << bits))]:
        out.append((tag, str(n)))
    out.append(("max_as_float_text", "%d.0" % hi))
    out.append(("max+0.5", "%d.5" % hi))
    out.append(("min-0.5", "%d.5" % lo if lo else "-0.5"))
    out.append(("max_sci", "%se%d" % (str(hi)[0] + "." + str(hi)[1:], len(str(hi)) - 1)))
    return out


def gen_parse_inputs():
    rng = random.Random(SEED_PARSE)
    cases = []  # (T, tag, text)
    for t in TARGETS:
        seen = set()
        gen = float_texts(t, rng) if t in FLOATS else int_texts(t)
        for tag, s in [("shared", s) for s in SHARED] + gen:
            if s in seen:
                continue
            seen.add(s)
            cases.append((t, tag, s))
    return cases


# ---------------------------------------------------------------------------
# numpy outcomes (run in this process for numpy types, in the child for ml_dtypes)
# ---------------------------------------------------------------------------


def describe(np, v):
    """{'bits', 'str', 'exact'} (floats) or {'bits', 'str', 'int'} (ints) of a scalar."""
    raw = np.asarray(v).tobytes()
    ld = v.dtype == np.dtype(np.longdouble)
    if ld:
        raw = raw[:10]
    out = {"bits": hexw(int.from_bytes(raw, "little"), 8 * len(raw)), "str": str(v)}
    if v.dtype.kind in "iu":
        out["int"] = int(v)
        return out
    f = float(v) if not ld else None
    if ld:
        if np.isnan(v):
            out["exact"] = "nan"
        elif np.isinf(v):
            out["exact"] = "inf" if v > 0 else "-inf"
        else:
            out["exact"] = frac_str(Fraction(*v.as_integer_ratio()))
    elif math.isnan(f):
        out["exact"] = "nan"
    elif math.isinf(f):
        out["exact"] = "inf" if f > 0 else "-inf"
    else:
        out["exact"] = frac_str(Fraction(f))
    return out


def outcome(np, fn):
    """the stored element of fn() (an array; [0]) or the error; warnings if any."""
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            arr = fn()
            r = describe(np, arr[0] if getattr(arr, "ndim", 0) else arr)
        except Exception as e:  # noqa: BLE001 - recording numpy's refusals
            r = {"error": type(e).__name__, "message": str(e)}
    if ws:
        r["warnings"] = ["%s: %s" % (w.category.__name__, w.message) for w in ws]
    return r


def parse_outcomes(np, T, tname, s):
    """every outcome for one (T, s) that numpy computes."""
    rec = {}
    rec["string"] = outcome(np, lambda: np.array([s], dtype=T))
    rec["str_astype"] = outcome(np, lambda: np.array([s]).astype(T))
    try:
        f = float(s)
    except ValueError:
        f = None
    if f is not None:
        rec["float64"] = outcome(np, lambda: np.array([f], dtype=T))
        rec["via_f64_array"] = outcome(np, lambda: np.array([s], dtype=np.float64).astype(T))
    if tname in INTS and f is not None:
        tv = text_value(s)
        if isinstance(tv[0], Fraction) and tv[0].denominator == 1:
            n = tv[0].numerator
            rec["int"] = outcome(np, lambda: np.array([n], dtype=T))
            src = np.int64 if n < 2 ** 63 else np.uint64
            try:
                base = np.array([n], dtype=src)
            except OverflowError:
                base = None
            if base is not None:
                rec["int_wrapped"] = outcome(np, lambda: base.astype(T))
    return rec


def sum_outcomes(np, T, jobs):
    """jobs: [(key, values or texts, op)] -> {key: outcome}. The array is made first
    (its warnings belong to the 'stored' job); only the call itself is recorded for the
    other ops."""
    ops = {
        "np.sum": lambda a: np.sum(a),
        "np.add.reduce": lambda a: np.add.reduce(a),
        "ndarray.sum": lambda a: a.sum(),
        "np.sum(a[::2])": lambda a: np.sum(a[::2]),
        "np.sum(a[::2].copy())": lambda a: np.sum(a[::2].copy()),
        "np.sum(a[::-1])": lambda a: np.sum(a[::-1]),
        "np.sum(a[::-1].copy())": lambda a: np.sum(a[::-1].copy()),
    }
    out = {}
    for key, vals, op in jobs:
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            try:
                a = np.array(vals, dtype=T)
                err = None
            except Exception as e:  # noqa: BLE001 - recording numpy's refusals
                a, err = None, {"error": type(e).__name__, "message": str(e)}
        if op == "stored":
            if err is not None:
                out[key] = err
                continue
            out[key] = {"stored": [describe(np, v)["exact"] for v in a],
                        "stored_bits": [describe(np, v)["bits"] for v in a]}
            if vals and isinstance(vals[0], float):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    b = np.array(vals, dtype=np.float64).astype(T)
                out[key]["same_as_astype"] = \
                    [describe(np, v)["bits"] for v in b] == out[key]["stored_bits"]
            if ws:
                out[key]["warnings"] = ["%s: %s" % (w.category.__name__, w.message)
                                        for w in ws]
            continue
        if err is not None:
            out[key] = err
            continue
        r = outcome(np, lambda a=a, f=ops[op]: f(a))
        if "error" not in r:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = ops[op](a)
            assert res.dtype == np.dtype(T), (res.dtype, T)
            assert np.ndim(res) == 0
        out[key] = r
    return out


def answer(np, types, query):
    """answers for the parse and sum queries whose dtype is in types."""
    res = {"parse": [], "sums": {}}
    for tname, s in query["parse"]:
        res["parse"].append(parse_outcomes(np, types[tname], tname, s))
    for tname, jobs in query["sums"].items():
        res["sums"][tname] = sum_outcomes(np, types[tname], jobs)
    return res


def ml_main():
    import numpy as np
    import ml_dtypes

    query = json.load(sys.stdin)
    types = {n: getattr(ml_dtypes, n) for n in ML_FLOATS}
    res = answer(np, types, query)
    res["numpy"] = np.__version__
    res["ml_dtypes"] = ml_dtypes.__version__
    reply(res)


# ---------------------------------------------------------------------------
# sums: inputs and models
# ---------------------------------------------------------------------------

BLOCK_LENGTHS = [7, 8, 9, 15, 16, 17, 127, 128, 129, 255, 256, 257, 1000, 5000]


def rand_text(rng, dist):
    if dist == "mixed":
        dist = rng.choice(["u", "u01", "d", "m"])
    if dist == "u":
        return repr(rng.uniform(-1.0, 1.0))
    if dist == "u01":
        return repr(rng.random())
    if dist == "d":  # short decimals (mostly not exact in binary), |x| < 10000
        m = rng.randint(1, 99999) * rng.choice([1, -1])
        return "%de-%d" % (m, rng.randint(1, 7))
    if dist == "m":  # mixed magnitudes, 7 significant digits, |x| < 1000
        return "%.6e" % (rng.uniform(-10.0, 10.0) * 10.0 ** rng.randint(-8, 2))
    raise ValueError(dist)


def gen_sum_inputs():
    rng = random.Random(SEED_SUMS)
    cases = []  # (id, desc, texts, extra_ops)

    def add(cid, desc, texts, ops=()):
        cases.append((cid, desc, list(texts), list(ops)))

    every = ["np.add.reduce", "ndarray.sum"]
    views = ["np.sum(a[::2])", "np.sum(a[::2].copy())", "np.sum(a[::-1])",
             "np.sum(a[::-1].copy())"]
    add("src_1_1e-15", "the source material: [1, 1e-15]", ["1", "1e-15"], every)
    add("src_1e-15_1", "reversed", ["1e-15", "1"])
    add("empty", "empty list", [], every)
    add("neg_zero_1", "[-0.0]", ["-0.0"], every)
    add("neg_zero_2", "[-0.0, -0.0]", ["-0.0", "-0.0"])
    add("neg_zero_9", "nine -0.0 (block branch)", ["-0.0"] * 9)
    add("neg_zero_pos_zero", "[-0.0, 0.0]", ["-0.0", "0.0"])
    add("cancel_1e16", "1e16 + 1 - 1e16", ["1e16", "1", "-1e16"], every)
    add("cancel_1e16_b", "1 + 1e16 - 1e16", ["1", "1e16", "-1e16"])
    add("cancel_1e100", "1e100 + 1 - 1e100 + 1", ["1e100", "1", "-1e100", "1"])
    add("cancel_1e8", "1e8 + 1 - 1e8", ["1e8", "1", "-1e8"])
    add("cancel_block", "1e16, 1 x 7, -1e16, then 1 x 7 (two accumulator lanes)",
        ["1e16"] + ["1"] * 7 + ["-1e16"] + ["1"] * 7, every)
    add("cancel_alternating", "(1e20, 1, -1e20, 1) x 32",
        ["1e20", "1", "-1e20", "1"] * 32, views)
    add("cancel_3_tiny", "3, 1e-8 x 100, -3", ["3"] + ["1e-8"] * 100 + ["-3"])
    add("tenth_x10", "0.1 x 10", ["0.1"] * 10, every)
    add("tenth_x100", "0.1 x 100", ["0.1"] * 100)
    add("tenth_x1000", "0.1 x 1000", ["0.1"] * 1000)
    add("tenths_0.1_0.2_0.3", "0.1 + 0.2 + 0.3", ["0.1", "0.2", "0.3"])
    add("f32_2^24_1_1", "2**24 + 1 + 1", ["16777216", "1", "1"], every)
    add("f32_2^24_1x8", "2**24 then 1 x 8", ["16777216"] + ["1"] * 8)
    add("f32_1x8_2^24", "1 x 8 then 2**24", ["1"] * 8 + ["16777216"])
    add("f32_2^24_1x16", "2**24 then 1 x 16", ["16777216"] + ["1"] * 16)
    add("f16_2048_1_1", "2048 + 1 + 1", ["2048", "1", "1"], every)
    add("f16_2048_1x9", "2048 then 1 x 9", ["2048"] + ["1"] * 9)
    add("f16_2048_1x200", "2048 then 1 x 200", ["2048"] + ["1"] * 200)
    add("bf16_256_1x8", "256 then 1 x 8", ["256"] + ["1"] * 8, every)
    add("bf16_1x8_256", "1 x 8 then 256", ["1"] * 8 + ["256"])
    add("f16_double_rounding", "2048 + 1 + 2**-24: float32 accumulator rounds to the "
        "float16 tie 2049", ["2048", "1", "5.9604644775390625e-08"], every)
    add("f16_order_128", "2048, 1, then 2**-14 x 126: pairwise keeps the small ones",
        ["2048", "1"] + ["6.103515625e-05"] * 126)
    add("f16_order_129", "2048, 1, then 2**-14 x 127",
        ["2048", "1"] + ["6.103515625e-05"] * 127)
    add("f16_60000x2", "60000 + 60000", ["60000", "60000"], every)
    add("f16_60000x2_minus", "60000 + 60000 - 60000", ["60000", "60000", "-60000"], every)
    add("f16_60000x8_minus", "60000 x 8, -60000 x 8",
        ["60000"] * 8 + ["-60000"] * 8)
    add("f16_65504_16", "65504 + 16 (float16 overflow threshold 65520)", ["65504", "16"])
    add("f16_65504_15.99", "65504 + 15.99", ["65504", "15.99"])
    add("f16_65504_8", "65504 + 8", ["65504", "8"])
    add("f16_32768x2", "32768 + 32768", ["32768", "32768"])
    add("f16_40000_30000_m10000", "40000 + 30000 - 10000", ["40000", "30000", "-10000"])
    add("f32_3e38x2_minus", "3e38 + 3e38 - 3e38", ["3e38", "3e38", "-3e38"], every)
    add("f32_max_x2", "3.4028234663852886e38 x 2", ["3.4028234663852886e38"] * 2)
    add("f64_1.7e308x2_minus", "1.7e308 + 1.7e308 - 1.7e308",
        ["1.7e308", "1.7e308", "-1.7e308"], every)
    add("inf_minus_inf", "inf + -inf", ["inf", "-inf"])
    add("inf_1", "inf + 1", ["inf", "1"])
    add("nan_1", "nan + 1", ["nan", "1"])
    add("tiny_f16", "1e-8 x 1000 (float16 zero/subnormal)", ["1e-8"] * 1000)
    add("subnormal_f16", "6e-8 x 10", ["6e-8"] * 10)
    add("ones_5000", "1 x 5000", ["1"] * 5000)
    add("ones_3000_f16", "1 x 3000 (float16: exceeds 2048)", ["1"] * 3000)
    add("half_x300", "0.5 x 300", ["0.5"] * 300)
    # random lists: every length 1..40, then every 7th, and 300
    for n in list(range(1, 41)) + list(range(41, 300, 7)) + [300]:
        dist = ["u", "d", "m", "mixed"][n % 4]
        ops = every if n in (5, 12, 33) else (views if n in (20, 97, 300) else [])
        add("rand_%d_%s" % (n, dist), "random, length %d, %s" % (n, dist),
            [rand_text(rng, dist) for _ in range(n)], ops)
    # lengths around the pairwise blocks (8 accumulators, blocks of <= 128 elements)
    for n in BLOCK_LENGTHS:
        for dist in (["u01", "mixed"] if n <= 1000 else ["u01"]):
            ops = (every + views) if n in (17, 129, 257, 1000) and dist == "u01" else []
            add("block_%d_%s" % (n, dist), "random, length %d, %s" % (n, dist),
                [rand_text(rng, dist) for _ in range(n)], ops)
    return cases


def pairwise(vals, acc):
    """numpy's @TYPE@_pairwise_sum (loops_utils.h.src) on model values, every addition
    rounded to the accumulator format acc."""
    def add(a, b):
        return round_val(add_val(a, b), acc)

    def pw(a):
        n = len(a)
        if n < 8:
            res = Fraction(0)
            for x in a:
                res = add(res, x)
            return res
        if n <= 128:
            r = list(a[:8])
            i = 8
            while i < n - (n % 8):
                for j in range(8):
                    r[j] = add(r[j], a[i + j])
                i += 8
            res = add(add(add(r[0], r[1]), add(r[2], r[3])),
                      add(add(r[4], r[5]), add(r[6], r[7])))
            while i < n:
                res = add(res, a[i])
                i += 1
            return res
        n2 = n // 2
        n2 -= n2 % 8
        return add(pw(a[:n2]), pw(a[n2:]))

    return pw(vals)


def pairwise_variant(vals, acc, block, lanes):
    """pairwise() with another block size / number of accumulators (lanes, a power of
    two; the lanes are combined as a balanced tree of adjacent pairs)."""
    def add(a, b):
        return round_val(add_val(a, b), acc)

    def pw(a):
        n = len(a)
        if n < lanes:
            res = Fraction(0)
            for x in a:
                res = add(res, x)
            return res
        if n <= block:
            r = list(a[:lanes])
            i = lanes
            while i < n - (n % lanes):
                for j in range(lanes):
                    r[j] = add(r[j], a[i + j])
                i += lanes
            while len(r) > 1:
                r = [add(r[k], r[k + 1]) for k in range(0, len(r), 2)]
            res = r[0]
            while i < n:
                res = add(res, a[i])
                i += 1
            return res
        n2 = n // 2
        n2 -= n2 % lanes
        return add(pw(a[:n2]), pw(a[n2:]))

    return pw(vals)


def sequential(vals, step):
    res = Fraction(0)
    for x in vals:
        res = step(res, x)
    return res


def sum_models(tname, vals):
    """{model name: model value} for the stored values vals (model values)."""
    fmt = Fmt(tname)
    f32 = Fmt("float32")
    acc = f32 if tname in ("float16", "bfloat16") else fmt
    out = {}
    pw = pairwise(vals, acc)
    # io1 (initial = the identity 0, in the accumulator type) += pairwise(all n)
    out["pairwise_identity"] = round_val(round_val(add_val(Fraction(0), pw), acc), fmt)
    if vals:
        pw1 = pairwise(vals[1:], acc)
        out["pairwise_first_as_initial"] = round_val(
            round_val(add_val(vals[0], pw1), acc), fmt)
    out["sequential_in_T"] = sequential(
        vals, lambda a, b: round_val(round_val(add_val(a, b), acc), fmt))
    out["sequential_acc_then_cast"] = round_val(
        sequential(vals, lambda a, b: round_val(add_val(a, b), acc)), fmt)
    tot = Fraction(0)
    for x in vals:
        tot = add_val(tot, x)
    out["correctly_rounded"] = round_val(tot, fmt)
    return out, tot


def model_value(exact_str):
    if exact_str == "nan":
        return math.nan
    if exact_str == "inf":
        return math.inf
    if exact_str == "-inf":
        return -math.inf
    return Fraction(exact_str)


def same_val(a, b):
    if isinstance(a, Fraction) or isinstance(b, Fraction):
        return isinstance(a, Fraction) and isinstance(b, Fraction) and a == b
    return (math.isnan(a) and math.isnan(b)) or a == b


# ---------------------------------------------------------------------------
# output: what meta says about the records
# ---------------------------------------------------------------------------


NOTE_PARSE = (
    "parse: one record per (dtype, text), dtypes in the order of meta.targets, texts "
    "per dtype: the shared list (tag 'shared', meta.shared_texts) then texts generated "
    "from the dtype's parameters (tag names what they are; a text already listed is not "
    "repeated). Fields: dtype; tag; text (the exact Python str passed in); "
    "float_text = float(text) as '0x' + 16 hex digits of the float64 pattern, or null "
    "when float(text) raises; correct; then one outcome per call. Outcomes: "
    "{bits, str, exact} for float dtypes, {bits, str, int} for integer dtypes, or "
    "{error: type(e).__name__, message: str(e)} when the call raised; plus 'warnings': "
    "['Category: message', ...] only when the call warned. bits = the stored element's "
    "raw bytes read as a little-endian unsigned integer, '0x' + 2 hex digits per byte "
    "(longdouble: the first 10 bytes, x87 80-bit: sign + 15-bit exponent, then the "
    "64-bit significand with its explicit integer bit); str = str(arr[0]); exact = the "
    "stored value as a reduced fraction 'p/q' ('-p/q'; -0.0 is '0/1', see bits), or "
    "'inf', '-inf', 'nan'; int = the stored integer. Calls: string = np.array([text], "
    "dtype=T); str_astype = np.array([text]).astype(T) (a '<U' array cast); float64 = "
    "np.array([float(text)], dtype=T) and via_f64_array = np.array([text], "
    "dtype=np.float64).astype(T) (both only when float(text) works); for integer T "
    "when the text's exact value is an integer n: int = np.array([n], dtype=T) (n a "
    "Python int) and int_wrapped = np.array([n], dtype=np.int64 if n < 2**63 else "
    "np.uint64).astype(T) (omitted when that int64/uint64 array cannot be made, i.e. n < "
    "-2**63 or n >= 2**64). correct (float T): the text's exact value (Python float() "
    "grammar: whitespace stripped, underscores dropped, unicode digits read as digits; "
    "null when float(text) raises) rounded to nearest, ties to even significand, with "
    "T's real parameters (meta.formats) and unbounded exponent range, then: beyond max "
    "-> class 'overflow' (+-inf, or nan for float8_e4m3fn, which has no infinity: "
    "ml_dtypes' non-saturating convention); nonzero rounding to 0 -> 'underflow' "
    "(signed zero); 'value'; 'zero' (text is +-0); 'inf' (text is an infinity; "
    "'inf_to_nan' for float8_e4m3fn); 'nan'. correct.bits is T's encoding (null for "
    "nan), correct.exact as above. double_rounded (float T): the same rounding applied "
    "to float(text) (the float64 value) instead of the text: what a parse through "
    "float64 gives. correct (integer T): {exact, integral, in_range} (in_range: "
    "integral and within T's range).")

NOTE_SUMS = (
    "sum_inputs: one record per list of values: id, desc, n, texts (decimal texts in "
    "plain or e-notation, or 'inf', '-inf', 'nan'; the float64 values are float(text), "
    "i.e. the correctly rounded binary64 value, what Rust's str::parse::<f64> gives). "
    "sums: one record per (list, dtype, input, op): input "
    "'float64' = np.array([float(t) for t in texts], dtype=T), 'text' = "
    "np.array(texts, dtype=T) (numpy dtypes only: ml_dtypes refuse text, recorded once "
    "for bfloat16 on the first list); op: 'np.sum' (every list), 'np.add.reduce', "
    "'ndarray.sum', 'np.sum(a[::2])' / 'np.sum(a[::2].copy())' (the elements at even "
    "indices, as a strided view and as a contiguous copy), 'np.sum(a[::-1])' / "
    "'np.sum(a[::-1].copy())' (reversed view / reversed copy); result = outcome "
    "({bits, str, exact} or {error, message}, 'warnings' when any); exact_sum = the "
    "exact sum of the stored elements that op adds (reduced fraction, 'inf', '-inf', "
    "'nan'); store_warnings (only when any) = the distinct warnings (in order of first "
    "appearance; numpy warns once per element) that np.array(values, dtype=T) itself "
    "gave (e.g. overflow to inf while storing), kept apart from the call's own "
    "warnings in result; matches = the names of the models (meta.sum_models) whose "
    "value equals result.exact (the sign of zero is not compared). The stored elements are not "
    "listed: for input 'float64' they are np.array(floats, dtype=np.float64).astype(T) "
    "(checked for every list: meta.findings.sum_float_input_stores_same_bits_as_astype); "
    "for input 'text' they are T's parse of each text (float16/float32/float64: "
    "float(text) then the cast; longdouble: the text correctly rounded, see the parse "
    "records).")

SUM_MODELS = {
    "pairwise_identity": (
        "numpy's pairwise sum (loops_utils.h.src: n < 8: res = -0.0, res += a[i] in "
        "order; 8 <= n <= 128: r[j] = a[j] for j < 8, r[j] += a[i+j] for each further "
        "full group of 8, res = ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then res += the "
        "n % 8 leftovers in order; n > 128: n2 = n//2 - (n//2) % 8, sum(a[:n2]) + "
        "sum(a[n2:])) over ALL n elements, each addition rounded to the accumulator "
        "(float32 for float16 and bfloat16, else T), then out = 0 (the identity, in the "
        "accumulator) + that, rounded to the accumulator and finally to T"),
    "pairwise_first_as_initial": (
        "as pairwise_identity, but out starts as a[0] and the pairwise sum runs over "
        "a[1:]"),
    "sequential_in_T": (
        "left to right, each addition rounded to the accumulator and then to T (for "
        "bfloat16: T(float32(a) + float32(b)), ml_dtypes' add)"),
    "sequential_acc_then_cast": (
        "left to right in the accumulator (float32 for float16/bfloat16), one final "
        "rounding to T"),
    "correctly_rounded": "the exact sum of the stored elements rounded once to T",
}


def main():
    import numpy as np  # plain numpy only in this process: never import ml_dtypes here

    assert np.dtype(np.longdouble).itemsize == 16 and np.finfo(np.longdouble).nmant == 63
    meta = meta_base(__file__)
    meta["longdouble"] = ("x87 80-bit extended (np.longdouble itemsize %d)"
                          % np.dtype(np.longdouble).itemsize)
    np_types = {n: getattr(np, n) for n in NP_FLOATS + list(INTS)}

    # ---- inputs ---------------------------------------------------------------
    parse_cases = gen_parse_inputs()
    sum_cases = gen_sum_inputs()

    def sum_jobs(tname):
        jobs = []
        for cid, _, texts, ops in sum_cases:
            floats = [float(t) for t in texts]
            modes = [("float64", floats)]
            if tname in NP_FLOATS or cid == sum_cases[0][0]:
                modes.append(("text", texts))
            for mode, vals in modes:
                for op in ["stored", "np.sum"] + ops:
                    jobs.append(("%s|%s|%s" % (cid, mode, op), vals, op))
        return jobs

    query_np = {"parse": [(t, s) for t, _, s in parse_cases if t in np_types],
                "sums": {t: sum_jobs(t) for t in SUM_TARGETS if t in np_types}}
    query_ml = {"parse": [(t, s) for t, _, s in parse_cases if t not in np_types],
                "sums": {t: sum_jobs(t) for t in SUM_TARGETS if t not in np_types}}

    # ---- ml_dtypes answers from a child process ---------------------------------
    ml = run_self(__file__, "--ml", query_ml)
    assert ml["ml_dtypes"] == meta["ml_dtypes"] and ml["numpy"] == np.__version__
    npa = answer(np, np_types, query_np)

    # ---- parse records -------------------------------------------------------------
    answers = iter(npa["parse"])
    ml_answers = iter(ml["parse"])
    parse = []
    for tname, tag, s in parse_cases:
        out = next(answers) if tname in np_types else next(ml_answers)
        tv = text_value(s)
        try:
            f = float(s)
            ftxt = hexw(struct.unpack("<Q", struct.pack("<d", f))[0], 64)
        except ValueError:
            f, ftxt = None, None
        rec = {"dtype": tname, "tag": tag, "text": s, "float_text": ftxt}
        if tname in FLOATS:
            fmt = Fmt(tname)
            rec["correct"] = correct_float(fmt, *tv) if tv else None
            if f is not None:
                fv = Fraction(f) if math.isfinite(f) else f
                rec["double_rounded"] = correct_float(fmt, fv, math.copysign(1, f) < 0)
            else:
                rec["double_rounded"] = None
        else:
            bits, signed = INTS[tname]
            lo = -(1 << (bits - 1)) if signed else 0
            hi = (1 << (bits - 1)) - 1 if signed else (1 << bits) - 1
            if tv is None:
                rec["correct"] = None
            else:
                v = tv[0]
                integral = isinstance(v, Fraction) and v.denominator == 1
                rec["correct"] = {"exact": val_str(v), "integral": integral,
                                  "in_range": integral and lo <= v <= hi}
        rec.update(out)
        parse.append(rec)

    # consistency: the encoder agrees with numpy wherever the values agree
    enc_checked = 0
    for r in parse:
        if r["dtype"] in FLOATS and r["correct"] and r["correct"]["bits"]:
            for k in ("string", "float64", "via_f64_array"):
                o = r.get(k)
                if o and "exact" in o and o["exact"] == r["correct"]["exact"] and \
                        o["exact"] not in ("0/1", "nan"):
                    assert o["bits"] == r["correct"]["bits"], (r["dtype"], r["text"], k)
                    enc_checked += 1

    # ---- parse findings ---------------------------------------------------------------
    def cmp_counts(key, ref, dtypes):
        """per dtype: how often outcome key has ref's exact value, and counterexamples."""
        res = {}
        for t in dtypes:
            n = same = 0
            diff = []
            for r in parse:
                if r["dtype"] != t or r.get(ref) is None or key not in r:
                    continue
                o = r[key]
                if "exact" not in o:
                    continue
                n += 1
                if o["exact"] == r[ref]["exact"]:
                    same += 1
                else:
                    diff.append(r["text"] if len(r["text"]) <= 60 else
                                r["text"][:40] + "...(%d chars)" % len(r["text"]))
            res[t] = {"compared": n, "equal": same, "differ": len(diff),
                      "differ_examples": diff[:12]}
        return res

    floats_all = NP_FLOATS + ML_FLOATS
    accepted = {}
    for t in TARGETS:
        acc, rej, errs = [], [], {}
        for r in parse:
            if r["dtype"] == t and r["tag"] == "shared":
                (acc if "error" not in r["string"] else rej).append(r["text"])
                if "error" in r["string"]:
                    e = r["string"]["error"]
                    errs[e] = errs.get(e, 0) + 1
        accepted[t] = {"accepts": len(acc), "refuses": len(rej), "error_types": errs}
        if t in NP_FLOATS:
            accepted[t]["refused_texts"] = rej
        elif t in INTS:
            accepted[t]["accepted_texts"] = acc
    str_vs_astype = {}
    for t in TARGETS:
        d = []
        for r in parse:
            if r["dtype"] != t:
                continue
            a, b = r["string"], r["str_astype"]
            if a.get("bits") != b.get("bits") or a.get("error") != b.get("error"):
                d.append(r["text"])
        str_vs_astype[t] = {"differ": len(d), "examples": d[:10]}
    float64_vs_array = {}
    for t in TARGETS:
        d = [r["text"] for r in parse if r["dtype"] == t and "float64" in r
             and r["float64"] != {k: v for k, v in r["via_f64_array"].items()}]
        float64_vs_array[t] = {"differ": len(d), "examples": d[:10]}
    findings = {
        "string_vs_correct": cmp_counts("string", "correct", NP_FLOATS),
        "string_vs_double_rounded": cmp_counts("string", "double_rounded", NP_FLOATS),
        "via_f64_array_vs_double_rounded": cmp_counts("via_f64_array", "double_rounded",
                                                      floats_all),
        "via_f64_array_vs_correct": cmp_counts("via_f64_array", "correct", floats_all),
        "shared_texts_accepted_by_string": accepted,
        "string_vs_str_astype_outcomes_differ": str_vs_astype,
        "float64_vs_via_f64_array_outcomes_differ": float64_vs_array,
        "encoder_checked_against_numpy_bits": enc_checked,
    }
    # ml_dtypes: direct rounding of the float64 value vs rounding through float32, for the
    # array cast (via_f64_array) and for storing a Python float (float64)
    f32 = Fmt("float32")
    via32 = {}
    for key in ("via_f64_array", "float64"):
        for t in ML_FLOATS:
            fmt = Fmt(t)
            n = direct = thru = 0
            ex_direct, ex_thru = [], []
            for r in parse:
                if r["dtype"] != t or "exact" not in r.get(key, {}):
                    continue
                f = struct.unpack("<d", struct.pack("<Q", int(r["float_text"], 16)))[0]
                if not math.isfinite(f):
                    continue
                n += 1
                got = model_value(r[key]["exact"])
                d = round_val(Fraction(f), fmt)
                m32 = round_val(Fraction(f), f32)
                v = round_val(m32, fmt) if isinstance(m32, Fraction) else \
                    (m32 if fmt.overflow == "inf" or math.isnan(m32) else math.nan)
                if same_val(got, d):
                    direct += 1
                elif len(ex_direct) < 8:
                    ex_direct.append(r["text"][:60])
                if same_val(got, v):
                    thru += 1
                elif len(ex_thru) < 8:
                    ex_thru.append(r["text"][:60])
            via32["%s:%s" % (t, key)] = {
                "finite_inputs": n, "equal_direct_rounding_of_f64": direct,
                "equal_rounding_via_float32": thru, "direct_differs_examples": ex_direct,
                "via_float32_differs_examples": ex_thru}
    findings["ml_dtypes_f64_cast_direct_vs_via_float32"] = via32

    # ---- sums -----------------------------------------------------------------------
    sum_answers = dict(npa["sums"])
    sum_answers.update(ml["sums"])
    sum_inputs = []
    for cid, desc, texts, _ in sum_cases:
        sum_inputs.append({"id": cid, "desc": desc, "n": len(texts), "texts": texts})
    sums = []
    model_hits = {t: {} for t in SUM_TARGETS}
    view_same = {t: {} for t in SUM_TARGETS}
    text_same_as_float = {t: [0, 0] for t in SUM_TARGETS}
    astype_same = {t: [0, 0] for t in SUM_TARGETS}
    for tname in SUM_TARGETS:
        ans = sum_answers[tname]
        for cid, desc, texts, ops in sum_cases:
            for mode in ("float64", "text"):
                skey = "%s|%s|stored" % (cid, mode)
                if skey not in ans:
                    continue
                st = ans[skey]
                if "error" in st:
                    rec = {"case": cid, "dtype": tname, "input": mode, "op": "np.sum",
                           "result": ans["%s|%s|np.sum" % (cid, mode)]}
                    assert "error" in rec["result"]
                    sums.append(rec)
                    continue
                if mode == "float64" and "same_as_astype" in st:
                    astype_same[tname][0] += 1
                    astype_same[tname][1] += st["same_as_astype"]
                if mode == "text":
                    fl = ans["%s|float64|stored" % cid]
                    text_same_as_float[tname][0] += 1
                    text_same_as_float[tname][1] += fl["stored_bits"] == st["stored_bits"]
                vals_all = [model_value(x) for x in st["stored"]]
                for op in ["np.sum"] + ops:
                    res = ans["%s|%s|%s" % (cid, mode, op)]
                    vals = vals_all
                    if "[::2]" in op:
                        vals = vals_all[::2]
                    elif "[::-1]" in op:
                        vals = vals_all[::-1]
                    models, tot = sum_models(tname, vals)
                    rec = {"case": cid, "dtype": tname, "input": mode, "op": op,
                           "result": res, "exact_sum": val_str(tot)}
                    if "warnings" in st:
                        rec["store_warnings"] = list(dict.fromkeys(st["warnings"]))
                    if "exact" in res:
                        got = model_value(res["exact"])
                        rec["matches"] = [k for k, v in models.items() if same_val(got, v)]
                        for k in rec["matches"]:
                            model_hits[tname][k] = model_hits[tname].get(k, 0) + 1
                        model_hits[tname]["records"] = model_hits[tname].get("records", 0) + 1
                    sums.append(rec)
                # views: same bits as the contiguous copy?
                for a, b in (("np.sum(a[::2])", "np.sum(a[::2].copy())"),
                             ("np.sum(a[::-1])", "np.sum(a[::-1].copy())")):
                    if a in ops:
                        ra = ans["%s|%s|%s" % (cid, mode, a)]
                        rb = ans["%s|%s|%s" % (cid, mode, b)]
                        rs = ans["%s|%s|np.sum" % (cid, mode)]
                        d = view_same[tname].setdefault(a, {"cases": 0, "same_as_copy": 0,
                                                            "same_as_unreversed_sum": 0})
                        d["cases"] += 1
                        d["same_as_copy"] += ra["bits"] == rb["bits"]
                        d["same_as_unreversed_sum"] += ra["bits"] == rs["bits"]
                for a in ("np.add.reduce", "ndarray.sum"):
                    if a in ops:
                        ra = ans["%s|%s|%s" % (cid, mode, a)]
                        rs = ans["%s|%s|np.sum" % (cid, mode)]
                        d = view_same[tname].setdefault(a, {"cases": 0, "same_as_np_sum": 0})
                        d["cases"] += 1
                        d["same_as_np_sum"] += ra == rs
    # which block size / accumulator count reproduces np.sum (float32, float64; lists of
    # >= 9 elements, float64 input)
    variants = {}
    for tname in ("float32", "float64"):
        ans = sum_answers[tname]
        fmt = Fmt(tname)
        for cid, _, texts, _ in sum_cases:
            if len(texts) < 9:
                continue
            vals = [model_value(x) for x in ans["%s|float64|stored" % cid]["stored"]]
            got = model_value(ans["%s|float64|np.sum" % cid]["exact"])
            for block in (64, 128, 256):
                for lanes in (4, 8, 16):
                    k = "%s block=%d accumulators=%d" % (tname, block, lanes)
                    v = variants.setdefault(k, {"lists": 0, "equal": 0})
                    v["lists"] += 1
                    v["equal"] += same_val(got, add_val(
                        Fraction(0), pairwise_variant(vals, fmt, block, lanes)))
    findings["sum_pairwise_variants"] = variants
    findings["sum_model_matches"] = model_hits
    findings["sum_other_calls"] = view_same
    findings["sum_float_input_stores_same_bits_as_astype"] = {
        t: {"lists": v[0], "same": v[1]} for t, v in astype_same.items()}
    findings["sum_text_input_stores_same_bits_as_float64_input"] = {
        t: {"lists": v[0], "same": v[1]} for t, v in text_same_as_float.items()}

    meta.update({
        "counts": {"parse": len(parse), "sum_inputs": len(sum_inputs), "sums": len(sums),
                   "parse_per_dtype": {t: sum(1 for r in parse if r["dtype"] == t)
                                       for t in TARGETS}},
        "targets": TARGETS,
        "sum_targets": SUM_TARGETS,
        "formats": {n: {"p": v[0], "emin": v[1], "emax": v[2], "exponent_bits": v[3],
                        "max": frac_str(Fmt(n).max), "overflow": v[5],
                        "explicit_integer_bit": v[6], "bits": v[7]}
                    for n, v in FLOATS.items()},
        "shared_texts": SHARED,
        "note_parse": NOTE_PARSE,
        "note_sums": NOTE_SUMS,
        "sum_models": SUM_MODELS,
        "findings": findings,
    })
    path = os.path.join(DATA, "values.json")
    write_lists(path, [meta_member(meta)],
                [("parse", parse), ("sum_inputs", sum_inputs), ("sums", sums)])
    print("values.json: %d parse records, %d sum inputs, %d sum records"
          % (len(parse), len(sum_inputs), len(sums)))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--ml":
        ml_main()
    else:
        main()
