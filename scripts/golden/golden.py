#!/usr/bin/env python3
"""Golden-data generator for npmem.

Writes (relative to the repo root):
  tests/data/dtypes.json  -- what np.dtype(<str>) says for thousands of spellings
  tests/data/shapes.json  -- numpy's size / nbytes / refusal for SHAPE[:DTYPE] specs

Run through scripts/golden/golden.sh (pins numpy==2.5.5, ml_dtypes==0.6.0).

Every numpy evaluation happens in a worker subprocess that answers one request
per line, so that a spelling which crashes the interpreter (numpy 2.5.5 dies
with SIGFPE on "M8[s/0]") is recorded as a crash and the run goes on with a
fresh worker.  The plain worker never imports ml_dtypes (npmem reproduces plain
numpy); only the "ml" worker does.

Output is deterministic: cases are in generation order (deduplicated), one
case per line, no memory addresses or timings.
"""

import itertools
import json
import os
import selectors
import signal
import string
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

from _common import DATA, meta_base, meta_member, write_lists

INTP_MAX = 2**63 - 1

ML_NAMES = [
    "bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz",
    "float8_e4m3b11fnuz", "float8_e3m4", "float8_e4m3", "float8_e8m0fnu",
    "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn",
    "int1", "int2", "int4", "uint1", "uint2", "uint4", "complex32", "bcomplex32",
]

# ---------------------------------------------------------------------------
# worker side
# ---------------------------------------------------------------------------


def _plain(x):
    """tuples -> lists recursively; anything exotic -> str."""
    if isinstance(x, (list, tuple)):
        return [_plain(i) for i in x]
    if x is None or isinstance(x, (bool, int, str)):
        return x
    return str(x)


def _describe(d):
    import numpy as np  # noqa: F401

    if d.names is not None:
        fields = []
        for name in d.names:
            fd, off = d.fields[name][:2]
            fields.append([name, fd.str, int(off), list(fd.shape)])
    else:
        fields = None
    return {
        "ok": True,
        "name": d.name,
        "str": d.str,
        "kind": d.kind,
        "char": d.char,
        "itemsize": int(d.itemsize),
        "alignment": int(d.alignment),
        "byteorder": d.byteorder,
        "descr": _plain(d.descr) if (d.fields is not None or d.subdtype is not None) else None,
        "shape": list(d.shape),
        "base_str": d.base.str,
        "fields": fields,
    }


def _err(e):
    return {"ok": False, "error": type(e).__name__, "message": str(e)}


def _w_dtype(req):
    import numpy as np

    s = req["s"]
    try:
        d = np.dtype(s)
    except BaseException as e:  # DeprecationWarning included (warnings are errors)
        return {"spelling": s, **_err(e)}
    return {"spelling": s, **_describe(d)}


def _w_ml(req):
    import numpy as np
    import ml_dtypes

    name = req["name"]
    t = getattr(ml_dtypes, name, None)
    if t is None:
        return {"missing": True}
    try:
        out = {"spelling": name, "ml": True, **_describe(np.dtype(t))}
    except BaseException as e:
        out = {"spelling": name, "ml": True, **_err(e)}
    try:
        np.dtype(name)
        out["string_lookup_ok"] = True
    except BaseException:
        out["string_lookup_ok"] = False
    return out


def _w_shape(req):
    """numpy's verdict on an array of `shape` and `dtype`, without allocating."""
    import numpy as np
    from numpy.lib.stride_tricks import as_strided

    shape = tuple(req["shape"])
    dt = np.dtype(req["dtype"])
    via = req["via"]
    try:
        if via == "as_strided":
            # np.empty(()) of a subarray dtype already has the subarray shape and
            # the base dtype; of S0/U0 it has S1/U1 (numpy's own adaptation).
            base = np.empty((), dt)
            full = shape + base.shape
            a = as_strided(base, full, strides=(0,) * len(full))
        elif via == "empty":
            # StringDType cannot go through __array_interface__; the parent only
            # sends tiny arrays or arrays numpy refuses before allocating.
            a = np.empty(shape, dt)
        else:
            raise AssertionError(via)
    except BaseException as e:
        return {"ok": False, "error_type": type(e).__name__, "error": str(e)}
    return {
        "ok": True,
        "numpy_size": int(a.size),
        "numpy_nbytes": int(a.nbytes),
        "array_shape": [int(x) for x in a.shape],
        "array_dtype": a.dtype.str,
        "array_itemsize": int(a.dtype.itemsize),
    }


