#!/usr/bin/env bash
# Start-up time of npmem against importing numpy, with hyperfine (apt-get install hyperfine).
# Figures go in the README's "Speed" section, with the machine they were measured on.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
python=${PYTHON:-python3}
hyperfine -N --warmup 20 --runs 300 \
    'target/release/npmem estimate 100x100x100x100' \
    'target/release/npmem estimate 100x100x100x100 --ram 8GB --json' \
    'target/release/npmem estimate 1e5x1e5x100:f4 --chunks auto --previous-chunks 100x100x10 --workers 16 --ram 64GB --json'
hyperfine --warmup 3 --runs 20 "$python -c 'import numpy'"
