#!/usr/bin/env bash
# Regenerate tests/data/accelerate.json: accelerate's and transformers' own figures for the model
# checkpoints in tests/data/models/ (scripts/golden/accelerate_models.py).
#
#   bash scripts/golden/accelerate.sh    # venv at ./.venv-accelerate (relative to the repo root)
#
# torch comes from PyPI without its CUDA libraries (--no-deps): models are built on the meta
# device, which needs none. Needs Python >= 3.12 and access to PyPI (about 600 MB).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

VENV="${VENV:-.venv-accelerate}"

SCRIPT=accelerate.sh
# shellcheck source=scripts/golden/_venv.sh
source scripts/golden/_venv.sh

"$VENV/bin/python" -m pip install --disable-pip-version-check -q --no-deps \
    -r scripts/golden/requirements-accelerate.txt
"$VENV/bin/python" -m pip install --disable-pip-version-check -q \
    accelerate==1.15.0 transformers==5.24.0 --upgrade-strategy only-if-needed
"$VENV/bin/python" scripts/golden/accelerate_models.py