def worker_main(kind):
    import warnings

    warnings.simplefilter("error")
    if kind == "ml":
        import ml_dtypes  # noqa: F401
    import numpy  # noqa: F401

    ops = {"dtype": _w_dtype, "ml": _w_ml, "shape": _w_shape}
    out = sys.stdout
    for line in sys.stdin:
        req = json.loads(line)
        res = ops[req["op"]](req)
        out.write(json.dumps(res) + "\n")
        out.flush()


# ---------------------------------------------------------------------------
# parent side: crash-tolerant request/response over pipes
# ---------------------------------------------------------------------------


class Worker:
    TIMEOUT = 120.0

    def __init__(self, kind):
        self.kind = kind
        self.proc = None
        self.crashes = []

    def _start(self):
        env = dict(os.environ)
        env["PYTHONHASHSEED"] = "0"
        env["PYTHONIOENCODING"] = "utf-8"
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", self.kind],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env=env, text=True, encoding="utf-8", bufsize=1,
        )
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.proc.stdout, selectors.EVENT_READ)

    def _dead(self, what):
        try:
            self.proc.kill()
        except OSError:
            pass
        rc = self.proc.wait()
        self.proc = None
        if rc < 0:
            try:
                sig = signal.Signals(-rc).name
            except ValueError:
                sig = "signal %d" % -rc
            msg = "numpy crashed the interpreter: killed by %s" % sig
        else:
            # not numpy crashing on an input: a bug in this script -- fail loudly
            raise RuntimeError("golden.py worker %s (exit status %d)" % (what, rc))
        return msg

    def ask(self, req):
        """Returns (result dict, None) or (None, crash message)."""
        if self.proc is None:
            self._start()
        try:
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            return None, self._dead("pipe closed")
        if not self.sel.select(self.TIMEOUT):
            return None, self._dead("timed out") + " (timeout)"
        line = self.proc.stdout.readline()
        if not line:
            msg = self._dead("died")
            self.crashes.append([req, msg])
            return None, msg
        return json.loads(line), None

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait()
            self.proc = None


# ---------------------------------------------------------------------------
# dtype spellings
# ---------------------------------------------------------------------------

PREFIXES = ["", "<", ">", "=", "|"]

SIZE_LARGE = [64, 128, 255, 256, 1000, 268435455, 536870911, 536870912, 1073741823,
              1073741824, 2147483646, 2147483647, 2147483648, 4294967295, 4294967296,
              9223372036854775807, 9223372036854775808, 99999999999999999999]
LEADING_ZEROS = ["00", "01", "02", "04", "08", "004", "016", "0016", "000"]


