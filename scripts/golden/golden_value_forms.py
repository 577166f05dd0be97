#!/usr/bin/env python3
"""Golden data for npmem: the text forms numpy's string conversions accept or refuse, per
target type (issue 12, section 4).

Writes tests/data/value_forms.json:
  meta:    provenance, the targets, each float target's largest finite value (exact), notes
  forms:   one record per text form: id, tag (what kind of form), text (the exact Python str)
  records: one record per (form, dtype): what numpy does with that text for that dtype:
      string        = np.array([text], dtype=T)
      via_f64_array = np.array([text], dtype=np.float64).astype(T)   (ml_dtypes types only)
      float64       = np.array([float(text)], dtype=T)  (float(text) raising is recorded too)
      int_wrapped   = np.array([int(text)], dtype=int64 or uint64).astype(T)
                      (integer T, when int(text) works and fits int64 or uint64)
      complex_astype = np.array([complex(text)]).astype(T)
                      (real T, when complex(text) works and float(text) does not; numpy's
                      ComplexWarning discards the imaginary part)
    each an outcome: {bits, str, exact} (floats), {bits, str, int} (integers),
    {bits, str, real, imag} (complex), or {error: type name, message: str(e)} (for a text
    over 100 characters the message names it by placeholder: {repr} is repr(text), {repr200}
    the first 200 characters of it, {text} the text itself);
    plus, for float T, for each successful call, "overflow" (the text is a finite number and
    the stored value is inf or nan) and "above_max" (the text's magnitude is above T's largest
    finite value and the stored value is finite) under "flags": {call: [overflow, above_max]};
    for complex T the same for each part, real then imaginary, under "part_flags":
    {call: [[...], [...]]}.

Python's int() keeps its default limit of 4,300 digits here (sys.get_int_max_str_digits()),
as in any numpy session. This process imports plain numpy only; the ml_dtypes types are
answered by a child process (this script with --ml), as in golden_values.py.

Run as `$VENV/bin/python scripts/golden/golden_value_forms.py` from anywhere (pins numpy==2.5.5,
ml_dtypes==0.6.0 via scripts/golden/requirements.txt). Output is deterministic.
"""

import json
import math
import os
import re
import sys
import unicodedata
import warnings
from fractions import Fraction

from _common import DATA, meta_base, meta_member, reply, run_self, write_lists

NP_TARGETS = ["float16", "float32", "float64", "longdouble", "int8", "int16", "int32", "int64",
              "uint8", "uint16", "uint32", "uint64", "complex64", "complex128", "clongdouble"]
COMPONENT = {"complex64": "float32", "complex128": "float64", "clongdouble": "longdouble"}
ML_TARGETS = ["bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e8m0fnu",
              "float6_e2m3fn", "float4_e2m1fn", "int4", "uint4", "int2", "uint2"]
ML_FLOATS = [t for t in ML_TARGETS if t.startswith(("bfloat", "float"))]
TARGETS = NP_TARGETS + ML_TARGETS


# ---------------------------------------------------------------------------
# the forms
# ---------------------------------------------------------------------------


def python_whitespace():
    return [chr(c) for c in range(0x110000) if chr(c).isspace()]


def decimal_zeros():
    return [c for c in range(0x110000) if unicodedata.decimal(chr(c), -1) == 0]


