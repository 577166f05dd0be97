#!/usr/bin/env python3
"""Differential fuzzer: ``npmem cast-check`` against numpy (+ ml_dtypes) itself.

Two parts, both deterministic for a given ``--seed`` / ``--count`` (and numpy version):

1. **pairs** -- ``npmem cast-check FROM TO --json --casting unsafe`` for random dtype pairs.
   Checked against numpy:

   * ``can_cast``: ``np.can_cast(np.dtype(a), np.dtype(b), casting=RULE)`` for the five rules;
   * ``result_type``: ``np.result_type(np.dtype(a), np.dtype(b)).name``; when numpy raises,
     npmem's ``result_type`` must be null and ``promotion_error`` must equal ``str(exc)``;
   * ``from`` / ``to``: ``np.dtype(s).name`` (or ``.str``, which npmem shows for byte-swapped
     dtypes);
   * the exit code (0 when npmem's own ``can_cast.unsafe`` is true, else 1; 2 means npmem
     rejected a spelling numpy accepts).

   Spellings come from a generator much wider than the 83 of ``tests/data/casting.json``:
   sized kind codes (``i1``..``c32``, ``b1``, ``?``), one-letter codes, numpy names
   (``int``, ``ulong``, ``longdouble``, ``float128``, ``str`` ...), byte-order prefixes
   (``< > = |``), ``U``/``S``/``V`` with sizes 0..40, ``M8``/``m8`` with every unit and
   multipliers (``M8[3D]``, ``m8[7s]``, ``M8[1000000ms]``, generic ``M8``), ``T``, comma strings
   (``f8,i4``, ``2i4``, ``(2,3)f4`` ...) and every ml_dtypes name.  Half the pairs draw TO
   from FROM's family (datetime with datetime, string with string ...).  Spellings numpy
   rejects are not sent.  The summary says how many pairs have both dtypes among the golden
   83 (same DType class and descriptor: ``q`` is LongLongDType, not int64's LongDType).

2. **values** -- ``npmem cast-check TO --json --via string|float64 --value V ...`` (batches of
   values per process).  Each value's ``numpy.value`` (``str()`` of the stored scalar),
   ``numpy.exact`` (reduced ``p/q``, ``inf``, ``-inf``, ``nan``) and ``numpy.error`` are
   checked against:

   * ``--via string``: numpy floats ``np.array([s], dtype=T)``; ml_dtypes floats
     ``np.array([s], dtype=np.float64).astype(T)``; integers (numpy and ml_dtypes)
     ``np.array([s], dtype=T)`` -- numpy's exception message must be ``numpy.error``;
   * ``--via float64``: ``np.array([float(s)], dtype=T)``.

   Values are random decimal texts (1-40 digits, exponents -400..400, signs), points near each
   format's max / smallest normal / smallest subnormal / overflow threshold / halfway points
   (exact decimal expansions computed with fractions, then cut, rounded or nudged), integers
   near every integer bound, long mantissas (41-800 digits) with exponents up to 10**25, and
   a few odd spellings (``1_0``, `` 1``, ``Infinity``, ``1e99999999999999999999`` ...).
   Texts npmem rejects (exit 2, "value N (...) is not a number") are dropped from the batch,
   counted and listed in the summary.

Run (from the repo root, after ``cargo build --release``)::

    /path/to/venv/bin/python scripts/fuzz/fuzz_casting.py --seed 1 --count 20000 --jobs 2 \
        --out /tmp/fuzz_casting.jsonl

``--count`` is the number of pairs and of values (``--pairs`` / ``--values`` override each);
``--part pairs|values|both``.  numpy runs in this process with ml_dtypes imported; warnings
are recorded and ignored.  The summary groups disagreements by kind (field, dtype families,
numpy's answer vs npmem's), shortest examples first; ``--out`` writes every disagreement as one
JSON object per line.  Exit status: 0 when nothing disagrees, 1 otherwise.
"""

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import warnings
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

sys.set_int_max_str_digits(0)  # exact decimal expansions of longdouble subnormals

import ml_dtypes  # also registers the ml_dtypes names with np.dtype
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_NPMEM = os.path.join(REPO, "target", "release", "npmem")
GOLDEN = os.path.join(REPO, "tests", "data", "casting.json")

RULES = ["no", "equiv", "safe", "same_kind", "unsafe"]

