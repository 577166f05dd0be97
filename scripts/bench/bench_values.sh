#!/usr/bin/env bash
# `cast-check TO --values-from FILE` against numpy reading and casting the same lines.
#
#   bash scripts/bench/bench_values.sh            # release build, hyperfine, numpy from $PYTHON
#
# Inputs (in a temporary directory): 1,000,000 lines of `1`; 1,000,000 random normal values
# written with repr(); one 1 MiB line: "0." and 1,048,574 digits; one 1 MiB line of nines (an
# integer past every format's range). numpy's side reads the file
# and casts: np.array(lines, dtype=np.float64).astype(np.float16) (the lines read with
# f.read().split()), which is what it takes numpy to hold the values in float16 — less than
# npmem reports (numpy says nothing about what changed).
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"
PYTHON="${PYTHON:-/work/venv-golden/bin/python}"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/npmem"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
"$PYTHON" - "$dir" <<'PY'
import random, sys
d = sys.argv[1]
open(f"{d}/ones.txt", "w").write("1\n" * 1_000_000)
rng = random.Random(1)
open(f"{d}/normal.txt", "w").write("".join(repr(rng.gauss(0, 1)) + "\n" for _ in range(1_000_000)))
open(f"{d}/long.txt", "w").write("0." + "3" * (1024 * 1024 - 3) + "\n")
open(f"{d}/digits.txt", "w").write("9" * (1024 * 1024 - 1) + "\n")
PY
numpy='import sys, numpy as np; np.array(open(sys.argv[1]).read().split(), dtype=np.float64).astype(np.float16)'
# hyperfine when there is one; else the best of five wall-clock runs.
bench() {
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs 5 -N -i "$@"
  else
    for cmd in "$@"; do
      best=""
      for _ in 1 2 3 4 5; do
        /usr/bin/time -f "%e" -o "$dir/time" bash -c "$cmd" >/dev/null 2>&1 || true
        t=$(tail -1 "$dir/time")
        if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
      done
      echo "$best s  $cmd"
    done
  fi
}
for input in ones normal; do
  bench "$bin cast-check float16 --values-from $dir/$input.txt --json" \
        "$PYTHON -c '$numpy' $dir/$input.txt"
done
bench "$bin cast-check float64 --values-from $dir/long.txt --json"
bench "$bin cast-check float64 --values-from $dir/digits.txt --json"
for input in ones normal long; do
  /usr/bin/time -f "$input: peak RSS %M KiB" "$bin" cast-check float16 --values-from "$dir/$input.txt" --json >/dev/null || true
done
