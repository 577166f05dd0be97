#!/usr/bin/env python3
"""Golden data for casting and promoting structured dtypes: np.can_cast under every rule and
np.result_type for pairs of structured, subarray, plain void and other dtypes, and
np.result_type of one to three structured operands.

Writes (relative to the repo root):
  tests/data/structured_casting.json -- after "meta", three lists:
      dtypes: {"text", "dtype": DT}: every spelling used below as np.dtype builds it;
      pairs:  {"from", "to", "can_cast": [no, equiv, safe, same_kind, unsafe],
               "result_type": DT or ERR} for every ordered pair of SPELLINGS, then every pair
               of SPELLINGS + STRING_FIELDS with a StringDType-related one, then every pair of
               TITLED + TITLES with a new title; FROM and TO always two objects (np.dtype
               called for each), as two texts typed apart are;
      n_ary:  {"operands": [texts], "result_type": DT or ERR}: one operand (numpy makes it
               canonical), three operands (identical, compatible and random picks); the
               StringDType, title and unhashable-title records after, each operand its own
               object.
  A text is what a user types: a Python literal for the list and dict forms (handed to
  np.dtype after ast.literal_eval), anything else handed to np.dtype as a string.
  DT is {"str": str(dtype), "name", "itemsize", "alignment"}: str() spells a structured dtype in
  full (names, titles, formats, offsets, itemsize, numpy's aligned flag); ERR is
  {"error": exception type name, "message": str(e)}.

The spellings: numpy's own test cases (test_casting_unittests.py: test_to_void,
test_void_and_structured_with_subarray, test_structured_field_offsets,
test_structured_view_offsets_parametric; test_numeric.py: test_can_cast_simple_to_structured,
test_can_cast_structured_to_simple, test_valid_void_promotion, test_invalid_void_promotion;
test_dtype.py: TestDTypeMakeCanonical), the cases of npmem's issue 12, and a systematic set:
one to three fields, names the same, different or permuted, byte orders, offsets and padding
through the dict form, aligned structures, titles, subarray fields, nested structures, plain
`V`n of equal and different sizes, subarrays, and plain types.

Run as `$VENV/bin/python scripts/golden/golden_structured_casting.py` from the repo root (pins
numpy==2.5.5 via scripts/golden/requirements.txt), e.g. through scripts/golden/golden.sh.
Deterministic: spellings in list order, pairs in (from, to) order, random triples from a
fixed seed; the file ends with a newline.
"""

import ast
import os
import random
import sys
import warnings

import numpy as np

import _common

RULES = ["no", "equiv", "safe", "same_kind", "unsafe"]

