#!/usr/bin/env python3
"""Golden data for npmem's chunking: what Dask's normalize_chunks gives for CLI-typed inputs.

Writes tests/data/chunks.json: for a few hundred cases (hand-picked sections, then a seeded
random sweep), the result or the error of

    dask.array.core.normalize_chunks(chunks, shape=shape, limit=limit, dtype=dtype,
                                     previous_chunks=previous_chunks)

where every argument is described as the text a user types on npmem's command line, so the Rust
tests can parse the same text with npmem's own parsers and compare.

CLI text -> Dask arguments (the contract; see cli_to_dask()):
- --chunks TEXT:
  - "auto" -> "auto".
  - starts with "(" or "[" -> ast.literal_eval(TEXT), lists turned into tuples recursively
    (e.g. "((2,2,1),(3,3))", "((5,5),'auto')").
  - otherwise split on "," and "x", each entry stripped of surrounding spaces:
    "auto" -> "auto"; "None"/"none" -> None; an integer literal ("-1", "1000", "1_000") ->
    int; anything else containing a letter (a byte size: "1kiB", "64MiB", "5.4kB", "1e6") ->
    that string.  One entry -> the entry itself (Dask broadcasts it to every dimension);
    several entries -> a tuple.
- --chunk-size TEXT (limit): absent (null) -> None (Dask falls back to its config
  "array.chunk-size", recorded as default_limit); only digits -> int(TEXT); otherwise the
  string, EXCEPT when the chunks hold a byte-size string entry (top level, or the broadcast
  single entry): then dask.utils.parse_bytes(TEXT), an int, because npmem parses --chunk-size
  before comparing it with byte-size chunk entries.  An error from that parse_bytes is recorded
  as the case's error, like Dask's own.
- --previous-chunks TEXT: starts with "(" or "[" -> literal_eval with lists turned into tuples
  (e.g. "((10,10,5),(20,))"); otherwise split on "," and "x" -> tuple of ints.
- dtype TEXT: np.dtype(getattr(ml_dtypes, TEXT)) for the ml_dtypes names (bfloat16,
  float8_e4m3fn, ...); np.dtype(TEXT) otherwise.

Output (tests/data/chunks.json), one case per line, in generation order, deduplicated:
  {"generator": ..., "versions": {"dask", "numpy", "ml_dtypes", "python"},
   "default_limit": parse_bytes(dask.config.get("array.chunk-size")),
   "counts": {"cases", "results", "errors": {type: n}, "skipped_too_big"},
   "cases": [{"shape": [ints], "dtype": str, "chunks": str, "limit": str|null,
              "previous_chunks": str|null, "result": [[ints], ...]|null,
              "error": null|{"type": str, "message": str}}]}
Exactly one of result/error is non-null.  error.type is type(e).__name__ of any Exception
normalize_chunks raised and error.message is str(e).

Cases whose result would hold more than MAX_ENTRIES chunk sizes (summed over dimensions) are
skipped, not recorded.  To find them without building tuples of 10**12 entries, this script
wraps dask.array.core.blockdims_from_blockshape (which expands every integer chunk size, both
for the result and for previous_chunks) with a guard that counts ceil(dim / chunk) first and
aborts the case when it exceeds the cap; below the cap the wrapper calls the original unchanged,
so recorded results are exactly Dask's.

Run through scripts/golden/golden.sh, or: VENV/bin/python scripts/golden/golden_chunks.py
"""

import ast
import json
import os
import random
import re
import signal
import sys

import dask
import dask.array.core as dac
import ml_dtypes
import numpy as np
from dask.utils import parse_bytes

from _common import DATA, REPO, generator, versions, write_lists

OUT = os.path.join(DATA, "chunks.json")

MAX_ENTRIES = 20000
TIMEOUT_SECONDS = 20
RANDOM_CASES = 170
SEED = 20260807

ML_NAMES = {
    "bfloat16", "float8_e4m3fn", "float8_e5m2", "float4_e2m1fn", "int4", "uint4",
    "float6_e2m3fn", "float8_e8m0fnu",
}

