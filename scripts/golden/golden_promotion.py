#!/usr/bin/env python3
"""Golden data for npmem's N-ary promotion: np.result_type(A, B, C, ...) over dtypes and Python
scalars (NEP 50), and what happens when an operation converts each Python scalar.

Writes (relative to the repo root):
  tests/data/promotion.json -- after "meta", one list:
      cases: one record per list of operands, each operand as typed on npmem's command line:
             a Python literal (300, -1, 2.0, 1e400, 3j, True, 1_000, 0x10) is that Python
             scalar, anything else is np.dtype(text). Each record holds
               "group":       where the case comes from (numpy's NEP 50 tests, the NEP's table,
                              test_dtype.py, systematic pairs, random N-ary mixes, ...);
               "operands":    the texts;
               "result_type": {"name", "str"} of np.result_type(*objects), or
                              {"error": type name, "message": str(e)};
               "scalars":     (only when result_type succeeded and some operand is a Python
                              int, float or complex) one entry per such operand, in order:
                              {"operand", "add": OUTCOME, "value": VALUE} where OUTCOME is
                              what np.add(np.zeros(1, dtype=R), scalar) does (R the result
                              type): {"error", "message"} or {"warnings": ["Category: message",
                              ...]} (an empty list: it ran silently); VALUE is the scalar as
                              np.asarray(scalar, dtype=R) stores it: a reduced fraction "p/q"
                              (or "inf", "-inf", "nan") for a float, {"real", "imag"} for a
                              complex, the integer as a string for an integer, "NaT" or the
                              integer for a timedelta, null for object (the Python object
                              itself) or when the conversion raises.
             "warnings" on a record lists warnings np.result_type itself emitted.

Run as `$VENV/bin/python scripts/golden/golden_promotion.py` from the repo root (pins
numpy==2.5.5, ml_dtypes==0.6.0 via scripts/golden/requirements.txt), e.g. through
scripts/golden/golden.sh.

This process imports plain numpy only; the cases with ml_dtypes formats (group "ml_dtypes")
run in a child process (this script with --ml) that imports ml_dtypes, reads the operand
lists as JSON on stdin and answers with the records on stdout.

Warnings: every numpy call runs under warnings.catch_warnings(record=True) with
simplefilter("always") and numpy's default errstate.

Output is deterministic: fixed seeds (random.Random), cases in generation order, no addresses
or timings; the file ends with a newline.
"""

import ast
import os
import random
import re
import sys
import warnings
from fractions import Fraction

from _common import DATA, meta_base, meta_member, reply, run_self, write_lists

ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")

# ---------------------------------------------------------------------------
# operands
# ---------------------------------------------------------------------------

NUMERIC = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "longdouble", "complex64", "complex128",
           "clongdouble"]
# other spellings of numeric dtypes: C names (distinct numpy DTypes), Python builtins, byte
# orders
NUMERIC_MORE = ["b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "n", "N", "p", "P", "e", "f",
                "d", "g", "F", "D", "G", "?", "int", "float", "complex", ">i4", ">f8", "<u2",
                ">c16"]
STRINGS = ["U0", "U1", "U5", "U10", "U40", "S0", "S1", "S5", "S10", "S40", ">U5", "T"]
TIMES = ["M8", "M8[s]", "M8[ms]", "M8[D]", "M8[Y]", "M8[M]", "M8[25s]", "m8", "m8[s]", "m8[ms]",
         "m8[us]", "m8[D]", "m8[Y]", "m8[M]", "m8[2s]", "m8[7D]", ">m8[s]"]
VOIDS = ["V0", "V1", "V8", "V12", "V16", "f8,i4", "f4,i8", "i4,i8", "i8,i4", ">f8,>i4", "f8",
         "(2,)f4", "(2,)i8", "(3,)f4", "(2,3)f4", "i4,(2,)f8", "O"]
OTHER = STRINGS + TIMES + VOIDS