ML_FLOATS = [
    "bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz",
    "float8_e4m3b11fnuz", "float8_e3m4", "float8_e4m3", "float8_e8m0fnu",
    "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn",
]
ML_INTS = ["int1", "int2", "int4", "uint1", "uint2", "uint4"]
ML_COMPLEX = ["complex32", "bcomplex32"]
ML_NAMES = ML_FLOATS + ML_INTS + ML_COMPLEX

NP_FLOATS = ["float16", "float32", "float64", "longdouble"]
NP_INTS = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]

# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def frac_str(f):
    return "%d/%d" % (f.numerator, f.denominator)


def quietly(fn):
    """fn() with every warning recorded and dropped: (result, None) or (None, exception)."""
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        try:
            return fn(), None
        except Exception as e:  # numpy's answer is the exception
            return None, e


def run_npmem(npmem, args, timeout=120):
    """(returncode, stdout, stderr) of one npmem process."""
    try:
        p = subprocess.run([npmem] + args, capture_output=True, timeout=timeout,
                           env=dict(os.environ, NO_COLOR="1"))
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", ""


def is_ml(d):
    return getattr(d.type, "__module__", "").startswith("ml_dtypes")


# ---------------------------------------------------------------------------
# part 1: dtype spellings and pairs
# ---------------------------------------------------------------------------

SIZED = ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8", "f16",
         "c8", "c16", "c32", "b1", "?"]
LETTERS = list("bBhHiIlLqQpPefdgFDG?OSUVMmTc")
NAMES = ["int", "uint", "long", "ulong", "longlong", "ulonglong", "intp", "uintp", "intc",
         "uintc", "short", "ushort", "byte", "ubyte", "half", "single", "double",
         "longdouble", "csingle", "cdouble", "clongdouble", "float128", "complex256",
         "bool", "object", "str", "bytes", "int8", "int16", "int32", "int64", "uint8",
         "uint16", "uint32", "uint64", "float16", "float32", "float64", "complex64",
         "complex128", "datetime64", "timedelta64", "void", "bool_", "str_", "bytes_",
         "object_", "float_", "int_"]
UNITS = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]
MULTS = [1, 1, 1, 2, 3, 7, 25, 1000, 2001, 1000000, 1000000000]
STRUCTS = ["f8,i4", "i4,f8", "2i4", "(2,3)f4", "u1,u1", "i4", "f8,f8", "i4,i4", "u1,i4",
           "(2,)i4", "3u1", "U3,i4", "S2,u1", "M8[s],f8", "f4,(2,)i2", "b1,b1", "i8,f8",
           ">f8,i4", "<i4,>f8", "f2", "(1,)f8", "4u1", "2f4", "V4,i4", "O,i4", "c8,c8"]
ORDERS = ["", "", "", "<", ">", "=", "|"]


def gen_spelling(rng, family=None):
    """(family, spelling) -- one random dtype spelling; family is drawn unless given."""
    fam = family or rng.choice(["sized", "sized", "letter", "name", "flex", "flex",
                                "time", "time", "time", "T", "struct", "ml", "ml"])
    if fam == "sized":
        s = rng.choice(ORDERS) + rng.choice(SIZED)
    elif fam == "letter":
        s = rng.choice(ORDERS) + rng.choice(LETTERS)
    elif fam == "name":
        s = rng.choice(NAMES)
    elif fam == "flex":
        k = rng.choice("USV")
        n = rng.choice([0, 1, 2, 3, 4, 5, 8, 10, 16, 20]) if rng.random() < 0.5 else rng.randint(0, 40)
        s = rng.choice(ORDERS) + k + str(n)
        if rng.random() < 0.1:
            s = rng.choice(ORDERS) + k  # unsized
    elif fam == "time":
        k = rng.choice(["M8", "m8", "M8", "m8", "datetime64", "timedelta64"])
        if rng.random() < 0.12:
            s = k
        else:
            m = rng.choice(MULTS)
            s = "%s[%s%s]" % (k, "" if m == 1 and rng.random() < 0.8 else m, rng.choice(UNITS))
        if k in ("M8", "m8"):
            s = rng.choice(ORDERS) + s
    elif fam == "T":
        s = rng.choice(["T", "T", "=T", "<T", ">T", "|T"])
    elif fam == "struct":
        s = rng.choice(STRUCTS)
    else:  # ml
        s = rng.choice(ML_NAMES)
    return fam, s