DTYPES = [
    "float64", "float32", "f2", "float16", "int8", "i2", "int32", "uint64", "bool", "c8",
    "complex128", "c32", "g", "U10", "S5", "S1", "V7", "M8[ns]", "m8[s]", "f8,i4", "(2,3)f4",
    "O", "T", "S0", "V0", "bfloat16", "float8_e4m3fn", "float8_e5m2", "float4_e2m1fn", "int4",
    "uint4", "float6_e2m3fn", "float8_e8m0fnu",
]

LIMITS = [
    None, "1", "0", "1000", "1000000", "134217728", "99999999999999999999", "1kiB", "64MiB",
    "100MB", "5.4kB", "4.35kB", "1e6", "1GB", "0.5GiB", "2TiB", "1e20", "MB", "5foos", "-5MB",
]

BYTE_CHUNKS = ["1kiB", "4kB", "64MiB", "1MiB", "5.4kB", "1e6", "128MiB", "100MB", "1GB", "1B"]


# ---------------------------------------------------------------------------
# CLI text -> Dask arguments
# ---------------------------------------------------------------------------

INT_RE = re.compile(r"^[+-]?\d+(_\d+)*$")


def to_tuples(x):
    """Lists -> tuples, recursively (what a literal typed with [] means)."""
    if isinstance(x, (list, tuple)):
        return tuple(to_tuples(v) for v in x)
    if isinstance(x, dict):
        return {k: to_tuples(v) for k, v in x.items()}
    return x


def split_entries(text):
    return [e.strip() for e in re.split(r"[,x]", text.strip())]


def chunk_entry(e):
    if e == "auto":
        return "auto"
    if e in ("None", "none"):
        return None
    if INT_RE.match(e):
        return int(e)
    if any(ch.isalpha() for ch in e):
        return e
    raise SystemExit(f"golden_chunks.py: generator bug: unparseable chunk entry {e!r}")


def parse_chunks(text):
    t = text.strip()
    if t == "auto":
        return "auto"
    if t[:1] in "([{":
        return to_tuples(ast.literal_eval(t))
    entries = [chunk_entry(e) for e in split_entries(t)]
    return entries[0] if len(entries) == 1 else tuple(entries)


def has_byte_chunk(chunks):
    """A byte-size string among the top-level chunk entries (or the broadcast single entry)."""
    entries = chunks if isinstance(chunks, tuple) else (chunks,)
    return any(isinstance(c, str) and c != "auto" for c in entries)


def parse_limit(text, chunks):
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    if has_byte_chunk(chunks):
        return parse_bytes(text)  # may raise: recorded as the case's error
    return text


def parse_previous(text):
    if text is None:
        return None
    t = text.strip()
    if t[:1] in "([":
        return to_tuples(ast.literal_eval(t))
    return tuple(int(e) for e in split_entries(t))


def parse_dtype(text):
    if text in ML_NAMES:
        return np.dtype(getattr(ml_dtypes, text))
    return np.dtype(text)


def cli_to_dask(shape, dtype, chunks, limit, previous):
    """The keyword arguments of normalize_chunks for one case (limit parsing may raise)."""
    c = parse_chunks(chunks)
    return dict(chunks=c, shape=tuple(shape), limit=parse_limit(limit, c),
                dtype=parse_dtype(dtype), previous_chunks=parse_previous(previous))


# ---------------------------------------------------------------------------
# running Dask
# ---------------------------------------------------------------------------


class TooBig(BaseException):
    """The case would expand a dimension into more than MAX_ENTRIES chunks: skip it."""


class TimedOut(BaseException):
    pass


_original_blockdims = dac.blockdims_from_blockshape


