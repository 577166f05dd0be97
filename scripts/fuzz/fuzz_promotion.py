#!/usr/bin/env python3
"""Differential fuzzer: ``npmem cast-check --result-type A B C ... --json`` against numpy's
``np.result_type(A, B, C, ...)`` (NEP 50), with ml_dtypes imported.

Deterministic for a given ``--seed`` / ``--count`` (and numpy version). Each case is 1 to 29
operands drawn from a wide generator: numeric names, one-letter codes and sized type strings
with byte orders, ``U``/``S``/``V`` of sizes 0..40, ``M8``/``m8`` with every unit and
multipliers, structured and subarray dtypes, ``O``, ``T``, the ml_dtypes names, and Python
number literals (ints of every size and sign, in decimal, hex, octal, binary, with
underscores; floats near each format's limits, past float64, below its smallest; imaginary
literals; ``True``/``False``). Half the cases draw from one family (numbers, times, strings,
voids) so that they often promote.

Checked for every case:

* ``result_type``: numpy's ``.name``, or ``null`` with ``promotion_error`` equal to
  ``str(exc)`` (exit 1);
* for every Python scalar when numpy promotes to R: if ``np.add(np.zeros(1, R), scalar)``
  raises, a note must contain ``raises <Type>: <message>``; if it warns, a note must contain
  ``warns <Category>: <message>``.

Run (from the repo root, after ``cargo build --release``)::

    /path/to/venv/bin/python scripts/fuzz/fuzz_promotion.py --seed 1 --count 20000 --jobs 2

Exit status: 0 when nothing disagrees, 1 otherwise; ``--out`` writes every disagreement as one
JSON object per line.
"""

import argparse
import ast
import json
import os
import random
import subprocess
import sys
import warnings
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import ml_dtypes  # noqa: F401 - registers the ml_dtypes names with np.dtype
import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_NPMEM = os.path.join(REPO, "target", "release", "npmem")

ML = ["bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz",
      "float8_e4m3b11fnuz", "float8_e3m4", "float8_e4m3", "float8_e8m0fnu", "float6_e2m3fn",
      "float6_e3m2fn", "float4_e2m1fn", "int2", "int4", "uint2", "uint4", "complex32",
      "bcomplex32", "int1", "uint1"]
NAMES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
         "float16", "float32", "float64", "longdouble", "complex64", "complex128",
         "clongdouble", "int", "float", "complex", "intp", "uintp", "long", "ulong",
         "longlong", "ulonglong", "intc", "uintc", "short", "ushort", "byte", "ubyte", "half",
         "single", "double", "csingle", "cdouble", "object", "bytes", "str"]
CODES = list("?bBhHiIlLqQnNpPefdgFDGO")
UNITS = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]


def rand_int(rng):
    kind = rng.random()
    if kind < 0.3:
        n = rng.randint(-300, 300)
    elif kind < 0.6:
        bits = rng.choice([7, 8, 15, 16, 31, 32, 53, 63, 64, 65, 100, 128, 1024, 1030])
        n = (1 << bits) + rng.randint(-2, 2)
        n = -n if rng.random() < 0.3 else n
    else:
        n = rng.randint(-10 ** rng.randint(1, 40), 10 ** rng.randint(1, 40))
    style = rng.random()
    if style < 0.1 and n >= 0:
        return hex(n)
    if style < 0.15 and n >= 0:
        return oct(n)
    if style < 0.2 and n >= 0:
        return bin(n)
    text = str(n)
    if style < 0.3 and len(text.lstrip("-")) > 3:
        sign = "-" if text.startswith("-") else ""
        digits = text.lstrip("-")
        text = sign + digits[:2] + "_" + digits[2:]
    return text


def rand_float(rng):
    kind = rng.random()
    if kind < 0.3:
        return repr(rng.uniform(-1000, 1000))
    if kind < 0.6:
        m = rng.choice(["1", "6.5504", "6.552", "3.4028235", "3.5", "1.7976931348623157",
                        "1.8", "5", "2.2250738585072014", "1.0000001"])
        e = rng.choice([-400, -324, -310, -308, -46, -45, -8, -5, 0, 4, 38, 39, 100, 300,
                        308, 309, 400])
        return "%s%se%d" % (rng.choice(["", "-"]), m, e)
    return rng.choice(["0.0", "-0.0", "1.", ".5", "1_0.5", "2.5E3", "1e400", "-1e400"])


def rand_literal(rng):
    kind = rng.random()
    if kind < 0.45:
        return rand_int(rng)
    if kind < 0.8:
        return rand_float(rng)
    if kind < 0.93:
        f = rand_float(rng).lstrip("-")
        return rng.choice(["", "-"]) + f + rng.choice(["j", "J"])
    return rng.choice(["True", "False"])


def rand_time(rng):
    base = rng.choice(["M8", "m8", "datetime64", "timedelta64", "<M8", ">m8"])
    if rng.random() < 0.2:
        return base
    mult = rng.choice(["", "", "2", "25", "1000", "7"])
    return "%s[%s%s]" % (base, mult, rng.choice(UNITS))


def rand_string(rng):
    return "%s%s%d" % (rng.choice(["", "", "<", ">", "|"]), rng.choice("USU"),
                       rng.randint(0, 40))


