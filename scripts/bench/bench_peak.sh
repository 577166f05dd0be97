#!/usr/bin/env bash
# How long `npmem peak` takes to plan a realistic 500-line script (scripts/bench/peak_script.py),
# with hyperfine when it is installed, else a loop timed with `time`. Figures go in the README's
# peak section, with the build profile and the machine they were measured on.
#
#   bash scripts/bench/bench_peak.sh            # release build
#   PROFILE=dev bash scripts/bench/bench_peak.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
profile=${PROFILE:-release}
target=${CARGO_TARGET_DIR:-target}
if [ "$profile" = release ]; then
    cargo build --release --quiet
    bin=$target/release/npmem
else
    cargo build --quiet
    bin=$target/debug/npmem
fi
script=$(mktemp --suffix=.py)
trap 'rm -f "$script"' EXIT
python3 scripts/bench/peak_script.py >"$script"
echo "$(wc -l <"$script") lines; $("$bin" peak --json --ram 64GB "$script" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("peak", d["peak_bytes"], d["bound"], len(d["advice"]), "advice")')"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 3 --runs 30 "$bin peak --json --ram 64GB $script"
else
    runs=20
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do "$bin" peak --json --ram 64GB "$script" >/dev/null; done
    end=$(date +%s%N)
    echo "mean of $runs runs: $(( (end - start) / runs / 1000000 )) ms"
fi