INTS = ["0", "1", "-1", "2", "5", "9", "10", "11", "100", "127", "128", "-128", "-129", "200",
        "255", "256", "300", "-200", "1000", "32767", "32768", "-32769", "65535", "65536",
        "2147483647", "2147483648", "-2147483649", "4294967295", "4294967296",
        "9007199254740993", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
        "18446744073709551616", "1267650600228229401496703205376",
        "-1267650600228229401496703205376", "1_000", "0x10", "0o17", "0b101", "+7",
        "340282366920938463463374607431768211456",
        "340282356779733661637539395458142568448",
        "340282356779733661637539395458142568447",
        "65519", "65520", "70000", "16777217", "10" + "0" * 400,
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649"
        "017977587207096330286416692887910946555547851940402630657488671505820681908902000708383"
        "676273854845817711531764475730270069855571366959622842914819860834936475292719074168444"
        "365510704342711559699508093042880177904174497791",
        ]
FLOATS = ["0.0", "1.0", "-1.0", "2.0", "0.1", "1.5", "5.", ".5", "1e-14", "3e100", "1e300",
          "1e400", "-1e400", "1e-400", "-0.0", "65504.0", "65519.0", "65520.0", "1e-8", "6e-8",
          "3.4028235e38", "3.5e38", "1.7976931348623157e308", "5e-324", "1e5", "1_0.5",
          "1e-310", "2.5E3"]
COMPLEXES = ["0j", "1j", "3j", "-1j", "2.5j", "1e300j", "1e400j", "3e100j", "-3j", "5J",
             "2.037035976334486e+90j", "1e-400j"]
BOOLS = ["True", "False"]
SCALARS = INTS + FLOATS + COMPLEXES + BOOLS

ML = ["bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz",
      "float8_e4m3b11fnuz", "float8_e3m4", "float8_e4m3", "float8_e8m0fnu", "float6_e2m3fn",
      "float6_e3m2fn", "float4_e2m1fn", "int2", "int4", "uint2", "uint4", "complex32",
      "bcomplex32", "int1", "uint1"]


def literal(text):
    """The Python scalar a single literal (optionally signed) denotes, or None for a dtype.

    Python refuses decimal int literals of more than 4300 digits (sys.int_info's default
    str_digits_check_threshold); the limit is lifted while parsing only, so that numpy's own
    huge ints (int(np.finfo(np.longdouble).max) * 2) can be written, and restored for numpy's
    conversions, which run as in a default interpreter."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        node = ast.parse(text, mode="eval").body
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = node.operand
            if isinstance(inner, ast.Constant) and type(inner.value) in (int, float, complex):
                return ast.literal_eval(text)
            return None
        if isinstance(node, ast.Constant) and type(node.value) in (int, float, complex, bool):
            return node.value
        return None
    except SyntaxError:
        return None
    finally:
        sys.set_int_max_str_digits(limit)


def big_str(n):
    """str(n) for an int of any size (the 4300-digit limit lifted for this call only)."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return str(n)
    finally:
        sys.set_int_max_str_digits(limit)


def to_object(text):
    import numpy as np

    value = literal(text)
    if value is not None:
        return value
    return np.dtype(text)


# ---------------------------------------------------------------------------
# evaluation
# ---------------------------------------------------------------------------


def call_recorded(fn):
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            r = fn()
            err = None
        except Exception as e:  # noqa: BLE001 - recording numpy's refusals
            r, err = None, e
    return r, err, ["%s: %s" % (w.category.__name__, w.message) for w in ws]


def err_obj(e):
    msg = str(e)
    assert not ADDRESS.search(msg), msg
    return {"error": type(e).__name__, "message": msg}


def frac(x):
    import numpy as np

    if np.isnan(x):
        return "nan"
    if np.isinf(x):
        return "inf" if x > 0 else "-inf"
    p, q = x.as_integer_ratio()
    f = Fraction(int(p), int(q))
    return "%d/%d" % (f.numerator, f.denominator)


def stored_value(v, R):
    import numpy as np

    if R.kind == "f":
        return frac(v)
    if R.kind == "c":
        return {"real": frac(v.real), "imag": frac(v.imag)}
    if R.kind in "iu":
        return str(int(v))
    if R.kind == "m":
        return "NaT" if np.isnat(v) else str(int(v.astype(np.int64)))
    if R.kind == "b":
        return str(bool(v))
    if R.kind == "V" and hasattr(v, "dtype") and v.dtype.kind in "fciub":
        # ml_dtypes formats register as kind V: the value through float64 is exact for them
        return frac(np.float64(v)) if v.dtype.kind != "c" else None
    return None


