#!/usr/bin/env python3
"""Measured peak memory of numpy array data for the `npmem peak` corpus.

Writes tests/data/peak.json (relative to the repo root) from the scripts in
tests/peak/corpus/*.py, and creates the small input files in tests/peak/data/
when they are missing.  Run through scripts/golden/peak.sh (numpy==2.5.5,
CPython 3.12).  The Rust tests only read the JSON.

What is run
-----------
Every corpus script runs at its default sizes and at the extra sizes listed in
its `# golden-sizes:` comment (`N=8000; N=16000, D=32` means two more runs).
A size is applied by parsing the script with `ast`, finding the top-level
`NAME = <int literal>` assignments and splicing the new literal in place of
the old one on the same line, so every line number stays the same.  Each run
is a fresh interpreter (`peak.py --child ...`), twice: once as is and once with
numpy's temporary elision switched off (see below).

How a run is measured
---------------------
1. The child imports numpy and the submodules numpy loads lazily on first use
   (numpy.random, numpy.linalg, numpy.fft, numpy.ma - np.unique imports it -,
   numpy.lib.format), zipfile, tempfile, mmap and every module the script
   imports anywhere (found with `ast`), so that no import happens while
   measuring.
2. It installs a counting numpy data-memory handler (`PyDataMem_SetHandler`,
   numpy's public C API, reached through ctypes): malloc/calloc/realloc/free
   of libc, plus a running total of live bytes and a peak.  Every array buffer
   numpy allocates goes through this handler (`PyDataMem_UserNEW*`), and those
   are exactly the allocations numpy reports to tracemalloc in its domain
   `np.lib.tracemalloc_domain` (389047), with the same sizes.  tracemalloc
   itself only keeps one total and one peak over all domains, so the handler
   is how the numpy domain's own peak is obtained without a snapshot per
   allocation.  (numpy's few `PyDataMem_NEW` users - item-sized scalar
   buffers and lexsort's per-lane buffers - are in domain 389047 but not in
   the handler; no corpus script depends on them.)  `--verify-domain` checks
   the equality: at every line end it compares the handler's live bytes with
   a tracemalloc snapshot of domain 389047 (all 111 runs agree exactly).  The
   handler also asks for transparent huge pages on buffers of 4 MiB and more,
   as numpy's default allocator does; that changes speed, not sizes.
3. It starts tracemalloc, notes the baseline (0 numpy bytes; the traced bytes
   so far), and runs the compiled script with `sys.monitoring` (PEP 669)
   events LINE, PY_START/PY_RESUME and PY_RETURN/PY_YIELD/PY_UNWIND for code
   objects whose filename is the script (module code, the script's functions,
   generator expressions; other code is disabled on first sight).
4. At every such event the time since the previous event is charged to the
   script line that was running: its numpy peak (handler) and its traced peak
   (tracemalloc, all domains) since the previous event, then both peaks are
   reset.  A LINE event or a return ends the running line, and the live bytes
   at that moment are its `live_bytes`; a call into a script function only
   pauses it (the callee's lines get their own charges, and the caller's line
   is charged again for what it does after the call returns).  So the peak of
   `y = f(x) + 1` that happens inside `f` belongs to f's line; the peak of
   the `+ 1` belongs to the calling line.  sys.monitoring hands the callbacks
   a code object and a line number only: no frame or f_locals is touched, so
   no reference to a script array is ever taken (that would keep it alive and
   would defeat elision, which requires a reference count of 1).
5. Per line it keeps the maximum over its executions of each value, and the
   number of LINE events (`executions`; a `for` header counts once per
   iteration plus the final exhausted test).

Reported per case: `set` (every top-level integer constant as run),
`peak_bytes` (numpy-domain peak above the start, the number `npmem peak`
predicts) and `peak_line` (the first line, in execution order, whose charge
reached it; `peak_source` is that line's text), `near_peak_lines` (every line
whose peak is within the test tolerance max(1 %, 1 MiB) of the peak - a
prediction naming any of them is on "the same line" as far as the
measurement can tell), `traced_peak_bytes` and `traced_peak_line`
(tracemalloc, all domains), `end_live_bytes` (numpy bytes still live when the
script ends), `noelide_peak_bytes` / `noelide_peak_line` (the same run with
elision off), `elision` (true when switching elision off moves the peak by
more than the tolerance), `notes`, and `lines`: per executed script line
`executions`, `peak_bytes`, `live_bytes`, `traced_peak_bytes`,
`traced_live_bytes` and `noelide_peak_bytes`.

The traced (all-domain) numbers also count Python objects, numpy's iterator
and casting buffers (PyMem_RawMalloc, domain 0), the stable-sort buffers, the
`bytes` that np.save/np.load move through zip members, and this harness's own
bookkeeping: `traced_peak_bytes - peak_bytes` is reported as that noise.

Temporary elision
-----------------
numpy turns `t + b` into `t += b` when `t` is a temporary (reference count 1,
exact ndarray owning its data, writeable, numeric, >= 256 KiB), `b` is an
exact array of the same shape or a scalar that casts *safely* to t's dtype,
and a backtrace shows only CPython and numpy's multiarray between the operator
and `_PyEval_EvalFrameDefault`.  Each child checks this on a probe before
measuring, and the parent stops unless elision is on in every normal run and
off in every second run.  For the second run the
parent preloads (LD_PRELOAD) a one-line shared object whose `backtrace()`
returns 0, which makes numpy give up eliding for the rest of the process; it
is built with the C compiler (`cc`) into a temporary directory.  Without a
C compiler the second run is skipped and the noelide fields are null.

Output is deterministic: cases sorted by script then sizes, integers exact,
indent=1 with a trailing newline.  `--check` runs everything twice, counts
the cases identical in every numpy-domain number and reports cases whose peak
line changes or whose peak moves by more than 4 KiB.
"""