SPELLINGS = [
    # the cases
    "d,i", "i4,i4", "i4,f8", "i8,f4", "<i4,", "<i8,", "<i8,<i8", "<i4,<i4", "<i8,>i8",
    "<i2,", "|b1,", "(1,)<f4,",
    # numpy's tests
    "i,i", "i,i,i", "i4,i2", "[('f1','i4')]", "[('f1','i4,i4')]", "[('f1','(2,3)i4')]",
    "[('f1',[('x','i4')])]", "[('f0','(3,)i4')]", "[('f0','i4,i4',(2,))]",
    "[('foo','<f4',(3,2))]", "[('name1','i8')]", "[('name1','>i8')]", "[('name2','i8')]",
    "i8,i8", "i8,>i8",
    "{'names':['a','b'],'formats':['i4','f4'],'offsets':[2,6]}",
    "{'names':['a','b'],'formats':['i4','f4'],'offsets':[0,4]}",
    "{'names':['b','a'],'formats':['i4','f4'],'offsets':[0,4]}",
    "{'names':['b','a'],'formats':['i4','f4'],'offsets':[0,6]}",
    "{'names':['a'],'formats':['i'],'offsets':[2]}",
    "{'names':['a','b'],'formats':['i','i'],'offsets':[2,2]}",
    "(1,1)i", "(2,1)i",
    "V", "V3", "V4", "V6", "V10", "V12", "V16",
    # names same, different, permuted; byte orders; field counts 1-3
    "[('a','<i4'),('b','<f8')]", "[('b','<i4'),('a','<f8')]", "[('a','<f8'),('b','<i4')]",
    "[('a','>i4'),('b','>f8')]", "[('a','<i8'),('b','<f8')]", "[('a','<i4'),('b','<f4')]",
    "[('a','<i4')]", "[('x','<i4')]", "[('a','>i4')]", "[('a','<i8')]", "[('a','<f8')]",
    "[('a','<i4'),('b','<f8'),('c','<i2')]", "[('a','<i4'),('b','<f8'),('c','<i4')]",
    "[('c','<i4'),('b','<f8'),('a','<i2')]", "i4,f8,i2",
    # subarray fields
    "[('a','<f4',(2,))]", "[('a','<f8',(2,))]", "[('a','<f4',(3,))]", "[('a','<f4',(2,2))]",
    "[('a','>f4',(2,))]", "[('a','<i4',(2,)),('b','<f8')]",
    # nested structures
    "[('p',[('x','<f4'),('y','<f4')]),('n','<i8')]",
    "[('p',[('x','<f8'),('y','<f4')]),('n','<i8')]",
    "[('p',[('y','<f4'),('x','<f4')]),('n','<i8')]",
    # offsets and padding, aligned structures
    "{'names':['a','b'],'formats':['<i4','<f8'],'offsets':[0,8],'itemsize':16}",
    "{'names':['a','b'],'formats':['<i4','<f8'],'offsets':[8,0],'itemsize':16}",
    "{'names':['a','b'],'formats':['<i4','<f8'],'offsets':[0,4],'itemsize':16}",
    "{'names':['a','b'],'formats':['<i4','<f8'],'aligned':True}",
    "{'names':['a','b'],'formats':['u1','<f8'],'aligned':True}",
    "{'names':['a','b'],'formats':['u1','<f8']}",
    "{'names':['a','b'],'formats':['u1','<f8'],'offsets':[0,8],'itemsize':16}",
    "{'names':['a'],'formats':['<i4'],'offsets':[4],'itemsize':8}",
    "{'names':['a'],'formats':['<i4'],'offsets':[0],'itemsize':8}",
    "{'names':['a'],'formats':['u1'],'aligned':True}",
    "{'names':['a','b'],'formats':['>i4','<i2'],'offsets':[0,4],'itemsize':8}",
    # titles
    "[(('T','a'),'<i4'),('b','<f8')]", "[(('U','a'),'<i4'),('b','<f8')]",
    "[(('T','a'),'<i8'),('b','<f8')]", "[((1,'a'),'<i4'),('b','<f8')]",
    "{'names':['a','b'],'formats':['<i4','<f8'],'titles':['T',None]}",
    "{'names':['a','b'],'formats':['<i4','<f8'],'titles':['T',None],'offsets':[0,8],'itemsize':16}",
    # other field types
    "U3,S2", "M8[s],", "m8[s],", "O,", "[]",
    # fields and bases of no bytes, which a field-wise cast takes as they are (S0 is zero
    # characters there, not "any size" as np.can_cast's own target)
    "S0,S0", "S0,u1", "U0,i4", "?,?", "(2,3)O",
    # subarrays
    "(2,)f4", "(2,)f8", "(3,)f4", "(2,)i4", "(2,2)f4", "(1,)f4",
    # plain types
    "i4", "i8", "i2", "f4", "f8", ">i4", "u1", "b1", "S", "S8", "S20", "U", "U1", "U4", "O",
    "M8[s]", "m8[s]", "T",
]

# StringDType (`T`) fields: numpy 2.5 takes them from a comma string or the dict form (the list
# form and subarrays refuse them); each pairs with every spelling above and below.
STRING_FIELDS = [
    "T,", "T,i4", "i4,T", "T,T", "T,i4,T", "{'names':['f0'],'formats':['T']}",
    "{'names':['a'],'formats':['T']}", "{'names':['a','b'],'formats':['T','<i4']}",
    "{'names':['a','b'],'formats':['T','<i4'],'aligned':True}",
    "{'names':['a','b'],'formats':['<i4','T'],'offsets':[16,0],'itemsize':24}",
    "{'names':['a','b'],'formats':['>i4','T']}",
    "{'names':['a','b'],'formats':['T','<i4'],'titles':['S',None]}",
    "[('a','i4,T')]", "[('a','i4,U3')]", "[('a','i4,O')]",
    # what T meets inside a structure
    "U3,", "S3,", "U1,", "i4,", "f8,", "b1,", "V16,", "U3,i4", "S3,i4", "O,i4", "f8,i4",
]

