#!/usr/bin/env python3
"""Differential fuzzing of npmem's chunk plans against Dask's normalize_chunks.

Random cases (golden_chunks.py's generator, plus one that leans on previous_chunks: auto
dimensions with regular or irregular previous chunks, small limits that make Dask shrink and
large ones that make it merge) go through Dask and through the npmem binary's JSON
(`npmem estimate SHAPE -d DTYPE --chunks ... --json`); any disagreement is printed.

    VENV=/tmp/venv-golden bash scripts/golden/golden.sh    # once, for the venv
    /tmp/venv-golden/bin/python scripts/fuzz/fuzz_chunks.py [CASES] [SEED]

Needs a built binary (cargo build); exits 1 on a mismatch. Nothing here is needed by the tests.
"""

import json
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
import golden_chunks as g  # noqa: E402  (patches Dask's blockdims to skip huge plans)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("NPMEM", os.path.join(ROOT, "target", "debug", "npmem"))


def previous_cases(rng):
    sizes = [1, 2, 3, 5, 8, 10, 16, 50, 97, 100, 128, 256, 1000, 4096, 10000, 65536, 10 ** 5,
             10 ** 6, 3 * 10 ** 6]
    limits = ["1", "100", "1kiB", "4kB", "1MiB", "8MB", "64MiB", "128MiB", "1GiB", "10GB",
              "1TiB", None]
    while True:
        ndim = rng.choice([1, 2, 2, 3, 3, 4, 5])
        shape = [rng.choice(sizes) for _ in range(ndim)]
        entries = [rng.choice(["auto", "auto", "auto", "-1", str(max(1, s // 3))]) for s in shape]
        if "auto" not in entries:
            entries[rng.randrange(ndim)] = "auto"
        chunks = "auto" if rng.random() < 0.3 else ",".join(entries)
        if rng.random() < 0.75:
            prev = "x".join(str(max(1, s // rng.choice([1, 2, 3, 4, 7, 10, 100, 1000])))
                            if rng.random() < 0.9 else str(rng.randint(1, max(1, s)))
                            for s in shape)
        else:
            dims = []
            for s in shape:
                parts, left = [], s
                while left > 0:
                    p = min(left, rng.choice([1, 2, 5, max(1, s // 4), max(1, s // 2), rng.randint(1, s)]))
                    parts.append(p)
                    left -= p
                dims.append("(" + ",".join(map(str, parts or [0])) + ",)")
            prev = "(" + ",".join(dims) + ",)"
            if len(prev) > 2000:
                continue
        yield (tuple(shape), rng.choice(g.DTYPES), chunks, rng.choice(limits), prev)


def npmem(case):
    shape, dtype, chunks, limit, previous = case
    spec = "x".join(map(str, shape)) if shape else "()"
    args = [BINARY, "estimate", spec, "-d", dtype, f"--chunks={chunks}", "--ram", "1PB", "--json"]
    if limit is not None:
        args.append(f"--chunk-size={limit}")
    if previous is not None:
        args.append(f"--previous-chunks={previous}")
    p = subprocess.run(args, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        return None, p.stderr.strip()
    return json.loads(p.stdout)["arrays"][0]["chunks"]["chunks"], None


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    streams = [g.random_cases(rng), previous_cases(rng)]
    checked = mismatches = skipped = 0
    while checked < n:
        case = next(streams[checked % 2])
        want = g.run(*case)
        if want is None:
            skipped += 1
            continue
        if any(s >= 2 ** 63 for s in case[0]):
            continue
        got, err = npmem(case)
        checked += 1
        negative = any(tok.startswith("-") and tok != "-1"
                       for tok in case[2].replace("(", ",").replace(")", ",").split(","))
        if want["error"] is None:
            if got != want["result"] and not (got is None and negative):
                limit_bad = err is not None and "--chunk-size" in err
                if not limit_bad:
                    mismatches += 1
                    print(f"MISMATCH {case}: npmem {got if err is None else err!r}, Dask {want['result']}")
        elif got is not None:
            mismatches += 1
            print(f"MISMATCH {case}: npmem plans {got}, Dask raises {want['error']}")
    print(f"fuzz_chunks: {checked} cases checked, {mismatches} mismatches, {skipped} skipped (too big)")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