import argparse
import ast
import concurrent.futures
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(REPO, "tests", "peak", "corpus")
DATA = os.path.join(REPO, "tests", "peak", "data")
OUT = os.path.join(REPO, "tests", "data", "peak.json")
MIB = 1 << 20
NUMPY_DOMAIN = 389047
PREIMPORT = ["numpy.random", "numpy.linalg", "numpy.fft", "numpy.ma", "numpy.lib.format", "zipfile", "tempfile", "mmap"]

# What the measurements showed that a reader of the data should know; the
# generator adds the elision and tracemalloc notes itself.
NOTES = {
    "boolean_masks.py": "data-dependent: the selections' sizes follow the seeded values."
    " temps[~comfortable] = np.nan allocates the inverted mask (N bools) and no index array.",
    "branch_chunked.py": "the branch depends on N: the default and N=1500000 take the whole array at once,"
    " N=3000000 the chunked loop (peak on line 20).",
    "complex_signal.py": "power is a .real view of the complex temporary z * z.conj(), so it keeps 16 bytes"
    " per element alive.",
    "elision_threshold.py": "elision needs the temporary to be at least 256 KiB: with N=32767 float64 it is"
    " 8 bytes short and lines 8 and 9 hold two temporaries at once; with N=32768 (exactly 256 KiB) one.",
    "load_mmap_table.py": "np.load(..., mmap_mode='r') allocates nothing in numpy's domain; fancy indexing"
    " the memmap copies the rows.",
    "load_npz_kmeans.py": "data-dependent: the per-cluster selections X[assign == k] follow the seeded values.",
    "matmul_stats.py": "Xc[:, ::2] @ P[::2] (line 17): matmul copies the strided operand into a buffer outside"
    " numpy's domain (tracemalloc domain 0, N*D/2*8 bytes), not in peak_bytes.",
    "mmap_chunked_stats.py": "np.load(..., mmap_mode='r') allocates nothing in numpy's domain; arithmetic on"
    " the memmap returns views of memmap-typed buffers, which numpy never elides (line 28 holds two).",
    "save_load_roundtrip.py": "np.savez writes each member through bytes chunks of up to 16 MiB (domain 0);"
    " reading an .npz member goes through 256 KiB chunks (about 0.65 MB of domain 0).",
    "sort_axis.py": "np.sort(table, axis=0) of C-ordered data sorts each column through a lane buffer of R"
    " items (numpy domain) besides the copy.",
    "std_var.py": "std/var hold one temporary as large as the input in the computation dtype (float64 for"
    " integer input or dtype=np.float64, float32 for float32).",
    "unique_nonzero.py": "data-dependent: unique values and mask/nonzero selections follow the seeded values."
    " np.unique without return_* copies the input and uses a hash table outside numpy's domain; with"
    " return_counts it sorts the copy and builds masks.",
}