def gen_spellings(np):
    out = []
    add = out.append

    # 1. every str key of np.sctypeDict, bare and with byte-order prefixes
    for k in sorted(k for k in np.sctypeDict if isinstance(k, str)):
        for p in PREFIXES:
            add(p + k)

    # 2. every printable non-whitespace character, bare and prefixed
    for c in string.printable:
        if c.isspace():
            continue
        for p in PREFIXES:
            add(p + c)
    # numpy's own type-code tables
    for c in sorted(set(np.typecodes["All"])):
        add(c)

    # 3. letter kinds with sizes
    sizes = [str(n) for n in range(0, 41)] + [str(n) for n in SIZE_LARGE] + LEADING_ZEROS
    for letter in string.ascii_letters + "?":
        for sz in sizes:
            for p in PREFIXES:
                add(p + letter + sz)

    # 4. datetime / timedelta
    bases = ["M8", "m8", "datetime64", "timedelta64", "<M8", ">m8"]
    good_units = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]
    units = good_units + ["generic", "\u03bcs", "\u00b5s", "B", "y", "S", "sec", "ns2",
                          "US", "NS", "D2", "", " "]
    mults = ["1", "2", "25", "1000", "0", "-1", str(2**31 - 1), str(2**31), str(2**63 - 1),
             str(2**63), "+2", "02", "1_000", "2.5"]
    divisors = ["[s/2]", "[2s/3]", "[ms/1000]", "[D/24]", "[Y/12]", "[W/7]", "[as/2]", "[/2]",
                "[s/0]", "[s/1]", "[h/60]", "[m/60]", "[us/1000]", "[ns/1000]", "[M/2]",
                "[W/2]", "[s/3]", "[s/-1]", "[s/]", "[generic/2]", "[2D/3]", "[1s/1]",
                "[s/2/2]", "[25s/5]", "[D/86400]"]
    odd = ["", "[]", "[", "[ns", "ns]", "[ ns]", "[ns ]", "[n s]", "[2 s]", "[ 2s]", "[ns]extra",
           "[ns][s]", "[[ns]]", "()", "(ns)", "[ns,]", "[ns, s]", "[ns]]", "[ns] ", " [ns]",
           "[NS]", "[Ns]", "[s]2", "[1]", "[2]", "[2,s]", "[s2]"]
    for b in bases:
        for o in odd:
            add(b + o)
        for u in units:
            add("%s[%s]" % (b, u))
        for m in mults:
            for u in good_units + ["generic", "\u03bcs", "B"]:
                add("%s[%s%s]" % (b, m, u))
        for d in divisors:
            add(b + d)
    for b in ["M", "m", "M0", "M1", "M2", "M4", "M16", "m4", "m16", "<M4", ">M16", "|M8", "=M8",
              "|M8[ns]", "=m8[s]", "M8[ns]extra", "datetime64[ns]extra", "datetime", "timedelta",
              "datetime32", "datetime64[ns, UTC]", "datetime64[ns,UTC]", "M4[ns]", "M16[ns]",
              "M[ns]", "m[ns]", "Datetime64", "DATETIME64[ns]", "<datetime64[ns]",
              ">timedelta64[s]", "datetime64 [ns]", "datetime64[ns] ", "M8 [ns]",
              "M8[ns],i4", "i4,M8[D]", "2M8[s]", "(2,)m8[us]"]:
        add(b)

    # 5. comma / structured strings
    pool = ["i4", "f8", "<f4", ">i2", "u1", "b1", "?", "S3", "U2", "V4", "O", "M8[ns]", "c16",
            "3i4", "(2,3)f8", "(2,)u2", "()f4", "2(3)f8", "T", "float64", "int8", "bool",
            "(0,)f8", "(2, 3)f4"]
    for p in pool:
        add(p)
    for a, b in itertools.permutations(pool, 2):
        add(a + "," + b)
    pairs = list(itertools.combinations(pool, 2))
    for a, b in pairs:
        add(a + ", " + b)
        add(a + " ," + b)
    for i, c in enumerate(itertools.combinations(pool, 3)):
        if i % 5 == 0:
            add(",".join(c))
        if i % 7 == 3:
            add(", ".join(c))
        if i % 11 == 5:
            add(" ,".join(c))
    for i, c in enumerate(itertools.combinations(pool, 4)):
        if i % 29 == 0:
            add(",".join(c))
        if i % 31 == 7:
            add(", ".join(c))
    for i, (a, b) in enumerate(pairs):
        if i % 3 != 0:
            continue
        add(a + "," + b + ",")
        add("," + a + "," + b)
        add(a + ",," + b)
        add(a + "," + b + " ")
        add(" " + a + "," + b)
        add(a + ", " + b + ", ")
    for p in pool:
        add(p + ",")
        add(p + ", ")
        add("," + p)
        add(p + ",,")
        add(p + " ")
        add(p + "," + p)
        add(",".join([p] * 3))
    for s in [",", ",,", ", ", " ,", ",,,", "i4,,", ",i4,", "i4 , f8", "i4 ,  f8", "i4,\tf8",
              "i4,\nf8", "i4;f8", "i4 f8", "i4|f8", "i4:f8",
              "<(2)>f4", ">3i4", "3>i4", ">(2,3)<f8", "<i4,>i4", "<f8,>f8,=f8", "<i4,>f8",
              ">i2,<i2", "<(2,3)f8", ">(2)i4", "(2)>i4", "(2,3)<f8", "<3i4,>2f8", "|i1,|u1",
              "=i4,=f8", "<i4,=f8", ">i4,=f8", "|S3,<i4", "<3i4", "=3i4", "|3i4", "3<i4", "3|u1",
              ">(2,)i4", "(2,)>i4", "<(2,)<i4", ">(2,)>i4", "<>i4,f8", "i4,<<f8", "f4,(2)>f4",
              "f4,(2,)>f4", "f4,2>f4", "(2)f8,i4", "(2,)f8,i4", "i4,(2)f8"]:
        add(s)

    # 6. subarray forms
    for s in ["3i4", "(2,3)f4", "(2,)f8", "(2)f8", "()f8", "(0,)f8", "(0,3)i4", "(3,0)i4",
              "(2,3)", "0i4", "10U3", "(2,2)M8[s]", "(2,3)T", "(2147483647,)u1",
              "(2147483648,)u1", "(65536,65536)u1", "(1,)*", "(1,)", "()", "(,)f8", "(2,,3)f8",
              "(3)i4", "(3,)i4", "( 3 ,)i4", "(3 ,)i4", "(2 ,3)f8", "(2, 3)f8", "(2,3,)f8",
              "(2,-1)i4", "(-1)i4", "(-1,)i4", "-1i4", "(1.5)i4", "(1.5,)i4", "1.5i4",
              "(2,3,4,5)f8", "((2,3))f8", "[2,3]f8", "[2]f8", "{2}f8", "(2,3)(4)f8",
              "(2,3)3f8", "3(2,3)f8", "(2;3)f8", "(2x3)f8", "1i4", "(1,)i4", "(1)i4",
              "(2,3)V0", "(2,3)S0", "(2,3)U0", "(2147483647)u1", "(1073741824,2)u1",
              "(1073741823,2)u1", "(46341,46341)u1", "(46340,46340)u1", "(2,3)O", "3O",
              "(2,3)S5", "2S5", "2U0", "(2,)V3", "(2,)(3,)f8", "(2,)i4,(3,)f8", "5,i4",
              "2i4,3f8", "(2,3)i4 ", " (2,3)i4", "(2,3) i4", "(0x10,)u1", "(1_0,)u1",
              "(1e1,)u1", "(True,)u1", "(a,)u1", "(2,3)f8]", "(2,3", "2,3)f8",
              "(" + "1," * 32 + ")u1", "(" + "1," * 33 + ")u1", "(" + "1," * 64 + ")u1",
              "(" + "1," * 65 + ")u1", "(" + ",".join(["2"] * 31) + ")u1",
              "(" + ",".join(["2"] * 32) + ")u1", "(9223372036854775807,)u1",
              "(9223372036854775808,)u1", "(4294967296,)u1", "(0,2147483648)u1",
              "(2147483648,0)u1", "(1,1,1)f8", "2147483647i1", "2147483648i1",
              "1073741824i2", "1073741823i2", "(2,)T", "3T", "(2,)f8,T", "2S0", "3V0", "2U",
              "2S", "2V", "(2,)S0", "(2,)U", "2U0,i4", "0S5", "0U0", "(0,)V0", "2c", "3?",
              "2O", "(2,)M8", "(2,)m8[generic]", "1f8", "(1,1)f8", "01i4", "(02,)i4"]:
        add(s)

    # 7. removed/deprecated aliases, near misses, junk
    for s in ["float_", "complex_", "string_", "unicode_", "int0", "uint0", "bool8", "void0",
              "object0", "str0", "bytes0", "a", "a5", "a1", "a0", "<a5", "|a5", "Float64",
              "FLOAT64", "Int32", "Float32", "Complex64", "Bool", "Object", "double_",
              "longfloat", "singlecomplex", "cfloat", "clongfloat", "longcomplex", "unicode",
              "string", "StringDType", "StringDType()", "np.float64", "numpy.float64",
              "np.dtype('f8')", "float64 ", " float64", "float 64", "float64\n", "\tfloat64",
              "f 8", "f8\n", "f8\t", "\nf8", " f8", "f8 ", "<f8 ", "< f8", "f8\x00", "\x00",
              "\x00f8", "", " ", "  ", ",", "(", ")", "[]", "{}", "<", ">", "|", "=", "<<f8",
              "<>f8", "><f8", "==f8", "||u1", "f8<", "f8>", "f8=", "f8|", "<=f8", "<|f8",
              "flaot64", "flot32", "uint88", "int 8", "int8 ", "complex65", "boolean",
              "double64", "float65", "int33", "uint7", "floa64", "int", "uint", "float",
              "complex", "bool", "object", "str", "bytes", "void", "long", "ulong",
              "longlong", "ulonglong", "intp", "uintp", "intc", "uintc", "half", "single",
              "double", "longdouble", "csingle", "cdouble", "clongdouble", "short", "ushort",
              "byte", "ubyte", "int_", "uint_", "bool_", "object_", "str_", "bytes_", "void_",
              "float16", "float32", "float64", "float80", "complex160", "int64", "uint64",
              "int63", "int1", "int2", "int4", "uint4", "float8", "float4", "complex32",
              "complex16", "datetime64", "timedelta64", "Datetime64", "TimeDelta64",
              "f", "d", "g", "e", "F", "D", "G", "i", "l", "q", "n", "p", "I", "L", "Q",
              "N", "P", "b", "B", "h", "H", "?", "O", "S", "U", "V", "M", "m", "T", "c",
              "f8.0", "f+8", "f-8", "f_8", "i4_", "S1_0", "U+5", "S-1", "S+1", "8f", "4i",
              "0x8", "f0x8", "fe8", "i 4", "i4 i4", "i4i4", "f8f8", "ff8", "ii4", "S3S",
              "[('a','i4')]", "[('a', '<i4'), ('b', '<f8')]", "{'names':['a'],'formats':['i4']}",
              "('i4',(2,))", "(i4,(2,))", "i4,(2,)", "dtype('f8')", "f8,", "None", "none",
              "float64,", "int8,int8", "bool,bool", "O,O", "T,T", "V,V", "S,S", "U,U",
              "S,i4", "U,i4", "V,i4", "M8,i4", "m8,f8",
              # unicode look-alikes
              "\uff46" + "8", "f\uff18", "\u0456" + "4", "\u0192" + "8", "f\u0668",
              "float\uff16\uff14", "S\uff15", "\u0455" + "3", "\u0443" + "1", "\u0421" + "16",
              "f\u00b8", "float64\u200b", "\u200bfloat64", "float\u00ad64", "f8\u00a0",
              "\u00a0f8", "\u2039f8", "\uff1cf8", "\u00ebf8", "in\u0442" + "8", "\u03bf",
              "M8[\u03bcs]", "M8[\u00b5s]", "\u0130" + "4", "\u0131" + "4", "\u212a", "\u017f" + "8",
              "float\u0666\u0664", "f\u0968", "f\u00bd", "f\u2078", "f\u2088", "i\u2074"]:
        add(s)

    # 8. platform-dependent and exotic sizes
    for s in ["float128", "complex256", "f16", "c32", "f10", "f12", "c20", "c24", "float96",
              "complex192", "int128", "uint128", "i16", "u16", "O4", "O8", "O16", "O0",
              "<f16", ">f16", "<c32", ">c32", "=g", "<g", ">G", "f2", "e2", "float8",
              "b2", "b4", "?1", "?2", "b1", "u8", "i8", "i1", "i2", "u2", "u4", "c8", "c16",
              "f4", "f8"]:
        add(s)

    # 9. corners the fuzzer (scripts/fuzz/fuzz_dtypes.py) found: a trailing byte-order mark in a
    # comma string, zero-element subarrays as repeat bases, subarray dimension products past
    # 2**63 before a zero. (Structured sizes past a C int are left out: numpy wraps them
    # around, even to negative itemsizes, and npmem rejects them on purpose.)
    for s in ["i4,<", "i4,|", "i4, <", "i4,<\t", "i4,<=", "f8,i4,=", "i4,>", "i4,< ", "i4,|<",
              "i4,<,f8", "<,", "7<0M", "1>0b", "4=0V4", "2|0S5", "d,29>0U2", "()0i4", "(2,)0i4",
              "(3,)<0M", "0>0i4", "(2147483647,2147483647,3,0)f8",
              "(65536,65536,65536,32768,0)u1", "i4,(65536,65536,65536,32768,0)u1",
              "(2147483647,2147483647,2,0)f8", "(65536,65536,65536,65536,0)u1",
              "(0,2147483647,2147483647,3)f8", "\x01", "\x0c", "\x17", "\x18", ">\x05", "<\x0d"]:
        add(s)

    # 10. the ML names as plain strings (without ml_dtypes numpy should reject them)
    for n in ML_NAMES:
        add(n)
        add("<" + n)

    seen = set()
    uniq = []
    for s in out:
        if s not in seen:
            seen.add(s)
            uniq.append(s)
    return uniq


