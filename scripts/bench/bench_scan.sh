#!/usr/bin/env bash
# `npmem cast-check FILE float32` on a 2 GiB float64 .npy in a warm page cache, against numpy
# doing the same job and against `cat FILE > /dev/null`; then npmem's peak RSS.
# Needs hyperfine and a Python >= 3.12 venv with numpy (VENV, default .venv-golden, as made by
# scripts/golden/golden.sh). Figures go in the README's "Speed" section with the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${VENV:-.venv-golden}"
FILE="${FILE:-${TMPDIR:-/tmp}/npmem-bench-2g.npy}"
cargo build --release --quiet
if [ ! -f "$FILE" ]; then
    "$VENV/bin/python" - "$FILE" <<'PY'
import sys
import numpy as np
n = (2 << 30) // 8
a = np.lib.format.open_memmap(sys.argv[1], mode="w+", dtype="<f8", shape=(n,))
rng = np.random.default_rng(1)
step = 1 << 24
for i in range(0, n, step):
    a[i:i + step] = rng.standard_normal(min(step, n - i))
a.flush()
PY
fi
cat "$FILE" > /dev/null  # warm the page cache
numpy_job="import numpy as np; a = np.load('$FILE', mmap_mode='r'); np.array_equal(a.astype(np.float32).astype(a.dtype), a, equal_nan=True)"
hyperfine --warmup 2 --runs "${RUNS:-10}" -i \
    "cat $FILE" \
    "target/release/npmem cast-check $FILE float32" \
    "$VENV/bin/python -c \"$numpy_job\""
# On a noisy machine, cat and npmem interleaved give the fairer ratio.
for _ in $(seq 1 "${RUNS:-10}"); do
    a=$(date +%s%N); cat "$FILE" > /dev/null; b=$(date +%s%N)
    target/release/npmem cast-check "$FILE" float32 > /dev/null || true; c=$(date +%s%N)
    echo "$(( (b - a) / 1000000 )) $(( (c - b) / 1000000 ))"
done | awk '{c += $1; n += $2; r += $1 / $2}
    END {printf "interleaved: cat %.0f ms, npmem %.0f ms, npmem at %.0f%% of cat'"'"'s rate\n", c / NR, n / NR, 100 * r / NR}'
/usr/bin/time -f "npmem peak RSS: %M KiB" target/release/npmem cast-check "$FILE" float32 > /dev/null || true