def rand_numeric(rng):
    kind = rng.random()
    if kind < 0.5:
        return rng.choice(NAMES[:36])
    if kind < 0.8:
        return rng.choice(CODES[:-1])
    code = rng.choice(["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "f2", "f4", "f8",
                       "c8", "c16", "b1"])
    return rng.choice(["", "<", ">", "="]) + code


def rand_void(rng):
    return rng.choice(["V0", "V1", "V8", "V12", "V16", "f8,i4", "f4,i8", "i4,i8", "i8,i4",
                       ">f8,>i4", "(2,)f4", "(2,)i8", "(3,)f4", "(2,3)f4", "i4,(2,)f8",
                       "f8,i4,u1", "(2,)S3", "(2,)U2"])


def rand_operand(rng, family):
    if family == "numbers":
        pick = rng.random()
        if pick < 0.5:
            return rand_numeric(rng)
        if pick < 0.9:
            return rand_literal(rng)
        return rng.choice(ML)
    if family == "times":
        pick = rng.random()
        if pick < 0.6:
            return rand_time(rng)
        return rng.choice([rand_numeric(rng), rand_int(rng), "True", "O"])
    if family == "strings":
        pick = rng.random()
        if pick < 0.6:
            return rand_string(rng)
        return rng.choice(["T", "O", rand_numeric(rng), rand_literal(rng)])
    if family == "voids":
        pick = rng.random()
        if pick < 0.7:
            return rand_void(rng)
        return rng.choice(["O", "S5", rand_numeric(rng), rand_literal(rng)])
    return rng.choice([rand_numeric, rand_literal, rand_time, rand_string, rand_void,
                       lambda r: r.choice(ML + ["O", "T"])])(rng)


def literal(text):
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        if isinstance(node.operand, ast.Constant) and type(node.operand.value) in (
                int, float, complex):
            return ast.literal_eval(text)
        return None
    if isinstance(node, ast.Constant) and type(node.value) in (int, float, complex, bool):
        return node.value
    return None


def numpy_answer(ops):
    objs = []
    for t in ops:
        v = literal(t)
        objs.append(np.dtype(t) if v is None else v)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            r = np.result_type(*objs)
        except Exception as e:  # noqa: BLE001 - numpy's refusals are answers
            return {"error": str(e)}, []
    expect = []
    for t, obj in zip(ops, objs):
        if type(obj) not in (int, float, complex):
            continue
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            try:
                np.add(np.zeros(1, dtype=r), obj)
                err = None
            except Exception as e:  # noqa: BLE001
                err = e
        if err is not None:
            expect.append("raises %s: %s" % (type(err).__name__, err))
        for w in ws:
            expect.append("warns %s: %s" % (w.category.__name__, w.message))
    return {"name": r.name}, expect


def valid(ops):
    for t in ops:
        if literal(t) is None:
            try:
                np.dtype(t)
            except Exception:  # noqa: BLE001
                return False
    return True


def run_npmem(binary, ops):
    out = subprocess.run([binary, "cast-check", "--json", "--platform", "linux-x86_64",
                          "--result-type", "--", *ops], capture_output=True, text=True)
    if out.returncode == 2:
        return out.returncode, None, out.stderr.strip()
    return out.returncode, json.loads(out.stdout), ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--npmem", default=DEFAULT_NPMEM)
    ap.add_argument("--out")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    cases = []
    while len(cases) < args.count:
        family = rng.choice(["numbers", "numbers", "times", "strings", "voids", "any"])
        n = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 12, 17, 29])
        ops = [rand_operand(rng, family) for _ in range(n)]
        if valid(ops):
            cases.append(ops)

    answers = [numpy_answer(ops) for ops in cases]
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda ops: run_npmem(args.npmem, ops), cases))

    bad = []
    kinds = Counter()
    for ops, (numpy, expect), (code, ours, err) in zip(cases, answers, results):
        problem = None
        if ours is None:
            problem = "npmem refused: " + err
        elif "error" in numpy:
            if code != 1 or ours["result_type"] is not None \
                    or ours["promotion_error"] != numpy["error"]:
                problem = "numpy raises %r; npmem %r" % (numpy["error"], ours)
        elif code != 0 or ours["result_type"] != numpy["name"]:
            problem = "numpy %s; npmem exit %d %r" % (numpy["name"], code, ours)
        else:
            notes = " | ".join(ours["notes"])
            missing = [e for e in expect if e not in notes]
            if missing:
                problem = "notes lack %r" % missing
        if problem:
            kinds[problem.split(";")[0][:60]] += 1
            bad.append({"operands": ops, "problem": problem})

    raised = sum(1 for numpy, _ in answers if "error" in numpy)
    notes = sum(len(expect) for _, expect in answers)
    print("fuzz_promotion: %d cases (%d numpy raises, %d promote; %d scalar outcomes "
          "checked in the notes), %d disagreements"
          % (len(cases), raised, len(cases) - raised, notes, len(bad)))
    for k, v in kinds.most_common(20):
        print("  %5d  %s" % (v, k))
    for b in sorted(bad, key=lambda b: len(" ".join(b["operands"])))[:20]:
        print("  %s: %s" % (" ".join(b["operands"]), b["problem"][:300]))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for b in bad:
                f.write(json.dumps(b) + "\n")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