def gen_forms():
    forms = []

    def add(tag, texts):
        for t in texts:
            forms.append((tag, t))

    add("plain", ["0", "-0", "1", "-1", "0.1", "1.5", "2.5", "-2.5", "300", "-129", "3", "7",
                  "8", "-8", "-9", "3.7", "-0.5", "1e1", "007", "+5", "- 5", "1e400", "-1e-400",
                  ".5", "5.", "1E5", "1e+5", "abc", "", " ", "1.2.3", "--1", "+-1", "1e", "e5",
                  "1,5", "\u22121", "\uff0d1"])
    add("hex", ["0x10", "0X1A", "0x1p3", "-0x1.8p1", "+0x10", "0x.8", "0x1P-3", "0x1.p1",
                "0x", "0x1p", "0x1p+", "0x.p1", "0xg", "0x1.8p1.5", "0x1p-16445", "0x1p-16446",
                "0x3p-16447", "0x1p-16447", "0x1p16383", "0x1p16384",
                "0x1.fffffffffffffffep16383", "0x1.ffffffffffffffffp16383",
                "0x1.0000000000000001p0", "0x1.00000000000000008p0", "0x1.00000000000000018p0",
                "-0x0p0", "0x0", "0x1p99999999999999999999", "0x1p-99999999999999999999",
                " 0x10", "0x10 ", "0x1_0", "0b101", "0o17", "0x1A.8", "0x10e3"])
    zeros = decimal_zeros()
    for z in zeros:
        d = [chr(z + i) for i in range(10)]
        add("unicode_digits", [d[1] + d[2] + "." + d[5], d[4] + d[2]])
    add("unicode_mixed", ["\uff11\uff12", "\u0661e\u0662", "1\u0662", "\u0661_\u0662",
                          "\uff11\uff0e\uff15", "\u00b2", "\u2167", "\uff49\uff4e\uff46"])
    spaces = python_whitespace() + ["\u200b", "\u180e", "\ufeff"]
    for c in spaces:
        add("whitespace", [c + "7" + c, c + "7", "7" + c])
    add("underscores", ["1_000", "1__0", "_1", "1_", "1_000.5", "1e1_0", "1_e5", "1._5", "1.5_5",
                        "-1_0", "+_1", "1_0e-1_0", " 1_0 ", "inf_", "0_0"])
    add("words", ["inf", "-inf", "+inf", "Infinity", "-INFINITY", "iNf", "infinit", "infinityy",
                  "infin", "in", "nan", "-nan", "+NaN", "nan(123)", "nan()", "nan(", "nan(abc_1)",
                  "-nan(1)", "nan(a-b)", "nan )", " nan", "nan ", "inf ", " -inf", "nana", "inff"])
    add("exponents", ["1e20000", "1e20001", "-1e20001", "1e-20000", "1e-20001", "-1e-20001",
                      "1e99999999999999999999", "-1e-99999999999999999999", "0e99999",
                      "1e4932", "1.2e4932", "1e-4951", "1e-4950", "4e-4951", "9e-4952",
                      "1E+400", "1e0400", "1e-400", "1e5000", "1e-5000"])
    add("overflow", ["65504", "65505", "65519", "65519.99", "65520", "-65519", "65520.0001",
                     "3.4028234663852886e38", "3.4028235e38", "3.4028235677973366e38",
                     "3.4028235677973367e38", "1.7976931348623157e308",
                     "1.7976931348623158e308", "1.7976931348623159e308", "448", "449", "464",
                     "465", "240", "247", "248", "57344", "61439", "61440", "7.5", "7.75", "8",
                     "6", "7", "100", "-100", "3.3895313892515355e38", "3.39e38", "3.3961e38",
                     "1.7014118346046923e38", "1.7e38", "2.5e38"])
    add("long", ["1" * 4300, "1" * 4301, "-" + "1" * 5000, "0" * 5000 + "1", "9" * 25000,
                 "0." + "0" * 30000 + "1", "0." + "3" * 13000, "1." + "0" * 13000 + "1",
                 "0x" + "f" * 10000, "0x1." + "0" * 10000 + "1p0", "1" * 12500 + "e-12480",
                 "0x" + "0" * 20000 + "1"])
    add("complex", complex_forms())
    seen, out = set(), []
    for tag, t in forms:
        if t in seen:
            continue
        seen.add(t)
        out.append({"id": len(out), "tag": tag, "text": t})
    return out


