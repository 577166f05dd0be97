#!/usr/bin/env bash
# Regenerate the numpy golden data in tests/data/: dtypes.json, shapes.json (golden.py),
# then finfo.json, floatprint.json, floatprint_wide.json, floatprint_ml.json
# (golden_floats.py).
#
#   bash scripts/golden.sh            # venv at ./.venv-golden (relative to the repo root)
#   VENV=/tmp/venv-golden bash scripts/golden.sh
#
# Needs Python >= 3.12 (numpy 2.5 requires it) and access to PyPI.
# The Rust tests only read the JSON; they never need Python.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

VENV="${VENV:-.venv-golden}"

is_py312() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    if command -v python3.12 >/dev/null 2>&1 && is_py312 python3.12; then
        command -v python3.12
        return 0
    fi
    local root=""
    if command -v pyenv >/dev/null 2>&1; then
        root="$(pyenv root 2>/dev/null || true)"
    fi
    root="${root:-${PYENV_ROOT:-$HOME/.pyenv}}"
    local candidate
    # newest 3.12.x first (version sort, descending)
    while IFS= read -r candidate; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && is_py312 "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done < <(ls -d "$root"/versions/3.12*/bin/python 2>/dev/null | sort -V -r)
    return 1
}

if [ -x "$VENV/bin/python" ] && is_py312 "$VENV/bin/python"; then
    echo "golden.sh: reusing venv $VENV" >&2
else
    if ! PY="$(find_python)"; then
        echo "golden.sh: error: need Python >= 3.12 for numpy 2.5 (tried 'python3.12' on PATH" \
             "and \$(pyenv root)/versions/3.12*/bin/python); install one or set VENV to an" \
             "existing Python >= 3.12 venv" >&2
        exit 1
    fi
    echo "golden.sh: creating venv $VENV with $PY" >&2
    "$PY" -m venv "$VENV"
    # keep git from ever picking up the venv, without touching repo files
    echo '*' > "$VENV/.gitignore"
fi

"$VENV/bin/python" -m pip install --disable-pip-version-check -q -r scripts/requirements.txt
"$VENV/bin/python" scripts/golden.py "$@"
"$VENV/bin/python" scripts/golden_floats.py
"$VENV/bin/python" scripts/golden_rounding.py
"$VENV/bin/python" scripts/golden_casting.py
"$VENV/bin/python" scripts/golden_values.py
"$VENV/bin/python" scripts/golden_scan.py
"$VENV/bin/python" scripts/golden_chunks.py