# Titles of every hashable kind of Python literal npmem reads (not sets: their order is a hash
# table's; list and dict titles are UNHASHABLE's),
# compared by Python's ==: 1, 1.0, True and (1+0j) are one title; 2**53 + 1 is not 2.0**53.
# They pair with each other and the titles above.
TITLES = [
    "[((1.0,'a'),'<i4'),('b','<f8')]", "[((True,'a'),'<i4'),('b','<f8')]",
    "[((1+0j,'a'),'<i4'),('b','<f8')]", "[((0,'a'),'<i4'),('b','<f8')]",
    "[((False,'a'),'<i4'),('b','<f8')]", "[((-0.0,'a'),'<i4'),('b','<f8')]",
    "[((0j,'a'),'<i4'),('b','<f8')]", "[((1e400,'a'),'<i4'),('b','<f8')]",
    "[((2e400,'a'),'<i4'),('b','<f8')]", "[((-1e400,'a'),'<i4'),('b','<f8')]",
    "[((9007199254740993,'a'),'<i4'),('b','<f8')]",
    "[((9007199254740992.0,'a'),'<i4'),('b','<f8')]",
    "[((9007199254740992,'a'),'<i4'),('b','<f8')]", "[((0.5,'a'),'<i4'),('b','<f8')]",
    "[((0.5+0j,'a'),'<i4'),('b','<f8')]", "[((1j,'a'),'<i4'),('b','<f8')]",
    "[((b'T','a'),'<i4'),('b','<f8')]", "[((b'U','a'),'<i4'),('b','<f8')]",
    "[(((1,'x'),'a'),'<i4'),('b','<f8')]", "[(((1.0,'x'),'a'),'<i4'),('b','<f8')]",
    "[(((True,b'x'),'a'),'<i4'),('b','<f8')]", "[(((),'a'),'<i4'),('b','<f8')]",
    "{'names':['a','b'],'formats':['<i4','<f8'],'titles':[1.0,None]}",
    "{'names':['a','b'],'formats':['<i4','<f8'],'titles':[True,None]}",
    "[('a','<i4'),((1,'b'),'<f8')]", "[('a','<i4'),((1.0,'b'),'<f8')]",
    "[((1,'a'),'<i4'),((1.0,'b'),'<f8')]", "[((1,'a'),'<i8'),('b','<f8')]",
    "[((1.0,'a'),'<i8'),('b','<f8')]",
    # integers past 64 bits: 2**70 is the float 2.0**70; 2**70 + 1 is no float
    "[((1180591620717411303424,'a'),'<i4'),('b','<f8')]",
    "[((1.1805916207174113e+21,'a'),'<i4'),('b','<f8')]",
    "[((1180591620717411303425,'a'),'<i4'),('b','<f8')]",
]

# Titles np.dtype takes but Python cannot hash (a list, a dict, a tuple holding a list): alone,
# np.result_type raises "unhashable type" (ensure_canonical keys a dict by the title); with
# other operands it promotes.
UNHASHABLE = [
    "[(([1],'a'),'<i4')]", "[(([1],'a'),'>i4')]", "[(([1],'a'),'<i4'),('x','<f8')]",
    "[(({'k':1},'a'),'<i4')]", "[(((1,[2]),'a'),'<i4')]",
    "[(({'a':[1]},'a'),'<i4'),(([1],'b'),'<i4')]", "[(('x','a'),'<i4'),(([1],'b'),'<i4')]",
    "[('o',[(([1],'a'),'<i4')])]", "[('o',[(([1],'a'),'<i4')],(2,))]",
    "{'names':['a'],'formats':['<i4'],'offsets':[4],'itemsize':8,'titles':[[1]]}",
]

