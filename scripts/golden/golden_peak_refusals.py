#!/usr/bin/env python3
"""Golden data for `npmem peak`: the lines numpy (or Python itself) raises on, and its words.

Writes tests/data/peak_refusals.json: for each snippet below, run after `import numpy as np` in
a fresh namespace, the exception its last line raises: class and message. The Rust test plans
`import numpy as np` + the snippet and checks that the planner lists the last line as not
modelled with "numpy raises CLASS: MESSAGE" (or "Python raises …" for Python's own int() and
float()), counts no bytes for it, and calls the plan a lower bound.

Run through scripts/golden/golden.sh, or: VENV/bin/python scripts/golden/golden_peak_refusals.py
"""

import os

import numpy as np

from _common import DATA, generator, meta_member, versions, write_lists

OUT = os.path.join(DATA, "peak_refusals.json")

# (who raises, the snippet: its last line raises)
CASES = [
    ("numpy", "x = np.ones(-1)"),
    ("numpy", "x = np.zeros((2, -3))"),
    ("numpy", "x = np.empty(2**64)"),
    ("numpy", "x = np.ones(2**64 + 5)"),
    ("numpy", "x = np.zeros((3, 2**63))"),
    ("numpy", "x = np.full((2**70,), 1.0)"),
    ("numpy", "x = np.ones(2**62)"),
    ("numpy", "x = np.eye(-1)"),
    ("numpy", "x = np.identity(2**64)"),
    ("numpy", "x = np.linspace(0, 1, -1)"),
    ("numpy", "x = np.linspace(0, 1, 2**64)"),
    ("numpy", "x = np.random.rand(-1)"),
    ("numpy", "x = np.random.rand(3, 2**64)"),
    ("numpy", "x = np.random.default_rng(0).random(2**64)"),
    ("numpy", "a = np.ones(3)\nx = a.reshape(2**64)"),
    ("numpy", "a = np.ones(3)\nx = np.repeat(a, -1)"),
    ("numpy", "x = np.arange(0, 10, 0)"),
    ("numpy", "x = np.arange(0.0, 1.0, 0.0)"),
    ("numpy", "x = np.arange(10**30)"),
    ("numpy", "x = np.arange(1e300)"),
    ("numpy", "x = np.arange(np.nan)"),
    ("Python", "x = np.ones(int('5.0'))"),
    ("Python", "x = np.ones(int(''))"),
    ("Python", "x = np.ones(int(float('nan')))"),
    ("Python", "x = np.ones(int(float('inf')))"),
    ("Python", "x = np.arange(float('abc'))"),
]


def main():
    cases = []
    for raiser, line in CASES:
        try:
            exec("import numpy as np\n" + line, {})
        except Exception as e:  # noqa: BLE001 - the exception is the datum
            cases.append({"code": line, "raiser": raiser, "error": type(e).__name__,
                          "message": str(e)})
        else:
            raise SystemExit(f"{line!r} did not raise")
    meta = {"generator": generator(__file__), **versions("python", "numpy")}
    write_lists(OUT, [meta_member(meta)], [("cases", cases)])
    print(f"{OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