def dtype_family(d):
    """A coarse family for grouping disagreements (the examples keep the exact spellings)."""
    if isinstance(d, np.dtypes.StringDType):
        return "T"
    if is_ml(d):
        return "ml_int" if d.name in ML_INTS else "ml_complex" if d.name in ML_COMPLEX else "ml_float"
    if d.names is not None:
        return "struct%s" % ("1" if len(d.names) == 1 else "")
    if d.subdtype is not None:
        return "subarray"
    k = d.kind
    if k in "Mm":
        unit, num = np.datetime_data(d)
        return k + ("[generic]" if unit == "generic" else "[N*unit]" if num > 1 else "[unit]")
    if k in "USV":
        return (">" if d.byteorder == ">" else "") + k + ("0" if d.itemsize == 0 else "n")
    if k in "iu" and type(d).__name__ in ("LongLongDType", "ULongLongDType"):
        return k + "(longlong)"
    return k


def numpy_pair(a, b):
    """numpy's answers for one pair (dtype objects)."""
    cc = {}
    for r in RULES:
        res, err = quietly(lambda r=r: bool(np.can_cast(a, b, casting=r)))
        cc[r] = res if err is None else "raises %s: %s" % (type(err).__name__, err)
    rt, err = quietly(lambda: np.result_type(a, b))
    if err is None:
        return {"can_cast": cc, "result_type": rt.name, "promotion_error": None}
    return {"can_cast": cc, "result_type": None, "promotion_error": str(err),
            "promotion_exc": type(err).__name__}


def dtype_key(d):
    """Identity of a dtype for 'is this pair in the golden data': the DType class matters
    (``q`` is LongLongDType, ``int64`` is LongDType, both print as int64)."""
    return (type(d).__name__, repr(d))


def gen_pairs(rng, count, golden_keys):
    dtype_cache = {}

    def dt(s):
        if s not in dtype_cache:
            d, err = quietly(lambda: np.dtype(s))
            dtype_cache[s] = d
        return dtype_cache[s]

    pairs, seen, rejected = [], set(), Counter()
    attempts = 0
    while len(pairs) < count and attempts < count * 50:
        attempts += 1
        fa, a = gen_spelling(rng)
        _, b = gen_spelling(rng, fa if rng.random() < 0.5 else None)
        if (a, b) in seen:
            continue
        seen.add((a, b))
        da, db = dt(a), dt(b)
        if da is None or db is None:
            rejected[a if da is None else b] += 1
            continue
        covered = dtype_key(da) in golden_keys and dtype_key(db) in golden_keys
        pairs.append((a, b, da, db, covered))
    return pairs, rejected


def check_pair(npmem, a, b, da, db, covered):
    want = numpy_pair(da, db)
    rc, out, err = run_npmem(npmem, ["cast-check", a, b, "--json", "--casting", "unsafe"])
    base = {"part": "pairs", "from": a, "to": b, "fam": (dtype_family(da), dtype_family(db)),
            "covered": covered}
    if rc == 2 or rc == "timeout" or not out.strip():
        return [dict(base, field="npmem_rejects" if rc == 2 else "npmem_failed",
                     numpy="accepts both", npmem="rc=%s %s" % (rc, err.strip()[:200]))]
    got = json.loads(out)
    bad = []
    diff_rules = [r for r in RULES if got["can_cast"].get(r) != want["can_cast"][r]]
    if diff_rules:
        bad.append(dict(base, field="can_cast", rules=diff_rules,
                        numpy={r: want["can_cast"][r] for r in RULES},
                        npmem={r: got["can_cast"].get(r) for r in RULES}))
    if want["result_type"] is not None:
        if got.get("result_type") != want["result_type"]:
            bad.append(dict(base, field="result_type", numpy=want["result_type"],
                            npmem=got.get("result_type") or ("error: " + str(got.get("promotion_error")))))
    else:
        if got.get("result_type") is not None:
            bad.append(dict(base, field="result_type", numpy="%s: %s" % (want["promotion_exc"], want["promotion_error"]),
                            npmem=got.get("result_type")))
        elif got.get("promotion_error") != want["promotion_error"]:
            bad.append(dict(base, field="promotion_error", numpy=want["promotion_error"],
                            npmem=got.get("promotion_error")))
    for side, d in (("from", da), ("to", db)):
        if got.get(side) not in (d.name, d.str):  # npmem shows .str for byte-swapped dtypes
            bad.append(dict(base, field="name_" + side, numpy=d.name, npmem=got.get(side)))
    exp_rc = 0 if got["can_cast"].get("unsafe") else 1
    if rc != exp_rc:
        bad.append(dict(base, field="exit_code", numpy="(npmem's own unsafe=%s) -> %d" % (got["can_cast"].get("unsafe"), exp_rc), npmem=rc))
    return bad