# ---------------------------------------------------------------------------
# sizes: top-level integer constants and their substitution
# ---------------------------------------------------------------------------


def top_level_constants(source):
    """{NAME: (value, value_node)} for top-level `NAME = <int literal>` lines."""
    out = {}
    for node in ast.parse(source).body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and type(node.value.value) is int
        ):
            out[node.targets[0].id] = (node.value.value, node.value)
    return out


def substitute(source, settings):
    """The source with each NAME's top-level int literal replaced, in place."""
    consts = top_level_constants(source)
    lines = source.splitlines(keepends=True)
    for name, value in settings.items():
        if name not in consts:
            raise SystemExit(f"peak.py: no top-level integer constant {name}")
        node = consts[name][1]
        if node.lineno != node.end_lineno:
            raise SystemExit(f"peak.py: constant {name} spans lines")
        i = node.lineno - 1
        # col offsets are in UTF-8 bytes
        raw = lines[i].encode()
        raw = raw[: node.col_offset] + str(int(value)).encode() + raw[node.end_col_offset :]
        lines[i] = raw.decode()
    new = "".join(lines)
    assert new.count("\n") == source.count("\n")
    return new


SIZES_RE = re.compile(r"^#\s*golden-sizes:\s*(.*)$", re.M)


def size_sets(source):
    """The default constants plus one mapping per `# golden-sizes:` entry."""
    consts = {k: v for k, (v, _) in top_level_constants(source).items()}
    sets = [dict(consts)]
    m = SIZES_RE.search(source)
    if m:
        for part in m.group(1).split(";"):
            part = part.strip()
            if not part:
                continue
            s = dict(consts)
            for kv in part.split(","):
                k, v = kv.split("=")
                k = k.strip()
                if k not in consts:
                    raise SystemExit(f"peak.py: golden-sizes names unknown constant {k}")
                s[k] = int(v.strip().replace("_", ""))
            sets.append(s)
    return sets


def imported_modules(source):
    mods = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            mods.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            mods.add(node.module)
    return sorted(mods)


# ---------------------------------------------------------------------------
# child: one measured run
# ---------------------------------------------------------------------------