def ml_value(v):
    """The value of an ml_dtypes scalar (kind V or f), exactly."""
    import numpy as np

    name = v.dtype.name
    if "complex" in name:
        c = np.complex64(v)
        return {"real": frac(np.float32(c.real)), "imag": frac(np.float32(c.imag))}
    if name.startswith(("int", "uint")):
        return str(int(v))
    return frac(np.float32(v))


def evaluate(operand_lists, group_of):
    import numpy as np

    out = []
    for ops in operand_lists:
        objs = [to_object(t) for t in ops]
        rec = {"group": group_of(ops), "operands": list(ops)}
        r, err, ws = call_recorded(lambda: np.result_type(*objs))
        if err is None:
            rec["result_type"] = {"name": r.name, "str": r.str}
        else:
            rec["result_type"] = err_obj(err)
        if ws:
            rec["warnings"] = ws
        if err is None:
            scalars = []
            for text, obj in zip(ops, objs):
                if type(obj) not in (int, float, complex):
                    continue
                entry = {"operand": text}
                _, aerr, aws = call_recorded(lambda: np.add(np.zeros(1, dtype=r), obj))
                entry["add"] = err_obj(aerr) if aerr is not None else {"warnings": aws}
                v, verr, _ = call_recorded(lambda: np.asarray(obj, dtype=r)[()])
                if verr is not None or r.kind == "O":
                    entry["value"] = None
                elif r.name in ML:
                    entry["value"] = ml_value(v)
                else:
                    entry["value"] = stored_value(v, r)
                scalars.append(entry)
            if scalars:
                rec["scalars"] = scalars
        out.append(rec)
    return out


# ---------------------------------------------------------------------------
# the cases
# ---------------------------------------------------------------------------


def nep50_test_cases():
    """numpy/_core/tests/test_nep50_promotions.py, as result_type operand lists."""
    import numpy as np

    cases = [
        # test_nep50_examples
        ["uint8", "2"], ["uint8", "int64"], ["uint8", "200"], ["float32", "3e100"],
        ["float32", "float64"], ["float32", "int64"],
        # test_weak_promotion_scalar_path
        ["uint8", "5"], ["uint8", "1000"], ["float32", "5."],
        # test_nep50_complex_promotion (complex(2**300) is 2.037035976334486e+90 + 0j)
        ["complex64", "2.037035976334486e+90j"],
        # test_nep50_integer_conversion_errors
        ["uint8", "300"], ["uint8", "-1"],
        # test_nep50_huge_integers
        ["int64", "9223372036854775808"], ["uint64", "18446744073709551616"],
        ["uint64", "9223372036854775808"], ["int64", "1267650600228229401496703205376"],
        ["1.0", "1267650600228229401496703205376"],
        # test_nep50_in_concat_and_choose
        ["float32", "1."],
    ]
    # test_nep50_weak_integers: every integer type code with its own maximum
    for code in np.typecodes["AllInteger"]:
        cases.append([code, str(int(np.iinfo(code).max))])
    # test_nep50_weak_integers_with_inexact: int(finfo.max) * 2
    for code in np.typecodes["AllFloat"]:
        cases.append([code, big_str(int(np.finfo(code).max) * 2)])
    # test_integer_comparison's values, test_oob_creation's bounds
    for sc in ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]:
        for v in ["-200", "-1", "0", "9", "10", "11", "9223372036854775808", "200"]:
            cases.append([sc, v])
        info = np.iinfo(sc)
        for v in [info.min - 1, info.max + 1, info.min, info.max]:
            cases.append([sc, str(int(v))])
    # test_expected_promotion (hypothesis there; seeded samples here, up to 29 operands)
    params = [
        (["float32"], ["float16", "0.0", "uint16", "int16", "int8", "0"]),
        (["float32", "0j"], ["float16", "0.0", "uint16", "int16", "int8", "0"]),
        (["int16", "uint16", "float16"], ["int8", "uint8", "float32", "0.", "0"]),
        (["int16", "uint16"], ["int8", "uint8", "0", "bool"]),
    ]
    rng = random.Random(50)
    for required, optional in params:
        pool = required + optional
        for n in range(0, 30 - len(required)):
            for _ in range(3 if n < 12 else 1):
                ops = required + [rng.choice(pool) for _ in range(n)]
                rng.shuffle(ops)
                cases.append(ops)
    return cases


