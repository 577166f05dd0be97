#!/usr/bin/env bash
# Regenerate the array-file fixtures in tests/fixtures/files/ (.npy, .npz, safetensors,
# Zarr v2/v3, GGUF, broken files) and tests/fixtures/files/expected.json; then
# tests/data/ggml_types.json (golden_ggml.py: ggml's type sizes from the gguf package).
#
#   bash scripts/golden/fixtures.sh    # venv at ./.venv-fixtures (relative to the repo root)
#   VENV=/tmp/venv-fixtures bash scripts/golden/fixtures.sh
#   bash scripts/golden/fixtures.sh --out /tmp/fx    # extra arguments go to fixtures.py
#
# Needs Python >= 3.12 (numpy 2.5 requires it) and access to PyPI.
# The Rust tests only read the files and the JSON; they never need Python.
# fixtures.py wipes and rewrites its output directory.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

VENV="${VENV:-.venv-fixtures}"

SCRIPT=fixtures.sh
# shellcheck source=scripts/golden/_venv.sh
source scripts/golden/_venv.sh

"$VENV/bin/python" -m pip install --disable-pip-version-check -q -r scripts/golden/requirements-fixtures.txt
"$VENV/bin/python" scripts/golden/fixtures.py "$@"
"$VENV/bin/python" scripts/golden/golden_ggml.py
