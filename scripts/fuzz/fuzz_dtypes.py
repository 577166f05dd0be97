#!/usr/bin/env python3
"""Differential fuzzer: npmem's dtype-spelling parser against numpy's ``np.dtype(str)``.

Generates dtype spellings from a grammar that mirrors numpy's (byte-order prefixes,
type codes, kind+size with C ``strtol`` quirks, ``sctypeDict`` names, datetime metadata,
comma strings with repeats/shapes, unsized flexible types, ``T``, random junk, and
mutations of the accepted spellings in ``tests/data/dtypes.json``), asks both sides,
and reports every spelling where they disagree: one accepts and the other rejects, or
any of name / str / kind / char / itemsize / alignment / byteorder differs.

    cargo build --example describe_dtypes
    /path/to/python-with-numpy scripts/fuzz/fuzz_dtypes.py --seed 1 --count 200000

numpy runs in a worker subprocess (this file with ``--worker``) that never imports
ml_dtypes and turns warnings into errors (a DeprecationWarning counts as a rejection,
as npmem follows numpy's future there).  numpy 2.5 dies with SIGFPE on datetime
divisors that are zero as a C ``int`` (``M8[s/0]``, ``M8[s/4294967296]``); those are
predicted and not sent (verdict ``Crash``), and any other interpreter death is recorded
as a ``Crash`` verdict too, with a fresh worker for the rest.  A crash is a rejection.

npmem's answers come from ``target/debug/examples/describe_dtypes`` (one process per
batch; a panic or hang is narrowed down to the spelling that caused it).

The run is deterministic for a given ``--seed``/``--count`` (and numpy version):
spellings already in the golden file and spellings that mention an ml_dtypes name as a
word (``bfloat16``, ``f8,int4``: npmem knows those names, numpy without ml_dtypes does
not) are skipped, everything else is deduplicated in generation order.
``--exhaustive LEN`` adds every string of up to LEN characters over the junk alphabet.  The summary groups
disagreements by verdict (who accepts, which attributes differ) and, within a group,
by the spelling's "shape" (digit runs -> 9, letter runs -> a), shortest examples first.
``--out FILE`` writes every disagreement as one JSON object per line.
"""

import argparse
import itertools
import json
import os
import random
import re
import selectors
import signal
import subprocess
import sys
import threading
from collections import Counter, defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DESCRIBE = os.path.join(REPO, "target", "debug", "examples", "describe_dtypes")
DEFAULT_GOLDEN = os.path.join(REPO, "tests", "data", "dtypes.json")

ATTRS = ("name", "str", "kind", "char", "itemsize", "alignment", "byteorder")

# ml_dtypes names: npmem knows them, plain numpy (without `import ml_dtypes`) does not.
ML_NAMES = frozenset([
    "bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz",
    "float8_e4m3b11fnuz", "float8_e3m4", "float8_e4m3", "float8_e8m0fnu",
    "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn",
    "int1", "int2", "int4", "uint1", "uint2", "uint4", "complex32", "bcomplex32",
])

# ---------------------------------------------------------------------------
# numpy worker
# ---------------------------------------------------------------------------


def worker_main():
    """Answer batches: one JSON list of spellings per input line, one JSON line per spelling."""
    import warnings

    warnings.simplefilter("error")
    import numpy as np

    out = sys.stdout
    for line in sys.stdin:
        req = json.loads(line)
        if req == "names":
            keys = sorted(k for k in np.sctypeDict if isinstance(k, str))
            out.write(json.dumps({"names": keys, "numpy": np.__version__}) + "\n")
            out.flush()
            continue
        for s in req:
            try:
                d = np.dtype(s)
                res = {"ok": True, "name": d.name, "str": d.str, "kind": d.kind,
                       "char": d.char, "itemsize": int(d.itemsize),
                       "alignment": int(d.alignment), "byteorder": d.byteorder}
            except BaseException as e:  # warnings are errors
                res = {"ok": False, "error": type(e).__name__, "message": str(e)[:200]}
            out.write(json.dumps(res) + "\n")
            out.flush()