def pair_group(d):
    fa, fb = d["fam"]
    if d["field"] == "can_cast":
        how = ",".join("%s:np=%s" % (r, d["numpy"][r]) for r in d["rules"])
        return ("pairs", "can_cast", fa, fb, how)
    if d["field"] in ("result_type", "promotion_error"):
        np_kind = d["numpy"] if d["field"] == "result_type" and ":" not in str(d["numpy"]) else "error"
        np_kind = "name" if np_kind != "error" else "error"
        mm_kind = "null/error" if (d["npmem"] is None or str(d["npmem"]).startswith("error")) else "name"
        return ("pairs", d["field"], fa, fb, "numpy %s / npmem %s" % (np_kind, mm_kind))
    return ("pairs", d["field"], fa, fb, "")


# ---------------------------------------------------------------------------
# part 2: values
# ---------------------------------------------------------------------------


def exact_of(x):
    """numpy.exact of a stored scalar: 'p/q', 'inf', '-inf' or 'nan'."""
    if isinstance(x, (np.integer, int)) or (hasattr(x, "dtype") and x.dtype.name in ML_INTS):
        return frac_str(Fraction(int(x)))
    if hasattr(x, "dtype") and x.dtype.name in ML_FLOATS:
        f = float(x)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return frac_str(Fraction(f))
    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    return frac_str(Fraction(*x.as_integer_ratio()))


def numpy_value(target, via, s):
    """{'value','exact','error'} as numpy stores text s in target."""
    T = np.dtype(target)

    def store():
        if via == "float64":
            return np.array([float(s)], dtype=T)[0]
        if target in ML_FLOATS:
            return np.array([s], dtype=np.float64).astype(T)[0]
        return np.array([s], dtype=T)[0]

    x, err = quietly(store)
    if err is not None:
        return {"value": None, "exact": None, "error": str(err), "exc": type(err).__name__}
    return {"value": str(x), "exact": exact_of(x), "error": None}


def dec_digits(f):
    """Exact decimal of a dyadic Fraction f > 0: (digits, exp) with f = 0.digits * 10**exp."""
    n, q = f.numerator, f.denominator
    k = q.bit_length() - 1
    assert q == 1 << k
    m = n * 5 ** k  # f = m / 10**k
    ds = str(m)
    return ds, len(ds) - k


def render(rng, sign, ds, exp):
    """Text for sign * 0.ds * 10**exp in a random style."""
    ds = ds.rstrip("0") or "0"
    style = rng.random()
    if style < 0.5 or abs(exp) > 60:
        e = exp - 1
        body = ds[0] + ("." + ds[1:] if len(ds) > 1 else rng.choice(["", ".0"]))
        return "%s%se%s" % (sign, body, ("%+d" if rng.random() < 0.3 else "%d") % e)
    if exp <= 0:
        return "%s0.%s%s" % (sign, "0" * (-exp), ds)
    if exp >= len(ds):
        return "%s%s%s" % (sign, ds, "0" * (exp - len(ds)) + rng.choice(["", ".0", ""]))
    return "%s%s.%s" % (sign, ds[:exp], ds[exp:])