def _guarded_blockdims(shape, chunks):
    total = 0
    for d, c in zip(shape, chunks):
        try:
            d, c = int(d), int(c)
        except (TypeError, ValueError, OverflowError):
            continue  # let Dask report it
        if d > 0 and c > 0:
            total += -(-d // c)
    if total > MAX_ENTRIES:
        raise TooBig()
    return _original_blockdims(shape, chunks)


dac.blockdims_from_blockshape = _guarded_blockdims


def _alarm(signum, frame):
    raise TimedOut()


def as_int(v):
    if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
        raise SystemExit(f"golden_chunks.py: non-integer chunk {v!r} in a result")
    return int(v)


def run(shape, dtype, chunks, limit, previous):
    """A case dict, or None (skipped: too many chunks, or too slow)."""
    case = {"shape": list(shape), "dtype": dtype, "chunks": chunks, "limit": limit,
            "previous_chunks": previous, "result": None, "error": None}
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT_SECONDS)
    try:
        kwargs = cli_to_dask(shape, dtype, chunks, limit, previous)
        result = dac.normalize_chunks(**kwargs)
    except (TooBig, MemoryError):
        return None
    except TimedOut:
        print(f"golden_chunks.py: warning: timed out, skipped: {case}", file=sys.stderr)
        return None
    except Exception as e:  # noqa: BLE001 -- every Dask error is data
        case["error"] = {"type": type(e).__name__, "message": str(e)}
        return case
    finally:
        signal.alarm(0)
    if sum(len(r) for r in result) > MAX_ENTRIES:
        return None
    case["result"] = [[as_int(v) for v in dim] for dim in result]
    return case


# ---------------------------------------------------------------------------
# cases
# ---------------------------------------------------------------------------


def dims_text(xs, sep=","):
    return sep.join(str(x) for x in xs)