def _install_counting_handler(np):
    """Make numpy allocate array data through libc with a byte counter.

    Returns (state, keepalive): state[0] live bytes, state[1] peak since the
    last reset.  keepalive must outlive every array allocated afterwards.
    """
    import ctypes

    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.calloc.restype = ctypes.c_void_p
    libc.calloc.argtypes = [ctypes.c_size_t, ctypes.c_size_t]
    libc.realloc.restype = ctypes.c_void_p
    libc.realloc.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    libc.free.restype = None
    libc.free.argtypes = [ctypes.c_void_p]
    libc.madvise.restype = ctypes.c_int
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    MADV_HUGEPAGE = 14
    HUGE = 1 << 22

    MALLOC = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
    CALLOC = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t)
    REALLOC = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
    FREE = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)

    class Allocator(ctypes.Structure):
        _fields_ = [
            ("ctx", ctypes.c_void_p),
            ("malloc", MALLOC),
            ("calloc", CALLOC),
            ("realloc", REALLOC),
            ("free", FREE),
        ]

    class Handler(ctypes.Structure):
        _fields_ = [
            ("name", ctypes.c_char * 127),
            ("version", ctypes.c_uint8),
            ("allocator", Allocator),
        ]

    state = [0, 0]
    sizes = {}
    c_malloc, c_calloc, c_realloc, c_free, madvise = libc.malloc, libc.calloc, libc.realloc, libc.free, libc.madvise

    def _hugepages(p, n):
        # what numpy's default allocator does for arrays of 4 MiB and more (speed only)
        offset = 4096 - p % 4096
        madvise(p + offset, n - offset, MADV_HUGEPAGE)

    def _malloc(ctx, n):
        p = c_malloc(n)
        if p:
            if n >= HUGE:
                _hugepages(p, n)
            sizes[p] = n
            state[0] += n
            if state[0] > state[1]:
                state[1] = state[0]
        return p

    def _calloc(ctx, nelem, elsize):
        p = c_calloc(nelem, elsize)
        if p:
            n = nelem * elsize
            if n >= HUGE:
                _hugepages(p, n)
            sizes[p] = n
            state[0] += n
            if state[0] > state[1]:
                state[1] = state[0]
        return p

    def _realloc(ctx, p, n):
        q = c_realloc(p, n)
        if q:
            if n >= HUGE:
                _hugepages(q, n)
            if p:
                state[0] -= sizes.pop(p, 0)
            sizes[q] = n
            state[0] += n
            if state[0] > state[1]:
                state[1] = state[0]
        return q

    def _free(ctx, p, n):
        if p:
            state[0] -= sizes.pop(p, 0)
        c_free(p)

    callbacks = (MALLOC(_malloc), CALLOC(_calloc), REALLOC(_realloc), FREE(_free))
    handler = Handler(b"npmem_peak_counter", 1, Allocator(None, *callbacks))

    capsule_new = ctypes.pythonapi.PyCapsule_New
    capsule_new.restype = ctypes.py_object
    capsule_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
    capsule_ptr = ctypes.pythonapi.PyCapsule_GetPointer
    capsule_ptr.restype = ctypes.c_void_p
    capsule_ptr.argtypes = [ctypes.py_object, ctypes.c_char_p]

    capsule = capsule_new(ctypes.addressof(handler), b"mem_handler", None)
    api = capsule_ptr(np._core._multiarray_umath._ARRAY_API, None)
    # PyArray_API[304] is PyDataMem_SetHandler (numpy/__multiarray_api.h)
    set_handler = ctypes.PYFUNCTYPE(ctypes.py_object, ctypes.py_object)(
        ctypes.cast(api, ctypes.POINTER(ctypes.c_void_p))[304]
    )
    set_handler(capsule)
    if np._core.multiarray.get_handler_name() != "npmem_peak_counter":
        raise SystemExit("peak.py: could not install the counting handler")
    return state, (libc, callbacks, handler, capsule, sizes)


def _elision_probe(np, state):
    """True when `(a + 1) + 1` on a 512 KiB array reuses the temporary."""
    a = np.ones(1 << 16)
    before = state[0]
    state[1] = state[0]
    b = (a + 1) + 1
    grew = state[1] - before
    del a, b
    # one 512 KiB temporary when elided, two when not (plus a few bytes of 0-d scalars)
    return grew < 2 * (8 << 16)