def nep50_table_cases():
    """doc/neps/nep-0050-scalar-promotion.rst: the examples and the table of changes."""
    return [
        ["uint8", "1"], ["int16", "2"], ["uint16", "3.0"], ["int16", "4j"], ["float32", "5j"],
        ["bool", "1"], ["True", "uint8"], ["int8", "1"], ["int8", "255"], ["int8", "256"],
        ["float32", "3.5"], ["float32", "1e200"], ["uint8", "1000"],
        ["uint8", "int64"], ["float32", "float64"], ["uint8", "200"], ["uint8", "300"],
        ["float32", "3e100"], ["float32", "1e-14"], ["float32", "3"], ["float32", "int64"],
        ["3j", "complex64"], ["float32", "1j"], ["int32", "5j"], ["int64", "1"],
        ["uint8", "1000"], ["uint16", "1000"],
    ]


def test_dtype_cases():
    """numpy/_core/tests/test_dtype.py and test_numeric.py: result_type tests."""
    import itertools

    cases = []
    # TestPromotion.test_complex_other_value_based (the Python ints; numpy scalars are dtypes)
    for other in ["65535", "4294967295", "float16", "float32", "longdouble", "complex64",
                  "clongdouble"]:
        cases.append([other, "complex64"])
    # test_complex_scalar_value_based
    for other in ["bool", "int64", "float16", "float32", "float64", "longdouble", "complex64",
                  "complex128", "clongdouble"]:
        cases.append([other, "1j"])
    # test_python_integer_promotion
    for v in ["2", "4294967296", "9223372036854775808", "18446744073709551616", "200"]:
        cases.append([v, "0"])
        cases.append([v, "int8"])
    # test_float_int_pyscalar_promote_rational (rational is not here): 1., 1 alone
    cases += [["1"], ["1."], ["1j"], ["True"]]
    # test_permutations_do_not_influence_result
    for dts in [["uint16", "int16", "float16"], ["uint16", "int8", "float16"],
                ["uint8", "int16", "float16"], ["1", "1", "float64"],
                ["1", "1.", "complex128"], ["1", "1j", "float64"], ["1.", "1.", "int64"],
                ["1.", "1j", "float64"], ["1j", "1j", "float64"], ["1", "True", "bool"]]:
        for perm in itertools.permutations(dts):
            cases.append(list(perm))
    # test_result_type_integers_and_unitless_timedelta64
    cases += [["0", "m8"], ["m8", "0"]]
    # test_numeric.py check_promotion_cases (scalars there are strong: dtypes here)
    for a, b in [("int8", "int16"), ("int32", "int8"), ("int16", "int64"), ("uint8", "uint32"),
                 ("float32", "float64"), ("longdouble", "float32"), ("float64", "longdouble"),
                 ("complex128", "complex64"), ("clongdouble", "complex128"),
                 ("complex64", "longdouble"), ("bool", "int32"), ("bool", "uint8"),
                 ("int8", "uint8"), ("uint8", "int32"), ("int64", "uint32"),
                 ("uint64", "int32"), ("int32", "float32"), ("int64", "float32"),
                 ("float32", "int16"), ("float32", "uint32"), ("float32", "complex64"),
                 ("complex128", "float32"), ("clongdouble", "float64")]:
        cases.append([a, b])
    # test_dtype.py canonical forms: result_type of one dtype, and of it twice
    for dt in ["f8,i4", ">f8,>i4", "(2,3)f4", ">i4", "S0", "U0", "V0", "M8", ">m8[s]", "T",
               "i4,(2,)f8"]:
        cases.append([dt])
        cases.append([dt, dt])
    # test_subarray_promotion_base_size (the comma forms npmem spells)
    cases += [["(2,3)S3", "(2,3)S5"], ["(2,3)i4", "(2,3)f8"], ["(2,3)i4", "(2,3)O"],
              ["(2,3)i4", "(3,2)i4"]]
    return cases