def near_text(rng, f):
    """A decimal text at or beside the dyadic point f (any sign): exact, cut, rounded, nudged."""
    sign = "-" if f < 0 else rng.choice(["", "", "", "+"]) if f > 0 else rng.choice(["", "-"])
    a = abs(f)
    if a == 0:
        return sign + rng.choice(["0", "0.0", "0e0"]), "zero"
    ds, exp = dec_digits(a)
    mode = rng.choice(["exact", "exact", "cut", "round", "up", "nudge_up", "nudge_down"])
    if mode == "exact" and len(ds) > 6000:
        mode = "round"
    if mode == "exact":
        return render(rng, sign, ds, exp), "exact"
    if mode in ("nudge_up", "nudge_down") and len(ds) > 6000:
        mode = "cut"
    if mode == "nudge_up":
        return render(rng, sign, ds + "0" * rng.randint(0, 5) + "1", exp), "nudge_up"
    if mode == "nudge_down":
        # a - 10**-(len+k) : subtract one unit in a far digit
        k = rng.randint(1, 6)
        m = int(ds) * 10 ** k - 1
        s2 = str(m)
        return render(rng, sign, s2, exp + (len(s2) - len(ds) - k)), "nudge_down"
    n = rng.randint(1, 40)
    if n >= len(ds):
        return render(rng, sign, ds, exp), "exact"
    head = int(ds[:n])
    if mode == "round":
        head += ds[n] >= "5"
    elif mode == "up":
        head += 1
    s2 = str(head)
    return render(rng, sign, s2, exp + (len(s2) - n)), mode


def float_points(target):
    """Sorted finite non-negative representable values (Fractions) for small formats, or None."""
    T = np.dtype(target)
    if T.itemsize > 2:
        return None
    raw = np.arange(1 << (8 * T.itemsize), dtype=np.uint8 if T.itemsize == 1 else np.uint16)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NaN bit patterns
        vals = raw.view(T).astype(np.float64)
    vals = vals[np.isfinite(vals) & (vals >= 0)]
    return sorted({Fraction(float(v)) for v in vals})


def float_params(target):
    """Key points of a float format as Fractions."""
    T = np.dtype(target)
    fi = ml_dtypes.finfo(T) if target in ML_FLOATS else np.finfo(T)

    def F(x):
        if target == "longdouble":
            return Fraction(*np.longdouble(x).as_integer_ratio())
        return Fraction(float(x))
    p = {"max": F(fi.max), "tiny": F(fi.smallest_normal), "sub": F(fi.smallest_subnormal),
         "eps": F(fi.eps), "nmant": int(fi.nmant), "minexp": int(fi.minexp), "maxexp": int(fi.maxexp)}
    return p


def random_representable(rng, p):
    """(x, next_up) for a random finite positive x of the format, by bits (big formats)."""
    nm = p["nmant"]
    if rng.random() < 0.15:  # subnormal
        m = rng.randint(1, (1 << nm) - 1) if nm > 0 else 1
        x = m * p["sub"]
        return x, x + p["sub"]
    e = rng.randint(p["minexp"], p["maxexp"] - 1)
    m = rng.randint(1 << nm, (1 << (nm + 1)) - 1)
    x = Fraction(m) * Fraction(2) ** (e - nm)
    return x, x + Fraction(2) ** (e - nm)


SPECIALS = ["inf", "-inf", "+inf", "nan", "-nan", "+nan", "NaN", "Infinity", "-Infinity",
            "INF", "infinity", "0", "-0", "+0", "0.0", "-0.0", "1_0", "1_000.5", " 1", "1 ",
            "\t2", ".5", "5.", "-.5", "1e5", "1E5", "1e+05", "00012", "0e0", "1e", "e5",
            "0x10", "1,5", "\u0661\u0662", "", "--1", "nan(1)", "infi", "1e400", "-1e-400",
            "1e-400", "1.0", "-1.0", "127.0", "2e2", "1e19", "+5", "1.5", "-0.5", "0.5",
            "2.5", "-2.5", "1e-5", "1e300", "-1e300", "1.7976931348623157e308",
            "1.7976931348623159e308", "1.8e308", "5e-324", "2.4703282292062328e-324",
            "2.4703282292062327e-324", "1e-4951", "1.2e4932", "1.19e4932", "65504", "65519.99",
            "65520", "-65520", "3.4028235e38", "3.4028236e38", "1e-46", "7e-46",
            "Inf", "iNfInItY", "nAn", "+Infinity", "-NaN", "1e-0", "1E+0", "000.000123", "+.5e-3",
            "-0e5", "-0.0e-400", "0e999999", "1e99999999999999999999", "0e99999999999999999999",
            "1e-99999999999999999999", "-1e99999999999999999999", "1e2147483648", "1e-2147483649",
            "1e9223372036854775808", "0.000000000000000000000000000000000000000000001e45"]


