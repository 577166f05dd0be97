"""Golden data for `npmem cast-check FILE TO`: what numpy's astype does to every value of a file.

Writes small .npy files with awkward values (NaN, infinities, subnormals, values at and past
each type's limits, fractions, wide integers) into tests/fixtures/scan/, then, for every
source x target pair, casts with numpy (ml_dtypes for bfloat16) and records what changed in
tests/data/scan.json.

Definitions (the contract the Rust tests check):
- changed: values whose cast is not the same number (NaN -> NaN is unchanged; NaN or an
  infinity into an integer or bool is changed; a value past an integer type's range is changed,
  whatever numpy's undefined out-of-range conversion happens to give).
- overflow: finite values that become infinite, plus values past an integer type's range
  (infinities into integers included).
- max_abs_error / max_rel_error: over changed values with a finite result, |cast - x| and
  |cast - x| / |x| (x != 0), in float64 arithmetic for float sources and exactly (then rounded
  to float64) for integer sources.
- smallest_lossless_dtype: the first dtype on LADDER (npmem's one ladder, src/dtype/ladder.rs:
  integers by size, unsigned first; then floats by size, ml_dtypes' small floats included) into
  which every value, as float64 (exact for every float source), casts and back unchanged (NaN
  staying NaN; -0 coming back as 0 counts as unchanged, as numpy's == has it).

Run through scripts/golden/golden.sh, or: VENV/bin/python scripts/golden/golden_scan.py
"""

import json
import math
import os
import sys
import warnings

import ml_dtypes
import numpy as np

from _common import DATA, REPO, generator, versions, write_text

FIXTURES = os.path.join(REPO, "tests", "fixtures", "scan")
OUT = os.path.join(DATA, "scan.json")

rng = np.random.default_rng(20261126)

# ml_dtypes' floats of eight bits or fewer (ml_dtypes casts arrays into them through float32).
ML_SMALL = [
    "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "float8_e4m3b11fnuz",
    "float8_e3m4", "float8_e4m3", "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn",
]

TARGETS = [
    "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
    "float16", "bfloat16", "float32", "float64",
] + ML_SMALL


# The smallest lossless dtype is the first of these that holds every value: the ladder npmem
# builds from its catalogue (src/dtype/ladder.rs documents the order), as it is on linux-x86_64.
LADDER = [
    "uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64",
    "float4_e2m1fn", "float6_e2m3fn", "float6_e3m2fn", "float8_e3m4", "float8_e4m3",
    "float8_e4m3fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2", "float8_e5m2fnuz",
    "float8_e8m0fnu", "float16", "bfloat16", "float32", "float64", "longdouble",
]

# Every ml_dtypes float: targets of the scan, or rungs of the ladder.
ML_FLOATS = set(ML_SMALL) | {"bfloat16", "float8_e8m0fnu"}


def target_dtype(name):
    if name in ML_FLOATS:
        return np.dtype(getattr(ml_dtypes, name))
    return np.dtype(name)


def ml_past(x, target):
    """Whether finite x goes past an ML format's largest value: float32 first, as ml_dtypes
    casts, then rounded to the format's precision (ties to even) with no exponent limit."""
    fi = ml_dtypes.finfo(target_dtype(target))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v = abs(float(np.float32(x)))
    if v == float("inf"):
        return True
    if v == 0.0:
        return False
    e = math.frexp(v)[1] - 1
    q = 2.0 ** (e - int(fi.nmant))
    return round(v / q) * q > float(fi.max)


def float_values(n):
    parts = [
        rng.standard_normal(n) * 10.0 ** rng.integers(-12, 12, n),
        np.round(rng.standard_normal(n) * 1000),
        rng.uniform(-70000, 70000, n),
        np.array([np.nan, np.inf, -np.inf, 5e-324, -5e-324, 2.0 ** -1074 * 3, 1e-310,
                  65504.0, 65519.99, 65520.0, -65520.0, 3.4028234663852886e38,
                  3.4028235677973366e38, 3.5e38, 1e300, -1e300, 2.0 ** 63, -(2.0 ** 63),
                  2.0 ** 64, 2.0 ** 53 + 2, 127.9, 128.0, -128.5, -129.0, 255.5, 256.0,
                  0.5, -0.5, 1.0, 0.1, 1.0000000000000002, 2.0 ** -24, 2.0 ** -25,
                  2.0 ** -25 * 1.0000001, 6.1e-5, 1.1754943508222875e-38,
                  3.3895313892515355e38, 3.3961e38, 1.00390625, 1.005859375]),
        # Just above a midpoint of the float8/6/4 grids: float32 rounds them onto the midpoint,
        # so ml_dtypes (through float32) rounds to even where one rounding would go up.
        np.array([s * (1.0 + 2.0 ** -(m + 1) + 2.0 ** -30) * 2.0 ** e
                  for m in (1, 2, 3, 4) for e in (-3, 0, 2) for s in (1.0, -1.0)]),
    ]
    return np.concatenate(parts)


