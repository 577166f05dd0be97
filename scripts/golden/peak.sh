#!/usr/bin/env bash
# Regenerate tests/data/peak.json: the measured numpy peak memory of every script in
# tests/peak/corpus/ at several sizes (scripts/golden/peak.py; method in its docstring and
# in tests/peak/README.md).
#
#   bash scripts/golden/peak.sh              # venv at ./.venv-golden (relative to the repo root)
#   bash scripts/golden/peak.sh --check      # run everything twice and report unstable cases
#   VENV=/tmp/venv-golden bash scripts/golden/peak.sh
#
# Needs CPython 3.12 (numpy 2.5 requires >= 3.12), access to PyPI, and a C compiler (cc) for
# the runs with numpy's temporary elision switched off; Linux only (LD_PRELOAD, backtrace).
# The Rust tests only read the JSON; they never need Python.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

VENV="${VENV:-.venv-golden}"

SCRIPT=peak.sh
# shellcheck source=scripts/golden/_venv.sh
source scripts/golden/_venv.sh
requirements=scripts/golden/requirements.txt

"$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$requirements"
"$VENV/bin/python" scripts/golden/peak.py "$@"