def pairs_cases():
    """Every dtype with every scalar (dtype first), a subset with the scalar first, scalar
    pairs, and every numeric/other dtype pair not in casting.json's set."""
    cases = []
    for d in NUMERIC + NUMERIC_MORE + OTHER:
        for s in SCALARS:
            cases.append([d, s])
    for d in NUMERIC + ["M8[s]", "m8[s]", "U5", "O", "T"]:
        for s in ["300", "-1", "2.0", "1e400", "3j", "True", "18446744073709551616"]:
            cases.append([s, d])
    picks = ["0", "1", "-1", "300", "9223372036854775808", "18446744073709551616",
             "1267650600228229401496703205376", "-9223372036854775809", "0.0", "1e400",
             "-1e400", "1.5", "0j", "3j", "1e400j", "True", "False"]
    for a in picks:
        for b in picks:
            cases.append([a, b])
    for s in SCALARS:
        cases.append([s])
    for d in NUMERIC + NUMERIC_MORE + OTHER:
        cases.append([d])
    return cases


def corner_cases():
    """Orders in which numpy's reduction drops a Python scalar next to a dtype that absorbs it
    (so strings and datetimes can come out with a scalar among the operands), each with its
    permutations; and scalars at the edges of their targets."""
    import itertools

    cases = []
    for ops in [["float64", "U5", "1.5"], ["complex128", "S3", "3j"], ["int64", "U5", "2"],
                ["int8", "U5", "1267650600228229401496703205376"],
                ["m8[us]", "18446744073709551616", "M8[s]"],
                ["m8[us]", "9223372036854775807", "M8[s]"], ["m8[s]", "M8[D]", "-1"],
                ["M8[s]", "m8[s]", "7"], ["float16", "S5", "1e300"], ["uint8", "U0", "-1"],
                ["U5", "T", "float32"], ["U5", "T", "True"], ["T", "U5", "S3", "int8"],
                ["U5", "T", "complex64", "1"]]:
        for perm in itertools.permutations(ops):
            cases.append(list(perm))
    for t in ["m8[s]", "m8", "m8[Y]"]:
        for v in ["-9223372036854775808", "-9223372036854775807", "9223372036854775807",
                  "9223372036854775808", "-9223372036854775809", "0", "True"]:
            cases.append([t, v])
    for t in ["float16", "float32", "float64", "longdouble", "complex64", "complex128",
              "clongdouble"]:
        for v in ["65504", "65520", "-65520", "16777217", "9007199254740993",
                  "340282356779733661637539395458142568447",
                  "179769313486231570814527423731704356798070567525844996598917476803157260780"
                  "028538760589558632766878171540458953514382464234321326889464182768467546703"
                  "537516986049910576551282076245490090389328944075868508455133942304583236903"
                  "222948165808559332123348274797826204144723168738177180919299881250404026184"
                  "124858368", "-1e300", "-3e100j", "1e-46", "1e-8", "-0.0", "-1e-400"]:
            cases.append([t, v])
    return cases


def nary_cases():
    """Seeded random mixes of 2 to 29 operands from several pools."""
    numeric = NUMERIC + NUMERIC_MORE
    scalars = ["0", "1", "-1", "300", "70000", "9223372036854775808",
               "18446744073709551616", "1267650600228229401496703205376", "0.0", "1.5",
               "1e300", "1e400", "-1e400", "1e-400", "3j", "1e400j", "1e300j", "True",
               "False"]
    pools = {
        "numeric": numeric,
        "numeric_scalars": numeric + scalars,
        "small_scalars": ["bool", "int8", "uint8", "int16", "uint16", "float16", "float32",
                          "complex64", "0", "1", "300", "1.5", "1e400", "3j", "True"],
        "times": TIMES + ["bool", "int8", "uint8", "int64", "uint64", "0", "1", "True",
                          "-9223372036854775808", "1.5", "O"],
        "strings": STRINGS + ["bool", "int8", "uint64", "float16", "float64", "complex128",
                              "longdouble", "True", "1", "O", "V8"],
        "voids": VOIDS + ["S5", "U5", "int8", "1"],
        "everything": numeric + OTHER + scalars,
    }
    rng = random.Random(2050)
    cases = []
    for name in sorted(pools):
        pool = pools[name]
        count = 300 if name in ("numeric_scalars", "everything") else 150
        for _ in range(count):
            n = rng.choice([2, 3, 3, 4, 4, 5, 6, 8, 12, 17, 29])
            cases.append((name, [rng.choice(pool) for _ in range(n)]))
    return cases