def child(args):
    import gc
    import importlib
    import tracemalloc

    path = os.path.abspath(args.script)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    settings = json.loads(args.set)
    source = substitute(original, settings)

    import numpy as np

    # numpy imports numpy.ma lazily inside np.unique, numpy.random on first use
    for mod in PREIMPORT + imported_modules(source):
        importlib.import_module(mod)

    code = compile(source, path, "exec")
    state, keepalive = _install_counting_handler(np)
    elision_active = _elision_probe(np, state)

    lines = {}  # line -> [executions, np_peak, np_live, traced_peak, traced_live]
    best = [-1, None, -1, None]  # np peak, its line, traced peak, its line
    run = {"cur": None, "stack": []}
    get_traced, reset_traced = tracemalloc.get_traced_memory, tracemalloc.reset_peak
    base = [0]

    verify = args.verify_domain
    mismatches = []

    def charge(finished):
        traced_now, traced_peak = get_traced()
        np_now, np_peak = state[0], state[1]
        if verify and finished:
            snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.DomainFilter(True, NUMPY_DOMAIN)])
            in_domain = sum(t.size for t in snap.traces)
            del snap
            if in_domain != np_now:
                mismatches.append([run["cur"], np_now, in_domain])
        line = run["cur"]
        if line is not None:
            rec = lines.get(line)
            if rec is None:
                rec = lines[line] = [0, 0, 0, 0, 0]
            tp = traced_peak - base[0]
            if np_peak > rec[1]:
                rec[1] = np_peak
            if tp > rec[3]:
                rec[3] = tp
            if finished:
                if np_now > rec[2]:
                    rec[2] = np_now
                tl = traced_now - base[0]
                if tl > rec[4]:
                    rec[4] = tl
            if np_peak > best[0]:
                best[0], best[1] = np_peak, line
            if tp > best[2]:
                best[2], best[3] = tp, line
        state[1] = state[0]
        reset_traced()

    mon = sys.monitoring
    DISABLE = mon.DISABLE
    tool = mon.PROFILER_ID
    ev = mon.events

    def on_line(code, line):
        if code.co_filename != path:
            return DISABLE
        charge(True)
        run["cur"] = line
        rec = lines.get(line)
        if rec is None:
            rec = lines[line] = [0, 0, 0, 0, 0]
        rec[0] += 1

    def on_start(code, offset):
        if code.co_filename != path:
            return DISABLE
        charge(False)
        run["stack"].append(run["cur"])

    def on_return(code, offset, value):
        if code.co_filename != path:
            return DISABLE
        charge(True)
        run["cur"] = run["stack"].pop() if run["stack"] else None

    def on_unwind(code, offset, exc):
        if code.co_filename != path:
            return None
        charge(True)
        run["cur"] = run["stack"].pop() if run["stack"] else None

    mon.use_tool_id(tool, "npmem-peak")
    mon.register_callback(tool, ev.LINE, on_line)
    mon.register_callback(tool, ev.PY_START, on_start)
    mon.register_callback(tool, ev.PY_RESUME, on_start)
    mon.register_callback(tool, ev.PY_RETURN, on_return)
    mon.register_callback(tool, ev.PY_YIELD, on_return)
    mon.register_callback(tool, ev.PY_UNWIND, on_unwind)

    glb = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    gc.collect()
    tracemalloc.start()
    state[0] = state[1] = 0
    base[0] = get_traced()[0]
    tracemalloc.reset_peak()
    mon.set_events(
        tool, ev.LINE | ev.PY_START | ev.PY_RESUME | ev.PY_RETURN | ev.PY_YIELD | ev.PY_UNWIND
    )
    exec(code, glb)
    mon.set_events(tool, 0)
    end_live = state[0]
    end_traced = get_traced()[0] - base[0]
    tracemalloc.stop()

    result = {
        "elision_active": elision_active,
        "peak_bytes": best[0],
        "peak_line": best[1],
        "traced_peak_bytes": best[2],
        "traced_peak_line": best[3],
        "end_live_bytes": end_live,
        "end_traced_bytes": end_traced,
        "domain_mismatches": mismatches if verify else None,
        "lines": [
            {
                "line": ln,
                "executions": r[0],
                "peak_bytes": r[1],
                "live_bytes": r[2],
                "traced_peak_bytes": r[3],
                "traced_live_bytes": r[4],
            }
            for ln, r in sorted(lines.items())
        ],
    }
    with open(args.out, "w") as f:
        json.dump(result, f)
    sys.stdout.flush()
    sys.stderr.flush()
    # arrays still refer to the handler's ctypes callbacks: skip interpreter teardown
    os._exit(0)


# ---------------------------------------------------------------------------
# parent
# ---------------------------------------------------------------------------

NO_BACKTRACE_C = "int backtrace(void **buffer, int size) { (void)buffer; (void)size; return 0; }\n"


def build_no_backtrace(tmp):
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not cc:
        return None
    src = os.path.join(tmp, "nobacktrace.c")
    lib = os.path.join(tmp, "nobacktrace.so")
    with open(src, "w") as f:
        f.write(NO_BACKTRACE_C)
    subprocess.run([cc, "-shared", "-fPIC", "-O2", "-o", lib, src], check=True)
    return lib


def run_child(script, settings, preload, tmp, verify=False):
    fd, out = tempfile.mkstemp(suffix=".json", dir=tmp)
    os.close(fd)
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("MKL_NUM_THREADS", "1")
    if preload:
        env["LD_PRELOAD"] = preload
    else:
        env.pop("LD_PRELOAD", None)
    cmd = [sys.executable, os.path.abspath(__file__), "--child", script, "--set", json.dumps(settings), "--out", out]
    if verify:
        cmd.append("--verify-domain")
    t0 = time.monotonic()
    proc = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True)
    elapsed = time.monotonic() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{script} {settings}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}")
    with open(out) as f:
        res = json.load(f)
    os.unlink(out)
    res["seconds"] = elapsed
    return res


