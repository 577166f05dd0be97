#!/usr/bin/env python3
"""Golden data for npmem's casting facts: np.can_cast, np.promote_types, np.result_type.

Writes (relative to the repo root):
  tests/data/casting.json -- for a fixed list of dtype spellings D:
      dtypes:    one record per spelling: np.dtype(s).str / .name
      can_cast:  one record per ORDERED pair (a, b) in D x D: np.can_cast(np.dtype(a),
                 np.dtype(b), casting=RULE) for the five casting rules
      promotion: one record per ORDERED pair (a, b) in D x D: np.promote_types(A, B) and
                 np.result_type(A, B) (A = np.dtype(a), B = np.dtype(b))
      sized_targets: one record per (a, KIND) in D x {U, S, V}: for each rule, the least n
                 with np.can_cast(np.dtype(a), np.dtype(KIND + str(n)), casting=RULE)
                 (how long a string / void must be to hold a)

Run as `$VENV/bin/python scripts/golden/golden_casting.py` from the repo root (pins
numpy==2.5.5, ml_dtypes==0.6.0 via scripts/golden/requirements.txt).

This process imports ml_dtypes (so that np.dtype("bfloat16") etc. work). A child process
(this script with --plain) repeats every query among the non-ml_dtypes spellings with plain
numpy only (ml_dtypes never imported) and answers with one JSON document on stdout; the
parent checks that importing ml_dtypes changes none of those answers and records the result
in meta.

Warnings: every numpy call runs under warnings.catch_warnings(record=True) with
simplefilter("always"); a warning does not change the answer, it is recorded on the record
("warnings") and counted in meta. Anything else (a warning while building the dtype list,
an address in an error message) is an error.

Output is deterministic: spellings in list order, pairs in (a, b) list order, no addresses
or timings; every file ends with a newline.
"""

import os
import re
import sys
import warnings

from _common import DATA, dumps, meta_base, reply, run_self, write_lists

RULES = ["no", "equiv", "safe", "same_kind", "unsafe"]

NP_SPELLINGS = (
    ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
     "float16", "float32", "float64", "longdouble", "complex64", "complex128", "clongdouble"]
    # byte-swapped (this machine is little-endian) and explicit little-endian
    + [">i2", ">i4", ">i8", ">u2", ">u4", ">u8", ">f2", ">f4", ">f8", ">c8", ">c16",
       "<i4", "<f8"]
    # strings / bytes / void (U0 is np.dtype(str), S0 is np.dtype(bytes))
    + ["U0", "U1", "U5", "U10", "U20", ">U5", "S0", "S1", "S5", "S10", "S20",
       "V8", "V16", "V0"]
    + ["datetime64", "M8[Y]", "M8[M]", "M8[D]", "M8[h]", "M8[s]", "M8[ms]", "M8[us]",
       "M8[ns]", "M8[2s]", "M8[25s]", ">M8[ns]"]
    + ["timedelta64", "m8[Y]", "m8[D]", "m8[h]", "m8[s]", "m8[ms]", "m8[ns]", "m8[2s]"]
    + ["object", "T"]
    # corners scripts/fuzz/fuzz_casting.py found: numpy's "metric prefix" view between datetime
    # units, multipliers whose common divisor overflows, `long long` (a numpy type apart from
    # `long`), unsized targets with a byte order, one-byte void
    + ["M8[1000ms]", "m8[1000000us]", "M8[2001ns]", "M8[2us]", "M8[1000fs]", "M8[1000m]",
       "q", "Q", ">U", "V1", "V2"]
    # a metric view with the byte order swapped: equiv, not no (numpy's own test_casting sweep)
    + [">M8[s]", ">m8[s]"]
)

ML_SPELLINGS = [
    "bfloat16", "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz",
    "float8_e4m3b11fnuz", "float8_e3m4", "float8_e4m3", "float8_e8m0fnu",
    "float6_e2m3fn", "float6_e3m2fn", "float4_e2m1fn",
    "int2", "int4", "uint2", "uint4", "complex32", "bcomplex32", "int1", "uint1",
]

SPELLINGS = NP_SPELLINGS + ML_SPELLINGS

# sized_targets: can_cast(np.dtype(a), np.dtype(KIND + str(n)), rule) for n = 1..MAX_LEN
SIZED_KINDS = ["U", "S", "V"]
MAX_LEN = 256

ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


