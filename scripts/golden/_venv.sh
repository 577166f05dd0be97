# Shared by scripts/golden/golden.sh and scripts/golden/fixtures.sh: make (or reuse) the venv
# at $VENV with a Python >= 3.12 (numpy 2.5 needs it). Source it after setting VENV and SCRIPT
# (the caller's name, for messages).

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
    echo "$SCRIPT: reusing venv $VENV" >&2
else
    if ! PY="$(find_python)"; then
        echo "$SCRIPT: error: need Python >= 3.12 for numpy 2.5 (tried 'python3.12' on PATH" \
             "and \$(pyenv root)/versions/3.12*/bin/python); install one or set VENV to an" \
             "existing Python >= 3.12 venv" >&2
        exit 1
    fi
    echo "$SCRIPT: creating venv $VENV with $PY" >&2
    "$PY" -m venv "$VENV"
    # keep git from ever picking up the venv, without touching repo files
    echo '*' > "$VENV/.gitignore"
fi