def tolerance(peak):
    return max(peak // 100, MIB)


def make_case(rel, settings, src_lines, res, noelide):
    peak = res["peak_bytes"]
    tol = tolerance(peak)
    near = sorted(l["line"] for l in res["lines"] if l["peak_bytes"] >= peak - tol)
    lines = res["lines"]
    if noelide is not None:
        ne = {l["line"]: l["peak_bytes"] for l in noelide["lines"]}
        lines = [dict(l, noelide_peak_bytes=ne.get(l["line"])) for l in lines]
    elision = None
    if noelide is not None:
        elision = abs(noelide["peak_bytes"] - peak) > tol
    case = {
        "script": rel,
        "set": settings,
        "peak_bytes": peak,
        "peak_line": res["peak_line"],
        "peak_source": src_lines[res["peak_line"] - 1].strip(),
        "near_peak_lines": near,
        "traced_peak_bytes": res["traced_peak_bytes"],
        "traced_peak_line": res["traced_peak_line"],
        "end_live_bytes": res["end_live_bytes"],
        "noelide_peak_bytes": noelide["peak_bytes"] if noelide else None,
        "noelide_peak_line": noelide["peak_line"] if noelide else None,
        "elision": elision,
        "notes": "",
        "lines": lines,
        "_seconds": res["seconds"] + (noelide["seconds"] if noelide else 0),
    }
    return case


def auto_notes(case):
    notes = []
    if case["elision"]:
        notes.append(
            f"depends on temporary elision: without it the peak is {case['noelide_peak_bytes']} bytes"
            f" at line {case['noelide_peak_line']}."
        )
    elif case["noelide_peak_bytes"] is not None and case["noelide_peak_bytes"] != case["peak_bytes"]:
        notes.append(
            f"elision changes some lines but not the peak beyond the tolerance"
            f" (without it: {case['noelide_peak_bytes']} bytes at line {case['noelide_peak_line']})."
        )
    extra = case["traced_peak_bytes"] - case["peak_bytes"]
    if extra > 256 * 1024:
        notes.append(
            f"tracemalloc over all domains peaks about {round(extra / 1024)} KiB above the numpy domain"
            f" (at line {case['traced_peak_line']})."
        )
    return notes


def ensure_data(force=False):
    """The small committed inputs of the load_* scripts (deterministic contents).

    Each file has its own seed, so rewriting one gives the same values; an .npz
    rewritten gets a new zip timestamp only.
    """
    import numpy as np

    def rng(seed):
        return np.random.default_rng(seed)

    os.makedirs(DATA, exist_ok=True)
    files = {
        "weights.npy": lambda p: np.save(p, (rng(1).standard_normal((64, 256)) * 0.1).astype(np.float32)),
        "centroids.npz": lambda p: np.savez(
            p,
            centroids=rng(2).standard_normal((32, 16)),
            labels=np.arange(32, dtype=np.int16),
        ),
        "lut.npy": lambda p: np.save(p, np.linspace(0.0, 1.0, 256, dtype=np.float32) ** 2.2),
        "table.npy": lambda p: np.save(p, rng(4).integers(0, 1000, size=(1024, 32), dtype=np.int32)),
    }
    for name, make in files.items():
        p = os.path.join(DATA, name)
        if force or not os.path.exists(p):
            make(p)
            print(f"peak.py: wrote {os.path.relpath(p, REPO)}", file=sys.stderr)


def collect_jobs(only):
    jobs = []
    for name in sorted(os.listdir(CORPUS)):
        if not name.endswith(".py"):
            continue
        if only and not any(o in name for o in only):
            continue
        path = os.path.join(CORPUS, name)
        with open(path, encoding="utf-8") as f:
            src = f.read()
        for s in size_sets(src):
            jobs.append((path, s))
    return jobs


def measure_all(jobs, preload, tmp, workers):
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
        futs = {}
        for path, s in jobs:
            key = (path, json.dumps(s, sort_keys=True))
            futs[ex.submit(run_child, path, s, None, tmp)] = (key, "main")
            if preload:
                futs[ex.submit(run_child, path, s, preload, tmp)] = (key, "noelide")
        for fut in concurrent.futures.as_completed(futs):
            key, kind = futs[fut]
            results.setdefault(key, {})[kind] = fut.result()
    return results


def build_cases(jobs, results, notes):
    cases = []
    for path, s in jobs:
        key = (path, json.dumps(s, sort_keys=True))
        r = results[key]
        main, noelide = r["main"], r.get("noelide")
        if not main["elision_active"]:
            raise SystemExit("peak.py: numpy's temporary elision is not active in the measuring runs")
        if noelide is not None and noelide["elision_active"]:
            raise SystemExit("peak.py: could not switch elision off (LD_PRELOAD backtrace stub)")
        with open(path, encoding="utf-8") as f:
            src_lines = f.read().splitlines()
        rel = os.path.relpath(path, REPO).replace(os.sep, "/")
        case = make_case(rel, s, src_lines, main, noelide)
        case["notes"] = " ".join(filter(None, [notes.get(os.path.basename(path), "")] + auto_notes(case)))
        cases.append(case)
    cases.sort(key=lambda c: (c["script"], sorted(c["set"].items())))
    return cases


def script_notes():
    return dict(NOTES)


def compare(a, b):
    """Differences between two runs: (case, what) for peak line or > 4 KiB moves."""
    diffs = []
    def numpy_numbers(c):
        skip = ("lines", "notes", "_seconds")
        keep = {k: v for k, v in c.items() if not k.startswith("traced") and k not in skip}
        return keep, [{k: v for k, v in l.items() if not k.startswith("traced")} for l in c["lines"]]

    exact = sum(numpy_numbers(ca) == numpy_numbers(cb) for ca, cb in zip(a, b))
    traced = max(abs(ca["traced_peak_bytes"] - cb["traced_peak_bytes"]) for ca, cb in zip(a, b))
    print(
        f"peak.py: second run: {exact} of {len(a)} cases identical in every numpy-domain number;"
        f" largest move of a traced (all-domain) peak {traced} bytes",
        file=sys.stderr,
    )
    for ca, cb in zip(a, b):
        tag = f"{ca['script']} {ca['set']}"
        if ca["lines"] != cb["lines"]:
            for la, lb in zip(ca["lines"], cb["lines"]):
                if la != lb:
                    moved = {k: (la[k], lb[k]) for k in la if la[k] != lb.get(k) and not k.startswith("traced")}
                    if moved:
                        print(f"peak.py: {tag}: line {la['line']}: {moved}", file=sys.stderr)
        if ca["peak_line"] != cb["peak_line"]:
            diffs.append((tag, f"peak line {ca['peak_line']} vs {cb['peak_line']}"))
        if abs(ca["peak_bytes"] - cb["peak_bytes"]) > 4096:
            diffs.append((tag, f"peak {ca['peak_bytes']} vs {cb['peak_bytes']}"))
        if abs(ca["traced_peak_bytes"] - cb["traced_peak_bytes"]) > 4096:
            diffs.append((tag, f"traced peak {ca['traced_peak_bytes']} vs {cb['traced_peak_bytes']}"))
        if ca["noelide_peak_bytes"] != cb["noelide_peak_bytes"]:
            diffs.append((tag, f"noelide peak {ca['noelide_peak_bytes']} vs {cb['noelide_peak_bytes']}"))
    return diffs


def verify_domain(jobs, workers):
    """Check the counting handler against tracemalloc's numpy domain at every line end."""
    bad = 0
    with tempfile.TemporaryDirectory(prefix="npmem-peak-") as tmp:
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
            futs = {ex.submit(run_child, path, s, None, tmp, True): (path, s) for path, s in jobs}
            for fut in concurrent.futures.as_completed(futs):
                path, s = futs[fut]
                mism = fut.result()["domain_mismatches"]
                rel = os.path.relpath(path, REPO)
                if mism:
                    bad += 1
                    print(f"{rel} {s}: {len(mism)} mismatches, first {mism[:3]}")
    print(f"peak.py: {len(jobs)} runs checked, {bad} with a difference between handler and domain {NUMPY_DOMAIN}")
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", metavar="SCRIPT", help=argparse.SUPPRESS)
    ap.add_argument("--set", default="{}", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument(
        "--verify-domain",
        action="store_true",
        help="at every line end, compare the handler's live bytes with a tracemalloc snapshot of domain 389047 (slow; no JSON written)",
    )
    ap.add_argument("--only", nargs="*", help="only scripts whose name contains one of these")
    ap.add_argument(
        "--merge",
        action="store_true",
        help="with --only: replace those scripts' cases in tests/data/peak.json, keep the others",
    )
    ap.add_argument("--jobs", "-j", type=int, default=2, help="parallel children (default 2)")
    ap.add_argument("--check", action="store_true", help="run twice and report differences")
    ap.add_argument("--no-write", action="store_true", help="do not write tests/data/peak.json")
    ap.add_argument("--regen-data", action="store_true", help="rewrite tests/peak/data/ inputs")
    ap.add_argument("--print", action="store_true", help="print a summary table")
    ap.add_argument("--lines", action="store_true", help="with --print, also every line's numbers")
    args = ap.parse_args()
    if args.child:
        args.script = args.child
        return child(args)

    import numpy as np

    if sys.version_info[:2] != (3, 12) or np.__version__ != "2.5.5" or not sys.platform.startswith("linux"):
        print(
            f"peak.py: warning: CPython {platform.python_version()}, numpy {np.__version__} on {sys.platform};"
            " the committed data is from CPython 3.12 and numpy 2.5.5 on Linux",
            file=sys.stderr,
        )
    ensure_data(args.regen_data)
    jobs = collect_jobs(args.only)
    notes = script_notes()
    if args.verify_domain:
        return verify_domain(jobs, args.jobs)
    with tempfile.TemporaryDirectory(prefix="npmem-peak-") as tmp:
        preload = build_no_backtrace(tmp)
        if preload is None:
            print("peak.py: no C compiler; the elision-off runs are skipped", file=sys.stderr)
        cases = build_cases(jobs, measure_all(jobs, preload, tmp, args.jobs), notes)
        if args.check:
            again = build_cases(jobs, measure_all(jobs, preload, tmp, args.jobs), notes)
            diffs = compare(cases, again)
            for tag, what in diffs:
                print(f"unstable: {tag}: {what}", file=sys.stderr)
            print(f"peak.py: second run: {len(diffs)} differences", file=sys.stderr)

    if args.print:
        for c in cases:
            sets = ",".join(f"{k}={v}" for k, v in c["set"].items())
            print(
                f"{c['_seconds']:5.1f}s {os.path.basename(c['script']):34s} {sets:28s} {c['peak_bytes']:>11d} "
                f"L{c['peak_line']:<3d} traced {c['traced_peak_bytes'] - c['peak_bytes']:>+9d} "
                f"noelide {c['noelide_peak_bytes'] if c['noelide_peak_bytes'] is not None else '-'!s:>11s}  {c['peak_source']}"
            )
            if args.lines:
                with open(os.path.join(REPO, c["script"]), encoding="utf-8") as f:
                    src = f.read().splitlines()
                for ln in c["lines"]:
                    print(
                        f"    {ln['line']:3d} x{ln['executions']:<3d} peak {ln['peak_bytes']:>11d} live {ln['live_bytes']:>11d} "
                        f"traced+ {ln['traced_peak_bytes'] - ln['peak_bytes']:>8d} "
                        f"noelide {ln.get('noelide_peak_bytes')!s:>11s}  {src[ln['line'] - 1].strip()}"
                    )
    if args.no_write or (args.only and not args.merge):
        return 0
    for c in cases:
        del c["_seconds"]
    if args.only:
        # Keep every other script's cases as they were measured; the measured scripts'
        # cases replace theirs. Cases stay in corpus order (by file name), sizes in run order.
        with open(OUT, encoding="utf-8") as f:
            old = json.load(f)["cases"]
        measured = {c["script"] for c in cases}
        kept = [c for c in old if c["script"] not in measured]
        cases = sorted(kept + cases, key=lambda c: c["script"])
    doc = {
        "generator": "scripts/golden/peak.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "platform": f"{sys.platform}-{platform.machine()}",
        },
        "tolerance": {"relative": 0.01, "absolute_bytes": MIB},
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"peak.py: {len(cases)} cases -> {os.path.relpath(OUT, REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