# ---------------------------------------------------------------------------
# shape specs
# ---------------------------------------------------------------------------


def parse_number(tok):
    """npmem number syntax: 1000, 1_000, 1e6, 1.25e8 -- integral values only (exact)."""
    t = tok.strip().replace("_", "")
    v = Fraction(Decimal(t))
    if v.denominator != 1 or v < 0:
        raise ValueError("not a non-negative integer: %r" % tok)
    return int(v)


def parse_spec(spec):
    shape_s, _, dtype = spec.partition(":")
    shape_s = shape_s.strip()
    if shape_s == "()":
        return [], (dtype or None)
    if shape_s.startswith("(") and shape_s.endswith(")"):
        toks = shape_s[1:-1].split(",")
    elif "x" in shape_s:
        toks = shape_s.split("x")
    elif "*" in shape_s:
        toks = shape_s.split("*")
    elif "," in shape_s:
        toks = shape_s.split(",")
    else:
        toks = [shape_s]
    return [parse_number(t) for t in toks], (dtype or None)


def sci(n):
    """1000000 -> '1e6', 125000000 -> '1.25e8'; None when not short/possible."""
    s = str(n)
    digits = s.rstrip("0")
    k = len(s) - len(digits)
    if n < 1000 or k < 3:
        return None
    if len(digits) == 1:
        out = "%se%d" % (digits, k)
    else:
        out = "%s.%se%d" % (digits[0], digits[1:], k + len(digits) - 1)
    assert parse_number(out) == n
    return out