def handpicked():
    """(shape, dtype, chunks, limit, previous) tuples, section by section."""
    out = []
    add = lambda shape, dtype, chunks, limit=None, prev=None: out.append(  # noqa: E731
        (tuple(shape), dtype, chunks, limit, prev))

    # 0-d, zero-length, size-1, primes
    add([], "float64", "auto")
    add([], "float64", "auto", "1")
    add([], "int8", "()")
    add([], "float64", "(5,)")
    add([0], "float64", "auto")
    add([0, 0], "float64", "auto")
    add([0, 0], "float64", "()")
    add([0, 10], "float64", "auto")
    add([10, 0], "float64", "auto", "1")
    add([0, 10], "float64", "5,5")
    add([0, 10], "float64", "0,5")
    add([10, 0], "float64", "5,0")
    add([1], "float64", "auto")
    add([1, 1, 1], "float64", "auto", "1")
    add([1, 1000000, 1], "float64", "auto", "1MiB")
    for shape in ([7], [97], [7919], [65537], [104729], [7919, 104729], [97, 89, 83],
                  [1000003], [2 ** 31 - 1], [999983, 3], [13, 17, 19, 23, 29]):
        add(shape, "float64", "auto")
        add(shape, "int8", "auto", "1000")
    for shape in ([1000], [10000, 10000], [3000, 3000, 3000], [100, 200, 300, 400],
                  [10, 20, 30, 40, 50]):
        add(shape, "float64", "auto")

    # every dtype kind, auto chunks
    for dt in DTYPES:
        add([100000, 1000], dt, "auto")
        add([50, 60], dt, "auto", "100")
    for dt in ("O", "T", "S0", "V0", "f8,i4"):
        add([50, 60], dt, "10,-1")
        add([], dt, "auto")
    for dt in ("O", "T", "S0", "V0"):
        add([100, 100], dt, "auto", None, "10x10")
        add([100, 100], dt, "auto,-1", "1000", "10x10")
        add([100], dt, "1kiB")

    # limits
    for lim in LIMITS:
        add([10000, 10000], "float64", "auto", lim)
        add([100, 100, 100], "float32", "auto,-1,auto", lim)
        add([1000, 1000], "float64", "1kiB", lim)
    for lim in ("1kiB", "1024", "1KiB", "1.024kB", "1000", "2kiB"):
        add([10000], "float32", "1kiB", lim)
    add([100, 100], "float64", "auto", "128 MiB")

    # per-dimension mixes
    for shape, chunks in [
        ([100, 200, 5000], "auto,-1,1000"), ([10000, 10000], "-1,auto"),
        ([10000, 10000], "auto,-1"), ([10000, 10000], "1000x1000"), ([10000, 10000], "10"),
        ([10000, 10000], "1000,auto"), ([10000, 10000], "-1"), ([10000, 10000], "-1,-1"),
        ([100, 100], "None,10"), ([100, 100], "None,None"), ([100, 100], "None"),
        ([100, 100], "none,auto"), ([100], "None"), ([100, 100, 100], "auto,None,-1"),
        ([100, 100, 100], "5x-1x7"), ([100, 100, 100], "auto x 10 x auto"),
        ([100, 100, 100], "auto, 10, auto"), ([1000, 1000], "1_000,2_5"), ([1000], "1_000"),
        ([10, 10], "+5,3"), ([10, 10], "-2,3"), ([9, 10], "-2,3"), ([10, 10], "-5"),
        ([10, 10], "0,5"), ([10, 10], "0"), ([0, 10], "0"), ([10, 10], "20,30"),
        ([10, 10], "11"), ([10], "1000000000000"), ([10, 10], "10,10,10"),
        ([10, 10, 10], "10,10"), ([10, 10], "auto,auto,auto"), ([10], "auto,auto"),
        ([10, 10], "(5,5,5)"), ([10, 10], "[5,5]"), ([10, 10], "(5,'auto')"),
        ([10, 10], "(5,None)"), ([10, 10], "(5,-1)"), ([10, 10], "((5,5),'auto')"),
        ([10, 10], "((5,5),-1)"), ([10, 10], "((5,5),(3,3,4))"), ([10, 10], "[[5,5],[10]]"),
        ([5, 6], "((2,2,1),(3,3))"), ([5, 6], "((2,2,1),(3,2))"), ([5, 6], "((2,2,2),(3,3))"),
        ([5, 6], "((2,2,1),)"), ([5, 6], "((5,),(6,),(1,))"), ([5, 6], "((5,),())"),
        ([0, 6], "((0,),(6,))"), ([0, 6], "((),(6,))"), ([5, 6], "((0,5),(6,0))"),
        ([5, 6], "((6,-1),(6,))"), ([5], "((5,),)"), ([5], "(5,)"), ([5], "((1,1,1,1,1),)"),
        ([10], "3,3,4"), ([10], "3x3x4"), ([10], "3,3,3"), ([10], "5,auto"), ([10], "(3,3,4)"),
        ([10], "((3,3,4),)"), ([10], "3,3,4,0"), ([10], "10,0"), ([10], "-1,-1"),
        ([10], "None,None"), ([10], "auto,5,5"), ([10], "1kiB,auto"),
        ([10, 20], "3,3,4"), ([], "5"), ([], "auto,auto"), ([], "((5,),)"),
    ]:
        add(shape, "float64", chunks)
    add([10, 10], "float64", "auto", "1", "((5,5),(5,5))")

    # byte-size chunks
    for shape in ([2000], [1000, 1000], [10000, 100, 10], [10 ** 6, 10 ** 6]):
        for bc in ("1kiB", "4kB", "64MiB", "5.4kB", "1B"):
            add(shape, "float32", bc)
    for chunks, lim in [
        ("64MiB,auto", None), ("64MiB,auto", "64MiB"), ("64MiB,auto", "67108864"),
        ("64MiB,auto", "1MiB"), ("64MiB,64MiB", None), ("64MiB,1MiB", None),
        ("1MiB,auto", "1MiB"), ("-1,1MiB", None), ("1000,1MiB", None), ("1MiB,1000", "2MiB"),
        ("1MiB,None", None), ("1kiB", "1kB"), ("1kiB", "1024"), ("1kiB", "1000"),
        ("1kiB", "5foos"), ("1kiB", "MB"), ("1kiB", "99999999999999999999"),
        ("1e20", "1e20"), ("1e20", "99999999999999999999"), ("1e20", "100000000000000000000"),
        ("1e20", None), ("5foos", None), ("abc,auto", None), ("-5MB", None),
        ("0kB", None), ("0.5B", None), ("((5,5),'1kiB')", None), ("((5,5),'1kiB')", "1kiB"),
        ("((5,5),'1kiB')", "2kiB"), ("('1kiB','2kiB')", None),
    ]:
        add([1000, 1000], "float64", chunks, lim)
    add([10, 1000], "float64", "((5,5),'1kiB')")
    add([10, 1000], "float64", "((5,5),'1kiB')", "1kiB")
    for dt in ("O", "T", "S0", "bfloat16", "float4_e2m1fn", "c32", "U10"):
        add([100000], dt, "1kiB")

    # previous_chunks
    prev = [
        # (shape, chunks, limit, previous)
        ([1000, 2000], "auto", None, "100x200"),
        ([1000, 2000], "auto", "1MiB", "100x200"),
        ([1000, 2000], "auto", "10kB", "100x200"),
        ([1000, 2000], "auto", "1000", "100x200"),
        ([1000, 2000], "auto", "1", "100x200"),
        ([1000, 2000], "auto", "1", "1x1"),
        ([100, 100], "auto", "1000", "1x1"),
        ([1000, 2000], "auto", "0", "1000x2000"),
        ([1000, 2000], "auto", None, "1000x2000"),
        ([1000, 2000], "auto", "1MiB", "1000x2000"),
        ([1000, 2000], "auto", "1MiB", "1000,2000"),
        ([100000, 100000], "auto", None, "1000x1000"),
        ([100000, 100000], "auto", "1GB", "1000x1000"),
        ([100000, 100000], "auto", "1MB", "50000x50000"),
        ([100000, 100000], "auto", "1MiB", "30000x70000"),
        ([100000, 100000], "auto", "1MiB", "33333x33333"),
        ([100000, 100000], "auto", "100MB", "7x13"),
        ([100000, 100000], "auto", "100MB", "10x10"),
        ([100000, 100000], "auto", "100MB", "999x1001"),
        ([10000, 10000], "auto,-1", "1MiB", "100x100"),
        ([10000, 10000], "-1,auto", "1MiB", "100x100"),
        ([10000, 10000], "1000,auto", "1MiB", "100x100"),
        ([10000, 10000], "auto,-1", "1MiB", "5000x5000"),
        ([10000, 10000], "auto,1000", None, "100x100"),
        ([10000, 10000], "1000,1000", "1MiB", "100x100"),
        ([10000, 10000], "1000,1000", "1MiB", "0x0"),
        ([10000, 10000], "auto", "1MiB", "0x0"),
        ([10000, 10000], "auto", "1MiB", "100"),
        ([10000, 10000], "auto", "1MiB", "100x100x100"),
        ([10000], "auto", "1MiB", "100x100"),
        ([0, 100], "auto", None, "0x10"),
        ([0, 100], "auto", "100", "0x10"),
        ([100, 0], "auto", "100", "10x0"),
        ([0, 0], "auto", None, "0x0"),
        ([1, 1000000], "auto", "1MiB", "1x1000"),
        ([1000000, 1], "auto", "1MiB", "1000x1"),
        ([1, 1], "auto", None, "1x1"),
        ([1000000], "auto", "1MiB", "1"),
        ([1000000], "auto", "1kB", "999999"),
        ([1000000], "auto", "1kB", "1000000"),
        ([1000000], "auto", "1MB", "1000000"),
        ([1000000], "auto", "1MB", "3"),
        ([1000000], "auto", "1MB", "7"),
        ([1000000], "auto", "100kB", "333333"),
        ([100], "auto", "100", "((10,10,10,10,10,10,10,10,10,10),)"),
        ([50], "auto", "100", "((20,),)"),
        ([50], "auto", "100", "((20,20,10),)"),
        ([50], "auto", "10000", "((20,),)"),
        ([25, 20], "auto", "800", "((10,10,5),(20,))"),
        ([25, 20], "auto", "80", "((10,10,5),(20,))"),
        ([25, 20], "auto", "8000", "((10,10,5),(20,))"),
        ([25, 20], "auto", "1600", "((1,2,3,4,5,10),(5,5,5,5))"),
        ([25, 20], "auto", "400", "((1,2,3,4,5,10),(5,5,5,5))"),
        ([25, 20], "auto", "400", "((10,10,5),(2,18))"),
        ([25, 20], "auto", "400", "((10,10,4),(20,))"),
        ([25, 20], "auto", "400", "((10,10,5),)"),
        ([100, 100], "auto", "8000", "(" + "(" + "1," * 100 + "),(50,50))"),
        ([100, 100], "auto", "8000", "[[50,50],[25,25,25,25]]"),
        ([100, 100, 100], "auto", "1MB", "10x10x10"),
        ([100, 100, 100], "auto", "1kB", "10x10x10"),
        ([100, 100, 100], "auto", "1kB", "100x100x100"),
        ([100, 100, 100], "auto,-1,auto", "100kB", "10x10x10"),
        ([100, 100, 100], "auto,10,auto", "10kB", "10x10x10"),
        ([100, 200, 300, 400], "auto", "1MiB", "10x20x30x40"),
        ([100, 200, 300, 400], "auto", "1kiB", "10x20x30x40"),
        ([100, 200, 300, 400], "auto", "64MiB", "100x200x300x400"),
        ([100, 200, 300, 400], "auto,-1,-1,auto", "64MiB", "1x1x1x1"),
        ([10, 20, 30, 40, 50], "auto", "1MiB", "3x7x11x13x17"),
        ([10, 20, 30, 40, 50], "auto", "100kB", "10x20x30x40x50"),
        ([10, 20, 30, 40, 50], "auto", "1", "10x20x30x40x50"),
        ([10 ** 12], "auto", None, "1000000000"),
        ([10 ** 12], "auto", "1GB", "10000000000"),
        ([10 ** 12, 10 ** 12], "auto", "1TiB", "1000000000x1000000000"),
        ([10 ** 12, 10 ** 12], "auto", "1TiB", "1"),
    ]
    for shape, chunks, lim, p in prev:
        add(shape, "float64", chunks, lim, p)
    for dt in ("int8", "complex128", "c32", "U10", "bfloat16", "(2,3)f4", "f8,i4", "V7"):
        add([10000, 10000], dt, "auto", "1MiB", "100x100")
    add([10000], "float64", "1kiB", None, "100")
    add([10000], "float64", "1kiB", "1kiB", "20000")

    # huge shapes
    for shape, chunks, lim in [
        ([10 ** 12], "auto", None), ([10 ** 12], "auto", "1TiB"), ([10 ** 12], "auto", "2TiB"),
        ([10 ** 12], "auto", "1e20"), ([10 ** 12], "-1", None), ([10 ** 12], "10000000000", None),
        ([10 ** 12], "999999999999", None), ([10 ** 12, 10 ** 12], "-1,-1", None),
        ([10 ** 12, 10 ** 12], "auto,-1", "1e20"), ([10 ** 12, 10 ** 12], "-1,auto", "2TiB"),
        ([10 ** 12, 10 ** 12], "auto", "1e20"), ([10 ** 12, 10 ** 12], "auto", "99999999999999999999"),
        ([10 ** 12, 10 ** 12, 10 ** 12], "auto", "1e20"),
        ([10 ** 12, 10 ** 12, 10 ** 12], "-1,-1,-1", None),
        ([10 ** 12] * 5, "-1", None), ([10 ** 12] * 5, "1000000000000", None),
        ([2 ** 63 - 1], "auto", "1e20"), ([2 ** 64], "-1", None), ([2 ** 64 + 1], "2x2", None),
        ([10 ** 12, 3], "100000000000x1", None), ([10 ** 12, 3], "100000000000,auto", None),
        ([3, 10 ** 12], "auto,1000000000000", None), ([10 ** 12], "1TiB", None),
        ([10 ** 12], "2TiB", None), ([10 ** 12, 10 ** 12], "2TiB", "2TiB"),
        ([10 ** 6, 10 ** 6, 10 ** 6], "auto", "1GB"), ([10 ** 6] * 4, "auto", "1GB"),
    ]:
        add(shape, "float64", chunks, lim)
        if "auto" in chunks and lim is None or "-1" in chunks:
            add(shape, "int8", chunks, lim)
    # dicts from axis to chunks (axes left out are whole; keys past the last axis ignored)
    for shape, chunks, limit in [
        ([100, 1000], "{0: 30, 1: 'auto'}", "8000"),
        ([100, 1000], "{1: 30, 5: 7}", None),
        ([100, 1000], "{0: -1}", None),
        ([100, 1000], "{}", None),
        ([100, 1000, 10], "{2: 'auto', 0: 10}", "1kiB"),
        ([100, 1000], "{0: (50, 50)}", None),
        ([100, 1000], "{0: (50, 40)}", None),
        ([100, 1000], "{0: 'auto', 1: 'auto'}", "64kB"),
        ([100, 1000], "{0: '1kiB'}", None),
        ([100, 1000], "{0: 0}", None),
    ]:
        add(shape, "float64", chunks, limit)
        add(shape, "int8", chunks, limit, "10x100" if "auto" in chunks else None)
    return out


