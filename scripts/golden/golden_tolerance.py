#!/usr/bin/env python3
"""Golden data for npmem's --rtol/--atol: np.isclose of the values as numpy stores them against
the values read as float64.

Writes (relative to the repo root):
  tests/data/tolerance.json -- "meta", then "cases": one record per (dtype T, rtol, atol):
      {"dtype", "via", "rtol", "atol", "texts": [...], "close": [bool per text]}
      where close[i] is np.isclose(stored_i, exact_i, rtol=rtol, atol=atol) with
        exact_i  = np.array([text_i], dtype=np.float64)
        stored_i = np.array([text_i], dtype=T) for numpy's own types (via "string"),
                   np.array([text_i], dtype=np.float64).astype(T) for ml_dtypes' formats,
                   np.array([float(text_i)], dtype=T) with via "float64";
      a value numpy refuses (ValueError, OverflowError) is recorded as false.

Tolerances include each case's own errors (atol equal to |stored - exact| and the float64 just
below it) so that the boundary `<=` is exercised as numpy computes it.

Run as `$VENV/bin/python scripts/golden/golden_tolerance.py` from the repo root (numpy 2.5.5,
ml_dtypes 0.6.0). Deterministic: fixed seed, inputs in generation order.
"""

import os
import random
import warnings

import ml_dtypes
import numpy as np

from _common import DATA, dumps, meta_base, meta_member, write_lists

TARGETS = [
    ("float16", np.float16, "string"),
    ("float32", np.float32, "string"),
    ("float64", np.float64, "string"),
    ("longdouble", np.longdouble, "string"),
    ("bfloat16", ml_dtypes.bfloat16, "string"),
    ("float8_e4m3fn", ml_dtypes.float8_e4m3fn, "string"),
    ("float8_e5m2", ml_dtypes.float8_e5m2, "string"),
    ("float4_e2m1fn", ml_dtypes.float4_e2m1fn, "string"),
    ("int8", np.int8, "float64"),
    ("uint8", np.uint8, "string"),
    ("int64", np.int64, "float64"),
]

ML = {"bfloat16", "float8_e4m3fn", "float8_e5m2", "float4_e2m1fn"}


def texts(rng):
    out = ["0", "-0", "1", "-1", "0.1", "1.00048828125", "1.0009765625", "2049", "65504",
           "65520", "1e-8", "-3.5", "255", "256", "300", "-129", "448", "500", "6.5", "1e300",
           "-1e300", "inf", "-inf", "nan", "1e-300", "0.333333333333333333333", "100.25"]
    for _ in range(40):
        kind = rng.randrange(4)
        if kind == 0:
            out.append(repr(rng.gauss(0, 1)))
        elif kind == 1:
            out.append("%de%d" % (rng.randrange(1, 10**6), rng.randrange(-12, 8)))
        elif kind == 2:
            out.append(str(rng.randrange(-300, 300)))
        else:
            out.append(repr(rng.uniform(-1000, 1000)))
    return out


def stored_of(name, dtype, via, text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if via == "float64":
                return np.array([float(text)], dtype=dtype)
            if name in ML:
                return np.array([text], dtype=np.float64).astype(dtype)
            return np.array([text], dtype=dtype)
        except (ValueError, OverflowError):
            return None


def close_of(stored, exact, rtol, atol):
    if stored is None:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bool(np.isclose(stored, exact, rtol=rtol, atol=atol)[0])


def main():
    rng = random.Random(14)
    values = texts(rng)
    cases = []
    for name, dtype, via in TARGETS:
        stored = [stored_of(name, dtype, via, t) for t in values]
        exact = [np.array([t], dtype=np.float64) for t in values]
        tolerances = [(1e-5, 1e-8), (1e-3, 0.0), (0.0, 0.5), (0.01, 1e-6), (0.0, 0.0), (0.1, 1.0)]
        # atol at a value's own error, and just below it: the boundary as numpy computes it.
        for s, e in zip(stored, exact):
            if s is None or not np.isfinite(e[0]):
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                err = float(np.abs(s - e)[0])
            if np.isfinite(err) and err > 0 and len(tolerances) < 12:
                tolerances += [(0.0, err), (0.0, float(np.nextafter(err, 0)))]
        for rtol, atol in tolerances:
            cases.append({
                "dtype": name, "via": via, "rtol": rtol, "atol": atol, "texts": values,
                "close": [close_of(s, e, rtol, atol) for s, e in zip(stored, exact)],
            })
    meta = meta_base(__file__)
    meta["ml_dtypes"] = ml_dtypes.__version__
    write_lists(os.path.join(DATA, "tolerance.json"), [meta_member(meta)], [("cases", cases)])


if __name__ == "__main__":
    main()
