#!/usr/bin/env python3
"""Golden data for structured dtypes: numpy's list and dict spellings, comma strings with a
subarray first, and every descr `np.save` writes (padding, titles, nested subarrays, nested
structures).

Writes (relative to the repo root):
  tests/fixtures/structured/*.npy -- arrays saved by np.save (wiped and rewritten);
  tests/data/structured.json -- after "meta", two lists:
      spellings: {"text", "dtype": DT} or {"text", "error": type name, "message"}, where text
                 is what a user types (a Python literal for the list and dict forms, handed to
                 np.dtype after ast.literal_eval; anything else to np.dtype as a string), plus
                 "warnings" (the categories np.dtype emitted) when there were any;
      files:     {"file": path relative to the repo root, "shape", "dtype": DT} as np.load
                 reads it back.
  DT is {"name", "str", "itemsize", "fields": [[name, offset, field str, field itemsize], ...]
  or null}: numpy's dtype.name, .str, .itemsize, and its fields in offset order.

Run as `$VENV/bin/python scripts/golden/golden_structured.py` from the repo root (pins
numpy==2.5.5 via scripts/golden/requirements.txt), e.g. through scripts/golden/golden.sh.
"""

import ast
import os
import shutil
import sys
import warnings

import numpy as np

import _common

SPELLINGS = [
    # numpy's list form (np.dtype(list)): names, subarray shapes, titles, nesting.
    "[('x','<f8'),('y','<i4',(2,))]",
    "[('x','<f8'),('y','<i4',2)]",
    "[('x','<f8'),('y','<i4',())]",
    "[('x','<f8'),('y','<i4',(2,3))]",
    "[('x','<f8'),('y','<i4',(0,))]",
    "[('','<f8'),('','<i4')]",
    "[('a','<f8'),('','<i4'),('f1','<i2')]",
    "[('a','<f8'),('a','<i4')]",
    "[(('A title','a'),'<f4'),('b','<i2')]",
    "[('c',('<f8',(5,)),(2,))]",
    "[('c',('<f8',(5,)))]",
    "[('p',[('x','<f4'),('y','<f4')]),('n','<i8')]",
    "[('p',[('x','<f4'),('y','<f4')],(3,))]",
    "[('a','u1'),('','|V7'),('b','<f8')]",
    "[('a','>i4'),('b','=u2'),('c','|b1')]",
    "[('s','S5'),('u','<U3'),('t','<M8[ns]')]",
    "[('a','f8,i4')]",
    "[('a','<f8',-1)]",
    "[('a',)]",
    "[('a','<f8',(2,),1)]",
    "[('a','float64'),('b','int16')]",
    "[('a','notadtype')]",
    # numpy's older dict form, {name: (format, offset[, title])}: fields by offset.
    "{'f0': ('i4', 0), 'f1': ('u1', 4)}",
    "{'a': ('<f8', 8), 'b': ('<i4', 0)}",
    "{'a': ('<f8', 0), 'b': ('<i4', 0)}",
    "{'a': ('<f8', 0, 'T'), 'T': ('<f8', 0, 'T'), 'b': ('u1', 8)}",
    "{'a': ('<f8', 0, 'T'), 'b': ('u1', 8, 'U')}",
    "{'f0': ('i4', 0), 'f1': ([('f1', 'i1'), ('f2', 'i4'), ('f3', 'i1')], 4), 'f2': ('i1', 10)}",
    "{'a': ('<f8', 0), 'a': ('<i4', 4)}",
    "{'a': ('<f8',)}",
    "{'a': ('<f8', -1)}",
    "{'a': ('<f8', 2.5), 'b': ('u1', 0.9)}",
    "{'a': ('<f8', 'x')}",
    # int(offset) of text: Python's int() syntax (whitespace, '_', Unicode digits, a sign).
    "{'a': ('<f8', '8'), 'b': ('u1', ' 0 ')}",
    "{'a': ('<f8', '1_6'), 'b': ('u1', '+0')}",
    "{'a': ('<f8', '\u0663')}",
    "{'a': ('<f8', '2.5')}",
    "{'a': ('<f8', '-1')}",
    "{'a': ('<f8', '')}",
    "{'a': ('<f8', b'8'), 'b': ('u1', b' 0')}",
    "{'a': ('<f8', b'x')}",
    "{'a': ('<f8', None)}",
    "{'a': ('<f8', 1j)}",
    "{'a': ('<f8', 0, 'a')}",
    "{'a': 'f8'}",
    "{'a': ['f8', 0]}",
    "{'a': ('f8', 0), 'names': ['a']}",
    "{'a': ('notadtype', 0)}",
    "{'a': ('f8', 0), 'b': ('f8', 0, 'a')}",
    "{}",
    # A field's type is a spelling: a string holding a literal is not read as one.
    "[('a',\"[('b','<f4')]\")]",
    "[('a',\"{'names':['b'],'formats':['<f4']}\")]",
    "{'names':['a'],'formats':[\"[('b','<f4')]\"]}",
    "[('a','T')]",
    "T,",
    # StringDType: refused by the list form and in subarrays, taken elsewhere.
    "T,i4,T",
    "[('a','T',(2,))]",
    "[('a','i4,T')]",
    "[('a',[('b','T')])]",
    "{'names':['a','b'],'formats':['T','<i4']}",
    "{'names':['a','b'],'formats':['T','<i4'],'aligned':True}",
    "{'names':['a','b'],'formats':['<i4','T'],'offsets':[16,0],'itemsize':24}",
    "{'names':['a'],'formats':[('T',(2,))]}",
    "(2,)T,",
    "2T,",
    # titles: any Python object; a string one shares the names' namespace.
    "[(('a','a'),'<f4')]",
    "[((1,'a'),'<f4')]",
    "[(('T',''),'<f4')]",
    "[((1,''),'<f4')]",
    "[(('','a'),'<f4')]",
    "[(('b','a'),'<f4'),('b','<i2')]",
    "[('b','<f4'),(('b','a'),'<i2')]",
    "[((1.0,'a'),'<f4')]",
    "[((1+2j,'a'),'<f4')]",
    "[((b'x','a'),'<f4')]",
    "[(((1,[2.5]),'a'),'<f4')]",
    "[(({1:2},'a'),'<f4')]",
    "[(({[1]:2},'a'),'<f4')]",
    "[((1e400,''),'<f4')]",
    "[((0x10,'a'),'<f4')]",
    "[]",
    # numpy's dict form.
    "{'names':['a','b'],'formats':['<f4','<f4'],'offsets':[0,8],'itemsize':16}",
    "{'names':['a','b'],'formats':['<f4','<f4']}",
    "{'names':['a','b'],'formats':['u1','<f8'],'aligned':True}",
    "{'names':['a','b'],'formats':['u1','<f8'],'aligned':False}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'offsets':[8,0],'itemsize':16}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'offsets':[0,8]}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'offsets':[0,2]}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'offsets':[0,8],'itemsize':8}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'offsets':[0,8],'itemsize':20}",
    "{'names':['a'],'formats':['<f4','<f4']}",
    "{'names':['a','b'],'formats':['<f4','<i2'],'titles':['A','B']}",
    "{'names':['a','b'],'formats':['<f4','<i2'],'titles':['A',None]}",
    "{'names':['a','a'],'formats':['<f4','<i2']}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'titles':['x','x']}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'titles':['b',None]}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'titles':['a',None]}",
    "{'names':['a','b'],'formats':['<f4','<f4'],'titles':[None,'a']}",
    "{'formats':['<f4']}",
    "{'names':['a']}",
    "{'names':['a','b'],'formats':[('<f8',(2,)),'<i4']}",
    "{'names':['a','b'],'formats':['<f8','<i4'],'offsets':[0,4]}",
    "{'names':[],'formats':[]}",
    # comma strings with a subarray first.
    "(2)f4,",
    "(2)f4,i4",
    "(2,3)f4,",
    "(2)f4",
    "f8,(2)i4",
]


