#!/usr/bin/env bash
# Regenerate the numpy golden data in tests/data/: dtypes.json, shapes.json (golden.py),
# then finfo.json, floatprint.json, floatprint_wide.json, floatprint_ml.json
# (golden_floats.py), and every other golden_*.py below, each writing what its docstring says
# (structured.json and tests/fixtures/structured/, tolerance.json and
# tests/fixtures/scan_tolerance/ among them). Fixture files and ggml_types.json come from
# fixtures.sh, the peak corpus from peak.sh, the accelerate data from accelerate.sh.
#
#   bash scripts/golden/golden.sh    # venv at ./.venv-golden (relative to the repo root)
#   VENV=/tmp/venv-golden bash scripts/golden/golden.sh
#
# Needs Python >= 3.12 (numpy 2.5 requires it) and access to PyPI.
# The Rust tests only read the JSON; they never need Python.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

VENV="${VENV:-.venv-golden}"

SCRIPT=golden.sh
# shellcheck source=scripts/golden/_venv.sh
source scripts/golden/_venv.sh

"$VENV/bin/python" -m pip install --disable-pip-version-check -q -r scripts/golden/requirements.txt
"$VENV/bin/python" scripts/golden/golden.py "$@"
"$VENV/bin/python" scripts/golden/golden_floats.py
"$VENV/bin/python" scripts/golden/golden_rounding.py
"$VENV/bin/python" scripts/golden/golden_casting.py
"$VENV/bin/python" scripts/golden/golden_promotion.py
"$VENV/bin/python" scripts/golden/golden_structured.py
"$VENV/bin/python" scripts/golden/golden_structured_casting.py
"$VENV/bin/python" scripts/golden/golden_values.py
"$VENV/bin/python" scripts/golden/golden_value_forms.py
"$VENV/bin/python" scripts/golden/golden_scan.py
# Reads golden_scan.py's fixtures: after it.
"$VENV/bin/python" scripts/golden/golden_tolerance.py
"$VENV/bin/python" scripts/golden/golden_peak_refusals.py
"$VENV/bin/python" scripts/golden/golden_chunks.py