def random_cases(rng):
    """An endless stream of random (shape, dtype, chunks, limit, previous)."""
    small = [0, 1, 2, 3, 5, 7, 10, 13, 16, 97, 100, 128, 250, 1000, 1024, 4096, 7919, 10000,
             65537, 100000, 10 ** 6]
    huge = [10 ** 9, 2 ** 40 + 1, 10 ** 12]
    while True:
        ndim = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4, 5])
        shape = [rng.choice(huge) if rng.random() < 0.08 else rng.choice(small)
                 for _ in range(ndim)]
        dtype = rng.choice(DTYPES)
        limit = rng.choice(LIMITS + [None, None, None])
        byte = rng.choice(BYTE_CHUNKS)
        form = rng.random()
        if ndim == 0 or form < 0.15:
            chunks = rng.choice(["auto", "auto", "-1", "None", byte, str(rng.choice(small[1:]))])
        elif form < 0.25:
            # explicit literal, sometimes not adding up
            dims = []
            for s in shape:
                if s > 200 or rng.random() < 0.2:
                    dims.append(rng.choice(["'auto'", "-1", str(rng.randint(1, 50))]))
                    continue
                parts, left = [], s
                while left > 0:
                    p = min(left, rng.randint(1, max(1, s // 2)))
                    parts.append(p)
                    left -= p
                if rng.random() < 0.2:
                    parts.append(rng.randint(0, 3))
                parts = parts or [0]
                dims.append("(" + ",".join(map(str, parts)) + ("," if len(parts) == 1 else "") + ")")
            chunks = "(" + ",".join(dims) + ("," if len(dims) == 1 else "") + ")"
        else:
            entries = []
            for s in shape:
                r = rng.random()
                if r < 0.35:
                    entries.append("auto")
                elif r < 0.45:
                    entries.append("-1")
                elif r < 0.5:
                    entries.append("None")
                elif r < 0.58:
                    entries.append(byte if rng.random() < 0.85 else rng.choice(BYTE_CHUNKS))
                elif r < 0.62:
                    entries.append(str(rng.choice([0, s + 1, 2 * s + 3])))
                else:
                    lo = max(1, s // 1000)
                    entries.append(str(rng.randint(lo, max(lo, s))))
            if rng.random() < 0.05:
                entries.append(rng.choice(["auto", "10"]))  # one dimension too many
            chunks = rng.choice([",", "x"]).join(entries)
        previous = None
        if "auto" in chunks and ndim > 0 and rng.random() < 0.45:
            if rng.random() < 0.7:
                previous = rng.choice([",", "x"]).join(
                    str(rng.choice([1, max(1, s // rng.choice([1, 2, 3, 7, 10, 100])),
                                    rng.randint(1, max(1, s)), s if s else 0]))
                    for s in shape)
            else:
                dims = []
                for s in shape:
                    parts, left = [], s
                    while left > 0:
                        p = min(left, rng.randint(1, max(1, s // 3)))
                        parts.append(p)
                        left -= p
                    parts = parts or [0]
                    dims.append("(" + ",".join(map(str, parts)) + ",)")
                previous = "(" + ",".join(dims) + ",)"
                if len(previous) > 400:
                    previous = None
        yield tuple(shape), dtype, chunks, limit, previous


ZARR_DIR = os.path.join(REPO, "tests", "fixtures", "files", "zarr")


def zarr_cases():
    """da.from_zarr on every Zarr fixture: its chunks as Dask plans them, for CLI-typed
    --chunks (null: from_zarr's default, the storage chunks) and --chunk-size (Dask's
    array.chunk-size config, which from_zarr's auto chunks use)."""
    import dask.array as da

    out = []
    for name in sorted(os.listdir(ZARR_DIR)):
        path = os.path.join(ZARR_DIR, name)
        for chunks in [None, "auto", "auto,-1", "-1,auto", "auto,auto", "10x10", "4kB"]:
            for limit in [None, "8kB", "1kiB", "100B", "64MiB"]:
                if chunks == "4kB" and limit is not None:
                    # --chunk-size is Dask's limit=, which a byte-size chunk must equal;
                    # from_zarr takes no limit (only the config), so there is no Dask twin.
                    continue
                case = {"path": f"zarr/{name}", "chunks": chunks, "limit": limit,
                        "result": None, "error": None}
                try:
                    c = None if chunks is None else parse_chunks(chunks)
                    config = {} if limit is None else {"array.chunk-size": parse_bytes(limit)}
                    with dask.config.set(config):
                        result = da.from_zarr(path, chunks=c).chunks
                    case["result"] = [[as_int(v) for v in dim] for dim in result]
                except Exception as e:  # noqa: BLE001 -- every Dask error is data
                    case["error"] = {"type": type(e).__name__, "message": str(e)}
                out.append(case)
    return out


def main():
    seen = set()
    cases = []
    skipped = 0

    def take(key):
        nonlocal skipped
        if key in seen:
            return False
        seen.add(key)
        case = run(*key)
        if case is None:
            skipped += 1
            return False
        cases.append(case)
        return True

    for key in handpicked():
        take(key)
    n_hand = len(cases)
    rng = random.Random(SEED)
    stream = random_cases(rng)
    while len(cases) - n_hand < RANDOM_CASES:
        take(next(stream))

    errors = {}
    for c in cases:
        if c["error"]:
            errors[c["error"]["type"]] = errors.get(c["error"]["type"], 0) + 1
    meta = {
        "generator": generator(__file__),
        "versions": versions(dask, __import__("zarr"), np, ml_dtypes, "python"),
        "default_limit": parse_bytes(dask.config.get("array.chunk-size")),
        "counts": {
            "cases": len(cases),
            "results": sum(1 for c in cases if c["result"] is not None),
            "errors": dict(sorted(errors.items())),
            "skipped_too_big": skipped,
        },
    }
    # meta's members at the top level, one per line, in this order; then the two lists
    head = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()]
    write_lists(OUT, head, [("zarr", zarr_cases()), ("cases", cases)])
    print(f"golden_chunks.py: {len(cases)} cases ({n_hand} hand-picked), errors {errors}, "
          f"{skipped} skipped as too big -> {OUT} ({os.path.getsize(OUT)} bytes)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
