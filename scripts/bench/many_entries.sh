#!/usr/bin/env bash
# What npmem spends on small files with very many entries: peak memory and time under
# /usr/bin/time -v, for the files scripts/fuzz/many_entries.py writes. The figures go in the
# README's "Reliability" section.
#   scripts/bench/many_entries.sh [OUT_DIR]     (default /tmp/npmem-many)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp/npmem-many}
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
npmem=${CARGO_TARGET_DIR:-target}/release/npmem
[ -f "$out/many.safetensors" ] || python3 scripts/fuzz/many_entries.py "$out"
measure() {
    local label=$1; shift
    /usr/bin/time -v "$npmem" "$@" >/dev/null 2>"$out/time.txt" || true
    local rss wall code
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$out/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$out/time.txt")
    code=$(awk -F': ' '/Exit status/ {print $2}' "$out/time.txt")
    printf '%-44s %10s KiB %10s  exit %s\n' "$label" "$rss" "$wall" "$code"
}
measure "safetensors, 1M tensors (--json)" estimate "$out/many.safetensors" --json
measure "safetensors, 1M tensors (table)" estimate "$out/many.safetensors"
measure "gguf, 1M tensors (--json)" estimate "$out/many.gguf" --json
measure "npz, 900k members (--json)" estimate "$out/many.npz" --json
measure "npz, 900k entries on one member" estimate "$out/same.npz" --json
measure "zarr, 200,000 dimensions" estimate "$out/dims.zarr" --json
