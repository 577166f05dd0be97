"""What the golden-data generators in this folder share: where the repo is, the provenance they
record (the generating script, package versions) and how they write their JSON.

The generators `import _common`; Python puts a script's own folder first on sys.path, so that
works however a generator starts (golden.sh, by hand from anywhere, as a child process of
itself, or imported by ../fuzz/fuzz_chunks.py).

Nothing here imports ml_dtypes, nor numpy at module level: several generators keep their main
process plain numpy (npmem reproduces plain numpy) and ask a child process for ml_dtypes'
answers (run_self).
"""

import importlib.metadata
import json
import os
import platform
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(REPO, "tests", "data")


# ---------------------------------------------------------------------------
# provenance
# ---------------------------------------------------------------------------


def generator(script):
    """The "generator" recorded in the data: "scripts/NAME.py".

    This is the path the generators had before they moved to scripts/golden/, kept so that
    regenerating gives byte-identical files. To record the real path, return
    os.path.relpath(script, REPO) here and regenerate: one line changes in every file."""
    return "scripts/" + os.path.basename(script)


def versions(*items):
    """{name: version}, in the order of items (files written without sort_keys keep it).

    An item is "python" (the interpreter's version), "platform" ("Linux-x86_64":
    platform.system() and .machine()), an imported module (its __name__ and __version__), or
    any other string: a distribution's name, its installed version read from the package
    metadata, without importing it."""
    out = {}
    for item in items:
        if item == "python":
            out[item] = platform.python_version()
        elif item == "platform":
            out[item] = f"{platform.system()}-{platform.machine()}"
        elif isinstance(item, str):
            out[item] = importlib.metadata.version(item)
        else:
            out[item.__name__] = item.__version__
    return out


def meta_base(script):
    """The provenance at the top of a "meta" block written with sorted keys (golden.py,
    golden_floats.py, golden_rounding.py, golden_values.py, golden_casting.py).

    "platform" here is sys.platform ("linux"), not versions()' "platform". numpy's version is
    the imported module's; ml_dtypes' comes from its metadata, so that a process which must
    stay plain numpy can record it."""
    import numpy as np

    return {
        "machine": platform.machine(),
        "platform": sys.platform,
        **versions("python", np, "ml_dtypes"),
        "generator": generator(script),
    }


# ---------------------------------------------------------------------------
# a child process of the same script
# ---------------------------------------------------------------------------


def run_self(script, flag, query=None):
    """Run `python SCRIPT FLAG` (hash seed 0, UTF-8 I/O), with query as JSON on its stdin when
    given, and return the JSON it prints (see reply). For answers the parent must not compute
    itself, e.g. in a process that has imported ml_dtypes, or one that has not."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    stdin = None if query is None else json.dumps(query, ensure_ascii=False).encode("utf-8")
    child = subprocess.run([sys.executable, os.path.abspath(script), flag], input=stdin,
                           stdout=subprocess.PIPE, env=env, check=True)
    return json.loads(child.stdout.decode("utf-8"))


def reply(obj):
    """The child's side of run_self: obj as one line of JSON on stdout."""
    json.dump(obj, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


# ---------------------------------------------------------------------------
# output
# ---------------------------------------------------------------------------


def dumps(x):
    return json.dumps(x, ensure_ascii=False)


def meta_member(meta):
    """' "meta": {...}': sorted keys, one per line, indented one space deeper than the file's
    top-level members."""
    return ' "meta": ' + json.dumps(meta, indent=1, ensure_ascii=False,
                                    sort_keys=True).replace("\n", "\n ")


def record_lines(records, pad="  ", render=dumps):
    """One line per record, pad + render(record), with a comma after all but the last."""
    return [pad + render(r) + ("," if i + 1 < len(records) else "")
            for i, r in enumerate(records)]


def write_lists(path, head, lists):
    """Write {HEAD, KEY: [record per line], ...}.

    head: the members that come before the lists, each already rendered (e.g.
    [meta_member(meta)]); lists: (KEY, records) pairs, in order."""
    lines = ["{"] + [member + "," for member in head]
    for j, (key, records) in enumerate(lists):
        lines.append(" %s: [" % dumps(key))
        lines += record_lines(records)
        lines.append(" ]" + ("," if j + 1 < len(lists) else ""))
    lines.append("}")
    write_text(path, "\n".join(lines) + "\n")


def write_text(path, text):
    """Write text, which must parse as JSON, to path: UTF-8, "\\n" line ends, through a .tmp
    file renamed into place, so that a failed run leaves the old file whole."""
    json.loads(text)  # sanity: valid JSON
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)
