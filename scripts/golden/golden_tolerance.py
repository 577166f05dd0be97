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

It also writes the file scans' tolerance (`cast-check FILE[:NAME] TO --rtol R --atol A`):
small fixtures into tests/fixtures/scan_tolerance/ (values on and beside the tolerances' bounds,
NaN, infinities, integers past the targets' ranges and past 2**53; a .npy of each kind, an
uncompressed and a deflated .npz), and "files": one record per (file, target, rtol, atol), over
those and the scan fixtures of golden_scan.py (tests/fixtures/scan/, read, never rewritten):
      {"file", "to", "rtol", "atol", "elements", "exceeding", "worst_index"}
  exceeding = the count of ~np.isclose(stored, exact, rtol, atol) with
      exact  = a.astype(np.float64), stored = a.astype(T).astype(np.float64),
    where a value into an integer type past its range (NaN and infinities included) is never
    close: numpy's conversion leaves it undefined (integers into integers wrap, and are compared
    as numpy wraps them);
  worst_index = the first index of the largest |stored - exact| / (atol + rtol*|exact|) among
    the values not close (infinite for NaN, infinities, a stored NaN or infinity, a bound of 0,
    and the undefined conversions), or null when every value is close.

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


FILE_TARGETS = ["float16", "float32", "bfloat16", "float8_e4m3fn", "float8_e5m2", "int8",
                "uint8", "int16", "bool"]
FILE_TOLERANCES = [(1e-3, 0.0), (0.0, 2.0 ** -12), (1e-5, 1e-8), (0.01, 1e-6), (0.0, 0.0),
                   (0.1, 1.0), (2.0 ** -12, 0.0)]
FIXTURES = os.path.join("tests", "fixtures")
# The scan fixtures of golden_scan.py, with the targets each is checked against.
SCAN_FILES = ["scan/f8.npy", "scan/f4.npy", "scan/f2.npy", "scan/f8_be.npy", "scan/i8.npy",
              "scan/u8.npy", "scan/i2_be.npy", "scan/b1.npy", "scan/members.npz:steps",
              "scan/members.npz:wide", "scan/members.npz:be16"]


def boundary_values():
    """Values whose float16 (and bfloat16) error is 2**-12 exactly, a hair more or less, around
    the bounds of the tolerances above; then NaN, infinities, and values past the ranges."""
    out = []
    for m in range(1, 40):
        base = 1.0 + m * 2.0 ** -10
        for d in (2.0 ** -12, 2.0 ** -12 + 2.0 ** -40, 2.0 ** -12 - 2.0 ** -40, 2.0 ** -11):
            out += [base + d, -(base + d), (base + d) * 64, (base + d) / 64]
    out += [0.0, -0.0, 1.0, 0.5, 1e-8, -1e-8, 1e-5, 300.0, -129.0, 127.6, 255.5, 70000.0,
            65519.0, 65520.0, 448.0, 464.0, 1e300, 5e-324, float("nan"), float("inf"),
            float("-inf"), 3.0, 0.999, 1.001]
    return np.array(out, dtype="<f8")


def tolerance_fixtures():
    rng = np.random.default_rng(1414)
    b = boundary_values()
    noisy = np.concatenate([b, rng.standard_normal(500) * 10.0 ** rng.integers(-6, 4, 500)])
    ints = np.concatenate([np.arange(-300, 301, 7), [2 ** 24 + 1, 2 ** 31 - 1, -(2 ** 31), 65504,
                                                      65520, 70000, 2 ** 53 + 1]])
    yield "tol_f8.npy", noisy.astype("<f8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 1e300 overflows float32 and float16, as meant
        yield "tol_f4.npy", noisy.astype("<f4")
        yield "tol_f2_be.npy", noisy.astype(">f2")
    yield "tol_i4.npy", ints.astype("<i4")
    yield "tol_u8.npy", np.array([0, 1, 255, 256, 2 ** 53 + 1, 2 ** 63 + 2 ** 11 + 1,
                                  2 ** 64 - 1, 12345678901234567], dtype="<u8")


def load(rel):
    """A fixture's array: FILE or FILE.npz:NAME, relative to tests/fixtures."""
    path, _, name = rel.partition(":")
    a = np.load(os.path.join(FIXTURES, path))
    return a[name] if name else a


def target_of(name):
    return np.dtype(getattr(ml_dtypes, name)) if name in ML or name.startswith("float8") \
        else np.dtype(name)


def tolerance_of_file(a, target, rtol, atol):
    """(exceeding, worst_index) as the module docstring defines them, or None when numpy has no
    such cast."""
    t = target_of(target)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            stored = a.astype(t).astype(np.float64)
        except TypeError:
            return None
        exact = a.astype(np.float64)
        close = np.isclose(stored, exact, rtol=rtol, atol=atol)
        undefined = np.zeros(a.shape, dtype=bool)
        if t.kind in "iu" and a.dtype.kind not in "iub":
            info = np.iinfo(t)
            whole = np.trunc(exact)
            undefined = ~np.isfinite(exact) | (whole < info.min) | (whole > info.max)
        close &= ~undefined
        miss = np.abs(stored - exact)
        bound = atol + rtol * np.abs(exact)
        ok = np.isfinite(exact) & np.isfinite(miss) & (bound > 0) & ~undefined
        severity = np.where(ok, miss / np.where(bound > 0, bound, 1.0), np.inf)
    exceeding = int((~close).sum())
    worst = int(np.argmax(np.where(close, -1.0, severity))) if exceeding else None
    return exceeding, worst


def file_cases():
    os.makedirs(os.path.join(FIXTURES, "scan_tolerance"), exist_ok=True)
    files = []
    for name, a in tolerance_fixtures():
        np.save(os.path.join(FIXTURES, "scan_tolerance", name), a)
        files.append("scan_tolerance/" + name)
    # The deflated member inflates to 1.6 MB, past npmem's 1 MiB buffer; the stored .npz stays
    # small (a Rust test checks positions across the chunks of a large contiguous file).
    rng = np.random.default_rng(2)
    steps = (rng.integers(-64, 64, 200_000) / 16).astype("<f8")
    steps[[3, 131_072, 199_999]] = [0.03, 0.07, np.nan]
    stored = {"steps": steps[:5000], "bounds": boundary_values()}
    deflated = {"steps": steps, "bounds": boundary_values()}
    np.savez(os.path.join(FIXTURES, "scan_tolerance", "stored.npz"), **stored)
    np.savez_compressed(os.path.join(FIXTURES, "scan_tolerance", "deflated.npz"), **deflated)
    files += [f"scan_tolerance/stored.npz:{m}" for m in stored]
    files += [f"scan_tolerance/deflated.npz:{m}" for m in deflated]
    out = []
    for rel in files + SCAN_FILES:
        a = load(rel)
        for target in FILE_TARGETS:
            for rtol, atol in FILE_TOLERANCES:
                found = tolerance_of_file(a, target, rtol, atol)
                if found is None:
                    break
                exceeding, worst = found
                out.append({"file": rel, "to": target, "rtol": rtol, "atol": atol,
                            "elements": int(a.size), "exceeding": exceeding,
                            "worst_index": worst})
    return out


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
    write_lists(os.path.join(DATA, "tolerance.json"), [meta_member(meta)],
                [("cases", cases), ("files", file_cases())])


if __name__ == "__main__":
    main()