class NumpyWorker:
    """Crash-tolerant batch client for worker_main()."""

    TIMEOUT = 60.0

    def __init__(self, python):
        self.python = python
        self.proc = None
        self.crashes = 0

    def _start(self):
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONIOENCODING="utf-8")
        self.proc = subprocess.Popen(
            [self.python, os.path.abspath(__file__), "--worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=0)
        self.fd = self.proc.stdout.fileno()
        self.buf = b""
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.fd, selectors.EVENT_READ)

    def _kill(self):
        try:
            self.proc.kill()
        except OSError:
            pass
        rc = self.proc.wait()
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.sel.close()
        self.proc = None
        return rc

    def _readline(self):
        """One response line, or None if the worker died or hung (unbuffered: select-safe)."""
        while b"\n" not in self.buf:
            if not self.sel.select(self.TIMEOUT):
                return None
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode("utf-8")

    def _send(self, obj):
        self.proc.stdin.write((json.dumps(obj) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def names(self):
        if self.proc is None:
            self._start()
        self._send("names")
        return json.loads(self._readline())

    def ask(self, spellings):
        """numpy's verdict for each spelling; a worker death becomes a Crash verdict."""
        results = []
        while len(results) < len(spellings):
            if self.proc is None:
                self._start()
            todo = spellings[len(results):]
            self._send(todo)
            for _ in todo:
                line = self._readline()
                if line is None:  # died (or hung) on this spelling
                    rc = self._kill()
                    self.crashes += 1
                    why = ("killed by %s" % signal.Signals(-rc).name) if rc < 0 else "rc=%s" % rc
                    results.append({"ok": False, "error": "Crash", "message": why})
                    break
                results.append(json.loads(line))
        return results

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait()
            self.proc = None


# C strtol (base 10, LP64 long) on a str, as numpy calls it: returns (value, end) or None.
_C_SPACE = " \t\n\v\f\r"


def c_strtol(s, i=0):
    while i < len(s) and s[i] in _C_SPACE:
        i += 1
    neg = i < len(s) and s[i] == "-"
    if i < len(s) and s[i] in "+-":
        i += 1
    j = i
    while j < len(s) and "0" <= s[j] <= "9":
        j += 1
    if j == i:
        return None
    digits = s[i:j].lstrip("0") or "0"
    v = int(digits) if len(digits) <= 25 else 2**64  # saturates either way
    v = -v if neg else v
    return max(-2**63, min(2**63 - 1, v)), j


def numpy_would_crash(s):
    """True when numpy 2.5 would divide by a zero datetime divisor (SIGFPE): a `/`
    followed by a number that is 0 as a C int, then `]`.  Any such spelling is one numpy
    rejects or dies on, so predicting it as a crash never hides an acceptance."""
    if "8[" not in s and "64[" not in s:
        return False
    for i, c in enumerate(s):
        if c != "/":
            continue
        r = c_strtol(s, i + 1)
        if r is not None and r[1] < len(s) and s[r[1]] == "]":
            v = r[0] & 0xFFFFFFFF  # numpy keeps the divisor as a C int
            if v == 0:
                return True
    return False


# ---------------------------------------------------------------------------
# npmem
# ---------------------------------------------------------------------------


def run_npmem(exe, spellings, timeout=300):
    """describe_dtypes on a batch; a panic/hang is bisected down to single spellings."""
    data = "".join(json.dumps(s) + "\n" for s in spellings)
    try:
        p = subprocess.run([exe], input=data, capture_output=True, text=True,
                           encoding="utf-8", timeout=timeout)
        # split on "\n" only: str.splitlines() would also split inside lines at \x85, \u2028...
        lines = p.stdout.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if p.returncode == 0 and len(lines) == len(spellings):
            return [json.loads(x) for x in lines]
        why = "exit status %d: %s" % (p.returncode, p.stderr.strip().splitlines()[-1:] or "")
    except subprocess.TimeoutExpired:
        why = "timeout"
    if len(spellings) == 1:
        return [{"ok": False, "error": "npmem crashed: %s" % why, "crash": True}]
    mid = len(spellings) // 2
    return (run_npmem(exe, spellings[:mid], timeout) +
            run_npmem(exe, spellings[mid:], timeout))


# ---------------------------------------------------------------------------
# the grammar
# ---------------------------------------------------------------------------

ORDERS = "<>|="
C_WS = list(_C_SPACE)
# Python `\s` (str.isspace) beyond ASCII, for comma-string separators.
PY_WS = [" ", "\t", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x1f", "\x85",
         "\xa0", "\u1680", "\u2000", "\u2007", "\u200a", "\u2028", "\u2029", "\u202f",
         "\u205f", "\u3000"]
NOT_WS = ["\u200b", "\u180e", "\ufeff", "\x00"]
KIND_LETTERS = "biufcOSUVMmaTgGdDeEhHlLqQnNpPIFBw?xXyY"
TYPE_CODES = "?bBhHiIlLqQnNpPefdgFDGSUVOMmTca"
SIZES_SMALL = list(range(0, 41)) + [64, 80, 96, 128, 256]
SIZES_EDGE = [2**7 - 1, 2**7, 2**8, 2**15, 2**16, 2**29 - 1, 2**29, 2**30 - 1, 2**30,
              2**31 - 2, 2**31 - 1, 2**31, 2**31 + 1, 2**32 - 1, 2**32, 2**32 + 1, 2**32 + 8,
              2**33 + 4, 2**62, 2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**64 + 8, 10**20, 10**30]
DT_UNITS = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as", "generic"]
DT_BAD_UNITS = ["\u03bcs", "\u00b5s", "B", "y", "S", "sec", "US", "Ns", "", " ", "s ", " s",
                "m s", "generic ", "GENERIC", "μ", "\u03bc", "ss", "Ms", "mS", "h1", "1",
                "s\x00", "\x00s", "ys", "ks", "D2", "[s", "s]"]
DT_BASES = ["M8", "m8", "datetime64", "timedelta64"]
BASIC = ["i4", "f8", "<f4", ">i2", "u1", "b1", "?", "S3", "U2", "V4", "O", "c16", "i8",
         "f2", "e", "d", "g", "G", "l", "q", "T", "S", "U", "V", "S0", "U0", "V0", "M8",
         "m8[s]", "M8[ns]", "float64", "int8", "bool", "complex64", "c", "a", "a3", "str",
         "bytes", "void", "object", "f16", "c32", "p", "P", "n", "N", "intp"]
RANDOM_ALPHABET = "<>|=()[],/ 0123456789fiucbSUVMmOTa?.xe"


def skeleton(s):
    """Shape of a spelling, for grouping: digit runs -> 9, ASCII letter runs -> a."""
    s = re.sub(r"[0-9]+", "9", s)
    return re.sub(r"[A-Za-z]+", "a", s)


class Grammar:
    def __init__(self, rng, names, golden_ok):
        self.r = rng
        self.names = names
        self.golden_ok = golden_ok
        self.gens = [
            (3, self.g_code), (6, self.g_kind_size), (6, self.g_name),
            (14, self.g_datetime), (22, self.g_comma), (6, self.g_flexible_repeat),
            (6, self.g_subarray), (3, self.g_T), (8, self.g_random),
            (16, self.g_mutate_golden), (5, self.g_whitespace),
        ]
        self.total = sum(w for w, _ in self.gens)

    # -- small helpers -----------------------------------------------------
    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def chance(self, p):
        return self.r.random() < p

    def order(self, p=0.3):
        return self.pick(ORDERS) if self.chance(p) else ""

    def number(self, signs=True, zeros=True, huge=True):
        r = self.r.random()
        if r < 0.6:
            n = self.pick(SIZES_SMALL)
        elif r < 0.85 or not huge:
            n = self.r.randrange(0, 5000)
        else:
            n = self.pick(SIZES_EDGE)
        s = str(n)
        if zeros and self.chance(0.12):
            s = "0" * self.r.randrange(1, 4) + s
        if signs and self.chance(0.1):
            s = self.pick("+-") + s
        return s

    def c_ws(self):
        return "".join(self.pick(C_WS) for _ in range(self.r.randrange(1, 3)))

    # -- generators ----------------------------------------------------------
    def g_code(self):
        r = self.r.random()
        if r < 0.35:
            c = chr(self.r.randrange(0, 41))
        elif r < 0.7:
            c = self.pick(TYPE_CODES)
        else:
            c = chr(self.r.randrange(32, 127))
        return self.order(0.5) + c

    def g_kind_size(self):
        k = self.pick(KIND_LETTERS)
        mid = ""
        if self.chance(0.15):
            mid = self.c_ws()
        n = self.number()
        tail = ""
        if self.chance(0.06):
            tail = self.pick([" ", "\t", "\n", "\x00", "x", ".0", "_", "8", ","])
        return self.order(0.4) + k + mid + n + tail

    def mutate(self, s, n=None):
        """1-3 random edits: case flip, insert, delete, replace, suffix digits."""
        alphabet = RANDOM_ALPHABET + "_sln"
        for _ in range(n or self.r.randrange(1, 4)):
            op = self.r.randrange(6)
            i = self.r.randrange(len(s) + 1)
            if op == 0 and s:
                i = min(i, len(s) - 1)
                s = s[:i] + s[i].swapcase() + s[i + 1:]
            elif op == 1:
                s = s[:i] + self.pick(alphabet) + s[i:]
            elif op == 2 and s:
                i = min(i, len(s) - 1)
                s = s[:i] + s[i + 1:]
            elif op == 3 and s:
                i = min(i, len(s) - 1)
                s = s[:i] + self.pick(alphabet) + s[i + 1:]
            elif op == 4:
                s = s + str(self.r.randrange(0, 300))
            else:
                s = s.upper() if self.chance(0.5) else s.capitalize()
        return s

    def g_name(self):
        s = self.pick(self.names)
        if self.chance(0.7):
            s = self.mutate(s)
        return self.order(0.3) + s

    def dt_meta(self):
        r = self.r.random()
        if r < 0.08:
            return ""
        if r < 0.18:
            return self.pick(["[", "]", "[]", "[[s]]", "[s", "s]", "[s]]", "[[s]", "[s][s]",
                              "[s]x", "[s] ", " [s]", "()", "[s,2]", "[2,s]", "[s/2]]",
                              "[/2]", "[s/]", "[s//2]", "[s/2/2]", "[s/2s]", "[s/ 2]",
                              "[s/2 ]", "[2]", "[ ]", "[\x00]"])
        mult = ""
        if self.chance(0.5):
            mult = self.number()
            if self.chance(0.1):
                mult = self.c_ws() + mult
        unit = self.pick(DT_UNITS) if self.chance(0.8) else self.pick(DT_BAD_UNITS)
        den = ""
        if self.chance(0.4):
            d = self.pick(["1", "2", "3", "4", "5", "6", "7", "10", "11", "12", "24", "60",
                           "100", "1000", "86400", "1000000", "-1", "-2", "-1000", "0"])
            if self.chance(0.25):
                d = self.number()
            if self.chance(0.08):
                d = self.pick(["4294967298", "4294967297", "4294967295", "-4294967295",
                               "2147483648", "4294968296", "9223372036854775807",
                               "18446744073709551617", "-2147483648"])
            if self.chance(0.08):
                d = self.c_ws() + d
            den = "/" + d
        tail = ""
        if self.chance(0.05):
            tail = self.pick(["x", " ", "]", "[s]", "\n", ",", "8"])
        return "[" + mult + unit + den + "]" + tail

    def g_datetime(self):
        base = self.pick(DT_BASES)
        if self.chance(0.1):
            base = self.mutate(base, 1)
        return self.order(0.3) + base + self.dt_meta()

    def repeats(self):
        r = self.r.random()
        if r < 0.3:
            return self.number(signs=False, huge=self.chance(0.3))
        if r < 0.55:
            n = self.r.randrange(0, 4)
            dims = [self.number(signs=False, huge=self.chance(0.2)) for _ in range(n)]
            inner = ",".join(dims)
            if n == 1 or (n > 1 and self.chance(0.2)):
                inner += ","
            return "(" + inner + ")"
        return self.pick(["3", "(2,3)", "(2,)", "()", " (2)", "(2) ", "2,3", "(0,)",
                          "(2147483648,)", "(65536,65536)", "(2)", "( 2 ,)", "(2 ,3)",
                          "(1,)", "1", "0", "00", "01", "(,)", "(2,,3)", " 2", "2 ",
                          "(0,2147483647,2147483647)", "(2147483647,2147483647,3,0)",
                          "(46341,46341)", "(2,3,)", "( )", "2 3", "(2 3)"])

    def item(self, depth=0):
        r = self.r.random()
        if r < 0.45:
            base = self.pick(BASIC)
        elif r < 0.6:
            base = self.g_kind_size()
        elif r < 0.7:
            base = self.g_datetime()
        elif r < 0.78:
            base = self.pick(self.names)
        elif r < 0.85 and depth == 0:
            # an inner repeat, reachable through a second byte-order mark: `2>3i4`
            base = self.pick(ORDERS) + self.number(signs=False, huge=False) + self.pick(BASIC)
        else:
            base = self.pick(["T", "S", "U", "V", "c", "a", "O", "M8", "m8"])
        if self.chance(0.04):  # unsized flexible type with a huge size: struct size limits
            base = self.pick(["S", "V", "U", "S0", "c"])
            rep = self.pick(["2147483647", "1073741824", "536870911", "536870912", "2147483646",
                             "1073741823", "715827882"])
            return self.order(0.1) + rep + base
        rep = self.repeats() if self.chance(0.5) else ""
        o1 = self.order(0.2)
        o2 = self.order(0.15)
        if base[:1] in ORDERS and rep == "":
            o2 = ""
        return o1 + rep + o2 + base

    def sep(self):
        return self.pick([",", ",", ",", ", ", " ,", "\t,", ",\n", " , ", ",\t", "\n,",
                          ",\x1c", "\xa0,", ",\u3000", ",\x85", ",\u200b"])

    def g_comma(self):
        n = self.r.randrange(1, 6)
        s = self.sep().join(self.item() for _ in range(n))
        if self.chance(0.1):
            s = s + self.pick([",", ", ", ",,", " ", "\t", "\n", "\x1f", "\u2028", "x", ",<",
                               ",=", ",|", ",>", ",<\t", ", = ", ",|\n", ",<,", ",3", ",()"])
        if self.chance(0.05):
            s = self.pick([",", " ", ",,", " ,"]) + s
        if self.chance(0.05):
            i = self.r.randrange(len(s) + 1)
            s = s[:i] + ",," + s[i:]
        return s

    def g_flexible_repeat(self):
        rep = self.pick(["3", "2", "0", "1", "5", "(2,)", "()", "(0,)", " 3", "3 ", "(3)",
                         "2,", "10", "00", "2147483647", "536870911", "536870912",
                         "2147483648", "4294967296"])
        base = self.pick(["S", "U", "V", "S0", "U0", "V0", "a", "c", "S1", "U1", "<U",
                          ">U", "|S", "=V", "0i4", "0S", "(0,)f8"])
        s = rep + base
        if self.chance(0.3):
            s = self.pick(ORDERS) + s
        if self.chance(0.3):
            s = s + self.sep() + self.pick(BASIC)
        return s

    def g_subarray(self):
        """Shapes near the intp / C-int limits, with zero dims anywhere."""
        dims = []
        for _ in range(self.r.randrange(1, 6)):
            dims.append(self.pick(["0", "1", "2", "3", "7", "46341", "65536", "2147483647",
                                   "2147483648", "3037000500", "4294967296", "1000000"]))
        inner = ",".join(dims) + ("," if len(dims) == 1 or self.chance(0.2) else "")
        base = self.pick(["u1", "f8", "i2", "c16", "S0", "U0", "V0", "S3", "V2", "b1", "T",
                          "O", "M8[s]", "?", "3i4", "0i4"])
        mid = self.pick(["", "", "", ">", "<", "|", "="])
        s = "(" + inner + ")" + mid + base
        if self.chance(0.2):
            s = s + self.sep() + self.pick(BASIC)
        return s

    def g_T(self):
        parts = ["T", "T", self.pick(BASIC), self.pick(["3", "(2,)", "()", "0", "1"])]
        self.r.shuffle(parts)
        s = "".join(parts[: self.r.randrange(1, 4)])
        if self.chance(0.5):
            s = self.order(0.5) + s
        if self.chance(0.4):
            s = s + self.sep() + self.pick(["T", "i4", "2T", "(2,)T", "T8", "T16"])
        return s

    def g_random(self):
        n = self.r.randrange(1, 9)
        return "".join(self.pick(RANDOM_ALPHABET) for _ in range(n))

    def g_mutate_golden(self):
        return self.mutate(self.pick(self.golden_ok))

    def g_whitespace(self):
        """Whitespace/odd characters around and inside otherwise valid spellings."""
        s = self.pick(BASIC + self.names[:10] + ["M8[s]", "i4,f8", "3i4", "(2,)f8"])
        ws = self.pick(PY_WS + NOT_WS + C_WS)
        i = self.r.randrange(len(s) + 1)
        return s[:i] + ws + s[i:]

    def spelling(self):
        x = self.r.randrange(self.total)
        for w, g in self.gens:
            if x < w:
                return g()
            x -= w
        raise AssertionError


_ML_TOKEN = re.compile(r"(?<![A-Za-z_])(?:%s)(?![A-Za-z0-9_])"
                       % "|".join(sorted(ML_NAMES, key=len, reverse=True)))


def mentions_ml(s):
    """An ml_dtypes name as a whole word anywhere (`f8,int4`): numpy without ml_dtypes
    rejects it and npmem accepts it, by design, so such spellings are skipped."""
    return _ML_TOKEN.search(s) is not None


def valid_text(s):
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: neither side can take them
        return False
    return True


def exhaustive(max_len):
    """Every string of 1..max_len characters over RANDOM_ALPHABET, shortest first."""
    for n in range(1, max_len + 1):
        for t in itertools.product(RANDOM_ALPHABET, repeat=n):
            yield "".join(t)


def generate(seed, count, names, golden_all, golden_ok, exhaustive_len=0):
    """`count` new random spellings, after all short strings when exhaustive_len > 0."""
    g = Grammar(random.Random(seed), names, golden_ok)
    seen = set()
    out = []
    for s in exhaustive(exhaustive_len):
        if s not in golden_all and s not in seen:
            seen.add(s)
            out.append(s)
    count += len(out)
    attempts = 0
    while len(out) < count:
        attempts += 1
        if attempts > 50 * count + 1000:
            break
        s = g.spelling()
        if s in seen or s in golden_all or mentions_ml(s) or not valid_text(s):
            continue
        seen.add(s)
        out.append(s)
    return out


# ---------------------------------------------------------------------------
# comparison and report
# ---------------------------------------------------------------------------


def verdict_key(np_res, nm_res):
    """None when they agree; else a short description of how they disagree."""
    if np_res["ok"] and nm_res["ok"]:
        diff = [a for a in ATTRS if np_res[a] != nm_res[a]]
        return ("both accept; differ in " + ",".join(diff)) if diff else None
    if np_res["ok"]:
        return "numpy accepts, npmem rejects"
    if nm_res["ok"]:
        return "numpy rejects (%s), npmem accepts" % np_res["error"]
    if nm_res.get("crash"):
        return "npmem crashed"
    return None


def fmt(res):
    if res["ok"]:
        return "%s %s kind=%s char=%s size=%s align=%s order=%s" % (
            res["name"], res["str"], res["kind"], res["char"], res["itemsize"],
            res["alignment"], res["byteorder"])
    return "REJECT %s: %s" % (res["error"], res.get("message", ""))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=200000, help="spellings to try")
    ap.add_argument("--exhaustive", type=int, default=0, metavar="LEN",
                    help="also try every string of up to LEN characters over the random-junk "
                         "alphabet (%d characters; LEN 3 adds ~56k)" % len(RANDOM_ALPHABET))
    ap.add_argument("--batch", type=int, default=5000)
    ap.add_argument("--describe", default=DEFAULT_DESCRIBE,
                    help="describe_dtypes binary (cargo build --example describe_dtypes)")
    ap.add_argument("--python", default=sys.executable, help="Python with numpy, for the worker")
    ap.add_argument("--golden", default=DEFAULT_GOLDEN)
    ap.add_argument("--out", help="write every disagreement as JSON lines here")
    ap.add_argument("--examples", type=int, default=4, help="examples per skeleton")
    ap.add_argument("--skeletons", type=int, default=12, help="skeletons shown per group")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker_main()

    if not os.path.exists(args.describe):
        sys.exit("fuzz_dtypes: %s not found; run `cargo build --example describe_dtypes`"
                 % args.describe)
    with open(args.golden, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    golden_all = {c["spelling"] for c in cases}
    golden_ok = [c["spelling"] for c in cases if c.get("ok") and not c.get("ml")]

    np_worker = NumpyWorker(args.python)
    info = np_worker.names()
    names = info["names"]
    spellings = generate(args.seed, args.count, names, golden_all, golden_ok, args.exhaustive)
    print("fuzz_dtypes: numpy %s, seed %d, %d spellings" % (info["numpy"], args.seed,
                                                            len(spellings)), file=sys.stderr)

    groups = defaultdict(list)
    n_dis = 0
    counts = Counter()
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    for start in range(0, len(spellings), args.batch):
        batch = spellings[start:start + args.batch]
        nm_box = []
        t = threading.Thread(target=lambda: nm_box.append(run_npmem(args.describe, batch)))
        t.start()
        send = [s for s in batch if not numpy_would_crash(s)]
        answers = iter(np_worker.ask(send))
        np_results = [next(answers) if not numpy_would_crash(s) else
                      {"ok": False, "error": "Crash", "message": "predicted SIGFPE (zero divisor)"}
                      for s in batch]
        t.join()
        for s, a, b in zip(batch, np_results, nm_box[0]):
            counts["numpy accepts" if a["ok"] else "numpy rejects"] += 1
            counts["npmem accepts" if b["ok"] else "npmem rejects"] += 1
            if a.get("error") == "Crash":
                counts["numpy crashes (rejections)"] += 1
            key = verdict_key(a, b)
            if key is None:
                continue
            n_dis += 1
            groups[key].append((s, a, b))
            if out:
                out.write(json.dumps({"spelling": s, "verdict": key, "numpy": a, "npmem": b},
                                     ensure_ascii=False) + "\n")
        print("  %d/%d done, %d disagreements" % (start + len(batch), len(spellings), n_dis),
              file=sys.stderr)
    np_worker.close()
    if out:
        out.close()

    print("spellings: %d  (%s; unpredicted numpy worker deaths: %d)" % (
        len(spellings), ", ".join("%s %d" % kv for kv in sorted(counts.items())),
        np_worker.crashes))
    print("disagreements: %d" % n_dis)
    for key in sorted(groups, key=lambda k: -len(groups[k])):
        items = groups[key]
        print("\n== %s: %d" % (key, len(items)))
        by_skel = defaultdict(list)
        for it in items:
            by_skel[skeleton(it[0])].append(it)
        skels = sorted(by_skel, key=lambda k: (-len(by_skel[k]), k))
        for sk in skels[: args.skeletons]:
            ex = sorted(by_skel[sk], key=lambda it: (len(it[0]), it[0]))[: args.examples]
            print("  [%s] x%d" % (sk, len(by_skel[sk])))
            for s, a, b in ex:
                print("    %r\n      numpy: %s\n      npmem: %s" % (s, fmt(a), fmt(b)))
        if len(skels) > args.skeletons:
            print("  ... %d more skeletons" % (len(skels) - args.skeletons))
    return 0


if __name__ == "__main__":
    sys.exit(main())