# The spellings titles are paired with, besides TITLES.
TITLED = [
    "[(('T','a'),'<i4'),('b','<f8')]", "[(('U','a'),'<i4'),('b','<f8')]",
    "[((1,'a'),'<i4'),('b','<f8')]", "[('a','<i4'),('b','<f8')]",
    "{'names':['a','b'],'formats':['<i4','<f8'],'titles':['T',None]}",
]


def make(text):
    obj = ast.literal_eval(text) if text[:1] in "[{" else text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.dtype(obj)


def describe(dt):
    return {"str": str(dt), "name": dt.name, "itemsize": dt.itemsize,
            "alignment": dt.alignment}


def outcome(f):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return describe(f())
        except Exception as e:  # numpy's refusal, whatever its type
            return {"error": type(e).__name__, "message": str(e)}


def pair(a, b):
    # Two dtypes typed apart are two objects, even when spelled alike: numpy casts a
    # StringDType field as a view only within one object (one allocator).
    da, db = make(a), make(b)
    return {
        "from": a, "to": b,
        "can_cast": [bool(np.can_cast(da, db, casting=r)) for r in RULES],
        "result_type": outcome(lambda: np.result_type(da, db)),
    }


def new_pairs(texts, new):
    """Every ordered pair of texts with at least one of new, in texts order."""
    return [pair(a, b) for a in texts for b in texts if a in new or b in new]


def new_n_ary(dtypes, new, seed):
    """One operand and three alike of each structure in new, and random triples of structures
    with the same names; every operand its own object."""
    structured = [t for t in new if dtypes[t].names is not None]
    groups = {}
    for t in dtypes:
        if dtypes[t].names is not None:
            groups.setdefault(dtypes[t].names, []).append(t)
    rng = random.Random(seed)
    n_ary = [[t] for t in structured] + [[t, t, t] for t in structured]
    for names in sorted({dtypes[t].names for t in structured}):
        group = groups[names]
        if len(group) > 1:
            for _ in range(3 * len(group)):
                n_ary.append([rng.choice(group) for _ in range(3)])
    return [{"operands": ops,
             "result_type": outcome(lambda: np.result_type(*[make(t) for t in ops]))}
            for ops in n_ary]


def main():
    dtypes = {t: make(t) for t in SPELLINGS + STRING_FIELDS + TITLES + UNHASHABLE}
    spellings = [{"text": t, "dtype": describe(d)} for t, d in dtypes.items()]
    pairs = [pair(a, b) for a in SPELLINGS for b in SPELLINGS]
    pairs += new_pairs(SPELLINGS + STRING_FIELDS, STRING_FIELDS)
    pairs += new_pairs(TITLED + TITLES, TITLES)
    voids = [t for t in SPELLINGS if dtypes[t].kind == "V"]
    structured = [t for t in SPELLINGS if dtypes[t].names is not None]
    n_ary = [[t] for t in voids]
    n_ary += [[t, t, t] for t in structured]
    rng = random.Random(12)
    by_names = {}
    for t in structured:
        by_names.setdefault(dtypes[t].names, []).append(t)
    for group in by_names.values():
        if len(group) > 1:
            for _ in range(3 * len(group)):
                n_ary.append([rng.choice(group) for _ in range(3)])
    for _ in range(150):
        n_ary.append([rng.choice(voids) for _ in range(3)])
    records = [{"operands": ops,
                "result_type": outcome(lambda: np.result_type(*[dtypes[t] for t in ops]))}
               for ops in n_ary]
    records += new_n_ary({t: dtypes[t] for t in SPELLINGS + STRING_FIELDS}, STRING_FIELDS, 13)
    records += new_n_ary({t: dtypes[t] for t in TITLED + TITLES}, TITLES, 14)
    records += new_n_ary({t: dtypes[t] for t in UNHASHABLE}, UNHASHABLE, 15)
    meta = _common.meta_base(__file__)
    _common.write_lists(os.path.join(_common.DATA, "structured_casting.json"),
                        [_common.meta_member(meta)],
                        [("dtypes", spellings), ("pairs", pairs), ("n_ary", records)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