def int_values(dtype, n):
    info = np.iinfo(dtype)
    lo, hi = int(info.min), int(info.max)
    edge = [lo, lo + 1, hi, hi - 1, 0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768,
            65535, 65536, 2 ** 24 + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 + 1, 2 ** 63 - 1,
            65504, 65520, 2 ** 24, 16777217]
    edge = [v for v in edge if lo <= v <= hi]
    random = rng.integers(lo, hi, n, dtype=dtype, endpoint=True)
    small = rng.integers(max(lo, -300), min(hi, 300), n, endpoint=True).astype(dtype)
    return np.concatenate([np.array(edge, dtype=dtype), random, small])


def sources():
    yield "f8.npy", float_values(600).astype("<f8")
    yield "f4.npy", float_values(600).astype("<f4")
    yield "f2.npy", float_values(300).astype("<f2")
    yield "f8_be.npy", float_values(200).astype(">f8")
    yield "f8_integral.npy", np.round(rng.standard_normal(500) * 200).astype("<f8")
    yield "f8_halfexact.npy", rng.integers(-2048, 2048, 400).astype("<f8") / 8
    yield "i8.npy", int_values(np.int64, 500)
    yield "u8.npy", int_values(np.uint64, 500)
    yield "i4.npy", int_values(np.int32, 500)
    yield "i2_be.npy", int_values(np.int16, 300).astype(">i2")
    yield "u1.npy", int_values(np.uint8, 300)
    yield "i1_small.npy", rng.integers(-100, 100, 300).astype(np.int8)
    yield "b1.npy", rng.integers(0, 2, 100).astype(bool)


def ladder_sources():
    """Small files whose smallest lossless dtype is each a different float rung of LADDER."""
    nan, inf = np.nan, np.inf
    yield "ladder_e2m1.npy", np.array([0.5, 1.5, -0.0, 6.0, -3.0], dtype="<f8")
    yield "ladder_e3m4.npy", np.array([nan, 0.5, -15.5, 0.0625], dtype="<f2")
    yield "ladder_e4m3.npy", np.array([-inf, 240.0, 2.0 ** -9], dtype="<f8")
    yield "ladder_e4m3fnuz.npy", np.array([2.0 ** -10, -0.0, 240.0, nan], dtype="<f8")
    yield "ladder_e4m3b11fnuz.npy", np.array([2.0 ** -13, 30.0], dtype="<f8")
    yield "ladder_e5m2.npy", np.array([2.0 ** -16, 57344.0, -inf], dtype="<f8")
    yield "ladder_e8m0.npy", np.array([2.0 ** -127, 2.0 ** 100, nan, 1.0, 0.5], dtype="<f8")
    yield "ladder_bf16.npy", np.array([2.0 ** -133, 3.0, -(2.0 ** 100)], dtype="<f4")
    yield "ladder_f16.npy", np.array([65504.0, 2.0 ** -24, 0.5], dtype="<f2")


def is_nan(x):
    return isinstance(x, float) and x != x


def py_values(a):
    """Exact Python numbers: ints for integer/bool arrays, floats for float arrays."""
    if a.dtype.kind in "iub":
        return [int(v) for v in a.tolist()]
    return [float(v) for v in a.astype(np.float64).tolist()]