def complex_forms():
    """Python's complex() grammar, systematically: signs, j/J, parentheses, whitespace inside
    and outside, inf/nan parts, exponents (past float32's, float64's and every range), only an
    imaginary part, underscores, Unicode digits and spaces, and the spellings it refuses."""
    out = []
    for re_, im in [("1", "2"), ("-1", "2"), ("1", "-2"), ("-1", "-2"), ("+1", "+2"), ("1.5", "0.5"),
                    (".5", ".5"), ("5.", "5."), ("0", "0"), ("-0", "-0"), ("-0", "0"), ("0", "-0")]:
        out += [re_ + (im if im[0] in "+-" else "+" + im) + "j"]
    out += ["1+2J", "1J", "j", "J", "+j", "-j", "1+j", "1-j", "1+J", "3j", "-3j", "+3j", "0j",
            "-0j", "+0j", "1+0j", "1-0j", "1.0+2.0j"]
    out += ["(1+2j)", "( 1+2j )", " (1+2j) ", "(1+2j", "1+2j)", "((1+2j))", "()", "(j)", "(3)",
            "( 3 )", "(-0-0j)", " 1+2j", "1+2j ", "1 +2j", "1+ 2j", "1 + 2j", "1+2 j", "\t1+2j\n",
            "\u30001+2j\u3000", "(\u00a01+2j\u00a0)", "( 1+2j)\u2028", "\x1c1+2j"]
    out += ["inf+nanj", "nan+infj", "-inf-infj", "infj", "-infj", "+infj", "nanj", "-nanj",
            "+nanj", "infinityj", "Infinity-Infinityj", "1+infj", "1-nanj", "inf+j", "nan-j",
            "NaN+NaNj", "-nan-nanj", "infj+1", "infinj", "nanjj", "inf", "-nan"]
    out += ["1e5+1e-5j", "1E5-1E-5J", "1e+5j", "1e-5j", "1e400+1j", "1+1e400j", "-1e400-1e400j",
            "1e-400+1e-400j", "1e39+1e39j", "-1e39j", "1e-46+1e-46j", "1e-45j", "1e-310+1e-310j",
            "3.4028235e38+0j", "3.4028236e38j", "3.4028235677973366e38j", "3.4028235677973367e38j",
            "1e20001j", "1e-20001+1j", "1e99999999999999999999j", "1.7976931348623159e308+1j",
            "1.7976931348623157e308j", "0.1+0.2j", "0.1+0.1j", "123456789+987654321j",
            "16777217+16777217j", "9007199254740993j", "65504+65520j",
            "1.000000059604644775390625000000001+0j", "0+1.000000059604644775390625000000001j",
            "1.0000000596046448j", "1e5j5", "1e+j", "1ej", "1e-j", "2e3+4e-1j"]
    out += ["1+-2j", "1++2j", "1-+2j", "--1j", "1+2jj", "1j+2", "2j+1", "1+2i", "1+2", "1+2j+3j",
            "j1", "jj", "+", "-", "0x1+0x2j", "0x10j", "1+0x2j", "1_0+2_0j", "1__0j", "_1j", "1_j",
            "1_+2j", "1+_2j", "1+2_j", "1+2j_", "1_0e1_0j", "\u0661+\u0662j", "\uff11+\uff12j",
            "1+\u0662j", "1\u00b2j", "\u22121+2j", "1\u22122j", "1+2j\0", "1_0j\0",
            "1+2j\u00e9", "1__0\u00e9j", "1 j", "1j ", " j ", "(1)+2j", "1+(2j)", "1+2j,",
            "1" * 400 + "j", "0." + "0" * 400 + "1+1j", "1+" + "9" * 5000 + "j"]
    return out


# ---------------------------------------------------------------------------
# numpy's answers
# ---------------------------------------------------------------------------


def hexw(p, bits):
    return "0x%0*x" % ((bits + 3) // 4, p)


class unlimited_int_digits:
    """Python's limit on int <-> str lifted for this script's own arithmetic (never around a
    numpy call, whose int() must keep the default limit)."""

    def __enter__(self):
        self.limit = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)

    def __exit__(self, *exc):
        sys.set_int_max_str_digits(self.limit)


def frac_str(fr):
    with unlimited_int_digits():
        return "%d/%d" % (fr.numerator, fr.denominator)


def exact_str(np, v):
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v.dtype == np.dtype(np.longdouble):
        return frac_str(Fraction(*v.as_integer_ratio()))
    return frac_str(Fraction(float(v)))


def describe(np, v):
    raw = np.asarray(v).tobytes()
    if v.dtype == np.dtype(np.longdouble):
        raw = raw[:10]
    elif v.dtype == np.dtype(np.clongdouble):
        raw = raw[:10] + raw[16:26]  # the padding of each part is not the value
    out = {"bits": hexw(int.from_bytes(raw, "little"), 8 * len(raw)), "str": str(v)}
    kind = v.dtype.kind
    if kind in "iu" or (kind == "V" and "int" in v.dtype.name):
        out["int"] = int(v)
    elif kind == "c":
        out["real"] = exact_str(np, v.real)
        out["imag"] = exact_str(np, v.imag)
    else:
        out["exact"] = exact_str(np, v)
    return out