# ---------------------------------------------------------------------------
# evaluation (shared by the parent and the --plain child)
# ---------------------------------------------------------------------------


def call_recorded(fn):
    """(result, None, warnings) or (None, exception, warnings)."""
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


def evaluate(spellings):
    """{"dtypes", "can_cast", "promotion", "sized_targets"}: lists of records (see the
    module docstring); can_cast and promotion cover every ordered pair of spellings."""
    import numpy as np

    dts = {}
    dtypes = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for s in spellings:
            d = np.dtype(s)
            dts[s] = d
            dtypes.append({"spelling": s, "str": d.str, "name": d.name})

    can_cast = []
    promotion = []
    for a in spellings:
        A = dts[a]
        for b in spellings:
            B = dts[b]
            cc = {}
            cc_warn = []
            for rule in RULES:
                r, err, ws = call_recorded(lambda: np.can_cast(A, B, casting=rule))
                if err is None:
                    assert type(r) is bool, (a, b, rule, r)
                    cc[rule] = r
                else:
                    cc[rule] = err_obj(err)
                cc_warn += ["%s: %s" % (rule, w) for w in ws]
            rec = {"from": a, "to": b, "can_cast": cc}
            if cc_warn:
                rec["warnings"] = cc_warn
            can_cast.append(rec)

            prec = {"a": a, "b": b}
            for key, fn in (("promote_types", np.promote_types),
                            ("result_type", np.result_type)):
                r, err, ws = call_recorded(lambda: fn(A, B))
                if err is None:
                    assert isinstance(r, np.dtype), (a, b, key, r)
                    prec[key] = {"str": r.str, "name": r.name}
                else:
                    prec[key] = err_obj(err)
                if ws:
                    prec.setdefault("warnings", {})[key] = ws
            promotion.append(prec)
    sized = []
    for a in spellings:
        A = dts[a]
        for kind in SIZED_KINDS:
            rec = {"from": a, "kind": kind, "min_len": {}}
            ws_all = []
            for rule in RULES:
                ok_ns = []
                for n in range(1, MAX_LEN + 1):
                    B = np.dtype("%s%d" % (kind, n))
                    r, err, ws = call_recorded(lambda: np.can_cast(A, B, casting=rule))
                    if err is not None:
                        raise err
                    ws_all += ["%s%d %s: %s" % (kind, n, rule, w) for w in ws]
                    if r:
                        ok_ns.append(n)
                # threshold form: True exactly for n >= min_len (null: never, up to MAX_LEN)
                if ok_ns and ok_ns != list(range(ok_ns[0], MAX_LEN + 1)):
                    rec.setdefault("not_threshold", {})[rule] = ok_ns
                rec["min_len"][rule] = ok_ns[0] if ok_ns else None
            if ws_all:
                rec["warnings"] = ws_all
            sized.append(rec)
    return {"dtypes": dtypes, "can_cast": can_cast, "promotion": promotion,
            "sized_targets": sized}


def plain_main():
    import numpy as np

    assert "ml_dtypes" not in sys.modules
    out = evaluate(NP_SPELLINGS)
    assert "ml_dtypes" not in sys.modules
    out["numpy"] = np.__version__
    reply(out)


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------


def pretty(x, ind):
    """json with sorted keys, one dict entry per line; lists of scalars on one line,
    lists of lists one inner list per line (compact pair lists)."""
    pad = " " * ind
    if isinstance(x, dict):
        if not x:
            return "{}"
        items = ["%s %s: %s" % (pad, dumps(k), pretty(x[k], ind + 1)) for k in sorted(x)]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(x, list) and x and any(isinstance(v, (dict, list)) for v in x):
        if all(isinstance(v, list) for v in x):
            items = ["%s %s" % (pad, dumps(v)) for v in x]
        else:
            items = ["%s %s" % (pad, pretty(v, ind + 1)) for v in x]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return dumps(x)