def cast_pairs(a, target):
    """(original, cast result or None for out-of-range into an integer) per element."""
    t = target_dtype(target)
    xs = py_values(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ys = py_values(a.astype(t)) if t.kind not in "V" else None
        if target in ML_FLOATS:
            ys = [float(v) for v in a.astype(t).astype(np.float64).tolist()]
    out = []
    if t.kind in "iu":
        info = np.iinfo(t)
        for x, y in zip(xs, ys):
            if is_nan(x) or x in (float("inf"), float("-inf")):
                out.append((x, None))
                continue
            whole = int(x) if isinstance(x, float) else x  # int() truncates, as C does
            out.append((x, y if info.min <= whole <= info.max else None))
        return out
    return list(zip(xs, ys))


def same(x, y):
    if y is None:
        return False
    if is_nan(x) or is_nan(y):
        return is_nan(x) and is_nan(y)
    return x == y  # exact: Python compares int and float exactly


def stats(a, target):
    integer_source = a.dtype.kind in "iub"
    changed = overflow = 0
    abs_err = rel_err = 0.0
    for x, y in cast_pairs(a, target):
        if same(x, y):
            continue
        changed += 1
        x_inf = isinstance(x, float) and x in (float("inf"), float("-inf"))
        y_inf = isinstance(y, float) and y in (float("inf"), float("-inf"))
        if target in ML_SMALL:
            # Past the range is an overflow whatever the format makes of it (infinity, NaN,
            # or its largest value); errors count wherever both values are finite.
            x_finite = not (is_nan(x) or x_inf)
            if x_finite and ml_past(x, target):
                overflow += 1
            if not x_finite or is_nan(y) or y_inf:
                continue
        elif y is None:
            overflow += 0 if is_nan(x) else 1
            continue
        if y_inf and not x_inf:
            overflow += 1
            continue
        if is_nan(x) or is_nan(y) or x_inf:
            continue
        if integer_source:
            err = float(abs(int(y) - x))
            rel = err / abs(float(x)) if x != 0 else 0.0
        else:
            err = float(np.abs(np.float64(y) - np.float64(x)))
            rel = float(np.float64(err) / np.abs(np.float64(x))) if x != 0 else 0.0
        abs_err = max(abs_err, err)
        rel_err = max(rel_err, rel)
    return changed, overflow, abs_err, rel_err


def smallest_lossless(a):
    # Float sources as float64 (exact), so every rung is reached by a cast numpy has: ml_dtypes
    # registers none between some of its formats.
    values = a if a.dtype.kind in "iub" else a.astype(np.float64)
    for rung in LADDER:
        if all(same(x, y) for x, y in cast_pairs(values, rung)):
            return str(target_dtype(rung))
    return None


def show_minmax(a):
    if a.size == 0:
        return None, None
    if a.dtype.kind in "iub":
        v = a.astype(np.int64) if a.dtype.kind == "b" else a
        return str(int(v.min())), str(int(v.max()))
    f = a.astype(np.float64)
    f = f[np.isfinite(f)]
    if f.size == 0:
        return None, None
    return str(np.float64(f.min())), str(np.float64(f.max()))


def cases_for(file, a, targets):
    """One case per target: what numpy's astype does to every value of `a`."""
    f = a.astype(np.float64) if is_float_source(a) else None
    lo, hi = show_minmax(a)
    smallest = smallest_lossless(a)
    out = []
    for target in targets:
        try:
            changed, overflow, abs_err, rel_err = stats(a, target)
        except TypeError as e:
            # numpy (ml_dtypes) registers no such cast: npmem must refuse it too.
            out.append({"file": file, "to": target, "error": f"TypeError: {e}"})
            continue
        out.append({
            "file": file,
            "from": a.dtype.name if a.dtype.name in ML_SOURCES else str(a.dtype.newbyteorder("=")),
            "to": target,
            "elements": int(a.size),
            "min": lo,
            "max": hi,
            "nan_count": int(np.isnan(f).sum()) if f is not None else 0,
            "inf_count": int(np.isinf(f).sum()) if f is not None else 0,
            "changed": changed,
            "overflow": overflow,
            "max_abs_error": str(np.float64(abs_err)),
            "max_rel_error": str(np.float64(rel_err)),
            "smallest_lossless_dtype": smallest,
            "memory_saved_bytes": int(a.size) * (a.dtype.itemsize - target_dtype(target).itemsize),
            "lossless": changed == 0,
        })
    return out


# safetensors dtype name -> ml_dtypes format, for the float8 tensors.
F8_TENSORS = {
    "F8_E4M3": "float8_e4m3fn", "F8_E5M2": "float8_e5m2", "F8_E4M3FNUZ": "float8_e4m3fnuz",
    "F8_E5M2FNUZ": "float8_e5m2fnuz", "F8_E8M0": "float8_e8m0fnu",
}


def write_safetensors(path, tensors):
    header, data, offset = {}, b"", 0
    for name, a in tensors.items():
        raw = a.tobytes()
        header[name] = {"dtype": name, "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as fh:
        fh.write(len(text).to_bytes(8, "little") + text + data)


def is_float_source(a):
    return a.dtype.kind == "f" or a.dtype.name in ML_SOURCES


ML_SOURCES = set(F8_TENSORS.values())


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    cases = []
    for name, a in sources():
        np.save(os.path.join(FIXTURES, name), a)
        cases += cases_for(f"scan/{name}", a, TARGETS)
    for name, a in ladder_sources():
        np.save(os.path.join(FIXTURES, name), a)
        cases += cases_for(f"scan/{name}", a, ["float16", "float8_e5m2"])
    # The same checks on deflated .npz members (np.savez_compressed), one of them over 2 MiB
    # inflated so the stream crosses npmem's 1 MiB buffers.
    member_rng = np.random.default_rng(7)
    members = {
        "steps": (member_rng.integers(-8, 8, 300_000) / 4).astype("<f8"),
        "wide": float_values(200).astype("<f8"),
        "be16": int_values(np.int16, 300).astype(">i2"),
    }
    np.savez_compressed(os.path.join(FIXTURES, "members.npz"), **members)
    for name, a in members.items():
        cases += cases_for(f"scan/members.npz:{name}", a,
                           ["int8", "int16", "uint16", "float16", "bfloat16", "float32"])
    # float8 tensors in a safetensors file (written by hand: 8-byte header length, JSON header,
    # data), each holding every one of its format's 256 encodings.
    tensors = {name: np.arange(256, dtype=np.uint8).view(getattr(ml_dtypes, fmt))
               for name, fmt in F8_TENSORS.items()}
    write_safetensors(os.path.join(FIXTURES, "f8.safetensors"), tensors)
    for name, a in tensors.items():
        cases += cases_for(f"scan/f8.safetensors:{name}", a, TARGETS)
    doc = {
        "generator": generator(__file__),
        "versions": versions("python", np, ml_dtypes, "platform"),
        "cases": cases,
    }
    write_text(OUT, json.dumps(doc, indent=1) + "\n")
    print(f"golden_scan.py: {len(cases)} cases -> {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
