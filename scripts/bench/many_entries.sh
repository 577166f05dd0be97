#!/usr/bin/env bash
# What npmem spends on small files with very many entries: peak memory and time under
# /usr/bin/time -v, for the files scripts/fuzz/many_entries.py writes, in every view (table
# summary, --tensors table, plain, JSON). Bytes per entry are the peak resident set above that
# of a run on no file at all (`npmem estimate 10`), divided by the entries. The figures go in
# the README's "Reliability" section.
#   scripts/bench/many_entries.sh [OUT_DIR]     (default /tmp/npmem-many)
#   ONLY=safetensors scripts/bench/many_entries.sh    (only the rows whose label matches)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp/npmem-many}
[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
npmem=${CARGO_TARGET_DIR:-target}/release/npmem
[ -f "$out/many.safetensors" ] || python3 scripts/fuzz/many_entries.py "$out"
export NPMEM_RAM=64GiB
rss_of() {
    /usr/bin/time -v "$npmem" "$@" >/dev/null 2>"$out/time.txt" || true
    awk -F': ' '/Maximum resident/ {print $2}' "$out/time.txt"
}
base=$(rss_of estimate 10)
printf '%-46s %10s %9s %10s  %s\n' "run" "peak KiB" "B/entry" "wall" "exit"
printf '%-46s %10s %9s %10s  %s\n' "baseline: estimate 10" "$base" "" "" ""
measure() {
    local label=$1 entries=$2; shift 2
    if [ -n "${ONLY:-}" ] && [[ $label != *"$ONLY"* ]]; then return; fi
    local rss wall code per
    rss=$(rss_of "$@")
    wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$out/time.txt")
    code=$(awk -F': ' '/Exit status/ {print $2}' "$out/time.txt")
    per=$(( (rss - base) * 1024 / entries ))
    printf '%-46s %10s %9s %10s  exit %s\n' "$label" "$rss" "$per" "$wall" "$code"
}
for view in table tensors plain json; do
    case $view in
        table) flags=() ;;
        tensors) flags=(--tensors) ;;
        plain) flags=(--format plain) ;;
        json) flags=(--json) ;;
    esac
    measure "safetensors, 1M tensors ($view)" "${COUNT:-1000000}" estimate "$out/many.safetensors" "${flags[@]}"
    measure "gguf, 1M tensors ($view)" "${COUNT:-1000000}" estimate "$out/many.gguf" "${flags[@]}"
    measure "npz, 900k members ($view)" "${NPZ_COUNT:-900000}" estimate "$out/many.npz" "${flags[@]}"
done
measure "npz, 900k entries on one member (refused)" 900000 estimate "$out/same.npz" --json
measure "zarr, 200,000 dimensions (refused)" 200000 estimate "$out/dims.zarr" --json