def extreme_decimal(rng):
    """Long mantissas (up to 800 digits) and exponents far outside any format."""
    sign = rng.choice(["", "-"])
    n = rng.choice([rng.randint(41, 120), rng.randint(120, 800)])
    ds = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(n - 1))
    if rng.random() < 0.3:  # a run of zeros or nines: near a rounding boundary
        k = rng.randint(5, n - 2)
        ds = ds[:k] + rng.choice("09") * (n - k - 1) + ds[-1]
    pos = rng.randint(1, n)
    e = rng.choice([rng.randint(-5000, 5000), rng.randint(-400, 400),
                    rng.choice([1, -1]) * rng.randint(10 ** 9, 10 ** 25)])
    return "%s%s.%se%d" % (sign, ds[:pos], ds[pos:], e)


def random_decimal(rng):
    sign = rng.choice(["", "", "", "-", "-", "+"])
    n = rng.randint(1, 40)
    ds = "".join(rng.choice("0123456789") for _ in range(n))
    if rng.random() < 0.3:
        ds = ds.lstrip("0") or "0"
    r = rng.random()
    if r < 0.6:
        pos = rng.randint(0, n)
        body = ds[:pos] + "." + ds[pos:] if pos < n or rng.random() < 0.2 else ds
        if body.startswith(".") and rng.random() < 0.7:
            body = "0" + body
    else:
        body = ds
    if rng.random() < 0.7:
        body += rng.choice(["e", "e", "E"]) + ("%+d" if rng.random() < 0.2 else "%d") % rng.randint(-400, 400)
    return sign + body


def gen_values(rng, count):
    """[(target, via, text, kind)] -- kind names the generator for grouping."""
    targets = NP_FLOATS + ML_FLOATS + NP_INTS + ML_INTS
    params, points = {}, {}
    for t in NP_FLOATS + ML_FLOATS:
        params[t] = float_params(t)
        points[t] = float_points(t)
    out, seen = [], set()
    while len(out) < count:
        t = rng.choice(targets)
        via = "string" if rng.random() < 0.6 else "float64"
        r = rng.random()
        if r < 0.04:
            s, kind = rng.choice(SPECIALS), "special"
        elif r < 0.30:
            s, kind = random_decimal(rng), "random"
        elif r < 0.35:
            s, kind = extreme_decimal(rng), "extreme"
        elif t in params:
            p, pts = params[t], points[t]
            which = rng.choice(["max", "overflow", "tiny", "sub", "halfsub", "one", "half", "half", "rep"])
            if which == "max":
                f = p["max"]
            elif which == "overflow":  # halfway between max and the next (virtual) step
                if pts:
                    f = p["max"] + (pts[-1] - pts[-2]) / 2
                else:
                    f = p["max"] + Fraction(2) ** (p["maxexp"] - 1 - p["nmant"] - 1)
            elif which == "tiny":
                f = p["tiny"]
            elif which == "sub":
                f = p["sub"] * rng.choice([1, 1, 2, 3])
            elif which == "halfsub":
                f = p["sub"] * rng.choice([Fraction(1, 2), Fraction(3, 2), Fraction(1, 4)])
            elif which == "one":
                f = 1 + p["eps"] * rng.choice([Fraction(1, 2), 1, Fraction(3, 2)])
            elif which == "rep":
                f = rng.choice(pts) if pts else random_representable(rng, p)[0]
            else:  # halfway between two neighbours
                if pts:
                    i = rng.randrange(len(pts) - 1)
                    f = (pts[i] + pts[i + 1]) / 2
                else:
                    x, y = random_representable(rng, p)
                    f = (x + y) / 2
            if rng.random() < 0.3:
                f = -f
            s, mode = near_text(rng, f)
            kind = "%s/%s" % (which, mode)
        else:  # integer target
            T = np.dtype(t)
            info = ml_dtypes.iinfo(T) if t in ML_INTS else np.iinfo(T)
            lo, hi = int(info.min), int(info.max)
            which = rng.choice(["lo", "hi", "pow2", "big", "small", "frac"])
            if which == "lo":
                v = lo + rng.randint(-3, 3)
            elif which == "hi":
                v = hi + rng.randint(-3, 3)
            elif which == "pow2":
                v = rng.choice([1, -1]) * 2 ** rng.randint(0, 70) + rng.randint(-1, 1)
            elif which == "big":
                v = rng.choice([1, -1]) * rng.randint(0, 10 ** rng.randint(1, 40))
            else:
                v = rng.randint(-300, 300)
            s = str(v)
            if which == "frac":
                s = "%s.%d" % (s if v else rng.choice(["0", "-0"]), rng.choice([0, 5, 4999, 5001, 9, 1]))
            elif rng.random() < 0.08:
                s = rng.choice(["%s.0", "%se0", "+%s" if v >= 0 else "%s", "%s.5"]) % s
            kind = "int_" + which
        if (t, via, s) in seen:
            continue
        seen.add((t, via, s))
        out.append((t, via, s, kind))
    return out