def field_list(dt):
    if dt.names is None:
        return None
    out = []
    for name in dt.names:
        fdt, offset = dt.fields[name][:2]
        out.append([name, offset, fdt.str, fdt.itemsize])
    out.sort(key=lambda f: (f[1], dt.names.index(f[0])))
    return out


def describe(dt):
    return {"name": dt.name, "str": dt.str, "itemsize": dt.itemsize, "fields": field_list(dt)}


def spelling(text):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            obj = ast.literal_eval(text) if text[:1] in "[{" else text
            rec = {"text": text, "dtype": describe(np.dtype(obj))}
        except Exception as e:  # numpy's refusal, whatever its type
            rec = {"text": text, "error": type(e).__name__, "message": str(e)}
    if caught:
        rec["warnings"] = sorted({w.category.__name__ for w in caught})
    return rec


FILES = {
    "nested_subarray": lambda: np.zeros(1, [("c", ("<f8", (5,)), (2,))]),
    "aligned_padding": lambda: np.zeros(3, np.dtype([("a", "u1"), ("b", "<f8")], align=True)),
    "titles_padding": lambda: np.zeros(2, np.dtype({
        "names": ["a", "b"], "formats": ["<f4", "<i2"], "titles": ["A title", "B"],
        "offsets": [0, 8], "itemsize": 12})),
    "nested_struct": lambda: np.zeros(2, [("p", [("x", "<f4"), ("y", "<f4")]), ("n", "<i8")]),
    "nested_aligned": lambda: np.zeros(2, np.dtype(
        [("p", np.dtype([("x", "u1"), ("y", "<f4")], align=True)), ("n", "u1")], align=True)),
    "trailing_padding": lambda: np.zeros(4, np.dtype({
        "names": ["a"], "formats": ["<i2"], "offsets": [2], "itemsize": 10})),
    "struct_subarray_of_struct": lambda: np.zeros(3, [("p", [("x", "<f4")], (2, 2))]),
}


def main():
    out_dir = os.path.join(_common.REPO, "tests", "fixtures", "structured")
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    files = []
    for name, make in FILES.items():
        path = os.path.join(out_dir, name + ".npy")
        np.save(path, make())
        back = np.load(path)
        files.append({"file": os.path.relpath(path, _common.REPO), "shape": list(back.shape),
                      "dtype": describe(back.dtype)})
    meta = _common.meta_base(__file__)
    _common.write_lists(os.path.join(_common.DATA, "structured.json"),
                        [_common.meta_member(meta)],
                        [("spellings", [spelling(t) for t in SPELLINGS]), ("files", files)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