def underscored(n):
    return "{:_}".format(n)


class SpecWriter:
    """Writes shapes in a rotating mix of npmem's accepted syntaxes."""

    def __init__(self):
        self.i = 0

    def num(self, n):
        self.i += 1
        style = self.i % 4
        if style == 1 and n >= 1000:
            return underscored(n)
        if style in (2, 3):
            s = sci(n)
            if s is not None:
                return s
        return str(n)

    def shape(self, shape):
        self.i += 1
        if len(shape) == 0:
            return "()"
        nums = [self.num(n) for n in shape]
        if len(shape) == 1:
            return nums[0]
        style = self.i % 4
        if style == 0:
            return "x".join(nums)
        if style == 1:
            return ",".join(nums)
        if style == 2:
            return "*".join(nums)
        return "(" + ", ".join(nums) + ")"


def gen_shape_cases():
    """[(spec, dtype-or-None)] in deterministic order."""
    w = SpecWriter()
    cases = []

    def add(shape, dtype=None, spec=None):
        if spec is None:
            spec = w.shape(list(shape))
            if dtype is not None:
                spec += ":" + dtype
        cases.append((spec, dtype))

    # source material, verbatim
    for spec, dt in [("1000:uint8", "uint8"), ("1000", None), ("125000000", None),
                     ("1.25e8", None), ("1.25e8:f8", "f8"), ("100x100x100x100", None),
                     ("100,100,100,100", None), ("100*100*100*100", None),
                     ("(100, 100, 100, 100)", None), ("10:U10", "U10"), ("3:f8,i4", "f8,i4"),
                     ("1e6", None), ("1_000", None), ("1_000:uint8", "uint8"), ("()", None),
                     ("():uint8", "uint8"), ("100*100", None), ("1e3x1e3", None),
                     ("1_000_000:i4", "i4"), ("2.5e1:c16", "c16")]:
        add(None, dt, spec)

    every_dtype = [
        "bool", "?", "b1", "int8", "i1", "u1", "uint8", "i2", "u2", "int16", "uint16", "i4",
        "u4", "int32", "uint32", "i8", "u8", "int64", "uint64", "int", "uint", "intp", "uintp",
        "intc", "long", "longlong", "f2", "float16", "half", "f4", "float32", "f8", "float64",
        "double", "float", "g", "longdouble", "float128", "f16", "c8", "complex64", "c16",
        "complex128", "complex", "G", "clongdouble", "complex256", "c32", "<f8", ">f8", ">i4",
        "S0", "S1", "S10", "S255", "U0", "U1", "U10", "U100", "V0", "V1", "V3", "V16", "V40",
        "M8[ns]", "M8[D]", "M8[Y]", "M8[25s]", "m8[us]", "m8[h]", "datetime64", "M8",
        "timedelta64[ms]", "O", "object", "T", "f8,i4", "i4,(2,3)f8", "(2,3)f4", "3i4",
        "u1,u1,u1", "S3,f8", "U2,i2", "0i4", "(0,3)i4", "(2,0)f8", "10U3", "(2,2)M8[s]",
        "i4,0i4", "V0,V0", "S0,i4", "(3,)S1", "2U0",
    ]
    small_shapes = [(), (0,), (1,), (3,), (2, 3), (10, 10, 10), (1000000,), (0, 5), (5, 0),
                    (4, 0, 4), (1, 1, 1, 1)]
    for dt in every_dtype:
        for sh in small_shapes:
            add(sh, dt)
    # default dtype (no ":DTYPE" in the spec)
    for sh in [(), (0,), (1,), (7,), (3, 4), (1000, 1000), (10**6, 10**3), (2, 3, 4, 5),
               (1152921504606846975,), (1152921504606846976,)]:
        add(sh, None)

    # size-1 dims, zero-length dims anywhere
    for sh in [(1,), (1, 1), (1, 5, 1), (5, 1, 1, 1), (1,) * 10, (0, 0), (0, 0, 0), (3, 0, 4),
               (0, 10**9), (10**9, 0), (0, 2**31), (2**31, 0, 2**31), (0, 2**62), (2**62, 0),
               (0, 2**60), (0, 2**59), (0, 2**60 - 1), (0, 2**61), (0, 2**63 - 1),
               (2**63 - 1, 0), (0, 2**62, 2), (2**31, 2**31, 0), (2**32, 2**31, 0),
               (2**32, 2**32, 0), (0, 10**12, 10**12), (10**12, 10**12, 0), (0, 2**63),
               (0, 10**20), (0,) * 64, (0,) * 65, (0,) + (2,) * 63, (0,) + (2,) * 62,
               (0,) + (2,) * 59, (0,) + (2,) * 60]:
        for dt in ["u1", "f8", "S0", "V0", "U0", "c16"]:
            add(sh, dt)

    # 1..66 dims
    for nd in list(range(1, 67)) + [70, 100]:
        add((1,) * nd, "f8")
    for nd in [1, 2, 8, 16, 31, 32, 33, 58, 59, 60, 61, 62, 63, 64, 65]:
        add((2,) * nd, "u1")
        add((2,) * nd, "f8")
    for nd in [62, 63, 64]:
        add((1,) * nd, "(2,3)f4")
        add((1,) * nd, "3i4")

    # dims near 2**31, 2**32, 2**62, 2**63-1
    for base in [2**31, 2**32, 2**62, 2**63]:
        for d in [base - 1, base, base + 1]:
            for dt in ["u1", "i2", "f8"]:
                add((d,), dt)
    for d in [2**64 - 1, 2**64, 10**20]:
        add((d,), "u1")
    for sh in [(2**31, 2**31), (2**31, 2**32), (2**32, 2**31 - 1), (2**32, 2**32),
               (2**31 - 1, 2**32 + 1), (2**16,) * 4, (2**21,) * 3, (3037000499, 3037000499),
               (3037000500, 3037000500), (2**62, 2), (2**62, 1), (2**61, 4), (2**61, 3)]:
        for dt in ["u1", "f8"]:
            add(sh, dt)

    # products just below / at / above 2**63-1 bytes for several itemsizes
    for dt, isz in [("u1", 1), ("i2", 2), ("U1", 4), ("f8", 8), ("c16", 16), ("S40", 40),
                    ("U10", 40), ("V40", 40), ("f8,i4", 12), ("(2,3)f4", 24), ("3i4", 12),
                    ("T", 16), ("O", 8), ("M8[ns]", 8), ("g", 16), ("S0", 0), ("U0", 0)]:
        eff = isz or (4 if dt.startswith("U") else 1)
        m = INTP_MAX // eff
        for n in [m - 1, m, m + 1]:
            add((n,), dt)
        # two-d factorisations straddling the limit
        for a in [2, 3, 1024, 2**31]:
            b = m // a
            add((a, b), dt)
            add((a, b + 1), dt)
        add((2, 2, m // 4), dt)
        add((2, 2, m // 4 + 1), dt)

    # itemsize-0 dtypes: S0 -> S1 (1 byte), U0 -> U1 (4 bytes), V0 stays 0 bytes
    for dt in ["S0", "U0", "V0", "0i4", "(0,3)i4", "V0,V0"]:
        for sh in [(2**63 - 1,), (2**62, 2), (2**62, 4), (2**61, 4), (2**61, 5),
                   (2**63 - 1, 2**63 - 1), (2**63 - 1, 3), (10**12, 10**12), (2**32, 2**31),
                   (2**32, 2**31 - 1)]:
            add(sh, dt)

    # huge products far beyond 2**64
    for sh in [(10**12, 10**12), (10**15, 10**15), (10**18, 10**18, 10**18), (2**40,) * 4,
               (10**6,) * 10, (1000,) * 64, (2**32,) * 2, (2**32, 2**32, 2**32),
               (10**9, 10**9, 10**9, 10**9)]:
        for dt in ["u1", "f8", "c32", "U10", "S0", "V0"]:
            add(sh, dt)

    # assorted realistic shapes, every syntax
    for sh in [(640, 480, 3), (1920, 1080, 3), (224, 224, 3), (32, 3, 224, 224), (60000, 28, 28),
               (4096, 4096), (10**4, 10**4), (10**5, 10**5), (2**20,), (2**30,), (2**40,),
               (12, 1000), (25, 40), (1, 1000000), (125000000,), (250000000,), (10**9,),
               (1_000_000_000_000,), (3, 5, 7, 11, 13)]:
        for dt in ["u1", "f4", "f8", "c16", "i4,f8", None]:
            add(sh, dt)

    seen = set()
    uniq = []
    for spec, dt in cases:
        if spec not in seen:
            seen.add(spec)
            uniq.append((spec, dt))
    return uniq


def wrap64(n):
    n &= (1 << 64) - 1
    return n - (1 << 64) if n >= (1 << 63) else n


def prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def main():
    import numpy as np  # plain numpy only in this process: never import ml_dtypes here

    base = meta_base(__file__)

    # ---- dtypes -----------------------------------------------------------
    plain = Worker("plain")
    cases = []
    crashed = []
    for s in gen_spellings(np):
        res, crash = plain.ask({"op": "dtype", "s": s})
        if crash is not None:
            res = {"spelling": s, "ok": False, "error": "Crash", "message": crash}
            crashed.append(s)
        cases.append(res)

    ml = Worker("ml")
    ml_missing = []
    ml_cases = []
    for name in ML_NAMES:
        res, crash = ml.ask({"op": "ml", "name": name})
        if crash is not None:
            res = {"spelling": name, "ml": True, "ok": False, "error": "Crash", "message": crash,
                   "string_lookup_ok": False}
        if res.get("missing"):
            ml_missing.append(name)
            continue
        ml_cases.append(res)
    ml.close()

    n_ok = sum(1 for c in cases if c["ok"])
    meta = dict(base)
    meta.update({
        "ml_names": ML_NAMES,
        "ml_missing": ml_missing,
        "counts": {"spellings": len(cases), "accepted": n_ok, "rejected": len(cases) - n_ok,
                   "crashed": len(crashed), "ml": len(ml_cases)},
        "crashed_spellings": crashed,
        "note": ("np.dtype(spelling) with warnings.simplefilter('error'), ml_dtypes NOT imported; "
                 "ml cases (\"ml\": true) use np.dtype(getattr(ml_dtypes, name)) after import "
                 "ml_dtypes, and string_lookup_ok says whether np.dtype(name) then works. "
                 "error 'Crash' = the interpreter died (signal) evaluating the spelling."),
    })
    write_lists(os.path.join(DATA, "dtypes.json"), [meta_member(meta)],
                [("cases", cases + ml_cases)])

    # ---- shapes -----------------------------------------------------------
    shape_cases = []
    skipped = []
    n_big = 0
    for spec, dt in gen_shape_cases():
        shape, dt2 = parse_spec(spec)
        assert dt2 == dt, (spec, dt, dt2)
        dtype = dt if dt is not None else "float64"
        d = np.dtype(dtype)
        size = prod(shape)
        nbytes = size * d.itemsize
        via = "as_strided"
        if d.kind == "T":
            # StringDType has no __array_interface__ typestr; np.empty is safe only
            # when tiny or refused by the constructor's size check before allocating.
            ctor = prod(x for x in shape if x != 0) * d.itemsize
            if not ((nbytes <= 1 << 25 or ctor > INTP_MAX) and len(shape) <= 64
                    and all(x <= INTP_MAX for x in shape)):
                skipped.append(spec)
                continue
            via = "empty"
        res, crash = plain.ask({"op": "shape", "shape": shape, "dtype": dtype, "via": via})
        if crash is not None:
            res = {"ok": False, "error_type": "Crash", "error": crash}
        case = {"spec": spec, "shape": shape, "dtype": dtype, "size": size, "nbytes": nbytes,
                "too_big": not res["ok"]}
        if res["ok"]:
            full = prod(res["array_shape"])
            assert res["numpy_size"] == wrap64(full), (spec, res)
            assert res["numpy_nbytes"] == wrap64(full * res["array_itemsize"]), (spec, res)
            # the exact products agree with numpy except for the documented cases
            if d.subdtype is None and full <= INTP_MAX:
                assert res["numpy_size"] == size, (spec, res)
            if d.itemsize != 0:
                assert res["numpy_nbytes"] == nbytes, (spec, res)
            elif d.kind in "SU":
                # S0/U0 arrays are created as S1/U1
                assert res["array_itemsize"] == (1 if d.kind == "S" else 4), (spec, res)
            else:
                assert res["numpy_nbytes"] == 0, (spec, res)
            case.update({k: res[k] for k in ("numpy_size", "numpy_nbytes", "array_shape",
                                             "array_dtype")})
        else:
            n_big += 1
            case["error"] = res["error"]
            case["error_type"] = res["error_type"]
        case["itemsize"] = d.itemsize
        case["via"] = via
        shape_cases.append(case)
    plain.close()

    meta = dict(base)
    meta.update({
        "counts": {"cases": len(shape_cases), "too_big": n_big,
                   "accepted": len(shape_cases) - n_big},
        "skipped_specs": skipped,
        "default_dtype": "float64",
        "note": ("size = exact product of shape; nbytes = size * np.dtype(dtype).itemsize "
                 "(exact Python ints, may exceed 2**64). too_big = numpy refused to build the "
                 "array: via 'as_strided' = as_strided(np.empty((), dtype), shape + "
                 "subarray_shape, strides=0) (no allocation); via 'empty' = np.empty(shape, "
                 "dtype), used only for StringDType ('T') on tiny or refused shapes. When "
                 "accepted, numpy_size/numpy_nbytes are numpy's .size/.nbytes (int64, may wrap "
                 "for zero-itemsize V dtypes) of the array numpy builds (array_shape, "
                 "array_dtype: subarray dims appended, S0->S1, U0->U1)."),
    })
    write_lists(os.path.join(DATA, "shapes.json"), [meta_member(meta)], [("cases", shape_cases)])

    print("dtypes.json: %d spellings (%d accepted, %d crashed) + %d ml; shapes.json: %d cases "
          "(%d too_big)" % (len(cases), n_ok, len(crashed), len(ml_cases), len(shape_cases), n_big))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        worker_main(sys.argv[2])
    else:
        main()