REJECT = re.compile(r"value (\d+) \(")


def run_value_batch(npmem, target, via, items):
    """[(item, npmem_record or None)], rejected items -- drops texts npmem rejects and retries."""
    items = list(items)
    rejected = []
    while items:
        args = ["cast-check", target, "--json", "--via", via] + ["--value=" + it[2] for it in items]
        rc, out, err = run_npmem(npmem, args)
        if rc == 2:
            m = REJECT.search(err)
            if not m:
                return [(it, {"npmem_failed": "rc=2 " + err.strip()[:200]}) for it in items], rejected
            i = int(m.group(1)) - 1
            rejected.append((items[i], err.strip()))
            del items[i]
            continue
        if rc not in (0, 1) or not out.strip():
            return [(it, {"npmem_failed": "rc=%s %s" % (rc, err.strip()[:200])}) for it in items], rejected
        vals = json.loads(out)["values"]
        return list(zip(items, vals)), rejected
    return [], rejected


def check_value(item, rec):
    target, via, s, kind = item
    want = numpy_value(target, via, s)
    base = {"part": "values", "to": target, "via": via, "input": s, "kind": kind}
    if "npmem_failed" in rec:
        return [dict(base, field="npmem_failed", numpy=want, npmem=rec["npmem_failed"])]
    got = rec.get("numpy") or {}
    bad = []
    if want["error"] is not None:
        if got.get("error") != want["error"] or got.get("value") is not None:
            bad.append(dict(base, field="error", numpy="%s: %s" % (want["exc"], want["error"]),
                            npmem=got.get("error") if got.get("error") is not None else
                            "value %s (%s)" % (got.get("value"), got.get("exact"))))
        return bad
    if got.get("error") is not None:
        bad.append(dict(base, field="error", numpy="value %s (%s)" % (want["value"], want["exact"]),
                        npmem=got.get("error")))
        return bad
    if got.get("exact") != want["exact"]:
        bad.append(dict(base, field="exact", numpy=want["exact"], npmem=got.get("exact"),
                        numpy_value=want["value"], npmem_value=got.get("value")))
    elif got.get("value") != want["value"]:
        bad.append(dict(base, field="value", numpy=want["value"], npmem=got.get("value"),
                        exact=want["exact"]))
    return bad


def msg_shape(m):
    """An error message or 'value x (p/q)' with numbers and quoted text blanked."""
    m = re.sub(r"'[^']*'", "'...'", str(m))
    m = re.sub(r"value \S+ \(\S+\)", "a value", m)
    return re.sub(r"-?\d+", "N", m)[:90]


def target_family(t):
    if t in ML_INTS:
        return "ml_int"
    if t in NP_INTS:
        return "np_int"
    return t


def value_group(d):
    kind = d["kind"].split("/")[0]
    fam = target_family(d["to"])
    if d["field"] == "error":
        return ("values", "error", fam, d["via"], "numpy %s / npmem %s" % (msg_shape(d["numpy"]), msg_shape(d["npmem"])))
    if d["field"] == "exact":
        cls = lambda e: e if e in ("inf", "-inf", "nan", None) else ("0" if e == "0/1" else "finite")
        return ("values", "exact", fam, d["via"], "numpy %s / npmem %s" % (cls(d["numpy"]), cls(d["npmem"])))
    return ("values", d["field"], fam, d["via"], kind if d["field"] != "value" else "")


# ---------------------------------------------------------------------------
# driver
# ---------------------------------------------------------------------------