def main():
    import numpy as np
    import ml_dtypes

    path = os.path.join(DATA, "casting.json")

    # ---- plain numpy answers from a child process (ml_dtypes not imported) ----
    plain = run_self(__file__, "--plain")
    assert plain["numpy"] == np.__version__

    out = evaluate(SPELLINGS)

    # ---- does importing ml_dtypes change any plain-numpy answer? --------------
    np_set = set(NP_SPELLINGS)
    list_keys = {"dtypes": ("spelling",), "can_cast": ("from", "to"),
                 "promotion": ("a", "b"), "sized_targets": ("from", "kind")}
    mine = {}
    for k, keys in list_keys.items():
        for r in out[k]:
            mine[(k,) + tuple(r[x] for x in keys)] = r
    plain_diffs = []
    n_plain = 0
    for k, keys in list_keys.items():
        for r in plain[k]:
            n_plain += 1
            m = mine.get((k,) + tuple(r[x] for x in keys))
            if m != r:
                plain_diffs.append({"list": k, "plain": r, "with_ml_dtypes": m})
    n_plain_expected = (len(NP_SPELLINGS) * (1 + len(SIZED_KINDS))
                        + 2 * len(NP_SPELLINGS) ** 2)
    assert n_plain == n_plain_expected, (n_plain, n_plain_expected)
    assert all(r["spelling"] in np_set for r in plain["dtypes"])

    # ---- facts for meta -------------------------------------------------------
    def ok(x):
        return isinstance(x, dict) and "error" not in x

    def swap_classes(msg):
        """msg with its two distinct '<class ...>' names exchanged (None unless exactly 2)."""
        names = list(dict.fromkeys(re.findall(r"<class '[^']*'>", msg)))
        if len(names) != 2:
            return None
        return re.sub(r"<class '[^']*'>",
                      lambda m: names[1] if m.group(0) == names[0] else names[0], msg)

    cc_errors = [[r["from"], r["to"], rule] for r in out["can_cast"]
                 for rule in RULES if isinstance(r["can_cast"][rule], dict)]
    # monotonic: no => equiv => safe => same_kind => unsafe
    non_monotonic = []
    for r in out["can_cast"]:
        v = [r["can_cast"][rule] for rule in RULES]
        if all(type(x) is bool for x in v) and any(v[i] and not v[i + 1] for i in range(4)):
            non_monotonic.append([r["from"], r["to"], "".join("T" if x else "F" for x in v)])
    never = [[r["from"], r["to"]] for r in out["can_cast"]
             if r["can_cast"]["unsafe"] is False]

    prom = {(r["a"], r["b"]): r for r in out["promotion"]}
    rt = {"pairs_that_differ": 0, "differ_with_a_success": [], "differ_in_error_type": []}
    for r in out["promotion"]:
        x, y = r["promote_types"], r["result_type"]
        if x != y:
            rt["pairs_that_differ"] += 1
            if ok(x) or ok(y):
                rt["differ_with_a_success"].append([r["a"], r["b"]])
            elif x["error"] != y["error"]:
                rt["differ_in_error_type"].append([r["a"], r["b"]])
    asym = {}
    for key in ("promote_types", "result_type"):
        st = {"asymmetric_unordered_pairs": 0, "with_a_success": [],
              "error_type_differs": [], "not_explained_by_class_order": []}
        for i, a in enumerate(SPELLINGS):
            for b in SPELLINGS[i + 1:]:
                x, y = prom[(a, b)][key], prom[(b, a)][key]
                if x == y:
                    continue
                st["asymmetric_unordered_pairs"] += 1
                if ok(x) or ok(y):
                    st["with_a_success"].append([a, b])
                elif x["error"] != y["error"]:
                    st["error_type_differs"].append([a, b])
                elif swap_classes(x["message"]) != y["message"]:
                    st["not_explained_by_class_order"].append([a, b])
        asym[key] = st
    n_warn = sum(1 for k in list_keys for r in out[k] if "warnings" in r)
    err_types = {}
    for r in out["promotion"]:
        for key in ("promote_types", "result_type"):
            if not ok(r[key]):
                t = "%s.%s" % (key, r[key]["error"])
                err_types[t] = err_types.get(t, 0) + 1
    not_threshold = [[r["from"], r["kind"]] for r in out["sized_targets"]
                     if "not_threshold" in r]

    n = len(SPELLINGS)
    assert len(out["can_cast"]) == len(out["promotion"]) == n * n
    assert len(out["sized_targets"]) == n * len(SIZED_KINDS)
    meta = meta_base(__file__)
    meta.update({
        "ml_dtypes_module_version": ml_dtypes.__version__,
        "rules": RULES,
        "spellings": SPELLINGS,
        "ml_spellings": ML_SPELLINGS,
        "sized_kinds": SIZED_KINDS,
        "sized_max_len": MAX_LEN,
        "counts": {
            "spellings": n,
            "can_cast": len(out["can_cast"]),
            "can_cast_calls": len(out["can_cast"]) * len(RULES),
            "can_cast_errors": len(cc_errors),
            "can_cast_never_even_unsafe": len(never),
            "promotion": len(out["promotion"]),
            "promotion_errors": err_types,
            "sized_targets": len(out["sized_targets"]),
            "records_with_warnings": n_warn,
        },
        "can_cast_errors": cc_errors,
        "can_cast_non_monotonic": non_monotonic,
        "result_type_vs_promote_types": rt,
        "asymmetry": asym,
        "sized_targets_not_threshold": not_threshold,
        "plain_numpy_check": {
            "records_compared": n_plain,
            "differences": plain_diffs,
        },
        "note": (
            "Spellings are strings; every query uses np.dtype(spelling) in a process that "
            "imported ml_dtypes (ml_dtypes spellings are its type names). U0 is "
            "np.dtype(str), S0 is np.dtype(bytes), T is np.dtypes.StringDType() (default). "
            "dtypes: {spelling, str: np.dtype(s).str, name: np.dtype(s).name}. "
            "can_cast: one record per ORDERED pair (from, to) in spellings x spellings, "
            "{from, to, can_cast: {RULE: VALUE}} for RULE in rules; VALUE = "
            "np.can_cast(np.dtype(from), np.dtype(to), casting=RULE) as a bool, or "
            "{error: type(e).__name__, message: str(e)} if it raised (see "
            "can_cast_errors: [from, to, rule]). can_cast_non_monotonic: [from, to, 'TFTTT'] "
            "where a stricter rule allows what a looser one refuses (order no, equiv, safe, "
            "same_kind, unsafe). counts.can_cast_never_even_unsafe: pairs with unsafe "
            "False (numpy has no cast at all). "
            "promotion: one record per ORDERED pair (a, b), diagonal included, {a, b, "
            "promote_types: R, result_type: R}; R = {str, name} of np.promote_types(A, B) / "
            "np.result_type(A, B) (A = np.dtype(a), B = np.dtype(b)), or {error, message} "
            "if it raised. Both are stored for every pair: result_type_vs_promote_types "
            "counts the pairs where they differ and lists ([a, b]) those where at least one "
            "succeeded or the error types differ. Ordered pairs are stored because (b, a) "
            "can differ from (a, b): asymmetry[FUNCTION] counts unordered pairs {a, b} with "
            "R(a, b) != R(b, a) and lists [a, b] (a before b in spellings) where at least "
            "one succeeded, where the error types differ, and where the messages differ by "
            "more than the order of the two '<class ...>' names they mention. "
            "sized_targets: one record per (from, kind) for kind in sized_kinds, "
            "{from, kind, min_len: {RULE: N}}: the least n in 1..sized_max_len with "
            "np.can_cast(np.dtype(from), np.dtype(kind + str(n)), casting=RULE) True, null "
            "if none; the answer is True exactly for n >= N unless the record has "
            "'not_threshold': {RULE: [every n that was True]} (see "
            "sized_targets_not_threshold). "
            "An optional 'warnings' on a record lists the warnings its calls emitted "
            "(can_cast: 'RULE: Category: message'; promotion: {function: [...]}; "
            "sized_targets: 'KINDn RULE: Category: message'); the answer is the call's "
            "return value regardless. plain_numpy_check: every record whose spellings are "
            "all plain numpy, recomputed in a process that never imported ml_dtypes; "
            "differences lists every record that differs (empty: importing ml_dtypes "
            "changes nothing for plain numpy dtypes)."),
    })
    lists = [("dtypes", out["dtypes"]), ("can_cast", out["can_cast"]),
             ("promotion", out["promotion"]), ("sized_targets", out["sized_targets"])]
    write_lists(path, [' "meta": ' + pretty(meta, 1)], lists)
    print("casting.json: %d spellings, %d can_cast pairs (%d errors, %d with no cast), "
          "%d promotion pairs (%d result_type != promote_types, %d/%d asymmetric), "
          "%d sized_targets, %d plain-numpy differences, %d records with warnings; %d bytes"
          % (n, len(out["can_cast"]), len(cc_errors), len(never), len(out["promotion"]),
             rt["pairs_that_differ"], asym["promote_types"]["asymmetric_unordered_pairs"],
             asym["result_type"]["asymmetric_unordered_pairs"], len(out["sized_targets"]),
             len(plain_diffs), n_warn, os.path.getsize(path)))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--plain":
        plain_main()
    else:
        main()