def outcome(np, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            arr = fn()
            return describe(np, arr[0])
        except Exception as e:  # noqa: BLE001 - recording numpy's refusals
            return {"error": type(e).__name__, "message": str(e)}


def answers(np, types, query):
    """[{call: outcome}] for each (dtype name, text) of the query."""
    out = []
    for tname, s in query:
        T = types[tname]
        rec = {"string": outcome(np, lambda: np.array([s], dtype=T))}
        if tname in ML_TARGETS:
            rec["via_f64_array"] = outcome(np, lambda: np.array([s], dtype=np.float64).astype(T))
        rec["float64"] = outcome(np, lambda: np.array([float(s)], dtype=T))
        if np.dtype(T).kind != "c" and parses(complex, s) and not parses(float, s):
            rec["complex_astype"] = outcome(np, lambda: np.array([complex(s)]).astype(T))
        if np.dtype(T).kind in "iu" or tname in ("int4", "uint4", "int2", "uint2"):
            try:
                n = int(s)
            except ValueError:
                n = None
            if n is not None and -2 ** 63 <= n < 2 ** 64:
                src = np.int64 if n < 2 ** 63 else np.uint64
                rec["int_wrapped"] = outcome(np, lambda: np.array([n], dtype=src).astype(T))
        out.append(rec)
    return out


def parses(convert, s):
    try:
        convert(s)
        return True
    except ValueError:
        return False


def maxima(np, types, names, finfo=None):
    """{name: the largest finite value, exact}, from numpy's finfo (ml_dtypes' for its types)."""
    finfo = finfo or np.finfo
    out = {}
    for n in names:
        m = finfo(types[n]).max
        r = Fraction(*m.as_integer_ratio()) if types[n] == np.longdouble else Fraction(float(m))
        out[n] = frac_str(r)
    return out


def ml_main():
    import numpy as np
    import ml_dtypes

    query = json.load(sys.stdin)
    types = {n: getattr(ml_dtypes, n) for n in ML_TARGETS}
    reply({"answers": answers(np, types, query["parse"]),
           "maxima": maxima(np, types, ML_FLOATS, ml_dtypes.finfo),
           "numpy": np.__version__, "ml_dtypes": ml_dtypes.__version__})


# ---------------------------------------------------------------------------
# the text's own value (for the overflow flags)
# ---------------------------------------------------------------------------

DEC = re.compile(r"^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")
HEX = re.compile(r"^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$")


def python_ascii(s):
    """Python's own first step for float()/int(): Unicode digits and spaces to ASCII."""
    out = []
    for c in s:
        if ord(c) < 127:
            out.append(c)
        elif c.isspace():
            out.append(" ")
        elif unicodedata.decimal(c, -1) >= 0:
            out.append(str(unicodedata.decimal(c)))
        else:
            return None
    return "".join(out)


def text_magnitude(s):
    with unlimited_int_digits():
        return _text_magnitude(s)


def _text_magnitude(s):
    """('finite', Fraction) | ('huge',) | ('tiny',) | ('special',) | None for the number the
    text writes (under either of numpy's grammars; beyond 10^±30000 only its side is kept)."""
    t = python_ascii(s)
    if t is None:
        t = s
    t = t.strip(" \t\n\v\f\r").replace("_", "")
    low = t.lstrip("+-").lower()
    if low.startswith(("inf", "nan")):
        return ("special",)
    m = DEC.match(t)
    if m and (m.group(2) or m.group(3)):
        digits = (m.group(2) or "") + (m.group(3) or "")
        e = int(m.group(4) or 0) - len(m.group(3) or "")
        if int(digits or "0") == 0:
            return ("finite", Fraction(0))
        top = e + len(digits.lstrip("0"))
        if top > 30000:
            return ("huge",)
        if top < -30000:
            return ("tiny",)
        return ("finite", int(digits) * Fraction(10) ** e)
    m = HEX.match(t)
    if m and (m.group(2) or m.group(3)):
        digits = (m.group(2) or "") + (m.group(3) or "")
        e = int(m.group(4) or 0) - 4 * len(m.group(3) or "")
        if int(digits, 16) == 0:
            return ("finite", Fraction(0))
        top = e + 4 * len(digits.lstrip("0"))
        if top > 100000:
            return ("huge",)
        if top < -100000:
            return ("tiny",)
        return ("finite", int(digits, 16) * Fraction(2) ** e)
    return None


def flags(mag, out, fmax):
    """[overflow, above_max] of one successful outcome."""
    if "exact" not in out or mag is None or mag[0] == "special":
        return None
    stored_finite = out["exact"] not in ("inf", "-inf", "nan")
    overflow = not stored_finite
    above = stored_finite and (mag[0] == "huge" or (mag[0] == "finite" and abs(mag[1]) > fmax))
    return [overflow, above]


UFLOAT = r"(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)"
COMPLEX = re.compile(r"\s*(?:\(\s*)?(?:(?P<a>[+-]?F)(?P<b>[+-](?:F)?)[jJ]|(?P<c>[+-]?F)[jJ]"
                     r"|(?P<d>[+-]?F)|(?P<e>[+-]?)[jJ])\s*\)?\s*".replace("F", UFLOAT), re.I)


def complex_part_texts(s):
    """The real and imaginary parts' texts as complex() splits them (for the flags only; the
    values are numpy's), or None."""
    t = python_ascii(s)
    if t is None or "\0" in t:
        return None
    m = COMPLEX.fullmatch(t.replace("_", ""))
    if m is None:
        return None
    g = m.groupdict()
    unit = lambda sign: "-1" if sign == "-" else "1"  # noqa: E731
    if g["a"] is not None:
        return g["a"], g["b"] if len(g["b"]) > 1 else unit(g["b"])
    if g["c"] is not None:
        return "0", g["c"]
    if g["d"] is not None:
        return g["d"], "0"
    return "0", unit(g["e"])


def shorten(rec, text):
    """Messages quoting a long text (over 100 characters) name it by placeholder instead:
    {repr} for repr(text) cut as the message cuts it, {text} for the text itself."""
    if len(text) <= 100:
        return
    for out in rec.values():
        m = out.get("message") if isinstance(out, dict) else None
        if m is None:
            continue
        r = repr(text)
        if r in m:
            m = m.replace(r, "{repr}")
        elif r[:200] in m:
            m = m.replace(r[:200], "{repr200}")
        elif text in m:
            m = m.replace(text, "{text}")
        out["message"] = m


# ---------------------------------------------------------------------------


def main():
    import numpy as np  # plain numpy only in this process

    assert np.dtype(np.longdouble).itemsize == 16 and np.finfo(np.longdouble).nmant == 63
    meta = meta_base(__file__)
    meta["int_max_str_digits"] = sys.get_int_max_str_digits()
    forms = gen_forms()
    query = [(t, f["text"]) for t in TARGETS for f in forms]
    query_np = [(t, s) for t, s in query if t in NP_TARGETS]
    query_ml = [(t, s) for t, s in query if t in ML_TARGETS]
    ml = run_self(__file__, "--ml", {"parse": query_ml})
    assert ml["ml_dtypes"] == meta["ml_dtypes"] and ml["numpy"] == np.__version__
    np_types = {n: getattr(np, n) for n in NP_TARGETS}
    np_answers = iter(answers(np, np_types, query_np))
    ml_answers = iter(ml["answers"])
    fmax = maxima(np, np_types, ["float16", "float32", "float64", "longdouble"])
    fmax.update(ml["maxima"])
    mags = [text_magnitude(f["text"]) for f in forms]
    with unlimited_int_digits():
        fmax_exact = {n: Fraction(v) for n, v in fmax.items()}
    records = []
    for tname in TARGETS:
        for f in forms:
            rec = {"form": f["id"], "dtype": tname}
            rec.update(next(np_answers) if tname in NP_TARGETS else next(ml_answers))
            if tname in COMPONENT:
                fl = {}
                for call, parts in (("string", complex_part_texts(f["text"])),
                                    ("float64", (f["text"], "0"))):
                    out = rec[call]
                    if parts is None or "real" not in out:
                        continue
                    both = [flags(text_magnitude(p), {"exact": out[k]}, fmax_exact[COMPONENT[tname]])
                            for p, k in zip(parts, ("real", "imag"))]
                    if None not in both:
                        fl[call] = both
                rec["part_flags"] = fl
            if tname in fmax:
                fl = {}
                for call in ("string", "via_f64_array", "float64"):
                    if call in rec:
                        v = flags(mags[f["id"]], rec[call], fmax_exact[tname])
                        if v is not None:
                            fl[call] = v
                rec["flags"] = fl
            shorten(rec, f["text"])
            records.append(rec)
    meta.update({
        "targets": TARGETS,
        "max": fmax,
        "counts": {"forms": len(forms), "records": len(records)},
        "python_whitespace": [hex(ord(c)) for c in python_whitespace()],
        "decimal_zeros": [hex(z) for z in decimal_zeros()],
        "unicode_version": unicodedata.unidata_version,
        "note": __doc__.split("\n\n")[1].strip(),
    })
    path = os.path.join(DATA, "value_forms.json")
    write_lists(path, [meta_member(meta)], [("forms", forms), ("records", records)])
    print("value_forms.json: %d forms, %d records" % (len(forms), len(records)))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--ml":
        ml_main()
    else:
        main()