def summarize(bad, key, limit=5):
    groups = defaultdict(list)
    for d in bad:
        groups[key(d)].append(d)
    lines = []
    for g in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        ex = sorted(groups[g], key=lambda d: (len(json.dumps(d)), json.dumps(d)))[:limit]
        lines.append("  [%d] %s" % (len(groups[g]), " | ".join(x for x in g if x)))
        for d in ex:
            dd = {k: v for k, v in d.items() if k not in ("part", "fam", "rules", "covered")}
            lines.append("      " + json.dumps(dd, ensure_ascii=False)[:600])
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=20000, help="pairs and values (default 20000)")
    ap.add_argument("--pairs", type=int, help="number of dtype pairs (default --count)")
    ap.add_argument("--values", type=int, help="number of values (default --count)")
    ap.add_argument("--part", choices=["pairs", "values", "both"], default="both")
    ap.add_argument("--jobs", type=int, default=2, help="npmem processes in parallel")
    ap.add_argument("--batch", type=int, default=40, help="values per npmem process")
    ap.add_argument("--npmem", default=DEFAULT_NPMEM)
    ap.add_argument("--out", help="write every disagreement as JSON lines here")
    args = ap.parse_args()

    if not os.path.exists(args.npmem):
        sys.exit("no %s: run `cargo build --release` first" % args.npmem)
    print("numpy %s, ml_dtypes %s, seed %d" % (np.__version__, ml_dtypes.__version__, args.seed))
    all_bad = []
    pool = ThreadPoolExecutor(max_workers=args.jobs)

    if args.part in ("pairs", "both"):
        rng = random.Random("pairs-%d" % args.seed)
        golden = json.load(open(GOLDEN))
        golden_keys = {dtype_key(np.dtype(x["spelling"])) for x in golden["dtypes"]}
        pairs, np_rejected = gen_pairs(rng, args.pairs or args.count, golden_keys)
        results = list(pool.map(lambda p: check_pair(args.npmem, *p), pairs))
        bad = [d for r in results for d in r]
        print("\n== pairs: %d ran (%d with both dtypes among the golden 83; %d distinct spellings); "
              "%d spellings numpy rejects were not sent; %d disagreements"
              % (len(pairs), sum(p[4] for p in pairs), len({p[0] for p in pairs} | {p[1] for p in pairs}),
                 len(np_rejected), len(bad)))
        if np_rejected:
            print("   numpy rejects: " + ", ".join(sorted(np_rejected)[:30]))
        print("\n".join(summarize(bad, pair_group)))
        all_bad += bad

    if args.part in ("values", "both"):
        rng = random.Random("values-%d" % args.seed)
        items = gen_values(rng, args.values or args.count)
        by = defaultdict(list)
        for it in items:
            by[(it[0], it[1])].append(it)
        batches = []
        for (t, via), its in sorted(by.items()):
            for i in range(0, len(its), args.batch):
                batches.append((t, via, its[i:i + args.batch]))
        results = list(pool.map(lambda b: run_value_batch(args.npmem, *b), batches))
        bad, rejected, ran = [], [], 0
        for pairs_, rej in results:
            rejected += rej
            for it, rec in pairs_:
                ran += 1
                bad += check_value(it, rec)
        print("\n== values: %d generated, %d compared, %d rejected by npmem (exit 2), %d disagreements"
              % (len(items), ran, len(rejected), len(bad)))
        per = Counter((it[0], it[1]) for it in items)
        print("   per target (string/float64): " + ", ".join(
            "%s %d/%d" % (t, per[(t, "string")], per[(t, "float64")])
            for t in NP_FLOATS + ML_FLOATS + NP_INTS + ML_INTS))
        rej_kinds = Counter()
        rej_ex = defaultdict(list)
        for it, _ in rejected:
            k = re.sub(r"[0-9]+", "9", it[2])
            rej_kinds[k] += 1
            if len(rej_ex[k]) < 3:
                rej_ex[k].append("%s/%s %r -> numpy %s" % (it[0], it[1], it[2],
                                                           (lambda w: w["value"] or (w["exc"] + ": " + w["error"]))(numpy_value(it[0], it[1], it[2]))))
        for k, n in rej_kinds.most_common():
            print("   rejected [%d] shape %r: %s" % (n, k, "; ".join(rej_ex[k])))
        print("\n".join(summarize(bad, value_group)))
        all_bad += bad

    pool.shutdown()
    if args.out:
        with open(args.out, "w") as f:
            for d in all_bad:
                f.write(json.dumps(d, ensure_ascii=False, default=str) + "\n")
    print("\ntotal disagreements: %d" % len(all_bad))
    return 1 if all_bad else 0


if __name__ == "__main__":
    sys.exit(main())