def ml_cases():
    numeric = ["bool", "int8", "uint8", "int16", "int32", "int64", "uint64", "float16",
               "float32", "float64", "longdouble", "complex64", "complex128"]
    scalars = ["0", "1", "-1", "300", "1.5", "1e300", "1e400", "3j", "True"]
    cases = []
    big = ["70000", "-70000", "18446744073709551616", "1e300j", "-3j",
           "1" + "0" * 320, "9223372036854775807", "9223372036854775808",
           "-9223372036854775808", "-9223372036854775809", "16842753", "-16842753"]
    for m in ML:
        for s in big:
            cases.append([m, s])
    for m in ML:
        for s in scalars + ["U5", "S5", "V2", "O", "M8[s]", "m8[s]", "T"]:
            cases.append([m, s])
        cases.append([m])
    rng = random.Random(4)
    pool = ML + numeric + scalars
    for _ in range(300):
        n = rng.choice([2, 3, 3, 4, 5, 8, 12])
        cases.append([rng.choice(pool) for _ in range(n)])
    return cases


def ml_main():
    import json

    import ml_dtypes  # noqa: F401 - registers the formats with numpy

    ops = json.loads(sys.stdin.read())
    reply(evaluate(ops, lambda _: "ml_dtypes"))


def main():
    assert "ml_dtypes" not in sys.modules
    path = os.path.join(DATA, "promotion.json")

    groups = []
    groups += [("nep50_tests", c) for c in nep50_test_cases()]
    groups += [("nep50_table", c) for c in nep50_table_cases()]
    groups += [("test_dtype", c) for c in test_dtype_cases()]
    groups += [("pairs", c) for c in pairs_cases()]
    groups += [("corners", c) for c in corner_cases()]
    groups += [("nary_" + name, c) for name, c in nary_cases()]

    # every operand must be a Python literal or a dtype numpy accepts
    for _, ops in groups:
        for t in ops:
            to_object(t)

    records = []
    for group, ops in groups:
        (rec,) = evaluate([ops], lambda _: group)
        records.append(rec)
    assert "ml_dtypes" not in sys.modules
    ml = run_self(__file__, "--ml", ml_cases())
    records += ml

    counts = {"cases": len(records), "by_group": {}, "errors": {}, "with_scalars": 0,
              "scalar_outcomes": {}, "max_operands": max(len(r["operands"]) for r in records)}
    for r in records:
        counts["by_group"][r["group"]] = counts["by_group"].get(r["group"], 0) + 1
        rt = r["result_type"]
        if "error" in rt:
            counts["errors"][rt["error"]] = counts["errors"].get(rt["error"], 0) + 1
        if "scalars" in r:
            counts["with_scalars"] += 1
            for s in r["scalars"]:
                add = s["add"]
                key = add["error"] if "error" in add else (
                    "warning" if add["warnings"] else "silent")
                counts["scalar_outcomes"][key] = counts["scalar_outcomes"].get(key, 0) + 1
    meta = meta_base(__file__)
    meta.update({
        "counts": counts,
        "note": (
            "cases: {group, operands, result_type, scalars?, warnings?}. An operand that is "
            "a single Python literal (ast: a Constant int/float/complex/bool, or a unary +/- "
            "of an int/float/complex Constant) is that Python object; anything else is "
            "np.dtype(text). result_type is {name, str} of np.result_type(*objects) or "
            "{error, message}. scalars: for each Python int/float/complex operand of a "
            "case that promoted to R: add = what np.add(np.zeros(1, dtype=R), scalar) "
            "raises ({error, message}) or warns ({warnings: [...]}), value = "
            "np.asarray(scalar, dtype=R) as an exact fraction / integer / 'NaT' / "
            "{real, imag}, null for object or when it raised. Group ml_dtypes was computed "
            "in a process that imported ml_dtypes; all others in plain numpy."),
    })
    write_lists(path, [meta_member(meta)], [("cases", records)])
    print("promotion.json: %d cases (%s), %d bytes"
          % (len(records), ", ".join("%s %d" % kv for kv in counts["by_group"].items()),
             os.path.getsize(path)))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--ml":
        ml_main()
    else:
        main()
